//! The register of legal texts (`legal/<slug>.yaml`): adding or updating a text, as one commit
//! through the transaction like every other write.

use super::{Transaction, WorkspaceError};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::LegalEntry;
use crate::store::{self, Catalog};
use crate::validate;
use std::path::{Path, PathBuf};

/// What [`save`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegalSaved {
    /// Written and committed.
    Saved {
        path: PathBuf,
        commit: String,
        message: String,
        /// The catalogue was in an older format and was migrated first, in its own commit.
        migrated: Option<super::Migrated>,
    },
    /// The register already holds the text exactly so: nothing written.
    Unchanged { path: PathBuf },
}

/// The procedures citing the text numbered `number`: (level, code).
pub fn cited_by<'a>(cat: &'a Catalog, number: &str) -> Vec<(&'a str, &'a str)> {
    cat.procedures
        .iter()
        .filter(|s| {
            s.record
                .legal_list()
                .iter()
                .any(|d| crate::model::same_number(&d.number, number))
        })
        .map(|s| (s.record.level.as_str(), s.record.code.as_str()))
        .collect()
}

/// Add the text `entry` to the register of the catalogue at `root`, or update the text of the
/// same number, in one commit (`legal/<slug of its number>.yaml`). Refuses a text with errors
/// ([`WorkspaceError::Invalid`]), and never overwrites a file that does not parse.
pub fn save(root: &Path, entry: LegalEntry, lang: Lang) -> Result<LegalSaved, WorkspaceError> {
    let mut tx = Transaction::begin(root)?;
    let cat = store::load(root)?;
    let rel = cat
        .legal
        .iter()
        .find(|s| crate::model::same_number(&s.record.number, &entry.number))
        .map_or_else(|| store::legal_path(&entry.number), |s| s.path.clone());
    // A file that does not parse is never overwritten: what is in it would be lost.
    let errors: Vec<Diagnostic> = if cat.unparsed.contains(&rel) {
        cat.problems
            .iter()
            .filter(|d| d.file == rel)
            .cloned()
            .collect()
    } else {
        validate::validate_legal(&cat, &rel, &entry)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()
    };
    if !errors.is_empty() {
        return Err(WorkspaceError::Invalid {
            errors: errors.len(),
            diagnostics: errors,
        });
    }
    let text = store::canonical_text(&rel, &entry)?;
    let base = tx.read(&rel)?;
    if base.as_deref() == Some(text.as_bytes()) {
        return Ok(LegalSaved::Unchanged { path: rel });
    }
    let message = match (base.is_some(), lang) {
        (false, Lang::Vi) => format!(
            "Thêm văn bản {} vào sổ văn bản pháp luật: {}",
            entry.number, entry.title
        ),
        (true, Lang::Vi) => format!(
            "Cập nhật văn bản {} trong sổ văn bản pháp luật",
            entry.number
        ),
        (false, Lang::En) => format!(
            "Add {} to the register of legal texts: {}",
            entry.number, entry.title
        ),
        (true, Lang::En) => format!("Update {} in the register of legal texts", entry.number),
    };
    tx.write(&rel, base, text.into_bytes());
    let done = tx.commit_reporting(&message, None)?;
    Ok(LegalSaved::Saved {
        path: rel,
        commit: done.commit,
        message,
        migrated: done.migrated,
    })
}
