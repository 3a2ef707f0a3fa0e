//! The register of legal texts (`legal/`, issue 16): a row may cite a text by number only when
//! the register holds it; the register's facts feed validation, `show` and the site; a text is
//! added or updated as one commit.

mod common;

use common::{Sandbox, stderr, stdout};
use std::fs;
use std::path::PathBuf;

const MANIFEST: &str = "schema: 2
authority:
  name: UBND xã Mẫu
levels:
- id: xa
  name: Cấp xã
fields:
- id: ho-tich
  name: Hộ tịch
agencies:
- id: ubnd-xa
  name: UBND xã
policy:
  four_eyes: true
  review_interval_months: 12
publication: {}
";

const PROCEDURE: &str = "code: '1.000001'
name: Đăng ký khai sinh
level: xa
field: ho-tich
steps:
- 'Bước 1: Nộp hồ sơ.'
channels:
- kind: in_person
dossier:
- documents:
  - name: Tờ khai
    originals: 1
    copies: 0
processing_time:
  unit: same_day
subjects:
- Cá nhân
agencies:
  implementing:
  - ubnd-xa
fees: []
legal_basis:
- number: 123/2015/NĐ-CP
  articles: Điều 9
online_service:
  mode: none
postal:
  receive: false
  return: false
status: published
";

fn catalogue(sb: &Sandbox) -> PathBuf {
    let root = sb.path().join("c");
    fs::create_dir_all(root.join("procedures/xa")).unwrap();
    fs::write(root.join("catalog.yaml"), MANIFEST).unwrap();
    fs::write(root.join("procedures/xa/1.000001.yaml"), PROCEDURE).unwrap();
    sb.git(&root, &["init", "-q"]);
    sb.git(&root, &["add", "."]);
    sb.git(&root, &["commit", "-q", "-m", "first"]);
    root
}

#[test]
fn a_text_cited_by_number_comes_from_the_register_everywhere() {
    let sb = Sandbox::new();
    let root = catalogue(&sb);
    // Cited by number, and the register does not hold it.
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "validate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("the register (legal/) does not hold it"),
        "{}",
        stdout(&out)
    );

    // Added to the register: one commit holding only its file.
    let commits = sb.commits(&root);
    let out = sb
        .tthc(&root)
        .args([
            "--lang",
            "en",
            "legal",
            "add",
            "--number",
            "123/2015/NĐ-CP",
            "--title",
            "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
            "--issuer",
            "Chính phủ",
            "--signed",
            "15/11/2015",
            "--effective",
            "01/01/2016",
            "--amended-by",
            "07/2025/NĐ-CP",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sb.commits(&root), commits + 1);
    let files = sb.git(&root, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), "legal/123-2015-nd-cp.yaml");
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
    sb.tthc(&root).args(["fmt", "--check"]).assert().success();

    // Its facts feed the rules: amended by a text the procedure does not cite.
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "validate"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("123/2015/NĐ-CP is amended by 07/2025/NĐ-CP"),
        "{}",
        stdout(&out)
    );

    // `show` and the site say the register's facts for the row.
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "show", "1.000001"])
        .output()
        .unwrap();
    let shown = stdout(&out);
    assert!(
        shown.contains(
            "123/2015/NĐ-CP — Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch (2015-11-15), Chính phủ; Điều 9; in force from 2016-01-01; amended by 07/2025/NĐ-CP"
        ),
        "{shown}"
    );
    sb.tthc(&root)
        .args(["export", "--format", "html", "--out", "../site"])
        .assert()
        .success();
    let page = fs::read_to_string(sb.path().join("site/thu-tuc/xa/1.000001.html")).unwrap();
    assert!(
        page.contains("Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch"),
        "{page}"
    );
    assert!(page.contains("07/2025/NĐ-CP"), "{page}");

    // An update keeps what it does not give.
    let out = sb
        .tthc(&root)
        .args([
            "legal",
            "add",
            "--number",
            "123/2015/NĐ-CP",
            "--status",
            "amended",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sb.commits(&root), commits + 2);
    let text = fs::read_to_string(root.join("legal/123-2015-nd-cp.yaml")).unwrap();
    assert!(text.contains("effective: 2016-01-01\n"), "{text}");
    assert!(text.contains("status: amended\n"), "{text}");
    assert!(text.contains("- 07/2025/NĐ-CP\n"), "{text}");

    // A new text without its title is refused, nothing written.
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "legal", "add", "--number", "07/2025/NĐ-CP"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("legal/07-2025-nd-cp.yaml"),
        "{}",
        stderr(&out)
    );
    assert_eq!(sb.commits(&root), commits + 2);
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
}
