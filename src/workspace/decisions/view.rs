//! Decisions as people look at them: one line each for listings, and the effects table of one
//! with, for each row, whether it has been applied here and what applying it would change.

use super::plan::{self, Applier, RowPlan, RowState};
use super::{DecisionError, find};
use crate::i18n::Lang;
use crate::model::{Date, Decision};
use crate::store::Catalog;
use serde::Serialize;
use std::path::PathBuf;

/// One decision in a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionSummary {
    pub id: String,
    pub number: String,
    pub date: Option<Date>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub signer: Option<String>,
    pub effective: Option<Date>,
    pub rows: usize,
    /// Rows applied to this catalogue.
    pub applied: usize,
    /// Rows for levels this catalogue does not hold.
    pub elsewhere: usize,
    pub path: PathBuf,
}

impl DecisionSummary {
    fn of(cat: &Catalog, path: &std::path::Path, d: &Decision) -> DecisionSummary {
        let here = |l: &str| cat.manifest.level(l).is_some();
        DecisionSummary {
            id: d.id.clone(),
            number: d.number.clone(),
            date: d.date,
            title: d.title.clone(),
            issuer: d.issuer.clone(),
            signer: d.signer.clone(),
            effective: d.effective,
            rows: d.effects.len(),
            applied: d.effects.iter().filter(|e| e.applied.is_some()).count(),
            elsewhere: d
                .effects
                .iter()
                .filter(|e| e.applied.is_none() && !here(&e.level) && !here(e.level_after()))
                .count(),
            path: path.to_owned(),
        }
    }
}

/// Every decision of the catalogue, newest first (by date, then id).
pub fn summaries(cat: &Catalog) -> Vec<DecisionSummary> {
    let mut out: Vec<DecisionSummary> = cat
        .decisions
        .iter()
        .map(|s| DecisionSummary::of(cat, &s.path, &s.record))
        .collect();
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id)));
    out
}

/// A decision in full, each row with its state against this catalogue and its redline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionDetail {
    pub summary: DecisionSummary,
    pub decision: Decision,
    pub rows: Vec<RowPlan>,
}

impl DecisionDetail {
    pub fn count(&self, pick: impl Fn(&RowState) -> bool) -> usize {
        self.rows.iter().filter(|r| pick(&r.state)).count()
    }
}

/// The detail of decision `id`, as applying it today by `actor` would go (the proposals it
/// answers are checked against the rules for that person).
pub fn detail(
    cat: &Catalog,
    id: &str,
    actor: &str,
    today: Date,
    lang: Lang,
) -> Result<DecisionDetail, DecisionError> {
    let stored = find(cat, id)?;
    let who = Applier {
        actor: actor.to_owned(),
        date: today,
        today,
        force: None,
        lang,
    };
    let root = cat.root.clone();
    let rows = plan::plan(
        cat,
        &stored.record,
        &mut |rel| match std::fs::read(root.join(rel)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(crate::workspace::WorkspaceError::Io {
                path: root.join(rel),
                source,
            }),
        },
        &who,
    )?;
    Ok(DecisionDetail {
        summary: DecisionSummary::of(cat, &stored.path, &stored.record),
        decision: stored.record.clone(),
        rows,
    })
}
