//! # kbner-annotate: text in, entities linked to concepts out
//!
//! The last stage of the pipeline and the job users come for. An [`Annotator`] finds entities in
//! documents and links them to knowledge-base concepts in one call, with
//! - the **knowledge-base tagger** ([`KbTagger`]): the concept names of the index found in the
//!   text (exact through a name automaton, plural and spelling variants, optionally approximate
//!   through the index), overlaps resolved, abbreviations defined in the document followed, type
//!   filters — no training needed;
//! - a **trained tagger** (`kbner train`'s adapter, [`ModelTagger`]) whose mentions the linker then
//!   links;
//! - or **both**, merged (the trained tagger's mentions first, the knowledge base's where it found
//!   nothing).
//!
//! [`Annotator::annotate`] is the one call a server or a language binding makes on a batch of
//! documents (the annotator is shared between threads); [`annotate_stream`] runs it over inputs
//! of any size in bounded memory — chunks of documents read, annotated on every core and written
//! in order, with progress and Ctrl-C between chunks — which is what `kbner annotate` does.
//!
//! ```no_run
//! use std::sync::Arc;
//! use kbner_annotate::{Annotator, KbTaggerOptions};
//! use kbner_corpus::{read_bytes, Format, ReadOptions};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let kb = std::path::Path::new("kb-hpo");
//! let encoder = kbner_encoder::Encoder::load(std::path::Path::new("all-MiniLM-L6-v2"), &Default::default())?;
//! let index = Arc::new(kbner_index::ConceptIndex::open(kb, encoder)?);
//! let annotator = Annotator::new(index, Some(KbTaggerOptions::default()), None)?;
//! let mut corpus = read_bytes(b"The boy had seizures and short stature.", Format::Text, &ReadOptions::default())?.corpus;
//! annotator.annotate(&mut corpus.documents, false)?;
//! for e in &corpus.documents[0].entities {
//!     println!("{} {} {:?}", e.text, e.ids[0], e.infons.get("name"));
//! }
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod annotator;
mod kb_tagger;
mod stream;
mod table;

pub use annotator::{AnnotateStats, Annotator, ModelTagger, MAX_REPORTED_SKIPS};
pub use kb_tagger::{Approximate, KbTagger, KbTaggerOptions, Label};
pub use stream::{annotate_stream, Input, Output, OutputFormat, StreamOptions, StreamReport};
pub use table::table;

/// Errors of annotation.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    /// The concept index failed (or is missing or stale).
    #[error(transparent)]
    Index(#[from] kbner_index::IndexError),
    /// The knowledge base failed.
    #[error(transparent)]
    Kb(#[from] kbner_kb::KbError),
    /// An input could not be read or an output written.
    #[error(transparent)]
    Corpus(#[from] kbner_corpus::CorpusError),
    /// The trained tagger failed.
    #[error(transparent)]
    Tagger(#[from] kbner_tagger::TaggerError),
    /// Linking failed.
    #[error(transparent)]
    Link(#[from] kbner_link::LinkError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Bad settings.
    #[error("{0}")]
    Invalid(String),
    /// A document could not be annotated (without `lenient`).
    #[error("document {doc}: {reason} (--lenient skips such documents, counting them)")]
    Document {
        /// Its id.
        doc: String,
        /// Why.
        reason: String,
    },
    /// Interrupted (Ctrl-C); an output file was not replaced.
    #[error("interrupted; the output was not written")]
    Interrupted,
}

impl From<kbner_job::FsError> for AnnotateError {
    fn from(e: kbner_job::FsError) -> Self {
        AnnotateError::Io {
            path: e.path.display().to_string(),
            source: e.source,
        }
    }
}

/// Result of annotation.
pub type Result<T, E = AnnotateError> = std::result::Result<T, E>;
