//! # kbner-kb: the knowledge base
//!
//! Loads biomedical vocabularies — a UMLS Metathesaurus release (RRF), OBO ontologies, plain
//! dictionaries — into one embedded RocksDB store, and answers exact name lookups, code lookups
//! and concept queries from it. Later stages (the concept index, the phrase miner, the linker)
//! read concepts and names through [`KnowledgeBase`].
//!
//! ```
//! use kbner_kb::{ingest, IngestOptions, KnowledgeBase, Progress};
//! use std::sync::atomic::AtomicBool;
//!
//! # let dir = tempfile::tempdir().unwrap();
//! # let hp_obo = dir.path().join("hp.obo");
//! # std::fs::write(&hp_obo, "[Term]\nid: HP:0001250\nname: Seizure\nsynonym: \"Fits\" EXACT []\n").unwrap();
//! # let kb_dir = dir.path().join("my-kb");
//! let mut opts = IngestOptions::new(&kb_dir);
//! opts.obo.push(hp_obo);
//! ingest(&opts, &Progress::hidden(), &AtomicBool::new(false))?;
//!
//! let kb = KnowledgeBase::open(&kb_dir)?;
//! let hits = kb.lookup("fits")?; // names are normalized: case and punctuation do not matter
//! assert_eq!(hits[0].id, "HP:0001250");
//! assert_eq!(hits[0].preferred_name, "Seizure");
//! # Ok::<(), kbner_kb::KbError>(())
//! ```
#![deny(missing_docs)]
// Without the `store` feature only the parsers are built (for the fuzz targets); what only
// ingest consumes is then unused.
#![cfg_attr(not(feature = "store"), allow(dead_code))]

mod dict;
mod entity_types;
mod error;
mod ids;
#[cfg(feature = "store")]
mod ingest;
mod lines;
mod model;
mod normalize;
mod obo;
mod rrf_layout;
mod semtypes;
mod sort_records;
mod sorter;
#[cfg(feature = "store")]
mod store;
#[cfg(feature = "store")]
mod type_report;
mod umls;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;

pub use dict::{medic_id, DictFormat};
pub use entity_types::EntityTypeMap;
pub use error::{KbError, Location, Result};
pub use ids::{id_in_namespace, preferred_id};
#[cfg(feature = "store")]
pub use ingest::{ingest, DictSource, IngestOptions};
pub use kbner_job::Progress;
pub use model::{
    Atom, Concept, ConceptSummary, Definition, Relation, RelationKind, Suppress, SynonymScope,
};
pub use normalize::{normalize_into, normalize_name};
pub use semtypes::{
    group_of_tui, known_type, semantic_groups, tuis_of_group, SemanticGroup, SemanticType,
};
#[cfg(feature = "store")]
pub use store::{KbStats, KnowledgeBase, Manifest, SourceMeta};
#[cfg(feature = "store")]
pub use type_report::{Tally, TaskTypeCount, TaskTypeReport, Unmapped, WithCount};
pub use umls::{ReleaseFile, ReleaseSource, UmlsFilters, UmlsRelease};
