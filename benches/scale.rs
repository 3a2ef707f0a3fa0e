//! Scale benchmark: the core at 1k, 10k (and with `--full`, 100k) procedures with 10k commits,
//! against the targets of SPEC §6.
//!
//! ```sh
//! cargo bench --bench scale                 # 1,000 and 10,000 procedures
//! cargo bench --bench scale -- --full       # also 100,000 (TTHC_BENCH_FULL=1 does the same)
//! cargo bench --bench scale -- --sizes 1000 --commits 2000 --runs 3
//! cargo bench --bench scale -- --shape flat-real --sizes 2000 --commits 5000
//! cargo bench --bench scale -- --only history --shape flat-real --sizes 100000
//! ```
//!
//! `--only history` measures the history rows alone (the most and a rarely edited procedure,
//! first and later queries against plain `git log -- PATH` and `git log` with a commit-graph and
//! changed-path Bloom filters, in the catalogue and in a fresh clone of it) and prints them in a
//! table of their own.
//!
//! Two shapes of catalogue (`--shape generated|flat-real|both`, both by default): the
//! generator's own (short texts; sharded above 5,000 procedures), and one grown as an office
//! grows it (one flat folder per level, records built from the sample's real texts), which is
//! also measured in a fresh `git clone` of it (files and index just written, no caches).
//!
//! Synthetic catalogues are generated once (`tthc dev generate`, deterministic from the seed)
//! under `target/bench-data/` and reused. Every measurement that involves opening the catalogue
//! runs in a fresh child process, which also reports its peak memory (VmHWM).

mod common;

use common::{Shape, cpu_ms, dataset_shaped, peak_kb};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tthc::listing::SearchIndex;
use tthc::search::Query;
use tthc::workspace::{self, Versioned};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const QUERIES: &[&str] = &[
    "cấp giấy phép hoạt động",
    "cap giay phep hoat dong",
    "đăng ký thay đổi",
    "dang ky thay doi",
];

struct Options {
    sizes: Vec<usize>,
    commits: usize,
    seed: u64,
    runs: usize,
    data: PathBuf,
    shapes: Vec<Shape>,
    /// `--only history`: the history rows alone.
    only_history: bool,
}

fn main() {
    // As the tthc binary does, before anything touches libgit2.
    tthc::history::libgit2_uses_mimalloc();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1], &args);
        return;
    }
    let mut opts = Options {
        sizes: vec![1000, 10_000],
        commits: 10_000,
        seed: 1,
        runs: 5,
        data: Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"),
        shapes: vec![Shape::Generated, Shape::FlatReal],
        only_history: false,
    };
    let full = args.iter().any(|a| a == "--full")
        || std::env::var("TTHC_BENCH_FULL").is_ok_and(|v| v == "1");
    if full {
        opts.sizes.push(100_000);
    }
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sizes" => {
                opts.sizes = it
                    .next()
                    .expect("--sizes N,N")
                    .split(',')
                    .map(|s| s.parse().expect("a size"))
                    .collect()
            }
            "--commits" => opts.commits = it.next().expect("--commits N").parse().unwrap(),
            "--seed" => opts.seed = it.next().expect("--seed N").parse().unwrap(),
            "--runs" => opts.runs = it.next().expect("--runs N").parse().unwrap(),
            "--data" => opts.data = PathBuf::from(it.next().expect("--data DIR")),
            "--only" => match it.next().map(String::as_str) {
                Some("history") => opts.only_history = true,
                other => panic!("--only history, not {other:?}"),
            },
            "--shape" => {
                opts.shapes = match it.next().map(String::as_str) {
                    Some("generated") => vec![Shape::Generated],
                    Some("flat-real") => vec![Shape::FlatReal],
                    Some("both") => vec![Shape::Generated, Shape::FlatReal],
                    other => panic!("--shape generated|flat-real|both, not {other:?}"),
                }
            }
            _ => {}
        }
    }
    println!("{}", machine());
    let mut all = Vec::new();
    for &n in &opts.sizes {
        for &shape in &opts.shapes {
            if opts.only_history {
                let result = history_rows(&opts, n, shape);
                print_history_rows(&result);
                all.push(result);
                continue;
            }
            let result = run_size(&opts, n, shape);
            print_result(&result);
            print_verdicts(&result);
            all.push(result);
        }
    }
    let json = serde_json::Value::Array(all.iter().map(|r| r.json.clone()).collect());
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join(if opts.only_history {
        "target/bench-scale-history.json"
    } else {
        "target/bench-scale.json"
    });
    let _ = std::fs::write(&out, serde_json::to_string_pretty(&json).unwrap());
    println!("\n(results also in {})", out.display());
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "machine: {cores} cores, {cpu}; load average at start: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    )
}

struct SizeResult {
    n: usize,
    shape: Shape,
    json: serde_json::Value,
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Back to the generated state: HEAD at the generated commit, no caches, no commit-graph.
fn reset(dir: &Path, head: &str) {
    git(dir, &["reset", "-q", "--hard", head]);
    let _ = std::fs::remove_dir_all(dir.join(".git/tthc"));
    remove_commit_graph(dir);
}

fn remove_commit_graph(dir: &Path) {
    let info = dir.join(".git/objects/info");
    let _ = std::fs::remove_file(info.join("commit-graph"));
    let _ = std::fs::remove_dir_all(info.join("commit-graphs"));
}

fn spawn_child(task: &str, dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--child", task, "--dir"])
        .arg(dir)
        .args(extra)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    assert!(out.status.success(), "child {task} failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn median(v: &mut [f64]) -> f64 {
    percentile(v, 50.0)
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let rank = ((p / 100.0) * (v.len() as f64 - 1.0)).round() as usize;
    v[rank.min(v.len() - 1)]
}

fn time_git_log(dir: &Path, path: &str, runs: usize) -> f64 {
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["log", "--format=%H", "--", path])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        times.push(ms(t.elapsed()));
    }
    median(&mut times)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn floats(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default()
}

/// The history of one path: tthc's first query without an index (a pruned walk), the second
/// (which builds the index), later ones, and plain `git log -- PATH`.
fn history_of(dir: &Path, path: &str, runs: usize) -> serde_json::Value {
    // `git log` first, so that tthc's one first query, like git's median, reads packs already
    // in the page cache: measured first, it paid for reading them from the disk alone.
    let git_plain = time_git_log(dir, path, runs);
    let r = spawn_child(
        "history",
        dir,
        &["--path", path, "--runs", &runs.to_string()],
    );
    let mut warm = floats(&r["warm_ms"]);
    let first = r["first_ms"].as_f64().unwrap_or(f64::NAN);
    serde_json::json!({
        "path": path,
        "commits": r["commits"],
        "first_ms": first,
        "first_cpu_ms": r["first_cpu_ms"],
        "build_ms": r["build_ms"],
        "warm_ms": median(&mut warm),
        "git_log_ms": git_plain,
        "first_vs_git_log": first / git_plain,
    })
}

/// A fresh `git clone` of the catalogue (files and index just written, no tthc caches): the
/// first open and the first history query there.
fn fresh_clone(dir: &Path, hot: &str, cold: &str, runs: usize) -> serde_json::Value {
    let clone = dir.with_file_name(format!(
        "{}-clone",
        dir.file_name().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&clone);
    let t = Instant::now();
    let status = Command::new("git")
        .args(["clone", "-q", "--no-local"])
        .arg(dir)
        .arg(&clone)
        .status()
        .unwrap();
    assert!(status.success());
    let clone_s = t.elapsed().as_secs_f64();
    let open = spawn_child("open", &clone, &[]);
    let hot = history_of(&clone, hot, runs);
    let cold = history_of(&clone, cold, runs);
    let _ = std::fs::remove_dir_all(&clone);
    serde_json::json!({
        "clone_s": clone_s,
        "open_cold_ms": open["ms"],
        "open_cold_cpu_ms": open["cpu_ms"],
        "open_hwm_kb": open["hwm_kb"],
        "history_hot": hot,
        "history_cold": cold,
    })
}

fn run_size(opts: &Options, n: usize, shape: Shape) -> SizeResult {
    let (dir, report) = dataset_shaped(&opts.data, n, opts.commits, opts.seed, shape);
    let head = report["head"].as_str().unwrap().to_owned();
    let hot = report["hot_path"].as_str().unwrap().to_owned();
    let cold_path = report["cold_path"].as_str().unwrap().to_owned();
    eprintln!("measuring {n} procedures in {} …", dir.display());
    reset(&dir, &head);
    let cache = dir.join(".git/tthc/records-v1");

    let mut hwm: Vec<(String, f64)> = Vec::new();
    let mut cold = Vec::new();
    let mut cold_cpu = Vec::new();
    for _ in 0..opts.runs.min(3) {
        let _ = std::fs::remove_file(&cache);
        let r = spawn_child("open", &dir, &[]);
        assert_eq!(r["from_cache"], 0);
        cold.push(r["ms"].as_f64().unwrap());
        cold_cpu.push(r["cpu_ms"].as_f64().unwrap());
        hwm.push(("open cold".into(), r["hwm_kb"].as_f64().unwrap()));
    }
    let mut warm = Vec::new();
    let mut warm_cpu = Vec::new();
    for _ in 0..opts.runs {
        let r = spawn_child("open", &dir, &[]);
        assert_eq!(r["parsed"], 0, "a warm open parses nothing");
        warm.push(r["ms"].as_f64().unwrap());
        warm_cpu.push(r["cpu_ms"].as_f64().unwrap());
        hwm.push(("open warm".into(), r["hwm_kb"].as_f64().unwrap()));
    }
    // What users open most: the list (summaries only), in-process and as `tthc list` / bare
    // `tthc` end to end, and the TUI's first screen (issue 15).
    let mut list = Vec::new();
    let mut list_cpu = Vec::new();
    for _ in 0..opts.runs {
        let r = spawn_child("list", &dir, &[]);
        list.push(r["ms"].as_f64().unwrap());
        list_cpu.push(r["cpu_ms"].as_f64().unwrap());
        hwm.push(("list".into(), r["hwm_kb"].as_f64().unwrap()));
    }
    // SPEC §6's "open, cold": `tthc list` with no cache at all (records, summaries, path index).
    let mut list_cli_cold = Vec::new();
    for _ in 0..opts.runs.min(3) {
        let _ = std::fs::remove_dir_all(dir.join(".git/tthc"));
        list_cli_cold.push(timed(&dir, &["list", "--format", "csv"], None));
    }
    let list_cli_cold = summarize(list_cli_cold);
    let list_cli = end_to_end(&dir, &["list", "--format", "csv"], opts.runs);
    let bare_cli = end_to_end(&dir, &[], opts.runs);
    let tui = tui_first_screen(&dir, opts.runs.min(3));
    let search = spawn_child("search", &dir, &[]);
    hwm.push(("open + search".into(), search["hwm_kb"].as_f64().unwrap()));
    let mut keystrokes = floats(&search["keystroke_ms"]);
    let mut keystrokes_cpu = floats(&search["keystroke_cpu_ms"]);

    let runs = opts.runs.to_string();
    // `git log` first (see `history_of`).
    let git_plain = time_git_log(&dir, &hot, opts.runs);
    let history = spawn_child("history", &dir, &["--path", &hot, "--runs", &runs]);
    let mut history_warm = floats(&history["warm_ms"]);
    let mut history_cpu = floats(&history["warm_cpu_ms"]);
    let history_cold = history_of(&dir, &cold_path, opts.runs);
    let t = Instant::now();
    git(
        &dir,
        &["commit-graph", "write", "--reachable", "--changed-paths"],
    );
    let graph_s = t.elapsed().as_secs_f64();
    let git_bloom = time_git_log(&dir, &hot, opts.runs);
    remove_commit_graph(&dir);

    let commit = spawn_child("commit", &dir, &["--path", &hot, "--runs", &runs]);
    let mut commit_ms = floats(&commit["commit_ms"]);
    let mut commit_cpu = floats(&commit["commit_cpu_ms"]);
    reset(&dir, &head);
    let one = one_procedure(&dir, &head, &hot, opts.runs);
    let export = full_export(&dir, opts.runs.min(2));
    reset(&dir, &head);
    let clone = (shape == Shape::FlatReal).then(|| fresh_clone(&dir, &hot, &cold_path, opts.runs));

    for key in ["list_cli", "bare_cli"] {
        let r = if key == "list_cli" {
            &list_cli
        } else {
            &bare_cli
        };
        if let Some(kb) = r["max_rss_kb"].as_f64() {
            hwm.push((format!("{key} (whole process)"), kb));
        }
    }
    let list_peak_kb = hwm
        .iter()
        .filter(|(w, _)| w.starts_with("list"))
        .map(|(_, kb)| *kb)
        .fold(0.0, f64::max);
    let (peak_what, peak_kb) = hwm
        .iter()
        .cloned()
        .fold((String::new(), 0.0), |a, b| if b.1 > a.1 { b } else { a });
    let history_ms = median(&mut history_warm);
    let mut json = serde_json::json!({
        "shape": shape.name(),
        "procedures": n,
        "commits": report["commits"],
        "layout": report["layout"],
        "yaml_bytes": report["yaml_bytes"],
        "generate_s": report["generate_s"],
        "open_cold_ms": median(&mut cold),
        "open_cold_cpu_ms": median(&mut cold_cpu),
        "open_warm_ms": median(&mut warm),
        "open_warm_cpu_ms": median(&mut warm_cpu),
        "cache_bytes": search["cache_bytes"],
        "search_index_ms": search["index_ms"],
        "search_p50_ms": percentile(&mut keystrokes, 50.0),
        "search_p95_ms": percentile(&mut keystrokes, 95.0),
        "search_max_ms": percentile(&mut keystrokes, 100.0),
        "search_cpu_p95_ms": percentile(&mut keystrokes_cpu, 95.0),
        "save_commit_p50_ms": percentile(&mut commit_ms, 50.0),
        "save_commit_p95_ms": percentile(&mut commit_ms, 95.0),
        "save_commit_cpu_p50_ms": percentile(&mut commit_cpu, 50.0),
        "history_path": hot,
        "history_commits": history["commits"],
        "history_first_ms": history["first_ms"],
        "history_first_cpu_ms": history["first_cpu_ms"],
        "history_build_ms": history["build_ms"],
        "history_first_vs_git_log": history["first_ms"].as_f64().unwrap_or(f64::NAN) / git_plain,
        "history_cold_path": history_cold,
        "fresh_clone": clone,
        "history_ms": history_ms,
        "history_cpu_ms": median(&mut history_cpu),
        "git_log_ms": git_plain,
        "git_log_bloom_ms": git_bloom,
        "commit_graph_write_s": graph_s,
        "history_vs_git_log": history_ms / git_plain,
        "history_vs_git_log_bloom": history_ms / git_bloom,
        "peak_memory_mb": peak_kb / 1024.0,
        "peak_memory_during": peak_what,
    });
    // Added apart: one more key in the macro above passes its recursion limit.
    let more = serde_json::json!({
        "list_warm_ms": median(&mut list),
        "list_warm_cpu_ms": median(&mut list_cpu),
        "list_cli": list_cli,
        "list_cli_cold": list_cli_cold,
        "bare_cli": bare_cli,
        "tui": tui,
        "load_average": load_average(),
        "list_peak_memory_mb": list_peak_kb / 1024.0,
        "one_procedure": one,
        "export": export,
    });
    if let (Some(all), serde_json::Value::Object(more)) = (json.as_object_mut(), more) {
        all.extend(more);
    }
    SizeResult { n, shape, json }
}

fn print_result(r: &SizeResult) {
    let j = &r.json;
    let f = |k: &str| j[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "\n## {} procedures, {} commits, {} ({} layout, {:.1} MB of YAML, generated in {:.0} s)\n",
        r.n,
        j["commits"],
        r.shape.name(),
        j["layout"].as_str().unwrap_or("?"),
        f("yaml_bytes") / 1e6,
        f("generate_s")
    );
    println!("| what | wall time | CPU time |");
    println!("|---|---|---|");
    println!(
        "| open, cold (no cache; median) | {:.0} ms | {:.0} ms |",
        f("open_cold_ms"),
        f("open_cold_cpu_ms")
    );
    println!(
        "| open, warm (cache of {:.1} MB; median) | {:.0} ms | {:.0} ms |",
        f("cache_bytes") / 1e6,
        f("open_warm_ms"),
        f("open_warm_cpu_ms")
    );
    println!(
        "| list, warm (summaries only; `workspace::open_overview` + select; median) | {:.0} ms | {:.0} ms |",
        f("list_warm_ms"),
        f("list_warm_cpu_ms")
    );
    for (key, what) in [
        ("list_cli", "`tthc list --format csv`, warm, whole process"),
        ("bare_cli", "bare `tthc` (summary), warm, whole process"),
    ] {
        let c = &j[key];
        let cf = |k: &str| c[k].as_f64().unwrap_or(f64::NAN);
        println!(
            "| {what} (median; peak {:.0} MB) | {:.0} ms | {:.0} ms |",
            cf("max_rss_kb") / 1024.0,
            cf("ms"),
            cf("cpu_ms")
        );
    }
    let t = &j["tui"];
    let tf = |k: &str| t[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "| the TUI showing the list, from start (warm; first frame; {}) / the whole records ready | {:.0} / {:.0} ms | {:.0} ms |",
        if t["first_screen_partial"].as_bool() == Some(true) {
            "from the summaries"
        } else {
            "whole load"
        },
        tf("first_screen_ms"),
        tf("whole_ready_ms"),
        tf("first_screen_cpu_ms")
    );
    println!(
        "| search per keystroke, p50 / p95 / max (index built in {:.0} ms) | {:.2} / {:.2} / {:.2} ms | |",
        f("search_index_ms"),
        f("search_p50_ms"),
        f("search_p95_ms"),
        f("search_max_ms")
    );
    println!(
        "| save + commit one procedure, durable, p50 / p95 | {:.1} / {:.1} ms | p50 {:.1} ms |",
        f("save_commit_p50_ms"),
        f("save_commit_p95_ms"),
        f("save_commit_cpu_p50_ms")
    );
    println!(
        "| history of one procedure ({} commits, {}), first query (no index: a pruned walk) | {:.0} ms | {:.0} ms |",
        j["history_commits"],
        j["history_path"].as_str().unwrap_or("?"),
        f("history_first_ms"),
        f("history_first_cpu_ms")
    );
    println!(
        "| … second query (builds the path index) / later queries | {:.0} / {:.1} ms | later {:.1} ms |",
        f("history_build_ms"),
        f("history_ms"),
        f("history_cpu_ms")
    );
    let h = &j["history_cold_path"];
    let hf = |k: &str| h[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "| history of another procedure ({} commits, {}): first / later; `git log` | {:.0} / {:.1} ms; git {:.0} ms (ratio {:.2}) | |",
        h["commits"],
        h["path"].as_str().unwrap_or("?"),
        hf("first_ms"),
        hf("warm_ms"),
        hf("git_log_ms"),
        hf("first_vs_git_log")
    );
    println!(
        "| `git log --format=%H -- PATH`, plain / with commit-graph + Bloom (graph written in {:.1} s) | {:.1} / {:.1} ms | |",
        f("commit_graph_write_s"),
        f("git_log_ms"),
        f("git_log_bloom_ms")
    );
    println!(
        "| tthc history ÷ git log: first query ÷ plain; later ÷ plain / Bloom | {:.2}; {:.2} / {:.2} | |",
        f("history_first_vs_git_log"),
        f("history_vs_git_log"),
        f("history_vs_git_log_bloom")
    );
    let c = &j["fresh_clone"];
    if !c.is_null() {
        let cf = |k: &str| c[k].as_f64().unwrap_or(f64::NAN);
        println!(
            "| fresh clone (git clone --no-local, {:.0} s): open, cold | {:.0} ms | {:.0} ms |",
            cf("clone_s"),
            cf("open_cold_ms"),
            cf("open_cold_cpu_ms")
        );
        for key in ["history_hot", "history_cold"] {
            let h = &c[key];
            let hf = |k: &str| h[k].as_f64().unwrap_or(f64::NAN);
            println!(
                "| fresh clone: history of {} ({} commits), first query; git log -- PATH | {:.0} ms; git {:.0} ms (ratio {:.2}) | {:.0} ms |",
                h["path"].as_str().unwrap_or("?"),
                h["commits"],
                hf("first_ms"),
                hf("git_log_ms"),
                hf("first_vs_git_log"),
                hf("first_cpu_ms")
            );
        }
    }
    println!(
        "| render one frame of the list (200×50), p50 / p95 | {:.2} / {:.2} ms | |",
        tf("frame_p50_ms"),
        tf("frame_p95_ms")
    );
    for (key, what) in [
        ("show", "`tthc show CODE --level L`"),
        (
            "edit",
            "`tthc edit CODE --level L` (an editor script changes the name; saved, committed)",
        ),
        (
            "propose",
            "`tthc propose abolish CODE --level L --reason …` (committed)",
        ),
    ] {
        let c = &j["one_procedure"][key];
        let cf = |k: &str| c[k].as_f64().unwrap_or(f64::NAN);
        println!(
            "| a command about one procedure: {what}, whole process (median; peak {:.0} MB) | {:.0} ms | {:.0} ms |",
            cf("max_rss_kb") / 1024.0,
            cf("ms"),
            cf("cpu_ms")
        );
    }
    let e = &j["export"];
    let ef = |k: &str| e[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "| full export html+csv+json, `tthc export --format html,csv,json`, warm (median; peak {:.0} MB) | {:.0} ms | {:.0} ms |",
        ef("max_rss_kb") / 1024.0,
        ef("ms"),
        ef("cpu_ms")
    );
    println!(
        "| peak memory (VmHWM; during {}) | {:.0} MB | |",
        j["peak_memory_during"].as_str().unwrap_or("?"),
        f("peak_memory_mb")
    );
    println!(
        "| peak memory of a list (in-process and `tthc list`) | {:.0} MB | |",
        f("list_peak_memory_mb")
    );
    println!(
        "| load average when this size ended | {} | |",
        j["load_average"].as_str().unwrap_or("?")
    );
}

/// SPEC §6's targets for a catalogue of `n` procedures (the 1k, 10k or 100k column: the first
/// that is not smaller).
fn targets(n: usize) -> [f64; 9] {
    // cold, warm, TUI first screen, search p95, frame p95, save + commit, one procedure,
    // full export (ms); peak memory (MB).
    match n {
        0..=1_000 => [100.0, 30.0, 100.0, 2.0, 2.0, 50.0, 50.0, 1_000.0, 50.0],
        1_001..=10_000 => [500.0, 150.0, 300.0, 5.0, 2.0, 50.0, 100.0, 3_000.0, 120.0],
        _ => [
            3_000.0, 600.0, 800.0, 30.0, 3.0, 100.0, 200.0, 20_000.0, 500.0,
        ],
    }
}

/// Every row of SPEC §6 against its target, as measured above: wall time (CPU time), target,
/// and whether it is met.
fn print_verdicts(r: &SizeResult) {
    let j = &r.json;
    let num = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
    let t = targets(r.n);
    let mark = |ok: bool| if ok { "✓" } else { "✗" };
    println!(
        "\n### SPEC §6 at {} procedures ({}): every row against its target\n",
        r.n,
        r.shape.name()
    );
    println!("| SPEC §6 row | measured: wall (CPU) | target | met |");
    println!("|---|---|---|---|");
    let row = |what: &str, wall: f64, cpu: f64, target: f64, unit: &str| {
        let cpu = if cpu.is_nan() {
            String::new()
        } else {
            format!(" ({cpu:.0} {unit})")
        };
        println!(
            "| {what} | {wall:.1} {unit}{cpu} | ≤ {target} {unit} | {} |",
            mark(wall <= target)
        );
    };
    let c = &j["list_cli_cold"];
    row(
        "open, cold (`tthc list`, no cache)",
        num(&c["ms"]),
        num(&c["cpu_ms"]),
        t[0],
        "ms",
    );
    let c = &j["list_cli"];
    row(
        "open, warm (`tthc list`)",
        num(&c["ms"]),
        num(&c["cpu_ms"]),
        t[1],
        "ms",
    );
    let tui = &j["tui"];
    row(
        "the TUI showing the list, from start (warm)",
        num(&tui["first_screen_ms"]),
        num(&tui["first_screen_cpu_ms"]),
        t[2],
        "ms",
    );
    row(
        "search, per keystroke (p95)",
        num(&j["search_p95_ms"]),
        f64::NAN,
        t[3],
        "ms",
    );
    row(
        "render one frame (200×50), p95",
        num(&tui["frame_p95_ms"]),
        f64::NAN,
        t[4],
        "ms",
    );
    row(
        "save + commit one procedure, durable (median)",
        num(&j["save_commit_p50_ms"]),
        num(&j["save_commit_cpu_p50_ms"]),
        t[5],
        "ms",
    );
    for key in ["show", "edit", "propose"] {
        let c = &j["one_procedure"][key];
        row(
            &format!("a CLI command about one procedure: `{key}`, end to end"),
            num(&c["ms"]),
            num(&c["cpu_ms"]),
            t[6],
            "ms",
        );
    }
    // History: no slower than plain `git log -- PATH` (first query), than `git log` with Bloom
    // filters (later queries); as a ratio tthc ÷ git.
    let ratio = |what: &str, tthc: f64, git: f64, against: &str| {
        println!(
            "| {what} | {tthc:.0} ms vs {against} {git:.0} ms (ratio {:.2}) | ≤ 1 | {} |",
            tthc / git,
            mark(tthc <= git)
        );
    };
    ratio(
        &format!(
            "history, first query: {}",
            j["history_path"].as_str().unwrap_or("?")
        ),
        num(&j["history_first_ms"]),
        num(&j["git_log_ms"]),
        "git log",
    );
    let h = &j["history_cold_path"];
    ratio(
        &format!(
            "history, first query: {}",
            h["path"].as_str().unwrap_or("?")
        ),
        num(&h["first_ms"]),
        num(&h["git_log_ms"]),
        "git log",
    );
    if let Some(clone) = j["fresh_clone"].as_object() {
        for key in ["history_hot", "history_cold"] {
            let h = &clone[key];
            ratio(
                &format!(
                    "history, first query in a fresh clone: {}",
                    h["path"].as_str().unwrap_or("?")
                ),
                num(&h["first_ms"]),
                num(&h["git_log_ms"]),
                "git log",
            );
        }
    }
    ratio(
        "history, later queries",
        num(&j["history_ms"]),
        num(&j["git_log_bloom_ms"]),
        "git log with Bloom filters",
    );
    let e = &j["export"];
    row(
        "full export html+csv+json",
        num(&e["ms"]),
        num(&e["cpu_ms"]),
        t[7],
        "ms",
    );
    // Peak memory: the largest of every process measured (the TUI's and the export's included).
    let kb = |v: &serde_json::Value| v.as_f64().unwrap_or(0.0);
    let mut peaks = vec![
        (
            "open, search, history, save".to_owned(),
            num(&j["peak_memory_mb"]),
        ),
        (
            "the TUI process".to_owned(),
            kb(&tui["process_max_rss_kb"]) / 1024.0,
        ),
        ("export".to_owned(), kb(&e["max_rss_kb"]) / 1024.0),
        ("`tthc list`".to_owned(), num(&j["list_peak_memory_mb"])),
    ];
    for key in ["show", "edit", "propose"] {
        peaks.push((
            format!("`{key}`"),
            kb(&j["one_procedure"][key]["max_rss_kb"]) / 1024.0,
        ));
    }
    let (what, peak) = peaks
        .into_iter()
        .fold((String::new(), 0.0), |a, b| if b.1 > a.1 { b } else { a });
    println!(
        "| peak memory (the largest: {what}) | {peak:.0} MB | ≤ {} MB | {} |",
        t[8],
        mark(peak <= t[8])
    );
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tthc binary run in the catalogue `runs` times (output discarded), after one run that
/// brings its caches up to date: the median wall time, and CPU time and peak memory from
/// `/usr/bin/time` when the machine has it.
fn end_to_end(dir: &Path, args: &[&str], runs: usize) -> serde_json::Value {
    // The first run brings the caches up and is not counted.
    let all: Vec<_> = (0..=runs).map(|_| timed(dir, args, None)).skip(1).collect();
    summarize(all)
}

/// `tthc bench-tui` (the TUI's own first load, handled as the TUI handles it, and one frame),
/// `runs` times: medians of the first screen and of the whole records being ready.
fn tui_first_screen(dir: &Path, runs: usize) -> serde_json::Value {
    let mut first = Vec::new();
    let mut first_cpu = Vec::new();
    let mut whole = Vec::new();
    let mut partial = false;
    let mut hwm: f64 = 0.0;
    let mut process_kb: f64 = 0.0;
    let (mut frame_p50, mut frame_p95) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        // Under /usr/bin/time when there is one: the peak of the whole TUI process, outline
        // and whole records together.
        let time = Path::new("/usr/bin/time");
        let mut cmd = if time.exists() {
            let mut c = Command::new(time);
            c.args(["-f", "TTHC-TIME %U %S %M"]).arg(common::tthc_bin());
            c
        } else {
            Command::new(common::tthc_bin())
        };
        let out = cmd
            .arg("bench-tui")
            .arg(dir)
            .args(["--frames", "20"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "tthc bench-tui: {err}");
        if let Some(kb) = err
            .lines()
            .find_map(|l| l.strip_prefix("TTHC-TIME "))
            .and_then(|l| l.split_whitespace().nth(2))
            .and_then(|kb| kb.parse::<f64>().ok())
        {
            process_kb = process_kb.max(kb);
        }
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        first.push(r["first_screen_ms"].as_f64().unwrap_or(f64::NAN));
        first_cpu.push(r["first_screen_cpu_ms"].as_f64().unwrap_or(f64::NAN));
        whole.push(r["whole_ready_ms"].as_f64().unwrap_or(f64::NAN));
        partial = r["first_screen_partial"].as_bool().unwrap_or(false);
        hwm = hwm.max(r["first_screen_hwm_kb"].as_f64().unwrap_or(0.0));
        frame_p50.push(r["frame"]["p50_ms"].as_f64().unwrap_or(f64::NAN));
        frame_p95.push(r["frame"]["p95_ms"].as_f64().unwrap_or(f64::NAN));
    }
    serde_json::json!({
        "frame_p50_ms": median(&mut frame_p50),
        "frame_p95_ms": median(&mut frame_p95),
        "first_screen_ms": median(&mut first),
        "first_screen_cpu_ms": median(&mut first_cpu),
        "whole_ready_ms": median(&mut whole),
        "first_screen_partial": partial,
        "first_screen_hwm_kb": hwm,
        "process_max_rss_kb": process_kb,
    })
}

// ---------------------------------------------------------------------------------------------
// Child processes: one measurement each, reported as one JSON line on stdout.

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

/// CPU time of this process so far (all threads, user + system), in milliseconds; 10 ms steps.
fn process_cpu_ms() -> f64 {
    let (user, system) = cpu_ms();
    user + system
}

/// CPU time of the calling thread, in milliseconds (nanosecond resolution).
fn thread_cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |ns| ns / 1e6)
}

fn child(task: &str, args: &[String]) {
    let dir = PathBuf::from(arg(args, "--dir").expect("--dir"));
    let runs: usize = arg(args, "--runs").map_or(5, |r| r.parse().unwrap());
    let value = match task {
        "open" => {
            let cpu = process_cpu_ms();
            let t = Instant::now();
            let (cat, stats) = workspace::open_with_stats(&dir).unwrap();
            let elapsed = ms(t.elapsed());
            let cpu = process_cpu_ms() - cpu;
            assert!(cat.problems.is_empty(), "{:?}", &cat.problems[..1]);
            serde_json::json!({
                "ms": elapsed,
                "cpu_ms": cpu,
                "procedures": cat.procedures.len(),
                "from_cache": stats.from_cache,
                "parsed": stats.parsed,
                "hwm_kb": peak_kb(),
            })
        }
        "list" => {
            let cpu = process_cpu_ms();
            let t = Instant::now();
            let overview = workspace::open_overview(&dir).unwrap();
            let rows = tthc::listing::select_rows(
                &overview.procedures,
                &overview.catalog.manifest,
                &tthc::listing::Filter::default(),
                tthc::listing::SortBy::Level,
            );
            let n = rows.len();
            let elapsed = ms(t.elapsed());
            let cpu = process_cpu_ms() - cpu;
            let value = serde_json::json!({
                "ms": elapsed,
                "cpu_ms": cpu,
                "procedures": n,
                "hwm_kb": peak_kb(),
            });
            std::mem::forget(overview);
            value
        }
        "search" => {
            let cat = workspace::open(&dir).unwrap();
            let t = Instant::now();
            let index = SearchIndex::new(&cat);
            let index_ms = ms(t.elapsed());
            let mut keystrokes = Vec::new();
            let mut keystrokes_cpu = Vec::new();
            let mut found = 0usize;
            for _ in 0..3 {
                for q in QUERIES {
                    let mut typed = String::new();
                    for c in q.chars() {
                        typed.push(c);
                        let cpu = thread_cpu_ms();
                        let t = Instant::now();
                        let hits = index.matching(&Query::new(&typed));
                        keystrokes.push(ms(t.elapsed()));
                        keystrokes_cpu.push(thread_cpu_ms() - cpu);
                        found = found.max(hits.len());
                    }
                }
            }
            let cache = std::fs::metadata(dir.join(".git/tthc/records-v1")).map_or(0, |m| m.len());
            serde_json::json!({
                "index_ms": index_ms,
                "keystroke_ms": keystrokes,
                "keystroke_cpu_ms": keystrokes_cpu,
                "found": found,
                "cache_bytes": cache,
                "hwm_kb": peak_kb(),
            })
        }
        "history" => {
            let path = PathBuf::from(arg(args, "--path").expect("--path"));
            let _ = std::fs::remove_file(dir.join(".git/tthc/pathindex-v1"));
            let _ = std::fs::remove_file(dir.join(".git/tthc/pathindex-wanted"));
            // The first query, without an index, walks the history for this path alone; the
            // second builds the index; later ones read it.
            let cpu = thread_cpu_ms();
            let t = Instant::now();
            let first = workspace::log(&dir, Some(&path), usize::MAX).unwrap();
            let first_ms = ms(t.elapsed());
            let first_cpu_ms = thread_cpu_ms() - cpu;
            let t = Instant::now();
            let second = workspace::log(&dir, Some(&path), usize::MAX).unwrap();
            let build_ms = ms(t.elapsed());
            assert_eq!(second.len(), first.len());
            let mut warm = Vec::new();
            let mut warm_cpu = Vec::new();
            for _ in 0..runs {
                let cpu = thread_cpu_ms();
                let t = Instant::now();
                let again = workspace::log(&dir, Some(&path), usize::MAX).unwrap();
                warm.push(ms(t.elapsed()));
                warm_cpu.push(thread_cpu_ms() - cpu);
                assert_eq!(again.len(), first.len());
            }
            serde_json::json!({
                "commits": first.len(),
                "first_ms": first_ms,
                "first_cpu_ms": first_cpu_ms,
                "build_ms": build_ms,
                "warm_ms": warm,
                "warm_cpu_ms": warm_cpu,
                "hwm_kb": peak_kb(),
            })
        }
        "commit" => {
            let rel = PathBuf::from(arg(args, "--path").expect("--path"));
            let cat = workspace::open(&dir).unwrap();
            let mut record = cat
                .procedures
                .iter()
                .find(|p| p.path == rel)
                .expect("the procedure exists")
                .record
                .clone();
            let mut times = Vec::new();
            // As the TUI will: the repository stays open between saves.
            let versioned = Versioned::open(&dir).unwrap();
            let mut cpu_times = Vec::new();
            for k in 0..runs.max(10) {
                let cpu = thread_cpu_ms();
                let t = Instant::now();
                record.notes = Some(format!("Ghi chú đo hiệu năng lần {k}").into());
                let text = tthc::store::canonical_text(&rel, &record).unwrap();
                let mut tx = versioned.begin().unwrap();
                let base = tx.read(&rel).unwrap();
                tx.write(&rel, base, text.into_bytes());
                tx.commit(&format!("Sửa {}: ghi chú", record.code)).unwrap();
                times.push(ms(t.elapsed()));
                cpu_times.push(thread_cpu_ms() - cpu);
            }
            serde_json::json!({ "commit_ms": times, "commit_cpu_ms": cpu_times, "hwm_kb": peak_kb() })
        }
        other => panic!("unknown child task {other}"),
    };
    println!("{value}");
}

// ---------------------------------------------------------------------------------------------
// `--only history`: the history rows alone, in the catalogue and in a fresh clone.

/// `git log --format=%H -- PATH` run `runs` times: median wall time and median CPU time (user +
/// system of the git process, from this process's children's times; 10 ms steps).
fn git_log_timed(dir: &Path, path: &str, runs: usize) -> (f64, f64) {
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    for _ in 0..runs {
        let before = children_cpu_ms();
        let t = Instant::now();
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["log", "--format=%H", "--", path])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        walls.push(ms(t.elapsed()));
        cpus.push(children_cpu_ms() - before);
        assert!(status.success());
    }
    (median(&mut walls), median(&mut cpus))
}

/// User + system CPU time of this process's waited-for children, in milliseconds.
fn children_cpu_ms() -> f64 {
    // cutime and cstime are fields 16 and 17 of the line, 14 and 15 after the name and state.
    (common::proc_stat_field(13) + common::proc_stat_field(14)) * 10.0
}

/// One path's history in `dir`: tthc's first query (no index), the second (builds the index) and
/// later ones, plain `git log -- PATH`, and (`bloom`) `git log` with a commit-graph and Bloom
/// filters, which must already be written.
fn history_path_rows(dir: &Path, path: &str, runs: usize) -> serde_json::Value {
    // `git log` first (see `history_of`).
    let (git_ms, git_cpu_ms) = git_log_timed(dir, path, runs);
    let r = spawn_child(
        "history",
        dir,
        &["--path", path, "--runs", &runs.to_string()],
    );
    let mut warm = floats(&r["warm_ms"]);
    let mut warm_cpu = floats(&r["warm_cpu_ms"]);
    serde_json::json!({
        "path": path,
        "commits": r["commits"],
        "first_ms": r["first_ms"],
        "first_cpu_ms": r["first_cpu_ms"],
        "build_ms": r["build_ms"],
        "warm_ms": median(&mut warm),
        "warm_cpu_ms": median(&mut warm_cpu),
        "hwm_kb": r["hwm_kb"],
        "git_log_ms": git_ms,
        "git_log_cpu_ms": git_cpu_ms,
        "load_average": load_average(),
    })
}

/// The history rows of `dir` for the hot and the cold path: without a commit-graph, then git's
/// `log` again with one (written, timed, and removed again).
fn history_rows_in(dir: &Path, hot: &str, cold: &str, runs: usize) -> serde_json::Value {
    remove_commit_graph(dir);
    let hot_rows = history_path_rows(dir, hot, runs);
    let cold_rows = history_path_rows(dir, cold, runs);
    let t = Instant::now();
    git(
        dir,
        &["commit-graph", "write", "--reachable", "--changed-paths"],
    );
    let graph_s = t.elapsed().as_secs_f64();
    let (hot_bloom, hot_bloom_cpu) = git_log_timed(dir, hot, runs);
    let (cold_bloom, cold_bloom_cpu) = git_log_timed(dir, cold, runs);
    remove_commit_graph(dir);
    serde_json::json!({
        "hot": hot_rows,
        "cold": cold_rows,
        "commit_graph_write_s": graph_s,
        "hot_git_bloom_ms": hot_bloom,
        "hot_git_bloom_cpu_ms": hot_bloom_cpu,
        "cold_git_bloom_ms": cold_bloom,
        "cold_git_bloom_cpu_ms": cold_bloom_cpu,
    })
}

fn history_rows(opts: &Options, n: usize, shape: Shape) -> SizeResult {
    let (dir, report) = dataset_shaped(&opts.data, n, opts.commits, opts.seed, shape);
    let head = report["head"].as_str().unwrap().to_owned();
    let hot = report["hot_path"].as_str().unwrap().to_owned();
    let cold = report["cold_path"].as_str().unwrap().to_owned();
    eprintln!(
        "measuring the history of {n} procedures in {} …",
        dir.display()
    );
    reset(&dir, &head);
    let load_at_start = load_average();
    let original = history_rows_in(&dir, &hot, &cold, opts.runs);
    let clone = dir.with_file_name(format!(
        "{}-clone",
        dir.file_name().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&clone);
    let t = Instant::now();
    let status = Command::new("git")
        .args(["clone", "-q", "--no-local"])
        .arg(&dir)
        .arg(&clone)
        .status()
        .unwrap();
    assert!(status.success());
    let clone_s = t.elapsed().as_secs_f64();
    let fresh = history_rows_in(&clone, &hot, &cold, opts.runs);
    let _ = std::fs::remove_dir_all(&clone);
    let json = serde_json::json!({
        "shape": shape.name(),
        "procedures": n,
        "commits": report["commits"],
        "layout": report["layout"],
        "yaml_bytes": report["yaml_bytes"],
        "generate_s": report["generate_s"],
        "load_average_at_start": load_at_start,
        "original": original,
        "clone_s": clone_s,
        "fresh_clone": fresh,
        "load_average": load_average(),
    });
    SizeResult { n, shape, json }
}

fn print_history_rows(r: &SizeResult) {
    let j = &r.json;
    println!(
        "\n## history: {} procedures, {} commits, {} ({} layout; load average {} at the start)\n",
        r.n,
        j["commits"],
        r.shape.name(),
        j["layout"].as_str().unwrap_or("?"),
        j["load_average_at_start"].as_str().unwrap_or("?")
    );
    println!(
        "| where | path (commits) | query | tthc wall / CPU | git | git wall / CPU | ratio | load |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (place, key) in [("original", "original"), ("fresh clone", "fresh_clone")] {
        let w = &j[key];
        for which in ["hot", "cold"] {
            let h = &w[which];
            let hf = |k: &str| h[k].as_f64().unwrap_or(f64::NAN);
            let bloom = w[format!("{which}_git_bloom_ms")]
                .as_f64()
                .unwrap_or(f64::NAN);
            let bloom_cpu = w[format!("{which}_git_bloom_cpu_ms")]
                .as_f64()
                .unwrap_or(f64::NAN);
            let what = format!("{} ({})", h["path"].as_str().unwrap_or("?"), h["commits"]);
            let load = h["load_average"].as_str().unwrap_or("?");
            println!(
                "| {place} | {what} | first (no index) | {:.0} / {:.0} ms | plain `git log -- PATH` | {:.0} / {:.0} ms | {:.2} | {load} |",
                hf("first_ms"),
                hf("first_cpu_ms"),
                hf("git_log_ms"),
                hf("git_log_cpu_ms"),
                hf("first_ms") / hf("git_log_ms"),
            );
            println!(
                "| {place} | {what} | second (builds the index; peak {:.0} MB) | {:.0} ms | | | | |",
                hf("hwm_kb") / 1024.0,
                hf("build_ms"),
            );
            println!(
                "| {place} | {what} | later (index) | {:.1} / {:.1} ms | `git log` with Bloom filters | {:.0} / {:.0} ms | {:.3} | {load} |",
                hf("warm_ms"),
                hf("warm_cpu_ms"),
                bloom,
                bloom_cpu,
                hf("warm_ms") / bloom,
            );
        }
        println!(
            "| {place} | | `git commit-graph write --reachable --changed-paths` | | | {:.1} s | | |",
            w["commit_graph_write_s"].as_f64().unwrap_or(f64::NAN)
        );
    }
    println!(
        "\n(fresh clone: `git clone --no-local`, {:.0} s; load average at the end {})",
        j["clone_s"].as_f64().unwrap_or(f64::NAN),
        j["load_average"].as_str().unwrap_or("?")
    );
}

/// SPEC §6's "a CLI command about one procedure (`show`, `edit` without the editor's time,
/// `propose`), end to end", each the whole `tthc` process, warm. `edit` runs an editor script
/// that changes the name, so every run saves and commits; the repository is put back at `head`
/// after each run that committed.
fn one_procedure(dir: &Path, head: &str, path: &str, runs: usize) -> serde_json::Value {
    let rel = Path::new(path);
    let code = rel.file_stem().unwrap().to_string_lossy().into_owned();
    // `procedures/<level>/<code>.yaml`, or `procedures/<level>/<shard>/<code>.yaml` (sharded).
    let level = rel
        .components()
        .nth(1)
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    // Bring the caches up first, as a user's earlier command would have.
    end_to_end(dir, &["list", "--format", "csv"], 0);
    let show = end_to_end(dir, &["show", &code, "--level", &level], runs);
    let script = dir.join(".git/tthc-bench-editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i 's/^name: /name: (bench) /' \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let runs_of = |args: &[&str], editor: Option<&Path>| {
        let mut all = Vec::new();
        for _ in 0..runs {
            all.push(timed(dir, args, editor));
            git(dir, &["reset", "-q", "--hard", head]);
        }
        summarize(all)
    };
    let edit = runs_of(&["edit", &code, "--level", &level], Some(&script));
    let propose = runs_of(
        &[
            "propose",
            "abolish",
            &code,
            "--level",
            &level,
            "--reason",
            "Đo thời gian",
        ],
        None,
    );
    let _ = std::fs::remove_file(&script);
    serde_json::json!({ "show": show, "edit": edit, "propose": propose })
}

/// `tthc export --format html,csv,json` into a fresh folder, warm (after one run).
fn full_export(dir: &Path, runs: usize) -> serde_json::Value {
    // Beside the catalogue: tthc refuses to write a site into a git folder.
    let mut name = dir.file_name().unwrap().to_os_string();
    name.push("-export");
    let out = dir.with_file_name(name);
    let out_s = out.to_string_lossy().into_owned();
    let args = ["export", "--format", "html,csv,json", "--out", &out_s];
    let r = end_to_end(dir, &args, runs);
    let _ = std::fs::remove_dir_all(&out);
    r
}

/// One run of `tthc ARGS` in `dir` (with `EDITOR` when given): wall ms, CPU ms, peak KB.
fn timed(dir: &Path, args: &[&str], editor: Option<&Path>) -> (f64, f64, f64) {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "TTHC-TIME %U %S %M"]).arg(common::tthc_bin());
        c
    } else {
        Command::new(common::tthc_bin())
    };
    cmd.arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    if let Some(e) = editor {
        cmd.env("EDITOR", e).env_remove("VISUAL");
    }
    let t = Instant::now();
    let out = cmd.output().unwrap();
    let wall = ms(t.elapsed());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "tthc {args:?}: {err}");
    let v: Vec<f64> = err
        .lines()
        .find(|l| l.starts_with("TTHC-TIME "))
        .map(|l| {
            l.split_whitespace()
                .skip(1)
                .filter_map(|x| x.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let (cpu, rss) = if v.len() == 3 {
        ((v[0] + v[1]) * 1000.0, v[2])
    } else {
        (f64::NAN, f64::NAN)
    };
    (wall, cpu, rss)
}

fn summarize(runs: Vec<(f64, f64, f64)>) -> serde_json::Value {
    let mut walls: Vec<f64> = runs.iter().map(|r| r.0).collect();
    let mut cpus: Vec<f64> = runs.iter().map(|r| r.1).collect();
    let rss = runs.iter().map(|r| r.2).fold(0.0, f64::max);
    serde_json::json!({
        "ms": median(&mut walls),
        "cpu_ms": median(&mut cpus),
        "max_rss_kb": rss,
    })
}
