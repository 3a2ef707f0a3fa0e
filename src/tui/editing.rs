//! Editing in the TUI: opening forms, their keys, saving as one commit, the three-way compare
//! when something moved underneath, leaving with unsaved changes, and restoring from the journal.

use super::action::Action;
use super::app::{App, Modal, Screen};
use super::form::{self, Form};
use super::jobs::{Job, JobResult, SaveFailure};
use super::proposing::{Abolish, Step};
use super::publishing::Publish;
use super::textbox;
use ratatui::crossterm::event::KeyEvent;
use std::path::PathBuf;
use tthc::diff::field_changes;
use tthc::i18n::Lang;
use tthc::model::Procedure;
use tthc::{store, validate, workspace};

fn textarea(text: &str) -> ratatui_textarea::TextArea<'static> {
    textbox::new(text)
}

/// The save dialog: the changes about to be saved and the commit message.
pub struct SaveReview {
    /// What is saved ("Sửa 1.001193 (Cấp xã)"), and the changes, field by field.
    pub heading: String,
    pub changes: Vec<tthc::diff::FieldChange>,
    /// The commit message; for a proposal its own words: reason, title, plan, compliance
    /// cost before and after.
    pub fields: Vec<ratatui_textarea::TextArea<'static>>,
    pub focus: usize,
    /// The file's text to write.
    pub text: String,
}

/// The three-way compare: the file or HEAD changed since the form opened; choose per field.
pub struct Conflict {
    pub conflicts: Vec<form::FieldConflict>,
    pub merged: serde_json::Value,
    pub theirs: Option<Box<Procedure>>,
    pub theirs_text: Option<String>,
    pub theirs_head: Option<String>,
    pub selected: usize,
}

/// Unsaved forms found in the journal at start.
pub struct Recovery {
    pub entries: Vec<workspace::journal::JournalEntry>,
    pub selected: usize,
}

/// A new procedure: its level and code first.
pub struct NewProcedure {
    pub level: usize,
    pub code: ratatui_textarea::TextArea<'static>,
    pub purpose: Option<tthc::model::ProposalKind>,
}

/// Open the form on the selected procedure (restoring its journal entry if there is one).
pub fn open_edit(app: &mut App) {
    let lang = app.lang;
    if app.as_of.is_some() {
        app.error(lang.pick(
            "Đang xem danh mục cũ (chỉ đọc). Esc để trở lại rồi sửa.",
            "This is an old catalogue (read-only). Esc to return, then edit.",
        ));
        return;
    }
    let Some(data) = app.data.clone() else { return };
    let stored = match app.screen.page() {
        Some(page) => page
            .procedure
            .as_ref()
            .and_then(|(level, code, _)| data.cat.procedure(level, code)),
        None => app
            .catalog
            .rows
            .get(app.catalog.selected)
            .and_then(|&i| data.procedure_at(i)),
    };
    let Some(stored) = stored else {
        if app.screen.page().is_none() && app.catalog.rows.get(app.catalog.selected).is_some() {
            app.error(lang.pick(
                "Tệp này không đọc được nên chưa sửa trong biểu mẫu được: sửa tệp bằng trình soạn thảo, rồi ctrl-r để tải lại.",
                "This file does not parse, so the form cannot open it: fix the file in an editor, then ctrl-r to reload.",
            ));
        }
        return;
    };
    let root = app.root.clone();
    if let Ok(entries) = workspace::journal::list(&root)
        && let Some(entry) = entries
            .iter()
            .find(|e| e.file == stored.path && e.purpose.is_none())
    {
        restore(app, entry.clone());
        app.info(lang.pick(
            "Đã mở lại phần sửa chưa lưu từ lần trước.",
            "Reopened the unsaved edit from last time.",
        ));
        return;
    }
    let text = match std::fs::read_to_string(root.join(&stored.path)) {
        Ok(t) => t,
        Err(e) => return app.error(tthc::i18n::io_error(&e, lang)),
    };
    let head = workspace::head(&root).ok().flatten();
    let mut form = Form::edit(&stored.record, stored.path.clone(), text, head, lang);
    form.validate(&data.cat, lang);
    app.screen.close_page();
    app.screen = Screen::Form(form);
}

fn restore(app: &mut App, entry: workspace::journal::JournalEntry) {
    let lang = app.lang;
    let Some(data) = app.data.clone() else { return };
    let base = entry
        .base_text
        .as_deref()
        .and_then(|t| store::parse_text::<Procedure>(&entry.file, t).ok());
    let mut form = Form::restore(&entry, base, lang);
    form.validate(&data.cat, lang);
    app.screen.close_page();
    app.screen = Screen::Form(form);
}

fn save_journal(app: &mut App) {
    super::reviewing::journal_tick(app);
    if let Some(form) = app.screen.form_mut()
        && form.journal_due
    {
        let entry = form.journal_entry(jiff::Timestamp::now().as_second());
        match workspace::journal::save(&app.root, &entry) {
            Ok(()) => form.journal_due = false,
            Err(e) => {
                let text = tthc::words::Message::message(&e, app.lang);
                app.status = Some((text, super::app::StatusKind::Error));
            }
        }
    }
}

/// Write the journal of the open form now if it has unsaved changes not yet journaled.
pub fn flush_journal(app: &mut App) {
    save_journal(app);
}

/// Leave the form: at once when nothing changed, else ask.
fn leave(app: &mut App) {
    match app.screen.form() {
        Some(form) if form.is_dirty() => app.modal = Some(Modal::ConfirmLeave),
        Some(form) => {
            let (file, purpose) = (form.file.clone(), form.purpose_key());
            let _ = workspace::journal::remove(&app.root, &file, purpose);
            app.screen.take_form();
        }
        None => {}
    }
}

fn discard(app: &mut App) {
    if let Some(form) = app.screen.take_form() {
        let _ = workspace::journal::remove(&app.root, &form.file, form.purpose_key());
        app.info(
            app.lang
                .pick("Đã bỏ các thay đổi chưa lưu.", "Unsaved changes discarded."),
        );
    }
    app.modal = None;
}

/// `ctrl-s`: refuse while errors remain; otherwise show the changes and the commit message.
fn start_save(app: &mut App) {
    let lang = app.lang;
    let Some(data) = app.data.clone() else { return };
    let Some(form) = app.screen.form_mut() else {
        return;
    };
    if form.edit.is_some() {
        form.finish_edit(&data.cat, lang);
    }
    form.validate(&data.cat, lang);
    let errors = form.errors();
    let Some(record) = form.record.clone().filter(|_| errors == 0) else {
        let first = form
            .problems
            .iter()
            .find(|p| p.severity == tthc::diagnostic::Severity::Error)
            .map(|p| form.row_of(&p.pointer));
        if let Some(row) = first {
            form.cursor = row;
        }
        app.error_because(
            format!(
                "{} {} {}",
                lang.pick("Chưa lưu được: còn", "Cannot save yet:"),
                errors.max(1),
                lang.pick("lỗi (đánh dấu ✗).", "errors remain (marked ✗).")
            ),
            super::app::Cause::FormErrors,
        );
        return;
    };
    if !form.is_dirty() {
        app.info(lang.pick("Không có gì thay đổi để lưu.", "Nothing changed to save."));
        return;
    }
    let text = match store::canonical_text(&form.file, &record) {
        Ok(t) => t,
        Err(e) => return app.error(tthc::words::Message::message(&e, lang)),
    };
    let base = form.base.clone().unwrap_or_default();
    let heading = format!(
        "{} {} ({})",
        if form.is_new {
            lang.pick("Thêm", "Add")
        } else {
            lang.pick("Sửa", "Edit")
        },
        record.code,
        data.cat.manifest.level_name(&record.level)
    );
    let changes = field_changes(&base, &record);
    let fields = match form.purpose {
        // For a proposal: its reason, title, plan and compliance cost.
        Some(_) => super::proposing::detail_boxes(),
        None => vec![textarea(&workspace::describe_change(
            &data.cat.manifest,
            form.base.as_ref(),
            &record,
            lang,
        ))],
    };
    app.modal = Some(Modal::SaveReview(SaveReview {
        heading,
        changes,
        fields,
        focus: 0,
        text,
    }));
}

/// Save the form (one commit with `message`), or draft its proposal with `details`.
fn confirm_save(
    app: &mut App,
    message: String,
    details: Option<super::proposing::Details>,
    text: String,
) {
    let Some(form) = app.screen.form() else {
        return;
    };
    if let Some(kind) = form.purpose {
        let Some(record) = form.record.clone() else {
            return;
        };
        let target = form.base.as_ref().map(|b| tthc::model::Target {
            level: b.level.to_string(),
            code: b.code.to_string(),
        });
        let d = details.unwrap_or(super::proposing::Details {
            rationale: Some(message),
            title: None,
            plan: None,
            cost: None,
        });
        let request = workspace::proposals::DraftRequest {
            kind,
            target,
            title: d.title,
            rationale: d.rationale,
            plan: d.plan,
            compliance_cost: d.cost,
            proposed: Some(record),
            ..Default::default()
        };
        let journal = Some((form.file.clone(), super::form::purpose_key(kind).to_owned()));
        app.saving = true;
        app.loading = Some(
            app.lang
                .pick("Đang soạn đề xuất…", "Drafting the proposal…")
                .into(),
        );
        app.jobs.push(Job::Proposal {
            op: super::jobs::ProposalOp::Draft(Box::new(request)),
            lang: app.lang,
            today: app.today,
            journal,
        });
        return;
    }
    app.saving = true;
    app.loading = Some(app.lang.pick("Đang lưu…", "Saving…").into());
    app.jobs.push(Job::Save {
        file: form.file.clone(),
        base_head: form.base_head.clone(),
        base_text: form.base_text.clone(),
        text,
        message,
    });
}

/// Form and modal actions from the key table.
pub fn act(app: &mut App, action: Action) -> bool {
    let lang = app.lang;
    match action {
        Action::EditProcedure => open_edit(app),
        Action::NewProcedure => {
            if app.as_of.is_some() {
                app.error(lang.pick(
                    "Đang xem danh mục cũ (chỉ đọc).",
                    "This is an old catalogue (read-only).",
                ));
            } else {
                app.modal = Some(Modal::NewProcedure(NewProcedure {
                    level: 0,
                    code: textarea(""),
                    purpose: None,
                }));
            }
        }
        Action::Save => start_save(app),
        _ => {
            let Some(data) = app.data.clone() else {
                return true;
            };
            let cat = &data.cat;
            let height = app.list_height();
            let Some(form) = app.screen.form_mut() else {
                return false;
            };
            let message = match action {
                Action::FormEdit => form.activate(cat, lang),
                Action::FormAdd => form.add(cat, lang),
                Action::FormDelete => form.delete(cat, lang),
                Action::FormMoveUp => {
                    form.move_item(-1, cat, lang);
                    None
                }
                Action::FormMoveDown => {
                    form.move_item(1, cat, lang);
                    None
                }
                Action::Undo => (!form.undo(cat, lang)).then(|| {
                    lang.pick("Không còn gì để hoàn tác.", "Nothing to undo.")
                        .to_owned()
                }),
                Action::Redo => (!form.redo(cat, lang)).then(|| {
                    lang.pick("Không còn gì để làm lại.", "Nothing to redo.")
                        .to_owned()
                }),
                Action::Back | Action::Quit => {
                    leave(app);
                    return true;
                }
                Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Home
                | Action::End => {
                    let h = height as isize;
                    let delta = match action {
                        Action::Up => -1,
                        Action::Down => 1,
                        Action::PageUp => -h,
                        Action::PageDown => h,
                        Action::Home => isize::MIN / 2,
                        _ => isize::MAX / 2,
                    };
                    let len = form.rows.len() as isize;
                    form.cursor =
                        (form.cursor as isize + delta).clamp(0, (len - 1).max(0)) as usize;
                    if form.cursor < form.offset {
                        form.offset = form.cursor;
                    } else if form.cursor >= form.offset + height {
                        form.offset = form.cursor + 1 - height;
                    }
                    None
                }
                Action::Help | Action::Palette => return false,
                _ => Some(
                    lang.pick(
                        "Đang mở biểu mẫu: lưu (ctrl-s) hoặc thoát (Esc) trước.",
                        "A form is open: save (ctrl-s) or leave (Esc) first.",
                    )
                    .to_owned(),
                ),
            };
            if let Some(m) = message {
                app.info(m);
            }
        }
    }
    true
}

/// Keys of the dialog asking before unsaved changes are dropped.
pub fn confirm_leave_key(app: &mut App, action: Option<Action>) {
    match action {
        Some(Action::Save) => start_save(app),
        Some(Action::Discard) => discard(app),
        Some(Action::Back) => {}
        _ => app.modal = Some(Modal::ConfirmLeave),
    }
}

/// Keys of the save dialog, already looked up in the key table.
pub fn save_review_key(app: &mut App, m: SaveReview, action: Option<Action>, key: KeyEvent) {
    let lang = app.lang;
    let SaveReview {
        heading,
        changes,
        mut fields,
        mut focus,
        text,
    } = m;
    let purpose = app.screen.form().and_then(|f| f.purpose);
    match action {
        Some(Action::Back) => return,
        Some(Action::NextBox) => focus = (focus + 1) % fields.len().max(1),
        Some(Action::PrevBox) => focus = (focus + fields.len().max(1) - 1) % fields.len().max(1),
        Some(Action::Confirm) => {
            let first = fields.first().and_then(textbox::value);
            let ready = match purpose {
                Some(kind) => match super::proposing::read_details(&fields, kind, lang) {
                    Ok(d) if d.rationale.is_some() => Ok((String::new(), Some(d))),
                    Ok(_) => Err((
                        lang.pick(
                            "Cần ghi lý do đề xuất.",
                            "A reason for the proposal is needed.",
                        )
                        .to_owned(),
                        0,
                    )),
                    Err(e) => Err(e),
                },
                None => first.map(|m| (m, None)).ok_or_else(|| {
                    (
                        lang.pick("Cần có nội dung lần ghi.", "A commit message is needed.")
                            .to_owned(),
                        0,
                    )
                }),
            };
            match ready {
                Err((why, at)) => {
                    app.refuse(why);
                    focus = at;
                }
                Ok((message, details)) => {
                    // The dialog stays open while the work runs, so a refusal
                    // keeps what was typed.
                    app.modal = Some(Modal::SaveReview(SaveReview {
                        heading,
                        changes,
                        fields,
                        focus,
                        text: text.clone(),
                    }));
                    confirm_save(app, message, details, text);
                    return;
                }
            }
        }
        _ => {
            if let Some(area) = fields.get_mut(focus)
                && textbox::apply(area, action, &key, false) == textbox::Outcome::Changed
            {
                app.dialog_error = None;
            }
        }
    }
    app.modal = Some(Modal::SaveReview(SaveReview {
        heading,
        changes,
        fields,
        focus,
        text,
    }));
}

/// Keys of the three-way compare, already looked up in the key table.
pub fn conflict_key(app: &mut App, m: Conflict, action: Option<Action>) {
    let lang = app.lang;
    let Conflict {
        mut conflicts,
        merged,
        theirs,
        theirs_text,
        theirs_head,
        mut selected,
    } = m;
    match action {
        Some(Action::Back) => return,
        Some(Action::Up) => selected = selected.saturating_sub(1),
        Some(Action::Down) => selected = (selected + 1).min(conflicts.len().saturating_sub(1)),
        Some(a @ (Action::KeepMine | Action::TakeTheirs | Action::Toggle)) => {
            if let Some(c) = conflicts.get_mut(selected) {
                c.keep_mine = match a {
                    Action::KeepMine => true,
                    Action::TakeTheirs => false,
                    _ => !c.keep_mine,
                };
            }
        }
        Some(Action::Confirm) => {
            let value = form::resolve(merged, &conflicts);
            if let (Some(data), Some(f)) = (app.data.clone(), app.screen.form_mut()) {
                f.rebase(
                    value,
                    theirs.map(|b| *b),
                    theirs_text,
                    theirs_head,
                    &data.cat,
                    lang,
                );
            }
            start_save(app);
            return;
        }
        _ => {}
    }
    app.modal = Some(Modal::Conflict(Conflict {
        conflicts,
        merged,
        theirs,
        theirs_text,
        theirs_head,
        selected,
    }));
}

/// Keys of the recovery dialog, already looked up in the key table.
pub fn recovery_key(app: &mut App, m: Recovery, action: Option<Action>) {
    let Recovery {
        mut entries,
        mut selected,
    } = m;
    match action {
        Some(Action::Up) => selected = selected.saturating_sub(1),
        Some(Action::Down) => selected = (selected + 1).min(entries.len().saturating_sub(1)),
        Some(Action::Restore) => {
            let entry = entries.remove(selected);
            if entry.purpose.as_deref() == Some(super::reviewing::JOURNAL_PURPOSE) {
                super::reviewing::restore(app, entry);
            } else {
                restore(app, entry);
            }
            return;
        }
        Some(Action::Discard) => {
            let entry = entries.remove(selected);
            let _ = workspace::journal::remove(&app.root, &entry.file, entry.purpose.as_deref());
            selected = selected.min(entries.len().saturating_sub(1));
        }
        Some(Action::Back) => return,
        _ => {}
    }
    if !entries.is_empty() {
        app.modal = Some(Modal::Recovery(Recovery { entries, selected }));
    }
}

/// Keys of the new procedure dialog, already looked up in the key table.
pub fn new_procedure_key(app: &mut App, m: NewProcedure, action: Option<Action>, key: KeyEvent) {
    let NewProcedure {
        mut level,
        mut code,
        purpose,
    } = m;
    match action {
        Some(Action::Back) => {}
        Some(a @ (Action::ChoiceNext | Action::ChoicePrev)) => {
            let n = app
                .data
                .as_ref()
                .map_or(1, |d| d.cat.manifest.levels.len().max(1));
            level = if a == Action::ChoicePrev {
                (level + n - 1) % n
            } else {
                (level + 1) % n
            };
            app.dialog_error = None;
            app.modal = Some(Modal::NewProcedure(NewProcedure {
                level,
                code,
                purpose,
            }));
        }
        Some(Action::Confirm) => create(app, level, code, purpose),
        _ => {
            if textbox::apply(&mut code, action, &key, false) == textbox::Outcome::Changed {
                app.dialog_error = None;
            }
            app.modal = Some(Modal::NewProcedure(NewProcedure {
                level,
                code,
                purpose,
            }));
        }
    };
}

/// Keys of the form's picker or text box, already looked up in the key table.
pub fn form_key(app: &mut App, action: Option<Action>, key: KeyEvent) {
    let lang = app.lang;
    let Some(data) = app.data.clone() else {
        return;
    };
    let Some(form) = app.screen.form_mut() else {
        return;
    };
    if let Some(picker) = &mut form.picker {
        match action {
            Some(Action::Up) => picker.selected = picker.selected.saturating_sub(1),
            Some(Action::Down) => {
                picker.selected = (picker.selected + 1).min(picker.options.len().saturating_sub(1))
            }
            Some(Action::Confirm) => form.pick(&data.cat, lang),
            Some(Action::Back) => form.picker = None,
            _ => {}
        }
        return;
    }
    if let Some(edit) = &mut form.edit {
        let multiline = matches!(edit.kind, form::schema::Kind::Text { multiline: true });
        match action {
            Some(Action::Back) => form.finish_edit(&data.cat, lang),
            Some(Action::Save) => {
                form.finish_edit(&data.cat, lang);
                start_save(app);
            }
            _ => match textbox::apply(&mut edit.area, action, &key, multiline) {
                textbox::Outcome::Done => form.finish_edit(&data.cat, lang),
                textbox::Outcome::Changed => form.sync_edit(&data.cat, lang),
                textbox::Outcome::Same => {}
            },
        }
    }
}

/// Text pasted into the terminal goes into the text box that has the focus: tabs become spaces,
/// and a one-line box keeps it on one line.
pub fn on_paste(app: &mut App, text: &str) {
    let lang = app.lang;
    if super::importing::on_paste(app, text) {
        return;
    }
    if let Some(modal) = &mut app.modal {
        let area = match modal {
            Modal::SaveReview(SaveReview { fields, focus, .. })
            | Modal::Abolish(Abolish { fields, focus, .. }) => fields.get_mut(*focus),
            Modal::NewProcedure(NewProcedure { code, .. }) => Some(code),
            Modal::Step(Step {
                fields,
                focus,
                kind,
                ..
            }) => match super::proposing::step_rows(*kind).get(*focus) {
                Some(super::proposing::StepRow::Text(i)) => fields.get_mut(*i),
                _ => None,
            },
            Modal::Publish(Publish { fields, focus }) => fields.get_mut(*focus),
            _ => None,
        };
        if let Some(area) = area {
            area.insert_str(textbox::pasted(text, false));
            app.dialog_error = None;
        }
        return;
    }
    if app.screen.searching() {
        app.catalog.query.push_str(&textbox::pasted(text, false));
        app.refresh_rows(false);
        return;
    }
    let Some(data) = app.data.clone() else { return };
    if let Some(form) = app.screen.form_mut()
        && let Some(edit) = &mut form.edit
    {
        let multiline = matches!(edit.kind, form::schema::Kind::Text { multiline: true });
        edit.area.insert_str(textbox::pasted(text, multiline));
        form.sync_edit(&data.cat, lang);
    }
}

fn create(
    app: &mut App,
    level: usize,
    code_area: ratatui_textarea::TextArea<'static>,
    purpose: Option<tthc::model::ProposalKind>,
) {
    let lang = app.lang;
    let Some(data) = app.data.clone() else { return };
    let m = &data.cat.manifest;
    let code = code_area.lines().join("").trim().to_owned();
    let Some(level_id) = m.levels.get(level).map(|l| l.id.clone()) else {
        return;
    };
    let problem = if !validate::is_valid_code(&code) {
        Some(lang.pick(
            "Mã phải có dạng d.dddddd (ví dụ 1.001193).",
            "The code must look like d.dddddd (e.g. 1.001193).",
        ))
    } else if data.cat.procedure(&level_id, &code).is_some() {
        Some(lang.pick(
            "Mã này đã có ở cấp đã chọn.",
            "This code already exists at that level.",
        ))
    } else {
        None
    };
    if let Some(p) = problem {
        app.refuse(p);
        app.modal = Some(Modal::NewProcedure(NewProcedure {
            level,
            code: code_area,
            purpose,
        }));
        return;
    }
    let file: PathBuf = store::procedure_path(m.layout, &level_id, &code);
    let head = workspace::head(&app.root).ok().flatten();
    let mut f = Form::create(&level_id, &code, file, head, lang);
    f.purpose = purpose;
    f.validate(&data.cat, lang);
    app.screen = Screen::Form(f);
}

/// Results of the save and journal jobs.
pub fn on_job(app: &mut App, result: JobResult) {
    let lang = app.lang;
    match result {
        JobResult::Saved { message, result } => {
            app.saving = false;
            match result {
                Ok(commit) => {
                    if let Some(form) = app.screen.take_form() {
                        let _ =
                            workspace::journal::remove(&app.root, &form.file, form.purpose_key());
                    }
                    app.modal = None;
                    app.info(format!(
                        "{} {} — {message}",
                        lang.pick("Đã lưu", "Saved"),
                        &commit[..10.min(commit.len())]
                    ));
                    app.reload();
                }
                Err(SaveFailure::Other(e)) => {
                    app.modal = None;
                    app.error(format!(
                        "{} {e}",
                        lang.pick(
                            "Chưa lưu (phần sửa vẫn giữ nguyên):",
                            "Not saved (your edit is kept):"
                        )
                    ));
                }
                Err(SaveFailure::Stale { theirs_text, head }) => {
                    app.modal = None;
                    let Some(form) = app.screen.form() else {
                        return;
                    };
                    let to_json = |p: &Procedure| serde_json::to_value(p).unwrap_or_default();
                    let theirs: Option<Procedure> = theirs_text
                        .as_deref()
                        .and_then(|t| store::parse_text(&form.file, t).ok());
                    let base = form
                        .base
                        .as_ref()
                        .map(to_json)
                        .unwrap_or(serde_json::Value::Object(Default::default()));
                    let theirs_value = theirs
                        .as_ref()
                        .map(to_json)
                        .unwrap_or(serde_json::Value::Object(Default::default()));
                    let (merged, conflicts) = form::three_way(&base, &theirs_value, &form.value);
                    app.error(lang.pick(
                        "Tệp hoặc kho đã thay đổi từ khi mở biểu mẫu; chưa lưu. So sánh và chọn từng trường.",
                        "The file or the repository changed since the form opened; not saved. Compare and choose per field.",
                    ));
                    app.modal = Some(Modal::Conflict(Conflict {
                        conflicts,
                        merged,
                        theirs: theirs.map(Box::new),
                        theirs_text,
                        theirs_head: head,
                        selected: 0,
                    }));
                }
            }
        }
        JobResult::Journal(entries) if !entries.is_empty() && app.screen.form().is_none() => {
            app.modal = Some(Modal::Recovery(Recovery {
                entries,
                selected: 0,
            }));
        }
        _ => {}
    }
}

/// Run the save job: the file is written and committed only if nothing moved since the form
/// opened.
pub fn run_save(
    root: &std::path::Path,
    lang: Lang,
    file: PathBuf,
    base_head: Option<String>,
    base_text: Option<String>,
    text: String,
    message: String,
) -> JobResult {
    use tthc::history::HistoryError;
    use workspace::{Transaction, WorkspaceError};
    // The catalogue was in an older format: migrated first (said with the save's message).
    let mut migrated = None;
    let result = (|| {
        let mut tx = Transaction::resume(root, base_head)?;
        tx.write(&file, base_text.map(String::into_bytes), text.into_bytes());
        let commit = match tx.commit_reporting(&message, None) {
            Ok(done) => {
                migrated = done.migrated;
                done.commit
            }
            // Committed; the file lags behind. Complete it now (or at the next start).
            Err(WorkspaceError::SavedIncomplete { commit, .. }) => {
                let _ = workspace::recover(root);
                commit
            }
            Err(e) => return Err(e),
        };
        let _ = workspace::journal::remove(root, &file, None);
        Ok(commit)
    })();
    let result = result.map_err(|e: WorkspaceError| match e {
        WorkspaceError::FileChanged { .. }
        | WorkspaceError::History(HistoryError::HeadMoved { .. }) => SaveFailure::Stale {
            theirs_text: std::fs::read_to_string(root.join(&file)).ok(),
            head: workspace::head(root).ok().flatten(),
        },
        other => SaveFailure::Other(tthc::words::Message::message_with(
            &other,
            lang,
            workspace::manifest_at(root).as_ref(),
        )),
    });
    let message = match &migrated {
        Some(m) => format!("{message} — {}", tthc::words::migrated_first(m, lang)),
        None => message,
    };
    JobResult::Saved { message, result }
}

/// Write the journal when it is due (the event loop calls this at most a few times a second).
pub fn journal_tick(app: &mut App) {
    save_journal(app);
}
