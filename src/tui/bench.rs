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
    let mut terminal = Terminal::new(TestBackend::new(width, height)).map_err(|e| e.to_string())?;

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
        "open_ms": load_ms,
        "prepare_ms": prepare_ms,
        "frame": stats(frame_times),
        "keystroke_update_and_frame": stats(key_times),
    }))
}
