//! The real binary in a real pseudo-terminal (tmux): it starts, answers keys, and leaves the
//! terminal as it found it — on quit and on SIGTERM.

mod common;

use common::Sandbox;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn tmux(socket: &Path, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-S")
        .arg(socket)
        .args(args)
        .output()
        .expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Start `tthc DIR` in a detached tmux session; returns the socket path.
fn start(sb: &Sandbox, dir: &Path, name: &str) -> std::path::PathBuf {
    let bin = assert_cmd::cargo::cargo_bin("tthc");
    let command = format!("exec '{}' '{}'", bin.display(), dir.display());
    start_command(sb, name, &command)
}

/// Start a shell command in a detached tmux session; returns the socket path.
fn start_command(sb: &Sandbox, name: &str, command: &str) -> std::path::PathBuf {
    let socket = sb.path().join(format!("{name}.sock"));
    let status = Command::new("tmux")
        .arg("-S")
        .arg(&socket)
        .args(["new-session", "-d", "-s", name, "-x", "100", "-y", "30"])
        .arg("-e")
        .arg(format!("HOME={}", sb.home().display()))
        .arg(command)
        .status()
        .unwrap();
    assert!(status.success());
    tmux(&socket, &["set-option", "-t", name, "remain-on-exit", "on"]);
    socket
}

fn screen(socket: &Path, name: &str) -> String {
    tmux(socket, &["capture-pane", "-p", "-t", name])
}

fn pane(socket: &Path, name: &str, format: &str) -> String {
    tmux(socket, &["display-message", "-p", "-t", name, format])
        .trim()
        .to_owned()
}

#[test]
fn the_tui_runs_in_a_terminal_and_restores_it() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let sb = Sandbox::new();
    let dir = sb.path().join("demo");
    sb.tthc(sb.path())
        .args(["demo", "--dir", dir.to_str().unwrap()])
        .assert()
        .success();

    let name = "quit";
    let socket = start(&sb, &dir, name);
    wait_for("the catalogue", || screen(&socket, name).contains("/49"));
    assert_eq!(
        pane(&socket, name, "#{alternate_on}"),
        "1",
        "the TUI uses the alternate screen"
    );
    tmux(
        &socket,
        &["send-keys", "-t", name, "/", "khai sinh", "Enter"],
    );
    wait_for("the search", || {
        screen(&socket, name).contains("Tìm: khai sinh")
    });
    let s = screen(&socket, name);
    assert!(s.contains("Đăng ký khai sinh") && s.contains("/6"), "{s}");
    tmux(&socket, &["send-keys", "-t", name, "q"]);
    wait_for("exit", || pane(&socket, name, "#{pane_dead}") == "1");
    // tmux marks the pane dead when the terminal closes and learns the exit status when it
    // reaps the process; tmux 3.3 sometimes never records it. A status or signal it does record
    // must be a clean exit, and nothing may have panicked on the way out.
    let since = Instant::now();
    let mut status = String::new();
    while status == "/" || status.is_empty() {
        status = pane(&socket, name, "#{pane_dead_status}/#{pane_dead_signal}");
        if since.elapsed() > Duration::from_secs(3) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        status == "0/" || status == "/",
        "exit status/signal: {status}"
    );
    let after = screen(&socket, name);
    assert!(!after.contains("panicked"), "{after}");
    assert_eq!(
        pane(&socket, name, "#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    assert_eq!(
        pane(&socket, name, "#{mouse_any_flag}"),
        "0",
        "mouse reporting switched off"
    );
    tmux(&socket, &["kill-server"]);

    let name = "term";
    let socket = start(&sb, &dir, name);
    wait_for("the catalogue", || screen(&socket, name).contains("/49"));
    let pid = pane(&socket, name, "#{pane_pid}");
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    wait_for("exit on SIGTERM", || {
        pane(&socket, name, "#{pane_dead}") == "1"
    });
    assert_eq!(
        pane(&socket, name, "#{alternate_on}"),
        "0",
        "restored after SIGTERM"
    );
    assert_eq!(pane(&socket, name, "#{mouse_any_flag}"), "0");
    tmux(&socket, &["kill-server"]);
}

#[test]
fn an_edit_survives_sigkill_and_is_restored_in_a_new_process() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let sb = Sandbox::new();
    let dir = sb.path().join("demo");
    sb.tthc(sb.path())
        .args(["demo", "--dir", dir.to_str().unwrap()])
        .assert()
        .success();
    let commits_before = sb.commits(&dir);

    let name = "crash";
    let socket = start(&sb, &dir, name);
    wait_for("the catalogue", || screen(&socket, name).contains("/49"));
    tmux(
        &socket,
        &["send-keys", "-t", name, "/", "1.001193", "Enter"],
    );
    wait_for("the search", || screen(&socket, name).contains("1/1"));
    tmux(&socket, &["send-keys", "-t", name, "e"]);
    wait_for("the form", || {
        screen(&socket, name).contains("Sửa 1.001193")
    });
    tmux(&socket, &["send-keys", "-t", name, "Down", "Down", "Enter"]);
    wait_for("the text area", || {
        screen(&socket, name).contains("Esc: xong")
    });
    tmux(&socket, &["send-keys", "-t", name, "-l", " — đang gõ dở"]);
    wait_for("the typing", || {
        screen(&socket, name).contains("đang gõ dở")
    });
    // Within a second the journal holds it; then the process dies without any chance to save.
    let journal = dir.join(".git/tthc/journal/procedures__xa__1.001193.yaml.json");
    wait_for("the journal", || {
        std::fs::read_to_string(&journal).is_ok_and(|j| j.contains("đang gõ dở"))
    });
    let pid = pane(&socket, name, "#{pane_pid}");
    assert!(
        Command::new("kill")
            .args(["-KILL", &pid])
            .status()
            .unwrap()
            .success()
    );
    wait_for("the kill", || pane(&socket, name, "#{pane_dead}") == "1");
    tmux(&socket, &["kill-server"]);
    assert_eq!(sb.commits(&dir), commits_before, "nothing was committed");

    let name = "restore";
    let socket = start(&sb, &dir, name);
    wait_for("the recovery offer", || {
        screen(&socket, name).contains("Khôi phục")
    });
    let s = screen(&socket, name);
    assert!(
        s.contains("1.001193 (Cấp xã)") && s.contains("Tên thủ tục"),
        "{s}"
    );
    tmux(&socket, &["send-keys", "-t", name, "r"]);
    wait_for("the restored form", || {
        screen(&socket, name).contains("Đăng ký khai sinh — đang gõ dở")
    });
    tmux(&socket, &["send-keys", "-t", name, "C-s"]);
    wait_for("the review", || {
        screen(&socket, name).contains("Lưu thay đổi")
    });
    tmux(&socket, &["send-keys", "-t", name, "Enter"]);
    wait_for("the commit", || sb.commits(&dir) == commits_before + 1);
    // Keys are ignored while a save is running; wait until the TUI says it is saved.
    wait_for("the saved message", || {
        screen(&socket, name).contains("Đã lưu")
    });
    tmux(&socket, &["send-keys", "-t", name, "q"]);
    wait_for("exit", || pane(&socket, name, "#{pane_dead}") == "1");
    tmux(&socket, &["kill-server"]);
    let saved = std::fs::read_to_string(dir.join("procedures/xa/1.001193.yaml")).unwrap();
    assert!(
        saved.contains("name: Đăng ký khai sinh — đang gõ dở"),
        "{saved}"
    );
    assert!(!journal.exists(), "the journal entry is gone once saved");
    sb.fsck(&dir);
}

#[test]
fn a_review_form_survives_sigkill_and_is_offered_back() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let sb = Sandbox::new();
    let dir = sb.path().join("demo");
    sb.tthc(sb.path())
        .args(["demo", "--dir", dir.to_str().unwrap()])
        .assert()
        .success();
    let commits_before = sb.commits(&dir);
    let name = "review-crash";
    let socket = start(&sb, &dir, name);
    wait_for("the catalogue", || screen(&socket, name).contains("/49"));
    tmux(&socket, &["send-keys", "-t", name, "5"]);
    wait_for("the reviews tab", || {
        screen(&socket, name).contains("xong 11/01/2022")
    });
    tmux(&socket, &["send-keys", "-t", name, "Enter"]);
    wait_for("the form", || {
        screen(&socket, name).contains("Phiếu rà soát năm")
    });
    // The reason of the necessity answer, typed and not saved.
    tmux(&socket, &["send-keys", "-t", name, "Down", "Enter"]);
    wait_for("the text box", || {
        screen(&socket, name).contains("Gõ rồi Enter")
    });
    tmux(&socket, &["send-keys", "-t", name, "-l", " — ghi dở"]);
    wait_for("the typing", || screen(&socket, name).contains("ghi dở"));
    let journal_dir = dir.join(".git/tthc/journal");
    let entry = || {
        std::fs::read_dir(&journal_dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with("@review.json"))
    };
    wait_for("the journal", || {
        entry().is_some_and(|p| std::fs::read_to_string(p).unwrap().contains("ghi dở"))
    });
    let pid = pane(&socket, name, "#{pane_pid}");
    assert!(
        Command::new("kill")
            .args(["-KILL", &pid])
            .status()
            .unwrap()
            .success()
    );
    wait_for("the kill", || pane(&socket, name, "#{pane_dead}") == "1");
    tmux(&socket, &["kill-server"]);
    assert_eq!(sb.commits(&dir), commits_before, "nothing was committed");

    let name = "review-restore";
    let socket = start(&sb, &dir, name);
    wait_for("the recovery offer", || {
        screen(&socket, name).contains("phiếu rà soát năm")
    });
    tmux(&socket, &["send-keys", "-t", name, "r"]);
    wait_for("the restored form", || {
        let s = screen(&socket, name);
        s.contains("Phiếu rà soát năm") && s.contains("chưa lưu")
    });
    tmux(&socket, &["send-keys", "-t", name, "C-s"]);
    wait_for("the commit", || sb.commits(&dir) == commits_before + 1);
    wait_for("the saved form", || {
        let s = screen(&socket, name);
        s.contains("Phiếu rà soát năm") && !s.contains("chưa lưu")
    });
    let saved = sb.git(&dir, &["show", "HEAD"]);
    assert!(saved.contains("— ghi dở"), "{saved}");
    tmux(&socket, &["send-keys", "-t", name, "Escape"]);
    wait_for("the plan", || {
        screen(&socket, name).contains("Rà soát TTHC năm")
    });
    tmux(&socket, &["send-keys", "-t", name, "q"]);
    wait_for("exit", || pane(&socket, name, "#{pane_dead}") == "1");
    tmux(&socket, &["kill-server"]);
    assert!(entry().is_none(), "the journal entry is gone once saved");
    sb.fsck(&dir);
}

/// Whether process `pid` has ended (gone, or a zombie waiting to be reaped).
fn ended(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

/// Open the form of 1.001193 and type into its name, the way a clerk is interrupted mid-word.
fn type_unsaved_text(socket: &Path, name: &str, text: &str) {
    wait_for("the catalogue", || screen(socket, name).contains("/49"));
    tmux(socket, &["send-keys", "-t", name, "/", "1.001193", "Enter"]);
    wait_for("the search", || screen(socket, name).contains("1/1"));
    tmux(socket, &["send-keys", "-t", name, "e"]);
    wait_for("the form", || screen(socket, name).contains("Sửa 1.001193"));
    tmux(socket, &["send-keys", "-t", name, "Down", "Down", "Enter"]);
    wait_for("the text area", || {
        screen(socket, name).contains("Esc: xong")
    });
    tmux(socket, &["send-keys", "-t", name, "-l", text]);
    wait_for("the typing", || screen(socket, name).contains(text));
}

#[test]
fn a_terminal_that_goes_away_ends_the_tui_with_the_journal_written() {
    if !have_tmux() || !Path::new("/proc/self/stat").exists() {
        eprintln!("skipped: needs tmux and /proc");
        return;
    }
    let sb = Sandbox::new();
    let dir = sb.path().join("demo");
    sb.tthc(sb.path())
        .args(["demo", "--dir", dir.to_str().unwrap()])
        .assert()
        .success();
    let bin = assert_cmd::cargo::cargo_bin("tthc");
    let journal = dir.join(".git/tthc/journal/procedures__xa__1.001193.yaml.json");
    // The window is closed: tthc leads the terminal's session and gets SIGHUP. The ssh session
    // drops under a shell that ignores SIGHUP: tthc gets no signal at all, only a dead terminal.
    let cases = [
        (
            "closed",
            format!("exec '{}' '{}'", bin.display(), dir.display()),
        ),
        (
            "nohup",
            format!(
                "sh -c \"trap '' HUP; '{}' '{}'; true\"",
                bin.display(),
                dir.display()
            ),
        ),
    ];
    for (name, command) in cases {
        let _ = std::fs::remove_file(&journal);
        let socket = start_command(&sb, name, &command);
        let pane_pid = pane(&socket, name, "#{pane_pid}");
        let typed = format!(" — gõ dở ({name})");
        type_unsaved_text(&socket, name, &typed);
        let pid = if name == "closed" {
            pane_pid
        } else {
            std::fs::read_to_string(format!("/proc/{pane_pid}/task/{pane_pid}/children"))
                .unwrap()
                .trim()
                .to_owned()
        };
        assert!(!pid.is_empty() && !ended(&pid), "{name}: tthc runs");
        // Right after the keys: the terminal and everything on it goes away at once.
        let gone_at = Instant::now();
        tmux(&socket, &["kill-server"]);
        wait_for(&format!("{name}: tthc to end"), || ended(&pid));
        eprintln!(
            "{name}: tthc ended {:?} after its terminal",
            gone_at.elapsed()
        );
        let saved = std::fs::read_to_string(&journal).unwrap_or_default();
        assert!(
            saved.contains(&typed),
            "{name}: the journal holds the typing: {saved}"
        );
    }
    assert_eq!(
        sb.git(&dir, &["status", "--porcelain"]),
        "",
        "nothing half-saved"
    );
}
