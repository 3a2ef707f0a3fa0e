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
    /// Sort key: file, then position, then severity.
    pub fn sort_key(&self) -> (PathBuf, usize, usize, Severity) {
        (self.file.clone(), self.line, self.column, self.severity)
    }
}

/// What is wrong. Messages live in [`Problem::message`] so both UI languages come from one place.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The file could not be read at all.
    Io {
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
    WrongType {
        detail: String,
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
    BadProposalId {
        id: String,
    },
    ProposalTarget,
    /// A proposal's recorded steps do not follow its rules.
    ProposalLog(crate::proposal_rules::LogProblem),
    /// A province's decision that does not hold together.
    Decision(crate::workspace::decisions::DecisionProblem),
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
    /// `FILE:LINE:COL: error: message` in English, for logs and test failures.
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
            self.message(Lang::En)
        )
    }
}
