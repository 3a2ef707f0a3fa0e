//! `tthc fmt`: rewrite every file in canonical form.

use super::output::{note, screen};
use super::{CliError, Ctx};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::workspace;

/// Rewrite every file in canonical form (stable key order, NFC text, LF, final newline); files that
/// do not parse are left untouched
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Catalogue folder (default: found from the current folder upward)
    path: Option<PathBuf>,
    /// Change nothing; list the files that are not canonical and exit 1 if there are any
    #[arg(long)]
    check: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let start = ctx.start_dir(args.path.as_ref());
    let cat = workspace::open(&start)?;
    let report = workspace::format(&cat, args.check)?;
    let lang = ctx.lang;
    let mut out = screen(ctx.color);
    for file in &report.changed {
        let verb = if args.check {
            lang.pick("chưa chuẩn", "not canonical")
        } else {
            lang.pick("đã định dạng", "formatted")
        };
        writeln!(out, "{}: {verb}", cat.root.join(file).display())?;
    }
    for file in &report.skipped {
        note!(
            "{}: {}",
            cat.root.join(file).display(),
            lang.pick(
                "bỏ qua vì không đọc được — chạy `tthc validate` để xem lỗi",
                "skipped because it does not parse — run `tthc validate` to see why"
            )
        );
    }
    let failed = !report.skipped.is_empty() || (args.check && !report.changed.is_empty());
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
