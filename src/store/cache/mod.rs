//! The record cache: records already parsed, keyed by the git blob id of the file they came from.
//!
//! A blob id names the file's exact bytes, so an entry can never be stale: a changed file has a
//! new id and simply misses. The file lives outside the catalogue (inside the git directory), and
//! is never trusted: a wrong magic, format or build fingerprint, a bad checksum, a cut or any
//! decoding error makes the whole file count as absent, and it is written again.
//!
//! Layout: a header (magic, format version, build fingerprint), then blocks of entries, each
//! block `[u32 length][u32 crc32][entries]`, and an empty block as end mark. An entry is
//! `[20-byte blob id][kind][varint length][record]`. New entries are appended as a new block.
//!
//! Beside it, in the same layout under its own magic, the summaries file holds the list columns
//! of each cached procedure (see [`summary`]), so that a list can open without decoding whole
//! records.

pub(crate) mod codec;
pub mod summary;

use crate::model::{Decision, Procedure, Proposal, PublicationRecord};
use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

/// A git blob id (SHA-1).
pub type BlobId = [u8; 20];

const MAGIC: &[u8; 8] = b"TTHCREC\n";
const FORMAT: u32 = 1;
const FINGERPRINT: &str = env!("TTHC_RECORD_FINGERPRINT");
const END_MARK: [u8; 8] = [0; 8];
const BLOCK_BYTES: usize = 1 << 20;
/// No block the writer makes is near this; a larger length is damage.
const MAX_BLOCK_BYTES: u32 = 256 << 20;

/// A parsed record of any kind the cache holds, boxed at its own kind's size: at a hundred
/// thousand records, boxes the size of the largest kind cost tens of megabytes more.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Procedure(Box<Procedure>),
    Proposal(Box<Proposal>),
    Publication(Box<PublicationRecord>),
    Decision(Box<Decision>),
}

/// A record to write, by reference.
#[derive(Clone, Copy)]
pub enum RecordRef<'a> {
    Procedure(&'a Procedure),
    Proposal(&'a Proposal),
    Publication(&'a PublicationRecord),
    Decision(&'a Decision),
}

impl Record {
    /// The record, by reference, to be written.
    pub fn as_ref(&self) -> RecordRef<'_> {
        match self {
            Record::Procedure(p) => RecordRef::Procedure(p),
            Record::Proposal(p) => RecordRef::Proposal(p),
            Record::Publication(p) => RecordRef::Publication(p),
            Record::Decision(d) => RecordRef::Decision(d),
        }
    }
}

/// What a valid cache file gave: its records in one vector, found by id through an index (a
/// record is moved once, into the vector, and taken out of it where it is used).
#[derive(Debug)]
pub struct Contents<T = Record> {
    /// The records found; a record taken out leaves `None`.
    slots: Vec<(BlobId, Option<T>)>,
    /// Where each id's record is in `slots` (the last one, when an id appears twice).
    index: HashMap<BlobId, u32, IdHash>,
    /// Entries in the file (duplicates counted once each time they appear).
    pub entries: usize,
}

impl<T> Default for Contents<T> {
    fn default() -> Self {
        Contents {
            slots: Vec::new(),
            index: HashMap::default(),
            entries: 0,
        }
    }
}

impl<T> Contents<T> {
    /// The records decoded by each worker, with the blocks they came from (`(block number,
    /// records)`, in increasing block number within a worker), put back in the file's order: so
    /// that of an id found twice, the later entry in the file wins, whichever worker read it.
    fn from_parts(parts: Vec<(Vec<(BlobId, T)>, BlockCounts)>, entries: usize) -> Contents<T> {
        let n = parts.iter().map(|p| p.0.len()).sum();
        let mut slots = Vec::with_capacity(n);
        let mut index = HashMap::with_capacity_and_hasher(n, IdHash);
        let mut blocks: Vec<(u64, usize, usize)> = Vec::new();
        let mut found = Vec::with_capacity(parts.len());
        for (worker, (records, marks)) in parts.into_iter().enumerate() {
            blocks.extend(marks.into_iter().map(|(seq, count)| (seq, worker, count)));
            found.push(records.into_iter());
        }
        blocks.sort_unstable();
        for (_, worker, count) in blocks {
            for (id, record) in found[worker].by_ref().take(count) {
                index.insert(id, slots.len() as u32);
                slots.push((id, Some(record)));
            }
        }
        Contents {
            slots,
            index,
            entries,
        }
    }

    /// How many distinct ids have a record (taken ones included).
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Whether a record with this id was found (and not taken).
    pub fn contains(&self, id: &BlobId) -> bool {
        self.get(id).is_some()
    }

    /// The record with this id, unless taken.
    pub fn get(&self, id: &BlobId) -> Option<&T> {
        let &i = self.index.get(id)?;
        self.slots[i as usize].1.as_ref()
    }

    /// Take the record with this id out (a second take gives `None`).
    pub fn take(&mut self, id: &BlobId) -> Option<T> {
        let &i = self.index.get(id)?;
        self.slots[i as usize].1.take()
    }

    /// Where the record with this id is (unless taken), for [`Contents::get_at`] and
    /// [`Contents::take_at`]: one lookup by id, then direct access.
    pub fn position(&self, id: &BlobId) -> Option<usize> {
        let &i = self.index.get(id)?;
        self.slots[i as usize].1.as_ref().map(|_| i as usize)
    }

    /// The number of positions (at least the number of records).
    pub fn positions(&self) -> usize {
        self.slots.len()
    }

    /// The record at a [`Contents::position`], unless taken.
    pub fn get_at(&self, i: usize) -> Option<&T> {
        self.slots.get(i)?.1.as_ref()
    }

    /// Take the record at a [`Contents::position`] out.
    pub fn take_at(&mut self, i: usize) -> Option<T> {
        self.slots.get_mut(i)?.1.take()
    }
}

/// Hand memory that is free again back to the system now: what the binary's allocator
/// (mimalloc) holds in pages freed by threads that are gone, such as the cache readers whose
/// records a load moves into the catalogue one by one. Without it, at a hundred thousand
/// procedures the records' old places stay resident beside their new ones (some 60 MB at the
/// end of a warm open), which is where a screen holding its list while it loads peaks.
/// Harmless when mimalloc is not the allocator in use (the tests): it holds nothing then.
#[allow(unsafe_code)]
pub fn return_free_memory() {
    unsafe extern "C" {
        /// mimalloc's `mi_collect` (linked in through libmimalloc-sys): with `force`, frees
        /// the pages that are all free, also in the segments of threads that ended, and
        /// decommits them.
        fn mi_collect(force: bool);
    }
    // SAFETY: mi_collect takes no pointer and only works on mimalloc's own structures; it may
    // be called from any thread at any time.
    unsafe { mi_collect(true) }
}

/// How many records each block a reader worker decoded gave: (block number, records).
type BlockCounts = Vec<(u64, usize)>;

/// Hashing for blob ids: they are SHA-1 digests, uniform already, so their bytes are folded in
/// with one multiplication per eight, not run through SipHash.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdHash;

impl std::hash::BuildHasher for IdHash {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0x243f_6a88_85a3_08d3)
    }
}

/// See [`IdHash`].
#[derive(Debug, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            let x = u128::from(self.0 ^ u64::from_le_bytes(word)) * 0x9e37_79b9_7f4a_7c15;
            self.0 = (x as u64) ^ ((x >> 64) as u64);
        }
    }
}

/// What a cache file holds: decoded from an entry's kind and bytes (`None`: damage).
pub(crate) trait Entry: Sized + Send {
    const MAGIC: &'static [u8; 8];
    /// About how many bytes an entry takes in the file, to size the result once.
    const TYPICAL_BYTES: usize;
    fn decode(kind: u8, bytes: &[u8]) -> Option<Self>;
}

/// What a cache file is written from: encoded into `out`, giving the entry's kind (`None`: this
/// one cannot be encoded, and is simply not cached).
pub(crate) trait EntryRef: Sync {
    const MAGIC: &'static [u8; 8];
    fn encode(&self, out: &mut Vec<u8>) -> Option<u8>;
}

impl Entry for Record {
    const MAGIC: &'static [u8; 8] = MAGIC;
    const TYPICAL_BYTES: usize = 2048;
    fn decode(kind: u8, bytes: &[u8]) -> Option<Self> {
        Some(match kind {
            1 => Record::Procedure(Box::new(codec::decode(bytes).ok()?)),
            2 => Record::Proposal(Box::new(codec::decode(bytes).ok()?)),
            3 => Record::Publication(Box::new(codec::decode(bytes).ok()?)),
            4 => Record::Decision(Box::new(codec::decode(bytes).ok()?)),
            _ => return None,
        })
    }
}

impl EntryRef for RecordRef<'_> {
    const MAGIC: &'static [u8; 8] = MAGIC;
    fn encode(&self, out: &mut Vec<u8>) -> Option<u8> {
        let (kind, result) = match *self {
            RecordRef::Procedure(p) => (1u8, codec::encode(p, out)),
            RecordRef::Proposal(p) => (2, codec::encode(p, out)),
            RecordRef::Publication(p) => (3, codec::encode(p, out)),
            RecordRef::Decision(d) => (4, codec::encode(d, out)),
        };
        result.ok().map(|()| kind)
    }
}

fn header(magic: &[u8; 8]) -> Vec<u8> {
    let mut h = Vec::with_capacity(64);
    h.extend_from_slice(magic);
    h.extend_from_slice(&FORMAT.to_le_bytes());
    h.push(FINGERPRINT.len() as u8);
    h.extend_from_slice(FINGERPRINT.as_bytes());
    h
}

/// Read the records of the cache file: all of them, or with `wanted`, those with these ids.
/// `None` when the file is missing or not to be trusted.
///
/// A load of the working tree reads them all: the read starts before it knows which it needs
/// (while git's index is read), and at most a quarter of the file is stale (see `load`). A
/// catalogue as recorded in an old commit may need few of them.
pub fn read(path: &Path, wanted: Option<&HashSet<BlobId>>) -> Option<Contents> {
    read_as::<Record>(path, wanted)
}

/// [`read`] for any kind of cache file.
pub(crate) fn read_as<T: Entry>(
    path: &Path,
    wanted: Option<&HashSet<BlobId>>,
) -> Option<Contents<T>> {
    let file = File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let expected = header(T::MAGIC);
    let mut got = vec![0u8; expected.len()];
    reader.read_exact(&mut got).ok()?;
    if got != expected {
        return None;
    }
    let mut offset = expected.len() as u64;
    let workers = crate::parallel::threads();
    let (send, receive) = std::sync::mpsc::sync_channel::<(u64, Vec<u8>)>(workers * 2);
    let receive = Mutex::new(receive);
    let failed = std::sync::atomic::AtomicBool::new(false);
    // Each worker's records, the blocks they came from (number, records), and its entries.
    type WorkerResult<T> = Option<(Vec<(BlobId, T)>, BlockCounts, usize)>;
    let results: Vec<WorkerResult<T>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    // Equal texts decoded on this worker share one allocation (model::Text).
                    let _interning = crate::model::Interning::start();
                    let mut found =
                        Vec::with_capacity(size as usize / T::TYPICAL_BYTES / workers + 16);
                    let mut marks = Vec::new();
                    let mut entries = 0usize;
                    loop {
                        let block = match receive.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => break,
                        };
                        let Ok((seq, block)) = block else { break };
                        // After a failure, keep draining so the reader is never blocked.
                        if failed.load(Ordering::Relaxed) {
                            continue;
                        }
                        let before = found.len();
                        match decode_block(&block, wanted, &mut found) {
                            Some(n) => entries += n,
                            None => failed.store(true, Ordering::Relaxed),
                        }
                        marks.push((seq, found.len() - before));
                    }
                    (found, marks, entries)
                })
            })
            .collect();
        let mut ended = false;
        let mut seq = 0u64;
        loop {
            if failed.load(Ordering::Relaxed) {
                break;
            }
            let mut head = [0u8; 8];
            if reader.read_exact(&mut head).is_err() {
                break;
            }
            offset += 8;
            let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
            if head == END_MARK {
                ended = offset == size;
                break;
            }
            if len == 0 || len > MAX_BLOCK_BYTES || offset + u64::from(len) > size {
                break;
            }
            let mut block = vec![0u8; len as usize + 4];
            block[..4].copy_from_slice(&head[4..]);
            if reader.read_exact(&mut block[4..]).is_err() {
                break;
            }
            offset += u64::from(len);
            if send.send((seq, block)).is_err() {
                break;
            }
            seq += 1;
        }
        drop(send);
        if !ended {
            failed.store(true, Ordering::Relaxed);
        }
        handles.into_iter().map(|h| h.join().ok()).collect()
    });
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let mut parts = Vec::with_capacity(results.len());
    let mut entries = 0;
    for part in results {
        let (found, marks, n) = part?;
        entries += n;
        parts.push((found, marks));
    }
    Some(Contents::from_parts(parts, entries))
}

/// Check one block (`[crc][entries]`) and decode its (wanted) entries; the number of entries, or
/// `None` when anything is wrong.
fn decode_block<T: Entry>(
    block: &[u8],
    wanted: Option<&HashSet<BlobId>>,
    found: &mut Vec<(BlobId, T)>,
) -> Option<usize> {
    let (crc, mut rest) = block.split_at(4);
    if crc32fast::hash(rest).to_le_bytes() != crc {
        return None;
    }
    let mut n = 0;
    while !rest.is_empty() {
        if rest.len() < 21 {
            return None;
        }
        let id: BlobId = rest[..20].try_into().ok()?;
        let kind = rest[20];
        rest = &rest[21..];
        let mut len = 0usize;
        let mut shift = 0;
        loop {
            let (&b, tail) = rest.split_first()?;
            rest = tail;
            len |= usize::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 {
                break;
            }
            if shift > 35 {
                return None;
            }
        }
        if len > rest.len() {
            return None;
        }
        let (bytes, tail) = rest.split_at(len);
        rest = tail;
        n += 1;
        if wanted.is_some_and(|w| !w.contains(&id)) {
            continue;
        }
        found.push((id, T::decode(kind, bytes)?));
    }
    Some(n)
}

/// Entries encoded into one block by one worker (about a megabyte of typical records).
const ENTRIES_PER_BLOCK: usize = 256;

/// Encode entries into blocks, handing each block (`[length][crc][entries]`) to `emit` in the
/// entries' order. The blocks are encoded on all cores while `emit` writes the ones done; at
/// most a few blocks wait in memory at once.
fn blocks<E: EntryRef>(
    entries: impl Iterator<Item = (BlobId, E)>,
    mut emit: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let entries: Vec<(BlobId, E)> = entries.collect();
    let chunks: Vec<&[(BlobId, E)]> = entries.chunks(ENTRIES_PER_BLOCK).collect();
    let workers = crate::parallel::threads().min(chunks.len());
    if workers <= 1 {
        let mut builder = BlockBuilder::new();
        for chunk in &chunks {
            emit(&encode_block(chunk, &mut builder))?;
        }
        return Ok(());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Vec<u8>)>(workers * 2);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let (next, chunks) = (&next, &chunks);
            scope.spawn(move || {
                let mut builder = BlockBuilder::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(i) else { break };
                    // The writer gave up (an error): stop.
                    if send.send((i, encode_block(chunk, &mut builder))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Owned here, so that an error returned below drops it and the workers stop.
        let receive = receive;
        // Blocks done out of order wait here until their turn.
        let mut waiting: std::collections::BTreeMap<usize, Vec<u8>> = Default::default();
        let mut turn = 0usize;
        for (i, block) in receive.iter() {
            waiting.insert(i, block);
            while let Some(block) = waiting.remove(&turn) {
                emit(&block)?;
                turn += 1;
            }
        }
        Ok(())
    })
}

/// One block, `[length][crc][entries]`, holding the entries the encoding can hold (a record
/// it cannot is simply not cached). Empty when none can.
fn encode_block<E: EntryRef>(entries: &[(BlobId, E)], builder: &mut BlockBuilder) -> Vec<u8> {
    for (id, rec) in entries {
        builder.push(id, rec);
    }
    builder.finish().unwrap_or_default()
}

/// A block of entries built one entry at a time: by the writer of a whole file, or by each
/// worker of a cold load, which encodes every record as it parses it and hands the block on
/// (see [`write_streamed`]) once it holds about a megabyte.
pub(crate) struct BlockBuilder {
    /// `[length][crc]` (filled in by [`BlockBuilder::finish`]) and the entries so far.
    block: Vec<u8>,
    /// One record's encoding, reused.
    record: Vec<u8>,
}

impl Default for BlockBuilder {
    fn default() -> Self {
        BlockBuilder::new()
    }
}

impl BlockBuilder {
    pub(crate) fn new() -> BlockBuilder {
        BlockBuilder {
            block: Vec::new(),
            record: Vec::with_capacity(16 * 1024),
        }
    }

    /// Add one entry; `false` (and nothing added) when the encoding cannot hold it.
    pub(crate) fn push<E: EntryRef>(&mut self, id: &BlobId, entry: &E) -> bool {
        self.record.clear();
        let Some(kind) = entry.encode(&mut self.record) else {
            return false;
        };
        if self.block.is_empty() {
            self.block.reserve(BLOCK_BYTES + 64 * 1024);
            self.block.extend_from_slice(&[0; 8]);
        }
        self.block.extend_from_slice(id);
        self.block.push(kind);
        codec::put_varint(&mut self.block, self.record.len() as u64);
        self.block.extend_from_slice(&self.record);
        true
    }

    /// Whether the block holds about a megabyte (time to hand it on).
    pub(crate) fn is_full(&self) -> bool {
        self.block.len() >= BLOCK_BYTES
    }

    /// The block, `[length][crc][entries]`, ready to be written, and an empty builder; `None`
    /// when it holds no entry.
    pub(crate) fn finish(&mut self) -> Option<Vec<u8>> {
        if self.block.len() <= 8 {
            return None;
        }
        let mut block = std::mem::take(&mut self.block);
        let len = (block.len() - 8) as u32;
        let crc = crc32fast::hash(&block[8..]);
        block[..4].copy_from_slice(&len.to_le_bytes());
        block[4..8].copy_from_slice(&crc.to_le_bytes());
        Some(block)
    }
}

/// Which file a block streamed to [`write_streamed`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    Records,
    Summaries,
}

/// Write a new record cache file at `records` and a new summaries file beside it
/// ([`summary::file_beside`]) from the blocks ([`BlockBuilder::finish`]) that arrive on `blocks`,
/// in whatever order they come (entries are found by id, so their order in a file is free); both
/// files end when every sender is gone. Each is written as [`write`] writes it: header, blocks,
/// end mark, a temporary file renamed. On an error the receiver is dropped, so the senders learn
/// of it and can stop encoding.
pub(crate) fn write_streamed(
    records: &Path,
    blocks: std::sync::mpsc::Receiver<(Stream, Vec<u8>)>,
) -> io::Result<()> {
    let summaries = summary::file_beside(records);
    let durability = crate::atomic::Durability::Cache;
    crate::atomic::write_atomic_with(records, durability, |out_records| {
        out_records.write_all(&header(MAGIC))?;
        crate::atomic::write_atomic_with(&summaries, durability, |out_summaries| {
            out_summaries.write_all(&header(<summary::ProcedureSummary as Entry>::MAGIC))?;
            for (stream, block) in blocks.iter() {
                match stream {
                    Stream::Records => out_records.write_all(&block)?,
                    Stream::Summaries => out_summaries.write_all(&block)?,
                }
            }
            out_summaries.write_all(&END_MARK)
        })?;
        out_records.write_all(&END_MARK)
    })
}

/// Write a new cache file holding exactly `entries` (atomically: a temporary file renamed).
pub fn write<'a>(
    path: &Path,
    entries: impl Iterator<Item = (BlobId, RecordRef<'a>)>,
) -> io::Result<()> {
    write_as(path, entries)
}

/// [`write`] for any kind of cache file, through the one atomic writer (no fsync: a cache lost
/// in a power cut is rebuilt).
pub(crate) fn write_as<E: EntryRef>(
    path: &Path,
    entries: impl Iterator<Item = (BlobId, E)>,
) -> io::Result<()> {
    crate::atomic::write_atomic_with(path, crate::atomic::Durability::Cache, |out| {
        out.write_all(&header(E::MAGIC))?;
        blocks(entries, |b| out.write_all(b))?;
        out.write_all(&END_MARK)
    })
}

/// Add entries to an existing, valid cache file: the end mark is replaced by a new block and a
/// new end mark. A file that does not end with the end mark is left alone (and an error returned).
pub fn append<'a>(
    path: &Path,
    entries: impl Iterator<Item = (BlobId, RecordRef<'a>)>,
) -> io::Result<()> {
    append_as(path, entries)
}

/// [`append`] for any kind of cache file.
pub(crate) fn append_as<E: EntryRef>(
    path: &Path,
    entries: impl Iterator<Item = (BlobId, E)>,
) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().read(true).write(true).open(path)?;
    let size = file.metadata()?.len();
    let expected = header(E::MAGIC);
    if size < expected.len() as u64 + 8 {
        return Err(io::Error::other("cache file too short"));
    }
    let mut got = vec![0u8; expected.len()];
    file.read_exact(&mut got)?;
    if got != expected {
        return Err(io::Error::other("not a cache file of this build"));
    }
    file.seek(SeekFrom::Start(size - 8))?;
    let mut tail = [0u8; 8];
    file.read_exact(&mut tail)?;
    if tail != END_MARK {
        return Err(io::Error::other("cache file has no end mark"));
    }
    let mut bytes = Vec::new();
    blocks(entries, |b| {
        bytes.extend_from_slice(b);
        Ok(())
    })?;
    bytes.extend_from_slice(&END_MARK);
    file.seek(SeekFrom::Start(size - 8))?;
    file.write_all(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn procedure(i: usize) -> Procedure {
        Procedure {
            code: format!("1.{i:06}").into(),
            name: format!("Thủ tục số {i}").into(),
            level: "xa".into(),
            steps: (0..i % 5)
                .map(|s| format!("Bước {s} của {i}").into())
                .collect(),
            ..Procedure::default()
        }
    }

    fn id(i: usize) -> BlobId {
        let mut id = [0u8; 20];
        id[..8].copy_from_slice(&(i as u64).to_le_bytes());
        id
    }

    /// Returning free memory is harmless whatever the allocator (here the system's, in the
    /// tests): before, between and after loads.
    #[test]
    fn returning_free_memory_is_harmless() {
        return_free_memory();
        let p = procedure(3);
        return_free_memory();
        assert_eq!(p, procedure(3));
    }

    /// An id found twice gives one record, the later one; a record taken out is gone, by id and
    /// by position alike, while the others stay.
    #[test]
    fn contents_find_by_id_and_by_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records");
        let (a, b, c) = (procedure(1), procedure(2), procedure(3));
        write(
            &path,
            [
                (id(1), RecordRef::Procedure(&a)),
                (id(2), RecordRef::Procedure(&b)),
            ]
            .into_iter(),
        )
        .unwrap();
        append(&path, std::iter::once((id(1), RecordRef::Procedure(&c)))).unwrap();
        let mut got = read(&path, None).unwrap();
        assert_eq!((got.entries, got.len()), (3, 2));
        let c = Record::Procedure(Box::new(c));
        assert_eq!(got.get(&id(1)), Some(&c));
        let at = got.position(&id(2)).unwrap();
        assert!(got.take_at(at).is_some());
        assert!(got.take_at(at).is_none());
        assert!(!got.contains(&id(2)) && got.position(&id(2)).is_none());
        assert_eq!(got.take(&id(1)), Some(c));
        assert!(got.get(&id(1)).is_none() && got.get(&id(9)).is_none());
    }

    /// Blocks built entry by entry and streamed from several senders, in any order and with
    /// an id twice, make a record cache and a summaries file that read back whole; a sender
    /// that is gone ends nothing early; a writer that cannot write drops its receiver, so the
    /// senders learn of it.
    #[test]
    fn streamed_blocks_in_any_order_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/records");
        let n = 700;
        let records: Vec<Procedure> = (0..n).map(procedure).collect();
        let (send, receive) = std::sync::mpsc::sync_channel(2);
        std::thread::scope(|scope| {
            let writer = scope.spawn(|| write_streamed(&path, receive));
            // Three senders, each with its own builders, the ids interleaved and id 5 twice.
            for part in 0..3 {
                let send = send.clone();
                let records = &records;
                scope.spawn(move || {
                    let (mut rec, mut sum) = (BlockBuilder::new(), BlockBuilder::new());
                    let mut mine: Vec<usize> = (part..n).step_by(3).rev().collect();
                    if part == 1 {
                        mine.push(5);
                    }
                    for i in mine {
                        assert!(rec.push(&id(i), &RecordRef::Procedure(&records[i])));
                        let s = summary::ProcedureSummary::of(&records[i]);
                        assert!(sum.push(&id(i), &&s));
                        // Small blocks, so that there are many.
                        if i % 50 == 0 {
                            send.send((Stream::Records, rec.finish().unwrap())).unwrap();
                        }
                        if sum.is_full() {
                            send.send((Stream::Summaries, sum.finish().unwrap()))
                                .unwrap();
                        }
                    }
                    for (stream, b) in [(Stream::Records, &mut rec), (Stream::Summaries, &mut sum)]
                    {
                        if let Some(block) = b.finish() {
                            send.send((stream, block)).unwrap();
                        }
                        assert!(b.finish().is_none());
                    }
                });
            }
            drop(send);
            writer.join().unwrap().unwrap();
        });
        let got = read(&path, None).expect("a valid cache");
        assert_eq!((got.entries, got.len()), (n + 1, n));
        let summaries = summary::read(&summary::file_beside(&path), None).expect("valid summaries");
        assert_eq!((summaries.entries, summaries.len()), (n + 1, n));
        for (i, p) in records.iter().enumerate() {
            assert_eq!(
                got.get(&id(i)),
                Some(&Record::Procedure(Box::new(p.clone())))
            );
            assert_eq!(
                summaries.get(&id(i)),
                Some(&summary::ProcedureSummary::of(p))
            );
        }
        // A writer that cannot create its file: the sender sees the channel closed.
        let blocked = dir.path().join("file");
        fs::write(&blocked, "").unwrap();
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        let failed = write_streamed(&blocked.join("records"), receive);
        assert!(failed.is_err());
        assert!(send.send((Stream::Records, vec![1])).is_err());
    }

    /// Many blocks, encoded on several threads, come back whole, each under its own id; an
    /// append adds to them; any cut of the file is refused.
    #[test]
    fn many_blocks_round_trip_and_append() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records");
        let n = ENTRIES_PER_BLOCK * 5 + 17;
        let records: Vec<Procedure> = (0..n).map(procedure).collect();
        write(
            &path,
            records
                .iter()
                .enumerate()
                .map(|(i, p)| (id(i), RecordRef::Procedure(p))),
        )
        .unwrap();
        let more: Vec<Procedure> = (n..n + 300).map(procedure).collect();
        append(
            &path,
            more.iter()
                .enumerate()
                .map(|(i, p)| (id(n + i), RecordRef::Procedure(p))),
        )
        .unwrap();
        let got = read(&path, None).expect("a valid cache");
        assert_eq!(got.entries, n + 300);
        assert_eq!(got.len(), n + 300);
        for (i, p) in records.iter().chain(&more).enumerate() {
            assert_eq!(
                got.get(&id(i)),
                Some(&Record::Procedure(Box::new(p.clone()))),
                "{i}"
            );
        }
        // Blocks are in the entries' order: the first entry follows the header.
        let bytes = fs::read(&path).unwrap();
        let first = header(MAGIC).len() + 8;
        assert_eq!(bytes[first..first + 20], id(0));
        let wanted: HashSet<BlobId> = [id(3), id(n + 5)].into();
        assert_eq!(read(&path, Some(&wanted)).unwrap().len(), 2);
        fs::write(&path, &bytes[..bytes.len() - 9]).unwrap();
        assert!(read(&path, None).is_none());
    }
}
