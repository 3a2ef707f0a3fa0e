//! Text boxes: the form's text input and every dialog's boxes share one set of keys (the
//! [`Context::TextInput`](super::keymap::Context) bindings of the key table), so what the help
//! lists is what they do, and undo is `ctrl-z` everywhere.

use super::action::{Action, TextOp};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// A text box holding `text`, the cursor at its end; long lines wrap at word boundaries.
pub fn new(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let mut area = TextArea::new(lines);
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// A character typed as text: no control or alt modifier, not a control character.
pub fn typed_char(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                && !c.is_control() =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// What a key did to a text box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The text changed.
    Changed,
    /// Only the cursor moved, or nothing happened.
    Same,
    /// Enter in a one-line box: the box is done.
    Done,
}

/// Apply a key (already looked up in the key table as `action`) to a text box.
pub fn apply(
    area: &mut TextArea<'static>,
    action: Option<Action>,
    key: &KeyEvent,
    multiline: bool,
) -> Outcome {
    let changed = |b: bool| if b { Outcome::Changed } else { Outcome::Same };
    let moved = |area: &mut TextArea<'static>, m: CursorMove| {
        area.move_cursor(m);
        Outcome::Same
    };
    match action {
        Some(Action::Text(op)) => match op {
            TextOp::Newline if multiline => {
                area.insert_newline();
                Outcome::Changed
            }
            TextOp::Newline => Outcome::Done,
            TextOp::Left => moved(area, CursorMove::Back),
            TextOp::Right => moved(area, CursorMove::Forward),
            TextOp::Up => moved(area, CursorMove::Up),
            TextOp::Down => moved(area, CursorMove::Down),
            TextOp::WordLeft => moved(area, CursorMove::WordBack),
            TextOp::WordRight => moved(area, CursorMove::WordForward),
            TextOp::LineStart => moved(area, CursorMove::Head),
            TextOp::LineEnd => moved(area, CursorMove::End),
            TextOp::DeleteBack => changed(area.delete_char()),
            TextOp::DeleteForward => changed(area.delete_next_char()),
            TextOp::DeleteWord => changed(area.delete_word()),
            TextOp::DeleteToEnd => changed(area.delete_line_by_end()),
        },
        Some(Action::Undo) => changed(area.undo()),
        Some(Action::Redo) => changed(area.redo()),
        _ => match typed_char(key) {
            Some(c) => {
                area.insert_char(c);
                Outcome::Changed
            }
            None => Outcome::Same,
        },
    }
}

/// Pasted text as a box takes it: tabs become spaces, line ends are `\n`, and a one-line box
/// gets its line breaks as spaces. Other control characters are dropped.
pub fn pasted(text: &str, multiline: bool) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' if multiline => Some('\n'),
            '\n' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The text of a one-line box, trimmed; `None` when empty.
pub fn value(area: &TextArea<'static>) -> Option<String> {
    let t = area.lines().join(" ").trim().to_owned();
    (!t.is_empty()).then_some(t)
}

/// Rows a box `width` cells wide (borders included) needs to show all of `area` wrapped.
pub fn rows_needed(area: &TextArea<'static>, width: u16) -> u16 {
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = area
        .lines()
        .iter()
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(l.as_str())
                .div_ceil(inner)
                .max(1)
        })
        .sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasting_turns_tabs_into_spaces_and_keeps_one_line_boxes_on_one_line() {
        assert_eq!(pasted("a\tb\r\nc", false), "a b c");
        assert_eq!(pasted("a\tb\r\nc\rd", true), "a b\nc\nd");
        assert_eq!(pasted("x\u{7}y", true), "xy");
    }

    #[test]
    fn enter_ends_a_one_line_box_and_breaks_a_line_in_a_multi_line_one() {
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        let action = Some(Action::Text(TextOp::Newline));
        let mut one = new("Tên");
        assert_eq!(apply(&mut one, action, &enter, false), Outcome::Done);
        assert_eq!(one.lines(), ["Tên"]);
        let mut many = new("Bước 1");
        assert_eq!(apply(&mut many, action, &enter, true), Outcome::Changed);
        assert_eq!(many.lines().len(), 2);
    }

    #[test]
    fn ctrl_z_undoes_typing() {
        let mut area = new("ab");
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        apply(&mut area, None, &c, false);
        assert_eq!(area.lines(), ["abc"]);
        apply(&mut area, Some(Action::Undo), &c, false);
        assert_eq!(area.lines(), ["ab"]);
        apply(&mut area, Some(Action::Redo), &c, false);
        assert_eq!(area.lines(), ["abc"]);
    }
}
