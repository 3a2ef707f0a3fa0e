//! Records from what the sources gave: one procedure per (level, code), its names matched to
//! the manifest's ids through the [`Resolver`]; and, for an existing record, only the parts the
//! source carries written over it.

use super::detail::Detail;
use super::mapping::{MapKind, Resolution, Resolver};
use super::xlsx::{ListRow, PortalList};
use crate::model::{
    ChannelKind, Procedure, ProcedureStatus, ProcessingTime, PublicationKind, PublicationRef,
};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One record made from the sources.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub record: Procedure,
    /// The top-level fields the sources gave (the others are left as the catalogue has them).
    pub carried: Vec<&'static str>,
    /// The files it came from.
    pub sources: Vec<PathBuf>,
    /// Only the list gave it (no detail file).
    pub list_only: bool,
}

/// The records, and what was left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BuildOutcome {
    pub records: Vec<Built>,
    /// (code, level as written) of rows at a level not imported here (the map says this
    /// catalogue does not hold it, or `--level` chose another).
    pub elsewhere: Vec<(String, String)>,
}

const LIST_FIELDS: &[&str] = &["code", "name", "level", "field", "subjects", "status"];
const DETAIL_FIELDS: &[&str] = &[
    "code",
    "name",
    "level",
    "field",
    "steps",
    "channels",
    "dossier",
    "processing_time",
    "subjects",
    "agencies",
    "results",
    "fees",
    "legal_basis",
    "requirements",
];

/// The records of a portal import: every list row (with its detail file when one is given) and
/// every detail file whose code the list does not have, at each level it names that this
/// catalogue holds (`only_level`: that level id alone).
pub fn portal(
    list: Option<&PortalList>,
    details: &[Detail],
    resolver: &mut Resolver,
    only_level: Option<&str>,
) -> BuildOutcome {
    let mut out = BuildOutcome::default();
    let mut by_code: BTreeMap<&str, &Detail> = BTreeMap::new();
    for d in details {
        by_code.entry(d.code.as_str()).or_insert(d);
    }
    let mut used = std::collections::BTreeSet::new();
    let rows: &[ListRow] = list.map_or(&[], |l| &l.rows);
    for row in rows {
        let detail = by_code.get(row.code.as_str()).copied();
        if detail.is_some() {
            used.insert(row.code.as_str());
        }
        let levels = if row.levels.is_empty() {
            detail.map(|d| d.levels.clone()).unwrap_or_default()
        } else {
            row.levels.clone()
        };
        for level in &levels {
            let Some(level_id) = level_id(resolver, level, only_level, &row.code, &mut out) else {
                continue;
            };
            let mut sources = vec![list.map(|l| l.file.clone()).unwrap_or_default()];
            let built = match detail {
                Some(d) => {
                    sources.push(d.file.clone());
                    let mut b = from_detail(d, &level_id, resolver);
                    b.record.status = row.status.unwrap_or_default();
                    if let Some(p) = publication(row, b.record.status) {
                        b.record.publication = Some(p);
                        b.carried.push("publication");
                    }
                    b.carried.push("status");
                    b.sources = sources;
                    b
                }
                None => from_row(row, &level_id, resolver, sources),
            };
            out.records.push(built);
        }
    }
    for d in details {
        if used.contains(d.code.as_str()) || rows.iter().any(|r| r.code == d.code) {
            continue;
        }
        if !used.insert(d.code.as_str()) {
            continue;
        }
        for level in &d.levels {
            let Some(level_id) = level_id(resolver, level, only_level, &d.code, &mut out) else {
                continue;
            };
            let mut b = from_detail(d, &level_id, resolver);
            b.sources = vec![d.file.clone()];
            out.records.push(b);
        }
    }
    out.records
        .sort_by(|a, b| (&a.record.level, &a.record.code).cmp(&(&b.record.level, &b.record.code)));
    out
}

/// The level id a written level resolves to, when rows at it are imported here.
fn level_id(
    resolver: &mut Resolver,
    written: &str,
    only_level: Option<&str>,
    code: &str,
    out: &mut BuildOutcome,
) -> Option<String> {
    let id = match resolver.resolve(MapKind::Level, written) {
        Resolution::Id(id) => Some(id),
        // With --level, other levels need no mapping.
        Resolution::Unmatched if only_level.is_some() => {
            resolver
                .unmatched
                .retain(|u| !(u.kind == MapKind::Level && u.value == written));
            None
        }
        Resolution::Unmatched => return None,
        Resolution::Skip => None,
    };
    match id {
        Some(id) if only_level.is_none_or(|l| l == id) => Some(id),
        _ => {
            out.elsewhere.push((code.to_owned(), written.to_owned()));
            None
        }
    }
}

fn resolve_one(resolver: &mut Resolver, kind: MapKind, value: &str) -> String {
    match resolver.resolve(kind, value) {
        Resolution::Id(id) => id,
        _ => String::new(),
    }
}

fn publication(row: &ListRow, status: ProcedureStatus) -> Option<PublicationRef> {
    let (number, date) = row.decision.clone()?;
    Some(PublicationRef {
        decision: number.into(),
        date,
        kind: match status {
            ProcedureStatus::Amended => PublicationKind::Amended,
            ProcedureStatus::Abolished => PublicationKind::Abolished,
            _ => PublicationKind::New,
        },
    })
}

/// A record from a list row alone: marked incomplete.
fn from_row(row: &ListRow, level: &str, resolver: &mut Resolver, sources: Vec<PathBuf>) -> Built {
    let mut carried = LIST_FIELDS.to_vec();
    if row.subjects.is_empty() {
        carried.retain(|k| *k != "subjects");
    }
    if row.field.is_none() {
        carried.retain(|k| *k != "field");
    }
    let mut p = Procedure {
        code: row.code.as_str().into(),
        name: row.name.as_str().into(),
        level: level.into(),
        subjects: row.subjects.iter().map(crate::model::Text::from).collect(),
        status: row.status.unwrap_or_default(),
        incomplete: true,
        ..Procedure::default()
    };
    if let Some(f) = &row.field {
        p.field = resolve_one(resolver, MapKind::Field, f).into();
    }
    if row.local_code.is_some() {
        p.local_code = row.local_code.as_deref().map(crate::model::Text::from);
        carried.push("local_code");
    }
    if let Some(pubref) = publication(row, p.status) {
        p.publication = Some(pubref);
        carried.push("publication");
    }
    Built {
        record: p,
        carried,
        sources,
        list_only: true,
    }
}

/// A record from a detail file.
fn from_detail(d: &Detail, level: &str, resolver: &mut Resolver) -> Built {
    let mut carried = DETAIL_FIELDS.to_vec();
    let mut p = Procedure {
        code: d.code.as_str().into(),
        name: d.name.as_str().into(),
        level: level.into(),
        kind: d.kind.as_deref().map(crate::model::Text::from),
        steps: d.steps.iter().map(crate::model::Text::from).collect(),
        subjects: d.subjects.iter().map(crate::model::Text::from).collect(),
        results: d.results.iter().map(crate::model::Text::from).collect(),
        // Nothing given ("Không có thông tin") is not entered, not none (issue 16).
        legal_basis: (!d.legal_basis.is_empty()).then(|| d.legal_basis.clone()),
        requirements: d.requirements.as_deref().map(crate::model::Text::from),
        dossier: d.dossier.clone(),
        ..Procedure::default()
    };
    if d.kind.is_some() {
        carried.push("kind");
    }
    if d.local_code.is_some() {
        p.local_code = d.local_code.as_deref().map(crate::model::Text::from);
        carried.push("local_code");
    }
    if let Some(f) = &d.field {
        p.field = resolve_one(resolver, MapKind::Field, f).into();
    }
    let mut agencies = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .map(|n| resolve_one(resolver, MapKind::Agency, n))
            .filter(|id| !id.is_empty())
            .collect()
    };
    p.agencies.implementing = agencies(&d.implementing)
        .into_iter()
        .map(crate::model::Text::from)
        .collect();
    p.agencies.competent = agencies(&d.competent)
        .into_iter()
        .next()
        .map(crate::model::Text::from);
    p.agencies.authorised = agencies(&d.authorised)
        .into_iter()
        .map(crate::model::Text::from)
        .collect();
    p.agencies.coordinating = agencies(&d.coordinating)
        .into_iter()
        .map(crate::model::Text::from)
        .collect();
    p.agencies.address = d.address.as_deref().map(crate::model::Text::from);
    if let Some(number) = &d.decision {
        p.publication = Some(PublicationRef {
            decision: number
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
                .into(),
            date: super::text::date_inside(number),
            kind: PublicationKind::New,
        });
        carried.push("publication");
    }
    // The procedure's time and fees are the in-person channel's (else the first's); a channel
    // that differs keeps its own.
    let base = d
        .channels
        .iter()
        .find(|c| c.0.kind == ChannelKind::InPerson)
        .or(d.channels.first());
    let (base_time, base_fees) = match base {
        Some((_, t, f)) => (t.clone(), f.clone()),
        None => (None, Vec::new()),
    };
    p.processing_time = base_time.clone().unwrap_or(ProcessingTime {
        value: None,
        unit: Default::default(),
        note: None,
    });
    p.fees = (!base_fees.is_empty()).then(|| base_fees.clone());
    for (channel, time, fees) in &d.channels {
        let mut c = channel.clone();
        if time.is_some() && *time != base_time {
            c.processing_time = time.clone();
        }
        if *fees != base_fees {
            c.fees = Some(fees.clone());
        }
        p.channels.push(c);
    }
    // What the file says nothing about ("Không có thông tin") is not carried: the catalogue's
    // value stays (missing is not none).
    let given = |key: &str| -> bool {
        match key {
            "field" => !p.field.is_empty(),
            "steps" => !p.steps.is_empty(),
            "channels" | "processing_time" => !p.channels.is_empty(),
            "fees" => p.fees.is_some() || p.channels.iter().any(|c| c.fees.is_some()),
            "dossier" => !p.dossier.is_empty(),
            "subjects" => !p.subjects.is_empty(),
            "results" => !p.results.is_empty(),
            "legal_basis" => p.legal_basis.is_some(),
            "requirements" => p.requirements.is_some(),
            _ => true,
        }
    };
    carried.retain(|k| *k != "agencies" && given(k));
    let a = &p.agencies;
    for (key, present) in [
        ("agencies.implementing", !a.implementing.is_empty()),
        ("agencies.competent", a.competent.is_some()),
        ("agencies.authorised", !a.authorised.is_empty()),
        ("agencies.coordinating", !a.coordinating.is_empty()),
        ("agencies.address", a.address.is_some()),
    ] {
        if present {
            carried.push(key);
        }
    }
    Built {
        record: p,
        carried,
        sources: Vec::new(),
        list_only: false,
    }
}

/// Write `new` over `base`, keeping what `new` does not carry: an object keeps the keys `new`
/// lacks (a document's note or number of copies, a fee's exemptions, a legal text's date of
/// effect — the portal's files do not hold them); a list takes `new`'s items, each merged with
/// the item of `base` it names (same code, number or name; an unnamed item, the one at the same
/// place when both lists are as long); anything else is replaced.
fn deep_merge(base: &mut serde_json::Value, new: &serde_json::Value) {
    use serde_json::Value;
    match (base, new) {
        (Value::Object(b), Value::Object(n)) => {
            for (k, v) in n {
                match b.get_mut(k) {
                    Some(old) => deep_merge(old, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(b), Value::Array(n)) => {
            let same_length = b.len() == n.len();
            let mut used = vec![false; b.len()];
            let merged = n
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let id = identity(item);
                    // Named items match by name only (a renamed document is another one);
                    // unnamed ones (a fee line) by their place.
                    let found = match id {
                        Some(id) => (0..b.len()).find(|&j| !used[j] && identity(&b[j]) == Some(id)),
                        None => (same_length
                            && item.is_object()
                            && identity(&b[i]).is_none()
                            && !used[i])
                            .then_some(i),
                    };
                    match found {
                        Some(j) => {
                            used[j] = true;
                            let mut m = b[j].clone();
                            deep_merge(&mut m, item);
                            m
                        }
                        None => item.clone(),
                    }
                })
                .collect();
            *b = merged;
        }
        (b, n) => *b = n.clone(),
    }
}

/// What names a list item: its code, number or name.
fn identity(v: &serde_json::Value) -> Option<(&'static str, &str)> {
    ["code", "number", "name"]
        .into_iter()
        .find_map(|k| v.get(k).and_then(|x| x.as_str()).map(|x| (k, x)))
}

/// `existing` with the parts `built` carries written over it; the rest (postal flags, online
/// service, dates, notes …) kept. A complete record stays complete; an incomplete one is
/// completed by a detail file.
pub fn merge(existing: &Procedure, built: &Built) -> Procedure {
    let (Ok(serde_json::Value::Object(mut base)), Ok(serde_json::Value::Object(new))) = (
        serde_json::to_value(existing),
        serde_json::to_value(&built.record),
    ) else {
        return built.record.clone();
    };
    for key in &built.carried {
        // `agencies.address`: one part of a nested record.
        let (base_obj, new_obj, leaf) = match key.split_once('.') {
            Some((parent, leaf)) => {
                let Some(serde_json::Value::Object(n)) = new.get(parent) else {
                    continue;
                };
                let b = base
                    .entry(parent.to_owned())
                    .or_insert_with(|| serde_json::Value::Object(Default::default()));
                let serde_json::Value::Object(b) = b else {
                    continue;
                };
                (b, n, leaf)
            }
            None => (&mut base, &new, *key),
        };
        match (base_obj.get_mut(leaf), new_obj.get(leaf)) {
            (Some(b), Some(v)) => deep_merge(b, v),
            (None, Some(v)) => {
                base_obj.insert(leaf.to_owned(), v.clone());
            }
            (_, None) => {
                base_obj.remove(leaf);
            }
        }
    }
    let mut merged: Procedure = serde_json::from_value(serde_json::Value::Object(base))
        .unwrap_or_else(|_| built.record.clone());
    merged.incomplete = existing.incomplete && built.record.incomplete;
    merged
}

#[cfg(test)]
mod merge_tests {
    use super::*;
    use crate::model::{DossierDocument, DossierGroup, Fee, LegalDocument};

    fn doc(name: &str, note: Option<&str>) -> DossierDocument {
        DossierDocument {
            name: name.into(),
            originals: 1,
            note: note.map(Into::into),
            ..Default::default()
        }
    }

    /// An update from the portal writes what its files carry and keeps what they cannot: a
    /// document's note and the number of sets, a fee's condition, a legal text's date of
    /// effect. A document the portal no longer lists is gone; a new one comes in.
    #[test]
    fn an_update_keeps_what_the_portals_files_do_not_carry() {
        let mut existing = Procedure {
            code: "1.000001".into(),
            level: "xa".into(),
            ..Default::default()
        };
        existing.dossier = vec![DossierGroup {
            title: None,
            documents: vec![
                doc("Tờ khai", Some("Theo mẫu")),
                doc("Giấy tờ cũ", Some("Bỏ")),
            ],
            sets: Some(1),
        }];
        existing.fees = Some(vec![Fee {
            amount: Some(8_000),
            condition: Some("Khi yêu cầu bản sao".into()),
            ..Default::default()
        }]);
        existing.legal_basis = Some(vec![LegalDocument {
            number: "60/2014/QH13".into(),
            title: "Luật Hộ tịch".into(),
            effective: Some(jiff::civil::date(2016, 1, 1)),
            ..Default::default()
        }]);
        let mut from_portal = existing.clone();
        from_portal.dossier = vec![DossierGroup {
            title: None,
            documents: vec![doc("Tờ khai", None), doc("Giấy tờ mới", None)],
            sets: None,
        }];
        from_portal.fees = Some(vec![Fee {
            amount: Some(10_000),
            ..Default::default()
        }]);
        from_portal.legal_basis = Some(vec![LegalDocument {
            number: "60/2014/QH13".into(),
            title: "Luật Hộ tịch".into(),
            ..Default::default()
        }]);
        let built = Built {
            record: from_portal,
            carried: vec!["dossier", "fees", "legal_basis"],
            sources: Vec::new(),
            list_only: false,
        };
        let merged = merge(&existing, &built);
        let group = &merged.dossier[0];
        assert_eq!(group.sets, Some(1));
        let names: Vec<&str> = group.documents.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Tờ khai", "Giấy tờ mới"]);
        assert_eq!(group.documents[0].note.as_deref(), Some("Theo mẫu"));
        assert_eq!(group.documents[1].note, None);
        let fee = &merged.fees.as_ref().unwrap()[0];
        assert_eq!(fee.amount, Some(10_000), "the portal's amount is taken");
        assert_eq!(fee.condition.as_deref(), Some("Khi yêu cầu bản sao"));
        let law = &merged.legal_basis.as_ref().unwrap()[0];
        assert_eq!(law.effective, Some(jiff::civil::date(2016, 1, 1)));
    }
}
