//! Views: functions of the [`App`] that draw it. They only read.

mod catalog;
mod decisions;
mod form;
mod history;
mod import;
mod overlay;
mod pages;
mod proposals;
mod publish;
mod reviews;
pub mod text;

pub use catalog::widths as catalog_widths;
pub use import::{max_scroll as import_max_scroll, preview_lines as import_preview_lines};
pub use overlay::help_lines;
#[cfg(test)]
pub use pages::page_lines;
pub use pages::{change_lines, commit_date, page_line_count, proposal_order};

use super::action::Tab;
use super::app::{App, Screen, StatusKind};
use super::layout::{MIN_HEIGHT, MIN_WIDTH, layout, tab_pieces};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Wrap};
use std::borrow::Cow;

/// A list tab's table in `main`, under its one-line title bar (history, proposals,
/// publications): the header and the visible rows, or, when the list is empty, a dim line that says so.
fn render_list(
    frame: &mut Frame,
    theme: &Theme,
    main: Rect,
    table: (Row<'_>, Vec<Row<'_>>, &[Constraint]),
    empty: Option<&str>,
) {
    let (header, rows, widths) = table;
    frame.render_widget(
        Table::new(rows, widths.to_vec())
            .header(header)
            .column_spacing(1),
        Rect {
            y: main.y + 1,
            height: main.height.saturating_sub(1),
            ..main
        },
    );
    if let Some(text) = empty {
        frame.render_widget(
            Paragraph::new(Span::styled(text.to_owned(), theme.dim())),
            Rect {
                y: main.y + 2,
                height: 1,
                ..main
            },
        );
    }
}

/// A cell cut to its column's width with an ellipsis.
pub fn cell(text: &str, width: u16) -> ratatui::widgets::Cell<'static> {
    ratatui::widgets::Cell::from(text::fit(&safe(text), usize::from(width)))
}

/// The visible columns of a row: the cells of shown columns, cut to their widths.
pub fn shown_cells(
    texts: Vec<String>,
    widths: &[Option<u16>],
) -> Vec<ratatui::widgets::Cell<'static>> {
    texts
        .iter()
        .zip(widths)
        .filter_map(|(t, w)| w.map(|w| cell(t, w)))
        .collect()
}

/// The header row of a table: the titles of the shown columns, cut to their widths.
pub fn header_row(
    titles: &[&str],
    widths: &[Option<u16>],
    theme: &Theme,
) -> ratatui::widgets::Row<'static> {
    ratatui::widgets::Row::new(shown_cells(
        titles.iter().map(|t| (*t).to_owned()).collect(),
        widths,
    ))
    .style(theme.header())
}

/// The constraints of the shown columns.
pub fn shown_constraints(widths: &[Option<u16>]) -> Vec<Constraint> {
    widths
        .iter()
        .flatten()
        .map(|w| Constraint::Length(*w))
        .collect()
}

/// Styles that carry their meaning without colour too (bold, reverse, underline, strike-through);
/// colour is added only when wanted.
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn with(&self, base: Style, color: Style) -> Style {
        if self.color { base.patch(color) } else { base }
    }
    /// `row` highlighted when it is the selected one.
    pub fn mark_selected<'a>(&self, row: Row<'a>, selected: bool) -> Row<'a> {
        if selected {
            row.style(self.selected())
        } else {
            row
        }
    }
    pub fn selected(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            Style::new(),
        )
    }
    pub fn header(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Style::new().fg(Color::Cyan),
        )
    }
    pub fn tab_active(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            Style::new(),
        )
    }
    pub fn highlight(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Style::new().fg(Color::Yellow),
        )
    }
    pub fn deleted(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::CROSSED_OUT),
            Style::new().fg(Color::Red),
        )
    }
    pub fn inserted(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::UNDERLINED),
            Style::new().fg(Color::Green),
        )
    }
    pub fn heading(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::BOLD),
            Style::new().fg(Color::Cyan),
        )
    }
    /// A dialog's text box: the one being typed in plain, the others dim.
    pub fn input(&self, focused: bool) -> Style {
        if focused { Style::new() } else { self.dim() }
    }
    /// Key names in the help.
    pub fn highlight_key(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::BOLD),
            Style::new().fg(Color::Yellow),
        )
    }
    pub fn dim(&self) -> Style {
        self.with(Style::new(), Style::new().fg(Color::DarkGray))
    }
    pub fn error(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::BOLD),
            Style::new().fg(Color::Red),
        )
    }
    pub fn readonly(&self) -> Style {
        self.with(
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            Style::new().fg(Color::Magenta),
        )
    }
}

/// Catalogue text made safe for the terminal and for one line: no control characters or
/// escape sequences can reach the terminal, line breaks become spaces.
pub fn safe(text: &str) -> Cow<'_, str> {
    let s = tthc::present::sanitize(text);
    if s.contains(['\n', '\r', '\t']) {
        Cow::Owned(s.replace(['\n', '\r', '\t'], " "))
    } else {
        s
    }
}

/// A proposal's status as every face names it (the CLI's words), capitalised for a list.
pub fn status_name(s: tthc::model::ProposalStatus, lang: tthc::i18n::Lang) -> String {
    let label = tthc::i18n::proposal_status_label(s, lang);
    let mut c = label.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "{} {MIN_WIDTH}×{MIN_HEIGHT} ({} {}×{})",
            app.lang.pick(
                "Cửa sổ quá nhỏ: cần ít nhất",
                "The window is too small: at least"
            ),
            app.lang.pick("hiện tại", "now"),
            area.width,
            area.height
        );
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .alignment(Alignment::Center),
            area,
        );
        return;
    }
    let theme = Theme { color: app.color };
    let areas = layout((area.width, area.height));
    // The layers bottom-up, as `App::mode` reads them top-down: the screen (the tab, a page
    // or the form), the dialog, the overlay.
    render_tabs(app, &theme, frame, areas.tabs);
    match (&app.screen, &app.data) {
        (Screen::Form(form), Some(data)) => form::render(
            form,
            &data.cat.manifest,
            app.lang,
            &theme,
            frame,
            areas.main,
        ),
        (Screen::Page(page), _) => pages::render_page(page, app.lang, &theme, frame, areas.main),
        _ => match app.tab {
            Tab::Catalog => catalog::render(app, &theme, frame, &areas),
            Tab::Proposals => proposals::render(app, &theme, frame, &areas),
            Tab::History => history::render(app, &theme, frame, &areas),
            Tab::Publish => publish::render(app, &theme, frame, &areas),
            Tab::Reviews => reviews::render(app, &theme, frame, &areas),
            Tab::Decisions => decisions::render(app, &theme, frame, &areas),
        },
    }
    render_status(app, &theme, frame, areas.status);
    if let Some(modal) = &app.modal {
        overlay::render_modal(app, modal, &theme, frame, area, areas.main);
    }
    overlay::render(app, &theme, frame, area);
}

fn render_tabs(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut spans: Vec<Span> = Vec::new();
    for (text, tab) in tab_pieces(app) {
        let style = match tab {
            Some(t) if t == app.tab => theme.tab_active(),
            Some(_) => Style::new(),
            None => theme.heading(),
        };
        let text = if tab == Some(app.tab) {
            format!("[{}]", text.trim())
        } else {
            text
        };
        spans.push(Span::styled(text, style));
    }
    let mut right = String::new();
    if let Some(data) = &app.data {
        right.push_str(&safe(&data.cat.manifest.authority.name));
    }
    if let Some(b) = &app.banner {
        right.push_str(" · ");
        right.push_str(b);
    }
    let tabs_width = Line::from(spans.clone()).width();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    // The authority's name only where it does not run into the tabs (an 80-column terminal).
    if tabs_width + 1 + unicode_width::UnicodeWidthStr::width(right.as_str())
        <= usize::from(area.width)
    {
        frame.render_widget(
            Paragraph::new(Span::styled(right, theme.dim())).alignment(Alignment::Right),
            area,
        );
    }
}

fn render_status(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let line = if let Some(what) = &app.loading {
        Line::from(Span::styled(format!("⏳ {what}"), theme.heading()))
    } else if let Some((text, kind)) = &app.status {
        match kind {
            StatusKind::Error => Line::from(vec![
                Span::styled(format!("{} ", lang.pick("Lỗi:", "Error:")), theme.error()),
                Span::raw(safe(text).into_owned()),
            ]),
            StatusKind::Info => Line::from(safe(text).into_owned()),
        }
    } else {
        Line::from(Span::styled(
            status_hint(app, usize::from(area.width)),
            theme.dim(),
        ))
    };
    frame.render_widget(
        Paragraph::new(text::fit_line(line, usize::from(area.width))),
        area,
    );
}

/// The keys of what is on screen, from the key table, as many as fit, then `? trợ giúp`.
fn status_hint(app: &App, width: usize) -> String {
    use crate::tui::keymap::{Context, KEYS, key_label};
    let lang = app.lang;
    let contexts = crate::tui::update::contexts(app);
    // In a dialog or text box `?` is typed; F1 opens the help there.
    let tail = match contexts.first() {
        Some(Context::Help) => String::new(),
        Some(c) if c.is_dialog() => format!("F1 {}", lang.pick("trợ giúp", "help")),
        _ => format!("? {}", lang.pick("trợ giúp", "help")),
    };
    let mut parts: Vec<String> = Vec::new();
    let mut used = text::width(&tail);
    let local = contexts.iter().find(|c| **c != Context::Global).copied();
    for b in KEYS.iter().filter(|b| Some(b.context) == local) {
        let part = format!("{} {}", key_label(b.keys[0]), b.short(lang).to_lowercase());
        let w = text::width(&part) + 3;
        if used + w > width {
            break;
        }
        used += w;
        parts.push(part);
    }
    if !tail.is_empty() {
        parts.push(tail);
    }
    parts.join(" · ")
}
