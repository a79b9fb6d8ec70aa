//! The records ingest sorts by concept before they become stored concepts, and the per-block batch
//! that parsers fill in parallel.

use crate::model::{Atom, Definition, Relation};
use crate::normalize::normalize_into;
use crate::semtypes::SemanticType;
use crate::sorter::Packed;
use serde::{Deserialize, Serialize};

/// One fact about a concept, keyed by (concept id, sequence number) in the item sorter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ConceptItem {
    /// A name.
    Atom(Atom),
    /// A semantic type (dictionary and OBO sources; UMLS types come from MRSTY at merge time).
    Type(SemanticType),
    /// A definition.
    Definition(Definition),
    /// A hierarchical relation.
    Relation(Relation),
    /// A cross-reference or alternative id.
    Xref(String),
}

/// Sequence numbers: the source's ordinal in the high bits, the line (or running count) below.
/// They keep items of a concept in input order and tell the merge which source each came from.
pub const SEQ_ORDINAL_SHIFT: u32 = 40;

/// Builds the sequence number of item `n` of source `ordinal`.
pub fn seq(ordinal: u32, n: u64) -> u64 {
    ((ordinal as u64) << SEQ_ORDINAL_SHIFT) | (n & ((1 << SEQ_ORDINAL_SHIFT) - 1))
}

/// Records produced from one block of input (or one small source), pushed to the sorters in order.
#[derive(Default)]
pub struct Batch {
    /// Concept items: key `id \0 seq(u64 BE)`, value postcard [`ConceptItem`].
    pub items: Packed,
    /// Name index entries: key `normalized name \0 id`, empty value.
    pub names: Packed,
    /// Code index entries: key `SAB \0 CODE \0 id`, empty value.
    pub codes: Packed,
    norm: String,
}

impl Batch {
    /// Adds a concept item.
    pub fn item(&mut self, id: &str, seq: u64, item: &ConceptItem) {
        self.items
            .push_encoded(&[id.as_bytes(), &[0], &seq.to_be_bytes()], item);
    }

    /// Adds a name for `id` to the name index (skipped when it normalizes to nothing).
    pub fn name(&mut self, name: &str, id: &str) {
        normalize_into(name, &mut self.norm);
        if !self.norm.is_empty() {
            self.names
                .push(&[self.norm.as_bytes(), &[0], id.as_bytes()], &[]);
        }
    }

    /// Adds a (source, code) → id entry (skipped for empty codes and UMLS `NOCODE`).
    pub fn code(&mut self, sab: &str, code: &str, id: &str) {
        if !code.is_empty() && code != "NOCODE" && !sab.is_empty() {
            self.codes.push(
                &[sab.as_bytes(), &[0], code.as_bytes(), &[0], id.as_bytes()],
                &[],
            );
        }
    }

    /// Adds an atom: the item, its name and its code.
    pub fn atom(&mut self, id: &str, seq: u64, atom: Atom) {
        self.name(&atom.name, id);
        self.code(&atom.sab, &atom.code, id);
        self.item(id, seq, &ConceptItem::Atom(atom));
    }
}

/// Checks that a concept id can be used as a key (non-empty, no NUL, no surrounding space).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && !id.contains('\0') && id.trim() == id
}
