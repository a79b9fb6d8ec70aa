//! Candidate features, after AutoPhrase: frequency, concordance (how much more often the words
//! occur together than apart), completeness (against the sub- and super-phrases), stop words, and
//! the punctuation and case around each occurrence. Single words get their own set.
//!
//! Beyond AutoPhrase, optional **name rates** carry the distant labels over to similar candidates:
//! how often candidates with the same head word (`… syndrome`), modifier, or word ending
//! (`…itis`, `…emia`) are knowledge-base names, each candidate's own label left out (leave-one-out
//! target encoding). They make quality follow the knowledge base's kind of names.
//!
//! Each feature has a prior weight (on standardized values), used when the knowledge base labels
//! too few candidates to train on (the name rates then carry no information and weigh 0).

use crate::candidates::{Candidates, Stream, NONE};
use crate::words::flag;

/// Multi-word features: name and prior weight.
pub(crate) const MULTI: &[(&str, f64)] = &[
    ("log_freq", 0.5),
    ("pmi", 1.0),
    ("occur", 1.0),
    ("pmi_x_log_freq", 0.5),
    ("complete_sub", 0.5),
    ("complete_super", -1.0),
    ("quote", 0.0),
    ("dash", 0.0),
    ("paren", 0.2),
    ("capitalized", 0.2),
    ("acronym", 0.2),
    ("stop_first", -2.0),
    ("stop_last", -2.0),
    ("stop_ratio", -2.0),
    ("avg_idf", 0.5),
    ("left_edge", 0.3),
    ("right_edge", 0.3),
    ("words", -1.0),
];

/// Name rates of multi-word candidates: names among the other candidates with the same last
/// word, the same first word, the same ending of the last word.
pub(crate) const MULTI_RATES: &[(&str, f64)] = &[
    ("head_rate", 0.0),
    ("modifier_rate", 0.0),
    ("head_suffix_rate", 0.0),
];

/// Single-word features: name and prior weight.
pub(crate) const SINGLE: &[(&str, f64)] = &[
    ("log_freq", 0.0),
    ("idf", 1.0),
    ("stop", -3.0),
    ("digits", -2.0),
    ("capitalized", 0.3),
    ("acronym", 0.5),
    ("paren", 0.3),
    ("quote", 0.0),
    ("complete_super", -0.5),
    ("log_chars", 0.5),
    ("left_edge", 0.0),
    ("right_edge", 0.0),
];

/// Name rates of single words: names among the other words with the same last three and four
/// characters, and among the multi-word candidates the word ends.
pub(crate) const SINGLE_RATES: &[(&str, f64)] = &[
    ("suffix3_rate", 0.0),
    ("suffix4_rate", 0.0),
    ("as_head_rate", 0.0),
];

/// Features of the second round, from the rectified frequency (occurrences as a segment of the
/// first round's segmentation): name and prior weight.
pub(crate) const RECTIFIED: &[(&str, f64)] = &[("rect_ratio", 1.5), ("log_rect", 0.5)];

/// Per-candidate counts over its occurrences.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Occurrences {
    /// Between quotation marks.
    quote: u32,
    /// Between brackets.
    paren: u32,
    /// With a hyphen or slash inside.
    dash: u32,
    /// Every word capitalized.
    capitalized: u32,
    /// Some word an acronym.
    acronym: u32,
    /// At the start of a chunk (after punctuation or at a sentence start).
    left_edge: u32,
    /// At the end of a chunk.
    right_edge: u32,
    /// Beginning or ending with a stop word written in lower case (`of the`, `patients with`;
    /// not `hepatitis A`).
    stop_edge: u32,
}

impl Occurrences {
    /// Whether the candidate (of `freq` occurrences) can never be a phrase: a single stop word or
    /// number, or mostly written with a lower-case stop word at an edge.
    pub(crate) fn blocked(&self, freq: u32, single_stop_or_number: bool) -> bool {
        single_stop_or_number || 2 * self.stop_edge > freq
    }
}

/// Counts, for every candidate, the contexts of its occurrences.
pub(crate) fn occurrences(stream: &Stream, cands: &Candidates, max_len: usize) -> Vec<Occurrences> {
    let toks = &stream.tokens;
    let fl = &stream.flags;
    let mut out = vec![Occurrences::default(); cands.entries.len()];
    let mut ids = Vec::with_capacity(max_len);
    for i in 1..toks.len() {
        if toks[i] == NONE {
            continue;
        }
        cands.starting_at(toks, i, max_len, &mut ids);
        let (mut capitalized, mut acronym, mut dash) = (true, false, false);
        for (k, &id) in ids.iter().enumerate() {
            let f = fl[i + k];
            capitalized &= f & (flag::CAP | flag::ALL_CAPS) != 0;
            acronym |= f & flag::ALL_CAPS != 0;
            dash |= k > 0 && f & flag::JOINED != 0;
            let o = &mut out[id as usize];
            o.quote += u32::from(fl[i] & flag::QUOTE_BEFORE != 0 && f & flag::QUOTE_AFTER != 0);
            o.paren += u32::from(fl[i] & flag::PAREN_BEFORE != 0 && f & flag::PAREN_AFTER != 0);
            o.dash += u32::from(dash);
            o.capitalized += u32::from(capitalized);
            o.acronym += u32::from(acronym);
            o.left_edge += u32::from(toks[i - 1] == NONE);
            o.right_edge += u32::from(toks[i + k + 1] == NONE);
            let lower_stop = |f: u16| f & flag::STOP != 0 && f & flag::LOWER != 0;
            o.stop_edge += u32::from(k > 0 && (lower_stop(fl[i]) || lower_stop(f)));
        }
    }
    out
}

/// A feature matrix: one row per candidate of `ids`.
pub(crate) struct FeatureSet {
    pub names: Vec<&'static str>,
    pub priors: Vec<f64>,
    pub ids: Vec<u32>,
    pub rows: Vec<Vec<f64>>,
}

impl FeatureSet {
    fn new(tables: &[&[(&'static str, f64)]]) -> Self {
        let (names, priors) = tables.iter().flat_map(|t| t.iter().copied()).unzip();
        FeatureSet {
            names,
            priors,
            ids: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Appends one value to each row.
    fn push_column(&mut self, values: impl IntoIterator<Item = f64>) {
        for (r, v) in self.rows.iter_mut().zip(values) {
            r.push(v);
        }
    }
}

/// What the feature functions read.
pub(crate) struct Inputs<'a> {
    pub stream: &'a Stream,
    pub cands: &'a Candidates,
    pub occ: &'a [Occurrences],
    /// Occurrences as a segment in the previous round, if any.
    pub rectified: Option<&'a [u32]>,
    /// Candidate id → knowledge-base name; `None` leaves the name rates out.
    pub labels: Option<&'a [bool]>,
}

impl Inputs<'_> {
    fn tables(
        &self,
        base: &'static [(&'static str, f64)],
        rates: &'static [(&'static str, f64)],
    ) -> Vec<&'static [(&'static str, f64)]> {
        let mut t = vec![base];
        if self.labels.is_some() {
            t.push(rates);
        }
        if self.rectified.is_some() {
            t.push(RECTIFIED);
        }
        t
    }

    fn idf(&self, word: u32) -> f64 {
        let df = self.stream.df[word as usize].max(1) as f64;
        (self.stream.sentences.max(1) as f64 / df).ln()
    }

    /// The rectified-frequency columns, when there is a rectified frequency.
    fn push_rectified(&self, set: &mut FeatureSet) {
        if let Some(r) = self.rectified {
            let entries = &self.cands.entries;
            let rect = |i: &u32| f64::from(r[*i as usize]);
            let ratio: Vec<f64> = set
                .ids
                .iter()
                .map(|i| rect(i) / f64::from(entries[*i as usize].freq))
                .collect();
            let log: Vec<f64> = set.ids.iter().map(|i| (1.0 + rect(i)).ln()).collect();
            set.push_column(ratio);
            set.push_column(log);
        }
    }

    /// Largest frequency of a one-word-longer candidate containing each candidate.
    fn super_freq(&self) -> Vec<u32> {
        let mut sup = vec![0u32; self.cands.entries.len()];
        for e in &self.cands.entries {
            for p in [e.prefix, e.suffix] {
                if p != NONE {
                    sup[p as usize] = sup[p as usize].max(e.freq);
                }
            }
        }
        sup
    }
}

/// Prior strength (in candidates) of the overall share in a smoothed name rate.
const RATE_PRIOR: f64 = 2.0;

/// Positives and total of a group.
type Tally = (f64, f64);

/// ln of the smoothed share of names in a group of `tally` over the overall share `base`.
fn rate((pos, n): Tally, base: f64) -> f64 {
    ((pos + RATE_PRIOR * base) / (n + RATE_PRIOR) / base).ln()
}

/// For each candidate `i` of group `groups[i]` and label `labels[i]`: [`rate`] among the *other*
/// candidates of its group (leave-one-out, so a candidate's own label never scores it).
fn name_rates<K: std::hash::Hash + Eq>(groups: &[K], labels: &[bool]) -> Vec<f64> {
    let mut counts: std::collections::HashMap<&K, Tally> = Default::default();
    for (g, &y) in groups.iter().zip(labels) {
        let c = counts.entry(g).or_default();
        c.0 += f64::from(u8::from(y));
        c.1 += 1.0;
    }
    let pos = labels.iter().filter(|&&y| y).count() as f64;
    let base = (pos + 1.0) / (labels.len() as f64 + 2.0);
    groups
        .iter()
        .zip(labels)
        .map(|(g, &y)| {
            let (p, n) = counts[g];
            let y = f64::from(u8::from(y));
            rate((p - y, n - 1.0), base)
        })
        .collect()
}

/// The last `n` characters of `key` (all of it when shorter).
fn suffix(key: &str, n: usize) -> &str {
    match key.char_indices().rev().nth(n - 1) {
        Some((b, _)) => &key[b..],
        None => key,
    }
}

/// Features of every candidate of two words or more.
pub(crate) fn multi_word(inp: &Inputs) -> FeatureSet {
    let mut set = FeatureSet::new(&inp.tables(MULTI, MULTI_RATES));
    let entries = &inp.cands.entries;
    let total = inp.stream.word_count().max(1) as f64;
    let sup = inp.super_freq();
    for (id, e) in entries.iter().enumerate() {
        if e.len < 2 {
            continue;
        }
        let id = id as u32;
        let n = e.len as usize;
        let f = f64::from(e.freq);
        // Concordance at the split whose parts are likeliest together (the weakest bond).
        let (mut fa, mut fb) = (0.0, 0.0);
        for s in 1..n {
            let (mut a, mut b) = (id, id);
            for _ in 0..n - s {
                a = entries[a as usize].prefix;
            }
            for _ in 0..s {
                b = entries[b as usize].suffix;
            }
            let (x, y) = (
                f64::from(entries[a as usize].freq),
                f64::from(entries[b as usize].freq),
            );
            if x * y > fa * fb {
                (fa, fb) = (x, y);
            }
        }
        let pmi = (f * total / (fa * fb)).ln();
        let sub = f64::from(
            entries[e.prefix as usize]
                .freq
                .max(entries[e.suffix as usize].freq),
        );
        let words = inp.cands.words(id);
        let is_stop = |w: u32| {
            let k = &inp.stream.keys[w as usize];
            crate::stopwords::is_stopword(k) || k.chars().all(char::is_numeric)
        };
        let stops = words.iter().filter(|&&w| is_stop(w)).count() as f64;
        let idf = words.iter().map(|&w| inp.idf(w)).sum::<f64>() / n as f64;
        let o = &inp.occ[id as usize];
        let share = |c: u32| f64::from(c) / f;
        set.ids.push(id);
        set.rows.push(vec![
            f.ln(),
            pmi,
            f / (fa * fb).sqrt(),
            pmi * (1.0 + f).ln(),
            f / sub,
            f64::from(sup[id as usize]) / f,
            share(o.quote),
            share(o.dash),
            share(o.paren),
            share(o.capitalized),
            share(o.acronym),
            f64::from(u8::from(is_stop(words[0]))),
            f64::from(u8::from(is_stop(words[n - 1]))),
            stops / n as f64,
            idf,
            share(o.left_edge),
            share(o.right_edge),
            n as f64,
        ]);
    }
    if let Some(all_labels) = inp.labels {
        let labels: Vec<bool> = set.ids.iter().map(|&i| all_labels[i as usize]).collect();
        let words: Vec<Vec<u32>> = set.ids.iter().map(|&i| inp.cands.words(i)).collect();
        let heads: Vec<u32> = words.iter().map(|w| w[w.len() - 1]).collect();
        let modifiers: Vec<u32> = words.iter().map(|w| w[0]).collect();
        let endings: Vec<&str> = heads
            .iter()
            .map(|&w| suffix(&inp.stream.keys[w as usize], 4))
            .collect();
        set.push_column(name_rates(&heads, &labels));
        set.push_column(name_rates(&modifiers, &labels));
        set.push_column(name_rates(&endings, &labels));
    }
    inp.push_rectified(&mut set);
    set
}

/// Features of every single-word candidate.
pub(crate) fn single_word(inp: &Inputs) -> FeatureSet {
    let mut set = FeatureSet::new(&inp.tables(SINGLE, SINGLE_RATES));
    let sup = inp.super_freq();
    for (id, e) in inp.cands.entries.iter().enumerate() {
        if e.len != 1 {
            continue;
        }
        let id = id as u32;
        let f = f64::from(e.freq);
        let key = &inp.stream.keys[e.last as usize];
        let o = &inp.occ[id as usize];
        let share = |c: u32| f64::from(c) / f;
        set.ids.push(id);
        set.rows.push(vec![
            f.ln(),
            inp.idf(e.last),
            f64::from(u8::from(crate::stopwords::is_stopword(key))),
            f64::from(u8::from(key.chars().all(char::is_numeric))),
            share(o.capitalized),
            share(o.acronym),
            share(o.paren),
            share(o.quote),
            f64::from(sup[id as usize]) / f,
            (key.chars().count() as f64).ln(),
            share(o.left_edge),
            share(o.right_edge),
        ]);
    }
    if let Some(all_labels) = inp.labels {
        let labels: Vec<bool> = set.ids.iter().map(|&i| all_labels[i as usize]).collect();
        let keys: Vec<&str> = set
            .ids
            .iter()
            .map(|&i| inp.stream.keys[inp.cands.entries[i as usize].last as usize].as_str())
            .collect();
        let s3: Vec<&str> = keys.iter().map(|k| suffix(k, 3)).collect();
        let s4: Vec<&str> = keys.iter().map(|k| suffix(k, 4)).collect();
        set.push_column(name_rates(&s3, &labels));
        set.push_column(name_rates(&s4, &labels));
        // Names among the multi-word candidates the word ends (`cancer`, `syndrome`).
        let mut as_head: std::collections::HashMap<u32, Tally> = Default::default();
        let (mut pos, mut all) = (0.0, 0.0);
        for (i, e) in inp.cands.entries.iter().enumerate() {
            if e.len > 1 {
                let y = f64::from(u8::from(all_labels[i]));
                let c = as_head.entry(e.last).or_default();
                c.0 += y;
                c.1 += 1.0;
                pos += y;
                all += 1.0;
            }
        }
        let base = (pos + 1.0) / (all + 2.0);
        let column: Vec<f64> = set
            .ids
            .iter()
            .map(|&i| {
                let last = inp.cands.entries[i as usize].last;
                rate(as_head.get(&last).copied().unwrap_or_default(), base)
            })
            .collect();
        set.push_column(column);
    }
    inp.push_rectified(&mut set);
    set
}
