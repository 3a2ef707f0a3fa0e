//! Folder ⇄ records: where each record lives, loading a whole catalogue, writing records back.
//!
//! A file that fails to parse is remembered in [`Catalog::unparsed`] and is never rewritten.

pub mod cache;
mod canonical_yaml;
mod load;
pub mod locate;
mod subset;
mod yaml;

pub use load::{
    CacheWrite, KnownIds, LoadHints, LoadStats, cache_holds, load, load_tree, load_with,
};
pub use load::{Opened, Overview, load_overview};
pub use subset::{Subset, load_subset};

pub use crate::atomic::{Durability, remove_stale_temps, write_atomic};

use crate::diagnostic::{Diagnostic, PathSeg, Problem, Severity};
use crate::model::{Decision, Layout, Manifest, Procedure, Proposal, PublicationRecord};
use crate::model::{LegalEntry, legal_slug, same_number};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub const MANIFEST_FILE: &str = "catalog.yaml";
pub const PROCEDURES_DIR: &str = "procedures";
pub const PROPOSALS_DIR: &str = "proposals";
pub const PUBLICATIONS_DIR: &str = "publications";
/// The province's publication decisions: `decisions/<year>/<id>.yaml`.
pub const DECISIONS_DIR: &str = "decisions";
/// The optional register of legal texts: `legal/<slug>.yaml`, one file per text.
pub const LEGAL_DIR: &str = "legal";
/// A record file larger than this is refused before it is parsed.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// A publication record lists every procedure the decision touched: the first publication of a
/// province-scale catalogue lists them all (about 130 bytes each), so it may be larger.
pub const MAX_PUBLICATION_BYTES: u64 = 64 * 1024 * 1024;

/// The size limit for the record file at `rel` (relative to the catalogue root).
pub fn max_file_bytes(rel: &Path) -> u64 {
    // A decision holds the full record of every procedure it publishes.
    if rel.starts_with(PUBLICATIONS_DIR) || rel.starts_with(DECISIONS_DIR) {
        MAX_PUBLICATION_BYTES
    } else {
        MAX_FILE_BYTES
    }
}

/// What went wrong reading or writing the catalogue's files (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    NotACatalog { path: PathBuf },
    Io { path: PathBuf, source: io::Error },
    Serialize { path: PathBuf, detail: String },
}

impl StoreError {
    fn io(path: &Path, source: io::Error) -> Self {
        StoreError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// A record with the file it came from (relative to the catalogue root).
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub path: PathBuf,
    pub record: T,
}

/// A whole catalogue as loaded from a folder.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub root: PathBuf,
    pub manifest: Manifest,
    pub procedures: Vec<Stored<Procedure>>,
    pub proposals: Vec<Stored<Proposal>>,
    pub publications: Vec<Stored<PublicationRecord>>,
    pub decisions: Vec<Stored<Decision>>,
    /// The register of legal texts (`legal/`), when the catalogue keeps one.
    pub legal: Vec<Stored<LegalEntry>>,
    /// Problems found while reading files, with positions.
    pub problems: Vec<Diagnostic>,
    /// Files that could not be parsed: never rewritten.
    pub unparsed: BTreeSet<PathBuf>,
}

impl Catalog {
    pub fn procedure(&self, level: &str, code: &str) -> Option<&Stored<Procedure>> {
        self.procedures
            .iter()
            .find(|p| p.record.level == level && p.record.code == code)
    }

    /// The register's entry for the legal text numbered `number`.
    pub fn legal_entry(&self, number: &str) -> Option<&LegalEntry> {
        self.legal
            .iter()
            .map(|s| &s.record)
            .find(|e| same_number(&e.number, number))
    }

    /// A procedure's legal-basis rows completed with the register's facts (a row citing a text
    /// by number only gets its title, dates and amendments): what every face shows.
    pub fn legal_rows(&self, p: &Procedure) -> Vec<crate::model::LegalDocument> {
        p.legal_list()
            .iter()
            .map(|row| match self.legal_entry(&row.number) {
                Some(e) => e.complete(row),
                None => row.clone(),
            })
            .collect()
    }

    /// The procedure with its legal-basis rows completed by the register ([`Catalog::legal_rows`]).
    pub fn with_legal_facts(&self, p: &Procedure) -> Procedure {
        let mut q = p.clone();
        if q.legal_basis.is_some() && !self.legal.is_empty() {
            q.legal_basis = Some(self.legal_rows(p));
        }
        q
    }
}

/// The relative path of a legal text's file in the register: `legal/<slug>.yaml`.
pub fn legal_path(number: &str) -> PathBuf {
    PathBuf::from(LEGAL_DIR).join(format!("{}.yaml", legal_slug(number)))
}

/// The relative path of a procedure file under the given layout.
pub fn procedure_path(layout: Layout, level: &str, code: &str) -> PathBuf {
    let mut p = PathBuf::from(PROCEDURES_DIR);
    p.push(level);
    if layout == Layout::Sharded {
        p.push(shard_of(code));
    }
    p.push(format!("{code}.yaml"));
    p
}

/// The shard folder of a code: its first six characters (`1.0011`), about a hundred files each.
pub fn shard_of(code: &str) -> &str {
    let end = code.char_indices().nth(6).map_or(code.len(), |(i, _)| i);
    &code[..end]
}

/// The relative path of a proposal file.
pub fn proposal_path(id: &str) -> PathBuf {
    let year = id.split('-').next().unwrap_or("0000");
    PathBuf::from(PROPOSALS_DIR)
        .join(year)
        .join(format!("{id}.yaml"))
}

/// The relative path of a decision file: `decisions/<year>/<id>.yaml`.
pub fn decision_path(id: &str) -> PathBuf {
    let year = id.split('-').next().unwrap_or("0000");
    PathBuf::from(DECISIONS_DIR)
        .join(year)
        .join(format!("{id}.yaml"))
}

/// Find the catalogue root: the nearest of `start` and its parents holding `catalog.yaml`.
///
/// `start` is returned as given when it holds the manifest; otherwise its parents are searched
/// from its absolute, resolved form (a relative path such as `.` has no parents of its own), and
/// the root found is absolute. A `start` that does not exist has none.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    if has_manifest(start) {
        return Some(start.to_path_buf());
    }
    fs::canonicalize(start)
        .ok()?
        .ancestors()
        .find(|dir| has_manifest(dir))
        .map(Path::to_path_buf)
}

/// Whether `dir` holds a manifest. Anything but a folder counts, so that a manifest that is not
/// a regular file is reported when read rather than taken for no catalogue.
pub(crate) fn has_manifest(dir: &Path) -> bool {
    fs::metadata(dir.join(MANIFEST_FILE)).is_ok_and(|m| !m.is_dir())
}

/// The `.yaml` files under `dir` (relative to root) whose folder depth below `dir` is in `depths`,
/// sorted. Hidden files (editor swap files, our own temporary files) are skipped; other files,
/// and `.yaml` files at the wrong depth, are reported.
pub(crate) fn list_files(
    root: &Path,
    dir: &Path,
    depths: std::ops::RangeInclusive<usize>,
    cat: &mut Catalog,
) -> Result<Vec<PathBuf>, StoreError> {
    let mut out = Vec::new();
    let abs = root.join(dir);
    let entries = match fs::read_dir(&abs) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(StoreError::io(&abs, e)),
    };
    let mut names: Vec<(String, EntryType)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(&abs, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // The type from the listing itself (no stat, and never an open).
        let file_type = entry.file_type().map_err(|e| StoreError::io(&abs, e))?;
        let kind = if file_type.is_dir() {
            EntryType::Dir
        } else if file_type.is_file() || file_type.is_symlink() {
            // A link is followed when read, and what it leads to is checked then.
            EntryType::File
        } else {
            EntryType::Special
        };
        names.push((name, kind));
    }
    names.sort();
    for (name, kind) in names {
        if name.starts_with('.') {
            continue;
        }
        let rel = dir.join(&name);
        let (min, max) = (*depths.start(), *depths.end());
        let yaml = name.ends_with(".yaml");
        match kind {
            EntryType::Dir if max > 0 => {
                out.extend(list_files(
                    root,
                    &rel,
                    min.saturating_sub(1)..=max - 1,
                    cat,
                )?);
            }
            // A pipe, socket or device is never opened: reading a pipe waits for a writer.
            EntryType::Special if yaml => {
                cat.problems.push(
                    Diagnostic::new(&rel, Severity::Error, Problem::NotARegularFile)
                        .with_position(1, 1),
                );
                cat.unparsed.insert(rel);
            }
            EntryType::File if yaml && min == 0 => out.push(rel),
            EntryType::File if yaml => {
                cat.problems.push(Diagnostic::new(
                    rel,
                    Severity::Error,
                    Problem::MisplacedFile,
                ));
                cat.unparsed.insert(dir.join(&name));
            }
            _ if !name.eq_ignore_ascii_case("README.md") && name != ".gitkeep" => {
                cat.problems.push(Diagnostic::new(
                    rel,
                    Severity::Warning,
                    Problem::UnexpectedFile,
                ));
            }
            _ => {}
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EntryType {
    Dir,
    File,
    /// A pipe, socket or device.
    Special,
}

/// The manifest of the catalogue at `root`, read alone: for commands that need no records. The
/// manifest's problems are in the returned catalogue, which holds nothing else.
pub fn load_manifest(root: &Path) -> Result<Catalog, StoreError> {
    if !has_manifest(root) {
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
    Ok(cat)
}

/// Read and parse one file; on failure record its problems and mark it unparsed.
pub(crate) fn read_record<T: DeserializeOwned>(
    root: &Path,
    rel: &Path,
    cat: &mut Catalog,
) -> Option<T> {
    parse_into(rel, read_text(root, rel), cat)
}

/// Parse one file's text (or the reason there is none) into a record, recording problems.
fn parse_into<T: DeserializeOwned>(
    rel: &Path,
    text: Result<String, ReadProblem>,
    cat: &mut Catalog,
) -> Option<T> {
    let parsed = parse_file::<T>(rel, text);
    cat.problems.extend(parsed.problems);
    if parsed.unparsed {
        cat.unparsed.insert(rel.to_owned());
    }
    parsed.record
}

/// One file's outcome: its record when it parsed, and its problems (warnings even when it did).
pub(crate) struct Parsed<T> {
    pub record: Option<T>,
    pub problems: Vec<Diagnostic>,
    pub unparsed: bool,
}

pub(crate) fn parse_file<T: DeserializeOwned>(
    rel: &Path,
    text: Result<String, ReadProblem>,
) -> Parsed<T> {
    let mut problems = Vec::new();
    match text {
        Err(problem) => {
            problems.push(problem.into_diagnostic(rel));
            Parsed {
                record: None,
                problems,
                unparsed: true,
            }
        }
        Ok(text) => {
            let text = match text.strip_prefix(BOM) {
                Some(rest) => {
                    problems.push(
                        Diagnostic::new(rel, Severity::Warning, Problem::ByteOrderMark)
                            .with_position(1, 1),
                    );
                    rest
                }
                None => text.as_str(),
            };
            if let Some((line, col)) = locate::first_comment(text) {
                problems.push(
                    Diagnostic::new(rel, Severity::Warning, Problem::Comment)
                        .with_position(line, col),
                );
            }
            match yaml::parse_record::<T>(text) {
                Ok(record) => Parsed {
                    record: Some(record),
                    problems,
                    unparsed: false,
                },
                Err(found) => {
                    for p in found {
                        let (line, col) = position_of(text, &p);
                        problems.push(
                            Diagnostic::new(rel, Severity::Error, p.problem)
                                .at(p.pointer)
                                .with_position(line, col),
                        );
                    }
                    Parsed {
                        record: None,
                        problems,
                        unparsed: true,
                    }
                }
            }
        }
    }
}

/// What a path inside the catalogue holds, by where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Manifest,
    Procedure,
    Proposal,
    Publication,
    Decision,
    /// A legal text of the register.
    Legal,
    /// A `.yaml` file where no record belongs.
    Misplaced,
    /// Anything else (hidden files, README, …): not part of the catalogue.
    Other,
}

/// Classify a path relative to the catalogue root, with the same rules as the folder walk.
pub fn classify(rel: &Path) -> FileKind {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some(name) = parts.last() else {
        return FileKind::Other;
    };
    if name.starts_with('.') || !name.ends_with(".yaml") {
        return FileKind::Other;
    }
    match (parts[0].as_str(), parts.len()) {
        (MANIFEST_FILE, 1) => FileKind::Manifest,
        (PROCEDURES_DIR, 3 | 4) => FileKind::Procedure,
        (PROPOSALS_DIR, 2 | 3) => FileKind::Proposal,
        (PUBLICATIONS_DIR, 2) => FileKind::Publication,
        (DECISIONS_DIR, 3) => FileKind::Decision,
        (LEGAL_DIR, 2) => FileKind::Legal,
        (PROCEDURES_DIR | PROPOSALS_DIR | PUBLICATIONS_DIR | DECISIONS_DIR | LEGAL_DIR, _) => {
            FileKind::Misplaced
        }
        _ => FileKind::Other,
    }
}

/// Load a catalogue from file contents that do not come from the work tree (e.g. a git commit).
/// Paths are relative to the catalogue root; `root` is kept for display only.
pub fn load_entries(root: &Path, mut entries: Vec<(PathBuf, Vec<u8>)>) -> Catalog {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut cat = Catalog {
        root: root.to_owned(),
        ..Catalog::default()
    };
    for (rel, bytes) in entries {
        let text = text_of(&rel, bytes);
        match classify(&rel) {
            FileKind::Manifest => {
                if let Some(m) = parse_into::<Manifest>(&rel, text, &mut cat) {
                    cat.manifest = m;
                }
            }
            FileKind::Procedure => {
                if let Some(p) = parse_into::<Procedure>(&rel, text, &mut cat) {
                    cat.procedures.push(Stored {
                        path: rel,
                        record: p,
                    });
                }
            }
            FileKind::Proposal => {
                if let Some(p) = parse_into::<Proposal>(&rel, text, &mut cat) {
                    cat.proposals.push(Stored {
                        path: rel,
                        record: p,
                    });
                }
            }
            FileKind::Publication => {
                if let Some(p) = parse_into::<PublicationRecord>(&rel, text, &mut cat) {
                    cat.publications.push(Stored {
                        path: rel,
                        record: p,
                    });
                }
            }
            FileKind::Decision => {
                if let Some(d) = parse_into::<Decision>(&rel, text, &mut cat) {
                    cat.decisions.push(Stored {
                        path: rel,
                        record: d,
                    });
                }
            }
            FileKind::Legal => {
                if let Some(e) = parse_into::<LegalEntry>(&rel, text, &mut cat) {
                    cat.legal.push(Stored {
                        path: rel,
                        record: e,
                    });
                }
            }
            FileKind::Misplaced => {
                cat.problems.push(Diagnostic::new(
                    &rel,
                    Severity::Error,
                    Problem::MisplacedFile,
                ));
                cat.unparsed.insert(rel);
            }
            FileKind::Other => {}
        }
    }
    cat
}

/// Where a parse problem is: a duplicate key at its second occurrence (the parser points at the
/// mapping), otherwise where the parser said, otherwise where its pointer leads.
fn position_of(text: &str, p: &yaml::ParseProblem) -> (usize, usize) {
    if let Problem::DuplicateKey { key } = &p.problem
        && let Some(pos) = locate::second_occurrence(text, key)
    {
        return pos;
    }
    p.position
        .unwrap_or_else(|| locate::locate(text, &p.pointer))
}

/// The UTF-8 byte-order mark some editors (Windows Notepad) put at the start of a file: read as
/// if it were not there, reported as a warning, and not written back.
const BOM: &str = "\u{feff}";

/// A file that could not even be turned into text.
#[derive(Clone)]
pub(crate) struct ReadProblem {
    position: (usize, usize),
    problem: Problem,
}

impl ReadProblem {
    fn into_diagnostic(self, rel: &Path) -> Diagnostic {
        Diagnostic::new(rel, Severity::Error, self.problem)
            .with_position(self.position.0, self.position.1)
    }
}

pub(crate) fn read_text(root: &Path, rel: &Path) -> Result<String, ReadProblem> {
    text_of(rel, read_bytes(root, rel)?)
}

/// The bytes of the file at `rel`, refusing (before reading them) a file larger than its limit
/// ([`max_file_bytes`]) and anything but a regular file.
pub(crate) fn read_bytes(root: &Path, rel: &Path) -> Result<Vec<u8>, ReadProblem> {
    let limit = max_file_bytes(rel);
    read_regular(&root.join(rel), limit).map_err(|e| match e {
        ReadError::NotRegular => ReadProblem {
            position: (1, 1),
            problem: Problem::NotARegularFile,
        },
        ReadError::TooLarge(bytes) => ReadProblem {
            position: (1, 1),
            problem: Problem::TooLarge { bytes, limit },
        },
        ReadError::Io(e) => ReadProblem {
            position: (0, 0),
            problem: Problem::Io {
                kind: e.kind(),
                detail: e.to_string(),
            },
        },
    })
}

/// Why [`read_regular`] gave no bytes.
#[derive(Debug)]
pub enum ReadError {
    /// A pipe, socket, device or folder.
    NotRegular,
    /// Larger than the limit: its size in bytes.
    TooLarge(u64),
    Io(io::Error),
}

impl From<ReadError> for io::Error {
    fn from(e: ReadError) -> io::Error {
        match e {
            ReadError::Io(e) => e,
            ReadError::NotRegular => {
                io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
            }
            ReadError::TooLarge(bytes) => io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!("{bytes} bytes is too large"),
            ),
        }
    }
}

/// The bytes of the regular file at `path` (a link is followed), if it has at most `limit`.
///
/// Never waits on a pipe or a device, and never opens one (opening some devices does something):
/// the type is checked first, and checked again on the open file, which is opened without
/// blocking, so a pipe put in its place meanwhile is refused too.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    if !fs::metadata(path).map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    // Read at most one byte past the limit: a file that grew meanwhile is still refused.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

pub(crate) fn text_of(rel: &Path, bytes: Vec<u8>) -> Result<String, ReadProblem> {
    let limit = max_file_bytes(rel);
    if bytes.len() as u64 > limit {
        return Err(ReadProblem {
            position: (1, 1),
            problem: Problem::TooLarge {
                bytes: bytes.len() as u64,
                limit,
            },
        });
    }
    checked_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        ReadProblem {
            position: locate::position_of_offset(e.as_bytes(), offset),
            problem: Problem::InvalidUtf8,
        }
    })
}

/// `bytes` as text, checked on SIMD lanes: `String::from_utf8` goes byte by byte through
/// Vietnamese text, a tenth of a cold open at a hundred thousand procedures (issue 15). The
/// error, when there is one, is `String::from_utf8`'s own.
#[allow(unsafe_code)]
fn checked_utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just checked to be valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes)
}

/// Parse one record from text (for records that do not come from the work tree, e.g. git blobs).
pub fn parse_text<T: DeserializeOwned>(rel: &Path, text: &str) -> Result<T, Vec<Diagnostic>> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    yaml::parse_record::<T>(text).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| {
                let (line, col) = position_of(text, &p);
                Diagnostic::new(rel, Severity::Error, p.problem)
                    .at(p.pointer)
                    .with_position(line, col)
            })
            .collect()
    })
}

/// The canonical text of a record.
pub fn canonical_text<T: Serialize>(rel: &Path, record: &T) -> Result<String, StoreError> {
    yaml::to_canonical(record).map_err(|detail| StoreError::Serialize {
        path: rel.to_owned(),
        detail,
    })
}

/// Write one record in canonical form, atomically. Refuses a file the catalogue could not parse.
pub fn write_record<T: Serialize>(cat: &Catalog, rel: &Path, record: &T) -> Result<(), StoreError> {
    if cat.unparsed.contains(rel) {
        return Err(StoreError::Serialize {
            path: rel.to_owned(),
            detail: "the file on disk could not be parsed; fix it first so nothing in it is lost"
                .into(),
        });
    }
    let text = canonical_text(rel, record)?;
    let abs = cat.root.join(rel);
    write_atomic(&abs, text.as_bytes(), Durability::Durable).map_err(|e| StoreError::io(&abs, e))
}

/// Fill in line and column of diagnostics that only know their pointer, by reading their files.
pub fn resolve_positions(root: &Path, diagnostics: &mut [Diagnostic]) {
    let mut cache: Option<(PathBuf, String)> = None;
    for d in diagnostics.iter_mut().filter(|d| d.line == 0) {
        if cache.as_ref().is_none_or(|(p, _)| *p != d.file) {
            let mut text = read_text(root, &d.file).unwrap_or_default();
            if text.starts_with(BOM) {
                text.drain(..BOM.len());
            }
            cache = Some((d.file.clone(), text));
        }
        let text = &cache.as_ref().map(|(_, t)| t.as_str()).unwrap_or_default();
        if text.is_empty() {
            continue;
        }
        let (line, col) = locate::locate(text, &d.pointer);
        d.line = line;
        d.column = col;
    }
}

/// Every file of the catalogue whose bytes differ from the canonical form of its record.
/// Returns (relative path, canonical text).
pub fn non_canonical(cat: &Catalog) -> Result<Vec<(PathBuf, String)>, StoreError> {
    let mut out = Vec::new();
    let mut check = |rel: &Path, text: String| -> Result<(), StoreError> {
        let abs = cat.root.join(rel);
        let current =
            read_regular(&abs, max_file_bytes(rel)).map_err(|e| StoreError::io(&abs, e.into()))?;
        if current != text.as_bytes() {
            out.push((rel.to_owned(), text));
        }
        Ok(())
    };
    let manifest = Path::new(MANIFEST_FILE);
    if !cat.unparsed.contains(manifest) {
        check(manifest, canonical_text(manifest, &cat.manifest)?)?;
    }
    for p in &cat.procedures {
        check(&p.path, canonical_text(&p.path, &p.record)?)?;
    }
    for p in &cat.proposals {
        check(&p.path, canonical_text(&p.path, &p.record)?)?;
    }
    for p in &cat.publications {
        check(&p.path, canonical_text(&p.path, &p.record)?)?;
    }
    for d in &cat.decisions {
        check(&d.path, canonical_text(&d.path, &d.record)?)?;
    }
    for e in &cat.legal {
        check(&e.path, canonical_text(&e.path, &e.record)?)?;
    }
    Ok(out)
}

/// Path segments helper for callers building pointers.
pub fn key(k: &str) -> PathSeg {
    PathSeg::key(k)
}
