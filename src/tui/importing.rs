//! Importing from the national portal in the TUI (issue 18): `i` on the catalogue opens a
//! dialog where the user types or pastes the paths of the list (XLSX) and of the per-procedure
//! files (DOCX). The files are read on the worker and the preview the CLI prints is shown —
//! new, changed with a redline, unchanged, incomplete — without writing anything; Enter writes
//! it as one commit (on the worker too), Esc goes back to the paths and nothing is written.
//! What goes wrong (a missing file, a file that is not an export, a hostile file) is said in
//! the dialog, which stays open so the path can be fixed.

use super::action::Action;
use super::app::{App, Modal};
use super::jobs::{Job, JobResult};
use super::keymap::Context;
use super::textbox::{self, Outcome};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;
use std::path::{Path, PathBuf};
use tthc::i18n::Lang;
use tthc::words::Message;
use tthc::workspace::import::{self, ItemState, PortalOutcome, PortalRequest};

/// The import dialog, while open.
pub struct Importing {
    /// The paths as typed or pasted.
    pub input: TextArea<'static>,
    pub stage: Stage,
    /// Why the last attempt was refused, shown in the dialog.
    pub error: Option<String>,
}

/// Where the dialog is.
pub enum Stage {
    /// Typing the paths.
    Paths,
    /// What importing these files would do, nothing written yet.
    Preview(Box<Preview>),
}

pub struct Preview {
    pub files: Vec<PathBuf>,
    pub options: Options,
    pub outcome: PortalOutcome,
    /// The repository's HEAD the preview was computed at: writing is refused (and the preview
    /// computed again) when it moved since.
    pub head: Option<String>,
    pub scroll: usize,
    /// The preview's lines, made once (hundreds of records make thousands of lines), and as
    /// last wrapped, with the width: drawing and scrolling reuse them.
    pub lines: Vec<ratatui::text::Line<'static>>,
    pub wrapped:
        std::cell::RefCell<Option<(usize, std::rc::Rc<Vec<ratatui::text::Line<'static>>>)>>,
}

impl Preview {
    /// The lines wrapped at `width` (cached).
    pub fn wrapped(&self, width: usize) -> std::rc::Rc<Vec<ratatui::text::Line<'static>>> {
        let mut cache = self.wrapped.borrow_mut();
        if let Some((w, lines)) = cache.as_ref()
            && *w == width
        {
            return std::rc::Rc::clone(lines);
        }
        let lines = std::rc::Rc::new(super::view::text::wrap_lines(&self.lines, width, 4));
        *cache = Some((width, std::rc::Rc::clone(&lines)));
        lines
    }
}

/// What the user chose on top of the files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Write the sources' parts over existing records that differ.
    pub update: bool,
    /// Add names that match nothing to catalog.yaml.
    pub add_missing: bool,
}

/// An import job's work: look (a dry run) or write.
#[derive(Debug, Clone)]
pub struct Request {
    pub files: Vec<PathBuf>,
    pub options: Options,
    /// Write, if HEAD is still this (the preview's); `None`: only preview.
    pub write_at: Option<Option<String>>,
    /// Whether the preview's lines are drawn in colour (they are made on the worker too).
    pub color: bool,
}

/// What an import job gave.
pub struct Done {
    pub request: Request,
    pub head: Option<String>,
    /// The write was not attempted because the catalogue changed since the preview: `result`
    /// is a fresh preview.
    pub moved: bool,
    pub result: Result<Box<PortalOutcome>, String>,
    /// The preview's lines (when it is a preview).
    pub lines: Vec<ratatui::text::Line<'static>>,
}

/// Open the dialog (the catalogue tab's `i`).
pub fn open(app: &mut App) {
    let lang = app.lang;
    if app.as_of.is_some() {
        app.error(lang.pick(
            "Đang xem danh mục cũ (chỉ đọc). Esc để trở lại rồi nhập.",
            "This is an old catalogue (read-only). Esc to return, then import.",
        ));
        return;
    }
    app.modal = Some(Modal::Import(Box::new(Importing {
        input: textbox::new(""),
        stage: Stage::Paths,
        error: None,
    })));
}

/// The contexts of the dialog.
pub fn contexts(i: &Importing) -> Vec<Context> {
    match i.stage {
        Stage::Paths => vec![Context::ImportPaths, Context::TextInput],
        Stage::Preview(_) => vec![Context::ImportPreview],
    }
}

/// Split what was typed or pasted into paths: one or several a line, separated by spaces;
/// a path with spaces in quotes ('…' or "…") or with its spaces escaped (`\ `), as file managers
/// paste them; a whole line that names an existing file is one path even unquoted; `~/` is the
/// home folder; `file://` addresses are taken as paths.
pub fn split_paths(text: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !line.contains(['"', '\'', '\\']) && expand(line).is_file() {
            out.push(expand(line));
            continue;
        }
        let mut word = String::new();
        let mut quote: Option<char> = None;
        let mut started = false;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), c) => word.push(c),
                (None, '"' | '\'') => {
                    quote = Some(c);
                    started = true;
                }
                (None, '\\') => {
                    if let Some(n) = chars.next() {
                        word.push(n);
                    }
                    started = true;
                }
                (None, c) if c.is_whitespace() => {
                    if started || !word.is_empty() {
                        out.push(expand(&std::mem::take(&mut word)));
                        started = false;
                    }
                }
                (None, c) => word.push(c),
            }
        }
        if started || !word.is_empty() {
            out.push(expand(&word));
        }
    }
    out
}

fn expand(word: &str) -> PathBuf {
    let word = word.strip_prefix("file://").unwrap_or(word);
    if let Some(rest) = word.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return Path::new(&home).join(rest);
    }
    PathBuf::from(word)
}

/// Ask the worker for a preview (or a write).
fn request(app: &mut App, req: Request) {
    let lang = app.lang;
    app.saving = true;
    app.loading = Some(
        if req.write_at.is_some() {
            lang.pick("Đang ghi vào danh mục…", "Writing to the catalogue…")
        } else {
            lang.pick("Đang đọc các tệp nhập…", "Reading the files…")
        }
        .into(),
    );
    app.jobs.push(Job::Import(Box::new(req)));
}

/// A key while the dialog is open (it has only its own keys). True when the dialog took it.
pub fn on_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> bool {
    let max = super::view::import_max_scroll(app);
    let Some(Modal::Import(imp)) = &mut app.modal else {
        return false;
    };
    let lang = app.lang;
    match &mut imp.stage {
        Stage::Paths => match action {
            Some(Action::Back) => app.modal = None,
            Some(Action::Confirm) => {
                let files = split_paths(&imp.input.lines().join("\n"));
                if files.is_empty() {
                    imp.error = Some(
                        lang.pick(
                            "Chưa có đường dẫn tệp nào: gõ hoặc dán đường dẫn của tệp danh sách (XLSX) và các tệp chi tiết (DOCX).",
                            "No file path yet: type or paste the path of the list (XLSX) and of the detail files (DOCX).",
                        )
                        .into(),
                    );
                } else {
                    imp.error = None;
                    request(
                        app,
                        Request {
                            files,
                            options: Options::default(),
                            write_at: None,
                            color: app.color,
                        },
                    );
                }
            }
            _ => {
                // Enter is the dialog's; every other key is the text box's.
                if textbox::apply(&mut imp.input, action, &key, false) == Outcome::Changed {
                    imp.error = None;
                }
            }
        },
        Stage::Preview(p) => {
            let page = usize::from(app.size.1.saturating_sub(8)).max(1);
            match action {
                Some(Action::Back) => {
                    imp.stage = Stage::Paths;
                    imp.error = None;
                    app.info(lang.pick(
                        "Chưa ghi gì. Sửa đường dẫn rồi Enter để xem lại, hoặc Esc để đóng.",
                        "Nothing was written. Fix the paths and press Enter to look again, or Esc to close.",
                    ));
                }
                Some(Action::Down) => p.scroll = (p.scroll + 1).min(max),
                Some(Action::Up) => p.scroll = p.scroll.saturating_sub(1),
                Some(Action::PageDown) => p.scroll = (p.scroll + page).min(max),
                Some(Action::PageUp) => p.scroll = p.scroll.saturating_sub(page),
                Some(Action::Home) => p.scroll = 0,
                Some(a @ (Action::ImportUpdate | Action::ImportAddMissing)) => {
                    let mut options = p.options;
                    if a == Action::ImportUpdate {
                        options.update = !options.update;
                    } else {
                        options.add_missing = !options.add_missing;
                    }
                    let files = p.files.clone();
                    imp.error = None;
                    request(
                        app,
                        Request {
                            files,
                            options,
                            write_at: None,
                            color: app.color,
                        },
                    );
                }
                Some(Action::Confirm) => {
                    if p.outcome.blocked() {
                        imp.error = Some(lang.pick(
                            "Còn tên chưa khớp với catalog.yaml: a để thêm chúng vào catalog.yaml, hoặc ghi mã tương ứng vào import-map.yaml rồi Esc, Enter để đọc lại.",
                            "Names still match nothing in catalog.yaml: a adds them to catalog.yaml, or write the matching ids into import-map.yaml, then Esc, Enter to read again.",
                        ).into());
                    } else if !writes_anything(&p.outcome) {
                        app.modal = None;
                        app.info(lang.pick(
                            "Không có gì thay đổi: danh mục đã có đúng những gì tệp nhập ghi.",
                            "Nothing to change: the catalogue already says what the sources say.",
                        ));
                    } else {
                        let req = Request {
                            files: p.files.clone(),
                            options: p.options,
                            write_at: Some(p.head.clone()),
                            color: app.color,
                        };
                        imp.error = None;
                        request(app, req);
                    }
                }
                _ => {}
            }
        }
    }
    true
}

/// Whether writing the previewed import would change anything.
pub fn writes_anything(out: &PortalOutcome) -> bool {
    out.message.is_some()
}

/// Paste into the paths box. True when the dialog took it.
pub fn on_paste(app: &mut App, text: &str) -> bool {
    let Some(Modal::Import(imp)) = &mut app.modal else {
        return false;
    };
    if let Stage::Paths = imp.stage {
        imp.input.insert_str(textbox::pasted(text, true));
        imp.error = None;
    }
    true
}

/// Run an import job on the worker: read the files, plan, and write when asked to (and HEAD
/// has not moved since the preview).
pub fn run(root: &Path, lang: Lang, req: Request) -> JobResult {
    let names = tthc::workspace::manifest_at(root);
    let head = || tthc::workspace::head(root).ok().flatten();
    let before = head();
    let moved = matches!(&req.write_at, Some(at) if *at != before);
    let write = req.write_at.is_some() && !moved;
    let result = PortalRequest::of_files(&req.files)
        .and_then(|base| {
            let r = PortalRequest {
                update: req.options.update,
                add_missing: req.options.add_missing,
                dry_run: !write,
                ..base
            };
            import::portal(root, &r, lang, None)
        })
        .map(Box::new)
        .map_err(|e| e.message_with(lang, names.as_ref()));
    let lines = match &result {
        Ok(out) if !write => super::view::import_preview_lines(&req.files, out, lang, req.color),
        _ => Vec::new(),
    };
    JobResult::Import(Box::new(Done {
        head: if write { head() } else { before },
        request: req,
        moved,
        result,
        lines,
    }))
}

/// An import job finished.
pub fn on_job(app: &mut App, done: Done) {
    let lang = app.lang;
    app.saving = false;
    app.loading = None;
    let Some(Modal::Import(imp)) = &mut app.modal else {
        return;
    };
    let Done {
        request,
        head,
        moved,
        result,
        lines,
    } = done;
    match result {
        Err(e) => imp.error = Some(e),
        Ok(outcome) if request.write_at.is_some() && !moved => {
            app.modal = None;
            match (&outcome.commit, &outcome.message) {
                (Some(commit), Some(message)) => app.info(format!(
                    "{} {} — {}",
                    lang.pick("Đã lưu", "Saved"),
                    &commit[..10.min(commit.len())],
                    message.lines().next().unwrap_or_default()
                )),
                _ => app.info(lang.pick(
                    "Không có gì thay đổi: danh mục đã có đúng những gì tệp nhập ghi.",
                    "Nothing to change: the catalogue already says what the sources say.",
                )),
            }
            app.reload();
        }
        Ok(outcome) => {
            imp.error = moved.then(|| {
                lang.pick(
                    "Danh mục vừa thay đổi (một lần ghi khác): chưa ghi gì. Đây là bản xem trước mới; Enter để ghi.",
                    "The catalogue changed meanwhile (another commit): nothing was written. This is the new preview; Enter writes it.",
                )
                .to_owned()
            });
            imp.stage = Stage::Preview(Box::new(Preview {
                files: request.files,
                options: request.options,
                outcome: *outcome,
                head,
                scroll: 0,
                lines,
                wrapped: Default::default(),
            }));
        }
    }
}

/// The counts line: `Tổng: 2 mới (1 chưa đầy đủ), 0 cập nhật, 1 khác danh mục, 3 không đổi`.
pub fn totals(out: &PortalOutcome, lang: Lang) -> String {
    let new = out.count(ItemState::New);
    let updated = out.count(ItemState::Updated);
    let differs = out.count(ItemState::Differs);
    let same = out.count(ItemState::Unchanged);
    let incomplete = out
        .items
        .iter()
        .filter(|i| i.incomplete && matches!(i.state, ItemState::New | ItemState::Updated))
        .count();
    match lang {
        Lang::Vi => format!(
            "Tổng: {new} mới ({incomplete} chưa đầy đủ), {updated} cập nhật, {differs} khác danh mục, {same} không đổi"
        ),
        Lang::En => format!(
            "Total: {new} new ({incomplete} incomplete), {updated} updated, {differs} differ from the catalogue, {same} unchanged"
        ),
    }
}
