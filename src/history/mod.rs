//! Paths and bytes ⇄ git. The only module that names git2: it deals in repository-relative paths,
//! file contents, commit ids and dates, never in catalogue records.

use git2::{ErrorCode, FileMode, Oid, Repository, Signature, build::TreeUpdateBuilder};
use std::path::{Path, PathBuf};

mod allocator;
mod bulk;
mod index_file;
mod log;
mod packs;
mod pathindex;
mod remote;
mod repo;
mod stat;
mod tree_update;

pub use allocator::libgit2_uses_mimalloc;
pub use bulk::{SyntheticCommit, write_history};
pub use log::{CommitInfo, blob_id_of};
pub use remote::{MergeConflict, Relation, Resolution};
pub use stat::blob_id;

/// What went wrong with the repository (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    NoIdentity,
    HeadMoved {
        expected: String,
        found: String,
    },
    OutsideWorkTree {
        path: PathBuf,
    },
    Bare,
    UnknownRevision(String),
    GitCommand {
        args: String,
        detail: String,
    },
    Git(#[from] git2::Error),
    TagExists {
        name: String,
    },
    DetachedHead,
    /// Reading or writing a file of the repository itself (git's index).
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A git repository holding a catalogue.
pub struct Repo {
    repo: Repository,
    workdir: PathBuf,
}

/// Who made a commit and when (seconds since the epoch, UTC offset in minutes).
#[derive(Debug, Clone)]
pub struct Author {
    pub name: String,
    pub email: String,
    pub time: i64,
    pub offset_minutes: i32,
}

/// One file to write in a commit: its path relative to the repository root, and its new content
/// (`None` removes it).
pub struct FileChange {
    pub path: PathBuf,
    pub content: Option<Vec<u8>>,
}

/// Git paths are `/`-separated whatever the platform.
fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
