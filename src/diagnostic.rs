//! Problems found in a catalogue, each pointing at a file, a line and a column.

use crate::model::{Date, EffectKind, ProposalStatus};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One step of a path into a record: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl PathSeg {
    pub fn key(k: &str) -> PathSeg {
        PathSeg::Key(k.to_owned())
    }
}

/// Render a pointer the way users read it: `channels[1].fees[0].amount`.
pub fn pointer_text(pointer: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in pointer {
        match seg {
            PathSeg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathSeg::Index(i) => {
                out.push_str(&format!("[{i}]"));
            }
        }
    }
    out
}

/// A problem in one file. `line` and `column` are 1-based; 0 means "the file as a whole".
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Path relative to the catalogue root, `/`-separated.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub problem: Problem,
    /// Where in the record the problem is; used to find the line when it is not known yet.
    pub pointer: Vec<PathSeg>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, severity: Severity, problem: Problem) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            severity,
            problem,
            pointer: Vec::new(),
        }
    }
    pub fn at(mut self, pointer: Vec<PathSeg>) -> Self {
        self.pointer = pointer;
        self
    }
    pub fn with_position(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// Sort key: file, then position, then severity.
    pub fn sort_key(&self) -> (PathBuf, usize, usize, Severity) {
        (self.file.clone(), self.line, self.column, self.severity)
    }
}

/// What is wrong. Their words live in `crate::words` so both UI languages come from one place.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The file could not be read at all: why, and the system's own words.
    Io {
        kind: std::io::ErrorKind,
        detail: String,
    },
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    InvalidUtf8,
    /// A pipe, socket, device or folder where a record file belongs: never opened for reading.
    NotARegularFile,
    /// The file starts with a UTF-8 byte-order mark (Windows Notepad writes one); it is read
    /// without it, and `fmt` removes it.
    ByteOrderMark,
    /// The YAML parser or the schema refused the text; `detail` is the parser's own words.
    Syntax {
        detail: String,
    },
    DuplicateKey {
        key: String,
    },
    UnknownKey {
        key: String,
        expected: Vec<String>,
    },
    /// A value of the wrong kind: text where a number belongs, a list where one value does.
    WrongType {
        found: Found,
        expected: Expected,
    },
    /// A word the field does not accept (`kind: truc_tiep`): the field's path (to name the
    /// accepted words), the value, and the accepted words.
    UnknownValue {
        field: String,
        value: String,
        expected: Vec<String>,
    },
    AliasesNotAllowed,
    TooDeep,
    NotAMapping,
    Missing {
        what: String,
    },
    BadCode {
        code: String,
    },
    UnsafeName {
        what: String,
        value: String,
    },
    UndeclaredLevel {
        id: String,
    },
    UndeclaredField {
        id: String,
    },
    UndeclaredAgency {
        id: String,
    },
    /// A procedure names a unit the manifest does not declare.
    UndeclaredUnit {
        id: String,
    },
    /// A procedure names a unit that carries out another level's procedures: the unit's name and
    /// its level's name, as the manifest has them.
    UnitOfOtherLevel {
        id: String,
        name: String,
        unit_level: String,
    },
    PathMismatch {
        expected: String,
    },
    DuplicateCode {
        code: String,
        level: String,
        other: PathBuf,
    },
    NegativeAmount {
        amount: i64,
    },
    EffectiveOrder,
    NotNfc,
    ControlCharacter {
        codepoint: u32,
    },
    BadLegacyLevel {
        level: u8,
    },
    DuplicateId {
        id: String,
    },
    BadSchemaVersion {
        found: u32,
        supported: u32,
    },
    MissingManifest,
    UnexpectedFile,
    MisplacedFile,
    Comment,
    /// A line break in a field that is one line everywhere it is shown (a name).
    LineBreakInOneLineField,
    /// A procedure still a draft: in no listing or export until its status changes.
    DraftNotListed,
    BadProposalId {
        id: String,
    },
    ProposalTarget,
    /// A proposal's recorded steps do not follow its rules.
    ProposalLog(LogProblem),
    /// A province's decision that does not hold together.
    Decision(DecisionProblem),
    /// A rule of the 2026 record (legal basis, fees, times, online services, schema version).
    Record(RecordProblem),
    /// A review plan or form that is late, incomplete or does not hold together.
    Review(ReviewProblem),
}

/// What a wrong value was, as serde saw it.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Text(String),
    Number(String),
    Bool(bool),
    List,
    Mapping,
    Empty,
    /// serde's own words, for what none of the above is.
    Other(String),
}

/// What a field holds, as serde's "expected …" says it.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Text,
    Integer,
    /// A count: 0, 1, 2…
    Count,
    /// An amount of đồng.
    Amount,
    Date,
    Bool,
    List,
    Mapping,
    /// serde's own words, for what none of the above is.
    Other(String),
}

impl Problem {
    /// The problem in a serde error message (`invalid type: string "x", expected a boolean`,
    /// `unknown variant `x`, expected one of …`, `unknown field …`, `duplicate field …`), at
    /// the field `pointer`. Anything else is kept as a syntax problem with serde's words.
    pub fn from_serde(detail: &str, pointer: &[PathSeg]) -> Problem {
        if let Some(key) = backticked_after(detail, "unknown field ") {
            return Problem::UnknownKey {
                key,
                expected: backticked_list(detail),
            };
        }
        if let Some(key) = backticked_after(detail, "duplicate field ") {
            return Problem::DuplicateKey { key };
        }
        if let Some(key) = backticked_after(detail, "missing field ") {
            let mut at = pointer.to_vec();
            at.push(PathSeg::Key(key));
            return Problem::Missing {
                what: pointer_text(&at),
            };
        }
        if let Some(value) = backticked_after(detail, "unknown variant ") {
            return Problem::UnknownValue {
                field: pointer_text(pointer),
                value,
                expected: backticked_list(detail),
            };
        }
        for prefix in ["invalid type: ", "invalid value: "] {
            if let Some(rest) = detail.strip_prefix(prefix)
                && let Some(at) = rest.rfind(", expected ")
            {
                return Problem::WrongType {
                    found: found(&rest[..at]),
                    expected: expected(&rest[at + ", expected ".len()..]),
                };
            }
        }
        Problem::Syntax {
            detail: detail.to_owned(),
        }
    }
}

fn backticked_after(text: &str, prefix: &str) -> Option<String> {
    let rest = text.strip_prefix(prefix)?.strip_prefix('`')?;
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}

/// The words in backticks after "expected": `` expected one of `a`, `b` `` or `` expected `a` ``.
fn backticked_list(text: &str) -> Vec<String> {
    let Some(i) = text.find("expected ") else {
        return Vec::new();
    };
    text[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn found(text: &str) -> Found {
    let between = |open: char, close: char| {
        let start = text.find(open)? + open.len_utf8();
        let end = text.rfind(close)?;
        (end >= start).then(|| text[start..end].to_owned())
    };
    if text.starts_with("string ") {
        between('"', '"').map(Found::Text)
    } else if ["integer ", "floating point "]
        .iter()
        .any(|p| text.starts_with(p))
    {
        between('`', '`').map(Found::Number)
    } else if text.starts_with("boolean ") {
        Some(Found::Bool(text.contains("true")))
    } else {
        match text {
            "sequence" => Some(Found::List),
            "map" => Some(Found::Mapping),
            "unit value" | "null" => Some(Found::Empty),
            _ => None,
        }
    }
    .unwrap_or_else(|| Found::Other(text.to_owned()))
}

fn expected(text: &str) -> Expected {
    match text {
        "a string" => Expected::Text,
        "i8" | "i16" | "i32" | "i64" | "an integer" => Expected::Integer,
        "u8" | "u16" | "u32" | "u64" | "usize" => Expected::Count,
        "a boolean" => Expected::Bool,
        "a sequence" => Expected::List,
        "a map" => Expected::Mapping,
        t if t == crate::model::input::EXPECTED_AMOUNT => Expected::Amount,
        t if t == crate::model::input::EXPECTED_DATE => Expected::Date,
        t if t.starts_with("struct ") => Expected::Mapping,
        t => Expected::Other(t.to_owned()),
    }
}

/// What is wrong with a proposal's recorded history. tthc only records steps that pass
/// `proposal_rules::check_step`; these catch a log edited by hand (or merged badly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogProblem {
    /// The first step is not the draft.
    FirstNotDraft { found: ProposalStatus },
    /// A step the chain does not allow after the one before it.
    IllegalStep {
        from: ProposalStatus,
        to: ProposalStatus,
    },
    /// A step dated before the step before it.
    DateBackwards { date: Date, previous: Date },
    /// A step that needs its document's number and date, without them.
    MissingDocument { to: ProposalStatus },
    /// The drafter recorded a four-eyes step and no override reason is recorded.
    FourEyes { actor: String, to: ProposalStatus },
    /// `status` is not the status the last step moved to.
    StatusMismatch {
        status: ProposalStatus,
        last: ProposalStatus,
    },
}

/// A review plan or form that is late, incomplete or inconsistent (reported by `tthc validate`).
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewProblem {
    /// The plan's due date has passed and forms are missing or not completed.
    PastDue {
        due: crate::model::Date,
        missing: usize,
        incomplete: usize,
    },
    /// A completed form without the year's figures (cases, on time, online).
    NoData,
    /// "Keep" without reasons: the formal review the article complains of.
    KeepWithoutReasons,
    /// The form is not where its year, level and code say (the expected path).
    WrongPlace { expected: String },
    /// The form is about a procedure the catalogue does not hold.
    NoProcedure { level: String, code: String },
    /// The plan gives no income per hour: no compliance cost can be computed.
    NoWage,
}

/// A decision that does not hold together (reported by `tthc validate` and refused on
/// `tthc decision add`).
#[derive(Debug, Clone, PartialEq)]
pub enum DecisionProblem {
    BadId {
        id: String,
    },
    NoEffects,
    EffectiveBeforeDate {
        effective: Date,
        date: Date,
    },
    /// New, amended and replaced rows carry the full record.
    RecordRequired {
        kind: EffectKind,
    },
    /// An abolition carries no record.
    RecordNotAllowed,
    /// The record is not the procedure the row names.
    RecordMismatch {
        level: String,
        code: Option<String>,
    },
    TransferTargetRequired,
    TransferToSame,
    ToNotAllowed,
    LegalTextRequired,
    /// Two rows touch one procedure (the other row, counted from 1).
    DuplicateRow {
        other: usize,
    },
    /// The row's level is not one of this catalogue's: it is recorded, and will not apply here.
    LevelNotInCatalogue {
        level: String,
    },
}

/// A rule of the 2026 record that a file breaks (worded in `words::record`).
#[derive(Debug, Clone, PartialEq)]
pub enum RecordProblem {
    /// The catalogue is in an older schema version: it reads, and `fmt --migrate` brings it over.
    OlderSchema { found: u32, current: u32 },
    /// A legal basis that has expired (by its `expires` date or its status).
    LegalExpired { number: String, on: Option<Date> },
    /// A legal basis amended by a text the record does not cite.
    AmendedByUncited { number: String, amending: String },
    /// The publication decision is dated fewer than five working days before the latest
    /// effective date of the procedure's legal bases (the national indicator).
    PublicationTooLate {
        decision: String,
        date: Date,
        number: String,
        effective: Date,
        working_days: u32,
    },
    /// The internal process takes longer than the committed (else statutory) time.
    ProcessTooLong {
        hours: u32,
        limit_hours: u32,
        committed: bool,
    },
    /// The committed time is longer than the statutory one.
    CommittedLonger,
    /// A fee line that reads as a cap ("tối đa …"): a cap is `max` of the fee it limits.
    CapAsFeeLine,
    /// A cap lower than an amount it caps.
    CapBelowAmount { max: i64, amount: i64 },
    /// A tier whose range is empty or overlaps the previous one.
    TierRange,
    /// Inter-agency one-stop is on, but no procedure is linked.
    InterlinkedLinksNothing,
    /// Provided fully online while recorded as not eligible for it.
    FullButNotEligible,
    /// The same agency twice in one list of the record's agencies.
    AgencyTwice { id: String },
    /// A legal-basis row citing a text by its number only, which the register (`legal/`) does
    /// not hold.
    LegalNotInRegister { number: String },
    /// A file of the register not named after its text's number.
    LegalFileName { number: String, expected: PathBuf },
    /// The same text twice in the register.
    LegalTwice { number: String, other: PathBuf },
    /// A text of the register expiring before it takes effect, or in effect before it was signed.
    LegalDatesOrder,
    /// A text of the register amended by itself.
    LegalAmendsItself,
}
