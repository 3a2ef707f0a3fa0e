//! Why a review plan or form could not be started, saved, completed or turned into a proposal,
//! in words for both UI languages (the error carries data only).

use super::errors::procedure;
use super::{Describe, Message};
use crate::i18n::{Lang, level_name};
use crate::model::Manifest;

impl Message for crate::workspace::reviews::ReviewError {
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String {
        use crate::workspace::reviews::ReviewError::*;
        let vi = lang == Lang::Vi;
        match self {
            Workspace(e) => e.message_with(lang, names),
            Proposal(e) => e.message_with(lang, names),
            NotFound { year, level, code } => {
                let at = if level.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", level_name(level, names, lang))
                };
                if vi {
                    format!(
                        "chưa có phiếu rà soát năm {year} cho thủ tục {code}{at} (lập phiếu: tthc review start {code})"
                    )
                } else {
                    format!(
                        "no review form of {year} for procedure {code}{at} (start one: tthc review start {code})"
                    )
                }
            }
            SeveralForms { code, levels } => {
                let levels: Vec<String> = levels.iter().map(|l| format!("--level {l}")).collect();
                if vi {
                    format!(
                        "thủ tục {code} có phiếu ở nhiều cấp; chọn một: {}",
                        levels.join(", ")
                    )
                } else {
                    format!(
                        "procedure {code} has forms at several levels; pick one: {}",
                        levels.join(", ")
                    )
                }
            }
            NoProcedure { level, code } => format!(
                "{} {}",
                lang.pick("danh mục không có", "the catalogue holds no"),
                procedure(code, level, names, lang)
            ),
            Unparsed { path } => {
                if vi {
                    format!(
                        "{}: tệp không đọc được; sửa trước (tthc validate)",
                        path.display()
                    )
                } else {
                    format!(
                        "{}: the file does not parse; fix it first (tthc validate)",
                        path.display()
                    )
                }
            }
            AlreadyStarted { path } => {
                if vi {
                    format!(
                        "đã có phiếu rà soát {}; mở nó bằng tthc review show",
                        path.display()
                    )
                } else {
                    format!(
                        "the review form {} exists already; see tthc review show",
                        path.display()
                    )
                }
            }
            Incomplete(missing) => {
                let head = lang.pick(
                    "chưa hoàn thành được phiếu rà soát:",
                    "the review form cannot be completed yet:",
                );
                let lines: Vec<String> = missing
                    .iter()
                    .map(|m| format!("  {}", crate::i18n::reviews::missing_label(*m, lang)))
                    .collect();
                format!("{head}\n{}", lines.join("\n"))
            }
            NothingToPropose => lang
                .pick(
                    "kết luận của phiếu không đề nghị thay đổi gì (giữ nguyên hoặc chưa kết luận)",
                    "the form's conclusion calls for no change (keep, or no conclusion yet)",
                )
                .into(),
            AlreadyProposed { id } => {
                if vi {
                    format!("đã có đề xuất {id} soạn từ phiếu này (tthc proposal show {id})")
                } else {
                    format!(
                        "proposal {id} was drafted from this form already (tthc proposal show {id})"
                    )
                }
            }
            Invalid(diags) => {
                let head = lang.pick("chưa hợp lệ:", "not valid:");
                let lines: Vec<String> = diags
                    .iter()
                    .map(|d| format!("  {}", d.described(lang)))
                    .collect();
                format!("{head}\n{}", lines.join("\n"))
            }
            Statistics { line, detail } => {
                if vi {
                    format!(
                        "tệp số liệu, dòng {line}: không đọc được số “{detail}” (cột: mã, số hồ sơ, đúng hạn, trực tuyến)"
                    )
                } else {
                    format!(
                        "statistics file, line {line}: cannot read the number “{detail}” (columns: code, cases, on time, online)"
                    )
                }
            }
            NoPlan { year } => {
                if vi {
                    format!(
                        "chưa có kế hoạch rà soát năm {year} (tthc review plan --year {year} --from TỆP.yaml)"
                    )
                } else {
                    format!(
                        "no review plan for {year} (tthc review plan --year {year} --from FILE.yaml)"
                    )
                }
            }
        }
    }
}
