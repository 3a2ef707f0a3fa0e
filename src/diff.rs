//! Comparing records: which procedures were added, removed or changed, which fields changed, and
//! inside text a word-level redline.

use crate::diagnostic::{PathSeg, pointer_text};
use crate::model::Procedure;
use crate::store::{Catalog, Stored};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use std::collections::BTreeMap;

/// One piece of a redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Segment {
    Equal(String),
    Delete(String),
    Insert(String),
}

/// Word-level comparison of two texts; whitespace stays attached to the words it follows.
pub fn redline(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), out.last_mut()) {
            (ChangeTag::Equal, Some(Segment::Equal(s)))
            | (ChangeTag::Delete, Some(Segment::Delete(s)))
            | (ChangeTag::Insert, Some(Segment::Insert(s))) => s.push_str(text),
            (ChangeTag::Equal, _) => out.push(Segment::Equal(text.to_owned())),
            (ChangeTag::Delete, _) => out.push(Segment::Delete(text.to_owned())),
            (ChangeTag::Insert, _) => out.push(Segment::Insert(text.to_owned())),
        }
    }
    out
}

/// A redline as plain text: `[-deleted-]{+inserted+}`, readable without colour.
pub fn redline_plain(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| match s {
            Segment::Equal(t) => t.clone(),
            Segment::Delete(t) => format!("[-{t}-]"),
            Segment::Insert(t) => format!("{{+{t}+}}"),
        })
        .collect()
}

/// One changed leaf of a record: `fees[0].amount` from `2000` to `3000`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Word-level redline when both sides are text.
    pub redline: Vec<Segment>,
}

/// Every leaf value of a record by its path, as text.
fn leaves(p: &Procedure) -> BTreeMap<String, String> {
    fn walk(v: &serde_json::Value, at: &mut Vec<PathSeg>, out: &mut BTreeMap<String, String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    at.push(PathSeg::Key(k.clone()));
                    walk(v, at, out);
                    at.pop();
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    at.push(PathSeg::Index(i));
                    walk(v, at, out);
                    at.pop();
                }
            }
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => {
                out.insert(pointer_text(at), s.clone());
            }
            other => {
                out.insert(pointer_text(at), other.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &serde_json::to_value(p).unwrap_or_default(),
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// The fields that differ between two versions of a procedure, in the record's key order.
pub fn field_changes(old: &Procedure, new: &Procedure) -> Vec<FieldChange> {
    let (a, b) = (leaves(old), leaves(new));
    let order = |field: &str| {
        let top = field.split(['.', '[']).next().unwrap_or(field);
        FIELD_ORDER
            .iter()
            .position(|k| *k == top)
            .unwrap_or(usize::MAX)
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort_by(|x, y| {
        order(x)
            .cmp(&order(y))
            .then_with(|| natural(x).cmp(&natural(y)))
    });
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            let (o, n) = (a.get(k).cloned(), b.get(k).cloned());
            let redline = match (&o, &n) {
                (Some(o), Some(n)) => redline(o, n),
                (Some(o), None) => vec![Segment::Delete(o.clone())],
                (None, Some(n)) => vec![Segment::Insert(n.clone())],
                (None, None) => Vec::new(),
            };
            FieldChange {
                field: k.clone(),
                old: o,
                new: n,
                redline,
            }
        })
        .collect()
}

/// Sort `steps[10]` after `steps[9]`: numbers compare as numbers.
fn natural(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = c.to_digit(10).unwrap_or(0) as u64;
            while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(d as u64);
                chars.next();
            }
            out.push((std::mem::take(&mut text), n));
        } else {
            text.push(c);
        }
    }
    out.push((text, 0));
    out
}

/// The canonical key order of a procedure, for listing changes as the record reads.
const FIELD_ORDER: &[&str] = &[
    "code",
    "local_code",
    "name",
    "level",
    "field",
    "kind",
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
    "online_service",
    "interlinked",
    "postal",
    "status",
    "publication",
    "effective_from",
    "effective_until",
    "replaces",
    "replaced_by",
    "reviewed_on",
    "notes",
];

/// The top-level fields a list of changes touches, in record order, without repeats.
pub fn changed_top_fields(changes: &[FieldChange]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in changes {
        let top = c
            .field
            .split(['.', '['])
            .next()
            .unwrap_or(&c.field)
            .to_owned();
        if !out.contains(&top) {
            out.push(top);
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureRef {
    pub level: String,
    pub code: String,
    pub name: String,
}

impl ProcedureRef {
    fn of(p: &Procedure) -> Self {
        ProcedureRef {
            level: p.level.clone(),
            code: p.code.clone(),
            name: p.name.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureDiff {
    #[serde(flatten)]
    pub procedure: ProcedureRef,
    pub changes: Vec<FieldChange>,
}

/// What changed between two states of a catalogue.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CatalogDiff {
    pub added: Vec<ProcedureRef>,
    pub removed: Vec<ProcedureRef>,
    pub changed: Vec<ProcedureDiff>,
}

impl CatalogDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compare two catalogues procedure by procedure (matched by level and code).
pub fn catalogs(old: &Catalog, new: &Catalog) -> CatalogDiff {
    let index = |c: &Catalog| -> BTreeMap<(String, String), Procedure> {
        c.procedures
            .iter()
            .map(|Stored { record, .. }| {
                ((record.level.clone(), record.code.clone()), record.clone())
            })
            .collect()
    };
    let (a, b) = (index(old), index(new));
    let mut diff = CatalogDiff::default();
    for (key, p) in &a {
        match b.get(key) {
            None => diff.removed.push(ProcedureRef::of(p)),
            Some(q) if q != p => diff.changed.push(ProcedureDiff {
                procedure: ProcedureRef::of(q),
                changes: field_changes(p, q),
            }),
            Some(_) => {}
        }
    }
    for (key, q) in &b {
        if !a.contains_key(key) {
            diff.added.push(ProcedureRef::of(q));
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_redline() {
        let r = redline("Nộp hồ sơ tại UBND xã", "Nộp hồ sơ trực tuyến tại UBND xã");
        assert_eq!(redline_plain(&r), "Nộp hồ sơ {+trực tuyến +}tại UBND xã");
        let r = redline("03 ngày làm việc", "05 ngày làm việc");
        assert_eq!(redline_plain(&r), "[-03-]{+05+} ngày làm việc");
    }

    #[test]
    fn fields_in_record_order() {
        let old = Procedure {
            code: "1.000001".into(),
            name: "A".into(),
            steps: vec!["x".into()],
            ..Default::default()
        };
        let mut new = old.clone();
        new.name = "B".into();
        new.steps.push("y".into());
        new.notes = Some("n".into());
        let changes = field_changes(&old, &new);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["name", "steps[1]", "notes"]);
        assert_eq!(changed_top_fields(&changes), ["name", "steps", "notes"]);
    }
}
