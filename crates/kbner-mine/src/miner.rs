//! The mining pipeline: corpus → frequent n-grams → features → distant labels from the knowledge
//! base → quality model → phrasal segmentation → rectified frequencies → second model → ranked
//! phrases and each sentence's phrases.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use kbner_corpus::iob::sentences_of;
use kbner_corpus::Corpus;
use kbner_job::Progress;

use crate::candidates::{Candidates, Stream, NONE};
use crate::error::MineError;
use crate::features::{multi_word, occurrences, single_word, FeatureSet, Inputs, Occurrences};
use crate::mined::{MinedPhrases, MiningSummary, Phrase, PhraseSpan, SentencePhrases};
use crate::quality::QualityModel;
use crate::segment::{best_segmentation, Thresholds};
use crate::words::{chunks, Word};

/// Says whether a normalized n-gram is a knowledge-base name: the distant supervision.
///
/// The argument is a phrase key: the phrase's words in `kbner_kb::normalize_name` form, joined by
/// one space (none between two CJK characters) — what `normalize_name` makes of the phrase text,
/// and how the knowledge base keys its names.
pub trait NameOracle {
    /// Whether `key` is a name; an error stops mining.
    fn is_name(&self, key: &str) -> Result<bool, String>;
}

impl NameOracle for kbner_kb::KnowledgeBase {
    fn is_name(&self, key: &str) -> Result<bool, String> {
        self.ids_for_normalized(key)
            .map(|ids| !ids.is_empty())
            .map_err(|e| e.to_string())
    }
}

/// A fixed list of names (normalized on the way in), e.g. for tests or a plain word list.
#[derive(Debug, Clone, Default)]
pub struct NameList(HashSet<String>);

impl NameList {
    /// The list of `names`, each normalized with `kbner_kb::normalize_name`.
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Self {
        NameList(
            names
                .into_iter()
                .map(|n| kbner_kb::normalize_name(n.as_ref()))
                .filter(|n| !n.is_empty())
                .collect(),
        )
    }
}

impl NameOracle for NameList {
    fn is_name(&self, key: &str) -> Result<bool, String> {
        Ok(self.0.contains(key))
    }
}

/// Options of [`PhraseMiner`].
#[derive(Debug, Clone, PartialEq)]
pub struct MinerOptions {
    /// Fewest occurrences of a candidate n-gram (AutoPhrase's minimum support); `None`: by corpus
    /// size ([`auto_min_support`]). Small corpora (a few thousand sentences) need 2; large ones
    /// 5–10 (fewer, surer candidates, less memory).
    pub min_support: Option<u32>,
    /// Most words in a phrase (a CJK character counts as one word: raise it for Chinese).
    pub max_len: usize,
    /// Quality a phrase of several words needs to be listed and segmented.
    pub min_quality: f64,
    /// Quality a single word needs to be listed and reported as a phrase.
    pub min_single_quality: f64,
    /// Add the name-rate features (how often candidates with the same head word, modifier or
    /// word ending are knowledge-base names): quality then follows the kind of names the
    /// knowledge base holds (with a disease vocabulary, disease names rank first and chemicals
    /// low) and fewer phrases are kept. Off (the default), quality is AutoPhrase's generic
    /// phrase quality, learned from the knowledge base's names.
    pub name_rates: bool,
}

impl Default for MinerOptions {
    fn default() -> Self {
        MinerOptions {
            min_support: None,
            max_len: 6,
            min_quality: 0.5,
            min_single_quality: 0.5,
            name_rates: false,
        }
    }
}

/// The minimum support for a corpus of `words` words: 2 up to a million words (a dataset's
/// splits: most names occur only a few times), one more per further million, at most 10
/// (AutoPhrase's default for large corpora).
pub fn auto_min_support(words: u64) -> u32 {
    (2 + words / 1_000_000).min(10) as u32
}

/// Intercept of the prior models (used without enough distant labels): a slightly strict
/// threshold on the standardized features' weighted sum.
const PRIOR_BIAS: f64 = -1.0;

/// Mines quality phrases from a corpus.
///
/// See the crate documentation for an example.
#[derive(Debug, Clone)]
pub struct PhraseMiner {
    opts: MinerOptions,
}

/// A sentence of the corpus: document position, sentence position, offsets, passage.
struct SentenceRef {
    doc: usize,
    sentence: usize,
    start: usize,
    end: usize,
    passage: usize,
}

impl PhraseMiner {
    /// A miner with `opts`; refused when they are out of range.
    pub fn new(opts: MinerOptions) -> Result<Self, MineError> {
        if opts.min_support == Some(0) {
            return Err(MineError::Options("min_support must be at least 1".into()));
        }
        if !(1..=32).contains(&opts.max_len) {
            return Err(MineError::Options("max_len must be 1 to 32".into()));
        }
        for (name, q) in [
            ("min_quality", opts.min_quality),
            ("min_single_quality", opts.min_single_quality),
        ] {
            if !(q > 0.0 && q < 1.0) {
                return Err(MineError::Options(format!(
                    "{name} must be above 0 and below 1, not {q}"
                )));
            }
        }
        Ok(PhraseMiner { opts })
    }

    /// The options.
    pub fn options(&self) -> &MinerOptions {
        &self.opts
    }

    /// Mines `corpus`, with `oracle` (if any) labelling knowledge-base names; no progress shown.
    pub fn mine(
        &self,
        corpus: &Corpus,
        oracle: Option<&dyn NameOracle>,
    ) -> Result<MinedPhrases, MineError> {
        self.mine_with(corpus, oracle, &Progress::hidden(), &AtomicBool::new(false))
    }

    /// Mines `corpus`, reporting to `progress` and stopping with [`MineError::Cancelled`] soon
    /// after `cancel` is set.
    ///
    /// Without an oracle, or when it labels fewer than `quality::MIN_LABELS` candidates of a
    /// kind (multi-word or single-word) as names or as non-names, that kind is scored by prior
    /// weights (the summary's model says `trained: false`).
    pub fn mine_with(
        &self,
        corpus: &Corpus,
        oracle: Option<&dyn NameOracle>,
        progress: &Progress,
        cancel: &AtomicBool,
    ) -> Result<MinedPhrases, MineError> {
        let o = &self.opts;
        let sentences = sentence_refs(corpus);
        let stream = read_stream(corpus, &sentences, progress, cancel)?;
        let min_support = o
            .min_support
            .unwrap_or_else(|| auto_min_support(stream.word_count()));
        let cands = Candidates::count(&stream, min_support, o.max_len, cancel)?;
        let keys: Vec<String> = (0..cands.entries.len() as u32)
            .map(|id| cands.key(id, &stream))
            .collect();
        let n_single = cands.entries.iter().filter(|e| e.len == 1).count();
        progress.message(&format!(
            "mine: {} words, {} candidates ({} single words) occurring {min_support} times or more",
            stream.word_count(),
            cands.entries.len(),
            n_single
        ));
        let is_name = match oracle {
            Some(oracle) => label(&keys, oracle, progress, cancel)?,
            None => vec![false; keys.len()],
        };

        progress.start_task("quality", 2);
        let occ = occurrences(&stream, &cands, o.max_len);
        // Round 1 on raw counts; round 2 adds the rectified frequency of round 1's segmentation,
        // made with even thresholds so that qualities do not depend on the output thresholds.
        let rates = o.name_rates && oracle.is_some();
        let (q1, _) = score(&stream, &cands, &occ, None, &is_name, rates);
        progress.advance(1);
        check(cancel)?;
        let even = Thresholds::new(0.5, 0.5);
        let rect1 = rectify(&stream, &cands, &q1, &even, o.max_len, cancel)?;
        let (quality, models) = score(&stream, &cands, &occ, Some(&rect1), &is_name, rates);
        let th = Thresholds::new(o.min_quality, o.min_single_quality);
        let rect = rectify(&stream, &cands, &quality, &th, o.max_len, cancel)?;
        progress.finish_file();

        let phrases = ranked_phrases(&cands, &keys, &quality, &rect, &is_name, &th);
        let names = |multi: bool| {
            (0..keys.len())
                .filter(|&i| is_name[i] && (cands.entries[i].len > 1) == multi)
                .count()
        };
        let multi_phrases = phrases.iter().filter(|p| p.words > 1).count();
        let summary = MiningSummary {
            documents: corpus.documents.len(),
            sentences: sentences.len(),
            words: stream.word_count(),
            min_support,
            max_len: o.max_len,
            min_quality: o.min_quality,
            min_single_quality: o.min_single_quality,
            name_rates: rates,
            candidates: cands.entries.len() - n_single,
            single_candidates: n_single,
            kb_names: (names(true), names(false)),
            phrases: (multi_phrases, phrases.len() - multi_phrases),
            sentence_phrases: 0,
            model: models.0,
            single_model: models.1,
        };
        drop(stream);
        let mut mined = MinedPhrases::new(summary, phrases, Vec::new());
        let (per_sentence, spellings) =
            segment_corpus(&mined, corpus, &sentences, progress, cancel)?;
        for (p, text) in mined.phrases.iter_mut().zip(spellings) {
            if let Some(t) = text {
                p.text = t;
            }
        }
        mined.summary.sentence_phrases = per_sentence.iter().map(|s| s.phrases.len()).sum();
        mined.sentences = per_sentence;
        Ok(mined)
    }
}

fn check(cancel: &AtomicBool) -> Result<(), MineError> {
    if cancel.load(Ordering::Relaxed) {
        Err(MineError::Cancelled)
    } else {
        Ok(())
    }
}

/// The words of every sentence, as a stream of word ids.
fn read_stream(
    corpus: &Corpus,
    sentences: &[SentenceRef],
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<Stream, MineError> {
    progress.start_task("reading", sentences.len() as u64);
    let mut stream = Stream::default();
    for (k, s) in sentences.iter().enumerate() {
        if k % 1024 == 0 {
            check(cancel)?;
            progress.advance(if k == 0 { 0 } else { 1024 });
        }
        let text = sentence_text(corpus, s)?;
        stream.push_sentence(&chunks(text, s.start, true));
    }
    stream.finish();
    progress.finish_file();
    Ok(stream)
}

/// Which candidate keys are knowledge-base names.
fn label(
    keys: &[String],
    oracle: &dyn NameOracle,
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<Vec<bool>, MineError> {
    progress.start_task("kb lookups", keys.len() as u64);
    let mut out = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        if i % 4096 == 0 {
            check(cancel)?;
            progress.advance(if i == 0 { 0 } else { 4096 });
        }
        out.push(oracle.is_name(key).map_err(|message| MineError::Oracle {
            name: key.clone(),
            message,
        })?);
    }
    progress.finish_file();
    Ok(out)
}

/// The candidates that reach their threshold, best first.
fn ranked_phrases(
    cands: &Candidates,
    keys: &[String],
    quality: &[f64],
    rect: &[u32],
    is_name: &[bool],
    th: &Thresholds,
) -> Vec<Phrase> {
    let mut phrases: Vec<Phrase> = cands
        .entries
        .iter()
        .enumerate()
        .filter(|(i, e)| th.is_phrase(e.len as usize, Some(quality[*i])))
        .map(|(i, e)| Phrase {
            rank: 0,
            text: keys[i].clone(),
            normalized: keys[i].clone(),
            words: e.len as usize,
            freq: u64::from(e.freq),
            rect_freq: u64::from(rect[i]),
            quality: quality[i],
            kb_name: is_name[i],
        })
        .collect();
    phrases.sort_by(|a, b| {
        b.quality
            .total_cmp(&a.quality)
            .then(b.freq.cmp(&a.freq))
            .then_with(|| a.normalized.cmp(&b.normalized))
    });
    for (r, p) in phrases.iter_mut().enumerate() {
        p.rank = r + 1;
    }
    phrases
}

/// Every sentence of `corpus` (the stored ones, or the tokenizer's).
fn sentence_refs(corpus: &Corpus) -> Vec<SentenceRef> {
    let mut out = Vec::new();
    for (d, doc) in corpus.documents.iter().enumerate() {
        let mut k = 0;
        for (p, sents) in sentences_of(doc) {
            for s in sents.iter() {
                out.push(SentenceRef {
                    doc: d,
                    sentence: k,
                    start: s.start,
                    end: s.end,
                    passage: p,
                });
                k += 1;
            }
        }
    }
    out
}

/// The text of sentence `s`.
fn sentence_text<'c>(corpus: &'c Corpus, s: &SentenceRef) -> Result<&'c str, MineError> {
    let doc = &corpus.documents[s.doc];
    let p = &doc.passages[s.passage];
    let bad = || MineError::BadSentence {
        doc: doc.id.clone(),
        start: s.start,
        end: s.end,
    };
    let (a, b) = (
        s.start.checked_sub(p.offset).ok_or_else(bad)?,
        s.end.checked_sub(p.offset).ok_or_else(bad)?,
    );
    kbner_corpus::text::char_slice(&p.text, a, b).ok_or_else(bad)
}

/// Quality of every candidate, and the two models (multi-word, single-word).
fn score(
    stream: &Stream,
    cands: &Candidates,
    occ: &[Occurrences],
    rectified: Option<&[u32]>,
    is_name: &[bool],
    name_rates: bool,
) -> (Vec<f64>, (QualityModel, QualityModel)) {
    let inputs = Inputs {
        stream,
        cands,
        occ,
        rectified,
        labels: name_rates.then_some(is_name),
    };
    let mut quality = vec![0.0; cands.entries.len()];
    let mut train = |set: FeatureSet| {
        let labels: Vec<bool> = set.ids.iter().map(|&i| is_name[i as usize]).collect();
        let model = QualityModel::train(&set.names, &set.priors, PRIOR_BIAS, &set.rows, &labels);
        for (&id, row) in set.ids.iter().zip(&set.rows) {
            quality[id as usize] = model.predict(row);
        }
        model
    };
    let multi = train(multi_word(&inputs));
    let single = train(single_word(&inputs));
    for (id, e) in cands.entries.iter().enumerate() {
        let key = &stream.keys[e.last as usize];
        let single_stop_or_number =
            e.len == 1 && (crate::stopwords::is_stopword(key) || key.chars().all(char::is_numeric));
        if occ[id].blocked(e.freq, single_stop_or_number) {
            quality[id] = 0.0;
        }
    }
    (quality, (multi, single))
}

/// Segments the stream by `quality` and counts each candidate's occurrences as a segment.
fn rectify(
    stream: &Stream,
    cands: &Candidates,
    quality: &[f64],
    th: &Thresholds,
    max_len: usize,
    cancel: &AtomicBool,
) -> Result<Vec<u32>, MineError> {
    let toks = &stream.tokens;
    let mut rect = vec![0u32; cands.entries.len()];
    let mut table: Vec<Vec<u32>> = Vec::new();
    let mut start = 0;
    let mut chunks_done = 0u64;
    while start < toks.len() {
        // The chunk toks[start..end].
        while start < toks.len() && toks[start] == NONE {
            start += 1;
        }
        let mut end = start;
        while end < toks.len() && toks[end] != NONE {
            end += 1;
        }
        if end == start {
            break;
        }
        chunks_done += 1;
        if chunks_done.is_multiple_of(8192) && cancel.load(Ordering::Relaxed) {
            return Err(MineError::Cancelled);
        }
        let n = end - start;
        table.resize_with(n.max(table.len()), Vec::new);
        for (i, ids) in table.iter_mut().enumerate().take(n) {
            cands.starting_at(toks, start + i, max_len, ids);
        }
        let segments = best_segmentation(n, max_len, |s, len| {
            let q = table[s].get(len - 1).map(|&id| quality[id as usize]);
            th.score(len, q)
        });
        for (s, e) in segments {
            if let Some(&id) = table[s].get(e - s - 1) {
                rect[id as usize] += 1;
            }
        }
        start = end;
    }
    Ok(rect)
}

/// Each sentence's phrases, and each listed phrase's commonest spelling among them.
fn segment_corpus(
    mined: &MinedPhrases,
    corpus: &Corpus,
    sentences: &[SentenceRef],
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<(Vec<SentencePhrases>, Vec<Option<String>>), MineError> {
    progress.start_task("segmenting", sentences.len() as u64);
    let mut spellings: Vec<HashMap<String, u32>> = vec![HashMap::new(); mined.phrases.len()];
    let mut out = Vec::with_capacity(sentences.len());
    for (k, s) in sentences.iter().enumerate() {
        if k % 1024 == 0 {
            if cancel.load(Ordering::Relaxed) {
                return Err(MineError::Cancelled);
            }
            progress.advance(if k == 0 { 0 } else { 1024 });
        }
        let text = sentence_text(corpus, s)?;
        let chars: Vec<char> = text.chars().collect();
        let mut phrases: Vec<PhraseSpan> = Vec::new();
        let chunks: Vec<Vec<Word>> = chunks(text, s.start, true);
        for chunk in &chunks {
            mined.segment_chunk(chunk, &chars, s.start, &mut phrases, &mut |i, span| {
                *spellings[i].entry(span.text.clone()).or_insert(0) += 1;
            });
        }
        out.push(SentencePhrases {
            doc_index: s.doc,
            doc: corpus.documents[s.doc].id.clone(),
            sentence: s.sentence,
            start: s.start,
            end: s.end,
            phrases,
        });
    }
    progress.finish_file();
    let best = spellings
        .into_iter()
        .map(|m| {
            m.into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(t, _)| t)
        })
        .collect();
    Ok((out, best))
}
