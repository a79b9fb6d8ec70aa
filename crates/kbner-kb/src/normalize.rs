//! Name normalization: the one function that turns a concept name or a query into an index key.

use unicode_normalization::UnicodeNormalization;

/// Normalizes `text` into an index key.
///
/// The rule, applied in this order:
/// 1. Unicode NFKC (compatibility forms fold: `ﬁ` → `fi`, full-width letters → ASCII, `²` → `2`).
/// 2. Lower-casing with Unicode case mapping (`Ä` → `ä`, `Σ` → `σ`).
/// 3. Apostrophes (`'`, `’`, `ʼ`) are deleted, and a possessive `'s` at the end of a word is deleted
///    with them, so `Crohn's disease`, `Crohns disease` → `crohn disease` / `crohns disease`
///    (possessive dropped, plural kept).
/// 4. Every other character that is not a letter or digit (punctuation, symbols, whitespace) is a
///    word separator; runs of separators collapse to one space, and the result is trimmed.
///
/// So `1,2-Dipalmitoylphosphatidylcholine` → `1 2 dipalmitoylphosphatidylcholine` and
/// `Tumor Necrosis Factor-alpha` → `tumor necrosis factor alpha`. Greek letters and accents are kept:
/// `α` stays `α` (the dense index handles `alpha`/`α` variants). ASCII input skips step 1, which is
/// the identity on ASCII.
///
/// ```
/// use kbner_kb::normalize_name;
/// assert_eq!(normalize_name("  Crohn's  Disease "), "crohn disease");
/// assert_eq!(normalize_name("1,2-Dipalmitoylphosphatidylcholine"), "1 2 dipalmitoylphosphatidylcholine");
/// assert_eq!(normalize_name("ＩＬ－２"), "il 2");
/// ```
pub fn normalize_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Like [`normalize_name`], writing into `out` (cleared first) to reuse its allocation.
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        push_folded_ascii(text.as_bytes(), out);
    } else {
        push_folded(text.nfkc(), out);
    }
    while out.ends_with(' ') {
        out.pop();
    }
}

/// The same rule on ASCII bytes (most names), without per-character Unicode case mapping.
fn push_folded_ascii(b: &[u8], out: &mut String) {
    let mut at_sep = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase() as char);
            at_sep = false;
        } else if c == b'\'' {
            if matches!(b.get(i + 1), Some(b's') | Some(b'S'))
                && b.get(i + 2).is_none_or(|n| !n.is_ascii_alphanumeric())
            {
                i += 1;
            }
        } else if !at_sep {
            out.push(' ');
            at_sep = true;
        }
        i += 1;
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn push_folded(chars: impl Iterator<Item = char> + Clone, out: &mut String) {
    let mut chars = chars.peekable();
    // True when the last thing written was a separator (or nothing yet): no leading spaces.
    let mut at_sep = true;
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            at_sep = false;
        } else if is_apostrophe(c) {
            // Possessive 's: drop both when the s ends the word.
            if matches!(chars.peek(), Some('s') | Some('S')) {
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek().is_none_or(|n| !n.is_alphanumeric()) {
                    chars.next();
                }
            }
        } else if !at_sep {
            out.push(' ');
            at_sep = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_punctuation_and_space() {
        assert_eq!(normalize_name("Breast  Cancer, NOS"), "breast cancer nos");
        assert_eq!(normalize_name("breast-cancer"), "breast cancer");
        assert_eq!(normalize_name("(131)I-MAA"), "131 i maa");
        assert_eq!(normalize_name(""), "");
        assert_eq!(normalize_name(" \t-- "), "");
    }

    #[test]
    fn possessive_is_dropped_but_plural_kept() {
        assert_eq!(normalize_name("Alzheimer's disease"), "alzheimer disease");
        assert_eq!(normalize_name("Alzheimer’s Disease"), "alzheimer disease");
        assert_eq!(normalize_name("Alzheimers disease"), "alzheimers disease");
        assert_eq!(normalize_name("o'sullivan"), "osullivan");
    }

    #[test]
    fn unicode_compatibility_and_case() {
        assert_eq!(normalize_name("ÉTAT"), "état");
        assert_eq!(normalize_name("ﬁbrosis"), "fibrosis");
        assert_eq!(normalize_name("TNF-α"), "tnf α");
        assert_eq!(normalize_name("m²"), "m2");
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_unicode_path() {
        for s in [
            "Crohn's Disease",
            "A's",
            "'s",
            "x'S y",
            "TNF-Alpha (human)",
            "  a--b  ",
            "it's'",
            "O'Brien's",
        ] {
            let mut fast = String::new();
            push_folded_ascii(s.as_bytes(), &mut fast);
            let mut slow = String::new();
            push_folded(s.chars(), &mut slow);
            assert_eq!(fast, slow, "{s:?}");
        }
    }

    #[test]
    fn same_function_for_names_and_queries() {
        let mut buf = String::from("junk");
        normalize_into("Type 2 Diabetes", &mut buf);
        assert_eq!(buf, normalize_name("type-2 diabetes"));
    }
}
