//! What the knowledge base gives the tagger: DBR samples as a training source, and retrieval
//! context filled into examples (at training and inference alike) and recorded with the adapter.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use kbner_dbr::{read_dbr, ContextSource, DbrSample, KbNames, LookupOptions, RetrievalContext};
use kbner_index::ConceptIndex;
use kbner_kb::EntityTypeMap;
use kbner_mine::MinedPhrases;

use crate::error::{Result, TaggerError};
use crate::sample::{Example, ExampleSource, B, I, O};
use crate::tagger::AdapterManifest;

/// The phrase list that segments sentences for retrieval context, saved beside an adapter
/// trained with context so that inference segments as training did.
pub const CONTEXT_PHRASES_FILE: &str = "context_phrases.jsonl";

/// DBR samples (a `kbner dbr` file, or samples built in memory) as a training source. Their
/// examples have no dataset: the instruction is the dataset-free one.
#[derive(Debug, Clone)]
pub struct DbrSource {
    what: String,
    examples: Vec<Example>,
}

impl DbrSource {
    /// Reads a `kbner dbr` output.
    pub fn open(path: &Path) -> Result<Self> {
        let (header, samples) = read_dbr(path)?;
        Ok(DbrSource::from_samples(
            format!("DBR {}={}", header.options.kind, path.display()),
            &samples,
        ))
    }

    /// Samples built in memory; `what` describes them.
    pub fn from_samples(what: String, samples: &[DbrSample]) -> Self {
        let examples = samples
            .iter()
            .map(|s| Example {
                dataset: String::new(),
                kind: s.kind.clone(),
                words: s.words.clone(),
                labels: Some(
                    s.tags
                        .iter()
                        .map(|t| match t.as_str() {
                            "B" => B,
                            "I" => I,
                            _ => O,
                        })
                        .collect(),
                ),
                context: Vec::new(),
            })
            .collect();
        DbrSource { what, examples }
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.examples.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }
}

impl ExampleSource for DbrSource {
    fn describe(&self) -> String {
        self.what.clone()
    }

    fn examples(&self, _epoch: usize) -> Result<Vec<Example>> {
        Ok(self.examples.clone())
    }
}

/// Sentences per retrieval batch.
const CONTEXT_BATCH: usize = 256;

/// Fills the context of every example that has a dataset (DBR samples get none) from
/// `source`, reusing `cache` (keyed by the words) so that a sentence seen again is not
/// retrieved again. `on_batch` is told how many of the sentences to retrieve are done, and how
/// many there are.
pub fn fill_context(
    source: &dyn ContextSource,
    examples: &mut [Example],
    cache: &mut HashMap<String, Vec<String>>,
    on_batch: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let key = |e: &Example| e.words.join("\u{1f}");
    // One retrieval per distinct sentence (a corpus tagged for two types holds each twice).
    let mut queued = std::collections::HashSet::new();
    let todo: Vec<usize> = (0..examples.len())
        .filter(|&i| {
            let k = key(&examples[i]);
            !examples[i].dataset.is_empty() && !cache.contains_key(&k) && queued.insert(k)
        })
        .collect();
    for (k, chunk) in todo.chunks(CONTEXT_BATCH).enumerate() {
        let words: Vec<&[String]> = chunk
            .iter()
            .map(|&i| examples[i].words.as_slice())
            .collect();
        let contexts = source.contexts(&words).map_err(TaggerError::Invalid)?;
        for (&i, c) in chunk.iter().zip(contexts) {
            cache.insert(key(&examples[i]), c);
        }
        on_batch(
            (k * CONTEXT_BATCH + chunk.len()).min(todo.len()),
            todo.len(),
        );
    }
    for e in examples.iter_mut() {
        if e.dataset.is_empty() {
            continue;
        }
        if let Some(c) = cache.get(&key(e)) {
            e.context = c.clone();
        }
    }
    Ok(())
}

/// Writes the context's phrase list (the ranked list only) into an adapter directory.
pub(crate) fn save_context_phrases(context: &RetrievalContext, dir: &Path) -> Result<()> {
    let mut phrases = context.phrases().clone();
    phrases.sentences.clear();
    phrases.write(&dir.join(CONTEXT_PHRASES_FILE))?;
    Ok(())
}

/// The retrieval context a saved tagger was trained with, rebuilt on `index` (its phrase list
/// read from the adapter directory `dir`, its settings from the manifest); `None` when the
/// tagger was trained without context.
pub fn open_context(
    dir: &Path,
    manifest: &AdapterManifest,
    index: Arc<ConceptIndex>,
    types: EntityTypeMap,
) -> Result<Option<RetrievalContext>> {
    let Some(opts) = &manifest.spec.context else {
        return Ok(None);
    };
    let path: PathBuf = dir.join(CONTEXT_PHRASES_FILE);
    let phrases = MinedPhrases::read(&path)?;
    let lookup = LookupOptions {
        k: opts.k,
        retriever: opts.retriever,
        ..Default::default()
    };
    Ok(Some(RetrievalContext::new(
        KbNames::new(index, types, lookup),
        phrases,
        opts.max_names,
    )))
}

/// How `kbner train --kb` uses the knowledge base.
#[derive(Debug, Clone, PartialEq)]
pub struct KbRecipe {
    /// Mix DBR samples built from each training set's sentences into training.
    pub dbr: bool,
    /// Build them as the random-DBR ablation instead (names drawn at random).
    pub random_dbr: bool,
    /// Sizes of DBR samples.
    pub sizes: kbner_dbr::SampleSizes,
    /// Concepts per phrase for DBR.
    pub dbr_k: usize,
    /// Retriever of DBR names.
    pub dbr_retriever: kbner_index::Retriever,
    /// Leave out names whose concepts disagree about the type.
    pub unambiguous: bool,
    /// Retrieval context at training and inference (`None`: none).
    pub context: Option<kbner_dbr::ContextOptions>,
    /// Seed of the DBR draws.
    pub seed: u64,
}

/// What [`prepare_kb_training`] gives `train`.
pub struct KbTraining {
    /// DBR sources, one per training set.
    pub extra: Vec<Box<dyn ExampleSource>>,
    /// The retrieval context, when the recipe has one.
    pub context: Option<RetrievalContext>,
    /// Per training set (`dataset:type`), what building its DBR samples did.
    pub reports: Vec<(String, kbner_dbr::DbrReport)>,
}

/// Builds what a recipe needs from the knowledge base behind `index`: the phrase list (`phrases`,
/// else mined from the training sets' corpora), DBR samples of each training set's type (its task
/// type found in `types`: `GENE` → `Gene/Protein`), and the retrieval context.
pub fn prepare_kb_training(
    index: Arc<ConceptIndex>,
    types: EntityTypeMap,
    data: &[crate::corpus::CorpusSource],
    phrases: Option<MinedPhrases>,
    recipe: &KbRecipe,
    progress: &kbner_job::Progress,
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<KbTraining> {
    let phrases = match phrases {
        Some(p) => p,
        None => {
            let mut all = kbner_corpus::Corpus::default();
            // A file named twice (two types of one corpus) is mined once.
            let mut seen = std::collections::HashSet::new();
            for set in data {
                if seen.insert(&set.spec.train) {
                    all.documents.extend(set.corpus().documents.iter().cloned());
                }
            }
            progress.message(&format!(
                "train: mining phrases of {} training documents",
                all.documents.len()
            ));
            kbner_dbr::mine_phrases(&all, &index, progress, cancel).map_err(cancelled)?
        }
    };
    let mut out = KbTraining {
        extra: Vec::new(),
        context: None,
        reports: Vec::new(),
    };
    if recipe.dbr {
        let lookup = LookupOptions {
            k: recipe.dbr_k,
            retriever: recipe.dbr_retriever,
            ..Default::default()
        };
        let names = KbNames::new(index.clone(), types.clone(), lookup);
        for set in data {
            let (d, corpus) = (&set.spec, set.corpus());
            let task_type = kbner_dbr::task_type_for(&types, &d.kind).ok_or_else(|| {
                TaggerError::Invalid(format!(
                    "type {:?} of --data {}:{} is no task type of the type table {} (it has: {}); \
                     name it as the table does or add it to the table",
                    d.kind,
                    d.dataset,
                    d.kind,
                    types.origin(),
                    types.task_type_names().join(", ")
                ))
            })?;
            let opts = kbner_dbr::DbrOptions {
                kind: d.kind.clone(),
                task_type,
                sizes: recipe.sizes,
                seed: recipe.seed,
                random: recipe.random_dbr,
                unambiguous: recipe.unambiguous,
            };
            let (samples, report) =
                kbner_dbr::build_dbr(&names, &phrases, corpus, &opts, progress, cancel)
                    .map_err(cancelled)?;
            progress.message(&format!(
                "train: {} DBR samples for {}:{} from {} sentences ({:.0}% of retrieved names of the type)",
                samples.len(),
                d.dataset,
                d.kind,
                report.sentences,
                report.positive_share * 100.0
            ));
            if !samples.is_empty() {
                out.extra.push(Box::new(DbrSource::from_samples(
                    format!("DBR {}:{}", d.dataset, d.kind),
                    &samples,
                )));
            }
            out.reports
                .push((format!("{}:{}", d.dataset, d.kind), report));
        }
    }
    if let Some(c) = &recipe.context {
        let lookup = LookupOptions {
            k: c.k,
            retriever: c.retriever,
            ..Default::default()
        };
        out.context = Some(RetrievalContext::new(
            KbNames::new(index, types, lookup),
            phrases,
            c.max_names,
        ));
    }
    Ok(out)
}

fn cancelled(e: kbner_dbr::DbrError) -> TaggerError {
    match e {
        kbner_dbr::DbrError::Cancelled => TaggerError::Interrupted,
        e => e.into(),
    }
}
