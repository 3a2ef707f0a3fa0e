//! `tthc sync`: share the catalogue through the configured remote.

use super::args::TextOutput;
use super::output::write_json;
use super::{CliError, Ctx};
use std::io::Write;
use std::process::ExitCode;
use tthc::i18n::Lang;
use tthc::model::Manifest;
use tthc::present::sanitize;
use tthc::workspace::{self, SyncOutcome, incoming};

/// Fetch from the remote, integrate (fast-forward, or a merge commit when both sides changed
/// different files or different fields of a record) and push; stops, changing nothing, when both
/// sides changed the same field, and lists each conflict
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The remote to sync with
    #[arg(long, default_value = "origin")]
    remote: String,
    #[command(flatten)]
    output: TextOutput,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let cat = workspace::open(&ctx.start_dir(None))?;
    let message = format!(
        "{} {}",
        lang.pick("Hợp nhất thay đổi từ", "Merge changes from"),
        args.remote
    );
    let before = workspace::head(&cat.root)?;
    let outcome = workspace::sync(&cat.root, &args.remote, &message)?;
    // What the other offices changed since the last sync, by unit.
    let incoming = match &outcome {
        SyncOutcome::FastForwarded { commit } | SyncOutcome::Merged { commit } => {
            incoming::incoming(&cat.root, before.as_deref(), commit)?
        }
        _ => Vec::new(),
    };
    if args.output.json() {
        #[derive(serde::Serialize)]
        struct Report<'a> {
            #[serde(flatten)]
            outcome: &'a SyncOutcome,
            incoming: &'a [incoming::IncomingCommit],
        }
        write_json(
            &mut std::io::stdout().lock(),
            &Report {
                outcome: &outcome,
                incoming: &incoming,
            },
        )?;
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
                tthc::present::short_commit(commit)
            )?,
            SyncOutcome::Merged { commit } => writeln!(
                out,
                "{} {}",
                lang.pick("Đã hợp nhất và gửi lên:", "Merged and pushed:"),
                tthc::present::short_commit(commit)
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
    if !args.output.json() && !incoming.is_empty() {
        let names = workspace::manifest_at(&cat.root).unwrap_or_default();
        let mut out = super::output::screen(ctx.color);
        out.write_all(incoming_text(&incoming, &names, lang).as_bytes())?;
    }
    Ok(if matches!(outcome, SyncOutcome::Conflicts { .. }) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The other offices' commits brought in, grouped by the unit whose listing they touch.
fn incoming_text(commits: &[incoming::IncomingCommit], m: &Manifest, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Vi => format!(
            "\nNơi khác đã thay đổi từ lần đồng bộ trước ({} lần ghi), theo đơn vị:\n",
            commits.len()
        ),
        Lang::En => format!(
            "\nChanged elsewhere since the last sync ({} commits), by unit:\n",
            commits.len()
        ),
    };
    let tz = m.policy.zone();
    for (group, list) in incoming::by_unit(commits) {
        let title = if group.is_empty() {
            lang.pick(
                "Chung (danh mục, đề xuất, quyết định, công bố)",
                "Shared (manifest, proposals, decisions, publications)",
            )
            .to_owned()
        } else if let Some(level) = group.strip_prefix('*') {
            match lang {
                Lang::Vi => format!("Mọi đơn vị {}", m.level_name(level).to_lowercase()),
                Lang::En => format!("Every unit at {}", m.level_name(level)),
            }
        } else {
            m.unit(&group).map_or(group.clone(), |u| u.name.clone())
        };
        s.push_str(&format!("  {}\n", sanitize(&title)));
        for c in list {
            let day = jiff::Timestamp::from_second(c.time)
                .map(|t| tz.to_datetime(t).date())
                .map(|d| tthc::present::date_display(d, lang))
                .unwrap_or_default();
            s.push_str(&format!(
                "    {day} {} <{}> {}: {}\n",
                sanitize(&c.author),
                sanitize(&c.email),
                tthc::present::short_commit(&c.id),
                sanitize(&c.summary)
            ));
        }
    }
    s
}
