//! Sharing a catalogue through a remote: fetch, integrate (fast-forward, or a merge that joins
//! changes to different files or different fields of one record), push. When both sides changed
//! the same field it stops before changing anything and lists each conflict.

use super::lock::WriterLock;
use super::transaction::move_head_to;
use super::{WorkspaceError, repository_of};
use crate::history::{MergeConflict, Relation, Resolution};
use crate::merge::{self, Depth};
use crate::model::{Decision, Manifest, Procedure, Proposal, PublicationRecord};
use crate::store::{self, FileKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One field changed differently on both sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncConflict {
    /// The file, relative to the catalogue root (or to the repository for files outside it).
    pub file: PathBuf,
    /// The field path inside the record (`processing_time.value`), or empty for a whole file.
    pub field: String,
    pub ours: String,
    pub theirs: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SyncOutcome {
    UpToDate,
    /// Local commits were pushed.
    Pushed,
    /// Remote commits were taken over (nothing to push).
    FastForwarded {
        commit: String,
    },
    /// Both sides had commits: merged and pushed.
    Merged {
        commit: String,
    },
    /// Nothing was changed locally; these must be settled first.
    Conflicts {
        conflicts: Vec<SyncConflict>,
    },
}

/// Fetch from `remote`, integrate, push.
pub fn sync(root: &Path, remote: &str, message: &str) -> Result<SyncOutcome, WorkspaceError> {
    let (repo, prefix) = repository_of(root)?;
    if !repo.has_remote(remote) {
        return Err(WorkspaceError::NoRemote {
            name: remote.to_owned(),
        });
    }
    repo.check_identity(None)?;
    // One writer at a time, and an interrupted earlier save settled first.
    let lock = WriterLock::acquire(repo.git_dir(), super::lock::WAIT)?;
    super::intent::recover(&repo, &lock)?;
    let branch = repo.current_branch()?.ok_or(WorkspaceError::DetachedHead)?;
    let dirty = repo.dirty_paths(&prefix)?;
    if !dirty.is_empty() {
        return Err(WorkspaceError::Uncommitted { paths: dirty });
    }
    repo.run_git(&["fetch", "--quiet", remote])?;
    let push = |repo: &crate::history::Repo| {
        repo.run_git(&[
            "push",
            "--quiet",
            remote,
            &format!("HEAD:refs/heads/{branch}"),
        ])
    };
    let Some(upstream) = repo.remote_branch(remote, &branch)? else {
        push(&repo)?;
        return Ok(SyncOutcome::Pushed);
    };
    match repo.relation(&upstream)? {
        Relation::Same => Ok(SyncOutcome::UpToDate),
        Relation::Ahead => {
            push(&repo)?;
            Ok(SyncOutcome::Pushed)
        }
        Relation::Behind => {
            move_head_to(&repo, &lock, &upstream, "tthc sync: fast-forward")?;
            Ok(SyncOutcome::FastForwarded { commit: upstream })
        }
        Relation::Diverged => {
            let mut conflicts = Vec::new();
            let merged = repo.merge(&upstream, message, |c| resolve(c, &prefix, &mut conflicts))?;
            match merged {
                Ok(commit) => {
                    move_head_to(&repo, &lock, &commit, message)?;
                    push(&repo)?;
                    Ok(SyncOutcome::Merged { commit })
                }
                Err(_) => Ok(SyncOutcome::Conflicts { conflicts }),
            }
        }
    }
}

/// Merge one file changed on both sides: records field by field (even when git's line merge
/// succeeded, since neighbouring lines of YAML are not independent), other files as git merged
/// them. A conflict is recorded when the same field changed differently.
fn resolve(c: &MergeConflict, prefix: &Path, conflicts: &mut Vec<SyncConflict>) -> Resolution {
    let before = conflicts.len();
    match resolve_record(c, prefix, conflicts) {
        Some(bytes) => Resolution::Merged(bytes),
        None if conflicts.len() == before && c.automatic.is_some() => Resolution::KeepAutomatic,
        None => Resolution::Conflict,
    }
}

fn resolve_record(
    c: &MergeConflict,
    prefix: &Path,
    conflicts: &mut Vec<SyncConflict>,
) -> Option<Vec<u8>> {
    let whole_file = |file: PathBuf, conflicts: &mut Vec<SyncConflict>| {
        let text = |b: &Option<Vec<u8>>| match b {
            Some(b) => String::from_utf8_lossy(b).into_owned(),
            None => "(deleted)".to_owned(),
        };
        conflicts.push(SyncConflict {
            file,
            field: String::new(),
            ours: text(&c.ours),
            theirs: text(&c.theirs),
        });
        None
    };
    let Ok(rel) = c.path.strip_prefix(prefix).map(Path::to_path_buf) else {
        if c.automatic.is_some() {
            return None;
        }
        return whole_file(c.path.clone(), conflicts);
    };
    let (Some(ours), Some(theirs)) = (&c.ours, &c.theirs) else {
        return whole_file(rel, conflicts);
    };
    let result = match store::classify(&rel) {
        FileKind::Procedure => merge_record::<Procedure>(&rel, c.base.as_deref(), ours, theirs),
        FileKind::Manifest => merge_record::<Manifest>(&rel, c.base.as_deref(), ours, theirs),
        FileKind::Proposal => merge_record::<Proposal>(&rel, c.base.as_deref(), ours, theirs),
        FileKind::Publication => {
            merge_record::<PublicationRecord>(&rel, c.base.as_deref(), ours, theirs)
        }
        FileKind::Decision => merge_record::<Decision>(&rel, c.base.as_deref(), ours, theirs),
        FileKind::Legal => {
            merge_record::<crate::model::LegalEntry>(&rel, c.base.as_deref(), ours, theirs)
        }
        FileKind::Misplaced | FileKind::Other if c.automatic.is_some() => return None,
        FileKind::Misplaced | FileKind::Other => None,
    };
    match result {
        Some(Ok(text)) => Some(text.into_bytes()),
        Some(Err(fields)) => {
            conflicts.extend(fields.into_iter().map(|(field, o, t)| SyncConflict {
                file: rel.clone(),
                field,
                ours: o,
                theirs: t,
            }));
            None
        }
        None => whole_file(rel, conflicts),
    }
}

type FieldConflicts = Vec<(String, String, String)>;

/// Three-way merge of one record; `None` when a side does not parse.
fn merge_record<T: Serialize + DeserializeOwned>(
    rel: &Path,
    base: Option<&[u8]>,
    ours: &[u8],
    theirs: &[u8],
) -> Option<Result<String, FieldConflicts>> {
    let parse = |b: &[u8]| -> Option<Value> {
        let record: T = store::parse_text(rel, std::str::from_utf8(b).ok()?).ok()?;
        serde_json::to_value(record).ok()
    };
    let base = match base {
        Some(b) => Some(parse(b)?),
        None => None,
    };
    let (o, t) = (parse(ours)?, parse(theirs)?);
    let (merged, conflicts) = merge::merge(base.as_ref(), Some(&o), Some(&t), Depth::Deep);
    if !conflicts.is_empty() {
        return Some(Err(conflicts
            .into_iter()
            .map(|c| (c.path, show(c.ours.as_ref()), show(c.theirs.as_ref())))
            .collect()));
    }
    let record: T = serde_json::from_value(merged.unwrap_or(Value::Null)).ok()?;
    store::canonical_text(rel, &record).ok().map(Ok)
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "(—)".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
