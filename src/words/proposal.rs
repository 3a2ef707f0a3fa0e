//! A proposal's step as its history lists it, in words for both UI languages.

use crate::i18n::Lang;
use crate::model::{ComplianceCost, Transition};
use crate::present::{date_display, vnd};

/// What follows a step's date and status in a proposal's history: ` — ` its document's number,
/// ` — ` who recorded it, and ` (nhập sau, ngày …)` when it was entered after the fact.
pub fn step_detail(t: &Transition, lang: Lang) -> String {
    let mut s = String::new();
    if let Some(doc) = &t.document_no {
        s.push_str(&format!(" — {doc}"));
    }
    s.push_str(&format!(" — {}", t.actor));
    if let Some(day) = t.recorded_on {
        s.push_str(&format!(
            " ({} {})",
            lang.pick("nhập sau, ngày", "entered later, on"),
            date_display(day, lang)
        ));
    }
    s
}

/// A proposal's compliance cost a year: before → after, and the saving (with its share of the
/// cost before, when there was one).
pub fn compliance_saving(c: &ComplianceCost, lang: Lang) -> String {
    let saved = c.before - c.after;
    let pct = if c.before > 0 {
        format!(" ({}%)", saved * 100 / c.before)
    } else {
        String::new()
    };
    format!(
        "{} → {}; {} {}{pct}",
        vnd(c.before),
        vnd(c.after),
        lang.pick("tiết kiệm", "saving"),
        vnd(saved)
    )
}
