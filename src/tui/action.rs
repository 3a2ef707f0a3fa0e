//! Everything the user can ask for, as data: keys, clicks and the palette all become an
//! [`Action`], and [`super::update::update`] is the only place that acts on one.

/// A tab of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Catalog,
    Proposals,
    History,
    Publish,
    /// Rà soát: the year's review plan and the review forms.
    Reviews,
    /// Quyết định: the province's publication decisions and their effects.
    Decisions,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Catalog,
        Tab::Proposals,
        Tab::History,
        Tab::Publish,
        Tab::Reviews,
        Tab::Decisions,
    ];

    pub fn title(self, lang: tthc::i18n::Lang) -> &'static str {
        match self {
            Tab::Catalog => lang.pick("Danh mục", "Catalogue"),
            Tab::Proposals => lang.pick("Đề xuất", "Proposals"),
            Tab::History => lang.pick("Lịch sử", "History"),
            Tab::Publish => lang.pick("Niêm yết", "Post"),
            Tab::Reviews => lang.pick("Rà soát", "Reviews"),
            Tab::Decisions => lang.pick("Quyết định", "Decisions"),
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    Palette,
    Search,
    /// Close what is open (page, overlay, search, read-only view), one step at a time.
    Back,
    NextTab,
    PrevTab,
    GoTab(Tab),
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Open the selected item: a procedure's page, a commit's changes, a proposal.
    Open,
    Filters,
    ClearFilters,
    SortNext,
    SortReverse,
    /// The history of the selected procedure.
    ProcedureHistory,
    /// The history of the whole catalogue again.
    AllHistory,
    /// Mark the selected version for comparison.
    Mark,
    /// Compare the marked version with the selected one.
    Compare,
    /// Browse the catalogue as recorded at the selected commit (read-only).
    BrowseAt,
    Reload,
    /// Open the edit form on the selected procedure.
    EditProcedure,
    /// Start a new procedure (level and code first).
    NewProcedure,
    /// In the form: edit the field at the cursor (text area, picker, or toggle).
    FormEdit,
    FormAdd,
    FormDelete,
    FormMoveUp,
    FormMoveDown,
    /// Undo the last change (the form's, or the text box's while typing).
    Undo,
    Redo,
    /// Review the changes and save them as one commit.
    Save,
    /// Draft a proposal to abolish the selected procedure.
    ProposeAbolish,
    /// Draft a proposal to amend the selected procedure (in the edit form).
    ProposeAmend,
    /// Draft a proposal to replace the selected procedure (in the edit form).
    ProposeReplace,
    /// Draft a proposal to add a new procedure.
    ProposeAdd,
    /// Move the selected proposal to its next status.
    AdvanceProposal,
    WithdrawProposal,
    /// Apply the selected (published) proposal to the catalogue.
    ApplyProposal,
    /// Publish the catalogue (decision data, export, record, commit, tag).
    Publish,
    /// In a dialog: do what it is for (save, record, create, choose, run).
    Confirm,
    /// In a dialog with several boxes: the next box, the previous one.
    NextBox,
    PrevBox,
    /// The next or previous value of a choice (a filter, a level, a status).
    ChoiceNext,
    ChoicePrev,
    /// In the three-way compare: keep my value, take theirs, switch.
    KeepMine,
    TakeTheirs,
    Toggle,
    /// Restore an unsaved edit from the journal.
    Restore,
    /// Drop unsaved changes (leaving a form) or a journal entry (recovery).
    Discard,
    /// Editing inside a text box.
    Text(TextOp),
    /// In a review form: answer the row yes, or no.
    ReviewYes,
    ReviewNo,
    /// Complete the review form (sets the procedure's reviewed_on) and save.
    ReviewComplete,
    /// Draft the proposal the review form's conclusion calls for.
    ReviewPropose,
    /// Apply the open decision to the catalogue (after a confirmation; one commit).
    DecisionApply,
    /// Import from the national portal's exports (a dialog: paths, preview, one commit).
    Import,
    /// In the import preview: also write over records that differ (`--update`), or not.
    ImportUpdate,
    /// In the import preview: add names that match nothing to catalog.yaml, or not.
    ImportAddMissing,
}

/// What a key does inside a text box; plain characters are typed as they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextOp {
    Newline,
    Left,
    Right,
    Up,
    Down,
    WordLeft,
    WordRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWord,
    DeleteToEnd,
}
