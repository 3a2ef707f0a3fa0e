//! Why a review plan or form could not be saved: data only; `i18n` words it.

use crate::diagnostic::Diagnostic;
use crate::history::HistoryError;
use crate::model::Missing;
use crate::store::StoreError;
use crate::workspace::WorkspaceError;
use crate::workspace::proposals::ProposalError;
use std::path::PathBuf;

/// Why a review step could not be done (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    Workspace(#[from] WorkspaceError),
    /// Drafting the proposal the conclusion calls for was refused.
    Proposal(#[from] ProposalError),
    /// No form for this procedure in this year.
    NotFound {
        year: i16,
        level: String,
        code: String,
    },
    /// The code is at several levels and reviewed at each: `--level` must choose.
    SeveralForms {
        code: String,
        levels: Vec<String>,
    },
    /// No procedure with this level and code.
    NoProcedure {
        level: String,
        code: String,
    },
    /// The form (or plan) file does not parse: fix it first.
    Unparsed {
        path: PathBuf,
    },
    /// A form exists already for this procedure and year.
    AlreadyStarted {
        path: PathBuf,
    },
    /// The form cannot be completed yet: what it still lacks.
    Incomplete(Vec<Missing>),
    /// The form's conclusion calls for no proposal (keep, or none yet).
    NothingToPropose,
    /// A proposal was drafted from this form already.
    AlreadyProposed {
        id: String,
    },
    /// The plan or form does not hold together.
    Invalid(Vec<Diagnostic>),
    /// A line of the one-stop statistics that cannot be read (counted from 1).
    Statistics {
        line: usize,
        detail: String,
    },
    /// No plan for the year.
    NoPlan {
        year: i16,
    },
}

impl From<StoreError> for ReviewError {
    fn from(e: StoreError) -> Self {
        ReviewError::Workspace(e.into())
    }
}

impl From<HistoryError> for ReviewError {
    fn from(e: HistoryError) -> Self {
        ReviewError::Workspace(e.into())
    }
}
