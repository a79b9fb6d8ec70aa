//! Match tokens: the words of a text as the knowledge base's name normalization sees them, with
//! character offsets, so that a sequence of tokens joined by spaces is a normalized name key.
//!
//! A token is a maximal run of letters, digits and apostrophes (normalization deletes
//! apostrophes and a possessive `'s`), except that Han and Kana characters are tokens by
//! themselves: Chinese and Japanese text has no spaces, and a name may start at any character.
//! Such tokens are *glued* to their neighbour: the name key has no space between them.

use kbner_kb::normalize_into;

/// What separates a token from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Nothing (adjacent CJK characters, or the first token).
    Glued,
    /// Whitespace only.
    Space,
    /// A hyphen or slash, possibly with spaces: still inside a phrase (`X-linked`, `and/or`).
    Joiner,
    /// Other punctuation: a phrase does not cross it.
    Punct,
}

/// One token.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Document-level character offsets.
    pub start: usize,
    pub end: usize,
    /// The normalized form (the name key's word).
    pub norm: String,
    /// What comes between the previous token and this one.
    pub gap: Gap,
    /// The token has an upper-case letter.
    pub has_upper: bool,
    /// The token has a lower-case letter.
    pub has_lower: bool,
    /// Characters in the token.
    pub chars: usize,
}

/// Whether `c` is written without spaces between words (Han ideographs, Hiragana, Katakana).
pub(crate) fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// The tokens of `text`, whose first character is at document offset `base`.
pub(crate) fn tokenize(text: &str, base: usize) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 6 + 1);
    // The word being read: its raw text, start, and what separated it from the previous token.
    let mut raw = String::new();
    let mut word = Token {
        start: 0,
        end: 0,
        norm: String::new(),
        gap: Gap::Glued,
        has_upper: false,
        has_lower: false,
        chars: 0,
    };
    // The strongest separator since the last token ended (None: the next token is glued).
    let mut sep: Option<Gap> = None;
    let flush = |out: &mut Vec<Token>, raw: &mut String, word: &mut Token, end: usize| {
        if raw.is_empty() {
            return;
        }
        normalize_into(raw, &mut word.norm);
        raw.clear();
        if !word.norm.is_empty() {
            word.end = end;
            out.push(word.clone());
        }
    };
    for (i, c) in text.chars().enumerate() {
        let at = base + i;
        let unspaced = is_unspaced(c);
        if unspaced || c.is_alphanumeric() || (is_apostrophe(c) && !raw.is_empty()) {
            if unspaced || raw.is_empty() {
                flush(&mut out, &mut raw, &mut word, at);
                word.start = at;
                word.gap = sep.take().unwrap_or(Gap::Glued);
                word.has_upper = false;
                word.has_lower = false;
                word.chars = 0;
            }
            raw.push(c);
            word.has_upper |= c.is_uppercase();
            word.has_lower |= c.is_lowercase();
            word.chars += 1;
            if unspaced {
                flush(&mut out, &mut raw, &mut word, at + 1);
            }
            continue;
        }
        flush(&mut out, &mut raw, &mut word, at);
        let this = if c.is_whitespace() {
            Gap::Space
        } else if matches!(c, '-' | '/' | '\u{2010}' | '\u{2011}' | '\u{2013}') {
            Gap::Joiner
        } else {
            Gap::Punct
        };
        sep = Some(sep.map_or(this, |s| strongest(s, this)));
    }
    let end = base + text.chars().count();
    flush(&mut out, &mut raw, &mut word, end);
    out
}

fn strongest(a: Gap, b: Gap) -> Gap {
    let rank = |g: Gap| match g {
        Gap::Glued => 0,
        Gap::Space => 1,
        Gap::Joiner => 2,
        Gap::Punct => 3,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<(String, Gap)> {
        tokenize(text, 0)
            .into_iter()
            .map(|t| (t.norm, t.gap))
            .collect()
    }

    #[test]
    fn tokens_are_normalized_words_with_their_offsets_and_gaps() {
        let t = tokenize("Crohn's disease, X-linked ALD", 10);
        let words: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(words, ["crohn", "disease", "x", "linked", "ald"]);
        assert_eq!((t[0].start, t[0].end), (10, 17));
        assert_eq!(t[1].gap, Gap::Space);
        assert_eq!(t[2].gap, Gap::Punct);
        assert_eq!(t[3].gap, Gap::Joiner);
        assert!(t[4].has_upper && !t[1].has_upper);
    }

    #[test]
    fn han_characters_are_glued_tokens() {
        let n = norms("患有高血压。HIV感染");
        let words: Vec<&str> = n.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["患", "有", "高", "血", "压", "hiv", "感", "染"]);
        assert_eq!(n[3].1, Gap::Glued);
        assert_eq!(n[5].1, Gap::Punct);
        assert_eq!(n[6].1, Gap::Glued);
    }
}
