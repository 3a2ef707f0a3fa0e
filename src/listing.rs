//! Selecting and ordering procedures: the filters and sort orders every face offers.

use crate::model::{Manifest, Procedure, ProcedureStatus};
use crate::search::{Query, fold, sort_key_vi};
use crate::store::{Catalog, Stored};

/// Which procedures to keep. Level and field match an id or a name (diacritics ignored).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub level: Option<String>,
    pub field: Option<String>,
    pub status: Option<ProcedureStatus>,
    /// Words that must all occur in the code, name or field name (diacritics and case ignored).
    pub search: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Level in manifest order, then name in Vietnamese order.
    #[default]
    Level,
    Name,
    Code,
    Field,
}

fn id_matches(wanted: &str, id: &str, name: &str) -> bool {
    wanted == id || fold(wanted) == fold(name)
}

/// The text a search runs against: code, local code, name and field name, folded.
pub fn search_text(p: &Procedure, m: &Manifest) -> String {
    let mut s = String::with_capacity(p.name.len() + 32);
    s.push_str(&p.code);
    s.push(' ');
    if let Some(local) = &p.local_code {
        s.push_str(local);
        s.push(' ');
    }
    s.push_str(&p.name);
    s.push(' ');
    s.push_str(m.field_name(&p.field));
    fold(&s)
}

/// The procedures that pass `filter`, in `sort` order (ties broken by level order, then code).
pub fn select<'a>(cat: &'a Catalog, filter: &Filter, sort: SortBy) -> Vec<&'a Stored<Procedure>> {
    let m = &cat.manifest;
    let query = filter
        .search
        .as_deref()
        .map(Query::new)
        .filter(|q| !q.is_empty());
    let mut rows: Vec<&Stored<Procedure>> = cat
        .procedures
        .iter()
        .filter(|s| {
            let p = &s.record;
            filter
                .level
                .as_deref()
                .is_none_or(|l| id_matches(l, &p.level, m.level_name(&p.level)))
                && filter
                    .field
                    .as_deref()
                    .is_none_or(|f| id_matches(f, &p.field, m.field_name(&p.field)))
                && filter.status.is_none_or(|st| st == p.status)
                && query.as_ref().is_none_or(|q| q.matches(&search_text(p, m)))
        })
        .collect();
    let level_rank = |p: &Procedure| {
        m.levels
            .iter()
            .position(|l| l.id == p.level)
            .unwrap_or(usize::MAX)
    };
    let mut keyed: Vec<(Vec<u8>, usize, &Stored<Procedure>)> = rows
        .drain(..)
        .map(|s| {
            let p = &s.record;
            let key = match sort {
                SortBy::Level | SortBy::Name => sort_key_vi(&p.name),
                SortBy::Code => p.code.as_bytes().to_vec(),
                SortBy::Field => sort_key_vi(m.field_name(&p.field)),
            };
            (key, level_rank(p), s)
        })
        .collect();
    keyed.sort_by(|a, b| {
        let primary = if sort == SortBy::Level {
            a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0))
        } else {
            a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1))
        };
        primary.then_with(|| a.2.record.code.cmp(&b.2.record.code))
    });
    keyed.into_iter().map(|(_, _, s)| s).collect()
}

/// The folded search text of every procedure of a catalogue, computed once, so that a search as
/// the user types only scans memory. Positions are those of `Catalog::procedures`.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    texts: Vec<Box<str>>,
}

impl SearchIndex {
    pub fn new(cat: &Catalog) -> SearchIndex {
        let m = &cat.manifest;
        // Folding distributes over concatenation (marks are dropped, never composed), so a field
        // name is folded once, not once per procedure.
        let fields: std::collections::HashMap<&str, String> = m
            .fields
            .iter()
            .map(|f| (f.id.as_str(), fold(&f.name)))
            .collect();
        let texts = cat
            .procedures
            .iter()
            .map(|s| {
                let p = &s.record;
                let mut own = String::with_capacity(p.name.len() + 24);
                own.push_str(&p.code);
                own.push(' ');
                if let Some(local) = &p.local_code {
                    own.push_str(local);
                    own.push(' ');
                }
                own.push_str(&p.name);
                own.push(' ');
                let mut text = fold(&own);
                match fields.get(p.field.as_str()) {
                    Some(f) => text.push_str(f),
                    None => text.push_str(&fold(&p.field)),
                }
                text.into_boxed_str()
            })
            .collect();
        SearchIndex { texts }
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Positions of the procedures matching `query`, in catalogue order (all for an empty query).
    pub fn matching(&self, query: &Query) -> Vec<usize> {
        self.texts
            .iter()
            .enumerate()
            .filter(|(_, t)| query.matches(t))
            .map(|(i, _)| i)
            .collect()
    }

    /// Of `within` (earlier results), those matching `query`: when the user types one more
    /// character, the new results are a subset of the previous ones.
    pub fn narrow(&self, query: &Query, within: &[usize]) -> Vec<usize> {
        within
            .iter()
            .copied()
            .filter(|&i| self.texts.get(i).is_some_and(|t| query.matches(t)))
            .collect()
    }
}
