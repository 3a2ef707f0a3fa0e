//! Export timing: every format for a synthetic catalogue of N procedures (the sample's 49
//! duplicated with fresh codes and names, ~3.8 KB of YAML each), written to a temporary folder
//! through the same staging-and-swap path as `tthc export`.
//!
//! `cargo bench --bench export` (10,000 and 100,000), or `cargo bench --bench export -- 1000`.
//! Prints wall time and the process's CPU time for each run; loading the catalogue from files
//! is not included (that is the "open" benchmark's job).

use std::collections::BTreeSet;
use std::time::Instant;
use tthc::export::{self, ExportInput, Format};
use tthc::store::{self, Catalog, Stored};

/// User + system CPU seconds of this process so far (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is the 12th, stime 13th.
    let after = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|t| t.parse::<f64>().ok()).sum())
        .unwrap_or(0.0);
    ticks / 100.0
}

fn synthetic(n: usize) -> Catalog {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, content) in tthc::workspace::sample_files() {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    let sample = store::load(dir.path()).expect("sample loads");
    let mut cat = Catalog {
        root: sample.root.clone(),
        manifest: sample.manifest.clone(),
        ..Catalog::default()
    };
    for i in 0..n {
        let mut p = sample.procedures[i % sample.procedures.len()]
            .record
            .clone();
        p.code = format!("{}.{:06}", 1 + i / 1_000_000, i % 1_000_000);
        p.name = format!("{} (bản {i})", p.name);
        cat.procedures.push(Stored {
            path: store::procedure_path(cat.manifest.layout, &p.level, &p.code),
            record: p,
        });
    }
    cat
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    let sets: [(&str, Vec<Format>); 5] = [
        (
            "html+csv+json",
            vec![Format::Html, Format::Csv, Format::Json],
        ),
        ("all formats", Format::ALL.to_vec()),
        ("html", vec![Format::Html]),
        ("xlsx", vec![Format::Xlsx]),
        ("jsonld", vec![Format::JsonLd]),
    ];
    for n in sizes {
        let cat = synthetic(n);
        let tmp = tempfile::tempdir().expect("temp dir");
        for (name, formats) in &sets {
            let input = ExportInput {
                formats: formats.iter().copied().collect::<BTreeSet<_>>(),
                changes: export::ChangesPage {
                    changes: export::changes::compute(None, (&cat, None)),
                    ..Default::default()
                },
                ..ExportInput::default()
            };
            let out = tmp.path().join("site");
            let (wall, cpu) = (Instant::now(), cpu_seconds());
            let report = export::write_folder(&out, |sink| export::render(&cat, &input, sink))
                .expect("export");
            let (mwall, mcpu) = (Instant::now(), cpu_seconds());
            let sink = export::MemorySink::new();
            export::render(&cat, &input, &sink).expect("export");
            drop(sink);
            println!(
                "  in memory only: {:>7.2} s wall {:>7.2} s cpu",
                mwall.elapsed().as_secs_f64(),
                cpu_seconds() - mcpu
            );
            println!(
                "export {n:>7} procedures, {name:<14} {:>7.2} s wall {:>7.2} s cpu  {} files",
                wall.elapsed().as_secs_f64(),
                cpu_seconds() - cpu,
                report.files.len()
            );
        }
    }
}
