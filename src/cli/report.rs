//! `tthc report`: summaries for reporting upward.

use super::args::ReportFormat;
use super::output::{csv_safe, paint, table, write_json};
use super::proposal::csv_err;
use super::{CliError, Ctx};
use clap::Subcommand;
use std::io::Write;
use std::process::ExitCode;
use tthc::i18n::{self, Lang};
use tthc::model::Date;
use tthc::present::date_display;
use tthc::report::{self, ProposalReport};
use tthc::workspace;

/// Summaries for reporting upward
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    report: Report,
}

#[derive(Debug, Subcommand)]
enum Report {
    /// Proposals drafted in a period, counted by kind × level × status (the status each had at
    /// the end of the period), and listed
    Proposals {
        /// First day of the period, YYYY-MM-DD or dd/mm/yyyy
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        from: Date,
        /// Last day of the period (inclusive), YYYY-MM-DD or dd/mm/yyyy
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        to: Date,
        /// table: counts and list; csv: the counts (one row per kind and level); json: both
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let Report::Proposals { from, to, format } = args.report;
    if to < from {
        return Err(super::Usage::PeriodReversed.into());
    }
    let cat = workspace::open(&ctx.start_dir(None))?;
    super::show::warn_unparsed(&cat, ctx.lang);
    let r = report::proposals(&cat, from, to);
    let mut out = std::io::stdout().lock();
    match format {
        ReportFormat::Json => write_json(&mut out, &r)?,
        ReportFormat::Csv => {
            let (header, rows) = counts(&r, &cat.manifest, ctx.lang, true);
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&header).map_err(csv_err)?;
            for row in rows {
                w.write_record(row.iter().map(|c| csv_safe(c)))
                    .map_err(csv_err)?;
            }
            w.flush()?;
        }
        ReportFormat::Table => {
            let mut out = super::output::Screen::new(&mut out, ctx.color);
            out.write_all(text(&r, &cat.manifest, ctx.lang, ctx.color).as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The counts as rows: kind, level, total, then one column per status (all of them, or only
/// those that occur).
fn counts(
    r: &ProposalReport,
    m: &tthc::model::Manifest,
    lang: Lang,
    all_statuses: bool,
) -> (Vec<String>, Vec<Vec<String>>) {
    let statuses: Vec<_> = tthc::proposal_rules::CHAIN
        .iter()
        .copied()
        .filter(|s| {
            all_statuses
                || r.counts
                    .iter()
                    .any(|c| c.by_status.iter().any(|b| b.status == *s && b.count > 0))
        })
        .collect();
    let mut header = vec![
        lang.pick("Loại", "Kind").to_owned(),
        lang.pick("Cấp", "Level").to_owned(),
        lang.pick("Tổng", "Total").to_owned(),
    ];
    header.extend(
        statuses
            .iter()
            .map(|s| i18n::proposal_status_label(*s, lang).to_owned()),
    );
    let rows = r
        .counts
        .iter()
        .map(|c| {
            let mut row = vec![
                i18n::proposal_kind_label(c.kind, lang).to_owned(),
                m.level_name(&c.level).to_owned(),
                c.total.to_string(),
            ];
            row.extend(statuses.iter().map(|s| {
                c.by_status
                    .iter()
                    .find(|b| b.status == *s)
                    .map_or(0, |b| b.count)
                    .to_string()
            }));
            row
        })
        .collect();
    (header, rows)
}

fn text(r: &ProposalReport, m: &tthc::model::Manifest, lang: Lang, color: bool) -> String {
    let mut o = String::new();
    let title = format!(
        "{} {} – {}: {} {}",
        lang.pick("Đề xuất về TTHC", "Proposals on procedures"),
        date_display(r.from, lang),
        date_display(r.to, lang),
        r.total,
        lang.pick("đề xuất", "proposals")
    );
    o.push_str(&paint(&title, "1", color));
    o.push_str("\n\n");
    let (header, rows) = counts(r, m, lang, false);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    o.push_str(&table(&header, &rows, false));
    o.push('\n');
    o.push_str(&paint(
        &format!(
            "{} ({} {})",
            lang.pick("Danh sách", "List"),
            lang.pick("tình trạng đến", "status as of"),
            date_display(r.to, lang)
        ),
        "1",
        color,
    ));
    o.push('\n');
    let rows: Vec<Vec<String>> = r
        .proposals
        .iter()
        .map(|p| {
            let mut status = i18n::proposal_status_label(p.status, lang).to_owned();
            if p.forced {
                status.push_str(lang.pick(" ⚑ vượt bốn mắt", " ⚑ four-eyes overridden"));
            }
            vec![
                p.id.clone(),
                i18n::proposal_kind_label(p.kind, lang).to_owned(),
                m.level_name(&p.level).to_owned(),
                p.code.clone(),
                status,
                p.document.clone().unwrap_or_default(),
                p.name.clone(),
            ]
        })
        .collect();
    let header = [
        lang.pick("Đề xuất", "Proposal"),
        lang.pick("Loại", "Kind"),
        lang.pick("Cấp", "Level"),
        lang.pick("Mã TTHC", "Code"),
        lang.pick("Tình trạng", "Status"),
        lang.pick("Văn bản", "Document"),
        lang.pick("Tên thủ tục", "Procedure"),
    ];
    o.push_str(&table(&header, &rows, false));
    o
}
