//! Applying a published proposal to the catalogue, in one commit with its own status change.
//!
//! - abolish: the record stays, with status abolished, the publication decision (kind abolished)
//!   and `effective_until`;
//! - amend: the proposed record, status amended, the decision (kind amended);
//! - replace, same code: the proposed record, status published, the decision (kind replaced);
//! - replace, new code: the new record is created (`replaces` the old code) and the old one is
//!   kept as abolished (`replaced_by` the new code, `effective_until`);
//! - add: the proposed record is created, status published, the decision (kind new).
//!
//! Amend and same-code replace write a whole record, so they stop when the target changed since
//! the proposal's base and return a three-way comparison; `rebase` carries the proposal over
//! when the fields changed since are not fields the proposal changes. Abolish and new-code
//! replace only set decision fields on the current record, so later edits do not block them.

use super::{
    ProposalError, Recorded, Recorder, StaleTarget, base_record, find, put_proposal, step_message,
};
use crate::diagnostic::Diagnostic;
use crate::history;
use crate::model::{
    Date, Procedure, ProcedureStatus, Proposal, ProposalBase, ProposalKind, ProposalStatus,
    PublicationKind, PublicationRef, Target,
};
use crate::proposal_rules::{self, RuleError, StepRequest};
use crate::store::{self, Catalog};
use crate::validate;
use crate::workspace::{Transaction, WorkspaceError};
use std::path::{Path, PathBuf};

/// How to apply.
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// Override the four-eyes rule, with this reason (recorded and flagged).
    pub force: Option<String>,
    /// When the target changed since the base in fields the proposal does not change, carry the
    /// proposal over to the current record instead of stopping.
    pub rebase: bool,
    /// The day the change takes legal effect (default: the publication decision's date).
    pub effective: Option<Date>,
    /// The date of the `applied` step (default: the recorder's today).
    pub date: Option<Date>,
}

/// Apply proposal `id` (which must be published) to the catalogue: one commit with the changed
/// procedure files and the proposal's move to `applied`.
pub fn apply(
    root: &Path,
    id: &str,
    opts: &ApplyOptions,
    rec: &Recorder,
) -> Result<Recorded, ProposalError> {
    // The lock first, then the read: what is changed is what was read.
    let mut tx = Transaction::begin(root)?;
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let stored = find(&cat, id)?;
    let actor = rec.actor(&tx)?;
    let mut proposal = stored.record.clone();
    let transition = proposal_rules::check_step(
        &proposal,
        &cat.manifest.policy,
        &actor,
        &StepRequest {
            to: ProposalStatus::Applied,
            date: opts.date,
            force: opts.force.clone(),
            ..StepRequest::default()
        },
        rec.today,
    )?;
    let published = proposal_rules::transition_to(&proposal, ProposalStatus::Published)
        .filter(|t| t.document_no.is_some() && t.date.is_some())
        .ok_or(RuleError::DocumentRequired {
            to: ProposalStatus::Published,
        })?;
    let decision = published.document_no.clone().unwrap_or_default();
    let decided = published.date;
    let effective = opts.effective.or(decided);
    let reference = |kind| {
        Some(PublicationRef {
            decision: decision.as_str().into(),
            date: decided,
            kind,
        })
    };

    let mut writes: Vec<(PathBuf, Option<Vec<u8>>, Procedure)> = Vec::new();
    match proposal.kind {
        ProposalKind::Abolish => {
            let (rel, bytes, mut record) = read_target(&cat, &mut tx, &proposal)?;
            not_abolished(&record)?;
            record.status = ProcedureStatus::Abolished;
            record.publication = reference(PublicationKind::Abolished);
            record.effective_until = effective;
            writes.push((rel, Some(bytes), record));
        }
        ProposalKind::Amend | ProposalKind::Replace => {
            let (rel, bytes, current) = read_target(&cat, &mut tx, &proposal)?;
            not_abolished(&current)?;
            let mut new = proposal
                .proposed
                .clone()
                .ok_or(ProposalError::ProposedRequired)?;
            let same_code = new.code == current.code;
            if same_code {
                let blob = history::blob_id_of(&bytes);
                if proposal.base.as_ref().is_none_or(|b| b.blob != blob) {
                    new = carry_over(root, &proposal, &current, new, opts.rebase)?;
                    proposal.proposed = Some(new.clone());
                    proposal.base = Some(ProposalBase {
                        commit: tx.base_head().unwrap_or_default().to_owned(),
                        blob,
                    });
                }
            }
            // The new version is in force from the date the decision says.
            if let Some(d) = opts.effective {
                new.effective_from = Some(d);
            }
            if proposal.kind == ProposalKind::Amend {
                new.status = ProcedureStatus::Amended;
                new.publication = reference(PublicationKind::Amended);
                writes.push((rel, Some(bytes), new));
            } else if same_code {
                new.status = ProcedureStatus::Published;
                new.publication = reference(PublicationKind::Replaced);
                writes.push((rel, Some(bytes), new));
            } else {
                let new_rel = store::procedure_path(cat.manifest.layout, &new.level, &new.code);
                let existing = tx.read(&new_rel)?;
                if existing.is_some() || cat.procedure(&new.level, &new.code).is_some() {
                    return Err(ProposalError::TargetExists {
                        level: new.level.to_string(),
                        code: new.code.to_string(),
                    });
                }
                let mut old = current;
                old.replace_by(&mut new, reference(PublicationKind::Replaced), effective);
                writes.push((rel, Some(bytes), old));
                writes.push((new_rel, None, new));
            }
        }
        ProposalKind::Add => {
            let mut new = proposal
                .proposed
                .clone()
                .ok_or(ProposalError::ProposedRequired)?;
            let rel = store::procedure_path(cat.manifest.layout, &new.level, &new.code);
            if tx.read(&rel)?.is_some() || cat.procedure(&new.level, &new.code).is_some() {
                return Err(ProposalError::TargetExists {
                    level: new.level.to_string(),
                    code: new.code.to_string(),
                });
            }
            new.status = ProcedureStatus::Published;
            new.publication = reference(PublicationKind::New);
            new.effective_from = new.effective_from.or(effective);
            writes.push((rel, None, new));
        }
    }

    let message = step_message(&cat.manifest, &proposal, &transition, rec.lang);
    let forced = transition.forced.is_some();
    for (rel, base, record) in writes {
        let text = store::canonical_text(&rel, &record).map_err(WorkspaceError::from)?;
        let problems: Vec<Diagnostic> =
            validate::validate_procedure_text(&cat, &rel, &record, &text)
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
        if !problems.is_empty() {
            return Err(ProposalError::Invalid(problems));
        }
        tx.write(&rel, base, text.into_bytes());
    }
    proposal.status = ProposalStatus::Applied;
    proposal.log.push(transition);
    put_proposal(&cat, &mut tx, &store::proposal_path(id), &proposal)?;
    let commit = tx.commit_as(&message, rec.author.as_ref())?;
    Ok(Recorded {
        id: id.to_owned(),
        status: ProposalStatus::Applied,
        commit,
        message,
        forced,
    })
}

/// The target's file as the transaction reads it: path, bytes, record.
fn read_target(
    cat: &Catalog,
    tx: &mut Transaction,
    p: &Proposal,
) -> Result<(PathBuf, Vec<u8>, Procedure), ProposalError> {
    let t: &Target = p.target.as_ref().ok_or(ProposalError::TargetRequired)?;
    let not_found = || ProposalError::TargetNotFound {
        level: t.level.clone(),
        code: t.code.clone(),
    };
    let rel = cat
        .procedure(&t.level, &t.code)
        .map(|s| s.path.clone())
        .ok_or_else(not_found)?;
    let bytes = tx.read(&rel)?.ok_or_else(not_found)?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| not_found())?;
    let record: Procedure = store::parse_text(&rel, &text)
        .map_err(|_| ProposalError::Unparsed { path: rel.clone() })?;
    Ok((rel, bytes, record))
}

fn not_abolished(p: &Procedure) -> Result<(), ProposalError> {
    if p.status == ProcedureStatus::Abolished {
        return Err(ProposalError::TargetAbolished {
            level: p.level.to_string(),
            code: p.code.to_string(),
        });
    }
    Ok(())
}

/// The target changed since the base: rebase the proposed record when asked and possible,
/// otherwise stop with the three-way comparison.
fn carry_over(
    root: &Path,
    p: &Proposal,
    current: &Procedure,
    proposed: Procedure,
    rebase: bool,
) -> Result<Procedure, ProposalError> {
    let target = p.target.clone().unwrap_or_default();
    let Some(base) = base_record(root, p) else {
        return Err(ProposalError::Stale(Box::new(StaleTarget {
            id: p.id.clone(),
            target,
            base_available: false,
            fields: Vec::new(),
            can_rebase: false,
        })));
    };
    let merged = proposal_rules::rebase(&base, current, &proposed);
    match merged {
        Some(merged) if rebase => Ok(merged),
        _ => Err(ProposalError::Stale(Box::new(StaleTarget {
            id: p.id.clone(),
            target,
            base_available: true,
            fields: proposal_rules::three_way(&base, current, &proposed),
            can_rebase: merged.is_some(),
        }))),
    }
}
