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
//!
//! A catalogue is never rewritten silently in the new format: either the user runs
//! `tthc fmt --migrate`, or the first write a user makes (an edit, a form saved, any use case
//! committing without an explicit author) migrates it first, in a commit of its own with the
//! same message, and the faces say so (see [`Transaction::commit_reporting`]). A catalogue with
//! a file that does not parse refuses that write and points at `tthc fmt --migrate`.

use super::{Transaction, WorkspaceError};
use crate::i18n::Lang;
use crate::model::{Decision, Manifest, Procedure, Proposal};
use crate::store::{self, Catalog, FileKind};
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

/// The files a migration of `cat` rewrites, with their new text, the manifest first.
fn writes_for(cat: &Catalog) -> Result<Vec<(PathBuf, String)>, WorkspaceError> {
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
        if let Some(p) = migrated_proposal(&s.record) {
            writes.push((s.path.clone(), store::canonical_text(&s.path, &p)?));
        }
    }
    for s in &cat.decisions {
        if let Some(d) = migrated_decision(&s.record) {
            writes.push((s.path.clone(), store::canonical_text(&s.path, &d)?));
        }
    }
    Ok(writes)
}

fn migrated_proposal(p: &Proposal) -> Option<Proposal> {
    let proposed = p.proposed.as_ref().and_then(explicit)?;
    Some(Proposal {
        proposed: Some(proposed),
        ..p.clone()
    })
}

fn migrated_decision(d: &Decision) -> Option<Decision> {
    let mut d = d.clone();
    let mut changed = false;
    for e in &mut d.effects {
        if let Some(r) = e.record.as_ref().and_then(explicit) {
            e.record = Some(r);
            changed = true;
        }
    }
    changed.then_some(d)
}

/// The commit message of a migration.
fn message(from: u32, to: u32, files: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "Chuyển danh mục từ định dạng phiên bản {from} sang {to} (tthc fmt --migrate): {files} tệp"
        ),
        Lang::En => format!(
            "Migrate the catalogue from format version {from} to {to} (tthc fmt --migrate): {files} files"
        ),
    }
}

/// A migration made before a user's first write to a catalogue in an older format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    /// Its commit (the write follows in a commit of its own).
    pub commit: String,
    pub from: u32,
    pub to: u32,
    /// Files it rewrote.
    pub files: usize,
}

/// What the transaction commits before a user's write: the migration's files and message.
pub(super) struct Plan {
    pub writes: Vec<(PathBuf, String)>,
    pub message: String,
    pub from: u32,
    pub to: u32,
}

/// The migration a write to the catalogue at `root` must be preceded by: `None` when the
/// catalogue is current (or its manifest cannot be read, which the write's own checks report).
/// Refuses, as [`WorkspaceError::MigrationNeeded`], when a file does not parse: the catalogue
/// cannot be migrated whole, and is not written in two formats at once.
pub(super) fn plan_before_write(root: &Path) -> Result<Option<Plan>, WorkspaceError> {
    let Ok(head) = store::load_manifest(root) else {
        return Ok(None);
    };
    let from = head.manifest.schema;
    if !head.unparsed.is_empty() || from >= SCHEMA_VERSION || from == 0 {
        return Ok(None);
    }
    let cat = store::load(root)?;
    if !cat.unparsed.is_empty() {
        return Err(WorkspaceError::MigrationNeeded {
            from,
            to: SCHEMA_VERSION,
            unparsed: cat.unparsed.iter().cloned().collect(),
        });
    }
    let writes = writes_for(&cat)?;
    // The history of a catalogue is Vietnamese, whatever the language of the screen.
    let message = message(from, SCHEMA_VERSION, writes.len(), Lang::Vi);
    Ok(Some(Plan {
        writes,
        message,
        from,
        to: SCHEMA_VERSION,
    }))
}

/// One file's new text (written for the older format) in the current format, by the same rules
/// as the whole migration: what a write made on top of a migration stores. `None` when it is
/// not a record or does not parse (it is then written as given).
pub(super) fn migrate_bytes(rel: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let out = match store::classify(rel) {
        FileKind::Manifest => {
            let mut m: Manifest = store::parse_text(rel, text).ok()?;
            if m.schema >= SCHEMA_VERSION {
                return None;
            }
            m.schema = SCHEMA_VERSION;
            store::canonical_text(rel, &m).ok()?
        }
        FileKind::Procedure => {
            let p: Procedure = store::parse_text(rel, text).ok()?;
            store::canonical_text(rel, &explicit(&p)?).ok()?
        }
        FileKind::Proposal => {
            let p: Proposal = store::parse_text(rel, text).ok()?;
            store::canonical_text(rel, &migrated_proposal(&p)?).ok()?
        }
        FileKind::Decision => {
            let d: Decision = store::parse_text(rel, text).ok()?;
            store::canonical_text(rel, &migrated_decision(&d)?).ok()?
        }
        _ => return None,
    };
    Some(out.into_bytes())
}

/// Migrate the catalogue at `root` to [`SCHEMA_VERSION`] in one commit. With `dry_run`,
/// report what would change and write nothing.
pub fn migrate(root: &Path, dry_run: bool, lang: Lang) -> Result<MigrateReport, WorkspaceError> {
    // The writer lock is held from here: what is migrated is what is read.
    let mut tx = Transaction::begin(root)?;
    tx.as_migration();
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
    let writes = writes_for(&cat)?;
    report.changed = writes.iter().map(|(rel, _)| rel.clone()).collect();
    if dry_run {
        return Ok(report);
    }
    for (rel, text) in writes {
        let base = tx.read(&rel)?;
        tx.write(&rel, base, text.into_bytes());
    }
    let message = message(report.from, report.to, report.changed.len(), lang);
    report.commit = Some(tx.commit(&message)?);
    Ok(report)
}
