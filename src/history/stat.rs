//! What the git index says about the work tree: the blob id of every file whose stat data still
//! match the index entry, known without reading the file (as `git status` knows it).

use super::{HistoryError, Repo};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The git blob id (SHA-1) of `bytes`, as `git hash-object` gives it.
pub fn blob_id(bytes: &[u8]) -> [u8; 20] {
    let mut id = [0u8; 20];
    if let Ok(oid) = git2::Oid::hash_object(git2::ObjectType::Blob, bytes) {
        let raw = oid.as_bytes();
        if raw.len() == 20 {
            id.copy_from_slice(raw);
        }
    }
    id
}

/// The part of an index entry that is compared with the file's stat data.
struct Entry {
    rel: PathBuf,
    id: [u8; 20],
    size: u32,
    mtime: (i32, u32),
    ctime: (i32, u32),
    ino: u32,
}

impl Repo {
    /// Files under `prefix` (repository-relative) whose content is known from the index: their
    /// stat data match the entry, and the entry is not "racily clean" (written in the same instant
    /// as the index itself, when the file could have changed unseen). Paths are relative to
    /// `prefix`. An entry whose file differs, or any file the index does not know, is left out.
    pub fn clean_blob_ids(
        &self,
        prefix: &Path,
    ) -> Result<HashMap<PathBuf, [u8; 20]>, HistoryError> {
        let index_path = self.repo.path().join("index");
        let Ok(index_meta) = std::fs::metadata(&index_path) else {
            return Ok(HashMap::new());
        };
        let index = self.repo.index()?;
        let prefix_bytes = super::slash(prefix).into_bytes();
        let mut entries = Vec::with_capacity(index.len());
        for e in index.iter() {
            let stage = (e.flags >> 12) & 0x3;
            let intent_to_add = e.flags_extended & (1 << 13) != 0;
            let regular = e.mode & 0o170000 == 0o100000;
            if stage != 0 || intent_to_add || !regular {
                continue;
            }
            let rel = if prefix_bytes.is_empty() {
                &e.path[..]
            } else if e.path.len() > prefix_bytes.len()
                && e.path.starts_with(&prefix_bytes)
                && e.path[prefix_bytes.len()] == b'/'
            {
                &e.path[prefix_bytes.len() + 1..]
            } else {
                continue;
            };
            let Ok(rel) = std::str::from_utf8(rel) else {
                continue;
            };
            let mut id = [0u8; 20];
            id.copy_from_slice(&e.id.as_bytes()[..20]);
            entries.push(Entry {
                rel: PathBuf::from(rel),
                id,
                size: e.file_size,
                mtime: (e.mtime.seconds(), e.mtime.nanoseconds()),
                ctime: (e.ctime.seconds(), e.ctime.nanoseconds()),
                ino: e.ino,
            });
        }
        let base = self.workdir.join(prefix);
        let index_mtime = stat_times(&index_meta).0;
        let clean = crate::parallel::map(&entries, |e| {
            let meta = std::fs::symlink_metadata(base.join(&e.rel)).ok()?;
            if !meta.is_file() {
                return None;
            }
            let (mtime, ctime, ino) = stat_times(&meta);
            let same = meta.len() as u32 == e.size
                && (mtime.0 as i32, mtime.1) == e.mtime
                && (ctime.0 as i32, ctime.1) == e.ctime
                && ino as u32 == e.ino;
            // Racily clean: the file may have changed in the instant the index was written.
            let racy = mtime >= index_mtime;
            (same && !racy).then_some(())
        });
        Ok(entries
            .into_iter()
            .zip(clean)
            .filter_map(|(e, ok)| ok.map(|()| (e.rel, e.id)))
            .collect())
    }
}

/// (mtime, ctime) as (seconds, nanoseconds), and the inode number.
#[cfg(unix)]
fn stat_times(meta: &std::fs::Metadata) -> ((i64, u32), (i64, u32), u64) {
    use std::os::unix::fs::MetadataExt;
    (
        (meta.mtime(), meta.mtime_nsec() as u32),
        (meta.ctime(), meta.ctime_nsec() as u32),
        meta.ino(),
    )
}

/// Without unix stat data nothing is trusted: every file is read and hashed.
#[cfg(not(unix))]
fn stat_times(_: &std::fs::Metadata) -> ((i64, u32), (i64, u32), u64) {
    ((i64::MAX, 0), (0, 0), 0)
}
