//! What can be wrong in the review records, in words for both UI languages.

use super::Message;
use crate::diagnostic::ReviewProblem;
use crate::i18n::Lang;
use crate::model::Manifest;
use crate::present::date_display;

impl Message for ReviewProblem {
    fn message_with(&self, lang: Lang, _names: Option<&Manifest>) -> String {
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

    fn hint(&self, lang: Lang) -> Option<String> {
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
