//! What can be wrong in a decision record and why a row cannot apply, in words for both UI
//! languages.

use super::Message;
use super::review::unparsed;
use crate::diagnostic::DecisionProblem;
use crate::i18n::{Lang, effect_kind_label};
use crate::model::Manifest;
use crate::present::date_display;
use crate::workspace::decisions::{Blocker, RowPlan};

impl Message for DecisionProblem {
    fn message_with(&self, lang: Lang, _names: Option<&Manifest>) -> String {
        use DecisionProblem::*;
        let vi = lang == Lang::Vi;
        match self {
            BadId { id } => {
                if vi {
                    format!("mã quyết định `{id}` không đúng dạng NĂM-SỐ (ví dụ 2026-001)")
                } else {
                    format!("decision id `{id}` is not of the form YEAR-NUMBER (e.g. 2026-001)")
                }
            }
            NoEffects => lang
                .pick(
                    "quyết định chưa có dòng nào (effects): mỗi thủ tục được công bố là một dòng",
                    "the decision has no rows (effects): one row per procedure it publishes",
                )
                .into(),
            EffectiveBeforeDate { effective, date } => {
                if vi {
                    format!(
                        "ngày có hiệu lực {} trước ngày ký quyết định {}",
                        date_display(*effective, lang),
                        date_display(*date, lang)
                    )
                } else {
                    format!(
                        "the effective date {} is before the decision's date {}",
                        date_display(*effective, lang),
                        date_display(*date, lang)
                    )
                }
            }
            RecordRequired { kind } => {
                if vi {
                    format!(
                        "dòng “{}” cần nội dung đầy đủ của thủ tục (record)",
                        effect_kind_label(*kind, lang)
                    )
                } else {
                    format!(
                        "a “{}” row needs the procedure's full record (record)",
                        effect_kind_label(*kind, lang)
                    )
                }
            }
            RecordNotAllowed => lang
                .pick(
                    "dòng bãi bỏ không kèm nội dung thủ tục (bỏ record)",
                    "an abolition row carries no record (remove record)",
                )
                .into(),
            RecordMismatch { level, code } => match (code, vi) {
                (Some(code), true) => {
                    format!("nội dung thủ tục (record) phải có cấp `{level}` và mã `{code}` như dòng")
                }
                (Some(code), false) => {
                    format!("the record must have level `{level}` and code `{code}`, as the row")
                }
                (None, true) => {
                    format!("thủ tục thay thế (record) phải ở cùng cấp `{level}` với dòng")
                }
                (None, false) => {
                    format!("the replacing record must be at the row's level `{level}`")
                }
            },
            TransferTargetRequired => lang
                .pick(
                    "dòng chuyển cấp cần nơi chuyển đến (to: level, và code nếu đổi mã)",
                    "a transfer row needs where it goes (to: level, and code if it changes)",
                )
                .into(),
            TransferToSame => lang
                .pick(
                    "nơi chuyển đến trùng với nơi chuyển đi",
                    "the transfer goes where the procedure already is",
                )
                .into(),
            ToNotAllowed => lang
                .pick(
                    "`to` chỉ dùng cho dòng chuyển cấp (kind: transferred)",
                    "`to` is only for a transfer row (kind: transferred)",
                )
                .into(),
            LegalTextRequired => lang
                .pick(
                    "mỗi dòng phải nêu văn bản quy phạm pháp luật quy định nội dung thay đổi (legal_text.number)",
                    "each row must name the legal text that causes the change (legal_text.number)",
                )
                .into(),
            DuplicateRow { other } => {
                if vi {
                    format!("dòng này cùng thủ tục với dòng {other}")
                } else {
                    format!("this row touches the same procedure as row {other}")
                }
            }
            LevelNotInCatalogue { level } => {
                if vi {
                    format!(
                        "cấp `{level}` không có trong danh mục này: dòng được ghi nhận nhưng không áp dụng ở đây"
                    )
                } else {
                    format!(
                        "level `{level}` is not in this catalogue: the row is recorded but does not apply here"
                    )
                }
            }
        }
    }

    fn hint(&self, lang: Lang) -> Option<String> {
        use DecisionProblem::*;
        let s = match self {
            LegalTextRequired => lang.pick(
                "ví dụ legal_text: {number: 120/2025/NĐ-CP, effective: 2025-07-01}",
                "e.g. legal_text: {number: 120/2025/NĐ-CP, effective: 2025-07-01}",
            ),
            RecordRequired { .. } => lang.pick(
                "chép tệp procedures/<cấp>/<mã>.yaml vào dưới record: rồi sửa theo quyết định",
                "copy procedures/<level>/<code>.yaml under record: and edit it as the decision says",
            ),
            LevelNotInCatalogue { .. } => lang.pick(
                "các cấp của danh mục được khai báo trong catalog.yaml (levels)",
                "the catalogue's levels are declared in catalog.yaml (levels)",
            ),
            _ => return None,
        };
        Some(s.to_owned())
    }
}

/// Why the row cannot apply, in the UI language; levels by their names in `m`.
pub fn blocker(b: &Blocker, m: &Manifest, lang: Lang) -> String {
    {
        use Blocker::*;
        let vi = lang == Lang::Vi;
        let lv = |l: &str| m.level_name(l).to_owned();
        match b {
            LevelNotInCatalogue { level } => {
                if vi {
                    format!("cấp `{level}` không có trong danh mục này")
                } else {
                    format!("level `{level}` is not in this catalogue")
                }
            }
            NotInCatalogue { level, code } => {
                if vi {
                    format!("danh mục không có thủ tục {code} ở {}", lv(level))
                } else {
                    format!("the catalogue has no procedure {code} at {}", lv(level))
                }
            }
            AlreadyExists { level, code } => {
                if vi {
                    format!("đã có thủ tục {code} ở {}", lv(level))
                } else {
                    format!("a procedure {code} already exists at {}", lv(level))
                }
            }
            AlreadyAbolished { level, code } => {
                if vi {
                    format!("thủ tục {code} ({}) đã bị bãi bỏ", lv(level))
                } else {
                    format!("procedure {code} ({}) is already abolished", lv(level))
                }
            }
            Conflict {
                level,
                code,
                fields,
            } => {
                let list: Vec<&str> = fields
                    .iter()
                    .filter(|f| f.conflict)
                    .map(|f| crate::i18n::field_label(&f.field, lang))
                    .collect();
                if vi {
                    format!(
                        "thủ tục {code} ({}) đã được sửa tại đây sau khi ghi nhận quyết định, khác với quyết định ở: {}",
                        lv(level),
                        list.join(", ")
                    )
                } else {
                    format!(
                        "procedure {code} ({}) was edited here after the decision was recorded, differently from it in: {}",
                        lv(level),
                        list.join(", ")
                    )
                }
            }
            BaseUnavailable { level, code } => {
                if vi {
                    format!(
                        "thủ tục {code} ({}) đã được sửa sau khi ghi nhận quyết định, và bản khi ghi nhận không còn trong kho git để so sánh",
                        lv(level)
                    )
                } else {
                    format!(
                        "procedure {code} ({}) was edited after the decision was recorded, and the version it was recorded against is not in the repository to compare",
                        lv(level)
                    )
                }
            }
            Unparsed { path } => unparsed(path, lang),
            Invalid { problems } => {
                let list: Vec<String> = problems
                    .iter()
                    .map(|d| {
                        format!(
                            "{}: {}",
                            crate::diagnostic::pointer_text(&d.pointer),
                            d.message(lang)
                        )
                    })
                    .collect();
                format!(
                    "{} {}",
                    lang.pick(
                        "nội dung thủ tục chưa hợp lệ trong danh mục này:",
                        "the record is not valid in this catalogue:"
                    ),
                    list.join("; ")
                )
            }
            SameProcedure { row } => {
                if vi {
                    format!("cùng thủ tục với dòng {row}")
                } else {
                    format!("touches the same procedure as row {row}")
                }
            }
        }
    }
}

impl Message for crate::workspace::decisions::Refusal {
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String {
        use crate::workspace::decisions::Refusal::*;
        match self {
            LegalTextDateMissing => lang
                .pick(
                    "cần ngày ban hành của văn bản quy định trong dòng của quyết định (legal_text.date) để ghi bước “đã sửa văn bản pháp luật”",
                    "the row's legal text needs its date (legal_text.date) to record the step “legal text amended”",
                )
                .to_owned(),
            Rule(e) => e.message_with(lang, names),
        }
    }
}

/// A decision row's note that applying it keeps the edits made here since it was recorded
/// (`fields`: top-level field keys), in both faces; `None` when there are none.
pub fn kept_edits(fields: &[String], lang: Lang) -> Option<String> {
    if fields.is_empty() {
        return None;
    }
    let kept: Vec<&str> = fields
        .iter()
        .map(|f| crate::i18n::field_label(f, lang))
        .collect();
    Some(format!(
        "{}: {}",
        lang.pick(
            "Giữ các sửa đổi tại chỗ sau khi ghi nhận quyết định",
            "Keeps the edits made here since the decision was recorded"
        ),
        kept.join(", ")
    ))
}

/// What applying a decision row does to a proposal it answers: moved to applied, or why it
/// stays where it is.
pub fn proposal_move(
    p: &crate::workspace::decisions::ProposalMove,
    m: &Manifest,
    lang: Lang,
) -> String {
    use crate::i18n::proposal_status_label;
    let proposal = lang.pick("Đề xuất", "Proposal");
    let from = proposal_status_label(p.from, lang);
    match &p.refused {
        None => format!(
            "{proposal} {} ({from}) → {}",
            p.id,
            proposal_status_label(crate::model::ProposalStatus::Applied, lang)
        ),
        Some((_, why)) => format!(
            "{proposal} {} ({from}): {} — {}",
            p.id,
            lang.pick("không chuyển trạng thái", "stays where it is"),
            why.message_with(lang, Some(m))
        ),
    }
}

/// Where a decision row's procedure stands, as a table of rows shows it: its level's name and
/// its code, each written `before{arrow}after` when the row moves it (a transfer, a replacement
/// under a new code). `arrow` is the table's own (`" → "` in the CLI, `"→"` in narrow columns).
pub fn row_place(r: &RowPlan, m: &Manifest, arrow: &str) -> (String, String) {
    let level = if r.level_after == r.level {
        m.level_name(&r.level).to_owned()
    } else {
        format!(
            "{}{arrow}{}",
            m.level_name(&r.level),
            m.level_name(&r.level_after)
        )
    };
    let code = if r.code_after == r.code {
        r.code.clone()
    } else {
        format!("{}{arrow}{}", r.code, r.code_after)
    };
    (level, code)
}
