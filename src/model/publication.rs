//! The record of one publication decision (Quyết định công bố) and what it changed.

use super::Date;
use serde::{Deserialize, Serialize};

/// A publication as stored in `publications/<date>-<n>.yaml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublicationRecord {
    /// Số quyết định, e.g. `2680/QĐ-UBND`.
    pub decision: String,
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective: Option<Date>,
    /// The commit whose catalogue was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    pub counts: PublicationCounts,
    /// Against the previous publication, in the three sections of the decision's appendix.
    pub changes: PublicationChanges,
    /// The province's decisions this posting reflects (domain §7.1: a listing the office posts
    /// says which decisions it follows): those applied here since the previous posting.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<PostedDecision>,
}

/// A province's decision a posting reflects, as recorded in `decisions/`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PostedDecision {
    /// The decision's record id, e.g. `2022-001`.
    pub id: String,
    /// Số quyết định, verbatim.
    pub number: String,
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublicationCounts {
    pub total: u32,
    pub new: u32,
    pub amended: u32,
    pub abolished: u32,
    /// Chuyển cấp: transferred between levels or units (neither new nor abolished).
    #[serde(skip_serializing_if = "is_zero")]
    pub transferred: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublicationChanges {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub new: Vec<ChangeEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amended: Vec<ChangeEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub abolished: Vec<ChangeEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transferred: Vec<ChangeEntry>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChangeEntry {
    pub level: String,
    pub code: String,
    pub name: String,
}
