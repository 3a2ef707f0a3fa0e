//! One page per procedure: the record as the official form (mẫu) lays it out.

use super::{Pages, VI};
use crate::i18n;
use crate::model::{LegalDocument, Manifest, Procedure, ProcedureStatus, Text};
use crate::present;
use serde::Serialize;

#[derive(Serialize)]
struct ChannelView {
    label: &'static str,
    description: Option<Text>,
    time: String,
    fees: Vec<String>,
}

#[derive(Serialize)]
struct DocumentView {
    number: usize,
    name: String,
    form: Option<Text>,
    /// A link to the form's file, when it is a plain http(s) address.
    form_url: Option<String>,
    /// The form file's address as text, when it is not a safe link.
    form_file_text: Option<Text>,
    replaced_by_data: Option<Text>,
    originals: u32,
    copies: u32,
    note: Option<Text>,
}

#[derive(Serialize)]
struct ProcessView {
    step: String,
    unit: Option<String>,
    time: String,
}

#[derive(Serialize)]
struct ServiceView {
    code: String,
    name: Option<Text>,
    mode: &'static str,
    url: Option<String>,
    url_text: Option<Text>,
}

#[derive(Serialize)]
struct DossierView {
    title: Option<Text>,
    /// `01`, as the official form writes it.
    sets: Option<String>,
    documents: Vec<DocumentView>,
}

#[derive(Serialize)]
struct FeeView {
    kind: &'static str,
    amount: String,
    condition: Option<Text>,
    /// "Có" / "Không" when entered.
    online_payment: Option<&'static str>,
    text: Option<Text>,
    exemptions: Option<Text>,
}

#[derive(Serialize)]
struct LegalView {
    number: String,
    title: String,
    date: Option<String>,
    issuer: Option<Text>,
    articles: Option<Text>,
    effective: Option<String>,
    amended_by: Option<String>,
    expires: Option<String>,
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct LinkView {
    code: String,
    href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ProcedureView {
    code: Text,
    local_code: Option<Text>,
    name: Text,
    level: Text,
    level_name: String,
    field_name: String,
    kind: Option<Text>,
    pub(super) status: String,
    pub(super) abolished: bool,
    steps: Vec<Text>,
    channels: Vec<ChannelView>,
    dossier: Vec<DossierView>,
    time: String,
    subjects: Vec<Text>,
    competent: Option<String>,
    implementing: Vec<String>,
    authorised: Vec<String>,
    coordinating: Vec<String>,
    address: Option<Text>,
    results: Vec<Text>,
    result_template: Option<Text>,
    /// Whether fees were entered at all (`fees: []` is entered: free).
    fees_entered: bool,
    fees: Vec<FeeView>,
    legal_entered: bool,
    legal: Vec<LegalView>,
    /// The committed (reduced) time, when the province published one.
    committed_time: Option<String>,
    process: Vec<ProcessView>,
    baseline: Option<String>,
    services: Vec<ServiceView>,
    eligible_full: Option<&'static str>,
    electronic_result: Option<&'static str>,
    boundary_free: Option<&'static str>,
    business_related: Option<&'static str>,
    requirements: Option<Text>,
    online: String,
    online_legacy_level: Option<u8>,
    online_url: Option<String>,
    online_url_text: Option<Text>,
    postal_receive: bool,
    postal_return: bool,
    interlinked: bool,
    linked: Vec<LinkView>,
    decision: Option<Text>,
    decision_date: Option<String>,
    effective_from: Option<String>,
    effective_until: Option<String>,
    replaces: Vec<LinkView>,
    replaced_by: Vec<LinkView>,
}

/// A link target for an online service URL: only plain http(s) addresses become links.
pub fn safe_url(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && u.len() > "http://".len()
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c));
    ok.then(|| u.to_owned())
}

fn yes_no(b: bool) -> &'static str {
    if b { "Có" } else { "Không" }
}

fn fee_view(f: &crate::model::Fee) -> FeeView {
    let amount = if !f.tiers.is_empty() || f.max.is_some() {
        present::fee_amounts(f, VI)
    } else {
        match f.amount {
            Some(0) => "Miễn phí".to_owned(),
            Some(a) => match &f.unit {
                Some(u) => format!("{}/{u}", present::vnd(a)),
                None => present::vnd(a),
            },
            None => String::new(),
        }
    };
    FeeView {
        kind: i18n::fee_kind_label(f.kind, VI),
        amount,
        condition: f.condition.clone(),
        online_payment: f.online_payment.map(yes_no),
        text: f.text.clone(),
        exemptions: f.exemptions.clone(),
    }
}

/// The page of `p`, with `legal` as its legal-basis rows (its own, or completed by the
/// register).
pub(super) fn procedure_view(
    p: &Procedure,
    m: &Manifest,
    pages: &Pages,
    legal: &[LegalDocument],
) -> ProcedureView {
    let names = |ids: &[Text]| ids.iter().map(|a| m.agency_name(a).to_owned()).collect();
    let link = |code: &Text| LinkView {
        code: code.to_string(),
        href: pages
            .contains(&(p.level.as_str(), code.as_str()))
            .then(|| format!("{code}.html")),
    };
    let relation = |r: &crate::model::ProcedureRef| {
        let level = r.level_or(&p.level);
        LinkView {
            code: r.display(&p.level),
            href: pages.contains(&(level, r.code.as_str())).then(|| {
                if level == p.level {
                    format!("{}.html", r.code)
                } else {
                    format!("../{level}/{}.html", r.code)
                }
            }),
        }
    };
    let online_url = p.online_service.url.as_deref().and_then(safe_url);
    ProcedureView {
        code: p.code.clone(),
        local_code: p.local_code.clone(),
        name: p.name.clone(),
        level: p.level.clone(),
        level_name: m.level_name(&p.level).to_owned(),
        field_name: m.field_name(&p.field).to_owned(),
        kind: p.kind.clone(),
        status: i18n::status_label(p.status, VI).to_owned(),
        abolished: p.status == ProcedureStatus::Abolished,
        steps: p.steps.clone(),
        channels: p
            .channels
            .iter()
            .map(|c| ChannelView {
                label: i18n::channel_label(c.kind, VI),
                description: c.description.clone(),
                time: present::processing_time(
                    c.processing_time.as_ref().unwrap_or(&p.processing_time),
                    VI,
                ),
                fees: {
                    match c.fees.as_deref().or(p.fees.as_deref()) {
                        None => vec![present::not_entered(VI).to_owned()],
                        Some([]) => vec!["Không".to_owned()],
                        Some(fees) => fees.iter().map(|f| present::fee(f, VI)).collect(),
                    }
                },
            })
            .collect(),
        dossier: p
            .dossier
            .iter()
            .map(|g| DossierView {
                title: g.title.clone(),
                sets: g.sets.map(|n| format!("{n:02}")),
                documents: g
                    .documents
                    .iter()
                    .enumerate()
                    .map(|(i, d)| DocumentView {
                        number: i + 1,
                        name: d.name.to_string(),
                        form: d.form.clone(),
                        form_url: d.form_file.as_deref().and_then(safe_url),
                        form_file_text: d.form_file.clone().filter(|f| safe_url(f).is_none()),
                        replaced_by_data: d.replaced_by_data.clone(),
                        originals: d.originals,
                        copies: d.copies,
                        note: d.note.clone(),
                    })
                    .collect(),
            })
            .collect(),
        time: present::processing_time(&p.processing_time, VI),
        subjects: p.subjects.clone(),
        competent: p
            .agencies
            .competent
            .as_deref()
            .map(|a| m.agency_name(a).to_owned()),
        implementing: names(&p.agencies.implementing),
        authorised: names(&p.agencies.authorised),
        coordinating: names(&p.agencies.coordinating),
        address: p.agencies.address.clone(),
        results: p.results.clone(),
        result_template: p.result_template.clone(),
        fees_entered: p.fees.is_some(),
        fees: p.fee_list().iter().map(fee_view).collect(),
        legal_entered: p.legal_basis.is_some(),
        legal: legal
            .iter()
            .map(|d| LegalView {
                number: d.number.to_string(),
                title: d.title.to_string(),
                date: d.date.map(present::date_vi),
                issuer: d.issuer.clone(),
                articles: d.articles.clone(),
                effective: d.effective.map(present::date_vi),
                amended_by: (!d.amended_by.is_empty()).then(|| d.amended_by.join(", ")),
                expires: d.expires.map(present::date_vi),
                status: d.status.map(|s| present::legal_status_label(s, VI)),
            })
            .collect(),
        committed_time: p
            .committed_time
            .as_ref()
            .map(|t| present::processing_time(t, VI)),
        process: p
            .internal_process
            .iter()
            .map(|s| ProcessView {
                step: s.step.to_string(),
                unit: s.unit.as_deref().map(|u| m.agency_name(u).to_owned()),
                time: present::working_time(s.working_hours(), VI),
            })
            .collect(),
        baseline: p.baseline.as_ref().map(|b| {
            let mut parts = vec![format!("Năm {}", b.year)];
            if let Some(t) = &b.processing_time {
                parts.push(format!(
                    "thời hạn {}",
                    present::processing_time_short(t, VI)
                ));
            }
            if let Some(c) = b.cost {
                parts.push(format!("chi phí {}/hồ sơ", present::vnd(c)));
            }
            if let Some(n) = &b.note {
                parts.push(n.to_string());
            }
            parts.join("; ")
        }),
        services: p
            .online_service
            .services
            .iter()
            .map(|sv| ServiceView {
                code: sv.code.to_string(),
                name: sv.name.clone(),
                mode: i18n::online_label(sv.mode, VI),
                url: sv.url.as_deref().and_then(safe_url),
                url_text: sv.url.clone().filter(|u| safe_url(u).is_none()),
            })
            .collect(),
        eligible_full: p.online_service.eligible_full.map(yes_no),
        electronic_result: p.online_service.electronic_result.map(yes_no),
        boundary_free: p.boundary_free.map(yes_no),
        business_related: p.business_related.map(yes_no),
        requirements: p.requirements.clone(),
        online: present::online_text(&p.online_service, VI),
        online_legacy_level: p
            .online_service
            .legacy_level
            .filter(|_| p.online_service.mode != crate::model::OnlineMode::None),
        online_url_text: p
            .online_service
            .url
            .clone()
            .filter(|_| online_url.is_none()),
        online_url,
        postal_receive: p.postal.receive,
        postal_return: p.postal.return_result,
        interlinked: p.interlinked.enabled,
        linked: p.interlinked.linked.iter().map(link).collect(),
        decision: p.publication.as_ref().map(|r| r.decision.clone()),
        decision_date: p
            .publication
            .as_ref()
            .and_then(|r| r.date)
            .map(present::date_vi),
        effective_from: p.effective_from.map(present::date_vi),
        effective_until: p.effective_until.map(present::date_vi),
        replaces: p.replaces.iter().map(relation).collect(),
        replaced_by: p.replaced_by.iter().map(relation).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_addresses_become_links() {
        assert!(safe_url("https://dichvucong.gov.vn/p/home").is_some());
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url(" JaVaScRiPt:alert(1)").is_none());
        assert!(safe_url("https://x\" onmouseover=\"a").is_none());
        assert!(safe_url("data:text/html,<script>").is_none());
    }
}
