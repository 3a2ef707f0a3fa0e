//! The geometry of the screen — its fixed regions, the boxes drawn over it, the width of
//! list columns — and the mouse's hit-tests against it. The views draw into these rectangles and
//! `update` asks what a click landed on, so the two never disagree.

use super::action::Tab;
use super::app::{App, Column};
use ratatui::layout::Rect;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// The fixed regions of the screen.
pub struct Areas {
    pub tabs: Rect,
    pub main: Rect,
    pub status: Rect,
}

impl Areas {
    /// The row of the table header (under the search/filter bar).
    pub fn header_row(&self) -> u16 {
        self.main.y + 1
    }
    /// The list rows under the bar and the header.
    pub fn body(&self) -> Rect {
        Rect {
            y: self.main.y + 2,
            height: self.main.height.saturating_sub(2),
            ..self.main
        }
    }
}

pub fn layout(size: (u16, u16)) -> Areas {
    let (w, h) = size;
    Areas {
        tabs: Rect::new(0, 0, w, 1),
        main: Rect::new(0, 1, w, h.saturating_sub(2)),
        status: Rect::new(0, h.saturating_sub(1), w, 1),
    }
}

/// A column of a list: how wide it would like to be, how narrow it may get, whether it takes
/// what room is left, and how much it matters (the least important hides first).
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub preferred: u16,
    pub min: u16,
    pub flex: bool,
    pub importance: u8,
}

impl ColumnSpec {
    pub const fn fixed(preferred: u16, min: u16, importance: u8) -> ColumnSpec {
        ColumnSpec {
            preferred,
            min,
            flex: false,
            importance,
        }
    }
    /// The column that takes the room: at least `min` cells, never hidden.
    pub const fn flex(min: u16) -> ColumnSpec {
        ColumnSpec {
            preferred: min,
            min,
            flex: true,
            importance: u8::MAX,
        }
    }
}

/// Widths of columns in a list `total` cells wide (one cell between columns), `None` for a
/// hidden one. The flexible column gets at least its minimum, or 40% of the width if more:
/// first the others shrink toward their minimum (least important first), then the least
/// important hide; what is left goes to the flexible column.
pub fn column_widths(total: u16, specs: &[ColumnSpec]) -> Vec<Option<u16>> {
    column_widths_with(total, specs, false)
}

/// [`column_widths`]; with `regrow`, room left over once columns are hidden first goes back to
/// the shrunk columns (most important first), the flexible column keeping its minimum.
pub fn column_widths_with(total: u16, specs: &[ColumnSpec], regrow: bool) -> Vec<Option<u16>> {
    let flex_min = specs
        .iter()
        .filter(|c| c.flex)
        .map(|c| c.min.max((u32::from(total) * 2 / 5) as u16))
        .sum::<u16>();
    let mut widths: Vec<Option<u16>> = specs.iter().map(|c| Some(c.preferred)).collect();
    let fixed_used = |widths: &[Option<u16>]| -> u16 {
        let shown = widths.iter().filter(|w| w.is_some()).count() as u16;
        specs
            .iter()
            .zip(widths)
            .filter(|(c, _)| !c.flex)
            .filter_map(|(_, w)| *w)
            .sum::<u16>()
            + shown.saturating_sub(1)
    };
    let mut by_importance: Vec<usize> = (0..specs.len()).filter(|&i| !specs[i].flex).collect();
    by_importance.sort_by_key(|&i| specs[i].importance);
    for &i in &by_importance {
        let short = (fixed_used(&widths) + flex_min).saturating_sub(total);
        if short == 0 {
            break;
        }
        if let Some(w) = widths[i] {
            widths[i] = Some(w.saturating_sub(short).max(specs[i].min));
        }
    }
    for &i in &by_importance {
        if fixed_used(&widths) + flex_min <= total {
            break;
        }
        widths[i] = None;
    }
    if regrow {
        for &i in by_importance.iter().rev() {
            let spare = total.saturating_sub(fixed_used(&widths) + flex_min);
            if let Some(w) = widths[i] {
                widths[i] = Some(w + spare.min(specs[i].preferred.saturating_sub(w)));
            }
        }
    }
    let rest = total.saturating_sub(fixed_used(&widths));
    let flexible = specs.iter().filter(|c| c.flex).count().max(1) as u16;
    for (w, c) in widths.iter_mut().zip(specs) {
        if c.flex {
            *w = Some((rest / flexible).max(1));
        }
    }
    widths
}

/// The tab bar as pieces of text, with the tab each piece selects; shared with mouse handling.
pub fn tab_pieces(app: &App) -> Vec<(String, Option<Tab>)> {
    let mut pieces = vec![(" tthc ".to_owned(), None)];
    for (i, tab) in Tab::ALL.iter().enumerate() {
        pieces.push((format!(" {} {} ", i + 1, tab.title(app.lang)), Some(*tab)));
    }
    pieces
}

/// The tab under column `x` of the tab bar.
pub fn tab_at(app: &App, x: u16) -> Option<Tab> {
    let mut start = 0u16;
    for (text, tab) in tab_pieces(app) {
        let w = unicode_width::UnicodeWidthStr::width(text.as_str()) as u16;
        if x >= start && x < start + w {
            return tab;
        }
        start += w;
    }
    None
}

/// A box of at most `width`×`height` in the middle of `area`, a cell of margin kept.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The overlay, over anything (the help opens over a dialog with F1).
/// The help's box on a screen of `size`.
pub fn help_rect(size: (u16, u16)) -> Rect {
    centered(
        Rect::new(0, 0, size.0, size.1),
        100,
        size.1.saturating_sub(2),
    )
}

/// The column under column `x`, for sorting by clicking its header.
pub fn column_at(
    total: u16,
    m: &tthc::model::Manifest,
    lang: tthc::i18n::Lang,
    x: u16,
) -> Option<Column> {
    let mut start = 0u16;
    for (col, w) in Column::ALL
        .iter()
        .zip(super::view::catalog_widths(total, m, lang))
    {
        let Some(w) = w else { continue };
        if x >= start && x < start + w + 1 {
            return Some(*col);
        }
        start += w + 1;
    }
    None
}

/// Rows of the list area of a screen of `size` (table body, history list, page), for paging.
pub fn list_height(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(6)).max(1)
}

/// Rows of a page's text on a screen of `size` (under the page's title line).
pub fn page_rows(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(3)).max(1)
}

/// Rows of the help's text on a screen of `size` (inside its frame).
pub fn help_rows(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(4)).max(1)
}

/// What a click at (`x`, `y`) landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// The tab bar: the tab under the click, if any.
    TabBar(Option<Tab>),
    /// The catalogue table's header: the column under the click, if any.
    Header(Option<Column>),
    /// Row `n` of the list under the header, counted from the first one shown.
    Row(usize),
    Elsewhere,
}

/// What a click at (`x`, `y`) on the current screen landed on.
pub fn hit(app: &App, x: u16, y: u16) -> Hit {
    let areas = layout(app.size);
    if y == areas.tabs.y {
        return Hit::TabBar(tab_at(app, x));
    }
    if y == areas.header_row() {
        return Hit::Header(
            app.shown()
                .and_then(|d| column_at(areas.main.width, &d.cat.manifest, app.lang, x)),
        );
    }
    let body = areas.body();
    if y >= body.y && y < body.y + body.height {
        return Hit::Row(usize::from(y - body.y));
    }
    Hit::Elsewhere
}
