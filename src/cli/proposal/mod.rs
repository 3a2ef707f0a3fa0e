//! `tthc proposal`: list proposals, show one with its redline, move it along the chain,
//! withdraw it, apply it to the catalogue.

pub(super) mod draft;
mod show;

use super::args::{TableFormat, TableOutput, TextOutput};
use super::output::{csv_safe, paint, table, write_json};
use super::{CliError, Ctx};
use clap::Subcommand;
use std::io::Write;
use std::process::ExitCode;
use tthc::i18n::{self, Lang};
use tthc::model::{Date, ProposalStatus};
use tthc::present::date_display;
use tthc::proposal_rules::{CHAIN, StepRequest};
use tthc::words::Message;
use tthc::workspace::proposals::{
    self, ApplyOptions, ProposalError, ProposalSummary, Recorded, Recorder,
};
use tthc::workspace::{self};

/// Look at proposals and move them along: list, show, advance, withdraw, apply
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// List proposals grouped by status, in the order of the chain
    List {
        /// Only this status: its key (submitted) or its name ("đã trình")
        #[arg(long, value_name = "STATUS", value_parser = super::input::parse_proposal_status)]
        status: Option<ProposalStatus>,
        #[command(flatten)]
        output: TableOutput,
    },
    /// Show one proposal: its reasons, its steps, and the redline of what it changes
    Show {
        /// Proposal id, e.g. 2022-003
        id: String,
        #[command(flatten)]
        output: TextOutput,
    },
    /// Record the next step (draft → submitted → sent_to_province → approved | rejected →
    /// [forwarded_to_ministry] → legal_text_amended → published); steps with a document need its
    /// number and date
    Advance {
        /// Proposal id, e.g. 2022-003
        id: String,
        /// The new status: its key (submitted) or its name ("đã trình")
        #[arg(long, value_name = "TO", value_parser = super::input::parse_proposal_status)]
        to: ProposalStatus,
        /// Document number, kept verbatim (45/BC-UBND, 512/QĐ-UBND)
        #[arg(long, value_name = "NO")]
        document: Option<String>,
        /// Date of the step or of its document, YYYY-MM-DD or dd/mm/yyyy (default: today where no document)
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        date: Option<Date>,
        /// A note on the step (what the document says, what happens next)
        #[arg(long)]
        note: Option<String>,
        /// Override the four-eyes rule (the drafter recording the approval); needs --reason and
        /// stays flagged
        #[arg(long, requires = "reason")]
        force: bool,
        /// Why the override is needed
        #[arg(long, requires = "force")]
        reason: Option<String>,
    },
    /// Withdraw a proposal (from any step before applied)
    Withdraw {
        /// Proposal id, e.g. 2022-003
        id: String,
        /// Why it is withdrawn
        #[arg(long)]
        note: Option<String>,
    },
    /// Apply a published proposal to the catalogue: the procedure and the proposal change in one
    /// commit; stops with a field-by-field comparison if the procedure changed since the draft
    Apply {
        /// Proposal id, e.g. 2022-003
        id: String,
        /// Carry the proposal over to the current record when the fields changed since the draft
        /// are not fields the proposal changes
        #[arg(long)]
        rebase: bool,
        /// When the change takes legal effect (default: the publication decision's date): the
        /// effective_until of an abolished or replaced record, the effective_from of a new one;
        /// when given, also the effective_from of an amended version
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        effective: Option<Date>,
        /// Date of the step (default: today)
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        date: Option<Date>,
        /// Override the four-eyes rule (the drafter applying); needs --reason and stays flagged
        #[arg(long, requires = "reason")]
        force: bool,
        /// Why the override is needed
        #[arg(long, requires = "force")]
        reason: Option<String>,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    // Only the commands that record a step need the catalogue's root and today.
    let root = || -> Result<std::path::PathBuf, CliError> {
        Ok(workspace::root_at(&ctx.start_dir(None))?)
    };
    let rec = || Recorder::new(ctx.today(), lang);
    let done = match args.action {
        Action::List {
            status,
            output: TableOutput { format },
        } => return list(ctx, status, format),
        Action::Show {
            id,
            output: TextOutput { format },
        } => return show::run(ctx, &id, format),
        Action::Advance {
            id,
            to,
            document,
            date,
            note,
            force: _,
            reason,
        } => proposals::advance(
            &root()?,
            &id,
            StepRequest {
                to,
                document_no: document,
                date,
                note,
                force: reason,
            },
            &rec(),
        )?,
        Action::Withdraw { id, note } => proposals::withdraw(&root()?, &id, note, &rec())?,
        Action::Apply {
            id,
            rebase,
            effective,
            date,
            force: _,
            reason,
        } => {
            let opts = ApplyOptions {
                force: reason,
                rebase,
                effective,
                date,
            };
            match proposals::apply(&root()?, &id, &opts, &rec()) {
                Ok(done) => done,
                Err(ProposalError::Stale(stale)) => {
                    eprintln!(
                        "tthc: {}",
                        ProposalError::Stale(stale.clone())
                            .message_with(lang, workspace::manifest_at(&root()?).as_ref())
                    );
                    show::three_way(ctx, &stale)?;
                    return Ok(ExitCode::from(1));
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    saved(ctx, &done)
}

fn saved(ctx: &Ctx, done: &Recorded) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let mut out = std::io::stdout().lock();
    let message = done.message.lines().next().unwrap_or("");
    writeln!(out, "{}", super::output::saved(&done.commit, message, lang))?;
    if done.forced {
        writeln!(out, "{}", forced_flag(lang, ctx.color))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The mark of a four-eyes override: words, so it survives without colour.
pub(super) fn forced_flag(lang: Lang, color: bool) -> String {
    paint(
        lang.pick("⚑ VƯỢT QUY TẮC BỐN MẮT", "⚑ FOUR-EYES OVERRIDDEN"),
        "1;33",
        color,
    )
}

/// The mark of a proposal whose procedure changed since the draft.
pub(super) fn stale_flag(lang: Lang) -> &'static str {
    lang.pick("△ thủ tục đã đổi", "△ procedure changed")
}

fn flags(s: &ProposalSummary, lang: Lang) -> String {
    let mut f = Vec::new();
    if !s.forced.is_empty() {
        f.push(lang.pick("⚑ vượt bốn mắt", "⚑ four-eyes overridden"));
    }
    if s.stale {
        f.push(stale_flag(lang));
    }
    f.join(", ")
}

fn list(
    ctx: &Ctx,
    status: Option<ProposalStatus>,
    format: TableFormat,
) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let cat = workspace::open(&ctx.start_dir(None))?;
    super::show::warn_unparsed(&cat, lang);
    let rows: Vec<ProposalSummary> = proposals::summaries(&cat)
        .into_iter()
        .filter(|s| status.is_none_or(|st| st == s.status))
        .collect();
    let mut out = std::io::stdout().lock();
    let cells = |s: &ProposalSummary| -> Vec<String> {
        vec![
            s.id.clone(),
            i18n::proposal_kind_label(s.kind, lang).to_owned(),
            cat.manifest.level_name(&s.level).to_owned(),
            s.code.clone(),
            s.last_date
                .map(|d| date_display(d, lang))
                .unwrap_or_default(),
            s.last_document.clone().unwrap_or_default(),
            flags(s, lang),
            s.name.clone(),
        ]
    };
    let header = [
        lang.pick("Đề xuất", "Proposal"),
        lang.pick("Loại", "Kind"),
        lang.pick("Cấp", "Level"),
        lang.pick("Mã TTHC", "Code"),
        lang.pick("Ngày", "Date"),
        lang.pick("Văn bản", "Document"),
        lang.pick("Cờ", "Flags"),
        lang.pick("Tên thủ tục", "Procedure"),
    ];
    match format {
        TableFormat::Json => write_json(&mut out, &rows)?,
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let mut head = vec![lang.pick("Tình trạng", "Status")];
            head.extend(header);
            w.write_record(&head).map_err(csv_err)?;
            for s in &rows {
                let mut row = vec![i18n::proposal_status_label(s.status, lang).to_owned()];
                row.extend(cells(s));
                w.write_record(row.iter().map(|c| csv_safe(c)))
                    .map_err(csv_err)?;
            }
            w.flush()?;
        }
        TableFormat::Table => {
            let mut first = true;
            for group in CHAIN {
                let these: Vec<Vec<String>> = rows
                    .iter()
                    .filter(|s| s.status == group)
                    .map(&cells)
                    .collect();
                if these.is_empty() {
                    continue;
                }
                if !first {
                    writeln!(out)?;
                }
                first = false;
                let title = format!(
                    "{} ({})",
                    i18n::proposal_status_label(group, lang).to_uppercase(),
                    these.len()
                );
                writeln!(out, "{}", paint(&title, "1;36", ctx.color))?;
                out.write_all(table(&header, &these, false).as_bytes())?;
            }
            eprintln!("{} {}", rows.len(), lang.pick("đề xuất", "proposals"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn csv_err(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
