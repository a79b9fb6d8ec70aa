//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while loading, training or running a tagger.
///
/// Variants that involve a file name it, so a message says which file to look at.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    /// A data file has a bad line or field.
    #[error("{path}:{line}: {message}")]
    Data {
        /// The file.
        path: PathBuf,
        /// 1-based line number (0 when not known).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The adapter was trained on another base model, or files disagree with each other.
    #[error("{0}")]
    Mismatch(String),
    /// A user-given option is not usable.
    #[error("{0}")]
    Invalid(String),
    /// The tokenizer failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// A tensor operation failed.
    #[error(transparent)]
    Candle(#[from] candle_core::Error),
    /// Reading or writing a file, or loading or running the model, failed (errors that
    /// involve a file name it).
    #[error(transparent)]
    Nn(#[from] kbner_nn::NnError),
    /// DBR samples or retrieval context failed.
    #[error(transparent)]
    Dbr(#[from] kbner_dbr::DbrError),
    /// The job was interrupted (Ctrl-C); nothing half-written was left behind.
    #[error("interrupted")]
    Interrupted,
}

impl From<kbner_mine::MineError> for TaggerError {
    fn from(e: kbner_mine::MineError) -> Self {
        TaggerError::Dbr(kbner_dbr::DbrError::Mine(e))
    }
}

impl From<kbner_job::FsError> for TaggerError {
    fn from(e: kbner_job::FsError) -> Self {
        TaggerError::io(e.path, e.source)
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = TaggerError> = std::result::Result<T, E>;

impl TaggerError {
    /// A file whose content is not usable ([`kbner_nn::NnError::Format`]).
    pub fn format(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        TaggerError::Nn(kbner_nn::NnError::format(path, message))
    }

    /// A file that could not be read or written ([`kbner_nn::NnError::Io`]).
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        TaggerError::Nn(kbner_nn::NnError::io(path, source))
    }
}
