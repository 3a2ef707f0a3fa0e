//! The review report as a Word document: WordprocessingML written here, zipped with the `zip`
//! crate. Four parts are all Word, LibreOffice and the portal's readers need: the content
//! types, the package relationships, the document and its styles. Laid out like the official
//! report: the issuer and the title centred, numbered sections, a totals table, then an annex
//! with one block per procedure. A4 portrait, Times New Roman 13.

use super::xlsx::{plan_lines, target_lines};
use super::{ReviewReport, Totals, conclusion_text, rate_text};
use crate::export::ExportError;
use crate::present::{date_vi, vnd};
use std::fmt::Write as _;
use std::io::Write;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="288" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:before="240" w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// Text as XML character data: markup characters escaped, and the characters XML 1.0 cannot
/// hold at all (most C0 controls, U+FFFE, U+FFFF) left out.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Builds `word/document.xml`.
struct Body {
    xml: String,
}

impl Body {
    fn paragraph(&mut self, style: Option<&str>, center: bool, runs: &[(&str, bool)]) {
        self.xml.push_str("<w:p>");
        if style.is_some() || center {
            self.xml.push_str("<w:pPr>");
            if let Some(s) = style {
                let _ = write!(self.xml, r#"<w:pStyle w:val="{s}"/>"#);
            }
            if center {
                self.xml.push_str(r#"<w:jc w:val="center"/>"#);
            }
            self.xml.push_str("</w:pPr>");
        }
        for (text, bold) in runs {
            self.run(text, *bold);
        }
        self.xml.push_str("</w:p>");
    }

    /// A run; line breaks in `text` become `<w:br/>`.
    fn run(&mut self, text: &str, bold: bool) {
        self.xml.push_str("<w:r>");
        if bold {
            self.xml.push_str("<w:rPr><w:b/></w:rPr>");
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.xml.push_str("<w:br/>");
            }
            let _ = write!(self.xml, r#"<w:t xml:space="preserve">{}</w:t>"#, esc(line));
        }
        self.xml.push_str("</w:r>");
    }

    fn text(&mut self, text: &str) {
        self.paragraph(None, false, &[(text, false)]);
    }

    fn labelled(&mut self, label: &str, text: &str) {
        self.paragraph(None, false, &[(label, true), (text, false)]);
    }

    /// A table with a header row; widths in twentieths of a point.
    fn table(&mut self, widths: &[u32], header: &[&str], rows: &[(Vec<String>, bool)]) {
        self.xml.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#);
        for w in widths {
            let _ = write!(self.xml, r#"<w:gridCol w:w="{w}"/>"#);
        }
        self.xml.push_str("</w:tblGrid>");
        let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
        self.row(widths, &header, true, true);
        for (cells, bold) in rows {
            self.row(widths, cells, *bold, false);
        }
        self.xml.push_str("</w:tbl>");
        // Word needs a paragraph between a table and what follows.
        self.paragraph(None, false, &[]);
    }

    fn row(&mut self, widths: &[u32], cells: &[String], bold: bool, header: bool) {
        self.xml.push_str("<w:tr>");
        if header {
            self.xml.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for (w, cell) in widths.iter().zip(cells) {
            let _ = write!(
                self.xml,
                r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="{}"/></w:pPr>"#,
                if header { "center" } else { "left" }
            );
            self.xml.push_str(r#"<w:r><w:rPr><w:sz w:val="22"/>"#);
            if bold {
                self.xml.push_str("<w:b/>");
            }
            self.xml.push_str("</w:rPr>");
            for (i, line) in cell.split('\n').enumerate() {
                if i > 0 {
                    self.xml.push_str("<w:br/>");
                }
                let _ = write!(self.xml, r#"<w:t xml:space="preserve">{}</w:t>"#, esc(line));
            }
            self.xml.push_str("</w:r></w:p></w:tc>");
        }
        self.xml.push_str("</w:tr>");
    }
}

fn totals_cells(t: &Totals) -> Vec<String> {
    vec![
        t.label.clone(),
        t.forms.to_string(),
        t.keep.to_string(),
        t.abolish.to_string(),
        t.amend.to_string(),
        t.replace.to_string(),
        vnd(t.cost_before),
        vnd(t.cost_after),
        rate_text(t.cost_rate_bp),
        rate_text(t.time_rate_bp),
    ]
}

/// The text of `word/document.xml`.
pub fn document_xml(report: &ReviewReport) -> String {
    let mut b = Body { xml: String::new() };
    b.paragraph(None, true, &[(&report.authority.to_uppercase(), true)]);
    b.paragraph(
        None,
        true,
        &[(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            true,
        )],
    );
    b.paragraph(
        Some("Title"),
        false,
        &[(
            &format!(
                "BÁO CÁO\nKết quả rà soát, đánh giá thủ tục hành chính năm {}",
                report.year
            ),
            true,
        )],
    );
    b.paragraph(Some("Heading1"), false, &[("I. TÌNH HÌNH THỰC HIỆN", true)]);
    for line in plan_lines(report) {
        b.text(&line);
    }
    b.paragraph(Some("Heading1"), false, &[("II. KẾT QUẢ RÀ SOÁT", true)]);
    let header = [
        "Nhóm",
        "Số TTHC",
        "Giữ nguyên",
        "Bãi bỏ",
        "Sửa đổi",
        "Thay thế",
        "Chi phí trước (đ/năm)",
        "Chi phí sau (đ/năm)",
        "Giảm chi phí",
        "Giảm thời hạn",
    ];
    let widths = [1900, 700, 800, 700, 800, 800, 1300, 1300, 900, 900];
    for (heading, groups) in [
        ("1. Theo cấp thực hiện", &report.by_level),
        ("2. Theo lĩnh vực", &report.by_field),
    ] {
        b.paragraph(Some("Heading2"), false, &[(heading, true)]);
        let mut rows: Vec<(Vec<String>, bool)> =
            groups.iter().map(|t| (totals_cells(t), false)).collect();
        rows.push((totals_cells(&report.total), true));
        b.table(&widths, &header, &rows);
    }
    b.paragraph(
        Some("Heading1"),
        false,
        &[("III. TIẾN ĐỘ THỰC HIỆN MỤC TIÊU CẮT GIẢM", true)],
    );
    for line in target_lines(report) {
        b.text(&line);
    }
    b.paragraph(
        Some("Heading1"),
        false,
        &[("PHỤ LỤC: PHƯƠNG ÁN ĐƠN GIẢN HÓA TỪNG THỦ TỤC", true)],
    );
    for (i, r) in report.rows.iter().enumerate() {
        b.paragraph(
            Some("Heading2"),
            false,
            &[(
                &format!("{}. {} (mã {}, {})", i + 1, r.name, r.code, r.level_name),
                true,
            )],
        );
        let conclusion = conclusion_text(r.conclusion);
        b.labelled(
            "Kết luận: ",
            if conclusion.is_empty() {
                "chưa kết luận"
            } else {
                &conclusion
            },
        );
        if !r.content.is_empty() {
            b.labelled("Nội dung đơn giản hóa: ", &r.content.join("\n"));
        }
        if !r.reasons.is_empty() {
            b.labelled("Lý do: ", &r.reasons);
        }
        if !r.recommendation.is_empty() {
            b.labelled("Kiến nghị thực thi: ", &r.recommendation);
        }
        let c = &r.cost;
        b.table(
            &[2600, 2200, 2200, 2200],
            &[
                "Chi phí tuân thủ",
                "Trước đơn giản hóa",
                "Sau đơn giản hóa",
                "Tiết kiệm",
            ],
            &[
                (
                    vec![
                        "Một hồ sơ".into(),
                        vnd(c.per_case_before),
                        vnd(c.per_case_after),
                        vnd(c.per_case_before - c.per_case_after),
                    ],
                    false,
                ),
                (
                    vec![
                        format!("Một năm ({} hồ sơ)", c.cases_per_year),
                        vnd(c.per_year_before),
                        vnd(c.per_year_after),
                        format!("{} ({})", vnd(c.saving), rate_text(c.rate_basis_points)),
                    ],
                    true,
                ),
            ],
        );
        if let Some(v) = &r.vs_baseline {
            let mut parts = Vec::new();
            if let Some((then, now)) = v.hours {
                parts.push(format!(
                    "thời hạn giải quyết từ {} xuống {} ngày làm việc (giảm {})",
                    super::days_text(then),
                    super::days_text(now),
                    rate_text(v.time_rate_bp)
                ));
            }
            if let Some((then, now)) = v.cost {
                parts.push(format!(
                    "chi phí tuân thủ một năm từ {} xuống {} (giảm {})",
                    vnd(then),
                    vnd(now),
                    rate_text(v.cost_rate_bp)
                ));
            }
            if !parts.is_empty() {
                b.labelled(&format!("So với năm {}: ", v.year), &parts.join("; "));
            }
        }
        if let Some(p) = &r.proposal {
            b.labelled("Đề xuất đã soạn: ", p);
        }
        if let Some(d) = r.completed_on {
            b.labelled("Ngày hoàn thành phiếu: ", &date_vi(d));
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
        b.xml
    )
}

/// The report as a `.docx` file's bytes.
pub fn docx(report: &ReviewReport) -> Result<Vec<u8>, ExportError> {
    let io = |e: std::io::Error| ExportError::Docx(e.to_string());
    let z = |e: zip::result::ZipError| ExportError::Docx(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/document.xml", document_xml(report)),
    ] {
        zip.start_file(name, options).map_err(z)?;
        zip.write_all(content.as_bytes()).map_err(io)?;
    }
    Ok(zip.finish().map_err(z)?.into_inner())
}
