//! Candidate generation: exact, lexical and dense retrieval fused per concept.
//!
//! Each retriever ranks *names*; a name maps to the concepts that carry it (the store's name index),
//! so each retriever yields a ranking of concepts (a concept takes the rank of its best name). The
//! fused score is weighted reciprocal-rank fusion: `Σ_r w_r / (rrf_k + rank_r)`, ranks from 1.
//! Exact matches share rank 1, or rank 2 where another exact match has the name as its preferred
//! name. With a type constraint, concepts without a matching semantic
//! type (TUI, type name, group abbreviation or group name) are skipped.
//!
//! With a [`MentionMemory`] attached (see [`ConceptIndex::set_memory`]), two more rankings join
//! the fusion: the concepts of the identical remembered mention, and those of the nearest
//! remembered mentions.

use crate::build::{INDEX_DIR, NAMES_FILE};
use crate::dense::DenseIndex;
use crate::lexical::LexicalIndex;
use crate::manifest::IndexManifest;
use crate::memory::MentionMemory;
use crate::{IndexError, Result};
use kbner_encoder::Encoder;
use kbner_kb::{normalize_name, KnowledgeBase, SemanticType};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

/// Longest query accepted, in characters; a mention is a phrase, not a document.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Most concepts one search returns ([`SearchOptions::k`]).
pub const MAX_K: usize = 1000;

/// Most names one retriever contributes before fusion ([`SearchOptions::depth`]).
pub const MAX_DEPTH: usize = 10_000;

/// Checks that `text` can be searched: at most [`MAX_QUERY_CHARS`] characters. Callers with
/// many queries (linking) use it to name the bad one before a batch fails.
pub fn check_query(text: &str) -> Result<()> {
    let n = text.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(IndexError::Invalid(format!(
            "query of {n} characters is longer than {MAX_QUERY_CHARS}: search takes a mention, not a document"
        )));
    }
    Ok(())
}

/// Which retrievers produce candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Retriever {
    /// Exact normalized-name match only.
    Exact,
    /// tantivy only.
    Lexical,
    /// HNSW only.
    Dense,
    /// All three, fused.
    Fused,
}

impl std::str::FromStr for Retriever {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "exact" => Ok(Retriever::Exact),
            "lexical" => Ok(Retriever::Lexical),
            "dense" => Ok(Retriever::Dense),
            "fused" => Ok(Retriever::Fused),
            o => Err(format!(
                "unknown retriever {o:?} (exact, lexical, dense or fused)"
            )),
        }
    }
}

/// Search settings.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Concepts returned, at most [`MAX_K`] (0 returns none).
    pub k: usize,
    /// Retrievers used.
    pub retriever: Retriever,
    /// Keep only concepts with one of these types (TUI, type name, group); empty = all.
    pub types: Vec<String>,
    /// Fusion weights of the exact, lexical, dense, remembered-exact and remembered-nearest
    /// ranks (the last two only count when a memory is attached).
    pub weights: [f32; 5],
    /// The RRF constant.
    pub rrf_k: f32,
    /// Names each retriever contributes before fusion (at least `k`, at most [`MAX_DEPTH`]).
    pub depth: usize,
}

impl SearchOptions {
    /// Checks the sizes a caller may set: `k` and `depth` size allocations, so an absurd value
    /// is an error here rather than an allocation failure.
    pub fn validate(&self) -> Result<()> {
        if self.k > MAX_K {
            return Err(IndexError::Invalid(format!(
                "k = {} concepts per query is more than the {MAX_K} allowed",
                self.k
            )));
        }
        if self.depth > MAX_DEPTH {
            return Err(IndexError::Invalid(format!(
                "search depth {} is more than the {MAX_DEPTH} allowed",
                self.depth
            )));
        }
        Ok(())
    }
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            k: 10,
            retriever: Retriever::Fused,
            types: Vec::new(),
            // Chosen on the NCBI-disease development set with MEDIC and a memory of the training
            // split (benches/link_accuracy.rs, KBNER_LINK_TUNE=1): exact and remembered-exact
            // matches dominate; lexical and dense weigh the same.
            weights: [3.0, 0.75, 0.75, 3.0, 1.0],
            rrf_k: 0.5,
            depth: 50,
        }
    }
}

/// One candidate concept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Concept id.
    pub id: String,
    /// Preferred name.
    pub preferred_name: String,
    /// Score: the fused RRF score, or the single retriever's score (exact 1, BM25, cosine).
    pub score: f32,
    /// The indexed (normalized) name that ranked the concept best.
    pub matched_name: String,
    /// Rank (from 1) given by each retriever: exact, lexical, dense, remembered exact,
    /// remembered nearest.
    pub ranks: [Option<u32>; 5],
    /// Cosine similarity of the best dense name, when the dense retriever found the concept.
    pub cosine: Option<f32>,
    /// Semantic types.
    pub types: Vec<SemanticType>,
}

/// Whether `t` satisfies the filter `f` (TUI, type name, group abbreviation or group name).
pub fn type_matches(t: &SemanticType, f: &str) -> bool {
    let f = f.trim();
    (!t.tui.is_empty() && t.tui == f)
        || t.name.eq_ignore_ascii_case(f)
        || (!t.group.is_empty()
            && (t.group.eq_ignore_ascii_case(f)
                || kbner_kb::semantic_groups()
                    .iter()
                    .any(|g| g.abbrev == t.group && g.name.eq_ignore_ascii_case(f))))
}

/// A knowledge base with its concept index and encoder, ready to search.
pub struct ConceptIndex {
    kb: KnowledgeBase,
    encoder: Encoder,
    dense: DenseIndex,
    lexical: LexicalIndex,
    names: Vec<Box<str>>,
    manifest: IndexManifest,
    memory: Option<MentionMemory>,
    /// Embeddings of recent queries by normalized text: mentions repeat within a corpus
    /// ("DMD" twenty times in one abstract), and the encoder is most of a query's cost.
    query_cache: Mutex<HashMap<String, Vec<f32>>>,
}

/// Query embeddings kept at most (1.5 KB each for a 384-d encoder); the cache is emptied when
/// full, which keeps it simple and bounded.
const QUERY_CACHE_CAP: usize = 16_384;

/// The name that ranked a concept: an indexed name or a remembered mention.
#[derive(Clone, Copy)]
enum Matched {
    Name(usize),
    Memory(usize),
}

struct Acc {
    ranks: [Option<u32>; 5],
    raw: [f32; 5],
    matched: (u32, Matched), // (rank, name) of the best name
}

impl Acc {
    fn new(matched: Matched) -> Self {
        Acc {
            ranks: [None; 5],
            raw: [0.0; 5],
            matched: (u32::MAX, matched),
        }
    }

    fn rank(&mut self, which: usize, rank: u32, raw: f32, name: Matched) {
        if self.ranks[which].is_none() {
            self.ranks[which] = Some(rank);
            self.raw[which] = raw;
            if rank < self.matched.0 {
                self.matched = (rank, name);
            }
        }
    }
}

impl ConceptIndex {
    /// Opens the index of the knowledge base in `kb_dir`, refusing one built for another version of
    /// the store or with another encoder.
    pub fn open(kb_dir: &Path, encoder: Encoder) -> Result<Self> {
        let kb = KnowledgeBase::open(kb_dir)?;
        let dir = kb_dir.join(INDEX_DIR);
        // Held while the files are opened: a `kb index` finishing meanwhile swaps in its index
        // after, so this reader gets the old index or the new one whole (and an interrupted
        // swap is undone first).
        let opening = kbner_job::ReadLock::acquire(&dir)?;
        let manifest = IndexManifest::read(&dir)?;
        manifest.check_current(&dir, &kb.manifest().fingerprint, &encoder)?;
        manifest.verify(&dir, false)?;
        let text = std::fs::read_to_string(dir.join(NAMES_FILE))
            .map_err(|e| IndexError::io(dir.join(NAMES_FILE), e))?;
        let names: Vec<Box<str>> = text.lines().map(Into::into).collect();
        if names.len() as u64 != manifest.names {
            return Err(IndexError::Stale(format!(
                "{}: {} names, manifest says {}",
                dir.join(NAMES_FILE).display(),
                names.len(),
                manifest.names
            )));
        }
        let dense = DenseIndex::open(&dir, manifest.params.ef_search, manifest.params.storage)?;
        let lexical = LexicalIndex::open(&dir.join("lexical"))?;
        drop(opening);
        Ok(ConceptIndex {
            kb,
            encoder,
            dense,
            lexical,
            names,
            manifest,
            memory: None,
            query_cache: Mutex::new(HashMap::new()),
        })
    }

    /// Attaches remembered mentions (see [`MentionMemory`]); they join every later search.
    pub fn set_memory(&mut self, memory: MentionMemory) {
        self.memory = Some(memory);
    }

    /// Forgets the embeddings of earlier queries (benchmarks measure cold queries with it).
    pub fn clear_query_cache(&self) {
        self.query_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// The attached memory, if any.
    pub fn memory(&self) -> Option<&MentionMemory> {
        self.memory.as_ref()
    }

    /// The knowledge base.
    pub fn kb(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// The index manifest.
    pub fn manifest(&self) -> &IndexManifest {
        &self.manifest
    }

    /// The encoder.
    pub fn encoder(&self) -> &Encoder {
        &self.encoder
    }

    /// The indexed names: distinct normalized names of the store, sorted; a name's position is
    /// its name id.
    pub fn names(&self) -> &[Box<str>] {
        &self.names
    }

    /// Candidates for one query.
    pub fn search(&self, text: &str, opts: &SearchOptions) -> Result<Vec<Candidate>> {
        Ok(self.search_many(&[text], opts)?.pop().unwrap_or_default())
    }

    /// Candidates for many queries; dense queries are embedded in batches.
    pub fn search_many(&self, texts: &[&str], opts: &SearchOptions) -> Result<Vec<Vec<Candidate>>> {
        opts.validate()?;
        for t in texts {
            check_query(t)?;
        }
        let norms: Vec<String> = texts.iter().map(|t| normalize_name(t)).collect();
        let use_dense = matches!(opts.retriever, Retriever::Dense | Retriever::Fused);
        let mut vectors: Vec<Option<Vec<f32>>> = vec![None; texts.len()];
        if use_dense {
            let mut missing: Vec<usize> = Vec::new();
            {
                let cache = self.query_cache.lock().unwrap_or_else(|p| p.into_inner());
                for (i, norm) in norms.iter().enumerate() {
                    if norm.is_empty() {
                        continue;
                    }
                    match cache.get(norm) {
                        Some(v) => vectors[i] = Some(v.clone()),
                        None => missing.push(i),
                    }
                }
            }
            // Each distinct missing text is embedded once.
            let mut distinct: Vec<&str> = missing.iter().map(|&i| norms[i].as_str()).collect();
            distinct.sort_unstable();
            distinct.dedup();
            if !distinct.is_empty() {
                let embedded = self.encoder.embed(&distinct)?;
                let mut cache = self.query_cache.lock().unwrap_or_else(|p| p.into_inner());
                if cache.len() + distinct.len() > QUERY_CACHE_CAP {
                    cache.clear();
                }
                for i in missing {
                    if let Ok(row) = distinct.binary_search(&norms[i].as_str()) {
                        vectors[i] = Some(embedded[row].clone());
                    }
                }
                if distinct.len() <= QUERY_CACHE_CAP {
                    for (text, v) in distinct.into_iter().zip(embedded) {
                        cache.insert(text.to_string(), v);
                    }
                }
            }
        }
        norms
            .iter()
            .zip(vectors)
            .map(|(norm, v)| self.search_one(norm, v.as_deref(), opts))
            .collect()
    }

    fn add_names(
        &self,
        acc: &mut HashMap<String, Acc>,
        which: usize,
        hits: impl Iterator<Item = (usize, f32)>,
    ) -> Result<()> {
        let mut rank = 0u32;
        for (name_id, raw) in hits {
            rank += 1;
            let Some(name) = self.names.get(name_id) else {
                continue;
            };
            let m = Matched::Name(name_id);
            for id in self.kb.ids_for_normalized(name)? {
                acc.entry(id)
                    .or_insert_with(|| Acc::new(m))
                    .rank(which, rank, raw, m);
            }
        }
        Ok(())
    }

    fn search_one(
        &self,
        norm: &str,
        vector: Option<&[f32]>,
        opts: &SearchOptions,
    ) -> Result<Vec<Candidate>> {
        if norm.is_empty() || opts.k == 0 {
            return Ok(Vec::new());
        }
        let depth = opts.depth.max(opts.k);
        let mut acc: HashMap<String, Acc> = HashMap::new();
        let r = opts.retriever;
        if matches!(r, Retriever::Exact | Retriever::Fused) {
            let matched = self
                .names
                .binary_search_by(|n| n.as_ref().cmp(norm))
                .unwrap_or(0);
            let m = Matched::Name(matched);
            let ids = self.kb.ids_for_normalized(norm)?;
            // A name shared by several concepts ranks first where it is the preferred name
            // ("Saethre-Chotzen syndrome" is the preferred name of one concept and a synonym of
            // another).
            let preferred: Vec<String> = if ids.len() > 1 {
                self.kb
                    .summaries(&ids)?
                    .into_iter()
                    .filter(|s| normalize_name(&s.preferred_name) == norm)
                    .map(|s| s.id)
                    .collect()
            } else {
                Vec::new()
            };
            for id in ids {
                let rank = if preferred.is_empty() || preferred.contains(&id) {
                    1
                } else {
                    2
                };
                acc.entry(id)
                    .or_insert_with(|| Acc::new(m))
                    .rank(0, rank, 1.0 / rank as f32, m);
            }
        }
        if matches!(r, Retriever::Lexical | Retriever::Fused) {
            let hits = self.lexical.search(norm, depth)?;
            self.add_names(&mut acc, 1, hits.into_iter().map(|(i, s)| (i as usize, s)))?;
        }
        if let (true, Some(v)) = (matches!(r, Retriever::Dense | Retriever::Fused), vector) {
            let hits = self.dense.search(v, depth);
            self.add_names(&mut acc, 2, hits.into_iter().map(|(i, s)| (i as usize, s)))?;
        }
        if let (Some(memory), Retriever::Fused) = (&self.memory, r) {
            // Remembered exact: the concepts linked to this very mention, most frequent first.
            if let Some(row) = memory.row(norm) {
                let m = Matched::Memory(row);
                for (i, id) in memory.concepts(row).iter().enumerate() {
                    acc.entry(id.clone()).or_insert_with(|| Acc::new(m)).rank(
                        3,
                        i as u32 + 1,
                        1.0,
                        m,
                    );
                }
            }
            // Remembered nearest: concepts of the closest remembered mentions.
            if let Some(v) = vector {
                let mut rank = 0u32;
                for (row, cos) in memory.nearest(v, depth) {
                    rank += 1;
                    let m = Matched::Memory(row);
                    for id in memory.concepts(row) {
                        acc.entry(id.clone())
                            .or_insert_with(|| Acc::new(m))
                            .rank(4, rank, cos, m);
                    }
                }
            }
        }
        let mut scored: Vec<(f32, String, Acc)> = acc
            .into_iter()
            .map(|(id, a)| {
                let score = match r {
                    Retriever::Exact => a.raw[0],
                    Retriever::Lexical => a.raw[1],
                    Retriever::Dense => a.raw[2],
                    Retriever::Fused => (0..5)
                        .filter_map(|i| {
                            a.ranks[i].map(|rank| opts.weights[i] / (opts.rrf_k + rank as f32))
                        })
                        .sum(),
                };
                (score, id, a)
            })
            .collect();
        // Ties broken by id so results are deterministic.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let mut out = Vec::with_capacity(opts.k);
        for chunk in scored.chunks(opts.k.max(16)) {
            let ids: Vec<String> = chunk.iter().map(|c| c.1.clone()).collect();
            let summaries: HashMap<String, kbner_kb::ConceptSummary> = self
                .kb
                .summaries(&ids)?
                .into_iter()
                .map(|s| (s.id.clone(), s))
                .collect();
            for (score, id, a) in chunk {
                let Some(s) = summaries.get(id) else { continue };
                if !opts.types.is_empty()
                    && !s
                        .types
                        .iter()
                        .any(|t| opts.types.iter().any(|f| type_matches(t, f)))
                {
                    continue;
                }
                out.push(Candidate {
                    id: id.clone(),
                    preferred_name: s.preferred_name.clone(),
                    score: *score,
                    matched_name: match a.matched.1 {
                        Matched::Name(i) => self.names.get(i).map(|n| n.to_string()),
                        Matched::Memory(row) => self
                            .memory
                            .as_ref()
                            .and_then(|m| m.name(row))
                            .map(str::to_string),
                    }
                    .unwrap_or_default(),
                    ranks: a.ranks,
                    cosine: a.ranks[2].map(|_| a.raw[2]),
                    types: s.types.clone(),
                });
                if out.len() == opts.k {
                    return Ok(out);
                }
            }
        }
        Ok(out)
    }
}
