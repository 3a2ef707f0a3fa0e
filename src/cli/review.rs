//! `tthc review`: the review cycle (domain §7.2) — the year's plan and its progress, one form
//! per procedure, the one-stop statistics, the results report, and the proposal a conclusion
//! calls for. Every save is one commit.

use super::args::{FileFormat, FormFormat, ProcedureArg, TableFormat, TableOutput};
use super::output::{csv_safe, note, table, write_json};
use super::{CliError, Ctx, Usage};
use clap::Subcommand;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::i18n::Lang;
use tthc::i18n::reviews::{
    basis_points, component_label, conclusion_label, copy_kind_label, hours, missing_label,
    per_mille,
};
use tthc::model::{ConclusionKind, Date, PlanDecision, Review, ReviewPlan};
use tthc::present::{date_display, sanitize, vnd};
use tthc::store::{self, Catalog};
use tthc::words::Describe;
use tthc::workspace::proposals::Recorder;
use tthc::workspace::reviews::{self, Base, ReviewError, StartRequest};
use tthc::workspace::{self};

/// The review cycle: the year's plan, a form per procedure, the statistics, the report, the
/// proposals
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

// Parsed once per run: the size of the `set` variant costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Action {
    /// Record the year's review plan (from FILE.yaml and/or the options; one commit) and show
    /// where it stands: per unit and person, what is due, overdue or done
    Plan {
        /// The year (default: this year)
        #[arg(long)]
        year: Option<i16>,
        /// The plan as YAML: decision, wage_per_hour, due, scope, assignments (unit, person,
        /// scope, due)
        #[arg(long, value_name = "FILE.yaml")]
        from: Option<PathBuf>,
        /// The number of the decision or plan that orders the review, e.g. 245/KH-UBND
        #[arg(long, value_name = "NO")]
        decision: Option<String>,
        /// The day it was signed
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        date: Option<Date>,
        /// W: the income per hour (đồng) the compliance cost is computed with
        #[arg(long, value_name = "AMOUNT", value_parser = super::input::parse_amount)]
        wage: Option<i64>,
        /// The day every form is due (an assignment may have its own)
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        due: Option<Date>,
        #[command(flatten)]
        output: TableOutput,
    },
    /// Start the review form of a procedure from the procedure as it is: one finding per
    /// component, its statutory time and fees; one commit
    Start {
        #[command(flatten)]
        procedure: ProcedureArg,
        /// The year (default: this year)
        #[arg(long)]
        year: Option<i16>,
        /// Who reviews (default: from the plan)
        #[arg(long)]
        reviewer: Option<String>,
        /// Which unit reviews (default: from the plan)
        #[arg(long)]
        unit: Option<String>,
    },
    /// Show a review form: every finding, the data, the compliance cost before and after, the
    /// conclusion, and what it still lacks
    Show {
        #[command(flatten)]
        procedure: ProcedureArg,
        /// The year (default: the newest year with a plan or forms, else this year)
        #[arg(long)]
        year: Option<i16>,
        /// Output format (yaml: the form as stored, to edit and give back with `review set --from`)
        #[arg(long, value_enum, default_value_t = FormFormat::Text)]
        format: FormFormat,
    },
    /// Fill in a review form (from FILE.yaml and/or the options) and save it; --complete
    /// completes it, which sets the procedure's reviewed_on; one commit
    Set {
        #[command(flatten)]
        procedure: ProcedureArg,
        /// The year (default: this year)
        #[arg(long)]
        year: Option<i16>,
        /// The whole form as YAML (as `review show --format yaml` prints it)
        #[arg(long, value_name = "FILE.yaml")]
        from: Option<PathBuf>,
        /// Is the procedure needed? yes or no
        #[arg(long, value_name = "yes|no", value_parser = yes_no)]
        necessary: Option<bool>,
        /// Why it is (or is not) needed
        #[arg(long, value_name = "TEXT")]
        necessity_note: Option<String>,
        /// Is it lawful (issued by the competent body, in the right form)? yes or no
        #[arg(long, value_name = "yes|no", value_parser = yes_no)]
        lawful: Option<bool>,
        /// Notes on legality
        #[arg(long, value_name = "TEXT")]
        legality_note: Option<String>,
        /// Cases a year
        #[arg(long, value_name = "N")]
        cases: Option<u64>,
        /// Of which settled on time
        #[arg(long, value_name = "N")]
        on_time: Option<u64>,
        /// Of which submitted online
        #[arg(long, value_name = "N")]
        online: Option<u64>,
        /// Requests to supplement a dossier
        #[arg(long, value_name = "N")]
        supplements: Option<u64>,
        /// Complaints and petitions
        #[arg(long, value_name = "N")]
        complaints: Option<u64>,
        /// The time cases really take, in working days
        #[arg(long, value_name = "DAYS")]
        actual_days: Option<u32>,
        /// The time proposed, in working days
        #[arg(long, value_name = "DAYS")]
        proposed_days: Option<u32>,
        /// keep, abolish, amend or replace
        #[arg(long, value_enum)]
        conclusion: Option<ConclusionArg>,
        /// Why (required for every conclusion, keep included)
        #[arg(long, value_name = "TEXT")]
        reasons: Option<String>,
        /// A part to amend (a finding's place, e.g. dossier[0].documents[2]); repeat for several
        #[arg(long = "part", value_name = "AT")]
        parts: Vec<String>,
        /// The code of the procedure that replaces it
        #[arg(long, value_name = "CODE")]
        replaced_by: Option<String>,
        /// What to do (the recommendation)
        #[arg(long, value_name = "TEXT")]
        recommend: Option<String>,
        /// The legal text to change, e.g. "Nghị định 123/2015/NĐ-CP"
        #[arg(long, value_name = "TEXT")]
        legal_text: Option<String>,
        /// The article, clause or point to change
        #[arg(long, value_name = "TEXT")]
        article: Option<String>,
        /// Who acts
        #[arg(long, value_name = "TEXT")]
        actor: Option<String>,
        /// By when
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        by: Option<Date>,
        /// Complete the form (it must lack nothing); sets the procedure's reviewed_on
        #[arg(long)]
        complete: bool,
    },
    /// List the year's review forms with their conclusion and compliance cost
    List {
        /// The year (default: the newest year with a plan or forms, else this year)
        #[arg(long)]
        year: Option<i16>,
        #[command(flatten)]
        output: TableOutput,
    },
    /// Import the year's case counts from the one-stop system's statistics (CSV: code, cases,
    /// on time, online) into the forms; one commit
    Import {
        /// The CSV file
        file: PathBuf,
        /// The year of the forms (default: this year)
        #[arg(long)]
        year: Option<i16>,
        /// Where the figures come from, e.g. "Phần mềm một cửa điện tử, năm 2021"
        #[arg(long, value_name = "TEXT")]
        source: Option<String>,
    },
    /// Write the year's results report: annex per procedure, totals by level and field,
    /// progress towards the -30 % / -50 % targets
    Report {
        /// The year (default: the newest year with a plan or forms, else this year)
        #[arg(long)]
        year: Option<i16>,
        /// Format of the file
        #[arg(long, value_enum)]
        format: FileFormat,
        /// The file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Draft the proposal (abolish, amend, replace) the form's conclusion calls for, with its
    /// reasons, plan and compliance cost, linked to the form; one commit
    Propose {
        #[command(flatten)]
        procedure: ProcedureArg,
        /// The year (default: the newest year with a plan or forms, else this year)
        #[arg(long)]
        year: Option<i16>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ConclusionArg {
    Keep,
    Abolish,
    Amend,
    Replace,
}

impl From<ConclusionArg> for ConclusionKind {
    fn from(c: ConclusionArg) -> Self {
        match c {
            ConclusionArg::Keep => ConclusionKind::Keep,
            ConclusionArg::Abolish => ConclusionKind::Abolish,
            ConclusionArg::Amend => ConclusionKind::Amend,
            ConclusionArg::Replace => ConclusionKind::Replace,
        }
    }
}

fn yes_no(text: &str) -> Result<bool, String> {
    match tthc::search::fold(text.trim()).to_lowercase().as_str() {
        "yes" | "y" | "co" | "true" | "1" => Ok(true),
        "no" | "n" | "khong" | "false" | "0" => Ok(false),
        _ => Err(format!("yes/no (có/không): `{text}`")),
    }
}

impl From<ReviewError> for CliError {
    fn from(e: ReviewError) -> Self {
        CliError::Review(e)
    }
}

/// The level of `code`: `--level` (id or name), else the only one it has.
fn level_of(cat: &Catalog, code: &str, level: Option<&str>) -> Result<String, CliError> {
    if let Some(l) = level {
        let folded = tthc::search::fold(l);
        return Ok(cat
            .manifest
            .levels
            .iter()
            .find(|x| x.id == l || tthc::search::fold(&x.name) == folded)
            .map_or_else(|| l.to_owned(), |x| x.id.clone()));
    }
    let levels: Vec<String> = cat
        .procedures
        .iter()
        .filter(|p| p.record.code == code)
        .map(|p| p.record.level.to_string())
        .collect();
    match levels.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Usage::NoProcedure {
            code: code.to_owned(),
            removed: false,
        }
        .into()),
        _ => Err(Usage::SeveralLevels {
            code: code.to_owned(),
            levels,
        }
        .into()),
    }
}

fn recorder(ctx: &Ctx) -> Recorder {
    Recorder::new(ctx.today(), ctx.lang)
}

fn read_file(path: &PathBuf) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|error| {
        Usage::ReadFile {
            file: path.clone(),
            error,
        }
        .into()
    })
}

/// Parse a YAML file the user gave, printing its problems at their lines.
fn parse_file<T: serde::de::DeserializeOwned>(
    path: &PathBuf,
    lang: Lang,
) -> Result<Result<T, ExitCode>, CliError> {
    let text = read_file(path)?;
    Ok(match store::parse_text::<T>(path, &text) {
        Ok(v) => Ok(v),
        Err(diags) => {
            for d in &diags {
                note!(
                    "{}:{}:{}: {}: {}",
                    path.display(),
                    d.line,
                    d.column,
                    lang.pick("lỗi", "error"),
                    sanitize(&d.described(lang))
                );
            }
            Err(ExitCode::from(1))
        }
    })
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let this_year = || ctx.today().year();
    match args.action {
        Action::Plan {
            year,
            from,
            decision,
            date,
            wage,
            due,
            output: TableOutput { format },
        } => {
            let year = year.unwrap_or_else(this_year);
            let root = workspace::root_at(&ctx.start_dir(None))?;
            let changes = from.is_some() || decision.is_some() || wage.is_some() || due.is_some();
            if changes {
                let existing = reviews::load(&root)?.plan(year).map(|p| p.record.clone());
                let mut plan = match &from {
                    Some(path) => match parse_file::<ReviewPlan>(path, ctx.lang)? {
                        Ok(p) => p,
                        Err(code) => return Ok(code),
                    },
                    None => existing.unwrap_or_default(),
                };
                plan.year = year;
                if let Some(number) = decision {
                    let d = plan.decision.get_or_insert_with(PlanDecision::default);
                    d.number = number;
                }
                if let Some(date) = date {
                    plan.decision.get_or_insert_with(PlanDecision::default).date = Some(date);
                }
                if let Some(w) = wage {
                    plan.wage_per_hour = w;
                }
                plan.due = due.or(plan.due);
                let saved = reviews::save_plan(&root, plan, &recorder(ctx))?;
                note!(
                    "{} ({})",
                    saved.message,
                    tthc::present::short_commit(&saved.commit)
                );
            }
            show_progress(ctx, &root, year, format)
        }
        Action::Start {
            procedure: ProcedureArg { code, level },
            year,
            reviewer,
            unit,
        } => {
            let cat = workspace::open(&ctx.start_dir(None))?;
            let level = level_of(&cat, &code, level.as_deref())?;
            let req = StartRequest {
                year: year.unwrap_or_else(this_year),
                level,
                code,
                unit,
                reviewer,
            };
            let saved = reviews::start(&cat.root, req, &recorder(ctx))?;
            note!(
                "{} ({})",
                saved.message,
                tthc::present::short_commit(&saved.commit)
            );
            // The form's path for scripts, sanitized like every other line.
            let mut out = super::output::screen(false);
            writeln!(out, "{}", saved.path.display())?;
            Ok(ExitCode::SUCCESS)
        }
        Action::Show {
            procedure: ProcedureArg { code, level },
            year,
            format,
        } => {
            let cat = workspace::open(&ctx.start_dir(None))?;
            let all = reviews::load(&cat.root)?;
            // The newest year with a form of this procedure, else the newest with any.
            let year = year.unwrap_or_else(|| form_year(&all, &code).unwrap_or_else(this_year));
            let level = level.map(|l| level_of(&cat, &code, Some(&l))).transpose()?;
            let form = all.find(year, level.as_deref(), &code)?;
            let wage = all
                .plan(year)
                .map(|p| p.record.wage_per_hour)
                .unwrap_or_default();
            let mut out = std::io::stdout().lock();
            match format {
                FormFormat::Yaml => {
                    let text = store::canonical_text(&form.path, &form.record)
                        .map_err(workspace::WorkspaceError::from)?;
                    out.write_all(text.as_bytes())?;
                }
                FormFormat::Json => {
                    let value = serde_json::json!({
                        "path": form.path,
                        "form": form.record,
                        "cost": form.record.figures(wage),
                        "missing": form.record.missing(),
                        "proposal": proposal_of(&cat, &form.record),
                    });
                    write_json(&mut out, &value)?;
                }
                FormFormat::Text => {
                    let text = form_text(&cat, &form.record, wage, ctx.lang);
                    out.write_all(sanitize(&text).as_bytes())?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Set {
            procedure: ProcedureArg { code, level },
            year,
            from,
            necessary,
            necessity_note,
            lawful,
            legality_note,
            cases,
            on_time,
            online,
            supplements,
            complaints,
            actual_days,
            proposed_days,
            conclusion,
            reasons,
            parts,
            replaced_by,
            recommend,
            legal_text,
            article,
            actor,
            by,
            complete,
        } => {
            let cat = workspace::open(&ctx.start_dir(None))?;
            let year = year.unwrap_or_else(this_year);
            let all = reviews::load(&cat.root)?;
            let level = level.map(|l| level_of(&cat, &code, Some(&l))).transpose()?;
            let mut form: Review = match &from {
                Some(path) => match parse_file::<Review>(path, ctx.lang)? {
                    Ok(f) => f,
                    Err(code) => return Ok(code),
                },
                None => all.find(year, level.as_deref(), &code)?.record.clone(),
            };
            if from.is_some() && (form.code != code || form.year != year) {
                // The file is the form of another procedure or year: refuse rather than guess.
                return Err(ReviewError::NotFound {
                    year,
                    level: level.unwrap_or_default(),
                    code,
                }
                .into());
            }
            let text = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
            if necessary.is_some() {
                form.necessity.ok = necessary;
            }
            form.necessity.note = text(necessity_note).or(form.necessity.note);
            if lawful.is_some() {
                form.legality.ok = lawful;
            }
            form.legality.note = text(legality_note).or(form.legality.note);
            let d = &mut form.data;
            d.cases_per_year = cases.or(d.cases_per_year);
            d.on_time = on_time.or(d.on_time);
            d.online = online.or(d.online);
            d.supplement_requests = supplements.or(d.supplement_requests);
            d.complaints = complaints.or(d.complaints);
            form.time.actual_days = actual_days.or(form.time.actual_days);
            form.time.proposed_days = proposed_days.or(form.time.proposed_days);
            if let Some(c) = conclusion {
                form.conclusion.kind = Some(c.into());
            }
            form.conclusion.reasons = text(reasons).or(form.conclusion.reasons);
            for p in parts {
                if !form.conclusion.parts.contains(&p) {
                    form.conclusion.parts.push(p);
                }
            }
            form.conclusion.replaced_by = text(replaced_by).or(form.conclusion.replaced_by);
            let r = &mut form.recommendation;
            r.text = text(recommend).or(r.text.take());
            r.legal_text = text(legal_text).or(r.legal_text.take());
            r.article = text(article).or(r.article.take());
            r.actor = text(actor).or(r.actor.take());
            r.by = by.or(r.by);
            let saved = reviews::save(&cat.root, form, Base::Current, complete, &recorder(ctx))?;
            if saved.changed {
                note!(
                    "{} ({})",
                    saved.message,
                    tthc::present::short_commit(&saved.commit)
                );
            } else {
                note!(
                    "{}",
                    ctx.lang.pick("không có gì thay đổi", "nothing changed")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::List {
            year,
            output: TableOutput { format },
        } => {
            let cat = workspace::open(&ctx.start_dir(None))?;
            let year = year.unwrap_or_else(|| newest_year(&cat.root).unwrap_or_else(this_year));
            list(ctx, &cat, year, format)
        }
        Action::Import { file, year, source } => {
            let root = workspace::root_at(&ctx.start_dir(None))?;
            let year = year.unwrap_or_else(this_year);
            let text = read_file(&file)?;
            let rows = reviews::parse_statistics(&text)?;
            let done = reviews::import_statistics(&root, year, &rows, source, &recorder(ctx))?;
            match &done.commit {
                Some(c) => note!(
                    "{} {} ({})",
                    done.updated.len(),
                    ctx.lang.pick("phiếu đã cập nhật số liệu", "forms updated"),
                    tthc::present::short_commit(c)
                ),
                None => note!(
                    "{}",
                    ctx.lang.pick("không có gì thay đổi", "nothing changed")
                ),
            }
            if !done.without_form.is_empty() {
                note!(
                    "{}: {}",
                    ctx.lang.pick(
                        "các mã chưa có phiếu năm này (bỏ qua)",
                        "codes without a form this year (skipped)"
                    ),
                    done.without_form.join(", ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Report { year, format, out } => {
            let cat = workspace::open(&ctx.start_dir(None))?;
            let year = year.unwrap_or_else(|| newest_year(&cat.root).unwrap_or_else(this_year));
            let report = reviews::report(&cat, year)?;
            let bytes = match format {
                FileFormat::Xlsx => tthc::export::review::xlsx(&report),
                FileFormat::Docx => tthc::export::review::docx(&report),
                FileFormat::Csv => Ok(tthc::export::review::csv(&report)),
                FileFormat::Json => Ok(tthc::export::review::json(&report)),
            }
            .map_err(workspace::WorkspaceError::from)?;
            tthc::store::write_atomic(&out, &bytes, tthc::store::Durability::Durable)?;
            note!(
                "{} {} ({} {})",
                ctx.lang.pick("Đã ghi báo cáo", "Wrote the report"),
                out.display(),
                report.rows.len(),
                ctx.lang.pick("thủ tục", "procedures")
            );
            note!(
                "{}",
                tthc::words::review_targets(&report.targets, report.rows.len(), ctx.lang)
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::Propose {
            procedure: ProcedureArg { code, level },
            year,
        } => {
            let cat = workspace::open(&ctx.start_dir(None))?;
            let year = year.unwrap_or_else(|| {
                reviews::load(&cat.root)
                    .ok()
                    .and_then(|all| form_year(&all, &code))
                    .unwrap_or_else(this_year)
            });
            let level = level.map(|l| level_of(&cat, &code, Some(&l))).transpose()?;
            let done = reviews::propose(&cat.root, year, level.as_deref(), &code, &recorder(ctx))?;
            note!(
                "{} ({})",
                done.message,
                tthc::present::short_commit(&done.commit)
            );
            let mut out = super::output::screen(false);
            writeln!(out, "{}", done.id)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The newest year with a plan or forms (what `list` and `report` show unless told).
fn newest_year(root: &std::path::Path) -> Option<i16> {
    reviews::load(root).ok()?.years().first().copied()
}

/// The newest year with a form of `code`, else the newest year with a plan or forms.
fn form_year(all: &reviews::Reviews, code: &str) -> Option<i16> {
    all.forms
        .iter()
        .filter(|f| f.record.code == code)
        .map(|f| f.record.year)
        .max()
        .or_else(|| all.years().first().copied())
}

/// The proposal drafted from `form`, if any (not withdrawn).
fn proposal_of(cat: &Catalog, form: &Review) -> Option<String> {
    cat.proposals
        .iter()
        .find(|p| {
            p.record.review.as_deref() == Some(form.id().as_str())
                && p.record.status != tthc::model::ProposalStatus::Withdrawn
        })
        .map(|p| p.record.id.clone())
}

fn show_progress(
    ctx: &Ctx,
    root: &std::path::Path,
    year: i16,
    format: TableFormat,
) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let cat = workspace::open(root)?;
    let all = reviews::load(root)?;
    let Some(plan) = all.plan(year) else {
        return Err(ReviewError::NoPlan { year }.into());
    };
    let rows = reviews::rows(&plan.record, &cat, &all, ctx.today());
    let people = reviews::by_person(&plan.record, &rows);
    let mut out = std::io::stdout().lock();
    match format {
        TableFormat::Json => {
            let value = serde_json::json!({
                "plan": plan.record,
                "people": people,
                "procedures": rows,
            });
            write_json(&mut out, &value)?;
        }
        TableFormat::Csv => {
            writeln!(
                out,
                "unit,person,due,total,done,in_progress,not_started,overdue"
            )?;
            for p in &people {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{}",
                    csv_safe(&p.unit),
                    csv_safe(&p.person),
                    p.due.map(|d| d.to_string()).unwrap_or_default(),
                    p.total,
                    p.done,
                    p.in_progress,
                    p.not_started,
                    p.overdue
                )?;
            }
        }
        TableFormat::Table => {
            let head = match &plan.record.decision {
                Some(d) => format!(
                    "{} {year} — {}{}",
                    lang.pick("Kế hoạch rà soát năm", "Review plan"),
                    d.number,
                    d.date
                        .map(|x| format!(" ({})", date_display(x, lang)))
                        .unwrap_or_default()
                ),
                None => format!(
                    "{} {year}",
                    lang.pick("Kế hoạch rà soát năm", "Review plan")
                ),
            };
            writeln!(out, "{}", sanitize(&head))?;
            writeln!(
                out,
                "W = {}/{}",
                vnd(plan.record.wage_per_hour),
                lang.pick("giờ", "hour")
            )?;
            let header = [
                lang.pick("Đơn vị", "Unit"),
                lang.pick("Người rà soát", "Reviewer"),
                lang.pick("Hạn", "Due"),
                lang.pick("Số TTHC", "Procedures"),
                lang.pick("Đã xong", "Done"),
                lang.pick("Đang làm", "In progress"),
                lang.pick("Chưa làm", "Not started"),
                lang.pick("Quá hạn", "Overdue"),
            ];
            let unassigned = lang.pick("(chưa phân công)", "(unassigned)");
            let table_rows: Vec<Vec<String>> = people
                .iter()
                .map(|p| {
                    vec![
                        if p.unit.is_empty() {
                            unassigned.to_owned()
                        } else {
                            p.unit.clone()
                        },
                        p.person.clone(),
                        p.due.map(|d| date_display(d, lang)).unwrap_or_default(),
                        p.total.to_string(),
                        p.done.to_string(),
                        p.in_progress.to_string(),
                        p.not_started.to_string(),
                        p.overdue.to_string(),
                    ]
                })
                .collect();
            write!(out, "{}", table(&header, &table_rows, false))?;
            let late: Vec<&reviews::PlanRow> = rows.iter().filter(|r| r.late).collect();
            if !late.is_empty() {
                writeln!(out, "{}:", lang.pick("Quá hạn", "Overdue"))?;
                const SHOWN: usize = 15;
                for r in late.iter().take(SHOWN) {
                    writeln!(
                        out,
                        "  {} ({}) {} — {}",
                        r.code,
                        cat.manifest.level_name(&r.level),
                        sanitize(&r.name),
                        sanitize(r.person.as_deref().unwrap_or(unassigned))
                    )?;
                }
                if late.len() > SHOWN {
                    writeln!(
                        out,
                        "  … {} {}",
                        late.len() - SHOWN,
                        lang.pick(
                            "thủ tục nữa (--format json để xem hết)",
                            "more (--format json for all)"
                        )
                    )?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(ctx: &Ctx, cat: &Catalog, year: i16, format: TableFormat) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let all = reviews::load(&cat.root)?;
    let wage = all
        .plan(year)
        .map(|p| p.record.wage_per_hour)
        .unwrap_or_default();
    let forms: Vec<&Review> = all.of_year(year).map(|f| &f.record).collect();
    let mut out = std::io::stdout().lock();
    match format {
        TableFormat::Json => {
            let items: Vec<serde_json::Value> = forms
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "level": f.level,
                        "code": f.code,
                        "name": f.name,
                        "reviewer": f.reviewer,
                        "completed_on": f.completed_on,
                        "conclusion": f.conclusion.kind,
                        "cost": f.figures(wage),
                        "proposal": proposal_of(cat, f),
                    })
                })
                .collect();
            write_json(&mut out, &items)?;
        }
        TableFormat::Csv => {
            writeln!(
                out,
                "level,code,name,reviewer,completed_on,conclusion,cost_before,cost_after,saving,proposal"
            )?;
            for f in forms {
                let c = f.figures(wage);
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{},{}",
                    csv_safe(&f.level),
                    csv_safe(&f.code),
                    csv_safe(&f.name),
                    csv_safe(f.reviewer.as_deref().unwrap_or("")),
                    f.completed_on.map(|d| d.to_string()).unwrap_or_default(),
                    f.conclusion.kind.map(|k| k.key()).unwrap_or_default(),
                    c.per_year_before,
                    c.per_year_after,
                    c.saving,
                    proposal_of(cat, f).unwrap_or_default()
                )?;
            }
        }
        TableFormat::Table => {
            let header = [
                lang.pick("Mã", "Code"),
                lang.pick("Cấp", "Level"),
                lang.pick("Tên thủ tục", "Procedure"),
                lang.pick("Hoàn thành", "Completed"),
                lang.pick("Kết luận", "Conclusion"),
                lang.pick("Tiết kiệm/năm", "Saving/year"),
                lang.pick("Đề xuất", "Proposal"),
            ];
            let rows: Vec<Vec<String>> = forms
                .iter()
                .map(|f| {
                    let c = f.figures(wage);
                    vec![
                        f.code.clone(),
                        cat.manifest.level_name(&f.level).to_owned(),
                        f.name.clone(),
                        f.completed_on
                            .map(|d| date_display(d, lang))
                            .unwrap_or_else(|| lang.pick("đang làm", "in progress").to_owned()),
                        f.conclusion
                            .kind
                            .map(|k| conclusion_label(k, lang).to_owned())
                            .unwrap_or_default(),
                        if c.saving != 0 {
                            vnd(c.saving)
                        } else {
                            String::new()
                        },
                        proposal_of(cat, f).unwrap_or_default(),
                    ]
                })
                .collect();
            if !rows.is_empty() {
                write!(out, "{}", table(&header, &rows, false))?;
            }
            note!(
                "{} {} {year}",
                rows.len(),
                lang.pick("phiếu rà soát năm", "review forms in")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A form in words, every part of the official form in order.
fn form_text(cat: &Catalog, f: &Review, plan_wage: i64, lang: Lang) -> String {
    let mut s = String::new();
    let yes_no = |b: Option<bool>| match b {
        Some(true) => lang.pick("có", "yes"),
        Some(false) => lang.pick("không", "no"),
        None => lang.pick("chưa đánh giá", "not assessed"),
    };
    let day = |d: Option<Date>| d.map(|d| date_display(d, lang)).unwrap_or_default();
    let _ = std::fmt::Write::write_fmt(
        &mut s,
        format_args!(
            "{} {} — {} {} ({})\n",
            lang.pick("Phiếu rà soát năm", "Review form"),
            f.year,
            f.code,
            f.name,
            cat.manifest.level_name(&f.level)
        ),
    );
    let mut line = |text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    line(format!(
        "{}: {} · {}: {} · {}: {} · {}: {}",
        lang.pick("Đơn vị", "Unit"),
        f.unit.as_deref().unwrap_or("-"),
        lang.pick("Người rà soát", "Reviewer"),
        f.reviewer.as_deref().unwrap_or("-"),
        lang.pick("Bắt đầu", "Started"),
        day(f.started_on),
        lang.pick("Hoàn thành", "Completed"),
        day(f.completed_on)
    ));
    let note = |n: &Option<String>| n.as_deref().map(|n| format!(" — {n}")).unwrap_or_default();
    line(format!(
        "1. {}: {}{}",
        lang.pick("Sự cần thiết", "Necessity"),
        yes_no(f.necessity.ok),
        note(&f.necessity.note)
    ));
    line(format!(
        "2. {}:",
        lang.pick("Tính hợp lý", "Reasonableness")
    ));
    for c in &f.components {
        let mut answers = Vec::new();
        if c.reasonable.is_some() {
            answers.push(format!(
                "{}: {}",
                lang.pick("hợp lý", "reasonable"),
                yes_no(c.reasonable)
            ));
        }
        if c.needed.is_some() {
            answers.push(format!(
                "{}: {}",
                lang.pick("cần thiết", "needed"),
                yes_no(c.needed)
            ));
        }
        if let Some(k) = c.copy {
            answers.push(copy_kind_label(k, lang).to_owned());
        }
        if c.replaceable_by_data.is_some() {
            answers.push(format!(
                "{}: {}",
                lang.pick("thay bằng dữ liệu", "replaceable by data"),
                yes_no(c.replaceable_by_data)
            ));
        }
        if c.online_possible.is_some() {
            answers.push(format!(
                "{}: {}",
                lang.pick("làm trực tuyến được", "online possible"),
                yes_no(c.online_possible)
            ));
        }
        if c.postal_possible.is_some() {
            answers.push(format!(
                "{}: {}",
                lang.pick("qua bưu chính được", "by post possible"),
                yes_no(c.postal_possible)
            ));
        }
        let answers = if answers.is_empty() {
            lang.pick("chưa đánh giá", "not assessed").to_owned()
        } else {
            answers.join(", ")
        };
        line(format!(
            "   [{}] {}: {} — {answers}{}{}",
            c.at,
            component_label(c.component, lang),
            c.subject,
            c.change
                .as_deref()
                .map(|x| format!("; {}: {x}", lang.pick("đề xuất", "change")))
                .unwrap_or_default(),
            c.reason
                .as_deref()
                .map(|x| format!("; {}: {x}", lang.pick("lý do", "reason")))
                .unwrap_or_default(),
        ));
    }
    // Only what is known is said; nothing known is said so.
    let none_yet = lang.pick("chưa có số liệu", "no figures yet");
    let known = |parts: Vec<Option<String>>| {
        let parts: Vec<String> = parts.into_iter().flatten().collect();
        if parts.is_empty() {
            none_yet.to_owned()
        } else {
            parts.join(" · ")
        }
    };
    let days = |label: &str, d: Option<u32>| d.map(|d| format!("{label} {d}"));
    line(format!(
        "   {} ({}): {}",
        lang.pick("Thời hạn giải quyết", "Processing time"),
        lang.pick("ngày làm việc", "working days"),
        known(vec![
            days(lang.pick("luật định", "statutory"), f.time.statutory_days),
            days(lang.pick("thực tế", "actual"), f.time.actual_days),
            days(lang.pick("đề xuất", "proposed"), f.time.proposed_days),
        ])
    ));
    line(format!(
        "3. {}: {}{}",
        lang.pick("Tính hợp pháp", "Legality"),
        yes_no(f.legality.ok),
        note(&f.legality.note)
    ));
    let d = &f.data;
    let share = |v: Option<u64>| {
        d.per_mille(v)
            .map(|pm| format!(" ({})", per_mille(pm, lang)))
            .unwrap_or_default()
    };
    let count = |label: &str, v: Option<u64>| v.map(|n| format!("{label} {n}{}", share(Some(n))));
    let plain = |label: &str, v: Option<u64>| v.map(|n| format!("{label} {n}"));
    line(format!(
        "{}: {}",
        lang.pick("Số liệu", "Data"),
        known(vec![
            d.cases_per_year.map(|n| cases(n, lang)),
            count(lang.pick("đúng hạn", "on time"), d.on_time),
            count(lang.pick("trực tuyến", "online"), d.online),
            plain(
                lang.pick("yêu cầu bổ sung", "supplement requests"),
                d.supplement_requests
            ),
            plain(lang.pick("phản ánh, kiến nghị", "complaints"), d.complaints),
        ])
    ));
    let c = f.figures(plan_wage);
    line(format!(
        "4. {} (W = {}/{}):",
        lang.pick("Chi phí tuân thủ", "Compliance cost"),
        vnd(c.wage_per_hour),
        lang.pick("giờ", "hour")
    ));
    for (label, side) in [
        (lang.pick("trước", "before"), Some(&f.cost.before)),
        (lang.pick("sau", "after"), f.cost.after.as_ref()),
    ] {
        let Some(side) = side else { continue };
        line(format!(
            "   {label}: {} × W + {} {} + {} {} + {} {} = {} / {}",
            hours(side.minutes(), lang),
            vnd(side.paid_services),
            lang.pick("dịch vụ", "services"),
            vnd(side.other_costs),
            lang.pick("chi phí khác", "other costs"),
            vnd(side.fees),
            lang.pick("phí, lệ phí", "fees"),
            vnd(side.per_case(c.wage_per_hour)),
            lang.pick("hồ sơ", "case")
        ));
    }
    line(format!(
        "   {}: {} → {} ({}); {} {}{}",
        lang.pick("Một năm", "A year"),
        vnd(c.per_year_before),
        vnd(c.per_year_after),
        cases(c.cases_per_year, lang),
        lang.pick("tiết kiệm", "saving"),
        vnd(c.saving),
        c.rate_basis_points
            .map(|bp| format!(" ({})", basis_points(bp, lang)))
            .unwrap_or_default()
    ));
    if let Some(v) = cat
        .procedure(&f.level, &f.code)
        .and_then(|p| tthc::export::review::vs_baseline(f, &p.record, &c))
    {
        line(format!("   {}", tthc::words::review_vs_baseline(&v, lang)));
    }
    line(format!(
        "{}: {}{}",
        lang.pick("Kết luận", "Conclusion"),
        f.conclusion
            .kind
            .map(|k| conclusion_label(k, lang))
            .unwrap_or(lang.pick("chưa kết luận", "none yet")),
        note(&f.conclusion.reasons)
    ));
    if !f.conclusion.parts.is_empty() {
        line(format!(
            "   {}:",
            lang.pick("Bộ phận sửa đổi", "Parts to amend"),
        ));
        for part in &f.conclusion.parts {
            // A finding's component and subject, else the field's name; the place, for
            // `review set --part`, after it.
            let what = match f.components.iter().find(|c| c.at == *part) {
                Some(c) => format!("{} “{}”", component_label(c.component, lang), c.subject),
                None => capitalised(&tthc::i18n::field_path_label(part, lang)),
            };
            line(format!("   - {what} [{part}]"));
        }
    }
    if let Some(r) = &f.conclusion.replaced_by {
        line(format!(
            "   {}: {r}",
            lang.pick("Thay thế bằng", "Replaced by")
        ));
    }
    let r = &f.recommendation;
    if r.text.is_some() || r.legal_text.is_some() {
        line(format!(
            "{}: {}",
            lang.pick("Kiến nghị", "Recommendation"),
            r.text.as_deref().unwrap_or("").trim()
        ));
        let text = match (r.article.as_deref(), r.legal_text.as_deref()) {
            (Some(a), Some(t)) => Some(format!("{a} {t}")),
            (a, t) => a.or(t).map(str::to_owned),
        };
        if let Some(t) = text {
            line(format!(
                "   {}: {t}",
                lang.pick("Văn bản cần sửa", "Legal text to change")
            ));
        }
        let who = [
            r.actor
                .as_deref()
                .map(|a| format!("{}: {a}", lang.pick("Cơ quan thực hiện", "Who acts"))),
            r.by.map(|b| format!("{}: {}", lang.pick("Thời hạn", "By"), date_display(b, lang))),
        ];
        let who: Vec<String> = who.into_iter().flatten().collect();
        if !who.is_empty() {
            line(format!("   {}", who.join(" · ")));
        }
    }
    if let Some(id) = proposal_of(cat, f) {
        line(format!(
            "{}: {id}",
            lang.pick("Đề xuất đã soạn", "Proposal drafted")
        ));
    }
    let missing = f.missing();
    if !f.is_completed() && !missing.is_empty() {
        line(format!("{}:", lang.pick("Còn thiếu", "Still missing")));
        for m in missing {
            line(format!("   - {}", missing_label(m, lang)));
        }
    }
    s
}

/// `1 hồ sơ/năm`, `420 cases a year`, `1 case a year`.
fn cases(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{n} hồ sơ/năm"),
        Lang::En if n == 1 => "1 case a year".into(),
        Lang::En => format!("{n} cases a year"),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// What each `review` command does, in Vietnamese.
pub(super) const ABOUT_VI: &[(&str, &str)] = &[
    (
        "review",
        "Rà soát, đánh giá TTHC: kế hoạch năm, phiếu rà soát từng thủ tục, số liệu, báo cáo kết quả, đề xuất",
    ),
    (
        "review plan",
        "Ghi nhận kế hoạch rà soát của năm (từ TỆP.yaml và/hoặc các tùy chọn; một lần ghi) và xem tiến độ: theo đơn vị và người, việc đến hạn, quá hạn, đã xong",
    ),
    (
        "review start",
        "Lập phiếu rà soát một thủ tục từ thủ tục như hiện hành: mỗi bộ phận một dòng đánh giá, thời hạn luật định và phí; một lần ghi",
    ),
    (
        "review show",
        "Xem phiếu rà soát: từng đánh giá, số liệu, chi phí tuân thủ trước và sau, kết luận, và những gì còn thiếu",
    ),
    (
        "review set",
        "Điền phiếu rà soát (từ TỆP.yaml và/hoặc các tùy chọn) và lưu; --complete để hoàn thành phiếu, khi đó ghi ngày rà soát vào thủ tục; một lần ghi",
    ),
    (
        "review list",
        "Liệt kê các phiếu rà soát của năm với kết luận và chi phí tuân thủ",
    ),
    (
        "review import",
        "Nhập số hồ sơ của năm từ thống kê của phần mềm một cửa (CSV: mã, số hồ sơ, đúng hạn, trực tuyến) vào các phiếu; một lần ghi",
    ),
    (
        "review report",
        "Ghi báo cáo kết quả rà soát của năm: phụ lục từng thủ tục, tổng hợp theo cấp và lĩnh vực, tiến độ mục tiêu cắt giảm 30 % / 50 %",
    ),
    (
        "review propose",
        "Soạn đề xuất (bãi bỏ, sửa đổi, thay thế) theo kết luận của phiếu, kèm lý do, phương án và chi phí tuân thủ, liên kết với phiếu; một lần ghi",
    ),
];

/// The Vietnamese help of each `review` argument.
pub(super) const ARGS_VI: &[(&str, &str, &str)] = &[
    ("review *", "year", "Năm (mặc định: năm nay)"),
    ("review *", "code", "Mã thủ tục, ví dụ 1.001193"),
    (
        "review *",
        "level",
        "Cấp, khi mã có ở nhiều cấp (mã hoặc tên cấp)",
    ),
    ("review *", "format", "Định dạng đầu ra"),
    (
        "review plan",
        "from",
        "Kế hoạch dạng YAML: decision, wage_per_hour, due, scope, assignments (unit, person, scope, due)",
    ),
    (
        "review plan",
        "decision",
        "Số văn bản ban hành kế hoạch, ví dụ 245/KH-UBND",
    ),
    ("review plan", "date", "Ngày ký (dd/mm/yyyy)"),
    (
        "review plan",
        "wage",
        "W: thu nhập bình quân một giờ (đồng) dùng để tính chi phí tuân thủ",
    ),
    (
        "review plan",
        "due",
        "Hạn hoàn thành các phiếu (mỗi phân công có thể có hạn riêng)",
    ),
    (
        "review start",
        "reviewer",
        "Người rà soát (mặc định: theo kế hoạch)",
    ),
    (
        "review start",
        "unit",
        "Đơn vị rà soát (mặc định: theo kế hoạch)",
    ),
    (
        "review set",
        "from",
        "Toàn bộ phiếu dạng YAML (như review show --format yaml in ra)",
    ),
    (
        "review set",
        "necessary",
        "Thủ tục có cần thiết không? yes hoặc no",
    ),
    (
        "review set",
        "necessity_note",
        "Lý do cần (hoặc không cần) thiết",
    ),
    (
        "review set",
        "lawful",
        "Có hợp pháp không (đúng thẩm quyền, đúng hình thức)? yes hoặc no",
    ),
    ("review set", "legality_note", "Ghi chú về tính hợp pháp"),
    ("review set", "cases", "Số hồ sơ một năm"),
    ("review set", "on_time", "Trong đó giải quyết đúng hạn"),
    ("review set", "online", "Trong đó nộp trực tuyến"),
    ("review set", "supplements", "Số lần yêu cầu bổ sung hồ sơ"),
    ("review set", "complaints", "Số phản ánh, kiến nghị"),
    (
        "review set",
        "actual_days",
        "Thời gian giải quyết thực tế (ngày làm việc)",
    ),
    (
        "review set",
        "proposed_days",
        "Thời hạn đề xuất (ngày làm việc)",
    ),
    (
        "review set",
        "conclusion",
        "keep (giữ nguyên), abolish (bãi bỏ), amend (sửa đổi), replace (thay thế)",
    ),
    (
        "review set",
        "reasons",
        "Lý do (bắt buộc với mọi kết luận, kể cả giữ nguyên)",
    ),
    (
        "review set",
        "parts",
        "Một bộ phận cần sửa (vị trí của đánh giá, ví dụ dossier[0].documents[2]); ghi nhiều lần cho nhiều bộ phận",
    ),
    ("review set", "replaced_by", "Mã thủ tục thay thế"),
    ("review set", "recommend", "Kiến nghị: cần làm gì"),
    (
        "review set",
        "legal_text",
        "Văn bản cần sửa, ví dụ \"Nghị định 123/2015/NĐ-CP\"",
    ),
    ("review set", "article", "Điều, khoản, điểm cần sửa"),
    ("review set", "actor", "Cơ quan thực hiện"),
    ("review set", "by", "Thời hạn (dd/mm/yyyy)"),
    (
        "review set",
        "complete",
        "Hoàn thành phiếu (không được thiếu gì); ghi ngày rà soát vào thủ tục",
    ),
    ("review import", "file", "Tệp CSV"),
    (
        "review import",
        "source",
        "Nguồn số liệu, ví dụ \"Phần mềm một cửa điện tử, năm 2021\"",
    ),
    ("review report", "out", "Tệp sẽ ghi"),
];
