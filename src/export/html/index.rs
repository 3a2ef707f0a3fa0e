//! The index page: the listing grouped by level, then field, as the appendix numbers it.

use super::{LazyRow, LazySeq, Shared, VI};
use crate::export::spreadsheet::agencies;
use crate::export::{Entry, Listing, page_path};
use crate::model::{Manifest, Text};
use crate::present;
use crate::search::fold;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Serialize;

/// One row of the index, as the page prints it.
#[derive(Serialize)]
struct RowView<'a> {
    stt: usize,
    code: &'a str,
    name: &'a str,
    href: String,
    level: &'a str,
    field: &'a str,
    field_name: &'a str,
    time: &'a str,
    fees: &'a str,
    agencies: &'a str,
    online: &'a str,
    postal_receive: bool,
    postal_return: bool,
    search: String,
}

/// One row of the index until the page prints it. At 100,000 procedures the rows of the index
/// are held together while it is rendered: texts of the record are shared with it, the columns
/// most rows repeat (a field's name, a time, the fees, the agencies) are one text each, and its
/// link and search text are made as it is printed.
#[derive(Debug)]
struct Row {
    stt: usize,
    code: Text,
    local_code: Option<Text>,
    name: Text,
    level: Text,
    field: Text,
    field_name: Text,
    time: Text,
    fees: Text,
    agencies: Text,
    online: Text,
    postal_receive: bool,
    postal_return: bool,
}

impl LazyRow for Row {
    fn value(&self) -> Value {
        let search = format!(
            "{} {} {} {}",
            self.code,
            self.local_code.as_deref().unwrap_or(""),
            self.name,
            self.field_name
        );
        Value::from(Serde(RowView {
            stt: self.stt,
            code: &self.code,
            name: &self.name,
            // Listed entries all have a page (Listing::new leaves out the others).
            href: page_path(&self.level, &self.code).unwrap_or_default(),
            level: &self.level,
            field: &self.field,
            field_name: &self.field_name,
            time: &self.time,
            fees: &self.fees,
            agencies: &self.agencies,
            online: &self.online,
            postal_receive: self.postal_receive,
            postal_return: self.postal_return,
            search: fold(&search),
        }))
    }
}

struct FieldGroup {
    id: String,
    number: usize,
    name: String,
    rows: Vec<Row>,
}

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
    debug_assert_eq!(page_path(&p.level, &p.code).as_ref(), Some(&e.href));
    Row {
        stt,
        code: p.code.clone(),
        local_code: p.local_code.clone(),
        name: p.name.clone(),
        level: p.level.clone(),
        field: p.field.clone(),
        field_name: shared.text(m.field_name(&p.field).to_owned()),
        time: shared.text(present::time_short(p, VI)),
        fees: shared.text(present::fees_short(p.fees.as_deref(), VI)),
        agencies: shared.text(agencies(p, m)),
        online: shared.text(present::online_text(&p.online_service, VI)),
        postal_receive: p.postal.receive,
        postal_return: p.postal.return_result,
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
