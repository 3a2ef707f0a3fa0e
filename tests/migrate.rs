//! `tthc fmt --migrate` (issue 16): a first-release catalogue is brought to the 2026 record's
//! format in one commit, nothing lost, `fmt --check` clean after; never half, never silent.

mod common;

use common::{Sandbox, stderr, stdout};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tthc::model::{Manifest, Procedure, ProcedureRef};
use tthc::store;

/// Every record of the catalogue at `root`, by file, as JSON values (field by field).
fn records(root: &Path) -> (Manifest, BTreeMap<PathBuf, Procedure>, Vec<PathBuf>) {
    let cat = store::load(root).unwrap();
    assert!(cat.unparsed.is_empty(), "{:?}", cat.unparsed);
    let procedures = cat
        .procedures
        .into_iter()
        .map(|s| (s.path, s.record))
        .collect();
    let mut others: Vec<PathBuf> = cat.proposals.into_iter().map(|s| s.path).collect();
    others.extend(cat.publications.into_iter().map(|s| s.path));
    others.extend(cat.decisions.into_iter().map(|s| s.path));
    (cat.manifest, procedures, others)
}

/// The fields of two records that differ, as `key: before → after`.
fn differences(before: &Procedure, after: &Procedure) -> Vec<String> {
    let (a, b) = (
        serde_json::to_value(before).unwrap(),
        serde_json::to_value(after).unwrap(),
    );
    let (a, b) = (a.as_object().unwrap(), b.as_object().unwrap());
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| format!("{k}: {:?} → {:?}", a.get(k), b.get(k)))
        .collect()
}

#[test]
fn the_demo_at_its_first_commit_migrates_in_one_commit_and_loses_nothing() {
    let sb = Sandbox::new();
    let demo = sb.path().join("demo");
    tthc::workspace::build_demo(&demo).unwrap();
    // The demo's history starts in the first release's format and is migrated later, as a
    // real office's would be.
    let first = sb.git(&demo, &["rev-list", "--max-parents=0", "HEAD"]);
    let old = sb.path().join("old");
    sb.git(
        sb.path(),
        &["clone", "-q", demo.to_str().unwrap(), old.to_str().unwrap()],
    );
    sb.git(&old, &["reset", "-q", "--hard", first.trim()]);
    assert!(
        fs::read_to_string(old.join("catalog.yaml"))
            .unwrap()
            .starts_with("schema: 1\n")
    );
    let (manifest_before, before, others_before) = records(&old);
    assert!(!before.is_empty());
    let commits = sb.commits(&old);

    // A dry run lists what would change and writes nothing.
    let out = sb
        .tthc(&old)
        .args(["fmt", "--migrate", "--check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("catalog.yaml"), "{}", stdout(&out));
    assert_eq!(sb.commits(&old), commits);
    assert_eq!(sb.git(&old, &["status", "--porcelain"]), "");

    let out = sb.tthc(&old).args(["fmt", "--migrate"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 → 2"), "{}", stdout(&out));
    // One commit, nothing left over, the repository sound.
    assert_eq!(sb.commits(&old), commits + 1);
    assert_eq!(sb.git(&old, &["status", "--porcelain"]), "");
    sb.fsck(&old);
    let message = sb.git(&old, &["log", "-1", "--format=%s"]);
    assert!(message.contains("tthc fmt --migrate"), "{message}");
    // Canonical after, and the catalogue now says its version.
    sb.tthc(&old).args(["fmt", "--check"]).assert().success();
    let out = sb.tthc(&old).args(["validate"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("schema"), "{}", stdout(&out));

    // Nothing lost: every record, field by field, is what it was (relations with their level
    // written out), and nothing else moved.
    let (manifest_after, after, others_after) = records(&old);
    assert_eq!(manifest_after.schema, 2);
    assert_eq!(
        Manifest {
            schema: manifest_before.schema,
            ..manifest_after
        },
        manifest_before
    );
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (path, p) in &before {
        let expected = p.clone().with_explicit_levels();
        let diff = differences(&expected, &after[path]);
        assert!(diff.is_empty(), "{}: {diff:#?}", path.display());
    }
    assert_eq!(others_before, others_after);

    // Migrating again changes nothing and says so.
    let out = sb.tthc(&old).args(["fmt", "--migrate"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(sb.commits(&old), commits + 1);
}

const MANIFEST_V1: &str = "schema: 1
authority:
  name: UBND xã Mẫu
levels:
- id: xa
  name: Cấp xã
- id: huyen
  name: Cấp huyện
fields:
- id: ho-tich
  name: Hộ tịch
agencies:
- id: ubnd-xa
  name: UBND xã
policy:
  four_eyes: true
  review_interval_months: 12
publication: {}
";

fn procedure(code: &str, relations: &str) -> String {
    format!(
        "code: '{code}'
name: Đăng ký khai sinh
level: xa
field: ho-tich
steps:
- 'Bước 1: Nộp hồ sơ.'
channels:
- kind: in_person
dossier:
- documents:
  - name: Tờ khai
    originals: 1
    copies: 0
processing_time:
  unit: same_day
subjects:
- Cá nhân
agencies:
  implementing:
  - ubnd-xa
online_service:
  mode: none
postal:
  receive: false
  return: false
status: published
{relations}"
    )
}

/// A version-1 catalogue under git: bare codes in relations of a procedure.
fn v1_catalogue(sb: &Sandbox) -> PathBuf {
    let root = sb.path().join("v1");
    fs::create_dir_all(root.join("procedures/xa")).unwrap();
    fs::write(root.join("catalog.yaml"), MANIFEST_V1).unwrap();
    fs::write(
        root.join("procedures/xa/1.000001.yaml"),
        procedure("1.000001", "replaced_by:\n- '1.000002'\n"),
    )
    .unwrap();
    fs::write(
        root.join("procedures/xa/1.000002.yaml"),
        procedure("1.000002", "replaces:\n- '1.000001'\n- 2.000940\n"),
    )
    .unwrap();
    sb.git(&root, &["init", "-q"]);
    sb.git(&root, &["add", "."]);
    sb.git(&root, &["commit", "-q", "-m", "first release"]);
    root
}

#[test]
fn bare_codes_get_their_level_and_a_file_that_does_not_parse_stops_everything() {
    let sb = Sandbox::new();
    let root = v1_catalogue(&sb);
    // A broken file: nothing is migrated (a half-migrated catalogue is never left behind).
    fs::write(
        root.join("procedures/xa/1.000003.yaml"),
        "code: [unclosed\n",
    )
    .unwrap();
    sb.git(&root, &["add", "."]);
    sb.git(&root, &["commit", "-q", "-m", "a broken file"]);
    let commits = sb.commits(&root);
    let out = sb.tthc(&root).args(["fmt", "--migrate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("1.000003.yaml"), "{}", stderr(&out));
    assert_eq!(sb.commits(&root), commits);
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");

    fs::remove_file(root.join("procedures/xa/1.000003.yaml")).unwrap();
    sb.git(&root, &["commit", "-q", "-am", "fixed"]);
    let out = sb.tthc(&root).args(["fmt", "--migrate"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let changed = sb.git(&root, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        changed.lines().collect::<Vec<_>>(),
        [
            "catalog.yaml",
            "procedures/xa/1.000001.yaml",
            "procedures/xa/1.000002.yaml"
        ]
    );
    let text = fs::read_to_string(root.join("procedures/xa/1.000002.yaml")).unwrap();
    assert!(
        text.ends_with(
            "replaces:\n- level: xa\n  code: '1.000001'\n- level: xa\n  code: '2.000940'\n"
        ),
        "{text}"
    );
    let cat = store::load(&root).unwrap();
    let p = &cat.procedure("xa", "1.000001").unwrap().record;
    assert_eq!(p.replaced_by, [ProcedureRef::new("xa", "1.000002")]);
    sb.tthc(&root).args(["fmt", "--check"]).assert().success();
}

/// The demo's repository reset to its first commit: a first-release (version 1) catalogue.
fn first_release_demo(sb: &Sandbox) -> PathBuf {
    let demo = sb.path().join("demo");
    tthc::workspace::build_demo(&demo).unwrap();
    let first = sb.git(&demo, &["rev-list", "--max-parents=0", "HEAD"]);
    let old = sb.path().join("old");
    sb.git(
        sb.path(),
        &["clone", "-q", demo.to_str().unwrap(), old.to_str().unwrap()],
    );
    sb.git(&old, &["reset", "-q", "--hard", first.trim()]);
    old
}

#[test]
fn the_first_write_to_a_first_release_catalogue_migrates_it_first_in_its_own_commit() {
    let sb = Sandbox::new();
    let old = first_release_demo(&sb);
    let commits = sb.commits(&old);
    let (_, before, _) = records(&old);
    let out = sb
        .tthc(&old)
        .args(["--lang", "en", "edit", "1.001612"])
        .env(
            "EDITOR",
            common::sed_editor("s/^name: \\(.*\\)$/name: \\1 tại cấp huyện/"),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // The user is told, and the history says it: the migration, then the edit.
    assert!(
        stdout(&out).contains("format version 1") && stdout(&out).contains("version 2"),
        "{}",
        stdout(&out)
    );
    assert_eq!(sb.commits(&old), commits + 2);
    let subjects = sb.git(&old, &["log", "-2", "--format=%s"]);
    let subjects: Vec<&str> = subjects.lines().collect();
    assert!(subjects[1].contains("tthc fmt --migrate"), "{subjects:?}");
    assert!(subjects[0].contains("1.001612"), "{subjects:?}");
    // The migration commit holds the manifest (and nothing of the edit).
    let migration = sb.git(&old, &["show", "--name-only", "--format=", "HEAD~1"]);
    assert_eq!(migration.trim(), "catalog.yaml");
    let edit = sb.git(&old, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(edit.trim(), "procedures/huyen/1.001612.yaml");
    assert_eq!(sb.git(&old, &["status", "--porcelain"]), "");
    sb.fsck(&old);
    sb.tthc(&old).args(["fmt", "--check"]).assert().success();
    let (manifest, after, _) = records(&old);
    assert_eq!(manifest.schema, 2);
    let edited = &after[Path::new("procedures/huyen/1.001612.yaml")];
    assert!(edited.name.ends_with("tại cấp huyện"), "{}", edited.name);
    // Nothing else moved.
    for (path, p) in &before {
        if path != Path::new("procedures/huyen/1.001612.yaml") {
            assert!(
                differences(p, &after[path]).is_empty(),
                "{}",
                path.display()
            );
        }
    }
    // The next write is a plain one commit.
    let out = sb
        .tthc(&old)
        .args(["--lang", "en", "edit", "1.001612"])
        .env("EDITOR", common::sed_editor("s/ tại cấp huyện$//"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("format version"), "{}", stdout(&out));
    assert_eq!(sb.commits(&old), commits + 3);
}

#[test]
fn a_first_write_that_cannot_migrate_refuses_and_points_at_fmt_migrate() {
    let sb = Sandbox::new();
    let root = v1_catalogue(&sb);
    fs::write(
        root.join("procedures/xa/1.000003.yaml"),
        "code: [unclosed\n",
    )
    .unwrap();
    sb.git(&root, &["add", "."]);
    sb.git(&root, &["commit", "-q", "-m", "a broken file"]);
    let commits = sb.commits(&root);
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "edit", "1.000001", "--level", "xa"])
        .env(
            "EDITOR",
            common::sed_editor("s/^name: .*$/name: Đăng ký khai tử/"),
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("tthc fmt --migrate"), "{err}");
    assert!(err.contains("1.000003.yaml"), "{err}");
    assert_eq!(sb.commits(&root), commits);
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
}
