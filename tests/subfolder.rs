//! The catalogue is found from its own sub-folders, by every command and by plain `tthc`, as git
//! finds its repository; never a demo built elsewhere instead.

mod common;

use common::{Sandbox, stderr, stdout};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn commands_find_the_catalogue_from_a_sub_folder() {
    let sb = Sandbox::new();
    let root = sb.sample("duy-tien");
    let xa = root.join("procedures/xa");

    let out = sb.tthc(&xa).arg("list").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out);
    assert!(listed.contains("Đăng ký khai sinh"), "{listed}");
    assert!(stderr(&out).contains("49 thủ tục"), "{}", stderr(&out));

    let out = sb
        .tthc(&root.join("procedures"))
        .args(["--lang", "en", "validate"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 errors"), "{}", stderr(&out));

    sb.tthc(&xa).args(["fmt", "--check"]).assert().success();
    let out = sb.tthc(&xa).args(["show", "1.001193"]).output().unwrap();
    assert!(
        stdout(&out).contains("Đăng ký khai sinh"),
        "{}",
        stderr(&out)
    );

    // A path given relative to a sub-folder, and one that does not exist.
    sb.tthc(&root)
        .args(["-C", "procedures/xa", "list"])
        .assert()
        .success();
    let out = sb
        .tthc(&xa)
        .args(["-C", "khong-co", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("không tìm thấy danh mục"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn plain_tthc_without_a_terminal_summarises_the_catalogue_of_a_sub_folder() {
    let sb = Sandbox::new();
    let root = sb.sample("duy-tien");
    let tmp = sb.path().join("tmp");
    fs::create_dir_all(&tmp).unwrap();
    let out = sb
        .tthc(&root.join("procedures/xa"))
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("UBND thị xã Duy Tiên"), "{text}");
    assert!(text.contains("Cấp xã: 30 thủ tục"), "{text}");
    assert!(
        text.contains(&root.canonicalize().unwrap().display().to_string()),
        "{text}"
    );
    assert!(!text.contains("Không tìm thấy danh mục"), "{text}");
    assert_eq!(fs::read_dir(&tmp).unwrap().count(), 0, "no demo was built");
}

fn tmux(socket: &Path, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-S")
        .arg(socket)
        .args(args)
        .output()
        .expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn plain_tthc_in_a_terminal_opens_the_catalogue_of_a_sub_folder() {
    if !Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let sb = Sandbox::new();
    let root = sb.sample("duy-tien");
    let tmp = sb.path().join("tmp");
    fs::create_dir_all(&tmp).unwrap();
    let socket = sb.path().join("sub.sock");
    let bin = assert_cmd::cargo::cargo_bin("tthc");
    let status = Command::new("tmux")
        .arg("-S")
        .arg(&socket)
        .args([
            "new-session",
            "-d",
            "-s",
            "sub",
            "-x",
            "100",
            "-y",
            "30",
            "-c",
        ])
        .arg(root.join("procedures/xa"))
        .arg("-e")
        .arg(format!("HOME={}", sb.home().display()))
        .arg("-e")
        .arg(format!("TMPDIR={}", tmp.display()))
        .arg(format!("exec '{}'", bin.display()))
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let mut screen = String::new();
    while !screen.contains("/49") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for the catalogue: {screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
        screen = tmux(&socket, &["capture-pane", "-p", "-t", "sub"]);
    }
    tmux(&socket, &["send-keys", "-t", "sub", "q"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux(&socket, &["kill-server"]);
    assert!(!screen.to_lowercase().contains("demo"), "{screen}");
    assert_eq!(fs::read_dir(&tmp).unwrap().count(), 0, "no demo was built");
}
