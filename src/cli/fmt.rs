//! `tthc fmt`: rewrite every file in canonical form.

use super::args::CatalogArgs;
use super::output::{note, screen};
use super::{CliError, Ctx};
use std::io::Write;
use std::process::ExitCode;
use tthc::workspace;

/// Rewrite every file in canonical form (stable key order, NFC text, LF, final newline); files that
/// do not parse are left untouched
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    catalog: CatalogArgs,
    /// Change nothing; list the files that are not canonical and exit 1 if there are any
    #[arg(long)]
    check: bool,
    /// Bring a catalogue of an older format version to the current one, in one commit (with
    /// --check: list what would change, and exit 1 if the catalogue needs migrating)
    #[arg(long)]
    migrate: bool,
}

fn migrate(ctx: &Ctx, args: &Args) -> Result<ExitCode, CliError> {
    let start = ctx.start_dir(args.catalog.path.as_ref());
    let root = workspace::locate(&start).ok_or(workspace::WorkspaceError::NoCatalog {
        start: start.clone(),
    })?;
    let lang = ctx.lang;
    let report = workspace::migrate(&root, args.check, lang)?;
    let mut out = screen(ctx.color);
    if !report.unparsed.is_empty() {
        for file in &report.unparsed {
            note!(
                "{}: {}",
                root.join(file).display(),
                lang.pick(
                    "không đọc được — sửa tệp này trước (chạy `tthc validate` để xem lỗi); chưa chuyển đổi gì",
                    "does not parse — fix it first (run `tthc validate` to see why); nothing was migrated"
                )
            );
        }
        return Ok(ExitCode::from(1));
    }
    if report.already_current() {
        writeln!(
            out,
            "{} {}",
            lang.pick(
                "Danh mục đã ở định dạng hiện hành, phiên bản",
                "The catalogue is already at the current format version"
            ),
            report.from
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for file in &report.changed {
        let verb = if args.check {
            lang.pick("sẽ chuyển đổi", "would be migrated")
        } else {
            lang.pick("đã chuyển đổi", "migrated")
        };
        writeln!(out, "{}: {verb}", root.join(file).display())?;
    }
    match &report.commit {
        Some(commit) => writeln!(
            out,
            "{} {} → {}: {} {} ({} {})",
            lang.pick("Đã chuyển định dạng", "Migrated the format"),
            report.from,
            report.to,
            report.changed.len(),
            lang.pick("tệp", "files"),
            lang.pick("lần ghi", "commit"),
            tthc::present::short_commit(commit)
        )?,
        None => writeln!(
            out,
            "{} {} → {}: {} {}",
            lang.pick("Cần chuyển định dạng", "Needs migrating"),
            report.from,
            report.to,
            report.changed.len(),
            lang.pick(
                "tệp; chạy `tthc fmt --migrate`",
                "files; run `tthc fmt --migrate`"
            ),
        )?,
    }
    Ok(if args.check {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    if args.migrate {
        return migrate(ctx, &args);
    }
    let start = ctx.start_dir(args.catalog.path.as_ref());
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
