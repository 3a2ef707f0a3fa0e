//! Export and publish: which catalogue state to render, what changed since the previous
//! publication, and the publication record committed and tagged as one step.

use super::{WorkspaceError, catalog_at, repository_of};
use crate::diagnostic::Diagnostic;
use crate::export::{
    self, ChangeSet, ChangesPage, ExportError, ExportInput, ExportReport, ForbiddenOut, Format,
    Source, Templates,
};
use crate::history::{HistoryError, Repo};
use crate::model::{Date, Decision, ProcedureStatus, PublicationCounts, PublicationRecord};
use crate::present::date_vi;
use crate::store::{self, Catalog, FileKind, Stored};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The catalogue's template overrides folder.
pub const TEMPLATES_DIR: &str = "templates";

/// What to export, and where.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub formats: BTreeSet<Format>,
    pub out: PathBuf,
    /// The catalogue as recorded at this revision or date, instead of the files as they are.
    pub at: Option<String>,
    /// Only procedures in force on this date.
    pub effective: Option<Date>,
    /// Export even when record files do not parse or procedures cannot be listed (they are
    /// left out and reported). A broken `catalog.yaml` is refused regardless.
    pub allow_problems: bool,
}

/// What an export did.
#[derive(Debug, Clone)]
pub struct ExportOutcome {
    pub report: ExportReport,
    pub out: PathBuf,
    /// The commit exported (None: the files had uncommitted changes, or no git).
    pub commit: Option<String>,
    /// Files under `templates/` that are not templates and were ignored.
    pub ignored_templates: Vec<String>,
    /// Catalogue files that could not be read and are missing from the export (only with
    /// `allow_problems`).
    pub unparsed: Vec<PathBuf>,
    /// The comparison behind the "what changed" page.
    pub changes: ChangesPage,
}

/// The repository of the catalogue at `root`, if it has one.
fn optional_repository(root: &Path) -> Result<Option<(Repo, PathBuf)>, WorkspaceError> {
    match repository_of(root) {
        Ok(r) => Ok(Some(r)),
        Err(WorkspaceError::NotVersioned { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

fn find_root(start: &Path) -> Result<PathBuf, WorkspaceError> {
    store::find_root(start).ok_or_else(|| WorkspaceError::NoCatalog {
        start: start.to_owned(),
    })
}

/// The files of `templates/` in the work tree, relative to it.
fn templates_on_disk(root: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, WorkspaceError> {
    fn walk(
        base: &Path,
        dir: &Path,
        depth: usize,
        out: &mut Vec<(PathBuf, Vec<u8>)>,
    ) -> Result<(), WorkspaceError> {
        let io = |source| WorkspaceError::Io {
            path: dir.to_owned(),
            source,
        };
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io(e)),
        };
        let mut paths: Vec<PathBuf> = entries
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(io)?;
        paths.sort();
        for path in paths {
            let meta = fs::metadata(&path).map_err(|source| WorkspaceError::Io {
                path: path.clone(),
                source,
            })?;
            if meta.is_dir() {
                if depth > 0 {
                    walk(base, &path, depth - 1, out)?;
                }
            } else if meta.len() <= 10 * 1024 * 1024 {
                let bytes = fs::read(&path).map_err(|source| WorkspaceError::Io {
                    path: path.clone(),
                    source,
                })?;
                let rel = path.strip_prefix(base).unwrap_or(&path).to_path_buf();
                out.push((rel, bytes));
            }
        }
        Ok(())
    }
    let base = root.join(TEMPLATES_DIR);
    let mut out = Vec::new();
    walk(&base, &base, 1, &mut out)?;
    Ok(out)
}

/// Catalogue paths (records and templates) with uncommitted changes.
fn uncommitted(repo: &Repo, prefix: &Path) -> Result<Vec<PathBuf>, WorkspaceError> {
    Ok(repo
        .dirty_paths(prefix)?
        .into_iter()
        .map(|p| p.strip_prefix(prefix).map(Path::to_path_buf).unwrap_or(p))
        .filter(|rel| store::classify(rel) != FileKind::Other || rel.starts_with(TEMPLATES_DIR))
        .collect())
}

/// Publication records, oldest first (by date, then file name), that name the commit they
/// published.
fn publications_in_order(cat: &Catalog) -> Vec<&Stored<PublicationRecord>> {
    let mut records: Vec<&Stored<PublicationRecord>> = cat
        .publications
        .iter()
        .filter(|p| p.record.commit.is_some())
        .collect();
    records.sort_by(|a, b| (a.record.date, &a.path).cmp(&(b.record.date, &b.path)));
    records
}

/// The procedures of the catalogue as a publication recorded them, without a second copy of a
/// big catalogue: a procedure file whose blob is the same then and now is taken from the
/// catalogue being exported; only the others are read from git and parsed.
struct Published {
    /// Positions in the current catalogue of the procedures unchanged since.
    shared: Vec<usize>,
    /// The published versions of the other procedure files.
    read: Catalog,
    effective: Option<Date>,
}

impl Published {
    fn read(
        repo: &Repo,
        prefix: &Path,
        root: &Path,
        record: &Stored<PublicationRecord>,
        cat: &Catalog,
        current_ids: &crate::store::KnownIds,
    ) -> Result<Published, WorkspaceError> {
        let commit = record.record.commit.as_deref().unwrap_or("");
        let position: std::collections::HashMap<&Path, usize> = cat
            .procedures
            .iter()
            .enumerate()
            .map(|(i, s)| (s.path.as_path(), i))
            .collect();
        let mut shared = Vec::new();
        let files = repo.files_at_where(commit, prefix, |rel, id| {
            if store::classify(rel) != FileKind::Procedure {
                return false;
            }
            match position.get(rel) {
                Some(&i) if current_ids.get(rel).as_ref() == Some(id) => {
                    shared.push(i);
                    false
                }
                _ => true,
            }
        })?;
        Ok(Published {
            shared,
            read: store::load_entries(root, files),
            effective: record.record.effective,
        })
    }

    fn index<'a>(&'a self, cat: &'a Catalog) -> export::changes::Index<'a> {
        export::changes::index(
            self.shared
                .iter()
                .map(|&i| &cat.procedures[i].record)
                .chain(self.read.procedures.iter().map(|s| &s.record)),
            self.effective,
        )
    }
}

/// The "what changed" page for exporting `cat`: if `cat` is what the latest publication
/// published, the changes that publication made; otherwise the changes since it.
fn changes_page(
    git: Option<&(Repo, PathBuf)>,
    root: &Path,
    cat: &Catalog,
    effective: Option<Date>,
) -> Result<ChangesPage, WorkspaceError> {
    let records = publications_in_order(cat);
    let (Some((repo, prefix)), Some(latest)) = (git, records.last()) else {
        return Ok(ChangesPage {
            changes: export::changes::compute(None, (cat, effective)),
            decisions: decision_records(cat, &reflected_decisions(cat)),
            ..ChangesPage::default()
        });
    };
    // Files the index vouches for, with their blob ids: their records in `cat` are what those
    // blobs hold, so a published version with the same id need not be read again.
    let current_ids = repo.clean_blob_ids(prefix).unwrap_or_default();
    let since_latest = {
        let published = Published::read(repo, prefix, root, latest, cat, &current_ids)?;
        export::changes::compute_from(published.index(cat), (cat, effective))
    };
    if !since_latest.is_empty() {
        return Ok(ChangesPage {
            current: None,
            baseline: Some(latest.record.clone()),
            changes: since_latest,
            decisions: decision_records(cat, &reflected_decisions(cat)),
        });
    }
    let before = records.len().checked_sub(2).map(|i| records[i]);
    let changes = match before {
        Some(b) => {
            let published = Published::read(repo, prefix, root, b, cat, &current_ids)?;
            export::changes::compute_from(published.index(cat), (cat, effective))
        }
        None => export::changes::compute(None, (cat, effective)),
    };
    Ok(ChangesPage {
        current: Some(latest.record.clone()),
        baseline: before.map(|b| b.record.clone()),
        changes,
        decisions: decision_records(cat, &latest.record.decisions),
    })
}

/// The records of the decisions a posting names (those not in the catalogue are left out).
fn decision_records(cat: &Catalog, posted: &[crate::model::PostedDecision]) -> Vec<Decision> {
    posted
        .iter()
        .filter_map(|p| cat.decisions.iter().find(|d| d.record.id == p.id))
        .map(|d| d.record.clone())
        .collect()
}

/// Export the catalogue found at or above `start` in the requested formats into `req.out`
/// (built beside it and swapped in at once).
pub fn export(start: &Path, req: &ExportRequest) -> Result<ExportOutcome, WorkspaceError> {
    export_rendered(start, req, &|cat, listing, input, sink| {
        export::render_listing(cat, listing, input, sink)
    })
}

/// How an export renders a prepared catalogue (the whole listing, or one or every unit's).
pub(super) type Render<'a> = dyn Fn(
        &Catalog,
        &export::Listing,
        &ExportInput,
        &dyn export::Sink,
    ) -> Result<ExportReport, ExportError>
    + 'a;

/// [`export`] with its rendering given: the same checks, catalogue state, templates and "what
/// changed" comparison, whatever is rendered.
pub(super) fn export_rendered(
    start: &Path,
    req: &ExportRequest,
    render: &Render,
) -> Result<ExportOutcome, WorkspaceError> {
    let root = find_root(start)?;
    let git = optional_repository(&root)?;
    refuse_out_folder(&root, git.as_ref().map(|(repo, _)| repo), &req.out)?;
    let (cat, template_files, commit) = match &req.at {
        Some(spec) => {
            let (repo, prefix) = git
                .as_ref()
                .ok_or_else(|| WorkspaceError::NotVersioned { path: root.clone() })?;
            let commit = repo.resolve(spec)?;
            let cat = catalog_at(repo, prefix, &root, &commit)?;
            let templates = repo.files_at(&commit, &prefix.join(TEMPLATES_DIR))?;
            (cat, templates, Some(commit))
        }
        None => {
            // Through the record cache: a warm open of a big catalogue is several times faster
            // than parsing every file.
            let cat = super::open(&root)?;
            let commit = match &git {
                Some((repo, prefix)) if uncommitted(repo, prefix)?.is_empty() => repo.head()?,
                _ => None,
            };
            (cat, templates_on_disk(&root)?, commit)
        }
    };
    // A listing of a day shows the version in force that day: an amendment recorded before it
    // takes effect leaves the version before it in force (read back from git).
    let mut cat = cat;
    if let (Some(day), Some((repo, prefix)), None) = (req.effective, &git, &req.at) {
        super::in_force::versions_in_force(repo, prefix, &mut cat, day)?;
    }
    let unparsed = export_problems(&cat, req.allow_problems)?;
    let listing = export::Listing::new(&cat, req.effective);
    if !listing.skipped.is_empty() && !req.allow_problems {
        return Err(ExportError::LeftOut {
            left_out: listing.skipped,
        }
        .into());
    }
    let (templates, ignored_templates) = Templates::from_files(template_files)?;
    let changes = changes_page(git.as_ref(), &root, &cat, req.effective)?;
    let input = ExportInput {
        formats: req.formats.clone(),
        source: Source {
            commit: commit.clone(),
            at: req.at.clone(),
            effective: req.effective,
        },
        changes,
        templates,
    };
    let report = export::write_folder(&req.out, |sink| render(&cat, &listing, &input, sink))?;
    Ok(ExportOutcome {
        report,
        out: req.out.clone(),
        commit,
        ignored_templates,
        unparsed,
        changes: input.changes,
    })
}

/// The files of `cat` that do not parse and would be missing from an export: refused unless
/// `allow` (then returned, to be reported); a broken manifest is refused always, since the
/// levels, fields and authority of every page come from it. Unreadable proposals do not touch
/// the listing and are not counted.
fn export_problems(cat: &Catalog, allow: bool) -> Result<Vec<PathBuf>, ExportError> {
    if cat.unparsed.contains(Path::new(store::MANIFEST_FILE)) {
        return Err(ExportError::BrokenManifest);
    }
    let files: Vec<PathBuf> = cat
        .unparsed
        .iter()
        .filter(|p| store::classify(p) != FileKind::Proposal)
        .cloned()
        .collect();
    if files.is_empty() || allow {
        Ok(files)
    } else {
        Err(ExportError::Unreadable { files })
    }
}

/// `path` as the system will resolve it: absolute, every existing part with its symlinks
/// followed, `..` applied where it lands.
fn resolved(path: &Path) -> std::io::Result<PathBuf> {
    use std::path::Component;
    let mut out = std::env::current_dir()?;
    for part in path.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => out = PathBuf::from(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if let Ok(real) = out.canonicalize() {
                    out = real;
                }
            }
        }
    }
    Ok(out)
}

/// Refuse an output folder that would damage the repository or the catalogue: anything inside
/// a `.git` folder (the repository's own, wherever it is, or any other), the catalogue's folder
/// or one of its own folders, or a folder that holds the catalogue (the swap would remove it).
fn refuse_out_folder(root: &Path, repo: Option<&Repo>, out: &Path) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: out.to_owned(),
        source,
    };
    let target = resolved(out).map_err(io)?;
    let root = resolved(root).map_err(io)?;
    let refuse = |why| {
        Err(ExportError::ForbiddenOut {
            path: out.to_owned(),
            why,
        })
    };
    let git_dir = repo.and_then(|r| resolved(r.git_dir()).ok());
    if target.components().any(|c| c.as_os_str() == ".git")
        || git_dir.is_some_and(|g| target.starts_with(g))
    {
        return refuse(ForbiddenOut::GitFolder);
    }
    if root.starts_with(&target) && root != target {
        return refuse(ForbiddenOut::HoldsCatalogue);
    }
    let own = [
        store::PROCEDURES_DIR,
        store::PROPOSALS_DIR,
        store::PUBLICATIONS_DIR,
        store::DECISIONS_DIR,
        TEMPLATES_DIR,
    ];
    if target == root || own.iter().any(|dir| target.starts_with(root.join(dir))) {
        return refuse(ForbiddenOut::CatalogueFolder);
    }
    Ok(())
}

/// What publishing now would record: for the Xuất bản tab and `tthc publish`.
#[derive(Debug, Clone)]
pub struct PublishPreview {
    pub root: PathBuf,
    /// The commit that would be published.
    pub head: Option<String>,
    /// The previous publication, compared against.
    pub previous: Option<Stored<PublicationRecord>>,
    pub changes: ChangeSet,
    /// Every validation finding; publishing is refused while any is an error.
    pub diagnostics: Vec<Diagnostic>,
    pub errors: usize,
    pub warnings: usize,
    /// Catalogue files with uncommitted changes; publishing is refused while there are any.
    pub uncommitted: Vec<PathBuf>,
    /// Procedures in force that the listing would show.
    pub listed: usize,
    /// The province's decisions the posting would say it reflects.
    pub decisions: Vec<crate::model::PostedDecision>,
}

impl PublishPreview {
    /// Whether `publish` would go ahead.
    pub fn ready(&self) -> bool {
        self.errors == 0 && self.uncommitted.is_empty() && self.head.is_some()
    }
}

fn preview_of(
    root: &Path,
    repo: &Repo,
    prefix: &Path,
    cat: &Catalog,
    effective: Option<Date>,
) -> Result<PublishPreview, WorkspaceError> {
    let diagnostics = crate::validate::validate_catalog(cat);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let previous = publications_in_order(cat).last().map(|s| (*s).clone());
    let changes = match &previous {
        Some(p) => {
            let old = catalog_at(repo, prefix, root, p.record.commit.as_deref().unwrap_or(""))?;
            export::changes::compute(Some((&old, p.record.effective)), (cat, effective))
        }
        None => export::changes::compute(None, (cat, effective)),
    };
    let listed = cat
        .procedures
        .iter()
        .filter(|s| {
            !matches!(
                s.record.status,
                ProcedureStatus::Abolished | ProcedureStatus::Draft
            )
        })
        .filter(|s| effective.is_none_or(|d| s.record.in_effect_on(d)))
        .count();
    Ok(PublishPreview {
        root: root.to_owned(),
        head: repo.head()?,
        previous,
        changes,
        warnings: diagnostics.len() - errors,
        errors,
        diagnostics,
        uncommitted: uncommitted(repo, prefix)?,
        listed,
        decisions: reflected_decisions(cat),
    })
}

/// The province's decisions a posting made now reflects (domain §7.1): those with a row applied
/// to this catalogue since the previous posting (on or after its date), that no earlier posting
/// names already; oldest first.
pub fn reflected_decisions(cat: &Catalog) -> Vec<crate::model::PostedDecision> {
    let earlier = publications_in_order(cat);
    let since = earlier.last().and_then(|p| p.record.date);
    let named: BTreeSet<&str> = earlier
        .iter()
        .flat_map(|p| p.record.decisions.iter().map(|d| d.id.as_str()))
        .collect();
    let mut out: Vec<crate::model::PostedDecision> = cat
        .decisions
        .iter()
        .map(|s| &s.record)
        .filter(|d| !named.contains(d.id.as_str()))
        .filter(|d| {
            d.effects.iter().any(|e| {
                e.applied
                    .as_ref()
                    .is_some_and(|a| since.is_none_or(|s| a.date.is_none_or(|x| x >= s)))
            })
        })
        .map(|d| crate::model::PostedDecision {
            id: d.id.clone(),
            number: d.number.clone(),
            date: d.date,
        })
        .collect();
    out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    out
}

/// What would change if the catalogue at or above `start` were published now, with the
/// listing of the procedures in force on `effective` (the decision's effective date, if known).
pub fn publish_preview(
    start: &Path,
    effective: Option<Date>,
) -> Result<PublishPreview, WorkspaceError> {
    post_preview(start, effective, None)
}

/// [`publish_preview`] with the decisions the posting reflects said explicitly (`--reflects`):
/// every id must be a decision recorded in the catalogue.
pub fn post_preview(
    start: &Path,
    effective: Option<Date>,
    reflects: Option<&[String]>,
) -> Result<PublishPreview, WorkspaceError> {
    let root = find_root(start)?;
    let (repo, prefix) = repository_of(&root)?;
    let cat = store::load(&root)?;
    let mut preview = preview_of(&root, &repo, &prefix, &cat, effective)?;
    if let Some(ids) = reflects {
        preview.decisions = chosen_decisions(&cat, ids)?;
    }
    Ok(preview)
}

/// The decisions named by `ids` (blank ids ignored, each once), oldest first; refused with every
/// id that names no recorded decision.
pub fn chosen_decisions(
    cat: &Catalog,
    ids: &[String],
) -> Result<Vec<crate::model::PostedDecision>, WorkspaceError> {
    let mut unknown: Vec<String> = Vec::new();
    let mut out: Vec<crate::model::PostedDecision> = Vec::new();
    for id in ids.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        match cat.decisions.iter().find(|d| d.record.id == id) {
            Some(d) if !out.iter().any(|o| o.id == id) => out.push(crate::model::PostedDecision {
                id: d.record.id.clone(),
                number: d.record.number.clone(),
                date: d.record.date,
            }),
            Some(_) => {}
            None if !unknown.iter().any(|u| u == id) => unknown.push(id.to_owned()),
            None => {}
        }
    }
    if !unknown.is_empty() {
        return Err(WorkspaceError::ReflectsUnknown { ids: unknown });
    }
    out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    Ok(out)
}

/// The decision data of a publication.
#[derive(Debug, Clone)]
pub struct PublishRequest {
    /// Số quyết định, e.g. `1234/QĐ-UBND`.
    pub decision: String,
    pub date: Date,
    pub effective: Option<Date>,
    pub signer: Option<String>,
    /// Where the exported listing goes (all formats).
    pub out: PathBuf,
}

/// What `publish` did.
#[derive(Debug, Clone)]
pub struct PublishReport {
    pub record_path: PathBuf,
    pub record: PublicationRecord,
    pub commit: String,
    pub tag: String,
    pub export: ExportReport,
    pub changes: ChangeSet,
    /// Validation warnings (publishing goes ahead with warnings).
    pub warnings: usize,
}

/// Check a publication's decision data against the catalogue's earlier publications, before
/// anything is written (and for `--dry-run`): a decision number, not already recorded; a date
/// not in the future and not before the previous publication; an effective date not before the
/// decision.
pub fn check_request(cat: &Catalog, req: &PublishRequest) -> Result<(), WorkspaceError> {
    let decision = req.decision.trim();
    if decision.is_empty() || decision.chars().any(crate::validate::is_forbidden_char) {
        return Err(WorkspaceError::DecisionNumberInvalid);
    }
    let today = cat.manifest.policy.today();
    if req.date > today {
        return Err(WorkspaceError::PublicationInFuture {
            date: req.date,
            today,
        });
    }
    if let Some(effective) = req.effective
        && effective < req.date
    {
        return Err(WorkspaceError::EffectiveBeforeDecision {
            effective,
            date: req.date,
        });
    }
    let normal = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    for earlier in &cat.publications {
        if normal(&earlier.record.decision) == normal(decision) {
            return Err(WorkspaceError::DecisionReused {
                decision: decision.to_owned(),
                file: earlier.path.clone(),
            });
        }
    }
    if let Some(last) = publications_in_order(cat).last()
        && let Some(previous) = last.record.date
        && req.date < previous
    {
        return Err(WorkspaceError::PublicationOutOfOrder {
            date: req.date,
            previous,
            decision: last.record.decision.clone(),
        });
    }
    Ok(())
}

/// [`check_request`] for the catalogue at or above `start` (the CLI's `--dry-run`).
pub fn check_publish_request(start: &Path, req: &PublishRequest) -> Result<(), WorkspaceError> {
    let root = find_root(start)?;
    let cat = store::load(&root)?;
    check_request(&cat, req)
}

/// `publications/<date>-<n>.yaml` with the first free `n`, and that `n`.
fn record_path(root: &Path, date: Date) -> Result<(PathBuf, u32), WorkspaceError> {
    let dir = root.join(store::PUBLICATIONS_DIR);
    let prefix = format!("{date}-");
    let mut taken = BTreeSet::new();
    match fs::read_dir(&dir) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Some(n) = name
                    .strip_prefix(&prefix)
                    .and_then(|rest| rest.strip_suffix(".yaml"))
                    .and_then(|n| n.parse::<u32>().ok())
                {
                    taken.insert(n);
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(WorkspaceError::Io { path: dir, source }),
    }
    let n = (1..).find(|n| !taken.contains(n)).unwrap_or(1);
    Ok((
        Path::new(store::PUBLICATIONS_DIR).join(format!("{date}-{n}.yaml")),
        n,
    ))
}

/// Publish the catalogue at or above `start`: refuse on validation errors or uncommitted
/// changes; export every format into `req.out`; write the publication record (decision, dates,
/// the commit published, counts, the change list against the previous publication) as one
/// commit; tag that commit `publication/<date>` (`publication/<date>-<n>` for a second one
/// that day).
pub fn publish(start: &Path, req: &PublishRequest) -> Result<PublishReport, WorkspaceError> {
    post(start, req, None)
}

/// [`publish`] (`tthc post`), with the decisions the posting reflects said explicitly
/// (`--reflects`; None: those applied here since the previous posting).
pub fn post(
    start: &Path,
    req: &PublishRequest,
    reflects: Option<&[String]>,
) -> Result<PublishReport, WorkspaceError> {
    post_as(start, req, reflects, None)
}

/// [`post`] with an explicit author and time (building a history: the demo); `None` is the
/// configured git identity and now.
pub(super) fn post_as(
    start: &Path,
    req: &PublishRequest,
    reflects: Option<&[String]>,
    author: Option<&crate::history::Author>,
) -> Result<PublishReport, WorkspaceError> {
    let decision = req.decision.trim();
    let root = find_root(start)?;
    let (repo, prefix) = repository_of(&root)?;
    refuse_out_folder(&root, Some(&repo), &req.out)?;
    let cat = store::load(&root)?;
    check_request(&cat, req)?;
    let mut preview = preview_of(&root, &repo, &prefix, &cat, req.effective)?;
    if let Some(ids) = reflects {
        preview.decisions = chosen_decisions(&cat, ids)?;
    }
    if preview.errors > 0 {
        return Err(WorkspaceError::Invalid {
            errors: preview.errors,
            diagnostics: preview.diagnostics,
        });
    }
    if !preview.uncommitted.is_empty() {
        return Err(WorkspaceError::Uncommitted {
            paths: preview.uncommitted,
        });
    }
    let head = preview
        .head
        .clone()
        .ok_or_else(|| WorkspaceError::NotVersioned { path: root.clone() })?;
    let (rel, n) = record_path(&root, req.date)?;
    let tag = if n == 1 {
        format!("publication/{}", req.date)
    } else {
        format!("publication/{}-{n}", req.date)
    };
    if repo.tag_exists(&tag)? {
        return Err(HistoryError::TagExists { name: tag }.into());
    }
    let changes = preview.changes;
    let record = PublicationRecord {
        decision: decision.to_owned(),
        date: Some(req.date),
        signer: req
            .signer
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        effective: req.effective,
        commit: Some(head.clone()),
        counts: PublicationCounts {
            total: preview.listed as u32,
            new: changes.new.len() as u32,
            amended: changes.amended.len() as u32,
            abolished: changes.abolished.len() as u32,
            transferred: changes.transferred.len() as u32,
        },
        changes: changes.record_changes(),
        decisions: preview.decisions.clone(),
    };
    let text = store::canonical_text(&rel, &record)?;
    // Begin before exporting, so a commit made meanwhile by someone else is noticed.
    let mut txn = super::Transaction::begin(&root)?;
    if txn.base_head() != Some(head.as_str()) {
        return Err(HistoryError::HeadMoved {
            expected: head,
            found: txn.base_head().unwrap_or("(none)").to_owned(),
        }
        .into());
    }
    let (templates, _) = Templates::from_files(templates_on_disk(&root)?)?;
    let input = ExportInput {
        formats: Format::ALL.into_iter().collect(),
        source: Source {
            commit: Some(head.clone()),
            at: None,
            effective: req.effective,
        },
        changes: ChangesPage {
            current: Some(record.clone()),
            baseline: preview.previous.map(|p| p.record),
            changes: changes.clone(),
            decisions: decision_records(&cat, &record.decisions),
        },
        templates,
    };
    let export = export::write_folder(&req.out, |sink| export::render(&cat, &input, sink))?;
    txn.write(&rel, None, text.into_bytes());
    let message = format!(
        "Niêm yết danh mục TTHC theo văn bản số {decision} ngày {}\n\n{} thủ tục; mới: {}, sửa đổi/thay thế: {}, bãi bỏ: {}.",
        date_vi(req.date),
        record.counts.total,
        record.counts.new,
        record.counts.amended,
        record.counts.abolished
    );
    let message = if record.counts.transferred > 0 {
        format!(
            "{} Chuyển cấp: {}.",
            message.trim_end_matches('.'),
            record.counts.transferred
        )
    } else {
        message
    };
    // The province's decisions the posting reflects (domain §7.1).
    let message = if record.decisions.is_empty() {
        message
    } else {
        let list: Vec<String> = record
            .decisions
            .iter()
            .map(|d| format!("{} ({})", d.number, d.id))
            .collect();
        format!("{message}\nPhản ánh các quyết định: {}.", list.join(", "))
    };
    txn.tag_commit(&tag, &message);
    let commit = txn.commit_as(&message, author)?;
    Ok(PublishReport {
        record_path: rel,
        record,
        commit,
        tag,
        export,
        changes,
        warnings: preview.warnings,
    })
}
