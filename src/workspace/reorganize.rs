//! Carry a catalogue into a new administrative map in one commit (`tthc reorganize`): every
//! procedure of a level that moves is closed where it was (in force until the effective date,
//! `transferred_to` its successor) and created at its new level (`transferred_from`, in force
//! from that date), or handed to the record already there; agencies, fields and the receiving
//! address are rewritten by the plan's mappings; the manifest gets the new authority, levels,
//! agencies, fields and units, and a dated entry of what changed. The same plan is shown
//! (`--dry-run`: the whole redline) and carried out.
//!
//! Dates: `effective_until` is the first day a record is no longer in force (as everywhere in
//! the catalogue, see [`Procedure::in_effect_on`]), so the old record's `effective_until` and
//! the new one's `effective_from` are both the plan's effective date: no day without either.

use super::proposals::Recorder;
use super::{Transaction, WorkspaceError};
use crate::diagnostic::Diagnostic;
use crate::diff::{FieldChange, field_changes};
use crate::i18n::Lang;
use crate::model::{
    Agency, Authority, Date, Field, Level, Manifest, ManifestChange, Procedure, ProcedureRef,
    ProcedureStatus, PublicationKind, PublicationRef, Rename, ReorganizePlan,
};
use crate::store::{self, Catalog};
use crate::validate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The plan of the bundled sample: thị xã Duy Tiên on 1 July 2025 (illustrative mappings).
pub const SAMPLE_PLAN: &str = include_str!("../../docs/reorganize-duy-tien-2025.yaml");

/// The name a plan file is reported under when it comes from text.
const PLAN_FILE: &str = "plan.yaml";

/// Why a reorganisation could not be planned or applied (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum ReorganizeError {
    Workspace(#[from] WorkspaceError),
    /// The plan does not parse (unknown keys, wrong types…).
    PlanUnreadable(Vec<Diagnostic>),
    NoEffectiveDate,
    NoDecision,
    /// A mapping names a level, agency or field that the manifest does not declare and the plan
    /// gives no name for.
    Undeclared {
        what: Declared,
        id: String,
    },
    /// A `codes` entry names a procedure that is not in the catalogue.
    UnknownProcedure {
        level: String,
        code: String,
    },
    /// A procedure is to be transferred, but neither its level nor its `codes` entry says where.
    NoDestination {
        level: String,
        code: String,
    },
    /// Two procedures would be created at the same level and code, or one where a closed record
    /// already is.
    Clash {
        level: String,
        code: String,
    },
    /// Procedure files that do not parse: a reorganisation must account for every record.
    Unparsed {
        files: Vec<PathBuf>,
    },
    /// A unit with an id that cannot be used, or at a level the catalogue does not declare.
    BadUnit {
        id: String,
    },
    /// A record written would not be valid.
    Invalid(Vec<Diagnostic>),
}

/// What kind of manifest item a mapping names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Declared {
    Level,
    Agency,
    Field,
}

impl From<store::StoreError> for ReorganizeError {
    fn from(e: store::StoreError) -> Self {
        ReorganizeError::Workspace(e.into())
    }
}

/// Read a plan from YAML text.
pub fn read_plan(text: &str) -> Result<ReorganizePlan, ReorganizeError> {
    store::parse_text(Path::new(PLAN_FILE), text).map_err(ReorganizeError::PlanUnreadable)
}

/// What happens to one procedure of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum Fate {
    /// Closed here, created at `to`.
    Transferred { to: ProcedureRef },
    /// Closed here, handed to the record already at `into`.
    Merged { into: ProcedureRef },
    /// Stays; `rewritten` when an agency or field mapping changed it.
    Kept { rewritten: bool },
    /// Closed with no successor in this catalogue.
    Closed,
    /// Not touched: already closed (abolished) before the plan.
    AlreadyClosed,
    /// Not touched: a draft, not published.
    Draft,
}

/// One procedure of the catalogue and what the plan does to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordFate {
    pub level: String,
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub fate: Fate,
    /// The plan's note for it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One procedure file the plan writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordWrite {
    pub path: PathBuf,
    /// Created by a transfer from this record (the changes are against it).
    pub created_from: Option<ProcedureRef>,
    /// The record now (a created one: the record it comes from).
    pub before: Procedure,
    pub after: Procedure,
    /// Field by field, with a word-level redline.
    pub changes: Vec<FieldChange>,
    #[serde(skip)]
    base: Option<Vec<u8>>,
}

/// One change of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ManifestEdit {
    Authority { from: String, to: String },
    LevelAdded { id: String, name: String },
    AgencyAdded { id: String, name: String },
    AgencyRenamed { from: String, to: String },
    FieldAdded { id: String, name: String },
    FieldRenamed { from: String, to: String },
    UnitAdded { id: String, name: String },
    UnitChanged { id: String, name: String },
    SiteTitle { to: String },
    Dated { date: Date, title: String },
}

/// What applying a plan did (or, with `dry_run`, would do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReorganizeOutcome {
    pub title: String,
    pub effective: Date,
    /// Every procedure of the catalogue, in file order.
    pub records: Vec<RecordFate>,
    pub writes: Vec<RecordWrite>,
    pub manifest: Vec<ManifestEdit>,
    pub commit: Option<String>,
    pub message: Option<String>,
    pub dry_run: bool,
}

impl ReorganizeOutcome {
    /// How many records have each fate: transferred (incl. merged), kept, closed, untouched.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.records {
            match r.fate {
                Fate::Transferred { .. } => c.transferred += 1,
                Fate::Merged { .. } => c.merged += 1,
                Fate::Kept { rewritten } => {
                    c.kept += 1;
                    c.rewritten += usize::from(rewritten);
                }
                Fate::Closed => c.closed += 1,
                Fate::AlreadyClosed | Fate::Draft => c.untouched += 1,
            }
        }
        c
    }

    /// Nothing to write: the plan is already applied.
    pub fn nothing_to_do(&self) -> bool {
        self.writes.is_empty() && self.manifest.is_empty()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub transferred: usize,
    pub merged: usize,
    pub kept: usize,
    /// Of the kept, those rewritten by a mapping.
    pub rewritten: usize,
    pub closed: usize,
    pub untouched: usize,
}

/// Apply `plan` to the catalogue at `root` in one commit, or with `dry_run` only say what would
/// change.
pub fn reorganize(
    root: &Path,
    plan: &ReorganizePlan,
    dry_run: bool,
    rec: &Recorder,
) -> Result<ReorganizeOutcome, ReorganizeError> {
    // The lock first, then the read: what is changed is what was read.
    let mut tx = Transaction::begin(root)?;
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let effective = plan.effective.ok_or(ReorganizeError::NoEffectiveDate)?;
    if plan.decisions.iter().all(|d| d.number.trim().is_empty()) {
        return Err(ReorganizeError::NoDecision);
    }
    let unparsed: Vec<PathBuf> = cat
        .unparsed
        .iter()
        .filter(|p| store::classify(p) == store::FileKind::Procedure)
        .cloned()
        .collect();
    if !unparsed.is_empty() {
        return Err(ReorganizeError::Unparsed { files: unparsed });
    }
    let (manifest, edits) = new_manifest(&cat.manifest, plan, effective)?;
    for c in &plan.codes {
        if cat.procedure(&c.level, &c.code).is_none() {
            return Err(ReorganizeError::UnknownProcedure {
                level: c.level.clone(),
                code: c.code.clone(),
            });
        }
    }
    let (records, planned) = plan_records(&cat, &manifest, plan, effective)?;

    // Every record written is checked against the new manifest.
    let after_cat = Catalog {
        manifest: manifest.clone(),
        ..Catalog::default()
    };
    let mut problems = Vec::new();
    let mut writes = Vec::new();
    for (path, created_from, before, after) in planned {
        let text = store::canonical_text(&path, &after)?;
        problems.extend(
            validate::validate_procedure_text(&after_cat, &path, &after, &text)
                .into_iter()
                .filter(Diagnostic::is_error),
        );
        let base = tx.read(&path)?;
        writes.push(RecordWrite {
            changes: field_changes(&before, &after),
            path,
            created_from,
            before,
            after,
            base,
        });
    }
    if !problems.is_empty() {
        return Err(ReorganizeError::Invalid(problems));
    }
    let mut outcome = ReorganizeOutcome {
        title: plan.title.clone(),
        effective,
        records,
        writes,
        manifest: edits,
        commit: None,
        message: None,
        dry_run,
    };
    if dry_run || outcome.nothing_to_do() {
        return Ok(outcome);
    }
    for w in &outcome.writes {
        let text = store::canonical_text(&w.path, &w.after)?;
        tx.write(&w.path, w.base.clone(), text.into_bytes());
    }
    if !outcome.manifest.is_empty() {
        let rel = Path::new(store::MANIFEST_FILE);
        let base = tx.read(rel)?;
        let text = store::canonical_text(rel, &manifest)?;
        tx.write(rel, base, text.into_bytes());
    }
    let message = commit_message(&cat.manifest, plan, &outcome, rec.lang);
    let commit = tx.commit_as(&message, rec.author.as_ref())?;
    outcome.commit = Some(commit);
    outcome.message = Some(message);
    Ok(outcome)
}

type Planned = (PathBuf, Option<ProcedureRef>, Procedure, Procedure);

/// The fate of every procedure, and the files written: (path, created from, before, after).
fn plan_records(
    cat: &Catalog,
    manifest: &Manifest,
    plan: &ReorganizePlan,
    effective: Date,
) -> Result<(Vec<RecordFate>, Vec<Planned>), ReorganizeError> {
    let reference = |kind| {
        plan.decisions
            .iter()
            .find(|d| !d.number.trim().is_empty())
            .map(|d| PublicationRef {
                decision: d.number.as_str().into(),
                date: d.date,
                kind,
            })
    };
    let mut fates = Vec::new();
    let mut writes: Vec<Planned> = Vec::new();
    let mut created: BTreeMap<(String, String), ()> = BTreeMap::new();
    let mut procedures: Vec<&store::Stored<Procedure>> = cat.procedures.iter().collect();
    procedures.sort_by(|a, b| a.path.cmp(&b.path));
    for stored in procedures {
        let p = &stored.record;
        let exception = plan.code(&p.level, &p.code);
        let mut fate = RecordFate {
            level: p.level.to_string(),
            code: p.code.to_string(),
            name: p.name.to_string(),
            fate: Fate::Kept { rewritten: false },
            note: exception.and_then(|c| c.note.clone()),
        };
        if p.status.is_draft() {
            fate.fate = Fate::Draft;
            fates.push(fate);
            continue;
        }
        if p.status == ProcedureStatus::Abolished {
            fate.fate = Fate::AlreadyClosed;
            fates.push(fate);
            continue;
        }
        use crate::model::CodeAction;
        let action = match exception {
            Some(c) => c.action,
            None if plan.level_to(&p.level).is_some() => CodeAction::Transfer,
            None => CodeAction::Keep,
        };
        let close = |p: &Procedure, to: Option<ProcedureRef>| {
            let mut old = p.clone();
            old.status = ProcedureStatus::Abolished;
            old.effective_until = Some(effective);
            old.publication = reference(if to.is_some() {
                PublicationKind::Transferred
            } else {
                PublicationKind::Abolished
            });
            old.transferred_to = to;
            old
        };
        match action {
            CodeAction::Keep => {
                let after = rewrite(p, plan);
                let rewritten = after != *p;
                if rewritten {
                    writes.push((stored.path.clone(), None, p.clone(), after));
                }
                fate.fate = Fate::Kept { rewritten };
            }
            CodeAction::Close => {
                writes.push((stored.path.clone(), None, p.clone(), close(p, None)));
                fate.fate = Fate::Closed;
            }
            CodeAction::Transfer => {
                let to_level = exception
                    .and_then(|c| c.to_level.as_deref())
                    .or_else(|| plan.level_to(&p.level))
                    .ok_or_else(|| ReorganizeError::NoDestination {
                        level: p.level.to_string(),
                        code: p.code.to_string(),
                    })?
                    .to_owned();
                let to_code = exception
                    .and_then(|c| c.to_code.clone())
                    .unwrap_or_else(|| p.code.to_string());
                let to = ProcedureRef {
                    level: to_level.as_str().into(),
                    code: to_code.as_str().into(),
                };
                let clash = || ReorganizeError::Clash {
                    level: to_level.clone(),
                    code: to_code.clone(),
                };
                if to_level == p.level && to_code == p.code {
                    return Err(clash());
                }
                match cat.procedure(&to_level, &to_code) {
                    Some(there) if there.record.status != ProcedureStatus::Abolished => {
                        // The level it moves to already carries it out: hand it over.
                        writes.push((
                            stored.path.clone(),
                            None,
                            p.clone(),
                            close(p, Some(to.clone())),
                        ));
                        fate.fate = Fate::Merged { into: to };
                    }
                    Some(_) => return Err(clash()),
                    None => {
                        if created
                            .insert((to_level.clone(), to_code.clone()), ())
                            .is_some()
                        {
                            return Err(clash());
                        }
                        let mut new = rewrite(p, plan);
                        new.level = to_level.as_str().into();
                        new.code = to_code.as_str().into();
                        new.local_code = None;
                        new.status = ProcedureStatus::Published;
                        new.publication = reference(PublicationKind::Transferred);
                        new.effective_from = Some(effective);
                        new.effective_until = None;
                        new.replaced_by.clear();
                        new.transferred_to = None;
                        new.transferred_from = Some(ProcedureRef {
                            level: p.level.clone(),
                            code: p.code.clone(),
                        });
                        new.units = exception.map_or_else(Vec::new, |c| {
                            c.units.iter().map(crate::model::Text::from).collect()
                        });
                        if let Some(address) = &plan.address {
                            new.agencies.address = Some(address.as_str().into());
                        }
                        let path = store::procedure_path(manifest.layout, &to_level, &to_code);
                        writes.push((
                            stored.path.clone(),
                            None,
                            p.clone(),
                            close(p, Some(to.clone())),
                        ));
                        writes.push((
                            path,
                            Some(ProcedureRef {
                                level: p.level.clone(),
                                code: p.code.clone(),
                            }),
                            p.clone(),
                            new,
                        ));
                        fate.fate = Fate::Transferred { to };
                    }
                }
            }
        }
        fates.push(fate);
    }
    Ok((fates, writes))
}

/// A record with its agencies and field renamed by the plan.
fn rewrite(p: &Procedure, plan: &ReorganizePlan) -> Procedure {
    let mut out = p.clone();
    out.field = plan.field_to(&p.field).into();
    let a = &mut out.agencies;
    a.competent = a.competent.as_deref().map(|id| plan.agency_to(id).into());
    for list in [&mut a.implementing, &mut a.authorised, &mut a.coordinating] {
        let mut seen = Vec::new();
        for id in list.iter() {
            let to = plan.agency_to(id).to_owned();
            if !seen.contains(&to) {
                seen.push(to);
            }
        }
        *list = seen.into_iter().map(crate::model::Text::from).collect();
    }
    out
}

/// The manifest after the plan, and what changed in it.
fn new_manifest(
    old: &Manifest,
    plan: &ReorganizePlan,
    effective: Date,
) -> Result<(Manifest, Vec<ManifestEdit>), ReorganizeError> {
    let mut m = old.clone();
    let mut edits = Vec::new();
    let undeclared = |what, id: &str| ReorganizeError::Undeclared {
        what,
        id: id.to_owned(),
    };
    for l in &plan.levels {
        if m.level(&l.from).is_none() {
            return Err(undeclared(Declared::Level, &l.from));
        }
        if m.level(&l.to).is_none() {
            let name = l
                .name
                .clone()
                .ok_or_else(|| undeclared(Declared::Level, &l.to))?;
            m.levels.push(Level {
                id: l.to.clone(),
                name: name.clone(),
            });
            edits.push(ManifestEdit::LevelAdded {
                id: l.to.clone(),
                name,
            });
        }
    }
    for c in &plan.codes {
        if let Some(to) = &c.to_level
            && m.level(to).is_none()
        {
            return Err(undeclared(Declared::Level, to));
        }
    }
    for a in &plan.agencies {
        if m.agency(&a.from).is_none() {
            return Err(undeclared(Declared::Agency, &a.from));
        }
        if m.agency(&a.to).is_none() {
            let name = a
                .name
                .clone()
                .ok_or_else(|| undeclared(Declared::Agency, &a.to))?;
            m.agencies.push(Agency {
                id: a.to.clone(),
                name: name.clone(),
                address: a.address.clone(),
            });
            edits.push(ManifestEdit::AgencyAdded {
                id: a.to.clone(),
                name,
            });
        }
    }
    for f in &plan.fields {
        if m.field(&f.from).is_none() {
            return Err(undeclared(Declared::Field, &f.from));
        }
        if m.field(&f.to).is_none() {
            let name = f
                .name
                .clone()
                .ok_or_else(|| undeclared(Declared::Field, &f.to))?;
            m.fields.push(Field {
                id: f.to.clone(),
                name: name.clone(),
                code: None,
            });
            edits.push(ManifestEdit::FieldAdded {
                id: f.to.clone(),
                name,
            });
        }
    }
    if let Some(a) = &plan.authority {
        let new = Authority {
            name: a.name.clone(),
            unit_code: a.unit_code.clone(),
            province: a.province.clone(),
            address: a.address.clone(),
            website: a.website.clone(),
            // The statistics office's number belongs to the unit: kept for the same unit, not
            // carried over to another (the plan does not give one).
            admin_code: (a.name == m.authority.name)
                .then(|| m.authority.admin_code.clone())
                .flatten(),
        };
        if new != m.authority {
            edits.push(ManifestEdit::Authority {
                from: m.authority.name.clone(),
                to: new.name.clone(),
            });
            m.authority = new;
        }
        if let Some(title) = &a.site_title
            && m.publication.site_title.as_ref() != Some(title)
        {
            m.publication.site_title = Some(title.clone());
            edits.push(ManifestEdit::SiteTitle { to: title.clone() });
        }
        if a.contact.is_some() {
            m.publication.contact.clone_from(&a.contact);
        }
    }
    for u in &plan.units {
        if !validate::is_safe_id(&u.id) || m.level(&u.level).is_none() {
            return Err(ReorganizeError::BadUnit { id: u.id.clone() });
        }
        match m.units.iter_mut().find(|x| x.id == u.id) {
            Some(x) if x == u => {}
            Some(x) => {
                *x = u.clone();
                edits.push(ManifestEdit::UnitChanged {
                    id: u.id.clone(),
                    name: u.name.clone(),
                });
            }
            None => {
                m.units.push(u.clone());
                edits.push(ManifestEdit::UnitAdded {
                    id: u.id.clone(),
                    name: u.name.clone(),
                });
            }
        }
    }
    let renames = |pairs: Vec<(&String, &String)>| -> Vec<Rename> {
        let mut out: Vec<Rename> = Vec::new();
        for (from, to) in pairs {
            if from != to && !out.iter().any(|r| r.from == *from) {
                out.push(Rename {
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
        out
    };
    let change = ManifestChange {
        date: Some(effective),
        title: plan.title.clone(),
        decisions: plan
            .decisions
            .iter()
            .map(|d| d.number.clone())
            .filter(|n| !n.trim().is_empty())
            .collect(),
        levels: renames(plan.levels.iter().map(|l| (&l.from, &l.to)).collect()),
        agencies: renames(plan.agencies.iter().map(|a| (&a.from, &a.to)).collect()),
        fields: renames(plan.fields.iter().map(|f| (&f.from, &f.to)).collect()),
        authority_before: plan
            .authority
            .as_ref()
            .filter(|a| a.name != old.authority.name)
            .map(|_| old.authority.name.clone()),
    };
    let already = m
        .changes
        .iter()
        .any(|c| c.date == change.date && c.title == change.title);
    if !already {
        for r in &change.agencies {
            edits.push(ManifestEdit::AgencyRenamed {
                from: r.from.clone(),
                to: r.to.clone(),
            });
        }
        for r in &change.fields {
            edits.push(ManifestEdit::FieldRenamed {
                from: r.from.clone(),
                to: r.to.clone(),
            });
        }
        edits.push(ManifestEdit::Dated {
            date: effective,
            title: change.title.clone(),
        });
        m.changes.push(change);
    }
    Ok((m, edits))
}

/// `Sắp xếp lại danh mục từ 01/07/2025: chuyển cấp 12, giữ 33, đóng 0`, then the decisions and
/// one line per record that moves or closes.
fn commit_message(
    m: &Manifest,
    plan: &ReorganizePlan,
    o: &ReorganizeOutcome,
    lang: Lang,
) -> String {
    let c = o.counts();
    let day = crate::present::date_display(o.effective, lang);
    let mut msg = match lang {
        Lang::Vi => format!(
            "Sắp xếp lại danh mục từ {day}: chuyển cấp {}, giữ {}, đóng {}",
            c.transferred + c.merged,
            c.kept,
            c.closed
        ),
        Lang::En => format!(
            "Reorganise the catalogue from {day}: {} transferred, {} kept, {} closed",
            c.transferred + c.merged,
            c.kept,
            c.closed
        ),
    };
    msg.push_str("\n\n");
    if !plan.title.trim().is_empty() {
        msg.push_str(plan.title.trim());
        msg.push('\n');
    }
    let numbers: Vec<&str> = plan.decisions.iter().map(|d| d.number.trim()).collect();
    msg.push_str(&format!(
        "{}: {}\n",
        lang.pick("Căn cứ", "Under"),
        numbers.join(", ")
    ));
    for r in &o.records {
        let line = match &r.fate {
            Fate::Transferred { to } | Fate::Merged { into: to } => format!(
                "- {} {} ({}) → {} ({})",
                lang.pick("chuyển", "transfer"),
                r.code,
                m.level_name(&r.level),
                to.code,
                m.level_name(&to.level)
            ),
            Fate::Closed => format!(
                "- {} {} ({})",
                lang.pick("đóng", "close"),
                r.code,
                m.level_name(&r.level)
            ),
            _ => continue,
        };
        msg.push_str(&line);
        msg.push('\n');
    }
    msg.trim_end().to_owned()
}
