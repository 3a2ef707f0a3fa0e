//! Per-unit listings of a catalogue that holds several units (`tthc export --unit ID`,
//! `--all-units`): the same export, rendered over each unit's procedures.

use super::WorkspaceError;
use super::publish::{ExportOutcome, ExportRequest, export_rendered};
use crate::export::units;
use std::path::Path;

/// Which units to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitChoice {
    /// One unit's listing, at the top of the output folder.
    One(String),
    /// Every unit's listing in its own folder, with an index of units.
    All,
}

/// Export one unit's listing, or every unit's, from the catalogue found at or above `start`.
pub fn export_units(
    start: &Path,
    req: &ExportRequest,
    choice: &UnitChoice,
) -> Result<ExportOutcome, WorkspaceError> {
    export_rendered(start, req, &|cat, _listing, input, sink| {
        let id = match choice {
            UnitChoice::One(id) => Some(id.as_str()),
            UnitChoice::All => None,
        };
        let chosen = units::chosen(cat, id)?;
        match choice {
            UnitChoice::One(_) => units::render_unit(cat, chosen[0], input, sink),
            UnitChoice::All => units::render_all(cat, &chosen, input, sink),
        }
    })
}
