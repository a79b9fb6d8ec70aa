//! What the store holds about a concept.

use crate::semtypes::SemanticType;
use serde::{Deserialize, Serialize};

/// UMLS suppressibility flag of an atom, definition or relation (MRCONSO column SUPPRESS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Suppress {
    /// `N`: not suppressible.
    N,
    /// `O`: obsolete content.
    O,
    /// `E`: suppressed by an end user (editor).
    E,
    /// `Y`: suppressible by the source's term type.
    Y,
}

impl Suppress {
    /// Parses `N`, `O`, `E` or `Y` (an empty field means `N`, as in MRDEF/MRREL of older releases).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "N" | "" => Some(Suppress::N),
            "O" => Some(Suppress::O),
            "E" => Some(Suppress::E),
            "Y" => Some(Suppress::Y),
            _ => None,
        }
    }

    /// The one-letter code.
    pub fn as_str(self) -> &'static str {
        match self {
            Suppress::N => "N",
            Suppress::O => "O",
            Suppress::E => "E",
            Suppress::Y => "Y",
        }
    }
}

/// OBO synonym scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SynonymScope {
    /// Same meaning.
    Exact,
    /// Related meaning.
    Related,
    /// Broader meaning.
    Broad,
    /// Narrower meaning.
    Narrow,
}

/// One name of a concept in one source (a UMLS atom, an OBO name or synonym, a dictionary name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Atom {
    /// The name as the source writes it.
    pub name: String,
    /// Source abbreviation (UMLS SAB, e.g. `MSH`; the ontology, e.g. `HP`; the dictionary name).
    pub sab: String,
    /// Term type in the source (UMLS TTY; `PT` for an OBO name, `SY` for a synonym).
    pub tty: String,
    /// The concept's code in the source (UMLS CODE, the OBO id, the dictionary id).
    pub code: String,
    /// Language (UMLS LAT, e.g. `ENG`).
    pub lang: String,
    /// Suppressibility.
    pub suppress: Suppress,
    /// UMLS ISPREF = Y (preferred atom of its string).
    pub ispref: bool,
    /// UMLS term status (`P` preferred LUI of the concept, `S` non-preferred); empty elsewhere.
    pub ts: String,
    /// UMLS string type (`PF` preferred form of the term, `VO`, `VC`, ...); empty elsewhere.
    pub stt: String,
    /// UMLS atom id (AUI); empty elsewhere.
    pub aui: String,
    /// OBO synonym scope; `None` for names and non-OBO atoms.
    pub scope: Option<SynonymScope>,
}

/// A definition of a concept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    /// The source that gives it (UMLS SAB, ontology).
    pub source: String,
    /// The text.
    pub text: String,
}

/// Direction of a hierarchical relation, seen from the concept that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RelationKind {
    /// The target is a parent (PAR, `inverse_isa`, OBO `is_a` target).
    Parent,
    /// The target is a child (CHD, `isa`, OBO term whose `is_a` names this one).
    Child,
    /// The target is broader (RB).
    Broader,
    /// The target is narrower (RN).
    Narrower,
}

impl RelationKind {
    /// Lower-case name for display.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Parent => "parent",
            RelationKind::Child => "child",
            RelationKind::Broader => "broader",
            RelationKind::Narrower => "narrower",
        }
    }
}

/// A hierarchical link from one concept to another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Relation {
    /// Parent, child, broader or narrower.
    pub kind: RelationKind,
    /// The other concept's id.
    pub target: String,
    /// UMLS REL (`PAR`, `CHD`, `RB`, `RN`) or `is_a` for OBO.
    pub rel: String,
    /// UMLS RELA (e.g. `isa`), may be empty.
    pub rela: String,
    /// The source asserting it.
    pub source: String,
}

/// Everything stored about one concept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concept {
    /// Concept id: a UMLS CUI (`C0011849`), an OBO id (`HP:0001250`), or a dictionary id
    /// (`MESH:D003920`).
    pub id: String,
    /// The preferred name, chosen by the rule documented on [`ingest`](fn@crate::ingest).
    pub preferred_name: String,
    /// Every kept atom, in input order.
    pub atoms: Vec<Atom>,
    /// Semantic types (UMLS MRSTY, or the dictionary's type).
    pub types: Vec<SemanticType>,
    /// Definitions.
    pub definitions: Vec<Definition>,
    /// Hierarchical relations (deduplicated).
    pub relations: Vec<Relation>,
    /// Cross-references (`PREFIX:LOCAL`) and alternative ids.
    pub xrefs: Vec<String>,
    /// The ingest sources that contributed (e.g. `UMLS 2025AA`, `OBO hp 2025-01-16`, `DICT medic`).
    pub origins: Vec<String>,
}

/// The small record used by lookups: preferred name and types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptSummary {
    /// Concept id.
    pub id: String,
    /// Preferred name.
    pub preferred_name: String,
    /// Semantic types.
    pub types: Vec<SemanticType>,
    /// Contributing sources.
    pub origins: Vec<String>,
}
