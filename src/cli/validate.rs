//! `tthc validate`: every problem of the catalogue in one run.

use super::args::{CatalogArgs, TextFormat, TextOutput};
use super::output::{note, paint, screen, stdout_color};
use super::{CliError, Ctx};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tthc::diagnostic::{Diagnostic, Severity, pointer_text};
use tthc::words::{Describe, Message};
use tthc::{validate, workspace};

/// Check every file of the catalogue and report each problem as FILE:LINE:COL: error|warning:
/// message (exit 0 when there are no errors, 1 when there are, 2 when the catalogue cannot be read)
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    catalog: CatalogArgs,
    #[command(flatten)]
    output: TextOutput,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let start = ctx.start_dir(args.catalog.path.as_ref());
    let cat = workspace::open(&start)?;
    let mut diags = validate::validate_catalog(&cat);
    // Reviews: plans past due with forms missing, forms without data, "keep" without reasons.
    diags.extend(workspace::reviews::diagnostics(&cat, ctx.today())?);
    let shown_root = display_root(&start, &cat.root);
    match args.output.format {
        TextFormat::Json => {
            let items: Vec<serde_json::Value> =
                diags.iter().map(|d| json(d, &shown_root, ctx)).collect();
            super::output::write_json(&mut std::io::stdout().lock(), &items)?;
        }
        TextFormat::Text => {
            let color = stdout_color();
            let mut out = screen(color);
            for d in &diags {
                let (word, sgr) = match d.severity {
                    Severity::Error => ("error", "1;31"),
                    Severity::Warning => ("warning", "1;33"),
                };
                writeln!(
                    out,
                    "{}:{}:{}: {}: {}",
                    shown_root.join(&d.file).display(),
                    d.line,
                    d.column,
                    paint(word, sgr, color),
                    tthc::present::sanitize(&d.described(ctx.lang))
                )?;
                if let Some(hint) = d.hint(ctx.lang) {
                    writeln!(out, "  {}: {}", ctx.lang.pick("gợi ý", "hint"), hint)?;
                }
            }
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let files = cat.procedures.len()
        + cat.proposals.len()
        + cat.publications.len()
        + cat.decisions.len()
        + 1
        + cat.unparsed.len();
    note!(
        "{}",
        match ctx.lang {
            tthc::i18n::Lang::Vi => format!("{files} tệp: {errors} lỗi, {warnings} cảnh báo"),
            tthc::i18n::Lang::En => format!("{files} files: {errors} errors, {warnings} warnings"),
        }
    );
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Paths are shown as the user can open them: relative to where they pointed us.
fn display_root(start: &Path, root: &Path) -> PathBuf {
    let start_abs = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    let root_abs = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match start_abs.strip_prefix(&root_abs) {
        // The user pointed inside the catalogue: climb back up to its root.
        Ok(inner) => {
            let ups = inner.components().count();
            let mut p = start.to_path_buf();
            for _ in 0..ups {
                p.push("..");
            }
            if p.as_os_str() == "." {
                PathBuf::new()
            } else {
                p
            }
        }
        Err(_) => root.to_path_buf(),
    }
}

fn json(d: &Diagnostic, root: &Path, ctx: &Ctx) -> serde_json::Value {
    serde_json::json!({
        "file": root.join(&d.file).to_string_lossy(),
        "line": d.line,
        "column": d.column,
        "severity": d.severity,
        "message": d.message(ctx.lang),
        "hint": d.hint(ctx.lang),
        "pointer": pointer_text(&d.pointer),
    })
}
