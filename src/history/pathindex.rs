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

use super::{HistoryError, Repo};
use git2::{Oid, Sort};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
        let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
        if crc32fast::hash(body).to_le_bytes() != crc {
            return None;
        }
        let mut r = Reader { rest: body };
        if r.take(8)? != MAGIC || r.u32()? != FORMAT {
            return None;
        }
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
            let mut last = 0u64;
            for i in 0..count {
                let delta = r.varint()?;
                if i > 0 && delta == 0 {
                    return None;
                }
                last += delta;
                if last >= n as u64 {
                    return None;
                }
                positions.push(last as u32);
            }
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

    /// The paths `commit` changed compared with its first parent (all of its files for a root):
    /// the files a tree-to-tree diff reports, found by descending only into subtrees whose ids
    /// differ, so a commit's cost follows its change, not the size of the repository.
    fn changed_paths(&self, commit: &git2::Commit<'_>) -> Result<Vec<Vec<u8>>, HistoryError> {
        let tree = commit.tree()?;
        let parent_tree = match commit.parents().next() {
            Some(p) => Some(p.tree()?),
            None => None,
        };
        let mut paths = Vec::new();
        self.diff_trees(
            parent_tree.as_ref(),
            Some(&tree),
            &mut Vec::new(),
            &mut paths,
        )?;
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    fn diff_trees(
        &self,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
        prefix: &mut Vec<u8>,
        out: &mut Vec<Vec<u8>>,
    ) -> Result<(), HistoryError> {
        let mut seen: HashMap<&[u8], (Oid, i32, bool)> = HashMap::new();
        let entries = |t: Option<&'_ git2::Tree<'_>>| -> Vec<(Vec<u8>, Oid, i32, bool)> {
            t.map(|t| {
                t.iter()
                    .map(|e| {
                        let is_tree = e.kind() == Some(git2::ObjectType::Tree);
                        (e.name_bytes().to_vec(), e.id(), e.filemode(), is_tree)
                    })
                    .collect()
            })
            .unwrap_or_default()
        };
        let old_entries = entries(old);
        let new_entries = entries(new);
        for (name, id, mode, is_tree) in &old_entries {
            seen.insert(name.as_slice(), (*id, *mode, *is_tree));
        }
        let mut visit = |name: &[u8],
                         before: Option<(Oid, i32, bool)>,
                         after: Option<(Oid, i32, bool)>,
                         out: &mut Vec<Vec<u8>>|
         -> Result<(), HistoryError> {
            if before.map(|b| (b.0, b.1)) == after.map(|a| (a.0, a.1)) {
                return Ok(());
            }
            let len = prefix.len();
            prefix.extend_from_slice(name);
            let tree_of =
                |side: Option<(Oid, i32, bool)>| -> Result<Option<git2::Tree<'_>>, HistoryError> {
                    match side {
                        Some((id, _, true)) => Ok(Some(self.repo.find_tree(id)?)),
                        _ => Ok(None),
                    }
                };
            let (old_tree, new_tree) = (tree_of(before)?, tree_of(after)?);
            let blob_side =
                matches!(before, Some((_, _, false))) || matches!(after, Some((_, _, false)));
            if blob_side {
                out.push(prefix.clone());
            }
            if old_tree.is_some() || new_tree.is_some() {
                prefix.push(b'/');
                self.diff_trees(old_tree.as_ref(), new_tree.as_ref(), prefix, out)?;
            }
            prefix.truncate(len);
            Ok(())
        };
        for (name, id, mode, is_tree) in &new_entries {
            let before = seen.remove(name.as_slice());
            visit(name, before, Some((*id, *mode, *is_tree)), out)?;
        }
        let mut gone: Vec<_> = seen.into_iter().collect();
        gone.sort();
        for (name, before) in gone {
            visit(name, Some(before), None, out)?;
        }
        Ok(())
    }

    /// The path index for the current HEAD: read from the git directory, brought up to date,
    /// written back when it changed (a failure to write only costs time next run).
    pub(super) fn path_index(&self, head: Oid) -> Result<PathIndex, HistoryError> {
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
        let _ = write_atomic(&file, &index.encode());
        Ok(index)
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
        for commit in chain.iter().rev() {
            let changed = self.changed_paths(commit)?;
            index.push(commit.id(), changed);
        }
        Ok(Ok(index))
    }

    /// The index from a full walk from `head`, reusing the changed paths of commits `known`.
    fn rebuild(&self, head: Oid, known: Option<&PathIndex>) -> Result<PathIndex, HistoryError> {
        let mut known = known.map(PathIndex::by_commit).unwrap_or_default();
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        walk.push(head)?;
        let mut order = Vec::new();
        for id in walk {
            order.push(id?);
        }
        let mut index = PathIndex::default();
        for id in order.into_iter().rev() {
            let changed = match known.remove(&id) {
                Some(paths) => paths,
                None => self.changed_paths(&self.repo.find_commit(id)?)?,
            };
            index.push(id, changed);
        }
        Ok(index)
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
        if let Ok(bytes) = std::fs::read(self.path_index_file())
            && let Some(hits) = query_encoded(&bytes, head, spec.as_bytes(), limit)
        {
            return Ok(hits);
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

/// [`PathIndex::matching`] read straight from the bytes of an intact index file whose newest
/// commit is `head`; `None` when the bytes are anything else.
fn query_encoded(bytes: &[u8], head: Oid, spec: &[u8], limit: usize) -> Option<Vec<IndexedCommit>> {
    let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let mut r = Reader { rest: body };
    if r.take(8)? != MAGIC || r.u32()? != FORMAT {
        return None;
    }
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
        let mut last = 0u64;
        for i in 0..count {
            let delta = r.varint()?;
            if i > 0 && delta == 0 {
                return None;
            }
            last += delta;
            if last >= n as u64 {
                return None;
            }
            if wanted {
                hits.entry(last as u32).or_default().push(path.to_vec());
            }
        }
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

/// Write a file whole: a temporary file renamed over it (no fsync: this is a cache).
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".pathindex.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let hits = index.matching(b"x/a.yaml", 10);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(index.matching(b"x", 1).len(), 1);
        assert!(index.matching(b"x/a", 10).is_empty());
    }
}
