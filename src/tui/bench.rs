//! Timing the TUI on a real catalogue: one frame of the catalogue tab, and search-as-you-type
//! through the real update loop. Run by `tthc bench-tui` (hidden) for BENCHMARKS.md.

use super::app::{App, Loaded};
use super::keymap::parse_keys;
use super::update::{self, Msg};
use super::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tthc::i18n::Lang;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// User + system CPU time of this process so far, in milliseconds (10 ms steps).
fn process_cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<f64> = rest
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    (fields.get(11).copied().unwrap_or(0.0) + fields.get(12).copied().unwrap_or(0.0)) * 10.0
}

/// The peak resident memory of this process so far (VmHWM), in kilobytes.
fn peak_kb() -> f64 {
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

fn stats(mut v: Vec<f64>) -> serde_json::Value {
    v.sort_by(|a, b| a.total_cmp(b));
    serde_json::json!({
        "n": v.len(),
        "p50_ms": percentile(&v, 0.5),
        "p95_ms": percentile(&v, 0.95),
        "max_ms": v.last().copied().unwrap_or(0.0),
    })
}

/// Measure on the catalogue at `root`; returns a JSON report.
pub fn run(
    root: &Path,
    width: u16,
    height: u16,
    frames: usize,
    queries: &[&str],
) -> Result<serde_json::Value, String> {
    // The first screen as the TUI shows it (issue 15): its first load job, the result handled as
    // the event loop handles it, one frame; then the whole records, when that job queued them.
    let start = Instant::now();
    let cpu_before = process_cpu_ms();
    let mut first = App::new(root.to_path_buf(), Lang::Vi, true, super::today(root));
    first.size = (width, height);
    let result = super::jobs::run_job(root, Lang::Vi, super::jobs::Job::LoadFirst);
    update::handle(&mut first, Msg::Job(Box::new(result)));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).map_err(|e| e.to_string())?;
    terminal
        .draw(|f| view::render(&first, f))
        .map_err(|e| e.to_string())?;
    let first_screen_ms = start.elapsed().as_secs_f64() * 1000.0;
    let first_screen_cpu_ms = process_cpu_ms() - cpu_before;
    let first_screen_hwm_kb = peak_kb();
    let first_screen_partial = first.data.as_ref().is_some_and(|d| d.partial);
    for job in std::mem::take(&mut first.jobs) {
        let result = super::jobs::run_job(root, Lang::Vi, job);
        update::handle(&mut first, Msg::Job(Box::new(result)));
    }
    let whole_ready_ms = start.elapsed().as_secs_f64() * 1000.0;
    // The process's peak so far is the TUI's: the list shown, then the whole records loaded
    // beside it and swapped in.
    let whole_ready_hwm_kb = peak_kb();
    // Gone before the whole open is timed again, so that the two are never held together.
    drop(first);
    tthc::store::cache::return_free_memory();

    let t = Instant::now();
    let cat = tthc::workspace::open(root).map_err(|e| e.to_string())?;
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let loaded = Loaded::new(cat);
    let prepare_ms = t.elapsed().as_secs_f64() * 1000.0;
    let procedures = loaded.cat.procedures.len();
    let mut app = App::new(root.to_path_buf(), Lang::Vi, true, super::today(root));
    app.size = (width, height);
    app.data = Some(Arc::new(loaded));
    app.refresh_rows(true);

    // Frames while scrolling through the table.
    let mut frame_times = Vec::with_capacity(frames);
    for i in 0..frames {
        update::handle(
            &mut app,
            Msg::Key(parse_keys(if i % 10 == 9 { "<pgdn>" } else { "<down>" })[0]),
        );
        let t = Instant::now();
        terminal
            .draw(|f| view::render(&app, f))
            .map_err(|e| e.to_string())?;
        frame_times.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    // Typing queries one key at a time: update (filtering) and the frame that shows it.
    let mut key_times = Vec::new();
    for query in queries {
        update::handle(&mut app, Msg::Key(parse_keys("x")[0]));
        update::handle(&mut app, Msg::Key(parse_keys("/")[0]));
        for key in parse_keys(query) {
            let t = Instant::now();
            update::handle(&mut app, Msg::Key(key));
            terminal
                .draw(|f| view::render(&app, f))
                .map_err(|e| e.to_string())?;
            key_times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        update::handle(&mut app, Msg::Key(parse_keys("<esc>")[0]));
    }
    Ok(serde_json::json!({
        "procedures": procedures,
        "size": format!("{width}x{height}"),
        "first_screen_ms": first_screen_ms,
        "first_screen_cpu_ms": first_screen_cpu_ms,
        "first_screen_partial": first_screen_partial,
        "first_screen_hwm_kb": first_screen_hwm_kb,
        "whole_ready_ms": whole_ready_ms,
        "whole_ready_hwm_kb": whole_ready_hwm_kb,
        "open_ms": load_ms,
        "prepare_ms": prepare_ms,
        "frame": stats(frame_times),
        "keystroke_update_and_frame": stats(key_times),
    }))
}
