//! The one call behind `kbner annotate` (and, later, a server and a language binding):
//! documents in, their entities linked to concepts out.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use kbner_corpus::{Corpus, Document, Entity};
use kbner_index::ConceptIndex;
use kbner_job::Progress;
use kbner_link::{link_corpus, LinkOptions};
use kbner_tagger::{tag_corpus, AdapterManifest, TagOptions, Tagger, TaggerError};
use rayon::prelude::*;
use serde::Serialize;

use crate::kb_tagger::{KbTagger, KbTaggerOptions};
use crate::{AnnotateError, Result};

/// A trained tagger (`kbner train`'s adapter on its base model) and how its mentions are tagged
/// and linked.
pub struct ModelTagger {
    /// The model.
    pub tagger: Tagger,
    /// Its adapter manifest (what it was trained on).
    pub manifest: AdapterManifest,
    /// Entity types and decoding.
    pub tag: TagOptions,
    /// How its mentions are linked.
    pub link: LinkOptions,
    /// The retrieval context it was trained with (see [`kbner_tagger::open_context`]).
    pub context: Option<kbner_dbr::RetrievalContext>,
}

/// Skipped documents reported by message at most; [`AnnotateStats::skipped`] counts them all.
pub const MAX_REPORTED_SKIPS: usize = 20;

/// What an annotation call did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AnnotateStats {
    /// Documents annotated.
    pub documents: u64,
    /// Entities written.
    pub entities: u64,
    /// Entities from the knowledge-base tagger.
    pub kb_entities: u64,
    /// Entities from the trained tagger.
    pub model_entities: u64,
    /// Documents skipped (left without entities) under `lenient`.
    pub skipped: u64,
    /// Why, for the first [`MAX_REPORTED_SKIPS`].
    pub skipped_documents: Vec<String>,
}

impl AnnotateStats {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: AnnotateStats) {
        self.documents += other.documents;
        self.entities += other.entities;
        self.kb_entities += other.kb_entities;
        self.model_entities += other.model_entities;
        self.skipped += other.skipped;
        for s in other.skipped_documents {
            if self.skipped_documents.len() < MAX_REPORTED_SKIPS {
                self.skipped_documents.push(s);
            }
        }
    }
}

/// Finds and links entities: the knowledge-base tagger, a trained tagger, or both. Built once,
/// then shared: [`Annotator::annotate`] takes `&self`.
pub struct Annotator {
    index: Arc<ConceptIndex>,
    kb: Option<KbTagger>,
    model: Option<ModelTagger>,
}

// A server shares one annotator between its threads: keep it `Send + Sync`.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Annotator>();
};

impl Annotator {
    /// An annotator over `index` with the knowledge-base tagger (when `kb` is given), a trained
    /// tagger (when `model` is given), or both; at least one is needed.
    pub fn new(
        index: Arc<ConceptIndex>,
        kb: Option<KbTaggerOptions>,
        model: Option<ModelTagger>,
    ) -> Result<Self> {
        if kb.is_none() && model.is_none() {
            return Err(AnnotateError::Invalid(
                "no tagger: use the knowledge-base tagger, a trained model, or both".into(),
            ));
        }
        let kb = kb.map(|o| KbTagger::new(index.clone(), o)).transpose()?;
        if let Some(m) = &model {
            m.link.search.validate()?;
        }
        Ok(Annotator { index, kb, model })
    }

    /// The concept index.
    pub fn index(&self) -> &Arc<ConceptIndex> {
        &self.index
    }

    /// The knowledge-base tagger, when used.
    pub fn kb_tagger(&self) -> Option<&KbTagger> {
        self.kb.as_ref()
    }

    /// Annotates `docs` in place: their entities (and relations, which referred to the old
    /// entities) are replaced by the ones found, in text order. The knowledge-base tagger runs
    /// on every core. A document that cannot be annotated is an error naming it, or with
    /// `lenient` is left without entities and counted.
    pub fn annotate(&self, docs: &mut [Document], lenient: bool) -> Result<AnnotateStats> {
        self.annotate_with(docs, lenient, &Progress::hidden(), &AtomicBool::new(false))
    }

    /// [`Annotator::annotate`] showing the trained tagger's progress and stopping with
    /// [`AnnotateError::Interrupted`] when `cancel` is set.
    pub fn annotate_with(
        &self,
        docs: &mut [Document],
        lenient: bool,
        progress: &Progress,
        cancel: &AtomicBool,
    ) -> Result<AnnotateStats> {
        let mut stats = AnnotateStats {
            documents: docs.len() as u64,
            ..Default::default()
        };
        // Documents whose layout is broken cannot be tagged anywhere: found first.
        let mut bad: Vec<bool> = vec![false; docs.len()];
        for (i, d) in docs.iter_mut().enumerate() {
            d.relations.clear();
            d.entities.clear();
            if let Some(problem) = d.layout_problem() {
                if !lenient {
                    return Err(AnnotateError::Document {
                        doc: d.id.clone(),
                        reason: problem,
                    });
                }
                bad[i] = true;
                stats.skipped += 1;
                if stats.skipped_documents.len() < MAX_REPORTED_SKIPS {
                    stats
                        .skipped_documents
                        .push(format!("document {}: {problem}", d.id));
                }
            }
        }
        let kb_found: Vec<Vec<Entity>> = match &self.kb {
            None => vec![Vec::new(); docs.len()],
            Some(kb) => docs
                .par_iter()
                .zip(bad.par_iter())
                .map(|(d, &skip)| if skip { Ok(Vec::new()) } else { kb.tag(d) })
                .collect::<Result<_>>()?,
        };
        let model_found: Vec<Vec<Entity>> = match &self.model {
            None => vec![Vec::new(); docs.len()],
            Some(m) => self.tag_and_link(m, docs, &bad, progress, cancel)?,
        };
        for ((d, kb), model) in docs.iter_mut().zip(kb_found).zip(model_found) {
            stats.model_entities += model.len() as u64;
            // The trained tagger's mentions first; the knowledge base's where it found nothing.
            let mut all = Vec::with_capacity(model.len() + kb.len());
            for e in kb {
                if !model.iter().any(|m| m.start < e.end && e.start < m.end) {
                    stats.kb_entities += 1;
                    all.push(e);
                }
            }
            all.extend(model);
            all.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
            stats.entities += all.len() as u64;
            d.entities = all;
        }
        Ok(stats)
    }

    /// The trained tagger's linked mentions of each document.
    fn tag_and_link(
        &self,
        m: &ModelTagger,
        docs: &[Document],
        bad: &[bool],
        progress: &Progress,
        cancel: &AtomicBool,
    ) -> Result<Vec<Vec<Entity>>> {
        let mut corpus = Corpus {
            documents: docs
                .iter()
                .zip(bad)
                .map(|(d, &skip)| {
                    let mut d = d.clone();
                    if skip {
                        d.passages.clear();
                    }
                    d
                })
                .collect(),
            ..Default::default()
        };
        match tag_corpus(
            &m.tagger,
            &m.manifest,
            &mut corpus,
            &m.tag,
            m.context
                .as_ref()
                .map(|c| c as &dyn kbner_dbr::ContextSource),
            progress,
            cancel,
        ) {
            Err(TaggerError::Interrupted) => return Err(AnnotateError::Interrupted),
            r => r?,
        };
        link_corpus(&self.index, &mut corpus, &m.link)?;
        Ok(corpus
            .documents
            .into_iter()
            .map(|d| {
                let mut es = d.entities;
                for e in &mut es {
                    if let Some(id) = e.ids.first() {
                        if let Some(name) = self.concept_name(e, id) {
                            e.infons.set("name", name);
                        }
                    }
                    e.infons.set("match", "model");
                }
                es
            })
            .collect())
    }

    /// The preferred name of the concept behind `id` (an entity's best id).
    fn concept_name(&self, e: &Entity, id: &str) -> Option<String> {
        let concept = e
            .concept_ids
            .first()
            .and_then(|all| all.first())
            .map_or(id, String::as_str);
        let kb = self.index.kb();
        kb.summary(concept)
            .ok()
            .flatten()
            .or_else(|| {
                let ids = kb.resolve_id(id).ok()?;
                kb.summary(ids.first()?).ok().flatten()
            })
            .map(|s| s.preferred_name)
    }
}
