//! The command-line face: one subcommand per file, each file's doc comment is its help.

mod dev;
mod diff;
mod edit;
mod fmt;
mod init;
mod list;
mod log;
mod output;
mod show;
mod summary;
mod sync;
mod validate;

use clap::{Parser, Subcommand};
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::i18n::Lang;
use tthc::workspace::WorkspaceError;

/// Keep, review and publish the catalogue of administrative procedures (thủ tục hành chính)
#[derive(Debug, Parser)]
#[command(name = "tthc", version)]
pub struct Cli {
    /// Language of messages: vi (default) or en; otherwise taken from LANG
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    /// Catalogue folder (default: found from the current folder upward)
    #[arg(short = 'C', long = "catalog", global = true, value_name = "DIR")]
    catalog: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
    /// Catalogue to open (default: found from the current folder upward, else the bundled sample)
    path: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    Init(init::Args),
    Validate(validate::Args),
    Fmt(fmt::Args),
    List(list::Args),
    Show(show::Args),
    Edit(edit::Args),
    Log(log::Args),
    Diff(diff::Args),
    Sync(sync::Args),
    #[command(hide = true)]
    Dev(dev::Args),
}

/// Shared settings of one run.
pub struct Ctx {
    pub lang: Lang,
    /// Colour on stdout (a terminal, and NO_COLOR unset).
    pub color: bool,
    pub catalog: Option<PathBuf>,
}

impl Ctx {
    /// The catalogue folder to work on: `--catalog`, else the current folder (searched upward).
    pub fn start_dir(&self, positional: Option<&PathBuf>) -> PathBuf {
        positional
            .or(self.catalog.as_ref())
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Synthetic(#[from] tthc::synthetic::SyntheticError),
}

static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

impl CliError {
    /// Print the error and choose the exit code. A closed pipe (`tthc list | head`) is not an error.
    pub fn report(self) -> ExitCode {
        if let CliError::Io(e) = &self
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            return ExitCode::SUCCESS;
        }
        let lang = LANG.get().copied().unwrap_or_default();
        eprintln!("tthc: {}", self.localized(lang));
        ExitCode::from(2)
    }

    fn localized(&self, lang: Lang) -> String {
        use tthc::history::HistoryError;
        match (self, lang) {
            (CliError::Workspace(WorkspaceError::History(HistoryError::NoIdentity)), Lang::Vi) => {
                "chưa khai báo danh tính git (tên, email) để ghi tác giả thay đổi; đặt bằng\n  git config --global user.name \"Họ Tên\"\n  git config --global user.email \"ten@example.gov.vn\"".into()
            }
            (CliError::Workspace(WorkspaceError::NoCatalog { start }), Lang::Vi) => format!(
                "không tìm thấy danh mục (catalog.yaml) ở {} hoặc thư mục cha; tạo mới bằng `tthc init THƯ_MỤC` hoặc chỉ đường dẫn bằng -C",
                start.display()
            ),
            (CliError::Workspace(WorkspaceError::NoCatalog { start }), Lang::En) => format!(
                "no catalogue (catalog.yaml) found in {} or any folder above; create one with `tthc init DIR` or point at one with -C",
                start.display()
            ),
            _ => self.to_string(),
        }
    }
}

fn detect_lang(flag: Option<&str>) -> Result<Lang, CliError> {
    if let Some(tag) = flag {
        return Lang::from_tag(tag)
            .ok_or_else(|| CliError::Usage(format!("unknown language `{tag}` (use vi or en)")));
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(value) = std::env::var(var)
            && !value.is_empty()
        {
            return Ok(Lang::from_tag(&value).unwrap_or_default());
        }
    }
    Ok(Lang::Vi)
}

pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let lang = detect_lang(cli.lang.as_deref())?;
    let _ = LANG.set(lang);
    let ctx = Ctx {
        lang,
        color: output::stdout_color(),
        catalog: cli.catalog,
    };
    match cli.command {
        None => summary::run(&ctx, cli.path.as_ref()),
        Some(Command::Init(args)) => init::run(&ctx, args),
        Some(Command::Validate(args)) => validate::run(&ctx, args),
        Some(Command::Fmt(args)) => fmt::run(&ctx, args),
        Some(Command::List(args)) => list::run(&ctx, args),
        Some(Command::Show(args)) => show::run(&ctx, args),
        Some(Command::Edit(args)) => edit::run(&ctx, args),
        Some(Command::Log(args)) => log::run(&ctx, args),
        Some(Command::Diff(args)) => diff::run(&ctx, args),
        Some(Command::Sync(args)) => sync::run(&ctx, args),
        Some(Command::Dev(args)) => dev::run(&ctx, args),
    }
}
