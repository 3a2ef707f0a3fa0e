//! The demo's second story (`tthc demo --after-2025`): the 2021–2022 catalogue of thị xã Duy
//! Tiên, then the plan of 1 July 2025 recorded beside it, then the plan applied — the district
//! level gone, its procedures transferred to the five wards, one listing per ward.

use super::WorkspaceError;
use super::proposals::Recorder;
use super::reorganize::{self, ReorganizeError, SAMPLE_PLAN};
use crate::history::Author;
use std::path::{Path, PathBuf};

/// Where the demo keeps the plan, beside the catalogue's records.
pub const PLAN_PATH: &str = "ke-hoach/sap-xep-2025-07-01.yaml";

/// Seconds since the epoch of a day at 08:00 in Vietnam (UTC+7).
fn at_eight(y: i16, m: i8, d: i8) -> i64 {
    jiff::tz::Offset::constant(7)
        .to_timestamp(jiff::civil::date(y, m, d).at(8, 0, 0, 0))
        .map(|t| t.as_second())
        .unwrap_or(0)
}

fn office(time: i64) -> Author {
    Author {
        name: "Trần Văn Hùng".into(),
        email: "hung.vanphong@duytien.example".into(),
        time,
        offset_minutes: 7 * 60,
    }
}

/// Build the demo in `dir` and carry it into 1 July 2025; the number of commits.
pub fn build_demo_after_2025(dir: &Path) -> Result<usize, WorkspaceError> {
    let mut commits = super::build_demo(dir)?;
    let unwrap = |e: ReorganizeError| match e {
        ReorganizeError::Workspace(e) => e,
        other => WorkspaceError::Sample {
            detail: other.to_string(),
        },
    };
    // The plan, recorded for review a week before.
    let mut tx = super::Transaction::begin(dir)?;
    let rel = PathBuf::from(PLAN_PATH);
    let base = tx.read(&rel)?;
    tx.write(&rel, base, SAMPLE_PLAN.as_bytes().to_vec());
    tx.commit_as(
        "Kế hoạch sắp xếp danh mục theo mô hình chính quyền địa phương hai cấp (từ 01/07/2025)",
        Some(&office(at_eight(2025, 6, 24))),
    )?;
    commits += 1;
    // Applied on the day.
    let plan = reorganize::read_plan(SAMPLE_PLAN).map_err(unwrap)?;
    let rec = Recorder {
        today: jiff::civil::date(2025, 7, 1),
        lang: crate::i18n::Lang::Vi,
        author: Some(office(at_eight(2025, 7, 1))),
    };
    reorganize::reorganize(dir, &plan, false, &rec).map_err(unwrap)?;
    commits += 1;
    Ok(commits)
}
