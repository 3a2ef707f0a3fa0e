//! A province's publication decision (Quyết định công bố, domain §3 and §7.1) as a record of its
//! own: who signed it, when it takes effect, and its **effects** — one row per procedure, each
//! naming the legal text that causes it and, once applied to this catalogue, when and by whom.
//!
//! Modelled on the "changes to legislation" tables of legislation.gov.uk: every amending
//! instrument is a list of effects (affected item, type of effect, affecting provision, applied
//! yes/no).

use super::{Date, Procedure};
use serde::{Deserialize, Serialize};

/// A decision as stored in `decisions/<year>/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Decision {
    /// `YYYY-NNN`, numbered in the year of the decision's date, e.g. `2026-001`.
    pub id: String,
    /// Số quyết định, kept verbatim, e.g. `1203/QĐ-UBND`.
    pub number: String,
    /// The day it was signed.
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    /// Trích yếu, e.g. "Về việc công bố danh mục thủ tục hành chính lĩnh vực hộ tịch …".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Người ký (the chairman or a vice-chairman).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// Cơ quan ban hành, e.g. "UBND tỉnh Ninh Bình".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The day it takes effect (default for rows that give none).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective: Option<Date>,
    /// The fields and levels it covers.
    #[serde(skip_serializing_if = "DecisionScope::is_empty")]
    pub scope: DecisionScope,
    /// One row per procedure, in the order of the appendix.
    pub effects: Vec<Effect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The levels and fields (lĩnh vực) a decision covers, by id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionScope {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

impl DecisionScope {
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty() && self.fields.is_empty()
    }
}

/// One row of a decision: what it does to one procedure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Effect {
    pub kind: EffectKind,
    /// The procedure's level: for `transferred`, the level it leaves.
    pub level: String,
    /// The procedure's code: for `replaced`, the code of the procedure replaced; for
    /// `transferred`, its code at the level it leaves.
    pub code: String,
    /// The name as the appendix gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The legal text that causes the change (Tên VBQPPL quy định nội dung sửa đổi, bổ sung,
    /// thay thế, bãi bỏ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_text: Option<LegalText>,
    /// When this row takes effect, when it differs from the decision's own date.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective: Option<Date>,
    /// `transferred`: the level (and code, when it changes) the procedure moves to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<TransferTo>,
    /// The full record: the new procedure (`new`), the amended one (`amended`), the one that
    /// replaces (`replaced`), or the one at the level it moves to (`transferred`, optional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<Procedure>,
    /// The version of the procedure this catalogue held when the decision was recorded: a later
    /// edit is compared with it before a whole record is written over it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<EffectBase>,
    /// Set when the row was applied to this catalogue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied: Option<Applied>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EffectKind {
    /// Công bố mới
    #[default]
    New,
    /// Sửa đổi, bổ sung
    Amended,
    /// Thay thế
    Replaced,
    /// Bãi bỏ
    Abolished,
    /// Chuyển cấp thực hiện / đơn vị
    Transferred,
}

impl EffectKind {
    pub const ALL: [EffectKind; 5] = [
        EffectKind::New,
        EffectKind::Amended,
        EffectKind::Replaced,
        EffectKind::Abolished,
        EffectKind::Transferred,
    ];

    /// As written in files and typed on the command line.
    pub fn key(self) -> &'static str {
        match self {
            EffectKind::New => "new",
            EffectKind::Amended => "amended",
            EffectKind::Replaced => "replaced",
            EffectKind::Abolished => "abolished",
            EffectKind::Transferred => "transferred",
        }
    }
}

/// A legal text (văn bản quy phạm pháp luật) as a decision's row cites it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LegalText {
    /// Kept verbatim, e.g. `120/2025/NĐ-CP`.
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The day it was issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    /// The day it takes effect: an abolished procedure is in force until this day.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective: Option<Date>,
}

/// Where a transferred procedure goes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TransferTo {
    pub level: String,
    /// Absent: the same code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EffectBase {
    /// Commit at which the procedure was read.
    pub commit: String,
    /// Git blob id of its file at that commit.
    pub blob: String,
}

/// When and by whom a row was applied, and the proposals it answered.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Applied {
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    /// "Name <email>" from git.
    pub by: String,
    /// Ids of the local proposals that moved to `applied` with this row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<String>,
}

impl Effect {
    /// The code the procedure has after the row: the record's (new, amended, replaced) or the
    /// destination's (transferred), else the row's own.
    pub fn code_after(&self) -> &str {
        match (self.kind, &self.to, &self.record) {
            (EffectKind::Transferred, Some(to), _) => to.code.as_deref().unwrap_or(&self.code),
            (EffectKind::Transferred, None, _) => &self.code,
            (_, _, Some(r)) if !r.code.is_empty() => &r.code,
            _ => &self.code,
        }
    }

    /// The level the procedure is at after the row.
    pub fn level_after(&self) -> &str {
        match (self.kind, &self.to) {
            (EffectKind::Transferred, Some(to)) => &to.level,
            _ => &self.level,
        }
    }

    /// The day the row takes effect: its own date, else its legal text's, else the decision's
    /// effective date, else the decision's date. (An abolished procedure is in force until the
    /// abolishing text takes effect, not until the decision is signed: domain §7.1.)
    pub fn effective_on(&self, d: &Decision) -> Option<Date> {
        self.effective
            .or_else(|| self.legal_text.as_ref().and_then(|t| t.effective))
            .or(d.effective)
            .or(d.date)
    }

    /// The name to show: the appendix's, else the record's.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .or(self.record.as_ref().map(|r| r.name.as_str()))
            .unwrap_or("")
    }
}
