//! The one key table: it dispatches keys, generates the help screen and feeds the command
//! palette, so none of them can drift from the others.

use super::action::{Action, Tab};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tthc::i18n::Lang;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Catalog,
    Proposals,
    History,
    /// A scrollable page (a procedure, a diff, a proposal).
    Page,
    /// The edit form.
    Form,
    Publish,
}

pub struct Binding {
    pub context: Context,
    /// Key names as [`key_name`] writes them; several keys may share an action.
    pub keys: &'static [&'static str],
    pub action: Action,
    pub vi: &'static str,
    pub en: &'static str,
}

impl Binding {
    pub fn description(&self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }
}

use Context::*;

macro_rules! bind {
    ($ctx:expr, [$($k:literal),+], $action:expr, $vi:literal, $en:literal) => {
        Binding { context: $ctx, keys: &[$($k),+], action: $action, vi: $vi, en: $en }
    };
}

#[rustfmt::skip]
pub static KEYS: &[Binding] = &[
    bind!(Global, ["q", "ctrl-c"], Action::Quit, "Thoát", "Quit"),
    bind!(Global, ["?", "f1"], Action::Help, "Trợ giúp: các phím", "Help: the keys"),
    bind!(Global, [":", "ctrl-p"], Action::Palette, "Bảng lệnh", "Command palette"),
    bind!(Global, ["tab"], Action::NextTab, "Thẻ tiếp theo", "Next tab"),
    bind!(Global, ["backtab"], Action::PrevTab, "Thẻ trước", "Previous tab"),
    bind!(Global, ["1"], Action::GoTab(Tab::Catalog), "Thẻ Danh mục", "Catalogue tab"),
    bind!(Global, ["2"], Action::GoTab(Tab::Proposals), "Thẻ Đề xuất", "Proposals tab"),
    bind!(Global, ["3"], Action::GoTab(Tab::History), "Thẻ Lịch sử", "History tab"),
    bind!(Global, ["4"], Action::GoTab(Tab::Publish), "Thẻ Xuất bản", "Publish tab"),
    bind!(Global, ["esc"], Action::Back, "Quay lại / đóng", "Back / close"),
    bind!(Global, ["down", "j"], Action::Down, "Xuống", "Down"),
    bind!(Global, ["up", "k"], Action::Up, "Lên", "Up"),
    bind!(Global, ["pgdn", "ctrl-d"], Action::PageDown, "Xuống một trang", "Page down"),
    bind!(Global, ["pgup", "ctrl-u"], Action::PageUp, "Lên một trang", "Page up"),
    bind!(Global, ["home", "g"], Action::Home, "Về đầu", "First"),
    bind!(Global, ["end", "G"], Action::End, "Về cuối", "Last"),
    bind!(Global, ["ctrl-r", "f5"], Action::Reload, "Tải lại danh mục", "Reload the catalogue"),
    bind!(Catalog, ["/"], Action::Search, "Tìm (không cần dấu)", "Search (accents optional)"),
    bind!(Catalog, ["enter"], Action::Open, "Xem chi tiết thủ tục", "Open the procedure"),
    bind!(Catalog, ["e"], Action::EditProcedure, "Sửa thủ tục (biểu mẫu)", "Edit the procedure (form)"),
    bind!(Catalog, ["n"], Action::NewProcedure, "Thêm thủ tục mới", "New procedure"),
    bind!(Catalog, ["f"], Action::Filters, "Lọc: cấp, lĩnh vực, tình trạng, trực tuyến, quá hạn rà soát", "Filter: level, field, status, online, overdue review"),
    bind!(Catalog, ["x"], Action::ClearFilters, "Bỏ tìm kiếm và bộ lọc", "Clear search and filters"),
    bind!(Catalog, ["s"], Action::SortNext, "Sắp xếp theo cột tiếp theo", "Sort by the next column"),
    bind!(Catalog, ["S"], Action::SortReverse, "Đảo chiều sắp xếp", "Reverse the sort"),
    bind!(Catalog, ["h"], Action::ProcedureHistory, "Lịch sử của thủ tục", "History of the procedure"),
    bind!(Catalog, ["a"], Action::ProposeAbolish, "Đề xuất bãi bỏ thủ tục", "Propose abolishing the procedure"),
    bind!(Catalog, ["m"], Action::ProposeAmend, "Đề xuất sửa đổi, bổ sung thủ tục", "Propose amending the procedure"),
    bind!(Catalog, ["r"], Action::ProposeReplace, "Đề xuất thay thế thủ tục", "Propose replacing the procedure"),
    bind!(Proposals, ["enter"], Action::Open, "Xem đề xuất và phần sửa đổi", "Open the proposal and its redline"),
    bind!(Proposals, ["n"], Action::ProposeAdd, "Đề xuất công bố thủ tục mới", "Propose a new procedure"),
    bind!(Proposals, ["t"], Action::AdvanceProposal, "Chuyển bước tiếp theo (số, ngày văn bản)", "Next step (document number, date)"),
    bind!(Proposals, ["w"], Action::WithdrawProposal, "Rút đề xuất", "Withdraw the proposal"),
    bind!(Proposals, ["p"], Action::ApplyProposal, "Cập nhật vào danh mục (đề xuất đã công bố)", "Apply to the catalogue (published proposal)"),
    bind!(History, ["enter"], Action::Open, "Xem thay đổi của lần ghi", "Show the commit's changes"),
    bind!(History, ["space", "m"], Action::Mark, "Đánh dấu phiên bản để so sánh", "Mark a version to compare"),
    bind!(History, ["c"], Action::Compare, "So sánh phiên bản đã đánh dấu với phiên bản đang chọn", "Compare the marked version with the selected one"),
    bind!(History, ["b"], Action::BrowseAt, "Xem danh mục tại thời điểm này (chỉ đọc)", "Browse the catalogue as of this commit (read-only)"),
    bind!(History, ["a"], Action::AllHistory, "Lịch sử toàn bộ danh mục", "History of the whole catalogue"),
    bind!(Publish, ["p"], Action::Publish, "Xuất bản: số, ngày quyết định → trang web, bảng tính, dữ liệu mở, lần ghi và thẻ", "Publish: decision number and date → site, spreadsheets, open data, commit and tag"),
    bind!(Page, ["h"], Action::ProcedureHistory, "Lịch sử của thủ tục", "History of the procedure"),
    bind!(Page, ["e"], Action::EditProcedure, "Sửa thủ tục này", "Edit this procedure"),
    bind!(Form, ["enter", "space"], Action::FormEdit, "Sửa trường đang chọn", "Edit the selected field"),
    bind!(Form, ["a", "insert"], Action::FormAdd, "Thêm mục vào danh sách / thêm nhóm", "Add a list item / add the group"),
    bind!(Form, ["d", "delete"], Action::FormDelete, "Xóa mục / bỏ trường không bắt buộc", "Remove the item / clear an optional field"),
    bind!(Form, ["K", "alt-up"], Action::FormMoveUp, "Chuyển mục lên", "Move the item up"),
    bind!(Form, ["J", "alt-down"], Action::FormMoveDown, "Chuyển mục xuống", "Move the item down"),
    bind!(Form, ["ctrl-z", "u"], Action::FormUndo, "Hoàn tác", "Undo"),
    bind!(Form, ["ctrl-y"], Action::FormRedo, "Làm lại", "Redo"),
    bind!(Form, ["ctrl-s"], Action::Save, "Xem thay đổi và lưu (một lần ghi)", "Review and save (one commit)"),
];

/// A key as the table names it: `q`, `G`, `enter`, `ctrl-c`, `pgdn`, `space`.
pub fn key_name(ev: &KeyEvent) -> String {
    let base = match ev.code {
        KeyCode::Char(' ') => "space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "enter".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => "backtab".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::PageUp => "pgup".into(),
        KeyCode::PageDown => "pgdn".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::Backspace => "backspace".into(),
        KeyCode::Delete => "delete".into(),
        KeyCode::Insert => "insert".into(),
        KeyCode::F(n) => format!("f{n}"),
        _ => "?unknown".into(),
    };
    if ev.modifiers.contains(KeyModifiers::CONTROL) {
        format!("ctrl-{base}")
    } else if ev.modifiers.contains(KeyModifiers::ALT) {
        format!("alt-{base}")
    } else {
        base
    }
}

/// The action bound to `key` in the first of `contexts` that binds it.
pub fn lookup(contexts: &[Context], key: &KeyEvent) -> Option<Action> {
    let name = key_name(key);
    contexts.iter().find_map(|ctx| {
        KEYS.iter()
            .find(|b| b.context == *ctx && b.keys.contains(&name.as_str()))
            .map(|b| b.action)
    })
}

/// Parse a key string as tests and the palette write it: plain characters, and `<enter>`,
/// `<esc>`, `<down>`, `<ctrl-c>`, `<space>`, `<backspace>` … in angle brackets.
#[cfg_attr(not(test), allow(dead_code))]
pub fn parse_keys(text: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic()) {
            let name: String = chars.by_ref().take_while(|&n| n != '>').collect();
            out.push(named_key(&name));
        } else {
            out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }
    out
}

#[cfg_attr(not(test), allow(dead_code))]
fn named_key(name: &str) -> KeyEvent {
    let (mods, base) = match name.strip_prefix("ctrl-") {
        Some(rest) => (KeyModifiers::CONTROL, rest),
        None => (KeyModifiers::NONE, name),
    };
    let code = match base {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" => KeyCode::PageUp,
        "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "f1" => KeyCode::F(1),
        other => KeyCode::Char(other.chars().next().unwrap_or(' ')),
    };
    KeyEvent::new(code, mods)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_bound_once_per_context() {
        for (i, a) in KEYS.iter().enumerate() {
            for b in &KEYS[i + 1..] {
                if a.context == b.context {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{k} bound twice in {:?}", a.context);
                    }
                }
            }
        }
    }

    #[test]
    fn key_strings_round_trip() {
        let keys = parse_keys("/ab<enter><ctrl-c>G<space>");
        let names: Vec<String> = keys.iter().map(key_name).collect();
        assert_eq!(names, ["/", "a", "b", "enter", "ctrl-c", "G", "space"]);
    }
}
