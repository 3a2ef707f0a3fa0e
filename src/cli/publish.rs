//! `tthc publish`: record a publication decision, export the listing and tag the commit.

use super::export::changes_line;
use super::input::parse_date;
use super::{CliError, Ctx};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::export::ChangesPage;
use tthc::model::Date;
use tthc::present::sanitize;
use tthc::words::Describe;
use tthc::workspace::{self, PublishRequest, WorkspaceError};

/// Publish the catalogue: refuse on validation errors or uncommitted changes, export every
/// format to DIR, write the publication record (decision, dates, commit, counts, changes since
/// the previous publication) as one commit and tag it publication/DATE
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Decision number (số quyết định), e.g. "1234/QĐ-UBND"
    #[arg(long)]
    decision: String,
    /// Date of the decision (YYYY-MM-DD or dd/mm/yyyy)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Date,
    /// Date the decision takes effect; the listing then shows the procedures in force that day
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    effective: Option<Date>,
    /// Who signed the decision
    #[arg(long, value_name = "NAME")]
    signer: Option<String>,
    /// Output folder for the exported listing (all formats)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Print what would be published and change nothing
    #[arg(long)]
    dry_run: bool,
    /// The province's decisions this posting reflects, by id (tthc decision list), comma
    /// separated; default: those applied here since the previous posting
    #[arg(long, value_name = "DECISION_ID", value_delimiter = ',')]
    reflects: Option<Vec<String>>,
}

/// `tthc publish`: the old name of `tthc post`, kept working; it says so.
pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    super::output::note!(
        "{}",
        ctx.lang.pick(
            "Lưu ý: `tthc publish` nay là `tthc post` (niêm yết danh mục). Chỉ Chủ tịch UBND tỉnh công bố thủ tục; văn phòng niêm yết, công khai danh mục áp dụng cho mình.",
            "Note: `tthc publish` is now `tthc post` (posting the listing). Only the province's chairman publishes procedures; the office posts the listing that applies to it."
        )
    );
    post(ctx, args)
}

/// `tthc post`: post the office's listing (niêm yết): export, record the posting with the
/// province's decisions it reflects, one commit and a tag.
pub fn post(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let start = ctx.start_dir(None);
    let mut out = std::io::stdout().lock();
    if args.dry_run {
        workspace::check_publish_request(&start, &request(&args))?;
        let preview = workspace::post_preview(&start, args.effective, args.reflects.as_deref())?;
        let page = ChangesPage {
            current: None,
            baseline: preview.previous.as_ref().map(|p| p.record.clone()),
            changes: preview.changes.clone(),
            ..ChangesPage::default()
        };
        writeln!(out, "{}", changes_line(&page, lang))?;
        reflected_line(&mut out, &preview.decisions, lang)?;
        for (title, list) in [
            (lang.pick("Mới", "New"), &preview.changes.new),
            (
                lang.pick("Sửa đổi, thay thế", "Amended, replaced"),
                &preview.changes.amended,
            ),
            (lang.pick("Bãi bỏ", "Abolished"), &preview.changes.abolished),
            (
                lang.pick("Chuyển cấp", "Transferred"),
                &preview.changes.transferred,
            ),
        ] {
            for c in list {
                writeln!(
                    out,
                    "  {title}: {}/{} {}",
                    c.level,
                    c.code,
                    sanitize(&c.name)
                )?;
            }
        }
        writeln!(
            out,
            "{} {}, {} {}",
            preview.errors,
            lang.pick("lỗi", "errors"),
            preview.warnings,
            lang.pick("cảnh báo", "warnings")
        )?;
        return Ok(if preview.ready() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let req = request(&args);
    match workspace::post(&start, &req, args.reflects.as_deref()) {
        Ok(report) => {
            let page = ChangesPage {
                current: Some(report.record.clone()),
                baseline: None,
                changes: report.changes.clone(),
                ..ChangesPage::default()
            };
            writeln!(
                out,
                "{} {} — {} {} ({})",
                lang.pick("Đã niêm yết:", "Posted:"),
                report.record_path.display(),
                lang.pick("commit", "commit"),
                tthc::present::short_commit(&report.commit),
                report.tag
            )?;
            writeln!(out, "{}", changes_line(&page, lang))?;
            reflected_line(&mut out, &report.record.decisions, lang)?;
            writeln!(
                out,
                "{} {} {} {}",
                lang.pick("Đã xuất", "Exported"),
                report.export.files.len(),
                lang.pick("tệp vào", "files to"),
                req.out.display()
            )?;
            if report.warnings > 0 {
                eprintln!(
                    "{} {}",
                    report.warnings,
                    lang.pick("cảnh báo (tthc validate)", "warnings (tthc validate)")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(WorkspaceError::Invalid {
            errors,
            diagnostics,
        }) => {
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!(
                    "{}:{}:{}: error: {}",
                    d.file.display(),
                    d.line,
                    d.column,
                    sanitize(&d.described(lang))
                );
            }
            eprintln!(
                "{}",
                match lang {
                    tthc::i18n::Lang::Vi =>
                        format!("Chưa niêm yết: danh mục còn {errors} lỗi; sửa rồi chạy lại."),
                    tthc::i18n::Lang::En => format!(
                        "Not posted: the catalogue has {errors} error(s); fix them and run again."
                    ),
                }
            );
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

fn request(args: &Args) -> PublishRequest {
    PublishRequest {
        decision: args.decision.clone(),
        date: args.date,
        effective: args.effective,
        signer: args.signer.clone(),
        out: args.out.clone(),
    }
}

/// "Phản ánh các quyết định: 1252/QĐ-UBND (2022-004), …", when the posting reflects any.
fn reflected_line(
    out: &mut impl Write,
    decisions: &[tthc::model::PostedDecision],
    lang: tthc::i18n::Lang,
) -> std::io::Result<()> {
    if decisions.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = decisions
        .iter()
        .map(|d| format!("{} ({})", sanitize(&d.number), d.id))
        .collect();
    writeln!(
        out,
        "{}: {}",
        lang.pick(
            "Phản ánh các quyết định của tỉnh",
            "Reflects the province's decisions"
        ),
        list.join(", ")
    )
}
