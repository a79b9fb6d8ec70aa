//! Linking mentions to concepts: each entity of a document gets the index's ranked candidates as
//! its ids (best first) with their scores. A mention that is a short form defined in its document
//! ("hereditary nonpolyposis colorectal cancer (HNPCC)") is searched through its long form.

use crate::abbrev::AbbreviationMap;
use kbner_corpus::{Corpus, Document};
use kbner_index::{ConceptIndex, SearchOptions};
use serde::Serialize;
use std::collections::BTreeMap;

/// How to link.
#[derive(Debug, Clone, Default)]
pub struct LinkOptions {
    /// Candidate generation settings (k = ids kept per mention).
    pub search: SearchOptions,
    /// Resolve short forms through their long forms (default on).
    pub no_abbreviations: bool,
    /// Semantic-type constraint per entity type, e.g. `Disease` → `DISO`; entity types not listed
    /// use `search.types`.
    pub type_map: BTreeMap<String, Vec<String>>,
}

/// What linking did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LinkStats {
    /// Documents seen.
    pub documents: u64,
    /// Mentions seen.
    pub mentions: u64,
    /// Mentions given at least one id.
    pub linked: u64,
    /// Mentions searched through an abbreviation's long form.
    pub expanded: u64,
}

/// Errors of linking.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The index failed.
    #[error(transparent)]
    Index(#[from] kbner_index::IndexError),
}

/// The text of a document with passages at their offsets (gaps as spaces), for abbreviation
/// detection over the whole document.
fn document_text(doc: &Document) -> String {
    let mut text = String::new();
    let mut len = 0usize;
    for p in &doc.passages {
        while len < p.offset {
            text.push(' ');
            len += 1;
        }
        text.push_str(&p.text);
        len += p.text.chars().count();
    }
    text
}

/// Links every entity of `corpus` in place, replacing its ids and id scores.
pub fn link_corpus(
    index: &ConceptIndex,
    corpus: &mut Corpus,
    opts: &LinkOptions,
) -> Result<LinkStats, LinkError> {
    let mut stats = LinkStats::default();
    for doc in &mut corpus.documents {
        stats.documents += 1;
        let abbreviations = if opts.no_abbreviations {
            AbbreviationMap::from_text("")
        } else {
            AbbreviationMap::from_text(&document_text(doc))
        };
        // Group mentions by their type constraint so each group is one batched search.
        let mut groups: BTreeMap<Vec<String>, Vec<(usize, String)>> = BTreeMap::new();
        for (i, e) in doc.entities.iter().enumerate() {
            stats.mentions += 1;
            let query = match abbreviations.expand(e.text.trim()) {
                Some(long) => {
                    stats.expanded += 1;
                    long.to_string()
                }
                None => e.text.clone(),
            };
            let types = opts
                .type_map
                .get(&e.kind)
                .cloned()
                .unwrap_or_else(|| opts.search.types.clone());
            groups.entry(types).or_default().push((i, query));
        }
        for (types, mentions) in groups {
            let search = SearchOptions {
                types,
                ..opts.search.clone()
            };
            let queries: Vec<&str> = mentions.iter().map(|(_, q)| q.as_str()).collect();
            let results = index.search_many(&queries, &search)?;
            for ((i, _), cands) in mentions.iter().zip(results) {
                let e = &mut doc.entities[*i];
                e.ids = cands.iter().map(|c| c.id.clone()).collect();
                e.id_scores = cands.iter().map(|c| c.score as f64).collect();
                e.score = cands.first().map(|c| c.score as f64);
                if !e.ids.is_empty() {
                    stats.linked += 1;
                }
            }
        }
    }
    Ok(stats)
}
