//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while loading or training a model.
///
/// Variants that involve a file name it, so a message says which file to look at.
#[derive(Debug, thiserror::Error)]
pub enum NnError {
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
    /// A JSON file could not be parsed.
    #[error("{path}: invalid JSON: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// The model directory does not exist or is not a directory.
    #[error("model directory {path} does not exist or is not a directory")]
    MissingDir {
        /// The directory that was looked for.
        path: PathBuf,
    },
    /// A file the model needs is missing.
    #[error("{path}: missing ({what})")]
    MissingFile {
        /// The file that was looked for.
        path: PathBuf,
        /// What the file is for.
        what: &'static str,
    },
    /// The directory only has PyTorch pickle weights, which are not supported.
    #[error(
        "{path}: PyTorch pickle weights are not supported; this directory has no model.safetensors. \
         Convert them once, e.g. in Python: `from transformers import AutoModel; \
         AutoModel.from_pretrained(DIR).save_pretrained(DIR, safe_serialization=True)`"
    )]
    UnsupportedWeights {
        /// The `pytorch_model.bin` that was found.
        path: PathBuf,
    },
    /// An option or argument is not usable.
    #[error("{0}")]
    Invalid(String),
    /// The tokenizer failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The compute device could not be initialised.
    #[error("cannot initialise the compute device: {0}")]
    Device(candle_core::Error),
    /// A tensor operation failed.
    #[error(transparent)]
    Candle(#[from] candle_core::Error),
}

/// Shorthand for results of this crate.
pub type Result<T, E = NnError> = std::result::Result<T, E>;

impl NnError {
    /// A [`NnError::Format`] for `path`.
    pub fn format(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        NnError::Format {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A [`NnError::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        NnError::Io {
            path: path.into(),
            source,
        }
    }
}
