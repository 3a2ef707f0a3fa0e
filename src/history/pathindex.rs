//! Which commits changed which paths, kept in the git directory so that the history of one file
//! does not diff every commit of the repository each time (libgit2 has no changed-path Bloom
//! filters).
//!
//! The index holds the commits reachable from the HEAD it was built at, in the order of a
//! topological, time-sorted walk (position 0 the oldest), and for every path the positions of
//! the commits that changed it compared with their first parent — exactly what a plain walk
//! with a diff per commit finds. When HEAD moves on by commits with one parent each, they are
//! added on top; on anything else (a merge, an amended or rewritten history) the order is taken
//! afresh from a walk, reusing the changed paths of commits already known, since a commit's
//! changes never change. The file is checksummed and rebuilt whenever it is not valid.
//!
//! Layout: magic, format, commit count and ids (oldest first), path count and for each path its
//! bytes and its commit positions (delta-coded varints), and a CRC-32 of all that.

use super::packs::Object;
use super::{HistoryError, Repo};
use crate::atomic::Durability;
use git2::{Oid, Sort};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

const MAGIC: &[u8; 8] = b"TTHCPIX\n";

/// A commit found in the index, with the paths it changed that matched the query.
pub(super) type IndexedCommit = (Oid, Vec<Vec<u8>>);
const FORMAT: u32 = 1;

/// The commits of a history and the paths each one changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct PathIndex {
    /// Oldest first (reverse walk order).
    pub commits: Vec<Oid>,
    /// Every changed path, with the positions of the commits that changed it (ascending).
    pub paths: BTreeMap<Vec<u8>, Vec<u32>>,
}

impl PathIndex {
    pub fn head(&self) -> Option<Oid> {
        self.commits.last().copied()
    }

    /// Add a commit on top with the paths it changed.
    fn push(&mut self, id: Oid, changed: Vec<Vec<u8>>) {
        let position = self.commits.len() as u32;
        self.commits.push(id);
        for path in changed {
            self.paths.entry(path).or_default().push(position);
        }
    }

    /// The paths each commit changed, by commit id.
    fn by_commit(&self) -> HashMap<Oid, Vec<Vec<u8>>> {
        let mut out: HashMap<Oid, Vec<Vec<u8>>> = HashMap::with_capacity(self.commits.len());
        for (path, positions) in &self.paths {
            for &p in positions {
                if let Some(id) = self.commits.get(p as usize) {
                    out.entry(*id).or_default().push(path.clone());
                }
            }
        }
        out
    }

    /// Positions of commits that changed `spec` (a file, or everything under a folder; all when
    /// empty), newest first, at most `limit`, each with the matching paths.
    pub fn matching(&self, spec: &[u8], limit: usize) -> Vec<(u32, Vec<&[u8]>)> {
        let mut hits: BTreeMap<u32, Vec<&[u8]>> = BTreeMap::new();
        let range: Box<dyn Iterator<Item = (&Vec<u8>, &Vec<u32>)>> = if spec.is_empty() {
            Box::new(self.paths.iter())
        } else {
            Box::new(
                self.paths
                    .range(spec.to_vec()..)
                    .take_while(|(p, _)| p.starts_with(spec))
                    .filter(|(p, _)| p.len() == spec.len() || p[spec.len()] == b'/'),
            )
        };
        for (path, positions) in range {
            for &p in positions {
                hits.entry(p).or_default().push(path);
            }
        }
        hits.into_iter().rev().take(limit).collect()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.commits.len() * 20 + self.paths.len() * 48);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT.to_le_bytes());
        out.extend_from_slice(&(self.commits.len() as u32).to_le_bytes());
        for id in &self.commits {
            out.extend_from_slice(id.as_bytes());
        }
        out.extend_from_slice(&(self.paths.len() as u32).to_le_bytes());
        for (path, positions) in &self.paths {
            varint(&mut out, path.len() as u64);
            out.extend_from_slice(path);
            varint(&mut out, positions.len() as u64);
            let mut last = 0u32;
            for &p in positions {
                varint(&mut out, u64::from(p - last));
                last = p;
            }
        }
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// `None` for anything but a complete, intact file of this format.
    pub fn decode(bytes: &[u8]) -> Option<PathIndex> {
        let mut r = Reader::intact(bytes)?;
        let n = r.u32()? as usize;
        if n * 20 > r.rest.len() {
            return None;
        }
        let mut index = PathIndex {
            commits: Vec::with_capacity(n),
            paths: BTreeMap::new(),
        };
        for _ in 0..n {
            index.commits.push(Oid::from_bytes(r.take(20)?).ok()?);
        }
        let paths = r.u32()?;
        for _ in 0..paths {
            let len = r.varint()? as usize;
            let path = r.take(len)?.to_vec();
            let count = r.varint()? as usize;
            if count > r.rest.len() {
                return None;
            }
            let mut positions = Vec::with_capacity(count);
            r.positions(count, n, |p| positions.push(p))?;
            index.paths.insert(path, positions);
        }
        r.rest.is_empty().then_some(index)
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader past the header of an intact index file of this format (its checksum right, its
    /// magic and format this one's); `None` for anything else.
    fn intact(bytes: &'a [u8]) -> Option<Self> {
        let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
        if crc32fast::hash(body).to_le_bytes() != crc {
            return None;
        }
        let mut r = Reader { rest: body };
        if r.take(8)? != MAGIC || r.u32()? != FORMAT {
            return None;
        }
        Some(r)
    }

    /// A path's `count` commit positions, each written as its distance from the one before: to
    /// `each` in order; `None` unless they rise strictly and stay below `n`, the commits indexed.
    fn positions(&mut self, count: usize, n: usize, mut each: impl FnMut(u32)) -> Option<()> {
        let mut last = 0u64;
        for i in 0..count {
            let delta = self.varint()?;
            if i > 0 && delta == 0 {
                return None;
            }
            last += delta;
            if last >= n as u64 {
                return None;
            }
            each(last as u32);
        }
        Some(())
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.rest.split_at_checked(n)?;
        self.rest = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.take(1)?.first()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

impl Repo {
    fn path_index_file(&self) -> std::path::PathBuf {
        self.repo.path().join("tthc").join("pathindex-v1")
    }

    /// The path index for the current HEAD: read from the git directory, brought up to date,
    /// written back when it changed (a failure to write only costs time next run).
    pub(super) fn path_index(&self, head: Oid) -> Result<PathIndex, HistoryError> {
        // One builder at a time in this process (the TUI prepares the index in the background
        // while a history query may come): the second waits, then finds it up to date.
        let _building = BUILDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let file = self.path_index_file();
        let old = std::fs::read(&file)
            .ok()
            .and_then(|b| PathIndex::decode(&b))
            .filter(|i| i.commits.iter().all(|id| !id.is_zero()));
        if let Some(index) = &old
            && index.head() == Some(head)
        {
            return Ok(old.unwrap_or_default());
        }
        let index = match old {
            Some(index) => match self.extend_linear(index, head)? {
                Ok(extended) => extended,
                Err(old) => self.rebuild(head, Some(&old))?,
            },
            None => self.rebuild(head, None)?,
        };
        let _ = crate::atomic::write_atomic(&file, &index.encode(), Durability::Cache);
        Ok(index)
    }

    /// Bring the path index up to HEAD now, so that a later history query finds it ready (the
    /// TUI calls this in the background after opening the catalogue). Nothing to do when the
    /// index file already ends at HEAD.
    pub fn prepare_history(&self) -> Result<(), HistoryError> {
        let Some(head) = self.head()? else {
            return Ok(());
        };
        let head = Oid::from_str(&head)?;
        let bytes = std::fs::read(self.path_index_file()).unwrap_or_default();
        if encoded_head(&bytes) != Some(head) {
            self.path_index(head)?;
        }
        Ok(())
    }

    /// Add the commits from the index's head to `head` when they are a chain of single-parent
    /// commits on top of it; otherwise give the index back untouched.
    fn extend_linear(
        &self,
        mut index: PathIndex,
        head: Oid,
    ) -> Result<Result<PathIndex, PathIndex>, HistoryError> {
        let Some(old_head) = index.head() else {
            return Ok(Err(index));
        };
        if self.repo.find_commit(old_head).is_err()
            || !self.repo.graph_descendant_of(head, old_head)?
        {
            return Ok(Err(index));
        }
        let mut chain = Vec::new();
        let mut at = self.repo.find_commit(head)?;
        loop {
            if at.parent_count() != 1 {
                return Ok(Err(index));
            }
            let parent = at.parent_id(0)?;
            chain.push(at);
            if parent == old_head {
                break;
            }
            at = self.repo.find_commit(parent)?;
            // A long way down without meeting the old head: a full walk is as cheap.
            if chain.len() > 10_000 {
                return Ok(Err(index));
            }
        }
        let _fast = NoHashCheck::new();
        let ids: Vec<Oid> = chain.iter().rev().map(git2::Commit::id).collect();
        for (id, changed) in ids.iter().zip(self.changed_paths_of(&ids)?) {
            index.push(*id, changed);
        }
        Ok(Ok(index))
    }

    /// The index from a full walk from `head`, reusing the changed paths of commits `known`.
    fn rebuild(&self, head: Oid, known: Option<&PathIndex>) -> Result<PathIndex, HistoryError> {
        let mut known = known.map(PathIndex::by_commit).unwrap_or_default();
        let _fast = NoHashCheck::new();
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        walk.push(head)?;
        let mut order = Vec::new();
        for id in walk {
            order.push(id?);
        }
        order.reverse();
        let todo: Vec<Oid> = order
            .iter()
            .filter(|id| !known.contains_key(id))
            .copied()
            .collect();
        let mut found = self.changed_paths_of(&todo)?.into_iter();
        let mut index = PathIndex::default();
        for id in order {
            let changed = match known.remove(&id) {
                Some(paths) => paths,
                None => found.next().unwrap_or_default(),
            };
            index.push(id, changed);
        }
        Ok(index)
    }

    /// The paths each of `commits` (oldest first) changed. Read in the direction the trees'
    /// deltas run, so that each tree read is a delta of one just read and kept in the cache: newest
    /// first where git stored older trees as deltas of newer ones (as `git gc` packs them), oldest
    /// first where newer ones are deltas of older ones (as `git fast-import` writes them). Read
    /// the other way, each read of a 1.7 MB folder tree resolved a chain of up to 50 deltas
    /// anew. One thread: libgit2 shares its caches between all handles on a pack, and two threads
    /// reading different stretches of history made it three times slower on a freshly cloned
    /// repository.
    fn changed_paths_of(&self, commits: &[Oid]) -> Result<Vec<Vec<Vec<u8>>>, HistoryError> {
        let mut trees = RawTrees::new(&self.repo)?;
        let oldest_first = match (commits.first(), commits.last()) {
            (Some(&oldest), Some(&newest)) if commits.len() > 1 => {
                let old = self.chain_lengths(&mut trees, oldest)?;
                let new = self.chain_lengths(&mut trees, newest)?;
                new > old
            }
            _ => false,
        };
        let mut read = |id: &Oid| changed_paths(&mut trees, *id);
        if oldest_first {
            return commits.iter().map(&mut read).collect();
        }
        let mut done = commits
            .iter()
            .rev()
            .map(read)
            .collect::<Result<Vec<_>, HistoryError>>()?;
        done.reverse();
        Ok(done)
    }

    /// The delta chain lengths of commit `id`'s root tree and of the folders in it and in them,
    /// added up: how far that commit's trees are from whole objects in the packs.
    fn chain_lengths(&self, trees: &mut RawTrees<'_>, id: Oid) -> Result<usize, HistoryError> {
        let root = self.repo.find_commit(id)?.tree_id();
        let mut total = trees.packs.chain_len(root);
        let mut level = vec![root];
        for _ in 0..2 {
            let mut next = Vec::new();
            for tree in level {
                let bytes = trees.get(tree)?;
                let mut rest: &[u8] = &bytes;
                while let Some((e, after)) = raw_entry(rest)? {
                    rest = after;
                    if e.is_tree() {
                        let sub = e.oid()?;
                        total += trees.packs.chain_len(sub);
                        next.push(sub);
                    }
                }
            }
            level = next;
        }
        trees.next_commit();
        Ok(total)
    }

    /// Commits that changed `spec` (not empty), newest first, at most `limit`, found without the
    /// index: the history is walked and only the trees on the way to `spec` are compared (as
    /// `git log -- PATH` does), so a folder whose id did not change is not read.
    pub(super) fn pruned_log(
        &self,
        head: Oid,
        spec: &str,
        limit: usize,
    ) -> Result<Vec<IndexedCommit>, HistoryError> {
        let _fast = NoHashCheck::new();
        let parts: Vec<&[u8]> = spec
            .as_bytes()
            .split(|&c| c == b'/')
            .filter(|c| !c.is_empty())
            .collect();
        let mut trees = RawTrees::new(&self.repo)?;
        let mut places = Places::default();
        let mut out = Vec::new();
        // From HEAD down the stretch of commits with one parent each, reading each commit once
        // as it comes: any topological order starts with that stretch (each of its commits
        // descends from everything older), so only from the first merge on is libgit2's walk
        // needed — which reads every commit before it gives the first, as a topological sort
        // must. A history without merges is never handed to it.
        trees.read_chain_ahead(self.repo.path(), head);
        let mut stretch = Vec::new();
        let mut at = Some(head);
        while let Some(id) = at {
            if out.len() >= limit {
                return Ok(out);
            }
            let links = trees.links(id)?;
            if links.merge {
                break;
            }
            out.extend(spec_changes(&mut trees, &mut places, &parts, id)?);
            stretch.push(id);
            at = links.parent;
        }
        if at.is_none() {
            return Ok(out);
        }
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        walk.push(head)?;
        for &done in &stretch {
            match walk.next().transpose()? {
                Some(id) if id == done => {}
                // Not the order argued above: never seen, but then the walk's own order rules.
                _ => return self.pruned_log_walked(head, &parts, limit),
            }
        }
        for id in walk {
            if out.len() >= limit {
                break;
            }
            out.extend(spec_changes(&mut trees, &mut places, &parts, id?)?);
        }
        Ok(out)
    }

    /// [`Repo::pruned_log`] in the order of libgit2's walk from the start.
    fn pruned_log_walked(
        &self,
        head: Oid,
        parts: &[&[u8]],
        limit: usize,
    ) -> Result<Vec<IndexedCommit>, HistoryError> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        walk.push(head)?;
        let mut trees = RawTrees::new(&self.repo)?;
        let mut places = Places::default();
        let mut out = Vec::new();
        for id in walk {
            if out.len() >= limit {
                break;
            }
            out.extend(spec_changes(&mut trees, &mut places, parts, id?)?);
        }
        Ok(out)
    }

    /// Commits that changed `spec` (repository-relative, `/`-separated; empty for all), newest
    /// first, from the path index: (commit, the matching paths).
    pub(super) fn indexed_log(
        &self,
        head: Oid,
        spec: &str,
        limit: usize,
    ) -> Result<Vec<IndexedCommit>, HistoryError> {
        // The usual case, an index already at HEAD, is answered from the file's bytes without
        // building the index in memory (a hundred thousand paths would be as many allocations).
        let bytes = std::fs::read(self.path_index_file()).unwrap_or_default();
        if let Some(hits) = query_encoded(&bytes, head, spec.as_bytes(), limit) {
            return Ok(hits);
        }
        // Building the index diffs every commit in full, which costs more than one walk for one
        // path. So without an index (a fresh clone) the first question about a path is answered
        // by such a walk, and the index is built at the second; and while another thread is
        // building it (the TUI prepares it in the background), the question does not wait.
        if !spec.is_empty() {
            let wanted = self.path_index_file().with_file_name("pathindex-wanted");
            let first_time = encoded_head(&bytes).is_none() && !wanted.exists();
            if first_time {
                if let Some(dir) = wanted.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                let _ = std::fs::write(&wanted, b"");
            }
            if first_time || BUILDING.try_lock().is_err() {
                return self.pruned_log(head, spec, limit);
            }
        }
        let index = self.path_index(head)?;
        Ok(index
            .matching(spec.as_bytes(), limit)
            .into_iter()
            .map(|(p, paths)| {
                (
                    index.commits[p as usize],
                    paths.into_iter().map(<[u8]>::to_vec).collect(),
                )
            })
            .collect())
    }
}

/// The paths commit `id` changed compared with its first parent (all of its files for a root), as
/// a tree-to-tree diff reports them (see [`diff_raw`]).
fn changed_paths(trees: &mut RawTrees<'_>, id: Oid) -> Result<Vec<Vec<u8>>, HistoryError> {
    let (parent_tree, tree) = trees.parent_and_own_tree(id)?;
    trees.next_commit();
    let mut paths = Vec::new();
    diff_raw(trees, parent_tree, Some(tree), &mut Vec::new(), &mut paths)?;
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// Raw tree objects read from the object database, those of the current and the previous commit
/// kept: walking oldest first, a commit's parent tree is the tree of the commit before.
pub(super) struct RawTrees<'r> {
    repo: &'r git2::Repository,
    /// A shallow clone: commits are read through libgit2, which knows where the history stops.
    shallow: bool,
    odb: git2::Odb<'r>,
    /// Trees are read from the packfiles directly where possible (see `packs`), libgit2 not
    /// caching the 1.7 MB trees of 33,000-entry folders.
    packs: super::packs::Packs,
    current: HashMap<Oid, Object>,
    previous: HashMap<Oid, Object>,
    /// Commits' trees and first parents (see [`RawTrees::links`]).
    links: HashMap<Oid, Links>,
    /// The same, read ahead on another thread in batches (see [`RawTrees::read_chain_ahead`]).
    chain: Option<std::sync::mpsc::Receiver<Vec<(Oid, Links)>>>,
}

impl<'r> RawTrees<'r> {
    fn new(repo: &'r git2::Repository) -> Result<RawTrees<'r>, HistoryError> {
        Ok(RawTrees {
            repo,
            shallow: repo.is_shallow(),
            odb: repo.odb()?,
            packs: super::packs::Packs::open(repo.path()),
            current: HashMap::new(),
            previous: HashMap::new(),
            links: HashMap::new(),
            chain: None,
        })
    }

    fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    /// Commit `id`'s tree and first parent, and whether it has more parents, read from the start
    /// of its raw bytes (from the packs where it is there: libgit2 caching no commit it was not
    /// asked to parse, `find_commit` on a commit and on its parent inflated each commit twice
    /// over). A walk asks about a commit as a parent, then as itself: the answers of the last
    /// few thousand are kept.
    fn links(&mut self, id: Oid) -> Result<Links, HistoryError> {
        if let Some(l) = self.links.get(&id) {
            return Ok(*l);
        }
        // What the chain reader sent, in chain order, up to `id`; when it has stopped without
        // sending it, read here.
        if let Some(rx) = self.chain.take() {
            while let Ok(batch) = rx.recv() {
                // Forgotten between batches only: a walk down the chain asks for the commits of
                // the batch just received (or of the next), never for older ones.
                if self.links.len() >= 4096 {
                    self.links.clear();
                }
                let found = batch.iter().find(|(read, _)| *read == id).map(|(_, l)| *l);
                self.links.extend(batch);
                if let Some(links) = found {
                    self.chain = Some(rx);
                    return Ok(links);
                }
            }
        }
        let read = if self.shallow {
            None
        } else {
            self.packs.commit_start(id, COMMIT_LINKS_BYTES)
        };
        let parsed = match read {
            Some(bytes) => commit_links(&bytes),
            // In a shallow clone the commits at its edge keep parent lines naming commits that
            // are not there; libgit2 reads them as roots, as git does.
            None if self.shallow => {
                let commit = self.repo.find_commit(id)?;
                let mut parents = commit.parent_ids();
                Some(Links {
                    tree: commit.tree_id(),
                    parent: parents.next(),
                    merge: parents.next().is_some(),
                })
            }
            None => {
                let obj = self.odb.read(id)?;
                if obj.kind() != git2::ObjectType::Commit {
                    return Err(git2::Error::from_str(&format!("{id} is not a commit")).into());
                }
                commit_links(obj.data())
            }
        };
        let links = parsed.ok_or_else(malformed)?;
        self.remember(id, links);
        Ok(links)
    }

    /// Keep what commit `id` links to (the last few thousand answers).
    fn remember(&mut self, id: Oid, links: Links) {
        if self.links.len() >= 4096 {
            self.links.clear();
        }
        self.links.insert(id, links);
    }

    /// Read the commits from `head` down its first parents on a thread of their own, until the
    /// first merge (sent too), a root, or a commit not in the packs: the walk below HEAD then
    /// finds each commit's links read while it compared the trees of the one before. Reading a
    /// commit costs about a third of comparing its trees, and on this chain, each commit's
    /// parent known only once it is read, nothing else can go in parallel.
    fn read_chain_ahead(&mut self, git_dir: &std::path::Path, head: Oid) {
        if self.shallow {
            return;
        }
        // In batches (the first ones small, so the walk starts at once): one item at a time,
        // each send and receive woke the other thread, and on a busy machine each wake-up
        // waited for a core.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(Oid, Links)>>(8);
        let git_dir = git_dir.to_owned();
        let spawned = std::thread::Builder::new()
            .name("tthc-chain".into())
            .spawn(move || {
                let mut packs = super::packs::Packs::open(&git_dir);
                let mut at = Some(head);
                let mut batch = Vec::new();
                let mut size = 16;
                while let Some(id) = at {
                    let Some(links) = packs
                        .commit_start(id, COMMIT_LINKS_BYTES)
                        .and_then(|b| commit_links(&b))
                    else {
                        break;
                    };
                    batch.push((id, links));
                    if links.merge {
                        break;
                    }
                    if batch.len() >= size {
                        if tx.send(std::mem::take(&mut batch)).is_err() {
                            return;
                        }
                        size = (size * 4).min(256);
                    }
                    at = links.parent;
                }
                let _ = tx.send(batch);
            });
        if spawned.is_ok() {
            self.chain = Some(rx);
        }
    }

    /// The tree of commit `id`'s first parent (`None` for a root commit), and its own tree.
    fn parent_and_own_tree(&mut self, id: Oid) -> Result<(Option<Oid>, Oid), HistoryError> {
        let links = self.links(id)?;
        let parent_tree = match links.parent {
            Some(p) => Some(self.links(p)?.tree),
            None => None,
        };
        Ok((parent_tree, links.tree))
    }

    fn get(&mut self, id: Oid) -> Result<Object, HistoryError> {
        if let Some(t) = self.current.get(&id) {
            return Ok(t.clone());
        }
        let t = match self.previous.remove(&id).or_else(|| self.packs.tree(id)) {
            Some(t) => t,
            None => {
                let obj = self.odb.read(id)?;
                if obj.kind() != git2::ObjectType::Tree {
                    return Err(git2::Error::from_str(&format!("{id} is not a tree")).into());
                }
                Rc::new(obj.data().to_vec())
            }
        };
        self.current.insert(id, t.clone());
        Ok(t)
    }
}

/// While alive, libgit2 reads objects without hashing each one to check it against its id (on by
/// default, that check took half the time of building the index; git itself does not make it
/// when reading history). The setting is process-wide; it is switched back on when dropped.
struct NoHashCheck;

impl NoHashCheck {
    fn new() -> NoHashCheck {
        git2::opts::strict_hash_verification(false);
        NoHashCheck
    }
}

impl Drop for NoHashCheck {
    fn drop(&mut self) {
        git2::opts::strict_hash_verification(true);
    }
}

/// One entry of a raw tree object: `<octal mode> <name>\0<20-byte id>`.
#[derive(Clone, Copy)]
pub(super) struct RawEntry<'a> {
    pub mode: u32,
    pub name: &'a [u8],
    pub id: &'a [u8],
}

impl RawEntry<'_> {
    pub fn is_tree(&self) -> bool {
        self.mode & 0o170000 == 0o040000
    }
    fn oid(&self) -> Result<Oid, HistoryError> {
        Ok(Oid::from_bytes(self.id)?)
    }
}

/// The paths under `parts` that commit `id` changed compared with its first parent, when any.
fn spec_changes(
    trees: &mut RawTrees<'_>,
    places: &mut Places,
    parts: &[&[u8]],
    id: Oid,
) -> Result<Option<IndexedCommit>, HistoryError> {
    let (parent_tree, tree) = trees.parent_and_own_tree(id)?;
    trees.next_commit();
    let mut paths = Vec::new();
    diff_spec(
        trees,
        places,
        parent_tree,
        Some(tree),
        &mut Vec::new(),
        parts,
        &mut paths,
    )?;
    if paths.is_empty() {
        return Ok(None);
    }
    paths.sort();
    paths.dedup();
    Ok(Some((id, paths)))
}

/// What a walk needs of a commit: its tree, its first parent, whether it has others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Links {
    tree: Oid,
    parent: Option<Oid>,
    merge: bool,
}

/// Enough of a raw commit's start for [`commit_links`]: its `tree` line and two `parent` lines.
const COMMIT_LINKS_BYTES: usize = 46 + 2 * 48;

/// A raw commit's tree, first parent and whether a second `parent` line follows, read from its
/// first lines (git writes the `tree` line first, then the `parent` lines; `None` for anything
/// else). `bytes` may stop anywhere after [`COMMIT_LINKS_BYTES`].
fn commit_links(bytes: &[u8]) -> Option<Links> {
    let hex = |line: &[u8], key: &[u8]| -> Option<Oid> {
        let rest = line.strip_prefix(key)?.get(..40)?;
        Oid::from_str(std::str::from_utf8(rest).ok()?).ok()
    };
    let tree = hex(bytes, b"tree ")?;
    if bytes.get(45) != Some(&b'\n') {
        return None;
    }
    let rest = &bytes[46..];
    let parent = hex(rest, b"parent ");
    let merge =
        parent.is_some() && rest.get(47) == Some(&b'\n') && hex(&rest[48..], b"parent ").is_some();
    Some(Links {
        tree,
        parent,
        merge,
    })
}

fn malformed() -> HistoryError {
    HistoryError::Git(git2::Error::from_str("malformed tree object"))
}

/// The entry at the start of `bytes` (`None` when empty) and the rest; an error for a malformed
/// tree.
pub(super) fn raw_entry(bytes: &[u8]) -> Result<Option<(RawEntry<'_>, &[u8])>, HistoryError> {
    if bytes.is_empty() {
        return Ok(None);
    }
    let space = memchr::memchr(b' ', bytes).ok_or_else(malformed)?;
    let nul = space + 1 + memchr::memchr(0, &bytes[space + 1..]).ok_or_else(malformed)?;
    let end = nul + 21;
    if end > bytes.len() || space == 0 || nul == space + 1 {
        return Err(malformed());
    }
    let mut mode = 0u32;
    for &c in &bytes[..space] {
        if !(b'0'..=b'7').contains(&c) {
            return Err(malformed());
        }
        mode = mode.checked_mul(8).ok_or_else(malformed)? + u32::from(c - b'0');
    }
    let entry = RawEntry {
        mode,
        name: &bytes[space + 1..nul],
        id: &bytes[nul + 1..end],
    };
    Ok(Some((entry, &bytes[end..])))
}

/// Git's order of tree entries: by name, a tree's name followed by `/`.
pub(super) fn git_order(a: &RawEntry<'_>, b: &RawEntry<'_>) -> std::cmp::Ordering {
    let n = a.name.len().min(b.name.len());
    a.name[..n].cmp(&b.name[..n]).then_with(|| {
        let next = |e: &RawEntry<'_>| match e.name.get(n) {
            Some(&c) => c,
            None if e.is_tree() => b'/',
            None => 0,
        };
        next(a).cmp(&next(b))
    })
}

/// How many bytes `a` and `b` have in common at their start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    // Long equal stretches (most of two versions of a big folder) a block at a time (`memcmp`),
    // then smaller blocks up to the first difference.
    for block in [4096, 256] {
        while i + block <= n && a[i..i + block] == b[i..i + block] {
            i += block;
        }
    }
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap_or_default());
        let y = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
        if x != y {
            return i + ((x ^ y).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// [`diff_raw`] restricted to the path `spec` (its components): only the entries named by
/// `spec` are compared, and everything under the last one. `places` remembers where each
/// component's name sits in the trees met before (see [`Places`]).
fn diff_spec(
    trees: &mut RawTrees<'_>,
    places: &mut Places,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &mut Vec<u8>,
    spec: &[&[u8]],
    out: &mut Vec<Vec<u8>>,
) -> Result<(), HistoryError> {
    let Some((name, rest)) = spec.split_first() else {
        return diff_raw(trees, old, new, prefix, out);
    };
    if old == new {
        return Ok(());
    }
    // The newer tree first: walking newest first, it is the older tree of the commit before, so
    // it is known, and the older one is found from it.
    let after = places.named(trees, spec.len(), new, name)?;
    let before = places.named(trees, spec.len(), old, name)?;
    let len = prefix.len();
    prefix.extend_from_slice(name);
    if rest.is_empty() && before.blob != after.blob {
        out.push(prefix.clone());
    }
    if before.tree.is_some() || after.tree.is_some() {
        prefix.push(b'/');
        diff_spec(trees, places, before.tree, after.tree, prefix, rest, out)?;
    }
    prefix.truncate(len);
    Ok(())
}

/// What a tree holds under one name: a file (mode and id) and/or a folder.
#[derive(Debug, Default, PartialEq, Eq)]
struct Named {
    blob: Option<(u32, Oid)>,
    tree: Option<Oid>,
}

/// The entries of tree `bytes` named `name`, found by reading its entries in git's order up to
/// where that name would be: the reference [`Located`] is held to.
#[cfg(test)]
fn named(bytes: &[u8], name: &[u8]) -> Result<Named, HistoryError> {
    let mut found = Named::default();
    let mut rest: &[u8] = bytes;
    let as_tree = RawEntry {
        mode: 0o040000,
        name,
        id: &[],
    };
    while let Some((e, next)) = raw_entry(rest)? {
        rest = next;
        if e.name == name {
            if e.is_tree() {
                found.tree = Some(e.oid()?);
            } else {
                found.blob = Some((e.mode, e.oid()?));
            }
        } else if git_order(&e, &as_tree) == std::cmp::Ordering::Greater {
            break;
        }
    }
    Ok(found)
}

/// Where the components of one path sit in the trees met so far: for each component (by how
/// many components its name leaves, itself included), the two trees located last, the most recent first. The trees of one folder in consecutive
/// commits differ in a few entries, so each is located from the one met before it.
#[derive(Default)]
struct Places {
    levels: Vec<Vec<Located>>,
}

impl Places {
    /// What tree `id` holds under `name`, the component of the path that leaves `level`
    /// components (itself included).
    fn named(
        &mut self,
        trees: &mut RawTrees<'_>,
        level: usize,
        id: Option<Oid>,
        name: &[u8],
    ) -> Result<Named, HistoryError> {
        let Some(id) = id else {
            return Ok(Named::default());
        };
        if self.levels.len() <= level {
            self.levels.resize_with(level + 1, Vec::new);
        }
        let known = &mut self.levels[level];
        if let Some(i) = known.iter().position(|l| l.id == id) {
            let located = known.remove(i);
            let named = located.named();
            known.insert(0, located);
            return Ok(named);
        }
        let bytes = trees.get(id)?;
        let located = match known.first() {
            Some(near) => near.relocate(id, bytes, name)?,
            None => Scan::new(id, bytes, name).rest(0)?,
        };
        let named = located.named();
        known.insert(0, located);
        known.truncate(2);
        Ok(named)
    }
}

/// Roughly how many bytes apart the entry boundaries a [`Located`] remembers are, at most.
const MARK_GAP: usize = 512;

/// Where a name sits in one tree: what reading the tree's entries in order up to that name finds
/// (as `git log -- PATH` reads them), and enough of the tree's layout to find the name again in a
/// tree that differs from this one in a few entries without reading all the entries before it.
///
/// The entries of a tree cannot be told apart from the middle (an id is any 20 bytes, a name
/// may hold spaces and digits), so this keeps entry boundaries it has read ("marks"). Where two
/// trees have the same bytes from two boundaries on, they have the same entries there, and the
/// marks in that stretch are boundaries of both: [`Located::relocate`] skips such stretches and
/// reads only the entries where the trees differ.
#[derive(Clone, Debug)]
struct Located {
    id: Oid,
    bytes: Object,
    /// The entries with the name, in the tree's order: where each starts, its mode and id.
    found: Vec<(usize, u32, Oid)>,
    /// Where the entries read end: after the first entry that sorts after the name (`past`), or
    /// at the end of the tree.
    end: usize,
    past: bool,
    /// Entry boundaries before `end`, ascending, starting with 0, at most about [`MARK_GAP`]
    /// bytes apart.
    marks: Vec<usize>,
}

impl Located {
    fn named(&self) -> Named {
        let mut named = Named::default();
        for &(_, mode, id) in &self.found {
            if mode & 0o170000 == 0o040000 {
                named.tree = Some(id);
            } else {
                named.blob = Some((mode, id));
            }
        }
        named
    }

    /// Where the same name sits in tree `id` (`bytes`), found from where it sits in this tree: the
    /// entries the two trees have byte for byte from boundaries of both are skipped (from mark to
    /// mark), the others are read in both trees, merged by name until they agree again. The
    /// result is what reading all of `bytes` in order would find; only the time depends on how
    /// alike the two trees are.
    fn relocate(&self, id: Oid, bytes: Object, name: &[u8]) -> Result<Located, HistoryError> {
        let a: &[u8] = &self.bytes;
        let b = bytes.clone();
        let b: &[u8] = &b;
        let mut scan = Scan::new(id, bytes, name);
        // Entry boundaries of this tree and of the other, where the scan of each has come to.
        let (mut pa, mut pb) = (0usize, 0usize);
        loop {
            if pa >= self.end {
                return scan.rest(pb);
            }
            let agree = pa + common_prefix(&a[pa..self.end], &b[pb..]);
            // Skip to the last mark inside the stretch the trees have in common: the entries
            // before it are the other tree's too.
            let first = self.marks.partition_point(|&m| m <= pa);
            let last = self.marks.partition_point(|&m| m <= agree);
            if last > first {
                let m = self.marks[last - 1];
                for &(at, mode, oid) in &self.found {
                    if (pa..m).contains(&at) {
                        scan.located.found.push((at - pa + pb, mode, oid));
                    }
                }
                for &x in &self.marks[first..last] {
                    scan.mark(x - pa + pb);
                }
                pb += m - pa;
                pa = m;
            }
            // The entries after the mark that lie wholly in the common stretch are the other
            // tree's too.
            while pa < agree {
                let Some((e, next)) = raw_entry(&a[pa..])? else {
                    break;
                };
                let len = a.len() - pa - next.len();
                if pa + len > agree {
                    break;
                }
                if scan.entry(&e, pb, len)? {
                    return Ok(scan.located);
                }
                pa += len;
                pb += len;
            }
            if pa >= self.end {
                continue;
            }
            // The next entries differ: one step of a merge of the two by name.
            let (ea, next_a) = raw_entry(&a[pa..])?.ok_or_else(malformed)?;
            let len_a = a.len() - pa - next_a.len();
            let Some((eb, next_b)) = raw_entry(&b[pb..])? else {
                return Ok(scan.ended());
            };
            let len_b = b.len() - pb - next_b.len();
            let order = git_order(&ea, &eb);
            if order != std::cmp::Ordering::Less {
                if scan.entry(&eb, pb, len_b)? {
                    return Ok(scan.located);
                }
                pb += len_b;
            }
            if order != std::cmp::Ordering::Greater {
                pa += len_a;
            }
        }
    }
}

/// A [`Located`] being made, by reading the entries of its tree in order.
struct Scan<'n> {
    name: &'n [u8],
    located: Located,
    last_mark: usize,
}

impl<'n> Scan<'n> {
    fn new(id: Oid, bytes: Object, name: &'n [u8]) -> Scan<'n> {
        Scan {
            name,
            located: Located {
                id,
                bytes,
                found: Vec::new(),
                end: 0,
                past: false,
                marks: vec![0],
            },
            last_mark: 0,
        }
    }

    /// Take the entry `e`, `len` bytes at `at`: true when it sorts after the name, which ends
    /// the scan.
    fn entry(&mut self, e: &RawEntry<'_>, at: usize, len: usize) -> Result<bool, HistoryError> {
        let end = at + len;
        if e.name == self.name {
            self.located.found.push((at, e.mode, e.oid()?));
        } else {
            let as_tree = RawEntry {
                mode: 0o040000,
                name: self.name,
                id: &[],
            };
            if git_order(e, &as_tree) == std::cmp::Ordering::Greater {
                self.located.end = end;
                self.located.past = true;
                return Ok(true);
            }
        }
        if end - self.last_mark >= MARK_GAP {
            self.mark(end);
        }
        Ok(false)
    }

    fn mark(&mut self, at: usize) {
        self.located.marks.push(at);
        self.last_mark = at;
    }

    /// The scan ended with the tree.
    fn ended(mut self) -> Located {
        self.located.end = self.located.bytes.len();
        self.located.past = false;
        self.located
    }

    /// Read the entries from `at` (an entry boundary) to the end of the scan.
    fn rest(mut self, mut at: usize) -> Result<Located, HistoryError> {
        let bytes = self.located.bytes.clone();
        while let Some((e, next)) = raw_entry(&bytes[at..])? {
            let len = bytes.len() - at - next.len();
            if self.entry(&e, at, len)? {
                return Ok(self.located);
            }
            at += len;
        }
        Ok(self.ended())
    }
}

/// The paths that differ between the trees `old` and `new` (either absent: empty), under
/// `prefix`: every file (or symlink, or submodule) added, removed, or changed in content or
/// mode, and the files inside every folder added or removed, as a tree-to-tree diff reports them.
///
/// The entries of both trees are merged in git's order (as git's own tree diff does, this
/// relies on trees being in that order, which `git fsck` checks). Stretches of bytes the two
/// trees have in common are skipped whole, entry boundary by entry boundary, without being
/// parsed or compared; subtrees with equal ids are not read.
fn diff_raw(
    trees: &mut RawTrees<'_>,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &mut Vec<u8>,
    out: &mut Vec<Vec<u8>>,
) -> Result<(), HistoryError> {
    if old == new {
        return Ok(());
    }
    let old_obj = old.map(|id| trees.get(id)).transpose()?;
    let new_obj = new.map(|id| trees.get(id)).transpose()?;
    let mut a: &[u8] = old_obj.as_deref().map_or(&[][..], Vec::as_slice);
    let mut b: &[u8] = new_obj.as_deref().map_or(&[][..], Vec::as_slice);
    loop {
        // Skip the entries both trees have byte for byte at this point: an entry ends 20 bytes
        // after the first NUL (its name's end).
        let same = common_prefix(a, b);
        let mut skip = 0;
        while let Some(nul) = memchr::memchr(0, &a[skip..same]) {
            let end = skip + nul + 21;
            if end > same {
                break;
            }
            skip = end;
        }
        a = &a[skip..];
        b = &b[skip..];
        let x = raw_entry(a)?;
        let y = raw_entry(b)?;
        let (before, after) = match (x, y) {
            (None, None) => return Ok(()),
            (Some((e, rest_a)), Some((f, rest_b))) => match git_order(&e, &f) {
                std::cmp::Ordering::Less => {
                    a = rest_a;
                    (Some(e), None)
                }
                std::cmp::Ordering::Greater => {
                    b = rest_b;
                    (None, Some(f))
                }
                std::cmp::Ordering::Equal => {
                    (a, b) = (rest_a, rest_b);
                    if e.id == f.id && e.mode == f.mode {
                        continue;
                    }
                    (Some(e), Some(f))
                }
            },
            (Some((e, rest)), None) => {
                a = rest;
                (Some(e), None)
            }
            (None, Some((f, rest))) => {
                b = rest;
                (None, Some(f))
            }
        };
        let len = prefix.len();
        prefix.extend_from_slice(before.or(after).map_or(&[][..], |e| e.name));
        if before.is_some_and(|e| !e.is_tree()) || after.is_some_and(|e| !e.is_tree()) {
            out.push(prefix.clone());
        }
        let old_tree = before
            .filter(RawEntry::is_tree)
            .map(|e| e.oid())
            .transpose()?;
        let new_tree = after
            .filter(RawEntry::is_tree)
            .map(|e| e.oid())
            .transpose()?;
        if old_tree.is_some() || new_tree.is_some() {
            prefix.push(b'/');
            diff_raw(trees, old_tree, new_tree, prefix, out)?;
        }
        prefix.truncate(len);
    }
}

/// Held while the path index is brought up to date.
static BUILDING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The newest commit of an index file, read from its header alone (unchecked: a wrong answer only
/// costs a rebuild check).
fn encoded_head(bytes: &[u8]) -> Option<Oid> {
    let mut r = Reader { rest: bytes };
    if r.take(8)? != MAGIC || r.u32()? != FORMAT {
        return None;
    }
    let n = r.u32()? as usize;
    let last = n.checked_sub(1)?.checked_mul(20)?;
    Oid::from_bytes(r.rest.get(last..last + 20)?).ok()
}

/// [`PathIndex::matching`] read straight from the bytes of an intact index file whose newest
/// commit is `head`; `None` when the bytes are anything else.
fn query_encoded(bytes: &[u8], head: Oid, spec: &[u8], limit: usize) -> Option<Vec<IndexedCommit>> {
    let mut r = Reader::intact(bytes)?;
    let n = r.u32()? as usize;
    let commits = r.take(n.checked_mul(20)?)?;
    if n == 0 || &commits[(n - 1) * 20..] != head.as_bytes() {
        return None;
    }
    let mut hits: BTreeMap<u32, Vec<Vec<u8>>> = BTreeMap::new();
    for _ in 0..r.u32()? {
        let len = r.varint()? as usize;
        let path = r.take(len)?;
        let count = r.varint()? as usize;
        let wanted = spec.is_empty()
            || (path.starts_with(spec) && (path.len() == spec.len() || path[spec.len()] == b'/'));
        r.positions(count, n, |p| {
            if wanted {
                hits.entry(p).or_default().push(path.to_vec());
            }
        })?;
    }
    if !r.rest.is_empty() {
        return None;
    }
    hits.into_iter()
        .rev()
        .take(limit)
        .map(|(p, paths)| {
            let at = p as usize * 20;
            Some((Oid::from_bytes(&commits[at..at + 20]).ok()?, paths))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn encoding_round_trips_and_refuses_damage() {
        let mut index = PathIndex::default();
        let a = Oid::from_bytes(&[1; 20]).unwrap();
        let b = Oid::from_bytes(&[2; 20]).unwrap();
        index.push(a, vec![b"x/a.yaml".to_vec(), b"x/b.yaml".to_vec()]);
        index.push(b, vec![b"x/a.yaml".to_vec()]);
        let bytes = index.encode();
        assert_eq!(PathIndex::decode(&bytes), Some(index.clone()));
        for cut in [0, 1, 10, bytes.len() - 1] {
            assert_eq!(PathIndex::decode(&bytes[..cut]), None);
        }
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert_eq!(PathIndex::decode(&flipped), None);
        for (spec, limit) in [(&b"x/a.yaml"[..], 10), (b"x", 1), (b"", 10), (b"y", 10)] {
            let from_bytes = query_encoded(&bytes, b, spec, limit).unwrap();
            let in_memory: Vec<IndexedCommit> = index
                .matching(spec, limit)
                .into_iter()
                .map(|(p, paths)| {
                    (
                        index.commits[p as usize],
                        paths.into_iter().map(<[u8]>::to_vec).collect(),
                    )
                })
                .collect();
            assert_eq!(from_bytes, in_memory);
        }
        assert_eq!(query_encoded(&bytes, a, b"x", 10), None, "another head");
        assert_eq!(encoded_head(&bytes), Some(b));
        assert_eq!(encoded_head(&PathIndex::default().encode()), None);
        let hits = index.matching(b"x/a.yaml", 10);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(index.matching(b"x", 1).len(), 1);
        assert!(index.matching(b"x/a", 10).is_empty());
    }
    /// A small deterministic generator for the randomized histories below.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    /// The files of a work tree: path → (content, executable).
    type Files = BTreeMap<String, (Vec<u8>, bool)>;

    /// Write `files` as a tree (subfolders first built bottom-up).
    fn write_tree(repo: &git2::Repository, files: &Files, prefix: &str) -> Oid {
        let mut builder = repo.treebuilder(None).unwrap();
        let mut dirs: BTreeMap<String, ()> = BTreeMap::new();
        for (path, (content, exec)) in files.range(prefix.to_owned()..) {
            let Some(rest) = path.strip_prefix(prefix) else {
                break;
            };
            match rest.split_once('/') {
                Some((dir, _)) => {
                    dirs.insert(dir.to_owned(), ());
                }
                None => {
                    let blob = repo.blob(content).unwrap();
                    let mode = if *exec { 0o100755 } else { 0o100644 };
                    builder.insert(rest, blob, mode).unwrap();
                }
            }
        }
        for dir in dirs.keys() {
            let id = write_tree(repo, files, &format!("{prefix}{dir}/"));
            builder.insert(dir, id, 0o040000).unwrap();
        }
        builder.write().unwrap()
    }

    /// Set `path` in `files`, removing whatever stands in its way (a file where a folder must
    /// be, or a folder where the file goes).
    fn put(files: &mut Files, path: &str, content: Vec<u8>, exec: bool) {
        let mut at = 0;
        while let Some(i) = path[at..].find('/') {
            files.remove(&path[..at + i]);
            at += i + 1;
        }
        let under = format!("{path}/");
        files.retain(|p, _| !p.starts_with(&under));
        files.insert(path.to_owned(), (content, exec));
    }

    /// Random histories (edits, additions, deletions, mode changes, files turned into folders
    /// and back, commits that change nothing, side branches merged back) answered from the path
    /// index exactly as a plain walk with a diff per commit answers them, for every path and
    /// folder; on linear histories also exactly as `git log -- PATH`.
    #[test]
    fn the_index_answers_as_a_plain_walk_and_git_log() {
        use std::path::PathBuf;
        const NAMES: &[&str] = &[
            "a.yaml",
            "b.yaml",
            "a",
            "a-b.yaml",
            "a0",
            "d/x.yaml",
            "d/y.yaml",
            "d/e/z.yaml",
            "d/e",
            "a/q.yaml",
            "f/g/h/i.yaml",
            "f/g.yaml",
            "đ/ă.yaml",
        ];
        let git_cli = std::process::Command::new("git")
            .arg("--version")
            .output()
            .is_ok();
        for seed in 0..12u64 {
            let dir = tempfile::tempdir().unwrap();
            let repo = git2::Repository::init(dir.path()).unwrap();
            let sig =
                git2::Signature::new("T", "t@example.org", &git2::Time::new(1_600_000_000, 0))
                    .unwrap();
            let mut rng = Rng(seed + 1);
            let linear = seed % 2 == 0;
            let mut files = Files::new();
            let mut head: Option<Oid> = None;
            let mut side: Option<(Oid, Files)> = None;
            let mut paths = std::collections::BTreeSet::new();
            for n in 0..40i64 {
                for _ in 0..1 + rng.below(3) {
                    let path = NAMES[rng.below(NAMES.len())];
                    paths.insert(path.to_owned());
                    match rng.below(6) {
                        0 => {
                            files.remove(path);
                        }
                        1 => {
                            let content = files.get(path).map(|f| f.0.clone()).unwrap_or_default();
                            put(&mut files, path, content, true);
                        }
                        2 => {} // a commit that may change nothing
                        _ => put(&mut files, path, format!("{seed} {n}").into_bytes(), false),
                    }
                }
                let tree = repo.find_tree(write_tree(&repo, &files, "")).unwrap();
                let when = git2::Time::new(1_600_000_000 + n * 60, 0);
                let sig = git2::Signature::new("T", "t@example.org", &when).unwrap();
                let mut parents: Vec<git2::Commit<'_>> =
                    head.iter().map(|h| repo.find_commit(*h).unwrap()).collect();
                if !linear {
                    match side.take() {
                        // Merge the side branch back, keeping this branch's files.
                        Some((tip, _)) if rng.below(3) == 0 => {
                            parents.push(repo.find_commit(tip).unwrap());
                        }
                        Some(s) => side = Some(s),
                        None if rng.below(4) == 0 && head.is_some() => {
                            // A side branch: a commit off the current head with its own change.
                            let mut theirs = files.clone();
                            put(
                                &mut theirs,
                                NAMES[rng.below(NAMES.len())],
                                b"side".to_vec(),
                                false,
                            );
                            let t = repo.find_tree(write_tree(&repo, &theirs, "")).unwrap();
                            let tip = repo
                                .commit(None, &sig, &sig, "side", &t, &[&parents[0]])
                                .unwrap();
                            side = Some((tip, theirs));
                        }
                        None => {}
                    }
                }
                let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
                head = Some(repo.commit(None, &sig, &sig, "c", &tree, &parents).unwrap());
                // Sometimes query in the middle, so the index is extended afterwards.
                if n % 13 == 5 {
                    repo.reference("refs/heads/main", head.unwrap(), true, "")
                        .unwrap();
                    repo.set_head("refs/heads/main").unwrap();
                    let r = Repo::wrap(git2::Repository::open(dir.path()).unwrap()).unwrap();
                    r.log(Path::new(""), Some(Path::new("a.yaml")), usize::MAX)
                        .unwrap();
                }
            }
            let _ = sig;
            repo.reference("refs/heads/main", head.unwrap(), true, "")
                .unwrap();
            repo.set_head("refs/heads/main").unwrap();
            let r = Repo::wrap(git2::Repository::open(dir.path()).unwrap()).unwrap();
            let mut specs: Vec<String> = paths.into_iter().collect();
            specs.extend(["d", "d/e", "f", "f/g", "a", ""].map(String::from));
            for spec in &specs {
                let file = (!spec.is_empty()).then(|| Path::new(spec.as_str()));
                let ids = |v: Vec<super::super::CommitInfo>| {
                    v.into_iter().map(|c| (c.id, c.paths)).collect::<Vec<_>>()
                };
                let indexed = ids(r.log(Path::new(""), file, usize::MAX).unwrap());
                let walked = ids(r.log_walk(Path::new(""), file, usize::MAX).unwrap());
                assert_eq!(indexed, walked, "seed {seed}, {spec:?}");
                if !spec.is_empty() {
                    let pruned: Vec<(String, Vec<PathBuf>)> = r
                        .pruned_log(head.unwrap(), spec, usize::MAX)
                        .unwrap()
                        .into_iter()
                        .map(|(id, paths)| {
                            // Sorted as `Repo::log` sorts them, by path components.
                            let mut paths: Vec<PathBuf> = paths
                                .into_iter()
                                .map(|p| PathBuf::from(String::from_utf8(p).unwrap()))
                                .collect();
                            paths.sort();
                            (id.to_string(), paths)
                        })
                        .collect();
                    assert_eq!(pruned, walked, "seed {seed}, {spec:?}, without the index");
                }
                if linear && git_cli && !spec.is_empty() {
                    let out = std::process::Command::new("git")
                        .arg("-C")
                        .arg(dir.path())
                        .args(["log", "--format=%H", "--no-renames", "--", spec])
                        .output()
                        .unwrap();
                    let git: Vec<String> = String::from_utf8(out.stdout)
                        .unwrap()
                        .lines()
                        .map(String::from)
                        .collect();
                    let ours: Vec<String> = indexed.into_iter().map(|(id, _)| id).collect();
                    assert_eq!(ours, git, "seed {seed}, git log -- {spec}");
                }
            }
            // Packed (commits and trees then read from the packs, the commit chain ahead on a
            // thread of its own): the walk without the index answers the same.
            let packed = git_cli
                && std::process::Command::new("git")
                    .arg("-C")
                    .arg(dir.path())
                    .args(["gc", "-q", "--aggressive"])
                    .status()
                    .is_ok_and(|s| s.success());
            if packed {
                let r = Repo::wrap(git2::Repository::open(dir.path()).unwrap()).unwrap();
                for spec in specs.iter().filter(|s| !s.is_empty()) {
                    let walked: Vec<_> = r
                        .log_walk(Path::new(""), Some(Path::new(spec.as_str())), usize::MAX)
                        .unwrap()
                        .into_iter()
                        .map(|c| c.id)
                        .collect();
                    for limit in [usize::MAX, 2] {
                        let pruned: Vec<_> = r
                            .pruned_log(head.unwrap(), spec, limit)
                            .unwrap()
                            .into_iter()
                            .map(|(id, _)| id.to_string())
                            .collect();
                        let expected = &walked[..walked.len().min(limit)];
                        assert_eq!(pruned, expected, "seed {seed}, {spec:?}, packed");
                    }
                }
            }
        }
    }

    /// One entry of a tree made by hand: mode, name, id.
    type HandEntry = (u32, Vec<u8>, [u8; 20]);

    fn hand_tree(entries: &[HandEntry]) -> Vec<u8> {
        let mut out = Vec::new();
        for (mode, name, id) in entries {
            out.extend_from_slice(format!("{mode:o} ").as_bytes());
            out.extend_from_slice(name);
            out.push(0);
            out.extend_from_slice(id);
        }
        out
    }

    fn hand_sort(entries: &mut [HandEntry]) {
        entries.sort_by(|x, y| {
            let a = RawEntry {
                mode: x.0,
                name: &x.1,
                id: &[],
            };
            let b = RawEntry {
                mode: y.0,
                name: &y.1,
                id: &[],
            };
            git_order(&a, &b)
        });
    }

    /// Every entry boundary of a tree, as far as it parses.
    fn boundaries(bytes: &[u8]) -> std::collections::BTreeSet<usize> {
        let mut out = std::collections::BTreeSet::from([0]);
        let mut at = 0;
        while let Ok(Some((_, next))) = raw_entry(&bytes[at..]) {
            at = bytes.len() - next.len();
            out.insert(at);
        }
        out
    }

    /// A name sits where reading the whole tree finds it, whichever tree it is located from:
    /// chains of versions of a large folder (ids, modes and entries changed, added and removed,
    /// files turned into folders), names made to mislead a reader that starts in the middle
    /// (spaces, digits, ids holding spaces, NULs and digits), names that sort around a folder's
    /// name, trees out of order and damaged trees.
    #[test]
    fn a_located_name_is_what_reading_the_whole_tree_finds() {
        const MODES: [u32; 5] = [0o100644, 0o100755, 0o040000, 0o120000, 0o160000];
        let mut rng = Rng(7);
        let name = |rng: &mut Rng| -> Vec<u8> {
            const BYTES: &[u8] = b"ab 0167.-";
            (0..1 + rng.below(6))
                .map(|_| BYTES[rng.below(BYTES.len())])
                .collect()
        };
        let id = |rng: &mut Rng| -> [u8; 20] {
            const BYTES: &[u8] = b"\0 0176a\xff";
            std::array::from_fn(|_| BYTES[rng.below(BYTES.len())])
        };
        let mode = |rng: &mut Rng| MODES[rng.below(MODES.len())];
        for round in 0..24 {
            let count = [0, 1, 5, 200, 2000][round % 5];
            let mut entries: Vec<HandEntry> = (0..count)
                .map(|_| (mode(&mut rng), name(&mut rng), id(&mut rng)))
                .collect();
            hand_sort(&mut entries);
            let mut versions = vec![entries.clone()];
            for _ in 0..25 {
                for _ in 0..1 + rng.below(4) {
                    let n = entries.len();
                    match rng.below(6) {
                        0 | 1 if n > 0 => entries[rng.below(n)].2 = id(&mut rng),
                        2 if n > 0 => {
                            entries.remove(rng.below(n));
                        }
                        3 if n > 0 => {
                            let e = &mut entries[rng.below(n)];
                            e.0 = if e.0 == 0o040000 { 0o100644 } else { 0o040000 };
                        }
                        _ => entries.push((mode(&mut rng), name(&mut rng), id(&mut rng))),
                    }
                }
                hand_sort(&mut entries);
                if rng.below(10) == 0 && entries.len() > 4 {
                    let i = rng.below(entries.len() - 1);
                    entries.swap(i, i + 1); // out of git's order
                }
                versions.push(entries.clone());
            }
            let trees: Vec<Object> = versions.iter().map(|v| Rc::new(hand_tree(v))).collect();
            // Names to look for: at the start, middle and end of the tree, absent ones, and
            // around the name of a folder.
            let mut names: Vec<Vec<u8>> = vec![b"0".to_vec(), b"zz".to_vec(), b"b".to_vec()];
            let last = &versions[versions.len() - 1];
            for i in [0, last.len() / 2, last.len().saturating_sub(1)] {
                if let Some(e) = last.get(i) {
                    names.push(e.1.clone());
                }
            }
            if let Some(dir) = last.iter().find(|e| e.0 == 0o040000) {
                for tail in [&b""[..], b"-", b".", b"0", b" "] {
                    names.push([&dir.1[..], tail].concat());
                }
            }
            for wanted in &names {
                let oid = |i: usize| Oid::from_bytes(&[i as u8 + 1; 20]).unwrap();
                let mut known = Scan::new(oid(0), trees[0].clone(), wanted).rest(0).unwrap();
                for (i, tree) in trees.iter().enumerate() {
                    // From the version before, and from an unrelated tree.
                    let from = if i % 7 == 6 {
                        Scan::new(oid(99), trees[0].clone(), wanted)
                            .rest(0)
                            .unwrap()
                    } else {
                        known.clone()
                    };
                    let located = from.relocate(oid(i), tree.clone(), wanted).unwrap();
                    let whole = Scan::new(oid(i), tree.clone(), wanted).rest(0).unwrap();
                    let context = format!("round {round}, version {i}, {wanted:?}");
                    assert_eq!(located.named(), named(tree, wanted).unwrap(), "{context}");
                    assert_eq!(located.found, whole.found, "{context}");
                    assert_eq!((located.end, located.past), (whole.end, whole.past));
                    let all = boundaries(tree);
                    assert!(located.marks.iter().all(|m| all.contains(m)), "{context}");
                    assert!(located.marks.windows(2).all(|w| w[0] < w[1]), "{context}");
                    let (end, past) = (located.end, located.past);
                    assert!(
                        located
                            .marks
                            .iter()
                            .all(|&m| m < end || (m == end && !past))
                    );
                    // A damaged tree fails where reading it whole fails.
                    if !tree.is_empty() {
                        let cut: Object = Rc::new(tree[..rng.below(tree.len())].to_vec());
                        let damaged = known.relocate(oid(50), cut.clone(), wanted);
                        match named(&cut, wanted) {
                            Ok(n) => assert_eq!(damaged.unwrap().named(), n, "{context}"),
                            Err(_) => assert!(damaged.is_err(), "{context}"),
                        }
                    }
                    known = located;
                }
            }
        }
    }

    /// The first query (without the index) for a file at the start, the middle and the end of a
    /// folder of a few thousand files, for names that sort around a folder's name, a file that
    /// became a folder and back, and files removed or never there, finds the commits
    /// `git log --format=%H -- PATH` finds, and those libgit2's diff finds; so does the index.
    #[test]
    fn the_first_query_in_a_large_folder_answers_as_git_log() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let mut rng = Rng(3);
        // The folder `p`: name → (mode, blob); `p/d` is a folder or a file.
        let mut files: BTreeMap<String, Oid> = BTreeMap::new();
        for k in 0..2000u32 {
            let name = format!("1.{:06}.yaml", k * 7);
            files.insert(name, repo.blob(format!("{k}").as_bytes()).unwrap());
        }
        let around = ["d.yaml", "d-a.yaml", "d0.yaml", "d 1.yaml", "d"];
        for name in around {
            files.insert(name.to_owned(), repo.blob(name.as_bytes()).unwrap());
        }
        files.remove("d");
        let mut inner: BTreeMap<String, Oid> = BTreeMap::new();
        inner.insert("x.yaml".into(), repo.blob(b"x").unwrap());
        let names: Vec<String> = files.keys().cloned().collect();
        let picks = [
            names[0].clone(),
            names[1].clone(),
            names[names.len() / 2].clone(),
            names[names.len() - 8].clone(),
            names[names.len() - 6].clone(),
        ];
        let mut head: Option<Oid> = None;
        for n in 0..100u32 {
            let content = format!("version {n}");
            let blob = repo.blob(content.as_bytes()).unwrap();
            for _ in 0..1 + rng.below(3) {
                match rng.below(10) {
                    // The picked files, often: start, middle, end.
                    0..=2 => {
                        files.insert(picks[rng.below(picks.len())].clone(), blob);
                    }
                    3 => {
                        files.insert(around[rng.below(around.len())].to_owned(), blob);
                    }
                    4 => {
                        inner.insert(["x.yaml", "y.yaml"][rng.below(2)].into(), blob);
                    }
                    5 => {
                        let k = rng.below(names.len());
                        files.remove(&names[k]);
                    }
                    _ => {
                        let k = rng.below(names.len());
                        files.insert(names[k].clone(), blob);
                    }
                }
            }
            let mut folder = repo.treebuilder(None).unwrap();
            for (name, id) in &files {
                folder.insert(name, *id, 0o100644).unwrap();
            }
            // `d` is a folder, except for a while, when it is a file.
            if !(40..55).contains(&n) {
                let mut d = repo.treebuilder(None).unwrap();
                for (name, id) in &inner {
                    d.insert(name, *id, 0o100644).unwrap();
                }
                folder.insert("d", d.write().unwrap(), 0o040000).unwrap();
            } else {
                let _ = folder.remove("d");
                folder.insert("d", blob, 0o100644).unwrap();
            }
            let mut root = repo.treebuilder(None).unwrap();
            root.insert("p", folder.write().unwrap(), 0o040000).unwrap();
            root.insert("p.yaml", blob, 0o100644).unwrap();
            let tree = repo.find_tree(root.write().unwrap()).unwrap();
            let when = git2::Time::new(1_600_000_000 + i64::from(n) * 60, 0);
            let sig = git2::Signature::new("T", "t@example.org", &when).unwrap();
            let parents: Vec<git2::Commit<'_>> =
                head.iter().map(|h| repo.find_commit(*h).unwrap()).collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            head = Some(
                repo.commit(Some("HEAD"), &sig, &sig, "c", &tree, &parents)
                    .unwrap(),
            );
        }
        let head = head.unwrap();
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .arg("-C")
                .arg(dir.path())
                .args(args)
                .output()
                .ok()
                .filter(|o| o.status.success())
        };
        // Packed as git packs it, when git is here (the trees are then read from the pack).
        let git_cli = git(&["repack", "-adq"]).is_some();
        let r = Repo::wrap(git2::Repository::open(dir.path()).unwrap()).unwrap();
        let mut specs: Vec<String> = picks.iter().map(|p| format!("p/{p}")).collect();
        specs.extend(around.iter().map(|a| format!("p/{a}")));
        specs.extend(
            [
                "p/d/x.yaml",
                "p/d/y.yaml",
                "p/0.yaml",
                "p/zz.yaml",
                "p/1.000014.yaml",
            ]
            .map(String::from),
        );
        specs.push(format!("p/{}", names[names.len() - 1]));
        for spec in &specs {
            let pruned: Vec<String> = r
                .pruned_log(head, spec, usize::MAX)
                .unwrap()
                .into_iter()
                .map(|(id, _)| id.to_string())
                .collect();
            if !git_cli {
                let walked: Vec<String> = r
                    .log_walk(Path::new(""), Some(Path::new(spec)), usize::MAX)
                    .unwrap()
                    .into_iter()
                    .map(|c| c.id)
                    .collect();
                assert_eq!(pruned, walked, "{spec}");
            } else {
                let out = git(&["log", "--format=%H", "--no-renames", "--", spec]).unwrap();
                let git: Vec<String> = String::from_utf8(out.stdout)
                    .unwrap()
                    .lines()
                    .map(String::from)
                    .collect();
                assert_eq!(pruned, git, "git log -- {spec}");
            }
            if picks.iter().any(|p| spec.ends_with(p.as_str())) || spec.ends_with("/d") {
                assert!(!pruned.is_empty(), "{spec} was changed");
            }
        }
        // So do the index (the second query builds it) and libgit2's diff.
        let _ = std::fs::remove_dir_all(dir.path().join(".git").join("tthc"));
        for spec in [&specs[2], &specs[4], &specs[9]] {
            let file = Some(Path::new(spec.as_str()));
            let twice: Vec<String> = (0..2)
                .flat_map(|_| r.log(Path::new(""), file, usize::MAX).unwrap())
                .map(|c| c.id)
                .collect();
            let walked = r.log_walk(Path::new(""), file, usize::MAX).unwrap();
            let walked: Vec<String> = walked.into_iter().map(|c| c.id).collect();
            assert_eq!(twice, [walked.clone(), walked].concat(), "{spec}");
        }
    }
}
