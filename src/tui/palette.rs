//! The command palette (`:` or ctrl-p): every action of the key table by its description,
//! found by typing (diacritics ignored), run with Enter exactly as its key would run it.

use super::action::{Action, TextOp};
use super::app::{App, Overlay};
use super::keymap::KEYS;
use super::textbox;
use super::update;
use ratatui::crossterm::event::KeyEvent;

/// Open the palette, empty.
pub fn open(app: &mut App) {
    app.overlay = Overlay::Palette {
        input: String::new(),
        selected: 0,
    };
}

/// A key while the palette is open: typed into its input, ↑↓ choose, Enter runs the action.
pub fn on_key(app: &mut App, action: Option<Action>, key: KeyEvent) {
    let Overlay::Palette {
        mut input,
        mut selected,
    } = app.overlay.clone()
    else {
        return;
    };
    match action {
        Some(Action::Back) => {
            app.overlay = Overlay::None;
            return;
        }
        Some(Action::Confirm) => {
            let entries = entries(app, &input);
            app.overlay = Overlay::None;
            if let Some(&(i, _)) = entries.get(selected) {
                update::update(app, KEYS[i].action);
            }
            return;
        }
        Some(Action::Down) => {
            let len = entries(app, &input).len();
            selected = update::clamp_move(selected, len, 1);
        }
        Some(Action::Up) => selected = selected.saturating_sub(1),
        Some(Action::Text(TextOp::DeleteBack)) => {
            input.pop();
            selected = 0;
        }
        _ => {
            if let Some(c) = textbox::typed_char(&key) {
                input.push(c);
                selected = 0;
            }
        }
    }
    app.overlay = Overlay::Palette { input, selected };
}

/// The palette's entries for `input`: indices into [`KEYS`] (one per action) with their scores,
/// best first. Matching ignores diacritics, so `loc` finds "Lọc".
pub fn entries(app: &App, input: &str) -> Vec<(usize, u32)> {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    let mut seen = Vec::new();
    let mut items: Vec<(usize, String)> = Vec::new();
    for (i, b) in KEYS.iter().enumerate() {
        // Dialog keys act inside their dialog only; the palette offers what the screens do.
        if b.context.is_dialog() || seen.contains(&b.action) {
            continue;
        }
        seen.push(b.action);
        items.push((
            i,
            tthc::search::fold(&format!("{} {}", b.description(app.lang), b.keys.join(" "))),
        ));
    }
    if input.trim().is_empty() {
        return items.into_iter().map(|(i, _)| (i, 0)).collect();
    }
    let mut matcher = nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT);
    let pattern = Pattern::parse(
        &tthc::search::fold(input),
        CaseMatching::Ignore,
        Normalization::Smart,
    );
    let texts: Vec<&str> = items.iter().map(|(_, t)| t.as_str()).collect();
    let matched = pattern.match_list(texts, &mut matcher);
    matched
        .into_iter()
        .filter_map(|(text, score)| {
            items
                .iter()
                .find(|(_, t)| t == text)
                .map(|(i, _)| (*i, score))
        })
        .collect()
}
