//! The demo's reviews of 2022: the plan of the first half-year and one completed form for each
//! of the twelve proposals the demo history records (the seed article: "6 tháng đầu năm 2022 đã
//! đề nghị cấp có thẩm quyền bãi bỏ 06 TTHC cấp xã; sửa đổi 02 TTHC cấp huyện, 04 TTHC cấp xã"),
//! so that the story is told from the reviews up: each form's findings, data and compliance
//! cost, its conclusion, and the proposal it led to, linked back. A flat table by design; the
//! figures are illustrative, like the sample catalogue.
//!
//! Every save is its own dated commit through the same use cases as the faces, made after the
//! demo history was built (the forms are dated in their content and their commits' author
//! dates: work entered after the fact).

use super::{Base, ReviewError, StartRequest, load, save, save_plan, start};
use crate::history::Author;
use crate::i18n::Lang;
use crate::model::{
    Activity, Assignment, ComplianceCost, Component, ConclusionKind, CostSide, Date, PlanDecision,
    Proposal, ProposalKind, ReviewPlan, ReviewScope,
};
use crate::store;
use crate::workspace::proposals::Recorder;
use crate::workspace::{Transaction, WorkspaceError};
use std::path::Path;

const LAN: (&str, &str) = ("Nguyễn Thị Lan", "lan.tuphap@duytien.example");
const HUNG: (&str, &str) = ("Trần Văn Hùng", "hung.vanphong@duytien.example");

/// W of 2022: about 3,5 million đồng a month over 176 working hours.
const WAGE_2022: i64 = 20_000;

/// One procedure's review, by code.
struct Figures {
    code: &'static str,
    cases: u64,
    /// Minutes a case takes the applicant, before and after.
    minutes: (u32, u32),
    /// Travel, copies, printing, post (đồng a case), before and after.
    other: (i64, i64),
    /// Working days now, and proposed (amendments that shorten the time).
    days: Option<u32>,
    /// Documents (by the start of their name) found unneeded or obtainable from data.
    unneeded: &'static [&'static str],
    /// A channel could be online.
    online: bool,
}

const FIGURES: &[Figures] = &[
    Figures {
        code: "1.003583",
        cases: 2,
        minutes: (240, 0),
        other: (50_000, 0),
        days: None,
        unneeded: &[],
        online: false,
    },
    Figures {
        code: "1.000419",
        cases: 0,
        minutes: (240, 0),
        other: (50_000, 0),
        days: None,
        unneeded: &[],
        online: false,
    },
    Figures {
        code: "1.000593",
        cases: 1,
        minutes: (240, 0),
        other: (50_000, 0),
        days: None,
        unneeded: &[],
        online: false,
    },
    Figures {
        code: "1.004845",
        cases: 1,
        minutes: (150, 0),
        other: (20_000, 0),
        days: None,
        unneeded: &[],
        online: false,
    },
    Figures {
        code: "2.000927",
        cases: 6,
        minutes: (180, 0),
        other: (30_000, 0),
        days: None,
        unneeded: &[],
        online: false,
    },
    Figures {
        code: "1.001653",
        cases: 14,
        minutes: (240, 0),
        other: (40_000, 0),
        days: None,
        unneeded: &[],
        online: false,
    },
    Figures {
        code: "1.001612",
        cases: 420,
        minutes: (300, 180),
        other: (60_000, 40_000),
        days: Some(2),
        unneeded: &["Bản sao giấy tờ pháp lý của cá nhân"],
        online: false,
    },
    Figures {
        code: "1.002425",
        cases: 36,
        minutes: (960, 600),
        other: (300_000, 200_000),
        days: Some(15),
        unneeded: &[
            "Giấy xác nhận đủ sức khỏe",
            "Giấy xác nhận đã được tập huấn",
        ],
        online: false,
    },
    Figures {
        code: "1.004746",
        cases: 18,
        minutes: (240, 180),
        other: (40_000, 30_000),
        days: Some(3),
        unneeded: &[],
        online: false,
    },
    Figures {
        code: "1.004884",
        cases: 65,
        minutes: (300, 180),
        other: (40_000, 25_000),
        days: None,
        unneeded: &["Văn bản cam đoan về việc đã đăng ký khai sinh"],
        online: false,
    },
    Figures {
        code: "1.001731",
        cases: 48,
        minutes: (360, 240),
        other: (50_000, 30_000),
        days: Some(6),
        unneeded: &["Bản sao quyết định hưởng trợ cấp xã hội"],
        online: false,
    },
    Figures {
        code: "1.011607",
        cases: 120,
        minutes: (180, 60),
        other: (30_000, 0),
        days: None,
        unneeded: &[],
        online: true,
    },
];

/// 16:00 in Vietnam on `day`, plus `nth` quarter hours, as `who`.
fn recorder(who: (&str, &str), day: Date, nth: i32) -> Recorder {
    let minutes = 16 * 60 + 15 * nth.min(20);
    let time = jiff::tz::Offset::constant(7)
        .to_timestamp(day.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0))
        .map(|t| t.as_second())
        .unwrap_or_default();
    Recorder {
        today: day,
        lang: Lang::Vi,
        author: Some(Author {
            name: who.0.into(),
            email: who.1.into(),
            time,
            offset_minutes: 7 * 60,
        }),
    }
}

/// Per mille of `cases`, rounded.
fn share(cases: u64, per_mille: u64) -> u64 {
    (cases * per_mille + 500) / 1000
}

/// Record the plan and the twelve forms of 2022 on the demo at `root`, and link the proposals
/// to them. Returns the number of commits made.
pub fn add_demo_reviews(root: &Path) -> Result<usize, ReviewError> {
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let mut proposals: Vec<&Proposal> = cat
        .proposals
        .iter()
        .map(|p| &p.record)
        .filter(|p| p.id.starts_with("2022-") && p.target.is_some())
        .collect();
    proposals.sort_by(|a, b| a.id.cmp(&b.id));
    let mut commits = 0;
    let plan = ReviewPlan {
        year: 2022,
        decision: Some(PlanDecision {
            number: "05/KH-UBND".into(),
            date: Some(jiff::civil::date(2022, 1, 4)),
            issuer: Some("UBND thị xã Duy Tiên".into()),
        }),
        wage_per_hour: WAGE_2022,
        due: Some(jiff::civil::date(2022, 6, 30)),
        scope: ReviewScope {
            codes: FIGURES.iter().map(|f| f.code.to_owned()).collect(),
            ..ReviewScope::default()
        },
        assignments: vec![
            Assignment {
                unit: "Phòng Tư pháp".into(),
                person: LAN.0.into(),
                scope: ReviewScope {
                    levels: vec!["xa".into()],
                    ..ReviewScope::default()
                },
                due: Some(jiff::civil::date(2022, 3, 31)),
            },
            Assignment {
                unit: "Văn phòng HĐND và UBND thị xã".into(),
                person: HUNG.0.into(),
                scope: ReviewScope {
                    levels: vec!["huyen".into()],
                    ..ReviewScope::default()
                },
                due: None,
            },
        ],
        notes: Some(
            "Rà soát, đánh giá TTHC cấp huyện, cấp xã 6 tháng đầu năm 2022 (số liệu năm 2021)"
                .into(),
        ),
    };
    save_plan(root, plan, &recorder(LAN, jiff::civil::date(2022, 1, 5), 0))?;
    commits += 1;

    let mut links: Vec<(String, String, Option<ComplianceCost>)> = Vec::new();
    for p in &proposals {
        let Some(target) = &p.target else { continue };
        let Some(fig) = FIGURES.iter().find(|f| f.code == target.code) else {
            continue;
        };
        // Reviewed the working day before the draft: started three days earlier.
        let drafted = p
            .log
            .first()
            .and_then(|t| t.date)
            .unwrap_or(jiff::civil::date(2022, 6, 1));
        let done = drafted.yesterday().unwrap_or(drafted);
        let begun = done.checked_sub(jiff::Span::new().days(3)).unwrap_or(done);
        let who = if target.level == "huyen" { HUNG } else { LAN };
        start(
            root,
            StartRequest {
                year: 2022,
                level: target.level.clone(),
                code: target.code.clone(),
                ..StartRequest::default()
            },
            &recorder(who, begun, 0),
        )?;
        commits += 1;
        let mut form = load(root)?
            .form(2022, &target.level, &target.code)
            .map(|f| f.record.clone())
            .ok_or_else(|| ReviewError::NotFound {
                year: 2022,
                level: target.level.clone(),
                code: target.code.clone(),
            })?;
        let abolish = p.kind == ProposalKind::Abolish;
        let (on_time, online) = if target.level == "huyen" {
            (975, 875)
        } else {
            (971, 863)
        };
        form.necessity.ok = Some(!abolish);
        form.necessity.note = Some(if abolish {
            p.rationale.clone().unwrap_or_default()
        } else {
            "Thủ tục cần thiết để quản lý nhà nước và bảo đảm quyền của người dân".into()
        });
        form.legality.ok = Some(true);
        form.legality.note =
            Some("Được quy định tại văn bản quy phạm pháp luật của cơ quan có thẩm quyền".into());
        form.data.cases_per_year = Some(fig.cases);
        form.data.on_time = Some(share(fig.cases, on_time));
        form.data.online = Some(share(fig.cases, online));
        form.data.source = Some("Phần mềm một cửa điện tử, năm 2021".into());
        let mut parts = Vec::new();
        for c in &mut form.components {
            if c.component == Component::Document
                && fig.unneeded.iter().any(|u| c.subject.starts_with(u))
            {
                c.needed = Some(false);
                c.replaceable_by_data = Some(true);
                c.change = Some("Bỏ thành phần hồ sơ này".into());
                c.reason =
                    Some("Thông tin đã có trong cơ sở dữ liệu hoặc trùng với tờ khai".into());
                parts.push(c.at.clone());
            } else if c.component == Component::Channel && fig.online {
                c.online_possible = Some(true);
                c.change = Some("Bổ sung cách thức nộp hồ sơ trực tuyến".into());
                if parts.is_empty() {
                    parts.push(c.at.clone());
                }
            } else if c.component == Component::Document || c.component == Component::Step {
                c.needed = (c.component == Component::Document).then_some(true);
                c.reasonable = Some(true);
            }
        }
        if let Some(days) = fig.days {
            form.time.actual_days = Some(days);
            form.time.proposed_days = Some(days);
            parts.push("processing_time".into());
        }
        let activities = |m: u32| {
            if m == 0 {
                Vec::new()
            } else {
                vec![
                    Activity {
                        name: "Tìm hiểu, chuẩn bị hồ sơ".into(),
                        minutes: m / 2,
                    },
                    Activity {
                        name: "Đi lại, nộp hồ sơ và nhận kết quả".into(),
                        minutes: m - m / 2,
                    },
                ]
            }
        };
        form.cost.before.activities = activities(fig.minutes.0);
        form.cost.before.other_costs = fig.other.0;
        if !abolish {
            form.cost.after = Some(CostSide {
                activities: activities(fig.minutes.1),
                other_costs: fig.other.1,
                fees: form.cost.before.fees,
                ..CostSide::default()
            });
        }
        form.conclusion.kind = Some(match p.kind {
            ProposalKind::Abolish => ConclusionKind::Abolish,
            ProposalKind::Replace => ConclusionKind::Replace,
            _ => ConclusionKind::Amend,
        });
        if !abolish {
            form.conclusion.parts = parts;
        }
        form.conclusion.reasons = p.rationale.clone();
        form.recommendation.text = p.plan.clone();
        form.recommendation.actor = Some(
            if target.level == "huyen" {
                "UBND tỉnh Hà Nam"
            } else {
                "Bộ Tư pháp; UBND tỉnh Hà Nam"
            }
            .into(),
        );
        form.recommendation.by = Some(jiff::civil::date(2022, 12, 31));
        let figures = form.figures(WAGE_2022);
        save(
            root,
            form.clone(),
            Base::Current,
            true,
            &recorder(who, done, 1),
        )?;
        commits += 1;
        let cost = (figures.per_year_before > 0).then_some(ComplianceCost {
            before: figures.per_year_before,
            after: figures.per_year_after,
        });
        links.push((p.id.clone(), form.id(), cost));
    }

    // The proposals name the form they came from, and carry the cost it computed.
    let mut tx = Transaction::begin(root)?;
    for (id, form, cost) in &links {
        let rel = store::proposal_path(id);
        let Some(bytes) = tx.read(&rel)? else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let Ok(mut p) = store::parse_text::<Proposal>(&rel, &text) else {
            continue;
        };
        p.review = Some(form.clone());
        if cost.is_some() {
            p.compliance_cost.clone_from(cost);
        }
        let new = store::canonical_text(&rel, &p).map_err(WorkspaceError::from)?;
        tx.write(&rel, Some(bytes), new.into_bytes());
    }
    if !tx.is_empty() {
        let rec = recorder(LAN, jiff::civil::date(2022, 6, 30), 0);
        tx.commit_as(
            &format!(
                "Liên kết {:02} đề xuất 6 tháng đầu năm 2022 với phiếu rà soát và chi phí tuân thủ đã tính",
                links.len()
            ),
            rec.author.as_ref(),
        )?;
        commits += 1;
    }
    Ok(commits)
}
