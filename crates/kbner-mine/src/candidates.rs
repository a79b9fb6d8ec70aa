//! Frequent n-gram candidates, counted level by level as AutoPhrase does: an n-gram is counted only
//! where its (n−1)-word prefix and suffix are frequent, so memory follows the frequent n-grams,
//! not all of them.
//!
//! The corpus is held as one stream of word ids with a separator before every chunk (a stretch of
//! words no phrase may cross), and one flag byte pair per word. A candidate of n ≥ 2 words is
//! stored as (its prefix's candidate id, its last word): one hash-map entry of two integers.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::MineError;
use crate::words::{push_key, Word};

/// No word / no candidate (also the chunk separator in the stream).
pub(crate) const NONE: u32 = u32::MAX;

/// A fast hasher for integer keys (the Fx hash of rustc): the maps here hold millions of them.
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// `HashMap` keyed by integers, with [`IntHasher`].
pub(crate) type IntMap<K, V> = HashMap<K, V, BuildHasherDefault<IntHasher>>;

/// The corpus as word ids.
#[derive(Default)]
pub(crate) struct Stream {
    /// Word ids; [`NONE`] before every chunk and at the end.
    pub tokens: Vec<u32>,
    /// Each position's word flags (`words::flag`); 0 at separators.
    pub flags: Vec<u16>,
    /// Word id → key.
    pub keys: Vec<String>,
    /// Word id → whether it is a CJK character.
    pub cjk: Vec<bool>,
    /// Word id → number of sentences holding it.
    pub df: Vec<u32>,
    /// Sentences added.
    pub sentences: u64,
    ids: HashMap<String, u32>,
    last_sentence: Vec<u64>,
}

impl Stream {
    /// Appends one sentence's chunks.
    pub fn push_sentence(&mut self, chunks: &[Vec<Word>]) {
        self.sentences += 1;
        for chunk in chunks {
            self.tokens.push(NONE);
            self.flags.push(0);
            for w in chunk {
                let id = match self.ids.get(&w.key) {
                    Some(&id) => id,
                    None => {
                        let id = self.keys.len() as u32;
                        self.ids.insert(w.key.clone(), id);
                        self.keys.push(w.key.clone());
                        self.cjk.push(w.cjk);
                        self.df.push(0);
                        self.last_sentence.push(0);
                        id
                    }
                };
                let i = id as usize;
                if self.last_sentence[i] != self.sentences {
                    self.last_sentence[i] = self.sentences;
                    self.df[i] += 1;
                }
                self.tokens.push(id);
                self.flags.push(w.flags);
            }
        }
    }

    /// Ends the stream with a separator.
    pub fn finish(&mut self) {
        self.tokens.push(NONE);
        self.flags.push(0);
        self.ids = HashMap::new();
        self.last_sentence = Vec::new();
    }

    /// Number of words (separators not counted).
    pub fn word_count(&self) -> u64 {
        self.tokens.iter().filter(|&&t| t != NONE).count() as u64
    }
}

/// One candidate phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Candidate id of the first `len - 1` words ([`NONE`] for a single word).
    pub prefix: u32,
    /// Candidate id of the last `len - 1` words ([`NONE`] for a single word).
    pub suffix: u32,
    /// Last word id.
    pub last: u32,
    /// Number of words.
    pub len: u8,
    /// Occurrences in the corpus.
    pub freq: u32,
}

/// The frequent n-grams of a stream.
pub(crate) struct Candidates {
    pub entries: Vec<Entry>,
    /// Word id → candidate id ([`NONE`] when the word is rare).
    unigram: Vec<u32>,
    /// (prefix candidate id, last word id) → candidate id.
    ext: IntMap<u64, u32>,
}

fn pair(prefix: u32, word: u32) -> u64 {
    (u64::from(prefix) << 32) | u64::from(word)
}

impl Candidates {
    /// Counts the n-grams of up to `max_len` words occurring at least `min_support` times.
    pub fn count(
        stream: &Stream,
        min_support: u32,
        max_len: usize,
        cancel: &AtomicBool,
    ) -> Result<Self, MineError> {
        let toks = &stream.tokens;
        let mut counts = vec![0u32; stream.keys.len()];
        for &t in toks.iter().filter(|&&t| t != NONE) {
            counts[t as usize] += 1;
        }
        let mut entries = Vec::new();
        let mut unigram = vec![NONE; counts.len()];
        for (w, &f) in counts.iter().enumerate() {
            if f >= min_support {
                unigram[w] = entries.len() as u32;
                entries.push(Entry {
                    prefix: NONE,
                    suffix: NONE,
                    last: w as u32,
                    len: 1,
                    freq: f,
                });
            }
        }
        // cur[i]: candidate id of the n-gram starting at i (NONE when not frequent).
        let mut cur: Vec<u32> = toks
            .iter()
            .map(|&t| if t == NONE { NONE } else { unigram[t as usize] })
            .collect();
        let mut next = vec![NONE; toks.len()];
        let mut ext: IntMap<u64, u32> = IntMap::default();
        for n in 2..=max_len {
            if cancel.load(Ordering::Relaxed) {
                return Err(MineError::Cancelled);
            }
            // Slots in order of first occurrence, so ids do not depend on hashing.
            let mut slot_of: IntMap<u64, u32> = IntMap::default();
            let mut slots: Vec<(u64, u32, u32)> = Vec::new(); // (key, count, suffix id)
            for i in 0..toks.len().saturating_sub(n) {
                next[i] = NONE;
                let (a, b) = (cur[i], cur[i + 1]);
                if a == NONE || b == NONE {
                    continue;
                }
                let key = pair(a, toks[i + n - 1]);
                let s = *slot_of.entry(key).or_insert_with(|| {
                    slots.push((key, 0, b));
                    (slots.len() - 1) as u32
                });
                slots[s as usize].1 += 1;
                next[i] = s;
            }
            for v in next.iter_mut().skip(toks.len().saturating_sub(n)) {
                *v = NONE;
            }
            let mut id_of_slot = vec![NONE; slots.len()];
            for (s, &(key, count, suffix)) in slots.iter().enumerate() {
                if count >= min_support {
                    let id = entries.len() as u32;
                    id_of_slot[s] = id;
                    ext.insert(key, id);
                    entries.push(Entry {
                        prefix: (key >> 32) as u32,
                        suffix,
                        last: key as u32,
                        len: n as u8,
                        freq: count,
                    });
                }
            }
            let mut any = false;
            for v in next.iter_mut() {
                if *v != NONE {
                    *v = id_of_slot[*v as usize];
                    any |= *v != NONE;
                }
            }
            std::mem::swap(&mut cur, &mut next);
            if !any {
                break;
            }
        }
        Ok(Candidates {
            entries,
            unigram,
            ext,
        })
    }

    /// The candidate of the single word `word`, or [`NONE`].
    pub fn unigram(&self, word: u32) -> u32 {
        self.unigram.get(word as usize).copied().unwrap_or(NONE)
    }

    /// The candidate `id` followed by `word`, or [`NONE`].
    pub fn extend(&self, id: u32, word: u32) -> u32 {
        if id == NONE || word == NONE {
            return NONE;
        }
        self.ext.get(&pair(id, word)).copied().unwrap_or(NONE)
    }

    /// Candidate ids of the n-grams starting at `tokens[i]`, shortest first, as far as they go
    /// (at most `max_len`).
    pub fn starting_at(&self, tokens: &[u32], i: usize, max_len: usize, out: &mut Vec<u32>) {
        out.clear();
        let mut id = self.unigram(tokens[i]);
        let mut j = i + 1;
        while id != NONE {
            out.push(id);
            if out.len() == max_len || j >= tokens.len() {
                break;
            }
            id = self.extend(id, tokens[j]);
            j += 1;
        }
    }

    /// The word ids of candidate `id`, in order.
    pub fn words(&self, id: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut cur = id;
        while cur != NONE {
            let e = &self.entries[cur as usize];
            out.push(e.last);
            cur = e.prefix;
        }
        out.reverse();
        out
    }

    /// The key (normalized phrase) of candidate `id`.
    pub fn key(&self, id: u32, stream: &Stream) -> String {
        let mut key = String::new();
        let mut prev_cjk = false;
        for w in self.words(id) {
            let cjk = stream.cjk[w as usize];
            push_key(&mut key, prev_cjk, &stream.keys[w as usize], cjk);
            prev_cjk = cjk;
        }
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::chunks;

    fn stream(sentences: &[&str]) -> Stream {
        let mut s = Stream::default();
        for t in sentences {
            s.push_sentence(&chunks(t, 0, true));
        }
        s.finish();
        s
    }

    #[test]
    fn counts_frequent_ngrams_only_inside_chunks() {
        let s = stream(&[
            "cystic fibrosis patients, cystic fibrosis",
            "cystic fibrosis patients",
            "fibrosis, patients",
        ]);
        let c = Candidates::count(&s, 2, 6, &AtomicBool::new(false)).unwrap();
        let found: Vec<(String, u32)> = (0..c.entries.len() as u32)
            .map(|i| (c.key(i, &s), c.entries[i as usize].freq))
            .collect();
        assert_eq!(
            found,
            [
                ("cystic".to_string(), 3),
                ("fibrosis".to_string(), 4),
                ("patients".to_string(), 3),
                ("cystic fibrosis".to_string(), 3),
                ("fibrosis patients".to_string(), 2),
                ("cystic fibrosis patients".to_string(), 2),
            ]
        );
        // "fibrosis patients" across the comma is not counted: 2, not 3.
        let cf = c.extend(c.unigram(0), 1);
        assert_eq!(c.entries[cf as usize].freq, 3);
        let cfp = c.entries.len() as u32 - 1;
        assert_eq!(c.entries[cfp as usize].prefix, cf);
        assert_eq!(
            c.key(c.entries[cfp as usize].suffix, &s),
            "fibrosis patients"
        );
    }
}
