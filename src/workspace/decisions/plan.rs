//! What applying a decision would do, row by row: the records it writes (with what changes in
//! each), the rows already applied, and the rows that cannot apply here, with the reason. The
//! same plan is shown (`decision show`, `apply --dry-run`) and carried out (`apply`).
//!
//! - new: the record is created (status published, publication kind new);
//! - amended: the record is written (status amended, kind amended);
//! - replaced, same code: the record is written (status published, kind replaced);
//! - replaced, new code: the new record is created (`replaces` the old code, `effective_from`)
//!   and the old one kept as abolished (`replaced_by`, `effective_until`);
//! - abolished: the record stays with status abolished and `effective_until`;
//! - transferred: the record at the new level is created (`transferred_from`, `effective_from`)
//!   and the old one closed (status abolished, `transferred_to`, `effective_until`), both with
//!   publication kind transferred, as `tthc reorganize` marks a transfer (chuyển cấp) — each
//!   side only when its level is one of this catalogue's.
//!
//! The effective date of a row is its own, else its legal text's, else the decision's.
//! A whole record written over a procedure edited since the decision was recorded keeps the
//! edits in fields the decision does not change; an edit in a field it changes differently
//! blocks the row (a three-way comparison says which).

use crate::diagnostic::Diagnostic;
use crate::diff::{FieldChange, field_changes};
use crate::history;
use crate::model::{
    Date, Decision, Effect, EffectKind, Procedure, ProcedureRef, ProcedureStatus, Proposal,
    ProposalKind, ProposalStatus, PublicationKind, PublicationRef,
};
use crate::proposal_rules::{self, StepRequest, ThreeWayField};
use crate::store::{self, Catalog};
use crate::validate;
use crate::workspace::WorkspaceError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One row of a decision as it stands against this catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowPlan {
    /// Counted from 1, as the appendix numbers its rows.
    pub row: usize,
    pub kind: EffectKind,
    pub level: String,
    pub code: String,
    /// Where the procedure is after the row: another level for a transfer, another code for a
    /// replacement under a new code; otherwise the row's own.
    pub level_after: String,
    pub code_after: String,
    pub name: String,
    /// The number of the legal text that causes the change.
    pub legal_text: Option<String>,
    /// The day the row takes effect (its own, its legal text's or the decision's).
    pub effective: Option<Date>,
    pub state: RowState,
    /// What applying writes: empty for a row applied or blocked.
    pub writes: Vec<RowWrite>,
    /// Fields edited here since the decision was recorded that applying keeps.
    pub kept: Vec<String>,
    /// Local proposals the row answers, and whether each moves to `applied` with it.
    pub proposals: Vec<ProposalMove>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RowState {
    Applied {
        date: Option<Date>,
        by: String,
        proposals: Vec<String>,
    },
    Ready,
    /// The row is for a level this catalogue does not hold (both levels, for a transfer): it
    /// never applies here.
    Elsewhere {
        level: String,
    },
    Blocked {
        reason: Blocker,
    },
}

/// Why a row cannot apply to this catalogue (now).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Blocker {
    /// The row's level (both levels, for a transfer) is not one of this catalogue's.
    LevelNotInCatalogue {
        level: String,
    },
    /// The procedure is not in this catalogue.
    NotInCatalogue {
        level: String,
        code: String,
    },
    /// A procedure with this level and code already exists.
    AlreadyExists {
        level: String,
        code: String,
    },
    AlreadyAbolished {
        level: String,
        code: String,
    },
    /// Edited here since the decision was recorded, in a field the decision changes differently.
    Conflict {
        level: String,
        code: String,
        fields: Vec<ThreeWayField>,
    },
    /// The version recorded with the decision is not in the repository (a shallow clone): the
    /// edits made since cannot be told from the decision's.
    BaseUnavailable {
        level: String,
        code: String,
    },
    /// The procedure's file does not parse.
    Unparsed {
        path: PathBuf,
    },
    /// The record written would not be valid here (an agency or field this catalogue does not
    /// declare, …).
    Invalid {
        #[serde(serialize_with = "diagnostics_json")]
        problems: Vec<Diagnostic>,
    },
    /// Another row of the decision writes the same file.
    SameProcedure {
        row: usize,
    },
}

/// Why a local proposal cannot take a step with the decision's row (data; `words` words it).
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The row's legal text has no date, which the step "legal text amended" records.
    LegalTextDateMissing,
    /// The proposal rules refuse the step.
    Rule(crate::proposal_rules::RuleError),
}

fn refusal_json<S: serde::Serializer>(
    r: &Option<(ProposalStatus, Refusal)>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match r {
        None => s.serialize_none(),
        Some((step, why)) => serde::Serialize::serialize(
            &serde_json::json!({ "step": step, "why": format!("{why:?}") }),
            s,
        ),
    }
}

fn diagnostics_json<S: serde::Serializer>(d: &[Diagnostic], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(d.len()))?;
    for x in d {
        seq.serialize_element(&serde_json::json!({
            "file": x.file,
            "field": crate::diagnostic::pointer_text(&x.pointer),
            "line": x.line,
            "problem": format!("{:?}", x.problem),
        }))?;
    }
    seq.end()
}

/// One procedure file applying a row writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowWrite {
    pub path: PathBuf,
    /// The record now (None: it is created).
    pub before: Option<Procedure>,
    pub after: Procedure,
    /// Field by field, with a word-level redline.
    pub changes: Vec<FieldChange>,
    /// The bytes the write is based on.
    #[serde(skip)]
    pub base: Option<Vec<u8>>,
}

/// A local proposal answered by a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalMove {
    pub id: String,
    pub from: ProposalStatus,
    /// The steps recorded (legal text amended, published, applied), in order; empty when refused.
    pub steps: Vec<ProposalStatus>,
    /// Why it cannot move with the row: the step refused and the rule that refused it.
    #[serde(serialize_with = "refusal_json")]
    pub refused: Option<(ProposalStatus, Refusal)>,
    /// The proposal as it would be after the steps.
    #[serde(skip)]
    pub after: Option<Proposal>,
}

/// Who applies, on which day, and whether the four-eyes rule may be overridden (with the reason).
#[derive(Debug, Clone)]
pub struct Applier {
    pub actor: String,
    /// The day of applying (the `applied` steps, the rows' `applied.date`).
    pub date: Date,
    /// The recorder's today: the limit for dates.
    pub today: Date,
    pub force: Option<String>,
    pub lang: crate::i18n::Lang,
}

/// Reads a procedure file as the caller sees it (the transaction's base, or the disk).
pub type Reader<'a> = dyn FnMut(&Path) -> Result<Option<Vec<u8>>, WorkspaceError> + 'a;

/// The plan of every row of `d` against `cat`. `read` gives each file's bytes now.
pub fn plan(
    cat: &Catalog,
    d: &Decision,
    read: &mut Reader<'_>,
    who: &Applier,
) -> Result<Vec<RowPlan>, WorkspaceError> {
    let mut claimed: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut taken_proposals: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(d.effects.len());
    for (i, e) in d.effects.iter().enumerate() {
        let mut row = RowPlan {
            row: i + 1,
            kind: e.kind,
            level: e.level.clone(),
            code: e.code.clone(),
            level_after: e.level_after().to_owned(),
            code_after: e.code_after().to_owned(),
            name: current_name(cat, e),
            legal_text: e.legal_text.as_ref().map(|t| t.number.clone()),
            effective: e.effective_on(d),
            state: RowState::Ready,
            writes: Vec::new(),
            kept: Vec::new(),
            proposals: Vec::new(),
        };
        if let Some(a) = &e.applied {
            row.state = RowState::Applied {
                date: a.date,
                by: a.by.clone(),
                proposals: a.proposals.clone(),
            };
            out.push(row);
            continue;
        }
        match writes_of(cat, d, e, read)? {
            Err(Blocker::LevelNotInCatalogue { level }) => {
                row.state = RowState::Elsewhere { level }
            }
            Err(reason) => row.state = RowState::Blocked { reason },
            Ok((writes, kept)) => {
                let clash = writes.iter().find_map(|w| claimed.get(&w.path).copied());
                let invalid: Vec<Diagnostic> =
                    writes.iter().flat_map(|w| invalid_in(cat, w)).collect();
                if let Some(other) = clash {
                    row.state = RowState::Blocked {
                        reason: Blocker::SameProcedure { row: other },
                    };
                } else if !invalid.is_empty() {
                    row.state = RowState::Blocked {
                        reason: Blocker::Invalid { problems: invalid },
                    };
                } else {
                    for w in &writes {
                        claimed.insert(w.path.clone(), i + 1);
                    }
                    row.writes = writes;
                    row.kept = kept;
                    row.proposals = answered(cat, d, e, who, &mut taken_proposals);
                }
            }
        }
        out.push(row);
    }
    Ok(out)
}

/// The name to show: the appendix's, the record's, else the procedure's here.
fn current_name(cat: &Catalog, e: &Effect) -> String {
    let name = e.display_name();
    if !name.is_empty() {
        return name.to_owned();
    }
    cat.procedure(&e.level, &e.code)
        .map(|s| s.record.name.clone())
        .unwrap_or_default()
        .to_string()
}

/// Errors of a record about to be written.
fn invalid_in(cat: &Catalog, w: &RowWrite) -> Vec<Diagnostic> {
    let text = match store::canonical_text(&w.path, &w.after) {
        Ok(t) => t,
        Err(e) => {
            return vec![Diagnostic::new(
                &w.path,
                crate::diagnostic::Severity::Error,
                crate::diagnostic::Problem::Syntax {
                    detail: e.to_string(),
                },
            )];
        }
    };
    validate::validate_procedure_text(cat, &w.path, &w.after, &text)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

type Writes = (Vec<RowWrite>, Vec<String>);

/// The files one row writes, or why it cannot.
fn writes_of(
    cat: &Catalog,
    d: &Decision,
    e: &Effect,
    read: &mut Reader<'_>,
) -> Result<Result<Writes, Blocker>, WorkspaceError> {
    let declared = |level: &str| cat.manifest.level(level).is_some();
    let effective = e.effective_on(d);
    let reference = |kind| {
        Some(PublicationRef {
            decision: d.number.as_str().into(),
            date: d.date,
            kind,
        })
    };
    let not_here = || Blocker::LevelNotInCatalogue {
        level: e.level.clone(),
    };
    let layout = cat.manifest.layout;
    macro_rules! try_block {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(b) => return Ok(Err(b)),
            }
        };
    }
    let mut writes = Vec::new();
    let mut kept = Vec::new();
    match e.kind {
        EffectKind::New => {
            if !declared(&e.level) {
                return Ok(Err(not_here()));
            }
            let mut new = e.record.clone().unwrap_or_default();
            let rel = try_block!(free(cat, read, layout, &new.level, &new.code)?);
            new.status = ProcedureStatus::Published;
            new.publication = reference(PublicationKind::New);
            new.effective_from = e.effective.or(new.effective_from).or(effective);
            writes.push(write(rel, None, None, new));
        }
        EffectKind::Amended | EffectKind::Replaced => {
            if !declared(&e.level) {
                return Ok(Err(not_here()));
            }
            let (rel, bytes, current) = try_block!(existing(cat, read, &e.level, &e.code)?);
            let mut new = e.record.clone().unwrap_or_default();
            let same_code = new.code == current.code;
            if e.kind == EffectKind::Amended || same_code {
                if e.kind == EffectKind::Amended {
                    new.status = ProcedureStatus::Amended;
                    new.publication = reference(PublicationKind::Amended);
                } else {
                    new.status = ProcedureStatus::Published;
                    new.publication = reference(PublicationKind::Replaced);
                }
                new = try_block!(carry_over(cat, e, &bytes, &current, new, &mut kept));
                writes.push(write(rel, Some(bytes), Some(current), new));
            } else {
                let new_rel = try_block!(free(cat, read, layout, &new.level, &new.code)?);
                let mut old = current.clone();
                old.replace_by(&mut new, reference(PublicationKind::Replaced), effective);
                writes.push(write(rel, Some(bytes), Some(current), old));
                writes.push(write(new_rel, None, None, new));
            }
        }
        EffectKind::Abolished => {
            if !declared(&e.level) {
                return Ok(Err(not_here()));
            }
            let (rel, bytes, current) = try_block!(existing(cat, read, &e.level, &e.code)?);
            let mut old = current.clone();
            old.status = ProcedureStatus::Abolished;
            old.publication = reference(PublicationKind::Abolished);
            old.effective_until = effective;
            writes.push(write(rel, Some(bytes), Some(current), old));
        }
        EffectKind::Transferred => {
            let to_level = e.level_after().to_owned();
            let to_code = e.code_after().to_owned();
            let (from_here, to_here) = (declared(&e.level), declared(&to_level));
            if !from_here && !to_here {
                return Ok(Err(not_here()));
            }
            let source = if from_here {
                Some(try_block!(existing(cat, read, &e.level, &e.code)?))
            } else {
                None
            };
            if to_here {
                let rel = try_block!(free(cat, read, layout, &to_level, &to_code)?);
                let mut new = match (&e.record, &source) {
                    (Some(r), _) => r.clone(),
                    (None, Some((_, _, current))) => {
                        let mut copy = current.clone();
                        copy.level = to_level.as_str().into();
                        copy.code = to_code.as_str().into();
                        copy.effective_until = None;
                        copy
                    }
                    (None, None) => {
                        return Ok(Err(Blocker::NotInCatalogue {
                            level: e.level.clone(),
                            code: e.code.clone(),
                        }));
                    }
                };
                // As `tthc reorganize` marks a transfer (chuyển cấp): the publication kind is
                // `transferred` on both sides, never `new` / `abolished`.
                new.status = ProcedureStatus::Published;
                new.publication = reference(PublicationKind::Transferred);
                new.effective_from = effective;
                new.effective_until = None;
                new.replaced_by.clear();
                new.transferred_from = Some(ProcedureRef {
                    level: e.level.as_str().into(),
                    code: e.code.as_str().into(),
                });
                new.transferred_to = None;
                writes.push(write(rel, None, None, new));
            }
            if let Some((rel, bytes, current)) = source {
                let mut old = current.clone();
                old.status = ProcedureStatus::Abolished;
                old.publication = reference(PublicationKind::Transferred);
                old.effective_until = effective;
                old.transferred_to = Some(ProcedureRef {
                    level: to_level.into(),
                    code: to_code.into(),
                });
                // The side that is left first, as the row reads.
                writes.insert(0, write(rel, Some(bytes), Some(current), old));
            }
        }
    }
    Ok(Ok((writes, kept)))
}

fn write(
    path: PathBuf,
    base: Option<Vec<u8>>,
    before: Option<Procedure>,
    after: Procedure,
) -> RowWrite {
    let changes = match &before {
        Some(b) => field_changes(b, &after),
        None => Vec::new(),
    };
    RowWrite {
        path,
        before,
        after,
        changes,
        base,
    }
}

/// A procedure file as read: path, bytes, record.
type Found = (PathBuf, Vec<u8>, Procedure);

/// The procedure a row names, as the caller reads it.
fn existing(
    cat: &Catalog,
    read: &mut Reader<'_>,
    level: &str,
    code: &str,
) -> Result<Result<Found, Blocker>, WorkspaceError> {
    let not_found = || Blocker::NotInCatalogue {
        level: level.to_owned(),
        code: code.to_owned(),
    };
    let rel = match cat.procedure(level, code) {
        Some(s) => s.path.clone(),
        None => {
            let rel = store::procedure_path(cat.manifest.layout, level, code);
            if cat.unparsed.contains(&rel) {
                return Ok(Err(Blocker::Unparsed { path: rel }));
            }
            return Ok(Err(not_found()));
        }
    };
    let Some(bytes) = read(&rel)? else {
        return Ok(Err(not_found()));
    };
    let record: Procedure = match std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| store::parse_text(&rel, text).ok())
    {
        Some(r) => r,
        None => return Ok(Err(Blocker::Unparsed { path: rel })),
    };
    if record.status == ProcedureStatus::Abolished {
        return Ok(Err(Blocker::AlreadyAbolished {
            level: level.to_owned(),
            code: code.to_owned(),
        }));
    }
    Ok(Ok((rel, bytes, record)))
}

/// The path of a procedure to create, when nothing is there yet.
fn free(
    cat: &Catalog,
    read: &mut Reader<'_>,
    layout: crate::model::Layout,
    level: &str,
    code: &str,
) -> Result<Result<PathBuf, Blocker>, WorkspaceError> {
    let rel = store::procedure_path(layout, level, code);
    let exists = || Blocker::AlreadyExists {
        level: level.to_owned(),
        code: code.to_owned(),
    };
    if cat.procedure(level, code).is_some() || cat.unparsed.contains(&rel) {
        return Ok(Err(exists()));
    }
    if read(&rel)?.is_some() {
        return Ok(Err(exists()));
    }
    Ok(Ok(rel))
}

/// A whole record about to be written over `current`: when the procedure was edited since the
/// decision was recorded, keep the edits the decision does not touch, or block the row.
fn carry_over(
    cat: &Catalog,
    e: &Effect,
    bytes: &[u8],
    current: &Procedure,
    new: Procedure,
    kept: &mut Vec<String>,
) -> Result<Procedure, Blocker> {
    let Some(base) = &e.base else {
        return Ok(new);
    };
    if history::blob_id_of(bytes) == base.blob {
        return Ok(new);
    }
    let Some(base_record) = base_record(&cat.root, &base.blob, &e.code) else {
        return Err(Blocker::BaseUnavailable {
            level: e.level.clone(),
            code: e.code.clone(),
        });
    };
    let fields = proposal_rules::three_way(&base_record, current, &new);
    if fields.iter().any(|f| f.conflict) {
        return Err(Blocker::Conflict {
            level: e.level.clone(),
            code: e.code.clone(),
            fields,
        });
    }
    let Some(merged) = proposal_rules::rebase(&base_record, current, &new) else {
        return Err(Blocker::Conflict {
            level: e.level.clone(),
            code: e.code.clone(),
            fields,
        });
    };
    kept.extend(
        fields
            .into_iter()
            .filter(|f| f.proposed == f.base)
            .map(|f| f.field),
    );
    Ok(merged)
}

/// A procedure as recorded in the blob `blob`, when the repository has it.
pub(super) fn base_record(root: &Path, blob: &str, code: &str) -> Option<Procedure> {
    let (repo, _) = crate::workspace::repository_of(root).ok()?;
    let bytes = repo.blob(blob).ok()??;
    let rel = PathBuf::from(format!("{code}.yaml"));
    store::parse_text(&rel, std::str::from_utf8(&bytes).ok()?).ok()
}

/// The proposal kind that asks for what a row does (a transfer has none).
fn proposal_kind(k: EffectKind) -> Option<ProposalKind> {
    match k {
        EffectKind::New => Some(ProposalKind::Add),
        EffectKind::Amended => Some(ProposalKind::Amend),
        EffectKind::Replaced => Some(ProposalKind::Replace),
        EffectKind::Abolished => Some(ProposalKind::Abolish),
        EffectKind::Transferred => None,
    }
}

/// The local proposals a row answers — same procedure, same kind, approved by the province and
/// not yet applied (a published one only when it was published by this decision) — each with
/// the steps that bring it to `applied`: the amending legal text (from the row) when it was
/// approved, the publication (this decision), and the apply. A proposal whose steps the rules
/// refuse (four-eyes, a date) stays where it is, with the reason.
fn answered(
    cat: &Catalog,
    d: &Decision,
    e: &Effect,
    who: &Applier,
    taken: &mut Vec<String>,
) -> Vec<ProposalMove> {
    let Some(kind) = proposal_kind(e.kind) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for stored in &cat.proposals {
        let p = &stored.record;
        if p.kind != kind || taken.contains(&p.id) {
            continue;
        }
        let (level, code) = match (&p.target, &p.proposed) {
            (Some(t), _) => (t.level.as_str(), t.code.as_str()),
            (None, Some(new)) => (new.level.as_str(), new.code.as_str()),
            (None, None) => continue,
        };
        if level != e.level || code != e.code {
            continue;
        }
        use ProposalStatus::*;
        let steps: &[ProposalStatus] = match p.status {
            Approved | ForwardedToMinistry => &[LegalTextAmended, Published, Applied],
            LegalTextAmended => &[Published, Applied],
            Published => {
                let same = proposal_rules::transition_to(p, Published)
                    .and_then(|t| t.document_no.as_deref())
                    .is_some_and(|n| n.trim() == d.number.trim());
                if !same {
                    continue;
                }
                &[Applied]
            }
            _ => continue,
        };
        taken.push(p.id.clone());
        let mut moved = p.clone();
        let mut refused = None;
        for &to in steps {
            // The amending text's number and date come from the row: say so, not `--date`.
            if to == LegalTextAmended && e.legal_text.as_ref().and_then(|t| t.date).is_none() {
                refused = Some((to, Refusal::LegalTextDateMissing));
                break;
            }
            let req = match to {
                LegalTextAmended => StepRequest {
                    to,
                    document_no: e.legal_text.as_ref().map(|t| t.number.clone()),
                    date: e.legal_text.as_ref().and_then(|t| t.date),
                    ..StepRequest::default()
                },
                Published => StepRequest {
                    to,
                    document_no: Some(d.number.clone()),
                    date: d.date,
                    note: Some(format!("Quyết định công bố, ghi nhận {}", d.id)),
                    ..StepRequest::default()
                },
                _ => StepRequest {
                    to,
                    date: Some(who.date),
                    note: Some(format!("Áp dụng theo quyết định {} ({})", d.number, d.id)),
                    force: who.force.clone(),
                    ..StepRequest::default()
                },
            };
            match proposal_rules::check_step(
                &moved,
                &cat.manifest.policy,
                &who.actor,
                &req,
                who.today,
            ) {
                Ok(t) => {
                    moved.status = t.status;
                    moved.log.push(t);
                }
                Err(err) => {
                    refused = Some((to, Refusal::Rule(err)));
                    break;
                }
            }
        }
        out.push(ProposalMove {
            id: p.id.clone(),
            from: p.status,
            steps: if refused.is_none() {
                steps.to_vec()
            } else {
                Vec::new()
            },
            after: refused.is_none().then_some(moved),
            refused,
        });
    }
    out
}
