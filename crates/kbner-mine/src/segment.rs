//! Phrasal segmentation: a chunk of words is cut into segments maximizing the summed segment
//! score, by dynamic programming over segment ends.
//!
//! A segment of n ≥ 2 words scores `n · (logit(q) − logit(θ))` for a candidate phrase of quality
//! `q ≥ θ` (the phrase threshold) and cannot be chosen otherwise; a single word scores
//! `max(0, logit(q) − logit(θ₁))` (θ₁: the single-word threshold; 0 for a word that is no
//! candidate). So each word sits in the segment whose quality most exceeds its threshold, weighed
//! by the words it covers: `breast cancer` (0.95) beats `inherited breast cancer` (0.55), and a
//! long phrase beats two short ones of the same quality. AutoPhrase scores segments by frequency,
//! quality and a length penalty instead; with only the quality the result does not depend on
//! corpus size and a loaded phrase list segments new text exactly as the miner did.

/// The two thresholds, as logits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Thresholds {
    multi: f64,
    single: f64,
}

fn logit(q: f64) -> f64 {
    let q = q.clamp(1e-9, 1.0 - 1e-9);
    (q / (1.0 - q)).ln()
}

impl Thresholds {
    pub fn new(min_quality: f64, min_single_quality: f64) -> Self {
        Thresholds {
            multi: logit(min_quality),
            single: logit(min_single_quality),
        }
    }

    /// Score of a segment of `len` words that is a candidate of quality `q` (`None`: no
    /// candidate). `None` when a segment of several words may not be chosen.
    pub fn score(&self, len: usize, q: Option<f64>) -> Option<f64> {
        if len == 1 {
            return Some(q.map_or(0.0, |q| (logit(q) - self.single).max(0.0)));
        }
        let s = logit(q?) - self.multi;
        (s >= 0.0).then_some(len as f64 * s)
    }

    /// Whether a chosen segment of `len` words and quality `q` is reported as a phrase.
    pub fn is_phrase(&self, len: usize, q: Option<f64>) -> bool {
        match q {
            None => false,
            Some(q) if len == 1 => logit(q) >= self.single,
            Some(q) => logit(q) >= self.multi,
        }
    }
}

/// The best segmentation of `n` words into segments of at most `max_len` words, as `[start, end)`
/// word ranges in order. `score(start, len)` scores a segment (`None`: not allowed); single words
/// must always be allowed. Ties go to the longer last segment.
pub(crate) fn best_segmentation(
    n: usize,
    max_len: usize,
    mut score: impl FnMut(usize, usize) -> Option<f64>,
) -> Vec<(usize, usize)> {
    let mut best = vec![f64::NEG_INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0.0;
    for start in 0..n {
        if best[start] == f64::NEG_INFINITY {
            continue;
        }
        for len in 1..=max_len.min(n - start) {
            let Some(s) = score(start, len) else {
                continue;
            };
            let end = start + len;
            let v = best[start] + s;
            // On a tie the earlier start (the longer final segment) wins.
            if v > best[end] || (v == best[end] && start < from[end]) {
                best[end] = v;
                from[end] = start;
            }
        }
    }
    let mut out = Vec::new();
    let mut end = n;
    while end > 0 {
        let start = from[end];
        out.push((start, end));
        end = start;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Segments of "inherited breast cancer risk" with the given multi-word qualities.
    fn seg(q: &[((usize, usize), f64)]) -> Vec<(usize, usize)> {
        let th = Thresholds::new(0.5, 0.9);
        best_segmentation(4, 6, |s, l| {
            let quality = q.iter().find(|(span, _)| *span == (s, s + l)).map(|x| x.1);
            th.score(l, quality)
        })
    }

    #[test]
    fn the_best_phrase_covering_each_word_wins() {
        let bc = ((1, 3), 0.95);
        assert_eq!(seg(&[bc, ((0, 3), 0.55)]), [(0, 1), (1, 3), (3, 4)]);
        assert_eq!(seg(&[bc, ((0, 3), 0.97)]), [(0, 3), (3, 4)]);
        // Below the threshold: never a segment.
        assert_eq!(seg(&[((1, 3), 0.4)]), [(0, 1), (1, 2), (2, 3), (3, 4)]);
        // Two phrases of equal quality over the same words: the longer one.
        assert_eq!(
            seg(&[((0, 2), 0.9), ((2, 4), 0.9), ((0, 4), 0.9)]),
            [(0, 4)]
        );
    }

    #[test]
    fn thresholds_decide_what_is_reported() {
        let th = Thresholds::new(0.5, 0.8);
        assert!(th.is_phrase(2, Some(0.5)) && !th.is_phrase(2, Some(0.49)));
        assert!(th.is_phrase(1, Some(0.85)) && !th.is_phrase(1, Some(0.7)));
        assert!(!th.is_phrase(1, None));
        assert_eq!(th.score(1, Some(0.7)), Some(0.0));
        assert_eq!(th.score(3, Some(0.3)), None);
    }
}
