//! The catalogue as in force on a day.
//!
//! A procedure file holds the procedure's latest version. When an amendment is recorded before
//! it takes effect (`tthc proposal apply --effective D`, a decision effective later), the file's
//! `effective_from` is D and the version before it stays in force until then; that version is
//! in git. A listing of a day before D must show it, not leave the procedure out nor show the
//! text that is not yet in force — the way legislation.gov.uk gives a point-in-time version.

use super::WorkspaceError;
use crate::history::Repo;
use crate::model::Date;
use crate::store::{self, Catalog};
use std::path::Path;

/// In `cat`, replace every procedure whose recorded version takes effect after `day` by the
/// newest committed version of the same file that was in force on `day`. A procedure new from a
/// later day has no such version and stays as it is (a listing of `day` leaves it out).
/// Returns the number of procedures replaced.
pub(super) fn versions_in_force(
    repo: &Repo,
    prefix: &Path,
    cat: &mut Catalog,
    day: Date,
) -> Result<usize, WorkspaceError> {
    let root = cat.root.clone();
    let mut replaced = 0;
    for stored in cat.procedures.iter_mut() {
        let p = &stored.record;
        if p.status.is_draft() || p.effective_from.is_none_or(|from| from <= day) {
            continue;
        }
        let in_repo = prefix.join(&stored.path);
        for commit in repo.log(prefix, Some(&stored.path), usize::MAX)? {
            let Some(bytes) = repo.blob_at(&commit.id, &in_repo)? else {
                // The file did not exist yet: no earlier version.
                break;
            };
            let older = store::load_entries(&root, vec![(stored.path.clone(), bytes)]);
            let Some(older) = older.procedures.into_iter().next() else {
                // A version that does not parse cannot be shown; look further back.
                continue;
            };
            let version = older.record;
            if version.effective_from.is_some_and(|from| from > day) {
                continue;
            }
            if version.in_effect_on(day) && !version.status.is_draft() {
                stored.record = version;
                replaced += 1;
            }
            break;
        }
    }
    Ok(replaced)
}
