//! Overlapping matches resolved: the longest span wins, then the best score, then the earliest.

use std::sync::Arc;

use super::concepts::ConceptInfo;

/// A matched span and what it stands for.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    /// Document-level character offsets.
    pub start: usize,
    pub end: usize,
    /// First and last token.
    pub first: usize,
    pub last: usize,
    /// 1 for an exact name, less for variants and approximate matches.
    pub score: f32,
    /// The concepts, best first (never empty).
    pub concepts: Arc<[Arc<ConceptInfo>]>,
    /// How it was found: `exact`, `variant`, `approximate`, `abbreviation`, `composite`.
    pub how: &'static str,
    /// For a composite mention ("breast and ovarian cancer"): the concepts of each conjunct, in
    /// text order; empty otherwise.
    pub conjuncts: Vec<Arc<[Arc<ConceptInfo>]>>,
}

/// The spans that survive: no two overlap; of overlapping spans the longer (in characters) is
/// kept, of equally long ones the higher-scored, then the earlier.
pub(crate) fn resolve_overlaps(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.score.total_cmp(&a.score))
            .then(a.start.cmp(&b.start))
    });
    // Kept spans are disjoint: only the last one starting before `s.end` can overlap `s`.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        let clash = taken
            .range(..s.end)
            .next_back()
            .is_some_and(|(_, &end)| end > s.start);
        if !clash && s.end > s.start {
            taken.insert(s.start, s.end);
            kept.push(s);
        }
    }
    kept.sort_by_key(|s| s.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, score: f32) -> Span {
        Span {
            start,
            end,
            first: 0,
            last: 0,
            score,
            concepts: Arc::from(Vec::new()),
            how: "exact",
            conjuncts: Vec::new(),
        }
    }

    #[test]
    fn the_longest_then_best_scored_span_of_an_overlap_is_kept() {
        let kept = resolve_overlaps(vec![
            span(0, 6, 1.0),   // breast
            span(0, 13, 0.95), // breast cancer
            span(7, 13, 1.0),  // cancer
            span(20, 30, 0.7), // approximate …
            span(22, 32, 0.9), // … equally long, better
            span(40, 45, 1.0),
        ]);
        let got: Vec<(usize, usize)> = kept.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(got, [(0, 13), (22, 32), (40, 45)]);
    }
}
