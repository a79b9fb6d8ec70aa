//! # kbner-link: entity linking
//!
//! Attaches ranked knowledge-base concept ids to every extracted mention, through the concept index
//! (exact + lexical + dense candidates, optional semantic-type constraint), resolving abbreviations
//! defined in the document first and splitting composite mentions ("breast and ovarian cancer")
//! into their conjuncts. `kbner link` and (later) `kbner tag --link` call [`link_corpus`].
#![warn(missing_docs)]

pub mod abbrev;
pub mod composite;
pub mod link;

pub use link::{link_corpus, LinkError, LinkOptions, LinkStats};
