//! The rules of the 2026 record (issue 16), in words for both UI languages.

use super::Message;
use crate::diagnostic::RecordProblem;
use crate::i18n::Lang;
use crate::model::{Date, Manifest};

impl Message for RecordProblem {
    fn message_with(&self, lang: Lang, _names: Option<&Manifest>) -> String {
        use RecordProblem::*;
        let vi = lang == Lang::Vi;
        let d = |d: &Date| crate::present::date_display(*d, lang);
        match self {
            OlderSchema { found, current } => {
                if vi {
                    format!(
                        "danh mục ở định dạng phiên bản {found}; phiên bản hiện tại là {current}"
                    )
                } else {
                    format!("the catalogue is in format version {found}; the current one is {current}")
                }
            }
            LegalExpired { number, on } => match (on, vi) {
                (Some(on), true) => format!("căn cứ pháp lý {number} hết hiệu lực từ {}", d(on)),
                (Some(on), false) => format!("legal basis {number} expired on {}", d(on)),
                (None, true) => format!("căn cứ pháp lý {number} đã hết hiệu lực"),
                (None, false) => format!("legal basis {number} has expired"),
            },
            AmendedByUncited { number, amending } => {
                if vi {
                    format!(
                        "{number} đã được sửa đổi bởi {amending}, nhưng thủ tục chưa dẫn {amending} trong căn cứ pháp lý"
                    )
                } else {
                    format!(
                        "{number} is amended by {amending}, which the procedure's legal basis does not cite"
                    )
                }
            }
            PublicationTooLate {
                decision,
                date,
                number,
                effective,
                working_days,
            } => {
                if vi {
                    format!(
                        "quyết định công bố {decision} ngày {} chỉ trước {working_days} ngày làm việc so với ngày {number} có hiệu lực ({}); cần ít nhất 5 ngày làm việc",
                        d(date),
                        d(effective)
                    )
                } else {
                    format!(
                        "publication decision {decision} of {} is only {working_days} working days before {number} takes effect ({}); at least 5 are required",
                        d(date),
                        d(effective)
                    )
                }
            }
            ProcessTooLong {
                hours,
                limit_hours,
                committed,
            } => {
                let (took, limit) = (
                    crate::present::working_time(*hours, lang),
                    crate::present::working_time(*limit_hours, lang),
                );
                match (committed, vi) {
                    (true, true) => format!(
                        "quy trình nội bộ cộng lại {took}, quá thời hạn cam kết {limit}"
                    ),
                    (false, true) => format!(
                        "quy trình nội bộ cộng lại {took}, quá thời hạn giải quyết {limit}"
                    ),
                    (true, false) => format!(
                        "the internal process adds up to {took}, more than the committed time of {limit}"
                    ),
                    (false, false) => format!(
                        "the internal process adds up to {took}, more than the processing time of {limit}"
                    ),
                }
            }
            CommittedLonger => lang
                .pick(
                    "thời hạn cam kết dài hơn thời hạn theo quy định",
                    "the committed time is longer than the statutory time",
                )
                .into(),
            CapAsFeeLine => lang
                .pick(
                    "dòng phí này là mức thu tối đa, không phải một khoản phí",
                    "this fee line is a cap, not a fee",
                )
                .into(),
            CapBelowAmount { max, amount } => {
                if vi {
                    format!(
                        "mức tối đa {} thấp hơn mức thu {}",
                        crate::present::vnd(*max),
                        crate::present::vnd(*amount)
                    )
                } else {
                    format!(
                        "the cap {} is lower than the amount {}",
                        crate::present::vnd(*max),
                        crate::present::vnd(*amount)
                    )
                }
            }
            TierRange => lang
                .pick(
                    "khoảng của bậc phí trống hoặc chồng lên bậc trước (from ≤ to, tăng dần)",
                    "the tier's range is empty or overlaps the previous tier (from ≤ to, ascending)",
                )
                .into(),
            InterlinkedLinksNothing => lang
                .pick(
                    "có liên thông nhưng chưa ghi thủ tục liên thông nào",
                    "inter-agency one-stop is on, but no procedure is linked",
                )
                .into(),
            AgencyTwice { id } => {
                if vi {
                    format!("cơ quan `{id}` được ghi hai lần")
                } else {
                    format!("agency `{id}` is listed twice")
                }
            }
            FullButNotEligible => lang
                .pick(
                    "cung cấp trực tuyến toàn trình nhưng ghi là không đủ điều kiện toàn trình",
                    "provided fully online but recorded as not eligible for it",
                )
                .into(),
            LegalNotInRegister { number } => {
                if vi {
                    format!(
                        "căn cứ pháp lý {number} chỉ ghi số hiệu, nhưng sổ văn bản (legal/) không có văn bản này"
                    )
                } else {
                    format!(
                        "legal basis {number} is cited by number only, but the register (legal/) does not hold it"
                    )
                }
            }
            LegalFileName { number, expected } => {
                let expected = expected.display();
                if vi {
                    format!("tệp của văn bản {number} phải có tên {expected}")
                } else {
                    format!("the file of {number} must be named {expected}")
                }
            }
            LegalTwice { number, other } => {
                let other = other.display();
                if vi {
                    format!("văn bản {number} đã có trong sổ tại {other}")
                } else {
                    format!("{number} is already in the register at {other}")
                }
            }
            LegalDatesOrder => lang
                .pick(
                    "ngày không theo thứ tự: ngày ban hành (signed) ≤ ngày có hiệu lực (effective) ≤ ngày hết hiệu lực (expires)",
                    "dates out of order: signed ≤ effective ≤ expires",
                )
                .into(),
            LegalAmendsItself => lang
                .pick(
                    "văn bản không thể tự sửa đổi chính nó",
                    "a text cannot amend itself",
                )
                .into(),
        }
    }

    fn hint(&self, lang: Lang) -> Option<String> {
        use RecordProblem::*;
        let s = match self {
            OlderSchema { .. } => lang.pick(
                "chạy `tthc fmt --migrate` (một lần ghi, xem trước bằng `--check`)",
                "run `tthc fmt --migrate` (one commit; preview with `--check`)",
            ),
            LegalExpired { .. } | AmendedByUncited { .. } => lang.pick(
                "cập nhật căn cứ pháp lý theo văn bản đang có hiệu lực",
                "update the legal basis to the texts in force",
            ),
            PublicationTooLate { .. } => lang.pick(
                "quyết định công bố phải ban hành trước ít nhất 5 ngày làm việc tính đến ngày văn bản có hiệu lực",
                "a publication decision is due at least 5 working days before the legal text takes effect",
            ),
            ProcessTooLong { .. } => lang.pick(
                "rút ngắn các bước (days, hours) hoặc sửa thời hạn",
                "shorten the steps (days, hours) or correct the time",
            ),
            CapAsFeeLine => lang.pick(
                "ghi số tiền vào `max` (và `max_unit`) của dòng phí mà nó giới hạn, rồi xóa dòng này",
                "put the amount in `max` (and `max_unit`) of the fee it limits and remove this line",
            ),
            InterlinkedLinksNothing => lang.pick(
                "ghi mã các thủ tục liên thông vào `linked`, hoặc tắt `enabled`",
                "list the linked procedures' codes in `linked`, or turn `enabled` off",
            ),
            LegalNotInRegister { .. } => lang.pick(
                "ghi trích yếu (title) vào dòng này, hoặc thêm văn bản vào sổ legal/<số-hiệu>.yaml",
                "give the row its title, or add the text to the register as legal/<number>.yaml",
            ),
            LegalFileName { .. } => lang.pick(
                "đổi tên tệp theo số hiệu văn bản (chữ thường, không dấu, `/` thành `-`)",
                "rename the file after the text's number (lower case, no marks, `/` as `-`)",
            ),
            _ => return None,
        };
        Some(s.to_owned())
    }
}

/// What a user is told when their first write migrated the catalogue to the current format.
pub fn migrated_first(m: &crate::workspace::Migrated, lang: Lang) -> String {
    let id = crate::present::short_commit(&m.commit);
    match lang {
        Lang::Vi => format!(
            "Danh mục ở định dạng phiên bản {} nên đã được chuyển sang phiên bản {} trước, trong một lần ghi riêng ({id}, {} tệp, như `tthc fmt --migrate`); thay đổi của bạn được lưu ngay sau đó.",
            m.from, m.to, m.files
        ),
        Lang::En => format!(
            "The catalogue was in format version {} and was first migrated to version {} in a commit of its own ({id}, {} files, as `tthc fmt --migrate` does); your change was saved right after it.",
            m.from, m.to, m.files
        ),
    }
}
