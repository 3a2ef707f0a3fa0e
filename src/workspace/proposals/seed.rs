//! The twelve proposals of the first half of 2022 (the seed article: "6 tháng đầu năm 2022 đã
//! đề nghị cấp có thẩm quyền bãi bỏ 06 TTHC cấp xã; sửa đổi 02 TTHC cấp huyện, 04 TTHC cấp xã"),
//! recorded step by step on the sample catalogue for the demo history. A flat table by design.
//!
//! Every step is one commit dated on the step's day (08:00 +07:00, a quarter of an hour apart
//! for steps of the same day), authored by the person who records it: drafts and internal
//! submissions by the legal officer, everything from the report to the province on by the
//! office — so the four-eyes rule holds without overrides. Document numbers, dates and texts are
//! illustrative, like the sample catalogue.
//!
//! Use [`seed_h1_2022`] to record everything at once, or [`H1Seed::run_until`] to interleave the
//! steps with other dated commits of a history (each call records the steps dated up to a day).

use super::{ApplyOptions, DraftRequest, ProposalError, Recorder, advance, apply, draft};
use crate::history::Author;
use crate::i18n::Lang;
use crate::model::{
    ComplianceCost, Date, DossierDocument, OnlineMode, Procedure, ProposalKind, ProposalStatus,
    Target,
};
use crate::proposal_rules::StepRequest;
use crate::store;
use crate::workspace::WorkspaceError;
use std::collections::BTreeMap;
use std::path::Path;

/// A person who records steps in the demo history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedPerson {
    pub name: &'static str,
    pub email: &'static str,
}

/// Drafts the proposals and submits them internally (Phòng Tư pháp, which coordinates the
/// control of administrative procedures).
pub const H1_2022_DRAFTER: SeedPerson = SeedPerson {
    name: "Nguyễn Thị Lan",
    email: "lan.tuphap@duytien.example",
};

/// Sends reports to the province and records its answers, the publications and the updates of
/// the catalogue (Văn phòng HĐND và UBND thị xã).
pub const H1_2022_RECORDER: SeedPerson = SeedPerson {
    name: "Trần Văn Hùng",
    email: "hung.vanphong@duytien.example",
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Drafter,
    Recorder,
}

/// What one step does.
#[derive(Debug, Clone, Copy)]
enum Action {
    Draft(&'static Plan),
    Advance {
        to: ProposalStatus,
        document: Option<&'static str>,
        note: Option<&'static str>,
    },
    Apply,
}

/// One drafted proposal.
#[derive(Debug)]
struct Plan {
    kind: ProposalKind,
    level: &'static str,
    code: &'static str,
    title: &'static str,
    rationale: &'static str,
    plan: &'static str,
    cost: Option<(i64, i64)>,
    /// How the proposed record differs from the current one (amendments).
    change: Option<fn(&mut Procedure)>,
}

#[derive(Debug, Clone, Copy)]
struct Step {
    /// Which of the twelve (1-based).
    n: usize,
    date: (i16, i8, i8),
    who: Who,
    action: Action,
}

const fn draft_step(n: usize, date: (i16, i8, i8), plan: &'static Plan) -> Step {
    Step {
        n,
        date,
        who: Who::Drafter,
        action: Action::Draft(plan),
    }
}

const fn step(
    n: usize,
    date: (i16, i8, i8),
    who: Who,
    to: ProposalStatus,
    document: Option<&'static str>,
    note: Option<&'static str>,
) -> Step {
    Step {
        n,
        date,
        who,
        action: Action::Advance { to, document, note },
    }
}

/// Records the steps of the twelve proposals in date order; remembers which are done and the id
/// each proposal received (the next free id of 2022 when it was drafted).
pub struct H1Seed {
    steps: Vec<Step>,
    done: usize,
    ids: BTreeMap<usize, String>,
    drafter: SeedPerson,
    recorder: SeedPerson,
}

impl Default for H1Seed {
    fn default() -> Self {
        H1Seed::new()
    }
}

impl H1Seed {
    /// The plan, with [`H1_2022_DRAFTER`] and [`H1_2022_RECORDER`].
    pub fn new() -> H1Seed {
        H1Seed::with_people(H1_2022_DRAFTER, H1_2022_RECORDER)
    }

    /// The plan with other people (they must be two different emails for four-eyes to hold).
    pub fn with_people(drafter: SeedPerson, recorder: SeedPerson) -> H1Seed {
        let mut steps = steps();
        steps.sort_by_key(|s| s.date);
        H1Seed {
            steps,
            done: 0,
            ids: BTreeMap::new(),
            drafter,
            recorder,
        }
    }

    /// How many steps (commits) remain.
    pub fn remaining(&self) -> usize {
        self.steps.len() - self.done
    }

    /// The day of the next step to record, if any remain.
    pub fn next_date(&self) -> Option<Date> {
        self.steps.get(self.done).map(|s| civil(s.date))
    }

    /// Record, on the catalogue at `root`, every remaining step dated on or before `until`.
    /// Returns the commits made. The catalogue must be the sample's (the targets must exist).
    pub fn run_until(&mut self, root: &Path, until: Date) -> Result<Vec<String>, ProposalError> {
        let mut commits = Vec::new();
        let mut same_day = 0;
        let mut last_day = None;
        while let Some(s) = self.steps.get(self.done).copied() {
            let day = civil(s.date);
            if day > until {
                break;
            }
            same_day = if last_day == Some(day) {
                same_day + 1
            } else {
                0
            };
            last_day = Some(day);
            let person = match s.who {
                Who::Drafter => self.drafter,
                Who::Recorder => self.recorder,
            };
            let rec = Recorder {
                today: day,
                lang: Lang::Vi,
                author: Some(author(person, day, same_day)),
            };
            let recorded = match s.action {
                Action::Draft(plan) => draft(root, request(root, plan)?, &rec)?,
                Action::Advance { to, document, note } => advance(
                    root,
                    self.id(s.n),
                    StepRequest {
                        to,
                        document_no: document.map(str::to_owned),
                        date: Some(day),
                        note: note.map(str::to_owned),
                        force: None,
                    },
                    &rec,
                )?,
                Action::Apply => apply(root, self.id(s.n), &ApplyOptions::default(), &rec)?,
            };
            self.ids.entry(s.n).or_insert(recorded.id);
            commits.push(recorded.commit);
            self.done += 1;
        }
        Ok(commits)
    }

    /// Record every remaining step.
    pub fn run_all(&mut self, root: &Path) -> Result<Vec<String>, ProposalError> {
        self.run_until(root, jiff::civil::Date::MAX)
    }

    fn id(&self, n: usize) -> &str {
        self.ids.get(&n).map_or("", String::as_str)
    }
}

/// Record the twelve proposals of H1 2022 on the sample catalogue at `root`, one commit per step
/// (50 commits), dated from 10/01/2022 to 24/06/2022. Returns the commits made.
pub fn seed_h1_2022(root: &Path) -> Result<Vec<String>, ProposalError> {
    H1Seed::new().run_all(root)
}

fn civil((y, m, d): (i16, i8, i8)) -> Date {
    jiff::civil::date(y, m, d)
}

/// 08:00 in Vietnam (UTC+7) plus a quarter of an hour per earlier step that day.
fn author(p: SeedPerson, day: Date, nth: i32) -> Author {
    let minutes = 8 * 60 + 15 * nth.min(40);
    // The table's dates are all in range, so the conversion cannot fail.
    let time = jiff::tz::Offset::constant(7)
        .to_timestamp(day.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0))
        .map(|t| t.as_second())
        .unwrap_or_default();
    Author {
        name: p.name.into(),
        email: p.email.into(),
        time,
        offset_minutes: 7 * 60,
    }
}

/// The draft request of a plan, with the proposed record built from the current one.
fn request(root: &Path, plan: &Plan) -> Result<DraftRequest, ProposalError> {
    let proposed = match plan.change {
        Some(change) => {
            let cat = store::load(root).map_err(WorkspaceError::from)?;
            let current = cat.procedure(plan.level, plan.code).ok_or_else(|| {
                ProposalError::TargetNotFound {
                    level: plan.level.into(),
                    code: plan.code.into(),
                }
            })?;
            let mut p = current.record.clone();
            change(&mut p);
            Some(p)
        }
        None => None,
    };
    Ok(DraftRequest {
        kind: plan.kind,
        target: Some(Target {
            level: plan.level.into(),
            code: plan.code.into(),
        }),
        title: Some(plan.title.into()),
        rationale: Some(plan.rationale.into()),
        plan: Some(plan.plan.into()),
        proposed,
        compliance_cost: plan
            .cost
            .map(|(before, after)| ComplianceCost { before, after }),
        note: None,
        date: None,
        review: None,
    })
}

// The twelve plans.

static KHAI_SINH_LUU_DONG: Plan = Plan {
    kind: ProposalKind::Abolish,
    level: "xa",
    code: "1.003583",
    title: "Bãi bỏ thủ tục “Đăng ký khai sinh lưu động”",
    rationale: "Đăng ký lưu động là cách thức thực hiện của thủ tục đăng ký khai sinh (công chức tư pháp - hộ tịch đến nơi cư trú của người dân), không phải một thủ tục hành chính riêng: hồ sơ, thời hạn, cơ quan và kết quả trùng với thủ tục 1.001193. Năm 2021 trên địa bàn thị xã chỉ phát sinh 02 trường hợp.",
    plan: "Bãi bỏ thủ tục; quy định việc đăng ký lưu động thành một trường hợp trong thủ tục “Đăng ký khai sinh” (1.001193).",
    cost: Some((4_800_000, 0)),
    change: None,
};

static KHAI_TU_LUU_DONG: Plan = Plan {
    kind: ProposalKind::Abolish,
    level: "xa",
    code: "1.000419",
    title: "Bãi bỏ thủ tục “Đăng ký khai tử lưu động”",
    rationale: "Trùng với thủ tục “Đăng ký khai tử” (1.000656) về hồ sơ, thời hạn và kết quả; khác biệt duy nhất là địa điểm tiếp nhận. Năm 2021 không phát sinh hồ sơ.",
    plan: "Bãi bỏ thủ tục; đưa việc đăng ký lưu động thành một trường hợp của thủ tục “Đăng ký khai tử” (1.000656).",
    cost: None,
    change: None,
};

static KET_HON_LUU_DONG: Plan = Plan {
    kind: ProposalKind::Abolish,
    level: "xa",
    code: "1.000593",
    title: "Bãi bỏ thủ tục “Đăng ký kết hôn lưu động”",
    rationale: "Trùng với thủ tục “Đăng ký kết hôn” (1.000894); đăng ký lưu động chỉ là hình thức tổ chức thực hiện. Thủ tục được quy định tại Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP nên cần kiến nghị Bộ Tư pháp sửa văn bản.",
    plan: "Bãi bỏ thủ tục; quy định đăng ký lưu động thành một trường hợp của thủ tục “Đăng ký kết hôn” (1.000894).",
    cost: None,
    change: None,
};

static CHAM_DUT_GIAM_HO: Plan = Plan {
    kind: ProposalKind::Abolish,
    level: "xa",
    code: "1.004845",
    title: "Bãi bỏ thủ tục “Đăng ký chấm dứt giám hộ”",
    rationale: "Số hồ sơ phát sinh rất ít (01 hồ sơ năm 2021); việc chấm dứt giám hộ có thể ghi chú vào Sổ đăng ký giám hộ theo thủ tục “Đăng ký giám hộ” (1.004837).",
    plan: "Bãi bỏ thủ tục; ghép nội dung chấm dứt giám hộ vào thủ tục “Đăng ký giám hộ”.",
    cost: None,
    change: None,
};

static SUA_LOI_HOP_DONG: Plan = Plan {
    kind: ProposalKind::Abolish,
    level: "xa",
    code: "2.000927",
    title: "Bãi bỏ thủ tục “Sửa lỗi sai sót trong hợp đồng, giao dịch”",
    rationale: "Việc sửa lỗi kỹ thuật trong hợp đồng đã chứng thực có trình tự, hồ sơ tương tự thủ tục “Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch” (2.000913); tách riêng gây khó khăn cho người dân khi lựa chọn thủ tục.",
    plan: "Bãi bỏ thủ tục; bổ sung trường hợp sửa lỗi sai sót vào thủ tục 2.000913.",
    cost: None,
    change: None,
};

static GIAY_XAC_NHAN_KHUYET_TAT: Plan = Plan {
    kind: ProposalKind::Abolish,
    level: "xa",
    code: "1.001653",
    title: "Bãi bỏ thủ tục “Đổi, cấp lại Giấy xác nhận khuyết tật”",
    rationale: "Hồ sơ và trình tự trùng với thủ tục “Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật” (1.001699) trong trường hợp không phải đánh giá lại; việc cấp lại có thể thực hiện ngay khi tiếp nhận.",
    plan: "Bãi bỏ thủ tục; bổ sung trường hợp đổi, cấp lại vào thủ tục 1.001699 với thời hạn 05 ngày làm việc.",
    cost: None,
    change: None,
};

static HO_KINH_DOANH: Plan = Plan {
    kind: ProposalKind::Amend,
    level: "huyen",
    code: "1.001612",
    title: "Sửa đổi thủ tục “Đăng ký thành lập hộ kinh doanh”: cắt giảm thời hạn và thành phần hồ sơ",
    rationale: "Thông tin giấy tờ pháp lý của cá nhân đã khai thác được từ Cơ sở dữ liệu quốc gia về dân cư; thực tế 6 tháng cuối năm 2021, 98% hồ sơ được giải quyết trong 02 ngày làm việc.",
    plan: "Giảm thời hạn giải quyết từ 03 xuống 02 ngày làm việc; bỏ thành phần hồ sơ “Bản sao giấy tờ pháp lý của cá nhân”, cơ quan giải quyết tự khai thác từ Cơ sở dữ liệu quốc gia về dân cư.",
    cost: Some((186_400_000, 121_500_000)),
    change: Some(|p| {
        p.processing_time.value = Some(2);
        for g in &mut p.dossier {
            g.documents
                .retain(|d| !d.name.starts_with("Bản sao giấy tờ pháp lý của cá nhân"));
        }
    }),
};

static AN_TOAN_THUC_PHAM: Plan = Plan {
    kind: ProposalKind::Amend,
    level: "huyen",
    code: "1.002425",
    title: "Sửa đổi thủ tục “Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm”",
    rationale: "Hai giấy xác nhận về sức khỏe và tập huấn kiến thức đều do chủ cơ sở tự xác nhận nên có thể gộp thành một bản cam kết; thời gian thẩm định thực tế bình quân năm 2021 là 09 ngày làm việc.",
    plan: "Giảm thời hạn giải quyết từ 20 xuống 15 ngày làm việc; gộp hai thành phần hồ sơ xác nhận sức khỏe và xác nhận tập huấn thành một bản cam kết của chủ cơ sở.",
    cost: Some((93_600_000, 64_200_000)),
    change: Some(|p| {
        p.processing_time.value = Some(15);
        for g in &mut p.dossier {
            g.documents.retain(|d| {
                !d.name.starts_with("Giấy xác nhận đủ sức khỏe")
                    && !d.name.starts_with("Giấy xác nhận đã được tập huấn")
            });
            g.documents.push(DossierDocument {
                name: "Bản cam kết của chủ cơ sở về sức khỏe và kiến thức an toàn thực phẩm của chủ cơ sở và người trực tiếp sản xuất, kinh doanh thực phẩm".into(),
                originals: 1,
                ..DossierDocument::default()
            });
        }
    }),
};

static DANG_KY_LAI_KET_HON: Plan = Plan {
    kind: ProposalKind::Amend,
    level: "xa",
    code: "1.004746",
    title: "Sửa đổi thủ tục “Đăng ký lại kết hôn”: cắt giảm thời hạn giải quyết",
    rationale: "Cơ sở dữ liệu hộ tịch điện tử đã số hóa sổ hộ tịch từ năm 2000, việc tra cứu không còn phải thực hiện thủ công.",
    plan: "Giảm thời hạn giải quyết từ 05 xuống 03 ngày làm việc; trường hợp phải xác minh từ 10 xuống 07 ngày làm việc.",
    cost: None,
    change: Some(|p| {
        p.processing_time.value = Some(3);
        p.processing_time.note = Some(
            "Trường hợp phải tiến hành xác minh thì thời hạn giải quyết không quá 07 ngày làm việc."
                .into(),
        );
    }),
};

static DANG_KY_LAI_KHAI_SINH: Plan = Plan {
    kind: ProposalKind::Amend,
    level: "xa",
    code: "1.004884",
    title: "Sửa đổi thủ tục “Đăng ký lại khai sinh”: bỏ văn bản cam đoan",
    rationale: "Nội dung cam đoan đã có trong Tờ khai đăng ký lại khai sinh (người yêu cầu ký và chịu trách nhiệm), văn bản cam đoan riêng là giấy tờ trùng lặp.",
    plan: "Bỏ thành phần hồ sơ “Văn bản cam đoan về việc đã đăng ký khai sinh nhưng không lưu giữ được bản sao Giấy khai sinh”.",
    cost: Some((12_400_000, 9_100_000)),
    change: Some(|p| {
        for g in &mut p.dossier {
            g.documents.retain(|d| {
                !d.name
                    .starts_with("Văn bản cam đoan về việc đã đăng ký khai sinh")
            });
        }
    }),
};

static MAI_TANG: Plan = Plan {
    kind: ProposalKind::Amend,
    level: "xa",
    code: "1.001731",
    title: "Sửa đổi thủ tục “Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội”",
    rationale: "Quyết định hưởng trợ cấp xã hội của người đã chết do chính UBND cấp xã lưu giữ; yêu cầu gia đình nộp bản sao là không cần thiết. Thời gian luân chuyển hồ sơ giữa xã và Phòng Lao động - Thương binh và Xã hội có thể rút ngắn qua phần mềm một cửa điện tử.",
    plan: "Bỏ thành phần hồ sơ “Bản sao quyết định hưởng trợ cấp xã hội của người đã chết”; giảm thời hạn giải quyết từ 08 xuống 06 ngày làm việc.",
    cost: None,
    change: Some(|p| {
        p.processing_time.value = Some(6);
        if p.internal_process.is_empty() {
            p.processing_time.note = Some("Gồm 02 ngày làm việc tại UBND cấp xã, 02 ngày làm việc tại Phòng Lao động - Thương binh và Xã hội và 02 ngày làm việc để Chủ tịch UBND thị xã quyết định.".into());
        }
        // The internal process (where the record has one) is shortened with it.
        for step in &mut p.internal_process {
            step.days = Some(2);
            step.hours = None;
        }
        for g in &mut p.dossier {
            g.documents.retain(|d| {
                !d.name
                    .starts_with("Bản sao quyết định hưởng trợ cấp xã hội")
            });
        }
    }),
};

static HO_NGHEO: Plan = Plan {
    kind: ProposalKind::Amend,
    level: "xa",
    code: "1.011607",
    title: "Sửa đổi thủ tục “Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm”: bổ sung nộp hồ sơ trực tuyến",
    rationale: "Hộ gia đình phải đến trụ sở UBND xã để nộp một giấy đề nghị; cho phép nộp trực tuyến giúp giảm chi phí đi lại, nhất là với hộ có người già, người khuyết tật.",
    plan: "Bổ sung cách thức nộp hồ sơ trực tuyến qua Cổng dịch vụ công tỉnh Hà Nam (dịch vụ công trực tuyến một phần).",
    cost: None,
    change: Some(|p| {
        p.channels.push(crate::model::Channel {
            kind: crate::model::ChannelKind::Online,
            description: Some(
                "Nộp giấy đề nghị trực tuyến qua Cổng dịch vụ công tỉnh Hà Nam".into(),
            ),
            ..Default::default()
        });
        p.online_service.mode = OnlineMode::Partial;
        p.online_service.legacy_level = Some(3);
    }),
};

/// Every step of the half-year, by proposal. The order of the drafts (by date) gives the ids.
fn steps() -> Vec<Step> {
    use ProposalStatus::*;
    use Who::{Drafter as D, Recorder as R};
    let tr_1 = Some("08/TTr-TP");
    let bc_1 = Some("15/BC-UBND");
    let qd_duyet_1 = Some("512/QĐ-UBND");
    let cv_bo = Some("702/UBND-KSTT");
    let qd_btp = Some("1087/QĐ-BTP");
    let qd_cong_bo_1 = Some("1252/QĐ-UBND");
    let tr_2 = Some("31/TTr-TP");
    let bc_2 = Some("45/BC-UBND");
    let qd_duyet_2 = Some("1190/QĐ-UBND");
    let mut s = vec![
        // 1. Khai sinh lưu động: the whole way, applied in June.
        draft_step(1, (2022, 1, 10), &KHAI_SINH_LUU_DONG),
        step(1, (2022, 1, 14), D, Submitted, tr_1, None),
        step(1, (2022, 1, 21), R, SentToProvince, bc_1, None),
        step(1, (2022, 3, 18), R, Approved, qd_duyet_1, None),
        step(
            1,
            (2022, 3, 25),
            R,
            ForwardedToMinistry,
            cv_bo,
            Some("UBND tỉnh kiến nghị Bộ Tư pháp sửa Nghị định số 123/2015/NĐ-CP"),
        ),
        step(1, (2022, 5, 20), R, LegalTextAmended, qd_btp, None),
        step(1, (2022, 6, 10), R, Published, qd_cong_bo_1, None),
        Step {
            n: 1,
            date: (2022, 6, 15),
            who: R,
            action: Action::Apply,
        },
        // 2. Khai tử lưu động: published, not yet applied.
        draft_step(2, (2022, 1, 10), &KHAI_TU_LUU_DONG),
        step(2, (2022, 1, 14), D, Submitted, tr_1, None),
        step(2, (2022, 1, 21), R, SentToProvince, bc_1, None),
        step(2, (2022, 3, 18), R, Approved, qd_duyet_1, None),
        step(2, (2022, 3, 25), R, ForwardedToMinistry, cv_bo, None),
        step(2, (2022, 5, 20), R, LegalTextAmended, qd_btp, None),
        step(2, (2022, 6, 10), R, Published, qd_cong_bo_1, None),
        // 3. Kết hôn lưu động: with the ministry.
        draft_step(3, (2022, 1, 10), &KET_HON_LUU_DONG),
        step(3, (2022, 1, 14), D, Submitted, tr_1, None),
        step(3, (2022, 1, 21), R, SentToProvince, bc_1, None),
        step(3, (2022, 3, 18), R, Approved, qd_duyet_1, None),
        step(
            3,
            (2022, 3, 25),
            R,
            ForwardedToMinistry,
            cv_bo,
            Some("Bộ Tư pháp đang tổng hợp kiến nghị sửa Luật Hộ tịch"),
        ),
        // 4. Chấm dứt giám hộ: rejected.
        draft_step(4, (2022, 1, 11), &CHAM_DUT_GIAM_HO),
        step(4, (2022, 1, 14), D, Submitted, tr_1, None),
        step(4, (2022, 1, 21), R, SentToProvince, bc_1, None),
        step(
            4,
            (2022, 3, 18),
            R,
            Rejected,
            Some("498/UBND-KSTT"),
            Some(
                "Giữ nguyên thủ tục: chấm dứt giám hộ là sự kiện hộ tịch độc lập theo Luật Hộ tịch, phải được đăng ký riêng",
            ),
        ),
        // 7. Hộ kinh doanh (district): published in late June.
        draft_step(7, (2022, 1, 12), &HO_KINH_DOANH),
        step(7, (2022, 1, 14), D, Submitted, tr_1, None),
        step(7, (2022, 1, 21), R, SentToProvince, bc_1, None),
        step(7, (2022, 3, 18), R, Approved, qd_duyet_1, None),
        step(
            7,
            (2022, 5, 27),
            R,
            LegalTextAmended,
            Some("1150/QĐ-UBND"),
            Some("UBND tỉnh sửa quy trình nội bộ giải quyết TTHC lĩnh vực hộ kinh doanh"),
        ),
        step(7, (2022, 6, 24), R, Published, Some("1390/QĐ-UBND"), None),
        // 8. An toàn thực phẩm (district): approved in the second round.
        draft_step(8, (2022, 1, 18), &AN_TOAN_THUC_PHAM),
        step(8, (2022, 4, 8), D, Submitted, tr_2, None),
        step(8, (2022, 4, 15), R, SentToProvince, bc_2, None),
        step(8, (2022, 6, 8), R, Approved, qd_duyet_2, None),
        // 5. Sửa lỗi sai sót hợp đồng: approved in the second round.
        draft_step(5, (2022, 2, 22), &SUA_LOI_HOP_DONG),
        step(5, (2022, 4, 8), D, Submitted, tr_2, None),
        step(5, (2022, 4, 15), R, SentToProvince, bc_2, None),
        step(5, (2022, 6, 8), R, Approved, qd_duyet_2, None),
        // 6, 9, 10: waiting for the province.
        draft_step(6, (2022, 3, 3), &GIAY_XAC_NHAN_KHUYET_TAT),
        step(6, (2022, 4, 8), D, Submitted, tr_2, None),
        step(6, (2022, 4, 15), R, SentToProvince, bc_2, None),
        draft_step(9, (2022, 3, 9), &DANG_KY_LAI_KET_HON),
        step(9, (2022, 4, 8), D, Submitted, tr_2, None),
        step(9, (2022, 4, 15), R, SentToProvince, bc_2, None),
        draft_step(10, (2022, 3, 22), &DANG_KY_LAI_KHAI_SINH),
        step(10, (2022, 4, 8), D, Submitted, tr_2, None),
        step(10, (2022, 4, 15), R, SentToProvince, bc_2, None),
        // 11. Mai táng: submitted internally.
        draft_step(11, (2022, 5, 10), &MAI_TANG),
        step(11, (2022, 5, 16), D, Submitted, Some("52/TTr-TP"), None),
        // 12. Hộ nghèo: still a draft.
        draft_step(12, (2022, 6, 20), &HO_NGHEO),
    ];
    // Same-day steps keep the order above (drafts of a day before their later steps).
    s.sort_by_key(|s| s.date);
    s
}
