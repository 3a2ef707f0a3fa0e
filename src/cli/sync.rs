//! `tthc sync`: share the catalogue through the configured remote.

use super::output::write_json;
use super::{CliError, Ctx};
use std::io::Write;
use std::process::ExitCode;
use tthc::present::sanitize;
use tthc::workspace::{self, SyncOutcome};

/// Fetch from the remote, integrate (fast-forward, or a merge commit when both sides changed
/// different files or different fields of a record) and push; stops, changing nothing, when both
/// sides changed the same field, and lists each conflict
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The remote to sync with
    #[arg(long, default_value = "origin")]
    remote: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let cat = workspace::open(&ctx.start_dir(None))?;
    let message = format!(
        "{} {}",
        lang.pick("Hợp nhất thay đổi từ", "Merge changes from"),
        args.remote
    );
    let outcome = workspace::sync(&cat.root, &args.remote, &message)?;
    if args.format == Format::Json {
        write_json(&mut std::io::stdout().lock(), &outcome)?;
    } else {
        let mut out = super::output::screen(ctx.color);
        match &outcome {
            SyncOutcome::UpToDate => writeln!(
                out,
                "{}",
                lang.pick("Đã đồng bộ, không có gì mới.", "Up to date.")
            )?,
            SyncOutcome::Pushed => writeln!(
                out,
                "{}",
                lang.pick("Đã gửi các thay đổi lên.", "Pushed local changes.")
            )?,
            SyncOutcome::FastForwarded { commit } => writeln!(
                out,
                "{} {}",
                lang.pick(
                    "Đã nhận thay đổi mới, đến",
                    "Took the remote changes, now at"
                ),
                &commit[..10.min(commit.len())]
            )?,
            SyncOutcome::Merged { commit } => writeln!(
                out,
                "{} {}",
                lang.pick("Đã hợp nhất và gửi lên:", "Merged and pushed:"),
                &commit[..10.min(commit.len())]
            )?,
            SyncOutcome::Conflicts { conflicts } => {
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "Xung đột: cùng một trường đã bị sửa khác nhau ở hai nơi. Chưa thay đổi gì.",
                        "Conflict: the same field was changed differently on both sides. Nothing was changed."
                    )
                )?;
                for c in conflicts {
                    let field = if c.field.is_empty() {
                        lang.pick("(cả tệp)", "(whole file)").to_owned()
                    } else {
                        tthc::i18n::path_words(&c.field, lang)
                    };
                    writeln!(
                        out,
                        "  {} — {}",
                        tthc::present::sanitize_path(&c.file),
                        sanitize(&field)
                    )?;
                    writeln!(
                        out,
                        "    {}: {}",
                        lang.pick("ở đây", "ours"),
                        sanitize(&c.ours)
                    )?;
                    writeln!(
                        out,
                        "    {}: {}",
                        lang.pick("từ xa", "theirs"),
                        sanitize(&c.theirs)
                    )?;
                }
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "Sửa lại một bên cho giống bên kia (tthc edit), commit, rồi chạy tthc sync lần nữa.",
                        "Make one side agree with the other (tthc edit), commit, then run tthc sync again."
                    )
                )?;
            }
        }
    }
    Ok(if matches!(outcome, SyncOutcome::Conflicts { .. }) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
