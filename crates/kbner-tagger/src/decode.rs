//! From word-label probabilities to entities: per-window predictions merged into one per word
//! ([`merge_windows`]), then decoded into spans ([`decode_spans`]) — by constrained Viterbi
//! decoding (the most probable valid IOB sequence) or by each word's best label.

use crate::sample::{B, I, O};

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

impl std::str::FromStr for Decoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "constrained" => Ok(Decoding::Constrained),
            "argmax" => Ok(Decoding::Argmax),
            _ => Err(format!("unknown decoding {s:?} (constrained or argmax)")),
        }
    }
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
