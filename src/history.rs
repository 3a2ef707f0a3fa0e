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
