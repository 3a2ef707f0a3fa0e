//! The proposals tab: every proposal, grouped by status.

use super::{Theme, proposal_order, render_list, shown_cells, shown_constraints, text};
use crate::tui::app::App;
use crate::tui::layout::{Areas, ColumnSpec, column_widths_with};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Row};
use tthc::i18n::Lang;
use tthc::model::{ProposalKind, ProposalStatus};

pub fn kind_label(k: ProposalKind, lang: Lang) -> &'static str {
    match k {
        ProposalKind::Abolish => lang.pick("Bãi bỏ", "Abolish"),
        ProposalKind::Amend => lang.pick("Sửa đổi, bổ sung", "Amend"),
        ProposalKind::Replace => lang.pick("Thay thế", "Replace"),
        ProposalKind::Add => lang.pick("Công bố mới", "Add"),
    }
}

/// A proposal's status as every face names it, capitalised for a list.
pub fn status_label(s: ProposalStatus, lang: Lang) -> String {
    super::status_name(s, lang)
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, areas: &Areas) {
    let lang = app.lang;
    let main = areas.main;
    let Some(data) = &app.data else { return };
    let cat = &data.cat;
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                "{} {}",
                cat.proposals.len(),
                lang.pick("đề xuất, theo tình trạng", "proposals, by status")
            ),
            theme.heading(),
        )),
        Rect { height: 1, ..main },
    );
    let titles = [
        lang.pick("Tình trạng", "Status"),
        lang.pick("Số", "Id"),
        lang.pick("Loại", "Kind"),
        lang.pick("Thủ tục", "Procedure"),
        lang.pick("Tiêu đề", "Title"),
    ];
    let widest_status = tthc::proposal_rules::CHAIN
        .iter()
        .map(|s| text::width(&status_label(*s, lang)))
        .max()
        .unwrap_or(10) as u16;
    let specs = [
        ColumnSpec::fixed(widest_status, 12, 6),
        ColumnSpec::fixed(12, 12, 9),
        ColumnSpec::fixed(16, 16, 2),
        ColumnSpec::fixed(20, 8, 4),
        ColumnSpec::flex(20),
    ];
    let widths = column_widths_with(main.width, &specs, true);
    // A narrow procedure column shows the code alone.
    let with_level = widths[3].is_some_and(|w| w >= 20);
    let header = super::header_row(&titles, &widths, theme);
    let order = proposal_order(cat);
    let body = areas.body();
    let scroll = app
        .proposals_selected
        .saturating_sub(usize::from(body.height).saturating_sub(1));
    let rows: Vec<Row> = order
        .iter()
        .enumerate()
        .skip(scroll)
        .take(usize::from(body.height))
        .map(|(i, &index)| {
            let p = &cat.proposals[index].record;
            let mut flags = String::new();
            if p.log.iter().any(|t| t.forced.is_some()) {
                flags.push_str(" ⚑");
            }
            if data.stale_proposals.contains(&p.id) {
                flags.push_str(" △");
            }
            let target = match (&p.target, &p.proposed) {
                (Some(t), _) => (t.code.clone(), cat.manifest.level_name(&t.level)),
                (None, Some(n)) => (n.code.to_string(), cat.manifest.level_name(&n.level)),
                (None, None) => ("—".into(), ""),
            };
            let target = if with_level && !target.1.is_empty() {
                format!("{} ({})", target.0, target.1)
            } else {
                target.0
            };
            let row = Row::new(shown_cells(
                vec![
                    status_label(p.status, lang),
                    format!("{}{flags}", p.id),
                    kind_label(p.kind, lang).to_owned(),
                    target,
                    p.title.clone(),
                ],
                &widths,
            ));
            theme.mark_selected(row, i == app.proposals_selected)
        })
        .collect();
    let constraints = shown_constraints(&widths);
    render_list(
        frame,
        theme,
        main,
        (header, rows, &constraints),
        (order.is_empty()).then(|| lang.pick("Chưa có đề xuất nào.", "No proposals yet.")),
    );
    let flagged = order.iter().any(|&i| {
        let p = &cat.proposals[i].record;
        data.stale_proposals.contains(&p.id) || p.log.iter().any(|t| t.forced.is_some())
    });
    if flagged && main.height > 3 {
        // What the flags mean, on the title bar's right.
        frame.render_widget(
            Paragraph::new(Span::styled(
                lang.pick(
                    "⚑ vượt bốn mắt · △ thủ tục đã đổi từ khi soạn",
                    "⚑ four-eyes overridden · △ procedure changed since the draft",
                ),
                theme.dim(),
            ))
            .alignment(ratatui::layout::Alignment::Right),
            Rect { height: 1, ..main },
        );
    }
}
