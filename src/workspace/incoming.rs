//! What other offices changed: the commits a sync brought in, and which units they touch
//! (`tthc sync` reports them after integrating).

use super::{WorkspaceError, repository_of};
use crate::model::Procedure;
use crate::store::{self, FileKind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One commit brought in by a sync.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncomingCommit {
    pub id: String,
    pub author: String,
    pub email: String,
    /// Seconds since the Unix epoch.
    pub time: i64,
    pub summary: String,
    /// The procedures it changed, as they are after it: (level, code, name).
    pub procedures: Vec<(String, String, String)>,
    /// The units whose listings it touches (unit ids; empty with `all_of_level` / `other`).
    pub units: Vec<String>,
    /// Levels whose every unit it touches (a record for every unit of its level).
    pub all_of_level: Vec<String>,
    /// It changed catalogue files other than procedures (the manifest, proposals, decisions…).
    pub other: Vec<PathBuf>,
}

/// Commits reachable from `new` but not from `old` that changed the catalogue at `root`, oldest
/// first, merges left out (their changes are their parents').
pub fn incoming(
    root: &Path,
    old: Option<&str>,
    new: &str,
) -> Result<Vec<IncomingCommit>, WorkspaceError> {
    let (repo, prefix) = repository_of(root)?;
    let range = match old {
        Some(old) if old == new => return Ok(Vec::new()),
        Some(old) => format!("{old}..{new}"),
        None => new.to_owned(),
    };
    let spec = if prefix.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        prefix.to_string_lossy().into_owned()
    };
    let text = repo.run_git(&[
        "log",
        "--reverse",
        "--no-merges",
        "--format=%x1e%H%x1f%an%x1f%ae%x1f%at%x1f%s",
        "--name-only",
        &range,
        "--",
        &spec,
    ])?;
    let mut out = Vec::new();
    for entry in text.split('\u{1e}').filter(|e| !e.trim().is_empty()) {
        let mut lines = entry.lines();
        let head: Vec<&str> = lines.next().unwrap_or("").split('\u{1f}').collect();
        if head.len() < 5 {
            continue;
        }
        let mut c = IncomingCommit {
            id: head[0].to_owned(),
            author: head[1].to_owned(),
            email: head[2].to_owned(),
            time: head[3].parse().unwrap_or(0),
            summary: head[4].to_owned(),
            procedures: Vec::new(),
            units: Vec::new(),
            all_of_level: Vec::new(),
            other: Vec::new(),
        };
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let full = PathBuf::from(line);
            let rel = full
                .strip_prefix(&prefix)
                .map(Path::to_path_buf)
                .unwrap_or(full);
            if store::classify(&rel) != FileKind::Procedure {
                c.other.push(rel);
                continue;
            }
            // The record as the commit left it (or, removed, as it was before).
            let bytes = match repo.blob_at(&c.id, &prefix.join(&rel))? {
                Some(b) => Some(b),
                None => match repo.parent_of(&c.id)? {
                    Some(parent) => repo.blob_at(&parent, &prefix.join(&rel))?,
                    None => None,
                },
            };
            let Some(p) = bytes.and_then(|b| {
                store::parse_text::<Procedure>(&rel, &String::from_utf8_lossy(&b)).ok()
            }) else {
                c.other.push(rel);
                continue;
            };
            if p.units.is_empty() {
                if !c.all_of_level.iter().any(|l| *l == p.level) {
                    c.all_of_level.push(p.level.to_string());
                }
            } else {
                for u in &p.units {
                    if !c.units.iter().any(|v| v == u) {
                        c.units.push(u.to_string());
                    }
                }
            }
            c.procedures
                .push((p.level.to_string(), p.code.to_string(), p.name.to_string()));
        }
        out.push(c);
    }
    Ok(out)
}

/// Incoming commits grouped by what they touch: each unit (by id), each level as a whole
/// (`*level`), and the catalogue's shared files (``). A commit appears under every group it
/// touches.
pub fn by_unit(commits: &[IncomingCommit]) -> BTreeMap<String, Vec<&IncomingCommit>> {
    let mut groups: BTreeMap<String, Vec<&IncomingCommit>> = BTreeMap::new();
    for c in commits {
        for u in &c.units {
            groups.entry(u.clone()).or_default().push(c);
        }
        for l in &c.all_of_level {
            groups.entry(format!("*{l}")).or_default().push(c);
        }
        if !c.other.is_empty() {
            groups.entry(String::new()).or_default().push(c);
        }
    }
    groups
}
