//! The command-line face: one subcommand per file, each file's doc comment is its help.

mod args;
mod clap_vi;
mod decision;
mod demo;
mod dev;
mod diff;
mod edit;
mod export;
mod fmt;
mod import;
mod init;
mod input;
mod legal;
mod list;
mod log;
mod output;
mod proposal;
mod publish;
mod reorganize;
mod report;
mod review;
mod show;
mod summary;
mod sync;
mod validate;

use clap::{ArgAction, Parser, Subcommand};
use proposal::draft as propose;
use std::ffi::OsString;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::i18n::Lang;
use tthc::model::Manifest;
use tthc::words::Message;
use tthc::workspace::WorkspaceError;

/// Keep, review and publish the catalogue of administrative procedures (thủ tục hành chính)
#[derive(Debug, Parser)]
#[command(
    name = "tthc",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Language of messages: vi (default) or en; otherwise taken from LANG
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    /// Catalogue folder (default: found from the current folder upward)
    #[arg(short = 'C', long = "catalog", global = true, value_name = "DIR")]
    catalog: Option<PathBuf>,
    /// Print help
    #[arg(short = 'h', long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// Print the version
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
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
    Legal(legal::Args),
    Import(import::Args),
    Report(report::Args),
    Review(review::Args),
    Export(export::Args),
    /// Post the office's listing (niêm yết, công khai): refuse on validation errors or
    /// uncommitted changes, export every format to DIR, record the posting (the decision it
    /// follows, dates, commit, counts, changes since the previous posting, and the province's
    /// decisions it reflects) as one commit and tag it publication/DATE
    Post(publish::Args),
    /// The old name of `post`, kept working (only the province publishes; the office posts)
    Publish(publish::Args),
    Reorganize(reorganize::Args),
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

    /// The manifest of the catalogue this run is about, to name levels in messages.
    fn names(&self) -> Option<Manifest> {
        tthc::workspace::manifest_at(&self.start_dir(None))
    }
}

/// Why a command did not run to the end.
#[derive(Debug)]
pub enum CliError {
    /// The command line asks for something that cannot be done as asked.
    Usage(Usage),
    Workspace(WorkspaceError),
    Io(io::Error),
    /// A proposal step the rules refuse (exit 1), or a workspace error underneath (exit 2).
    Proposal(tthc::workspace::proposals::ProposalError),
    Synthetic(tthc::synthetic::SyntheticError),
    /// A decision refused (exit 1), or a workspace error underneath (exit 2).
    Decision(tthc::workspace::decisions::DecisionError),
    /// A review step refused (exit 1), or a workspace error underneath (exit 2).
    Review(tthc::workspace::reviews::ReviewError),
    /// An import refused: a source file that cannot be read (exit 1), or a workspace error
    /// underneath (exit 2).
    Import(tthc::workspace::import::ImportError),
}

impl From<tthc::workspace::import::ImportError> for CliError {
    fn from(e: tthc::workspace::import::ImportError) -> Self {
        CliError::Import(e)
    }
}

impl From<WorkspaceError> for CliError {
    fn from(e: WorkspaceError) -> Self {
        CliError::Workspace(e)
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        CliError::Io(e)
    }
}

impl From<tthc::workspace::proposals::ProposalError> for CliError {
    fn from(e: tthc::workspace::proposals::ProposalError) -> Self {
        CliError::Proposal(e)
    }
}

impl From<tthc::synthetic::SyntheticError> for CliError {
    fn from(e: tthc::synthetic::SyntheticError) -> Self {
        CliError::Synthetic(e)
    }
}

impl From<tthc::workspace::decisions::DecisionError> for CliError {
    fn from(e: tthc::workspace::decisions::DecisionError) -> Self {
        CliError::Decision(e)
    }
}

impl From<Usage> for CliError {
    fn from(e: Usage) -> Self {
        CliError::Usage(e)
    }
}

/// What the command line asked that cannot be done as asked (exit 2).
#[derive(Debug)]
pub enum Usage {
    /// `--lang` names a language tthc does not speak.
    UnknownLanguage(String),
    /// The code exists at several levels: `--level` must choose.
    SeveralLevels { code: String, levels: Vec<String> },
    /// No procedure has this code (`removed`: it may have been removed; `--level` finds it).
    NoProcedure { code: String, removed: bool },
    /// The editor could not be started.
    EditorStart { editor: String, error: io::Error },
    /// The editor ended with an error: its exit code, if it exited (else a signal ended it).
    EditorFailed { editor: String, code: Option<i32> },
    /// `report --to` is before `--from`.
    PeriodReversed,
    /// `dev generate --layout` is neither flat nor sharded.
    UnknownLayout(String),
    /// A file named on the command line cannot be read.
    ReadFile { file: PathBuf, error: io::Error },
    /// `--level` or `--field` (when `field`) names none the manifest declares: the (id, name) it
    /// does declare.
    NotDeclared {
        field: bool,
        given: String,
        declared: Vec<(String, String)>,
    },
    /// `decision add` without the decision's number (neither `--number` nor in the file).
    DecisionNumberMissing,
    /// `decision add` without the decision's date.
    DecisionDateMissing,
    /// A word that is neither a command nor an existing folder.
    NotACommand {
        word: String,
        suggestion: Option<String>,
    },
}

impl Usage {
    fn message(&self, lang: Lang, names: Option<&Manifest>) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Usage::UnknownLanguage(tag) => format!(
                "{} `{tag}` {}",
                lang.pick("ngôn ngữ", "language"),
                lang.pick(
                    "không có; dùng --lang vi (tiếng Việt) hoặc --lang en (tiếng Anh)",
                    "is not available; use --lang vi (Vietnamese) or --lang en (English)"
                )
            ),
            Usage::SeveralLevels { code, levels } => {
                let levels: Vec<String> = levels
                    .iter()
                    .map(|l| match names.and_then(|m| m.level(l)) {
                        Some(level) => format!("{} (--level {l})", level.name),
                        None => format!("--level {l}"),
                    })
                    .collect();
                format!(
                    "{} {code} {}: {}",
                    lang.pick("mã", "code"),
                    lang.pick(
                        "có ở nhiều cấp; chọn một bằng",
                        "exists at several levels; pick one with"
                    ),
                    levels.join(", ")
                )
            }
            Usage::NoProcedure { code, removed } => {
                let mut s = format!(
                    "{} {code}",
                    lang.pick("không có thủ tục mã", "no procedure with code")
                );
                if *removed {
                    s.push_str(lang.pick(
                        "; nếu thủ tục đã bị xóa, chỉ rõ cấp bằng --level",
                        "; if it was removed, give its level with --level",
                    ));
                }
                s
            }
            Usage::EditorStart { editor, error } => format!(
                "{} `{editor}`: {}",
                lang.pick("không mở được trình soạn thảo", "cannot start the editor"),
                error.message(lang)
            ),
            Usage::EditorFailed { editor, code } => {
                let status = match (code, vi) {
                    (Some(c), true) => format!("mã thoát {c}"),
                    (Some(c), false) => format!("exit code {c}"),
                    (None, true) => "bị dừng".to_owned(),
                    (None, false) => "killed".to_owned(),
                };
                if vi {
                    format!("trình soạn thảo `{editor}` báo lỗi ({status}); chưa lưu gì")
                } else {
                    format!("the editor `{editor}` failed ({status}); nothing was saved")
                }
            }
            Usage::PeriodReversed => lang
                .pick(
                    "ngày cuối kỳ (--to) sớm hơn ngày đầu kỳ (--from)",
                    "the last day (--to) is before the first (--from)",
                )
                .into(),
            Usage::UnknownLayout(other) => {
                if vi {
                    format!("không có cách bố trí `{other}` (dùng flat hoặc sharded)")
                } else {
                    format!("unknown layout `{other}` (use flat or sharded)")
                }
            }
            Usage::ReadFile { file, error } => {
                format!("{}: {}", file.display(), error.message(lang))
            }
            Usage::DecisionNumberMissing => lang
                .pick(
                    "cần số quyết định: --number \"1203/QĐ-UBND\" (hoặc number: trong tệp)",
                    "the decision's number is needed: --number \"1203/QĐ-UBND\" (or number: in the file)",
                )
                .into(),
            Usage::DecisionDateMissing => lang
                .pick(
                    "cần ngày ký quyết định: --date dd/mm/yyyy (hoặc date: trong tệp)",
                    "the decision's date is needed: --date YYYY-MM-DD (or date: in the file)",
                )
                .into(),
            Usage::NotDeclared {
                field,
                given,
                declared,
            } => {
                let what = match field {
                    true => lang.pick("lĩnh vực", "field"),
                    false => lang.pick("cấp", "level"),
                };
                let candidates = declared
                    .iter()
                    .flat_map(|(id, name)| [id.as_str(), name.as_str()]);
                let near = tthc::i18n::nearest(given, candidates)
                    .and_then(|n| declared.iter().find(|(id, name)| id == n || name == n));
                let mut s = if vi {
                    format!("danh mục không có {what} `{given}`")
                } else {
                    format!("the catalogue declares no {what} `{given}`")
                };
                if let Some((id, name)) = near {
                    s.push_str(&if vi {
                        format!("; có phải ý bạn là {name} ({id})?")
                    } else {
                        format!("; did you mean {name} ({id})?")
                    });
                }
                let all: Vec<String> = declared
                    .iter()
                    .map(|(id, name)| format!("{name} ({id})"))
                    .collect();
                s.push_str(&format!(
                    "\n{}: {}",
                    lang.pick("Có", "Declared"),
                    all.join(", ")
                ));
                s
            }
            Usage::NotACommand { word, .. }
                if word.contains(['/', '\\']) || word.starts_with('.') =>
            {
                if vi {
                    format!("không có thư mục {word}")
                } else {
                    format!("there is no folder {word}")
                }
            }
            Usage::NotACommand { word, suggestion } => {
                let mut s = if vi {
                    format!("`{word}` không phải lệnh của tthc, cũng không phải thư mục có sẵn")
                } else {
                    format!("`{word}` is neither a tthc command nor an existing folder")
                };
                if let Some(cmd) = suggestion {
                    s.push_str(&if vi {
                        format!("; có phải ý bạn là `tthc {cmd}`?")
                    } else {
                        format!("; did you mean `tthc {cmd}`?")
                    });
                }
                s.push_str(lang.pick(
                    "\nXem các lệnh: tthc --help",
                    "\nSee the commands: tthc --help",
                ));
                s
            }
        }
    }
}

impl CliError {
    /// Print the error and choose the exit code. A closed pipe (`tthc list | head`) is not an error.
    pub fn report(self, lang: Lang, names: Option<&Manifest>) -> ExitCode {
        if let CliError::Io(e) = &self
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            return ExitCode::SUCCESS;
        }
        use tthc::workspace::proposals::ProposalError;
        let code = match &self {
            CliError::Proposal(ProposalError::Workspace(_)) => 2,
            CliError::Proposal(_) => 1,
            CliError::Decision(tthc::workspace::decisions::DecisionError::Workspace(_)) => 2,
            CliError::Decision(_) => 1,
            CliError::Import(tthc::workspace::import::ImportError::Workspace(_)) => 2,
            CliError::Import(_) => 1,
            CliError::Review(tthc::workspace::reviews::ReviewError::Workspace(_)) => 2,
            CliError::Review(_) => 1,
            _ => 2,
        };
        eprintln!(
            "tthc: {}",
            tthc::present::sanitize(&self.message(lang, names))
        );
        ExitCode::from(code)
    }

    /// The error in words.
    pub fn message(&self, lang: Lang, names: Option<&Manifest>) -> String {
        match self {
            CliError::Usage(u) => u.message(lang, names),
            CliError::Workspace(e) => e.message_with(lang, names),
            CliError::Io(e) => e.message(lang),
            CliError::Proposal(e) => e.message_with(lang, names),
            CliError::Synthetic(e) => e.message_with(lang, names),
            CliError::Decision(e) => e.message_with(lang, names),
            CliError::Import(e) => e.message_with(lang, names),
            CliError::Review(e) => e.message_with(lang, names),
        }
    }
}

/// The language of this run: `--lang` (read before the rest of the command line, so that its
/// help and its errors are in it too), else the locale (LC_ALL, LC_MESSAGES, LANG), else
/// Vietnamese. An unknown `--lang` is returned as the error.
fn detect_lang(args: &[OsString]) -> Result<Lang, String> {
    let mut flag = None;
    let mut it = args.iter().skip(1);
    while let Some(arg) = it.next() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        } else if arg == "--lang" {
            flag = it.next().map(|v| v.to_string_lossy().into_owned());
        } else if let Some(v) = arg.strip_prefix("--lang=") {
            flag = Some(v.to_owned());
        }
    }
    let locale = || {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_tag(&v))
            .unwrap_or_default()
    };
    match flag {
        Some(tag) => Lang::from_tag(&tag).ok_or(tag),
        None => Ok(locale()),
    }
}

/// Read the command line, run what it asks, and say what went wrong in the user's language.
pub fn start() -> Face {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    let lang = match detect_lang(&args) {
        Ok(lang) => lang,
        Err(tag) => {
            // Said in the locale's language, since the flag names none tthc speaks.
            let lang = detect_lang(&args[..1]).unwrap_or_default();
            return Face::Done(CliError::from(Usage::UnknownLanguage(tag)).report(lang, None));
        }
    };
    clap_vi::help_word_to_flag(&mut args);
    let cli = match clap_vi::parse(args, lang) {
        Ok(cli) => cli,
        Err(code) => return Face::Done(code),
    };
    let ctx = Ctx {
        lang,
        color: output::stdout_color(),
        catalog: cli.catalog.clone(),
    };
    match run(&ctx, cli) {
        Ok(face) => face,
        Err(e) => {
            let names = ctx.names();
            Face::Done(e.report(lang, names.as_ref()))
        }
    }
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

fn run(ctx: &Ctx, cli: Cli) -> Result<Face, CliError> {
    // A word before the command, or alone, is the catalogue's folder; one that is neither a
    // folder nor a command is a mistyped command, not a folder to fall back from.
    let mut ctx_catalog = None;
    if let Some(path) = &cli.path
        && !path.exists()
    {
        let word = path.to_string_lossy().into_owned();
        return Err(Usage::NotACommand {
            suggestion: clap_vi::nearest_command(&word),
            word,
        }
        .into());
    }
    if cli.command.is_some()
        && let Some(path) = &cli.path
    {
        ctx_catalog = Some(path.clone());
    }
    let with_path;
    let ctx = match ctx_catalog {
        Some(dir) => {
            with_path = Ctx {
                lang: ctx.lang,
                color: ctx.color,
                catalog: Some(dir),
            };
            &with_path
        }
        None => ctx,
    };
    let recovered = recover_interrupted(ctx, cli.path.as_ref());
    let done = |r: Result<ExitCode, CliError>| r.map(Face::Done);
    let face = match cli.command {
        None => demo::open_default(ctx, cli.path.as_ref()),
        Some(Command::Demo(args)) => demo::run(ctx, args),
        Some(Command::BenchTui(args)) => Ok(Face::BenchTui(args)),
        Some(command) => done(run_command(ctx, command)),
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
    let root = tthc::workspace::locate(&start)?;
    let line = match tthc::workspace::recover(&root) {
        Ok(Some(done)) => done.message(ctx.lang),
        Ok(None) => return None,
        Err(e) => e.message(ctx.lang),
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
        Command::Legal(args) => legal::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Review(args) => review::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Publish(args) => publish::run(ctx, args),
        Command::Post(args) => publish::post(ctx, args),
        Command::Reorganize(args) => reorganize::run(ctx, args),
        Command::Dev(args) => dev::run(ctx, args),
    }
}
