//! The review report as a workbook: "Tổng hợp" (the plan, totals by level and field, progress
//! towards the targets) and "Phụ lục" (one row per procedure), A4 landscape, header rows
//! frozen, text cells never evaluated as formulas.

use super::{ANNEX_COLUMNS, ReviewReport, Totals, rate_text};
use crate::export::ExportError;
use crate::present::date_vi;

pub fn xlsx(report: &ReviewReport) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
    let text = |s: &str| -> String {
        let safe = crate::export::spreadsheet::formula_safe(s);
        safe.chars().take(32_767).collect()
    };
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(13);
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("D9E2F3");
    let body = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let number = body.clone().set_num_format("#,##0");
    let days = body.clone().set_num_format("#,##0.#");
    let total_style = body.clone().set_bold();
    let total_number = number.clone().set_bold();

    // Sheet 1: the summary.
    let sheet = book.add_worksheet();
    sheet.set_name("Tổng hợp").map_err(x)?;
    let mut row = 0u32;
    sheet
        .write_string_with_format(row, 0, text(&report.authority.to_uppercase()), &bold)
        .map_err(x)?;
    row += 1;
    sheet
        .write_string_with_format(
            row,
            0,
            format!(
                "BÁO CÁO KẾT QUẢ RÀ SOÁT, ĐÁNH GIÁ THỦ TỤC HÀNH CHÍNH NĂM {}",
                report.year
            ),
            &title,
        )
        .map_err(x)?;
    row += 2;
    for line in plan_lines(report) {
        sheet.write_string(row, 0, text(&line)).map_err(x)?;
        row += 1;
    }
    row += 1;
    let columns = [
        "Nhóm",
        "Số TTHC rà soát",
        "Đã hoàn thành",
        "Giữ nguyên",
        "Bãi bỏ",
        "Sửa đổi, bổ sung",
        "Thay thế",
        "Chi phí trước (đồng/năm)",
        "Chi phí sau (đồng/năm)",
        "Chi phí tiết kiệm (đồng/năm)",
        "Tỷ lệ cắt giảm chi phí",
        "Thời hạn trước (ngày)",
        "Thời hạn sau (ngày)",
        "Tỷ lệ cắt giảm thời hạn",
    ];
    let widths = [
        30.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 18.0, 18.0, 18.0, 12.0, 11.0, 11.0, 12.0,
    ];
    for (col, w) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *w).map_err(x)?;
    }
    for (heading, groups) in [
        ("I. Theo cấp thực hiện", &report.by_level),
        ("II. Theo lĩnh vực", &report.by_field),
    ] {
        sheet
            .write_string_with_format(row, 0, heading, &bold)
            .map_err(x)?;
        row += 1;
        for (col, c) in columns.iter().enumerate() {
            sheet
                .write_string_with_format(row, col as u16, *c, &header)
                .map_err(x)?;
        }
        row += 1;
        for t in groups.iter().chain(std::iter::once(&report.total)) {
            let last = std::ptr::eq(t, &report.total);
            let (s, n) = if last {
                (&total_style, &total_number)
            } else {
                (&body, &number)
            };
            write_totals(sheet, row, t, s, n, &text).map_err(x)?;
            row += 1;
        }
        row += 1;
    }
    sheet
        .write_string_with_format(
            row,
            0,
            "III. Tiến độ thực hiện mục tiêu cắt giảm thời gian, chi phí",
            &bold,
        )
        .map_err(x)?;
    row += 1;
    for line in target_lines(report) {
        sheet.write_string(row, 0, text(&line)).map_err(x)?;
        row += 1;
    }
    sheet.set_landscape().set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);

    // Sheet 2: the annex.
    let sheet = book.add_worksheet();
    sheet.set_name("Phụ lục").map_err(x)?;
    sheet
        .write_string_with_format(
            0,
            0,
            format!(
                "PHỤ LỤC: PHƯƠNG ÁN ĐƠN GIẢN HÓA VÀ CHI PHÍ TUÂN THỦ THỦ TỤC HÀNH CHÍNH NĂM {}",
                report.year
            ),
            &title,
        )
        .map_err(x)?;
    let widths = [
        5.0, 11.0, 36.0, 12.0, 18.0, 12.0, 40.0, 36.0, 36.0, 10.0, 16.0, 16.0, 16.0, 10.0, 9.0,
        9.0, 10.0, 11.0, 12.0, 16.0, 12.0,
    ];
    for (col, c) in ANNEX_COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(2, col as u16, *c, &header)
            .map_err(x)?;
        sheet
            .set_column_width(col as u16, widths.get(col).copied().unwrap_or(12.0))
            .map_err(x)?;
    }
    // The text columns (code to recommendation) as the CSV annex has them; the numbers typed.
    let cells = super::annex_cells(report);
    for (i, (r, cells)) in report.rows.iter().zip(&cells).enumerate() {
        let row = 3 + i as u32;
        sheet
            .write_number_with_format(row, 0, (i + 1) as f64, &body)
            .map_err(x)?;
        for (j, t) in cells[1..9].iter().enumerate() {
            sheet
                .write_string_with_format(row, (j + 1) as u16, text(t), &body)
                .map_err(x)?;
        }
        match r.cases_per_year {
            Some(c) => sheet.write_number_with_format(row, 9, c as f64, &number),
            None => sheet.write_blank(row, 9, &body),
        }
        .map_err(x)?;
        for (col, v) in [
            (10, r.cost.per_year_before),
            (11, r.cost.per_year_after),
            (12, r.cost.saving),
        ] {
            sheet
                .write_number_with_format(row, col, v as f64, &number)
                .map_err(x)?;
        }
        sheet
            .write_string_with_format(row, 13, rate_text(r.cost.rate_basis_points), &body)
            .map_err(x)?;
        match r.days {
            Some((b, a)) => {
                sheet
                    .write_number_with_format(row, 14, f64::from(b), &number)
                    .map_err(x)?;
                sheet
                    .write_number_with_format(row, 15, f64::from(a), &number)
                    .map_err(x)?;
            }
            None => {
                sheet.write_blank(row, 14, &body).map_err(x)?;
                sheet.write_blank(row, 15, &body).map_err(x)?;
            }
        }
        sheet
            .write_string_with_format(row, 16, text(r.proposal.as_deref().unwrap_or("")), &body)
            .map_err(x)?;
        // Against the 2024 baseline.
        let vs = r.vs_baseline.as_ref();
        match vs.and_then(|v| v.hours) {
            Some((then, _)) => sheet.write_number_with_format(row, 17, then as f64 / 8.0, &days),
            None => sheet.write_blank(row, 17, &body),
        }
        .map_err(x)?;
        sheet
            .write_string_with_format(row, 18, rate_text(vs.and_then(|v| v.time_rate_bp)), &body)
            .map_err(x)?;
        match vs.and_then(|v| v.cost) {
            Some((then, _)) => sheet.write_number_with_format(row, 19, then as f64, &number),
            None => sheet.write_blank(row, 19, &body),
        }
        .map_err(x)?;
        sheet
            .write_string_with_format(row, 20, rate_text(vs.and_then(|v| v.cost_rate_bp)), &body)
            .map_err(x)?;
    }
    sheet.set_freeze_panes(3, 0).map_err(x)?;
    sheet.set_landscape().set_paper_size(9);
    sheet.set_repeat_rows(2, 2).map_err(x)?;
    sheet.set_print_fit_to_pages(1, 0);
    book.save_to_buffer().map_err(x)
}

fn write_totals(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    t: &Totals,
    s: &rust_xlsxwriter::Format,
    n: &rust_xlsxwriter::Format,
    text: &dyn Fn(&str) -> String,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.write_string_with_format(row, 0, text(&t.label), s)?;
    let counts = [t.forms, t.completed, t.keep, t.abolish, t.amend, t.replace];
    for (i, c) in counts.iter().enumerate() {
        sheet.write_number_with_format(row, (i + 1) as u16, *c as f64, n)?;
    }
    sheet.write_number_with_format(row, 7, t.cost_before as f64, n)?;
    sheet.write_number_with_format(row, 8, t.cost_after as f64, n)?;
    sheet.write_number_with_format(row, 9, t.saving as f64, n)?;
    sheet.write_string_with_format(row, 10, rate_text(t.cost_rate_bp), s)?;
    sheet.write_number_with_format(row, 11, t.days_before as f64, n)?;
    sheet.write_number_with_format(row, 12, t.days_after as f64, n)?;
    sheet.write_string_with_format(row, 13, rate_text(t.time_rate_bp), s)?;
    Ok(())
}

/// The plan in sentences (shared with the DOCX).
pub(super) fn plan_lines(report: &ReviewReport) -> Vec<String> {
    let mut out = Vec::new();
    match &report.plan {
        Some(plan) => {
            if let Some(d) = &plan.decision {
                let mut s = format!("Thực hiện Kế hoạch số {}", d.number.trim());
                if let Some(date) = d.date {
                    s.push_str(&format!(" ngày {}", date_vi(date)));
                }
                if let Some(issuer) = &d.issuer {
                    s.push_str(&format!(" của {issuer}"));
                }
                s.push_str(" về rà soát, đánh giá thủ tục hành chính.");
                out.push(s);
            }
            out.push(format!(
                "Số thủ tục thuộc phạm vi kế hoạch: {}; đã lập phiếu: {}; đã hoàn thành: {}.",
                report.planned, report.total.forms, report.total.completed
            ));
            if let Some(due) = plan.due {
                out.push(format!("Thời hạn hoàn thành: {}.", date_vi(due)));
            }
        }
        None => out.push(format!(
            "Số thủ tục đã lập phiếu: {}; đã hoàn thành: {}.",
            report.total.forms, report.total.completed
        )),
    }
    out.push(format!(
        "Thu nhập bình quân một giờ dùng để tính chi phí tuân thủ (W): {}.",
        crate::present::vnd(report.wage_per_hour)
    ));
    out
}

/// Progress towards the targets in sentences (shared with the DOCX).
pub(super) fn target_lines(report: &ReviewReport) -> Vec<String> {
    let t = &report.targets;
    let rate = |bp: Option<i64>| {
        let r = rate_text(bp);
        if r.is_empty() {
            "chưa tính được".to_owned()
        } else {
            r
        }
    };
    let met = |target: i64| {
        if t.met(target) {
            "đạt"
        } else {
            "chưa đạt"
        }
    };
    let mut out = vec![format!("Mốc so sánh: {}.", t.baseline)];
    if t.with_baseline > 0 {
        let (cost_then, cost_now) = t.baseline_cost;
        let (h_then, h_now) = t.baseline_hours;
        out.push(format!(
            "So với năm 2024: chi phí tuân thủ một năm từ {} xuống {}; tổng thời hạn giải quyết từ {} xuống {} ngày làm việc.",
            crate::present::vnd(cost_then),
            crate::present::vnd(cost_now),
            super::days_text(h_then),
            super::days_text(h_now)
        ));
    }
    out.extend([
        format!(
            "Chi phí tuân thủ giảm {}; thời hạn giải quyết giảm {}.",
            rate(t.cost_rate_bp),
            rate(t.time_rate_bp)
        ),
        format!(
            "Mục tiêu năm 2025 (cắt giảm {} thời gian và chi phí): {}.",
            rate_text(Some(t.target_2025_bp)),
            met(t.target_2025_bp)
        ),
        format!(
            "Mục tiêu năm 2026 (cắt giảm {} thời gian và chi phí): {}.",
            rate_text(Some(t.target_2026_bp)),
            met(t.target_2026_bp)
        ),
    ]);
    out
}
