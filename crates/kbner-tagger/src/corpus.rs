//! Between documents and examples: sentences and words of a [`Corpus`] become [`Example`]s
//! (with IOB labels from its entities of one type), and predicted spans become entities with
//! character offsets again.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use kbner_corpus::{tokenize, Corpus, Entity};

use crate::decode::{decode_spans, Decoding};
use crate::error::{Result, TaggerError};
use crate::sample::{Example, ExampleSource, B, I, O};
use crate::train::DataSpec;

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

/// A labelled corpus file as a training source for one dataset and type (`--data`).
#[derive(Debug, Clone)]
pub struct CorpusSource {
    /// The dataset name and type for the instruction, and the files.
    pub spec: DataSpec,
    corpus: Arc<Corpus>,
}

impl CorpusSource {
    /// Opens every training set of `data`: reads its file (any corpus format; a file named by
    /// several, one corpus with two types, once) and checks it has entities of the set's type.
    pub fn open_all(data: &[DataSpec]) -> Result<Vec<Self>> {
        let mut read: HashMap<&Path, Arc<Corpus>> = HashMap::new();
        let mut out = Vec::with_capacity(data.len());
        for spec in data {
            let corpus = match read.get(spec.train.as_path()) {
                Some(c) => c.clone(),
                None => {
                    let c = Arc::new(read_corpus(&spec.train)?);
                    read.insert(&spec.train, c.clone());
                    c
                }
            };
            out.push(Self::with_corpus(spec, corpus)?);
        }
        Ok(out)
    }

    fn with_corpus(spec: &DataSpec, corpus: Arc<Corpus>) -> Result<Self> {
        let found = kinds(&corpus);
        if !found.iter().any(|k| k.eq_ignore_ascii_case(&spec.kind)) {
            return Err(TaggerError::Data {
                path: spec.train.clone(),
                line: 0,
                message: format!(
                    "no entities of type {:?}; types in this file: {}",
                    spec.kind,
                    found.into_iter().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        Ok(CorpusSource {
            spec: spec.clone(),
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
        format!(
            "{}:{}={}",
            self.spec.dataset,
            self.spec.kind,
            self.spec.train.display()
        )
    }

    fn examples(&self, _epoch: usize) -> Result<Vec<Example>> {
        Ok(examples(&self.corpus, &self.spec.dataset, &self.spec.kind, true).0)
    }
}

/// Reads a corpus file in any supported format (detected), strictly.
pub fn read_corpus(path: &Path) -> Result<Corpus> {
    // The corpus crate's errors already name the file, line and field.
    let outcome = kbner_corpus::read_path(path, None, false)
        .map_err(|e| TaggerError::Invalid(e.to_string()))?;
    Ok(outcome.corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: &str, train: &Path) -> DataSpec {
        DataSpec {
            dataset: "CDR".into(),
            kind: kind.into(),
            train: train.into(),
            dev: None,
        }
    }

    #[test]
    fn training_sets_of_one_file_share_one_read_and_a_missing_type_names_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("train.tsv");
        std::fs::write(
            &path,
            "Aspirin\tB-Chemical\ncauses\tO\nasthma\tB-Disease\n.\tO\n",
        )
        .expect("write");
        let sets = CorpusSource::open_all(&[spec("Chemical", &path), spec("disease", &path)])
            .expect("open");
        assert!(Arc::ptr_eq(&sets[0].corpus, &sets[1].corpus));
        let chemicals = sets[0].examples(0).expect("examples");
        let diseases = sets[1].examples(0).expect("examples");
        assert_eq!(chemicals[0].labels, Some(vec![B, O, O, O]));
        assert_eq!(diseases[0].labels, Some(vec![O, O, B, O]));

        let err = CorpusSource::open_all(&[spec("Gene", &path)])
            .expect_err("no genes")
            .to_string();
        assert!(err.contains("train.tsv"), "{err}");
        assert!(err.contains("\"Gene\""), "{err}");
        assert!(err.contains("Chemical, Disease"), "{err}");
    }
}
