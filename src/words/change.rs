//! How a changed field is named beside its redline, in words for both UI languages.

use crate::diff::{ChangeKind, FieldChange};
use crate::i18n::{Lang, field_path_label};

/// What a change did to its field, written after the field's name: nothing for a changed value,
/// ` (thêm)` / ` (bỏ)` for a part added or removed, ` (chuyển từ …)` for one moved, with the
/// label of the place it came from.
pub fn change_note(c: &FieldChange, lang: Lang) -> String {
    match c.kind {
        ChangeKind::Changed => String::new(),
        ChangeKind::Added => format!(" ({})", lang.pick("thêm", "added")),
        ChangeKind::Removed => format!(" ({})", lang.pick("bỏ", "removed")),
        ChangeKind::Moved => format!(
            " ({} {})",
            lang.pick("chuyển từ", "moved from"),
            field_path_label(c.from.as_deref().unwrap_or("?"), lang)
        ),
    }
}
