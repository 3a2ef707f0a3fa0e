//! Proposals as people look at them: one line each for listings (with the flags that must be
//! visible everywhere: a four-eyes override, a target that changed since the draft), and the
//! detail with the redline of what the proposal changes.

use super::{ProposalError, base_record, find};
use crate::diff::{FieldChange, changed_top_fields, field_changes};
use crate::history;
use crate::model::{Date, Procedure, Proposal, ProposalKind, ProposalStatus};
use crate::proposal_rules::{self, CHAIN, ThreeWayField};
use crate::store::{self, Catalog, Stored};
use crate::workspace::WorkspaceError;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A four-eyes override recorded on a step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForcedStep {
    pub status: ProposalStatus,
    pub actor: String,
    pub reason: String,
    pub date: Option<Date>,
}

/// One proposal in a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalSummary {
    pub id: String,
    pub kind: ProposalKind,
    pub status: ProposalStatus,
    pub title: String,
    /// Level and code of the target (or of the new procedure, for `add`).
    pub level: String,
    pub code: String,
    /// The procedure's name (current record, else the proposed one).
    pub name: String,
    pub drafter: Option<String>,
    pub drafted_on: Option<Date>,
    /// The date of the latest step, and the latest document number recorded.
    pub last_date: Option<Date>,
    pub last_document: Option<String>,
    /// Four-eyes overrides: shown flagged wherever the proposal is listed.
    pub forced: Vec<ForcedStep>,
    /// The target changed since the proposal's base (only for open proposals).
    pub stale: bool,
    pub path: PathBuf,
}

impl ProposalSummary {
    fn of(cat: &Catalog, s: &Stored<Proposal>) -> ProposalSummary {
        let p = &s.record;
        let (level, code) = match (&p.target, &p.proposed) {
            (Some(t), _) => (t.level.clone(), t.code.clone()),
            (None, Some(new)) => (new.level.to_string(), new.code.to_string()),
            (None, None) => (String::new(), String::new()),
        };
        let current = cat.procedure(&level, &code);
        let name = current
            .map(|c| c.record.name.clone())
            .or_else(|| p.proposed.as_ref().map(|n| n.name.clone()))
            .unwrap_or_default();
        ProposalSummary {
            id: p.id.clone(),
            kind: p.kind,
            status: p.status,
            title: p.title.clone(),
            name: name.to_string(),
            drafter: proposal_rules::drafter(p).map(str::to_owned),
            drafted_on: proposal_rules::drafted_on(p),
            last_date: proposal_rules::last_date(p),
            last_document: p.log.iter().rev().find_map(|t| t.document_no.clone()),
            forced: proposal_rules::forced_transitions(p)
                .map(|t| ForcedStep {
                    status: t.status,
                    actor: t.actor.clone(),
                    reason: t.forced.clone().unwrap_or_default(),
                    date: t.date,
                })
                .collect(),
            // Only a whole proposed record can collide with later edits; an abolition does not.
            stale: proposal_rules::is_open(p.status)
                && matches!(p.kind, ProposalKind::Amend | ProposalKind::Replace)
                && is_stale(cat, p, current),
            path: s.path.clone(),
            level,
            code,
        }
    }
}

/// Whether the target's file now differs from the proposal's base (a missing file counts).
fn is_stale(cat: &Catalog, p: &Proposal, current: Option<&Stored<Procedure>>) -> bool {
    let Some(base) = &p.base else {
        return false;
    };
    let Some(current) = current else {
        return true;
    };
    match std::fs::read(cat.root.join(&current.path)) {
        Ok(bytes) => history::blob_id_of(&bytes) != base.blob,
        Err(_) => true,
    }
}

/// Every proposal of the catalogue, grouped by status in the order of the chain, then by id.
pub fn summaries(cat: &Catalog) -> Vec<ProposalSummary> {
    let mut out: Vec<ProposalSummary> = cat
        .proposals
        .iter()
        .map(|s| ProposalSummary::of(cat, s))
        .collect();
    out.sort_by(|a, b| {
        let rank = |s: ProposalStatus| CHAIN.iter().position(|c| *c == s);
        rank(a.status)
            .cmp(&rank(b.status))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// What the redline of a change was computed against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    /// The version the proposal was drafted on.
    Base,
    /// The current record (the base is not in the repository any more).
    Current,
}

/// What a proposal does to the catalogue, ready to be drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "shows", rename_all = "snake_case")]
pub enum Redline {
    /// Amend or replace: the changed fields with a word-level redline; unchanged fields folded.
    Changes {
        against: Against,
        changes: Vec<FieldChange>,
        /// Top-level fields the proposal leaves as they are.
        unchanged_fields: usize,
    },
    /// Abolish: the whole record, withdrawn.
    Withdrawn { record: Procedure },
    /// Add: the whole record, new.
    New { record: Procedure },
    /// The target is gone and no base is available: nothing to compare.
    Unavailable,
}

/// A proposal in full: its listing line, its record, its redline, and — when the target changed
/// since the draft — the fields that changed, with base, current and proposed values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalDetail {
    pub summary: ProposalSummary,
    pub proposal: Proposal,
    pub redline: Redline,
    pub changed_since: Vec<ThreeWayField>,
}

/// The detail of proposal `id` of the catalogue at `cat.root` (its base is read from git).
pub fn detail(cat: &Catalog, id: &str) -> Result<ProposalDetail, ProposalError> {
    let stored = find(cat, id)?;
    let p = &stored.record;
    let summary = ProposalSummary::of(cat, stored);
    let current = cat
        .procedure(&summary.level, &summary.code)
        .map(|s| s.record.clone());
    let base = base_record(&cat.root, p);
    let redline = match p.kind {
        ProposalKind::Abolish => match base.clone().or(current.clone()) {
            Some(record) => Redline::Withdrawn { record },
            None => Redline::Unavailable,
        },
        ProposalKind::Add => match &p.proposed {
            Some(record) => Redline::New {
                record: record.clone(),
            },
            None => Redline::Unavailable,
        },
        ProposalKind::Amend | ProposalKind::Replace => {
            let before = match (&base, &current) {
                (Some(b), _) => Some((Against::Base, b)),
                (None, Some(c)) => Some((Against::Current, c)),
                (None, None) => None,
            };
            match (before, &p.proposed) {
                (Some((against, old)), Some(new)) => {
                    let changes = field_changes(old, new);
                    let total = serde_json::to_value(new)
                        .ok()
                        .and_then(|v| v.as_object().map(|m| m.len()))
                        .unwrap_or(0);
                    let unchanged_fields = total.saturating_sub(changed_top_fields(&changes).len());
                    Redline::Changes {
                        against,
                        changes,
                        unchanged_fields,
                    }
                }
                _ => Redline::Unavailable,
            }
        }
    };
    let changed_since = match (&base, &current, &p.proposed) {
        (Some(b), Some(c), Some(new)) if summary.stale => proposal_rules::three_way(b, c, new),
        _ => Vec::new(),
    };
    Ok(ProposalDetail {
        summary,
        proposal: p.clone(),
        redline,
        changed_since,
    })
}

/// Load the catalogue at `root` and give the detail of proposal `id`.
pub fn detail_at(root: &Path, id: &str) -> Result<ProposalDetail, ProposalError> {
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    detail(&cat, id)
}
