//! One DBR sample: knowledge-base names concatenated into a dense sentence, the target type's
//! names tagged B/I and the others O (the VANER recipe).

use kbner_nn::Rng;
use serde::{Deserialize, Serialize};

/// A name placed in a DBR sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedName {
    /// The name.
    pub name: String,
    /// Its type as shown (the target type for positives).
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether it is of the target type (tagged B/I).
    pub positive: bool,
}

/// A dense training sentence of knowledge-base names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbrSample {
    /// The entity type named in the instruction (as the training data spells it).
    #[serde(rename = "type")]
    pub kind: String,
    /// The words.
    pub words: Vec<String>,
    /// `B`, `I` or `O` per word.
    pub tags: Vec<String>,
    /// The names, in sample order.
    pub names: Vec<PlacedName>,
    /// Where it came from: the training sentence it was retrieved for (`doc:sentence`), or
    /// `random:` plus that sentence for the random variant.
    pub source: String,
}

/// Sizes of a DBR sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleSizes {
    /// Most names of the target type.
    pub max_positives: usize,
    /// Most names of other types.
    pub max_negatives: usize,
}

impl Default for SampleSizes {
    /// VANER's 10 positives and 5 negatives.
    fn default() -> Self {
        SampleSizes {
            max_positives: 10,
            max_negatives: 5,
        }
    }
}

/// Draws `k` of `items` without replacement, in random order.
pub(crate) fn draw<T: Clone>(items: &[T], k: usize, rng: &mut Rng) -> Vec<T> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    // Partial Fisher–Yates: the first k positions are a uniform draw.
    let k = k.min(items.len());
    for i in 0..k {
        let j = i + rng.below(idx.len() - i);
        idx.swap(i, j);
    }
    idx[..k].iter().map(|&i| items[i].clone()).collect()
}

/// The dense sample of `positives` (type `kind`) and `negatives` (name, shown type): at most
/// `sizes.max_positives` and `sizes.max_negatives` of them drawn, shuffled together, their words
/// concatenated (split as kbner splits words), positives tagged B then I, the rest O. `None` when
/// no name is left (never an empty sample).
pub fn dense_sample(
    kind: &str,
    positives: &[String],
    negatives: &[(String, String)],
    sizes: SampleSizes,
    rng: &mut Rng,
    source: String,
) -> Option<DbrSample> {
    let mut names: Vec<PlacedName> = draw(positives, sizes.max_positives, rng)
        .into_iter()
        .map(|name| PlacedName {
            name,
            kind: kind.to_string(),
            positive: true,
        })
        .chain(
            draw(negatives, sizes.max_negatives, rng)
                .into_iter()
                .map(|(name, kind)| PlacedName {
                    name,
                    kind,
                    positive: false,
                }),
        )
        .collect();
    rng.shuffle(&mut names);
    let mut words = Vec::new();
    let mut tags = Vec::new();
    names.retain(|n| {
        let spans = kbner_corpus::tokenize::words(&n.name, 0);
        if spans.is_empty() {
            return false;
        }
        let chars: Vec<char> = n.name.chars().collect();
        for (k, &(a, b)) in spans.iter().enumerate() {
            words.push(chars[a..b].iter().collect::<String>());
            tags.push(
                match (n.positive, k) {
                    (false, _) => "O",
                    (true, 0) => "B",
                    (true, _) => "I",
                }
                .to_string(),
            );
        }
        true
    });
    if names.is_empty() {
        return None;
    }
    Some(DbrSample {
        kind: kind.to_string(),
        words,
        tags,
        names,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize, prefix: &str) -> Vec<String> {
        (0..n).map(|i| format!("{prefix} {i}")).collect()
    }

    #[test]
    fn at_most_ten_positives_and_five_negatives_are_drawn() {
        let pos = names(14, "breast cancer");
        let neg: Vec<(String, String)> = names(9, "aspirin")
            .into_iter()
            .map(|n| (n, "Chemical".to_string()))
            .collect();
        let s = dense_sample(
            "Disease",
            &pos,
            &neg,
            SampleSizes::default(),
            &mut Rng::new(7),
            "d:0".into(),
        )
        .expect("a sample");
        assert_eq!(s.names.iter().filter(|n| n.positive).count(), 10);
        assert_eq!(s.names.iter().filter(|n| !n.positive).count(), 5);
        // Every positive is tagged B then I (three words each), every negative O.
        assert_eq!(s.words.len(), 10 * 3 + 5 * 2);
        assert_eq!(s.tags.iter().filter(|t| *t == "B").count(), 10);
        assert_eq!(s.tags.iter().filter(|t| *t == "I").count(), 20);
        assert_eq!(s.tags.iter().filter(|t| *t == "O").count(), 10);
        let mut w = 0;
        for n in &s.names {
            let len = if n.positive { 3 } else { 2 };
            let expect: Vec<&str> = if n.positive {
                vec!["B", "I", "I"]
            } else {
                vec!["O", "O"]
            };
            assert_eq!(s.tags[w..w + len], expect[..], "{:?}", n);
            assert_eq!(s.words[w..w + len].join(" "), n.name);
            w += len;
        }
    }

    #[test]
    fn names_are_shuffled_together_and_the_draw_depends_only_on_the_seed() {
        let pos = names(12, "p");
        let neg: Vec<(String, String)> = names(12, "n")
            .into_iter()
            .map(|n| (n, "Gene".to_string()))
            .collect();
        let draw = |seed| {
            dense_sample(
                "X",
                &pos,
                &neg,
                SampleSizes::default(),
                &mut Rng::new(seed),
                "s".into(),
            )
        };
        let (a, b, c) = (draw(1), draw(1), draw(2));
        assert_eq!(a, b);
        assert_ne!(a, c);
        let a = a.expect("sample");
        // Positives and negatives interleave (not all positives first).
        let first_neg = a
            .names
            .iter()
            .position(|n| !n.positive)
            .expect("a negative");
        let last_pos = a
            .names
            .iter()
            .rposition(|n| n.positive)
            .expect("a positive");
        assert!(first_neg < last_pos, "{:?}", a.names);
    }

    #[test]
    fn fewer_names_than_the_limits_are_all_used_and_none_gives_no_sample() {
        let s = dense_sample(
            "Disease",
            &["fever".to_string()],
            &[],
            SampleSizes::default(),
            &mut Rng::new(3),
            "s".into(),
        )
        .expect("a sample");
        assert_eq!(s.words, vec!["fever"]);
        assert_eq!(s.tags, vec!["B"]);
        assert!(dense_sample(
            "Disease",
            &[],
            &[],
            SampleSizes::default(),
            &mut Rng::new(3),
            "s".into()
        )
        .is_none());
    }
}
