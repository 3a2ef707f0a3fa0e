//! The record cache and the path index give exactly what a plain load and a plain walk give, on
//! generated repositories: fresh, after new commits, after edits in the work tree, after amended
//! and merged history, and with damaged cache or index files. No timing here: the benchmark
//! (`cargo bench --bench scale`) measures speed.

mod common;

use common::Sandbox;
use std::fs;
use std::path::{Path, PathBuf};
use tthc::history::Repo;
use tthc::store::{self, CacheWrite, Catalog};
use tthc::synthetic::{self, Options};
use tthc::workspace::{self, Transaction};

fn generate(
    sb: &Sandbox,
    name: &str,
    procedures: usize,
    commits: usize,
) -> (PathBuf, synthetic::Report) {
    let dir = sb.path().join(name);
    let report = synthetic::generate(
        &dir,
        &Options {
            procedures,
            commits,
            seed: 7,
            layout: None,
            texts: None,
        },
    )
    .unwrap();
    sb.set_identity(&dir, "Lê Văn Thử", "thu@example.gov.vn");
    (dir, report)
}

fn assert_same(cached: &Catalog, plain: &Catalog) {
    assert_eq!(cached.manifest, plain.manifest);
    assert_eq!(cached.procedures.len(), plain.procedures.len());
    for (a, b) in cached.procedures.iter().zip(&plain.procedures) {
        assert_eq!(a, b);
    }
    assert_eq!(cached.proposals, plain.proposals);
    assert_eq!(cached.publications, plain.publications);
    assert_eq!(cached.problems, plain.problems);
    assert_eq!(cached.unparsed, plain.unparsed);
}

fn cache_file(dir: &Path) -> PathBuf {
    dir.join(".git/tthc/records-v1")
}

/// Open through the cache and check the result against a plain load.
fn open_checked(dir: &Path) -> store::LoadStats {
    let (cat, stats) = workspace::open_with_stats(dir).unwrap();
    assert_same(&cat, &store::load(dir).unwrap());
    stats
}

fn edit_notes(dir: &Path, rel: &Path, notes: &str) -> String {
    let cat = store::load(dir).unwrap();
    let mut record = cat
        .procedures
        .iter()
        .find(|p| p.path == rel)
        .unwrap()
        .record
        .clone();
    record.notes = Some(notes.into());
    let mut tx = Transaction::begin(dir).unwrap();
    let base = tx.read(rel).unwrap();
    tx.write(
        rel,
        base,
        store::canonical_text(rel, &record).unwrap().into_bytes(),
    );
    tx.commit(&format!("Sửa {}: ghi chú", record.code)).unwrap()
}

#[test]
fn generated_catalogues_are_valid_and_deterministic() {
    let sb = Sandbox::new();
    let (a, ra) = generate(&sb, "a", 40, 30);
    let (b, rb) = generate(&sb, "b", 40, 30);
    assert_eq!(ra.head, rb.head, "the same seed gives the same history");
    assert_eq!(ra.commits, 30);
    assert_eq!(ra.procedures, 40);
    assert_eq!(sb.commits(&a), 30);
    sb.fsck(&a);
    let cat = store::load(&a).unwrap();
    assert_eq!(cat.procedures.len(), 40);
    let problems = tthc::validate::validate_catalog(&cat);
    assert!(problems.is_empty(), "{problems:?}");
    let average = ra.yaml_bytes / 40;
    assert!(
        (2000..5000).contains(&average),
        "about 3 KB each: {average}"
    );
    assert_eq!(sb.git(&a, &["status", "--porcelain"]), "");
    drop(b);

    let sb2 = Sandbox::new();
    let dir = sb2.path().join("sharded");
    let report = synthetic::generate(
        &dir,
        &Options {
            procedures: 30,
            commits: 5,
            seed: 1,
            layout: Some(tthc::model::Layout::Sharded),
            texts: None,
        },
    )
    .unwrap();
    assert!(
        report.hot_path.components().count() == 4,
        "{:?}",
        report.hot_path
    );
    assert!(tthc::validate::validate_catalog(&store::load(&dir).unwrap()).is_empty());
}

#[test]
fn records_built_from_the_samples_texts_are_valid_long_and_flat() {
    let sb = Sandbox::new();
    let dir = sb.path().join("real");
    let report = synthetic::generate(
        &dir,
        &Options {
            procedures: 60,
            commits: 40,
            seed: 3,
            layout: Some(tthc::model::Layout::Flat),
            texts: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog")),
        },
    )
    .unwrap();
    assert_eq!(
        report.hot_path.components().count(),
        3,
        "procedures/<level>/<code>.yaml"
    );
    let cat = store::load(&dir).unwrap();
    let problems = tthc::validate::validate_catalog(&cat);
    assert!(problems.is_empty(), "{problems:?}");
    let average = report.yaml_bytes / report.procedures as u64;
    assert!(average > 3500, "as long as the sample's records: {average}");
    // The texts are the sample's: every record's first step is one of the sample's steps.
    let sample = store::load(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("catalog")
            .as_path(),
    )
    .unwrap();
    let steps: std::collections::HashSet<&tthc::model::Text> = sample
        .procedures
        .iter()
        .flat_map(|p| &p.record.steps)
        .collect();
    assert!(
        cat.procedures
            .iter()
            .all(|p| steps.contains(&p.record.steps[0]))
    );
}

#[test]
fn the_cache_gives_what_a_plain_load_gives() {
    let sb = Sandbox::new();
    let (dir, report) = generate(&sb, "c", 60, 40);

    // Cold: everything parsed, the cache written.
    let stats = open_checked(&dir);
    assert_eq!(stats.from_cache, 0);
    assert_eq!(stats.parsed, 60);
    assert_eq!(stats.cache_write, CacheWrite::Rewritten);
    assert!(cache_file(&dir).is_file());

    // Warm: nothing parsed.
    let stats = open_checked(&dir);
    assert!(stats.cache_valid);
    assert_eq!((stats.from_cache, stats.parsed), (60, 0));
    assert_eq!(stats.cache_write, CacheWrite::None);

    // A new commit: only the changed file is parsed, and appended to the cache.
    edit_notes(&dir, &report.hot_path, "Ghi chú mới sau khi mở");
    let stats = open_checked(&dir);
    assert_eq!((stats.from_cache, stats.parsed), (59, 1));
    assert_eq!(stats.cache_write, CacheWrite::Appended);
    let stats = open_checked(&dir);
    assert_eq!((stats.from_cache, stats.parsed), (60, 0));

    // Edits in the work tree that are not committed: a changed file, one with a comment, one
    // that does not parse, a new file. Each is read afresh, with every problem reported.
    let cat = store::load(&dir).unwrap();
    let a = &cat.procedures[3].path;
    let b = &cat.procedures[4].path;
    let c = &cat.procedures[5].path;
    let text = fs::read_to_string(dir.join(a)).unwrap();
    fs::write(dir.join(a), text.replace("Bước 1", "Bước một")).unwrap();
    let text = fs::read_to_string(dir.join(b)).unwrap();
    fs::write(dir.join(b), format!("# ghi chú\n{text}")).unwrap();
    fs::write(dir.join(c), "code: [unclosed\n").unwrap();
    let copy = c.with_file_name("9.999999.yaml");
    fs::write(dir.join(&copy), fs::read(dir.join(a)).unwrap()).unwrap();
    for _ in 0..2 {
        let (cat, stats) = workspace::open_with_stats(&dir).unwrap();
        assert_same(&cat, &store::load(&dir).unwrap());
        assert!(cat.unparsed.contains(c.as_path()));
        assert!(stats.parsed >= 2, "{stats:?}");
    }

    // History rewritten under the cache: amended, then reset back a few commits (the work tree
    // follows). Records are keyed by content, so whatever the files now hold is what loads.
    fs::remove_file(dir.join(&copy)).unwrap();
    sb.git(&dir, &["checkout", "-q", "--", "."]);
    sb.git(&dir, &["commit", "--amend", "-q", "-m", "Sửa lại"]);
    open_checked(&dir);
    sb.git(&dir, &["reset", "-q", "--hard", "HEAD~5"]);
    open_checked(&dir);
    let stats = open_checked(&dir);
    assert_eq!((stats.from_cache, stats.parsed), (stats.files, 0));
}

/// The catalogue as recorded in a commit, taken from the record cache where it can, is what a
/// plain read of every file of that commit gives: with and without a cache, for the head and an
/// older commit, with a file that does not parse, a misplaced one and two identical files.
#[test]
fn a_catalogue_at_a_commit_through_the_cache_is_a_plain_read() {
    let sb = Sandbox::new();
    let (dir, report) = generate(&sb, "c", 40, 30);
    let repo = Repo::discover(&dir).unwrap().unwrap();
    let plain = |commit: &str| {
        let prefix = repo.relative(&dir).unwrap();
        store::load_entries(&dir, repo.files_at(commit, &prefix).unwrap())
    };
    let head = sb.git(&dir, &["rev-parse", "HEAD"]).trim().to_owned();
    let old = sb.git(&dir, &["rev-parse", "HEAD~12"]).trim().to_owned();

    // No cache yet: everything is read.
    assert!(!cache_file(&dir).exists());
    assert_same(&workspace::open_at(&dir, &head).unwrap(), &plain(&head));
    // With the cache of the work tree (the head): most records come from it.
    workspace::open(&dir).unwrap();
    assert!(cache_file(&dir).is_file());
    for commit in [&head, &old] {
        assert_same(&workspace::open_at(&dir, commit).unwrap(), &plain(commit));
    }

    // A commit holding a file that does not parse, a misplaced file, and the same bytes at two
    // paths (one of them a proposal path, where those bytes are not a proposal).
    let cat = store::load(&dir).unwrap();
    let first = &cat.procedures[0].path;
    let twin = first.with_file_name("9.999998.yaml");
    fs::copy(dir.join(first), dir.join(&twin)).unwrap();
    fs::create_dir_all(dir.join("proposals/2022")).unwrap();
    fs::copy(dir.join(first), dir.join("proposals/2022/2022-001.yaml")).unwrap();
    fs::write(dir.join(&report.hot_path), "code: [unclosed\n").unwrap();
    fs::write(dir.join("procedures/lost.yaml"), "code: '1.000001'\n").unwrap();
    sb.git(&dir, &["add", "-A"]);
    sb.git(&dir, &["commit", "-qm", "Tệp lạ"]);
    let odd = sb.git(&dir, &["rev-parse", "HEAD"]).trim().to_owned();
    let at = workspace::open_at(&dir, &odd).unwrap();
    let expected = plain(&odd);
    assert_same(&at, &expected);
    assert!(at.unparsed.contains(report.hot_path.as_path()));
    assert!(at.procedures.iter().any(|p| p.path == twin));
    assert!(!expected.problems.is_empty());
}

#[test]
fn a_damaged_cache_is_never_trusted() {
    let sb = Sandbox::new();
    let (dir, _) = generate(&sb, "d", 50, 10);
    open_checked(&dir);
    let good = fs::read(cache_file(&dir)).unwrap();
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated in a block", good[..good.len() / 2].to_vec()),
        ("without its end mark", good[..good.len() - 8].to_vec()),
        ("a flipped byte", {
            let mut b = good.clone();
            let i = b.len() * 2 / 3;
            b[i] ^= 0x40;
            b
        }),
        ("another build's fingerprint", {
            let mut b = good.clone();
            b[14] ^= 1;
            b
        }),
        ("garbage after the end", {
            let mut b = good.clone();
            b.extend_from_slice(b"junk");
            b
        }),
    ];
    for (what, bytes) in damages {
        fs::write(cache_file(&dir), &bytes).unwrap();
        let stats = open_checked(&dir);
        assert!(!stats.cache_valid, "{what}");
        assert_eq!(stats.from_cache, 0, "{what}");
        assert_eq!(stats.cache_write, CacheWrite::Rewritten, "{what}");
        let stats = open_checked(&dir);
        assert_eq!(stats.from_cache, 50, "{what}: rebuilt");
    }
}

#[test]
fn without_the_git_index_files_are_hashed_and_still_cached() {
    let sb = Sandbox::new();
    let (dir, _) = generate(&sb, "e", 30, 5);
    fs::remove_file(dir.join(".git/index")).unwrap();
    let stats = open_checked(&dir);
    assert_eq!(stats.from_cache, 0);
    let stats = open_checked(&dir);
    assert_eq!((stats.from_cache, stats.parsed), (30, 0));
}

#[test]
fn a_catalogue_in_a_sub_folder_has_its_own_cache() {
    let sb = Sandbox::new();
    let site = sb.path().join("site");
    fs::create_dir_all(&site).unwrap();
    sb.git(&site, &["init", "-q", "-b", "main"]);
    sb.tthc(&site)
        .args(["init", "catalog", "--sample"])
        .assert()
        .success();
    let dir = site.join("catalog");
    let first = open_checked(&dir);
    assert_eq!(first.from_cache, 0);
    let again = open_checked(&dir);
    assert_eq!(again.parsed, 0);
    assert!(again.from_cache > 40);
    let repo = Repo::discover(&dir).unwrap().unwrap();
    let prefix = repo.relative(&dir).unwrap();
    assert_eq!(
        repo.log(&prefix, None, usize::MAX).unwrap(),
        repo.log_walk(&prefix, None, usize::MAX).unwrap()
    );
}

/// Every query the faces make, from the index and from a plain walk.
fn assert_log_matches_walk(dir: &Path, paths: &[&Path]) {
    let repo = Repo::discover(dir).unwrap().unwrap();
    let prefix = repo.relative(dir).unwrap();
    for file in paths {
        for limit in [usize::MAX, 3] {
            assert_eq!(
                repo.log(&prefix, Some(file), limit).unwrap(),
                repo.log_walk(&prefix, Some(file), limit).unwrap(),
                "{}",
                file.display()
            );
        }
    }
    for limit in [usize::MAX, 5] {
        assert_eq!(
            repo.log(&prefix, None, limit).unwrap(),
            repo.log_walk(&prefix, None, limit).unwrap()
        );
    }
    // A folder, and a path no commit touched.
    for spec in [
        Path::new("procedures/xa"),
        Path::new("procedures/none.yaml"),
    ] {
        assert_eq!(
            repo.log(&prefix, Some(spec), usize::MAX).unwrap(),
            repo.log_walk(&prefix, Some(spec), usize::MAX).unwrap()
        );
    }
}

fn index_file(dir: &Path) -> PathBuf {
    dir.join(".git/tthc/pathindex-v1")
}

#[test]
fn the_path_index_gives_what_a_plain_walk_gives() {
    let sb = Sandbox::new();
    let (dir, report) = generate(&sb, "h", 40, 120);
    let hot = report.hot_path.clone();
    let cold = report.cold_path.clone();
    let paths = [hot.as_path(), cold.as_path(), Path::new("catalog.yaml")];
    assert_log_matches_walk(&dir, &paths);
    assert!(index_file(&dir).is_file());
    assert!(workspace::log(&dir, Some(&hot), usize::MAX).unwrap().len() > 3);

    // New commits on top: the index is extended.
    edit_notes(&dir, &hot, "Lần một");
    edit_notes(&dir, &cold, "Lần hai");
    assert_log_matches_walk(&dir, &paths);

    // Amended history: HEAD is no longer a descendant of what was indexed.
    sb.git(
        &dir,
        &["commit", "--amend", "-q", "-m", "Sửa lại thông điệp"],
    );
    assert_log_matches_walk(&dir, &paths);
    sb.git(&dir, &["reset", "-q", "--hard", "HEAD~3"]);
    assert_log_matches_walk(&dir, &paths);

    // A merge of two lines of work.
    sb.git(&dir, &["checkout", "-q", "-b", "side"]);
    edit_notes(&dir, &cold, "Bên nhánh phụ");
    sb.git(&dir, &["checkout", "-q", "main"]);
    edit_notes(&dir, &hot, "Bên nhánh chính");
    sb.git(&dir, &["merge", "-q", "--no-edit", "side"]);
    assert_log_matches_walk(&dir, &paths);
    edit_notes(&dir, &hot, "Sau khi hợp nhất");
    assert_log_matches_walk(&dir, &paths);

    // Damaged index files are rebuilt.
    let good = fs::read(index_file(&dir)).unwrap();
    for bytes in [Vec::new(), good[..good.len() / 2].to_vec(), {
        let mut b = good.clone();
        let i = b.len() / 2;
        b[i] ^= 0x10;
        b
    }] {
        fs::write(index_file(&dir), &bytes).unwrap();
        assert_log_matches_walk(&dir, &paths);
        assert_eq!(fs::read(index_file(&dir)).unwrap(), good);
    }
}

#[test]
fn generated_files_read_the_same_through_the_fast_reader() {
    let sb = Sandbox::new();
    let (dir, _) = generate(&sb, "f", 80, 60);
    let cat = store::load(&dir).unwrap();
    assert!(cat.problems.is_empty());
    for p in &cat.procedures {
        let text = fs::read_to_string(dir.join(&p.path)).unwrap();
        let general: tthc::model::Procedure = serde_yaml::from_str(&text).unwrap();
        assert_eq!(general, p.record, "{}", p.path.display());
    }
    let text = fs::read_to_string(dir.join("catalog.yaml")).unwrap();
    let general: tthc::model::Manifest = serde_yaml::from_str(&text).unwrap();
    assert_eq!(general, cat.manifest);
}
