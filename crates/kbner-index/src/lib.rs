//! # kbner-index: the concept index
//!
//! Candidate generation over a kbner knowledge base: exact normalized-name matches (the store's
//! name index), lexical matches (tantivy: words + character trigrams) and dense matches (an HNSW
//! graph of encoder embeddings), fused per concept by weighted reciprocal-rank fusion, optionally
//! constrained to semantic types or groups.
//!
//! The index lives in `KB_DIR/index/` beside the store, with a manifest recording the knowledge
//! base fingerprint, the encoder fingerprint, parameters, counts and file checksums; an index that
//! does not match its store or encoder is refused. Building is atomic (staging directory + rename)
//! and resumable (embeddings are cached in chunks in `KB_DIR/.index-cache/` until the build ends).
#![warn(missing_docs)]

pub mod build;
pub mod dense;
pub mod flat;
pub mod lexical;
pub mod manifest;
pub mod memory;
pub mod search;

pub use build::{build_index, BuildOptions};
pub use dense::DenseParams;
pub use manifest::IndexManifest;
pub use memory::{MemoryStats, MentionMemory};
pub use search::{Candidate, ConceptIndex, Retriever, SearchOptions};

use std::path::{Path, PathBuf};

/// Errors of index building and search.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The knowledge base failed.
    #[error(transparent)]
    Kb(#[from] kbner_kb::KbError),
    /// The encoder failed.
    #[error(transparent)]
    Encoder(#[from] kbner_encoder::EncoderError),
    /// tantivy failed.
    #[error("lexical index: {0}")]
    Lexical(String),
    /// hnsw_rs failed.
    #[error("dense index: {0}")]
    Dense(String),
    /// The index is missing.
    #[error("{0}")]
    Missing(String),
    /// The index does not match the store or the encoder.
    #[error("{0}")]
    Stale(String),
    /// Bad parameters or query.
    #[error("{0}")]
    Invalid(String),
    /// The run stopped after its embedding budget; a rerun continues where it stopped.
    #[error("embedded {embedded} of {total} names so far; run `kbner kb index` again to continue")]
    Partial {
        /// Names embedded (cached) so far.
        embedded: usize,
        /// Names to embed.
        total: usize,
    },
    /// Interrupted; nothing was replaced.
    #[error("interrupted; the previous index (if any) is unchanged")]
    Cancelled,
}

impl IndexError {
    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        IndexError::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }
}

/// Result alias.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;
