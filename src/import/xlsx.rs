//! The national portal's list of procedures (XLSX): title rows, a header of one or two rows
//! with merged cells, then one row per procedure with the columns Mã TTHC, Tên TTHC, Lĩnh vực,
//! Đối tượng, Cơ quan công khai, Cấp thực hiện, Tình trạng, QĐ Công bố — in any order, their
//! labels matched after folding.

use super::container;
use super::text::{self, label_key};
use super::{Expected, Located, Place, RowProblem, SourceError};
use crate::model::{Date, ProcedureStatus};
use calamine::{Data, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// One column of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Code,
    Name,
    Field,
    Subjects,
    Agency,
    Levels,
    Status,
    Decision,
}

/// The columns, the label the portal gives each (for messages), and the folded labels read as
/// it. The first three are required.
const COLUMNS: &[(Col, &str, &[&str])] = &[
    (
        Col::Code,
        "Mã TTHC",
        &["ma tthc", "ma thu tuc", "ma so tthc", "ma so"],
    ),
    (Col::Name, "Tên TTHC", &["ten tthc", "ten thu tuc"]),
    (Col::Levels, "Cấp thực hiện", &["cap thuc hien"]),
    (Col::Field, "Lĩnh vực", &["linh vuc"]),
    (Col::Subjects, "Đối tượng", &["doi tuong"]),
    (
        Col::Agency,
        "Cơ quan công khai",
        &["co quan cong khai", "co quan"],
    ),
    (Col::Status, "Tình trạng", &["tinh trang", "trang thai"]),
    (
        Col::Decision,
        "QĐ Công bố",
        &["qd cong bo", "quyet dinh cong bo", "so quyet dinh", "qd"],
    ),
];
const REQUIRED: usize = 3;
/// Rows searched for the header.
const HEADER_SEARCH: usize = 30;

/// One procedure of the list, as written (names not yet matched to the manifest).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListRow {
    /// The spreadsheet's row number.
    pub row: usize,
    pub code: String,
    pub local_code: Option<String>,
    pub name: String,
    pub field: Option<String>,
    pub subjects: Vec<String>,
    pub agency: Option<String>,
    /// As written: "Cấp Tỉnh", "Cấp Xã" (one row may name several).
    pub levels: Vec<String>,
    pub status: Option<ProcedureStatus>,
    /// The publication decision's number, and its date when written with it.
    pub decision: Option<(String, Option<Date>)>,
}

/// The list: its rows, and the sheet they came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PortalList {
    pub file: PathBuf,
    pub sheet: String,
    pub rows: Vec<ListRow>,
}

/// Read the portal's list at `path`.
pub fn read_list(path: &Path) -> Result<PortalList, SourceError> {
    let bytes = container::read_file(path)?;
    read_list_bytes(path, bytes)
}

/// [`read_list`] from bytes already read.
pub fn read_list_bytes(path: &Path, bytes: Vec<u8>) -> Result<PortalList, SourceError> {
    container::expect(path, &bytes, Expected::PortalList)?;
    let damaged = |e: calamine::XlsxError| SourceError::Damaged {
        file: path.to_owned(),
        detail: e.to_string(),
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(damaged)?;
    let names = book.sheet_names();
    // The best header seen, for the message when no sheet has the required columns.
    let mut nearest: Option<(usize, String, Vec<String>)> = None;
    for name in &names {
        let range = book.worksheet_range(name).map_err(damaged)?;
        let merges = book.merge_cells_by_sheet_name(name).unwrap_or_default();
        let grid = Grid::new(&range, &merges);
        let Some(header) = find_header(&grid) else {
            let (score, cells) = best_guess(&grid);
            if nearest.as_ref().is_none_or(|(s, _, _)| score > *s) {
                nearest = Some((score, name.clone(), cells));
            }
            continue;
        };
        let rows = read_rows(path, &grid, &header)?;
        return Ok(PortalList {
            file: path.to_owned(),
            sheet: name.clone(),
            rows,
        });
    }
    let (sheet, found) = match nearest {
        Some((_, s, f)) => (Some(s), f),
        None => (None, Vec::new()),
    };
    let missing_from = |found: &[String]| -> Vec<&'static str> {
        let keys: Vec<String> = found.iter().map(|f| label_key(f)).collect();
        COLUMNS[..REQUIRED]
            .iter()
            .filter(|(_, _, aliases)| !keys.iter().any(|k| matches_alias(k, aliases)))
            .map(|(_, label, _)| *label)
            .collect()
    };
    Err(SourceError::Columns {
        file: path.to_owned(),
        sheet,
        missing: missing_from(&found),
        found,
    })
}

/// A sheet as text cells, merged regions filled with their top-left value (for the header).
struct Grid {
    /// The sheet's first row and column (0-based, as the spreadsheet numbers them minus 1).
    origin: (u32, u32),
    cells: Vec<Vec<String>>,
    /// The same cells, merged ones filled.
    filled: Vec<Vec<String>>,
}

impl Grid {
    fn new(range: &calamine::Range<Data>, merges: &[calamine::Dimensions]) -> Grid {
        let origin = range.start().unwrap_or((0, 0));
        let cells: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let mut filled = cells.clone();
        for m in merges {
            let (r0, c0) = (
                m.start.0.saturating_sub(origin.0) as usize,
                m.start.1.saturating_sub(origin.1) as usize,
            );
            let Some(v) = cells.get(r0).and_then(|r| r.get(c0)).cloned() else {
                continue;
            };
            for r in r0..=(m.end.0.saturating_sub(origin.0) as usize) {
                for c in c0..=(m.end.1.saturating_sub(origin.1) as usize) {
                    if let Some(cell) = filled.get_mut(r).and_then(|row| row.get_mut(c)) {
                        *cell = v.clone();
                    }
                }
            }
        }
        Grid {
            origin,
            cells,
            filled,
        }
    }

    /// The spreadsheet's number of grid row `i`.
    fn row_number(&self, i: usize) -> usize {
        self.origin.0 as usize + i + 1
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // A code typed as a number: 1.001193 (six decimals), never 1.001193000001.
        Data::Float(f) if *f > 0.0 && *f < 10.0 => format!("{f:.6}"),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

fn matches_alias(key: &str, aliases: &[&str]) -> bool {
    aliases
        .iter()
        .any(|a| key == *a || key.starts_with(&format!("{a} ")))
}

/// Where each column is, and the last header row.
struct Header {
    columns: BTreeMap<Col, usize>,
    last_row: usize,
}

/// The header: the row (with the one below it, for a two-row header under merged cells) where
/// the required columns are found.
fn find_header(grid: &Grid) -> Option<Header> {
    for i in 0..grid.filled.len().min(HEADER_SEARCH) {
        let mut columns = BTreeMap::new();
        let mut last_row = i;
        for (j, rowi) in [i, i + 1].into_iter().enumerate() {
            let Some(row) = grid.filled.get(rowi) else {
                continue;
            };
            let mut found_here = false;
            for (c, text) in row.iter().enumerate() {
                let key = label_key(text);
                // A cell names one column; the more specific alias first ("Cơ quan công
                // khai" before "Cơ quan").
                if columns.values().any(|&v| v == c) {
                    continue;
                }
                if let Some((col, _, _)) = COLUMNS.iter().find(|(col, _, aliases)| {
                    !columns.contains_key(col) && matches_alias(&key, aliases)
                }) {
                    columns.insert(*col, c);
                    found_here = true;
                }
            }
            if j == 1 && found_here {
                last_row = rowi;
            }
        }
        if COLUMNS[..REQUIRED]
            .iter()
            .all(|(col, _, _)| columns.contains_key(col))
        {
            return Some(Header { columns, last_row });
        }
    }
    None
}

/// The non-empty cells of the row with the most known labels (for the message).
fn best_guess(grid: &Grid) -> (usize, Vec<String>) {
    let mut best = (0, Vec::new());
    for row in grid.filled.iter().take(HEADER_SEARCH) {
        let score = row
            .iter()
            .filter(|t| {
                let k = label_key(t);
                COLUMNS.iter().any(|(_, _, a)| matches_alias(&k, a))
            })
            .count();
        let cells: Vec<String> = row
            .iter()
            .map(|t| text::clean(t))
            .filter(|t| !t.is_empty())
            .collect();
        if score > best.0 || (best.1.is_empty() && !cells.is_empty()) {
            best = (score, cells);
        }
    }
    best
}

fn read_rows(path: &Path, grid: &Grid, header: &Header) -> Result<Vec<ListRow>, SourceError> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, cells) in grid.cells.iter().enumerate().skip(header.last_row + 1) {
        let row = grid.row_number(i);
        let get = |col: Col| -> String {
            header
                .columns
                .get(&col)
                .and_then(|&c| cells.get(c))
                .map(|s| text::clean(s))
                .unwrap_or_default()
        };
        let (code, name, levels) = (get(Col::Code), get(Col::Name), get(Col::Levels));
        let nonempty = cells.iter().filter(|c| !c.trim().is_empty()).count();
        if nonempty == 0 {
            continue;
        }
        // A group row ("Lĩnh vực Hộ tịch", a numbered heading) spans the table in one cell.
        if code.is_empty() && nonempty == 1 {
            continue;
        }
        let mut problem = |p: RowProblem| {
            problems.push(Located {
                place: Place::Row { row },
                problem: p,
            })
        };
        if let Some(legacy) = text::legacy_encoding(&format!("{name} {levels}")) {
            return Err(SourceError::LegacyEncoding {
                file: path.to_owned(),
                encoding: legacy,
                place: Place::Row { row },
                sample: name.chars().take(60).collect(),
            });
        }
        if code.is_empty() {
            problem(RowProblem::MissingCode);
            continue;
        }
        let Some((code, local_code)) = text::split_code(&code) else {
            problem(RowProblem::BadCode { code });
            continue;
        };
        if name.is_empty() {
            problem(RowProblem::MissingName);
        }
        let levels = text::level_items(&levels);
        if levels.is_empty() {
            problem(RowProblem::MissingLevel);
        }
        let status_text = get(Col::Status);
        let status = if status_text.is_empty() {
            None
        } else {
            let s = text::status(&status_text);
            if s.is_none() {
                problem(RowProblem::UnknownStatus { value: status_text });
            }
            s
        };
        if seen.insert(code.clone(), row).is_some() {
            problem(RowProblem::DuplicateCode { code: code.clone() });
        }
        let decision = text::value(&get(Col::Decision)).map(|d| {
            let number = d.split_whitespace().next().unwrap_or_default().to_owned();
            (number, text::date_inside(&d))
        });
        rows.push(ListRow {
            row,
            code,
            local_code,
            name,
            field: text::value(&get(Col::Field)),
            subjects: text::items(&get(Col::Subjects)),
            agency: text::value(&get(Col::Agency)),
            levels,
            status,
            decision,
        });
    }
    if !problems.is_empty() {
        return Err(SourceError::Rows {
            file: path.to_owned(),
            problems,
        });
    }
    Ok(rows)
}
