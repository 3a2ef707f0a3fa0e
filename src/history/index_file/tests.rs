use super::*;
use crate::history::{FileChange, Repo};
use proptest::prelude::*;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.invalid"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A repository made by git itself: files at several depths, a long name, a name that sorts
/// around a folder's name (`a.yaml`, `a/`, `a0`), committed, with the cache tree written.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    fs::create_dir(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    // Saves through `Repo` need an identity, and a machine may have none configured.
    git(&dir, &["config", "user.name", "T"]);
    git(&dir, &["config", "user.email", "t@example.invalid"]);
    let long = format!("procedures/xa/{}.yaml", "d".repeat(200));
    let files = [
        "catalog.yaml",
        "a.yaml",
        "a/b.yaml",
        "a0",
        "procedures/tinh/1.000001.yaml",
        "procedures/tinh/1.000002.yaml",
        "procedures/xa/2.000001.yaml",
        "procedures/xa/2.000002.yaml",
        long.as_str(),
    ];
    for f in files {
        let p = dir.join(f);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, format!("name: {f}\n")).unwrap();
    }
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "init"]);
    (tmp, dir)
}

#[test]
fn reads_what_libgit2_reads() {
    let (_tmp, dir) = repository();
    let file = IndexFile::read(&dir.join(".git")).expect("a plain index");
    let repo = git2::Repository::open(&dir).unwrap();
    let index = repo.index().unwrap();
    let ours: Vec<_> = file
        .iter()
        .map(|e| {
            (
                e.path.to_vec(),
                e.id,
                e.mode,
                e.size,
                e.mtime,
                e.ino,
                e.stage,
            )
        })
        .collect();
    let theirs: Vec<_> = index
        .iter()
        .map(|e| {
            let mut id = [0u8; 20];
            id.copy_from_slice(e.id.as_bytes());
            (
                e.path.clone(),
                id,
                e.mode,
                e.file_size,
                (e.mtime.seconds(), e.mtime.nanoseconds()),
                e.ino,
                (e.flags >> 12) & 3,
            )
        })
        .collect();
    assert_eq!(ours, theirs);
    assert_eq!(ours.len(), 9);
}

#[test]
fn a_save_leaves_the_index_as_git_would() {
    let (_tmp, dir) = repository();
    let repo = Repo::discover(&dir).unwrap().unwrap();
    let changes = vec![
        FileChange {
            path: "procedures/xa/2.000001.yaml".into(),
            content: Some(b"name: changed\n".to_vec()),
        },
        FileChange {
            path: "procedures/xa/2.000003.yaml".into(),
            content: Some(b"name: new\n".to_vec()),
        },
        FileChange {
            path: "a/b.yaml".into(),
            content: None,
        },
    ];
    for c in &changes {
        let p = dir.join(&c.path);
        match &c.content {
            Some(b) => fs::write(&p, b).unwrap(),
            None => fs::remove_file(&p).unwrap(),
        }
    }
    // The in-place path is the one taken (git wrote a plain index with a cache tree).
    let before = IndexFile::read(&dir.join(".git")).unwrap();
    assert!(before.bytes[before.extensions..].starts_with(b"TREE"));
    let updates: Vec<Update> = changes
        .iter()
        .map(|c| Update {
            path: slash(&c.path),
            entry: c.content.as_ref().map(|b| NewEntry {
                id: crate::history::blob_id(b),
                stat: None,
                size: b.len() as u32,
            }),
        })
        .collect();
    assert!(before.updated(&updates).is_some());

    repo.commit_files(&changes, "save", None).unwrap();
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");
    // The index holds exactly HEAD's tree, and git reads it back entry by entry.
    let staged: Vec<String> = git(&dir, &["ls-files", "-s"])
        .lines()
        .map(|l| {
            let (meta, path) = l.split_once('\t').unwrap();
            let mut f = meta.split(' ');
            format!("{} {} {path}", f.next().unwrap(), f.next().unwrap())
        })
        .collect();
    let tree: Vec<String> = git(&dir, &["ls-tree", "-r", "HEAD"])
        .lines()
        .map(|l| {
            let (meta, path) = l.split_once('\t').unwrap();
            let f: Vec<&str> = meta.split(' ').collect();
            format!("{} {} {path}", f[0], f[2])
        })
        .collect();
    assert_eq!(staged, tree);
    // The cache tree was invalidated where it had to be: git's tree of the index is HEAD's.
    assert_eq!(
        git(&dir, &["write-tree"]).trim(),
        git(&dir, &["rev-parse", "HEAD^{tree}"]).trim()
    );
    // The entries written carry the files' stat data: git finds them clean without reading.
    assert_eq!(git(&dir, &["diff-files", "--name-only"]), "");
    let after = IndexFile::read(&dir.join(".git")).unwrap();
    let changed = after
        .iter()
        .find(|e| e.path == b"procedures/xa/2.000001.yaml")
        .unwrap();
    assert_eq!(changed.size, 14);
    assert!(changed.mtime.0 > 0);
}

fn slash(p: &Path) -> Vec<u8> {
    p.to_string_lossy().replace('\\', "/").into_bytes()
}

#[test]
fn other_forms_are_left_to_libgit2() {
    let (_tmp, dir) = repository();
    git(&dir, &["update-index", "--index-version", "4"]);
    assert!(IndexFile::read(&dir.join(".git")).is_none());
    // A save still stages through libgit2.
    let repo = Repo::discover(&dir).unwrap().unwrap();
    fs::write(dir.join("a0"), "changed\n").unwrap();
    let change = FileChange {
        path: "a0".into(),
        content: Some(b"changed\n".to_vec()),
    };
    repo.commit_files(&[change], "save", None).unwrap();
    assert_eq!(git(&dir, &["status", "--porcelain"]), "");

    // A damaged index is not read here (libgit2 reports it).
    git(&dir, &["update-index", "--index-version", "2"]);
    let mut bytes = fs::read(dir.join(".git/index")).unwrap();
    assert!(IndexFile::from_bytes(bytes.clone(), (0, 0)).is_some());
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    assert!(IndexFile::from_bytes(bytes, (0, 0)).is_none());
}

#[test]
fn a_held_lock_is_respected_and_a_failed_save_leaves_no_lock() {
    let (_tmp, dir) = repository();
    let git_dir = dir.join(".git");
    let held = IndexFile::lock(&git_dir).unwrap().expect("free");
    assert!(IndexFile::lock(&git_dir).unwrap().is_none());
    drop(held);
    assert!(!git_dir.join("index.lock").exists());
    let lock = IndexFile::lock(&git_dir).unwrap().unwrap();
    let before = fs::read(git_dir.join("index")).unwrap();
    let file = IndexFile::read(&git_dir).unwrap();
    lock.commit(&file.updated(&[]).unwrap()).unwrap();
    assert!(!git_dir.join("index.lock").exists());
    // Nothing to change: the same entries and extensions, a valid checksum.
    assert_eq!(fs::read(git_dir.join("index")).unwrap(), before);
}

#[test]
fn racily_clean_entries_are_smudged() {
    let (_tmp, dir) = repository();
    let git_dir = dir.join(".git");
    let file = IndexFile::read(&git_dir).unwrap();
    // Pretend the index was written before every file's mtime: all entries are racy.
    let racy = IndexFile::from_bytes(file.bytes.clone(), (0, 0)).unwrap();
    let out = racy.updated(&[]).unwrap();
    let back = IndexFile::from_bytes(out, (i64::MAX, 0)).unwrap();
    assert!(back.iter().all(|e| e.size == 0));
    // An index newer than the files smudges nothing.
    let out = file.updated(&[]).unwrap();
    let back = IndexFile::from_bytes(out, (i64::MAX, 0)).unwrap();
    assert!(back.iter().all(|e| e.size > 0));
}

#[test]
fn the_cache_tree_is_invalidated_along_the_changed_paths() {
    // root (3 entries, 2 subtrees): "a" (1 entry), "p" (2 entries, 1 subtree): "x" (1 entry).
    let id = [7u8; 20];
    let mut tree = Vec::new();
    for (name, line) in [
        ("", "3 2\n"),
        ("a", "1 0\n"),
        ("p", "2 1\n"),
        ("x", "1 0\n"),
    ] {
        tree.extend_from_slice(name.as_bytes());
        tree.push(0);
        tree.extend_from_slice(line.as_bytes());
        tree.extend_from_slice(&id);
    }
    let out = invalidate_tree(&tree, &[b"p/x/f.yaml".as_slice()]).unwrap();
    let mut expected = Vec::new();
    expected.extend_from_slice(b"\0-1 2\n");
    expected.extend_from_slice(b"a\x001 0\n");
    expected.extend_from_slice(&id);
    expected.extend_from_slice(b"p\0-1 1\n");
    expected.extend_from_slice(b"x\0-1 0\n");
    assert_eq!(out, expected);
    // A name that only begins like a folder's does not touch it.
    let out = invalidate_tree(&tree, &[b"a0".as_slice()]).unwrap();
    assert!(out.windows(5).any(|w| w == b"a\x001 0"));
    assert!(invalidate_tree(&tree[..tree.len() - 3], &[]).is_none());
}

/// An index written by libgit2 with `paths`, in a folder of its own.
fn libgit2_index(paths: &[String]) -> (tempfile::TempDir, git2::Index) {
    let tmp = tempfile::tempdir().unwrap();
    let mut index = git2::Index::open(&tmp.path().join("index")).unwrap();
    for (k, p) in paths.iter().enumerate() {
        index.add(&entry(p, k as u8, 10 + k as u32)).unwrap();
    }
    index.write().unwrap();
    (tmp, index)
}

fn entry(path: &str, seed: u8, size: u32) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(1, 2),
        mtime: git2::IndexTime::new(3, 4),
        dev: 5,
        ino: 6,
        mode: 0o100644,
        uid: 7,
        gid: 8,
        file_size: size,
        id: git2::Oid::from_bytes(&[seed; 20]).unwrap(),
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

fn listing(index: &git2::Index) -> Vec<(Vec<u8>, Vec<u8>, u32, u32)> {
    index
        .iter()
        .map(|e| (e.path, e.id.as_bytes().to_vec(), e.mode, e.file_size))
        .collect()
}

fn path_strategy() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a", "a.yaml", "a0", "b", "p/x", "p/x.yaml", "p-q", "đ",
    ])
    .prop_flat_map(|dir| {
        prop::sample::select(vec!["1", "1.yaml", "2", "z", "ư"])
            .prop_map(move |name| format!("{dir}/{name}"))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The bytes written in place and libgit2's own update of the same index hold the same
    /// entries, and libgit2 reads ours (format and checksum).
    #[test]
    fn agrees_with_libgit2(
        start in prop::collection::btree_set(path_strategy(), 0..12),
        ops in prop::collection::vec((path_strategy(), prop::option::of(any::<u8>())), 1..8),
    ) {
        let start: Vec<String> = start.into_iter().collect();
        let (tmp, mut theirs) = libgit2_index(&start);
        let ours = IndexFile::read(tmp.path()).expect("libgit2 writes a plain index");
        let mut updates = Vec::new();
        for (path, op) in &ops {
            // A path that is also a folder of another entry is refused by libgit2 (a D/F
            // conflict); a save never makes one, so neither do these.
            let clash = theirs.iter().any(|e| {
                let p = String::from_utf8(e.path).unwrap();
                p.starts_with(&format!("{path}/")) || path.starts_with(&format!("{p}/"))
            });
            if clash {
                continue;
            }
            match op {
                Some(seed) => {
                    theirs.add(&git2::IndexEntry {
                        ctime: git2::IndexTime::new(0, 0),
                        mtime: git2::IndexTime::new(0, 0),
                        dev: 0, ino: 0, uid: 0, gid: 0,
                        ..entry(path, *seed, 99)
                    }).unwrap();
                    updates.push(Update {
                        path: path.clone().into_bytes(),
                        entry: Some(NewEntry { id: [*seed; 20], stat: None, size: 99 }),
                    });
                }
                None => {
                    let _ = theirs.remove_path(Path::new(path));
                    updates.push(Update { path: path.clone().into_bytes(), entry: None });
                }
            }
        }
        let bytes = ours.updated(&updates).expect("stage 0 only");
        let file = tmp.path().join("ours");
        fs::write(&file, &bytes).unwrap();
        let back = git2::Index::open(&file).unwrap();
        prop_assert_eq!(listing(&back), listing(&theirs));
        prop_assert_eq!(IndexFile::from_bytes(bytes, (0, 0)).unwrap().version(), 2);
    }
}
