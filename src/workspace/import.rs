//! Import as a use case (issue 18): the national portal's list and detail files into procedure
//! records, a decision's appendix into a decision record — each one commit through the
//! [`Transaction`], naming the source files; existing records compared field by field and never
//! overwritten without `update`; a second import of the same files changes nothing.

use super::proposals::Recorder;
use super::{Transaction, WorkspaceError};
use crate::diagnostic::{Diagnostic, Problem};
use crate::diff::{self, FieldChange};
use crate::history::Author;
use crate::i18n::Lang;
use crate::import::build::{self, Built};
use crate::import::mapping::{MAP_FILE, Resolution, Resolver};
use crate::import::{
    Appendix, Detail, ImportMap, Located, MapKind, Place, PortalList, RowProblem, SourceError,
    Unmatched,
};
use crate::model::{Decision, EffectKind, LegalDocument, Manifest, Procedure, ProcedureStatus};
use crate::store::{self, Catalog};
use crate::validate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Why an import could not run (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    Source(#[from] SourceError),
    Workspace(#[from] WorkspaceError),
    /// `import-map.yaml` does not parse.
    Map(Vec<Diagnostic>),
    /// `--level` names no level of the manifest.
    UnknownLevel {
        given: String,
    },
    /// Records that would be written have errors (other than parts missing).
    Invalid(Vec<Diagnostic>),
    /// The decision is already recorded.
    AlreadyRecorded {
        number: String,
        id: String,
    },
}

/// What happens to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Not in the catalogue: created.
    New,
    /// The catalogue already says what the sources say.
    Unchanged,
    /// The catalogue says otherwise: shown, not written (no `--update`).
    Differs,
    /// The catalogue says otherwise and `--update` writes the sources' parts over it.
    Updated,
}

/// One record of the import.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub level: String,
    pub code: String,
    pub name: String,
    pub state: ItemState,
    /// Kept out of public listings until completed (a list row without a detail file, or a
    /// detail file lacking required parts).
    pub incomplete: bool,
    /// The required parts it lacks (for an incomplete record).
    pub missing: Vec<String>,
    /// Field by field, the catalogue's record against the sources'.
    pub changes: Vec<FieldChange>,
    /// Source file names.
    pub sources: Vec<String>,
}

/// What a portal import did, or would do.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PortalOutcome {
    pub items: Vec<Item>,
    /// Names the map and the manifest do not match: nothing is written until they are settled.
    pub unmatched: Vec<Unmatched>,
    /// Map entries proposed by folding (equal names).
    pub proposed: Vec<(MapKind, String, String)>,
    /// Manifest entries added (`add_missing`).
    pub added: Vec<(MapKind, String, String)>,
    /// (code, level as written) of rows at levels not imported here.
    pub elsewhere: Vec<(String, String)>,
    /// Whether `import-map.yaml` is written (created or changed).
    pub map_written: bool,
    pub commit: Option<String>,
    pub message: Option<String>,
}

impl PortalOutcome {
    pub fn count(&self, state: ItemState) -> usize {
        self.items.iter().filter(|i| i.state == state).count()
    }

    /// Stopped on names to settle.
    pub fn blocked(&self) -> bool {
        !self.unmatched.is_empty()
    }
}

/// A portal import.
#[derive(Debug, Clone, Default)]
pub struct PortalRequest {
    pub list: Option<PathBuf>,
    pub details: Vec<PathBuf>,
    /// Import only this level (id or name).
    pub level: Option<String>,
    pub update: bool,
    pub add_missing: bool,
    pub dry_run: bool,
}

impl PortalRequest {
    /// A portal import of `files` given in any order, as both faces take them: the first
    /// workbook is the list, documents are per-procedure files (each checked when read).
    pub fn of_files(files: &[PathBuf]) -> Result<PortalRequest, ImportError> {
        use crate::import::FileShape;
        let mut req = PortalRequest::default();
        for f in files {
            match crate::import::shape_of(f)? {
                FileShape::Xlsx if req.list.is_none() => req.list = Some(f.clone()),
                FileShape::Docx => req.details.push(f.clone()),
                _ if req.list.is_none() && req.details.is_empty() => req.list = Some(f.clone()),
                _ => req.details.push(f.clone()),
            }
        }
        Ok(req)
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The map of the catalogue at `root` (empty when there is none).
fn read_map(root: &Path) -> Result<(ImportMap, Option<Vec<u8>>), ImportError> {
    let path = root.join(MAP_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let map = store::parse_text::<ImportMap>(Path::new(MAP_FILE), &text)
                .map_err(ImportError::Map)?;
            Ok((map, Some(bytes)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((ImportMap::default(), None)),
        Err(source) => Err(WorkspaceError::Io { path, source }.into()),
    }
}

/// The level id `given` names (id or name, folded).
fn level_of(m: &Manifest, given: &str) -> Result<String, ImportError> {
    let folded = crate::search::fold(given);
    m.levels
        .iter()
        .find(|l| l.id == given || crate::search::fold(&l.name) == folded)
        .map(|l| l.id.clone())
        .ok_or_else(|| ImportError::UnknownLevel {
            given: given.to_owned(),
        })
}

/// The catalogue to import into, under the writer lock unless this is a dry run.
fn open_for(
    start: &Path,
    dry_run: bool,
) -> Result<(Catalog, Option<Transaction<'static>>), ImportError> {
    let root = store::find_root(start).ok_or_else(|| WorkspaceError::NoCatalog {
        start: start.to_owned(),
    })?;
    if dry_run {
        return Ok((super::open(&root)?, None));
    }
    // The lock first, then the read: what is changed is what was read.
    let tx = Transaction::begin(&root)?;
    let cat = store::load(&root).map_err(WorkspaceError::from)?;
    Ok((cat, Some(tx)))
}

/// The required parts a record lacks, and its other errors.
fn check(cat: &Catalog, p: &Procedure) -> (Vec<String>, Vec<Diagnostic>) {
    let rel = store::procedure_path(cat.manifest.layout, &p.level, &p.code);
    let text = store::canonical_text(&rel, p).unwrap_or_default();
    let mut missing = Vec::new();
    let mut errors = Vec::new();
    for d in validate::validate_procedure_text(cat, &rel, p, &text) {
        match &d.problem {
            Problem::Missing { what } => missing.push(what.clone()),
            _ if d.is_error() => errors.push(d),
            _ => {}
        }
    }
    (missing, errors)
}

/// Import the national portal's list (and detail files) into the catalogue at or above `start`.
pub fn portal(
    start: &Path,
    req: &PortalRequest,
    lang: Lang,
    author: Option<&Author>,
) -> Result<PortalOutcome, ImportError> {
    // The sources first: a file that cannot be read stops everything before the lock.
    let list: Option<PortalList> = match &req.list {
        Some(p) => Some(crate::import::read_list(p)?),
        None => None,
    };
    let mut details: Vec<Detail> = Vec::new();
    for p in &req.details {
        let d = crate::import::read_detail(p)?;
        if let Some(other) = details.iter().find(|o| o.code == d.code) {
            return Err(SourceError::Rows {
                file: p.clone(),
                problems: vec![Located {
                    place: Place::Paragraph { paragraph: 1 },
                    problem: RowProblem::DuplicateCode {
                        code: format!("{} ({})", d.code, file_name(&other.file)),
                    },
                }],
            }
            .into());
        }
        details.push(d);
    }
    let (mut cat, tx) = open_for(start, req.dry_run)?;
    let (map, map_bytes) = read_map(&cat.root)?;
    let only_level = match &req.level {
        Some(l) => Some(level_of(&cat.manifest, l)?),
        None => None,
    };
    let mut resolver = Resolver::new(map, cat.manifest.clone(), req.add_missing);
    let built = build::portal(
        list.as_ref(),
        &details,
        &mut resolver,
        only_level.as_deref(),
    );
    let mut out = PortalOutcome {
        unmatched: resolver.unmatched.clone(),
        proposed: resolver.proposed.clone(),
        added: resolver.added.clone(),
        elsewhere: built.elsewhere.clone(),
        ..PortalOutcome::default()
    };
    if out.blocked() {
        return Ok(out);
    }
    let manifest_changed = resolver.manifest != cat.manifest;
    cat.manifest = resolver.manifest.clone();
    let mut writes: Vec<Procedure> = Vec::new();
    let mut invalid = Vec::new();
    for b in &built.records {
        let (item, write, errors) = plan_item(&cat, b, req.update);
        invalid.extend(errors);
        if let Some(w) = write {
            writes.push(w);
        }
        out.items.push(item);
    }
    if !invalid.is_empty() {
        return Err(ImportError::Invalid(invalid));
    }
    let map_text =
        store::canonical_text(Path::new(MAP_FILE), &resolver.map).map_err(WorkspaceError::from)?;
    let map_text = format!("{}{map_text}", map_header());
    out.map_written = map_bytes.as_deref() != Some(map_text.as_bytes())
        && !(resolver.map == ImportMap::default() && map_bytes.is_none());
    if writes.is_empty() && !manifest_changed && !out.map_written {
        return Ok(out);
    }
    let sources: Vec<String> = req
        .list
        .iter()
        .chain(req.details.iter())
        .map(|p| file_name(p))
        .collect();
    let message = portal_message(&out, &sources, lang);
    out.message = Some(message.clone());
    let Some(mut tx) = tx else {
        return Ok(out);
    };
    if manifest_changed {
        let rel = Path::new(store::MANIFEST_FILE);
        let text = store::canonical_text(rel, &cat.manifest).map_err(WorkspaceError::from)?;
        let base = tx.read(rel)?;
        tx.write(rel, base, text.into_bytes());
    }
    if out.map_written {
        let rel = Path::new(MAP_FILE);
        let base = tx.read(rel)?;
        tx.write(rel, base, map_text.into_bytes());
    }
    for p in &writes {
        let rel = match cat.procedure(&p.level, &p.code) {
            Some(s) => s.path.clone(),
            None => store::procedure_path(cat.manifest.layout, &p.level, &p.code),
        };
        let text = store::canonical_text(&rel, p).map_err(WorkspaceError::from)?;
        let base = tx.read(&rel)?;
        tx.write(&rel, base, text.into_bytes());
    }
    out.commit = Some(tx.commit_as(&message, author)?);
    Ok(out)
}

fn map_header() -> &'static str {
    "# Đối chiếu tên trong tệp nhập (Cổng DVC quốc gia, phụ lục quyết định) với mã trong catalog.yaml.\n\
     # Sửa khi cần; ~ ở một cấp: danh mục này không có cấp đó (bỏ qua các dòng ở cấp đó).\n"
}

/// What to do with one built record: the item, the record to write (if any), its errors.
fn plan_item(cat: &Catalog, b: &Built, update: bool) -> (Item, Option<Procedure>, Vec<Diagnostic>) {
    let sources = b.sources.iter().map(|p| file_name(p)).collect();
    let existing = cat.procedure(&b.record.level, &b.record.code);
    let mut candidate = match existing {
        Some(s) => build::merge(&s.record, b),
        None => b.record.clone(),
    };
    // A detail file lacking required parts makes an incomplete record too.
    let (mut missing, _) = check(
        cat,
        &Procedure {
            incomplete: false,
            ..candidate.clone()
        },
    );
    if existing.is_none() || candidate.incomplete || existing.is_some_and(|s| s.record.incomplete) {
        candidate.incomplete = !missing.is_empty();
    }
    if !candidate.incomplete {
        missing.clear();
    }
    let (_, errors) = check(cat, &candidate);
    let (state, changes, write) = match existing {
        None => (ItemState::New, Vec::new(), Some(candidate.clone())),
        Some(s) => {
            let changes = diff::field_changes(&s.record, &candidate);
            if changes.is_empty() {
                (ItemState::Unchanged, changes, None)
            } else if update {
                (ItemState::Updated, changes, Some(candidate.clone()))
            } else {
                (ItemState::Differs, changes, None)
            }
        }
    };
    let errors = if write.is_some() { errors } else { Vec::new() };
    (
        Item {
            level: candidate.level.to_string(),
            code: candidate.code.to_string(),
            name: candidate.name.to_string(),
            state,
            incomplete: candidate.incomplete,
            missing,
            changes,
            sources,
        },
        write,
        errors,
    )
}

/// `Nhập từ Cổng DVC quốc gia (ds.xlsx, 1.001193.docx): 3 thủ tục mới (1 chưa đầy đủ), 1 cập
/// nhật`, the source files listed in the body.
fn portal_message(out: &PortalOutcome, sources: &[String], lang: Lang) -> String {
    let new = out.count(ItemState::New);
    let updated = out.count(ItemState::Updated);
    let incomplete = out
        .items
        .iter()
        .filter(|i| i.incomplete && matches!(i.state, ItemState::New | ItemState::Updated))
        .count();
    let shown: Vec<&str> = sources.iter().take(3).map(String::as_str).collect();
    let more = if sources.len() > 3 { ", …" } else { "" };
    let files = format!("{}{more}", shown.join(", "));
    let mut parts = Vec::new();
    match lang {
        Lang::Vi => {
            if new > 0 {
                parts.push(if incomplete > 0 {
                    format!("{new} thủ tục mới ({incomplete} chưa đầy đủ)")
                } else {
                    format!("{new} thủ tục mới")
                });
            }
            if updated > 0 {
                parts.push(format!("{updated} cập nhật"));
            }
            if !out.added.is_empty() {
                parts.push(format!("thêm {} mục vào catalog.yaml", out.added.len()));
            }
            if parts.is_empty() {
                parts.push("bảng đối chiếu import-map.yaml".into());
            }
            let mut m = format!(
                "Nhập từ Cổng DVC quốc gia ({files}): {}\n\nTệp nguồn:\n",
                parts.join(", ")
            );
            for s in sources {
                m.push_str(&format!("- {s}\n"));
            }
            m
        }
        Lang::En => {
            if new > 0 {
                parts.push(if incomplete > 0 {
                    format!("{new} new procedure(s) ({incomplete} incomplete)")
                } else {
                    format!("{new} new procedure(s)")
                });
            }
            if updated > 0 {
                parts.push(format!("{updated} updated"));
            }
            if !out.added.is_empty() {
                parts.push(format!("{} entries added to catalog.yaml", out.added.len()));
            }
            if parts.is_empty() {
                parts.push("the mapping import-map.yaml".into());
            }
            let mut m = format!(
                "Import from the national portal ({files}): {}\n\nSource files:\n",
                parts.join(", ")
            );
            for s in sources {
                m.push_str(&format!("- {s}\n"));
            }
            m
        }
    }
}

// ---- A decision's appendix ----

/// A decision import: the appendix and what the command line says about the decision.
#[derive(Debug, Clone, Default)]
pub struct DecisionRequest {
    pub appendix: PathBuf,
    pub number: String,
    pub date: Option<crate::model::Date>,
    pub issuer: Option<String>,
    pub signer: Option<String>,
    pub title: Option<String>,
    pub effective: Option<crate::model::Date>,
    pub add_missing: bool,
    pub dry_run: bool,
}

/// What a decision import did, or would do.
#[derive(Debug, Clone, Serialize, Default)]
pub struct DecisionOutcome {
    /// The decision as it is (or would be) recorded.
    pub decision: Decision,
    pub unmatched: Vec<Unmatched>,
    pub proposed: Vec<(MapKind, String, String)>,
    pub added: Vec<(MapKind, String, String)>,
    /// Problems of the decision (warnings, or the errors that stopped it).
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    pub commit: Option<String>,
    pub message: Option<String>,
}

/// Read a decision's appendix into a decision record (issue 14), one commit naming the file.
pub fn decision(
    start: &Path,
    req: &DecisionRequest,
    rec: &Recorder,
) -> Result<DecisionOutcome, ImportError> {
    let appendix: Appendix = crate::import::read_appendix(&req.appendix)?;
    // A new procedure's code is assigned when the province publishes it on the national
    // database; a row without one cannot be recorded yet.
    let uncoded: Vec<Located> = appendix
        .rows
        .iter()
        .filter(|r| r.code.is_none())
        .map(|r| Located {
            place: Place::Paragraph {
                paragraph: r.paragraph,
            },
            problem: RowProblem::MissingCode,
        })
        .collect();
    if !uncoded.is_empty() {
        return Err(SourceError::Rows {
            file: req.appendix.clone(),
            problems: uncoded,
        }
        .into());
    }
    let (mut cat, tx) = open_for(start, req.dry_run)?;
    let (map, map_bytes) = read_map(&cat.root)?;
    let mut resolver = Resolver::new(map, cat.manifest.clone(), req.add_missing);
    let mut d = Decision {
        number: req.number.trim().to_owned(),
        date: req.date,
        issuer: req.issuer.clone(),
        signer: req.signer.clone(),
        title: req.title.clone(),
        effective: req.effective,
        notes: Some(format!("Nhập từ phụ lục: {}", file_name(&req.appendix))),
        ..Decision::default()
    };
    for row in &appendix.rows {
        let code = row.code.clone().unwrap_or_default();
        let level = match &row.level {
            Some(l) => match resolver.resolve(MapKind::Level, l) {
                Resolution::Id(id) => id,
                // A level this catalogue does not hold: recorded, not applicable here.
                Resolution::Skip | Resolution::Unmatched => {
                    crate::import::mapping::new_id(MapKind::Level, l, &[])
                }
            },
            None => cat
                .procedures
                .iter()
                .find(|p| p.record.code == code)
                .map(|p| p.record.level.clone())
                .unwrap_or_default()
                .to_string(),
        };
        // Unmatched levels are recorded as rows elsewhere, not blockers.
        resolver.unmatched.retain(|u| u.kind != MapKind::Level);
        let field = row
            .field
            .as_deref()
            .map(|f| match resolver.resolve(MapKind::Field, f) {
                Resolution::Id(id) => id,
                _ => String::new(),
            })
            .unwrap_or_default();
        if !d.scope.levels.contains(&level) && !level.is_empty() {
            d.scope.levels.push(level.clone());
        }
        if !field.is_empty() && !d.scope.fields.contains(&field) {
            d.scope.fields.push(field.clone());
        }
        let existing = cat.procedure(&level, &code).map(|s| s.record.clone());
        let record = match row.kind {
            EffectKind::Abolished | EffectKind::Transferred => None,
            EffectKind::Amended if existing.is_some() => existing,
            _ => {
                let mut p = Procedure {
                    code: code.as_str().into(),
                    name: row.name.as_str().into(),
                    level: level.as_str().into(),
                    field: field.as_str().into(),
                    // No fee in the row: not entered (issue 16), not free.
                    fees: (!row.fees.is_empty()).then(|| row.fees.clone()),
                    status: ProcedureStatus::Published,
                    incomplete: true,
                    ..Procedure::default()
                };
                if let Some(t) = &row.time {
                    p.processing_time = t.clone();
                }
                if let Some(t) = &row.legal_text {
                    p.legal_basis
                        .get_or_insert_with(Vec::new)
                        .push(LegalDocument {
                            number: t.number.as_str().into(),
                            title: t.title.clone().unwrap_or_default().into(),
                            date: t.date,
                            issuer: None,
                            effective: t.effective,
                            ..LegalDocument::default()
                        });
                }
                Some(p)
            }
        };
        d.effects.push(crate::model::Effect {
            kind: row.kind,
            level,
            code,
            name: Some(row.name.clone()),
            legal_text: row.legal_text.clone(),
            record,
            ..crate::model::Effect::default()
        });
    }
    let mut out = DecisionOutcome {
        unmatched: resolver.unmatched.clone(),
        proposed: resolver.proposed.clone(),
        added: resolver.added.clone(),
        ..DecisionOutcome::default()
    };
    if !out.unmatched.is_empty() {
        out.decision = d;
        return Ok(out);
    }
    let manifest_changed = resolver.manifest != cat.manifest;
    cat.manifest = resolver.manifest.clone();
    if let Some(date) = d.date
        && let Some(other) = cat.decisions.iter().find(|o| {
            o.record.number.trim() == d.number.trim()
                && o.record.date.map(|x| x.year()) == Some(date.year())
        })
    {
        return Err(ImportError::AlreadyRecorded {
            number: d.number.clone(),
            id: other.record.id.clone(),
        });
    }
    let year = d.date.unwrap_or(rec.today).year();
    let ids: Vec<String> = cat.decisions.iter().map(|x| x.record.id.clone()).collect();
    d.id = crate::proposal_rules::next_id(ids.iter().map(String::as_str), year);
    let d = super::decisions::normalise(d);
    let diags = super::decisions::check(&cat, &d);
    let errors: Vec<Diagnostic> = diags.iter().filter(|x| x.is_error()).cloned().collect();
    out.diagnostics = diags;
    out.decision = d;
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    let n = out.decision.effects.len();
    let file = file_name(&req.appendix);
    let message = match rec.lang {
        Lang::Vi => format!(
            "Quyết định {} ({}): nhập từ phụ lục {file}, {n} dòng\n\nTệp nguồn:\n- {file}\n",
            out.decision.number, out.decision.id
        ),
        Lang::En => format!(
            "Decision {} ({}): imported from the appendix {file}, {n} row(s)\n\nSource files:\n- {file}\n",
            out.decision.number, out.decision.id
        ),
    };
    out.message = Some(message.clone());
    let Some(mut tx) = tx else {
        return Ok(out);
    };
    // The version each whole record will be written over (as `decision add` does).
    super::decisions::pin_bases(&tx, &cat, &mut out.decision)?;
    if manifest_changed {
        let rel = Path::new(store::MANIFEST_FILE);
        let text = store::canonical_text(rel, &cat.manifest).map_err(WorkspaceError::from)?;
        let base = tx.read(rel)?;
        tx.write(rel, base, text.into_bytes());
    }
    let map_text =
        store::canonical_text(Path::new(MAP_FILE), &resolver.map).map_err(WorkspaceError::from)?;
    let map_text = format!("{}{map_text}", map_header());
    if resolver.map != ImportMap::default() && map_bytes.as_deref() != Some(map_text.as_bytes()) {
        let rel = Path::new(MAP_FILE);
        let base = tx.read(rel)?;
        tx.write(rel, base, map_text.into_bytes());
    }
    let rel = store::decision_path(&out.decision.id);
    let text = store::canonical_text(&rel, &out.decision).map_err(WorkspaceError::from)?;
    let base = tx.read(&rel)?;
    tx.write(&rel, base, text.into_bytes());
    out.commit = Some(tx.commit_as(&message, rec.author.as_ref())?);
    Ok(out)
}
