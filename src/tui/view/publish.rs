//! The publish tab: the publication decisions recorded so far.

use super::text::fit_line;
use super::{Theme, render_list, safe, shown_cells, shown_constraints};
use crate::tui::app::App;
use crate::tui::layout::{Areas, ColumnSpec, column_widths};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};
use tthc::present::date_display;

/// What publishing now would change, in the three sections of the decision's appendix.
fn preview_lines(app: &App, theme: &Theme, max: usize, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let Some(p) = &app.preview else {
        return vec![Line::from(Span::styled(
            lang.pick(
                "Đang tính những gì sẽ thay đổi…",
                "Working out what would change…",
            ),
            theme.dim(),
        ))];
    };
    let mut out = Vec::new();
    out.push(Line::from(vec![
        Span::styled(
            format!("{} ", lang.pick("Lần niêm yết trước:", "Previous posting:")),
            theme.heading(),
        ),
        Span::raw(match &p.previous {
            Some(prev) => format!(
                "{} ({})",
                safe(&prev.record.decision),
                prev.record
                    .date
                    .map(|d| date_display(d, lang))
                    .unwrap_or_default()
            ),
            None => lang.pick("chưa có", "none yet").to_owned(),
        }),
    ]));
    let mut check = vec![Span::styled(
        format!("{} ", lang.pick("Kiểm tra:", "Checks:")),
        theme.heading(),
    )];
    if p.errors > 0 {
        check.push(Span::styled(
            format!(
                "✗ {} {} ",
                p.errors,
                lang.pick("lỗi (tthc validate)", "errors (tthc validate)")
            ),
            theme.error(),
        ));
    } else {
        check.push(Span::raw(format!("✓ {} ", lang.pick("hợp lệ", "valid"))));
    }
    if p.warnings > 0 {
        check.push(Span::raw(format!(
            "· {} {} ",
            p.warnings,
            lang.pick("cảnh báo", "warnings")
        )));
    }
    if !p.uncommitted.is_empty() {
        check.push(Span::styled(
            format!(
                "· {} {}",
                p.uncommitted.len(),
                lang.pick(
                    "tệp chưa ghi (commit) — chưa niêm yết được",
                    "uncommitted files — cannot publish yet"
                )
            ),
            theme.error(),
        ));
    }
    check.push(Span::raw(format!(
        "· {} {}",
        p.listed,
        lang.pick("thủ tục sẽ niêm yết", "procedures listed")
    )));
    out.push(Line::from(check));
    let sections = [
        (
            lang.pick("1. Thủ tục công bố mới", "1. New procedures"),
            &p.changes.new,
            "+",
        ),
        (
            lang.pick(
                "2. Thủ tục sửa đổi, bổ sung, thay thế",
                "2. Amended or replaced",
            ),
            &p.changes.amended,
            "~",
        ),
        (
            lang.pick("3. Thủ tục bãi bỏ", "3. Abolished"),
            &p.changes.abolished,
            "-",
        ),
        (
            lang.pick("4. Thủ tục chuyển cấp", "4. Transferred"),
            &p.changes.transferred,
            ">",
        ),
    ];
    out.push(Line::from(Span::styled(
        format!(
            "{} {}",
            lang.pick("Nếu niêm yết bây giờ (p):", "If posted now (p):"),
            if p.changes.is_empty() {
                lang.pick("không có thay đổi", "no changes")
            } else {
                ""
            }
        ),
        theme.heading(),
    )));
    for (title, items, mark) in sections {
        if items.is_empty() {
            continue;
        }
        out.push(Line::from(format!("  {title}: {}", items.len())));
        for c in items.iter().take(8) {
            let level = app
                .data
                .as_ref()
                .map(|d| d.cat.manifest.level_name(&c.level).to_owned())
                .unwrap_or_else(|| c.level.clone());
            out.push(Line::from(format!(
                "    {mark} {} ({level}) {}",
                c.code,
                safe(&c.name)
            )));
        }
        if items.len() > 8 {
            out.push(Line::from(Span::styled(
                format!("    … +{}", items.len() - 8),
                theme.dim(),
            )));
        }
    }
    out.truncate(max);
    out.into_iter().map(|l| fit_line(l, width)).collect()
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, areas: &Areas) {
    let lang = app.lang;
    let full = areas.main;
    let preview = preview_lines(
        app,
        theme,
        usize::from(full.height / 2).max(3),
        usize::from(full.width),
    );
    let used = preview.len() as u16 + 1;
    frame.render_widget(
        Paragraph::new(preview),
        Rect {
            height: used,
            ..full
        },
    );
    let main = Rect {
        y: full.y + used,
        height: full.height.saturating_sub(used),
        ..full
    };
    let Some(data) = &app.data else { return };
    let pubs = &data.cat.publications;
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(lang.pick("Các lần niêm yết", "Postings"), theme.heading()),
            Span::styled(
                format!(
                    "  · {}",
                    lang.pick(
                        "niêm yết bằng: p, hoặc tthc post",
                        "post with: p, or tthc post"
                    )
                ),
                theme.dim(),
            ),
        ])),
        Rect { height: 1, ..main },
    );
    let titles = [
        lang.pick("Văn bản", "Document"),
        lang.pick("Ngày", "Date"),
        lang.pick("Hiệu lực", "In force"),
        lang.pick("Tổng", "Total"),
        lang.pick("Mới", "New"),
        lang.pick("Sửa đổi", "Amended"),
        lang.pick("Bãi bỏ", "Abolished"),
    ];
    let w = |i: usize, min: u16| (super::text::width(titles[i]) as u16).max(min);
    let specs = [
        ColumnSpec::flex(16),
        ColumnSpec::fixed(10, 10, 8),
        ColumnSpec::fixed(w(2, 10), w(2, 10), 3),
        ColumnSpec::fixed(w(3, 4), w(3, 4), 7),
        ColumnSpec::fixed(w(4, 4), w(4, 4), 6),
        ColumnSpec::fixed(w(5, 4), w(5, 4), 5),
        ColumnSpec::fixed(w(6, 4), w(6, 4), 4),
    ];
    let widths = column_widths(main.width, &specs);
    let header = super::header_row(&titles, &widths, theme);
    let rows: Vec<Row> = pubs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let r = &p.record;
            let row = Row::new(shown_cells(
                vec![
                    r.decision.clone(),
                    r.date.map(|d| date_display(d, lang)).unwrap_or_default(),
                    r.effective
                        .map(|d| date_display(d, lang))
                        .unwrap_or_default(),
                    r.counts.total.to_string(),
                    r.counts.new.to_string(),
                    r.counts.amended.to_string(),
                    r.counts.abolished.to_string(),
                ],
                &widths,
            ));
            theme.mark_selected(row, i == app.publish_selected)
        })
        .collect();
    let constraints = shown_constraints(&widths);
    render_list(
        frame,
        theme,
        main,
        (header, rows, &constraints),
        (pubs.is_empty()).then(|| {
            lang.pick(
                "Chưa ghi nhận lần niêm yết nào.",
                "No posting recorded yet.",
            )
        }),
    );
}
