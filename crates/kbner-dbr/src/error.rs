//! Errors of building, reading and writing DBR samples and of retrieval.

use std::path::PathBuf;

/// What can go wrong building DBR samples or retrieval context.
#[derive(Debug, thiserror::Error)]
pub enum DbrError {
    /// The concept index failed (a query, a store read).
    #[error(transparent)]
    Index(#[from] kbner_index::IndexError),
    /// The knowledge base failed.
    #[error(transparent)]
    Kb(#[from] kbner_kb::KbError),
    /// Phrase mining or a phrase list failed.
    #[error(transparent)]
    Mine(#[from] kbner_mine::MineError),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line of a DBR file is not what the format says.
    #[error("{}:{line}: {field}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The field at fault (`-` for the line as a whole).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Options out of range or inconsistent.
    #[error("{0}")]
    Invalid(String),
    /// Stopped by the caller's cancel flag; nothing was written.
    #[error("interrupted")]
    Cancelled,
}

impl From<kbner_job::FsError> for DbrError {
    fn from(e: kbner_job::FsError) -> Self {
        DbrError::Io {
            path: e.path,
            source: e.source,
        }
    }
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, DbrError>;
