//! Writing to the terminal: colour only when wanted, columns aligned by display width, and
//! catalogue text always sanitized so it cannot drive the terminal.
//!
//! Text meant for people goes through [`Screen`] (stdout) or [`note!`] (stderr): both pass every
//! line through `tthc::present`'s sanitizer, whatever the command put in it. Data formats stay
//! byte-faithful in a pipe or a file; on a terminal, JSON escapes what could drive it and CSV
//! cells are sanitized.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use tthc::present::{sanitize, sanitize_styled};
use unicode_width::UnicodeWidthStr;

/// Whether stdout is a terminal (asked once).
pub fn stdout_is_terminal() -> bool {
    static TERMINAL: OnceLock<bool> = OnceLock::new();
    *TERMINAL.get_or_init(|| std::io::stdout().is_terminal())
}

/// One message line on stderr, sanitized as a whole: `note!("{}: {}", path, what)`.
macro_rules! note {
    ($($arg:tt)*) => {
        eprintln!("{}", tthc::present::sanitize(&format!($($arg)*)))
    };
}
pub(crate) use note;

/// Stdout for text meant for people: every complete line is sanitized before it is written, so
/// no escape sequence from the catalogue, a file name or git can reach the terminal; only the
/// colour sequences tthc writes itself pass, and only when colour is on.
pub struct Screen<W: Write> {
    inner: W,
    color: bool,
    pending: Vec<u8>,
}

/// Stdout as a [`Screen`].
pub fn screen(color: bool) -> Screen<std::io::StdoutLock<'static>> {
    Screen::new(std::io::stdout().lock(), color)
}

impl<W: Write> Screen<W> {
    pub fn new(inner: W, color: bool) -> Screen<W> {
        Screen {
            inner,
            color,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, upto: usize) -> std::io::Result<()> {
        let line: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&line);
        self.inner
            .write_all(sanitize_styled(&text, self.color).as_bytes())
    }
}

impl<W: Write> Write for Screen<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(last) = self.pending.iter().rposition(|b| *b == b'\n') {
            self.emit(last + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.emit(self.pending.len())?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Screen<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Colour on stdout: never with `NO_COLOR`; always with `CLICOLOR_FORCE` (for pagers such as
/// `less -R`, and tests); otherwise when stdout is a terminal.
pub fn stdout_color() -> bool {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
        || std::io::stdout().is_terminal()
}

/// "Saved 1a2b3c4d5e — MESSAGE": what a command that recorded a commit says.
pub fn saved(commit: &str, message: &str, lang: tthc::i18n::Lang) -> String {
    format!(
        "{} {} — {}",
        lang.pick("Đã lưu", "Saved"),
        tthc::present::short_commit(commit),
        sanitize(message)
    )
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

/// A CSV cell for stdout that a spreadsheet will not run as a formula; sanitized when stdout is
/// a terminal, byte-faithful otherwise.
pub fn csv_safe(cell: &str) -> String {
    csv_cell(cell, stdout_is_terminal())
}

/// [`csv_safe`] with the terminal question answered by the caller.
pub fn csv_cell(cell: &str, terminal: bool) -> String {
    let cell = if terminal {
        sanitize(cell)
    } else {
        cell.into()
    };
    tthc::export::formula_safe(&cell).into_owned()
}

/// Pretty JSON and a newline for stdout: escaped for a terminal when stdout is one, unchanged
/// otherwise; a closed pipe stays a broken-pipe error so `main` can exit quietly.
pub fn write_json<T: serde::Serialize>(out: &mut impl Write, value: &T) -> std::io::Result<()> {
    write_json_to(out, value, stdout_is_terminal())
}

/// [`write_json`] with the terminal question answered by the caller.
pub fn write_json_to<T: serde::Serialize>(
    out: &mut impl Write,
    value: &T,
    terminal: bool,
) -> std::io::Result<()> {
    let written = if terminal {
        tthc::present::write_json_for_terminal(&mut *out, value)
    } else {
        serde_json::to_writer_pretty(&mut *out, value)
    };
    written.map_err(|e| match e.io_error_kind() {
        Some(kind) => std::io::Error::from(kind),
        None => std::io::Error::other(e),
    })?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "Khai sinh\u{1b}]0;T\u{7}\u{1b}]52;c;aGk=\u{7}\u{85}\u{202e}";

    #[test]
    fn data_is_faithful_in_a_pipe_and_escaped_on_a_terminal() {
        let value = serde_json::json!({ "name": HOSTILE });
        let mut piped = Vec::new();
        write_json_to(&mut piped, &value, false).unwrap();
        assert!(String::from_utf8(piped).unwrap().contains("\u{85}\u{202e}"));
        let mut shown = Vec::new();
        write_json_to(&mut shown, &value, true).unwrap();
        let shown = String::from_utf8(shown).unwrap();
        assert!(
            !shown.contains(['\u{1b}', '\u{7}', '\u{85}', '\u{202e}']),
            "{shown}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&shown).unwrap(),
            value
        );

        assert_eq!(csv_cell(HOSTILE, false), HOSTILE);
        assert!(!csv_cell(HOSTILE, true).contains(['\u{1b}', '\u{85}', '\u{202e}']));
        assert_eq!(csv_cell("=1+1", true), "'=1+1");
    }

    #[test]
    fn the_screen_lets_only_its_own_colour_through() {
        let mut buf = Vec::new();
        {
            let mut s = Screen::new(&mut buf, true);
            // A line written in pieces, a multi-byte character split between two writes.
            write!(s, "{}: ", paint("error", "1;31", true)).unwrap();
            s.write_all(&"\u{1b}]0;T\u{7}đ".as_bytes()[..7]).unwrap();
            s.write_all(&"\u{1b}]0;T\u{7}đ".as_bytes()[7..]).unwrap();
            writeln!(s).unwrap();
            write!(s, "no newline \u{9b}").unwrap();
        }
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text,
            "\u{1b}[1;31merror\u{1b}[0m: \\u{001b}]0;T\\u{0007}đ\nno newline \\u{009b}"
        );
        let mut buf = Vec::new();
        writeln!(Screen::new(&mut buf, false), "{}", paint("x", "1", true)).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\\u{001b}[1mx\\u{001b}[0m\n"
        );
    }
}

pub use tthc::present::capitalise;

/// What the third version of a three-way comparison is: a proposal or a province's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThirdSide {
    Proposal,
    Decision,
}

/// The fields of a target changed since a proposal or decision was recorded: each with its
/// value then, now, and in the proposal or decision (`✗` where both changed it differently).
pub fn three_way_text(
    fields: &[tthc::proposal_rules::ThreeWayField],
    third: ThirdSide,
    lang: tthc::i18n::Lang,
    color: bool,
) -> String {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let (base, current, other) = match third {
        ThirdSide::Proposal => (
            l("khi soạn ", "base    "),
            l("hiện hành", "current "),
            l("đề xuất  ", "proposed"),
        ),
        ThirdSide::Decision => (
            l("khi ghi nhận", "recorded"),
            l("hiện hành   ", "current "),
            l("quyết định  ", "decision"),
        ),
    };
    let show = |v: &Option<String>| sanitize(v.as_deref().unwrap_or("—")).into_owned();
    let mut o = String::new();
    for f in fields {
        let mark = if f.conflict {
            paint(l(" ✗ xung đột", " ✗ conflict"), "1;31", color)
        } else {
            String::new()
        };
        o.push_str(&format!(
            "  {}{mark}\n",
            capitalise(tthc::i18n::field_label(&f.field, lang))
        ));
        o.push_str(&format!("    {base}: {}\n", show(&f.base)));
        o.push_str(&format!("    {current}: {}\n", show(&f.current)));
        let theirs = if f.proposed != f.base || f.conflict {
            show(&f.proposed)
        } else if third == ThirdSide::Proposal {
            l("(không đổi so với khi soạn)", "(unchanged from the base)").to_owned()
        } else {
            l("(không đổi so với khi ghi nhận)", "(unchanged from then)").to_owned()
        };
        o.push_str(&format!("    {other}: {theirs}\n"));
    }
    o
}
