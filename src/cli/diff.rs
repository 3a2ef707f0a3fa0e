//! `tthc diff`: what changed between two states of the catalogue, field by field, with a
//! word-level redline inside text.

use super::args::TextOutput;
use super::output::{note, paint, write_json};
use super::{CliError, Ctx};
use std::io::Write;
use std::process::ExitCode;
use tthc::diff::{self, Segment};
use tthc::present::sanitize;
use tthc::workspace;

/// Compare the catalogue at A with B (default: the files as they are now); A and B are a commit,
/// tag, branch, or a date (YYYY-MM-DD or dd/mm/yyyy) meaning "as recorded at the end of that day"
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier state: a commit, tag, branch or date
    #[arg(value_name = "A", value_parser = super::input::rev_or_date)]
    a: String,
    /// The later state (default: the files as they are now)
    #[arg(value_name = "B", value_parser = super::input::rev_or_date)]
    b: Option<String>,
    #[command(flatten)]
    output: TextOutput,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let start = ctx.start_dir(None);
    let old = workspace::open_at(&start, &args.a)?;
    let new = match &args.b {
        Some(b) => workspace::open_at(&start, b)?,
        None => workspace::open(&start)?,
    };
    let d = diff::catalogs(&old, &new);
    if args.output.json() {
        write_json(&mut std::io::stdout().lock(), &d)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = super::output::screen(ctx.color);
    let lang = ctx.lang;
    let color = ctx.color;
    for p in &d.added {
        // A record created by a transfer between levels or units (chuyển cấp) says from where.
        let from = new
            .procedure(&p.level, &p.code)
            .and_then(|s| s.record.transferred_from.as_ref());
        if let Some(from) = from {
            let tag = paint(lang.pick("> chuyển cấp", "> transferred"), "36", color);
            writeln!(
                out,
                "{tag}  {}/{}  {} ({} {}/{})",
                p.level,
                p.code,
                sanitize(&p.name),
                lang.pick("từ", "from"),
                from.level,
                from.code
            )?;
            continue;
        }
        let tag = paint(lang.pick("+ thêm", "+ added"), "32", color);
        writeln!(out, "{tag}  {}/{}  {}", p.level, p.code, sanitize(&p.name))?;
    }
    for p in &d.removed {
        let tag = paint(lang.pick("- bỏ", "- removed"), "31", color);
        writeln!(out, "{tag}  {}/{}  {}", p.level, p.code, sanitize(&p.name))?;
    }
    for p in &d.changed {
        let tag = paint(lang.pick("~ sửa", "~ changed"), "33", color);
        let p_ref = &p.procedure;
        writeln!(
            out,
            "{tag}  {}/{}  {}",
            p_ref.level,
            p_ref.code,
            sanitize(&p_ref.name)
        )?;
        for change in &p.changes {
            writeln!(out, "    {}", describe(change, lang, color))?;
        }
    }
    if d.is_empty() {
        note!("{}", lang.pick("Không có thay đổi.", "No changes."));
    }
    Ok(ExitCode::SUCCESS)
}

/// One change as a line: the field, what happened to it, and the redline.
pub(super) fn describe(c: &diff::FieldChange, lang: tthc::i18n::Lang, color: bool) -> String {
    use diff::ChangeKind;
    // Scripts have the raw path in --format json; people read the field's name.
    let field = tthc::i18n::field_path_label(&c.field, lang);
    let redline = c.redline_for(lang);
    let c = &diff::FieldChange {
        field,
        redline,
        ..c.clone()
    };
    let note = tthc::words::change_note(c, lang);
    match c.kind {
        ChangeKind::Moved => format!(
            "{}{note}: {}",
            c.field,
            sanitize(c.new.as_deref().unwrap_or(""))
        ),
        _ => format!("{}{note}: {}", c.field, render(&c.redline, color)),
    }
}

/// Deleted words struck through in red, inserted ones underlined in green; without colour the
/// `[-old-]{+new+}` markers carry the same information.
pub(super) fn render(segments: &[Segment], color: bool) -> String {
    if !color {
        return sanitize(&diff::redline_plain(segments)).into_owned();
    }
    segments
        .iter()
        .map(|s| match s {
            Segment::Equal(t) => sanitize(t).into_owned(),
            Segment::Delete(t) => paint(&sanitize(t), "9;31", true),
            Segment::Insert(t) => paint(&sanitize(t), "4;32", true),
        })
        .collect()
}
