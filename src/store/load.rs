//! Loading a whole catalogue from its folder: files parsed on all cores, or — when the caller
//! knows a file's git blob id — taken from the record cache.
//!
//! The result is the same either way: the same records in the same order, every problem of every
//! file, unparsed files remembered. Only files that parsed without any problem are cached, so a
//! file with a warning or an error is read and reported afresh every time.

use super::cache::summary::{self, ProcedureSummary};
use super::cache::{self, BlobId, Record, RecordRef};
use super::{
    Catalog, DECISIONS_DIR, FileKind, PROCEDURES_DIR, PROPOSALS_DIR, PUBLICATIONS_DIR, Parsed,
    ReadProblem, StoreError, Stored, list_files, parse_file, read_bytes, text_of,
};
use crate::model::{Decision, LegalEntry, Manifest, Procedure, Proposal, PublicationRecord};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Git blob ids of files (relative to the catalogue root) known without reading them, found by
/// the bytes of the path (a hundred thousand lookups: no component-wise path hashing).
#[derive(Debug, Clone, Default)]
pub struct KnownIds(HashMap<Box<[u8]>, BlobId, cache::IdHash>);

impl KnownIds {
    pub fn new() -> KnownIds {
        KnownIds::default()
    }

    pub fn with_capacity(n: usize) -> KnownIds {
        KnownIds(HashMap::with_capacity_and_hasher(n, cache::IdHash))
    }

    pub fn insert(&mut self, rel: &Path, id: BlobId) {
        self.0.insert(rel.as_os_str().as_encoded_bytes().into(), id);
    }

    pub fn get(&self, rel: &Path) -> Option<BlobId> {
        self.0.get(rel.as_os_str().as_encoded_bytes()).copied()
    }

    pub fn contains(&self, rel: &Path) -> bool {
        self.0.contains_key(rel.as_os_str().as_encoded_bytes())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What lets [`load_with`] skip reading and parsing files.
pub struct LoadHints<'a> {
    /// Finds the git blob ids of files known without reading them, because the git index says
    /// so and the file's stat data agree with it. Called while the cache file is being read.
    pub known_ids: Box<dyn FnOnce() -> KnownIds + Send + 'a>,
    /// The blob id of bytes read from a file whose id is not known.
    pub hash: &'a (dyn Fn(&[u8]) -> BlobId + Sync),
    /// The cache file: read when valid, written or extended as needed (failures to write are
    /// ignored: the cache only saves time).
    pub cache_file: PathBuf,
}

/// How a load went, for benchmarks and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Record files (procedures, proposals, publications).
    pub files: usize,
    /// Records taken from the cache.
    pub from_cache: usize,
    /// Files read and parsed.
    pub parsed: usize,
    /// The cache file was valid when read.
    pub cache_valid: bool,
    /// What was done to the cache file: nothing, appended to, or written anew.
    pub cache_write: CacheWrite,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CacheWrite {
    #[default]
    None,
    Appended,
    Rewritten,
    Failed,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Procedure,
    Proposal,
    Publication,
    Decision,
}

/// A file read ahead of the cache (its bytes, and its blob id when it could be read).
type ReadFirst = Option<(Result<Vec<u8>, ReadProblem>, Option<BlobId>)>;

/// One file's outcome before the catalogue is put together. The parsed record is boxed so the
/// many small `Cached` outcomes of a warm load stay small while they are collected.
enum Outcome {
    /// In the cache under this id.
    Cached(BlobId),
    Parsed {
        parsed: Box<Parsed<Record>>,
        id: Option<BlobId>,
    },
}

/// Load every record of the catalogue at `root`. Parse problems are collected, not returned as
/// errors; only a missing manifest or an unreadable folder is an error.
pub fn load(root: &Path) -> Result<Catalog, StoreError> {
    load_found(root, None, None, list(root)?).map(|(cat, _)| cat)
}

/// [`load`], taking records from the cache where `hints` allow.
pub fn load_with(
    root: &Path,
    hints: Option<LoadHints<'_>>,
) -> Result<(Catalog, LoadStats), StoreError> {
    let Some(LoadHints {
        known_ids,
        hash,
        cache_file,
    }) = hints
    else {
        return load_found(root, None, None, list(root)?);
    };
    // Three things at once, as each takes about as long at a hundred thousand files: the cache
    // file is read and decoded (on threads of its own), git's index is read and the files are
    // stat'ed against it, and the folders are listed.
    let (listed, cached, known) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| cache::read(&cache_file, None));
        let knowing = scope.spawn(known_ids);
        let listed = list(root);
        let cached = reading.join().ok().flatten();
        (listed, cached, knowing.join().unwrap_or_default())
    });
    let found = Found {
        known,
        hash,
        cache_file: &cache_file,
    };
    load_found(root, Some(&found), cached, listed?)
}

/// The record files of each group, with the problems found while listing them.
type Groups = Vec<(Kind, Vec<PathBuf>, Catalog)>;

/// The catalogue with its manifest read, and its record files folder by folder.
fn list(root: &Path) -> Result<(Catalog, Groups), StoreError> {
    // The register of legal texts: a few hundred small files at most, read here (not cached).
    let cat = super::subset::manifest_and_legal(root)?;
    // Problems found while listing each group come before the problems of its files, as a
    // folder-by-folder walk would report them.
    let mut groups = Vec::new();
    for (dir, depths, kind) in [
        (PROCEDURES_DIR, 1..=2, Kind::Procedure),
        (PROPOSALS_DIR, 0..=1, Kind::Proposal),
        (PUBLICATIONS_DIR, 0..=0, Kind::Publication),
        (DECISIONS_DIR, 1..=1, Kind::Decision),
    ] {
        let mut listing = Catalog::default();
        let files = list_files(root, Path::new(dir), depths, &mut listing)?;
        groups.push((kind, files, listing));
    }
    Ok((cat, groups))
}

/// What is known before the files are looked at: blob ids from git's index and how to hash.
struct Found<'a> {
    known: KnownIds,
    hash: &'a (dyn Fn(&[u8]) -> BlobId + Sync),
    cache_file: &'a Path,
}

fn load_found(
    root: &Path,
    hints: Option<&Found<'_>>,
    cached: Option<cache::Contents>,
    (mut cat, groups): (Catalog, Groups),
) -> Result<(Catalog, LoadStats), StoreError> {
    // No cache to take records from: every file is parsed, and the cache written as they are.
    if let (Some(found), None) = (hints, &cached) {
        let (cat, _, stats) = load_cold(root, found, (cat, groups), Keep::Whole);
        return Ok((cat, stats));
    }
    let files: Vec<(&Path, Kind)> = groups
        .iter()
        .flat_map(|(kind, files, _)| files.iter().map(|f| (f.as_path(), *kind)))
        .collect();
    let mut stats = LoadStats {
        files: files.len(),
        ..LoadStats::default()
    };

    // Files the index does not vouch for (changed, new, or written in the same instant as the
    // index) are read and hashed first, so that their records can come from the cache too.
    let read_first: Vec<ReadFirst> = match hints {
        None => Vec::new(),
        Some(h) => crate::parallel::map(&files, |(rel, _)| {
            if h.known.contains(rel) {
                return None;
            }
            let bytes = read_bytes(root, rel);
            let id = bytes.as_ref().ok().map(|b| (h.hash)(b));
            Some((bytes, id))
        }),
    };
    stats.cache_valid = cached.is_some();
    let mut cached = cached.unwrap_or_default();
    let mut read_first = read_first;
    read_first.resize_with(files.len(), || None);
    let work: Vec<(&(&Path, Kind), ReadFirst)> = files.iter().zip(read_first).collect();
    let outcomes = crate::parallel::map(&work, |((rel, kind), first)| {
        outcome(root, rel, *kind, hints, first, &cached)
    });

    // Each record moves out of the box it was decoded into: their pages, which belong to the
    // reader threads (gone by now), are handed back as they empty, not all at the end.
    let release = cached.positions() >= RELEASE_EVERY;
    if release {
        cache::return_free_memory();
    }
    cat.procedures.reserve(groups[0].1.len());
    let mut placed = 0usize;
    let mut new_entries = 0usize;
    let mut used = 0usize;
    // The clean records with their ids, for the cache: (kind, position, id, parsed this time).
    let mut entries: Vec<(Kind, usize, BlobId, bool)> = Vec::new();
    let mut outcomes = outcomes.into_iter();
    for (kind, group, listing) in groups {
        cat.problems.extend(listing.problems);
        cat.unparsed.extend(listing.unparsed);
        for rel in group {
            let Some(out) = outcomes.next() else { break };
            let (parsed, id, fresh) = match out {
                Outcome::Cached(id) => match cached.take(&id) {
                    Some(r) => {
                        used += 1;
                        stats.from_cache += 1;
                        let parsed = Parsed {
                            record: Some(r),
                            problems: Vec::new(),
                            unparsed: false,
                        };
                        (parsed, Some(id), false)
                    }
                    // The same bytes at two paths: the first took the cached record.
                    None => {
                        stats.parsed += 1;
                        let text = read_bytes(root, &rel).and_then(|b| text_of(&rel, b));
                        (parse_kind(&rel, kind, text), Some(id), false)
                    }
                },
                Outcome::Parsed { parsed, id } => {
                    stats.parsed += 1;
                    (*parsed, id, true)
                }
            };
            let clean = parsed.problems.is_empty() && !parsed.unparsed;
            cat.problems.extend(parsed.problems);
            if parsed.unparsed {
                cat.unparsed.insert(rel.clone());
            }
            let Some(record) = parsed.record else {
                continue;
            };
            let position = place(&mut cat, rel, record);
            placed += 1;
            if release && placed.is_multiple_of(RELEASE_EVERY) {
                cache::return_free_memory();
            }
            if let (Some(id), true) = (id, clean) {
                new_entries += usize::from(fresh);
                entries.push((kind, position, id, fresh));
            }
        }
    }

    // What is left of the cache (its index, records no file uses now) goes before the rest.
    let cached_entries = cached.entries;
    drop(cached);
    if release {
        cache::return_free_memory();
    }
    if let Some(h) = hints {
        let stale = cached_entries.saturating_sub(used);
        let total = used + new_entries;
        let refs = |only_fresh: bool| {
            let cat = &cat;
            entries
                .iter()
                .filter(move |e| !only_fresh || e.3)
                .map(move |&(kind, i, id, _)| {
                    let r = match kind {
                        Kind::Procedure => RecordRef::Procedure(&cat.procedures[i].record),
                        Kind::Proposal => RecordRef::Proposal(&cat.proposals[i].record),
                        Kind::Publication => RecordRef::Publication(&cat.publications[i].record),
                        Kind::Decision => RecordRef::Decision(&cat.decisions[i].record),
                    };
                    (id, r)
                })
        };
        // Rewrite when the file is bad or holds much that is no longer used; otherwise append
        // what is new, which costs in proportion to the change.
        let result = if !stats.cache_valid || stale + new_entries > total / 4 + 64 {
            cache::write(h.cache_file, refs(false)).map(|()| CacheWrite::Rewritten)
        } else if new_entries > 0 {
            cache::append(h.cache_file, refs(true)).map(|()| CacheWrite::Appended)
        } else {
            Ok(CacheWrite::None)
        };
        stats.cache_write = result.unwrap_or(CacheWrite::Failed);
        write_summaries(h.cache_file, &cat, &entries, stats.cache_write);
    }
    Ok((cat, stats))
}

/// How many records a warm load moves into the catalogue between two returns of free memory
/// to the system ([`cache::return_free_memory`]); loads of fewer records do not return it.
const RELEASE_EVERY: usize = 8192;

/// What a cold load keeps of each procedure.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The whole record (and nothing of its summary once that is written).
    Whole,
    /// Its list columns alone ([`ProcedureSummary`]): the record is dropped where it was parsed.
    Summaries,
}

/// What a cold load keeps of one file.
enum Kept {
    Record(Record),
    Summary(ProcedureSummary),
}

/// A worker's blocks of a cold load: the record cache's and the summaries file's entries it
/// encoded, not yet handed to the writer; the folder it reads files from; the collation keys of
/// the names it summarised.
#[derive(Default)]
struct ColdBlocks {
    records: cache::BlockBuilder,
    summaries: cache::BlockBuilder,
    reader: FolderReader,
    keys: summary::NameKeys,
}

/// Reads listed record files by their names in their folder, the folder opened once (as
/// `history::stat` stats them): at a hundred thousand files the kernel then resolves one name
/// per file, not the whole path, and a regular file costs one open and one `fstat` — no `stat`
/// by path before it. Anything else (a link, a pipe, a file too large, an error) is read by
/// [`read_bytes`], which checks the type before opening and reports what is wrong, so the
/// result and its problems are exactly [`read_bytes`]'s.
#[derive(Default)]
struct FolderReader {
    /// The folder last read from (relative to the root) and its descriptor (`None`: it could
    /// not be opened; its files go through [`read_bytes`]).
    #[cfg(unix)]
    folder: Option<(PathBuf, Option<rustix::fd::OwnedFd>)>,
}

impl FolderReader {
    fn read(&mut self, root: &Path, rel: &Path) -> Result<Vec<u8>, ReadProblem> {
        #[cfg(unix)]
        if let Some(bytes) = self.read_regular_at(root, rel) {
            return Ok(bytes);
        }
        read_bytes(root, rel)
    }

    /// The bytes of `rel` when it is a regular file (not a link) of at most its size limit,
    /// read through its folder's descriptor; `None` for anything else. The file is opened
    /// without following a link and without blocking, so a link is left to [`read_bytes`], and
    /// a pipe put in a listed file's place (the listing never lists one) does not wait.
    #[cfg(unix)]
    fn read_regular_at(&mut self, root: &Path, rel: &Path) -> Option<Vec<u8>> {
        use rustix::fs::{FileType, Mode, OFlags};
        use std::io::Read;
        let (parent, name) = (rel.parent()?, rel.file_name()?);
        if self.folder.as_ref().is_none_or(|(p, _)| p != parent) {
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::open(root.join(parent), flags, Mode::empty()).ok();
            self.folder = Some((parent.to_owned(), fd));
        }
        let dir = self.folder.as_ref()?.1.as_ref()?;
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(dir, name, flags, Mode::empty()).ok()?;
        let st = rustix::fs::fstat(&fd).ok()?;
        if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
            return None;
        }
        let limit = super::max_file_bytes(rel);
        let len = u64::try_from(st.st_size).ok()?;
        if len > limit {
            return None;
        }
        let mut bytes = Vec::with_capacity(len as usize + 1);
        // At most one byte past the limit: a file that grew meanwhile goes to `read_bytes`.
        std::fs::File::from(fd)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        (bytes.len() as u64 <= limit).then_some(bytes)
    }
}

/// A cold load (no valid record cache): every file is read and parsed on all cores, and in the
/// same pass each worker encodes the clean records into blocks of the new record cache and
/// their list columns into blocks of the new summaries file, handing blocks to a writer thread
/// as they fill — no serial phase follows the parse. With [`Keep::Summaries`], a procedure's
/// record is dropped right after (in the thread whose allocator made it) and its
/// [`ProcedureSummary`] returned in its place, in the order [`load`] gives the procedures;
/// `procedures` of the catalogue stays empty then. Problems and unparsed files are as in
/// [`load`], and files with problems are not cached.
fn load_cold(
    root: &Path,
    found: &Found<'_>,
    (mut cat, groups): (Catalog, Groups),
    keep: Keep,
) -> (Catalog, Vec<Stored<ProcedureSummary>>, LoadStats) {
    use std::sync::atomic::{AtomicBool, Ordering};
    let files: Vec<(&Path, Kind)> = groups
        .iter()
        .flat_map(|(kind, files, _)| files.iter().map(|f| (f.as_path(), *kind)))
        .collect();
    let mut stats = LoadStats {
        files: files.len(),
        parsed: files.len(),
        ..LoadStats::default()
    };
    // Set when the writer gave up (an error): the workers stop encoding.
    let stopped = AtomicBool::new(false);
    let (outcomes, written) = std::thread::scope(|scope| {
        // A few blocks per worker may wait for the writer; more and the workers wait instead.
        let (send, receive) = std::sync::mpsc::sync_channel::<(cache::Stream, Vec<u8>)>(
            crate::parallel::threads() * 2,
        );
        let writer = scope.spawn(|| cache::write_streamed(found.cache_file, receive));
        let hand_on = |stream: cache::Stream, builder: &mut cache::BlockBuilder| {
            if let Some(block) = builder.finish()
                && send.send((stream, block)).is_err()
            {
                stopped.store(true, Ordering::Relaxed);
            }
        };
        // Texts are shared between the records kept whole, not between records dropped as soon
        // as they are summarised.
        let interning = keep == Keep::Whole;
        let (outcomes, mut left) = crate::parallel::map_with(
            &files,
            interning,
            ColdBlocks::default,
            |blocks, &(rel, kind)| {
                let bytes = blocks.reader.read(root, rel);
                let id = found
                    .known
                    .get(rel)
                    .or_else(|| bytes.as_ref().ok().map(|b| (found.hash)(b)));
                let parsed = parse_kind(rel, kind, bytes.and_then(|b| text_of(rel, b)));
                let clean = parsed.problems.is_empty() && !parsed.unparsed;
                let cache_as = id.filter(|_| clean && !stopped.load(Ordering::Relaxed));
                let kept = parsed.record.map(|record| {
                    let Some(id) = cache_as else {
                        return match (keep, record) {
                            (Keep::Summaries, Record::Procedure(p)) => {
                                Kept::Summary(ProcedureSummary::of_with(&p, &mut blocks.keys))
                            }
                            (_, record) => Kept::Record(record),
                        };
                    };
                    blocks.records.push(&id, &record.as_ref());
                    if blocks.records.is_full() {
                        hand_on(cache::Stream::Records, &mut blocks.records);
                    }
                    let Record::Procedure(p) = record else {
                        return Kept::Record(record);
                    };
                    let summary = ProcedureSummary::of_with(&p, &mut blocks.keys);
                    blocks.summaries.push(&id, &&summary);
                    if blocks.summaries.is_full() {
                        hand_on(cache::Stream::Summaries, &mut blocks.summaries);
                    }
                    match keep {
                        Keep::Summaries => Kept::Summary(summary),
                        Keep::Whole => Kept::Record(Record::Procedure(p)),
                    }
                });
                Parsed {
                    record: kept,
                    problems: parsed.problems,
                    unparsed: parsed.unparsed,
                }
            },
        );
        for blocks in &mut left {
            hand_on(cache::Stream::Records, &mut blocks.records);
            hand_on(cache::Stream::Summaries, &mut blocks.summaries);
        }
        drop(left);
        drop(send);
        let written = writer
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (outcomes, written)
    });
    drop(files);
    stats.cache_write = match written {
        Ok(()) => CacheWrite::Rewritten,
        Err(_) => CacheWrite::Failed,
    };

    let mut procedures = Vec::new();
    match keep {
        Keep::Whole => cat.procedures.reserve(groups[0].1.len()),
        Keep::Summaries => procedures.reserve(groups[0].1.len()),
    }
    let mut outcomes = outcomes.into_iter();
    for (_, group, listing) in groups {
        cat.problems.extend(listing.problems);
        cat.unparsed.extend(listing.unparsed);
        for (rel, parsed) in group.into_iter().zip(outcomes.by_ref()) {
            cat.problems.extend(parsed.problems);
            if parsed.unparsed {
                cat.unparsed.insert(rel.clone());
            }
            match parsed.record {
                Some(Kept::Record(record)) => {
                    place(&mut cat, rel, record);
                }
                Some(Kept::Summary(record)) => procedures.push(Stored { path: rel, record }),
                None => {}
            }
        }
    }
    (cat, procedures, stats)
}

/// Keep the summaries file in step with the record cache: rewritten with it, appended to with it
/// (or rewritten when it cannot be appended to), and written when it is missing.
fn write_summaries(
    cache_file: &Path,
    cat: &Catalog,
    entries: &[(Kind, usize, BlobId, bool)],
    records: CacheWrite,
) {
    let file = summary::file_beside(cache_file);
    // On all cores: a summary holds the name's collation key.
    let of = |only_fresh: bool| -> Vec<(BlobId, ProcedureSummary)> {
        let which: Vec<(usize, BlobId)> = entries
            .iter()
            .filter(|e| e.0 == Kind::Procedure && (!only_fresh || e.3))
            .map(|&(_, i, id, _)| (i, id))
            .collect();
        crate::parallel::map(&which, |&(i, id)| {
            (id, ProcedureSummary::of(&cat.procedures[i].record))
        })
    };
    let write_all = || {
        let all = of(false);
        let _ = summary::write(&file, all.iter().map(|(id, s)| (*id, s)));
    };
    match records {
        CacheWrite::Rewritten => write_all(),
        CacheWrite::Appended => {
            let fresh = of(true);
            if summary::append(&file, fresh.iter().map(|(id, s)| (*id, s))).is_err() {
                write_all();
            }
        }
        CacheWrite::None | CacheWrite::Failed => {
            if !file.exists() {
                write_all();
            }
        }
    }
}

/// The catalogue for a list: every record but the procedures, which are kept as their list
/// columns only ([`ProcedureSummary`]).
#[derive(Debug, Default)]
pub struct Overview {
    /// The manifest, proposals, publications and decisions, the problems found and the files
    /// that do not parse, as [`load`] gives them; `procedures` is empty.
    pub catalog: Catalog,
    /// The procedures, in the order [`load`] gives them.
    pub procedures: Vec<Stored<ProcedureSummary>>,
}

impl Overview {
    /// The overview of a whole catalogue.
    pub fn of(mut cat: Catalog) -> Overview {
        let whole = std::mem::take(&mut cat.procedures);
        // On all cores: a summary holds the name's collation key, and each whole record is
        // dropped where its summary was made, not one by one on this thread afterwards.
        let procedures = crate::parallel::map_owned(whole, |s| Stored {
            record: ProcedureSummary::of(&s.record),
            path: s.path,
        });
        Overview {
            catalog: cat,
            procedures,
        }
    }
}

impl Overview {
    /// The procedures as outline records ([`ProcedureSummary::to_outline`]: the list columns,
    /// everything else empty), built on all cores, for a screen that shows the list before the
    /// whole records are decoded.
    pub fn outlines(&self) -> Vec<Stored<Procedure>> {
        crate::parallel::map(&self.procedures, |s| Stored {
            path: s.path.clone(),
            record: s.record.to_outline(),
        })
    }
}

/// At most this many procedure files (or a hundredth of them, if more) may miss the summaries
/// for [`load_overview`] to parse them itself; with more, a whole load is the better way.
const OVERVIEW_MISSES: usize = 256;

/// What [`load_overview`] gave: the overview, or — when the summaries could not serve — the
/// whole catalogue, loaded as [`load_with`] loads it.
#[derive(Debug)]
pub enum Opened {
    Overview(Overview, LoadStats),
    Whole(Catalog, LoadStats),
}

/// The catalogue at `root` as an [`Overview`], from the summaries file beside the record cache:
/// no procedure record is decoded whole. A procedure file whose summary is not there (new,
/// changed, or with problems, which are never cached) is read and parsed, when there are few;
/// other files (proposals, publications, decisions) are read and parsed. When the summaries
/// file is missing or not to be trusted, or too many files miss it, the whole catalogue is
/// loaded instead, exactly as [`load_with`] does (which writes the summaries file again).
pub fn load_overview(root: &Path, hints: LoadHints<'_>) -> Result<Opened, StoreError> {
    let LoadHints {
        known_ids,
        hash,
        cache_file,
    } = hints;
    let file = summary::file_beside(&cache_file);
    let (listed, summaries, known) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| summary::read(&file, None));
        let knowing = scope.spawn(known_ids);
        let listed = list(root);
        let summaries = reading.join().ok().flatten();
        (listed, summaries, knowing.join().unwrap_or_default())
    });
    let (mut cat, groups) = listed?;
    let procedure_files: &[PathBuf] = groups
        .iter()
        .find(|g| g.0 == Kind::Procedure)
        .map_or(&[], |g| g.1.as_slice());
    // The blob id of each procedure file (from git's index, or by reading the file) and where
    // its summary is, found once.
    let ids: Vec<(Option<BlobId>, Option<usize>)> = match &summaries {
        None => Vec::new(),
        Some(s) => crate::parallel::map(procedure_files, |rel| {
            let id = known
                .get(rel)
                .or_else(|| read_bytes(root, rel).ok().map(|b| hash(&b)));
            (id, id.and_then(|id| s.position(&id)))
        }),
    };
    let summaries = match summaries {
        Some(s)
            if ids.iter().filter(|(_, at)| at.is_none()).count()
                <= OVERVIEW_MISSES.max(procedure_files.len() / 100) =>
        {
            s
        }
        other => {
            if other.is_none() {
                // Missing or bad: the whole load below writes it anew.
                let _ = std::fs::remove_file(&file);
            }
            drop(other);
            let cached = cache::read(&cache_file, None);
            let found = Found {
                known,
                hash,
                cache_file: &cache_file,
            };
            if cached.is_none() {
                // Cold: every file is parsed, and only the list columns of each procedure kept.
                let (catalog, procedures, stats) =
                    load_cold(root, &found, (cat, groups), Keep::Summaries);
                let overview = Overview {
                    catalog,
                    procedures,
                };
                return Ok(Opened::Overview(overview, stats));
            }
            let (cat, stats) = load_found(root, Some(&found), cached, (cat, groups))?;
            return Ok(Opened::Whole(cat, stats));
        }
    };
    let mut stats = LoadStats {
        files: groups.iter().map(|g| g.1.len()).sum(),
        cache_valid: true,
        ..LoadStats::default()
    };
    // Files not summarised, of every kind, are parsed on all cores.
    let work: Vec<(&Path, Kind, Option<BlobId>, Option<usize>)> = groups
        .iter()
        .flat_map(|(kind, files, _)| {
            let ids = &ids;
            files.iter().enumerate().map(move |(i, f)| {
                let (id, at) = if *kind == Kind::Procedure {
                    ids[i]
                } else {
                    (None, None)
                };
                (f.as_path(), *kind, id, at)
            })
        })
        .collect();
    let parsed: Vec<Option<Parsed<Record>>> = crate::parallel::map(&work, |&(rel, kind, _, at)| {
        if at.is_some() {
            return None;
        }
        Some(parse_kind(
            rel,
            kind,
            read_bytes(root, rel).and_then(|b| text_of(rel, b)),
        ))
    });
    let mut procedures = Vec::with_capacity(procedure_files.len());
    // Summaries of the procedures parsed here without a problem, for the summaries file.
    let mut fresh: Vec<(BlobId, ProcedureSummary)> = Vec::new();
    let work_ids: Vec<(Option<BlobId>, Option<usize>)> = work.iter().map(|w| (w.2, w.3)).collect();
    drop(work);
    let mut outcomes = work_ids.into_iter().zip(parsed);
    let mut summaries = summaries;
    // How many paths use each summary (the same bytes at two paths): the last takes it, the
    // others clone it.
    let mut uses = vec![0u32; summaries.positions()];
    for at in ids.iter().filter_map(|(_, at)| *at) {
        uses[at] += 1;
    }
    for (_, files, listing) in groups {
        cat.problems.extend(listing.problems);
        cat.unparsed.extend(listing.unparsed);
        for (rel, ((id, at), parsed)) in files.into_iter().zip(outcomes.by_ref()) {
            let Some(parsed) = parsed else {
                // Summarised (checked above).
                let Some(at) = at else { continue };
                uses[at] -= 1;
                let record = if uses[at] == 0 {
                    summaries.take_at(at)
                } else {
                    summaries.get_at(at).cloned()
                };
                if let Some(record) = record {
                    stats.from_cache += 1;
                    procedures.push(Stored { path: rel, record });
                }
                continue;
            };
            stats.parsed += 1;
            let clean = parsed.problems.is_empty() && !parsed.unparsed;
            cat.problems.extend(parsed.problems);
            if parsed.unparsed {
                cat.unparsed.insert(rel.clone());
            }
            match parsed.record {
                Some(Record::Procedure(p)) => {
                    let record = ProcedureSummary::of(&p);
                    if let (Some(id), true) = (id, clean) {
                        fresh.push((id, record.clone()));
                    }
                    procedures.push(Stored { path: rel, record });
                }
                Some(other) => {
                    place(&mut cat, rel, other);
                }
                None => {}
            }
        }
    }
    if !fresh.is_empty() {
        stats.cache_write = match summary::append(&file, fresh.iter().map(|(id, s)| (*id, s))) {
            Ok(()) => CacheWrite::Appended,
            Err(_) => CacheWrite::Failed,
        };
    }
    Ok(Opened::Overview(
        Overview {
            catalog: cat,
            procedures,
        },
        stats,
    ))
}

fn parse_kind(rel: &Path, kind: Kind, text: Result<String, ReadProblem>) -> Parsed<Record> {
    fn wrap<T>(p: Parsed<T>, f: impl FnOnce(T) -> Record) -> Parsed<Record> {
        Parsed {
            record: p.record.map(f),
            problems: p.problems,
            unparsed: p.unparsed,
        }
    }
    match kind {
        Kind::Procedure => wrap(parse_file::<Procedure>(rel, text), |p| {
            Record::Procedure(Box::new(p))
        }),
        Kind::Proposal => wrap(parse_file::<Proposal>(rel, text), |p| {
            Record::Proposal(Box::new(p))
        }),
        Kind::Publication => wrap(parse_file::<PublicationRecord>(rel, text), |p| {
            Record::Publication(Box::new(p))
        }),
        Kind::Decision => wrap(parse_file::<Decision>(rel, text), |d| {
            Record::Decision(Box::new(d))
        }),
    }
}

fn outcome(
    root: &Path,
    rel: &Path,
    kind: Kind,
    hints: Option<&Found<'_>>,
    read_first: &ReadFirst,
    cached: &cache::Contents,
) -> Outcome {
    let known = hints.and_then(|h| h.known.get(rel));
    if let Some((bytes, id)) = read_first.as_ref() {
        if let Some(id) = id
            && cached.contains(id)
        {
            return Outcome::Cached(*id);
        }
        return Outcome::Parsed {
            parsed: Box::new(parse_kind(
                rel,
                kind,
                bytes.clone().and_then(|b| text_of(rel, b)),
            )),
            id: *id,
        };
    }
    if let Some(id) = known
        && cached.contains(&id)
    {
        return Outcome::Cached(id);
    }
    Outcome::Parsed {
        parsed: Box::new(parse_kind(
            rel,
            kind,
            read_bytes(root, rel).and_then(|b| text_of(rel, b)),
        )),
        id: known,
    }
}

/// The catalogue as recorded in a commit, from its files' bytes (`read`) and, for the files
/// whose blob ids the record cache holds (`from_cache`), from the cache (`cached`) without
/// reading them: what [`super::load_entries`] gives for the same files, parsed on all cores.
pub fn load_tree(
    root: &Path,
    read: Vec<(PathBuf, Vec<u8>)>,
    from_cache: Vec<(PathBuf, BlobId)>,
    mut cached: cache::Contents,
) -> Catalog {
    enum Source {
        Bytes(Vec<u8>),
        Cached(Record),
    }
    // A blob at two paths (identical files) is taken from the cache once and cloned before.
    let mut uses: HashMap<BlobId, usize, cache::IdHash> = HashMap::default();
    for (_, id) in &from_cache {
        *uses.entry(*id).or_default() += 1;
    }
    let mut files: Vec<(PathBuf, Source)> = read
        .into_iter()
        .map(|(rel, bytes)| (rel, Source::Bytes(bytes)))
        .collect();
    for (rel, id) in from_cache {
        let left = uses.get_mut(&id).expect("counted");
        *left -= 1;
        let record = if *left == 0 {
            cached.take(&id)
        } else {
            cached.get(&id).cloned()
        };
        match record {
            Some(r) => files.push((rel, Source::Cached(r))),
            // The caller promised the cache holds it; an empty entry is reported as unreadable.
            None => files.push((rel, Source::Bytes(Vec::new()))),
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let kinds: Vec<FileKind> = files.iter().map(|(rel, _)| super::classify(rel)).collect();
    let work: Vec<(usize, &(PathBuf, Source))> = files.iter().enumerate().collect();
    // Boxed: most files come from the cache, and an inline record is about a kilobyte.
    let parsed: Vec<Option<Box<Parsed<Record>>>> =
        crate::parallel::map(&work, |&(i, (rel, source))| {
            let kind = match kinds[i] {
                FileKind::Procedure => Kind::Procedure,
                FileKind::Proposal => Kind::Proposal,
                FileKind::Publication => Kind::Publication,
                FileKind::Decision => Kind::Decision,
                _ => return None,
            };
            match source {
                Source::Bytes(bytes) => {
                    Some(Box::new(parse_kind(rel, kind, text_of(rel, bytes.clone()))))
                }
                Source::Cached(_) => None,
            }
        });
    let mut cat = Catalog {
        root: root.to_owned(),
        ..Catalog::default()
    };
    cat.procedures
        .reserve_exact(kinds.iter().filter(|k| **k == FileKind::Procedure).count());
    for (((rel, source), kind), parsed) in files.into_iter().zip(kinds).zip(parsed) {
        let parsed = match (source, kind) {
            (Source::Bytes(bytes), FileKind::Manifest) => {
                let p = parse_file::<Manifest>(&rel, text_of(&rel, bytes));
                cat.problems.extend(p.problems);
                if p.unparsed {
                    cat.unparsed.insert(rel.clone());
                }
                if let Some(m) = p.record {
                    cat.manifest = m;
                }
                continue;
            }
            (Source::Bytes(bytes), FileKind::Legal) => {
                let p = parse_file::<LegalEntry>(&rel, text_of(&rel, bytes));
                cat.problems.extend(p.problems);
                if p.unparsed {
                    cat.unparsed.insert(rel.clone());
                }
                if let Some(e) = p.record {
                    cat.legal.push(Stored {
                        path: rel,
                        record: e,
                    });
                }
                continue;
            }
            (_, FileKind::Misplaced) => {
                cat.problems.push(crate::diagnostic::Diagnostic::new(
                    &rel,
                    crate::diagnostic::Severity::Error,
                    crate::diagnostic::Problem::MisplacedFile,
                ));
                cat.unparsed.insert(rel);
                continue;
            }
            (Source::Cached(record), _) => Parsed {
                record: Some(record),
                problems: Vec::new(),
                unparsed: false,
            },
            (Source::Bytes(_), _) => match parsed {
                Some(p) => *p,
                None => continue,
            },
        };
        cat.problems.extend(parsed.problems);
        if parsed.unparsed {
            cat.unparsed.insert(rel.clone());
        }
        if let Some(record) = parsed.record {
            place(&mut cat, rel, record);
        }
    }
    cat
}

/// Whether the record for the file at `rel` with blob id `id` can come from `cached`: the cache
/// holds that blob as a record of the kind the path says.
pub fn cache_holds(cached: &cache::Contents, rel: &Path, id: &BlobId) -> bool {
    matches!(
        (cached.get(id), super::classify(rel)),
        (Some(Record::Procedure(_)), FileKind::Procedure)
            | (Some(Record::Proposal(_)), FileKind::Proposal)
            | (Some(Record::Publication(_)), FileKind::Publication)
            | (Some(Record::Decision(_)), FileKind::Decision)
    )
}

/// Put a parsed record where its kind belongs in the catalogue; its position there.
fn place(cat: &mut Catalog, path: PathBuf, record: Record) -> usize {
    fn push<T>(list: &mut Vec<Stored<T>>, path: PathBuf, record: T) -> usize {
        list.push(Stored { path, record });
        list.len() - 1
    }
    match record {
        Record::Procedure(p) => push(&mut cat.procedures, path, *p),
        Record::Proposal(p) => push(&mut cat.proposals, path, *p),
        Record::Publication(p) => push(&mut cat.publications, path, *p),
        Record::Decision(d) => push(&mut cat.decisions, path, *d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, OnlineMode, Postal, ProcedureStatus};
    use crate::store::MANIFEST_FILE;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    use std::fs;

    /// A stand-in for git's blob id: any function of the bytes alone will do here.
    fn hash(bytes: &[u8]) -> BlobId {
        let mut id = [0u8; 20];
        let (mut a, mut b) = (0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64);
        for &x in bytes {
            a = (a ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        id[..8].copy_from_slice(&a.to_le_bytes());
        id[8..16].copy_from_slice(&b.to_le_bytes());
        id[16..].copy_from_slice(&(bytes.len() as u32).to_le_bytes());
        id
    }

    fn hints(root: &Path) -> LoadHints<'static> {
        LoadHints {
            known_ids: Box::new(KnownIds::new),
            hash: &hash,
            cache_file: root.join(".cache/records-v1"),
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => "[a-zA-Z0-9đĐàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữự ,.:'\"#-]{0,40}",
            1 => proptest::collection::vec(any::<char>(), 0..8).prop_map(String::from_iter),
        ]
    }

    fn date() -> impl Strategy<Value = Date> {
        (1990i16..2040, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
    }

    /// A procedure with every list column drawn, and some of the rest.
    fn procedure() -> impl Strategy<Value = Procedure> {
        (
            (
                text(),
                proptest::option::of(text()),
                prop::sample::select(vec!["huyen", "xa", "tinh"]),
                text(),
                prop::sample::select(vec![
                    ProcedureStatus::Published,
                    ProcedureStatus::Amended,
                    ProcedureStatus::Abolished,
                    ProcedureStatus::Draft,
                ]),
                prop::sample::select(vec![
                    OnlineMode::Full,
                    OnlineMode::Partial,
                    OnlineMode::None,
                ]),
            ),
            (
                any::<(bool, bool)>(),
                proptest::option::of(date()),
                proptest::option::of(date()),
                proptest::option::of(date()),
                proptest::collection::vec(text(), 0..4),
                proptest::option::of(text()),
                proptest::option::of(("[a-z]{0,4}", "[0-9.]{1,8}")),
            ),
        )
            .prop_map(
                |(
                    (name, local_code, level, field, status, mode),
                    (
                        (receive, return_result),
                        reviewed_on,
                        effective_from,
                        effective_until,
                        steps,
                        notes,
                        transferred_to,
                    ),
                )| {
                    let mut p = Procedure {
                        name: name.into(),
                        local_code: local_code.map(crate::model::Text::from),
                        level: level.into(),
                        field: field.into(),
                        status,
                        postal: Postal {
                            receive,
                            return_result,
                        },
                        reviewed_on,
                        effective_from,
                        effective_until,
                        steps: steps.into_iter().map(crate::model::Text::from).collect(),
                        notes: notes.map(crate::model::Text::from),
                        transferred_to: transferred_to.map(|(level, code)| {
                            crate::model::ProcedureRef {
                                level: level.into(),
                                code: code.into(),
                            }
                        }),
                        ..Procedure::default()
                    };
                    p.online_service.mode = mode;
                    p
                },
            )
    }

    fn write_catalogue(root: &Path, procedures: &[Procedure]) {
        let manifest = crate::sample::files()
            .iter()
            .find(|(p, _)| *p == MANIFEST_FILE)
            .unwrap()
            .1;
        fs::write(root.join(MANIFEST_FILE), manifest).unwrap();
        for (i, p) in procedures.iter().enumerate() {
            let mut p = p.clone();
            p.code = format!("1.{i:06}").into();
            let rel = PathBuf::from(format!("{PROCEDURES_DIR}/{}/{}.yaml", p.level, p.code));
            let Ok(text) = super::super::canonical_text(&rel, &p) else {
                continue;
            };
            fs::create_dir_all(root.join(rel.parent().unwrap())).unwrap();
            fs::write(root.join(&rel), text).unwrap();
        }
    }

    /// What a list needs from a whole catalogue, for comparing.
    fn columns(o: &Overview) -> (Vec<(PathBuf, ProcedureSummary)>, String) {
        (
            o.procedures
                .iter()
                .map(|s| (s.path.clone(), s.record.clone()))
                .collect(),
            format!(
                "{:?} {:?} {:?}",
                o.catalog.problems, o.catalog.unparsed, o.catalog.manifest
            ),
        )
    }

    fn overview(root: &Path) -> Result<Overview, String> {
        match load_overview(root, hints(root)).unwrap() {
            Opened::Overview(o, _) => Ok(o),
            Opened::Whole(..) => Err("the summaries did not serve".into()),
        }
    }

    /// The whole sample catalogue (procedures, proposals, publications, legal texts), with a
    /// procedure file that parses with a warning (a comment), one that does not parse, one
    /// that is not UTF-8, one too large to read, a link to a file elsewhere, and the bytes of one
    /// procedure file at a second path.
    fn write_sample_with_trouble(root: &Path) {
        for (rel, text) in crate::sample::files() {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
        }
        let first = crate::sample::files()
            .iter()
            .find(|(p, _)| p.starts_with("procedures/xa/"))
            .unwrap();
        let dir = root.join("procedures/xa");
        fs::write(dir.join("9.999990.yaml"), first.1).unwrap();
        fs::write(dir.join("9.999991.yaml"), format!("# ghi chú\n{}", first.1)).unwrap();
        fs::write(dir.join("9.999992.yaml"), "name: [unclosed\n").unwrap();
        fs::write(dir.join("9.999993.yaml"), b"name: \xff\xfe\n").unwrap();
        // Too large to be read at all: one byte over the limit.
        let large = vec![b' '; super::super::MAX_FILE_BYTES as usize + 1];
        fs::write(dir.join("9.999994.yaml"), large).unwrap();
        // A link to a file outside the folders read (followed, its bytes are the record's).
        #[cfg(unix)]
        {
            let other = first.1.replacen("name: ", "name: Liên kết ", 1);
            fs::write(root.join("linked.yaml"), other).unwrap();
            std::os::unix::fs::symlink("../../linked.yaml", dir.join("9.999995.yaml")).unwrap();
        }
    }

    /// Everything a load gives that a user could see, for comparing (records, problems in
    /// their order, unparsed files; not the root).
    fn whole(cat: &Catalog) -> String {
        let mut cat = cat.clone();
        cat.root = PathBuf::new();
        format!("{cat:?}")
    }

    /// The git blob id the test hints give each file: some from "the index", the rest by
    /// hashing, as in a work tree where a few files changed.
    fn hints_knowing_some(root: &Path) -> LoadHints<'static> {
        let root = root.to_owned();
        LoadHints {
            known_ids: Box::new(move || {
                let mut known = KnownIds::new();
                for (rel, _) in crate::sample::files().iter().step_by(2) {
                    if let Ok(bytes) = fs::read(root.join(rel)) {
                        known.insert(Path::new(rel), hash(&bytes));
                    }
                }
                known
            }),
            hash: &hash,
            cache_file: PathBuf::new(),
        }
    }

    /// A cold load (no cache: parsed, the cache written in the same pass) and the warm loads
    /// after it (from that cache) give the same catalogue as a plain load: the same records in
    /// the same order, the same problems in the same order, the same unparsed files — with a
    /// file with a warning, one that does not parse, one that is not UTF-8 and the same bytes
    /// at two paths. Files with problems are never cached.
    #[test]
    fn cold_and_warm_loads_give_the_same_catalogue() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_sample_with_trouble(root);
        let plain = load(root).unwrap();
        assert_eq!(plain.unparsed.len(), 3, "{:?}", plain.problems);
        assert!(plain.problems.len() >= 4);
        let cache_file = root.join(".cache/records-v1");
        let with = || LoadHints {
            cache_file: cache_file.clone(),
            ..hints_knowing_some(root)
        };
        let (cold, stats) = load_with(root, Some(with())).unwrap();
        assert_eq!(whole(&cold), whole(&plain));
        assert_eq!(stats.cache_write, CacheWrite::Rewritten);
        assert!(!stats.cache_valid && stats.from_cache == 0 && stats.parsed == stats.files);
        for round in 0..2 {
            let (warm, stats) = load_with(root, Some(with())).unwrap();
            assert_eq!(whole(&warm), whole(&plain), "warm load {round}");
            // All but the five troubled files (one of them the duplicate, parsed again).
            assert!(stats.cache_valid, "{stats:?}");
            assert_eq!(stats.from_cache, stats.files - 5, "{stats:?}");
            assert_eq!(stats.cache_write, CacheWrite::None, "{stats:?}");
        }
    }

    /// The cache files a cold load writes as it parses read back completely: every clean
    /// record under its file's blob id, and the list columns of every clean procedure — and
    /// nothing of a file with problems.
    #[test]
    fn the_cache_written_while_parsing_reads_back_completely() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_sample_with_trouble(root);
        let (cat, _) = load_with(root, Some(hints(root))).unwrap();
        let cache_file = root.join(".cache/records-v1");
        let records = cache::read(&cache_file, None).expect("a valid record cache");
        let summaries =
            summary::read(&summary::file_beside(&cache_file), None).expect("valid summaries");
        let id = |rel: &Path| hash(&fs::read(root.join(rel)).unwrap());
        let troubled: Vec<&PathBuf> = cat.problems.iter().map(|p| &p.file).collect();
        let mut clean = 0;
        for s in &cat.procedures {
            let id = id(&s.path);
            if troubled.contains(&&s.path) {
                assert!(!records.contains(&id) && summaries.get(&id).is_none());
                continue;
            }
            clean += 1;
            assert_eq!(
                records.get(&id),
                Some(&Record::Procedure(Box::new(s.record.clone()))),
                "{}",
                s.path.display()
            );
            assert_eq!(summaries.get(&id), Some(&ProcedureSummary::of(&s.record)));
        }
        for s in &cat.proposals {
            let got = records.get(&id(&s.path));
            assert_eq!(got, Some(&Record::Proposal(Box::new(s.record.clone()))));
        }
        for s in &cat.publications {
            let got = records.get(&id(&s.path));
            assert_eq!(got, Some(&Record::Publication(Box::new(s.record.clone()))));
        }
        // The duplicate's bytes are one entry (written twice, read once).
        let kinds = cat.proposals.len() + cat.publications.len();
        assert_eq!(records.len(), clean - 1 + kinds);
        assert_eq!(records.entries, clean + kinds);
        assert_eq!(summaries.len(), clean - 1);
    }

    /// An overview-only cold load (no cache files: `tthc list`, bare `tthc`, the TUI's first
    /// screen) keeps no whole procedure, and gives the list rows, problems and unparsed files a
    /// whole load gives; it writes both cache files, so the next overview comes from the
    /// summaries and the next whole load from the record cache, the same again. Also when the
    /// cache cannot be written.
    #[test]
    fn an_overview_cold_load_lists_what_a_whole_load_lists() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_sample_with_trouble(root);
        let expected = columns(&Overview::of(load(root).unwrap()));
        let rest = |o: &Overview| {
            let mut c = o.catalog.clone();
            c.root = PathBuf::new();
            format!("{c:?}")
        };
        let expected_rest = rest(&Overview::of(load(root).unwrap()));
        match load_overview(root, hints(root)).unwrap() {
            Opened::Overview(o, stats) => {
                assert_eq!(columns(&o), expected);
                assert_eq!(rest(&o), expected_rest);
                assert!(o.catalog.procedures.is_empty());
                assert_eq!(stats.cache_write, CacheWrite::Rewritten);
                assert_eq!((stats.parsed, stats.from_cache), (stats.files, 0));
            }
            Opened::Whole(..) => panic!("a cold overview kept whole records"),
        }
        let fast = overview(root).unwrap();
        assert_eq!(columns(&fast), expected);
        assert_eq!(rest(&fast), expected_rest);
        let (warm, stats) = load_with(root, Some(hints(root))).unwrap();
        assert!(stats.cache_valid && stats.from_cache > 0);
        assert_eq!(whole(&warm), whole(&load(root).unwrap()));

        // A cache that cannot be written (its folder is a file) costs only the cache.
        let elsewhere = tempfile::tempdir().unwrap();
        let blocked = elsewhere.path().join("blocked");
        fs::write(&blocked, "").unwrap();
        let unwritable = || LoadHints {
            cache_file: blocked.join("records-v1"),
            ..hints(root)
        };
        match load_overview(root, unwritable()).unwrap() {
            Opened::Overview(o, stats) => {
                assert_eq!(columns(&o), expected);
                assert_eq!(stats.cache_write, CacheWrite::Failed);
            }
            Opened::Whole(..) => panic!("a cold overview kept whole records"),
        }
        let (cat, stats) = load_with(root, Some(unwritable())).unwrap();
        assert_eq!(stats.cache_write, CacheWrite::Failed);
        assert_eq!(whole(&cat), whole(&load(root).unwrap()));
    }

    /// The summaries decoded from the summaries file are those computed from the records parsed
    /// whole, for generated records; after a file changes, and after the summaries file is
    /// damaged (then the whole catalogue comes back, and the next open has summaries again).
    #[test]
    fn summaries_from_the_cache_equal_those_of_the_parsed_records() {
        let mut runner = TestRunner::new(Config {
            cases: 24,
            ..Config::default()
        });
        runner
            .run(
                &proptest::collection::vec(procedure(), 0..12),
                |procedures| {
                    let dir = tempfile::tempdir().unwrap();
                    let root = dir.path();
                    write_catalogue(root, &procedures);
                    let parsed = || Overview::of(load(root).unwrap());
                    // The first open parses everything and writes both cache files.
                    let (whole, _) = load_with(root, Some(hints(root))).unwrap();
                    prop_assert_eq!(columns(&Overview::of(whole)), columns(&parsed()));
                    let fast = overview(root).unwrap();
                    prop_assert_eq!(columns(&fast), columns(&parsed()));
                    // The kept collation keys order a list as keys computed afresh do.
                    let whole = parsed();
                    let m = &whole.catalog.manifest;
                    let plain: Vec<Stored<Procedure>> = fast
                        .outlines()
                        .into_iter()
                        .map(|s| Stored {
                            record: s.record,
                            path: s.path,
                        })
                        .collect();
                    prop_assert_eq!(
                        crate::listing::default_order(&fast.procedures, m),
                        crate::listing::default_order(&plain, m)
                    );
                    // A changed file misses the summaries: parsed on the spot, the same.
                    if let Some(first) = fast.procedures.first() {
                        let path = root.join(&first.path);
                        let text = fs::read_to_string(&path).unwrap();
                        fs::write(&path, text.replacen("name: ", "name: Mới ", 1)).unwrap();
                        prop_assert_eq!(columns(&overview(root).unwrap()), columns(&parsed()));
                    }
                    // A damaged summaries file is never read: the whole catalogue instead.
                    let file = summary::file_beside(&root.join(".cache/records-v1"));
                    let bytes = fs::read(&file).unwrap();
                    let mut bad = bytes.clone();
                    let at = bad.len() - 9;
                    bad[at] ^= 1;
                    fs::write(&file, &bad).unwrap();
                    match load_overview(root, hints(root)).unwrap() {
                        Opened::Whole(cat, _) => {
                            prop_assert_eq!(columns(&Overview::of(cat)), columns(&parsed()))
                        }
                        Opened::Overview(..) => prop_assert!(false, "a damaged file was trusted"),
                    }
                    prop_assert_eq!(columns(&overview(root).unwrap()), columns(&parsed()));
                    Ok(())
                },
            )
            .unwrap();
    }

    /// A file that does not parse is never summarised: every overview reports it, as a whole
    /// load does; and a list of summaries selects what the same list of records selects.
    #[test]
    fn an_unparsed_file_and_a_selection_are_as_in_a_whole_load() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let sample: Vec<Procedure> = crate::sample::files()
            .iter()
            .filter(|(p, _)| p.starts_with("procedures/"))
            .map(|(p, t)| super::super::parse_text(Path::new(p), t).unwrap())
            .collect();
        write_catalogue(root, &sample);
        fs::write(
            root.join("procedures/xa/9.999999.yaml"),
            "name: [unclosed\n",
        )
        .unwrap();
        let _ = load_with(root, Some(hints(root))).unwrap();
        for _ in 0..2 {
            let fast = overview(root).unwrap();
            let whole = load(root).unwrap();
            assert_eq!(fast.catalog.unparsed.len(), 1);
            // The search index and the default order from summaries are those of the records.
            let m = &whole.manifest;
            let a = crate::listing::SearchIndex::new(&whole);
            let b = crate::listing::SearchIndex::of_rows(&fast.procedures, m);
            assert_eq!(a.len(), b.len());
            assert!((0..a.len()).all(|i| a.text(i) == b.text(i)));
            assert_eq!(
                crate::listing::default_order(&whole.procedures, m),
                crate::listing::default_order(&fast.procedures, m)
            );
            assert_eq!(columns(&fast), columns(&Overview::of(whole.clone())));
            use crate::listing::{Filter, SortBy, select, select_rows};
            for (filter, sort) in [
                (Filter::default(), SortBy::Level),
                (
                    Filter {
                        search: Some("dang ky".into()),
                        ..Filter::default()
                    },
                    SortBy::Name,
                ),
                (
                    Filter {
                        level: Some("xa".into()),
                        status: Some(ProcedureStatus::Published),
                        ..Filter::default()
                    },
                    SortBy::Code,
                ),
            ] {
                let a: Vec<&PathBuf> = select(&whole, &filter, sort)
                    .iter()
                    .map(|s| &s.path)
                    .collect();
                let b: Vec<&PathBuf> =
                    select_rows(&fast.procedures, &whole.manifest, &filter, sort)
                        .iter()
                        .map(|s| &s.path)
                        .collect();
                assert!(!a.is_empty());
                assert_eq!(a, b);
            }
        }
    }
}
