//! Editing one procedure's YAML text (the `tthc edit` path): validate what the user wrote, and
//! save it as one commit only when it is valid and changed.

use super::{Transaction, WorkspaceError};
use crate::diagnostic::Diagnostic;
use crate::diff::{changed_top_fields, field_changes};
use crate::i18n::{self, Lang};
use crate::model::{Manifest, Procedure};
use crate::store::{self, Catalog};
use crate::validate;
use std::path::{Path, PathBuf};

/// Lines starting with this are the problem list shown above the text; they are removed again.
pub const HEADER_PREFIX: &str = "# tthc:";

/// An edit in progress: the file it started from and the transaction that will save it.
pub struct EditSession {
    cat: Catalog,
    rel: PathBuf,
    original: String,
    /// HEAD when the edit started: the save refuses if another commit landed meanwhile.
    base_head: Option<String>,
}

#[derive(Debug)]
pub enum EditOutcome {
    /// Nothing to save.
    Unchanged,
    /// The user emptied the file: the edit is abandoned.
    Cancelled,
    /// Problems that must be fixed first; nothing was written.
    Invalid(Vec<Diagnostic>),
    Saved {
        commit: String,
        message: String,
    },
}

impl EditSession {
    /// Start editing the procedure `code` (at `level` when the code exists at several levels).
    pub fn start(cat: Catalog, rel: &Path) -> Result<EditSession, WorkspaceError> {
        // Before the editor opens: a save without an identity would fail after the typing.
        super::repository_of(&cat.root)?.0.check_identity(None)?;
        // No lock is held while the editor is open: the save checks that nothing moved.
        let base_head = super::head(&cat.root)?;
        let abs = cat.root.join(rel);
        let bytes =
            std::fs::read(&abs).map_err(|source| WorkspaceError::Io { path: abs, source })?;
        let original = String::from_utf8_lossy(&bytes).into_owned();
        Ok(EditSession {
            cat,
            rel: rel.to_owned(),
            original,
            base_head,
        })
    }

    pub fn path(&self) -> &Path {
        &self.rel
    }

    /// The text to put in front of the user first.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The edited text with the problem header removed.
    pub fn strip_header(text: &str) -> String {
        text.lines()
            .filter(|l| !l.starts_with(HEADER_PREFIX))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
            .trim_start_matches('\n')
            .to_owned()
    }

    /// Check the edited text; save and commit it when it is valid and different.
    pub fn submit(
        &mut self,
        edited: &str,
        message: Option<&str>,
        lang: Lang,
    ) -> Result<EditOutcome, WorkspaceError> {
        let text = Self::strip_header(edited);
        if text.trim().is_empty() {
            return Ok(EditOutcome::Cancelled);
        }
        if text == self.original {
            return Ok(EditOutcome::Unchanged);
        }
        let record: Procedure = match store::parse_text(&self.rel, &text) {
            Ok(r) => r,
            Err(diags) => return Ok(EditOutcome::Invalid(diags)),
        };
        let diags = validate::validate_procedure_text(&self.cat, &self.rel, &record, &text);
        if diags.iter().any(Diagnostic::is_error) {
            return Ok(EditOutcome::Invalid(diags));
        }
        let canonical = store::canonical_text(&self.rel, &record)?;
        if canonical == self.original {
            return Ok(EditOutcome::Unchanged);
        }
        let old: Option<Procedure> = store::parse_text(&self.rel, &self.original).ok();
        let message = match message {
            Some(m) => m.to_owned(),
            None => describe_change(&self.cat.manifest, old.as_ref(), &record, lang),
        };
        let base = Some(self.original.clone().into_bytes());
        let mut tx = Transaction::resume(&self.cat.root, self.base_head.clone())?;
        tx.write(&self.rel, base, canonical.into_bytes());
        let commit = tx.commit(&message)?;
        Ok(EditOutcome::Saved { commit, message })
    }
}

/// A commit message that says what changed in words:
/// `Sửa 1.001193 (Cấp xã): thời hạn giải quyết, phí, lệ phí`.
pub fn describe_change(
    m: &Manifest,
    old: Option<&Procedure>,
    new: &Procedure,
    lang: Lang,
) -> String {
    let level = m.level_name(&new.level);
    match old {
        None => format!(
            "{} {} ({level}): {}",
            lang.pick("Thêm", "Add"),
            new.code,
            new.name
        ),
        Some(old) => {
            let fields: Vec<String> = changed_top_fields(&field_changes(old, new))
                .iter()
                .map(|k| i18n::field_label(k, lang).to_owned())
                .collect();
            format!(
                "{} {} ({level}): {}",
                lang.pick("Sửa", "Edit"),
                new.code,
                fields.join(", ")
            )
        }
    }
}
