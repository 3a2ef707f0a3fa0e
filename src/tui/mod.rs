//! The terminal user interface: the main face of tthc.
//!
//! One [`app::App`] model, one [`action::Action`] enum, one [`update::handle`], views that only
//! read. Git and disk work runs on a worker thread so input never waits for it.

pub mod action;
pub mod app;
pub mod bench;
pub mod editing;
pub mod form;
pub mod keymap;
pub mod proposing;
pub mod publishing;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

use app::{App, Job, JobResult};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;
use tthc::i18n::Lang;
use update::Msg;

pub struct Options {
    pub root: PathBuf,
    pub lang: Lang,
    pub color: bool,
    pub banner: Option<String>,
}

/// Today in the catalogue's time zone (default Asia/Ho_Chi_Minh), as in the CLI.
pub fn today(root: &std::path::Path) -> tthc::model::Date {
    tthc::workspace::today(root)
}

/// Run the TUI until the user quits or a SIGTERM/SIGHUP arrives; the terminal is restored in
/// every case, a panic included.
pub fn run(opts: Options) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let mut terminal = ratatui::init();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous(info);
    }));
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = event_loop(&mut terminal, opts, &stop);
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    opts: Options,
    stop: &AtomicBool,
) -> io::Result<()> {
    let mut app = App::new(opts.root.clone(), opts.lang, opts.color, today(&opts.root));
    app.banner = opts.banner;
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    app.loading = Some(
        opts.lang
            .pick("Đang tải danh mục…", "Loading the catalogue…")
            .into(),
    );
    app.jobs.push(Job::LoadCatalog);

    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let (result_tx, result_rx) = mpsc::channel::<JobResult>();
    let root = opts.root.clone();
    std::thread::spawn(move || {
        for job in job_rx {
            if result_tx.send(update::run_job(&root, job)).is_err() {
                break;
            }
        }
    });

    let mut last_journal = std::time::Instant::now();
    let mut dirty = true;
    loop {
        for job in app.jobs.drain(..) {
            let _ = job_tx.send(job);
        }
        // Unsaved form content reaches the journal within a second of being typed.
        if last_journal.elapsed() >= Duration::from_millis(300) {
            editing::journal_tick(&mut app);
            last_journal = std::time::Instant::now();
        }
        // Draw only when something changed: an idle TUI uses no CPU.
        if dirty {
            terminal.draw(|frame| view::render(&app, frame))?;
            dirty = false;
        }
        if app.quit || stop.load(Ordering::Relaxed) {
            editing::flush_journal(&mut app);
            return Ok(());
        }
        if event::poll(Duration::from_millis(100))? {
            // Take every event already waiting before drawing again, so a burst of keys (a paste,
            // a held key) costs one frame.
            loop {
                let msg = match event::read()? {
                    Event::Key(key) if key.kind == event::KeyEventKind::Press => {
                        Some(Msg::Key(key))
                    }
                    Event::Mouse(m) => Some(Msg::Mouse(m)),
                    Event::Resize(w, h) => Some(Msg::Resize(w, h)),
                    Event::Paste(text) => Some(Msg::Paste(text)),
                    _ => None,
                };
                if let Some(msg) = msg {
                    update::handle(&mut app, msg);
                    dirty = true;
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        while let Ok(result) = result_rx.try_recv() {
            update::handle(&mut app, Msg::Job(Box::new(result)));
            dirty = true;
        }
    }
}
