//! What reaches a terminal: catalogue text and file names holding escape sequences (OSC 0 sets
//! the window title, OSC 52 the clipboard), C1 controls and bidi overrides never reach a real
//! terminal raw, from any command; in a pipe the data formats stay byte-faithful.

mod common;

use common::{Sandbox, stdout};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A procedure name that would set the title and the clipboard, with a C1 CSI, a C1 line break
/// and a right-to-left override.
const HOSTILE_NAME: &str =
    "Đăng ký khai sinh\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGk=\u{7}\u{9b}2J\u{85}\u{202e}cba";
/// A file name that would set the window title.
const HOSTILE_FILE: &str = "\u{1b}]0;file\u{7}.yaml";

fn hostile(sb: &Sandbox) -> PathBuf {
    let root = sb.sample("c");
    let file = root.join("procedures/xa/1.001193.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let escaped = "Đăng ký khai sinh\\e]0;pwned\\a\\e]52;c;aGk=\\a\\x9b2J\\N\\u202Ecba";
    fs::write(
        &file,
        text.replacen(
            "name: Đăng ký khai sinh\n",
            &format!("name: \"{escaped}\"\n"),
            1,
        ),
    )
    .unwrap();
    // A file that does not parse, so its name is printed by validate and fmt.
    fs::write(root.join("procedures/xa").join(HOSTILE_FILE), "code: [\n").unwrap();
    root
}

/// Run `tthc ARGS` in a real pseudo-terminal (util-linux `script`) and return every byte the
/// terminal received, stdout and stderr together. None when `script` is not installed.
fn in_terminal(sb: &Sandbox, cwd: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let bin = assert_cmd::cargo::cargo_bin("tthc");
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mut line = quote(bin.to_str().unwrap());
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(cwd)
        .env("HOME", sb.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .ok()?;
    Some(out.stdout)
}

/// Nothing in `bytes` can drive a terminal: the only escape sequences are SGR colours, and no
/// other control character (but CR/LF) nor bidi control is there.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut rest: &str = &text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' {
            let params = &rest[2.min(rest.len())..];
            let n = params
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b';')
                .count();
            assert!(
                rest.as_bytes().get(1) == Some(&b'[') && params.as_bytes().get(n) == Some(&b'm'),
                "{what}: a raw escape sequence reached the terminal: {:?}",
                &rest[..rest.len().min(20)]
            );
            rest = &params[n + 1..];
            continue;
        }
        let unsafe_char = (c.is_control() && c != '\n' && c != '\r')
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(
            !unsafe_char,
            "{what}: U+{:04X} reached the terminal in {text:?}",
            c as u32
        );
        rest = &rest[c.len_utf8()..];
    }
}

#[test]
fn nothing_from_the_catalogue_drives_a_real_terminal() {
    let sb = Sandbox::new();
    let root = hostile(&sb);
    let commands: [&[&str]; 10] = [
        &["list"],
        &["list", "--format", "csv"],
        &["list", "--format", "json"],
        &["show", "1.001193"],
        &["show", "1.001193", "--format", "json"],
        &["validate"],
        &["validate", "--format", "json"],
        &["fmt", "--check"],
        &["diff", "HEAD"],
        &["export", "--out", "../site", "--allow-problems"],
    ];
    for args in commands {
        let Some(bytes) = in_terminal(&sb, &root, args) else {
            eprintln!("skipped: util-linux `script` is not installed");
            return;
        };
        assert!(!bytes.is_empty(), "{args:?} printed nothing");
        assert_terminal_safe(&format!("{args:?}"), &bytes);
    }
    // The name is still shown, visibly escaped.
    let shown = in_terminal(&sb, &root, &["list", "--format", "json"]).unwrap();
    let shown = String::from_utf8(shown).unwrap();
    assert!(shown.contains(r"\u001b]52;c;aGk=\u0007"), "{shown}");
    assert!(shown.contains(r"\u0085\u202ecba"), "{shown}");
    let shown = in_terminal(&sb, &root, &["validate"]).unwrap();
    assert!(
        String::from_utf8(shown)
            .unwrap()
            .contains(r"\u{001b}]0;file\u{0007}.yaml"),
        "the file is named visibly"
    );
}

#[test]
fn data_in_a_pipe_stays_byte_faithful() {
    let sb = Sandbox::new();
    let root = hostile(&sb);
    let out = sb
        .tthc(&root)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(names.contains(&HOSTILE_NAME), "{names:?}");
    // Only what JSON itself must escape (C0) is escaped; C1 and bidi stay as they are.
    assert!(stdout(&out).contains("\u{85}\u{202e}cba"));

    let out = sb
        .tthc(&root)
        .args(["list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let found = reader
        .records()
        .map(Result::unwrap)
        .any(|r| r.iter().any(|cell| cell == HOSTILE_NAME));
    assert!(found, "the name is in the CSV byte for byte");

    // Text for people is sanitized in a pipe too: it ends up on a terminal through `less -R`.
    for args in [vec!["list"], vec!["validate"], vec!["fmt", "--check"]] {
        let out = sb.tthc(&root).args(&args).output().unwrap();
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert_terminal_safe(&format!("{args:?} {stream}"), bytes);
        }
    }
}

/// The CLI's messages go through `note!` (sanitized) rather than bare `eprintln!`/`println!`, so
/// a new message cannot forget the sanitizer.
#[test]
fn cli_messages_go_through_the_sanitizer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    // output.rs defines `note!`; mod.rs sanitizes the error it prints; demo.rs prints a path
    // for scripts. The proposal and publication commands sanitize at each call.
    let exempt = [
        "output.rs",
        "mod.rs",
        "demo.rs",
        "proposal/mod.rs",
        "proposal/draft.rs",
        "publish.rs",
    ];
    let mut files = Vec::new();
    let mut dirs = vec![dir.clone()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 20);
    for path in files {
        let name = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if exempt.contains(&name.as_str()) {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for bare in ["eprintln!(", "println!(", "eprint!(", "print!("] {
            assert!(
                !text.contains(bare),
                "src/cli/{name} uses {bare}: use note! or output::screen"
            );
        }
    }
}
