//! Why a decision could not be recorded or applied: data only; `i18n` words it in both UI
//! languages.

use crate::diagnostic::Diagnostic;
use crate::history::HistoryError;
use crate::model::Date;
use crate::store::StoreError;
use crate::workspace::WorkspaceError;
use std::path::PathBuf;

/// Why a decision could not be recorded or applied (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    Workspace(#[from] WorkspaceError),
    NotFound {
        id: String,
    },
    Unparsed {
        path: PathBuf,
    },
    Invalid(Vec<Diagnostic>),
    AlreadyRecorded {
        number: String,
        date: Date,
        id: String,
    },
    InFuture {
        date: Date,
        today: Date,
    },
    AppliedInFuture {
        date: Date,
        today: Date,
    },
    AppliedBeforeDecision {
        date: Date,
        decided: Date,
    },
}

impl From<StoreError> for DecisionError {
    fn from(e: StoreError) -> Self {
        DecisionError::Workspace(e.into())
    }
}

impl From<HistoryError> for DecisionError {
    fn from(e: HistoryError) -> Self {
        DecisionError::Workspace(e.into())
    }
}
