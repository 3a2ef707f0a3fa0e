//! `tthc list`: the procedures of the catalogue, filtered and sorted.

use super::args::{AtArg, TableFormat, TableOutput};
use super::output::{csv_safe, note, table};
use super::{CliError, Ctx};
use std::io::Write;
use std::process::ExitCode;
use tthc::i18n::{self, Lang};
use tthc::listing::{self, Filter, SortBy};
use tthc::model::{Date, ProcedureStatus};
use tthc::present;
use tthc::store::cache::summary::ProcedureSummary;
use tthc::store::{Catalog, Overview, Stored};
use tthc::workspace;

/// List procedures, sorted in Vietnamese order
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this level (id or name, e.g. xa or "Cấp xã")
    #[arg(long)]
    level: Option<String>,
    /// Only this field (lĩnh vực; id or name)
    #[arg(long)]
    field: Option<String>,
    /// Only this status: published, amended, abolished, or its name ("bãi bỏ")
    #[arg(long, value_name = "STATUS", value_parser = super::input::parse_procedure_status)]
    status: Option<ProcedureStatus>,
    /// Words to find in code, name or field; diacritics and case are ignored ("dang ky khai sinh")
    #[arg(long)]
    search: Option<String>,
    /// Only procedures due for review: never reviewed, or last reviewed longer ago than the catalogue's review interval
    #[arg(long)]
    overdue: bool,
    /// Sort order
    #[arg(long, value_enum, default_value_t = Sort::Level)]
    sort: Sort,
    #[command(flatten)]
    at: AtArg,
    #[command(flatten)]
    output: TableOutput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Sort {
    Level,
    Name,
    Code,
    Field,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    // JSON prints whole records; the table and CSV need only the list columns, which open
    // without decoding whole records (issue 15).
    let (whole, overview) = match (&args.at.at, args.output.format) {
        (Some(spec), TableFormat::Json) => {
            (Some(workspace::open_at(&ctx.start_dir(None), spec)?), None)
        }
        (None, TableFormat::Json) => (Some(workspace::open(&ctx.start_dir(None))?), None),
        (Some(spec), _) => (
            None,
            Some(Overview::of(workspace::open_at(
                &ctx.start_dir(None),
                spec,
            )?)),
        ),
        (None, _) => (None, Some(workspace::open_overview(&ctx.start_dir(None))?)),
    };
    let result = list(ctx, args, whole.as_ref(), overview.as_ref());
    // Not freed: the process ends now, and freeing a hundred thousand records one string at a
    // time would take longer than the list did (issue 15).
    std::mem::forget((whole, overview));
    result
}

fn list(
    ctx: &Ctx,
    args: Args,
    whole: Option<&Catalog>,
    overview: Option<&Overview>,
) -> Result<ExitCode, CliError> {
    let Some(cat) = whole.or(overview.map(|o| &o.catalog)) else {
        return Ok(ExitCode::SUCCESS);
    };
    super::show::warn_unparsed(cat, ctx.lang);
    let m = &cat.manifest;
    let declared = |given: &Option<String>, all: Vec<(String, String)>, field: bool| {
        let Some(given) = given else { return Ok(()) };
        let folded = tthc::search::fold(given);
        if all
            .iter()
            .any(|(id, name)| id == given || tthc::search::fold(name) == folded)
        {
            return Ok(());
        }
        Err(super::Usage::NotDeclared {
            field,
            given: given.clone(),
            declared: all,
        })
    };
    declared(
        &args.level,
        m.levels
            .iter()
            .map(|l| (l.id.clone(), l.name.clone()))
            .collect(),
        false,
    )?;
    declared(
        &args.field,
        m.fields
            .iter()
            .map(|f| (f.id.clone(), f.name.clone()))
            .collect(),
        true,
    )?;
    let filter = Filter {
        level: args.level,
        field: args.field,
        status: args.status,
        online: None,
        overdue_on: args.overdue.then(|| cat.manifest.policy.today()),
        search: args.search,
    };
    let sort = match args.sort {
        Sort::Level => SortBy::Level,
        Sort::Name => SortBy::Name,
        Sort::Code => SortBy::Code,
        Sort::Field => SortBy::Field,
    };
    let mut out = std::io::stdout().lock();
    if let Some(cat) = whole {
        let rows = listing::select(cat, &filter, sort);
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|s| {
                let mut v = serde_json::to_value(&s.record).unwrap_or_default();
                v["path"] = s.path.to_string_lossy().into();
                v
            })
            .collect();
        super::output::write_json(&mut out, &items)?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(overview) = overview else {
        return Ok(ExitCode::SUCCESS);
    };
    let rows = listing::select_rows(&overview.procedures, m, &filter, sort);
    let today = m.policy.today();
    match args.output.format {
        TableFormat::Json => {}
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(header(ctx.lang)).map_err(csv_err)?;
            for s in &rows {
                w.write_record(row(cat, s, today, ctx.lang).iter().map(|c| csv_safe(c)))
                    .map_err(csv_err)?;
            }
            w.flush()?;
        }
        TableFormat::Table => {
            let cells: Vec<Vec<String>> =
                rows.iter().map(|s| row(cat, s, today, ctx.lang)).collect();
            let mut out = super::output::Screen::new(&mut out, ctx.color);
            out.write_all(table(&header(ctx.lang), &cells, ctx.color).as_bytes())?;
            out.flush()?;
            note!("{} {}", rows.len(), ctx.lang.pick("thủ tục", "procedures"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn csv_err(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

fn header(lang: Lang) -> Vec<&'static str> {
    vec![
        lang.pick("Mã", "Code"),
        lang.pick("Cấp", "Level"),
        lang.pick("Lĩnh vực", "Field"),
        lang.pick("Tình trạng", "Status"),
        lang.pick("Trực tuyến", "Online"),
        lang.pick("Bưu chính", "Post"),
        lang.pick("Tên thủ tục", "Name"),
    ]
}

fn row(cat: &Catalog, s: &Stored<ProcedureSummary>, today: Date, lang: Lang) -> Vec<String> {
    let p = &s.record;
    let m = &cat.manifest;
    vec![
        p.code.clone(),
        m.level_name(&p.level).to_owned(),
        m.field_name(&p.field).to_owned(),
        present::status_column(&p.status_part(), Some(today), lang),
        i18n::online_label(p.online_mode, lang).to_owned(),
        postal_flags(p, lang),
        p.name.clone(),
    ]
}

/// Which of the two postal services apply: receiving the dossier, returning the result.
fn postal_flags(p: &ProcedureSummary, lang: Lang) -> String {
    let mut parts = Vec::new();
    if p.postal.receive {
        parts.push(lang.pick("nhận", "in"));
    }
    if p.postal.return_result {
        parts.push(lang.pick("trả", "out"));
    }
    parts.join("+")
}
