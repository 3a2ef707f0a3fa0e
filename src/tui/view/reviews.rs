//! The reviews tab: the plan's progress per person and its procedures, or the open review
//! form with its cost summary and what it still lacks. Reads only.

use super::text::fit;
use super::{Theme, safe};
use crate::tui::app::App;
use crate::tui::layout::Areas;
use crate::tui::reviewing::{self, fields};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use tthc::i18n::reviews::{basis_points, missing_label};
use tthc::present::{date_display, vnd};

pub fn render(app: &App, theme: &Theme, frame: &mut Frame, areas: &Areas) {
    match &app.reviewing.form {
        Some(_) => render_form(app, theme, frame, areas.main),
        None => render_plan(app, theme, frame, areas.main),
    }
}

fn render_plan(app: &App, theme: &Theme, frame: &mut Frame, main: Rect) {
    let lang = app.lang;
    let r = &app.reviewing;
    if r.loaded.is_none() {
        // Being read (the status line says so).
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    let plan = r.loaded.as_ref().and_then(|l| l.plan(r.year));
    let head = match plan.and_then(|p| p.record.decision.as_ref()) {
        Some(d) => format!(
            "{} {} — {}",
            lang.pick("Rà soát TTHC năm", "Reviews of"),
            r.year,
            d.number
        ),
        None => format!("{} {}", lang.pick("Rà soát TTHC năm", "Reviews of"), r.year),
    };
    lines.push(Line::styled(safe(&head).into_owned(), theme.heading()));
    let rows = r.rows(app);
    match plan {
        Some(plan) => {
            for p in reviews_by_person(&plan.record, &rows, lang) {
                lines.push(Line::raw(fit(&safe(&p), usize::from(main.width))));
            }
        }
        None => lines.push(Line::styled(
            lang.pick(
                "Chưa có kế hoạch năm này (tthc review plan); các phiếu đã lập:",
                "No plan for this year (tthc review plan); the forms started:",
            ),
            theme.dim(),
        )),
    }
    // Progress against the 2024 baseline and the national targets.
    if let (Some(loaded), Some(data)) = (&r.loaded, &app.data) {
        let report = tthc::workspace::reviews::report_of(&data.cat, loaded, r.year);
        if !report.rows.is_empty() {
            let text = tthc::words::review_targets(&report.targets, report.rows.len(), lang);
            lines.extend(super::text::wrap_line(
                &Line::styled(safe(&text).into_owned(), theme.dim()),
                usize::from(main.width),
                2,
            ));
        }
    }
    lines.push(Line::raw(""));
    let top = lines.len();
    let height = usize::from(main.height).saturating_sub(top).max(1);
    let offset = r.selected.saturating_sub(height - 1);
    let level_of = |id: &str| {
        app.data
            .as_ref()
            .map(|d| d.cat.manifest.level_name(id).to_owned())
            .unwrap_or_else(|| id.to_owned())
    };
    let level_width = rows
        .iter()
        .map(|row| super::text::width(&level_of(&row.level)))
        .max()
        .unwrap_or(0);
    for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
        let state = match row.form {
            Some(Some(d)) => format!("{} {}", lang.pick("xong", "done"), date_display(d, lang)),
            _ if row.late => lang.pick("QUÁ HẠN", "OVERDUE").to_owned(),
            Some(None) => lang.pick("đang làm", "in progress").to_owned(),
            None => lang.pick("chưa lập phiếu", "no form").to_owned(),
        };
        let mut level = level_of(&row.level);
        level.push_str(&" ".repeat(level_width - super::text::width(&level)));
        let text = format!(
            "{:<9} {} {:<16} {:<18} {}",
            row.code,
            level,
            state,
            row.person.as_deref().unwrap_or("-"),
            row.name
        );
        let style = if i == r.selected {
            theme.selected()
        } else if row.late {
            theme.error()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(
            fit(&safe(&text), usize::from(main.width)),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), main);
}

fn reviews_by_person(
    plan: &tthc::model::ReviewPlan,
    rows: &[tthc::workspace::reviews::PlanRow],
    lang: tthc::i18n::Lang,
) -> Vec<String> {
    tthc::workspace::reviews::by_person(plan, rows)
        .iter()
        .map(|p| {
            // Counts that are zero are left out, so the line fits a narrow screen.
            let parts: Vec<String> = [
                (p.done, lang.pick("xong", "done")),
                (p.in_progress, lang.pick("đang làm", "in progress")),
                (p.not_started, lang.pick("chưa làm", "not started")),
                (p.overdue, lang.pick("QUÁ HẠN", "OVERDUE")),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, word)| format!("{n} {word}"))
            .collect();
            format!(
                "{} · {}: {} {}{}{}",
                if p.unit.is_empty() { "—" } else { &p.unit },
                if p.person.is_empty() {
                    "—"
                } else {
                    &p.person
                },
                p.total,
                lang.pick("TTHC", "procedures"),
                p.due
                    .map(|d| format!(" {} {}", lang.pick("hạn", "due"), date_display(d, lang)))
                    .unwrap_or_default(),
                if parts.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", parts.join(", "))
                }
            )
        })
        .collect()
}

fn render_form(app: &App, theme: &Theme, frame: &mut Frame, main: Rect) {
    let lang = app.lang;
    let Some(form) = &app.reviewing.form else {
        return;
    };
    let r = &form.review;
    let level = app
        .data
        .as_ref()
        .map(|d| d.cat.manifest.level_name(&r.level).to_owned())
        .unwrap_or_else(|| r.level.clone());
    let mut head = format!(
        "{} {} — {} {} ({level})",
        lang.pick("Phiếu rà soát năm", "Review form"),
        r.year,
        r.code,
        r.name
    );
    if form.dirty {
        head.push_str(lang.pick(" · chưa lưu", " · not saved"));
    }
    if let Some(d) = r.completed_on {
        head.push_str(&format!(
            " · {} {}",
            lang.pick("hoàn thành", "completed"),
            date_display(d, lang)
        ));
    }
    let wage = app
        .reviewing
        .loaded
        .as_ref()
        .and_then(|l| l.plan(r.year))
        .map(|p| p.record.wage_per_hour)
        .unwrap_or_default();
    let c = r.figures(wage);
    let width = usize::from(main.width);
    let mut footer = vec![Line::raw(fit(
        &format!(
            "{}: {} → {} · {} {}{}",
            lang.pick("Chi phí tuân thủ/năm", "Compliance cost a year"),
            vnd(c.per_year_before),
            vnd(c.per_year_after),
            lang.pick("tiết kiệm", "saving"),
            vnd(c.saving),
            c.rate_basis_points
                .map(|bp| format!(" ({})", basis_points(bp, lang)))
                .unwrap_or_default()
        ),
        width,
    ))];
    if let Some(v) = app
        .data
        .as_ref()
        .and_then(|d| d.cat.procedure(&r.level, &r.code))
        .and_then(|p| tthc::export::review::vs_baseline(r, &p.record, &c))
    {
        footer.push(Line::raw(fit(
            &tthc::words::review_vs_baseline(&v, lang),
            width,
        )));
    }
    let missing = r.missing();
    if !missing.is_empty() && !r.is_completed() {
        let list: Vec<&str> = missing.iter().map(|m| missing_label(*m, lang)).collect();
        footer.push(Line::styled(
            format!("{}: {}", lang.pick("Còn thiếu", "Missing"), list.join("; ")),
            theme.dim(),
        ));
    }
    let edit_height = if form.edit.is_some() { 3 } else { 0 };
    let footer_height = footer.len() as u16;
    let list_height = main
        .height
        .saturating_sub(1 + footer_height + edit_height)
        .max(1);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&safe(&head), usize::from(main.width)),
            theme.heading(),
        )),
        Rect { height: 1, ..main },
    );
    let rows = fields(r);
    let h = usize::from(list_height);
    let offset = form.cursor.saturating_sub(h.saturating_sub(1));
    let label_width = 30usize;
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, f)| {
            let (label, value) = reviewing::row(r, *f, lang);
            let pad = label_width.saturating_sub(super::text::width(&label));
            let text = format!("{label}{} {value}", " ".repeat(pad));
            let style = if i == form.cursor {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            Line::from(Span::styled(
                fit(&safe(&text), usize::from(main.width)),
                style,
            ))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            y: main.y + 1,
            height: list_height,
            ..main
        },
    );
    frame.render_widget(
        Paragraph::new(footer),
        Rect {
            y: main.y + 1 + list_height,
            height: footer_height,
            ..main
        },
    );
    if let Some(area) = &form.edit {
        let rect = Rect {
            y: main.y + 1 + list_height + footer_height,
            height: edit_height,
            ..main
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(lang.pick(" Gõ rồi Enter ", " Type, then Enter "));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        frame.render_widget(area, inner);
    }
}
