//! The store over the whole sample: round trips and canonical form.

mod common;

use std::fs;
use tthc::model::Procedure;
use tthc::{store, validate, workspace};

#[test]
fn the_sample_is_clean_and_canonical() {
    let dir = tempfile::tempdir().unwrap();
    common::write_sample(dir.path());
    let cat = store::load(dir.path()).unwrap();
    let diags = validate::validate_catalog(&cat);
    assert!(
        diags.is_empty(),
        "{}",
        diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(cat.procedures.len() >= 40);
    assert!(
        store::non_canonical(&cat).unwrap().is_empty(),
        "the sample is stored in canonical form"
    );
    for p in &cat.procedures {
        let text = fs::read_to_string(dir.path().join(&p.path)).unwrap();
        assert!(unicode_normalization::is_nfc(&text), "{}", p.path.display());
    }
}

#[test]
fn round_trip_load_save_load_is_equal() {
    let dir = tempfile::tempdir().unwrap();
    common::write_sample(dir.path());
    let first = store::load(dir.path()).unwrap();
    for p in &first.procedures {
        store::write_record(&first, &p.path, &p.record).unwrap();
    }
    store::write_record(
        &first,
        std::path::Path::new("catalog.yaml"),
        &first.manifest,
    )
    .unwrap();
    let second = store::load(dir.path()).unwrap();
    assert_eq!(first.manifest, second.manifest);
    assert_eq!(first.procedures, second.procedures);
    // Canonical text parses back to the same record.
    for p in &second.procedures {
        let text = store::canonical_text(&p.path, &p.record).unwrap();
        let again: Procedure = store::parse_text(&p.path, &text).unwrap();
        assert_eq!(again, p.record);
    }
}

#[test]
fn format_is_idempotent_and_normalises() {
    let dir = tempfile::tempdir().unwrap();
    common::write_sample(dir.path());
    let rel = "procedures/xa/1.001193.yaml";
    let path = dir.path().join(rel);
    let original = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        original
            .replace("Đăng ký khai sinh", "Đa\u{306}ng ký khai sinh")
            .replace('\n', "\r\n"),
    )
    .unwrap();
    let cat = store::load(dir.path()).unwrap();
    let report = workspace::format(&cat, false).unwrap();
    assert_eq!(report.changed, [std::path::PathBuf::from(rel)]);
    assert_eq!(fs::read_to_string(&path).unwrap(), original);
    let cat = store::load(dir.path()).unwrap();
    assert!(workspace::format(&cat, false).unwrap().changed.is_empty());
}
