//! What a publication changes, in the three sections of the decision's appendix (Phần I):
//! procedures published new, amended or replaced, and abolished.

use crate::diff::{self, FieldChange};
use crate::i18n::{self, Lang};
use crate::model::{
    ChangeEntry, Date, Decision, Effect, Procedure, ProcedureStatus, PublicationChanges,
    PublicationKind, Text,
};
use crate::store::Catalog;
use std::collections::{BTreeMap, BTreeSet};

/// Fields whose change alone does not amend a procedure: internal review data.
const INTERNAL_FIELDS: &[&str] = &["reviewed_on", "notes"];

/// One procedure in the change list. Its texts are shared with the record it was made from (at
/// 100,000 procedures a first listing holds every one of them).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChangedProcedure {
    pub level: String,
    pub code: Text,
    pub name: Text,
    pub field: Text,
    /// Implementing agency ids.
    pub agencies: Vec<Text>,
    /// New, Amended, Replaced (in the amended section) or Abolished.
    pub kind: PublicationKind,
    /// For a replacement: the codes it replaces; for a transfer: the procedure it was before
    /// (code, and level when it differs).
    pub replaces: Vec<String>,
    /// For an amended procedure: what changed, field by field, with the word-level redline.
    pub changes: Vec<FieldChange>,
    /// For a transfer (chuyển cấp): the level and code it was carried out at before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<crate::model::ProcedureRef>,
}

impl ChangedProcedure {
    fn of(p: &Procedure, kind: PublicationKind) -> ChangedProcedure {
        ChangedProcedure {
            level: p.level.to_string(),
            code: p.code.clone(),
            name: p.name.clone(),
            field: p.field.clone(),
            agencies: p.agencies.implementing.clone(),
            kind,
            replaces: Vec::new(),
            changes: Vec::new(),
            moved_from: None,
        }
    }

    fn entry(&self) -> ChangeEntry {
        ChangeEntry {
            level: self.level.clone(),
            code: self.code.to_string(),
            name: self.name.to_string(),
        }
    }
}

/// The change list of a publication against the previous one.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ChangeSet {
    /// 1. Thủ tục hành chính công bố mới.
    pub new: Vec<ChangedProcedure>,
    /// 2. Thủ tục hành chính được sửa đổi, bổ sung hoặc thay thế.
    pub amended: Vec<ChangedProcedure>,
    /// 3. Thủ tục hành chính bị bãi bỏ.
    pub abolished: Vec<ChangedProcedure>,
    /// 4\. Thủ tục hành chính chuyển cấp thực hiện: listed at the level it moved to, with
    /// `moved_from`; neither new nor abolished.
    pub transferred: Vec<ChangedProcedure>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.new.is_empty()
            && self.amended.is_empty()
            && self.abolished.is_empty()
            && self.transferred.is_empty()
    }

    /// The change list as stored in a publication record.
    pub fn record_changes(&self) -> PublicationChanges {
        PublicationChanges {
            new: self.new.iter().map(ChangedProcedure::entry).collect(),
            amended: self.amended.iter().map(ChangedProcedure::entry).collect(),
            abolished: self.abolished.iter().map(ChangedProcedure::entry).collect(),
            transferred: self
                .transferred
                .iter()
                .map(ChangedProcedure::entry)
                .collect(),
        }
    }
}

/// The changes of a page that one of the province's decisions caused, or that none did.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionGroup<'a> {
    /// None: the changes no decision explains (the office's own edits).
    pub decision: Option<&'a Decision>,
    /// The group's changes in the page's section order (new, amended, abolished, transferred),
    /// each with the decision's row that caused it.
    pub changes: Vec<(&'a ChangedProcedure, Option<&'a Effect>)>,
}

/// Whether applying row `e` made change `c`: the row names the procedure before or after it
/// (a transfer's destination, a replacement's new code), or the procedure `c` moved from.
fn caused_by(e: &Effect, c: &ChangedProcedure) -> bool {
    let is = |level: &str, code: &str| level == c.level && code == c.code;
    e.applied.is_some()
        && (is(&e.level, &e.code)
            || is(e.level_after(), e.code_after())
            || c.moved_from
                .as_ref()
                .is_some_and(|r| r.level == e.level && r.code == e.code))
}

/// The changes of `set` grouped by the decision that caused each one: a change is put under the
/// latest of `decisions` (by date, then id) with an applied row about its procedure; the others
/// form the last group, without a decision. Groups are in date order and never empty.
pub fn by_decision<'a>(set: &'a ChangeSet, decisions: &'a [Decision]) -> Vec<DecisionGroup<'a>> {
    let mut order: Vec<&Decision> = decisions.iter().collect();
    order.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let mut groups: Vec<DecisionGroup<'a>> = order
        .iter()
        .map(|d| DecisionGroup {
            decision: Some(*d),
            changes: Vec::new(),
        })
        .collect();
    let mut local = DecisionGroup {
        decision: None,
        changes: Vec::new(),
    };
    for c in set
        .new
        .iter()
        .chain(&set.amended)
        .chain(&set.abolished)
        .chain(&set.transferred)
    {
        let found = order
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, d)| d.effects.iter().find(|e| caused_by(e, c)).map(|e| (i, e)));
        match found {
            Some((i, e)) => groups[i].changes.push((c, Some(e))),
            None => local.changes.push((c, None)),
        }
    }
    groups.push(local);
    groups.retain(|g| !g.changes.is_empty());
    groups
}

/// The changes of a procedure that amend it: every field change except internal review data.
pub fn significant_changes(old: &Procedure, new: &Procedure) -> Vec<FieldChange> {
    diff::field_changes(old, new)
        .into_iter()
        .filter(|c| {
            let top = c.field.split(['.', '[']).next().unwrap_or("");
            !INTERNAL_FIELDS.contains(&top)
        })
        .collect()
}

fn in_force(p: &Procedure) -> bool {
    p.status != ProcedureStatus::Abolished
}

/// A catalogue as a listing shows it: with an effective date, only the procedures in force then.
pub type Listed<'a> = (&'a Catalog, Option<Date>);

/// Compare the listing of the previous publication (`None`: there was none, so everything in
/// force is new) with the one being published. Procedures are matched by level and code; one
/// not in force on a listing's effective date counts as absent from it. A new procedure that
/// `replaces` others goes to the amended/replaced section, and the procedures it replaces are
/// not listed again as abolished.
pub fn compute<'a>(old: Option<Listed<'a>>, new: Listed<'a>) -> ChangeSet {
    let before = old
        .map(|(c, effective)| index(c.procedures.iter().map(|s| &s.record), effective))
        .unwrap_or_default();
    compute_from(before, new)
}

/// Procedures by level and code, as a listing on `effective` shows them.
pub type Index<'a> = BTreeMap<(&'a str, &'a str), &'a Procedure>;

/// The procedures of a listing by level and code (with `effective`, those in force that day).
pub fn index<'a>(
    procedures: impl IntoIterator<Item = &'a Procedure>,
    effective: Option<Date>,
) -> Index<'a> {
    procedures
        .into_iter()
        // A draft is not published: it is in no listing.
        .filter(|p| !p.status.is_draft())
        .filter(|p| !p.incomplete)
        .filter(|p| effective.is_none_or(|d| p.in_effect_on(d)))
        .map(|p| ((p.level.as_str(), p.code.as_str()), p))
        .collect()
}

/// [`compute`] with the previous listing already indexed: its records may come from anywhere
/// (those unchanged since are shared with the new catalogue instead of loaded twice).
pub fn compute_from<'a>(before: Index<'a>, new: Listed<'a>) -> ChangeSet {
    let after = index(new.0.procedures.iter().map(|s| &s.record), new.1);
    let mut set = ChangeSet::default();
    let mut replaced: BTreeSet<(&str, &str)> = BTreeSet::new();
    // Sources of transfers already listed at their destination.
    let mut moved: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (key, p) in &after {
        if !in_force(p) {
            continue;
        }
        match before.get(key).filter(|q| in_force(q)) {
            // Created by a transfer from a procedure in force before: chuyển cấp, not new.
            None if p.transferred_from.as_ref().is_some_and(|r| {
                before
                    .get(&(r.level.as_str(), r.code.as_str()))
                    .is_some_and(|q| in_force(q))
            }) =>
            {
                let r = p.transferred_from.as_ref().expect("checked above");
                moved.insert((r.level.as_str(), r.code.as_str()));
                let mut c = ChangedProcedure::of(p, PublicationKind::Transferred);
                c.moved_from = Some(r.clone());
                set.transferred.push(c);
            }
            None => {
                let replaces: Vec<(&str, &str)> = p
                    .replaces
                    .iter()
                    .map(|r| (r.level_or(&p.level), r.code.as_str()))
                    .filter(|key| before.get(key).is_some_and(|q| in_force(q)))
                    .collect();
                if replaces.is_empty() {
                    set.new.push(ChangedProcedure::of(p, PublicationKind::New));
                } else {
                    replaced.extend(replaces.iter().copied());
                    let mut c = ChangedProcedure::of(p, PublicationKind::Replaced);
                    c.replaces = replaces
                        .iter()
                        .map(|&(level, code)| {
                            crate::present::relation(
                                &crate::model::ProcedureRef::new(level, code),
                                &p.level,
                                &new.0.manifest,
                            )
                        })
                        .collect();
                    set.amended.push(c);
                }
            }
            Some(q) => {
                // Equal records cannot differ in any field: skip the field walk.
                if q != p {
                    let changes = significant_changes(q, p);
                    if !changes.is_empty() {
                        let mut c = ChangedProcedure::of(p, PublicationKind::Amended);
                        c.changes = changes;
                        set.amended.push(c);
                    }
                }
            }
        }
    }
    for (key, q) in &before {
        if !in_force(q) || replaced.contains(key) || moved.contains(key) {
            continue;
        }
        // Closed by a transfer to a procedure in force after (one already carried out there):
        // chuyển cấp, not abolished. The record may be outside an effective date's listing.
        let closed = after
            .get(key)
            .copied()
            .or_else(|| new.0.procedure(key.0, key.1).map(|s| &s.record));
        if let Some(to) = closed
            .filter(|p| !in_force(p))
            .and_then(|p| p.transferred_to.as_ref())
            && let Some(dest) = after
                .get(&(to.level.as_str(), to.code.as_str()))
                .filter(|d| in_force(d))
        {
            let mut c = ChangedProcedure::of(dest, PublicationKind::Transferred);
            c.moved_from = Some(crate::model::ProcedureRef {
                level: q.level.clone(),
                code: q.code.clone(),
            });
            set.transferred.push(c);
            continue;
        }
        // Closed by a transfer to a level (or a procedure) this catalogue does not hold, e.g.
        // moved up to the province: still chuyển cấp, listed at the level it moved to, since
        // citizens can still do it there — not abolished.
        if let Some((p, to)) = closed
            .filter(|p| !in_force(p))
            .and_then(|p| p.transferred_to.as_ref().map(|to| (p, to)))
        {
            let mut c = ChangedProcedure::of(p, PublicationKind::Transferred);
            c.level = to.level_or(&p.level).to_owned();
            c.code = to.code.clone();
            c.moved_from = Some(crate::model::ProcedureRef {
                level: q.level.clone(),
                code: q.code.clone(),
            });
            set.transferred.push(c);
            continue;
        }
        match after.get(key) {
            Some(p) if in_force(p) => {}
            // Abolished in the new catalogue (its record says so), or removed from it.
            Some(p) => set
                .abolished
                .push(ChangedProcedure::of(p, PublicationKind::Abolished)),
            None => set
                .abolished
                .push(ChangedProcedure::of(q, PublicationKind::Abolished)),
        }
    }
    let m = &new.0.manifest;
    for list in [
        &mut set.new,
        &mut set.amended,
        &mut set.abolished,
        &mut set.transferred,
    ] {
        super::sort_listed(m, list);
    }
    set
}

impl super::Listed for ChangedProcedure {
    fn level(&self) -> &str {
        &self.level
    }
    fn field(&self) -> &str {
        &self.field
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn code(&self) -> &str {
        &self.code
    }
}

/// A changed field's path in words: `fees[0].amount` → "Phí, lệ phí — mục 1 — số tiền".
pub fn path_label(path: &str, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut parent = "";
    for (i, piece) in path.split('.').enumerate() {
        let (key, indexes) = match piece.find('[') {
            Some(at) => (&piece[..at], &piece[at..]),
            None => (piece, ""),
        };
        let word = if i == 0 {
            let label = i18n::field_label(key, lang);
            let mut chars = label.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        } else {
            i18n::subfield_label(parent, key, lang).to_owned()
        };
        parent = key;
        if !word.is_empty() {
            parts.push(word);
        }
        for index in indexes
            .split(['[', ']'])
            .filter_map(|s| s.parse::<usize>().ok())
        {
            parts.push(format!("{} {}", lang.pick("mục", "item"), index + 1));
        }
    }
    parts.join(" — ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Stored;

    fn cat(procs: Vec<Procedure>) -> Catalog {
        Catalog {
            procedures: procs
                .into_iter()
                .map(|p| Stored {
                    path: Default::default(),
                    record: p,
                })
                .collect(),
            ..Catalog::default()
        }
    }

    fn proc(code: &str, name: &str) -> Procedure {
        Procedure {
            code: code.into(),
            name: name.into(),
            level: "xa".into(),
            ..Procedure::default()
        }
    }

    #[test]
    fn sorted_in_listing_order() {
        use crate::model::Manifest;
        let m = Manifest {
            levels: ["tinh", "xa"]
                .map(|id| crate::model::Level {
                    id: id.into(),
                    ..Default::default()
                })
                .to_vec(),
            fields: ["b", "a"]
                .map(|id| crate::model::Field {
                    id: id.into(),
                    ..Default::default()
                })
                .to_vec(),
            ..Manifest::default()
        };
        let names = ["Đăng ký", "Dang ky", "đăng ký", "Ân", "An", "Bảo", "an"];
        let mut list = Vec::new();
        for i in 0..200usize {
            let mut p = proc(&format!("1.{:06}", (i * 7919) % 37), names[i % names.len()]);
            p.level = ["xa", "tinh", "huyen", "x"][i % 4].into();
            p.field = ["a", "b", "c", "", "zz"][(i / 3) % 5].into();
            list.push(ChangedProcedure::of(&p, PublicationKind::New));
        }
        let mut expected = list.clone();
        expected.sort_by_cached_key(|c| {
            crate::export::listing_key_of(&m, &c.level, &c.field, &c.name, &c.code)
        });
        crate::export::sort_listed(&m, &mut list);
        assert_eq!(list, expected);
    }

    #[test]
    fn three_sections() {
        let a = proc("1.000001", "A");
        let b = proc("1.000002", "B");
        let c = proc("1.000003", "C");
        let d = proc("1.000004", "D");
        let old = cat(vec![a.clone(), b.clone(), c.clone(), d.clone()]);
        let mut b2 = b.clone();
        b2.steps = vec!["Bước 1".into()];
        let mut c2 = c.clone();
        c2.status = ProcedureStatus::Abolished;
        let mut a2 = a.clone();
        a2.reviewed_on = Some(jiff::civil::date(2022, 1, 1));
        let mut e = proc("1.000005", "E");
        e.replaces = vec![crate::model::ProcedureRef::new("xa", "1.000004")];
        let f = proc("1.000006", "F");
        let new = cat(vec![a2, b2, c2, e, f]);
        let set = compute(Some((&old, None)), (&new, None));
        let codes = |l: &[ChangedProcedure]| l.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
        assert_eq!(codes(&set.new), ["1.000006"]);
        assert_eq!(codes(&set.amended), ["1.000002", "1.000005"]);
        assert_eq!(set.amended[1].kind, PublicationKind::Replaced);
        assert_eq!(set.amended[1].replaces, ["1.000004"]);
        assert_eq!(codes(&set.abolished), ["1.000003"]);
        assert_eq!(set.amended[0].changes[0].field, "steps[0]");
    }

    #[test]
    fn without_a_previous_publication_everything_in_force_is_new() {
        let mut gone = proc("1.000002", "B");
        gone.status = ProcedureStatus::Abolished;
        let set = compute(None, (&cat(vec![proc("1.000001", "A"), gone]), None));
        assert_eq!(set.new.len(), 1);
        assert!(set.amended.is_empty() && set.abolished.is_empty());
    }

    #[test]
    fn a_transfer_to_a_level_not_held_here_is_a_transfer_not_an_abolition() {
        let mut source = proc("2.000294", "Cấp giấy phép");
        source.level = "huyen".into();
        let mut closed = source.clone();
        closed.status = ProcedureStatus::Abolished;
        closed.transferred_to = Some(crate::model::ProcedureRef::new("tinh", "2.000294"));
        let set = compute(Some((&cat(vec![source]), None)), (&cat(vec![closed]), None));
        assert!(set.abolished.is_empty(), "{set:?}");
        let [moved] = set.transferred.as_slice() else {
            panic!("{set:?}");
        };
        assert_eq!(
            (moved.level.as_str(), moved.code.as_str()),
            ("tinh", "2.000294")
        );
        assert_eq!(
            moved.moved_from,
            Some(crate::model::ProcedureRef::new("huyen", "2.000294"))
        );
    }

    #[test]
    fn changes_are_grouped_under_the_latest_decision_that_applied_a_row_about_them() {
        use crate::model::{Applied, EffectKind, TransferTo};
        let a = proc("1.000001", "A");
        let b = proc("1.000002", "B");
        let c = proc("1.000003", "C");
        let mut gone = c.clone();
        gone.status = ProcedureStatus::Abolished;
        let mut b2 = b.clone();
        b2.steps = vec!["Bước 1".into()];
        let mut moved = proc("2.000294", "D");
        moved.transferred_from = Some(crate::model::ProcedureRef::new("huyen", "2.000294"));
        let mut source = moved.clone();
        source.level = "huyen".into();
        source.transferred_from = None;
        let mut closed = source.clone();
        closed.status = ProcedureStatus::Abolished;
        closed.transferred_to = Some(crate::model::ProcedureRef::new("xa", "2.000294"));
        let old = cat(vec![a.clone(), b, c, source]);
        let new = cat(vec![a, b2, gone, proc("1.000009", "New"), moved, closed]);
        let set = compute(Some((&old, None)), (&new, None));
        let applied = Some(Applied {
            by: "x".into(),
            ..Applied::default()
        });
        let row = |kind, level: &str, code: &str| Effect {
            kind,
            level: level.into(),
            code: code.into(),
            applied: applied.clone(),
            ..Effect::default()
        };
        let decision = |id: &str, date, effects| Decision {
            id: id.into(),
            date: Some(date),
            effects,
            ..Decision::default()
        };
        let mut transfer = row(EffectKind::Transferred, "huyen", "2.000294");
        transfer.to = Some(TransferTo {
            level: "xa".into(),
            code: None,
        });
        let mut not_applied = row(EffectKind::New, "xa", "1.000009");
        not_applied.applied = None;
        // Listed newest first: the grouping orders them by date.
        let decisions = [
            decision(
                "2022-002",
                jiff::civil::date(2022, 8, 1),
                vec![row(EffectKind::Amended, "xa", "1.000002"), not_applied],
            ),
            decision(
                "2022-001",
                jiff::civil::date(2022, 6, 1),
                vec![
                    row(EffectKind::Amended, "xa", "1.000002"),
                    row(EffectKind::Abolished, "xa", "1.000003"),
                    transfer,
                ],
            ),
        ];
        let groups = by_decision(&set, &decisions);
        let view: Vec<(Option<&str>, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                (
                    g.decision.map(|d| d.id.as_str()),
                    g.changes.iter().map(|(c, _)| c.code.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            view,
            [
                (Some("2022-001"), vec!["1.000003", "2.000294"]),
                (Some("2022-002"), vec!["1.000002"]),
                (None, vec!["1.000009"]),
            ]
        );
        assert_eq!(
            groups[0].changes[1].1.map(|e| e.kind),
            Some(EffectKind::Transferred)
        );
        assert!(by_decision(&ChangeSet::default(), &decisions).is_empty());
    }

    #[test]
    fn paths_in_words() {
        assert_eq!(
            path_label("fees[0].amount", Lang::Vi),
            "Phí, lệ phí — mục 1 — mức thu"
        );
        assert_eq!(
            path_label("dossier[0].documents[1].name", Lang::Vi),
            "Thành phần hồ sơ — mục 1 — giấy tờ — mục 2 — tên giấy tờ"
        );
        assert_eq!(
            path_label("steps[2]", Lang::Vi),
            "Trình tự thực hiện — mục 3"
        );
        assert_eq!(path_label("name", Lang::En), "Name");
    }
}
