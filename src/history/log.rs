//! Reading history: revisions, the log of a path, files and blobs at a commit.

use super::*;

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
        let spec = log_spec(prefix, file);
        // A pathspec with wildcards means more than a path; the plain walk handles it.
        if spec.contains(['*', '?', '[', '\\']) {
            return self.log_walk(prefix, file, limit);
        }
        let mut out = Vec::new();
        for (id, paths) in self.indexed_log(Oid::from_str(&head)?, &spec, limit)? {
            let commit = self.repo.find_commit(id)?;
            let paths = paths
                .into_iter()
                .map(|p| PathBuf::from(String::from_utf8_lossy(&p).into_owned()));
            out.push(commit_info(&commit, under_prefix(paths, prefix)));
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
        let spec = log_spec(prefix, file);
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
            let paths = diff.deltas().filter_map(|d| {
                d.new_file()
                    .path()
                    .or_else(|| d.old_file().path())
                    .map(Path::to_path_buf)
            });
            out.push(commit_info(&commit, under_prefix(paths, prefix)));
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

/// The pathspec [`Repo::log`] follows: `file` under `prefix`, or all of `prefix`, with `/`.
fn log_spec(prefix: &Path, file: Option<&Path>) -> String {
    slash(&match file {
        Some(f) => prefix.join(f),
        None => prefix.to_path_buf(),
    })
}

/// The paths a commit changed, relative to `prefix` where they lie under it, sorted, once each.
fn under_prefix(paths: impl Iterator<Item = PathBuf>, prefix: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = paths
        .map(|p| p.strip_prefix(prefix).map(Path::to_path_buf).unwrap_or(p))
        .collect();
    out.sort();
    out.dedup();
    out
}
