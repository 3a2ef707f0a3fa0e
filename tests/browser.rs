//! The exported site in a real browser (headless Chromium): it loads without console errors or
//! Content-Security-Policy violations, an unaccented search filters the rows, it still lists
//! everything with JavaScript off, and screenshots are taken.
//!
//! CI installs Chromium (`.ci/run`); elsewhere the test says why it skips when there is none.

mod common;

use common::Sandbox;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

struct Run {
    stdout: String,
    console: Vec<String>,
}

/// Run headless Chromium on a page with a fresh profile, no network services, logging to
/// stderr; console messages (CSP violations, script errors) are collected.
fn chrome(bin: &Path, profile: &Path, args: &[&str], url: &str) -> Run {
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        console: stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE") || l.contains("Content Security Policy"))
            .map(str::to_owned)
            .collect(),
    }
}

/// The search form's start tag in a dumped DOM.
fn form_tag(dom: &str) -> &str {
    let start = dom.find("<form id=\"tim-kiem\"").expect("search form");
    let end = start + dom[start..].find('>').unwrap();
    &dom[start..end]
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

#[test]
fn the_site_works_in_headless_chromium() {
    let Some(bin) = chromium() else {
        eprintln!(
            "SKIPPED: no chromium binary on PATH (CI installs it: apt-get install -y chromium)"
        );
        return;
    };
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    sb.tthc(&dir)
        .args(["export", "--format", "html", "--out", "../site"])
        .assert()
        .success();
    let site = sb.path().join("site");
    let profile = sb.path().join("chrome-profile");
    let index = file_url(&site.join("index.html"));

    // What the search should find, by the catalogue's own folding.
    let cat = tthc::store::load(&dir).unwrap();
    let expected = cat
        .procedures
        .iter()
        .filter(|s| {
            let text = tthc::search::fold(&format!(
                "{} {}",
                s.record.name,
                cat.manifest.field_name(&s.record.field)
            ));
            text.contains("chung") && text.contains("thuc")
        })
        .count();
    let total = cat.procedures.len();
    assert!(expected > 0 && expected < total);

    // With JavaScript: the query from the URL filters the rows.
    let run = chrome(
        &bin,
        &profile,
        &["--dump-dom"],
        &format!("{index}?q=chung+thuc"),
    );
    assert!(run.console.is_empty(), "console: {:#?}", run.console);
    let dom = run.stdout;
    assert!(
        !form_tag(&dom).contains(" hidden"),
        "the script shows the form"
    );
    let rows = dom.matches("<tr data-s=").count();
    let hidden = dom
        .split("<tr data-s=")
        .skip(1)
        .filter(|r| r[..r.find('>').unwrap()].contains(" hidden"))
        .count();
    assert_eq!(rows, total);
    assert_eq!(
        rows - hidden,
        expected,
        "an unaccented query finds Chứng thực"
    );
    assert!(dom.contains(&format!("Tìm thấy {expected} trên {total} thủ tục.")));

    // Level filter from the URL too.
    let run = chrome(
        &bin,
        &profile,
        &["--dump-dom"],
        &format!("{index}?cap=huyen"),
    );
    assert!(run.console.is_empty(), "console: {:#?}", run.console);
    let huyen = cat
        .procedures
        .iter()
        .filter(|s| s.record.level == "huyen")
        .count();
    assert!(
        run.stdout
            .contains(&format!("Tìm thấy {huyen} trên {total} thủ tục."))
    );

    // Without JavaScript the page is the file as written (headless Chromium cannot dump a DOM
    // with scripts off): every row listed, none hidden, and the search form hidden.
    let raw = std::fs::read_to_string(site.join("index.html")).unwrap();
    let hidden_rows = raw
        .split("<tr data-s=")
        .skip(1)
        .filter(|r| r[..r.find('>').unwrap()].contains(" hidden"))
        .count();
    assert_eq!(raw.matches("<tr data-s=").count(), total);
    assert_eq!(hidden_rows, 0);
    assert!(form_tag(&raw).contains(" hidden"));

    // A procedure page and the changes page load cleanly too.
    for page in ["thu-tuc/xa/2.000815.html", "thay-doi.html"] {
        let run = chrome(&bin, &profile, &["--dump-dom"], &file_url(&site.join(page)));
        assert!(run.console.is_empty(), "{page}: {:#?}", run.console);
        assert!(run.stdout.contains("</main>"), "{page}");
    }

    // Screenshots, for a person to look at (kept only for this run).
    for (page, shot) in [
        ("index.html", "index.png"),
        ("thu-tuc/xa/2.000815.html", "procedure.png"),
    ] {
        let target = sb.path().join(shot);
        chrome(
            &bin,
            &profile,
            &[
                &format!("--screenshot={}", target.display()),
                "--window-size=1280,1600",
                "--hide-scrollbars",
            ],
            &file_url(&site.join(page)),
        );
        let png = std::fs::read(&target).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "{shot}");
    }
}
