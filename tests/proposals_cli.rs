//! Proposals from the command line, as two people in one office use them: drafting, the
//! chain with its refusals, four-eyes with two git identities and the flagged override, the
//! redline in colour and without, withdrawing.

mod common;

use common::{Sandbox, stderr, stdout};
use serde_json::Value;
use std::fs;
use std::path::Path;

fn today() -> String {
    tthc::model::Policy::default().today().to_string()
}

fn year() -> String {
    today()[..4].to_owned()
}

/// Run tthc in `root`; return (exit code, stdout, stderr).
fn run(sb: &Sandbox, root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = sb.tthc(root).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn ok(sb: &Sandbox, root: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(sb, root, args);
    assert_eq!(code, 0, "tthc {args:?}: {err}");
    out
}

fn subject(sb: &Sandbox, root: &Path) -> String {
    sb.git(root, &["log", "-1", "--format=%s"])
        .trim()
        .to_owned()
}

const HUNG: (&str, &str) = ("Trần Văn Hùng", "hung.vanphong@duytien.example");
const PHAP: (&str, &str) = ("Nguyễn Văn Pháp", "phap@duytien.example");

#[test]
fn four_eyes_with_two_identities_and_the_override_stays_flagged() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let d = today();
    let id = format!("{}-001", year());
    let before = sb.commits(&root);
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
        ],
    );
    assert_eq!(sb.commits(&root), before + 1, "one commit per command");
    assert_eq!(
        subject(&sb, &root),
        format!("Đề xuất {id}: bãi bỏ 1.004845 (Cấp xã) — dự thảo")
    );
    assert_eq!(
        sb.git(&root, &["show", "--name-only", "--format=", "HEAD"])
            .trim(),
        format!("proposals/{}/{id}.yaml", year())
    );
    ok(
        &sb,
        &root,
        &["proposal", "advance", &id, "--to", "submitted"],
    );
    ok(
        &sb,
        &root,
        &[
            "proposal",
            "advance",
            &id,
            "--to",
            "sent_to_province",
            "--document",
            "45/BC-UBND",
            "--date",
            &d,
        ],
    );
    assert_eq!(
        subject(&sb, &root),
        format!("Đề xuất {id}: bãi bỏ 1.004845 (Cấp xã) — chuyển sang: đã gửi tỉnh (45/BC-UBND)")
    );

    // The drafter cannot record the approval.
    let approve = [
        "proposal",
        "advance",
        &id,
        "--to",
        "approved",
        "--document",
        "512/QĐ-UBND",
        "--date",
        &d,
    ];
    let commits = sb.commits(&root);
    let (code, _, err) = run(&sb, &root, &approve);
    assert_eq!(code, 1);
    assert!(
        err.contains("quy tắc bốn mắt: Nguyễn Văn Pháp <phap@duytien.example> là người soạn"),
        "{err}"
    );
    assert_eq!(sb.commits(&root), commits, "nothing recorded");
    // --force without a reason is a usage error.
    let mut forced_no_reason = approve.to_vec();
    forced_no_reason.push("--force");
    assert_eq!(run(&sb, &root, &forced_no_reason).0, 2);

    // Another person can.
    sb.set_identity(&root, HUNG.0, HUNG.1);
    ok(&sb, &root, &approve);
    for (to, doc) in [
        ("legal_text_amended", "1087/QĐ-BTP"),
        ("published", "1252/QĐ-UBND"),
    ] {
        ok(
            &sb,
            &root,
            &[
                "proposal",
                "advance",
                &id,
                "--to",
                to,
                "--document",
                doc,
                "--date",
                &d,
            ],
        );
    }
    let cat = tthc::store::load(&root).unwrap();
    let p = &tthc::workspace::proposals::find(&cat, &id).unwrap().record;
    assert_eq!(
        p.log.iter().map(|t| t.actor.as_str()).collect::<Vec<_>>(),
        [
            "Nguyễn Văn Pháp <phap@duytien.example>",
            "Nguyễn Văn Pháp <phap@duytien.example>",
            "Nguyễn Văn Pháp <phap@duytien.example>",
            "Trần Văn Hùng <hung.vanphong@duytien.example>",
            "Trần Văn Hùng <hung.vanphong@duytien.example>",
            "Trần Văn Hùng <hung.vanphong@duytien.example>",
        ]
    );

    // Back to the drafter: applying needs the override, which is recorded and flagged.
    sb.set_identity(&root, PHAP.0, PHAP.1);
    let (code, _, err) = run(&sb, &root, &["proposal", "apply", &id]);
    assert_eq!(code, 1);
    assert!(
        err.contains("không thể ghi nhận “đã cập nhật danh mục”"),
        "{err}"
    );
    let out = ok(
        &sb,
        &root,
        &[
            "proposal",
            "apply",
            &id,
            "--force",
            "--reason",
            "Cán bộ phụ trách nghỉ phép",
        ],
    );
    assert!(out.contains("⚑ VƯỢT QUY TẮC BỐN MẮT"), "{out}");
    let body = sb.git(&root, &["log", "-1", "--format=%b"]);
    assert!(
        body.contains("Vượt quy tắc bốn mắt (người soạn tự ghi nhận): Cán bộ phụ trách nghỉ phép")
    );
    let record = fs::read_to_string(root.join("procedures/xa/1.004845.yaml")).unwrap();
    assert!(record.contains("status: abolished"));

    // Flagged everywhere the proposal is listed.
    let list = ok(&sb, &root, &["proposal", "list"]);
    let row = list.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(row.contains("⚑ vượt bốn mắt"), "{list}");
    let json: Value =
        serde_json::from_str(&ok(&sb, &root, &["proposal", "list", "--format", "json"])).unwrap();
    assert_eq!(json[0]["forced"][0]["status"], "applied");
    assert_eq!(json[0]["forced"][0]["reason"], "Cán bộ phụ trách nghỉ phép");
    let csv = ok(&sb, &root, &["proposal", "list", "--format", "csv"]);
    assert!(csv.lines().nth(1).unwrap().contains("⚑ vượt bốn mắt"));
    let show = ok(&sb, &root, &["proposal", "show", &id]);
    assert!(
        show.contains(
            "⚑ VƯỢT QUY TẮC BỐN MẮT: đã cập nhật danh mục — ghi bởi Nguyễn Văn Pháp <phap@duytien.example>"
        ),
        "{show}"
    );
    let report = ok(
        &sb,
        &root,
        &["report", "proposals", "--from", &d, "--to", &d],
    );
    assert!(
        report.contains("đã cập nhật danh mục ⚑ vượt bốn mắt"),
        "{report}"
    );
    sb.fsck(&root);
}

#[test]
fn illegal_jumps_are_refused_with_the_allowed_next_steps() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let id = format!("{}-001", year());
    ok(
        &sb,
        &root,
        &["propose", "abolish", "1.004845", "--reason", "Trùng lặp"],
    );
    let (code, _, err) = run(
        &sb,
        &root,
        &[
            "proposal",
            "advance",
            &id,
            "--to",
            "published",
            "--document",
            "1/QĐ",
            "--date",
            &today(),
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        "tthc: không thể chuyển từ “dự thảo” sang “đã công bố”; bước tiếp theo được phép: “đã trình” (submitted), “đã rút” (withdrawn)"
    );
    let (_, _, err) = run(
        &sb,
        &root,
        &[
            "--lang", "en", "proposal", "advance", &id, "--to", "approved",
        ],
    );
    assert_eq!(
        err.trim(),
        "tthc: cannot go from “draft” to “approved”; allowed next: submitted, withdrawn"
    );
    ok(
        &sb,
        &root,
        &["proposal", "advance", &id, "--to", "submitted"],
    );
    let (code, _, err) = run(
        &sb,
        &root,
        &["proposal", "advance", &id, "--to", "sent_to_province"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("cần số báo cáo gửi tỉnh (--document)"),
        "{err}"
    );
    let (code, _, err) = run(&sb, &root, &["proposal", "advance", &id, "--to", "applied"]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("tthc proposal apply {id}")), "{err}");
    let (code, _, err) = run(&sb, &root, &["proposal", "apply", &id]);
    assert_eq!(code, 1);
    assert!(
        err.contains("bước tiếp theo được phép: “đã gửi tỉnh” (sent_to_province)"),
        "{err}"
    );

    // Withdrawn is final.
    ok(
        &sb,
        &root,
        &[
            "proposal",
            "withdraw",
            &id,
            "--note",
            "Gộp vào đề xuất khác",
        ],
    );
    assert!(subject(&sb, &root).ends_with("— chuyển sang: đã rút"));
    let (code, _, err) = run(
        &sb,
        &root,
        &["proposal", "advance", &id, "--to", "submitted"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("(không còn bước nào)"), "{err}");
    let (code, _, err) = run(&sb, &root, &["proposal", "show", "2099-001"]);
    assert_eq!(code, 1);
    assert!(err.contains("không có đề xuất 2099-001"));
    // An unknown status is a usage error.
    assert_eq!(
        run(&sb, &root, &["proposal", "advance", &id, "--to", "done"]).0,
        2
    );
}

/// An amendment of Đăng ký lại kết hôn: a shorter time and a shorter note.
fn amend_lai_ket_hon(sb: &Sandbox, root: &Path) -> String {
    let file = sb.path().join("lai-ket-hon.yaml");
    let text = fs::read_to_string(root.join("procedures/xa/1.004746.yaml"))
        .unwrap()
        .replace("  value: 5\n", "  value: 3\n")
        .replace("không quá 10 ngày làm việc.", "không quá 07 ngày làm việc.");
    fs::write(&file, text).unwrap();
    ok(
        sb,
        root,
        &[
            "propose",
            "amend",
            "1.004746",
            "--level",
            "xa",
            "--from",
            file.to_str().unwrap(),
            "--reason",
            "Sổ hộ tịch đã số hóa",
            "--plan",
            "Giảm thời hạn từ 05 xuống 03 ngày làm việc",
        ],
    );
    format!("{}-001", year())
}

fn redline_part(show: &str) -> &str {
    let start = show
        .find("NỘI DUNG THAY ĐỔI")
        .unwrap_or_else(|| panic!("no redline in\n{show}"));
    &show[start..]
}

#[test]
fn the_redline_shows_deleted_and_inserted_words_plain_and_in_colour() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let id = amend_lai_ket_hon(&sb, &root);
    let show = ok(&sb, &root, &["proposal", "show", &id]);
    assert_eq!(
        redline_part(&show),
        "NỘI DUNG THAY ĐỔI (SO VỚI BẢN KHI SOẠN)
  Thời hạn giải quyết
    thời hạn giải quyết › ghi chú: … thời hạn giải quyết không quá [-10-]{+07+} ngày làm việc.
    thời hạn giải quyết › số lượng: [-5-]{+3+}
  (19 mục khác giữ nguyên)
"
    );
    let out = sb
        .tthc(&root)
        .args(["proposal", "show", &id])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let coloured = stdout(&out);
    assert_eq!(
        redline_part(&coloured),
        "NỘI DUNG THAY ĐỔI (SO VỚI BẢN KHI SOẠN)\x1b[0m
  \x1b[1mThời hạn giải quyết\x1b[0m
    thời hạn giải quyết › ghi chú: … thời hạn giải quyết không quá \x1b[9;31m10\x1b[0m\x1b[4;32m07\x1b[0m ngày làm việc.
    thời hạn giải quyết › số lượng: \x1b[9;31m5\x1b[0m\x1b[4;32m3\x1b[0m
  (19 mục khác giữ nguyên)
"
    );
    // NO_COLOR wins over CLICOLOR_FORCE.
    let out = sb
        .tthc(&root)
        .args(["proposal", "show", &id])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(stdout(&out), show);
    let json: Value = serde_json::from_str(&ok(
        &sb,
        &root,
        &["proposal", "show", &id, "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json["redline"]["shows"], "changes");
    assert_eq!(json["redline"]["against"], "base");
    assert_eq!(
        json["redline"]["changes"][1]["field"],
        "processing_time.value"
    );
    assert_eq!(
        json["redline"]["changes"][1]["redline"],
        serde_json::json!([{"op": "delete", "text": "5"}, {"op": "insert", "text": "3"}])
    );
}

#[test]
fn an_abolition_shows_the_whole_record_withdrawn() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    ok(
        &sb,
        &root,
        &[
            "propose",
            "abolish",
            "1.003583",
            "--reason",
            "Trùng với thủ tục đăng ký khai sinh",
        ],
    );
    let show = ok(
        &sb,
        &root,
        &["proposal", "show", &format!("{}-001", year())],
    );
    let part = &show[show.find("TOÀN BỘ THỦ TỤC BỊ BÃI BỎ").expect(&show)..];
    let lines: Vec<&str> = part.lines().collect();
    assert_eq!(lines[1], "  Thông tin chung");
    assert_eq!(lines[2], "    [-Mã thủ tục: 1.003583-]");
    assert!(lines.contains(
        &"    [-Trực tiếp: Công chức tư pháp - hộ tịch đến tận nơi cư trú của trẻ em để đăng ký-]"
    ));
    // Every line of content is struck; only section titles are not.
    for l in &lines[1..] {
        assert!(l.starts_with("    [-") || !l.starts_with("    "), "{l}");
    }
}

#[test]
fn a_stale_amendment_prints_the_three_way_comparison_and_rebases_on_request() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let id = amend_lai_ket_hon(&sb, &root);
    let d = today();
    ok(
        &sb,
        &root,
        &["proposal", "advance", &id, "--to", "submitted"],
    );
    sb.set_identity(&root, HUNG.0, HUNG.1);
    for (to, doc) in [
        ("sent_to_province", "45/BC-UBND"),
        ("approved", "1190/QĐ-UBND"),
        ("legal_text_amended", "1087/QĐ-BTP"),
        ("published", "1252/QĐ-UBND"),
    ] {
        ok(
            &sb,
            &root,
            &[
                "proposal",
                "advance",
                &id,
                "--to",
                to,
                "--document",
                doc,
                "--date",
                &d,
            ],
        );
    }
    // Someone records a review of the procedure meanwhile.
    let out = sb
        .tthc(&root)
        .args(["edit", "1.004746"])
        .env(
            "EDITOR",
            common::sed_editor("s/^reviewed_on: .*/reviewed_on: 2022-05-05/"),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let list = ok(&sb, &root, &["proposal", "list"]);
    assert!(list.contains("△ thủ tục đã đổi"), "{list}");
    let commits = sb.commits(&root);
    let (code, _, err) = run(&sb, &root, &["proposal", "apply", &id]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "tthc: thủ tục 1.004746 (Cấp xã) đã thay đổi kể từ khi soạn đề xuất {id}; chưa áp dụng gì
  Ngày rà soát
    khi soạn : 2021-10-12
    hiện hành: 2022-05-05
    đề xuất  : (không đổi so với khi soạn)
Các trường trên không nằm trong nội dung đề xuất; để giữ chúng và áp dụng đề xuất: tthc proposal apply {id} --rebase
"
        )
    );
    assert_eq!(sb.commits(&root), commits);
    ok(&sb, &root, &["proposal", "apply", &id, "--rebase"]);
    assert_eq!(sb.commits(&root), commits + 1);
    let record = fs::read_to_string(root.join("procedures/xa/1.004746.yaml")).unwrap();
    assert!(record.contains("  value: 3\n"));
    assert!(record.contains("reviewed_on: 2022-05-05"));
    assert!(record.contains("status: amended"));
    assert!(record.contains("  decision: 1252/QĐ-UBND\n"));
}

#[test]
fn work_under_way_is_entered_with_its_own_dates_and_marked_as_entered_later() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    // Drafted in March 2025, sent in April, entered today.
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
            "Ít hồ sơ",
            "--date",
            "2025-03-10",
        ],
    );
    let id = "2025-001";
    ok(
        &sb,
        &root,
        &[
            "proposal",
            "advance",
            id,
            "--to",
            "submitted",
            "--date",
            "2025-03-12",
        ],
    );
    let (code, _, err) = run(
        &sb,
        &root,
        &[
            "proposal",
            "advance",
            id,
            "--to",
            "sent_to_province",
            "--document",
            "45/BC-UBND",
            "--date",
            "2025-03-01",
        ],
    );
    assert_eq!(code, 1, "a step before the previous one is refused: {err}");
    ok(
        &sb,
        &root,
        &[
            "proposal",
            "advance",
            id,
            "--to",
            "sent_to_province",
            "--document",
            "45/BC-UBND",
            "--date",
            "2025-04-02",
        ],
    );
    let file = std::fs::read_to_string(root.join("proposals/2025/2025-001.yaml")).unwrap();
    assert_eq!(
        file.matches(&format!("recorded_on: {}", today())).count(),
        3,
        "{file}"
    );
    assert!(file.contains("date: 2025-03-10"), "{file}");
    let show = ok(&sb, &root, &["proposal", "show", id]);
    assert!(show.contains("nhập sau, ngày"), "{show}");
    // A draft dated in the future is refused.
    let (code, _, err) = run(
        &sb,
        &root,
        &[
            "propose",
            "abolish",
            "1.000419",
            "--level",
            "xa",
            "--reason",
            "x",
            "--date",
            "2099-01-01",
        ],
    );
    assert_eq!(code, 1, "{err}");
    ok(&sb, &root, &["validate"]);
}

#[test]
fn the_day_of_a_step_is_today_in_the_catalogue_zone_whatever_the_machine_zone() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    for tz in ["Etc/GMT+12", "Pacific/Kiritimati"] {
        sb.tthc(&root)
            .env("TZ", tz)
            .args([
                "propose", "abolish", "1.004845", "--level", "xa", "--reason", "x",
            ])
            .assert()
            .success();
        let id = format!("{}-001", year());
        let file =
            std::fs::read_to_string(root.join(format!("proposals/{}/{id}.yaml", year()))).unwrap();
        assert!(file.contains(&format!("date: {}", today())), "{tz}: {file}");
        sb.git(&root, &["reset", "-q", "--hard", "HEAD~1"]);
    }
}
