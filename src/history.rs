//! Paths and bytes ⇄ git. The only module that names git2: it deals in repository-relative paths,
//! file contents, commit ids and dates, never in catalogue records.

use git2::{ErrorCode, FileMode, Oid, Repository, Signature, build::TreeUpdateBuilder};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(
        "no git identity is configured; set one with\n  git config --global user.name \"Họ Tên\"\n  git config --global user.email \"ten@example.gov.vn\""
    )]
    NoIdentity,
    #[error("HEAD moved since the catalogue was read (expected {expected}, found {found})")]
    HeadMoved { expected: String, found: String },
    #[error("{path} is not inside the repository's work tree")]
    OutsideWorkTree { path: PathBuf },
    #[error("the repository has no work tree (it is bare)")]
    Bare,
    #[error(
        "`{0}` is neither a commit, tag, branch nor a date (YYYY-MM-DD) with commits on or before it"
    )]
    UnknownRevision(String),
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

/// A git repository holding a catalogue.
pub struct Repo {
    repo: Repository,
    workdir: PathBuf,
}

/// One file to write in a commit: its path relative to the repository root, and its new content
/// (`None` removes it).
pub struct FileChange {
    pub path: PathBuf,
    pub content: Option<Vec<u8>>,
}

impl Repo {
    /// The repository containing `path`, if any.
    pub fn discover(path: &Path) -> Result<Option<Repo>, HistoryError> {
        match Repository::discover(path) {
            Ok(repo) => Ok(Some(Repo::wrap(repo)?)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Create a new repository at `path` (branch `main`).
    pub fn init(path: &Path) -> Result<Repo, HistoryError> {
        let mut opts = git2::RepositoryInitOptions::new();
        opts.initial_head("main");
        Repo::wrap(Repository::init_opts(path, &opts)?)
    }

    fn wrap(repo: Repository) -> Result<Repo, HistoryError> {
        let workdir = repo.workdir().ok_or(HistoryError::Bare)?.to_path_buf();
        let workdir = workdir.canonicalize().unwrap_or(workdir);
        Ok(Repo { repo, workdir })
    }

    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// `path` (absolute or relative to the current folder) relative to the work tree root.
    pub fn relative(&self, path: &Path) -> Result<PathBuf, HistoryError> {
        let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        abs.strip_prefix(&self.workdir)
            .map(Path::to_path_buf)
            .map_err(|_| HistoryError::OutsideWorkTree {
                path: path.to_path_buf(),
            })
    }

    /// The user's identity from git config, as "Name <email>".
    pub fn identity(&self) -> Result<String, HistoryError> {
        let sig = self.signature()?;
        Ok(format!(
            "{} <{}>",
            sig.name().unwrap_or(""),
            sig.email().unwrap_or("")
        ))
    }

    fn signature(&self) -> Result<Signature<'static>, HistoryError> {
        match self.repo.signature() {
            Ok(sig) => Ok(sig.to_owned()),
            Err(e) if e.code() == ErrorCode::NotFound => Err(HistoryError::NoIdentity),
            Err(e) => Err(e.into()),
        }
    }

    /// The commit HEAD points at, or `None` on an unborn branch.
    pub fn head(&self) -> Result<Option<String>, HistoryError> {
        match self.repo.head() {
            Ok(r) => Ok(r.target().map(|o| o.to_string())),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Commit exactly `changes` on top of HEAD. The new tree is HEAD's tree with only these paths
    /// replaced, so the user's other staged or unstaged work is never swept in; the index entries
    /// of these paths are updated to match and every other entry stays as it was.
    ///
    /// `expected_head` guards against another writer: if HEAD is no longer that commit, nothing
    /// is committed.
    pub fn commit_files(
        &self,
        changes: &[FileChange],
        message: &str,
        expected_head: Option<&str>,
    ) -> Result<String, HistoryError> {
        let sig = self.signature()?;
        let head = self.head()?;
        if let Some(expected) = expected_head
            && head.as_deref() != Some(expected)
        {
            return Err(HistoryError::HeadMoved {
                expected: expected.to_owned(),
                found: head.unwrap_or_else(|| "(none)".into()),
            });
        }
        let parent = match &head {
            Some(id) => Some(self.repo.find_commit(Oid::from_str(id)?)?),
            None => None,
        };
        let base_tree = match &parent {
            Some(c) => c.tree()?,
            None => {
                let empty = self.repo.treebuilder(None)?.write()?;
                self.repo.find_tree(empty)?
            }
        };
        let mut update = TreeUpdateBuilder::new();
        for change in changes {
            let path = slash(&change.path);
            match &change.content {
                Some(bytes) => {
                    let blob = self.repo.blob(bytes)?;
                    update.upsert(path, blob, FileMode::Blob);
                }
                None => {
                    update.remove(path);
                }
            }
        }
        let tree_id = update.create_updated(&self.repo, &base_tree)?;
        let tree = self.repo.find_tree(tree_id)?;
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let id = self
            .repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)?;

        let mut index = self.repo.index()?;
        index.read(false)?;
        for change in changes {
            let path = PathBuf::from(slash(&change.path));
            match &change.content {
                Some(_) if self.workdir.join(&path).is_file() => index.add_path(&path)?,
                Some(bytes) => {
                    let entry = index_entry(&path, self.repo.blob(bytes)?, bytes.len());
                    index.add_frombuffer(&entry, bytes)?;
                }
                None => {
                    let _ = index.remove_path(&path);
                }
            }
        }
        index.write()?;
        Ok(id.to_string())
    }
}

/// One commit as the history shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CommitInfo {
    pub id: String,
    /// Seconds since the Unix epoch, and the author's UTC offset in minutes.
    pub time: i64,
    pub offset_minutes: i32,
    pub author: String,
    pub email: String,
    pub message: String,
    /// Paths the commit changed under the prefix that was asked for, relative to that prefix.
    pub paths: Vec<PathBuf>,
}

impl Repo {
    /// A commit id for `spec`: anything `git rev-parse` understands, or a date `YYYY-MM-DD`
    /// meaning the catalogue as recorded at the end of that day (the newest commit on HEAD's
    /// first-parent line made on or before it, in the commit's own time zone).
    pub fn resolve(&self, spec: &str) -> Result<String, HistoryError> {
        if let Ok(obj) = self.repo.revparse_single(spec)
            && let Ok(commit) = obj.peel_to_commit()
        {
            return Ok(commit.id().to_string());
        }
        let Ok(day) = spec.parse::<jiff::civil::Date>() else {
            return Err(HistoryError::UnknownRevision(spec.to_owned()));
        };
        let Some(head) = self.head()? else {
            return Err(HistoryError::UnknownRevision(spec.to_owned()));
        };
        let mut commit = self.repo.find_commit(Oid::from_str(&head)?)?;
        loop {
            let t = commit.time();
            let local_day = (t.seconds() + i64::from(t.offset_minutes()) * 60).div_euclid(86_400);
            let wanted = day
                .since(jiff::civil::date(1970, 1, 1))
                .map(|s| i64::from(s.get_days()))
                .unwrap_or(i64::MIN);
            if local_day <= wanted {
                return Ok(commit.id().to_string());
            }
            match commit.parents().next() {
                Some(parent) => commit = parent,
                None => return Err(HistoryError::UnknownRevision(spec.to_owned())),
            }
        }
    }

    /// Commits reachable from HEAD that changed anything under `prefix` (repository-relative),
    /// or only `file` under it when given; newest first, at most `limit`.
    pub fn log(
        &self,
        prefix: &Path,
        file: Option<&Path>,
        limit: usize,
    ) -> Result<Vec<CommitInfo>, HistoryError> {
        let Some(head) = self.head()? else {
            return Ok(Vec::new());
        };
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
        walk.push(Oid::from_str(&head)?)?;
        let spec = slash(&match file {
            Some(f) => prefix.join(f),
            None => prefix.to_path_buf(),
        });
        let mut out = Vec::new();
        for id in walk {
            if out.len() >= limit {
                break;
            }
            let commit = self.repo.find_commit(id?)?;
            let tree = commit.tree()?;
            let parent_tree = match commit.parents().next() {
                Some(p) => Some(p.tree()?),
                None => None,
            };
            let mut opts = git2::DiffOptions::new();
            if !spec.is_empty() {
                opts.pathspec(&spec);
            }
            let diff =
                self.repo
                    .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))?;
            if diff.deltas().len() == 0 {
                continue;
            }
            let mut paths: Vec<PathBuf> = diff
                .deltas()
                .filter_map(|d| {
                    d.new_file()
                        .path()
                        .or_else(|| d.old_file().path())
                        .map(Path::to_path_buf)
                })
                .map(|p| p.strip_prefix(prefix).map(Path::to_path_buf).unwrap_or(p))
                .collect();
            paths.sort();
            paths.dedup();
            let author = commit.author();
            out.push(CommitInfo {
                id: commit.id().to_string(),
                time: author.when().seconds(),
                offset_minutes: author.when().offset_minutes(),
                author: author.name().unwrap_or("").to_owned(),
                email: author.email().unwrap_or("").to_owned(),
                message: commit.message().unwrap_or("").trim_end().to_owned(),
                paths,
            });
        }
        Ok(out)
    }

    /// Every file under `prefix` (repository-relative) in `commit`, relative to `prefix`.
    pub fn files_at(
        &self,
        commit: &str,
        prefix: &Path,
    ) -> Result<Vec<(PathBuf, Vec<u8>)>, HistoryError> {
        let commit = self.repo.find_commit(Oid::from_str(commit)?)?;
        let root = commit.tree()?;
        let tree = if prefix.as_os_str().is_empty() {
            root
        } else {
            match root.get_path(prefix) {
                Ok(entry) => self.repo.find_tree(entry.id())?,
                Err(e) if e.code() == ErrorCode::NotFound => return Ok(Vec::new()),
                Err(e) => return Err(e.into()),
            }
        };
        let mut out = Vec::new();
        let mut failure = None;
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() != Some(git2::ObjectType::Blob) {
                return git2::TreeWalkResult::Ok;
            }
            let name = entry.name().unwrap_or("");
            match self.repo.find_blob(entry.id()) {
                Ok(blob) => out.push((
                    PathBuf::from(format!("{dir}{name}")),
                    blob.content().to_vec(),
                )),
                Err(e) => {
                    failure = Some(e);
                    return git2::TreeWalkResult::Abort;
                }
            }
            git2::TreeWalkResult::Ok
        })?;
        match failure {
            Some(e) => Err(e.into()),
            None => Ok(out),
        }
    }
}

fn index_entry(path: &Path, id: Oid, len: usize) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: u32::from(FileMode::Blob),
        uid: 0,
        gid: 0,
        file_size: len as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: slash(path).into_bytes(),
    }
}

/// Git paths are `/`-separated whatever the platform.
fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
