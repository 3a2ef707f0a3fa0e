//! The "Rà soát" tab: the year's plan (who reviews what, by when, what is done) and the review
//! form of one procedure, every question of the official form a row — yes/no answers with
//! `y`/`n`, texts and numbers typed in a text box, the conclusion chosen in turn. `ctrl-s` saves
//! (one commit), `c` completes (which sets the procedure's `reviewed_on`), `p` drafts the
//! proposal the conclusion calls for. A save is based on the bytes the form was read from, so a
//! change made meanwhile (another person, the CLI) is refused, never overwritten.
//!
//! Starting, saving and proposing run on the worker (one commit each; the form and the plan are
//! read again there), so the screen never waits for git. What is typed reaches the journal
//! within a second, as in the procedure form: after a crash the form is offered back.

use super::action::{Action, Tab};
use super::app::App;
use super::jobs::{Job, JobResult};
use super::textbox::{self, Outcome};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;
use std::path::Path;
use tthc::i18n::Lang;
use tthc::i18n::reviews::{component_label, conclusion_label};
use tthc::model::{Component, ConclusionKind, Date, Review};
use tthc::words::Message;
use tthc::workspace::journal::{self, JOURNAL_VERSION, JournalEntry};
use tthc::workspace::proposals::Recorder;
use tthc::workspace::reviews::{self, Base, PlanRow, Reviews, StartRequest};

/// The journal's `purpose` of a review form's entry.
pub const JOURNAL_PURPOSE: &str = "review";

/// The tab's state.
#[derive(Default)]
pub struct Reviewing {
    /// The year shown: the newest with a plan or forms, else this year.
    pub year: i16,
    pub loaded: Option<Reviews>,
    pub selected: usize,
    pub form: Option<ReviewForm>,
}

/// A form open for editing.
pub struct ReviewForm {
    pub review: Review,
    /// The file's bytes when it was read: the base of the next save.
    pub base: Option<Vec<u8>>,
    pub cursor: usize,
    /// The text box of the row being typed in.
    pub edit: Option<TextArea<'static>>,
    pub dirty: bool,
    /// Esc was pressed once with unsaved changes.
    pub warned: bool,
    /// Changed (or typed in) since the journal was last written.
    pub journal_due: bool,
}

impl ReviewForm {
    fn new(review: Review, base: Option<Vec<u8>>) -> ReviewForm {
        ReviewForm {
            review,
            base,
            cursor: 0,
            edit: None,
            dirty: false,
            warned: false,
            journal_due: false,
        }
    }

    /// The form's file, relative to the catalogue root.
    pub fn file(&self) -> std::path::PathBuf {
        let r = &self.review;
        reviews::form_path(r.year, &r.level, &r.code)
    }

    /// The form as it stands, the text being typed included when it fits its row.
    pub fn current(&self) -> Review {
        let mut review = self.review.clone();
        if let Some(area) = &self.edit {
            let rows = fields(&review);
            if let Some(f) = rows.get(self.cursor) {
                let _ = set_text(&mut review, *f, &area.lines().join("\n"));
            }
        }
        review
    }

    /// The journal entry of this form: the form as it stands, on the bytes it was read from.
    pub fn journal_entry(&self, now: i64) -> JournalEntry {
        let r = &self.review;
        JournalEntry {
            version: JOURNAL_VERSION,
            file: self.file(),
            level: r.level.clone(),
            code: r.code.clone(),
            is_new: false,
            base_head: None,
            base_text: self
                .base
                .as_ref()
                .map(|b| String::from_utf8_lossy(b).into_owned()),
            value: serde_json::to_value(self.current()).unwrap_or_default(),
            purpose: Some(JOURNAL_PURPOSE.to_owned()),
            saved_at: now,
        }
    }
}

/// A review step run on the worker (one commit), after which the forms are read again.
#[derive(Debug, Clone)]
pub enum ReviewOp {
    /// Start the form of a procedure, then open it.
    Start {
        year: i16,
        level: String,
        code: String,
    },
    /// Save the open form (and complete it), based on the bytes it was read from.
    Save {
        review: Box<Review>,
        base: Option<Vec<u8>>,
        complete: bool,
        cursor: usize,
    },
    /// Draft the proposal the form's conclusion calls for.
    Propose {
        year: i16,
        level: String,
        code: String,
    },
}

/// What a review step on the worker gave.
pub struct ReviewDone {
    pub op: ReviewOp,
    /// What to say (the commit's first line, or that nothing changed), and the proposal drafted.
    pub result: Result<(String, Option<String>), String>,
    /// The forms as they now are, and the bytes of the form the step was about.
    pub loaded: Option<Reviews>,
    pub base: Option<Vec<u8>>,
    /// A save refused because the form's file changed since it was read (another person, the
    /// CLI): true, `base` being what the file holds now.
    pub stale: bool,
}

/// One row of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    NecessityOk,
    NecessityNote,
    /// A finding: `y`/`n` answer it, enter types what should change.
    Finding(usize),
    StatutoryDays,
    ActualDays,
    ProposedDays,
    LegalityOk,
    LegalityNote,
    Cases,
    OnTime,
    Online,
    Supplements,
    Complaints,
    /// The compliance cost: an activity of a side (false: before, true: after) with its time,
    /// a row to add one, the side's paid services, other costs and fees; and a row that starts
    /// the "after" side from the "before" one.
    Activity(bool, usize),
    AddActivity(bool),
    PaidServices(bool),
    OtherCosts(bool),
    Fees(bool),
    StartAfter,
    Conclusion,
    Reasons,
    /// The code of the procedure that replaces it (a "replace" conclusion only).
    ReplacedBy,
    Recommendation,
    LegalText,
    Article,
    Actor,
    By,
}

impl Field {
    fn is_number(self) -> bool {
        matches!(
            self,
            Field::StatutoryDays
                | Field::ActualDays
                | Field::ProposedDays
                | Field::Cases
                | Field::OnTime
                | Field::Online
                | Field::Supplements
                | Field::Complaints
                | Field::PaidServices(_)
                | Field::OtherCosts(_)
                | Field::Fees(_)
        )
    }
}

/// The rows of a form, in the official order.
pub fn fields(r: &Review) -> Vec<Field> {
    let mut out = vec![Field::NecessityOk, Field::NecessityNote];
    out.extend((0..r.components.len()).map(Field::Finding));
    out.extend([
        Field::StatutoryDays,
        Field::ActualDays,
        Field::ProposedDays,
        Field::LegalityOk,
        Field::LegalityNote,
        Field::Cases,
        Field::OnTime,
        Field::Online,
        Field::Supplements,
        Field::Complaints,
    ]);
    for (after, side) in [(false, Some(&r.cost.before)), (true, r.cost.after.as_ref())] {
        let Some(side) = side else {
            out.push(Field::StartAfter);
            continue;
        };
        out.extend((0..side.activities.len()).map(|i| Field::Activity(after, i)));
        out.extend([
            Field::AddActivity(after),
            Field::PaidServices(after),
            Field::OtherCosts(after),
            Field::Fees(after),
        ]);
    }
    out.extend([Field::Conclusion, Field::Reasons]);
    if r.conclusion.kind == Some(ConclusionKind::Replace) {
        out.push(Field::ReplacedBy);
    }
    out.extend([
        Field::Recommendation,
        Field::LegalText,
        Field::Article,
        Field::Actor,
        Field::By,
    ]);
    out
}

fn yes_no(b: Option<bool>, lang: Lang) -> String {
    match b {
        Some(true) => lang.pick("có", "yes"),
        Some(false) => lang.pick("không", "no"),
        None => lang.pick("—", "—"),
    }
    .to_owned()
}

/// A row's label and its value as text.
pub fn row(r: &Review, f: Field, lang: Lang) -> (String, String) {
    let num = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    let days = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let (label, value) = match f {
        Field::NecessityOk => (
            lang.pick("1. Cần thiết?", "1. Needed?").to_owned(),
            yes_no(r.necessity.ok, lang),
        ),
        Field::NecessityNote => (
            lang.pick("   Lý do", "   Why").to_owned(),
            text(&r.necessity.note),
        ),
        Field::Finding(i) => {
            let c = &r.components[i];
            let answer = if c.component == Component::Document {
                format!(
                    "{} {}",
                    lang.pick("cần?", "needed?"),
                    yes_no(c.needed, lang)
                )
            } else {
                format!(
                    "{} {}",
                    lang.pick("hợp lý?", "reasonable?"),
                    yes_no(c.reasonable, lang)
                )
            };
            let change = c
                .change
                .as_deref()
                .map(|x| format!(" → {x}"))
                .unwrap_or_default();
            (
                format!("   {}", component_label(c.component, lang)),
                format!("{} · {answer}{change}", c.subject),
            )
        }
        Field::StatutoryDays => (
            lang.pick("   Thời hạn luật định (ngày)", "   Statutory time (days)")
                .to_owned(),
            days(r.time.statutory_days),
        ),
        Field::ActualDays => (
            lang.pick("   Thời gian thực tế (ngày)", "   Actual time (days)")
                .to_owned(),
            days(r.time.actual_days),
        ),
        Field::ProposedDays => (
            lang.pick("   Thời hạn đề xuất (ngày)", "   Proposed time (days)")
                .to_owned(),
            days(r.time.proposed_days),
        ),
        Field::LegalityOk => (
            lang.pick("3. Hợp pháp?", "3. Lawful?").to_owned(),
            yes_no(r.legality.ok, lang),
        ),
        Field::LegalityNote => (
            lang.pick("   Ghi chú", "   Notes").to_owned(),
            text(&r.legality.note),
        ),
        Field::Cases => (
            lang.pick("Số hồ sơ/năm", "Cases a year").to_owned(),
            num(r.data.cases_per_year),
        ),
        Field::OnTime => (
            lang.pick("   Đúng hạn", "   On time").to_owned(),
            num(r.data.on_time),
        ),
        Field::Online => (
            lang.pick("   Trực tuyến", "   Online").to_owned(),
            num(r.data.online),
        ),
        Field::Supplements => (
            lang.pick("   Yêu cầu bổ sung", "   Supplement requests")
                .to_owned(),
            num(r.data.supplement_requests),
        ),
        Field::Complaints => (
            lang.pick("   Phản ánh, kiến nghị", "   Complaints")
                .to_owned(),
            num(r.data.complaints),
        ),
        Field::Conclusion => (
            lang.pick("Kết luận", "Conclusion").to_owned(),
            r.conclusion
                .kind
                .map(|k| conclusion_label(k, lang).to_owned())
                .unwrap_or_default(),
        ),
        Field::Reasons => (
            lang.pick("   Lý do", "   Reasons").to_owned(),
            text(&r.conclusion.reasons),
        ),
        Field::Recommendation => (
            lang.pick("Kiến nghị", "Recommendation").to_owned(),
            text(&r.recommendation.text),
        ),
        Field::LegalText => (
            lang.pick("   Văn bản cần sửa", "   Legal text").to_owned(),
            text(&r.recommendation.legal_text),
        ),
        Field::Actor => (
            lang.pick("   Cơ quan thực hiện", "   Who acts").to_owned(),
            text(&r.recommendation.actor),
        ),
        Field::Activity(after, i) => {
            let a = &side(r, after).activities[i];
            (
                match (after, i) {
                    (false, 0) => {
                        lang.pick("4. Chi phí trước: hoạt động", "4. Cost before: activity")
                    }
                    (true, 0) => lang.pick("   Sau: hoạt động", "   After: activity"),
                    _ => lang.pick("   hoạt động", "   activity"),
                }
                .to_owned(),
                format!(
                    "{} · {} {}",
                    a.name,
                    a.minutes,
                    lang.pick("phút", "minutes")
                ),
            )
        }
        Field::AddActivity(after) => (
            match (after, side(r, after).activities.is_empty()) {
                (false, true) => lang.pick(
                    "4. Chi phí trước: + hoạt động",
                    "4. Cost before: + activity",
                ),
                (true, true) => lang.pick("   Sau: + hoạt động", "   After: + activity"),
                _ => lang.pick("   + thêm hoạt động", "   + add an activity"),
            }
            .to_owned(),
            lang.pick("(tên; số phút)", "(name; minutes)").to_owned(),
        ),
        Field::PaidServices(after) => (
            cost_label(after, ("Dịch vụ thuê", "Paid services"), lang),
            amount(side(r, after).paid_services),
        ),
        Field::OtherCosts(after) => (
            cost_label(after, ("Chi phí khác", "Other costs"), lang),
            amount(side(r, after).other_costs),
        ),
        Field::Fees(after) => (
            cost_label(after, ("Phí, lệ phí", "Fees"), lang),
            amount(side(r, after).fees),
        ),
        Field::StartAfter => (
            lang.pick("   Chi phí sau", "   Cost after").to_owned(),
            lang.pick(
                "chưa có (Enter: lập từ chi phí trước)",
                "none yet (Enter: start from the cost before)",
            )
            .to_owned(),
        ),
        Field::ReplacedBy => (
            lang.pick("   Thay bằng thủ tục (mã)", "   Replaced by (code)")
                .to_owned(),
            text(&r.conclusion.replaced_by),
        ),
        Field::Article => (
            lang.pick("   Điều, khoản, điểm", "   Article, clause, point")
                .to_owned(),
            text(&r.recommendation.article),
        ),
        Field::By => (
            lang.pick("   Thời hạn (dd/mm/yyyy)", "   By when (dd/mm/yyyy)")
                .to_owned(),
            r.recommendation
                .by
                .map(|d| tthc::present::date_display(d, lang))
                .unwrap_or_default(),
        ),
    };
    (label, value)
}

/// `   Phí, lệ phí (đ/hồ sơ)`, `   Sau: phí, lệ phí (đ/hồ sơ)`.
fn cost_label(after: bool, (vi, en): (&str, &str), lang: Lang) -> String {
    let name = lang.pick(vi, en);
    match (after, lang) {
        (false, Lang::Vi) => format!("   {name} (đ/hồ sơ)"),
        (false, Lang::En) => format!("   {name} (đ a case)"),
        (true, Lang::Vi) => format!("   Sau: {} (đ/hồ sơ)", name.to_lowercase()),
        (true, Lang::En) => format!("   After: {} (đ a case)", name.to_lowercase()),
    }
}

/// One side of the cost model (the "after" side is the "before" one until it is started).
fn side(r: &Review, after: bool) -> &tthc::model::CostSide {
    match (&r.cost.after, after) {
        (Some(a), true) => a,
        _ => &r.cost.before,
    }
}

fn side_mut(r: &mut Review, after: bool) -> &mut tthc::model::CostSide {
    if after {
        r.cost.after.get_or_insert_with(|| r.cost.before.clone())
    } else {
        &mut r.cost.before
    }
}

/// `10.000`, as amounts are written here.
fn amount(v: i64) -> String {
    tthc::present::vnd(v).trim_end_matches(" đ").to_owned()
}

/// `Chuẩn bị hồ sơ; 90` → the activity (minutes as digits, `1,5 giờ`/`1.5 h` as hours).
fn parse_activity(text: &str) -> Result<Option<tthc::model::Activity>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (name, time) = t.rsplit_once([';', ':']).ok_or(())?;
    let time = time.trim().to_lowercase();
    let minutes = if let Some(h) = time
        .strip_suffix("giờ")
        .or_else(|| time.strip_suffix('h'))
        .or_else(|| time.strip_suffix("hours"))
    {
        let h: f64 = h.trim().replace(',', ".").parse().map_err(|_| ())?;
        (h * 60.0).round()
    } else {
        let m = time
            .trim_end_matches("phút")
            .trim_end_matches("minutes")
            .trim_end_matches("min")
            .trim();
        m.parse::<f64>().map_err(|_| ())?
    };
    let name = name.trim();
    if name.is_empty() || !(0.0..=f64::from(u32::MAX)).contains(&minutes) {
        return Err(());
    }
    Ok(Some(tthc::model::Activity {
        name: name.to_owned(),
        minutes: minutes as u32,
    }))
}

/// The text a row's box starts with.
fn editable_text(r: &Review, f: Field) -> String {
    match f {
        Field::Activity(after, i) => {
            let a = &side(r, after).activities[i];
            format!("{}; {}", a.name, a.minutes)
        }
        Field::AddActivity(_) | Field::StartAfter => String::new(),
        Field::Finding(i) => r.components[i].change.clone().unwrap_or_default(),
        Field::NecessityOk | Field::LegalityOk | Field::Conclusion => String::new(),
        _ => row(r, f, Lang::Vi).1,
    }
}

/// Put what was typed into the row; numbers must be numbers.
fn set_text(r: &mut Review, f: Field, text: &str) -> Result<(), ()> {
    let t = text.trim();
    let opt = || (!t.is_empty()).then(|| t.to_owned());
    let number = || -> Result<Option<u64>, ()> {
        if t.is_empty() {
            Ok(None)
        } else {
            t.replace('.', "").parse::<u64>().map(Some).map_err(|_| ())
        }
    };
    let money = || -> Result<i64, ()> {
        let t = t.trim_end_matches('đ').trim();
        if t.is_empty() {
            Ok(0)
        } else {
            t.replace('.', "").parse::<i64>().map_err(|_| ())
        }
    };
    let days = || -> Result<Option<u32>, ()> {
        number().and_then(|n| n.map(u32::try_from).transpose().map_err(|_| ()))
    };
    match f {
        Field::NecessityNote => r.necessity.note = opt(),
        Field::Finding(i) => r.components[i].change = opt(),
        Field::StatutoryDays => r.time.statutory_days = days()?,
        Field::ActualDays => r.time.actual_days = days()?,
        Field::ProposedDays => r.time.proposed_days = days()?,
        Field::LegalityNote => r.legality.note = opt(),
        Field::Cases => r.data.cases_per_year = number()?,
        Field::OnTime => r.data.on_time = number()?,
        Field::Online => r.data.online = number()?,
        Field::Supplements => r.data.supplement_requests = number()?,
        Field::Complaints => r.data.complaints = number()?,
        Field::Reasons => r.conclusion.reasons = opt(),
        Field::Recommendation => r.recommendation.text = opt(),
        Field::LegalText => r.recommendation.legal_text = opt(),
        Field::Actor => r.recommendation.actor = opt(),
        Field::Activity(after, i) => match parse_activity(t)? {
            Some(a) => side_mut(r, after).activities[i] = a,
            None => {
                side_mut(r, after).activities.remove(i);
            }
        },
        Field::AddActivity(after) => {
            if let Some(a) = parse_activity(t)? {
                side_mut(r, after).activities.push(a);
            }
        }
        Field::PaidServices(after) => {
            side_mut(r, after).paid_services = money()?;
        }
        Field::OtherCosts(after) => side_mut(r, after).other_costs = money()?,
        Field::Fees(after) => side_mut(r, after).fees = money()?,
        Field::StartAfter => {}
        Field::ReplacedBy => r.conclusion.replaced_by = opt(),
        Field::Article => r.recommendation.article = opt(),
        Field::By => {
            r.recommendation.by = if t.is_empty() {
                None
            } else {
                Some(tthc::present::parse_date_input(t).ok_or(())?)
            }
        }
        Field::NecessityOk | Field::LegalityOk | Field::Conclusion => {}
    }
    Ok(())
}

/// Answer a yes/no row (or a finding).
fn set_answer(r: &mut Review, f: Field, yes: bool) -> bool {
    match f {
        Field::NecessityOk => r.necessity.ok = Some(yes),
        Field::LegalityOk => r.legality.ok = Some(yes),
        Field::Finding(i) => {
            let c = &mut r.components[i];
            if c.component == Component::Document {
                c.needed = Some(yes);
            } else {
                c.reasonable = Some(yes);
            }
        }
        _ => return false,
    }
    true
}

impl Reviewing {
    /// The rows of the tab: the plan's procedures, else the year's forms.
    pub fn rows(&self, app: &App) -> Vec<PlanRow> {
        let (Some(loaded), Some(data)) = (&self.loaded, &app.data) else {
            return Vec::new();
        };
        match loaded.plan(self.year) {
            Some(plan) => reviews::rows(&plan.record, &data.cat, loaded, app.today),
            None => loaded
                .of_year(self.year)
                .map(|f| PlanRow {
                    level: f.record.level.clone(),
                    code: f.record.code.clone(),
                    name: f.record.name.clone(),
                    unit: f.record.unit.clone(),
                    person: f.record.reviewer.clone(),
                    due: None,
                    form: Some(f.record.completed_on),
                    late: false,
                })
                .collect(),
        }
    }
}

/// Read the review records again (entering the tab), on the worker.
pub fn reload(app: &mut App) {
    if app.reviewing.loaded.is_none() {
        app.loading = Some(
            app.lang
                .pick("Đang đọc các phiếu rà soát…", "Reading the review forms…")
                .into(),
        );
    }
    app.jobs.push(Job::LoadReviews);
}

/// Read the review records (on the worker).
pub fn run_load(root: &Path, lang: Lang) -> JobResult {
    let names = tthc::workspace::manifest_at(root);
    JobResult::Reviews(reviews::load(root).map_err(|e| e.message_with(lang, names.as_ref())))
}

/// The review records, read.
pub fn on_loaded(app: &mut App, result: Result<Reviews, String>) {
    if app.reviewing.loaded.is_none() {
        app.loading = None;
    }
    match result {
        Ok(loaded) => {
            if app.reviewing.year == 0 {
                app.reviewing.year = loaded.years().first().copied().unwrap_or(app.today.year());
            }
            app.reviewing.loaded = Some(loaded);
        }
        Err(e) => app.error(e),
    }
}

/// Whether the tab is what has the keyboard (no page, form or dialog over it).
fn here(app: &App) -> bool {
    app.tab == Tab::Reviews && app.mode_under_overlay() == super::app::Mode::Tab
}

/// The contexts of the tab: its form's text box, its form, or the plan.
pub fn contexts(app: &App) -> Vec<super::keymap::Context> {
    use super::keymap::Context;
    match &app.reviewing.form {
        Some(f) if f.edit.is_some() => vec![Context::TextInput],
        Some(_) => vec![Context::ReviewForm, Context::Global],
        None => vec![Context::Reviews, Context::Global],
    }
}

/// A key while a row's text box is open: typed into it, enter (one line) or esc puts the text
/// into the form, ctrl-s also saves. True when the key was the tab's.
pub fn on_key(app: &mut App, action: Option<Action>, key: KeyEvent) -> bool {
    if !here(app) {
        return false;
    }
    let Some(form) = app.reviewing.form.as_mut() else {
        return false;
    };
    let Some(area) = form.edit.as_mut() else {
        return false;
    };
    let finish = match action {
        Some(Action::Back) => true,
        Some(Action::Save) => true,
        _ => match textbox::apply(area, action, &key, false) {
            Outcome::Done => true,
            Outcome::Changed => {
                form.journal_due = true;
                false
            }
            Outcome::Same => false,
        },
    };
    if !finish {
        return true;
    }
    let text = area.lines().join("\n");
    let field = fields(&form.review)[form.cursor];
    let mut edited = form.review.clone();
    if set_text(&mut edited, field, &text).is_err() {
        let lang = app.lang;
        // Esc leaves the box even so: what was typed is dropped, the row keeps its value.
        let dropped = action == Some(Action::Back);
        if dropped {
            form.edit = None;
        }
        let why = if field == Field::By {
            lang.pick(
                "Ô này cần một ngày (dd/mm/yyyy, ví dụ 31/12/2026)",
                "This box needs a date (dd/mm/yyyy, e.g. 31/12/2026)",
            )
        } else if matches!(field, Field::Activity(..) | Field::AddActivity(_)) {
            lang.pick(
                "Ghi tên hoạt động; số phút (ví dụ: Chuẩn bị hồ sơ; 90 — hoặc 1,5 giờ); để trống để bỏ",
                "Write the activity; its minutes (e.g. Preparing the dossier; 90 — or 1.5 h); empty removes it",
            )
        } else {
            lang.pick(
                "Ô này cần một số (ví dụ 1200)",
                "This box needs a number (e.g. 1200)",
            )
        };
        app.error(if dropped {
            format!(
                "{why} — {}",
                lang.pick("đã bỏ phần vừa gõ", "what was typed is dropped")
            )
        } else {
            why.to_owned()
        });
        return true;
    }
    if edited != form.review {
        // A row added above the cursor (an activity): stay on the row that adds them.
        if matches!(field, Field::AddActivity(_))
            && fields(&edited).len() > fields(&form.review).len()
        {
            form.cursor += 1;
        }
        form.review = edited;
        form.dirty = true;
        form.journal_due = true;
    }
    form.edit = None;
    if action == Some(Action::Save) {
        save(app, false);
    }
    true
}

/// Act on an action of the tab; false when it is not the tab's (global keys).
pub fn act(app: &mut App, action: Action) -> bool {
    if !here(app) {
        return false;
    }
    let lang = app.lang;
    if app.reviewing.form.is_none() {
        let rows = app.reviewing.rows(app);
        match action {
            Action::Up | Action::Down | Action::Home | Action::End => {
                let len = rows.len();
                let sel = &mut app.reviewing.selected;
                *sel = match action {
                    Action::Up => sel.saturating_sub(1),
                    Action::Down => (*sel + 1).min(len.saturating_sub(1)),
                    Action::Home => 0,
                    _ => len.saturating_sub(1),
                };
                return true;
            }
            Action::Open => {
                if let Some(r) = rows.get(app.reviewing.selected) {
                    open(app, &r.level.clone(), &r.code.clone(), r.form.is_none());
                }
                return true;
            }
            Action::ReviewPropose => {
                if let Some(r) = rows.get(app.reviewing.selected) {
                    propose(app, &r.level.clone(), &r.code.clone());
                }
                return true;
            }
            _ => return false,
        }
    }
    let Some(form) = app.reviewing.form.as_mut() else {
        return false;
    };
    let rows = fields(&form.review);
    let field = rows[form.cursor.min(rows.len() - 1)];
    match action {
        Action::Up => form.cursor = form.cursor.saturating_sub(1),
        Action::Down => form.cursor = (form.cursor + 1).min(rows.len() - 1),
        Action::Home => form.cursor = 0,
        Action::End => form.cursor = rows.len() - 1,
        Action::PageUp => form.cursor = form.cursor.saturating_sub(10),
        Action::PageDown => form.cursor = (form.cursor + 10).min(rows.len() - 1),
        Action::ReviewYes | Action::ReviewNo => {
            if set_answer(&mut form.review, field, action == Action::ReviewYes) {
                form.dirty = true;
                form.journal_due = true;
                form.cursor = (form.cursor + 1).min(rows.len() - 1);
            }
        }
        Action::FormEdit => match field {
            Field::Conclusion => {
                let all = ConclusionKind::ALL;
                form.review.conclusion.kind = match form.review.conclusion.kind {
                    None => Some(all[0]),
                    Some(k) => all
                        .iter()
                        .position(|x| *x == k)
                        .and_then(|i| all.get(i + 1))
                        .copied(),
                };
                form.dirty = true;
                form.journal_due = true;
            }
            Field::NecessityOk | Field::LegalityOk => {
                let r = &mut form.review;
                let slot = if field == Field::NecessityOk {
                    &mut r.necessity.ok
                } else {
                    &mut r.legality.ok
                };
                *slot = match *slot {
                    None => Some(true),
                    Some(true) => Some(false),
                    Some(false) => None,
                };
                form.dirty = true;
                form.journal_due = true;
            }
            Field::StartAfter => {
                form.review.cost.after = Some(form.review.cost.before.clone());
                form.dirty = true;
                form.journal_due = true;
            }
            _ => {
                let text = editable_text(&form.review, field);
                form.edit = Some(textbox::new(&text));
                let _ = field.is_number();
            }
        },
        Action::Save => save(app, false),
        Action::ReviewComplete => save(app, true),
        Action::ReviewPropose => {
            if form.dirty {
                app.error(lang.pick(
                    "Lưu phiếu trước (ctrl-s), rồi soạn đề xuất",
                    "Save the form first (ctrl-s), then draft the proposal",
                ));
            } else {
                let (level, code) = (form.review.level.clone(), form.review.code.clone());
                propose(app, &level, &code);
            }
        }
        Action::Back => {
            if form.dirty && !form.warned {
                form.warned = true;
                app.error(lang.pick(
                    "Phiếu chưa lưu: ctrl-s để lưu, Esc lần nữa để bỏ thay đổi",
                    "The form is not saved: ctrl-s saves, Esc again drops the changes",
                ));
            } else {
                // Left without saving: what was typed is dropped, from the journal too.
                if let Some(form) = app.reviewing.form.take() {
                    let _ = journal::remove(&app.root, &form.file(), Some(JOURNAL_PURPOSE));
                }
            }
        }
        _ => return false,
    }
    true
}

/// Open the form of a procedure, starting it first (one commit, on the worker) when it has
/// none. An unsaved edit of it in the journal is offered back.
fn open(app: &mut App, level: &str, code: &str, start: bool) {
    let year = app.reviewing.year;
    if start {
        request(
            app,
            ReviewOp::Start {
                year,
                level: level.to_owned(),
                code: code.to_owned(),
            },
        );
        return;
    }
    let rel = reviews::form_path(year, level, code);
    if let Ok(entries) = journal::list(&app.root)
        && let Some(entry) = entries
            .into_iter()
            .find(|e| e.file == rel && e.purpose.as_deref() == Some(JOURNAL_PURPOSE))
        && restore(app, entry)
    {
        return;
    }
    let base = std::fs::read(app.root.join(&rel)).ok();
    show(app, level, code, base);
}

/// Show the form of `level`/`code` as the loaded forms hold it, based on `base`.
fn show(app: &mut App, level: &str, code: &str, base: Option<Vec<u8>>) {
    let year = app.reviewing.year;
    let Some(form) = app
        .reviewing
        .loaded
        .as_ref()
        .and_then(|l| l.form(year, level, code))
    else {
        return;
    };
    app.reviewing.form = Some(ReviewForm::new(form.record.clone(), base));
}

/// Open a form from its journal entry (an edit not saved when the program stopped): on the
/// reviews tab, on the bytes it was read from, marked unsaved. False when the entry does not
/// hold a form.
pub fn restore(app: &mut App, entry: JournalEntry) -> bool {
    let lang = app.lang;
    let Ok(review) = serde_json::from_value::<Review>(entry.value) else {
        return false;
    };
    if app.reviewing.loaded.is_none() {
        reload(app);
    }
    app.tab = Tab::Reviews;
    app.screen.close_page();
    app.reviewing.year = review.year;
    let mut form = ReviewForm::new(review, entry.base_text.map(String::into_bytes));
    form.dirty = true;
    app.reviewing.form = Some(form);
    app.info(lang.pick(
        "Đã mở lại phần sửa phiếu rà soát chưa lưu từ lần trước (ctrl-s để lưu, Esc hai lần để bỏ).",
        "Reopened the unsaved edit of the review form from last time (ctrl-s saves, Esc twice drops it).",
    ));
    true
}

/// Write the open form's journal entry when it has changes not yet journaled.
pub fn journal_tick(app: &mut App) {
    let now = jiff::Timestamp::now().as_second();
    let Some(form) = app.reviewing.form.as_mut().filter(|f| f.journal_due) else {
        return;
    };
    match journal::save(&app.root, &form.journal_entry(now)) {
        Ok(()) => form.journal_due = false,
        Err(e) => {
            let text = e.message(app.lang);
            app.error(text);
        }
    }
}

/// The journal entry the last resort should write, if the form has changes not yet journaled.
pub fn pending_entry(app: &App) -> Option<JournalEntry> {
    app.reviewing
        .form
        .as_ref()
        .filter(|f| f.journal_due)
        .map(|f| f.journal_entry(jiff::Timestamp::now().as_second()))
}

fn request(app: &mut App, op: ReviewOp) {
    let lang = app.lang;
    app.saving = true;
    app.loading = Some(
        match &op {
            ReviewOp::Start { .. } => {
                lang.pick("Đang lập phiếu rà soát…", "Starting the review form…")
            }
            ReviewOp::Save { complete: true, .. } => {
                lang.pick("Đang hoàn thành phiếu…", "Completing the form…")
            }
            ReviewOp::Save { .. } => lang.pick("Đang lưu phiếu…", "Saving the form…"),
            ReviewOp::Propose { .. } => lang.pick("Đang soạn đề xuất…", "Drafting the proposal…"),
        }
        .into(),
    );
    app.jobs.push(Job::Review {
        op,
        lang,
        today: app.today,
    });
}

/// Save the open form (one commit, on the worker); `complete` completes it too.
fn save(app: &mut App, complete: bool) {
    let Some(form) = app.reviewing.form.as_mut() else {
        return;
    };
    let mut review = form.review.clone();
    // "Amend which parts": the findings that call for a change, and the processing time when
    // a shorter one is proposed, when none were named.
    if review.conclusion.kind == Some(ConclusionKind::Amend) && review.conclusion.parts.is_empty() {
        review.conclusion.parts = review
            .components
            .iter()
            .filter(|c| c.calls_for_change())
            .map(|c| c.at.clone())
            .collect();
        let t = &review.time;
        if t.proposed_days.is_some() && t.proposed_days != t.statutory_days {
            review.conclusion.parts.push("processing_time".into());
        }
    }
    let op = ReviewOp::Save {
        review: Box::new(review),
        base: form.base.clone(),
        complete,
        cursor: form.cursor,
    };
    request(app, op);
}

fn propose(app: &mut App, level: &str, code: &str) {
    let year = app.reviewing.year;
    request(
        app,
        ReviewOp::Propose {
            year,
            level: level.to_owned(),
            code: code.to_owned(),
        },
    );
}

/// Run a review step on the worker: one commit, then the forms read again.
pub fn run(root: &Path, op: ReviewOp, lang: Lang, today: Date) -> JobResult {
    let rec = Recorder::new(today, lang);
    let names = tthc::workspace::manifest_at(root);
    let words = |e: reviews::ReviewError| e.message_with(lang, names.as_ref());
    let nothing = || {
        lang.pick("Không có gì thay đổi.", "Nothing changed.")
            .to_owned()
    };
    let mut stale = false;
    let (result, file) = match &op {
        ReviewOp::Start { year, level, code } => {
            let req = StartRequest {
                year: *year,
                level: level.clone(),
                code: code.clone(),
                ..StartRequest::default()
            };
            let file = reviews::form_path(*year, level, code);
            (
                reviews::start(root, req, &rec)
                    .map(|s| (s.message, None))
                    .map_err(words),
                Some(file),
            )
        }
        ReviewOp::Save {
            review,
            base,
            complete,
            ..
        } => {
            let file = reviews::form_path(review.year, &review.level, &review.code);
            let result = reviews::save(
                root,
                (**review).clone(),
                Base::Read(base.clone()),
                *complete,
                &rec,
            )
            .map(|s| (if s.changed { s.message } else { nothing() }, None))
            .map_err(|e| {
                stale = matches!(
                    e,
                    reviews::ReviewError::Workspace(
                        tthc::workspace::WorkspaceError::FileChanged { .. }
                    )
                );
                words(e)
            });
            if result.is_ok() {
                let _ = journal::remove(root, &file, Some(JOURNAL_PURPOSE));
            }
            (result, Some(file))
        }
        ReviewOp::Propose { year, level, code } => (
            reviews::propose(root, *year, Some(level), code, &rec)
                .map(|d| (d.message, Some(d.id)))
                .map_err(words),
            None,
        ),
    };
    let loaded = reviews::load(root).ok();
    let base = file.and_then(|f| std::fs::read(root.join(f)).ok());
    JobResult::Review(Box::new(ReviewDone {
        op,
        result,
        loaded,
        base,
        stale,
    }))
}

/// The part of the form a path into it is in, as the form names it.
fn part_label(path: &str, lang: Lang) -> &'static str {
    match path.split(['.', '[']).next().unwrap_or_default() {
        "necessity" => lang.pick("sự cần thiết", "necessity"),
        "components" | "time" => lang.pick("tính hợp lý", "reasonableness"),
        "legality" => lang.pick("tính hợp pháp", "legality"),
        "data" => lang.pick("số liệu", "data"),
        "cost" => lang.pick("chi phí tuân thủ", "compliance cost"),
        "conclusion" => lang.pick("kết luận", "conclusion"),
        "recommendation" => lang.pick("kiến nghị", "recommendation"),
        _ => lang.pick("thông tin chung", "general"),
    }
}

/// The form's file changed since it was read: merge that change with the edit, field by field
/// (as the procedure form does). What only one side changed is taken from it; where both
/// changed differently the edit is kept and the fields are named. The form is then based on
/// the file as it is now, so `ctrl-s` saves the result — nothing is overwritten unseen.
fn merge_theirs(app: &mut App, now: Option<Vec<u8>>) {
    let lang = app.lang;
    let Some(form) = app.reviewing.form.as_mut() else {
        return;
    };
    let file = form.file();
    let parse = |bytes: &Option<Vec<u8>>| -> Option<serde_json::Value> {
        let text = std::str::from_utf8(bytes.as_deref()?).ok()?;
        let r: Review = tthc::store::parse_text(&file, text).ok()?;
        serde_json::to_value(r).ok()
    };
    let (Some(base), Some(theirs)) = (parse(&form.base), parse(&now)) else {
        app.error(lang.pick(
            "Phiếu vừa được sửa ở nơi khác và không đọc được bản mới: chưa lưu, phần sửa vẫn giữ nguyên.",
            "The form was changed elsewhere and the new version cannot be read: not saved, your edit is kept.",
        ));
        return;
    };
    let mine = serde_json::to_value(&form.review).unwrap_or_default();
    let (merged, conflicts) = tthc::merge::merge(
        Some(&base),
        Some(&mine),
        Some(&theirs),
        tthc::merge::Depth::Deep,
    );
    let Some(review) = merged.and_then(|v| serde_json::from_value::<Review>(v).ok()) else {
        app.error(lang.pick(
            "Phiếu vừa được sửa ở nơi khác: chưa lưu, phần sửa vẫn giữ nguyên.",
            "The form was changed elsewhere: not saved, your edit is kept.",
        ));
        return;
    };
    form.review = review;
    form.base = now;
    form.dirty = true;
    form.journal_due = true;
    let rows = fields(&form.review).len();
    form.cursor = form.cursor.min(rows.saturating_sub(1));
    if conflicts.is_empty() {
        app.info(lang.pick(
            "Phiếu vừa được sửa ở nơi khác; đã gộp với phần sửa của bạn (không trùng chỗ nào). Chưa lưu: ctrl-s để lưu.",
            "The form was changed elsewhere; merged with your edit (nothing overlaps). Not saved yet: ctrl-s saves.",
        ));
    } else {
        let at: Vec<String> = conflicts
            .iter()
            .map(|c| format!("{} ({})", part_label(&c.path, lang), c.path))
            .collect();
        app.error(format!(
            "{} {}. {}",
            lang.pick(
                "Phiếu vừa được sửa ở nơi khác, trùng chỗ với phần sửa của bạn:",
                "The form was changed elsewhere where you edited it too:"
            ),
            at.join(", "),
            lang.pick(
                "Đang giữ bản của bạn ở những chỗ đó, phần khác đã gộp. Chưa lưu: ctrl-s để lưu như vậy, Esc hai lần để bỏ phần sửa.",
                "Yours is kept there, the rest is merged. Not saved yet: ctrl-s saves it so, Esc twice drops your edit.",
            )
        ));
    }
}

/// A review step finished: say what it did (or why not), show the forms as they now are.
pub fn on_job(app: &mut App, done: ReviewDone) {
    let lang = app.lang;
    app.saving = false;
    app.loading = None;
    let ReviewDone {
        op,
        result,
        loaded,
        base,
        stale,
    } = done;
    let (message, proposal) = match result {
        Ok(ok) => ok,
        Err(_) if stale => {
            merge_theirs(app, base);
            return;
        }
        Err(e) => {
            app.error(match op {
                ReviewOp::Save { .. } => format!(
                    "{} {e}",
                    lang.pick(
                        "Chưa lưu (phần sửa vẫn giữ nguyên):",
                        "Not saved (your edit is kept):"
                    )
                ),
                _ => e,
            });
            return;
        }
    };
    if let Some(loaded) = loaded {
        app.reviewing.loaded = Some(loaded);
    }
    app.info(message);
    match op {
        ReviewOp::Start { level, code, .. } => show(app, &level, &code, base),
        ReviewOp::Save { review, cursor, .. } => {
            show(app, &review.level, &review.code, base);
            if let Some(f) = app.reviewing.form.as_mut() {
                f.cursor = cursor;
            }
            // The procedure's reviewed_on may have changed: reload the catalogue too.
            app.reload();
        }
        ReviewOp::Propose { .. } => {
            app.focus_proposal = proposal;
            app.reload();
        }
    }
}
