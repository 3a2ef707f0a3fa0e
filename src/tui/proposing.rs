//! Proposals from the TUI: draft one (abolish from the catalogue with a reason; amend, replace and
//! add through the edit form), and move the selected one along its chain — advance with the
//! document number and date, withdraw, apply — with the four-eyes rule's refusals shown plainly.

use super::action::{Action, Tab};
use super::app::{App, Job, JobResult, Modal, ProposalOp, StepKind};
use super::form::Form;
use super::view;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tthc::model::{ProposalKind, ProposalStatus, Target};
use tthc::proposal_rules::{self, StepRequest};
use tthc::workspace::{self, proposals};

fn textarea(text: &str) -> ratatui_textarea::TextArea<'static> {
    let mut area = ratatui_textarea::TextArea::new(vec![text.to_owned()]);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

fn text(area: &ratatui_textarea::TextArea<'static>) -> Option<String> {
    let t = area.lines().join(" ").trim().to_owned();
    (!t.is_empty()).then_some(t)
}

/// The selected procedure of the catalogue tab, if it can be the target of a proposal.
fn target(app: &mut App) -> Option<(String, String, String)> {
    let lang = app.lang;
    if app.as_of.is_some() {
        app.error(lang.pick(
            "Đang xem danh mục cũ (chỉ đọc).",
            "This is an old catalogue (read-only).",
        ));
        return None;
    }
    let data = app.data.clone()?;
    let &i = app.catalog.rows.get(app.catalog.selected)?;
    let p = &data.cat.procedures[i as usize].record;
    Some((p.level.clone(), p.code.clone(), p.name.clone()))
}

/// The proposal selected in the proposals tab: (id, status).
fn selected_proposal(app: &App) -> Option<(String, ProposalStatus)> {
    let data = app.data.as_ref()?;
    let order = view::proposal_order(&data.cat);
    let &i = order.get(app.proposals_selected)?;
    let p = &data.cat.proposals[i].record;
    Some((p.id.clone(), p.status))
}

fn step_fields(today: tthc::model::Date) -> Box<[ratatui_textarea::TextArea<'static>; 4]> {
    Box::new([
        textarea(""),
        textarea(&today.to_string()),
        textarea(""),
        textarea(""),
    ])
}

pub fn act(app: &mut App, action: Action) {
    let lang = app.lang;
    match action {
        Action::ProposeAbolish => {
            if let Some((level, code, name)) = target(app) {
                app.modal = Some(Modal::Abolish {
                    level,
                    code,
                    name,
                    reason: textarea(""),
                });
            }
        }
        Action::ProposeAmend | Action::ProposeReplace => {
            let Some((level, code, _)) = target(app) else {
                return;
            };
            let Some(data) = app.data.clone() else { return };
            let Some(stored) = data.cat.procedure(&level, &code) else {
                return;
            };
            let text = std::fs::read_to_string(app.root.join(&stored.path)).unwrap_or_default();
            let head = workspace::head(&app.root).ok().flatten();
            let mut form = Form::edit(&stored.record, stored.path.clone(), text, head, lang);
            form.purpose = Some(if action == Action::ProposeAmend {
                ProposalKind::Amend
            } else {
                ProposalKind::Replace
            });
            form.validate(&data.cat, lang);
            app.page = None;
            app.form = Some(form);
            app.info(lang.pick(
                "Soạn nội dung đề xuất trong biểu mẫu; ctrl-s để xem phần sửa đổi và ghi lý do.",
                "Write the proposed record in the form; ctrl-s to review the redline and give the reason.",
            ));
        }
        Action::ProposeAdd => {
            app.modal = Some(Modal::NewProcedure {
                level: 0,
                code: textarea(""),
                purpose: Some(ProposalKind::Add),
            });
        }
        Action::AdvanceProposal | Action::WithdrawProposal | Action::ApplyProposal => {
            let Some((id, status)) = selected_proposal(app) else {
                return;
            };
            let kind = match action {
                Action::AdvanceProposal => StepKind::Advance,
                Action::WithdrawProposal => StepKind::Withdraw,
                _ => StepKind::Apply,
            };
            let options: Vec<ProposalStatus> = match kind {
                StepKind::Advance => proposal_rules::allowed_next(status)
                    .iter()
                    .copied()
                    .filter(|s| !matches!(s, ProposalStatus::Applied | ProposalStatus::Withdrawn))
                    .collect(),
                _ => Vec::new(),
            };
            if kind == StepKind::Advance && options.is_empty() {
                let hint = if status == ProposalStatus::Published {
                    lang.pick(
                        " — nhấn p để cập nhật vào danh mục.",
                        " — press p to apply it to the catalogue.",
                    )
                } else {
                    ""
                };
                app.error(format!(
                    "{}{hint}",
                    lang.pick(
                        "Đề xuất này không còn bước tiếp theo",
                        "This proposal has no next step"
                    )
                ));
                return;
            }
            app.modal = Some(Modal::Step {
                id,
                kind,
                options,
                selected: 0,
                fields: step_fields(app.today),
                focus: 0,
            });
        }
        _ => {}
    }
}

/// Keys of the abolish and step modals.
pub fn on_modal_key(app: &mut App, modal: Modal, key: KeyEvent) {
    let lang = app.lang;
    match modal {
        Modal::Abolish {
            level,
            code,
            name,
            mut reason,
        } => match key.code {
            KeyCode::Esc => {}
            KeyCode::Enter => match text(&reason) {
                None => {
                    app.error(lang.pick(
                        "Cần ghi lý do bãi bỏ.",
                        "A reason for abolishing is needed.",
                    ));
                    app.modal = Some(Modal::Abolish {
                        level,
                        code,
                        name,
                        reason,
                    });
                }
                Some(rationale) => {
                    let request = proposals::DraftRequest {
                        kind: ProposalKind::Abolish,
                        target: Some(Target { level, code }),
                        rationale: Some(rationale),
                        ..Default::default()
                    };
                    submit(app, ProposalOp::Draft(Box::new(request)), None);
                }
            },
            _ => {
                reason.input(key);
                app.modal = Some(Modal::Abolish {
                    level,
                    code,
                    name,
                    reason,
                });
            }
        },
        Modal::Step {
            id,
            kind,
            options,
            mut selected,
            mut fields,
            mut focus,
        } => {
            match key.code {
                KeyCode::Esc => return,
                KeyCode::Tab | KeyCode::Down => focus = (focus + 1) % 4,
                KeyCode::BackTab | KeyCode::Up => focus = (focus + 3) % 4,
                KeyCode::Left if kind == StepKind::Advance && focus == 0 && !options.is_empty() => {
                    selected = (selected + options.len() - 1) % options.len();
                }
                KeyCode::Right
                    if kind == StepKind::Advance && focus == 0 && !options.is_empty() =>
                {
                    selected = (selected + 1) % options.len();
                }
                KeyCode::Enter => {
                    let date = match text(&fields[1]).map(|d| d.parse::<tthc::model::Date>()) {
                        Some(Ok(d)) => Some(d),
                        None => None,
                        Some(Err(_)) => {
                            app.error(lang.pick(
                                "Ngày phải có dạng YYYY-MM-DD.",
                                "The date must be YYYY-MM-DD.",
                            ));
                            app.modal = Some(Modal::Step {
                                id,
                                kind,
                                options,
                                selected,
                                fields,
                                focus,
                            });
                            return;
                        }
                    };
                    let force = text(&fields[3]);
                    let op = match kind {
                        StepKind::Advance => ProposalOp::Advance {
                            id,
                            step: StepRequest {
                                to: options[selected],
                                document_no: text(&fields[0]),
                                date,
                                note: text(&fields[2]),
                                force,
                            },
                        },
                        StepKind::Withdraw => ProposalOp::Withdraw {
                            id,
                            note: text(&fields[2]),
                        },
                        StepKind::Apply => ProposalOp::Apply { id, force, date },
                    };
                    submit(app, op, None);
                    return;
                }
                _ => {
                    fields[focus].input(key);
                }
            }
            app.modal = Some(Modal::Step {
                id,
                kind,
                options,
                selected,
                fields,
                focus,
            });
        }
        other => app.modal = Some(other),
    }
}

fn submit(app: &mut App, op: ProposalOp, journal: Option<(std::path::PathBuf, String)>) {
    app.saving = true;
    app.loading = Some(
        app.lang
            .pick("Đang ghi đề xuất…", "Recording the proposal…")
            .into(),
    );
    app.jobs.push(Job::Proposal {
        op,
        lang: app.lang,
        today: app.today,
        journal,
    });
}

/// Run a proposal operation (on the worker).
pub fn run(
    root: &std::path::Path,
    op: ProposalOp,
    lang: tthc::i18n::Lang,
    today: tthc::model::Date,
    journal: Option<(std::path::PathBuf, String)>,
) -> JobResult {
    let rec = proposals::Recorder::new(today, lang);
    let result = match op {
        ProposalOp::Draft(request) => proposals::draft(root, *request, &rec),
        ProposalOp::Advance { id, step } => proposals::advance(root, &id, step, &rec),
        ProposalOp::Withdraw { id, note } => proposals::withdraw(root, &id, note, &rec),
        ProposalOp::Apply { id, force, date } => proposals::apply(
            root,
            &id,
            &proposals::ApplyOptions {
                force,
                date,
                ..Default::default()
            },
            &rec,
        ),
    };
    if result.is_ok()
        && let Some((file, purpose)) = journal
    {
        let _ = workspace::journal::remove(root, &file, Some(&purpose));
    }
    JobResult::Proposal(result.map_err(|e| tthc::i18n::Message::message(&e, lang)))
}

pub fn on_job(app: &mut App, result: Result<proposals::Recorded, String>) {
    let lang = app.lang;
    app.saving = false;
    match result {
        Ok(recorded) => {
            app.modal = None;
            app.form = None;
            app.tab = Tab::Proposals;
            let mut message = format!("{} — {}", lang.pick("Đã ghi", "Recorded"), recorded.message);
            if recorded.forced {
                message
                    .push_str(lang.pick(" (⚑ vượt quy tắc bốn mắt)", " (⚑ four-eyes overridden)"));
            }
            app.info(message);
            app.loading = Some(
                lang.pick("Đang tải danh mục…", "Loading the catalogue…")
                    .into(),
            );
            app.jobs.push(Job::LoadCatalog);
            if app.history.loaded {
                app.jobs.push(Job::Log {
                    scope: app.history.scope.as_ref().map(|s| s.0.clone()),
                });
            }
        }
        Err(e) => {
            // The modal (or form) stays so nothing typed is lost; the rule's words say why.
            app.error(e);
        }
    }
}
