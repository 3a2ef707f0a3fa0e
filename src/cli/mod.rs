//! The command-line face: one subcommand per file, each file's doc comment is its help.

mod decision;
mod demo;
mod dev;
mod diff;
mod edit;
mod export;
mod fmt;
mod init;
mod list;
mod log;
mod output;
mod proposal;
mod proposal_show;
mod propose;
mod publish;
mod report;
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
    Demo(demo::Args),
    /// Time the TUI on a catalogue: frame rendering and search-as-you-type (for BENCHMARKS.md)
    #[command(hide = true)]
    BenchTui(BenchTuiArgs),
    Init(init::Args),
    Validate(validate::Args),
    Fmt(fmt::Args),
    List(list::Args),
    Show(show::Args),
    Edit(edit::Args),
    Log(log::Args),
    Diff(diff::Args),
    Sync(sync::Args),
    Propose(propose::Args),
    Proposal(proposal::Args),
    Decision(decision::Args),
    Report(report::Args),
    Export(export::Args),
    Publish(publish::Args),
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
    /// Today in the catalogue's time zone (default Asia/Ho_Chi_Minh), as in the TUI: the date
    /// of steps recorded without `--date`.
    pub fn today(&self) -> tthc::model::Date {
        tthc::workspace::today(&self.start_dir(None))
    }

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
    /// A proposal step the rules refuse (exit 1), or a workspace error underneath (exit 2).
    #[error(transparent)]
    Proposal(#[from] tthc::workspace::proposals::ProposalError),
    #[error(transparent)]
    Synthetic(#[from] tthc::synthetic::SyntheticError),
    /// A decision refused (exit 1), or a workspace error underneath (exit 2).
    #[error(transparent)]
    Decision(#[from] tthc::workspace::decisions::DecisionError),
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
        use tthc::workspace::proposals::ProposalError;
        match self {
            CliError::Proposal(ProposalError::Workspace(e)) => CliError::Workspace(e).report(),
            CliError::Proposal(e) => {
                eprintln!("tthc: {}", tthc::present::sanitize(&e.message(lang)));
                ExitCode::from(1)
            }
            CliError::Decision(tthc::workspace::decisions::DecisionError::Workspace(e)) => {
                CliError::Workspace(e).report()
            }
            CliError::Decision(e) => {
                eprintln!("tthc: {}", tthc::present::sanitize(&e.message(lang)));
                ExitCode::from(1)
            }
            other => {
                eprintln!("tthc: {}", tthc::present::sanitize(&other.localized(lang)));
                ExitCode::from(2)
            }
        }
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
            (CliError::Workspace(WorkspaceError::Busy { pid, .. }), Lang::Vi) => format!(
                "một tthc khác đang lưu trong danh mục này{}; hãy thử lại sau giây lát",
                pid.map(|p| format!(" (tiến trình {p})")).unwrap_or_default()
            ),
            (CliError::Workspace(WorkspaceError::SavedIncomplete { commit, detail }), Lang::Vi) => format!(
                "đã lưu (commit {}), nhưng chưa cập nhật xong các tệp trong thư mục ({detail}); lần chạy tthc tiếp theo sẽ hoàn tất",
                &commit[..commit.len().min(10)]
            ),
            (CliError::Workspace(WorkspaceError::History(HistoryError::HeadMoved { .. })), Lang::Vi) => {
                "kho git đã có thay đổi khác từ lúc bắt đầu (người khác hoặc lệnh khác vừa lưu); chưa lưu gì — hãy chạy lại lệnh".into()
            }
            (CliError::Workspace(WorkspaceError::History(HistoryError::HeadMoved { .. })), Lang::En) => {
                "the repository changed since this command started (someone else just saved); nothing was saved — run the command again".into()
            }
            (CliError::Workspace(WorkspaceError::FileChanged { path }), Lang::Vi) => format!(
                "{} đã thay đổi trên đĩa từ lúc đọc; chưa lưu gì (phần sửa của bạn vẫn giữ)",
                path.display()
            ),
            (
                CliError::Workspace(
                    WorkspaceError::DetachedHead
                    | WorkspaceError::History(HistoryError::DetachedHead),
                ),
                Lang::Vi,
            ) => "kho git không ở trên nhánh nào (detached HEAD); hãy chuyển sang một nhánh trước (git switch main)".into(),
            (CliError::Workspace(WorkspaceError::DecisionNumberInvalid), Lang::Vi) => {
                "số quyết định công bố trống hoặc chứa ký tự điều khiển".into()
            }
            (CliError::Workspace(WorkspaceError::PublicationInFuture { date, today }), Lang::Vi) => format!(
                "quyết định ghi ngày {}, sau ngày hôm nay ({}); hãy kiểm tra lại --date",
                tthc::present::date_vi(*date),
                tthc::present::date_vi(*today)
            ),
            (CliError::Workspace(WorkspaceError::EffectiveBeforeDecision { effective, date }), Lang::Vi) => format!(
                "ngày có hiệu lực {} trước ngày ký quyết định {}",
                tthc::present::date_vi(*effective),
                tthc::present::date_vi(*date)
            ),
            (CliError::Workspace(WorkspaceError::DecisionReused { decision, file }), Lang::Vi) => format!(
                "quyết định {decision} đã được ghi nhận trong một lần công bố trước ({})",
                file.display()
            ),
            (CliError::Workspace(WorkspaceError::PublicationOutOfOrder { date, previous, decision }), Lang::Vi) => format!(
                "ngày công bố {} trước lần công bố trước (quyết định {decision} ngày {})",
                tthc::present::date_vi(*date),
                tthc::present::date_vi(*previous)
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

/// What `main` should do after parsing: a command ran to completion, or the TUI should open.
pub enum Face {
    Done(ExitCode),
    Tui(TuiRequest),
    /// Time the TUI (hidden `bench-tui`).
    BenchTui(BenchTuiArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct BenchTuiArgs {
    /// Catalogue folder
    pub catalog: PathBuf,
    #[arg(long, default_value_t = 200)]
    pub width: u16,
    #[arg(long, default_value_t = 50)]
    pub height: u16,
    #[arg(long, default_value_t = 300)]
    pub frames: usize,
}

/// Which catalogue the TUI opens, and how it speaks.
pub struct TuiRequest {
    pub root: PathBuf,
    pub lang: Lang,
    pub color: bool,
    pub banner: Option<String>,
    /// A line for the status bar on opening (an interrupted save completed or rolled back).
    pub notice: Option<String>,
    /// Set when this is a demo built for this run: its path is printed on exit.
    pub demo_dir: Option<PathBuf>,
}

pub fn run(cli: Cli) -> Result<Face, CliError> {
    let lang = detect_lang(cli.lang.as_deref())?;
    let _ = LANG.set(lang);
    let ctx = Ctx {
        lang,
        color: output::stdout_color(),
        catalog: cli.catalog,
    };
    let recovered = recover_interrupted(&ctx, cli.path.as_ref());
    let done = |r: Result<ExitCode, CliError>| r.map(Face::Done);
    let face = match cli.command {
        None => demo::open_default(&ctx, cli.path.as_ref()),
        Some(Command::Demo(args)) => demo::run(&ctx, args),
        Some(Command::BenchTui(args)) => Ok(Face::BenchTui(args)),
        Some(command) => done(run_command(&ctx, command)),
    };
    // The TUI's alternate screen would hide the line: it shows it in its status line too.
    match face {
        Ok(Face::Tui(mut request)) => {
            request.notice = recovered;
            Ok(Face::Tui(request))
        }
        other => other,
    }
}

/// Every command first completes or rolls back a save that a kill, a power cut or a disk error
/// interrupted in the catalogue it is about, and says so in one line.
fn recover_interrupted(ctx: &Ctx, positional: Option<&PathBuf>) -> Option<String> {
    let start = ctx.start_dir(positional);
    let root = tthc::store::find_root(&start)?;
    let line = match tthc::workspace::recover(&root) {
        Ok(Some(done)) => done.message(ctx.lang),
        Ok(None) => return None,
        Err(e) => CliError::from(e).localized(ctx.lang),
    };
    output::note!("tthc: {}", line);
    Some(line)
}

fn run_command(ctx: &Ctx, command: Command) -> Result<ExitCode, CliError> {
    match command {
        Command::Demo(_) | Command::BenchTui(_) => unreachable!("handled by the TUI face"),
        Command::Init(args) => init::run(ctx, args),
        Command::Validate(args) => validate::run(ctx, args),
        Command::Fmt(args) => fmt::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Log(args) => log::run(ctx, args),
        Command::Diff(args) => diff::run(ctx, args),
        Command::Sync(args) => sync::run(ctx, args),
        Command::Propose(args) => propose::run(ctx, args),
        Command::Proposal(args) => proposal::run(ctx, args),
        Command::Decision(args) => decision::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Publish(args) => publish::run(ctx, args),
        Command::Dev(args) => dev::run(ctx, args),
    }
}
