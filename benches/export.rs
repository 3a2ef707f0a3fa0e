//! Export timing: `tthc export` end to end (open through the record cache, render, write the
//! staging folder, swap it in) on the synthetic catalogues of the scale benchmark.
//!
//! ```sh
//! cargo bench --bench export                    # 10,000 and 100,000 procedures
//! cargo bench --bench export -- 1000 --runs 1   # a quick look
//! ```
//!
//! The catalogues are those of `cargo bench --bench scale` (`target/bench-data/`), generated
//! here with the same command when missing. Each measurement runs in a fresh child process that
//! reports its wall time, its CPU time (user and system, all threads) and its peak memory
//! (VmHWM). Two cases: a first export into a folder that does not exist (at most two runs), and
//! an export over the previous one (what `tthc publish` and a routine re-export do: unchanged pages are linked from
//! the previous export instead of written again). The record cache is warmed first, as it is
//! for anyone who has opened the catalogue. Results are printed and written to
//! `target/bench-export.json`.

mod common;

use common::{cpu_ms, dataset, peak_kb, tthc_bin};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use tthc::export::Format;
use tthc::workspace::{self, ExportRequest};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const COMMITS: usize = 10_000;
const SEED: u64 = 1;

fn main() {
    // As the tthc binary does, before anything touches libgit2.
    tthc::history::libgit2_uses_mimalloc();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1..]);
        return;
    }
    let mut sizes = Vec::new();
    let mut runs = 3usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--bench" => {}
            other => {
                if let Ok(n) = other.parse() {
                    sizes.push(n);
                }
            }
        }
    }
    if sizes.is_empty() {
        sizes = vec![10_000, 100_000];
    }
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let mut results = Vec::new();
    println!(
        "| procedures | formats | case | wall, median (min–max) | CPU user + system | peak memory |"
    );
    println!("|---|---|---|---|---|---|");
    for n in sizes {
        let (dir, _) = dataset(&data, n, COMMITS, SEED);
        // Warm the record cache (and git's index stat data) as any earlier open would have.
        assert!(
            Command::new(tthc_bin())
                .args(["validate", "-C"])
                .arg(&dir)
                .output()
                .expect("tthc runs")
                .status
                .code()
                .is_some()
        );
        let out_root = tempfile::tempdir_in(&data).expect("temp dir");
        for formats in ["html,csv,json", "all"] {
            let out = out_root.path().join(format!("site-{formats}"));
            for case in ["first", "over previous"] {
                let mut walls = Vec::new();
                let mut last = serde_json::Value::Null;
                // A first export writes every file as a new inode. Each goes to a folder of its
                // own, never deleted during the run: ext4 skips inodes freed in the last minute
                // when it allocates, so deleting one export just before writing the next would
                // measure that scan rather than the export.
                let first_runs = runs.min(2);
                for k in 0..if case == "first" { first_runs } else { runs } {
                    let target = if case == "first" {
                        out_root.path().join(format!("first-{formats}-{k}"))
                    } else {
                        out.clone()
                    };
                    flush_disk();
                    let r = spawn(&dir, formats, &target);
                    walls.push(r["ms"].as_f64().unwrap());
                    last = r;
                    if case == "first" && k == 0 {
                        // The export the "over previous" runs replace.
                        std::fs::rename(&target, &out).unwrap();
                    }
                }
                walls.sort_by(f64::total_cmp);
                let median = walls[walls.len() / 2];
                println!(
                    "| {n} | {formats} | {case} | {:.2} s ({:.2}–{:.2}) | {:.1} + {:.1} s | {:.0} MB |",
                    median / 1e3,
                    walls[0] / 1e3,
                    walls[walls.len() - 1] / 1e3,
                    last["user_ms"].as_f64().unwrap() / 1e3,
                    last["system_ms"].as_f64().unwrap() / 1e3,
                    last["hwm_kb"].as_f64().unwrap() / 1024.0,
                );
                results.push(serde_json::json!({
                    "procedures": n,
                    "formats": formats,
                    "case": case,
                    "wall_ms": walls,
                    "last": last,
                }));
            }
        }
    }
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-export.json");
    std::fs::write(&file, serde_json::to_string_pretty(&results).unwrap()).unwrap();
    println!("\nwritten to {}", file.display());
}

/// Write back dirty pages so one run's file writes are not paid for by the next.
fn flush_disk() {
    let _ = Command::new("sync").status();
}

fn spawn(dir: &Path, formats: &str, out: &Path) -> serde_json::Value {
    let exe = std::env::current_exe().unwrap();
    let o = Command::new(exe)
        .args(["--child", formats])
        .arg(dir)
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn child(args: &[String]) {
    let formats: std::collections::BTreeSet<Format> = if args[0] == "all" {
        Format::ALL.iter().copied().collect()
    } else {
        args[0]
            .split(',')
            .map(|f| match f {
                "html" => Format::Html,
                "csv" => Format::Csv,
                "json" => Format::Json,
                "xlsx" => Format::Xlsx,
                "jsonld" => Format::JsonLd,
                other => panic!("unknown format {other}"),
            })
            .collect()
    };
    let req = ExportRequest {
        formats,
        out: PathBuf::from(&args[2]),
        at: None,
        effective: None,
        allow_problems: false,
    };
    let (user0, system0) = cpu_ms();
    let t = Instant::now();
    let outcome = workspace::export(Path::new(&args[1]), &req).expect("export");
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let (user, system) = cpu_ms();
    println!(
        "{}",
        serde_json::json!({
            "ms": ms,
            "user_ms": user - user0,
            "system_ms": system - system0,
            "hwm_kb": peak_kb(),
            "files": outcome.report.files.len(),
            "procedures": outcome.report.procedures,
        })
    );
}
