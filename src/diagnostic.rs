//! Problems found in a catalogue, each pointing at a file, a line and a column.

use crate::i18n::Lang;
use std::fmt;
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
    pub fn message(&self, lang: Lang) -> String {
        self.problem.message(lang)
    }
    pub fn hint(&self, lang: Lang) -> Option<String> {
        self.problem.hint(lang)
    }
    /// The message after the field it is about, by its label ("Phí, lệ phí [1] › mức thu: …"),
    /// for where the field is not otherwise shown.
    pub fn described(&self, lang: Lang) -> String {
        // The others name their field, key or value themselves.
        let at = match &self.problem {
            Problem::WrongType { .. }
            | Problem::UnknownValue { .. }
            | Problem::NegativeAmount { .. }
            | Problem::NotNfc
            | Problem::ControlCharacter { .. }
            | Problem::BadLegacyLevel { .. }
            | Problem::TooDeep => crate::i18n::pointer_label(&self.pointer, lang),
            _ => String::new(),
        };
        if at.is_empty() {
            self.message(lang)
        } else {
            format!("{at}: {}", self.message(lang))
        }
    }
    /// Sort key: file, then position, then severity.
    pub fn sort_key(&self) -> (PathBuf, usize, usize, Severity) {
        (self.file.clone(), self.line, self.column, self.severity)
    }
}

/// What is wrong. Messages live in [`Problem::message`] so both UI languages come from one place.
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
    BadProposalId {
        id: String,
    },
    ProposalTarget,
    /// A proposal's recorded steps do not follow its rules.
    ProposalLog(crate::proposal_rules::LogProblem),
    /// A province's decision that does not hold together.
    Decision(crate::workspace::decisions::DecisionProblem),
    /// A rule of the 2026 record (legal basis, fees, times, online services, schema version).
    Record(crate::validate::RecordProblem),
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

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        crate::i18n::problem_message(self, lang)
    }
    pub fn hint(&self, lang: Lang) -> Option<String> {
        crate::i18n::problem_hint(self, lang)
    }
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE:COL: error: field: message` in English, for logs and test failures.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.column,
            sev,
            self.described(Lang::En)
        )
    }
}
