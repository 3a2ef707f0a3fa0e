//! The recovery journal: every unsaved form is written here (inside the git folder, outside the
//! tracked catalogue) so a crash, a killed terminal or a power cut loses nothing.

use super::{WorkspaceError, repository_of};
use crate::store;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

pub const JOURNAL_VERSION: u32 = 1;

/// One unsaved form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub version: u32,
    /// The procedure file, relative to the catalogue root.
    pub file: PathBuf,
    pub level: String,
    pub code: String,
    pub is_new: bool,
    /// HEAD and the file's text when the form opened.
    pub base_head: Option<String>,
    pub base_text: Option<String>,
    /// The form's content: the record as JSON, possibly invalid (half-typed).
    pub value: serde_json::Value,
    /// For a form that drafts a proposal (`amend`, `replace`, `add`) rather than editing the
    /// procedure directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Seconds since the epoch.
    pub saved_at: i64,
}

fn dir(root: &Path) -> Result<(PathBuf, PathBuf), WorkspaceError> {
    let (repo, prefix) = repository_of(root)?;
    Ok((repo.git_dir().join("tthc").join("journal"), prefix))
}

fn file_name(prefix: &Path, file: &Path, purpose: Option<&str>) -> String {
    let joined = prefix.join(file);
    let parts: Vec<String> = joined
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match purpose {
        Some(p) => format!("{}@{p}.json", parts.join("__")),
        None => format!("{}.json", parts.join("__")),
    }
}

/// Write (or replace) the journal entry of one form, durably.
pub fn save(root: &Path, entry: &JournalEntry) -> Result<(), WorkspaceError> {
    let (dir, prefix) = dir(root)?;
    let path = dir.join(file_name(&prefix, &entry.file, entry.purpose.as_deref()));
    let bytes = serde_json::to_vec_pretty(entry).map_err(|e| WorkspaceError::Io {
        path: path.clone(),
        source: e.into(),
    })?;
    store::write_atomic(&path, &bytes, store::Durability::Durable)
        .map_err(|source| WorkspaceError::Io { path, source })
}

/// Forget the journal entry of one form (after it was saved or discarded).
pub fn remove(root: &Path, file: &Path, purpose: Option<&str>) -> Result<(), WorkspaceError> {
    let (dir, prefix) = dir(root)?;
    let path = dir.join(file_name(&prefix, file, purpose));
    match fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(WorkspaceError::Io { path, source }),
    }
}

/// Every unsaved form of this catalogue. Entries that cannot be read are skipped, not deleted,
/// so nothing is lost even if a future version wrote them.
pub fn list(root: &Path) -> Result<Vec<JournalEntry>, WorkspaceError> {
    let (dir, prefix) = dir(root)?;
    let own_prefix = file_name(&prefix, Path::new(""), None);
    let own_prefix = own_prefix.trim_end_matches(".json");
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(out);
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.ends_with(".json") || name.starts_with('.') || !name.starts_with(own_prefix) {
            continue;
        }
        if let Some(entry) = fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<JournalEntry>(&b).ok())
            .filter(|e| e.version == JOURNAL_VERSION)
        {
            out.push(entry);
        }
    }
    Ok(out)
}
