//! # kbner-link: entity linking
//!
//! Attaches ranked knowledge-base concept ids to every extracted mention, through the concept index
//! (exact + lexical + dense candidates, optional semantic-type constraint), resolving abbreviations
//! defined in the document first and splitting composite mentions ("breast and ovarian cancer")
//! into their conjuncts. `kbner link` and (later) `kbner tag --link` call [`link_corpus`].
//!
//! The two text steps are usable alone: [`find_abbreviations`] and [`AbbreviationMap`]
//! (Schwartz–Hearst short forms of a document), [`split_composite`] (conjuncts of a coordinated
//! mention).
#![deny(missing_docs)]

mod abbrev;
mod composite;
mod link;

pub use abbrev::{find_abbreviations, Abbreviation, AbbreviationMap};
pub use composite::split_composite;
pub use link::{link_corpus, LinkError, LinkOptions, LinkStats, MAX_REPORTED_SKIPS};
