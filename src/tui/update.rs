//! The only place that changes the [`App`]: keys, clicks, resizes and finished jobs come in as
//! [`Msg`], keys become [`Action`]s through the key table, and work for git or the disk goes out
//! as [`Job`]s for the event loop to run off the UI thread.

use super::action::{Action, Tab};
use super::app::{App, Column, Mode, Overlay, Page, PageContent, Screen};
use super::jobs::{Job, JobResult};
use super::keymap::{self, Context};
use super::layout::Hit;
use super::view;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::sync::Arc;
use tthc::model::{OnlineMode, ProcedureStatus};

/// The actions the record form acts on (see editing::act): one pattern, for routing and for the
/// exhaustive match of the rest.
macro_rules! editing_actions {
    () => {
        Action::EditProcedure
            | Action::NewProcedure
            | Action::Save
            | Action::FormEdit
            | Action::FormAdd
            | Action::FormDelete
            | Action::FormMoveUp
            | Action::FormMoveDown
            | Action::Undo
            | Action::Redo
    };
}

/// The actions of proposals (see proposing::act).
macro_rules! proposing_actions {
    () => {
        Action::ProposeAbolish
            | Action::ProposeAmend
            | Action::ProposeReplace
            | Action::ProposeAdd
            | Action::AdvanceProposal
            | Action::WithdrawProposal
            | Action::ApplyProposal
    };
}

pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Job(Box<JobResult>),
}

pub fn handle(app: &mut App, msg: Msg) {
    dispatch(app, msg);
    app.recheck_status();
}

fn dispatch(app: &mut App, msg: Msg) {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => super::editing::on_paste(app, &text),
        Msg::Mouse(m) => on_mouse(app, m),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            app.keep_visible();
        }
        Msg::Job(result) => on_job(app, *result),
    }
}

/// The contexts whose bindings apply now, most specific first. A dialog or overlay has only its
/// own keys (and a text box's, when one has the focus); the screens add the global keys.
pub fn contexts(app: &App) -> Vec<Context> {
    match app.mode() {
        Mode::Overlay => match &app.overlay {
            Overlay::Help { .. } => vec![Context::Help],
            Overlay::Palette { .. } => vec![Context::Palette, Context::TextInput],
            Overlay::Filter { .. } => vec![Context::Filter],
            Overlay::None => screen_contexts(app),
        },
        _ => screen_contexts(app),
    }
}

/// The contexts of what is under the overlays: a dialog, the form, the search, a page, a tab.
pub fn screen_contexts(app: &App) -> Vec<Context> {
    use super::app::Modal;
    let local = match (app.mode_under_overlay(), &app.modal, app.screen.form()) {
        (Mode::Dialog, Some(modal), _) => {
            return match modal {
                Modal::Import(imp) => super::importing::contexts(imp),
                Modal::SaveReview(_) => vec![Context::SaveReview, Context::TextInput],
                Modal::ConfirmLeave => vec![Context::ConfirmLeave],
                Modal::Conflict(_) => vec![Context::Conflict],
                Modal::Recovery(_) => vec![Context::Recovery],
                Modal::NewProcedure(_) => vec![Context::NewProcedure, Context::TextInput],
                Modal::Abolish(_) => vec![Context::Abolish, Context::TextInput],
                Modal::Step(_) => vec![Context::Step, Context::TextInput],
                Modal::Publish(_) => vec![Context::PublishDialog, Context::TextInput],
            };
        }
        (Mode::Form, _, Some(form)) => {
            if form.picker.is_some() {
                return vec![Context::Picker];
            }
            if form.edit.is_some() {
                return vec![Context::TextInput];
            }
            Context::Form
        }
        (Mode::Searching, ..) => return vec![Context::Search, Context::TextInput],
        (Mode::Page, ..) => Context::Page,
        _ => match app.tab {
            Tab::Catalog => Context::Catalog,
            Tab::Proposals => Context::Proposals,
            Tab::History => Context::History,
            Tab::Publish => Context::Publish,
            Tab::Reviews => return super::reviewing::contexts(app),
            Tab::Decisions => return super::deciding::contexts(app),
        },
    };
    vec![local, Context::Global]
}

fn on_key(app: &mut App, key: KeyEvent) {
    if app.saving {
        return;
    }
    // A message about the last key goes with the next one; an error whose cause can be checked
    // stays until the cause is gone (see App::recheck_status).
    app.clear_transient();
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if key.code == KeyCode::Char('c') && ctrl {
        // With a form open, ctrl-c leaves it (asking about unsaved changes) instead of quitting.
        if app.screen.form().is_some() && app.modal.is_none() {
            super::editing::act(app, Action::Back);
        } else {
            app.quit = true;
        }
        return;
    }
    // F1 opens the help from anywhere, a dialog or a text box included.
    if key.code == KeyCode::F(1) && !matches!(app.overlay, Overlay::Help { .. }) {
        app.overlay = Overlay::Help { scroll: 0 };
        return;
    }
    let contexts = contexts(app);
    let action = keymap::lookup(&contexts, &key);
    match app.mode() {
        Mode::Overlay => match app.overlay {
            Overlay::Help { .. } => help_key(app, action),
            Overlay::Palette { .. } => super::palette::on_key(app, action, key),
            Overlay::Filter { .. } => filter_key(app, action),
            Overlay::None => {}
        },
        Mode::Dialog => dialog_key(app, action, key),
        Mode::Searching => search_key(app, action, key),
        Mode::Form if matches!(contexts[0], Context::Picker | Context::TextInput) => {
            super::editing::form_key(app, action, key)
        }
        // A review form's text box, the confirmation before a decision is applied.
        Mode::Tab if super::reviewing::on_key(app, action, key) => {}
        Mode::Tab if super::deciding::on_key(app, action) => {}
        Mode::Form | Mode::Page | Mode::Tab => match action {
            Some(action) => update(app, action),
            None => {
                let name = keymap::key_label(&keymap::key_name(&key));
                app.info(format!(
                    "{} `{name}` — {}",
                    app.lang.pick("Phím chưa dùng", "Unbound key"),
                    app.lang.pick("? để xem các phím", "? shows the keys")
                ));
            }
        },
    }
}

/// A key of the open dialog: each dialog has its own handler, in the module of its feature.
/// The dialog is taken out while its handler runs; the handler puts it back to keep it open.
fn dialog_key(app: &mut App, action: Option<Action>, key: KeyEvent) {
    use super::app::Modal;
    use super::{editing, proposing, publishing};
    let Some(modal) = app.modal.take() else {
        return;
    };
    match modal {
        Modal::Import(imp) => {
            // The import dialog changes in place (its job's result finds it there).
            app.modal = Some(Modal::Import(imp));
            super::importing::on_key(app, action, key);
        }
        Modal::ConfirmLeave => editing::confirm_leave_key(app, action),
        Modal::SaveReview(m) => editing::save_review_key(app, m, action, key),
        Modal::Conflict(m) => editing::conflict_key(app, m, action),
        Modal::Recovery(m) => editing::recovery_key(app, m, action),
        Modal::NewProcedure(m) => editing::new_procedure_key(app, m, action, key),
        Modal::Abolish(m) => proposing::abolish_key(app, m, action, key),
        Modal::Step(m) => proposing::step_key(app, m, action, key),
        Modal::Publish(m) => publishing::publish_key(app, m, action, key),
    }
}

fn help_key(app: &mut App, action: Option<Action>) {
    let Overlay::Help { scroll } = app.overlay else {
        return;
    };
    let page = super::layout::help_rows(app.size);
    let scroll = match action {
        Some(Action::Down) => scroll + 1,
        Some(Action::Up) => scroll.saturating_sub(1),
        Some(Action::PageDown) => scroll + page,
        Some(Action::PageUp) => scroll.saturating_sub(page),
        Some(Action::Back) => {
            app.overlay = Overlay::None;
            return;
        }
        _ => return,
    };
    let max = view::help_lines(app).len().saturating_sub(page);
    app.overlay = Overlay::Help {
        scroll: scroll.min(max),
    };
}

fn search_key(app: &mut App, action: Option<Action>, key: KeyEvent) {
    match action {
        Some(Action::Confirm) => app.screen = Screen::Tab,
        Some(Action::Back) => {
            app.screen = Screen::Tab;
            app.catalog.query.clear();
            app.refresh_rows(false);
        }
        Some(Action::Down) => update(app, Action::Down),
        Some(Action::Up) => update(app, Action::Up),
        Some(Action::Text(super::action::TextOp::DeleteBack)) => {
            app.catalog.query.pop();
            app.refresh_rows(false);
        }
        Some(Action::Text(super::action::TextOp::DeleteWord)) => {
            let kept = app.catalog.query.trim_end().rfind(' ').map_or(0, |i| i + 1);
            app.catalog.query.truncate(kept);
            app.refresh_rows(false);
        }
        _ => {
            if let Some(c) = super::textbox::typed_char(&key) {
                app.catalog.query.push(c);
                app.catalog.selected = 0;
                app.narrow_rows();
            }
        }
    }
}

/// Act on one action. Public so the palette and tests dispatch exactly what keys dispatch.
pub fn update(app: &mut App, action: Action) {
    let lang = app.lang;
    // While the list shows outlines (the whole records still loading), only moving about,
    // searching, sorting and filtering the list work (issue 15).
    if !matches!(
        action,
        Action::Quit
            | Action::Help
            | Action::Palette
            | Action::Search
            | Action::Back
            | Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End
            | Action::Filters
            | Action::ClearFilters
            | Action::SortNext
            | Action::SortReverse
    ) && outlines_only(app)
    {
        app.pending = Some(action);
        return;
    }
    // What has the keyboard acts first: the form, or a tab with what it has open (the reviews
    // tab's form, the decisions tab's decision); what it leaves falls to the screens below.
    let taken = match app.mode_under_overlay() {
        Mode::Form => super::editing::act(app, action),
        Mode::Tab if app.tab == Tab::Reviews => super::reviewing::act(app, action),
        Mode::Tab if app.tab == Tab::Decisions => super::deciding::act(app, action),
        _ => false,
    };
    if taken {
        return;
    }
    let editing_action = matches!(action, editing_actions!());
    if editing_action && super::editing::act(app, action) {
        return;
    }
    if matches!(action, proposing_actions!()) {
        super::proposing::act(app, action);
        return;
    }
    if action == Action::Publish {
        super::publishing::act(app, action);
        return;
    }
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.overlay = Overlay::Help { scroll: 0 },
        Action::Palette => super::palette::open(app),
        Action::Search => {
            if app.tab == Tab::Catalog && matches!(app.screen, Screen::Tab) {
                app.screen = Screen::Searching;
            }
        }
        Action::Back => {
            if app.overlay != Overlay::None {
                app.overlay = Overlay::None;
            } else if app.screen.page().is_some() {
                app.screen.close_page();
            } else if app.tab == Tab::Catalog && !app.catalog.query.is_empty() {
                app.catalog.query.clear();
                app.refresh_rows(false);
            } else if app.tab == Tab::Catalog && app.as_of.is_some() {
                drop_elsewhere(app.as_of.take());
                app.refresh_rows(true);
                app.info(lang.pick(
                    "Trở lại danh mục hiện tại.",
                    "Back to the current catalogue.",
                ));
            } else if app.tab == Tab::History && app.history.scope.is_some() {
                update(app, Action::AllHistory);
            } else {
                app.status = None;
            }
        }
        Action::NextTab => go_tab(app, Tab::ALL[(app.tab.index() + 1) % Tab::ALL.len()]),
        Action::PrevTab => go_tab(
            app,
            Tab::ALL[(app.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()],
        ),
        Action::GoTab(tab) => go_tab(app, tab),
        Action::Up => move_by(app, -1),
        Action::Down => move_by(app, 1),
        Action::PageUp => move_by(app, -(app.list_height() as isize)),
        Action::PageDown => move_by(app, app.list_height() as isize),
        Action::Home => move_by(app, isize::MIN / 2),
        Action::End => move_by(app, isize::MAX / 2),
        Action::Open => open(app),
        Action::Import => {
            if app.tab == Tab::Catalog && app.screen.page().is_none() {
                super::importing::open(app);
            }
        }
        Action::Filters => {
            if app.tab == Tab::Catalog {
                app.overlay = Overlay::Filter { row: 0 };
            }
        }
        Action::ClearFilters => {
            app.catalog.query.clear();
            app.catalog.facets = Default::default();
            app.refresh_rows(false);
        }
        Action::SortNext => {
            let next = match app.catalog.sort {
                None => Some(Column::ALL[0]),
                Some(c) => Column::ALL
                    .iter()
                    .position(|x| *x == c)
                    .and_then(|i| Column::ALL.get(i + 1))
                    .copied(),
            };
            app.catalog.sort = next;
            app.catalog.descending = false;
            app.refresh_rows(true);
        }
        Action::SortReverse => {
            if app.catalog.sort.is_none() {
                app.catalog.sort = Some(Column::Name);
            }
            app.catalog.descending = !app.catalog.descending;
            app.refresh_rows(true);
        }
        Action::ProcedureHistory => {
            let target = match app.screen.page() {
                Some(page) => page.procedure.clone(),
                None if app.tab == Tab::Catalog => selected_procedure(app),
                None => None,
            };
            if let Some((level, code, path)) = target {
                app.screen.close_page();
                app.tab = Tab::History;
                let level = app
                    .shown()
                    .map(|d| d.cat.manifest.level_name(&level).to_owned())
                    .unwrap_or(level);
                app.history.scope = Some((path, format!("{code} ({level})")));
                app.history.loaded = false;
                app.history.marked = None;
                read_history(app);
            }
        }
        Action::AllHistory => {
            app.history.scope = None;
            app.history.loaded = false;
            app.history.marked = None;
            read_history(app);
        }
        Action::Mark => {
            if app.tab == Tab::History && !app.history.commits.is_empty() {
                let sel = app.history.selected;
                app.history.marked = if app.history.marked == Some(sel) {
                    None
                } else {
                    Some(sel)
                };
                app.info(lang.pick(
                    "Đã đánh dấu; chọn phiên bản khác rồi nhấn c để so sánh.",
                    "Marked; select another version and press c to compare.",
                ));
            }
        }
        Action::Compare => compare(app),
        Action::BrowseAt => {
            if let Some(c) = app.history.commits.get(app.history.selected) {
                let label = format!(
                    "{} ({})",
                    &c.id[..10.min(c.id.len())],
                    view::commit_date(c, lang)
                );
                app.loading = Some(
                    lang.pick(
                        "Đang đọc danh mục tại thời điểm đó…",
                        "Reading the catalogue as of then…",
                    )
                    .into(),
                );
                app.jobs.push(Job::LoadAt {
                    commit: c.id.clone(),
                    label,
                });
            }
        }
        // The form's, the proposals' and publishing's actions were routed above.
        editing_actions!() | proposing_actions!() | Action::Publish => {}
        // Dialog actions are handled by their dialogs.
        Action::Confirm
        | Action::NextBox
        | Action::PrevBox
        | Action::ChoiceNext
        | Action::ChoicePrev
        | Action::KeepMine
        | Action::TakeTheirs
        | Action::Toggle
        | Action::Restore
        | Action::Discard
        | Action::Text(_) => {}
        // The reviews tab's own actions (see reviewing::act).
        Action::ReviewYes | Action::ReviewNo | Action::ReviewComplete | Action::ReviewPropose => {}
        // The decisions tab's own action (see deciding::act).
        Action::DecisionApply => {}
        // The import preview's own actions (see importing::on_key).
        Action::ImportUpdate | Action::ImportAddMissing => {}
        Action::Reload => {
            app.reload();
        }
    }
}

fn go_tab(app: &mut App, tab: Tab) {
    app.tab = tab;
    app.screen.close_page();
    if tab == Tab::Publish {
        super::publishing::request_preview(app);
    }
    if tab == Tab::Reviews {
        super::reviewing::reload(app);
    }
    if tab == Tab::History && !app.history.loaded && app.loading.is_none() {
        read_history(app);
    }
}

/// Read the history of the history tab's scope (the whole catalogue or one file), on the worker.
fn read_history(app: &mut App) {
    app.loading = Some(
        app.lang
            .pick("Đang đọc lịch sử…", "Reading the history…")
            .into(),
    );
    app.jobs.push(Job::Log {
        scope: app.history.scope.as_ref().map(|s| s.0.clone()),
    });
}

pub(super) fn clamp_move(selected: usize, len: usize, delta: isize) -> usize {
    if len == 0 {
        return 0;
    }
    (selected as isize + delta).clamp(0, len as isize - 1) as usize
}

fn move_by(app: &mut App, delta: isize) {
    if let Some(page) = app.screen.page_mut() {
        // Scrolling counts wrapped lines; stop when the last one reaches the bottom.
        let visible = super::layout::page_rows(app.size);
        let max =
            view::page_line_count(page, app.lang, app.color, app.size.0).saturating_sub(visible);
        page.scroll = (page.scroll as isize + delta).clamp(0, max as isize) as usize;
        return;
    }
    let h = app.list_height();
    match app.tab {
        Tab::Catalog => {
            app.catalog.selected = clamp_move(app.catalog.selected, app.catalog.rows.len(), delta);
            app.keep_visible();
        }
        Tab::History => {
            let hv = &mut app.history;
            hv.selected = clamp_move(hv.selected, hv.commits.len(), delta);
            if hv.selected < hv.offset {
                hv.offset = hv.selected;
            } else if hv.selected >= hv.offset + h {
                hv.offset = hv.selected + 1 - h;
            }
        }
        Tab::Proposals => {
            let len = app.data.as_ref().map_or(0, |d| d.cat.proposals.len());
            app.proposals_selected = clamp_move(app.proposals_selected, len, delta);
        }
        Tab::Publish => {
            let len = app.data.as_ref().map_or(0, |d| d.cat.publications.len());
            app.publish_selected = clamp_move(app.publish_selected, len, delta);
        }
        // Moves inside the reviews tab go through reviewing::act.
        Tab::Reviews => {}
        Tab::Decisions => super::deciding::move_by(app, delta),
    }
}

/// (level, code, file) of the selected procedure in the catalogue tab.
fn selected_procedure(app: &App) -> Option<(String, String, std::path::PathBuf)> {
    let data = app.shown()?;
    let index = *app.catalog.rows.get(app.catalog.selected)?;
    let stored = data.procedure_at(index)?;
    Some((
        stored.record.level.to_string(),
        stored.record.code.to_string(),
        stored.path.clone(),
    ))
}

fn open(app: &mut App) {
    let lang = app.lang;
    match app.tab {
        Tab::Catalog => {
            let Some(data) = app.shown().cloned() else {
                return;
            };
            let Some(&index) = app.catalog.rows.get(app.catalog.selected) else {
                return;
            };
            let m = &data.cat.manifest;
            app.screen.show_page(match data.entry(index) {
                super::app::Entry::Procedure(_) => {
                    let stored = &data.cat.procedures[index as usize];
                    let p = &stored.record;
                    Page {
                        title: format!("{} · {}", p.code, m.level_name(&p.level)),
                        // A legal-basis row citing a text by number shows the register's facts.
                        content: PageContent::Procedure {
                            procedure: Box::new(data.cat.with_legal_facts(p)),
                            manifest: Box::new(m.clone()),
                            today: app.today,
                        },
                        scroll: 0,
                        procedure: Some((
                            p.level.to_string(),
                            p.code.to_string(),
                            stored.path.clone(),
                        )),
                    }
                }
                super::app::Entry::Unreadable(u) => Page {
                    title: format!(
                        "{} · {}",
                        u.code,
                        lang.pick("tệp không đọc được", "file that does not parse")
                    ),
                    content: PageContent::Unreadable(Box::new(u.clone())),
                    scroll: 0,
                    procedure: None,
                },
            });
        }
        Tab::History => {
            if let Some(c) = app.history.commits.get(app.history.selected) {
                let title = format!(
                    "{} · {}",
                    &c.id[..10.min(c.id.len())],
                    c.message.lines().next().unwrap_or("")
                );
                app.loading = Some(lang.pick("Đang so sánh…", "Comparing…").into());
                app.jobs.push(Job::CommitDiff {
                    commit: Box::new(c.clone()),
                    title,
                });
            }
        }
        Tab::Proposals => {
            let Some(data) = app.data.clone() else { return };
            let order = view::proposal_order(&data.cat);
            if let Some(&i) = order.get(app.proposals_selected) {
                let p = &data.cat.proposals[i].record;
                app.screen.show_page(Page {
                    title: format!("{} · {}", p.id, p.title),
                    content: PageContent::Proposal {
                        proposal: Box::new(p.clone()),
                        target: p
                            .target
                            .as_ref()
                            .and_then(|t| data.cat.procedure(&t.level, &t.code))
                            .map(|s| Box::new(s.record.clone())),
                        manifest: Box::new(data.cat.manifest.clone()),
                    },
                    scroll: 0,
                    procedure: None,
                });
            }
        }
        Tab::Publish => {}
        Tab::Reviews => {}
        Tab::Decisions => super::deciding::open_selected(app),
    }
}

fn compare(app: &mut App) {
    let lang = app.lang;
    let hv = &app.history;
    let (Some(marked), Some(sel)) = (hv.marked, Some(hv.selected)) else {
        app.info(lang.pick(
            "Đánh dấu một phiên bản trước (phím space).",
            "Mark a version first (space).",
        ));
        return;
    };
    let (Some(a), Some(b)) = (
        hv.commits.get(marked.max(sel)),
        hv.commits.get(marked.min(sel)),
    ) else {
        return;
    };
    // Older first: the list is newest first.
    let files = hv
        .scope
        .as_ref()
        .map(|s| vec![s.0.clone()])
        .unwrap_or_default();
    let title = format!(
        "{} {} → {}",
        lang.pick("So sánh", "Compare"),
        &a.id[..10.min(a.id.len())],
        &b.id[..10.min(b.id.len())]
    );
    app.loading = Some(lang.pick("Đang so sánh…", "Comparing…").into());
    app.jobs.push(Job::Compare {
        files,
        a: a.id.clone(),
        b: b.id.clone(),
        title,
    });
}

fn on_job(app: &mut App, result: JobResult) {
    let lang = app.lang;
    app.loading = None;
    match result {
        JobResult::Catalog(Ok(loaded)) if loaded.partial => {
            // The list first; the whole records next, on the worker (issue 15).
            app.loading = Some(
                lang.pick("Đang tải toàn bộ danh mục…", "Loading the whole catalogue…")
                    .into(),
            );
            app.jobs.push(Job::LoadCatalog);
            let n = loaded.procedure_count();
            drop_elsewhere(app.data.replace(Arc::new(loaded)));
            app.refresh_rows(true);
            app.info(format!("{n} {}", lang.pick("thủ tục", "procedures")));
        }
        JobResult::Catalog(Ok(loaded)) => {
            let first = !app.journal_checked;
            if first {
                app.journal_checked = true;
                app.jobs.push(Job::CheckJournal);
            }
            // The same procedure and the same proposal stay selected, wherever they moved.
            let keep_procedure = app.shown().and_then(|d| {
                let index = *app.catalog.rows.get(app.catalog.selected)?;
                let (level, code) = d.level_and_code(index)?;
                Some((level.to_owned(), code.to_owned()))
            });
            let keep_proposal = app.focus_proposal.take().or_else(|| {
                let d = app.data.as_ref()?;
                view::proposal_order(&d.cat)
                    .get(app.proposals_selected)
                    .map(|&i| d.cat.proposals[i].record.id.clone())
            });
            let n = loaded.cat.procedures.len();
            let broken = loaded.cat.unparsed.len();
            drop_elsewhere(app.data.replace(Arc::new(loaded)));
            app.refresh_rows(true);
            if let Some(data) = app.data.clone() {
                if let Some((level, code)) = keep_procedure
                    && app.as_of.is_none()
                    && let Some(row) = app.catalog.rows.iter().position(|&i| {
                        data.procedure_at(i)
                            .is_some_and(|s| s.record.level == level && s.record.code == code)
                    })
                {
                    app.catalog.selected = row;
                    app.keep_visible();
                }
                if let Some(id) = keep_proposal
                    && let Some(row) = view::proposal_order(&data.cat)
                        .iter()
                        .position(|&i| data.cat.proposals[i].record.id == id)
                {
                    app.proposals_selected = row;
                }
            }
            if broken > 0 {
                app.error_because(
                    format!(
                        "{broken} {}",
                        lang.pick(
                            "tệp không đọc được (đánh dấu ⚠ ở đầu danh sách; tthc validate nói rõ từng lỗi)",
                            "files do not parse (marked ⚠ at the top of the list; tthc validate tells each problem)"
                        )
                    ),
                    super::app::Cause::Unreadable,
                );
            } else if first && app.status.is_none() {
                app.info(format!("{n} {}", lang.pick("thủ tục", "procedures")));
            }
            // The wait is over: what was asked for meanwhile is done now, and the note asking
            // to wait goes.
            if let Some(action) = app.pending.take() {
                if app
                    .status
                    .as_ref()
                    .is_some_and(|(t, _)| *t == wait_note(lang))
                {
                    app.status = None;
                }
                update(app, action);
            }
        }
        JobResult::Catalog(Err(e)) | JobResult::CatalogAt { result: Err(e), .. } => app.error(e),
        JobResult::CatalogAt {
            label,
            result: Ok(loaded),
        } => {
            drop_elsewhere(app.as_of.replace((label, Arc::new(loaded))));
            app.tab = Tab::Catalog;
            app.screen.close_page();
            app.catalog.selected = 0;
            app.refresh_rows(true);
            app.info(lang.pick(
                "Chỉ đọc. Esc để trở lại danh mục hiện tại.",
                "Read-only. Esc returns to the current catalogue.",
            ));
        }
        JobResult::Log { scope, result } => {
            if scope.as_ref() != app.history.scope.as_ref().map(|s| &s.0) {
                return;
            }
            match result {
                Ok(commits) => {
                    app.history.commits = commits;
                    app.history.selected = 0;
                    app.history.offset = 0;
                    app.history.loaded = true;
                }
                Err(e) => app.error(e),
            }
        }
        result @ (JobResult::Saved { .. } | JobResult::Journal(_)) => {
            super::editing::on_job(app, result)
        }
        JobResult::Proposal(result) => super::proposing::on_job(app, result),
        JobResult::DecisionApplied(result) => super::deciding::on_job(app, result),
        JobResult::Import(done) => super::importing::on_job(app, *done),
        JobResult::Review(done) => super::reviewing::on_job(app, *done),
        JobResult::Reviews(result) => super::reviewing::on_loaded(app, result),
        result @ (JobResult::Preview(_) | JobResult::Published(..)) => {
            super::publishing::on_job(app, result)
        }
        JobResult::Diff { title, result } => match result {
            Ok(diff) => {
                app.screen.show_page(Page {
                    title,
                    content: PageContent::Diff(Box::new(diff)),
                    scroll: 0,
                    procedure: None,
                });
            }
            Err(e) => app.error(e),
        },
    }
}

pub const FILTER_ROWS: usize = 5;

fn filter_key(app: &mut App, action: Option<Action>) {
    let Overlay::Filter { row } = app.overlay else {
        return;
    };
    let step: isize = match action {
        Some(Action::Back) => {
            app.overlay = Overlay::None;
            return;
        }
        Some(Action::Down) => {
            app.overlay = Overlay::Filter {
                row: (row + 1).min(FILTER_ROWS - 1),
            };
            return;
        }
        Some(Action::Up) => {
            app.overlay = Overlay::Filter {
                row: row.saturating_sub(1),
            };
            return;
        }
        Some(Action::ClearFilters) => {
            app.catalog.facets = Default::default();
            app.refresh_rows(false);
            return;
        }
        Some(Action::ChoicePrev) => -1,
        Some(Action::ChoiceNext) => 1,
        _ => return,
    };
    let Some(data) = app.data.clone() else { return };
    let m = &data.cat.manifest;
    let f = &mut app.catalog.facets;
    fn cycle<T: Clone + PartialEq>(options: &[T], current: &Option<T>, step: isize) -> Option<T> {
        // Position 0 is "all"; then every option.
        let pos = current
            .as_ref()
            .and_then(|c| options.iter().position(|o| o == c))
            .map_or(0, |p| p + 1);
        let n = options.len() as isize + 1;
        let next = (pos as isize + step).rem_euclid(n) as usize;
        if next == 0 {
            None
        } else {
            Some(options[next - 1].clone())
        }
    }
    match row {
        0 => {
            f.level = cycle(
                &m.levels.iter().map(|l| l.id.clone()).collect::<Vec<_>>(),
                &f.level,
                step,
            )
        }
        1 => {
            f.field = cycle(
                &m.fields.iter().map(|x| x.id.clone()).collect::<Vec<_>>(),
                &f.field,
                step,
            )
        }
        2 => {
            f.status = cycle(
                &[
                    ProcedureStatus::Published,
                    ProcedureStatus::Amended,
                    ProcedureStatus::Abolished,
                    ProcedureStatus::Draft,
                ],
                &f.status,
                step,
            )
        }
        3 => {
            f.online = cycle(
                &[OnlineMode::Full, OnlineMode::Partial, OnlineMode::None],
                &f.online,
                step,
            )
        }
        _ => f.overdue = !f.overdue,
    }
    app.catalog.selected = 0;
    app.refresh_rows(false);
}

fn on_mouse(app: &mut App, m: MouseEvent) {
    // Under a dialog or the form (even with the help over them), the wheel is ↑/↓ and a click
    // does nothing.
    if matches!(app.mode_under_overlay(), Mode::Dialog | Mode::Form) {
        match m.kind {
            MouseEventKind::ScrollDown => update(app, Action::Down),
            MouseEventKind::ScrollUp => update(app, Action::Up),
            _ => {}
        }
        return;
    }
    match m.kind {
        MouseEventKind::ScrollDown => move_by(app, 3),
        MouseEventKind::ScrollUp => move_by(app, -3),
        MouseEventKind::Down(MouseButton::Left) => {
            if app.overlay != Overlay::None {
                app.overlay = Overlay::None;
                return;
            }
            match super::layout::hit(app, m.column, m.row) {
                Hit::TabBar(Some(tab)) if !outlines_only(app) => go_tab(app, tab),
                // Under a page, only the tab bar answers clicks.
                _ if app.screen.page().is_some() => {}
                Hit::Header(Some(col)) if app.tab == Tab::Catalog => {
                    if app.catalog.sort == Some(col) {
                        app.catalog.descending = !app.catalog.descending;
                    } else {
                        app.catalog.sort = Some(col);
                        app.catalog.descending = false;
                    }
                    app.refresh_rows(true);
                }
                Hit::Row(clicked) => {
                    let (offset, selected) = match app.tab {
                        Tab::Catalog => (app.catalog.offset, app.catalog.selected),
                        Tab::History => (app.history.offset, app.history.selected),
                        Tab::Proposals => (0, app.proposals_selected),
                        Tab::Publish => (0, app.publish_selected),
                        Tab::Reviews => (0, app.reviewing.selected),
                        Tab::Decisions => (0, app.deciding.selected),
                    };
                    let target = offset + clicked;
                    if target == selected {
                        if !outlines_only(app) {
                            open(app);
                        }
                    } else {
                        move_by(app, target as isize - selected as isize);
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// Whether the list shows outlines while the whole records load (issue 15); if so, says so.
fn outlines_only(app: &mut App) -> bool {
    if app.data.as_ref().is_some_and(|d| d.partial) {
        app.info(wait_note(app.lang));
        return true;
    }
    false
}

fn wait_note(lang: tthc::i18n::Lang) -> &'static str {
    lang.pick(
        "Đang tải toàn bộ danh mục, xin chờ giây lát…",
        "Still loading the whole catalogue, one moment…",
    )
}

/// Free a catalogue the app no longer shows on a thread of its own: at a hundred thousand
/// procedures, freeing millions of strings takes longer than a keystroke may wait (issue 15).
fn drop_elsewhere<T: Send + 'static>(old: Option<T>) {
    if let Some(old) = old {
        std::thread::spawn(move || drop(old));
    }
}
