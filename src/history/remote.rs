//! Sharing through a remote: branches, how two histories relate, merging, tags.

use super::repo::index_entry;
use super::*;

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
