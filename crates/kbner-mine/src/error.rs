//! Errors of mining and of phrase-list files.

use std::path::PathBuf;

/// What can go wrong mining phrases or reading and writing a phrase list.
#[derive(Debug, thiserror::Error)]
pub enum MineError {
    /// The name oracle (the knowledge base) failed.
    #[error("looking up {name:?} in the knowledge base: {message}")]
    Oracle {
        /// The normalized n-gram being looked up.
        name: String,
        /// The oracle's error.
        message: String,
    },
    /// A sentence's offsets do not fit its passage text.
    #[error("document {doc:?}: sentence at {start}..{end} is outside its passage text")]
    BadSentence {
        /// Document id.
        doc: String,
        /// Sentence start (character offset).
        start: usize,
        /// Sentence end (character offset).
        end: usize,
    },
    /// A phrase-list file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line of a phrase-list file is not what the format says.
    #[error("{}:{line}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong (the field, when one is).
        message: String,
    },
    /// Writing the output atomically failed.
    #[error(transparent)]
    Write(#[from] kbner_job::FsError),
    /// Options out of range.
    #[error("invalid option: {0}")]
    Options(String),
    /// Interrupted (Ctrl-C); nothing was written.
    #[error("phrase mining interrupted; nothing was written")]
    Cancelled,
}
