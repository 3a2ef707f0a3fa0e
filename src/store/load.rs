//! Loading a whole catalogue from its folder: files parsed on all cores, or — when the caller
//! knows a file's git blob id — taken from the record cache.
//!
//! The result is the same either way: the same records in the same order, every problem of every
//! file, unparsed files remembered. Only files that parsed without any problem are cached, so a
//! file with a warning or an error is read and reported afresh every time.

use super::cache::{self, BlobId, Record, RecordRef};
use super::{
    Catalog, DECISIONS_DIR, FileKind, LEGAL_DIR, MANIFEST_FILE, PROCEDURES_DIR, PROPOSALS_DIR,
    PUBLICATIONS_DIR, Parsed, ReadProblem, StoreError, Stored, list_files, parse_file, read_bytes,
    read_record, text_of,
};
use crate::model::{Decision, LegalEntry, Manifest, Procedure, Proposal, PublicationRecord};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Git blob ids of files (relative to the catalogue root) known without reading them.
pub type KnownIds = HashMap<PathBuf, BlobId>;

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
    if !super::has_manifest(root) {
        return Err(StoreError::NotACatalog {
            path: root.to_owned(),
        });
    }
    let mut cat = Catalog {
        root: root.to_owned(),
        ..Catalog::default()
    };
    if let Some(m) = read_record::<Manifest>(root, Path::new(MANIFEST_FILE), &mut cat) {
        cat.manifest = m;
    }
    // The register of legal texts: a few hundred small files at most, read here (not cached).
    for rel in list_files(root, Path::new(LEGAL_DIR), 0..=0, &mut cat)? {
        if let Some(e) = read_record::<LegalEntry>(root, &rel, &mut cat) {
            cat.legal.push(super::Stored {
                path: rel,
                record: e,
            });
        }
    }
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
            if h.known.contains_key(*rel) {
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
        outcome(root, rel, *kind, hints, first, &cached.records)
    });

    cat.procedures.reserve(groups[0].1.len());
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
                Outcome::Cached(id) => match cached.records.remove(&id) {
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
            let position = match parsed.record {
                Some(Record::Procedure(p)) => {
                    cat.procedures.push(Stored {
                        path: rel,
                        record: *p,
                    });
                    cat.procedures.len() - 1
                }
                Some(Record::Proposal(p)) => {
                    cat.proposals.push(Stored {
                        path: rel,
                        record: *p,
                    });
                    cat.proposals.len() - 1
                }
                Some(Record::Publication(p)) => {
                    cat.publications.push(Stored {
                        path: rel,
                        record: *p,
                    });
                    cat.publications.len() - 1
                }
                Some(Record::Decision(d)) => {
                    cat.decisions.push(Stored {
                        path: rel,
                        record: *d,
                    });
                    cat.decisions.len() - 1
                }
                None => continue,
            };
            if let (Some(id), true) = (id, clean) {
                new_entries += usize::from(fresh);
                entries.push((kind, position, id, fresh));
            }
        }
    }

    if let Some(h) = hints {
        let stale = cached.entries.saturating_sub(used);
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
    }
    Ok((cat, stats))
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
    cached: &HashMap<BlobId, Record>,
) -> Outcome {
    let known = hints.and_then(|h| h.known.get(rel).copied());
    if let Some((bytes, id)) = read_first.as_ref() {
        if let Some(id) = id
            && cached.contains_key(id)
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
        && cached.contains_key(&id)
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
    let mut uses: HashMap<BlobId, usize> = HashMap::new();
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
            cached.records.remove(&id)
        } else {
            cached.records.get(&id).cloned()
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
        match parsed.record {
            Some(Record::Procedure(p)) => cat.procedures.push(Stored {
                path: rel,
                record: *p,
            }),
            Some(Record::Proposal(p)) => cat.proposals.push(Stored {
                path: rel,
                record: *p,
            }),
            Some(Record::Publication(p)) => cat.publications.push(Stored {
                path: rel,
                record: *p,
            }),
            Some(Record::Decision(d)) => cat.decisions.push(Stored {
                path: rel,
                record: *d,
            }),
            None => {}
        }
    }
    cat
}

/// Whether the record for the file at `rel` with blob id `id` can come from `cached`: the cache
/// holds that blob as a record of the kind the path says.
pub fn cache_holds(cached: &cache::Contents, rel: &Path, id: &BlobId) -> bool {
    matches!(
        (cached.records.get(id), super::classify(rel)),
        (Some(Record::Procedure(_)), FileKind::Procedure)
            | (Some(Record::Proposal(_)), FileKind::Proposal)
            | (Some(Record::Publication(_)), FileKind::Publication)
            | (Some(Record::Decision(_)), FileKind::Decision)
    )
}
