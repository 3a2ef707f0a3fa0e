//! `tthc export`: the public listing as a static website, spreadsheets and open data.

use super::args::AtArg;
use super::output::{note, screen};
use super::{CliError, Ctx};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::export::{ChangesPage, ExportError, Format};
use tthc::i18n::Lang;
use tthc::model::Date;
use tthc::present::sanitize;
use tthc::words::Message;
use tthc::workspace::{self, ExportRequest, WorkspaceError};

/// Write the public listing: a static website (html), CSV, XLSX, JSON and JSON-LD (CPSV-AP);
/// the output folder is built beside DIR and swapped in at once. Refused (exit 1, nothing
/// written) when a record file does not parse or a procedure cannot be listed, unless
/// --allow-problems; always when catalog.yaml does not parse
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Formats, comma-separated or repeated: html, csv, xlsx, json, jsonld, or all
    #[arg(long, value_enum, value_delimiter = ',', default_value = "all")]
    format: Vec<FormatArg>,
    /// Output folder: created, or replaced if it holds an earlier export (never another folder)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    at: AtArg,
    /// Only the procedures in force on this date (YYYY-MM-DD or dd/mm/yyyy)
    #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
    effective: Option<Date>,
    /// Export even when some files do not parse or some procedures cannot be listed: they are
    /// left out, and listed on stderr
    #[arg(long)]
    allow_problems: bool,
    /// Only this unit's listing (an id of the manifest's units, e.g. phuong-duy-tien): the
    /// procedures of its level that apply to every unit or to it
    #[arg(long, value_name = "ID", conflicts_with = "all_units")]
    unit: Option<String>,
    /// Every unit's listing, each in its own folder under DIR, with an index of units
    /// (index.html, don-vi.json)
    #[arg(long)]
    all_units: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Html,
    Csv,
    Xlsx,
    Json,
    Jsonld,
    All,
}

fn formats(args: &[FormatArg]) -> BTreeSet<Format> {
    args.iter()
        .flat_map(|f| match f {
            FormatArg::Html => vec![Format::Html],
            FormatArg::Csv => vec![Format::Csv],
            FormatArg::Xlsx => vec![Format::Xlsx],
            FormatArg::Json => vec![Format::Json],
            FormatArg::Jsonld => vec![Format::JsonLd],
            FormatArg::All => Format::ALL.to_vec(),
        })
        .collect()
}

/// One line saying what the "what changed" page compares.
pub fn changes_line(page: &ChangesPage, lang: Lang) -> String {
    let c = &page.changes;
    let counts = match lang {
        Lang::Vi => format!(
            "{} mới, {} sửa đổi/thay thế, {} bãi bỏ",
            c.new.len(),
            c.amended.len(),
            c.abolished.len()
        ),
        Lang::En => format!(
            "{} new, {} amended/replaced, {} abolished",
            c.new.len(),
            c.amended.len(),
            c.abolished.len()
        ),
    };
    let counts = if c.transferred.is_empty() {
        counts
    } else {
        match lang {
            Lang::Vi => format!("{counts}, {} chuyển cấp", c.transferred.len()),
            Lang::En => format!("{counts}, {} transferred", c.transferred.len()),
        }
    };
    match (&page.current, &page.baseline) {
        (Some(cur), _) => format!(
            "{} {}: {counts}",
            lang.pick("Lần niêm yết theo văn bản", "Posting under"),
            sanitize(&cur.decision)
        ),
        (None, Some(base)) => format!(
            "{} {}: {counts}",
            lang.pick(
                "Thay đổi từ lần niêm yết theo văn bản",
                "Changes since the posting under"
            ),
            sanitize(&base.decision)
        ),
        (None, None) => format!(
            "{}: {counts}",
            lang.pick(
                "Chưa có lần niêm yết nào được ghi nhận",
                "No earlier posting recorded"
            )
        ),
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let req = ExportRequest {
        formats: formats(&args.format),
        out: args.out,
        at: args.at.at,
        effective: args.effective,
        allow_problems: args.allow_problems,
    };
    let choice = match (&args.unit, args.all_units) {
        (Some(id), _) => Some(workspace::UnitChoice::One(id.clone())),
        (None, true) => Some(workspace::UnitChoice::All),
        (None, false) => None,
    };
    let exported = match &choice {
        Some(choice) => workspace::export_units(&ctx.start_dir(None), &req, choice),
        None => workspace::export(&ctx.start_dir(None), &req),
    };
    let outcome = match exported {
        Ok(outcome) => outcome,
        Err(WorkspaceError::Export(e)) => match refusal(&e) {
            Some(code) => {
                note!("tthc: {}", e.message(lang));
                return Ok(ExitCode::from(code));
            }
            None => return Err(WorkspaceError::Export(e).into()),
        },
        Err(e) => return Err(e.into()),
    };
    for p in &outcome.unparsed {
        note!(
            "{}: {}",
            p.display(),
            lang.pick(
                "không đọc được, không có trong bản xuất (tthc validate)",
                "does not parse, left out of the export (tthc validate)"
            )
        );
    }
    for s in &outcome.report.skipped {
        note!(
            "{}: {}",
            lang.pick("bỏ qua", "skipped"),
            tthc::words::left_out(s, lang)
        );
    }
    for t in &outcome.ignored_templates {
        note!(
            "templates/{}: {}",
            t,
            lang.pick("không phải mẫu trang, bỏ qua", "not a template, ignored")
        );
    }
    let names: Vec<&str> = req.formats.iter().map(|f| f.name()).collect();
    let mut out = screen(ctx.color);
    writeln!(
        out,
        "{} {} {} ({}) {} {} — {} {}",
        lang.pick("Đã xuất", "Exported"),
        outcome.report.procedures,
        lang.pick("thủ tục", "procedures"),
        names.join(", "),
        lang.pick("vào", "to"),
        outcome.out.display(),
        outcome.report.files.len(),
        lang.pick("tệp", "files"),
    )?;
    if let Some(commit) = &outcome.commit {
        writeln!(
            out,
            "{} {}",
            lang.pick("Phiên bản:", "Version:"),
            tthc::present::short_commit(commit)
        )?;
    }
    if req.formats.contains(&Format::Html) {
        writeln!(out, "{}", changes_line(&outcome.changes, lang))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// An export refused before anything was written: the exit code (1: the catalogue has
/// problems, 2: the output folder is not allowed), or `None` for an error of another kind.
fn refusal(e: &ExportError) -> Option<u8> {
    match e {
        ExportError::BrokenManifest
        | ExportError::Unreadable { .. }
        | ExportError::LeftOut { .. } => Some(1),
        ExportError::ForbiddenOut { .. }
        | ExportError::NotAnExport { .. }
        | ExportError::UnknownUnit { .. } => Some(2),
        _ => None,
    }
}
