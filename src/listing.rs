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
