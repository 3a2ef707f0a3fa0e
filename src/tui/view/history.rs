//! The history tab: the commit log of the catalogue or of one procedure.

use super::{Areas, Theme, commit_date, render_list, safe};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

/// `procedures/xa/1.001193.yaml` → `xa/1.001193`.
fn record_label(path: &std::path::Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    match s
        .strip_prefix("procedures/")
        .and_then(|r| r.strip_suffix(".yaml"))
    {
        Some(rest) => {
            let parts: Vec<&str> = rest.split('/').collect();
            format!("{}/{}", parts[0], parts[parts.len() - 1])
        }
        None => s,
    }
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, areas: &Areas) {
    let lang = app.lang;
    let main = areas.main;
    let hv = &app.history;
    let scope = match &hv.scope {
        Some((_, label)) => format!(
            "{} {label}  (a: {})",
            lang.pick("Lịch sử của", "History of"),
            lang.pick("toàn bộ", "all")
        ),
        None => lang
            .pick("Lịch sử toàn bộ danh mục", "History of the whole catalogue")
            .to_owned(),
    };
    let mut bar = vec![Span::styled(scope, theme.heading())];
    if let Some(m) = hv.marked {
        bar.push(Span::raw(format!(
            "  · {} #{} — c {}",
            lang.pick("đã đánh dấu", "marked"),
            m + 1,
            lang.pick("để so sánh", "to compare")
        )));
    }
    frame.render_widget(Paragraph::new(Line::from(bar)), Rect { height: 1, ..main });
    if !hv.loaded {
        return;
    }
    let header = Row::new([
        lang.pick("Lần ghi", "Commit"),
        lang.pick("Ngày", "Date"),
        lang.pick("Người ghi", "Author"),
        lang.pick("Nội dung", "Message"),
        lang.pick("Thủ tục", "Records"),
    ])
    .style(theme.header());
    let body = areas.body();
    let rows: Vec<Row> = hv
        .commits
        .iter()
        .enumerate()
        .skip(hv.offset)
        .take(usize::from(body.height))
        .map(|(i, c)| {
            let mark = if hv.marked == Some(i) { "● " } else { "  " };
            let records: Vec<String> = c.paths.iter().take(3).map(|p| record_label(p)).collect();
            let more = if c.paths.len() > 3 {
                format!(" +{}", c.paths.len() - 3)
            } else {
                String::new()
            };
            let row = Row::new(vec![
                Cell::from(format!("{mark}{}", &c.id[..8.min(c.id.len())])),
                Cell::from(commit_date(c, lang)),
                Cell::from(safe(&c.author).into_owned()),
                Cell::from(safe(c.message.lines().next().unwrap_or("")).into_owned()),
                Cell::from(format!("{}{more}", records.join(", "))),
            ]);
            theme.mark_selected(row, i == hv.selected)
        })
        .collect();
    let widths = [
        Constraint::Length(10),
        Constraint::Length(16),
        Constraint::Length(18),
        Constraint::Min(20),
        Constraint::Length(24),
    ];
    render_list(
        frame,
        theme,
        main,
        (header, rows, &widths),
        (hv.commits.is_empty()).then(|| lang.pick("Chưa có lần ghi nào.", "No commits yet.")),
    );
}
