//! Opening a catalogue for a command about one procedure (`show`, `edit`, `propose`): SPEC §6
//! gives such a command 200 ms at a hundred thousand procedures, and says it need not load every
//! record. A procedure's file sits where its level and code say (`validate` holds every file to
//! it), so the few places it can be are read, and nothing else.

use super::{WorkspaceError, open_overview, root_at};
use crate::model::{Layout, Manifest};
use crate::store::{self, Catalog, Subset};
use std::path::{Path, PathBuf};

/// Whether `wanted` (a level's id, or its name written any way `search::fold` equates) names the
/// level `id` of the manifest.
pub fn level_matches(manifest: &Manifest, id: &str, wanted: &str) -> bool {
    wanted == id || crate::search::fold(wanted) == crate::search::fold(manifest.level_name(id))
}

/// Where a procedure `code` of `level` may be: its file under either layout (a catalogue half-way
/// through `fmt --migrate` holds both; `validate` accepts both).
pub(crate) fn places(level: &str, code: &str) -> [PathBuf; 2] {
    [
        store::procedure_path(Layout::Flat, level, code),
        store::procedure_path(Layout::Sharded, level, code),
    ]
}

/// The catalogue at or above `start` holding its manifest, its register of legal texts and the
/// procedures with this `code` (at `level`, an id or a name, when given) — not the other
/// procedures, proposals, publications or decisions.
///
/// The files where such a procedure belongs are read first. Only when none is there (a code
/// that does not exist, or a file someone put in the wrong folder, which `validate` reports) is
/// every procedure looked at, through the list columns ([`open_overview`]); the files that do
/// not parse are then in [`Catalog::unparsed`] as a whole load would have them.
pub fn open_procedure(
    start: &Path,
    code: &str,
    level: Option<&str>,
) -> Result<Catalog, WorkspaceError> {
    let root = root_at(start)?;
    let wanted = |m: &Manifest, id: &str| level.is_none_or(|l| level_matches(m, id, l));
    let safe = !crate::validate::is_unsafe_file_name(code);
    let cat = store::load_subset(&root, Subset::default(), |m| {
        if !safe {
            return Vec::new();
        }
        m.levels
            .iter()
            .filter(|l| wanted(m, &l.id))
            .flat_map(|l| places(&l.id, code))
            .collect()
    })?;
    let found = cat
        .procedures
        .iter()
        .any(|p| p.record.code == code && wanted(&cat.manifest, &p.record.level));
    let broken = cat
        .unparsed
        .iter()
        .any(|p| p.starts_with(store::PROCEDURES_DIR));
    if found || broken {
        return Ok(cat);
    }
    // Not where it belongs: look through every procedure's list columns.
    let overview = open_overview(&root)?;
    let manifest = &overview.catalog.manifest;
    let paths: Vec<PathBuf> = overview
        .procedures
        .iter()
        .filter(|p| p.record.code == code && wanted(manifest, &p.record.level))
        .map(|p| p.path.clone())
        .collect();
    let mut cat = store::load_subset(&root, Subset::default(), |_| paths)?;
    cat.unparsed.extend(overview.catalog.unparsed);
    Ok(cat)
}

/// The catalogue at `root` as a new proposal needs it: the manifest, the register of legal
/// texts, every proposal (the new one takes the next free number), the procedure it is about
/// (`target`: level, code) and those it must not clash with (`others`), read from where they
/// belong. `None` when the target is not there, for the caller to load the whole catalogue
/// instead and report precisely.
pub(crate) fn open_for_proposal(
    root: &Path,
    target: Option<(&str, &str)>,
    others: &[(&str, &str)],
) -> Result<Option<Catalog>, WorkspaceError> {
    let keys: Vec<(&str, &str)> = target.into_iter().chain(others.iter().copied()).collect();
    if keys.iter().any(|(level, code)| {
        crate::validate::is_unsafe_file_name(code) || level.contains(['/', '\\'])
    }) {
        return Ok(None);
    }
    let cat = store::load_subset(root, Subset { proposals: true }, |_| {
        keys.iter()
            .flat_map(|(level, code)| places(level, code))
            .collect()
    })?;
    let there = target.is_none_or(|(level, code)| cat.procedure(level, code).is_some());
    Ok(there.then_some(cat))
}
