//! Writing a long history fast, for synthetic catalogues (benchmarks, tests): the commits are
//! streamed to `git fast-import`, which stores each new version of a tree or file as a delta of
//! the one before (a flat folder of 33,000 procedures is a 1.7 MB tree, rewritten by every
//! commit that touches it), without fsync and without touching the index; at the end the last
//! commit is checked out.

use super::{HistoryError, Repo, slash};
use git2::Repository;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// One commit of a synthetic history. Paths are repository-relative.
pub struct SyntheticCommit {
    pub changes: Vec<super::FileChange>,
    pub message: String,
    pub author: String,
    pub email: String,
    /// Seconds since the Unix epoch, and the UTC offset in minutes.
    pub time: i64,
    pub offset_minutes: i32,
}

/// Create a new repository at `dir` (branch `main`) whose history is `commits`, oldest first,
/// and check out the last one. Returns the id of the last commit.
///
/// The objects are those libgit2 would write for the same commits (same ids); they are written
/// by the system `git fast-import`, in one packfile with deltas. Nothing is fsynced: this is for
/// data that can be made again, never for the user's work.
pub fn write_history(
    dir: &Path,
    commits: &mut dyn Iterator<Item = SyntheticCommit>,
) -> Result<String, HistoryError> {
    let mut opts = git2::RepositoryInitOptions::new();
    opts.initial_head("main");
    let repo = Repository::init_opts(dir, &opts)?;
    let mut commits = commits.peekable();
    if commits.peek().is_none() {
        return Ok(String::new());
    }
    fast_import(repo.path(), &mut commits)?;
    // A new handle: the packfile was written behind the first one's back.
    let repo = Repository::open(dir)?;
    let head = repo.refname_to_id("refs/heads/main")?;
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force();
    repo.checkout_head(Some(&mut checkout))?;
    Ok(head.to_string())
}

const FAST_IMPORT: &str = "fast-import";

fn git_error(detail: impl ToString) -> HistoryError {
    HistoryError::GitCommand {
        args: FAST_IMPORT.to_owned(),
        detail: detail.to_string(),
    }
}

/// Stream `commits` to `git fast-import` in the git directory `git_dir`, on branch `main`.
fn fast_import(
    git_dir: &Path,
    commits: &mut dyn Iterator<Item = SyntheticCommit>,
) -> Result<(), HistoryError> {
    let mut child = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args([FAST_IMPORT, "--quiet", "--done"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(git_error)?;
    // Read its complaints while the stream is written, so a full pipe never stalls both.
    let mut stderr = child.stderr.take().map(|mut e| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = e.read_to_string(&mut text);
            text
        })
    });
    let stdin = child.stdin.take().ok_or_else(|| git_error("no stdin"))?;
    let mut stream = std::io::BufWriter::with_capacity(1 << 20, stdin);
    let written = write_stream(&mut stream, commits).and_then(|()| {
        stream.flush()?;
        Ok(())
    });
    drop(stream);
    let status = child.wait().map_err(git_error)?;
    let complaint = stderr
        .take()
        .and_then(|t| t.join().ok())
        .unwrap_or_default();
    if !status.success() {
        return Err(git_error(format!("{status}: {}", complaint.trim())));
    }
    written.map_err(git_error)
}

fn write_stream(
    out: &mut impl Write,
    commits: &mut dyn Iterator<Item = SyntheticCommit>,
) -> std::io::Result<()> {
    for commit in commits {
        let offset = commit.offset_minutes;
        let sign = if offset < 0 { '-' } else { '+' };
        let when = format!(
            "{} {sign}{:02}{:02}",
            commit.time,
            offset.abs() / 60,
            offset.abs() % 60
        );
        let who = format!("{} <{}> {when}", commit.author, commit.email);
        writeln!(out, "commit refs/heads/main")?;
        writeln!(out, "author {who}")?;
        writeln!(out, "committer {who}")?;
        writeln!(out, "data {}", commit.message.len())?;
        out.write_all(commit.message.as_bytes())?;
        out.write_all(b"\n")?;
        for change in &commit.changes {
            let path = slash(&change.path);
            if path.starts_with('"') || path.contains('\n') {
                return Err(std::io::Error::other(format!(
                    "a path fast-import would need quoted: {path:?}"
                )));
            }
            match &change.content {
                Some(bytes) => {
                    writeln!(out, "M 100644 inline {path}")?;
                    writeln!(out, "data {}", bytes.len())?;
                    out.write_all(bytes)?;
                    out.write_all(b"\n")?;
                }
                None => writeln!(out, "D {path}")?,
            }
        }
        out.write_all(b"\n")?;
    }
    out.write_all(b"done\n")
}

impl Repo {
    /// The repository's git directory (`.git`), where tthc keeps its caches.
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }
}
