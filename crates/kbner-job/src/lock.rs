//! Locks that keep writers of one target apart and readers off a half-done swap.
//!
//! Two lock files live beside a target `DIR/NAME` (never inside it: a directory target is replaced
//! whole by [`crate::StagingDir::commit`]). Both are `flock` locks (std's [`File::lock`]), so they
//! are released by the kernel when their holder exits or is killed; the files themselves stay.
//!
//! - `DIR/.NAME.kbner-lock`: the **writer lock**, taken by [`WriteLock::acquire`] for a whole job.
//!   A second writer is refused at once, with the pid of the holder.
//! - `DIR/.NAME.kbner-swap-lock`: the **swap lock**. [`crate::StagingDir::commit`] holds it
//!   exclusively for the two renames of a swap; readers hold it shared while they open the
//!   target ([`ReadLock`]), so they see the old target or the new one, never neither or a mix.
//!   A reader that has opened its files keeps reading them after a swap (open files outlive the
//!   rename and the removal of the old directory).

use crate::atomic::{recover_unlocked, sibling_name, FsError};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const WRITE_LOCK_TAG: &str = ".kbner-lock";
const SWAP_LOCK_TAG: &str = ".kbner-swap-lock";

/// A write lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process (or another job in this one) is writing the target.
    #[error("another kbner process{} is writing {}; wait for it or stop it", pid_text(*.pid), target.display())]
    Busy {
        /// The target being written.
        target: PathBuf,
        /// The holder's process id, when it could be read from the lock file.
        pid: Option<u32>,
    },
    /// The lock file could not be created or locked.
    #[error(transparent)]
    Fs(#[from] FsError),
}

fn pid_text(pid: Option<u32>) -> String {
    pid.map(|p| format!(" (pid {p})")).unwrap_or_default()
}

/// The exclusive right to write a target, held until dropped (or until the process ends, however
/// it ends). Every job that replaces a target takes it first: ingest on the knowledge-base
/// directory, the index build on the knowledge-base directory whose `index/` it writes.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
    target: PathBuf,
}

impl WriteLock {
    /// Takes the writer lock of `target` (creating its parent directory if needed), or fails at
    /// once with [`LockError::Busy`] naming the holder's pid when another writer holds it.
    pub fn acquire(target: &Path) -> Result<WriteLock, LockError> {
        let path = sibling_name(target, WRITE_LOCK_TAG)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| FsError::new(parent, e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| FsError::new(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(LockError::Busy {
                    target: target.to_path_buf(),
                    pid: text.trim().parse().ok(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(FsError::new(&path, e).into()),
        }
        // For the message a second writer prints; the lock itself is what excludes it.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{}", std::process::id()));
        Ok(WriteLock {
            _file: file,
            target: target.to_path_buf(),
        })
    }

    /// The target this lock protects.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

/// Held while a reader opens a target: a swap of the target waits until it is dropped. Drop it
/// once the target's files are open, so that writers are not held up.
///
/// Taking it first recovers an interrupted swap and clears leftovers of dead processes (see
/// [`crate::recover`]). Readers that cannot create the lock file (a read-only location) read
/// without it: no writer can swap the target there either.
///
/// Do not hold one while committing a [`crate::StagingDir`] for the same target in the same
/// process: the commit would wait for it forever.
#[derive(Debug)]
pub struct ReadLock {
    _file: Option<File>,
}

impl ReadLock {
    /// Waits for any swap of `target` in progress, then holds swaps off until dropped.
    pub fn acquire(target: &Path) -> Result<ReadLock, FsError> {
        let file = swap_lock(target, false)?;
        recover_unlocked(target)?;
        Ok(ReadLock { _file: file })
    }
}

/// Opens and locks the swap lock of `target`: exclusively (a writer, which must be able to create
/// it) or shared (a reader; `None` when the file cannot be created or opened).
pub(crate) fn swap_lock(target: &Path, exclusive: bool) -> Result<Option<File>, FsError> {
    let path = sibling_name(target, SWAP_LOCK_TAG)?;
    let opened = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .or_else(|e| match e.kind() {
            // A reader of a store it may not write: an existing lock file still works read-only.
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem if !exclusive => {
                File::open(&path)
            }
            _ => Err(e),
        });
    let file = match opened {
        Ok(f) => f,
        Err(_) if !exclusive => return Ok(None),
        Err(e) => return Err(FsError::new(&path, e)),
    };
    let locked = if exclusive {
        file.lock()
    } else {
        file.lock_shared()
    };
    locked.map_err(|e| FsError::new(&path, e))?;
    Ok(Some(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_the_holders_pid_until_the_first_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new-parent").join("kb");
        let first = WriteLock::acquire(&target).unwrap();
        assert!(dir.path().join("new-parent/.kb.kbner-lock").is_file());
        let err = WriteLock::acquire(&target).unwrap_err();
        assert!(
            matches!(err, LockError::Busy { pid: Some(p), .. } if p == std::process::id()),
            "{err:?}"
        );
        let msg = err.to_string();
        assert_eq!(
            msg,
            format!(
                "another kbner process (pid {}) is writing {}; wait for it or stop it",
                std::process::id(),
                target.display()
            )
        );
        drop(first);
        let again = WriteLock::acquire(&target).unwrap();
        assert_eq!(again.target(), target);
        // Another target beside it is independent.
        WriteLock::acquire(&dir.path().join("new-parent/other")).unwrap();
    }

    #[test]
    fn a_swap_waits_for_readers_that_are_opening() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kb");
        std::fs::create_dir(&target).unwrap();
        let reading = ReadLock::acquire(&target).unwrap();
        let swapped = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                let staging = crate::StagingDir::create(&target).unwrap();
                staging.commit().unwrap();
                swapped.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(std::time::Duration::from_millis(300));
            assert!(!swapped.load(Ordering::SeqCst), "the swap must wait");
            drop(reading);
        });
        assert!(swapped.load(Ordering::SeqCst));
    }
}
