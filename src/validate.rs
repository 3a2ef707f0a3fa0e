//! Validation rules: pure functions over a loaded catalogue. Each finding carries a pointer into
//! its record; `store::resolve_positions` turns pointers into lines and columns.

use crate::diagnostic::DecisionProblem;
use crate::diagnostic::RecordProblem;
use crate::diagnostic::{Diagnostic, PathSeg, Problem, Severity};
use crate::model::{
    Date, Decision, EffectKind, Fee, LegalDocument, LegalEntry, LegalStatus, Manifest, OnlineMode,
    Procedure, ProcessingTime, Proposal, ProposalKind, PublicationRecord, TimeUnit,
};
use crate::store::{self, Catalog, MANIFEST_FILE};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The manifest schema version this build writes (it reads this one and every older one).
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest schema version this build reads (older catalogues are migrated by
/// `tthc fmt --migrate`).
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// Working days (Monday to Friday; public holidays are not known here) strictly between two
/// days.
pub fn working_days_between(from: Date, to: Date) -> u32 {
    let mut n = 0;
    let mut d = from;
    while let Ok(next) = d.tomorrow() {
        if next >= to {
            break;
        }
        d = next;
        if !matches!(
            d.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        ) {
            n += 1;
        }
    }
    n
}

/// A time in working hours (a working day is 8 hours), when it can be said in them.
fn time_in_hours(t: &ProcessingTime) -> Option<u32> {
    match t.unit {
        TimeUnit::SameDay => Some(8),
        TimeUnit::Hours => t.value,
        TimeUnit::WorkingDays | TimeUnit::Days => t.value.map(|v| v * 8),
        TimeUnit::Months => None,
    }
}

/// Every problem of the catalogue: those found while reading plus every rule below, sorted.
pub fn validate_catalog(cat: &Catalog) -> Vec<Diagnostic> {
    let mut out = cat.problems.clone();
    if !cat.unparsed.contains(Path::new(MANIFEST_FILE)) {
        check_manifest(&cat.manifest, &mut out);
    }
    let mut seen: HashMap<(&str, &str), &Path> = HashMap::new();
    for stored in &cat.procedures {
        let p = &stored.record;
        let mut ctx = Ctx {
            file: &stored.path,
            out: &mut out,
            legal: &cat.legal,
        };
        check_procedure(&cat.manifest, p, &mut ctx, &[]);
        check_location(&cat.manifest, p, &mut ctx);
        match seen.get(&(p.level.as_str(), p.code.as_str())) {
            Some(other) => ctx.error(
                vec![PathSeg::key("code")],
                Problem::DuplicateCode {
                    code: p.code.to_string(),
                    level: p.level.to_string(),
                    other: other.to_path_buf(),
                },
            ),
            None => {
                seen.insert((p.level.as_str(), p.code.as_str()), &stored.path);
            }
        }
    }
    for stored in &cat.proposals {
        let mut ctx = Ctx {
            file: &stored.path,
            out: &mut out,
            legal: &cat.legal,
        };
        check_proposal(&cat.manifest, &stored.record, &stored.path, &mut ctx);
    }
    for stored in &cat.publications {
        let mut ctx = Ctx {
            file: &stored.path,
            out: &mut out,
            legal: &cat.legal,
        };
        check_publication(&stored.record, &mut ctx);
    }
    for stored in &cat.decisions {
        let mut ctx = Ctx {
            file: &stored.path,
            out: &mut out,
            legal: &cat.legal,
        };
        check_decision(&cat.manifest, &stored.record, &stored.path, &mut ctx);
    }
    check_register(&cat.legal, &mut out);
    store::resolve_positions(&cat.root, &mut out);
    out.sort_by_key(Diagnostic::sort_key);
    out.dedup();
    out
}

/// The rules for one procedure being edited, in the context of its catalogue, with positions
/// taken from `text` (the edited text, which is not on disk yet).
pub fn validate_procedure_text(
    cat: &Catalog,
    rel: &Path,
    record: &Procedure,
    text: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ctx = Ctx {
        file: rel,
        out: &mut out,
        legal: &cat.legal,
    };
    check_procedure(&cat.manifest, record, &mut ctx, &[]);
    check_location(&cat.manifest, record, &mut ctx);
    if let Some(other) = cat
        .procedures
        .iter()
        .find(|s| s.path != rel && s.record.level == record.level && s.record.code == record.code)
    {
        ctx.error(
            vec![PathSeg::key("code")],
            Problem::DuplicateCode {
                code: record.code.to_string(),
                level: record.level.to_string(),
                other: other.path.clone(),
            },
        );
    }
    if let Some((line, col)) = store::locate::first_comment(text) {
        out.push(
            Diagnostic::new(rel, Severity::Warning, Problem::Comment).with_position(line, col),
        );
    }
    for d in &mut out {
        if d.line == 0 {
            let (line, col) = store::locate::locate(text, &d.pointer);
            d.line = line;
            d.column = col;
        }
    }
    out.sort_by_key(Diagnostic::sort_key);
    out
}

/// The rules for one legal text about to be written to `rel` (in the register of `cat`, where it
/// replaces the text at `rel`). Positions are left unresolved; pointers say where.
pub fn validate_legal(cat: &Catalog, rel: &Path, entry: &LegalEntry) -> Vec<Diagnostic> {
    let mut legal: Vec<store::Stored<LegalEntry>> = cat
        .legal
        .iter()
        .filter(|s| s.path != rel)
        .cloned()
        .collect();
    legal.push(store::Stored {
        path: rel.to_owned(),
        record: entry.clone(),
    });
    let mut out = Vec::new();
    check_register(&legal, &mut out);
    out.retain(|d| d.file == rel);
    out.sort_by_key(Diagnostic::sort_key);
    out
}

/// The rules for one proposal about to be written to `rel`, in the context of its catalogue.
/// Positions are left unresolved (the text is not written yet); pointers say where.
pub fn validate_proposal(cat: &Catalog, rel: &Path, proposal: &Proposal) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ctx = Ctx {
        file: rel,
        out: &mut out,
        legal: &cat.legal,
    };
    check_proposal(&cat.manifest, proposal, rel, &mut ctx);
    out.sort_by_key(Diagnostic::sort_key);
    out
}

/// The rules for one decision about to be written to `rel`, in the context of its catalogue.
/// Positions are left unresolved (the text is not written yet); pointers say where.
pub fn validate_decision(cat: &Catalog, rel: &Path, decision: &Decision) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ctx = Ctx {
        file: rel,
        out: &mut out,
        legal: &cat.legal,
    };
    check_decision(&cat.manifest, decision, rel, &mut ctx);
    out.sort_by_key(Diagnostic::sort_key);
    out
}

struct Ctx<'a> {
    file: &'a Path,
    out: &'a mut Vec<Diagnostic>,
    /// The catalogue's register of legal texts (empty when it keeps none).
    legal: &'a [store::Stored<LegalEntry>],
}

impl Ctx<'_> {
    fn push(&mut self, severity: Severity, pointer: Vec<PathSeg>, problem: Problem) {
        self.out
            .push(Diagnostic::new(self.file, severity, problem).at(pointer));
    }
    fn error(&mut self, pointer: Vec<PathSeg>, problem: Problem) {
        self.push(Severity::Error, pointer, problem);
    }
    fn missing(&mut self, pointer: Vec<PathSeg>, what: &str) {
        self.error(
            pointer,
            Problem::Missing {
                what: what.to_owned(),
            },
        );
    }
}

fn path(prefix: &[PathSeg], rest: &[&str]) -> Vec<PathSeg> {
    let mut v = prefix.to_vec();
    v.extend(rest.iter().map(|k| PathSeg::key(k)));
    v
}

fn with_index(mut v: Vec<PathSeg>, i: usize) -> Vec<PathSeg> {
    v.push(PathSeg::Index(i));
    v
}

/// An id usable as a folder name: lowercase ASCII letters, digits and `-`, not starting with `-`.
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A national code `d.dddddd`, optionally followed by `.`-separated local parts of letters/digits.
pub fn is_valid_code(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() < 8
        || !b[0].is_ascii_digit()
        || b[1] != b'.'
        || !b[2..8].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let rest = &code[8..];
    rest.is_empty()
        || (rest.starts_with('.')
            && rest[1..]
                .split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|c| c.is_ascii_alphanumeric())))
}

/// A code that could not safely be a file name (path separators, `..`, NUL).
pub(crate) fn is_unsafe_file_name(s: &str) -> bool {
    s.is_empty()
        || s.contains(['/', '\\', '\0'])
        || s.starts_with('.')
        || s.chars().any(char::is_control)
}

fn check_manifest(m: &Manifest, out: &mut Vec<Diagnostic>) {
    let file = Path::new(MANIFEST_FILE);
    let mut ctx = Ctx {
        file,
        out,
        legal: &[],
    };
    if (OLDEST_SCHEMA_VERSION..SCHEMA_VERSION).contains(&m.schema) {
        ctx.push(
            Severity::Warning,
            path(&[], &["schema"]),
            Problem::Record(RecordProblem::OlderSchema {
                found: m.schema,
                current: SCHEMA_VERSION,
            }),
        );
    } else if m.schema != SCHEMA_VERSION {
        ctx.error(
            path(&[], &["schema"]),
            Problem::BadSchemaVersion {
                found: m.schema,
                supported: SCHEMA_VERSION,
            },
        );
    }
    if m.authority.name.trim().is_empty() {
        ctx.missing(path(&[], &["authority", "name"]), "authority.name");
    }
    if m.levels.is_empty() {
        ctx.missing(path(&[], &["levels"]), "levels");
    }
    for (list, ids) in [
        (
            "levels",
            m.levels
                .iter()
                .map(|l| (&l.id, &l.name))
                .collect::<Vec<_>>(),
        ),
        (
            "fields",
            m.fields.iter().map(|f| (&f.id, &f.name)).collect(),
        ),
        (
            "agencies",
            m.agencies.iter().map(|a| (&a.id, &a.name)).collect(),
        ),
    ] {
        let mut seen = std::collections::HashSet::new();
        for (i, (id, name)) in ids.into_iter().enumerate() {
            let at = with_index(path(&[], &[list]), i);
            if !is_safe_id(id) {
                ctx.error(
                    path(&at, &["id"]),
                    Problem::UnsafeName {
                        what: "id".into(),
                        value: id.clone(),
                    },
                );
            }
            if !seen.insert(id.as_str()) {
                ctx.error(path(&at, &["id"]), Problem::DuplicateId { id: id.clone() });
            }
            if name.trim().is_empty() {
                ctx.missing(path(&at, &["name"]), &format!("{list}[{i}].name"));
            }
        }
    }
    check_text(
        &serde_json::to_value(m).unwrap_or_default(),
        &mut Vec::new(),
        &mut ctx,
    );
}

/// The rules for one procedure record; `prefix` is its pointer inside a proposal, or empty.
fn check_procedure(m: &Manifest, p: &Procedure, ctx: &mut Ctx, prefix: &[PathSeg]) {
    let first = ctx.out.len();
    check_procedure_parts(m, p, ctx, prefix);
    // An imported record marked incomplete lacks parts by design: warnings until completed.
    if p.incomplete {
        for d in &mut ctx.out[first..] {
            if matches!(d.problem, Problem::Missing { .. }) {
                d.severity = Severity::Warning;
            }
        }
    }
}

fn check_procedure_parts(m: &Manifest, p: &Procedure, ctx: &mut Ctx, prefix: &[PathSeg]) {
    let at = |rest: &[&str]| path(prefix, rest);
    // A draft in the catalogue is work in progress: say so, since it is left out of every export.
    if prefix.is_empty() && p.status == crate::model::ProcedureStatus::Draft {
        ctx.push(Severity::Warning, at(&["status"]), Problem::DraftNotListed);
    }
    // Names are one line in every listing, table and spreadsheet.
    let one_line = |s: &str| s.contains(['\n', '\r']);
    if one_line(&p.name) {
        ctx.push(
            Severity::Warning,
            at(&["name"]),
            Problem::LineBreakInOneLineField,
        );
    }
    for (g, group) in p.dossier.iter().enumerate() {
        for (d, doc) in group.documents.iter().enumerate() {
            if one_line(&doc.name) {
                let mut pointer = with_index(at(&["dossier"]), g);
                pointer.push(PathSeg::key("documents"));
                pointer = with_index(pointer, d);
                pointer.push(PathSeg::key("name"));
                ctx.push(Severity::Warning, pointer, Problem::LineBreakInOneLineField);
            }
        }
    }
    if p.code.is_empty() {
        ctx.missing(at(&["code"]), "code");
    } else if is_unsafe_file_name(&p.code) {
        ctx.error(
            at(&["code"]),
            Problem::UnsafeName {
                what: "code".into(),
                value: p.code.to_string(),
            },
        );
    } else if !is_valid_code(&p.code) {
        ctx.error(
            at(&["code"]),
            Problem::BadCode {
                code: p.code.to_string(),
            },
        );
    }
    if let Some(local) = &p.local_code
        && !is_valid_code(local)
    {
        ctx.error(
            at(&["local_code"]),
            Problem::BadCode {
                code: local.to_string(),
            },
        );
    }
    if p.name.trim().is_empty() {
        ctx.missing(at(&["name"]), "name");
    }
    if p.level.is_empty() {
        ctx.missing(at(&["level"]), "level");
    } else if !is_safe_id(&p.level) {
        ctx.error(
            at(&["level"]),
            Problem::UnsafeName {
                what: "level".into(),
                value: p.level.to_string(),
            },
        );
    } else if m.level(&p.level).is_none() {
        ctx.error(
            at(&["level"]),
            Problem::UndeclaredLevel {
                id: p.level.to_string(),
            },
        );
    }
    if p.field.is_empty() {
        ctx.missing(at(&["field"]), "field");
    } else if m.field(&p.field).is_none() {
        ctx.error(
            at(&["field"]),
            Problem::UndeclaredField {
                id: p.field.to_string(),
            },
        );
    }
    if p.steps.iter().all(|s| s.trim().is_empty()) {
        ctx.missing(at(&["steps"]), "steps");
    }
    if p.channels.is_empty() {
        ctx.missing(at(&["channels"]), "channels");
    }
    if p.dossier.iter().all(|g| g.documents.is_empty()) {
        ctx.missing(at(&["dossier"]), "dossier");
    }
    for (g, group) in p.dossier.iter().enumerate() {
        for (d, doc) in group.documents.iter().enumerate() {
            if doc.name.trim().is_empty() {
                let ptr = with_index(path(&with_index(at(&["dossier"]), g), &["documents"]), d);
                ctx.missing(path(&ptr, &["name"]), "dossier.documents.name");
            }
        }
    }
    if p.processing_time.unit != TimeUnit::SameDay && p.processing_time.value.is_none() {
        ctx.missing(at(&["processing_time"]), "processing_time.value");
    }
    if p.subjects.iter().all(|s| s.trim().is_empty()) {
        ctx.missing(at(&["subjects"]), "subjects");
    }
    if p.agencies.implementing.is_empty() {
        ctx.missing(at(&["agencies"]), "agencies.implementing");
    }
    for (key, index, id) in p.agencies.references() {
        if m.agency(id).is_none() {
            let mut ptr = at(&["agencies", key]);
            if let Some(i) = index {
                ptr.push(PathSeg::Index(i));
            }
            ctx.error(ptr, Problem::UndeclaredAgency { id: id.to_owned() });
        }
    }
    // A unit the manifest does not hold, or one of another level, would make the procedure
    // vanish from every unit's listing without a word.
    for (i, id) in p.units.iter().enumerate() {
        let ptr = with_index(at(&["units"]), i);
        match m.unit(id) {
            None => ctx.error(ptr, Problem::UndeclaredUnit { id: id.to_string() }),
            Some(u) if !p.level.is_empty() && u.level != p.level => ctx.error(
                ptr,
                Problem::UnitOfOtherLevel {
                    id: id.to_string(),
                    name: u.name.clone(),
                    unit_level: m.level_name(&u.level).to_owned(),
                },
            ),
            Some(_) => {}
        }
    }
    // A record inside a decision or a proposal is a snapshot of its time: the heuristic about
    // caps is for the catalogue's own records.
    let snapshot = !prefix.is_empty();
    check_fees(p.fee_list(), at(&["fees"]), snapshot, ctx);
    check_record_2026(m, p, ctx, prefix);
    for (i, channel) in p.channels.iter().enumerate() {
        if let Some(fees) = &channel.fees {
            check_fees(
                fees,
                path(&with_index(at(&["channels"]), i), &["fees"]),
                snapshot,
                ctx,
            );
        }
    }
    for (i, doc) in p.legal_list().iter().enumerate() {
        if doc.number.trim().is_empty() {
            ctx.missing(
                path(&with_index(at(&["legal_basis"]), i), &["number"]),
                "legal_basis.number",
            );
        }
    }
    if let Some(level) = p.online_service.legacy_level
        && !(1..=4).contains(&level)
    {
        ctx.error(
            at(&["online_service", "legacy_level"]),
            Problem::BadLegacyLevel { level },
        );
    }
    if let (Some(from), Some(until)) = (p.effective_from, p.effective_until)
        && until < from
    {
        ctx.error(at(&["effective_until"]), Problem::EffectiveOrder);
    }
    if prefix.is_empty() {
        check_text(
            &serde_json::to_value(p).unwrap_or_default(),
            &mut Vec::new(),
            ctx,
        );
    }
}

fn check_fees(fees: &[Fee], at: Vec<PathSeg>, snapshot: bool, ctx: &mut Ctx) {
    let record = |p| Problem::Record(p);
    for (i, fee) in fees.iter().enumerate() {
        let here = with_index(at.clone(), i);
        if let Some(amount) = fee.amount
            && amount < 0
        {
            ctx.error(path(&here, &["amount"]), Problem::NegativeAmount { amount });
        }
        if let Some(amount) = fee.max
            && amount < 0
        {
            ctx.error(path(&here, &["max"]), Problem::NegativeAmount { amount });
        }
        // A cap written as a fee line of its own ("Mức thu tối đa không quá 200.000 đồng/bản").
        let says_cap = |t: Option<&str>| {
            t.is_some_and(|t| {
                let t = t.to_lowercase();
                t.contains("tối đa") || t.contains("không quá")
            })
        };
        if !snapshot
            && fee.max.is_none()
            && fee.tiers.is_empty()
            && fee.amount.is_some()
            && says_cap(fee.text.as_deref())
        {
            ctx.push(
                Severity::Warning,
                path(&here, &["amount"]),
                record(RecordProblem::CapAsFeeLine),
            );
        }
        let mut last_to: Option<u32> = None;
        for (t, tier) in fee.tiers.iter().enumerate() {
            let at_tier = with_index(path(&here, &["tiers"]), t);
            if let Some(amount) = tier.amount
                && amount < 0
            {
                ctx.error(
                    path(&at_tier, &["amount"]),
                    Problem::NegativeAmount { amount },
                );
            }
            let empty = matches!((tier.from, tier.to), (Some(f), Some(to)) if f > to);
            let overlaps = t > 0
                && match (last_to, tier.from) {
                    (Some(prev), Some(from)) => from <= prev,
                    // After an open-ended tier, or a tier with no start after the first.
                    _ => true,
                };
            if empty || overlaps {
                ctx.error(path(&at_tier, &["from"]), record(RecordProblem::TierRange));
            }
            last_to = tier.to;
        }
        if let Some(max) = fee.max {
            let amounts = fee
                .tiers
                .iter()
                .filter_map(|t| t.amount)
                .chain(fee.amount.filter(|_| fee.tiers.is_empty()));
            // Only amounts per the same unit as the cap can be compared.
            let same_unit = fee.max_unit.is_none() || fee.max_unit == fee.unit;
            if same_unit && let Some(amount) = amounts.filter(|&a| a > max).max() {
                ctx.push(
                    Severity::Warning,
                    path(&here, &["max"]),
                    record(RecordProblem::CapBelowAmount { max, amount }),
                );
            }
        }
    }
}

/// The rules of the 2026 record: legal basis in force and cited as amended, the publication
/// deadline, committed time and internal process, online services, relations.
fn check_record_2026(m: &Manifest, p: &Procedure, ctx: &mut Ctx, prefix: &[PathSeg]) {
    let at = |rest: &[&str]| path(prefix, rest);
    let record = |p| Problem::Record(p);
    let today = m.policy.today();
    // Each row with the register's facts where it says nothing itself: the rules below see
    // what every face shows. A record held inside a decision or proposal is a snapshot of its
    // day, and is checked as it was written.
    let own = p.legal_list();
    let rows: Vec<LegalDocument> = own
        .iter()
        .map(|row| match register_entry(ctx.legal, &row.number) {
            Some(e) if prefix.is_empty() => e.complete(row),
            _ => row.clone(),
        })
        .collect();
    let cited: Vec<&str> = rows.iter().map(|d| d.number.trim()).collect();
    for (i, doc) in rows.iter().enumerate() {
        let here = with_index(at(&["legal_basis"]), i);
        // A fact from the register is located at the row that cites it.
        let at_row = |key: &str, own_says: bool| {
            if own_says {
                path(&here, &[key])
            } else {
                here.clone()
            }
        };
        if doc.title.trim().is_empty()
            && !doc.number.trim().is_empty()
            && register_entry(ctx.legal, &doc.number).is_none()
        {
            ctx.error(
                path(&here, &["number"]),
                record(RecordProblem::LegalNotInRegister {
                    number: doc.number.to_string(),
                }),
            );
        }
        let expired_by_date = doc.expires.is_some_and(|x| x <= today);
        if expired_by_date || doc.status == Some(LegalStatus::Expired) {
            ctx.push(
                Severity::Warning,
                if expired_by_date {
                    at_row("expires", own[i].expires.is_some())
                } else {
                    at_row("status", own[i].status.is_some())
                },
                record(RecordProblem::LegalExpired {
                    number: doc.number.to_string(),
                    on: doc.expires,
                }),
            );
        }
        for (j, amending) in doc.amended_by.iter().enumerate() {
            if !cited.iter().any(|c| crate::model::same_number(c, amending)) {
                ctx.push(
                    Severity::Warning,
                    if j < own[i].amended_by.len() {
                        with_index(path(&here, &["amended_by"]), j)
                    } else {
                        here.clone()
                    },
                    record(RecordProblem::AmendedByUncited {
                        number: doc.number.to_string(),
                        amending: amending.to_string(),
                    }),
                );
            }
        }
    }
    // The decision is due five working days before the latest effective date of its bases.
    if let Some(pubref) = &p.publication
        && let Some(date) = pubref.date
        && let Some((i, latest)) = rows
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.effective.map(|e| (i, e)))
            .max_by_key(|&(_, e)| e)
        && latest >= date
    {
        let working_days = working_days_between(date, latest);
        if working_days < 5 {
            ctx.push(
                Severity::Warning,
                path(&at(&["publication"]), &["date"]),
                record(RecordProblem::PublicationTooLate {
                    decision: pubref.decision.to_string(),
                    date,
                    number: rows[i].number.to_string(),
                    effective: latest,
                    working_days,
                }),
            );
        }
    }
    if let Some(committed) = &p.committed_time
        && committed.unit == p.processing_time.unit
        && let (Some(c), Some(s)) = (committed.value, p.processing_time.value)
        && c > s
    {
        ctx.push(
            Severity::Warning,
            at(&["committed_time"]),
            record(RecordProblem::CommittedLonger),
        );
    }
    if !p.internal_process.is_empty()
        && let Some(limit_hours) = time_in_hours(p.effective_time())
    {
        let hours: u32 = p
            .internal_process
            .iter()
            .map(crate::model::ProcessStep::working_hours)
            .sum();
        if hours > limit_hours {
            ctx.error(
                at(&["internal_process"]),
                record(RecordProblem::ProcessTooLong {
                    hours,
                    limit_hours,
                    committed: p.committed_time.is_some(),
                }),
            );
        }
    }
    for (i, step) in p.internal_process.iter().enumerate() {
        if step.step.trim().is_empty() {
            ctx.missing(
                path(&with_index(at(&["internal_process"]), i), &["step"]),
                "internal_process.step",
            );
        }
    }
    for (key, list) in [
        ("implementing", &p.agencies.implementing),
        ("authorised", &p.agencies.authorised),
        ("coordinating", &p.agencies.coordinating),
    ] {
        for (i, id) in list.iter().enumerate() {
            if list[..i].contains(id) {
                ctx.push(
                    Severity::Warning,
                    with_index(at(&["agencies", key]), i),
                    record(RecordProblem::AgencyTwice { id: id.to_string() }),
                );
            }
        }
    }
    if p.interlinked.enabled && p.interlinked.linked.is_empty() {
        ctx.push(
            Severity::Warning,
            at(&["interlinked", "enabled"]),
            record(RecordProblem::InterlinkedLinksNothing),
        );
    }
    let online = &p.online_service;
    if online.eligible_full == Some(false)
        && (online.mode == OnlineMode::Full
            || online.services.iter().any(|s| s.mode == OnlineMode::Full))
    {
        ctx.push(
            Severity::Warning,
            at(&["online_service", "eligible_full"]),
            record(RecordProblem::FullButNotEligible),
        );
    }
    for (i, service) in online.services.iter().enumerate() {
        if service.code.trim().is_empty() {
            ctx.missing(
                path(
                    &with_index(at(&["online_service", "services"]), i),
                    &["code"],
                ),
                "online_service.services.code",
            );
        }
    }
    for (key, i, _, code) in p.relations() {
        let mut pointer = at(&[key]);
        if matches!(key, "replaces" | "replaced_by") {
            pointer.push(PathSeg::Index(i));
        }
        if !is_valid_code(code) {
            ctx.error(
                path(&pointer, &["code"]),
                Problem::BadCode {
                    code: code.to_owned(),
                },
            );
        }
    }
}

/// The file must sit where its level and code say.
fn check_location(m: &Manifest, p: &Procedure, ctx: &mut Ctx) {
    if !is_safe_id(&p.level) || is_unsafe_file_name(&p.code) {
        return;
    }
    let expected = store::procedure_path(m.layout, &p.level, &p.code);
    let alternative = store::procedure_path(
        match m.layout {
            crate::model::Layout::Flat => crate::model::Layout::Sharded,
            crate::model::Layout::Sharded => crate::model::Layout::Flat,
        },
        &p.level,
        &p.code,
    );
    // Both layouts are read, so a catalogue half-way through a migration still validates.
    if ctx.file != expected && ctx.file != alternative {
        let pointer = if ctx.file.parent().and_then(Path::file_name)
            != Some(std::ffi::OsStr::new(&p.level))
            && ctx.file.file_stem() == Some(std::ffi::OsStr::new(&p.code))
        {
            vec![PathSeg::key("level")]
        } else {
            vec![PathSeg::key("code")]
        };
        ctx.error(
            pointer,
            Problem::PathMismatch {
                expected: slash_path(&expected),
            },
        );
    }
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A proposal id: `YYYY-NNN`.
pub fn is_valid_proposal_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() >= 6
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
}

fn check_proposal(m: &Manifest, p: &Proposal, file: &Path, ctx: &mut Ctx) {
    if !is_valid_proposal_id(&p.id) {
        ctx.error(
            vec![PathSeg::key("id")],
            Problem::BadProposalId { id: p.id.clone() },
        );
    } else if file != store::proposal_path(&p.id) {
        ctx.error(
            vec![PathSeg::key("id")],
            Problem::PathMismatch {
                expected: slash_path(&store::proposal_path(&p.id)),
            },
        );
    }
    if p.title.trim().is_empty() {
        ctx.missing(vec![PathSeg::key("title")], "title");
    }
    match (&p.target, p.kind) {
        (None, ProposalKind::Abolish | ProposalKind::Amend | ProposalKind::Replace) => {
            ctx.error(vec![PathSeg::key("kind")], Problem::ProposalTarget)
        }
        (Some(t), _) => {
            if m.level(&t.level).is_none() {
                ctx.error(
                    path(&[], &["target", "level"]),
                    Problem::UndeclaredLevel {
                        id: t.level.clone(),
                    },
                );
            }
            if !is_valid_code(&t.code) {
                ctx.error(
                    path(&[], &["target", "code"]),
                    Problem::BadCode {
                        code: t.code.clone(),
                    },
                );
            }
        }
        (None, ProposalKind::Add) => {}
    }
    for (step, problem) in crate::proposal_rules::check_log(p, &m.policy) {
        let pointer = match step {
            Some(i) => with_index(vec![PathSeg::key("log")], i),
            None => vec![PathSeg::key("status")],
        };
        ctx.push(Severity::Warning, pointer, Problem::ProposalLog(problem));
    }
    if let Some(proposed) = &p.proposed {
        check_procedure(m, proposed, ctx, &[PathSeg::key("proposed")]);
    } else if matches!(
        p.kind,
        ProposalKind::Amend | ProposalKind::Replace | ProposalKind::Add
    ) {
        ctx.missing(vec![PathSeg::key("proposed")], "proposed");
    }
    check_text(
        &serde_json::to_value(p).unwrap_or_default(),
        &mut Vec::new(),
        ctx,
    );
}

fn check_publication(p: &PublicationRecord, ctx: &mut Ctx) {
    if p.decision.trim().is_empty() {
        ctx.missing(vec![PathSeg::key("decision")], "decision");
    }
    if p.date.is_none() {
        ctx.missing(vec![PathSeg::key("date")], "date");
    }
    check_text(
        &serde_json::to_value(p).unwrap_or_default(),
        &mut Vec::new(),
        ctx,
    );
}

/// A decision: its id and file, number and date, and each row's kind, procedure, legal text and
/// record. A row at a level this catalogue does not hold is recorded (the decision is the
/// province's whole decision) and warned about: it will not apply here.
fn check_decision(m: &Manifest, d: &Decision, file: &Path, ctx: &mut Ctx) {
    let bad = |p| Problem::Decision(p);
    if !is_valid_proposal_id(&d.id) {
        ctx.error(
            vec![PathSeg::key("id")],
            bad(DecisionProblem::BadId { id: d.id.clone() }),
        );
    } else if file != store::decision_path(&d.id) {
        ctx.error(
            vec![PathSeg::key("id")],
            Problem::PathMismatch {
                expected: slash_path(&store::decision_path(&d.id)),
            },
        );
    }
    if d.number.trim().is_empty() {
        ctx.missing(vec![PathSeg::key("number")], "number");
    }
    match d.date {
        None => ctx.missing(vec![PathSeg::key("date")], "date"),
        Some(date) => {
            if let Some(effective) = d.effective
                && effective < date
            {
                ctx.error(
                    vec![PathSeg::key("effective")],
                    bad(DecisionProblem::EffectiveBeforeDate { effective, date }),
                );
            }
        }
    }
    if d.effects.is_empty() {
        ctx.error(
            vec![PathSeg::key("effects")],
            bad(DecisionProblem::NoEffects),
        );
    }
    // (level, code) after each row, and before it: two rows may not touch one procedure.
    let mut touched: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, e) in d.effects.iter().enumerate() {
        let at = with_index(vec![PathSeg::key("effects")], i);
        let key = |k: &str| path(&at, &[k]);
        let declared = |level: &str| m.level(level).is_some();
        if e.level.trim().is_empty() {
            ctx.missing(key("level"), "effects.level");
        }
        if e.code.trim().is_empty() {
            ctx.missing(key("code"), "effects.code");
        } else if !is_valid_code(&e.code) {
            ctx.error(
                key("code"),
                Problem::BadCode {
                    code: e.code.clone(),
                },
            );
        }
        match &e.legal_text {
            None => ctx.error(key("kind"), bad(DecisionProblem::LegalTextRequired)),
            Some(t) if t.number.trim().is_empty() => ctx.error(
                path(&at, &["legal_text", "number"]),
                bad(DecisionProblem::LegalTextRequired),
            ),
            Some(_) => {}
        }
        let needs_record = matches!(
            e.kind,
            EffectKind::New | EffectKind::Amended | EffectKind::Replaced
        );
        match (&e.record, needs_record, e.kind) {
            (None, true, kind) => {
                ctx.error(key("kind"), bad(DecisionProblem::RecordRequired { kind }))
            }
            (Some(_), false, EffectKind::Abolished) => {
                ctx.error(key("record"), bad(DecisionProblem::RecordNotAllowed))
            }
            _ => {}
        }
        match (&e.to, e.kind) {
            (None, EffectKind::Transferred) => {
                ctx.error(key("kind"), bad(DecisionProblem::TransferTargetRequired))
            }
            (Some(to), EffectKind::Transferred) => {
                if to.level.trim().is_empty() {
                    ctx.missing(path(&at, &["to", "level"]), "effects.to.level");
                }
                if let Some(code) = &to.code
                    && !is_valid_code(code)
                {
                    ctx.error(
                        path(&at, &["to", "code"]),
                        Problem::BadCode { code: code.clone() },
                    );
                }
                if to.level == e.level && to.code.as_deref().is_none_or(|c| c == e.code) {
                    ctx.error(key("to"), bad(DecisionProblem::TransferToSame));
                }
            }
            (Some(_), _) => ctx.error(key("to"), bad(DecisionProblem::ToNotAllowed)),
            (None, _) => {}
        }
        // The record must be the procedure the row names, at the level it ends up at.
        if let Some(r) = &e.record {
            // A replacing record may have a code of its own; the others keep the row's.
            let (level, code) = match e.kind {
                EffectKind::Replaced => (e.level.as_str(), None),
                EffectKind::Transferred => (e.level_after(), Some(e.code_after())),
                _ => (e.level.as_str(), Some(e.code.as_str())),
            };
            if r.level != level || code.is_some_and(|c| r.code != c) {
                ctx.error(
                    path(&at, &["record", "level"]),
                    bad(DecisionProblem::RecordMismatch {
                        level: level.to_owned(),
                        code: code.map(str::to_owned),
                    }),
                );
            }
            if declared(&r.level) {
                check_procedure(m, r, ctx, &path(&at, &["record"]));
            }
        }
        let here =
            declared(&e.level) || (e.kind == EffectKind::Transferred && declared(e.level_after()));
        if !here && !e.level.trim().is_empty() {
            ctx.push(
                Severity::Warning,
                key("level"),
                bad(DecisionProblem::LevelNotInCatalogue {
                    level: e.level.clone(),
                }),
            );
        }
        let mut keys = vec![(e.level.as_str(), e.code.as_str())];
        let after = (e.level_after(), e.code_after());
        if after != keys[0] {
            keys.push(after);
        }
        for k in keys {
            if k.1.is_empty() {
                continue;
            }
            match touched.get(&k) {
                Some(&other) if other != i => ctx.error(
                    key("code"),
                    bad(DecisionProblem::DuplicateRow { other: other + 1 }),
                ),
                _ => {
                    touched.insert(k, i);
                }
            }
        }
        if let Some(applied) = &e.applied
            && applied.by.trim().is_empty()
        {
            ctx.missing(path(&at, &["applied", "by"]), "effects.applied.by");
        }
    }
    check_text(
        &serde_json::to_value(d).unwrap_or_default(),
        &mut Vec::new(),
        ctx,
    );
}

/// The register's entry for `number`.
fn register_entry<'a>(
    legal: &'a [store::Stored<LegalEntry>],
    number: &str,
) -> Option<&'a LegalEntry> {
    legal
        .iter()
        .map(|s| &s.record)
        .find(|e| crate::model::same_number(&e.number, number))
}

/// The register of legal texts: each file named after its text's number, a number and a title,
/// no text twice, dates in order.
fn check_register(legal: &[store::Stored<LegalEntry>], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Path> = HashMap::new();
    for stored in legal {
        let e = &stored.record;
        let mut ctx = Ctx {
            file: &stored.path,
            out: &mut *out,
            legal,
        };
        let record = |p| Problem::Record(p);
        if e.number.trim().is_empty() {
            ctx.missing(path(&[], &["number"]), "number");
        } else {
            let expected = store::legal_path(&e.number);
            if expected != stored.path {
                ctx.error(
                    path(&[], &["number"]),
                    record(RecordProblem::LegalFileName {
                        number: e.number.to_string(),
                        expected,
                    }),
                );
            }
            let key = e.number.trim().to_lowercase();
            match seen.get(&key) {
                Some(other) => ctx.error(
                    path(&[], &["number"]),
                    record(RecordProblem::LegalTwice {
                        number: e.number.to_string(),
                        other: other.to_path_buf(),
                    }),
                ),
                None => {
                    seen.insert(key, &stored.path);
                }
            }
        }
        if e.title.trim().is_empty() {
            ctx.missing(path(&[], &["title"]), "title");
        }
        if let (Some(from), Some(until)) = (e.effective, e.expires)
            && until < from
        {
            ctx.error(
                path(&[], &["expires"]),
                record(RecordProblem::LegalDatesOrder),
            );
        }
        if let (Some(signed), Some(from)) = (e.signed, e.effective)
            && from < signed
        {
            ctx.error(
                path(&[], &["effective"]),
                record(RecordProblem::LegalDatesOrder),
            );
        }
        for (j, n) in e.amended_by.iter().enumerate() {
            if crate::model::same_number(n, &e.number) {
                ctx.error(
                    with_index(path(&[], &["amended_by"]), j),
                    record(RecordProblem::LegalAmendsItself),
                );
            }
        }
        check_text(
            &serde_json::to_value(e).unwrap_or_default(),
            &mut Vec::new(),
            &mut ctx,
        );
    }
}

/// Characters that must never reach a terminal or a page raw: C0/C1 controls other than line
/// breaks, and the bidirectional overrides that can disguise text.
pub fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Walk every string of a record: control characters are errors, non-NFC text a warning.
fn check_text(value: &serde_json::Value, at: &mut Vec<PathSeg>, ctx: &mut Ctx) {
    match value {
        serde_json::Value::String(s) => {
            if let Some(c) = s.chars().find(|&c| is_forbidden_char(c)) {
                ctx.error(
                    at.clone(),
                    Problem::ControlCharacter {
                        codepoint: c as u32,
                    },
                );
            }
            if !unicode_normalization::is_nfc(s) {
                ctx.push(Severity::Warning, at.clone(), Problem::NotNfc);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(PathSeg::Index(i));
                check_text(item, at, ctx);
                at.pop();
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                at.push(PathSeg::Key(k.clone()));
                check_text(v, at, ctx);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Relative paths of the files with at least one error.
pub fn files_with_errors(diags: &[Diagnostic]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.file.clone())
        .collect();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(is_valid_code("1.001193"));
        assert!(is_valid_code("1.001193.000.00.00.H12"));
        assert!(!is_valid_code("1.00119"));
        assert!(!is_valid_code("1.001193."));
        assert!(!is_valid_code("../etc/passwd"));
        assert!(!is_valid_code("1.001193/x"));
        assert!(
            is_unsafe_file_name("../x")
                && is_unsafe_file_name("a/b")
                && !is_unsafe_file_name("1.2")
        );
    }

    #[test]
    fn ids() {
        assert!(
            is_safe_id("xa") && is_safe_id("ho-tich") && !is_safe_id("../x") && !is_safe_id("Xa")
        );
        assert!(is_valid_proposal_id("2022-007") && !is_valid_proposal_id("22-7"));
    }
}
