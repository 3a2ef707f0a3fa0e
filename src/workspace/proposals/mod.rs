//! Proposals as use cases: draft one, move it along the chain, withdraw it, apply it to the
//! catalogue. Each call that changes something is one commit (through [`Transaction`]) holding the
//! proposal file — and, for apply, the procedure files it changes.
//!
//! The rules themselves (transition table, four-eyes, ids) are in [`crate::proposal_rules`].

mod apply;
mod error;
mod seed;
mod view;

pub use apply::{ApplyOptions, apply};
pub use error::{ProposalError, StaleTarget};
pub use seed::{H1_2022_DRAFTER, H1_2022_RECORDER, H1Seed, SeedPerson, seed_h1_2022};
pub use view::{
    Against, ForcedStep, ProposalDetail, ProposalSummary, Redline, detail, detail_at, summaries,
};

use super::{Transaction, WorkspaceError, repository_of};
use crate::diagnostic::Diagnostic;
use crate::history::{self, Author};
use crate::i18n::{self, Lang};
use crate::model::{
    ComplianceCost, Date, Manifest, Procedure, ProcedureStatus, Proposal, ProposalBase,
    ProposalKind, ProposalStatus, Target, Transition,
};
use crate::proposal_rules::{self, StepRequest};
use crate::store::{self, Catalog, Stored};
use crate::validate;
use std::path::{Path, PathBuf};

/// Who records a step, on which day, and in which language its commit message is written.
#[derive(Debug, Clone)]
pub struct Recorder {
    /// The day of recording: the date of steps given without one, and the limit for dates.
    pub today: Date,
    pub lang: Lang,
    /// Record as this person at this time instead of the git identity and now (the demo history,
    /// tests). The faces leave it `None`.
    pub author: Option<Author>,
}

impl Recorder {
    /// Record with the git identity, today being `today`.
    pub fn new(today: Date, lang: Lang) -> Recorder {
        Recorder {
            today,
            lang,
            author: None,
        }
    }

    /// "Name <email>" of whoever records.
    fn actor(&self, tx: &Transaction) -> Result<String, ProposalError> {
        Ok(match &self.author {
            Some(a) => format!("{} <{}>", a.name, a.email),
            None => tx.repo().0.identity().map_err(WorkspaceError::from)?,
        })
    }
}

/// What a draft is made of. `target` is required except for `add`; `proposed` is required
/// except for `abolish`, which requires a `rationale` instead.
#[derive(Debug, Clone, Default)]
pub struct DraftRequest {
    pub kind: ProposalKind,
    pub target: Option<Target>,
    /// Default: "Bãi bỏ TTHC “…”" and the like, from the kind and the procedure's name.
    pub title: Option<String>,
    pub rationale: Option<String>,
    pub plan: Option<String>,
    pub proposed: Option<Procedure>,
    pub compliance_cost: Option<ComplianceCost>,
    /// Note on the draft transition.
    pub note: Option<String>,
    /// The day the draft was made (default: today); an earlier day records work already under
    /// way, marked as entered today.
    pub date: Option<Date>,
    /// The review form the draft comes from (`<year>/<level>-<code>`).
    pub review: Option<String>,
}

/// A step that was recorded.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Recorded {
    pub id: String,
    pub status: ProposalStatus,
    pub commit: String,
    pub message: String,
    /// The recorded transition overrode the four-eyes rule.
    pub forced: bool,
}

/// The proposal `id` of a loaded catalogue.
pub fn find<'a>(cat: &'a Catalog, id: &str) -> Result<&'a Stored<Proposal>, ProposalError> {
    if let Some(p) = cat.proposals.iter().find(|p| p.record.id == id) {
        return Ok(p);
    }
    let path = store::proposal_path(id);
    if cat.unparsed.contains(&path) {
        return Err(ProposalError::Unparsed { path });
    }
    Err(ProposalError::NotFound { id: id.to_owned() })
}

/// The procedure a proposal is about, as loaded.
fn target_of<'a>(cat: &'a Catalog, t: &Target) -> Result<&'a Stored<Procedure>, ProposalError> {
    cat.procedure(&t.level, &t.code)
        .ok_or_else(|| ProposalError::TargetNotFound {
            level: t.level.clone(),
            code: t.code.clone(),
        })
}

/// Draft a new proposal: checks the request, captures the base the target is at (commit and
/// git blob id), takes the next free id of the year of `rec.today`, and commits the new file.
pub fn draft(root: &Path, req: DraftRequest, rec: &Recorder) -> Result<Recorded, ProposalError> {
    // The lock first, then the read: what is changed is what was read.
    let tx = Transaction::begin(root)?;
    // The procedures it is about, read from where they belong; the whole catalogue only when
    // the target is not there (to say precisely what is wrong).
    let target_key = req
        .target
        .as_ref()
        .map(|t| (t.level.as_str(), t.code.as_str()));
    let proposed_key: Vec<(&str, &str)> = req
        .proposed
        .iter()
        .map(|p| (p.level.as_str(), p.code.as_str()))
        .collect();
    let cat = match super::one::open_for_proposal(root, target_key, &proposed_key)? {
        Some(cat) => cat,
        None => store::load(root).map_err(WorkspaceError::from)?,
    };
    let actor = rec.actor(&tx)?;
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let rationale = nonempty(&req.rationale);
    let target = match req.kind {
        ProposalKind::Add => None,
        _ => Some(req.target.clone().ok_or(ProposalError::TargetRequired)?),
    };
    let current = target.as_ref().map(|t| target_of(&cat, t)).transpose()?;
    if let Some(cur) = current
        && cur.record.status == ProcedureStatus::Abolished
    {
        return Err(ProposalError::TargetAbolished {
            level: cur.record.level.to_string(),
            code: cur.record.code.to_string(),
        });
    }
    match (req.kind, &req.proposed, current) {
        (ProposalKind::Abolish, _, _) => {
            if rationale.is_none() {
                return Err(ProposalError::ReasonRequired);
            }
        }
        (_, None, _) => return Err(ProposalError::ProposedRequired),
        (ProposalKind::Amend, Some(new), Some(cur)) => {
            if new.level != cur.record.level || new.code != cur.record.code {
                return Err(ProposalError::ProposedMismatch {
                    level: cur.record.level.to_string(),
                    code: cur.record.code.to_string(),
                });
            }
            if *new == cur.record {
                return Err(ProposalError::NoChange);
            }
        }
        (ProposalKind::Replace, Some(new), Some(cur)) => {
            if new.level != cur.record.level {
                return Err(ProposalError::ProposedMismatch {
                    level: cur.record.level.to_string(),
                    code: new.code.to_string(),
                });
            }
            if *new == cur.record {
                return Err(ProposalError::NoChange);
            }
            if new.code != cur.record.code && cat.procedure(&new.level, &new.code).is_some() {
                return Err(ProposalError::TargetExists {
                    level: new.level.to_string(),
                    code: new.code.to_string(),
                });
            }
        }
        (ProposalKind::Add, Some(new), _) => {
            if cat.procedure(&new.level, &new.code).is_some() {
                return Err(ProposalError::TargetExists {
                    level: new.level.to_string(),
                    code: new.code.to_string(),
                });
            }
        }
        (_, Some(_), None) => return Err(ProposalError::TargetRequired),
    }
    let base = match current {
        Some(cur) => Some(capture_base(&tx, &cat, &cur.path)?),
        None => None,
    };
    let name = current
        .map(|c| c.record.name.clone())
        .or_else(|| req.proposed.as_ref().map(|p| p.name.clone()))
        .unwrap_or_default();
    let title = nonempty(&req.title).unwrap_or_else(|| default_title(req.kind, &name));
    let drafted = req.date.unwrap_or(rec.today);
    if drafted > rec.today {
        return Err(ProposalError::Rule(
            proposal_rules::RuleError::DateInFuture {
                date: drafted,
                today: rec.today,
            },
        ));
    }
    // Numbered in the year it was drafted: a 2025 draft entered in 2026 is 2025-NNN.
    let id = next_free_id(&cat, drafted.year());
    let proposal = Proposal {
        id: id.clone(),
        kind: req.kind,
        target,
        title,
        rationale,
        plan: nonempty(&req.plan),
        compliance_cost: req.compliance_cost.clone(),
        proposed: if req.kind == ProposalKind::Abolish {
            None
        } else {
            req.proposed.clone()
        },
        base,
        review: req.review.clone(),
        status: ProposalStatus::Draft,
        log: vec![Transition {
            status: ProposalStatus::Draft,
            date: Some(drafted),
            recorded_on: (drafted < rec.today).then_some(rec.today),
            document_no: None,
            actor,
            note: nonempty(&req.note),
            forced: None,
        }],
    };
    let message = format!(
        "{} — {}",
        subject(&cat.manifest, &proposal, rec.lang),
        i18n::proposal_status_label(ProposalStatus::Draft, rec.lang)
    );
    let commit = write_and_commit(&cat, tx, &proposal, &message, rec)?;
    Ok(Recorded {
        id,
        status: ProposalStatus::Draft,
        commit,
        message,
        forced: false,
    })
}

/// Move a proposal to the next status of the chain, checking the transition table, the
/// document rules, the dates and the four-eyes rule. Applying goes through [`apply`], since it
/// changes the catalogue too.
pub fn advance(
    root: &Path,
    id: &str,
    req: StepRequest,
    rec: &Recorder,
) -> Result<Recorded, ProposalError> {
    if req.to == ProposalStatus::Applied {
        return Err(ProposalError::ApplyThroughApply { id: id.to_owned() });
    }
    // The lock first, then the read: what is changed is what was read.
    let tx = Transaction::begin(root)?;
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let stored = find(&cat, id)?;
    let actor = rec.actor(&tx)?;
    let mut proposal = stored.record.clone();
    let transition =
        proposal_rules::check_step(&proposal, &cat.manifest.policy, &actor, &req, rec.today)?;
    let message = step_message(&cat.manifest, &proposal, &transition, rec.lang);
    let forced = transition.forced.is_some();
    proposal.status = transition.status;
    proposal.log.push(transition);
    let commit = write_and_commit(&cat, tx, &proposal, &message, rec)?;
    Ok(Recorded {
        id: id.to_owned(),
        status: proposal.status,
        commit,
        message,
        forced,
    })
}

/// Withdraw a proposal (any status before applied, rejected or withdrawn).
pub fn withdraw(
    root: &Path,
    id: &str,
    note: Option<String>,
    rec: &Recorder,
) -> Result<Recorded, ProposalError> {
    advance(
        root,
        id,
        StepRequest {
            to: ProposalStatus::Withdrawn,
            note,
            ..StepRequest::default()
        },
        rec,
    )
}

/// The base of a proposal on the procedure at `rel`: HEAD and the blob the file has there. The
/// file must be as recorded at HEAD, so the base is a version others can see.
fn capture_base(
    tx: &Transaction,
    cat: &Catalog,
    rel: &Path,
) -> Result<ProposalBase, ProposalError> {
    let (repo, prefix) = tx.repo();
    let uncommitted = || WorkspaceError::Uncommitted {
        paths: vec![rel.to_owned()],
    };
    let head = tx.base_head().ok_or_else(uncommitted)?.to_owned();
    let at_head = repo
        .blob_id_at(&head, &prefix.join(rel))
        .map_err(WorkspaceError::from)?
        .ok_or_else(uncommitted)?;
    let bytes = std::fs::read(cat.root.join(rel)).map_err(|source| WorkspaceError::Io {
        path: cat.root.join(rel),
        source,
    })?;
    if history::blob_id_of(&bytes) != at_head {
        return Err(uncommitted().into());
    }
    Ok(ProposalBase {
        commit: head,
        blob: at_head,
    })
}

/// The next free id of `year`, counting files that do not parse too (never overwrite one).
fn next_free_id(cat: &Catalog, year: i16) -> String {
    let stems: Vec<String> = cat
        .unparsed
        .iter()
        .filter(|p| store::classify(p) == store::FileKind::Proposal)
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let ids = cat
        .proposals
        .iter()
        .map(|p| p.record.id.as_str())
        .chain(stems.iter().map(String::as_str));
    proposal_rules::next_id(ids, year)
}

fn default_title(kind: ProposalKind, name: &str) -> String {
    let verb = match kind {
        ProposalKind::Abolish => "Bãi bỏ",
        ProposalKind::Amend => "Sửa đổi, bổ sung",
        ProposalKind::Replace => "Thay thế",
        ProposalKind::Add => "Công bố mới",
    };
    format!("{verb} thủ tục “{name}”")
}

/// `Đề xuất 2022-003: bãi bỏ 1.004845 (Cấp xã)`.
pub fn subject(m: &Manifest, p: &Proposal, lang: Lang) -> String {
    let (level, code) = match (&p.target, &p.proposed) {
        (Some(t), _) => (t.level.as_str(), t.code.as_str()),
        (None, Some(new)) => (new.level.as_str(), new.code.as_str()),
        (None, None) => ("", ""),
    };
    format!(
        "{} {}: {} {code} ({})",
        lang.pick("Đề xuất", "Proposal"),
        p.id,
        i18n::proposal_kind_label(p.kind, lang),
        m.level_name(level)
    )
}

/// `… — chuyển sang: đã gửi tỉnh (15/BC-UBND)`, with the override reason in the body.
fn step_message(m: &Manifest, p: &Proposal, t: &Transition, lang: Lang) -> String {
    let mut msg = format!(
        "{} — {}: {}",
        subject(m, p, lang),
        lang.pick("chuyển sang", "moved to"),
        i18n::proposal_status_label(t.status, lang)
    );
    if let Some(doc) = &t.document_no {
        msg.push_str(&format!(" ({doc})"));
    } else if t.status == ProposalStatus::Applied
        && let Some(doc) = proposal_rules::transition_to(p, ProposalStatus::Published)
            .and_then(|p| p.document_no.as_deref())
    {
        msg.push_str(&format!(" ({} {doc})", lang.pick("theo", "per")));
    }
    if let Some(reason) = &t.forced {
        msg.push_str(&format!(
            "\n\n{}: {reason}",
            lang.pick(
                "Vượt quy tắc bốn mắt (người soạn tự ghi nhận)",
                "Four-eyes rule overridden (recorded by the drafter)"
            )
        ));
    }
    msg
}

/// Validate the proposal, write it into the transaction and commit.
fn write_and_commit(
    cat: &Catalog,
    mut tx: Transaction,
    proposal: &Proposal,
    message: &str,
    rec: &Recorder,
) -> Result<String, ProposalError> {
    let rel = store::proposal_path(&proposal.id);
    put_proposal(cat, &mut tx, &rel, proposal)?;
    Ok(tx.commit_as(message, rec.author.as_ref())?)
}

/// Validate the proposal and stage its canonical text in the transaction.
fn put_proposal(
    cat: &Catalog,
    tx: &mut Transaction,
    rel: &Path,
    proposal: &Proposal,
) -> Result<(), ProposalError> {
    let problems: Vec<Diagnostic> = validate::validate_proposal(cat, rel, proposal)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !problems.is_empty() {
        return Err(ProposalError::Invalid(problems));
    }
    let text = store::canonical_text(rel, proposal).map_err(WorkspaceError::from)?;
    let base = tx.read(rel)?;
    tx.write(rel, base, text.into_bytes());
    Ok(())
}

/// The repository's view of a proposal's base record, when the repository still has it.
fn base_record(root: &Path, p: &Proposal) -> Option<Procedure> {
    let base = p.base.as_ref()?;
    let (repo, _) = repository_of(root).ok()?;
    let bytes = repo.blob(&base.blob).ok()??;
    let rel: PathBuf = p
        .target
        .as_ref()
        .map(|t| PathBuf::from(format!("{}.yaml", t.code)))
        .unwrap_or_default();
    store::parse_text(&rel, std::str::from_utf8(&bytes).ok()?).ok()
}
