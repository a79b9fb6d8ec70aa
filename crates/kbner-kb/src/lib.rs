//! # kbner-kb: the knowledge base
//!
//! Loads biomedical vocabularies — a UMLS Metathesaurus release (RRF), OBO ontologies, plain
//! dictionaries — into one embedded RocksDB store, and answers exact name lookups, code lookups
//! and concept queries from it. Later stages (the concept index, the phrase miner, the linker)
//! read concepts and names through [`KnowledgeBase`].
//!
//! ```no_run
//! use kbner_kb::{ingest, IngestOptions, KnowledgeBase, Progress};
//! use std::sync::atomic::AtomicBool;
//!
//! let mut opts = IngestOptions::new("my-kb");
//! opts.obo.push("hp.obo".into());
//! ingest(&opts, &Progress::stderr(), &AtomicBool::new(false))?;
//! let kb = KnowledgeBase::open("my-kb".as_ref())?;
//! for hit in kb.lookup("Seizure")? {
//!     println!("{} {}", hit.id, hit.preferred_name);
//! }
//! # Ok::<(), kbner_kb::KbError>(())
//! ```
#![warn(missing_docs)]

pub mod atomic;
pub mod dict;
pub mod error;
pub mod ingest;
pub mod items;
pub mod model;
pub mod normalize;
pub mod obo;
pub mod progress;
pub mod reader;
pub mod rrf;
pub mod semtypes;
pub mod sorter;
pub mod store;
pub mod umls;

pub use dict::DictFormat;
pub use error::{KbError, Result};
pub use ingest::{ingest, DictSource, IngestOptions};
pub use model::{
    Atom, Concept, ConceptSummary, Definition, Relation, RelationKind, Suppress, SynonymScope,
};
pub use normalize::normalize_name;
pub use progress::Progress;
pub use semtypes::SemanticType;
pub use store::{KbStats, KnowledgeBase, Manifest};
pub use umls::UmlsFilters;
