//! The history tab: the commit log of the catalogue or of one procedure.

use super::{Theme, commit_date, render_list, shown_cells, shown_constraints};
use crate::tui::app::App;
use crate::tui::layout::{Areas, ColumnSpec, column_widths};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

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
    frame.render_widget(
        Paragraph::new(super::text::fit_line(
            Line::from(bar),
            usize::from(main.width),
        )),
        Rect { height: 1, ..main },
    );
    if !hv.loaded {
        return;
    }
    let titles = [
        lang.pick("Lần ghi", "Commit"),
        lang.pick("Ngày", "Date"),
        lang.pick("Người ghi", "Author"),
        lang.pick("Nội dung", "Message"),
        lang.pick("Thủ tục", "Records"),
    ];
    let specs = [
        ColumnSpec::fixed(10, 10, 2),
        ColumnSpec::fixed(16, 16, 8),
        ColumnSpec::fixed(18, 10, 4),
        ColumnSpec::flex(24),
        ColumnSpec::fixed(26, 26, 1),
    ];
    let widths = column_widths(main.width, &specs);
    let header = super::header_row(&titles, &widths, theme);
    let manifest = app.data.as_ref().map(|d| &d.cat.manifest);
    let body = areas.body();
    let rows: Vec<Row> = hv
        .commits
        .iter()
        .enumerate()
        .skip(hv.offset)
        .take(usize::from(body.height))
        .map(|(i, c)| {
            let mark = if hv.marked == Some(i) { "● " } else { "  " };
            let records: Vec<String> = c
                .paths
                .iter()
                .take(3)
                .map(|p| match manifest {
                    Some(m) => tthc::present::record_label(p, m, lang),
                    None => p.display().to_string(),
                })
                .collect();
            let more = if c.paths.len() > 3 {
                format!(" +{}", c.paths.len() - 3)
            } else {
                String::new()
            };
            let row = Row::new(shown_cells(
                vec![
                    format!("{mark}{}", &c.id[..8.min(c.id.len())]),
                    commit_date(c, lang),
                    c.author.clone(),
                    c.message.lines().next().unwrap_or("").to_owned(),
                    format!("{}{more}", records.join(", ")),
                ],
                &widths,
            ));
            theme.mark_selected(row, i == hv.selected)
        })
        .collect();
    let constraints = shown_constraints(&widths);
    render_list(
        frame,
        theme,
        main,
        (header, rows, &constraints),
        (hv.commits.is_empty()).then(|| lang.pick("Chưa có lần ghi nào.", "No commits yet.")),
    );
}
