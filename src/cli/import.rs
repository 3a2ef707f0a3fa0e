//! `tthc import`: start from what the office already has — the national portal's list and
//! per-procedure files, or a province decision's appendix (issue 18).

use super::args::{TextFormat, TextOutput};
use super::output::{note, paint, write_json};
use super::{CliError, Ctx};
use clap::Subcommand;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::i18n::Lang;
use tthc::import::{MapKind, Unmatched};
use tthc::model::Date;
use tthc::present::sanitize;
use tthc::words::Describe;
use tthc::words::import as words;
use tthc::workspace::import::{
    self, DecisionOutcome, DecisionRequest, ItemState, PortalOutcome, PortalRequest,
};
use tthc::workspace::proposals::Recorder;

/// Import procedures from the national portal's exports, or a decision from its appendix
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Import the national portal's list (XLSX) and any per-procedure files (DOCX): procedures
    /// with a file become full records, the others records marked incomplete; existing records
    /// are compared field by field and only written with --update; one commit
    Portal {
        /// The list (LIST.xlsx) and the per-procedure files (DETAIL.docx …), in any order
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Import only the procedures of this level (id or name)
        #[arg(long, value_name = "LEVEL")]
        level: Option<String>,
        /// Write the sources' parts over existing records that differ
        #[arg(long)]
        update: bool,
        /// Add levels, fields and agencies that match nothing to catalog.yaml
        #[arg(long)]
        add_missing: bool,
        /// Show what would change, change nothing
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        output: TextOutput,
    },
    /// Record a decision from its appendix (DOCX): parts for new, amended, replaced and
    /// abolished procedures, level and field from the group rows; one commit
    Decision {
        /// The appendix (APPENDIX.docx)
        #[arg(value_name = "APPENDIX.docx")]
        appendix: PathBuf,
        /// The decision's number, kept verbatim, e.g. 1203/QĐ-UBND
        #[arg(long, value_name = "NO")]
        number: String,
        /// The day it was signed (YYYY-MM-DD or dd/mm/yyyy)
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        date: Date,
        /// Which People's Committee issued it, e.g. "UBND tỉnh Ninh Bình"
        #[arg(long)]
        issuer: Option<String>,
        /// Who signed it
        #[arg(long)]
        signer: Option<String>,
        /// Its summary (trích yếu)
        #[arg(long)]
        title: Option<String>,
        /// The day it takes effect
        #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
        effective: Option<Date>,
        /// Add levels and fields that match nothing to catalog.yaml
        #[arg(long)]
        add_missing: bool,
        /// Show what would be recorded, change nothing
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        output: TextOutput,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    match args.action {
        Action::Portal {
            files,
            level,
            update,
            add_missing,
            dry_run,
            output: TextOutput { format },
        } => {
            // The list is the workbook; the rest are per-procedure files (each checked when read).
            let req = PortalRequest {
                level,
                update,
                add_missing,
                dry_run,
                ..PortalRequest::of_files(&files)?
            };
            let out = import::portal(&ctx.start_dir(None), &req, ctx.lang, None)?;
            portal_report(ctx, &req, &out, format)
        }
        Action::Decision {
            appendix,
            number,
            date,
            issuer,
            signer,
            title,
            effective,
            add_missing,
            dry_run,
            output: TextOutput { format },
        } => {
            let req = DecisionRequest {
                appendix,
                number,
                date: Some(date),
                issuer,
                signer,
                title,
                effective,
                add_missing,
                dry_run,
            };
            let rec = Recorder::new(ctx.today(), ctx.lang);
            let out = import::decision(&ctx.start_dir(None), &req, &rec)?;
            decision_report(ctx, &req, &out, format)
        }
    }
}

fn section(k: MapKind) -> &'static str {
    match k {
        MapKind::Level => "levels",
        MapKind::Field => "fields",
        MapKind::Agency => "agencies",
    }
}

/// Names that match nothing: listed with the nearest entry, and the two ways on.
fn report_unmatched(unmatched: &[Unmatched], lang: Lang) {
    note!(
        "tthc: {} {}",
        lang.pick("chưa nhập gì:", "nothing imported:"),
        match lang {
            Lang::Vi => format!("{} tên chưa khớp với catalog.yaml", unmatched.len()),
            Lang::En => format!("{} name(s) match nothing in catalog.yaml", unmatched.len()),
        }
    );
    for u in unmatched {
        note!("  {}", sanitize(&words::unmatched_name(u, lang)));
    }
    note!(
        "{}",
        lang.pick(
            "Ghi mã tương ứng vào import-map.yaml (trong thư mục danh mục), ví dụ:",
            "Write the matching ids into import-map.yaml (in the catalogue folder), e.g.:"
        )
    );
    let mut kinds: Vec<MapKind> = unmatched.iter().map(|u| u.kind).collect();
    kinds.dedup();
    for k in kinds {
        note!("{}:", section(k));
        for u in unmatched.iter().filter(|u| u.kind == k) {
            let id = u.nearest.as_ref().map_or("~", |(id, _)| id.as_str());
            note!("  \"{}\": {id}", sanitize(&u.value));
        }
    }
    let ids: Vec<&str> = unmatched.iter().map(|u| u.new_id.as_str()).collect();
    note!(
        "{} ({})",
        lang.pick(
            "hoặc chạy lại với --add-missing để thêm chúng vào catalog.yaml",
            "or run again with --add-missing to add them to catalog.yaml"
        ),
        ids.join(", ")
    );
}

fn portal_report(
    ctx: &Ctx,
    req: &PortalRequest,
    out: &PortalOutcome,
    format: TextFormat,
) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let mut w = std::io::stdout().lock();
    if format == TextFormat::Json {
        write_json(&mut w, out)?;
        return Ok(if out.blocked() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    if out.blocked() {
        report_unmatched(&out.unmatched, lang);
        return Ok(ExitCode::from(1));
    }
    for item in &out.items {
        let (tag, sgr) = match item.state {
            ItemState::New => ("+", "32"),
            ItemState::Unchanged => ("=", "2"),
            ItemState::Differs => ("≠", "33"),
            ItemState::Updated => ("~", "36"),
        };
        let mut line = format!(
            "{} {}/{}  {}",
            paint(tag, sgr, ctx.color),
            item.level,
            item.code,
            sanitize(&item.name)
        );
        if item.incomplete {
            line.push_str(&format!("  ({})", words::incomplete_note(lang)));
        }
        writeln!(w, "{line}")?;
        if let Some(missing) = words::missing_parts(item, lang) {
            writeln!(w, "    {missing}")?;
        }
        for c in &item.changes {
            let mut c = c.clone();
            c.redline = tthc::diff::fold_context(&c.redline, 6);
            writeln!(w, "    {}", super::diff::describe(&c, lang, ctx.color))?;
        }
    }
    for line in words::mapping_lines(out, lang) {
        writeln!(w, "{}", sanitize(&line))?;
    }
    let (new, same, differs, updated) = (
        out.count(ItemState::New),
        out.count(ItemState::Unchanged),
        out.count(ItemState::Differs),
        out.count(ItemState::Updated),
    );
    writeln!(
        w,
        "{}",
        match lang {
            Lang::Vi => format!(
                "Tổng: {new} mới, {updated} cập nhật, {differs} khác danh mục, {same} không đổi"
            ),
            Lang::En => format!(
                "Total: {new} new, {updated} updated, {differs} differ from the catalogue, {same} unchanged"
            ),
        }
    )?;
    if differs > 0 && !req.update {
        writeln!(
            w,
            "{}",
            lang.pick(
                "Các thủ tục khác danh mục không bị ghi đè; dùng --update để ghi phần lấy từ tệp nhập.",
                "Records that differ are not overwritten; use --update to write the sources' parts."
            )
        )?;
    }
    match (&out.commit, &out.message) {
        (Some(commit), Some(message)) => writeln!(
            w,
            "{} {} — {}",
            lang.pick("Đã lưu", "Saved"),
            tthc::present::short_commit(commit),
            sanitize(message.lines().next().unwrap_or_default())
        )?,
        (None, Some(_)) => writeln!(
            w,
            "{}",
            lang.pick(
                "Chạy thử (--dry-run): chưa thay đổi gì.",
                "Dry run: nothing was changed."
            )
        )?,
        _ => writeln!(
            w,
            "{}",
            lang.pick(
                "Không có gì thay đổi: danh mục đã có đúng những gì tệp nhập ghi.",
                "Nothing to change: the catalogue already says what the sources say."
            )
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

fn decision_report(
    ctx: &Ctx,
    _req: &DecisionRequest,
    out: &DecisionOutcome,
    format: TextFormat,
) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let mut w = std::io::stdout().lock();
    if format == TextFormat::Json {
        write_json(&mut w, out)?;
        return Ok(if out.unmatched.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    if !out.unmatched.is_empty() {
        report_unmatched(&out.unmatched, lang);
        return Ok(ExitCode::from(1));
    }
    for (i, e) in out.decision.effects.iter().enumerate() {
        writeln!(
            w,
            "{:>3}. {:<12} {}/{}  {}{}",
            i + 1,
            tthc::workspace::decisions::effect_kind_label(e.kind, lang),
            e.level,
            e.code,
            sanitize(e.display_name()),
            e.legal_text
                .as_ref()
                .map(|t| format!("  [{}]", sanitize(&t.number)))
                .unwrap_or_default()
        )?;
    }
    for d in out.diagnostics.iter().filter(|d| !d.is_error()) {
        note!(
            "{}: {}",
            lang.pick("cảnh báo", "warning"),
            sanitize(&d.described(lang))
        );
    }
    match (&out.commit, &out.message) {
        (Some(commit), Some(message)) => {
            writeln!(
                w,
                "{} {} — {}",
                lang.pick("Đã lưu", "Saved"),
                tthc::present::short_commit(commit),
                sanitize(message.lines().next().unwrap_or_default())
            )?;
            writeln!(
                w,
                "{}: tthc decision show {id}  ·  {}: tthc decision apply {id}",
                lang.pick("Xem", "See"),
                lang.pick("Áp dụng", "Apply"),
                id = out.decision.id
            )?;
        }
        _ => writeln!(
            w,
            "{}",
            lang.pick(
                "Chạy thử (--dry-run): chưa thay đổi gì.",
                "Dry run: nothing was changed."
            )
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
