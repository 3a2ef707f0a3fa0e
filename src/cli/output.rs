//! Writing to the terminal: colour only when wanted, columns aligned by display width, and
//! catalogue text always sanitized so it cannot drive the terminal.

use std::io::IsTerminal;
use tthc::present::sanitize;
use unicode_width::UnicodeWidthStr;

/// Colour on stdout: never with `NO_COLOR`; always with `CLICOLOR_FORCE` (for pagers such as
/// `less -R`, and tests); otherwise when stdout is a terminal.
pub fn stdout_color() -> bool {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
        || std::io::stdout().is_terminal()
}

/// Wrap `text` in an SGR colour when `on`.
pub fn paint(text: &str, sgr: &str, on: bool) -> String {
    if on {
        format!("\x1b[{sgr}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Lay out rows in columns padded by display width; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>], bold_header: bool) -> String {
    let cells: Vec<Vec<String>> = std::iter::once(header.iter().map(|s| s.to_string()).collect())
        .chain(
            rows.iter()
                .map(|r| r.iter().map(|c| sanitize(c).into_owned()).collect()),
        )
        .collect();
    let cols = header.len();
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            cells
                .iter()
                .map(|r| r.get(i).map_or(0, |c| c.width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (n, row) in cells.iter().enumerate() {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < cols {
                line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        let line = line.trim_end().to_owned();
        if n == 0 && bold_header {
            out.push_str(&paint(&line, "1", true));
        } else {
            out.push_str(&line);
        }
        out.push('\n');
    }
    out
}

/// A CSV cell that a spreadsheet will not run as a formula.
pub fn csv_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Pretty JSON and a newline; a closed pipe stays a broken-pipe error so `main` can exit quietly.
pub fn write_json<T: serde::Serialize>(
    out: &mut impl std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => std::io::Error::from(kind),
        None => std::io::Error::other(e),
    })?;
    writeln!(out)
}
