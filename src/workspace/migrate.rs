//! `tthc fmt --migrate`: bring a catalogue of an older schema version to the current one, as one
//! commit through the transaction (or nothing), never silently.
//!
//! From version 1 (the first release) to 2 (the 2026 record) every change is additive, so a
//! version-1 file already reads as version 2 with the same meaning; the migration writes what
//! must be said explicitly from now on:
//! - the manifest's `schema: 2`;
//! - relations (`replaces`, `replaced_by`, `transferred_from`, `transferred_to`) with their
//!   level: a bare code of version 1 meant the record's own level, and is written as
//!   `{level, code}` (in procedures, in proposals' proposed records and in decisions' records).
//!
//! Nothing else is guessed: a fee line that reads as a cap stays a fee line (validation says
//! so), a missing `fees` stays "not entered". A file that does not parse stops the migration
//! before anything is written, so no file is ever migrated half.

use super::{Transaction, WorkspaceError};
use crate::i18n::Lang;
use crate::model::{Decision, Procedure, Proposal};
use crate::store;
use crate::validate::SCHEMA_VERSION;
use std::path::{Path, PathBuf};

/// What a migration did (or, with `dry_run`, would do).
#[derive(Debug, Default, PartialEq)]
pub struct MigrateReport {
    /// The catalogue's schema version before.
    pub from: u32,
    /// The version it is (or would be) at after.
    pub to: u32,
    /// Files rewritten (or that would be), catalogue-relative.
    pub changed: Vec<PathBuf>,
    /// Files that do not parse: nothing was migrated because of them.
    pub unparsed: Vec<PathBuf>,
    /// The commit made; `None` on a dry run, when already current, or when refused.
    pub commit: Option<String>,
}

impl MigrateReport {
    /// Whether the catalogue was already at the current version.
    pub fn already_current(&self) -> bool {
        self.from >= SCHEMA_VERSION
    }
}

/// A procedure with every relation's level written out; `None` when nothing changes.
fn explicit(p: &Procedure) -> Option<Procedure> {
    let q = p.clone().with_explicit_levels();
    (q != *p).then_some(q)
}

/// Migrate the catalogue at `root` to [`SCHEMA_VERSION`] in one commit. With `dry_run`,
/// report what would change and write nothing.
pub fn migrate(root: &Path, dry_run: bool, lang: Lang) -> Result<MigrateReport, WorkspaceError> {
    // The writer lock is held from here: what is migrated is what is read.
    let mut tx = Transaction::begin(root)?;
    let cat = store::load(root)?;
    let mut report = MigrateReport {
        from: cat.manifest.schema,
        to: cat.manifest.schema.max(SCHEMA_VERSION),
        unparsed: cat.unparsed.iter().cloned().collect(),
        ..MigrateReport::default()
    };
    if report.already_current() || !report.unparsed.is_empty() {
        return Ok(report);
    }
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    let mut manifest = cat.manifest.clone();
    manifest.schema = SCHEMA_VERSION;
    let manifest_path = PathBuf::from(store::MANIFEST_FILE);
    writes.push((
        manifest_path.clone(),
        store::canonical_text(&manifest_path, &manifest)?,
    ));
    for s in &cat.procedures {
        if let Some(p) = explicit(&s.record) {
            writes.push((s.path.clone(), store::canonical_text(&s.path, &p)?));
        }
    }
    for s in &cat.proposals {
        if let Some(p) = s.record.proposed.as_ref().and_then(explicit) {
            let proposal = Proposal {
                proposed: Some(p),
                ..s.record.clone()
            };
            writes.push((s.path.clone(), store::canonical_text(&s.path, &proposal)?));
        }
    }
    for s in &cat.decisions {
        let mut d: Decision = s.record.clone();
        let mut changed = false;
        for e in &mut d.effects {
            if let Some(r) = e.record.as_ref().and_then(explicit) {
                e.record = Some(r);
                changed = true;
            }
        }
        if changed {
            writes.push((s.path.clone(), store::canonical_text(&s.path, &d)?));
        }
    }
    report.changed = writes.iter().map(|(rel, _)| rel.clone()).collect();
    if dry_run {
        return Ok(report);
    }
    for (rel, text) in writes {
        let base = tx.read(&rel)?;
        tx.write(&rel, base, text.into_bytes());
    }
    let message = match lang {
        Lang::Vi => format!(
            "Chuyển danh mục từ định dạng phiên bản {} sang {} (tthc fmt --migrate): {} tệp",
            report.from,
            report.to,
            report.changed.len()
        ),
        Lang::En => format!(
            "Migrate the catalogue from format version {} to {} (tthc fmt --migrate): {} files",
            report.from,
            report.to,
            report.changed.len()
        ),
    };
    report.commit = Some(tx.commit(&message)?);
    Ok(report)
}
