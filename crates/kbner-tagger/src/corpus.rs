//! Between documents and examples: sentences and words of a [`Corpus`] become [`Example`]s
//! (with IOB labels from its entities of one type), and predicted spans become entities with
//! character offsets again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use kbner_corpus::{tokenize, Corpus, Entity};

use crate::decode::{decode_spans, Decoding};
use crate::error::{Result, TaggerError};
use crate::sample::{Example, ExampleSource, B, I, O};

/// Where the words of one example are in its corpus: document index and the words' character
/// spans (document offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Index of the document in the corpus.
    pub doc: usize,
    /// Character span of every word.
    pub words: Vec<(usize, usize)>,
}

/// The entity types of a corpus, as written there.
pub fn kinds(corpus: &Corpus) -> BTreeSet<String> {
    corpus
        .documents
        .iter()
        .flat_map(|d| d.entities.iter().map(|e| e.kind.clone()))
        .collect()
}

/// One example per sentence of `corpus` for `dataset`/`kind`. Sentences come from the corpus
/// (IOB, nested) or, where it has none (PubTator, BioC, text), from the sentence splitter.
/// With `labelled`, words of entities whose type equals `kind` (ignoring case) get B/I labels;
/// a word already inside an earlier entity keeps that label (nested same-type entities
/// cannot both be expressed in IOB).
pub fn examples(
    corpus: &Corpus,
    dataset: &str,
    kind: &str,
    labelled: bool,
) -> (Vec<Example>, Vec<Placement>) {
    let mut out = Vec::new();
    let mut places = Vec::new();
    for (d, doc) in corpus.documents.iter().enumerate() {
        for p in &doc.passages {
            let sentences = if p.sentences.is_empty() {
                tokenize::sentences(&p.text, p.offset)
            } else {
                p.sentences.clone()
            };
            // Char offset → byte offset within the passage, once: slicing by char offsets one
            // word at a time would rescan the passage (an IOB corpus is one long passage).
            let byte_at: Vec<usize> = p
                .text
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(p.text.len()))
                .collect();
            let slice = |a: usize, b: usize| -> String {
                match (a.checked_sub(p.offset), b.checked_sub(p.offset)) {
                    (Some(a), Some(b)) if a <= b && b < byte_at.len() => {
                        p.text[byte_at[a]..byte_at[b]].to_string()
                    }
                    _ => doc.slice(a, b).unwrap_or("").to_string(),
                }
            };
            for s in sentences {
                if s.tokens.is_empty() {
                    continue;
                }
                let words: Vec<String> = s.tokens.iter().map(|&(a, b)| slice(a, b)).collect();
                let labels = labelled.then(|| {
                    let mut labels = vec![O; words.len()];
                    let mut ents: Vec<&Entity> = doc
                        .entities
                        .iter()
                        .filter(|e| e.kind.eq_ignore_ascii_case(kind))
                        .collect();
                    ents.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
                    for e in ents {
                        let r = tokenize::words_overlapping(&s.tokens, e.start, e.end);
                        if r.is_empty() || labels[r.start] != O {
                            continue;
                        }
                        labels[r.start] = B;
                        for l in &mut labels[r.start + 1..r.end] {
                            if *l == O {
                                *l = I;
                            }
                        }
                    }
                    labels
                });
                out.push(Example {
                    dataset: dataset.to_string(),
                    kind: kind.to_string(),
                    words,
                    labels,
                    context: Vec::new(),
                });
                places.push(Placement {
                    doc: d,
                    words: s.tokens.clone(),
                });
            }
        }
    }
    (out, places)
}

/// Adds the entities decoded (by `decoding`) from per-word probabilities to the documents of
/// `corpus`, with type `kind` and the mean label probability as score.
pub fn add_predictions(
    corpus: &mut Corpus,
    places: &[Placement],
    probs: &[Vec<[f32; 3]>],
    kind: &str,
    decoding: Decoding,
) {
    for (place, p) in places.iter().zip(probs) {
        let doc = &mut corpus.documents[place.doc];
        for span in decode_spans(p, decoding) {
            let start = place.words[span.start].0;
            let end = place.words[span.end - 1].1;
            let text = doc.slice(start, end).unwrap_or("").to_string();
            let mut e = Entity::new(start, end, text, kind);
            e.score = Some(f64::from(span.score));
            doc.entities.push(e);
        }
    }
    for doc in &mut corpus.documents {
        doc.entities
            .sort_by(|a, b| (a.start, a.end, &a.kind).cmp(&(b.start, b.end, &b.kind)));
    }
}

/// A labelled corpus file as a training source for one dataset and type.
#[derive(Debug, Clone)]
pub struct CorpusSource {
    /// Dataset name for the instruction.
    pub dataset: String,
    /// Entity type for the instruction (matched against the file's types ignoring case).
    pub kind: String,
    /// The file.
    pub path: PathBuf,
    corpus: Corpus,
}

impl CorpusSource {
    /// Reads `path` (any corpus format) and checks it has entities of type `kind`.
    pub fn open(dataset: &str, kind: &str, path: &Path) -> Result<Self> {
        let corpus = read_corpus(path)?;
        let found = kinds(&corpus);
        if !found.iter().any(|k| k.eq_ignore_ascii_case(kind)) {
            return Err(TaggerError::Data {
                path: path.to_path_buf(),
                line: 0,
                message: format!(
                    "no entities of type {kind:?}; types in this file: {}",
                    found.into_iter().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        Ok(CorpusSource {
            dataset: dataset.into(),
            kind: kind.into(),
            path: path.into(),
            corpus,
        })
    }

    /// The corpus read.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }
}

impl ExampleSource for CorpusSource {
    fn describe(&self) -> String {
        format!("{}:{}={}", self.dataset, self.kind, self.path.display())
    }

    fn examples(&self, _epoch: usize) -> Result<Vec<Example>> {
        Ok(examples(&self.corpus, &self.dataset, &self.kind, true).0)
    }
}

/// Reads a corpus file in any supported format (detected), strictly.
pub fn read_corpus(path: &Path) -> Result<Corpus> {
    // The corpus crate's errors already name the file, line and field.
    let outcome = kbner_corpus::read_path(path, None, false)
        .map_err(|e| TaggerError::Invalid(e.to_string()))?;
    Ok(outcome.corpus)
}
