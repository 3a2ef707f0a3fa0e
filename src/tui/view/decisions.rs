//! The decisions tab: the province's decisions recorded here, or one decision's effects table
//! (applied / not applied / why not, row by row) over the redline of the row selected, and the
//! question asked before applying. Reads only.

use super::text::{fit_line, wrap_lines};
use super::{Theme, render_list, safe, shown_cells, shown_constraints};
use crate::tui::app::App;
use crate::tui::deciding::{self, Opened};
use crate::tui::layout::{Areas, ColumnSpec, column_widths};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Wrap};
use tthc::diff::{ChangeKind, FieldChange, Segment};
use tthc::i18n::{self, Lang};
use tthc::model::Manifest;
use tthc::present::date_display;
use tthc::workspace::decisions::{Blocker, RowPlan, RowState, effect_kind_label};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, areas: &Areas) {
    match &app.deciding.open {
        Some(o) => render_open(app, o, theme, frame, areas.main),
        None => render_list_view(app, theme, frame, areas.main),
    }
}

fn render_list_view(app: &App, theme: &Theme, frame: &mut Frame, main: Rect) {
    let lang = app.lang;
    let list = deciding::summaries(app);
    frame.render_widget(
        Paragraph::new(fit_line(
            Line::from(vec![
                Span::styled(
                    format!(
                        "{} {}",
                        list.len(),
                        lang.pick(
                            "quyết định công bố của tỉnh đã ghi nhận",
                            "publication decisions of the province recorded"
                        )
                    ),
                    theme.heading(),
                ),
                Span::styled(
                    format!(
                        "  · {}",
                        lang.pick(
                            "ghi nhận bằng: tthc decision add / tthc import decision",
                            "record with: tthc decision add / tthc import decision"
                        )
                    ),
                    theme.dim(),
                ),
            ]),
            usize::from(main.width),
        )),
        Rect { height: 1, ..main },
    );
    let titles = [
        lang.pick("Số quyết định", "Number"),
        lang.pick("Ngày", "Date"),
        lang.pick("Hiệu lực", "In force"),
        lang.pick("Đã áp dụng", "Applied"),
        lang.pick("Trích yếu", "Title"),
    ];
    let specs = [
        ColumnSpec::fixed(16, 12, 9),
        ColumnSpec::fixed(10, 10, 8),
        ColumnSpec::fixed(10, 10, 3),
        ColumnSpec::fixed(11, 10, 7),
        ColumnSpec::flex(16),
    ];
    let widths = column_widths(main.width, &specs);
    let header = super::header_row(&titles, &widths, theme);
    let height = usize::from(main.height.saturating_sub(2)).max(1);
    let offset = app.deciding.selected.saturating_sub(height - 1);
    let rows: Vec<Row> = list
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, s)| {
            let applied = format!("{}/{}", s.applied, s.rows - s.elsewhere);
            let row = Row::new(shown_cells(
                vec![
                    s.number.clone(),
                    s.date.map(|d| date_display(d, lang)).unwrap_or_default(),
                    s.effective
                        .map(|d| date_display(d, lang))
                        .unwrap_or_default(),
                    applied,
                    s.title.clone().unwrap_or_default(),
                ],
                &widths,
            ));
            theme.mark_selected(row, i == app.deciding.selected)
        })
        .collect();
    let constraints = shown_constraints(&widths);
    render_list(
        frame,
        theme,
        main,
        (header, rows, &constraints),
        list.is_empty()
            .then(|| lang.pick("Chưa ghi nhận quyết định nào.", "No decision recorded yet.")),
    );
}

/// The state of a row in a word or two, for the table.
fn state_word(r: &RowPlan, lang: Lang) -> String {
    match &r.state {
        RowState::Applied { .. } => format!("✓ {}", lang.pick("đã áp dụng", "applied")),
        RowState::Ready => format!("· {}", lang.pick("chưa áp dụng", "not applied")),
        RowState::Elsewhere { .. } => format!("– {}", lang.pick("cấp khác", "other level")),
        RowState::Blocked { .. } => {
            format!("✗ {}", lang.pick("không áp dụng được", "cannot apply"))
        }
    }
}

fn render_open(app: &App, o: &Opened, theme: &Theme, frame: &mut Frame, main: Rect) {
    let lang = app.lang;
    let Some(data) = &app.data else { return };
    let m = &data.cat.manifest;
    let d = &o.detail.decision;
    let width = usize::from(main.width);
    let mut title = format!("{} {}", lang.pick("Quyết định", "Decision"), d.number);
    if let Some(date) = d.date {
        title.push_str(&format!(
            " {} {}",
            lang.pick("ngày", "of"),
            date_display(date, lang)
        ));
    }
    if let Some(t) = &d.title {
        title.push_str(&format!(" — {t}"));
    }
    let applied = o.detail.count(|s| matches!(s, RowState::Applied { .. }));
    let elsewhere = o.detail.count(|s| matches!(s, RowState::Elsewhere { .. }));
    let mut facts: Vec<String> = Vec::new();
    if let Some(x) = &d.issuer {
        facts.push(x.clone());
    }
    if let Some(x) = &d.signer {
        facts.push(format!("{} {x}", lang.pick("ký:", "signed:")));
    }
    if let Some(x) = d.effective {
        facts.push(format!(
            "{} {}",
            lang.pick("hiệu lực", "in force"),
            date_display(x, lang)
        ));
    }
    facts.push(format!(
        "{} {applied}/{} {}",
        lang.pick("đã áp dụng", "applied"),
        o.detail.rows.len() - elsewhere,
        lang.pick("dòng", "rows")
    ));
    if o.ready() > 0 {
        facts.push(format!(
            "{} {}",
            o.ready(),
            lang.pick("dòng sẵn sàng (a: áp dụng)", "ready (a: apply)")
        ));
    }
    frame.render_widget(
        Paragraph::new(vec![
            fit_line(
                Line::styled(safe(&title).into_owned(), theme.heading()),
                width,
            ),
            fit_line(Line::raw(safe(&facts.join(" · ")).into_owned()), width),
        ]),
        Rect { height: 2, ..main },
    );

    // The effects table: at most about half of what is left.
    let below = main.height.saturating_sub(2);
    let table_rows = (o.detail.rows.len() as u16 + 1).min((below / 2).max(3));
    let table_area = Rect {
        y: main.y + 2,
        height: table_rows,
        ..main
    };
    let titles = [
        "#",
        lang.pick("Loại", "Kind"),
        lang.pick("Cấp", "Level"),
        lang.pick("Mã TTHC", "Code"),
        lang.pick("Tình trạng", "State"),
        lang.pick("Văn bản quy định", "Legal text"),
        lang.pick("Tên thủ tục", "Procedure"),
    ];
    let specs = [
        ColumnSpec::fixed(3, 2, 9),
        ColumnSpec::fixed(16, 9, 8),
        ColumnSpec::fixed(10, 7, 4),
        ColumnSpec::fixed(10, 8, 7),
        ColumnSpec::fixed(20, 14, 6),
        ColumnSpec::fixed(15, 12, 3),
        ColumnSpec::flex(14),
    ];
    let widths = column_widths(main.width, &specs);
    let header = super::header_row(&titles, &widths, theme);
    let visible = usize::from(table_rows.saturating_sub(1)).max(1);
    let offset = o.row.saturating_sub(visible - 1);
    let rows: Vec<Row> = o
        .detail
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, r)| {
            let (level, code) = tthc::words::row_place(r, m, "→");
            let row = Row::new(shown_cells(
                vec![
                    r.row.to_string(),
                    effect_kind_label(r.kind, lang).to_owned(),
                    level,
                    code,
                    state_word(r, lang),
                    r.legal_text.clone().unwrap_or_default(),
                    r.name.clone(),
                ],
                &widths,
            ));
            let row = if matches!(r.state, RowState::Blocked { .. }) && i != o.row {
                row.style(theme.error())
            } else {
                row
            };
            theme.mark_selected(row, i == o.row)
        })
        .collect();
    let constraints = shown_constraints(&widths);
    // render_list draws under a one-line title: give it the line above the table.
    render_list(
        frame,
        theme,
        Rect {
            y: table_area.y - 1,
            height: table_area.height + 1,
            ..table_area
        },
        (header, rows, &constraints),
        o.detail.rows.is_empty().then(|| {
            lang.pick(
                "Quyết định này chưa có dòng nào.",
                "This decision has no rows.",
            )
        }),
    );
    // The selected row: what applying it changes, or why it cannot apply.
    let pane = Rect {
        y: table_area.y + table_area.height,
        height: below.saturating_sub(table_rows),
        ..main
    };
    if let Some(r) = o.detail.rows.get(o.row) {
        let lines = wrap_lines(&row_lines(r, m, lang, theme), width, 6);
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(o.scroll)
            .take(usize::from(pane.height))
            .collect();
        frame.render_widget(Paragraph::new(shown), pane);
    }
    if o.confirm {
        render_confirm(app, o, theme, frame, main);
    }
}

/// What the selected row does or did, as lines: the redline of every record it writes, the
/// local edits it keeps and the proposals it moves; why it cannot apply (with the three-way
/// comparison of a conflict); or when and by whom it was applied.
fn row_lines(r: &RowPlan, m: &Manifest, lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut out = Vec::new();
    let mut head = format!(
        "{} {} — {} {} ({})",
        l("Dòng", "Row"),
        r.row,
        effect_kind_label(r.kind, lang),
        r.code,
        m.level_name(&r.level)
    );
    if let Some(t) = &r.legal_text {
        head.push_str(&format!(" · {} {t}", l("theo", "by")));
    }
    if let Some(d) = r.effective {
        head.push_str(&format!(
            " · {} {}",
            l("hiệu lực", "in force"),
            date_display(d, lang)
        ));
    }
    out.push(Line::styled(safe(&head).into_owned(), theme.heading()));
    match &r.state {
        RowState::Applied {
            date,
            by,
            proposals,
        } => {
            let mut s = format!(
                "  {}{} — {by}",
                l("Đã áp dụng", "Applied"),
                date.map(|d| format!(" {}", date_display(d, lang)))
                    .unwrap_or_default()
            );
            if !proposals.is_empty() {
                s.push_str(&format!(
                    "; {} {}",
                    l("đề xuất", "proposals"),
                    proposals.join(", ")
                ));
            }
            out.push(Line::raw(safe(&s).into_owned()));
        }
        RowState::Elsewhere { level } => out.push(Line::styled(
            match lang {
                Lang::Vi => {
                    format!("  Không thuộc danh mục này (cấp `{level}`): không áp dụng ở đây.")
                }
                Lang::En => {
                    format!("  Not for this catalogue (level `{level}`): never applied here.")
                }
            },
            theme.dim(),
        )),
        RowState::Blocked { reason } => {
            out.push(Line::styled(
                format!(
                    "  {}: {}",
                    l("Không áp dụng được", "Cannot apply"),
                    safe(&tthc::words::blocker(reason, m, lang))
                ),
                theme.error(),
            ));
            if let Blocker::Conflict { fields, .. } = reason {
                for f in fields {
                    let show = |v: &Option<String>| safe(v.as_deref().unwrap_or("—")).into_owned();
                    let mark = if f.conflict {
                        l(" ✗ xung đột", " ✗ conflict")
                    } else {
                        ""
                    };
                    out.push(Line::styled(
                        format!("  {}{mark}", i18n::field_label(&f.field, lang)),
                        theme.heading(),
                    ));
                    out.push(Line::raw(format!(
                        "    {}: {}",
                        l("khi ghi nhận", "recorded"),
                        show(&f.base)
                    )));
                    out.push(Line::raw(format!(
                        "    {}: {}",
                        l("hiện hành", "current"),
                        show(&f.current)
                    )));
                    out.push(Line::raw(format!(
                        "    {}: {}",
                        l("quyết định", "decision"),
                        show(&f.proposed)
                    )));
                }
                out.push(Line::styled(
                    l(
                        "  Sửa thủ tục (e ở thẻ Danh mục) cho các trường xung đột mang giá trị khi ghi nhận hoặc giá trị của quyết định, rồi áp dụng lại.",
                        "  Edit the procedure (e in the Catalogue tab) so the conflicting fields hold the recorded or the decided value, then apply again.",
                    ),
                    theme.dim(),
                ));
            }
        }
        RowState::Ready => {
            out.push(Line::raw(l(
                "  Chưa áp dụng; áp dụng sẽ thay đổi:",
                "  Not applied yet; applying changes:",
            )));
            for w in &r.writes {
                let path = tthc::present::sanitize_path(&w.path);
                match &w.before {
                    None => {
                        out.push(Line::styled(
                            format!("  + {} {path}", l("tạo mới", "creates")),
                            theme.inserted(),
                        ));
                        for s in tthc::present::sections(&w.after, m, lang) {
                            out.push(Line::styled(format!("    {}", s.title), theme.heading()));
                            for line in s.lines {
                                out.push(Line::styled(
                                    format!("      {}", safe(&line)),
                                    theme.inserted(),
                                ));
                            }
                        }
                    }
                    Some(_) => {
                        out.push(Line::styled(format!("  ~ {path}"), theme.heading()));
                        out.extend(w.changes.iter().map(|c| field_line(c, lang, theme)));
                    }
                }
            }
            if let Some(kept) = tthc::words::kept_edits(&r.kept, lang) {
                out.push(Line::raw(format!("  {kept}")));
            }
            for p in &r.proposals {
                let line = format!("  {}", tthc::words::proposal_move(p, m, lang));
                out.push(Line::raw(safe(&line).into_owned()));
            }
        }
    }
    out
}

/// A redline segment's text in the UI's form: a date (`2021-06-28`) as the UI shows dates
/// (dd/mm/yyyy in Vietnamese, ISO in English); anything else as it is.
fn shown_text(text: &str, lang: Lang) -> String {
    let t = text.trim();
    match t.parse::<tthc::model::Date>() {
        Ok(d) if t.len() == 10 => text.replacen(t, &date_display(d, lang), 1),
        _ => text.to_owned(),
    }
}

/// One changed field of a record a row writes, readable without colour: what is removed in
/// `[-…-]`, what is added in `{+…+}` (struck through and underlined, or red and green, as well),
/// a changed value as `old → new`; dates in the UI's form.
fn field_line(c: &FieldChange, lang: Lang, theme: &Theme) -> Line<'static> {
    let what = tthc::words::change_note(c, lang);
    let mut spans = vec![Span::styled(
        format!("    {}{what}: ", i18n::field_path_label(&c.field, lang)),
        theme.heading(),
    )];
    if c.kind == ChangeKind::Moved {
        spans.push(Span::raw(
            safe(&shown_text(c.new.as_deref().unwrap_or(""), lang)).into_owned(),
        ));
        return Line::from(spans);
    }
    let segments = c.redline_for(lang);
    // A whole value replaced by another (a number, a date, a status): `old → new`.
    if let [Segment::Delete(old), rest @ ..] = segments.as_slice()
        && let [Segment::Equal(_), Segment::Insert(new)] | [Segment::Insert(new)] = rest
    {
        spans.push(Span::styled(
            format!("[-{}-]", safe(&shown_text(old, lang))),
            theme.deleted(),
        ));
        spans.push(Span::raw(" → "));
        spans.push(Span::styled(
            format!("{{+{}+}}", safe(&shown_text(new, lang))),
            theme.inserted(),
        ));
        return Line::from(spans);
    }
    for s in &segments {
        spans.push(match s {
            Segment::Equal(t) => Span::raw(safe(t).into_owned()),
            Segment::Delete(t) => Span::styled(
                format!("[-{}-]", safe(&shown_text(t, lang))),
                theme.deleted(),
            ),
            Segment::Insert(t) => Span::styled(
                format!("{{+{}+}}", safe(&shown_text(t, lang))),
                theme.inserted(),
            ),
        });
    }
    Line::from(spans)
}

/// The question before applying, in a box over the table.
fn render_confirm(app: &App, o: &Opened, theme: &Theme, frame: &mut Frame, main: Rect) {
    let lang = app.lang;
    let d = &o.detail.decision;
    let blocked = o.detail.count(|s| matches!(s, RowState::Blocked { .. }));
    let mut text = vec![Line::raw(
        safe(&match lang {
            Lang::Vi => format!(
                "Áp dụng {} dòng của quyết định {} vào danh mục, trong một lần ghi?",
                o.ready(),
                d.number
            ),
            Lang::En => format!(
                "Apply {} row(s) of decision {} to the catalogue, in one commit?",
                o.ready(),
                d.number
            ),
        })
        .into_owned(),
    )];
    if blocked > 0 {
        text.push(Line::styled(
            match lang {
                Lang::Vi => format!("{blocked} dòng không áp dụng được sẽ để lại, ghi rõ lý do."),
                Lang::En => {
                    format!("{blocked} row(s) that cannot apply are left, with the reason.")
                }
            },
            theme.dim(),
        ));
    }
    text.push(Line::default());
    text.push(Line::styled(
        crate::tui::keymap::hint(crate::tui::keymap::Context::DecisionConfirm, lang),
        theme.dim(),
    ));
    let w = main.width.saturating_sub(4).min(72);
    let inner_w = usize::from(w.saturating_sub(2)).max(1);
    let height = text
        .iter()
        .map(|l| l.width().div_ceil(inner_w).max(1) as u16)
        .sum::<u16>()
        + 2;
    let area = Rect {
        x: main.x + (main.width - w) / 2,
        y: main.y + main.height.saturating_sub(height) / 2,
        width: w,
        height: height.min(main.height),
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(lang.pick(" Áp dụng quyết định ", " Apply the decision ")),
        ),
        area,
    );
}
