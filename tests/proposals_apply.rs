//! Applying proposals to a real catalogue in a real repository: each kind produces exactly the
//! expected record in exactly one commit; a target changed since the draft stops the apply with
//! a three-way comparison, and `rebase` carries a proposal over when nothing collides.

mod common;

use common::Sandbox;
use std::fs;
use std::path::Path;
use tthc::history::Author;
use tthc::i18n::Lang;
use tthc::model::{
    Date, Procedure, ProcedureStatus, ProposalKind, ProposalStatus, PublicationKind,
    PublicationRef, Target,
};
use tthc::proposal_rules::StepRequest;
use tthc::store;
use tthc::workspace::proposals::{
    self, ApplyOptions, DraftRequest, ProposalError, Recorded, Recorder,
};

const LAN: (&str, &str) = ("Nguyễn Thị Lan", "lan.tuphap@duytien.example");
const HUNG: (&str, &str) = ("Trần Văn Hùng", "hung.vanphong@duytien.example");

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn as_person(who: (&str, &str), on: &str) -> Recorder {
    Recorder {
        today: day(on),
        lang: Lang::Vi,
        author: Some(Author {
            name: who.0.into(),
            email: who.1.into(),
            time: 1_656_000_000,
            offset_minutes: 420,
        }),
    }
}

fn read(root: &Path, level: &str, code: &str) -> Procedure {
    let rel = store::procedure_path(Default::default(), level, code);
    store::parse_text(&rel, &fs::read_to_string(root.join(&rel)).unwrap()).unwrap()
}

fn target(level: &str, code: &str) -> Option<Target> {
    Some(Target {
        level: level.into(),
        code: code.into(),
    })
}

fn draft(
    root: &Path,
    kind: ProposalKind,
    t: Option<Target>,
    proposed: Option<Procedure>,
) -> String {
    proposals::draft(
        root,
        DraftRequest {
            kind,
            target: t,
            rationale: Some("Lý do".into()),
            proposed,
            ..Default::default()
        },
        &as_person(LAN, "2022-01-10"),
    )
    .unwrap()
    .id
}

/// A proposal drafted by Lan and carried to its publication decision.
fn published(
    root: &Path,
    kind: ProposalKind,
    t: Option<Target>,
    proposed: Option<Procedure>,
) -> String {
    let id = draft(root, kind, t, proposed);
    to_published(root, &id);
    id
}

/// Lan submits; Hùng records the province's steps up to the publication decision.
fn to_published(root: &Path, id: &str) {
    let steps = [
        (ProposalStatus::Submitted, None, LAN, "2022-01-14"),
        (
            ProposalStatus::SentToProvince,
            Some("15/BC-UBND"),
            HUNG,
            "2022-01-21",
        ),
        (
            ProposalStatus::Approved,
            Some("512/QĐ-UBND"),
            HUNG,
            "2022-03-18",
        ),
        (
            ProposalStatus::LegalTextAmended,
            Some("1087/QĐ-BTP"),
            HUNG,
            "2022-05-20",
        ),
        (
            ProposalStatus::Published,
            Some("1252/QĐ-UBND"),
            HUNG,
            "2022-06-10",
        ),
    ];
    for (to, doc, who, on) in steps {
        proposals::advance(
            root,
            id,
            StepRequest {
                to,
                document_no: doc.map(str::to_owned),
                date: Some(day(on)),
                ..Default::default()
            },
            &as_person(who, on),
        )
        .unwrap();
    }
}

fn apply(root: &Path, id: &str, rebase: bool) -> Result<Recorded, ProposalError> {
    proposals::apply(
        root,
        id,
        &ApplyOptions {
            rebase,
            ..Default::default()
        },
        &as_person(HUNG, "2022-06-15"),
    )
}

fn decision(kind: PublicationKind) -> Option<PublicationRef> {
    Some(PublicationRef {
        decision: "1252/QĐ-UBND".into(),
        date: Some(day("2022-06-10")),
        kind,
    })
}

/// Apply and check it made one commit touching exactly `files` (and the proposal), by Hùng.
fn apply_in_one_commit(sb: &Sandbox, root: &Path, id: &str, files: &[&str]) {
    let before = sb.commits(root);
    let done = apply(root, id, false).unwrap();
    assert_eq!(done.status, ProposalStatus::Applied);
    assert_eq!(sb.commits(root), before + 1);
    let mut changed: Vec<String> = sb
        .git(root, &["show", "--name-only", "--format=", "HEAD"])
        .lines()
        .map(str::to_owned)
        .collect();
    changed.sort();
    let mut expected: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    expected.push(format!("proposals/2022/{id}.yaml"));
    expected.sort();
    assert_eq!(changed, expected);
    assert_eq!(
        sb.git(root, &["log", "-1", "--format=%an <%ae>|%s"]).trim(),
        format!(
            "Trần Văn Hùng <hung.vanphong@duytien.example>|{}",
            done.message
        )
    );
    assert_eq!(sb.git(root, &["status", "--porcelain"]), "");
    let cat = store::load(root).unwrap();
    let p = &proposals::find(&cat, id).unwrap().record;
    assert_eq!(p.status, ProposalStatus::Applied);
    let last = p.log.last().unwrap();
    assert_eq!(
        (last.status, last.date, last.forced.as_deref()),
        (ProposalStatus::Applied, Some(day("2022-06-15")), None)
    );
    let problems = tthc::validate::validate_catalog(&cat);
    assert!(problems.iter().all(|d| !d.is_error()), "{problems:?}");
    sb.fsck(root);
}

#[test]
fn abolish_keeps_the_record_with_status_decision_and_end_date() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let before = read(&root, "xa", "1.004845");
    let id = draft(&root, ProposalKind::Abolish, target("xa", "1.004845"), None);
    assert_eq!(id, "2022-001");
    to_published(&root, &id);
    apply_in_one_commit(&sb, &root, &id, &["procedures/xa/1.004845.yaml"]);
    let mut expected = before;
    expected.status = ProcedureStatus::Abolished;
    expected.publication = decision(PublicationKind::Abolished);
    expected.effective_until = Some(day("2022-06-10"));
    assert_eq!(read(&root, "xa", "1.004845"), expected);
    assert_eq!(
        sb.git(&root, &["log", "-1", "--format=%s"]).trim(),
        "Đề xuất 2022-001: bãi bỏ 1.004845 (Cấp xã) — chuyển sang: đã cập nhật danh mục (theo 1252/QĐ-UBND)"
    );
    // Applying twice is refused: the proposal is final.
    assert!(matches!(
        apply(&root, &id, false),
        Err(ProposalError::Rule(_))
    ));
}

#[test]
fn amend_writes_the_proposed_record_with_the_decision() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let mut proposed = read(&root, "huyen", "1.001612");
    proposed.processing_time.value = Some(2);
    proposed.dossier[0].documents.remove(1);
    let id = published(
        &root,
        ProposalKind::Amend,
        target("huyen", "1.001612"),
        Some(proposed.clone()),
    );
    apply_in_one_commit(&sb, &root, &id, &["procedures/huyen/1.001612.yaml"]);
    let mut expected = proposed;
    expected.status = ProcedureStatus::Amended;
    expected.publication = decision(PublicationKind::Amended);
    assert_eq!(read(&root, "huyen", "1.001612"), expected);
}

#[test]
fn replace_under_the_same_code_rewrites_the_record() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let mut proposed = read(&root, "xa", "2.000927");
    proposed.name = "Sửa lỗi sai sót trong hợp đồng, giao dịch đã được chứng thực".into();
    let id = published(
        &root,
        ProposalKind::Replace,
        target("xa", "2.000927"),
        Some(proposed.clone()),
    );
    apply_in_one_commit(&sb, &root, &id, &["procedures/xa/2.000927.yaml"]);
    let mut expected = proposed;
    expected.status = ProcedureStatus::Published;
    expected.publication = decision(PublicationKind::Replaced);
    assert_eq!(read(&root, "xa", "2.000927"), expected);
}

#[test]
fn replace_under_a_new_code_creates_it_and_retires_the_old_one() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let old = read(&root, "xa", "2.000884");
    let mut proposed = old.clone();
    proposed.code = "2.002999".into();
    proposed.name = "Chứng thực chữ ký trong các giấy tờ, văn bản (mới)".into();
    let id = published(
        &root,
        ProposalKind::Replace,
        target("xa", "2.000884"),
        Some(proposed.clone()),
    );
    apply_in_one_commit(
        &sb,
        &root,
        &id,
        &["procedures/xa/2.000884.yaml", "procedures/xa/2.002999.yaml"],
    );
    let mut expected_old = old;
    expected_old.status = ProcedureStatus::Abolished;
    expected_old.publication = decision(PublicationKind::Replaced);
    expected_old.effective_until = Some(day("2022-06-10"));
    expected_old.replaced_by = vec![tthc::model::ProcedureRef::new("xa", "2.002999")];
    assert_eq!(read(&root, "xa", "2.000884"), expected_old);
    let mut expected_new = proposed;
    expected_new.status = ProcedureStatus::Published;
    expected_new.publication = decision(PublicationKind::Replaced);
    expected_new.effective_from = Some(day("2022-06-10"));
    expected_new.replaces = vec![tthc::model::ProcedureRef::new("xa", "2.000884")];
    assert_eq!(read(&root, "xa", "2.002999"), expected_new);
}

#[test]
fn add_creates_the_procedure() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let mut proposed = read(&root, "huyen", "1.001612");
    proposed.code = "1.012345".into();
    proposed.name = "Đăng ký hộ kinh doanh qua ứng dụng VNeID".into();
    proposed.effective_from = None;
    let id = published(&root, ProposalKind::Add, None, Some(proposed.clone()));
    apply_in_one_commit(&sb, &root, &id, &["procedures/huyen/1.012345.yaml"]);
    let mut expected = proposed;
    expected.status = ProcedureStatus::Published;
    expected.publication = decision(PublicationKind::New);
    expected.effective_from = Some(day("2022-06-10"));
    assert_eq!(read(&root, "huyen", "1.012345"), expected);
}

/// Commit a change to a procedure as another office would.
fn edit_target(root: &Path, level: &str, code: &str, change: impl FnOnce(&mut Procedure)) {
    let rel = store::procedure_path(Default::default(), level, code);
    let mut tx = tthc::workspace::Transaction::begin(root).unwrap();
    let base = tx.read(&rel).unwrap();
    let mut p = read(root, level, code);
    change(&mut p);
    tx.write(
        &rel,
        base,
        store::canonical_text(&rel, &p).unwrap().into_bytes(),
    );
    tx.commit_as(
        "Sửa ngoài đề xuất",
        as_person(HUNG, "2022-05-01").author.as_ref(),
    )
    .unwrap();
}

#[test]
fn a_target_changed_since_the_draft_stops_apply_with_a_three_way_comparison() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let mut proposed = read(&root, "huyen", "1.001612");
    proposed.processing_time.value = Some(2);
    let id = published(
        &root,
        ProposalKind::Amend,
        target("huyen", "1.001612"),
        Some(proposed),
    );
    edit_target(&root, "huyen", "1.001612", |p| {
        p.notes = Some("Đã rà soát lại".into());
    });
    let cat = store::load(&root).unwrap();
    assert!(
        proposals::summaries(&cat)
            .iter()
            .any(|s| s.id == id && s.stale)
    );
    let head = sb.git(&root, &["rev-parse", "HEAD"]);
    let file = fs::read(root.join("procedures/huyen/1.001612.yaml")).unwrap();

    let Err(ProposalError::Stale(stale)) = apply(&root, &id, false) else {
        panic!("a stale target must stop apply");
    };
    assert!(stale.base_available && stale.can_rebase);
    assert_eq!(stale.fields.len(), 1);
    let notes = &stale.fields[0];
    assert_eq!(notes.field, "notes");
    assert_eq!(notes.base, None);
    assert_eq!(notes.current.as_deref(), Some("Đã rà soát lại"));
    assert_eq!(notes.proposed, None);
    assert!(!notes.conflict);
    // Nothing was written or committed.
    assert_eq!(sb.git(&root, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        fs::read(root.join("procedures/huyen/1.001612.yaml")).unwrap(),
        file
    );
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");

    // A change of the same field, differently: a conflict that --rebase does not override.
    edit_target(&root, "huyen", "1.001612", |p| {
        p.processing_time.value = Some(5);
    });
    let Err(ProposalError::Stale(stale)) = apply(&root, &id, true) else {
        panic!("a conflict must stop apply even with rebase");
    };
    assert!(!stale.can_rebase);
    let time = stale
        .fields
        .iter()
        .find(|f| f.field == "processing_time")
        .unwrap();
    assert!(time.conflict);
    assert!(time.base.as_deref().unwrap().contains("value: 3"));
    assert!(time.current.as_deref().unwrap().contains("value: 5"));
    assert!(time.proposed.as_deref().unwrap().contains("value: 2"));

    // Resolved by putting the field back: --rebase keeps the other office's note.
    edit_target(&root, "huyen", "1.001612", |p| {
        p.processing_time.value = Some(3);
    });
    let before = sb.commits(&root);
    apply(&root, &id, true).unwrap();
    assert_eq!(sb.commits(&root), before + 1);
    let now = read(&root, "huyen", "1.001612");
    assert_eq!(now.processing_time.value, Some(2));
    assert_eq!(now.notes.as_deref(), Some("Đã rà soát lại"));
    assert_eq!(now.status, ProcedureStatus::Amended);
    let cat = store::load(&root).unwrap();
    let p = &proposals::find(&cat, &id).unwrap().record;
    assert_eq!(
        p.proposed.as_ref().unwrap().notes.as_deref(),
        Some("Đã rà soát lại"),
        "the proposal records what was applied"
    );
    assert_eq!(
        p.base.as_ref().unwrap().blob.len(),
        40,
        "and the base it was carried over to"
    );
}

#[test]
fn drafting_checks_its_target_and_base() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let req = |kind, t, proposed| DraftRequest {
        kind,
        target: t,
        rationale: Some("Lý do".into()),
        proposed,
        ..Default::default()
    };
    let rec = as_person(LAN, "2022-01-10");
    let err = |r| proposals::draft(&root, r, &rec).unwrap_err();
    assert!(matches!(
        err(req(ProposalKind::Abolish, target("xa", "9.999999"), None)),
        ProposalError::TargetNotFound { .. }
    ));
    assert!(matches!(
        err(req(ProposalKind::Amend, target("xa", "1.001193"), None)),
        ProposalError::ProposedRequired
    ));
    let same = read(&root, "xa", "1.001193");
    assert!(matches!(
        err(req(
            ProposalKind::Amend,
            target("xa", "1.001193"),
            Some(same.clone())
        )),
        ProposalError::NoChange
    ));
    let mut other_code = same.clone();
    other_code.code = "1.001194".into();
    assert!(matches!(
        err(req(
            ProposalKind::Amend,
            target("xa", "1.001193"),
            Some(other_code)
        )),
        ProposalError::ProposedMismatch { .. }
    ));
    assert!(matches!(
        err(req(ProposalKind::Add, None, Some(same.clone()))),
        ProposalError::TargetExists { .. }
    ));
    let mut no_reason = req(ProposalKind::Abolish, target("xa", "1.001193"), None);
    no_reason.rationale = Some(" ".into());
    assert!(matches!(err(no_reason), ProposalError::ReasonRequired));
    let mut invalid = same.clone();
    invalid.field = "khong-co".into();
    assert!(matches!(
        err(req(
            ProposalKind::Amend,
            target("xa", "1.001193"),
            Some(invalid)
        )),
        ProposalError::Invalid(_)
    ));
    // A base must be a recorded version: an uncommitted edit of the target is refused.
    fs::write(
        root.join("procedures/xa/1.001193.yaml"),
        fs::read_to_string(root.join("procedures/xa/1.001193.yaml")).unwrap() + "notes: x\n",
    )
    .unwrap();
    assert!(matches!(
        err(req(ProposalKind::Abolish, target("xa", "1.001193"), None)),
        ProposalError::Workspace(tthc::workspace::WorkspaceError::Uncommitted { .. })
    ));
    assert_eq!(sb.commits(&root), 1, "nothing was committed");

    // The base is HEAD and the target's blob there.
    let id = draft(&root, ProposalKind::Abolish, target("xa", "1.004845"), None);
    let cat = store::load(&root).unwrap();
    let p = &proposals::find(&cat, &id).unwrap().record;
    let base = p.base.as_ref().unwrap();
    assert_eq!(
        base.commit,
        sb.git(&root, &["rev-parse", "HEAD~1"]).trim(),
        "the commit the draft was based on"
    );
    assert_eq!(
        base.blob,
        sb.git(&root, &["rev-parse", "HEAD:procedures/xa/1.004845.yaml"])
            .trim()
    );
}

/// `--effective D` on an amendment: the new version is in force from D.
#[test]
fn an_amendment_with_an_effective_date_sets_the_new_versions_effective_from() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let mut proposed = read(&root, "huyen", "1.001612");
    proposed.processing_time.value = Some(2);
    let id = published(
        &root,
        ProposalKind::Amend,
        target("huyen", "1.001612"),
        Some(proposed.clone()),
    );
    proposals::apply(
        &root,
        &id,
        &ApplyOptions {
            effective: Some(day("2022-07-01")),
            ..Default::default()
        },
        &as_person(HUNG, "2022-06-15"),
    )
    .unwrap();
    let now = read(&root, "huyen", "1.001612");
    assert_eq!(now.effective_from, Some(day("2022-07-01")));
    assert_eq!(now.status, ProcedureStatus::Amended);
    assert_eq!(now.processing_time.value, Some(2));
}

/// An amendment recorded before it takes effect: until that day the version before it is the
/// one in force. `export --effective` of an earlier day shows that version (read back from git),
/// of a later day the new one; the list says when the recorded version applies.
#[test]
fn an_amendment_effective_later_leaves_the_version_before_in_force_until_then() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let before = read(&root, "huyen", "1.001612");
    let mut proposed = before.clone();
    proposed.processing_time.value = Some(2);
    assert_ne!(before.processing_time.value, Some(2));
    let id = published(
        &root,
        ProposalKind::Amend,
        target("huyen", "1.001612"),
        Some(proposed),
    );
    proposals::apply(
        &root,
        &id,
        &ApplyOptions {
            effective: Some(day("2099-01-01")),
            ..Default::default()
        },
        &as_person(HUNG, "2022-06-15"),
    )
    .unwrap();

    let list = sb
        .tthc(&root)
        .args(["list", "--level", "huyen"])
        .output()
        .unwrap();
    let list = common::stdout(&list);
    let row = list.lines().find(|l| l.contains("1.001612")).unwrap();
    assert!(row.contains("áp dụng từ 01/01/2099"), "{row}");

    let time_on = |on: &str| {
        let site = sb.path().join(format!("site-{on}"));
        let out = sb
            .tthc(&root)
            .args(["export", "--format", "csv", "--effective", on, "--out"])
            .arg(&site)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::stdout(&out));
        let csv = fs::read_to_string(site.join("danh-muc-tthc.csv")).unwrap();
        csv.lines()
            .find(|l| l.contains("1.001612"))
            .unwrap_or_else(|| panic!("1.001612 not listed on {on}"))
            .to_owned()
    };
    let old = format!("{:02} ngày", before.processing_time.value.unwrap());
    let row = time_on("31/12/2098");
    assert!(row.contains(&old) && !row.contains("02 ngày"), "{row}");
    let row = time_on("01/01/2099");
    assert!(row.contains("02 ngày"), "{row}");
}

/// An abolition that takes effect later is announced, not shown as done: `tthc show` (and the
/// TUI's page, through the same sections) say "sẽ bãi bỏ từ ngày D" until D.
#[test]
fn an_abolition_effective_later_is_shown_as_coming() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let id = published(&root, ProposalKind::Abolish, target("xa", "1.004845"), None);
    proposals::apply(
        &root,
        &id,
        &ApplyOptions {
            effective: Some(day("2099-01-01")),
            ..Default::default()
        },
        &as_person(HUNG, "2022-06-15"),
    )
    .unwrap();
    let p = read(&root, "xa", "1.004845");
    assert_eq!(p.effective_until, Some(day("2099-01-01")));

    let show = |lang: &[&str]| {
        let out = sb
            .tthc(&root)
            .args(lang)
            .args(["show", "1.004845"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::stdout(&out));
        common::stdout(&out)
    };
    let vi = show(&[]);
    assert!(
        vi.contains("Tình trạng: Đang công khai, sẽ bãi bỏ từ ngày 01/01/2099"),
        "{vi}"
    );
    assert!(!vi.contains("Tình trạng: Bãi bỏ"), "{vi}");
    let en = show(&["--lang", "en"]);
    assert!(
        en.contains("Status: Published, to be abolished on 2099-01-01"),
        "{en}"
    );

    // The list and the posted listing (site and CSV) keep it, in force, with the coming day:
    // a citizen must not read "no longer done here" while it still is.
    let list = sb
        .tthc(&root)
        .args(["list", "--level", "xa"])
        .output()
        .unwrap();
    let list = common::stdout(&list);
    let row = list.lines().find(|l| l.contains("1.004845")).unwrap();
    assert!(row.contains("Sẽ bãi bỏ từ 01/01/2099"), "{row}");
    let site = sb.path().join("site-c");
    let out = sb
        .tthc(&root)
        .args(["export", "--format", "html,csv", "--out"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stdout(&out));
    let csv = std::fs::read_to_string(site.join("danh-muc-tthc.csv")).unwrap();
    let row = csv.lines().find(|l| l.contains("1.004845")).unwrap();
    assert!(row.contains("Sẽ bãi bỏ từ 01/01/2099"), "{row}");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    let (listed, retired) = index
        .split_once("class=\"abolished\"")
        .unwrap_or((index.as_str(), ""));
    assert!(listed.contains("thu-tuc/xa/1.004845.html"), "not listed");
    assert!(
        !retired.contains("1.004845"),
        "listed as abolished: {retired}"
    );

    // On and after that day it is abolished.
    let m = store::load(&root).unwrap().manifest;
    let status = |on: &str| {
        tthc::present::sections_on(&p, &m, Lang::Vi, Some(day(on)))
            .into_iter()
            .flat_map(|s| s.lines)
            .find(|l| l.starts_with("Tình trạng:"))
            .unwrap()
    };
    assert_eq!(status("2099-01-01"), "Tình trạng: Bãi bỏ");
    assert_eq!(
        status("2098-12-31"),
        "Tình trạng: Đang công khai, sẽ bãi bỏ từ ngày 01/01/2099"
    );
}
