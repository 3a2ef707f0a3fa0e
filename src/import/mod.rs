//! Reading what an office already has (domain §7.4): the national portal's XLSX list of
//! procedures, its per-procedure DOCX detail files, and a province decision's appendix (DOCX).
//!
//! This module only reads files into plain data; matching names to the manifest is
//! [`mapping`], making records is [`build`], and writing them (one commit, redline, `--update`)
//! is `workspace::import`. Errors carry data only; `i18n` words them.
//!
//! Files are recognised by content, not by extension; labels and column headers are matched
//! after folding diacritics and case (`search::fold`), never by position, so a column order or
//! wording that differs slightly is still read.

pub mod appendix;
pub mod build;
mod container;
pub mod detail;
pub mod docx;
mod fee;
pub mod mapping;
pub mod text;
pub mod xlsx;

pub use appendix::{Appendix, AppendixRow, read_appendix};
pub use container::{FileShape, MAX_INPUT_BYTES, MAX_PART_BYTES, sniff};
pub use detail::{Detail, read_detail};
pub use mapping::{ImportMap, MapKind, Unmatched};
pub use xlsx::{ListRow, PortalList, read_list};

use std::path::PathBuf;

/// Where in a source file something is, for messages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// A spreadsheet row as the spreadsheet program numbers it (from 1).
    Row { row: usize },
    /// A paragraph of a Word document, counted from 1 in reading order (table cells included).
    Paragraph { paragraph: usize },
}

/// What is wrong with one row or paragraph of an otherwise readable file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum RowProblem {
    /// A code that is not `d.dddddd` (optionally with a local suffix).
    BadCode { code: String },
    /// A row with content but no code.
    MissingCode,
    /// A row with a code but no name.
    MissingName,
    /// A row that names no level (Cấp thực hiện).
    MissingLevel,
    /// A status (Tình trạng) that is none of the portal's.
    UnknownStatus { value: String },
    /// A count that does not read like "Bản chính: 1 Bản sao: 0".
    BadCount { value: String },
    /// A processing time that does not read like "30 Ngày" or "Trong ngày".
    BadTime { value: String },
    /// A date that does not read like dd/mm/yyyy.
    BadDate { value: String },
    /// A code given twice (in the list, or in two detail files).
    DuplicateCode { code: String },
}

/// A located problem.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Located {
    pub place: Place,
    pub problem: RowProblem,
}

/// The kind of export a file was expected to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// The portal's list of procedures (XLSX).
    PortalList,
    /// The portal's file of one procedure (DOCX).
    PortalDetail,
    /// A decision's appendix (DOCX).
    Appendix,
}

/// A legacy 8-bit Vietnamese encoding, read as if it were Unicode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Legacy {
    /// TCVN3 (ABC), fonts `.VnTime` …
    Tcvn3,
    /// VNI, fonts `VNI-Times` …
    Vni,
}

/// Why a source file could not be read (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    /// Larger than [`MAX_INPUT_BYTES`], or a part inside larger than [`MAX_PART_BYTES`].
    TooLarge { file: PathBuf, limit: u64 },
    /// Not the kind of file expected: what it is instead.
    WrongShape {
        file: PathBuf,
        expected: Expected,
        found: FileShape,
    },
    /// A zip whose parts are damaged, or whose XML does not parse.
    Damaged { file: PathBuf, detail: String },
    /// A workbook with no sheet holding the list's columns: the columns it needs, and the
    /// header cells of the sheet that came nearest.
    Columns {
        file: PathBuf,
        sheet: Option<String>,
        missing: Vec<&'static str>,
        found: Vec<String>,
    },
    /// A Word file without the labels of a portal detail file (or the parts of an appendix):
    /// the labels expected.
    Labels {
        file: PathBuf,
        expected: Expected,
        missing: Vec<&'static str>,
    },
    /// Text typed in a legacy encoding (TCVN3/VNI): it would be stored as garbage.
    LegacyEncoding {
        file: PathBuf,
        encoding: Legacy,
        place: Place,
        sample: String,
    },
    /// Rows or paragraphs that cannot be read; nothing is imported until they are fixed.
    Rows {
        file: PathBuf,
        problems: Vec<Located>,
    },
}

impl SourceError {
    /// The file the error is about.
    pub fn file(&self) -> &std::path::Path {
        match self {
            SourceError::Io { file, .. }
            | SourceError::TooLarge { file, .. }
            | SourceError::WrongShape { file, .. }
            | SourceError::Damaged { file, .. }
            | SourceError::Columns { file, .. }
            | SourceError::Labels { file, .. }
            | SourceError::LegacyEncoding { file, .. }
            | SourceError::Rows { file, .. } => file,
        }
    }
}

/// What the file at `path` holds, by its content (read within [`MAX_INPUT_BYTES`]).
pub fn shape_of(path: &std::path::Path) -> Result<FileShape, SourceError> {
    Ok(sniff(&container::read_file(path)?))
}
