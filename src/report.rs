//! Summaries over a catalogue for reporting upward: the proposals of a period by kind, level
//! and status (the figures of a half-year report on administrative procedure reform).

use crate::model::{Date, Manifest, ProposalKind, ProposalStatus};
use crate::proposal_rules::{self, CHAIN};
use crate::store::Catalog;
use serde::Serialize;

/// How many proposals of one kind at one level, and in which status at the end of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalCount {
    pub kind: ProposalKind,
    pub level: String,
    pub total: usize,
    /// Every status of the chain, in order, with its count (zeros included).
    pub by_status: Vec<StatusCount>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StatusCount {
    pub status: ProposalStatus,
    pub count: usize,
}

/// One proposal of the period, as it stood at the end of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedProposal {
    pub id: String,
    pub kind: ProposalKind,
    pub level: String,
    pub code: String,
    pub name: String,
    pub title: String,
    pub drafted_on: Option<Date>,
    pub status: ProposalStatus,
    /// The latest document number recorded by the end of the period.
    pub document: Option<String>,
    /// A four-eyes override was recorded by the end of the period.
    pub forced: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalReport {
    pub from: Date,
    pub to: Date,
    pub total: usize,
    /// By kind (abolish, amend, replace, add), then level in the manifest's order.
    pub counts: Vec<ProposalCount>,
    pub proposals: Vec<ReportedProposal>,
}

/// The proposals drafted between `from` and `to` (inclusive), each in the status it had at the
/// end of `to`.
pub fn proposals(cat: &Catalog, from: Date, to: Date) -> ProposalReport {
    let mut items: Vec<ReportedProposal> = Vec::new();
    for s in &cat.proposals {
        let p = &s.record;
        let Some(drafted) = proposal_rules::drafted_on(p) else {
            continue;
        };
        if drafted < from || drafted > to {
            continue;
        }
        let Some(status) = proposal_rules::status_on(p, to) else {
            continue;
        };
        let (level, code) = match (&p.target, &p.proposed) {
            (Some(t), _) => (t.level.clone(), t.code.clone()),
            (None, Some(n)) => (n.level.clone(), n.code.clone()),
            (None, None) => (String::new(), String::new()),
        };
        let name = cat
            .procedure(&level, &code)
            .map(|c| c.record.name.clone())
            .or_else(|| p.proposed.as_ref().map(|n| n.name.clone()))
            .unwrap_or_default();
        let until_end = p.log.iter().filter(|t| t.date.is_none_or(|d| d <= to));
        let (mut document, mut forced) = (None, false);
        for t in until_end {
            if t.document_no.is_some() {
                document = t.document_no.clone();
            }
            forced |= t.forced.is_some();
        }
        items.push(ReportedProposal {
            id: p.id.clone(),
            kind: p.kind,
            level,
            code,
            name,
            title: p.title.clone(),
            drafted_on: Some(drafted),
            status,
            document,
            forced,
        });
    }
    items.sort_by(|a, b| a.id.cmp(&b.id));
    ProposalReport {
        from,
        to,
        total: items.len(),
        counts: count(&cat.manifest, &items),
        proposals: items,
    }
}

const KINDS: [ProposalKind; 4] = [
    ProposalKind::Abolish,
    ProposalKind::Amend,
    ProposalKind::Replace,
    ProposalKind::Add,
];

fn count(m: &Manifest, items: &[ReportedProposal]) -> Vec<ProposalCount> {
    let mut levels: Vec<String> = m.levels.iter().map(|l| l.id.clone()).collect();
    for i in items {
        if !levels.contains(&i.level) {
            levels.push(i.level.clone());
        }
    }
    let mut out = Vec::new();
    for kind in KINDS {
        for level in &levels {
            let these: Vec<&ReportedProposal> = items
                .iter()
                .filter(|i| i.kind == kind && &i.level == level)
                .collect();
            if these.is_empty() {
                continue;
            }
            out.push(ProposalCount {
                kind,
                level: level.clone(),
                total: these.len(),
                by_status: CHAIN
                    .iter()
                    .map(|&status| StatusCount {
                        status,
                        count: these.iter().filter(|i| i.status == status).count(),
                    })
                    .collect(),
            });
        }
    }
    out
}
