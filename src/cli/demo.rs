//! `tthc demo`, and what `tthc` with no command opens.

use super::output::{note, stdout_is_terminal};
use super::{CliError, Ctx, Face, TuiRequest};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tthc::workspace;

/// Build the demo — the bundled sample catalogue in a new git repository whose history tells the
/// 2021–2022 story of thị xã Duy Tiên — and open it in the TUI
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to build it (a new or empty folder; default: a new folder in the system's temp folder)
    #[arg(long)]
    dir: Option<PathBuf>,
    /// The second story: the same catalogue carried into 1 July 2025 by a plan (the district
    /// level gone, its procedures transferred to the five wards of Duy Tiên)
    #[arg(long)]
    after_2025: bool,
}

fn interactive() -> bool {
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

fn tui(ctx: &Ctx, root: PathBuf, banner: Option<String>, demo_dir: Option<PathBuf>) -> Face {
    Face::Tui(TuiRequest {
        root,
        lang: ctx.lang,
        color: ctx.color,
        banner,
        demo_dir,
        notice: None,
    })
}

/// A fresh folder for a demo: `tthc-demo-<date>-<n>` in the temp folder.
fn fresh_dir() -> PathBuf {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
    let base = std::env::temp_dir();
    (0..)
        .map(|n| base.join(format!("tthc-demo-{stamp}-{}-{n}", std::process::id())))
        .find(|p| !p.exists())
        .unwrap_or_else(|| base.join("tthc-demo"))
}

fn build(ctx: &Ctx, dir: &Path) -> Result<(), CliError> {
    note!(
        "{}",
        ctx.lang.pick(
            "Đang dựng bản demo (danh mục mẫu và lịch sử 2021–2022)…",
            "Building the demo (sample catalogue and its 2021–2022 history)…"
        )
    );
    let mut commits = workspace::build_demo_2022(dir)?;
    // The reviews of 2022 that led to the half-year's proposals, as forms (issue 19).
    commits += workspace::reviews::add_demo_reviews(dir)?;
    // The province's decisions its procedures and proposals cite (issue 17).
    commits += workspace::decisions::add_demo_decisions(dir)?;
    // The office posts its listing once the decisions are in (July 2022): the changes page
    // then shows what changed since (issues 13, 17).
    commits += workspace::post_demo_2022(dir)?;
    // Nghị định 42/2022's online modes, then the 2025 migration to the 2026 record (issue 16).
    commits += workspace::finish_demo(dir)?;
    note!(
        "{} {} ({commits} {})",
        ctx.lang.pick("Đã dựng bản demo ở", "Built the demo in"),
        dir.display(),
        ctx.lang.pick("lần ghi", "commits")
    );
    Ok(())
}

/// `--after-2025`: the demo, then the plan of 1 July 2025 and its result.
fn build_after_2025(ctx: &Ctx, dir: &Path) -> Result<(), CliError> {
    note!(
        "{}",
        ctx.lang.pick(
            "Đang dựng bản demo sau 01/07/2025 (danh mục 2022, kế hoạch sắp xếp, năm phường)…",
            "Building the demo after 1 July 2025 (the 2022 catalogue, the plan, five wards)…"
        )
    );
    let commits = workspace::build_demo_after_2025(dir)?;
    note!(
        "{} {} ({commits} {})",
        ctx.lang.pick("Đã dựng bản demo ở", "Built the demo in"),
        dir.display(),
        ctx.lang.pick("lần ghi", "commits")
    );
    note!(
        "{}",
        ctx.lang.pick(
            "Danh mục của từng phường: tthc export --all-units --out THƯ_MỤC",
            "Each ward's listing: tthc export --all-units --out DIR"
        )
    );
    Ok(())
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Face, CliError> {
    let dir = args.dir.unwrap_or_else(fresh_dir);
    if args.after_2025 {
        build_after_2025(ctx, &dir)?;
    } else {
        build(ctx, &dir)?;
    }
    if !interactive() {
        // The folder for a script; on a terminal, text a person reads.
        if stdout_is_terminal() {
            println!("{}", tthc::present::sanitize_path(&dir));
        } else {
            println!("{}", dir.display());
        }
        return Ok(Face::Done(ExitCode::SUCCESS));
    }
    Ok(tui(ctx, dir.clone(), Some("demo".into()), Some(dir)))
}

/// `tthc [PATH]`: the catalogue at PATH, else the one found from here upward, else the demo.
/// Without a terminal (a pipe, a script) it prints a summary instead.
pub fn open_default(ctx: &Ctx, path: Option<&PathBuf>) -> Result<Face, CliError> {
    if !interactive() {
        return super::summary::run(ctx, path).map(Face::Done);
    }
    let start = ctx.start_dir(path);
    if let Some(root) = workspace::locate(&start) {
        return Ok(tui(ctx, root, None, None));
    }
    if path.is_some() || ctx.catalog.is_some() {
        return Err(workspace::WorkspaceError::NoCatalog { start }.into());
    }
    let dir = fresh_dir();
    build(ctx, &dir)?;
    Ok(tui(ctx, dir.clone(), Some("demo".into()), Some(dir)))
}
