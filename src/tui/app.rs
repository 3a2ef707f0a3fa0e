//! The one model of the TUI: everything the screen shows is derived from [`App`].

use super::action::Tab;
use super::jobs::Job;
use std::path::PathBuf;
use std::sync::Arc;
use tthc::history::CommitInfo;
use tthc::i18n::Lang;
use tthc::listing::SearchIndex;
use tthc::model::{Date, OnlineMode, Procedure, ProcedureStatus};
use tthc::search::{Query, sort_key_vi};
use tthc::store::Catalog;
use tthc::store::cache::summary::ProcedureSummary;

/// A procedure file that does not parse: listed in the catalogue, marked, with where and why.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// Catalogue-relative path.
    pub path: PathBuf,
    /// The level and code its path names.
    pub level: Option<String>,
    pub code: String,
    /// The problems found in it (the first one is shown in the list).
    pub problems: Vec<tthc::diagnostic::Diagnostic>,
    /// Folded path, for searching.
    folded: String,
}

/// A row of the catalogue list: a procedure, or a file that could not be read. While the whole
/// records load, a procedure is a record holding its list columns only, made for the row.
// Short-lived, one per row looked at: not worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Entry<'a> {
    Procedure(std::borrow::Cow<'a, Procedure>),
    Unreadable(&'a Unreadable),
}

/// The list columns of a procedure row, whole or outline (sorting and filtering).
#[derive(Clone, Copy)]
enum Columns<'a> {
    Whole(&'a Procedure),
    Outline(&'a ProcedureSummary),
}

impl<'a> Columns<'a> {
    fn code(self) -> &'a str {
        match self {
            Columns::Whole(p) => &p.code,
            Columns::Outline(s) => &s.code,
        }
    }
    fn level(self) -> &'a str {
        match self {
            Columns::Whole(p) => &p.level,
            Columns::Outline(s) => &s.level,
        }
    }
    fn field(self) -> &'a str {
        match self {
            Columns::Whole(p) => &p.field,
            Columns::Outline(s) => &s.field,
        }
    }
    fn status(self) -> ProcedureStatus {
        match self {
            Columns::Whole(p) => p.status,
            Columns::Outline(s) => s.status,
        }
    }
    fn online(self) -> OnlineMode {
        match self {
            Columns::Whole(p) => p.online_service.mode,
            Columns::Outline(s) => s.online_mode,
        }
    }
    fn postal(self) -> &'a tthc::model::Postal {
        match self {
            Columns::Whole(p) => &p.postal,
            Columns::Outline(s) => &s.postal,
        }
    }
    fn kept_by(self, filter: &tthc::listing::Filter, m: &tthc::model::Manifest) -> bool {
        match self {
            Columns::Whole(p) => filter.keeps(p, m),
            Columns::Outline(s) => filter.keeps_columns(s, m),
        }
    }
}

/// A loaded catalogue with what searching and sorting need, computed once (off the UI thread).
pub struct Loaded {
    pub cat: Catalog,
    /// Folded search text of every procedure, scanned as the user types.
    pub index: SearchIndex,
    /// The default order: level as the manifest lists them, then name in Vietnamese order.
    pub default_order: Vec<u32>,
    /// Each procedure's place in name order (`listing::Orders::name_rank`): sorting a column
    /// of names, levels or fields needs no collation on the UI thread.
    pub name_rank: Vec<u32>,
    /// Procedure files that do not parse; in the list after the procedures' indices.
    pub unreadable: Vec<Unreadable>,
    /// Open proposals whose procedure changed since they were drafted (flagged in the list).
    pub stale_proposals: std::collections::HashSet<String>,
    /// The procedures are outlines (their list columns only), shown while the whole records
    /// load: nothing may be opened, edited or proposed from them (issue 15).
    pub partial: bool,
    /// While `partial`: the procedures' list columns, in the place of `cat.procedures` (empty
    /// then). A summary takes a quarter of the room of a record with only these columns
    /// filled, which the TUI holds beside the whole records while they load (issue 15).
    outline: Vec<tthc::store::Stored<ProcedureSummary>>,
}

impl Loaded {
    /// Prepare a catalogue for the screen (on the worker thread: collation keys of every name
    /// take a while at 100,000 procedures; they are computed on all cores).
    pub fn new(cat: Catalog) -> Loaded {
        let index = SearchIndex::new(&cat);
        let orders = tthc::listing::orders(&cat.procedures, &cat.manifest);
        Loaded::prepared(cat, index, orders)
    }

    /// [`Loaded::new`] with the search index and the orders already made.
    fn prepared(cat: Catalog, index: SearchIndex, orders: tthc::listing::Orders) -> Loaded {
        let unreadable = cat
            .unparsed
            .iter()
            .filter(|p| p.starts_with(tthc::store::PROCEDURES_DIR))
            .map(|path| {
                let parts: Vec<String> = path
                    .iter()
                    .map(|c| c.to_string_lossy().into_owned())
                    .collect();
                let code = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                Unreadable {
                    level: parts.get(1).filter(|_| parts.len() > 2).cloned(),
                    problems: cat
                        .problems
                        .iter()
                        .filter(|d| d.file == *path)
                        .cloned()
                        .collect(),
                    folded: tthc::search::fold(&format!("{code} {}", path.display())),
                    path: path.clone(),
                    code,
                }
            })
            .collect();
        let stale_proposals = tthc::workspace::proposals::summaries(&cat)
            .into_iter()
            .filter(|s| s.stale)
            .map(|s| s.id)
            .collect();
        Loaded {
            cat,
            index,
            default_order: orders.default,
            name_rank: orders.name_rank,
            unreadable,
            stale_proposals,
            partial: false,
            outline: Vec::new(),
        }
    }

    /// The first screen's catalogue: the procedures' list columns only, from the summaries
    /// (issue 15). Proposals are not checked against outlines.
    pub fn outline(overview: tthc::store::Overview) -> Loaded {
        // The index and the order from the summaries, whose collation keys are kept with them.
        let m = &overview.catalog.manifest;
        let index = SearchIndex::of_rows(&overview.procedures, m);
        let orders = tthc::listing::orders(&overview.procedures, m);
        let mut summaries = overview.procedures;
        // The collation keys have served (the name ranks hold the order they give).
        for s in &mut summaries {
            s.record.name_key = Vec::new();
        }
        let mut cat = overview.catalog;
        let proposals = std::mem::take(&mut cat.proposals);
        let mut loaded = Loaded::prepared(cat, index, orders);
        loaded.cat.proposals = proposals;
        loaded.partial = true;
        loaded.outline = summaries;
        loaded
    }

    /// How many procedures the list holds, whole or outlines.
    pub fn procedure_count(&self) -> usize {
        self.cat.procedures.len() + self.outline.len()
    }

    /// What row `index` of the catalogue list stands for.
    pub fn entry(&self, index: u32) -> Entry<'_> {
        let i = index as usize;
        if let Some(s) = self.outline.get(i) {
            return Entry::Procedure(std::borrow::Cow::Owned(s.record.to_outline()));
        }
        match i.checked_sub(self.procedure_count()) {
            None => Entry::Procedure(std::borrow::Cow::Borrowed(&self.cat.procedures[i].record)),
            Some(i) => Entry::Unreadable(&self.unreadable[i]),
        }
    }

    /// The list columns of procedure row `i`.
    fn columns(&self, i: u32) -> Columns<'_> {
        match self.outline.get(i as usize) {
            Some(s) => Columns::Outline(&s.record),
            None => Columns::Whole(&self.cat.procedures[i as usize].record),
        }
    }

    /// The level and code of procedure row `index`, whole or outline.
    pub fn level_and_code(&self, index: u32) -> Option<(&str, &str)> {
        if (index as usize) >= self.procedure_count() {
            return None;
        }
        let c = self.columns(index);
        Some((c.level(), c.code()))
    }

    /// The whole procedure at `index`, if the row is one (never an outline).
    pub fn procedure_at(&self, index: u32) -> Option<&tthc::store::Stored<Procedure>> {
        self.cat.procedures.get(index as usize)
    }

    /// The indices of the unreadable files that `query` finds (all when it is empty) at `level`.
    fn unreadable_rows(&self, query: &Query, level: Option<&String>) -> Vec<u32> {
        let n = self.procedure_count() as u32;
        self.unreadable
            .iter()
            .enumerate()
            .filter(|(_, u)| level.is_none_or(|l| u.level.as_ref().is_none_or(|x| x == l)))
            .filter(|(_, u)| query.matches(&u.folded))
            .map(|(i, _)| n + i as u32)
            .collect()
    }
}

/// A column of the catalogue table; every one can be sorted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Code,
    Name,
    Level,
    Field,
    Status,
    Online,
    Postal,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Code,
        Column::Name,
        Column::Level,
        Column::Field,
        Column::Status,
        Column::Online,
        Column::Postal,
    ];

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Column::Code => lang.pick("Mã", "Code"),
            Column::Name => lang.pick("Tên thủ tục", "Name"),
            Column::Level => lang.pick("Cấp", "Level"),
            Column::Field => lang.pick("Lĩnh vực", "Field"),
            Column::Status => lang.pick("Tình trạng", "Status"),
            Column::Online => lang.pick("Trực tuyến", "Online"),
            Column::Postal => lang.pick("Bưu chính", "Post"),
        }
    }
}

/// Facet filters of the catalogue tab.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub level: Option<String>,
    pub field: Option<String>,
    pub status: Option<ProcedureStatus>,
    pub online: Option<OnlineMode>,
    /// Only procedures whose last review is older than the manifest's review interval.
    pub overdue: bool,
}

#[derive(Default)]
pub struct CatalogView {
    pub query: String,
    pub facets: Facets,
    pub sort: Option<Column>,
    pub descending: bool,
    /// Indices into the loaded procedures, filtered and sorted.
    pub rows: Vec<u32>,
    pub selected: usize,
    pub offset: usize,
    /// The order of all procedures for the current sort, computed once per sort change.
    pub order: Vec<u32>,
}

impl CatalogView {
    pub fn query(&self) -> Query {
        Query::new(&self.query)
    }
}

/// A scrollable page: a procedure, a diff, a proposal. It holds what it shows; the view draws it.
pub struct Page {
    pub title: String,
    pub content: PageContent,
    pub scroll: usize,
    /// The procedure the page shows, for `h` (its history).
    pub procedure: Option<(String, String, PathBuf)>,
}

/// What a page shows.
pub enum PageContent {
    /// A procedure, with the register's facts of the legal texts it cites by number, as it
    /// stands on `today` (an abolition not yet in effect is coming, not done).
    Procedure {
        procedure: Box<Procedure>,
        manifest: Box<tthc::model::Manifest>,
        today: Date,
    },
    /// A procedure file that does not parse: where and why.
    Unreadable(Box<Unreadable>),
    /// What changed between two states of the catalogue.
    Diff(Box<tthc::diff::CatalogDiff>),
    /// A proposal, with the procedure it targets as recorded now.
    Proposal {
        proposal: Box<tthc::model::Proposal>,
        target: Option<Box<Procedure>>,
        manifest: Box<tthc::model::Manifest>,
    },
}

#[derive(Default)]
pub struct HistoryView {
    /// Only the history of this file (catalogue-relative), with a label.
    pub scope: Option<(PathBuf, String)>,
    pub commits: Vec<CommitInfo>,
    pub selected: usize,
    pub offset: usize,
    pub marked: Option<usize>,
    pub loaded: bool,
}

/// A question the user must answer before going on.
// One modal at a time lives in the app: its size does not matter, boxing would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum Modal {
    /// The changes about to be saved and the commit message.
    SaveReview(super::editing::SaveReview),
    /// Leaving a form with unsaved changes.
    ConfirmLeave,
    /// The file or HEAD changed since the form opened: choose per field.
    Conflict(super::editing::Conflict),
    /// Unsaved forms found in the journal at start.
    Recovery(super::editing::Recovery),
    /// A new procedure: level and code first.
    NewProcedure(super::editing::NewProcedure),
    /// The decision data of a publication: number, date, effective date, signer, output folder.
    Publish(super::publishing::Publish),
    /// A proposal to abolish a procedure: its reason, title, plan and compliance cost.
    Abolish(super::proposing::Abolish),
    /// Importing the portal's files: the paths, then the preview.
    Import(Box<super::importing::Importing>),
    /// A step of a proposal: next status (for an advance), document, date, note, forced reason.
    Step(super::proposing::Step),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Advance,
    Withdraw,
    Apply,
}

/// Drawn over anything (a dialog, the form), with only its own keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help { scroll: usize },
    Palette { input: String, selected: usize },
    Filter { row: usize },
}

/// What lies under the dialogs and overlays. One at a time: opening the form closes the page it
/// was opened from, searching is the catalogue tab's list with its search bar taking the keys.
// One screen at a time lives in the app: boxing the form would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum Screen {
    /// The current tab, with what it has open itself (the reviews tab's form, the decisions
    /// tab's decision: they stay with their tab when another is shown).
    Tab,
    /// The catalogue tab with the search bar taking the keys.
    Searching,
    /// A scrollable page over the tab: a procedure, a diff, a proposal.
    Page(Page),
    /// The procedure form.
    Form(crate::tui::form::Form),
}

impl Screen {
    pub fn form(&self) -> Option<&crate::tui::form::Form> {
        match self {
            Screen::Form(f) => Some(f),
            _ => None,
        }
    }
    pub fn form_mut(&mut self) -> Option<&mut crate::tui::form::Form> {
        match self {
            Screen::Form(f) => Some(f),
            _ => None,
        }
    }
    /// Close the form (the tab is shown again) and hand it back.
    pub fn take_form(&mut self) -> Option<crate::tui::form::Form> {
        match std::mem::replace(self, Screen::Tab) {
            Screen::Form(f) => Some(f),
            other => {
                *self = other;
                None
            }
        }
    }
    pub fn page(&self) -> Option<&Page> {
        match self {
            Screen::Page(p) => Some(p),
            _ => None,
        }
    }
    pub fn page_mut(&mut self) -> Option<&mut Page> {
        match self {
            Screen::Page(p) => Some(p),
            _ => None,
        }
    }
    /// Show `page`, unless the form is open: the form is never closed under the user's typing
    /// (a page a job brings while it is open is dropped).
    pub fn show_page(&mut self, page: Page) {
        if !matches!(self, Screen::Form(_)) {
            *self = Screen::Page(page);
        }
    }
    /// Back to the tab from a page or the search bar (the form stays open).
    pub fn close_page(&mut self) {
        if matches!(self, Screen::Page(_) | Screen::Searching) {
            *self = Screen::Tab;
        }
    }
    pub fn searching(&self) -> bool {
        matches!(self, Screen::Searching)
    }
}

/// What has the keyboard now: the topmost layer of what is drawn. The key dispatch, the key
/// table's contexts (status hints, help) and the mouse all ask [`App::mode`]; the views draw
/// the same layers bottom-up (screen, dialog, overlay).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Help, the palette or the filters ([`App::overlay`]).
    Overlay,
    /// A dialog ([`App::modal`]), over the form when one is open.
    Dialog,
    /// The procedure form (its picker or text box included).
    Form,
    /// The catalogue's search bar.
    Searching,
    /// A page over the tab.
    Page,
    /// The tab itself (the reviews and decisions tabs route to what they have open).
    Tab,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

/// Why an error is on the status line, so it goes once its cause is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// About the last key or a finished job: it goes with the next key.
    Transient,
    /// The form has errors: it goes when they are fixed or the form is closed.
    FormErrors,
    /// Files of the catalogue do not parse: it goes when a reload finds none.
    Unreadable,
    /// Publishing is blocked: it goes when the preview is ready or another tab is shown.
    PublishBlocked,
}

pub struct App {
    pub lang: Lang,
    pub color: bool,
    /// The catalogue folder; jobs run against it (the UI tests run them inline).
    #[cfg_attr(not(test), allow(dead_code))]
    pub root: PathBuf,
    /// Shown in the title bar, e.g. that this is the demo.
    pub banner: Option<String>,
    pub today: Date,
    pub size: (u16, u16),
    pub tab: Tab,
    /// What lies under the dialogs: the tab, its search bar, a page or the procedure form.
    pub screen: Screen,
    /// The dialog over the screen (over the form, when one is open), if any.
    pub modal: Option<Modal>,
    /// Help, the command palette or the filters, over anything.
    pub overlay: Overlay,
    pub quit: bool,
    pub status: Option<(String, StatusKind)>,
    /// Why the status line shows an error.
    pub cause: Cause,
    /// Why the open dialog refused what was asked, shown whole inside it (wrapped); cleared when
    /// the dialog's input changes or it closes.
    pub dialog_error: Option<String>,
    /// The proposal a stale refusal offered to carry over onto the target's current version:
    /// the next Enter in its apply dialog does so.
    pub rebase_offer: Option<String>,
    /// What is being loaded in the background, if anything.
    pub loading: Option<String>,
    /// What the user asked for while the list showed outlines (a tab, opening a procedure):
    /// done as soon as the whole records arrive, instead of being dropped (issue 15).
    pub pending: Option<super::action::Action>,
    pub data: Option<Arc<Loaded>>,
    /// The catalogue as recorded at an older commit, browsed read-only, with its label.
    pub as_of: Option<(String, Arc<Loaded>)>,
    pub catalog: CatalogView,
    pub history: HistoryView,
    pub proposals_selected: usize,
    /// The proposal to select once the catalogue is reloaded (the one just drafted or moved).
    pub focus_proposal: Option<String>,
    pub publish_selected: usize,
    /// Jobs requested by `update`, for the event loop to run.
    pub jobs: Vec<Job>,
    /// A save is running in the background: a fact, not a mode (keys wait until it is done,
    /// whatever is on screen).
    pub saving: bool,
    /// The journal of unsaved forms was looked at after the first load.
    pub journal_checked: bool,
    /// What publishing now would change, once computed.
    pub preview: Option<Box<tthc::workspace::PublishPreview>>,
    /// The reviews tab: the plan, and the review form open.
    pub reviewing: super::reviewing::Reviewing,
    /// The decisions tab: the list, and the decision open.
    pub deciding: super::deciding::Deciding,
}

impl App {
    pub fn new(root: PathBuf, lang: Lang, color: bool, today: Date) -> App {
        App {
            lang,
            color,
            root,
            banner: None,
            today,
            size: (80, 24),
            tab: Tab::Catalog,
            screen: Screen::Tab,
            modal: None,
            overlay: Overlay::None,
            quit: false,
            status: None,
            cause: Cause::Transient,
            dialog_error: None,
            rebase_offer: None,
            loading: None,
            pending: None,
            data: None,
            as_of: None,
            catalog: CatalogView::default(),
            history: HistoryView::default(),
            proposals_selected: 0,
            focus_proposal: None,
            publish_selected: 0,
            jobs: Vec::new(),
            saving: false,
            journal_checked: false,
            preview: None,
            reviewing: Default::default(),
            deciding: Default::default(),
        }
    }

    /// What has the keyboard: the topmost layer.
    pub fn mode(&self) -> Mode {
        if self.overlay != Overlay::None {
            Mode::Overlay
        } else {
            self.mode_under_overlay()
        }
    }

    /// What has the keyboard once the overlay (if any) closes: what the help describes.
    pub fn mode_under_overlay(&self) -> Mode {
        if self.modal.is_some() {
            return Mode::Dialog;
        }
        match self.screen {
            Screen::Form(_) => Mode::Form,
            Screen::Searching => Mode::Searching,
            Screen::Page(_) => Mode::Page,
            Screen::Tab => Mode::Tab,
        }
    }

    /// The import dialog, when it is the one open.
    pub fn importing(&self) -> Option<&super::importing::Importing> {
        match &self.modal {
            Some(Modal::Import(i)) => Some(i),
            _ => None,
        }
    }

    /// The catalogue the catalogue tab shows: an older one when browsing, else the current one.
    pub fn shown(&self) -> Option<&Arc<Loaded>> {
        self.as_of.as_ref().map(|(_, l)| l).or(self.data.as_ref())
    }

    /// Rows of the list area of the current screen (table body, history list, page), for paging.
    pub fn list_height(&self) -> usize {
        super::layout::list_height(self.size)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some((text.into(), StatusKind::Info));
    }

    /// Load the catalogue again after a change (a save, a step, a publication, `ctrl-r`), with
    /// the history view when it is open: the one way every face of the TUI refreshes.
    pub fn reload(&mut self) {
        self.loading = Some(
            self.lang
                .pick("Đang tải danh mục…", "Loading the catalogue…")
                .into(),
        );
        self.jobs.push(Job::LoadCatalog);
        if self.history.loaded {
            self.jobs.push(Job::Log {
                scope: self.history.scope.as_ref().map(|s| s.0.clone()),
            });
        }
    }

    /// An error about the last key or job: it goes with the next key.
    pub fn error(&mut self, text: impl Into<String>) {
        self.error_because(text, Cause::Transient);
    }

    /// An error that stays on the status line until `cause` is gone.
    pub fn error_because(&mut self, text: impl Into<String>, cause: Cause) {
        self.status = Some((text.into(), StatusKind::Error));
        self.cause = cause;
    }

    /// Why the open dialog refused: shown inside it.
    pub fn refuse(&mut self, text: impl Into<String>) {
        self.dialog_error = Some(text.into());
    }

    /// Before a key is handled: a message about the last key or job has been seen and goes (an
    /// error with a cause stays until the cause is gone).
    pub fn clear_transient(&mut self) {
        let lasting =
            matches!(self.status, Some((_, StatusKind::Error))) && self.cause != Cause::Transient;
        if !lasting {
            self.status = None;
        }
    }

    /// After every message: an error whose cause is gone leaves the status line, and a dialog's
    /// refusal goes with the dialog.
    pub fn recheck_status(&mut self) {
        if self.modal.is_none() {
            self.dialog_error = None;
        }
        if !matches!(self.status, Some((_, StatusKind::Error))) {
            return;
        }
        let gone = match self.cause {
            Cause::Transient => false,
            Cause::FormErrors => self.screen.form().is_none_or(|f| f.errors() == 0),
            Cause::Unreadable => self
                .data
                .as_ref()
                .is_some_and(|d| d.cat.unparsed.is_empty()),
            Cause::PublishBlocked => {
                self.tab != Tab::Publish || self.preview.as_ref().is_some_and(|p| p.ready())
            }
        };
        if gone {
            self.status = None;
            self.cause = Cause::Transient;
        }
    }

    /// Recompute the sort order (when the sort changed) and the visible rows.
    pub fn refresh_rows(&mut self, resort: bool) {
        let Some(data) = self.shown().cloned() else {
            self.catalog.rows.clear();
            return;
        };
        let m = &data.cat.manifest;
        let n = data.procedure_count();
        if resort || self.catalog.order.len() != n {
            let mut order: Vec<u32> = (0..n as u32).collect();
            match self.catalog.sort {
                None => order.clone_from(&data.default_order),
                Some(col) => {
                    // On the UI thread, so nothing is collated per row here (SPEC §6: no work
                    // there may freeze input for more than 50 ms, at 100,000 rows too): names by
                    // their rank, computed with the catalogue; a level's or field's name is
                    // collated once for all the rows that share it. A stable sort keeps ties in
                    // file order.
                    let record = |i: &u32| data.columns(*i);
                    match col {
                        Column::Code => {
                            order.sort_by(|a, b| record(a).code().cmp(record(b).code()))
                        }
                        Column::Name => order.sort_by_key(|i| data.name_rank[*i as usize]),
                        Column::Level | Column::Field => {
                            let by_level = matches!(col, Column::Level);
                            fn id_of(p: Columns<'_>, by_level: bool) -> &str {
                                if by_level { p.level() } else { p.field() }
                            }
                            let distinct: std::collections::BTreeSet<&str> = (0..n as u32)
                                .map(|i| id_of(data.columns(i), by_level))
                                .collect();
                            let mut ids: Vec<&str> = distinct.into_iter().collect();
                            ids.sort_by_cached_key(|id| {
                                sort_key_vi(if by_level {
                                    m.level_name(id)
                                } else {
                                    m.field_name(id)
                                })
                            });
                            let rank: std::collections::HashMap<&str, usize> =
                                ids.iter().enumerate().map(|(r, id)| (*id, r)).collect();
                            order.sort_by_key(|i| rank.get(id_of(record(i), by_level)).copied());
                        }
                        Column::Status => order.sort_by_key(|i| record(i).status() as u8),
                        Column::Online => {
                            order.sort_by_key(|i| record(i).online() as u8);
                        }
                        Column::Postal => order.sort_by_key(|i| {
                            let p = record(i).postal();
                            (!p.receive, !p.return_result)
                        }),
                    }
                    if self.catalog.descending {
                        order.reverse();
                    }
                }
            }
            self.catalog.order = order;
        }
        let query = self.catalog.query();
        let hits = (!query.is_empty()).then(|| data.index.mask(&query));
        let f = &self.catalog.facets;
        let filter = tthc::listing::Filter {
            level: f.level.clone(),
            field: f.field.clone(),
            status: f.status,
            online: f.online,
            overdue_on: f.overdue.then_some(self.today),
            search: None,
        };
        // Files that do not parse come first, marked: they never vanish from the list.
        let mut rows = data.unreadable_rows(&query, f.level.as_ref());
        rows.extend(self.catalog.order.iter().copied().filter(|&i| {
            data.columns(i).kept_by(&filter, m) && hits.as_ref().is_none_or(|h| h[i as usize])
        }));
        self.catalog.rows = rows;
        if self.catalog.selected >= self.catalog.rows.len() {
            self.catalog.selected = self.catalog.rows.len().saturating_sub(1);
        }
        self.keep_visible();
    }

    /// After a character was added to the query: the matches can only shrink, so the rows shown
    /// now are kept or dropped in place, facets and order untouched.
    pub fn narrow_rows(&mut self) {
        let Some(data) = self.shown().cloned() else {
            return;
        };
        let query = self.catalog.query();
        if !query.is_empty() {
            let hits = data.index.mask(&query);
            self.catalog.rows.retain(|&i| match hits.get(i as usize) {
                Some(hit) => *hit,
                None => matches!(data.entry(i), Entry::Unreadable(u) if query.matches(&u.folded)),
            });
        }
        if self.catalog.selected >= self.catalog.rows.len() {
            self.catalog.selected = self.catalog.rows.len().saturating_sub(1);
        }
        self.keep_visible();
    }

    /// Scroll the catalogue table so the selected row is on screen.
    pub fn keep_visible(&mut self) {
        let h = self.list_height();
        let c = &mut self.catalog;
        if c.selected < c.offset {
            c.offset = c.selected;
        } else if c.selected >= c.offset + h {
            c.offset = c.selected + 1 - h;
        }
        let max_offset = c.rows.len().saturating_sub(h);
        c.offset = c.offset.min(max_offset);
    }
}
