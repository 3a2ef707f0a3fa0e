//! Paths and bytes ⇄ git. The only module that names git2: it deals in repository-relative paths,
//! file contents, commit ids and dates, never in catalogue records.

use git2::{ErrorCode, FileMode, Oid, Repository, Signature, build::TreeUpdateBuilder};
use std::path::{Path, PathBuf};

mod bulk;
mod pathindex;
mod stat;

pub use bulk::{SyntheticCommit, write_history};
pub use stat::blob_id;

/// What went wrong with the repository (data; `i18n` words it).
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    NoIdentity,
    HeadMoved { expected: String, found: String },
    OutsideWorkTree { path: PathBuf },
    Bare,
    UnknownRevision(String),
    GitCommand { args: String, detail: String },
    Git(#[from] git2::Error),
    TagExists { name: String },
    DetachedHead,
}

/// A git repository holding a catalogue.
pub struct Repo {
    repo: Repository,
    workdir: PathBuf,
}

/// Who made a commit and when (seconds since the epoch, UTC offset in minutes).
#[derive(Debug, Clone)]
pub struct Author {
    pub name: String,
    pub email: String,
    pub time: i64,
    pub offset_minutes: i32,
}

/// One file to write in a commit: its path relative to the repository root, and its new content
/// (`None` removes it).
pub struct FileChange {
    pub path: PathBuf,
    pub content: Option<Vec<u8>>,
}

impl Repo {
    /// The repository containing `path`, if any.
    pub fn discover(path: &Path) -> Result<Option<Repo>, HistoryError> {
        match Repository::discover(path) {
            Ok(repo) => Ok(Some(Repo::wrap(repo)?)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Create a new repository at `path` (branch `main`).
    pub fn init(path: &Path) -> Result<Repo, HistoryError> {
        let mut opts = git2::RepositoryInitOptions::new();
        opts.initial_head("main");
        Repo::wrap(Repository::init_opts(path, &opts)?)
    }

    fn wrap(repo: Repository) -> Result<Repo, HistoryError> {
        enable_fsync();
        let workdir = repo.workdir().ok_or(HistoryError::Bare)?.to_path_buf();
        let workdir = workdir.canonicalize().unwrap_or(workdir);
        Ok(Repo { repo, workdir })
    }

    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// `path` (absolute or relative to the current folder) relative to the work tree root.
    pub fn relative(&self, path: &Path) -> Result<PathBuf, HistoryError> {
        let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        abs.strip_prefix(&self.workdir)
            .map(Path::to_path_buf)
            .map_err(|_| HistoryError::OutsideWorkTree {
                path: path.to_path_buf(),
            })
    }

    /// The user's identity from git config, as "Name <email>".
    pub fn identity(&self) -> Result<String, HistoryError> {
        let sig = self.signature()?;
        Ok(format!(
            "{} <{}>",
            sig.name().unwrap_or(""),
            sig.email().unwrap_or("")
        ))
    }

    fn signature(&self) -> Result<Signature<'static>, HistoryError> {
        match self.repo.signature() {
            Ok(sig) => Ok(sig.to_owned()),
            Err(e) if e.code() == ErrorCode::NotFound => Err(HistoryError::NoIdentity),
            Err(e) => Err(e.into()),
        }
    }

    /// Set `user.name`/`user.email` in this repository's own config, only when no identity is
    /// configured anywhere (so a demo repository accepts edits on a machine without one).
    pub fn ensure_local_identity(&self, name: &str, email: &str) -> Result<(), HistoryError> {
        if self.signature().is_ok() {
            return Ok(());
        }
        let mut config = self.repo.config()?.open_level(git2::ConfigLevel::Local)?;
        config.set_str("user.name", name)?;
        config.set_str("user.email", email)?;
        Ok(())
    }

    /// The commit HEAD points at, or `None` on an unborn branch.
    pub fn head(&self) -> Result<Option<String>, HistoryError> {
        match self.repo.head() {
            Ok(r) => Ok(r.target().map(|o| o.to_string())),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Commit exactly `changes` on top of HEAD. The new tree is HEAD's tree with only these paths
    /// replaced, so the user's other staged or unstaged work is never swept in; the index entries
    /// of these paths are updated to match and every other entry stays as it was.
    ///
    /// `expected_head` guards against another writer: if HEAD is no longer that commit, nothing
    /// is committed.
    pub fn commit_files(
        &self,
        changes: &[FileChange],
        message: &str,
        expected_head: Option<&str>,
    ) -> Result<String, HistoryError> {
        self.commit_files_as(changes, message, expected_head, None)
    }

    /// [`Repo::commit_files`] with an explicit author and time instead of the configured identity
    /// and now — for building histories (the demo, generated benchmarks), never for user edits.
    /// The files must already be in the work tree; a save goes through the workspace's
    /// transaction instead, which writes the work tree only after the branch has moved.
    pub fn commit_files_as(
        &self,
        changes: &[FileChange],
        message: &str,
        expected_head: Option<&str>,
        author: Option<&Author>,
    ) -> Result<String, HistoryError> {
        let head = self.head()?;
        if let Some(expected) = expected_head
            && head.as_deref() != Some(expected)
        {
            return Err(HistoryError::HeadMoved {
                expected: expected.to_owned(),
                found: head.unwrap_or_else(|| "(none)".into()),
            });
        }
        let branch = self.head_branch()?;
        let id = self.write_commit(changes, message, head.as_deref(), author)?;
        self.move_branch(&branch, head.as_deref(), &id, message)?;
        self.stage(changes)?;
        Ok(id)
    }

    /// The signature commits are made with: `author`, else the configured identity and now.
    /// Fails with [`HistoryError::NoIdentity`] before anything is written.
    pub fn check_identity(&self, author: Option<&Author>) -> Result<(), HistoryError> {
        self.signature_for(author).map(|_| ())
    }

    fn signature_for(&self, author: Option<&Author>) -> Result<Signature<'static>, HistoryError> {
        match author {
            Some(a) => Ok(Signature::new(
                &a.name,
                &a.email,
                &git2::Time::new(a.time, a.offset_minutes),
            )?),
            None => self.signature(),
        }
    }

    /// The branch HEAD points at (`refs/heads/main`), born or not. A detached HEAD is refused:
    /// a commit there would be lost at the next checkout.
    pub fn head_branch(&self) -> Result<String, HistoryError> {
        let head = self.repo.find_reference("HEAD")?;
        match head.symbolic_target()? {
            Some(name) if name.starts_with("refs/heads/") => Ok(name.to_owned()),
            _ => Err(HistoryError::DetachedHead),
        }
    }

    /// Write the objects of a commit holding exactly `changes` on top of `parent` (blobs, trees,
    /// the commit), durably, without moving any reference: until [`Repo::move_branch`] the
    /// commit is unreachable and the repository is unchanged for every reader.
    pub fn write_commit(
        &self,
        changes: &[FileChange],
        message: &str,
        parent: Option<&str>,
        author: Option<&Author>,
    ) -> Result<String, HistoryError> {
        let sig = self.signature_for(author)?;
        let parent = match parent {
            Some(id) => Some(self.repo.find_commit(Oid::from_str(id)?)?),
            None => None,
        };
        let tree_id = match &parent {
            Some(c) => {
                let mut update = TreeUpdateBuilder::new();
                for change in changes {
                    let path = slash(&change.path);
                    match &change.content {
                        Some(bytes) => {
                            let blob = self.repo.blob(bytes)?;
                            update.upsert(path, blob, FileMode::Blob);
                        }
                        None => {
                            update.remove(path);
                        }
                    }
                }
                update.create_updated(&self.repo, &c.tree()?)?
            }
            // The first commit: build its tree from an in-memory index (no stray empty tree).
            None => {
                let mut index = git2::Index::new()?;
                for change in changes {
                    if let Some(bytes) = &change.content {
                        let entry = index_entry(&change.path, self.repo.blob(bytes)?, bytes.len());
                        index.add(&entry)?;
                    }
                }
                index.write_tree_to(&self.repo)?
            }
        };
        let tree = self.repo.find_tree(tree_id)?;
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &parents)?;
        Ok(id.to_string())
    }

    /// Move `branch` from `from` (None: unborn) to `to`, atomically: libgit2 takes the ref's
    /// lock file and checks the old value under it, so a commit that landed meanwhile is never
    /// overwritten ([`HistoryError::HeadMoved`]).
    pub fn move_branch(
        &self,
        branch: &str,
        from: Option<&str>,
        to: &str,
        message: &str,
    ) -> Result<(), HistoryError> {
        let to_id = Oid::from_str(to)?;
        let summary = message.lines().next().unwrap_or_default();
        let log = format!("commit: {summary}");
        let result = match from {
            Some(from) => self
                .repo
                .reference_matching(branch, to_id, true, Oid::from_str(from)?, &log)
                .map(|_| ()),
            None => self.repo.reference(branch, to_id, false, &log).map(|_| ()),
        };
        match result {
            Ok(()) => Ok(()),
            Err(e)
                if matches!(
                    e.code(),
                    ErrorCode::Modified | ErrorCode::Exists | ErrorCode::Locked
                ) =>
            {
                let found = self.head()?;
                if found.as_deref() == from {
                    // Locked by another git program at this instant: not a lost race.
                    return Err(e.into());
                }
                Err(HistoryError::HeadMoved {
                    expected: from.unwrap_or("(none)").to_owned(),
                    found: found.unwrap_or_else(|| "(none)".into()),
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The commit `branch` points at now (None: unborn).
    pub fn branch_target(&self, branch: &str) -> Result<Option<String>, HistoryError> {
        match self.repo.find_reference(branch) {
            Ok(r) => Ok(r.target().map(|o| o.to_string())),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Bring git's index entries of exactly these paths to `changes` (the work tree files are
    /// already written), leaving every other entry — the user's staged work — as it was.
    pub fn stage(&self, changes: &[FileChange]) -> Result<(), HistoryError> {
        let mut index = self.repo.index()?;
        index.read(true)?;
        for change in changes {
            let path = PathBuf::from(slash(&change.path));
            match &change.content {
                Some(bytes) => {
                    let on_disk = std::fs::read(self.workdir.join(&path)).ok();
                    if on_disk.as_deref() == Some(bytes.as_slice()) {
                        index.add_path(&path)?;
                    } else {
                        let entry = index_entry(&path, self.repo.blob(bytes)?, bytes.len());
                        index.add_frombuffer(&entry, bytes)?;
                    }
                }
                None => {
                    let _ = index.remove_path(&path);
                }
            }
        }
        index.write()?;
        Ok(())
    }
}

/// One commit as the history shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CommitInfo {
    pub id: String,
    /// Seconds since the Unix epoch, and the author's UTC offset in minutes.
    pub time: i64,
    pub offset_minutes: i32,
    pub author: String,
    pub email: String,
    pub message: String,
    /// Paths the commit changed under the prefix that was asked for, relative to that prefix.
    pub paths: Vec<PathBuf>,
}

impl Repo {
    /// A commit id for `spec`: anything `git rev-parse` understands, or a date `YYYY-MM-DD`
    /// meaning the catalogue as recorded at the end of that day (the newest commit on HEAD's
    /// first-parent line made on or before it, in the commit's own time zone).
    pub fn resolve(&self, spec: &str) -> Result<String, HistoryError> {
        if let Ok(obj) = self.repo.revparse_single(spec)
            && let Ok(commit) = obj.peel_to_commit()
        {
            return Ok(commit.id().to_string());
        }
        let Ok(day) = spec.parse::<jiff::civil::Date>() else {
            return Err(HistoryError::UnknownRevision(spec.to_owned()));
        };
        let Some(head) = self.head()? else {
            return Err(HistoryError::UnknownRevision(spec.to_owned()));
        };
        let mut commit = self.repo.find_commit(Oid::from_str(&head)?)?;
        loop {
            let t = commit.time();
            let local_day = (t.seconds() + i64::from(t.offset_minutes()) * 60).div_euclid(86_400);
            let wanted = day
                .since(jiff::civil::date(1970, 1, 1))
                .map(|s| i64::from(s.get_days()))
                .unwrap_or(i64::MIN);
            if local_day <= wanted {
                return Ok(commit.id().to_string());
            }
            match commit.parents().next() {
                Some(parent) => commit = parent,
                None => return Err(HistoryError::UnknownRevision(spec.to_owned())),
            }
        }
    }

    /// Commits reachable from HEAD that changed anything under `prefix` (repository-relative),
    /// or only `file` under it when given; newest first, at most `limit`. Answered from the path
    /// index in the git directory, brought up to date first (see `pathindex`).
    pub fn log(
        &self,
        prefix: &Path,
        file: Option<&Path>,
        limit: usize,
    ) -> Result<Vec<CommitInfo>, HistoryError> {
        let Some(head) = self.head()? else {
            return Ok(Vec::new());
        };
        let spec = slash(&match file {
            Some(f) => prefix.join(f),
            None => prefix.to_path_buf(),
        });
        // A pathspec with wildcards means more than a path; the plain walk handles it.
        if spec.contains(['*', '?', '[', '\\']) {
            return self.log_walk(prefix, file, limit);
        }
        let mut out = Vec::new();
        for (id, paths) in self.indexed_log(Oid::from_str(&head)?, &spec, limit)? {
            let commit = self.repo.find_commit(id)?;
            let mut paths: Vec<PathBuf> = paths
                .into_iter()
                .map(|p| PathBuf::from(String::from_utf8_lossy(&p).into_owned()))
                .map(|p| p.strip_prefix(prefix).map(Path::to_path_buf).unwrap_or(p))
                .collect();
            paths.sort();
            paths.dedup();
            out.push(commit_info(&commit, paths));
        }
        Ok(out)
    }

    /// [`Repo::log`] by walking every commit and diffing it with its first parent, without the
    /// path index: the reference the index is checked against.
    pub fn log_walk(
        &self,
        prefix: &Path,
        file: Option<&Path>,
        limit: usize,
    ) -> Result<Vec<CommitInfo>, HistoryError> {
        let Some(head) = self.head()? else {
            return Ok(Vec::new());
        };
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
        walk.push(Oid::from_str(&head)?)?;
        let spec = slash(&match file {
            Some(f) => prefix.join(f),
            None => prefix.to_path_buf(),
        });
        let mut out = Vec::new();
        for id in walk {
            if out.len() >= limit {
                break;
            }
            let commit = self.repo.find_commit(id?)?;
            let tree = commit.tree()?;
            let parent_tree = match commit.parents().next() {
                Some(p) => Some(p.tree()?),
                None => None,
            };
            let mut opts = git2::DiffOptions::new();
            if !spec.is_empty() {
                opts.pathspec(&spec);
            }
            let diff =
                self.repo
                    .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))?;
            if diff.deltas().len() == 0 {
                continue;
            }
            let mut paths: Vec<PathBuf> = diff
                .deltas()
                .filter_map(|d| {
                    d.new_file()
                        .path()
                        .or_else(|| d.old_file().path())
                        .map(Path::to_path_buf)
                })
                .map(|p| p.strip_prefix(prefix).map(Path::to_path_buf).unwrap_or(p))
                .collect();
            paths.sort();
            paths.dedup();
            out.push(commit_info(&commit, paths));
        }
        Ok(out)
    }

    /// The content of `path` (repository-relative) in `commit`, or `None` when it is absent there.
    pub fn blob_at(&self, commit: &str, path: &Path) -> Result<Option<Vec<u8>>, HistoryError> {
        let tree = self.repo.find_commit(Oid::from_str(commit)?)?.tree()?;
        match tree.get_path(path) {
            Ok(entry) => Ok(Some(self.repo.find_blob(entry.id())?.content().to_vec())),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The first parent of `commit`, if it has one.
    pub fn parent_of(&self, commit: &str) -> Result<Option<String>, HistoryError> {
        let c = self.repo.find_commit(Oid::from_str(commit)?)?;
        Ok(c.parents().next().map(|p| p.id().to_string()))
    }

    /// Every file under `prefix` (repository-relative) in `commit`, relative to `prefix`.
    pub fn files_at(
        &self,
        commit: &str,
        prefix: &Path,
    ) -> Result<Vec<(PathBuf, Vec<u8>)>, HistoryError> {
        self.files_at_where(commit, prefix, |_, _| true)
    }

    /// The files under `prefix` in `commit` (relative to `prefix`) that `keep` accepts, given
    /// each one's path and blob id; the others are never read.
    pub fn files_at_where(
        &self,
        commit: &str,
        prefix: &Path,
        mut keep: impl FnMut(&Path, &[u8; 20]) -> bool,
    ) -> Result<Vec<(PathBuf, Vec<u8>)>, HistoryError> {
        let commit = self.repo.find_commit(Oid::from_str(commit)?)?;
        let root = commit.tree()?;
        let tree = if prefix.as_os_str().is_empty() {
            root
        } else {
            match root.get_path(prefix) {
                Ok(entry) => self.repo.find_tree(entry.id())?,
                Err(e) if e.code() == ErrorCode::NotFound => return Ok(Vec::new()),
                Err(e) => return Err(e.into()),
            }
        };
        let mut out = Vec::new();
        let mut failure = None;
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() != Some(git2::ObjectType::Blob) {
                return git2::TreeWalkResult::Ok;
            }
            let name = entry.name().unwrap_or("");
            let rel = PathBuf::from(format!("{dir}{name}"));
            let mut id = [0u8; 20];
            id.copy_from_slice(&entry.id().as_bytes()[..20]);
            if !keep(&rel, &id) {
                return git2::TreeWalkResult::Ok;
            }
            match self.repo.find_blob(entry.id()) {
                Ok(blob) => out.push((rel, blob.content().to_vec())),
                Err(e) => {
                    failure = Some(e);
                    return git2::TreeWalkResult::Abort;
                }
            }
            git2::TreeWalkResult::Ok
        })?;
        match failure {
            Some(e) => Err(e.into()),
            None => Ok(out),
        }
    }
}

impl Repo {
    /// The git blob id of the file at `path` (repository-relative) in `commit`, or `None` when
    /// the commit has no such file.
    pub fn blob_id_at(&self, commit: &str, path: &Path) -> Result<Option<String>, HistoryError> {
        let commit = self.repo.find_commit(Oid::from_str(commit)?)?;
        match commit.tree()?.get_path(Path::new(&slash(path))) {
            Ok(entry) if entry.kind() == Some(git2::ObjectType::Blob) => {
                Ok(Some(entry.id().to_string()))
            }
            Ok(_) => Ok(None),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The content of a blob by its id, or `None` when the repository does not hold it (a
    /// shallow clone, a pruned object).
    pub fn blob(&self, id: &str) -> Result<Option<Vec<u8>>, HistoryError> {
        let Ok(oid) = Oid::from_str(id) else {
            return Ok(None);
        };
        match self.repo.find_blob(oid) {
            Ok(b) => Ok(Some(b.content().to_vec())),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// The git blob id that `bytes` have (as `git hash-object` computes it), without a repository.
pub fn blob_id_of(bytes: &[u8]) -> String {
    Oid::hash_object(git2::ObjectType::Blob, bytes)
        .map(|o| o.to_string())
        .unwrap_or_default()
}

fn commit_info(commit: &git2::Commit<'_>, paths: Vec<PathBuf>) -> CommitInfo {
    let author = commit.author();
    CommitInfo {
        id: commit.id().to_string(),
        time: author.when().seconds(),
        offset_minutes: author.when().offset_minutes(),
        author: author.name().unwrap_or("").to_owned(),
        email: author.email().unwrap_or("").to_owned(),
        message: commit.message().unwrap_or("").trim_end().to_owned(),
        paths,
    }
}

/// Both sides' versions of a file that changed on both sides of a merge.
#[derive(Debug, Clone)]
pub struct MergeConflict {
    /// Repository-relative path.
    pub path: PathBuf,
    pub base: Option<Vec<u8>>,
    pub ours: Option<Vec<u8>>,
    pub theirs: Option<Vec<u8>>,
    /// git's own line-based merge, when it found no overlapping lines.
    pub automatic: Option<Vec<u8>>,
}

/// What to do with a file changed on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Merged(Vec<u8>),
    /// Take git's line-based merge.
    KeepAutomatic,
    Conflict,
}

/// How HEAD relates to another commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Same,
    /// The other commit is behind HEAD: HEAD has commits to push.
    Ahead,
    /// HEAD is behind: a fast-forward brings it up to date.
    Behind,
    Diverged,
}

impl Repo {
    /// The branch HEAD is on (`main`), if it is on one.
    pub fn current_branch(&self) -> Result<Option<String>, HistoryError> {
        match self.repo.head() {
            Ok(r) if r.is_branch() => Ok(r.shorthand().ok().map(str::to_owned)),
            Ok(_) => Ok(None),
            Err(e) if e.code() == ErrorCode::UnbornBranch => {
                let head = self.repo.find_reference("HEAD")?;
                let target = head.symbolic_target()?;
                Ok(target
                    .and_then(|t| t.strip_prefix("refs/heads/"))
                    .map(str::to_owned))
            }
            Err(e) => Err(e.into()),
        }
    }

    pub fn has_remote(&self, name: &str) -> bool {
        self.repo.find_remote(name).is_ok()
    }

    /// The commit a remote-tracking branch points at.
    pub fn remote_branch(
        &self,
        remote: &str,
        branch: &str,
    ) -> Result<Option<String>, HistoryError> {
        match self
            .repo
            .find_reference(&format!("refs/remotes/{remote}/{branch}"))
        {
            Ok(r) => Ok(r.peel_to_commit().ok().map(|c| c.id().to_string())),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Run the system `git` for the network part, so credentials, SSH agents and proxies work as
    /// the user configured them.
    pub fn run_git(&self, args: &[&str]) -> Result<String, HistoryError> {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(&self.workdir)
            .output()
            .map_err(|e| HistoryError::GitCommand {
                args: args.join(" "),
                detail: e.to_string(),
            })?;
        if !out.status.success() {
            return Err(HistoryError::GitCommand {
                args: args.join(" "),
                detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            });
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    pub fn relation(&self, other: &str) -> Result<Relation, HistoryError> {
        let Some(head) = self.head()? else {
            return Ok(Relation::Behind);
        };
        if head == other {
            return Ok(Relation::Same);
        }
        let (h, o) = (Oid::from_str(&head)?, Oid::from_str(other)?);
        Ok(if self.repo.graph_descendant_of(h, o)? {
            Relation::Ahead
        } else if self.repo.graph_descendant_of(o, h)? {
            Relation::Behind
        } else {
            Relation::Diverged
        })
    }

    /// Paths under `prefix` with uncommitted changes (staged or not), untracked files included.
    pub fn dirty_paths(&self, prefix: &Path) -> Result<Vec<PathBuf>, HistoryError> {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true).recurse_untracked_dirs(true);
        let spec = slash(prefix);
        if !spec.is_empty() {
            opts.pathspec(&spec);
        }
        let statuses = self.repo.statuses(Some(&mut opts))?;
        Ok(statuses
            .iter()
            .filter_map(|e| e.path().ok().map(PathBuf::from))
            .collect())
    }

    /// The paths (repository-relative) whose content differs between two commits; `from`
    /// None is the empty tree.
    pub fn paths_between(
        &self,
        from: Option<&str>,
        to: &str,
    ) -> Result<Vec<PathBuf>, HistoryError> {
        let tree_of = |id: &str| -> Result<git2::Tree<'_>, HistoryError> {
            Ok(self.repo.find_commit(Oid::from_str(id)?)?.tree()?)
        };
        let old = from.map(tree_of).transpose()?;
        let new = tree_of(to)?;
        let diff = self
            .repo
            .diff_tree_to_tree(old.as_ref(), Some(&new), None)?;
        let mut out = Vec::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(p) = file.path()
                    && !out.iter().any(|o: &PathBuf| o == p)
                {
                    out.push(p.to_path_buf());
                }
            }
        }
        Ok(out)
    }

    /// Merge `theirs` into HEAD. Every file changed on both sides — whether git's line merge
    /// conflicted or not — goes to `resolve`; if any stays in conflict nothing is changed and
    /// their paths are returned. Otherwise the merge commit is written as objects only, and its
    /// id returned: the caller moves the branch and the work tree (the workspace's save rule).
    pub fn merge(
        &self,
        theirs: &str,
        message: &str,
        mut resolve: impl FnMut(&MergeConflict) -> Resolution,
    ) -> Result<Result<String, Vec<PathBuf>>, HistoryError> {
        let sig = self.signature()?;
        let head = self.head()?.ok_or(HistoryError::Bare)?;
        let ours = self.repo.find_commit(Oid::from_str(&head)?)?;
        let theirs = self.repo.find_commit(Oid::from_str(theirs)?)?;
        let base_tree = match self.repo.merge_base(ours.id(), theirs.id()) {
            Ok(id) => Some(self.repo.find_commit(id)?.tree()?),
            Err(e) if e.code() == ErrorCode::NotFound => None,
            Err(e) => return Err(e.into()),
        };
        let (ours_tree, theirs_tree) = (ours.tree()?, theirs.tree()?);
        let mut index = self.repo.merge_commits(&ours, &theirs, None)?;
        let read = |id: Option<Oid>| -> Result<Option<Vec<u8>>, git2::Error> {
            match id {
                Some(id) => Ok(Some(self.repo.find_blob(id)?.content().to_vec())),
                None => Ok(None),
            }
        };
        let id_in = |tree: Option<&git2::Tree>, path: &Path| -> Option<Oid> {
            tree.and_then(|t| t.get_path(path).ok()).map(|e| e.id())
        };
        let mut candidates: Vec<MergeConflict> = Vec::new();
        // Files git merged by lines although both sides changed them.
        for entry in index.iter() {
            if (entry.flags >> 12) & 0x3 != 0 {
                continue;
            }
            let path = PathBuf::from(String::from_utf8_lossy(&entry.path).into_owned());
            let (o, t) = (
                id_in(Some(&ours_tree), &path),
                id_in(Some(&theirs_tree), &path),
            );
            if o != Some(entry.id) && t != Some(entry.id) {
                candidates.push(MergeConflict {
                    base: read(id_in(base_tree.as_ref(), &path))?,
                    ours: read(o)?,
                    theirs: read(t)?,
                    automatic: read(Some(entry.id))?,
                    path,
                });
            }
        }
        if index.has_conflicts() {
            for conflict in index.conflicts()? {
                let conflict = conflict?;
                let any = conflict
                    .our
                    .as_ref()
                    .or(conflict.their.as_ref())
                    .or(conflict.ancestor.as_ref());
                let Some(entry) = any else { continue };
                candidates.push(MergeConflict {
                    path: PathBuf::from(String::from_utf8_lossy(&entry.path).into_owned()),
                    base: read(conflict.ancestor.as_ref().map(|e| e.id))?,
                    ours: read(conflict.our.as_ref().map(|e| e.id))?,
                    theirs: read(conflict.their.as_ref().map(|e| e.id))?,
                    automatic: None,
                });
            }
        }
        let mut resolved = Vec::new();
        let mut unresolved = Vec::new();
        for c in &candidates {
            match resolve(c) {
                Resolution::Merged(bytes) => resolved.push((c.path.clone(), bytes)),
                Resolution::KeepAutomatic if c.automatic.is_some() => {}
                Resolution::KeepAutomatic | Resolution::Conflict => unresolved.push(c.path.clone()),
            }
        }
        if !unresolved.is_empty() {
            return Ok(Err(unresolved));
        }
        for (path, bytes) in &resolved {
            let _ = index.conflict_remove(path);
            let entry = index_entry(path, self.repo.blob(bytes)?, bytes.len());
            index.add(&entry)?;
        }
        let tree = self.repo.find_tree(index.write_tree_to(&self.repo)?)?;
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &[&ours, &theirs])?;
        Ok(Ok(id.to_string()))
    }
}

impl Repo {
    /// Whether a tag of this name exists.
    pub fn tag_exists(&self, name: &str) -> Result<bool, HistoryError> {
        match self.repo.find_reference(&format!("refs/tags/{name}")) {
            Ok(_) => Ok(true),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Tag `commit` as `name` with an annotated tag carrying `message` and the user's identity
    /// (who published, when). Refuses to move an existing tag.
    pub fn tag(&self, name: &str, commit: &str, message: &str) -> Result<(), HistoryError> {
        let sig = self.signature()?;
        let target = self.repo.find_object(Oid::from_str(commit)?, None)?;
        match self.repo.tag(name, &target, &sig, message, false) {
            Ok(_) => Ok(()),
            Err(e) if e.code() == ErrorCode::Exists => Err(HistoryError::TagExists {
                name: name.to_owned(),
            }),
            Err(e) => Err(e.into()),
        }
    }
}

/// Make libgit2 allocate with mimalloc, the allocator of the tthc binary, so that memory libgit2
/// frees (a status over 100,000 files takes about a hundred megabytes) is reused by the rest of
/// the program instead of staying with the C library's allocator.
///
/// Call it first thing in `main`, before anything touches libgit2: memory allocated before the
/// switch would be freed by the wrong allocator. Calls after the first do nothing.
#[allow(unsafe_code)]
pub fn libgit2_uses_mimalloc() {
    use std::ffi::{c_char, c_int, c_void};
    /// libgit2's `git_allocator` (include/git2/sys/alloc.h in libgit2 1.9).
    #[repr(C)]
    struct GitAllocator {
        gmalloc: unsafe extern "C" fn(usize, *const c_char, c_int) -> *mut c_void,
        grealloc: unsafe extern "C" fn(*mut c_void, usize, *const c_char, c_int) -> *mut c_void,
        gfree: unsafe extern "C" fn(*mut c_void),
    }
    unsafe extern "C" fn gmalloc(n: usize, _file: *const c_char, _line: c_int) -> *mut c_void {
        // SAFETY: a plain allocation; libgit2 checks for null.
        unsafe { libmimalloc_sys::mi_malloc(n) }
    }
    unsafe extern "C" fn grealloc(
        ptr: *mut c_void,
        n: usize,
        _file: *const c_char,
        _line: c_int,
    ) -> *mut c_void {
        // SAFETY: `ptr` is null or came from `gmalloc`/`grealloc` (all of libgit2's memory does,
        // as the switch happens before libgit2 allocates anything).
        unsafe { libmimalloc_sys::mi_realloc(ptr, n) }
    }
    unsafe extern "C" fn gfree(ptr: *mut c_void) {
        // SAFETY: as for `grealloc`.
        unsafe { libmimalloc_sys::mi_free(ptr) }
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let allocator = GitAllocator {
            gmalloc,
            grealloc,
            gfree,
        };
        // SAFETY: GIT_OPT_SET_ALLOCATOR takes one `git_allocator *`, whose contents libgit2
        // copies; libgit2 keeps an allocator set before its initialisation.
        unsafe {
            libgit2_sys::git_libgit2_opts(
                libgit2_sys::GIT_OPT_SET_ALLOCATOR as c_int,
                &allocator as *const GitAllocator,
            );
        }
    });
}

/// Ask libgit2 to fsync every object, index and ref it writes, so a commit reported as made
/// survives a power cut. git2 does not wrap this option; it is a plain integer setting.
#[allow(unsafe_code)]
fn enable_fsync() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: libgit2 is initialised (a Repository exists when this runs), and
        // GIT_OPT_ENABLE_FSYNC_GITDIR takes exactly one int argument.
        unsafe {
            libgit2_sys::git_libgit2_opts(
                libgit2_sys::GIT_OPT_ENABLE_FSYNC_GITDIR as std::ffi::c_int,
                1 as std::ffi::c_int,
            );
        }
    });
}

fn index_entry(path: &Path, id: Oid, len: usize) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: u32::from(FileMode::Blob),
        uid: 0,
        gid: 0,
        file_size: len as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: slash(path).into_bytes(),
    }
}

/// Git paths are `/`-separated whatever the platform.
fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
