//! The listing as spreadsheets: CSV (UTF-8 with BOM, formula-safe) and XLSX (a sheet per level).

use super::{Entry, ExportError, Listing, Source};
use crate::i18n::Lang;
use crate::model::{Manifest, Procedure};
use crate::present;

const VI: Lang = Lang::Vi;

/// The columns after STT, in order. The level column is left out of the per-level XLSX sheets.
const COLUMNS: &[&str] = &[
    "Mã thủ tục",
    "Mã địa phương",
    "Tên thủ tục",
    "Cấp thực hiện",
    "Lĩnh vực",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Cơ quan thực hiện",
    "Dịch vụ công trực tuyến",
    "Bưu chính công ích: tiếp nhận hồ sơ",
    "Bưu chính công ích: trả kết quả",
    "Tình trạng",
    "Quyết định công bố",
    "Ngày hiệu lực",
    "Ngày hết hiệu lực",
    "Căn cứ pháp lý",
    "Trang thông tin",
];
const LEVEL_COLUMN: usize = 3;

/// Implementing agencies by name, joined.
pub(super) fn agencies(p: &Procedure, m: &Manifest) -> String {
    p.agencies
        .implementing
        .iter()
        .map(|a| m.agency_name(a))
        .collect::<Vec<_>>()
        .join("; ")
}

fn cells(e: &Entry, m: &Manifest, day: crate::model::Date) -> Vec<String> {
    let p = e.procedure;
    let mark = |b: bool| if b { "x" } else { "" }.to_owned();
    let date = |d: Option<crate::model::Date>| d.map(present::date_vi).unwrap_or_default();
    vec![
        p.code.to_string(),
        p.local_code.clone().unwrap_or_default().to_string(),
        p.name.to_string(),
        m.level_name(&p.level).to_owned(),
        m.field_name(&p.field).to_owned(),
        present::processing_time(&p.processing_time, VI),
        present::fees_short(p.fees.as_deref(), VI),
        agencies(p, m),
        present::online_text(&p.online_service, VI),
        mark(p.postal.receive),
        mark(p.postal.return_result),
        present::status_column(p, Some(day), VI),
        p.publication
            .as_ref()
            .map(|r| match r.date {
                Some(d) => format!("{} ({})", r.decision, present::date_vi(d)),
                None => r.decision.to_string(),
            })
            .unwrap_or_default(),
        date(p.effective_from),
        date(p.effective_until),
        p.legal_list()
            .iter()
            .map(|d| d.number.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        m.publication.page_url(&e.href),
    ]
}

/// A cell a spreadsheet will not run as a formula: one starting with `= + - @`, a tab or a
/// carriage return (or their full-width forms) gets a leading apostrophe (OWASP's advice).
pub fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ]) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Every procedure (abolished ones too, with their status), one row each, UTF-8 with a BOM so
/// Excel reads Vietnamese correctly.
pub fn csv(out: &mut dyn std::io::Write, listing: &Listing) -> Result<(), ExportError> {
    let csv_err = |e: ::csv::Error| ExportError::Io {
        path: "danh-muc-tthc.csv".into(),
        source: std::io::Error::other(e.to_string()),
    };
    out.write_all("\u{FEFF}".as_bytes())
        .map_err(|source| ExportError::Io {
            path: "danh-muc-tthc.csv".into(),
            source,
        })?;
    let mut w = ::csv::Writer::from_writer(out);
    let header = std::iter::once("STT").chain(COLUMNS.iter().copied());
    w.write_record(header).map_err(csv_err)?;
    for (i, e) in listing.entries.iter().enumerate() {
        let row = cells(e, listing.manifest, listing.day);
        let stt = (i + 1).to_string();
        w.write_record(
            std::iter::once(stt.as_str())
                .chain(row.iter().map(String::as_str))
                .map(formula_safe)
                .map(|c| c.into_owned()),
        )
        .map_err(csv_err)?;
    }
    w.flush().map_err(|source| ExportError::Io {
        path: "danh-muc-tthc.csv".into(),
        source,
    })
}

/// A valid, unique sheet name from a level name (at most 31 characters, none of `[]:*?/\`).
fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches(['\'', ' ']).to_owned();
    let base: String = if clean.is_empty() {
        "Danh mục".into()
    } else {
        clean.chars().take(31).collect()
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == candidate.to_lowercase())
    {
        let suffix = format!(" ({n})");
        candidate = base
            .chars()
            .take(31 - suffix.chars().count())
            .chain(suffix.chars())
            .collect();
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// Excel refuses longer strings.
fn excel_text(s: &str) -> String {
    const MAX: usize = 32_767;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        s.chars().take(MAX).collect()
    }
}

/// One sheet per level (in manifest order), header row frozen, ready to print on A4 landscape.
/// Values are written as text cells (inline strings), which Excel never evaluates.
pub fn xlsx(listing: &Listing, source: &Source) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format as Style, FormatBorder, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
    let m = listing.manifest;
    let mut book = Workbook::new();
    let created = source
        .effective
        .map(|d| {
            ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                .unwrap_or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1).expect("valid date"))
        })
        .unwrap_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).expect("valid date"));
    book.set_properties(
        &DocProperties::new()
            .set_title(excel_text(
                m.publication
                    .site_title
                    .as_deref()
                    .unwrap_or("Danh mục thủ tục hành chính"),
            ))
            .set_author(excel_text(&m.authority.name))
            .set_creation_datetime(&created),
    );
    let header = Style::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color("D9E2F3");
    let body = Style::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let centered = body.clone().set_align(rust_xlsxwriter::FormatAlign::Center);

    // Levels in manifest order, then undeclared ones in listing order.
    let mut levels: Vec<&str> = m.levels.iter().map(|l| l.id.as_str()).collect();
    for e in &listing.entries {
        if !levels.contains(&e.procedure.level.as_str()) {
            levels.push(&e.procedure.level);
        }
    }
    let columns: Vec<&str> = std::iter::once("STT")
        .chain(
            COLUMNS
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != LEVEL_COLUMN)
                .map(|(_, c)| *c),
        )
        .collect();
    let widths = [
        5.0, 11.0, 14.0, 48.0, 20.0, 24.0, 22.0, 28.0, 12.0, 11.0, 11.0, 16.0, 20.0, 11.0, 11.0,
        24.0, 26.0,
    ];
    let mut taken = Vec::new();
    for level in levels {
        let rows: Vec<&Entry> = listing
            .entries
            .iter()
            .filter(|e| e.procedure.level == level)
            .collect();
        if rows.is_empty() && m.level(level).is_none() {
            continue;
        }
        // Rows go to a temporary file as they are written ("constant memory" mode): a sheet of
        // 100,000 rows never sits in memory as cells.
        let sheet = book.add_worksheet_with_constant_memory().map_err(x)?;
        sheet
            .set_name(sheet_name(m.level_name(level), &mut taken))
            .map_err(x)?;
        for (col, title) in columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *title, &header)
                .map_err(x)?;
            sheet
                .set_column_width(col as u16, widths.get(col).copied().unwrap_or(16.0))
                .map_err(x)?;
        }
        for (i, e) in rows.iter().enumerate() {
            let row = (i + 1) as u32;
            sheet
                .write_number_with_format(row, 0, (i + 1) as f64, &centered)
                .map_err(x)?;
            let values = cells(e, m, listing.day);
            let values = values
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != LEVEL_COLUMN);
            for (col, (src, value)) in values.enumerate() {
                let style = if (9..=10).contains(&src) {
                    &centered
                } else {
                    &body
                };
                sheet
                    .write_string_with_format(row, (col + 1) as u16, excel_text(value), style)
                    .map_err(x)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(x)?;
        sheet
            .autofilter(0, 0, rows.len() as u32, (columns.len() - 1) as u16)
            .map_err(x)?;
        sheet.set_landscape().set_paper_size(9);
        sheet.set_repeat_rows(0, 0).map_err(x)?;
        sheet.set_print_fit_to_pages(1, 0);
    }
    if listing.entries.is_empty() && m.levels.is_empty() {
        let sheet = book.add_worksheet();
        for (col, title) in columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *title, &header)
                .map_err(x)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(x)?;
    }
    book.save_to_buffer().map_err(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1"] {
            assert!(formula_safe(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(formula_safe("Hộ tịch"), "Hộ tịch");
    }

    #[test]
    fn the_page_column_is_a_full_address_when_the_site_declares_one() {
        let mut settings = crate::model::PublicationSettings::default();
        assert_eq!(
            settings.page_url("thu-tuc/xa/1.001193.html"),
            "thu-tuc/xa/1.001193.html"
        );
        settings.base_url = Some("https://duytien.hanam.gov.vn/tthc/".into());
        assert_eq!(
            settings.page_url("thu-tuc/xa/1.001193.html"),
            "https://duytien.hanam.gov.vn/tthc/thu-tuc/xa/1.001193.html"
        );
        settings.base_url = Some("https://duytien.hanam.gov.vn/tthc".into());
        assert_eq!(
            settings.page_url("thu-tuc/xa/1.001193.html"),
            "https://duytien.hanam.gov.vn/tthc/thu-tuc/xa/1.001193.html"
        );
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(sheet_name("Cấp xã", &mut taken), "Cấp xã");
        assert_eq!(sheet_name("Cấp xã", &mut taken), "Cấp xã (2)");
        assert_eq!(sheet_name("a/b:c", &mut taken), "a-b-c");
        assert_eq!(sheet_name(&"x".repeat(40), &mut taken).chars().count(), 31);
    }
}
