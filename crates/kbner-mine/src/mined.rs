//! The result of mining: the ranked phrase list, each sentence's phrases, and the phrase-list file
//! (JSON lines) they are written to and read back from.
//!
//! File layout, one JSON object per line, each with a `kind`:
//! 1. `{"kind":"header","format":"kbner-phrases","version":1,"summary":{…}}`: corpus counts,
//!    options, thresholds and both quality models (feature names and weights);
//! 2. `{"kind":"phrase","rank":1,"text":"breast cancer","normalized":"breast cancer","words":2,
//!    "freq":41,"rect_freq":39,"quality":0.97,"kb_name":true}`, best first: every phrase whose
//!    quality reaches its threshold;
//! 3. `{"kind":"sentence","doc_index":0,"doc":"10021369","sentence":0,"start":0,"end":92,
//!    "phrases":[{"start":4,"end":17,"text":"breast cancer","quality":0.97}]}`, in corpus order:
//!    each sentence's phrases from the phrasal segmentation, offsets in characters of the
//!    document text (as every kbner corpus format counts them).

use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::MineError;
use crate::quality::QualityModel;
use crate::segment::{best_segmentation, Thresholds};
use crate::words::{chunks, push_key, Word};

/// `format` of a phrase-list header.
const FORMAT: &str = "kbner-phrases";
/// Version of the phrase-list layout.
const VERSION: u32 = 1;

/// A quality phrase of the ranked list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phrase {
    /// 1-based rank (by quality, then frequency).
    pub rank: usize,
    /// Its commonest spelling among the corpus segments (the normalized form if never segmented).
    pub text: String,
    /// The normalized form (`kbner_kb::normalize_name` of the text): the lookup key.
    pub normalized: String,
    /// Number of words (CJK characters count one each).
    pub words: usize,
    /// Occurrences in the corpus.
    pub freq: u64,
    /// Occurrences as a segment of the corpus's phrasal segmentation (rectified frequency).
    pub rect_freq: u64,
    /// Quality in (0, 1): how much the phrase looks like a knowledge-base name.
    pub quality: f64,
    /// Whether it is a knowledge-base name (a positive of the distant supervision).
    pub kb_name: bool,
}

/// A phrase found in a text, at character offsets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhraseSpan {
    /// Start (characters, inclusive).
    pub start: usize,
    /// End (characters, exclusive).
    pub end: usize,
    /// The text at `start..end`.
    pub text: String,
    /// The phrase's quality.
    pub quality: f64,
}

/// One sentence of the mined corpus and its phrases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentencePhrases {
    /// Position of the document in the corpus (0-based; documents of several input files in
    /// input order), since ids may repeat across files.
    pub doc_index: usize,
    /// Document id.
    pub doc: String,
    /// Position of the sentence in its document (0-based).
    pub sentence: usize,
    /// Sentence start (document character offset).
    pub start: usize,
    /// Sentence end (exclusive).
    pub end: usize,
    /// Its phrases, in text order; offsets are document character offsets.
    pub phrases: Vec<PhraseSpan>,
}

/// Counts, options and models of a mining run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MiningSummary {
    /// Documents mined.
    pub documents: usize,
    /// Sentences mined.
    pub sentences: usize,
    /// Words mined.
    pub words: u64,
    /// Fewest occurrences of a candidate.
    pub min_support: u32,
    /// Most words in a candidate.
    pub max_len: usize,
    /// Quality threshold of multi-word phrases.
    pub min_quality: f64,
    /// Quality threshold of single-word phrases.
    pub min_single_quality: f64,
    /// Whether the models had the name-rate features.
    pub name_rates: bool,
    /// Multi-word candidates (frequent n-grams).
    pub candidates: usize,
    /// Single-word candidates (frequent words).
    pub single_candidates: usize,
    /// Candidates that are knowledge-base names (multi-word, single-word).
    pub kb_names: (usize, usize),
    /// Phrases in the ranked list (multi-word, single-word).
    pub phrases: (usize, usize),
    /// Phrases over all sentences.
    pub sentence_phrases: usize,
    /// Quality model of multi-word candidates.
    pub model: QualityModel,
    /// Quality model of single words.
    pub single_model: QualityModel,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Line {
    Header {
        format: String,
        version: u32,
        summary: Box<MiningSummary>,
    },
    Phrase(Phrase),
    Sentence(SentencePhrases),
}

/// Mined phrases: the ranked list, each sentence's phrases, and phrasal segmentation of new text.
#[derive(Debug, Clone)]
pub struct MinedPhrases {
    /// Counts, options and models.
    pub summary: MiningSummary,
    /// Quality phrases, best first.
    pub phrases: Vec<Phrase>,
    /// Each mined sentence's phrases (empty when read from a file without sentences).
    pub sentences: Vec<SentencePhrases>,
    index: HashMap<String, usize>,
    thresholds: Thresholds,
}

impl MinedPhrases {
    /// Wraps a ranked list (and sentences) for lookups and segmentation.
    pub(crate) fn new(
        summary: MiningSummary,
        phrases: Vec<Phrase>,
        sentences: Vec<SentencePhrases>,
    ) -> Self {
        let index = phrases
            .iter()
            .enumerate()
            .map(|(i, p)| (p.normalized.clone(), i))
            .collect();
        let thresholds = Thresholds::new(summary.min_quality, summary.min_single_quality);
        MinedPhrases {
            summary,
            phrases,
            sentences,
            index,
            thresholds,
        }
    }

    /// The listed phrase `text` normalizes to, if any (`"Breast-Cancer"` finds `breast cancer`).
    pub fn get(&self, text: &str) -> Option<&Phrase> {
        let key = key_of(text);
        self.index.get(&key).map(|&i| &self.phrases[i])
    }

    /// The quality of the listed phrase `text` normalizes to; `None` for text that is no
    /// quality phrase.
    pub fn quality(&self, text: &str) -> Option<f64> {
        self.get(text).map(|p| p.quality)
    }

    /// Phrasal segmentation of `text`: its quality phrases, non-overlapping, at character offsets
    /// into `text`. The same segmentation the miner gave the corpus sentences.
    pub fn segment(&self, text: &str) -> Vec<PhraseSpan> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        for chunk in chunks(text, 0, true) {
            self.segment_chunk(&chunk, &chars, 0, &mut out, &mut |_, _| {});
        }
        out
    }

    /// Every occurrence of a listed phrase in `text`, overlapping ones included (what a
    /// dictionary matcher over the phrase list would find), in text order.
    pub fn matches(&self, text: &str) -> Vec<PhraseSpan> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        for chunk in chunks(text, 0, true) {
            let table = self.lookup_table(&chunk);
            for (s, row) in table.iter().enumerate() {
                for (l, found) in row.iter().enumerate() {
                    if let Some(i) = *found {
                        out.push(self.span(&chunk[s..=s + l], &chars, 0, i));
                    }
                }
            }
        }
        out
    }

    /// For each start word of `chunk`, the listed phrase (index) of each length from there.
    fn lookup_table(&self, chunk: &[Word]) -> Vec<Vec<Option<usize>>> {
        let max_len = self.summary.max_len.max(1);
        let mut key = String::new();
        (0..chunk.len())
            .map(|s| {
                key.clear();
                let mut prev_cjk = false;
                chunk[s..chunk.len().min(s + max_len)]
                    .iter()
                    .map(|w| {
                        push_key(&mut key, prev_cjk, &w.key, w.cjk);
                        prev_cjk = w.cjk;
                        self.index.get(&key).copied()
                    })
                    .collect()
            })
            .collect()
    }

    fn span(&self, words: &[Word], chars: &[char], base: usize, phrase: usize) -> PhraseSpan {
        let (start, end) = (words[0].start, words[words.len() - 1].end);
        PhraseSpan {
            start,
            end,
            text: chars[start - base..end - base].iter().collect(),
            quality: self.phrases[phrase].quality,
        }
    }

    /// Segments one chunk (words at offsets `base + i` of `chars`), appending its phrases to
    /// `out` and calling `seen(phrase index, span)` for each.
    pub(crate) fn segment_chunk(
        &self,
        chunk: &[Word],
        chars: &[char],
        base: usize,
        out: &mut Vec<PhraseSpan>,
        seen: &mut dyn FnMut(usize, &PhraseSpan),
    ) {
        let table = self.lookup_table(chunk);
        let quality = |s: usize, len: usize| -> Option<f64> {
            table[s][len - 1].map(|i| self.phrases[i].quality)
        };
        let segments = best_segmentation(chunk.len(), self.summary.max_len.max(1), |s, len| {
            self.thresholds.score(len, quality(s, len))
        });
        for (s, e) in segments {
            let len = e - s;
            if let Some(i) = table[s][len - 1] {
                if self
                    .thresholds
                    .is_phrase(len, Some(self.phrases[i].quality))
                {
                    let span = self.span(&chunk[s..e], chars, base, i);
                    seen(i, &span);
                    out.push(span);
                }
            }
        }
    }

    /// Writes the phrase list (header, phrases, sentences) to `path`, atomically: the file is the
    /// old one or the complete new one, never half-written.
    pub fn write(&self, path: &Path) -> Result<(), MineError> {
        kbner_job::write_file_with(path, |tmp| {
            let io = |source| MineError::Io {
                path: tmp.to_path_buf(),
                source,
            };
            let file = std::fs::File::create(tmp).map_err(io)?;
            let mut w = BufWriter::new(file);
            self.write_lines(&mut w).map_err(io)?;
            w.flush().map_err(io)
        })
    }

    fn write_lines(&self, w: &mut impl Write) -> std::io::Result<()> {
        let mut line = |l: &Line| -> std::io::Result<()> {
            serde_json::to_writer(&mut *w, l)?;
            w.write_all(b"\n")
        };
        line(&Line::Header {
            format: FORMAT.to_string(),
            version: VERSION,
            summary: Box::new(self.summary.clone()),
        })?;
        for p in &self.phrases {
            line(&Line::Phrase(p.clone()))?;
        }
        for s in &self.sentences {
            line(&Line::Sentence(s.clone()))?;
        }
        Ok(())
    }

    /// Reads a phrase list written by [`MinedPhrases::write`] (`kbner mine`); errors name the
    /// file, the line and the field.
    pub fn read(path: &Path) -> Result<Self, MineError> {
        let file = std::fs::File::open(path).map_err(|source| MineError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |line: usize, message: String| MineError::Format {
            path: path.to_path_buf(),
            line,
            message,
        };
        let mut summary = None;
        let mut phrases = Vec::new();
        let mut sentences = Vec::new();
        for (i, text) in std::io::BufReader::new(file).lines().enumerate() {
            let n = i + 1;
            let text = text.map_err(|source| MineError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            if text.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(&text).map_err(|e| bad(n, e.to_string()))?;
            match (line, summary.is_some()) {
                (
                    Line::Header {
                        format,
                        version,
                        summary: s,
                    },
                    false,
                ) => {
                    if format != FORMAT || version != VERSION {
                        return Err(bad(n, format!("format {format:?} version {version}: expected {FORMAT:?} version {VERSION}")));
                    }
                    summary = Some(*s);
                }
                (Line::Header { .. }, true) => {
                    return Err(bad(n, "a second header line".into()));
                }
                (_, false) => {
                    return Err(bad(
                        n,
                        "expected the header line first (is this a `kbner mine` output?)".into(),
                    ))
                }
                (Line::Phrase(p), true) => {
                    if !(p.quality >= 0.0 && p.quality <= 1.0) {
                        return Err(bad(
                            n,
                            format!("field `quality`: {} is not in 0..=1", p.quality),
                        ));
                    }
                    phrases.push(p);
                }
                (Line::Sentence(s), true) => sentences.push(s),
            }
        }
        let summary = summary.ok_or_else(|| bad(1, "empty file: no header line".into()))?;
        Ok(MinedPhrases::new(summary, phrases, sentences))
    }
}

/// The lookup key of `text`: its words' normalized forms, joined as the miner joins them.
pub fn phrase_key(text: &str) -> String {
    key_of(text)
}

fn key_of(text: &str) -> String {
    let mut key = String::new();
    let mut prev_cjk = false;
    for chunk in chunks(text, 0, true) {
        for w in chunk {
            push_key(&mut key, prev_cjk, &w.key, w.cjk);
            prev_cjk = w.cjk;
        }
    }
    key
}
