//! Export destinations: a folder built in a staging folder next to the target and swapped in at
//! once, or memory.

use super::{ExportError, Sink};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Written into every export folder; only a folder holding it (or an empty one) is replaced.
pub const MARKER_FILE: &str = ".tthc-export";

/// Files written under a root folder, parents created as needed.
pub struct FolderSink {
    root: PathBuf,
    /// An earlier export: a file whose bytes did not change is hard-linked from it instead of
    /// written again. Files are never modified in place, so sharing them is safe, and a
    /// re-export then costs few new inodes (creating and deleting tens of thousands of files is
    /// what makes a large export slow on ext4).
    previous: Option<PathBuf>,
    /// Folders made (or found) under `root` so far: a hundred thousand pages share three.
    folders: Mutex<BTreeSet<PathBuf>>,
}

impl FolderSink {
    pub fn new(root: &Path) -> FolderSink {
        FolderSink {
            root: root.to_owned(),
            previous: None,
            folders: Mutex::default(),
        }
    }

    /// Reuse unchanged files of the export at `previous`.
    pub fn reusing(root: &Path, previous: &Path) -> FolderSink {
        FolderSink {
            previous: Some(previous.to_owned()),
            ..FolderSink::new(root)
        }
    }

    /// Make the folder `path` is in, unless it was made before (a file in a sub-folder).
    fn make_parent(&self, rel: &str, path: &Path) -> io::Result<()> {
        let Some(parent) = path.parent().filter(|_| rel.contains('/')) else {
            return Ok(());
        };
        let lock = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if lock().contains(parent) {
            return Ok(());
        }
        if !parent.is_dir() {
            fs::create_dir_all(parent)?;
        }
        lock().insert(parent.to_owned());
        Ok(())
    }

    fn link_unchanged(&self, rel: &str, path: &Path, bytes: &[u8]) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        // Large files (the index of a big catalogue) are cheaper to write than to compare.
        if bytes.len() > 4 << 20 {
            return false;
        }
        let old = previous.join(rel);
        // Only a plain file of the same length is read back; it is compared in one read.
        let same = fs::symlink_metadata(&old)
            .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && same_content(&old, bytes);
        same && fs::hard_link(&old, path).is_ok()
    }
}

/// Whether the file at `path` holds exactly `bytes` (its length already known to match).
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        buffer.resize(bytes.len(), 0);
        file.read_exact(buffer).is_ok() && buffer.as_slice() == bytes
    })
}

impl Sink for FolderSink {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.root.join(rel);
        self.make_parent(rel, &path)?;
        if self.link_unchanged(rel, &path, bytes) {
            return Ok(());
        }
        match fs::write(&path, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&path, bytes)
            }
            other => other,
        }
    }

    fn stream(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        let path = self.root.join(rel);
        // A file in a sub-folder (one unit's site under `--all-units`): make the folder first.
        if let Some(parent) = path.parent()
            && rel.contains('/')
            && !parent.is_dir()
        {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let file = fs::File::create(&path).map_err(io_err(&path))?;
        let mut out = io::BufWriter::with_capacity(1 << 20, file);
        write(&mut out)?;
        io::Write::flush(&mut out).map_err(io_err(&path))
    }
}

/// Files kept in memory, by relative path.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    pub fn new() -> MemorySink {
        MemorySink::default()
    }
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_owned(), bytes.to_vec());
        Ok(())
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Build an export with `build` into a staging folder beside `out`, then put it in `out`'s place
/// in one step. `out` must be absent, empty, or an earlier export (it holds [`MARKER_FILE`]):
/// an export never replaces a folder it did not make. On failure `out` is left as it was.
pub fn write_folder<T>(
    out: &Path,
    build: impl FnOnce(&dyn Sink) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    // Work on the real location, so a symlinked output folder is updated where it points.
    let out = match fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => out.canonicalize().map_err(io_err(out))?,
        _ => out.to_owned(),
    };
    let name = out
        .file_name()
        .ok_or_else(|| ExportError::NotAnExport { path: out.clone() })?
        .to_string_lossy()
        .into_owned();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let existed = match fs::metadata(&out) {
        Ok(meta) if meta.is_dir() => {
            let empty = fs::read_dir(&out).map_err(io_err(&out))?.next().is_none();
            if !empty && !out.join(MARKER_FILE).is_file() {
                return Err(ExportError::NotAnExport { path: out });
            }
            true
        }
        Ok(_) => return Err(ExportError::NotAnExport { path: out }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(io_err(&out)(e)),
    };
    remove_abandoned_staging(&parent, &name);
    let staging = parent.join(format!(".{name}.tthc-staging-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    fs::create_dir(&staging).map_err(io_err(&staging))?;
    let sink = if existed {
        FolderSink::reusing(&staging, &out)
    } else {
        FolderSink::new(&staging)
    };
    let result = build(&sink).and_then(|value| {
        fs::write(
            staging.join(MARKER_FILE),
            "This folder was written by `tthc export`; the next export replaces it as a whole.\n",
        )
        .map_err(io_err(&staging))?;
        Ok(value)
    });
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if let Err(e) = swap_in(&staging, &out, existed) {
        let _ = fs::remove_dir_all(&staging);
        return Err(io_err(&out)(e));
    }
    Ok(value)
}

/// Staging folders left by an export that was killed (its process is gone) are removed; one of a
/// running export is left alone.
fn remove_abandoned_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tthc-staging-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name
            .strip_prefix(&prefix)
            .map(|rest| rest.trim_end_matches(".old"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = pid == std::process::id()
            || !Path::new("/proc").is_dir()
            || Path::new("/proc").join(pid.to_string()).exists();
        if !alive {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Put `staging` at `out`. When `out` exists the two are exchanged atomically where the system
/// can (Linux `renameat2(RENAME_EXCHANGE)`), then the old content is removed.
fn swap_in(staging: &Path, out: &Path, existed: bool) -> io::Result<()> {
    if !existed {
        return fs::rename(staging, out);
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous export.
        return fs::remove_dir_all(staging);
    }
    // Fallback: two renames, with a moment in which `out` is absent (never half-written).
    let mut old_name = staging.file_name().unwrap_or_default().to_os_string();
    old_name.push(".old");
    let old = staging.with_file_name(old_name);
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        return Err(e);
    }
    fs::remove_dir_all(&old)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_an_earlier_export_and_refuses_other_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_folder(&out, |s| s.put("a/b.txt", b"1").map_err(io_err(&out))).unwrap();
        assert_eq!(fs::read(out.join("a/b.txt")).unwrap(), b"1");
        write_folder(&out, |s| s.put("c.txt", b"2").map_err(io_err(&out))).unwrap();
        assert!(!out.join("a").exists(), "the old content is gone");
        assert_eq!(fs::read(out.join("c.txt")).unwrap(), b"2");
        // Nothing is left beside it.
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1);

        let precious = tmp.path().join("documents");
        fs::create_dir(&precious).unwrap();
        fs::write(precious.join("letter.txt"), b"keep").unwrap();
        let err = write_folder(&precious, |_| Ok(())).unwrap_err();
        assert!(matches!(err, ExportError::NotAnExport { .. }));
        assert_eq!(fs::read(precious.join("letter.txt")).unwrap(), b"keep");
    }

    #[test]
    fn a_failed_build_leaves_the_old_export() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        write_folder(&out, |s| s.put("x", b"old").map_err(io_err(&out))).unwrap();
        let err = write_folder(&out, |s| {
            s.put("x", b"new").map_err(io_err(&out))?;
            Err::<(), _>(ExportError::Xlsx("boom".into()))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(out.join("x")).unwrap(), b"old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn staging_left_by_a_killed_export_is_cleaned_up() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        // No process has pid 4294967295.
        let abandoned = tmp.path().join(".site.tthc-staging-4294967295");
        fs::create_dir(&abandoned).unwrap();
        fs::write(abandoned.join("half.html"), b"<").unwrap();
        write_folder(&out, |s| s.put("x", b"1").map_err(io_err(&out))).unwrap();
        assert!(!abandoned.exists());
    }
}
