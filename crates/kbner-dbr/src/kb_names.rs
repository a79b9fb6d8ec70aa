//! Typed knowledge-base names for a sentence's phrases: each phrase queries the concept index
//! (top-K concepts), and each concept found gives the name that matched, spelt as its source
//! writes it, with the concept's task entity types.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use kbner_index::{ConceptIndex, Retriever, SearchOptions};
use kbner_kb::{normalize_name, EntityTypeMap};

use crate::error::Result;

/// One knowledge-base name retrieved for a phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct KbName {
    /// The name as its source writes it (the matched name's original spelling).
    pub name: String,
    /// The concept's id.
    pub id: String,
    /// The concept's task entity types (from the [`EntityTypeMap`]); empty when it maps to none.
    pub task_types: Vec<String>,
    /// A type to show when the concept has no task type: its first semantic type's name.
    pub kb_type: String,
    /// The retrieval score.
    pub score: f32,
}

impl KbName {
    /// The type shown beside the name: its first task type, else its semantic type.
    pub fn shown_type(&self) -> &str {
        self.task_types
            .first()
            .map(String::as_str)
            .unwrap_or(&self.kb_type)
    }

    /// Whether the concept is of task type `kind` (ignoring case).
    pub fn is_of(&self, kind: &str) -> bool {
        self.task_types.iter().any(|t| t.eq_ignore_ascii_case(kind))
    }
}

/// How phrases are looked up.
#[derive(Debug, Clone)]
pub struct LookupOptions {
    /// Concepts per phrase.
    pub k: usize,
    /// Retrievers used (exact, lexical, dense or fused).
    pub retriever: Retriever,
    /// Names of more words than this are not used (long descriptive names make poor samples).
    pub max_name_words: usize,
}

impl Default for LookupOptions {
    fn default() -> Self {
        LookupOptions {
            k: 5,
            retriever: Retriever::Fused,
            max_name_words: 8,
        }
    }
}

/// What the cache keeps of a concept: task types, a fallback type, and its names' original
/// spellings by normalized form.
#[derive(Debug)]
struct ConceptInfo {
    task_types: Vec<String>,
    kb_type: String,
    spellings: HashMap<String, String>,
}

/// Concepts kept in the cache before it is cleared (bounded memory on a large corpus).
const CACHE_CAP: usize = 200_000;

/// Retrieves typed knowledge-base names for phrases through a [`ConceptIndex`].
pub struct KbNames {
    index: Arc<ConceptIndex>,
    types: EntityTypeMap,
    opts: LookupOptions,
    cache: Mutex<HashMap<String, Arc<ConceptInfo>>>,
    /// The random-DBR variant's names, scanned once (see `random_names.rs`).
    pub(crate) random: Mutex<Option<Arc<crate::random_names::RandomNames>>>,
}

impl KbNames {
    /// Looks phrases up in `index`, typing concepts with `types`.
    pub fn new(index: Arc<ConceptIndex>, types: EntityTypeMap, opts: LookupOptions) -> Self {
        KbNames {
            index,
            types,
            opts,
            cache: Mutex::new(HashMap::new()),
            random: Mutex::new(None),
        }
    }

    /// The index searched.
    pub fn index(&self) -> &ConceptIndex {
        &self.index
    }

    /// The type map.
    pub fn types(&self) -> &EntityTypeMap {
        &self.types
    }

    /// The lookup options.
    pub fn options(&self) -> &LookupOptions {
        &self.opts
    }

    /// For each phrase, its retrieved names, best first; one name per concept, names of too many
    /// words left out.
    pub fn lookup(&self, phrases: &[&str]) -> Result<Vec<Vec<KbName>>> {
        let mut search = SearchOptions {
            k: self.opts.k,
            retriever: self.opts.retriever,
            ..Default::default()
        };
        // The knowledge base alone: a linker's memory of annotated mentions, when the index
        // carries one, does not change what is retrieved (training had none).
        search.weights[3] = 0.0;
        search.weights[4] = 0.0;
        // Queries the index refuses (empty after normalization, too long) are skipped, not fatal:
        // a phrase is a guess, not user input.
        let keep: Vec<usize> = (0..phrases.len())
            .filter(|&i| {
                kbner_index::check_query(phrases[i]).is_ok()
                    && !normalize_name(phrases[i]).is_empty()
            })
            .collect();
        let queries: Vec<&str> = keep.iter().map(|&i| phrases[i]).collect();
        let found = if queries.is_empty() {
            Vec::new()
        } else {
            self.index.search_many(&queries, &search)?
        };
        let mut out = vec![Vec::new(); phrases.len()];
        for (&i, cands) in keep.iter().zip(found) {
            for c in cands {
                let info = self.info(&c.id)?;
                let name = info
                    .spellings
                    .get(&c.matched_name)
                    .cloned()
                    .unwrap_or_else(|| c.preferred_name.clone());
                // Inverted and qualified forms (`Aphasia, Conduction`, `Cancer, NOS`) are
                // catalogue entries, not what text says; long names are descriptions.
                if name.contains(", ")
                    || kbner_corpus::tokenize::words(&name, 0).len() > self.opts.max_name_words
                {
                    continue;
                }
                out[i].push(KbName {
                    name,
                    id: c.id,
                    task_types: info.task_types.clone(),
                    kb_type: info.kb_type.clone(),
                    score: c.score,
                });
            }
        }
        Ok(out)
    }

    /// The task types of every concept that has `name` (after normalization); concepts without
    /// a task type add none. Sorted, deduplicated.
    pub fn name_task_types(&self, name: &str) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for s in self.index.kb().lookup(name)? {
            out.extend(self.types.of_summary(&s).into_iter().map(str::to_string));
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn info(&self, id: &str) -> Result<Arc<ConceptInfo>> {
        if let Some(i) = self.lock().get(id) {
            return Ok(i.clone());
        }
        let info = match self.index.kb().concept(id)? {
            Some(c) => {
                let task_types = self
                    .types
                    .task_types(&c.types, &c.origins)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                let mut spellings = HashMap::new();
                // English atoms first, then the rest, so an English spelling wins a shared key.
                let mut atoms: Vec<_> = c.atoms.iter().collect();
                atoms.sort_by_key(|a| !(a.lang.is_empty() || a.lang == "ENG"));
                for name in atoms
                    .iter()
                    .map(|a| a.name.as_str())
                    .chain([c.preferred_name.as_str()])
                {
                    let slot = spellings
                        .entry(normalize_name(name))
                        .or_insert_with(|| name.to_string());
                    // A spelling as text writes it beats a shouted one (OMIM's `BREAST CANCER`).
                    if shouted(slot) && !shouted(name) {
                        *slot = name.to_string();
                    }
                }
                for v in spellings.values_mut() {
                    if shouted(v) {
                        *v = v.to_lowercase();
                    }
                }
                ConceptInfo {
                    task_types,
                    kb_type: c.types.first().map(|t| t.name.clone()).unwrap_or_default(),
                    spellings,
                }
            }
            None => ConceptInfo {
                task_types: Vec::new(),
                kb_type: String::new(),
                spellings: HashMap::new(),
            },
        };
        let info = Arc::new(info);
        let mut cache = self.lock();
        if cache.len() >= CACHE_CAP {
            cache.clear();
        }
        cache.insert(id.to_string(), info.clone());
        Ok(info)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<ConceptInfo>>> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The distinct names of `found` (phrases' retrieved names, in order), split into those of task
/// type `kind` and the others. A name that any concept gives as `kind` is a positive only, so a
/// name is never labelled both ways.
pub fn split_by_type(found: &[Vec<KbName>], kind: &str) -> (Vec<KbName>, Vec<KbName>) {
    let mut positive_keys = HashSet::new();
    for n in found.iter().flatten() {
        if n.is_of(kind) {
            positive_keys.insert(normalize_name(&n.name));
        }
    }
    let mut seen = HashSet::new();
    let (mut pos, mut neg) = (Vec::new(), Vec::new());
    for n in found.iter().flatten() {
        let key = normalize_name(&n.name);
        if key.is_empty() || !seen.insert(key.clone()) {
            continue;
        }
        if positive_keys.contains(&key) {
            pos.push(n.clone());
        } else {
            neg.push(n.clone());
        }
    }
    (pos, neg)
}

/// Whether a name is written in capitals throughout (more than 5 letters, none lower-case):
/// OMIM and some vocabularies shout names that text writes in lower case; short all-capital
/// names are acronyms and stay as they are.
pub(crate) fn shouted(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters > 5 && !name.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str, types: &[&str]) -> KbName {
        KbName {
            name: n.into(),
            id: format!("id:{n}"),
            task_types: types.iter().map(|t| t.to_string()).collect(),
            kb_type: "Finding".into(),
            score: 1.0,
        }
    }

    #[test]
    fn a_name_given_as_the_type_by_any_concept_is_a_positive_only() {
        let found = vec![
            // "cold" is a finding here and a disease there: positive, once.
            vec![name("cold", &[]), name("Common cold", &["Disease"])],
            vec![name("COLD", &["Disease"]), name("aspirin", &["Chemical"])],
            vec![name("aspirin", &["Chemical"]), name("fever", &[])],
        ];
        let (pos, neg) = split_by_type(&found, "disease");
        let pos: Vec<&str> = pos.iter().map(|n| n.name.as_str()).collect();
        let neg: Vec<(&str, &str)> = neg
            .iter()
            .map(|n| (n.name.as_str(), n.shown_type()))
            .collect();
        assert_eq!(pos, ["cold", "Common cold"]);
        assert_eq!(neg, [("aspirin", "Chemical"), ("fever", "Finding")]);
    }

    #[test]
    fn shouted_names_are_long_all_capital_ones() {
        assert!(shouted("BREAST CANCER"));
        assert!(!shouted("BRCA1"));
        assert!(!shouted("Breast cancer"));
        assert!(!shouted("TNF-α"));
    }
}
