//! `tthc show`: one procedure, every section in the official order.

use super::args::{AtArg, ProcedureArg, TextOutput};
use super::output::{note, paint};
use super::{CliError, Ctx};
use std::io::Write;
use std::process::ExitCode;
use tthc::i18n::Lang;
use tthc::present::{sanitize, sections_on};
use tthc::store::Catalog;
use tthc::workspace;

/// Show one procedure in full
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    procedure: ProcedureArg,
    #[command(flatten)]
    at: AtArg,
    #[command(flatten)]
    output: TextOutput,
}

/// Tell the user on stderr that some files were not read, so a listing is not taken as complete.
pub fn warn_unparsed(cat: &Catalog, lang: Lang) {
    if !cat.unparsed.is_empty() {
        note!(
            "{} {} — tthc validate",
            cat.unparsed.len(),
            lang.pick(
                "tệp không đọc được đã bị bỏ qua",
                "files that do not parse were skipped"
            )
        );
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let cat = match &args.at.at {
        Some(spec) => workspace::open_at(&ctx.start_dir(None), spec)?,
        // Only the files where this procedure belongs are read (SPEC §6: a command about one
        // procedure need not load every record).
        None => workspace::open_procedure(
            &ctx.start_dir(None),
            &args.procedure.code,
            args.procedure.level.as_deref(),
        )?,
    };
    warn_unparsed(&cat, ctx.lang);
    let lang = ctx.lang;
    let matches: Vec<_> = cat
        .procedures
        .iter()
        .filter(|s| s.record.code == args.procedure.code)
        .filter(|s| {
            args.procedure
                .level
                .as_deref()
                .is_none_or(|l| workspace::level_matches(&cat.manifest, &s.record.level, l))
        })
        .collect();
    let found = match matches.as_slice() {
        [] => {
            note!(
                "tthc: {} {}",
                lang.pick("không có thủ tục mã", "no procedure with code"),
                args.procedure.code
            );
            return Ok(ExitCode::from(1));
        }
        [one] => *one,
        many => {
            return Err(super::Usage::SeveralLevels {
                code: args.procedure.code.clone(),
                levels: many.iter().map(|s| s.record.level.to_string()).collect(),
            }
            .into());
        }
    };
    if args.output.json() {
        super::output::write_json(&mut std::io::stdout().lock(), &found.record)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = super::output::screen(ctx.color);
    writeln!(
        out,
        "{}",
        paint(&sanitize(&found.record.name), "1", ctx.color)
    )?;
    // A legal-basis row citing a text by number shows the register's facts about it.
    let shown = cat.with_legal_facts(&found.record);
    for section in sections_on(&shown, &cat.manifest, lang, Some(ctx.today())) {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint(&section.title.to_uppercase(), "1;36", ctx.color)
        )?;
        for line in section.lines {
            writeln!(out, "  {}", sanitize(&line))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
