//! `tthc legal`: the register of legal texts (`legal/`): list it, add or update a text (one
//! commit).

use super::output::{note, screen, table};
use super::{CliError, Ctx};
use clap::Subcommand;
use std::io::Write;
use std::process::ExitCode;
use tthc::model::{Date, LegalStatus};
use tthc::present::{date_display, legal_status_label, sanitize};
use tthc::words::Message;
use tthc::workspace::{self, WorkspaceError, legal::LegalSaved};

/// The register of legal texts (legal/): list it, add or update a text
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// List the texts of the register, with the number of procedures citing each
    List,
    /// Add a text to the register, or update the text of the same number (what is not given
    /// stays as it was); one commit
    Add {
        /// Its number, kept verbatim, e.g. 63/2024/NĐ-CP
        #[arg(long, value_name = "NO")]
        number: String,
        /// Its summary (trích yếu); needed for a new text
        #[arg(long)]
        title: Option<String>,
        /// Who issued it, e.g. "Chính phủ"
        #[arg(long)]
        issuer: Option<String>,
        /// The day it was signed (YYYY-MM-DD or dd/mm/yyyy)
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        signed: Option<Date>,
        /// The day it takes effect
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        effective: Option<Date>,
        /// The day it ceases to have effect
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        expires: Option<Date>,
        /// Its status: in_force, amended, partly_expired, expired, not_yet_in_force
        #[arg(long, value_parser = parse_status)]
        status: Option<LegalStatus>,
        /// A text amending it (its number); repeat for several
        #[arg(long = "amended-by", value_name = "NO")]
        amended_by: Vec<String>,
        /// A note
        #[arg(long)]
        notes: Option<String>,
    },
}

fn parse_status(s: &str) -> Result<LegalStatus, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| "in_force, amended, partly_expired, expired, not_yet_in_force".to_owned())
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    match args.action {
        Action::List => {
            let cat = workspace::open(&ctx.start_dir(None))?;
            super::show::warn_unparsed(&cat, lang);
            let rows: Vec<Vec<String>> = cat
                .legal
                .iter()
                .map(|s| {
                    let e = &s.record;
                    let d = |d: Option<Date>| d.map(|d| date_display(d, lang)).unwrap_or_default();
                    vec![
                        sanitize(&e.number).into_owned(),
                        d(e.effective),
                        d(e.expires),
                        e.status
                            .map(|s| legal_status_label(s, lang).to_owned())
                            .unwrap_or_default(),
                        sanitize(&e.amended_by.join(", ")).into_owned(),
                        workspace::legal::cited_by(&cat, &e.number)
                            .len()
                            .to_string(),
                        // Last, as names in `tthc list`: a long title wraps without pushing
                        // the short columns off the screen.
                        sanitize(&e.title).into_owned(),
                    ]
                })
                .collect();
            let mut out = screen(ctx.color);
            if rows.is_empty() {
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "Danh mục chưa có sổ văn bản pháp luật (legal/).",
                        "The catalogue keeps no register of legal texts (legal/)."
                    )
                )?;
                return Ok(ExitCode::SUCCESS);
            }
            let header = [
                lang.pick("Số hiệu", "Number"),
                lang.pick("Hiệu lực từ", "In force from"),
                lang.pick("Hết hiệu lực", "Expires"),
                lang.pick("Tình trạng", "Status"),
                lang.pick("Được sửa đổi bởi", "Amended by"),
                lang.pick("Số TTHC dẫn", "Cited by"),
                lang.pick("Trích yếu", "Title"),
            ];
            write!(out, "{}", table(&header, &rows, ctx.color))?;
            Ok(ExitCode::SUCCESS)
        }
        Action::Add {
            number,
            title,
            issuer,
            signed,
            effective,
            expires,
            status,
            amended_by,
            notes,
        } => {
            let root = workspace::locate(&ctx.start_dir(None)).ok_or_else(|| {
                WorkspaceError::NoCatalog {
                    start: ctx.start_dir(None),
                }
            })?;
            // An update keeps what it does not give; amending texts are added to the list.
            let cat = workspace::open(&root)?;
            let mut entry = cat.legal_entry(&number).cloned().unwrap_or_default();
            entry.number = number.into();
            if let Some(t) = title {
                entry.title = t.into();
            }
            entry.issuer = issuer.map(Into::into).or(entry.issuer);
            entry.signed = signed.or(entry.signed);
            entry.effective = effective.or(entry.effective);
            entry.expires = expires.or(entry.expires);
            entry.status = status.or(entry.status);
            entry.notes = notes.map(Into::into).or(entry.notes);
            for n in amended_by {
                if !entry
                    .amended_by
                    .iter()
                    .any(|m| tthc::model::same_number(m, &n))
                {
                    entry.amended_by.push(n.into());
                }
            }
            match workspace::legal::save(&root, entry, lang) {
                Ok(LegalSaved::Saved {
                    path,
                    commit,
                    message,
                    migrated,
                }) => {
                    let mut out = screen(ctx.color);
                    if let Some(m) = &migrated {
                        writeln!(out, "{}", tthc::words::migrated_first(m, lang))?;
                    }
                    let saved = super::output::saved(&commit, &message, lang);
                    writeln!(out, "{saved} ({})", path.display())?;
                    Ok(ExitCode::SUCCESS)
                }
                Ok(LegalSaved::Unchanged { path }) => {
                    note!(
                        "{} ({})",
                        lang.pick(
                            "Sổ đã có văn bản này đúng như vậy; không ghi gì",
                            "The register already holds this text as given; nothing written"
                        ),
                        path.display()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(WorkspaceError::Invalid { diagnostics, .. }) => {
                    let names = workspace::manifest_at(&root);
                    for d in &diagnostics {
                        note!(
                            "{}: {}",
                            d.file.display(),
                            d.message_with(lang, names.as_ref())
                        );
                    }
                    Ok(ExitCode::from(1))
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}
