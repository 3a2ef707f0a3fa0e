//! Drawing the edit form: the rows with their values and problems, the open text area or
//! picker.

use crate::tui::form::{Form, Role, display, get};
use crate::tui::view::text::{fit, fit_line, wrap_line};
use crate::tui::view::{Theme, safe};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use tthc::diagnostic::Severity;
use tthc::i18n::Lang;
use tthc::model::Manifest;

pub fn render(form: &Form, m: &Manifest, lang: Lang, theme: &Theme, frame: &mut Frame, area: Rect) {
    let verb = match (form.purpose, form.is_new) {
        (Some(tthc::model::ProposalKind::Amend), _) => {
            lang.pick("Đề xuất sửa đổi", "Propose amending")
        }
        (Some(tthc::model::ProposalKind::Replace), _) => {
            lang.pick("Đề xuất thay thế", "Propose replacing")
        }
        (Some(_), _) => lang.pick("Đề xuất công bố mới", "Propose adding"),
        (None, true) => lang.pick("Thêm", "New"),
        (None, false) => lang.pick("Sửa", "Edit"),
    };
    let errors = form.errors();
    let warnings = form.problems.len() - errors;
    let mut head = vec![Span::styled(
        format!("{verb} {} ({})  ", form.code, m.level_name(&form.level)),
        theme.heading(),
    )];
    if errors > 0 {
        head.push(Span::styled(
            format!(
                "✗ {errors} {}  ",
                lang.pick("lỗi — chưa lưu được", "errors — cannot save yet")
            ),
            theme.error(),
        ));
    } else {
        head.push(Span::raw(format!("✓ {}  ", lang.pick("hợp lệ", "valid"))));
    }
    if warnings > 0 {
        head.push(Span::raw(format!(
            "{warnings} {}  ",
            lang.pick("cảnh báo", "warnings")
        )));
    }
    if form.is_dirty() {
        head.push(Span::styled(
            lang.pick("● chưa lưu", "● unsaved"),
            theme.heading(),
        ));
    }
    frame.render_widget(
        Paragraph::new(fit_line(Line::from(head), usize::from(area.width))),
        Rect { height: 1, ..area },
    );

    let width = usize::from(area.width);
    // Problems by row.
    let mut by_row: Vec<Vec<&crate::tui::form::FieldProblem>> = vec![Vec::new(); form.rows.len()];
    for p in &form.problems {
        if !form.rows.is_empty() {
            by_row[form.row_of(&p.pointer)].push(p);
        }
    }
    let row_line = |i: usize, row: &crate::tui::form::Row| -> Line<'static> {
        let indent = "  ".repeat(usize::from(row.depth));
        let value = get(&form.value, &row.path);
        let shown = match row.role {
            Role::Field | Role::Item => display(value, &row.kind, m, lang),
            Role::List => format!(
                "({})  a: {}",
                value.and_then(|v| v.as_array()).map_or(0, Vec::len),
                lang.pick("thêm", "add")
            ),
            Role::Absent => format!(
                "({}) a: {}",
                lang.pick("chưa có", "not entered"),
                lang.pick("thêm", "add")
            ),
            Role::Group | Role::ItemGroup => String::new(),
        };
        let marker = match row.role {
            Role::Item | Role::ItemGroup => "• ",
            _ => "",
        };
        // In words, not an emoji whose width terminals disagree on.
        let lock = if row.read_only {
            lang.pick(" (không sửa được)", " (fixed)")
        } else {
            ""
        };
        let mut spans = vec![
            Span::raw(indent),
            Span::styled(format!("{marker}{}{lock}", row.label), theme.heading()),
            Span::raw(if shown.is_empty() {
                String::new()
            } else {
                format!(": {}", safe(&shown))
            }),
        ];
        for p in &by_row[i] {
            let (mark, style) = match p.severity {
                Severity::Error => ("  ✗ ", theme.error()),
                Severity::Warning => ("  ! ", theme.dim()),
            };
            spans.push(Span::styled(format!("{mark}{}", safe(&p.message)), style));
        }
        Line::from(spans)
    };
    // The selected row in full when its line is cut: its whole value and problems, wrapped.
    let detail: Vec<Line<'static>> = match form.rows.get(form.cursor) {
        Some(row) if form.edit.is_none() && form.picker.is_none() => {
            let full = row_line(form.cursor, row);
            if full.width() > width {
                let mut lines = wrap_line(&full, width, 4);
                let max = usize::from(area.height / 3).max(2);
                if lines.len() > max {
                    lines.truncate(max);
                    if let Some(last) = lines.pop() {
                        let mut spans = last.spans;
                        spans.push(Span::raw(" …"));
                        lines.push(fit_line(Line::from(spans), width));
                    }
                }
                lines
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    };
    let detail_height = if detail.is_empty() {
        0
    } else {
        detail.len() as u16 + 1
    };
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1 + detail_height),
        ..area
    };
    let height = usize::from(body.height);
    let offset = if form.cursor >= form.offset + height {
        form.cursor + 1 - height
    } else {
        form.offset.min(form.cursor)
    };
    let lines: Vec<Line> = form
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, row)| {
            let line = fit_line(row_line(i, row), width);
            if i == form.cursor {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
    if !detail.is_empty() {
        let rule = Line::from(Span::styled("─".repeat(width), theme.dim()));
        let mut lines = vec![rule];
        lines.extend(detail);
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                y: body.y + body.height,
                height: detail_height,
                ..area
            },
        );
    }

    if let Some(edit) = &form.edit {
        let multiline = matches!(
            edit.kind,
            crate::tui::form::schema::Kind::Text { multiline: true }
        );
        let width = area.width.saturating_sub(4);
        let needed = crate::tui::textbox::rows_needed(&edit.area, width) + 2;
        let h = if multiline {
            needed.max(8).min(area.height.saturating_sub(2))
        } else {
            needed.clamp(3, 8).min(area.height.saturating_sub(2))
        };
        let rect = Rect {
            x: area.x + 2,
            y: area.y + area.height.saturating_sub(h + 1),
            width,
            height: h,
        };
        let hint = if multiline {
            lang.pick(
                "Esc: xong · Enter: xuống dòng · Ctrl-Z/Ctrl-Y: hoàn tác/làm lại",
                "Esc: done · Enter: new line · Ctrl-Z/Ctrl-Y: undo/redo",
            )
        } else {
            lang.pick(
                "Enter/Esc: xong · một dòng · Ctrl-Z/Ctrl-Y: hoàn tác/làm lại",
                "Enter/Esc: done · one line · Ctrl-Z/Ctrl-Y: undo/redo",
            )
        };
        let mut area_widget = edit.area.clone();
        area_widget.set_block(Block::default().borders(Borders::ALL).title(fit(
            &format!(" {} — {hint} ", edit.label),
            usize::from(width.saturating_sub(2)),
        )));
        // The rows behind the box are cleared edge to edge, so no cut text shows beside it.
        frame.render_widget(
            Clear,
            Rect {
                x: area.x,
                width: area.width,
                ..rect
            },
        );
        frame.render_widget(&area_widget, rect);
    }
    if let Some(picker) = &form.picker {
        let h = (picker.options.len() as u16 + 2).min(area.height.saturating_sub(2));
        let rect = Rect {
            x: area.x + 4,
            y: area.y + 2,
            width: area.width.saturating_sub(8).min(70),
            height: h,
        };
        let skip = picker
            .selected
            .saturating_sub(usize::from(h.saturating_sub(3)));
        let lines: Vec<Line> = picker
            .options
            .iter()
            .enumerate()
            .skip(skip)
            .map(|(i, (_, label))| {
                let line = Line::from(format!(" {}", safe(label)));
                if i == picker.selected {
                    line.style(theme.selected())
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" {} ", picker.label)),
            ),
            rect,
        );
    }
}
