//! The catalogue tab: search/filter bar, a table that draws only its visible rows, position.

use super::{Theme, safe, text};
use crate::tui::app::{App, Column, Entry, Unreadable};
use crate::tui::layout::{Areas, ColumnSpec, column_widths};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use tthc::i18n::{self, Lang};
use tthc::model::{Manifest, OnlineMode, Procedure, ProcedureStatus};
use tthc::present::{self, StatusNow};
use tthc::search::Query;
use tthc::words::Message;
use unicode_normalization::UnicodeNormalization;

/// Widths of the columns in display order (Column::ALL) for a table `total` cells wide, `None`
/// for a column hidden for lack of room: the name takes the room; the field shrinks, then the
/// postal and online columns hide, then the field and the level.
pub fn widths(total: u16, m: &Manifest, lang: Lang) -> Vec<Option<u16>> {
    let widest = |names: &mut dyn Iterator<Item = &str>, title: &str| {
        names
            .map(text::width)
            .chain([text::width(title)])
            .max()
            .unwrap_or(0) as u16
    };
    let level = widest(
        &mut m.levels.iter().map(|l| l.name.as_str()),
        Column::Level.title(lang),
    );
    let field = widest(
        &mut m.fields.iter().map(|f| f.name.as_str()),
        Column::Field.title(lang),
    );
    let status = widest(
        &mut [
            ProcedureStatus::Published,
            ProcedureStatus::Amended,
            ProcedureStatus::Abolished,
            ProcedureStatus::Draft,
        ]
        .into_iter()
        .map(|s| status_short(s, lang))
        .chain([upcoming(lang)]),
        Column::Status.title(lang),
    );
    let online = widest(
        &mut [OnlineMode::Full, OnlineMode::Partial, OnlineMode::None]
            .into_iter()
            .map(|o| i18n::online_label(o, lang)),
        Column::Online.title(lang),
    );
    let postal = widest(
        &mut [lang.pick("nhận+trả", "in+out")].into_iter(),
        Column::Postal.title(lang),
    );
    // Only the field (long names) shrinks; the short columns are whole or hidden.
    let level = level.min(14);
    let specs = [
        ColumnSpec::fixed(8, 8, 9),
        ColumnSpec::flex(24),
        ColumnSpec::fixed(level, level, 4),
        ColumnSpec::fixed(field.min(24), 10, 3),
        ColumnSpec::fixed(status, status, 5),
        ColumnSpec::fixed(online, online, 2),
        ColumnSpec::fixed(postal, postal, 1),
    ];
    column_widths(total, &specs)
}

/// A version that takes effect later (its predecessor is in force until then).
fn upcoming(lang: Lang) -> &'static str {
    lang.pick("Sẽ áp dụng", "Upcoming")
}

/// The status column as of `today` (the one rule, `present::status_now`): an abolition not yet
/// in effect is coming, not done.
fn status_on(p: &Procedure, today: tthc::model::Date, lang: Lang) -> &'static str {
    match present::status_now(p, Some(today)) {
        StatusNow::Ending(_) => lang.pick("Sẽ bãi bỏ", "Ending"),
        StatusNow::Transferring(_) => lang.pick("Sẽ chuyển", "Moving"),
        StatusNow::Transferred => lang.pick("Đã chuyển", "Moved"),
        StatusNow::Upcoming(..) => upcoming(lang),
        StatusNow::Recorded(s) => status_short(s, lang),
    }
}

fn status_short(s: ProcedureStatus, lang: Lang) -> &'static str {
    match s {
        ProcedureStatus::Published => lang.pick("Công khai", "Published"),
        ProcedureStatus::Amended => lang.pick("Sửa đổi", "Amended"),
        ProcedureStatus::Abolished => lang.pick("Bãi bỏ", "Abolished"),
        ProcedureStatus::Draft => lang.pick("Dự thảo", "Draft"),
    }
}

/// An unreadable file in one line: where and why (its first problem).
pub fn unreadable_text(u: &Unreadable, lang: Lang) -> String {
    let head = lang.pick("Không đọc được", "Unreadable");
    // The line first: in a narrow column the path is what gets cut.
    match u.problems.first() {
        Some(d) if d.line > 0 => format!(
            "{head} ({} {}:{}) {} — {}",
            lang.pick("dòng", "line"),
            d.line,
            d.column,
            u.path.display(),
            d.message(lang)
        ),
        Some(d) => format!("{head}: {} — {}", u.path.display(), d.message(lang)),
        None => format!("{head}: {}", u.path.display()),
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
fn highlighted(name: &str, query: &Query, theme: &Theme) -> Line<'static> {
    let name: String = safe(name).nfc().collect();
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
    let cursor = if app.screen.searching() { "▏" } else { "" };
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

    // The table: header, then only the rows that fit, every cell cut to its column.
    let w = widths(main.width, m, lang);
    let header = Row::new(Column::ALL.iter().zip(&w).filter_map(|(c, w)| {
        let w = (*w)?;
        let mark = match (view.sort, view.descending) {
            (Some(s), false) if s == *c => " ▲",
            (Some(s), true) if s == *c => " ▼",
            _ => "",
        };
        Some(Cell::from(text::fit(
            &format!("{}{mark}", c.title(lang)),
            usize::from(w),
        )))
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
            let cells: Vec<Cell> = match data.entry(index) {
                Entry::Procedure(p) => {
                    let texts = [
                        safe(&p.code).into_owned(),
                        String::new(),
                        safe(m.level_name(&p.level)).into_owned(),
                        safe(m.field_name(&p.field)).into_owned(),
                        status_on(&p, app.today, lang).to_owned(),
                        i18n::online_label(p.online_service.mode, lang).to_owned(),
                        postal(&p, lang),
                    ];
                    texts
                        .into_iter()
                        .zip(&w)
                        .enumerate()
                        .filter_map(|(col, (t, w))| {
                            let w = usize::from((*w)?);
                            Some(if col == 1 {
                                Cell::from(text::fit_line(highlighted(&p.name, &query, theme), w))
                            } else {
                                Cell::from(text::fit(&t, w))
                            })
                        })
                        .collect()
                }
                Entry::Unreadable(u) => {
                    let texts = [
                        safe(&u.code).into_owned(),
                        format!("⚠ {}", unreadable_text(u, lang)),
                        u.level
                            .as_deref()
                            .map(|l| safe(m.level_name(l)).into_owned())
                            .unwrap_or_default(),
                        String::new(),
                        lang.pick("Tệp lỗi", "Broken").to_owned(),
                        String::new(),
                        String::new(),
                    ];
                    texts
                        .into_iter()
                        .zip(&w)
                        .filter_map(|(t, w)| Some(Cell::from(text::fit(&t, usize::from((*w)?)))))
                        .collect()
                }
            };
            let row = Row::new(cells);
            let row = if matches!(data.entry(index), Entry::Unreadable(_)) {
                row.style(theme.error())
            } else {
                row.style(Style::new())
            };
            if i == view.selected {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let table = Table::new(rows, super::shown_constraints(&w))
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
