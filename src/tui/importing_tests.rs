//! Importing from the national portal through the TUI's real update loop (issue 18): the paths
//! typed, the preview the CLI prints, confirming (one commit) or going back (nothing written),
//! and the errors said in the dialog, which stays open. The fixtures are the import tests'
//! files in the portal's shapes.

#[path = "../../tests/common/portal.rs"]
mod portal;

use super::tests::Ui;
use portal::{detail_docx, list_row, portal_xlsx};
use std::path::PathBuf;
use tthc::i18n::Lang;
use tthc::model::Procedure;

/// The demo's birth registration with its name changed in the list, and a procedure the
/// catalogue does not hold (no detail file: incomplete); the detail file of the death
/// registration as the catalogue has it (unchanged).
fn fixtures(ui: &Ui, dir: &std::path::Path) -> (PathBuf, PathBuf) {
    let data = ui.app.data.clone().unwrap();
    let m = &data.cat.manifest;
    let get = |code: &str| -> Procedure { data.cat.procedure("xa", code).unwrap().record.clone() };
    let birth = get("1.001193");
    let death = get("1.000656");
    let mut renamed = list_row(&birth, &["xa"], m);
    renamed[1] = format!("{} cho trẻ em", birth.name);
    let fresh = Procedure {
        code: "1.009999".into(),
        name: "Đăng ký giám hộ thử nghiệm".into(),
        ..birth.clone()
    };
    let rows = [
        renamed,
        list_row(&death, &["xa"], m),
        list_row(&fresh, &["xa"], m),
    ];
    let list = dir.join("ds.xlsx");
    std::fs::write(&list, portal_xlsx(&rows)).unwrap();
    let detail = dir.join("1.000656.docx");
    std::fs::write(&detail, detail_docx(&death, m)).unwrap();
    (list, detail)
}

#[test]
fn an_import_is_previewed_then_written_as_one_commit() {
    let mut ui = Ui::new(100, 30, Lang::Vi);
    let files = tempfile::tempdir().unwrap();
    let (list, detail) = fixtures(&ui, files.path());
    let start = ui.commits();
    ui.keys("i");
    let screen = ui.screen();
    assert!(screen.contains("Nhập từ Cổng DVC quốc gia"), "{screen}");

    // A path that does not exist: said in the dialog, which stays open to fix it.
    ui.keys(&format!("{}/khong-co.xlsx<enter>", files.path().display()));
    let screen = ui.screen();
    assert!(ui.app.importing().is_some());
    assert!(screen.contains("✗"), "{screen}");
    assert!(screen.contains("khong-co.xlsx"), "{screen}");

    // Fixed: the list and a detail file, the preview; nothing written yet.
    ui.keys("<ctrl-a><ctrl-k>");
    ui.keys(&format!("{} {}<enter>", list.display(), detail.display()));
    let screen = ui.screen();
    assert!(screen.contains("xem trước"), "{screen}");
    assert!(screen.contains("+ xa/1.009999"), "{screen}");
    assert!(screen.contains("chưa đầy đủ"), "{screen}");
    assert!(screen.contains("≠ xa/1.001193"), "{screen}");
    // The detail file says what the catalogue says: unchanged, though the portal's files do
    // not carry every part of the record (notes, sets, dates of effect are kept).
    assert!(screen.contains("= xa/1.000656"), "{screen}");
    assert!(screen.contains("{+ cho trẻ em+}"), "the redline:\n{screen}");
    assert!(
        screen.contains("Tổng: 1 mới (1 chưa đầy đủ), 0 cập nhật, 1 khác danh mục, 1 không đổi"),
        "{screen}"
    );
    assert_eq!(ui.commits(), start, "a preview writes nothing");

    // Back: nothing written; the paths are kept, Enter reads them again.
    ui.keys("<esc>");
    assert_eq!(ui.commits(), start);
    assert!(ui.screen().contains("Các tệp"));
    ui.keys("<enter>");
    assert!(ui.screen().contains("+ xa/1.009999"));

    // Confirm: one commit, naming the files; the differing record is not overwritten.
    ui.keys("<enter>");
    assert_eq!(ui.commits(), start + 1, "the import is one commit");
    assert!(ui.app.importing().is_none());
    let screen = ui.screen();
    assert!(screen.contains("Đã lưu"), "{screen}");
    let message = ui.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.contains("ds.xlsx") && message.contains("1.000656.docx"),
        "{message}"
    );
    let data = ui.app.data.clone().unwrap();
    let fresh = &data.cat.procedure("xa", "1.009999").unwrap().record;
    assert!(fresh.incomplete);
    let birth = &data.cat.procedure("xa", "1.001193").unwrap().record;
    assert!(!birth.name.contains("cho trẻ em"));
}

#[test]
fn update_overwrites_what_differs_and_a_second_import_changes_nothing() {
    let mut ui = Ui::new(80, 24, Lang::Vi);
    let files = tempfile::tempdir().unwrap();
    let (list, _) = fixtures(&ui, files.path());
    let start = ui.commits();
    ui.keys("i")
        .keys(&format!("{}<enter>", list.display()))
        .keys("u");
    let screen = ui.screen();
    assert!(screen.contains("~ xa/1.001193"), "{screen}");
    assert!(screen.contains("ghi đè (u)"), "{screen}");
    insta::assert_snapshot!("import_preview_80x24", screen);
    ui.keys("y");
    assert_eq!(ui.commits(), start + 1);
    let data = ui.app.data.clone().unwrap();
    assert!(
        data.cat
            .procedure("xa", "1.001193")
            .unwrap()
            .record
            .name
            .ends_with("cho trẻ em")
    );
    // The same file again: nothing to change, nothing written.
    ui.keys("i")
        .keys(&format!("{}<enter>", list.display()))
        .keys("u");
    let screen = ui.screen();
    assert!(screen.contains("Không có gì thay đổi"), "{screen}");
    ui.keys("<enter>");
    assert!(ui.app.importing().is_none());
    assert_eq!(ui.commits(), start + 1);
}

#[test]
fn a_file_that_is_not_an_export_is_refused_in_english_too() {
    let mut ui = Ui::new(80, 24, Lang::En);
    let files = tempfile::tempdir().unwrap();
    let bad = files.path().join("ds.xlsx");
    std::fs::write(&bad, "Mã TTHC;Tên TTHC\n1.001193;Đăng ký khai sinh\n").unwrap();
    let start = ui.commits();
    ui.keys("i").keys(&format!("{}<enter>", bad.display()));
    let screen = ui.screen();
    assert!(ui.app.importing().is_some(), "the dialog stays open");
    assert!(screen.contains("✗"), "{screen}");
    assert!(screen.contains("ds.xlsx"), "{screen}");
    ui.keys("<esc>");
    assert!(ui.app.importing().is_none());
    assert_eq!(ui.commits(), start);
}

#[test]
fn paths_are_split_as_file_managers_paste_them() {
    use super::importing::split_paths;
    assert_eq!(
        split_paths("/a/ds.xlsx '/b/c d.docx'\n/e/f\\ g.docx \"/h i.docx\""),
        [
            PathBuf::from("/a/ds.xlsx"),
            PathBuf::from("/b/c d.docx"),
            PathBuf::from("/e/f g.docx"),
            PathBuf::from("/h i.docx"),
        ]
    );
    assert_eq!(
        split_paths("file:///a/ds.xlsx"),
        [PathBuf::from("/a/ds.xlsx")]
    );
    assert!(split_paths("  \n ").is_empty());
}

#[test]
fn a_hostile_or_scanned_file_is_named_and_the_path_can_be_fixed() {
    let mut ui = Ui::new(100, 30, Lang::Vi);
    let files = tempfile::tempdir().unwrap();
    let (list, _) = fixtures(&ui, files.path());
    // A scan saved as PDF, given as a detail file.
    let scan = files.path().join("1.001193.docx");
    std::fs::write(&scan, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n").unwrap();
    let start = ui.commits();
    ui.keys("i")
        .keys(&format!("{} {}<enter>", list.display(), scan.display()));
    let screen = ui.screen();
    assert!(ui.app.importing().is_some());
    assert!(screen.contains("PDF"), "{screen}");
    assert!(screen.contains("1.001193.docx"), "{screen}");
    // Fixed by removing the scan: the preview comes, nothing was written meanwhile.
    ui.keys(
        "<backspace>"
            .repeat(scan.display().to_string().len() + 1)
            .as_str(),
    )
    .keys("<enter>");
    assert!(ui.screen().contains("+ xa/1.009999"), "{}", ui.screen());
    assert_eq!(ui.commits(), start);
}
