//! Atomic file replacement, the one way tthc replaces a file: write a temporary file beside the
//! target (`.NAME.tmp-PID-N`), rename it over the target. A reader sees the old file or the new
//! one, never half of it, and an error at any step is returned (the temporary file removed),
//! never reported as written. Durable writes also fsync the file before the rename and the
//! folder after it; caches, which are rebuilt when lost, skip the fsyncs.
//!
//! A leaf module (std only), so that every layer — the record store, the caches of `history`
//! and `store` — writes through it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// What a write must survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// A power cut: the file and its folder are fsynced (catalogue files, journals, intents).
    Durable,
    /// Only a crash of the process: no fsync (caches, rebuilt when lost or damaged).
    Cache,
}

/// Replace `path` with `bytes`, atomically (and durably when asked).
pub fn write_atomic(path: &Path, bytes: &[u8], durability: Durability) -> io::Result<()> {
    write_atomic_with(path, durability, |out| out.write_all(bytes))
}

/// [`write_atomic`] with the content streamed by `fill` into a buffered writer, for files too
/// large to build in memory first (the record cache).
pub fn write_atomic_with(
    path: &Path,
    durability: Durability,
    fill: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("path has no file name"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        fill(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        if durability == Durability::Durable {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&tmp, path)?;
        if durability == Durability::Durable {
            sync_dir(dir)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Remove the temporary files that a killed [`write_atomic`] left in `dir` (`.NAME.tmp-PID-N`
/// whose process is gone). Best effort: a file that cannot be removed stays.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = temp_owner(name) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The pid in a temporary file name made by [`write_atomic`].
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (_, tail) = rest.rsplit_once(".tmp-")?;
    // `PID-N` ([`write_atomic`]) or `PID` (the caches' writers of earlier versions).
    let pid = match tail.split_once('-') {
        Some((pid, n)) => {
            n.parse::<u64>().ok()?;
            pid
        }
        None => tail,
    };
    pid.parse().ok()
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    // Without /proc, assume alive: never remove another running writer's file.
    true
}

/// Fsync a folder, so that a rename or a new name in it survives a power cut.
#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a").join("x.yaml");
        write_atomic(&p, b"one\n", Durability::Durable).unwrap();
        write_atomic(&p, b"two\n", Durability::Cache).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two\n");
        let names: Vec<_> = fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn stale_temp_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // pid 0 never names a user process; our own pid is alive.
        let dead = dir.path().join(".1.000419.yaml.tmp-0-3");
        let ours = dir
            .path()
            .join(format!(".x.yaml.tmp-{}-1", std::process::id()));
        let other = dir.path().join(".keep.tmp-notes");
        let cache = dir.path().join(".records-v1.tmp-0");
        for p in [&dead, &ours, &other, &cache] {
            fs::write(p, b"x").unwrap();
        }
        remove_stale_temps(dir.path());
        assert!(!dead.exists());
        assert!(!cache.exists());
        assert!(ours.exists());
        assert!(other.exists());
    }

    #[test]
    fn an_unwritable_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, b"x").unwrap();
        // A path whose parent is a file cannot be written.
        assert!(write_atomic(&blocker.join("x.yaml"), b"y", Durability::Durable).is_err());
        assert_eq!(fs::read(&blocker).unwrap(), b"x");
    }
}
