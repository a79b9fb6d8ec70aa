//! # kbner-job: what every long kbner job needs
//!
//! Helpers shared by every stage, so that each job behaves the same way:
//! - **Atomic outputs**: a file is written beside its target and renamed into place
//!   ([`write_file`], [`write_file_with`]); a directory is built in a staging directory and swapped
//!   in whole ([`StagingDir`]). A crash, a kill or Ctrl-C leaves the previous output or nothing,
//!   never a half-written one, and leftovers of dead processes are cleaned up on the next run.
//! - **Locks** beside a target: one writer at a time ([`WriteLock`]), and readers that open the
//!   target while it is swapped see the old one or the new one whole ([`ReadLock`]).
//! - **Progress** on stderr ([`Progress`]): a bar on a terminal, plain lines in a log.
//!
//! ```
//! # fn main() -> Result<(), kbner_job::FsError> {
//! let dir = tempfile::tempdir().unwrap();
//! let target = dir.path().join("store");
//! let _writing = kbner_job::WriteLock::acquire(&target).unwrap(); // a second writer is refused
//! let staging = kbner_job::StagingDir::create(&target)?;
//! kbner_job::write_file(&staging.path().join("data.txt"), b"complete")?;
//! staging.commit()?; // `store/` now exists, whole
//! assert_eq!(std::fs::read(target.join("data.txt")).unwrap(), b"complete");
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod atomic;
mod lock;
mod progress;

pub use atomic::{recover, write_file, write_file_with, FsError, StagingDir};
pub use lock::{LockError, ReadLock, WriteLock};
pub use progress::{Progress, TrainingStep};
