//! The terminal user interface: the main face of tthc.
//!
//! One [`app::App`] model, one [`action::Action`] enum, one [`update::handle`], views that only
//! read. Git and disk work runs on a worker thread so input never waits for it.
//!
//! Where things are: [`app`] holds the state, and [`app::App::mode`] says what has the keyboard
//! (an overlay, a dialog, the form, the search bar, a page, a tab); [`keymap`] binds keys to
//! actions per context; [`update`] routes keys, clicks and finished jobs; each feature
//! ([`editing`], [`proposing`], [`publishing`], [`importing`], [`reviewing`], [`deciding`])
//! handles its own actions and dialogs; [`palette`] is the command palette; [`jobs`] is the work
//! sent to the worker; [`layout`] is the screen's geometry and the mouse's hit-test; [`view`]
//! draws it all, and nothing else draws.

pub mod action;
pub mod app;
pub mod bench;
pub mod deciding;
#[cfg(test)]
mod deciding_tests;
pub mod editing;
pub mod form;
pub mod importing;
#[cfg(test)]
mod importing_tests;
pub mod jobs;
pub mod keymap;
pub mod layout;
pub mod palette;
pub mod proposing;
pub mod publishing;
pub mod reviewing;
#[cfg(test)]
mod reviewing_tests;
pub mod textbox;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

use app::App;
use jobs::Job;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tthc::i18n::Lang;
use update::Msg;

pub struct Options {
    pub root: PathBuf,
    pub lang: Lang,
    pub color: bool,
    pub banner: Option<String>,
    /// Shown in the status line on opening.
    pub notice: Option<String>,
}

/// Today in the catalogue's time zone (default Asia/Ho_Chi_Minh), as in the CLI.
pub fn today(root: &std::path::Path) -> tthc::model::Date {
    tthc::workspace::today(root)
}

/// Run the TUI until the user quits, a SIGTERM/SIGHUP arrives or the terminal goes away; the
/// terminal is restored in every case, a panic included, and unsaved form content is in the
/// journal before the process ends.
pub fn run(opts: Options) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let tty = Tty::open()?;
    let mut terminal = ratatui::init();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous(info);
    }));
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = event_loop(&mut terminal, opts, &tty, &stop);
    if tty.hung_up() {
        // Nothing to restore and no one to tell: writing to the dead terminal would only fail.
        std::process::exit(EXIT_HANGUP);
    }
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    let _ = ratatui::try_restore();
    result
}

/// Exit status after the terminal hung up (as if killed by SIGHUP).
const EXIT_HANGUP: i32 = 129;
/// Exit status when the last resort ends a TUI stuck after SIGTERM (as if killed by it).
const EXIT_TERMINATED: i32 = 143;

/// What the last resort needs to keep the user's typing: the journal entry not yet written.
#[derive(Default)]
struct Pending {
    entry: Option<tthc::workspace::journal::JournalEntry>,
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    opts: Options,
    tty: &Tty,
    stop: &Arc<AtomicBool>,
) -> io::Result<()> {
    let mut app = App::new(opts.root.clone(), opts.lang, opts.color, today(&opts.root));
    app.banner = opts.banner.clone();
    if let Some(notice) = &opts.notice {
        app.info(tthc::present::sanitize(notice).into_owned());
    }
    let busy = Arc::new(AtomicBool::new(false));
    let pending = Arc::new(Mutex::new(Pending::default()));
    let done = Arc::new(AtomicBool::new(false));
    watchdog(
        tty.try_clone()?,
        opts.root.clone(),
        Arc::clone(stop),
        Arc::clone(&done),
        Arc::clone(&busy),
        Arc::clone(&pending),
    );
    let result = run_loop(terminal, &mut app, &opts, tty, stop, &busy, &pending);
    // The loop ended, so it is not stuck: the watchdog stands down.
    done.store(true, Ordering::SeqCst);
    // Whatever ended it — quit, a signal, a terminal gone, an error drawing on it — the form's
    // content reaches the journal, and a save under way is let finish.
    editing::flush_journal(&mut app);
    wait_idle(&busy);
    result
}

fn run_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    opts: &Options,
    tty: &Tty,
    stop: &AtomicBool,
    busy: &Arc<AtomicBool>,
    pending: &Mutex<Pending>,
) -> io::Result<()> {
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    app.loading = Some(
        opts.lang
            .pick("Đang tải danh mục…", "Loading the catalogue…")
            .into(),
    );
    app.jobs.push(Job::LoadFirst);

    let (job_tx, result_rx) = jobs::spawn_worker(opts.root.clone(), app.lang, Arc::clone(busy));

    let mut last_journal = std::time::Instant::now();
    let mut dirty = true;
    loop {
        for job in app.jobs.drain(..) {
            busy.store(true, Ordering::SeqCst);
            let _ = job_tx.send(job);
        }
        // Unsaved form content reaches the journal within a second of being typed.
        if last_journal.elapsed() >= Duration::from_millis(300) {
            editing::journal_tick(app);
            last_journal = std::time::Instant::now();
        }
        remember_pending(app, pending);
        // Draw only when something changed: an idle TUI uses no CPU.
        if dirty {
            terminal.draw(|frame| view::render(app, frame))?;
            dirty = false;
        }
        if app.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        // Wait for keys here rather than in crossterm: its reader spins forever on a terminal
        // that hung up (crossterm-rs/crossterm#793), where this wait sees the hang-up.
        if !tty.wait(Duration::from_millis(100))? {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                opts.lang
                    .pick("thiết bị đầu cuối đã đóng", "the terminal went away"),
            ));
        }
        // Keys waiting, or a resize crossterm has noted: take every event already there before
        // drawing again, so a burst of keys (a paste, a held key) costs one frame.
        while event::poll(Duration::ZERO)? {
            let msg = match event::read()? {
                Event::Key(key) if key.kind == event::KeyEventKind::Press => Some(Msg::Key(key)),
                Event::Mouse(m) => Some(Msg::Mouse(m)),
                Event::Resize(w, h) => Some(Msg::Resize(w, h)),
                Event::Paste(text) => Some(Msg::Paste(text)),
                _ => None,
            };
            if let Some(msg) = msg {
                update::handle(app, msg);
                dirty = true;
            }
            if app.quit {
                break;
            }
        }
        while let Ok(result) = result_rx.try_recv() {
            update::handle(app, Msg::Job(Box::new(result)));
            dirty = true;
        }
    }
}

/// Keep the journal entry of the open form where the watchdog can write it, when it has
/// changes not yet journaled; forget it once journaled, saved or discarded.
fn remember_pending(app: &App, pending: &Mutex<Pending>) {
    let entry = app
        .screen
        .form()
        .filter(|f| f.journal_due)
        .map(|f| f.journal_entry(jiff::Timestamp::now().as_second()))
        .or_else(|| reviewing::pending_entry(app));
    let mut slot = pending.lock().unwrap_or_else(|e| e.into_inner());
    if slot.entry.is_some() || entry.is_some() {
        slot.entry = entry;
    }
}

/// Let a save or load under way on the worker finish (at most a few seconds), so leaving never
/// cuts a commit in half.
fn wait_idle(busy: &AtomicBool) {
    let since = Instant::now();
    while busy.load(Ordering::SeqCst) && since.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The last resort: when the terminal has hung up, or a SIGTERM/SIGHUP arrived, and the event
/// loop has not ended a second later, it is stuck (inside crossterm on a dead terminal, or in a
/// long frame). Then this thread writes the pending journal entry, lets a save under way finish,
/// and ends the process.
fn watchdog(
    tty: Tty,
    root: PathBuf,
    stop: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
    busy: Arc<AtomicBool>,
    pending: Arc<Mutex<Pending>>,
) {
    std::thread::spawn(move || {
        let mut since: Option<Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(100));
            if done.load(Ordering::SeqCst) {
                return;
            }
            let gone = tty.hung_up();
            if !gone && !stop.load(Ordering::Relaxed) {
                since = None;
                continue;
            }
            let since = *since.get_or_insert_with(Instant::now);
            if since.elapsed() < Duration::from_secs(1) {
                continue;
            }
            let entry = pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry
                .take();
            if let Some(entry) = entry {
                let _ = tthc::workspace::journal::save(&root, &entry);
            }
            wait_idle(&busy);
            if !gone {
                let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
                let _ = ratatui::try_restore();
            }
            std::process::exit(if gone { EXIT_HANGUP } else { EXIT_TERMINATED });
        }
    });
}

/// The terminal the keys come from — stdin when it is one, else `/dev/tty`, as crossterm
/// chooses — watched with poll(2).
struct Tty {
    fd: std::os::fd::OwnedFd,
}

impl Tty {
    fn open() -> io::Result<Tty> {
        use std::io::IsTerminal;
        let fd = if io::stdin().is_terminal() {
            std::os::fd::AsFd::as_fd(&io::stdin()).try_clone_to_owned()?
        } else {
            std::fs::File::open("/dev/tty")?.into()
        };
        Ok(Tty { fd })
    }

    fn try_clone(&self) -> io::Result<Tty> {
        Ok(Tty {
            fd: self.fd.try_clone()?,
        })
    }

    /// Wait up to `timeout` for input: `Ok(true)` when there is input or the time is up (or a
    /// signal came), `Ok(false)` when the terminal hung up.
    fn wait(&self, timeout: Duration) -> io::Result<bool> {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let mut fds = [PollFd::new(&self.fd, PollFlags::IN)];
        let timeout = Timespec {
            tv_sec: timeout.as_secs() as _,
            tv_nsec: timeout.subsec_nanos() as _,
        };
        match poll(&mut fds, Some(&timeout)) {
            Ok(_) => Ok(!Self::dead(fds[0].revents())),
            Err(rustix::io::Errno::INTR) => Ok(true),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether the terminal has hung up, without reading from it.
    fn hung_up(&self) -> bool {
        !self.wait(Duration::ZERO).unwrap_or(false)
    }

    fn dead(revents: rustix::event::PollFlags) -> bool {
        use rustix::event::PollFlags;
        revents.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
    }
}
