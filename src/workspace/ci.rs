//! `tthc init --ci`: add a pipeline to the catalogue's repository, committed like any change.

use super::{Transaction, WorkspaceError};
use std::path::{Path, PathBuf};

/// What adding the pipeline did.
#[derive(Debug, Clone, PartialEq)]
pub struct CiAdded {
    /// Files written (relative to the repository root); empty when they were all there already.
    pub written: Vec<PathBuf>,
    pub commit: Option<String>,
}

/// Write `files` (relative to the catalogue root, which must be the repository's root) and
/// commit them as one change. A file already there with other content is refused, not
/// overwritten; one with the same content is left alone.
pub fn add_files(
    root: &Path,
    files: &[(PathBuf, String)],
    message: &str,
) -> Result<CiAdded, WorkspaceError> {
    let mut tx = Transaction::begin(root)?;
    let prefix = tx.repo().1.to_owned();
    if !prefix.as_os_str().is_empty() {
        return Err(WorkspaceError::CiNotAtRoot { prefix });
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let base = tx.read(rel)?;
        match &base {
            Some(b) if b == text.as_bytes() => continue,
            Some(_) => {
                return Err(WorkspaceError::CiFileExists { path: rel.clone() });
            }
            None => {}
        }
        tx.write(rel, base, text.clone().into_bytes());
        written.push(rel.clone());
    }
    if written.is_empty() {
        return Ok(CiAdded {
            written,
            commit: None,
        });
    }
    let commit = tx.commit(message)?;
    Ok(CiAdded {
        written,
        commit: Some(commit),
    })
}
