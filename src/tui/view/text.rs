//! Fitting text to the cells it has: cutting with an ellipsis, and wrapping at word boundaries
//! with the line's indentation kept on the lines that follow. Widths are display widths
//! (unicode-width): a Vietnamese letter with a combining mark takes one cell, the mark none, and
//! a mark is never separated from its letter.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_normalization::UnicodeNormalization;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const ELLIPSIS: char = '…';

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width of `text`.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` in NFC, cut to `max` cells with an ellipsis when it is wider.
pub fn fit(text: &str, max: usize) -> String {
    let text: String = text.nfc().collect();
    if width(&text) <= max {
        return text;
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            // A combining mark still belongs to the letter before it.
            if w == 0 && !out.is_empty() {
                out.push(c);
                continue;
            }
            break;
        }
        out.push(c);
        used += w;
    }
    out.push(ELLIPSIS);
    out
}

/// A styled line cut to `max` cells with an ellipsis (in the style of the text it cuts).
pub fn fit_line(line: Line<'static>, max: usize) -> Line<'static> {
    if line.width() <= max {
        return line;
    }
    let Line {
        spans,
        style,
        alignment,
        ..
    } = line;
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in spans {
        let w = width(&span.content);
        if used + w < max {
            used += w;
            out.push(span);
            continue;
        }
        let room = max - used;
        out.push(Span::styled(fit(&span.content, room), span.style));
        if width(
            &out.last()
                .map(|s| s.content.to_string())
                .unwrap_or_default(),
        ) < room
        {
            // The span fit exactly but more follows: mark the cut after it.
            out.push(Span::styled(ELLIPSIS.to_string(), span.style));
        }
        break;
    }
    let mut line = Line::from(out).style(style);
    line.alignment = alignment;
    line
}

/// One visible cell's worth of text with its style, for wrapping.
struct Cell {
    text: String,
    width: usize,
    style: Style,
    space: bool,
}

fn cells(line: &Line<'_>) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    for span in &line.spans {
        let content: String = span.content.nfc().collect();
        for c in content.chars() {
            let w = char_width(c);
            if w == 0
                && let Some(last) = out.last_mut()
            {
                last.text.push(c);
                continue;
            }
            out.push(Cell {
                text: c.to_string(),
                width: w,
                style: span.style,
                space: c == ' ',
            });
        }
    }
    out
}

fn build(cells: &[Cell], indent: usize, base: &Line<'_>) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    if indent > 0 {
        spans.push(Span::raw(" ".repeat(indent)));
    }
    let mut text = String::new();
    let mut style: Option<Style> = None;
    for c in cells {
        if style != Some(c.style) {
            if let Some(s) = style
                && !text.is_empty()
            {
                spans.push(Span::styled(std::mem::take(&mut text), s));
            }
            style = Some(c.style);
        }
        text.push_str(&c.text);
    }
    if let Some(s) = style
        && !text.is_empty()
    {
        spans.push(Span::styled(text, s));
    }
    let mut line = Line::from(spans).style(base.style);
    line.alignment = base.alignment;
    line
}

/// `line` wrapped to `max` cells at word boundaries (a word wider than a line is cut between
/// letters). The lines that follow keep the first line's indentation plus `hang` cells.
pub fn wrap_line(line: &Line<'_>, max: usize, hang: usize) -> Vec<Line<'static>> {
    let max = max.max(1);
    let cells = cells(line);
    if cells.iter().map(|c| c.width).sum::<usize>() <= max {
        return vec![build(&cells, 0, line)];
    }
    let lead = cells.iter().take_while(|c| c.space).count();
    let indent = (lead + hang).min(max / 2);
    let mut out = Vec::new();
    let mut start = 0;
    let mut first = true;
    while start < cells.len() {
        let pad = if first { 0 } else { indent };
        let room = max - pad;
        // Take cells while they fit; remember the last space to break at.
        let mut used = 0;
        let mut end = start;
        let mut last_space: Option<usize> = None;
        while end < cells.len() && used + cells[end].width <= room {
            if cells[end].space && end > start && (!first || end > lead) {
                last_space = Some(end);
            }
            used += cells[end].width;
            end += 1;
        }
        if end < cells.len() {
            if cells[end].space {
                // The break falls on a space: it goes.
            } else if let Some(space) = last_space {
                end = space;
            }
        }
        if end == start {
            // Not even one cell fits (a very narrow area): take one anyway.
            end = start + 1;
        }
        out.push(build(&cells[start..end], pad, line));
        first = false;
        start = end;
        while start < cells.len() && cells[start].space {
            start += 1;
        }
    }
    out
}

/// Every line wrapped to `max` cells, as [`wrap_line`] does.
pub fn wrap_lines(lines: &[Line<'_>], max: usize, hang: usize) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| wrap_line(l, max, hang)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn fit_cuts_by_display_width_with_an_ellipsis() {
        assert_eq!(fit("Đăng ký khai sinh", 20), "Đăng ký khai sinh");
        assert_eq!(fit("Đăng ký khai sinh", 10), "Đăng ký k…");
        assert_eq!(width(&fit("Đăng ký khai sinh", 10)), 10);
        // Decomposed input (combining marks) is composed first and never split from its letter.
        let decomposed = "Đa\u{306}ng ky\u{301} khai sinh";
        assert_eq!(fit(decomposed, 6), "Đăng …");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("abcdef", 1), "…");
    }

    #[test]
    fn wrapping_keeps_words_and_indentation() {
        let line = Line::from("  Bước 1: Người yêu cầu nộp đề nghị tại quầy Phòng Tư pháp.");
        let lines = wrap_line(&line, 30, 2);
        let texts: Vec<String> = lines.iter().map(text).collect();
        assert_eq!(
            texts,
            [
                "  Bước 1: Người yêu cầu nộp đề",
                "    nghị tại quầy Phòng Tư",
                "    pháp."
            ]
        );
        assert!(texts.iter().all(|t| width(t) <= 30));
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_between_letters() {
        let line = Line::from("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html");
        let lines = wrap_line(&line, 20, 0);
        assert!(lines.iter().all(|l| l.width() <= 20));
        let joined: String = lines.iter().map(text).collect();
        assert_eq!(
            joined,
            "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"
        );
    }

    #[test]
    fn styles_survive_wrapping_and_cutting() {
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![
            Span::styled("Tên thủ tục: ", bold),
            Span::raw("Cấp bản sao có chứng thực từ bản chính hợp đồng"),
        ]);
        let lines = wrap_line(&line, 24, 0);
        assert_eq!(lines[0].spans[0].style, bold);
        assert_eq!(text(&lines[0]), "Tên thủ tục: Cấp bản sao");
        let cut = fit_line(line, 20);
        assert_eq!(text(&cut), "Tên thủ tục: Cấp bả…");
        assert_eq!(cut.spans[0].style, bold);
    }
}
