//! Part of a catalogue: what a command about one procedure needs (`show`, `edit`, a proposal's
//! draft), without listing, stat'ing or decoding the other procedures. At a hundred thousand
//! procedures a whole load, even from the cache, takes seconds and hundreds of megabytes; this
//! reads the manifest, the register of legal texts, optionally the proposals, and the few
//! procedure files asked for.

use super::{Catalog, LEGAL_DIR, PROPOSALS_DIR, StoreError, Stored};
use super::{list_files, read_record};
use crate::model::{LegalEntry, Manifest, Procedure, Proposal};
use std::path::{Path, PathBuf};

/// What to read besides the manifest and the register of legal texts.
#[derive(Debug, Default, Clone, Copy)]
pub struct Subset {
    /// Every proposal too (a new one takes the next free number).
    pub proposals: bool,
}

/// The catalogue at `root` holding its manifest, its register of legal texts, the proposals
/// when `subset` asks for them, and the procedures in the files that `files` names once it
/// has seen the manifest (relative paths; a file that is not there is skipped, one that does
/// not parse is in [`Catalog::unparsed`] with its problems).
pub fn load_subset(
    root: &Path,
    subset: Subset,
    files: impl FnOnce(&Manifest) -> Vec<PathBuf>,
) -> Result<Catalog, StoreError> {
    let mut cat = manifest_and_legal(root)?;
    if subset.proposals {
        let mut listing = Catalog::default();
        let paths = list_files(root, Path::new(PROPOSALS_DIR), 0..=1, &mut listing)?;
        cat.problems.extend(listing.problems);
        cat.unparsed.extend(listing.unparsed);
        for rel in paths {
            if let Some(record) = read_record::<Proposal>(root, &rel, &mut cat) {
                cat.proposals.push(Stored { path: rel, record });
            }
        }
    }
    let mut wanted = files(&cat.manifest);
    wanted.sort();
    wanted.dedup();
    for rel in wanted {
        // `symlink_metadata`: a dangling link is still a file to report, as a whole load does.
        if std::fs::symlink_metadata(root.join(&rel)).is_err() {
            continue;
        }
        if let Some(record) = read_record::<Procedure>(root, &rel, &mut cat) {
            cat.procedures.push(Stored { path: rel, record });
        }
    }
    Ok(cat)
}

/// The catalogue with its manifest and its register of legal texts read, nothing else.
pub(crate) fn manifest_and_legal(root: &Path) -> Result<Catalog, StoreError> {
    let mut cat = super::load_manifest(root)?;
    // The register of legal texts: a few hundred small files at most.
    for rel in list_files(root, Path::new(LEGAL_DIR), 0..=0, &mut cat)? {
        if let Some(e) = read_record::<LegalEntry>(root, &rel, &mut cat) {
            cat.legal.push(Stored {
                path: rel,
                record: e,
            });
        }
    }
    Ok(cat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn reads_only_what_is_asked_and_reports_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (rel, text) in crate::sample::files() {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let proposal = "id: 2022-001\nkind: abolish\ntarget:\n  level: xa\n  code: '1.001193'\ntitle: Bãi bỏ thủ tục\nstatus: draft\nlog:\n- status: draft\n  date: 2022-02-10\n  actor: A <a@x>\n";
        fs::create_dir_all(root.join("proposals/2022")).unwrap();
        fs::write(root.join("proposals/2022/2022-001.yaml"), proposal).unwrap();
        let whole = super::super::load(root).unwrap();
        assert_eq!(whole.proposals.len(), 1, "{:?}", whole.problems);
        let some = &whole.procedures[0];
        let broken = PathBuf::from("procedures/xa/9.999999.yaml");
        fs::write(root.join(&broken), "code: [\n").unwrap();
        let cat = load_subset(root, Subset::default(), |m| {
            assert!(!m.levels.is_empty(), "the manifest is read first");
            vec![
                some.path.clone(),
                broken.clone(),
                PathBuf::from("procedures/xa/0.000000.yaml"),
            ]
        })
        .unwrap();
        assert_eq!(cat.manifest, whole.manifest);
        assert_eq!(cat.legal, whole.legal);
        assert_eq!(cat.procedures, vec![some.clone()]);
        assert!(cat.proposals.is_empty());
        assert!(cat.unparsed.contains(&broken));
        assert!(cat.problems.iter().any(|d| d.file == broken));

        let with = load_subset(root, Subset { proposals: true }, |_| Vec::new()).unwrap();
        assert_eq!(with.proposals, whole.proposals);
        assert!(with.procedures.is_empty());
    }
}
