//! The one key table: it dispatches keys, generates the help screen and feeds the command
//! palette, so none of them can drift from the others.

use super::action::{Action, Tab, TextOp};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tthc::i18n::Lang;

/// Where a binding applies. The help screen lists them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Catalog,
    /// Typing the search words of the catalogue tab.
    Search,
    /// The filter overlay of the catalogue tab.
    Filter,
    /// A scrollable page (a procedure, a diff, a proposal).
    Page,
    Proposals,
    History,
    Publish,
    /// The edit form.
    Form,
    /// A text box being typed in: the form's text input and every dialog's boxes.
    TextInput,
    /// A list of choices opened from the form.
    Picker,
    /// The changes about to be saved, with the commit message (or a proposal's reason).
    SaveReview,
    /// Leaving a form with unsaved changes.
    ConfirmLeave,
    /// The three-way comparison after a save found the file changed elsewhere.
    Conflict,
    /// Unsaved forms found at start.
    Recovery,
    /// A new procedure: level and code.
    NewProcedure,
    /// A proposal to abolish: the reason.
    Abolish,
    /// A proposal's next step, withdrawal or application.
    Step,
    /// The decision data of a publication.
    PublishDialog,
    /// The command palette.
    Palette,
    /// This help.
    Help,
    /// The reviews tab: the plan and its procedures.
    Reviews,
    /// A review form.
    ReviewForm,
    /// The decisions tab: the province's decisions recorded here.
    Decisions,
    /// A decision's effects table.
    DecisionEffects,
    /// Asking before a decision is applied.
    DecisionConfirm,
    /// The import dialog: the paths of the files.
    ImportPaths,
    /// The import dialog: what importing would do.
    ImportPreview,
}

impl Context {
    /// Every context, in the order the help lists them.
    pub const ALL: [Context; 28] = [
        Context::Global,
        Context::Catalog,
        Context::Search,
        Context::Filter,
        Context::Page,
        Context::Proposals,
        Context::History,
        Context::Publish,
        Context::Reviews,
        Context::ReviewForm,
        Context::Decisions,
        Context::DecisionEffects,
        Context::DecisionConfirm,
        Context::Form,
        Context::TextInput,
        Context::Picker,
        Context::SaveReview,
        Context::ConfirmLeave,
        Context::Conflict,
        Context::Recovery,
        Context::NewProcedure,
        Context::Abolish,
        Context::Step,
        Context::PublishDialog,
        Context::ImportPaths,
        Context::ImportPreview,
        Context::Palette,
        Context::Help,
    ];

    pub fn title(self, lang: Lang) -> &'static str {
        use Context::*;
        match self {
            Global => lang.pick(
                "Mọi nơi (trừ khi đang gõ hay trong hộp thoại)",
                "Everywhere (except while typing or in a dialog)",
            ),
            Catalog => lang.pick("Thẻ Danh mục", "Catalogue tab"),
            Search => lang.pick("Đang gõ từ cần tìm", "Typing a search"),
            Filter => lang.pick("Bộ lọc", "Filters"),
            Page => lang.pick(
                "Trang chi tiết (thủ tục, thay đổi, đề xuất)",
                "Detail page (procedure, changes, proposal)",
            ),
            Proposals => lang.pick("Thẻ Đề xuất", "Proposals tab"),
            History => lang.pick("Thẻ Lịch sử", "History tab"),
            Publish => lang.pick("Thẻ Niêm yết", "Post tab"),
            Form => lang.pick("Biểu mẫu sửa thủ tục", "Edit form"),
            TextInput => lang.pick(
                "Ô nhập chữ (biểu mẫu và hộp thoại)",
                "Text box (form and dialogs)",
            ),
            Picker => lang.pick("Danh sách lựa chọn", "List of choices"),
            SaveReview => lang.pick("Xem thay đổi trước khi lưu", "Review before saving"),
            ConfirmLeave => lang.pick("Rời biểu mẫu chưa lưu", "Leaving an unsaved form"),
            Conflict => lang.pick("So sánh ba phiên bản", "Three-way compare"),
            Recovery => lang.pick("Khôi phục phần sửa chưa lưu", "Recovering unsaved edits"),
            NewProcedure => lang.pick("Thêm thủ tục mới", "New procedure"),
            Abolish => lang.pick("Đề xuất bãi bỏ", "Proposing an abolition"),
            Step => lang.pick(
                "Chuyển bước, rút, cập nhật đề xuất",
                "Next step, withdraw, apply a proposal",
            ),
            PublishDialog => lang.pick("Hộp thoại xuất bản", "Publish dialog"),
            Palette => lang.pick("Bảng lệnh", "Command palette"),
            Help => lang.pick("Trợ giúp này", "This help"),
            Reviews => lang.pick("Thẻ Rà soát", "Reviews tab"),
            ReviewForm => lang.pick("Phiếu rà soát", "Review form"),
            Decisions => lang.pick("Thẻ Quyết định", "Decisions tab"),
            DecisionEffects => lang.pick("Các dòng của một quyết định", "A decision's effects"),
            DecisionConfirm => lang.pick(
                "Hỏi trước khi áp dụng quyết định",
                "Before applying a decision",
            ),
            ImportPaths => lang.pick(
                "Nhập từ Cổng DVC quốc gia: đường dẫn các tệp",
                "Import from the national portal: the files' paths",
            ),
            ImportPreview => lang.pick(
                "Nhập từ Cổng DVC quốc gia: xem trước",
                "Import from the national portal: preview",
            ),
        }
    }

    /// A dialog or overlay: only its own keys apply (and the text box's, if it has one).
    pub fn is_dialog(self) -> bool {
        !matches!(
            self,
            Context::Global
                | Context::Catalog
                | Context::Page
                | Context::Proposals
                | Context::History
                | Context::Publish
                | Context::Form
                | Context::Reviews
                | Context::ReviewForm
                | Context::Decisions
                | Context::DecisionEffects
        )
    }
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

    /// The description up to its first colon, semicolon, slash or parenthesis, for hint lines.
    pub fn short(&self, lang: Lang) -> &'static str {
        let d = self.description(lang);
        let end = d.find([':', '(', ';', '/']).unwrap_or(d.len());
        d[..end].trim_end()
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
    bind!(Global, ["?", "f1"], Action::Help, "Trợ giúp: các phím (F1 cả khi đang gõ)", "Help: the keys (F1 also while typing)"),
    bind!(Global, [":", "ctrl-p"], Action::Palette, "Bảng lệnh", "Command palette"),
    bind!(Global, ["tab"], Action::NextTab, "Thẻ tiếp theo", "Next tab"),
    bind!(Global, ["backtab"], Action::PrevTab, "Thẻ trước", "Previous tab"),
    bind!(Global, ["1"], Action::GoTab(Tab::Catalog), "Thẻ Danh mục", "Catalogue tab"),
    bind!(Global, ["2"], Action::GoTab(Tab::Proposals), "Thẻ Đề xuất", "Proposals tab"),
    bind!(Global, ["3"], Action::GoTab(Tab::History), "Thẻ Lịch sử", "History tab"),
    bind!(Global, ["4"], Action::GoTab(Tab::Publish), "Thẻ Niêm yết", "Post tab"),
    bind!(Global, ["5"], Action::GoTab(Tab::Reviews), "Thẻ Rà soát", "Reviews tab"),
    bind!(Global, ["6"], Action::GoTab(Tab::Decisions), "Thẻ Quyết định (quyết định công bố của tỉnh)", "Decisions tab (the province's publication decisions)"),
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
    bind!(Catalog, ["i"], Action::Import, "Nhập từ Cổng DVC quốc gia (tệp danh sách XLSX, tệp chi tiết DOCX): xem trước rồi ghi", "Import from the national portal (list XLSX, detail DOCX files): preview, then write"),
    bind!(Catalog, ["h"], Action::ProcedureHistory, "Lịch sử của thủ tục", "History of the procedure"),
    bind!(Catalog, ["a"], Action::ProposeAbolish, "Đề xuất bãi bỏ thủ tục", "Propose abolishing the procedure"),
    bind!(Catalog, ["m"], Action::ProposeAmend, "Đề xuất sửa đổi, bổ sung thủ tục", "Propose amending the procedure"),
    bind!(Catalog, ["r"], Action::ProposeReplace, "Đề xuất thay thế thủ tục", "Propose replacing the procedure"),
    bind!(Search, ["enter"], Action::Confirm, "Xong: giữ kết quả tìm", "Done: keep the results"),
    bind!(Search, ["esc"], Action::Back, "Bỏ tìm", "Cancel the search"),
    bind!(Search, ["down"], Action::Down, "Xuống", "Down"),
    bind!(Search, ["up"], Action::Up, "Lên", "Up"),
    bind!(Filter, ["down", "j"], Action::Down, "Bộ lọc tiếp theo", "Next filter"),
    bind!(Filter, ["up", "k"], Action::Up, "Bộ lọc trước", "Previous filter"),
    bind!(Filter, ["right", "l", "space"], Action::ChoiceNext, "Giá trị tiếp theo", "Next value"),
    bind!(Filter, ["left", "h"], Action::ChoicePrev, "Giá trị trước", "Previous value"),
    bind!(Filter, ["x"], Action::ClearFilters, "Bỏ mọi bộ lọc", "Clear every filter"),
    bind!(Filter, ["esc", "enter", "f"], Action::Back, "Đóng", "Close"),
    bind!(Page, ["h"], Action::ProcedureHistory, "Lịch sử của thủ tục", "History of the procedure"),
    bind!(Page, ["e"], Action::EditProcedure, "Sửa thủ tục này", "Edit this procedure"),
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
    bind!(Form, ["enter", "space"], Action::FormEdit, "Sửa trường đang chọn", "Edit the selected field"),
    bind!(Form, ["a", "insert"], Action::FormAdd, "Thêm mục vào danh sách / thêm nhóm", "Add a list item / add the group"),
    bind!(Form, ["d", "delete"], Action::FormDelete, "Xóa mục / bỏ trường không bắt buộc", "Remove the item / clear an optional field"),
    bind!(Form, ["K", "alt-up"], Action::FormMoveUp, "Chuyển mục lên", "Move the item up"),
    bind!(Form, ["J", "alt-down"], Action::FormMoveDown, "Chuyển mục xuống", "Move the item down"),
    bind!(Form, ["ctrl-z", "u"], Action::Undo, "Hoàn tác", "Undo"),
    bind!(Form, ["ctrl-y"], Action::Redo, "Làm lại", "Redo"),
    bind!(Form, ["ctrl-s"], Action::Save, "Xem thay đổi và lưu (một lần ghi)", "Review and save (one commit)"),
    bind!(Form, ["esc", "q", "ctrl-c"], Action::Back, "Rời biểu mẫu (hỏi nếu chưa lưu)", "Leave the form (asks if unsaved)"),
    bind!(Reviews, ["enter"], Action::Open, "Mở phiếu rà soát (lập phiếu nếu chưa có: một lần ghi)", "Open the review form (starts it if there is none: one commit)"),
    bind!(Reviews, ["p"], Action::ReviewPropose, "Soạn đề xuất theo kết luận của phiếu (một lần ghi)", "Draft the proposal the form's conclusion calls for (one commit)"),
    bind!(ReviewForm, ["enter", "space"], Action::FormEdit, "Sửa ô đang chọn: gõ chữ, số; có/không và kết luận: đổi lần lượt", "Edit the selected row: type text or a number; yes/no and conclusion: cycle"),
    bind!(ReviewForm, ["y"], Action::ReviewYes, "Trả lời có (cần thiết, hợp lý, hợp pháp)", "Answer yes (needed, reasonable, lawful)"),
    bind!(ReviewForm, ["n"], Action::ReviewNo, "Trả lời không", "Answer no"),
    bind!(ReviewForm, ["ctrl-s"], Action::Save, "Lưu phiếu (một lần ghi)", "Save the form (one commit)"),
    bind!(ReviewForm, ["c"], Action::ReviewComplete, "Hoàn thành phiếu và lưu: ghi ngày rà soát vào thủ tục", "Complete the form and save: sets the procedure's review date"),
    bind!(ReviewForm, ["p"], Action::ReviewPropose, "Soạn đề xuất theo kết luận (phiếu đã lưu)", "Draft the proposal the conclusion calls for (saved form)"),
    bind!(ReviewForm, ["esc"], Action::Back, "Đóng phiếu (hỏi nếu chưa lưu)", "Close the form (asks if unsaved)"),
    bind!(Decisions, ["enter"], Action::Open, "Xem các dòng của quyết định: đã áp dụng hay chưa, phần sửa đổi", "Open the decision's effects: applied or not, the redline"),
    bind!(DecisionEffects, ["a"], Action::DecisionApply, "Áp dụng quyết định vào danh mục (hỏi lại; một lần ghi)", "Apply the decision to the catalogue (asks first; one commit)"),
    bind!(DecisionEffects, ["pgdn", "space"], Action::PageDown, "Cuộn phần sửa đổi của dòng xuống", "Scroll the row's redline down"),
    bind!(DecisionEffects, ["pgup"], Action::PageUp, "Cuộn phần sửa đổi của dòng lên", "Scroll the row's redline up"),
    bind!(DecisionEffects, ["esc"], Action::Back, "Về danh sách quyết định", "Back to the decisions"),
    bind!(DecisionConfirm, ["y", "enter"], Action::Confirm, "Áp dụng (một lần ghi)", "Apply (one commit)"),
    bind!(DecisionConfirm, ["n", "esc"], Action::Back, "Không áp dụng", "Do not apply"),
    bind!(TextInput, ["esc"], Action::Back, "Xong (giữ nội dung đã gõ)", "Done (keeps what was typed)"),
    bind!(TextInput, ["enter"], Action::Text(TextOp::Newline), "Xuống dòng trong ô nhiều dòng; xong ở ô một dòng", "New line in a multi-line box; done in a one-line box"),
    bind!(TextInput, ["ctrl-z"], Action::Undo, "Hoàn tác", "Undo"),
    bind!(TextInput, ["ctrl-y"], Action::Redo, "Làm lại", "Redo"),
    bind!(TextInput, ["ctrl-s"], Action::Save, "Xong và lưu (trong biểu mẫu)", "Done and save (in the form)"),
    bind!(TextInput, ["left"], Action::Text(TextOp::Left), "Lùi một ký tự", "Back one character"),
    bind!(TextInput, ["right"], Action::Text(TextOp::Right), "Tiến một ký tự", "Forward one character"),
    bind!(TextInput, ["up"], Action::Text(TextOp::Up), "Lên một dòng", "Up one line"),
    bind!(TextInput, ["down"], Action::Text(TextOp::Down), "Xuống một dòng", "Down one line"),
    bind!(TextInput, ["ctrl-left", "alt-b"], Action::Text(TextOp::WordLeft), "Lùi một từ", "Back one word"),
    bind!(TextInput, ["ctrl-right", "alt-f"], Action::Text(TextOp::WordRight), "Tiến một từ", "Forward one word"),
    bind!(TextInput, ["home", "ctrl-a"], Action::Text(TextOp::LineStart), "Về đầu dòng", "Start of the line"),
    bind!(TextInput, ["end", "ctrl-e"], Action::Text(TextOp::LineEnd), "Về cuối dòng", "End of the line"),
    bind!(TextInput, ["backspace"], Action::Text(TextOp::DeleteBack), "Xóa ký tự trước", "Delete the character before"),
    bind!(TextInput, ["delete"], Action::Text(TextOp::DeleteForward), "Xóa ký tự sau", "Delete the character after"),
    bind!(TextInput, ["ctrl-w", "alt-backspace"], Action::Text(TextOp::DeleteWord), "Xóa từ trước", "Delete the word before"),
    bind!(TextInput, ["ctrl-k"], Action::Text(TextOp::DeleteToEnd), "Xóa đến cuối dòng", "Delete to the end of the line"),
    bind!(Picker, ["down", "j"], Action::Down, "Xuống", "Down"),
    bind!(Picker, ["up", "k"], Action::Up, "Lên", "Up"),
    bind!(Picker, ["enter", "space"], Action::Confirm, "Chọn", "Choose"),
    bind!(Picker, ["esc"], Action::Back, "Đóng, không đổi", "Close, no change"),
    bind!(SaveReview, ["enter"], Action::Confirm, "Lưu (hoặc soạn đề xuất) với nội dung đã gõ", "Save (or draft the proposal) with the text typed"),
    bind!(SaveReview, ["tab", "down"], Action::NextBox, "Ô tiếp theo (đề xuất: lý do, tiêu đề, phương án, chi phí)", "Next box (a proposal: reason, title, plan, cost)"),
    bind!(SaveReview, ["backtab", "up"], Action::PrevBox, "Ô trước", "Previous box"),
    bind!(SaveReview, ["esc"], Action::Back, "Quay lại biểu mẫu", "Back to the form"),
    bind!(ConfirmLeave, ["s"], Action::Save, "Lưu", "Save"),
    bind!(ConfirmLeave, ["d"], Action::Discard, "Bỏ thay đổi", "Discard the changes"),
    bind!(ConfirmLeave, ["esc"], Action::Back, "Tiếp tục sửa", "Keep editing"),
    bind!(Conflict, ["down", "j"], Action::Down, "Trường tiếp theo", "Next field"),
    bind!(Conflict, ["up", "k"], Action::Up, "Trường trước", "Previous field"),
    bind!(Conflict, ["m"], Action::KeepMine, "Giữ của tôi", "Keep mine"),
    bind!(Conflict, ["t"], Action::TakeTheirs, "Lấy bản nơi khác", "Take theirs"),
    bind!(Conflict, ["space", "left", "right"], Action::Toggle, "Đổi lựa chọn", "Switch the choice"),
    bind!(Conflict, ["enter"], Action::Confirm, "Gộp rồi lưu", "Merge and save"),
    bind!(Conflict, ["esc"], Action::Back, "Quay lại biểu mẫu", "Back to the form"),
    bind!(Recovery, ["down", "j"], Action::Down, "Mục tiếp theo", "Next entry"),
    bind!(Recovery, ["up", "k"], Action::Up, "Mục trước", "Previous entry"),
    bind!(Recovery, ["r", "enter"], Action::Restore, "Khôi phục vào biểu mẫu", "Restore into the form"),
    bind!(Recovery, ["d"], Action::Discard, "Bỏ phần sửa này", "Drop this edit"),
    bind!(Recovery, ["esc"], Action::Back, "Để sau", "Later"),
    bind!(NewProcedure, ["right", "tab"], Action::ChoiceNext, "Cấp tiếp theo", "Next level"),
    bind!(NewProcedure, ["left", "backtab"], Action::ChoicePrev, "Cấp trước", "Previous level"),
    bind!(NewProcedure, ["enter"], Action::Confirm, "Tạo (mở biểu mẫu)", "Create (opens the form)"),
    bind!(NewProcedure, ["esc"], Action::Back, "Hủy", "Cancel"),
    bind!(Abolish, ["enter"], Action::Confirm, "Soạn đề xuất (một lần ghi)", "Draft the proposal (one commit)"),
    bind!(Abolish, ["tab", "down"], Action::NextBox, "Ô tiếp theo", "Next box"),
    bind!(Abolish, ["backtab", "up"], Action::PrevBox, "Ô trước", "Previous box"),
    bind!(Abolish, ["esc"], Action::Back, "Hủy", "Cancel"),
    bind!(Step, ["tab", "down"], Action::NextBox, "Ô tiếp theo", "Next box"),
    bind!(Step, ["backtab", "up"], Action::PrevBox, "Ô trước", "Previous box"),
    bind!(Step, ["right"], Action::ChoiceNext, "Lựa chọn sau (ở ô bước; ô chữ: con trỏ)", "Next choice (in the status box; in a text box: the cursor)"),
    bind!(Step, ["left"], Action::ChoicePrev, "Lựa chọn trước (ở ô bước; ô chữ: con trỏ)", "Previous choice (in the status box; in a text box: the cursor)"),
    bind!(Step, ["enter"], Action::Confirm, "Ghi (một lần ghi)", "Record (one commit)"),
    bind!(Step, ["esc"], Action::Back, "Hủy", "Cancel"),
    bind!(PublishDialog, ["tab", "down"], Action::NextBox, "Ô tiếp theo", "Next box"),
    bind!(PublishDialog, ["backtab", "up"], Action::PrevBox, "Ô trước", "Previous box"),
    bind!(PublishDialog, ["enter"], Action::Confirm, "Xuất bản", "Publish"),
    bind!(PublishDialog, ["esc"], Action::Back, "Hủy", "Cancel"),
    bind!(ImportPaths, ["enter"], Action::Confirm, "Đọc các tệp và xem trước (chưa ghi gì)", "Read the files and preview (nothing written)"),
    bind!(ImportPaths, ["esc"], Action::Back, "Đóng, không nhập", "Close, import nothing"),
    bind!(ImportPreview, ["enter", "y"], Action::Confirm, "Ghi vào danh mục (một lần ghi)", "Write to the catalogue (one commit)"),
    bind!(ImportPreview, ["u"], Action::ImportUpdate, "Ghi đè thủ tục khác danh mục (bật/tắt): ghi phần lấy từ tệp nhập", "Overwrite records that differ (on/off): write the sources' parts"),
    bind!(ImportPreview, ["a"], Action::ImportAddMissing, "Thêm tên chưa khớp vào catalog.yaml (bật/tắt): cấp, lĩnh vực, cơ quan", "Add names that match nothing to catalog.yaml (on/off): levels, fields, agencies"),
    bind!(ImportPreview, ["down", "j"], Action::Down, "Cuộn xuống", "Scroll down"),
    bind!(ImportPreview, ["up", "k"], Action::Up, "Cuộn lên", "Scroll up"),
    bind!(ImportPreview, ["pgdn", "space"], Action::PageDown, "Xuống một trang", "Page down"),
    bind!(ImportPreview, ["pgup"], Action::PageUp, "Lên một trang", "Page up"),
    bind!(ImportPreview, ["esc", "n"], Action::Back, "Quay lại, không ghi gì: sửa đường dẫn rồi đọc lại", "Back, nothing written: fix the paths, read again"),
    bind!(Palette, ["down"], Action::Down, "Lệnh tiếp theo", "Next command"),
    bind!(Palette, ["up"], Action::Up, "Lệnh trước", "Previous command"),
    bind!(Palette, ["enter"], Action::Confirm, "Chạy lệnh đã chọn", "Run the selected command"),
    bind!(Palette, ["esc"], Action::Back, "Đóng", "Close"),
    bind!(Help, ["down", "j"], Action::Down, "Cuộn xuống", "Scroll down"),
    bind!(Help, ["up", "k"], Action::Up, "Cuộn lên", "Scroll up"),
    bind!(Help, ["pgdn", "space"], Action::PageDown, "Xuống một trang", "Page down"),
    bind!(Help, ["pgup"], Action::PageUp, "Lên một trang", "Page up"),
    bind!(Help, ["esc", "q", "?"], Action::Back, "Đóng trợ giúp", "Close the help"),
];

/// How a key is shown to people: arrows as arrows, named keys capitalised.
pub fn key_label(name: &str) -> String {
    let (prefix, base) = match name.rsplit_once('-') {
        Some((m, b)) if !b.is_empty() => (format!("{}-", capitalise(m)), b),
        _ => (String::new(), name),
    };
    let base = match base {
        "up" => "↑".to_owned(),
        "down" => "↓".to_owned(),
        "left" => "←".to_owned(),
        "right" => "→".to_owned(),
        "backtab" => "Shift-Tab".to_owned(),
        "pgdn" => "PgDn".to_owned(),
        "pgup" => "PgUp".to_owned(),
        "f1" | "f5" => base.to_uppercase(),
        b if b.chars().count() > 1 => capitalise(b),
        // Ctrl-S, as people write it; a plain key stays as typed (g and G differ).
        b if !prefix.is_empty() => b.to_uppercase(),
        b => b.to_owned(),
    };
    format!("{prefix}{base}")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The keys of a binding, as shown: `↓, j`.
pub fn keys_label(b: &Binding) -> String {
    b.keys
        .iter()
        .map(|k| key_label(k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A one-line reminder of a context's keys, from the table: `Enter: Ghi · Esc: Hủy`.
pub fn hint(ctx: Context, lang: Lang) -> String {
    KEYS.iter()
        .filter(|b| b.context == ctx)
        .map(|b| {
            format!(
                "{}: {}",
                key_label(b.keys[0]),
                lowercase_first(b.short(lang))
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

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
    let (mods, base) = if let Some(rest) = name.strip_prefix("ctrl-") {
        (KeyModifiers::CONTROL, rest)
    } else if let Some(rest) = name.strip_prefix("alt-") {
        (KeyModifiers::ALT, rest)
    } else {
        (KeyModifiers::NONE, name)
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
        "delete" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
            KeyCode::F(f[1..].parse().unwrap_or(1))
        }
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
