//! A Vietnamese clerk never reads English: the command line is run with mistakes on purpose
//! (a list of bad invocations, each taking an error path of the CLI or the library) and every
//! word it prints is scanned for common English words. With `--lang en` the same mistakes are
//! said in English.

mod common;

use common::{Sandbox, stderr, stdout};
use std::fs;
use std::path::Path;

/// English words that have no business in a Vietnamese message (whole words, any case).
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "are",
    "not",
    "no",
    "cannot",
    "can't",
    "invalid",
    "expected",
    "error",
    "errors",
    "found",
    "unknown",
    "must",
    "should",
    "with",
    "and",
    "or",
    "of",
    "to",
    "for",
    "file",
    "files",
    "folder",
    "usage",
    "argument",
    "arguments",
    "value",
    "values",
    "required",
    "exists",
    "already",
    "empty",
    "changes",
    "missing",
    "failed",
    "please",
    "use",
    "see",
    "try",
    "did",
    "mean",
    "tip",
    "unexpected",
    "option",
    "options",
    "commands",
    "print",
    "repository",
    "neither",
    "nor",
    "date",
    "type",
    "key",
    "field",
    "string",
    "integer",
    "boolean",
    "such",
    "nothing",
    "was",
    "were",
    "has",
    "have",
    "does",
    "this",
    "that",
    "which",
    "at",
    "in",
    "on",
    "by",
    "from",
    "into",
    "out",
    "only",
    "more",
    "than",
    "before",
    "after",
    "procedure",
    "catalogue",
    "proposal",
    "status",
    "level",
    "code",
    "possible",
    "default",
    "subcommand",
];

/// The words of `text` a person reads: without what they would type (`code spans`, --flags,
/// paths, placeholders, snake_case keys, `tthc` and its commands) and without the documented
/// `FILE:LINE:COL: error:` prefix of `validate`, whose word is for editors and scripts.
fn prose_words(text: &str) -> Vec<String> {
    const COMMANDS: &[&str] = &[
        "demo",
        "init",
        "validate",
        "fmt",
        "list",
        "show",
        "edit",
        "log",
        "diff",
        "sync",
        "propose",
        "proposal",
        "report",
        "export",
        "publish",
        "abolish",
        "amend",
        "replace",
        "add",
        "advance",
        "withdraw",
        "apply",
        "proposals",
    ];
    let mut prose = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            prose.push_str(part);
            prose.push(' ');
        }
    }
    let prose = prose
        .replace(": error: ", ": ")
        .replace(": warning: ", ": ");
    let mut words = Vec::new();
    let mut after_tthc = false;
    for raw in prose.split_whitespace() {
        let w = raw.trim_start_matches(['(', '"', '“', '\'', '[']);
        let bare = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        if bare == "tthc" || (after_tthc && COMMANDS.contains(&bare)) {
            after_tthc = true;
            continue;
        }
        after_tthc = false;
        if w.starts_with('-')
            || w.contains('/')
            || w.contains('<')
            || w.contains('[')
            || w.contains(".yaml")
            || w.contains('=')
            || w.contains('_')
        {
            continue;
        }
        words.extend(
            w.split(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        );
    }
    words
}

fn english_in(text: &str) -> Vec<String> {
    prose_words(text)
        .into_iter()
        .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
        .collect()
}

struct Setup {
    sb: Sandbox,
    root: std::path::PathBuf,
    full: std::path::PathBuf,
    proposal: String,
}

fn setup() -> Setup {
    let sb = Sandbox::new();
    let root = sb.sample("danh-muc");
    let full = sb.path().join("co-san");
    fs::create_dir_all(&full).unwrap();
    fs::write(full.join("ghi-chu.txt"), "đã có\n").unwrap();
    sb.tthc(&root)
        .args([
            "propose",
            "abolish",
            "1.001193",
            "--reason",
            "Không còn cần thiết",
        ])
        .assert()
        .success();
    let list = sb
        .tthc(&root)
        .args(["proposal", "list", "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let proposal = list[0]["id"].as_str().unwrap().to_owned();
    Setup {
        sb,
        root,
        full,
        proposal,
    }
}

/// The mistakes, as arguments (`{full}`: a folder with a file in it; `{id}`: a draft proposal).
const MISTAKES: &[&[&str]] = &[
    &["decison", "list"],
    &["foo", "list"],
    &["proposl", "list"],
    &["./khong-co"],
    &["--lang", "fr", "list"],
    &["-C", "khong-co-dau", "list"],
    &["list", "--bogus"],
    &["list", "--format", "xml"],
    &["list", "--status", "publishd"],
    &["list", "--level", "xaa"],
    &["list", "--field", "hotich"],
    &["list", "--at", "HEAD~9"],
    &["log", "--since", "HEAD~1"],
    &["log", "--limit", "abc"],
    &["log", "9.999999"],
    &["show"],
    &["show", "1.001193", "thua"],
    &["show", "9.999999"],
    &["edit", "9.999999"],
    &["edit", "1.001193"],
    &["diff", "HEAD~5"],
    &["diff", "31/02/2022"],
    &["fmt", "--bogus"],
    &["sync"],
    &["init", "."],
    &["init", "{full}"],
    &["demo", "--dir", "{full}"],
    &["export", "--out", "{full}"],
    &["export", "--out", "."],
    &["export", "--out", ".git/x"],
    &["export", "--at", "HEAD~9", "--out", "../x"],
    &["export", "--effective", "31/02/2022", "--out", "../x"],
    &["export", "--format", "pdf", "--out", "../x"],
    &["proposal"],
    &["proposal", "lst"],
    &["proposal", "show", "2099-001"],
    &["proposal", "advance", "{id}", "--to", "approved"],
    &["proposal", "advance", "{id}", "--to", "đã trinhf"],
    &["proposal", "advance", "{id}"],
    &["proposal", "advance", "{id}", "--to", "sent_to_province"],
    &[
        "proposal",
        "advance",
        "{id}",
        "--to",
        "đã trình",
        "--date",
        "01/01/2001",
    ],
    &["proposal", "apply", "{id}"],
    &["proposal", "withdraw", "2099-001"],
    &["propose", "abolish", "9.999999", "--reason", "x"],
    &["propose", "abolish", "1.001193"],
    &[
        "propose",
        "abolish",
        "1.001193",
        "--reason",
        "x",
        "--cost-before",
        "10,5",
        "--cost-after",
        "0",
    ],
    &[
        "propose",
        "abolish",
        "1.001193",
        "--reason",
        "x",
        "--cost-before",
        "10.000",
    ],
    &["propose", "amend", "1.001193", "--from", "khong-co.yaml"],
    &[
        "report",
        "proposals",
        "--from",
        "32/01/2022",
        "--to",
        "01/02/2022",
    ],
    &[
        "report",
        "proposals",
        "--from",
        "01/02/2022",
        "--to",
        "01/01/2022",
    ],
    &[
        "publish",
        "--decision",
        "1/QĐ-UBND",
        "--date",
        "01/01/2099",
        "--out",
        "../cong-bo",
    ],
    &["publish", "--date", "01/01/2022", "--out", "../cong-bo"],
    &["decision", "show", "2099-001"],
    &["decision", "apply", "2099-001"],
    &["decision", "add", "--from", "khong-co.yaml"],
    &[
        "decision",
        "add",
        "--date",
        "30/02/2022",
        "--from",
        "khong-co.yaml",
    ],
];

fn run(s: &Setup, args: &[&str], lang_en: bool) -> (Option<i32>, String) {
    let (code, out, err) = run3(s, args, lang_en);
    (code, format!("{out}{err}"))
}

fn run3(s: &Setup, args: &[&str], lang_en: bool) -> (Option<i32>, String, String) {
    let full = s.full.to_string_lossy().into_owned();
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("{full}", &full).replace("{id}", &s.proposal))
        .collect();
    let mut cmd = s.sb.tthc(&s.root);
    if lang_en {
        cmd.args(["--lang", "en"]);
    }
    let out = cmd.args(&args).output().unwrap();
    (out.status.code(), stdout(&out), stderr(&out))
}

#[test]
fn no_english_reaches_a_vietnamese_user_on_the_error_paths() {
    let s = setup();
    let mut leaks = Vec::new();
    for args in MISTAKES {
        let (code, text) = run(&s, args, false);
        assert_ne!(code, Some(0), "tthc {args:?} should fail:\n{text}");
        assert!(!text.trim().is_empty(), "tthc {args:?} says nothing");
        let found = english_in(&text);
        if !found.is_empty() {
            leaks.push(format!(
                "tthc {}\n{text}  English: {found:?}",
                args.join(" ")
            ));
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n\n"));
}

#[test]
fn the_same_mistakes_are_said_in_english_with_lang_en() {
    let s = setup();
    let mut vietnamese = Vec::new();
    for args in MISTAKES.iter().filter(|a| !a.contains(&"--lang")) {
        let (_, text) = run(&s, args, true);
        // Catalogue content and what the user typed may be Vietnamese; the sentences not.
        let said = text
            .split('`')
            .step_by(2)
            .collect::<String>()
            .replace("Cấp xã", "")
            .replace("Cấp huyện", "");
        for word in ["không", "được", "phải", "thủ tục", "danh mục", "tệp", "lỗi"]
        {
            if said.contains(word) {
                vietnamese.push(format!(
                    "tthc --lang en {}: `{word}` in\n{text}",
                    args.join(" ")
                ));
                break;
            }
        }
    }
    assert!(vietnamese.is_empty(), "{}", vietnamese.join("\n\n"));
}

#[test]
fn a_hand_edited_file_is_explained_in_vietnamese_with_labels_and_suggestions() {
    let s = setup();
    let file = s.root.join("procedures/xa/1.001193.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let broken =
        text.replacen("subjects:", "subjets:", 1)
            .replacen("kind: in_person", "kind: truc_tiep", 1);
    assert_ne!(broken, text);
    fs::write(&file, broken).unwrap();
    let (code, out) = run(&s, &["validate"], false);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("khóa không hợp lệ `subjets`; có phải ý bạn là `subjects`"),
        "{out}"
    );
    assert!(
        out.contains(
            "Cách thức thực hiện [1] › Hình thức: `truc_tiep` không phải giá trị được nhận"
        ),
        "{out}"
    );
    assert!(out.contains("`in_person` (Trực tiếp)"), "{out}");
    let found = english_in(&out);
    assert!(found.is_empty(), "{found:?} in\n{out}");
    let (_, en) = run(&s, &["validate"], true);
    assert!(en.contains("did you mean `subjects`?"), "{en}");
    fs::write(
        &file,
        text.replacen("unit: working_days", "unit: working_dayz", 1),
    )
    .unwrap();
    let (_, out) = run(&s, &["validate"], false);
    assert!(
        out.contains("có phải ý bạn là `working_days` (ngày làm việc)?"),
        "{out}"
    );
}

#[test]
fn vietnamese_amounts_and_dates_are_read_in_files_and_on_the_command_line() {
    let s = setup();
    let file = s.root.join("procedures/xa/1.001193.yaml");
    let text = fs::read_to_string(&file).unwrap();
    // The sample's one plain amount is the copy fee, the second fee line (issue 16: the first is
    // the late-registration fee at the HĐND rate, in words).
    assert!(text.contains("amount: 8000"), "{text}");
    let typed = text
        .replacen("amount: 8000", "amount: 1.500.000 đ", 1)
        .replacen(
            "effective_from: 2022-01-01",
            "effective_from: 01/01/2022",
            1,
        );
    fs::write(&file, &typed).unwrap();
    let (code, out) = run(&s, &["validate"], false);
    assert_eq!(code, Some(0), "{out}");
    let (_, shown, _) = run3(&s, &["show", "1.001193", "--format", "json"], false);
    let json: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(json["fees"][1]["amount"], 1_500_000, "{shown}");
    assert_eq!(json["effective_from"], "2022-01-01", "{shown}");
    // A wrong amount names the field and shows how to write one.
    fs::write(&file, text.replacen("amount: 8000", "amount: 10,5", 1)).unwrap();
    let (_, out) = run(&s, &["validate"], false);
    assert!(
        out.contains("Phí, lệ phí [2] › Mức thu: phải là số tiền bằng chữ số"),
        "{out}"
    );
    fs::write(&file, &text).unwrap();
    // Dates on the command line as dd/mm/yyyy; step names as shown.
    let (code, out) = run(
        &s,
        &["proposal", "advance", &s.proposal, "--to", "Đã trình"],
        false,
    );
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(
        &s,
        &[
            "propose",
            "abolish",
            "1.001193",
            "--reason",
            "Trùng lặp",
            "--cost-before",
            "1.500.000",
            "--cost-after",
            "0 đ",
            "--date",
            "01/01/2022",
        ],
        false,
    );
    assert_eq!(code, Some(0), "{out}");
    let (_, list, _) = run3(&s, &["proposal", "list", "--format", "json"], false);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|p| p["drafted_on"] == "2022-01-01"),
        "{list}"
    );
    let drafted = fs::read_dir(s.root.join("proposals/2022"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(drafted.contains("before: 1500000"), "{drafted}");
}

#[test]
fn the_help_is_vietnamese_by_default_and_english_with_lang_en() {
    let sb = Sandbox::new();
    for args in [
        &["--help"][..],
        &["proposal", "advance", "--help"],
        &["help", "log"],
    ] {
        let out = sb.tthc(sb.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(text.contains("Cách dùng:"), "{text}");
        for english in [
            "Usage:",
            "Options:",
            "Commands:",
            "Arguments:",
            "Print help",
            "[default",
        ] {
            assert!(!text.contains(english), "{english} in {args:?}:\n{text}");
        }
    }
    let out = sb
        .tthc(sb.path())
        .args(["--lang", "en", "log", "--help"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("Usage:"), "{}", stdout(&out));
    assert!(stdout(&out).contains("Show the history"));
}

#[test]
fn the_scanner_sees_english() {
    assert_eq!(
        english_in("tthc: unexpected argument '--since' found; see the help"),
        ["unexpected", "argument", "found", "see", "the"]
    );
    assert!(english_in("tthc: lệnh này không có tùy chọn --since").is_empty());
    assert!(english_in("xem `git remote add origin URL` và --allow-problems").is_empty());
    let _ = Path::new(".");
}
