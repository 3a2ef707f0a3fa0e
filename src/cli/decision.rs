//! `tthc decision`: record a province's publication decision (Quyết định công bố), list them,
//! show one with its effects table, apply one to the catalogue in one commit.

use super::args::{ReportFormat, TableFormat, TableOutput, TextFormat, TextOutput};
use super::output::{csv_safe, note, paint, saved, table, write_json};
use super::{CliError, Ctx};
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tthc::diagnostic::Diagnostic;
use tthc::diff::{self, Segment};
use tthc::i18n::Lang;
use tthc::model::{Date, Decision, Manifest, Procedure};
use tthc::present::{date_display, sanitize, sections};
use tthc::store;
use tthc::words::{Describe, Message};
use tthc::workspace::decisions::{
    self, ApplyOptions, ApplyOutcome, Blocker, DecisionDetail, DecisionError, RowPlan, RowState,
    effect_kind_label,
};
use tthc::workspace::proposals::Recorder;
use tthc::workspace::{self};

/// Words of unchanged context kept on each side of a change.
const CONTEXT_WORDS: usize = 6;

/// The province's publication decisions: record one, list them, show one, apply one, report a
/// period
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Record a decision and its effects (one row per procedure: new, amended, replaced,
    /// abolished, transferred) from FILE.yaml; one commit
    Add {
        /// The decision's number, kept verbatim, e.g. 1203/QĐ-UBND
        #[arg(long, value_name = "NO")]
        number: Option<String>,
        /// The day it was signed (YYYY-MM-DD or dd/mm/yyyy)
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        date: Option<Date>,
        /// Who signed it
        #[arg(long)]
        signer: Option<String>,
        /// Which People's Committee issued it, e.g. "UBND tỉnh Ninh Bình"
        #[arg(long)]
        issuer: Option<String>,
        /// The day it takes effect (rows may carry their own)
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        effective: Option<Date>,
        /// Its summary (trích yếu)
        #[arg(long)]
        title: Option<String>,
        /// A level it covers (id or name); repeat for several
        #[arg(long = "level", value_name = "LEVEL")]
        levels: Vec<String>,
        /// A field (lĩnh vực) it covers (id or name); repeat for several
        #[arg(long = "field", value_name = "FIELD")]
        fields: Vec<String>,
        /// The effects (and any of the above) as YAML: `effects:` one row per procedure
        #[arg(long, value_name = "FILE.yaml")]
        from: PathBuf,
    },
    /// List the decisions recorded, newest first, with how many rows are applied
    List {
        #[command(flatten)]
        output: TableOutput,
    },
    /// Show a decision: its effects table with, for each row, whether it is applied here, and
    /// what applying it would change
    Show {
        /// Decision id, e.g. 2026-001
        id: String,
        #[command(flatten)]
        output: TextOutput,
    },
    /// The decisions of a period and what each changed: their rows counted by kind × level
    /// (and how many are applied here), then each decision with its rows
    Report {
        /// First day of the period (dd/mm/yyyy or YYYY-MM-DD); default: the first decision
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        from: Option<Date>,
        /// Last day of the period, inclusive (dd/mm/yyyy or YYYY-MM-DD); default: the last
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        to: Option<Date>,
        /// table: counts and the decisions with their rows; csv: the counts (one row per kind
        /// and level); json: both
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Apply a decision to the catalogue in one commit: every row that can apply; the others are
    /// listed with the reason, to settle and apply later
    Apply {
        /// Decision id, e.g. 2026-001
        id: String,
        /// Show what would change, change nothing
        #[arg(long)]
        dry_run: bool,
        /// The day of applying (default: today)
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        date: Option<Date>,
        /// Override the four-eyes rule for proposals you drafted that the decision answers;
        /// needs --reason and stays flagged
        #[arg(long, requires = "reason")]
        force: bool,
        /// Why the override is needed
        #[arg(long, requires = "force")]
        reason: Option<String>,
        #[command(flatten)]
        output: TextOutput,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    match args.action {
        Action::Add {
            number,
            date,
            signer,
            issuer,
            effective,
            title,
            levels,
            fields,
            from,
        } => {
            let given = Given {
                number,
                date,
                signer,
                issuer,
                effective,
                title,
                levels,
                fields,
            };
            add(ctx, given, &from)
        }
        Action::List {
            output: TableOutput { format },
        } => list(ctx, format),
        Action::Report { from, to, format } => report(ctx, from, to, format),
        Action::Show {
            id,
            output: TextOutput { format },
        } => show(ctx, &id, format),
        Action::Apply {
            id,
            dry_run,
            date,
            force: _,
            reason,
            output: TextOutput { format },
        } => apply(
            ctx,
            &id,
            &ApplyOptions {
                dry_run,
                date,
                force: reason,
            },
            format,
        ),
    }
}

/// What the command line says about the decision (it wins over the file).
struct Given {
    number: Option<String>,
    date: Option<Date>,
    signer: Option<String>,
    issuer: Option<String>,
    effective: Option<Date>,
    title: Option<String>,
    levels: Vec<String>,
    fields: Vec<String>,
}

fn add(ctx: &Ctx, given: Given, from: &Path) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let cat = workspace::open(&ctx.start_dir(None))?;
    let text = std::fs::read_to_string(from).map_err(|error| super::Usage::ReadFile {
        file: from.to_owned(),
        error,
    })?;
    let mut d: Decision = match store::parse_text::<Decision>(from, &text) {
        Ok(d) => d,
        Err(diags) => {
            for d in &diags {
                note!(
                    "{}:{}:{}: {}: {}",
                    from.display(),
                    d.line,
                    d.column,
                    lang.pick("lỗi", "error"),
                    sanitize(&d.described(lang))
                );
            }
            return Ok(ExitCode::from(1));
        }
    };
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some(n) = nonempty(given.number) {
        d.number = n;
    }
    d.date = given.date.or(d.date);
    d.signer = nonempty(given.signer).or(d.signer);
    d.issuer = nonempty(given.issuer).or(d.issuer);
    d.effective = given.effective.or(d.effective);
    d.title = nonempty(given.title).or(d.title);
    for l in &given.levels {
        let id = level_id(&cat.manifest, l);
        if !d.scope.levels.contains(&id) {
            d.scope.levels.push(id);
        }
    }
    for f in &given.fields {
        let id = field_id(&cat.manifest, f);
        if !d.scope.fields.contains(&id) {
            d.scope.fields.push(id);
        }
    }
    if d.number.trim().is_empty() {
        return Err(super::Usage::DecisionNumberMissing.into());
    }
    if d.date.is_none() {
        return Err(super::Usage::DecisionDateMissing.into());
    }
    // Warnings (rows for levels this catalogue does not hold) are said before recording.
    let d = decisions::normalise(d);
    let warnings: Vec<Diagnostic> = decisions::check(&cat, &d)
        .into_iter()
        .filter(|x| !x.is_error())
        .collect();
    report_in_file(from, &text, &warnings, ctx);
    let rec = Recorder::new(ctx.today(), lang);
    match decisions::add(&cat.root, d, &rec) {
        Ok(done) => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", saved(&done.commit, &done.message, lang))?;
            writeln!(
                out,
                "{}: tthc decision show {id}  ·  {}: tthc decision apply {id}",
                lang.pick("Xem", "See"),
                lang.pick("Áp dụng", "Apply"),
                id = done.id
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(DecisionError::Invalid(diags)) => {
            report_in_file(from, &text, &diags, ctx);
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

fn level_id(m: &Manifest, given: &str) -> String {
    let folded = tthc::search::fold(given);
    m.levels
        .iter()
        .find(|l| l.id == given || tthc::search::fold(&l.name) == folded)
        .map_or_else(|| given.to_owned(), |l| l.id.clone())
}

fn field_id(m: &Manifest, given: &str) -> String {
    let folded = tthc::search::fold(given);
    m.fields
        .iter()
        .find(|f| f.id == given || tthc::search::fold(&f.name) == folded)
        .map_or_else(|| given.to_owned(), |f| f.id.clone())
}

/// Problems of the decision, pointed at the lines of the file the user wrote.
fn report_in_file(file: &Path, text: &str, diags: &[Diagnostic], ctx: &Ctx) {
    let lang = ctx.lang;
    let mut located: Vec<(usize, usize, &Diagnostic)> = diags
        .iter()
        .map(|d| {
            let (line, col) = store::locate::locate(text, &d.pointer);
            (line, col, d)
        })
        .collect();
    located.sort_by_key(|(line, col, _)| (*line, *col));
    for (line, col, d) in located {
        let severity = if d.is_error() {
            lang.pick("lỗi", "error")
        } else {
            lang.pick("cảnh báo", "warning")
        };
        note!(
            "{}:{line}:{col}: {severity}: {}",
            file.display(),
            sanitize(&d.described(lang))
        );
        if let Some(hint) = d.hint(lang) {
            note!("  {}: {}", lang.pick("gợi ý", "hint"), sanitize(&hint));
        }
    }
}

fn list(ctx: &Ctx, format: TableFormat) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let cat = workspace::open(&ctx.start_dir(None))?;
    super::show::warn_unparsed(&cat, lang);
    let rows = decisions::summaries(&cat);
    let mut out = std::io::stdout().lock();
    let header = [
        lang.pick("Mã", "Id"),
        lang.pick("Số quyết định", "Number"),
        lang.pick("Ngày", "Date"),
        lang.pick("Hiệu lực", "Effective"),
        lang.pick("Cơ quan ban hành", "Issuer"),
        lang.pick("Đã áp dụng", "Applied"),
        lang.pick("Trích yếu", "Title"),
    ];
    let cells = |s: &decisions::DecisionSummary| -> Vec<String> {
        vec![
            s.id.clone(),
            s.number.clone(),
            s.date.map(|d| date_display(d, lang)).unwrap_or_default(),
            s.effective
                .map(|d| date_display(d, lang))
                .unwrap_or_default(),
            s.issuer.clone().unwrap_or_default(),
            if s.elsewhere > 0 {
                format!(
                    "{}/{} (+{} {})",
                    s.applied,
                    s.rows - s.elsewhere,
                    s.elsewhere,
                    lang.pick("dòng cấp khác", "for other levels")
                )
            } else {
                format!("{}/{}", s.applied, s.rows)
            },
            s.title.clone().unwrap_or_default(),
        ]
    };
    match format {
        TableFormat::Json => write_json(&mut out, &rows)?,
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(header).map_err(super::proposal::csv_err)?;
            for s in &rows {
                w.write_record(cells(s).iter().map(|c| csv_safe(c)))
                    .map_err(super::proposal::csv_err)?;
            }
            w.flush()?;
        }
        TableFormat::Table if rows.is_empty() => {
            note!(
                "{}",
                lang.pick(
                    "Chưa ghi nhận quyết định nào (tthc decision add --number … --date … --from TỆP.yaml)",
                    "No decision recorded yet (tthc decision add --number … --date … --from FILE.yaml)"
                )
            );
        }
        TableFormat::Table => {
            let body: Vec<Vec<String>> = rows.iter().map(cells).collect();
            out.write_all(table(&header, &body, ctx.color).as_bytes())?;
            note!("{} {}", rows.len(), lang.pick("quyết định", "decisions"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn report(
    ctx: &Ctx,
    from: Option<Date>,
    to: Option<Date>,
    format: ReportFormat,
) -> Result<ExitCode, CliError> {
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(super::Usage::PeriodReversed.into());
    }
    let lang = ctx.lang;
    let cat = workspace::open(&ctx.start_dir(None))?;
    super::show::warn_unparsed(&cat, lang);
    let r = tthc::report::decisions(&cat, from, to);
    let m = &cat.manifest;
    let mut out = std::io::stdout().lock();
    let count_header = [
        lang.pick("Loại", "Kind"),
        lang.pick("Cấp", "Level"),
        lang.pick("Số dòng", "Rows"),
        lang.pick("Đã áp dụng", "Applied"),
        lang.pick("Chưa áp dụng", "Not applied"),
    ];
    let count_rows: Vec<Vec<String>> = r
        .counts
        .iter()
        .map(|c| {
            vec![
                effect_kind_label(c.kind, lang).to_owned(),
                m.level_name(&c.level).to_owned(),
                c.total.to_string(),
                c.applied.to_string(),
                (c.total - c.applied).to_string(),
            ]
        })
        .collect();
    match format {
        ReportFormat::Json => write_json(&mut out, &r)?,
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(count_header)
                .map_err(super::proposal::csv_err)?;
            for row in &count_rows {
                w.write_record(row.iter().map(|c| csv_safe(c)))
                    .map_err(super::proposal::csv_err)?;
            }
            w.flush()?;
        }
        ReportFormat::Table => {
            let day = |d: Option<Date>| d.map(|d| date_display(d, lang));
            let period = match (day(r.from), day(r.to)) {
                (Some(f), Some(t)) => format!(" {f} – {t}"),
                (Some(f), None) => format!(" {} {f}", lang.pick("từ", "from")),
                (None, Some(t)) => format!(" {} {t}", lang.pick("đến", "until")),
                (None, None) => String::new(),
            };
            let title = format!(
                "{}{period}: {} {}, {} {} ({} {})",
                lang.pick("Quyết định công bố của tỉnh", "The province's decisions"),
                r.total,
                lang.pick("quyết định", "decisions"),
                r.rows,
                lang.pick("dòng", "rows"),
                r.applied,
                lang.pick("đã áp dụng ở đây", "applied here"),
            );
            writeln!(out, "{}", paint(&title, "1", ctx.color))?;
            if r.decisions.is_empty() {
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "Không có quyết định nào trong khoảng thời gian này.",
                        "No decision in this period."
                    )
                )?;
                return Ok(ExitCode::SUCCESS);
            }
            writeln!(out)?;
            out.write_all(table(&count_header, &count_rows, ctx.color).as_bytes())?;
            let row_header = effects_header(lang);
            for d in &r.decisions {
                writeln!(out)?;
                let mut head = format!("{}  {}", d.id, d.number);
                if let Some(date) = day(d.date) {
                    head.push_str(&format!("  {date}"));
                }
                if let Some(issuer) = &d.issuer {
                    head.push_str(&format!("  {issuer}"));
                }
                writeln!(out, "{}", paint(&sanitize(&head), "1", ctx.color))?;
                if let Some(title) = &d.title {
                    writeln!(out, "  {}", sanitize(title))?;
                }
                writeln!(
                    out,
                    "  {} {}, {} {}",
                    d.rows,
                    lang.pick("dòng", "rows"),
                    d.applied,
                    lang.pick("đã áp dụng ở đây", "applied here")
                )?;
                let rows: Vec<Vec<String>> = d
                    .effects
                    .iter()
                    .map(|e| {
                        let level = if e.level_after != e.level || e.code_after != e.code {
                            format!(
                                "{} → {}",
                                m.level_name(&e.level),
                                m.level_name(&e.level_after)
                            )
                        } else {
                            m.level_name(&e.level).to_owned()
                        };
                        let code = if e.code_after != e.code {
                            format!("{} → {}", e.code, e.code_after)
                        } else {
                            e.code.clone()
                        };
                        let state = match (e.is_applied, e.applied) {
                            (true, Some(on)) => format!(
                                "{} {}",
                                lang.pick("đã áp dụng", "applied"),
                                date_display(on, lang)
                            ),
                            (true, None) => lang.pick("đã áp dụng", "applied").to_owned(),
                            (false, _) => lang.pick("chưa áp dụng", "not applied").to_owned(),
                        };
                        vec![
                            e.row.to_string(),
                            effect_kind_label(e.kind, lang).to_owned(),
                            level,
                            code,
                            e.name.clone(),
                            e.legal_text.clone().unwrap_or_default(),
                            day(e.effective).unwrap_or_default(),
                            state,
                        ]
                    })
                    .collect();
                for line in table(&row_header, &rows, ctx.color).lines() {
                    writeln!(out, "  {line}")?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "Name <email>" of the person who would apply (for the four-eyes check of the proposals a
/// decision answers); empty when git has no identity here.
fn who(root: &Path) -> String {
    tthc::history::Repo::discover(root)
        .ok()
        .flatten()
        .and_then(|r| r.identity().ok())
        .unwrap_or_default()
}

fn show(ctx: &Ctx, id: &str, format: TextFormat) -> Result<ExitCode, CliError> {
    let cat = workspace::open(&ctx.start_dir(None))?;
    let d = decisions::detail(&cat, id, &who(&cat.root), ctx.today(), ctx.lang)?;
    if format == TextFormat::Json {
        write_json(&mut std::io::stdout().lock(), &d)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = super::output::screen(ctx.color);
    out.write_all(render_detail(&d, &cat.manifest, ctx.lang, ctx.color).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn apply(
    ctx: &Ctx,
    id: &str,
    opts: &ApplyOptions,
    format: TextFormat,
) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let root = workspace::root_at(&ctx.start_dir(None))?;
    let done = decisions::apply(&root, id, opts, &Recorder::new(ctx.today(), lang))?;
    let cat = workspace::open(&root)?;
    let code = if done.commit.is_none() && !opts.dry_run && !done.nothing_left() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if format == TextFormat::Json {
        write_json(&mut std::io::stdout().lock(), &done)?;
        return Ok(code);
    }
    let mut out = super::output::screen(ctx.color);
    out.write_all(render_outcome(&done, &cat.manifest, lang, ctx.color).as_bytes())?;
    Ok(code)
}

fn heading(text: &str, color: bool) -> String {
    paint(&text.to_uppercase(), "1;36", color)
}

/// The state of a row in a few words.
fn state_text(r: &RowPlan, m: &Manifest, lang: Lang) -> String {
    match &r.state {
        RowState::Applied {
            date,
            by,
            proposals,
        } => {
            let mut s = format!(
                "{}{} — {by}",
                lang.pick("đã áp dụng", "applied"),
                date.map(|d| format!(" {}", date_display(d, lang)))
                    .unwrap_or_default()
            );
            if !proposals.is_empty() {
                s.push_str(&format!(
                    "; {} {}",
                    lang.pick("đề xuất", "proposals"),
                    proposals.join(", ")
                ));
            }
            s
        }
        RowState::Ready => lang.pick("chưa áp dụng", "not applied yet").to_owned(),
        RowState::Elsewhere { level } => match lang {
            Lang::Vi => format!("không thuộc danh mục này (cấp `{level}`)"),
            Lang::En => format!("not for this catalogue (level `{level}`)"),
        },
        RowState::Blocked { reason } => format!(
            "{}: {}",
            lang.pick("không áp dụng được", "cannot apply"),
            tthc::words::blocker(reason, m, lang)
        ),
    }
}

/// The columns of a decision's rows, in the effects table and in the report alike.
fn effects_header(lang: Lang) -> [&'static str; 8] {
    [
        "#",
        lang.pick("Loại", "Kind"),
        lang.pick("Cấp", "Level"),
        lang.pick("Mã TTHC", "Code"),
        lang.pick("Tên thủ tục", "Procedure"),
        lang.pick("Văn bản quy định", "Legal text"),
        lang.pick("Hiệu lực", "Effective"),
        lang.pick("Tình trạng", "State"),
    ]
}

/// The effects table: one line per row.
fn effects_table(rows: &[RowPlan], m: &Manifest, lang: Lang, color: bool) -> String {
    let header = effects_header(lang);
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let (level, code) = tthc::words::row_place(r, m, " → ");
            vec![
                r.row.to_string(),
                effect_kind_label(r.kind, lang).to_owned(),
                level,
                code,
                r.name.clone(),
                r.legal_text.clone().unwrap_or_default(),
                r.effective
                    .map(|d| date_display(d, lang))
                    .unwrap_or_default(),
                state_text(r, m, lang),
            ]
        })
        .collect();
    table(&header, &body, color)
}

fn render_detail(d: &DecisionDetail, m: &Manifest, lang: Lang, color: bool) -> String {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let dec = &d.decision;
    let mut o = String::new();
    let mut title = format!("{} {}", l("Quyết định", "Decision"), dec.number);
    if let Some(date) = dec.date {
        title.push_str(&format!(
            " {} {}",
            l("ngày", "of"),
            date_display(date, lang)
        ));
    }
    if let Some(t) = &dec.title {
        title.push_str(&format!(" — {t}"));
    }
    o.push_str(&paint(&sanitize(&title), "1", color));
    o.push('\n');
    let mut line = |label: &str, value: String| {
        if !value.is_empty() {
            o.push_str(&format!("  {label}: {}\n", sanitize(&value)));
        }
    };
    line(l("Mã ghi nhận", "Recorded as"), dec.id.clone());
    line(
        l("Cơ quan ban hành", "Issuer"),
        dec.issuer.clone().unwrap_or_default(),
    );
    line(
        l("Người ký", "Signer"),
        dec.signer.clone().unwrap_or_default(),
    );
    line(
        l("Hiệu lực", "Effective"),
        dec.effective
            .map(|x| date_display(x, lang))
            .unwrap_or_default(),
    );
    let scope: Vec<String> = dec
        .scope
        .levels
        .iter()
        .map(|x| m.level_name(x).to_owned())
        .chain(dec.scope.fields.iter().map(|x| m.field_name(x).to_owned()))
        .collect();
    line(l("Phạm vi", "Covers"), scope.join(" · "));
    let applied = d.count(|s| matches!(s, RowState::Applied { .. }));
    let elsewhere = d.count(|s| matches!(s, RowState::Elsewhere { .. }));
    let mut count = format!(
        "{applied}/{} {}",
        d.rows.len() - elsewhere,
        l("dòng", "rows")
    );
    if elsewhere > 0 {
        count.push_str(&match lang {
            Lang::Vi => format!(" (và {elsewhere} dòng cho cấp không có trong danh mục này)"),
            Lang::En => format!(" (and {elsewhere} for levels not in this catalogue)"),
        });
    }
    line(l("Đã áp dụng", "Applied"), count);
    o.push('\n');
    o.push_str(&heading(l("Các dòng của quyết định", "Effects"), color));
    o.push('\n');
    o.push_str(&effects_table(&d.rows, m, lang, false));
    let pending: Vec<&RowPlan> = d
        .rows
        .iter()
        .filter(|r| matches!(r.state, RowState::Ready | RowState::Blocked { .. }))
        .collect();
    if !pending.is_empty() {
        o.push('\n');
        o.push_str(&rows_detail(&pending, m, lang, color, true));
        let ready = pending
            .iter()
            .filter(|r| matches!(r.state, RowState::Ready))
            .count();
        if ready > 0 {
            o.push_str(&format!(
                "\n{}: tthc decision apply {} ({} --dry-run)\n",
                l("Áp dụng", "To apply"),
                dec.id,
                l("thử trước bằng", "try first with")
            ));
        }
    }
    o
}

/// For each row not applied: what applying it changes (a redline per record written), the
/// local edits it keeps and the proposals it moves; or why it cannot apply (with the three-way
/// comparison of a conflict).
fn rows_detail(rows: &[&RowPlan], m: &Manifest, lang: Lang, color: bool, future: bool) -> String {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut o = String::new();
    for r in rows {
        let what = format!(
            "{} {} — {} {} ({})",
            l("Dòng", "Row"),
            r.row,
            effect_kind_label(r.kind, lang),
            r.code,
            m.level_name(&r.level)
        );
        match &r.state {
            RowState::Applied { .. } | RowState::Elsewhere { .. } => continue,
            RowState::Blocked { reason } => {
                o.push_str(&format!(
                    "{}: {}\n",
                    paint(&sanitize(&what), "1;31", color),
                    sanitize(&tthc::words::blocker(reason, m, lang))
                ));
                if let Blocker::Conflict { fields, .. } = reason {
                    o.push_str(&super::output::three_way_text(
                        fields,
                        super::output::ThirdSide::Decision,
                        lang,
                        color,
                    ));
                    o.push_str(&format!(
                        "  {}\n",
                        l(
                            "Sửa thủ tục (tthc edit) cho các trường xung đột mang giá trị khi ghi nhận hoặc giá trị của quyết định, rồi áp dụng lại.",
                            "Edit the procedure (tthc edit) so the conflicting fields hold the recorded or the decided value, then apply again."
                        )
                    ));
                }
            }
            RowState::Ready => {
                o.push_str(&format!(
                    "{}: {}\n",
                    paint(&sanitize(&what), "1", color),
                    if future {
                        l("áp dụng sẽ thay đổi", "applying changes")
                    } else {
                        l("đã thay đổi", "changed")
                    }
                ));
                for w in &r.writes {
                    o.push_str(&format!("  {}\n", tthc::present::sanitize_path(&w.path)));
                    match &w.before {
                        None => o.push_str(&whole(&w.after, m, lang, color)),
                        Some(_) => {
                            for c in &w.changes {
                                let mut c = c.clone();
                                c.redline = diff::fold_context(&c.redline, CONTEXT_WORDS);
                                o.push_str(&format!(
                                    "    {}\n",
                                    super::diff::describe(&c, lang, color)
                                ));
                            }
                        }
                    }
                }
                if let Some(kept) = tthc::words::kept_edits(&r.kept, lang) {
                    o.push_str(&format!("  {kept}\n"));
                }
                for p in &r.proposals {
                    let line = format!("  {}", tthc::words::proposal_move(p, m, lang));
                    o.push_str(&sanitize(&line));
                    o.push('\n');
                }
            }
        }
    }
    o
}

/// Every section of a record being created, every line inserted.
fn whole(p: &Procedure, m: &Manifest, lang: Lang, color: bool) -> String {
    let mut o = String::new();
    for s in sections(p, m, lang) {
        o.push_str(&format!("    {}\n", paint(&s.title, "1", color)));
        for line in s.lines {
            o.push_str(&format!(
                "      {}\n",
                super::diff::render(&[Segment::Insert(line)], color)
            ));
        }
    }
    o
}

fn render_outcome(o: &ApplyOutcome, m: &Manifest, lang: Lang, color: bool) -> String {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut s = String::new();
    if o.nothing_left() {
        let applied = o
            .rows
            .iter()
            .any(|r| matches!(r.state, RowState::Applied { .. }));
        s.push_str(&match (lang, applied) {
            (Lang::Vi, true) => format!(
                "Quyết định {} ({}) đã được áp dụng từ trước; không có gì thay đổi.\n",
                o.number, o.id
            ),
            (Lang::En, true) => format!(
                "Decision {} ({}) was already applied; nothing changed.\n",
                o.number, o.id
            ),
            (Lang::Vi, false) => format!(
                "Không dòng nào của quyết định {} ({}) thuộc danh mục này; không có gì thay đổi.\n",
                o.number, o.id
            ),
            (Lang::En, false) => format!(
                "No row of decision {} ({}) is for this catalogue; nothing changed.\n",
                o.number, o.id
            ),
        });
        return sanitize(&s).into_owned();
    }
    let ready: Vec<&RowPlan> = o.ready().collect();
    let blocked: Vec<&RowPlan> = o.blocked().collect();
    match (&o.commit, o.dry_run) {
        (_, true) => {
            s.push_str(l(
                "Chạy thử: không thay đổi gì.",
                "Dry run: nothing was changed.",
            ));
            s.push('\n');
        }
        (Some(commit), false) => {
            let message = o.message.as_deref().and_then(|m| m.lines().next());
            s.push_str(&saved(commit, message.unwrap_or(""), lang));
            s.push('\n');
        }
        (None, false) => {
            s.push_str(l(
                "Không dòng nào áp dụng được; chưa thay đổi gì.",
                "No row can be applied; nothing was changed.",
            ));
            s.push('\n');
        }
    }
    if !ready.is_empty() {
        s.push('\n');
        s.push_str(&rows_detail(&ready, m, lang, color, o.dry_run));
    }
    if !blocked.is_empty() {
        s.push('\n');
        s.push_str(&heading(
            l(
                "Chưa áp dụng được (giải quyết rồi chạy lại lệnh)",
                "Not applied (settle these, then run again)",
            ),
            color,
        ));
        s.push('\n');
        s.push_str(&rows_detail(&blocked, m, lang, color, true));
    }
    s
}
