//! Where a year's plan stands: for each procedure it covers, who reviews it, by when, and
//! whether its form is done; summed per unit and person (due, overdue, done).

use super::Reviews;
use crate::model::{Date, ProcedureStatus, ReviewPlan};
use crate::store::Catalog;
use serde::Serialize;

/// One procedure of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    pub level: String,
    pub code: String,
    pub name: String,
    /// Unassigned when no assignment's scope holds it.
    pub unit: Option<String>,
    pub person: Option<String>,
    pub due: Option<Date>,
    /// None: no form yet; Some(None): started; Some(Some(d)): completed on d.
    pub form: Option<Option<Date>>,
    /// Not completed and the due date has passed.
    pub late: bool,
}

impl PlanRow {
    pub fn done(&self) -> bool {
        matches!(self.form, Some(Some(_)))
    }

    pub fn overdue(&self) -> bool {
        self.late
    }
}

/// One unit and person's share of the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PersonProgress {
    pub unit: String,
    pub person: String,
    /// The earliest due date of their procedures.
    pub due: Option<Date>,
    pub total: usize,
    pub done: usize,
    /// Started, not completed, not yet late.
    pub in_progress: usize,
    /// Not started, not yet late.
    pub not_started: usize,
    /// Not completed and past due.
    pub overdue: usize,
}

/// The plan's procedures in catalogue order: every procedure its scope holds that is in force
/// (neither abolished nor a draft), and every procedure that has a form this year.
pub fn rows(plan: &ReviewPlan, cat: &Catalog, reviews: &Reviews, today: Date) -> Vec<PlanRow> {
    let mut out = Vec::new();
    for stored in &cat.procedures {
        let p = &stored.record;
        let form = reviews.form(plan.year, &p.level, &p.code);
        let live = p.status != ProcedureStatus::Abolished && !p.status.is_draft();
        if !(plan.covers(p) && live) && form.is_none() {
            continue;
        }
        let assignment = plan.assignment_of(p).map(|i| &plan.assignments[i]);
        let due = plan.due_of(p);
        let form = form.map(|f| f.record.completed_on);
        let done = matches!(form, Some(Some(_)));
        out.push(PlanRow {
            level: p.level.to_string(),
            code: p.code.to_string(),
            name: p.name.to_string(),
            unit: assignment.map(|a| a.unit.clone()),
            person: assignment.map(|a| a.person.clone()),
            due,
            form,
            late: !done && due.is_some_and(|d| d < today),
        });
    }
    out
}

/// The rows summed per unit and person, in the plan's order of assignments; procedures no
/// assignment holds come last under an empty unit and person.
pub fn by_person(plan: &ReviewPlan, rows: &[PlanRow]) -> Vec<PersonProgress> {
    let mut out: Vec<PersonProgress> = plan
        .assignments
        .iter()
        .map(|a| PersonProgress {
            unit: a.unit.clone(),
            person: a.person.clone(),
            ..PersonProgress::default()
        })
        .collect();
    for r in rows {
        let unit = r.unit.clone().unwrap_or_default();
        let person = r.person.clone().unwrap_or_default();
        let i = match out
            .iter()
            .position(|p| p.unit == unit && p.person == person)
        {
            Some(i) => i,
            None => {
                out.push(PersonProgress {
                    unit,
                    person,
                    ..PersonProgress::default()
                });
                out.len() - 1
            }
        };
        let p = &mut out[i];
        p.total += 1;
        p.due = match (p.due, r.due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if r.done() {
            p.done += 1;
        } else if r.late {
            p.overdue += 1;
        } else if r.form.is_some() {
            p.in_progress += 1;
        } else {
            p.not_started += 1;
        }
    }
    out
}
