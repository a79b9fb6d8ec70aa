//! Mention memory: linked mentions from an annotated corpus, used as two more retrievers.
//!
//! A training corpus says how its annotators link the phrases of a domain: "autosomal dominant
//! disease" to *Genetic Diseases, Inborn*, "familial melanoma" to *Melanoma*. Those links are
//! conventions no dictionary holds. The memory keeps every distinct normalized mention with the
//! concepts it was linked to (most frequent first) and its embedding. A query then gets two extra
//! rankings, fused with the index's own: the concepts of the identical remembered mention, and
//! the concepts of the remembered mentions nearest in embedding space (brute force; memories are
//! corpus-sized, thousands of mentions, not KB-sized).
//!
//! Corpus ids are resolved against the knowledge base ([`KnowledgeBase::resolve_id`]): a concept
//! id as is, or a code or alternative id (`MESH:D011471`, `OMIM:176807`, bare MeSH `D011471`)
//! through the store's code index. Mentions whose ids resolve to nothing are counted and left out.

use crate::{IndexError, Result};
use kbner_encoder::Encoder;
use kbner_kb::{normalize_name, KnowledgeBase};
use serde::Serialize;
use std::collections::HashMap;

/// What building a memory did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MemoryStats {
    /// Mentions offered.
    pub mentions: usize,
    /// Mentions kept (at least one id resolved).
    pub kept: usize,
    /// Mentions left out: no id, or no id found in the knowledge base.
    pub unresolved: usize,
    /// Distinct normalized mentions remembered.
    pub distinct: usize,
}

/// Remembered mentions with their concepts and embeddings.
pub struct MentionMemory {
    names: Vec<String>,
    /// Concept ids per name, most often linked first.
    concepts: Vec<Vec<String>>,
    lookup: HashMap<String, usize>,
    /// Row-major unit vectors, one per name.
    vectors: Vec<f32>,
    dim: usize,
}

impl MentionMemory {
    /// Remembers `mentions` (text, corpus ids) against `kb`, embedding each distinct normalized
    /// mention with `encoder`.
    pub fn build<'a>(
        kb: &KnowledgeBase,
        encoder: &Encoder,
        mentions: impl IntoIterator<Item = (&'a str, &'a [String])>,
    ) -> Result<(Self, MemoryStats)> {
        let mut stats = MemoryStats::default();
        let mut counts: HashMap<String, HashMap<String, u32>> = HashMap::new();
        let mut resolved: HashMap<String, Vec<String>> = HashMap::new();
        for (text, ids) in mentions {
            stats.mentions += 1;
            let norm = normalize_name(text);
            let mut concepts: Vec<String> = Vec::new();
            for id in ids {
                if !resolved.contains_key(id) {
                    resolved.insert(id.clone(), kb.resolve_id(id)?);
                }
                for c in &resolved[id] {
                    if !concepts.contains(c) {
                        concepts.push(c.clone());
                    }
                }
            }
            if norm.is_empty() || concepts.is_empty() {
                stats.unresolved += 1;
                continue;
            }
            stats.kept += 1;
            let entry = counts.entry(norm).or_default();
            for c in concepts {
                *entry.entry(c).or_default() += 1;
            }
        }
        let mut names: Vec<String> = counts.keys().cloned().collect();
        names.sort();
        let concepts: Vec<Vec<String>> = names
            .iter()
            .map(|n| {
                let mut cs: Vec<(String, u32)> =
                    counts[n].iter().map(|(c, k)| (c.clone(), *k)).collect();
                cs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                cs.into_iter().map(|(c, _)| c).collect()
            })
            .collect();
        let texts: Vec<&str> = names.iter().map(String::as_str).collect();
        let embedded = if texts.is_empty() {
            Vec::new()
        } else {
            encoder.embed(&texts)?
        };
        let dim = encoder.dim();
        let mut vectors = Vec::with_capacity(names.len() * dim);
        for v in embedded {
            if v.len() != dim {
                return Err(IndexError::Invalid(format!(
                    "encoder returned a {}-d vector, expected {dim}",
                    v.len()
                )));
            }
            vectors.extend_from_slice(&v);
        }
        stats.distinct = names.len();
        let lookup = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        Ok((
            MentionMemory {
                names,
                concepts,
                lookup,
                vectors,
                dim,
            },
            stats,
        ))
    }

    /// Distinct remembered mentions.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Row of exactly this normalized mention.
    pub fn row(&self, normalized: &str) -> Option<usize> {
        self.lookup.get(normalized).copied()
    }

    /// Concepts of row `row`, most often linked first.
    pub fn concepts(&self, row: usize) -> &[String] {
        self.concepts.get(row).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The `k` remembered mentions nearest to `query` (unit length): (row, cosine), best first.
    pub fn nearest(&self, query: &[f32], k: usize) -> Vec<(usize, f32)> {
        if query.len() != self.dim || k == 0 {
            return Vec::new();
        }
        let mut scored: Vec<(usize, f32)> = self
            .vectors
            .chunks_exact(self.dim)
            .map(|v| v.iter().zip(query).map(|(a, b)| a * b).sum::<f32>())
            .enumerate()
            .collect();
        let k = k.min(scored.len());
        if k == 0 {
            return Vec::new();
        }
        scored.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(k);
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
    }

    /// The remembered (normalized) mention of row `row`.
    pub fn name(&self, row: usize) -> Option<&str> {
        self.names.get(row).map(String::as_str)
    }
}
