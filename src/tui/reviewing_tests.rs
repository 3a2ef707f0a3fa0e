//! The reviews tab through the real update loop: a form started, filled in and completed with
//! key strings, on the demo catalogue in a real temporary git repository.

use super::tests::Ui;
use super::view;
use tthc::history::Author;
use tthc::i18n::Lang;
use tthc::model::{ReviewPlan, ReviewScope};
use tthc::workspace::proposals::Recorder;
use tthc::workspace::reviews;

/// The keys that move the open form's cursor to `field`.
fn go(ui: &Ui, field: super::reviewing::Field) -> String {
    let form = ui.app.reviewing.form.as_ref().unwrap();
    let at = super::reviewing::fields(&form.review)
        .iter()
        .position(|f| *f == field)
        .unwrap();
    format!("g{}", "j".repeat(at))
}

fn reviews_ui() -> Ui {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    tthc::workspace::build_demo(&root).unwrap();
    let plan = ReviewPlan {
        year: 2022,
        wage_per_hour: 20_000,
        due: Some(jiff::civil::date(2022, 6, 30)),
        scope: ReviewScope {
            levels: vec!["xa".into()],
            codes: vec!["1.001193".into(), "1.000656".into()],
            ..ReviewScope::default()
        },
        ..ReviewPlan::default()
    };
    let rec = Recorder {
        today: jiff::civil::date(2022, 1, 5),
        lang: Lang::Vi,
        author: Some(Author {
            name: "Nguyễn Thị Lan".into(),
            email: "lan.tuphap@duytien.example".into(),
            time: 1_641_340_800,
            offset_minutes: 420,
        }),
    };
    reviews::save_plan(&root, plan, &rec).unwrap();
    Ui::on_day(root, dir, 120, 40, Lang::Vi, jiff::civil::date(2022, 7, 1))
}

#[test]
fn a_review_form_is_filled_and_completed_with_keys() {
    let mut ui = reviews_ui();
    ui.keys("5");
    let screen = ui.screen();
    assert!(screen.contains("Rà soát TTHC năm 2022"), "{screen}");
    assert!(
        screen.contains("2 TTHC hạn 30/06/2022 — 2 QUÁ HẠN"),
        "each person's due date and what is overdue:\n{screen}"
    );
    assert!(
        screen.contains("QUÁ HẠN"),
        "due 30/06, today 01/07:\n{screen}"
    );
    let start = ui.commits();
    // The plan's rows are in catalogue order: find 1.001193 and open it (starts the form).
    let rows = ui.app.reviewing.rows(&ui.app);
    let at = rows.iter().position(|r| r.code == "1.001193").unwrap();
    ui.keys(&"j".repeat(at)).keys("<enter>");
    assert_eq!(ui.commits(), start + 1, "starting the form is one commit");
    assert!(ui.screen().contains("Phiếu rà soát năm 2022 — 1.001193"));

    // Necessity: yes. Then from the last row up to legality: yes; the cases; the conclusion
    // (enter cycles: keep); its reasons; complete.
    use super::reviewing::Field;
    ui.keys("y");
    let keys = go(&ui, Field::LegalityOk);
    ui.keys(&keys).keys("y");
    let keys = go(&ui, Field::Cases);
    ui.keys(&keys).keys("<enter>1200<enter>");
    let keys = go(&ui, Field::Conclusion);
    ui.keys(&keys).keys("<enter>");
    ui.keys("j<enter>Cần thiết, hồ sơ tối giản<enter>");
    let screen = ui.screen();
    assert!(screen.contains("chưa lưu"), "{screen}");
    assert!(screen.contains("giữ nguyên"), "{screen}");
    ui.keys("c");
    let screen = ui.screen();
    assert!(screen.contains("hoàn thành 01/07/2022"), "{screen}");
    assert_eq!(ui.commits(), start + 2, "completing is one commit");

    let all = reviews::load(&ui.app.root).unwrap();
    let form = &all.form(2022, "xa", "1.001193").unwrap().record;
    assert_eq!(form.necessity.ok, Some(true));
    assert_eq!(form.legality.ok, Some(true));
    assert_eq!(form.data.cases_per_year, Some(1200));
    assert_eq!(
        form.conclusion.reasons.as_deref(),
        Some("Cần thiết, hồ sơ tối giản")
    );
    assert_eq!(form.completed_on, Some(jiff::civil::date(2022, 7, 1)));
    let cat = tthc::workspace::open(&ui.app.root).unwrap();
    assert_eq!(
        cat.procedure("xa", "1.001193").unwrap().record.reviewed_on,
        Some(jiff::civil::date(2022, 7, 1)),
        "only the completed form set reviewed_on"
    );

    // A keep proposes nothing; the reason is shown, nothing committed.
    ui.keys("p");
    assert_eq!(ui.commits(), start + 2);
    // Esc closes the saved form; the row now says done.
    ui.keys("<esc>");
    assert!(ui.screen().contains("xong 01/07/2022"));
}

#[test]
fn the_help_lists_the_review_keys() {
    let mut ui = reviews_ui();
    ui.keys("5?");
    let help = view::help_lines(&ui.app)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(help.contains("Phiếu rà soát"), "{help}");
    assert!(help.contains("Hoàn thành phiếu"), "{help}");
}

#[test]
fn typing_in_a_review_form_survives_a_crash_and_is_offered_back() {
    let mut ui = reviews_ui();
    ui.keys("5");
    let rows = ui.app.reviewing.rows(&ui.app);
    let at = rows.iter().position(|r| r.code == "1.001193").unwrap();
    ui.keys(&"j".repeat(at)).keys("<enter>");
    let start = ui.commits();
    // Necessity: yes; then the reason typed, the box still open when the process dies.
    ui.keys("y<enter>Cần để cấp giấy khai sinh");
    super::editing::journal_tick(&mut ui.app);
    let journal = tthc::workspace::journal::list(&ui.app.root).unwrap();
    assert_eq!(journal.len(), 1, "{journal:?}");
    assert_eq!(journal[0].purpose.as_deref(), Some("review"));

    let mut ui = ui.restart();
    let screen = ui.screen();
    assert!(screen.contains("Khôi phục"), "{screen}");
    assert!(screen.contains("phiếu rà soát năm 2022"), "{screen}");
    ui.keys("r");
    let screen = ui.screen();
    assert!(
        screen.contains("Phiếu rà soát năm 2022 — 1.001193"),
        "{screen}"
    );
    assert!(screen.contains("Cần để cấp giấy khai sinh"), "{screen}");
    assert!(screen.contains("chưa lưu"), "{screen}");
    assert_eq!(ui.commits(), start, "nothing was saved by the crash");

    // Saved (on the worker): one commit, and the journal entry is gone.
    ui.keys("<ctrl-s>");
    assert_eq!(ui.commits(), start + 1);
    assert!(ui.screen().contains("Phiếu rà soát năm 2022 — 1.001193"));
    assert!(
        tthc::workspace::journal::list(&ui.app.root)
            .unwrap()
            .is_empty()
    );
    let all = reviews::load(&ui.app.root).unwrap();
    let form = &all.form(2022, "xa", "1.001193").unwrap().record;
    assert_eq!(form.necessity.ok, Some(true));
    assert_eq!(
        form.necessity.note.as_deref(),
        Some("Cần để cấp giấy khai sinh")
    );

    // Opening a form with an entry in the journal offers it back too; Esc twice drops it.
    ui.keys("<esc>");
    ui.keys(&format!("{}<enter>", "")).keys("j<enter> nữa");
    super::editing::journal_tick(&mut ui.app);
    ui.keys("<esc>");
    assert!(ui.app.reviewing.form.as_ref().is_some_and(|f| f.dirty));
    let dirty_saved = tthc::workspace::journal::list(&ui.app.root).unwrap();
    assert_eq!(dirty_saved.len(), 1);
    ui.keys("<esc><esc>");
    assert!(ui.app.reviewing.form.is_none());
    assert!(
        tthc::workspace::journal::list(&ui.app.root)
            .unwrap()
            .is_empty(),
        "dropped edits leave no journal entry"
    );
}

/// The form's file as another person (or the CLI) saves it meanwhile: one commit.
fn change_elsewhere(ui: &Ui, change: impl FnOnce(&mut tthc::model::Review)) {
    let rel = reviews::form_path(2022, "xa", "1.001193");
    let path = ui.app.root.join(&rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut r: tthc::model::Review = tthc::store::parse_text(&rel, &text).unwrap();
    change(&mut r);
    std::fs::write(&path, tthc::store::canonical_text(&rel, &r).unwrap()).unwrap();
    ui.git(&["commit", "-qam", "elsewhere"]);
}

#[test]
fn a_save_over_a_change_made_elsewhere_merges_it_and_names_the_overlaps() {
    let mut ui = reviews_ui();
    ui.keys("5");
    let rows = ui.app.reviewing.rows(&ui.app);
    let at = rows.iter().position(|r| r.code == "1.001193").unwrap();
    ui.keys(&"j".repeat(at)).keys("<enter>y");
    // Meanwhile someone enters the year's cases: not where this edit is.
    change_elsewhere(&ui, |r| r.data.cases_per_year = Some(777));
    let start = ui.commits();
    ui.keys("<ctrl-s>");
    assert_eq!(ui.commits(), start, "nothing overwritten unseen");
    let screen = ui.screen();
    assert!(screen.contains("đã gộp với phần sửa của bạn"), "{screen}");
    let form = ui.app.reviewing.form.as_ref().unwrap();
    assert!(form.dirty);
    assert_eq!(form.review.necessity.ok, Some(true), "mine kept");
    assert_eq!(form.review.data.cases_per_year, Some(777), "theirs taken");
    ui.keys("<ctrl-s>");
    assert_eq!(ui.commits(), start + 1);
    let all = reviews::load(&ui.app.root).unwrap();
    let saved = &all.form(2022, "xa", "1.001193").unwrap().record;
    assert_eq!(saved.necessity.ok, Some(true));
    assert_eq!(saved.data.cases_per_year, Some(777));

    // Both write the reason differently: named, mine kept there, the rest merged.
    let keys = go(&ui, super::reviewing::Field::NecessityNote);
    ui.keys(&keys).keys("<enter>Theo phiếu của tôi<enter>");
    let keys = go(&ui, super::reviewing::Field::LegalityOk);
    ui.keys(&keys).keys("y");
    change_elsewhere(&ui, |r| {
        r.necessity.note = Some("Cần, theo Luật Hộ tịch".into());
        r.data.on_time = Some(700);
    });
    let start = ui.commits();
    ui.keys("<ctrl-s>");
    assert_eq!(ui.commits(), start);
    let (status, _) = ui.app.status.clone().unwrap();
    assert!(status.contains("trùng chỗ"), "{status}");
    assert!(status.contains("sự cần thiết (necessity.note)"), "{status}");
    let form = &ui.app.reviewing.form.as_ref().unwrap().review;
    assert_eq!(form.necessity.note.as_deref(), Some("Theo phiếu của tôi"));
    assert_eq!(form.data.on_time, Some(700));
    assert_eq!(form.legality.ok, Some(true));
    // Saved as it stands when asked.
    ui.keys("<ctrl-s>");
    assert_eq!(ui.commits(), start + 1);
}

#[test]
fn a_replace_conclusion_asks_for_the_replacing_procedure_and_dates_are_checked() {
    let mut ui = reviews_ui();
    ui.keys("5");
    let rows = ui.app.reviewing.rows(&ui.app);
    let at = rows.iter().position(|r| r.code == "1.001193").unwrap();
    ui.keys(&"j".repeat(at)).keys("<enter>");
    // The conclusion: enter cycles keep → … → replace.
    let keys = go(&ui, super::reviewing::Field::Conclusion);
    ui.keys(&keys).keys("<enter><enter><enter><enter>");
    assert!(ui.screen().contains("thay thế"));
    ui.keys("jj");
    let screen = ui.screen();
    assert!(screen.contains("Thay bằng thủ tục (mã)"), "{screen}");
    ui.keys("<enter>1.000656<enter>");
    ui.keys("G<enter>31/13/2026<enter>");
    assert!(
        ui.screen().contains("Ô này cần một ngày"),
        "{}",
        ui.screen()
    );
    ui.keys("<ctrl-a><ctrl-k>31/12/2026<enter>");
    let form = ui.app.reviewing.form.as_ref().unwrap();
    assert_eq!(
        form.review.conclusion.replaced_by.as_deref(),
        Some("1.000656")
    );
    assert_eq!(
        form.review.recommendation.by,
        Some(jiff::civil::date(2026, 12, 31))
    );
    assert!(ui.screen().contains("31/12/2026"));
}

#[test]
fn the_compliance_cost_is_entered_in_the_form() {
    use super::reviewing::Field;
    let mut ui = reviews_ui();
    ui.keys("5");
    let rows = ui.app.reviewing.rows(&ui.app);
    let at = rows.iter().position(|r| r.code == "1.001193").unwrap();
    ui.keys(&"j".repeat(at)).keys("<enter>");
    // Before: two activities (one in hours), 50.000 đ of other costs; W is 20.000 đ an hour.
    let keys = go(&ui, Field::AddActivity(false));
    ui.keys(&keys)
        .keys("<enter>Chuẩn bị hồ sơ; 90<enter>")
        .keys("<enter>Đi lại, chờ đợi; 1,5 giờ<enter>")
        .keys("<enter>Chờ; mãi<enter>");
    assert!(ui.screen().contains("Ghi tên hoạt động; số phút"));
    ui.keys("<esc>");
    assert!(ui.screen().contains("đã bỏ phần vừa gõ"));
    let keys = go(&ui, Field::OtherCosts(false));
    ui.keys(&keys).keys("<enter>50.000<enter>");
    // After: started from before, one activity dropped (emptied), the other costs halved.
    let keys = go(&ui, Field::StartAfter);
    ui.keys(&keys).keys("<enter>");
    let keys = go(&ui, Field::Activity(true, 1));
    ui.keys(&keys).keys("<enter><ctrl-a><ctrl-k><enter>");
    let keys = go(&ui, Field::OtherCosts(true));
    ui.keys(&keys)
        .keys("<enter><ctrl-a><ctrl-k>25.000 đ<enter>");
    let form = &ui.app.reviewing.form.as_ref().unwrap().review;
    assert_eq!(form.cost.before.minutes(), 180);
    assert_eq!(form.cost.after.as_ref().unwrap().minutes(), 90);
    // Before: 3 h × 20.000 + 50.000 (+ the 8.000 đ fee the form starts from) = 118.000 đ;
    // after: 1,5 h × 20.000 + 25.000 + 8.000 = 63.000 đ; one case a year (none entered).
    let screen = ui.screen();
    assert!(
        screen.contains("118.000 đ → 63.000 đ · tiết kiệm 55.000 đ (46,6 %)"),
        "{screen}"
    );
    let start = ui.commits();
    ui.keys("<ctrl-s>");
    assert_eq!(ui.commits(), start + 1);
    let all = reviews::load(&ui.app.root).unwrap();
    let saved = &all.form(2022, "xa", "1.001193").unwrap().record;
    assert_eq!(saved.cost.before.other_costs, 50_000);
    assert_eq!(saved.cost.after.as_ref().unwrap().other_costs, 25_000);
    assert_eq!(saved.cost.before.activities[1].name, "Đi lại, chờ đợi");
}
