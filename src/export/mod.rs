//! The public listing: the catalogue rendered as a static website, spreadsheets and open data.
//!
//! Everything here is pure rendering into a [`Sink`] (a folder or memory): no git, no terminal.
//! The workspace decides which catalogue state to render, finds the previous publication and the
//! template overrides, and hands them in; [`write_folder`] builds the result in a staging folder
//! next to the target and swaps it in at once, so a half-written site is never served.
//!
//! The same input always gives the same bytes: nothing here reads the clock, and every
//! collection is ordered.

pub mod changes;
mod folder;
mod html;
mod json;
/// The results report of a year's reviews (XLSX, DOCX, CSV, JSON).
pub mod review;
pub(crate) mod spreadsheet;
pub mod units;
pub use spreadsheet::formula_safe;

pub use changes::{ChangeSet, ChangedProcedure, DecisionGroup};
pub use folder::{FolderSink, MARKER_FILE, MemorySink, write_folder};
pub use html::{DEFAULT_SCRIPT, DEFAULT_STYLE, PAGE_TEMPLATES, Templates};

use crate::model::{Date, Manifest, Procedure, ProcedureStatus, PublicationRecord};
use crate::search::sort_key_vi;
use crate::store::Catalog;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The JSON schema of the `json` export, shipped next to every export.
pub const JSON_SCHEMA: &str = include_str!("../../docs/export-schema-v2.json");
/// File name of the schema in an export folder.
pub const JSON_SCHEMA_FILE: &str = "export-schema-v2.json";
/// Base name of the data files (`danh-muc-tthc.csv`, `.xlsx`, `.json`, `.jsonld`).
pub const DATA_BASENAME: &str = "danh-muc-tthc";

/// One output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Html,
    Csv,
    Xlsx,
    Json,
    JsonLd,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Csv,
        Format::Xlsx,
        Format::Json,
        Format::JsonLd,
    ];

    /// The data file this format writes, `None` for the website.
    pub fn file_name(self) -> Option<String> {
        let ext = match self {
            Format::Html => return None,
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::JsonLd => "jsonld",
        };
        Some(format!("{DATA_BASENAME}.{ext}"))
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::JsonLd => "jsonld",
        }
    }
}

/// Where the exported catalogue comes from, as shown in the site footer and the data files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// The commit whose catalogue is exported (None: a folder outside git, or uncommitted).
    pub commit: Option<String>,
    /// The `--at` revision or date as the user gave it.
    pub at: Option<String>,
    /// `--effective`: only procedures in force on this date.
    pub effective: Option<Date>,
}

/// The "what changed" page: the publication this listing is (if it is one), the one it is
/// compared with, and the changes between them in the appendix's three sections.
#[derive(Debug, Clone, Default)]
pub struct ChangesPage {
    pub current: Option<PublicationRecord>,
    pub baseline: Option<PublicationRecord>,
    pub changes: ChangeSet,
    /// The province's decisions the listing reflects: the page groups its changes under the one
    /// that caused each ([`changes::by_decision`]).
    pub decisions: Vec<crate::model::Decision>,
}

/// Everything one export needs besides the catalogue.
#[derive(Debug, Clone, Default)]
pub struct ExportInput {
    pub formats: BTreeSet<Format>,
    pub source: Source,
    pub changes: ChangesPage,
    pub templates: Templates,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportReport {
    /// Procedures in the export (after `--effective`).
    pub procedures: usize,
    /// Of which abolished (kept in the data files, not in the site's listing).
    pub abolished: usize,
    /// Files written, relative to the export folder.
    pub files: Vec<String>,
    /// Procedures left out, with the reason (a duplicate, or a code unusable as a file name).
    pub skipped: Vec<LeftOut>,
}

/// A procedure the listing cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub level: String,
    pub code: String,
    pub reason: LeftOutReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOutReason {
    /// The level or code cannot be part of a file name.
    UnusableName,
    /// Another procedure has the same level and code.
    Duplicate,
}

/// Where `--out` may not point: writing there would damage the repository or the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForbiddenOut {
    /// Inside a `.git` folder (refs, objects, hooks…).
    GitFolder,
    /// The catalogue's folder itself, or one of its own folders (procedures/, proposals/,
    /// publications/, templates/).
    CatalogueFolder,
    /// A folder that holds the catalogue: replacing it would remove the catalogue.
    HoldsCatalogue,
}

/// Why an export did not happen (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Template {
        name: String,
        detail: String,
    },
    Xlsx(String),
    /// The review report's Word file could not be written.
    Docx(String),
    NotAnExport {
        path: PathBuf,
    },
    ForbiddenOut {
        path: PathBuf,
        why: ForbiddenOut,
    },
    BrokenManifest,
    Unreadable {
        files: Vec<PathBuf>,
    },
    LeftOut {
        left_out: Vec<LeftOut>,
    },
    /// `--unit ID` names no unit of the manifest (`known` empty: it declares none).
    UnknownUnit {
        id: String,
        known: Vec<String>,
    },
}

/// One procedure of the export, with its place in the listing.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub procedure: &'a Procedure,
    /// Site-relative URL of its page, e.g. `thu-tuc/xa/1.001193.html`.
    pub href: String,
    /// Abolished (or transferred away) and no longer in force on the listing's day. An
    /// abolition that takes effect later leaves the procedure listed until that day.
    pub closed: bool,
}

impl Entry<'_> {
    /// No longer done here on the listing's day (see [`Entry::closed`]).
    pub fn abolished(&self) -> bool {
        self.closed
    }
}

/// Whether `p` is closed on `day`: abolished, and its `effective_until` (the first day out of
/// force) is not after `day`.
fn closed_on(p: &Procedure, day: Date) -> bool {
    p.status == ProcedureStatus::Abolished && p.effective_until.is_none_or(|until| until <= day)
}

/// The procedures of an export in listing order: level (manifest order), field (manifest
/// order), name (Vietnamese order), code.
#[derive(Debug, Clone)]
pub struct Listing<'a> {
    pub manifest: &'a Manifest,
    /// The day the listing speaks of: the export's effective day, or today.
    pub day: Date,
    pub entries: Vec<Entry<'a>>,
    pub skipped: Vec<LeftOut>,
}

/// The stable URL of a procedure's page, or `None` when its level or code cannot be a file name.
pub fn page_path(level: &str, code: &str) -> Option<String> {
    let code_ok = !code.is_empty()
        && code.len() <= 100
        && !code.starts_with('.')
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
    (crate::validate::is_safe_id(level) && code_ok).then(|| format!("thu-tuc/{level}/{code}.html"))
}

/// Rank of a level or field id in the manifest's order (undeclared ones last).
fn rank<T>(items: &[T], id: &str, id_of: impl Fn(&T) -> &str) -> usize {
    items
        .iter()
        .position(|x| id_of(x) == id)
        .unwrap_or(usize::MAX)
}

/// The listing sort key of a procedure.
pub fn listing_key(m: &Manifest, p: &Procedure) -> (usize, usize, String, Vec<u8>, String) {
    listing_key_of(m, &p.level, &p.field, &p.name, &p.code)
}

/// [`listing_key`] of a procedure's level, field, name and code.
pub(crate) fn listing_key_of(
    m: &Manifest,
    level: &str,
    field: &str,
    name: &str,
    code: &str,
) -> (usize, usize, String, Vec<u8>, String) {
    (
        rank(&m.levels, level, |l| &l.id),
        rank(&m.fields, field, |f| &f.id),
        // Undeclared levels/fields sort by id among themselves.
        format!("{level}\u{0}{field}"),
        sort_key_vi(name),
        code.to_owned(),
    )
}

/// What sorting in listing order reads of an item: a procedure, or a change.
pub(crate) trait Listed {
    fn level(&self) -> &str;
    fn field(&self) -> &str;
    fn name(&self) -> &str;
    fn code(&self) -> &str;
}

impl Listed for &Procedure {
    fn level(&self) -> &str {
        &self.level
    }
    fn field(&self) -> &str {
        &self.field
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn code(&self) -> &str {
        &self.code
    }
}

/// Sort `items` in the order of [`listing_key`] (stable), holding the names' collation keys of
/// one level and field at a time: at 100,000 procedures the keys of the whole listing are tens
/// of megabytes, held beside everything else.
pub(crate) fn sort_listed<T: Listed>(m: &Manifest, items: &mut [T]) {
    use std::cmp::Ordering;
    let ranks: Vec<(usize, usize)> = items
        .iter()
        .map(|t| {
            (
                rank(&m.levels, t.level(), |l| &l.id),
                rank(&m.fields, t.field(), |f| &f.id),
            )
        })
        .collect();
    // The key's ranks, then the bytes of `format!("{level}\u{0}{field}")` compared without
    // making it.
    let group = |a: usize, b: usize| -> Ordering {
        let (x, y) = (&items[a], &items[b]);
        ranks[a].cmp(&ranks[b]).then_with(|| {
            let x = x.level().bytes().chain([0]).chain(x.field().bytes());
            let y = y.level().bytes().chain([0]).chain(y.field().bytes());
            x.cmp(y)
        })
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| group(a, b));
    // Within each level and field: the name's collation key, then the code.
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && group(order[start], order[end]) == Ordering::Equal {
            end += 1;
        }
        let run = &mut order[start..end];
        if run.len() > 1 {
            let keys: Vec<Box<[u8]>> = run
                .iter()
                .map(|&i| sort_key_vi(items[i].name()).into_boxed_slice())
                .collect();
            let mut within: Vec<usize> = (0..run.len()).collect();
            within.sort_by(|&a, &b| {
                keys[a]
                    .cmp(&keys[b])
                    .then_with(|| items[run[a]].code().cmp(items[run[b]].code()))
            });
            let sorted: Vec<usize> = within.iter().map(|&k| run[k]).collect();
            run.copy_from_slice(&sorted);
        }
        start = end;
    }
    drop(ranks);
    // Position i takes the item at order[i]: follow each cycle of the permutation.
    for i in 0..order.len() {
        let mut j = i;
        loop {
            let k = order[j];
            order[j] = j;
            if k == i || k == j {
                break;
            }
            items.swap(j, k);
            j = k;
        }
    }
}

impl<'a> Listing<'a> {
    /// The procedures of `cat` in listing order; with `effective`, only those in force that day.
    /// Abolitions are judged as of `effective`, or today: one that takes effect later is still
    /// listed.
    pub fn new(cat: &'a Catalog, effective: Option<Date>) -> Listing<'a> {
        let m = &cat.manifest;
        let day = effective.unwrap_or_else(|| m.policy.today());
        let mut listed: Vec<&Procedure> = cat
            .procedures
            .iter()
            .map(|s| &s.record)
            // A draft is not published: no output lists it.
            .filter(|p| !p.status.is_draft())
            // An incomplete record (imported from a list only) is not published either.
            .filter(|p| !p.incomplete)
            .filter(|p| effective.is_none_or(|d| p.in_effect_on(d)))
            .collect();
        sort_listed(m, &mut listed);
        let mut seen = BTreeSet::new();
        let mut entries = Vec::with_capacity(listed.len());
        let mut skipped = Vec::new();
        for p in listed {
            let left_out = |reason| LeftOut {
                level: p.level.to_string(),
                code: p.code.to_string(),
                reason,
            };
            let Some(href) = page_path(&p.level, &p.code) else {
                skipped.push(left_out(LeftOutReason::UnusableName));
                continue;
            };
            if !seen.insert((p.level.as_str(), p.code.as_str())) {
                skipped.push(left_out(LeftOutReason::Duplicate));
                continue;
            }
            entries.push(Entry {
                procedure: p,
                href,
                closed: closed_on(p, day),
            });
        }
        Listing {
            manifest: m,
            day,
            entries,
            skipped,
        }
    }

    /// The procedures the public listing shows (not abolished).
    pub fn listed(&self) -> impl Iterator<Item = &Entry<'a>> {
        self.entries.iter().filter(|e| !e.abolished())
    }
}

/// Render the catalogue in every requested format into `sink`.
pub fn render(
    cat: &Catalog,
    input: &ExportInput,
    sink: &dyn Sink,
) -> Result<ExportReport, ExportError> {
    render_listing(cat, &Listing::new(cat, input.source.effective), input, sink)
}

/// [`render`] with the listing already made (`Listing::new(cat, input.source.effective)`), for
/// a caller that looked at it first.
pub fn render_listing(
    cat: &Catalog,
    listing: &Listing,
    input: &ExportInput,
    sink: &dyn Sink,
) -> Result<ExportReport, ExportError> {
    // What the catalogue's load and the listing's sorting freed goes back to the system first:
    // the pages are rendered on other threads, which would not reuse it.
    crate::store::cache::return_free_memory();
    // The data files are written on a thread of their own while the site's pages are
    // rendered: at 100,000 procedures each takes seconds, and neither needs the other.
    let (data, site) = std::thread::scope(|scope| {
        let data = scope.spawn(|| data_files(listing, input, sink));
        let site = site_files(cat, listing, input, sink);
        let data = data.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (data, site)
    });
    let mut files = data?;
    files.extend(site?);
    files.sort();
    Ok(ExportReport {
        procedures: listing.entries.len(),
        abolished: listing.entries.iter().filter(|e| e.abolished()).count(),
        files,
        skipped: listing.skipped.clone(),
    })
}

/// The data files of the requested formats (CSV, XLSX, JSON with its schema, JSON-LD).
fn data_files(
    listing: &Listing,
    input: &ExportInput,
    sink: &dyn Sink,
) -> Result<Vec<String>, ExportError> {
    let mut files = Vec::new();
    let put = |rel: &str, bytes: &[u8]| -> Result<(), ExportError> {
        sink.put(rel, bytes).map_err(|source| ExportError::Io {
            path: PathBuf::from(rel),
            source,
        })
    };
    for format in &input.formats {
        let Some(name) = format.file_name() else {
            continue;
        };
        let written = match format {
            Format::Csv => sink.stream(&name, &mut |w| spreadsheet::csv(w, listing)),
            Format::Json => sink.stream(&name, &mut |w| {
                json::json(w, listing, &input.source, &input.changes)
            }),
            Format::JsonLd => sink.stream(&name, &mut |w| json::jsonld(w, listing)),
            Format::Xlsx => put(&name, &spreadsheet::xlsx(listing, &input.source)?),
            Format::Html => unreachable!(),
        };
        written?;
        files.push(name.clone());
        if *format == Format::Json {
            put(JSON_SCHEMA_FILE, JSON_SCHEMA.as_bytes())?;
            files.push(JSON_SCHEMA_FILE.to_owned());
        }
    }
    Ok(files)
}

/// The website, when requested: the index, the "what changed" page, the assets and a page per
/// procedure.
fn site_files(
    cat: &Catalog,
    listing: &Listing,
    input: &ExportInput,
    sink: &dyn Sink,
) -> Result<Vec<String>, ExportError> {
    if !input.formats.contains(&Format::Html) {
        return Ok(Vec::new());
    }
    // Procedures this publication abolishes keep a page (marked abolished), so links to
    // them do not break, even when `--effective` leaves them out of the listing.
    let listed: BTreeSet<(&str, &str)> = listing
        .entries
        .iter()
        .map(|e| (e.procedure.level.as_str(), e.procedure.code.as_str()))
        .collect();
    let retired: Vec<Entry> = input
        .changes
        .changes
        .abolished
        .iter()
        .filter(|c| !listed.contains(&(c.level.as_str(), c.code.as_str())))
        .filter_map(|c| cat.procedure(&c.level, &c.code))
        .filter_map(|s| {
            page_path(&s.record.level, &s.record.code).map(|href| Entry {
                procedure: &s.record,
                href,
                closed: true,
            })
        })
        .collect();
    drop(listed);
    // On the site, a legal-basis row citing a text by number shows the register's facts
    // about it (the data files keep each record as it is stored): each page completes its
    // procedure's rows as it is rendered.
    html::site(cat, listing, &retired, input, sink)
}

/// Where rendered files go: a folder, or memory (tests, previews).
pub trait Sink: Sync {
    /// Store `bytes` at `rel` (a `/`-separated path inside the export).
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Store what `write` writes at `rel`, streamed: large data files are never held whole.
    fn stream(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        let mut buffer = Vec::new();
        write(&mut buffer)?;
        self.put(rel, &buffer).map_err(|source| ExportError::Io {
            path: PathBuf::from(rel),
            source,
        })
    }
}
