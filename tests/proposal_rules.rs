//! The rules of a proposal's life without files or git: every move of the transition table,
//! allowed or refused, the document and date rules, and the four-eyes rule.

use tthc::model::{Date, Policy, Proposal, ProposalStatus, Transition};
use tthc::proposal_rules::{
    CHAIN, RuleError, StepRequest, allowed_next, check_step, requires_document, status_on,
};

use ProposalStatus::*;

const LAN: &str = "Nguyễn Thị Lan <lan.tuphap@duytien.example>";
const HUNG: &str = "Trần Văn Hùng <hung.vanphong@duytien.example>";

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

/// A proposal drafted by Lan on 10/01/2022 and now in `status`.
fn at(status: ProposalStatus) -> Proposal {
    let mut log = vec![Transition {
        status: Draft,
        date: Some(day("2022-01-10")),
        actor: LAN.into(),
        ..Default::default()
    }];
    if status != Draft {
        log.push(Transition {
            status,
            date: Some(day("2022-02-01")),
            actor: HUNG.into(),
            ..Default::default()
        });
    }
    Proposal {
        id: "2022-001".into(),
        title: "t".into(),
        status,
        log,
        ..Default::default()
    }
}

/// A step to `to` with everything a document step needs.
fn full(to: ProposalStatus) -> StepRequest {
    StepRequest {
        to,
        document_no: Some("45/BC-UBND".into()),
        date: Some(day("2022-03-01")),
        ..Default::default()
    }
}

/// The table as the domain describes it, written out independently of the implementation.
fn expected_allowed(from: ProposalStatus) -> Vec<ProposalStatus> {
    match from {
        Draft => vec![Submitted, Withdrawn],
        Submitted => vec![SentToProvince, Withdrawn],
        SentToProvince => vec![Approved, Rejected, Withdrawn],
        Approved => vec![ForwardedToMinistry, LegalTextAmended, Withdrawn],
        ForwardedToMinistry => vec![LegalTextAmended, Withdrawn],
        LegalTextAmended => vec![Published, Withdrawn],
        Published => vec![Applied, Withdrawn],
        Applied | Rejected | Withdrawn => vec![],
    }
}

#[test]
fn every_move_of_the_transition_table_is_allowed_or_refused_as_the_chain_says() {
    let policy = Policy::default();
    let mut allowed_moves = 0;
    let mut refused_moves = 0;
    for from in CHAIN {
        let expected = expected_allowed(from);
        assert_eq!(allowed_next(from), expected.as_slice(), "from {from:?}");
        for to in CHAIN {
            // Hùng records everything, so four-eyes never interferes here.
            let result = check_step(&at(from), &policy, HUNG, &full(to), day("2022-12-31"));
            if expected.contains(&to) {
                let t = result.unwrap_or_else(|e| panic!("{from:?} → {to:?} refused: {e}"));
                assert_eq!(t.status, to);
                assert_eq!(t.actor, HUNG);
                assert_eq!(t.date, Some(day("2022-03-01")));
                assert_eq!(t.forced, None);
                allowed_moves += 1;
            } else {
                assert_eq!(
                    result,
                    Err(RuleError::IllegalTransition {
                        from,
                        to,
                        allowed: expected.clone()
                    }),
                    "{from:?} → {to:?}"
                );
                refused_moves += 1;
            }
        }
    }
    assert_eq!((allowed_moves, refused_moves), (16, 84));
}

#[test]
fn steps_with_a_document_need_its_number_and_date_others_default_to_today() {
    let policy = Policy::default();
    let documented = [
        SentToProvince,
        Approved,
        ForwardedToMinistry,
        LegalTextAmended,
        Published,
    ];
    for to in CHAIN {
        assert_eq!(requires_document(to), documented.contains(&to), "{to:?}");
    }
    let today = day("2022-04-01");
    // No document: refused, naming what is missing.
    let no_doc = StepRequest {
        to: SentToProvince,
        date: Some(day("2022-03-01")),
        ..Default::default()
    };
    assert_eq!(
        check_step(&at(Submitted), &policy, HUNG, &no_doc, today),
        Err(RuleError::DocumentRequired { to: SentToProvince })
    );
    let blank_doc = StepRequest {
        document_no: Some("  ".into()),
        ..no_doc.clone()
    };
    assert_eq!(
        check_step(&at(Submitted), &policy, HUNG, &blank_doc, today),
        Err(RuleError::DocumentRequired { to: SentToProvince })
    );
    let no_date = StepRequest {
        to: SentToProvince,
        document_no: Some("45/BC-UBND".into()),
        ..Default::default()
    };
    assert_eq!(
        check_step(&at(Submitted), &policy, HUNG, &no_date, today),
        Err(RuleError::DateRequired { to: SentToProvince })
    );
    // Submitted and rejected have no required document; the date defaults to today.
    let t = check_step(
        &at(Draft),
        &policy,
        LAN,
        &StepRequest {
            to: Submitted,
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert_eq!((t.date, t.document_no), (Some(today), None));
    let t = check_step(
        &at(SentToProvince),
        &policy,
        HUNG,
        &StepRequest {
            to: Rejected,
            note: Some(" Giữ nguyên thủ tục ".into()),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert_eq!(t.note.as_deref(), Some("Giữ nguyên thủ tục"));
}

#[test]
fn dates_cannot_go_back_nor_into_the_future() {
    let policy = Policy::default();
    let mut req = full(SentToProvince);
    req.date = Some(day("2022-01-31"));
    assert_eq!(
        check_step(&at(Submitted), &policy, HUNG, &req, day("2022-12-31")),
        Err(RuleError::DateBeforePrevious {
            date: day("2022-01-31"),
            previous: day("2022-02-01")
        })
    );
    req.date = Some(day("2022-02-01"));
    assert!(check_step(&at(Submitted), &policy, HUNG, &req, day("2022-12-31")).is_ok());
    req.date = Some(day("2023-01-01"));
    assert_eq!(
        check_step(&at(Submitted), &policy, HUNG, &req, day("2022-12-31")),
        Err(RuleError::DateInFuture {
            date: day("2023-01-01"),
            today: day("2022-12-31")
        })
    );
}

#[test]
fn the_drafter_cannot_approve_or_apply_unless_forced_with_a_reason() {
    let policy = Policy::default();
    let today = day("2022-12-31");
    let drafter_same_email = "Lan (máy khác) <LAN.tuphap@duytien.example>";
    for (from, to) in [(SentToProvince, Approved), (Published, Applied)] {
        for actor in [LAN, drafter_same_email] {
            assert_eq!(
                check_step(&at(from), &policy, actor, &full(to), today),
                Err(RuleError::FourEyes {
                    drafter: LAN.into(),
                    to
                }),
                "{actor} → {to:?}"
            );
        }
        let mut forced = full(to);
        forced.force = Some("   ".into());
        assert_eq!(
            check_step(&at(from), &policy, LAN, &forced, today),
            Err(RuleError::ForceWithoutReason)
        );
        forced.force = Some("Lãnh đạo đi công tác".into());
        let t = check_step(&at(from), &policy, LAN, &forced, today).unwrap();
        assert_eq!(t.forced.as_deref(), Some("Lãnh đạo đi công tác"));
        // Someone else needs no override, and an unneeded --force is not recorded.
        let t = check_step(&at(from), &policy, HUNG, &forced, today).unwrap();
        assert_eq!(t.forced, None);
    }
    // The drafter may record every other step.
    for (from, to) in [
        (Draft, Submitted),
        (Submitted, SentToProvince),
        (SentToProvince, Rejected),
        (Approved, LegalTextAmended),
        (LegalTextAmended, Published),
        (Published, Withdrawn),
    ] {
        assert!(check_step(&at(from), &policy, LAN, &full(to), today).is_ok());
    }
    // With the policy off, the drafter approves without an override.
    let off = Policy {
        four_eyes: false,
        ..Policy::default()
    };
    let t = check_step(&at(SentToProvince), &off, LAN, &full(Approved), today).unwrap();
    assert_eq!(t.forced, None);
}

#[test]
fn status_on_a_day_follows_the_log() {
    let p = at(Submitted);
    assert_eq!(status_on(&p, day("2022-01-09")), None);
    assert_eq!(status_on(&p, day("2022-01-10")), Some(Draft));
    assert_eq!(status_on(&p, day("2022-01-31")), Some(Draft));
    assert_eq!(status_on(&p, day("2022-02-01")), Some(Submitted));
}
