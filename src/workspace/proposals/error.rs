//! Why a proposal step was refused: data only; `i18n` words it in both UI languages.

use crate::diagnostic::Diagnostic;
use crate::history::HistoryError;
use crate::model::Target;
use crate::proposal_rules::{RuleError, ThreeWayField};
use crate::store::StoreError;
use crate::workspace::WorkspaceError;
use serde::Serialize;
use std::path::PathBuf;

/// Why a proposal step was refused (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum ProposalError {
    Workspace(#[from] WorkspaceError),
    Rule(#[from] RuleError),
    NotFound { id: String },
    Unparsed { path: PathBuf },
    TargetNotFound { level: String, code: String },
    TargetExists { level: String, code: String },
    TargetAbolished { level: String, code: String },
    TargetRequired,
    ProposedMismatch { level: String, code: String },
    ProposedRequired,
    ReasonRequired,
    NoChange,
    Invalid(Vec<Diagnostic>),
    ApplyThroughApply { id: String },
    Stale(Box<StaleTarget>),
}

impl From<StoreError> for ProposalError {
    fn from(e: StoreError) -> Self {
        ProposalError::Workspace(e.into())
    }
}

impl From<HistoryError> for ProposalError {
    fn from(e: HistoryError) -> Self {
        ProposalError::Workspace(e.into())
    }
}

/// A proposal whose target changed since its base: what changed, field by field, with the base,
/// current and proposed values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleTarget {
    pub id: String,
    pub target: Target,
    /// The base record is no longer in the repository (shallow clone): no comparison possible.
    pub base_available: bool,
    pub fields: Vec<ThreeWayField>,
    /// No field changed since is also changed by the proposal: `--rebase` carries it over.
    pub can_rebase: bool,
}
