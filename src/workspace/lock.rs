//! The catalogue-wide writer lock: two tthc processes never interleave the steps of a save.
//!
//! The lock is an advisory `flock` on `.git/tthc/lock`, so the kernel releases it the moment its
//! owner ends — a killed save can never leave a lock behind, and there is nothing to "break".
//! The file itself stays; its content names the last owner (pid, start time) for the message
//! shown to whoever has to wait.

use super::WorkspaceError;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another one to finish before giving up with a message.
pub const WAIT: Duration = Duration::from_secs(10);

/// A held writer lock; dropping it releases the lock.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
    path: PathBuf,
}

impl WriterLock {
    /// The lock file of the repository whose git directory is `git_dir`.
    pub fn path_in(git_dir: &Path) -> PathBuf {
        git_dir.join("tthc").join("lock")
    }

    /// Take the lock, waiting up to `wait` for another writer to finish.
    pub fn acquire(git_dir: &Path, wait: Duration) -> Result<WriterLock, WorkspaceError> {
        let path = Self::path_in(git_dir);
        let io = |source| WorkspaceError::Io {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let start = Instant::now();
        loop {
            match try_lock(&file) {
                Ok(true) => break,
                Ok(false) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                Ok(false) => {
                    let mut owner = String::new();
                    let _ = file.read_to_string(&mut owner);
                    let (pid, since) = parse_owner(&owner);
                    return Err(WorkspaceError::Busy { pid, since });
                }
                Err(e) => return Err(io(e)),
            }
        }
        // Name the owner for anyone who has to wait (best effort: the lock is the flock).
        let owner = format!(
            "{} {}\n",
            std::process::id(),
            jiff::Timestamp::now().as_second()
        );
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = file.write_all(owner.as_bytes());
        Ok(WriterLock { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn parse_owner(text: &str) -> (Option<u32>, Option<i64>) {
    let mut words = text.split_whitespace();
    let pid = words.next().and_then(|w| w.parse().ok());
    let since = words.next().and_then(|w| w.parse().ok());
    (pid, since)
}

#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(unix))]
fn try_lock(file: &File) -> std::io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_gets_a_message_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriterLock::acquire(dir.path(), WAIT).unwrap();
        let err = WriterLock::acquire(dir.path(), Duration::from_millis(60)).unwrap_err();
        match err {
            WorkspaceError::Busy { pid, since } => {
                assert_eq!(pid, Some(std::process::id()));
                assert!(since.is_some());
            }
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(first);
        WriterLock::acquire(dir.path(), Duration::from_millis(60)).unwrap();
    }
}
