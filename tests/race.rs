//! Two writers at once (SPEC §7 "every change is one commit, or nothing"): two tthc processes on
//! one catalogue never interleave, never take the same proposal number, and never overwrite a
//! step or an edit the other recorded while saying "saved".

mod common;

use common::{Sandbox, sed_editor, stderr, stdout};
use std::path::Path;
use std::process::{Child, Command, Stdio};

fn year() -> String {
    tthc::model::Policy::default().today().to_string()[..4].to_owned()
}

fn spawn(sb: &Sandbox, root: &Path, args: &[&str], editor: &str) -> Child {
    let bin = assert_cmd::cargo::cargo_bin("tthc");
    Command::new(bin)
        .args(args)
        .current_dir(root)
        .env("HOME", sb.home())
        .env("XDG_CONFIG_HOME", sb.home().join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("GIT_DIR")
        .env("EDITOR", editor)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> (bool, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        format!("{}{}", stdout(&out), stderr(&out)),
    )
}

#[test]
fn two_drafts_at_once_get_two_numbers_and_two_commits() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let before = sb.commits(&root);
    for _round in 0..3 {
        let a = spawn(
            &sb,
            &root,
            &[
                "propose", "abolish", "1.000419", "--level", "xa", "--reason", "A",
            ],
            "false",
        );
        let b = spawn(
            &sb,
            &root,
            &[
                "propose", "abolish", "1.000593", "--level", "xa", "--reason", "B",
            ],
            "false",
        );
        let (ok_a, out_a) = finish(a);
        let (ok_b, out_b) = finish(b);
        assert!(ok_a && ok_b, "{out_a}\n{out_b}");
    }
    assert_eq!(sb.commits(&root), before + 6);
    let files = sb.git(&root, &["ls-files", "proposals"]);
    let y = year();
    for n in 1..=6 {
        assert!(
            files.contains(&format!("proposals/{y}/{y}-{n:03}.yaml")),
            "{files}"
        );
    }
    assert!(sb.git(&root, &["status", "--porcelain"]).is_empty());
    sb.fsck(&root);
}

#[test]
fn two_steps_on_one_proposal_at_once_one_wins_and_the_other_is_told() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let id = format!("{}-001", year());
    sb.tthc(&root)
        .args([
            "propose", "abolish", "1.000419", "--level", "xa", "--reason", "A",
        ])
        .assert()
        .success();
    let step = ["proposal", "advance", id.as_str(), "--to", "submitted"];
    let a = spawn(&sb, &root, &step, "false");
    let b = spawn(&sb, &root, &step, "false");
    let (ok_a, out_a) = finish(a);
    let (ok_b, out_b) = finish(b);
    assert!(
        ok_a != ok_b,
        "exactly one records the step:\n{out_a}\n{out_b}"
    );
    let loser = if ok_a { out_b } else { out_a };
    assert!(!loser.contains("Đã lưu"), "{loser}");
    let log =
        std::fs::read_to_string(root.join(format!("proposals/{}/{id}.yaml", year()))).unwrap();
    assert_eq!(log.matches("status: submitted").count(), 2, "{log}"); // status + one step
    assert!(sb.git(&root, &["status", "--porcelain"]).is_empty());
}

#[test]
fn two_edits_of_one_procedure_the_second_save_is_refused_and_the_first_kept() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let before = sb.commits(&root);
    // The first editor is slow; the second saves while the first is still open.
    let script = sb.path().join("slow-editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nsleep 2\nsed -i -e 's/^name: .*/name: Tên sửa lần một/' \"$1\"\n",
    )
    .unwrap();
    let slow = format!("sh {}", script.display());
    let a = spawn(&sb, &root, &["edit", "1.000419", "--level", "xa"], &slow);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let b = spawn(
        &sb,
        &root,
        &["edit", "1.000419", "--level", "xa"],
        &sed_editor("s/^name: .*/name: Tên sửa lần hai/"),
    );
    let (ok_b, out_b) = finish(b);
    assert!(ok_b, "{out_b}");
    let (ok_a, out_a) = finish(a);
    assert!(!ok_a, "the stale edit must not be saved: {out_a}");
    assert!(out_a.contains("Chưa lưu"), "{out_a}");
    assert_eq!(sb.commits(&root), before + 1);
    let text = std::fs::read_to_string(root.join("procedures/xa/1.000419.yaml")).unwrap();
    assert!(text.contains("name: Tên sửa lần hai"), "{text}");
    assert!(sb.git(&root, &["status", "--porcelain"]).is_empty());
}
