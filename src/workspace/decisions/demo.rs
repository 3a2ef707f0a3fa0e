//! The demo's provincial decisions (Quyết định công bố of Hà Nam's People's Committee) that its
//! procedures and proposals cite, recorded as decisions beside its local proposals:
//!
//! - 1108/QĐ-UBND (28/6/2021), 2680/QĐ-UBND (20/12/2021) and 2791/QĐ-UBND (30/12/2021): the
//!   catalogue of 2021, every row already applied (on the day the office took it in);
//! - 1252/QĐ-UBND (10/6/2022) and 1390/QĐ-UBND (24/6/2022): the decisions that answered the
//!   half-year's proposals. A row whose proposal was applied is marked applied with it; the
//!   others are left to apply — from the TUI's Quyết định tab or `tthc decision apply`, which
//!   moves their proposals to `applied` too.

use super::{DecisionError, put_decision};
use crate::history::Author;
use crate::model::{
    Applied, Date, Decision, DecisionScope, Effect, EffectKind, LegalText, ProcedureStatus,
    ProposalKind, ProposalStatus,
};
use crate::proposal_rules::transition_to;
use crate::store::{self, Catalog};
use crate::workspace::{Transaction, WorkspaceError};
use std::path::Path;

const ISSUER: &str = "UBND tỉnh Hà Nam";
const VAN_PHONG: (&str, &str) = ("Trần Văn Hùng", "hung.vanphong@duytien.example");
const TU_PHAP: (&str, &str) = ("Nguyễn Thị Lan", "lan.tuphap@duytien.example");

fn date(y: i16, m: i8, d: i8) -> Date {
    jiff::civil::date(y, m, d)
}

fn who(p: (&str, &str)) -> String {
    format!("{} <{}>", p.0, p.1)
}

/// A moment of `day` in Vietnam's time zone (UTC+7).
fn at(person: (&str, &str), day: Date, hour: i8) -> Author {
    let offset = jiff::tz::Offset::constant(7);
    let time = offset
        .to_timestamp(day.at(hour, 0, 0, 0))
        .map(|t| t.as_second())
        .unwrap_or_default();
    Author {
        name: person.0.into(),
        email: person.1.into(),
        time,
        offset_minutes: 7 * 60,
    }
}

/// Record the demo's decisions in the demo built at `dir`; one commit each. Returns the number
/// of commits made.
pub fn add_demo_decisions(dir: &Path) -> Result<usize, DecisionError> {
    let cat = store::load(dir).map_err(WorkspaceError::from)?;
    let decisions = [
        of_2021(
            &cat,
            ("2021-001", "1108/QĐ-UBND", date(2021, 6, 28)),
            "Về việc công bố danh mục thủ tục hành chính lĩnh vực thành lập và hoạt động của hộ kinh doanh thuộc thẩm quyền giải quyết của UBND cấp huyện",
            (date(2021, 6, 30), VAN_PHONG),
        ),
        of_2021(
            &cat,
            ("2021-002", "2680/QĐ-UBND", date(2021, 12, 20)),
            "Về việc công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của UBND cấp huyện, UBND cấp xã trên địa bàn tỉnh Hà Nam",
            (date(2021, 12, 22), VAN_PHONG),
        ),
        of_2021(
            &cat,
            ("2021-003", "2791/QĐ-UBND", date(2021, 12, 30)),
            "Về việc công bố danh mục thủ tục hành chính được sửa đổi, bổ sung thuộc thẩm quyền giải quyết của UBND cấp xã",
            (date(2022, 1, 10), TU_PHAP),
        ),
        of_2022(
            &cat,
            ("2022-001", "1252/QĐ-UBND", date(2022, 6, 10)),
            "Về việc công bố thủ tục hành chính bị bãi bỏ lĩnh vực hộ tịch thuộc thẩm quyền giải quyết của UBND cấp xã",
        ),
        of_2022(
            &cat,
            ("2022-002", "1390/QĐ-UBND", date(2022, 6, 24)),
            "Về việc công bố thủ tục hành chính lĩnh vực thành lập và hoạt động của hộ kinh doanh được sửa đổi, bổ sung thuộc thẩm quyền giải quyết của UBND cấp huyện",
        ),
    ];
    let mut made = 0;
    for d in decisions.into_iter().filter(|d| !d.effects.is_empty()) {
        let mut tx = Transaction::begin(dir)?;
        let cat = store::load(dir).map_err(WorkspaceError::from)?;
        put_decision(&cat, &mut tx, &d)?;
        let applied = d.effects.iter().filter(|e| e.applied.is_some()).count();
        let message = format!(
            "Ghi nhận Quyết định {} ngày {} của {ISSUER}: {} dòng, {applied} dòng đã áp dụng",
            d.number,
            d.date.map(crate::present::date_vi).unwrap_or_default(),
            d.effects.len()
        );
        // Entered when the office took up tthc for decisions, the day after the last step.
        tx.commit_as(
            &message,
            Some(&at(TU_PHAP, date(2022, 6, 30), 9 + made as i8)),
        )?;
        made += 1;
    }
    Ok(made)
}

/// A 2021 decision: the procedures whose record cites it, every row applied on `applied_on`.
fn of_2021(
    cat: &Catalog,
    (id, number, signed): (&str, &str, Date),
    title: &str,
    (applied_on, by): (Date, (&str, &str)),
) -> Decision {
    let amending = number == "2791/QĐ-UBND";
    let effects = cat
        .procedures
        .iter()
        .map(|s| &s.record)
        .filter(|p| {
            let cites = p
                .publication
                .as_ref()
                .is_some_and(|r| r.decision.trim() == number);
            // The four amended in January were first published by 2680 (see the demo's story).
            cites || (number == "2680/QĐ-UBND" && p.status == ProcedureStatus::Amended)
        })
        .map(|p| Effect {
            kind: if amending {
                EffectKind::Amended
            } else {
                EffectKind::New
            },
            level: p.level.to_string(),
            code: p.code.to_string(),
            name: Some(p.name.to_string()),
            legal_text: basis(p),
            record: Some(p.clone()),
            applied: Some(Applied {
                date: Some(applied_on),
                by: who(by),
                proposals: Vec::new(),
            }),
            ..Effect::default()
        })
        .collect::<Vec<_>>();
    Decision {
        id: id.into(),
        number: number.into(),
        date: Some(signed),
        title: Some(title.into()),
        issuer: Some(ISSUER.into()),
        effective: (number == "2680/QĐ-UBND").then(|| date(2022, 1, 1)),
        scope: scope(&effects),
        effects,
        ..Decision::default()
    }
}

/// A 2022 decision: one row per proposal it published, with the amending legal text the
/// proposal recorded; a row whose proposal was applied is marked applied with it.
fn of_2022(cat: &Catalog, (id, number, signed): (&str, &str, Date), title: &str) -> Decision {
    let mut effects = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for s in &cat.proposals {
        let p = &s.record;
        let published = transition_to(p, ProposalStatus::Published)
            .and_then(|t| t.document_no.as_deref())
            .is_some_and(|n| n.trim() == number);
        if !published || ids.contains(&p.id.as_str()) {
            continue;
        }
        ids.push(&p.id);
        let (level, code) = match (&p.target, &p.proposed) {
            (Some(t), _) => (t.level.clone(), t.code.clone()),
            (None, Some(r)) => (r.level.to_string(), r.code.to_string()),
            (None, None) => continue,
        };
        let kind = match p.kind {
            ProposalKind::Add => EffectKind::New,
            ProposalKind::Amend => EffectKind::Amended,
            ProposalKind::Replace => EffectKind::Replaced,
            ProposalKind::Abolish => EffectKind::Abolished,
        };
        let legal_text = transition_to(p, ProposalStatus::LegalTextAmended).and_then(|t| {
            Some(LegalText {
                number: t.document_no.clone()?,
                date: t.date,
                ..LegalText::default()
            })
        });
        let applied = transition_to(p, ProposalStatus::Applied).map(|t| Applied {
            date: t.date,
            by: t.actor.clone(),
            proposals: vec![p.id.clone()],
        });
        let legal_text =
            legal_text.or_else(|| cat.procedure(&level, &code).and_then(|s| basis(&s.record)));
        // An applied row's record is the procedure as it now is; one still to apply carries
        // the record the proposal asked for.
        let record = match &applied {
            Some(_) => cat.procedure(&level, &code).map(|s| s.record.clone()),
            None => p.proposed.clone().map(|mut r| {
                // Drafted before a later review: the review date stays the newer one.
                if let Some(now) = cat.procedure(&level, &code) {
                    r.reviewed_on = r.reviewed_on.max(now.record.reviewed_on);
                }
                r
            }),
        };
        effects.push(Effect {
            kind,
            name: cat
                .procedure(&level, &code)
                .map(|s| s.record.name.clone())
                .map(String::from),
            level,
            code,
            legal_text,
            record: record.filter(|_| kind != EffectKind::Abolished),
            applied,
            ..Effect::default()
        });
    }
    Decision {
        id: id.into(),
        number: number.into(),
        date: Some(signed),
        title: Some(title.into()),
        issuer: Some(ISSUER.into()),
        scope: scope(&effects),
        effects,
        ..Decision::default()
    }
}

/// The levels and fields a decision's rows cover.
fn scope(effects: &[Effect]) -> DecisionScope {
    let mut s = DecisionScope::default();
    for e in effects {
        if !s.levels.contains(&e.level) {
            s.levels.push(e.level.clone());
        }
        if let Some(f) = e.record.as_ref().map(|r| r.field.to_string())
            && !f.is_empty()
            && !s.fields.contains(&f)
        {
            s.fields.push(f);
        }
    }
    s
}

/// The legal text a row of the demo names when its story records none: the newest of the
/// procedure's legal basis.
fn basis(p: &crate::model::Procedure) -> Option<LegalText> {
    p.legal_list()
        .iter()
        .max_by_key(|l| l.date)
        .map(|l| LegalText {
            number: l.number.to_string(),
            title: Some(l.title.clone())
                .filter(|t| !t.is_empty())
                .map(String::from),
            date: l.date,
            ..LegalText::default()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::decisions::{self, ApplyOptions, RowState};
    use crate::workspace::proposals::Recorder;

    #[test]
    fn the_demo_records_its_decisions_and_one_applies_from_the_top() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("demo");
        crate::workspace::build_demo(&root).unwrap();
        assert_eq!(add_demo_decisions(&root).unwrap(), 5);
        let cat = store::load(&root).unwrap();
        let numbers: Vec<String> = decisions::summaries(&cat)
            .into_iter()
            .map(|s| s.number)
            .collect();
        assert_eq!(
            numbers,
            [
                "1390/QĐ-UBND",
                "1252/QĐ-UBND",
                "2791/QĐ-UBND",
                "2680/QĐ-UBND",
                "1108/QĐ-UBND"
            ]
        );
        let today = date(2022, 7, 1);
        let d = decisions::detail(
            &cat,
            "2022-001",
            "Trần Văn Hùng <hung.vanphong@duytien.example>",
            today,
            crate::i18n::Lang::Vi,
        )
        .unwrap();
        let states: Vec<&str> = d
            .rows
            .iter()
            .map(|r| match r.state {
                RowState::Applied { .. } => "applied",
                RowState::Ready => "ready",
                _ => "other",
            })
            .collect();
        assert_eq!(states, ["applied", "ready"]);
        // Applying the rest moves the proposal it answers to applied, in one commit.
        let rec = Recorder {
            today,
            lang: crate::i18n::Lang::Vi,
            author: Some(at(VAN_PHONG, today, 10)),
        };
        let done = decisions::apply(&root, "2022-001", &ApplyOptions::default(), &rec).unwrap();
        assert!(done.commit.is_some());
        let cat = store::load(&root).unwrap();
        let moved = d.rows[1].proposals[0].id.clone();
        let p = cat.proposals.iter().find(|p| p.record.id == moved).unwrap();
        assert_eq!(p.record.status, ProposalStatus::Applied);
        // The 2021 decisions are all applied already: nothing left, nothing changes.
        let again = decisions::apply(&root, "2021-002", &ApplyOptions::default(), &rec).unwrap();
        assert!(again.nothing_left() && again.commit.is_none());
    }
}
