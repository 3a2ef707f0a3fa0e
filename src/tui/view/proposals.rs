//! The proposals tab: every proposal, grouped by status.

use super::{Areas, Theme, proposal_order, render_list, safe};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};
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

pub fn status_label(s: ProposalStatus, lang: Lang) -> &'static str {
    match s {
        ProposalStatus::Draft => lang.pick("Dự thảo", "Draft"),
        ProposalStatus::Submitted => lang.pick("Đã trình", "Submitted"),
        ProposalStatus::SentToProvince => lang.pick("Đã gửi tỉnh", "Sent to province"),
        ProposalStatus::Approved => lang.pick("Được chấp thuận", "Approved"),
        ProposalStatus::Rejected => lang.pick("Không chấp thuận", "Rejected"),
        ProposalStatus::ForwardedToMinistry => lang.pick("Đã chuyển Bộ", "Forwarded to ministry"),
        ProposalStatus::LegalTextAmended => lang.pick("Đã sửa văn bản", "Legal text amended"),
        ProposalStatus::Published => lang.pick("Đã công bố", "Published"),
        ProposalStatus::Applied => lang.pick("Đã cập nhật danh mục", "Applied"),
        ProposalStatus::Withdrawn => lang.pick("Đã rút", "Withdrawn"),
    }
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
    let header = Row::new([
        lang.pick("Tình trạng", "Status"),
        lang.pick("Số", "Id"),
        lang.pick("Loại", "Kind"),
        lang.pick("Thủ tục", "Procedure"),
        lang.pick("Tiêu đề", "Title"),
    ])
    .style(theme.header());
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
            let forced = p.log.iter().any(|t| t.forced.is_some());
            let target = p
                .target
                .as_ref()
                .map(|t| format!("{}/{}", t.level, t.code))
                .unwrap_or_else(|| "—".into());
            let row = Row::new(vec![
                Cell::from(status_label(p.status, lang)),
                Cell::from(format!("{}{}", safe(&p.id), if forced { " ⚠" } else { "" })),
                Cell::from(kind_label(p.kind, lang)),
                Cell::from(safe(&target).into_owned()),
                Cell::from(safe(&p.title).into_owned()),
            ]);
            theme.mark_selected(row, i == app.proposals_selected)
        })
        .collect();
    let widths = [
        Constraint::Length(20),
        Constraint::Length(11),
        Constraint::Length(16),
        Constraint::Length(16),
        Constraint::Min(20),
    ];
    render_list(
        frame,
        theme,
        main,
        (header, rows, &widths),
        (order.is_empty()).then(|| lang.pick("Chưa có đề xuất nào.", "No proposals yet.")),
    );
}
