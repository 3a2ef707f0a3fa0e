//! Every validation rule with a failing fixture: each asserts file, line, column and message.

use std::fs;
use std::path::Path;
use tthc::diagnostic::Diagnostic;
use tthc::{store, validate};

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

const PROCEDURE: &str = "code: '1.001193'
name: Đăng ký khai sinh
level: xa
field: ho-tich
steps:
- 'Bước 1: Nộp hồ sơ.'
- 'Bước 2: Giải quyết.'
channels:
- kind: in_person
  fees:
  - kind: charge
    amount: 0
dossier:
- documents:
  - name: Tờ khai đăng ký khai sinh
    originals: 1
    copies: 0
processing_time:
  unit: same_day
subjects:
- Cá nhân
agencies:
  implementing:
  - ubnd-xa
fees:
- kind: fee
  amount: 8000
  unit: bản
online_service:
  mode: full
postal:
  receive: true
  return: true
status: published
effective_from: 2022-01-01
";

/// A catalogue with the manifest and the given files; returns every diagnostic as text.
fn check(files: &[(&str, &[u8])]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "catalog.yaml", MANIFEST.as_bytes());
    for (rel, content) in files {
        write(dir.path(), rel, content);
    }
    let cat = store::load(dir.path()).unwrap();
    validate::validate_catalog(&cat)
        .iter()
        .map(Diagnostic::to_string)
        .collect()
}

fn write(root: &Path, rel: &str, content: &[u8]) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, content).unwrap();
}

const FILE: &str = "procedures/xa/1.001193.yaml";

/// The procedure fixture with one text replacement applied (which must occur).
fn variant(from: &str, to: &str) -> String {
    assert!(PROCEDURE.contains(from), "fixture lacks {from:?}");
    PROCEDURE.replacen(from, to, 1)
}

fn one(from: &str, to: &str) -> Vec<String> {
    check(&[(FILE, variant(from, to).as_bytes())])
}

#[test]
fn the_fixture_is_clean() {
    assert_eq!(check(&[(FILE, PROCEDURE.as_bytes())]), Vec::<String>::new());
}

#[test]
fn unknown_keys_are_each_reported_with_their_line() {
    let text = variant(
        "name: Đăng ký khai sinh\n",
        "name: Đăng ký khai sinh\nnmae: x\n",
    )
    .replacen("    amount: 0\n", "    amount: 0\n    colour: red\n", 1);
    let got = check(&[(FILE, text.as_bytes())]);
    assert_eq!(
        got,
        [
            format!("{FILE}:3:1: error: unknown key `nmae`; did you mean `name`?"),
            format!("{FILE}:14:5: error: unknown key `colour`"),
        ]
    );
}

#[test]
fn duplicate_keys_point_at_the_second() {
    let got = one("level: xa\n", "level: xa\nname: Lặp\n");
    assert_eq!(
        got,
        [format!("{FILE}:4:1: error: key `name` appears twice")]
    );
}

#[test]
fn wrong_types_name_the_field() {
    let got = one("  receive: true\n", "  receive: maybe\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(&format!(
            "{FILE}:32:3: error: Postal service › Receives dossiers: must be true or false, not “maybe”"
        )),
        "{got:?}"
    );
}

#[test]
fn an_unquoted_code_is_read_verbatim_even_beside_other_errors() {
    // YAML would read 1.001190 as a float and lose the zero; the store reads the text as written.
    let text = variant("code: '1.001193'", "code: 1.001190");
    let got = check(&[("procedures/xa/1.001190.yaml", text.as_bytes())]);
    assert_eq!(got, Vec::<String>::new());
    let text = text.replacen("  receive: true", "  receive: maybe", 1);
    let got = check(&[("procedures/xa/1.001190.yaml", text.as_bytes())]);
    assert_eq!(got.len(), 1, "only the real problem is reported: {got:?}");
    assert!(got[0].contains("must be true or false"), "{got:?}");
}

#[test]
fn missing_required_parts() {
    let text = variant("subjects:\n- Cá nhân\n", "").replacen(
        "steps:\n- 'Bước 1: Nộp hồ sơ.'\n- 'Bước 2: Giải quyết.'\n",
        "",
        1,
    );
    let got = check(&[(FILE, text.as_bytes())]);
    assert_eq!(
        got,
        [
            format!("{FILE}:1:1: error: missing required part: Steps"),
            format!("{FILE}:1:1: error: missing required part: Subjects"),
        ]
    );
    let got = one(
        "processing_time:\n  unit: same_day\n",
        "processing_time:\n  unit: working_days\n",
    );
    assert_eq!(
        got,
        [format!(
            "{FILE}:18:1: error: missing required part: Processing time › Value"
        )]
    );
}

#[test]
fn code_format_and_unsafe_names() {
    let got = check(&[(
        "procedures/xa/1.00119.yaml",
        variant("'1.001193'", "'1.00119'").as_bytes(),
    )]);
    assert_eq!(
        got,
        [
            "procedures/xa/1.00119.yaml:1:1: error: procedure code `1.00119` is not of the form d.dddddd"
        ]
    );
    let got = one("code: '1.001193'", "code: '../../etc/passwd'");
    assert_eq!(
        got,
        [format!(
            "{FILE}:1:1: error: code `../../etc/passwd` cannot be used as a file or folder name"
        )]
    );
    let got = one("level: xa", "level: ../xa");
    assert_eq!(
        got,
        [format!(
            "{FILE}:3:1: error: level `../xa` cannot be used as a file or folder name"
        )]
    );
}

#[test]
fn undeclared_level_field_agency() {
    let got = one("field: ho-tich", "field: dat-dai");
    assert_eq!(
        got,
        [format!(
            "{FILE}:4:1: error: field `dat-dai` is not declared in catalog.yaml"
        )]
    );
    let got = one("  - ubnd-xa", "  - ubnd-huyen");
    assert_eq!(
        got,
        [format!(
            "{FILE}:24:3: error: agency `ubnd-huyen` is not declared in catalog.yaml"
        )]
    );
    let got = check(&[(
        "procedures/huyen/1.001193.yaml",
        variant("level: xa", "level: huyen").as_bytes(),
    )]);
    assert_eq!(
        got,
        [
            "procedures/huyen/1.001193.yaml:3:1: error: level `huyen` is not declared in catalog.yaml"
        ]
    );
}

#[test]
fn a_file_in_the_wrong_place() {
    let got = check(&[("procedures/xa/1.001194.yaml", PROCEDURE.as_bytes())]);
    assert_eq!(
        got,
        [
            "procedures/xa/1.001194.yaml:1:1: error: file location disagrees with its level/code; it should be procedures/xa/1.001193.yaml"
        ]
    );
    let got = check(&[("procedures/stray.yaml", PROCEDURE.as_bytes())]);
    assert_eq!(
        got,
        ["procedures/stray.yaml:1:1: error: this .yaml file is in the wrong place and is not read"]
    );
}

#[test]
fn duplicate_codes_within_a_level() {
    let sharded = "procedures/xa/1.0011/1.001193.yaml";
    let got = check(&[
        (FILE, PROCEDURE.as_bytes()),
        (sharded, PROCEDURE.as_bytes()),
    ]);
    assert_eq!(
        got,
        [format!(
            "{FILE}:1:1: error: code `1.001193` is duplicated at level `xa` (also in {sharded})"
        )]
    );
}

#[test]
fn negative_fees_also_per_channel() {
    let got = one("    amount: 0\n", "    amount: -1\n");
    assert_eq!(
        got,
        [format!(
            "{FILE}:12:5: error: Channels [1] › Own fees [1] › Amount: negative amount: -1"
        )]
    );
    let got = one("  amount: 8000\n", "  amount: -8000\n");
    assert_eq!(
        got,
        [format!(
            "{FILE}:27:3: error: Fees [1] › Amount: negative amount: -8000"
        )]
    );
}

#[test]
fn effective_dates_in_order() {
    let got = one(
        "effective_from: 2022-01-01\n",
        "effective_from: 2022-01-01\neffective_until: 2021-12-31\n",
    );
    assert_eq!(
        got,
        [format!(
            "{FILE}:36:1: error: effective_until is before effective_from"
        )]
    );
    let got = one(
        "effective_from: 2022-01-01\n",
        "effective_from: 2022-02-30\n",
    );
    assert_eq!(got.len(), 1);
    assert!(
        got[0].starts_with(&format!(
            "{FILE}:35:1: error: In force from: must be a date"
        )),
        "{got:?}"
    );
}

#[test]
fn non_nfc_text_is_a_warning_and_control_characters_an_error() {
    let got = one("- Cá nhân", "- Ca\u{301} nhân");
    assert_eq!(
        got,
        [format!(
            "{FILE}:21:1: warning: Subjects [1]: text is not in Unicode NFC (combining marks)"
        )]
    );
    let got = one(
        "name: Đăng ký khai sinh",
        "name: \"Đăng ký \\e[31mkhai sinh\"",
    );
    assert_eq!(
        got,
        [format!(
            "{FILE}:2:1: error: Name: control character U+001B in text"
        )]
    );
    let got = one(
        "name: Đăng ký khai sinh",
        "name: \"Đăng ký \\u202Ekhai sinh\"",
    );
    assert_eq!(
        got,
        [format!(
            "{FILE}:2:1: error: Name: control character U+202E in text"
        )]
    );
}

#[test]
fn comments_are_a_warning() {
    let got = one(
        "status: published\n",
        "status: published # đang công khai\n",
    );
    assert_eq!(
        got,
        [format!(
            "{FILE}:34:19: warning: YAML comments are dropped when the file is rewritten"
        )]
    );
}

#[test]
fn manifest_problems() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "catalog.yaml",
        MANIFEST
            .replace("schema: 2", "schema: 9")
            .replace("- id: ho-tich", "- id: Hộ Tịch")
            .as_bytes(),
    );
    let cat = store::load(dir.path()).unwrap();
    let got: Vec<String> = validate::validate_catalog(&cat)
        .iter()
        .map(Diagnostic::to_string)
        .collect();
    assert_eq!(
        got,
        [
            "catalog.yaml:1:1: error: format version 9 is not supported (supported: 2)",
            "catalog.yaml:8:3: error: id `Hộ Tịch` cannot be used as a file or folder name",
        ]
    );
}

#[test]
fn proposals_and_publications_load_and_validate() {
    let proposal = "id: 2022-001
kind: abolish
target:
  level: xa
  code: '1.001193'
title: Bãi bỏ thủ tục
status: submitted
log:
- status: draft
  date: 2022-02-10
  actor: A <a@x>
- status: submitted
  date: 2022-03-01
  actor: A <a@x>
";
    let publication = "decision: 2680/QĐ-UBND
date: 2021-12-20
counts:
  total: 1
  new: 1
  amended: 0
  abolished: 0
changes:
  new:
  - level: xa
    code: '1.001193'
    name: Đăng ký khai sinh
";
    let got = check(&[
        (FILE, PROCEDURE.as_bytes()),
        ("proposals/2022/2022-001.yaml", proposal.as_bytes()),
        ("publications/2021-12-20-1.yaml", publication.as_bytes()),
    ]);
    assert_eq!(got, Vec::<String>::new());
    let got = check(&[
        (
            "proposals/2022/2022-002.yaml",
            proposal
                .replace(
                    "kind: abolish\ntarget:\n  level: xa\n  code: '1.001193'\n",
                    "kind: amend\n",
                )
                .as_bytes(),
        ),
        (
            "publications/2021-12-20-1.yaml",
            publication.replace("date: 2021-12-20\n", "").as_bytes(),
        ),
    ]);
    assert_eq!(
        got,
        [
            "proposals/2022/2022-002.yaml:1:1: error: file location disagrees with its level/code; it should be proposals/2022/2022-001.yaml",
            "proposals/2022/2022-002.yaml:1:1: error: missing required part: Proposed record",
            "proposals/2022/2022-002.yaml:2:1: error: an abolish/amend/replace proposal needs a target (level, code)",
            "publications/2021-12-20-1.yaml:1:1: error: missing required part: Date",
        ]
    );
}

/// A proposal log edited by hand: every step that breaks the chain, the dates, the document
/// rule or four-eyes is reported at its own line, as a warning (the catalogue still exports).
#[test]
fn a_hand_edited_proposal_log_is_checked_step_by_step() {
    let proposal = "id: 2022-001
kind: abolish
target:
  level: xa
  code: '1.001193'
title: Bãi bỏ thủ tục
status: applied
log:
- status: submitted
  date: 2022-02-10
  actor: A <a@x>
- status: sent_to_province
  date: 2022-02-01
  actor: B <b@x>
- status: approved
  date: 2022-03-01
  document_no: 12/QĐ-UBND
  actor: A <a@x>
- status: published
  date: 2022-04-01
  document_no: 40/QĐ-UBND
  actor: B <b@x>
";
    let got = check(&[
        (FILE, PROCEDURE.as_bytes()),
        ("proposals/2022/2022-001.yaml", proposal.as_bytes()),
    ]);
    assert_eq!(
        got,
        [
            "proposals/2022/2022-001.yaml:7:1: warning: status `applied to the catalogue` differs from the last step of the log (`published`)",
            "proposals/2022/2022-001.yaml:9:1: warning: the log starts with `submitted`, not with the draft",
            "proposals/2022/2022-001.yaml:12:1: warning: the date 2022-02-01 is before the previous step's date (2022-02-10)",
            "proposals/2022/2022-001.yaml:12:1: warning: the step to `sent to the province` needs its document's number and date",
            "proposals/2022/2022-001.yaml:19:1: warning: cannot go from `approved` to `published`",
        ]
    );
    // With a draft by A, A approving without a recorded reason breaks four-eyes; with a reason
    // (what `--force --reason` records) it does not.
    let drafted = proposal.replace(
        "log:\n- status: submitted\n",
        "log:\n- status: draft\n  date: 2022-02-09\n  actor: A <a@x>\n- status: submitted\n",
    );
    let got = check(&[
        (FILE, PROCEDURE.as_bytes()),
        ("proposals/2022/2022-001.yaml", drafted.as_bytes()),
    ]);
    assert!(
        got.iter().any(|l| l.contains("A <a@x> drafted this proposal and recorded `approved` with no override reason (four-eyes)")),
        "{got:#?}"
    );
    let forced = drafted.replace(
        "  actor: A <a@x>\n- status: published",
        "  actor: A <a@x>\n  forced: the head of the office was away\n- status: published",
    );
    let got = check(&[
        (FILE, PROCEDURE.as_bytes()),
        ("proposals/2022/2022-001.yaml", forced.as_bytes()),
    ]);
    assert!(!got.iter().any(|l| l.contains("four-eyes")), "{got:#?}");
}

/// The first publication of a province-scale catalogue lists every procedure: its record may be
/// far larger than the 1 MB allowed for one procedure, and is still read.
#[test]
fn a_large_publication_record_is_read_and_a_large_procedure_is_not() {
    let mut publication = String::from(
        "decision: 2680/QĐ-UBND\ndate: 2021-12-20\ncounts:\n  total: 12000\n  new: 12000\n  amended: 0\n  abolished: 0\nchanges:\n  new:\n",
    );
    for i in 0..12_000 {
        publication.push_str(&format!(
            "  - level: xa\n    code: '1.{i:06}'\n    name: Thủ tục số {i} của danh mục tổng hợp cấp tỉnh\n"
        ));
    }
    assert!(publication.len() > 1024 * 1024);
    let got = check(&[
        (FILE, PROCEDURE.as_bytes()),
        ("publications/2021-12-20-1.yaml", publication.as_bytes()),
    ]);
    assert_eq!(got, Vec::<String>::new());
    let mut big = PROCEDURE.to_owned();
    big.push_str(&format!("notes: '{}'\n", "x".repeat(1024 * 1024)));
    let got = check(&[(FILE, big.as_bytes())]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("too large"), "{got:?}");
}

// --- Hostile input: each gives one clear error, never a crash or a hang. ---

fn hostile(content: &[u8]) -> Vec<String> {
    check(&[("procedures/xa/9.999999.yaml", content)])
}

#[test]
fn a_huge_file_is_refused_before_parsing() {
    let mut big = b"notes: '".to_vec();
    big.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    big.extend(b"'\n");
    let got = hostile(&big);
    assert_eq!(
        got,
        [
            "procedures/xa/9.999999.yaml:1:1: error: file is too large (10.0 MB); a record file may be at most 1024 KB"
        ]
    );
}

#[test]
fn invalid_utf8_points_at_the_byte() {
    let got = hostile(b"code: '9.999999'\nname: ab\xff\xfe\n");
    assert_eq!(
        got,
        ["procedures/xa/9.999999.yaml:2:9: error: the file is not valid UTF-8"]
    );
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..9u8 {
        let (prev, this) = ((b'a' + i) as char, (b'b' + i) as char);
        text.push_str(&format!(
            "{this}: &{this} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    let got = hostile(text.as_bytes());
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("error: YAML anchors and aliases"),
        "{got:?}"
    );
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("notes: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let got = hostile(text.as_bytes());
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("error: nesting is too deep"), "{got:?}");
    let text = format!(
        "notes:\n{}",
        (0..10_000)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect::<String>()
    );
    let got = hostile(text.as_bytes());
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn syntax_errors_have_positions() {
    let got = hostile(b"code: '9.999999\nname: [unclosed\n");
    assert_eq!(
        got,
        [
            "procedures/xa/9.999999.yaml:3:1: error: YAML syntax error: found unexpected end of stream, while scanning a quoted scalar"
        ]
    );
    let got = hostile(b"- just\n- a list\n");
    assert_eq!(
        got,
        ["procedures/xa/9.999999.yaml:1:1: error: the file must be a mapping of key: value"]
    );
}

#[test]
fn unparsed_files_are_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "catalog.yaml", MANIFEST.as_bytes());
    let broken = variant(
        "name: Đăng ký khai sinh\n",
        "name: Đăng ký khai sinh\nnmae: x\n",
    );
    write(dir.path(), FILE, broken.as_bytes());
    let cat = store::load(dir.path()).unwrap();
    assert!(cat.unparsed.contains(Path::new(FILE)));
    let report = tthc::workspace::format(&cat, false).unwrap();
    assert_eq!(report.skipped, [Path::new(FILE)]);
    assert_eq!(fs::read_to_string(dir.path().join(FILE)).unwrap(), broken);
    let record: tthc::model::Procedure = store::parse_text(Path::new(FILE), PROCEDURE).unwrap();
    assert!(store::write_record(&cat, Path::new(FILE), &record).is_err());
    assert_eq!(fs::read_to_string(dir.path().join(FILE)).unwrap(), broken);
}

#[test]
fn a_line_break_in_a_name_is_flagged() {
    let got = one(
        "name: Đăng ký khai sinh\n",
        "name: \"Đăng ký khai sinh\\nlưu động\"\n",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(&format!("{FILE}:"))
            && got[0].contains("warning: this field is one line"),
        "{got:?}"
    );
}

// The rules of the 2026 record (issue 16), each with a located failing fixture.

#[test]
fn an_older_schema_is_a_warning_that_says_how_to_migrate() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "catalog.yaml",
        MANIFEST.replace("schema: 2", "schema: 1").as_bytes(),
    );
    write(dir.path(), FILE, PROCEDURE.as_bytes());
    let cat = store::load(dir.path()).unwrap();
    let diags = validate::validate_catalog(&cat);
    let got: Vec<String> = diags.iter().map(Diagnostic::to_string).collect();
    assert_eq!(
        got,
        ["catalog.yaml:1:1: warning: the catalogue is in format version 1; the current one is 2"]
    );
    assert!(
        tthc::words::Message::hint(&diags[0], tthc::i18n::Lang::En)
            .unwrap()
            .contains("tthc fmt --migrate")
    );
}

#[test]
fn an_expired_or_amended_legal_basis_is_flagged_where_it_is_cited() {
    let text = variant(
        "online_service:\n",
        "legal_basis:
- number: 15/2015/TTLT-BTP-BNV-BTC
  title: Hướng dẫn quy định về hỗ trợ chi phí mai táng
  effective: 2015-07-01
  expires: 2020-01-01
- number: 123/2015/NĐ-CP
  title: Quy định chi tiết một số điều của Luật Hộ tịch
  amended_by:
  - 07/2025/NĐ-CP
online_service:\n",
    );
    let got = check(&[(FILE, text.as_bytes())]);
    assert_eq!(
        got,
        [
            format!(
                "{FILE}:33:3: warning: legal basis 15/2015/TTLT-BTP-BNV-BTC expired on 2020-01-01"
            ),
            format!(
                "{FILE}:37:3: warning: 123/2015/NĐ-CP is amended by 07/2025/NĐ-CP, which the procedure's legal basis does not cite"
            ),
        ]
    );
    // Citing the amending text too answers the second.
    let cited = text.replace(
        "online_service:\n",
        "- number: 07/2025/NĐ-CP\n  title: Sửa đổi Nghị định 123/2015/NĐ-CP\nonline_service:\n",
    );
    assert_eq!(check(&[(FILE, cited.as_bytes())]).len(), 1);
}

#[test]
fn a_publication_decision_less_than_five_working_days_before_its_basis_takes_effect() {
    let basis = "legal_basis:
- number: 07/2025/NĐ-CP
  title: Sửa đổi Nghị định 123/2015/NĐ-CP
  effective: 2025-02-03
online_service:\n";
    // Friday 31/01/2025 → Monday 03/02/2025: no working day between.
    let late = variant("online_service:\n", basis).replace(
        "status: published\n",
        "status: published\npublication:\n  decision: 120/QĐ-UBND\n  date: 2025-01-31\n  kind: amended\n",
    );
    let got = check(&[(FILE, late.as_bytes())]);
    assert_eq!(
        got,
        [format!(
            "{FILE}:41:3: warning: publication decision 120/QĐ-UBND of 2025-01-31 is only 0 working days before 07/2025/NĐ-CP takes effect (2025-02-03); at least 5 are required"
        )]
    );
    // Dated a week and a half earlier: in time.
    let early = late.replace("date: 2025-01-31", "date: 2025-01-20");
    assert_eq!(check(&[(FILE, early.as_bytes())]), Vec::<String>::new());
    assert_eq!(
        validate::working_days_between(
            jiff::civil::date(2025, 1, 20),
            jiff::civil::date(2025, 2, 3)
        ),
        9
    );
}

#[test]
fn the_internal_process_fits_in_the_committed_time() {
    let text = variant(
        "processing_time:\n  unit: same_day\n",
        "processing_time:
  value: 5
  unit: working_days
committed_time:
  value: 3
  unit: working_days
internal_process:
- step: Tiếp nhận hồ sơ
  unit: ubnd-xa
  hours: 4
- step: Thẩm định, trình ký
  days: 2
- step: Ký duyệt, trả kết quả
  days: 1
",
    );
    let got = check(&[(FILE, text.as_bytes())]);
    assert_eq!(
        got,
        [format!(
            "{FILE}:24:1: error: the internal process adds up to 3.5 working days, more than the committed time of 3 working days"
        )]
    );
    assert_eq!(
        check(&[(FILE, text.replace("  hours: 4\n", "").as_bytes())]),
        Vec::<String>::new()
    );
    // A committed time longer than the statutory one.
    let longer = text
        .replace("  hours: 4\n", "")
        .replace("committed_time:\n  value: 3", "committed_time:\n  value: 7");
    assert_eq!(
        check(&[(FILE, longer.as_bytes())]),
        [format!(
            "{FILE}:21:1: warning: the committed time is longer than the statutory time"
        )]
    );
}

#[test]
fn a_cap_is_not_a_fee_line_and_tiers_do_not_overlap() {
    let cap_line = variant(
        "  unit: bản\n",
        "  unit: bản\n- kind: fee\n  amount: 200000\n  text: Mức thu tối đa không quá 200.000 đồng/bản\n  unit: bản\n",
    );
    let got = check(&[(FILE, cap_line.as_bytes())]);
    assert_eq!(
        got,
        [format!(
            "{FILE}:30:3: warning: this fee line is a cap, not a fee"
        )]
    );
    let tiers = variant(
        "- kind: fee\n  amount: 8000\n  unit: bản\n",
        "- kind: fee
  unit: trang
  tiers:
  - from: 1
    to: 2
    amount: 2000
  - from: 2
    amount: 1000
  max: 1500
  max_unit: trang
",
    );
    let got = check(&[(FILE, tiers.as_bytes())]);
    assert_eq!(
        got,
        [
            format!(
                "{FILE}:32:5: error: the tier's range is empty or overlaps the previous tier (from ≤ to, ascending)"
            ),
            format!("{FILE}:34:3: warning: the cap 1.500 đ is lower than the amount 2.000 đ"),
        ]
    );
    let fine = tiers.replace("  - from: 2\n", "  - from: 3\n").replace(
        "  max: 1500\n  max_unit: trang\n",
        "  max: 200000\n  max_unit: bản\n",
    );
    assert_eq!(check(&[(FILE, fine.as_bytes())]), Vec::<String>::new());
}

#[test]
fn online_services_interlinking_and_relations() {
    let text = variant(
        "online_service:\n  mode: full\n",
        "online_service:
  mode: full
  eligible_full: false
  services:
  - code: ''
    mode: full
interlinked:
  enabled: true
",
    )
    .replace(
        "effective_from: 2022-01-01\n",
        "effective_from: 2022-01-01\nreplaces:\n- level: xa\n  code: 1.0011\n",
    );
    let got = check(&[(FILE, text.as_bytes())]);
    assert_eq!(
        got,
        [
            format!(
                "{FILE}:31:3: warning: provided fully online but recorded as not eligible for it"
            ),
            format!(
                "{FILE}:33:5: error: missing required part: Online service › Online services › Service code"
            ),
            format!(
                "{FILE}:36:3: warning: inter-agency one-stop is on, but no procedure is linked"
            ),
            format!("{FILE}:44:3: error: procedure code `1.0011` is not of the form d.dddddd"),
        ]
    );
}

#[test]
fn a_bare_code_in_a_relation_means_the_same_level() {
    let text = variant(
        "effective_from: 2022-01-01\n",
        "effective_from: 2022-01-01\nreplaces:\n- '1.000001'\n- 2.000940\n- level: huyen\n  code: '2.000815'\n",
    );
    assert_eq!(check(&[(FILE, text.as_bytes())]), Vec::<String>::new());
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "catalog.yaml", MANIFEST.as_bytes());
    write(dir.path(), FILE, text.as_bytes());
    let cat = store::load(dir.path()).unwrap();
    let p = &cat.procedures[0].record;
    let got: Vec<(&str, &str)> = p
        .replaces
        .iter()
        .map(|r| (r.level_or(&p.level), r.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("xa", "1.000001"),
            ("xa", "2.000940"),
            ("huyen", "2.000815")
        ]
    );
    // Written back, every relation names its level.
    let explicit = p.clone().with_explicit_levels();
    let written = store::canonical_text(std::path::Path::new(FILE), &explicit).unwrap();
    assert!(
        written.contains(
            "replaces:\n- level: xa\n  code: '1.000001'\n- level: xa\n  code: '2.000940'\n"
        ),
        "{written}"
    );
}
#[test]
fn a_draft_is_flagged_as_left_out_of_every_export() {
    assert_eq!(
        one("status: published", "status: draft"),
        [format!(
            "{FILE}:34:1: warning: this procedure is a draft: it is in no public listing or export yet"
        )]
    );
}

#[test]
fn an_agency_listed_twice_is_flagged_where_it_repeats() {
    let got = one(
        "  implementing:\n  - ubnd-xa\n",
        "  implementing:\n  - ubnd-xa\n  - ubnd-xa\n",
    );
    assert_eq!(
        got,
        [format!(
            "{FILE}:25:3: warning: agency `ubnd-xa` is listed twice"
        )]
    );
}

// The register of legal texts (`legal/`, issue 16).

const DECREE_123: &str = "number: 123/2015/NĐ-CP
title: Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch
issuer: Chính phủ
signed: 2015-11-15
effective: 2016-01-01
amended_by:
- 07/2025/NĐ-CP
";

#[test]
fn a_row_cited_by_number_needs_the_register_and_takes_its_facts() {
    let text = variant(
        "online_service:\n",
        "legal_basis:
- number: 123/2015/NĐ-CP
  articles: Điều 9
online_service:\n",
    );
    // No register: the number alone says nothing.
    assert_eq!(
        check(&[(FILE, text.as_bytes())]),
        [format!(
            "{FILE}:30:3: error: legal basis 123/2015/NĐ-CP is cited by number only, but the register (legal/) does not hold it"
        )]
    );
    // With the register, its facts feed the rules: amended by a text the record does not cite,
    // located at the row that cites it.
    let got = check(&[
        (FILE, text.as_bytes()),
        ("legal/123-2015-nd-cp.yaml", DECREE_123.as_bytes()),
    ]);
    assert_eq!(
        got,
        [format!(
            "{FILE}:30:1: warning: 123/2015/NĐ-CP is amended by 07/2025/NĐ-CP, which the procedure's legal basis does not cite"
        )]
    );
    // Expired in the register: said at the row too.
    let expired = DECREE_123.replace("amended_by:\n- 07/2025/NĐ-CP\n", "expires: 2020-01-01\n");
    let got = check(&[
        (FILE, text.as_bytes()),
        ("legal/123-2015-nd-cp.yaml", expired.as_bytes()),
    ]);
    assert_eq!(
        got,
        [format!(
            "{FILE}:30:1: warning: legal basis 123/2015/NĐ-CP expired on 2020-01-01"
        )]
    );
    // The register's effective date sets the publication deadline.
    let soon = DECREE_123
        .replace("effective: 2016-01-01", "effective: 2025-02-03")
        .replace("signed: 2015-11-15", "signed: 2025-01-15")
        .replace("amended_by:\n- 07/2025/NĐ-CP\n", "");
    let late = text.replace(
        "status: published\n",
        "status: published\npublication:\n  decision: 120/QĐ-UBND\n  date: 2025-01-31\n  kind: amended\n",
    );
    let got = check(&[
        (FILE, late.as_bytes()),
        ("legal/123-2015-nd-cp.yaml", soon.as_bytes()),
    ]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("only 0 working days before 123/2015/NĐ-CP takes effect (2025-02-03)"),
        "{got:?}"
    );
}

#[test]
fn the_register_is_checked_file_by_file() {
    let proc = (FILE, PROCEDURE.as_bytes());
    // Clean.
    assert_eq!(
        check(&[proc, ("legal/123-2015-nd-cp.yaml", DECREE_123.as_bytes())]),
        Vec::<String>::new()
    );
    // Named after another number.
    assert_eq!(
        check(&[proc, ("legal/123-2015.yaml", DECREE_123.as_bytes())]),
        [
            "legal/123-2015.yaml:1:1: error: the file of 123/2015/NĐ-CP must be named legal/123-2015-nd-cp.yaml"
        ]
    );
    // No title; dates out of order; amending itself.
    let bad = DECREE_123
        .replace(
            "title: Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch\n",
            "",
        )
        .replace(
            "effective: 2016-01-01",
            "effective: 2016-01-01\nexpires: 2015-12-31",
        )
        .replace("- 07/2025/NĐ-CP", "- 123/2015/nđ-cp");
    assert_eq!(
        check(&[proc, ("legal/123-2015-nd-cp.yaml", bad.as_bytes())]),
        [
            "legal/123-2015-nd-cp.yaml:1:1: error: missing required part: Title",
            "legal/123-2015-nd-cp.yaml:5:1: error: dates out of order: signed ≤ effective ≤ expires",
            "legal/123-2015-nd-cp.yaml:7:1: error: a text cannot amend itself",
        ]
    );
    // An unknown key, and a misplaced file.
    let got = check(&[
        proc,
        (
            "legal/123-2015-nd-cp.yaml",
            format!("{DECREE_123}sô: 1\n").as_bytes(),
        ),
        ("legal/old/x.yaml", DECREE_123.as_bytes()),
    ]);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got.iter()
            .any(|d| d.starts_with("legal/123-2015-nd-cp.yaml:8:1: error")),
        "{got:?}"
    );
    assert!(got.iter().any(|d| d.starts_with("legal/old")), "{got:?}");
}

#[test]
fn units_must_be_declared_and_of_the_procedure_level() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = MANIFEST.replace(
        "fields:",
        "- id: tinh\n  name: Cấp tỉnh\nunits:\n- id: xa-an-binh\n  name: Xã An Bình\n  kind: xa\n  level: xa\n- id: so-tu-phap\n  name: Sở Tư pháp\n  kind: xa\n  level: tinh\nfields:",
    );
    write(dir.path(), "catalog.yaml", manifest.as_bytes());
    let units = |list: &str| {
        variant(
            "status: published",
            &format!("units: [{list}]\nstatus: published"),
        )
    };
    write(dir.path(), FILE, units("xa-an-binh").as_bytes());
    let cat = store::load(dir.path()).unwrap();
    assert_eq!(validate::validate_catalog(&cat), Vec::<Diagnostic>::new());

    write(
        dir.path(),
        FILE,
        units("xa-an-binh, xa-an-phu, so-tu-phap").as_bytes(),
    );
    let cat = store::load(dir.path()).unwrap();
    let got: Vec<String> = validate::validate_catalog(&cat)
        .iter()
        .map(Diagnostic::to_string)
        .collect();
    assert_eq!(
        got,
        [
            format!(
                "{FILE}:34:1: error: unit `xa-an-phu` is not declared among the units of catalog.yaml"
            ),
            format!(
                "{FILE}:34:1: error: unit `so-tu-phap` (Sở Tư pháp) belongs to Cấp tỉnh, not to this procedure's level"
            ),
        ]
    );
}
