//! The review cycle (rà soát, đánh giá — domain §7.2): the year's plan, one form per procedure
//! over every part of the official review form (Thông tư 02/2017/TT-VPCP), and the standard cost
//! model that prices a procedure's compliance before and after the proposed simplification.
//!
//! Amounts are whole đồng; the time a person spends on an activity is kept in minutes so that
//! every figure is exact integer arithmetic (hours × W is `minutes × W / 60`, rounded to the
//! nearest đồng), and shares are counts (cases on time, cases online), never stored percentages.

use super::{Date, Procedure, TimeUnit};
use serde::{Deserialize, Serialize};

/// A year's review plan as stored in `reviews/plans/<year>.yaml` (Kế hoạch rà soát).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewPlan {
    pub year: i16,
    /// The province's (or the district's) decision issuing the plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<PlanDecision>,
    /// W: the income per hour (đồng) the compliance cost is computed with this year.
    #[serde(deserialize_with = "super::input::de_amount")]
    pub wage_per_hour: i64,
    /// The default due date of every form.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub due: Option<Date>,
    /// The procedures under review (empty: every procedure in force).
    #[serde(skip_serializing_if = "ReviewScope::is_empty")]
    pub scope: ReviewScope,
    /// Who reviews which: the first assignment whose scope holds a procedure is its reviewer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<Assignment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The decision that issued a plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanDecision {
    /// Kept verbatim, e.g. `245/KH-UBND`.
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}

/// Procedures by level, field and code (every list that is not empty must hold the procedure).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewScope {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
}

impl ReviewScope {
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty() && self.fields.is_empty() && self.codes.is_empty()
    }

    pub fn holds(&self, p: &Procedure) -> bool {
        let within = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
        within(&self.levels, &p.level) && within(&self.fields, &p.field) && {
            within(&self.codes, &p.code)
        }
    }
}

/// One unit and person with the procedures they review.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Assignment {
    /// e.g. "Phòng Tư pháp", "UBND phường Hòa Mạc".
    pub unit: String,
    pub person: String,
    #[serde(skip_serializing_if = "ReviewScope::is_empty")]
    pub scope: ReviewScope,
    /// Overrides the plan's due date.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub due: Option<Date>,
}

impl ReviewPlan {
    /// The assignment (index) that reviews `p`, when the plan covers it.
    pub fn assignment_of(&self, p: &Procedure) -> Option<usize> {
        if !self.scope.holds(p) {
            return None;
        }
        self.assignments.iter().position(|a| a.scope.holds(p))
    }

    /// Whether the plan covers `p` at all (assigned or not).
    pub fn covers(&self, p: &Procedure) -> bool {
        self.scope.holds(p)
    }

    /// The due date of the form of `p`.
    pub fn due_of(&self, p: &Procedure) -> Option<Date> {
        self.assignment_of(p)
            .and_then(|i| self.assignments[i].due)
            .or(self.due)
    }
}

/// One review form as stored in `reviews/<year>/<level>-<code>.yaml` (Biểu mẫu rà soát).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Review {
    pub year: i16,
    pub level: String,
    pub code: String,
    /// The procedure's name when the form was started.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub started_on: Option<Date>,
    /// Set when the form is completed: the day that becomes the procedure's `reviewed_on`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub completed_on: Option<Date>,
    /// 1. Sự cần thiết: is the procedure needed at all?
    pub necessity: Judgement,
    /// 2. Tính hợp lý: one finding per component of the procedure.
    pub components: Vec<Finding>,
    /// Thời hạn giải quyết: statutory, actual and proposed, in working days.
    pub time: TimeFinding,
    /// 3. Tính hợp pháp.
    pub legality: Judgement,
    /// Số liệu: the one-stop system's figures for a year.
    pub data: CaseData,
    /// 4. Chi phí tuân thủ.
    pub cost: CostModel,
    /// Kết luận.
    pub conclusion: Conclusion,
    /// Kiến nghị.
    pub recommendation: Recommendation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An answer to one question of the form: yes/no (absent: not answered yet) and why.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Judgement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ok: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Judgement {
    pub fn answered(&self) -> bool {
        self.ok.is_some()
    }
}

/// The part of a procedure a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Trình tự thực hiện
    #[default]
    Step,
    /// Cách thức thực hiện
    Channel,
    /// Thành phần hồ sơ
    Document,
    /// Mẫu đơn, tờ khai
    Form,
    /// Cơ quan thực hiện
    Agencies,
    /// Kết quả và thời hạn có hiệu lực của kết quả
    Result,
    /// Yêu cầu, điều kiện
    Conditions,
    /// Phí, lệ phí
    Fee,
}

impl Component {
    pub const ALL: [Component; 8] = [
        Component::Step,
        Component::Channel,
        Component::Document,
        Component::Form,
        Component::Agencies,
        Component::Result,
        Component::Conditions,
        Component::Fee,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Component::Step => "step",
            Component::Channel => "channel",
            Component::Document => "document",
            Component::Form => "form",
            Component::Agencies => "agencies",
            Component::Result => "result",
            Component::Conditions => "conditions",
            Component::Fee => "fee",
        }
    }
}

/// How a document must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    /// Bản chính
    #[default]
    Original,
    /// Bản sao chứng thực
    CertifiedCopy,
    /// Bản sao (không cần chứng thực) hoặc bản chụp
    Copy,
    /// Không cần nộp (xuất trình)
    ShowOnly,
}

/// The reviewer's finding on one component, pointing at it in the procedure as it was.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Finding {
    pub component: Component,
    /// Where it is in the procedure, e.g. `dossier[0].documents[2]`, `steps[1]`, `fees[0]`.
    pub at: String,
    /// What it is, as the procedure says it (a document's name, a step's text).
    pub subject: String,
    /// Is it reasonable as it is? (absent: not answered yet)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasonable: Option<bool>,
    /// A document, step or condition: is it needed at all?
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed: Option<bool>,
    /// A document: what it requires now (original or copy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy: Option<CopyKind>,
    /// A document: could it be taken from data the administration already holds?
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaceable_by_data: Option<bool>,
    /// A channel: could the procedure be done online?
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_possible: Option<bool>,
    /// A channel: could dossiers be received and results returned by post?
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_possible: Option<bool>,
    /// What should change (the simplification), in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Finding {
    /// The reviewer found something to change here.
    pub fn calls_for_change(&self) -> bool {
        self.reasonable == Some(false)
            || self.needed == Some(false)
            || self.replaceable_by_data == Some(true)
            || self.change.as_deref().is_some_and(|c| !c.trim().is_empty())
    }
}

/// Processing time in working days: what the law sets, what cases really take, what is proposed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimeFinding {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statutory_days: Option<u32>,
    /// The average of the year's cases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A year's figures from the one-stop system (counts of cases).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cases_per_year: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_time: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online: Option<u64>,
    /// Requests to supplement the dossier (yêu cầu bổ sung hồ sơ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplement_requests: Option<u64>,
    /// Complaints and petitions (phản ánh, kiến nghị).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaints: Option<u64>,
    /// Where the figures come from, e.g. "Phần mềm một cửa điện tử, năm 2021".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl CaseData {
    /// No figure was entered.
    pub fn is_empty(&self) -> bool {
        self.cases_per_year.is_none()
            && self.on_time.is_none()
            && self.online.is_none()
            && self.supplement_requests.is_none()
            && self.complaints.is_none()
    }

    /// `part` as a share of the cases, in per mille (975 = 97,5 %).
    pub fn per_mille(&self, part: Option<u64>) -> Option<u64> {
        let cases = self.cases_per_year.filter(|c| *c > 0)?;
        Some((part? * 1000 + cases / 2) / cases)
    }
}

/// The standard cost model: the procedure as it is, and as proposed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CostModel {
    /// W for this form when it differs from the plan's (đồng per hour).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_amount")]
    pub wage_per_hour: Option<i64>,
    pub before: CostSide,
    /// Absent: nothing proposed yet (keep), or abolition (no cost at all after).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<CostSide>,
}

/// What one case costs the person or business that carries it out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CostSide {
    /// The activities and the time each takes (preparing the dossier, travelling, waiting…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<Activity>,
    /// Services paid for (consultants, translation, certification of copies), per case.
    #[serde(deserialize_with = "super::input::de_amount")]
    pub paid_services: i64,
    /// Other costs (travel, printing, copies, post), per case.
    #[serde(deserialize_with = "super::input::de_amount")]
    pub other_costs: i64,
    /// Fees and charges, per case.
    #[serde(deserialize_with = "super::input::de_amount")]
    pub fees: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Activity {
    pub name: String,
    pub minutes: u32,
}

impl CostSide {
    pub fn minutes(&self) -> u64 {
        self.activities.iter().map(|a| u64::from(a.minutes)).sum()
    }

    /// `Σ(hours × W) + paid services + other costs + fees`, for one case, in đồng: each
    /// activity's time cost rounded to the nearest đồng (half up).
    pub fn per_case(&self, wage_per_hour: i64) -> i64 {
        let time: i64 = self
            .activities
            .iter()
            .map(|a| time_cost(a.minutes, wage_per_hour))
            .sum();
        time + self.paid_services + self.other_costs + self.fees
    }
}

/// `minutes / 60 × W`, rounded half up to whole đồng.
pub fn time_cost(minutes: u32, wage_per_hour: i64) -> i64 {
    let scaled = i128::from(minutes) * i128::from(wage_per_hour);
    ((scaled * 2 + 60) / 120) as i64
}

/// The figures of a cost model for a W and a number of cases a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CostFigures {
    pub wage_per_hour: i64,
    pub cases_per_year: u64,
    pub per_case_before: i64,
    pub per_case_after: i64,
    pub per_year_before: i64,
    pub per_year_after: i64,
    /// before − after, a year.
    pub saving: i64,
    /// saving ÷ before, in hundredths of a percent (7164 = 71,64 %); None when before is 0.
    pub rate_basis_points: Option<i64>,
}

impl CostFigures {
    /// The rate as a percentage, for display.
    pub fn rate_percent(&self) -> Option<f64> {
        self.rate_basis_points.map(|bp| bp as f64 / 100.0)
    }
}

/// saving ÷ before in basis points, rounded half away from zero.
pub fn rate_basis_points(saving: i64, before: i64) -> Option<i64> {
    if before == 0 {
        return None;
    }
    let num = i128::from(saving) * 10_000;
    let den = i128::from(before);
    let q = (num * 2 + num.signum() * den.abs()) / (den * 2);
    Some(q as i64)
}

/// The kind of conclusion a form comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConclusionKind {
    /// Giữ nguyên
    Keep,
    /// Bãi bỏ
    Abolish,
    /// Sửa đổi, bổ sung
    Amend,
    /// Thay thế
    Replace,
}

impl ConclusionKind {
    pub const ALL: [ConclusionKind; 4] = [
        ConclusionKind::Keep,
        ConclusionKind::Abolish,
        ConclusionKind::Amend,
        ConclusionKind::Replace,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ConclusionKind::Keep => "keep",
            ConclusionKind::Abolish => "abolish",
            ConclusionKind::Amend => "amend",
            ConclusionKind::Replace => "replace",
        }
    }

    pub fn from_key(key: &str) -> Option<ConclusionKind> {
        ConclusionKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Conclusion {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ConclusionKind>,
    /// Amend: the components to change (their `at`), in the form's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
    /// Replace: the code of the procedure that replaces it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Why — required for every conclusion, "keep" included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Recommendation {
    /// The legal text to change, e.g. `Nghị định 123/2015/NĐ-CP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_text: Option<String>,
    /// Which article, clause or point, e.g. `Điều 16 khoản 1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// What to do (the simplification plan in words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Who acts, e.g. "Bộ Tư pháp", "UBND tỉnh".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub by: Option<Date>,
}

fn nonblank(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// What a form still lacks before it can be completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    Necessity,
    Legality,
    Conclusion,
    /// Every conclusion, "keep" too, needs its reasons.
    Reasons,
    /// Abolish, amend and replace need a recommendation (what to do).
    Recommendation,
    /// Amend names the parts to change.
    Parts,
    /// Replace names the procedure that replaces it.
    ReplacedBy,
}

impl Review {
    /// The form's file name stem: `<level>-<code>`.
    pub fn stem(&self) -> String {
        format!("{}-{}", self.level, self.code)
    }

    /// `<year>/<level>-<code>`: how a proposal names the form it came from.
    pub fn id(&self) -> String {
        format!("{}/{}", self.year, self.stem())
    }

    pub fn is_completed(&self) -> bool {
        self.completed_on.is_some()
    }

    /// What must still be answered before the form can be completed (empty: it can).
    pub fn missing(&self) -> Vec<Missing> {
        let mut out = Vec::new();
        if !self.necessity.answered() {
            out.push(Missing::Necessity);
        }
        if !self.legality.answered() {
            out.push(Missing::Legality);
        }
        match self.conclusion.kind {
            None => out.push(Missing::Conclusion),
            Some(kind) => {
                if !nonblank(&self.conclusion.reasons) {
                    out.push(Missing::Reasons);
                }
                if kind != ConclusionKind::Keep && !nonblank(&self.recommendation.text) {
                    out.push(Missing::Recommendation);
                }
                if kind == ConclusionKind::Amend && self.conclusion.parts.is_empty() {
                    out.push(Missing::Parts);
                }
                if kind == ConclusionKind::Replace && !nonblank(&self.conclusion.replaced_by) {
                    out.push(Missing::ReplacedBy);
                }
            }
        }
        out
    }

    /// The cost figures with W (the form's own, else `plan_wage`) and the year's cases (none
    /// entered: one case). An abolished procedure costs nothing after; with no `after` and any
    /// other conclusion, after is before.
    pub fn figures(&self, plan_wage: i64) -> CostFigures {
        let wage = self.cost.wage_per_hour.unwrap_or(plan_wage);
        let cases = self.data.cases_per_year.unwrap_or(1);
        let before = self.cost.before.per_case(wage);
        let after = match (&self.cost.after, self.conclusion.kind) {
            (Some(a), _) => a.per_case(wage),
            (None, Some(ConclusionKind::Abolish)) => 0,
            (None, _) => before,
        };
        let n = i64::try_from(cases).unwrap_or(i64::MAX);
        let per_year_before = before.saturating_mul(n);
        let per_year_after = after.saturating_mul(n);
        let saving = per_year_before - per_year_after;
        CostFigures {
            wage_per_hour: wage,
            cases_per_year: cases,
            per_case_before: before,
            per_case_after: after,
            per_year_before,
            per_year_after,
            saving,
            rate_basis_points: rate_basis_points(saving, per_year_before),
        }
    }

    /// Processing time before and after (working days), when known: after is the proposed time,
    /// zero for an abolition, else the statutory time.
    pub fn days(&self) -> Option<(u32, u32)> {
        let before = self.time.statutory_days?;
        let after = match self.conclusion.kind {
            Some(ConclusionKind::Abolish) => 0,
            _ => self.time.proposed_days.unwrap_or(before),
        };
        Some((before, after))
    }

    /// A new form over `p` as it is: one finding per step, channel, document (and its form),
    /// agency, result, condition and fee, every question unanswered; the statutory time from
    /// the procedure; the cost model's fees from its plain amounts.
    /// Agencies are named as `m` declares them.
    pub fn start_from(p: &Procedure, m: &super::Manifest, year: i16) -> Review {
        let mut components = Vec::new();
        let mut add = |component, at: String, subject: &str| {
            components.push(Finding {
                component,
                at,
                subject: subject.to_owned(),
                ..Finding::default()
            })
        };
        for (i, s) in p.steps.iter().enumerate() {
            add(Component::Step, format!("steps[{i}]"), s);
        }
        for (i, c) in p.channels.iter().enumerate() {
            let subject = c.description.clone().unwrap_or_else(|| {
                match c.kind {
                    super::ChannelKind::InPerson => "Trực tiếp",
                    super::ChannelKind::Online => "Trực tuyến",
                    super::ChannelKind::Postal => "Qua dịch vụ bưu chính",
                }
                .to_owned()
                .into()
            });
            add(Component::Channel, format!("channels[{i}]"), &subject);
        }
        for (g, group) in p.dossier.iter().enumerate() {
            for (i, d) in group.documents.iter().enumerate() {
                let at = format!("dossier[{g}].documents[{i}]");
                add(Component::Document, at.clone(), &d.name);
                if let Some(form) = &d.form {
                    add(Component::Form, format!("{at}.form"), form);
                }
            }
        }
        let agencies: Vec<&str> = p
            .agencies
            .implementing
            .iter()
            .map(|a| m.agency_name(a))
            .collect();
        if !agencies.is_empty() {
            add(Component::Agencies, "agencies".into(), &agencies.join(", "));
        }
        for (i, r) in p.results.iter().enumerate() {
            add(Component::Result, format!("results[{i}]"), r);
        }
        if let Some(req) = p.requirements.as_deref().filter(|r| !r.trim().is_empty()) {
            add(Component::Conditions, "requirements".into(), req);
        }
        for (i, f) in p.fee_list().iter().enumerate() {
            let subject = match (f.amount, &f.text) {
                (Some(a), _) => format!("{a} đ"),
                (None, Some(t)) => t.to_string(),
                (None, None) => String::new(),
            };
            add(Component::Fee, format!("fees[{i}]"), &subject);
        }
        // The highest plain amount: a case pays one of the fees listed (the others are
        // exemptions or other cases); the reviewer corrects it where a case pays several.
        let fees: i64 = p
            .fee_list()
            .iter()
            .filter_map(|f| f.amount)
            .max()
            .unwrap_or(0);
        Review {
            year,
            level: p.level.to_string(),
            code: p.code.to_string(),
            name: p.name.to_string(),
            components,
            time: TimeFinding {
                statutory_days: statutory_days(p),
                ..TimeFinding::default()
            },
            cost: CostModel {
                before: CostSide {
                    fees,
                    ..CostSide::default()
                },
                ..CostModel::default()
            },
            ..Review::default()
        }
    }
}

/// The procedure's processing time in working days, when it is given in days.
pub fn statutory_days(p: &Procedure) -> Option<u32> {
    match p.processing_time.unit {
        TimeUnit::WorkingDays | TimeUnit::Days => p.processing_time.value,
        TimeUnit::SameDay => Some(0),
        TimeUnit::Hours | TimeUnit::Months => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_cost_rounds_half_up() {
        // 1 minute at 30 đ/h is 0,5 đ → 1 đ; 1 minute at 29 đ/h is 0,48… → 0 đ.
        assert_eq!(time_cost(1, 30), 1);
        assert_eq!(time_cost(1, 29), 0);
        assert_eq!(time_cost(90, 25_000), 37_500);
    }

    #[test]
    fn rate_rounds_half_away_from_zero() {
        assert_eq!(rate_basis_points(1, 3), Some(3333));
        assert_eq!(rate_basis_points(2, 3), Some(6667));
        assert_eq!(rate_basis_points(-1, 3), Some(-3333));
        assert_eq!(rate_basis_points(5, 0), None);
    }
}
