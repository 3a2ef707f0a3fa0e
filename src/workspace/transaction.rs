//! Edit in memory, then commit as one transaction: exactly one git commit holding only the
//! catalogue paths that changed, with the work tree following it — or nothing at all. See
//! [`Transaction::commit_as`] for the order of the steps and `intent` for the recovery.

use super::WorkspaceError;
use super::intent::{self, Intent, Recovery};
use super::lock::{self, WriterLock};
use crate::history::{Author, FileChange, HistoryError, Repo};
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
    /// Held from [`Transaction::begin`] (a one-shot command reads and writes under it), or taken
    /// when committing ([`Transaction::resume`]: a form saved after minutes of typing).
    lock: Option<WriterLock>,
    /// Interrupted saves this transaction completed or rolled back before its own.
    recovered: Vec<Recovery>,
    /// An annotated tag for the new commit: (name, message).
    tag: Option<(String, String)>,
    /// This transaction is the migration itself (`fmt --migrate`): no migration before it.
    migration: bool,
}

/// What [`Transaction::commit_reporting`] made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// The commit of the change.
    pub commit: String,
    /// The catalogue was in an older format and was migrated first, in this commit of its own
    /// (the first write by a user to such a catalogue; see `migrate`).
    pub migrated: Option<super::migrate::Migrated>,
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

    /// Start a transaction: HEAD is remembered now; the writer lock is taken when committing.
    pub fn begin(&self) -> Result<Transaction<'_>, WorkspaceError> {
        Ok(Transaction {
            root: self.root.clone(),
            base_head: self.repo.head()?,
            repo: RepoHandle::Borrowed(&self.repo),
            prefix: self.prefix.clone(),
            files: BTreeMap::new(),
            lock: None,
            recovered: Vec::new(),
            tag: None,
            migration: false,
        })
    }
}

impl Transaction<'static> {
    /// Start a transaction on the catalogue at `root` for a command that reads what it changes
    /// after this call: the writer lock is taken now (waiting for another writer to finish),
    /// an interrupted earlier save is completed or rolled back, and HEAD is remembered. Read the
    /// catalogue after `begin`, so that what is changed is what was read.
    pub fn begin(root: &Path) -> Result<Transaction<'static>, WorkspaceError> {
        let (repo, prefix) = super::repository_of(root)?;
        repo.check_identity(None)?;
        let lock = WriterLock::acquire(repo.git_dir(), lock::WAIT)?;
        let recovered = intent::recover(&repo, &lock)?.into_iter().collect();
        let base_head = repo.head()?;
        Ok(Transaction {
            root: root.to_owned(),
            repo: RepoHandle::Owned(repo),
            prefix,
            base_head,
            files: BTreeMap::new(),
            lock: Some(lock),
            recovered,
            tag: None,
            migration: false,
        })
    }

    /// Continue a transaction whose base was read earlier (an edit form opened at `base_head`):
    /// the writer lock is taken when committing.
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
            lock: None,
            recovered: Vec::new(),
            tag: None,
            migration: false,
        })
    }
}

impl Transaction<'_> {
    /// Interrupted earlier saves that this transaction completed or rolled back first.
    pub fn recovered(&self) -> &[Recovery] {
        &self.recovered
    }

    /// Put an annotated tag on the new commit, as part of the same change (a kill between the
    /// commit and the tag is completed by the next command like the rest).
    pub fn tag_commit(&mut self, name: &str, message: &str) {
        self.tag = Some((name.to_owned(), message.to_owned()));
    }

    /// Mark this transaction as the format migration itself.
    pub(super) fn as_migration(&mut self) {
        self.migration = true;
    }

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
    ///
    /// The one rule of every write: everything that can be checked is checked first (identity,
    /// the writer lock, HEAD, the base bytes re-read now); then the git objects are written, an
    /// intent record is kept, the branch is moved (atomically, checking its old value), and only
    /// then are the work tree files and git's index brought up to the new commit. A failure
    /// before the branch moves leaves everything as it was; a failure after it leaves the change
    /// committed, reported as [`WorkspaceError::SavedIncomplete`], and the next command completes
    /// the work tree from the intent record.
    ///
    /// A user's write (no explicit `author`) to a catalogue in an older format is preceded by
    /// the migration to the current one, as a commit of its own ([`Transaction::commit_reporting`]
    /// says so); a history being built with explicit authors is written as it is.
    pub fn commit_as(
        self,
        message: &str,
        author: Option<&Author>,
    ) -> Result<String, WorkspaceError> {
        self.commit_reporting(message, author).map(|c| c.commit)
    }

    /// [`Transaction::commit_as`], saying whether the catalogue was migrated first.
    pub fn commit_reporting(
        mut self,
        message: &str,
        author: Option<&Author>,
    ) -> Result<Committed, WorkspaceError> {
        self.repo.check_identity(author)?;
        let git_dir = self.repo.git_dir().to_owned();
        let lock = match self.lock.take() {
            Some(lock) => lock,
            None => WriterLock::acquire(&git_dir, lock::WAIT)?,
        };
        // An interrupted save since this one began (the command's start recovered earlier ones).
        if let Some(done) = intent::recover(&self.repo, &lock)? {
            self.recovered.push(done);
        }
        let head = self.repo.head()?;
        if head != self.base_head {
            return Err(WorkspaceError::History(HistoryError::HeadMoved {
                expected: self.base_head.clone().unwrap_or_else(|| "(none)".into()),
                found: head.unwrap_or_else(|| "(none)".into()),
            }));
        }
        let branch = self.repo.head_branch()?;
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
        let any_change = !changed.is_empty();
        // The first write by a user to a catalogue in an older format: the migration first, in
        // its own commit, then this change on top of it (its files migrated the same way).
        let mut migrated = None;
        if author.is_none()
            && !self.migration
            && any_change
            && let Some(plan) = super::migrate::plan_before_write(&self.root)?
        {
            let changes: Vec<FileChange> = plan
                .writes
                .iter()
                .map(|(rel, text)| FileChange {
                    path: self.prefix.join(rel),
                    content: Some(text.clone().into_bytes()),
                })
                .collect();
            let commit = self.land(
                &branch,
                self.base_head.as_deref(),
                &changes,
                &plan.message,
                None,
                None,
            )?;
            let written: BTreeMap<PathBuf, Vec<u8>> = plan
                .writes
                .iter()
                .map(|(rel, text)| (rel.clone(), text.clone().into_bytes()))
                .collect();
            for (rel, edit) in &mut self.files {
                if let Some(now) = written.get(rel) {
                    edit.base = Some(now.clone());
                    edit.new = edit
                        .new
                        .take()
                        .map(|new| super::migrate::migrate_bytes(rel, &new).unwrap_or(new));
                }
            }
            self.base_head = Some(commit.clone());
            migrated = Some(super::migrate::Migrated {
                commit,
                from: plan.from,
                to: plan.to,
                files: plan.writes.len(),
            });
        }
        let changes: Vec<FileChange> = self
            .files
            .iter()
            .filter(|(_, f)| f.base != f.new)
            .map(|(rel, edit)| FileChange {
                path: self.prefix.join(rel),
                content: edit.new.clone(),
            })
            .collect();
        let tag = self.tag.clone();
        let result = self.land(
            &branch,
            self.base_head.as_deref(),
            &changes,
            message,
            author,
            tag.as_ref(),
        );
        drop(lock);
        result.map(|commit| Committed { commit, migrated })
    }

    /// Write one commit of `changes` on `base`, move `branch` to it and bring the work tree and
    /// index along (the steps of [`Transaction::commit_as`] after its checks). The caller holds
    /// the writer lock.
    fn land(
        &self,
        branch: &str,
        base: Option<&str>,
        changes: &[FileChange],
        message: &str,
        author: Option<&Author>,
        tag: Option<&(String, String)>,
    ) -> Result<String, WorkspaceError> {
        let git_dir = self.repo.git_dir().to_owned();
        let branch = branch.to_owned();
        let commit = self.repo.write_commit(changes, message, base, author)?;
        let record = Intent {
            version: 1,
            branch: branch.clone(),
            old: base.map(str::to_owned),
            new: commit.clone(),
            summary: message.lines().next().unwrap_or_default().to_owned(),
            paths: changes.iter().map(|c| c.path.clone()).collect(),
            tag: tag.cloned(),
        };
        intent::write(&git_dir, &record)?;
        if let Err(e) = self.repo.move_branch(&branch, base, &commit, message) {
            // The branch did not move: nothing happened. (Had it moved and only the report
            // failed, the next command's recovery finds it at the new commit and completes it.)
            if self.repo.branch_target(&branch)?.as_deref() != Some(commit.as_str()) {
                intent::clear(&git_dir)?;
                return Err(e.into());
            }
        }
        let finish = (|| {
            if let Some((name, message)) = tag {
                self.repo.tag(name, &commit, message)?;
            }
            for change in changes {
                let abs = self.repo.workdir().join(&change.path);
                intent::write_worktree(&abs, change.content.as_deref())?;
            }
            self.repo.stage(changes)?;
            intent::clear(&git_dir)
        })();
        // A transient error (a full disk freed, an interrupted write): one more try, from the
        // intent record, before telling the user the files lag behind the commit.
        let finish = finish.or_else(|_| {
            intent::complete(&self.repo, &record).and_then(|()| intent::clear(&git_dir))
        });
        match finish {
            Ok(()) => Ok(commit),
            Err(e) => Err(WorkspaceError::SavedIncomplete {
                commit,
                detail: e.to_string(),
            }),
        }
    }
}

/// Move HEAD's branch to `new`, a commit already written (a fast-forward or a merge from
/// `sync`), by the same rule as a save: intent record, branch moved checking its old value, then
/// the work tree and index of the paths that differ. The caller holds the writer lock.
pub(super) fn move_head_to(
    repo: &Repo,
    _lock: &WriterLock,
    new: &str,
    summary: &str,
) -> Result<(), WorkspaceError> {
    let git_dir = repo.git_dir().to_owned();
    let old = repo.head()?;
    let branch = repo.head_branch()?;
    let record = Intent {
        version: 1,
        branch: branch.clone(),
        old: old.clone(),
        new: new.to_owned(),
        summary: summary.to_owned(),
        paths: repo.paths_between(old.as_deref(), new)?,
        tag: None,
    };
    intent::write(&git_dir, &record)?;
    if let Err(e) = repo.move_branch(&branch, old.as_deref(), new, summary)
        && repo.branch_target(&branch)?.as_deref() != Some(new)
    {
        intent::clear(&git_dir)?;
        return Err(e.into());
    }
    match intent::complete(repo, &record).and_then(|()| intent::clear(&git_dir)) {
        Ok(()) => Ok(()),
        Err(e) => Err(WorkspaceError::SavedIncomplete {
            commit: new.to_owned(),
            detail: e.to_string(),
        }),
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
