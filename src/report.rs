//! Summaries over a catalogue for reporting upward: the proposals of a period by kind, level
//! and status (the figures of a half-year report on administrative procedure reform).

use crate::model::{Date, Manifest, ProposalKind, ProposalStatus};
use crate::proposal_rules::{self, CHAIN};
use crate::store::Catalog;
use serde::Serialize;

/// How many proposals of one kind at one level, and in which status at the end of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalCount {
    pub kind: ProposalKind,
    pub level: String,
    pub total: usize,
    /// Every status of the chain, in order, with its count (zeros included).
    pub by_status: Vec<StatusCount>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StatusCount {
    pub status: ProposalStatus,
    pub count: usize,
}

/// One proposal of the period, as it stood at the end of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedProposal {
    pub id: String,
    pub kind: ProposalKind,
    pub level: String,
    pub code: String,
    pub name: String,
    pub title: String,
    pub drafted_on: Option<Date>,
    pub status: ProposalStatus,
    /// The latest document number recorded by the end of the period.
    pub document: Option<String>,
    /// A four-eyes override was recorded by the end of the period.
    pub forced: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalReport {
    pub from: Date,
    pub to: Date,
    pub total: usize,
    /// By kind (abolish, amend, replace, add), then level in the manifest's order.
    pub counts: Vec<ProposalCount>,
    pub proposals: Vec<ReportedProposal>,
}

/// The proposals drafted between `from` and `to` (inclusive), each in the status it had at the
/// end of `to`.
pub fn proposals(cat: &Catalog, from: Date, to: Date) -> ProposalReport {
    let mut items: Vec<ReportedProposal> = Vec::new();
    for s in &cat.proposals {
        let p = &s.record;
        let Some(drafted) = proposal_rules::drafted_on(p) else {
            continue;
        };
        if drafted < from || drafted > to {
            continue;
        }
        let Some(status) = proposal_rules::status_on(p, to) else {
            continue;
        };
        let (level, code) = match (&p.target, &p.proposed) {
            (Some(t), _) => (t.level.clone(), t.code.clone()),
            (None, Some(n)) => (n.level.to_string(), n.code.to_string()),
            (None, None) => (String::new(), String::new()),
        };
        let name = cat
            .procedure(&level, &code)
            .map(|c| c.record.name.clone())
            .or_else(|| p.proposed.as_ref().map(|n| n.name.clone()))
            .unwrap_or_default();
        let until_end = p.log.iter().filter(|t| t.date.is_none_or(|d| d <= to));
        let (mut document, mut forced) = (None, false);
        for t in until_end {
            if t.document_no.is_some() {
                document = t.document_no.clone();
            }
            forced |= t.forced.is_some();
        }
        items.push(ReportedProposal {
            id: p.id.clone(),
            kind: p.kind,
            level,
            code,
            name: name.to_string(),
            title: p.title.clone(),
            drafted_on: Some(drafted),
            status,
            document,
            forced,
        });
    }
    items.sort_by(|a, b| a.id.cmp(&b.id));
    ProposalReport {
        from,
        to,
        total: items.len(),
        counts: count(&cat.manifest, &items),
        proposals: items,
    }
}

const KINDS: [ProposalKind; 4] = [
    ProposalKind::Abolish,
    ProposalKind::Amend,
    ProposalKind::Replace,
    ProposalKind::Add,
];

fn count(m: &Manifest, items: &[ReportedProposal]) -> Vec<ProposalCount> {
    let mut levels: Vec<String> = m.levels.iter().map(|l| l.id.clone()).collect();
    for i in items {
        if !levels.contains(&i.level) {
            levels.push(i.level.clone());
        }
    }
    let mut out = Vec::new();
    for kind in KINDS {
        for level in &levels {
            let these: Vec<&ReportedProposal> = items
                .iter()
                .filter(|i| i.kind == kind && &i.level == level)
                .collect();
            if these.is_empty() {
                continue;
            }
            out.push(ProposalCount {
                kind,
                level: level.clone(),
                total: these.len(),
                by_status: CHAIN
                    .iter()
                    .map(|&status| StatusCount {
                        status,
                        count: these.iter().filter(|i| i.status == status).count(),
                    })
                    .collect(),
            });
        }
    }
    out
}

/// How many rows of one kind at one level the decisions of a period hold, and how many of them
/// are applied to this catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectCount {
    pub kind: crate::model::EffectKind,
    /// The row's level (for a transfer, the level it leaves).
    pub level: String,
    pub total: usize,
    pub applied: usize,
}

/// One row of a decision, as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedEffect {
    /// Counted from 1, as the appendix numbers its rows.
    pub row: usize,
    pub kind: crate::model::EffectKind,
    pub level: String,
    pub code: String,
    /// Where the procedure is after the row (another level for a transfer, another code for a
    /// replacement under a new code).
    pub level_after: String,
    pub code_after: String,
    pub name: String,
    /// The number of the legal text that causes the change.
    pub legal_text: Option<String>,
    /// The day the row takes effect (its own, its legal text's or the decision's).
    pub effective: Option<Date>,
    /// The day it was applied here (None: not applied).
    pub applied: Option<Date>,
    /// Applied here (a row applied without a recorded day counts too).
    pub is_applied: bool,
}

/// One decision of the period and what it changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedDecision {
    pub id: String,
    pub number: String,
    pub date: Option<Date>,
    pub effective: Option<Date>,
    pub issuer: Option<String>,
    pub title: Option<String>,
    pub rows: usize,
    pub applied: usize,
    pub effects: Vec<ReportedEffect>,
}

/// The province's decisions of a period: counts of their rows by kind × level, and each
/// decision with its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionReport {
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Decisions in the period.
    pub total: usize,
    /// Their rows, and how many are applied here.
    pub rows: usize,
    pub applied: usize,
    /// By kind (new, amended, replaced, abolished, transferred), then level in the manifest's
    /// order; only the pairs that occur.
    pub counts: Vec<EffectCount>,
    /// Oldest first (by date, then id).
    pub decisions: Vec<ReportedDecision>,
}

/// The decisions signed between `from` and `to` (inclusive; either may be open). A decision
/// without a date is in the report only when neither bound is given.
pub fn decisions(cat: &Catalog, from: Option<Date>, to: Option<Date>) -> DecisionReport {
    let mut list: Vec<&crate::model::Decision> = cat
        .decisions
        .iter()
        .map(|s| &s.record)
        .filter(|d| match d.date {
            Some(day) => from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t),
            None => from.is_none() && to.is_none(),
        })
        .collect();
    list.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let decisions: Vec<ReportedDecision> = list
        .iter()
        .map(|d| {
            let effects: Vec<ReportedEffect> = d
                .effects
                .iter()
                .enumerate()
                .map(|(i, e)| ReportedEffect {
                    row: i + 1,
                    kind: e.kind,
                    level: e.level.clone(),
                    code: e.code.clone(),
                    level_after: e.level_after().to_owned(),
                    code_after: e.code_after().to_owned(),
                    name: {
                        let n = e.display_name();
                        if n.is_empty() {
                            cat.procedure(&e.level, &e.code)
                                .map(|s| s.record.name.clone())
                                .unwrap_or_default()
                                .to_string()
                        } else {
                            n.to_owned()
                        }
                    },
                    legal_text: e.legal_text.as_ref().map(|t| t.number.clone()),
                    effective: e.effective_on(d),
                    applied: e.applied.as_ref().and_then(|a| a.date),
                    is_applied: e.applied.is_some(),
                })
                .collect();
            ReportedDecision {
                id: d.id.clone(),
                number: d.number.clone(),
                date: d.date,
                effective: d.effective,
                issuer: d.issuer.clone(),
                title: d.title.clone(),
                rows: effects.len(),
                applied: effects.iter().filter(|e| e.is_applied).count(),
                effects,
            }
        })
        .collect();
    let mut levels: Vec<String> = cat.manifest.levels.iter().map(|l| l.id.clone()).collect();
    let all: Vec<&ReportedEffect> = decisions.iter().flat_map(|d| &d.effects).collect();
    for e in &all {
        if !levels.contains(&e.level) {
            levels.push(e.level.clone());
        }
    }
    let mut counts = Vec::new();
    for kind in crate::model::EffectKind::ALL {
        for level in &levels {
            let these: Vec<&&ReportedEffect> = all
                .iter()
                .filter(|e| e.kind == kind && &e.level == level)
                .collect();
            if these.is_empty() {
                continue;
            }
            counts.push(EffectCount {
                kind,
                level: level.clone(),
                total: these.len(),
                applied: these.iter().filter(|e| e.is_applied).count(),
            });
        }
    }
    DecisionReport {
        from,
        to,
        total: decisions.len(),
        rows: all.len(),
        applied: all.iter().filter(|e| e.is_applied).count(),
        counts,
        decisions,
    }
}

#[cfg(test)]
mod decision_report_tests {
    use super::*;
    use crate::model::{Applied, Decision, Effect, EffectKind, Level};
    use crate::store::Stored;

    fn decision(id: &str, date: Option<Date>, effects: Vec<Effect>) -> Stored<Decision> {
        Stored {
            path: Default::default(),
            record: Decision {
                id: id.into(),
                number: format!("{id}/QĐ-UBND"),
                date,
                effects,
                ..Decision::default()
            },
        }
    }

    fn row(kind: EffectKind, level: &str, applied: bool) -> Effect {
        Effect {
            kind,
            level: level.into(),
            code: "1.000001".into(),
            applied: applied.then(Applied::default),
            ..Effect::default()
        }
    }

    #[test]
    fn the_decisions_of_a_period_counted_by_kind_and_level() {
        let day = |m, d| Some(jiff::civil::date(2022, m, d));
        let mut cat = Catalog::default();
        for (id, name) in [("huyen", "Cấp huyện"), ("xa", "Cấp xã")] {
            cat.manifest.levels.push(Level {
                id: id.into(),
                name: name.into(),
            });
        }
        cat.decisions = vec![
            decision(
                "2022-002",
                day(8, 1),
                vec![
                    row(EffectKind::Abolished, "xa", true),
                    row(EffectKind::Abolished, "xa", false),
                    row(EffectKind::New, "huyen", true),
                ],
            ),
            decision(
                "2022-001",
                day(6, 1),
                vec![row(EffectKind::New, "xa", true)],
            ),
            decision(
                "2022-003",
                day(12, 1),
                vec![row(EffectKind::New, "xa", false)],
            ),
            decision(
                "2022-004",
                None,
                vec![row(EffectKind::Amended, "xa", false)],
            ),
        ];
        let r = decisions(&cat, day(6, 1), day(8, 1));
        let ids: Vec<&str> = r.decisions.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["2022-001", "2022-002"], "in the period, oldest first");
        assert_eq!((r.total, r.rows, r.applied), (2, 4, 3));
        let counts: Vec<(EffectKind, &str, usize, usize)> = r
            .counts
            .iter()
            .map(|c| (c.kind, c.level.as_str(), c.total, c.applied))
            .collect();
        assert_eq!(
            counts,
            [
                (EffectKind::New, "huyen", 1, 1),
                (EffectKind::New, "xa", 1, 1),
                (EffectKind::Abolished, "xa", 2, 1),
            ]
        );
        assert_eq!(r.decisions[1].applied, 2);
        // Open bounds: every decision, the undated one too.
        assert_eq!(decisions(&cat, None, None).total, 4);
        assert_eq!(decisions(&cat, day(8, 2), None).total, 1);
    }
}
