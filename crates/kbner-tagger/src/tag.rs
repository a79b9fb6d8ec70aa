//! Tagging a corpus with a trained tagger: one pass per entity type, each pass instructing the
//! model with a dataset and type it was trained on, predictions in chunks (progress shown,
//! Ctrl-C honoured between chunks), decoded into entities on the documents.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use std::collections::HashMap;

use kbner_corpus::Corpus;
use kbner_dbr::ContextSource;
use kbner_job::Progress;

use crate::corpus::{add_predictions, examples};
use crate::decode::Decoding;
use crate::error::{Result, TaggerError};
use crate::knowledge::fill_context;
use crate::tagger::{AdapterManifest, Tagger};

/// What to tag and how.
#[derive(Debug, Clone)]
pub struct TagOptions {
    /// Entity types, one pass each (entities of different types may overlap).
    pub types: Vec<String>,
    /// Dataset named in the instruction; `None`: one the model was trained on for the type.
    pub dataset: Option<String>,
    /// Windows per forward pass.
    pub batch_size: usize,
    /// How word labels become entities.
    pub decoding: Decoding,
}

impl Default for TagOptions {
    fn default() -> Self {
        TagOptions {
            types: Vec::new(),
            dataset: None,
            batch_size: 32,
            decoding: Decoding::default(),
        }
    }
}

/// What a tagging run did.
#[derive(Debug, Clone, Default)]
pub struct TagReport {
    /// Sentences tagged, summed over the passes.
    pub sentences: usize,
    /// Warnings (a type or dataset the model was not trained on); also shown as they arise.
    pub warnings: Vec<String>,
    /// Wall time in seconds.
    pub seconds: f64,
}

/// One pass: the type as the user spelt it (kept on the entities), the dataset and the type as
/// the instruction names them.
struct Pass<'a> {
    kind: &'a str,
    dataset: String,
    instructed: String,
}

/// Chooses each pass's instruction; a type or dataset the model was not trained on gives a
/// warning.
fn plan<'a>(
    manifest: &AdapterManifest,
    opts: &'a TagOptions,
    warnings: &mut Vec<String>,
) -> Vec<Pass<'a>> {
    let mut passes = Vec::with_capacity(opts.types.len());
    for kind in &opts.types {
        let trained: Vec<&str> = manifest
            .trained_on
            .iter()
            .filter(|t| t.kind.eq_ignore_ascii_case(kind))
            .map(|t| t.dataset.as_str())
            .collect();
        if trained.is_empty() {
            warnings.push(format!(
                "the model was not trained on type {kind:?}; results may be poor"
            ));
        }
        let dataset = match &opts.dataset {
            Some(d) => {
                if !manifest.trained_on.iter().any(|t| &t.dataset == d) {
                    warnings.push(format!("the model was not trained on dataset {d:?}"));
                }
                d.clone()
            }
            None => trained
                .first()
                .copied()
                .or(manifest.trained_on.first().map(|t| t.dataset.as_str()))
                .unwrap_or("text")
                .to_string(),
        };
        // The instruction spells the type as training did (`--types disease` on a model trained
        // on `Disease` asks the question the model learnt); the output keeps the user's spelling.
        let instructed = manifest
            .trained_on
            .iter()
            .filter(|t| t.kind.eq_ignore_ascii_case(kind))
            .min_by_key(|t| t.dataset != dataset)
            .map_or(kind.clone(), |t| t.kind.clone());
        passes.push(Pass {
            kind,
            dataset,
            instructed,
        });
    }
    passes
}

/// Sentences per prediction chunk: progress stays visible and Ctrl-C responsive on a large
/// corpus.
const CHUNK: usize = 256;

/// Tags every document of `corpus` for each of `opts.types`. Entities and relations the input
/// had are replaced by the predictions; text and ids are kept. A tagger trained with retrieval
/// context reads each sentence's context from `context` (see
/// [`open_context`](crate::open_context)); without one it tags with a warning. Returns
/// [`TaggerError::Interrupted`] when `cancel` is set (the corpus is then partly tagged).
pub fn tag_corpus(
    tagger: &Tagger,
    manifest: &AdapterManifest,
    corpus: &mut Corpus,
    opts: &TagOptions,
    context: Option<&dyn ContextSource>,
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<TagReport> {
    let mut report = TagReport::default();
    let passes = plan(manifest, opts, &mut report.warnings);
    let context = match (manifest.spec.context.is_some(), context) {
        (true, None) => {
            report.warnings.push(
                "the model was trained with retrieval context but none is given (a knowledge base): results may be poorer".into(),
            );
            None
        }
        (false, Some(_)) => {
            report.warnings.push(
                "the model was trained without retrieval context: the knowledge base is not used for context".into(),
            );
            None
        }
        (_, c) => c,
    };
    for w in &report.warnings {
        progress.message(&format!("tag: warning: {w}"));
    }
    let mut context_cache = HashMap::new();
    for d in &mut corpus.documents {
        d.entities.clear();
        d.relations.clear();
    }
    let started = Instant::now();
    for pass in passes {
        let (exs, places) = examples(corpus, &pass.dataset, &pass.instructed, false);
        let mut probs = Vec::with_capacity(exs.len());
        let mut exs = exs;
        let n = exs.len();
        for (k, part) in exs.chunks_mut(CHUNK).enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(TaggerError::Interrupted);
            }
            if let Some(c) = context {
                // Passes share the cache: a sentence is retrieved once for all types.
                fill_context(c, part, &mut context_cache, &mut |_, _| {})?;
            }
            probs.extend(tagger.predict(part, opts.batch_size)?);
            let done = (k * CHUNK + part.len()).min(n);
            if progress.is_terminal() || done == n || k % 10 == 9 {
                progress.message(&format!(
                    "tag: {}: {done}/{} sentences, {:.1} sentences/s",
                    pass.kind,
                    n,
                    (report.sentences + done) as f64 / started.elapsed().as_secs_f64().max(1e-9)
                ));
            }
        }
        report.sentences += exs.len();
        add_predictions(corpus, &places, &probs, pass.kind, opts.decoding);
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}
