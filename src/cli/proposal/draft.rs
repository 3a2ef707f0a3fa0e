//! `tthc propose`: draft a proposal to abolish, amend, replace or add a procedure.

use crate::cli::{CliError, Ctx};
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tthc::diagnostic::{Diagnostic, PathSeg};
use tthc::model::{ComplianceCost, Procedure, ProposalKind, Target};
use tthc::present::sanitize;
use tthc::store::{self, Catalog};
use tthc::words::Describe;
use tthc::workspace::proposals::{self, DraftRequest, ProposalError, Recorder};
use tthc::workspace::{self};

/// Draft a proposal to abolish, amend, replace or add a procedure (saved as one commit, status
/// draft)
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    kind: Kind,
}

#[derive(Debug, Subcommand)]
enum Kind {
    /// Propose to abolish a procedure (bãi bỏ); the reason is required
    Abolish {
        /// Procedure code, e.g. 1.004845
        code: String,
        /// Level (id or name), required when the code exists at more than one
        #[arg(long)]
        level: Option<String>,
        /// Why it should be abolished (sự cần thiết, tính hợp lý)
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        common: Common,
    },
    /// Propose to amend a procedure (sửa đổi, bổ sung): FILE.yaml is the whole proposed record,
    /// e.g. a copy of procedures/LEVEL/CODE.yaml with your changes
    Amend {
        /// Procedure code, e.g. 1.004746
        code: String,
        /// Level (id or name), required when the code exists at more than one
        #[arg(long)]
        level: Option<String>,
        /// The proposed record (YAML, same form as a procedure file)
        #[arg(long, value_name = "FILE.yaml")]
        from: PathBuf,
        /// Why (sự cần thiết, tính hợp lý, hợp pháp)
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Propose to replace a procedure (thay thế) by the record in FILE.yaml, under the same code
    /// or a new one
    Replace {
        /// Procedure code of the procedure replaced
        code: String,
        /// Level (id or name), required when the code exists at more than one
        #[arg(long)]
        level: Option<String>,
        /// The proposed record (YAML, same form as a procedure file)
        #[arg(long, value_name = "FILE.yaml")]
        from: PathBuf,
        /// Why (sự cần thiết, tính hợp lý, hợp pháp)
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Propose a new procedure (công bố mới) from FILE.yaml
    Add {
        /// The new procedure's record (YAML, same form as a procedure file)
        #[arg(long, value_name = "FILE.yaml")]
        from: PathBuf,
        /// Why it is needed
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, clap::Args)]
struct Common {
    /// Title (default: "Bãi bỏ thủ tục “…”" and the like)
    #[arg(long)]
    title: Option<String>,
    /// The simplification plan: what exactly changes (phương án đơn giản hóa)
    #[arg(long)]
    plan: Option<String>,
    /// Compliance cost per year before the change, in VND
    #[arg(long, value_name = "VND", requires = "cost_after", value_parser = crate::cli::input::parse_amount)]
    cost_before: Option<i64>,
    /// Compliance cost per year after the change, in VND
    #[arg(long, value_name = "VND", requires = "cost_before", value_parser = crate::cli::input::parse_amount)]
    cost_after: Option<i64>,
    /// A note on the draft step
    #[arg(long)]
    note: Option<String>,
    /// The day the draft was made, YYYY-MM-DD or dd/mm/yyyy (default: today). An earlier day enters work
    /// already under way; the record shows it was entered today, and by whom
    #[arg(long, value_name = "DATE", value_parser = crate::cli::input::parse_date)]
    date: Option<tthc::model::Date>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let (kind, code, level, from, reason, common) = match args.kind {
        Kind::Abolish {
            code,
            level,
            reason,
            common,
        } => (
            ProposalKind::Abolish,
            Some(code),
            level,
            None,
            Some(reason),
            common,
        ),
        Kind::Amend {
            code,
            level,
            from,
            reason,
            common,
        } => (
            ProposalKind::Amend,
            Some(code),
            level,
            Some(from),
            reason,
            common,
        ),
        Kind::Replace {
            code,
            level,
            from,
            reason,
            common,
        } => (
            ProposalKind::Replace,
            Some(code),
            level,
            Some(from),
            reason,
            common,
        ),
        Kind::Add {
            from,
            reason,
            common,
        } => (ProposalKind::Add, None, None, Some(from), reason, common),
    };
    // Only the files where the procedure belongs are read (SPEC §6: a command about one
    // procedure need not load every record).
    let start = ctx.start_dir(None);
    let target = match &code {
        Some(code) => {
            let cat = workspace::open_procedure(&start, code, level.as_deref())?;
            Some(resolve_target(&cat, code, level.as_deref())?)
        }
        None => None,
    };
    let root = workspace::root_at(&start)?;
    let (proposed, from_text) = match &from {
        Some(file) => match read_proposed(file, ctx)? {
            Some((p, text)) => (Some(p), Some(text)),
            None => return Ok(ExitCode::from(1)),
        },
        None => (None, None),
    };
    let req = DraftRequest {
        kind,
        target,
        title: common.title,
        rationale: reason,
        plan: common.plan,
        proposed,
        compliance_cost: common
            .cost_before
            .zip(common.cost_after)
            .map(|(before, after)| ComplianceCost { before, after }),
        note: common.note,
        date: common.date,
        review: None,
    };
    match proposals::draft(&root, req, &Recorder::new(ctx.today(), lang)) {
        Ok(done) => {
            writeln!(
                std::io::stdout().lock(),
                "{}",
                crate::cli::output::saved(&done.commit, &done.message, lang)
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(ProposalError::Invalid(diags)) if from.is_some() => {
            report_in_file(
                from.as_deref().unwrap_or(Path::new("")),
                from_text.as_deref().unwrap_or(""),
                &diags,
                ctx,
            );
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

/// The target's level and code: the level given (id or name), or the only level the code is at.
pub(super) fn resolve_target(
    cat: &Catalog,
    code: &str,
    level: Option<&str>,
) -> Result<Target, CliError> {
    let matches: Vec<&Procedure> = cat
        .procedures
        .iter()
        .map(|s| &s.record)
        .filter(|p| p.code == code)
        .filter(|p| level.is_none_or(|l| workspace::level_matches(&cat.manifest, &p.level, l)))
        .collect();
    match matches.as_slice() {
        [one] => Ok(Target {
            level: one.level.to_string(),
            code: one.code.to_string(),
        }),
        [] => Err(ProposalError::TargetNotFound {
            level: level.unwrap_or("?").to_owned(),
            code: code.to_owned(),
        }
        .into()),
        many => Err(crate::cli::Usage::SeveralLevels {
            code: code.to_owned(),
            levels: many.iter().map(|p| p.level.to_string()).collect(),
        }
        .into()),
    }
}

/// Parse the proposed record; on problems print them as FILE:LINE:COL and return `None`.
fn read_proposed(file: &Path, ctx: &Ctx) -> Result<Option<(Procedure, String)>, CliError> {
    let text = std::fs::read_to_string(file).map_err(|error| crate::cli::Usage::ReadFile {
        file: file.to_owned(),
        error,
    })?;
    match store::parse_text::<Procedure>(file, &text) {
        Ok(p) => Ok(Some((p, text))),
        Err(diags) => {
            for d in &diags {
                eprintln!(
                    "{}:{}:{}: error: {}",
                    file.display(),
                    d.line,
                    d.column,
                    sanitize(&d.described(ctx.lang))
                );
            }
            Ok(None)
        }
    }
}

/// Problems of the proposed record, pointed at the lines of the file the user wrote.
fn report_in_file(file: &Path, text: &str, diags: &[Diagnostic], ctx: &Ctx) {
    for d in diags {
        let pointer: Vec<PathSeg> = match d.pointer.split_first() {
            Some((PathSeg::Key(k), rest)) if k == "proposed" => rest.to_vec(),
            _ => d.pointer.clone(),
        };
        let (line, col) = store::locate::locate(text, &pointer);
        eprintln!(
            "{}:{line}:{col}: error: {}",
            file.display(),
            sanitize(&d.described(ctx.lang))
        );
    }
}
