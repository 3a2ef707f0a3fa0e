//! Full-screen pages (a procedure, the changes of a commit, a proposal) and the lines they show.

use super::text::{fit_line, width as width_of, wrap_lines};
use super::{Theme, safe};
use crate::tui::app::{Page, PageContent};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tthc::diff::{CatalogDiff, ChangeKind, FieldChange, Segment, field_changes};
use tthc::history::CommitInfo;
use tthc::i18n::{self, Lang};
use tthc::model::{Manifest, Procedure, Proposal, ProposalKind, ProposalStatus};
use tthc::present::{date_display, sections_on};
use tthc::store::Catalog;
use tthc::words::Message;

/// What a page shows, as lines.
pub fn page_lines(page: &Page, lang: Lang, color: bool) -> Vec<Line<'static>> {
    match &page.content {
        PageContent::Procedure {
            procedure,
            manifest,
            today,
        } => {
            let mut lines = vec![
                Line::from(Span::styled(
                    safe(&procedure.name).into_owned(),
                    Theme { color }.heading(),
                )),
                Line::default(),
            ];
            lines.extend(procedure_lines(
                procedure,
                manifest,
                lang,
                color,
                Some(*today),
            ));
            lines
        }
        PageContent::Unreadable(u) => unreadable_lines(u, lang, color),
        PageContent::Diff(d) => diff_lines(d, lang, color),
        PageContent::Proposal {
            proposal,
            target,
            manifest,
        } => proposal_lines(proposal, target.as_deref(), manifest, lang, color),
    }
}

pub fn render_page(page: &Page, lang: Lang, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let lines = wrap_lines(&page_lines(page, lang, theme.color), width, 2);
    let total = lines.len().max(1);
    let shown = (page.scroll + usize::from(body.height)).min(total);
    let pct = format!(" {}% · Esc", shown * 100 / total);
    let title = Line::from(Span::styled(
        safe(&page.title).into_owned(),
        theme.heading(),
    ));
    frame.render_widget(
        Paragraph::new(fit_line(title, width.saturating_sub(width_of(&pct)))),
        Rect { height: 1, ..area },
    );
    frame.render_widget(
        Paragraph::new(Span::styled(pct, theme.dim())).alignment(Alignment::Right),
        Rect { height: 1, ..area },
    );
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(page.scroll)
        .take(usize::from(body.height))
        .collect();
    frame.render_widget(Paragraph::new(visible), body);
}

/// How many lines the page takes once wrapped to `width`.
pub fn page_line_count(page: &Page, lang: Lang, color: bool, width: u16) -> usize {
    wrap_lines(&page_lines(page, lang, color), usize::from(width), 2).len()
}

/// When a commit was made, in the UI's date format and the author's time zone.
pub fn commit_date(c: &CommitInfo, lang: Lang) -> String {
    let Ok(ts) = jiff::Timestamp::from_second(c.time) else {
        return String::new();
    };
    let offset =
        jiff::tz::Offset::from_seconds(c.offset_minutes * 60).unwrap_or(jiff::tz::Offset::UTC);
    let dt = offset.to_datetime(ts);
    match lang {
        Lang::Vi => dt.strftime("%d/%m/%Y %H:%M").to_string(),
        Lang::En => dt.strftime("%Y-%m-%d %H:%M").to_string(),
    }
}

/// Every section of a procedure, in the official order.
/// With `today`, an abolition not yet in effect is shown as coming, not as done.
pub fn procedure_lines(
    p: &Procedure,
    m: &Manifest,
    lang: Lang,
    color: bool,
    today: Option<tthc::model::Date>,
) -> Vec<Line<'static>> {
    let theme = Theme { color };
    let mut out = Vec::new();
    for section in sections_on(p, m, lang, today) {
        out.push(Line::from(Span::styled(
            section.title.to_uppercase(),
            theme.heading(),
        )));
        for line in section.lines {
            out.push(Line::from(format!("  {}", safe(&line))));
        }
        out.push(Line::default());
    }
    out
}

/// A procedure file that does not parse: where and why, and what to do about it.
pub fn unreadable_lines(
    u: &crate::tui::app::Unreadable,
    lang: Lang,
    color: bool,
) -> Vec<Line<'static>> {
    let theme = Theme { color };
    let mut out = vec![
        Line::from(Span::styled(
            format!(
                "⚠ {} {}",
                lang.pick("Tệp không đọc được:", "This file does not parse:"),
                u.path.display()
            ),
            theme.error(),
        )),
        Line::default(),
    ];
    for d in &u.problems {
        let place = if d.line > 0 {
            format!(
                "{} {}, {} {}",
                lang.pick("dòng", "line"),
                d.line,
                lang.pick("cột", "column"),
                d.column
            )
        } else {
            lang.pick("cả tệp", "the whole file").to_owned()
        };
        out.push(Line::from(format!("  {place}: {}", safe(&d.message(lang)))));
        if let Some(hint) = d.hint(lang) {
            out.push(Line::from(Span::styled(
                format!("    {}", safe(&hint)),
                theme.dim(),
            )));
        }
    }
    out.push(Line::default());
    out.push(Line::from(lang.pick(
        "Thủ tục trong tệp này chưa hiện được và không niêm yết được cho đến khi tệp được sửa. Sửa tệp bằng trình soạn thảo, rồi ctrl-r để tải lại; tthc validate liệt kê mọi lỗi.",
        "The procedure in this file cannot be shown or published until the file is fixed. Fix it in an editor, then ctrl-r to reload; tthc validate lists every problem.",
    )));
    out
}

/// A redline as spans: deleted words struck through (red), inserted underlined (green); without
/// colour the `[-…-]` / `{+…+}` markers are kept so it reads the same. In colour, a deletion
/// and the insertion next to it are kept apart by a space, so 5→3 never reads `53`.
fn redline_spans(segments: &[Segment], theme: &Theme) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut previous: Option<&Segment> = None;
    for s in segments {
        let adjacent_change = matches!(
            (previous, s),
            (Some(Segment::Delete(_)), Segment::Insert(_))
                | (Some(Segment::Insert(_)), Segment::Delete(_))
        );
        if theme.color && adjacent_change {
            out.push(Span::raw(" "));
        }
        out.push(match s {
            Segment::Equal(t) => Span::raw(safe(t).into_owned()),
            Segment::Delete(t) if theme.color => {
                Span::styled(safe(t).into_owned(), theme.deleted())
            }
            Segment::Insert(t) if theme.color => {
                Span::styled(safe(t).into_owned(), theme.inserted())
            }
            Segment::Delete(t) => Span::styled(format!("[-{}-]", safe(t)), theme.deleted()),
            Segment::Insert(t) => Span::styled(format!("{{+{}+}}", safe(t)), theme.inserted()),
        });
        previous = Some(s);
    }
    out
}

fn change_line(c: &FieldChange, lang: Lang, theme: &Theme) -> Line<'static> {
    let what = tthc::words::change_note(c, lang);
    let field = i18n::field_path_label(&c.field, lang);
    let mut spans = vec![Span::styled(
        format!("    {field}{what}: "),
        theme.heading(),
    )];
    if c.kind == ChangeKind::Moved {
        spans.push(Span::raw(safe(c.new.as_deref().unwrap_or("")).into_owned()));
    } else {
        spans.extend(redline_spans(&c.redline_for(lang), theme));
    }
    Line::from(spans)
}

/// The changed fields of one record, a line each, with the redline.
pub fn change_lines(changes: &[FieldChange], lang: Lang, color: bool) -> Vec<Line<'static>> {
    let theme = Theme { color };
    changes
        .iter()
        .map(|c| change_line(c, lang, &theme))
        .collect()
}

/// The changes between two states of the catalogue, procedure by procedure.
pub fn diff_lines(d: &CatalogDiff, lang: Lang, color: bool) -> Vec<Line<'static>> {
    let theme = Theme { color };
    let mut out = Vec::new();
    for p in &d.added {
        out.push(Line::from(vec![
            Span::styled(
                format!("+ {} ", lang.pick("Thêm", "Added")),
                theme.inserted(),
            ),
            Span::raw(format!("{}/{}  {}", p.level, p.code, safe(&p.name))),
        ]));
    }
    for p in &d.removed {
        out.push(Line::from(vec![
            Span::styled(
                format!("- {} ", lang.pick("Bỏ", "Removed")),
                theme.deleted(),
            ),
            Span::raw(format!("{}/{}  {}", p.level, p.code, safe(&p.name))),
        ]));
    }
    for p in &d.changed {
        let r = &p.procedure;
        out.push(Line::from(vec![
            Span::styled(
                format!("~ {} ", lang.pick("Sửa", "Changed")),
                theme.heading(),
            ),
            Span::raw(format!("{}/{}  {}", r.level, r.code, safe(&r.name))),
        ]));
        for c in &p.changes {
            out.push(change_line(c, lang, &theme));
        }
    }
    if out.is_empty() {
        out.push(Line::from(lang.pick(
            "Không có thay đổi nào trong danh mục thủ tục.",
            "No change to the procedures.",
        )));
    }
    out
}

fn status_rank(s: ProposalStatus) -> usize {
    use ProposalStatus::*;
    [
        Draft,
        Submitted,
        SentToProvince,
        Approved,
        ForwardedToMinistry,
        LegalTextAmended,
        Published,
        Applied,
        Rejected,
        Withdrawn,
    ]
    .iter()
    .position(|x| *x == s)
    .unwrap_or(usize::MAX)
}

/// Proposals grouped by status (in the order of the process), then by id.
pub fn proposal_order(cat: &Catalog) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cat.proposals.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&cat.proposals[a].record, &cat.proposals[b].record);
        status_rank(pa.status)
            .cmp(&status_rank(pb.status))
            .then_with(|| pa.id.cmp(&pb.id))
    });
    order
}

/// A proposal: what, why, its path so far, and the redline of what it would change.
pub fn proposal_lines(
    p: &Proposal,
    target: Option<&Procedure>,
    m: &Manifest,
    lang: Lang,
    color: bool,
) -> Vec<Line<'static>> {
    use super::proposals::{kind_label, status_label};
    let theme = Theme { color };
    let mut out = Vec::new();
    let head = |k: &str| Span::styled(format!("{k}: "), theme.heading());
    out.push(Line::from(vec![
        head(lang.pick("Loại", "Kind")),
        Span::raw(kind_label(p.kind, lang)),
    ]));
    if let Some(t) = &p.target {
        let name = target.map(|t| t.name.clone()).unwrap_or_default();
        out.push(Line::from(vec![
            head(lang.pick("Thủ tục", "Procedure")),
            Span::raw(format!(
                "{} ({}) {}",
                t.code,
                m.level_name(&t.level),
                safe(&name)
            )),
        ]));
    }
    out.push(Line::from(vec![
        head(lang.pick("Tình trạng", "Status")),
        Span::raw(status_label(p.status, lang)),
    ]));
    for (label, text) in [
        (lang.pick("Sự cần thiết, lý do", "Rationale"), &p.rationale),
        (
            lang.pick("Phương án đơn giản hóa", "Simplification plan"),
            &p.plan,
        ),
    ] {
        if let Some(t) = text {
            out.push(Line::from(vec![
                head(label),
                Span::raw(safe(t).into_owned()),
            ]));
        }
    }
    // The compliance cost as the CLI shows it: before → after; the saving a year.
    if let Some(c) = &p.compliance_cost {
        out.push(Line::from(vec![
            head(lang.pick("Chi phí tuân thủ (một năm)", "Compliance cost (per year)")),
            Span::raw(tthc::words::compliance_saving(c, lang)),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        lang.pick("QUÁ TRÌNH", "HISTORY"),
        theme.heading(),
    )));
    for t in &p.log {
        let mut s = format!(
            "  {}  {}",
            t.date.map(|d| date_display(d, lang)).unwrap_or_default(),
            status_label(t.status, lang)
        );
        s.push_str(&tthc::words::step_detail(t, lang));
        let mut spans = vec![Span::raw(safe(&s).into_owned())];
        if let Some(reason) = &t.forced {
            spans.push(Span::styled(
                format!(
                    "  ⚠ {}: {}",
                    lang.pick("vượt quy tắc bốn mắt", "four-eyes overridden"),
                    safe(reason)
                ),
                theme.error(),
            ));
        }
        out.push(Line::from(spans));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        lang.pick("NỘI DUNG THAY ĐỔI", "WHAT CHANGES"),
        theme.heading(),
    )));
    match (p.kind, target, &p.proposed) {
        (ProposalKind::Abolish, Some(t), _) => {
            for line in procedure_lines(t, m, lang, color, None) {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                if text.trim().is_empty() {
                    continue;
                }
                let seg = [Segment::Delete(text)];
                out.push(Line::from(redline_spans(&seg, &theme)));
            }
        }
        (_, Some(t), Some(proposed)) => {
            for c in field_changes(t, proposed) {
                out.push(change_line(&c, lang, &theme));
            }
        }
        (_, None, Some(proposed)) => {
            for line in procedure_lines(proposed, m, lang, color, None) {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                if !text.trim().is_empty() {
                    out.push(Line::from(redline_spans(&[Segment::Insert(text)], &theme)));
                }
            }
        }
        _ => out.push(Line::from(
            lang.pick("(không có nội dung đề xuất)", "(no proposed content)"),
        )),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span<'_>]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_redline_in_colour_keeps_old_and_new_words_apart() {
        let segments = [
            Segment::Equal("Thời hạn: ".into()),
            Segment::Delete("5".into()),
            Segment::Insert("3".into()),
            Segment::Equal(" ngày làm việc".into()),
        ];
        let colour = redline_spans(&segments, &Theme { color: true });
        assert_eq!(text(&colour), "Thời hạn: 5 3 ngày làm việc");
        assert!(
            colour[1]
                .style
                .add_modifier
                .contains(ratatui::style::Modifier::CROSSED_OUT)
        );
        assert!(
            colour[3]
                .style
                .add_modifier
                .contains(ratatui::style::Modifier::UNDERLINED)
        );
        let plain = redline_spans(&segments, &Theme { color: false });
        assert_eq!(text(&plain), "Thời hạn: [-5-]{+3+} ngày làm việc");
    }
}
