//! `tthc export`: the public listing as a static website, spreadsheets and open data.

use super::output::{note, screen};
use super::{CliError, Ctx};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::export::{ChangesPage, ExportError, ForbiddenOut, Format, LeftOut, LeftOutReason};
use tthc::i18n::Lang;
use tthc::model::Date;
use tthc::present::sanitize;
use tthc::workspace::{self, ExportRequest, WorkspaceError};

/// Write the public listing: a static website (html), CSV, XLSX, JSON and JSON-LD (CPSV-AP);
/// the output folder is built beside DIR and swapped in at once. Refused (exit 1, nothing
/// written) when a record file does not parse or a procedure cannot be listed, unless
/// --allow-problems; always when catalog.yaml does not parse
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Formats, comma-separated or repeated: html, csv, xlsx, json, jsonld, or all
    #[arg(long, value_enum, value_delimiter = ',', default_value = "all")]
    format: Vec<FormatArg>,
    /// Output folder: created, or replaced if it holds an earlier export (never another folder)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The catalogue as recorded at this commit, tag, branch or date (YYYY-MM-DD or dd/mm/yyyy), read from git
    #[arg(long, value_name = "REV|DATE", value_parser = super::input::rev_or_date)]
    at: Option<String>,
    /// Only the procedures in force on this date (YYYY-MM-DD or dd/mm/yyyy)
    #[arg(long, value_name = "DATE", value_parser = super::input::parse_date)]
    effective: Option<Date>,
    /// Export even when some files do not parse or some procedures cannot be listed: they are
    /// left out, and listed on stderr
    #[arg(long)]
    allow_problems: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Html,
    Csv,
    Xlsx,
    Json,
    Jsonld,
    All,
}

fn formats(args: &[FormatArg]) -> BTreeSet<Format> {
    args.iter()
        .flat_map(|f| match f {
            FormatArg::Html => vec![Format::Html],
            FormatArg::Csv => vec![Format::Csv],
            FormatArg::Xlsx => vec![Format::Xlsx],
            FormatArg::Json => vec![Format::Json],
            FormatArg::Jsonld => vec![Format::JsonLd],
            FormatArg::All => Format::ALL.to_vec(),
        })
        .collect()
}

/// One line saying what the "what changed" page compares.
pub fn changes_line(page: &ChangesPage, lang: Lang) -> String {
    let c = &page.changes;
    let counts = match lang {
        Lang::Vi => format!(
            "{} mới, {} sửa đổi/thay thế, {} bãi bỏ",
            c.new.len(),
            c.amended.len(),
            c.abolished.len()
        ),
        Lang::En => format!(
            "{} new, {} amended/replaced, {} abolished",
            c.new.len(),
            c.amended.len(),
            c.abolished.len()
        ),
    };
    match (&page.current, &page.baseline) {
        (Some(cur), _) => format!(
            "{} {}: {counts}",
            lang.pick("Lần công bố theo Quyết định", "Publication by decision"),
            sanitize(&cur.decision)
        ),
        (None, Some(base)) => format!(
            "{} {}: {counts}",
            lang.pick(
                "Thay đổi từ lần công bố theo Quyết định",
                "Changes since the publication by decision"
            ),
            sanitize(&base.decision)
        ),
        (None, None) => format!(
            "{}: {counts}",
            lang.pick(
                "Chưa có lần công bố nào được ghi nhận",
                "No earlier publication recorded"
            )
        ),
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let req = ExportRequest {
        formats: formats(&args.format),
        out: args.out,
        at: args.at,
        effective: args.effective,
        allow_problems: args.allow_problems,
    };
    let outcome = match workspace::export(&ctx.start_dir(None), &req) {
        Ok(outcome) => outcome,
        Err(WorkspaceError::Export(e)) => match refusal(&e, lang) {
            Some((code, message)) => {
                note!("tthc: {message}");
                return Ok(ExitCode::from(code));
            }
            None => return Err(WorkspaceError::Export(e).into()),
        },
        Err(e) => return Err(e.into()),
    };
    for p in &outcome.unparsed {
        note!(
            "{}: {}",
            p.display(),
            lang.pick(
                "không đọc được, không có trong bản xuất (tthc validate)",
                "does not parse, left out of the export (tthc validate)"
            )
        );
    }
    for s in &outcome.report.skipped {
        note!(
            "{}: {}",
            lang.pick("bỏ qua", "skipped"),
            left_out_line(s, lang)
        );
    }
    for t in &outcome.ignored_templates {
        note!(
            "templates/{}: {}",
            t,
            lang.pick("không phải mẫu trang, bỏ qua", "not a template, ignored")
        );
    }
    let names: Vec<&str> = req.formats.iter().map(|f| f.name()).collect();
    let mut out = screen(ctx.color);
    writeln!(
        out,
        "{} {} {} ({}) {} {} — {} {}",
        lang.pick("Đã xuất", "Exported"),
        outcome.report.procedures,
        lang.pick("thủ tục", "procedures"),
        names.join(", "),
        lang.pick("vào", "to"),
        outcome.out.display(),
        outcome.report.files.len(),
        lang.pick("tệp", "files"),
    )?;
    if let Some(commit) = &outcome.commit {
        writeln!(
            out,
            "{} {}",
            lang.pick("Phiên bản:", "Version:"),
            &commit[..10.min(commit.len())]
        )?;
    }
    if req.formats.contains(&Format::Html) {
        writeln!(out, "{}", changes_line(&outcome.changes, lang))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One procedure the listing cannot hold, in words.
fn left_out_line(l: &LeftOut, lang: Lang) -> String {
    let why = match l.reason {
        LeftOutReason::UnusableName => lang.pick(
            "cấp hoặc mã không dùng được làm tên tệp",
            "the level or code cannot be used in a file name",
        ),
        LeftOutReason::Duplicate => lang.pick(
            "trùng mã với một thủ tục khác cùng cấp",
            "the same code as another procedure of that level",
        ),
    };
    format!("{}/{}: {why}", l.level, l.code)
}

/// An export refused before anything was written: the exit code (1: the catalogue has
/// problems, 2: the output folder is not allowed) and what to tell the user.
fn refusal(e: &ExportError, lang: Lang) -> Option<(u8, String)> {
    let list = |items: Vec<String>| items.iter().map(|i| format!("\n  {i}")).collect::<String>();
    let or_allow = lang.pick(
        "Sửa lỗi (tthc validate) rồi xuất lại, hoặc thêm --allow-problems để vẫn xuất mà không có chúng.",
        "Fix them (tthc validate) and export again, or add --allow-problems to export without them.",
    );
    let out_hint = lang.pick(
        "Chọn một thư mục khác, ví dụ --out ../trang-cong-khai",
        "Choose another folder, e.g. --out ../public-site",
    );
    Some(match e {
        ExportError::BrokenManifest => (
            1,
            lang.pick(
                "không xuất gì: catalog.yaml không đọc được, mà cấp, lĩnh vực và tên cơ quan của mọi trang đều lấy từ tệp này. Sửa nó trước (tthc validate).",
                "nothing was exported: catalog.yaml does not parse, and the levels, fields and authority name of every page come from it. Fix it first (tthc validate).",
            )
            .to_owned(),
        ),
        ExportError::Unreadable { files } => (
            1,
            format!(
                "{}:{}\n{or_allow}",
                match lang {
                    Lang::Vi => format!(
                        "không xuất gì: {} tệp không đọc được, nên các thủ tục trong đó sẽ bị thiếu trong bản xuất",
                        files.len()
                    ),
                    Lang::En => format!(
                        "nothing was exported: {} file(s) do not parse, so what they hold would be missing from the export",
                        files.len()
                    ),
                },
                list(files.iter().map(|p| p.display().to_string()).collect())
            ),
        ),
        ExportError::LeftOut { left_out } => (
            1,
            format!(
                "{}:{}\n{or_allow}",
                match lang {
                    Lang::Vi => format!(
                        "không xuất gì: {} thủ tục không thể đưa vào danh sách công khai",
                        left_out.len()
                    ),
                    Lang::En => format!(
                        "nothing was exported: {} procedure(s) cannot be put in the public listing",
                        left_out.len()
                    ),
                },
                list(left_out.iter().map(|l| left_out_line(l, lang)).collect())
            ),
        ),
        ExportError::ForbiddenOut { path, why } => {
            let why = match why {
                ForbiddenOut::GitFolder => lang.pick(
                    "đây là thư mục .git của kho git hoặc nằm trong đó; ghi vào đó sẽ làm hỏng kho git.",
                    "it is a .git folder or inside one; writing there would damage the repository.",
                ),
                ForbiddenOut::CatalogueFolder => lang.pick(
                    "đây là thư mục danh mục hoặc một thư mục của danh mục (procedures, proposals, publications, templates); bản xuất sẽ thay thế các tệp danh mục đang lưu ở đó.",
                    "it is the catalogue's folder or one of its folders (procedures, proposals, publications, templates); the export would replace the records kept there.",
                ),
                ForbiddenOut::HoldsCatalogue => lang.pick(
                    "thư mục này chứa danh mục; thay nó bằng bản xuất sẽ xóa mất danh mục.",
                    "it holds the catalogue; replacing it with the export would remove the catalogue.",
                ),
            };
            (
                2,
                format!(
                    "{} {}: {why}\n{out_hint}",
                    lang.pick("không xuất vào", "not exporting to"),
                    path.display()
                ),
            )
        }
        ExportError::NotAnExport { path } => (
            2,
            format!(
                "{} {}: {}",
                lang.pick("không xuất vào", "not exporting to"),
                path.display(),
                lang.pick(
                    "thư mục đã có nội dung và không phải bản xuất trước (không có tệp .tthc-export); tthc chỉ thay thế thư mục do nó tạo ra. Chọn một thư mục mới hoặc trống.",
                    "the folder has content and is not an earlier export (no .tthc-export file in it); tthc only replaces folders it made. Choose a new or empty folder."
                )
            ),
        ),
        _ => return None,
    })
}
