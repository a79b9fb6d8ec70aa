//! Linking mentions to concepts: each entity of a document gets the index's ranked candidates as
//! its ids (best first) with their scores. A short form defined in the document ("hereditary
//! nonpolyposis colorectal cancer (HNPCC)") is searched through its long form, also inside a longer
//! mention ("congenital DM" → "congenital myotonic dystrophy"). A composite mention ("breast and
//! ovarian cancer") the index does not know verbatim takes the best concept of each conjunct first.
//! Each candidate is written as its id in the user's preferred namespace, with all of its
//! concept's ids beside it ([`kbner_corpus::Entity::concept_ids`]).

use crate::abbrev::AbbreviationMap;
use crate::composite::split_composite;
use kbner_corpus::{Corpus, Document};
use kbner_index::{Candidate, ConceptIndex, SearchOptions};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How to link.
#[derive(Debug, Clone, Default)]
pub struct LinkOptions {
    /// Candidate generation settings (k = ids kept per mention).
    pub search: SearchOptions,
    /// Resolve short forms through their long forms (default on).
    pub no_abbreviations: bool,
    /// Split composite mentions into conjuncts (default on).
    pub no_composites: bool,
    /// Semantic-type constraint per entity type, e.g. `Disease` → `DISO`; entity types not listed
    /// use `search.types`.
    pub type_map: BTreeMap<String, Vec<String>>,
    /// A mention that cannot be searched (e.g. longer than [`kbner_index::MAX_QUERY_CHARS`]) is
    /// left unlinked, counted and reported in [`LinkStats`] instead of stopping the run.
    pub lenient: bool,
    /// Id namespaces to write concepts in, most preferred first (e.g. `MESH`): each concept is
    /// written as its id in the first of these that it has ([`kbner_kb::preferred_id`]), else as
    /// its concept id. Empty (the default): concept ids.
    pub prefer_ids: Vec<String>,
}

/// Skipped mentions reported by message at most; [`LinkStats::skipped`] counts them all.
pub const MAX_REPORTED_SKIPS: usize = 20;

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
    /// Composite mentions linked through their conjuncts.
    pub composites: u64,
    /// Mentions that could not be searched, left unlinked (with [`LinkOptions::lenient`]).
    pub skipped: u64,
    /// Why, for the first [`MAX_REPORTED_SKIPS`] of them (document, offsets, reason).
    pub skipped_mentions: Vec<String>,
}

/// Errors of linking.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The index failed.
    #[error(transparent)]
    Index(#[from] kbner_index::IndexError),
    /// One mention cannot be searched (without [`LinkOptions::lenient`]).
    #[error("document {document}, mention {start}..{end} ({kind}): {reason}")]
    Mention {
        /// Document id.
        document: String,
        /// Start character offset of the mention.
        start: usize,
        /// End character offset of the mention.
        end: usize,
        /// Entity type of the mention.
        kind: String,
        /// Why it cannot be searched.
        reason: String,
    },
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

/// The candidates of several conjuncts merged rank by rank (every conjunct's best first), each
/// concept once, at most `k`.
fn interleave(lists: Vec<Vec<Candidate>>, k: usize) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let longest = lists.iter().map(Vec::len).max().unwrap_or(0);
    for r in 0..longest {
        for list in &lists {
            if let Some(c) = list.get(r) {
                if out.len() < k && !out.iter().any(|o| o.id == c.id) {
                    out.push(c.clone());
                }
            }
        }
    }
    out
}

/// Every id of each concept met, looked up once: concept id → (id to write, all ids).
struct ConceptIds<'a> {
    index: &'a ConceptIndex,
    prefer: &'a [String],
    known: HashMap<String, (String, Vec<String>)>,
}

impl ConceptIds<'_> {
    fn of(&mut self, id: &str) -> Result<&(String, Vec<String>), LinkError> {
        if !self.known.contains_key(id) {
            let mut all = self
                .index
                .kb()
                .concept_ids(id)
                .map_err(kbner_index::IndexError::from)?;
            if all.is_empty() {
                all.push(id.to_string());
            }
            let written = kbner_kb::preferred_id(&all, self.prefer)
                .unwrap_or(id)
                .to_string();
            self.known.insert(id.to_string(), (written, all));
        }
        Ok(&self.known[id])
    }
}

/// Links every entity of `corpus` in place, replacing its ids and id scores: `ids` holds the
/// ranked candidates written in [`LinkOptions::prefer_ids`]'s namespaces, `concept_ids` every id
/// of each.
pub fn link_corpus(
    index: &ConceptIndex,
    corpus: &mut Corpus,
    opts: &LinkOptions,
) -> Result<LinkStats, LinkError> {
    opts.search.validate()?;
    let mut concept_ids = ConceptIds {
        index,
        prefer: &opts.prefer_ids,
        known: HashMap::new(),
    };
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
        for (i, e) in doc.entities.iter_mut().enumerate() {
            stats.mentions += 1;
            // With --no-abbreviations the map is empty, so nothing expands.
            let expanded = abbreviations.expand_all(e.text.trim());
            let query = expanded.clone().unwrap_or_else(|| e.text.clone());
            if let Err(reason) = kbner_index::check_query(&query) {
                let err = LinkError::Mention {
                    document: doc.id.clone(),
                    start: e.start,
                    end: e.end,
                    kind: e.kind.clone(),
                    reason: reason.to_string(),
                };
                if !opts.lenient {
                    return Err(err);
                }
                // Left unlinked: ids it came with are not this linker's answer.
                e.ids.clear();
                e.id_scores.clear();
                e.concept_ids.clear();
                e.conjunct_ids.clear();
                e.score = None;
                stats.skipped += 1;
                if stats.skipped_mentions.len() < MAX_REPORTED_SKIPS {
                    stats.skipped_mentions.push(err.to_string());
                }
                continue;
            }
            if expanded.is_some() {
                stats.expanded += 1;
            }
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
            // Each mention's query, then the conjuncts of the composite ones, in one batch.
            let parts: Vec<Vec<String>> = mentions
                .iter()
                .map(|(_, q)| {
                    if opts.no_composites {
                        Vec::new()
                    } else {
                        split_composite(q).unwrap_or_default()
                    }
                })
                .collect();
            let mut queries: Vec<&str> = mentions.iter().map(|(_, q)| q.as_str()).collect();
            queries.extend(parts.iter().flatten().map(String::as_str));
            let mut results = index.search_many(&queries, &search)?.into_iter();
            let whole: Vec<Vec<Candidate>> = results.by_ref().take(mentions.len()).collect();
            for (((i, _), cands), parts) in mentions.iter().zip(whole).zip(&parts) {
                let part_cands: Vec<Vec<Candidate>> = results.by_ref().take(parts.len()).collect();
                // The whole phrase wins when the KB or the memory knows it verbatim ("breast and
                // ovarian cancer" may name one syndrome); otherwise a composite takes the best
                // candidate of each conjunct first.
                let verbatim = cands
                    .first()
                    .is_some_and(|c| c.ranks[0] == Some(1) || c.ranks[3] == Some(1));
                // A composite's answer is each conjunct's best concept (what PubTator writes).
                let mut conjunct_ids: Vec<String> = Vec::new();
                let cands = if parts.is_empty() || verbatim {
                    cands
                } else {
                    stats.composites += 1;
                    for best in part_cands.iter().filter_map(|l| l.first()) {
                        if !conjunct_ids.contains(&best.id) {
                            conjunct_ids.push(best.id.clone());
                        }
                    }
                    interleave(part_cands, search.k)
                };
                let e = &mut doc.entities[*i];
                e.ids_ranked = true;
                e.conjunct_ids = conjunct_ids
                    .iter()
                    .map(|id| concept_ids.of(id).map(|(w, _)| w.clone()))
                    .collect::<Result<_, _>>()?;
                e.ids.clear();
                e.concept_ids.clear();
                for c in &cands {
                    let (written, all) = concept_ids.of(&c.id)?;
                    e.ids.push(written.clone());
                    e.concept_ids.push(all.clone());
                }
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
