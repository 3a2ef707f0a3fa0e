//! The commands end to end on temporary catalogues in real git repositories, exit codes included.

mod common;

use common::{Sandbox, stderr, stdout};
use std::fs;
use tthc::search::compare_vi;

#[test]
fn init_sample_makes_a_repository_with_one_commit() {
    let sb = Sandbox::new();
    let root = sb.sample("duy-tien");
    for sub in [
        "catalog.yaml",
        "procedures/xa/1.001193.yaml",
        "proposals",
        "publications",
    ] {
        assert!(root.join(sub).exists(), "{sub}");
    }
    assert_eq!(sb.git(&root, &["rev-list", "--count", "HEAD"]).trim(), "1");
    assert_eq!(
        sb.git(&root, &["log", "-1", "--format=%an"]).trim(),
        "Nguyễn Văn Pháp"
    );
    assert_eq!(
        sb.git(&root, &["status", "--porcelain"]),
        "",
        "nothing left uncommitted"
    );
    // Running it again refuses to overwrite.
    let out = sb
        .tthc(sb.path())
        .args(["init", "duy-tien", "--sample"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("catalog.yaml"), "{}", stderr(&out));
}

#[test]
fn init_inside_a_repository_commits_only_the_catalogue() {
    let sb = Sandbox::new();
    let site = sb.path().join("website");
    fs::create_dir_all(&site).unwrap();
    sb.git(&site, &["init", "-q", "-b", "main"]);
    fs::write(site.join("index.html"), "v1\n").unwrap();
    sb.git(&site, &["add", "index.html"]);
    sb.git(&site, &["commit", "-qm", "site"]);
    // The user's own work in progress: one staged change, one unstaged.
    fs::write(site.join("index.html"), "v2 staged\n").unwrap();
    sb.git(&site, &["add", "index.html"]);
    fs::write(site.join("index.html"), "v3 unstaged\n").unwrap();
    fs::write(site.join("draft.txt"), "untracked\n").unwrap();

    sb.tthc(&site)
        .args(["init", "danh-muc", "--authority", "UBND phường Hòa Mạc"])
        .assert()
        .success();

    assert!(!site.join("danh-muc/.git").exists(), "no nested repository");
    let files = sb.git(&site, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.lines().all(|f| f.starts_with("danh-muc/")), "{files}");
    assert!(files.contains("danh-muc/catalog.yaml"));
    assert_eq!(
        sb.git(&site, &["show", "HEAD:index.html"]),
        "v1\n",
        "staged work not swept in"
    );
    let status = sb.git(&site, &["status", "--porcelain"]);
    assert!(
        status.contains("MM index.html"),
        "staged and unstaged kept: {status}"
    );
    assert!(status.contains("?? draft.txt"), "{status}");
    assert!(!status.contains("danh-muc"), "{status}");
    sb.tthc(&site)
        .args(["validate", "danh-muc"])
        .assert()
        .success();
}

#[test]
fn init_without_a_git_identity_explains_and_leaves_nothing() {
    let sb = Sandbox::without_identity();
    let out = sb
        .tthc(sb.path())
        .args(["init", "x", "--sample"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("git config --global user.name"),
        "{}",
        stderr(&out)
    );
    assert!(!sb.path().join("x").exists());
}

#[test]
fn validate_exit_codes_and_formats() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let out = sb.tthc(sb.path()).args(["validate", "c"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");

    let file = root.join("procedures/xa/1.001193.yaml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("status: published", "status: publishd", 1),
    )
    .unwrap();
    let out = sb
        .tthc(sb.path())
        .args(["--lang", "en", "validate", "c"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let first = stdout(&out).lines().next().unwrap().to_owned();
    assert!(
        first.starts_with("c/procedures/xa/1.001193.yaml:"),
        "{first}"
    );
    assert!(
        first.contains(
            ": error: Status: `publishd` is not an accepted value; did you mean `published`"
        ),
        "{first}"
    );

    let out = sb
        .tthc(&root)
        .args(["validate", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = &items[0];
    assert_eq!(item["severity"], "error");
    assert_eq!(item["pointer"], "status");
    assert!(item["line"].as_u64().unwrap() > 1);

    let out = sb
        .tthc(sb.path())
        .args(["validate", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = sb
        .tthc(sb.path())
        .args(["validate", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn list_search_ignores_diacritics_and_sorts_in_vietnamese_order() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let out = sb
        .tthc(&root)
        .args(["list", "--search", "dang ky khai sinh", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = stdout(&out);
    assert!(csv.contains("1.001193"), "{csv}");
    // Every word must occur, in any order: "Đăng ký lại khai sinh" is found too.
    assert!(csv.contains("Đăng ký lại khai sinh"), "{csv}");
    let words = ["dang", "ky", "khai", "sinh"];
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| words.iter().all(|w| tthc::search::fold(l).contains(w))),
        "{csv}"
    );

    let out = sb
        .tthc(&root)
        .args(["list", "--search", "CHUNG THUC", "--format", "json"])
        .output()
        .unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!items.is_empty());
    // Both words occur in the name or the field name (which is searched too).
    assert!(items.iter().all(|p| {
        let text = tthc::search::fold(&format!(
            "{} {}",
            p["name"],
            p["field"].as_str().unwrap().replace('-', " ")
        ));
        text.contains("chung") && text.contains("thuc")
    }));
    assert!(
        items
            .iter()
            .any(|p| p["name"] == "Sửa lỗi sai sót trong hợp đồng, giao dịch")
    );

    let out = sb
        .tthc(&root)
        .args(["list", "--sort", "name", "--format", "json"])
        .output()
        .unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = items.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(names.len() >= 40, "the sample has at least 40 procedures");
    assert!(
        names.windows(2).all(|w| compare_vi(w[0], w[1]).is_le()),
        "{names:?}"
    );

    let out = sb
        .tthc(&root)
        .args(["list", "--level", "Cấp xã", "--format", "json"])
        .output()
        .unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!items.is_empty() && items.iter().all(|p| p["level"] == "xa"));

    let out = sb
        .tthc(&root)
        .args(["list", "--field", "ho-tich", "--status", "published"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        stdout(&out).lines().next().unwrap().starts_with("Mã"),
        "Vietnamese header by default"
    );
}

#[test]
fn show_finds_one_and_explains_ambiguity() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let out = sb.tthc(&root).args(["show", "1.001193"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    for heading in [
        "TRÌNH TỰ THỰC HIỆN",
        "CÁCH THỨC THỰC HIỆN",
        "THÀNH PHẦN, SỐ LƯỢNG HỒ SƠ",
        "CĂN CỨ PHÁP LÝ",
    ] {
        assert!(text.contains(heading), "{heading} in {text}");
    }
    let out = sb.tthc(&root).args(["show", "9.999999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "show", "2.000815"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "the code exists at two levels");
    assert!(stderr(&out).contains("--level"));
    let out = sb
        .tthc(&root)
        .args(["show", "2.000815", "--level", "huyen", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["level"], "huyen");
}

/// SPEC §6: a command about one procedure need not load every record. `show`, `edit` and
/// `propose` read the files where the procedure belongs: they neither build the record cache nor
/// stumble on another procedure's broken file — and a procedure filed in the wrong folder is still
/// found.
#[test]
fn one_procedure_commands_read_only_its_files() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let cache = root.join(".git/tthc");
    std::fs::remove_dir_all(&cache).ok();
    std::fs::write(root.join("procedures/xa/1.000000.yaml"), "code: [\n").unwrap();
    let out = sb.tthc(&root).args(["show", "1.001193"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("TRÌNH TỰ THỰC HIỆN"));
    assert_eq!(
        stderr(&out),
        "",
        "another procedure's broken file is not read"
    );
    assert!(!cache.join("records-v1").exists(), "no whole load");
    std::fs::remove_file(root.join("procedures/xa/1.000000.yaml")).unwrap();

    // The level may be named as people write it.
    let out = sb
        .tthc(&root)
        .args([
            "show",
            "2.000815",
            "--level",
            "cấp huyện",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["level"], "huyen");

    // Edit and propose through the same path, each one commit.
    sb.tthc(&root)
        .env("EDITOR", common::sed_editor("s/^name: /name: (sửa) /"))
        .args(["edit", "1.001193"])
        .assert()
        .success();
    sb.tthc(&root)
        .args([
            "propose",
            "abolish",
            "1.001193",
            "--reason",
            "Không còn phù hợp",
        ])
        .assert()
        .success();
    assert!(!cache.join("records-v1").exists(), "no whole load");
    let log = sb.git(&root, &["log", "--format=%s", "-2"]);
    assert!(log.contains("1.001193"), "{log}");
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");

    // Filed under a name that is not its code: found all the same.
    sb.git(
        &root,
        &[
            "mv",
            "procedures/xa/1.001193.yaml",
            "procedures/xa/giam-ho.yaml",
        ],
    );
    let out = sb.tthc(&root).args(["show", "1.001193"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("(sửa)"));
}

#[test]
fn fmt_rewrites_once_and_check_reports() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    sb.tthc(&root).args(["fmt", "--check"]).assert().code(0);
    // Scramble one file: key order, decomposed text, CRLF, no final newline.
    let file = root.join("procedures/xa/1.001193.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let status = lines.iter().position(|l| l.starts_with("status:")).unwrap();
    let moved = lines.remove(status);
    lines.insert(0, moved);
    let scrambled = lines
        .join("\r\n")
        .replace("Đăng ký khai sinh", "Đa\u{306}ng ky\u{301} khai sinh");
    fs::write(&file, &scrambled).unwrap();

    let out = sb.tthc(&root).args(["fmt", "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("1.001193.yaml"));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        scrambled,
        "--check changes nothing"
    );

    sb.tthc(&root).args(["fmt"]).assert().success();
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        text,
        "back to the canonical bytes"
    );
    let out = sb.tthc(&root).args(["fmt"]).output().unwrap();
    assert_eq!(stdout(&out), "", "a second run changes nothing");
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");

    // A file that does not parse is left alone and reported.
    fs::write(&file, "code: [broken\n").unwrap();
    let out = sb.tthc(&root).args(["fmt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&file).unwrap(), "code: [broken\n");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let bin = assert_cmd::cargo::cargo_bin("tthc");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' list --format json | head -c 1 >/dev/null; exit ${{PIPESTATUS:-0}}",
            bin.display()
        ))
        .current_dir(&root)
        .env("HOME", sb.home())
        .status()
        .unwrap();
    assert!(status.success());
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' list --format json | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}}",
            bin.display()
        ))
        .current_dir(&root)
        .env("HOME", sb.home())
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out).trim(),
        "0",
        "tthc itself exits 0: {}",
        stderr(&out)
    );
}

#[test]
fn catalogue_text_cannot_drive_the_terminal() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let file = root.join("procedures/xa/1.001193.yaml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen(
            "name: Đăng ký khai sinh",
            "name: \"Đăng ký \\e]0;pwned\\a khai sinh\"",
            1,
        ),
    )
    .unwrap();
    for args in [vec!["list"], vec!["show", "1.001193"]] {
        let out = sb.tthc(&root).args(&args).output().unwrap();
        assert!(out.status.success());
        assert!(
            !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
            "{args:?}"
        );
        assert!(
            stdout(&out).contains("\\u{001b}"),
            "shown visibly: {args:?}"
        );
    }
    let out = sb.tthc(&root).args(["validate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn no_subcommand_prints_a_summary() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let out = sb.tthc(&root).output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("Cấp xã"), "{}", stdout(&out));
    let empty = sb.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let out = sb.tthc(&empty).args(["--lang", "en"]).output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("tthc init duy-tien --sample"));
}

/// An `EDITOR` that applies `sed_expr` to the file, then kills `tthc edit` outright (as a closed
/// terminal or a power cut would).
fn killing_editor(sed_expr: &str) -> String {
    format!(
        "sh -c 'sed -i -e \"{sed_expr}\" \"$0\"; p=$PPID; \
         while [ \"$(cat /proc/$p/comm)\" != tthc ]; do p=$(cut -d\" \" -f4 /proc/$p/stat); done; \
         kill -KILL $p'"
    )
}

#[test]
fn a_killed_edit_leaves_nothing_in_the_temp_folder_and_its_text_is_kept() {
    if !std::path::Path::new("/proc/self/comm").exists() {
        eprintln!("skipped: needs /proc");
        return;
    }
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let tmp = sb.path().join("tmp");
    fs::create_dir_all(&tmp).unwrap();
    let scratch = root.join(".git/tthc/edit");
    let listing = |dir: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    // Killed twice: once with nothing changed yet, then with a change typed in. The second run
    // removes what the first left, as nothing was typed in it.
    for (code, expr) in [
        ("1.000894", "s/^x//"),
        ("1.001193", "s/^status: published/status: amended/"),
    ] {
        let out = sb
            .tthc(&root)
            .args(["edit", code])
            .env("TMPDIR", &tmp)
            .env("EDITOR", killing_editor(expr))
            .output()
            .unwrap();
        assert!(!out.status.success(), "killed");
    }
    assert_eq!(
        listing(&tmp),
        Vec::<String>::new(),
        "nothing in the temp folder"
    );
    let leftovers = listing(&scratch);
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    assert!(leftovers[0].ends_with("-procedures__xa__1.001193.yaml"));
    assert_eq!(sb.commits(&root), 1, "nothing saved");

    // The next edit keeps the typed text under a name no later run takes for a leftover, and
    // says where.
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "edit", "1.001193"])
        .env("TMPDIR", &tmp)
        .env("EDITOR", "true")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("An earlier edit was interrupted"), "{err}");
    let left = listing(&scratch);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        left[0].starts_with("kept-") && left[0].ends_with("procedures__xa__1.001193.yaml"),
        "{left:?}"
    );
    assert!(err.contains(&left[0]), "the user is told where: {err}");
    assert!(
        fs::read_to_string(scratch.join(&left[0]))
            .unwrap()
            .contains("status: amended")
    );
    // Told once: a later edit says nothing more about it.
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "edit", "1.001193"])
        .env("EDITOR", "true")
        .output()
        .unwrap();
    assert!(!stderr(&out).contains("interrupted"), "{}", stderr(&out));
    assert_eq!(listing(&scratch), left);
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
}
