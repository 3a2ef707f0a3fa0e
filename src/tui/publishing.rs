//! The publish tab's work: what publishing now would change (the decision appendix's three
//! sections, validation, uncommitted files), and publishing with the decision's data.

use super::action::Action;
use super::app::{App, Job, JobResult, Modal};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::path::{Path, PathBuf};
use tthc::workspace::{self, PublishRequest};

fn textarea(text: &str) -> ratatui_textarea::TextArea<'static> {
    let mut area = ratatui_textarea::TextArea::new(vec![text.to_owned()]);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

fn text(area: &ratatui_textarea::TextArea<'static>) -> String {
    area.lines().join(" ").trim().to_owned()
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
                app.error(lang.pick(
                    "Chưa xuất bản được: còn lỗi kiểm tra hoặc thay đổi chưa ghi (xem phía trên).",
                    "Cannot publish yet: validation errors or uncommitted changes (see above).",
                ));
            }
            _ => {
                let out = default_out(&app.root);
                app.modal = Some(Modal::Publish {
                    fields: Box::new([
                        textarea(""),
                        textarea(&app.today.to_string()),
                        textarea(""),
                        textarea(""),
                        textarea(&out.display().to_string()),
                    ]),
                    focus: 0,
                });
            }
        }
    }
}

pub fn on_modal_key(
    app: &mut App,
    mut fields: Box<[ratatui_textarea::TextArea<'static>; 5]>,
    mut focus: usize,
    key: KeyEvent,
) {
    let lang = app.lang;
    match key.code {
        KeyCode::Esc => return,
        KeyCode::Tab | KeyCode::Down => focus = (focus + 1) % 5,
        KeyCode::BackTab | KeyCode::Up => focus = (focus + 4) % 5,
        KeyCode::Enter => {
            let parse = |s: String| {
                if s.is_empty() {
                    Ok(None)
                } else {
                    s.parse::<tthc::model::Date>().map(Some)
                }
            };
            let decision = text(&fields[0]);
            match (parse(text(&fields[1])), parse(text(&fields[2]))) {
                (Ok(Some(date)), Ok(effective)) if !decision.is_empty() => {
                    let signer = Some(text(&fields[3])).filter(|s| !s.is_empty());
                    let out = PathBuf::from(text(&fields[4]));
                    app.saving = true;
                    app.loading = Some(lang.pick("Đang xuất bản…", "Publishing…").into());
                    app.jobs.push(Job::Publish(Box::new(PublishRequest { decision, date, effective, signer, out })));
                    return;
                }
                _ => app.error(lang.pick(
                    "Cần số quyết định và ngày quyết định (YYYY-MM-DD); ngày hiệu lực nếu có cũng theo dạng đó.",
                    "A decision number and its date (YYYY-MM-DD) are needed; an effective date, if any, too.",
                )),
            }
        }
        _ => {
            fields[focus].input(key);
        }
    }
    app.modal = Some(Modal::Publish { fields, focus });
}

pub fn run(root: &Path, job: Job) -> JobResult {
    match job {
        Job::Publish(req) => JobResult::Published(
            req.out.clone(),
            workspace::publish(root, &req)
                .map(Box::new)
                .map_err(|e| e.to_string()),
        ),
        _ => JobResult::Preview(
            workspace::publish_preview(root, None)
                .map(Box::new)
                .map_err(|e| e.to_string()),
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
                        lang.pick("Đã xuất bản", "Published"),
                        report.record.decision,
                        lang.pick("thẻ", "tag"),
                        report.tag,
                        lang.pick("trang web", "site"),
                        out.display()
                    ));
                    app.jobs.push(Job::LoadCatalog);
                    app.jobs.push(Job::PublishPreview);
                }
                Err(e) => app.error(e),
            }
        }
        _ => {}
    }
}
