//! One administrative procedure (thủ tục hành chính), with every field the national database shows.

use super::{Date, is_false};
use serde::{Deserialize, Serialize};

/// A procedure as stored in `procedures/<level>/<code>.yaml`.
///
/// Every field has a default so that a file missing a required part still loads and validation
/// can name what is missing (Nghị định 63/2010 Điều 8.2) instead of failing on the first gap.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Procedure {
    /// National code `d.dddddd`, e.g. `1.001193`.
    pub code: String,
    /// Local variant code, e.g. `1.001193.000.00.00.H12`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_code: Option<String>,
    pub name: String,
    /// Level id declared in the manifest.
    pub level: String,
    /// Field id declared in the manifest.
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Trình tự thực hiện, in order.
    pub steps: Vec<String>,
    /// Cách thức thực hiện: one row per channel, each with its own time and fees.
    pub channels: Vec<Channel>,
    /// Thành phần hồ sơ, in groups ("Trường hợp …").
    pub dossier: Vec<DossierGroup>,
    /// Thời hạn giải quyết.
    pub processing_time: ProcessingTime,
    /// Đối tượng thực hiện.
    pub subjects: Vec<String>,
    pub agencies: Agencies,
    /// Kết quả thực hiện.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<String>,
    /// Phí, lệ phí.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fees: Vec<Fee>,
    /// Căn cứ pháp lý.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<LegalDocument>,
    /// Yêu cầu, điều kiện thực hiện.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirements: Option<String>,
    pub online_service: OnlineService,
    #[serde(skip_serializing_if = "Interlinked::is_empty")]
    pub interlinked: Interlinked,
    pub postal: Postal,
    pub status: ProcedureStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication: Option<PublicationRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective_from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective_until: Option<Date>,
    /// Codes of the procedures this one replaces.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
    /// Codes of the procedures that replace this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<String>,
    /// The level and code this procedure was transferred from (a decision moving it between
    /// levels or units).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transferred_from: Option<ProcedureRef>,
    /// The level and code this procedure was transferred to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transferred_to: Option<ProcedureRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub reviewed_on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Imported from a source that gives only part of the record (a line of the national
    /// portal's list without the procedure's detail file): the parts it lacks are warnings, not
    /// errors, and it is kept out of every public listing until completed (issue 18).
    #[serde(skip_serializing_if = "is_false")]
    pub incomplete: bool,
    /// The units (ids of the manifest's `units`) the procedure applies to; empty: every unit of
    /// its level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
}

impl Procedure {
    /// Replace this procedure by `new` under another code, as a decision does: this one is
    /// abolished from `effective` and names its successor, the new one is published from
    /// `effective` and names what it replaces; both carry the publication `reference`.
    pub fn replace_by(
        &mut self,
        new: &mut Procedure,
        reference: Option<PublicationRef>,
        effective: Option<Date>,
    ) {
        self.status = ProcedureStatus::Abolished;
        self.publication.clone_from(&reference);
        self.effective_until = effective;
        if !self.replaced_by.contains(&new.code) {
            self.replaced_by.push(new.code.clone());
        }
        new.status = ProcedureStatus::Published;
        new.publication = reference;
        new.effective_from = effective;
        if !new.replaces.contains(&self.code) {
            new.replaces.push(self.code.clone());
        }
    }

    /// Whether the procedure is legally in force on `day` (from its effective dates).
    pub fn in_effect_on(&self, day: Date) -> bool {
        self.effective_from.is_none_or(|from| from <= day)
            && self.effective_until.is_none_or(|until| day < until)
    }
}

/// A procedure named by its level and code (a code may exist at two levels).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProcedureRef {
    pub level: String,
    pub code: String,
}

/// One way to carry out the procedure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Channel {
    pub kind: ChannelKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When absent, the procedure's `processing_time` applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_time: Option<ProcessingTime>,
    /// When absent, the procedure's `fees` apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees: Option<Vec<Fee>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Trực tiếp
    #[default]
    InPerson,
    /// Trực tuyến
    Online,
    /// Dịch vụ bưu chính
    Postal,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DossierGroup {
    /// e.g. "Trường hợp đăng ký khai sinh thông thường"; absent when there is one group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub documents: Vec<DossierDocument>,
    /// Số lượng hồ sơ (bộ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sets: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DossierDocument {
    pub name: String,
    /// Form template (mẫu đơn, tờ khai), e.g. "Mẫu tại Thông tư 04/2020/TT-BTP".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Number of originals (bản chính).
    pub originals: u32,
    /// Number of copies (bản sao).
    pub copies: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProcessingTime {
    /// Absent for `same_day`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<u32>,
    pub unit: TimeUnit,
    /// Conditions, e.g. "Nếu nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Trong ngày
    SameDay,
    /// Giờ
    Hours,
    /// Ngày
    Days,
    /// Ngày làm việc
    #[default]
    WorkingDays,
    /// Tháng
    Months,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Agencies {
    /// Cơ quan có thẩm quyền (agency id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub competent: Option<String>,
    /// Cơ quan trực tiếp thực hiện (agency ids); at least one is required.
    pub implementing: Vec<String>,
    /// Cơ quan được ủy quyền.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authorised: Vec<String>,
    /// Cơ quan phối hợp.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coordinating: Vec<String>,
    /// Địa chỉ tiếp nhận hồ sơ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl Agencies {
    /// Every agency id referenced, with the key it appears under.
    pub fn references(&self) -> Vec<(&'static str, Option<usize>, &str)> {
        let mut refs = Vec::new();
        if let Some(c) = &self.competent {
            refs.push(("competent", None, c.as_str()));
        }
        for (key, list) in [
            ("implementing", &self.implementing),
            ("authorised", &self.authorised),
            ("coordinating", &self.coordinating),
        ] {
            refs.extend(
                list.iter()
                    .enumerate()
                    .map(|(i, id)| (key, Some(i), id.as_str())),
            );
        }
        refs
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fee {
    pub kind: FeeKind,
    /// Amount in VND, when it is a plain amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_amount")]
    pub amount: Option<i64>,
    /// The amount in words when it is not a plain number ("Theo mức thu do HĐND tỉnh quy định").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What one amount pays for, e.g. "bản", "trang", "hồ sơ".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemptions: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// Phí
    Fee,
    /// Lệ phí
    #[default]
    Charge,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LegalDocument {
    /// Kept verbatim, e.g. `123/2015/NĐ-CP`.
    pub number: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OnlineService {
    /// Nghị định 42/2022: toàn trình / một phần / none.
    pub mode: OnlineMode,
    /// Nghị định 43/2011 level 1–4, kept for older catalogues.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legacy_level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineMode {
    Full,
    Partial,
    #[default]
    None,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Interlinked {
    /// Handled through the inter-agency one-stop mechanism (một cửa liên thông).
    #[serde(skip_serializing_if = "is_false")]
    pub enabled: bool,
    /// Codes of the linked procedures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub linked: Vec<String>,
}

impl Interlinked {
    pub fn is_empty(&self) -> bool {
        !self.enabled && self.linked.is_empty()
    }
}

/// Public postal service (bưu chính công ích): two separate flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Postal {
    /// Dossiers may be received by post.
    pub receive: bool,
    /// Results may be returned by post.
    #[serde(rename = "return")]
    pub return_result: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureStatus {
    /// Đang công khai
    #[default]
    Published,
    /// Đang công khai (sửa đổi, bổ sung)
    Amended,
    /// Bãi bỏ
    Abolished,
    /// Dự thảo, chưa công bố: a new procedure being prepared; not in any published output.
    Draft,
}

impl ProcedureStatus {
    /// A draft is kept in the catalogue folder but not published.
    pub fn is_draft(self) -> bool {
        self == ProcedureStatus::Draft
    }
}

/// The decision that published this version of the procedure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublicationRef {
    /// Số quyết định, e.g. `2680/QĐ-UBND`.
    pub decision: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    pub kind: PublicationKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicationKind {
    #[default]
    New,
    Amended,
    Replaced,
    Abolished,
    /// Chuyển cấp thực hiện / đơn vị: the record is the transferred one, or closed by a transfer.
    Transferred,
}
