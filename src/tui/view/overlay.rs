//! Overlays drawn over the screen: help, command palette, filters.

use super::{Theme, safe};
use crate::tui::app::{App, Overlay};
use crate::tui::keymap::{Context, KEYS};
use crate::tui::update::{FILTER_ROWS, palette_entries};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use tthc::i18n;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => help(app, theme, frame, area, *scroll),
        Overlay::Palette { input, selected } => palette(app, theme, frame, area, input, *selected),
        Overlay::Filter { row } => filters(app, theme, frame, area, *row),
    }
    render_modal(app, theme, frame, area);
}

fn context_title(c: Context, lang: i18n::Lang) -> &'static str {
    match c {
        Context::Global => lang.pick("Mọi nơi", "Everywhere"),
        Context::Catalog => lang.pick("Danh mục", "Catalogue"),
        Context::Proposals => lang.pick("Đề xuất", "Proposals"),
        Context::History => lang.pick("Lịch sử", "History"),
        Context::Page => lang.pick("Trang chi tiết", "Detail page"),
        Context::Form => lang.pick("Biểu mẫu sửa thủ tục", "Edit form"),
        Context::Publish => lang.pick("Xuất bản", "Publish"),
    }
}

/// Generated from the key table, so it always says what the keys do.
fn help(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, scroll: usize) {
    let lang = app.lang;
    let mut lines: Vec<Line> = Vec::new();
    for ctx in [
        Context::Global,
        Context::Catalog,
        Context::Proposals,
        Context::History,
        Context::Page,
    ] {
        lines.push(Line::from(Span::styled(
            context_title(ctx, lang),
            theme.heading(),
        )));
        for b in KEYS.iter().filter(|b| b.context == ctx) {
            lines.push(Line::from(format!(
                "  {:<16} {}",
                b.keys.join(", "),
                b.description(lang)
            )));
        }
    }
    let rect = centered(area, 90, area.height.saturating_sub(2));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(visible).block(Block::default().borders(Borders::ALL).title(lang.pick(
            " Trợ giúp — phím bất kỳ để đóng ",
            " Help — any key closes ",
        ))),
        rect,
    );
}

fn palette(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, input: &str, selected: usize) {
    let lang = app.lang;
    let entries = palette_entries(app, input);
    let rect = centered(area, 70, 16);
    let mut lines = vec![Line::from(vec![
        Span::styled(": ", theme.heading()),
        Span::raw(format!("{}▏", safe(input))),
    ])];
    for (n, (i, _)) in entries
        .iter()
        .enumerate()
        .take(usize::from(rect.height.saturating_sub(3)))
    {
        let b = &KEYS[*i];
        let text = format!(" {:<44} {}", b.description(lang), b.keys.join(", "));
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
    lines.push(Line::from(Span::styled(
        lang.pick(
            " ↑↓ chọn · ←→ đổi · x bỏ hết · Esc đóng",
            " ↑↓ choose · ←→ change · x clear · Esc close",
        ),
        theme.dim(),
    )));
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

fn boxed(frame: &mut Frame, rect: Rect, title: &str, lines: Vec<Line>) {
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" {title} ")),
            ),
        rect,
    );
}

fn value_text(v: Option<&serde_json::Value>) -> String {
    match v {
        None => "—".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Questions asked while editing: save review, leave, conflict, recovery, new procedure.
pub fn render_modal(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    use crate::tui::app::Modal;
    let lang = app.lang;
    let Some(modal) = &app.modal else { return };
    match modal {
        Modal::ConfirmLeave => {
            let rect = centered(area, 64, 6);
            boxed(
                frame,
                rect,
                lang.pick("Thay đổi chưa lưu", "Unsaved changes"),
                vec![
                    Line::from(lang.pick(
                        "Biểu mẫu có thay đổi chưa lưu.",
                        "The form has unsaved changes.",
                    )),
                    Line::default(),
                    Line::from(Span::styled(
                        lang.pick(
                            "s: lưu · d: bỏ thay đổi · Esc: tiếp tục sửa",
                            "s: save · d: discard · Esc: keep editing",
                        ),
                        theme.heading(),
                    )),
                ],
            );
        }
        Modal::SaveReview { lines, message, .. } => {
            let rect = centered(
                area,
                area.width.saturating_sub(4),
                area.height.saturating_sub(2),
            );
            let list_height = rect.height.saturating_sub(7);
            let mut shown: Vec<Line> = lines
                .iter()
                .take(usize::from(list_height))
                .cloned()
                .collect();
            if lines.len() > usize::from(list_height) {
                shown.push(Line::from(Span::styled(
                    format!("… +{}", lines.len() - usize::from(list_height)),
                    theme.dim(),
                )));
            }
            let proposing = app.form.as_ref().is_some_and(|f| f.purpose.is_some());
            let title = if proposing {
                lang.pick(
                    "Soạn đề xuất — phần sửa đổi so với thủ tục hiện hành",
                    "Draft a proposal — the redline against the current record",
                )
            } else {
                lang.pick("Lưu thay đổi", "Save changes")
            };
            boxed(frame, rect, title, shown);
            let input = Rect {
                x: rect.x + 1,
                y: rect.y + rect.height.saturating_sub(4),
                width: rect.width.saturating_sub(2),
                height: 3,
            };
            let mut area_widget = message.clone();
            let label = if proposing {
                lang.pick(
                    " Lý do đề xuất — Enter: soạn đề xuất · Esc: quay lại ",
                    " Rationale — Enter: draft · Esc: back ",
                )
            } else {
                lang.pick(
                    " Nội dung lần ghi — Enter: lưu · Esc: quay lại ",
                    " Commit message — Enter: save · Esc: back ",
                )
            };
            area_widget.set_block(Block::default().borders(Borders::ALL).title(label));
            frame.render_widget(Clear, input);
            frame.render_widget(&area_widget, input);
        }
        Modal::Conflict {
            conflicts,
            selected,
            ..
        } => {
            let rect = centered(
                area,
                area.width.saturating_sub(4),
                area.height.saturating_sub(2),
            );
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
                let head = format!(
                    "{} {label}",
                    if c.keep_mine {
                        "[của tôi]"
                    } else {
                        "[nơi khác]"
                    }
                );
                let head = if lang == i18n::Lang::En {
                    head.replace("[của tôi]", "[mine]")
                        .replace("[nơi khác]", "[theirs]")
                } else {
                    head
                };
                let style = if i == *selected {
                    theme.selected()
                } else {
                    theme.heading()
                };
                lines.push(Line::from(Span::styled(head, style)));
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
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                lang.pick(
                    "↑↓ chọn trường · m: giữ của tôi · t: lấy nơi khác · Enter: gộp rồi lưu · Esc: quay lại biểu mẫu",
                    "↑↓ choose · m: keep mine · t: take theirs · Enter: merge and save · Esc: back to the form",
                ),
                theme.dim(),
            )));
            boxed(
                frame,
                rect,
                lang.pick("So sánh ba phiên bản", "Three-way compare"),
                lines,
            );
        }
        Modal::Recovery { entries, selected } => {
            let rect = centered(
                area,
                90,
                (entries.len() as u16 * 2 + 6).min(area.height.saturating_sub(2)),
            );
            let mut lines = vec![
                Line::from(lang.pick(
                    "Có phần sửa chưa lưu từ lần trước (chương trình bị tắt đột ngột?):",
                    "There are unsaved edits from last time (did the program stop suddenly?):",
                )),
                Line::default(),
            ];
            let data = app.data.as_ref();
            for (i, e) in entries.iter().enumerate() {
                let changed: Vec<String> = match (
                    data.and_then(|d| d.cat.procedure(&e.level, &e.code)),
                    e.is_new,
                ) {
                    (Some(stored), false) => {
                        let old = serde_json::to_value(&stored.record).unwrap_or_default();
                        crate::tui::form::schema::PROCEDURE
                            .iter()
                            .filter(|s| old.get(s.key) != e.value.get(s.key))
                            .map(|s| lang.pick(s.vi, s.en).to_owned())
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
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(Span::styled(
                    format!("{}/{} — {when}", e.level, e.code),
                    style,
                )));
                lines.push(Line::from(format!(
                    "    {}: {}",
                    lang.pick("đã sửa", "changed"),
                    safe(&changed.join(", "))
                )));
            }
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                lang.pick(
                    "r/Enter: khôi phục · d: bỏ · Esc: để sau",
                    "r/Enter: restore · d: drop · Esc: later",
                ),
                theme.heading(),
            )));
            boxed(frame, rect, lang.pick("Khôi phục", "Recovery"), lines);
        }
        Modal::Abolish {
            level,
            code,
            name,
            reason,
        } => {
            let rect = centered(area, 80, 10);
            boxed(
                frame,
                rect,
                lang.pick("Đề xuất bãi bỏ", "Propose abolishing"),
                vec![
                    Line::from(format!("{code} ({level}) {}", safe(name))),
                    Line::default(),
                    Line::default(),
                    Line::default(),
                    Line::default(),
                    Line::from(Span::styled(
                        lang.pick(
                            "Enter: soạn đề xuất (một lần ghi) · Esc: hủy",
                            "Enter: draft the proposal (one commit) · Esc: cancel",
                        ),
                        theme.dim(),
                    )),
                ],
            );
            let input = Rect {
                x: rect.x + 1,
                y: rect.y + 3,
                width: rect.width.saturating_sub(2),
                height: 3,
            };
            text_input(
                frame,
                input,
                reason,
                lang.pick(" Lý do bãi bỏ ", " Reason "),
                None,
            );
        }
        Modal::Step {
            id,
            kind,
            options,
            selected,
            fields,
            focus,
        } => {
            use crate::tui::app::StepKind;
            let title = match kind {
                StepKind::Advance => lang.pick("Chuyển bước", "Next step"),
                StepKind::Withdraw => lang.pick("Rút đề xuất", "Withdraw"),
                StepKind::Apply => lang.pick("Cập nhật vào danh mục", "Apply to the catalogue"),
            };
            let rect = centered(area, 84, 19);
            let to = options
                .get(*selected)
                .map(|s| tthc::i18n::proposal_status_label(*s, lang))
                .unwrap_or_default();
            let mut lines = vec![Line::from(format!(
                "{} {id}",
                lang.pick("Đề xuất", "Proposal")
            ))];
            if *kind == StepKind::Advance {
                let style = if *focus == 0 {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(Span::styled(
                    format!("{}: ◀ {to} ▶", lang.pick("Bước tiếp theo", "Next status")),
                    style,
                )));
                if options
                    .get(*selected)
                    .is_some_and(|s| tthc::proposal_rules::requires_document(*s))
                {
                    lines.push(Line::from(Span::styled(
                        lang.pick(
                            "  (bước này cần số và ngày văn bản)",
                            "  (this step needs a document number and date)",
                        ),
                        theme.dim(),
                    )));
                }
            }
            frame.render_widget(Clear, rect);
            let mut block_lines = lines;
            block_lines.resize(rect.height.saturating_sub(3) as usize, Line::default());
            block_lines.push(Line::from(Span::styled(
                lang.pick(
                    "Tab/↑↓: chuyển ô · ←→: chọn bước · Enter: ghi · Esc: hủy",
                    "Tab/↑↓: next box · ←→: status · Enter: record · Esc: cancel",
                ),
                theme.dim(),
            )));
            boxed(frame, rect, title, block_lines);
            let labels = [
                lang.pick(" Số văn bản ", " Document no. "),
                lang.pick(" Ngày (YYYY-MM-DD) ", " Date (YYYY-MM-DD) "),
                lang.pick(" Ghi chú ", " Note "),
                lang.pick(
                    " Lý do vượt quy tắc bốn mắt (chỉ khi cần) ",
                    " Reason to override four-eyes (only if needed) ",
                ),
            ];
            for (i, label) in labels.iter().enumerate() {
                let input = Rect {
                    x: rect.x + 1,
                    y: rect.y + 3 + i as u16 * 3,
                    width: rect.width.saturating_sub(2),
                    height: 3,
                };
                let border = (*focus == i).then(|| theme.heading());
                text_input(frame, input, &fields[i], label, border);
            }
        }
        Modal::Publish { fields, focus } => {
            let rect = centered(area, 90, 20);
            let mut lines = vec![Line::from(lang.pick(
                "Xuất bản danh mục theo quyết định công bố: xuất trang web, bảng tính, dữ liệu mở; ghi bản ghi công bố thành một lần ghi và gắn thẻ.",
                "Publish under a decision: export the site, spreadsheets and open data; record the publication as one commit and tag it.",
            ))];
            lines.resize(usize::from(rect.height.saturating_sub(3)), Line::default());
            lines.push(Line::from(Span::styled(
                lang.pick(
                    "Tab/↑↓: chuyển ô · Enter: xuất bản · Esc: hủy",
                    "Tab/↑↓: next box · Enter: publish · Esc: cancel",
                ),
                theme.dim(),
            )));
            boxed(frame, rect, lang.pick("Xuất bản", "Publish"), lines);
            let labels = [
                lang.pick(
                    " Số quyết định (ví dụ 1234/QĐ-UBND) ",
                    " Decision number (e.g. 1234/QĐ-UBND) ",
                ),
                lang.pick(
                    " Ngày quyết định (YYYY-MM-DD) ",
                    " Decision date (YYYY-MM-DD) ",
                ),
                lang.pick(" Ngày hiệu lực (nếu có) ", " In force from (if known) "),
                lang.pick(" Người ký ", " Signed by "),
                lang.pick(" Thư mục xuất ", " Output folder "),
            ];
            for (i, label) in labels.iter().enumerate() {
                let input = Rect {
                    x: rect.x + 1,
                    y: rect.y + 2 + i as u16 * 3,
                    width: rect.width.saturating_sub(2),
                    height: 3,
                };
                text_input(
                    frame,
                    input,
                    &fields[i],
                    label,
                    (*focus == i).then(|| theme.heading()),
                );
            }
        }
        Modal::NewProcedure { level, code, .. } => {
            let rect = centered(area, 70, 9);
            let level_name = app
                .data
                .as_ref()
                .and_then(|d| d.cat.manifest.levels.get(*level))
                .map(|l| l.name.clone())
                .unwrap_or_default();
            boxed(
                frame,
                rect,
                lang.pick("Thêm thủ tục mới", "New procedure"),
                vec![
                    Line::from(format!(
                        "{}: ◀ {} ▶",
                        lang.pick("Cấp", "Level"),
                        safe(&level_name)
                    )),
                    Line::default(),
                    Line::default(),
                    Line::default(),
                    Line::from(Span::styled(
                        lang.pick(
                            "←→ đổi cấp · gõ mã (d.dddddd) · Enter: tạo · Esc: hủy",
                            "←→ level · type the code (d.dddddd) · Enter: create · Esc: cancel",
                        ),
                        theme.dim(),
                    )),
                ],
            );
            let input = Rect {
                x: rect.x + 1,
                y: rect.y + 3,
                width: rect.width.saturating_sub(2),
                height: 3,
            };
            text_input(
                frame,
                input,
                code,
                lang.pick(" Mã thủ tục ", " Code "),
                None,
            );
        }
    }
}

/// A one-line text input in a bordered box, drawn over whatever is below.
fn text_input(
    frame: &mut Frame,
    rect: Rect,
    area: &ratatui_textarea::TextArea<'static>,
    title: &str,
    border: Option<ratatui::style::Style>,
) {
    let mut widget = area.clone();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title.to_owned());
    widget.set_block(match border {
        Some(style) => block.border_style(style),
        None => block,
    });
    frame.render_widget(Clear, rect);
    frame.render_widget(&widget, rect);
}
