//! From finding to proposal: the abolish / amend / replace proposal a form's conclusion calls
//! for, carrying the form's reasons, its recommendation as the plan, its compliance cost a year,
//! and a link back to the form.

use super::{ReviewError, Reviews, load};
use crate::i18n::Lang;
use crate::i18n::reviews::{component_label, per_mille};
use crate::model::{
    ComplianceCost, ConclusionKind, Procedure, ProposalKind, ProposalStatus, Review, Target,
    TimeUnit,
};
use crate::store::{self, Catalog};
use crate::workspace::WorkspaceError;
use crate::workspace::proposals::{self, DraftRequest, Recorded, Recorder};
use std::path::Path;

/// Draft the proposal the form of `code` (at `level`, or its only level) in `year` calls for:
/// one commit, the proposal's `review` naming the form. Refused for "keep", for a form not yet
/// concluded, and when a proposal (not withdrawn) already came from this form.
pub fn propose(
    root: &Path,
    year: i16,
    level: Option<&str>,
    code: &str,
    rec: &Recorder,
) -> Result<Recorded, ReviewError> {
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let reviews: Reviews = load(root)?;
    let form = &reviews.find(year, level, code)?.record;
    if let Some(p) = cat.proposals.iter().find(|p| {
        p.record.review.as_deref() == Some(form.id().as_str())
            && p.record.status != ProposalStatus::Withdrawn
    }) {
        return Err(ReviewError::AlreadyProposed {
            id: p.record.id.clone(),
        });
    }
    let plan_wage = reviews
        .plan(year)
        .map(|p| p.record.wage_per_hour)
        .unwrap_or_default();
    let req = draft_request(&cat, form, plan_wage)?;
    Ok(proposals::draft(root, req, rec)?)
}

/// The draft request of a form's conclusion (pure: the catalogue is only read).
pub fn draft_request(
    cat: &Catalog,
    form: &Review,
    plan_wage: i64,
) -> Result<DraftRequest, ReviewError> {
    let kind = match form.conclusion.kind {
        Some(ConclusionKind::Abolish) => ProposalKind::Abolish,
        Some(ConclusionKind::Amend) => ProposalKind::Amend,
        Some(ConclusionKind::Replace) => ProposalKind::Replace,
        Some(ConclusionKind::Keep) | None => return Err(ReviewError::NothingToPropose),
    };
    let current =
        cat.procedure(&form.level, &form.code)
            .ok_or_else(|| ReviewError::NoProcedure {
                level: form.level.clone(),
                code: form.code.clone(),
            })?;
    let proposed = match kind {
        ProposalKind::Abolish => None,
        _ => Some(proposed_record(&current.record, form)),
    };
    let figures = form.figures(plan_wage);
    let cost = (form.cost.before.per_case(figures.wage_per_hour) > 0).then_some(ComplianceCost {
        before: figures.per_year_before,
        after: figures.per_year_after,
    });
    Ok(DraftRequest {
        kind,
        target: Some(Target {
            level: form.level.clone(),
            code: form.code.clone(),
        }),
        title: None,
        rationale: Some(rationale(form)),
        plan: Some(plan_text(form)),
        proposed,
        compliance_cost: cost,
        note: Some(format!("Theo phiếu rà soát {}", form.id())),
        date: None,
        review: Some(form.id()),
    })
}

/// The procedure as the form proposes it: documents found unneeded or replaceable by data
/// removed, the proposed time, an online channel where the form found one possible, and for a
/// replacement the new code.
fn proposed_record(current: &Procedure, form: &Review) -> Procedure {
    let mut p = current.clone();
    let drop_at: Vec<&str> = form
        .components
        .iter()
        .filter(|f| {
            f.component == crate::model::Component::Document
                && (f.needed == Some(false) || f.replaceable_by_data == Some(true))
        })
        .map(|f| f.at.as_str())
        .collect();
    for (g, group) in p.dossier.iter_mut().enumerate() {
        let mut i = 0;
        group.documents.retain(|_| {
            let keep = !drop_at.contains(&format!("dossier[{g}].documents[{i}]").as_str());
            i += 1;
            keep
        });
    }
    if let Some(days) = form.time.proposed_days
        && matches!(
            p.processing_time.unit,
            TimeUnit::WorkingDays | TimeUnit::Days
        )
    {
        p.processing_time.value = Some(days);
    }
    let online_possible = form
        .components
        .iter()
        .any(|f| f.online_possible == Some(true));
    if online_possible
        && !p
            .channels
            .iter()
            .any(|c| c.kind == crate::model::ChannelKind::Online)
    {
        p.channels.push(crate::model::Channel {
            kind: crate::model::ChannelKind::Online,
            ..Default::default()
        });
        if p.online_service.mode == crate::model::OnlineMode::None {
            p.online_service.mode = crate::model::OnlineMode::Partial;
        }
    }
    if form.conclusion.kind == Some(ConclusionKind::Replace)
        && let Some(code) = form.conclusion.replaced_by.as_deref()
    {
        p.code = code.trim().into();
    }
    p
}

/// Why: the form's conclusion reasons, its judgements, each finding that calls for a change
/// (the component it points at) and the year's figures.
fn rationale(form: &Review) -> String {
    let lang = Lang::Vi;
    let mut out = Vec::new();
    if let Some(r) = form
        .conclusion
        .reasons
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        out.push(r.trim().to_owned());
    }
    for (label, j) in [
        ("Sự cần thiết", &form.necessity),
        ("Tính hợp pháp", &form.legality),
    ] {
        if let Some(n) = j.note.as_deref().filter(|s| !s.trim().is_empty()) {
            out.push(format!("{label}: {}", n.trim()));
        }
    }
    for f in form.components.iter().filter(|f| f.calls_for_change()) {
        let mut line = format!("{} “{}”", component_label(f.component, lang), f.subject);
        if let Some(c) = f.change.as_deref().filter(|s| !s.trim().is_empty()) {
            line.push_str(&format!(": {}", c.trim()));
        }
        if let Some(r) = f.reason.as_deref().filter(|s| !s.trim().is_empty()) {
            line.push_str(&format!(" ({})", r.trim()));
        }
        out.push(line);
    }
    let d = &form.data;
    if let Some(cases) = d.cases_per_year {
        let mut line = format!("Số liệu năm: {cases} hồ sơ");
        if let Some(pm) = d.per_mille(d.on_time) {
            line.push_str(&format!(", đúng hạn {}", per_mille(pm, lang)));
        }
        if let Some(pm) = d.per_mille(d.online) {
            line.push_str(&format!(", trực tuyến {}", per_mille(pm, lang)));
        }
        out.push(line);
    }
    out.join("\n")
}

/// What to do: the recommendation's text, with the article, the legal text, who acts and by
/// when.
fn plan_text(form: &Review) -> String {
    let r = &form.recommendation;
    let mut out = r.text.clone().unwrap_or_default().trim().to_owned();
    let mut tail = Vec::new();
    match (&r.article, &r.legal_text) {
        (Some(a), Some(t)) => tail.push(format!("{a} {t}")),
        (Some(a), None) => tail.push(a.clone()),
        (None, Some(t)) => tail.push(t.clone()),
        (None, None) => {}
    }
    if let Some(a) = &r.actor {
        tail.push(format!("cơ quan thực hiện: {a}"));
    }
    if let Some(by) = r.by {
        tail.push(format!("thời hạn: {}", crate::present::date_vi(by)));
    }
    if !tail.is_empty() {
        out.push_str(&format!(" ({})", tail.join("; ")));
    }
    out
}
