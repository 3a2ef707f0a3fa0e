//! Why a decision could not be recorded or applied, in words for both UI languages.

use crate::diagnostic::Diagnostic;
use crate::history::HistoryError;
use crate::i18n::Lang;
use crate::model::Date;
use crate::present::date_display;
use crate::store::StoreError;
use crate::workspace::WorkspaceError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("no decision with id {id}")]
    NotFound { id: String },
    #[error("{path}: the decision file does not parse; fix it first (tthc validate)")]
    Unparsed { path: PathBuf },
    #[error("the decision is not valid")]
    Invalid(Vec<Diagnostic>),
    #[error("decision {number} of {date} is already recorded as {id}")]
    AlreadyRecorded {
        number: String,
        date: Date,
        id: String,
    },
    #[error("the decision is dated {date}, after today ({today})")]
    InFuture { date: Date, today: Date },
    #[error("the date of applying, {date}, is after today ({today})")]
    AppliedInFuture { date: Date, today: Date },
    #[error("the date of applying, {date}, is before the decision's date {decided}")]
    AppliedBeforeDecision { date: Date, decided: Date },
}

impl From<StoreError> for DecisionError {
    fn from(e: StoreError) -> Self {
        DecisionError::Workspace(e.into())
    }
}

impl From<HistoryError> for DecisionError {
    fn from(e: HistoryError) -> Self {
        DecisionError::Workspace(e.into())
    }
}

impl DecisionError {
    /// The message in the UI language. Problems of the decision come one per line, each with
    /// where it is in the record (`effects[2].legal_text`).
    pub fn message(&self, lang: Lang) -> String {
        use DecisionError::*;
        let vi = lang == Lang::Vi;
        let day = |d: &Date| date_display(*d, lang);
        match self {
            Workspace(e) => e.to_string(),
            NotFound { id } => {
                if vi {
                    format!("không có quyết định {id} (xem tthc decision list)")
                } else {
                    format!("no decision {id} (see tthc decision list)")
                }
            }
            Unparsed { path } => {
                if vi {
                    format!(
                        "{}: tệp quyết định không đọc được; sửa trước (tthc validate)",
                        path.display()
                    )
                } else {
                    self.to_string()
                }
            }
            Invalid(diags) => {
                let head = lang.pick("quyết định chưa hợp lệ:", "the decision is not valid:");
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
            AlreadyRecorded { number, date, id } => {
                if vi {
                    format!(
                        "quyết định {number} ngày {} đã được ghi nhận ({id}; xem tthc decision show {id})",
                        day(date)
                    )
                } else {
                    format!(
                        "decision {number} of {} is already recorded ({id}; see tthc decision show {id})",
                        day(date)
                    )
                }
            }
            InFuture { date, today } => {
                if vi {
                    format!(
                        "quyết định ghi ngày {}, sau ngày hôm nay ({}); hãy kiểm tra lại --date",
                        day(date),
                        day(today)
                    )
                } else {
                    format!(
                        "the decision is dated {}, after today ({}); check --date",
                        day(date),
                        day(today)
                    )
                }
            }
            AppliedInFuture { date, today } => {
                if vi {
                    format!(
                        "ngày áp dụng {} sau ngày hôm nay ({})",
                        day(date),
                        day(today)
                    )
                } else {
                    format!(
                        "the date of applying, {}, is after today ({})",
                        day(date),
                        day(today)
                    )
                }
            }
            AppliedBeforeDecision { date, decided } => {
                if vi {
                    format!(
                        "ngày áp dụng {} trước ngày ký quyết định {}",
                        day(date),
                        day(decided)
                    )
                } else {
                    format!(
                        "the date of applying, {}, is before the decision's date {}",
                        day(date),
                        day(decided)
                    )
                }
            }
        }
    }
}
