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
    ConclusionKind, CostFigures, Date, Manifest, Procedure, Review, ReviewPlan, rate_basis_points,
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
    let targets = Targets {
        baseline:
            "chi phí tuân thủ và thời hạn giải quyết trước đơn giản hóa, theo các phiếu rà soát"
                .into(),
        cost_rate_bp: total.cost_rate_bp,
        time_rate_bp: total.time_rate_bp,
        target_2025_bp: TARGET_2025_BP,
        target_2026_bp: TARGET_2026_BP,
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
    AnnexRow {
        level: r.level.clone(),
        level_name: m.level_name(&r.level).to_owned(),
        field_name: m.field_name(&field).to_owned(),
        field,
        code: r.code.clone(),
        name: p.map(|p| p.name.clone()).unwrap_or_else(|| r.name.clone()),
        reviewer: r.reviewer.clone().unwrap_or_default(),
        completed_on: r.completed_on,
        conclusion: r.conclusion.kind,
        content,
        reasons: r.conclusion.reasons.clone().unwrap_or_default(),
        recommendation,
        cases_per_year: r.data.cases_per_year,
        cost: r.figures(wage),
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
];

/// The annex as text cells, one row per procedure (numbers as digits, for CSV).
pub fn annex_cells(report: &ReviewReport) -> Vec<Vec<String>> {
    report
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
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
