//! Text → chunks of words, the units phrases are made of.
//!
//! Words are kbner's word tokens (`kbner_corpus::tokenize::words`: alphanumeric runs, every other
//! character alone), with three refinements:
//! - a CJK character (Han, Kana, Hangul) is a word by itself, so Chinese text without spaces gives
//!   character n-grams;
//! - a hyphen or slash between two words joins them (`X-linked`, `X - linked` as written in IOB
//!   files, `breast/ovarian`), as does a comma between two numbers (`2,4`); a possessive `'s`
//!   belongs to its word (`Crohn's`), as the knowledge base's name normalization drops it;
//! - every other punctuation character and every line break ends a chunk: no phrase crosses it.
//!
//! A word's key is its [`normalize_name`] form, and a phrase's key joins its words' keys with a
//! space (none between two CJK characters): the same string `normalize_name` makes of the phrase
//! text, which is how the knowledge base stores names.

use kbner_kb::normalize_name;

use crate::stopwords::is_stopword;

/// Per-word flags: spelling and the punctuation around the word, for the boundary features.
pub(crate) mod flag {
    /// First letter upper-case (not counted for a sentence's first word).
    pub const CAP: u16 = 1;
    /// Two letters or more, all upper-case (an acronym).
    pub const ALL_CAPS: u16 = 2;
    /// Only digits.
    pub const DIGITS: u16 = 4;
    /// Joined to the previous word by a hyphen, slash or comma.
    pub const JOINED: u16 = 8;
    /// Right after an opening bracket.
    pub const PAREN_BEFORE: u16 = 16;
    /// Right before a closing bracket.
    pub const PAREN_AFTER: u16 = 32;
    /// Right after a quotation mark.
    pub const QUOTE_BEFORE: u16 = 64;
    /// Right before a quotation mark.
    pub const QUOTE_AFTER: u16 = 128;
    /// A stop word.
    pub const STOP: u16 = 256;
    /// First letter lower-case.
    pub const LOWER: u16 = 512;
}

/// One word: character offsets (document level), key and flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    /// [`normalize_name`] of the word text.
    pub key: String,
    pub flags: u16,
    /// A CJK character (joined to a CJK neighbour without a space in phrase keys).
    pub cjk: bool,
}

/// Whether `c` is written without spaces between words (Han, Kana, Hangul).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0x1100..=0x11FF // Hangul jamo
        | 0x3130..=0x318F // Hangul compatibility jamo
        | 0x31F0..=0x31FF // Katakana extension
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x2EBEF) // CJK extensions B–F
}

fn is_connector(c: char) -> bool {
    matches!(c, '-' | '/' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}') || is_apostrophe(c)
}

/// Appends `word`'s key to the phrase key `key` (which holds the words before it).
pub(crate) fn push_key(key: &mut String, prev_cjk: bool, word_key: &str, cjk: bool) {
    if !(key.is_empty() || prev_cjk && cjk) {
        key.push(' ');
    }
    key.push_str(word_key);
}

/// The key of a phrase made of `words`.
#[cfg(test)]
pub(crate) fn phrase_key(words: &[Word]) -> String {
    let mut key = String::new();
    let mut prev_cjk = false;
    for w in words {
        push_key(&mut key, prev_cjk, &w.key, w.cjk);
        prev_cjk = w.cjk;
    }
    key
}

/// Splits `text` (which starts at character offset `base` of its document) into chunks of words.
/// `sentence_start`: the text starts a sentence (its first word's capital is not counted).
pub(crate) fn chunks(text: &str, base: usize, sentence_start: bool) -> Vec<Vec<Word>> {
    let chars: Vec<char> = text.chars().collect();
    let toks = kbner_corpus::tokenize::words(text, 0);
    let mut out: Vec<Vec<Word>> = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    // A connector seen after the last word: the next word joins it.
    let mut joined = false;
    // Flags for the next word (an opening bracket or quote before it).
    let mut before: u16 = 0;
    let mut prev_end = 0;
    let mut first_word = sentence_start;
    let mut k = 0;
    while k < toks.len() {
        let (a, b) = toks[k];
        if chars[prev_end..a].contains(&'\n') {
            flush(&mut out, &mut cur);
            joined = false;
            before = 0;
        }
        prev_end = b;
        k += 1;
        let c = chars[a];
        if c.is_alphanumeric() {
            let mut piece_start = a;
            for i in a..=b {
                // Pieces: CJK characters alone, other runs whole.
                let split_here = i == b || is_cjk(chars[i]) || (i > a && is_cjk(chars[i - 1]));
                if !split_here || i == piece_start {
                    continue;
                }
                let piece = &chars[piece_start..i];
                let mut w = make_word(piece, base + piece_start, base + i, first_word);
                first_word = false;
                piece_start = i;
                let Some(w) = w.as_mut() else {
                    flush(&mut out, &mut cur);
                    continue;
                };
                if joined && !cur.is_empty() {
                    w.flags |= flag::JOINED;
                }
                joined = false;
                w.flags |= before;
                before = 0;
                cur.push(w.clone());
            }
            continue;
        }
        // Punctuation.
        let next_word = toks
            .get(k)
            .filter(|t| chars[t.0].is_alphanumeric())
            .map(|t| &chars[t.0..t.1]);
        let last_is_digits = cur.last().is_some_and(|w| w.flags & flag::DIGITS != 0);
        if !joined && !cur.is_empty() && next_word.is_some() {
            // Spaced the same on both sides (`X-linked`, IOB's `X - linked`), not a suspended
            // hyphen (`pre- and post-natal`) or a list comma (`5, 6`).
            let left = k >= 2 && toks[k - 2].1 == a;
            let right = toks[k].0 == b;
            let nw = next_word.unwrap_or_default();
            let digits = c == ',' && last_is_digits && nw.iter().all(|c| c.is_ascii_digit());
            if (is_connector(c) || digits) && left == right {
                joined = true;
                continue;
            }
            if is_apostrophe(c) && matches!(nw, ['s'] | ['S']) {
                // Possessive: part of the previous word.
                if let Some(last) = cur.last_mut() {
                    last.end = base + toks[k].1;
                }
                prev_end = toks[k].1;
                k += 1;
                continue;
            }
        }
        if let Some(last) = cur.last_mut() {
            if matches!(c, ')' | ']' | '}') {
                last.flags |= flag::PAREN_AFTER;
            }
            if is_quote(c) {
                last.flags |= flag::QUOTE_AFTER;
            }
        }
        flush(&mut out, &mut cur);
        joined = false;
        before = 0;
        if matches!(c, '(' | '[' | '{') {
            before |= flag::PAREN_BEFORE;
        }
        if is_quote(c) {
            before |= flag::QUOTE_BEFORE;
        }
        if matches!(c, '.' | '?' | '!' | '\u{3002}') {
            // A new sentence may start after a full stop: do not count its capital.
            first_word = true;
        }
    }
    flush(&mut out, &mut cur);
    out
}

fn flush(out: &mut Vec<Vec<Word>>, cur: &mut Vec<Word>) {
    if !cur.is_empty() {
        out.push(std::mem::take(cur));
    }
}

/// The word for `chars` at `[start, end)`; `None` when it normalizes to nothing.
fn make_word(chars: &[char], start: usize, end: usize, first_word: bool) -> Option<Word> {
    let text: String = chars.iter().collect();
    let key = normalize_name(&text);
    if key.is_empty() {
        return None;
    }
    let cjk = chars.len() == 1 && is_cjk(chars[0]);
    let letters = chars.iter().filter(|c| c.is_alphabetic());
    let (mut n_letters, mut n_upper) = (0, 0);
    for c in letters {
        n_letters += 1;
        n_upper += usize::from(c.is_uppercase());
    }
    let mut flags = 0;
    if n_letters >= 2 && n_upper == n_letters {
        flags |= flag::ALL_CAPS;
    }
    if !first_word && chars.first().is_some_and(|c| c.is_uppercase()) {
        flags |= flag::CAP;
    }
    if chars.first().is_some_and(|c| c.is_lowercase()) {
        flags |= flag::LOWER;
    }
    if chars.iter().all(|c| c.is_numeric()) {
        flags |= flag::DIGITS;
    }
    if is_stopword(&key) {
        flags |= flag::STOP;
    }
    Some(Word {
        start,
        end,
        key,
        flags,
        cjk,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<Vec<String>> {
        chunks(text, 0, true)
            .into_iter()
            .map(|c| c.into_iter().map(|w| w.key).collect())
            .collect()
    }

    #[test]
    fn hyphens_slashes_and_possessives_stay_inside_chunks() {
        assert_eq!(
            keys("X-linked adrenoleukodystrophy, Crohn's disease (type 2 diabetes)."),
            [
                vec!["x", "linked", "adrenoleukodystrophy"],
                vec!["crohn", "disease"],
                vec!["type", "2", "diabetes"]
            ]
        );
        // IOB files space every token; the hyphen still joins.
        assert_eq!(keys("X - linked ALD"), [vec!["x", "linked", "ald"]]);
        assert_eq!(
            keys("2,4-D and 5, 6"),
            [vec!["2", "4", "d", "and", "5"], vec!["6"]]
        );
        // A trailing hyphen or a line break ends the chunk.
        assert_eq!(
            keys("pre- and post\nnatal"),
            [vec!["pre"], vec!["and", "post"], vec!["natal"]]
        );
        assert_eq!(keys("breast/ovarian"), [vec!["breast", "ovarian"]]);
    }

    #[test]
    fn offsets_flags_and_cjk_characters() {
        let c = chunks("The (BRCA1) gene", 10, true);
        assert_eq!(c.len(), 3);
        assert_eq!((c[0][0].start, c[0][0].end), (10, 13));
        assert_eq!(
            c[0][0].flags & flag::CAP,
            0,
            "sentence-initial capital is not counted"
        );
        assert_ne!(c[0][0].flags & flag::STOP, 0);
        let brca = &c[1][0];
        assert_eq!((brca.start, brca.end), (15, 20));
        assert_eq!(
            brca.flags & (flag::PAREN_BEFORE | flag::PAREN_AFTER | flag::ALL_CAPS | flag::CAP),
            flag::PAREN_BEFORE | flag::PAREN_AFTER | flag::ALL_CAPS | flag::CAP
        );
        let zh = chunks("高血压患者，IL2。", 0, true);
        assert_eq!(zh.len(), 2);
        assert_eq!(zh[0].len(), 5);
        assert!(zh[0].iter().all(|w| w.cjk));
        assert_eq!(phrase_key(&zh[0][..3]), "高血压");
        assert_eq!(phrase_key(&zh[1]), "il2");
        assert_eq!(
            phrase_key(&chunks("Crohn's disease", 0, true)[0]),
            "crohn disease"
        );
    }
}
