//! The twelve proposals of H1 2022 recorded on the sample catalogue, and the report that gives
//! the article's figures back: 6 commune-level procedures to abolish, 2 district-level and 4
//! commune-level ones to amend.

mod common;

use common::{Sandbox, stderr, stdout};
use serde_json::Value;
use tthc::workspace::proposals;

#[test]
fn seed_records_twelve_proposals_one_commit_per_step_and_the_report_matches_the_article() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let commits = proposals::seed_h1_2022(&root).unwrap();
    assert_eq!(commits.len(), 50);
    assert_eq!(sb.commits(&root), 1 + commits.len());
    sb.fsck(&root);
    let cat = tthc::store::load(&root).unwrap();
    assert_eq!(cat.proposals.len(), 12);
    let problems = tthc::validate::validate_catalog(&cat);
    assert!(problems.iter().all(|d| !d.is_error()), "{problems:?}");
    // Dated on their steps' days, by two people, and the one applied abolition is in the record.
    assert_eq!(
        sb.git(&root, &["log", "-1", "--format=%ad %an", "--date=short"])
            .trim(),
        "2022-06-24 Trần Văn Hùng"
    );
    let authors = sb.git(&root, &["log", "--format=%ae"]);
    assert!(authors.contains("lan.tuphap@duytien.example"));
    assert!(authors.contains("hung.vanphong@duytien.example"));
    let abolished = cat.procedure("xa", "1.003583").unwrap();
    assert_eq!(
        abolished.record.status,
        tthc::model::ProcedureStatus::Abolished
    );

    let out = sb
        .tthc(&root)
        .args([
            "report",
            "proposals",
            "--from",
            "2022-01-01",
            "--to",
            "2022-06-30",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["total"], 12);
    let counts: Vec<(String, String, u64)> = report["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["level"].as_str().unwrap().to_owned(),
                c["total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("abolish".into(), "xa".into(), 6),
            ("amend".into(), "huyen".into(), 2),
            ("amend".into(), "xa".into(), 4),
        ]
    );
    // At different stages at the end of June.
    let mut statuses: Vec<String> = report["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap().to_owned())
        .collect();
    statuses.sort();
    assert_eq!(
        statuses,
        [
            "applied",
            "approved",
            "approved",
            "draft",
            "forwarded_to_ministry",
            "published",
            "published",
            "rejected",
            "sent_to_province",
            "sent_to_province",
            "sent_to_province",
            "submitted"
        ]
    );

    // The table a person reads, and the CSV for a spreadsheet.
    let out = sb
        .tthc(&root)
        .args([
            "report",
            "proposals",
            "--from",
            "2022-01-01",
            "--to",
            "2022-06-30",
        ])
        .output()
        .unwrap();
    let table = stdout(&out);
    assert!(table.starts_with("Đề xuất về TTHC 01/01/2022 – 30/06/2022: 12 đề xuất\n"));
    let row = |kind: &str, level: &str| {
        table
            .lines()
            .find(|l| l.starts_with(kind) && l.contains(level))
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .unwrap_or_else(|| panic!("no row {kind} {level} in\n{table}"))
    };
    assert_eq!(row("bãi bỏ ", "Cấp xã")[4], "6");
    assert_eq!(row("sửa đổi, bổ sung ", "Cấp huyện")[6], "2");
    assert_eq!(row("sửa đổi, bổ sung ", "Cấp xã")[6], "4");
    assert!(table.contains("2022-001  bãi bỏ"));
    let out = sb
        .tthc(&root)
        .args([
            "--lang",
            "en",
            "report",
            "proposals",
            "--from",
            "2022-01-01",
            "--to",
            "2022-06-30",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("Kind,Level,Total,draft,submitted,sent to the province,"));
    assert_eq!(lines.len(), 4);
    assert!(
        lines[1].starts_with("abolish,Cấp xã,6,0,0,1,1,1,0,1,1,1,0"),
        "{csv}"
    );

    // The first quarter: only what was drafted by then, in its status at the end of March.
    let out = sb
        .tthc(&root)
        .args([
            "report",
            "proposals",
            "--from",
            "2022-01-01",
            "--to",
            "2022-03-31",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let q1: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(q1["total"], 10);
    assert_eq!(q1["proposals"][0]["status"], "forwarded_to_ministry");
}

#[test]
fn the_seed_can_be_interleaved_with_other_dated_commits() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let mut seed = proposals::H1Seed::new();
    assert_eq!(seed.next_date(), Some(jiff::civil::date(2022, 1, 10)));
    let first = seed
        .run_until(&root, jiff::civil::date(2022, 1, 31))
        .unwrap();
    assert_eq!(first.len(), 16);
    assert_eq!(seed.next_date(), Some(jiff::civil::date(2022, 2, 22)));
    let rest = seed.run_all(&root).unwrap();
    assert_eq!(first.len() + rest.len(), 50);
    assert_eq!(seed.remaining(), 0);
}
