//! The "what changed" page: the changes since the previous posting, grouped under the
//! province's decision that caused each (with the legal text of its row, as the decision's
//! appendix has it) and a last group for the office's own edits; within each group the
//! appendix's sections, with the word-level redline of each amended procedure.

use super::{LazyRow, LazySeq, Pages, PublicationView, Shared, VI};
use crate::diff::{ChangeKind, Segment};
use crate::export::ChangesPage;
use crate::export::changes::{ChangedProcedure, DecisionGroup, by_decision, path_label};
use crate::model::{Decision, Effect, Manifest, PublicationKind, Text};
use crate::present;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Serialize;

#[derive(Debug, Serialize)]
struct SegmentView {
    op: &'static str,
    text: String,
}

#[derive(Debug, Serialize)]
struct FieldChangeView {
    label: String,
    kind: &'static str,
    from: Option<String>,
    segments: Vec<SegmentView>,
}

/// One row of a section, as the page prints it.
#[derive(Serialize)]
struct ChangeRowView<'a> {
    stt: usize,
    code: &'a str,
    name: &'a str,
    href: Option<String>,
    level_name: &'a str,
    field_name: &'a str,
    agencies: &'a str,
    kind: &'static str,
    replaces: &'a [String],
    changes: &'a [FieldChangeView],
    /// A transfer: "Mã (Cấp …)" it was carried out at before.
    moved_from: Option<&'a str>,
    /// The legal text the decision's row names (Tên VBQPPL quy định nội dung sửa đổi, bổ sung,
    /// thay thế, bãi bỏ): number, title and date.
    legal_text: Option<&'a str>,
    /// The day the row takes effect (dd/mm/yyyy).
    effective: Option<&'a str>,
}

/// One row of a section until the page prints it: at 100,000 procedures (a first listing, every
/// one new) the rows are held together while the page is rendered, so their texts are shared
/// with the change list, the columns most rows repeat are one text each, the link is made as the
/// row is printed, and what few rows have is kept apart.
#[derive(Debug)]
struct ChangeRow {
    stt: usize,
    code: Text,
    name: Text,
    /// The level of the procedure's page, when it has one.
    page_level: Option<Text>,
    level_name: Text,
    field_name: Text,
    agencies: Text,
    kind: &'static str,
    details: Option<Box<RowDetails>>,
}

/// What only some rows have: a replacement's codes, an amendment's redline, a transfer's
/// origin, the decision's legal text and day.
#[derive(Debug, Default)]
struct RowDetails {
    replaces: Vec<String>,
    changes: Vec<FieldChangeView>,
    moved_from: Option<String>,
    legal_text: Option<String>,
    effective: Option<String>,
}

impl LazyRow for ChangeRow {
    fn value(&self) -> Value {
        let none = RowDetails::default();
        let d = self.details.as_deref().unwrap_or(&none);
        Value::from(Serde(ChangeRowView {
            stt: self.stt,
            code: &self.code,
            name: &self.name,
            href: self
                .page_level
                .as_ref()
                .and_then(|level| crate::export::page_path(level, &self.code)),
            level_name: &self.level_name,
            field_name: &self.field_name,
            agencies: &self.agencies,
            kind: self.kind,
            replaces: &d.replaces,
            changes: &d.changes,
            moved_from: d.moved_from.as_deref(),
            legal_text: d.legal_text.as_deref(),
            effective: d.effective.as_deref(),
        }))
    }
}

/// The decision a group is about, as its heading says it.
#[derive(Debug, Serialize)]
struct DecisionView {
    id: String,
    number: String,
    date: Option<String>,
    issuer: Option<String>,
    signer: Option<String>,
    title: Option<String>,
    effective: Option<String>,
}

impl DecisionView {
    fn of(d: &Decision) -> DecisionView {
        DecisionView {
            id: d.id.clone(),
            number: d.number.clone(),
            date: d.date.map(present::date_vi),
            issuer: d.issuer.clone(),
            signer: d.signer.clone(),
            title: d.title.clone(),
            effective: d.effective.map(present::date_vi),
        }
    }
}

fn kind_label(k: PublicationKind) -> &'static str {
    match k {
        PublicationKind::New => "Công bố mới",
        PublicationKind::Amended => "Sửa đổi, bổ sung",
        PublicationKind::Replaced => "Thay thế",
        PublicationKind::Abolished => "Bãi bỏ",
        PublicationKind::Transferred => "Chuyển cấp",
    }
}

/// "04/2022/TT-BTP — Thông tư … (ngày 20/05/2022)".
fn legal_text(e: &Effect) -> Option<String> {
    let t = e.legal_text.as_ref()?;
    let mut s = t.number.trim().to_owned();
    if let Some(title) = t.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        s.push_str(" — ");
        s.push_str(title);
    }
    if let Some(d) = t.date {
        s.push_str(&format!(" (ngày {})", present::date_vi(d)));
    }
    Some(s)
}

/// A level's name; a transfer may lead to a level this catalogue does not hold (a procedure moved
/// up to the province), named by the standard ids.
fn level_name(m: &Manifest, id: &str) -> String {
    match (m.level(id), id) {
        (Some(l), _) => l.name.clone(),
        (None, "tinh") => "Cấp tỉnh".to_owned(),
        (None, "huyen") => "Cấp huyện".to_owned(),
        (None, "xa") => "Cấp xã".to_owned(),
        (None, _) => id.to_owned(),
    }
}

fn change_row(
    stt: usize,
    c: &ChangedProcedure,
    cause: Option<(&Decision, &Effect)>,
    m: &Manifest,
    pages: &Pages,
    shared: &mut Shared,
) -> ChangeRow {
    let details = RowDetails {
        replaces: c.replaces.clone(),
        moved_from: c
            .moved_from
            .as_ref()
            .map(|r| format!("{} ({})", r.code, level_name(m, &r.level))),
        legal_text: cause.and_then(|(_, e)| legal_text(e)),
        effective: cause
            .and_then(|(d, e)| e.effective_on(d))
            .map(present::date_vi),
        changes: c
            .changes
            .iter()
            .map(|f| FieldChangeView {
                label: path_label(&f.field, VI),
                kind: match f.kind {
                    ChangeKind::Changed => "sửa",
                    ChangeKind::Added => "thêm",
                    ChangeKind::Removed => "bỏ",
                    ChangeKind::Moved => "đổi vị trí",
                },
                from: f.from.as_deref().map(|p| path_label(p, VI)),
                segments: f
                    .redline_for(VI)
                    .iter()
                    .map(|s| match s {
                        Segment::Equal(t) => SegmentView {
                            op: "equal",
                            text: t.clone(),
                        },
                        Segment::Delete(t) => SegmentView {
                            op: "delete",
                            text: t.clone(),
                        },
                        Segment::Insert(t) => SegmentView {
                            op: "insert",
                            text: t.clone(),
                        },
                    })
                    .collect(),
            })
            .collect(),
    };
    let plain = details.replaces.is_empty()
        && details.changes.is_empty()
        && details.moved_from.is_none()
        && details.legal_text.is_none()
        && details.effective.is_none();
    ChangeRow {
        stt,
        code: c.code.clone(),
        name: c.name.clone(),
        page_level: pages
            .contains(&(c.level.as_str(), c.code.as_str()))
            .then(|| shared.text(c.level.clone())),
        level_name: shared.text(level_name(m, &c.level)),
        field_name: shared.text(m.field_name(&c.field).to_owned()),
        agencies: shared.text(
            c.agencies
                .iter()
                .map(|a| m.agency_name(a))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        kind: kind_label(c.kind),
        details: (!plain).then(|| Box::new(details)),
    }
}

/// One group of the page as template values: its decision (none for the local edits), an
/// anchor, and its rows in the appendix's sections, numbered within each, left lazy.
fn group_value(g: &DecisionGroup<'_>, m: &Manifest, pages: &Pages) -> Value {
    let section_of = |c: &ChangedProcedure| match c.kind {
        PublicationKind::New => 0,
        PublicationKind::Amended | PublicationKind::Replaced => 1,
        PublicationKind::Abolished => 2,
        PublicationKind::Transferred => 3,
    };
    let mut sizes = [0usize; 4];
    for (c, _) in &g.changes {
        sizes[section_of(c)] += 1;
    }
    let mut sections: [Vec<ChangeRow>; 4] = sizes.map(Vec::with_capacity);
    let mut shared = Shared::default();
    for (c, e) in &g.changes {
        let section = section_of(c);
        let stt = sections[section].len() + 1;
        let cause = g.decision.zip(*e);
        sections[section].push(change_row(stt, c, cause, m, pages, &mut shared));
    }
    let [new, amended, abolished, transferred] = sections;
    let anchor = match g.decision {
        Some(d) => format!("qd-{}", d.id),
        None => "tai-cho".to_owned(),
    };
    context! {
        anchor => anchor,
        decision => g.decision.map(|d| Value::from(Serde(DecisionView::of(d)))),
        total => g.changes.len(),
        counts => context! {
            new => new.len(),
            amended => amended.len(),
            abolished => abolished.len(),
            transferred => transferred.len(),
        },
        new => Value::from_object(LazySeq(new)),
        amended => Value::from_object(LazySeq(amended)),
        abolished => Value::from_object(LazySeq(abolished)),
        transferred => Value::from_object(LazySeq(transferred)),
    }
}

/// The page's values: the postings compared, the counts of each section, and the groups.
pub(super) fn changes_value(page: &ChangesPage, m: &Manifest, pages: &Pages) -> Value {
    let c = &page.changes;
    let groups = by_decision(c, &page.decisions);
    let decided = groups.iter().filter(|g| g.decision.is_some()).count();
    let groups: Vec<Value> = groups.iter().map(|g| group_value(g, m, pages)).collect();
    context! {
        current => page.current.as_ref().map(|p| Value::from(Serde(PublicationView::of(p)))),
        baseline => page.baseline.as_ref().map(|p| Value::from(Serde(PublicationView::of(p)))),
        total => c.new.len() + c.amended.len() + c.abolished.len() + c.transferred.len(),
        counts => context! {
            new => c.new.len(),
            amended => c.amended.len(),
            abolished => c.abolished.len(),
            transferred => c.transferred.len(),
        },
        decided => decided,
        groups => groups,
    }
}
