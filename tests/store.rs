//! The store over the whole sample: round trips and canonical form.

mod common;

use std::fs;
use tthc::model::Procedure;
use tthc::words::Message;
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
        assert!(
            d.message(Lang::En).contains("anchors and aliases"),
            "{body}"
        );
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
        let record =
            store::parse_text::<Procedure>(rel, &text).unwrap_or_else(|e| panic!("{body}: {e:?}"));
        assert!(record.notes.unwrap().contains('&'), "{body}");
    }
}

#[test]
fn a_byte_order_mark_is_read_past_warned_about_and_not_written_back() {
    use tthc::diagnostic::{Problem, Severity};
    let dir = tempfile::tempdir().unwrap();
    common::write_sample(dir.path());
    let rel = "procedures/xa/1.001193.yaml";
    let path = dir.path().join(rel);
    let original = fs::read_to_string(&path).unwrap();
    let before = store::load(dir.path()).unwrap();
    // As Windows Notepad saves "UTF-8 with BOM"; and with a comment, so the general parser reads it.
    for (i, text) in [
        format!("\u{feff}{original}"),
        format!("\u{feff}# ghi chú\n{original}"),
    ]
    .into_iter()
    .enumerate()
    {
        fs::write(&path, &text).unwrap();
        let cat = store::load(dir.path()).unwrap();
        assert_eq!(cat.procedures, before.procedures, "the same records");
        let warnings: Vec<_> = cat
            .problems
            .iter()
            .filter(|d| d.problem == Problem::ByteOrderMark)
            .collect();
        assert_eq!(warnings.len(), 1, "{:?}", cat.problems);
        assert_eq!(warnings[0].severity, Severity::Warning);
        assert_eq!((warnings[0].line, warnings[0].column), (1, 1));
        assert!(
            !cat.problems.iter().any(|d| d.is_error()),
            "{:?}",
            cat.problems
        );
        // A warning about a comment on the next line is placed on that line.
        if i == 1 {
            let comment = cat.problems.iter().find(|d| d.problem == Problem::Comment);
            assert_eq!(comment.map(|d| (d.line, d.column)), Some((1, 1)));
        }
        let parsed: Procedure = store::parse_text(std::path::Path::new(rel), &text).unwrap();
        assert_eq!(
            parsed,
            before
                .procedures
                .iter()
                .find(|p| p.path.ends_with("1.001193.yaml"))
                .unwrap()
                .record
        );
        // `fmt` writes the file without it.
        let report = workspace::format(&cat, false).unwrap();
        assert_eq!(report.changed, [std::path::PathBuf::from(rel)]);
        assert_eq!(fs::read_to_string(&path).unwrap(), original);
    }
}

#[cfg(target_os = "linux")]
fn mkfifo(path: &std::path::Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from(0o644),
        0,
    )
    .unwrap();
}

/// Runs `f` on a thread and fails if it has not finished in ten seconds (a read of a pipe waits
/// for a writer forever).
fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()).unwrap());
    rx.recv_timeout(std::time::Duration::from_secs(10))
        .expect("still waiting after 10 s: a pipe was opened for reading")
}

#[cfg(target_os = "linux")]
#[test]
fn pipes_and_other_special_files_are_reported_never_opened() {
    use std::os::unix::fs::symlink;
    use tthc::diagnostic::Problem;
    let dir = tempfile::tempdir().unwrap();
    common::write_sample(dir.path());
    let root = dir.path().to_path_buf();
    let before = store::load(&root).map(|c| c.procedures.len());
    mkfifo(&root.join("procedures/xa/1.999999.yaml"));
    fs::create_dir_all(root.join("proposals/2022")).unwrap();
    fs::create_dir_all(root.join("publications")).unwrap();
    mkfifo(&root.join("proposals/2022/2022-099.yaml"));
    mkfifo(&root.join("publications/2022-12-31-9.yaml"));
    // A link to a pipe, and a link to a folder, where a record belongs.
    mkfifo(&root.join("elsewhere.fifo"));
    symlink(
        root.join("elsewhere.fifo"),
        root.join("procedures/xa/1.999998.yaml"),
    )
    .unwrap();
    symlink(
        root.join("procedures"),
        root.join("procedures/xa/1.999997.yaml"),
    )
    .unwrap();

    let (cat, diags) = within_seconds(move || {
        let cat = store::load(&root).unwrap();
        let diags = validate::validate_catalog(&cat);
        (cat, diags)
    });
    let special: Vec<String> = diags
        .iter()
        .filter(|d| d.problem == Problem::NotARegularFile)
        .map(|d| {
            assert!(d.is_error());
            assert_eq!((d.line, d.column), (1, 1));
            d.file.display().to_string()
        })
        .collect();
    assert_eq!(
        special,
        [
            "procedures/xa/1.999997.yaml",
            "procedures/xa/1.999998.yaml",
            "procedures/xa/1.999999.yaml",
            "proposals/2022/2022-099.yaml",
            "publications/2022-12-31-9.yaml",
        ]
    );
    assert!(
        cat.unparsed
            .contains(std::path::Path::new("procedures/xa/1.999999.yaml")),
        "never written to"
    );
    // The readable records are all there.
    assert_eq!(Some(cat.procedures.len()), before.ok());
    assert!(cat.procedures.len() >= 40);
    // The message says what it is, in both languages.
    let d = diags
        .iter()
        .find(|d| d.problem == Problem::NotARegularFile)
        .unwrap();
    assert!(
        d.message(tthc::i18n::Lang::Vi)
            .contains("không phải tệp thông thường")
    );
    assert!(
        d.message(tthc::i18n::Lang::En)
            .contains("not a regular file")
    );
    // `fmt` skips it too.
    let report = within_seconds(move || workspace::format(&cat, true).unwrap());
    assert!(report.changed.is_empty());
}

#[test]
fn invisible_characters_behind_a_syntax_error_are_named_where_they_stand() {
    use tthc::diagnostic::Problem;
    let rel = std::path::Path::new("procedures/xa/1.001193.yaml");
    // (the rest of the file, the problems expected in order with their positions)
    type Expected = Vec<(Problem, usize, usize)>;
    let cases: [(&str, Expected); 4] = [
        (
            "notes: a\u{1}b\n",
            vec![(Problem::ControlCharacter { codepoint: 1 }, 5, 9)],
        ),
        (
            "steps:\n- 'x'\nnotes: \u{fffe}\n",
            vec![(Problem::ControlCharacter { codepoint: 0xfffe }, 7, 8)],
        ),
        // YAML ends the line at U+2028: its own line numbers are past what an editor shows.
        (
            "notes: Đoạn một\u{2028}Đoạn hai\nsubjects: [a]\n",
            vec![
                (Problem::ControlCharacter { codepoint: 0x2028 }, 5, 16),
                (
                    Problem::Syntax {
                        detail: String::new(),
                    },
                    6,
                    1,
                ),
            ],
        ),
        // Quoted, it is text, and the file reads.
        ("notes: 'Đoạn một\u{2028}Đoạn hai'\n", vec![]),
    ];
    for (body, expected) in cases {
        let text = format!("{HEAD}{body}");
        let found: Expected = match store::parse_text::<Procedure>(rel, &text) {
            Ok(_) => Vec::new(),
            Err(found) => found
                .into_iter()
                .map(|d| {
                    let problem = match d.problem {
                        Problem::Syntax { .. } => Problem::Syntax {
                            detail: String::new(),
                        },
                        p => p,
                    };
                    (problem, d.line, d.column)
                })
                .collect(),
        };
        assert_eq!(found, expected, "{body:?}");
    }
}
