//! Posting is not publishing (domain §7.1): `tthc post` records the office's listing and names
//! the province's decisions it reflects — those applied here since the previous posting — and
//! `tthc publish` still works, saying it is now `post`.

mod common;

use common::{Sandbox, stderr, stdout};
use std::fs;
use std::path::Path;
use tthc::model::PublicationRecord;

fn record(dir: &Path, name: &str) -> PublicationRecord {
    let rel = Path::new("publications").join(name);
    let text = fs::read_to_string(dir.join(&rel)).unwrap();
    tthc::store::parse_text(&rel, &text).unwrap()
}

fn ok(sb: &Sandbox, dir: &Path, args: &[&str]) -> (String, String) {
    let out = sb.tthc(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "tthc {args:?}\n{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    (stdout(&out), stderr(&out))
}

/// Record a decision of one row and apply it; returns its id.
fn decide(sb: &Sandbox, dir: &Path, number: &str, date: &str, row: &str) -> String {
    let file = sb.path().join(format!("{}.yaml", number.replace('/', "-")));
    fs::write(&file, format!("effects:\n{row}")).unwrap();
    let (out, _) = ok(
        sb,
        dir,
        &[
            "decision",
            "add",
            "--number",
            number,
            "--date",
            date,
            "--issuer",
            "UBND tỉnh Hà Nam",
            "--from",
            file.to_str().unwrap(),
        ],
    );
    let id = out
        .split_whitespace()
        .find(|w| w.len() == 8 && w.as_bytes()[4] == b'-')
        .expect("the id is said")
        .to_owned();
    ok(sb, dir, &["decision", "apply", &id]);
    id
}

#[test]
fn a_posting_names_the_decisions_it_reflects_and_publish_says_it_is_post() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    // The first posting: no decision recorded yet, none named.
    let (out, _) = ok(
        &sb,
        &dir,
        &[
            "post",
            "--decision",
            "2680/QĐ-UBND",
            "--date",
            "2021-12-20",
            "--out",
            "../site",
        ],
    );
    assert!(out.contains("Đã niêm yết"), "{out}");
    assert!(record(&dir, "2021-12-20-1.yaml").decisions.is_empty());
    assert!(
        !fs::read_to_string(dir.join("publications/2021-12-20-1.yaml"))
            .unwrap()
            .contains("decisions:"),
        "a posting that reflects no decision writes no empty list"
    );

    // A decision applied since: the next posting reflects it.
    let first = decide(
        &sb,
        &dir,
        "1600/QĐ-UBND",
        "2022-07-20",
        "- kind: abolished\n  level: xa\n  code: '1.001193'\n  legal_text:\n    number: 04/2022/TT-BTP\n    effective: 2022-08-01\n",
    );
    // `publish` still works (here as a dry run) and says it is now `post`.
    let (out, err) = ok(
        &sb,
        &dir,
        &[
            "publish",
            "--decision",
            "1600/QĐ-UBND",
            "--date",
            "2022-07-20",
            "--out",
            "../site2",
            "--dry-run",
        ],
    );
    assert!(err.contains("tthc post"), "{err}");
    assert!(
        out.contains(&format!(
            "Phản ánh các quyết định của tỉnh: 1600/QĐ-UBND ({first})"
        )),
        "{out}"
    );
    ok(
        &sb,
        &dir,
        &[
            "post",
            "--decision",
            "1600/QĐ-UBND",
            "--date",
            "2022-07-20",
            "--out",
            "../site2",
        ],
    );
    let r = record(&dir, "2022-07-20-1.yaml");
    let ids: Vec<&str> = r.decisions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, [first.as_str()]);
    assert_eq!(r.decisions[0].number, "1600/QĐ-UBND");
    assert_eq!(r.decisions[0].date, Some(jiff::civil::date(2022, 7, 20)));
    let message = sb.git(&dir, &["log", "-1", "--format=%B"]);
    assert!(
        message.contains("Phản ánh các quyết định: 1600/QĐ-UBND"),
        "{message}"
    );

    // A second decision: the posting after it names only that one.
    let second = decide(
        &sb,
        &dir,
        "1700/QĐ-UBND",
        "2022-08-10",
        "- kind: abolished\n  level: xa\n  code: '1.000656'\n  legal_text:\n    number: 05/2022/TT-BTP\n    effective: 2022-09-01\n",
    );
    ok(
        &sb,
        &dir,
        &[
            "post",
            "--decision",
            "1700/QĐ-UBND",
            "--date",
            "2022-08-10",
            "--out",
            "../site3",
        ],
    );
    let r = record(&dir, "2022-08-10-1.yaml");
    let ids: Vec<&str> = r.decisions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, [second.as_str()]);
}
