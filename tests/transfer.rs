//! A procedure moved from the district to the commune (the 2025 reorganisation) is a transfer,
//! not "new here and abolished there", in `tthc diff`, on the changes page and in the
//! publication's counts (issue 16).

mod common;

use common::{Sandbox, stderr, stdout};
use std::fs;
use std::path::Path;
use tthc::model::PublicationRecord;
use tthc::store;

fn ok(sb: &Sandbox, root: &Path, args: &[&str]) -> String {
    let out = sb.tthc(root).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "tthc {args:?}\n{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

#[test]
fn a_transfer_is_one_move_in_the_diff_the_changes_page_and_the_counts() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    ok(
        &sb,
        &root,
        &[
            "publish",
            "--decision",
            "2680/QĐ-UBND",
            "--date",
            "2021-12-20",
            "--effective",
            "2022-06-01",
            "--out",
            sb.path().join("site-2021").to_str().unwrap(),
        ],
    );
    // The province's decision moves the social-assistance licence to the communes.
    let file = sb.path().join("decision.yaml");
    fs::write(
        &file,
        "effects:
- kind: transferred
  level: huyen
  code: '2.000294'
  to: {level: xa}
  legal_text: {number: 125/2025/NĐ-CP, effective: 2025-07-01}
- kind: transferred
  level: huyen
  code: '2.001019'
  to: {level: tinh}
  legal_text: {number: 125/2025/NĐ-CP, effective: 2025-07-01}
",
    )
    .unwrap();
    ok(
        &sb,
        &root,
        &[
            "decision",
            "add",
            "--number",
            "1203/QĐ-UBND",
            "--date",
            "2025-06-20",
            "--issuer",
            "UBND tỉnh Hà Nam",
            "--from",
            file.to_str().unwrap(),
        ],
    );
    ok(&sb, &root, &["decision", "apply", "2025-001"]);

    // The diff names the transfer (issue 20's wording), not a plain addition.
    let diff = ok(&sb, &root, &["diff", "HEAD~1"]);
    assert!(diff.contains("> chuyển cấp  xa/2.000294"), "{diff}");
    assert!(diff.contains("(từ huyen/2.000294)"), "{diff}");
    assert!(!diff.contains("+ thêm"), "{diff}");

    // The publication: counted once, as transferred (section 4 of the changes page, from issue
    // 20's reorganisation), with the page saying where it came from.
    let out = sb.path().join("site");
    ok(
        &sb,
        &root,
        &[
            "publish",
            "--decision",
            "1300/QĐ-UBND",
            "--date",
            "2025-06-25",
            "--effective",
            "2025-07-01",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let cat = store::load(&root).unwrap();
    let record: &PublicationRecord = &cat
        .publications
        .iter()
        .find(|p| p.record.decision == "1300/QĐ-UBND")
        .unwrap()
        .record;
    let c = &record.counts;
    assert_eq!(
        (c.new, c.amended, c.abolished, c.transferred),
        (0, 0, 0, 2),
        "{record:?}"
    );
    // Sorted by level: the commune's first, then the one moved up to the province — a level this
    // catalogue does not hold, still a transfer and not an abolition: citizens can still do it.
    assert_eq!(record.changes.transferred[0].level, "xa");
    assert_eq!(record.changes.transferred[0].code, "2.000294");
    assert_eq!(record.changes.transferred[1].level, "tinh");
    assert_eq!(record.changes.transferred[1].code, "2.001019");
    let page = fs::read_to_string(out.join("thay-doi.html")).unwrap();
    assert!(
        page.contains("<td>2.000294 (Cấp huyện)</td><td>Cấp xã</td>"),
        "{page}"
    );
    assert!(
        page.contains("<td>2.001019 (Cấp huyện)</td><td>Cấp tỉnh</td>"),
        "{page}"
    );
    assert!(!page.contains("bị bãi bỏ"), "{page}");
}
