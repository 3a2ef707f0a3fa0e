//! `tthc dev`: tools for developers of tthc (hidden from the help): synthetic catalogues for
//! benchmarks and tests.

use super::{CliError, Ctx};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::model::Layout;
use tthc::synthetic;

/// Tools for developers of tthc
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: DevCommand,
}

#[derive(Debug, clap::Subcommand)]
enum DevCommand {
    Generate(GenerateArgs),
}

/// Write a synthetic catalogue with a git history, deterministic from the seed
#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// Number of procedures
    #[arg(long, default_value_t = 1000)]
    procedures: usize,
    /// Number of commits, the first import included
    #[arg(long, default_value_t = 1000)]
    commits: usize,
    /// Seed of the generator: the same seed gives the same catalogue and history
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// flat or sharded (default: sharded above 5,000 procedures)
    #[arg(long)]
    layout: Option<String>,
    /// Build the records from the texts of the catalogue in this folder (e.g. the repository's
    /// `catalog/`): long, varied real texts instead of the generator's short phrases
    #[arg(long)]
    texts: Option<PathBuf>,
    /// Folder to create (must be new or empty)
    #[arg(long)]
    out: PathBuf,
    /// Print the report as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(_ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let DevCommand::Generate(args) = args.command;
    let layout = match args.layout.as_deref() {
        None => None,
        Some("flat") => Some(Layout::Flat),
        Some("sharded") => Some(Layout::Sharded),
        Some(other) => {
            return Err(super::Usage::UnknownLayout(other.to_owned()).into());
        }
    };
    let report = synthetic::generate(
        &args.out,
        &synthetic::Options {
            procedures: args.procedures,
            commits: args.commits,
            seed: args.seed,
            layout,
            texts: args.texts,
        },
    )?;
    let mut out = super::output::screen(false);
    if args.json {
        let value = serde_json::json!({
            "procedures": report.procedures,
            "commits": report.commits,
            "head": report.head,
            "layout": if report.layout == Layout::Sharded { "sharded" } else { "flat" },
            "hot_path": report.hot_path,
            "cold_path": report.cold_path,
            "yaml_bytes": report.yaml_bytes,
        });
        writeln!(out, "{value}")?;
    } else {
        writeln!(
            out,
            "{} procedures, {} commits, {} bytes of YAML ({} per procedure); most edited: {}",
            report.procedures,
            report.commits,
            report.yaml_bytes,
            report.yaml_bytes / report.procedures.max(1) as u64,
            report.hot_path.display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
