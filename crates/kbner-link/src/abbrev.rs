//! Abbreviation detection in the style of Schwartz & Hearst (2003), "A simple algorithm for
//! identifying abbreviation definitions in biomedical text".
//!
//! The linker uses it to expand a short form (`HNPCC`) to the long form its document defined
//! (`hereditary nonpolyposis colorectal cancer`) before looking a mention up in the knowledge base.
//!
//! # Patterns
//! - `long form (SF)`: `hereditary nonpolyposis colorectal cancer (HNPCC)`;
//! - `SF (long form)`: `HNPCC (hereditary nonpolyposis colorectal cancer)`, tried when the
//!   parenthesised text is not a short-form candidate or `long form (SF)` found nothing, and it is
//!   longer than the word before the parenthesis.
//!
//! # Rules
//! - Parentheses: every `(` is paired with its matching `)` (nesting counted) on the same line and
//!   within [`MAX_PAREN_CHARS`] characters; unclosed ones are ignored. Of the text inside, only the
//!   part before the first top-level `;` or `,` (or a nested ` (`) is used, so `(HNPCC; MIM 120435)`
//!   and `(HNPCC, also Lynch syndrome)` both give `HNPCC`.
//! - Short-form candidates: 1–10 characters, at most 2 words, starting with a letter or digit and
//!   containing a letter. Rejected: lowercase roman numerals and Latin shorthands (`(ii)`, `(i.e.`,
//!   `(e.g.`, `(vs`…), which are enumerations and asides, not abbreviations; a one-character short
//!   form must be an uppercase letter whose long form is the single word before the parenthesis
//!   (`adenine (A)`), since one lowercase letter is almost always an enumeration. In the
//!   `SF (long form)` direction the short form must also contain an uppercase letter, because an
//!   ordinary word followed by an explanatory remark is far more common than a lowercase
//!   abbreviation there.
//! - Long-form window (`long form (SF)`): at most `min(|SF| + 5, |SF| × 2)` words before the
//!   parenthesis (`|SF|` = letters and digits of the short form), never crossing a sentence end
//!   (`.`, `!`, `?` followed by white space), a line break, `;` or `:`.
//! - Matching: the letters and digits of the short form are matched case-insensitively from the
//!   last to the first, each one further left in the long form than the previous; the first one
//!   must start a word (start of the window or after a non-alphanumeric character, so hyphenated
//!   parts count: `5-fluorouracil (5-FU)`). The long form runs from the start of the white-space
//!   word holding that match to the end of the window. Greek letters are matched through their
//!   names on both sides (`TNF-α` ↔ `tumor necrosis factor alpha`, `TNF-alpha` ↔ `factor-α`).
//! - Extension, word initials (`long form (SF)`, short forms of 2–5 capital letters): when the
//!   initials of exactly `|SF|` words before the parenthesis are the short form's letters in order,
//!   that phrase is preferred if it starts before the right-to-left match, which otherwise stops
//!   at the first word holding the letter (`hereditary hemochromatosis (HH)`, not
//!   `hemochromatosis`); when they are the same letters out of order, the phrase is used only if
//!   the right-to-left match found nothing (`myotonic dystrophy (DM)`, from dystrophia myotonica).
//! - Rejected pairs: long form shorter than the short form; long form containing the short form as
//!   a word (`HNPCC syndrome (HNPCC)`) or being the short form plus at most two characters
//!   (`FPD (FPDc)`); a one-word long form without lowercase letters (another abbreviation:
//!   `The ATM (A-T, mutated)`); long form of more than `min(|SF| + 5, |SF| × 2)` words (white space
//!   and hyphens split words); unbalanced brackets in the long form (the window ran into an earlier
//!   parenthesis); long form starting with a function word (`and`, `the`, `of`, `with`…: the first
//!   letter was taken from it). A short form without capitals or digits (`aa`, `kb`, but also
//!   `(mean)`) needs a matched letter in every word of its long form. In the `SF (long form)`
//!   direction the long form must also start at the first word inside the parentheses, so a remark
//!   that merely contains a matching phrase is not taken for an expansion.
//!
//! Known misses (by design of the right-to-left match): letters matched inside a word although
//! another word supplies them (`inspiratory time (TI)` gives `time`); long forms that lack a letter
//! of the short form (`Bannayan-Zonana (BZS)`); one long form for several short forms
//! (`spinocerebellar ataxias 1 and 2 (SCA1, n = 11; SCA2, n = 10)` gives SCA1 the whole phrase).
//!
//! Offsets are character offsets (not bytes) into the text, as everywhere in kbner's corpus model.

use std::collections::HashMap;

/// Longest short form, in characters.
pub const MAX_SF_CHARS: usize = 10;
/// Most words in a short form.
pub const MAX_SF_WORDS: usize = 2;
/// Furthest a closing parenthesis is looked for after its opening one, in characters; keeps the
/// scan linear on text with many unclosed parentheses.
pub const MAX_PAREN_CHARS: usize = 400;

/// A short form and its long form found in a text; offsets are char offsets into the text (not
/// bytes), end-exclusive — kbner's corpus model uses character offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    /// The short form as written, e.g. `HNPCC`.
    pub short: String,
    /// The long form as written, e.g. `hereditary nonpolyposis colorectal cancer`.
    pub long: String,
    /// Char offset of the first character of the short form.
    pub short_start: usize,
    /// Char offset just past the short form.
    pub short_end: usize,
    /// Char offset of the first character of the long form.
    pub long_start: usize,
    /// Char offset just past the long form.
    pub long_end: usize,
}

/// Every definition in `text`, in text order (ordered by the parenthesis that introduces it).
pub fn find_abbreviations(text: &str) -> Vec<Abbreviation> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for open in 0..chars.len() {
        if chars[open] != '(' {
            continue;
        }
        let Some(close) = matching_close(&chars, open) else {
            continue;
        };
        if let Some(a) = definition_at(&chars, open, close) {
            out.push(a);
        }
    }
    out
}

/// Map short form → long form for one document (first definition wins; a short form defined twice
/// with different long forms keeps the first), used to expand later mentions of the short form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AbbreviationMap {
    /// (short, long) in order of first definition, so iteration is deterministic.
    pairs: Vec<(String, String)>,
    /// Short form → index into `pairs`.
    index: HashMap<String, usize>,
}

impl AbbreviationMap {
    /// The definitions found in `text` by [`find_abbreviations`].
    pub fn from_text(text: &str) -> Self {
        let mut map = Self::default();
        for a in find_abbreviations(text) {
            if !map.index.contains_key(&a.short) {
                map.index.insert(a.short.clone(), map.pairs.len());
                map.pairs.push((a.short, a.long));
            }
        }
        map
    }

    /// The long form for `mention` if it is exactly a defined short form (case-sensitive), or one
    /// followed by a plural `s` (`HNPCCs`).
    pub fn expand(&self, mention: &str) -> Option<&str> {
        if let Some(&i) = self.index.get(mention) {
            return Some(&self.pairs[i].1);
        }
        let singular = mention.strip_suffix('s')?;
        let &i = self.index.get(singular)?;
        Some(&self.pairs[i].1)
    }

    /// `mention` with every defined short form inside it (whole words, plural `s` allowed)
    /// replaced by its long form, repeatedly so that a long form using another short form is
    /// expanded too ("IDMS" → "isolated DMS" → "isolated diffuse mesangial sclerosis"); `None`
    /// when nothing was replaced.
    pub fn expand_all(&self, mention: &str) -> Option<String> {
        let mut text = mention.to_string();
        let mut changed = false;
        // Three rounds cover nested definitions; the bound stops a cycle (A → "B x", B → "A y").
        for _ in 0..3 {
            match self.replace_once(&text) {
                Some(next) => {
                    text = next;
                    changed = true;
                }
                None => break,
            }
        }
        changed.then_some(text)
    }

    /// One left-to-right pass of short-form replacement.
    fn replace_once(&self, text: &str) -> Option<String> {
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let mut out = String::with_capacity(text.len());
        let mut i = 0usize;
        let mut changed = false;
        'scan: while i < text.len() {
            let before = text[..i].chars().next_back();
            if boundary(before) {
                // Longest short form first, so "B-NHL" wins over "NHL".
                let mut best: Option<(usize, &str)> = None;
                for (short, long) in &self.pairs {
                    let rest = &text[i..];
                    if !rest.starts_with(short.as_str()) {
                        continue;
                    }
                    let mut end = i + short.len();
                    if text[end..].starts_with('s') && boundary(text[end + 1..].chars().next()) {
                        end += 1;
                    }
                    if boundary(text[end..].chars().next()) && best.is_none_or(|(e, _)| end > e) {
                        best = Some((end, long.as_str()));
                    }
                }
                if let Some((end, long)) = best {
                    out.push_str(long);
                    i = end;
                    changed = true;
                    continue 'scan;
                }
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
        changed.then_some(out)
    }

    /// Number of distinct short forms.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether no short form was defined.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// (short form, long form) pairs in order of definition.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.pairs.iter().map(|(s, l)| (s.as_str(), l.as_str()))
    }
}

/// Index of the `)` closing the `(` at `open`, counting nested parentheses; `None` when the line
/// ends or [`MAX_PAREN_CHARS`] pass first.
fn matching_close(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in chars
        .iter()
        .enumerate()
        .skip(open + 1)
        .take(MAX_PAREN_CHARS)
    {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            '\n' | '\r' => return None,
            _ => {}
        }
    }
    None
}

/// The definition introduced by the parenthesis `open..=close`, trying `long form (SF)` first.
fn definition_at(chars: &[char], open: usize, close: usize) -> Option<Abbreviation> {
    let (in_start, in_end) = inner_candidate(chars, open, close)?;
    let inner = &chars[in_start..in_end];
    if is_short_form_candidate(inner) {
        if let Some(a) = long_before(chars, open, in_start, in_end) {
            return Some(a);
        }
    }
    short_before(chars, open, in_start, in_end)
}

/// The useful part of the parenthesised text: before the first top-level `;`/`,` or nested ` (`,
/// trimmed of white space. `None` when empty.
fn inner_candidate(chars: &[char], open: usize, close: usize) -> Option<(usize, usize)> {
    let mut end = close;
    let mut depth = 0usize;
    for i in open + 1..close {
        match chars[i] {
            ';' | ',' if depth == 0 => {
                end = i;
                break;
            }
            '(' if depth == 0 && i > open + 1 && chars[i - 1].is_whitespace() => {
                end = i;
                break;
            }
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    trim_ws(chars, open + 1, end)
}

/// `start..end` without leading and trailing white space; `None` when nothing is left.
fn trim_ws(chars: &[char], mut start: usize, mut end: usize) -> Option<(usize, usize)> {
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    (start < end).then_some((start, end))
}

/// Latin shorthands that look like short forms inside parentheses but introduce asides; compared
/// with the short form as written less dots and spaces (`i. e.` → `ie`), case-sensitively so that
/// `CA` still passes.
const SHORTHANDS: &[&str] = &[
    "ie", "eg", "cf", "vs", "viz", "etc", "etal", "ca", "approx", "resp",
];

/// Lowercase roman numerals, used to number items: `(ii)`.
const ROMAN: &[&str] = &[
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
];

/// Whether `sf` may be a short form: 1–10 characters, at most 2 words, starting with a letter or
/// digit, holding a letter, not a roman numeral or Latin shorthand, and a single character only
/// when it is an uppercase letter.
fn is_short_form_candidate(sf: &[char]) -> bool {
    let Some(&first) = sf.first() else {
        return false;
    };
    if sf.len() > MAX_SF_CHARS || !first.is_alphanumeric() || !sf.iter().any(|c| c.is_alphabetic())
    {
        return false;
    }
    let words = sf
        .split(|c| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .count();
    if words > MAX_SF_WORDS {
        return false;
    }
    if sf.len() == 1 && !first.is_uppercase() {
        return false;
    }
    let s: String = sf.iter().collect();
    let bare: String = s
        .chars()
        .filter(|c| *c != '.' && !c.is_whitespace())
        .collect();
    if SHORTHANDS.contains(&bare.as_str()) || ROMAN.contains(&s.as_str()) {
        return false;
    }
    true
}

/// `long form (SF)`: the short form is `in_start..in_end`; the long form is searched in the words
/// before the `(` at `open`.
fn long_before(
    chars: &[char],
    open: usize,
    in_start: usize,
    in_end: usize,
) -> Option<Abbreviation> {
    let sf = &chars[in_start..in_end];
    let max_words = max_long_words(sf);
    let (win_start, win_end) = window_before(chars, open, max_words)?;
    let initials = word_initials(chars, sf, open).and_then(|(start, end, in_order)| {
        accept(chars, (in_start, in_end), (start, end), max_words).map(|a| (a, in_order))
    });
    let matched = schwartz_hearst(
        chars,
        sf,
        (in_start, in_end),
        (win_start, win_end),
        max_words,
    );
    match (matched, initials) {
        // Initials in order spanning more words: the right-to-left match stopped inside the long
        // form, as in `hereditary hemochromatosis (HH)` → `hemochromatosis`.
        (Some(m), Some((i, true))) if i.long_start < m.long_start => Some(i),
        (Some(m), _) => Some(m),
        // Initials out of order are only a fallback: `paternal uniparental disomy (UPD)` is
        // better read as `uniparental disomy`.
        (None, i) => i.map(|(a, _)| a),
    }
}

/// The Schwartz & Hearst match of the short form `chars[sf_span]` in the window `chars[win]`.
fn schwartz_hearst(
    chars: &[char],
    sf: &[char],
    sf_span: (usize, usize),
    (win_start, win_end): (usize, usize),
    max_words: usize,
) -> Option<Abbreviation> {
    let (matched, lf_end) = match_long_form(sf, chars, win_start, win_end)?;
    let lf_start = word_start(chars, *matched.first()?, win_start);
    if sf.len() == 1 && chars[lf_start..lf_end].iter().any(|c| c.is_whitespace()) {
        return None;
    }
    // A short form without capitals or digits is most often an ordinary word in parentheses
    // (`(mean)`, `(his)`), whose letters happen to be scattered over the words before it; a real
    // one (`amino acid (aa)`, `kilobases (kb)`) takes letters from every word of its long form.
    if !sf.iter().any(|c| c.is_uppercase() || c.is_numeric())
        && !every_word_matched(&matched, lf_start, lf_end, chars)
    {
        return None;
    }
    accept(chars, sf_span, (lf_start, lf_end), max_words)
}

/// Extension to Schwartz & Hearst: when the short form is 2–5 capital letters and the initials of
/// exactly that many words before the parenthesis are the same letters, those words are a long
/// form. Returns `(start, end, in_order)`. In order, it corrects the right-to-left match stopping
/// early (`hereditary hemochromatosis (HH)`); out of order, it finds short forms that follow
/// another language's word order (`myotonic dystrophy (DM)` for dystrophia myotonica, `tidal
/// volume (VT)`), which the right-to-left match cannot.
fn word_initials(chars: &[char], sf: &[char], open: usize) -> Option<(usize, usize, bool)> {
    let k = sf.len();
    if !(2..=5).contains(&k) || !sf.iter().all(|c| c.is_uppercase()) {
        return None;
    }
    let (start, end) = window_before(chars, open, k)?;
    let mut initials = Vec::with_capacity(k);
    let mut i = start;
    while i < end {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let first = chars[i..end].iter().find(|c| c.is_alphanumeric())?;
        initials.extend(first.to_uppercase());
        while i < end && !chars[i].is_whitespace() {
            i += 1;
        }
    }
    let in_order = initials == sf;
    let mut want = sf.to_vec();
    want.sort_unstable();
    initials.sort_unstable();
    let mut lf_start = start;
    while lf_start < end && is_opening_punct(chars[lf_start]) {
        lf_start += 1;
    }
    (initials == want).then_some((lf_start, end, in_order))
}

/// `SF (long form)`: the short form is the word just before the `(` at `open`; the long form is
/// `in_start..in_end` and must be matched from its first word.
fn short_before(
    chars: &[char],
    open: usize,
    in_start: usize,
    in_end: usize,
) -> Option<Abbreviation> {
    let mut sf_end = open;
    while sf_end > 0 && is_space(chars[sf_end - 1]) {
        sf_end -= 1;
    }
    let mut sf_start = sf_end;
    while sf_start > 0 && !chars[sf_start - 1].is_whitespace() {
        sf_start -= 1;
    }
    while sf_start < sf_end && is_opening_punct(chars[sf_start]) {
        sf_start += 1;
    }
    let sf = &chars[sf_start..sf_end];
    // Trailing punctuation (`word, (…)`) means the parenthesis is not attached to the word.
    if sf.len() < 2
        || !sf
            .last()
            .is_some_and(|c| c.is_alphanumeric() || *c == ')' || *c == '+')
        || !sf.iter().any(|c| c.is_uppercase())
        || !is_short_form_candidate(sf)
        || in_end - in_start <= sf.len()
    {
        return None;
    }
    let max_words = max_long_words(sf);
    let mut lf_start = in_start;
    while lf_start < in_end && is_opening_punct(chars[lf_start]) {
        lf_start += 1;
    }
    let (matched, lf_end) = match_long_form(sf, chars, lf_start, in_end)?;
    if word_start(chars, *matched.first()?, lf_start) != lf_start {
        return None;
    }
    accept(chars, (sf_start, sf_end), (lf_start, lf_end), max_words)
}

/// Space on the same line (a line break ends the sentence the short form would attach to).
fn is_space(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// Brackets and quotes that may open a long form or short form without belonging to it.
fn is_opening_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '\'' | '\u{201C}' | '\u{2018}' | '\u{00AB}'
    )
}

/// Punctuation trimmed from the end of a long form: `cancer, (HNPCC)`.
fn is_trailing_punct(c: char) -> bool {
    matches!(c, ',' | '"' | '\'' | '\u{201D}' | '\u{2019}' | '\u{00BB}')
}

/// Words that never start a long form; a match starting there took the first short-form letter
/// from a function word (`AMN (and its companion, …)`). `in` and `a` are absent on purpose:
/// `in situ hybridization (ISH)`, `A disintegrin and metalloproteinase (ADAM)`.
const LEADING_STOPWORDS: &[&str] = &[
    "and", "or", "but", "the", "of", "with", "for", "to", "as", "by", "from", "is", "are", "was",
    "were", "that", "which", "also", "see",
];

/// `min(|SF| + 5, |SF| × 2)` where `|SF|` counts the short form's letters and digits.
fn max_long_words(sf: &[char]) -> usize {
    let n = sf.iter().filter(|c| c.is_alphanumeric()).count();
    (n + 5).min(n * 2)
}

/// The last `max_words` white-space words before `open`, cut at a sentence end, a line break, `;`
/// or `:`; `(start, end)` with trailing white space and punctuation removed.
fn window_before(chars: &[char], open: usize, max_words: usize) -> Option<(usize, usize)> {
    let mut end = open;
    while end > 0 && is_space(chars[end - 1]) {
        end -= 1;
    }
    while end > 0 && is_trailing_punct(chars[end - 1]) {
        end -= 1;
    }
    let mut start = end;
    let mut words = 0;
    let mut i = end;
    'words: while words < max_words {
        while i > 0 && is_space(chars[i - 1]) {
            i -= 1;
        }
        if i == 0 || chars[i - 1] == '\n' || chars[i - 1] == '\r' {
            break;
        }
        let word_end = i;
        // A word ending a sentence belongs to the previous sentence (`cancer. Hereditary …`),
        // except directly before the parenthesis, where it cannot end a sentence.
        if word_end < end && matches!(chars[word_end - 1], '.' | '!' | '?') {
            break;
        }
        while i > 0 && !chars[i - 1].is_whitespace() {
            if matches!(chars[i - 1], ';' | ':') {
                if i < word_end {
                    start = i;
                }
                break 'words;
            }
            i -= 1;
        }
        start = i;
        words += 1;
    }
    (start < end).then_some((start, end))
}

/// Start of the white-space word holding char `pos`, not before `floor`.
fn word_start(chars: &[char], pos: usize, floor: usize) -> usize {
    let mut s = pos;
    while s > floor && !chars[s - 1].is_whitespace() {
        s -= 1;
    }
    while s < pos && is_opening_punct(chars[s]) {
        s += 1;
    }
    s
}

/// One character of matching text: lowercased, Greek letters spelled out.
struct Norm {
    /// The lowercased (or spelled-out) character.
    c: char,
    /// Index of the text character it came from.
    orig: usize,
    /// Whether it is the first character of a word (text start or after a non-alphanumeric).
    word_start: bool,
}

/// Name of a Greek letter, so `α`, `Α` and `alpha` match each other.
fn greek_name(c: char) -> Option<&'static str> {
    const NAMES: [&str; 25] = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "sigma", "tau", "upsilon",
        "phi", "chi", "psi", "omega",
    ];
    let i = match c {
        // U+03C2 (final sigma) sits between rho and sigma, hence sigma twice above.
        '\u{03B1}'..='\u{03C9}' => c as usize - 0x03B1,
        // Uppercase has no final sigma: U+03A2 is unassigned.
        '\u{0391}'..='\u{03A9}' if c != '\u{03A2}' => c as usize - 0x0391,
        // Micro sign, often typed for mu.
        '\u{00B5}' => 11,
        _ => return None,
    };
    NAMES.get(i).copied()
}

/// `chars[start..end]` as matching text.
fn normalize(chars: &[char], start: usize, end: usize) -> Vec<Norm> {
    let mut out = Vec::with_capacity(end.saturating_sub(start));
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        let at_word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        let mut first = true;
        let mut push = |lc: char| {
            out.push(Norm {
                c: lc,
                orig: i,
                word_start: at_word_start && first,
            });
            first = false;
        };
        match greek_name(c) {
            Some(name) => name.chars().for_each(&mut push),
            None => c.to_lowercase().for_each(&mut push),
        }
    }
    out
}

/// Schwartz & Hearst's right-to-left match of the short form's letters and digits inside
/// `chars[start..end]`; returns the text indices matched by the short-form characters, in text
/// order (never empty), and the end of the long form (`end` less trailing punctuation).
fn match_long_form(
    sf: &[char],
    chars: &[char],
    start: usize,
    end: usize,
) -> Option<(Vec<usize>, usize)> {
    let sf_norm: Vec<char> = normalize(sf, 0, sf.len())
        .into_iter()
        .map(|n| n.c)
        .filter(|c| c.is_alphanumeric())
        .collect();
    if sf_norm.is_empty() {
        return None;
    }
    let lf = normalize(chars, start, end);
    let mut l = lf.len();
    let mut matched = Vec::with_capacity(sf_norm.len());
    for (si, &sc) in sf_norm.iter().enumerate().rev() {
        loop {
            if l == 0 {
                return None;
            }
            l -= 1;
            let e = &lf[l];
            if e.c == sc && (si != 0 || e.word_start) {
                break;
            }
        }
        matched.push(lf[l].orig);
    }
    matched.reverse();
    let mut lf_end = end;
    while lf_end > start && is_trailing_punct(chars[lf_end - 1]) {
        lf_end -= 1;
    }
    Some((matched, lf_end))
}

/// Whether every white-space word of `chars[start..end]` holds a matched character.
fn every_word_matched(matched: &[usize], start: usize, end: usize, chars: &[char]) -> bool {
    let mut i = start;
    while i < end {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let word_start = i;
        while i < end && !chars[i].is_whitespace() {
            i += 1;
        }
        if !matched.iter().any(|&m| m >= word_start && m < i) {
            return false;
        }
    }
    true
}

/// Final checks on a pair and construction of the [`Abbreviation`].
fn accept(
    chars: &[char],
    (s_start, s_end): (usize, usize),
    (l_start, l_end): (usize, usize),
    max_words: usize,
) -> Option<Abbreviation> {
    if l_start >= l_end || s_start >= s_end {
        return None;
    }
    let sf = &chars[s_start..s_end];
    let lf = &chars[l_start..l_end];
    if lf.len() < sf.len() || !balanced(lf) || contains_short(lf, sf) {
        return None;
    }
    // Compared in lowercase unless capitals follow the first letter: `WAS protein (WASP)` is fine.
    let first_word: Vec<char> = lf
        .iter()
        .copied()
        .take_while(|c| !c.is_whitespace())
        .collect();
    if !first_word.iter().skip(1).any(|c| c.is_uppercase()) {
        let lower: String = first_word.iter().flat_map(|c| c.to_lowercase()).collect();
        if LEADING_STOPWORDS.contains(&lower.as_str()) {
            return None;
        }
    }
    // A single word without lowercase letters is another abbreviation, not an expansion:
    // `The ATM (A-T, mutated) gene` must not give A-T = ATM.
    if !lf.iter().any(|c| c.is_whitespace()) && !lf.iter().any(|c| c.is_lowercase()) {
        return None;
    }
    let lf_words = lf
        .split(|c| c.is_whitespace() || *c == '-')
        .filter(|w| !w.is_empty())
        .count();
    if lf_words > max_words {
        return None;
    }
    Some(Abbreviation {
        short: sf.iter().collect(),
        long: lf.iter().collect(),
        short_start: s_start,
        short_end: s_end,
        long_start: l_start,
        long_end: l_end,
    })
}

/// Whether every `(`/`[` in `s` is closed in order inside `s`.
fn balanced(s: &[char]) -> bool {
    let mut stack = Vec::new();
    for &c in s {
        match c {
            '(' | '[' => stack.push(c),
            ')' if stack.pop() != Some('(') => return false,
            ']' if stack.pop() != Some('[') => return false,
            _ => {}
        }
    }
    stack.is_empty()
}

/// Whether the long form `lf` restates the short form `sf` (case-sensitively) instead of expanding
/// it: `sf` occurs in it as a word (`HNPCC syndrome (HNPCC)`), or `lf` is one word made of `sf` plus
/// at most two characters (`FPD (FPDc)`). Longer continuations are kept: truncations such as
/// `apolipoprotein (apo)` or `Chromosome (Chr)` are real definitions.
fn contains_short(lf: &[char], sf: &[char]) -> bool {
    if sf.is_empty() || sf.len() > lf.len() {
        return false;
    }
    if lf.starts_with(sf) && lf.len() <= sf.len() + 2 && !lf.iter().any(|c| c.is_whitespace()) {
        return true;
    }
    (0..=lf.len() - sf.len()).any(|i| {
        lf[i..i + sf.len()] == *sf
            && (i == 0 || !lf[i - 1].is_alphanumeric())
            && lf.get(i + sf.len()).is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_inside_a_mention_expand_recursively() {
        let m = AbbreviationMap::from_text(
            "Denys-Drash syndrome (DDS), or diffuse mesangial sclerosis (DMS) occur. Of 24 \
             patients, 10 had isolated DMS (IDMS). A case of congenital myotonic dystrophy (DM).",
        );
        assert_eq!(
            m.expand_all("IDMS").as_deref(),
            Some("isolated diffuse mesangial sclerosis")
        );
        assert_eq!(
            m.expand_all("congenital DM").as_deref(),
            Some("congenital myotonic dystrophy")
        );
        assert_eq!(m.expand_all("DMs").as_deref(), Some("myotonic dystrophy"));
        // Not inside another word, and nothing to do gives None.
        assert_eq!(m.expand_all("DMPK gene"), None);
        assert_eq!(m.expand_all("xDM"), None);
    }

    fn pairs(text: &str) -> Vec<(String, String)> {
        find_abbreviations(text)
            .into_iter()
            .map(|a| (a.short, a.long))
            .collect()
    }

    fn pair(s: &str, l: &str) -> (String, String) {
        (s.to_string(), l.to_string())
    }

    /// Asserts that `text` defines one short form, `short`, as `long`.
    #[track_caller]
    fn defines(text: &str, short: &str, long: &str) {
        assert_eq!(pairs(text), [pair(short, long)], "{text:?}");
    }

    /// Asserts that `text` defines nothing.
    #[track_caller]
    fn defines_nothing(text: &str) {
        let found = pairs(text);
        assert!(found.is_empty(), "{text:?} gave {found:?}");
    }

    /// Asserts that the offsets of `a` point at its short and long forms in `chars`.
    #[track_caller]
    fn assert_offsets_match(chars: &[char], a: &Abbreviation) {
        assert!(a.short_start < a.short_end && a.short_end <= chars.len());
        assert!(a.long_start < a.long_end && a.long_end <= chars.len());
        let s: String = chars[a.short_start..a.short_end].iter().collect();
        let l: String = chars[a.long_start..a.long_end].iter().collect();
        assert_eq!(s, a.short);
        assert_eq!(l, a.long);
    }

    #[test]
    fn long_then_short() {
        defines(
            "Germline mutations cause hereditary nonpolyposis colorectal cancer (HNPCC).",
            "HNPCC",
            "hereditary nonpolyposis colorectal cancer",
        );
    }

    #[test]
    fn short_then_long() {
        defines(
            "Families with HNPCC (hereditary nonpolyposis colorectal cancer) were studied.",
            "HNPCC",
            "hereditary nonpolyposis colorectal cancer",
        );
    }

    #[test]
    fn greek_spelled_and_symbol() {
        defines(
            "Levels of tumor necrosis factor-alpha (TNF-alpha) rose.",
            "TNF-alpha",
            "tumor necrosis factor-alpha",
        );
        defines(
            "Levels of tumor necrosis factor alpha (TNF-α) rose.",
            "TNF-α",
            "tumor necrosis factor alpha",
        );
        defines(
            "Levels of tumour necrosis factor-α (TNF-alpha) rose.",
            "TNF-alpha",
            "tumour necrosis factor-α",
        );
        defines(
            "serum transforming growth factor-beta1 (TGF-β1) levels",
            "TGF-β1",
            "transforming growth factor-beta1",
        );
    }

    #[test]
    fn hyphenated_and_digits() {
        defines(
            "treated with 5-fluorouracil (5-FU) alone",
            "5-FU",
            "5-fluorouracil",
        );
        defines(
            "patients with ataxia-telangiectasia (A-T) show",
            "A-T",
            "ataxia-telangiectasia",
        );
        defines(
            "X-linked adrenoleukodystrophy (X-ALD) is",
            "X-ALD",
            "X-linked adrenoleukodystrophy",
        );
    }

    #[test]
    fn plural_and_nested_parentheses() {
        defines(
            "use of antiepileptic drugs (AEDs) in",
            "AEDs",
            "antiepileptic drugs",
        );
        defines(
            "deficiency of alpha(1)-antitrypsin (A1AT) in",
            "A1AT",
            "alpha(1)-antitrypsin",
        );
        defines(
            "(hereditary nonpolyposis colorectal cancer (HNPCC))",
            "HNPCC",
            "hereditary nonpolyposis colorectal cancer",
        );
    }

    #[test]
    fn semicolon_and_comma_inside() {
        defines("Wilson disease (WD; MIM 277900) is", "WD", "Wilson disease");
        defines(
            "Wilson disease (WD, also hepatolenticular degeneration) is",
            "WD",
            "Wilson disease",
        );
    }

    #[test]
    fn window_cut_at_sentence_and_colons() {
        // The W of WD would need a word before "disease" — not across these boundaries.
        defines("Winter came, disease (WD)", "WD", "Winter came, disease");
        defines_nothing("Winter came. Disease (WD) is");
        defines_nothing("Winter came: disease (WD)");
        defines_nothing("Winter came; disease (WD)");
        defines_nothing("Winter came\ndisease (WD)");
        // A decimal point is not a sentence end.
        defines("at 0.5 mg of cyclosporin A (CsA)", "CsA", "cyclosporin A");
    }

    #[test]
    fn permuted_initials_extension() {
        defines(
            "Segregation in myotonic dystrophy (DM) families",
            "DM",
            "myotonic dystrophy",
        );
        defines(
            "infertility and congenital myotonic dystrophy (CDM).",
            "CDM",
            "congenital myotonic dystrophy",
        );
        // In order, preferred over the right-to-left match, which stops inside the long form.
        defines(
            "in hereditary hemochromatosis (HH) patients",
            "HH",
            "hereditary hemochromatosis",
        );
        // Out of order, only a fallback: the right-to-left match wins where it finds anything,
        // wrongly for TI and TE (Schwartz & Hearst's own behaviour), rightly for UPD.
        assert_eq!(
            pairs(
                "ventilation (VE), tidal volume (VT), inspiratory time (TI), expiratory time (TE)"
            ),
            vec![
                pair("VE", "ventilation"),
                pair("VT", "tidal volume"),
                pair("TI", "time"),
                pair("TE", "time"),
            ]
        );
        defines(
            "with paternal uniparental disomy (UPD) of",
            "UPD",
            "uniparental disomy",
        );
        // Not across a sentence end, and only for capital letters.
        defines_nothing("Myotonic. Dystrophy (DM) is");
        defines_nothing("a myotonic dystrophy (dm)");
    }

    #[test]
    fn window_size_limit() {
        // |SF| = 2 allows 4 words: "Wilson" is 5 words back.
        defines_nothing("Wilson and other very rare disease (WD)");
        defines("Wilson rare disease (WD)", "WD", "Wilson rare disease");
    }

    #[test]
    fn offsets_are_chars() {
        let text = "Étude: α-melanocyte stimulating hormone (α-MSH) was measured.";
        let a = &find_abbreviations(text)[0];
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(a.short, "α-MSH");
        assert_eq!(a.long, "α-melanocyte stimulating hormone");
        assert_offsets_match(&chars, a);
        assert_eq!(a.long_start, 7);
    }

    #[test]
    fn rejects() {
        // Long form contains the short form.
        defines_nothing("the HNPCC syndrome (HNPCC) is");
        // Enumerations, shorthands, numbers, lowercase single letters.
        defines_nothing("is involved in (ii) the repair");
        defines_nothing("an inherited disease (i.e., rare)");
        defines_nothing("as shown (a) and (b)");
        defines_nothing("in 2003 (2003)");
        defines_nothing("patients (n = 12) had");
        // First SF char must start a word.
        defines_nothing("the cDNA sequence (DS) was");
        // Too long / too many words.
        defines_nothing("some words here (ABCDEFGHIJK)");
        defines_nothing("alpha beta gamma (A B G)");
        // Unclosed.
        defines_nothing("Wilson disease (WD");
        // SF (LF) needs an uppercase letter and the match from the first word.
        defines_nothing("mutations (missense and nonsense mutations)");
        defines_nothing("CT (after contrast computed tomography)");
    }

    #[test]
    fn rejects_restatements_and_stray_letters() {
        // Another abbreviation, the short form with a suffix, a function word first.
        defines_nothing("The ATM (A-T, mutated) gene");
        defines_nothing("prolonged corrected FPD (FPDc), whereas");
        defines_nothing("that (1) AMN (and its companion, adrenoleukodystrophy) are");
        // Lowercase short forms need a letter from every long-form word.
        defines_nothing("minutes compared with baseline (mean)");
        defines("of 20 amino acid (aa) residues", "aa", "amino acid");
        defines("a 14-kilobase (kb) fragment", "kb", "14-kilobase");
        // Truncations are real definitions.
        defines(
            "plasma apolipoprotein (apo) levels",
            "apo",
            "apolipoprotein",
        );
        defines("the WAS protein (WASP) is", "WASP", "WAS protein");
    }

    #[test]
    fn single_uppercase_letter() {
        defines("adenine (A) and", "A", "adenine");
        defines_nothing("and group (A)");
    }

    #[test]
    fn several_in_order() {
        let text =
            "Wilson disease (WD) and copper toxicosis (CT) differ; CT (copper toxicosis) again.";
        assert_eq!(
            pairs(text),
            vec![
                pair("WD", "Wilson disease"),
                pair("CT", "copper toxicosis"),
                pair("CT", "copper toxicosis"),
            ]
        );
    }

    #[test]
    fn map_first_wins_and_plural() {
        let text = "copper toxicosis (CT) and later computed tomography (CT); Wilson disease (WD).";
        let m = AbbreviationMap::from_text(text);
        assert_eq!(m.len(), 2);
        assert!(!m.is_empty());
        assert_eq!(m.expand("CT"), Some("copper toxicosis"));
        assert_eq!(m.expand("CTs"), Some("copper toxicosis"));
        assert_eq!(m.expand("ct"), None);
        assert_eq!(m.expand("WD"), Some("Wilson disease"));
        assert_eq!(m.expand("XX"), None);
        assert_eq!(m.expand("s"), None);
        assert_eq!(m.expand(""), None);
        let all: Vec<_> = m.iter().collect();
        assert_eq!(
            all,
            vec![("CT", "copper toxicosis"), ("WD", "Wilson disease")]
        );
        assert!(AbbreviationMap::from_text("").is_empty());
    }

    /// Small xorshift generator: the module stays std-only.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn fuzz_no_panic_and_offsets_consistent() {
        const ALPHABET: &[char] = &[
            'a', 'b', 'C', 'D', 'e', 'S', '1', '9', ' ', ' ', ' ', '(', '(', ')', ')', '[', ']',
            ';', ',', ':', '.', '-', '\n', '\t', 'α', 'Β', 'ς', 'µ', 'İ', 'ß', 'é', '中', '😀',
            '\u{0301}', '\u{200B}', '"', '\'', '+', '\u{00A0}',
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..4000 {
            let len = (rng.next() % 120) as usize;
            let text: String = (0..len)
                .map(|_| {
                    if round % 3 == 0 {
                        // Arbitrary scalar values, surrogates skipped by from_u32.
                        char::from_u32((rng.next() % 0x11_0000) as u32).unwrap_or('(')
                    } else {
                        ALPHABET[(rng.next() % ALPHABET.len() as u64) as usize]
                    }
                })
                .collect();
            let chars: Vec<char> = text.chars().collect();
            for a in find_abbreviations(&text) {
                assert_offsets_match(&chars, &a);
            }
            let m = AbbreviationMap::from_text(&text);
            for (s, _) in m.iter() {
                assert!(m.expand(s).is_some());
            }
        }
        // Pathological shapes: deep nesting, many unclosed parentheses, a long text.
        let deep = "(".repeat(5000) + &")".repeat(5000);
        let _ = find_abbreviations(&deep);
        let open = "word (".repeat(20_000);
        let _ = find_abbreviations(&open);
        let long = "hereditary nonpolyposis colorectal cancer (HNPCC) ".repeat(2000);
        assert_eq!(find_abbreviations(&long).len(), 2000);
    }
}
