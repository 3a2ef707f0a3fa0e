//! The use cases the faces call: create a catalogue, open one, reformat it.

use crate::history::{CommitInfo, FileChange, HistoryError, Repo};
use crate::model::{Level, Manifest};
use crate::store::{self, Catalog, LoadHints, LoadStats, StoreError};
use std::fs;
use std::path::{Path, PathBuf};

pub mod ci;
pub mod decisions;
mod demo;
mod demo_2025;
mod edit;
pub mod import;
mod in_force;
pub mod incoming;
pub use demo_2025::build_demo_after_2025;
pub mod intent;
pub mod journal;
pub mod legal;
pub mod lock;
pub mod migrate;
mod one;
pub mod proposals;
mod publish;
pub mod reorganize;
pub mod reviews;
mod sync;
mod transaction;
mod units;

pub use demo::{build_demo, build_demo_2022, finish_demo, post_demo_2022};
pub use edit::{EditOutcome, EditSession, HEADER_PREFIX, describe_change};
pub use migrate::Migrated;
pub use migrate::{MigrateReport, migrate};
pub use one::{level_matches, open_procedure};
pub use publish::{
    ExportOutcome, ExportRequest, PublishPreview, PublishReport, PublishRequest, TEMPLATES_DIR,
    check_publish_request, export, publish, publish_preview,
};
pub use publish::{chosen_decisions, post, post_preview};
pub use sync::{SyncConflict, SyncOutcome, sync};
pub use transaction::{Committed, Transaction, Versioned};
pub use units::{UnitChoice, export_units};

pub use crate::sample::files as sample_files;

/// What went wrong in a use case (data; `i18n` words it in both languages).
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    Store(#[from] StoreError),
    History(#[from] HistoryError),
    AlreadyExists {
        path: PathBuf,
    },
    NotEmpty {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    FileChanged {
        path: PathBuf,
    },
    Sample {
        detail: String,
    },
    NoRemote {
        name: String,
    },
    DetachedHead,
    Uncommitted {
        paths: Vec<PathBuf>,
    },
    NotVersioned {
        path: PathBuf,
    },
    NoCatalog {
        start: PathBuf,
    },
    Export(#[from] crate::export::ExportError),
    Invalid {
        errors: usize,
        diagnostics: Vec<crate::diagnostic::Diagnostic>,
    },
    PublicationInput {
        detail: String,
    },
    DecisionNumberInvalid,
    PublicationInFuture {
        date: crate::model::Date,
        today: crate::model::Date,
    },
    EffectiveBeforeDecision {
        effective: crate::model::Date,
        date: crate::model::Date,
    },
    DecisionReused {
        decision: String,
        file: PathBuf,
    },
    PublicationOutOfOrder {
        date: crate::model::Date,
        previous: crate::model::Date,
        decision: String,
    },
    /// `post --reflects`: ids that name no decision recorded in this catalogue.
    ReflectsUnknown {
        ids: Vec<String>,
    },
    Busy {
        pid: Option<u32>,
        /// When the other writer took the lock, seconds since the epoch.
        since: Option<i64>,
    },
    SavedIncomplete {
        commit: String,
        detail: String,
    },
    /// `init --ci`: the catalogue is a sub-folder of its repository (`prefix`), and pipeline
    /// files must be at the repository's root.
    CiNotAtRoot {
        prefix: PathBuf,
    },
    /// `init --ci`: a pipeline file is already there with other content (never overwritten).
    CiFileExists {
        path: PathBuf,
    },
    /// A write to a catalogue in an older format, which cannot be migrated first because files
    /// do not parse: nothing was written.
    MigrationNeeded {
        from: u32,
        to: u32,
        unparsed: Vec<PathBuf>,
    },
}

/// The root of the catalogue at or above `start`, if there is one (the faces' way to find it).
pub fn locate(start: &Path) -> Option<PathBuf> {
    store::find_root(start)
}

/// The root of the catalogue at or above `start`, or the error that there is none: for commands
/// that find their own way through the catalogue (a step on a proposal, applying a decision).
pub fn root_at(start: &Path) -> Result<PathBuf, WorkspaceError> {
    store::find_root(start).ok_or_else(|| WorkspaceError::NoCatalog {
        start: start.to_owned(),
    })
}

/// The manifest of the catalogue at or above `start`, read alone (no records), if it reads.
pub fn manifest_at(start: &Path) -> Option<Manifest> {
    let root = store::find_root(start)?;
    store::load_manifest(&root).ok().map(|cat| cat.manifest)
}

/// Today in the time zone of the catalogue found at or above `start` (its manifest's
/// `policy.time_zone`, default Asia/Ho_Chi_Minh) — the one "today" of the CLI and the TUI alike.
pub fn today(start: &Path) -> crate::model::Date {
    manifest_at(start)
        .map(|m| m.policy)
        .unwrap_or_default()
        .today()
}

/// Complete or roll back a save that was interrupted (a kill, a power cut, a disk error) in the
/// repository holding the catalogue at `root`. Cheap when there is none: one `stat`.
pub fn recover(root: &Path) -> Result<Option<intent::Recovery>, WorkspaceError> {
    let repo = match Repo::discover(root)? {
        Some(r) => r,
        None => return Ok(None),
    };
    // A save killed while writing its intent record leaves only a temporary file.
    store::remove_stale_temps(&repo.git_dir().join("tthc"));
    if !intent::pending(repo.git_dir()) {
        return Ok(None);
    }
    let lock = lock::WriterLock::acquire(repo.git_dir(), lock::WAIT)?;
    intent::recover(&repo, &lock)
}

/// What `init` did.
#[derive(Debug)]
pub struct InitReport {
    pub root: PathBuf,
    pub files: usize,
    /// True when a new repository was created, false when an existing one was used.
    pub new_repository: bool,
    pub commit: String,
}

/// Create a catalogue in `dir`, empty or from the sample. Inside an existing git repository the
/// catalogue becomes a sub-folder of it; otherwise `dir` becomes a new repository. Either way the
/// result is one commit holding exactly the catalogue's files.
pub fn init(dir: &Path, with_sample: bool, authority: &str) -> Result<InitReport, WorkspaceError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WorkspaceError::Io { path, source }
    };
    if dir.join(store::MANIFEST_FILE).exists() {
        return Err(WorkspaceError::AlreadyExists {
            path: dir.to_owned(),
        });
    }
    if dir.exists() && fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(WorkspaceError::NotEmpty {
            path: dir.to_owned(),
        });
    }
    let existed = dir.exists();
    fs::create_dir_all(dir).map_err(io(dir))?;
    let (repo, new_repository) = match Repo::discover(dir)? {
        Some(repo) => (repo, false),
        None => (Repo::init(dir)?, true),
    };
    // Check the identity before writing anything, so a missing one leaves nothing half-made.
    if let Err(e) = repo.identity() {
        drop(repo);
        if new_repository {
            let _ = fs::remove_dir_all(dir.join(".git"));
            if !existed {
                let _ = fs::remove_dir(dir);
            }
        }
        return Err(e.into());
    }
    let files: Vec<(String, String)> = if with_sample {
        sample_files()
            .iter()
            .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
            .collect()
    } else {
        let manifest =
            store::canonical_text(Path::new(store::MANIFEST_FILE), &new_manifest(authority))?;
        vec![(store::MANIFEST_FILE.to_owned(), manifest)]
    };
    let mut changes = Vec::new();
    let prefix = repo.relative(dir)?;
    for (rel, content) in &files {
        let abs = dir.join(rel);
        store::write_atomic(&abs, content.as_bytes(), store::Durability::Durable)
            .map_err(io(&abs))?;
        changes.push(FileChange {
            path: prefix.join(rel),
            content: Some(content.clone().into_bytes()),
        });
    }
    for sub in [
        store::PROCEDURES_DIR,
        store::PROPOSALS_DIR,
        store::PUBLICATIONS_DIR,
    ] {
        // Git does not track empty folders; a .gitkeep keeps the layout visible in a clone.
        let keep = Path::new(sub).join(".gitkeep");
        if !files.iter().any(|(p, _)| p.starts_with(&format!("{sub}/"))) {
            store::write_atomic(&dir.join(&keep), b"", store::Durability::Durable)
                .map_err(io(dir))?;
            changes.push(FileChange {
                path: prefix.join(&keep),
                content: Some(Vec::new()),
            });
        }
    }
    let message = if with_sample {
        "Khởi tạo danh mục TTHC (dữ liệu mẫu)"
    } else {
        "Khởi tạo danh mục TTHC"
    };
    let commit = repo.commit_files(&changes, message, repo.head()?.as_deref())?;
    Ok(InitReport {
        root: dir.to_owned(),
        files: changes.len(),
        new_repository,
        commit,
    })
}

/// The manifest of a new, empty catalogue: today's two levels (since July 2025), nothing else.
pub fn new_manifest(authority: &str) -> Manifest {
    Manifest {
        schema: crate::validate::SCHEMA_VERSION,
        authority: crate::model::Authority {
            name: authority.to_owned(),
            ..Default::default()
        },
        levels: vec![
            Level {
                id: "tinh".into(),
                name: "Cấp tỉnh".into(),
            },
            Level {
                id: "xa".into(),
                name: "Cấp xã".into(),
            },
        ],
        ..Manifest::default()
    }
}

/// Find the catalogue at or above `start` and load it. In a git repository, records whose files
/// are unchanged since the index last saw them come from the record cache in the git directory.
pub fn open(start: &Path) -> Result<Catalog, WorkspaceError> {
    open_with_stats(start).map(|(cat, _)| cat)
}

/// [`open`], telling how much came from the cache.
pub fn open_with_stats(start: &Path) -> Result<(Catalog, LoadStats), WorkspaceError> {
    let root = store::find_root(start).ok_or_else(|| WorkspaceError::NoCatalog {
        start: start.to_owned(),
    })?;
    // Anything wrong with git here only costs the cache, never the load.
    let repo = match Repo::discover(&root) {
        Ok(Some(repo)) => repo,
        _ => return Ok(store::load_with(&root, None)?),
    };
    let Ok(prefix) = repo.relative(&root) else {
        return Ok(store::load_with(&root, None)?);
    };
    let cache_file = record_cache_file(&repo, &prefix);
    let hints = LoadHints {
        known_ids: Box::new(move || repo.clean_blob_ids(&prefix).unwrap_or_default()),
        hash: &crate::history::blob_id,
        cache_file,
    };
    Ok(store::load_with(&root, Some(hints))?)
}

/// Find the catalogue at or above `start` and load what a list of its procedures needs: the
/// procedures as their list columns only (from the summaries beside the record cache, keyed by
/// the same blob ids), every other record whole. At a hundred thousand procedures this takes a
/// fraction of the time and memory of [`open`].
pub fn open_overview(start: &Path) -> Result<store::Overview, WorkspaceError> {
    Ok(match open_quick(start)? {
        store::Opened::Overview(overview, _) => overview,
        store::Opened::Whole(cat, _) => store::Overview::of(cat),
    })
}

/// [`open_overview`], or the whole catalogue when the summaries could not serve (a missing or
/// outdated cache, many changed files): a screen shows the overview first and loads the whole
/// catalogue after it, and needs no second load when it already has it.
pub fn open_quick(start: &Path) -> Result<store::Opened, WorkspaceError> {
    let root = store::find_root(start).ok_or_else(|| WorkspaceError::NoCatalog {
        start: start.to_owned(),
    })?;
    let whole = |root: &Path| -> Result<store::Opened, WorkspaceError> {
        let (cat, stats) = store::load_with(root, None)?;
        Ok(store::Opened::Whole(cat, stats))
    };
    let repo = match Repo::discover(&root) {
        Ok(Some(repo)) => repo,
        _ => return whole(&root),
    };
    let Ok(prefix) = repo.relative(&root) else {
        return whole(&root);
    };
    let cache_file = record_cache_file(&repo, &prefix);
    let hints = LoadHints {
        known_ids: Box::new(move || repo.clean_blob_ids(&prefix).unwrap_or_default()),
        hash: &crate::history::blob_id,
        cache_file,
    };
    Ok(store::load_overview(&root, hints)?)
}

/// Where the record cache of the catalogue at `prefix` lives: inside the git directory, one file
/// per catalogue folder (a repository may hold several).
pub fn record_cache_file(repo: &Repo, prefix: &Path) -> PathBuf {
    let dir = repo.git_dir().join("tthc");
    let name = prefix.to_string_lossy();
    if name.is_empty() {
        return dir.join("records-v1");
    }
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    dir.join(format!("records-v1-{h:016x}"))
}

/// Outcome of formatting a catalogue.
#[derive(Debug, Default)]
pub struct FmtReport {
    /// Files that were (or, with `check`, would be) rewritten.
    pub changed: Vec<PathBuf>,
    /// Files left alone because they do not parse.
    pub skipped: Vec<PathBuf>,
}

/// Rewrite every parsed file in canonical form; with `check`, only report which would change.
pub fn format(cat: &Catalog, check: bool) -> Result<FmtReport, WorkspaceError> {
    let mut report = FmtReport {
        skipped: cat.unparsed.iter().cloned().collect(),
        ..FmtReport::default()
    };
    for (rel, text) in store::non_canonical(cat)? {
        if !check {
            let abs = cat.root.join(&rel);
            store::write_atomic(&abs, text.as_bytes(), store::Durability::Durable)
                .map_err(|source| WorkspaceError::Io { path: abs, source })?;
        }
        report.changed.push(rel);
    }
    Ok(report)
}

/// The repository holding the catalogue at `root`, and the catalogue's folder inside it.
fn repository_of(root: &Path) -> Result<(Repo, PathBuf), WorkspaceError> {
    let repo = Repo::discover(root)?.ok_or_else(|| WorkspaceError::NotVersioned {
        path: root.to_owned(),
    })?;
    let prefix = repo.relative(root)?;
    Ok((repo, prefix))
}

/// The catalogue found at or above `start` as recorded at `spec` (commit, tag, branch or date),
/// read from git objects without touching the work tree.
pub fn open_at(start: &Path, spec: &str) -> Result<Catalog, WorkspaceError> {
    let root = store::find_root(start).ok_or_else(|| WorkspaceError::NoCatalog {
        start: start.to_owned(),
    })?;
    let (repo, prefix) = repository_of(&root)?;
    let commit = repo.resolve(spec)?;
    catalog_at(&repo, &prefix, &root, &commit)
}

/// The catalogue at `root` (`prefix` in `repo`) as recorded in `commit`. A file whose blob the
/// record cache holds is not even read: at a hundred thousand procedures, most files of a recent
/// commit are, and parsing the rest is spread over the cores.
pub(crate) fn catalog_at(
    repo: &Repo,
    prefix: &Path,
    root: &Path,
    commit: &str,
) -> Result<Catalog, WorkspaceError> {
    // The tree first (ids only, nothing read), then only the records it needs from the cache,
    // then the files the cache does not hold.
    let mut ids = std::collections::HashSet::new();
    repo.files_at_where(commit, prefix, |_, id| {
        ids.insert(*id);
        false
    })?;
    let cached =
        store::cache::read(&record_cache_file(repo, prefix), Some(&ids)).unwrap_or_default();
    drop(ids);
    let mut from_cache = Vec::new();
    let read = repo.files_at_where(commit, prefix, |rel, id| {
        if store::cache_holds(&cached, rel, id) {
            from_cache.push((rel.to_owned(), *id));
            false
        } else {
            true
        }
    })?;
    Ok(store::load_tree(root, read, from_cache, cached))
}

/// The commits that changed the catalogue, or one file of it (relative to the catalogue root).
pub fn log(
    root: &Path,
    file: Option<&Path>,
    limit: usize,
) -> Result<Vec<CommitInfo>, WorkspaceError> {
    let (repo, prefix) = repository_of(root)?;
    Ok(repo.log(&prefix, file, limit)?)
}

/// Resolve a revision or date to a commit id.
pub fn resolve(root: &Path, spec: &str) -> Result<String, WorkspaceError> {
    Ok(repository_of(root)?.0.resolve(spec)?)
}

/// What changed in the given catalogue files between commit `a` (or nothing) and commit `b`:
/// only those files are read, so it stays fast on a large catalogue.
pub fn diff_files(
    root: &Path,
    files: &[PathBuf],
    a: Option<&str>,
    b: &str,
) -> Result<crate::diff::CatalogDiff, WorkspaceError> {
    let (repo, prefix) = repository_of(root)?;
    let read = |commit: Option<&str>| -> Result<Catalog, WorkspaceError> {
        let mut entries = Vec::new();
        if let Some(commit) = commit {
            for rel in files {
                if let Some(bytes) = repo.blob_at(commit, &prefix.join(rel))? {
                    entries.push((rel.clone(), bytes));
                }
            }
        }
        Ok(store::load_entries(root, entries))
    };
    Ok(crate::diff::catalogs(&read(a)?, &read(Some(b))?))
}

/// What one commit changed in the catalogue (against its first parent).
pub fn commit_diff(
    root: &Path,
    commit: &CommitInfo,
) -> Result<crate::diff::CatalogDiff, WorkspaceError> {
    let (repo, _) = repository_of(root)?;
    let parent = repo.parent_of(&commit.id)?;
    diff_files(root, &commit.paths, parent.as_deref(), &commit.id)
}

/// The commit HEAD of the catalogue's repository points at now.
pub fn head(root: &Path) -> Result<Option<String>, WorkspaceError> {
    Ok(repository_of(root)?.0.head()?)
}
