//! The review cycle (domain §7.2): the cost model on worked examples checked by hand, a plan
//! with due / overdue / done per person, forms saved one commit each (completion alone sets
//! `reviewed_on`, a stale save is refused), validate's warnings, a proposal drafted from a
//! finding, and the report read back (XLSX with calamine, DOCX as XML).

mod common;

use common::Sandbox;
use std::path::Path;
use tthc::history::Author;
use tthc::i18n::Lang;
use tthc::model::{
    Activity, Assignment, Component, ConclusionKind, CostSide, Date, PlanDecision, ProposalKind,
    Review, ReviewPlan, ReviewScope, rate_basis_points, time_cost,
};
use tthc::words::Message;
use tthc::workspace::proposals::Recorder;
use tthc::workspace::reviews::{self, Base, ReviewError, StartRequest};

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn rec(on: &str) -> Recorder {
    Recorder {
        today: day(on),
        lang: Lang::Vi,
        author: Some(Author {
            name: "Nguyễn Thị Lan".into(),
            email: "lan.tuphap@duytien.example".into(),
            time: 1_770_000_000,
            offset_minutes: 420,
        }),
    }
}

fn activity(name: &str, minutes: u32) -> Activity {
    Activity {
        name: name.into(),
        minutes,
    }
}

// ---------------------------------------------------------------------------------------------
// The cost model, on examples computed by hand.

/// W = 25.000 đ/giờ.
///
/// Before: 120 + 90 + 30 = 240 min = 4 h, so 100.000 đ; with 30.000 đ other costs and the
/// 8.000 đ fee, 138.000 đ a case. After: 60 + 15 = 75 min = 1,25 h, so 31.250 đ; with 5.000 đ
/// and 8.000 đ, 44.250 đ. At 1.200 cases a year: 165.600.000 đ before and 53.100.000 đ after,
/// saving 112.500.000 đ, and 112,5 ÷ 165,6 = 0,679347… is a rate of 67,93 %.
#[test]
fn the_cost_model_matches_a_worked_example() {
    let before = CostSide {
        activities: vec![
            activity("Chuẩn bị hồ sơ", 120),
            activity("Đi lại, nộp hồ sơ", 90),
            activity("Nhận kết quả", 30),
        ],
        paid_services: 0,
        other_costs: 30_000,
        fees: 8_000,
    };
    let after = CostSide {
        activities: vec![
            activity("Chuẩn bị hồ sơ", 60),
            activity("Nộp trực tuyến", 15),
        ],
        paid_services: 0,
        other_costs: 5_000,
        fees: 8_000,
    };
    assert_eq!(before.per_case(25_000), 138_000);
    assert_eq!(after.per_case(25_000), 44_250);

    let mut form = Review::default();
    form.cost.before = before;
    form.cost.after = Some(after);
    form.data.cases_per_year = Some(1_200);
    let f = form.figures(25_000);
    assert_eq!(f.per_year_before, 165_600_000);
    assert_eq!(f.per_year_after, 53_100_000);
    assert_eq!(f.saving, 112_500_000);
    assert_eq!(f.rate_basis_points, Some(6_793));

    // The form's own W wins over the plan's: 4 h × 30.000 = 120.000 + 38.000 = 158.000.
    form.cost.wage_per_hour = Some(30_000);
    assert_eq!(form.figures(25_000).per_case_before, 158_000);
}

/// Rounding and the edges: 7 minutes at 25.000 đ/giờ is 2.916,67 đ → 2.917 đ; an abolished
/// procedure costs nothing after (−100 %); the domain's city (2.306 → 654 billion a year) is
/// −71,64 %; with no cases entered a year is one case.
#[test]
fn the_cost_model_rounds_and_handles_the_edges() {
    assert_eq!(time_cost(7, 25_000), 2_917);
    assert_eq!(time_cost(60, 25_000), 25_000);
    assert_eq!(rate_basis_points(2_306 - 654, 2_306), Some(7_164));

    let mut form = Review::default();
    form.cost.before.fees = 50_000;
    form.cost.before.activities = vec![activity("Nộp hồ sơ", 30)];
    form.conclusion.kind = Some(ConclusionKind::Abolish);
    let f = form.figures(20_000);
    assert_eq!(f.cases_per_year, 1);
    assert_eq!(f.per_case_before, 60_000);
    assert_eq!(f.per_case_after, 0);
    assert_eq!(f.rate_basis_points, Some(10_000));

    // Keep with no "after": nothing saved.
    form.conclusion.kind = Some(ConclusionKind::Keep);
    assert_eq!(form.figures(20_000).saving, 0);
    assert_eq!(form.figures(20_000).rate_basis_points, Some(0));
}

// ---------------------------------------------------------------------------------------------
// Plans, forms, commits.

fn plan_2026() -> ReviewPlan {
    ReviewPlan {
        year: 2026,
        decision: Some(PlanDecision {
            number: "245/KH-UBND".into(),
            date: Some(day("2026-01-15")),
            issuer: Some("UBND thị xã Duy Tiên".into()),
        }),
        wage_per_hour: 25_000,
        due: Some(day("2026-06-30")),
        scope: ReviewScope {
            codes: ["1.001193", "1.003583", "1.004884", "1.001612", "1.002425"]
                .map(String::from)
                .to_vec(),
            ..ReviewScope::default()
        },
        assignments: vec![
            Assignment {
                unit: "Phòng Tư pháp".into(),
                person: "Nguyễn Thị Lan".into(),
                scope: ReviewScope {
                    levels: vec!["huyen".into()],
                    ..ReviewScope::default()
                },
                due: Some(day("2026-03-31")),
            },
            Assignment {
                unit: "UBND xã".into(),
                person: "Trần Văn Hùng".into(),
                scope: ReviewScope {
                    levels: vec!["xa".into()],
                    ..ReviewScope::default()
                },
                due: None,
            },
        ],
        notes: None,
    }
}

fn start(root: &Path, level: &str, code: &str) {
    reviews::start(
        root,
        StartRequest {
            year: 2026,
            level: level.into(),
            code: code.into(),
            ..StartRequest::default()
        },
        &rec("2026-02-01"),
    )
    .unwrap();
}

fn form(root: &Path, level: &str, code: &str) -> Review {
    reviews::load(root)
        .unwrap()
        .form(2026, level, code)
        .unwrap()
        .record
        .clone()
}

/// A form with everything a "keep" needs.
fn kept(mut f: Review) -> Review {
    f.necessity.ok = Some(true);
    f.legality.ok = Some(true);
    f.conclusion.kind = Some(ConclusionKind::Keep);
    f.conclusion.reasons = Some("Thủ tục cần thiết, hồ sơ tối giản".into());
    f.data.cases_per_year = Some(100);
    f
}

#[test]
fn a_plan_shows_due_overdue_and_done_per_person() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    reviews::save_plan(&root, plan_2026(), &rec("2026-01-20")).unwrap();
    start(&root, "huyen", "1.001612");
    start(&root, "xa", "1.001193");
    start(&root, "xa", "1.003583");
    for (level, code) in [("huyen", "1.001612"), ("xa", "1.001193")] {
        let f = kept(form(&root, level, code));
        reviews::save(&root, f, Base::Current, true, &rec("2026-03-01")).unwrap();
    }
    let cat = tthc::workspace::open(&root).unwrap();
    let all = reviews::load(&root).unwrap();
    let plan = &all.plan(2026).unwrap().record;

    let rows = reviews::rows(plan, &cat, &all, day("2026-04-15"));
    assert_eq!(rows.len(), 5);
    let people = reviews::by_person(plan, &rows);
    let lan = people
        .iter()
        .find(|p| p.person == "Nguyễn Thị Lan")
        .unwrap();
    assert_eq!(
        (
            lan.total,
            lan.done,
            lan.in_progress,
            lan.not_started,
            lan.overdue
        ),
        (2, 1, 0, 0, 1),
        "1.002425 was due on 31/03"
    );
    assert_eq!(lan.due, Some(day("2026-03-31")));
    let hung = people.iter().find(|p| p.person == "Trần Văn Hùng").unwrap();
    assert_eq!(
        (
            hung.total,
            hung.done,
            hung.in_progress,
            hung.not_started,
            hung.overdue
        ),
        (3, 1, 1, 1, 0)
    );
    assert_eq!(hung.due, Some(day("2026-06-30")), "the plan's own due date");

    // In July, what Hùng has not finished is overdue too.
    let rows = reviews::rows(plan, &cat, &all, day("2026-07-01"));
    let people = reviews::by_person(plan, &rows);
    let hung = people.iter().find(|p| p.person == "Trần Văn Hùng").unwrap();
    assert_eq!((hung.done, hung.overdue), (1, 2));

    // The CLI shows the same table.
    let out = sb
        .tthc(&root)
        .args(["review", "plan", "--year", "2026", "--format", "csv"])
        .output()
        .unwrap();
    let text = common::stdout(&out);
    assert!(
        text.contains("Phòng Tư pháp,Nguyễn Thị Lan,2026-03-31,2,1,0,0,"),
        "{text}"
    );
}

#[test]
fn each_save_is_one_commit_and_only_completion_sets_reviewed_on() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let before = sb.commits(&root);
    let reviewed_on = |root: &Path| {
        tthc::workspace::open(root)
            .unwrap()
            .procedure("xa", "1.001193")
            .unwrap()
            .record
            .reviewed_on
    };
    let original = reviewed_on(&root);

    start(&root, "xa", "1.001193");
    assert_eq!(sb.commits(&root), before + 1);
    let f = form(&root, "xa", "1.001193");
    // The form starts from the procedure as it is: each finding points at a component.
    assert!(
        f.components
            .iter()
            .any(|c| c.component == Component::Step && c.at == "steps[0]")
    );
    assert!(
        f.components
            .iter()
            .any(|c| c.component == Component::Document && c.at == "dossier[0].documents[0]")
    );
    assert_eq!(f.started_on, Some(day("2026-02-01")));

    // Saving an incomplete form: one commit, the procedure untouched.
    let mut half = f.clone();
    half.necessity.ok = Some(true);
    reviews::save(
        &root,
        half.clone(),
        Base::Current,
        false,
        &rec("2026-02-02"),
    )
    .unwrap();
    assert_eq!(sb.commits(&root), before + 2);
    assert_eq!(reviewed_on(&root), original);

    // Completing needs the rest, and "keep" needs reasons.
    let mut no_reasons = kept(half.clone());
    no_reasons.conclusion.reasons = None;
    let err =
        reviews::save(&root, no_reasons, Base::Current, true, &rec("2026-02-03")).unwrap_err();
    match err {
        ReviewError::Incomplete(missing) => {
            assert_eq!(missing, vec![tthc::model::Missing::Reasons])
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sb.commits(&root), before + 2);

    // A save based on bytes read before another save is refused, nothing written.
    let stale = std::fs::read(root.join("reviews/2026/xa-1.001193.yaml")).unwrap();
    let mut other = half.clone();
    other.necessity.note = Some("Người khác sửa".into());
    reviews::save(&root, other, Base::Current, false, &rec("2026-02-03")).unwrap();
    let err = reviews::save(
        &root,
        kept(half.clone()),
        Base::Read(Some(stale)),
        true,
        &rec("2026-02-03"),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ReviewError::Workspace(tthc::workspace::WorkspaceError::FileChanged { .. })
        ),
        "{err:?}"
    );
    assert_eq!(sb.commits(&root), before + 3);

    // Completion: one commit holding the form and the procedure's reviewed_on.
    let saved = reviews::save(
        &root,
        kept(form(&root, "xa", "1.001193")),
        Base::Current,
        true,
        &rec("2026-02-04"),
    )
    .unwrap();
    assert_eq!(sb.commits(&root), before + 4);
    assert_eq!(reviewed_on(&root), Some(day("2026-02-04")));
    let files = sb.git(&root, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        files.lines().collect::<Vec<_>>(),
        [
            "procedures/xa/1.001193.yaml",
            "reviews/2026/xa-1.001193.yaml"
        ],
        "{files}"
    );
    assert!(saved.message.contains("hoàn thành"), "{}", saved.message);
    assert!(sb.git(&root, &["status", "--porcelain"]).is_empty());
    sb.fsck(&root);
}

#[test]
fn validate_warns_on_late_plans_forms_without_data_and_keep_without_reasons() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    reviews::save_plan(&root, plan_2026(), &rec("2026-01-20")).unwrap();
    start(&root, "xa", "1.001193");
    let mut f = kept(form(&root, "xa", "1.001193"));
    f.data.cases_per_year = None;
    reviews::save(&root, f, Base::Current, true, &rec("2026-02-04")).unwrap();
    start(&root, "xa", "1.003583");
    let mut f = form(&root, "xa", "1.003583");
    f.conclusion.kind = Some(ConclusionKind::Keep);
    reviews::save(&root, f, Base::Current, false, &rec("2026-02-04")).unwrap();

    let cat = tthc::workspace::open(&root).unwrap();
    let found = reviews::diagnostics(&cat, day("2026-07-01")).unwrap();
    let messages: Vec<String> = found.iter().map(|d| d.message(Lang::En)).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("past due") && m.contains("3 procedures without a form")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("without data")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("“keep” with no reasons")),
        "{messages:?}"
    );
    // Before the due date, no lateness.
    let found = reviews::diagnostics(&cat, day("2026-03-01")).unwrap();
    assert!(
        !found
            .iter()
            .any(|d| d.message(Lang::En).contains("past due")),
        "{found:?}"
    );

    // `tthc validate` says it too, as warnings (exit 0).
    let out = sb
        .tthc(&root)
        .args(["--lang", "en", "validate"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        common::stdout(&out).contains("review form"),
        "{}",
        common::stdout(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// From finding to proposal.

#[test]
fn a_proposal_is_drafted_from_the_findings_and_links_back() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    reviews::save_plan(&root, plan_2026(), &rec("2026-01-20")).unwrap();
    start(&root, "xa", "1.004884");
    let mut f = form(&root, "xa", "1.004884");
    let pledge = f
        .components
        .iter_mut()
        .find(|c| c.subject.starts_with("Văn bản cam đoan"))
        .expect("the pledge is a finding");
    pledge.needed = Some(false);
    pledge.change = Some("Bỏ văn bản cam đoan".into());
    pledge.reason = Some("Nội dung cam đoan đã có trong tờ khai".into());
    let at = pledge.at.clone();
    f.necessity.ok = Some(true);
    f.legality.ok = Some(true);
    f.data.cases_per_year = Some(40);
    f.cost.before = CostSide {
        activities: vec![activity("Viết và xin xác nhận văn bản cam đoan", 60)],
        other_costs: 10_000,
        ..CostSide::default()
    };
    f.cost.after = Some(CostSide {
        other_costs: 10_000,
        ..CostSide::default()
    });
    f.time.proposed_days = Some(3);
    f.conclusion.kind = Some(ConclusionKind::Amend);
    f.conclusion.parts = vec![at];
    f.conclusion.reasons = Some("Giấy tờ trùng lặp".into());
    f.recommendation.text = Some("Bỏ thành phần hồ sơ văn bản cam đoan".into());
    f.recommendation.legal_text = Some("Nghị định 123/2015/NĐ-CP".into());
    reviews::save(&root, f, Base::Current, true, &rec("2026-03-01")).unwrap();

    // "Keep" proposes nothing.
    start(&root, "xa", "1.001193");
    let keep = kept(form(&root, "xa", "1.001193"));
    reviews::save(&root, keep, Base::Current, true, &rec("2026-03-01")).unwrap();
    assert!(matches!(
        reviews::propose(&root, 2026, None, "1.001193", &rec("2026-03-02")),
        Err(ReviewError::NothingToPropose)
    ));

    let before = sb.commits(&root);
    let done = reviews::propose(&root, 2026, Some("xa"), "1.004884", &rec("2026-03-02")).unwrap();
    assert_eq!(sb.commits(&root), before + 1);
    let cat = tthc::workspace::open(&root).unwrap();
    let p = &cat
        .proposals
        .iter()
        .find(|p| p.record.id == done.id)
        .unwrap()
        .record;
    assert_eq!(p.kind, ProposalKind::Amend);
    assert_eq!(p.review.as_deref(), Some("2026/xa-1.004884"));
    let rationale = p.rationale.as_deref().unwrap();
    assert!(rationale.contains("Giấy tờ trùng lặp"), "{rationale}");
    assert!(
        rationale.contains("Thành phần hồ sơ “Văn bản cam đoan"),
        "the finding and its component: {rationale}"
    );
    assert!(
        p.plan
            .as_deref()
            .unwrap()
            .contains("Nghị định 123/2015/NĐ-CP")
    );
    // 60 min × 25.000 đ/giờ + 10.000 đ = 35.000 đ a case, 40 cases: 1.400.000 → 400.000 đ.
    let cost = p.compliance_cost.as_ref().unwrap();
    assert_eq!((cost.before, cost.after), (1_400_000, 400_000));
    let proposed = p.proposed.as_ref().unwrap();
    assert!(
        proposed
            .dossier
            .iter()
            .flat_map(|g| &g.documents)
            .all(|d| !d.name.starts_with("Văn bản cam đoan")),
        "the unneeded document is gone from the proposed record"
    );
    // A second proposal from the same form is refused.
    assert!(matches!(
        reviews::propose(&root, 2026, None, "1.004884", &rec("2026-03-02")),
        Err(ReviewError::AlreadyProposed { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// The report.

fn reviewed_catalogue(sb: &Sandbox) -> std::path::PathBuf {
    let root = sb.sample("c");
    reviews::save_plan(&root, plan_2026(), &rec("2026-01-20")).unwrap();
    start(&root, "xa", "1.003583");
    let mut f = form(&root, "xa", "1.003583");
    f.necessity.ok = Some(false);
    f.legality.ok = Some(true);
    f.data.cases_per_year = Some(10);
    f.cost.before = CostSide {
        activities: vec![activity("Chờ cán bộ đến", 120)],
        ..CostSide::default()
    };
    f.conclusion.kind = Some(ConclusionKind::Abolish);
    f.conclusion.reasons = Some("Trùng <thủ tục> & cách thức".into());
    f.recommendation.text = Some("Bãi bỏ".into());
    reviews::save(&root, f, Base::Current, true, &rec("2026-03-01")).unwrap();
    start(&root, "huyen", "1.001612");
    let mut f = kept(form(&root, "huyen", "1.001612"));
    f.cost.before.fees = 100_000;
    reviews::save(&root, f, Base::Current, true, &rec("2026-03-01")).unwrap();
    root
}

#[test]
fn the_report_xlsx_reads_back() {
    use calamine::{Data, Reader, Xlsx};
    let sb = Sandbox::new();
    let root = reviewed_catalogue(&sb);
    let out = sb.path().join("bao-cao.xlsx");
    sb.tthc(&root)
        .args([
            "review", "report", "--year", "2026", "--format", "xlsx", "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["Tổng hợp", "Phụ lục"]);
    let annex = book.worksheet_range("Phụ lục").unwrap();
    let cell = |r: u32, c: u32| annex.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(2, 1), Data::String("Mã TTHC".into()));
    // Rows in level order (the manifest lists huyen before xa).
    assert_eq!(cell(3, 1), Data::String("1.001612".into()));
    assert_eq!(cell(4, 1), Data::String("1.003583".into()));
    assert_eq!(cell(4, 5), Data::String("Bãi bỏ".into()));
    // 2 h × 25.000 đ = 50.000 đ a case × 10 cases = 500.000 đ a year, all saved.
    assert_eq!(cell(4, 10), Data::Float(500_000.0));
    assert_eq!(cell(4, 11), Data::Float(0.0));
    assert_eq!(cell(4, 12), Data::Float(500_000.0));
    assert_eq!(cell(4, 13), Data::String("100,0 %".into()));
    let summary = book.worksheet_range("Tổng hợp").unwrap();
    let text: Vec<String> = summary
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(text.iter().any(|t| t.contains("245/KH-UBND")), "{text:?}");
    assert!(text.iter().any(|t| t == "Tổng cộng"), "{text:?}");
}

#[test]
fn the_report_docx_is_wellformed_wordprocessingml() {
    use quick_xml::events::Event;
    use std::io::Read;
    let sb = Sandbox::new();
    let root = reviewed_catalogue(&sb);
    let out = sb.path().join("bao-cao.docx");
    sb.tthc(&root)
        .args([
            "review", "report", "--year", "2026", "--format", "docx", "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
    ] {
        assert!(zip.by_name(part).is_ok(), "{part}");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // Every element closes and every text is escaped: the reader sees the whole document.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut texts = String::new();
    let mut tables = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "w:tbl" => tables += 1,
            Event::Text(t) => texts.push_str(&t.into_inner()),
            Event::GeneralRef(r) => {
                let name = r.into_inner().into_owned();
                texts.push(match name.as_str() {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    _ => '?',
                });
            }
            _ => {}
        }
    }
    assert!(texts.contains("BÁO CÁO"), "{texts}");
    assert!(texts.contains("năm 2026"));
    assert!(texts.contains("Đăng ký khai sinh lưu động"));
    assert!(texts.contains("Trùng <thủ tục> & cách thức"), "{texts}");
    // Two totals tables and one cost table per procedure.
    assert_eq!(tables, 4);
}

// ---------------------------------------------------------------------------------------------
// The demo.

/// The demo tells the half-year from the reviews up: "6 tháng đầu năm 2022 đã đề nghị cấp có
/// thẩm quyền bãi bỏ 06 TTHC cấp xã; sửa đổi 02 TTHC cấp huyện, 04 TTHC cấp xã".
#[test]
fn the_demo_reviews_reproduce_the_article() {
    let sb = Sandbox::new();
    let dir = sb.path().join("demo");
    sb.tthc(sb.path())
        .args(["demo", "--dir"])
        .arg(&dir)
        .assert()
        .success();
    let all = reviews::load(&dir).unwrap();
    let plan = &all.plan(2022).unwrap().record;
    assert_eq!(plan.wage_per_hour, 20_000);
    let forms: Vec<&Review> = all.of_year(2022).map(|f| &f.record).collect();
    let count = |level: &str, kind: ConclusionKind| {
        forms
            .iter()
            .filter(|f| f.level == level && f.conclusion.kind == Some(kind) && f.is_completed())
            .count()
    };
    assert_eq!(count("xa", ConclusionKind::Abolish), 6);
    assert_eq!(count("huyen", ConclusionKind::Amend), 2);
    assert_eq!(count("xa", ConclusionKind::Amend), 4);
    assert_eq!(forms.len(), 12);
    for f in &forms {
        assert!(f.data.cases_per_year.is_some(), "{} has data", f.code);
        assert!(f.missing().is_empty(), "{} is complete", f.code);
    }

    // Every proposal of the half-year comes from its form, of the same kind, dated after it.
    let cat = tthc::workspace::open(&dir).unwrap();
    let proposals: Vec<_> = cat
        .proposals
        .iter()
        .map(|p| &p.record)
        .filter(|p| p.id.starts_with("2022-"))
        .collect();
    assert_eq!(proposals.len(), 12);
    for p in proposals {
        let link = p.review.as_deref().expect("linked to its form");
        let f = forms.iter().find(|f| f.id() == link).unwrap();
        let t = p.target.as_ref().unwrap();
        assert_eq!(
            (t.level.as_str(), t.code.as_str()),
            (f.level.as_str(), f.code.as_str())
        );
        let kind = match p.kind {
            ProposalKind::Abolish => ConclusionKind::Abolish,
            _ => ConclusionKind::Amend,
        };
        assert_eq!(f.conclusion.kind, Some(kind));
        assert!(f.completed_on.unwrap() < p.log[0].date.unwrap());
    }

    // The report's totals say the same, and the district's amendments cut cost.
    let report = reviews::report(&cat, 2022).unwrap();
    let level = |id: &str| report.by_level.iter().find(|t| t.key == id).unwrap();
    assert_eq!((level("xa").abolish, level("xa").amend), (6, 4));
    assert_eq!((level("huyen").abolish, level("huyen").amend), (0, 2));
    assert_eq!(report.total.completed, 12);
    assert!(report.total.saving > 0);
    sb.fsck(&dir);
}

/// Give a procedure of the catalogue its 2024 baseline (time in working days, cost a case).
fn set_baseline(sb: &Sandbox, root: &Path, rel: &str, days: u32, cost: i64) {
    let path = root.join(rel);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!(
        "baseline:\n  year: 2024\n  processing_time:\n    value: {days}\n    unit: working_days\n  cost: {cost}\n"
    ));
    std::fs::write(&path, text).unwrap();
    sb.git(root, &["commit", "-q", "-am", "Baseline 2024"]);
}

/// The report measures the cuts against the 2024 baseline the records carry, per procedure
/// and in total, and says whether the national targets are met. Worked by hand:
/// 1.003583 (abolished, 10 cases): 5 days → 0, 60.000 đ × 10 = 600.000 đ → 0: both −100 %.
/// 1.001612 (kept, 100 cases, 100.000 đ a case): 5 days → 3 (−40 %), 150.000 đ × 100 =
/// 15.000.000 đ → 10.000.000 đ (−33,3 %).
/// In total: 80 working hours → 24 (−70 %); 15.600.000 đ → 10.000.000 đ: 5,6 ÷ 15,6 = 35,9 %.
#[test]
fn progress_is_measured_against_the_2024_baseline() {
    let sb = Sandbox::new();
    let root = reviewed_catalogue(&sb);
    // Without a baseline the report says so instead of pretending.
    let out = sb.path().join("truoc.json");
    let assert = sb
        .tthc(&root)
        .args([
            "review", "report", "--year", "2026", "--format", "json", "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains("So với năm 2024: chưa thủ tục nào trong 2 phiếu có số liệu năm đó"),
        "{err}"
    );

    set_baseline(&sb, &root, "procedures/xa/1.003583.yaml", 5, 60_000);
    set_baseline(&sb, &root, "procedures/huyen/1.001612.yaml", 5, 150_000);
    let out = sb.path().join("bao-cao.json");
    let assert = sb
        .tthc(&root)
        .args([
            "review", "report", "--year", "2026", "--format", "json", "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains("So với năm 2024 (2/2 thủ tục có số liệu): thời hạn giảm 70,0 %, chi phí tuân thủ giảm 35,9 % · đạt mục tiêu 30,0 % (2025), chưa đạt mục tiêu 50,0 % (2026)"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let t = &json["targets"];
    assert_eq!(t["with_baseline"], 2);
    assert_eq!(t["time_rate_bp"], 7000);
    assert_eq!(t["cost_rate_bp"], 3590);
    assert_eq!(
        t["baseline_cost"],
        serde_json::json!([15_600_000, 10_000_000])
    );
    let rows = json["rows"].as_array().unwrap();
    let kept = rows.iter().find(|r| r["code"] == "1.001612").unwrap();
    assert_eq!(kept["vs_baseline"]["hours"], serde_json::json!([40, 24]));
    assert_eq!(kept["vs_baseline"]["time_rate_bp"], 4000);
    assert_eq!(kept["vs_baseline"]["cost_rate_bp"], 3333);

    // The form itself says it, in both languages.
    let show = |lang: &str| {
        let out = sb
            .tthc(&root)
            .args([
                "--lang", lang, "review", "show", "1.001612", "--year", "2026",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let vi = show("vi");
    assert!(
        vi.contains("So với năm 2024: thời hạn 5 → 3 ngày làm việc (giảm 40,0 %); chi phí tuân thủ một năm 15.000.000 đ → 10.000.000 đ (giảm 33,3 %)"),
        "{vi}"
    );
    let en = show("en");
    assert!(
        en.contains("Against 2024: time 5 → 3 working days (down 40.0%); compliance cost a year 15.000.000 đ → 10.000.000 đ (down 33.3%)"),
        "{en}"
    );

    // The workbook's annex has the baseline columns, its summary the sentence.
    use calamine::{Data, Reader, Xlsx};
    let xlsx = sb.path().join("bao-cao.xlsx");
    sb.tthc(&root)
        .args([
            "review", "report", "--year", "2026", "--format", "xlsx", "--out",
        ])
        .arg(&xlsx)
        .assert()
        .success();
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let annex = book.worksheet_range("Phụ lục").unwrap();
    let cell = |r: u32, c: u32| annex.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(2, 17), Data::String("Thời hạn năm 2024 (ngày)".into()));
    assert_eq!(cell(3, 1), Data::String("1.001612".into()));
    assert_eq!(cell(3, 17), Data::Float(5.0));
    assert_eq!(cell(3, 18), Data::String("40,0 %".into()));
    assert_eq!(cell(3, 19), Data::Float(15_000_000.0));
    assert_eq!(cell(3, 20), Data::String("33,3 %".into()));
    let summary = book.worksheet_range("Tổng hợp").unwrap();
    let text: Vec<String> = summary
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(
        text.iter().any(|t| t.contains(
            "So với năm 2024: chi phí tuân thủ một năm từ 15.600.000 đ xuống 10.000.000 đ"
        )),
        "{text:?}"
    );
}

/// `review show` reads as a clerk would: no stray punctuation where the recommendation's parts
/// meet, who acts and by when labelled, figures the Vietnamese way (1.234.567 đ; one decimal,
/// a comma), unknown figures left out rather than shown as "-", the parts to amend named.
#[test]
fn review_show_reads_well_in_both_languages() {
    let sb = Sandbox::new();
    let dir = sb.path().join("demo");
    sb.tthc(sb.path())
        .args(["demo", "--dir"])
        .arg(&dir)
        .assert()
        .success();
    let show = |lang: &str, code: &str| {
        let out = sb
            .tthc(&dir)
            .args(["--lang", lang, "review", "show", code, "--year", "2022"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let vi = show("vi", "1.001612");
    for wrong in [".;", " -;", " - (", ", -"] {
        assert!(!vi.contains(wrong), "{wrong:?} in\n{vi}");
    }
    assert!(vi.contains("tiết kiệm 25.200.000 đ (37,5 %)"), "{vi}");
    assert!(vi.contains("đúng hạn 410 (97,6 %)"), "{vi}");
    assert!(
        vi.contains("Cơ quan thực hiện: UBND tỉnh Hà Nam · Thời hạn: 31/12/2022"),
        "{vi}"
    );
    assert!(
        vi.contains("- Thời hạn giải quyết [processing_time]"),
        "{vi}"
    );
    assert!(
        vi.contains("Thời hạn giải quyết (ngày làm việc): luật định 3 · thực tế 2 · đề xuất 2"),
        "{vi}"
    );
    let en = show("en", "1.000593");
    for wrong in [".;", " -;", "1 cases", ",00"] {
        assert!(!en.contains(wrong), "{wrong:?} in\n{en}");
    }
    assert!(
        en.contains("Data: 1 case a year · on time 1 (100.0%)"),
        "{en}"
    );
    assert!(en.contains("saving 130.000 đ (100.0%)"), "{en}");
    assert!(
        en.contains("Processing time (working days): statutory 5\n"),
        "{en}"
    );
    // Without --year, show and list take the newest year with forms, not an empty this year.
    let out = sb
        .tthc(&dir)
        .args(["review", "show", "1.001612"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Phiếu rà soát năm 2022 — 1.001612"),
        "{text}"
    );
    let out = sb.tthc(&dir).args(["review", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1.001612") && text.contains("2022-005"),
        "{text}"
    );
}
