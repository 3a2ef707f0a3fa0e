//! What the benchmarks share: the generated catalogues and the process's own measurements.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub fn tthc_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tthc"))
}

/// How a generated catalogue is shaped (not every benchmark uses every shape).
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The generator's own short texts; flat up to 5,000 procedures, sharded above.
    Generated,
    /// As an office grows one: one flat folder per level, records built from the real texts of
    /// the sample in `catalog/` (about 4.5 KB of YAML each).
    FlatReal,
}

#[allow(dead_code)]
impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::Generated => "generated",
            Shape::FlatReal => "flat-real",
        }
    }
}

/// The generated catalogue for `n` procedures under `data` (`tthc dev generate`, deterministic
/// from the seed), made when missing and kept; its generator report.
#[allow(dead_code)]
pub fn dataset(data: &Path, n: usize, commits: usize, seed: u64) -> (PathBuf, serde_json::Value) {
    dataset_shaped(data, n, commits, seed, Shape::Generated)
}

/// [`dataset`] of the given shape.
pub fn dataset_shaped(
    data: &Path,
    n: usize,
    commits: usize,
    seed: u64,
    shape: Shape,
) -> (PathBuf, serde_json::Value) {
    let dir = match shape {
        Shape::Generated => data.join(format!("n{n}-c{commits}-s{seed}")),
        Shape::FlatReal => data.join(format!("flat-real-n{n}-c{commits}-s{seed}")),
    };
    let report_file = dir.with_extension("json");
    if let Ok(text) = std::fs::read_to_string(&report_file)
        && dir.join(".git").is_dir()
    {
        return (dir, serde_json::from_str(&text).unwrap());
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(data).unwrap();
    eprintln!(
        "generating {n} procedures, {commits} commits into {} …",
        dir.display()
    );
    let t = Instant::now();
    let out = Command::new(tthc_bin())
        .args(["dev", "generate", "--json", "--procedures"])
        .arg(n.to_string())
        .arg("--commits")
        .arg(commits.to_string())
        .arg("--seed")
        .arg(seed.to_string())
        .args(match shape {
            Shape::Generated => vec![],
            Shape::FlatReal => vec![
                "--layout".into(),
                "flat".into(),
                "--texts".into(),
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("catalog")
                    .into_os_string(),
            ],
        })
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["generate_s"] = serde_json::json!(t.elapsed().as_secs_f64());
    std::fs::write(&report_file, report.to_string()).unwrap();
    (dir, report)
}

/// Field `i` of `/proc/self/stat` counted from just after the command name (0: the state), as
/// a number; 0 when it cannot be read.
pub fn proc_stat_field(i: usize) -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    rest.split_whitespace()
        .nth(i)
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// User and system CPU time of this process so far (all threads), in milliseconds; 10 ms steps.
pub fn cpu_ms() -> (f64, f64) {
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    (proc_stat_field(11) * 10.0, proc_stat_field(12) * 10.0)
}

/// The process's peak resident memory (VmHWM), in kilobytes.
pub fn peak_kb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(f64::NAN)
}
