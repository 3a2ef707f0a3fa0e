//! Every change is a commit: edit, log, diff, point-in-time reads and sync, against real
//! repositories (a local bare repository standing in for the shared remote).

mod common;

use common::{Sandbox, sed_editor, stderr, stdout};
use std::fs;
use std::path::Path;

const KHAI_SINH: &str = "procedures/xa/1.001193.yaml";

#[test]
fn edit_makes_one_commit_with_the_users_identity_and_a_message_in_words() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let before = fs::read_to_string(root.join(KHAI_SINH)).unwrap();
    let out = sb
        .tthc(&root)
        .args(["edit", "1.001193"])
        .env(
            "EDITOR",
            sed_editor("s/^  unit: same_day$/  unit: working_days\\n  value: 1/"),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sb.commits(&root), 2);
    assert_eq!(
        sb.git(&root, &["log", "-1", "--format=%an <%ae>"]).trim(),
        "Nguyễn Văn Pháp <phap@duytien.example>"
    );
    assert_eq!(
        sb.git(&root, &["log", "-1", "--format=%s"]).trim(),
        "Sửa 1.001193 (Cấp xã): thời hạn giải quyết"
    );
    assert_eq!(
        sb.git(&root, &["show", "--name-only", "--format=", "HEAD"])
            .trim(),
        KHAI_SINH
    );
    let after = fs::read_to_string(root.join(KHAI_SINH)).unwrap();
    assert_ne!(before, after);
    assert!(
        after.contains("  value: 1\n  unit: working_days\n"),
        "saved in canonical key order"
    );
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");

    // English UI, a message of one's own, and no change at all.
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "edit", "1.001193"])
        .env(
            "EDITOR",
            sed_editor("s/^status: published/status: amended/"),
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        sb.git(&root, &["log", "-1", "--format=%s"]).trim(),
        "Edit 1.001193 (Cấp xã): status"
    );
    sb.tthc(&root)
        .args(["edit", "1.001193", "-m", "Rà soát"])
        .env("EDITOR", "true")
        .assert()
        .success();
    assert_eq!(sb.commits(&root), 3, "an unchanged file makes no commit");
    sb.fsck(&root);
}

#[test]
fn an_invalid_edit_is_reopened_with_the_problems_and_nothing_is_written_meanwhile() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let before = fs::read_to_string(root.join(KHAI_SINH)).unwrap();
    // First pass breaks the status; the second pass sees the problem list and fixes it.
    let script = sb.path().join("editor.sh");
    let seen = sb.path().join("seen.txt");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nif grep -q '^# tthc:' \"$1\"; then cp \"$1\" '{seen}'; sed -i 's/status: publishd/status: amended/' \"$1\"; \
             else sed -i 's/^status: published/status: publishd/' \"$1\"; fi\n",
            seen = seen.display()
        ),
    )
    .unwrap();
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "edit", "1.001193"])
        .env("EDITOR", format!("sh {}", script.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = fs::read_to_string(&seen).unwrap();
    assert!(shown.starts_with("# tthc: Not saved"), "{shown}");
    assert!(
        shown.contains("`publishd` is not an accepted value"),
        "{shown}"
    );
    let after = fs::read_to_string(root.join(KHAI_SINH)).unwrap();
    assert_eq!(
        after,
        before.replace("status: published", "status: amended")
    );
    assert!(!after.contains("# tthc"), "the problem list is not saved");
    assert_eq!(sb.commits(&root), 2);

    // Closing without fixing gives up, writes nothing and says where the text is.
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "edit", "1.001193"])
        .env("EDITOR", sed_editor("s/^status: amended/status: ???/"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing was saved"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(root.join(KHAI_SINH)).unwrap(), after);
    assert_eq!(sb.commits(&root), 2);
    sb.fsck(&root);
}

#[test]
fn head_moved_during_the_edit_is_refused_and_the_edit_kept() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let before = fs::read_to_string(root.join(KHAI_SINH)).unwrap();
    let editor = "sh -c 'git commit -q --allow-empty -m outside && sed -i s/^status:\\ published/status:\\ amended/ \"$0\"'";
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "edit", "1.001193"])
        .env("EDITOR", editor)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("repository changed since"), "{err}");
    assert!(err.contains("Your text is kept in"), "{err}");
    assert_eq!(
        fs::read_to_string(root.join(KHAI_SINH)).unwrap(),
        before,
        "nothing written"
    );
    assert_eq!(
        sb.git(&root, &["log", "-1", "--format=%s"]).trim(),
        "outside"
    );
    // The kept text holds the edit.
    let kept = err
        .split("kept in ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .trim();
    assert!(
        fs::read_to_string(kept)
            .unwrap()
            .contains("status: amended")
    );
    sb.fsck(&root);
}

#[test]
fn a_catalogue_in_a_sub_folder_commits_only_its_own_file() {
    let sb = Sandbox::new();
    let site = sb.path().join("site");
    fs::create_dir_all(&site).unwrap();
    sb.git(&site, &["init", "-q", "-b", "main"]);
    fs::write(site.join("index.html"), "v1\n").unwrap();
    sb.git(&site, &["add", "."]);
    sb.git(&site, &["commit", "-qm", "site"]);
    sb.tthc(&site)
        .args(["init", "tthc", "--sample"])
        .assert()
        .success();
    fs::write(site.join("index.html"), "v2 staged\n").unwrap();
    sb.git(&site, &["add", "index.html"]);
    fs::write(site.join("index.html"), "v3 unstaged\n").unwrap();
    let root = site.join("tthc");
    sb.tthc(&root)
        .args(["edit", "1.001193"])
        .env(
            "EDITOR",
            sed_editor("s/^status: published/status: amended/"),
        )
        .assert()
        .success();
    assert_eq!(
        sb.git(&site, &["show", "--name-only", "--format=", "HEAD"])
            .trim(),
        format!("tthc/{KHAI_SINH}")
    );
    assert_eq!(
        sb.git(&site, &["show", ":index.html"]),
        "v2 staged\n",
        "index entry kept"
    );
    assert_eq!(
        fs::read_to_string(site.join("index.html")).unwrap(),
        "v3 unstaged\n"
    );
    let status = sb.git(&site, &["status", "--porcelain"]);
    assert_eq!(status.trim(), "MM index.html");
    // log and diff work from inside the sub-folder.
    let log = stdout(&sb.tthc(&root).args(["log", "1.001193"]).output().unwrap());
    assert_eq!(
        log.lines().filter(|l| !l.starts_with(' ')).count(),
        2,
        "{log}"
    );
    sb.fsck(&site);
}

#[test]
fn log_of_one_procedure_ignores_unrelated_files_and_renames() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    fs::write(root.join("NOTES.md"), "x\n").unwrap();
    sb.git(&root, &["add", "NOTES.md"]);
    sb.git(&root, &["commit", "-qm", "notes"]);
    sb.git(&root, &["mv", "NOTES.md", "GHI-CHU.md"]);
    sb.git(&root, &["commit", "-qm", "rename notes"]);
    sb.tthc(&root)
        .args(["edit", "1.001193"])
        .env(
            "EDITOR",
            sed_editor("s/^status: published/status: amended/"),
        )
        .assert()
        .success();
    sb.tthc(&root)
        .args(["edit", "1.000894"])
        .env(
            "EDITOR",
            sed_editor("s/^status: published/status: amended/"),
        )
        .assert()
        .success();

    let out = sb
        .tthc(&root)
        .args(["log", "1.001193", "--format", "json"])
        .output()
        .unwrap();
    let commits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = commits
        .iter()
        .map(|c| c["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "Sửa 1.001193 (Cấp xã): tình trạng",
            "Khởi tạo danh mục TTHC (dữ liệu mẫu)"
        ]
    );
    assert_eq!(commits[0]["author"], "Nguyễn Văn Pháp");
    assert_eq!(commits[0]["paths"], serde_json::json!([KHAI_SINH]));

    let out = sb
        .tthc(&root)
        .args(["log", "--format", "json"])
        .output()
        .unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        all.len(),
        5,
        "the whole catalogue's history includes the notes commits"
    );
    // Code at two levels needs --level; an unknown code is a usage error.
    assert_eq!(
        sb.tthc(&root)
            .args(["log", "2.000815"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    sb.tthc(&root)
        .args(["log", "2.000815", "--level", "huyen"])
        .assert()
        .success();
}

#[test]
fn diff_shows_fields_and_a_word_redline() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    sb.git(&root, &["tag", "v1"]);
    let expr =
        "s/^- .Bước 1: Người có yêu cầu nộp hồ sơ/- '\\''Bước 1: Người có yêu cầu nộp đủ hồ sơ/";
    sb.tthc(&root)
        .args(["edit", "1.001193"])
        .env("EDITOR", sed_editor(expr))
        .assert()
        .success();

    let out = sb
        .tthc(&root)
        .args(["diff", "v1", "HEAD"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("~ sửa  xa/1.001193  Đăng ký khai sinh"),
        "{text}"
    );
    assert!(
        text.contains("trình tự thực hiện [1]: Bước 1: Người có yêu cầu nộp {+đủ +}hồ sơ"),
        "{text}"
    );

    // The working state is the default B; an uncommitted reorder of steps is a move.
    let file = root.join(KHAI_SINH);
    let content = fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = content.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with("- 'Bước 1"))
        .unwrap();
    let mut reordered = lines.clone();
    reordered.swap(first, first + 1);
    fs::write(&file, reordered.join("\n") + "\n").unwrap();
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "diff", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = &d["changed"][0]["changes"];
    assert_eq!(changes.as_array().unwrap().len(), 1, "{changes}");
    assert_eq!(changes[0]["kind"], "moved");
    assert_eq!(changes[0]["from"], "steps[1]");
    assert_eq!(changes[0]["field"], "steps[0]");
    let out = sb
        .tthc(&root)
        .args(["diff", "HEAD~1", "nosuchrev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn at_reads_a_commit_a_tag_or_a_date_without_touching_the_work_tree() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    sb.git(&root, &["tag", "cong-bo-2021"]);
    // Two later commits recorded on known days (dates in the future of the sample's own commit).
    let file = root.join(KHAI_SINH);
    let commit_on = |day: &str, from: &str, to: &str| {
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, text.replacen(from, to, 1)).unwrap();
        let mut cmd = std::process::Command::new("git");
        cmd.args(["commit", "-qam", day])
            .current_dir(&root)
            .env("HOME", sb.home());
        cmd.env("GIT_COMMITTER_DATE", format!("{day}T16:00:00+07:00"));
        cmd.env("GIT_AUTHOR_DATE", format!("{day}T16:00:00+07:00"));
        assert!(cmd.status().unwrap().success());
    };
    commit_on("2030-03-15", "status: published", "status: amended");
    commit_on("2030-06-30", "status: amended", "status: abolished");
    let now = fs::read_to_string(&file).unwrap();
    let status_at = |at: &str| -> serde_json::Value {
        let out = sb
            .tthc(&root)
            .args(["show", "1.001193", "--at", at, "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{at}: {}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["status"].clone()
    };
    assert_eq!(status_at("cong-bo-2021"), "published");
    assert_eq!(status_at("HEAD~1"), "amended");
    assert_eq!(status_at("HEAD"), "abolished");
    // A date is the catalogue as recorded at the end of that day.
    assert_eq!(status_at("2030-03-14"), "published");
    assert_eq!(status_at("2030-03-15"), "amended");
    assert_eq!(status_at("2030-06-29"), "amended");
    assert_eq!(status_at("2030-06-30"), "abolished");
    let out = sb
        .tthc(&root)
        .args(["list", "--at", "cong-bo-2021", "--format", "json"])
        .output()
        .unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 49);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        now,
        "work tree untouched"
    );
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
    let out = sb
        .tthc(&root)
        .args(["list", "--at", "1999-01-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "no commit that early");
    let out = sb
        .tthc(&root)
        .args(["diff", "2030-03-14", "2030-06-30", "--format", "json"])
        .output()
        .unwrap();
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["changed"][0]["changes"][0]["field"], "status");
    sb.fsck(&root);
}

/// Two offices sharing one remote.
struct Offices {
    sb: Sandbox,
    a: std::path::PathBuf,
    b: std::path::PathBuf,
}

fn offices() -> Offices {
    let sb = Sandbox::new();
    let a = sb.sample("a");
    let remote = sb.path().join("remote.git");
    sb.git(
        sb.path(),
        &[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            remote.to_str().unwrap(),
        ],
    );
    sb.git(&a, &["remote", "add", "origin", remote.to_str().unwrap()]);
    sb.tthc(&a).arg("sync").assert().success();
    sb.git(sb.path(), &["clone", "-q", remote.to_str().unwrap(), "b"]);
    let b = sb.path().join("b");
    sb.set_identity(&b, "Trần Thị Bình", "binh@duytien.example");
    Offices { sb, a, b }
}

fn edit(sb: &Sandbox, dir: &Path, code: &str, level: &str, expr: &str) {
    sb.tthc(dir)
        .args(["edit", code, "--level", level])
        .env("EDITOR", sed_editor(expr))
        .assert()
        .success();
}

#[test]
fn sync_fast_forwards_and_pushes() {
    let o = offices();
    edit(
        &o.sb,
        &o.b,
        "1.001612",
        "huyen",
        "s/^  value: 3$/  value: 5/",
    );
    let out =
        o.sb.tthc(&o.b)
            .args(["--lang", "en", "sync"])
            .output()
            .unwrap();
    assert_eq!(stdout(&out).trim(), "Pushed local changes.");
    let out =
        o.sb.tthc(&o.a)
            .args(["--lang", "en", "sync", "--format", "json"])
            .output()
            .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "fast_forwarded");
    assert_eq!(
        o.sb.git(&o.a, &["rev-parse", "HEAD"]),
        o.sb.git(&o.b, &["rev-parse", "HEAD"])
    );
    assert!(
        fs::read_to_string(o.a.join("procedures/huyen/1.001612.yaml"))
            .unwrap()
            .contains("\n  value: 5\n")
    );
    assert_eq!(o.sb.git(&o.a, &["status", "--porcelain"]), "");
    let out =
        o.sb.tthc(&o.a)
            .args(["--lang", "en", "sync"])
            .output()
            .unwrap();
    assert_eq!(stdout(&out).trim(), "Up to date.");
    o.sb.fsck(&o.a);
    o.sb.fsck(&o.b);
}

#[test]
fn sync_merges_different_files_and_different_fields_of_one_record() {
    let o = offices();
    edit(
        &o.sb,
        &o.b,
        "1.001612",
        "huyen",
        "s/^  value: 3$/  value: 5/",
    );
    o.sb.tthc(&o.b).arg("sync").assert().success();
    // Office A changed another field of the same record and another file.
    edit(
        &o.sb,
        &o.a,
        "1.001612",
        "huyen",
        "s/^status: published/status: amended/",
    );
    edit(
        &o.sb,
        &o.a,
        "1.001193",
        "xa",
        "s/^status: published/status: amended/",
    );
    let out =
        o.sb.tthc(&o.a)
            .args(["--lang", "en", "sync", "--format", "json"])
            .output()
            .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "merged", "{v}");
    let merged = fs::read_to_string(o.a.join("procedures/huyen/1.001612.yaml")).unwrap();
    assert!(
        merged.contains("\n  value: 5\n") && merged.contains("\nstatus: amended\n"),
        "{merged}"
    );
    assert_eq!(
        o.sb.git(&o.a, &["log", "-1", "--format=%p"])
            .split_whitespace()
            .count(),
        2,
        "a merge commit"
    );
    assert_eq!(o.sb.git(&o.a, &["status", "--porcelain"]), "");
    o.sb.tthc(&o.a).arg("validate").assert().success();
    // B takes the merge.
    o.sb.tthc(&o.b).arg("sync").assert().success();
    assert_eq!(
        o.sb.git(&o.a, &["rev-parse", "HEAD"]),
        o.sb.git(&o.b, &["rev-parse", "HEAD"])
    );
    o.sb.fsck(&o.a);
    o.sb.fsck(&o.b);
}

#[test]
fn sync_stops_on_the_same_field_changed_on_both_sides_and_loses_nothing() {
    let o = offices();
    edit(
        &o.sb,
        &o.b,
        "1.001612",
        "huyen",
        "s/^  value: 3$/  value: 7/",
    );
    o.sb.tthc(&o.b).arg("sync").assert().success();
    edit(
        &o.sb,
        &o.a,
        "1.001612",
        "huyen",
        "s/^  value: 3$/  value: 9/",
    );
    let head_before = o.sb.git(&o.a, &["rev-parse", "HEAD"]);
    let file_before = fs::read_to_string(o.a.join("procedures/huyen/1.001612.yaml")).unwrap();
    let out =
        o.sb.tthc(&o.a)
            .args(["--lang", "en", "sync", "--format", "json"])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "conflicts");
    assert_eq!(
        v["conflicts"],
        serde_json::json!([{"file": "procedures/huyen/1.001612.yaml", "field": "processing_time.value", "ours": "9", "theirs": "7"}])
    );
    assert_eq!(
        o.sb.git(&o.a, &["rev-parse", "HEAD"]),
        head_before,
        "nothing half-merged"
    );
    assert_eq!(
        fs::read_to_string(o.a.join("procedures/huyen/1.001612.yaml")).unwrap(),
        file_before
    );
    assert_eq!(o.sb.git(&o.a, &["status", "--porcelain"]), "");
    // Agreeing with the other office settles it.
    edit(
        &o.sb,
        &o.a,
        "1.001612",
        "huyen",
        "s/^  value: 9$/  value: 7/",
    );
    let out =
        o.sb.tthc(&o.a)
            .args(["--lang", "en", "sync", "--format", "json"])
            .output()
            .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "merged", "{v}");
    o.sb.fsck(&o.a);
}

#[test]
fn sync_refuses_uncommitted_catalogue_changes_and_a_missing_remote() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "sync"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("git remote add origin"),
        "{}",
        stderr(&out)
    );
    sb.git(&root, &["remote", "add", "origin", "../nowhere.git"]);
    fs::write(root.join(KHAI_SINH), "code: [broken\n").unwrap();
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "sync"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("uncommitted changes"),
        "{}",
        stderr(&out)
    );
}
