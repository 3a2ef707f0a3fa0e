//! The national portal's file of one procedure (DOCX): label rows in the portal's order — Mã
//! thủ tục, Số quyết định, Tên thủ tục, Cấp thực hiện, Loại thủ tục, Lĩnh vực, Trình tự thực
//! hiện, Cách thức thực hiện (table), Thành phần hồ sơ (groups, each a table), Đối tượng thực
//! hiện, the agencies, Kết quả thực hiện, Căn cứ pháp lý (table), Yêu cầu, điều kiện thực hiện,
//! Từ khóa, Mô tả. A label is a table row whose first cell is the label, or a paragraph
//! starting with it ("Mã thủ tục: 1.001193"); labels are matched after folding, in any order.

use super::docx::{self, Block, Cell, Table};
use super::text::{self, label_key};
use super::{Expected, Located, Place, RowProblem, SourceError, container};
use crate::model::{
    Channel, ChannelKind, DossierDocument, DossierGroup, Fee, LegalDocument, ProcessingTime,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The parts of a detail file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Label {
    Code,
    Decision,
    Name,
    Levels,
    Kind,
    Field,
    Steps,
    Channels,
    Dossier,
    Subjects,
    Implementing,
    Competent,
    Address,
    Authorised,
    Coordinating,
    Results,
    Legal,
    Requirements,
    Keywords,
    Description,
}

/// Each label, its words on the portal (for messages) and the folded forms read as it.
const LABELS: &[(Label, &str, &[&str])] = &[
    (Label::Code, "Mã thủ tục", &["ma thu tuc", "ma tthc"]),
    (Label::Decision, "Số quyết định", &["so quyet dinh"]),
    (Label::Name, "Tên thủ tục", &["ten thu tuc", "ten tthc"]),
    (Label::Levels, "Cấp thực hiện", &["cap thuc hien"]),
    (Label::Kind, "Loại thủ tục", &["loai thu tuc", "loai tthc"]),
    (Label::Field, "Lĩnh vực", &["linh vuc"]),
    (Label::Steps, "Trình tự thực hiện", &["trinh tu thuc hien"]),
    (
        Label::Channels,
        "Cách thức thực hiện",
        &["cach thuc thuc hien"],
    ),
    (Label::Dossier, "Thành phần hồ sơ", &["thanh phan ho so"]),
    (
        Label::Subjects,
        "Đối tượng thực hiện",
        &["doi tuong thuc hien"],
    ),
    (
        Label::Implementing,
        "Cơ quan thực hiện",
        &["co quan thuc hien", "co quan truc tiep thuc hien"],
    ),
    (
        Label::Competent,
        "Cơ quan có thẩm quyền",
        &["co quan co tham quyen"],
    ),
    (
        Label::Address,
        "Địa chỉ tiếp nhận HS",
        &["dia chi tiep nhan hs", "dia chi tiep nhan ho so"],
    ),
    (
        Label::Authorised,
        "Cơ quan được ủy quyền",
        &["co quan duoc uy quyen", "co quan duoc uy quyen thuc hien"],
    ),
    (
        Label::Coordinating,
        "Cơ quan phối hợp",
        &["co quan phoi hop"],
    ),
    (Label::Results, "Kết quả thực hiện", &["ket qua thuc hien"]),
    (Label::Legal, "Căn cứ pháp lý", &["can cu phap ly"]),
    (
        Label::Requirements,
        "Yêu cầu, điều kiện thực hiện",
        &["yeu cau dieu kien thuc hien", "yeu cau dieu kien"],
    ),
    (Label::Keywords, "Từ khóa", &["tu khoa"]),
    (Label::Description, "Mô tả", &["mo ta"]),
];

/// One procedure as its detail file gives it (names not yet matched to the manifest).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Detail {
    pub file: PathBuf,
    pub code: String,
    pub local_code: Option<String>,
    pub decision: Option<String>,
    pub name: String,
    pub levels: Vec<String>,
    pub kind: Option<String>,
    pub field: Option<String>,
    pub steps: Vec<String>,
    /// Each channel with its own time and fees as the table gives them.
    pub channels: Vec<(Channel, Option<ProcessingTime>, Vec<Fee>)>,
    pub dossier: Vec<DossierGroup>,
    pub subjects: Vec<String>,
    pub implementing: Vec<String>,
    pub competent: Vec<String>,
    pub address: Option<String>,
    pub authorised: Vec<String>,
    pub coordinating: Vec<String>,
    pub results: Vec<String>,
    pub legal_basis: Vec<LegalDocument>,
    pub requirements: Option<String>,
}

fn label_of(text: &str) -> Option<(Label, usize)> {
    let key = label_key(text);
    LABELS.iter().find_map(|(label, _, aliases)| {
        aliases.iter().find_map(|a| {
            if key == *a {
                Some((*label, 0))
            } else if key.starts_with(&format!("{a} ")) {
                Some((*label, a.split(' ').count()))
            } else {
                None
            }
        })
    })
}

/// The rest of a paragraph after its label's words and the colon: "Mã thủ tục: 1.001193".
fn after_label(text: &str, words: usize) -> String {
    let mut seen = 0;
    let mut prev_alnum = false;
    for (i, c) in text.char_indices() {
        let alnum = c.is_alphanumeric();
        if prev_alnum && !alnum {
            seen += 1;
            if seen == words {
                return text[i..]
                    .trim_start_matches(|c: char| c == ':' || c.is_whitespace() || c == '-')
                    .trim()
                    .to_owned();
            }
        }
        prev_alnum = alnum;
    }
    String::new()
}

/// Read the detail file at `path`.
pub fn read_detail(path: &Path) -> Result<Detail, SourceError> {
    let bytes = container::read_file(path)?;
    let blocks = docx::read(path, &bytes, Expected::PortalDetail)?;
    parse_detail(path, &blocks)
}

/// The sections of the document: each label's blocks, in order.
fn sections(blocks: &[Block]) -> BTreeMap<Label, Vec<Block>> {
    let mut out: BTreeMap<Label, Vec<Block>> = BTreeMap::new();
    let mut current: Option<Label> = None;
    let add = |out: &mut BTreeMap<Label, Vec<Block>>, label: Label, b: Block| {
        out.entry(label).or_default().push(b);
    };
    for b in blocks {
        match b {
            Block::Para(p) => match label_of(&p.text) {
                Some((label, words)) if !out.contains_key(&label) => {
                    current = Some(label);
                    out.entry(label).or_default();
                    let rest = if words == 0 {
                        String::new()
                    } else {
                        after_label(&p.text, words)
                    };
                    if !rest.is_empty() {
                        add(
                            &mut out,
                            label,
                            Block::Para(docx::Para {
                                text: rest,
                                number: p.number,
                            }),
                        );
                    }
                }
                _ => {
                    if let Some(l) = current {
                        add(&mut out, l, b.clone());
                    }
                }
            },
            Block::Table(t) => {
                // A table of label rows (the portal's layout), or a table inside a section.
                let labelled = t
                    .rows
                    .iter()
                    .filter(|r| r.len() >= 2 && label_of(&r[0].text()).is_some_and(|(_, w)| w == 0))
                    .count();
                if labelled >= 2 {
                    for r in &t.rows {
                        let first = r.first().map(Cell::text).unwrap_or_default();
                        match label_of(&first) {
                            Some((label, 0)) if r.len() >= 2 && !out.contains_key(&label) => {
                                current = Some(label);
                                let entry = out.entry(label).or_default();
                                for c in &r[1..] {
                                    entry.extend(c.blocks.iter().cloned());
                                }
                            }
                            _ => {
                                // A row continuing the section above (the portal splits long
                                // ones): its cells belong to the current label.
                                if let Some(l) = current {
                                    let entry = out.entry(l).or_default();
                                    for c in r {
                                        entry.extend(c.blocks.iter().cloned());
                                    }
                                }
                            }
                        }
                    }
                } else if let Some(l) = current {
                    add(&mut out, l, b.clone());
                }
            }
        }
    }
    out
}

/// Parse the blocks of a detail file.
pub fn parse_detail(path: &Path, blocks: &[Block]) -> Result<Detail, SourceError> {
    let s = sections(blocks);
    let found = s.len();
    if found < 3 || !s.contains_key(&Label::Code) || !s.contains_key(&Label::Name) {
        let missing = LABELS
            .iter()
            .filter(|(l, _, _)| !s.contains_key(l))
            .filter(|(l, _, _)| {
                matches!(
                    l,
                    Label::Code | Label::Name | Label::Levels | Label::Steps | Label::Dossier
                )
            })
            .map(|(_, words, _)| *words)
            .collect();
        return Err(SourceError::Labels {
            file: path.to_owned(),
            expected: Expected::PortalDetail,
            missing,
        });
    }
    let mut problems = Vec::new();
    let empty = Vec::new();
    let get = |l: Label| s.get(&l).unwrap_or(&empty);
    let text_of = |l: Label| docx::paragraphs_text(get(l));
    let place_of = |l: Label| Place::Paragraph {
        paragraph: docx::first_number(get(l)).unwrap_or(0),
    };
    let code_text = text::clean(&text_of(Label::Code));
    let (code, local_code) = match text::split_code(&code_text) {
        Some(c) => c,
        None => {
            problems.push(Located {
                place: place_of(Label::Code),
                problem: if code_text.is_empty() {
                    RowProblem::MissingCode
                } else {
                    RowProblem::BadCode { code: code_text }
                },
            });
            (String::new(), None)
        }
    };
    let name = text::value(&text_of(Label::Name)).unwrap_or_default();
    if name.is_empty() {
        problems.push(Located {
            place: place_of(Label::Name),
            problem: RowProblem::MissingName,
        });
    }
    let mut d = Detail {
        file: path.to_owned(),
        code,
        local_code,
        decision: text::value(&text_of(Label::Decision)),
        name: name.replace('\n', " "),
        levels: text::level_items(&text_of(Label::Levels)),
        kind: text::value(&text_of(Label::Kind)),
        field: text::value(&text_of(Label::Field)),
        steps: lines(get(Label::Steps)),
        subjects: text::items(&text_of(Label::Subjects)),
        implementing: text::items(&text_of(Label::Implementing)),
        competent: text::items(&text_of(Label::Competent)),
        address: text::value(&text_of(Label::Address)),
        authorised: text::items(&text_of(Label::Authorised)),
        coordinating: text::items(&text_of(Label::Coordinating)),
        results: text::items(&text_of(Label::Results)),
        requirements: text::value(&text_of(Label::Requirements)),
        ..Detail::default()
    };
    for t in tables(get(Label::Channels)) {
        d.channels.extend(channels(t, &mut problems));
    }
    d.dossier = dossier(get(Label::Dossier), &mut problems);
    for t in tables(get(Label::Legal)) {
        d.legal_basis.extend(legal(t, &mut problems));
    }
    if !problems.is_empty() {
        return Err(SourceError::Rows {
            file: path.to_owned(),
            problems,
        });
    }
    Ok(d)
}

/// Every non-empty line of the paragraphs (steps, one per line).
fn lines(blocks: &[Block]) -> Vec<String> {
    let t = docx::paragraphs_text(blocks);
    if text::is_no_info(&t) {
        return Vec::new();
    }
    t.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn tables(blocks: &[Block]) -> impl Iterator<Item = &Table> {
    blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        Block::Para(_) => None,
    })
}

/// The columns of a table's header row, by folded label: index of the first column whose
/// header starts with any of `aliases`.
fn column(header: &[Cell], aliases: &[&str]) -> Option<usize> {
    header.iter().position(|c| {
        let k = label_key(&c.text());
        aliases
            .iter()
            .any(|a| k == *a || k.starts_with(&format!("{a} ")))
    })
}

fn cell(row: &[Cell], i: Option<usize>) -> String {
    i.and_then(|i| row.get(i))
        .map(Cell::text)
        .unwrap_or_default()
}

/// The channels table: Hình thức nộp | Thời hạn giải quyết | Phí, lệ phí | Mô tả.
fn channels(
    t: &Table,
    problems: &mut Vec<Located>,
) -> Vec<(Channel, Option<ProcessingTime>, Vec<Fee>)> {
    let Some(header) = t.rows.first() else {
        return Vec::new();
    };
    let kind_col = column(header, &["hinh thuc nop", "hinh thuc"]);
    let time_col = column(header, &["thoi han giai quyet", "thoi han"]);
    let fee_col = column(header, &["phi le phi", "le phi", "phi"]);
    let desc_col = column(header, &["mo ta"]);
    let mut out = Vec::new();
    for row in &t.rows[1..] {
        let kind_text = text::clean(&cell(row, kind_col.or(Some(0))));
        let k = label_key(&kind_text);
        let kind = if k.contains("truc tuyen") {
            ChannelKind::Online
        } else if k.contains("buu chinh") {
            ChannelKind::Postal
        } else if k.contains("truc tiep") {
            ChannelKind::InPerson
        } else {
            continue;
        };
        let time_text = cell(row, time_col);
        let time = if text::is_no_info(&time_text) {
            None
        } else {
            let t = text::time(&time_text);
            if t.is_none() {
                problems.push(Located {
                    place: Place::Paragraph {
                        paragraph: row
                            .get(time_col.unwrap_or(0))
                            .map(Cell::number)
                            .unwrap_or(0),
                    },
                    problem: RowProblem::BadTime {
                        value: text::clean(&time_text),
                    },
                });
            }
            t
        };
        let fees = text::fees(&cell(row, fee_col));
        let channel = Channel {
            kind,
            description: text::value(&cell(row, desc_col)).map(crate::model::Text::from),
            ..Channel::default()
        };
        out.push((channel, time, fees));
    }
    out
}

/// The dossier: a title paragraph per case group ("Trường hợp …"), each with a table Tên giấy
/// tờ | Mẫu đơn, tờ khai | Số lượng.
fn dossier(blocks: &[Block], problems: &mut Vec<Located>) -> Vec<DossierGroup> {
    let mut out = Vec::new();
    let mut title: Option<String> = None;
    for b in blocks {
        match b {
            Block::Para(p) => {
                let k = label_key(&p.text);
                if !p.text.is_empty() && k != "bao gom" && !text::is_no_info(&p.text) {
                    title = Some(p.text.replace('\n', " "));
                }
            }
            Block::Table(t) => {
                let Some(header) = t.rows.first() else {
                    continue;
                };
                let name_col = column(header, &["ten giay to", "ten ho so", "ten"]);
                let form_col = column(header, &["mau don to khai", "mau don", "mau"]);
                let count_col = column(header, &["so luong"]);
                let mut documents = Vec::new();
                for row in &t.rows[1..] {
                    let name = text::clean(&cell(row, name_col.or(Some(0))));
                    if name.is_empty() || text::is_no_info(&name) {
                        continue;
                    }
                    let count_text = cell(row, count_col);
                    let (originals, copies) = if text::is_no_info(&count_text) {
                        (0, 0)
                    } else {
                        match text::counts(&count_text) {
                            Some(c) => c,
                            None => {
                                problems.push(Located {
                                    place: Place::Paragraph {
                                        paragraph: row
                                            .get(count_col.unwrap_or(0))
                                            .map(Cell::number)
                                            .unwrap_or(0),
                                    },
                                    problem: RowProblem::BadCount {
                                        value: text::clean(&count_text),
                                    },
                                });
                                (0, 0)
                            }
                        }
                    };
                    documents.push(DossierDocument {
                        name: name.replace('\n', " ").into(),
                        form: text::value(&cell(row, form_col)).map(crate::model::Text::from),
                        originals,
                        copies,
                        note: None,
                        ..DossierDocument::default()
                    });
                }
                if !documents.is_empty() {
                    out.push(DossierGroup {
                        title: title.take().map(crate::model::Text::from),
                        documents,
                        sets: None,
                    });
                }
            }
        }
    }
    out
}

/// The legal basis table: Số ký hiệu | Trích yếu | Ngày ban hành | Cơ quan ban hành.
fn legal(t: &Table, problems: &mut Vec<Located>) -> Vec<LegalDocument> {
    let Some(header) = t.rows.first() else {
        return Vec::new();
    };
    let number_col = column(header, &["so ky hieu", "so hieu", "so"]);
    let title_col = column(header, &["trich yeu", "ten van ban"]);
    let date_col = column(header, &["ngay ban hanh", "ngay"]);
    let issuer_col = column(header, &["co quan ban hanh", "co quan"]);
    let mut out = Vec::new();
    for row in &t.rows[1..] {
        let number = text::clean(&cell(row, number_col.or(Some(0))));
        if number.is_empty() || text::is_no_info(&number) {
            continue;
        }
        let date_text = text::clean(&cell(row, date_col));
        let date = if date_text.is_empty() {
            None
        } else {
            let d = text::date(&date_text);
            if d.is_none() {
                problems.push(Located {
                    place: Place::Paragraph {
                        paragraph: row
                            .get(date_col.unwrap_or(0))
                            .map(Cell::number)
                            .unwrap_or(0),
                    },
                    problem: RowProblem::BadDate { value: date_text },
                });
            }
            d
        };
        out.push(LegalDocument {
            number: number.into(),
            title: text::clean(&cell(row, title_col)).replace('\n', " ").into(),
            date,
            issuer: text::value(&cell(row, issuer_col)).map(crate::model::Text::from),
            ..LegalDocument::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_at_the_start_of_a_paragraph() {
        assert_eq!(label_of("Mã thủ tục: 1.001193"), Some((Label::Code, 3)));
        assert_eq!(after_label("Mã thủ tục: 1.001193", 3), "1.001193");
        assert_eq!(label_of("Tên thủ tục"), Some((Label::Name, 0)));
        assert_eq!(
            label_of("Yêu cầu, điều kiện thực hiện"),
            Some((Label::Requirements, 0))
        );
        assert_eq!(
            after_label("Địa chỉ tiếp nhận HS: Bộ phận một cửa", 5),
            "Bộ phận một cửa"
        );
    }
}
