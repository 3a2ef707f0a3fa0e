//! Files in the national portal's shapes, made for tests (the import's integration tests and
//! the TUI's): an XLSX list with title rows and a two-row merged header (rust_xlsxwriter),
//! per-procedure DOCX files with label rows and nested tables, and the pieces of a minimal
//! WordprocessingML document (zip) for a decision's appendix.
#![allow(dead_code)]

use rust_xlsxwriter::{Format, Workbook};
use std::io::Write;
use tthc::import::text::{fee_text, time_text};
use tthc::model::{ChannelKind, Manifest, Procedure, ProcedureStatus};

/// The eight columns of the portal's list, in the portal's order.
pub type ListRow = [String; 8];

/// An XLSX in the portal's shape: two title rows, a two-row header whose first row merges
/// "Thông tin thủ tục" over three columns (the others merged down), then the rows.
pub fn portal_xlsx(rows: &[ListRow]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách TTHC").unwrap();
    let f = Format::new();
    sheet
        .merge_range(0, 0, 0, 8, "DANH SÁCH THỦ TỤC HÀNH CHÍNH", &f)
        .unwrap();
    sheet
        .merge_range(1, 0, 1, 8, "Cơ quan: UBND tỉnh Hà Nam", &f)
        .unwrap();
    sheet.merge_range(2, 0, 3, 0, "STT", &f).unwrap();
    sheet
        .merge_range(2, 1, 2, 3, "Thông tin thủ tục", &f)
        .unwrap();
    sheet.write_string(3, 1, "Mã TTHC").unwrap();
    sheet.write_string(3, 2, "Tên TTHC").unwrap();
    sheet.write_string(3, 3, "Lĩnh vực").unwrap();
    for (c, label) in [
        (4, "Đối tượng"),
        (5, "Cơ quan công khai"),
        (6, "Cấp thực hiện"),
        (7, "Tình trạng"),
        (8, "QĐ Công bố"),
    ] {
        sheet.merge_range(2, c, 3, c, label, &f).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        sheet.write_string(r, 0, (i + 1).to_string()).unwrap();
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, 1 + c as u16, v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A paragraph; line breaks become separate paragraphs.
pub fn p(text: &str) -> String {
    text.split('\n')
        .map(|l| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                esc(l)
            )
        })
        .collect()
}

/// A cell holding blocks (already XML); an empty cell gets an empty paragraph.
pub fn tc(inner: &str) -> String {
    let inner = if inner.is_empty() { "<w:p/>" } else { inner };
    format!("<w:tc>{inner}</w:tc>")
}

pub fn tc_span(inner: &str, span: usize) -> String {
    format!("<w:tc><w:tcPr><w:gridSpan w:val=\"{span}\"/></w:tcPr>{inner}</w:tc>")
}

pub fn tbl(rows: &[Vec<String>]) -> String {
    let rows: String = rows
        .iter()
        .map(|r| format!("<w:tr>{}</w:tr>", r.concat()))
        .collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

/// A text table: every cell a paragraph of text.
pub fn text_tbl(rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| tc(&p(c))).collect())
        .collect();
    tbl(&rows)
}

/// A minimal DOCX around a body.
pub fn docx(body: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("[Content_Types].xml", o).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
        z.start_file("_rels/.rels", o).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).unwrap();
        z.start_file("word/document.xml", o).unwrap();
        write!(
            z,
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
        .unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

pub fn date_vi(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()))
        .unwrap_or_default()
}

pub fn or_none(s: &str) -> String {
    if s.is_empty() {
        "Không có thông tin".into()
    } else {
        s.into()
    }
}

/// The portal's detail file of one procedure, in the portal's order: a table of label rows,
/// the channels, dossier and legal basis as tables nested in the value cells.
pub fn detail_docx(p_: &Procedure, m: &Manifest) -> Vec<u8> {
    let agency = |id: &str| m.agency_name(id).to_owned();
    let agencies =
        |ids: &[tthc::model::Text]| ids.iter().map(|i| agency(i)).collect::<Vec<_>>().join("; ");
    let mut channels = vec![vec![
        "Hình thức nộp".to_owned(),
        "Thời hạn giải quyết".into(),
        "Phí, lệ phí".into(),
        "Mô tả".into(),
    ]];
    for c in &p_.channels {
        let time = c.processing_time.as_ref().unwrap_or(&p_.processing_time);
        let fees = c.fees.as_deref().unwrap_or(p_.fee_list());
        channels.push(vec![
            match c.kind {
                ChannelKind::InPerson => "Trực tiếp",
                ChannelKind::Online => "Trực tuyến",
                ChannelKind::Postal => "Dịch vụ bưu chính",
            }
            .into(),
            time_text(time),
            or_none(&fees.iter().map(fee_text).collect::<Vec<_>>().join("\n")),
            c.description.clone().unwrap_or_default().to_string(),
        ]);
    }
    let mut dossier = String::new();
    for g in &p_.dossier {
        dossier.push_str(&p(g.title.as_deref().unwrap_or("Bao gồm")));
        let mut rows = vec![vec![
            "Tên giấy tờ".to_owned(),
            "Mẫu đơn, tờ khai".into(),
            "Số lượng".into(),
        ]];
        for d in &g.documents {
            rows.push(vec![
                d.name.to_string(),
                d.form.clone().unwrap_or_default().to_string(),
                format!("Bản chính: {} Bản sao: {}", d.originals, d.copies),
            ]);
        }
        dossier.push_str(&text_tbl(&rows));
    }
    let mut legal = vec![vec![
        "Số ký hiệu".to_owned(),
        "Trích yếu".into(),
        "Ngày ban hành".into(),
        "Cơ quan ban hành".into(),
    ]];
    for l in p_.legal_list() {
        legal.push(vec![
            l.number.to_string(),
            l.title.to_string(),
            date_vi(l.date),
            l.issuer.as_deref().unwrap_or_default().to_owned(),
        ]);
    }
    let text_row = |label: &str, value: &str| vec![tc(&p(label)), tc(&p(&or_none(value)))];
    let rows = vec![
        text_row("Mã thủ tục", &p_.code),
        text_row(
            "Số quyết định",
            p_.publication.as_ref().map_or("", |x| x.decision.as_str()),
        ),
        text_row("Tên thủ tục", &p_.name),
        text_row("Cấp thực hiện", m.level_name(&p_.level)),
        text_row("Loại thủ tục", p_.kind.as_deref().unwrap_or("")),
        text_row("Lĩnh vực", m.field_name(&p_.field)),
        vec![
            tc(&p("Trình tự thực hiện")),
            tc(&p_.steps.iter().map(|s| p(s)).collect::<String>()),
        ],
        vec![tc(&p("Cách thức thực hiện")), tc(&text_tbl(&channels))],
        vec![tc(&p("Thành phần hồ sơ")), tc(&dossier)],
        text_row("Đối tượng thực hiện", &p_.subjects.join("; ")),
        text_row("Cơ quan thực hiện", &agencies(&p_.agencies.implementing)),
        text_row(
            "Cơ quan có thẩm quyền",
            &p_.agencies
                .competent
                .as_deref()
                .map(agency)
                .unwrap_or_default(),
        ),
        text_row(
            "Địa chỉ tiếp nhận HS",
            p_.agencies.address.as_deref().unwrap_or(""),
        ),
        text_row("Cơ quan được ủy quyền", &agencies(&p_.agencies.authorised)),
        text_row("Cơ quan phối hợp", &agencies(&p_.agencies.coordinating)),
        vec![
            tc(&p("Kết quả thực hiện")),
            tc(&p_.results.iter().map(|s| p(s)).collect::<String>()),
        ],
        vec![tc(&p("Căn cứ pháp lý")), tc(&text_tbl(&legal))],
        text_row(
            "Yêu cầu, điều kiện thực hiện",
            p_.requirements.as_deref().unwrap_or(""),
        ),
        text_row("Từ khóa", ""),
        text_row("Mô tả", ""),
    ];
    docx(&format!("{}{}", p("THỦ TỤC HÀNH CHÍNH"), tbl(&rows)))
}

pub fn status_vi(s: ProcedureStatus) -> &'static str {
    match s {
        ProcedureStatus::Amended => "Đang công khai sửa đổi bổ sung",
        ProcedureStatus::Abolished => "Bãi bỏ",
        _ => "Đang công khai",
    }
}

/// The list row of a code held at the given levels (one row may name several).
pub fn list_row(p_: &Procedure, levels: &[&str], m: &Manifest) -> ListRow {
    let levels: Vec<&str> = levels.iter().map(|l| m.level_name(l)).collect();
    [
        p_.code.to_string(),
        p_.name.to_string(),
        m.field_name(&p_.field).to_owned(),
        p_.subjects.join("; "),
        "UBND tỉnh Hà Nam".into(),
        levels.join(", "),
        status_vi(p_.status).into(),
        p_.publication
            .as_ref()
            .map(|x| format!("{} ngày {}", x.decision, date_vi(x.date)))
            .unwrap_or_default(),
    ]
}
