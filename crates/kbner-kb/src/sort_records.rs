//! The records ingest sorts by concept before they become stored concepts, and the per-block batch
//! that parsers fill in parallel.

use crate::error::Result;
use crate::model::{Atom, Definition, Relation, Suppress, SynonymScope};
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

/// A borrowed [`Atom`] with the same field order and types, so its postcard encoding is byte-for-byte
/// that of `Atom`: parsers encode straight from the input line, and ingest decodes without copying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtomRef<'a> {
    /// See [`Atom::name`].
    pub name: &'a str,
    /// See [`Atom::sab`].
    pub sab: &'a str,
    /// See [`Atom::tty`].
    pub tty: &'a str,
    /// See [`Atom::code`].
    pub code: &'a str,
    /// See [`Atom::lang`].
    pub lang: &'a str,
    /// See [`Atom::suppress`].
    pub suppress: Suppress,
    /// See [`Atom::ispref`].
    pub ispref: bool,
    /// See [`Atom::ts`].
    pub ts: &'a str,
    /// See [`Atom::stt`].
    pub stt: &'a str,
    /// See [`Atom::aui`].
    pub aui: &'a str,
    /// See [`Atom::scope`].
    pub scope: Option<SynonymScope>,
}

/// Borrowed counterpart of [`ConceptItem::Atom`] (variant 0, like `ConceptItem::Atom`).
#[derive(Serialize)]
enum ItemRef<'a> {
    Atom(AtomRef<'a>),
}

/// The postcard tag byte of each [`ConceptItem`] variant, in declaration order.
pub mod tag {
    /// [`super::ConceptItem::Atom`].
    pub const ATOM: u8 = 0;
    /// [`super::ConceptItem::Type`].
    pub const TYPE: u8 = 1;
    /// [`super::ConceptItem::Definition`].
    pub const DEFINITION: u8 = 2;
    /// [`super::ConceptItem::Relation`].
    pub const RELATION: u8 = 3;
    /// [`super::ConceptItem::Xref`].
    pub const XREF: u8 = 4;
}

/// Sequence numbers: the source's ordinal in the high bits, the line (or running count) below.
/// They keep items of a concept in input order and tell the merge which source each came from.
pub const SEQ_ORDINAL_SHIFT: u32 = 40;

/// Builds the sequence number of item `n` of source `ordinal`.
pub fn seq(ordinal: u32, n: u64) -> u64 {
    ((ordinal as u64) << SEQ_ORDINAL_SHIFT) | (n & ((1 << SEQ_ORDINAL_SHIFT) - 1))
}

/// Where parsers send their batches, in input order: ingest's sorters.
pub type BatchSink<'a> = &'a mut dyn FnMut(&Batch) -> Result<()>;

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
    /// Names and codes already emitted for the concept of the last atom: consecutive atoms of one
    /// concept repeat them a lot (one MeSH code on 15 atoms), and the sort is the costly part.
    recent_id: String,
    recent_bytes: Vec<u8>,
    recent: Vec<(u32, u32)>,
}

impl Batch {
    /// Adds a concept item.
    pub fn item(&mut self, id: &str, seq: u64, item: &ConceptItem) {
        self.items
            .push_encoded(&[id.as_bytes(), &[0], &seq.to_be_bytes()], item);
    }

    /// True if `key` (tagged by `kind`) was already emitted for concept `id` in this batch's run
    /// of consecutive items; records it otherwise.
    fn seen_recently(&mut self, id: &str, kind: u8, parts: &[&[u8]]) -> bool {
        if self.recent_id != id {
            self.recent_id.clear();
            self.recent_id.push_str(id);
            self.recent.clear();
            self.recent_bytes.clear();
        }
        let len: usize = 1 + parts.iter().map(|p| p.len()).sum::<usize>();
        let bytes = &self.recent_bytes;
        let hit = self.recent.iter().any(|&(start, l)| {
            let r = &bytes[start as usize..(start + l) as usize];
            l as usize == len && r[0] == kind && {
                let mut rest = &r[1..];
                parts.iter().all(|p| match rest.strip_prefix(*p) {
                    Some(tail) => {
                        rest = tail;
                        true
                    }
                    None => false,
                })
            }
        });
        if hit {
            return true;
        }
        if self.recent.len() < 64 {
            let start = self.recent_bytes.len() as u32;
            self.recent_bytes.push(kind);
            for p in parts {
                self.recent_bytes.extend_from_slice(p);
            }
            self.recent.push((start, len as u32));
        }
        false
    }

    /// Adds a name for `id` to the name index (skipped when it normalizes to nothing).
    pub fn name(&mut self, name: &str, id: &str) {
        let mut norm = std::mem::take(&mut self.norm);
        normalize_into(name, &mut norm);
        if !norm.is_empty() && !self.seen_recently(id, b'n', &[norm.as_bytes()]) {
            self.names
                .push(&[norm.as_bytes(), &[0], id.as_bytes()], &[]);
        }
        self.norm = norm;
    }

    /// Adds a (source, code) → id entry (skipped for empty codes and UMLS `NOCODE`).
    pub fn code(&mut self, sab: &str, code: &str, id: &str) {
        if !code.is_empty()
            && code != "NOCODE"
            && !sab.is_empty()
            && !self.seen_recently(id, b'c', &[sab.as_bytes(), &[0], code.as_bytes()])
        {
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

    /// Adds a borrowed atom (no allocation): the item, its name and its code.
    pub fn atom_ref(&mut self, id: &str, seq: u64, atom: AtomRef<'_>) {
        self.name(atom.name, id);
        self.code(atom.sab, atom.code, id);
        self.items.push_encoded(
            &[id.as_bytes(), &[0], &seq.to_be_bytes()],
            &ItemRef::Atom(atom),
        );
    }
}

/// Checks that a concept id can be used as a key (non-empty, no NUL, no surrounding space).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && !id.contains('\0') && id.trim() == id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_atom_encodes_like_atom() {
        let atom = Atom {
            name: "Diabetes".into(),
            sab: "MSH".into(),
            tty: "MH".into(),
            code: "D003920".into(),
            lang: "ENG".into(),
            suppress: Suppress::E,
            ispref: true,
            ts: "P".into(),
            stt: "PF".into(),
            aui: "A1".into(),
            scope: Some(SynonymScope::Narrow),
        };
        let r = AtomRef {
            name: "Diabetes",
            sab: "MSH",
            tty: "MH",
            code: "D003920",
            lang: "ENG",
            suppress: Suppress::E,
            ispref: true,
            ts: "P",
            stt: "PF",
            aui: "A1",
            scope: Some(SynonymScope::Narrow),
        };
        let a = postcard::to_stdvec(&ConceptItem::Atom(atom)).unwrap();
        let b = postcard::to_stdvec(&ItemRef::Atom(r)).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0], tag::ATOM);
        let back: AtomRef = postcard::from_bytes(&a[1..]).unwrap();
        assert_eq!(back, r);
        let t = postcard::to_stdvec(&ConceptItem::Xref("x".into())).unwrap();
        assert_eq!(t[0], tag::XREF);
    }
}
