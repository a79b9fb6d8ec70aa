//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while loading a model or embedding texts.
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
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A JSON file could not be parsed.
    #[error("{path}: invalid JSON: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// A configuration file parsed but its content is not usable.
    #[error("{path}: {message}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
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
    /// The compute device could not be initialised.
    #[error("cannot initialise the compute device: {0}")]
    Device(candle_core::Error),
    /// An option passed to [`crate::Encoder::load`] is out of range.
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
