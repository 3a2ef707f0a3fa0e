//! The province's decisions from the command line, on a real catalogue in a real repository:
//! every kind of effect (a transfer across levels among them) applied in one commit, effective
//! dates from the row, its legal text or the decision, a decision that applies only in part and
//! is settled later, one that answers local proposals, applying twice, and a decision refused
//! with located problems in both languages.

mod common;

use common::{Sandbox, stderr, stdout};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tthc::model::{Decision, Procedure, ProcedureStatus, PublicationKind};
use tthc::store;

const HUNG: (&str, &str) = ("Trần Văn Hùng", "hung.vanphong@duytien.example");
const PHAP: &str = "Nguyễn Văn Pháp <phap@duytien.example>";

/// Run tthc in `root`; return (exit code, stdout, stderr).
fn run(sb: &Sandbox, root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = sb.tthc(root).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn ok(sb: &Sandbox, root: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(sb, root, args);
    assert_eq!(code, 0, "tthc {args:?}\n{out}\n{err}");
    out
}

fn read(root: &Path, level: &str, code: &str) -> Procedure {
    let rel = store::procedure_path(Default::default(), level, code);
    store::parse_text(&rel, &fs::read_to_string(root.join(&rel)).unwrap()).unwrap()
}

fn decision(root: &Path, id: &str) -> Decision {
    let rel = store::decision_path(id);
    store::parse_text(&rel, &fs::read_to_string(root.join(&rel)).unwrap()).unwrap()
}

fn clean(sb: &Sandbox, root: &Path) {
    assert_eq!(sb.git(root, &["status", "--porcelain"]), "", "git status");
}

fn changed_in_head(sb: &Sandbox, root: &Path) -> Vec<String> {
    sb.git(root, &["show", "--name-only", "--format=", "HEAD"])
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A procedure file of the catalogue, changed by `edit`, indented as a row's `record:`.
fn record(root: &Path, level: &str, code: &str, edit: impl Fn(String) -> String) -> String {
    let rel = store::procedure_path(Default::default(), level, code);
    let text = edit(fs::read_to_string(root.join(rel)).unwrap());
    let mut out = String::from("  record:\n");
    for line in text.lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// One row: `- kind: …` with the lines given (each at the row's indentation).
fn row(kind: &str, lines: &[&str], record: Option<String>) -> String {
    let mut out = format!("- kind: {kind}\n");
    for l in lines {
        out.push_str("  ");
        out.push_str(l);
        out.push('\n');
    }
    if let Some(r) = record {
        out.push_str(&r);
    }
    out
}

/// Write the decision's effects to a file in the sandbox, and record it with `add`.
fn add(sb: &Sandbox, root: &Path, number: &str, date: &str, extra: &[&str], rows: &[String]) {
    let file = sb
        .path()
        .join(format!("decision-{}.yaml", number.replace('/', "-")));
    fs::write(&file, format!("effects:\n{}", rows.concat())).unwrap();
    let mut args = vec![
        "decision",
        "add",
        "--number",
        number,
        "--date",
        date,
        "--issuer",
        "UBND tỉnh Hà Nam",
        "--signer",
        "Trương Quốc Huy",
        "--from",
        file.to_str().unwrap(),
    ];
    args.extend(extra);
    ok(sb, root, &args);
}

fn show_json(sb: &Sandbox, root: &Path, id: &str) -> Value {
    serde_json::from_str(&ok(sb, root, &["decision", "show", id, "--format", "json"])).unwrap()
}

fn states(v: &Value) -> Vec<String> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = r["state"]["state"].as_str().unwrap().to_owned();
            match r["state"]["reason"]["reason"].as_str() {
                Some(reason) => format!("{s}:{reason}"),
                None => s,
            }
        })
        .collect()
}

#[test]
fn every_kind_of_effect_applies_in_one_commit() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let amended = record(&root, "xa", "1.001193", |t| {
        t.replace(
            "Ngay trong ngày tiếp nhận hồ sơ;",
            "Ngay trong ngày tiếp nhận hồ sơ, kể cả hồ sơ nộp trực tuyến;",
        )
    });
    let new = record(&root, "xa", "1.000656", |t| {
        t.replace("code: '1.000656'", "code: '1.012345'")
            .replace("name: Đăng ký khai tử", "name: Liên thông đăng ký khai tử")
            .replace("effective_from: 2022-01-10\n", "")
    });
    let replacing = record(&root, "xa", "1.004873", |t| {
        t.replace("code: '1.004873'", "code: '1.013000'")
    });
    let same_code = record(&root, "xa", "1.000894", |t| {
        t.replace("name: Đăng ký kết hôn", "name: Đăng ký kết hôn (thay thế)")
    });
    let rows = [
        row(
            "amended",
            &[
                "level: xa",
                "code: '1.001193'",
                "legal_text: {number: 120/2025/NĐ-CP}",
            ],
            Some(amended),
        ),
        row(
            "abolished",
            &[
                "level: xa",
                "code: '1.004845'",
                "legal_text: {number: 07/2025/TT-BTP}",
            ],
            None,
        ),
        // Level and code taken from the record.
        row("new", &["legal_text: {number: 63/2024/NĐ-CP}"], Some(new)),
        row(
            "replaced",
            &[
                "level: xa",
                "code: '1.004873'",
                "legal_text: {number: 08/2025/TT-BTP}",
            ],
            Some(replacing),
        ),
        row(
            "replaced",
            &[
                "level: xa",
                "code: '1.000894'",
                "legal_text: {number: 08/2025/TT-BTP}",
            ],
            Some(same_code),
        ),
        row(
            "transferred",
            &[
                "level: huyen",
                "code: '2.000294'",
                "to: {level: xa}",
                "legal_text: {number: 125/2025/NĐ-CP}",
            ],
            None,
        ),
    ];
    let before = sb.commits(&root);
    add(
        &sb,
        &root,
        "1203/QĐ-UBND",
        "2025-06-20",
        &[
            "--effective",
            "2025-07-01",
            "--level",
            "xa",
            "--field",
            "Hộ tịch",
        ],
        &rows,
    );
    assert_eq!(sb.commits(&root), before + 1, "recorded in one commit");
    assert_eq!(
        changed_in_head(&sb, &root),
        ["decisions/2025/2025-001.yaml"]
    );
    assert_eq!(
        sb.git(&root, &["log", "-1", "--format=%s"]).trim(),
        "Quyết định 1203/QĐ-UBND (2025-001): ghi nhận, 6 dòng"
    );
    let d = decision(&root, "2025-001");
    assert_eq!(d.number, "1203/QĐ-UBND");
    assert_eq!(d.scope.levels, ["xa"]);
    assert_eq!(d.scope.fields, ["ho-tich"], "a field given by its name");
    assert_eq!(
        (d.effects[2].level.as_str(), d.effects[2].code.as_str()),
        ("xa", "1.012345")
    );
    assert!(
        d.effects[0].base.is_some(),
        "an amendment remembers its base"
    );
    assert!(d.effects.iter().all(|e| e.applied.is_none()));

    // Listed, shown with every row not applied yet and what applying would change.
    let list = ok(&sb, &root, &["decision", "list"]);
    assert!(list.contains("2025-001") && list.contains("0/6"), "{list}");
    let shown = ok(&sb, &root, &["decision", "show", "2025-001"]);
    assert!(shown.contains("chưa áp dụng"), "{shown}");
    assert!(
        shown.contains("[-sơ;-]{+sơ, kể cả hồ sơ nộp trực tuyến;+}"),
        "the redline of the amendment: {shown}"
    );
    assert!(shown.contains("Cấp huyện → Cấp xã"), "{shown}");
    assert_eq!(states(&show_json(&sb, &root, "2025-001")), ["ready"; 6]);

    // A dry run changes nothing.
    let dry = ok(&sb, &root, &["decision", "apply", "2025-001", "--dry-run"]);
    assert!(dry.contains("Chạy thử: không thay đổi gì."), "{dry}");
    assert_eq!(sb.commits(&root), before + 1);
    clean(&sb, &root);

    let out = ok(&sb, &root, &["decision", "apply", "2025-001"]);
    assert!(out.starts_with("Đã lưu "), "{out}");
    assert_eq!(sb.commits(&root), before + 2, "applied in one commit");
    clean(&sb, &root);
    let mut files = changed_in_head(&sb, &root);
    files.sort();
    assert_eq!(
        files,
        [
            "decisions/2025/2025-001.yaml",
            "procedures/huyen/2.000294.yaml",
            "procedures/xa/1.000894.yaml",
            "procedures/xa/1.001193.yaml",
            "procedures/xa/1.004845.yaml",
            "procedures/xa/1.004873.yaml",
            "procedures/xa/1.012345.yaml",
            "procedures/xa/1.013000.yaml",
            "procedures/xa/2.000294.yaml",
        ]
    );
    assert_eq!(
        sb.git(&root, &["log", "-1", "--format=%s"]).trim(),
        "Quyết định 1203/QĐ-UBND: áp dụng 6/6 dòng vào danh mục"
    );
    let decided = |kind| {
        Some(tthc::model::PublicationRef {
            decision: "1203/QĐ-UBND".into(),
            date: "2025-06-20".parse().ok(),
            kind,
        })
    };
    let july = "2025-07-01".parse().ok();

    let p = read(&root, "xa", "1.001193");
    assert_eq!(p.status, ProcedureStatus::Amended);
    assert_eq!(p.publication, decided(PublicationKind::Amended));
    assert!(
        p.processing_time
            .note
            .unwrap()
            .contains("kể cả hồ sơ nộp trực tuyến")
    );

    let p = read(&root, "xa", "1.004845");
    assert_eq!(p.status, ProcedureStatus::Abolished);
    assert_eq!(p.publication, decided(PublicationKind::Abolished));
    assert_eq!(p.effective_until, july);

    let p = read(&root, "xa", "1.012345");
    assert_eq!(p.name, "Liên thông đăng ký khai tử");
    assert_eq!(p.status, ProcedureStatus::Published);
    assert_eq!(p.publication, decided(PublicationKind::New));
    assert_eq!(p.effective_from, july);

    let (old, new) = (read(&root, "xa", "1.004873"), read(&root, "xa", "1.013000"));
    assert_eq!(old.status, ProcedureStatus::Abolished);
    assert_eq!(
        old.replaced_by,
        [tthc::model::ProcedureRef::new("xa", "1.013000")]
    );
    assert_eq!(old.effective_until, july);
    assert_eq!(
        new.replaces,
        [tthc::model::ProcedureRef::new("xa", "1.004873")]
    );
    assert_eq!(new.effective_from, july);
    assert_eq!(new.publication, decided(PublicationKind::Replaced));

    let p = read(&root, "xa", "1.000894");
    assert_eq!(p.name, "Đăng ký kết hôn (thay thế)");
    assert_eq!(p.status, ProcedureStatus::Published);
    assert_eq!(p.publication, decided(PublicationKind::Replaced));

    // The transfer across levels: the relation on both sides.
    let (from, to) = (
        read(&root, "huyen", "2.000294"),
        read(&root, "xa", "2.000294"),
    );
    assert_eq!(from.status, ProcedureStatus::Abolished);
    assert_eq!(from.effective_until, july);
    let relation = |level: &str| {
        Some(tthc::model::ProcedureRef {
            level: level.into(),
            code: "2.000294".into(),
        })
    };
    assert_eq!(from.transferred_to, relation("xa"));
    assert_eq!(to.transferred_from, relation("huyen"));
    // Marked as `tthc reorganize` marks a transfer: chuyển cấp on both sides, not bãi bỏ / mới.
    assert_eq!(from.publication, decided(PublicationKind::Transferred));
    assert_eq!(to.publication, decided(PublicationKind::Transferred));
    assert_eq!(to.level, "xa");
    assert_eq!(to.status, ProcedureStatus::Published);
    assert_eq!(to.effective_from, july);
    assert_eq!(to.name, from.name);

    // The decision records which rows were applied, when and by whom.
    let d = decision(&root, "2025-001");
    assert!(d.effects.iter().all(|e| {
        e.applied
            .as_ref()
            .is_some_and(|a| a.by == PHAP && a.date.is_some())
    }));
    assert_eq!(states(&show_json(&sb, &root, "2025-001")), ["applied"; 6]);
    let shown = ok(&sb, &root, &["show", "2.000294", "--level", "xa"]);
    assert!(shown.contains("Chuyển từ: 2.000294 (Cấp huyện)"), "{shown}");
    // Everything written is valid and canonical.
    ok(&sb, &root, &["validate"]);
    ok(&sb, &root, &["fmt", "--check"]);
    sb.fsck(&root);
}

#[test]
fn effective_dates_come_from_the_row_then_its_legal_text_then_the_decision() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let rows = [
        row(
            "abolished",
            &[
                "level: xa",
                "code: '1.004845'",
                "effective: 2025-09-01",
                "legal_text: {number: 07/2025/TT-BTP, effective: 2025-08-15}",
            ],
            None,
        ),
        row(
            "abolished",
            &[
                "level: xa",
                "code: '1.004859'",
                "legal_text: {number: 07/2025/TT-BTP, date: 2025-05-02, effective: 2025-08-15}",
            ],
            None,
        ),
        row(
            "abolished",
            &[
                "level: xa",
                "code: '1.004884'",
                "legal_text: {number: 09/2025/TT-BTP}",
            ],
            None,
        ),
        row(
            "transferred",
            &[
                "level: huyen",
                "code: '1.001266'",
                "to: {level: xa, code: '1.001266'}",
                "legal_text: {number: 125/2025/NĐ-CP, effective: 2025-07-01}",
            ],
            None,
        ),
    ];
    add(
        &sb,
        &root,
        "900/QĐ-UBND",
        "2025-06-20",
        &["--effective", "2025-06-25"],
        &rows,
    );
    let shown = ok(
        &sb,
        &root,
        &["decision", "show", "2025-001", "--lang", "en"],
    );
    assert!(
        shown.contains("09/01/2025") || shown.contains("2025-09-01"),
        "{shown}"
    );
    ok(&sb, &root, &["decision", "apply", "2025-001"]);
    let day = |s: &str| s.parse().ok();
    assert_eq!(
        read(&root, "xa", "1.004845").effective_until,
        day("2025-09-01"),
        "the row's own"
    );
    assert_eq!(
        read(&root, "xa", "1.004859").effective_until,
        day("2025-08-15"),
        "the abolishing text's, not the decision's"
    );
    assert_eq!(
        read(&root, "xa", "1.004884").effective_until,
        day("2025-06-25"),
        "the decision's"
    );
    assert_eq!(
        read(&root, "huyen", "1.001266").effective_until,
        day("2025-07-01")
    );
    assert_eq!(
        read(&root, "xa", "1.001266").effective_from,
        day("2025-07-01")
    );
}

#[test]
fn a_partly_applicable_decision_applies_the_rest_and_is_settled_later() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let note = |t: String| {
        t.replace(
            "Ngay trong ngày tiếp nhận hồ sơ;",
            "Ngay trong ngày tiếp nhận hồ sơ, kể cả hồ sơ nộp trực tuyến;",
        )
    };
    let amended = record(&root, "xa", "1.001193", note);
    let marriage = record(&root, "xa", "1.000894", |t| {
        t.replace("name: Đăng ký kết hôn", "name: Đăng ký kết hôn (sửa đổi)")
    });
    let rows = [
        row(
            "amended",
            &[
                "level: xa",
                "code: '1.001193'",
                "legal_text: {number: 120/2025/NĐ-CP}",
            ],
            Some(amended),
        ),
        row(
            "abolished",
            &[
                "level: xa",
                "code: '1.099999'",
                "legal_text: {number: 07/2025/TT-BTP}",
            ],
            None,
        ),
        row(
            "abolished",
            &[
                "level: tinh",
                "code: '1.000001'",
                "legal_text: {number: 07/2025/TT-BTP}",
            ],
            None,
        ),
        row(
            "amended",
            &[
                "level: xa",
                "code: '1.000894'",
                "legal_text: {number: 120/2025/NĐ-CP}",
            ],
            Some(marriage),
        ),
        row(
            "abolished",
            &[
                "level: xa",
                "code: '1.004845'",
                "legal_text: {number: 07/2025/TT-BTP}",
            ],
            None,
        ),
    ];
    // A row for a level this catalogue does not hold is recorded, with a warning.
    let file = sb.path().join("partly.yaml");
    fs::write(&file, format!("effects:\n{}", rows.concat())).unwrap();
    let (code, _, err) = run(
        &sb,
        &root,
        &[
            "decision",
            "add",
            "--number",
            "1500/QĐ-UBND",
            "--date",
            "2025-06-15",
            "--from",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("cảnh báo: cấp `tinh` không có trong danh mục này"),
        "{err}"
    );

    // After the decision was recorded, the office edits two procedures: one in a field the
    // decision changes differently, one in a field it does not touch.
    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "procedures/xa/1.001193.yaml",
        "Ngay trong ngày tiếp nhận hồ sơ;",
        "Ngay trong ngày tiếp nhận hồ sơ (sửa tại xã);",
    );
    let path = root.join("procedures/xa/1.000894.yaml");
    let text: String = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| match l.starts_with("reviewed_on:") {
            true => "reviewed_on: 2025-06-30\n".to_owned(),
            false => format!("{l}\n"),
        })
        .collect();
    fs::write(&path, text).unwrap();
    sb.git(&root, &["commit", "-qam", "Sửa tại xã"]);

    let before = sb.commits(&root);
    let (code, out, err) = run(&sb, &root, &["decision", "apply", "2025-001"]);
    assert_eq!(code, 0, "the rest is applied: {out}{err}");
    assert_eq!(sb.commits(&root), before + 1);
    clean(&sb, &root);
    assert!(
        out.contains("danh mục không có thủ tục 1.099999 ở Cấp xã"),
        "{out}"
    );
    assert!(
        out.contains("đã được sửa tại đây sau khi ghi nhận quyết định, khác với quyết định ở: thời hạn giải quyết"),
        "{out}"
    );
    assert!(
        out.contains("✗ xung đột"),
        "the three-way comparison: {out}"
    );
    assert!(out.contains("(sửa tại xã)"), "{out}");
    assert!(
        out.contains("Giữ các sửa đổi tại chỗ sau khi ghi nhận quyết định: ngày rà soát"),
        "{out}"
    );
    let marriage = read(&root, "xa", "1.000894");
    assert_eq!(
        marriage.name, "Đăng ký kết hôn (sửa đổi)",
        "the decision's change"
    );
    assert_eq!(
        marriage.reviewed_on,
        "2025-06-30".parse().ok(),
        "the local edit kept"
    );
    assert_eq!(
        read(&root, "xa", "1.004845").status,
        ProcedureStatus::Abolished
    );
    assert!(
        read(&root, "xa", "1.001193")
            .processing_time
            .note
            .unwrap()
            .contains("(sửa tại xã)"),
        "the conflicting row is not applied"
    );
    assert_eq!(
        states(&show_json(&sb, &root, "2025-001")),
        [
            "blocked:conflict",
            "blocked:not_in_catalogue",
            "elsewhere",
            "applied",
            "applied"
        ]
    );
    let list = ok(&sb, &root, &["decision", "list"]);
    assert!(list.contains("2/4 (+1 dòng cấp khác)"), "{list}");

    // Nothing more can apply yet: nothing changes, and it says why (exit 1).
    let (code, out, _) = run(&sb, &root, &["decision", "apply", "2025-001"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Không dòng nào áp dụng được; chưa thay đổi gì."),
        "{out}"
    );
    assert_eq!(sb.commits(&root), before + 1);

    // Settled: the field holds the value the decision was recorded against again.
    edit(
        "procedures/xa/1.001193.yaml",
        "Ngay trong ngày tiếp nhận hồ sơ (sửa tại xã);",
        "Ngay trong ngày tiếp nhận hồ sơ;",
    );
    sb.git(&root, &["commit", "-qam", "Trả lại như cũ"]);
    let out = ok(&sb, &root, &["decision", "apply", "2025-001"]);
    assert!(
        out.contains("Dòng 1 — sửa đổi, bổ sung 1.001193 (Cấp xã): đã thay đổi"),
        "{out}"
    );
    assert!(
        read(&root, "xa", "1.001193")
            .processing_time
            .note
            .unwrap()
            .contains("kể cả hồ sơ nộp trực tuyến")
    );
    assert_eq!(
        states(&show_json(&sb, &root, "2025-001")),
        [
            "applied",
            "blocked:not_in_catalogue",
            "elsewhere",
            "applied",
            "applied"
        ]
    );
    ok(&sb, &root, &["validate"]);
}

#[test]
fn a_decision_answers_the_proposals_it_publishes() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let step = |id: &str, to: &str, doc: Option<&str>, date: &str| {
        let mut args = vec!["proposal", "advance", id, "--to", to, "--date", date];
        if let Some(doc) = doc {
            args.extend(["--document", doc]);
        }
        ok(&sb, &root, &args);
    };
    // Pháp drafts an abolition; Hùng records the province's approval.
    ok(
        &sb,
        &root,
        &[
            "propose",
            "abolish",
            "1.004845",
            "--level",
            "xa",
            "--reason",
            "Ít phát sinh hồ sơ",
            "--date",
            "2025-03-01",
        ],
    );
    step("2025-001", "submitted", None, "2025-03-05");
    step(
        "2025-001",
        "sent_to_province",
        Some("45/BC-UBND"),
        "2025-03-10",
    );
    sb.set_identity(&root, HUNG.0, HUNG.1);
    step("2025-001", "approved", Some("512/QĐ-UBND"), "2025-04-01");
    // Hùng drafts an amendment; Pháp records its approval and the amending text.
    let amended = root.join("../1.004746.yaml");
    let text = fs::read_to_string(root.join("procedures/xa/1.004746.yaml")).unwrap();
    fs::write(&amended, text.replacen("name: ", "name: (sửa) ", 1)).unwrap();
    ok(
        &sb,
        &root,
        &[
            "propose",
            "amend",
            "1.004746",
            "--level",
            "xa",
            "--from",
            amended.to_str().unwrap(),
            "--date",
            "2025-03-02",
        ],
    );
    sb.set_identity(&root, "Nguyễn Văn Pháp", "phap@duytien.example");
    step("2025-002", "submitted", None, "2025-03-05");
    step(
        "2025-002",
        "sent_to_province",
        Some("46/BC-UBND"),
        "2025-03-10",
    );
    step("2025-002", "approved", Some("513/QĐ-UBND"), "2025-04-01");
    step(
        "2025-002",
        "legal_text_amended",
        Some("121/2025/NĐ-CP"),
        "2025-05-10",
    );
    // A draft for a procedure the decision also abolishes is not answered by it.
    ok(
        &sb,
        &root,
        &[
            "propose",
            "abolish",
            "1.004859",
            "--level",
            "xa",
            "--reason",
            "Gộp thủ tục",
            "--date",
            "2025-03-03",
        ],
    );

    let marriage = record(&root, "xa", "1.004746", |t| {
        t.replacen("name: ", "name: (sửa) ", 1)
    });
    let rows = [
        row(
            "abolished",
            &[
                "level: xa",
                "code: '1.004845'",
                "legal_text: {number: 07/2025/TT-BTP, date: 2025-05-02, effective: 2025-07-01}",
            ],
            None,
        ),
        row(
            "amended",
            &[
                "level: xa",
                "code: '1.004746'",
                "legal_text: {number: 121/2025/NĐ-CP}",
            ],
            Some(marriage),
        ),
        row(
            "abolished",
            &[
                "level: xa",
                "code: '1.004859'",
                "legal_text: {number: 07/2025/TT-BTP}",
            ],
            None,
        ),
    ];
    add(&sb, &root, "1203/QĐ-UBND", "2025-06-20", &[], &rows);
    // Pháp drafted 2025-001: applying as him would leave it where it is (four-eyes).
    let dry = ok(&sb, &root, &["decision", "apply", "2025-001", "--dry-run"]);
    assert!(
        dry.contains(
            "Đề xuất 2025-001 (được phê duyệt): không chuyển trạng thái — quy tắc bốn mắt"
        ),
        "{dry}"
    );
    assert!(
        dry.contains("Đề xuất 2025-002 (đã sửa văn bản pháp luật) → đã cập nhật danh mục"),
        "{dry}"
    );
    assert!(!dry.contains("2025-003"), "a draft is not answered: {dry}");

    // Hùng applies: both proposals move with the decision, in the same commit.
    sb.set_identity(&root, HUNG.0, HUNG.1);
    let before = sb.commits(&root);
    let (code, out, err) = run(
        &sb,
        &root,
        &[
            "decision",
            "apply",
            "2025-001",
            "--lang",
            "en",
            "--force",
            "--reason",
            "Cùng một người",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(sb.commits(&root), before + 1);
    clean(&sb, &root);
    let files = changed_in_head(&sb, &root);
    for f in [
        "decisions/2025/2025-001.yaml",
        "proposals/2025/2025-001.yaml",
        "proposals/2025/2025-002.yaml",
        "procedures/xa/1.004845.yaml",
        "procedures/xa/1.004746.yaml",
        "procedures/xa/1.004859.yaml",
    ] {
        assert!(files.contains(&f.to_owned()), "{f} in {files:?}");
    }
    assert!(!files.contains(&"proposals/2025/2025-003.yaml".to_owned()));
    let body = sb.git(&root, &["log", "-1", "--format=%B"]);
    assert!(
        body.starts_with("Decision 1203/QĐ-UBND: applied 3 of 3 rows"),
        "{body}"
    );
    assert!(
        body.contains("Proposal 2025-001: applied to the catalogue"),
        "{body}"
    );
    assert!(
        body.contains("Proposal 2025-002: applied to the catalogue"),
        "{body}"
    );

    let list: Value =
        serde_json::from_str(&ok(&sb, &root, &["proposal", "list", "--format", "json"])).unwrap();
    let status = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status("2025-001"), "applied");
    assert_eq!(status("2025-002"), "applied");
    assert_eq!(status("2025-003"), "draft");
    // The approved proposal gained the amending text (from the row), the publication (this
    // decision) and the apply.
    let p: Value = serde_json::from_str(&ok(
        &sb,
        &root,
        &["proposal", "show", "2025-001", "--format", "json"],
    ))
    .unwrap();
    let log = p["proposal"]["log"].as_array().unwrap();
    let last: Vec<(&str, Option<&str>)> = log[log.len() - 3..]
        .iter()
        .map(|t| (t["status"].as_str().unwrap(), t["document_no"].as_str()))
        .collect();
    assert_eq!(
        last,
        [
            ("legal_text_amended", Some("07/2025/TT-BTP")),
            ("published", Some("1203/QĐ-UBND")),
            ("applied", None)
        ]
    );
    assert!(
        log[log.len() - 1]["note"]
            .as_str()
            .unwrap()
            .contains("2025-001")
    );
    let d = decision(&root, "2025-001");
    assert_eq!(
        d.effects[0].applied.as_ref().unwrap().proposals,
        ["2025-001"]
    );
    assert_eq!(
        d.effects[1].applied.as_ref().unwrap().proposals,
        ["2025-002"]
    );
    assert!(d.effects[2].applied.as_ref().unwrap().proposals.is_empty());
    // Hùng drafted 2025-002: the override is recorded on its applied step and stays flagged.
    let flagged = ok(&sb, &root, &["proposal", "list"]);
    assert!(flagged.contains("⚑ vượt bốn mắt"), "{flagged}");
    ok(&sb, &root, &["validate"]);
}

#[test]
fn applying_twice_changes_nothing_and_says_so() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let rows = [row(
        "abolished",
        &[
            "level: xa",
            "code: '1.004845'",
            "legal_text: {number: 07/2025/TT-BTP}",
        ],
        None,
    )];
    add(&sb, &root, "1203/QĐ-UBND", "2025-06-20", &[], &rows);
    ok(&sb, &root, &["decision", "apply", "2025-001"]);
    let commits = sb.commits(&root);
    let head = sb.git(&root, &["rev-parse", "HEAD"]);
    let out = ok(&sb, &root, &["decision", "apply", "2025-001"]);
    assert_eq!(
        out.trim(),
        "Quyết định 1203/QĐ-UBND (2025-001) đã được áp dụng từ trước; không có gì thay đổi."
    );
    let out = ok(
        &sb,
        &root,
        &["decision", "apply", "2025-001", "--lang", "en"],
    );
    assert_eq!(
        out.trim(),
        "Decision 1203/QĐ-UBND (2025-001) was already applied; nothing changed."
    );
    assert_eq!(sb.commits(&root), commits);
    assert_eq!(sb.git(&root, &["rev-parse", "HEAD"]), head);
    clean(&sb, &root);
    // Recording the same decision again is refused.
    let file = sb.path().join("again.yaml");
    fs::write(&file, format!("effects:\n{}", rows.concat())).unwrap();
    let (code, _, err) = run(
        &sb,
        &root,
        &[
            "decision",
            "add",
            "--number",
            "1203/QĐ-UBND",
            "--date",
            "2025-06-20",
            "--from",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("đã được ghi nhận (2025-001"), "{err}");
    assert_eq!(sb.commits(&root), commits);
}

#[test]
fn a_decision_that_does_not_hold_together_is_refused_with_located_problems() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let other = record(&root, "xa", "1.000894", |t| t);
    let file = sb.path().join("bad.yaml");
    let text = format!(
        "effects:\n{}{}{}",
        row("abolished", &["level: xa", "code: '1.004845'"], None),
        row(
            "amended",
            &[
                "level: xa",
                "code: '1.001193'",
                "legal_text: {number: 1/2025/NĐ-CP}"
            ],
            None
        ),
        row(
            "amended",
            &[
                "level: xa",
                "code: '1.001193'",
                "legal_text: {number: 1/2025/NĐ-CP}"
            ],
            Some(other)
        ),
    );
    fs::write(&file, &text).unwrap();
    let commits = sb.commits(&root);
    let args = [
        "decision",
        "add",
        "--number",
        "7/QĐ-UBND",
        "--date",
        "2025-06-20",
        "--from",
        file.to_str().unwrap(),
    ];
    let (code, _, err) = run(&sb, &root, &args);
    assert_eq!(code, 1, "{err}");
    let f = file.display().to_string();
    assert!(
        err.contains(&format!(
            "{f}:2:3: lỗi: mỗi dòng phải nêu văn bản quy phạm pháp luật quy định nội dung thay đổi"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{f}:5:3: lỗi: dòng “sửa đổi, bổ sung” cần nội dung đầy đủ của thủ tục (record)"
        )),
        "{err}"
    );
    assert!(
        err.contains("nội dung thủ tục (record) phải có cấp `xa` và mã `1.001193` như dòng"),
        "{err}"
    );
    assert!(err.contains("dòng này cùng thủ tục với dòng 2"), "{err}");
    let (code, _, err) = run(&sb, &root, &[&args[..], &["--lang", "en"]].concat());
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "{f}:5:3: error: a “amended” row needs the procedure's full record"
        )),
        "{err}"
    );
    assert!(
        err.contains("each row must name the legal text that causes the change"),
        "{err}"
    );
    assert_eq!(sb.commits(&root), commits, "nothing recorded");
    clean(&sb, &root);

    // A file that does not parse is reported where it breaks.
    fs::write(&file, "effects:\n- kind: renamed\n  level: xa\n").unwrap();
    let (code, _, err) = run(&sb, &root, &args);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("{f}:2:")), "{err}");
    // A decision dated in the future, or without its number, is refused too.
    fs::write(
        &file,
        format!(
            "effects:\n{}",
            row(
                "abolished",
                &[
                    "level: xa",
                    "code: '1.004845'",
                    "legal_text: {number: 7/2025/TT-BTP}"
                ],
                None
            )
        ),
    )
    .unwrap();
    let (code, _, err) = run(
        &sb,
        &root,
        &[
            "decision",
            "add",
            "--number",
            "8/QĐ-UBND",
            "--date",
            "2999-01-01",
            "--from",
            &f,
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("sau ngày hôm nay"), "{err}");
    let (code, _, err) = run(
        &sb,
        &root,
        &["decision", "add", "--date", "2025-01-01", "--from", &f],
    );
    assert_eq!(code, 2);
    assert!(err.contains("cần số quyết định"), "{err}");
    assert_eq!(sb.commits(&root), commits);
    // An unknown decision.
    let (code, _, err) = run(&sb, &root, &["decision", "show", "2025-009"]);
    assert_eq!(code, 1);
    assert!(err.contains("không có quyết định 2025-009"), "{err}");
}

#[test]
fn the_decisions_of_a_period_are_reported_with_counts_by_kind_and_level() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let abolish = |code: &str| {
        row(
            "abolished",
            &[
                "level: xa",
                &format!("code: '{code}'"),
                "legal_text: {number: 04/2022/TT-BTP}",
            ],
            None,
        )
    };
    let transfer = row(
        "transferred",
        &[
            "level: huyen",
            "code: '2.000294'",
            "to: {level: xa}",
            "legal_text: {number: 125/2025/NĐ-CP}",
        ],
        None,
    );
    add(
        &sb,
        &root,
        "1600/QĐ-UBND",
        "2022-07-20",
        &[],
        &[abolish("1.001193"), abolish("1.004845")],
    );
    add(&sb, &root, "1700/QĐ-UBND", "2022-09-10", &[], &[transfer]);
    add(
        &sb,
        &root,
        "1800/QĐ-UBND",
        "2023-01-05",
        &[],
        &[abolish("1.000656")],
    );
    ok(&sb, &root, &["decision", "apply", "2022-001"]);

    // The period in dd/mm/yyyy: the 2023 decision is outside it.
    let table = ok(
        &sb,
        &root,
        &[
            "decision",
            "report",
            "--from",
            "01/07/2022",
            "--to",
            "31/12/2022",
        ],
    );
    assert!(
        table.starts_with(
            "Quyết định công bố của tỉnh 01/07/2022 – 31/12/2022: 2 quyết định, 3 dòng (2 đã áp dụng ở đây)"
        ),
        "{table}"
    );
    assert!(
        table.contains("2022-001  1600/QĐ-UBND  20/07/2022  UBND tỉnh Hà Nam"),
        "{table}"
    );
    assert!(
        table.contains("Cấp huyện → Cấp xã"),
        "the transfer's levels: {table}"
    );
    assert!(!table.contains("1800/QĐ-UBND"), "{table}");
    let counts: Vec<Vec<String>> = ok(
        &sb,
        &root,
        &[
            "decision",
            "report",
            "--from",
            "01/07/2022",
            "--to",
            "31/12/2022",
            "--format",
            "csv",
        ],
    )
    .lines()
    .map(|l| l.split(',').map(str::to_owned).collect())
    .collect();
    assert_eq!(
        counts,
        [
            ["Loại", "Cấp", "Số dòng", "Đã áp dụng", "Chưa áp dụng"],
            ["bãi bỏ", "Cấp xã", "2", "2", "0"],
            ["chuyển cấp", "Cấp huyện", "1", "0", "1"],
        ]
    );
    // English, and JSON with every decision when no period is given.
    let en = ok(
        &sb,
        &root,
        &["--lang", "en", "decision", "report", "--to", "2022-12-31"],
    );
    assert!(
        en.starts_with("The province's decisions until 2022-12-31: 2 decisions"),
        "{en}"
    );
    assert!(
        en.contains("not applied") && en.contains("applied 20"),
        "{en}"
    );
    let v: Value =
        serde_json::from_str(&ok(&sb, &root, &["decision", "report", "--format", "json"])).unwrap();
    assert_eq!(
        (
            v["total"].as_u64(),
            v["rows"].as_u64(),
            v["applied"].as_u64()
        ),
        (Some(3), Some(4), Some(2))
    );
    assert_eq!(v["decisions"][2]["effects"][0]["code"], "1.000656");
    // A period that ends before it starts is refused.
    let (code, _, err) = run(
        &sb,
        &root,
        &[
            "decision",
            "report",
            "--from",
            "01/01/2023",
            "--to",
            "31/12/2022",
        ],
    );
    assert_eq!(code, 2, "{err}");
}
