//! A province decision's appendix (DOCX): numbered parts — new, amended-supplemented, replaced,
//! abolished procedures — each a table whose group rows name the level and the field, and whose
//! rows carry the code (often absent for new ones), the name and the legal text that causes the
//! change.

use super::docx::{self, Block, Cell, Table};
use super::text::{self, label_key};
use super::{Expected, Located, Place, RowProblem, SourceError, container};
use crate::model::{EffectKind, Fee, LegalText, ProcessingTime};
use std::path::{Path, PathBuf};

/// One row of the appendix, as written (names not yet matched to the manifest).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppendixRow {
    pub kind: EffectKind,
    /// The paragraph of the row's first cell.
    pub paragraph: usize,
    pub code: Option<String>,
    pub name: String,
    /// From the group row above it ("Cấp xã", "Thủ tục hành chính cấp xã").
    pub level: Option<String>,
    /// From its column, else the group row above it ("Lĩnh vực Hộ tịch").
    pub field: Option<String>,
    pub legal_text: Option<LegalText>,
    pub agency: Option<String>,
    pub time: Option<ProcessingTime>,
    pub fees: Vec<Fee>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Appendix {
    pub file: PathBuf,
    pub rows: Vec<AppendixRow>,
}

/// The kind of a part from its heading, when the paragraph is one.
fn part_of(text: &str) -> Option<EffectKind> {
    let k = label_key(text);
    if k.len() > 300 || !(k.contains("thu tuc") || k.contains("tthc")) {
        return None;
    }
    if !(k.contains("danh muc") || k.starts_with("phan ") || k.contains("thu tuc hanh chinh")) {
        return None;
    }
    if k.contains("bai bo") {
        Some(EffectKind::Abolished)
    } else if k.contains("thay the") && !k.contains("sua doi") {
        Some(EffectKind::Replaced)
    } else if k.contains("sua doi") || k.contains("bo sung") {
        Some(EffectKind::Amended)
    } else if k.contains("moi") {
        Some(EffectKind::New)
    } else {
        None
    }
}

/// Read the appendix at `path`.
pub fn read_appendix(path: &Path) -> Result<Appendix, SourceError> {
    let bytes = container::read_file(path)?;
    let blocks = docx::read(path, &bytes, Expected::Appendix)?;
    parse_appendix(path, &blocks)
}

/// The legal text a cell names: "Nghị định số 120/2025/NĐ-CP ngày 11/6/2025 của Chính phủ".
pub fn legal_text(cell: &str) -> Option<LegalText> {
    let t = text::value(cell)?;
    let number = t
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | '(' | ')' | ':')))
        .find(|w| w.contains('/') && w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .unwrap_or_default();
    Some(LegalText {
        number,
        title: Some(t.replace('\n', " ")),
        date: text::date_inside(&t),
        effective: None,
    })
}

pub fn parse_appendix(path: &Path, blocks: &[Block]) -> Result<Appendix, SourceError> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut part: Option<EffectKind> = None;
    let mut parts_seen = 0;
    for b in blocks {
        match b {
            Block::Para(p) => {
                if let Some(k) = part_of(&p.text) {
                    part = Some(k);
                    parts_seen += 1;
                }
            }
            Block::Table(t) => {
                read_table(t, &mut part, &mut parts_seen, &mut rows, &mut problems);
            }
        }
    }
    if parts_seen == 0 || rows.is_empty() {
        return Err(SourceError::Labels {
            file: path.to_owned(),
            expected: Expected::Appendix,
            missing: vec![
                "Danh mục thủ tục hành chính mới ban hành",
                "Danh mục thủ tục hành chính được sửa đổi, bổ sung",
                "Danh mục thủ tục hành chính được thay thế",
                "Danh mục thủ tục hành chính bị bãi bỏ",
            ],
        });
    }
    if !problems.is_empty() {
        return Err(SourceError::Rows {
            file: path.to_owned(),
            problems,
        });
    }
    Ok(Appendix {
        file: path.to_owned(),
        rows,
    })
}

struct Columns {
    code: Option<usize>,
    name: Option<usize>,
    legal: Option<usize>,
    field: Option<usize>,
    agency: Option<usize>,
    time: Option<usize>,
    fee: Option<usize>,
}

fn column(header: &[Cell], aliases: &[&str]) -> Option<usize> {
    header.iter().position(|c| {
        let k = label_key(&c.text());
        aliases.iter().any(|a| k.starts_with(a))
    })
}

fn columns(header: &[Cell]) -> Option<Columns> {
    let name = column(header, &["ten thu tuc", "ten tthc", "ten"]);
    name?;
    Some(Columns {
        code: column(
            header,
            &["ma so", "ma tthc", "ma thu tuc", "ma ho so", "ma"],
        ),
        name,
        legal: column(
            header,
            &[
                "ten vbqppl",
                "ten van ban",
                "van ban quy pham",
                "vbqppl",
                "can cu phap ly",
            ],
        ),
        field: column(header, &["linh vuc"]),
        agency: column(header, &["co quan thuc hien", "co quan"]),
        time: column(header, &["thoi han giai quyet", "thoi han"]),
        fee: column(header, &["phi le phi", "le phi", "phi"]),
    })
}

fn read_table(
    t: &Table,
    part: &mut Option<EffectKind>,
    parts_seen: &mut usize,
    rows: &mut Vec<AppendixRow>,
    problems: &mut Vec<Located>,
) {
    let mut cols: Option<Columns> = None;
    let mut level: Option<String> = None;
    let mut field: Option<String> = None;
    for r in &t.rows {
        let filled: Vec<&Cell> = r.iter().filter(|c| !c.text().trim().is_empty()).collect();
        if filled.is_empty() {
            continue;
        }
        if cols.is_none() {
            cols = columns(r);
            if cols.is_none()
                && filled.len() == 1
                && let Some(k) = part_of(&filled[0].text())
            {
                *part = Some(k);
                *parts_seen += 1;
            }
            continue;
        }
        let c = cols.as_ref().expect("set above");
        // A group row: one cell across the table.
        if filled.len() == 1
            && (r.len() == 1
                || filled[0].span > 1
                || c.name
                    .is_none_or(|n| r.get(n).is_none_or(|x| x.text().trim().is_empty())))
        {
            let text = text::clean(&filled[0].text());
            if let Some(k) = part_of(&text) {
                *part = Some(k);
                *parts_seen += 1;
                continue;
            }
            let key = label_key(&text);
            // Strip a heading number: "A.", "I.", "1." …
            let stripped = strip_heading_number(&text);
            let skey = label_key(&stripped);
            if skey.starts_with("linh vuc") {
                field = Some(
                    stripped
                        .split_once(|ch: char| ch.is_whitespace())
                        .and_then(|(_, rest)| rest.split_once(|ch: char| ch.is_whitespace()))
                        .map(|(_, rest)| rest.trim_start_matches(':').trim().to_owned())
                        .unwrap_or_default(),
                );
            } else if key.contains("cap tinh")
                || key.contains("cap huyen")
                || key.contains("cap xa")
                || skey.starts_with("cap ")
            {
                level = Some(level_words(&stripped));
                field = None;
            } else {
                field = Some(stripped);
            }
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| r.get(i)).map(Cell::text).unwrap_or_default();
        let name = text::clean(&get(c.name)).replace('\n', " ");
        if name.is_empty() {
            continue;
        }
        let paragraph = r.first().map(Cell::number).unwrap_or(0);
        let Some(kind) = *part else {
            continue;
        };
        let code_text = text::clean(&get(c.code));
        let code = if code_text.is_empty() || text::is_no_info(&code_text) {
            None
        } else {
            match text::split_code(&code_text) {
                Some((code, _)) => Some(code),
                None => {
                    problems.push(Located {
                        place: Place::Paragraph { paragraph },
                        problem: RowProblem::BadCode { code: code_text },
                    });
                    continue;
                }
            }
        };
        if code.is_none() && kind != EffectKind::New {
            problems.push(Located {
                place: Place::Paragraph { paragraph },
                problem: RowProblem::MissingCode,
            });
            continue;
        }
        rows.push(AppendixRow {
            kind,
            paragraph,
            code,
            name,
            level: level.clone(),
            field: text::value(&get(c.field)).or_else(|| field.clone()),
            legal_text: legal_text(&get(c.legal)),
            agency: text::value(&get(c.agency)),
            time: text::time(&get(c.time)),
            fees: text::fees(&get(c.fee)),
        });
    }
}

/// "A. THỦ TỤC HÀNH CHÍNH CẤP XÃ" → "Cấp xã"; "Cấp huyện" stays.
fn level_words(text: &str) -> String {
    let key = label_key(text);
    for (k, words) in [
        ("cap tinh", "Cấp tỉnh"),
        ("cap huyen", "Cấp huyện"),
        ("cap xa", "Cấp xã"),
    ] {
        if key.contains(k) {
            return words.to_owned();
        }
    }
    text.to_owned()
}

fn strip_heading_number(text: &str) -> String {
    let t = text.trim();
    if let Some((head, rest)) = t.split_once(['.', ')'])
        && !head.is_empty()
        && head.len() <= 5
        && head
            .chars()
            .all(|c| c.is_ascii_digit() || "IVXLivxlABCDEabcde".contains(c))
    {
        return rest.trim().to_owned();
    }
    t.to_owned()
}
