//! Edit in memory, then commit as one transaction: files written atomically and exactly one git
//! commit holding only the catalogue paths that changed, or nothing at all.

use super::WorkspaceError;
use crate::history::{Author, FileChange, Repo};
use crate::store;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A pending change to the catalogue at `root`, remembering what it was based on. It owns its
/// repository, or borrows one from a [`Versioned`] catalogue kept open between saves.
pub struct Transaction<'r> {
    root: PathBuf,
    repo: RepoHandle<'r>,
    /// The catalogue folder inside the repository.
    prefix: PathBuf,
    base_head: Option<String>,
    files: BTreeMap<PathBuf, FileEdit>,
}

/// One file of a transaction, by its catalogue-relative path.
struct FileEdit {
    /// The bytes the edit is based on (None: the file did not exist).
    base: Option<Vec<u8>>,
    /// The bytes to write (None: remove the file).
    new: Option<Vec<u8>>,
}

enum RepoHandle<'r> {
    Owned(Repo),
    Borrowed(&'r Repo),
}

impl std::ops::Deref for RepoHandle<'_> {
    type Target = Repo;
    fn deref(&self) -> &Repo {
        match self {
            RepoHandle::Owned(r) => r,
            RepoHandle::Borrowed(r) => r,
        }
    }
}

/// A catalogue in a git repository, kept open for many transactions: git's index (megabytes at
/// a hundred thousand files) is read once and stays in memory between saves. A face that saves
/// often (the TUI) keeps one; a one-shot command can use [`Transaction::begin`].
pub struct Versioned {
    root: PathBuf,
    repo: Repo,
    prefix: PathBuf,
}

impl Versioned {
    pub fn open(root: &Path) -> Result<Versioned, WorkspaceError> {
        let (repo, prefix) = super::repository_of(root)?;
        Ok(Versioned {
            root: root.to_owned(),
            repo,
            prefix,
        })
    }

    /// Start a transaction: HEAD is remembered now.
    pub fn begin(&self) -> Result<Transaction<'_>, WorkspaceError> {
        Ok(Transaction {
            root: self.root.clone(),
            base_head: self.repo.head()?,
            repo: RepoHandle::Borrowed(&self.repo),
            prefix: self.prefix.clone(),
            files: BTreeMap::new(),
        })
    }
}

impl Transaction<'static> {
    /// Start a transaction on the catalogue at `root`: HEAD is remembered now.
    pub fn begin(root: &Path) -> Result<Transaction<'static>, WorkspaceError> {
        let (repo, prefix) = super::repository_of(root)?;
        let base_head = repo.head()?;
        Ok(Transaction {
            root: root.to_owned(),
            repo: RepoHandle::Owned(repo),
            prefix,
            base_head,
            files: BTreeMap::new(),
        })
    }
}

impl Transaction<'static> {
    /// Continue a transaction whose base was read earlier (an edit form opened at `base_head`).
    pub fn resume(
        root: &Path,
        base_head: Option<String>,
    ) -> Result<Transaction<'static>, WorkspaceError> {
        let (repo, prefix) = super::repository_of(root)?;
        Ok(Transaction {
            root: root.to_owned(),
            repo: RepoHandle::Owned(repo),
            prefix,
            base_head,
            files: BTreeMap::new(),
        })
    }
}

impl Transaction<'_> {
    /// The commit HEAD pointed at when the transaction began.
    pub fn base_head(&self) -> Option<&str> {
        self.base_head.as_deref()
    }

    /// Read a file as the transaction's base: its bytes now (None when absent).
    pub fn read(&mut self, rel: &Path) -> Result<Option<Vec<u8>>, WorkspaceError> {
        let bytes = read_optional(&self.root.join(rel))?;
        let entry = self.files.entry(rel.to_owned()).or_insert(FileEdit {
            base: bytes.clone(),
            new: bytes,
        });
        Ok(entry.base.clone())
    }

    /// Set a file's new content, based on `base` (the bytes the edit started from).
    pub fn write(&mut self, rel: &Path, base: Option<Vec<u8>>, content: Vec<u8>) {
        self.files.insert(
            rel.to_owned(),
            FileEdit {
                base,
                new: Some(content),
            },
        );
    }

    /// The repository the catalogue is in, and the catalogue's folder inside it.
    pub fn repo(&self) -> (&Repo, &Path) {
        (&self.repo, &self.prefix)
    }

    /// Whether anything would change.
    pub fn is_empty(&self) -> bool {
        self.files.values().all(|f| f.base == f.new)
    }

    /// Check that nothing moved under us, write the files atomically and commit them.
    /// Refuses, changing nothing, when HEAD moved or a file changed since it was read.
    pub fn commit(self, message: &str) -> Result<String, WorkspaceError> {
        self.commit_as(message, None)
    }

    /// [`Transaction::commit`] with an explicit author and time (building a history: the demo,
    /// tests); `None` is the configured git identity and now.
    pub fn commit_as(
        self,
        message: &str,
        author: Option<&Author>,
    ) -> Result<String, WorkspaceError> {
        let head = self.repo.head()?;
        if head != self.base_head {
            return Err(WorkspaceError::History(
                crate::history::HistoryError::HeadMoved {
                    expected: self.base_head.unwrap_or_else(|| "(none)".into()),
                    found: head.unwrap_or_else(|| "(none)".into()),
                },
            ));
        }
        let changed: Vec<(&PathBuf, &FileEdit)> =
            self.files.iter().filter(|(_, f)| f.base != f.new).collect();
        for (rel, edit) in &changed {
            let now = read_optional(&self.root.join(rel))?;
            if now != edit.base {
                return Err(WorkspaceError::FileChanged {
                    path: self.root.join(rel),
                });
            }
        }
        let mut changes = Vec::new();
        for (rel, edit) in &changed {
            let abs = self.root.join(rel);
            match &edit.new {
                Some(bytes) => {
                    store::write_atomic(&abs, bytes).map_err(|source| WorkspaceError::Io {
                        path: abs.clone(),
                        source,
                    })?
                }
                None => match fs::remove_file(&abs) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(source) => return Err(WorkspaceError::Io { path: abs, source }),
                },
            }
            changes.push(FileChange {
                path: self.prefix.join(rel),
                content: edit.new.clone(),
            });
        }
        Ok(self
            .repo
            .commit_files_as(&changes, message, self.base_head.as_deref(), author)?)
    }
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, WorkspaceError> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(WorkspaceError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}
