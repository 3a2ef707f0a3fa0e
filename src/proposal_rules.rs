//! The rules of a proposal's life, as pure functions over the model: which status may follow
//! which, which steps carry a document, the four-eyes rule, the next free id, the status on a
//! given day, and the field-by-field comparison of base, current and proposed records.
//!
//! The chain (domain §4): draft → submitted → sent_to_province → approved | rejected;
//! approved → (forwarded_to_ministry) → legal_text_amended → published → applied; withdrawn from
//! any open state. Rejected, withdrawn and applied are final.

use crate::diff::{changed_top_fields, field_changes};
use crate::model::{Date, Policy, Procedure, Proposal, ProposalStatus, Transition};
use serde::Serialize;
use serde_json::Value;

/// Every status, in the order of the chain (for grouping and reports).
pub const CHAIN: [ProposalStatus; 10] = [
    ProposalStatus::Draft,
    ProposalStatus::Submitted,
    ProposalStatus::SentToProvince,
    ProposalStatus::Approved,
    ProposalStatus::ForwardedToMinistry,
    ProposalStatus::LegalTextAmended,
    ProposalStatus::Published,
    ProposalStatus::Applied,
    ProposalStatus::Rejected,
    ProposalStatus::Withdrawn,
];

/// The statuses that may follow `from`, in the order they are offered.
pub fn allowed_next(from: ProposalStatus) -> &'static [ProposalStatus] {
    use ProposalStatus::*;
    match from {
        Draft => &[Submitted, Withdrawn],
        Submitted => &[SentToProvince, Withdrawn],
        SentToProvince => &[Approved, Rejected, Withdrawn],
        Approved => &[ForwardedToMinistry, LegalTextAmended, Withdrawn],
        ForwardedToMinistry => &[LegalTextAmended, Withdrawn],
        LegalTextAmended => &[Published, Withdrawn],
        Published => &[Applied, Withdrawn],
        Applied | Rejected | Withdrawn => &[],
    }
}

/// Whether a proposal in this status can still move.
pub fn is_open(status: ProposalStatus) -> bool {
    !allowed_next(status).is_empty()
}

/// Whether the real process has a document for this step, so its number and date are required:
/// the district's report to the province, the province's decision on the plan, the letter to
/// the ministry, the amending legal text and the publication decision.
pub fn requires_document(to: ProposalStatus) -> bool {
    use ProposalStatus::*;
    matches!(
        to,
        SentToProvince | Approved | ForwardedToMinistry | LegalTextAmended | Published
    )
}

/// Steps the person who drafted the proposal may not record (four-eyes).
pub fn is_four_eyes_step(to: ProposalStatus) -> bool {
    matches!(to, ProposalStatus::Approved | ProposalStatus::Applied)
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    IllegalTransition {
        from: ProposalStatus,
        to: ProposalStatus,
        allowed: Vec<ProposalStatus>,
    },
    DocumentRequired {
        to: ProposalStatus,
    },
    DateRequired {
        to: ProposalStatus,
    },
    DateBeforePrevious {
        date: Date,
        previous: Date,
    },
    DateInFuture {
        date: Date,
        today: Date,
    },
    FourEyes {
        drafter: String,
        to: ProposalStatus,
    },
    ForceWithoutReason,
}

/// A requested step, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct StepRequest {
    pub to: ProposalStatus,
    pub document_no: Option<String>,
    pub date: Option<Date>,
    pub note: Option<String>,
    /// `Some(reason)` to override the four-eyes rule.
    pub force: Option<String>,
}

/// Check a step against the chain, the document rules, the dates and the four-eyes rule, and
/// build the transition to record. `today` fills a missing date where no document is required.
/// The override reason is recorded only when the four-eyes rule actually had to be overridden.
pub fn check_step(
    p: &Proposal,
    policy: &Policy,
    actor: &str,
    req: &StepRequest,
    today: Date,
) -> Result<Transition, RuleError> {
    let allowed = allowed_next(p.status);
    if !allowed.contains(&req.to) {
        return Err(RuleError::IllegalTransition {
            from: p.status,
            to: req.to,
            allowed: allowed.to_vec(),
        });
    }
    let document_no = req
        .document_no
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned);
    if requires_document(req.to) {
        if document_no.is_none() {
            return Err(RuleError::DocumentRequired { to: req.to });
        }
        if req.date.is_none() {
            return Err(RuleError::DateRequired { to: req.to });
        }
    }
    let date = req.date.unwrap_or(today);
    if date > today {
        return Err(RuleError::DateInFuture { date, today });
    }
    if let Some(previous) = last_date(p)
        && date < previous
    {
        return Err(RuleError::DateBeforePrevious { date, previous });
    }
    let force = match &req.force {
        Some(reason) if reason.trim().is_empty() => return Err(RuleError::ForceWithoutReason),
        Some(reason) => Some(reason.trim().to_owned()),
        None => None,
    };
    let mut forced = None;
    if policy.four_eyes
        && is_four_eyes_step(req.to)
        && let Some(drafter) = drafter(p)
        && same_person(drafter, actor)
    {
        match force {
            Some(reason) => forced = Some(reason),
            None => {
                return Err(RuleError::FourEyes {
                    drafter: drafter.to_owned(),
                    to: req.to,
                });
            }
        }
    }
    Ok(Transition {
        recorded_on: (date < today).then_some(today),
        status: req.to,
        date: Some(date),
        document_no,
        actor: actor.to_owned(),
        note: req
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned),
        forced,
    })
}

pub use crate::diagnostic::LogProblem;

/// Every problem of `p`'s log, with the position of the step it is about (`None`: the
/// proposal's `status`). An empty log is not checked (a proposal carried over from paper).
pub fn check_log(p: &Proposal, policy: &Policy) -> Vec<(Option<usize>, LogProblem)> {
    let mut out = Vec::new();
    let Some(first) = p.log.first() else {
        return out;
    };
    if first.status != ProposalStatus::Draft {
        out.push((
            Some(0),
            LogProblem::FirstNotDraft {
                found: first.status,
            },
        ));
    }
    let drafter = drafter(p);
    let mut previous_date: Option<Date> = None;
    for (i, t) in p.log.iter().enumerate() {
        if i > 0 {
            let from = p.log[i - 1].status;
            if !allowed_next(from).contains(&t.status) {
                out.push((Some(i), LogProblem::IllegalStep { from, to: t.status }));
            }
        }
        if let (Some(date), Some(previous)) = (t.date, previous_date)
            && date < previous
        {
            out.push((Some(i), LogProblem::DateBackwards { date, previous }));
        }
        previous_date = t.date.or(previous_date);
        let has_document = t
            .document_no
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty());
        if requires_document(t.status) && (!has_document || t.date.is_none()) {
            out.push((Some(i), LogProblem::MissingDocument { to: t.status }));
        }
        if policy.four_eyes
            && is_four_eyes_step(t.status)
            && t.forced.as_deref().is_none_or(|r| r.trim().is_empty())
            && drafter.is_some_and(|d| same_person(d, &t.actor))
        {
            out.push((
                Some(i),
                LogProblem::FourEyes {
                    actor: t.actor.clone(),
                    to: t.status,
                },
            ));
        }
    }
    let last = p.log[p.log.len() - 1].status;
    if last != p.status {
        out.push((
            None,
            LogProblem::StatusMismatch {
                status: p.status,
                last,
            },
        ));
    }
    out
}

/// Who drafted the proposal: the actor of its `draft` transition.
pub fn drafter(p: &Proposal) -> Option<&str> {
    p.log
        .iter()
        .find(|t| t.status == ProposalStatus::Draft)
        .map(|t| t.actor.as_str())
}

/// The day the proposal was drafted (its first transition).
pub fn drafted_on(p: &Proposal) -> Option<Date> {
    p.log
        .iter()
        .find(|t| t.status == ProposalStatus::Draft)
        .or(p.log.first())
        .and_then(|t| t.date)
}

/// The date of the latest transition.
pub fn last_date(p: &Proposal) -> Option<Date> {
    p.log.iter().filter_map(|t| t.date).max()
}

/// The latest transition into `status`, if any.
pub fn transition_to(p: &Proposal, status: ProposalStatus) -> Option<&Transition> {
    p.log.iter().rev().find(|t| t.status == status)
}

/// The transitions recorded with a four-eyes override.
pub fn forced_transitions(p: &Proposal) -> impl Iterator<Item = &Transition> {
    p.log.iter().filter(|t| t.forced.is_some())
}

/// Two "Name <email>" identities are the same person when their emails match (ignoring case);
/// without emails, when the whole strings match.
pub fn same_person(a: &str, b: &str) -> bool {
    match (email_of(a), email_of(b)) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => a.trim() == b.trim(),
    }
}

fn email_of(identity: &str) -> Option<&str> {
    let start = identity.rfind('<')?;
    let end = identity[start..].find('>')? + start;
    Some(identity[start + 1..end].trim()).filter(|e| !e.is_empty())
}

/// The status the proposal had at the end of `day`, or `None` when it was drafted later.
pub fn status_on(p: &Proposal, day: Date) -> Option<ProposalStatus> {
    let mut status = None;
    for t in &p.log {
        match t.date {
            Some(d) if d <= day => status = Some(t.status),
            Some(_) => {}
            // An undated step counts as having happened with the one before it.
            None if status.is_some() => status = Some(t.status),
            None => {}
        }
    }
    status
}

/// The next free id of `year`: one more than the highest number used that year (`2022-013`).
pub fn next_id<'a>(existing: impl IntoIterator<Item = &'a str>, year: i16) -> String {
    let prefix = format!("{year:04}-");
    let highest = existing
        .into_iter()
        .filter_map(|id| id.strip_prefix(&prefix))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:03}", highest + 1)
}

/// One top-level field of a target that changed since the proposal's base, with its three
/// versions as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThreeWayField {
    /// Top-level key, e.g. `processing_time`.
    pub field: String,
    pub base: Option<String>,
    pub current: Option<String>,
    pub proposed: Option<String>,
    /// The proposal changes this field too, differently from the change made since.
    pub conflict: bool,
}

/// Compare base, current and proposed field by field (top-level fields, found with
/// [`field_changes`]): every field changed since the base, and whether the proposal touches it.
pub fn three_way(
    base: &Procedure,
    current: &Procedure,
    proposed: &Procedure,
) -> Vec<ThreeWayField> {
    let (b, c, p) = (as_map(base), as_map(current), as_map(proposed));
    changed_top_fields(&field_changes(base, current))
        .into_iter()
        .map(|field| {
            let (bv, cv, pv) = (b.get(&field), c.get(&field), p.get(&field));
            ThreeWayField {
                conflict: pv != bv && pv != cv,
                base: bv.map(text_of),
                current: cv.map(text_of),
                proposed: pv.map(text_of),
                field,
            }
        })
        .collect()
}

/// Carry a proposal over to the current version of its target: the fields the proposal changed
/// take the proposed value, every other field the current one. `None` when a field changed
/// since the base is also changed by the proposal, differently (a real conflict).
pub fn rebase(base: &Procedure, current: &Procedure, proposed: &Procedure) -> Option<Procedure> {
    let (merged, conflicts) =
        crate::merge::merge_fields(&as_map(base), &as_map(proposed), &as_map(current));
    if !conflicts.is_empty() {
        return None;
    }
    serde_json::from_value(Value::Object(merged)).ok()
}

fn as_map(p: &Procedure) -> serde_json::Map<String, Value> {
    match serde_json::to_value(p) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// A field's value as one line of text, for people.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(" · "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", text_of(v)))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ProcessingTime, TimeUnit};

    #[test]
    fn next_id_counts_per_year() {
        assert_eq!(next_id([], 2022), "2022-001");
        assert_eq!(
            next_id(["2022-001", "2022-009", "2021-050", "2022-x"], 2022),
            "2022-010"
        );
        assert_eq!(next_id(["2021-050"], 2022), "2022-001");
        assert_eq!(next_id(["2022-999"], 2022), "2022-1000");
    }

    #[test]
    fn identities_compare_by_email() {
        assert!(same_person("A <a@x.vn>", "Á B <A@X.vn>"));
        assert!(!same_person("A <a@x.vn>", "A <b@x.vn>"));
        assert!(same_person("A", " A "));
    }

    #[test]
    fn rebase_takes_both_sides_unless_they_collide() {
        let base = Procedure {
            name: "Tên".into(),
            processing_time: ProcessingTime {
                value: Some(3),
                unit: TimeUnit::WorkingDays,
                note: None,
            },
            ..Default::default()
        };
        let mut current = base.clone();
        current.notes = Some("ghi chú mới".into());
        let mut proposed = base.clone();
        proposed.processing_time.value = Some(2);
        let merged = rebase(&base, &current, &proposed).unwrap();
        assert_eq!(merged.processing_time.value, Some(2));
        assert_eq!(merged.notes.as_deref(), Some("ghi chú mới"));
        let fields = three_way(&base, &current, &proposed);
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].field, "notes");
        assert!(!fields[0].conflict);

        current.processing_time.value = Some(5);
        assert!(rebase(&base, &current, &proposed).is_none());
        let fields = three_way(&base, &current, &proposed);
        let time = fields
            .iter()
            .find(|f| f.field == "processing_time")
            .unwrap();
        assert!(time.conflict);
        assert_eq!(time.base.as_deref(), Some("unit: working_days; value: 3"));
        assert_eq!(
            time.current.as_deref(),
            Some("unit: working_days; value: 5")
        );
        assert_eq!(
            time.proposed.as_deref(),
            Some("unit: working_days; value: 2")
        );

        // The same change made on both sides is no conflict.
        current.processing_time.value = Some(2);
        assert!(rebase(&base, &current, &proposed).is_some());
    }
}
