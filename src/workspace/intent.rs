//! The intent record of a save in flight, and the recovery that finishes or forgets it.
//!
//! A save writes its git objects first (invisible until a branch points at them), then this
//! record (`.git/tthc/intent.json`, durably), then moves the branch, then brings the work tree and
//! git's index up to the new commit, then removes the record. Whatever stops it — a kill, a power
//! cut, a disk error — the next tthc command that finds the record looks at the branch:
//! - still at the old commit: the save never happened; the record is dropped (rolled back);
//! - at the new commit: the save happened; the files and the index are brought up to it (rolled
//!   forward).
//!
//! It says which in one line. Lock files that the interrupted save's git steps left behind are
//! removed, since the save's own writer lock proves no one else was writing.

use super::WorkspaceError;
use super::lock::WriterLock;
use crate::history::{FileChange, Repo};
use crate::store;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const FILE: &str = "intent.json";

/// What an interrupted save was about to do.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Intent {
    pub version: u32,
    /// The branch the save moves (`refs/heads/main`).
    pub branch: String,
    /// The commit the branch pointed at (None: the first commit).
    pub old: Option<String>,
    /// The new commit, already written as objects.
    pub new: String,
    /// Its message's first line, to name the change in the recovery line.
    pub summary: String,
    /// Repository-relative paths the save changes.
    pub paths: Vec<PathBuf>,
    /// An annotated tag to put on the new commit (a publication), with its message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<(String, String)>,
}

/// What recovery did (`i18n` words it for the user).
#[derive(Debug, Clone, PartialEq)]
pub enum Recovery {
    /// The interrupted change had been committed; the work tree and index now match it.
    Completed { summary: String, commit: String },
    /// The interrupted change had not been committed; nothing of it remains.
    RolledBack { summary: String },
    /// The branch had moved on since (someone committed after the interruption): the record is
    /// dropped and the work tree left as it is.
    Superseded { summary: String },
}

pub fn path_in(git_dir: &Path) -> PathBuf {
    git_dir.join("tthc").join(FILE)
}

/// Record the intent durably before the branch moves.
pub fn write(git_dir: &Path, intent: &Intent) -> Result<(), WorkspaceError> {
    let path = path_in(git_dir);
    let bytes = serde_json::to_vec_pretty(intent).map_err(|e| WorkspaceError::Io {
        path: path.clone(),
        source: e.into(),
    })?;
    store::write_atomic(&path, &bytes, store::Durability::Durable)
        .map_err(|source| WorkspaceError::Io { path, source })
}

/// Drop the record once the save is complete (or known never to have happened).
pub fn clear(git_dir: &Path) -> Result<(), WorkspaceError> {
    let path = path_in(git_dir);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(WorkspaceError::Io { path, source }),
    }
}

/// Whether an interrupted save waits for recovery (a cheap check for every command's start).
pub fn pending(git_dir: &Path) -> bool {
    path_in(git_dir).exists()
}

/// Finish or forget an interrupted save. The caller holds the writer lock.
pub fn recover(repo: &Repo, _lock: &WriterLock) -> Result<Option<Recovery>, WorkspaceError> {
    let git_dir = repo.git_dir().to_owned();
    let path = path_in(&git_dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(WorkspaceError::Io { path, source }),
    };
    let intent: Intent = match serde_json::from_slice(&bytes) {
        Ok(i) => i,
        // Written atomically, so never half; unreadable means not ours to act on.
        Err(_) => {
            clear(&git_dir)?;
            return Ok(None);
        }
    };
    // The interrupted save held the writer lock, so any git lock file of its branch or of the
    // index still there is its own, left by the kill.
    remove_stale_git_locks(&git_dir, &intent.branch);
    if let Some((tag, _)) = &intent.tag {
        let _ = std::fs::remove_file(git_dir.join(format!("refs/tags/{tag}.lock")));
    }
    for rel in &intent.paths {
        if let Some(dir) = repo.workdir().join(rel).parent() {
            store::remove_stale_temps(dir);
        }
    }
    let now = repo.branch_target(&intent.branch)?;
    let outcome = if now.as_deref() == Some(intent.new.as_str()) {
        complete(repo, &intent)?;
        Recovery::Completed {
            summary: intent.summary.clone(),
            commit: intent.new.clone(),
        }
    } else if now == intent.old {
        Recovery::RolledBack {
            summary: intent.summary.clone(),
        }
    } else {
        Recovery::Superseded {
            summary: intent.summary.clone(),
        }
    };
    clear(&git_dir)?;
    Ok(Some(outcome))
}

/// Bring the work tree and the index of the intent's paths up to its (committed) new commit.
/// A file that is neither the old nor the new version was changed by someone after the
/// interruption: it is left alone, and git shows it as changed.
pub fn complete(repo: &Repo, intent: &Intent) -> Result<(), WorkspaceError> {
    if let Some((name, message)) = &intent.tag
        && !repo.tag_exists(name)?
    {
        repo.tag(name, &intent.new, message)?;
    }
    let mut changes = Vec::new();
    for rel in &intent.paths {
        let new = repo.blob_at(&intent.new, rel)?;
        let old = match &intent.old {
            Some(old) => repo.blob_at(old, rel)?,
            None => None,
        };
        let abs = repo.workdir().join(rel);
        let on_disk = match std::fs::read(&abs) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(WorkspaceError::Io { path: abs, source }),
        };
        if on_disk != new && on_disk == old {
            write_worktree(&abs, new.as_deref())?;
        }
        changes.push(FileChange {
            path: rel.clone(),
            content: new,
        });
    }
    repo.stage(&changes)?;
    Ok(())
}

/// Write one work tree file (or remove it), durably.
pub fn write_worktree(abs: &Path, content: Option<&[u8]>) -> Result<(), WorkspaceError> {
    let io = |source| WorkspaceError::Io {
        path: abs.to_owned(),
        source,
    };
    match content {
        Some(bytes) => store::write_atomic(abs, bytes, store::Durability::Durable).map_err(io),
        None => match std::fs::remove_file(abs) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(e)),
        },
    }
}

fn remove_stale_git_locks(git_dir: &Path, branch: &str) {
    let _ = std::fs::remove_file(git_dir.join(format!("{branch}.lock")));
    let _ = std::fs::remove_file(git_dir.join("index.lock"));
    let _ = std::fs::remove_file(git_dir.join("HEAD.lock"));
    let _ = std::fs::remove_file(git_dir.join("logs").join(format!("{branch}.lock")));
}
