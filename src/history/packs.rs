//! Reading tree objects straight from the repository's packfiles, with a cache of resolved delta
//! bases large enough for the trees of big flat folders.
//!
//! libgit2 keeps no delta base larger than 1 MB in its cache (and 16 MB in all). A level folder
//! of 33,000 procedures is a 1.7 MB tree, stored as a chain of up to 50 deltas, so through
//! libgit2 every read of one version applies the whole chain again, each step copying 1.7 MB —
//! history queries at 100,000 procedures spent most of their time there. git itself caches
//! 96 MB of bases whatever their size; this reader does the same. Anything it cannot read
//! (loose objects, a base in another pack, an unknown index version, a damaged entry) is left to
//! the caller, which reads it through libgit2.

use git2::Oid;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::Path;
use std::rc::Rc;

/// A resolved object's content, shared (held in a `Vec`: made into an `Rc<[u8]>`, each 1.7 MB
/// tree would be copied once more).
pub(super) type Object = Rc<Vec<u8>>;

/// Bytes of resolved objects kept at most (as `core.deltaBaseCacheLimit`'s default).
const CACHE_BYTES: usize = 96 * 1024 * 1024;
/// … and at least.
const MIN_CACHE_BYTES: usize = 8 * 1024 * 1024;
/// How many objects the size of the largest one read the cache makes room for: a chain of
/// deltas 50 deep (git's default depth) in each of three level folders, so that a walk against
/// the direction of the deltas (newest first over a pack written by `git fast-import`) resolves
/// each version once.
const CACHE_OBJECTS: usize = 160;

const OBJ_COMMIT: u8 = 1;
const OBJ_TREE: u8 = 2;
const OBJ_OFS_DELTA: u8 = 6;
const OBJ_REF_DELTA: u8 = 7;

/// One packfile and its index (version 2).
struct Pack {
    file: File,
    /// The whole `.idx` file.
    idx: Vec<u8>,
    count: usize,
    /// Entry offsets in the pack, ascending, ending with the offset of the trailing checksum:
    /// an entry ends where the next one starts.
    ends: Vec<u64>,
}

impl Pack {
    fn open(idx_path: &Path) -> Option<Pack> {
        let idx = std::fs::read(idx_path).ok()?;
        if idx.len() < 8 + 256 * 4 || idx[..4] != [0xff, b't', b'O', b'c'] || be32(&idx, 4) != 2 {
            return None;
        }
        let count = be32(&idx, 8 + 255 * 4) as usize;
        let ids = 8 + 256 * 4;
        let offsets = ids + count * 24;
        let large = offsets + count * 4;
        if idx.len() < large + 40 {
            return None;
        }
        let file = File::open(idx_path.with_extension("pack")).ok()?;
        let pack_len = file.metadata().ok()?.len();
        let mut pack = Pack {
            file,
            idx,
            count,
            ends: Vec::with_capacity(count + 1),
        };
        for i in 0..count {
            let off = pack.offset(i)?;
            pack.ends.push(off);
        }
        pack.ends.push(pack_len.checked_sub(20)?);
        pack.ends.sort_unstable();
        Some(pack)
    }

    /// The pack offset of the `i`-th object of the index.
    fn offset(&self, i: usize) -> Option<u64> {
        let offsets = 8 + 256 * 4 + self.count * 24;
        let v = be32(&self.idx, offsets + i * 4);
        if v & 0x8000_0000 == 0 {
            return Some(u64::from(v));
        }
        let at = offsets + self.count * 4 + (v & 0x7fff_ffff) as usize * 8;
        let bytes = self.idx.get(at..at + 8)?;
        Some(u64::from_be_bytes(bytes.try_into().ok()?))
    }

    /// Where object `id` starts in this pack.
    fn find(&self, id: &[u8]) -> Option<u64> {
        let first = id[0] as usize;
        let lo = if first == 0 {
            0
        } else {
            be32(&self.idx, 8 + (first - 1) * 4) as usize
        };
        let hi = be32(&self.idx, 8 + first * 4) as usize;
        let ids = 8 + 256 * 4;
        let (mut lo, mut hi) = (lo, hi.min(self.count));
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = ids + mid * 20;
            match self.idx[at..at + 20].cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.offset(mid),
            }
        }
        None
    }

    /// The first bytes of the entry at `offset`: enough for its header.
    fn entry_head(&self, offset: u64) -> Option<Vec<u8>> {
        let i = self.ends.partition_point(|&e| e <= offset);
        let end = (*self.ends.get(i)?).min(offset + 32);
        let mut buf = vec![0; usize::try_from(end - offset).ok()?];
        read_at(&self.file, &mut buf, offset)?;
        Some(buf)
    }

    /// At most the first `len` raw bytes of the entry at `offset`.
    fn entry_prefix(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        let i = self.ends.partition_point(|&e| e <= offset);
        let end = (*self.ends.get(i)?).min(offset.checked_add(len as u64)?);
        let mut buf = vec![0; usize::try_from(end - offset).ok()?];
        read_at(&self.file, &mut buf, offset)?;
        Some(buf)
    }

    /// The raw bytes of the entry at `offset` (header and compressed data).
    fn entry(&self, offset: u64) -> Option<Vec<u8>> {
        let i = self.ends.partition_point(|&e| e <= offset);
        let end = *self.ends.get(i)?;
        let mut buf = vec![0; usize::try_from(end - offset).ok()?];
        read_at(&self.file, &mut buf, offset)?;
        Some(buf)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> Option<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset).ok()
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> Option<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, offset).ok()?;
        if n == 0 {
            return None;
        }
        buf = &mut buf[n..];
        offset += n as u64;
    }
    Some(())
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// One entry, parsed: its type, inflated size, what it is a delta of, and where its compressed
/// data starts.
struct Entry {
    kind: u8,
    size: usize,
    base: Option<Base>,
    data: usize,
}

enum Base {
    Offset(u64),
    Id(Oid),
}

fn parse_entry(bytes: &[u8], offset: u64) -> Option<Entry> {
    let mut i = 0;
    let mut c = *bytes.first()?;
    i += 1;
    let kind = (c >> 4) & 7;
    let mut size = usize::from(c & 15);
    let mut shift = 4;
    while c & 0x80 != 0 {
        c = *bytes.get(i)?;
        i += 1;
        size |= usize::from(c & 0x7f).checked_shl(shift)?;
        shift += 7;
    }
    let base = match kind {
        OBJ_OFS_DELTA => {
            let mut c = *bytes.get(i)?;
            i += 1;
            let mut back = u64::from(c & 0x7f);
            while c & 0x80 != 0 {
                c = *bytes.get(i)?;
                i += 1;
                back = ((back + 1) << 7) | u64::from(c & 0x7f);
            }
            Some(Base::Offset(offset.checked_sub(back)?))
        }
        OBJ_REF_DELTA => {
            let id = Oid::from_bytes(bytes.get(i..i + 20)?).ok()?;
            i += 20;
            Some(Base::Id(id))
        }
        1..=4 => None,
        _ => return None,
    };
    Some(Entry {
        kind,
        size,
        base,
        data: i,
    })
}

/// `data` inflated into exactly `size` bytes, through `z` (reset first: one inflater for every
/// object, not a fresh one and its 32 KB window for each of thousands of small trees).
fn inflate(z: &mut flate2::Decompress, data: &[u8], size: usize) -> Option<Vec<u8>> {
    z.reset(true);
    let mut out = Vec::with_capacity(size + 1);
    let status = z
        .decompress_vec(data, &mut out, flate2::FlushDecompress::Finish)
        .ok()?;
    (status == flate2::Status::StreamEnd && out.len() == size).then_some(out)
}

fn delta_varint(d: &[u8], i: &mut usize) -> Option<usize> {
    let mut v = 0usize;
    let mut shift = 0u32;
    loop {
        let c = *d.get(*i)?;
        *i += 1;
        v |= usize::from(c & 0x7f).checked_shl(shift)?;
        shift += 7;
        if c & 0x80 == 0 {
            return Some(v);
        }
    }
}

/// `delta` applied to `base` (git's delta format: copies from the base and inserted bytes).
fn apply_delta(base: &[u8], delta: &[u8]) -> Option<Vec<u8>> {
    let mut i = 0;
    if delta_varint(delta, &mut i)? != base.len() {
        return None;
    }
    let size = delta_varint(delta, &mut i)?;
    let mut out = Vec::with_capacity(size);
    while i < delta.len() {
        let op = delta[i];
        i += 1;
        if op & 0x80 != 0 {
            let mut off = 0usize;
            let mut len = 0usize;
            for k in 0..4 {
                if op & (1 << k) != 0 {
                    off |= usize::from(*delta.get(i)?) << (8 * k);
                    i += 1;
                }
            }
            for k in 0..3 {
                if op & (0x10 << k) != 0 {
                    len |= usize::from(*delta.get(i)?) << (8 * k);
                    i += 1;
                }
            }
            if len == 0 {
                len = 0x10000;
            }
            out.extend_from_slice(base.get(off..off.checked_add(len)?)?);
        } else if op != 0 {
            let n = usize::from(op);
            out.extend_from_slice(delta.get(i..i + n)?);
            i += n;
        } else {
            return None;
        }
    }
    (out.len() == size).then_some(out)
}

/// The packfiles of a repository, read directly, with a cache of resolved objects.
pub(super) struct Packs {
    packs: Vec<Pack>,
    /// (pack, offset) → (type, content, last use).
    cache: HashMap<(usize, u64), (u8, Object, u64)>,
    /// The cache's keys by last use, least recent first: forgetting the oldest is one step, not
    /// a scan of the cache (a scan per kept object was a quarter of a history walk's time).
    by_use: BTreeMap<u64, (usize, u64)>,
    cached_bytes: usize,
    /// The cache's budget: [`CACHE_BYTES`] at most, less while the trees read are small.
    budget: usize,
    clock: u64,
    z: flate2::Decompress,
}

impl Packs {
    /// The packs under `git_dir/objects/pack` (none readable: an empty set, every read left to
    /// the caller).
    pub fn open(git_dir: &Path) -> Packs {
        let mut packs = Vec::new();
        if let Ok(dir) = std::fs::read_dir(git_dir.join("objects").join("pack")) {
            let mut idx: Vec<_> = dir
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "idx"))
                .collect();
            idx.sort();
            packs.extend(idx.iter().filter_map(|p| Pack::open(p)));
        }
        Packs {
            packs,
            cache: HashMap::new(),
            by_use: BTreeMap::new(),
            cached_bytes: 0,
            budget: MIN_CACHE_BYTES,
            clock: 0,
            z: flate2::Decompress::new(true),
        }
    }

    /// The content of tree `id`, or `None` when it is not found in the packs or cannot be read
    /// here (the caller then asks libgit2), or is not a tree.
    pub fn tree(&mut self, id: Oid) -> Option<Object> {
        let (pack, offset) = self.locate(id)?;
        let (kind, data) = self.resolve(pack, offset)?;
        (kind == OBJ_TREE).then_some(data)
    }

    /// The first `len` bytes (all, when shorter) of commit `id`: a whole entry is inflated only
    /// that far; a delta, rare for commits, is resolved whole. Commits are not cached.
    pub fn commit_start(&mut self, id: Oid, len: usize) -> Option<Vec<u8>> {
        let (pack, offset) = self.locate(id)?;
        let head = self.packs[pack].entry_head(offset)?;
        let entry = parse_entry(&head, offset)?;
        if entry.base.is_some() {
            let (kind, data) = self.resolve(pack, offset)?;
            return (kind == OBJ_COMMIT).then(|| data[..len.min(data.len())].to_vec());
        }
        if entry.kind != OBJ_COMMIT {
            return None;
        }
        let want = len.min(entry.size);
        // The compressed bytes for `want` output bytes: never more than the output plus the
        // stream's header and one block's overhead, nor more than the entry holds.
        let bytes = self.packs[pack].entry_prefix(offset, entry.data + want + 512)?;
        self.z.reset(true);
        let mut out = Vec::with_capacity(want);
        let status = self
            .z
            .decompress_vec(
                &bytes[entry.data..],
                &mut out,
                flate2::FlushDecompress::None,
            )
            .ok()?;
        let done = out.len() == want
            && (want < entry.size || status == flate2::Status::StreamEnd || want == 0);
        done.then_some(out)
    }

    /// How many deltas stand between object `id` and a whole object in its pack (0 for a whole
    /// one, or one not found here), read from the entries' headers alone.
    pub fn chain_len(&self, id: Oid) -> usize {
        let Some((pack, mut at)) = self.locate(id) else {
            return 0;
        };
        let pack = &self.packs[pack];
        let mut n = 0;
        while n < 10_000 {
            let base = pack
                .entry_head(at)
                .and_then(|bytes| parse_entry(&bytes, at))
                .and_then(|e| e.base);
            at = match base {
                Some(Base::Offset(base)) => base,
                Some(Base::Id(id)) => match pack.find(id.as_bytes()) {
                    Some(base) => base,
                    None => return n + 1,
                },
                None => return n,
            };
            n += 1;
        }
        n
    }

    fn locate(&self, id: Oid) -> Option<(usize, u64)> {
        let raw = id.as_bytes();
        self.packs
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.find(raw).map(|off| (i, off)))
    }

    /// The object at `offset` of pack `pack`: its type and content, its delta chain resolved
    /// (iteratively down to a cached or whole base, then back up, keeping each step).
    fn resolve(&mut self, pack: usize, offset: u64) -> Option<(u8, Object)> {
        let mut chain: Vec<(u64, Vec<u8>, Entry)> = Vec::new();
        let mut at = offset;
        let (kind, mut data) = loop {
            self.clock += 1;
            if let Some((kind, data, used)) = self.cache.get_mut(&(pack, at)) {
                self.by_use.remove(used);
                *used = self.clock;
                self.by_use.insert(self.clock, (pack, at));
                break (*kind, data.clone());
            }
            let bytes = self.packs[pack].entry(at)?;
            let entry = parse_entry(&bytes, at)?;
            match entry.base {
                None => {
                    let data: Object =
                        Rc::new(inflate(&mut self.z, &bytes[entry.data..], entry.size)?);
                    let kind = entry.kind;
                    self.keep(pack, at, kind, data.clone());
                    break (kind, data);
                }
                Some(Base::Offset(base)) => {
                    chain.push((at, bytes, entry));
                    at = base;
                }
                Some(Base::Id(id)) => {
                    // A base in the same pack is followed; anywhere else it is libgit2's job.
                    let base = self.packs[pack].find(id.as_bytes())?;
                    chain.push((at, bytes, entry));
                    at = base;
                }
            }
            if chain.len() > 10_000 {
                return None;
            }
        };
        while let Some((at, bytes, entry)) = chain.pop() {
            let delta = inflate(&mut self.z, &bytes[entry.data..], entry.size)?;
            data = Rc::new(apply_delta(&data, &delta)?);
            self.keep(pack, at, kind, data.clone());
        }
        Some((kind, data))
    }

    /// Remember a resolved tree (other objects are not kept), forgetting the least recently used
    /// ones beyond the budget. The budget follows the largest object kept: room for [`CACHE_OBJECTS`] of it, between
    /// [`MIN_CACHE_BYTES`] and [`CACHE_BYTES`] — the versions of a big folder that a walk along
    /// its delta chains needs, without holding 96 MB for a catalogue whose folders are small.
    fn keep(&mut self, pack: usize, offset: u64, kind: u8, data: Object) {
        if kind != OBJ_TREE || data.len() > CACHE_BYTES / 4 {
            return;
        }
        self.budget = self
            .budget
            .max(data.len().saturating_mul(CACHE_OBJECTS).min(CACHE_BYTES));
        self.clock += 1;
        self.cached_bytes += data.len();
        self.by_use.insert(self.clock, (pack, offset));
        if let Some((_, old, used)) = self.cache.insert((pack, offset), (kind, data, self.clock)) {
            self.cached_bytes -= old.len();
            self.by_use.remove(&used);
        }
        while self.cached_bytes > self.budget {
            let Some((_, oldest)) = self.by_use.pop_first() else {
                break;
            };
            if let Some((_, old, _)) = self.cache.remove(&oldest) {
                self.cached_bytes -= old.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tree of a repository packed by `git gc` (deltas included) reads here exactly as
    /// libgit2 reads it.
    #[test]
    fn trees_read_from_packs_as_libgit2_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let sig =
            git2::Signature::new("T", "t@example.org", &git2::Time::new(1_600_000_000, 0)).unwrap();
        let mut parent: Option<Oid> = None;
        let mut trees = Vec::new();
        for n in 0..60u32 {
            let mut builder = repo.treebuilder(None).unwrap();
            for k in 0..400u32 {
                let blob = repo
                    .blob(format!("{k} {}", if k % 37 == n % 37 { n } else { 0 }).as_bytes())
                    .unwrap();
                builder
                    .insert(format!("{k:05}.yaml"), blob, 0o100644)
                    .unwrap();
            }
            let tree = builder.write().unwrap();
            trees.push(tree);
            let parents: Vec<git2::Commit<'_>> = parent
                .iter()
                .map(|p| repo.find_commit(*p).unwrap())
                .collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let tree = repo.find_tree(tree).unwrap();
            parent = Some(
                repo.commit(Some("HEAD"), &sig, &sig, "c", &tree, &parents)
                    .unwrap(),
            );
        }
        let gc = std::process::Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args(["gc", "-q", "--aggressive"])
            .status();
        if !gc.is_ok_and(|s| s.success()) {
            return; // no git here: nothing packed to read
        }
        let repo = git2::Repository::open(dir.path()).unwrap();
        let mut packs = Packs::open(repo.path());
        assert!(!packs.packs.is_empty());
        let pack = &packs.packs[0];
        let deltas = pack.ends[..pack.count]
            .iter()
            .filter(|&&at| {
                parse_entry(&pack.entry(at).unwrap(), at).is_some_and(|e| e.base.is_some())
            })
            .count();
        assert!(deltas > 50, "the test reads deltas ({deltas})");
        // Newest first and oldest first, so bases come from the cache and from the pack.
        let odb = repo.odb().unwrap();
        for id in trees.iter().rev().chain(trees.iter()) {
            let ours = packs.tree(*id).expect("a packed tree");
            let theirs = odb.read(*id).unwrap();
            assert_eq!(&ours[..], theirs.data());
        }
        // Not a tree, not there.
        assert!(packs.tree(parent.unwrap()).is_none());
        assert!(packs.tree(Oid::from_bytes(&[7; 20]).unwrap()).is_none());
    }

    #[test]
    fn deltas_apply_and_refuse_damage() {
        let base = b"0123456789abcdef";
        // size 16 → 7; copy 4 bytes from offset 2; insert "xyz".
        let delta = [16, 7, 0x91, 2, 4, 3, b'x', b'y', b'z'];
        assert_eq!(apply_delta(base, &delta).unwrap(), b"2345xyz");
        assert!(apply_delta(base, &[15, 7, 0x91, 2, 4, 3, b'x', b'y', b'z']).is_none());
        assert!(apply_delta(base, &[16, 7, 0x91, 30, 4, 3, b'x', b'y', b'z']).is_none());
        assert!(apply_delta(base, &[16, 8, 0x91, 2, 4, 3, b'x', b'y', b'z']).is_none());
        assert!(apply_delta(base, &[16, 7, 0]).is_none());
    }
}
