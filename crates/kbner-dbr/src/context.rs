//! Retrieval context: the knowledge-base names a sentence's phrases retrieve, with their types,
//! given to the tagger between its instruction and the sentence (at training and inference alike).

use std::collections::HashSet;

use kbner_index::Retriever;
use kbner_kb::normalize_name;
use kbner_mine::MinedPhrases;
use serde::{Deserialize, Serialize};

use crate::build::sentence_phrases;
use crate::kb_names::KbNames;

/// Where a tagger's context entries come from. Implemented by [`RetrievalContext`]; the tagger
/// takes any implementation.
pub trait ContextSource: Send + Sync {
    /// The context entries of each sentence (given as its words), best first. The tagger keeps
    /// as many as its token budget allows.
    fn contexts(&self, sentences: &[&[String]]) -> std::result::Result<Vec<Vec<String>>, String>;
}

/// Settings of retrieval context, recorded with a trained tagger so that inference retrieves
/// as training did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextOptions {
    /// Concepts retrieved per phrase.
    pub k: usize,
    /// Most names listed per sentence (before the tagger's token budget).
    pub max_names: usize,
    /// Token budget of the context in the tagger's input (the sentence itself is never cut: the
    /// context gives way first).
    pub budget: usize,
    /// Retrievers used (written `exact`, `lexical`, `dense` or `fused`).
    pub retriever: Retriever,
}

impl Default for ContextOptions {
    fn default() -> Self {
        ContextOptions {
            k: 3,
            max_names: 10,
            budget: 48,
            retriever: Retriever::Fused,
        }
    }
}

/// One entry as the tagger reads it: `name (Type)`.
pub fn context_entry(name: &str, kind: &str) -> String {
    if kind.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({kind})")
    }
}

/// Retrieval context from a concept index: a sentence's mined phrases are looked up and the
/// names found listed round-robin over the phrases (each phrase's best name first, then each
/// one's second, ...), so a budget cut keeps every phrase's best match.
pub struct RetrievalContext {
    names: KbNames,
    phrases: MinedPhrases,
    max_names: usize,
}

impl RetrievalContext {
    /// Context from `names` (index, type map, lookup options) for phrases segmented by
    /// `phrases`, at most `max_names` entries per sentence.
    pub fn new(names: KbNames, phrases: MinedPhrases, max_names: usize) -> Self {
        RetrievalContext {
            names,
            phrases,
            max_names,
        }
    }

    /// The phrase list that segments sentences.
    pub fn phrases(&self) -> &MinedPhrases {
        &self.phrases
    }
}

impl ContextSource for RetrievalContext {
    fn contexts(&self, sentences: &[&[String]]) -> std::result::Result<Vec<Vec<String>>, String> {
        let per_sentence: Vec<Vec<String>> = sentences
            .iter()
            .map(|words| sentence_phrases(&self.phrases, &words.join(" ")))
            .collect();
        let flat: Vec<&str> = per_sentence.iter().flatten().map(String::as_str).collect();
        let mut hits = self
            .names
            .lookup(&flat)
            .map_err(|e| e.to_string())?
            .into_iter();
        let mut out = Vec::with_capacity(sentences.len());
        for ps in &per_sentence {
            let found: Vec<_> = hits.by_ref().take(ps.len()).collect();
            let mut seen = HashSet::new();
            let mut entries = Vec::new();
            let depth = found.iter().map(Vec::len).max().unwrap_or(0);
            'fill: for rank in 0..depth {
                for names in &found {
                    let Some(n) = names.get(rank) else { continue };
                    if !seen.insert(normalize_name(&n.name)) {
                        continue;
                    }
                    entries.push(context_entry(&n.name, n.shown_type()));
                    if entries.len() >= self.max_names {
                        break 'fill;
                    }
                }
            }
            out.push(entries);
        }
        Ok(out)
    }
}
