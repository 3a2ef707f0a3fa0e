//! What the git index says about the work tree: the blob id of every file whose stat data still
//! match the index entry, known without reading the file (as `git status` knows it).

use super::{HistoryError, Repo};
use crate::store::KnownIds;
use std::path::Path;

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
    rel: String,
    id: [u8; 20],
    size: u32,
    mtime: (i32, u32),
    ctime: (i32, u32),
    ino: u32,
}

/// An index entry as either reader gives it.
struct Candidate<'a> {
    path: &'a [u8],
    id: [u8; 20],
    mode: u32,
    size: u32,
    mtime: (i32, u32),
    ctime: (i32, u32),
    ino: u32,
    stage: u16,
    intent_to_add: bool,
}

impl Candidate<'_> {
    /// The entry, relative to `prefix`, when it is a plain file under it.
    fn under(&self, prefix: &[u8]) -> Option<Entry> {
        let regular = self.mode & 0o170000 == 0o100000;
        if self.stage != 0 || self.intent_to_add || !regular {
            return None;
        }
        let rel = if prefix.is_empty() {
            self.path
        } else if self.path.len() > prefix.len()
            && self.path.starts_with(prefix)
            && self.path[prefix.len()] == b'/'
        {
            &self.path[prefix.len() + 1..]
        } else {
            return None;
        };
        Some(Entry {
            rel: std::str::from_utf8(rel).ok()?.to_owned(),
            id: self.id,
            size: self.size,
            mtime: self.mtime,
            ctime: self.ctime,
            ino: self.ino,
        })
    }
}

impl Repo {
    /// Files under `prefix` (repository-relative) whose content is known from the index: their
    /// stat data match the entry, and the entry is not "racily clean" (written in the same instant
    /// as the index itself, when the file could have changed unseen). Paths are relative to
    /// `prefix`. An entry whose file differs, or any file the index does not know, is left out.
    pub fn clean_blob_ids(&self, prefix: &Path) -> Result<KnownIds, HistoryError> {
        let index_path = self.repo.path().join("index");
        let Ok(index_meta) = std::fs::metadata(&index_path) else {
            return Ok(KnownIds::new());
        };
        let prefix_bytes = super::slash(prefix).into_bytes();
        // The index file read directly (no libgit2 structures, a fast checksum); libgit2 for the
        // forms that module leaves to it.
        let entries = match super::index_file::IndexFile::read(self.repo.path()) {
            Some(file) => {
                let mut entries = Vec::with_capacity(file.len());
                for e in file.iter() {
                    let candidate = Candidate {
                        path: e.path,
                        id: e.id,
                        mode: e.mode,
                        size: e.size,
                        mtime: e.mtime,
                        ctime: e.ctime,
                        ino: e.ino,
                        stage: e.stage,
                        intent_to_add: e.intent_to_add,
                    };
                    entries.extend(candidate.under(&prefix_bytes));
                }
                entries
            }
            None => {
                let index = self.repo.index()?;
                let mut entries = Vec::with_capacity(index.len());
                for e in index.iter() {
                    let mut id = [0u8; 20];
                    id.copy_from_slice(&e.id.as_bytes()[..20]);
                    let candidate = Candidate {
                        path: &e.path,
                        id,
                        mode: e.mode,
                        size: e.file_size,
                        mtime: (e.mtime.seconds(), e.mtime.nanoseconds()),
                        ctime: (e.ctime.seconds(), e.ctime.nanoseconds()),
                        ino: e.ino,
                        stage: (e.flags >> 12) & 0x3,
                        intent_to_add: e.flags_extended & (1 << 13) != 0,
                    };
                    entries.extend(candidate.under(&prefix_bytes));
                }
                entries
            }
        };
        let base = self.workdir.join(prefix);
        let index_mtime = stat_times(&index_meta).0;
        let folders = Folders::open(&base, &entries);
        let numbered: Vec<(usize, &Entry)> = entries.iter().enumerate().collect();
        let clean = crate::parallel::map(&numbered, |&(i, e)| {
            let stat = folders.stat(&base, i, e)?;
            if !stat.file {
                return None;
            }
            let same = stat.size as u32 == e.size
                && (stat.mtime.0 as i32, stat.mtime.1) == e.mtime
                && (stat.ctime.0 as i32, stat.ctime.1) == e.ctime
                && stat.ino as u32 == e.ino;
            // Racily clean: the file may have changed in the instant the index was written.
            let racy = stat.mtime >= index_mtime;
            (same && !racy).then_some(())
        });
        let mut known = KnownIds::with_capacity(entries.len());
        for (e, ok) in entries.iter().zip(clean) {
            if ok.is_some() {
                known.insert(Path::new(&e.rel), e.id);
            }
        }
        Ok(known)
    }
}

/// What is compared of a file's stat data.
struct Stat {
    /// A regular file (not a symlink, not a folder).
    file: bool,
    size: u64,
    mtime: (i64, u32),
    ctime: (i64, u32),
    ino: u64,
}

/// The folders holding the index's files, each opened once, so that a file is stat'ed by its
/// name in its folder: at a hundred thousand files, the kernel then resolves one name per file,
/// not the whole path. Entries come in the index's order, so a folder's files are together.
struct Folders {
    /// For each entry, its folder in `open` (`None`: stat it by its whole path).
    #[cfg(unix)]
    of_entry: Vec<Option<u32>>,
    #[cfg(unix)]
    open: Vec<rustix::fd::OwnedFd>,
}

impl Folders {
    #[cfg(unix)]
    fn open(base: &Path, entries: &[Entry]) -> Folders {
        use rustix::fs::{Mode, OFlags};
        let mut folders = Folders {
            of_entry: Vec::with_capacity(entries.len()),
            open: Vec::new(),
        };
        let mut last: Option<(&str, Option<u32>)> = None;
        for e in entries {
            let parent = e.rel.rsplit_once('/').map_or("", |(p, _)| p);
            let folder = match last {
                Some((p, folder)) if p == parent => folder,
                _ => {
                    let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
                    let folder = rustix::fs::open(base.join(parent), flags, Mode::empty())
                        .ok()
                        .map(|fd| {
                            folders.open.push(fd);
                            (folders.open.len() - 1) as u32
                        });
                    last = Some((parent, folder));
                    folder
                }
            };
            folders.of_entry.push(folder);
        }
        folders
    }

    #[cfg(not(unix))]
    fn open(_: &Path, _: &[Entry]) -> Folders {
        Folders {}
    }

    /// The stat data of entry `i`'s file under `base` (not following a symlink).
    #[cfg(unix)]
    fn stat(&self, base: &Path, i: usize, e: &Entry) -> Option<Stat> {
        let Some(folder) = self.of_entry[i] else {
            return std::fs::symlink_metadata(base.join(&e.rel))
                .ok()
                .map(|m| stat_of(&m));
        };
        let name = e.rel.rsplit_once('/').map_or(e.rel.as_str(), |(_, n)| n);
        let st = rustix::fs::statat(
            &self.open[folder as usize],
            name,
            rustix::fs::AtFlags::SYMLINK_NOFOLLOW,
        )
        .ok()?;
        Some(Stat {
            file: rustix::fs::FileType::from_raw_mode(st.st_mode)
                == rustix::fs::FileType::RegularFile,
            size: st.st_size as u64,
            mtime: (st.st_mtime as i64, st.st_mtime_nsec as u32),
            ctime: (st.st_ctime as i64, st.st_ctime_nsec as u32),
            ino: st.st_ino as u64,
        })
    }

    #[cfg(not(unix))]
    fn stat(&self, base: &Path, _: usize, e: &Entry) -> Option<Stat> {
        std::fs::symlink_metadata(base.join(&e.rel))
            .ok()
            .map(|m| stat_of(&m))
    }
}

fn stat_of(meta: &std::fs::Metadata) -> Stat {
    let (mtime, ctime, ino) = stat_times(meta);
    Stat {
        file: meta.is_file(),
        size: meta.len(),
        mtime,
        ctime,
        ino,
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
