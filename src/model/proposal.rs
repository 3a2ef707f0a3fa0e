//! A proposal to abolish, amend, replace or add a procedure, and its path to the province's decision.

use super::{Date, Procedure};
use serde::{Deserialize, Serialize};

/// A proposal as stored in `proposals/<year>/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Proposal {
    /// `YYYY-NNN`, e.g. `2022-007`.
    pub id: String,
    pub kind: ProposalKind,
    /// The procedure concerned; absent for `add`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    pub title: String,
    /// Sự cần thiết, tính hợp lý, hợp pháp: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// Phương án đơn giản hóa: what exactly changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compliance_cost: Option<ComplianceCost>,
    /// The full proposed record (amend, replace, add).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Procedure>,
    /// The version of the target the proposal was drafted on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<ProposalBase>,
    /// The review form this proposal was drafted from (`<year>/<level>-<code>`, a file under
    /// `reviews/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
    pub status: ProposalStatus,
    /// Every status change, oldest first.
    pub log: Vec<Transition>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Target {
    pub level: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProposalBase {
    /// Commit at which the target was read.
    pub commit: String,
    /// Git blob id of the target file at that commit.
    pub blob: String,
}

/// Chi phí tuân thủ, VND per year.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplianceCost {
    #[serde(deserialize_with = "super::input::de_amount")]
    pub before: i64,
    #[serde(deserialize_with = "super::input::de_amount")]
    pub after: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalKind {
    /// Bãi bỏ
    Abolish,
    /// Sửa đổi, bổ sung
    #[default]
    Amend,
    /// Thay thế
    Replace,
    /// Công bố mới
    Add,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    #[default]
    Draft,
    Submitted,
    SentToProvince,
    Approved,
    Rejected,
    ForwardedToMinistry,
    LegalTextAmended,
    Published,
    Applied,
    Withdrawn,
}

/// One step in a proposal's life.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Transition {
    pub status: ProposalStatus,
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_no: Option<String>,
    /// Who recorded it: "Name <email>" from git.
    pub actor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Reason given when the four-eyes rule was overridden with `--force`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forced: Option<String>,
    /// The day the step was entered, when that is later than its `date`: work already under way
    /// when the office adopted tthc (a draft sent in March, entered in June), entered truthfully
    /// and visibly after the fact, by `actor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "super::input::de_opt_date")]
    pub recorded_on: Option<Date>,
}
