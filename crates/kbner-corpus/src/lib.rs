//! kbner corpus I/O and evaluation.
//!
//! One document model ([`Corpus`] → [`Document`] → [`Passage`]s and [`Entity`] mentions with
//! character offsets) with a reader and a writer for every [`Format`]: IOB/CoNLL, PubTator, brat
//! standoff, BioC XML and JSON, GENIA-style nested jsonlines, kbner's own JSONL and plain text.
//! Files are read with [`read_path`] (format detected from the content when not given, plain text
//! only when nothing else matches; the outcome says which) or [`read_bytes`], written with
//! [`write_path`] or [`write_string`], and converted with [`convert`]; the
//! [`format`](mod@format) module holds these and brat's per-document functions. Readers report
//! skipped records ([`ReadOutcome`]), writers what a format could not hold ([`WriteReport`]);
//! [`check_output_is_not_input`] keeps a command from writing over its own input.
//!
//! Also: seqeval-compatible scoring with error analysis and linking accuracy ([`evaluate`], report
//! types in [`eval`]); the IOB tagging scheme ([`iob`]: seqeval's tag decoding, entities to token
//! tags); offset-preserving tokenization and subword alignment ([`tokenize`]); character ↔ byte
//! offsets ([`text`]); and the linked mentions of annotated corpora ([`read_linked_mentions`]).
//!
//! ```
//! use kbner_corpus::{evaluate, read_bytes, EvalOptions, Format, ReadOptions};
//!
//! let opts = ReadOptions::default();
//! let gold = read_bytes(b"Crohn\tB-Disease\ndisease\tI-Disease\n\n", Format::Iob, &opts)?;
//! let pred = read_bytes(b"Crohn\tB-Disease\ndisease\tO\n\n", Format::Iob, &opts)?;
//! let report = evaluate(&gold.corpus, &pred.corpus, &EvalOptions::default())?;
//! assert_eq!(report.strict.micro.f1, 0.0);
//! assert_eq!(report.lenient.micro.f1, 1.0);
//! # Ok::<(), kbner_corpus::CorpusError>(())
//! ```

#![deny(missing_docs)]

mod bioc;
mod brat;
mod error;
pub mod eval;
pub mod format;
pub mod iob;
mod jsonl;
mod mentions;
mod model;
mod nested;
mod plain;
mod pubtator;
mod stream;
pub mod text;
pub mod tokenize;

pub use error::{CorpusError, ReadOptions, ReadOutcome, Result, WriteReport};
pub use eval::{evaluate, EvalOptions, EvalReport, IdMapper};
pub use format::{
    check_output_is_not_input, convert, detect, read_bytes, read_path, same_file, sniff,
    write_path, write_string, ConvertSummary, Format,
};
pub use mentions::{read_linked_mentions, LinkedMention, LinkedMentions};
pub use model::{Corpus, Document, Entity, Infons, Passage, Relation, RelationArg, Sentence};
pub use stream::ChunkedReader;
