//! The decisions tab through the real update loop: a decision recorded on the demo catalogue,
//! its effects table and a row's redline, applied with confirmation in one commit (on the
//! worker, run inline here), and applying again refused with the reason.

use super::tests::Ui;
use super::view;
use tthc::history::Author;
use tthc::i18n::Lang;
use tthc::model::{Decision, Effect, EffectKind, LegalText, ProcedureStatus};
use tthc::workspace::decisions;
use tthc::workspace::proposals::Recorder;

fn recorder() -> Recorder {
    Recorder {
        today: jiff::civil::date(2022, 7, 25),
        lang: Lang::Vi,
        author: Some(Author {
            name: "Nguyễn Thị Lan".into(),
            email: "lan.tuphap@duytien.example".into(),
            time: 1_658_707_200,
            offset_minutes: 420,
        }),
    }
}

fn decisions_ui(width: u16, height: u16) -> Ui {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    tthc::workspace::build_demo(&root).unwrap();
    let cat = tthc::workspace::open(&root).unwrap();
    let mut amended = cat.procedure("xa", "1.004746").unwrap().record.clone();
    amended.processing_time.value = Some(3);
    let law = LegalText {
        number: "04/2022/TT-BTP".into(),
        date: Some(jiff::civil::date(2022, 6, 1)),
        effective: Some(jiff::civil::date(2022, 8, 1)),
        ..LegalText::default()
    };
    let d = Decision {
        number: "1600/QĐ-UBND".into(),
        date: Some(jiff::civil::date(2022, 7, 20)),
        title: Some("Công bố TTHC sửa đổi, bãi bỏ lĩnh vực hộ tịch".into()),
        issuer: Some("UBND tỉnh Hà Nam".into()),
        effects: vec![
            Effect {
                kind: EffectKind::Amended,
                level: "xa".into(),
                code: "1.004746".into(),
                legal_text: Some(law.clone()),
                record: Some(amended),
                ..Effect::default()
            },
            Effect {
                kind: EffectKind::Abolished,
                level: "xa".into(),
                code: "1.001193".into(),
                legal_text: Some(law.clone()),
                ..Effect::default()
            },
            Effect {
                kind: EffectKind::Abolished,
                level: "xa".into(),
                code: "9.999999".into(),
                name: Some("Thủ tục không có ở đây".into()),
                legal_text: Some(law),
                ..Effect::default()
            },
        ],
        ..Decision::default()
    };
    decisions::add(&root, d, &recorder()).unwrap();
    Ui::on_day(
        root,
        dir,
        width,
        height,
        Lang::Vi,
        jiff::civil::date(2022, 7, 25),
    )
}

#[test]
fn a_decision_is_seen_row_by_row_and_applied_with_confirmation() {
    let mut ui = decisions_ui(120, 40);
    ui.keys("6");
    let screen = ui.screen();
    assert!(screen.contains("1600/QĐ-UBND"), "{screen}");
    assert!(screen.contains("0/3"), "nothing applied yet:\n{screen}");

    ui.keys("<enter>");
    let screen = ui.screen();
    assert!(
        screen.contains("Quyết định 1600/QĐ-UBND ngày 20/07/2022"),
        "{screen}"
    );
    assert!(screen.contains("chưa áp dụng"), "{screen}");
    assert!(screen.contains("✗ không áp dụng"), "{screen}");
    // The first row's redline: the time cut from 5 to 3 days, effective with its legal text.
    assert!(screen.contains("[-5-]"), "{screen}");
    assert!(screen.contains("{+3+}"), "{screen}");
    assert!(screen.contains("hiệu lực 01/08/2022"), "{screen}");
    // The third row: why it cannot apply.
    ui.keys("jj");
    let screen = ui.screen();
    assert!(screen.contains("Không áp dụng được"), "{screen}");
    assert!(screen.contains("9.999999"), "{screen}");

    // a asks first; n (or Esc) leaves everything as it was.
    let start = ui.commits();
    ui.keys("a");
    let screen = ui.screen();
    assert!(
        screen.contains("Áp dụng 2 dòng của quyết định 1600/QĐ-UBND"),
        "{screen}"
    );
    assert!(
        screen.contains("1 dòng không áp dụng được sẽ để lại"),
        "{screen}"
    );
    ui.keys("n");
    assert_eq!(ui.commits(), start);
    assert!(ui.app.deciding.open.as_ref().is_some_and(|o| !o.confirm));

    // a, y: one commit; the rows now say applied, the one left says why.
    ui.keys("ay");
    assert_eq!(ui.commits(), start + 1, "applying is one commit");
    let screen = ui.screen();
    assert!(screen.contains("Đã lưu"), "{screen}");
    assert!(screen.contains("còn 1 dòng chưa áp dụng được"), "{screen}");
    assert!(screen.contains("✓ đã áp dụng"), "{screen}");
    ui.keys("g");
    assert!(
        ui.screen().contains("Đã áp dụng 25/07/2022 — "),
        "{}",
        ui.screen()
    );
    let cat = tthc::workspace::open(&ui.app.root).unwrap();
    let p = &cat.procedure("xa", "1.004746").unwrap().record;
    assert_eq!(p.processing_time.value, Some(3));
    assert_eq!(p.status, ProcedureStatus::Amended);
    let gone = &cat.procedure("xa", "1.001193").unwrap().record;
    assert_eq!(gone.status, ProcedureStatus::Abolished);
    assert_eq!(gone.effective_until, Some(jiff::civil::date(2022, 8, 1)));

    // Nothing is left that can apply: a says so, and nothing is committed.
    ui.keys("a");
    assert_eq!(ui.commits(), start + 1);
    let screen = ui.screen();
    assert!(screen.contains("Chưa dòng nào áp dụng được"), "{screen}");
    // Esc goes back to the list, which counts the rows applied.
    ui.keys("<esc>");
    assert!(ui.screen().contains("2/3"), "{}", ui.screen());
}

#[test]
fn the_decisions_tab_fits_80_columns_and_its_keys_are_in_the_help() {
    let mut ui = decisions_ui(80, 24);
    ui.keys("6<enter>");
    let screen = ui.screen();
    assert!(screen.contains("[6 Quyết định]"), "{screen}");
    assert!(screen.contains("1.004746"), "{screen}");
    assert!(screen.contains("[-5-]"), "{screen}");
    ui.keys("?");
    let help = view::help_lines(&ui.app)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(help.contains("Các dòng của một quyết định"), "{help}");
    assert!(help.contains("Áp dụng quyết định vào danh mục"), "{help}");
    assert!(help.contains("Hỏi trước khi áp dụng quyết định"), "{help}");
}

#[test]
fn the_redline_reads_without_colour_and_its_dates_are_in_the_ui_language() {
    let mut ui = decisions_ui(120, 40);
    // In colour too, a change is said with signs, not only red and green.
    ui.app.color = true;
    ui.keys("6<enter>");
    let screen = ui.screen();
    assert!(screen.contains("[-5-] → {+3+}"), "{screen}");
    // The decision's date, as the record it writes holds it, in dd/mm/yyyy.
    assert!(screen.contains("→ {+20/07/2022+}"), "{screen}");
    assert!(!screen.contains("2022-07-20"), "{screen}");
    // In English, ISO.
    ui.app.lang = Lang::En;
    let screen = ui.screen();
    assert!(screen.contains("→ {+2022-07-20+}"), "{screen}");
    assert!(
        screen.contains("[4 Post]") || screen.contains(" 4 Post "),
        "{screen}"
    );
}
