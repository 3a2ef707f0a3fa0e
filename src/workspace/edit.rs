//! Editing one procedure's YAML text (the `tthc edit` path): validate what the user wrote, and
//! save it as one commit only when it is valid and changed.

use super::{Transaction, WorkspaceError};
use crate::diagnostic::Diagnostic;
use crate::diff::{changed_top_fields, field_changes};
use crate::i18n::{self, Lang};
use crate::model::{Manifest, Procedure};
use crate::store::{self, Catalog};
use crate::validate;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

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
        /// The catalogue was in an older format: migrated first, in a commit of its own.
        migrated: Option<super::Migrated>,
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
        let done = tx.commit_reporting(&message, None)?;
        Ok(EditOutcome::Saved {
            commit: done.commit,
            message,
            migrated: done.migrated,
        })
    }
}

/// Texts handed to the editor live in `<git dir>/tthc/edit/`, named `<pid>-<file>` (the file's
/// path in the repository with `/` as `__`). A run cleans what runs that were killed left there;
/// text deliberately kept for the user (`kept-…`) goes after this long.
const KEPT_FOR: Duration = Duration::from_secs(30 * 24 * 3600);

impl EditSession {
    /// The file to hand to the editor for this edit, holding [`original`](Self::original); and
    /// the texts of earlier edits that were interrupted with changes in them, kept for the user.
    ///
    /// It is inside the git folder, beside the journal: outside the tracked catalogue, and not
    /// in the system's temp folder, where a killed `tthc edit` used to leave it forever. What a
    /// killed run left is tidied here: unchanged text is removed, changed text is renamed
    /// `kept-…` (and returned), kept text older than 30 days is removed.
    pub fn scratch_file(&self) -> Result<(PathBuf, Vec<PathBuf>), WorkspaceError> {
        let (repo, prefix) = super::repository_of(&self.cat.root)?;
        let dir = repo.git_dir().join("tthc").join("edit");
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| WorkspaceError::Io { path, source }
        };
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        let kept = tidy_scratch(&dir, repo.workdir());
        let flat = flatten(&prefix.join(&self.rel));
        let path = dir.join(format!("{}-{flat}", std::process::id()));
        fs::write(&path, &self.original).map_err(io(&path))?;
        Ok((path, kept))
    }

    /// Keep the scratch file `path` for the user (the edit ended without saving): renamed so no
    /// later run takes it for the leftovers of a killed one. Returns where it now is.
    pub fn keep_scratch(path: &Path) -> PathBuf {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            return path.to_owned();
        };
        let file = name.split_once('-').map_or(name.as_str(), |(_, f)| f);
        let kept = path.with_file_name(format!("kept-{}-{file}", unix_now()));
        match fs::rename(path, &kept) {
            Ok(()) => kept,
            Err(_) => path.to_owned(),
        }
    }
}

/// `procedures/xa/1.001193.yaml` → `procedures__xa__1.001193.yaml`.
fn flatten(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("__")
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Whether process `pid` is running. Where that cannot be told (no `/proc`), it is taken as
/// running, so nothing is removed.
fn alive(pid: u32) -> bool {
    pid == std::process::id()
        || !Path::new("/proc/self").exists()
        || Path::new("/proc").join(pid.to_string()).exists()
}

/// Tidy the scratch folder `dir` (of the repository whose work tree is `workdir`): see
/// [`EditSession::scratch_file`]. Returns the texts it kept.
fn tidy_scratch(dir: &Path, workdir: &Path) -> Vec<PathBuf> {
    let mut kept = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return kept;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(rest) = name.strip_prefix("kept-") {
            let stamp = rest.split('-').next().and_then(|s| s.parse::<u64>().ok());
            if stamp.is_some_and(|t| unix_now().saturating_sub(t) > KEPT_FOR.as_secs()) {
                let _ = fs::remove_file(&path);
            }
            continue;
        }
        // `<pid>-<file>`, or an editor's own file beside it (`.<pid>-<file>.swp`, `…~`).
        let editor_own = name.starts_with('.') || name.ends_with('~');
        let Some((pid, file)) = name.trim_start_matches('.').split_once('-') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if alive(pid) {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let stripped = EditSession::strip_header(&text);
        let on_disk = fs::read_to_string(workdir.join(file.replace("__", "/")));
        let unchanged = editor_own
            || stripped.trim().is_empty()
            || on_disk.is_ok_and(|d| d == stripped || d == text);
        if unchanged {
            let _ = fs::remove_file(&path);
        } else {
            kept.push(EditSession::keep_scratch(&path));
        }
    }
    kept.sort();
    kept
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_killed_runs_are_tidied_and_changed_text_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let work = tmp.path();
        let dir = work.join(".git/tthc/edit");
        fs::create_dir_all(&dir).unwrap();
        fs::create_dir_all(work.join("procedures/xa")).unwrap();
        fs::write(work.join("procedures/xa/1.yaml"), "code: '1'\n").unwrap();
        // No process has pid 4294967295; this one is running.
        let dead = 4_294_967_295_u32;
        let me = std::process::id();
        let name = |pid: u32| format!("{pid}-procedures__xa__1.yaml");
        fs::write(dir.join(name(dead)), "code: '1'\n").unwrap();
        fs::write(dir.join(format!(".{}.swp", name(dead))), "vim").unwrap();
        fs::write(dir.join(name(me)), "code: '1' # mine, being edited\n").unwrap();
        let other = format!("{dead}-procedures__xa__2.yaml");
        fs::write(dir.join(&other), "code: '2' # typed, never saved\n").unwrap();
        let old_kept = dir.join("kept-1000-procedures__xa__3.yaml");
        fs::write(&old_kept, "x").unwrap();
        let new_kept = dir.join(format!("kept-{}-procedures__xa__4.yaml", unix_now()));
        fs::write(&new_kept, "y").unwrap();

        let kept = tidy_scratch(&dir, work);
        let mut left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(kept.len(), 1, "{left:?}");
        let kept_name = kept[0].file_name().unwrap().to_string_lossy().into_owned();
        assert!(kept_name.starts_with("kept-") && kept_name.ends_with("-procedures__xa__2.yaml"));
        assert_eq!(
            fs::read_to_string(&kept[0]).unwrap(),
            "code: '2' # typed, never saved\n"
        );
        let mut expected = vec![
            name(me),
            kept_name,
            new_kept.file_name().unwrap().to_string_lossy().into_owned(),
        ];
        expected.sort();
        assert_eq!(left, expected);
    }
}
