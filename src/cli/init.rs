//! `tthc init`: create a catalogue, empty or from the bundled sample.

use super::{CliError, Ctx};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tthc::workspace;

/// Create a new catalogue (inside an existing git repository: as a sub-folder of it; otherwise as a
/// new repository), with one first commit
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to create (must be new or empty); with --ci, the catalogue (default: found from
    /// the current folder upward)
    #[arg(required_unless_present = "ci")]
    dir: Option<PathBuf>,
    /// Start from the bundled sample catalogue (thị xã Duy Tiên, 2022; illustrative data)
    #[arg(long)]
    sample: bool,
    /// Name of the authority keeping the catalogue, for an empty catalogue
    #[arg(long, default_value = "UBND xã")]
    authority: String,
    /// Add a CI pipeline to the catalogue's repository (gitlab, github or gitea) that validates
    /// every push and merge request and publishes the listing from the main branch; one commit
    #[arg(long, value_enum, value_name = "SERVER", conflicts_with_all = ["sample"])]
    ci: Option<Ci>,
    /// With --ci: where the pipeline gets tthc — the URL of a prebuilt binary, git+URL of its
    /// source, or a path (binary or source folder) on the runner; default: tthc on the PATH
    #[arg(long, value_name = "URL|PATH", requires = "ci")]
    tthc_from: Option<String>,
}

/// The git servers whose pipelines `--ci` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    Gitlab,
    Github,
    Gitea,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    if let Some(ci) = args.ci {
        return add_ci(ctx, ci, args.dir.as_ref(), args.tthc_from.as_deref());
    }
    let dir = args.dir.expect("clap requires DIR without --ci");
    let report = workspace::init(&dir, args.sample, &args.authority)?;
    let lang = ctx.lang;
    let mut out = super::output::screen(ctx.color);
    let where_ = if report.new_repository {
        lang.pick("kho git mới", "a new git repository")
    } else {
        lang.pick("kho git có sẵn", "the existing git repository")
    };
    writeln!(
        out,
        "{} {} ({} {}, {} {}, commit {})",
        lang.pick("Đã tạo danh mục tại", "Created the catalogue at"),
        report.root.display(),
        report.files,
        lang.pick("tệp", "files"),
        lang.pick("trong", "in"),
        where_,
        tthc::present::short_commit(&report.commit)
    )?;
    writeln!(
        out,
        "{} tthc validate {} · tthc list -C {}",
        lang.pick("Tiếp theo:", "Next:"),
        report.root.display(),
        report.root.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

// ---- tthc init --ci (issue 20) ---------------------------------------------------------------

const CI_SCRIPT: &str = include_str!("ci/ci.sh");
const GITLAB: &str = include_str!("ci/gitlab-ci.yml");
const GITHUB: &str = include_str!("ci/github.yml");
const GITEA: &str = include_str!("ci/gitea.yml");

/// Where the pipeline's script lives in the repository.
pub const CI_SCRIPT_PATH: &str = ".tthc/ci.sh";

/// The pipeline files for `ci`, with `from` (where to get tthc) written in.
pub fn ci_files(ci: Ci, from: &str) -> Vec<(PathBuf, String)> {
    // A prebuilt binary needs only curl on a small image; building from source needs Rust.
    let download = from.starts_with("http://") || from.starts_with("https://");
    let (image, before) = if download {
        (
            "debian:stable-slim",
            "  before_script:\n    - apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates curl >/dev/null\n",
        )
    } else {
        ("rust:1", "")
    };
    let fill = |t: &str| {
        t.replace("@TTHC_FROM@", from)
            .replace("@IMAGE@", image)
            .replace("@BEFORE@\n", before)
    };
    let pipeline = match ci {
        Ci::Gitlab => (".gitlab-ci.yml", fill(GITLAB)),
        Ci::Github => (".github/workflows/tthc.yml", fill(GITHUB)),
        Ci::Gitea => (".gitea/workflows/tthc.yml", fill(GITEA)),
    };
    vec![
        (PathBuf::from(CI_SCRIPT_PATH), fill(CI_SCRIPT)),
        (PathBuf::from(pipeline.0), pipeline.1),
    ]
}

/// A source the pipeline files can carry verbatim: no quote, `$`, backslash, space or line break.
fn plain_source(from: &str) -> bool {
    from.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                ':' | '/' | '.' | '_' | '-' | '+' | '@' | '~' | '%' | '=' | ',' | '#'
            )
    })
}

fn add_ci(
    ctx: &Ctx,
    ci: Ci,
    dir: Option<&PathBuf>,
    from: Option<&str>,
) -> Result<ExitCode, CliError> {
    let lang = ctx.lang;
    let from = from.unwrap_or("");
    if !plain_source(from) {
        super::output::note!(
            "tthc: {}",
            lang.pick(
                "--tthc-from chỉ nhận đường dẫn hoặc URL không có dấu cách, dấu nháy, $ hay \\",
                "--tthc-from takes a path or URL without spaces, quotes, $ or \\"
            )
        );
        return Ok(ExitCode::from(2));
    }
    let start = ctx.start_dir(dir);
    let root = workspace::locate(&start).ok_or(tthc::workspace::WorkspaceError::NoCatalog {
        start: start.clone(),
    })?;
    let files = ci_files(ci, from);
    let server = match ci {
        Ci::Gitlab => "GitLab",
        Ci::Github => "GitHub",
        Ci::Gitea => "Gitea",
    };
    let message = match lang {
        tthc::i18n::Lang::Vi => format!(
            "Thêm quy trình CI ({server}): kiểm tra mọi lần đẩy và yêu cầu hợp nhất, công bố danh mục từ nhánh chính"
        ),
        tthc::i18n::Lang::En => format!(
            "Add a CI pipeline ({server}): validate every push and merge request, publish the listing from the main branch"
        ),
    };
    let added = workspace::ci::add_files(&root, &files, &message)?;
    let mut out = super::output::screen(ctx.color);
    match &added.commit {
        Some(commit) => writeln!(
            out,
            "{} {} ({})",
            lang.pick("Đã thêm quy trình CI cho", "Added the CI pipeline for"),
            server,
            tthc::present::short_commit(commit)
        )?,
        None => writeln!(
            out,
            "{}",
            lang.pick(
                "Quy trình CI đã có sẵn, không thay đổi gì.",
                "The CI pipeline is already there; nothing changed."
            )
        )?,
    }
    for f in &added.written {
        writeln!(out, "  {}", f.display())?;
    }
    if from.is_empty() {
        writeln!(
            out,
            "{}",
            lang.pick(
                "Chưa nêu nơi lấy tthc (--tthc-from): máy chạy CI phải có sẵn lệnh tthc.",
                "No --tthc-from given: the CI runner must have tthc on its PATH."
            )
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
