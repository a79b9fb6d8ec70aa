//! Offset-preserving sentence splitting and word tokenization for biomedical text, and the
//! word ↔ subword ↔ character alignment a tagger needs.
//!
//! Word rule (the one behind the classic NCBI-disease / BC5CDR / BC2GM IOB files): a maximal run
//! of alphanumeric characters (any script, so Greek letters stay inside words: `IFN-γ` →
//! `IFN`, `-`, `γ`) is a token, and every other non-space character is a token by itself. So
//! hyphens, slashes, parentheses, commas inside chemical names (`2,4-D` → `2 , 4 - D`) are split
//! off, which is what the published IOB splits and their F1 tables assume.
//!
//! Sentence rule: a sentence ends after `.`, `?` or `!` when whitespace follows and the next token
//! starts with an upper-case letter, a digit or an opening bracket — unless the full stop closes
//! a common abbreviation (`e.g.`, `et al.`, `Fig.` …) or brackets are still open. (Single
//! capitals are not treated as initials: `A-T.` and `hepatitis B.` end sentences in this domain.)

use std::ops::Range;

use crate::model::Sentence;

/// Word tokens of `text` as character spans, shifted by `base` (the text's document offset).
pub fn words(text: &str, base: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut run_start: Option<usize> = None;
    let mut i = base;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if run_start.is_none() {
                run_start = Some(i);
            }
        } else {
            if let Some(s) = run_start.take() {
                out.push((s, i));
            }
            if !ch.is_whitespace() {
                out.push((i, i + 1));
            }
        }
        i += 1;
    }
    if let Some(s) = run_start {
        out.push((s, i));
    }
    out
}

/// Words that end a sentence only rarely when followed by a full stop.
const ABBREVIATIONS: &[&str] = &[
    "al", "e.g", "i.e", "etc", "vs", "Fig", "Figs", "fig", "Dr", "Mr", "Mrs", "Ms", "Prof", "No",
    "no", "approx", "ca", "cf", "Ref", "ref", "St", "Jr", "Inc", "Co", "Ltd", "Eq", "vol", "pp",
];

/// Splits `text` (starting at document offset `base`) into sentences with word tokens.
pub fn sentences(text: &str, base: usize) -> Vec<Sentence> {
    let toks = words(text, base);
    let chars: Vec<char> = if text.is_ascii() {
        Vec::new()
    } else {
        text.chars().collect()
    };
    let ch = |i: usize| -> char {
        let j = i - base;
        if chars.is_empty() {
            text.as_bytes()[j] as char
        } else {
            chars[j]
        }
    };
    let tok_str = |t: (usize, usize)| -> String { (t.0..t.1).map(ch).collect() };
    let mut out = Vec::new();
    let mut cur: Vec<(usize, usize)> = Vec::new();
    let mut depth: i32 = 0;
    for (k, &t) in toks.iter().enumerate() {
        cur.push(t);
        let c = ch(t.0);
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = (depth - 1).max(0),
            _ => {}
        }
        if !matches!(c, '.' | '?' | '!') || t.1 - t.0 != 1 {
            continue;
        }
        let Some(&next) = toks.get(k + 1) else {
            continue;
        };
        // Needs whitespace before the next token.
        if next.0 == t.1 {
            continue;
        }
        let n0 = ch(next.0);
        if !(n0.is_uppercase() || n0.is_ascii_digit() || matches!(n0, '(' | '[')) {
            continue;
        }
        if depth > 0 && c == '.' {
            continue;
        }
        if c == '.' && cur.len() >= 2 {
            let prev = cur[cur.len() - 2];
            if prev.1 == t.0 {
                let w = tok_str(prev);
                // "e.g." arrives as e . g . ; look two tokens back for the dotted form.
                let dotted = if cur.len() >= 4 && cur[cur.len() - 3].1 == prev.0 {
                    format!("{}.{}", tok_str(cur[cur.len() - 4]), w)
                } else {
                    String::new()
                };
                if ABBREVIATIONS.contains(&w.as_str()) || ABBREVIATIONS.contains(&dotted.as_str()) {
                    continue;
                }
            }
        }
        flush(&mut out, &mut cur);
        depth = 0;
    }
    flush(&mut out, &mut cur);
    out
}

fn flush(out: &mut Vec<Sentence>, cur: &mut Vec<(usize, usize)>) {
    if let (Some(a), Some(b)) = (cur.first(), cur.last()) {
        out.push(Sentence {
            start: a.0,
            end: b.1,
            tokens: std::mem::take(cur),
        });
    }
}

/// Indices of the words that overlap `[start, end)`, given words sorted by offset.
pub fn words_overlapping(words: &[(usize, usize)], start: usize, end: usize) -> Range<usize> {
    let a = words.partition_point(|w| w.1 <= start);
    let mut b = a;
    while b < words.len() && words[b].0 < end {
        b += 1;
    }
    a..b
}

/// How word labels are given to subwords for training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPolicy {
    /// Only a word's first subword gets the label; the rest get `None` (ignored by the loss).
    FirstSubword,
    /// Every subword of a word gets the word's label.
    AllSubwords,
}

/// The alignment between words and the subword tokens of any tokenizer.
///
/// Both sides are given as `[start, end)` offsets into the same string and in the same unit
/// (characters or bytes: HuggingFace `tokenizers` reports bytes in Rust; convert with
/// [`crate::text::CharIndex`] if words are in characters). A subword with an empty span (special
/// tokens such as `[CLS]`, whose offsets are `(0, 0)`) belongs to no word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// For each subword, the word it belongs to.
    pub word_of_subword: Vec<Option<usize>>,
    /// For each word, its subwords (empty when truncation cut it off).
    pub subwords_of_word: Vec<Range<usize>>,
}

impl Alignment {
    /// Aligns `subwords` to `words` (words sorted, non-overlapping). A subword belongs to the word
    /// it overlaps first; one that overlaps no word (e.g. stray whitespace) belongs to none.
    pub fn new(words: &[(usize, usize)], subwords: &[(usize, usize)]) -> Self {
        let mut word_of_subword = Vec::with_capacity(subwords.len());
        let mut subwords_of_word: Vec<Range<usize>> = vec![0..0; words.len()];
        for (si, &(a, b)) in subwords.iter().enumerate() {
            let w = if a >= b {
                None
            } else {
                let r = words_overlapping(words, a, b);
                (!r.is_empty()).then_some(r.start)
            };
            if let Some(w) = w {
                let r = &mut subwords_of_word[w];
                if r.start == r.end {
                    *r = si..si + 1;
                } else {
                    r.end = si + 1;
                }
            }
            word_of_subword.push(w);
        }
        Alignment {
            word_of_subword,
            subwords_of_word,
        }
    }

    /// The first subword of `word`, if it has any.
    pub fn first_subword(&self, word: usize) -> Option<usize> {
        let r = self.subwords_of_word.get(word)?;
        (!r.is_empty()).then_some(r.start)
    }

    /// Spreads word labels onto subwords.
    pub fn subword_labels<L: Clone>(
        &self,
        word_labels: &[L],
        policy: LabelPolicy,
    ) -> Vec<Option<L>> {
        let mut out = vec![None; self.word_of_subword.len()];
        for (w, r) in self.subwords_of_word.iter().enumerate() {
            let Some(label) = word_labels.get(w) else {
                continue;
            };
            for s in r.clone() {
                if policy == LabelPolicy::AllSubwords || s == r.start {
                    out[s] = Some(label.clone());
                }
            }
        }
        out
    }

    /// Collects subword predictions back to words: each word takes its first subword's label
    /// (`None` for a word with no subword, e.g. after truncation).
    pub fn word_labels<L: Clone>(&self, subword_labels: &[L]) -> Vec<Option<L>> {
        self.subwords_of_word
            .iter()
            .map(|r| {
                if r.is_empty() {
                    None
                } else {
                    subword_labels.get(r.start).cloned()
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        words(text, 0)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn splits_biomedical_punctuation_and_keeps_greek_inside_words() {
        assert_eq!(
            toks("IFN-γ/TNF-α (2,4-D) 11q22-q23"),
            [
                "IFN", "-", "γ", "/", "TNF", "-", "α", "(", "2", ",", "4", "-", "D", ")", "11q22",
                "-", "q23"
            ]
        );
        // Offsets are characters: "β" is one character although two bytes.
        assert_eq!(words("aβ c", 10), vec![(10, 12), (13, 14)]);
    }

    #[test]
    fn sentence_split_respects_abbreviations_and_brackets() {
        let t = "Mutations in ATM (ref. 3) cause A-T. Cancer risk e.g. lymphoma is high. See Smith et al. Nature. 2-22. 5. A new";
        let s = sentences(t, 0);
        let texts: Vec<&str> = s.iter().map(|x| &t[x.start..x.end]).collect();
        assert_eq!(
            texts,
            [
                "Mutations in ATM (ref. 3) cause A-T.",
                "Cancer risk e.g. lymphoma is high.",
                "See Smith et al. Nature.",
                "2-22.",
                "5.",
                "A new"
            ]
        );
    }

    #[test]
    fn alignment_maps_subwords_both_ways() {
        // "ataxia-telangiectasia": words ataxia, -, telangiectasia; subwords with a [CLS].
        let words = [(0, 6), (6, 7), (7, 21)];
        let subwords = [(0, 0), (0, 3), (3, 6), (6, 7), (7, 12), (12, 21), (0, 0)];
        let a = Alignment::new(&words, &subwords);
        assert_eq!(
            a.word_of_subword,
            vec![None, Some(0), Some(0), Some(1), Some(2), Some(2), None]
        );
        assert_eq!(a.subwords_of_word, vec![1..3, 3..4, 4..6]);
        let labels = ["B", "I", "I"];
        assert_eq!(
            a.subword_labels(&labels, LabelPolicy::FirstSubword),
            vec![None, Some("B"), None, Some("I"), Some("I"), None, None]
        );
        assert_eq!(
            a.subword_labels(&labels, LabelPolicy::AllSubwords)[2],
            Some("B")
        );
        let preds = ["x", "B", "I", "O", "I", "B", "x"];
        assert_eq!(a.word_labels(&preds), vec![Some("B"), Some("O"), Some("I")]);
        // A truncated encoding leaves later words without subwords.
        let a = Alignment::new(&words, &subwords[..3]);
        assert_eq!(a.first_subword(2), None);
        assert_eq!(words_overlapping(&words, 5, 8), 0..3);
    }
}
