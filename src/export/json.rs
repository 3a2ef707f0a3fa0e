//! Open data: JSON in the documented, versioned schema (`docs/export-schema-v2.json`) and JSON-LD
//! in the EU CPSV-AP vocabulary. One procedure per line, so files diff well and stream.

use super::{ChangesPage, Entry, ExportError, JSON_SCHEMA_FILE, Listing, Source};
use crate::i18n::{self, Lang};
use crate::model::{
    Agency, Authority, ChannelKind, Field, Level, OnlineMode, Procedure, ProcedureStatus,
    ProcessingTime, TimeUnit,
};
use crate::present;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::io::Write;

/// The version of the JSON export's schema; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Envelope<'a> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    schema_version: u32,
    generator: &'a str,
    title: Option<&'a str>,
    authority: &'a Authority,
    source: SourceJson<'a>,
    publication: Option<PublicationJson<'a>>,
    levels: &'a [Level],
    fields: &'a [Field],
    agencies: &'a [Agency],
    counts: Counts,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    commit: Option<&'a str>,
    at: Option<&'a str>,
    effective: Option<String>,
}

#[derive(Serialize)]
struct PublicationJson<'a> {
    decision: &'a str,
    date: Option<String>,
    signer: Option<&'a str>,
    effective: Option<String>,
}

#[derive(Serialize)]
struct Counts {
    procedures: usize,
    abolished: usize,
}

#[derive(Serialize)]
struct ProcedureJson<'a> {
    url: &'a str,
    level_name: &'a str,
    field_name: &'a str,
    record: &'a Procedure,
}

fn json_err(e: serde_json::Error) -> ExportError {
    ExportError::Io {
        path: "danh-muc-tthc.json".into(),
        source: std::io::Error::other(e),
    }
}

/// Write `{ …envelope…, "<key>": [\n item,\n item\n] }`: the envelope on one line, then one
/// item per line, streamed.
fn envelope_with_list<T: Serialize>(
    out: &mut dyn Write,
    envelope: &impl Serialize,
    key: &str,
    items: impl Iterator<Item = T>,
) -> Result<(), ExportError> {
    let mut head = serde_json::to_vec(envelope).map_err(json_err)?;
    debug_assert_eq!(head.last(), Some(&b'}'));
    head.pop();
    head.extend_from_slice(format!(",\"{key}\":[").as_bytes());
    out.write_all(&head).map_err(io_err)?;
    let mut first = true;
    for item in items {
        out.write_all(if first { b"\n" } else { b",\n" })
            .map_err(io_err)?;
        first = false;
        serde_json::to_writer(&mut *out, &item).map_err(json_err)?;
    }
    out.write_all(b"\n]}\n").map_err(io_err)
}

fn io_err(source: std::io::Error) -> ExportError {
    ExportError::Io {
        path: "danh-muc-tthc.json".into(),
        source,
    }
}

/// The whole listing as JSON (every procedure, abolished ones with their status).
pub fn json(
    out: &mut dyn Write,
    listing: &Listing,
    source: &Source,
    changes: &ChangesPage,
) -> Result<(), ExportError> {
    let m = listing.manifest;
    let envelope = Envelope {
        schema: JSON_SCHEMA_FILE,
        schema_version: SCHEMA_VERSION,
        generator: "tthc",
        title: m.publication.site_title.as_deref(),
        authority: &m.authority,
        source: SourceJson {
            commit: source.commit.as_deref(),
            at: source.at.as_deref(),
            effective: source.effective.map(|d| d.to_string()),
        },
        publication: changes.current.as_ref().map(|p| PublicationJson {
            decision: &p.decision,
            date: p.date.map(|d| d.to_string()),
            signer: p.signer.as_deref(),
            effective: p.effective.map(|d| d.to_string()),
        }),
        levels: &m.levels,
        fields: &m.fields,
        agencies: &m.agencies,
        counts: Counts {
            procedures: listing.entries.len(),
            abolished: listing.entries.iter().filter(|e| e.abolished()).count(),
        },
    };
    let items = listing.entries.iter().map(|e| ProcedureJson {
        url: &e.href,
        level_name: m.level_name(&e.procedure.level),
        field_name: m.field_name(&e.procedure.field),
        record: e.procedure,
    });
    envelope_with_list(out, &envelope, "procedures", items)
}

/// An ISO 8601 duration for a processing time, when it is a plain one. Working days and "same
/// day" are not plain durations, so they get none (their text is given separately).
pub fn iso_duration(t: &ProcessingTime) -> Option<String> {
    let v = t.value?;
    match t.unit {
        TimeUnit::Days => Some(format!("P{v}D")),
        TimeUnit::Hours => Some(format!("PT{v}H")),
        TimeUnit::Months => Some(format!("P{v}M")),
        TimeUnit::WorkingDays | TimeUnit::SameDay => None,
    }
}

fn vi(text: &str) -> Value {
    json!({ "@value": text, "@language": "vi" })
}

fn context() -> Value {
    json!({
        "cpsv": "http://purl.org/vocab/cpsv#",
        "cv": "http://data.europa.eu/m8g/",
        "dct": "http://purl.org/dc/terms/",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "eli": "http://data.europa.eu/eli/ontology#",
        "adms": "http://www.w3.org/ns/adms#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "tthc": "urn:tthc:vocab:"
    })
}

/// Organisation and concept ids are fragments of the data file, service ids its pages.
fn agency_id(id: &str) -> String {
    format!("#co-quan/{id}")
}
fn field_id(id: &str) -> String {
    format!("#linh-vuc/{id}")
}

fn costs(fees: &[crate::model::Fee], channel: Option<&str>) -> Vec<Value> {
    // A tiered fee is one cost per tier (each with its value); the description of each says the
    // whole fee, its tiers and its cap, so the cap is never a cost of its own.
    let amounts = |f: &crate::model::Fee| -> Vec<Option<i64>> {
        if f.tiers.is_empty() {
            vec![f.amount]
        } else {
            f.tiers.iter().map(|t| t.amount).collect()
        }
    };
    fees.iter()
        .flat_map(|f| amounts(f).into_iter().map(move |a| (f, a)))
        .map(|(f, amount)| {
            let mut cost = Map::new();
            cost.insert("@type".into(), "cv:Cost".into());
            if let Some(a) = amount {
                cost.insert("cv:hasValue".into(), a.into());
                cost.insert(
                    "cv:currency".into(),
                    json!({ "@id": "http://publications.europa.eu/resource/authority/currency/VND" }),
                );
            }
            cost.insert(
                "dct:description".into(),
                vi(&present::fee(f, Lang::Vi)),
            );
            if let Some(ch) = channel {
                cost.insert("cv:ifAccessedThrough".into(), json!({ "@id": ch }));
            }
            Value::Object(cost)
        })
        .collect()
}

fn service(e: &Entry, listing: &Listing) -> Value {
    let p = e.procedure;
    let m = listing.manifest;
    let mut s = Map::new();
    let mut put = |k: &str, v: Value| {
        s.insert(k.to_owned(), v);
    };
    put("@id", e.href.clone().into());
    put("@type", "cpsv:PublicService".into());
    put("dct:identifier", p.code.as_str().into());
    put("dct:title", vi(&p.name));
    let description = if p.steps.is_empty() {
        p.name.to_string()
    } else {
        p.steps.join("\n")
    };
    put("dct:description", vi(&description));
    put(
        "dct:language",
        json!({ "@id": "http://publications.europa.eu/resource/authority/language/VIE" }),
    );
    let competent = p
        .agencies
        .competent
        .iter()
        .chain(p.agencies.implementing.iter().take(1))
        .next();
    if let Some(a) = competent {
        put("cv:hasCompetentAuthority", json!({ "@id": agency_id(a) }));
    }
    put("cv:thematicArea", json!({ "@id": field_id(&p.field) }));
    put(
        "adms:status",
        json!({ "@id": format!("tthc:status/{}", match p.status {
            ProcedureStatus::Published => "published",
            ProcedureStatus::Amended => "amended",
            ProcedureStatus::Abolished => "abolished",
            ProcedureStatus::Draft => "draft",
        }) }),
    );
    if let Some(d) = iso_duration(&p.processing_time) {
        put(
            "cv:processingTime",
            json!({ "@value": d, "@type": "xsd:duration" }),
        );
    }
    put(
        "tthc:processingTimeText",
        vi(&present::processing_time(&p.processing_time, Lang::Vi)),
    );
    let mut all_costs = costs(p.fee_list(), None);
    let channels: Vec<Value> = p
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = format!("{}#kenh-{}", e.href, i + 1);
            let mut ch = Map::new();
            ch.insert("@id".into(), id.clone().into());
            ch.insert("@type".into(), "cv:Channel".into());
            let kind = match c.kind {
                ChannelKind::InPerson => "in_person",
                ChannelKind::Online => "online",
                ChannelKind::Postal => "postal",
            };
            ch.insert(
                "dct:type".into(),
                json!({ "@id": format!("tthc:channel/{kind}") }),
            );
            let mut text = i18n::channel_label(c.kind, Lang::Vi).to_owned();
            if let Some(d) = &c.description {
                text.push_str(": ");
                text.push_str(d);
            }
            ch.insert("dct:description".into(), vi(&text));
            if let Some(d) = c.processing_time.as_ref().and_then(iso_duration) {
                ch.insert(
                    "cv:processingTime".into(),
                    json!({ "@value": d, "@type": "xsd:duration" }),
                );
            }
            if let Some(fees) = &c.fees {
                all_costs.extend(costs(fees, Some(&id)));
            }
            Value::Object(ch)
        })
        .collect();
    if !all_costs.is_empty() {
        put("cv:hasCost", all_costs.into());
    }
    if !channels.is_empty() {
        put("cv:hasChannel", channels.into());
    }
    let inputs: Vec<Value> = p
        .dossier
        .iter()
        .flat_map(|g| {
            g.documents.iter().map(move |d| {
                let mut text = format!(
                    "Bản chính: {}; bản sao: {}",
                    d.originals, d.copies
                );
                if let Some(t) = &g.title {
                    text = format!("{t}. {text}");
                }
                if let Some(f) = &d.form {
                    text.push_str(&format!("; mẫu: {f}"));
                }
                if let Some(n) = &d.note {
                    text.push_str(&format!("; {n}"));
                }
                json!({ "@type": "cv:Evidence", "dct:title": vi(&d.name), "dct:description": vi(&text) })
            })
        })
        .collect();
    if !inputs.is_empty() {
        put("cpsv:hasInput", inputs.into());
    }
    if !p.results.is_empty() {
        put(
            "cpsv:produces",
            p.results
                .iter()
                .map(|r| json!({ "@type": "cv:Output", "dct:title": vi(r) }))
                .collect::<Vec<_>>()
                .into(),
        );
    }
    if !p.legal_list().is_empty() {
        put(
            "cv:hasLegalResource",
            p.legal_list()
                .iter()
                .map(|d| {
                    let mut r = Map::new();
                    r.insert("@type".into(), "eli:LegalResource".into());
                    r.insert("dct:identifier".into(), d.number.as_str().into());
                    r.insert("dct:title".into(), vi(&d.title));
                    if let Some(date) = d.date {
                        r.insert(
                            "eli:date_document".into(),
                            json!({ "@value": date.to_string(), "@type": "xsd:date" }),
                        );
                    }
                    if let Some(issuer) = &d.issuer {
                        r.insert(
                            "eli:passed_by".into(),
                            json!({ "skos:prefLabel": vi(issuer) }),
                        );
                    }
                    Value::Object(r)
                })
                .collect::<Vec<_>>()
                .into(),
        );
    }
    if let Some(req) = &p.requirements {
        put(
            "cv:holdsRequirement",
            json!([{ "@type": "cv:Requirement", "dct:description": vi(req) }]),
        );
    }
    if !p.subjects.is_empty() {
        put(
            "tthc:subject",
            p.subjects.iter().map(|s| vi(s)).collect::<Vec<_>>().into(),
        );
    }
    put(
        "tthc:level",
        json!({ "@id": format!("#cap/{}", p.level), "skos:prefLabel": vi(m.level_name(&p.level)) }),
    );
    put(
        "tthc:onlineService",
        match p.online_service.mode {
            OnlineMode::Full => "full",
            OnlineMode::Partial => "partial",
            OnlineMode::None => "none",
        }
        .into(),
    );
    put("tthc:postalReceive", p.postal.receive.into());
    put("tthc:postalReturn", p.postal.return_result.into());
    if let Some(d) = p.effective_from {
        put(
            "tthc:effectiveFrom",
            json!({ "@value": d.to_string(), "@type": "xsd:date" }),
        );
    }
    if let Some(d) = p.effective_until {
        put(
            "tthc:effectiveUntil",
            json!({ "@value": d.to_string(), "@type": "xsd:date" }),
        );
    }
    Value::Object(s)
}

/// The listing as a JSON-LD graph in the CPSV-AP vocabulary: the authority, agencies
/// (PublicOrganisation), fields (thematic areas, skos:Concept), then one PublicService per
/// procedure.
pub fn jsonld(out: &mut dyn Write, listing: &Listing) -> Result<(), ExportError> {
    let m = listing.manifest;
    let mut authority = json!({
        "@id": "#don-vi",
        "@type": "cv:PublicOrganisation",
        "skos:prefLabel": vi(&m.authority.name),
    });
    if let Some(code) = &m.authority.unit_code {
        authority["dct:identifier"] = code.clone().into();
    }
    let mut nodes: Vec<Value> = vec![authority];
    for a in &m.agencies {
        nodes.push(json!({
            "@id": agency_id(&a.id),
            "@type": "cv:PublicOrganisation",
            "skos:prefLabel": vi(&a.name),
        }));
    }
    for f in &m.fields {
        let mut node = json!({
            "@id": field_id(&f.id),
            "@type": "skos:Concept",
            "skos:prefLabel": vi(&f.name),
        });
        if let Some(code) = &f.code {
            node["skos:notation"] = code.clone().into();
        }
        nodes.push(node);
    }
    #[derive(Serialize)]
    struct Head {
        #[serde(rename = "@context")]
        context: Value,
    }
    let head = Head { context: context() };
    let items = nodes
        .into_iter()
        .chain(listing.entries.iter().map(|e| service(e, listing)));
    envelope_with_list(out, &head, "@graph", items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_durations_only() {
        let t = |value, unit| ProcessingTime {
            value,
            unit,
            note: None,
        };
        assert_eq!(
            iso_duration(&t(Some(3), TimeUnit::Days)).as_deref(),
            Some("P3D")
        );
        assert_eq!(
            iso_duration(&t(Some(4), TimeUnit::Hours)).as_deref(),
            Some("PT4H")
        );
        assert_eq!(
            iso_duration(&t(Some(1), TimeUnit::Months)).as_deref(),
            Some("P1M")
        );
        assert_eq!(iso_duration(&t(Some(5), TimeUnit::WorkingDays)), None);
        assert_eq!(iso_duration(&t(None, TimeUnit::SameDay)), None);
    }
}
