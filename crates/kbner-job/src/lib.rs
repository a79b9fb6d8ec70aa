//! # kbner-job: what every long kbner job needs
//!
//! Two helpers shared by every stage, so that each job behaves the same way:
//! - **Atomic outputs**: a file is written beside its target and renamed into place
//!   ([`write_file`], [`write_file_with`]); a directory is built in a staging directory and swapped
//!   in whole ([`StagingDir`]). A crash, a kill or Ctrl-C leaves the previous output or nothing,
//!   never a half-written one, and leftovers of dead processes are cleaned up on the next run.
//! - **Progress** on stderr ([`Progress`]): a bar on a terminal, plain lines in a log.
//!
//! ```
//! # fn main() -> Result<(), kbner_job::FsError> {
//! let dir = tempfile::tempdir().unwrap();
//! let target = dir.path().join("store");
//! let staging = kbner_job::StagingDir::create(&target)?;
//! kbner_job::write_file(&staging.path().join("data.txt"), b"complete")?;
//! staging.commit()?; // `store/` now exists, whole
//! assert_eq!(std::fs::read(target.join("data.txt")).unwrap(), b"complete");
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod atomic;
mod progress;

pub use atomic::{recover, write_file, write_file_with, FsError, StagingDir};
pub use progress::{Progress, TrainingStep};
