//! The index page: the listing grouped by level, then field, as the appendix numbers it.

use super::LazySeq;
use super::{Shared, VI};
use crate::export::spreadsheet::agencies;
use crate::export::{Entry, Listing};
use crate::model::{Manifest, Text};
use crate::present;
use crate::search::fold;
use minijinja::{Value, context};
use serde::Serialize;

/// One row of the index. At 100,000 procedures the rows of the index are held together while it
/// is rendered: texts of the record are shared with it, and the columns most rows repeat (a
/// field's name, a time, the fees, the agencies) are one text each.
#[derive(Serialize, Debug)]
struct Row {
    stt: usize,
    code: Text,
    name: Text,
    href: String,
    level: Text,
    field: Text,
    field_name: Text,
    time: Text,
    fees: Text,
    agencies: Text,
    online: Text,
    postal_receive: bool,
    postal_return: bool,
    search: String,
}

#[derive(Serialize)]
struct FieldGroup {
    id: String,
    number: usize,
    name: String,
    rows: Vec<Row>,
}

#[derive(Serialize)]
pub(super) struct LevelGroup {
    id: String,
    numeral: String,
    name: String,
    count: usize,
    fields: Vec<FieldGroup>,
}

#[derive(Serialize)]
pub(super) struct AbolishedRow {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) href: String,
    pub(super) level_name: String,
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

fn row(e: &Entry, m: &Manifest, stt: usize, shared: &mut Shared) -> Row {
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
        field_name: shared.text(m.field_name(&p.field).to_owned()),
        time: shared.text(present::time_short(p, VI)),
        fees: shared.text(present::fees_short(p.fees.as_deref(), VI)),
        agencies: shared.text(agencies(p, m)),
        online: shared.text(present::online_text(&p.online_service, VI)),
        postal_receive: p.postal.receive,
        postal_return: p.postal.return_result,
        search: fold(&search),
    }
}

/// The listing grouped by level, then field, numbered within each level.
pub(super) fn index_groups(listing: &Listing) -> Vec<LevelGroup> {
    let m = listing.manifest;
    let mut levels: Vec<LevelGroup> = Vec::new();
    let mut shared = Shared::default();
    for e in listing.listed() {
        let p = e.procedure;
        if levels.last().is_none_or(|l| l.id != p.level) {
            levels.push(LevelGroup {
                id: p.level.to_string(),
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
                id: p.field.to_string(),
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
            .push(row(e, m, stt, &mut shared));
    }
    levels
}

/// The grouped listing as template values, with the rows left lazy.
pub(super) fn index_values(levels: Vec<LevelGroup>) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
    }
}
