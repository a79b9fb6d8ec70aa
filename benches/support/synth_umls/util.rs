//! Random numbers, hashing, identifiers, output, and small string helpers.

use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, BufWriter, Write};
use std::path::Path;

#[inline]
pub(super) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64.
#[derive(Clone)]
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(mix64(seed ^ 0x6A09_E667_F3BC_C908))
    }
    #[inline]
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }
    /// Uniform in 0..n (n > 0).
    #[inline]
    pub(super) fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    #[inline]
    pub(super) fn f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }
    #[inline]
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    #[inline]
    pub(super) fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// Inclusive range.
    #[inline]
    pub(super) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// Geometric-like count with the given mean (≥ 0).
    #[inline]
    pub(super) fn expo(&mut self, mean: f64) -> usize {
        if mean <= 0.0 {
            return 0;
        }
        (-(1.0 - self.f64()).ln() * mean) as usize
    }
}

pub(super) fn hash_bytes(b: &[u8], salt: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ salt.wrapping_mul(0x100_0000_01b3);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }
    for &x in chunks.remainder() {
        h = (h ^ x as u64).wrapping_mul(0x100_0000_01b3);
    }
    mix64(h ^ b.len() as u64)
}

/// Identity hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(super) struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = mix64(n);
    }
}
pub(super) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Cumulative-weight sampler.
#[derive(Clone, Default)]
pub(super) struct Wt {
    cum: Vec<f64>,
}
impl Wt {
    pub(super) fn new(w: &[f64]) -> Wt {
        let mut cum = Vec::with_capacity(w.len());
        let mut t = 0.0;
        for &x in w {
            t += x.max(0.0);
            cum.push(t);
        }
        Wt { cum }
    }
    pub(super) fn sample(&self, r: &mut Rng) -> usize {
        let t = *self.cum.last().unwrap_or(&0.0);
        let x = r.f64() * t;
        self.cum
            .partition_point(|&c| c <= x)
            .min(self.cum.len() - 1)
    }
}

fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2u64;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 1;
    }
    true
}

/// Bijection i -> (a*i + b) mod p, shifted by `off`: unique, random-looking identifiers.
#[derive(Clone)]
pub(super) struct Perm {
    p: u64,
    a: u64,
    b: u64,
    off: u64,
}
impl Perm {
    pub(super) fn new(min_size: u64, off: u64, salt: u64) -> Perm {
        let mut p = min_size.max(101) | 1;
        while !is_prime(p) {
            p += 2;
        }
        let a = 2 + mix64(salt) % (p - 3);
        let b = mix64(salt ^ 0xABCD) % p;
        Perm { p, a, b, off }
    }
    #[inline]
    pub(super) fn get(&self, i: u64) -> u64 {
        ((self.a as u128 * (i % self.p) as u128 + self.b as u128) % self.p as u128) as u64
            + self.off
    }
}

#[inline]
pub(super) fn push_num(out: &mut String, n: u64) {
    push_pad(out, n, 1);
}

#[inline]
pub(super) fn push_pad(out: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 24];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    while buf.len() - i < width {
        i -= 1;
        buf[i] = b'0';
    }
    // SAFETY-free: ASCII digits.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap());
}

pub(super) fn pad(prefix: &str, n: u64, width: usize) -> String {
    let mut s = String::with_capacity(prefix.len() + width + 2);
    s.push_str(prefix);
    push_pad(&mut s, n, width);
    s
}

/// Row-counting buffered writer.
pub(super) struct Out {
    w: BufWriter<File>,
    rows: u64,
    bytes: u64,
}
impl Out {
    pub(super) fn create(path: &Path) -> io::Result<Out> {
        Ok(Out {
            w: BufWriter::with_capacity(4 << 20, File::create(path)?),
            rows: 0,
            bytes: 0,
        })
    }
    #[inline]
    pub(super) fn row(&mut self, line: &str) -> io::Result<()> {
        self.w.write_all(line.as_bytes())?;
        self.rows += 1;
        self.bytes += line.len() as u64;
        Ok(())
    }
    pub(super) fn finish(mut self) -> io::Result<(u64, u64)> {
        self.w.flush()?;
        Ok((self.rows, self.bytes))
    }
}

/// Fixed-size direct-mapped cache (key -> (sui, lui)); bounded memory, lossy.
pub(super) struct Cache {
    slots: Vec<(u64, u32, u32)>,
    mask: usize,
}
impl Cache {
    pub(super) fn new(bits: u32) -> Cache {
        Cache {
            slots: vec![(0, 0, 0); 1 << bits],
            mask: (1 << bits) - 1,
        }
    }
    #[inline]
    pub(super) fn get(&self, key: u64) -> Option<(u32, u32)> {
        let s = self.slots[(key as usize) & self.mask];
        if s.0 == key | 1 {
            Some((s.1, s.2))
        } else {
            None
        }
    }
    #[inline]
    pub(super) fn put(&mut self, key: u64, a: u32, b: u32) {
        self.slots[(key as usize) & self.mask] = (key | 1, a, b);
    }
}

// ---- small string helpers (Unicode-aware where it matters) ----

pub(super) fn cap_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

pub(super) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f)
            if f.is_uppercase()
                && !c
                    .clone()
                    .next()
                    .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit()) =>
        {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

pub(super) const SMALL_WORDS: &[&str] = &[
    "of", "and", "the", "in", "with", "by", "to", "or", "for", "on", "without", "a", "an", "from",
    "at", "as", "due",
];

pub(super) fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if (i > 0 && SMALL_WORDS.contains(&w)) || w.chars().any(|c| c.is_uppercase()) {
            out.push_str(w);
        } else {
            out.push_str(&cap_first(w));
        }
    }
    out
}

pub(super) fn words_initials(s: &str) -> String {
    let mut out = String::new();
    for w in s.split([' ', '-', ',', '/']) {
        if w.is_empty() || SMALL_WORDS.contains(&w.to_lowercase().as_str()) {
            continue;
        }
        if let Some(c) = w.chars().next() {
            if c.is_alphabetic() {
                out.extend(c.to_uppercase());
            } else if c.is_ascii_digit() {
                out.push(c);
            }
        }
    }
    if out.chars().count() < 2 {
        out = s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(4)
            .collect::<String>()
            .to_uppercase();
    }
    out
}

/// Normalized form used for LUIs: lowercase, punctuation to spaces, "NOS" and possessives
/// dropped, crude plural stripping, words sorted.
pub(super) fn norm_key(s: &str, lat: u8) -> u64 {
    let low = s.to_lowercase();
    let mut words: Vec<&str> = low
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "nos" && *w != "s")
        .map(|w| {
            if w.len() > 3
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !w.ends_with("is")
                && !w.ends_with("us")
            {
                &w[..w.len() - 1]
            } else {
                w
            }
        })
        .collect();
    words.sort_unstable();
    let mut h = 0x1234_5678u64 ^ lat as u64;
    for w in words {
        h = hash_bytes(w.as_bytes(), h);
    }
    h
}

fn sorted_words(s: &str, fold: bool) -> Vec<String> {
    let mut v: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if fold {
                w.to_lowercase()
            } else {
                w.to_string()
            }
        })
        .collect();
    v.sort_unstable();
    v
}

/// STT of `s` relative to the LUI's preferred string `p`.
pub(super) fn stt_of(s: &str, p: &str) -> &'static str {
    if s == p {
        return "PF";
    }
    if s.to_lowercase() == p.to_lowercase() {
        return "VC";
    }
    let words = |x: &str| -> Vec<String> {
        x.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect()
    };
    if words(s) == words(p) {
        return "VO"; // punctuation / spacing variant
    }
    if sorted_words(s, false) == sorted_words(p, false) {
        return "VW";
    }
    if sorted_words(s, true) == sorted_words(p, true) {
        return "VCW";
    }
    "VO"
}
