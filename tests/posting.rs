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

/// The text of a page between two markers (the first after `from`, up to `to` or the end).
fn between<'a>(page: &'a str, from: &str, to: Option<&str>) -> &'a str {
    let start = page
        .find(from)
        .unwrap_or_else(|| panic!("{from} in\n{page}"));
    let rest = &page[start..];
    match to.and_then(|t| rest.find(t)) {
        Some(end) => &rest[..end],
        None => rest,
    }
}

/// Commit an edit of one procedure file made by hand (a local change, no decision).
fn edit_fee(sb: &Sandbox, dir: &Path) {
    let file = dir.join("procedures/xa/2.000815.yaml");
    let t = fs::read_to_string(&file)
        .unwrap()
        .replace("amount: 2000\n", "amount: 3000\n");
    fs::write(&file, t).unwrap();
    sb.git(dir, &["commit", "-qam", "Sửa lệ phí chứng thực"]);
}

const LOCAL: &str = "Thay đổi không theo quyết định công bố nào";

#[test]
fn the_changes_page_groups_the_changes_under_the_decisions_that_caused_them() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    ok(
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
    let first = decide(
        &sb,
        &dir,
        "1600/QĐ-UBND",
        "2022-07-20",
        "- kind: abolished\n  level: xa\n  code: '1.001193'\n  legal_text:\n    number: 04/2022/TT-BTP\n    date: 2022-06-30\n    effective: 2022-08-15\n",
    );
    let second = decide(
        &sb,
        &dir,
        "1700/QĐ-UBND",
        "2022-08-10",
        "- kind: abolished\n  level: xa\n  code: '1.000656'\n  legal_text:\n    number: 05/2022/TT-BTP\n",
    );
    edit_fee(&sb, &dir);
    ok(
        &sb,
        &dir,
        &[
            "post",
            "--decision",
            "1800/QĐ-UBND",
            "--date",
            "2022-08-20",
            "--out",
            "../site2",
        ],
    );
    let r = record(&dir, "2022-08-20-1.yaml");
    let ids: Vec<&str> = r.decisions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);

    let page = fs::read_to_string(sb.path().join("site2/thay-doi.html")).unwrap();
    assert!(
        page.contains("<h1>Thay đổi so với lần niêm yết trước</h1>"),
        "{page}"
    );
    let heading =
        |n: &str, d: &str| format!("Theo Quyết định số {n} ngày {d} của UBND tỉnh Hà Nam");
    let a = heading("1600/QĐ-UBND", "20/07/2022");
    let b = heading("1700/QĐ-UBND", "10/08/2022");
    // In date order, each with its own rows, the legal text and the day it takes effect (the
    // legal text's), then the local edit in a group of its own.
    let group_a = between(&page, &a, Some(&b));
    assert!(group_a.contains("1.001193"), "{group_a}");
    assert!(!group_a.contains("1.000656") && !group_a.contains("2.000815"));
    assert!(group_a.contains("Văn bản quy phạm pháp luật quy định nội dung thay đổi"));
    assert!(
        group_a.contains("04/2022/TT-BTP (ngày 30/06/2022)"),
        "{group_a}"
    );
    assert!(group_a.contains("<td>15/08/2022</td>"), "{group_a}");
    assert!(group_a.contains("3. Thủ tục hành chính bị bãi bỏ (1)"));
    let group_b = between(&page, &b, Some(LOCAL));
    assert!(group_b.contains("1.000656") && group_b.contains("05/2022/TT-BTP"));
    assert!(!group_b.contains("1.001193") && !group_b.contains("2.000815"));
    let local = between(&page, LOCAL, Some("</main>"));
    assert!(local.contains("2.000815"), "{local}");
    assert!(!local.contains("1.001193") && !local.contains("1.000656"));
    assert!(local.contains("<ins><span class=\"visually-hidden\">[thêm: </span>3000"));
    assert!(
        !local.contains("Văn bản quy phạm pháp luật"),
        "no decision, no legal text"
    );

    // Exporting that posting again gives the same groups (from the decisions it names).
    ok(
        &sb,
        &dir,
        &["export", "--format", "html", "--out", "../again"],
    );
    let again = fs::read_to_string(sb.path().join("again/thay-doi.html")).unwrap();
    assert!(again.contains(&a) && again.contains(&b) && again.contains(LOCAL));
    assert!(between(&again, &a, Some(&b)).contains("1.001193"));
}

#[test]
fn a_posting_says_which_decisions_it_reflects_and_unknown_ids_are_refused() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    ok(
        &sb,
        &dir,
        &[
            "post",
            "--decision",
            "2680/QĐ-UBND",
            "--date",
            "2021-12-20",
            "--out",
            "../site0",
        ],
    );
    let first = decide(
        &sb,
        &dir,
        "1600/QĐ-UBND",
        "2022-07-20",
        "- kind: abolished\n  level: xa\n  code: '1.001193'\n  legal_text:\n    number: 04/2022/TT-BTP\n",
    );
    decide(
        &sb,
        &dir,
        "1700/QĐ-UBND",
        "2022-08-10",
        "- kind: abolished\n  level: xa\n  code: '1.000656'\n  legal_text:\n    number: 05/2022/TT-BTP\n",
    );
    let commits = sb.commits(&dir);
    let post = |extra: &[&str], lang: &str| {
        let mut args = vec![
            "--lang",
            lang,
            "post",
            "--decision",
            "1800/QĐ-UBND",
            "--date",
            "2022-08-20",
            "--out",
            "../site",
        ];
        args.extend(extra);
        sb.tthc(&dir).args(&args).output().unwrap()
    };
    // An id that names no decision: refused in either language, nothing written.
    for (lang, words) in [
        (
            "vi",
            "không có quyết định nào được ghi nhận với mã 2022-009",
        ),
        ("en", "no decision is recorded with the id 2022-009"),
    ] {
        let out = post(&["--reflects", &format!("{first},2022-009")], lang);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
        assert_eq!(sb.commits(&dir), commits);
        assert!(!sb.path().join("site").exists());
    }
    // The dry run says what the posting would reflect.
    let out = post(&["--reflects", &first, "--dry-run"], "vi");
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains(&format!(
            "Phản ánh các quyết định của tỉnh: 1600/QĐ-UBND ({first})"
        )) && !said.contains("1700/QĐ-UBND"),
        "{said}"
    );
    // Only the decision named: the other's change is not grouped under it.
    let out = post(&["--reflects", &first], "vi");
    assert!(out.status.success(), "{}", stderr(&out));
    let r = record(&dir, "2022-08-20-1.yaml");
    let ids: Vec<&str> = r.decisions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, [first.as_str()]);
    assert_eq!(sb.commits(&dir), commits + 1);
    let page = fs::read_to_string(sb.path().join("site/thay-doi.html")).unwrap();
    assert!(!page.contains("Theo Quyết định số 1700/QĐ-UBND"), "{page}");
    assert!(between(&page, LOCAL, Some("</main>")).contains("1.000656"));
}

/// The demo has its posting (July 2022, after the half-year's decisions), so its changes page
/// shows a realistic change: what was edited since (the 2022 online modes, the 2026 record),
/// compared with that posting — not every procedure as new.
#[test]
fn the_demo_has_its_posting_and_a_realistic_changes_page() {
    let sb = Sandbox::new();
    let dir = sb.path().join("demo");
    let out = sb
        .tthc(sb.path())
        .args(["demo", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let posted = record(&dir, "2022-07-05-1.yaml");
    assert_eq!(posted.decision, "86/TB-UBND");
    assert!(
        posted.decisions.iter().any(|d| d.number == "2680/QĐ-UBND"),
        "{:?}",
        posted.decisions
    );
    let site = sb.path().join("site");
    let (out, err) = ok(
        &sb,
        &dir,
        &[
            "export",
            "--format",
            "html",
            "--out",
            site.to_str().unwrap(),
        ],
    );
    let said = format!("{out}{err}");
    assert!(
        said.contains("Thay đổi từ lần niêm yết theo văn bản 86/TB-UBND"),
        "{said}"
    );
    let changes = fs::read_to_string(site.join("thay-doi.html")).unwrap();
    assert!(
        changes.contains("So sánh với lần niêm yết trước theo văn bản số 86/TB-UBND"),
        "{changes}"
    );
    assert!(
        !changes.contains("1. Thủ tục hành chính công bố mới"),
        "nothing is new since July 2022"
    );
}
