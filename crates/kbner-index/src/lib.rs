//! # kbner-index: the concept index
//!
//! Candidate generation over a kbner knowledge base: exact normalized-name matches (the store's
//! name index), lexical matches (tantivy: words + character trigrams) and dense matches (an HNSW
//! graph of encoder embeddings), fused per concept by weighted reciprocal-rank fusion, optionally
//! constrained to semantic types or groups.
//!
//! The index lives in `KB_DIR/index/` beside the store, with a manifest recording the knowledge
//! base fingerprint, the encoder fingerprint, parameters, counts and file checksums; an index that
//! does not match its store or encoder is refused. Building is atomic (staging directory + rename);
//! embeddings are cached by (encoder fingerprint, name) in `KB_DIR/.index-cache/`, so an
//! interrupted build continues where it stopped and a build after a re-ingest embeds only new
//! names; an index that already matches its store and encoder is left as it is.
//!
//! - [`build_index`] builds the index of a store ([`BuildOptions`], [`DenseParams`]);
//! - [`ConceptIndex`] opens it with its store and encoder and answers [`ConceptIndex::search`]
//!   ([`SearchOptions`], [`Retriever`]) with ranked [`Candidate`]s;
//! - [`MentionMemory`] adds the linked mentions of an annotated corpus to fused search;
//! - [`synonym_groups`] gives encoder tuning each concept's names;
//! - [`DenseBuilder`] and [`DenseIndex`] are the HNSW graph alone (benchmarks, tuning).
#![deny(missing_docs)]

mod build;
mod dense;
mod dot;
mod embeddings;
mod flat;
mod lexical;
mod manifest;
mod memory;
mod search;
mod synonyms;

pub use build::{build_index, BuildOptions, BuildReport, MAX_CHUNK};
pub use dense::{DenseBuilder, DenseIndex, DenseParams, DenseView, VectorStorage, MAX_EF};
pub use manifest::{EncoderInfo, FileCheck, IndexManifest};
pub use memory::{MemoryStats, MentionMemory};
pub use search::{
    check_query, type_matches, Candidate, ConceptIndex, Retriever, SearchOptions, MAX_DEPTH, MAX_K,
    MAX_QUERY_CHARS,
};
pub use synonyms::{synonym_groups, MentionsJoined};

use std::path::{Path, PathBuf};

/// Errors of index building and search.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// What the operating system reported.
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
    /// Interrupted; nothing was replaced (embeddings finished so far are kept for the next run).
    #[error("interrupted; the previous index (if any) is unchanged, and the embeddings finished so far are kept for the next run")]
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

impl From<kbner_job::FsError> for IndexError {
    fn from(e: kbner_job::FsError) -> Self {
        IndexError::Io {
            path: e.path,
            source: e.source,
        }
    }
}

/// Result of index building and search.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;
