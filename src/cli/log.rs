//! `tthc log`: the commits that changed the catalogue or one procedure.

use super::args::TextOutput;
use super::output::{paint, write_json};
use super::{CliError, Ctx};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::present::sanitize;
use tthc::store;
use tthc::workspace;

/// Show the history of the catalogue, or of one procedure: date, author, message and the
/// records each commit touched, newest first
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only commits that changed this procedure
    code: Option<String>,
    /// Level of the procedure, when its code exists at more than one
    #[arg(long)]
    level: Option<String>,
    /// At most this many commits
    #[arg(long, default_value_t = 200)]
    limit: usize,
    #[command(flatten)]
    output: TextOutput,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let start = ctx.start_dir(None);
    let root = workspace::locate(&start).ok_or(workspace::WorkspaceError::NoCatalog {
        start: start.clone(),
    })?;
    // Where the procedure's file is, found without loading the catalogue: where its level and
    // code put it. Only when that finds nothing (a misplaced file, an undeclared level) are all
    // records read.
    let manifest = workspace::manifest_at(&root).ok_or(workspace::WorkspaceError::NoCatalog {
        start: start.clone(),
    })?;
    let m = &manifest;
    let placed = args.code.as_ref().map(|code| {
        let levels: Vec<&str> = match &args.level {
            Some(l) => vec![l.as_str()],
            None => m.levels.iter().map(|l| l.id.as_str()).collect(),
        };
        levels
            .into_iter()
            .map(|level| (level, store::procedure_path(m.layout, level, code)))
            .filter(|(_, rel)| root.join(rel).is_file())
            .collect::<Vec<_>>()
    });
    let file: Option<PathBuf> = match (&args.code, placed.as_deref()) {
        (None, _) => None,
        (Some(_), Some([(_, rel)])) => Some(rel.clone()),
        (Some(code), Some(many)) if many.len() > 1 => {
            return Err(super::Usage::SeveralLevels {
                code: code.clone(),
                levels: many.iter().map(|(l, _)| (*l).to_owned()).collect(),
            }
            .into());
        }
        (Some(code), _) => {
            let cat = workspace::open(&root)?;
            let found: Vec<_> = cat
                .procedures
                .iter()
                .filter(|p| &p.record.code == code)
                .filter(|p| args.level.as_ref().is_none_or(|l| *l == p.record.level))
                .collect();
            match (found.as_slice(), &args.level) {
                ([one], _) => Some(one.path.clone()),
                // Not in the catalogue now: it may have been removed; look where it would be.
                ([], Some(level)) => Some(store::procedure_path(cat.manifest.layout, level, code)),
                ([], None) => {
                    return Err(super::Usage::NoProcedure {
                        code: code.clone(),
                        removed: true,
                    }
                    .into());
                }
                (many, _) => {
                    return Err(super::Usage::SeveralLevels {
                        code: code.clone(),
                        levels: many.iter().map(|p| p.record.level.to_string()).collect(),
                    }
                    .into());
                }
            }
        }
    };
    let commits = workspace::log(&root, file.as_deref(), args.limit)?;
    // Changed files are named by their records, levels by the manifest's names.
    let m = workspace::manifest_at(&root).unwrap_or_default();
    if args.output.json() {
        write_json(&mut std::io::stdout().lock(), &commits)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = super::output::screen(ctx.color);
    for c in &commits {
        let when = jiff::Timestamp::from_second(c.time)
            .ok()
            .map(|t| {
                let offset = jiff::tz::Offset::from_seconds(c.offset_minutes * 60)
                    .unwrap_or(jiff::tz::Offset::UTC);
                let dt = offset.to_datetime(t);
                match ctx.lang {
                    tthc::i18n::Lang::Vi => dt.strftime("%d/%m/%Y %H:%M").to_string(),
                    tthc::i18n::Lang::En => dt.strftime("%Y-%m-%d %H:%M").to_string(),
                }
            })
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {}  {}  {}",
            paint(tthc::present::short_commit(&c.id), "33", ctx.color),
            when,
            sanitize(&c.author),
            sanitize(c.message.lines().next().unwrap_or(""))
        )?;
        const SHOWN: usize = 8;
        for path in c.paths.iter().take(SHOWN) {
            writeln!(
                out,
                "    {}",
                sanitize(&tthc::present::record_label(path, &m, ctx.lang))
            )?;
        }
        if c.paths.len() > SHOWN {
            let more = c.paths.len() - SHOWN;
            writeln!(
                out,
                "    … {} {more} {}",
                ctx.lang.pick("và", "and"),
                ctx.lang.pick("tệp khác", "more files")
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
