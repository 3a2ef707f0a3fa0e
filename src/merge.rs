//! The one three-way merge of records: two versions changed from a common base are joined
//! field by field. Sync merges whole files this way (nested mappings key by key), the edit
//! form and proposals merge top-level fields. A leaf over `serde_json` values.

use serde_json::{Map, Value};

/// A field changed on both sides, differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Where: top-level key, or a dotted path into nested mappings (`processing_time.value`).
    pub path: String,
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
}

/// How far into nested mappings the merge goes before a difference on both sides is a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Whole top-level fields: a field changed on both sides is one conflict.
    TopLevel,
    /// Mappings merge key by key at every depth; lists and scalars are whole values.
    Deep,
}

/// The merge of `ours` and `theirs`, both changed from `base`: a side that did not change takes
/// the other side's change; both sides changed differently is a [`Conflict`], and the merged
/// value keeps ours there. A missing value (`None`) is a field that is absent.
pub fn merge(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    depth: Depth,
) -> (Option<Value>, Vec<Conflict>) {
    let mut conflicts = Vec::new();
    let levels = match depth {
        Depth::TopLevel => 1,
        Depth::Deep => usize::MAX,
    };
    let merged = merge_at(
        base,
        ours,
        theirs,
        levels,
        &mut String::new(),
        &mut conflicts,
    );
    (merged, conflicts)
}

/// [`merge`] of two records as mappings, top-level field by field.
pub fn merge_fields(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
) -> (Map<String, Value>, Vec<Conflict>) {
    let (b, o, t) = (
        Value::Object(base.clone()),
        Value::Object(ours.clone()),
        Value::Object(theirs.clone()),
    );
    let (merged, conflicts) = merge(Some(&b), Some(&o), Some(&t), Depth::TopLevel);
    match merged {
        Some(Value::Object(m)) => (m, conflicts),
        _ => (Map::new(), conflicts),
    }
}

fn merge_at(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    levels: usize,
    at: &mut String,
    conflicts: &mut Vec<Conflict>,
) -> Option<Value> {
    if ours == theirs || theirs == base {
        return ours.cloned();
    }
    if ours == base {
        return theirs.cloned();
    }
    if levels > 0
        && let (Some(Value::Object(o)), Some(Value::Object(t))) = (ours, theirs)
    {
        let empty = Map::new();
        let b = match base {
            Some(Value::Object(b)) => b,
            _ => &empty,
        };
        let mut keys: Vec<&String> = o.keys().chain(t.keys()).chain(b.keys()).collect();
        keys.sort();
        keys.dedup();
        let mut out = Map::new();
        for key in keys {
            let len = at.len();
            if !at.is_empty() {
                at.push('.');
            }
            at.push_str(key);
            if let Some(v) = merge_at(
                b.get(key),
                o.get(key),
                t.get(key),
                levels - 1,
                at,
                conflicts,
            ) {
                out.insert(key.clone(), v);
            }
            at.truncate(len);
        }
        return Some(Value::Object(out));
    }
    conflicts.push(Conflict {
        path: at.clone(),
        base: base.cloned(),
        ours: ours.cloned(),
        theirs: theirs.cloned(),
    });
    ours.cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_sided_changes_join_and_two_sided_ones_conflict() {
        let base = json!({"name": "A", "time": {"value": 3, "unit": "days"}, "steps": ["x"]});
        let ours = json!({"name": "B", "time": {"value": 5, "unit": "days"}, "steps": ["x"]});
        let theirs = json!({"name": "A", "time": {"value": 3, "unit": "months"}, "steps": ["y"]});
        let (deep, c) = merge(Some(&base), Some(&ours), Some(&theirs), Depth::Deep);
        assert!(c.is_empty(), "{c:?}");
        assert_eq!(
            deep.unwrap(),
            json!({"name": "B", "time": {"value": 5, "unit": "months"}, "steps": ["y"]})
        );
        // Top-level: `time` changed on both sides is one conflict; ours is kept there.
        let (top, c) = merge(Some(&base), Some(&ours), Some(&theirs), Depth::TopLevel);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].path, "time");
        assert_eq!(c[0].theirs, Some(json!({"value": 3, "unit": "months"})));
        assert_eq!(top.unwrap()["time"], json!({"value": 5, "unit": "days"}));
    }

    #[test]
    fn a_field_removed_on_one_side_stays_removed() {
        let base = json!({"a": 1, "b": 2});
        let ours = json!({"a": 1});
        let theirs = json!({"a": 2, "b": 2});
        let (m, c) = merge(Some(&base), Some(&ours), Some(&theirs), Depth::Deep);
        assert!(c.is_empty());
        assert_eq!(m.unwrap(), json!({"a": 2}));
        // Removed on one side, changed on the other: a conflict.
        let theirs = json!({"a": 1, "b": 3});
        let (_, c) = merge(Some(&base), Some(&ours), Some(&theirs), Depth::Deep);
        assert_eq!(c[0].path, "b");
        assert_eq!(c[0].ours, None);
    }
}
