//! A procedure as people read it: sections in the official order, each value already in words.
//! Shared by the CLI's `show`, the TUI's detail pane and the exports, so they never disagree.

use crate::i18n::{self, Lang};
use crate::model::{
    Channel, Date, Fee, Manifest, OnlineMode, Procedure, ProcedureStatus, ProcessingTime, TimeUnit,
};
use std::borrow::Cow;

/// The name of the field at `path` (`steps`, `agencies.competent`) in a record's full view: as
/// the view words it ([`i18n::field_view_label`], as given), else its label
/// ([`i18n::field_label`], [`i18n::subfield_label`]) — with a capital first letter when
/// `capital` (a heading, the start of a row), as it is inside a line.
pub fn field_name(path: &str, lang: Lang, capital: bool) -> String {
    if let Some(label) = i18n::field_view_label(path, lang) {
        return label.to_owned();
    }
    let label = match path.rsplit_once('.') {
        Some((parent, key)) => {
            let parent = parent.rsplit('.').next().unwrap_or(parent);
            i18n::subfield_label(parent, key, lang)
        }
        None => i18n::field_label(path, lang),
    };
    if capital {
        capitalise(label)
    } else {
        label.to_owned()
    }
}

/// `s` with its first letter in capitals ("lĩnh vực" → "Lĩnh vực").
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A commit as people are shown it: its first ten hex digits.
pub fn short_commit(id: &str) -> &str {
    &id[..id.len().min(10)]
}

/// One titled section with its lines of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
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

/// A date as people type it: `dd/mm/yyyy` (also `d/m/yyyy`, with `-` or `.` between), or ISO
/// `yyyy-mm-dd`. `None` when it is neither or not a real day.
pub fn parse_date_input(text: &str) -> Option<Date> {
    let t = text.trim();
    if let Ok(d) = t.parse::<Date>() {
        return Some(d);
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).map(str::trim).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || d.is_empty() || m.is_empty() || d.len() > 2 || m.len() > 2 {
        return None;
    }
    let (d, m, y) = (
        d.parse::<i8>().ok()?,
        m.parse::<i8>().ok()?,
        y.parse::<i16>().ok()?,
    );
    Date::new(y, m, d).ok()
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

/// The time for listing columns: the committed (reduced) time when the province published one,
/// with the statutory time after it — "03 ngày làm việc (quy định: 05 ngày làm việc)".
pub fn time_short(p: &Procedure, lang: Lang) -> String {
    let statutory = processing_time_short(&p.processing_time, lang);
    match &p.committed_time {
        Some(c) => format!(
            "{} ({}: {statutory})",
            processing_time_short(c, lang),
            lang.pick("quy định", "statutory")
        ),
        None => statutory,
    }
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
    if !f.tiers.is_empty() || f.max.is_some() {
        s.push_str(&fee_amounts(f, lang));
        if let Some(text) = &f.text {
            s.push_str(&format!(" ({text})"));
        }
    } else {
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
    }
    if let Some(condition) = &f.condition {
        s.push_str(&format!(
            " — {}: {condition}",
            field_name("fees.condition", lang, true)
        ));
    }
    if let Some(ex) = &f.exemptions {
        s.push_str(&format!(
            " — {}: {ex}",
            field_name("fees.exemptions", lang, true)
        ));
    }
    if let Some(online) = f.online_payment {
        s.push_str(&format!(
            " — {}",
            if online {
                lang.pick("nộp trực tuyến được", "can be paid online")
            } else {
                lang.pick("không nộp trực tuyến", "not payable online")
            }
        ));
    }
    s
}

/// The amounts of one fee in the listing's words: its plain amount or its tiers, then its cap —
/// "2.000 đ/trang (trang 1–2); 1.000 đ/trang từ trang 3; tối đa 200.000 đ/bản".
pub fn fee_amounts(f: &Fee, lang: Lang) -> String {
    let per = |amount: i64, unit: Option<&str>| match unit {
        Some(u) => format!("{}/{u}", vnd(amount)),
        None => vnd(amount),
    };
    let unit = f.unit.as_deref();
    let unit_word = unit.unwrap_or(lang.pick("đơn vị", "unit"));
    let mut parts: Vec<String> = Vec::new();
    if f.tiers.is_empty() {
        match (f.amount, &f.text) {
            (Some(a), _) if a > 0 => parts.push(per(a, unit)),
            (Some(0), _) => parts.push(lang.pick("Không", "None").to_owned()),
            (_, Some(t)) if f.max.is_none() => parts.push(t.to_string()),
            _ => {}
        }
    }
    for t in &f.tiers {
        let amount = match t.amount {
            Some(a) => per(a, unit),
            None => "—".to_owned(),
        };
        parts.push(match (t.from, t.to) {
            (Some(from), Some(to)) if from == to => format!("{amount} ({unit_word} {from})"),
            (Some(from), Some(to)) => format!("{amount} ({unit_word} {from}–{to})"),
            (Some(from), None) => {
                format!("{amount} {} {unit_word} {from}", lang.pick("từ", "from"))
            }
            (None, Some(to)) => format!("{amount} {} {unit_word} {to}", lang.pick("đến", "up to")),
            (None, None) => amount,
        });
    }
    if let Some(max) = f.max {
        parts.push(format!(
            "{} {}",
            lang.pick("tối đa", "at most"),
            per(max, f.max_unit.as_deref().or(unit))
        ));
    }
    parts.join("; ")
}

/// What is shown for a part that was never entered: never "Không" (none), which is an answer.
pub fn not_entered(lang: Lang) -> &'static str {
    lang.pick("Chưa có thông tin", "Not entered yet")
}

/// A short fee summary for listing columns: amounts joined (tiers and caps in words), "Không"
/// when the fees were entered as none (`fees: []`) or every fee is zero, and "Chưa có thông
/// tin" when no fee was entered at all (no `fees` key).
pub fn fees_short(fees: Option<&[Fee]>, lang: Lang) -> String {
    let Some(fees) = fees else {
        return not_entered(lang).to_owned();
    };
    if fees.is_empty()
        || fees
            .iter()
            .all(|f| f.amount == Some(0) && f.tiers.is_empty() && f.max.is_none())
    {
        return lang.pick("Không", "None").to_owned();
    }
    fees.iter()
        .map(|f| {
            let mut s = if f.tiers.is_empty() && f.max.is_none() {
                match (f.amount, &f.text) {
                    (Some(a), _) if a > 0 => match &f.unit {
                        Some(u) => format!("{}/{u}", vnd(a)),
                        None => vnd(a),
                    },
                    (_, Some(t)) => t.to_string(),
                    _ => lang.pick("Không", "None").to_owned(),
                }
            } else {
                fee_amounts(f, lang)
            };
            if let Some(c) = &f.condition {
                s.push_str(&format!(" ({c})"));
            }
            s
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
            field_name("channels.processing_time", lang, true),
            processing_time(time, lang)
        ),
    ];
    // One line: the fees in full are their own section (a channel's own fees, when it has
    // them, are said here in short the same way).
    lines.push(format!(
        "  {}: {}",
        field_name("fees", lang, true),
        fees_short(c.fees.as_deref().or(p.fees.as_deref()), lang)
    ));
    lines
}

/// Every section of the procedure in the official order (Quyết định công bố, Phần II).
pub fn sections(p: &Procedure, m: &Manifest, lang: Lang) -> Vec<Section> {
    sections_on(p, m, lang, None)
}

/// Where a procedure stands on a day: the one rule every face shows its status by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusNow {
    /// The recorded status, in effect on that day.
    Recorded(ProcedureStatus),
    /// Abolished from this later day: still in force until then.
    Ending(Date),
    /// Transferred to another level or unit from this later day (chuyển cấp): still here until then.
    Transferring(Date),
    /// Closed by a transfer between levels or units, not abolished outright.
    Transferred,
    /// This version takes effect from a later day (an amendment recorded ahead, or a new
    /// procedure): until then the version before it, if any, is the one in force.
    Upcoming(ProcedureStatus, Date),
}

/// The procedure's standing on `today` ([`StatusNow`]); without a day, the recorded status
/// (a transfer still says so).
pub fn status_now(p: &Procedure, today: Option<Date>) -> StatusNow {
    let transferred = p.transferred_to.is_some();
    match (p.status, p.effective_until, today) {
        (ProcedureStatus::Abolished, Some(until), Some(today)) if until > today => {
            if transferred {
                StatusNow::Transferring(until)
            } else {
                StatusNow::Ending(until)
            }
        }
        (ProcedureStatus::Abolished, _, _) if transferred => StatusNow::Transferred,
        (status, _, Some(today))
            if !status.is_draft() && p.effective_from.is_some_and(|from| from > today) =>
        {
            StatusNow::Upcoming(status, p.effective_from.unwrap_or(today))
        }
        (status, _, _) => StatusNow::Recorded(status),
    }
}

/// The status column of a listing (CLI `list`, the spreadsheets): the recorded status's label,
/// or the coming change with its day ("Sẽ bãi bỏ từ 01/03/2027").
pub fn status_column(p: &Procedure, today: Option<Date>, lang: Lang) -> String {
    match status_now(p, today) {
        StatusNow::Recorded(s) => i18n::status_label(s, lang).to_owned(),
        StatusNow::Ending(d) => format!(
            "{} {}",
            lang.pick("Sẽ bãi bỏ từ", "To be abolished on"),
            date_display(d, lang)
        ),
        StatusNow::Transferring(d) => format!(
            "{} {}",
            lang.pick("Sẽ chuyển cấp từ", "To be transferred on"),
            date_display(d, lang)
        ),
        StatusNow::Transferred => lang.pick("Đã chuyển cấp", "Transferred").to_owned(),
        StatusNow::Upcoming(s, d) => format!(
            "{}, {} {}",
            i18n::status_label(s, lang),
            lang.pick("áp dụng từ", "applies from"),
            date_display(d, lang)
        ),
    }
}

/// The procedure's status as of `today`: an abolition that takes effect later is announced
/// ("sẽ bãi bỏ từ ngày D"), not shown as done; without a day, the recorded status.
pub fn status_text(p: &Procedure, today: Option<Date>, lang: Lang) -> String {
    let published = lang.pick("Đang công khai", "Published");
    match status_now(p, today) {
        StatusNow::Transferring(until) => format!(
            "{published}, {} {}",
            lang.pick("sẽ chuyển cấp từ ngày", "to be transferred on"),
            date_display(until, lang)
        ),
        StatusNow::Transferred => lang
            .pick("Đã chuyển cấp thực hiện", "Transferred")
            .to_owned(),
        StatusNow::Ending(until) => format!(
            "{published}, {} {}",
            lang.pick("sẽ bãi bỏ từ ngày", "to be abolished on"),
            date_display(until, lang)
        ),
        StatusNow::Upcoming(status, from) => format!(
            "{}, {} {}",
            i18n::status_label(status, lang),
            lang.pick("áp dụng từ ngày", "applies from"),
            date_display(from, lang)
        ),
        StatusNow::Recorded(status) => i18n::status_label(status, lang).to_owned(),
    }
}

/// [`sections`] as of `today` (the status of an abolition not yet in effect says so).
pub fn sections_on(p: &Procedure, m: &Manifest, lang: Lang, today: Option<Date>) -> Vec<Section> {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    // A field's name as a heading or at the start of a row, and inside a line.
    let t = |path: &str| field_name(path, lang, true);
    let w = |path: &str| field_name(path, lang, false);
    let mut out = Vec::new();
    let mut push = |title: String, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push(Section { title, lines });
        }
    };
    let mut ident = vec![
        format!("{}: {}", t("code"), p.code),
        format!("{}: {}", t("level"), m.level_name(&p.level)),
        format!("{}: {}", t("field"), m.field_name(&p.field)),
        format!("{}: {}", t("status"), status_text(p, today, lang)),
    ];
    if let Some(local) = &p.local_code {
        ident.insert(1, format!("{}: {local}", t("local_code")));
    }
    if let Some(kind) = &p.kind {
        ident.push(format!("{}: {kind}", t("kind")));
    }
    push(l("Thông tin chung", "General").to_owned(), ident);
    push(
        t("steps"),
        p.steps.iter().map(crate::model::Text::to_string).collect(),
    );
    push(
        t("channels"),
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
                "{indent}{}. {} ({}: {}, {}: {})",
                i + 1,
                d.name,
                w("dossier.originals"),
                d.originals,
                w("dossier.copies"),
                d.copies
            );
            if let Some(form) = &d.form {
                s.push_str(&format!(" — {}: {form}", t("dossier.form")));
            }
            if let Some(file) = &d.form_file {
                s.push_str(&format!(" — {}: {file}", t("dossier.form_file")));
            }
            if let Some(source) = &d.replaced_by_data {
                s.push_str(&format!(" — {}: {source}", t("dossier.replaced_by_data")));
            }
            if let Some(note) = &d.note {
                s.push_str(&format!(" — {note}"));
            }
            dossier.push(s);
        }
        if let Some(sets) = g.sets {
            dossier.push(format!(
                "  {}: {sets:02} {}",
                t("dossier.sets"),
                l("bộ", "")
            ));
        }
    }
    push(t("dossier"), dossier);
    let mut time = vec![processing_time(&p.processing_time, lang)];
    if let Some(committed) = &p.committed_time {
        time[0] = format!("{}: {}", l("Theo quy định", "Statutory"), time[0]);
        time.push(format!(
            "{}: {}",
            t("committed_time"),
            processing_time(committed, lang)
        ));
    }
    if !p.internal_process.is_empty() {
        time.push(format!("{}:", t("internal_process")));
        for (i, step) in p.internal_process.iter().enumerate() {
            time.push(format!("  {}. {}", i + 1, process_step(step, m, lang)));
        }
    }
    if let Some(b) = &p.baseline {
        let mut parts = Vec::new();
        if let Some(t) = &b.processing_time {
            parts.push(processing_time_short(t, lang));
        }
        if let Some(c) = b.cost {
            parts.push(format!("{} {}", w("baseline.cost"), vnd(c)));
        }
        if let Some(n) = &b.note {
            parts.push(n.to_string());
        }
        time.push(format!(
            "{} {}: {}",
            t("baseline"),
            b.year,
            if parts.is_empty() {
                not_entered(lang).to_owned()
            } else {
                parts.join("; ")
            }
        ));
    }
    push(t("processing_time"), time);
    push(
        t("subjects"),
        p.subjects
            .iter()
            .map(crate::model::Text::to_string)
            .collect(),
    );
    let mut agencies = Vec::new();
    if let Some(c) = &p.agencies.competent {
        agencies.push(format!("{}: {}", t("agencies.competent"), m.agency_name(c)));
    }
    for (title, list) in [
        (t("agencies.implementing"), &p.agencies.implementing),
        (t("agencies.authorised"), &p.agencies.authorised),
        (t("agencies.coordinating"), &p.agencies.coordinating),
    ] {
        if !list.is_empty() {
            let names: Vec<&str> = list.iter().map(|a| m.agency_name(a)).collect();
            agencies.push(format!("{title}: {}", names.join(", ")));
        }
    }
    if let Some(a) = &p.agencies.address {
        agencies.push(format!("{}: {a}", t("agencies.address")));
    }
    push(t("agencies"), agencies);
    let mut results: Vec<String> = p
        .results
        .iter()
        .map(crate::model::Text::to_string)
        .collect();
    if let Some(template) = &p.result_template {
        results.push(format!("{}: {template}", t("result_template")));
    }
    push(t("results"), results);
    // Fees and the legal basis are always shown: when nothing was entered, that is said, so it
    // is never read as "no fee" or "no basis".
    let or_missing = |lines: Vec<String>| {
        if lines.is_empty() {
            vec![not_entered(lang).to_owned()]
        } else {
            lines
        }
    };
    // Entered as none (`fees: []`) is an answer: "Không".
    let none_if_entered = |entered: bool, lines: Vec<String>| {
        if entered && lines.is_empty() {
            vec![l("Không", "None").to_owned()]
        } else {
            lines
        }
    };
    push(
        t("fees"),
        or_missing(none_if_entered(
            p.fees.is_some(),
            p.fee_list().iter().map(|f| fee(f, lang)).collect(),
        )),
    );
    push(
        t("legal_basis"),
        or_missing(none_if_entered(
            p.legal_basis.is_some(),
            p.legal_list()
                .iter()
                .map(|d| legal_document(d, lang))
                .collect(),
        )),
    );
    push(
        t("requirements"),
        p.requirements
            .iter()
            .map(crate::model::Text::to_string)
            .collect(),
    );
    let mut service = vec![format!(
        "{}: {}{}",
        t("online_service"),
        online_text(&p.online_service, lang),
        p.online_service
            .legacy_level
            .filter(|_| p.online_service.mode != OnlineMode::None)
            .map(|lv| format!(" ({} {lv})", w("online_service.legacy_level")))
            .unwrap_or_default()
    )];
    if let Some(url) = &p.online_service.url {
        service.push(url.to_string());
    }
    let yes_no = |b: bool| {
        if b {
            l("Có", "Yes")
        } else {
            l("Không", "No")
        }
    };
    for s in &p.online_service.services {
        let mut line = format!(
            "  {} {}: {}",
            t("online_service.services"),
            s.code,
            i18n::online_label(s.mode, lang)
        );
        if let Some(name) = &s.name {
            line.push_str(&format!(" — {name}"));
        }
        if let Some(url) = &s.url {
            line.push_str(&format!(" — {url}"));
        }
        service.push(line);
    }
    if let Some(e) = p.online_service.eligible_full {
        service.push(format!(
            "{}: {}",
            t("online_service.eligible_full"),
            yes_no(e)
        ));
    }
    if let Some(e) = p.online_service.electronic_result {
        service.push(format!(
            "{}: {}",
            t("online_service.electronic_result"),
            yes_no(e)
        ));
    }
    // Flags that did not exist before 2025 are said only when entered (never "Không" for a
    // flag nobody set).
    if let Some(b) = p.boundary_free {
        service.push(format!("{}: {}", t("boundary_free"), yes_no(b)));
    }
    if let Some(b) = p.business_related {
        service.push(format!("{}: {}", t("business_related"), yes_no(b)));
    }
    service.push(format!(
        "{}: {} {}; {} {}",
        t("postal"),
        w("postal.receive"),
        yes_no(p.postal.receive),
        w("postal.return_result"),
        yes_no(p.postal.return_result)
    ));
    if p.interlinked.enabled || !p.interlinked.linked.is_empty() {
        let mut s = format!("{}: {}", t("interlinked"), yes_no(p.interlinked.enabled));
        if !p.interlinked.linked.is_empty() {
            s.push_str(&format!(" ({})", p.interlinked.linked.join(", ")));
        }
        service.push(s);
    }
    push(l("Dịch vụ", "Service").to_owned(), service);
    let mut publication = Vec::new();
    if let Some(pubref) = &p.publication {
        let mut s = format!("{}: {}", t("publication"), pubref.decision);
        if let Some(d) = pubref.date {
            s.push_str(&format!(" ({})", date_display(d, lang)));
        }
        publication.push(s);
    }
    if let Some(d) = p.effective_from {
        publication.push(format!(
            "{}: {}",
            t("effective_from"),
            date_display(d, lang)
        ));
    }
    if let Some(d) = p.effective_until {
        publication.push(format!(
            "{}: {}",
            t("effective_until"),
            date_display(d, lang)
        ));
    }
    let refs = |list: &[crate::model::ProcedureRef]| {
        list.iter()
            .map(|r| relation(r, &p.level, m))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !p.replaces.is_empty() {
        publication.push(format!("{}: {}", t("replaces"), refs(&p.replaces)));
    }
    if !p.replaced_by.is_empty() {
        publication.push(format!("{}: {}", t("replaced_by"), refs(&p.replaced_by)));
    }
    for (label, relation) in [
        (t("transferred_from"), &p.transferred_from),
        (t("transferred_to"), &p.transferred_to),
    ] {
        if let Some(r) = relation {
            publication.push(format!(
                "{label}: {} ({})",
                r.code,
                m.level_name(r.level_or(&p.level))
            ));
        }
    }
    if !p.units.is_empty() {
        let names: Vec<&str> = p
            .units
            .iter()
            .map(|u| m.unit(u).map_or(u.as_str(), |x| x.name.as_str()))
            .collect();
        publication.push(format!("{}: {}", t("units"), names.join(", ")));
    }
    publication.push(match p.reviewed_on {
        Some(d) => format!("{}: {}", t("reviewed_on"), date_display(d, lang)),
        None => l("Chưa rà soát", "Never reviewed").to_owned(),
    });
    push(
        l("Công bố, hiệu lực", "Publication").to_owned(),
        publication,
    );
    push(
        t("notes"),
        p.notes.iter().map(crate::model::Text::to_string).collect(),
    );
    out
}

/// Another procedure named in a record at level `own`: its code, and its level's name when it
/// is at another level.
pub fn relation(r: &crate::model::ProcedureRef, own: &str, m: &Manifest) -> String {
    let level = r.level_or(own);
    if level == own {
        r.code.to_string()
    } else {
        format!("{} ({})", r.code, m.level_name(level))
    }
}

/// One step of the internal process: "Tiếp nhận hồ sơ — Bộ phận một cửa — 0,5 ngày".
pub fn process_step(s: &crate::model::ProcessStep, m: &Manifest, lang: Lang) -> String {
    let mut out = s.step.to_string();
    if let Some(unit) = &s.unit {
        out.push_str(" — ");
        out.push_str(m.agency_name(unit));
    }
    out.push_str(" — ");
    out.push_str(&working_time(s.working_hours(), lang));
    out
}

/// Working hours in days ("1,5 ngày làm việc") or hours ("4 giờ").
pub fn working_time(hours: u32, lang: Lang) -> String {
    let day = lang.pick("ngày làm việc", "working days");
    if hours == 0 {
        return format!("0 {day}");
    }
    if hours.is_multiple_of(8) {
        return format!("{} {day}", hours / 8);
    }
    if hours < 8 {
        return format!("{hours} {}", lang.pick("giờ", "hours"));
    }
    // Days with a fraction, written the Vietnamese way (comma) or the English way (dot).
    let whole = hours / 8;
    let tenths = (hours % 8) * 10 / 8;
    let sep = lang.pick(",", ".");
    format!("{whole}{sep}{tenths} {day}")
}

/// One row of the legal basis in words: number, title, dates, articles, amendments, status.
pub fn legal_document(d: &crate::model::LegalDocument, lang: Lang) -> String {
    let mut s = if d.title.is_empty() {
        d.number.to_string()
    } else {
        format!("{} — {}", d.number, d.title)
    };
    if let Some(date) = d.date {
        s.push_str(&format!(" ({})", date_display(date, lang)));
    }
    if let Some(issuer) = &d.issuer {
        s.push_str(&format!(", {issuer}"));
    }
    if let Some(articles) = &d.articles {
        s.push_str(&format!("; {articles}"));
    }
    if let Some(e) = d.effective {
        s.push_str(&format!(
            "; {} {}",
            field_name("legal_basis.effective", lang, false),
            date_display(e, lang)
        ));
    }
    if !d.amended_by.is_empty() {
        s.push_str(&format!(
            "; {} {}",
            field_name("legal_basis.amended_by", lang, false),
            d.amended_by.join(", ")
        ));
    }
    if let Some(x) = d.expires {
        s.push_str(&format!(
            "; {} {}",
            field_name("legal_basis.expires", lang, false),
            date_display(x, lang)
        ));
    }
    if let Some(status) = d.status {
        s.push_str(&format!(" [{}]", legal_status_label(status, lang)));
    }
    s
}

pub fn legal_status_label(s: crate::model::LegalStatus, lang: Lang) -> &'static str {
    use crate::model::LegalStatus::*;
    match s {
        InForce => lang.pick("còn hiệu lực", "in force"),
        Amended => lang.pick("còn hiệu lực, đã sửa đổi, bổ sung", "in force, amended"),
        PartlyExpired => lang.pick("hết hiệu lực một phần", "partly expired"),
        Expired => lang.pick("hết hiệu lực", "expired"),
        NotYetInForce => lang.pick("chưa có hiệu lực", "not yet in force"),
    }
}

/// The online service in words: its mode (Nghị định 42/2022), or, for a record kept from
/// before that decree with only its legacy level (Nghị định 43/2011), "Mức độ N".
pub fn online_text(s: &crate::model::OnlineService, lang: Lang) -> String {
    match (s.mode, s.legacy_level) {
        (OnlineMode::None, Some(level)) => format!("{} {level}", lang.pick("Mức độ", "Level")),
        (mode, _) => i18n::online_label(mode, lang).to_owned(),
    }
}

/// The short label of the online service for listing columns.
pub fn online_short(mode: OnlineMode, lang: Lang) -> &'static str {
    i18n::online_label(mode, lang)
}

// Text for a terminal. Every face (the TUI, the CLI's text, its JSON and CSV when they go to a
// terminal) makes catalogue text safe here, so there is one rule for what may reach a terminal.

/// A character that must never reach a terminal raw: every control character but the line feed
/// (C0, DEL and C1 — ESC and U+009B start the sequences that set the window title or the
/// clipboard), and the bidirectional controls that reorder what is shown (embeddings, overrides,
/// isolates and the invisible direction marks).
pub fn unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Text made safe for a terminal: every [`unsafe_for_terminal`] character becomes a visible
/// `\u{..}`; line feeds stay.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    sanitize_styled(text, false)
}

/// [`sanitize`] for a line tthc itself may have coloured: with `keep_sgr`, the colour sequences
/// tthc writes (`ESC [ digits;… m`) pass, and nothing else does.
pub fn sanitize_styled(text: &str, keep_sgr: bool) -> Cow<'_, str> {
    if !text.chars().any(unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if keep_sgr && c == '\u{1b}' {
            let sgr = sgr_len(rest);
            if sgr > 0 {
                out.push_str(&rest[..sgr]);
                rest = &rest[sgr..];
                continue;
            }
        }
        if unsafe_for_terminal(c) {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of the SGR sequence (`ESC [ 0-9;* m`) at the start of `s`, or 0.
fn sgr_len(s: &str) -> usize {
    let Some(params) = s.strip_prefix("\u{1b}[") else {
        return 0;
    };
    let digits = params
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    if params.as_bytes().get(digits) == Some(&b'm') {
        2 + digits + 1
    } else {
        0
    }
}

/// A path as text for a terminal.
pub fn sanitize_path(path: &std::path::Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}

/// JSON for a terminal: [`serde_json`]'s pretty form, with every [`unsafe_for_terminal`]
/// character inside strings written as a `\uXXXX` escape (the same JSON value, nothing raw).
pub fn write_json_for_terminal<T: serde::Serialize + ?Sized>(
    out: &mut impl std::io::Write,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, TerminalJson::default());
    value.serialize(&mut ser)
}

/// Pretty JSON that escapes what [`unsafe_for_terminal`] refuses.
#[derive(Default)]
struct TerminalJson<'a> {
    pretty: serde_json::ser::PrettyFormatter<'a>,
}

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(fn $name<W: ?Sized + std::io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> std::io::Result<()> {
            self.pretty.$name(w $(, $arg)*)
        })*
    };
}

impl serde_json::ser::Formatter for TerminalJson<'_> {
    delegate!(
        begin_array(),
        end_array(),
        begin_array_value(first: bool),
        end_array_value(),
        begin_object(),
        end_object(),
        begin_object_key(first: bool),
        begin_object_value(),
        end_object_value(),
    );

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if unsafe_for_terminal(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // Every such character is in the Basic Multilingual Plane: one escape.
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// A changed file as people name it: `procedures/xa/1.001193.yaml` → `1.001193 (Cấp xã)`,
/// `proposals/2022/2022-005.yaml` → `đề xuất 2022-005`.
pub fn record_label(path: &std::path::Path, m: &Manifest, lang: Lang) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let stem = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(rest) = s.strip_prefix("procedures/") {
        let level = rest.split('/').next().unwrap_or("");
        return format!("{stem} ({})", m.level_name(level));
    }
    if s.starts_with("proposals/") {
        return format!("{} {stem}", lang.pick("đề xuất", "proposal"));
    }
    if s.starts_with("publications/") {
        return format!("{} {stem}", lang.pick("công bố", "publication"));
    }
    if s.starts_with("decisions/") {
        return format!("{} {stem}", lang.pick("quyết định", "decision"));
    }
    s
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
    fn missing_fees_and_legal_basis_are_said_to_be_missing_not_none() {
        let m = crate::model::Manifest::default();
        let p = Procedure::default();
        let text: Vec<String> = sections(&p, &m, Lang::Vi)
            .into_iter()
            .filter(|s| s.title == "Phí, lệ phí" || s.title == "Căn cứ pháp lý")
            .flat_map(|s| s.lines)
            .collect();
        assert_eq!(text, ["Chưa có thông tin", "Chưa có thông tin"]);
        assert_eq!(fees_short(None, Lang::Vi), "Chưa có thông tin");
        assert_eq!(fees_short(Some(&[]), Lang::Vi), "Không");
        let free = Fee {
            amount: Some(0),
            ..Default::default()
        };
        assert_eq!(fees_short(Some(&[free]), Lang::Vi), "Không");
        // Entered as none: "Không", in the detail too.
        let none = Procedure {
            fees: Some(Vec::new()),
            ..Procedure::default()
        };
        let fees: Vec<String> = sections(&none, &m, Lang::Vi)
            .into_iter()
            .filter(|s| s.title == "Phí, lệ phí")
            .flat_map(|s| s.lines)
            .collect();
        assert_eq!(fees, ["Không"]);
    }

    #[test]
    fn dates_as_people_type_them() {
        let d = jiff::civil::date(2022, 4, 15);
        for text in [
            "15/04/2022",
            "15/4/2022",
            " 15-04-2022 ",
            "15.04.2022",
            "2022-04-15",
        ] {
            assert_eq!(parse_date_input(text), Some(d), "{text}");
        }
        for text in ["31/02/2022", "15/04/22", "2022/04/15", "hôm nay", ""] {
            assert_eq!(parse_date_input(text), None, "{text}");
        }
    }

    #[test]
    fn escapes_cannot_reach_the_terminal() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\\u{001b}[31mb");
        assert_eq!(sanitize("Hộ tịch"), "Hộ tịch");
        // OSC 0 (window title), OSC 52 (clipboard), a C1 CSI, a right-to-left override.
        assert_eq!(
            sanitize("x\u{1b}]0;T\u{7}\u{1b}]52;c;aGk=\u{7}\u{9b}2J\u{202e}y\nz"),
            "x\\u{001b}]0;T\\u{0007}\\u{001b}]52;c;aGk=\\u{0007}\\u{009b}2J\\u{202e}y\nz"
        );
    }

    #[test]
    fn only_sgr_survives_a_styled_line() {
        assert_eq!(
            sanitize_styled("\u{1b}[1;31merror\u{1b}[0m: \u{1b}]0;T\u{7}", true),
            "\u{1b}[1;31merror\u{1b}[0m: \\u{001b}]0;T\\u{0007}"
        );
        assert_eq!(
            sanitize_styled("\u{1b}[2J\u{1b}[", true),
            "\\u{001b}[2J\\u{001b}["
        );
        assert_eq!(sanitize_styled("\u{1b}[1m", false), "\\u{001b}[1m");
    }

    #[test]
    fn json_for_a_terminal_escapes_c1_and_bidi_and_reads_back_the_same() {
        let value = serde_json::json!({
            "name": "Khai sinh\u{1b}]52;c;aGk=\u{7}\u{85}\u{202e}\u{2066}x\u{7f}",
            "list": ["a", "đ"],
        });
        let mut out = Vec::new();
        write_json_for_terminal(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.chars().any(|c| unsafe_for_terminal(c) && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("\\u0085\\u202e\\u2066x\\u007f"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        // The same layout as serde_json's pretty printer when there is nothing to escape.
        let plain = serde_json::json!({"a": [1, {"b": "c"}], "d": {}});
        let mut out = Vec::new();
        write_json_for_terminal(&mut out, &plain).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&plain).unwrap()
        );
    }
}
