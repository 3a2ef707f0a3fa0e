//! Overlays drawn over the screen: help, command palette, filters, and the dialogs.

use super::text::{fit, fit_line, width, wrap_line, wrap_lines};
use super::{Theme, safe};
use crate::tui::app::{App, Overlay};
use crate::tui::editing::{Conflict, NewProcedure, Recovery, SaveReview};
use crate::tui::keymap::{self, Context, KEYS};
use crate::tui::layout::{centered, help_rect};
use crate::tui::palette;
use crate::tui::proposing::{Abolish, Step};
use crate::tui::publishing::Publish;
use crate::tui::update::FILTER_ROWS;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui_textarea::TextArea;
use tthc::i18n;

/// The overlay, over anything (the help opens over a dialog with F1).
pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => help(app, theme, frame, area, *scroll),
        Overlay::Palette { input, selected } => palette(app, theme, frame, area, input, *selected),
        Overlay::Filter { row } => filters(app, theme, frame, area, *row),
    }
}

/// Every binding of the key table, context by context — the one in use first — wrapped to the
/// help's box on the current screen. Generated from the table, so it always says what the keys do.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let lang = app.lang;
    let theme = Theme { color: app.color };
    let inner = usize::from(help_rect(app.size).width.saturating_sub(2)).max(20);
    let here = crate::tui::update::screen_contexts(app);
    let mut order: Vec<Context> = here
        .iter()
        .copied()
        .filter(|c| *c != Context::Global)
        .collect();
    let rest: Vec<Context> = Context::ALL
        .iter()
        .copied()
        .filter(|c| !order.contains(c))
        .collect();
    order.extend(rest);
    let key_col = 18.min(inner / 3);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (n, ctx) in order.iter().enumerate() {
        if n > 0 {
            lines.push(Line::default());
        }
        let mut title = ctx.title(lang).to_owned();
        if n == 0 && *ctx != Context::Global {
            title.push_str(lang.pick(" — đang dùng", " — in use now"));
        }
        lines.push(Line::from(Span::styled(title, theme.heading())));
        for b in KEYS.iter().filter(|b| b.context == *ctx) {
            let keys = keymap::keys_label(b);
            let pad = key_col.saturating_sub(width(&keys));
            let line = Line::from(vec![
                Span::styled(
                    format!("  {keys}{}", " ".repeat(pad)),
                    theme.highlight_key(),
                ),
                Span::raw(format!(" {}", b.description(lang))),
            ]);
            lines.extend(wrap_line(&line, inner, key_col + 1));
        }
    }
    lines
}

fn help(app: &App, _theme: &Theme, frame: &mut Frame, area: Rect, scroll: usize) {
    let lang = app.lang;
    let rect = help_rect((area.width, area.height));
    let visible: Vec<Line> = help_lines(app).into_iter().skip(scroll).collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(visible).block(Block::default().borders(Borders::ALL).title(lang.pick(
            " Trợ giúp: mọi phím — ↑↓ PgDn cuộn · Esc đóng ",
            " Help: every key — ↑↓ PgDn scroll · Esc closes ",
        ))),
        rect,
    );
}

fn palette(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, input: &str, selected: usize) {
    let lang = app.lang;
    let entries = palette::entries(app, input);
    let rect = centered(area, 80, 16);
    let inner = usize::from(rect.width.saturating_sub(2));
    let mut lines = vec![Line::from(vec![
        Span::styled(": ", theme.heading()),
        Span::raw(format!("{}▏", safe(input))),
    ])];
    let room = usize::from(rect.height.saturating_sub(3)).max(1);
    let skip = selected.saturating_sub(room - 1);
    for (n, (i, _)) in entries.iter().enumerate().skip(skip).take(room) {
        let b = &KEYS[*i];
        let keys = keymap::keys_label(b);
        let desc_room = inner.saturating_sub(width(&keys) + 3);
        let desc = fit(b.description(lang), desc_room);
        let pad = desc_room.saturating_sub(width(&desc));
        let text = format!(" {desc}{} {keys}", " ".repeat(pad + 1));
        lines.push(if n == selected {
            Line::from(Span::styled(text, theme.selected()))
        } else {
            Line::from(text)
        });
    }
    if entries.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.pick(" Không có lệnh nào khớp", " No matching command"),
            theme.dim(),
        )));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(lang.pick(" Bảng lệnh ", " Commands ")),
        ),
        rect,
    );
}

fn filters(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, row: usize) {
    let lang = app.lang;
    let Some(data) = &app.data else { return };
    let m = &data.cat.manifest;
    let f = &app.catalog.facets;
    let all = lang.pick("Tất cả", "All");
    let values = [
        (
            lang.pick("Cấp", "Level"),
            f.level
                .as_deref()
                .map(|l| m.level_name(l).to_owned())
                .unwrap_or_else(|| all.into()),
        ),
        (
            lang.pick("Lĩnh vực", "Field"),
            f.field
                .as_deref()
                .map(|x| m.field_name(x).to_owned())
                .unwrap_or_else(|| all.into()),
        ),
        (
            lang.pick("Tình trạng", "Status"),
            f.status
                .map(|s| i18n::status_label(s, lang).to_owned())
                .unwrap_or_else(|| all.into()),
        ),
        (
            lang.pick("Trực tuyến", "Online"),
            f.online
                .map(|o| i18n::online_label(o, lang).to_owned())
                .unwrap_or_else(|| all.into()),
        ),
        (
            lang.pick("Quá hạn rà soát", "Overdue review"),
            if f.overdue {
                lang.pick("[x] chỉ quá hạn", "[x] overdue only")
            } else {
                lang.pick("[ ] không lọc", "[ ] any")
            }
            .to_owned(),
        ),
    ];
    debug_assert_eq!(values.len(), FILTER_ROWS);
    let rect = centered(area, 64, 10);
    let mut lines: Vec<Line> = values
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let text = format!(" {label:<16} ◀ {} ▶", safe(value));
            if i == row {
                Line::from(Span::styled(text, theme.selected()))
            } else {
                Line::from(text)
            }
        })
        .collect();
    lines.push(Line::default());
    lines.extend(wrap_line(
        &Line::from(Span::styled(
            format!(" {}", keymap::hint(Context::Filter, lang)),
            theme.dim(),
        )),
        usize::from(rect.width.saturating_sub(2)),
        1,
    ));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(lang.pick(" Lọc ", " Filter ")),
        ),
        rect,
    );
}

/// A text box of a dialog: its label and its text.
pub(super) struct Field<'a> {
    pub(super) label: &'a str,
    pub(super) area: &'a TextArea<'static>,
    pub(super) focused: bool,
}

/// The text boxes of a dialog, each with its label, the one at `focus` focused.
fn labelled_fields<'a>(
    fields: &'a [TextArea<'static>],
    labels: &[&'a str],
    focus: usize,
) -> Vec<Field<'a>> {
    fields
        .iter()
        .zip(labels.iter().copied())
        .enumerate()
        .map(|(i, (area, label))| Field {
            label,
            area,
            focused: i == focus,
        })
        .collect()
}

/// The red line of a proposal dialog whose record already has an open proposal of `kind`.
fn duplicate_line(
    cat: &tthc::store::Catalog,
    target: &tthc::model::Target,
    kind: tthc::model::ProposalKind,
    lang: i18n::Lang,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let found = crate::tui::proposing::duplicates(cat, target, kind, lang);
    crate::tui::proposing::duplicate_warning(&found, lang)
        .map(|w| vec![Line::from(Span::styled(w, theme.error()))])
        .unwrap_or_default()
}

/// Rows a box `inner` cells wide needs for `area`'s text, wrapped (at least one, at most four).
fn field_rows(area: &TextArea<'static>, inner: u16) -> u16 {
    crate::tui::textbox::rows_needed(area, inner.saturating_add(2)).clamp(1, 4)
}

/// What a dialog shows above its text boxes: `body` may be cut when the screen is short,
/// `choice` (a chooser such as the next status) never is.
pub(super) struct Top {
    body: Vec<Line<'static>>,
    choice: Vec<Line<'static>>,
}

impl From<Vec<Line<'static>>> for Top {
    fn from(body: Vec<Line<'static>>) -> Top {
        Top {
            body,
            choice: Vec::new(),
        }
    }
}

/// A dialog: a framed box with its text (wrapped), its text boxes (each a label line and the
/// text below it, wrapped), why it refused the last attempt (whole, wrapped) and its keys
/// (from the key table). When the screen is short, the text gives way first.
#[allow(clippy::too_many_arguments)]
pub(super) fn dialog(
    frame: &mut Frame,
    theme: &Theme,
    area: Rect,
    max_width: u16,
    title: &str,
    top: impl Into<Top>,
    fields: &[Field],
    error: Option<&str>,
    hint: &str,
) {
    let Top { body, choice } = top.into();
    let w = max_width.min(area.width.saturating_sub(2)).max(10);
    let inner = w.saturating_sub(2);
    let inner_cells = usize::from(inner);
    let mut body = wrap_lines(&body, inner_cells, 2);
    let mut choice = wrap_lines(&choice, inner_cells, 4);
    let input_width = inner.saturating_sub(2);
    let field_heights: Vec<u16> = fields
        .iter()
        .map(|f| 1 + field_rows(f.area, input_width))
        .collect();
    // A refusal of several lines (one per problem) keeps its lines.
    let error_lines: Vec<Line<'static>> = error
        .map(|e| {
            e.lines()
                .enumerate()
                .flat_map(|(i, l)| {
                    let mark = if i == 0 { "✗ " } else { "  " };
                    wrap_line(
                        &Line::from(Span::styled(format!("{mark}{}", safe(l)), theme.error())),
                        inner_cells,
                        2,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let hint_lines = wrap_line(
        &Line::from(Span::styled(hint.to_owned(), theme.dim())),
        inner_cells,
        0,
    );
    let fixed = choice.len() as u16
        + field_heights.iter().sum::<u16>()
        + if fields.is_empty() { 0 } else { 1 }
        + if error_lines.is_empty() {
            0
        } else {
            error_lines.len() as u16 + 1
        }
        + hint_lines.len() as u16
        + 1;
    let max_h = area.height.saturating_sub(2);
    let room_for_body = max_h.saturating_sub(fixed + 2);
    let room = usize::from(room_for_body);
    if body.len() > room {
        if room < 2 {
            body.truncate(room);
        } else {
            let more = body.len() - (room - 1);
            body.truncate(room - 1);
            body.push(Line::from(Span::styled(format!("… +{more}"), theme.dim())));
        }
    }
    // A blank line between the text and the chooser, when there is room for both.
    let mut fixed = fixed;
    if !body.is_empty() && !choice.is_empty() && room > body.len() {
        choice.insert(0, Line::default());
        fixed += 1;
    }
    let h = (body.len() as u16 + fixed + 2).min(max_h);
    let rect = centered(area, w, h);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .title(format!(" {title} ")),
        rect,
    );
    let x = rect.x + 1;
    let bottom = rect.y + rect.height.saturating_sub(1);
    let mut y = rect.y + 1;
    let put = |frame: &mut Frame, lines: Vec<Line<'static>>, y: &mut u16| {
        for line in lines {
            if *y >= bottom {
                return;
            }
            frame.render_widget(Paragraph::new(line), Rect::new(x, *y, inner, 1));
            *y += 1;
        }
    };
    put(frame, body, &mut y);
    put(frame, choice, &mut y);
    if !fields.is_empty() {
        y += 1;
    }
    for (f, height) in fields.iter().zip(&field_heights) {
        if y >= bottom {
            break;
        }
        let (mark, style) = if f.focused {
            ("▸ ", theme.heading())
        } else {
            ("  ", Style::new())
        };
        put(
            frame,
            vec![fit_line(
                Line::from(Span::styled(format!("{mark}{}", f.label), style)),
                inner_cells,
            )],
            &mut y,
        );
        let rows = (height - 1).min(bottom.saturating_sub(y));
        if rows > 0 {
            let mut widget = f.area.clone();
            if f.focused {
                widget.set_cursor_line_style(Style::new());
            } else {
                widget.set_cursor_style(Style::new());
                widget.set_cursor_line_style(Style::new());
            }
            widget.set_style(theme.input(f.focused));
            frame.render_widget(&widget, Rect::new(x + 2, y, input_width, rows));
            y += rows;
        }
    }
    if !error_lines.is_empty() {
        y += 1;
        put(frame, error_lines, &mut y);
    }
    // The keys stay on the last rows.
    let hint_y = bottom.saturating_sub(hint_lines.len() as u16).max(y);
    let mut hy = hint_y;
    put(frame, hint_lines, &mut hy);
}

fn value_text(v: Option<&serde_json::Value>) -> String {
    match v {
        None => "—".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The dialogs: save review, leave, conflict, recovery, new procedure, proposals, publishing.
/// The dialogs over the whole screen (`area`); the import dialog over the `main` region.
pub fn render_modal(
    app: &App,
    modal: &crate::tui::app::Modal,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    main: Rect,
) {
    use crate::tui::app::Modal;
    let lang = app.lang;
    let error = app.dialog_error.as_deref();
    let hint = |ctx| keymap::hint(ctx, lang);
    match modal {
        Modal::Import(imp) => super::import::render(app, imp, theme, frame, main),
        Modal::ConfirmLeave => dialog(
            frame,
            theme,
            area,
            64,
            lang.pick("Thay đổi chưa lưu", "Unsaved changes"),
            vec![Line::from(lang.pick(
                "Biểu mẫu có thay đổi chưa lưu.",
                "The form has unsaved changes.",
            ))],
            &[],
            error,
            &hint(Context::ConfirmLeave),
        ),
        Modal::SaveReview(SaveReview {
            heading,
            changes,
            fields,
            focus,
            ..
        }) => {
            let mut lines = vec![Line::from(Span::styled(heading.clone(), theme.heading()))];
            lines.extend(super::change_lines(changes, lang, theme.color));
            let form = app.screen.form();
            let purpose = form.and_then(|f| f.purpose);
            let title = if purpose.is_some() {
                lang.pick(
                    "Soạn đề xuất — phần sửa đổi so với thủ tục hiện hành",
                    "Draft a proposal — the redline against the current record",
                )
            } else {
                lang.pick("Lưu thay đổi", "Save changes")
            };
            let labels: Vec<&str> = match purpose {
                Some(kind) => crate::tui::proposing::detail_labels(kind, lang).to_vec(),
                None => vec![lang.pick("Nội dung lần ghi", "Commit message")],
            };
            let warning = match (purpose, form.and_then(|f| f.base.as_ref()), &app.data) {
                (Some(kind), Some(base), Some(data)) => {
                    let target = tthc::model::Target {
                        level: base.level.to_string(),
                        code: base.code.to_string(),
                    };
                    duplicate_line(&data.cat, &target, kind, lang, theme)
                }
                _ => Vec::new(),
            };
            let boxes = labelled_fields(fields, &labels, *focus);
            dialog(
                frame,
                theme,
                area,
                area.width.saturating_sub(4),
                title,
                Top {
                    body: lines,
                    choice: warning,
                },
                &boxes,
                error,
                &hint(Context::SaveReview),
            );
        }
        Modal::Conflict(Conflict {
            conflicts,
            selected,
            ..
        }) => {
            let mut lines = vec![
                Line::from(lang.pick(
                    "Thủ tục đã được sửa ở nơi khác từ khi mở biểu mẫu. Các trường chỉ một bên sửa đã được gộp.",
                    "The procedure was changed elsewhere since the form opened. Fields changed on one side only are merged.",
                )),
                Line::default(),
            ];
            if conflicts.is_empty() {
                lines.push(Line::from(lang.pick(
                    "Không có trường nào bị sửa ở cả hai nơi.",
                    "No field was changed on both sides.",
                )));
            }
            for (i, c) in conflicts.iter().enumerate() {
                let label = tthc::i18n::field_label(&c.key, lang);
                let choice = if c.keep_mine {
                    lang.pick("[của tôi]", "[mine]")
                } else {
                    lang.pick("[nơi khác]", "[theirs]")
                };
                let style = if i == *selected {
                    theme.selected()
                } else {
                    theme.heading()
                };
                lines.push(Line::from(Span::styled(format!("{choice} {label}"), style)));
                lines.push(Line::from(format!(
                    "    {}: {}",
                    lang.pick("nơi khác", "theirs"),
                    safe(&value_text(c.theirs.as_ref()))
                )));
                lines.push(Line::from(format!(
                    "    {}: {}",
                    lang.pick("của tôi", "mine"),
                    safe(&value_text(c.mine.as_ref()))
                )));
            }
            dialog(
                frame,
                theme,
                area,
                area.width.saturating_sub(4),
                lang.pick("So sánh ba phiên bản", "Three-way compare"),
                lines,
                &[],
                error,
                &hint(Context::Conflict),
            );
        }
        Modal::Recovery(Recovery { entries, selected }) => {
            let mut lines = vec![
                Line::from(lang.pick(
                    "Có phần sửa chưa lưu từ lần trước (chương trình bị tắt đột ngột?):",
                    "There are unsaved edits from last time (did the program stop suddenly?):",
                )),
                Line::default(),
            ];
            let data = app.data.as_ref();
            for (i, e) in entries.iter().enumerate() {
                let stored = data.and_then(|d| d.cat.procedure(&e.level, &e.code));
                let review = e.purpose.as_deref() == Some(crate::tui::reviewing::JOURNAL_PURPOSE);
                let changed: Vec<String> = match (stored, e.is_new) {
                    _ if review => {
                        let year = e.value.get("year").and_then(|y| y.as_i64()).unwrap_or(0);
                        vec![format!(
                            "{} {year}",
                            lang.pick("phiếu rà soát năm", "the review form of")
                        )]
                    }
                    (Some(stored), false) => {
                        let old = serde_json::to_value(&stored.record).unwrap_or_default();
                        crate::tui::form::schema::PROCEDURE
                            .iter()
                            .filter(|s| old.get(s.key) != e.value.get(s.key))
                            .map(|s| s.label(None, lang))
                            .collect()
                    }
                    _ => vec![lang.pick("thủ tục mới", "new procedure").to_owned()],
                };
                let when = jiff::Timestamp::from_second(e.saved_at)
                    .map(|t| {
                        jiff::tz::Offset::constant(7)
                            .to_datetime(t)
                            .strftime("%d/%m/%Y %H:%M")
                            .to_string()
                    })
                    .unwrap_or_default();
                let style = if i == *selected {
                    theme.selected()
                } else {
                    Style::new()
                };
                let level = data
                    .map(|d| d.cat.manifest.level_name(&e.level).to_owned())
                    .unwrap_or_else(|| e.level.clone());
                let name = stored
                    .map(|s| format!(" {}", safe(&s.record.name)))
                    .unwrap_or_default();
                lines.push(Line::from(Span::styled(
                    format!("{} ({level}){name} — {when}", e.code),
                    style,
                )));
                lines.push(Line::from(format!(
                    "    {}: {}",
                    lang.pick("đã sửa", "changed"),
                    safe(&changed.join(", "))
                )));
            }
            dialog(
                frame,
                theme,
                area,
                90,
                lang.pick("Khôi phục", "Recovery"),
                lines,
                &[],
                error,
                &hint(Context::Recovery),
            );
        }
        Modal::Abolish(Abolish {
            level,
            code,
            name,
            fields,
            focus,
        }) => {
            let target = tthc::model::Target {
                level: level.clone(),
                code: code.clone(),
            };
            let level = app
                .data
                .as_ref()
                .map(|d| d.cat.manifest.level_name(level).to_owned())
                .unwrap_or_else(|| level.clone());
            let abolish = tthc::model::ProposalKind::Abolish;
            let warning = app
                .data
                .as_ref()
                .map(|d| duplicate_line(&d.cat, &target, abolish, lang, theme))
                .unwrap_or_default();
            let labels = crate::tui::proposing::detail_labels(abolish, lang);
            let boxes = labelled_fields(fields, &labels, *focus);
            dialog(
                frame,
                theme,
                area,
                84,
                lang.pick("Đề xuất bãi bỏ", "Propose abolishing"),
                Top {
                    body: vec![Line::from(format!("{code} ({level}) {}", safe(name)))],
                    choice: warning,
                },
                &boxes,
                error,
                &hint(Context::Abolish),
            );
        }
        Modal::Step(Step {
            id,
            kind,
            options,
            selected,
            fields,
            focus,
        }) => {
            use crate::tui::app::StepKind;
            use crate::tui::proposing::{StepRow, step_rows};
            let title = match kind {
                StepKind::Advance => lang.pick("Chuyển bước", "Next step"),
                StepKind::Withdraw => lang.pick("Rút đề xuất", "Withdraw"),
                StepKind::Apply => lang.pick("Cập nhật vào danh mục", "Apply to the catalogue"),
            };
            let rows = step_rows(*kind);
            let focused = rows.get(*focus).copied();
            let data = app.data.as_ref();
            let proposal = data.and_then(|d| d.cat.proposals.iter().find(|p| p.record.id == *id));
            let lines = vec![Line::from(match proposal {
                Some(p) => format!(
                    "{} {id} · {} · {}",
                    lang.pick("Đề xuất", "Proposal"),
                    super::status_name(p.record.status, lang),
                    safe(&p.record.title)
                ),
                None => format!("{} {id}", lang.pick("Đề xuất", "Proposal")),
            })];
            let mut choice: Vec<Line<'static>> = Vec::new();
            if rows.contains(&StepRow::Status) {
                let to = options
                    .get(*selected)
                    .map(|s| super::status_name(*s, lang))
                    .unwrap_or_default();
                let (mark, style) = if focused == Some(StepRow::Status) {
                    ("▸ ", theme.heading())
                } else {
                    ("  ", Style::new())
                };
                choice.push(Line::from(Span::styled(
                    format!(
                        "{mark}{}: ◀ {to} ▶",
                        lang.pick("Bước tiếp theo", "Next status")
                    ),
                    style,
                )));
                if options
                    .get(*selected)
                    .is_some_and(|s| tthc::proposal_rules::requires_document(*s))
                {
                    choice.push(Line::from(Span::styled(
                        lang.pick(
                            "    (bước này cần số và ngày văn bản)",
                            "    (this step needs a document number and date)",
                        ),
                        theme.dim(),
                    )));
                }
            }
            let labels = [
                lang.pick("Số văn bản", "Document no."),
                lang.pick("Ngày (dd/mm/yyyy)", "Date (YYYY-MM-DD)"),
                lang.pick("Ghi chú", "Note"),
                lang.pick(
                    "Lý do vượt quy tắc bốn mắt (chỉ khi cần)",
                    "Reason to override four-eyes (only if needed)",
                ),
            ];
            let boxes: Vec<Field> = rows
                .iter()
                .filter_map(|r| match r {
                    StepRow::Text(i) => Some(Field {
                        label: labels[*i],
                        area: &fields[*i],
                        focused: focused == Some(*r),
                    }),
                    StepRow::Status => None,
                })
                .collect();
            dialog(
                frame,
                theme,
                area,
                84,
                title,
                Top {
                    body: lines,
                    choice,
                },
                &boxes,
                error,
                &hint(Context::Step),
            );
        }
        Modal::Publish(Publish { fields, focus }) => {
            let labels = [
                lang.pick(
                    "Số văn bản niêm yết (ví dụ 86/TB-UBND)",
                    "Posting document number (e.g. 86/TB-UBND)",
                ),
                lang.pick("Ngày văn bản (dd/mm/yyyy)", "Document date (YYYY-MM-DD)"),
                lang.pick("Ngày hiệu lực (nếu có)", "In force from (if known)"),
                lang.pick("Người ký", "Signed by"),
                lang.pick("Thư mục xuất", "Output folder"),
            ];
            let boxes: Vec<Field> = labels
                .iter()
                .enumerate()
                .map(|(i, label)| Field {
                    label,
                    area: &fields[i],
                    focused: *focus == i,
                })
                .collect();
            dialog(
                frame,
                theme,
                area,
                90,
                lang.pick("Niêm yết danh mục", "Post the listing"),
                vec![Line::from(lang.pick(
                    "Niêm yết danh mục theo văn bản của văn phòng: xuất trang web, bảng tính, dữ liệu mở; ghi lần niêm yết thành một lần ghi và gắn thẻ.",
                    "Post the listing under the office's document: export the site, spreadsheets and open data; record the posting as one commit and tag it.",
                ))],
                &boxes,
                error,
                &hint(Context::PublishDialog),
            );
        }
        Modal::NewProcedure(NewProcedure { level, code, .. }) => {
            let level_name = app
                .data
                .as_ref()
                .and_then(|d| d.cat.manifest.levels.get(*level))
                .map(|l| l.name.clone())
                .unwrap_or_default();
            dialog(
                frame,
                theme,
                area,
                70,
                lang.pick("Thêm thủ tục mới", "New procedure"),
                Top {
                    body: Vec::new(),
                    choice: vec![Line::from(format!(
                        "{}: ◀ {} ▶",
                        lang.pick("Cấp", "Level"),
                        safe(&level_name)
                    ))],
                },
                &[Field {
                    label: lang.pick("Mã thủ tục (d.dddddd)", "Code (d.dddddd)"),
                    area: code,
                    focused: true,
                }],
                error,
                &hint(Context::NewProcedure),
            );
        }
    }
}
