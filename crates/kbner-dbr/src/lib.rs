//! # kbner-dbr: DBR training samples and retrieval context
//!
//! Two uses of the knowledge base by the tagger, both driven by a sentence's mined phrases
//! ([`kbner_mine::MinedPhrases`]) querying the concept index ([`kbner_index::ConceptIndex`]),
//! with concepts typed by the task-type table ([`kbner_kb::EntityTypeMap`]):
//!
//! - **DBR** (dense bio-entity recognition, the VANER method): for each training sentence, the
//!   names its phrases retrieve — those of the target type (positives) and of other types
//!   (negatives) — are sampled (at most 10 and 5), shuffled and concatenated into one dense
//!   sentence tagged B/I for the positives and O for the rest ([`build_dbr`], [`dense_sample`]);
//!   the tagger mixes these samples into training under a dataset-free instruction.
//! - **Retrieval context**: the names a sentence's phrases retrieve, with their types
//!   ([`RetrievalContext`], a [`ContextSource`]), which the tagger places between its
//!   instruction and the sentence within a token budget.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use kbner_dbr::{build_dbr, DbrOptions, KbNames, LookupOptions, SampleSizes};
//! use std::sync::{atomic::AtomicBool, Arc};
//! let encoder = kbner_encoder::Encoder::load(&kbner_encoder::Encoder::default_dir(), &Default::default())?;
//! let index = Arc::new(kbner_index::ConceptIndex::open("kb".as_ref(), encoder)?);
//! let names = KbNames::new(index, kbner_kb::EntityTypeMap::builtin().clone(), LookupOptions::default());
//! let phrases = kbner_mine::MinedPhrases::read("phrases.jsonl".as_ref())?;
//! let corpus = kbner_corpus::read_path("train.tsv".as_ref(), None, false)?.corpus;
//! let opts = DbrOptions { kind: "Disease".into(), task_type: "Disease".into(),
//!     sizes: SampleSizes::default(), seed: 42, random: false, unambiguous: false };
//! let (samples, report) = build_dbr(&names, &phrases, &corpus, &opts,
//!     &kbner_job::Progress::stderr(), &AtomicBool::new(false))?;
//! println!("{} samples from {} sentences", samples.len(), report.sentences);
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod build;
mod context;
mod error;
mod file;
mod kb_names;
mod random_names;
mod sample;

pub use build::{
    build_dbr, corpus_sentences, mine_phrases, sentence_phrases, task_type_for, DbrOptions,
    DbrReport,
};
pub use context::{context_entry, ContextOptions, ContextSource, RetrievalContext};
pub use error::{DbrError, Result};
pub use file::{read_dbr, write_dbr, DbrHeader, DBR_FORMAT};
pub use kb_names::{split_by_type, KbName, KbNames, LookupOptions};
pub use sample::{dense_sample, DbrSample, PlacedName, SampleSizes};
