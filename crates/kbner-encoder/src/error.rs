//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while loading a model, embedding texts or tuning an encoder.
///
/// Every variant that involves a file names it, so that a message shown to a
/// user says which file to look at.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    /// The model directory does not exist or is not a directory.
    #[error(
        "model directory {path} does not exist or is not a directory \
         (set KBNER_ENCODER, or run scripts/setup.sh to fetch all-MiniLM-L6-v2)"
    )]
    MissingDir {
        /// The directory that was looked for.
        path: PathBuf,
    },
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The tokenizer could not be built or failed to tokenize.
    #[error("{path}: tokenizer: {message}")]
    Tokenizer {
        /// The tokenizer file (`tokenizer.json` or `vocab.txt`).
        path: PathBuf,
        /// The tokenizer library's message.
        message: String,
    },
    /// The weights could not be loaded (missing tensor, wrong shape, bad file).
    #[error("{path}: cannot load BERT weights: {source}")]
    Weights {
        /// The weights file.
        path: PathBuf,
        /// The underlying error.
        source: candle_core::Error,
    },
    /// Locating or reading the model's files failed.
    #[error(transparent)]
    Model(#[from] kbner_nn::NnError),
    /// A tensor operation failed (encoder tuning).
    #[error(transparent)]
    Tensor(#[from] candle_core::Error),
    /// The job was interrupted (Ctrl-C); nothing was written.
    #[error("interrupted")]
    Interrupted,
    /// An option passed to [`crate::Encoder::load`] or [`crate::tune_encoder`] is out of range.
    #[error("invalid encoder option: {0}")]
    InvalidOption(String),
    /// A text passed to [`crate::Encoder::embed`] is empty or whitespace only.
    #[error("text {index} is empty or whitespace only; filter such texts before embedding")]
    EmptyText {
        /// Index of the text in the input slice.
        index: usize,
    },
    /// The forward pass failed.
    #[error("{model}: inference failed: {source}")]
    Inference {
        /// The model directory.
        model: PathBuf,
        /// The underlying error.
        source: candle_core::Error,
    },
}

impl From<kbner_job::FsError> for EncoderError {
    fn from(e: kbner_job::FsError) -> Self {
        EncoderError::Io {
            path: e.path,
            source: e.source,
        }
    }
}
