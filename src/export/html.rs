//! The static website: index, one page per procedure, the "what changed" page, and the assets.
//!
//! Pages are minijinja templates with HTML auto-escaping, embedded in the binary and
//! overridable from the catalogue's `templates/` folder. Every value reaches a page through the
//! escaper; templates hold no inline script or style, so the Content-Security-Policy can forbid
//! both.

use super::changes::{ChangedProcedure, path_label};
use super::spreadsheet::agencies;
use super::{ChangesPage, Entry, ExportError, ExportInput, Format, Listing, Sink};
use crate::diff::{ChangeKind, Segment};
use crate::i18n::{self, Lang};
use crate::model::{Manifest, Procedure, ProcedureStatus, PublicationKind, PublicationRecord};
use crate::present;
use crate::search::fold;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

const VI: Lang = Lang::Vi;

/// The page templates a catalogue may override, by file name under `templates/`.
pub const PAGE_TEMPLATES: [(&str, &str); 4] = [
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("procedure.html", include_str!("templates/procedure.html")),
    ("changes.html", include_str!("templates/changes.html")),
];

/// The default assets, written under `assets/`; `templates/assets/` may override them or add
/// more (a logo, fonts).
pub const DEFAULT_ASSETS: [(&str, &str); 2] =
    [("style.css", DEFAULT_STYLE), ("site.js", DEFAULT_SCRIPT)];

/// The default stylesheet (screen and print).
pub const DEFAULT_STYLE: &str = include_str!("templates/style.css");
/// The default script: search and filters on the index.
pub const DEFAULT_SCRIPT: &str = include_str!("templates/site.js");

/// Template overrides read from a catalogue's `templates/` folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Templates {
    pages: BTreeMap<String, String>,
    assets: BTreeMap<String, Vec<u8>>,
}

/// An asset file name that is safe to write: letters, digits, `.`, `-`, `_`, not hidden.
fn safe_asset_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

impl Templates {
    /// From the files of `templates/` (paths relative to it). Page templates must be UTF-8;
    /// other files are ignored and named in the returned list.
    pub fn from_files(
        files: impl IntoIterator<Item = (std::path::PathBuf, Vec<u8>)>,
    ) -> Result<(Templates, Vec<String>), ExportError> {
        let mut t = Templates::default();
        let mut ignored = Vec::new();
        for (rel, bytes) in files {
            let parts: Vec<String> = rel
                .components()
                .map(|c| match c {
                    Component::Normal(s) => s.to_string_lossy().into_owned(),
                    _ => String::from(".."),
                })
                .collect();
            match parts.as_slice() {
                [name] if PAGE_TEMPLATES.iter().any(|(n, _)| n == name) => {
                    let text = String::from_utf8(bytes).map_err(|_| ExportError::Template {
                        name: name.clone(),
                        detail: "not UTF-8 text".into(),
                    })?;
                    t.pages.insert(name.clone(), text);
                }
                [dir, name] if dir == "assets" && safe_asset_name(name) => {
                    t.assets.insert(name.clone(), bytes);
                }
                [name] if name.starts_with('.') || name.eq_ignore_ascii_case("README.md") => {}
                _ => ignored.push(parts.join("/")),
            }
        }
        Ok((t, ignored))
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.assets.is_empty()
    }
}

fn environment(t: &Templates) -> Result<Environment<'static>, ExportError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.set_recursion_limit(100);
    // Escape what HTML needs escaped (`& < > " '`), and print nothing for a missing value. The
    // default escaper also turns every `/` into `&#x2f;`, which only bloats pages and URLs.
    env.set_formatter(|out, state, value| {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        let text = value.to_string();
        if value.is_safe() || *state.auto_escape() == minijinja::AutoEscape::None {
            return out.write_str(&text).map_err(minijinja::Error::from);
        }
        out.write_str(&escape_html(&text))
            .map_err(minijinja::Error::from)
    });
    for (name, default) in PAGE_TEMPLATES {
        let source = t
            .pages
            .get(name)
            .cloned()
            .unwrap_or_else(|| default.to_owned());
        env.add_template_owned(name, source)
            .map_err(|e| template_err(name, &e))?;
    }
    Ok(env)
}

/// Text made safe for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn template_err(name: &str, e: &minijinja::Error) -> ExportError {
    let mut detail = e.to_string();
    if let Some(line) = e.line() {
        detail = format!("line {line}: {detail}");
    }
    ExportError::Template {
        name: name.to_owned(),
        detail,
    }
}

#[derive(Serialize)]
struct IdName {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct PublicationView {
    decision: String,
    date: Option<String>,
    signer: Option<String>,
    effective: Option<String>,
}

impl PublicationView {
    fn of(p: &PublicationRecord) -> PublicationView {
        PublicationView {
            decision: p.decision.clone(),
            date: p.date.map(present::date_vi),
            signer: p.signer.clone(),
            effective: p.effective.map(present::date_vi),
        }
    }
}

#[derive(Serialize)]
struct Download {
    href: String,
    label: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    authority: String,
    province: Option<String>,
    address: Option<String>,
    contact: Option<String>,
    levels: Vec<IdName>,
    fields: Vec<IdName>,
    publication: Option<PublicationView>,
    commit: Option<String>,
    at: Option<String>,
    effective: Option<String>,
    downloads: Vec<Download>,
    total: usize,
}

fn site_view(listing: &Listing, input: &ExportInput) -> SiteView {
    let m = listing.manifest;
    let listed: Vec<&Entry> = listing.listed().collect();
    let mut levels: Vec<IdName> = Vec::new();
    let mut fields: Vec<IdName> = Vec::new();
    for e in &listed {
        let p = e.procedure;
        if !levels.iter().any(|l| l.id == p.level) {
            levels.push(IdName {
                id: p.level.clone(),
                name: m.level_name(&p.level).to_owned(),
            });
        }
        if !fields.iter().any(|f| f.id == p.field) {
            fields.push(IdName {
                id: p.field.clone(),
                name: m.field_name(&p.field).to_owned(),
            });
        }
    }
    fields.sort_by_key(|f| crate::search::sort_key_vi(&f.name));
    let downloads = [
        (Format::Csv, "CSV", "bảng tính, mở được bằng Excel"),
        (Format::Xlsx, "Excel (XLSX)", "mỗi cấp một trang tính"),
        (
            Format::Json,
            "JSON",
            "dữ liệu mở, kèm lược đồ export-schema-v2.json",
        ),
        (Format::JsonLd, "JSON-LD", "từ vựng CPSV-AP của EU"),
    ]
    .into_iter()
    .filter(|(f, _, _)| input.formats.contains(f))
    .filter_map(|(f, label, description)| {
        f.file_name().map(|href| Download {
            href,
            label,
            description,
        })
    })
    .collect();
    SiteView {
        title: m
            .publication
            .site_title
            .clone()
            .unwrap_or_else(|| "Danh mục thủ tục hành chính".into()),
        authority: m.authority.name.clone(),
        province: m.authority.province.clone(),
        address: m.authority.address.clone(),
        contact: m.publication.contact.clone(),
        levels,
        fields,
        publication: input.changes.current.as_ref().map(PublicationView::of),
        commit: input
            .source
            .commit
            .as_ref()
            .map(|c| c.chars().take(10).collect()),
        at: input.source.at.clone(),
        effective: input.source.effective.map(present::date_vi),
        downloads,
        total: listed.len(),
    }
}

#[derive(Serialize, Debug)]
struct Row {
    stt: usize,
    code: String,
    name: String,
    href: String,
    level: String,
    field: String,
    field_name: String,
    time: String,
    fees: String,
    agencies: String,
    online: String,
    postal_receive: bool,
    postal_return: bool,
    search: String,
}

/// Rows turned into template values one at a time as a page is rendered (the rows of a field
/// group of the index, the sections of the changes page): a listing of 100,000 procedures never
/// exists as one tree of template values.
#[derive(Debug)]
struct LazySeq<T>(Vec<T>);

impl<T: Serialize + std::fmt::Debug + Send + Sync + 'static> minijinja::value::Object
    for LazySeq<T>
{
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        self.0.get(key.as_usize()?).map(|r| Value::from(Serde(r)))
    }
    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }
}

#[derive(Serialize)]
struct FieldGroup {
    id: String,
    number: usize,
    name: String,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct LevelGroup {
    id: String,
    numeral: String,
    name: String,
    count: usize,
    fields: Vec<FieldGroup>,
}

#[derive(Serialize)]
struct AbolishedRow {
    code: String,
    name: String,
    href: String,
    level_name: String,
}

fn roman(n: usize) -> String {
    const TABLE: [(usize, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut s = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            s.push_str(letters);
            n -= value;
        }
    }
    s
}

fn row(e: &Entry, m: &Manifest, stt: usize) -> Row {
    let p = e.procedure;
    let search = format!(
        "{} {} {} {}",
        p.code,
        p.local_code.as_deref().unwrap_or(""),
        p.name,
        m.field_name(&p.field)
    );
    Row {
        stt,
        code: p.code.clone(),
        name: p.name.clone(),
        href: e.href.clone(),
        level: p.level.clone(),
        field: p.field.clone(),
        field_name: m.field_name(&p.field).to_owned(),
        time: present::time_short(p, VI),
        fees: present::fees_short(p.fees.as_deref(), VI),
        agencies: agencies(p, m),
        online: present::online_text(&p.online_service, VI),
        postal_receive: p.postal.receive,
        postal_return: p.postal.return_result,
        search: fold(&search),
    }
}

/// The listing grouped by level, then field, numbered within each level.
fn index_groups(listing: &Listing) -> Vec<LevelGroup> {
    let m = listing.manifest;
    let mut levels: Vec<LevelGroup> = Vec::new();
    for e in listing.listed() {
        let p = e.procedure;
        if levels.last().is_none_or(|l| l.id != p.level) {
            levels.push(LevelGroup {
                id: p.level.clone(),
                numeral: roman(levels.len() + 1),
                name: m.level_name(&p.level).to_owned(),
                count: 0,
                fields: Vec::new(),
            });
        }
        let level = levels.last_mut().expect("just pushed");
        level.count += 1;
        if level.fields.last().is_none_or(|f| f.id != p.field) {
            let number = level.fields.len() + 1;
            level.fields.push(FieldGroup {
                id: p.field.clone(),
                number,
                name: m.field_name(&p.field).to_owned(),
                rows: Vec::new(),
            });
        }
        let stt = level.count;
        level
            .fields
            .last_mut()
            .expect("just pushed")
            .rows
            .push(row(e, m, stt));
    }
    levels
}

/// The grouped listing as template values, with the rows left lazy.
fn index_values(levels: Vec<LevelGroup>) -> Value {
    let levels: Vec<Value> = levels
        .into_iter()
        .map(|l| {
            let fields: Vec<Value> = l
                .fields
                .into_iter()
                .map(|f| {
                    context! {
                        id => f.id,
                        number => f.number,
                        name => f.name,
                        rows => Value::from_object(LazySeq(f.rows)),
                    }
                })
                .collect();
            context! {
                id => l.id,
                numeral => l.numeral,
                name => l.name,
                count => l.count,
                fields => fields,
            }
        })
        .collect();
    Value::from(levels)
}

#[derive(Serialize)]
struct ChannelView {
    label: &'static str,
    description: Option<String>,
    time: String,
    fees: Vec<String>,
}

#[derive(Serialize)]
struct DocumentView {
    number: usize,
    name: String,
    form: Option<String>,
    /// A link to the form's file, when it is a plain http(s) address.
    form_url: Option<String>,
    /// The form file's address as text, when it is not a safe link.
    form_file_text: Option<String>,
    replaced_by_data: Option<String>,
    originals: u32,
    copies: u32,
    note: Option<String>,
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
    name: Option<String>,
    mode: &'static str,
    url: Option<String>,
    url_text: Option<String>,
}

#[derive(Serialize)]
struct DossierView {
    title: Option<String>,
    /// `01`, as the official form writes it.
    sets: Option<String>,
    documents: Vec<DocumentView>,
}

#[derive(Serialize)]
struct FeeView {
    kind: &'static str,
    amount: String,
    condition: Option<String>,
    /// "Có" / "Không" when entered.
    online_payment: Option<&'static str>,
    text: Option<String>,
    exemptions: Option<String>,
}

#[derive(Serialize)]
struct LegalView {
    number: String,
    title: String,
    date: Option<String>,
    issuer: Option<String>,
    articles: Option<String>,
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
struct ProcedureView {
    code: String,
    local_code: Option<String>,
    name: String,
    level: String,
    level_name: String,
    field_name: String,
    kind: Option<String>,
    status: &'static str,
    abolished: bool,
    steps: Vec<String>,
    channels: Vec<ChannelView>,
    dossier: Vec<DossierView>,
    time: String,
    subjects: Vec<String>,
    competent: Option<String>,
    implementing: Vec<String>,
    authorised: Vec<String>,
    coordinating: Vec<String>,
    address: Option<String>,
    results: Vec<String>,
    result_template: Option<String>,
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
    requirements: Option<String>,
    online: String,
    online_legacy_level: Option<u8>,
    online_url: Option<String>,
    online_url_text: Option<String>,
    postal_receive: bool,
    postal_return: bool,
    interlinked: bool,
    linked: Vec<LinkView>,
    decision: Option<String>,
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

fn procedure_view(
    p: &Procedure,
    m: &Manifest,
    pages: &BTreeSet<(String, String)>,
) -> ProcedureView {
    let names = |ids: &[String]| ids.iter().map(|a| m.agency_name(a).to_owned()).collect();
    let link = |code: &String| LinkView {
        code: code.clone(),
        href: pages
            .contains(&(p.level.clone(), code.clone()))
            .then(|| format!("{code}.html")),
    };
    let relation = |r: &crate::model::ProcedureRef| {
        let level = r.level_or(&p.level);
        LinkView {
            code: r.display(&p.level),
            href: pages
                .contains(&(level.to_owned(), r.code.clone()))
                .then(|| {
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
        status: i18n::status_label(p.status, VI),
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
                        name: d.name.clone(),
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
        legal: p
            .legal_list()
            .iter()
            .map(|d| LegalView {
                number: d.number.clone(),
                title: d.title.clone(),
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
                step: s.step.clone(),
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
                parts.push(n.clone());
            }
            parts.join("; ")
        }),
        services: p
            .online_service
            .services
            .iter()
            .map(|sv| ServiceView {
                code: sv.code.clone(),
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

#[derive(Debug, Serialize)]
struct SegmentView {
    op: &'static str,
    text: String,
}

#[derive(Debug, Serialize)]
struct FieldChangeView {
    label: String,
    kind: &'static str,
    from: Option<String>,
    segments: Vec<SegmentView>,
}

#[derive(Debug, Serialize)]
struct ChangeRow {
    stt: usize,
    code: String,
    name: String,
    href: Option<String>,
    level_name: String,
    field_name: String,
    agencies: String,
    kind: &'static str,
    replaces: Vec<String>,
    changes: Vec<FieldChangeView>,
    /// A transfer: "Mã (Cấp …)" it was carried out at before.
    moved_from: Option<String>,
}

struct ChangesView {
    current: Option<PublicationView>,
    baseline: Option<PublicationView>,
    new: Vec<ChangeRow>,
    amended: Vec<ChangeRow>,
    abolished: Vec<ChangeRow>,
    transferred: Vec<ChangeRow>,
    total: usize,
}

fn change_rows(
    list: &[ChangedProcedure],
    m: &Manifest,
    pages: &BTreeSet<(String, String)>,
) -> Vec<ChangeRow> {
    list.iter()
        .enumerate()
        .map(|(i, c)| ChangeRow {
            stt: i + 1,
            code: c.code.clone(),
            name: c.name.clone(),
            href: pages
                .contains(&(c.level.clone(), c.code.clone()))
                .then(|| super::page_path(&c.level, &c.code))
                .flatten(),
            level_name: m.level_name(&c.level).to_owned(),
            field_name: m.field_name(&c.field).to_owned(),
            agencies: c
                .agencies
                .iter()
                .map(|a| m.agency_name(a))
                .collect::<Vec<_>>()
                .join("; "),
            kind: match c.kind {
                PublicationKind::New => "Công bố mới",
                PublicationKind::Amended => "Sửa đổi, bổ sung",
                PublicationKind::Replaced => "Thay thế",
                PublicationKind::Abolished => "Bãi bỏ",
                PublicationKind::Transferred => "Chuyển cấp",
            },
            replaces: c.replaces.clone(),
            moved_from: c
                .moved_from
                .as_ref()
                .map(|r| format!("{} ({})", r.code, m.level_name(&r.level))),
            changes: c
                .changes
                .iter()
                .map(|f| FieldChangeView {
                    label: path_label(&f.field, VI),
                    kind: match f.kind {
                        ChangeKind::Changed => "sửa",
                        ChangeKind::Added => "thêm",
                        ChangeKind::Removed => "bỏ",
                        ChangeKind::Moved => "đổi vị trí",
                    },
                    from: f.from.as_deref().map(|p| path_label(p, VI)),
                    segments: f
                        .redline_for(VI)
                        .iter()
                        .map(|s| match s {
                            Segment::Equal(t) => SegmentView {
                                op: "equal",
                                text: t.clone(),
                            },
                            Segment::Delete(t) => SegmentView {
                                op: "delete",
                                text: t.clone(),
                            },
                            Segment::Insert(t) => SegmentView {
                                op: "insert",
                                text: t.clone(),
                            },
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn changes_view(
    page: &ChangesPage,
    m: &Manifest,
    pages: &BTreeSet<(String, String)>,
) -> ChangesView {
    let c = &page.changes;
    ChangesView {
        current: page.current.as_ref().map(PublicationView::of),
        baseline: page.baseline.as_ref().map(PublicationView::of),
        new: change_rows(&c.new, m, pages),
        amended: change_rows(&c.amended, m, pages),
        abolished: change_rows(&c.abolished, m, pages),
        transferred: change_rows(&c.transferred, m, pages),
        total: c.new.len() + c.amended.len() + c.abolished.len() + c.transferred.len(),
    }
}

/// Render the site into `sink`; returns the files written.
pub fn site(
    listing: &Listing,
    retired: &[Entry],
    input: &ExportInput,
    sink: &dyn Sink,
) -> Result<Vec<String>, ExportError> {
    let mut env = environment(&input.templates)?;
    let m = listing.manifest;
    env.add_global("site", Value::from(Serde(site_view(listing, input))));
    let mut files = Vec::new();
    let put = |rel: &str, bytes: &[u8], files: &mut Vec<String>| -> Result<(), ExportError> {
        sink.put(rel, bytes).map_err(|source| ExportError::Io {
            path: Path::new(rel).to_owned(),
            source,
        })?;
        files.push(rel.to_owned());
        Ok(())
    };
    let mut assets: BTreeMap<String, Vec<u8>> = DEFAULT_ASSETS
        .iter()
        .map(|(n, c)| ((*n).to_owned(), c.as_bytes().to_vec()))
        .collect();
    assets.extend(input.templates.assets.clone());
    for (name, bytes) in &assets {
        put(&format!("assets/{name}"), bytes, &mut files)?;
    }
    let render = |name: &str, ctx: Value| -> Result<String, ExportError> {
        env.get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| template_err(name, &e))
    };
    let pages: BTreeSet<(String, String)> = listing
        .entries
        .iter()
        .chain(retired)
        .map(|e| (e.procedure.level.clone(), e.procedure.code.clone()))
        .collect();
    let abolished: Vec<AbolishedRow> = listing
        .entries
        .iter()
        .filter(|e| e.abolished())
        .map(|e| AbolishedRow {
            code: e.procedure.code.clone(),
            name: e.procedure.name.clone(),
            href: e.href.clone(),
            level_name: m.level_name(&e.procedure.level).to_owned(),
        })
        .collect();
    // The two pages that grow with the catalogue (tens of megabytes at 100,000 procedures) are
    // written as they are rendered, never held whole.
    let stream = |name: &str, ctx: Value, rel: &str, files: &mut Vec<String>| {
        let template = env.get_template(name).map_err(|e| template_err(name, &e))?;
        sink.stream(rel, &mut |w| {
            template
                .render_captured_to(ctx.clone(), w)
                .map(drop)
                .map_err(|e| template_err(name, &e))
        })?;
        files.push(rel.to_owned());
        Ok::<(), ExportError>(())
    };
    stream(
        "index.html",
        context! {
            root => "",
            page => "index",
            levels => index_values(index_groups(listing)),
            abolished => Value::from(Serde(abolished)),
        },
        "index.html",
        &mut files,
    )?;
    stream(
        "changes.html",
        context! {
            root => "",
            page => "changes",
            changes => {
                let view = changes_view(&input.changes, m, &pages);
                context! {
                    current => Value::from(Serde(view.current)),
                    baseline => Value::from(Serde(view.baseline)),
                    total => view.total,
                    new => Value::from_object(LazySeq(view.new)),
                    amended => Value::from_object(LazySeq(view.amended)),
                    abolished => Value::from_object(LazySeq(view.abolished)),
                    transferred => Value::from_object(LazySeq(view.transferred)),
                }
            },
        },
        "thay-doi.html",
        &mut files,
    )?;

    // Procedure pages, spread over the available cores; each page is independent.
    let entries: Vec<(&Entry, bool)> = listing
        .entries
        .iter()
        .map(|e| (e, false))
        .chain(retired.iter().map(|e| (e, true)))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = entries.len().div_ceil(threads).max(1);
    let results: Vec<Result<(), ExportError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|part| {
                let render = &render;
                let pages = &pages;
                scope.spawn(move || -> Result<(), ExportError> {
                    for (e, retired) in part {
                        let mut view = procedure_view(e.procedure, m, pages);
                        if *retired {
                            view.abolished = true;
                            view.status = i18n::status_label(ProcedureStatus::Abolished, VI);
                        }
                        let html = render(
                            "procedure.html",
                            context! { root => "../../", page => "procedure", p => Value::from(Serde(view)) },
                        )?;
                        sink.put(&e.href, html.as_bytes())
                            .map_err(|source| ExportError::Io {
                                path: e.href.clone().into(),
                                source,
                            })?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(ExportError::Template {
                        name: "procedure.html".into(),
                        detail: "rendering failed".into(),
                    })
                })
            })
            .collect()
    });
    for r in results {
        r?;
    }
    files.extend(entries.iter().map(|(e, _)| e.href.clone()));
    Ok(files)
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

    #[test]
    fn html_escaping() {
        assert_eq!(
            escape_html("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert!(matches!(
            escape_html("Hộ tịch 1/2"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
    }

    #[test]
    fn default_templates_never_mark_values_safe() {
        for (name, text) in PAGE_TEMPLATES {
            assert!(
                !text.contains("|safe") && !text.contains("| safe"),
                "{name}"
            );
            assert!(!text.contains("autoescape false"), "{name}");
            assert!(
                !text.contains("<script>") && !text.contains("style="),
                "{name}"
            );
        }
    }
}
