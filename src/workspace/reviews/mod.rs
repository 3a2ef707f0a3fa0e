//! The review cycle as use cases (domain §7.2): record the year's plan, start a form from the
//! procedure as it is, save it (one commit per save, refusing to overwrite a change made since
//! the form was read), complete it — which alone sets the procedure's `reviewed_on`, in the
//! same commit —, import the one-stop system's case counts, and draft the proposal a
//! conclusion calls for.
//!
//! Plans live in `reviews/plans/<year>.yaml`, forms in `reviews/<year>/<level>-<code>.yaml`.
//! The records are [`crate::model::ReviewPlan`] and [`crate::model::Review`].

mod demo;
mod error;
mod problem;
pub mod progress;
mod propose;

pub use demo::add_demo_reviews;
pub use error::ReviewError;
pub use problem::{ReviewProblem, check};
pub use progress::{PersonProgress, PlanRow, by_person, rows};
pub use propose::{draft_request, propose};

use super::proposals::Recorder;
use super::{Transaction, WorkspaceError};
use crate::diagnostic::{Diagnostic, Problem, Severity};
use crate::i18n::Lang;
use crate::i18n::reviews::conclusion_label;
use crate::model::{Date, Review, ReviewPlan};
use crate::store::{self, Catalog, Stored};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The folder of the review records.
pub const REVIEWS_DIR: &str = "reviews";
const PLANS_DIR: &str = "plans";

/// `reviews/plans/<year>.yaml`.
pub fn plan_path(year: i16) -> PathBuf {
    PathBuf::from(REVIEWS_DIR)
        .join(PLANS_DIR)
        .join(format!("{year}.yaml"))
}

/// `reviews/<year>/<level>-<code>.yaml`.
pub fn form_path(year: i16, level: &str, code: &str) -> PathBuf {
    PathBuf::from(REVIEWS_DIR)
        .join(year.to_string())
        .join(format!("{level}-{code}.yaml"))
}

/// The review records of a catalogue, as loaded.
#[derive(Debug, Clone, Default)]
pub struct Reviews {
    pub plans: Vec<Stored<ReviewPlan>>,
    pub forms: Vec<Stored<Review>>,
    /// Problems found reading the files.
    pub problems: Vec<Diagnostic>,
    /// Files that could not be parsed: never rewritten.
    pub unparsed: BTreeSet<PathBuf>,
}

impl Reviews {
    pub fn plan(&self, year: i16) -> Option<&Stored<ReviewPlan>> {
        self.plans.iter().find(|p| p.record.year == year)
    }

    pub fn form(&self, year: i16, level: &str, code: &str) -> Option<&Stored<Review>> {
        self.forms
            .iter()
            .find(|f| f.record.year == year && f.record.level == level && f.record.code == code)
    }

    /// The forms of a year, in file order.
    pub fn of_year(&self, year: i16) -> impl Iterator<Item = &Stored<Review>> {
        self.forms.iter().filter(move |f| f.record.year == year)
    }

    /// The years that have a plan or forms, newest first.
    pub fn years(&self) -> Vec<i16> {
        let mut years: Vec<i16> = self
            .plans
            .iter()
            .map(|p| p.record.year)
            .chain(self.forms.iter().map(|f| f.record.year))
            .collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }

    /// The form of `code` in `year`: at `level` when given, else the only level it has one at.
    pub fn find(
        &self,
        year: i16,
        level: Option<&str>,
        code: &str,
    ) -> Result<&Stored<Review>, ReviewError> {
        let found: Vec<&Stored<Review>> = self
            .of_year(year)
            .filter(|f| f.record.code == code && level.is_none_or(|l| f.record.level == l))
            .collect();
        match found.as_slice() {
            [one] => Ok(one),
            [] => {
                if let Some(l) = level {
                    let path = form_path(year, l, code);
                    if self.unparsed.contains(&path) {
                        return Err(ReviewError::Unparsed { path });
                    }
                }
                Err(ReviewError::NotFound {
                    year,
                    level: level.unwrap_or_default().to_owned(),
                    code: code.to_owned(),
                })
            }
            many => Err(ReviewError::SeveralForms {
                code: code.to_owned(),
                levels: many.iter().map(|f| f.record.level.clone()).collect(),
            }),
        }
    }
}

/// Read every plan and form under `reviews/` of the catalogue at `root`. A file that does not
/// parse is listed in `unparsed` with its problems, never rewritten.
pub fn load(root: &Path) -> Result<Reviews, WorkspaceError> {
    let mut out = Reviews::default();
    let mut scratch = Catalog {
        root: root.to_owned(),
        ..Catalog::default()
    };
    for (rel, is_plan) in review_files(root)? {
        if is_plan {
            if let Some(plan) = store::read_record::<ReviewPlan>(root, &rel, &mut scratch) {
                out.plans.push(Stored {
                    path: rel,
                    record: plan,
                });
            }
        } else if let Some(form) = store::read_record::<Review>(root, &rel, &mut scratch) {
            out.forms.push(Stored {
                path: rel,
                record: form,
            });
        }
    }
    out.problems = scratch.problems;
    out.unparsed = scratch.unparsed;
    Ok(out)
}

/// `(path, is_plan)` of every `.yaml` file in `reviews/plans/` and `reviews/<year>/`, sorted.
fn review_files(root: &Path) -> Result<Vec<(PathBuf, bool)>, WorkspaceError> {
    let mut out = Vec::new();
    for dir in sorted_entries(root, Path::new(REVIEWS_DIR))? {
        let Some(name) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let is_plan = name == PLANS_DIR;
        let year_dir = name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit());
        if !(is_plan || year_dir) {
            continue;
        }
        if !root.join(&dir).is_dir() {
            continue;
        }
        for file in sorted_entries(root, &dir)? {
            let yaml = file
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with(".yaml"));
            let hidden = file
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if yaml && !hidden {
                out.push((file, is_plan));
            }
        }
    }
    Ok(out)
}

fn sorted_entries(root: &Path, rel: &Path) -> Result<Vec<PathBuf>, WorkspaceError> {
    let abs = root.join(rel);
    let entries = match std::fs::read_dir(&abs) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(WorkspaceError::Io { path: abs, source }),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| WorkspaceError::Io {
            path: abs.clone(),
            source,
        })?;
        out.push(rel.join(entry.file_name()));
    }
    out.sort();
    Ok(out)
}

/// A save that was committed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Saved {
    /// The file saved, relative to the catalogue root.
    pub path: PathBuf,
    pub commit: String,
    pub message: String,
    /// False when the form was saved as it already was: no commit was made.
    pub changed: bool,
}

/// Codes and level ids become file names: only letters, digits, `.`, `_` and `-`.
fn safe_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn unsafe_name(rel: &Path, what: &str, value: &str) -> ReviewError {
    ReviewError::Invalid(vec![Diagnostic::new(
        rel,
        Severity::Error,
        Problem::UnsafeName {
            what: what.to_owned(),
            value: value.to_owned(),
        },
    )])
}

/// Record (or replace) the plan of `plan.year`: one commit.
pub fn save_plan(root: &Path, plan: ReviewPlan, rec: &Recorder) -> Result<Saved, ReviewError> {
    let mut tx = Transaction::begin(root)?;
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let rel = plan_path(plan.year);
    let mut errors = Vec::new();
    for l in plan
        .scope
        .levels
        .iter()
        .chain(plan.assignments.iter().flat_map(|a| &a.scope.levels))
    {
        if cat.manifest.level(l).is_none() {
            errors.push(Diagnostic::new(
                &rel,
                Severity::Error,
                Problem::UndeclaredLevel { id: l.clone() },
            ));
        }
    }
    if plan.wage_per_hour < 0 {
        errors.push(Diagnostic::new(
            &rel,
            Severity::Error,
            Problem::NegativeAmount {
                amount: plan.wage_per_hour,
            },
        ));
    }
    if !errors.is_empty() {
        return Err(ReviewError::Invalid(errors));
    }
    let covered = cat
        .procedures
        .iter()
        .filter(|p| plan.covers(&p.record) && !p.record.status.is_draft())
        .count();
    let number = plan
        .decision
        .as_ref()
        .map(|d| format!(" ({})", d.number.trim()))
        .unwrap_or_default();
    let message = match rec.lang {
        Lang::Vi => format!(
            "Kế hoạch rà soát TTHC năm {}{number}: ghi nhận, {covered} thủ tục",
            plan.year
        ),
        Lang::En => format!(
            "Review plan {}{number}: recorded, {covered} procedures",
            plan.year
        ),
    };
    put(&mut tx, &rel, &plan, None)?;
    committed(tx, rel, message, rec)
}

/// What `start` is asked.
#[derive(Debug, Clone, Default)]
pub struct StartRequest {
    pub year: i16,
    pub level: String,
    pub code: String,
    /// Default: the plan's assignment that holds the procedure.
    pub unit: Option<String>,
    pub reviewer: Option<String>,
}

/// Start the form of a procedure for a year, from the procedure as it is (one finding per
/// component, statutory time, fees), with the plan's unit and reviewer: one commit.
pub fn start(root: &Path, req: StartRequest, rec: &Recorder) -> Result<Saved, ReviewError> {
    let mut tx = Transaction::begin(root)?;
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let reviews = load(root)?;
    let rel = form_path(req.year, &req.level, &req.code);
    if !safe_name(&req.level) {
        return Err(unsafe_name(&rel, "level", &req.level));
    }
    if !safe_name(&req.code) {
        return Err(unsafe_name(&rel, "code", &req.code));
    }
    let p = cat
        .procedure(&req.level, &req.code)
        .ok_or_else(|| ReviewError::NoProcedure {
            level: req.level.clone(),
            code: req.code.clone(),
        })?;
    if reviews.form(req.year, &req.level, &req.code).is_some()
        || reviews.unparsed.contains(&rel)
        || root.join(&rel).exists()
    {
        return Err(ReviewError::AlreadyStarted { path: rel });
    }
    let mut form = Review::start_from(&p.record, &cat.manifest, req.year);
    let assignment = reviews
        .plan(req.year)
        .and_then(|plan| plan.record.assignment_of(&p.record).map(|i| (plan, i)))
        .map(|(plan, i)| plan.record.assignments[i].clone());
    form.unit = req
        .unit
        .or_else(|| assignment.as_ref().map(|a| a.unit.clone()));
    form.reviewer = req.reviewer.or_else(|| assignment.map(|a| a.person));
    form.started_on = Some(rec.today);
    let message = format!(
        "{}: {}",
        subject(&cat, &form, rec.lang),
        rec.lang.pick("lập phiếu rà soát", "review form started")
    );
    put(&mut tx, &rel, &form, None)?;
    committed(tx, rel, message, rec)
}

/// The bytes an edit of a form started from.
#[derive(Debug, Clone, PartialEq)]
pub enum Base {
    /// The file as it is now (a one-shot command that reads and writes under the lock).
    Current,
    /// The bytes the form was read from (None: it did not exist): a change made since is
    /// refused, never overwritten.
    Read(Option<Vec<u8>>),
}

/// Save a form: one commit. With `complete`, the form must lack nothing
/// ([`Review::missing`]); it is dated today (unless it already carries a completion date) and the
/// procedure's `reviewed_on` is set to that day in the same commit.
pub fn save(
    root: &Path,
    mut form: Review,
    base: Base,
    complete: bool,
    rec: &Recorder,
) -> Result<Saved, ReviewError> {
    let mut tx = Transaction::begin(root)?;
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let rel = form_path(form.year, &form.level, &form.code);
    if !safe_name(&form.level) {
        return Err(unsafe_name(&rel, "level", &form.level));
    }
    if !safe_name(&form.code) {
        return Err(unsafe_name(&rel, "code", &form.code));
    }
    let procedure =
        cat.procedure(&form.level, &form.code)
            .ok_or_else(|| ReviewError::NoProcedure {
                level: form.level.clone(),
                code: form.code.clone(),
            })?;
    let completing = complete || form.completed_on.is_some();
    if completing {
        let missing = form.missing();
        if !missing.is_empty() {
            return Err(ReviewError::Incomplete(missing));
        }
    }
    let was_completed = match &base {
        Base::Read(Some(bytes)) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|t| store::parse_text::<Review>(&rel, t).ok())
            .is_some_and(|r| r.is_completed()),
        Base::Read(None) => false,
        Base::Current => load(root)?
            .form(form.year, &form.level, &form.code)
            .is_some_and(|f| f.record.is_completed()),
    };
    if complete && form.completed_on.is_none() {
        form.completed_on = Some(rec.today);
    }
    if let Some(day) = form.completed_on
        && procedure.record.reviewed_on.is_none_or(|d| d < day)
    {
        let mut p = procedure.record.clone();
        p.reviewed_on = Some(day);
        put(&mut tx, &procedure.path, &p, None)?;
    }
    let what = match (
        form.completed_on.is_some() && !was_completed,
        form.conclusion.kind,
    ) {
        (true, Some(kind)) => match rec.lang {
            Lang::Vi => format!(
                "hoàn thành phiếu rà soát, kết luận: {}",
                conclusion_label(kind, rec.lang)
            ),
            Lang::En => format!(
                "review form completed, conclusion: {}",
                conclusion_label(kind, rec.lang)
            ),
        },
        _ => rec
            .lang
            .pick("lưu phiếu rà soát", "review form saved")
            .to_owned(),
    };
    let message = format!("{}: {what}", subject(&cat, &form, rec.lang));
    let base = match base {
        Base::Current => None,
        Base::Read(bytes) => Some(bytes),
    };
    put(&mut tx, &rel, &form, base)?;
    if tx.is_empty() {
        return Ok(Saved {
            path: rel,
            commit: tx.base_head().unwrap_or_default().to_owned(),
            message: String::new(),
            changed: false,
        });
    }
    committed(tx, rel, message, rec)
}

/// Commit what `tx` staged as the save of the file at `rel`.
fn committed(
    tx: Transaction,
    rel: PathBuf,
    message: String,
    rec: &Recorder,
) -> Result<Saved, ReviewError> {
    let commit = tx.commit_as(&message, rec.author.as_ref())?;
    Ok(Saved {
        path: rel,
        commit,
        message,
        changed: true,
    })
}

/// `Rà soát 1.001193 (Cấp xã) năm 2026`.
fn subject(cat: &Catalog, form: &Review, lang: Lang) -> String {
    format!(
        "{} {} ({}) {} {}",
        lang.pick("Rà soát", "Review of"),
        form.code,
        cat.manifest.level_name(&form.level),
        lang.pick("năm", "in"),
        form.year
    )
}

/// Stage the canonical text of `record` at `rel`, based on `base` (None: the file as it is now).
fn put<T: serde::Serialize>(
    tx: &mut Transaction,
    rel: &Path,
    record: &T,
    base: Option<Option<Vec<u8>>>,
) -> Result<(), ReviewError> {
    let text = store::canonical_text(rel, record).map_err(WorkspaceError::from)?;
    let current = tx.read(rel)?;
    tx.write(rel, base.unwrap_or(current), text.into_bytes());
    Ok(())
}

/// What importing the one-stop statistics did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Imported {
    /// `<level>-<code>` of the forms updated.
    pub updated: Vec<String>,
    /// Codes in the file with no form this year.
    pub without_form: Vec<String>,
    /// None when nothing changed.
    pub commit: Option<String>,
}

/// One row of the one-stop system's statistics: code, cases, on time, online.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseCounts {
    pub cases: u64,
    pub on_time: Option<u64>,
    pub online: Option<u64>,
}

/// Read the statistics CSV: `code,cases,on_time,online` (a header line is skipped; `;` is
/// accepted as the separator, as spreadsheets in Vietnamese locales write it).
pub fn parse_statistics(text: &str) -> Result<Vec<(String, CaseCounts)>, ReviewError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = if text.lines().next().is_some_and(|l| l.contains(';')) {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 1;
        let row = row.map_err(|e| ReviewError::Statistics {
            line,
            detail: e.to_string(),
        })?;
        let cell = |n: usize| row.get(n).map(str::trim).unwrap_or_default();
        let number = |n: usize| -> Result<Option<u64>, ReviewError> {
            let c = cell(n).replace(['.', ' '], "");
            if c.is_empty() {
                return Ok(None);
            }
            c.parse::<u64>()
                .map(Some)
                .map_err(|_| ReviewError::Statistics {
                    line,
                    detail: cell(n).to_owned(),
                })
        };
        if cell(0).is_empty() {
            continue;
        }
        // A header: the cases column is not a number.
        if line == 1 && number(1).is_err() {
            continue;
        }
        let cases = number(1)?.ok_or_else(|| ReviewError::Statistics {
            line,
            detail: String::new(),
        })?;
        out.push((
            cell(0).to_owned(),
            CaseCounts {
                cases,
                on_time: number(2)?,
                online: number(3)?,
            },
        ));
    }
    Ok(out)
}

/// Put the year's case counts into the forms of `year`: one commit for all of them.
pub fn import_statistics(
    root: &Path,
    year: i16,
    rows: &[(String, CaseCounts)],
    source: Option<String>,
    rec: &Recorder,
) -> Result<Imported, ReviewError> {
    let mut tx = Transaction::begin(root)?;
    let reviews = load(root)?;
    let mut updated = Vec::new();
    let mut without_form = Vec::new();
    for (code, counts) in rows {
        let forms: Vec<&Stored<Review>> = reviews
            .of_year(year)
            .filter(|f| &f.record.code == code)
            .collect();
        if forms.is_empty() {
            without_form.push(code.clone());
        }
        for stored in forms {
            let mut form = stored.record.clone();
            form.data.cases_per_year = Some(counts.cases);
            form.data.on_time = counts.on_time.or(form.data.on_time);
            form.data.online = counts.online.or(form.data.online);
            if source.is_some() {
                form.data.source.clone_from(&source);
            }
            if form != stored.record {
                put(&mut tx, &stored.path, &form, None)?;
                updated.push(form.stem());
            }
        }
    }
    if updated.is_empty() {
        return Ok(Imported {
            updated,
            without_form,
            commit: None,
        });
    }
    let message = match rec.lang {
        Lang::Vi => format!(
            "Số liệu một cửa cho rà soát năm {year}: {} phiếu",
            updated.len()
        ),
        Lang::En => format!(
            "One-stop statistics for the {year} reviews: {} forms",
            updated.len()
        ),
    };
    let commit = tx.commit_as(&message, rec.author.as_ref())?;
    Ok(Imported {
        updated,
        without_form,
        commit: Some(commit),
    })
}

/// Today's review problems of the catalogue at `root` (for `validate`).
pub fn diagnostics(cat: &Catalog, today: Date) -> Result<Vec<Diagnostic>, WorkspaceError> {
    let reviews = load(&cat.root)?;
    let mut found = check(cat, &reviews, today);
    store::resolve_positions(&cat.root, &mut found);
    Ok(found)
}

/// The results report of `year` for the catalogue `cat`: its plan, its forms with their
/// procedures, and the proposals drafted from them.
pub fn report(
    cat: &Catalog,
    year: i16,
) -> Result<crate::export::review::ReviewReport, WorkspaceError> {
    let reviews = load(&cat.root)?;
    Ok(report_of(cat, &reviews, year))
}

/// The results report of `year` from review records already read.
pub fn report_of(
    cat: &Catalog,
    reviews: &Reviews,
    year: i16,
) -> crate::export::review::ReviewReport {
    let plan = reviews.plan(year).map(|p| &p.record);
    let planned = plan.map_or(0, |plan| {
        cat.procedures
            .iter()
            .filter(|p| {
                plan.covers(&p.record)
                    && p.record.status != crate::model::ProcedureStatus::Abolished
                    && !p.record.status.is_draft()
            })
            .count()
    });
    let forms: Vec<(&Review, Option<&crate::model::Procedure>)> = reviews
        .of_year(year)
        .map(|f| {
            let p = cat
                .procedure(&f.record.level, &f.record.code)
                .map(|p| &p.record);
            (&f.record, p)
        })
        .collect();
    let proposals: Vec<(String, String)> = cat
        .proposals
        .iter()
        .filter(|p| p.record.status != crate::model::ProposalStatus::Withdrawn)
        .filter_map(|p| Some((p.record.review.clone()?, p.record.id.clone())))
        .collect();
    crate::export::review::build(&cat.manifest, year, plan, planned, &forms, &proposals)
}
