//! Applying a decision: every row that can apply, in one commit with the decision's record of
//! which rows were applied (when, by whom) and the proposals it answered, moved to `applied`.
//! Rows that cannot apply are left for later, with the reason; applying again applies only what
//! was left, and changes nothing when nothing is.

use super::plan::{self, Applier, RowPlan, RowState};
use super::{DecisionError, actor, effect_kind_label, find, put_decision};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::{Applied, Date, Decision};
use crate::store::{self, Catalog};
use crate::validate;
use crate::workspace::proposals::Recorder;
use crate::workspace::{Transaction, WorkspaceError};
use std::path::Path;

/// How to apply.
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// Show what would be done, change nothing.
    pub dry_run: bool,
    /// The day of applying (default: the recorder's today).
    pub date: Option<Date>,
    /// Override the four-eyes rule for the proposals the decision answers (the person applying
    /// drafted one of them), with this reason (recorded and flagged on the proposal).
    pub force: Option<String>,
}

/// What applying did (or, with `dry_run`, would do).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ApplyOutcome {
    pub id: String,
    pub number: String,
    /// Every row, as it stood before this run.
    pub rows: Vec<RowPlan>,
    /// The commit made; None when nothing was applied (or a dry run).
    pub commit: Option<String>,
    pub message: Option<String>,
    pub dry_run: bool,
}

impl ApplyOutcome {
    /// Rows applied by this run (or that would be).
    pub fn ready(&self) -> impl Iterator<Item = &RowPlan> {
        self.rows
            .iter()
            .filter(|r| matches!(r.state, RowState::Ready))
    }
    /// Rows that cannot apply now.
    pub fn blocked(&self) -> impl Iterator<Item = &RowPlan> {
        self.rows
            .iter()
            .filter(|r| matches!(r.state, RowState::Blocked { .. }))
    }
    /// Nothing is left to apply: every row was applied before this run, or is for a level this
    /// catalogue does not hold.
    pub fn nothing_left(&self) -> bool {
        self.rows.iter().all(|r| {
            matches!(
                r.state,
                RowState::Applied { .. } | RowState::Elsewhere { .. }
            )
        })
    }
}

/// Apply decision `id` to the catalogue at `root`.
pub fn apply(
    root: &Path,
    id: &str,
    opts: &ApplyOptions,
    rec: &Recorder,
) -> Result<ApplyOutcome, DecisionError> {
    // The lock first, then the read: what is changed is what was read.
    let mut tx = Transaction::begin(root)?;
    let cat = store::load(root).map_err(WorkspaceError::from)?;
    let stored = find(&cat, id)?;
    let mut d = stored.record.clone();
    let errors: Vec<Diagnostic> = validate::validate_decision(&cat, &stored.path, &d)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(DecisionError::Invalid(errors));
    }
    let date = opts.date.unwrap_or(rec.today);
    if date > rec.today {
        return Err(DecisionError::AppliedInFuture {
            date,
            today: rec.today,
        });
    }
    if let Some(decided) = d.date
        && date < decided
    {
        return Err(DecisionError::AppliedBeforeDecision { date, decided });
    }
    let who = Applier {
        actor: actor(rec, &tx)?,
        date,
        today: rec.today,
        force: opts.force.clone(),
        lang: rec.lang,
    };
    let rows = plan::plan(&cat, &d, &mut |rel| tx.read(rel), &who)?;
    let mut outcome = ApplyOutcome {
        id: d.id.clone(),
        number: d.number.clone(),
        rows,
        commit: None,
        message: None,
        dry_run: opts.dry_run,
    };
    if opts.dry_run || outcome.ready().next().is_none() {
        return Ok(outcome);
    }

    for row in outcome.ready() {
        for w in &row.writes {
            let text = store::canonical_text(&w.path, &w.after).map_err(WorkspaceError::from)?;
            tx.write(&w.path, w.base.clone(), text.into_bytes());
        }
        let mut moved = Vec::new();
        for m in &row.proposals {
            let Some(after) = &m.after else { continue };
            put_proposal(&cat, &mut tx, after)?;
            moved.push(m.id.clone());
        }
        d.effects[row.row - 1].applied = Some(Applied {
            date: Some(date),
            by: who.actor.clone(),
            proposals: moved,
        });
    }
    put_decision(&cat, &mut tx, &d)?;
    let message = apply_message(&cat, &d, &outcome, rec.lang);
    let commit = tx.commit_as(&message, rec.author.as_ref())?;
    outcome.commit = Some(commit);
    outcome.message = Some(message);
    Ok(outcome)
}

/// Validate a proposal moved by the decision and stage it.
fn put_proposal(
    cat: &Catalog,
    tx: &mut Transaction,
    p: &crate::model::Proposal,
) -> Result<(), DecisionError> {
    let rel = store::proposal_path(&p.id);
    let errors: Vec<Diagnostic> = validate::validate_proposal(cat, &rel, p)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(DecisionError::Invalid(errors));
    }
    let text = store::canonical_text(&rel, p).map_err(WorkspaceError::from)?;
    let base = tx.read(&rel)?;
    tx.write(&rel, base, text.into_bytes());
    Ok(())
}

/// `Quyết định 1203/QĐ-UBND: áp dụng 4/5 dòng vào danh mục`, then one line per row applied,
/// per proposal moved and per row left.
fn apply_message(cat: &Catalog, d: &Decision, o: &ApplyOutcome, lang: Lang) -> String {
    let ready: Vec<&RowPlan> = o.ready().collect();
    let already = o
        .rows
        .iter()
        .filter(|r| matches!(r.state, RowState::Applied { .. }))
        .count();
    let total = o
        .rows
        .iter()
        .filter(|r| !matches!(r.state, RowState::Elsewhere { .. }))
        .count();
    let mut msg = match lang {
        Lang::Vi => format!(
            "Quyết định {}: áp dụng {}/{total} dòng vào danh mục",
            d.number.trim(),
            ready.len() + already
        ),
        Lang::En => format!(
            "Decision {}: applied {} of {total} rows to the catalogue",
            d.number.trim(),
            ready.len() + already
        ),
    };
    msg.push_str("\n\n");
    for r in &ready {
        msg.push_str(&format!(
            "- {} {}: {} {} ({})\n",
            lang.pick("dòng", "row"),
            r.row,
            effect_kind_label(r.kind, lang),
            r.code,
            cat.manifest.level_name(&r.level)
        ));
        for m in &r.proposals {
            match &m.refused {
                None => msg.push_str(&format!(
                    "  {} {}: {}\n",
                    lang.pick("Đề xuất", "Proposal"),
                    m.id,
                    lang.pick("đã cập nhật danh mục", "applied to the catalogue")
                )),
                Some((step, _)) => msg.push_str(&format!(
                    "  {} {}: {} ({} “{}”)\n",
                    lang.pick("Đề xuất", "Proposal"),
                    m.id,
                    lang.pick("chưa chuyển trạng thái", "not moved"),
                    lang.pick("không ghi được bước", "could not record the step"),
                    crate::i18n::proposal_status_label(*step, lang)
                )),
            }
        }
    }
    let left = o.blocked().count();
    if left > 0 {
        msg.push_str(&match lang {
            Lang::Vi => format!(
                "Còn {left} dòng chưa áp dụng được (xem tthc decision show {}).\n",
                d.id
            ),
            Lang::En => format!(
                "{left} row(s) could not be applied (see tthc decision show {}).\n",
                d.id
            ),
        });
    }
    if let Some(reason) = o.ready().flat_map(|r| &r.proposals).find_map(|m| {
        m.after
            .as_ref()
            .and_then(|p| p.log.last())
            .and_then(|t| t.forced.clone())
    }) {
        msg.push_str(&format!(
            "\n{}: {reason}\n",
            lang.pick(
                "Vượt quy tắc bốn mắt (người soạn tự ghi nhận)",
                "Four-eyes rule overridden (recorded by the drafter)"
            )
        ));
    }
    msg.trim_end().to_owned()
}
