//! The "what changed" page: the changes since the previous publication, in the appendix's
//! sections, with the word-level redline of each amended procedure.

use super::{PublicationView, VI};
use crate::diff::{ChangeKind, Segment};
use crate::export::ChangesPage;
use crate::export::changes::{ChangedProcedure, path_label};
use crate::model::{Manifest, PublicationKind};
use serde::Serialize;
use std::collections::BTreeSet;

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
pub(super) struct ChangeRow {
    stt: usize,
    code: String,
    name: String,
    href: Option<String>,
    level_name: String,
    field_name: String,
    agencies: String,
    kind: &'static str,
    replaces: Vec<String>,
    changes: Vec<FieldChangeView>,
    /// A transfer: "Mã (Cấp …)" it was carried out at before.
    moved_from: Option<String>,
}

pub(super) struct ChangesView {
    pub(super) current: Option<PublicationView>,
    pub(super) baseline: Option<PublicationView>,
    pub(super) new: Vec<ChangeRow>,
    pub(super) amended: Vec<ChangeRow>,
    pub(super) abolished: Vec<ChangeRow>,
    pub(super) transferred: Vec<ChangeRow>,
    pub(super) total: usize,
}

fn change_rows(
    list: &[ChangedProcedure],
    m: &Manifest,
    pages: &BTreeSet<(String, String)>,
) -> Vec<ChangeRow> {
    list.iter()
        .enumerate()
        .map(|(i, c)| ChangeRow {
            stt: i + 1,
            code: c.code.clone(),
            name: c.name.clone(),
            href: pages
                .contains(&(c.level.clone(), c.code.clone()))
                .then(|| crate::export::page_path(&c.level, &c.code))
                .flatten(),
            level_name: m.level_name(&c.level).to_owned(),
            field_name: m.field_name(&c.field).to_owned(),
            agencies: c
                .agencies
                .iter()
                .map(|a| m.agency_name(a))
                .collect::<Vec<_>>()
                .join("; "),
            kind: match c.kind {
                PublicationKind::New => "Công bố mới",
                PublicationKind::Amended => "Sửa đổi, bổ sung",
                PublicationKind::Replaced => "Thay thế",
                PublicationKind::Abolished => "Bãi bỏ",
                PublicationKind::Transferred => "Chuyển cấp",
            },
            replaces: c.replaces.clone(),
            moved_from: c
                .moved_from
                .as_ref()
                .map(|r| format!("{} ({})", r.code, m.level_name(&r.level))),
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
        })
        .collect()
}

pub(super) fn changes_view(
    page: &ChangesPage,
    m: &Manifest,
    pages: &BTreeSet<(String, String)>,
) -> ChangesView {
    let c = &page.changes;
    ChangesView {
        current: page.current.as_ref().map(PublicationView::of),
        baseline: page.baseline.as_ref().map(PublicationView::of),
        new: change_rows(&c.new, m, pages),
        amended: change_rows(&c.amended, m, pages),
        abolished: change_rows(&c.abolished, m, pages),
        transferred: change_rows(&c.transferred, m, pages),
        total: c.new.len() + c.amended.len() + c.abolished.len() + c.transferred.len(),
    }
}
