//! git's index file (`.git/index`), read and updated in place for the saves of a large catalogue.
//!
//! libgit2 parses every entry of the index into its own structures (and checks its SHA-1 with
//! collision detection) before a save can change one entry, then writes all of it again: at a
//! hundred thousand files, a 10 MB index, that was three fifths of a save's CPU time. A save
//! changes a few paths, so this module keeps the file's bytes, finds the entries by a scan of
//! their fixed-size headers, and splices the new entries in.
//!
//! Only the plain formats are handled here: versions 2 and 3, no split index, no sparse
//! directories, no required extension it does not know. Anything else ([`IndexFile::read`]
//! returns `None`) goes through libgit2 as before. Of the optional extensions, the cache tree
//! (`TREE`) is kept with the folders of the changed paths marked invalid, as git does, and the
//! resolve-undo record (`REUC`) is kept as it is; the other optional ones are caches that git
//! rebuilds (`UNTR`, `FSMN`, `EOIE`, `IEOT`) and are dropped, which their format allows.
//!
//! An entry that is "racily clean" (its file's mtime is not older than the index) is smudged
//! (its size set to 0) when the index is written again, as git and libgit2 do, so a change made
//! to that file in the same instant is never taken for clean once the index is newer.

use super::HistoryError;
use sha1::{Digest, Sha1};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The size of an entry's fixed part (stat data, mode, id, flags) before the path.
const FIXED: usize = 62;
/// The extended-flags bit of an entry's flags (version 3).
const EXTENDED: u16 = 0x4000;

/// git's index file, as bytes, with its entries located.
pub(super) struct IndexFile {
    bytes: Vec<u8>,
    #[cfg_attr(not(test), allow(dead_code))]
    version: u32,
    entries: Vec<Located>,
    /// Where the extensions begin (the end of the last entry).
    extensions: usize,
    /// The index file's own mtime when it was read (seconds, nanoseconds).
    mtime: (i64, u32),
}

/// Where one entry lies in [`IndexFile::bytes`].
#[derive(Clone, Copy)]
struct Located {
    start: u32,
    len: u32,
    path_len: u32,
}

/// One entry, borrowed from the file.
pub(super) struct EntryRef<'a> {
    pub path: &'a [u8],
    pub id: [u8; 20],
    pub mode: u32,
    pub size: u32,
    pub mtime: (i32, u32),
    pub ctime: (i32, u32),
    pub ino: u32,
    /// The merge stage (0: normal).
    pub stage: u16,
    pub intent_to_add: bool,
}

/// The new state of one path in the index: its blob and the stat data of the file just written
/// (`None`: the path leaves the index).
pub(super) struct Update {
    pub path: Vec<u8>,
    pub entry: Option<NewEntry>,
}

pub(super) struct NewEntry {
    pub id: [u8; 20],
    /// Stat data of the work tree file; `None` when the file does not hold these bytes (the
    /// entry is then written with zero stat data, which every reader takes as "look again").
    pub stat: Option<FileStat>,
    pub size: u32,
}

#[derive(Clone, Copy)]
pub(super) struct FileStat {
    pub ctime: (u32, u32),
    pub mtime: (u32, u32),
    pub dev: u32,
    pub ino: u32,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

impl FileStat {
    /// No stat data: every reader takes the entry as "look at the file again".
    const NONE: FileStat = FileStat {
        ctime: (0, 0),
        mtime: (0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
    };

    #[cfg(unix)]
    pub fn of(meta: &fs::Metadata) -> FileStat {
        use std::os::unix::fs::MetadataExt;
        let exec = meta.mode() & 0o111 != 0;
        FileStat {
            ctime: (meta.ctime() as u32, meta.ctime_nsec() as u32),
            mtime: (meta.mtime() as u32, meta.mtime_nsec() as u32),
            dev: meta.dev() as u32,
            ino: meta.ino() as u32,
            mode: if exec { 0o100755 } else { 0o100644 },
            uid: meta.uid(),
            gid: meta.gid(),
        }
    }

    #[cfg(not(unix))]
    pub fn of(_: &fs::Metadata) -> FileStat {
        FileStat::NONE
    }
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

/// The length of an entry of version 2/3 whose path is `path_len` bytes: the fixed part, the
/// extended flags when present, the path and 1 to 8 NULs, a multiple of 8.
fn entry_len(extended: bool, path_len: usize) -> usize {
    let fixed = FIXED + if extended { 2 } else { 0 };
    (fixed + path_len + 8) & !7
}

impl IndexFile {
    /// The index of the repository whose git folder is `git_dir`, when it is in a form this
    /// module handles; `None` when there is none, or it is in another form (the caller uses
    /// libgit2), or it is damaged (libgit2 then says how).
    pub fn read(git_dir: &Path) -> Option<IndexFile> {
        let path = git_dir.join("index");
        let mut file = File::open(&path).ok()?;
        let meta = file.metadata().ok()?;
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        io::Read::read_to_end(&mut file, &mut bytes).ok()?;
        let mtime = mtime_of(&meta);
        IndexFile::parse(bytes, mtime)
    }

    fn parse(bytes: Vec<u8>, mtime: (i64, u32)) -> Option<IndexFile> {
        if bytes.len() < 12 + 20 || &bytes[..4] != b"DIRC" {
            return None;
        }
        let version = be32(&bytes, 4);
        if version != 2 && version != 3 {
            return None;
        }
        let count = be32(&bytes, 8) as usize;
        let body = bytes.len() - 20;
        // The trailing checksum; all zeros when git wrote it with `index.skipHash`.
        let trailer = &bytes[body..];
        if trailer.iter().any(|&b| b != 0) && Sha1::digest(&bytes[..body]).as_slice() != trailer {
            return None;
        }
        let mut entries = Vec::with_capacity(count);
        let mut at = 12;
        for _ in 0..count {
            if at + FIXED > body {
                return None;
            }
            let flags = be16(&bytes, at + 60);
            let extended = flags & EXTENDED != 0;
            if extended && version < 3 {
                return None;
            }
            let path_at = at + FIXED + if extended { 2 } else { 0 };
            let named = usize::from(flags & 0x0fff);
            let path_len = if named < 0x0fff {
                named
            } else {
                memchr::memchr(0, bytes.get(path_at..body)?)?
            };
            let len = entry_len(extended, path_len);
            if at + len > body || bytes[path_at + path_len] != 0 {
                return None;
            }
            if extended {
                // Sparse-directory entries (skip-worktree folders) need git's sparse index.
                let flags2 = be16(&bytes, at + FIXED);
                if flags2 & 0x4000 != 0 && be32(&bytes, at + 24) & 0o170000 == 0o040000 {
                    return None;
                }
            }
            entries.push(Located {
                start: at as u32,
                len: len as u32,
                path_len: path_len as u32,
            });
            at += len;
        }
        let extensions = at;
        // Every extension must be one this module can carry over or drop.
        while at + 8 <= body {
            let sig = &bytes[at..at + 4];
            let size = be32(&bytes, at + 4) as usize;
            if at + 8 + size > body {
                return None;
            }
            let optional = sig[0].is_ascii_uppercase();
            if !optional {
                return None;
            }
            at += 8 + size;
        }
        if at != body {
            return None;
        }
        Some(IndexFile {
            bytes,
            version,
            entries,
            extensions,
            mtime,
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    fn path_of(&self, l: Located) -> &[u8] {
        let b = &self.bytes;
        let flags = be16(b, l.start as usize + 60);
        let path_at = l.start as usize + FIXED + if flags & EXTENDED != 0 { 2 } else { 0 };
        &b[path_at..path_at + l.path_len as usize]
    }

    fn entry(&self, l: Located) -> EntryRef<'_> {
        let b = &self.bytes;
        let s = l.start as usize;
        let flags = be16(b, s + 60);
        let flags2 = if flags & EXTENDED != 0 {
            be16(b, s + FIXED)
        } else {
            0
        };
        let mut id = [0u8; 20];
        id.copy_from_slice(&b[s + 40..s + 60]);
        EntryRef {
            path: self.path_of(l),
            id,
            ctime: (be32(b, s) as i32, be32(b, s + 4)),
            mtime: (be32(b, s + 8) as i32, be32(b, s + 12)),
            ino: be32(b, s + 20),
            mode: be32(b, s + 24),
            size: be32(b, s + 36),
            stage: (flags >> 12) & 0x3,
            intent_to_add: flags2 & 0x2000 != 0,
        }
    }

    /// Every entry, in the index's order (by path, then stage).
    pub fn iter(&self) -> impl Iterator<Item = EntryRef<'_>> + '_ {
        self.entries.iter().map(|&l| self.entry(l))
    }

    /// The first entry whose path is not before `path` (the index is sorted by path bytes).
    fn position(&self, path: &[u8]) -> usize {
        self.entries.partition_point(|&l| self.path_of(l) < path)
    }

    /// The bytes of the index with `updates` applied, the racily clean entries smudged, the
    /// cache tree invalidated along the changed paths, and a new checksum. `None` when an update
    /// cannot be done here (a path in conflict: stages other than 0); the caller uses libgit2.
    pub fn updated(&self, updates: &[Update]) -> Option<Vec<u8>> {
        // The updates in path order, one per path (the last one wins, as applying them in turn
        // would give).
        let mut sorted: Vec<&Update> = Vec::with_capacity(updates.len());
        for u in updates {
            sorted.retain(|o| o.path != u.path);
            sorted.push(u);
        }
        sorted.sort_by(|a, b| a.path.cmp(&b.path));
        let mut spans: Vec<(usize, usize, Option<Vec<u8>>)> = Vec::new();
        for u in &sorted {
            if u.path.is_empty() || u.path.contains(&0) || u.path.len() >= 0x0fff {
                return None;
            }
            let from = self.position(&u.path);
            let mut to = from;
            while to < self.entries.len() && self.path_of(self.entries[to]) == u.path.as_slice() {
                to += 1;
            }
            // Only a path at stage 0 (or absent) is replaced here.
            if (from..to).any(|i| self.entry(self.entries[i]).stage != 0) {
                return None;
            }
            let old = (from < to).then(|| self.entry(self.entries[from]));
            let bytes = u
                .entry
                .as_ref()
                .map(|e| self.encode(&u.path, e, old.as_ref()));
            spans.push((from, to, bytes));
        }
        let added: isize = spans
            .iter()
            .map(|(from, to, b)| isize::from(b.is_some()) - (to - from) as isize)
            .sum();
        let count = (self.entries.len() as isize + added) as u32;

        let mut out = Vec::with_capacity(self.bytes.len() + 256 * spans.len());
        out.extend_from_slice(&self.bytes[..8]);
        out.extend_from_slice(&count.to_be_bytes());
        let mut next = 0;
        let index_mtime = self.mtime;
        let copy = |out: &mut Vec<u8>, from: usize, to: usize| {
            for &l in &self.entries[from..to] {
                let s = l.start as usize;
                let start = out.len();
                out.extend_from_slice(&self.bytes[s..s + l.len as usize]);
                // Racily clean: the file may have changed in the same instant as the old index
                // was written; once the index is newer, only a size that cannot match tells.
                let mtime = (
                    i64::from(be32(&self.bytes, s + 8)),
                    be32(&self.bytes, s + 12),
                );
                let size = be32(&self.bytes, s + 36);
                if size != 0 && mtime >= index_mtime {
                    out[start + 36..start + 40].copy_from_slice(&0u32.to_be_bytes());
                }
            }
        };
        for (from, to, bytes) in &spans {
            copy(&mut out, next, *from);
            if let Some(b) = bytes {
                out.extend_from_slice(b);
            }
            next = *to;
        }
        copy(&mut out, next, self.entries.len());

        // Extensions.
        let body = self.bytes.len() - 20;
        let mut at = self.extensions;
        while at + 8 <= body {
            let sig = &self.bytes[at..at + 4];
            let size = be32(&self.bytes, at + 4) as usize;
            let data = &self.bytes[at + 8..at + 8 + size];
            match sig {
                b"TREE" => {
                    let paths: Vec<&[u8]> = sorted.iter().map(|u| u.path.as_slice()).collect();
                    let tree = invalidate_tree(data, &paths)?;
                    out.extend_from_slice(b"TREE");
                    out.extend_from_slice(&(tree.len() as u32).to_be_bytes());
                    out.extend_from_slice(&tree);
                }
                b"REUC" => out.extend_from_slice(&self.bytes[at..at + 8 + size]),
                _ => {}
            }
            at += 8 + size;
        }
        let sum = Sha1::digest(&out);
        out.extend_from_slice(&sum);
        Some(out)
    }

    fn encode(&self, path: &[u8], e: &NewEntry, old: Option<&EntryRef<'_>>) -> Vec<u8> {
        // A version 3 entry keeps its extended flags only for what they say (intent-to-add,
        // skip-worktree); a path written by a save is neither.
        let len = entry_len(false, path.len());
        let mut b = Vec::with_capacity(len);
        let st = e.stat.unwrap_or(FileStat::NONE);
        // The mode: the file's executable bit when it was stat'ed, else what the index had.
        let mode = match (e.stat, old) {
            (Some(s), _) => s.mode,
            (None, Some(o)) if o.mode == 0o100755 => 0o100755,
            _ => 0o100644,
        };
        for v in [
            st.ctime.0, st.ctime.1, st.mtime.0, st.mtime.1, st.dev, st.ino, mode, st.uid, st.gid,
            e.size,
        ] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        b.extend_from_slice(&e.id);
        b.extend_from_slice(&(path.len() as u16 & 0x0fff).to_be_bytes());
        b.extend_from_slice(path);
        b.resize(len, 0);
        b
    }

    /// Take `index.lock` in `git_dir` as git does: created exclusively, so another git program
    /// writing the index at the same time makes this wait for nobody and fail rather than lose
    /// its work. `Ok(None)`: someone else holds it.
    pub fn lock(git_dir: &Path) -> Result<Option<IndexLock>, HistoryError> {
        let path = git_dir.join("index.lock");
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => Ok(Some(IndexLock {
                git_dir: git_dir.to_owned(),
                file: Some(file),
            })),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(None),
            Err(source) => Err(HistoryError::Io { path, source }),
        }
    }
    #[cfg(test)]
    fn from_bytes(bytes: Vec<u8>, mtime: (i64, u32)) -> Option<IndexFile> {
        IndexFile::parse(bytes, mtime)
    }

    #[cfg(test)]
    fn version(&self) -> u32 {
        self.version
    }
}

/// `index.lock`, held: [`IndexLock::commit`] puts its bytes in place of the index; dropped
/// without that, it is removed and the index stays as it was.
pub(super) struct IndexLock {
    git_dir: PathBuf,
    file: Option<File>,
}

impl IndexLock {
    /// Write `bytes`, fsync them, rename the lock over `index`, fsync the folder.
    pub fn commit(mut self, bytes: &[u8]) -> Result<(), HistoryError> {
        let index = self.git_dir.join("index");
        let lock = self.git_dir.join("index.lock");
        let Some(mut file) = self.file.take() else {
            return Ok(());
        };
        let io = |source| HistoryError::Io {
            path: index.clone(),
            source,
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        drop(file);
        if let Err(e) = written {
            let _ = fs::remove_file(&lock);
            return Err(io(e));
        }
        if let Err(e) = fs::rename(&lock, &index) {
            let _ = fs::remove_file(&lock);
            return Err(io(e));
        }
        crate::atomic::sync_dir(&self.git_dir).map_err(io)
    }
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(self.git_dir.join("index.lock"));
        }
    }
}

#[cfg(unix)]
pub(super) fn mtime_of(meta: &fs::Metadata) -> (i64, u32) {
    use std::os::unix::fs::MetadataExt;
    (meta.mtime(), meta.mtime_nsec() as u32)
}

/// Without unix stat data every entry counts as racily clean.
#[cfg(not(unix))]
pub(super) fn mtime_of(_: &fs::Metadata) -> (i64, u32) {
    (i64::MIN, 0)
}

/// The cache tree extension with every folder holding one of `paths` (the root included) marked
/// invalid: entry count -1 and no tree id. `None` when it does not parse.
fn invalidate_tree(data: &[u8], paths: &[&[u8]]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut at = 0;
    // The folder of each node on the way down (its path from the root, `/`-terminated).
    node(data, &mut at, &mut out, b"", paths, true)?;
    (at == data.len()).then_some(out)
}

/// Copy one cache-tree node (and its subtrees) from `data[*at..]` to `out`. `prefix` is the
/// node's folder path with a trailing `/` (empty at the root).
fn node(
    data: &[u8],
    at: &mut usize,
    out: &mut Vec<u8>,
    parent: &[u8],
    paths: &[&[u8]],
    root: bool,
) -> Option<()> {
    let name_end = *at + memchr::memchr(0, data.get(*at..)?)?;
    let name = &data[*at..name_end];
    let line_end = name_end + 1 + memchr::memchr(b'\n', data.get(name_end + 1..)?)?;
    let line = std::str::from_utf8(&data[name_end + 1..line_end]).ok()?;
    let (count, subtrees) = line.split_once(' ')?;
    let count: i64 = count.parse().ok()?;
    let subtrees: usize = subtrees.parse().ok()?;
    *at = line_end + 1;
    let mut prefix = parent.to_vec();
    if !root {
        prefix.extend_from_slice(name);
        prefix.push(b'/');
    }
    let touched = paths.iter().any(|p| p.starts_with(&prefix));
    out.extend_from_slice(name);
    out.push(0);
    if count >= 0 {
        let id = data.get(*at..*at + 20)?;
        *at += 20;
        if touched {
            out.extend_from_slice(format!("-1 {subtrees}\n").as_bytes());
        } else {
            out.extend_from_slice(format!("{count} {subtrees}\n").as_bytes());
            out.extend_from_slice(id);
        }
    } else {
        out.extend_from_slice(format!("-1 {subtrees}\n").as_bytes());
    }
    for _ in 0..subtrees {
        node(data, at, out, &prefix, paths, false)?;
    }
    Some(())
}

#[cfg(test)]
mod tests;
