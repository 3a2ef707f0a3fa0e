//! What `tthc validate` says about reviews: plans past due with forms missing, forms without
//! data, "keep" without reasons, forms that do not match their file or their procedure.

use super::{Reviews, form_path};
use crate::diagnostic::{Diagnostic, PathSeg, Problem, Severity};
use crate::i18n::Lang;
use crate::model::{ConclusionKind, Date};
use crate::present::date_display;
use crate::store::Catalog;

/// A review plan or form that is late, incomplete or inconsistent.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewProblem {
    /// The plan's due date has passed and forms are missing or not completed.
    PastDue {
        due: Date,
        missing: usize,
        incomplete: usize,
    },
    /// A completed form without the year's figures (cases, on time, online).
    NoData,
    /// "Keep" without reasons: the formal review the article complains of.
    KeepWithoutReasons,
    /// The form is not where its year, level and code say (the expected path).
    WrongPlace { expected: String },
    /// The form is about a procedure the catalogue does not hold.
    NoProcedure { level: String, code: String },
    /// The plan gives no income per hour: no compliance cost can be computed.
    NoWage,
}

impl ReviewProblem {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            ReviewProblem::PastDue {
                due,
                missing,
                incomplete,
            } => {
                let due = date_display(*due, lang);
                if vi {
                    format!(
                        "kế hoạch rà soát đã quá hạn ({due}): {missing} thủ tục chưa có phiếu, {incomplete} phiếu chưa hoàn thành"
                    )
                } else {
                    format!(
                        "the review plan is past due ({due}): {missing} procedures without a form, {incomplete} forms not completed"
                    )
                }
            }
            ReviewProblem::NoData => lang
                .pick(
                    "phiếu rà soát đã hoàn thành nhưng không có số liệu (số hồ sơ/năm, đúng hạn, trực tuyến)",
                    "a completed review form without data (cases a year, on time, online)",
                )
                .into(),
            ReviewProblem::KeepWithoutReasons => lang
                .pick(
                    "kết luận “giữ nguyên” mà không nêu lý do",
                    "the conclusion is “keep” with no reasons given",
                )
                .into(),
            ReviewProblem::WrongPlace { expected } => {
                if vi {
                    format!("phiếu rà soát phải nằm ở {expected}")
                } else {
                    format!("the review form belongs at {expected}")
                }
            }
            ReviewProblem::NoProcedure { level, code } => {
                if vi {
                    format!("danh mục không có thủ tục {code} ở cấp {level}")
                } else {
                    format!("the catalogue holds no procedure {code} at level {level}")
                }
            }
            ReviewProblem::NoWage => lang
                .pick(
                    "kế hoạch chưa có thu nhập bình quân một giờ (wage_per_hour): không tính được chi phí tuân thủ",
                    "the plan gives no income per hour (wage_per_hour): compliance cost cannot be computed",
                )
                .into(),
        }
    }

    pub fn hint(&self, lang: Lang) -> Option<String> {
        let s = match self {
            ReviewProblem::PastDue { .. } => lang.pick(
                "xem tiến độ: tthc review plan --year NĂM",
                "see progress: tthc review plan --year YEAR",
            ),
            ReviewProblem::NoData => lang.pick(
                "nhập số liệu từ phần mềm một cửa: tthc review import TỆP.csv --year NĂM",
                "import the one-stop statistics: tthc review import FILE.csv --year YEAR",
            ),
            ReviewProblem::KeepWithoutReasons => lang.pick(
                "ghi lý do vào conclusion.reasons",
                "give the reasons in conclusion.reasons",
            ),
            _ => return None,
        };
        Some(s.to_owned())
    }
}

fn diag(rel: &std::path::Path, severity: Severity, p: ReviewProblem) -> Diagnostic {
    Diagnostic::new(rel, severity, Problem::Review(p))
}

/// Every review problem of the catalogue `cat` on `today`: the files' own parse problems, then
/// the warnings of §7.2.
pub fn check(cat: &Catalog, reviews: &Reviews, today: Date) -> Vec<Diagnostic> {
    let mut out = reviews.problems.clone();
    for stored in &reviews.forms {
        let r = &stored.record;
        let expected = form_path(r.year, &r.level, &r.code);
        if expected != stored.path {
            out.push(diag(
                &stored.path,
                Severity::Error,
                ReviewProblem::WrongPlace {
                    expected: expected.to_string_lossy().into_owned(),
                },
            ));
        }
        if cat.procedure(&r.level, &r.code).is_none() {
            out.push(diag(
                &stored.path,
                Severity::Warning,
                ReviewProblem::NoProcedure {
                    level: r.level.clone(),
                    code: r.code.clone(),
                },
            ));
        }
        if r.is_completed() && r.data.cases_per_year.is_none() {
            out.push(
                diag(&stored.path, Severity::Warning, ReviewProblem::NoData)
                    .at(vec![PathSeg::key("data")]),
            );
        }
        if r.conclusion.kind == Some(ConclusionKind::Keep)
            && r.conclusion
                .reasons
                .as_deref()
                .is_none_or(|s| s.trim().is_empty())
        {
            out.push(
                diag(
                    &stored.path,
                    Severity::Warning,
                    ReviewProblem::KeepWithoutReasons,
                )
                .at(vec![PathSeg::key("conclusion")]),
            );
        }
    }
    for stored in &reviews.plans {
        let plan = &stored.record;
        if plan.wage_per_hour <= 0 {
            out.push(
                diag(&stored.path, Severity::Warning, ReviewProblem::NoWage)
                    .at(vec![PathSeg::key("wage_per_hour")]),
            );
        }
        let rows = super::progress::rows(plan, cat, reviews, today);
        let late: Vec<_> = rows.iter().filter(|r| r.overdue()).collect();
        if let Some(due) = late.iter().filter_map(|r| r.due).min() {
            let missing = late.iter().filter(|r| r.form.is_none()).count();
            out.push(diag(
                &stored.path,
                Severity::Warning,
                ReviewProblem::PastDue {
                    due,
                    missing,
                    incomplete: late.len() - missing,
                },
            ));
        }
    }
    out
}
