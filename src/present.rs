//! A procedure as people read it: sections in the official order, each value already in words.
//! Shared by the CLI's `show`, the TUI's detail pane and the exports, so they never disagree.

use crate::i18n::{self, Lang};
use crate::model::{Channel, Date, Fee, Manifest, OnlineMode, Procedure, ProcessingTime, TimeUnit};
use std::borrow::Cow;

/// One titled section with its lines of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: &'static str,
    pub lines: Vec<String>,
}

/// `dd/mm/yyyy`, the Vietnamese display form of a date.
pub fn date_vi(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// A date for display in the UI language: `dd/mm/yyyy` in Vietnamese, ISO in English.
pub fn date_display(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => date_vi(d),
        Lang::En => d.to_string(),
    }
}

/// Group thousands with dots, as Vietnamese amounts are written: 200.000 đ.
pub fn vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 {
        out.insert(0, '-');
    }
    format!("{out} đ")
}

pub fn processing_time(t: &ProcessingTime, lang: Lang) -> String {
    let mut s = match (t.unit, t.value) {
        (TimeUnit::SameDay, _) => lang.pick("Trong ngày", "Same day").to_owned(),
        (unit, Some(v)) => format!("{v:02} {}", i18n::time_unit_label(unit, lang)),
        (unit, None) => i18n::time_unit_label(unit, lang).to_owned(),
    };
    if let Some(note) = &t.note {
        s.push_str(" — ");
        s.push_str(note);
    }
    s
}

/// The processing time without its note, for listing columns.
pub fn processing_time_short(t: &ProcessingTime, lang: Lang) -> String {
    processing_time(
        &ProcessingTime {
            note: None,
            ..t.clone()
        },
        lang,
    )
}

pub fn fee(f: &Fee, lang: Lang) -> String {
    let mut s = format!("{}: ", i18n::fee_kind_label(f.kind, lang));
    match (f.amount, &f.text) {
        (Some(0), Some(text)) | (None, Some(text)) => s.push_str(text),
        (Some(a), text) => {
            s.push_str(&vnd(a));
            if let Some(unit) = &f.unit {
                s.push('/');
                s.push_str(unit);
            }
            if let Some(text) = text {
                s.push_str(&format!(" ({text})"));
            }
        }
        (None, None) => s.push('—'),
    }
    if let Some(ex) = &f.exemptions {
        s.push_str(&format!(
            " — {}: {ex}",
            lang.pick("Miễn, giảm", "Exemptions")
        ));
    }
    s
}

/// A short fee summary for listing columns: amounts joined, or "Không" when none.
pub fn fees_short(fees: &[Fee], lang: Lang) -> String {
    if fees.is_empty() || fees.iter().all(|f| f.amount == Some(0)) {
        return lang.pick("Không", "None").to_owned();
    }
    fees.iter()
        .map(|f| match (f.amount, &f.text) {
            (Some(a), _) if a > 0 => match &f.unit {
                Some(u) => format!("{}/{u}", vnd(a)),
                None => vnd(a),
            },
            (_, Some(t)) => t.clone(),
            _ => lang.pick("Không", "None").to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn channel(c: &Channel, p: &Procedure, lang: Lang) -> Vec<String> {
    let mut head = i18n::channel_label(c.kind, lang).to_owned();
    if let Some(d) = &c.description {
        head.push_str(": ");
        head.push_str(d);
    }
    let time = c.processing_time.as_ref().unwrap_or(&p.processing_time);
    let mut lines = vec![
        head,
        format!(
            "  {}: {}",
            lang.pick("Thời hạn", "Time"),
            processing_time(time, lang)
        ),
    ];
    let fees = c.fees.as_deref().unwrap_or(&p.fees);
    for f in fees {
        lines.push(format!("  {}", fee(f, lang)));
    }
    lines
}

/// Every section of the procedure in the official order (Quyết định công bố, Phần II).
pub fn sections(p: &Procedure, m: &Manifest, lang: Lang) -> Vec<Section> {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut out = Vec::new();
    let mut push = |title: &'static str, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push(Section { title, lines });
        }
    };
    let mut ident = vec![
        format!("{}: {}", l("Mã thủ tục", "Code"), p.code),
        format!(
            "{}: {}",
            l("Cấp thực hiện", "Level"),
            m.level_name(&p.level)
        ),
        format!("{}: {}", l("Lĩnh vực", "Field"), m.field_name(&p.field)),
        format!(
            "{}: {}",
            l("Tình trạng", "Status"),
            i18n::status_label(p.status, lang)
        ),
    ];
    if let Some(local) = &p.local_code {
        ident.insert(1, format!("{}: {local}", l("Mã địa phương", "Local code")));
    }
    if let Some(kind) = &p.kind {
        ident.push(format!("{}: {kind}", l("Loại thủ tục", "Kind")));
    }
    push(l("Thông tin chung", "General"), ident);
    push(l("Trình tự thực hiện", "Steps"), p.steps.clone());
    push(
        l("Cách thức thực hiện", "Channels"),
        p.channels
            .iter()
            .flat_map(|c| channel(c, p, lang))
            .collect(),
    );
    let mut dossier = Vec::new();
    for g in &p.dossier {
        if let Some(t) = &g.title {
            dossier.push(format!("{t}:"));
        }
        let indent = if g.title.is_some() { "  " } else { "" };
        for (i, d) in g.documents.iter().enumerate() {
            let mut s = format!(
                "{indent}{}. {} ({} {}, {} {})",
                i + 1,
                d.name,
                l("bản chính:", "originals:"),
                d.originals,
                l("bản sao:", "copies:"),
                d.copies
            );
            if let Some(form) = &d.form {
                s.push_str(&format!(" — {}: {form}", l("Mẫu", "Form")));
            }
            if let Some(note) = &d.note {
                s.push_str(&format!(" — {note}"));
            }
            dossier.push(s);
        }
        if let Some(sets) = g.sets {
            dossier.push(format!(
                "  {}: {sets:02} {}",
                l("Số lượng hồ sơ", "Sets"),
                l("bộ", "")
            ));
        }
    }
    push(l("Thành phần, số lượng hồ sơ", "Dossier"), dossier);
    push(
        l("Thời hạn giải quyết", "Processing time"),
        vec![processing_time(&p.processing_time, lang)],
    );
    push(l("Đối tượng thực hiện", "Subjects"), p.subjects.clone());
    let mut agencies = Vec::new();
    if let Some(c) = &p.agencies.competent {
        agencies.push(format!(
            "{}: {}",
            l("Cơ quan có thẩm quyền", "Competent"),
            m.agency_name(c)
        ));
    }
    for (title, list) in [
        (
            l("Cơ quan trực tiếp thực hiện", "Implementing"),
            &p.agencies.implementing,
        ),
        (
            l("Cơ quan được ủy quyền", "Authorised"),
            &p.agencies.authorised,
        ),
        (
            l("Cơ quan phối hợp", "Coordinating"),
            &p.agencies.coordinating,
        ),
    ] {
        if !list.is_empty() {
            let names: Vec<&str> = list.iter().map(|a| m.agency_name(a)).collect();
            agencies.push(format!("{title}: {}", names.join(", ")));
        }
    }
    if let Some(a) = &p.agencies.address {
        agencies.push(format!("{}: {a}", l("Địa chỉ tiếp nhận", "Address")));
    }
    push(l("Cơ quan thực hiện", "Agencies"), agencies);
    push(l("Kết quả thực hiện", "Results"), p.results.clone());
    push(
        l("Phí, lệ phí", "Fees"),
        p.fees.iter().map(|f| fee(f, lang)).collect(),
    );
    push(
        l("Căn cứ pháp lý", "Legal basis"),
        p.legal_basis
            .iter()
            .map(|d| {
                let mut s = format!("{} — {}", d.number, d.title);
                if let Some(date) = d.date {
                    s.push_str(&format!(" ({})", date_display(date, lang)));
                }
                if let Some(issuer) = &d.issuer {
                    s.push_str(&format!(", {issuer}"));
                }
                s
            })
            .collect(),
    );
    push(
        l("Yêu cầu, điều kiện thực hiện", "Requirements"),
        p.requirements.iter().cloned().collect(),
    );
    let mut service = vec![format!(
        "{}: {}{}",
        l("Dịch vụ công trực tuyến", "Online service"),
        i18n::online_label(p.online_service.mode, lang),
        p.online_service
            .legacy_level
            .map(|lv| format!(" ({} {lv})", l("mức độ", "level")))
            .unwrap_or_default()
    )];
    if let Some(url) = &p.online_service.url {
        service.push(url.clone());
    }
    let yes_no = |b: bool| {
        if b {
            l("Có", "Yes")
        } else {
            l("Không", "No")
        }
    };
    service.push(format!(
        "{}: {} {}; {} {}",
        l("Bưu chính công ích", "Public postal service"),
        l("nhận hồ sơ", "receive dossier"),
        yes_no(p.postal.receive),
        l("trả kết quả", "return result"),
        yes_no(p.postal.return_result)
    ));
    if p.interlinked.enabled || !p.interlinked.linked.is_empty() {
        let mut s = format!(
            "{}: {}",
            l("Liên thông", "Interlinked"),
            yes_no(p.interlinked.enabled)
        );
        if !p.interlinked.linked.is_empty() {
            s.push_str(&format!(" ({})", p.interlinked.linked.join(", ")));
        }
        service.push(s);
    }
    push(l("Dịch vụ", "Service"), service);
    let mut publication = Vec::new();
    if let Some(pubref) = &p.publication {
        let mut s = format!(
            "{}: {}",
            l("Quyết định công bố", "Publication decision"),
            pubref.decision
        );
        if let Some(d) = pubref.date {
            s.push_str(&format!(" ({})", date_display(d, lang)));
        }
        publication.push(s);
    }
    if let Some(d) = p.effective_from {
        publication.push(format!(
            "{}: {}",
            l("Hiệu lực từ", "In force from"),
            date_display(d, lang)
        ));
    }
    if let Some(d) = p.effective_until {
        publication.push(format!(
            "{}: {}",
            l("Hết hiệu lực", "In force until"),
            date_display(d, lang)
        ));
    }
    if !p.replaces.is_empty() {
        publication.push(format!(
            "{}: {}",
            l("Thay thế", "Replaces"),
            p.replaces.join(", ")
        ));
    }
    if !p.replaced_by.is_empty() {
        publication.push(format!(
            "{}: {}",
            l("Được thay thế bởi", "Replaced by"),
            p.replaced_by.join(", ")
        ));
    }
    publication.push(match p.reviewed_on {
        Some(d) => format!(
            "{}: {}",
            l("Rà soát lần cuối", "Last reviewed"),
            date_display(d, lang)
        ),
        None => l("Chưa rà soát", "Never reviewed").to_owned(),
    });
    push(l("Công bố, hiệu lực", "Publication"), publication);
    push(l("Ghi chú", "Notes"), p.notes.iter().cloned().collect());
    out
}

/// The short label of the online service for listing columns.
pub fn online_short(mode: OnlineMode, lang: Lang) -> &'static str {
    i18n::online_label(mode, lang)
}

/// Text made safe for a terminal: control characters and bidi overrides become visible `\u{..}`.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(crate::validate::is_forbidden_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if crate::validate::is_forbidden_char(c) {
                    format!("\\u{{{:04x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_dates() {
        assert_eq!(vnd(200000), "200.000 đ");
        assert_eq!(vnd(8000), "8.000 đ");
        assert_eq!(vnd(500), "500 đ");
        assert_eq!(date_vi(jiff::civil::date(2022, 1, 5)), "05/01/2022");
    }

    #[test]
    fn escapes_cannot_reach_the_terminal() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\\u{001b}[31mb");
        assert_eq!(sanitize("Hộ tịch"), "Hộ tịch");
    }
}
