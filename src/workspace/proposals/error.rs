//! Why a proposal step was refused, in words for both UI languages.

use crate::diagnostic::Diagnostic;
use crate::history::HistoryError;
use crate::i18n::{self, Lang};
use crate::model::{ProposalStatus, Target};
use crate::proposal_rules::{RuleError, ThreeWayField};
use crate::store::StoreError;
use crate::workspace::WorkspaceError;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ProposalError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("no proposal with id {id}")]
    NotFound { id: String },
    #[error("{path}: the proposal file does not parse; fix it first (tthc validate)")]
    Unparsed { path: PathBuf },
    #[error("no procedure {code} at level {level}")]
    TargetNotFound { level: String, code: String },
    #[error("a procedure {code} already exists at level {level}")]
    TargetExists { level: String, code: String },
    #[error("procedure {code} ({level}) is already abolished")]
    TargetAbolished { level: String, code: String },
    #[error("this kind of proposal needs a target procedure (code and level)")]
    TargetRequired,
    #[error("the proposed record must keep the target's level {level} (and code {code} for amend)")]
    ProposedMismatch { level: String, code: String },
    #[error("this kind of proposal needs the proposed record (--from FILE.yaml)")]
    ProposedRequired,
    #[error("an abolition needs its reason (--reason)")]
    ReasonRequired,
    #[error("the proposed record is the same as the current one")]
    NoChange,
    #[error("the proposal is not valid")]
    Invalid(Vec<Diagnostic>),
    #[error("proposal {id}: applying changes the catalogue; use `tthc proposal apply {id}`")]
    ApplyThroughApply { id: String },
    #[error("the target changed since the proposal was drafted")]
    Stale(Box<StaleTarget>),
}

impl From<StoreError> for ProposalError {
    fn from(e: StoreError) -> Self {
        ProposalError::Workspace(e.into())
    }
}

impl From<HistoryError> for ProposalError {
    fn from(e: HistoryError) -> Self {
        ProposalError::Workspace(e.into())
    }
}

/// A proposal whose target changed since its base: what changed, field by field, with the base,
/// current and proposed values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleTarget {
    pub id: String,
    pub target: Target,
    /// The base record is no longer in the repository (shallow clone): no comparison possible.
    pub base_available: bool,
    pub fields: Vec<ThreeWayField>,
    /// No field changed since is also changed by the proposal: `--rebase` carries it over.
    pub can_rebase: bool,
}

fn statuses(list: &[ProposalStatus], lang: Lang) -> String {
    if list.is_empty() {
        return lang
            .pick("(không còn bước nào)", "(none: it is final)")
            .into();
    }
    list.iter()
        .map(|s| {
            format!(
                "{} ({})",
                status_key(*s),
                i18n::proposal_status_label(*s, lang)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The status as typed on the command line: `sent_to_province`.
pub fn status_key(s: ProposalStatus) -> &'static str {
    use ProposalStatus::*;
    match s {
        Draft => "draft",
        Submitted => "submitted",
        SentToProvince => "sent_to_province",
        Approved => "approved",
        Rejected => "rejected",
        ForwardedToMinistry => "forwarded_to_ministry",
        LegalTextAmended => "legal_text_amended",
        Published => "published",
        Applied => "applied",
        Withdrawn => "withdrawn",
    }
}

impl ProposalError {
    /// The message in the UI language.
    pub fn message(&self, lang: Lang) -> String {
        use ProposalError::*;
        let vi = lang == Lang::Vi;
        let st = |s: &ProposalStatus| i18n::proposal_status_label(*s, lang);
        match self {
            Workspace(e) => e.to_string(),
            Rule(RuleError::IllegalTransition { from, to, allowed }) => {
                if vi {
                    format!(
                        "không thể chuyển từ “{}” sang “{}”; bước tiếp theo được phép: {}",
                        st(from),
                        st(to),
                        statuses(allowed, lang)
                    )
                } else {
                    format!(
                        "cannot go from “{}” to “{}”; allowed next: {}",
                        st(from),
                        st(to),
                        statuses(allowed, lang)
                    )
                }
            }
            Rule(RuleError::DocumentRequired { to }) => {
                if vi {
                    format!(
                        "bước “{}” cần {} (--document) và ngày văn bản (--date)",
                        st(to),
                        i18n::proposal_document_label(*to, lang)
                    )
                } else {
                    format!(
                        "the step “{}” needs the {} (--document) and its date (--date)",
                        st(to),
                        i18n::proposal_document_label(*to, lang)
                    )
                }
            }
            Rule(RuleError::DateRequired { to }) => {
                if vi {
                    format!("bước “{}” cần ngày của văn bản (--date YYYY-MM-DD)", st(to))
                } else {
                    format!(
                        "the step “{}” needs the document's date (--date YYYY-MM-DD)",
                        st(to)
                    )
                }
            }
            Rule(RuleError::DateBeforePrevious { date, previous }) => {
                if vi {
                    format!("ngày {date} sớm hơn ngày của bước trước ({previous})")
                } else {
                    format!("the date {date} is before the previous step's date {previous}")
                }
            }
            Rule(RuleError::DateInFuture { date, today }) => {
                if vi {
                    format!("ngày {date} ở tương lai (hôm nay là {today})")
                } else {
                    format!("the date {date} is in the future (today is {today})")
                }
            }
            Rule(RuleError::FourEyes { drafter, to }) => {
                if vi {
                    format!(
                        "quy tắc bốn mắt: {drafter} là người soạn đề xuất nên không thể ghi nhận “{}”; người khác phải ghi nhận, hoặc vượt quy tắc bằng --force --reason \"lý do\" (sẽ bị đánh dấu)",
                        st(to)
                    )
                } else {
                    format!(
                        "four-eyes rule: {drafter} drafted this proposal and cannot record “{}”; someone else must, or override with --force --reason \"why\" (it stays flagged)",
                        st(to)
                    )
                }
            }
            Rule(RuleError::ForceWithoutReason) => lang
                .pick(
                    "--force cần kèm lý do (--reason \"…\")",
                    "--force needs a reason (--reason \"…\")",
                )
                .into(),
            NotFound { id } => {
                if vi {
                    format!("không có đề xuất {id} (xem tthc proposal list)")
                } else {
                    format!("no proposal {id} (see tthc proposal list)")
                }
            }
            Unparsed { path } => {
                if vi {
                    format!(
                        "{}: tệp đề xuất không đọc được; sửa trước (tthc validate)",
                        path.display()
                    )
                } else {
                    self.to_string()
                }
            }
            TargetNotFound { level, code } => {
                if vi {
                    format!("không có thủ tục {code} ở cấp {level}")
                } else {
                    self.to_string()
                }
            }
            TargetExists { level, code } => {
                if vi {
                    format!("đã có thủ tục {code} ở cấp {level}")
                } else {
                    self.to_string()
                }
            }
            TargetAbolished { level, code } => {
                if vi {
                    format!("thủ tục {code} ({level}) đã bị bãi bỏ")
                } else {
                    self.to_string()
                }
            }
            TargetRequired => lang
                .pick(
                    "loại đề xuất này cần thủ tục đích (mã và --level)",
                    "this kind of proposal needs a target procedure (code and --level)",
                )
                .into(),
            ProposedMismatch { level, code } => {
                if vi {
                    format!(
                        "bản đề xuất phải giữ cấp {level} (và mã {code} khi sửa đổi) của thủ tục đích"
                    )
                } else {
                    self.to_string()
                }
            }
            ProposedRequired => lang
                .pick(
                    "loại đề xuất này cần nội dung đề xuất (--from TỆP.yaml)",
                    "this kind of proposal needs the proposed record (--from FILE.yaml)",
                )
                .into(),
            ReasonRequired => lang
                .pick(
                    "đề xuất bãi bỏ cần nêu lý do (--reason)",
                    "an abolition needs its reason (--reason)",
                )
                .into(),
            NoChange => lang
                .pick(
                    "nội dung đề xuất giống hệt thủ tục hiện hành; không có gì để đề xuất",
                    "the proposed record is the same as the current one; nothing to propose",
                )
                .into(),
            Invalid(diags) => {
                let head = lang.pick("đề xuất chưa hợp lệ:", "the proposal is not valid:");
                let lines: Vec<String> = diags
                    .iter()
                    .map(|d| {
                        format!(
                            "  {}: {}",
                            crate::diagnostic::pointer_text(&d.pointer),
                            d.message(lang)
                        )
                    })
                    .collect();
                format!("{head}\n{}", lines.join("\n"))
            }
            ApplyThroughApply { id } => {
                if vi {
                    format!(
                        "áp dụng vào danh mục làm thay đổi thủ tục; dùng `tthc proposal apply {id}`"
                    )
                } else {
                    self.to_string()
                }
            }
            Stale(s) => {
                if vi {
                    format!(
                        "thủ tục {} ({}) đã thay đổi kể từ khi soạn đề xuất {}; chưa áp dụng gì",
                        s.target.code, s.target.level, s.id
                    )
                } else {
                    format!(
                        "procedure {} ({}) changed since proposal {} was drafted; nothing was applied",
                        s.target.code, s.target.level, s.id
                    )
                }
            }
        }
    }
}
