//! A commit's tree made from its parent's by replacing or removing some files, spliced from the
//! raw tree objects: the entries on the way to each changed file are copied as they are, byte for
//! byte, and only the changed ones written anew — the tree libgit2's `create_updated` makes.
//!
//! `create_updated` loads every entry of each tree on the way into a tree builder, sorts them all
//! and writes them back: for a save in a level folder of 33,000 procedures that was a third of
//! the save's time. Anything this splice does not handle plainly (a file and a folder below it
//! changed together, a file where a folder should be, a malformed tree) is left to libgit2.

use super::HistoryError;
use super::pathindex::{RawEntry, git_order, raw_entry};
use git2::{ObjectType, Odb, Oid};

/// A file's mode as a save writes it.
const BLOB_MODE: u32 = 0o100644;
const TREE_MODE: u32 = 0o040000;

/// One changed file: its path's components and its new blob (`None`: removed).
pub(super) type Change<'a> = (Vec<&'a [u8]>, Option<Oid>);

/// The tree `root` with `changes` applied, written to `odb`; `None` when the changes are not a
/// plain set of files this splice handles (the caller then asks libgit2).
pub(super) fn updated_tree(
    odb: &Odb<'_>,
    root: Oid,
    changes: &[Change<'_>],
) -> Result<Option<Oid>, HistoryError> {
    let changes: Vec<(&[&[u8]], Option<Oid>)> =
        changes.iter().map(|(p, b)| (p.as_slice(), *b)).collect();
    if changes.iter().any(|(p, _)| p.is_empty()) {
        return Ok(None);
    }
    match update(odb, Some(root), &changes)? {
        Updated::Tree(id) => Ok(Some(id)),
        Updated::Empty => Ok(Some(odb.write(ObjectType::Tree, &[])?)),
        Updated::NotPlain => Ok(None),
    }
}

enum Updated {
    Tree(Oid),
    /// Every entry removed: the folder goes.
    Empty,
    NotPlain,
}

/// An entry of the new tree: copied from the old one, or made.
struct Entry<'a> {
    mode: u32,
    name: &'a [u8],
    id: [u8; 20],
    /// The old tree's bytes of this entry, when unchanged.
    raw: Option<&'a [u8]>,
}

impl Entry<'_> {
    fn as_raw(&self) -> RawEntry<'_> {
        RawEntry {
            mode: self.mode,
            name: self.name,
            id: &self.id,
        }
    }
}

fn update(
    odb: &Odb<'_>,
    tree: Option<Oid>,
    changes: &[(&[&[u8]], Option<Oid>)],
) -> Result<Updated, HistoryError> {
    let object = match tree {
        Some(id) => {
            let object = odb.read(id)?;
            if object.kind() != ObjectType::Tree {
                return Ok(Updated::NotPlain);
            }
            Some(object)
        }
        None => None,
    };
    let bytes: &[u8] = object.as_ref().map_or(&[], |o| o.data());
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut rest = bytes;
    while let Some((e, after)) = raw_entry(rest)? {
        let raw = &rest[..rest.len() - after.len()];
        let Ok(id) = <[u8; 20]>::try_from(e.id) else {
            return Ok(Updated::NotPlain);
        };
        entries.push(Entry {
            mode: e.mode,
            name: e.name,
            id,
            raw: Some(raw),
        });
        rest = after;
    }
    // The changes by the name they change here, in the order given.
    let mut names: Vec<&[u8]> = Vec::new();
    for (parts, _) in changes {
        if !names.contains(&parts[0]) {
            names.push(parts[0]);
        }
    }
    let mut changed = false;
    for name in names {
        let mine: Vec<(&[&[u8]], Option<Oid>)> = changes
            .iter()
            .filter(|(p, _)| p[0] == name)
            .map(|(p, b)| (&p[1..], *b))
            .collect();
        let files = mine.iter().filter(|(p, _)| p.is_empty()).count();
        if files > 1 || (files == 1 && mine.len() > 1) {
            return Ok(Updated::NotPlain);
        }
        let at = entries.iter().position(|e| e.name == name);
        let new = if files == 1 {
            // A folder is never replaced or removed as if it were a file (libgit2 refuses the
            // one, and removing a folder is no save's doing).
            if at.is_some_and(|i| entries[i].as_raw().is_tree()) {
                return Ok(Updated::NotPlain);
            }
            mine[0].1.map(|blob| (BLOB_MODE, blob))
        } else {
            let sub = match at.map(|i| &entries[i]) {
                Some(e) if e.as_raw().is_tree() => Some(Oid::from_bytes(&e.id)?),
                Some(_) => return Ok(Updated::NotPlain),
                None => None,
            };
            match update(odb, sub, &mine)? {
                Updated::Tree(id) => Some((TREE_MODE, id)),
                Updated::Empty => None,
                Updated::NotPlain => return Ok(Updated::NotPlain),
            }
        };
        match (at, new) {
            (Some(i), None) => {
                entries.remove(i);
                changed = true;
            }
            // Removing what is not there: libgit2 refuses it, and says so.
            (None, None) => return Ok(Updated::NotPlain),
            (Some(i), Some((mode, id))) if entries[i].mode == mode => {
                let Ok(id) = <[u8; 20]>::try_from(id.as_bytes()) else {
                    return Ok(Updated::NotPlain);
                };
                if entries[i].id != id {
                    entries[i].id = id;
                    entries[i].raw = None;
                    changed = true;
                }
            }
            (at, Some((mode, id))) => {
                if let Some(i) = at {
                    entries.remove(i);
                }
                let Ok(id) = <[u8; 20]>::try_from(id.as_bytes()) else {
                    return Ok(Updated::NotPlain);
                };
                let entry = Entry {
                    mode,
                    name,
                    id,
                    raw: None,
                };
                let i = entries
                    .binary_search_by(|e| git_order(&e.as_raw(), &entry.as_raw()))
                    .unwrap_or_else(|i| i);
                entries.insert(i, entry);
                changed = true;
            }
        }
    }
    if entries.is_empty() {
        return Ok(Updated::Empty);
    }
    if let Some(tree) = tree
        && !changed
    {
        // Nothing changed here (a file written as it was): the same tree.
        return Ok(Updated::Tree(tree));
    }
    let mut out = Vec::with_capacity(bytes.len() + 64);
    for e in &entries {
        match e.raw {
            Some(raw) => out.extend_from_slice(raw),
            None => {
                out.extend_from_slice(format!("{:o} ", e.mode).as_bytes());
                out.extend_from_slice(e.name);
                out.push(0);
                out.extend_from_slice(&e.id);
            }
        }
    }
    Ok(Updated::Tree(odb.write(ObjectType::Tree, &out)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::build::TreeUpdateBuilder;
    use proptest::prelude::*;

    const NAMES: &[&str] = &["a", "a.yaml", "a-b", "b", "b.yaml", "đ.yaml", "z"];

    /// A tree from `files` (paths of up to three components), written through libgit2.
    fn tree_of(repo: &git2::Repository, files: &[(Vec<usize>, u8)]) -> Oid {
        let mut index = git2::Index::new().unwrap();
        for (path, content) in files {
            let path: Vec<&str> = path.iter().map(|&i| NAMES[i]).collect();
            let blob = repo.blob(&[*content]).unwrap();
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: BLOB_MODE,
                uid: 0,
                gid: 0,
                file_size: 1,
                id: blob,
                flags: 0,
                flags_extended: 0,
                path: path.join("/").into_bytes(),
            };
            // A path where another is a folder, or under a file: left out, as a tree cannot
            // hold both.
            let _ = index.add(&entry);
        }
        index.write_tree_to(repo).unwrap()
    }

    fn path_strategy() -> impl Strategy<Value = Vec<usize>> {
        prop::collection::vec(0..NAMES.len(), 1..=3)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Whenever the splice answers, it answers the tree libgit2's `create_updated` makes.
        #[test]
        fn the_splice_makes_the_tree_libgit2_makes(
            files in prop::collection::vec((path_strategy(), any::<u8>()), 0..12),
            changes in prop::collection::vec((path_strategy(), prop::option::of(any::<u8>())), 1..5),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let repo = git2::Repository::init(dir.path()).unwrap();
            let root = tree_of(&repo, &files);
            let odb = repo.odb().unwrap();
            let mut ours: Vec<Change<'_>> = Vec::new();
            let mut theirs = TreeUpdateBuilder::new();
            for (path, content) in &changes {
                let parts: Vec<&[u8]> = path.iter().map(|&i| NAMES[i].as_bytes()).collect();
                let joined = path.iter().map(|&i| NAMES[i]).collect::<Vec<_>>().join("/");
                let blob = content.map(|c| repo.blob(&[c]).unwrap());
                match blob {
                    Some(b) => theirs.upsert(&joined, b, git2::FileMode::Blob),
                    None => theirs.remove(&joined),
                };
                ours.push((parts, blob));
            }
            let expected = theirs.create_updated(&repo, &repo.find_tree(root).unwrap());
            if let Some(id) = updated_tree(&odb, root, &ours).unwrap() {
                let expected = expected.expect("libgit2 makes a tree where the splice does");
                prop_assert_eq!(id, expected);
            }
        }
    }

    /// The common cases are spliced, not handed back: one file replaced, added or removed in a
    /// folder, and a folder that becomes empty going away.
    #[test]
    fn a_save_is_spliced() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let odb = repo.odb().unwrap();
        let root = tree_of(
            &repo,
            &[
                (vec![0, 1], 1),
                (vec![0, 4], 2),
                (vec![3, 1], 3),
                (vec![4], 4),
            ],
        );
        let new = repo.blob(b"x").unwrap();
        for change in [
            (vec![&b"a"[..], b"a.yaml"], Some(new)),
            (vec![&b"a"[..], b"z"], Some(new)),
            (vec![&b"b"[..], b"a.yaml"], None),
            (vec![&b"n"[..], b"m", b"a.yaml"], Some(new)),
        ] {
            let spliced = updated_tree(&odb, root, std::slice::from_ref(&change))
                .unwrap()
                .expect("spliced");
            let mut theirs = TreeUpdateBuilder::new();
            let path = change
                .0
                .iter()
                .map(|p| std::str::from_utf8(p).unwrap())
                .collect::<Vec<_>>()
                .join("/");
            match change.1 {
                Some(b) => theirs.upsert(&path, b, git2::FileMode::Blob),
                None => theirs.remove(&path),
            };
            let expected = theirs
                .create_updated(&repo, &repo.find_tree(root).unwrap())
                .unwrap();
            assert_eq!(spliced, expected, "{path}");
        }
    }
}
