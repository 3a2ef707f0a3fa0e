//! Selecting and ordering procedures: the filters and sort orders every face offers.

use crate::model::{Date, Manifest, OnlineMode, Procedure, ProcedureStatus};
use crate::search::{Query, fold, sort_key_vi};
use crate::store::cache::summary::ProcedureSummary;
use crate::store::{Catalog, Stored};
use std::borrow::Cow;

/// Which procedures to keep. Level and field match an id or a name (diacritics ignored).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub level: Option<String>,
    pub field: Option<String>,
    pub status: Option<ProcedureStatus>,
    pub online: Option<OnlineMode>,
    /// Only procedures due for review on this day (see [`review_overdue`]).
    pub overdue_on: Option<Date>,
    /// Words that must all occur in the code, name or field name (diacritics and case ignored).
    pub search: Option<String>,
}

impl Filter {
    /// Whether `p` passes every facet (the search words aside).
    pub fn keeps(&self, p: &Procedure, m: &Manifest) -> bool {
        self.level
            .as_deref()
            .is_none_or(|l| id_matches(l, &p.level, m.level_name(&p.level)))
            && self
                .field
                .as_deref()
                .is_none_or(|f| id_matches(f, &p.field, m.field_name(&p.field)))
            && self.status.is_none_or(|st| st == p.status)
            && self.online.is_none_or(|o| o == p.online_service.mode)
            && self
                .overdue_on
                .is_none_or(|today| review_overdue(p, m.policy.review_interval_months, today))
    }
}

/// Whether a procedure is overdue for review on `today`: never reviewed, or reviewed longer ago
/// than the interval.
pub fn review_overdue(p: &Procedure, interval_months: u32, today: Date) -> bool {
    match p.reviewed_on {
        None => true,
        Some(d) => d
            .checked_add(jiff::Span::new().months(i64::from(interval_months)))
            .is_ok_and(|due| due < today),
    }
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
            filter.keeps(p, m) && query.as_ref().is_none_or(|q| q.matches(&search_text(p, m)))
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
///
/// The texts sit end to end in one buffer, each followed by a newline, and a search runs the
/// SIMD substring finder of `memchr` over the whole buffer for one word of the query, checking the
/// other words only in the rows that hold it. A query word never holds whitespace, so no match
/// can straddle two rows.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    text: String,
    /// Where each procedure's text starts in `text`; one more entry for the end.
    starts: Vec<usize>,
}

impl SearchIndex {
    pub fn new(cat: &Catalog) -> SearchIndex {
        SearchIndex::of_rows(&cat.procedures, &cat.manifest)
    }

    /// The index of any rows with list columns (whole records or their summaries), in their
    /// order; folded on all cores, a few hundred rows at a time.
    pub fn of_rows<T: ListColumns + Sync>(rows: &[Stored<T>], m: &Manifest) -> SearchIndex {
        // Folding distributes over concatenation (marks are dropped, never composed), so a field
        // name is folded once, not once per procedure.
        let fields: std::collections::HashMap<&str, String> = m
            .fields
            .iter()
            .map(|f| (f.id.as_str(), fold(&f.name)))
            .collect();
        let chunks: Vec<&[Stored<T>]> = rows.chunks(256).collect();
        let parts: Vec<(String, Vec<usize>)> = crate::parallel::map(&chunks, |chunk| {
            let mut text = String::with_capacity(chunk.len() * 96);
            let mut starts = Vec::with_capacity(chunk.len());
            let mut own = String::new();
            for s in chunk.iter() {
                let p = &s.record;
                starts.push(text.len());
                own.clear();
                own.push_str(p.code());
                own.push(' ');
                if let Some(local) = p.local_code() {
                    own.push_str(local);
                    own.push(' ');
                }
                own.push_str(p.name());
                own.push(' ');
                text.push_str(&fold(&own));
                match fields.get(p.field()) {
                    Some(f) => text.push_str(f),
                    None => text.push_str(&fold(p.field())),
                }
                text.push('\n');
            }
            (text, starts)
        });
        let mut text = String::with_capacity(parts.iter().map(|p| p.0.len()).sum());
        let mut starts = Vec::with_capacity(rows.len() + 1);
        for (part, part_starts) in parts {
            let base = text.len();
            starts.extend(part_starts.into_iter().map(|s| s + base));
            text.push_str(&part);
        }
        starts.push(text.len());
        SearchIndex { text, starts }
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The folded text procedure `i` is searched in.
    pub fn text(&self, i: usize) -> &str {
        &self.text[self.starts[i]..self.starts[i + 1]]
    }

    /// Positions of the procedures matching `query`, in catalogue order (all for an empty query).
    pub fn matching(&self, query: &Query) -> Vec<usize> {
        let words = query.words();
        // The longest word is the rarest, as a rule: it picks the candidate rows.
        let Some(anchor) = words.iter().max_by_key(|w| w.len()) else {
            return (0..self.len()).collect();
        };
        let others: Vec<memchr::memmem::Finder<'_>> = words
            .iter()
            .filter(|w| !std::ptr::eq(*w, anchor))
            .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
            .collect();
        let finder = memchr::memmem::Finder::new(anchor.as_bytes());
        let bytes = self.text.as_bytes();
        let mut found = Vec::new();
        let mut from = 0usize;
        let mut row = 0usize;
        while let Some(at) = finder.find(&bytes[from..]) {
            let at = from + at;
            // The row holding `at`: rows only move forward, so search from the last one.
            row += self.starts[row + 1..].partition_point(|&s| s <= at);
            let (start, end) = (self.starts[row], self.starts[row + 1]);
            let hay = &bytes[start..end];
            if others.iter().all(|f| f.find(hay).is_some()) {
                found.push(row);
            }
            from = end;
            row += 1;
            if from >= bytes.len() {
                break;
            }
        }
        found
    }

    /// Of `within` (earlier results), those matching `query`: when the user types one more
    /// character, the new results are a subset of the previous ones.
    pub fn narrow(&self, query: &Query, within: &[usize]) -> Vec<usize> {
        within
            .iter()
            .copied()
            .filter(|&i| i < self.len() && query.matches(self.text(i)))
            .collect()
    }

    /// For each procedure, whether it matches `query`.
    pub fn mask(&self, query: &Query) -> Vec<bool> {
        let mut mask = vec![query.is_empty(); self.len()];
        if !query.is_empty() {
            for i in self.matching(query) {
                mask[i] = true;
            }
        }
        mask
    }
}

/// The columns a list of procedures shows and filters on, read from a whole record or from its
/// summary alike, so that a list needs no whole record.
pub trait ListColumns {
    fn code(&self) -> &str;
    fn local_code(&self) -> Option<&str>;
    fn name(&self) -> &str;
    fn level(&self) -> &str;
    fn field(&self) -> &str;
    fn status(&self) -> ProcedureStatus;
    fn online_mode(&self) -> OnlineMode;
    fn reviewed_on(&self) -> Option<Date>;
    /// The name's collation key when it is already known ([`sort_key_vi`] of the name).
    fn name_key(&self) -> Option<&[u8]> {
        None
    }
}

impl ListColumns for Procedure {
    fn code(&self) -> &str {
        &self.code
    }
    fn local_code(&self) -> Option<&str> {
        self.local_code.as_deref()
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn level(&self) -> &str {
        &self.level
    }
    fn field(&self) -> &str {
        &self.field
    }
    fn status(&self) -> ProcedureStatus {
        self.status
    }
    fn online_mode(&self) -> OnlineMode {
        self.online_service.mode
    }
    fn reviewed_on(&self) -> Option<Date> {
        self.reviewed_on
    }
}

impl ListColumns for ProcedureSummary {
    fn code(&self) -> &str {
        &self.code
    }
    fn local_code(&self) -> Option<&str> {
        self.local_code.as_deref()
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn level(&self) -> &str {
        &self.level
    }
    fn field(&self) -> &str {
        &self.field
    }
    fn status(&self) -> ProcedureStatus {
        self.status
    }
    fn online_mode(&self) -> OnlineMode {
        self.online_mode
    }
    fn reviewed_on(&self) -> Option<Date> {
        self.reviewed_on
    }
    fn name_key(&self) -> Option<&[u8]> {
        Some(&self.name_key)
    }
}

impl Filter {
    /// [`Filter::keeps`] on the list columns of a record or of a summary.
    pub fn keeps_columns<T: ListColumns>(&self, p: &T, m: &Manifest) -> bool {
        self.level
            .as_deref()
            .is_none_or(|l| id_matches(l, p.level(), m.level_name(p.level())))
            && self
                .field
                .as_deref()
                .is_none_or(|f| id_matches(f, p.field(), m.field_name(p.field())))
            && self.status.is_none_or(|st| st == p.status())
            && self.online.is_none_or(|o| o == p.online_mode())
            && self.overdue_on.is_none_or(|today| {
                review_overdue_on(p.reviewed_on(), m.policy.review_interval_months, today)
            })
    }
}

/// [`review_overdue`] from the day of the last review alone.
pub fn review_overdue_on(reviewed_on: Option<Date>, interval_months: u32, today: Date) -> bool {
    match reviewed_on {
        None => true,
        Some(d) => d
            .checked_add(jiff::Span::new().months(i64::from(interval_months)))
            .is_ok_and(|due| due < today),
    }
}

/// [`search_text`] from the list columns of a record or of a summary.
pub fn search_text_of<T: ListColumns>(p: &T, m: &Manifest) -> String {
    let mut s = String::with_capacity(p.name().len() + 32);
    s.push_str(p.code());
    s.push(' ');
    if let Some(local) = p.local_code() {
        s.push_str(local);
        s.push(' ');
    }
    s.push_str(p.name());
    s.push(' ');
    s.push_str(m.field_name(p.field()));
    fold(&s)
}

/// A row with its sort key and level rank.
type Keyed<'k, 'a, T> = (Cow<'k, [u8]>, usize, &'a Stored<T>);

/// The default order of a list, as positions into `rows`: level as the manifest lists them,
/// then name in Vietnamese order, then position. The collation keys are the summaries' own, or
/// computed on all cores.
pub fn default_order<T: ListColumns + Sync>(rows: &[Stored<T>], m: &Manifest) -> Vec<u32> {
    orders(rows, m).default
}

/// Two orders of a list made from one pass of collation keys.
#[derive(Debug, Clone, Default)]
pub struct Orders {
    /// [`default_order`].
    pub default: Vec<u32>,
    /// Each row's place when the list is sorted by name alone (Vietnamese order, then position):
    /// a screen sorts a hundred thousand rows by name with these, without collating again.
    pub name_rank: Vec<u32>,
}

/// [`default_order`] and the rows' ranks by name ([`Orders`]).
pub fn orders<T: ListColumns + Sync>(rows: &[Stored<T>], m: &Manifest) -> Orders {
    let refs: Vec<&Stored<T>> = rows.iter().collect();
    let keys: Vec<(usize, Cow<'_, [u8]>)> = crate::parallel::map(&refs, |s| {
        let p = &s.record;
        let rank = m
            .levels
            .iter()
            .position(|l| l.id == p.level())
            .unwrap_or(usize::MAX);
        let key = match p.name_key() {
            Some(k) => Cow::Borrowed(k),
            None => Cow::Owned(sort_key_vi(p.name())),
        };
        (rank, key)
    });
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by(|a, b| keys[*a as usize].cmp(&keys[*b as usize]));
    let mut by_name: Vec<u32> = (0..rows.len() as u32).collect();
    by_name.sort_by(|a, b| keys[*a as usize].1.cmp(&keys[*b as usize].1));
    let mut name_rank = vec![0u32; rows.len()];
    for (rank, &i) in by_name.iter().enumerate() {
        name_rank[i as usize] = rank as u32;
    }
    Orders {
        default: order,
        name_rank,
    }
}

/// [`select`] over any rows with list columns: whole records or their summaries (an
/// [`Overview`](crate::store::Overview)'s procedures).
pub fn select_rows<'a, T: ListColumns + Sync>(
    procedures: &'a [Stored<T>],
    m: &Manifest,
    filter: &Filter,
    sort: SortBy,
) -> Vec<&'a Stored<T>> {
    let query = filter
        .search
        .as_deref()
        .map(Query::new)
        .filter(|q| !q.is_empty());
    let level_rank = |p: &T| {
        m.levels
            .iter()
            .position(|l| l.id == p.level())
            .unwrap_or(usize::MAX)
    };
    let kept: Vec<&Stored<T>> = procedures
        .iter()
        .filter(|s| {
            let p = &s.record;
            filter.keeps_columns(p, m)
                && query
                    .as_ref()
                    .is_none_or(|q| q.matches(&search_text_of(p, m)))
        })
        .collect();
    // Collation keys come with summaries; otherwise they are computed on all cores: at a
    // hundred thousand names they are most of a list's work. Field names repeat: each is keyed
    // once.
    let field_keys: std::collections::HashMap<&str, Vec<u8>> = match sort {
        SortBy::Field => m
            .fields
            .iter()
            .map(|f| (f.id.as_str(), sort_key_vi(&f.name)))
            .collect(),
        _ => Default::default(),
    };
    let keys: Vec<(Cow<'_, [u8]>, usize)> = crate::parallel::map(&kept, |s| {
        let p = &s.record;
        let key = match sort {
            SortBy::Level | SortBy::Name => match p.name_key() {
                Some(k) => Cow::Borrowed(k),
                None => Cow::Owned(sort_key_vi(p.name())),
            },
            SortBy::Code => Cow::Borrowed(p.code().as_bytes()),
            SortBy::Field => match field_keys.get(p.field()) {
                Some(k) => Cow::Borrowed(k.as_slice()),
                None => Cow::Owned(sort_key_vi(m.field_name(p.field()))),
            },
        };
        (key, level_rank(p))
    });
    let mut keyed: Vec<Keyed<'_, '_, T>> = keys
        .into_iter()
        .zip(kept)
        .map(|((key, rank), s)| (key, rank, s))
        .collect();
    keyed.sort_by(|a, b| {
        let primary = if sort == SortBy::Level {
            a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0))
        } else {
            a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1))
        };
        primary.then_with(|| a.2.record.code().cmp(b.2.record.code()))
    });
    keyed.into_iter().map(|(_, _, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Procedure;
    use crate::store::Stored;

    fn catalog(names: &[&str]) -> Catalog {
        let mut cat = Catalog::default();
        for (i, name) in names.iter().enumerate() {
            let record = Procedure {
                code: format!("1.{i:06}").into(),
                name: (*name).into(),
                field: "tu_phap".into(),
                ..Procedure::default()
            };
            cat.procedures.push(Stored {
                path: format!("procedures/{i}.yaml").into(),
                record,
            });
        }
        cat
    }

    /// The index finds exactly what checking every folded text one by one finds.
    #[test]
    fn matching_agrees_with_a_plain_scan() {
        let cat = catalog(&[
            "Đăng ký khai sinh",
            "Chứng thực bản sao từ bản chính",
            "Đăng ký kết hôn",
            "Cấp giấy phép xây dựng",
            "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
            "",
            "Chứng thực chữ ký",
        ]);
        let index = SearchIndex::new(&cat);
        assert_eq!(index.len(), 7);
        for q in [
            "dang ky",
            "đăng ký",
            "ky dang",
            "chung thuc",
            "CHỨNG",
            "khai sinh ket",
            "1.000002",
            "tu_phap",
            "h",
            "ban sao chinh",
            "zzz",
            "sinh chung",
            "",
        ] {
            let query = Query::new(q);
            let plain: Vec<usize> = cat
                .procedures
                .iter()
                .enumerate()
                .filter(|(_, s)| query.matches(&search_text(&s.record, &cat.manifest)))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(index.matching(&query), plain, "query {q:?}");
            let mask = index.mask(&query);
            let from_mask: Vec<usize> = (0..mask.len()).filter(|&i| mask[i]).collect();
            assert_eq!(from_mask, plain, "mask of {q:?}");
            assert_eq!(index.narrow(&query, &(0..7).collect::<Vec<_>>()), plain);
        }
    }

    /// Folded a few hundred rows at a time on several threads, the index holds every row's
    /// own text in order; the default order is the one of `select` by level.
    #[test]
    fn an_index_of_many_rows_holds_each_rows_text_in_order() {
        let names: Vec<String> = (0..1000)
            .map(|i| format!("{} số {i}", ["Đăng ký", "Cấp", "Ăn", "An"][i % 4]))
            .collect();
        let cat = catalog(&names.iter().map(String::as_str).collect::<Vec<_>>());
        let index = SearchIndex::new(&cat);
        assert_eq!(index.len(), 1000);
        for (i, s) in cat.procedures.iter().enumerate() {
            assert_eq!(
                index.text(i).trim_end(),
                search_text(&s.record, &cat.manifest)
            );
        }
        let order: Vec<&str> = default_order(&cat.procedures, &cat.manifest)
            .into_iter()
            .map(|i| cat.procedures[i as usize].record.name.as_str())
            .collect();
        let selected: Vec<&str> = select(&cat, &Filter::default(), SortBy::Level)
            .into_iter()
            .map(|s| s.record.name.as_str())
            .collect();
        assert_eq!(order, selected);
        // Ranked by name, the rows read as `select` sorts by name (its ties are broken by
        // level, then code; these names are unique).
        let ranks = orders(&cat.procedures, &cat.manifest).name_rank;
        let mut by_rank: Vec<usize> = (0..cat.procedures.len()).collect();
        by_rank.sort_by_key(|&i| ranks[i]);
        let by_rank: Vec<&str> = by_rank
            .into_iter()
            .map(|i| cat.procedures[i].record.name.as_str())
            .collect();
        let by_name: Vec<&str> = select(&cat, &Filter::default(), SortBy::Name)
            .into_iter()
            .map(|s| s.record.name.as_str())
            .collect();
        assert_eq!(by_rank, by_name);
    }

    /// A word is never found across the end of one procedure and the start of the next.
    #[test]
    fn no_match_spans_two_procedures() {
        let cat = catalog(&["abc", "def"]);
        let index = SearchIndex::new(&cat);
        assert!(index.matching(&Query::new("phapdef")).is_empty());
        assert!(index.matching(&Query::new("phap1.000001")).is_empty());
        assert_eq!(index.matching(&Query::new("def")), vec![1]);
        assert!(index.text(0).starts_with("1.000000 abc"));
    }
}
