//! What `tthc` with no subcommand does without a terminal (a pipe, a script): summarise the
//! catalogue and point at the commands.

use super::{CliError, Ctx};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::workspace;

pub fn run(ctx: &Ctx, path: Option<&PathBuf>) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let start = ctx.start_dir(path);
    let mut out = super::output::screen(ctx.color);
    let Some(root) = workspace::locate(&start) else {
        let count = workspace::sample_files()
            .iter()
            .filter(|(p, _)| p.starts_with("procedures/"))
            .count();
        writeln!(
            out,
            "{}",
            lang.pick(
                "tthc — danh mục thủ tục hành chính. Không tìm thấy danh mục ở thư mục này.",
                "tthc — catalogue of administrative procedures. No catalogue found here."
            )
        )?;
        writeln!(
            out,
            "{} {count} {}",
            lang.pick("Dữ liệu mẫu đi kèm có", "The bundled sample has"),
            lang.pick(
                "thủ tục (thị xã Duy Tiên, 2022; minh họa).",
                "procedures (Duy Tiên town, 2022; illustrative)."
            )
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "  tthc init duy-tien --sample   {}",
            lang.pick(
                "tạo danh mục từ dữ liệu mẫu",
                "create a catalogue from the sample"
            )
        )?;
        writeln!(
            out,
            "  tthc list -C duy-tien         {}",
            lang.pick("liệt kê thủ tục", "list procedures")
        )?;
        writeln!(
            out,
            "  tthc show 1.001193 -C duy-tien {}",
            lang.pick("xem một thủ tục", "show one procedure")
        )?;
        writeln!(
            out,
            "  tthc validate duy-tien        {}",
            lang.pick("kiểm tra toàn bộ", "check everything")
        )?;
        writeln!(out, "  tthc --help")?;
        return Ok(ExitCode::SUCCESS);
    };
    // The list columns are all it needs (issue 15).
    let overview = workspace::open_overview(&root)?;
    let result = summarise(&mut out, lang, &root, &overview);
    // Not freed: the process ends now, and freeing every record would take longer than this.
    std::mem::forget(overview);
    result
}

fn summarise(
    out: &mut impl Write,
    lang: tthc::i18n::Lang,
    root: &std::path::Path,
    overview: &tthc::store::Overview,
) -> Result<ExitCode, CliError> {
    let cat = &overview.catalog;
    let m = &cat.manifest;
    writeln!(
        out,
        "{} — {}",
        tthc::present::sanitize(&m.authority.name),
        root.display()
    )?;
    for level in &m.levels {
        let n = overview
            .procedures
            .iter()
            .filter(|p| p.record.level == level.id)
            .count();
        writeln!(
            out,
            "  {}: {n} {}",
            tthc::present::sanitize(&level.name),
            lang.pick("thủ tục", "procedures")
        )?;
    }
    writeln!(
        out,
        "  {}: {}",
        lang.pick("Đề xuất", "Proposals"),
        cat.proposals.len()
    )?;
    if !cat.unparsed.is_empty() {
        writeln!(
            out,
            "  {}: {}",
            lang.pick("Tệp lỗi", "Files with errors"),
            cat.unparsed.len()
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "tthc list · tthc show MÃ · tthc validate · tthc fmt · tthc --help"
    )?;
    Ok(ExitCode::SUCCESS)
}
