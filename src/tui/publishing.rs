//! The publish tab's work: what publishing now would change (the decision appendix's three
//! sections, validation, uncommitted files), and publishing with the decision's data.

use super::action::Action;
use super::app::{App, Modal};
use super::jobs::{Job, JobResult};
use super::textbox;
use ratatui::crossterm::event::KeyEvent;
use std::path::{Path, PathBuf};
use tthc::i18n::Lang;
use tthc::present::parse_date_input;
use tthc::workspace::{self, PublishRequest};

fn textarea(text: &str) -> ratatui_textarea::TextArea<'static> {
    textbox::new(text)
}

fn text(area: &ratatui_textarea::TextArea<'static>) -> String {
    area.lines().join(" ").trim().to_owned()
}

/// The publishing dialog: decision number, date, effective date, signer, output folder.
pub struct Publish {
    pub fields: Box<[ratatui_textarea::TextArea<'static>; 5]>,
    pub focus: usize,
}

/// The default folder for the exported site: beside the catalogue, never inside the tracked files.
pub fn default_out(root: &Path) -> PathBuf {
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "catalog".into());
    root.parent()
        .unwrap_or(root)
        .join(format!("{name}-xuat-ban"))
}

pub fn request_preview(app: &mut App) {
    app.jobs.push(Job::PublishPreview);
}

pub fn act(app: &mut App, action: Action) {
    if action == Action::Publish {
        let lang = app.lang;
        match &app.preview {
            Some(p) if !p.ready() => {
                app.error_because(
                    lang.pick(
                        "Chưa niêm yết được: còn lỗi kiểm tra hoặc thay đổi chưa ghi (xem phía trên).",
                        "Cannot post yet: validation errors or uncommitted changes (see above).",
                    ),
                    super::app::Cause::PublishBlocked,
                );
            }
            _ => {
                let out = default_out(&app.root);
                app.modal = Some(Modal::Publish(Publish {
                    fields: Box::new([
                        textarea(""),
                        textarea(&tthc::present::date_display(app.today, lang)),
                        textarea(""),
                        textarea(""),
                        textarea(&out.display().to_string()),
                    ]),
                    focus: 0,
                }));
            }
        }
    }
}

/// Keys of the publishing dialog, already looked up in the key table.
pub fn publish_key(app: &mut App, m: Publish, action: Option<Action>, key: KeyEvent) {
    let lang = app.lang;
    let Publish {
        mut fields,
        mut focus,
    } = m;
    match action {
        Some(Action::Back) => return,
        Some(Action::NextBox) => focus = (focus + 1) % 5,
        Some(Action::PrevBox) => focus = (focus + 4) % 5,
        Some(Action::Confirm) => {
            let parse = |s: String| {
                if s.is_empty() {
                    Ok(None)
                } else {
                    parse_date_input(&s).map(Some).ok_or(())
                }
            };
            let decision = text(&fields[0]);
            match (parse(text(&fields[1])), parse(text(&fields[2]))) {
                (Ok(Some(date)), Ok(effective)) if !decision.is_empty() => {
                    let signer = Some(text(&fields[3])).filter(|s| !s.is_empty());
                    let out = PathBuf::from(text(&fields[4]));
                    app.saving = true;
                    app.loading = Some(lang.pick("Đang niêm yết…", "Posting…").into());
                    app.jobs.push(Job::Publish(Box::new(PublishRequest { decision, date, effective, signer, out })));
                }
                _ => app.refuse(lang.pick(
                    "Cần số quyết định và ngày quyết định (dd/mm/yyyy); ngày hiệu lực nếu có cũng theo dạng đó.",
                    "A decision number and its date (YYYY-MM-DD or dd/mm/yyyy) are needed; an effective date, if any, too.",
                )),
            }
        }
        _ => {
            if textbox::apply(&mut fields[focus], action, &key, false) == textbox::Outcome::Changed
            {
                app.dialog_error = None;
            }
        }
    }
    // The dialog stays open while publishing runs, so a refusal keeps what was typed.
    app.modal = Some(Modal::Publish(Publish { fields, focus }));
}

/// Run a publishing job; a refusal is worded in `lang`.
pub fn run(root: &Path, lang: Lang, job: Job) -> JobResult {
    use tthc::words::Message;
    match job {
        Job::Publish(req) => JobResult::Published(
            req.out.clone(),
            workspace::publish(root, &req)
                .map(Box::new)
                .map_err(|e| e.message(lang)),
        ),
        _ => JobResult::Preview(
            workspace::publish_preview(root, None)
                .map(Box::new)
                .map_err(|e| e.message(lang)),
        ),
    }
}

pub fn on_job(app: &mut App, result: JobResult) {
    let lang = app.lang;
    match result {
        JobResult::Preview(Ok(p)) => app.preview = Some(p),
        JobResult::Preview(Err(e)) => app.error(e),
        JobResult::Published(out, result) => {
            app.saving = false;
            match result {
                Ok(report) => {
                    app.modal = None;
                    app.info(format!(
                        "{} {} — {} {} · {}: {}",
                        lang.pick("Đã niêm yết", "Posted"),
                        report.record.decision,
                        lang.pick("thẻ", "tag"),
                        report.tag,
                        lang.pick("trang web", "site"),
                        out.display()
                    ));
                    app.reload();
                    app.jobs.push(Job::PublishPreview);
                }
                Err(e) => {
                    if app.modal.is_some() {
                        app.refuse(e);
                    } else {
                        app.error(e);
                    }
                }
            }
        }
        _ => {}
    }
}
