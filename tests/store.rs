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

const HEAD: &str = "code: '1.001193'\nname: Đăng ký khai sinh\nlevel: xa\nfield: ho-tich\n";

#[test]
fn anchors_and_aliases_are_refused_where_they_stand() {
    use tthc::diagnostic::Problem;
    use tthc::i18n::Lang;
    let rel = std::path::Path::new("procedures/xa/1.001193.yaml");
    // (the rest of the file, line and column of the anchor or alias)
    for (body, line, column) in [
        ("steps:\n- &b Bước 1\n- *b\n", 6, 3),
        ("steps:\n- &b Bước 1\n- Bước 2\n", 6, 3),
        ("notes: &n ghi chú\n", 5, 8),
        ("agencies: &a\n  implementing: [ubnd-xa]\n", 5, 11),
        ("agencies:\n  implementing: [&x ubnd-xa]\n", 6, 18),
        ("notes: !!str &n x\n", 5, 14),
        ("&k notes: x\n", 5, 1),
        ("# ghi chú\nsteps: [a]\nsubjects: *s\n", 7, 11),
    ] {
        let text = format!("{HEAD}{body}");
        let found = store::parse_text::<Procedure>(rel, &text).expect_err(body);
        let d = found
            .iter()
            .find(|d| d.problem == Problem::AliasesNotAllowed)
            .unwrap_or_else(|| panic!("{body}: {found:?}"));
        assert_eq!((d.line, d.column), (line, column), "{body}");
        assert!(d.message(Lang::Vi).contains("anchor/alias"), "{body}");
        assert!(d.message(Lang::En).contains("anchors and aliases"), "{body}");
    }
    // An ampersand or an asterisk inside text is text.
    for body in [
        "notes: Tom & Jerry &co *x\n",
        "notes: 'a &b'\n",
        "notes: \"&b *c\"\n",
        "notes: a\n  &b\n",
        "notes: |\n  &x\n  *y\n",
        "# &x\nnotes: a&b\n",
    ] {
        let text = format!("{HEAD}{body}");
        let record = store::parse_text::<Procedure>(rel, &text)
            .unwrap_or_else(|e| panic!("{body}: {e:?}"));
        assert!(record.notes.unwrap().contains('&'), "{body}");
    }
}
