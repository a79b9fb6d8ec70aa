//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while loading, training or running a tagger.
///
/// Variants that involve a file name it, so a message says which file to look at.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file parsed but its content is not usable (bad config, wrong tensor shape, bad GGUF).
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
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
    /// Loading the BERT backbone failed.
    #[error(transparent)]
    Encoder(#[from] kbner_encoder::EncoderError),
    /// The job was interrupted (Ctrl-C); nothing half-written was left behind.
    #[error("interrupted")]
    Interrupted,
}

/// Shorthand for results of this crate.
pub type Result<T, E = TaggerError> = std::result::Result<T, E>;

impl TaggerError {
    /// A [`TaggerError::Format`] for `path`.
    pub fn format(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        TaggerError::Format {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A [`TaggerError::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        TaggerError::Io {
            path: path.into(),
            source,
        }
    }
}
