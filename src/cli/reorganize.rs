//! `tthc reorganize --plan PLAN.yaml [--dry-run]`: carry the catalogue into a new administrative
//! map (levels, agencies, fields, units) in one commit, or show the whole redline first.

use super::args::TextOutput;
use super::output::{paint, saved, write_json};
use super::{CliError, Ctx, Usage};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::diff::{self, Segment};
use tthc::i18n::Lang;
use tthc::model::Manifest;
use tthc::present::{date_display, sanitize, sanitize_path};
use tthc::workspace::proposals::Recorder;
use tthc::workspace::reorganize::{
    self, Fate, ManifestEdit, ReorganizeError, ReorganizeOutcome, SAMPLE_PLAN,
};
use tthc::workspace::{self};

/// Words of unchanged context kept on each side of a change.
const CONTEXT_WORDS: usize = 6;

/// Transfer procedures between levels or units and rename or merge agencies and fields, by a
/// plan (PLAN.yaml): the old records are closed (in force until the effective date, transferred
/// to their successor), the new ones created (transferred from the old), the manifest gets the
/// new authority, units and a dated entry — one commit; --dry-run shows the whole redline
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan: effective date, decisions, authority, units, and the level, agency, field and
    /// code mappings
    #[arg(long, value_name = "PLAN.yaml", required_unless_present = "example")]
    plan: Option<PathBuf>,
    /// Show what would change, record by record, change nothing
    #[arg(long)]
    dry_run: bool,
    /// Print an example plan (thị xã Duy Tiên on 1 July 2025) to start from
    #[arg(long, conflicts_with_all = ["plan", "dry_run"])]
    example: bool,
    #[command(flatten)]
    output: TextOutput,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    if args.example {
        std::io::stdout().lock().write_all(SAMPLE_PLAN.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let file = args.plan.expect("clap requires --plan without --example");
    let text = std::fs::read_to_string(&file).map_err(|error| Usage::ReadFile {
        file: file.clone(),
        error,
    })?;
    let root = workspace::root_at(&ctx.start_dir(None))?;
    let before = workspace::manifest_at(&root).unwrap_or_default();
    let result = reorganize::read_plan(&text).and_then(|plan| {
        reorganize::reorganize(
            &root,
            &plan,
            args.dry_run,
            &Recorder::new(ctx.today(), lang),
        )
    });
    let outcome = match result {
        Ok(o) => o,
        Err(ReorganizeError::Workspace(e)) => return Err(e.into()),
        Err(e) => {
            use tthc::words::Message;
            super::output::note!("tthc: {}", sanitize(&e.message_with(lang, Some(&before))));
            return Ok(ExitCode::from(1));
        }
    };
    if args.output.json() {
        write_json(&mut std::io::stdout().lock(), &outcome)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Level and agency names: the manifest after the change knows the new ones too.
    let after = workspace::manifest_at(&root).unwrap_or_default();
    let names = if args.dry_run { &before } else { &after };
    let mut out = super::output::screen(ctx.color);
    out.write_all(render(&outcome, names, lang, ctx.color).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn heading(text: &str, color: bool) -> String {
    paint(&text.to_uppercase(), "1;36", color)
}

/// The outcome in words: the counts, every record's fate, the manifest's changes, and (on a dry
/// run, or after applying) the redline of every file written.
pub fn render(o: &ReorganizeOutcome, m: &Manifest, lang: Lang, color: bool) -> String {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut s = String::new();
    if !o.title.trim().is_empty() {
        s.push_str(&format!("{}\n", sanitize(o.title.trim())));
    }
    s.push_str(&format!(
        "{} {}\n",
        l("Hiệu lực từ", "In force from"),
        date_display(o.effective, lang)
    ));
    let c = o.counts();
    let total = o.records.len();
    s.push_str(&match lang {
        Lang::Vi => format!(
            "{total} thủ tục: chuyển cấp {} (trong đó {} giao cho thủ tục đã có ở cấp mới), giữ nguyên {} (sửa theo ánh xạ {}), đóng {}, không đổi {} (đã bãi bỏ hoặc dự thảo)\n",
            c.transferred + c.merged,
            c.merged,
            c.kept,
            c.rewritten,
            c.closed,
            c.untouched
        ),
        Lang::En => format!(
            "{total} procedures: {} transferred ({} handed to one already at the new level), {} kept ({} rewritten by a mapping), {} closed, {} untouched (abolished or draft)\n",
            c.transferred + c.merged,
            c.merged,
            c.kept,
            c.rewritten,
            c.closed,
            c.untouched
        ),
    });
    match (&o.commit, o.dry_run) {
        (_, true) => s.push_str(l(
            "Chạy thử: không thay đổi gì.\n",
            "Dry run: nothing was changed.\n",
        )),
        (Some(commit), false) => {
            let message = o.message.as_deref().and_then(|m| m.lines().next());
            s.push_str(&saved(commit, message.unwrap_or(""), lang));
            s.push('\n');
        }
        (None, false) => s.push_str(l(
            "Kế hoạch đã được áp dụng từ trước; không có gì thay đổi.\n",
            "The plan is already applied; nothing changed.\n",
        )),
    }

    s.push('\n');
    s.push_str(&heading(l("Từng thủ tục", "Every procedure"), color));
    s.push('\n');
    for r in &o.records {
        let here = format!("{} ({})", r.code, m.level_name(&r.level));
        let line = match &r.fate {
            Fate::Transferred { to } => format!(
                "{:<10} {here} → {} ({})",
                l("chuyển", "transfer"),
                to.code,
                m.level_name(&to.level)
            ),
            Fate::Merged { into } => format!(
                "{:<10} {here} → {} ({}, {})",
                l("giao", "hand over"),
                into.code,
                m.level_name(&into.level),
                l("đã có ở đó", "already there")
            ),
            Fate::Kept { rewritten: true } => {
                format!("{:<10} {here}", l("giữ, sửa", "keep, edit"))
            }
            Fate::Kept { rewritten: false } => format!("{:<10} {here}", l("giữ", "keep")),
            Fate::Closed => format!("{:<10} {here}", l("đóng", "close")),
            Fate::AlreadyClosed => format!("{:<10} {here}", l("đã bãi bỏ", "abolished")),
            Fate::Draft => format!("{:<10} {here}", l("dự thảo", "draft")),
        };
        s.push_str(&format!("  {}  {}", sanitize(&line), sanitize(&r.name)));
        if let Some(note) = &r.note {
            s.push_str(&format!(" — {}", sanitize(note)));
        }
        s.push('\n');
    }

    if !o.manifest.is_empty() {
        s.push('\n');
        s.push_str(&heading(
            l("Danh mục (catalog.yaml)", "Manifest (catalog.yaml)"),
            color,
        ));
        s.push('\n');
        for e in &o.manifest {
            s.push_str(&format!("  {}\n", sanitize(&manifest_line(e, lang))));
        }
    }

    if !o.writes.is_empty() {
        s.push('\n');
        s.push_str(&heading(l("Chi tiết thay đổi", "Redline"), color));
        s.push('\n');
        for w in &o.writes {
            let head = match &w.created_from {
                Some(from) => format!(
                    "{} ({} {} {})",
                    sanitize_path(&w.path),
                    l("mới, chuyển từ", "new, transferred from"),
                    from.code,
                    m.level_name(&from.level)
                ),
                None => sanitize_path(&w.path),
            };
            s.push_str(&format!("  {}\n", paint(&sanitize(&head), "1", color)));
            for c in &w.changes {
                let mut c = c.clone();
                c.redline = diff::fold_context(&c.redline, CONTEXT_WORDS);
                s.push_str(&format!("    {}\n", super::diff::describe(&c, lang, color)));
            }
        }
    }
    s
}

fn manifest_line(e: &ManifestEdit, lang: Lang) -> String {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let insert = |t: &str| super::diff::render(&[Segment::Insert(t.to_owned())], false);
    match e {
        ManifestEdit::Authority { from, to } => {
            format!("{}: {from} → {to}", l("cơ quan công bố", "authority"))
        }
        ManifestEdit::LevelAdded { id, name } => {
            format!("{} {id}: {}", l("thêm cấp", "level added"), insert(name))
        }
        ManifestEdit::AgencyAdded { id, name } => {
            format!(
                "{} {id}: {}",
                l("thêm cơ quan", "agency added"),
                insert(name)
            )
        }
        ManifestEdit::AgencyRenamed { from, to } => format!(
            "{} {from} → {to}",
            l("cơ quan đổi/gộp", "agency renamed/merged")
        ),
        ManifestEdit::FieldAdded { id, name } => {
            format!(
                "{} {id}: {}",
                l("thêm lĩnh vực", "field added"),
                insert(name)
            )
        }
        ManifestEdit::FieldRenamed { from, to } => format!(
            "{} {from} → {to}",
            l("lĩnh vực đổi/gộp", "field renamed/merged")
        ),
        ManifestEdit::UnitAdded { id, name } => {
            format!("{} {id}: {}", l("thêm đơn vị", "unit added"), insert(name))
        }
        ManifestEdit::UnitChanged { id, name } => {
            format!("{} {id}: {name}", l("sửa đơn vị", "unit changed"))
        }
        ManifestEdit::SiteTitle { to } => {
            format!("{}: {to}", l("tiêu đề trang công khai", "site title"))
        }
        ManifestEdit::Dated { date, title } => format!(
            "{} {}: {title}",
            l("ghi thay đổi ngày", "dated change"),
            date_display(*date, lang)
        ),
    }
}
