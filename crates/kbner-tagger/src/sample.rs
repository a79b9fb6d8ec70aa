//! Training and inference samples: the VANER instruction, word-level IOB labels on the first
//! sub-token of each word, and windowing of long sentences.
//!
//! The seam for later stages: anything that yields [`Example`]s (a corpus today; DBR samples built
//! from the knowledge base, or examples carrying retrieval `context`, later) feeds the same
//! [`SampleBuilder`], and through it training and inference.

use tokenizers::Tokenizer;

use crate::error::{Result, TaggerError};

/// The label set, in head-output order.
pub const LABELS: [&str; 3] = ["O", "B", "I"];
/// Label index of `O`.
pub const O: u8 = 0;
/// Label index of `B`.
pub const B: u8 = 1;
/// Label index of `I`.
pub const I: u8 = 2;
/// Loss target of tokens that carry no label (instruction, padding, non-first sub-tokens).
pub const IGNORE: i64 = -100;

/// The VANER instruction; `{type}` and `{dataset}` are filled in per sample.
pub const DEFAULT_TEMPLATE: &str =
    "If any {type} entity is mentioned in the {dataset} input, extract it. ##input: ";

/// One sentence with its dataset, entity type and (for training) word labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Dataset name shown in the instruction.
    pub dataset: String,
    /// Entity type shown in the instruction.
    pub kind: String,
    /// The sentence's words.
    pub words: Vec<String>,
    /// One of [`O`], [`B`], [`I`] per word; `None` at inference.
    pub labels: Option<Vec<u8>>,
    /// Extra text placed between the instruction and the sentence (retrieval context); not
    /// labelled. `None` today; the DBR/retrieval stage fills it.
    pub context: Option<String>,
}

/// Where training examples come from: a corpus file today, DBR samples later.
pub trait ExampleSource {
    /// A short description for progress and the manifest.
    fn describe(&self) -> String;
    /// The examples of one epoch (sources may vary them per epoch).
    fn examples(&self, epoch: usize) -> Result<Vec<Example>>;
}

/// A model input: one window of one example.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Token ids (instruction, context, words).
    pub ids: Vec<u32>,
    /// Per token: the label to learn, or [`IGNORE`].
    pub targets: Vec<i64>,
    /// Per token: the example word it is the first sub-token of.
    pub word_at: Vec<Option<usize>>,
    /// Index of the example this window belongs to.
    pub example: usize,
    /// The words of the example this window covers.
    pub words: std::ops::Range<usize>,
}

/// Turns examples into token windows of at most `max_len` tokens.
#[derive(Debug, Clone)]
pub struct SampleBuilder {
    tokenizer: Tokenizer,
    template: String,
    max_len: usize,
}

impl SampleBuilder {
    /// A builder using `tokenizer`, the instruction `template` and windows of `max_len` tokens.
    pub fn new(tokenizer: Tokenizer, template: &str, max_len: usize) -> Result<Self> {
        if !template.contains("{type}") || !template.contains("{dataset}") {
            return Err(TaggerError::Invalid(format!(
                "instruction template {template:?} must contain {{type}} and {{dataset}}"
            )));
        }
        Ok(SampleBuilder {
            tokenizer,
            template: template.to_string(),
            max_len,
        })
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The instruction for one dataset and type.
    pub fn instruction(&self, dataset: &str, kind: &str) -> String {
        self.template
            .replace("{type}", kind)
            .replace("{dataset}", dataset)
    }

    /// Windows of `example` (index `index`): one when it fits, else overlapping windows of words,
    /// so that every word appears in at least one window and nothing is truncated.
    pub fn build(&self, example: &Example, index: usize) -> Result<Vec<Sample>> {
        let n = example.words.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        let whole = self.encode(example, index, 0..n)?;
        if whole.ids.len() <= self.max_len {
            return Ok(vec![whole]);
        }
        // Token cost of each word alone, to plan windows; the prefix cost is what the window
        // must leave room for.
        let prefix = self.encode_text(&self.prefix(example))?.len();
        if prefix + 8 > self.max_len {
            return Err(TaggerError::Invalid(format!(
                "the instruction takes {prefix} tokens, leaving no room in {} (raise --max-len)",
                self.max_len
            )));
        }
        let budget = self.max_len - prefix;
        let costs: Vec<usize> = example
            .words
            .iter()
            .map(|w| self.encode_text(&format!(" {w}")).map(|t| t.len().max(1)))
            .collect::<Result<_>>()?;
        let mut out = Vec::new();
        let mut start = 0;
        loop {
            let mut end = start;
            let mut used = 0;
            while end < n && used + costs[end] <= budget {
                used += costs[end];
                end += 1;
            }
            if end == start {
                // One word longer than the whole budget: it is labelled on its first
                // sub-token, which fits; the rest of the word is cut from this window only.
                end = start + 1;
            }
            let mut sample = self.encode(example, index, start..end)?;
            while sample.ids.len() > self.max_len && end > start + 1 {
                end -= 1;
                sample = self.encode(example, index, start..end)?;
            }
            if sample.ids.len() > self.max_len {
                sample.ids.truncate(self.max_len);
                sample.targets.truncate(self.max_len);
                sample.word_at.truncate(self.max_len);
            }
            out.push(sample);
            if end >= n {
                break;
            }
            // Overlap: the next window starts halfway through this one, so every word is seen
            // with context on both sides in some window.
            let half = (end - start) / 2;
            start = if half == 0 { end } else { start + half };
        }
        Ok(out)
    }

    fn prefix(&self, example: &Example) -> String {
        let mut p = self.instruction(&example.dataset, &example.kind);
        if let Some(c) = &example.context {
            p.push_str(c);
            p.push(' ');
        }
        p
    }

    fn encode_text(&self, text: &str) -> Result<Vec<u32>> {
        let enc = self
            .tokenizer
            .encode(text, false)
            .map_err(|e| TaggerError::Tokenizer(e.to_string()))?;
        Ok(enc.get_ids().to_vec())
    }

    fn encode(
        &self,
        example: &Example,
        index: usize,
        words: std::ops::Range<usize>,
    ) -> Result<Sample> {
        let mut text = self.prefix(example);
        let mut spans = Vec::with_capacity(words.len());
        for (k, w) in example.words[words.clone()].iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(w);
            spans.push((start, text.len()));
        }
        let enc = self
            .tokenizer
            .encode(text.as_str(), true)
            .map_err(|e| TaggerError::Tokenizer(e.to_string()))?;
        let ids = enc.get_ids().to_vec();
        let offsets = enc.get_offsets();
        let special = enc.get_special_tokens_mask();
        let mut targets = vec![IGNORE; ids.len()];
        let mut word_at = vec![None; ids.len()];
        // Tokens are in text order, so one pass pairs each word with the first token that
        // overlaps it.
        let mut tok = 0;
        for (k, &(ws, we)) in spans.iter().enumerate() {
            while tok < ids.len() && (special[tok] == 1 || offsets[tok].1 <= ws) {
                tok += 1;
            }
            if tok < ids.len() && offsets[tok].0 < we {
                let w = words.start + k;
                word_at[tok] = Some(w);
                if let Some(labels) = &example.labels {
                    targets[tok] = i64::from(labels[w]);
                }
                tok += 1;
            }
        }
        Ok(Sample {
            ids,
            targets,
            word_at,
            example: index,
            words,
        })
    }
}

/// One window's words and, per word, its label probabilities (`None` where the word's first
/// sub-token did not fit the window).
pub type WindowProbs = (std::ops::Range<usize>, Vec<Option<[f32; 3]>>);

/// Merges per-window word predictions into one per word: each word takes the window in which it
/// sits furthest from a window edge (the most context on both sides).
pub fn merge_windows(n_words: usize, windows: &[WindowProbs]) -> Vec<[f32; 3]> {
    let mut best: Vec<(i64, [f32; 3])> = vec![(-1, [1.0, 0.0, 0.0]); n_words];
    for (range, probs) in windows {
        for (k, p) in probs.iter().enumerate() {
            let Some(p) = p else { continue };
            let w = range.start + k;
            let margin = (k.min(range.len() - 1 - k)) as i64;
            // First window wins ties, so a word at a shared edge keeps its earlier context.
            if w < n_words && margin > best[w].0 {
                best[w] = (margin, *p);
            }
        }
    }
    best.into_iter().map(|(_, p)| p).collect()
}

/// A predicted entity over words `[start, end)` with the mean probability of its labels.
#[derive(Debug, Clone, PartialEq)]
pub struct WordSpan {
    /// First word.
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// Mean probability of the chosen labels.
    pub score: f32,
}

/// How per-word label probabilities become entity spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decoding {
    /// The most probable label sequence that is valid IOB (no `I` after `O` or at the start),
    /// by Viterbi over log-probabilities. A word the head is unsure about is settled by its
    /// neighbours: `Bannayan(O .55) -(I .9) Zonana(I .9)` becomes one entity, not `- Zonana`.
    #[default]
    Constrained,
    /// Each word's most probable label on its own; an `I` after `O` starts an entity (as
    /// seqeval reads IOB1).
    Argmax,
}

/// Decodes per-word label probabilities into entity spans (see [`Decoding`]).
pub fn decode_spans(probs: &[[f32; 3]], decoding: Decoding) -> Vec<WordSpan> {
    let labels = match decoding {
        Decoding::Constrained => viterbi(probs),
        Decoding::Argmax => probs.iter().map(argmax).collect(),
    };
    spans_of(&labels, probs)
}

/// Spans of a label sequence; `I` after `O` starts a span. Score: mean probability of the
/// span's labels.
fn spans_of(labels: &[u8], probs: &[[f32; 3]]) -> Vec<WordSpan> {
    let mut out: Vec<WordSpan> = Vec::new();
    let mut cur: Option<(usize, f32)> = None;
    let close = |out: &mut Vec<WordSpan>, (s, sum): (usize, f32), end: usize| {
        out.push(WordSpan {
            start: s,
            end,
            score: sum / (end - s) as f32,
        })
    };
    for (w, (&label, p)) in labels.iter().zip(probs).enumerate() {
        match (label, cur) {
            (O, Some(c)) => {
                close(&mut out, c, w);
                cur = None;
            }
            (O, None) => {}
            (B, Some(c)) => {
                close(&mut out, c, w);
                cur = Some((w, p[B as usize]));
            }
            (_, None) => cur = Some((w, p[label as usize])),
            (_, Some((s, sum))) => cur = Some((s, sum + p[I as usize])),
        }
    }
    if let Some(c) = cur {
        close(&mut out, c, labels.len());
    }
    out
}

/// The most probable valid IOB sequence (labels independent given the words, so the path
/// score is the sum of log-probabilities; only the transitions `O→I` and start`→I` are barred).
fn viterbi(probs: &[[f32; 3]]) -> Vec<u8> {
    const NEG: f32 = f32::NEG_INFINITY;
    let ln = |p: f32| p.max(1e-12).ln();
    let n = probs.len();
    let mut back = vec![[0u8; 3]; n];
    let mut score = [NEG; 3];
    for (w, p) in probs.iter().enumerate() {
        let mut next = [NEG; 3];
        for to in [O, B, I] {
            let (from, best) = if w == 0 {
                (O, if to == I { NEG } else { 0.0 })
            } else {
                // `I` may follow `B` or `I`; `O` and `B` may follow anything.
                let mut best = (O, NEG);
                for from in [O, B, I] {
                    if to == I && from == O {
                        continue;
                    }
                    if score[from as usize] > best.1 {
                        best = (from, score[from as usize]);
                    }
                }
                best
            };
            next[to as usize] = best + ln(p[to as usize]);
            back[w][to as usize] = from;
        }
        score = next;
    }
    let mut labels = vec![O; n];
    let Some(mut cur) = (0..3u8).max_by(|&a, &b| score[a as usize].total_cmp(&score[b as usize]))
    else {
        return labels;
    };
    for w in (0..n).rev() {
        labels[w] = cur;
        cur = back[w][cur as usize];
    }
    labels
}

fn argmax(p: &[f32; 3]) -> u8 {
    let mut best = 0;
    for k in 1..3 {
        if p[k] > p[best] {
            best = k;
        }
    }
    best as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(probs: &[[f32; 3]], d: Decoding) -> Vec<(usize, usize)> {
        decode_spans(probs, d)
            .iter()
            .map(|s| (s.start, s.end))
            .collect()
    }

    #[test]
    fn constrained_decoding_joins_an_entity_that_argmax_splits_at_an_unsure_word() {
        // "Bannayan - Zonana syndrome": the first word leans O, the rest are clearly inside.
        let p = [
            [0.55, 0.45, 0.0],
            [0.05, 0.05, 0.9],
            [0.05, 0.05, 0.9],
            [0.9, 0.05, 0.05],
        ];
        assert_eq!(spans(&p, Decoding::Argmax), vec![(1, 3)]);
        assert_eq!(spans(&p, Decoding::Constrained), vec![(0, 3)]);
    }

    #[test]
    fn constrained_decoding_drops_a_weak_inside_label_after_outside() {
        // A lone I with little support is dropped rather than promoted to an entity.
        let p = [[0.9, 0.05, 0.05], [0.4, 0.05, 0.55], [0.9, 0.05, 0.05]];
        assert_eq!(spans(&p, Decoding::Argmax), vec![(1, 2)]);
        assert_eq!(spans(&p, Decoding::Constrained), vec![]);
    }

    #[test]
    fn both_decodings_agree_on_clear_labels() {
        let p = [
            [0.05, 0.9, 0.05],
            [0.05, 0.05, 0.9],
            [0.9, 0.05, 0.05],
            [0.05, 0.9, 0.05],
            [0.05, 0.9, 0.05],
        ];
        for d in [Decoding::Argmax, Decoding::Constrained] {
            assert_eq!(spans(&p, d), vec![(0, 2), (3, 4), (4, 5)]);
        }
        assert!(decode_spans(&[], Decoding::Constrained).is_empty());
    }
}
