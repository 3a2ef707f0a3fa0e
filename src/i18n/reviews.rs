//! The words of the review cycle in both UI languages: conclusions, components, what a form
//! still lacks, and the headings the report and the faces share.

use super::Lang;
use crate::model::{Component, ConclusionKind, CopyKind, Missing};

/// "giữ nguyên", "bãi bỏ", …
pub fn conclusion_label(k: ConclusionKind, lang: Lang) -> &'static str {
    match k {
        ConclusionKind::Keep => lang.pick("giữ nguyên", "keep"),
        ConclusionKind::Abolish => lang.pick("bãi bỏ", "abolish"),
        ConclusionKind::Amend => lang.pick("sửa đổi, bổ sung", "amend"),
        ConclusionKind::Replace => lang.pick("thay thế", "replace"),
    }
}

/// The part of a procedure a finding is about, as the official form names it.
pub fn component_label(c: Component, lang: Lang) -> &'static str {
    match c {
        Component::Step => lang.pick("Trình tự thực hiện", "Step"),
        Component::Channel => lang.pick("Cách thức thực hiện", "Channel"),
        Component::Document => lang.pick("Thành phần hồ sơ", "Dossier document"),
        Component::Form => lang.pick("Mẫu đơn, tờ khai", "Form template"),
        Component::Agencies => lang.pick("Cơ quan thực hiện", "Agencies"),
        Component::Result => lang.pick("Kết quả thực hiện", "Result"),
        Component::Conditions => lang.pick("Yêu cầu, điều kiện", "Conditions"),
        Component::Fee => lang.pick("Phí, lệ phí", "Fee"),
    }
}

pub fn copy_kind_label(c: CopyKind, lang: Lang) -> &'static str {
    match c {
        CopyKind::Original => lang.pick("bản chính", "original"),
        CopyKind::CertifiedCopy => lang.pick("bản sao chứng thực", "certified copy"),
        CopyKind::Copy => lang.pick("bản sao, bản chụp", "plain copy"),
        CopyKind::ShowOnly => lang.pick("chỉ xuất trình", "shown only"),
    }
}

/// What a form still lacks before it can be completed.
pub fn missing_label(m: Missing, lang: Lang) -> &'static str {
    match m {
        Missing::Necessity => lang.pick(
            "chưa đánh giá sự cần thiết (necessity.ok)",
            "necessity not assessed (necessity.ok)",
        ),
        Missing::Legality => lang.pick(
            "chưa đánh giá tính hợp pháp (legality.ok)",
            "legality not assessed (legality.ok)",
        ),
        Missing::Conclusion => lang.pick(
            "chưa có kết luận (giữ nguyên / bãi bỏ / sửa đổi / thay thế)",
            "no conclusion yet (keep / abolish / amend / replace)",
        ),
        Missing::Reasons => lang.pick(
            "kết luận chưa có lý do (conclusion.reasons)",
            "the conclusion gives no reasons (conclusion.reasons)",
        ),
        Missing::Recommendation => lang.pick(
            "chưa có kiến nghị (recommendation.text)",
            "no recommendation (recommendation.text)",
        ),
        Missing::Parts => lang.pick(
            "kết luận sửa đổi chưa nêu bộ phận nào (conclusion.parts)",
            "an amendment names no parts to change (conclusion.parts)",
        ),
        Missing::ReplacedBy => lang.pick(
            "kết luận thay thế chưa nêu thủ tục thay thế (conclusion.replaced_by)",
            "a replacement names no replacing procedure (conclusion.replaced_by)",
        ),
    }
}

/// A share in per mille as a percentage with one decimal: `97,5 %` / `97.5%`.
pub fn per_mille(v: u64, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{},{} %", v / 10, v % 10),
        Lang::En => format!("{}.{}%", v / 10, v % 10),
    }
}

/// Basis points as a signed percentage with one decimal, rounded half away from zero:
/// `-71,6 %` / `-71.6%`.
pub fn basis_points(bp: i64, lang: Lang) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    // Tenths of a percent: 7164 → 716 → 71,6; 7165 → 717.
    let t = (bp.unsigned_abs() + 5) / 10;
    match lang {
        Lang::Vi => format!("{sign}{},{} %", t / 10, t % 10),
        Lang::En => format!("{sign}{}.{}%", t / 10, t % 10),
    }
}

/// Minutes as hours: `1,5 giờ` / `1.5 h`.
pub fn hours(minutes: u64, lang: Lang) -> String {
    let whole = minutes / 60;
    let rest = minutes % 60;
    let frac = if rest == 0 {
        String::new()
    } else {
        // Two decimals at most, trailing zeros dropped (90 → 1,5; 20 → 0,33).
        let hundredths = (rest * 100 + 30) / 60;
        let s = format!("{hundredths:02}");
        let s = s.trim_end_matches('0');
        match lang {
            Lang::Vi => format!(",{s}"),
            Lang::En => format!(".{s}"),
        }
    };
    match lang {
        Lang::Vi => format!("{whole}{frac} giờ"),
        Lang::En => format!("{whole}{frac} h"),
    }
}
