//! `kbner dbr`: for each training sentence, its mined phrases query the index; the typed names
//! found become one dense sample (positives of the target type, negatives of other types).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use kbner_corpus::{tokenize, Corpus};
use kbner_index::ConceptIndex;
use kbner_job::Progress;
use kbner_kb::EntityTypeMap;
use kbner_mine::{MinedPhrases, MinerOptions, NameList, PhraseMiner};
use kbner_nn::Rng;
use serde::{Deserialize, Serialize};

use crate::error::{DbrError, Result};
use crate::kb_names::{split_by_type, KbName, KbNames};
use crate::sample::{dense_sample, DbrSample, SampleSizes};

/// What to build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbrOptions {
    /// The entity type as the instruction names it (the training data's spelling: `GENE`).
    pub kind: String,
    /// The task type of the type map that counts as positive (`Gene/Protein`).
    pub task_type: String,
    /// Most positives and negatives per sample.
    pub sizes: SampleSizes,
    /// Seed of the draws and shuffles.
    pub seed: u64,
    /// The random-DBR ablation: each sentence's sample keeps its numbers of positives and
    /// negatives, but the names are drawn at random from all the knowledge base's names of
    /// those kinds instead of from what its phrases retrieved.
    pub random: bool,
    /// Leave out names whose concepts disagree about the target type: a positive whose name
    /// another concept gives another task type (`APC`: a disease and a gene), a negative whose
    /// name some concept gives the target type.
    #[serde(default)]
    pub unambiguous: bool,
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DbrReport {
    /// Training sentences read.
    pub sentences: usize,
    /// Phrases queried.
    pub phrases: usize,
    /// Samples built.
    pub samples: usize,
    /// Sentences whose phrases retrieved no name (no sample).
    pub without_names: usize,
    /// Positive and negative names placed, over all samples.
    pub positives: usize,
    /// Negative names placed.
    pub negatives: usize,
    /// Distinct positive names retrieved, over all sentences (retrieval quality: how many of
    /// the retrieved names are of the target type is `positive_share`).
    pub positive_share: f64,
    /// Wall seconds.
    pub seconds: f64,
    /// Warnings (also shown as they arise).
    pub warnings: Vec<String>,
}

/// Names of the target type, and the others with their shown type.
type TypedNames = (Vec<String>, Vec<(String, String)>);

/// Sentences per batch of index queries.
const BATCH: usize = 64;

/// The text of every sentence of `corpus`, with a `doc:sentence` label. Sentences come from the
/// corpus where it has them (IOB, nested), else from kbner's sentence splitter.
pub fn corpus_sentences(corpus: &Corpus) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for doc in &corpus.documents {
        let mut k = 0;
        for p in &doc.passages {
            let sentences = if p.sentences.is_empty() {
                tokenize::sentences(&p.text, p.offset)
            } else {
                p.sentences.clone()
            };
            for s in sentences {
                let (Some(a), Some(b)) =
                    (s.start.checked_sub(p.offset), s.end.checked_sub(p.offset))
                else {
                    continue;
                };
                if let Some(text) = kbner_corpus::text::char_slice(&p.text, a, b) {
                    if !text.trim().is_empty() {
                        out.push((format!("{}:{k}", doc.id), text.to_string()));
                    }
                }
                k += 1;
            }
        }
    }
    out
}

/// The phrases of `text` that query the index: its phrasal segmentation by the mined list.
pub fn sentence_phrases(phrases: &MinedPhrases, text: &str) -> Vec<String> {
    let mut out: Vec<String> = phrases.segment(text).into_iter().map(|p| p.text).collect();
    out.dedup();
    out
}

/// Builds DBR samples for every sentence of `corpus` (see [`DbrOptions`]). Deterministic for a
/// given seed, corpus, phrase list and index. When no retrieved name is of the target type, a
/// warning is given and no sample is built (never samples without a positive anywhere).
pub fn build_dbr(
    names: &KbNames,
    phrases: &MinedPhrases,
    corpus: &Corpus,
    opts: &DbrOptions,
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<(Vec<DbrSample>, DbrReport)> {
    if opts.sizes.max_positives == 0 {
        return Err(DbrError::Invalid(
            "a DBR sample needs at least one positive (max positives 0)".into(),
        ));
    }
    let started = Instant::now();
    let sentences = corpus_sentences(corpus);
    let mut report = DbrReport {
        sentences: sentences.len(),
        ..Default::default()
    };
    progress.start_task("dbr", sentences.len() as u64);
    // Each sentence's retrieved (positives, negatives) first, so the random variant can keep
    // the same sizes.
    let mut found: Vec<TypedNames> = Vec::with_capacity(sentences.len());
    let (mut distinct_pos, mut distinct_all) = (0usize, 0usize);
    let mut name_types: std::collections::HashMap<String, Vec<String>> = Default::default();
    for chunk in sentences.chunks(BATCH) {
        if cancel.load(Ordering::Relaxed) {
            return Err(DbrError::Cancelled);
        }
        let per_sentence: Vec<Vec<String>> = chunk
            .iter()
            .map(|(_, text)| sentence_phrases(phrases, text))
            .collect();
        let flat: Vec<&str> = per_sentence.iter().flatten().map(String::as_str).collect();
        report.phrases += flat.len();
        let mut hits = names.lookup(&flat)?.into_iter();
        for ps in &per_sentence {
            let mine: Vec<_> = hits.by_ref().take(ps.len()).collect();
            let (mut pos, mut neg) = split_by_type(&mine, &opts.task_type);
            if opts.unambiguous {
                let target = opts.task_type.to_lowercase();
                let mut keep = |n: &KbName, positive: bool| -> Result<bool> {
                    let key = kbner_kb::normalize_name(&n.name);
                    if !name_types.contains_key(&key) {
                        let t: Vec<String> = names
                            .name_task_types(&n.name)?
                            .into_iter()
                            .map(|t| t.to_lowercase())
                            .collect();
                        name_types.insert(key.clone(), t);
                    }
                    let t = &name_types[&key];
                    Ok(if positive {
                        t.iter().all(|x| *x == target)
                    } else {
                        !t.contains(&target)
                    })
                };
                pos = retain_ok(pos, |n| keep(n, true))?;
                neg = retain_ok(neg, |n| keep(n, false))?;
            }
            distinct_pos += pos.len();
            distinct_all += pos.len() + neg.len();
            found.push((
                pos.into_iter().map(|n| n.name).collect(),
                neg.into_iter()
                    .map(|n| {
                        let t = n.shown_type().to_string();
                        (n.name, t)
                    })
                    .collect(),
            ));
        }
        progress.advance(chunk.len() as u64);
    }
    report.positive_share = if distinct_all > 0 {
        distinct_pos as f64 / distinct_all as f64
    } else {
        0.0
    };
    if distinct_pos == 0 {
        let w = format!(
            "no name retrieved for these {} sentences is of type {:?} in this knowledge base (see `kbner kb types`): no DBR samples built",
            sentences.len(),
            opts.task_type
        );
        progress.message(&format!("dbr: warning: {w}"));
        report.warnings.push(w);
        report.seconds = started.elapsed().as_secs_f64();
        return Ok((Vec::new(), report));
    }
    let pools = if opts.random {
        Some(names.random_names()?.pools(&opts.task_type))
    } else {
        None
    };
    let mut rng = Rng::new(opts.seed);
    let mut samples = Vec::new();
    for ((label, _), (pos, neg)) in sentences.iter().zip(&found) {
        if pos.is_empty() && neg.is_empty() {
            report.without_names += 1;
            continue;
        }
        let sample = match &pools {
            None => dense_sample(&opts.kind, pos, neg, opts.sizes, &mut rng, label.clone()),
            Some((pos_pool, neg_pool)) => {
                let sizes = SampleSizes {
                    max_positives: pos.len().min(opts.sizes.max_positives),
                    max_negatives: neg.len().min(opts.sizes.max_negatives),
                };
                dense_sample(
                    &opts.kind,
                    pos_pool,
                    neg_pool,
                    sizes,
                    &mut rng,
                    format!("random:{label}"),
                )
            }
        };
        if let Some(s) = sample {
            report.positives += s.names.iter().filter(|n| n.positive).count();
            report.negatives += s.names.iter().filter(|n| !n.positive).count();
            // Samples are renamed to the instruction's type; positives show it too.
            samples.push(s);
        }
    }
    report.samples = samples.len();
    report.seconds = started.elapsed().as_secs_f64();
    Ok((samples, report))
}

/// The items `keep` accepts, in order; its first error stops.
fn retain_ok<T>(items: Vec<T>, mut keep: impl FnMut(&T) -> Result<bool>) -> Result<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        if keep(&i)? {
            out.push(i);
        }
    }
    Ok(out)
}

/// The task type of `map` that an instruction type `kind` stands for: the table's own spelling
/// in any case (`disease` → `Disease`), else the task type one of whose `/`-separated parts it
/// names (`GENE` → `Gene/Protein`).
pub fn task_type_for(map: &EntityTypeMap, kind: &str) -> Option<String> {
    if let Some(t) = map.canonical(kind) {
        return Some(t.to_string());
    }
    map.task_type_names()
        .into_iter()
        .find(|t| {
            t.split('/')
                .any(|p| p.trim().eq_ignore_ascii_case(kind.trim()))
        })
        .map(str::to_string)
}

/// Mines the quality phrases of `corpus` (the phrases DBR and retrieval context query with),
/// the knowledge base's indexed names as distant labels.
pub fn mine_phrases(
    corpus: &Corpus,
    index: &ConceptIndex,
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<MinedPhrases> {
    let oracle = NameList::new(index.names().iter());
    let miner = PhraseMiner::new(MinerOptions::default())?;
    miner
        .mine_with(corpus, Some(&oracle), progress, cancel)
        .map_err(|e| match e {
            kbner_mine::MineError::Cancelled => DbrError::Cancelled,
            e => e.into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instruction_type_finds_its_task_type_by_spelling_or_part() {
        let map = EntityTypeMap::parse(
            "Disease\ttype\tDisease\nGene/Protein\ttype\tGene\nChemical\ttype\tDrug\n",
            "test",
        )
        .expect("table");
        assert_eq!(task_type_for(&map, "disease").as_deref(), Some("Disease"));
        assert_eq!(task_type_for(&map, "GENE").as_deref(), Some("Gene/Protein"));
        assert_eq!(
            task_type_for(&map, "protein").as_deref(),
            Some("Gene/Protein")
        );
        assert_eq!(task_type_for(&map, "Species"), None);
    }
}
