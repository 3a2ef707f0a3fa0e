//! `tthc init`: create a catalogue, empty or from the bundled sample.

use super::{CliError, Ctx};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::workspace;

/// Create a new catalogue (inside an existing git repository: as a sub-folder of it; otherwise as a
/// new repository), with one first commit
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to create (must be new or empty)
    dir: PathBuf,
    /// Start from the bundled sample catalogue (thị xã Duy Tiên, 2022; illustrative data)
    #[arg(long)]
    sample: bool,
    /// Name of the authority keeping the catalogue, for an empty catalogue
    #[arg(long, default_value = "UBND xã")]
    authority: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let report = workspace::init(&args.dir, args.sample, &args.authority)?;
    let lang = ctx.lang;
    let mut out = super::output::screen(ctx.color);
    let where_ = if report.new_repository {
        lang.pick("kho git mới", "a new git repository")
    } else {
        lang.pick("kho git có sẵn", "the existing git repository")
    };
    writeln!(
        out,
        "{} {} ({} {}, {} {}, commit {})",
        lang.pick("Đã tạo danh mục tại", "Created the catalogue at"),
        report.root.display(),
        report.files,
        lang.pick("tệp", "files"),
        lang.pick("trong", "in"),
        where_,
        &report.commit[..report.commit.len().min(10)]
    )?;
    writeln!(
        out,
        "{} tthc validate {} · tthc list -C {}",
        lang.pick("Tiếp theo:", "Next:"),
        report.root.display(),
        report.root.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
