//! Writing a long history fast, for synthetic catalogues (benchmarks, tests): objects are kept in
//! an in-memory object database and written out as packfiles now and then, without fsync and
//! without touching the index until the end, when the last commit is checked out.

use super::{HistoryError, Repo, slash};
use git2::{FileMode, Oid, Repository, Signature, Time, build::TreeUpdateBuilder};
use std::path::Path;

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

/// Objects held in memory before they are written out as one packfile.
const PACK_EVERY_BYTES: usize = 192 * 1024 * 1024;

/// Create a new repository at `dir` (branch `main`) whose history is `commits`, oldest first,
/// and check out the last one. Returns the id of the last commit.
///
/// Nothing is fsynced: this is for data that can be made again, never for the user's work.
pub fn write_history(
    dir: &Path,
    commits: &mut dyn Iterator<Item = SyntheticCommit>,
) -> Result<String, HistoryError> {
    let mut opts = git2::RepositoryInitOptions::new();
    opts.initial_head("main");
    let repo = Repository::init_opts(dir, &opts)?;
    let mut head: Option<Oid> = None;
    {
        let odb = repo.odb()?;
        let mempack = odb.add_new_mempack_backend(1000)?;
        let empty_tree = repo.treebuilder(None)?.write()?;
        let mut tree = empty_tree;
        let mut pending = 0usize;
        for commit in commits {
            let mut update = TreeUpdateBuilder::new();
            for change in &commit.changes {
                let path = slash(&change.path);
                match &change.content {
                    Some(bytes) => {
                        pending += bytes.len();
                        let blob = repo.blob(bytes)?;
                        update.upsert(path, blob, FileMode::Blob);
                    }
                    None => {
                        update.remove(path);
                    }
                }
            }
            tree = update.create_updated(&repo, &repo.find_tree(tree)?)?;
            let when = Time::new(commit.time, commit.offset_minutes);
            let sig = Signature::new(&commit.author, &commit.email, &when)?;
            let parents = match head {
                Some(id) => vec![repo.find_commit(id)?],
                None => Vec::new(),
            };
            let parents: Vec<&git2::Commit> = parents.iter().collect();
            let id = repo.commit(
                None,
                &sig,
                &sig,
                &commit.message,
                &repo.find_tree(tree)?,
                &parents,
            )?;
            head = Some(id);
            // Trees and commits are small next to the blobs; count them roughly.
            pending += 4096;
            if pending >= PACK_EVERY_BYTES {
                write_pack(&repo, &odb, &mempack)?;
                pending = 0;
            }
        }
        if pending > 0 {
            write_pack(&repo, &odb, &mempack)?;
        }
    }
    let Some(head) = head else {
        return Ok(String::new());
    };
    repo.reference("refs/heads/main", head, true, "synthetic history")?;
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force();
    repo.checkout_head(Some(&mut checkout))?;
    Ok(head.to_string())
}

fn write_pack(
    repo: &Repository,
    odb: &git2::Odb<'_>,
    mempack: &git2::Mempack<'_>,
) -> Result<(), HistoryError> {
    let mut buf = git2::Buf::new();
    mempack.dump(repo, &mut buf)?;
    let mut writer = odb.packwriter()?;
    std::io::Write::write_all(&mut writer, &buf)
        .map_err(|e| git2::Error::from_str(&e.to_string()))?;
    writer.commit()?;
    drop(writer);
    mempack.reset()?;
    odb.refresh()?;
    Ok(())
}

impl Repo {
    /// The repository's git directory (`.git`), where tthc keeps its caches.
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }
}
