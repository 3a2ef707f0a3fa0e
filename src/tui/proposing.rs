//! Proposals from the TUI: draft one (abolish from the catalogue with a reason; amend, replace and
//! add through the edit form), and move the selected one along its chain — advance with the
//! document number and date, withdraw, apply — with the four-eyes rule's refusals shown plainly.

use super::action::TextOp;
use super::action::{Action, Tab};
use super::app::{App, Modal, Screen, StepKind};
use super::editing::NewProcedure;
use super::form::Form;
use super::jobs::{Job, JobResult, ProposalOp, ProposalRefusal};
use super::textbox;
use super::view;
use ratatui::crossterm::event::KeyEvent;
use tthc::model::{ProposalKind, ProposalStatus, Target};
use tthc::present::parse_date_input;
use tthc::proposal_rules::{self, StepRequest};
use tthc::workspace::{self, proposals};

fn textarea(text: &str) -> ratatui_textarea::TextArea<'static> {
    textbox::new(text)
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
    let Some(stored) = data.procedure_at(i) else {
        app.error(lang.pick(
            "Tệp này không đọc được: sửa tệp trước, rồi mới đề xuất.",
            "This file does not parse: fix it before proposing.",
        ));
        return None;
    };
    let p = &stored.record;
    Some((p.level.to_string(), p.code.to_string(), p.name.to_string()))
}

/// The proposal selected in the proposals tab: (id, status).
fn selected_proposal(app: &App) -> Option<(String, ProposalStatus)> {
    let data = app.data.as_ref()?;
    let order = view::proposal_order(&data.cat);
    let &i = order.get(app.proposals_selected)?;
    let p = &data.cat.proposals[i].record;
    Some((p.id.clone(), p.status))
}

fn step_fields(
    today: tthc::model::Date,
    lang: tthc::i18n::Lang,
) -> Box<[ratatui_textarea::TextArea<'static>; 4]> {
    Box::new([
        textarea(""),
        textarea(&tthc::present::date_display(today, lang)),
        textarea(""),
        textarea(""),
    ])
}

/// A proposal's own words, asked for as the CLI asks them: the reason (sự cần thiết), the
/// title (empty: made from the kind and the procedure's name), the plan, and the compliance cost
/// per year before and after (both or neither).
pub fn detail_boxes() -> Vec<ratatui_textarea::TextArea<'static>> {
    (0..5).map(|_| textbox::new("")).collect()
}

pub fn detail_labels(kind: ProposalKind, lang: tthc::i18n::Lang) -> [&'static str; 5] {
    [
        match kind {
            ProposalKind::Abolish => lang.pick("Lý do bãi bỏ (bắt buộc)", "Reason (required)"),
            _ => lang.pick(
                "Lý do đề xuất (sự cần thiết)",
                "Rationale (why it is needed)",
            ),
        },
        lang.pick(
            "Tiêu đề (để trống: tự đặt theo loại và tên thủ tục)",
            "Title (empty: made from the kind and the procedure's name)",
        ),
        lang.pick("Phương án xử lý", "Plan"),
        lang.pick(
            "Chi phí tuân thủ hiện nay (đồng/năm, ví dụ 12.000.000)",
            "Compliance cost now (VND a year, e.g. 12.000.000)",
        ),
        lang.pick(
            "Chi phí tuân thủ sau khi thực hiện (đồng/năm)",
            "Compliance cost after (VND a year)",
        ),
    ]
}

/// What the detail boxes hold, read for a draft.
pub struct Details {
    pub rationale: Option<String>,
    pub title: Option<String>,
    pub plan: Option<String>,
    pub cost: Option<tthc::model::ComplianceCost>,
}

/// Read the detail boxes; why not (in words), with the box to go back to.
pub fn read_details(
    fields: &[ratatui_textarea::TextArea<'static>],
    kind: ProposalKind,
    lang: tthc::i18n::Lang,
) -> Result<Details, (String, usize)> {
    let get = |i: usize| fields.get(i).and_then(textbox::value);
    let rationale = get(0);
    if kind == ProposalKind::Abolish && rationale.is_none() {
        return Err((
            lang.pick(
                "Cần ghi lý do bãi bỏ.",
                "A reason for abolishing is needed.",
            )
            .into(),
            0,
        ));
    }
    let amount = |i: usize| -> Result<Option<i64>, (String, usize)> {
        match get(i) {
            None => Ok(None),
            Some(t) => super::form::parse_number(&t).map(Some).ok_or_else(|| {
                (
                    format!(
                        "{} “{t}”",
                        lang.pick(
                            "Chi phí phải là số đồng, ví dụ 12.000.000; không đọc được",
                            "The cost must be an amount in VND, e.g. 12.000.000; cannot read"
                        )
                    ),
                    i,
                )
            }),
        }
    };
    let cost = match (amount(3)?, amount(4)?) {
        (Some(before), Some(after)) => Some(tthc::model::ComplianceCost { before, after }),
        (None, None) => None,
        (None, Some(_)) | (Some(_), None) => {
            let missing = if get(3).is_none() { 3 } else { 4 };
            return Err((
                lang.pick(
                    "Chi phí tuân thủ cần cả hai số: hiện nay và sau khi thực hiện.",
                    "The compliance cost needs both amounts: now and after.",
                )
                .into(),
                missing,
            ));
        }
    };
    Ok(Details {
        rationale,
        title: get(1),
        plan: get(2),
        cost,
    })
}

/// Open proposals of the same kind for the same procedure, as `id (status)`, to flag a duplicate
/// before it is drafted.
pub fn duplicates(
    cat: &tthc::store::Catalog,
    target: &Target,
    kind: ProposalKind,
    lang: tthc::i18n::Lang,
) -> Vec<String> {
    cat.proposals
        .iter()
        .map(|s| &s.record)
        .filter(|p| {
            p.kind == kind && proposal_rules::is_open(p.status) && p.target.as_ref() == Some(target)
        })
        .map(|p| {
            format!(
                "{} ({})",
                p.id,
                tthc::i18n::proposal_status_label(p.status, lang)
            )
        })
        .collect()
}

/// The warning shown when such proposals exist.
pub fn duplicate_warning(found: &[String], lang: tthc::i18n::Lang) -> Option<String> {
    (!found.is_empty()).then(|| {
        format!(
            "⚠ {} {}",
            lang.pick(
                "Đã có đề xuất cùng loại đang mở cho thủ tục này:",
                "An open proposal of the same kind exists for this procedure:"
            ),
            found.join(", ")
        )
    })
}

/// The dialog of a proposal to abolish a procedure: its reason, title, plan and compliance cost.
pub struct Abolish {
    pub level: String,
    pub code: String,
    pub name: String,
    pub fields: Vec<ratatui_textarea::TextArea<'static>>,
    pub focus: usize,
}

/// The dialog of a proposal's step: next status (for an advance), document, date, note, forced
/// reason.
pub struct Step {
    pub id: String,
    pub kind: StepKind,
    pub options: Vec<ProposalStatus>,
    pub selected: usize,
    /// Document number, date, note, reason to override four-eyes.
    pub fields: Box<[ratatui_textarea::TextArea<'static>; 4]>,
    pub focus: usize,
}

/// A row of the step dialog: the status chooser, or one of the text boxes (document number,
/// date, note, reason to override four-eyes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRow {
    Status,
    Text(usize),
}

/// The rows a step dialog asks for: an advance everything, a withdrawal its note, applying its
/// date and an override reason.
pub fn step_rows(kind: StepKind) -> &'static [StepRow] {
    use StepRow::*;
    match kind {
        StepKind::Advance => &[Status, Text(0), Text(1), Text(2), Text(3)],
        StepKind::Withdraw => &[Text(2)],
        StepKind::Apply => &[Text(1), Text(3)],
    }
}

pub fn act(app: &mut App, action: Action) {
    let lang = app.lang;
    match action {
        Action::ProposeAbolish => {
            if let Some((level, code, name)) = target(app) {
                app.modal = Some(Modal::Abolish(Abolish {
                    level,
                    code,
                    name,
                    fields: detail_boxes(),
                    focus: 0,
                }));
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
            let found = duplicates(
                &data.cat,
                &Target {
                    level: level.clone(),
                    code: code.clone(),
                },
                form.purpose.unwrap_or_default(),
                lang,
            );
            app.screen.close_page();
            app.screen = Screen::Form(form);
            match duplicate_warning(&found, lang) {
                Some(warning) => app.info(warning),
                None => app.info(lang.pick(
                    "Soạn nội dung đề xuất trong biểu mẫu; ctrl-s để xem phần sửa đổi và ghi lý do.",
                    "Write the proposed record in the form; ctrl-s to review the redline and give the reason.",
                )),
            }
        }
        Action::ProposeAdd => {
            app.modal = Some(Modal::NewProcedure(NewProcedure {
                level: 0,
                code: textarea(""),
                purpose: Some(ProposalKind::Add),
            }));
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
            app.modal = Some(Modal::Step(Step {
                id,
                kind,
                options,
                selected: 0,
                fields: step_fields(app.today, lang),
                focus: 0,
            }));
        }
        _ => {}
    }
}

/// Keys of the dialog of a proposal to abolish, already looked up in the key table.
pub fn abolish_key(app: &mut App, m: Abolish, action: Option<Action>, key: KeyEvent) {
    let lang = app.lang;
    let Abolish {
        level,
        code,
        name,
        mut fields,
        mut focus,
    } = m;
    match action {
        Some(Action::Back) => return,
        Some(Action::NextBox) => focus = (focus + 1) % fields.len(),
        Some(Action::PrevBox) => focus = (focus + fields.len() - 1) % fields.len(),
        Some(Action::Confirm) => match read_details(&fields, ProposalKind::Abolish, lang) {
            Err((why, at)) => {
                app.refuse(why);
                focus = at;
            }
            Ok(d) => {
                let request = proposals::DraftRequest {
                    kind: ProposalKind::Abolish,
                    target: Some(Target {
                        level: level.clone(),
                        code: code.clone(),
                    }),
                    title: d.title,
                    rationale: d.rationale,
                    plan: d.plan,
                    compliance_cost: d.cost,
                    ..Default::default()
                };
                // The dialog stays open while the work runs, so a refusal keeps it all.
                app.modal = Some(Modal::Abolish(Abolish {
                    level,
                    code,
                    name,
                    fields,
                    focus,
                }));
                submit(app, ProposalOp::Draft(Box::new(request)), None);
                return;
            }
        },
        _ => {
            if let Some(area) = fields.get_mut(focus)
                && textbox::apply(area, action, &key, false) == textbox::Outcome::Changed
            {
                app.dialog_error = None;
            }
        }
    }
    app.modal = Some(Modal::Abolish(Abolish {
        level,
        code,
        name,
        fields,
        focus,
    }));
}

/// Keys of the dialog of a proposal's step, already looked up in the key table.
pub fn step_key(app: &mut App, m: Step, action: Option<Action>, key: KeyEvent) {
    let lang = app.lang;
    let Step {
        id,
        kind,
        options,
        mut selected,
        mut fields,
        mut focus,
    } = m;
    let rows = step_rows(kind);
    let row = rows.get(focus).copied().unwrap_or(StepRow::Status);
    let choosing = row == StepRow::Status && !options.is_empty();
    match action {
        Some(Action::Back) => return,
        Some(Action::NextBox) => focus = (focus + 1) % rows.len(),
        Some(Action::PrevBox) => focus = (focus + rows.len() - 1) % rows.len(),
        Some(Action::ChoicePrev) if choosing => {
            selected = (selected + options.len() - 1) % options.len();
            app.dialog_error = None;
        }
        Some(Action::ChoiceNext) if choosing => {
            selected = (selected + 1) % options.len();
            app.dialog_error = None;
        }
        Some(Action::Confirm) => {
            let date = match textbox::value(&fields[1]).map(|d| parse_date_input(d.as_str())) {
                Some(Some(d)) => Some(d),
                None => None,
                Some(None) => {
                    app.refuse(lang.pick(
                        "Ngày phải có dạng dd/mm/yyyy (ví dụ 15/04/2022).",
                        "The date must be dd/mm/yyyy or YYYY-MM-DD.",
                    ));
                    let focus = rows
                        .iter()
                        .position(|r| *r == StepRow::Text(1))
                        .unwrap_or(focus);
                    app.modal = Some(Modal::Step(Step {
                        id,
                        kind,
                        options,
                        selected,
                        fields,
                        focus,
                    }));
                    return;
                }
            };
            let force = textbox::value(&fields[3]);
            let op = match kind {
                StepKind::Advance => ProposalOp::Advance {
                    id: id.clone(),
                    step: StepRequest {
                        to: options[selected],
                        document_no: textbox::value(&fields[0]),
                        date,
                        note: textbox::value(&fields[2]),
                        force,
                    },
                },
                StepKind::Withdraw => ProposalOp::Withdraw {
                    id: id.clone(),
                    note: textbox::value(&fields[2]),
                },
                StepKind::Apply => ProposalOp::Apply {
                    id: id.clone(),
                    force,
                    date,
                    rebase: app.rebase_offer.as_deref() == Some(id.as_str()),
                },
            };
            // The dialog stays open while the work runs, so a refusal keeps every box.
            app.modal = Some(Modal::Step(Step {
                id,
                kind,
                options,
                selected,
                fields,
                focus,
            }));
            submit(app, op, None);
            return;
        }
        other => {
            // Left and right move the cursor in a text box.
            let action = match other {
                Some(Action::ChoicePrev) => Some(Action::Text(TextOp::Left)),
                Some(Action::ChoiceNext) => Some(Action::Text(TextOp::Right)),
                other => other,
            };
            if let StepRow::Text(i) = row
                && textbox::apply(&mut fields[i], action, &key, false) == textbox::Outcome::Changed
            {
                app.dialog_error = None;
            }
        }
    }
    app.modal = Some(Modal::Step(Step {
        id,
        kind,
        options,
        selected,
        fields,
        focus,
    }));
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
        ProposalOp::Apply {
            id,
            force,
            date,
            rebase,
        } => proposals::apply(
            root,
            &id,
            &proposals::ApplyOptions {
                force,
                date,
                rebase,
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
    let names = workspace::manifest_at(root);
    JobResult::Proposal(result.map_err(|e| ProposalRefusal {
        text: refusal(&e, lang, names.as_ref()),
        rebase_offer: match &e {
            proposals::ProposalError::Stale(s) if s.can_rebase => Some(s.id.clone()),
            _ => None,
        },
    }))
}

/// Why a proposal step was refused, in the TUI's words: the rule's own message names the CLI's
/// options, where the TUI has boxes.
fn refusal(
    e: &proposals::ProposalError,
    lang: tthc::i18n::Lang,
    names: Option<&tthc::model::Manifest>,
) -> String {
    use proposal_rules::RuleError;
    use proposals::ProposalError::Rule;
    let st = |s: &ProposalStatus| tthc::i18n::proposal_status_label(*s, lang);
    let vi = lang == tthc::i18n::Lang::Vi;
    match e {
        Rule(RuleError::FourEyes { drafter, to }) => {
            if vi {
                format!(
                    "Quy tắc bốn mắt: {drafter} là người soạn đề xuất nên không thể tự ghi nhận bước “{}”; người khác phải ghi nhận bước này. Nếu vẫn cần ghi: viết lý do vào ô “Lý do vượt quy tắc bốn mắt” rồi nhấn Enter — lần ghi sẽ được đánh dấu ⚑ vượt bốn mắt.",
                    st(to)
                )
            } else {
                format!(
                    "Four-eyes rule: {drafter} drafted this proposal and cannot record “{}”; someone else must. To record it anyway, write the reason in the box “Reason to override four-eyes” and press Enter — the step stays flagged ⚑.",
                    st(to)
                )
            }
        }
        Rule(RuleError::DocumentRequired { to }) => {
            if vi {
                format!(
                    "Bước “{}” cần {} (ô “Số văn bản”) và ngày văn bản (ô “Ngày”).",
                    st(to),
                    tthc::i18n::proposal_document_label(*to, lang)
                )
            } else {
                format!(
                    "The step “{}” needs the {} (box “Document no.”) and its date (box “Date”).",
                    st(to),
                    tthc::i18n::proposal_document_label(*to, lang)
                )
            }
        }
        Rule(RuleError::DateRequired { to }) => {
            if vi {
                format!("Bước “{}” cần ngày của văn bản (ô “Ngày”).", st(to))
            } else {
                format!(
                    "The step “{}” needs the document's date (box “Date”).",
                    st(to)
                )
            }
        }
        Rule(RuleError::ForceWithoutReason) => lang
            .pick(
                "Vượt quy tắc bốn mắt cần có lý do (ô cuối).",
                "Overriding four-eyes needs a reason (the last box).",
            )
            .into(),
        proposals::ProposalError::Stale(s) => stale_words(s, lang, names),
        other => tthc::words::Message::message_with(other, lang, names),
    }
}

/// A stale target in the TUI's words: which fields changed since the draft, which of them the
/// proposal changes too, and what Enter does now.
fn stale_words(
    s: &proposals::StaleTarget,
    lang: tthc::i18n::Lang,
    names: Option<&tthc::model::Manifest>,
) -> String {
    let head = tthc::words::Message::message_with(
        &proposals::ProposalError::Stale(Box::new(s.clone())),
        lang,
        names,
    );
    let field = |f: &tthc::proposal_rules::ThreeWayField| {
        let label = tthc::i18n::field_label(&f.field, lang).to_owned();
        if f.conflict {
            format!(
                "{label} ({})",
                lang.pick(
                    "đề xuất cũng sửa, khác đi",
                    "the proposal changes it too, differently"
                )
            )
        } else {
            label
        }
    };
    let fields: Vec<String> = s.fields.iter().map(field).collect();
    let changed = if s.base_available {
        format!(
            "{}: {}.",
            lang.pick("Đã sửa từ khi soạn", "Changed since the draft"),
            fields.join(", ")
        )
    } else {
        lang.pick(
            "Bản thủ tục khi soạn đề xuất không còn trong kho git để so sánh.",
            "The version the proposal was drafted against is not in the repository to compare.",
        )
        .to_owned()
    };
    let next = if s.can_rebase {
        lang.pick(
            "Các sửa đổi đó không trùng với phần đề xuất sửa: nhấn Enter lần nữa để áp dụng đề xuất lên bản hiện tại (giữ các sửa đổi đó), hoặc Esc để thôi.",
            "Those edits do not touch what the proposal changes: press Enter again to apply the proposal onto the current version (keeping them), or Esc to cancel.",
        )
    } else {
        lang.pick(
            "Cần soạn lại đề xuất trên bản hiện tại (xem so sánh ba bên: tthc proposal show ID).",
            "Redraft the proposal on the current version (see the three-way comparison: tthc proposal show ID).",
        )
    };
    format!("{head}. {changed} {next}")
}

pub fn on_job(app: &mut App, result: Result<proposals::Recorded, ProposalRefusal>) {
    let lang = app.lang;
    app.saving = false;
    match result {
        Ok(recorded) => {
            app.rebase_offer = None;
            app.modal = None;
            app.screen.take_form();
            app.tab = Tab::Proposals;
            app.focus_proposal = Some(recorded.id.clone());
            // The override first: a long message is cut at the end of the line.
            let forced = if recorded.forced {
                lang.pick(" (⚑ vượt quy tắc bốn mắt)", " (⚑ four-eyes overridden)")
            } else {
                ""
            };
            let message = format!(
                "{}{forced} — {}",
                lang.pick("Đã ghi", "Recorded"),
                recorded.message
            );
            app.info(message);
            app.reload();
        }
        Err(ProposalRefusal {
            text: e,
            rebase_offer,
        }) => {
            app.rebase_offer = rebase_offer;
            // The dialog (or form) stays so nothing typed is lost; the refusal is shown whole
            // inside it.
            if app.modal.is_some() {
                app.refuse(e);
            } else {
                app.error(e);
            }
        }
    }
}
