//! The import dialog: the paths box, then the preview of what importing would do (the CLI's
//! preview: a line per record, `+` new, `≠` differs, `~` updated, `=` unchanged, incomplete
//! records marked with what they lack, redlines of what differs, the totals).

use super::overlay::{Field, dialog};
use super::text::{fit_line, wrap_lines};
use super::{Theme, safe};
use crate::tui::app::App;
use crate::tui::importing::{Importing, Preview, Stage, totals, writes_anything};
use crate::tui::keymap::{Context, hint};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use tthc::i18n::Lang;
use tthc::words::import as words;
use tthc::workspace::import::{ItemState, PortalOutcome};

pub fn render(app: &App, imp: &Importing, theme: &Theme, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    match &imp.stage {
        Stage::Paths => {
            let body = vec![
                Line::from(lang.pick(
                    "Nhập thủ tục từ tệp xuất của Cổng Dịch vụ công quốc gia: tệp danh sách (XLSX) và các tệp chi tiết từng thủ tục (DOCX).",
                    "Import procedures from the national portal's exports: the list (XLSX) and the per-procedure detail files (DOCX).",
                )),
                Line::from(lang.pick(
                    "Gõ hoặc dán đường dẫn, cách nhau bằng dấu cách hoặc xuống dòng (đường dẫn có dấu cách: đặt trong ngoặc kép). Thủ tục không có tệp chi tiết được ghi là chưa đầy đủ.",
                    "Type or paste the paths, separated by spaces or new lines (a path with spaces: in quotes). Procedures without a detail file are recorded as incomplete.",
                )),
                Line::from(Span::styled(
                    lang.pick(
                        "Enter chỉ đọc và cho xem trước; chưa ghi gì cho đến khi xác nhận.",
                        "Enter only reads and shows a preview; nothing is written until you confirm.",
                    ),
                    theme.dim(),
                )),
            ];
            let label = lang.pick("Các tệp", "Files");
            dialog(
                frame,
                theme,
                area,
                100,
                lang.pick(
                    "Nhập từ Cổng DVC quốc gia",
                    "Import from the national portal",
                ),
                body,
                &[Field {
                    label,
                    area: &imp.input,
                    focused: true,
                }],
                imp.error.as_deref(),
                &hint(Context::ImportPaths, lang),
            );
        }
        Stage::Preview(p) => render_preview(app, imp, p, frame, area),
    }
}

/// The preview's lines (all of them; the view scrolls).
pub fn preview_lines(
    files: &[std::path::PathBuf],
    out: &PortalOutcome,
    lang: Lang,
    color: bool,
) -> Vec<Line<'static>> {
    let theme = Theme { color };
    let mut lines = Vec::new();
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| f.display().to_string())
        })
        .collect();
    lines.push(Line::from(format!(
        "{} {}",
        lang.pick("Tệp:", "Files:"),
        safe(&names.join(", "))
    )));
    if out.blocked() {
        lines.push(Line::from(Span::styled(
            match lang {
                Lang::Vi => format!(
                    "Chưa nhập được: {} tên chưa khớp với catalog.yaml",
                    out.unmatched.len()
                ),
                Lang::En => format!(
                    "Cannot import yet: {} name(s) match nothing in catalog.yaml",
                    out.unmatched.len()
                ),
            },
            theme.error(),
        )));
        for u in &out.unmatched {
            let name = words::unmatched_name(u, lang);
            lines.push(Line::from(format!("  {}", safe(&name))));
        }
        lines.push(Line::default());
        lines.push(Line::from(lang.pick(
            "a: thêm các tên này vào catalog.yaml; hoặc ghi mã tương ứng vào import-map.yaml (trong thư mục danh mục), rồi Esc và Enter để đọc lại.",
            "a: add these names to catalog.yaml; or write the matching ids into import-map.yaml (in the catalogue folder), then Esc and Enter to read again.",
        )));
        return lines;
    }
    lines.push(Line::from(Span::styled(totals(out, lang), theme.heading())));
    lines.push(Line::default());
    for item in &out.items {
        let (tag, style) = match item.state {
            ItemState::New => ("+", theme.inserted()),
            ItemState::Unchanged => ("=", theme.dim()),
            ItemState::Differs => ("≠", theme.deleted()),
            ItemState::Updated => ("~", theme.heading()),
        };
        let mut spans = vec![
            Span::styled(format!("{tag} "), style),
            Span::raw(format!(
                "{}/{}  {}",
                item.level,
                item.code,
                safe(&item.name)
            )),
        ];
        if item.incomplete {
            spans.push(Span::styled(
                format!("  ({})", words::incomplete_note(lang)),
                theme.dim(),
            ));
        }
        lines.push(Line::from(spans));
        if let Some(missing) = words::missing_parts(item, lang) {
            lines.push(Line::from(format!("    {missing}")));
        }
        let changes: Vec<_> = item
            .changes
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.redline = tthc::diff::fold_context(&c.redline, 6);
                c
            })
            .collect();
        lines.extend(super::change_lines(&changes, lang, color));
    }
    for line in words::mapping_lines(out, lang) {
        lines.push(Line::from(safe(&line).into_owned()));
    }
    lines.push(Line::default());
    let differs = out.count(ItemState::Differs);
    if differs > 0 {
        lines.push(Line::from(lang.pick(
            "Các thủ tục khác danh mục không bị ghi đè; u để ghi đè phần lấy từ tệp nhập.",
            "Records that differ are not overwritten; u writes the sources' parts over them.",
        )));
    }
    lines.push(Line::from(Span::styled(
        if writes_anything(out) {
            lang.pick(
                "Chưa ghi gì. Enter: ghi vào danh mục (một lần ghi) · Esc: quay lại, không ghi.",
                "Nothing written yet. Enter: write to the catalogue (one commit) · Esc: back, nothing written.",
            )
        } else {
            lang.pick(
                "Không có gì thay đổi: danh mục đã có đúng những gì tệp nhập ghi.",
                "Nothing to change: the catalogue already says what the sources say.",
            )
        },
        theme.heading(),
    )));
    lines
}

/// The preview's keys from the key table, the scrolling keys said once.
fn preview_hint(lang: Lang) -> String {
    use crate::tui::action::Action;
    use crate::tui::keymap::{KEYS, key_label};
    let mut parts: Vec<String> = KEYS
        .iter()
        .filter(|b| b.context == Context::ImportPreview)
        .filter(|b| {
            !matches!(
                b.action,
                Action::Up | Action::Down | Action::PageUp | Action::PageDown
            )
        })
        .map(|b| format!("{}: {}", key_label(b.keys[0]), b.short(lang).to_lowercase()))
        .collect();
    parts.insert(
        parts.len().saturating_sub(1),
        format!("↑↓ PgUp PgDn: {}", lang.pick("cuộn", "scroll")),
    );
    parts.join(" · ")
}

/// The preview's text as drawn in `inner` (wrapped), its footer (the refusal, the keys), and
/// the rows left for the text.
fn preview_layout(
    app: &App,
    imp: &Importing,
    p: &Preview,
    inner: Rect,
) -> (std::rc::Rc<Vec<Line<'static>>>, Vec<Line<'static>>, usize) {
    let lang = app.lang;
    let theme = Theme { color: app.color };
    let width = usize::from(inner.width);
    let mut foot = Vec::new();
    if let Some(e) = &imp.error {
        let lines: Vec<Line<'static>> = e
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let mark = if i == 0 { "✗ " } else { "  " };
                Line::from(Span::styled(format!("{mark}{}", safe(l)), theme.error()))
            })
            .collect();
        foot.extend(wrap_lines(&lines, width, 2));
    }
    foot.extend(wrap_lines(
        &[Line::from(Span::styled(preview_hint(lang), theme.dim()))],
        width,
        0,
    ));
    let body_h = usize::from(inner.height).saturating_sub(foot.len());
    (p.wrapped(width), foot, body_h)
}

/// How far the preview can scroll on the screen as it is.
pub fn max_scroll(app: &App) -> usize {
    let Some(imp) = app.importing() else { return 0 };
    let Stage::Preview(p) = &imp.stage else {
        return 0;
    };
    let main = crate::tui::layout::layout(app.size).main;
    let inner = Block::default().borders(Borders::ALL).inner(main);
    let (lines, _, body_h) = preview_layout(app, imp, p, inner);
    lines.len().saturating_sub(body_h)
}

fn render_preview(app: &App, imp: &Importing, p: &Preview, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    frame.render_widget(Clear, area);
    let title = format!(
        " {}{}{} ",
        lang.pick(
            "Nhập từ Cổng DVC quốc gia — xem trước",
            "Import from the national portal — preview"
        ),
        if p.options.update {
            lang.pick(" · ghi đè (u)", " · overwrite (u)")
        } else {
            ""
        },
        if p.options.add_missing {
            lang.pick(" · thêm tên mới (a)", " · add new names (a)")
        } else {
            ""
        },
    );
    let inner = Block::default().borders(Borders::ALL).inner(area);
    let (lines, foot, body_h) = preview_layout(app, imp, p, inner);
    let width = usize::from(inner.width);
    let max = lines.len().saturating_sub(body_h);
    let scroll = p.scroll.min(max);
    let mut block = Block::default().borders(Borders::ALL).title(title);
    if max > 0 {
        block = block.title_bottom(format!(
            " {}–{}/{} ",
            scroll + 1,
            (scroll + body_h).min(lines.len()),
            lines.len()
        ));
    }
    frame.render_widget(block, area);
    for (i, line) in lines.iter().skip(scroll).take(body_h).cloned().enumerate() {
        frame.render_widget(
            Paragraph::new(fit_line(line, width)),
            Rect::new(inner.x, inner.y + i as u16, inner.width, 1),
        );
    }
    for (i, line) in foot.into_iter().enumerate() {
        let y = inner.y + (body_h + i) as u16;
        if y >= inner.y + inner.height {
            break;
        }
        frame.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
    }
}
