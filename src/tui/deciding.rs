//! The "Quyết định" tab: the province's publication decisions recorded in this catalogue, one
//! decision's effects table with, for each row, whether it has been applied here (or why it
//! cannot be) and the redline of what applying it would change; `a` applies the decision after
//! a confirmation, in one commit, on the worker (as every save is).

use super::action::{Action, Tab};
use super::app::App;
use super::jobs::{Job, JobResult};
use super::keymap::Context;
use tthc::i18n::Lang;
use tthc::model::Date;
use tthc::words::Message;
use tthc::workspace::decisions::{
    self, ApplyOptions, ApplyOutcome, DecisionDetail, DecisionSummary, RowState,
};
use tthc::workspace::proposals::Recorder;

/// The tab's state.
#[derive(Default)]
pub struct Deciding {
    /// The decision selected in the list.
    pub selected: usize,
    /// The decision open, with its effects table.
    pub open: Option<Opened>,
}

/// One decision open.
pub struct Opened {
    pub detail: Box<DecisionDetail>,
    /// The row selected in the effects table.
    pub row: usize,
    /// How far the selected row's redline is scrolled.
    pub scroll: usize,
    /// Asking "apply this decision?".
    pub confirm: bool,
}

impl Opened {
    /// Rows that applying now would apply.
    pub fn ready(&self) -> usize {
        self.detail.count(|s| matches!(s, RowState::Ready))
    }
}

/// What applying a decision on the worker gave: the outcome, and the decision as it now stands.
pub type Applied = Result<(Box<ApplyOutcome>, Box<DecisionDetail>), String>;

/// The decisions of the loaded catalogue, newest first.
pub fn summaries(app: &App) -> Vec<DecisionSummary> {
    app.data
        .as_ref()
        .map(|d| decisions::summaries(&d.cat))
        .unwrap_or_default()
}

/// Whether the tab is what has the keyboard (no page, form or dialog over it).
fn here(app: &App) -> bool {
    app.tab == Tab::Decisions && app.mode_under_overlay() == super::app::Mode::Tab
}

/// The contexts of the tab: the confirmation, the decision open, or the list.
pub fn contexts(app: &App) -> Vec<Context> {
    match &app.deciding.open {
        Some(o) if o.confirm => vec![Context::DecisionConfirm],
        Some(_) => vec![Context::DecisionEffects, Context::Global],
        None => vec![Context::Decisions, Context::Global],
    }
}

/// "Name <email>" of the person who would apply (the four-eyes check of the proposals a
/// decision answers); empty when git has no identity here.
fn who(app: &App) -> String {
    tthc::history::Repo::discover(&app.root)
        .ok()
        .flatten()
        .and_then(|r| r.identity().ok())
        .unwrap_or_default()
}

/// A key of the confirmation (a dialog: only its own keys). True when it was the tab's.
pub fn on_key(app: &mut App, action: Option<Action>) -> bool {
    let confirming = here(app) && app.deciding.open.as_ref().is_some_and(|o| o.confirm);
    if !confirming {
        return false;
    }
    match action {
        Some(Action::Confirm) => {
            if let Some(o) = app.deciding.open.as_mut() {
                o.confirm = false;
                let id = o.detail.decision.id.clone();
                start_apply(app, id);
            }
        }
        Some(Action::Back) => {
            if let Some(o) = app.deciding.open.as_mut() {
                o.confirm = false;
            }
        }
        _ => {}
    }
    true
}

/// Act on an action of the tab; false when it is not the tab's (global keys).
pub fn act(app: &mut App, action: Action) -> bool {
    if !here(app) {
        return false;
    }
    if contexts(app)[0] == Context::DecisionConfirm {
        return on_key(app, Some(action));
    }
    if app.deciding.open.is_none() {
        let len = summaries(app).len();
        let sel = &mut app.deciding.selected;
        match action {
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Down => *sel = (*sel + 1).min(len.saturating_sub(1)),
            Action::Home => *sel = 0,
            Action::End => *sel = len.saturating_sub(1),
            Action::Open => open_selected(app),
            _ => return false,
        }
        return true;
    }
    let lang = app.lang;
    let Some(o) = app.deciding.open.as_mut() else {
        return false;
    };
    let len = o.detail.rows.len();
    let before = o.row;
    match action {
        Action::Up => o.row = o.row.saturating_sub(1),
        Action::Down => o.row = (o.row + 1).min(len.saturating_sub(1)),
        Action::Home => o.row = 0,
        Action::End => o.row = len.saturating_sub(1),
        Action::PageDown => o.scroll += 5,
        Action::PageUp => o.scroll = o.scroll.saturating_sub(5),
        Action::Back => app.deciding.open = None,
        Action::DecisionApply => {
            if o.ready() == 0 {
                let all_done = o.detail.rows.iter().all(|r| {
                    matches!(
                        r.state,
                        RowState::Applied { .. } | RowState::Elsewhere { .. }
                    )
                });
                app.error(if all_done {
                    lang.pick(
                        "Không còn dòng nào để áp dụng: quyết định đã được áp dụng vào danh mục này.",
                        "Nothing left to apply: the decision has been applied to this catalogue.",
                    )
                } else {
                    lang.pick(
                        "Chưa dòng nào áp dụng được: xem lý do ở từng dòng, giải quyết rồi áp dụng lại.",
                        "No row can be applied yet: see each row's reason, settle it, then apply again.",
                    )
                });
            } else {
                o.confirm = true;
            }
        }
        _ => return false,
    }
    if let Some(o) = app.deciding.open.as_mut()
        && o.row != before
    {
        o.scroll = 0;
    }
    true
}

/// Move the list's selection (a click).
pub fn move_by(app: &mut App, delta: isize) {
    let len = summaries(app).len();
    let target = app.deciding.selected as isize + delta;
    app.deciding.selected = target.clamp(0, len.saturating_sub(1) as isize) as usize;
}

/// Open the selected decision: its effects table, as applying it today would go.
pub fn open_selected(app: &mut App) {
    let Some(id) = summaries(app)
        .get(app.deciding.selected)
        .map(|s| s.id.clone())
    else {
        return;
    };
    open(app, &id);
}

fn open(app: &mut App, id: &str) {
    let lang = app.lang;
    let Some(data) = app.data.clone() else {
        return;
    };
    match decisions::detail(&data.cat, id, &who(app), app.today, lang) {
        Ok(detail) => {
            app.deciding.open = Some(Opened {
                detail: Box::new(detail),
                row: 0,
                scroll: 0,
                confirm: false,
            })
        }
        Err(e) => app.error(e.message(lang)),
    }
}

fn start_apply(app: &mut App, id: String) {
    let lang = app.lang;
    app.saving = true;
    app.loading = Some(
        lang.pick(
            "Đang áp dụng quyết định vào danh mục…",
            "Applying the decision to the catalogue…",
        )
        .into(),
    );
    app.jobs.push(Job::DecisionApply {
        id,
        lang,
        today: app.today,
    });
}

/// Run an apply on the worker: one commit, then the decision as it now stands.
pub fn run(root: &std::path::Path, id: &str, lang: Lang, today: Date) -> JobResult {
    let rec = Recorder::new(today, lang);
    let who = tthc::history::Repo::discover(root)
        .ok()
        .flatten()
        .and_then(|r| r.identity().ok())
        .unwrap_or_default();
    let result = decisions::apply(root, id, &ApplyOptions::default(), &rec)
        .map_err(|e| e.message(lang))
        .and_then(|outcome| {
            let cat = tthc::workspace::open(root).map_err(|e| e.message(lang))?;
            let detail =
                decisions::detail(&cat, id, &who, today, lang).map_err(|e| e.message(lang))?;
            Ok((Box::new(outcome), Box::new(detail)))
        });
    JobResult::DecisionApplied(result)
}

/// An apply finished: say what it did, show the decision as it now stands, reload the catalogue.
pub fn on_job(app: &mut App, result: Applied) {
    let lang = app.lang;
    app.saving = false;
    match result {
        Ok((outcome, detail)) => {
            let left = outcome.blocked().count();
            let mut text = match (&outcome.commit, &outcome.message) {
                (Some(commit), Some(message)) => format!(
                    "{} {} — {}",
                    lang.pick("Đã lưu", "Saved"),
                    &commit[..10.min(commit.len())],
                    message.lines().next().unwrap_or_default()
                ),
                _ => lang
                    .pick("Không có gì thay đổi.", "Nothing changed.")
                    .to_owned(),
            };
            if left > 0 {
                text.push_str(&match lang {
                    Lang::Vi => format!(" · còn {left} dòng chưa áp dụng được"),
                    Lang::En => format!(" · {left} row(s) could not be applied"),
                });
            }
            app.info(text);
            let row = app.deciding.open.as_ref().map_or(0, |o| o.row);
            app.deciding.open = Some(Opened {
                row: row.min(detail.rows.len().saturating_sub(1)),
                detail,
                scroll: 0,
                confirm: false,
            });
            app.reload();
        }
        Err(e) => app.error(e),
    }
}
