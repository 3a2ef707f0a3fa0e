//! Values on the command line as people type them: dates `dd/mm/yyyy` (ISO too), amounts
//! `1.500.000`, statuses by their Vietnamese names (`--to "đã trình"`) or their keys
//! (`submitted`), without minding diacritics or case. Errors carry the value; [`InputError`]
//! is worded in the user's language where clap's error is rendered.

use tthc::i18n::{self, Lang};
use tthc::model::input::AmountError;
use tthc::model::{Date, ProcedureStatus, ProposalStatus};
use tthc::search::fold;

/// A value the command line refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    Date(String),
    Amount(String, AmountError),
    /// Not a status of a proposal: the value, and the nearest status's key.
    ProposalStatus(String, Option<&'static str>),
    /// Not a status of a procedure.
    ProcedureStatus(String, Option<&'static str>),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for InputError {}

impl InputError {
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let did_you_mean = |s: &Option<&str>| match s {
            Some(key) if vi => format!("; có phải ý bạn là `{key}`?"),
            Some(key) => format!("; did you mean `{key}`?"),
            None => String::new(),
        };
        match self {
            InputError::Date(text) => {
                if vi {
                    format!("`{text}` không phải ngày; viết ngày/tháng/năm, ví dụ 15/03/2022")
                } else {
                    format!("`{text}` is not a date; write YYYY-MM-DD, e.g. 2022-03-15")
                }
            }
            InputError::Amount(text, why) => {
                format!("`{text}`: {}", i18n::amount_error(*why, lang))
            }
            InputError::ProposalStatus(text, near) => {
                let all: Vec<String> = PROPOSAL_STATUSES
                    .iter()
                    .map(|(s, key)| format!("{} ({key})", i18n::proposal_status_label(*s, lang)))
                    .collect();
                format!(
                    "`{text}` {}{}\n{} {}",
                    lang.pick(
                        "không phải trạng thái của đề xuất",
                        "is not a status of a proposal"
                    ),
                    did_you_mean(near),
                    lang.pick("Các trạng thái:", "The statuses:"),
                    all.join(", ")
                )
            }
            InputError::ProcedureStatus(text, near) => {
                let all: Vec<String> = PROCEDURE_STATUSES
                    .iter()
                    .map(|(s, key)| format!("{} ({key})", i18n::status_label(*s, lang)))
                    .collect();
                format!(
                    "`{text}` {}{}\n{} {}",
                    lang.pick(
                        "không phải tình trạng của thủ tục",
                        "is not a status of a procedure"
                    ),
                    did_you_mean(near),
                    lang.pick("Các tình trạng:", "The statuses:"),
                    all.join(", ")
                )
            }
        }
    }
}

/// A date: `15/03/2022` or `2022-03-15`.
pub fn parse_date(text: &str) -> Result<Date, InputError> {
    tthc::model::input::parse_date(text).ok_or_else(|| InputError::Date(text.to_owned()))
}

/// A commit, tag, branch or date for `--at` and `diff`: a date typed `dd/mm/yyyy` is handed
/// on as ISO, anything else as it is.
pub fn rev_or_date(text: &str) -> Result<String, InputError> {
    let looks_like_day =
        text.contains('/') && text.bytes().all(|b| b.is_ascii_digit() || b == b'/');
    match tthc::model::input::parse_date(text) {
        Some(d) if looks_like_day => Ok(d.to_string()),
        None if looks_like_day => Err(InputError::Date(text.to_owned())),
        _ => Ok(text.to_owned()),
    }
}

/// An amount of đồng: `150000`, `150.000`, `150.000 đ`.
pub fn parse_amount(text: &str) -> Result<i64, InputError> {
    tthc::model::input::parse_amount(text).map_err(|why| InputError::Amount(text.to_owned(), why))
}

/// The key of a status (`sent_to_province`, `sent-to-province`) or its name (`đã gửi tỉnh`,
/// `da gui tinh`), folded for comparing.
fn folded(text: &str) -> String {
    fold(text)
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The value whose key or name (in either language) is `text`, or the nearest key.
fn choose<T: Copy>(
    text: &str,
    all: &[(T, &'static str)],
    labels: impl Fn(T, Lang) -> &'static str,
) -> Result<T, Option<&'static str>> {
    let want = folded(text);
    for (value, key) in all {
        if want == folded(key)
            || want == folded(labels(*value, Lang::Vi))
            || want == folded(labels(*value, Lang::En))
        {
            return Ok(*value);
        }
    }
    let keys: Vec<&'static str> = all.iter().map(|(_, k)| *k).collect();
    let names: Vec<String> = all
        .iter()
        .map(|(v, _)| folded(labels(*v, Lang::Vi)))
        .collect();
    let by_name = i18n::nearest(&want, names.iter().map(String::as_str))
        .and_then(|n| names.iter().position(|x| x == n))
        .map(|i| keys[i]);
    Err(by_name.or_else(|| i18n::nearest(&want.replace(' ', "_"), keys.iter().copied())))
}

pub const PROPOSAL_STATUSES: &[(ProposalStatus, &str)] = &[
    (ProposalStatus::Draft, "draft"),
    (ProposalStatus::Submitted, "submitted"),
    (ProposalStatus::SentToProvince, "sent_to_province"),
    (ProposalStatus::Approved, "approved"),
    (ProposalStatus::Rejected, "rejected"),
    (ProposalStatus::ForwardedToMinistry, "forwarded_to_ministry"),
    (ProposalStatus::LegalTextAmended, "legal_text_amended"),
    (ProposalStatus::Published, "published"),
    (ProposalStatus::Applied, "applied"),
    (ProposalStatus::Withdrawn, "withdrawn"),
];

pub const PROCEDURE_STATUSES: &[(ProcedureStatus, &str)] = &[
    (ProcedureStatus::Published, "published"),
    (ProcedureStatus::Amended, "amended"),
    (ProcedureStatus::Abolished, "abolished"),
    (ProcedureStatus::Draft, "draft"),
];

/// A proposal's status: `submitted`, `đã trình`, `da trinh`.
pub fn parse_proposal_status(text: &str) -> Result<ProposalStatus, InputError> {
    choose(text, PROPOSAL_STATUSES, i18n::proposal_status_label)
        .map_err(|near| InputError::ProposalStatus(text.to_owned(), near))
}

/// A procedure's status: `published`, `Đang công khai`, `bãi bỏ`.
pub fn parse_procedure_status(text: &str) -> Result<ProcedureStatus, InputError> {
    choose(text, PROCEDURE_STATUSES, i18n::status_label)
        .map_err(|near| InputError::ProcedureStatus(text.to_owned(), near))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_by_key_or_name() {
        for text in [
            "submitted",
            "Submitted",
            "đã trình",
            "Đã trình",
            "da trinh",
            "DA TRINH",
        ] {
            assert_eq!(
                parse_proposal_status(text),
                Ok(ProposalStatus::Submitted),
                "{text}"
            );
        }
        for text in [
            "sent_to_province",
            "sent-to-province",
            "đã gửi tỉnh",
            "da gui tinh",
        ] {
            assert_eq!(
                parse_proposal_status(text),
                Ok(ProposalStatus::SentToProvince),
                "{text}"
            );
        }
        assert_eq!(
            parse_proposal_status("submited"),
            Err(InputError::ProposalStatus(
                "submited".into(),
                Some("submitted")
            ))
        );
        assert_eq!(
            parse_proposal_status("đã trinhf"),
            Err(InputError::ProposalStatus(
                "đã trinhf".into(),
                Some("submitted")
            ))
        );
        assert_eq!(
            parse_procedure_status("bãi bỏ"),
            Ok(ProcedureStatus::Abolished)
        );
        assert_eq!(
            parse_procedure_status("Đang công khai"),
            Ok(ProcedureStatus::Published)
        );
    }

    #[test]
    fn dates_and_revisions() {
        assert_eq!(parse_date("15/03/2022").unwrap().to_string(), "2022-03-15");
        assert_eq!(parse_date("2022-03-15").unwrap().to_string(), "2022-03-15");
        assert!(parse_date("HEAD~1").is_err());
        assert_eq!(rev_or_date("30/06/2022").unwrap(), "2022-06-30");
        assert_eq!(rev_or_date("HEAD~1").unwrap(), "HEAD~1");
        assert_eq!(
            rev_or_date("publication/2022-06-30").unwrap(),
            "publication/2022-06-30"
        );
        assert_eq!(rev_or_date("2022-06-30").unwrap(), "2022-06-30");
        assert!(rev_or_date("31/02/2022").is_err());
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("1.500.000"), Ok(1_500_000));
        assert_eq!(parse_amount("10.000 đ"), Ok(10_000));
        assert!(parse_amount("10,5").is_err());
    }
}
