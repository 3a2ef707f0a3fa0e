//! The catalogue tab: search/filter bar, a table that draws only its visible rows, position.

use super::{Areas, Theme, safe};
use crate::tui::app::{App, Column};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use tthc::i18n::{self, Lang};
use tthc::model::{Procedure, ProcedureStatus};
use tthc::search::Query;

/// Widths of the columns in display order (Column::ALL), for a table `total` cells wide.
fn widths(total: u16) -> [u16; 7] {
    let fixed = [10u16, 0, 9, 16, 10, 10, 9];
    let spacing = 6;
    let name = total
        .saturating_sub(fixed.iter().sum::<u16>() + spacing)
        .max(10);
    [
        fixed[0], name, fixed[2], fixed[3], fixed[4], fixed[5], fixed[6],
    ]
}

/// The column under column `x`, for sorting by clicking its header.
pub fn column_at(total: u16, x: u16) -> Option<Column> {
    let mut start = 0u16;
    for (col, w) in Column::ALL.iter().zip(widths(total)) {
        if x >= start && x < start + w + 1 {
            return Some(*col);
        }
        start += w + 1;
    }
    None
}

fn status_short(s: ProcedureStatus, lang: Lang) -> &'static str {
    match s {
        ProcedureStatus::Published => lang.pick("Công khai", "Published"),
        ProcedureStatus::Amended => lang.pick("Sửa đổi", "Amended"),
        ProcedureStatus::Abolished => lang.pick("Bãi bỏ", "Abolished"),
    }
}

fn postal(p: &Procedure, lang: Lang) -> String {
    let mut parts = Vec::new();
    if p.postal.receive {
        parts.push(lang.pick("nhận", "in"));
    }
    if p.postal.return_result {
        parts.push(lang.pick("trả", "out"));
    }
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join("+")
    }
}

/// The name with the searched words highlighted.
fn highlighted<'a>(name: &'a str, query: &Query, theme: &Theme) -> Line<'a> {
    let name = safe(name).into_owned();
    let ranges = if query.is_empty() {
        Vec::new()
    } else {
        query.match_ranges(&name)
    };
    if ranges.is_empty() {
        return Line::from(name);
    }
    let chars: Vec<char> = name.chars().collect();
    let mut spans = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start > at {
            spans.push(Span::raw(chars[at..r.start].iter().collect::<String>()));
        }
        spans.push(Span::styled(
            chars[r.start..r.end.min(chars.len())]
                .iter()
                .collect::<String>(),
            theme.highlight(),
        ));
        at = r.end.min(chars.len());
    }
    if at < chars.len() {
        spans.push(Span::raw(chars[at..].iter().collect::<String>()));
    }
    Line::from(spans)
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, areas: &Areas) {
    let lang = app.lang;
    let main = areas.main;
    let Some(data) = app.shown() else {
        let text = app
            .loading
            .clone()
            .unwrap_or_else(|| lang.pick("Chưa có dữ liệu.", "Nothing loaded.").into());
        frame.render_widget(Paragraph::new(text), main);
        return;
    };
    let m = &data.cat.manifest;
    let view = &app.catalog;

    // The bar: read-only marker, search, filters, position.
    let mut bar: Vec<Span> = Vec::new();
    if let Some((label, _)) = &app.as_of {
        bar.push(Span::styled(
            format!(
                " {} {label} ",
                lang.pick("CHỈ ĐỌC — danh mục tại", "READ-ONLY — catalogue as of")
            ),
            theme.readonly(),
        ));
        bar.push(Span::raw(" "));
    }
    let cursor = if app.searching { "▏" } else { "" };
    bar.push(Span::styled(
        format!("{} ", lang.pick("Tìm:", "Search:")),
        theme.heading(),
    ));
    bar.push(Span::raw(format!("{}{cursor}", safe(&view.query))));
    let f = &view.facets;
    let mut facets: Vec<String> = Vec::new();
    if let Some(l) = &f.level {
        facets.push(m.level_name(l).to_owned());
    }
    if let Some(x) = &f.field {
        facets.push(m.field_name(x).to_owned());
    }
    if let Some(s) = f.status {
        facets.push(status_short(s, lang).to_owned());
    }
    if let Some(o) = f.online {
        facets.push(format!(
            "{}: {}",
            lang.pick("trực tuyến", "online"),
            i18n::online_label(o, lang)
        ));
    }
    if f.overdue {
        facets.push(lang.pick("quá hạn rà soát", "overdue review").to_owned());
    }
    if !facets.is_empty() {
        bar.push(Span::styled(
            format!("  {} ", lang.pick("Lọc:", "Filter:")),
            theme.heading(),
        ));
        bar.push(Span::raw(safe(&facets.join(", ")).into_owned()));
    }
    let position = format!(
        "{}/{}",
        if view.rows.is_empty() {
            0
        } else {
            view.selected + 1
        },
        view.rows.len()
    );
    frame.render_widget(Paragraph::new(Line::from(bar)), Rect { height: 1, ..main });
    frame.render_widget(
        Paragraph::new(Span::styled(position, theme.dim()))
            .alignment(ratatui::layout::Alignment::Right),
        Rect { height: 1, ..main },
    );

    // The table: header, then only the rows that fit.
    let w = widths(main.width);
    let header = Row::new(Column::ALL.iter().map(|c| {
        let mark = match (view.sort, view.descending) {
            (Some(s), false) if s == *c => " ▲",
            (Some(s), true) if s == *c => " ▼",
            _ => "",
        };
        Cell::from(format!("{}{mark}", c.title(lang)))
    }))
    .style(theme.header());
    let body = areas.body();
    let query = view.query();
    let visible = view
        .rows
        .iter()
        .enumerate()
        .skip(view.offset)
        .take(usize::from(body.height));
    let rows: Vec<Row> = visible
        .map(|(i, &index)| {
            let p = data.procedure(index);
            let row = Row::new(vec![
                Cell::from(safe(&p.code).into_owned()),
                Cell::from(highlighted(&p.name, &query, theme)),
                Cell::from(safe(m.level_name(&p.level)).into_owned()),
                Cell::from(safe(m.field_name(&p.field)).into_owned()),
                Cell::from(status_short(p.status, lang)),
                Cell::from(i18n::online_label(p.online_service.mode, lang)),
                Cell::from(postal(p, lang)),
            ]);
            if i == view.selected {
                row.style(theme.selected())
            } else {
                row.style(Style::new())
            }
        })
        .collect();
    let table = Table::new(rows, w.map(Constraint::Length))
        .header(header)
        .column_spacing(1);
    frame.render_widget(
        table,
        Rect {
            y: main.y + 1,
            height: main.height.saturating_sub(1),
            ..main
        },
    );
    if view.rows.is_empty() {
        let msg = if data.cat.procedures.is_empty() {
            lang.pick(
                "Danh mục chưa có thủ tục nào.",
                "The catalogue has no procedures yet.",
            )
        } else {
            lang.pick(
                "Không có thủ tục nào khớp. x để bỏ tìm kiếm và bộ lọc.",
                "Nothing matches. x clears search and filters.",
            )
        };
        frame.render_widget(
            Paragraph::new(Span::styled(msg, theme.dim())),
            Rect { height: 1, ..body },
        );
    }
}
