//! The publish tab: the publication decisions recorded so far.

use super::{Areas, Theme, safe};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use tthc::present::date_display;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, areas: &Areas) {
    let lang = app.lang;
    let main = areas.main;
    let Some(data) = &app.data else { return };
    let pubs = &data.cat.publications;
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                lang.pick("Các lần công bố", "Publications"),
                theme.heading(),
            ),
            Span::styled(
                format!(
                    "  · {}",
                    lang.pick(
                        "xuất bản bằng: tthc export / tthc publish",
                        "publish with: tthc export / tthc publish"
                    )
                ),
                theme.dim(),
            ),
        ])),
        Rect { height: 1, ..main },
    );
    let header = Row::new([
        lang.pick("Quyết định", "Decision"),
        lang.pick("Ngày", "Date"),
        lang.pick("Hiệu lực", "In force"),
        lang.pick("Tổng", "Total"),
        lang.pick("Mới", "New"),
        lang.pick("Sửa đổi", "Amended"),
        lang.pick("Bãi bỏ", "Abolished"),
    ])
    .style(theme.header());
    let rows: Vec<Row> = pubs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let r = &p.record;
            let row = Row::new(vec![
                Cell::from(safe(&r.decision).into_owned()),
                Cell::from(r.date.map(|d| date_display(d, lang)).unwrap_or_default()),
                Cell::from(
                    r.effective
                        .map(|d| date_display(d, lang))
                        .unwrap_or_default(),
                ),
                Cell::from(r.counts.total.to_string()),
                Cell::from(r.counts.new.to_string()),
                Cell::from(r.counts.amended.to_string()),
                Cell::from(r.counts.abolished.to_string()),
            ]);
            if i == app.publish_selected {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let widths = [
        Constraint::Min(16),
        Constraint::Length(11),
        Constraint::Length(11),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(8),
    ];
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        Rect {
            y: main.y + 1,
            height: main.height.saturating_sub(1),
            ..main
        },
    );
    if pubs.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                lang.pick(
                    "Chưa ghi nhận lần công bố nào.",
                    "No publication recorded yet.",
                ),
                theme.dim(),
            )),
            Rect {
                height: 1,
                ..areas.body()
            },
        );
    }
}
