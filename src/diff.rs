//! Comparing records: which procedures were added, removed or changed, which fields changed, and
//! inside text a word-level redline.

use crate::diagnostic::PathSeg;
use crate::model::Procedure;
use crate::store::{Catalog, Stored};
use serde::Serialize;
use serde_json::Value;
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

/// Fold long unchanged stretches of a redline: an equal run of more than `2 × keep` words keeps
/// its first `keep` words (unless it opens the text), an ellipsis, and its last `keep` words
/// (unless it closes the text), so only the context of each change is shown.
pub fn fold_context(segments: &[Segment], keep: usize) -> Vec<Segment> {
    let last = segments.len().saturating_sub(1);
    segments
        .iter()
        .enumerate()
        .map(|(i, s)| match s {
            Segment::Equal(t) => {
                let words: Vec<&str> = t.split_inclusive(' ').collect();
                if words.len() <= 2 * keep {
                    return s.clone();
                }
                let head = if i == 0 { 0 } else { keep };
                let tail = if i == last { 0 } else { keep };
                let mut out: String = words[..head].concat();
                out.push_str(if tail == 0 { "…" } else { "… " });
                out.push_str(&words[words.len() - tail..].concat());
                Segment::Equal(out)
            }
            other => other.clone(),
        })
        .collect()
}

/// How one part of a record changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Changed,
    Added,
    Removed,
    /// A list item that only changed position.
    Moved,
}

/// One changed part of a record: `fees[0].amount` from `2000` to `3000`, or a list item added,
/// removed or moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Path in the new record (in the old one for removals).
    pub field: String,
    pub kind: ChangeKind,
    /// For a moved item, its path in the old record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Word-level redline of old against new.
    pub redline: Vec<Segment>,
}

impl FieldChange {
    /// The redline for people: an enumerated value reads as its label (`published` → "Công
    /// khai"), replaced as a whole; free text keeps its word-level redline.
    /// A date reads as people write it in that language (`01/03/2027` in Vietnamese), also
    /// replaced as a whole.
    pub fn redline_for(&self, lang: crate::i18n::Lang) -> Vec<Segment> {
        let label = |v: &Option<String>| -> Option<std::borrow::Cow<'static, str>> {
            let v = v.as_deref()?;
            if let Some(l) = crate::i18n::value_label(&self.field, v, lang) {
                return Some(l.into());
            }
            let date = (v.len() == 10)
                .then(|| v.parse::<crate::model::Date>().ok())
                .flatten()?;
            Some(crate::present::date_display(date, lang).into())
        };
        let (old, new) = (label(&self.old), label(&self.new));
        if old.is_none() && new.is_none() {
            return self.redline.clone();
        }
        let mut out = Vec::new();
        if let Some(o) = old.or_else(|| self.old.clone().map(Into::into)) {
            out.push(Segment::Delete(o.into_owned()));
        }
        if let Some(n) = new.or_else(|| self.new.clone().map(Into::into)) {
            if !out.is_empty() {
                out.push(Segment::Equal(" ".to_owned()));
            }
            out.push(Segment::Insert(n.into_owned()));
        }
        out
    }
}

/// A value as text for a redline. A group (a dossier document, a fee, a legal document) reads as
/// its naming field — name, title, number and title — rather than every value in key order.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(" · "),
        Value::Object(map) => {
            let get = |k: &str| map.get(k).map(text_of).filter(|s| !s.is_empty());
            // A reference to a procedure (`transferred_to`, `replaces`) reads as the diff names
            // procedures: `tinh/2.001019`.
            if map.len() == 2
                && let (Some(level), Some(code)) = (get("level"), get("code"))
            {
                return format!("{level}/{code}");
            }
            match (
                get("number"),
                get("name"),
                get("title"),
                get("description"),
                get("text"),
            ) {
                (Some(number), _, Some(title), _, _) => format!("{number} — {title}"),
                (_, Some(name), _, _, _) => name,
                (_, _, Some(title), _, _) => title,
                (_, _, _, Some(d), _) | (_, _, _, _, Some(d)) => d,
                _ => map
                    .values()
                    .map(text_of)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
            }
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn join(at: &str, seg: &PathSeg) -> String {
    let mut p = at.to_owned();
    match seg {
        PathSeg::Key(k) => {
            if !p.is_empty() {
                p.push('.');
            }
            p.push_str(k);
        }
        PathSeg::Index(i) => p.push_str(&format!("[{i}]")),
    }
    p
}

fn change(
    field: String,
    kind: ChangeKind,
    old: Option<&Value>,
    new: Option<&Value>,
) -> FieldChange {
    let (o, n) = (old.map(text_of), new.map(text_of));
    let redline = match (&o, &n) {
        (Some(o), Some(n)) if kind == ChangeKind::Changed => redline(o, n),
        (Some(o), _) if kind == ChangeKind::Removed => vec![Segment::Delete(o.clone())],
        (_, Some(n)) if kind == ChangeKind::Added => vec![Segment::Insert(n.clone())],
        (_, Some(n)) => vec![Segment::Equal(n.clone())],
        _ => Vec::new(),
    };
    FieldChange {
        field,
        kind,
        from: None,
        old: o,
        new: n,
        redline,
    }
}

/// Compare two values at `at`, appending what differs.
fn diff_values(at: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<FieldChange>) {
    match (old, new) {
        (a, b) if a == b => {}
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let mut keys: Vec<&String> = a.keys().collect();
            keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
            keys.sort_by_key(|k| {
                FIELD_ORDER
                    .iter()
                    .position(|f| f == k)
                    .unwrap_or(usize::MAX)
            });
            for k in keys {
                diff_values(&join(at, &PathSeg::Key(k.clone())), a.get(k), b.get(k), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => diff_lists(at, a, b, out),
        (None, Some(v)) => out.push(change(at.to_owned(), ChangeKind::Added, None, Some(v))),
        (Some(v), None) => out.push(change(at.to_owned(), ChangeKind::Removed, Some(v), None)),
        (Some(a), Some(b)) => {
            out.push(change(at.to_owned(), ChangeKind::Changed, Some(a), Some(b)))
        }
        (None, None) => {}
    }
}

/// Lists are aligned item by item (Myers on whole items): an item deleted in one place and
/// inserted unchanged in another is a move; a deleted item facing an inserted one is compared
/// field by field; the rest are additions and removals.
fn diff_lists(at: &str, a: &[Value], b: &[Value], out: &mut Vec<FieldChange>) {
    let ka: Vec<String> = a.iter().map(Value::to_string).collect();
    let kb: Vec<String> = b.iter().map(Value::to_string).collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &ka, &kb);
    let mut removed: Vec<usize> = Vec::new();
    let mut added: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for op in ops {
        match op {
            similar::DiffOp::Equal { .. } => {}
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => removed.extend(old_index..old_index + old_len),
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => added.extend(new_index..new_index + new_len),
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let n = old_len.min(new_len);
                pairs.extend((0..n).map(|i| (old_index + i, new_index + i)));
                removed.extend(old_index + n..old_index + old_len);
                added.extend(new_index + n..new_index + new_len);
            }
        }
    }
    // Moves: a removed item that reappears unchanged among the added ones (or the paired ones).
    let mut moved = Vec::new();
    let mut candidates: Vec<(usize, bool)> = added.iter().map(|&j| (j, false)).collect();
    candidates.extend(pairs.iter().map(|&(_, j)| (j, true)));
    for &i in &removed.clone() {
        if let Some(pos) = candidates.iter().position(|&(j, _)| ka[i] == kb[j]) {
            let (j, was_pair) = candidates.remove(pos);
            moved.push((i, j));
            removed.retain(|&x| x != i);
            if was_pair {
                // The old item at that position now has no partner: it was removed.
                if let Some(p) = pairs.iter().position(|&(_, pj)| pj == j) {
                    removed.push(pairs.remove(p).0);
                }
            } else {
                added.retain(|&x| x != j);
            }
        }
    }
    for (i, j) in pairs {
        diff_values(&join(at, &PathSeg::Index(j)), Some(&a[i]), Some(&b[j]), out);
    }
    for (i, j) in moved {
        let mut c = change(
            join(at, &PathSeg::Index(j)),
            ChangeKind::Moved,
            Some(&a[i]),
            Some(&b[j]),
        );
        c.from = Some(join(at, &PathSeg::Index(i)));
        out.push(c);
    }
    for j in added {
        out.push(change(
            join(at, &PathSeg::Index(j)),
            ChangeKind::Added,
            None,
            Some(&b[j]),
        ));
    }
    removed.sort_unstable();
    for i in removed {
        out.push(change(
            join(at, &PathSeg::Index(i)),
            ChangeKind::Removed,
            Some(&a[i]),
            None,
        ));
    }
}

/// What differs between two versions of a procedure, in the record's key order.
pub fn field_changes(old: &Procedure, new: &Procedure) -> Vec<FieldChange> {
    let (a, b) = (
        serde_json::to_value(old).unwrap_or_default(),
        serde_json::to_value(new).unwrap_or_default(),
    );
    let mut out = Vec::new();
    diff_values("", Some(&a), Some(&b), &mut out);
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
    "transferred_from",
    "transferred_to",
    "reviewed_on",
    "notes",
    "units",
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
            level: p.level.to_string(),
            code: p.code.to_string(),
            name: p.name.to_string(),
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
                (
                    (record.level.to_string(), record.code.to_string()),
                    record.clone(),
                )
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
    fn enumerated_values_redline_as_labels() {
        let old = crate::model::Procedure {
            status: crate::model::ProcedureStatus::Published,
            name: "Đăng ký khai sinh".into(),
            ..Default::default()
        };
        let new = crate::model::Procedure {
            status: crate::model::ProcedureStatus::Abolished,
            name: "Đăng ký khai sinh lưu động".into(),
            ..Default::default()
        };
        let changes = field_changes(&old, &new);
        let status = changes.iter().find(|c| c.field == "status").unwrap();
        assert_eq!(
            status.redline_for(crate::i18n::Lang::Vi),
            [
                Segment::Delete("Đang công khai".into()),
                Segment::Equal(" ".into()),
                Segment::Insert("Bãi bỏ".into()),
            ]
        );
        let name = changes.iter().find(|c| c.field == "name").unwrap();
        assert_eq!(name.redline_for(crate::i18n::Lang::Vi), name.redline);
    }

    #[test]
    fn a_procedure_reference_reads_as_level_and_code() {
        let old = crate::model::Procedure::default();
        let new = crate::model::Procedure {
            transferred_to: Some(crate::model::ProcedureRef::new("tinh", "2.001019")),
            ..Default::default()
        };
        let changes = field_changes(&old, &new);
        let c = changes
            .iter()
            .find(|c| c.field == "transferred_to")
            .unwrap();
        assert_eq!(c.new.as_deref(), Some("tinh/2.001019"));
    }

    #[test]
    fn dates_redline_as_people_write_them() {
        let day = |s: &str| Some(s.parse::<crate::model::Date>().unwrap());
        let old = crate::model::Procedure {
            effective_from: day("2022-01-01"),
            ..Default::default()
        };
        let new = crate::model::Procedure {
            effective_from: day("2027-03-01"),
            ..Default::default()
        };
        let changes = field_changes(&old, &new);
        let c = changes
            .iter()
            .find(|c| c.field == "effective_from")
            .unwrap();
        assert_eq!(
            c.redline_for(crate::i18n::Lang::Vi),
            [
                Segment::Delete("01/01/2022".into()),
                Segment::Equal(" ".into()),
                Segment::Insert("01/03/2027".into()),
            ]
        );
        assert_eq!(
            c.redline_for(crate::i18n::Lang::En),
            [
                Segment::Delete("2022-01-01".into()),
                Segment::Equal(" ".into()),
                Segment::Insert("2027-03-01".into()),
            ]
        );
        // A text that merely holds a date keeps its word-level redline.
        let old = crate::model::Procedure {
            name: "Hiệu lực 2022-01-01 theo quyết định".into(),
            ..Default::default()
        };
        let new = crate::model::Procedure {
            name: "Hiệu lực 2027-03-01 theo quyết định".into(),
            ..Default::default()
        };
        let changes = field_changes(&old, &new);
        let c = changes.iter().find(|c| c.field == "name").unwrap();
        assert_eq!(c.redline_for(crate::i18n::Lang::Vi), c.redline);
    }

    #[test]
    fn word_redline() {
        let r = redline("Nộp hồ sơ tại UBND xã", "Nộp hồ sơ trực tuyến tại UBND xã");
        assert_eq!(redline_plain(&r), "Nộp hồ sơ {+trực tuyến +}tại UBND xã");
        let r = redline("03 ngày làm việc", "05 ngày làm việc");
        assert_eq!(redline_plain(&r), "[-03-]{+05+} ngày làm việc");
    }

    #[test]
    fn long_unchanged_context_is_folded() {
        let old = "Bước 1: Người có yêu cầu nộp hồ sơ tại Bộ phận tiếp nhận và trả kết quả của UBND cấp xã trong giờ hành chính";
        let new = "Bước 1: Người có yêu cầu nộp hồ sơ trực tuyến tại Bộ phận tiếp nhận và trả kết quả của UBND cấp xã trong giờ hành chính";
        let folded = fold_context(&redline(old, new), 3);
        assert_eq!(
            redline_plain(&folded),
            "… nộp hồ sơ {+trực tuyến +}tại Bộ phận …"
        );
        let short = fold_context(&redline("03 ngày làm việc", "02 ngày làm việc"), 3);
        assert_eq!(redline_plain(&short), "[-03-]{+02+} ngày làm việc");
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
        assert_eq!(changes[1].kind, ChangeKind::Added);
        assert_eq!(changed_top_fields(&changes), ["name", "steps", "notes"]);
    }

    #[test]
    fn moved_items_are_recognised() {
        let old = Procedure {
            steps: vec!["Bước 1".into(), "Bước 2".into(), "Bước 3".into()],
            ..Default::default()
        };
        let new = Procedure {
            steps: vec!["Bước 3".into(), "Bước 1".into(), "Bước 2".into()],
            ..Default::default()
        };
        let changes = field_changes(&old, &new);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].kind, ChangeKind::Moved);
        assert_eq!(
            (changes[0].from.as_deref(), changes[0].field.as_str()),
            (Some("steps[2]"), "steps[0]")
        );
    }

    #[test]
    fn an_edited_item_is_compared_inside() {
        let old = Procedure {
            subjects: vec!["Cá nhân".into(), "Tổ chức".into()],
            ..Default::default()
        };
        let new = Procedure {
            subjects: vec!["Cá nhân".into(), "Tổ chức, doanh nghiệp".into()],
            ..Default::default()
        };
        let changes = field_changes(&old, &new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "subjects[1]");
        assert_eq!(
            redline_plain(&changes[0].redline),
            "Tổ [-chức-]{+chức, doanh nghiệp+}"
        );
    }
}
