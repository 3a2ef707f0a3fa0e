//! The results report of a year's reviews (Báo cáo kết quả rà soát, đánh giá TTHC): an annex
//! row per procedure (simplification content, reasons, recommendation, compliance cost before /
//! after / saved / rate), totals by level and field, and progress towards the national targets
//! (−30 % time and cost in 2025, −50 % in 2026, domain §7.2).
//!
//! [`build`] computes the report from the records; the writers render it as CSV, JSON, XLSX
//! (rust_xlsxwriter) and DOCX (WordprocessingML in a zip). The report is an official document:
//! its words are Vietnamese whatever the UI language.

mod docx;
mod xlsx;

pub use docx::docx;
pub use xlsx::xlsx;

use crate::i18n::Lang;
use crate::i18n::reviews::{component_label, conclusion_label};
use crate::model::{
    ConclusionKind, CostFigures, Date, Manifest, Procedure, ProcessingTime, Review, ReviewPlan,
    TimeUnit, rate_basis_points,
};
use serde::Serialize;

const VI: Lang = Lang::Vi;

/// The national targets against the 2024 baseline, in basis points of reduction.
pub const TARGET_2025_BP: i64 = 3000;
pub const TARGET_2026_BP: i64 = 5000;

/// One procedure of the annex.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnexRow {
    pub level: String,
    pub level_name: String,
    pub field: String,
    pub field_name: String,
    pub code: String,
    pub name: String,
    pub reviewer: String,
    pub completed_on: Option<Date>,
    pub conclusion: Option<ConclusionKind>,
    /// Nội dung đơn giản hóa: each finding that calls for a change, with its component.
    pub content: Vec<String>,
    /// Lý do.
    pub reasons: String,
    /// Kiến nghị thực thi (what, which article of which text, who, by when).
    pub recommendation: String,
    pub cases_per_year: Option<u64>,
    pub cost: CostFigures,
    /// Processing time in working days, before and after.
    pub days: Option<(u32, u32)>,
    /// The proposal drafted from the form, if any.
    pub proposal: Option<String>,
    /// Against the procedure's 2024 baseline (when the record carries one).
    pub vs_baseline: Option<VsBaseline>,
}

/// One procedure against its baseline (Nghị quyết 66/NQ-CP: 2024): the time and compliance cost
/// then, and after the simplification the form proposes (or as they are, when it proposes
/// none; nothing when it abolishes the procedure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VsBaseline {
    pub year: u16,
    /// Processing time in working hours then and after (a working day is 8 hours, "trong ngày"
    /// one day, a month 22 working days).
    pub hours: Option<(u64, u64)>,
    pub time_rate_bp: Option<i64>,
    /// Compliance cost a year (per case × cases a year) then and after, in đồng.
    pub cost: Option<(i64, i64)>,
    pub cost_rate_bp: Option<i64>,
}

/// A processing time in working hours.
pub fn working_hours(t: &ProcessingTime) -> Option<u64> {
    let v = u64::from(t.value.unwrap_or(0));
    Some(match t.unit {
        TimeUnit::SameDay => 8,
        _ if t.value.is_none() => return None,
        TimeUnit::Hours => v,
        TimeUnit::Days | TimeUnit::WorkingDays => v * 8,
        TimeUnit::Months => v * 22 * 8,
    })
}

/// Working hours as days: `3`, `1,5`.
pub fn days_text(hours: u64) -> String {
    let tenths = (hours * 10 + 4) / 8;
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{},{}", tenths / 10, tenths % 10)
    }
}

pub fn vs_baseline(r: &Review, p: &Procedure, cost: &CostFigures) -> Option<VsBaseline> {
    let b = p.baseline.as_ref()?;
    let abolished = r.conclusion.kind == Some(ConclusionKind::Abolish);
    let hours = b
        .processing_time
        .as_ref()
        .and_then(working_hours)
        .and_then(|then| {
            let after = if abolished {
                0
            } else {
                match r.days() {
                    Some((_, after)) => u64::from(after) * 8,
                    None => working_hours(&p.processing_time)?,
                }
            };
            Some((then, after))
        });
    let n = i64::try_from(cost.cases_per_year).unwrap_or(i64::MAX);
    let cost = b
        .cost
        .map(|then| (then.saturating_mul(n), cost.per_year_after));
    Some(VsBaseline {
        year: b.year,
        time_rate_bp: hours.and_then(|(a, b)| rate_basis_points(a as i64 - b as i64, a as i64)),
        hours,
        cost_rate_bp: cost.and_then(|(a, b)| rate_basis_points(a - b, a)),
        cost,
    })
}

/// Sums over a group of forms.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    /// Level or field id (empty for the grand total).
    pub key: String,
    pub label: String,
    pub forms: usize,
    pub completed: usize,
    pub keep: usize,
    pub abolish: usize,
    pub amend: usize,
    pub replace: usize,
    pub cost_before: i64,
    pub cost_after: i64,
    pub saving: i64,
    pub cost_rate_bp: Option<i64>,
    pub days_before: u64,
    pub days_after: u64,
    pub time_rate_bp: Option<i64>,
}

impl Totals {
    fn add(&mut self, r: &AnnexRow) {
        self.forms += 1;
        if r.completed_on.is_some() {
            self.completed += 1;
        }
        match r.conclusion {
            Some(ConclusionKind::Keep) => self.keep += 1,
            Some(ConclusionKind::Abolish) => self.abolish += 1,
            Some(ConclusionKind::Amend) => self.amend += 1,
            Some(ConclusionKind::Replace) => self.replace += 1,
            None => {}
        }
        self.cost_before += r.cost.per_year_before;
        self.cost_after += r.cost.per_year_after;
        self.saving = self.cost_before - self.cost_after;
        self.cost_rate_bp = rate_basis_points(self.saving, self.cost_before);
        if let Some((b, a)) = r.days {
            self.days_before += u64::from(b);
            self.days_after += u64::from(a);
        }
        self.time_rate_bp = rate_basis_points(
            self.days_before as i64 - self.days_after as i64,
            self.days_before as i64,
        );
    }
}

/// Progress towards the national targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Targets {
    /// What the reduction is measured against.
    pub baseline: String,
    pub cost_rate_bp: Option<i64>,
    pub time_rate_bp: Option<i64>,
    /// Forms whose procedure carries its 2024 baseline: the rates above are against it.
    pub with_baseline: usize,
    /// Sums over those: compliance cost a year then and after; working hours then and after.
    pub baseline_cost: (i64, i64),
    pub baseline_hours: (u64, u64),
    pub target_2025_bp: i64,
    pub target_2026_bp: i64,
}

impl Targets {
    /// Both time and cost cut by at least `target` basis points.
    pub fn met(&self, target: i64) -> bool {
        self.cost_rate_bp.is_some_and(|r| r >= target)
            && self.time_rate_bp.is_some_and(|r| r >= target)
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewReport {
    pub year: i16,
    pub authority: String,
    pub plan: Option<ReviewPlan>,
    pub wage_per_hour: i64,
    /// Procedures the plan covers (0 without a plan).
    pub planned: usize,
    pub rows: Vec<AnnexRow>,
    pub by_level: Vec<Totals>,
    pub by_field: Vec<Totals>,
    pub total: Totals,
    pub targets: Targets,
}

/// The report of `year` from its plan, its forms (each with the procedure it is about, when
/// the catalogue holds it) and the proposals drafted from them (`(form id, proposal id)`).
pub fn build(
    m: &Manifest,
    year: i16,
    plan: Option<&ReviewPlan>,
    planned: usize,
    forms: &[(&Review, Option<&Procedure>)],
    proposals: &[(String, String)],
) -> ReviewReport {
    let wage = plan.map(|p| p.wage_per_hour).unwrap_or_default();
    let mut rows: Vec<AnnexRow> = forms
        .iter()
        .map(|(r, p)| annex_row(m, r, *p, wage, proposals))
        .collect();
    // Level in manifest order, then field in manifest order, then code.
    let level_rank = |id: &str| {
        m.levels
            .iter()
            .position(|l| l.id == id)
            .unwrap_or(usize::MAX)
    };
    let field_rank = |id: &str| {
        m.fields
            .iter()
            .position(|f| f.id == id)
            .unwrap_or(usize::MAX)
    };
    rows.sort_by(|a, b| {
        (level_rank(&a.level), field_rank(&a.field), &a.code).cmp(&(
            level_rank(&b.level),
            field_rank(&b.field),
            &b.code,
        ))
    });
    let mut by_level: Vec<Totals> = Vec::new();
    let mut by_field: Vec<Totals> = Vec::new();
    let mut total = Totals {
        label: "Tổng cộng".into(),
        ..Totals::default()
    };
    for r in &rows {
        group(&mut by_level, &r.level, &r.level_name).add(r);
        group(&mut by_field, &r.field, &r.field_name).add(r);
        total.add(r);
    }
    by_field.sort_by_key(|t| field_rank(&t.key));
    let mut cost = (0i64, 0i64);
    let mut hours = (0u64, 0u64);
    let mut with_baseline = 0;
    let (mut with_cost, mut with_time) = (false, false);
    for v in rows.iter().filter_map(|r| r.vs_baseline.as_ref()) {
        with_baseline += 1;
        if let Some((a, b)) = v.cost {
            cost = (cost.0 + a, cost.1 + b);
            with_cost = true;
        }
        if let Some((a, b)) = v.hours {
            hours = (hours.0 + a, hours.1 + b);
            with_time = true;
        }
    }
    let targets = if with_baseline > 0 {
        Targets {
            baseline: format!(
                "năm 2024 (thời hạn giải quyết và chi phí tuân thủ ghi ở thủ tục), {with_baseline}/{} thủ tục đã rà soát có số liệu năm 2024",
                rows.len()
            ),
            cost_rate_bp: with_cost
                .then(|| rate_basis_points(cost.0 - cost.1, cost.0))
                .flatten(),
            time_rate_bp: with_time
                .then(|| rate_basis_points(hours.0 as i64 - hours.1 as i64, hours.0 as i64))
                .flatten(),
            with_baseline,
            baseline_cost: cost,
            baseline_hours: hours,
            target_2025_bp: TARGET_2025_BP,
            target_2026_bp: TARGET_2026_BP,
        }
    } else {
        Targets {
            baseline: "chưa thủ tục nào có số liệu năm 2024; tạm so với chi phí tuân thủ và thời hạn giải quyết trước đơn giản hóa, theo các phiếu rà soát"
                .into(),
            cost_rate_bp: total.cost_rate_bp,
            time_rate_bp: total.time_rate_bp,
            with_baseline: 0,
            baseline_cost: (0, 0),
            baseline_hours: (0, 0),
            target_2025_bp: TARGET_2025_BP,
            target_2026_bp: TARGET_2026_BP,
        }
    };
    ReviewReport {
        year,
        authority: m.authority.name.clone(),
        plan: plan.cloned(),
        wage_per_hour: wage,
        planned,
        rows,
        by_level,
        by_field,
        total,
        targets,
    }
}

fn group<'a>(list: &'a mut Vec<Totals>, key: &str, label: &str) -> &'a mut Totals {
    match list.iter().position(|t| t.key == key) {
        Some(i) => &mut list[i],
        None => {
            list.push(Totals {
                key: key.to_owned(),
                label: label.to_owned(),
                ..Totals::default()
            });
            list.last_mut().expect("just pushed")
        }
    }
}

fn annex_row(
    m: &Manifest,
    r: &Review,
    p: Option<&Procedure>,
    wage: i64,
    proposals: &[(String, String)],
) -> AnnexRow {
    let field = p.map(|p| p.field.clone()).unwrap_or_default();
    let content = r
        .components
        .iter()
        .filter(|f| f.calls_for_change())
        .map(|f| {
            let mut s = format!("{}: {}", component_label(f.component, VI), f.subject);
            if let Some(c) = f.change.as_deref().filter(|c| !c.trim().is_empty()) {
                s.push_str(&format!(" — {}", c.trim()));
            }
            s
        })
        .chain(r.time.proposed_days.and_then(|after| {
            let before = r.time.statutory_days?;
            (after != before).then(|| {
                format!("Thời hạn giải quyết: từ {before:02} xuống {after:02} ngày làm việc")
            })
        }))
        .collect();
    let rec = &r.recommendation;
    let mut recommendation = rec.text.clone().unwrap_or_default().trim().to_owned();
    let mut tail = Vec::new();
    match (&rec.article, &rec.legal_text) {
        (Some(a), Some(t)) => tail.push(format!("{a} {t}")),
        (Some(a), None) => tail.push(a.clone()),
        (None, Some(t)) => tail.push(t.clone()),
        (None, None) => {}
    }
    if let Some(a) = &rec.actor {
        tail.push(a.clone());
    }
    if let Some(by) = rec.by {
        tail.push(format!("trước {}", crate::present::date_vi(by)));
    }
    if !tail.is_empty() {
        recommendation.push_str(&format!(" ({})", tail.join("; ")));
    }
    let cost = r.figures(wage);
    AnnexRow {
        vs_baseline: p.and_then(|p| vs_baseline(r, p, &cost)),
        level: r.level.clone(),
        level_name: m.level_name(&r.level).to_owned(),
        field_name: m.field_name(&field).to_owned(),
        field: field.to_string(),
        code: r.code.clone(),
        name: p.map_or_else(|| r.name.clone(), |p| p.name.to_string()),
        reviewer: r.reviewer.clone().unwrap_or_default(),
        completed_on: r.completed_on,
        conclusion: r.conclusion.kind,
        content,
        reasons: r.conclusion.reasons.clone().unwrap_or_default(),
        recommendation,
        cases_per_year: r.data.cases_per_year,
        cost,
        days: r.days(),
        proposal: proposals
            .iter()
            .find(|(form, _)| *form == r.id())
            .map(|(_, id)| id.clone()),
    }
}

/// `Giữ nguyên`, or empty when there is no conclusion yet.
pub(crate) fn conclusion_text(k: Option<ConclusionKind>) -> String {
    k.map(|k| {
        let s = conclusion_label(k, VI);
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

/// A rate of reduction in basis points as `71,64 %`.
pub(crate) fn rate_text(bp: Option<i64>) -> String {
    bp.map(|bp| crate::i18n::reviews::basis_points(bp, VI))
        .unwrap_or_default()
}

/// The annex columns, in order.
pub const ANNEX_COLUMNS: &[&str] = &[
    "STT",
    "Mã TTHC",
    "Tên thủ tục hành chính",
    "Cấp thực hiện",
    "Lĩnh vực",
    "Kết luận",
    "Nội dung đơn giản hóa",
    "Lý do",
    "Kiến nghị thực thi",
    "Số hồ sơ/năm",
    "Chi phí trước (đồng/năm)",
    "Chi phí sau (đồng/năm)",
    "Chi phí tiết kiệm (đồng/năm)",
    "Tỷ lệ cắt giảm",
    "Thời hạn trước (ngày)",
    "Thời hạn sau (ngày)",
    "Đề xuất",
    "Thời hạn năm 2024 (ngày)",
    "Giảm thời hạn so với 2024",
    "Chi phí năm 2024 (đồng/năm)",
    "Giảm chi phí so với 2024",
];

/// The annex as text cells, one row per procedure (numbers as digits, for CSV).
pub fn annex_cells(report: &ReviewReport) -> Vec<Vec<String>> {
    report
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let vs = r.vs_baseline.as_ref();
            vec![
                (i + 1).to_string(),
                r.code.clone(),
                r.name.clone(),
                r.level_name.clone(),
                r.field_name.clone(),
                conclusion_text(r.conclusion),
                r.content.join("\n"),
                r.reasons.clone(),
                r.recommendation.clone(),
                r.cases_per_year.map(|c| c.to_string()).unwrap_or_default(),
                r.cost.per_year_before.to_string(),
                r.cost.per_year_after.to_string(),
                r.cost.saving.to_string(),
                rate_text(r.cost.rate_basis_points),
                r.days.map(|d| d.0.to_string()).unwrap_or_default(),
                r.days.map(|d| d.1.to_string()).unwrap_or_default(),
                r.proposal.clone().unwrap_or_default(),
                vs.and_then(|v| v.hours)
                    .map(|h| days_text(h.0))
                    .unwrap_or_default(),
                rate_text(vs.and_then(|v| v.time_rate_bp)),
                vs.and_then(|v| v.cost)
                    .map(|c| c.0.to_string())
                    .unwrap_or_default(),
                rate_text(vs.and_then(|v| v.cost_rate_bp)),
            ]
        })
        .collect()
}

/// The annex as CSV (UTF-8 with BOM, formula-safe cells), as spreadsheets in Vietnam open it.
pub fn csv(report: &ReviewReport) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = ::csv::Writer::from_writer(&mut out);
        let _ = w.write_record(ANNEX_COLUMNS);
        for row in annex_cells(report) {
            let safe: Vec<String> = row
                .iter()
                .map(|c| super::spreadsheet::formula_safe(c).into_owned())
                .collect();
            let _ = w.write_record(&safe);
        }
        let _ = w.flush();
    }
    out
}

/// The whole report as JSON.
pub fn json(report: &ReviewReport) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(report).unwrap_or_default();
    out.push(b'\n');
    out
}
