//! `tthc edit`: change one procedure in your editor, as `kubectl edit` does.

use super::output::{note, screen};
use super::{CliError, Ctx};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tthc::store;
use tthc::words::Describe;
use tthc::workspace::{self, EditOutcome, EditSession};

/// Open a procedure's YAML in $VISUAL/$EDITOR; on close it is validated (and reopened with the
/// problems listed at the top when invalid), then saved and committed as one commit
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Procedure code, e.g. 1.001193
    code: String,
    /// Level, when the code exists at more than one
    #[arg(long)]
    level: Option<String>,
    /// Commit message (default: says which fields changed)
    #[arg(short, long)]
    message: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    // Only the files where this procedure belongs are read (SPEC §6: a command about one
    // procedure need not load every record).
    let cat = workspace::open_procedure(&ctx.start_dir(None), &args.code, args.level.as_deref())?;
    let rel = locate_file(&cat, &args.code, args.level.as_deref())?;
    let mut session = EditSession::start(cat, &rel)?;
    let (tmp, interrupted) = session.scratch_file()?;
    for kept in &interrupted {
        note!(
            "{} {}",
            lang.pick(
                "Một lần sửa trước đó bị ngắt giữa chừng, chưa lưu; nội dung đang sửa dở được giữ ở",
                "An earlier edit was interrupted before it was saved; its text is kept in"
            ),
            kept.display()
        );
    }
    let mut last_invalid: Option<String> = None;
    loop {
        if let Err(e) = run_editor(&tmp) {
            keep(&tmp, lang);
            return Err(e);
        }
        let edited = fs::read_to_string(&tmp)?;
        let stripped = EditSession::strip_header(&edited);
        if last_invalid.as_deref() == Some(stripped.as_str()) {
            note!(
                "{}",
                lang.pick(
                    "Tệp đóng lại mà chưa sửa lỗi; chưa lưu gì.",
                    "The file was closed without fixing the problems; nothing was saved."
                )
            );
            keep(&tmp, lang);
            return Ok(ExitCode::from(1));
        }
        match session.submit(&edited, args.message.as_deref(), lang) {
            Ok(EditOutcome::Unchanged) => {
                let _ = fs::remove_file(&tmp);
                note!(
                    "{}",
                    lang.pick(
                        "Không có thay đổi; không lưu gì.",
                        "No changes; nothing saved."
                    )
                );
                return Ok(ExitCode::SUCCESS);
            }
            Ok(EditOutcome::Cancelled) => {
                let _ = fs::remove_file(&tmp);
                note!(
                    "{}",
                    lang.pick("Tệp rỗng: đã hủy sửa.", "Empty file: edit cancelled.")
                );
                return Ok(ExitCode::SUCCESS);
            }
            Ok(EditOutcome::Saved {
                commit,
                message,
                migrated,
            }) => {
                let _ = fs::remove_file(&tmp);
                let mut out = screen(ctx.color);
                if let Some(m) = &migrated {
                    writeln!(out, "{}", tthc::words::migrated_first(m, lang))?;
                }
                writeln!(out, "{}", super::output::saved(&commit, &message, lang))?;
                return Ok(ExitCode::SUCCESS);
            }
            Ok(EditOutcome::Invalid(diags)) => {
                let mut header = String::new();
                header.push_str(&format!(
                    "{} {}\n",
                    workspace::HEADER_PREFIX,
                    lang.pick(
                        "Chưa lưu: hãy sửa các lỗi dưới đây rồi lưu lại (xóa hết nội dung để hủy).",
                        "Not saved: fix the problems below and save again (empty the file to cancel)."
                    )
                ));
                let header_lines = diags.len() + 1;
                for d in &diags {
                    // Positions refer to the text below the header.
                    header.push_str(&format!(
                        "{} {}:{}: {}: {}\n",
                        workspace::HEADER_PREFIX,
                        d.line + header_lines,
                        d.column,
                        if d.is_error() {
                            lang.pick("lỗi", "error")
                        } else {
                            lang.pick("cảnh báo", "warning")
                        },
                        tthc::present::sanitize(&d.described(lang))
                    ));
                    note!(
                        "{}:{}:{}: {}",
                        rel.display(),
                        d.line,
                        d.column,
                        d.described(lang)
                    );
                }
                fs::write(&tmp, format!("{header}{stripped}"))?;
                last_invalid = Some(stripped);
            }
            // Committed; only the work tree lags, and the next command completes it.
            Err(e @ workspace::WorkspaceError::SavedIncomplete { .. }) => {
                let _ = fs::remove_file(&tmp);
                return Err(e.into());
            }
            Err(e) => {
                note!("{}", lang.pick("Chưa lưu.", "Not saved."));
                keep(&tmp, lang);
                return Err(e.into());
            }
        }
    }
}

/// The edit ends unsaved: keep the user's text (for 30 days) and say where.
fn keep(tmp: &Path, lang: tthc::i18n::Lang) {
    let kept = EditSession::keep_scratch(tmp);
    note!(
        "{} {}\n{}",
        lang.pick("Nội dung bạn sửa được giữ ở", "Your text is kept in"),
        kept.display(),
        lang.pick(
            "(Tệp này được giữ 30 ngày rồi tự xóa.)",
            "(The file is kept for 30 days, then removed.)"
        )
    );
}

/// The procedure's file: from the loaded records, or — for a file too broken to load — from where
/// its level and code say it is.
fn locate_file(cat: &store::Catalog, code: &str, level: Option<&str>) -> Result<PathBuf, CliError> {
    let found: Vec<&PathBuf> = cat
        .procedures
        .iter()
        .filter(|p| {
            p.record.code == code
                && level.is_none_or(|l| workspace::level_matches(&cat.manifest, &p.record.level, l))
        })
        .map(|p| &p.path)
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let broken = cat.unparsed.iter().find(|p| {
                p.file_stem().is_some_and(|s| s == code)
                    && level.is_none_or(|l| {
                        p.parent().and_then(Path::file_name).is_some_and(|n| n == l)
                    })
            });
            broken.cloned().ok_or_else(|| {
                super::Usage::NoProcedure {
                    code: code.to_owned(),
                    removed: false,
                }
                .into()
            })
        }
        _ => Err(super::Usage::SeveralLevels {
            code: code.to_owned(),
            levels: cat
                .procedures
                .iter()
                .filter(|p| p.record.code == code)
                .map(|p| p.record.level.to_string())
                .collect(),
        }
        .into()),
    }
}

/// Run the user's editor on `file` and wait for it. `$VISUAL`, then `$EDITOR`, then `vi`; the
/// variable may hold arguments (`code --wait`).
fn run_editor(file: &Path) -> Result<(), CliError> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .status()
        .map_err(|error| super::Usage::EditorStart {
            editor: editor.clone(),
            error,
        })?;
    if !status.success() {
        return Err(super::Usage::EditorFailed {
            editor,
            code: status.code(),
        }
        .into());
    }
    Ok(())
}
