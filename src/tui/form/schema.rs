//! The shape of a procedure as the edit form shows it: every field, in the record's order, with
//! its label and the kind of input it takes. One table, so the form covers every field.

/// Where a choice's options come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Options {
    Levels,
    Fields,
    Agencies,
    /// Fixed values: (stored value, Vietnamese, English).
    Fixed(&'static [(&'static str, &'static str, &'static str)]),
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text { multiline: bool },
    Number,
    Date,
    Bool,
    Choice(Options),
    Struct(&'static [Spec]),
    List(&'static Kind),
}

/// One field of a struct; its label is the core's (`tthc::i18n::field_label`, and
/// `subfield_label` inside another field), as the CLI, the diffs and the exports name it.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub key: &'static str,
    pub kind: Kind,
    /// May be absent (an empty text, an unset date, a missing optional group).
    pub optional: bool,
    /// Shown but not editable in the form (the identity of the record).
    pub read_only: bool,
}

const fn spec(key: &'static str, kind: Kind) -> Spec {
    Spec {
        key,
        kind,
        optional: false,
        read_only: false,
    }
}

const fn opt(key: &'static str, kind: Kind) -> Spec {
    Spec {
        key,
        kind,
        optional: true,
        read_only: false,
    }
}

const fn fixed(key: &'static str, kind: Kind) -> Spec {
    Spec {
        key,
        kind,
        optional: false,
        read_only: true,
    }
}

impl Spec {
    /// The field's label, capitalised; `parent` is the key of the field it sits in, if any
    /// (the `kind` of a channel is not the `kind` of a fee).
    pub fn label(&self, parent: Option<&str>, lang: tthc::i18n::Lang) -> String {
        let label = match parent {
            None => tthc::i18n::field_label(self.key, lang),
            Some(parent) => tthc::i18n::subfield_label(parent, self.key, lang),
        };
        let mut chars = label.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

const LINE: Kind = Kind::Text { multiline: false };
const PARA: Kind = Kind::Text { multiline: true };

pub const TIME_UNITS: &[(&str, &str, &str)] = &[
    ("same_day", "Trong ngày", "Same day"),
    ("hours", "Giờ", "Hours"),
    ("days", "Ngày", "Days"),
    ("working_days", "Ngày làm việc", "Working days"),
    ("months", "Tháng", "Months"),
];
pub const CHANNEL_KINDS: &[(&str, &str, &str)] = &[
    ("in_person", "Trực tiếp", "In person"),
    ("online", "Trực tuyến", "Online"),
    ("postal", "Dịch vụ bưu chính", "By post"),
];
pub const FEE_KINDS: &[(&str, &str, &str)] =
    &[("fee", "Phí", "Fee"), ("charge", "Lệ phí", "Charge")];
pub const ONLINE_MODES: &[(&str, &str, &str)] = &[
    ("full", "Toàn trình", "Full"),
    ("partial", "Một phần", "Partial"),
    ("none", "Không", "None"),
];
pub const STATUSES: &[(&str, &str, &str)] = &[
    ("published", "Đang công khai", "Published"),
    (
        "amended",
        "Đang công khai (sửa đổi, bổ sung)",
        "Published (amended)",
    ),
    ("abolished", "Bãi bỏ", "Abolished"),
    ("draft", "Dự thảo, chưa công bố", "Draft, not published"),
];
pub const PUBLICATION_KINDS: &[(&str, &str, &str)] = &[
    ("new", "Công bố mới", "New"),
    ("amended", "Sửa đổi, bổ sung", "Amended"),
    ("replaced", "Thay thế", "Replaced"),
    ("abolished", "Bãi bỏ", "Abolished"),
    ("transferred", "Chuyển cấp thực hiện", "Transferred"),
];
pub const LEGAL_STATUSES: &[(&str, &str, &str)] = &[
    ("in_force", "Còn hiệu lực", "In force"),
    (
        "amended",
        "Còn hiệu lực, đã sửa đổi, bổ sung",
        "In force, amended",
    ),
    ("partly_expired", "Hết hiệu lực một phần", "Partly expired"),
    ("expired", "Hết hiệu lực", "Expired"),
    ("not_yet_in_force", "Chưa có hiệu lực", "Not yet in force"),
];

const TIME: &[Spec] = &[
    opt("value", Kind::Number),
    spec("unit", Kind::Choice(Options::Fixed(TIME_UNITS))),
    opt("note", PARA),
];
const FEE: &[Spec] = &[
    spec("kind", Kind::Choice(Options::Fixed(FEE_KINDS))),
    opt("amount", Kind::Number),
    opt("text", PARA),
    opt("unit", LINE),
    opt("tiers", Kind::List(&Kind::Struct(FEE_TIER))),
    opt("max", Kind::Number),
    opt("max_unit", LINE),
    opt("condition", PARA),
    opt("online_payment", Kind::Bool),
    opt("exemptions", PARA),
];
const FEE_TIER: &[Spec] = &[
    opt("from", Kind::Number),
    opt("to", Kind::Number),
    opt("amount", Kind::Number),
];
const FEES: Kind = Kind::List(&Kind::Struct(FEE));
const CHANNEL: &[Spec] = &[
    spec("kind", Kind::Choice(Options::Fixed(CHANNEL_KINDS))),
    opt("description", PARA),
    opt("processing_time", Kind::Struct(TIME)),
    opt("fees", FEES),
];
const DOCUMENT: &[Spec] = &[
    spec("name", LINE),
    opt("form", LINE),
    opt("form_file", LINE),
    opt("replaced_by_data", LINE),
    spec("originals", Kind::Number),
    spec("copies", Kind::Number),
    opt("note", PARA),
];
const DOSSIER_GROUP: &[Spec] = &[
    opt("title", LINE),
    spec("documents", Kind::List(&Kind::Struct(DOCUMENT))),
    opt("sets", Kind::Number),
];
const AGENCY: Kind = Kind::Choice(Options::Agencies);
const AGENCIES: &[Spec] = &[
    opt("competent", AGENCY),
    spec("implementing", Kind::List(&AGENCY)),
    opt("authorised", Kind::List(&AGENCY)),
    opt("coordinating", Kind::List(&AGENCY)),
    opt("address", PARA),
];
const LEGAL_DOCUMENT: &[Spec] = &[
    spec("number", LINE),
    spec("title", PARA),
    opt("date", Kind::Date),
    opt("issuer", LINE),
    opt("effective", Kind::Date),
    opt("articles", LINE),
    opt("amended_by", Kind::List(&LINE)),
    opt("expires", Kind::Date),
    opt("status", Kind::Choice(Options::Fixed(LEGAL_STATUSES))),
];
const SERVICE: &[Spec] = &[
    spec("code", LINE),
    opt("name", LINE),
    spec("mode", Kind::Choice(Options::Fixed(ONLINE_MODES))),
    opt("url", LINE),
];
const PROCESS_STEP: &[Spec] = &[
    spec("step", PARA),
    opt("unit", LINE),
    opt("days", Kind::Number),
    opt("hours", Kind::Number),
];
const BASELINE: &[Spec] = &[
    spec("year", Kind::Number),
    opt("processing_time", Kind::Struct(TIME)),
    opt("cost", Kind::Number),
    opt("note", PARA),
];
const ONLINE: &[Spec] = &[
    spec("mode", Kind::Choice(Options::Fixed(ONLINE_MODES))),
    opt("legacy_level", Kind::Number),
    opt("url", LINE),
    opt("eligible_full", Kind::Bool),
    opt("electronic_result", Kind::Bool),
    opt("services", Kind::List(&Kind::Struct(SERVICE))),
];
const INTERLINKED: &[Spec] = &[opt("enabled", Kind::Bool), opt("linked", Kind::List(&LINE))];
const POSTAL: &[Spec] = &[opt("receive", Kind::Bool), opt("return", Kind::Bool)];
const PUBLICATION: &[Spec] = &[
    spec("decision", LINE),
    opt("date", Kind::Date),
    spec("kind", Kind::Choice(Options::Fixed(PUBLICATION_KINDS))),
];

/// A procedure named by its level and code (a transfer's other side).
const RELATION: &[Spec] = &[
    spec("level", Kind::Choice(Options::Levels)),
    spec("code", LINE),
];

/// Every field of a procedure, in the order of the file.
pub const PROCEDURE: &[Spec] = &[
    fixed("code", LINE),
    opt("local_code", LINE),
    spec("name", LINE),
    fixed("level", Kind::Choice(Options::Levels)),
    spec("field", Kind::Choice(Options::Fields)),
    opt("kind", LINE),
    spec("steps", Kind::List(&PARA)),
    spec("channels", Kind::List(&Kind::Struct(CHANNEL))),
    spec("dossier", Kind::List(&Kind::Struct(DOSSIER_GROUP))),
    spec("processing_time", Kind::Struct(TIME)),
    opt("committed_time", Kind::Struct(TIME)),
    opt("internal_process", Kind::List(&Kind::Struct(PROCESS_STEP))),
    spec("subjects", Kind::List(&LINE)),
    spec("agencies", Kind::Struct(AGENCIES)),
    opt("results", Kind::List(&PARA)),
    opt("result_template", LINE),
    opt("fees", FEES),
    opt("legal_basis", Kind::List(&Kind::Struct(LEGAL_DOCUMENT))),
    opt("requirements", PARA),
    spec("online_service", Kind::Struct(ONLINE)),
    opt("interlinked", Kind::Struct(INTERLINKED)),
    spec("postal", Kind::Struct(POSTAL)),
    opt("boundary_free", Kind::Bool),
    opt("business_related", Kind::Bool),
    opt("baseline", Kind::Struct(BASELINE)),
    spec("status", Kind::Choice(Options::Fixed(STATUSES))),
    opt("publication", Kind::Struct(PUBLICATION)),
    opt("effective_from", Kind::Date),
    opt("effective_until", Kind::Date),
    opt("replaces", Kind::List(&Kind::Struct(RELATION))),
    opt("replaced_by", Kind::List(&Kind::Struct(RELATION))),
    opt("transferred_from", Kind::Struct(RELATION)),
    opt("transferred_to", Kind::Struct(RELATION)),
    opt("reviewed_on", Kind::Date),
    opt("notes", PARA),
    opt("units", Kind::List(&LINE)),
];

/// The value a new item of `kind` starts with.
pub fn empty_value(kind: &Kind) -> serde_json::Value {
    use serde_json::Value;
    match kind {
        Kind::Text { .. } | Kind::Date => Value::String(String::new()),
        Kind::Number => Value::from(0),
        Kind::Bool => Value::Bool(false),
        Kind::Choice(Options::Fixed(options)) => Value::String(options[0].0.to_owned()),
        Kind::Choice(_) => Value::String(String::new()),
        Kind::List(_) => Value::Array(Vec::new()),
        Kind::Struct(fields) => {
            let mut map = serde_json::Map::new();
            for f in fields.iter().filter(|f| !f.optional) {
                map.insert(f.key.to_owned(), empty_value(&f.kind));
            }
            Value::Object(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tthc::i18n::Lang;

    /// Every field of the form has a label in the core's table: none falls back to its key.
    #[test]
    fn every_field_is_labelled_by_the_core_table() {
        fn walk(fields: &[Spec], parent: Option<&str>, missing: &mut Vec<String>) {
            for s in fields {
                // A key the table does not know comes back as it is.
                if s.label(parent, Lang::Vi).to_lowercase() == s.key {
                    missing.push(format!("{parent:?}.{}", s.key));
                }
                let sub = match s.kind {
                    Kind::Struct(sub) => Some(sub),
                    Kind::List(Kind::Struct(sub)) => Some(*sub),
                    _ => None,
                };
                if let Some(sub) = sub {
                    walk(sub, Some(s.key), missing);
                }
            }
        }
        let mut missing = Vec::new();
        walk(PROCEDURE, None, &mut missing);
        assert!(missing.is_empty(), "no label: {missing:?}");
    }
}
