//! The `tthc` binary: parse the command line, pick a face (the TUI or a CLI command), map the
//! outcome to an exit code.

mod cli;
mod tui;

use std::process::ExitCode;

/// mimalloc: a warm open of 100,000 procedures makes millions of small allocations on two
/// threads, where it is about a fifth faster than the system allocator and uses less memory
/// (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Before anything touches libgit2.
    tthc::history::libgit2_uses_mimalloc();
    match cli::start() {
        cli::Face::Done(code) => code,
        cli::Face::Tui(request) => {
            let demo = request.demo_dir.clone();
            let result = tui::run(tui::Options {
                root: request.root,
                lang: request.lang,
                color: request.color,
                banner: request.banner,
                notice: request.notice,
            });
            if let Some(dir) = demo {
                println!(
                    "{} {}",
                    request.lang.pick("Bản demo ở:", "The demo is in:"),
                    dir.display()
                );
            }
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("tthc: {}", tthc::i18n::io_error(&e, request.lang));
                    ExitCode::from(2)
                }
            }
        }
        cli::Face::BenchTui(args) => {
            let queries = [
                "dang ky khai sinh",
                "đăng ký khai sinh",
                "chung thuc ban sao",
                "ho kinh doanh",
            ];
            match tui::bench::run(
                &args.catalog,
                args.width,
                args.height,
                args.frames,
                &queries,
            ) {
                Ok(report) => {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&report).unwrap_or_default()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("tthc: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
