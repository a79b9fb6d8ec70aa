//! The one document model every reader produces and every writer consumes.
//!
//! Offsets are **character offsets** (Unicode scalar values) counted from the start of the
//! document, the convention of PubTator, brat and BioC. Entities live at document level (not inside
//! passages) so that a mention is addressed the same way whatever format it came from; a passage
//! only says which part of the document text it holds.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::char_slice;

/// Ordered key/value metadata (BioC "infons"). Order is kept because writers must reproduce the
/// input byte for byte and BioC files list infons in a meaningful, non-sorted order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Infons(pub Vec<(String, String)>);

impl Infons {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `key` to `value`, replacing an existing value in place or appending.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key.to_string(), value)),
        }
    }

    /// Removes `key` and returns its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterates over the entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl Serialize for Infons {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Infons {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Infons;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Infons, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, InfonValue>()? {
                    out.push((k, v.0));
                }
                Ok(Infons(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// An infon value; BioC JSON in the wild sometimes carries numbers or null where strings are
/// specified, which we keep as their JSON text rather than reject.
struct InfonValue(String);

impl<'de> Deserialize<'de> for InfonValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(InfonValue(match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }))
    }
}

/// A set of documents plus the collection-level metadata BioC carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    /// BioC `source`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// BioC `date`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// BioC `key`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// Collection infons; readers also record layout details here (keys starting with `kbner.`)
    /// so that writers can reproduce an input byte for byte.
    #[serde(default, skip_serializing_if = "Infons::is_empty")]
    pub infons: Infons,
    /// The documents, in input order.
    pub documents: Vec<Document>,
}

/// One document: passages of text, entity mentions and relations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document id (PMID, brat file stem, BioC id, or a generated `docN`).
    pub id: String,
    /// Document infons.
    #[serde(default, skip_serializing_if = "Infons::is_empty")]
    pub infons: Infons,
    /// Passages in increasing, non-overlapping offset order.
    #[serde(default)]
    pub passages: Vec<Passage>,
    /// Entity mentions with document-level character offsets; overlap and nesting are allowed.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Relations, events, attributes and notes (see [`Relation`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
}

/// A contiguous stretch of document text (a title, an abstract, a section, a token stream).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Character offset of the passage's first character in the document.
    pub offset: usize,
    /// The passage text.
    pub text: String,
    /// Passage infons (BioC puts the passage type, e.g. `title`, under `type`).
    #[serde(default, skip_serializing_if = "Infons::is_empty")]
    pub infons: Infons,
    /// Sentence and token boundaries when the source fixed them (IOB, nested JSON) or a tokenizer
    /// was run; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<Sentence>,
}

/// A sentence with its tokens; all offsets are document-level character offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Start offset (inclusive).
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// Token spans `[start, end)` in order.
    #[serde(default)]
    pub tokens: Vec<(usize, usize)>,
}

/// An entity mention.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Source id of the mention (brat `T3`, BioC annotation id) if the format has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Start character offset (inclusive), document level.
    pub start: usize,
    /// End character offset (exclusive), document level.
    pub end: usize,
    /// The mention text. For discontinuous mentions, the fragments' texts joined by a space.
    pub text: String,
    /// Entity type, e.g. `Disease`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Concept ids. What a list of several means is said by [`ids_ranked`](Self::ids_ranked):
    /// ids that all apply (an annotation's: a composite mention's, one per conjunct, or a concept
    /// known under several ids), or a linker's ranked candidates, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    /// True when `ids` are ranked alternatives (a linker's candidates, best first) of which only
    /// the first is the answer, or those of [`conjunct_ids`](Self::conjunct_ids) for a composite
    /// mention; false (the default, what every annotation format reads) when every id applies.
    /// Formats that hold one answer per mention (PubTator, brat, BioC `identifier`) write
    /// [`applicable_ids`](Self::applicable_ids); the ranked list is kept where a format can hold
    /// it (kbner JSONL, a BioC infon).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ids_ranked: bool,
    /// For a composite mention with ranked `ids` ("breast and ovarian cancer" linked through its
    /// conjuncts): the chosen id of each conjunct, in conjunct order — the ids that all apply.
    /// Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conjunct_ids: Vec<String>,
    /// Every id of the concept each of `ids` names, in the same order, when a linker knew them
    /// (`ids[i]` is one of `concept_ids[i]`): a concept known under several ids, such as a MEDIC
    /// concept listed `OMIM:608446|D009203` or a UMLS CUI with its source codes. Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concept_ids: Vec<Vec<String>>,
    /// Confidence, when a predictor gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Scores of `ids`, in the same order, when a linker gave them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub id_scores: Vec<f64>,
    /// For discontinuous mentions (brat `0 5;9 12`, multi-location BioC): the fragments. Empty for
    /// an ordinary contiguous mention.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<(usize, usize)>,
    /// Anything else the source said about the mention, in source order (BioC infons, PubTator's
    /// composite-mention column, the raw id string).
    #[serde(default, skip_serializing_if = "Infons::is_empty")]
    pub infons: Infons,
}

/// A relation between mentions or concepts. Also carries brat events (`E`), attributes (`A`/`M`),
/// normalizations (`N`), equivalences (`*`) and notes (`#`): infon `brat` tells which.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Source id (`R1`, `E2`, BioC relation id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Relation type (PubTator `CID`, brat relation/event/attribute type).
    #[serde(rename = "type")]
    pub kind: String,
    /// Arguments: role and target (an entity id such as `T1`, or a concept id for PubTator).
    #[serde(default)]
    pub args: Vec<RelationArg>,
    /// Other properties.
    #[serde(default, skip_serializing_if = "Infons::is_empty")]
    pub infons: Infons,
}

/// One argument of a [`Relation`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationArg {
    /// Role name (`Arg1`, `Theme`, BioC node role); may be empty.
    pub role: String,
    /// What the argument points at.
    pub target: String,
}

impl Passage {
    /// Length of the passage in characters.
    pub fn char_len(&self) -> usize {
        if self.text.is_ascii() {
            self.text.len()
        } else {
            self.text.chars().count()
        }
    }

    /// Document-level end offset (exclusive).
    pub fn end(&self) -> usize {
        self.offset + self.char_len()
    }
}

impl Document {
    /// The passage that wholly contains `[start, end)`, if any.
    pub fn passage_containing(&self, start: usize, end: usize) -> Option<&Passage> {
        // Passages are few (title, abstract, sections); a linear scan is cheaper than an index.
        self.passages
            .iter()
            .find(|p| p.offset <= start && end <= p.end())
    }

    /// The text at document-level character offsets `[start, end)`, when one passage holds it.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start > end {
            return None;
        }
        let p = self.passage_containing(start, end)?;
        char_slice(&p.text, start - p.offset, end - p.offset)
    }

    /// The whole document text with passages placed at their offsets and gaps filled with `fill`
    /// (PubTator joins title and abstract with one space; brat needs one text file). Newlines
    /// inside passages are replaced by `newline_as` when given, which keeps offsets intact.
    ///
    /// More than 16 Mi characters of gaps between passages make an error, not a string: offsets
    /// such as 4444444444444444444 (from any reader that takes offsets) must not abort the
    /// writer on a failed allocation.
    pub fn full_text(&self, fill: char, newline_as: Option<char>) -> Result<String, String> {
        const MAX_FILL: usize = 1 << 24;
        let mut out = String::new();
        let mut pos = 0usize;
        let mut filled = 0usize;
        for p in &self.passages {
            if p.offset < pos {
                return Err(format!(
                    "passage at offset {} overlaps the previous passage (ends at {pos})",
                    p.offset
                ));
            }
            filled = filled.saturating_add(p.offset - pos);
            if filled > MAX_FILL {
                return Err(format!(
                    "passage at offset {} leaves more than {MAX_FILL} characters of gaps before it (the previous passage ends at {pos})",
                    p.offset
                ));
            }
            out.extend(std::iter::repeat_n(fill, p.offset - pos));
            match newline_as {
                Some(c) => out.extend(p.text.chars().map(|x| if x == '\n' { c } else { x })),
                None => out.push_str(&p.text),
            }
            pos = p.end();
        }
        Ok(out)
    }

    /// Why the document's layout is invalid, if it is: passages must come in increasing,
    /// non-overlapping offset order, and each sentence and token must lie, in order, inside its
    /// passage. Writers rely on this; readers of formats that state a layout check it.
    pub fn layout_problem(&self) -> Option<String> {
        let mut prev_end = 0usize;
        for (i, p) in self.passages.iter().enumerate() {
            if p.offset < prev_end {
                return Some(format!(
                    "passage {i} at offset {} overlaps the previous passage (ends at {prev_end})",
                    p.offset
                ));
            }
            let end = p.offset.saturating_add(p.char_len());
            if end == usize::MAX {
                return Some(format!("passage {i}: offset {} is too large", p.offset));
            }
            prev_end = end;
            let mut pos = p.offset;
            for s in &p.sentences {
                if s.start < pos || s.start > s.end || s.end > end {
                    return Some(format!(
                        "passage {i}: sentence [{}, {}) is not inside the passage [{}, {end}) after the previous one",
                        s.start, s.end, p.offset
                    ));
                }
                let mut tpos = s.start;
                for &(a, b) in &s.tokens {
                    if a < tpos || a > b || b > s.end {
                        return Some(format!(
                            "passage {i}: token [{a}, {b}) is not inside its sentence [{}, {}) after the previous token",
                            s.start, s.end
                        ));
                    }
                    tpos = b;
                }
                pos = s.end;
            }
        }
        None
    }

    /// Text an entity should carry given the document text: the slice for a contiguous mention,
    /// the fragments joined by a space for a discontinuous one.
    pub fn expected_text(&self, e: &Entity) -> Option<String> {
        if e.fragments.is_empty() {
            return self.slice(e.start, e.end).map(str::to_string);
        }
        let mut parts = Vec::with_capacity(e.fragments.len());
        for &(s, t) in &e.fragments {
            parts.push(self.slice(s, t)?);
        }
        Some(parts.join(" "))
    }
}

impl Entity {
    /// A contiguous mention with no ids.
    pub fn new(start: usize, end: usize, text: impl Into<String>, kind: impl Into<String>) -> Self {
        Entity {
            start,
            end,
            text: text.into(),
            kind: kind.into(),
            ..Default::default()
        }
    }

    /// The ids that apply to the mention: every id of an annotation; of ranked candidates, the
    /// conjunct ids of a composite mention, else the best candidate alone.
    ///
    /// ```
    /// use kbner_corpus::Entity;
    /// let mut e = Entity::new(0, 6, "cancer", "Disease");
    /// e.ids = vec!["D1".into(), "D2".into()];
    /// assert_eq!(e.applicable_ids(), ["D1", "D2"]); // an annotation: both apply
    /// e.ids_ranked = true;
    /// assert_eq!(e.applicable_ids(), ["D1"]); // a linker's candidates: the best one
    /// e.conjunct_ids = vec!["D1".into(), "D3".into()];
    /// assert_eq!(e.applicable_ids(), ["D1", "D3"]); // a composite: one per conjunct
    /// ```
    pub fn applicable_ids(&self) -> &[String] {
        if !self.ids_ranked || self.ids.is_empty() {
            // No candidates means no answer, whatever conjunct ids an earlier run left.
            &self.ids
        } else if !self.conjunct_ids.is_empty() {
            &self.conjunct_ids
        } else {
            &self.ids[..1]
        }
    }

    /// True when the two mentions share at least one character.
    pub fn overlaps(&self, other: &Entity) -> bool {
        self.start < other.end && other.start < self.end
    }
}
