//! kbner corpus I/O and evaluation.
//!
//! One document model ([`model`]) with readers and writers for IOB/CoNLL ([`iob`]), PubTator
//! ([`pubtator`]), brat standoff ([`brat`]), BioC XML and JSON ([`bioc`]), GENIA-style nested
//! jsonlines ([`nested`]) and kbner's own JSONL ([`jsonl`]); offset-preserving tokenization and
//! subword alignment ([`tokenize`]); seqeval-compatible scoring with error analysis and linking
//! accuracy ([`eval`]); and format detection and conversion ([`format`]).

pub mod bioc;
pub mod brat;
pub mod error;
pub mod eval;
pub mod format;
pub mod iob;
pub mod jsonl;
pub mod model;
pub mod nested;
pub mod pubtator;
pub mod text;
pub mod tokenize;

pub use error::{CorpusError, ReadOptions, ReadOutcome, WriteReport};
pub use eval::{evaluate, EvalOptions, EvalReport};
pub use format::{convert, read_path, write_path, Format};
pub use model::{Corpus, Document, Entity, Infons, Passage, Relation, RelationArg, Sentence};
