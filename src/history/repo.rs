//! Opening a repository, the identity, and writing commits: objects first, then the branch
//! (compare-and-swap), then the index — the steps the workspace's one save is made of.

use super::index_file::{FileStat, IndexFile, NewEntry, Update};
use super::*;

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

    pub(super) fn wrap(repo: Repository) -> Result<Repo, HistoryError> {
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

    pub(super) fn signature(&self) -> Result<Signature<'static>, HistoryError> {
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
            Some(c) => match self.spliced_tree(c.tree_id(), changes)? {
                Some(id) => id,
                None => {
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
            },
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

    /// The tree `root` with `changes` (their blobs written), spliced from the raw trees (see
    /// `tree_update`); `None` when libgit2 has to make it.
    fn spliced_tree(&self, root: Oid, changes: &[FileChange]) -> Result<Option<Oid>, HistoryError> {
        let paths: Vec<String> = changes.iter().map(|c| slash(&c.path)).collect();
        let mut spliced = Vec::with_capacity(changes.len());
        for (change, path) in changes.iter().zip(&paths) {
            let blob = match &change.content {
                Some(bytes) => Some(self.repo.blob(bytes)?),
                None => None,
            };
            let parts: Vec<&[u8]> = path.split('/').map(str::as_bytes).collect();
            if parts.iter().any(|p| p.is_empty()) {
                return Ok(None);
            }
            spliced.push((parts, blob));
        }
        super::tree_update::updated_tree(&self.repo.odb()?, root, &spliced)
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
        if self.stage_in_place(changes)? {
            return Ok(());
        }
        let mut index = self.repo.index()?;
        // Reloaded only when the file changed since this repository last read it (another
        // program staged meanwhile); a forced read parses all of it again — at a hundred
        // thousand files, a fifth of a save's time.
        index.read(false)?;
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

impl Repo {
    /// [`Repo::stage`] on the index file's bytes ([`IndexFile`]): under `index.lock`, the
    /// entries of these paths replaced, everything else copied. `Ok(false)` when the index is
    /// in a form left to libgit2, or its lock is held by another program (libgit2 then reports
    /// it), with nothing written.
    fn stage_in_place(&self, changes: &[FileChange]) -> Result<bool, HistoryError> {
        let git_dir = self.repo.path();
        // The lock first, so that no other writer can change the index between read and write.
        let Some(lock) = IndexFile::lock(git_dir)? else {
            return Ok(false);
        };
        let Some(index) = IndexFile::read(git_dir) else {
            return Ok(false);
        };
        let mut updates = Vec::with_capacity(changes.len());
        for change in changes {
            let path = slash(&change.path);
            let entry = change.content.as_ref().map(|bytes| {
                let abs = self.workdir.join(&path);
                // Stat before reading: a change made after the stat gives the file a newer
                // mtime than the entry records, so it is never taken for clean.
                let stat = std::fs::symlink_metadata(&abs)
                    .ok()
                    .filter(|m| m.is_file() && m.len() == bytes.len() as u64)
                    .filter(|_| std::fs::read(&abs).is_ok_and(|b| b == *bytes))
                    .map(|m| FileStat::of(&m));
                NewEntry {
                    id: super::blob_id(bytes),
                    stat,
                    size: bytes.len() as u32,
                }
            });
            updates.push(Update {
                path: path.into_bytes(),
                entry,
            });
        }
        let Some(bytes) = index.updated(&updates) else {
            return Ok(false);
        };
        lock.commit(&bytes)?;
        Ok(true)
    }
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

pub(super) fn index_entry(path: &Path, id: Oid, len: usize) -> git2::IndexEntry {
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
