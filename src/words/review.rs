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
            Unparsed { path } => unparsed(path, lang),
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

/// One procedure against its 2024 baseline: `So với năm 2024: thời hạn 5 → 3 ngày làm việc
/// (giảm 40,0 %); chi phí tuân thủ một năm 1.000.000 đ → 600.000 đ (giảm 40,0 %)`.
pub fn vs_baseline(v: &crate::export::review::VsBaseline, lang: Lang) -> String {
    use crate::export::review::days_text;
    use crate::i18n::reviews::basis_points;
    use crate::present::vnd;
    let rate = |bp: Option<i64>| {
        bp.map(|bp| {
            format!(
                " ({} {})",
                lang.pick("giảm", "down"),
                basis_points(bp, lang)
            )
        })
        .unwrap_or_default()
    };
    let days = |h: u64| match lang {
        Lang::Vi => days_text(h),
        Lang::En => days_text(h).replace(',', "."),
    };
    let mut parts = Vec::new();
    if let Some((then, now)) = v.hours {
        parts.push(format!(
            "{} {} → {} {}{}",
            lang.pick("thời hạn", "time"),
            days(then),
            days(now),
            lang.pick("ngày làm việc", "working days"),
            rate(v.time_rate_bp)
        ));
    }
    if let Some((then, now)) = v.cost {
        parts.push(format!(
            "{} {} → {}{}",
            lang.pick("chi phí tuân thủ một năm", "compliance cost a year"),
            vnd(then),
            vnd(now),
            rate(v.cost_rate_bp)
        ));
    }
    if parts.is_empty() {
        parts.push(
            lang.pick(
                "không có thời hạn hay chi phí năm đó",
                "no time or cost recorded for that year",
            )
            .into(),
        );
    }
    format!(
        "{} {}: {}",
        lang.pick("So với năm", "Against"),
        v.year,
        parts.join("; ")
    )
}

/// The year's progress against the 2024 baseline and the national targets, in a sentence.
pub fn targets(t: &crate::export::review::Targets, forms: usize, lang: Lang) -> String {
    use crate::i18n::reviews::basis_points;
    if t.with_baseline == 0 {
        return match lang {
            Lang::Vi => format!(
                "So với năm 2024: chưa thủ tục nào trong {forms} phiếu có số liệu năm đó (baseline)."
            ),
            Lang::En => format!(
                "Against 2024: none of the {forms} forms' procedures has figures for that year (baseline)."
            ),
        };
    }
    let rate = |bp: Option<i64>| {
        bp.map(|bp| basis_points(bp, lang))
            .unwrap_or_else(|| lang.pick("chưa tính được", "not known").into())
    };
    let met = |target: i64| {
        let r = basis_points(target, lang);
        if t.met(target) {
            match lang {
                Lang::Vi => format!("đạt mục tiêu {r}"),
                Lang::En => format!("{r} target met"),
            }
        } else {
            match lang {
                Lang::Vi => format!("chưa đạt mục tiêu {r}"),
                Lang::En => format!("{r} target not met"),
            }
        }
    };
    match lang {
        Lang::Vi => format!(
            "So với năm 2024 ({}/{forms} thủ tục có số liệu): thời hạn giảm {}, chi phí tuân thủ giảm {} · {} (2025), {} (2026)",
            t.with_baseline,
            rate(t.time_rate_bp),
            rate(t.cost_rate_bp),
            met(t.target_2025_bp),
            met(t.target_2026_bp)
        ),
        Lang::En => format!(
            "Against 2024 ({}/{forms} procedures with figures): time down {}, compliance cost down {} · {} (2025), {} (2026)",
            t.with_baseline,
            rate(t.time_rate_bp),
            rate(t.cost_rate_bp),
            met(t.target_2025_bp),
            met(t.target_2026_bp)
        ),
    }
}

/// A file the command needs does not parse: fix it first.
pub(crate) fn unparsed(path: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "{}: tệp không đọc được; sửa trước (tthc validate)",
            path.display()
        ),
        Lang::En => format!(
            "{}: the file does not parse; fix it first (tthc validate)",
            path.display()
        ),
    }
}
