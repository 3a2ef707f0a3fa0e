//! What `tthc validate` says about reviews: plans past due with forms missing, forms without
//! data, "keep" without reasons, forms that do not match their file or their procedure.

use super::{Reviews, form_path};
pub use crate::diagnostic::ReviewProblem;
use crate::diagnostic::{Diagnostic, PathSeg, Problem, Severity};
use crate::model::{ConclusionKind, Date};
use crate::store::Catalog;

fn diag(rel: &std::path::Path, severity: Severity, p: ReviewProblem) -> Diagnostic {
    Diagnostic::new(rel, severity, Problem::Review(p))
}

/// Every review problem of the catalogue `cat` on `today`: the files' own parse problems, then
/// the warnings of §7.2.
pub fn check(cat: &Catalog, reviews: &Reviews, today: Date) -> Vec<Diagnostic> {
    let mut out = reviews.problems.clone();
    for stored in &reviews.forms {
        let r = &stored.record;
        let expected = form_path(r.year, &r.level, &r.code);
        if expected != stored.path {
            out.push(diag(
                &stored.path,
                Severity::Error,
                ReviewProblem::WrongPlace {
                    expected: expected.to_string_lossy().into_owned(),
                },
            ));
        }
        if cat.procedure(&r.level, &r.code).is_none() {
            out.push(diag(
                &stored.path,
                Severity::Warning,
                ReviewProblem::NoProcedure {
                    level: r.level.clone(),
                    code: r.code.clone(),
                },
            ));
        }
        if r.is_completed() && r.data.cases_per_year.is_none() {
            out.push(
                diag(&stored.path, Severity::Warning, ReviewProblem::NoData)
                    .at(vec![PathSeg::key("data")]),
            );
        }
        if r.conclusion.kind == Some(ConclusionKind::Keep)
            && r.conclusion
                .reasons
                .as_deref()
                .is_none_or(|s| s.trim().is_empty())
        {
            out.push(
                diag(
                    &stored.path,
                    Severity::Warning,
                    ReviewProblem::KeepWithoutReasons,
                )
                .at(vec![PathSeg::key("conclusion")]),
            );
        }
    }
    for stored in &reviews.plans {
        let plan = &stored.record;
        if plan.wage_per_hour <= 0 {
            out.push(
                diag(&stored.path, Severity::Warning, ReviewProblem::NoWage)
                    .at(vec![PathSeg::key("wage_per_hour")]),
            );
        }
        let rows = super::progress::rows(plan, cat, reviews, today);
        let late: Vec<_> = rows.iter().filter(|r| r.overdue()).collect();
        if let Some(due) = late.iter().filter_map(|r| r.due).min() {
            let missing = late.iter().filter(|r| r.form.is_none()).count();
            out.push(diag(
                &stored.path,
                Severity::Warning,
                ReviewProblem::PastDue {
                    due,
                    missing,
                    incomplete: late.len() - missing,
                },
            ));
        }
    }
    out
}
