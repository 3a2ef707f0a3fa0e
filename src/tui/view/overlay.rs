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
}

fn context_title(c: Context, lang: i18n::Lang) -> &'static str {
    match c {
        Context::Global => lang.pick("Mọi nơi", "Everywhere"),
        Context::Catalog => lang.pick("Danh mục", "Catalogue"),
        Context::Proposals => lang.pick("Đề xuất", "Proposals"),
        Context::History => lang.pick("Lịch sử", "History"),
        Context::Page => lang.pick("Trang chi tiết", "Detail page"),
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
