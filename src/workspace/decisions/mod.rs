//! The province's publication decisions as use cases: record one (`decisions/<year>/<id>.yaml`),
//! look at them, and apply one to the catalogue in one commit — the procedures it creates,
//! rewrites, abolishes and transfers, the rows it marks applied, and the local proposals it
//! answers, moved to `applied` with it.
//!
//! What each kind of row does is in [`plan`]; the record is [`crate::model::Decision`].

mod apply;
mod demo;
mod error;
mod plan;
mod view;

pub use crate::diagnostic::DecisionProblem;
pub use crate::i18n::effect_kind_label;
pub use apply::{ApplyOptions, ApplyOutcome, apply};
pub use demo::add_demo_decisions;
pub use error::DecisionError;
pub use plan::{Applier, Blocker, ProposalMove, Refusal, RowPlan, RowState, RowWrite};
pub use view::{DecisionDetail, DecisionSummary, detail, summaries};

use super::proposals::Recorder;
use super::{Transaction, WorkspaceError};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::{Decision, EffectBase, EffectKind};
use crate::store::{self, Catalog, Stored};
use crate::validate;
use std::path::Path;

/// A decision that was recorded.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Added {
    pub id: String,
    pub commit: String,
    pub message: String,
    /// Rows at a level this catalogue does not hold (counted from 1): recorded, not applicable.
    pub elsewhere: Vec<usize>,
}

/// The decision `id` of a loaded catalogue.
pub fn find<'a>(cat: &'a Catalog, id: &str) -> Result<&'a Stored<Decision>, DecisionError> {
    if let Some(d) = cat.decisions.iter().find(|d| d.record.id == id) {
        return Ok(d);
    }
    let path = store::decision_path(id);
    if cat.unparsed.contains(&path) {
        return Err(DecisionError::Unparsed { path });
    }
    Err(DecisionError::NotFound { id: id.to_owned() })
}

/// "Name <email>" of whoever records.
fn actor(rec: &Recorder, tx: &Transaction) -> Result<String, DecisionError> {
    Ok(match &rec.author {
        Some(a) => format!("{} <{}>", a.name, a.email),
        None => tx.repo().0.identity().map_err(WorkspaceError::from)?,
    })
}

/// The decision as given (from a file and the command line), made whole for recording: each
/// row's level and code taken from its record where the row leaves them out, and what the
/// record says about this catalogue (`base`, `applied`) left out, to be set here.
pub fn normalise(mut d: Decision) -> Decision {
    for e in &mut d.effects {
        if let Some(r) = &e.record
            && e.kind != EffectKind::Transferred
        {
            if e.level.trim().is_empty() {
                e.level = r.level.to_string();
            }
            if e.code.trim().is_empty() {
                e.code = r.code.to_string();
            }
        }
        e.base = None;
        e.applied = None;
    }
    d
}

/// The problems of a decision about to be recorded (errors and warnings), pointed into the
/// record (`effects[1].record.fees[0].amount`).
pub fn check(cat: &Catalog, d: &Decision) -> Vec<Diagnostic> {
    let rel = store::decision_path(&d.id);
    validate::validate_decision(cat, &rel, d)
}

/// Record decision `d` (its id is assigned here: the next free one of the year of its date):
/// validated, each row that rewrites a procedure of this catalogue remembers the version it was
/// recorded against, and one commit.
pub fn add(root: &Path, d: Decision, rec: &Recorder) -> Result<Added, DecisionError> {
    // The lock first, then the read: what is changed is what was read.
    let mut tx = Transaction::begin(root)?;
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let mut d = normalise(d);
    let date = d.date;
    if let Some(date) = date {
        if date > rec.today {
            return Err(DecisionError::InFuture {
                date,
                today: rec.today,
            });
        }
        if let Some(other) = cat.decisions.iter().find(|o| {
            o.record.number.trim() == d.number.trim()
                && o.record.date.map(|x| x.year()) == Some(date.year())
        }) {
            return Err(DecisionError::AlreadyRecorded {
                number: d.number.clone(),
                date: other.record.date.unwrap_or(date),
                id: other.record.id.clone(),
            });
        }
    }
    let year = date.unwrap_or(rec.today).year();
    d.id = next_free_id(&cat, year);
    let errors: Vec<Diagnostic> = check(&cat, &d)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(DecisionError::Invalid(errors));
    }
    pin_bases(&tx, &cat, &mut d)?;
    let elsewhere = d
        .effects
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            let here = |l: &str| cat.manifest.level(l).is_some();
            !here(&e.level) && !here(e.level_after())
        })
        .map(|(i, _)| i + 1)
        .collect();
    let message = add_message(&d, rec.lang);
    put_decision(&cat, &mut tx, &d)?;
    let commit = tx.commit_as(&message, rec.author.as_ref())?;
    Ok(Added {
        id: d.id,
        commit,
        message,
        elsewhere,
    })
}

/// `Quyết định 1203/QĐ-UBND (2026-001): ghi nhận, 5 dòng`.
/// Make each row that rewrites a whole record of this catalogue (amended, replaced) remember
/// the version it will be written over, to tell later edits from the decision's own when it is
/// applied. Used by `decision add` and by the import of a decision's appendix.
pub(crate) fn pin_bases(
    tx: &Transaction,
    cat: &Catalog,
    d: &mut Decision,
) -> Result<(), WorkspaceError> {
    let head = tx.base_head().map(str::to_owned);
    for e in &mut d.effects {
        if !matches!(e.kind, EffectKind::Amended | EffectKind::Replaced) {
            continue;
        }
        let (Some(head), Some(stored)) = (&head, cat.procedure(&e.level, &e.code)) else {
            continue;
        };
        let (repo, prefix) = tx.repo();
        if let Some(blob) = repo.blob_id_at(head, &prefix.join(&stored.path))? {
            e.base = Some(EffectBase {
                commit: head.clone(),
                blob,
            });
        }
    }
    Ok(())
}

fn add_message(d: &Decision, lang: Lang) -> String {
    let n = d.effects.len();
    match lang {
        Lang::Vi => format!(
            "Quyết định {} ({}): ghi nhận, {n} dòng",
            d.number.trim(),
            d.id
        ),
        Lang::En => format!(
            "Decision {} ({}): recorded, {n} row{}",
            d.number.trim(),
            d.id,
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// The next free id of `year`, counting decision files that do not parse too.
fn next_free_id(cat: &Catalog, year: i16) -> String {
    let stems: Vec<String> = cat
        .unparsed
        .iter()
        .filter(|p| store::classify(p) == store::FileKind::Decision)
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let ids = cat
        .decisions
        .iter()
        .map(|d| d.record.id.as_str())
        .chain(stems.iter().map(String::as_str));
    crate::proposal_rules::next_id(ids, year)
}

/// Validate the decision and stage its canonical text in the transaction.
fn put_decision(cat: &Catalog, tx: &mut Transaction, d: &Decision) -> Result<(), DecisionError> {
    let errors: Vec<Diagnostic> = check(cat, d)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(DecisionError::Invalid(errors));
    }
    let rel = store::decision_path(&d.id);
    let text = store::canonical_text(&rel, d).map_err(WorkspaceError::from)?;
    let base = tx.read(&rel)?;
    tx.write(&rel, base, text.into_bytes());
    Ok(())
}
