//! The "what changed" page: the changes since the previous posting, grouped under the
//! province's decision that caused each (with the legal text of its row, as the decision's
//! appendix has it) and a last group for the office's own edits; within each group the
//! appendix's sections, with the word-level redline of each amended procedure.

use super::{LazySeq, Pages, PublicationView, Shared, VI};
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

#[derive(Debug, Serialize)]
struct ChangeRow {
    stt: usize,
    code: String,
    name: String,
    href: Option<String>,
    level_name: Text,
    field_name: Text,
    agencies: Text,
    kind: &'static str,
    replaces: Vec<String>,
    changes: Vec<FieldChangeView>,
    /// A transfer: "Mã (Cấp …)" it was carried out at before.
    moved_from: Option<String>,
    /// The legal text the decision's row names (Tên VBQPPL quy định nội dung sửa đổi, bổ sung,
    /// thay thế, bãi bỏ): number, title and date.
    legal_text: Option<String>,
    /// The day the row takes effect (dd/mm/yyyy).
    effective: Option<String>,
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
    ChangeRow {
        stt,
        code: c.code.clone(),
        name: c.name.clone(),
        href: pages
            .contains(&(c.level.as_str(), c.code.as_str()))
            .then(|| crate::export::page_path(&c.level, &c.code))
            .flatten(),
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
