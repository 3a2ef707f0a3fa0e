//! A reorganisation plan (`tthc reorganize --plan PLAN.yaml`): carry a catalogue into a new
//! administrative map in one reviewable step — the effective date, the decisions behind it, the
//! new authority and units, and how levels, agencies, fields and codes map (domain §7.3).
//!
//! The plan is input, not a record of the catalogue: applying it writes the procedures and the
//! manifest (whose `changes` keep the dated renames), in one commit.

use super::{Date, Unit};
use serde::{Deserialize, Serialize};

/// The plan as read from YAML.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReorganizePlan {
    /// What the reorganisation is, e.g. "Sắp xếp theo mô hình chính quyền địa phương hai cấp".
    pub title: String,
    /// The day the new map takes effect: new records are in force from it, old ones until it.
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective: Option<Date>,
    /// The decisions and legal texts behind it; the first is the publication reference of the
    /// records written.
    pub decisions: Vec<ReorganizeDecision>,
    /// The authority keeping the catalogue after the change (absent: unchanged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<PlanAuthority>,
    /// The receiving address written into every transferred record (absent: the record's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Levels whose procedures move to another level (huyen → xa).
    pub levels: Vec<LevelMap>,
    /// Agencies renamed or merged (Phòng Tư pháp → Văn phòng HĐND và UBND xã, phường).
    pub agencies: Vec<AgencyMap>,
    /// Fields (lĩnh vực) renamed or merged.
    pub fields: Vec<FieldMap>,
    /// Exceptions per procedure: another code or level, keep it where it is, or close it.
    pub codes: Vec<CodeMap>,
    /// The units after the change, added to the manifest (an existing id is replaced).
    pub units: Vec<Unit>,
}

/// A decision or legal text behind the plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReorganizeDecision {
    /// Kept verbatim, e.g. `120/2025/NĐ-CP`.
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The authority after the change; fields left out keep their value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanAuthority {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The public site's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// Every procedure at level `from` moves to level `to`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LevelMap {
    pub from: String,
    pub to: String,
    /// The name of `to`, when the manifest does not declare it yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Agency `from` becomes `to` (declared with `name` when new).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgencyMap {
    pub from: String,
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// Field `from` becomes `to` (declared with `name` when new).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldMap {
    pub from: String,
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What happens to one procedure, when not what its level's mapping says.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CodeMap {
    pub level: String,
    pub code: String,
    pub action: CodeAction,
    /// `transfer`: the level it goes to (default: its level's mapping).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_level: Option<String>,
    /// `transfer`: its code there (default: the same code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_code: Option<String>,
    /// `transfer`: the units it applies to there (default: every unit of the level).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    /// Why (kept in the commit message and the redline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeAction {
    /// Close it here and create it at the new level (or hand it to the record already there).
    #[default]
    Transfer,
    /// Leave it where it is (agencies and fields still follow the mappings).
    Keep,
    /// Close it (in force until the effective date), with no successor in this catalogue.
    Close,
}

impl ReorganizePlan {
    /// The mapping of one procedure's own exception, if the plan names it.
    pub fn code(&self, level: &str, code: &str) -> Option<&CodeMap> {
        self.codes
            .iter()
            .find(|c| c.level == level && c.code == code)
    }

    /// The level procedures at `level` move to, if it moves.
    pub fn level_to(&self, level: &str) -> Option<&str> {
        self.levels
            .iter()
            .find(|l| l.from == level)
            .map(|l| l.to.as_str())
    }

    /// What agency `id` becomes.
    pub fn agency_to<'a>(&'a self, id: &'a str) -> &'a str {
        self.agencies
            .iter()
            .find(|a| a.from == id)
            .map_or(id, |a| a.to.as_str())
    }

    /// What field `id` becomes.
    pub fn field_to<'a>(&'a self, id: &'a str) -> &'a str {
        self.fields
            .iter()
            .find(|f| f.from == id)
            .map_or(id, |f| f.to.as_str())
    }
}
