//! One administrative procedure (thủ tục hành chính), with every field the national database shows.

use super::{Date, Text, is_false};
use serde::{Deserialize, Serialize};

/// A procedure as stored in `procedures/<level>/<code>.yaml`.
///
/// Every field has a default so that a file missing a required part still loads and validation
/// can name what is missing (Nghị định 63/2010 Điều 8.2) instead of failing on the first gap.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Procedure {
    /// National code `d.dddddd`, e.g. `1.001193`.
    pub code: Text,
    /// Local variant code, e.g. `1.001193.000.00.00.H12`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_code: Option<Text>,
    pub name: Text,
    /// Level id declared in the manifest.
    pub level: Text,
    /// Field id declared in the manifest.
    pub field: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Text>,
    /// Trình tự thực hiện, in order.
    pub steps: Vec<Text>,
    /// Cách thức thực hiện: one row per channel, each with its own time and fees.
    pub channels: Vec<Channel>,
    /// Thành phần hồ sơ, in groups ("Trường hợp …").
    pub dossier: Vec<DossierGroup>,
    /// Thời hạn giải quyết: the statutory time, as the legal text sets it.
    pub processing_time: ProcessingTime,
    /// The reduced time the province commits to and publishes (thời hạn cam kết, rút ngắn);
    /// absent when the statutory time applies unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committed_time: Option<ProcessingTime>,
    /// The internal process (quy trình nội bộ): who does what, in how many days; its days add
    /// up to no more than the committed (else the statutory) time.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub internal_process: Vec<ProcessStep>,
    /// Đối tượng thực hiện.
    pub subjects: Vec<Text>,
    pub agencies: Agencies,
    /// Kết quả thực hiện.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<Text>,
    /// Mẫu kết quả: the template (or a link to the file) of the result document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_template: Option<Text>,
    /// Phí, lệ phí. `None` (no `fees` key): not entered yet; `Some([])` (`fees: []`): free.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees: Option<Vec<Fee>>,
    /// Căn cứ pháp lý. `None`: not entered yet; `Some([])`: entered as none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<Vec<LegalDocument>>,
    /// Yêu cầu, điều kiện thực hiện.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirements: Option<Text>,
    pub online_service: OnlineService,
    #[serde(skip_serializing_if = "Interlinked::is_empty")]
    pub interlinked: Interlinked,
    pub postal: Postal,
    /// Không phụ thuộc địa giới hành chính (Nghị định 118/2025): a dossier is accepted anywhere
    /// in the province. `None`: not entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boundary_free: Option<bool>,
    /// Related to business (liên quan đến hoạt động kinh doanh): counted for the −30 % / −50 %
    /// targets of 2025–2026. `None`: not entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_related: Option<bool>,
    /// Time and cost in the 2024 baseline, against which the reductions are reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    pub status: ProcedureStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication: Option<PublicationRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective_from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective_until: Option<Date>,
    /// The procedures this one replaces (a bare code in a file means this procedure's level).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<ProcedureRef>,
    /// The procedures that replace this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<ProcedureRef>,
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
    pub notes: Option<Text>,
    /// Imported from a source that gives only part of the record (a line of the national
    /// portal's list without the procedure's detail file): the parts it lacks are warnings, not
    /// errors, and it is kept out of every public listing until completed (issue 18).
    #[serde(skip_serializing_if = "is_false")]
    pub incomplete: bool,
    /// The units (ids of the manifest's `units`) the procedure applies to; empty: every unit of
    /// its level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Text>,
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
        let successor = ProcedureRef::new(&new.level, &new.code);
        if !self
            .replaced_by
            .iter()
            .any(|r| r.is(&successor, &self.level))
        {
            self.replaced_by.push(successor);
        }
        new.status = ProcedureStatus::Published;
        new.publication = reference;
        new.effective_from = effective;
        let predecessor = ProcedureRef::new(&self.level, &self.code);
        if !new.replaces.iter().any(|r| r.is(&predecessor, &new.level)) {
            new.replaces.push(predecessor);
        }
    }

    /// The fees, or none when none were entered (use [`Procedure::fees_entered`] to tell
    /// "not entered" from "free").
    pub fn fee_list(&self) -> &[Fee] {
        self.fees.as_deref().unwrap_or(&[])
    }

    /// Whether the fees were entered at all (`fees: []`, free, counts as entered).
    pub fn fees_entered(&self) -> bool {
        self.fees.is_some()
    }

    /// The legal basis, or none when it was not entered.
    pub fn legal_list(&self) -> &[LegalDocument] {
        self.legal_basis.as_deref().unwrap_or(&[])
    }

    /// The time the office commits to: the committed (reduced) time, else the statutory one.
    pub fn effective_time(&self) -> &ProcessingTime {
        self.committed_time
            .as_ref()
            .unwrap_or(&self.processing_time)
    }

    /// Every relation to another procedure, with the level a bare code stands for filled in:
    /// (key, index, level, code).
    pub fn relations(&self) -> Vec<(&'static str, usize, &str, &str)> {
        let mut out = Vec::new();
        for (key, list) in [
            ("replaces", &self.replaces),
            ("replaced_by", &self.replaced_by),
        ] {
            for (i, r) in list.iter().enumerate() {
                out.push((key, i, r.level_or(&self.level), r.code.as_str()));
            }
        }
        for (key, r) in [
            ("transferred_from", &self.transferred_from),
            ("transferred_to", &self.transferred_to),
        ] {
            if let Some(r) = r {
                out.push((key, 0, r.level_or(&self.level), r.code.as_str()));
            }
        }
        out
    }

    /// The same record with every relation naming its level (a bare code means this level):
    /// what `fmt --migrate` writes.
    pub fn with_explicit_levels(mut self) -> Procedure {
        let level = self.level.clone();
        for r in self
            .replaces
            .iter_mut()
            .chain(self.replaced_by.iter_mut())
            .chain(self.transferred_from.iter_mut())
            .chain(self.transferred_to.iter_mut())
        {
            if r.level.is_empty() {
                r.level.clone_from(&level);
            }
        }
        self
    }

    /// Whether the procedure is legally in force on `day` (from its effective dates).
    pub fn in_effect_on(&self, day: Date) -> bool {
        self.effective_from.is_none_or(|from| from <= day)
            && self.effective_until.is_none_or(|until| day < until)
    }
}

/// A procedure named by its level and code (a code may exist at two levels).
///
/// In a file it is `{level, code}`; a bare code (`- '1.001193'`, as catalogues of the first
/// release wrote `replaces`) is read too and means the level of the record that holds it
/// (`level` is then empty here until `fmt --migrate` writes it out).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ProcedureRef {
    #[serde(skip_serializing_if = "Text::is_empty")]
    pub level: Text,
    pub code: Text,
}

impl ProcedureRef {
    pub fn new(level: &str, code: &str) -> ProcedureRef {
        ProcedureRef {
            level: level.into(),
            code: code.into(),
        }
    }

    /// A bare code: the level of the record that holds it.
    pub fn same_level(code: &str) -> ProcedureRef {
        ProcedureRef::new("", code)
    }

    /// The level, or `own` (the holding record's level) for a bare code.
    pub fn level_or<'a>(&'a self, own: &'a str) -> &'a str {
        if self.level.is_empty() {
            own
        } else {
            &self.level
        }
    }

    /// Whether both name the same procedure, for a record at level `own`.
    pub fn is(&self, other: &ProcedureRef, own: &str) -> bool {
        self.code == other.code && self.level_or(own) == other.level_or(own)
    }

    /// `code` when at level `own`, else `code (level)`: for listings.
    pub fn display(&self, own: &str) -> String {
        if self.level.is_empty() || self.level == own {
            self.code.to_string()
        } else {
            format!("{} ({})", self.code, self.level)
        }
    }
}

impl std::fmt::Display for ProcedureRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.level.is_empty() {
            f.write_str(&self.code)
        } else {
            write!(f, "{}/{}", self.level, self.code)
        }
    }
}

/// The map form of [`ProcedureRef`], with the usual strictness about keys.
#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
#[derive(Default)]
struct ProcedureRefMap {
    level: Text,
    code: Text,
}

impl<'de> Deserialize<'de> for ProcedureRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ProcedureRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a procedure code or {level, code}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ProcedureRef, E> {
                Ok(ProcedureRef::same_level(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ProcedureRef, E> {
                Ok(ProcedureRef::same_level(&v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ProcedureRef, E> {
                Ok(ProcedureRef::same_level(&v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ProcedureRef, E> {
                // An unquoted national code (`2.000940`) reaches here as a number that has lost
                // its trailing zeros; national codes have six digits after the dot.
                Ok(ProcedureRef::same_level(&format!("{v:.6}")))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ProcedureRef, A::Error> {
                let m = ProcedureRefMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ProcedureRef {
                    level: m.level,
                    code: m.code,
                })
            }
        }
        // Only the general YAML parser (and its value tree) can say which form a node has; the
        // fast reader and the cache encoding are not self-describing and only ever hold the map
        // form tthc writes (the fast reader hands anything else to the general parser).
        if super::input::amount_source_is_self_describing() {
            d.deserialize_any(V)
        } else {
            d.deserialize_struct("ProcedureRef", &["level", "code"], V)
        }
    }
}

/// One step of the internal process (quy trình nội bộ).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProcessStep {
    /// What is done, e.g. "Thẩm định hồ sơ, trình lãnh đạo".
    pub step: Text,
    /// Who does it: an agency id of the manifest, or a post in words ("Công chức Tư pháp").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// Working days it takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Working hours it takes, for steps shorter than a day (8 hours make a working day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
}

impl ProcessStep {
    /// Its length in working hours (a working day is 8 hours).
    pub fn working_hours(&self) -> u32 {
        self.days.unwrap_or(0) * 8 + self.hours.unwrap_or(0)
    }
}

/// Time and cost of a procedure in the baseline year (2024), for the national reduction targets.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Baseline {
    /// The baseline year, 2024 for the targets of Nghị quyết 66/NQ-CP.
    pub year: u16,
    /// The processing time then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_time: Option<ProcessingTime>,
    /// The compliance cost per case then, in đồng.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_amount")]
    pub cost: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// One way to carry out the procedure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Channel {
    pub kind: ChannelKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
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
    pub title: Option<Text>,
    pub documents: Vec<DossierDocument>,
    /// Số lượng hồ sơ (bộ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sets: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DossierDocument {
    pub name: Text,
    /// Form template (mẫu đơn, tờ khai), e.g. "Mẫu tại Thông tư 04/2020/TT-BTP".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<Text>,
    /// A link to the form's file (a `https://` address).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form_file: Option<Text>,
    /// The data source that replaces this document (thay thế bằng dữ liệu), e.g. "Cơ sở dữ liệu
    /// quốc gia về dân cư": the applicant need not bring it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by_data: Option<Text>,
    /// Number of originals (bản chính).
    pub originals: u32,
    /// Number of copies (bản sao).
    pub copies: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
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
    pub note: Option<Text>,
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
    pub competent: Option<Text>,
    /// Cơ quan trực tiếp thực hiện (agency ids); at least one is required.
    pub implementing: Vec<Text>,
    /// Cơ quan được ủy quyền.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authorised: Vec<Text>,
    /// Cơ quan phối hợp.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coordinating: Vec<Text>,
    /// Địa chỉ tiếp nhận hồ sơ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Text>,
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
    pub text: Option<Text>,
    /// What one amount pays for, e.g. "bản", "trang", "hồ sơ".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// Amounts by range of units (e.g. pages 1–2, then from page 3), in `unit`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<FeeTier>,
    /// The most this fee comes to (a cap, never a fee line of its own), per `max_unit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_amount")]
    pub max: Option<i64>,
    /// What the cap is per, e.g. "bản" (when it differs from `unit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unit: Option<Text>,
    /// When this fee applies, e.g. "Khi yêu cầu cấp bản sao trích lục".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Text>,
    /// Whether it can be paid online. `None`: not entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_payment: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemptions: Option<Text>,
}

/// One range of a tiered fee: units `from`..=`to` (either open) at `amount` each.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeeTier {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<u32>,
    #[serde(default, deserialize_with = "super::input::de_opt_amount")]
    pub amount: Option<i64>,
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
    pub number: Text,
    /// Empty when the row cites a text of the register (`legal/`) by its number only.
    #[serde(skip_serializing_if = "Text::is_empty")]
    pub title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Text>,
    /// The day it took (or takes) effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective: Option<Date>,
    /// The provisions the procedure rests on, e.g. "Điều 8, Điều 14".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub articles: Option<Text>,
    /// Numbers of the texts that amend it, verbatim (e.g. `63/2024/NĐ-CP`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amended_by: Vec<Text>,
    /// The day it ceases to have effect (hết hiệu lực).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub expires: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<LegalStatus>,
}

/// Tình trạng hiệu lực of a legal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalStatus {
    /// Còn hiệu lực
    InForce,
    /// Còn hiệu lực, đã được sửa đổi, bổ sung
    Amended,
    /// Hết hiệu lực một phần
    PartlyExpired,
    /// Hết hiệu lực toàn bộ
    Expired,
    /// Chưa có hiệu lực
    NotYetInForce,
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
    pub url: Option<Text>,
    /// Eligible to be provided fully online (đủ điều kiện toàn trình), whatever is provided
    /// today (`mode`). `None`: not entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible_full: Option<bool>,
    /// The result is issued electronically (kết quả điện tử). `None`: not entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub electronic_result: Option<bool>,
    /// The services on the portal, each with its own code (one procedure may have several,
    /// e.g. per case or per level).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<OnlineServiceEntry>,
}

/// One online public service (dịch vụ công trực tuyến) of the procedure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OnlineServiceEntry {
    /// The service code on the portal.
    pub code: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    pub mode: OnlineMode,
    /// Its address (`https://…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Text>,
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
    pub linked: Vec<Text>,
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
    pub decision: Text,
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
