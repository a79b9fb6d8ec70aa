//! Synthetic, full-size UMLS Metathesaurus release generator (benchmark support; std only).
//!
//! [`generate`] writes a META directory with the real RRF layouts (`|`-separated, every row ends
//! with `|` then `\n`, no header): MRCONSO, MRSTY, MRSAB, MRRANK, MRFILES, release.dat and, when
//! asked, MRDEF and MRREL. [`SynthConfig::full`] matches the size of a real full release
//! (21,385,114 MRCONSO rows, ≈2.7 GB, over 4.0M CUIs). Nothing here is copied from the UMLS: names
//! are built from small biomedical word lists and pseudo-words, and the distributions (atoms per
//! CUI, SAB/TTY/LAT mix, name lengths, MRSTY triples, SUPPRESS/CVF flags, code formats) were
//! chosen to resemble a real release (see the module-level constants and `SABS`).
//!
//! Properties callers may rely on:
//! * MRCONSO rows are sorted like a real release (byte order of the whole line, hence by CUI);
//!   CUIs are `C` + 7 digits, increasing with gaps; AUIs (`A` + 7–8 digits) are unique.
//! * LUI/SUI: within a CUI, the same (LAT, string) has one SUI and the same (LAT, normalized
//!   string) one LUI; across CUIs short strings (≤ 48 bytes) mostly share SUI/LUI (a bounded cache,
//!   so not always); a SUI always maps to a single LUI.
//! * Per CUI and language there is exactly one atom with TS=P, STT=PF, ISPREF=Y (in particular
//!   exactly one English one when the CUI has English atoms); TS/STT/ISPREF follow MRRANK.
//! * ≈0.1% of CUIs have no MRSTY row; ≈2% of CUIs have no English atom.
//! * Deterministic for a given config (seed). MRDEF/MRREL use their own random streams, so turning
//!   them on or off does not change MRCONSO/MRSTY.
//! * Memory stays bounded (≈100 MB: two fixed-size string caches plus per-CUI buffers).

#![allow(clippy::needless_range_loop)]

use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// MRCONSO rows of the real full release this mimics (from its MRFILES).
pub const FULL_ATOMS: u64 = 21_385_114;
/// CUIs of the full-size synthetic release.
pub const FULL_CUIS: u32 = 4_000_000;

/// Parameters of a synthetic release. `Default` = full size (≈21.4M MRCONSO rows, ≈4.0M CUIs).
#[derive(Clone, Debug)]
pub struct SynthConfig {
    /// Number of concepts (CUIs).
    pub cuis: u32,
    /// Number of MRCONSO rows (atoms); at least `cuis`.
    pub atoms: u64,
    /// Seed of all random choices.
    pub seed: u64,
    /// Also write MRDEF.RRF (≈0.12 definitions per CUI).
    pub with_mrdef: bool,
    /// Also write MRREL.RRF (≈3.4 rows per CUI: PAR/CHD, RB/RN, SIB, RO, RQ, SY pairs, both
    /// directions; ≈1.1 GB at full size).
    pub with_mrrel: bool,
}

impl SynthConfig {
    /// Full size: 21,385,114 atoms over 4,000,000 CUIs, with MRDEF, without MRREL.
    pub fn full() -> Self {
        SynthConfig {
            cuis: FULL_CUIS,
            atoms: FULL_ATOMS,
            seed: 0x005E_ED20_24AA,
            with_mrdef: true,
            with_mrrel: false,
        }
    }
    /// `fraction` of the full size (same distributions; CUIs still spread over C0000005..≈C5.6M).
    pub fn scaled(fraction: f64) -> Self {
        let f = if fraction.is_finite() && fraction > 0.0 {
            fraction
        } else {
            0.0
        };
        let cuis = ((FULL_CUIS as f64 * f).round() as u64).clamp(1, u32::MAX as u64) as u32;
        let atoms = ((FULL_ATOMS as f64 * f).round() as u64).max(cuis as u64);
        SynthConfig {
            cuis,
            atoms,
            ..Self::full()
        }
    }
}

impl Default for SynthConfig {
    fn default() -> Self {
        Self::full()
    }
}

/// What was written: row counts and bytes per file.
#[derive(Clone, Debug, Default)]
pub struct SynthSummary {
    /// (file name, rows, bytes), in the order written.
    pub files: Vec<(String, u64, u64)>,
}

impl SynthSummary {
    /// (rows, bytes) of one file.
    pub fn get(&self, name: &str) -> Option<(u64, u64)> {
        self.files.iter().find(|f| f.0 == name).map(|f| (f.1, f.2))
    }
    /// Total bytes written.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.2).sum()
    }
}

/// The sources: (RSAB, LAT, target share of MRCONSO rows), in MRRANK priority order.
pub fn source_table() -> Vec<(&'static str, &'static str, f64)> {
    let ktot: f64 = SABS.iter().map(|s| s.k).sum();
    SABS.iter()
        .map(|s| (s.rsab, LANGS[s.lat as usize], s.k / ktot))
        .collect()
}

/// Writes META-layout files into `dir` (created if missing); see the module docs.
pub fn generate(dir: &Path, cfg: &SynthConfig) -> io::Result<SynthSummary> {
    std::fs::create_dir_all(dir)?;
    let mut cfg = cfg.clone();
    cfg.cuis = cfg.cuis.max(1);
    cfg.atoms = cfg.atoms.max(cfg.cuis as u64);
    let mut g = Gen::new(&cfg);
    g.run(dir)
}

// ================================================================================================
// Random numbers, hashing, identifiers, output
// ================================================================================================

#[inline]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(mix64(seed ^ 0x6A09_E667_F3BC_C908))
    }
    #[inline]
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }
    /// Uniform in 0..n (n > 0).
    #[inline]
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    #[inline]
    fn f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }
    #[inline]
    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    #[inline]
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// Inclusive range.
    #[inline]
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// Geometric-like count with the given mean (≥ 0).
    #[inline]
    fn expo(&mut self, mean: f64) -> usize {
        if mean <= 0.0 {
            return 0;
        }
        (-(1.0 - self.f64()).ln() * mean) as usize
    }
}

fn hash_bytes(b: &[u8], salt: u64) -> u64 {
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
struct IdHasher(u64);
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
type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Cumulative-weight sampler.
#[derive(Clone, Default)]
struct Wt {
    cum: Vec<f64>,
}
impl Wt {
    fn new(w: &[f64]) -> Wt {
        let mut cum = Vec::with_capacity(w.len());
        let mut t = 0.0;
        for &x in w {
            t += x.max(0.0);
            cum.push(t);
        }
        Wt { cum }
    }
    fn sample(&self, r: &mut Rng) -> usize {
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
struct Perm {
    p: u64,
    a: u64,
    b: u64,
    off: u64,
}
impl Perm {
    fn new(min_size: u64, off: u64, salt: u64) -> Perm {
        let mut p = min_size.max(101) | 1;
        while !is_prime(p) {
            p += 2;
        }
        let a = 2 + mix64(salt) % (p - 3);
        let b = mix64(salt ^ 0xABCD) % p;
        Perm { p, a, b, off }
    }
    #[inline]
    fn get(&self, i: u64) -> u64 {
        ((self.a as u128 * (i % self.p) as u128 + self.b as u128) % self.p as u128) as u64
            + self.off
    }
}

#[inline]
fn push_num(out: &mut String, n: u64) {
    push_pad(out, n, 1);
}

#[inline]
fn push_pad(out: &mut String, mut n: u64, width: usize) {
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

fn pad(prefix: &str, n: u64, width: usize) -> String {
    let mut s = String::with_capacity(prefix.len() + width + 2);
    s.push_str(prefix);
    push_pad(&mut s, n, width);
    s
}

/// Row-counting buffered writer.
struct Out {
    w: BufWriter<File>,
    rows: u64,
    bytes: u64,
}
impl Out {
    fn create(path: &Path) -> io::Result<Out> {
        Ok(Out {
            w: BufWriter::with_capacity(4 << 20, File::create(path)?),
            rows: 0,
            bytes: 0,
        })
    }
    #[inline]
    fn row(&mut self, line: &str) -> io::Result<()> {
        self.w.write_all(line.as_bytes())?;
        self.rows += 1;
        self.bytes += line.len() as u64;
        Ok(())
    }
    fn finish(mut self) -> io::Result<(u64, u64)> {
        self.w.flush()?;
        Ok((self.rows, self.bytes))
    }
}

/// Fixed-size direct-mapped cache (key -> (sui, lui)); bounded memory, lossy.
struct Cache {
    slots: Vec<(u64, u32, u32)>,
    mask: usize,
}
impl Cache {
    fn new(bits: u32) -> Cache {
        Cache {
            slots: vec![(0, 0, 0); 1 << bits],
            mask: (1 << bits) - 1,
        }
    }
    #[inline]
    fn get(&self, key: u64) -> Option<(u32, u32)> {
        let s = self.slots[(key as usize) & self.mask];
        if s.0 == key | 1 {
            Some((s.1, s.2))
        } else {
            None
        }
    }
    #[inline]
    fn put(&mut self, key: u64, a: u32, b: u32) {
        self.slots[(key as usize) & self.mask] = (key | 1, a, b);
    }
}

// ---- small string helpers (Unicode-aware where it matters) ----

fn cap_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

fn lower_first(s: &str) -> String {
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

const SMALL_WORDS: &[&str] = &[
    "of", "and", "the", "in", "with", "by", "to", "or", "for", "on", "without", "a", "an", "from",
    "at", "as", "due",
];

fn title_case(s: &str) -> String {
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

fn words_initials(s: &str) -> String {
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
fn norm_key(s: &str, lat: u8) -> u64 {
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
fn stt_of(s: &str, p: &str) -> &'static str {
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

// ================================================================================================
// Languages, semantic types, semantic groups, sources
// ================================================================================================

const LANGS: [&str; 26] = [
    "ENG", "SPA", "FRE", "DUT", "GER", "POR", "ITA", "JPN", "CZE", "RUS", "CHI", "KOR", "HUN",
    "TUR", "POL", "GRE", "SWE", "EST", "NOR", "ARA", "LAV", "FIN", "SCR", "DAN", "HEB", "BAQ",
];
const ENG: u8 = 0;
const SPA: u8 = 1;
const FRE: u8 = 2;
const DUT: u8 = 3;
const GER: u8 = 4;
const POR: u8 = 5;
const ITA: u8 = 6;
const JPN: u8 = 7;
const CZE: u8 = 8;
const RUS: u8 = 9;
const CHI: u8 = 10;
const KOR: u8 = 11;
const HUN: u8 = 12;
const TUR: u8 = 13;
const POL: u8 = 14;
const GRE: u8 = 15;
const SWE: u8 = 16;
const EST: u8 = 17;
const NOR: u8 = 18;
const ARA: u8 = 19;
const LAV: u8 = 20;
const FIN: u8 = 21;
const SCR: u8 = 22;
const DAN: u8 = 23;
const HEB: u8 = 24;
const BAQ: u8 = 25;

/// The 127 semantic types of the UMLS Semantic Network: (TUI, STN, STY).
const STYS: &[(&str, &str, &str)] = &[
    ("T071", "A", "Entity"),
    ("T072", "A1", "Physical Object"),
    ("T001", "A1.1", "Organism"),
    ("T194", "A1.1.1", "Archaeon"),
    ("T007", "A1.1.2", "Bacterium"),
    ("T204", "A1.1.3", "Eukaryote"),
    ("T008", "A1.1.3.1", "Animal"),
    ("T010", "A1.1.3.1.1", "Vertebrate"),
    ("T011", "A1.1.3.1.1.1", "Amphibian"),
    ("T012", "A1.1.3.1.1.2", "Bird"),
    ("T013", "A1.1.3.1.1.3", "Fish"),
    ("T015", "A1.1.3.1.1.4", "Mammal"),
    ("T016", "A1.1.3.1.1.4.1", "Human"),
    ("T014", "A1.1.3.1.1.5", "Reptile"),
    ("T004", "A1.1.3.2", "Fungus"),
    ("T002", "A1.1.3.3", "Plant"),
    ("T005", "A1.1.4", "Virus"),
    ("T017", "A1.2", "Anatomical Structure"),
    ("T018", "A1.2.1", "Embryonic Structure"),
    ("T190", "A1.2.2", "Anatomical Abnormality"),
    ("T019", "A1.2.2.1", "Congenital Abnormality"),
    ("T020", "A1.2.2.2", "Acquired Abnormality"),
    ("T021", "A1.2.3", "Fully Formed Anatomical Structure"),
    ("T023", "A1.2.3.1", "Body Part, Organ, or Organ Component"),
    ("T024", "A1.2.3.2", "Tissue"),
    ("T025", "A1.2.3.3", "Cell"),
    ("T026", "A1.2.3.4", "Cell Component"),
    ("T028", "A1.2.3.5", "Gene or Genome"),
    ("T073", "A1.3", "Manufactured Object"),
    ("T074", "A1.3.1", "Medical Device"),
    ("T203", "A1.3.1.1", "Drug Delivery Device"),
    ("T075", "A1.3.2", "Research Device"),
    ("T200", "A1.3.3", "Clinical Drug"),
    ("T167", "A1.4", "Substance"),
    ("T103", "A1.4.1", "Chemical"),
    ("T120", "A1.4.1.1", "Chemical Viewed Functionally"),
    ("T121", "A1.4.1.1.1", "Pharmacologic Substance"),
    ("T195", "A1.4.1.1.1.1", "Antibiotic"),
    ("T122", "A1.4.1.1.2", "Biomedical or Dental Material"),
    ("T123", "A1.4.1.1.3", "Biologically Active Substance"),
    ("T125", "A1.4.1.1.3.2", "Hormone"),
    ("T126", "A1.4.1.1.3.3", "Enzyme"),
    ("T127", "A1.4.1.1.3.4", "Vitamin"),
    ("T129", "A1.4.1.1.3.5", "Immunologic Factor"),
    ("T192", "A1.4.1.1.3.6", "Receptor"),
    (
        "T130",
        "A1.4.1.1.4",
        "Indicator, Reagent, or Diagnostic Aid",
    ),
    ("T131", "A1.4.1.1.5", "Hazardous or Poisonous Substance"),
    ("T104", "A1.4.1.2", "Chemical Viewed Structurally"),
    ("T109", "A1.4.1.2.1", "Organic Chemical"),
    (
        "T114",
        "A1.4.1.2.1.5",
        "Nucleic Acid, Nucleoside, or Nucleotide",
    ),
    ("T116", "A1.4.1.2.1.7", "Amino Acid, Peptide, or Protein"),
    ("T197", "A1.4.1.2.2", "Inorganic Chemical"),
    ("T196", "A1.4.1.2.3", "Element, Ion, or Isotope"),
    ("T031", "A1.4.2", "Body Substance"),
    ("T168", "A1.4.3", "Food"),
    ("T077", "A2", "Conceptual Entity"),
    ("T078", "A2.1", "Idea or Concept"),
    ("T079", "A2.1.1", "Temporal Concept"),
    ("T080", "A2.1.2", "Qualitative Concept"),
    ("T081", "A2.1.3", "Quantitative Concept"),
    ("T169", "A2.1.4", "Functional Concept"),
    ("T022", "A2.1.4.1", "Body System"),
    ("T082", "A2.1.5", "Spatial Concept"),
    ("T030", "A2.1.5.1", "Body Space or Junction"),
    ("T029", "A2.1.5.2", "Body Location or Region"),
    ("T085", "A2.1.5.3", "Molecular Sequence"),
    ("T086", "A2.1.5.3.1", "Nucleotide Sequence"),
    ("T087", "A2.1.5.3.2", "Amino Acid Sequence"),
    ("T088", "A2.1.5.3.3", "Carbohydrate Sequence"),
    ("T083", "A2.1.5.4", "Geographic Area"),
    ("T033", "A2.2", "Finding"),
    ("T034", "A2.2.1", "Laboratory or Test Result"),
    ("T184", "A2.2.2", "Sign or Symptom"),
    ("T032", "A2.3", "Organism Attribute"),
    ("T201", "A2.3.1", "Clinical Attribute"),
    ("T170", "A2.4", "Intellectual Product"),
    ("T185", "A2.4.1", "Classification"),
    ("T089", "A2.4.2", "Regulation or Law"),
    ("T171", "A2.5", "Language"),
    ("T090", "A2.6", "Occupation or Discipline"),
    ("T091", "A2.6.1", "Biomedical Occupation or Discipline"),
    ("T092", "A2.7", "Organization"),
    ("T093", "A2.7.1", "Health Care Related Organization"),
    ("T094", "A2.7.2", "Professional Society"),
    ("T095", "A2.7.3", "Self-help or Relief Organization"),
    ("T102", "A2.8", "Group Attribute"),
    ("T096", "A2.9", "Group"),
    ("T097", "A2.9.1", "Professional or Occupational Group"),
    ("T098", "A2.9.2", "Population Group"),
    ("T099", "A2.9.3", "Family Group"),
    ("T100", "A2.9.4", "Age Group"),
    ("T101", "A2.9.5", "Patient or Disabled Group"),
    ("T051", "B", "Event"),
    ("T052", "B1", "Activity"),
    ("T053", "B1.1", "Behavior"),
    ("T054", "B1.1.1", "Social Behavior"),
    ("T055", "B1.1.2", "Individual Behavior"),
    ("T056", "B1.2", "Daily or Recreational Activity"),
    ("T057", "B1.3", "Occupational Activity"),
    ("T058", "B1.3.1", "Health Care Activity"),
    ("T059", "B1.3.1.1", "Laboratory Procedure"),
    ("T060", "B1.3.1.2", "Diagnostic Procedure"),
    ("T061", "B1.3.1.3", "Therapeutic or Preventive Procedure"),
    ("T062", "B1.3.2", "Research Activity"),
    ("T063", "B1.3.2.1", "Molecular Biology Research Technique"),
    ("T064", "B1.3.3", "Governmental or Regulatory Activity"),
    ("T065", "B1.3.4", "Educational Activity"),
    ("T066", "B1.4", "Machine Activity"),
    ("T067", "B2", "Phenomenon or Process"),
    ("T068", "B2.1", "Human-caused Phenomenon or Process"),
    ("T069", "B2.1.1", "Environmental Effect of Humans"),
    ("T070", "B2.2", "Natural Phenomenon or Process"),
    ("T038", "B2.2.1", "Biologic Function"),
    ("T039", "B2.2.1.1", "Physiologic Function"),
    ("T040", "B2.2.1.1.1", "Organism Function"),
    ("T041", "B2.2.1.1.1.1", "Mental Process"),
    ("T042", "B2.2.1.1.2", "Organ or Tissue Function"),
    ("T043", "B2.2.1.1.3", "Cell Function"),
    ("T044", "B2.2.1.1.4", "Molecular Function"),
    ("T045", "B2.2.1.1.4.1", "Genetic Function"),
    ("T046", "B2.2.1.2", "Pathologic Function"),
    ("T047", "B2.2.1.2.1", "Disease or Syndrome"),
    ("T048", "B2.2.1.2.1.1", "Mental or Behavioral Dysfunction"),
    ("T191", "B2.2.1.2.1.2", "Neoplastic Process"),
    ("T049", "B2.2.1.2.2", "Cell or Molecular Dysfunction"),
    ("T050", "B2.2.1.2.3", "Experimental Model of Disease"),
    ("T037", "B2.3", "Injury or Poisoning"),
];

fn sty_index(tui: &str) -> usize {
    STYS.iter()
        .position(|s| s.0 == tui)
        .unwrap_or_else(|| panic!("unknown TUI {tui}"))
}

// Semantic groups used to pick names, sources and semantic types together.
const NG: usize = 16;
const G_ORG: usize = 0;
const G_CHEM: usize = 1;
const G_DRUG: usize = 2;
const G_PROT: usize = 3;
const G_GENE: usize = 4;
const G_DISO: usize = 5;
const G_NEOP: usize = 6;
const G_INJ: usize = 7;
const G_FIND: usize = 8;
const G_ANAT: usize = 9;
const G_PROC: usize = 10;
const G_LAB: usize = 11;
const G_CONC: usize = 12;
const G_DEVI: usize = 13;
const G_PHYS: usize = 14;
const G_MISC: usize = 15;

const M_ORG: u32 = 1 << G_ORG;
const M_CHEM: u32 = 1 << G_CHEM;
const M_DRUG: u32 = 1 << G_DRUG;
const M_PROT: u32 = 1 << G_PROT;
const M_GENE: u32 = 1 << G_GENE;
const M_DISO: u32 = 1 << G_DISO;
const M_NEOP: u32 = 1 << G_NEOP;
const M_INJ: u32 = 1 << G_INJ;
const M_FIND: u32 = 1 << G_FIND;
const M_ANAT: u32 = 1 << G_ANAT;
const M_PROC: u32 = 1 << G_PROC;
const M_LAB: u32 = 1 << G_LAB;
const M_CONC: u32 = 1 << G_CONC;
const M_DEVI: u32 = 1 << G_DEVI;
const M_PHYS: u32 = 1 << G_PHYS;
const M_MISC: u32 = 1 << G_MISC;
const M_CLIN: u32 = M_DISO | M_NEOP | M_INJ | M_FIND;
const M_ALL: u32 = 0xFFFF;

/// Relative CUI share of each group by atoms-per-CUI bucket (1, 2-3, 4-9, 10-29, 30+).
const GROUP_BUCKET_W: [[f64; 5]; NG] = [
    [30.0, 20.0, 7.0, 2.0, 0.7],   // ORG
    [15.0, 17.0, 17.0, 14.0, 9.0], // CHEM
    [10.0, 12.0, 9.0, 3.0, 0.7],   // DRUG
    [5.0, 6.0, 7.0, 8.0, 6.0],     // PROT
    [3.0, 5.0, 7.0, 5.0, 2.0],     // GENE
    [2.0, 4.0, 10.0, 19.0, 36.0],  // DISO
    [1.0, 2.0, 4.0, 6.0, 7.0],     // NEOP
    [4.0, 5.0, 6.0, 4.0, 2.0],     // INJ
    [6.0, 7.0, 8.0, 10.0, 11.0],   // FIND
    [5.0, 5.0, 6.0, 7.0, 6.0],     // ANAT
    [7.0, 7.0, 6.0, 6.0, 6.0],     // PROC
    [8.0, 7.0, 6.0, 5.0, 2.0],     // LAB
    [6.0, 5.0, 5.0, 5.0, 6.0],     // CONC
    [2.0, 2.0, 2.0, 2.0, 1.0],     // DEVI
    [3.0, 3.0, 3.0, 3.0, 3.0],     // PHYS
    [2.0, 2.0, 2.0, 2.0, 2.0],     // MISC
];

/// SNOMED CT semantic tags by group.
const SEMTAGS: [&str; NG] = [
    "organism",
    "substance",
    "clinical drug",
    "substance",
    "substance",
    "disorder",
    "disorder",
    "disorder",
    "finding",
    "body structure",
    "procedure",
    "observable entity",
    "qualifier value",
    "physical object",
    "observable entity",
    "social concept",
];

struct GroupSty {
    /// Primary semantic type (TUI, weight).
    primary: &'static [(&'static str, f64)],
    /// Further semantic types that co-occur (TUI, weight).
    extra: &'static [(&'static str, f64)],
    /// Probability of at least 2, 3, 4 semantic types (scaled adaptively to ≈1.5 rows per CUI).
    p_multi: [f64; 3],
}

const GROUP_STY: [GroupSty; NG] = [
    GroupSty {
        primary: &[
            ("T204", 35.0),
            ("T007", 22.0),
            ("T005", 15.0),
            ("T002", 8.0),
            ("T004", 5.0),
            ("T008", 4.0),
            ("T194", 2.0),
            ("T013", 2.0),
            ("T012", 1.5),
            ("T015", 1.5),
            ("T011", 0.5),
            ("T014", 0.5),
            ("T010", 0.5),
            ("T001", 1.0),
            ("T016", 0.02),
        ],
        extra: &[("T001", 1.0), ("T098", 0.3), ("T168", 0.3)],
        p_multi: [0.03, 0.0, 0.0],
    },
    GroupSty {
        primary: &[
            ("T109", 34.0),
            ("T121", 18.0),
            ("T197", 5.0),
            ("T196", 3.0),
            ("T130", 4.0),
            ("T131", 2.0),
            ("T122", 2.0),
            ("T195", 2.0),
            ("T114", 4.0),
            ("T125", 2.0),
            ("T127", 1.0),
            ("T123", 3.0),
            ("T168", 3.0),
            ("T104", 1.0),
            ("T120", 1.0),
            ("T167", 1.0),
            ("T103", 0.5),
            ("T031", 1.0),
        ],
        extra: &[
            ("T121", 10.0),
            ("T109", 6.0),
            ("T131", 2.0),
            ("T130", 2.0),
            ("T123", 2.0),
            ("T122", 0.7),
            ("T195", 0.7),
            ("T197", 0.5),
            ("T196", 0.5),
            ("T168", 0.5),
        ],
        p_multi: [0.75, 0.25, 0.04],
    },
    GroupSty {
        primary: &[("T200", 88.0), ("T121", 8.0), ("T203", 1.0), ("T122", 1.0)],
        extra: &[("T121", 3.0), ("T203", 1.0), ("T109", 1.0)],
        p_multi: [0.15, 0.01, 0.0],
    },
    GroupSty {
        primary: &[
            ("T116", 55.0),
            ("T126", 15.0),
            ("T129", 10.0),
            ("T192", 8.0),
            ("T123", 5.0),
            ("T125", 2.0),
            ("T087", 1.0),
        ],
        extra: &[
            ("T121", 4.0),
            ("T126", 3.0),
            ("T129", 3.0),
            ("T123", 3.0),
            ("T192", 2.0),
            ("T116", 5.0),
            ("T125", 1.0),
            ("T130", 1.0),
        ],
        p_multi: [0.85, 0.25, 0.03],
    },
    GroupSty {
        primary: &[
            ("T028", 90.0),
            ("T086", 5.0),
            ("T085", 2.0),
            ("T087", 2.0),
            ("T045", 1.0),
            ("T088", 0.2),
        ],
        extra: &[("T116", 2.0), ("T045", 1.0), ("T086", 1.0)],
        p_multi: [0.2, 0.02, 0.0],
    },
    GroupSty {
        primary: &[
            ("T047", 65.0),
            ("T048", 6.0),
            ("T019", 7.0),
            ("T046", 8.0),
            ("T020", 3.0),
            ("T190", 2.0),
            ("T049", 2.0),
            ("T050", 1.0),
        ],
        extra: &[
            ("T047", 3.0),
            ("T019", 2.0),
            ("T033", 2.0),
            ("T046", 1.0),
            ("T184", 1.0),
            ("T048", 0.5),
        ],
        p_multi: [0.3, 0.05, 0.005],
    },
    GroupSty {
        primary: &[("T191", 97.0), ("T190", 2.0), ("T049", 1.0)],
        extra: &[("T047", 2.0), ("T190", 1.0)],
        p_multi: [0.1, 0.01, 0.0],
    },
    GroupSty {
        primary: &[("T037", 97.0), ("T046", 2.0), ("T069", 1.0)],
        extra: &[("T047", 1.0), ("T033", 1.0)],
        p_multi: [0.1, 0.01, 0.0],
    },
    GroupSty {
        primary: &[
            ("T033", 55.0),
            ("T184", 15.0),
            ("T034", 15.0),
            ("T041", 3.0),
            ("T032", 2.0),
            ("T102", 1.0),
        ],
        extra: &[("T184", 2.0), ("T033", 2.0), ("T034", 1.0), ("T047", 1.0)],
        p_multi: [0.3, 0.04, 0.0],
    },
    GroupSty {
        primary: &[
            ("T023", 40.0),
            ("T029", 15.0),
            ("T025", 10.0),
            ("T026", 8.0),
            ("T024", 8.0),
            ("T030", 5.0),
            ("T022", 1.0),
            ("T018", 3.0),
            ("T017", 3.0),
            ("T031", 4.0),
            ("T021", 1.0),
            ("T082", 1.0),
        ],
        extra: &[
            ("T029", 2.0),
            ("T023", 2.0),
            ("T082", 1.0),
            ("T024", 1.0),
            ("T031", 0.5),
        ],
        p_multi: [0.25, 0.03, 0.0],
    },
    GroupSty {
        primary: &[
            ("T061", 45.0),
            ("T060", 25.0),
            ("T059", 15.0),
            ("T058", 10.0),
            ("T063", 2.0),
            ("T062", 3.0),
        ],
        extra: &[("T058", 2.0), ("T060", 1.0), ("T061", 1.0), ("T170", 0.5)],
        p_multi: [0.3, 0.05, 0.0],
    },
    GroupSty {
        primary: &[
            ("T201", 45.0),
            ("T059", 30.0),
            ("T060", 10.0),
            ("T034", 5.0),
            ("T170", 10.0),
        ],
        extra: &[("T059", 2.0), ("T201", 2.0), ("T034", 1.0), ("T170", 1.0)],
        p_multi: [0.5, 0.08, 0.0],
    },
    GroupSty {
        primary: &[
            ("T080", 20.0),
            ("T081", 15.0),
            ("T169", 15.0),
            ("T170", 30.0),
            ("T078", 5.0),
            ("T079", 5.0),
            ("T082", 4.0),
            ("T185", 3.0),
            ("T089", 1.0),
            ("T077", 1.0),
            ("T171", 1.0),
            ("T071", 0.2),
            ("T088", 0.1),
        ],
        extra: &[
            ("T080", 2.0),
            ("T081", 1.0),
            ("T169", 1.0),
            ("T170", 1.0),
            ("T078", 1.0),
            ("T079", 0.5),
        ],
        p_multi: [0.35, 0.06, 0.005],
    },
    GroupSty {
        primary: &[
            ("T074", 70.0),
            ("T073", 15.0),
            ("T203", 8.0),
            ("T075", 3.0),
            ("T072", 1.0),
            ("T167", 0.5),
        ],
        extra: &[("T073", 2.0), ("T074", 1.0), ("T122", 1.0), ("T203", 0.5)],
        p_multi: [0.3, 0.04, 0.0],
    },
    GroupSty {
        primary: &[
            ("T044", 35.0),
            ("T043", 25.0),
            ("T042", 8.0),
            ("T039", 8.0),
            ("T040", 5.0),
            ("T045", 8.0),
            ("T041", 4.0),
            ("T038", 4.0),
            ("T070", 3.0),
            ("T067", 1.0),
            ("T068", 1.0),
            ("T069", 0.5),
        ],
        extra: &[
            ("T043", 2.0),
            ("T044", 2.0),
            ("T039", 1.0),
            ("T042", 1.0),
            ("T070", 0.5),
        ],
        p_multi: [0.4, 0.08, 0.01],
    },
    GroupSty {
        primary: &[
            ("T083", 15.0),
            ("T093", 8.0),
            ("T092", 5.0),
            ("T094", 2.0),
            ("T095", 1.0),
            ("T097", 8.0),
            ("T098", 10.0),
            ("T099", 3.0),
            ("T100", 2.0),
            ("T101", 3.0),
            ("T096", 1.0),
            ("T090", 4.0),
            ("T091", 4.0),
            ("T052", 3.0),
            ("T053", 3.0),
            ("T054", 4.0),
            ("T055", 4.0),
            ("T056", 4.0),
            ("T057", 2.0),
            ("T064", 3.0),
            ("T065", 3.0),
            ("T066", 2.0),
            ("T051", 1.0),
        ],
        extra: &[
            ("T098", 1.0),
            ("T054", 1.0),
            ("T055", 1.0),
            ("T090", 1.0),
            ("T092", 1.0),
            ("T083", 0.5),
        ],
        p_multi: [0.3, 0.05, 0.0],
    },
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Generic,
    Snomed,
    Mesh,
    Nci,
    Mdr,
    Rxnorm,
    Loinc,
    Icd,
    Pcs,
    Cpt,
    Hcpcs,
    Mth,
    Ncbi,
    Omim,
    Hgnc,
    Go,
    Src,
    DrugList,
    Chv,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Code {
    Nocode,
    Mesh,
    Snomed,
    Nci,
    Mdr,
    Rxnorm,
    Loinc,
    Icd10cm,
    Icd10pcs,
    Icd9,
    Icd10,
    Cpt,
    Hcpcs,
    Num(u8),
    Pre(&'static str, u8),
    Omim,
    Atc,
    Read,
    Hgnc,
    Src,
    Unii,
    Csp,
    Ccs,
    Hl7,
    Icpc,
}

// Families: a translation (non-English SAB with fam != 0) only appears in a CUI that already has
// atoms from the English head of its family, and shares that head's codes.
const F_MSH: u8 = 1;
const F_MDR: u8 = 2;
const F_SCT: u8 = 3;
const F_LNC: u8 = 4;
const F_ICPC: u8 = 5;
const F_WHO: u8 = 6;
const F_MST: u8 = 7;
const F_ICD10: u8 = 8;
const F_CPT: u8 = 9;
const F_MLP: u8 = 10;
const F_UMD: u8 = 11;
const F_ICPC2: u8 = 12;

struct SabSpec {
    rsab: &'static str,
    lat: u8,
    srl: u8,
    /// Target atoms, thousands (relative weight; normalized to the configured total).
    k: f64,
    fam: u8,
    style: Style,
    code: Code,
    groups: u32,
    /// Mean atoms per CUI block.
    bs: f64,
    /// TTYs, best-ranked first: "PREF,SECOND!:w,TTY:w,..." (weight defaults to 1).
    ttys: &'static str,
    /// Source of definitions (MRDEF).
    def: bool,
    son: &'static str,
    ver: &'static str,
}

macro_rules! sab {
    ($rsab:expr, $lat:expr, $srl:expr, $k:expr, $fam:expr, $style:ident, $code:expr, $groups:expr, $bs:expr, $ttys:expr, $def:expr, $son:expr, $ver:expr) => {
        SabSpec {
            rsab: $rsab,
            lat: $lat,
            srl: $srl,
            k: $k,
            fam: $fam,
            style: Style::$style,
            code: $code,
            groups: $groups,
            bs: $bs,
            ttys: $ttys,
            def: $def,
            son: $son,
            ver: $ver,
        }
    };
}

const MDR_TTYS: &str = "PT,LLT:3,HT:.05,HG:.02,OS:.02,SMQ:.02,OL:.3";
const MSHT_TTYS: &str = "MH,ET:2.2,PEP:.3,SY:.5,PM:.3";
const LNCT_TTYS: &str = "LN,DN:.6,OSN:.2,LPN:.3,LPDN:.2,OLC:.05";
const SCT_GROUPS: u32 = M_CLIN
    | M_ANAT
    | M_PROC
    | M_CHEM
    | M_ORG
    | M_CONC
    | M_DEVI
    | M_DRUG
    | M_MISC
    | M_PHYS
    | M_PROT
    | M_LAB;
const MSH_GROUPS: u32 = M_CHEM
    | M_PROT
    | M_DISO
    | M_NEOP
    | M_ANAT
    | M_PROC
    | M_ORG
    | M_PHYS
    | M_MISC
    | M_CONC
    | M_GENE
    | M_FIND
    | M_DEVI;
const MDR_GROUPS: u32 = M_CLIN | M_PROC | M_LAB;
const LNC_GROUPS: u32 =
    M_LAB | M_FIND | M_CHEM | M_PROT | M_ORG | M_ANAT | M_CONC | M_PROC | M_GENE;

/// About 130 sources. Order = MRRANK priority (first = best ranked).
const SABS: &[SabSpec] = &[
    sab!("MTH", ENG, 0, 300.0, 0, Mth, Code::Nocode, M_ALL, 1.0, "PN", false, "Metathesaurus Names", "2024AA"),
    sab!("RXNORM", ENG, 0, 900.0, 0, Rxnorm, Code::Rxnorm, M_DRUG | M_CHEM | M_PROT, 2.8, "SCD,SBD:.8,SCDC:.5,SCDF:.4,SBDF:.3,SBDC:.3,SCDG:.2,SBDG:.15,IN:.1,PIN:.5,MIN:.1,BN:.6,SY:.8,TMSY:.4,PSN:.5,DF:.01,DFG:.01,BPCK:.03,GPCK:.03", false, "RXNORM", "20AA_231002F"),
    sab!("MSH", ENG, 0, 1050.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 3.5, "MH,NM:.01,ET:3,PM:2.5,PEP:.3,EP:.4,EN:.4,N1:.4,CE:.3,PCE:.2,DEV:.15,DSV:.15,TQ:.02,QAB:.02,HT:.02,XQ:.02", true, "Medical Subject Headings", "2024_2023_11_30"),
    sab!("MEDLINEPLUS", ENG, 0, 5.0, F_MLP, Generic, Code::Num(4), M_DISO | M_PROC | M_FIND | M_NEOP, 2.0, "PT,ET:1,SY:.5,HT:.1", true, "MedlinePlus Health Topics", "20231018"),
    sab!("SNOMEDCT_US", ENG, 9, 1500.0, F_SCT, Snomed, Code::Snomed, SCT_GROUPS, 3.0, "PT,FN!,SY:2.2,PTGB:.05,SYGB:.05,MTH_PT:.02,MTH_FN:.01,MTH_SY:.02,OAF:.08,OAP:.08,OAS:.1,OF:.05,OP:.03,IS:.05", true, "US Edition of SNOMED CT", "2023_09_01"),
    sab!("NCI", ENG, 0, 450.0, 0, Nci, Code::Nci, M_ALL, 2.4, "PT,SY:2,AB:.3,CCN:.1,CSN:.05,BN:.05,FBD:.03,HD:.02,AD:.02,DN:.05,OP:.05", true, "NCI Thesaurus", "2023_10E"),
    sab!("MDR", ENG, 3, 160.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.3, MDR_TTYS, false, "MedDRA", "26_1"),
    sab!("LNC", ENG, 0, 1600.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 3.2, "LC,LN:1,LPN:.3,LPDN:.3,CN:.1,DN:.6,OSN:.4,LA:.2,LS:.1,LVDN:.1,OLC:.05,LO:.05,OOSN:.03", true, "LOINC", "276"),
    sab!("HPO", ENG, 0, 60.0, 0, Generic, Code::Pre("HP:", 7), M_FIND | M_DISO, 2.0, "PT,SY:1.2,ET:.2,OP:.05,IS:.03,OET:.03", true, "Human Phenotype Ontology", "2023_10_09"),
    sab!("GO", ENG, 0, 200.0, 0, Go, Code::Pre("GO:", 7), M_PHYS | M_ANAT, 2.2, "PT,ET:1,SY:.5,OP:.1,OET:.1,IS:.05", true, "Gene Ontology", "2023_10_09"),
    sab!("OMIM", ENG, 0, 350.0, 0, Omim, Code::Omim, M_DISO | M_GENE | M_FIND | M_NEOP, 2.5, "PT,ETAL:1.5,PTAV:.5,ACR:.5,HT:.2,HTS:.1", false, "Online Mendelian Inheritance in Man", "2023_10_30"),
    sab!("HGNC", ENG, 0, 200.0, 0, Hgnc, Code::Hgnc, M_GENE, 3.0, "ACR,PT:1,NA:.5,SYN:.8,MTH_ACR:.2", false, "HUGO Gene Nomenclature Committee", "2023_10"),
    sab!("ORPHANET", ENG, 0, 30.0, 0, Generic, Code::Num(6), M_DISO | M_NEOP, 2.0, "PT,SY:1,ACR:.3", true, "ORPHANET", "4_3"),
    sab!("ICD10CM", ENG, 4, 240.0, 0, Icd, Code::Icd10cm, M_CLIN, 1.8, "PT,HT:.25,AB:.6,ET:.3", false, "International Classification of Diseases, Tenth Revision, Clinical Modification", "2024"),
    sab!("ICD10PCS", ENG, 0, 270.0, 0, Pcs, Code::Icd10pcs, M_PROC, 1.3, "PT,HT:.3,PX:.05,HX:.05,MTH_HX:.02", false, "ICD-10 Procedure Coding System", "2024"),
    sab!("CPT", ENG, 3, 60.0, F_CPT, Cpt, Code::Cpt, M_PROC | M_LAB, 1.8, "PT,SY:.5,ETCLIN:.3,ETCF:.2,POS:.1,HT:.1,AB:.3,OP:.05", false, "CPT - Current Procedural Terminology", "2024"),
    sab!("HCPCS", ENG, 0, 60.0, 0, Hcpcs, Code::Hcpcs, M_PROC | M_DEVI | M_DRUG, 1.8, "PT,AB:.8,OP:.1,OA:.1,MP:.05", false, "Healthcare Common Procedure Coding System", "2024"),
    sab!("ICD9CM", ENG, 0, 45.0, 0, Icd, Code::Icd9, M_CLIN | M_PROC, 1.6, "PT,HT:.3,AB:.6", false, "International Classification of Diseases, Ninth Revision, Clinical Modification", "2014"),
    sab!("MTHICD9", ENG, 0, 10.0, 0, Generic, Code::Icd9, M_DISO | M_FIND | M_INJ, 1.1, "ET", false, "Metathesaurus additional entry terms for ICD-9-CM", "2014"),
    sab!("ICD10", ENG, 3, 20.0, F_ICD10, Icd, Code::Icd10, M_CLIN, 1.3, "PT,HT:.3,PS:.1,PX:.05,HX:.05,HS:.05", false, "International Classification of Diseases and Related Health Problems, Tenth Revision", "2004"),
    sab!("ICD10AM", ENG, 3, 35.0, 0, Icd, Code::Icd10, M_CLIN | M_PROC, 1.3, "PT,HT:.3,PS:.1,PX:.05", false, "ICD-10, Australian Modification", "2000"),
    sab!("NCBI", ENG, 0, 800.0, 0, Ncbi, Code::Num(0), M_ORG, 1.5, "SCN,SY:.5,EQ:.1,CMN:.2,UCN:.05,USY:.05,ACR:.05,BN:.02,AUN:.05,UAUN:.02", false, "NCBI Taxonomy", "2023_10_27"),
    sab!("FMA", ENG, 0, 250.0, 0, Generic, Code::Num(0), M_ANAT, 1.7, "PT,SY:.8,OP:.02", true, "Foundational Model of Anatomy Ontology", "4_15"),
    sab!("UWDA", ENG, 0, 100.0, 0, Generic, Code::Num(0), M_ANAT, 1.4, "PT,SY:.5", true, "University of Washington Digital Anatomist", "173"),
    sab!("DRUGBANK", ENG, 0, 100.0, 0, Generic, Code::Pre("DB", 5), M_CHEM | M_PROT, 3.0, "IN,SY:2,FSY:.5,BN:.3", false, "DrugBank", "5.1_2023_01_04"),
    sab!("MTHSPL", ENG, 0, 350.0, 0, DrugList, Code::Unii, M_DRUG | M_CHEM | M_PROT, 1.5, "DP,SU:1,MTH_RXN_DP:.2", false, "FDA Structured Product Labels", "2023_10_25"),
    sab!("VANDF", ENG, 0, 60.0, 0, DrugList, Code::Num(7), M_DRUG | M_CHEM, 1.6, "CD,IN:.5,PT:.5,AB:.3", false, "National Drug File", "2023_10_02"),
    sab!("ATC", ENG, 0, 8.0, 0, Generic, Code::Atc, M_CHEM | M_DRUG, 1.2, "IN,RXN_IN:.5,RXN_PT:.3", false, "Anatomical Therapeutic Chemical Classification System", "2023_05_01"),
    sab!("MED-RT", ENG, 0, 60.0, 0, Generic, Code::Pre("N", 10), M_CHEM | M_DISO | M_PHYS | M_DRUG, 1.6, "PT,SY:.8,FN:.5", false, "Medication Reference Terminology", "2023_10_02"),
    sab!("USP", ENG, 0, 10.0, 0, DrugList, Code::Pre("USP", 6), M_DRUG | M_CHEM, 1.3, "CD,IN:.5,DF:.1", false, "USP Compendial Nomenclature", "2023_09_01"),
    sab!("CVX", ENG, 0, 1.0, 0, Generic, Code::Num(0), M_DRUG | M_CHEM | M_PROT, 1.5, "PT,AB:.5,OP:.1", false, "Vaccines Administered", "2023_10_11"),
    sab!("MMSL", ENG, 1, 120.0, 0, DrugList, Code::Num(5), M_DRUG | M_CHEM, 1.7, "CD,BD:.5,GN:.3,MS:.3,SC:.05", false, "Multum", "2023_10_02"),
    sab!("MMX", ENG, 2, 120.0, 0, DrugList, Code::Num(6), M_DRUG | M_CHEM, 1.6, "CD,BD:.6,MS:.3", false, "Micromedex RED BOOK", "2023_09_25"),
    sab!("GS", ENG, 3, 150.0, 0, DrugList, Code::Num(7), M_DRUG | M_CHEM, 1.6, "CD,BD:.6", false, "Gold Standard Drug Database", "2023_10_02"),
    sab!("NDDF", ENG, 3, 120.0, 0, DrugList, Code::Num(6), M_DRUG | M_CHEM, 1.7, "CDC,CDD:.5,CDA:.3,IN:.3,DF:.02", false, "FDB MedKnowledge", "2023_10_04"),
    sab!("MDDB", ENG, 3, 60.0, 0, DrugList, Code::Num(6), M_DRUG | M_CHEM, 1.6, "CD,IN:.5,DF:.05", false, "Master Drug Data Base", "2023_10_04"),
    sab!("MEDCIN", ENG, 3, 700.0, 0, Generic, Code::Num(6), M_CLIN | M_PROC | M_LAB | M_DRUG | M_CHEM | M_ANAT, 1.8, "FN,PT:1,XM:.3", false, "MEDCIN", "2023_09_15"),
    sab!("CHV", ENG, 0, 250.0, 0, Chv, Code::Num(10), M_CLIN | M_CHEM | M_DRUG | M_ANAT | M_PROC | M_ORG | M_MISC | M_CONC, 2.0, "PT,SY:1.5", false, "Consumer Health Vocabulary", "2011_02"),
    sab!("RCD", ENG, 3, 350.0, 0, Generic, Code::Read, M_CLIN | M_PROC | M_ANAT | M_CHEM | M_DRUG | M_ORG | M_MISC | M_CONC, 2.0, "PT,SY:.8,AB:.4,OP:.1,OA:.1,OAS:.05,OAP:.05", false, "Read Codes", "99"),
    sab!("SNOMEDCT_VET", ENG, 9, 60.0, 0, Snomed, Code::Snomed, M_ORG | M_DISO | M_FIND | M_ANAT | M_PROC, 2.6, "PT,FN!,SY:1", false, "Veterinary Extension to SNOMED CT", "2023_10_01"),
    sab!("SNMI", ENG, 9, 60.0, 0, Generic, Code::Pre("", 0), M_CLIN | M_ANAT | M_PROC | M_CHEM | M_ORG, 1.5, "PT,HT:.1,PX:.1,SY:.5", false, "SNOMED International", "1998"),
    sab!("PDQ", ENG, 0, 30.0, 0, Generic, Code::Pre("CDR", 10), M_NEOP | M_PROC | M_CHEM | M_DRUG | M_CONC, 2.0, "PT,SY:1,PSC:.1,IS:.05,OP:.05", true, "Physician Data Query", "2023_07_31"),
    sab!("CSP", ENG, 0, 25.0, 0, Generic, Code::Csp, M_CLIN | M_PROC | M_CHEM | M_PHYS | M_PROT | M_ANAT | M_CONC, 1.6, "PT,ET:1,SY:.3", true, "CRISP Thesaurus", "2006"),
    sab!("AOD", ENG, 0, 20.0, 0, Generic, Code::Num(7), M_CONC | M_MISC | M_CLIN | M_CHEM, 1.5, "DE,NP:.5,ET:.3,DS:.1,ES:.1,EX:.1,FN:.1,NS:.1,NX:.1,XD:.1", false, "Alcohol and Other Drug Thesaurus", "2000"),
    sab!("CST", ENG, 0, 5.0, 0, Generic, Code::Pre("", 0), M_CLIN, 1.3, "PT,GT:.3,HT:.1,SC:.05", false, "COSTART", "1995"),
    sab!("DXP", ENG, 0, 10.0, 0, Generic, Code::Pre("U", 6), M_CLIN, 1.5, "DI,FI:.5,SY:.5", false, "DXplain", "1994"),
    sab!("UMD", ENG, 1, 20.0, F_UMD, Generic, Code::Num(5), M_DEVI, 1.5, "PT,ET:.5,HT:.1", true, "UMDNS: product category thesaurus", "2023"),
    sab!("SPN", ENG, 0, 5.0, 0, Generic, Code::Pre("", 0), M_DEVI, 1.0, "PT", false, "Standard Product Nomenclature", "2003"),
    sab!("DDB", ENG, 3, 20.0, 0, Generic, Code::Num(5), M_DISO | M_FIND | M_CHEM | M_ORG, 1.5, "PT,SY:.5", false, "Diseases Database", "2000"),
    sab!("PSY", ENG, 3, 12.0, 0, Generic, Code::Num(5), M_DISO | M_FIND | M_MISC | M_CONC | M_PROC, 1.3, "PT,HT:.2", false, "Psychological Index Terms", "2004"),
    sab!("NEU", ENG, 3, 20.0, 0, Generic, Code::Num(4), M_ANAT | M_DISO | M_FIND, 1.4, "PT,ACR:.2,OP:.05,IS:.05", false, "Neuronames Brain Hierarchy", "99"),
    sab!("ICNP", ENG, 3, 12.0, 0, Generic, Code::Num(8), M_FIND | M_PROC | M_CONC, 1.1, "PT", false, "International Classification for Nursing Practice", "2019"),
    sab!("NIC", ENG, 3, 2.0, 0, Generic, Code::Num(4), M_PROC, 1.4, "IV,AC:.5", true, "Nursing Interventions Classification", "2008"),
    sab!("NOC", ENG, 3, 4.0, 0, Generic, Code::Num(4), M_FIND | M_CONC, 1.4, "OC,ID:.5", true, "Nursing Outcomes Classification", "2008"),
    sab!("HL7V3.0", ENG, 0, 10.0, 0, Generic, Code::Hl7, M_CONC | M_MISC, 1.4, "CDO,CSY:.3,VS:.3,BR:.1,CPR:.1", true, "HL7 Version 3.0", "2023_09"),
    sab!("LCH_NW", ENG, 0, 12.0, 0, Generic, Code::Pre("sh", 8), M_CONC | M_MISC | M_DISO, 1.2, "PT,XD:.2", false, "Library of Congress Subject Headings, Northwestern University subset", "2008"),
    sab!("MTHMST", ENG, 0, 2.0, F_MST, Generic, Code::Pre("", 0), M_FIND | M_PROC | M_ANAT, 1.3, "PT,SY:.3", false, "Minimal Standard Terminology Digestive Endoscopy", "2001"),
    sab!("ICF", ENG, 4, 3.0, 0, Generic, Code::Pre("b", 4), M_PHYS | M_FIND | M_MISC | M_CONC, 1.2, "PT,HT:.2", true, "International Classification of Functioning, Disability and Health", "2009"),
    sab!("CCS", ENG, 0, 2.0, 0, Generic, Code::Ccs, M_DISO | M_PROC, 1.2, "MD,SD:.5,MV:.3,SX:.3", false, "Clinical Classifications Software", "2005"),
    sab!("CCSR_ICD10CM", ENG, 0, 1.0, 0, Generic, Code::Pre("CIR", 3), M_DISO, 1.0, "SD", false, "Clinical Classifications Software Refined for ICD-10-CM", "2023"),
    sab!("CDT", ENG, 3, 1.5, 0, Cpt, Code::Pre("D", 4), M_PROC, 1.2, "PT,OP:.1", false, "CDT", "2024"),
    sab!("ICPC", ENG, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.2, "PT,CC:.2,CP:.2,CS:.2,CX:.2,HT:.1,PC:.1,PS:.1,PX:.1", false, "International Classification of Primary Care", "1993"),
    sab!("ICPC2P", ENG, 3, 20.0, 0, Generic, Code::Icpc, M_CLIN | M_PROC, 1.1, "PT,OP:.05", false, "ICPC-2 PLUS", "2005"),
    sab!("ICPC2ICD10ENG", ENG, 3, 80.0, F_ICPC2, Generic, Code::Icpc, M_CLIN, 1.3, "PT", false, "ICPC2-ICD10 Thesaurus", "200412"),
    sab!("WHO", ENG, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART", "1997"),
    // translations and other non-English sources
    sab!("SCTSPA", SPA, 9, 2800.0, F_SCT, Snomed, Code::Snomed, SCT_GROUPS, 6.5, "PT,FN!,SY:5,OAF:.1,OAP:.1,OAS:.1,OF:.05,OP:.03,IS:.05", false, "SNOMED CT Spanish Edition", "2023_10_31"),
    sab!("MSHSPA", SPA, 3, 412.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Descriptores en Ciencias de la Salud", "2023"),
    sab!("MSHPOR", POR, 3, 412.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, true, "Descritores em Ciências da Saúde", "2023"),
    sab!("MSHFRE", FRE, 3, 412.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Thésaurus Biomédical Français/Anglais", "2023"),
    sab!("MSHGER", GER, 3, 350.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "German translation of the Medical Subject Headings", "2023"),
    sab!("MSHITA", ITA, 3, 275.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Italian translation of Medical Subject Headings", "2023"),
    sab!("MSHDUT", DUT, 3, 275.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Dutch Translation of the Medical Subject Headings", "2005"),
    sab!("MSHCZE", CZE, 3, 275.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, true, "Czech translation of the Medical Subject Headings", "2023"),
    sab!("MSHJPN", JPN, 3, 450.0, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.9, MSHT_TTYS, false, "Japanese translation of the Medical Subject Headings", "2023"),
    sab!("MSHRUS", RUS, 3, 212.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Russian Translation of the Medical Subject Headings", "2023"),
    sab!("MSHPOL", POL, 3, 137.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Polish translation of the Medical Subject Headings", "2023"),
    sab!("MSHNOR", NOR, 3, 87.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, true, "Norwegian translation of the Medical Subject Headings", "2023"),
    sab!("MSHSWE", SWE, 3, 112.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Swedish translation of the Medical Subject Headings", "2023"),
    sab!("MSHFIN", FIN, 3, 87.5, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.5, MSHT_TTYS, false, "Finnish translation of the Medical Subject Headings", "2008"),
    sab!("MSHLAV", LAV, 3, 31.2, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.3, MSHT_TTYS, false, "Latvian translation of the Medical Subject Headings", "2012"),
    sab!("MSHSCR", SCR, 3, 56.2, F_MSH, Mesh, Code::Mesh, MSH_GROUPS, 2.3, MSHT_TTYS, true, "Croatian translation of the Medical Subject Headings", "2012"),
    sab!("MDRSPA", SPA, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Spanish", "26_1"),
    sab!("MDRFRE", FRE, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA French", "26_1"),
    sab!("MDRGER", GER, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA German", "26_1"),
    sab!("MDRITA", ITA, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Italian", "26_1"),
    sab!("MDRDUT", DUT, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Dutch", "26_1"),
    sab!("MDRPOR", POR, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Portuguese", "26_1"),
    sab!("MDRBPO", POR, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Brazilian Portuguese", "26_1"),
    sab!("MDRCZE", CZE, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Czech", "26_1"),
    sab!("MDRHUN", HUN, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Hungarian", "26_1"),
    sab!("MDRJPN", JPN, 3, 290.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 3.5, "PT,LLT:2,PTJKN:1,LLTJKN:1.5,PTJKN1:.3,LLTJKN1:.3,HTJKN:.05,OL:.3", false, "MedDRA Japanese", "26_1"),
    sab!("MDRRUS", RUS, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Russian", "26_1"),
    sab!("MDRKOR", KOR, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Korean", "26_1"),
    sab!("MDRARA", ARA, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Arabic", "26_1"),
    sab!("MDRGRE", GRE, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Greek", "26_1"),
    sab!("MDRSWE", SWE, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Swedish", "26_1"),
    sab!("MDRPOL", POL, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Polish", "26_1"),
    sab!("MDRLAV", LAV, 3, 125.0, F_MDR, Mdr, Code::Mdr, MDR_GROUPS, 2.2, MDR_TTYS, false, "MedDRA Latvian", "26_1"),
    sab!("LNC-ZH-CN", CHI, 0, 195.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Chinese, China", "276"),
    sab!("LNC-ES-ES", SPA, 0, 172.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Spanish, Spain", "276"),
    sab!("LNC-ES-AR", SPA, 0, 149.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Spanish, Argentina", "276"),
    sab!("LNC-FR-FR", FRE, 0, 138.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - French, France", "276"),
    sab!("LNC-FR-BE", FRE, 0, 80.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - French, Belgium", "276"),
    sab!("LNC-FR-CA", FRE, 0, 115.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - French, Canada", "276"),
    sab!("LNC-DE-DE", GER, 0, 92.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - German, Germany", "276"),
    sab!("LNC-IT-IT", ITA, 0, 138.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Italian, Italy", "276"),
    sab!("LNC-NL-NL", DUT, 0, 115.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Dutch, Netherlands", "276"),
    sab!("LNC-PT-BR", POR, 0, 138.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Portuguese, Brazil", "276"),
    sab!("LNC-RU-RU", RUS, 0, 80.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Russian, Russia", "276"),
    sab!("LNC-TR-TR", TUR, 0, 138.0, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Turkish, Turkey", "276"),
    sab!("LNC-ET-EE", EST, 0, 80.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Estonian, Estonia", "276"),
    sab!("LNC-KO-KR", KOR, 0, 80.5, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Korean, Korea", "276"),
    sab!("LNC-EL-GR", GRE, 0, 28.7, F_LNC, Loinc, Code::Loinc, LNC_GROUPS, 2.1, LNCT_TTYS, false, "LOINC Linguistic Variant - Greek, Greece", "276"),
    sab!("WHOFRE", FRE, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART French", "1997"),
    sab!("WHOGER", GER, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART German", "1997"),
    sab!("WHOPOR", POR, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART Portuguese", "1997"),
    sab!("WHOSPA", SPA, 2, 10.0, F_WHO, Generic, Code::Pre("", 4), M_DISO | M_FIND, 1.2, "PT,HT:.1,OS:.1,IT:.1", false, "WHOART Spanish", "1997"),
    sab!("MTHMSTFRE", FRE, 0, 2.0, F_MST, Generic, Code::Pre("", 0), M_FIND | M_PROC | M_ANAT, 1.2, "PT,SY:.3", false, "Minimal Standard Terminology French", "2001"),
    sab!("MTHMSTITA", ITA, 0, 2.0, F_MST, Generic, Code::Pre("", 0), M_FIND | M_PROC | M_ANAT, 1.2, "PT,SY:.3", false, "Minimal Standard Terminology Italian", "2001"),
    sab!("DMDICD10", GER, 3, 45.0, F_ICD10, Icd, Code::Icd10, M_CLIN, 1.3, "PT,HT:.2", false, "ICD-10 German", "1995"),
    sab!("ICD10DUT", DUT, 3, 45.0, F_ICD10, Icd, Code::Icd10, M_CLIN, 1.3, "PT,HT:.2", false, "ICD10, Dutch Translation", "200403"),
    sab!("KCD5", KOR, 3, 80.0, F_ICD10, Icd, Code::Icd10, M_CLIN, 1.4, "PT,HT:.2", false, "Korean Standard Classification of Disease", "2008"),
    sab!("CPTSP", SPA, 3, 45.0, F_CPT, Cpt, Code::Cpt, M_PROC | M_LAB, 1.2, "PT", false, "CPT Spanish", "2001"),
    sab!("MEDLINEPLUS_SPA", SPA, 0, 5.0, F_MLP, Generic, Code::Num(4), M_DISO | M_PROC | M_FIND | M_NEOP, 1.8, "PT,ET:1,SY:.5", true, "MedlinePlus Spanish Health Topics", "20231018"),
    sab!("DMDUMD", GER, 1, 20.0, F_UMD, Generic, Code::Num(5), M_DEVI, 1.4, "PT,ET:.5", false, "UMDNS German", "1996"),
    sab!("ICPCFRE", FRE, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC French", "1993"),
    sab!("ICPCGER", GER, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC German", "1993"),
    sab!("ICPCSPA", SPA, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC Spanish", "1993"),
    sab!("ICPCDUT", DUT, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC Dutch", "1993"),
    sab!("ICPCHEB", HEB, 0, 1.0, F_ICPC, Generic, Code::Icpc, M_DISO | M_FIND | M_PROC, 1.1, "PT", false, "ICPC Hebrew", "1993"),
    sab!("ICPC2ICD10DUT", DUT, 3, 90.0, F_ICPC2, Generic, Code::Icpc, M_CLIN, 1.3, "PT", false, "ICPC2-ICD10 Thesaurus, Dutch Translation", "200412"),
    // source-level concepts (root/version names of every source); not sampled
    sab!("SRC", ENG, 0, 0.0, 0, Src, Code::Src, 0, 1.0, "RPT,RAB,RHT,RSY,SSN,VPT,VAB,VSY", false, "Metathesaurus Source Terminology Names", "2024AA"),
];

/// TTYs of obsolete atoms: SUPPRESS=O in MRCONSO, Y in MRRANK.
const OBSOLETE_TTYS: &[&str] = &[
    "OP", "IS", "OAF", "OAP", "OAS", "OF", "OL", "OET", "OA", "LO", "OLC", "OOSN", "DPT", "DSY",
    "DHT", "OM", "OLX",
];
/// TTYs suppressible by (SAB, TTY): SUPPRESS=Y.
const SUPPRESSIBLE_TTYS: &[&str] = &[
    "PTGB", "SYGB", "TMSY", "DSV", "QSV", "LS", "XM", "PXQ", "CSN", "UAUN", "UCN", "USY", "PTJKN1",
    "LLTJKN1",
];

// ================================================================================================
// Vocabulary (small hand-written lists; open classes are completed by pseudo-words)
// ================================================================================================

/// (noun, adjective) for organs and regions.
const ORGANS: &[(&str, &str)] = &[
    ("heart", "cardiac"),
    ("liver", "hepatic"),
    ("kidney", "renal"),
    ("lung", "pulmonary"),
    ("spleen", "splenic"),
    ("pancreas", "pancreatic"),
    ("stomach", "gastric"),
    ("colon", "colonic"),
    ("rectum", "rectal"),
    ("esophagus", "esophageal"),
    ("duodenum", "duodenal"),
    ("jejunum", "jejunal"),
    ("ileum", "ileal"),
    ("cecum", "cecal"),
    ("appendix", "appendiceal"),
    ("gallbladder", "gallbladder"),
    ("urinary bladder", "vesical"),
    ("urethra", "urethral"),
    ("ureter", "ureteral"),
    ("prostate", "prostatic"),
    ("uterus", "uterine"),
    ("ovary", "ovarian"),
    ("testis", "testicular"),
    ("thyroid gland", "thyroid"),
    ("adrenal gland", "adrenal"),
    ("pituitary gland", "pituitary"),
    ("thymus", "thymic"),
    ("brain", "cerebral"),
    ("cerebellum", "cerebellar"),
    ("brainstem", "brainstem"),
    ("spinal cord", "spinal"),
    ("retina", "retinal"),
    ("cornea", "corneal"),
    ("lens", "lenticular"),
    ("iris", "iridial"),
    ("skin", "cutaneous"),
    ("bone marrow", "medullary"),
    ("lymph node", "nodal"),
    ("tonsil", "tonsillar"),
    ("larynx", "laryngeal"),
    ("pharynx", "pharyngeal"),
    ("trachea", "tracheal"),
    ("bronchus", "bronchial"),
    ("aorta", "aortic"),
    ("coronary artery", "coronary"),
    ("carotid artery", "carotid"),
    ("jugular vein", "jugular"),
    ("portal vein", "portal"),
    ("femur", "femoral"),
    ("tibia", "tibial"),
    ("fibula", "fibular"),
    ("humerus", "humeral"),
    ("radius", "radial"),
    ("ulna", "ulnar"),
    ("scapula", "scapular"),
    ("clavicle", "clavicular"),
    ("sternum", "sternal"),
    ("rib", "costal"),
    ("patella", "patellar"),
    ("pelvis", "pelvic"),
    ("sacrum", "sacral"),
    ("mandible", "mandibular"),
    ("maxilla", "maxillary"),
    ("skull", "cranial"),
    ("vertebra", "vertebral"),
    ("intervertebral disc", "discal"),
    ("meniscus", "meniscal"),
    ("tendon", "tendinous"),
    ("ligament", "ligamentous"),
    ("cartilage", "chondral"),
    ("synovial membrane", "synovial"),
    ("skeletal muscle", "muscular"),
    ("diaphragm", "diaphragmatic"),
    ("peritoneum", "peritoneal"),
    ("pleura", "pleural"),
    ("pericardium", "pericardial"),
    ("mitral valve", "mitral"),
    ("tricuspid valve", "tricuspid"),
    ("aortic valve", "aortic valve"),
    ("pulmonary valve", "pulmonic"),
    ("left ventricle", "left ventricular"),
    ("right atrium", "right atrial"),
    ("hippocampus", "hippocampal"),
    ("thalamus", "thalamic"),
    ("hypothalamus", "hypothalamic"),
    ("cerebral cortex", "cortical"),
    ("basal ganglia", "basal ganglia"),
    ("optic nerve", "optic"),
    ("sciatic nerve", "sciatic"),
    ("vagus nerve", "vagal"),
    ("facial nerve", "facial nerve"),
    ("trigeminal nerve", "trigeminal"),
    ("median nerve", "median nerve"),
    ("breast", "mammary"),
    ("axilla", "axillary"),
    ("groin", "inguinal"),
    ("abdomen", "abdominal"),
    ("thorax", "thoracic"),
    ("neck", "cervical"),
    ("shoulder", "shoulder"),
    ("elbow", "elbow"),
    ("wrist", "wrist"),
    ("hand", "hand"),
    ("index finger", "finger"),
    ("thumb", "thumb"),
    ("hip", "hip"),
    ("knee", "knee"),
    ("ankle", "ankle"),
    ("foot", "foot"),
    ("great toe", "toe"),
    ("forearm", "forearm"),
    ("thigh", "thigh"),
    ("lower leg", "leg"),
    ("upper arm", "arm"),
    ("scalp", "scalp"),
    ("face", "facial"),
    ("lip", "labial"),
    ("tongue", "lingual"),
    ("gingiva", "gingival"),
    ("tooth", "dental"),
    ("palate", "palatal"),
    ("nasal cavity", "nasal"),
    ("maxillary sinus", "sinus"),
    ("middle ear", "otic"),
    ("cochlea", "cochlear"),
    ("eyelid", "palpebral"),
    ("conjunctiva", "conjunctival"),
    ("lacrimal gland", "lacrimal"),
    ("parotid gland", "parotid"),
    ("bile duct", "biliary"),
    ("epididymis", "epididymal"),
    ("cervix uteri", "cervical"),
    ("vagina", "vaginal"),
    ("vulva", "vulvar"),
    ("placenta", "placental"),
    ("umbilical cord", "umbilical"),
    ("nail", "ungual"),
    ("hair follicle", "follicular"),
    ("salivary gland", "salivary"),
    ("small intestine", "intestinal"),
    ("large intestine", "colorectal"),
    ("anus", "anal"),
    ("omentum", "omental"),
    ("mesentery", "mesenteric"),
    ("lumbar vertebra", "lumbar"),
    ("cervical vertebra", "cervical spine"),
    ("thoracic vertebra", "thoracic spine"),
    ("endometrium", "endometrial"),
    ("myocardium", "myocardial"),
    ("endocardium", "endocardial"),
    ("glomerulus", "glomerular"),
    ("renal pelvis", "pyelic"),
    ("renal tubule", "tubular"),
    ("alveolus", "alveolar"),
    ("bronchiole", "bronchiolar"),
    ("pancreatic islet", "islet"),
    ("lymphatic vessel", "lymphatic"),
    ("capillary", "capillary"),
    ("arteriole", "arteriolar"),
];

const ANAT_PARTS: &[&str] = &[
    "upper lobe",
    "lower lobe",
    "middle lobe",
    "body",
    "head",
    "neck",
    "tail",
    "base",
    "apex",
    "wall",
    "mucosa",
    "submucosa",
    "serosa",
    "lumen",
    "anterior surface",
    "posterior surface",
    "lateral border",
    "medial border",
    "cortex",
    "medulla",
    "capsule",
    "hilum",
    "fundus",
    "shaft",
    "distal end",
    "proximal end",
    "epiphysis",
    "metaphysis",
    "diaphysis",
    "condyle",
    "tubercle",
    "process",
    "segment",
    "lobe",
    "branch",
    "root",
    "orifice",
    "margin",
    "pole",
    "isthmus",
    "crest",
    "fossa",
    "septum",
    "trunk",
    "ostium",
    "vascular supply",
    "nerve supply",
    "lymphatic drainage",
    "interior",
    "skin",
    "connective tissue",
];

const SIDES: &[&str] = &["left", "right", "bilateral"];
const POSITIONS: &[&str] = &[
    "anterior",
    "posterior",
    "medial",
    "lateral",
    "proximal",
    "distal",
    "superior",
    "inferior",
    "deep",
    "superficial",
    "internal",
    "external",
    "central",
    "peripheral",
    "dorsal",
    "ventral",
    "upper",
    "lower",
];
const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
];
const ROMAN: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];
const GREEK: &[&str] = &[
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega",
];

const DISEASE_HEADS: &[&str] = &[
    "disease",
    "disorder",
    "syndrome",
    "failure",
    "insufficiency",
    "infection",
    "inflammation",
    "ulcer",
    "hemorrhage",
    "infarction",
    "ischemia",
    "thrombosis",
    "embolism",
    "stenosis",
    "atresia",
    "hypoplasia",
    "aplasia",
    "dysplasia",
    "hyperplasia",
    "hypertrophy",
    "atrophy",
    "fibrosis",
    "sclerosis",
    "necrosis",
    "edema",
    "obstruction",
    "perforation",
    "prolapse",
    "hernia",
    "fistula",
    "calculus",
    "deficiency",
    "anomaly",
    "malformation",
    "degeneration",
    "dystrophy",
    "abscess",
    "cyst",
    "lesion",
    "dysfunction",
    "neuropathy",
    "calcification",
    "aneurysm",
    "dissection",
    "rupture",
    "torsion",
    "abnormality",
    "cellulitis",
    "gangrene",
    "ectasia",
    "agenesis",
    "duplication",
    "laceration",
    "contusion",
];

const MODIFIERS: &[&str] = &[
    "acute",
    "chronic",
    "subacute",
    "recurrent",
    "congenital",
    "hereditary",
    "familial",
    "idiopathic",
    "primary",
    "secondary",
    "diffuse",
    "focal",
    "multifocal",
    "generalized",
    "localized",
    "severe",
    "mild",
    "moderate",
    "early-onset",
    "late-onset",
    "juvenile",
    "adult-onset",
    "neonatal",
    "infantile",
    "drug-induced",
    "alcohol-induced",
    "postoperative",
    "post-traumatic",
    "postinfectious",
    "allergic",
    "autoimmune",
    "toxic",
    "viral",
    "bacterial",
    "fungal",
    "parasitic",
    "tuberculous",
    "obstructive",
    "nonobstructive",
    "ulcerative",
    "erosive",
    "hemorrhagic",
    "necrotizing",
    "suppurative",
    "granulomatous",
    "interstitial",
    "calcific",
    "cystic",
    "polycystic",
    "atypical",
    "progressive",
    "transient",
    "persistent",
    "intermittent",
    "asymptomatic",
    "symptomatic",
    "refractory",
    "benign",
    "complicated",
    "uncomplicated",
    "unilateral",
    "ischemic",
    "degenerative",
    "inflammatory",
    "traumatic",
    "iatrogenic",
    "radiation-induced",
    "paroxysmal",
    "hypertensive",
    "diabetic",
    "nodular",
    "senile",
    "neurogenic",
    "reactive",
    "spontaneous",
    "occupational",
    "exertional",
    "nocturnal",
    "seasonal",
];

const STEMS: &[&str] = &[
    "hepat",
    "nephr",
    "neur",
    "cardi",
    "gastr",
    "enter",
    "col",
    "oste",
    "arthr",
    "derm",
    "my",
    "angi",
    "lymphaden",
    "hem",
    "thromb",
    "leuk",
    "erythr",
    "cholang",
    "cholecyst",
    "pancreat",
    "encephal",
    "mening",
    "myel",
    "retin",
    "kerat",
    "blephar",
    "rhin",
    "ot",
    "laryng",
    "pharyng",
    "trache",
    "bronch",
    "pneumon",
    "pleur",
    "pericard",
    "endocard",
    "myocard",
    "aort",
    "arter",
    "phleb",
    "cyst",
    "urethr",
    "ureter",
    "pyel",
    "glomerul",
    "prostat",
    "orch",
    "oophor",
    "salping",
    "hyster",
    "metr",
    "mast",
    "thyr",
    "adren",
    "splen",
    "lip",
    "chondr",
    "fibr",
    "spondyl",
    "tendin",
    "burs",
    "fasc",
    "vascul",
    "sial",
    "stomat",
    "gingiv",
    "gloss",
    "esophag",
    "duoden",
    "ile",
    "jejun",
    "proct",
    "sigmoid",
    "append",
    "periton",
    "dacryocyst",
    "scler",
    "uve",
    "choroid",
    "cervic",
    "vagin",
    "vulv",
    "balan",
    "epididym",
    "radicul",
    "gangli",
    "cerebell",
    "dent",
    "odont",
    "rhabdomy",
    "leiomy",
    "hidraden",
    "onych",
    "trich",
    "cheil",
];
const SUFFIX_DISEASE: &[&str] = &[
    "itis",
    "osis",
    "opathy",
    "omegaly",
    "algia",
    "omalacia",
    "osclerosis",
    "orrhagia",
    "otoxicity",
    "ectasia",
    "odynia",
    "ospasm",
    "optosis",
    "ocele",
    "olithiasis",
    "oma",
    "odysplasia",
    "otrophy",
    "ostenosis",
    "orrhexis",
];
const SUFFIX_PROC: &[&str] = &[
    "ectomy",
    "otomy",
    "ostomy",
    "oplasty",
    "oscopy",
    "ography",
    "orrhaphy",
    "opexy",
    "otripsy",
    "odesis",
    "ocentesis",
    "olysis",
];

const EPONYMS: &[&str] = &[
    "Parkinson",
    "Alzheimer",
    "Crohn",
    "Hodgkin",
    "Cushing",
    "Addison",
    "Graves",
    "Hashimoto",
    "Huntington",
    "Marfan",
    "Down",
    "Turner",
    "Klinefelter",
    "Wilson",
    "Gaucher",
    "Fabry",
    "Pompe",
    "Tay-Sachs",
    "Niemann-Pick",
    "Ehlers-Danlos",
    "Guillain-Barré",
    "Kawasaki",
    "Behçet",
    "Sjögren",
    "Raynaud",
    "Paget",
    "Bell",
    "Tourette",
    "Asperger",
    "Duchenne",
    "Becker",
    "Charcot-Marie-Tooth",
    "Creutzfeldt-Jakob",
    "Wernicke",
    "Korsakoff",
    "Ménière",
    "Peyronie",
    "Dupuytren",
    "Osgood-Schlatter",
    "Legg-Calvé-Perthes",
    "Kaposi",
    "Burkitt",
    "Ewing",
    "Wilms",
    "Hirschsprung",
    "Kartagener",
    "Zollinger-Ellison",
    "Budd-Chiari",
    "Mallory-Weiss",
    "Barrett",
    "Stevens-Johnson",
    "Reye",
    "Rett",
    "Prader-Willi",
    "Angelman",
    "Noonan",
    "Williams",
    "DiGeorge",
    "Fanconi",
    "Bartter",
    "Gitelman",
    "Alport",
    "Conn",
    "Sheehan",
    "Kallmann",
    "Lesch-Nyhan",
    "Hurler",
    "Hunter",
    "Sanfilippo",
    "Morquio",
    "Bloom",
    "Cockayne",
    "Werner",
    "Sturge-Weber",
    "von Hippel-Lindau",
    "von Willebrand",
    "Lynch",
    "Li-Fraumeni",
    "Peutz-Jeghers",
    "Gardner",
    "Cowden",
    "Leigh",
    "Alexander",
    "Canavan",
    "Krabbe",
    "Refsum",
    "Zellweger",
    "Menkes",
    "Wolfram",
    "Usher",
    "Waardenburg",
    "Treacher Collins",
    "Pierre Robin",
    "Apert",
    "Crouzon",
    "Pfeiffer",
    "Holt-Oram",
    "Bardet-Biedl",
    "Joubert",
    "Dandy-Walker",
    "Arnold-Chiari",
    "Brugada",
    "Wolff-Parkinson-White",
    "Eisenmenger",
    "Takayasu",
    "Churg-Strauss",
    "Goodpasture",
    "Berger",
    "Whipple",
    "Gilbert",
    "Crigler-Najjar",
    "Dubin-Johnson",
    "Caroli",
    "Alagille",
    "Hartnup",
    "Lowe",
    "Dent",
    "Liddle",
];

/// Syllables of pseudo-words (surnames, brands, drug stems, places, genera).
const SYL: &[&str] = &[
    "ka", "ro", "vel", "mar", "tin", "zo", "len", "sa", "bri", "dor", "qui", "lo", "fen", "ta",
    "mi", "ver", "na", "gal", "to", "ri", "bel", "cor", "da", "lum", "pra", "sen", "ti", "vo",
    "xa", "zer", "al", "ben", "cal", "der", "el", "fal", "gor", "hal", "il", "jor", "kel", "lan",
    "mon", "nor", "ol", "pen", "ran", "sol", "tor", "ul", "var", "wen", "yar", "zan", "ar", "bo",
    "ce", "di", "es", "fi", "go", "ha", "is", "ju", "ke", "li", "mo", "ne", "os", "pi", "ra", "se",
    "tu", "ur", "vi", "wa", "xe", "ya", "zu", "stra", "bren", "clo", "dra", "fle", "gra", "kra",
    "plo", "tri", "vra",
];
const SURNAME_END: &[&str] = &[
    "son", "sen", "berg", "stein", "mann", "ler", "ini", "elli", "ez", "ov", "ova", "ski", "ska",
    "ard", "et", "ier", "ey", "er", "in", "an", "ton", "well", "ford", "ström", "ek", "ić", "escu",
    "oğlu", "ard", "ault",
];
const PLACE_END: &[&str] = &[
    "ville", "burg", "ton", "ford", "stad", "grad", "polis", "abad", "pur", "berg", "holm", "wick",
    "field", "mouth", "dale", "haven", "port",
];

const INN_SUFFIX: &[&str] = &[
    "mab",
    "zumab",
    "ximab",
    "umab",
    "tinib",
    "ciclib",
    "rafenib",
    "lisib",
    "parib",
    "pril",
    "sartan",
    "olol",
    "azole",
    "conazole",
    "cillin",
    "mycin",
    "floxacin",
    "cycline",
    "vir",
    "previr",
    "statin",
    "dipine",
    "prazole",
    "tide",
    "glutide",
    "parin",
    "triptan",
    "semide",
    "thiazide",
    "lukast",
    "gliptin",
    "gliflozin",
    "caine",
    "zepam",
    "zolam",
    "barbital",
    "done",
    "fentanil",
    "setron",
    "dronate",
    "profen",
    "coxib",
    "sone",
    "olone",
    "cort",
    "oxetine",
    "pramine",
    "peridol",
    "tidine",
    "dronic acid",
    "plase",
    "cept",
    "kinra",
    "stim",
    "tecan",
    "taxel",
    "rubicin",
    "platin",
    "mustine",
    "trexate",
    "uracil",
    "arabine",
    "bine",
    "lutamide",
    "relin",
    "gestrel",
    "estradiol",
    "ferron",
    "nidazole",
    "quine",
    "vudine",
    "amivir",
    "bendazole",
    "terol",
    "tropium",
];
const SALTS: &[&str] = &[
    "hydrochloride",
    "sodium",
    "potassium",
    "calcium",
    "mesylate",
    "maleate",
    "fumarate",
    "sulfate",
    "citrate",
    "tartrate",
    "besylate",
    "acetate",
    "phosphate",
    "succinate",
    "bromide",
    "monohydrate",
    "dihydrate",
    "hyclate",
    "tosylate",
    "dipropionate",
];
const SUBSTITUENTS: &[&str] = &[
    "methyl",
    "ethyl",
    "propyl",
    "butyl",
    "isopropyl",
    "tert-butyl",
    "phenyl",
    "benzyl",
    "hydroxy",
    "amino",
    "nitro",
    "chloro",
    "bromo",
    "fluoro",
    "iodo",
    "methoxy",
    "ethoxy",
    "acetyl",
    "carboxy",
    "cyano",
    "oxo",
    "sulfo",
    "phospho",
    "trifluoromethyl",
    "dimethylamino",
    "hydroxymethyl",
    "piperidin-1-yl",
    "morpholin-4-yl",
    "pyridin-3-yl",
    "imidazol-1-yl",
    "thiophen-2-yl",
    "furan-2-yl",
    "cyclohexyl",
    "cyclopropyl",
    "vinyl",
    "allyl",
    "formyl",
    "carbamoyl",
    "sulfamoyl",
    "glucopyranosyl",
    "ribofuranosyl",
    "methylsulfonyl",
    "benzoyl",
    "naphthalen-1-yl",
    "diethylamino",
    "aminoethyl",
    "hydroxyethyl",
    "chlorophenyl",
    "fluorophenyl",
    "methoxyphenyl",
    "pyrrolidin-1-yl",
    "piperazin-1-yl",
    "quinolin-4-yl",
    "indol-3-yl",
];
const CORES: &[&str] = &[
    "benzene",
    "pyridine",
    "pyrimidine",
    "purine",
    "indole",
    "quinoline",
    "isoquinoline",
    "naphthalene",
    "piperazine",
    "piperidine",
    "morpholine",
    "imidazole",
    "thiazole",
    "oxazole",
    "triazole",
    "tetrazole",
    "furan",
    "thiophene",
    "pyrrole",
    "pyrazole",
    "benzimidazole",
    "benzodiazepine",
    "benzamide",
    "benzoic acid",
    "acetamide",
    "propanoic acid",
    "butanoate",
    "glycerol",
    "phosphocholine",
    "ethanolamine",
    "serine",
    "pyrrolidine",
    "azetidine",
    "oxirane",
    "cyclohexane",
    "adamantane",
    "steroid",
    "pregnane",
    "androstane",
    "estrane",
    "cholestane",
    "chromen-4-one",
    "xanthine",
    "pteridine",
    "carbazole",
    "phenothiazine",
    "urea",
    "guanidine",
    "sulfonamide",
    "carbamate",
    "hexanoic acid",
    "octadecanoate",
];
const LOCANTS: &[&str] = &[
    "1", "2", "3", "4", "5", "6", "7", "8", "N", "N,N", "O", "2,4", "1,3", "3,5", "1,2", "2,6",
    "4'", "5'", "3'", "N'", "S", "1,3,5",
];
const STEREO: &[&str] = &[
    "(S)-", "(R)-", "(2S)-", "(2R,3S)-", "(E)-", "(Z)-", "L-", "D-", "cis-", "trans-", "(+)-",
    "(-)-", "rac-", "alpha-", "beta-",
];
const ELEMENTS: &[&str] = &[
    "Sodium",
    "Potassium",
    "Calcium",
    "Magnesium",
    "Iron",
    "Zinc",
    "Copper",
    "Manganese",
    "Lithium",
    "Aluminum",
    "Silver",
    "Gold",
    "Platinum",
    "Barium",
    "Strontium",
    "Cobalt",
    "Nickel",
    "Chromium",
    "Selenium",
    "Bismuth",
    "Titanium",
    "Gadolinium",
    "Technetium Tc 99m",
    "Iodine I-131",
    "Fluorine F-18",
    "Lead",
    "Mercury",
    "Cadmium",
    "Arsenic",
    "Tin",
];
const ANIONS: &[&str] = &[
    "chloride",
    "bromide",
    "iodide",
    "fluoride",
    "oxide",
    "hydroxide",
    "sulfate",
    "sulfide",
    "nitrate",
    "nitrite",
    "phosphate",
    "carbonate",
    "bicarbonate",
    "citrate",
    "acetate",
    "lactate",
    "gluconate",
    "permanganate",
    "chromate",
    "silicate",
    "selenite",
];
const AMINO: &[&str] = &[
    "Ala", "Arg", "Asn", "Asp", "Cys", "Gln", "Glu", "Gly", "His", "Ile", "Leu", "Lys", "Met",
    "Phe", "Pro", "Ser", "Thr", "Trp", "Tyr", "Val",
];

const DOSE_FORMS: &[&str] = &[
    "Oral Tablet",
    "Oral Capsule",
    "Injectable Solution",
    "Oral Solution",
    "Topical Cream",
    "Ophthalmic Solution",
    "Extended Release Oral Tablet",
    "Delayed Release Oral Capsule",
    "Transdermal System",
    "Inhalation Powder",
    "Metered Dose Inhaler",
    "Rectal Suppository",
    "Nasal Spray",
    "Oral Suspension",
    "Topical Ointment",
    "Prefilled Syringe",
    "Chewable Tablet",
    "Sublingual Tablet",
    "Vaginal Cream",
    "Otic Solution",
    "Injectable Suspension",
    "Topical Gel",
    "Disintegrating Oral Tablet",
    "Extended Release Oral Capsule",
    "Auto-Injector",
    "Cartridge",
    "Pen Injector",
    "Oral Powder",
    "Medicated Shampoo",
    "Topical Lotion",
    "Mucosal Spray",
    "Buccal Film",
];
const STRENGTHS: &[&str] = &[
    "0.025", "0.05", "0.1", "0.125", "0.25", "0.4", "0.5", "1", "2", "2.5", "4", "5", "7.5", "10",
    "12.5", "15", "20", "25", "30", "40", "50", "60", "75", "80", "100", "120", "125", "150",
    "200", "250", "300", "325", "400", "500", "600", "750", "800", "1000", "1200",
];
const UNITS: &[&str] = &[
    "MG",
    "MG",
    "MG",
    "MG",
    "MG",
    "MG",
    "MG",
    "MG/ML",
    "MG/ML",
    "MCG",
    "UNT/ML",
    "MG/HR",
    "MEQ",
    "MG/ACTUAT",
    "UNT",
    "%",
];

const ENZYME_SUBSTRATES: &[&str] = &[
    "glucose-6-phosphate",
    "lactate",
    "pyruvate",
    "alcohol",
    "aldehyde",
    "glutamate",
    "tyrosine",
    "acetyl-CoA",
    "fatty acid",
    "cholesterol",
    "glycogen",
    "succinate",
    "malate",
    "isocitrate",
    "glutathione",
    "thioredoxin",
    "ornithine",
    "arginine",
    "tryptophan",
    "phenylalanine",
    "adenylate",
    "guanylate",
    "phosphatidylinositol",
    "sphingomyelin",
    "ceramide",
    "hyaluronan",
    "heparan sulfate",
    "retinol",
    "dihydrofolate",
    "thymidylate",
    "ribonucleotide",
    "histone",
    "ubiquitin",
    "sucrose",
    "maltose",
    "lactose",
    "chitin",
];
const ENZYME_HEADS: &[&str] = &[
    "dehydrogenase",
    "kinase",
    "synthase",
    "reductase",
    "oxidase",
    "hydrolase",
    "transferase",
    "isomerase",
    "ligase",
    "phosphatase",
    "protease",
    "lipase",
    "esterase",
    "deaminase",
    "decarboxylase",
    "carboxylase",
    "mutase",
    "epimerase",
    "hydroxylase",
    "acetyltransferase",
    "methyltransferase",
    "deacetylase",
    "peptidase",
    "nuclease",
    "helicase",
    "polymerase",
    "transaminase",
];
const PROTEIN_FAMILIES: &[&str] = &[
    "Zinc finger protein #",
    "Solute carrier family # member #",
    "Transmembrane protein #",
    "Coiled-coil domain-containing protein #",
    "Cytochrome P450 #@#",
    "Keratin, type I cytoskeletal #",
    "Collagen alpha-1(%) chain",
    "E3 ubiquitin-protein ligase RNF#",
    "Probable G-protein coupled receptor #",
    "Olfactory receptor #@#",
    "ATP-binding cassette sub-family @ member #",
    "Serine/threonine-protein kinase $",
    "Tyrosine-protein kinase $",
    "Mitogen-activated protein kinase #",
    "Cyclin-dependent kinase #",
    "Histone-lysine N-methyltransferase $",
    "Ubiquitin carboxyl-terminal hydrolase #",
    "Leucine-rich repeat-containing protein #@",
    "Ankyrin repeat domain-containing protein #",
    "Tripartite motif-containing protein #",
    "Interleukin-#",
    "Interleukin-# receptor subunit &",
    "Tumor necrosis factor receptor superfamily member #@",
    "Fibroblast growth factor #",
    "Bone morphogenetic protein #",
    "Homeobox protein Hox-@#",
    "Transcription factor SOX-#",
    "Forkhead box protein @#",
    "Sodium channel protein type # subunit alpha",
    "Potassium voltage-gated channel subfamily @ member #",
    "Glutathione S-transferase &-#",
    "Aldehyde dehydrogenase family # member @#",
    "UDP-glucuronosyltransferase #@#",
    "Heat shock protein &-#",
    "Protein $",
    "Putative uncharacterized protein $",
    "Protein phosphatase # regulatory subunit #",
    "Integrin &-#",
    "Cadherin-#",
    "Protocadherin &-#",
    "Kinesin-like protein $",
    "Dynein heavy chain #, axonemal",
    "Myosin-#",
    "60S ribosomal protein L#",
    "40S ribosomal protein S#",
    "NADH dehydrogenase [ubiquinone] 1 alpha subcomplex subunit #",
    "Charged multivesicular body protein #a",
    "Sorting nexin-#",
    "Rho GTPase-activating protein #",
    "Ras-related protein Rab-#@",
    "Taste receptor type 2 member #",
    "Beta-defensin #",
    "T-cell receptor alpha variable #-#",
    "Immunoglobulin heavy variable #-#",
];
const GENE_FAMILIES: &[&str] = &[
    "ZNF", "SLC", "TMEM", "CCDC", "FAM", "KIAA", "LRRC", "ANKRD", "TRIM", "RNF", "USP", "KRT",
    "COL", "CYP", "UGT", "ALDH", "GST", "HSP", "IL", "TNFRSF", "FGF", "BMP", "WNT", "HOXA", "SOX",
    "FOXP", "KCN", "SCN", "CACNA", "ABCB", "MAPK", "CDK", "PRKC", "ADGRL", "OR", "DEFB", "MIR",
    "LINC", "SNORD", "PCDHA", "MYO", "KIF", "DNAH", "PPP", "PTPR", "NDUFA", "MRPL", "RPL", "RPS",
    "ATP", "GPR", "TAS2R", "C", "LOC", "BRCA", "TP", "NOTCH", "SMAD", "STAT", "JAK", "ERBB",
    "PIK3C", "HLA-D", "APO", "SERPIN", "ADAMTS", "MMP",
];

const GENUS_PRE: &[&str] = &[
    "Strepto",
    "Staphylo",
    "Pseudo",
    "Myco",
    "Actino",
    "Lacto",
    "Entero",
    "Campylo",
    "Helico",
    "Chryseo",
    "Flavo",
    "Rhodo",
    "Methano",
    "Halo",
    "Thermo",
    "Desulfo",
    "Nitroso",
    "Sphingo",
    "Xantho",
    "Coryne",
    "Clostri",
    "Prevo",
    "Porphyro",
    "Fuso",
    "Aero",
    "Micro",
    "Arthro",
    "Brady",
    "Rhizo",
    "Agro",
    "Azo",
    "Acineto",
    "Kleb",
    "Serra",
    "Citro",
    "Paeni",
    "Geo",
    "Oceano",
    "Marino",
    "Psychro",
    "Cryo",
    "Alkali",
    "Acido",
    "Sulfo",
    "Ferro",
    "Glaci",
    "Limno",
    "Amycolato",
    "Nocardio",
    "Meso",
    "Sino",
    "Caulo",
    "Hypho",
    "Roseo",
    "Erythro",
    "Cyano",
    "Syn",
    "Chlamydo",
    "Toxo",
    "Plasmo",
    "Trypano",
    "Leishma",
    "Crypto",
    "Asper",
    "Penicil",
    "Fusari",
    "Candi",
    "Sacchar",
    "Tricho",
    "Alterna",
    "Clado",
    "Phyto",
    "Arabido",
    "Droso",
    "Caeno",
    "Pyro",
    "Bdello",
    "Gemmi",
    "Planc",
    "Verruco",
];
const GENUS_ROOT: &[&str] = &[
    "coccus",
    "bacterium",
    "bacillus",
    "monas",
    "spira",
    "myces",
    "vibrio",
    "plasma",
    "bacter",
    "ella",
    "ia",
    "ium",
    "obacter",
    "ococcus",
    "ospora",
    "omyces",
    "oides",
    "ina",
    "ula",
    "opsis",
    "aria",
    "ops",
    "ulus",
    "phaga",
    "thrix",
    "nema",
    "zoon",
];
const EPITHETS: &[&str] = &[
    "aureus",
    "coli",
    "pneumoniae",
    "subtilis",
    "albicans",
    "fumigatus",
    "niger",
    "vulgaris",
    "elegans",
    "melanogaster",
    "sapiens",
    "musculus",
    "norvegicus",
    "thaliana",
    "sativa",
    "aestivum",
    "cerevisiae",
    "pombe",
    "falciparum",
    "vivax",
    "gondii",
    "cruzi",
    "major",
    "tuberculosis",
    "leprae",
    "avium",
    "intracellulare",
    "fragilis",
    "gingivalis",
    "mutans",
    "mitis",
    "oralis",
    "salivarius",
    "epidermidis",
    "haemolyticus",
    "faecalis",
    "faecium",
    "jejuni",
    "pylori",
    "typhimurium",
    "enterica",
    "flexneri",
    "sonnei",
    "pestis",
    "cholerae",
    "parahaemolyticus",
    "aeruginosa",
    "putida",
    "fluorescens",
    "syringae",
    "maltophilia",
    "baumannii",
    "cepacia",
    "pseudomallei",
    "marinus",
    "halophilus",
    "thermophilus",
    "acidophilus",
    "lactis",
    "casei",
    "plantarum",
    "reuteri",
    "rhamnosus",
    "bifidum",
    "longum",
    "breve",
    "difficile",
    "perfringens",
    "botulinum",
    "tetani",
    "anthracis",
    "cereus",
    "thuringiensis",
    "megaterium",
    "licheniformis",
    "griseus",
    "coelicolor",
    "glutamicum",
    "diphtheriae",
    "rubra",
    "alba",
    "viridis",
    "flava",
    "minor",
    "gigantea",
    "sylvestris",
    "aquatica",
    "terrestris",
    "orientalis",
    "occidentalis",
    "australis",
];
const LATIN_ADJ: &[&str] = &[
    "rub", "alb", "virid", "flav", "nigr", "magn", "parv", "long", "brev", "lat", "angust",
    "crass", "tenu", "dens", "rar", "fulv", "cinere", "lute", "ros", "aure",
];
const COLLECTIONS: &[&str] = &[
    "ATCC", "DSM", "JCM", "NBRC", "CCUG", "NCTC", "LMG", "KCTC", "CIP", "NRRL", "CBS", "IFO",
    "MTCC", "CGMCC",
];
const VIRUS_HOSTS: &[&str] = &[
    "Human", "Bovine", "Porcine", "Avian", "Canine", "Feline", "Equine", "Murine", "Simian", "Bat",
    "Tomato", "Tobacco", "Potato", "Cucumber", "Rice", "Wheat", "Duck", "Chicken",
];
const VIRUS_KINDS: &[&str] = &[
    "papillomavirus",
    "herpesvirus",
    "adenovirus",
    "coronavirus",
    "rotavirus",
    "norovirus",
    "parvovirus",
    "polyomavirus",
    "enterovirus",
    "rhinovirus",
    "astrovirus",
    "respirovirus",
    "orthoreovirus",
    "picornavirus",
    "circovirus",
    "mastadenovirus",
    "mosaic virus",
    "leaf curl virus",
    "ringspot virus",
    "spotted wilt virus",
    "yellow dwarf virus",
    "necrosis virus",
    "torovirus",
];

const IMAGING: &[&str] = &[
    "Magnetic resonance imaging",
    "Computed tomography",
    "Ultrasonography",
    "Plain radiography",
    "Positron emission tomography",
    "Fluoroscopy",
    "Angiography",
    "Doppler ultrasonography",
    "Scintigraphy",
    "Single photon emission computed tomography",
];
const PROC_VERBS: &[&str] = &[
    "Excision",
    "Biopsy",
    "Repair",
    "Reconstruction",
    "Incision and drainage",
    "Aspiration",
    "Injection",
    "Irrigation",
    "Debridement",
    "Ligation",
    "Closure",
    "Exploration",
    "Reduction",
    "Fixation",
    "Amputation",
    "Transplantation",
    "Catheterization",
    "Cannulation",
    "Stent placement",
    "Embolization",
    "Ablation",
    "Resection",
    "Excisional biopsy",
    "Needle biopsy",
    "Drainage",
    "Removal",
    "Implantation",
    "Insertion",
    "Revision",
    "Arthroplasty",
    "Arthrodesis",
    "Osteotomy",
    "Decompression",
    "Denervation",
    "Dilatation",
    "Anastomosis",
    "Bypass graft",
    "Radiofrequency ablation",
    "Cryotherapy",
    "Laser therapy",
];
const PCS_OPS: &[&str] = &[
    "Excision",
    "Resection",
    "Drainage",
    "Bypass",
    "Dilation",
    "Insertion",
    "Replacement",
    "Repair",
    "Reposition",
    "Release",
    "Supplement",
    "Restriction",
    "Occlusion",
    "Extraction",
    "Destruction",
    "Division",
    "Inspection",
    "Fusion",
    "Transfer",
    "Transplantation",
    "Removal",
    "Revision",
    "Fragmentation",
    "Extirpation",
    "Detachment",
    "Reattachment",
    "Alteration",
    "Change",
];
const PCS_APPROACH: &[&str] = &[
    "Open Approach",
    "Percutaneous Approach",
    "Percutaneous Endoscopic Approach",
    "Via Natural or Artificial Opening",
    "Via Natural or Artificial Opening Endoscopic",
    "External Approach",
];
const PCS_DEVICES: &[&str] = &[
    "Synthetic Substitute",
    "Autologous Tissue Substitute",
    "Nonautologous Tissue Substitute",
    "Drainage Device",
    "Intraluminal Device",
    "Zooplastic Tissue",
    "Internal Fixation Device",
    "External Fixation Device",
    "Infusion Device",
    "Monitoring Device",
    "Spacer",
    "Radioactive Element",
    "Extraluminal Device",
    "Stimulator Lead",
    "Drug-eluting Intraluminal Device",
];
const CPT_DETAILS: &[&str] = &[
    "with meniscectomy (medial OR lateral, including any meniscal shaving)",
    "each additional 10 cm (List separately in addition to code for primary procedure)", "complete", "limited", "unilateral",
    "bilateral", "with contrast material(s)", "without contrast material", "first 30 minutes", "initial", "subsequent",
    "diagnostic, with or without collection of specimen(s) by brushing or washing (separate procedure)",
    "with biopsy, single or multiple", "open treatment, includes internal fixation, when performed", "percutaneous, with imaging guidance",
    "with removal of foreign body(s)", "each additional lesion (List separately in addition to code for primary procedure)",
    "simple", "intermediate", "complex", "with or without anesthesia", "up to 2 cm", "over 5 cm",
];
const THERAPY: &[&str] = &[
    "therapy",
    "treatment",
    "management",
    "administration",
    "counseling",
    "education",
    "rehabilitation",
    "monitoring",
    "screening",
    "assessment",
    "evaluation",
    "prophylaxis",
    "immunization",
    "infusion",
    "transfusion",
    "radiotherapy",
    "chemotherapy",
    "immunotherapy",
    "physiotherapy",
    "surveillance",
];
const FIND_HEADS: &[&str] = &[
    "Swelling",
    "Tenderness",
    "Mass",
    "Lesion",
    "Rash",
    "Erythema",
    "Numbness",
    "Weakness",
    "Stiffness",
    "Discharge",
    "Deformity",
    "Pain",
    "Itching",
    "Bleeding",
    "Bruising",
    "Tremor",
    "Spasm",
    "Crepitus",
    "Discoloration",
    "Ulceration",
    "Laxity",
    "Effusion",
    "Atrophy",
    "Asymmetry",
    "Paresthesia",
    "Hypoesthesia",
    "Instability",
    "Clicking",
    "Locking",
    "Crusting",
    "Scaling",
    "Nodule",
    "Induration",
    "Warmth",
];
const LEVELS: &[&str] = &[
    "Increased",
    "Decreased",
    "Elevated",
    "Low",
    "High",
    "Abnormal",
    "Normal",
    "Raised",
    "Reduced",
    "Borderline",
];
const ANSWERS: &[&str] = &[
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
    "Never",
    "Rarely",
    "Sometimes",
    "Often",
    "Always",
    "Mild",
    "Moderate",
    "Severe",
    "Detected",
    "Not detected",
    "Positive",
    "Negative",
    "Indeterminate",
    "Present",
    "Absent",
    "Yes",
    "No",
    "Unknown",
    "Declined to answer",
    "Very good",
    "Good",
    "Fair",
    "Poor",
    "Excellent",
    "Less than once a month",
    "Monthly",
    "Weekly",
    "Daily or almost daily",
    "Not applicable",
    "Patient refused",
    "Unable to assess",
];
const ACTS: &[&str] = &[
    "felt down, depressed, or hopeless",
    "had trouble falling or staying asleep",
    "had little interest or pleasure in doing things",
    "used tobacco products",
    "had a drink containing alcohol",
    "felt nervous, anxious, or on edge",
    "had difficulty walking up stairs",
    "taken your medicine as prescribed",
    "missed work because of your health",
    "eaten fruits or vegetables",
    "exercised for at least 30 minutes",
    "felt tired or had little energy",
    "needed help with bathing or dressing",
    "been bothered by shortness of breath",
    "had a fall",
    "worried about running out of food",
    "felt lonely or isolated",
    "had pain that interfered with your daily activities",
    "used a prescription drug for non-medical reasons",
];
const SCALE_NAMES: &[&str] = &[
    "PHQ-9",
    "GAD-7",
    "PROMIS-29",
    "SF-36",
    "EQ-5D-5L",
    "Morse Fall Scale",
    "Braden scale",
    "AUDIT-C",
    "MDS v3.0",
    "OASIS-E",
    "KCCQ",
    "WOMAC",
    "HOOS JR",
    "NIH Stroke Scale",
    "Glasgow coma scale",
    "Edinburgh Postnatal Depression Scale",
    "Katz Index",
    "Barthel Index",
    "CAGE",
    "Mini-Cog",
    "MoCA",
    "Apgar",
    "Ages and Stages Questionnaire",
    "FACT-G",
    "DLQI",
];
const LNC_PROPS: &[(&str, &str)] = &[
    ("MCnc", "Mass/volume"),
    ("SCnc", "Moles/volume"),
    ("ACnc", "Units/volume"),
    ("NCnc", "#/volume"),
    ("CCnc", "Enzymatic activity/volume"),
    ("PrThr", "Presence"),
    ("Titr", "Titer"),
    ("MFr", "Mass fraction"),
    ("NFr", "Number fraction"),
    ("Ratio", "Ratio"),
    ("Imp", "Interpretation"),
    ("Find", "Finding"),
    ("Type", "Type"),
    ("Prid", "Identifier"),
    ("EntMass", "Mass"),
    ("Time", "Time"),
    ("Vol", "Volume"),
    ("Len", "Length"),
    ("Num", "Number"),
    ("MRat", "Mass/time"),
    ("Arb", "Arbitrary"),
    ("Pres", "Pressure"),
];
const LNC_SYSTEMS: &[(&str, &str)] = &[
    ("Ser/Plas", "Serum or Plasma"),
    ("Bld", "Blood"),
    ("Urine", "Urine"),
    ("CSF", "Cerebral spinal fluid"),
    ("Ser", "Serum"),
    ("Plas", "Plasma"),
    ("Stool", "Stool"),
    ("Saliva", "Saliva"),
    ("Tiss", "Tissue"),
    ("Amnio fld", "Amniotic fluid"),
    ("Synv fld", "Synovial fluid"),
    ("Periton fld", "Peritoneal fluid"),
    ("BldA", "Arterial blood"),
    ("BldV", "Venous blood"),
    ("BldC", "Capillary blood"),
    ("Body fld", "Body fluid"),
    ("Nose", "Nose"),
    ("Throat", "Throat"),
    ("Cvx", "Cervix"),
    ("Vag", "Vaginal fluid"),
    ("Skin", "Skin"),
    ("Hair", "Hair"),
    ("Bone mar", "Bone marrow"),
    ("Sputum", "Sputum"),
    ("Isolate", "Isolate"),
    ("XXX", "Unspecified specimen"),
    ("^Patient", "^Patient"),
    ("Urine sed", "Urine sediment"),
    ("RBC", "Red Blood Cells"),
    ("Semen", "Semen"),
    ("Exhl gas", "Exhaled gas"),
    ("Dial fld", "Dialysis fluid"),
    ("Plr fld", "Pleural fluid"),
];
const LNC_SCALES: &[&str] = &[
    "Qn", "Qn", "Qn", "Ord", "Ord", "Nom", "Nar", "OrdQn", "Doc", "Set",
];
const LNC_TIMES: &[&str] = &[
    "Pt", "Pt", "Pt", "Pt", "Pt", "Pt", "24H", "XXX", "12H", "^Max", "8H",
];
const LNC_METHODS: &[(&str, &str)] = &[
    ("IA", "Immunoassay"),
    ("EIA", "Enzyme immunoassay"),
    ("Probe.amp.tar", "NAA with probe detection"),
    ("Calc", "Calculated"),
    ("Test strip", "Test strip"),
    ("Microscopy.light", "Light microscopy"),
    ("Organism specific culture", "Organism specific culture"),
    ("IF", "Immunofluorescence"),
    ("LC/MS/MS", "LC/MS/MS"),
    ("GC/MS", "GC/MS"),
    ("Flow cytometry", "Flow cytometry"),
    ("Automated count", "Automated count"),
    ("Manual count", "Manual count"),
    ("Electrophoresis", "Electrophoresis"),
    ("IB", "Immunoblot"),
    ("Molgen", "Molecular genetics method"),
    ("Sequencing", "Sequencing"),
    ("HPLC", "HPLC"),
    ("Aggl", "Agglutination"),
    ("Coag", "Coagulation assay"),
    ("Visual", "Visual"),
];
const LNC_COMP_SUFFIX: &[&str] = &[
    " Ab.IgG",
    " Ab.IgM",
    " Ab",
    " Ag",
    " DNA",
    " RNA",
    " rRNA",
    " IgE Ab",
    ".free",
    ".total",
    "/Creatinine",
    " mutation analysis",
    " identified",
    " panel",
    " deletion+duplication",
    " actual/normal",
    " metabolite",
    " glucuronide",
];
const CELLS: &[&str] = &[
    "Leukocytes",
    "Erythrocytes",
    "Neutrophils",
    "Lymphocytes",
    "Monocytes",
    "Eosinophils",
    "Basophils",
    "Platelets",
    "Reticulocytes",
    "Blasts",
    "Epithelial cells",
    "Casts",
    "Crystals",
    "Bacteria",
    "Yeast",
    "Spermatozoa",
    "CD4 cells",
    "CD8 cells",
    "NK cells",
];
const QUAL_VALUES: &[&str] = &[
    "Severe",
    "Left",
    "Bilateral",
    "Mild to moderate",
    "Positive",
    "Negative",
    "Unknown",
    "Not applicable",
    "Temporary",
    "Historical",
    "Routine",
    "Screening",
    "Follow-up",
    "Primary",
    "Recurrent",
    "Partial",
    "Complete",
    "Minimal",
    "Marked",
    "Gross",
    "Microscopic",
    "Superficial",
    "Deep",
    "Proximal",
    "Distal",
    "Medial",
    "Lateral",
    "Early",
    "Late",
    "Intermittent",
    "Continuous",
    "Scheduled",
    "Unscheduled",
    "Elective",
    "Emergency",
    "Urgent",
    "Palliative",
    "Curative",
    "Adjuvant",
    "Neoadjuvant",
];
const CONCEPT_HEADS: &[&str] = &[
    "guideline",
    "questionnaire",
    "classification",
    "protocol",
    "score",
    "index",
    "scale",
    "registry",
    "form",
    "code system",
    "value set",
    "terminology",
    "checklist",
    "criteria",
    "staging system",
    "grading system",
    "report",
    "instrument",
    "policy",
];
const MATERIALS: &[&str] = &[
    "Silicone",
    "Polyethylene",
    "Polyurethane",
    "Titanium",
    "Stainless steel",
    "Cobalt-chromium",
    "Latex",
    "Nitinol",
    "Polypropylene",
    "Ceramic",
    "Hydrogel",
    "Polytetrafluoroethylene",
    "PEEK",
    "Collagen",
    "Hydroxyapatite",
    "Polymethyl methacrylate",
    "Glass",
];
const DEVICE_HEADS: &[&str] = &[
    "catheter",
    "stent",
    "screw",
    "plate",
    "prosthesis",
    "implant",
    "pump",
    "syringe",
    "needle",
    "tube",
    "cannula",
    "valve",
    "graft",
    "mesh",
    "sensor",
    "electrode",
    "pacemaker",
    "defibrillator",
    "monitor",
    "ventilator",
    "nebulizer",
    "inhaler",
    "dressing",
    "bandage",
    "suture",
    "clip",
    "staple",
    "sheath",
    "guidewire",
    "balloon",
    "filter",
    "drain",
    "splint",
    "brace",
    "wheelchair",
    "walker",
    "lens",
    "hearing aid",
    "glucometer",
    "thermometer",
];
const DEVICE_MODS: &[&str] = &[
    "urinary",
    "central venous",
    "endotracheal",
    "coronary",
    "orthopedic",
    "dental",
    "intraocular",
    "cochlear",
    "vascular",
    "biliary",
    "ureteral",
    "peritoneal",
    "infusion",
    "insulin",
    "enteral feeding",
    "tracheostomy",
    "nasogastric",
    "epidural",
    "arterial",
    "cardiac",
    "implantable",
    "disposable",
    "reusable",
    "single-use",
    "sterile",
];
const PROCESSES: &[&str] = &[
    "cell proliferation",
    "apoptotic process",
    "cell migration",
    "angiogenesis",
    "inflammatory response",
    "immune response",
    "DNA repair",
    "DNA replication",
    "transcription by RNA polymerase II",
    "translation",
    "protein phosphorylation",
    "protein ubiquitination",
    "autophagy",
    "glycolytic process",
    "fatty acid beta-oxidation",
    "lipid metabolic process",
    "insulin secretion",
    "synaptic transmission",
    "axon guidance",
    "neuron differentiation",
    "T cell activation",
    "B cell differentiation",
    "cytokine production",
    "wound healing",
    "blood coagulation",
    "bone mineralization",
    "ossification",
    "muscle contraction",
    "cell cycle",
    "mitotic spindle assembly",
    "chromatin remodeling",
    "RNA splicing",
    "mRNA processing",
    "protein folding",
    "endocytosis",
    "exocytosis",
    "vesicle-mediated transport",
    "ion transport",
    "calcium ion transport",
    "potassium ion transport",
    "signal transduction",
    "Wnt signaling pathway",
    "Notch signaling pathway",
    "MAPK cascade",
    "response to hypoxia",
    "response to oxidative stress",
    "circadian rhythm",
    "cell adhesion",
    "cilium assembly",
    "spermatogenesis",
    "oogenesis",
    "embryo development",
    "heart development",
    "kidney development",
    "lung development",
];
const MOLECULES: &[&str] = &[
    "ATP",
    "GTP",
    "DNA",
    "RNA",
    "zinc ion",
    "calcium ion",
    "heparin",
    "actin filament",
    "microtubule",
    "chromatin",
    "ubiquitin",
    "NAD",
    "FAD",
    "heme",
    "iron-sulfur cluster",
    "lipid",
    "cholesterol",
    "glucose",
    "phosphatidylinositol-4,5-bisphosphate",
    "cAMP",
    "SH3 domain",
    "PDZ domain",
    "double-stranded RNA",
    "single-stranded DNA",
    "integrin",
    "collagen",
    "growth factor",
    "hormone",
];
const CELL_COMPONENTS: &[&str] = &[
    "plasma membrane",
    "nucleus",
    "cytoplasm",
    "mitochondrial inner membrane",
    "endoplasmic reticulum membrane",
    "Golgi apparatus",
    "lysosome",
    "peroxisome",
    "ribosome",
    "centrosome",
    "cilium",
    "synapse",
    "extracellular space",
    "cell junction",
    "nucleolus",
    "spliceosomal complex",
    "proteasome complex",
    "focal adhesion",
    "axon",
    "dendrite",
    "sarcomere",
    "basement membrane",
];
const SPECIALTIES: &[&str] = &[
    "Cardiology",
    "Oncology",
    "Neurology",
    "Dermatology",
    "Pediatrics",
    "Gastroenterology",
    "Nephrology",
    "Pulmonology",
    "Rheumatology",
    "Endocrinology",
    "Hematology",
    "Radiology",
    "Pathology",
    "Anesthesiology",
    "Psychiatry",
    "Ophthalmology",
    "Otolaryngology",
    "Urology",
    "Orthopedics",
    "Obstetrics",
    "Gynecology",
    "Geriatrics",
    "Immunology",
    "Infectious Diseases",
    "Nursing",
    "Pharmacy",
    "Dentistry",
    "Physical Therapy",
    "Public Health",
    "Epidemiology",
    "Genetics",
    "Toxicology",
];
const POP_GROUPS: &[&str] = &[
    "Adolescents",
    "Older adults",
    "Infants",
    "Pregnant women",
    "Veterans",
    "Health care workers",
    "Smokers",
    "Caregivers",
    "Immigrants",
    "Rural population",
    "People who inject drugs",
    "Nursing home residents",
    "Children",
    "Adults",
    "Twins",
    "Siblings",
    "Parents",
    "Grandparents",
    "Orphans",
    "Refugees",
    "Students",
    "Athletes",
    "Homeless persons",
    "Prisoners",
];
const OCCUPATIONS: &[&str] = &[
    "nurse",
    "physician",
    "surgeon",
    "technician",
    "therapist",
    "pharmacist",
    "dentist",
    "midwife",
    "paramedic",
    "dietitian",
    "social worker",
    "psychologist",
    "counselor",
    "engineer",
    "farmer",
    "teacher",
    "miner",
    "welder",
    "firefighter",
    "police officer",
];
const ACTIVITIES: &[&str] = &[
    "Walking",
    "Swimming",
    "Cycling",
    "Running",
    "Gardening",
    "Cooking",
    "Reading",
    "Driving",
    "Smoking",
    "Drinking alcohol",
    "Sleeping",
    "Bathing",
    "Dressing",
    "Eating",
    "Climbing stairs",
    "Lifting",
    "Shopping",
    "Housework",
    "Dancing",
    "Yoga",
];
const ORG_TYPES: &[&str] = &[
    "Medical Center",
    "Hospital",
    "University",
    "Institute",
    "Association",
    "Foundation",
    "Department of Health",
    "Ministry of Health",
    "Health Authority",
    "Clinic",
    "Research Council",
    "College",
    "Society",
    "Health System",
];
/// English synonym pairs (either direction) used for true synonyms of a name.
const SYNONYMS: &[(&str, &str)] = &[
    ("kidney", "renal"),
    ("liver", "hepatic"),
    ("heart", "cardiac"),
    ("lung", "pulmonary"),
    ("tumor", "neoplasm"),
    ("tumor", "tumour"),
    ("cancer", "carcinoma"),
    ("disease", "disorder"),
    ("illness", "disease"),
    ("skin", "cutaneous"),
    ("brain", "cerebral"),
    ("stomach", "gastric"),
    ("bone", "osseous"),
    ("high", "elevated"),
    ("increased", "raised"),
    ("decreased", "reduced"),
    ("low", "decreased"),
    ("pain", "ache"),
    ("infection", "infectious disease"),
    ("failure", "insufficiency"),
    ("injury", "trauma"),
    ("hemorrhage", "bleeding"),
    ("hemorrhage", "haemorrhage"),
    ("anemia", "anaemia"),
    ("edema", "oedema"),
    ("esophagus", "oesophagus"),
    ("esophageal", "oesophageal"),
    ("pediatric", "paediatric"),
    ("fetal", "foetal"),
    ("leukemia", "leukaemia"),
    ("hemoglobin", "haemoglobin"),
    ("behavior", "behaviour"),
    ("removal", "excision"),
    ("examination", "exam"),
    ("measurement", "assay"),
    ("syndrome", "disease"),
    ("type 2", "type II"),
    ("type 1", "type I"),
    ("left", "L"),
    ("right", "R"),
    ("malignant neoplasm", "cancer"),
    ("benign neoplasm", "benign tumor"),
    ("abnormal", "abnormality of"),
    ("mass", "lump"),
    ("procedure", "operation"),
    ("urinary bladder", "bladder"),
    ("vomiting", "emesis"),
    ("pruritus", "itching"),
    ("fever", "pyrexia"),
];

// ================================================================================================
// Pseudo-translation: word dictionary for common words, deterministic morphology and accents for
// the rest, transliteration into Cyrillic, Greek, Arabic, Hebrew, Katakana, Hanzi and Hangul.
// ================================================================================================

/// English word -> [SPA, FRE, DUT, GER, POR, ITA, CZE, RUS, JPN, CHI, KOR]; "" drops the word.
const DICT: &[(&str, [&str; 11])] = &[
    (
        "of",
        [
            "de", "de", "van", "der", "de", "di", "", "", "の", "的", "의",
        ],
    ),
    (
        "and",
        ["y", "et", "en", "und", "e", "e", "a", "и", "と", "和", "및"],
    ),
    (
        "with",
        [
            "con",
            "avec",
            "met",
            "mit",
            "com",
            "con",
            "s",
            "с",
            "を伴う",
            "伴",
            "동반",
        ],
    ),
    (
        "without",
        [
            "sin", "sans", "zonder", "ohne", "sem", "senza", "bez", "без", "なし", "无", "없는",
        ],
    ),
    (
        "in",
        [
            "en",
            "dans",
            "in",
            "im",
            "em",
            "in",
            "v",
            "в",
            "における",
            "在",
            "의",
        ],
    ),
    (
        "by",
        [
            "por",
            "par",
            "door",
            "durch",
            "por",
            "mediante",
            "pomocí",
            "методом",
            "による",
            "通过",
            "에 의한",
        ],
    ),
    (
        "the",
        ["el", "le", "de", "die", "o", "il", "", "", "", "", ""],
    ),
    (
        "left",
        [
            "izquierdo",
            "gauche",
            "links",
            "links",
            "esquerdo",
            "sinistro",
            "levý",
            "левый",
            "左",
            "左",
            "좌측",
        ],
    ),
    (
        "right",
        [
            "derecho",
            "droit",
            "rechts",
            "rechts",
            "direito",
            "destro",
            "pravý",
            "правый",
            "右",
            "右",
            "우측",
        ],
    ),
    (
        "bilateral",
        [
            "bilateral",
            "bilatéral",
            "bilateraal",
            "beidseitig",
            "bilateral",
            "bilaterale",
            "oboustranný",
            "двусторонний",
            "両側",
            "双侧",
            "양측",
        ],
    ),
    (
        "acute",
        [
            "agudo",
            "aigu",
            "acuut",
            "akut",
            "agudo",
            "acuto",
            "akutní",
            "острый",
            "急性",
            "急性",
            "급성",
        ],
    ),
    (
        "chronic",
        [
            "crónico",
            "chronique",
            "chronisch",
            "chronisch",
            "crônico",
            "cronico",
            "chronický",
            "хронический",
            "慢性",
            "慢性",
            "만성",
        ],
    ),
    (
        "disease",
        [
            "enfermedad",
            "maladie",
            "ziekte",
            "Krankheit",
            "doença",
            "malattia",
            "nemoc",
            "болезнь",
            "病",
            "病",
            "질환",
        ],
    ),
    (
        "disorder",
        [
            "trastorno",
            "trouble",
            "aandoening",
            "Störung",
            "distúrbio",
            "disturbo",
            "porucha",
            "расстройство",
            "障害",
            "障碍",
            "장애",
        ],
    ),
    (
        "syndrome",
        [
            "síndrome",
            "syndrome",
            "syndroom",
            "Syndrom",
            "síndrome",
            "sindrome",
            "syndrom",
            "синдром",
            "症候群",
            "综合征",
            "증후군",
        ],
    ),
    (
        "pain",
        [
            "dolor", "douleur", "pijn", "Schmerz", "dor", "dolore", "bolest", "боль", "痛", "疼痛",
            "통증",
        ],
    ),
    (
        "fracture",
        [
            "fractura",
            "fracture",
            "fractuur",
            "Fraktur",
            "fratura",
            "frattura",
            "zlomenina",
            "перелом",
            "骨折",
            "骨折",
            "골절",
        ],
    ),
    (
        "infection",
        [
            "infección",
            "infection",
            "infectie",
            "Infektion",
            "infecção",
            "infezione",
            "infekce",
            "инфекция",
            "感染",
            "感染",
            "감염",
        ],
    ),
    (
        "carcinoma",
        [
            "carcinoma",
            "carcinome",
            "carcinoom",
            "Karzinom",
            "carcinoma",
            "carcinoma",
            "karcinom",
            "карцинома",
            "癌",
            "癌",
            "암종",
        ],
    ),
    (
        "cancer",
        [
            "cáncer", "cancer", "kanker", "Krebs", "câncer", "cancro", "rakovina", "рак", "がん",
            "癌症", "암",
        ],
    ),
    (
        "tumor",
        [
            "tumor",
            "tumeur",
            "tumor",
            "Tumor",
            "tumor",
            "tumore",
            "nádor",
            "опухоль",
            "腫瘍",
            "肿瘤",
            "종양",
        ],
    ),
    (
        "neoplasm",
        [
            "neoplasia",
            "néoplasme",
            "neoplasma",
            "Neubildung",
            "neoplasia",
            "neoplasia",
            "novotvar",
            "новообразование",
            "新生物",
            "肿瘤",
            "신생물",
        ],
    ),
    (
        "malignant",
        [
            "maligno",
            "malin",
            "maligne",
            "bösartig",
            "maligno",
            "maligno",
            "zhoubný",
            "злокачественный",
            "悪性",
            "恶性",
            "악성",
        ],
    ),
    (
        "benign",
        [
            "benigno",
            "bénin",
            "benigne",
            "gutartig",
            "benigno",
            "benigno",
            "nezhoubný",
            "доброкачественный",
            "良性",
            "良性",
            "양성",
        ],
    ),
    (
        "failure",
        [
            "insuficiencia",
            "insuffisance",
            "falen",
            "Versagen",
            "insuficiência",
            "insufficienza",
            "selhání",
            "недостаточность",
            "不全",
            "衰竭",
            "부전",
        ],
    ),
    (
        "injury",
        [
            "lesión",
            "lésion",
            "letsel",
            "Verletzung",
            "lesão",
            "lesione",
            "poranění",
            "травма",
            "損傷",
            "损伤",
            "손상",
        ],
    ),
    (
        "blood",
        [
            "sangre",
            "sang",
            "bloed",
            "Blut",
            "sangue",
            "sangue",
            "krev",
            "кровь",
            "血液",
            "血",
            "혈액",
        ],
    ),
    (
        "bone",
        [
            "hueso",
            "os",
            "bot",
            "Knochen",
            "osso",
            "osso",
            "kost",
            "кость",
            "骨",
            "骨",
            "뼈",
        ],
    ),
    (
        "skin",
        [
            "piel", "peau", "huid", "Haut", "pele", "cute", "kůže", "кожа", "皮膚", "皮肤", "피부",
        ],
    ),
    (
        "heart",
        [
            "corazón",
            "cœur",
            "hart",
            "Herz",
            "coração",
            "cuore",
            "srdce",
            "сердце",
            "心臓",
            "心脏",
            "심장",
        ],
    ),
    (
        "liver",
        [
            "hígado",
            "foie",
            "lever",
            "Leber",
            "fígado",
            "fegato",
            "játra",
            "печень",
            "肝臓",
            "肝",
            "간",
        ],
    ),
    (
        "kidney",
        [
            "riñón",
            "rein",
            "nier",
            "Niere",
            "rim",
            "rene",
            "ledvina",
            "почка",
            "腎臓",
            "肾",
            "신장",
        ],
    ),
    (
        "lung",
        [
            "pulmón",
            "poumon",
            "long",
            "Lunge",
            "pulmão",
            "polmone",
            "plíce",
            "лёгкое",
            "肺",
            "肺",
            "폐",
        ],
    ),
    (
        "brain",
        [
            "cerebro", "cerveau", "hersenen", "Gehirn", "cérebro", "cervello", "mozek", "мозг",
            "脳", "脑", "뇌",
        ],
    ),
    (
        "eye",
        [
            "ojo", "œil", "oog", "Auge", "olho", "occhio", "oko", "глаз", "眼", "眼", "눈",
        ],
    ),
    (
        "hand",
        [
            "mano",
            "main",
            "hand",
            "Hand",
            "mão",
            "mano",
            "ruka",
            "кисть",
            "手",
            "手",
            "손",
        ],
    ),
    (
        "foot",
        [
            "pie",
            "pied",
            "voet",
            "Fuß",
            "pé",
            "piede",
            "noha",
            "стопа",
            "足",
            "足",
            "발",
        ],
    ),
    (
        "head",
        [
            "cabeza",
            "tête",
            "hoofd",
            "Kopf",
            "cabeça",
            "testa",
            "hlava",
            "голова",
            "頭",
            "头",
            "머리",
        ],
    ),
    (
        "neck",
        [
            "cuello", "cou", "nek", "Hals", "pescoço", "collo", "krk", "шея", "頸", "颈", "목",
        ],
    ),
    (
        "artery",
        [
            "arteria",
            "artère",
            "slagader",
            "Arterie",
            "artéria",
            "arteria",
            "tepna",
            "артерия",
            "動脈",
            "动脉",
            "동맥",
        ],
    ),
    (
        "vein",
        [
            "vena", "veine", "ader", "Vene", "veia", "vena", "žíla", "вена", "静脈", "静脉", "정맥",
        ],
    ),
    (
        "nerve",
        [
            "nervio", "nerf", "zenuw", "Nerv", "nervo", "nervo", "nerv", "нерв", "神経", "神经",
            "신경",
        ],
    ),
    (
        "muscle",
        [
            "músculo",
            "muscle",
            "spier",
            "Muskel",
            "músculo",
            "muscolo",
            "sval",
            "мышца",
            "筋",
            "肌",
            "근육",
        ],
    ),
    (
        "cell",
        [
            "célula",
            "cellule",
            "cel",
            "Zelle",
            "célula",
            "cellula",
            "buňka",
            "клетка",
            "細胞",
            "细胞",
            "세포",
        ],
    ),
    (
        "cells",
        [
            "células",
            "cellules",
            "cellen",
            "Zellen",
            "células",
            "cellule",
            "buňky",
            "клетки",
            "細胞",
            "细胞",
            "세포",
        ],
    ),
    (
        "protein",
        [
            "proteína",
            "protéine",
            "eiwit",
            "Protein",
            "proteína",
            "proteina",
            "protein",
            "белок",
            "タンパク質",
            "蛋白",
            "단백질",
        ],
    ),
    (
        "gene",
        [
            "gen",
            "gène",
            "gen",
            "Gen",
            "gene",
            "gene",
            "gen",
            "ген",
            "遺伝子",
            "基因",
            "유전자",
        ],
    ),
    (
        "acid",
        [
            "ácido",
            "acide",
            "zuur",
            "Säure",
            "ácido",
            "acido",
            "kyselina",
            "кислота",
            "酸",
            "酸",
            "산",
        ],
    ),
    (
        "test",
        [
            "prueba", "test", "test", "Test", "teste", "test", "test", "тест", "検査", "检测",
            "검사",
        ],
    ),
    (
        "measurement",
        [
            "medición",
            "mesure",
            "meting",
            "Messung",
            "medição",
            "misurazione",
            "měření",
            "измерение",
            "測定",
            "测量",
            "측정",
        ],
    ),
    (
        "level",
        [
            "nivel",
            "taux",
            "spiegel",
            "Spiegel",
            "nível",
            "livello",
            "hladina",
            "уровень",
            "値",
            "水平",
            "수치",
        ],
    ),
    (
        "increased",
        [
            "aumentado",
            "augmenté",
            "verhoogd",
            "erhöht",
            "aumentado",
            "aumentato",
            "zvýšený",
            "повышенный",
            "増加",
            "增高",
            "증가",
        ],
    ),
    (
        "decreased",
        [
            "disminuido",
            "diminué",
            "verlaagd",
            "vermindert",
            "diminuído",
            "ridotto",
            "snížený",
            "пониженный",
            "減少",
            "降低",
            "감소",
        ],
    ),
    (
        "abnormal",
        [
            "anormal",
            "anormal",
            "abnormaal",
            "abnorm",
            "anormal",
            "anomalo",
            "abnormální",
            "аномальный",
            "異常",
            "异常",
            "비정상",
        ],
    ),
    (
        "congenital",
        [
            "congénito",
            "congénital",
            "aangeboren",
            "angeboren",
            "congênito",
            "congenito",
            "vrozený",
            "врождённый",
            "先天性",
            "先天性",
            "선천성",
        ],
    ),
    (
        "primary",
        [
            "primario",
            "primaire",
            "primair",
            "primär",
            "primário",
            "primario",
            "primární",
            "первичный",
            "原発性",
            "原发性",
            "원발성",
        ],
    ),
    (
        "secondary",
        [
            "secundario",
            "secondaire",
            "secundair",
            "sekundär",
            "secundário",
            "secondario",
            "sekundární",
            "вторичный",
            "続発性",
            "继发性",
            "속발성",
        ],
    ),
    (
        "type",
        [
            "tipo", "type", "type", "Typ", "tipo", "tipo", "typ", "тип", "型", "型", "형",
        ],
    ),
    (
        "stage",
        [
            "estadio",
            "stade",
            "stadium",
            "Stadium",
            "estádio",
            "stadio",
            "stadium",
            "стадия",
            "病期",
            "期",
            "병기",
        ],
    ),
    (
        "upper",
        [
            "superior",
            "supérieur",
            "boven",
            "ober",
            "superior",
            "superiore",
            "horní",
            "верхний",
            "上",
            "上",
            "상부",
        ],
    ),
    (
        "lower",
        [
            "inferior",
            "inférieur",
            "onder",
            "unter",
            "inferior",
            "inferiore",
            "dolní",
            "нижний",
            "下",
            "下",
            "하부",
        ],
    ),
    (
        "serum",
        [
            "suero",
            "sérum",
            "serum",
            "Serum",
            "soro",
            "siero",
            "sérum",
            "сыворотка",
            "血清",
            "血清",
            "혈청",
        ],
    ),
    (
        "plasma",
        [
            "plasma",
            "plasma",
            "plasma",
            "Plasma",
            "plasma",
            "plasma",
            "plazma",
            "плазма",
            "血漿",
            "血浆",
            "혈장",
        ],
    ),
    (
        "urine",
        [
            "orina", "urine", "urine", "Urin", "urina", "urina", "moč", "моча", "尿", "尿", "소변",
        ],
    ),
    (
        "mass",
        [
            "masa",
            "masse",
            "massa",
            "Masse",
            "massa",
            "massa",
            "hmotnost",
            "масса",
            "質量",
            "质量",
            "질량",
        ],
    ),
    (
        "concentration",
        [
            "concentración",
            "concentration",
            "concentratie",
            "Konzentration",
            "concentração",
            "concentrazione",
            "koncentrace",
            "концентрация",
            "濃度",
            "浓度",
            "농도",
        ],
    ),
    (
        "presence",
        [
            "presencia",
            "présence",
            "aanwezigheid",
            "Vorhandensein",
            "presença",
            "presenza",
            "přítomnost",
            "наличие",
            "存在",
            "存在",
            "존재",
        ],
    ),
    (
        "therapy",
        [
            "terapia",
            "thérapie",
            "therapie",
            "Therapie",
            "terapia",
            "terapia",
            "terapie",
            "терапия",
            "療法",
            "治疗",
            "요법",
        ],
    ),
    (
        "treatment",
        [
            "tratamiento",
            "traitement",
            "behandeling",
            "Behandlung",
            "tratamento",
            "trattamento",
            "léčba",
            "лечение",
            "治療",
            "治疗",
            "치료",
        ],
    ),
    (
        "removal",
        [
            "extirpación",
            "ablation",
            "verwijdering",
            "Entfernung",
            "remoção",
            "rimozione",
            "odstranění",
            "удаление",
            "除去",
            "切除",
            "제거",
        ],
    ),
    (
        "biopsy",
        [
            "biopsia",
            "biopsie",
            "biopsie",
            "Biopsie",
            "biópsia",
            "biopsia",
            "biopsie",
            "биопсия",
            "生検",
            "活检",
            "생검",
        ],
    ),
    (
        "examination",
        [
            "examen",
            "examen",
            "onderzoek",
            "Untersuchung",
            "exame",
            "esame",
            "vyšetření",
            "обследование",
            "検査",
            "检查",
            "검사",
        ],
    ),
    (
        "history",
        [
            "antecedentes",
            "antécédents",
            "voorgeschiedenis",
            "Anamnese",
            "história",
            "anamnesi",
            "anamnéza",
            "анамнез",
            "既往歴",
            "病史",
            "병력",
        ],
    ),
    (
        "family",
        [
            "familiar",
            "familial",
            "familie",
            "Familie",
            "familiar",
            "familiare",
            "rodinný",
            "семейный",
            "家族",
            "家族",
            "가족",
        ],
    ),
    (
        "severe",
        [
            "grave",
            "sévère",
            "ernstig",
            "schwer",
            "grave",
            "grave",
            "těžký",
            "тяжёлый",
            "重度",
            "重度",
            "중증",
        ],
    ),
    (
        "mild",
        [
            "leve",
            "léger",
            "licht",
            "leicht",
            "leve",
            "lieve",
            "mírný",
            "лёгкий",
            "軽度",
            "轻度",
            "경증",
        ],
    ),
    (
        "moderate",
        [
            "moderado",
            "modéré",
            "matig",
            "mäßig",
            "moderado",
            "moderato",
            "středně těžký",
            "умеренный",
            "中等度",
            "中度",
            "중등도",
        ],
    ),
    (
        "unspecified",
        [
            "no especificado",
            "non précisé",
            "niet gespecificeerd",
            "nicht näher bezeichnet",
            "não especificado",
            "non specificato",
            "blíže neurčený",
            "неуточнённый",
            "詳細不明",
            "未特指",
            "상세불명",
        ],
    ),
    (
        "other",
        [
            "otro",
            "autre",
            "ander",
            "sonstige",
            "outro",
            "altro",
            "jiný",
            "другой",
            "その他",
            "其他",
            "기타",
        ],
    ),
    (
        "initial",
        [
            "inicial",
            "initial",
            "eerste",
            "erste",
            "inicial",
            "iniziale",
            "počáteční",
            "первичный",
            "初回",
            "初次",
            "초기",
        ],
    ),
    (
        "encounter",
        [
            "contacto",
            "contact",
            "contact",
            "Kontakt",
            "contato",
            "contatto",
            "kontakt",
            "обращение",
            "受診",
            "就诊",
            "진료",
        ],
    ),
    (
        "virus",
        [
            "virus",
            "virus",
            "virus",
            "Virus",
            "vírus",
            "virus",
            "virus",
            "вирус",
            "ウイルス",
            "病毒",
            "바이러스",
        ],
    ),
    (
        "tablet",
        [
            "comprimido",
            "comprimé",
            "tablet",
            "Tablette",
            "comprimido",
            "compressa",
            "tableta",
            "таблетка",
            "錠",
            "片",
            "정",
        ],
    ),
    (
        "oral",
        [
            "oral",
            "oral",
            "oraal",
            "oral",
            "oral",
            "orale",
            "perorální",
            "пероральный",
            "経口",
            "口服",
            "경구",
        ],
    ),
    (
        "injection",
        [
            "inyección",
            "injection",
            "injectie",
            "Injektion",
            "injeção",
            "iniezione",
            "injekce",
            "инъекция",
            "注射",
            "注射",
            "주사",
        ],
    ),
    (
        "solution",
        [
            "solución",
            "solution",
            "oplossing",
            "Lösung",
            "solução",
            "soluzione",
            "roztok",
            "раствор",
            "液",
            "溶液",
            "용액",
        ],
    ),
    (
        "receptor",
        [
            "receptor",
            "récepteur",
            "receptor",
            "Rezeptor",
            "receptor",
            "recettore",
            "receptor",
            "рецептор",
            "受容体",
            "受体",
            "수용체",
        ],
    ),
    (
        "deficiency",
        [
            "deficiencia",
            "déficit",
            "deficiëntie",
            "Mangel",
            "deficiência",
            "deficit",
            "deficit",
            "дефицит",
            "欠損症",
            "缺乏",
            "결핍",
        ],
    ),
    (
        "inflammation",
        [
            "inflamación",
            "inflammation",
            "ontsteking",
            "Entzündung",
            "inflamação",
            "infiammazione",
            "zánět",
            "воспаление",
            "炎症",
            "炎症",
            "염증",
        ],
    ),
    (
        "hemorrhage",
        [
            "hemorragia",
            "hémorragie",
            "bloeding",
            "Blutung",
            "hemorragia",
            "emorragia",
            "krvácení",
            "кровотечение",
            "出血",
            "出血",
            "출혈",
        ],
    ),
    (
        "ulcer",
        [
            "úlcera", "ulcère", "ulcus", "Ulkus", "úlcera", "ulcera", "vřed", "язва", "潰瘍",
            "溃疡", "궤양",
        ],
    ),
    (
        "diabetes",
        [
            "diabetes",
            "diabète",
            "diabetes",
            "Diabetes",
            "diabetes",
            "diabete",
            "diabetes",
            "диабет",
            "糖尿病",
            "糖尿病",
            "당뇨병",
        ],
    ),
    (
        "patient",
        [
            "paciente",
            "patient",
            "patiënt",
            "Patient",
            "paciente",
            "paziente",
            "pacient",
            "пациент",
            "患者",
            "患者",
            "환자",
        ],
    ),
    (
        "procedure",
        [
            "procedimiento",
            "procédure",
            "verrichting",
            "Verfahren",
            "procedimento",
            "procedura",
            "výkon",
            "процедура",
            "処置",
            "操作",
            "시술",
        ],
    ),
    (
        "structure",
        [
            "estructura",
            "structure",
            "structuur",
            "Struktur",
            "estrutura",
            "struttura",
            "struktura",
            "структура",
            "構造",
            "结构",
            "구조",
        ],
    ),
    (
        "finding",
        [
            "hallazgo",
            "constatation",
            "bevinding",
            "Befund",
            "achado",
            "reperto",
            "nález",
            "находка",
            "所見",
            "发现",
            "소견",
        ],
    ),
    (
        "chest",
        [
            "tórax",
            "thorax",
            "borst",
            "Brust",
            "tórax",
            "torace",
            "hrudník",
            "грудь",
            "胸部",
            "胸部",
            "흉부",
        ],
    ),
    (
        "abdomen",
        [
            "abdomen",
            "abdomen",
            "buik",
            "Abdomen",
            "abdome",
            "addome",
            "břicho",
            "живот",
            "腹部",
            "腹部",
            "복부",
        ],
    ),
    (
        "stomach",
        [
            "estómago",
            "estomac",
            "maag",
            "Magen",
            "estômago",
            "stomaco",
            "žaludek",
            "желудок",
            "胃",
            "胃",
            "위",
        ],
    ),
    (
        "renal",
        [
            "renal",
            "rénal",
            "renaal",
            "renal",
            "renal",
            "renale",
            "renální",
            "почечный",
            "腎",
            "肾",
            "신",
        ],
    ),
    (
        "hepatic",
        [
            "hepático",
            "hépatique",
            "hepatisch",
            "hepatisch",
            "hepático",
            "epatico",
            "jaterní",
            "печёночный",
            "肝",
            "肝",
            "간",
        ],
    ),
    (
        "pulmonary",
        [
            "pulmonar",
            "pulmonaire",
            "pulmonaal",
            "pulmonal",
            "pulmonar",
            "polmonare",
            "plicní",
            "лёгочный",
            "肺",
            "肺",
            "폐",
        ],
    ),
    (
        "cardiac",
        [
            "cardíaco",
            "cardiaque",
            "cardiaal",
            "kardial",
            "cardíaco",
            "cardiaco",
            "srdeční",
            "сердечный",
            "心",
            "心脏",
            "심장",
        ],
    ),
    (
        "not",
        [
            "no", "non", "niet", "nicht", "não", "non", "ne", "не", "非", "非", "비",
        ],
    ),
    (
        "detected",
        [
            "detectado",
            "détecté",
            "gedetecteerd",
            "nachgewiesen",
            "detectado",
            "rilevato",
            "detekováno",
            "обнаружено",
            "検出",
            "检出",
            "검출",
        ],
    ),
    (
        "positive",
        [
            "positivo",
            "positif",
            "positief",
            "positiv",
            "positivo",
            "positivo",
            "pozitivní",
            "положительный",
            "陽性",
            "阳性",
            "양성",
        ],
    ),
    (
        "negative",
        [
            "negativo",
            "négatif",
            "negatief",
            "negativ",
            "negativo",
            "negativo",
            "negativní",
            "отрицательный",
            "陰性",
            "阴性",
            "음성",
        ],
    ),
    (
        "normal",
        [
            "normal",
            "normal",
            "normaal",
            "normal",
            "normal",
            "normale",
            "normální",
            "нормальный",
            "正常",
            "正常",
            "정상",
        ],
    ),
    (
        "child",
        [
            "niño",
            "enfant",
            "kind",
            "Kind",
            "criança",
            "bambino",
            "dítě",
            "ребёнок",
            "小児",
            "儿童",
            "소아",
        ],
    ),
    (
        "human",
        [
            "humano",
            "humain",
            "menselijk",
            "human",
            "humano",
            "umano",
            "lidský",
            "человеческий",
            "ヒト",
            "人",
            "인간",
        ],
    ),
    (
        "total",
        [
            "total",
            "total",
            "totaal",
            "gesamt",
            "total",
            "totale",
            "celkový",
            "общий",
            "総",
            "总",
            "총",
        ],
    ),
    (
        "score",
        [
            "puntuación",
            "score",
            "score",
            "Score",
            "escore",
            "punteggio",
            "skóre",
            "балл",
            "スコア",
            "评分",
            "점수",
        ],
    ),
    (
        "panel",
        [
            "panel",
            "panel",
            "panel",
            "Panel",
            "painel",
            "pannello",
            "panel",
            "панель",
            "パネル",
            "组合",
            "패널",
        ],
    ),
];

fn dict_col(lat: u8) -> Option<usize> {
    Some(match lat {
        SPA => 0,
        FRE => 1,
        DUT => 2,
        GER => 3,
        POR => 4,
        ITA => 5,
        CZE => 6,
        RUS => 7,
        JPN => 8,
        CHI => 9,
        KOR => 10,
        _ => return None,
    })
}

/// Suffix rewrites per language (applied to the lowercase word, first match wins).
fn suffix_rules(lat: u8) -> &'static [(&'static str, &'static str)] {
    match lat {
        SPA => &[
            ("ectomy", "ectomía"),
            ("otomy", "otomía"),
            ("ostomy", "ostomía"),
            ("oscopy", "oscopia"),
            ("ography", "ografía"),
            ("opathy", "opatía"),
            ("plasty", "plastia"),
            ("tion", "ción"),
            ("sion", "sión"),
            ("ity", "idad"),
            ("ism", "ismo"),
            ("ical", "ico"),
            ("ic", "ico"),
            ("ous", "oso"),
            ("ine", "ina"),
            ("ide", "ido"),
            ("ate", "ato"),
            ("ase", "asa"),
            ("y", "ía"),
        ],
        POR => &[
            ("ectomy", "ectomia"),
            ("otomy", "otomia"),
            ("oscopy", "oscopia"),
            ("ography", "ografia"),
            ("opathy", "opatia"),
            ("tion", "ção"),
            ("sion", "são"),
            ("ity", "idade"),
            ("ism", "ismo"),
            ("ical", "ico"),
            ("ic", "ico"),
            ("ous", "oso"),
            ("ine", "ina"),
            ("ide", "ido"),
            ("ate", "ato"),
            ("y", "ia"),
        ],
        FRE => &[
            ("ectomy", "ectomie"),
            ("otomy", "otomie"),
            ("oscopy", "oscopie"),
            ("ography", "ographie"),
            ("opathy", "opathie"),
            ("ity", "ité"),
            ("ism", "isme"),
            ("ical", "ique"),
            ("ic", "ique"),
            ("ous", "eux"),
            ("emia", "émie"),
            ("ia", "ie"),
            ("y", "ie"),
            ("oma", "ome"),
        ],
        ITA => &[
            ("ectomy", "ectomia"),
            ("otomy", "otomia"),
            ("oscopy", "oscopia"),
            ("ography", "ografia"),
            ("opathy", "opatia"),
            ("tion", "zione"),
            ("sion", "sione"),
            ("ity", "ità"),
            ("ism", "ismo"),
            ("ical", "ico"),
            ("ic", "ico"),
            ("ous", "oso"),
            ("ine", "ina"),
            ("ate", "ato"),
            ("al", "ale"),
            ("y", "ia"),
        ],
        GER => &[
            ("ectomy", "ektomie"),
            ("otomy", "otomie"),
            ("oscopy", "oskopie"),
            ("ography", "ographie"),
            ("opathy", "opathie"),
            ("ity", "ität"),
            ("ism", "ismus"),
            ("ical", "isch"),
            ("ic", "isch"),
            ("ous", "ös"),
            ("ia", "ie"),
            ("y", "ie"),
            ("ine", "in"),
            ("ide", "id"),
            ("ate", "at"),
            ("oma", "om"),
        ],
        DUT => &[
            ("ectomy", "ectomie"),
            ("otomy", "otomie"),
            ("oscopy", "oscopie"),
            ("ography", "ografie"),
            ("opathy", "opathie"),
            ("tion", "tie"),
            ("ity", "iteit"),
            ("ism", "isme"),
            ("ical", "isch"),
            ("ic", "isch"),
            ("ous", "eus"),
            ("ia", "ie"),
            ("y", "ie"),
            ("oma", "oom"),
        ],
        CZE => &[
            ("ectomy", "ektomie"),
            ("otomy", "otomie"),
            ("oscopy", "oskopie"),
            ("ography", "ografie"),
            ("opathy", "opatie"),
            ("tion", "ce"),
            ("ity", "ita"),
            ("ism", "ismus"),
            ("ical", "ický"),
            ("ic", "ický"),
            ("ous", "ózní"),
            ("itis", "itida"),
            ("osis", "óza"),
            ("ia", "ie"),
            ("y", "ie"),
            ("ine", "in"),
            ("oma", "om"),
            ("al", "ální"),
        ],
        POL => &[
            ("ectomy", "ektomia"),
            ("tion", "cja"),
            ("ity", "ność"),
            ("ism", "izm"),
            ("ical", "iczny"),
            ("ic", "iczny"),
            ("ous", "owy"),
            ("osis", "oza"),
            ("al", "alny"),
            ("y", "ia"),
        ],
        HUN => &[
            ("ectomy", "ektómia"),
            ("tion", "ció"),
            ("ity", "itás"),
            ("ism", "izmus"),
            ("ical", "ikus"),
            ("ic", "ikus"),
            ("ous", "ózus"),
            ("itis", "itisz"),
            ("osis", "ózis"),
            ("al", "ális"),
            ("oma", "óma"),
            ("y", "ia"),
        ],
        TUR => &[
            ("ectomy", "ektomi"),
            ("ography", "ografi"),
            ("opathy", "opati"),
            ("tion", "syon"),
            ("ity", "ite"),
            ("ism", "izm"),
            ("ical", "ik"),
            ("ic", "ik"),
            ("ous", "öz"),
            ("itis", "it"),
            ("osis", "oz"),
            ("oma", "om"),
            ("y", "i"),
        ],
        SWE => &[
            ("ectomy", "ektomi"),
            ("ography", "grafi"),
            ("ity", "itet"),
            ("ism", "ism"),
            ("ical", "isk"),
            ("ic", "isk"),
            ("ous", "ös"),
            ("itis", "it"),
            ("osis", "os"),
            ("oma", "om"),
            ("y", "i"),
        ],
        NOR => &[
            ("ectomy", "ektomi"),
            ("tion", "sjon"),
            ("ity", "itet"),
            ("ism", "isme"),
            ("ical", "isk"),
            ("ic", "isk"),
            ("ous", "øs"),
            ("itis", "itt"),
            ("osis", "ose"),
            ("oma", "om"),
            ("y", "i"),
        ],
        DAN => &[
            ("ectomy", "ektomi"),
            ("ity", "itet"),
            ("ism", "isme"),
            ("ical", "isk"),
            ("ic", "isk"),
            ("ous", "øs"),
            ("osis", "ose"),
            ("oma", "om"),
            ("y", "i"),
        ],
        FIN => &[
            ("ectomy", "ektomia"),
            ("tion", "tio"),
            ("ity", "iteetti"),
            ("ism", "ismi"),
            ("ical", "inen"),
            ("ic", "inen"),
            ("ous", "oosi"),
            ("itis", "iitti"),
            ("osis", "oosi"),
            ("oma", "ooma"),
            ("al", "aalinen"),
            ("y", "ia"),
        ],
        EST => &[
            ("ectomy", "ektoomia"),
            ("tion", "tsioon"),
            ("ity", "iteet"),
            ("ism", "ism"),
            ("ical", "iline"),
            ("ic", "iline"),
            ("ous", "oosne"),
            ("itis", "iit"),
            ("osis", "oos"),
            ("oma", "oom"),
            ("al", "aalne"),
            ("y", "ia"),
        ],
        LAV => &[
            ("ectomy", "ektomija"),
            ("tion", "cija"),
            ("ity", "itāte"),
            ("ism", "isms"),
            ("ical", "isks"),
            ("ic", "isks"),
            ("ous", "ozs"),
            ("itis", "īts"),
            ("osis", "oze"),
            ("al", "āls"),
            ("y", "ija"),
        ],
        SCR => &[
            ("ectomy", "ektomija"),
            ("tion", "cija"),
            ("ity", "itet"),
            ("ism", "izam"),
            ("ical", "ički"),
            ("ic", "ički"),
            ("ous", "ozni"),
            ("osis", "oza"),
            ("oma", "om"),
            ("al", "alni"),
            ("y", "ija"),
        ],
        BAQ => &[
            ("ectomy", "ektomia"),
            ("tion", "zio"),
            ("ity", "tasun"),
            ("ism", "ismo"),
            ("ical", "iko"),
            ("ic", "iko"),
            ("ous", "oso"),
            ("osis", "osi"),
            ("y", "ia"),
        ],
        RUS => &[
            ("ectomy", "ektomiya"),
            ("tion", "tsiya"),
            ("ity", "ost"),
            ("ism", "izm"),
            ("ical", "icheskiy"),
            ("ic", "icheskiy"),
            ("ous", "ozny"),
            ("itis", "it"),
            ("osis", "oz"),
            ("al", "alny"),
            ("y", "iya"),
        ],
        GRE => &[
            ("ectomy", "ektomi"),
            ("tion", "si"),
            ("ity", "otita"),
            ("ism", "ismos"),
            ("ical", "ikos"),
            ("ic", "ikos"),
            ("ous", "odis"),
            ("itis", "itida"),
            ("osis", "osi"),
            ("al", "ikos"),
            ("y", "ia"),
        ],
        _ => &[],
    }
}

/// Letter-level respelling: (from, to) applied left to right.
fn letter_rules(lat: u8) -> &'static [(&'static str, &'static str)] {
    match lat {
        SPA | POR | ITA => &[("ph", "f"), ("th", "t"), ("k", "c"), ("y", "i"), ("w", "v")],
        FRE => &[("k", "c")],
        GER | DUT | SWE | NOR | DAN => &[
            ("ph", "f"),
            ("th", "t"),
            ("ca", "ka"),
            ("co", "ko"),
            ("cu", "ku"),
            ("cl", "kl"),
            ("cr", "kr"),
        ],
        CZE | POL | SCR | LAV | EST | FIN | HUN | TUR | BAQ => &[
            ("ph", "f"),
            ("th", "t"),
            ("ca", "ka"),
            ("co", "ko"),
            ("cu", "ku"),
            ("cl", "kl"),
            ("cr", "kr"),
            ("qu", "kv"),
            ("w", "v"),
            ("x", "ks"),
        ],
        _ => &[],
    }
}

/// Accented replacements per language: (plain char, accented choices).
fn accent_map(lat: u8) -> &'static [(char, &'static [char])] {
    match lat {
        SPA => &[
            ('a', &['á']),
            ('e', &['é']),
            ('i', &['í']),
            ('o', &['ó']),
            ('u', &['ú']),
            ('n', &['ñ']),
        ],
        FRE => &[
            ('e', &['é', 'é', 'è', 'ê']),
            ('a', &['à', 'â']),
            ('i', &['î', 'ï']),
            ('o', &['ô']),
            ('c', &['ç']),
        ],
        POR => &[
            ('a', &['ã', 'á', 'â']),
            ('e', &['ê', 'é']),
            ('o', &['õ', 'ó', 'ô']),
            ('c', &['ç']),
            ('i', &['í']),
        ],
        ITA => &[
            ('a', &['à']),
            ('e', &['è', 'é']),
            ('i', &['ì']),
            ('o', &['ò']),
            ('u', &['ù']),
        ],
        GER => &[('a', &['ä']), ('o', &['ö']), ('u', &['ü'])],
        DUT => &[('e', &['ë']), ('i', &['ï'])],
        CZE => &[
            ('a', &['á']),
            ('e', &['ě', 'é']),
            ('i', &['í']),
            ('y', &['ý']),
            ('u', &['ů', 'ú']),
            ('c', &['č']),
            ('r', &['ř']),
            ('s', &['š']),
            ('z', &['ž']),
            ('n', &['ň']),
        ],
        POL => &[
            ('a', &['ą']),
            ('e', &['ę']),
            ('o', &['ó']),
            ('l', &['ł']),
            ('s', &['ś']),
            ('z', &['ż', 'ź']),
            ('c', &['ć']),
            ('n', &['ń']),
        ],
        HUN => &[
            ('a', &['á']),
            ('e', &['é']),
            ('i', &['í']),
            ('o', &['ó', 'ö', 'ő']),
            ('u', &['ú', 'ü', 'ű']),
        ],
        TUR => &[
            ('i', &['ı', 'İ']),
            ('s', &['ş']),
            ('g', &['ğ']),
            ('c', &['ç']),
            ('o', &['ö']),
            ('u', &['ü']),
        ],
        SWE => &[('a', &['å', 'ä']), ('o', &['ö'])],
        NOR | DAN => &[('a', &['å']), ('e', &['æ']), ('o', &['ø'])],
        FIN => &[('a', &['ä']), ('o', &['ö'])],
        EST => &[('o', &['õ', 'ö']), ('a', &['ä']), ('u', &['ü'])],
        LAV => &[
            ('a', &['ā']),
            ('e', &['ē']),
            ('i', &['ī']),
            ('u', &['ū']),
            ('s', &['š']),
            ('z', &['ž']),
            ('c', &['č']),
            ('k', &['ķ']),
            ('l', &['ļ']),
            ('n', &['ņ']),
        ],
        SCR => &[
            ('c', &['č', 'ć']),
            ('s', &['š']),
            ('z', &['ž']),
            ('d', &['đ']),
        ],
        _ => &[],
    }
}

fn is_romance(lat: u8) -> bool {
    matches!(lat, SPA | FRE | POR | ITA)
}
fn no_spaces(lat: u8) -> bool {
    matches!(lat, JPN | CHI)
}

/// Latin-script morphology of one lowercase ASCII-ish word.
fn morph_word(w: &str, lat: u8, out: &mut String) {
    let h = hash_bytes(w.as_bytes(), 0x77 + lat as u64);
    let mut s = String::with_capacity(w.len() + 4);
    let mut done = false;
    for (from, to) in suffix_rules(lat) {
        if w.len() > from.len() + 1 && w.ends_with(from) {
            s.push_str(&w[..w.len() - from.len()]);
            s.push_str(to);
            done = true;
            break;
        }
    }
    if !done {
        s.push_str(w);
    }
    for (from, to) in letter_rules(lat) {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    let am = accent_map(lat);
    if !am.is_empty() && h % 100 < 55 {
        let cands: Vec<(usize, &'static [char])> = s
            .char_indices()
            .filter_map(|(i, c)| am.iter().find(|(p, _)| *p == c).map(|(_, a)| (i, *a)))
            .collect();
        if !cands.is_empty() {
            let (pos, choices) = cands[((h >> 8) as usize) % cands.len()];
            let ch = choices[((h >> 20) as usize) % choices.len()];
            let old = s[pos..].chars().next().unwrap();
            s.replace_range(pos..pos + old.len_utf8(), ch.encode_utf8(&mut [0u8; 4]));
        }
    }
    out.push_str(&s);
}

fn translit_table(lat: u8) -> &'static [(&'static str, &'static str)] {
    match lat {
        RUS => &[
            ("shch", "щ"),
            ("sh", "ш"),
            ("ch", "ч"),
            ("zh", "ж"),
            ("ts", "ц"),
            ("ya", "я"),
            ("yu", "ю"),
            ("kh", "х"),
            ("ph", "ф"),
            ("th", "т"),
            ("a", "а"),
            ("b", "б"),
            ("c", "к"),
            ("d", "д"),
            ("e", "е"),
            ("f", "ф"),
            ("g", "г"),
            ("h", "х"),
            ("i", "и"),
            ("j", "дж"),
            ("k", "к"),
            ("l", "л"),
            ("m", "м"),
            ("n", "н"),
            ("o", "о"),
            ("p", "п"),
            ("q", "к"),
            ("r", "р"),
            ("s", "с"),
            ("t", "т"),
            ("u", "у"),
            ("v", "в"),
            ("w", "в"),
            ("x", "кс"),
            ("y", "ы"),
            ("z", "з"),
        ],
        GRE => &[
            ("ph", "φ"),
            ("th", "θ"),
            ("ch", "χ"),
            ("ps", "ψ"),
            ("ou", "ου"),
            ("a", "α"),
            ("b", "β"),
            ("c", "κ"),
            ("d", "δ"),
            ("e", "ε"),
            ("f", "φ"),
            ("g", "γ"),
            ("h", ""),
            ("i", "ι"),
            ("j", "τζ"),
            ("k", "κ"),
            ("l", "λ"),
            ("m", "μ"),
            ("n", "ν"),
            ("o", "ο"),
            ("p", "π"),
            ("q", "κ"),
            ("r", "ρ"),
            ("s", "σ"),
            ("t", "τ"),
            ("u", "ου"),
            ("v", "β"),
            ("w", "ου"),
            ("x", "ξ"),
            ("y", "υ"),
            ("z", "ζ"),
        ],
        ARA => &[
            ("sh", "ش"),
            ("th", "ث"),
            ("kh", "خ"),
            ("a", "ا"),
            ("b", "ب"),
            ("c", "ك"),
            ("d", "د"),
            ("e", "ي"),
            ("f", "ف"),
            ("g", "غ"),
            ("h", "ه"),
            ("i", "ي"),
            ("j", "ج"),
            ("k", "ك"),
            ("l", "ل"),
            ("m", "م"),
            ("n", "ن"),
            ("o", "و"),
            ("p", "ب"),
            ("q", "ق"),
            ("r", "ر"),
            ("s", "س"),
            ("t", "ت"),
            ("u", "و"),
            ("v", "ف"),
            ("w", "و"),
            ("x", "كس"),
            ("y", "ي"),
            ("z", "ز"),
        ],
        HEB => &[
            ("sh", "ש"),
            ("ch", "ח"),
            ("a", "א"),
            ("b", "ב"),
            ("c", "ק"),
            ("d", "ד"),
            ("e", ""),
            ("f", "פ"),
            ("g", "ג"),
            ("h", "ה"),
            ("i", "י"),
            ("j", "ג"),
            ("k", "ק"),
            ("l", "ל"),
            ("m", "מ"),
            ("n", "נ"),
            ("o", "ו"),
            ("p", "פ"),
            ("q", "ק"),
            ("r", "ר"),
            ("s", "ס"),
            ("t", "ט"),
            ("u", "ו"),
            ("v", "ו"),
            ("w", "ו"),
            ("x", "קס"),
            ("y", "י"),
            ("z", "ז"),
        ],
        _ => &[],
    }
}

fn transliterate(w: &str, lat: u8, out: &mut String) {
    let t = translit_table(lat);
    let b = w.as_bytes();
    let mut i = 0;
    let start = out.len();
    while i < b.len() {
        let mut hit = false;
        for (from, to) in t {
            if b[i..].starts_with(from.as_bytes()) {
                out.push_str(to);
                i += from.len();
                hit = true;
                break;
            }
        }
        if !hit {
            let c = w[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    if lat == GRE && out.ends_with('σ') {
        out.truncate(out.len() - 'σ'.len_utf8());
        out.push('ς');
    }
    let _ = start;
}

/// Syllabic scripts: consonant class x (a, i, u, e, o, alone).
const KANA: &[(&str, [&str; 6])] = &[
    ("", ["ア", "イ", "ウ", "エ", "オ", ""]),
    ("k", ["カ", "キ", "ク", "ケ", "コ", "ク"]),
    ("g", ["ガ", "ギ", "グ", "ゲ", "ゴ", "グ"]),
    ("s", ["サ", "シ", "ス", "セ", "ソ", "ス"]),
    ("z", ["ザ", "ジ", "ズ", "ゼ", "ゾ", "ズ"]),
    ("t", ["タ", "ティ", "トゥ", "テ", "ト", "ト"]),
    ("d", ["ダ", "ディ", "ドゥ", "デ", "ド", "ド"]),
    ("n", ["ナ", "ニ", "ヌ", "ネ", "ノ", "ン"]),
    ("h", ["ハ", "ヒ", "フ", "ヘ", "ホ", ""]),
    ("b", ["バ", "ビ", "ブ", "ベ", "ボ", "ブ"]),
    ("p", ["パ", "ピ", "プ", "ペ", "ポ", "プ"]),
    ("m", ["マ", "ミ", "ム", "メ", "モ", "ム"]),
    ("y", ["ヤ", "イ", "ユ", "エ", "ヨ", "イ"]),
    ("r", ["ラ", "リ", "ル", "レ", "ロ", "ル"]),
    ("w", ["ワ", "ウィ", "ウ", "ウェ", "ウォ", "ウ"]),
    ("f", ["ファ", "フィ", "フ", "フェ", "フォ", "フ"]),
    ("v", ["ヴァ", "ヴィ", "ヴ", "ヴェ", "ヴォ", "ヴ"]),
    ("j", ["ジャ", "ジ", "ジュ", "ジェ", "ジョ", "ジ"]),
    ("ch", ["チャ", "チ", "チュ", "チェ", "チョ", "チ"]),
    ("sh", ["シャ", "シ", "シュ", "シェ", "ショ", "シュ"]),
    ("ts", ["ツァ", "ツィ", "ツ", "ツェ", "ツォ", "ツ"]),
];
const HANZI: &[(&str, [&str; 6])] = &[
    ("", ["阿", "伊", "乌", "埃", "奥", ""]),
    ("k", ["卡", "奇", "库", "克", "科", "克"]),
    ("g", ["加", "吉", "古", "格", "戈", "格"]),
    ("s", ["萨", "西", "苏", "塞", "索", "斯"]),
    ("z", ["扎", "齐", "祖", "泽", "佐", "兹"]),
    ("t", ["塔", "蒂", "图", "特", "托", "特"]),
    ("d", ["达", "迪", "杜", "德", "多", "德"]),
    ("n", ["纳", "尼", "努", "内", "诺", "恩"]),
    ("h", ["哈", "希", "胡", "赫", "霍", "赫"]),
    ("b", ["巴", "比", "布", "贝", "博", "布"]),
    ("p", ["帕", "皮", "普", "佩", "波", "普"]),
    ("m", ["马", "米", "穆", "梅", "莫", "姆"]),
    ("y", ["亚", "伊", "尤", "耶", "约", "伊"]),
    ("r", ["拉", "里", "鲁", "雷", "罗", "尔"]),
    ("w", ["瓦", "维", "乌", "韦", "沃", "乌"]),
    ("f", ["法", "菲", "夫", "费", "福", "夫"]),
    ("v", ["瓦", "维", "武", "维", "沃", "夫"]),
    ("j", ["贾", "吉", "朱", "杰", "乔", "吉"]),
    ("ch", ["查", "奇", "丘", "切", "乔", "奇"]),
    ("sh", ["沙", "希", "舒", "谢", "肖", "什"]),
    ("ts", ["察", "齐", "楚", "策", "措", "茨"]),
];

fn syllabic(w: &str, table: &[(&str, [&str; 6])], out: &mut String) {
    let b: Vec<u8> = w.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let vowel = |c: u8| match c {
        b'a' => Some(0),
        b'i' => Some(1),
        b'u' => Some(2),
        b'e' => Some(3),
        b'o' => Some(4),
        b'y' => Some(1),
        _ => None,
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !c.is_ascii_alphabetic() {
            match c {
                b'-' | b' ' | b'/' => out.push('・'),
                b'0'..=b'9' => out.push(c as char),
                _ => {}
            }
            i += 1;
            continue;
        }
        // consonant class
        let (cls, len) = if b[i..].starts_with(b"ch") {
            ("ch", 2)
        } else if b[i..].starts_with(b"sh") {
            ("sh", 2)
        } else if b[i..].starts_with(b"ts") {
            ("ts", 2)
        } else if b[i..].starts_with(b"ph") {
            ("f", 2)
        } else if b[i..].starts_with(b"th") {
            ("s", 2)
        } else if vowel(c).is_some() && c != b'y' {
            ("", 0)
        } else {
            let cl = match c {
                b'k' | b'c' | b'q' => "k",
                b'g' => "g",
                b's' => "s",
                b'z' | b'x' => "z",
                b't' => "t",
                b'd' => "d",
                b'n' => "n",
                b'h' => "h",
                b'b' => "b",
                b'p' => "p",
                b'm' => "m",
                b'y' => "y",
                b'r' | b'l' => "r",
                b'w' => "w",
                b'f' => "f",
                b'v' => "v",
                b'j' => "j",
                _ => "k",
            };
            (cl, 1)
        };
        let row = &table.iter().find(|r| r.0 == cls).unwrap().1;
        let j = i + len;
        if j < b.len() {
            if let Some(v) = vowel(b[j]) {
                out.push_str(row[v]);
                i = j + 1;
                continue;
            }
        }
        if len == 0 {
            // lone vowel handled above; unreachable
            i += 1;
        } else {
            out.push_str(row[5]);
            i = j;
        }
    }
}

fn hangul(w: &str, out: &mut String) {
    let b: Vec<u8> = w.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let ini = |c: u8| -> Option<u32> {
        Some(match c {
            b'g' => 0,
            b'n' => 2,
            b'd' => 3,
            b'r' | b'l' => 5,
            b'm' => 6,
            b'b' | b'v' => 7,
            b's' => 9,
            b'j' | b'z' => 12,
            b'c' | b'k' | b'q' | b'x' => 15,
            b't' => 16,
            b'p' | b'f' => 17,
            b'h' => 18,
            _ => return None,
        })
    };
    let vow = |c: u8| -> Option<u32> {
        Some(match c {
            b'a' => 0,
            b'e' => 5,
            b'i' | b'y' => 20,
            b'o' => 8,
            b'u' | b'w' => 13,
            _ => return None,
        })
    };
    let fin = |c: u8| -> Option<u32> {
        Some(match c {
            b'n' => 4,
            b'm' => 16,
            b'l' | b'r' => 8,
            b'k' | b'c' => 1,
            b'p' => 17,
            b't' => 7,
            b's' => 19,
            _ => return None,
        })
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !c.is_ascii_alphabetic() {
            if c.is_ascii_digit() {
                out.push(c as char);
            } else if c == b' ' || c == b'-' {
                out.push(' ');
            }
            i += 1;
            continue;
        }
        let (init, mut j) = match ini(c) {
            Some(x) => (x, i + 1),
            None => (11, i), // silent ieung before a vowel
        };
        let v = if j < b.len() { vow(b[j]) } else { None };
        let v = match v {
            Some(v) => {
                j += 1;
                v
            }
            None => {
                if j == i {
                    j += 1; // unknown letter: consume
                }
                18
            }
        };
        let mut f = 0;
        if j < b.len() {
            if let Some(ff) = fin(b[j]) {
                let next_vowel = j + 1 < b.len() && vow(b[j + 1]).is_some();
                if !next_vowel {
                    f = ff;
                    j += 1;
                }
            }
        }
        out.push(char::from_u32(0xAC00 + (init * 21 + v) * 28 + f).unwrap_or('가'));
        i = j;
    }
}

/// Translates an English phrase into `lat` (word dictionary + morphology + script), keeping
/// digits, codes and upper-case abbreviations as they are.
fn translate(src: &str, lat: u8, out: &mut String) {
    let col = dict_col(lat);
    let capital = src.chars().next().is_some_and(|c| c.is_uppercase());
    // reorder for Romance languages and CJK: "A B of C" patterns
    let (head, tail) = match src.find(" of ") {
        Some(p) => (&src[..p], Some(&src[p + 4..])),
        None => (src, None),
    };
    let mut words: Vec<&str> = head.split(' ').filter(|w| !w.is_empty()).collect();
    // keep trailing "NOS" / parenthetical tokens in place when reordering
    let keep_tail = words
        .iter()
        .rev()
        .take_while(|w| **w == "NOS" || w.starts_with('(') || w.ends_with(')'))
        .count();
    let nw = words.len() - keep_tail;
    if is_romance(lat) && (2..=3).contains(&nw) && !head.contains(',') {
        words[..nw].reverse();
    }
    let mut toks: Vec<String> = Vec::with_capacity(words.len() + 4);
    let emit = |w: &str, toks: &mut Vec<String>| {
        let lead_len = w.len() - w.trim_start_matches(['(', '[']).len();
        let (lead, w) = w.split_at(lead_len);
        let (core, trail) = match w.find([',', ';', ')', ']']) {
            Some(p) if p > 0 => (&w[..p], &w[p..]),
            _ => (w, ""),
        };
        let lower = core.to_lowercase();
        let mut t = String::with_capacity(core.len() + 8);
        t.push_str(lead);
        let keep = core.len() <= 1
            || core.chars().any(|c| c.is_ascii_digit())
            || (core.len() <= 6 && core.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()))
            || !core.is_ascii();
        let mut hit = None;
        if let Some(ci) = col {
            if let Some(e) = DICT.iter().find(|e| e.0 == lower) {
                hit = Some(e.1[ci]);
            }
        }
        if let Some(hw) = hit {
            t.push_str(hw);
        } else if keep {
            t.push_str(core);
        } else {
            match lat {
                JPN => syllabic(&lower, KANA, &mut t),
                CHI => syllabic(&lower, HANZI, &mut t),
                KOR => hangul(&lower, &mut t),
                RUS | GRE => {
                    let mut m = String::new();
                    morph_word(&lower, lat, &mut m);
                    transliterate(&m, lat, &mut t);
                }
                ARA | HEB => transliterate(&lower, lat, &mut t),
                _ => morph_word(&lower, lat, &mut t),
            }
        }
        if t.len() > lead.len() || !trail.is_empty() {
            t.push_str(trail);
            toks.push(t);
        }
    };
    for w in &words {
        emit(w, &mut toks);
    }
    let mut tail_toks: Vec<String> = Vec::new();
    if let Some(tl) = tail {
        for w in tl.split(' ').filter(|w| !w.is_empty()) {
            emit(w, &mut tail_toks);
        }
    }
    let of = col.map(|c| DICT[0].1[c]).unwrap_or("");
    let sep = if no_spaces(lat) { "" } else { " " };
    let start = out.len();
    if matches!(lat, JPN | CHI | KOR) && tail.is_some() {
        out.push_str(&tail_toks.join(sep));
        out.push_str(of);
        if lat == KOR {
            out.push(' ');
        }
        out.push_str(&toks.join(sep));
    } else {
        out.push_str(&toks.join(sep));
        if tail.is_some() {
            if !of.is_empty() {
                out.push(' ');
                out.push_str(of);
            }
            out.push(' ');
            out.push_str(&tail_toks.join(sep));
        }
    }
    if capital && !no_spaces(lat) {
        let first = out[start..].chars().next();
        if let Some(f) = first {
            if f.is_lowercase() {
                let up: String = f.to_uppercase().collect();
                out.replace_range(start..start + f.len_utf8(), &up);
            }
        }
    }
    if out.len() == start {
        out.push_str(src);
    }
}

/// Katakana reading of an English phrase (MDRJPN *JKN TTYs).
fn kana_reading(src: &str, out: &mut String) {
    for (i, w) in src.split(' ').enumerate() {
        if i > 0 {
            out.push('・');
        }
        syllabic(&w.to_lowercase(), KANA, out);
    }
}

// ================================================================================================
// Concept material: the English names and facts from which every atom string of a CUI is built
// ================================================================================================

#[derive(Default)]
struct Mat {
    group: usize,
    /// Canonical English name (sentence case).
    base: String,
    /// A true English synonym (may be empty).
    alt: String,
    /// Acronym, symbol or short form (may be empty).
    abbr: String,
    anat: &'static str,
    anat_adj: &'static str,
    side: &'static str,
    // LOINC-like observation
    lab: bool,
    comp: String,
    prop: usize,
    time: &'static str,
    sys: usize,
    scale: &'static str,
    method: Option<usize>,
    question: bool,
    // clinical drug
    drug: bool,
    ings: Vec<(String, &'static str, &'static str)>,
    form: &'static str,
    brand: String,
    // organism
    genus: String,
    epithet: String,
    org_rest: String,
    virus: bool,
    // chemistry / genes
    sysname: String,
    symbol: String,
    fullname: String,
}

impl Mat {
    fn clear(&mut self, group: usize) {
        self.group = group;
        self.base.clear();
        self.alt.clear();
        self.abbr.clear();
        self.anat = "";
        self.anat_adj = "";
        self.side = "";
        self.lab = false;
        self.comp.clear();
        self.question = false;
        self.method = None;
        self.drug = false;
        self.ings.clear();
        self.brand.clear();
        self.genus.clear();
        self.epithet.clear();
        self.org_rest.clear();
        self.virus = false;
        self.sysname.clear();
        self.symbol.clear();
        self.fullname.clear();
    }
}

fn pseudo(r: &mut Rng, nsyl: usize) -> String {
    let mut s = String::new();
    for _ in 0..nsyl {
        s.push_str(r.pick(SYL));
    }
    s
}
fn surname(r: &mut Rng) -> String {
    if r.chance(0.45) {
        return r.pick(EPONYMS).to_string();
    }
    let n = r.range(1, 2);
    cap_first(&(pseudo(r, n) + r.pick(SURNAME_END)))
}
fn place(r: &mut Rng) -> String {
    let n = r.range(1, 2);
    cap_first(&(pseudo(r, n) + r.pick(PLACE_END)))
}
fn brand(r: &mut Rng) -> String {
    let n = r.range(2, 3);
    let mut b = cap_first(&pseudo(r, n));
    if r.chance(0.12) {
        b.push_str(r.pick(&[" XR", " ER", " Forte", " HCT", "-D", " SR", " Plus", " ODT"]));
    }
    b
}
fn inn(r: &mut Rng) -> String {
    let n = r.range(1, 2);
    pseudo(r, n) + r.pick(INN_SUFFIX)
}
fn gene_symbol(r: &mut Rng) -> String {
    if r.chance(0.8) {
        let mut s = r.pick(GENE_FAMILIES).to_string();
        let n = if r.chance(0.7) {
            r.range(1, 30)
        } else {
            r.range(31, 999)
        };
        push_num(&mut s, n as u64);
        if r.chance(0.3) {
            s.push((b'A' + r.below(6) as u8) as char);
            if r.chance(0.3) {
                push_num(&mut s, r.range(1, 9) as u64);
            }
        }
        s
    } else {
        let mut s = String::new();
        for _ in 0..r.range(3, 5) {
            s.push((b'A' + r.below(26) as u8) as char);
        }
        if r.chance(0.6) {
            push_num(&mut s, r.range(1, 20) as u64);
        }
        s
    }
}
fn genus(r: &mut Rng) -> String {
    r.pick(GENUS_PRE).to_string() + r.pick(GENUS_ROOT)
}
fn epithet(r: &mut Rng) -> String {
    match r.below(10) {
        0..=5 => r.pick(EPITHETS).to_string(),
        6 => pseudo(r, 2) + "ensis",
        7 => surname(r).to_lowercase().replace([' ', '-'], "") + "ii",
        8 => r.pick(LATIN_ADJ).to_string() + r.pick(&["us", "a", "um", "escens", "icans"]),
        _ => pseudo(r, 2) + r.pick(&["ae", "us", "a", "um", "ica", "oides"]),
    }
}
fn organ(r: &mut Rng) -> (&'static str, &'static str) {
    r.pick(ORGANS)
}
fn chem_substituent(r: &mut Rng, depth: usize) -> String {
    let mut s = String::new();
    s.push_str(r.pick(LOCANTS));
    s.push('-');
    if depth < 2 && r.chance(0.18) {
        s.push('(');
        s.push_str(&chem_substituent(r, depth + 1));
        s.push(')');
        s.push_str(r.pick(&[
            "amino", "oxy", "methyl", "ethyl", "carbonyl", "sulfonyl", "phenyl",
        ]));
    } else {
        s.push_str(r.pick(SUBSTITUENTS));
    }
    s
}
fn chem_sysname(r: &mut Rng) -> String {
    let mut s = String::new();
    if r.chance(0.3) {
        s.push_str(r.pick(STEREO));
    }
    let k = 1 + r.expo(1.3).min(7);
    for i in 0..k {
        if i > 0 {
            s.push('-');
        }
        s.push_str(&chem_substituent(r, 0));
    }
    s.push_str(r.pick(CORES));
    if r.chance(0.15) {
        s.push(' ');
        s.push_str(r.pick(SALTS));
    }
    s
}
fn short_disorder(r: &mut Rng) -> String {
    let (o, a) = organ(r);
    match r.below(4) {
        0 => format!("{} {}", a, r.pick(DISEASE_HEADS)),
        1 => format!("{}{}", r.pick(STEMS), r.pick(SUFFIX_DISEASE)),
        2 => format!("{} of {}", r.pick(DISEASE_HEADS), o),
        _ => format!("{} {} {}", r.pick(MODIFIERS), a, r.pick(DISEASE_HEADS)),
    }
}
fn analyte(r: &mut Rng) -> String {
    const COMMON: &[&str] = &[
        "Glucose",
        "Creatinine",
        "Sodium",
        "Potassium",
        "Chloride",
        "Bicarbonate",
        "Urea nitrogen",
        "Calcium",
        "Magnesium",
        "Phosphate",
        "Albumin",
        "Protein",
        "Bilirubin",
        "Alanine aminotransferase",
        "Aspartate aminotransferase",
        "Alkaline phosphatase",
        "Cholesterol",
        "Cholesterol in HDL",
        "Cholesterol in LDL",
        "Triglyceride",
        "Hemoglobin",
        "Hemoglobin A1c/Hemoglobin.total",
        "Ferritin",
        "Iron",
        "Transferrin",
        "Thyrotropin",
        "Thyroxine.free",
        "Cortisol",
        "Testosterone",
        "Estradiol",
        "Prolactin",
        "Insulin",
        "C reactive protein",
        "Troponin I.cardiac",
        "Natriuretic peptide B",
        "Lactate",
        "Ammonia",
        "Lipase",
        "Amylase",
        "25-Hydroxyvitamin D3",
        "Cobalamin",
        "Folate",
        "Prostate specific Ag",
        "Carcinoembryonic Ag",
        "Alpha-1-Fetoprotein",
        "Cancer Ag 125",
        "Fibrinogen",
        "Coagulation factor VIII activity actual/normal",
        "D-dimer",
        "Lead",
        "Ethanol",
        "Cocaine",
        "Amphetamines",
        "Opiates",
        "Cannabinoids",
        "Osmolality",
        "Uric acid",
        "Gamma glutamyl transferase",
        "Lactate dehydrogenase",
    ];
    match r.below(10) {
        0..=4 => r.pick(COMMON).to_string(),
        5..=6 => cap_first(&inn(r)),
        7 => cap_first(&(r.pick(ENZYME_SUBSTRATES).to_string() + " " + r.pick(ENZYME_HEADS))),
        8 => gene_symbol(r) + " protein",
        _ => cap_first(&chem_sysname(r)),
    }
}

/// Fills a PROTEIN_FAMILIES pattern: # number, @ letter, % roman numeral, & Greek letter, $ symbol.
fn fill_pattern(r: &mut Rng, pat: &str, sym: &str) -> String {
    let mut s = String::with_capacity(pat.len() + 8);
    for c in pat.chars() {
        match c {
            '#' => push_num(
                &mut s,
                if r.chance(0.8) {
                    r.range(1, 30)
                } else {
                    r.range(31, 400)
                } as u64,
            ),
            '@' => s.push((b'A' + r.below(8) as u8) as char),
            '%' => s.push_str(r.pick(ROMAN)),
            '&' => s.push_str(r.pick(GREEK)),
            '$' => s.push_str(sym),
            _ => s.push(c),
        }
    }
    s
}

fn gen_material(r: &mut Rng, m: &mut Mat) {
    let g = m.group;
    let (o, a) = organ(r);
    m.anat = o;
    m.anat_adj = a;
    m.side = r.pick(SIDES);
    match g {
        G_ORG => gen_organism(r, m),
        G_CHEM => gen_chemical(r, m),
        G_DRUG => gen_drug(r, m),
        G_PROT => gen_protein(r, m),
        G_GENE => gen_gene(r, m),
        G_DISO => gen_disorder(r, m),
        G_NEOP => gen_neoplasm(r, m),
        G_INJ => gen_injury(r, m),
        G_FIND => gen_finding(r, m),
        G_ANAT => gen_anatomy(r, m),
        G_PROC => gen_procedure(r, m),
        G_LAB => gen_lab(r, m),
        G_CONC => gen_concept(r, m),
        G_DEVI => gen_device(r, m),
        G_PHYS => gen_physiology(r, m),
        _ => gen_misc(r, m),
    }
    if m.base.is_empty() {
        m.base = short_disorder(r);
    }
    if !m.lab && !m.drug && r.chance(0.3) {
        qualify(r, m);
    }
    m.base = cap_first(&m.base);
    if m.abbr.is_empty() && r.chance(0.5) {
        m.abbr = words_initials(&m.base);
    }
    if m.alt.is_empty() && r.chance(0.6) {
        let s = synonym_swap(&m.base);
        if s != m.base {
            m.alt = s;
        }
    }
    if m.fullname.is_empty() {
        m.fullname = m.base.to_lowercase();
    }
}

/// Appends a group-specific qualifier (real names are often long, qualified phrases).
fn qualify(r: &mut Rng, m: &mut Mat) {
    let q: String = match m.group {
        G_DISO | G_NEOP | G_INJ => match r.below(9) {
            0 => ", unspecified".into(),
            1 => " with complication".into(),
            2 => ", recurrent".into(),
            3 => " in remission".into(),
            4 => format!(", {}", r.pick(SIDES)),
            5 => " of unknown etiology".into(),
            6 => format!(" associated with {}", short_disorder(r)),
            7 => format!(" due to {}", short_disorder(r)),
            _ => format!(" of {} {}", r.pick(SIDES), organ(r).0),
        },
        G_CHEM => r
            .pick(&[
                " hydrochloride",
                ", (+)-isomer",
                " monohydrate",
                " sodium salt",
                " conjugate",
                ", radiolabeled",
                " dimer",
                " analog",
                ", (R)-isomer",
                " derivative",
            ])
            .to_string(),
        G_PROT | G_GENE => r
            .pick(&[
                ", human",
                " isoform 2",
                " precursor",
                ", mitochondrial",
                " homolog",
                " subunit alpha",
                ", mouse",
                " (fragment)",
                " variant 1",
                " pseudogene",
            ])
            .to_string(),
        G_PROC => match r.below(6) {
            0 => format!(" of {} {}", r.pick(SIDES), organ(r).0),
            1 => " with contrast".into(),
            2 => " under general anesthesia".into(),
            3 => format!(
                " using {}",
                r.pick(&[
                    "laser",
                    "ultrasound guidance",
                    "endoscope",
                    "robotic assistance",
                    "fluoroscopic guidance"
                ])
            ),
            4 => ", complete".into(),
            _ => format!(" for {}", short_disorder(r)),
        },
        G_FIND => r
            .pick(&[
                ", left side",
                " on examination",
                " during pregnancy",
                " after exercise",
                ", persistent",
                " at rest",
                " (finding)",
                ", intermittent",
                " in the morning",
            ])
            .to_string(),
        G_ANAT => r
            .pick(&[
                " proper",
                " region",
                ", left",
                ", right",
                " of adult",
                " of fetus",
                " and adjacent tissue",
                " (structure)",
            ])
            .to_string(),
        G_DEVI => r
            .pick(&[
                ", sterile",
                ", single-use",
                ", adult size",
                ", pediatric",
                ", reusable",
                ", non-sterile",
                " kit",
            ])
            .to_string(),
        G_ORG => format!(
            " {}",
            r.pick(&[
                "strain ATCC 12228",
                "isolate X-1",
                "subsp. minor",
                "var. major",
                "clone 3",
                "genomovar 2"
            ])
        ),
        _ => r
            .pick(&[
                " status",
                " value",
                " (attribute)",
                " category",
                " type",
                ", other",
                " assessment",
            ])
            .to_string(),
    };
    m.base.push_str(&q);
}

fn gen_organism(r: &mut Rng, m: &mut Mat) {
    let k = r.below(100);
    m.genus = genus(r);
    m.epithet = epithet(r);
    if k < 22 {
        // virus
        m.virus = true;
        if r.chance(0.3) {
            let kind = if r.chance(0.5) { "A" } else { "B" };
            let host = r.pick(&[
                "",
                "swine/",
                "chicken/",
                "duck/",
                "equine/",
                "mallard/",
                "environment/",
            ]);
            let year = 1957 + r.below(67);
            let (h, n) = (r.range(1, 16), r.range(1, 9));
            m.base = format!(
                "Influenza {} virus (A/{}{}/{}/{}(H{}N{}))",
                kind,
                host,
                place(r),
                r.range(1, 9999),
                year,
                h,
                n
            );
        } else if r.chance(0.5) {
            let host = r.pick(VIRUS_HOSTS);
            m.base = format!("{} {} {}", host, r.pick(VIRUS_KINDS), r.range(1, 120));
            if r.chance(0.3) {
                m.base = format!("{} {} type {}", host, r.pick(VIRUS_KINDS), r.range(1, 120));
            }
        } else {
            m.base = format!(
                "{}virus {}",
                cap_first(&pseudo(r, 2)),
                r.pick(&["A", "B", "C", "1", "2", "3", "alpha", "SH-2019"])
            );
        }
        m.abbr = words_initials(&m.base);
        if m.abbr.len() > 6 {
            m.abbr.truncate(6);
        }
        return;
    }
    let mut s = format!("{} {}", m.genus, m.epithet);
    let rest = match r.below(20) {
        0..=7 => String::new(),
        8..=10 => format!("strain {} {}", r.pick(COLLECTIONS), r.range(100, 99999)),
        11..=12 => format!("subsp. {}", epithet(r)),
        13 => format!("serovar {}", place(r)),
        14..=15 => format!(
            "str. {}{}",
            (b'A' + r.below(26) as u8) as char,
            r.range(1, 9999)
        ),
        16 => format!("pv. {}", epithet(r)),
        _ => String::new(),
    };
    if k < 35 {
        s = format!(
            "{} sp. {}{}-{}",
            m.genus,
            (b'A' + r.below(26) as u8) as char,
            (b'A' + r.below(26) as u8) as char,
            r.range(1, 3000)
        );
    } else if k < 40 {
        s = format!("uncultured {} sp.", m.genus);
    } else if k < 43 {
        s = format!("Candidatus {} {}", m.genus, m.epithet);
    }
    if !rest.is_empty() {
        s.push(' ');
        s.push_str(&rest);
    }
    m.org_rest = rest;
    m.base = s;
    m.alt = format!("{}. {}", &m.genus[..1], m.epithet);
}

fn gen_chemical(r: &mut Rng, m: &mut Mat) {
    m.sysname = chem_sysname(r);
    match r.below(100) {
        0..=29 => m.base = m.sysname.clone(),
        30..=54 => {
            m.base = inn(r);
            if r.chance(0.3) {
                m.base = format!("{} {}", m.base, r.pick(SALTS));
            }
        }
        55..=64 => {
            let mut c = String::new();
            for _ in 0..r.range(2, 3) {
                c.push((b'A' + r.below(26) as u8) as char);
            }
            c.push(if r.chance(0.5) { '-' } else { ' ' });
            push_num(&mut c, r.range(10, 999_999) as u64);
            m.abbr = c.clone();
            m.base = c;
            m.alt = m.sysname.clone();
        }
        65..=74 => {
            m.base = {
                let k = r.range(2, 3);
                cap_first(&pseudo(r, k))
            } + r.pick(&[
                "ine", "oside", "mycin", "olide", "ene", "ol", "in", "one", "ic acid",
            ]);
            if r.chance(0.3) {
                m.base.push(' ');
                m.base.push_str(r.pick(&["A", "B", "C", "D", "I", "II"]));
            }
        }
        75..=84 => {
            let el = r.pick(ELEMENTS);
            m.base = if r.chance(0.2) {
                format!(
                    "{}({}) {}",
                    el,
                    r.pick(&["II", "III", "IV"]),
                    r.pick(ANIONS)
                )
            } else {
                format!("{} {}", el, r.pick(ANIONS))
            };
        }
        85..=89 => {
            let n = r.range(3, 14);
            let mut p: Vec<&str> = (0..n).map(|_| r.pick(AMINO)).collect();
            if r.chance(0.2) {
                p[0] = "D-Phe";
            }
            m.base = if r.chance(0.25) {
                format!("Cyclo({})", p.join("-"))
            } else {
                p.join("-")
            };
        }
        90..=94 => {
            m.base = match r.below(3) {
                0 => format!("{} {} extract", genus(r), epithet(r)),
                1 => format!("{} oil", cap_first(&pseudo(r, 2))),
                _ => format!("Poly({} {})", r.pick(SUBSTITUENTS), r.pick(CORES)),
            }
        }
        _ => {
            m.base = format!(
                "{}, ({})-labeled",
                inn(r),
                r.pick(&["3H", "14C", "125I", "18F", "99mTc", "13C"])
            );
        }
    }
}

fn drug_ingredient(r: &mut Rng) -> String {
    let mut s = inn(r);
    if r.chance(0.3) {
        s.push(' ');
        s.push_str(r.pick(SALTS));
    }
    s
}

fn scd(m: &Mat, out: &mut String) {
    for (i, (ing, st, u)) in m.ings.iter().enumerate() {
        if i > 0 {
            out.push_str(" / ");
        }
        out.push_str(ing);
        out.push(' ');
        out.push_str(st);
        out.push(' ');
        out.push_str(u);
    }
    out.push(' ');
    out.push_str(m.form);
}

fn gen_drug(r: &mut Rng, m: &mut Mat) {
    m.drug = true;
    let n = match r.below(100) {
        0..=79 => 1,
        80..=95 => 2,
        _ => r.range(3, 4),
    };
    for _ in 0..n {
        m.ings
            .push((drug_ingredient(r), r.pick(STRENGTHS), r.pick(UNITS)));
    }
    m.form = r.pick(DOSE_FORMS);
    m.brand = brand(r);
    let mut b = String::new();
    scd(m, &mut b);
    m.base = b;
    m.alt = format!(
        "{} {} {} {} [{}]",
        m.ings[0].0, m.ings[0].1, m.ings[0].2, m.form, m.brand
    );
    m.abbr.clear();
}

fn gen_protein(r: &mut Rng, m: &mut Mat) {
    m.symbol = gene_symbol(r);
    let sym = m.symbol.clone();
    match r.below(100) {
        0..=44 => {
            m.base = {
                let p = r.pick(PROTEIN_FAMILIES);
                fill_pattern(r, p, &sym)
            }
        }
        45..=69 => {
            m.base = cap_first(&format!(
                "{} {}",
                r.pick(ENZYME_SUBSTRATES),
                r.pick(ENZYME_HEADS)
            ));
            if r.chance(0.4) {
                m.base.push_str(&format!(
                    " {}",
                    r.pick(&[
                        "1",
                        "2",
                        "3",
                        "A",
                        "B",
                        "isoform 2",
                        "subunit alpha",
                        "subunit beta",
                        "type II",
                        "mitochondrial",
                        "cytosolic"
                    ])
                ));
            }
        }
        70..=84 => {
            m.base = format!(
                "{} protein, {}",
                sym,
                r.pick(&[
                    "human",
                    "human",
                    "mouse",
                    "rat",
                    "Drosophila",
                    "S cerevisiae",
                    "zebrafish",
                    "C elegans",
                    "bovine",
                    "Arabidopsis"
                ])
            )
        }
        85..=94 => {
            m.base = if r.chance(0.6) {
                pseudo(r, 2) + r.pick(&["zumab", "ximab", "umab", "mab", "tuzumab", "cizumab"])
            } else {
                format!("Anti-{} monoclonal antibody {}", sym, gene_symbol(r))
            }
        }
        _ => m.base = format!("{}in {}", cap_first(&pseudo(r, 2)), r.pick(GREEK)),
    }
    m.abbr = sym;
}

fn gen_gene(r: &mut Rng, m: &mut Mat) {
    m.symbol = gene_symbol(r);
    let sym = m.symbol.clone();
    let pat = r.pick(PROTEIN_FAMILIES);
    let full = fill_pattern(r, pat, &sym).to_lowercase().replace(',', "");
    m.fullname = full.clone();
    m.base = match r.below(20) {
        0..=8 => format!("{} gene", sym),
        9..=13 => format!("{} gene", full),
        14..=15 => sym.clone(),
        16 => format!("{} wt Allele", sym),
        17 => format!("{} Gene Mutation", sym),
        _ => format!("{} ({})", full, sym),
    };
    m.alt = format!("{} gene", full);
    m.abbr = sym;
}

fn gen_disorder(r: &mut Rng, m: &mut Mat) {
    let (o, a) = (m.anat, m.anat_adj);
    let k = r.below(100);
    m.base = if k < 20 {
        let h = r.pick(DISEASE_HEADS);
        if r.chance(0.6) {
            format!("{} {} {}", r.pick(MODIFIERS), a, h)
        } else {
            format!("{} {}", a, h)
        }
    } else if k < 32 {
        let s = format!("{}{}", r.pick(STEMS), r.pick(SUFFIX_DISEASE));
        match r.below(10) {
            0..=2 => format!("{} {}", r.pick(MODIFIERS), s),
            3..=4 => format!("{}, {}", s, r.pick(MODIFIERS)),
            _ => s,
        }
    } else if k < 47 {
        let mut s = format!(
            "{} of {}",
            r.pick(DISEASE_HEADS),
            if r.chance(0.4) {
                format!("{} {}", m.side, o)
            } else {
                o.to_string()
            }
        );
        if r.chance(0.3) {
            s = format!("{} {}", r.pick(MODIFIERS), s);
        }
        if r.chance(0.15) {
            s.push_str(&format!(
                ", {}",
                r.pick(&[
                    "unspecified",
                    "not elsewhere classified",
                    "with complication",
                    "without complication",
                    "recurrent"
                ])
            ));
        }
        s
    } else if k < 57 {
        let e = surname(r);
        match r.below(6) {
            0 | 1 => format!("{} disease", e),
            2 | 3 => format!("{} syndrome", e),
            4 => format!(
                "{} syndrome type {}{}",
                e,
                r.range(1, 6),
                r.pick(&["", "", "A", "B"])
            ),
            _ => format!(
                "{}'s {}",
                e,
                r.pick(&["disease", "syndrome", "palsy", "anomaly", "phenomenon"])
            ),
        }
    } else if k < 67 {
        match r.below(5) {
            0 => format!(
                "{} {}, autosomal {}{}",
                cap_first(a),
                r.pick(DISEASE_HEADS),
                r.pick(&["recessive", "dominant"]),
                if r.chance(0.6) {
                    format!(" {}", r.range(1, 30))
                } else {
                    String::new()
                }
            ),
            1 => format!(
                "{}-related {}",
                gene_symbol(r),
                r.pick(&[
                    "disorder",
                    "syndrome",
                    "cardiomyopathy",
                    "retinopathy",
                    "neurodevelopmental disorder",
                    "ataxia"
                ])
            ),
            2 => format!(
                "{} {} deficiency",
                cap_first(r.pick(ENZYME_SUBSTRATES)),
                r.pick(ENZYME_HEADS)
            ),
            3 => format!(
                "{} {}{}",
                r.pick(&[
                    "Spinocerebellar ataxia",
                    "Spastic paraplegia",
                    "Retinitis pigmentosa",
                    "Epileptic encephalopathy, early infantile",
                    "Mental retardation, autosomal dominant",
                    "Charcot-Marie-Tooth disease, type",
                    "Deafness, autosomal recessive",
                    "Cone-rod dystrophy",
                    "Intellectual developmental disorder, autosomal recessive"
                ]),
                r.range(1, 99),
                r.pick(&["", "", "A", "B"])
            ),
            _ => format!(
                "{} {} {}",
                r.pick(&["Hereditary", "Familial", "Congenital", "X-linked"]),
                a,
                r.pick(DISEASE_HEADS)
            ),
        }
    } else if k < 75 {
        const PSY: &[&str] = &[
            "depressive",
            "anxiety",
            "bipolar",
            "panic",
            "obsessive-compulsive",
            "stress",
            "adjustment",
            "personality",
            "eating",
            "sleep-wake",
            "neurocognitive",
            "psychotic",
            "somatic symptom",
            "conduct",
            "attention-deficit/hyperactivity",
            "autism spectrum",
            "delusional",
            "dissociative",
            "tic",
            "language",
        ];
        const SPEC: &[&str] = &[
            "single episode",
            "recurrent episode",
            "in partial remission",
            "in full remission",
            "with psychotic features",
            "with anxious distress",
            "mild",
            "moderate",
            "severe",
            "current episode manic",
            "with mixed features",
            "unspecified",
        ];
        match r.below(4) {
            0 => format!(
                "{} use disorder, {}",
                r.pick(&[
                    "Alcohol",
                    "Cannabis",
                    "Opioid",
                    "Stimulant",
                    "Sedative, hypnotic, or anxiolytic",
                    "Tobacco",
                    "Inhalant",
                    "Hallucinogen"
                ]),
                r.pick(&[
                    "mild",
                    "moderate",
                    "severe",
                    "in early remission",
                    "in sustained remission"
                ])
            ),
            1 => format!("Delirium due to {}", short_disorder(r)),
            _ => {
                let mut s = format!(
                    "{} {} disorder",
                    r.pick(&[
                        "Major",
                        "Generalized",
                        "Persistent",
                        "Acute",
                        "Chronic",
                        "Other specified",
                        "Unspecified",
                        "Substance-induced",
                        "Brief",
                        "Childhood-onset"
                    ]),
                    r.pick(PSY)
                );
                if r.chance(0.6) {
                    s.push_str(", ");
                    s.push_str(r.pick(SPEC));
                    if r.chance(0.4) {
                        s.push_str(", ");
                        s.push_str(r.pick(SPEC));
                    }
                }
                s
            }
        }
    } else if k < 85 {
        let gs = format!("{} {}", genus(r), epithet(r));
        match r.below(4) {
            0 => format!("{} infection", gs),
            1 => format!("Infection caused by {}", gs),
            2 => format!(
                "{} {} of {}",
                r.pick(&["Viral", "Bacterial", "Fungal", "Parasitic", "Mycobacterial"]),
                r.pick(&["infection", "abscess", "inflammation"]),
                o
            ),
            _ => format!(
                "{}-associated {}",
                genus(r),
                r.pick(&[
                    "diarrhea",
                    "pneumonia",
                    "colitis",
                    "sepsis",
                    "meningitis",
                    "endocarditis"
                ])
            ),
        }
    } else if k < 93 {
        let base = match r.below(3) {
            0 => format!("Type {} diabetes mellitus", r.range(1, 2)),
            1 => format!("{} {}", cap_first(a), r.pick(DISEASE_HEADS)),
            _ => short_disorder(r),
        };
        match r.below(3) {
            0 => format!("{} with {}", base, short_disorder(r)),
            1 => format!(
                "{} complicating pregnancy, {} trimester",
                base,
                r.pick(&["first", "second", "third", "unspecified"])
            ),
            _ => format!("{} in diseases classified elsewhere", base),
        }
    } else {
        match r.below(4) {
            0 => format!("Congenital {} of {}", r.pick(DISEASE_HEADS), o),
            1 => format!(
                "{}{} of {}",
                cap_first(r.pick(&["hypo", "hyper", "dys", "a"])),
                r.pick(&["plasia", "trophy", "genesis"]),
                o
            ),
            2 => format!(
                "{} of {}",
                r.pick(&[
                    "Absence",
                    "Duplication",
                    "Malposition",
                    "Accessory",
                    "Atresia"
                ]),
                o
            ),
            _ => format!(
                "Congenital {} {}",
                a,
                r.pick(&["anomaly", "malformation", "cyst", "stenosis"])
            ),
        }
    };
}

fn gen_neoplasm(r: &mut Rng, m: &mut Mat) {
    const MORPH: &[&str] = &[
        "carcinoma",
        "adenocarcinoma",
        "squamous cell carcinoma",
        "sarcoma",
        "lymphoma",
        "melanoma",
        "adenoma",
        "neoplasm",
        "tumor",
        "carcinoma in situ",
        "neuroendocrine tumor",
        "germ cell tumor",
        "leiomyosarcoma",
        "liposarcoma",
        "angiosarcoma",
        "mesothelioma",
        "glioma",
        "astrocytoma",
        "papilloma",
        "fibroma",
        "lipoma",
        "hemangioma",
        "polyp",
        "small cell carcinoma",
        "clear cell carcinoma",
    ];
    let (o, a) = (m.anat, m.anat_adj);
    let mo = r.pick(MORPH);
    m.base = match r.below(10) {
        0 | 1 => format!("Malignant neoplasm of {} of {}", r.pick(ANAT_PARTS), o),
        2 => format!("{} of {}", cap_first(mo), o),
        3 => format!("{} {}", cap_first(a), mo),
        4 => format!(
            "Stage {}{} {} {} AJCC v{}",
            r.pick(&["0", "I", "II", "III", "IV"]),
            r.pick(&["", "A", "B", "C"]),
            cap_first(a),
            cap_first(mo),
            r.pick(&["6", "7", "8"])
        ),
        5 => format!("Metastatic {} to {}", mo, organ(r).0),
        6 => format!(
            "{} {} {}",
            r.pick(&[
                "Recurrent",
                "Refractory",
                "Childhood",
                "Adult",
                "Locally advanced",
                "Unresectable"
            ]),
            a,
            mo
        ),
        7 => format!(
            "Grade {} {} {}",
            r.range(1, 4),
            r.pick(&[
                "invasive",
                "low grade",
                "high grade",
                "poorly differentiated",
                "well differentiated"
            ]),
            mo
        ),
        8 => format!("Secondary malignant neoplasm of {}", o),
        _ => format!("Benign neoplasm of {}", o),
    };
}

fn gen_injury(r: &mut Rng, m: &mut Mat) {
    const BONES: &[&str] = &[
        "femur",
        "tibia",
        "fibula",
        "humerus",
        "radius",
        "ulna",
        "clavicle",
        "scapula",
        "patella",
        "calcaneus",
        "talus",
        "fifth metatarsal bone",
        "second metacarpal bone",
        "navicular bone of wrist",
        "pelvis",
    ];
    const PARTS: &[&str] = &[
        "shaft",
        "neck",
        "head",
        "lower end",
        "upper end",
        "distal end",
        "base",
        "lateral condyle",
        "medial malleolus",
        "olecranon process",
        "styloid process",
        "greater tuberosity",
    ];
    const ENC: &[&str] = &[
        "initial encounter for closed fracture",
        "initial encounter for open fracture type I or II",
        "subsequent encounter for fracture with routine healing",
        "subsequent encounter for fracture with delayed healing",
        "subsequent encounter for fracture with nonunion",
        "sequela",
        "initial encounter",
        "subsequent encounter",
    ];
    const INTENT: &[&str] = &[
        "accidental (unintentional)",
        "intentional self-harm",
        "assault",
        "undetermined",
    ];
    let side = if r.chance(0.85) {
        r.pick(&["left", "right"])
    } else {
        "unspecified"
    };
    m.side = side;
    m.base = match r.below(8) {
        0..=2 => format!(
            "{}{} fracture of {} of {} {}, {}",
            r.pick(&["Displaced ", "Nondisplaced ", "", ""]),
            r.pick(&[
                "transverse",
                "oblique",
                "spiral",
                "comminuted",
                "segmental",
                "greenstick",
                "torus",
                "avulsion",
                "burst",
                "compression"
            ]),
            r.pick(PARTS),
            side,
            r.pick(BONES),
            r.pick(ENC)
        ),
        3 => format!(
            "{} {} foreign body of {} {}{}, {}",
            r.pick(&[
                "Laceration",
                "Puncture wound",
                "Abrasion",
                "Open bite",
                "Blister (nonthermal)"
            ]),
            r.pick(&["with", "without"]),
            side,
            m.anat,
            if r.chance(0.3) {
                " without damage to nail"
            } else {
                ""
            },
            r.pick(&ENC[5..])
        ),
        4 => format!(
            "Burn of {} degree of {} {}, {}",
            r.pick(&["first", "second", "third"]),
            side,
            m.anat,
            r.pick(&ENC[5..])
        ),
        5 => format!(
            "{} {}, {}, {}",
            r.pick(&[
                "Poisoning by",
                "Adverse effect of",
                "Underdosing of",
                "Toxic effect of"
            ]),
            if r.chance(0.5) {
                inn(r)
            } else {
                r.pick(&[
                    "other antihypertensive drugs",
                    "tricyclic antidepressants",
                    "benzodiazepines",
                    "opioid analgesics",
                    "anticoagulants",
                    "4-Aminophenol derivatives",
                    "salicylates",
                    "insulin and oral hypoglycemic [antidiabetic] drugs",
                    "carbon monoxide",
                    "organophosphate insecticides",
                ])
                .to_string()
            },
            r.pick(INTENT),
            r.pick(&ENC[5..])
        ),
        6 => format!(
            "Sprain of {} of {} {}, {}",
            r.pick(&[
                "anterior cruciate ligament",
                "medial collateral ligament",
                "deltoid ligament",
                "calcaneofibular ligament",
                "ulnar collateral ligament",
                "interphalangeal joint"
            ]),
            side,
            r.pick(&["knee", "ankle", "wrist", "elbow", "thumb"]),
            r.pick(&ENC[5..])
        ),
        _ => format!(
            "{} of {} {}, {}",
            r.pick(&[
                "Dislocation",
                "Contusion",
                "Crushing injury",
                "Superficial injury",
                "Traumatic amputation",
                "Injury of blood vessel"
            ]),
            side,
            m.anat,
            r.pick(&ENC[5..])
        ),
    };
}

fn gen_finding(r: &mut Rng, m: &mut Mat) {
    const SYMPTOMS: &[&str] = &[
        "Fever",
        "Cough",
        "Fatigue",
        "Nausea",
        "Vomiting",
        "Dizziness",
        "Headache",
        "Dyspnea",
        "Palpitations",
        "Syncope",
        "Insomnia",
        "Anorexia",
        "Pruritus",
        "Diarrhea",
        "Constipation",
        "Chest pain",
        "Hematuria",
        "Jaundice",
        "Edema",
        "Weight loss",
        "Night sweats",
        "Chills",
        "Malaise",
        "Tinnitus",
        "Vertigo",
        "Diplopia",
        "Dysphagia",
        "Hoarseness",
        "Hemoptysis",
        "Wheezing",
    ];
    let (o, _a) = (m.anat, m.anat_adj);
    m.base = match r.below(20) {
        0..=2 => format!("{} of {} {}", r.pick(FIND_HEADS), m.side, o),
        3 => format!("Pain in {} {}", r.pick(&["left", "right"]), o),
        4..=5 => format!("{} {} level", r.pick(LEVELS), analyte(r).to_lowercase()),
        6 => format!(
            "{} of {}",
            r.pick(&[
                "History of",
                "Family history of",
                "Personal history of",
                "At risk for",
                "Suspected",
                "No history of"
            ])
            .split(" of")
            .next()
            .unwrap()
            .to_string()
                + "",
            short_disorder(r)
        ),
        7 => format!(
            "{} {}",
            r.pick(&["Able to", "Unable to", "Difficulty to", "Does not"]),
            r.pick(&[
                "walk",
                "climb stairs",
                "dress self",
                "feed self",
                "stand",
                "speak",
                "swallow",
                "concentrate",
                "sleep",
                "breathe deeply",
                "use telephone",
                "manage medication"
            ])
        ),
        8..=9 => match r.below(4) {
            0 => format!("Abnormality of the {}", o),
            1 => format!("Abnormal {} morphology", o),
            2 => format!(
                "Increased circulating {} concentration",
                analyte(r).to_lowercase()
            ),
            _ => format!(
                "{} {} {}",
                cap_first(r.pick(POSITIONS)),
                o,
                r.pick(FIND_HEADS).to_lowercase()
            ),
        },
        10..=11 => r.pick(ANSWERS).to_string(),
        12..=14 => {
            let s = r.pick(SYMPTOMS);
            match r.below(4) {
                0 => s.to_string(),
                1 => format!(
                    "{} {}",
                    r.pick(&[
                        "Intermittent",
                        "Persistent",
                        "Nocturnal",
                        "Exertional",
                        "Mild",
                        "Severe",
                        "Recurrent"
                    ]),
                    s.to_lowercase()
                ),
                2 => format!("{} with {}", s, r.pick(SYMPTOMS).to_lowercase()),
                _ => format!(
                    "{} for {} {}",
                    s,
                    r.range(1, 14),
                    r.pick(&["days", "weeks", "months"])
                ),
            }
        }
        15 => format!(
            "{} {} present",
            cap_first(o),
            r.pick(FIND_HEADS).to_lowercase()
        ),
        16 => format!(
            "{} {}",
            r.pick(&["Normal", "Abnormal", "Equivocal"]),
            r.pick(&[
                "electrocardiogram",
                "chest X-ray",
                "urinalysis",
                "blood pressure",
                "pulse rate",
                "reflexes",
                "gait",
                "mental status",
                "visual acuity",
                "hearing"
            ])
        ),
        _ => format!(
            "{} {}",
            r.pick(&[
                "Finding of",
                "On examination -",
                "Complaining of",
                "Observation of"
            ]),
            short_disorder(r)
        ),
    };
    // fix "History" template above (kept simple)
    if m.base.starts_with("History ")
        || m.base.starts_with("Family ")
        || m.base.starts_with("Personal ")
        || m.base.starts_with("At ")
        || m.base.starts_with("Suspected ")
        || m.base.starts_with("No ")
    {
        let p = r.pick(&[
            "History of",
            "Family history of",
            "Personal history of",
            "At risk for",
            "Suspected",
            "No history of",
        ]);
        m.base = format!("{} {}", p, short_disorder(r));
    }
}

fn gen_anatomy(r: &mut Rng, m: &mut Mat) {
    const CELLT: &[&str] = &[
        "epithelial cell",
        "stem cell",
        "T-lymphocyte",
        "B-lymphocyte",
        "hepatocyte",
        "neuron",
        "fibroblast",
        "macrophage",
        "dendritic cell",
        "chondrocyte",
        "osteoblast",
        "osteoclast",
        "keratinocyte",
        "melanocyte",
        "podocyte",
        "cardiomyocyte",
        "pneumocyte",
        "enterocyte",
        "goblet cell",
        "Purkinje cell",
        "astrocyte",
        "oligodendrocyte",
        "Schwann cell",
        "mast cell",
        "plasma cell",
    ];
    let o = m.anat;
    m.base = match r.below(12) {
        0..=2 => format!("{} {} of {}", m.side, r.pick(ANAT_PARTS), o),
        3..=4 => format!("{} of {} {}", r.pick(ANAT_PARTS), m.side, o),
        5 => format!(
            "{} {}",
            r.pick(ORDINALS),
            r.pick(&[
                "lumbar vertebra",
                "thoracic vertebra",
                "cervical vertebra",
                "rib",
                "metatarsal bone",
                "metacarpal bone",
                "intercostal space",
                "sacral nerve"
            ])
        ),
        6..=7 => {
            let c = r.pick(CELLT);
            if r.chance(0.5) {
                format!("{} {}", r.pick(POSITIONS), c)
            } else {
                format!("{} of {}", c, o)
            }
        }
        8 => format!(
            "{} of {} {}",
            r.pick(&[
                "Skin",
                "Wall",
                "Mucosa",
                "Lumen",
                "Surface",
                "Region",
                "Compartment"
            ]),
            m.side,
            o
        ),
        9 => format!(
            "{} branch of {}",
            r.pick(POSITIONS),
            r.pick(&[
                "aorta",
                "coronary artery",
                "carotid artery",
                "femoral artery",
                "vagus nerve",
                "facial nerve",
                "portal vein",
                "bronchus",
                "bile duct"
            ])
        ),
        10 => format!(
            "{} nucleus of {}",
            cap_first(&pseudo(r, 2)),
            r.pick(&[
                "thalamus",
                "hypothalamus",
                "brainstem",
                "medulla oblongata",
                "pons",
                "midbrain"
            ])
        ),
        _ => format!(
            "{} {}",
            r.pick(&["Entire", "Set of", "Structure of", "Region of"]),
            o
        ),
    };
}

fn gen_procedure(r: &mut Rng, m: &mut Mat) {
    let o = m.anat;
    m.base = match r.below(20) {
        0..=3 => {
            let s = format!("{}{}", r.pick(STEMS), r.pick(SUFFIX_PROC));
            match r.below(4) {
                0 => format!(
                    "{} {}",
                    r.pick(&[
                        "Laparoscopic",
                        "Open",
                        "Endoscopic",
                        "Percutaneous",
                        "Robotic-assisted",
                        "Partial",
                        "Total",
                        "Radical"
                    ]),
                    s
                ),
                1 => format!("{} of {} {}", s, m.side, o),
                _ => s,
            }
        }
        4..=6 => format!(
            "{} of {}{}",
            r.pick(IMAGING),
            o,
            r.pick(&[
                "",
                " with contrast",
                " without contrast",
                " with and without contrast",
                ", limited",
                " for guidance"
            ])
        ),
        7..=9 => format!(
            "{} of {} of {} {}",
            r.pick(PROC_VERBS),
            r.pick(&["lesion", "mass", "cyst", "foreign body", "tumor"]),
            m.side,
            o
        ),
        10..=11 => format!("{} of {}", r.pick(PROC_VERBS), o),
        12..=13 => match r.below(4) {
            0 => format!("{} {}", cap_first(&short_disorder(r)), r.pick(THERAPY)),
            1 => format!("Administration of {}", inn(r)),
            2 => format!(
                "{} about {}",
                r.pick(&["Counseling", "Education", "Advice", "Referral"]),
                short_disorder(r)
            ),
            _ => format!(
                "{} {}",
                cap_first(&inn(r)),
                r.pick(&["therapy", "injection", "infusion", "desensitization"])
            ),
        },
        14..=16 => match r.below(3) {
            0 => format!("{} measurement", analyte(r)),
            1 => format!(
                "Measurement of {} in {}",
                analyte(r).to_lowercase(),
                r.pick(LNC_SYSTEMS).1.to_lowercase()
            ),
            _ => format!("{} {} culture", genus(r), epithet(r)),
        },
        _ => format!(
            "{} of {} {}, {}",
            r.pick(PCS_OPS),
            title_case(m.side),
            title_case(o),
            r.pick(PCS_APPROACH)
        ),
    };
}

fn gen_lab(r: &mut Rng, m: &mut Mat) {
    m.lab = true;
    m.time = r.pick(LNC_TIMES);
    m.scale = r.pick(LNC_SCALES);
    m.sys = r.below(LNC_SYSTEMS.len());
    m.prop = r.below(LNC_PROPS.len());
    m.method = if r.chance(0.45) {
        Some(r.below(LNC_METHODS.len()))
    } else {
        None
    };
    let k = r.below(100);
    if k < 12 {
        m.question = true;
        m.comp = match r.below(6) {
            0 => format!(
                "How often have you {} in the past {} {}",
                r.pick(ACTS),
                r.range(1, 12),
                r.pick(&["days", "weeks", "months"])
            ),
            1 => format!(
                "During the past {} days, on how many days did you {}",
                r.range(2, 30),
                r.pick(ACTS)
            ),
            2 => format!(
                "Have you ever been told by a doctor that you have {}",
                short_disorder(r)
            ),
            3 => format!("{} total score", r.pick(SCALE_NAMES)),
            4 => format!(
                "{} item {} - {}",
                r.pick(SCALE_NAMES),
                r.range(1, 40),
                r.pick(ACTS)
            ),
            _ => format!(
                "Does the patient {} without assistance",
                r.pick(&[
                    "walk",
                    "bathe",
                    "dress",
                    "eat",
                    "use the toilet",
                    "transfer from bed to chair",
                    "climb stairs"
                ])
            ),
        };
        m.time = "Pt";
        m.sys = LNC_SYSTEMS.iter().position(|s| s.0 == "^Patient").unwrap();
        m.scale = r.pick(&["Ord", "Nom", "Qn", "Nar"]);
        m.prop = LNC_PROPS.iter().position(|p| p.0 == "Find").unwrap();
        m.base = m.comp.clone();
        return;
    }
    m.comp = if k < 50 {
        analyte(r)
    } else if k < 65 {
        format!("{} {}{}", genus(r), epithet(r), r.pick(LNC_COMP_SUFFIX))
    } else if k < 75 {
        format!(
            "{}{}",
            gene_symbol(r),
            r.pick(&[
                " gene mutation analysis",
                " gene targeted mutation analysis",
                " protein",
                " gene.p.Arg",
                " gene deletion+duplication"
            ])
        )
    } else if k < 85 {
        let c = r.pick(CELLS);
        if r.chance(0.4) {
            format!("{}/100 leukocytes", c)
        } else {
            c.to_string()
        }
    } else if k < 92 {
        format!("{}{}", analyte(r), r.pick(LNC_COMP_SUFFIX))
    } else {
        format!("{} panel", analyte(r))
    };
    let (pa, pl) = LNC_PROPS[m.prop];
    let (_sa, sl) = LNC_SYSTEMS[m.sys];
    let mut lc = format!("{} [{}] in {}", m.comp, pl, sl);
    if pa == "PrThr" || pa == "Titr" {
        lc = format!("{} [{}] in {}", m.comp, pl, sl);
    }
    if let Some(mi) = m.method {
        lc.push_str(" by ");
        lc.push_str(LNC_METHODS[mi].1);
    }
    if m.time != "Pt" {
        let tl = match m.time {
            "24H" => "24 hour",
            "12H" => "12 hour",
            "8H" => "8 hour",
            "^Max" => "Maximum",
            _ => "Unspecified time",
        };
        lc = format!("{} [{}] in {} {}", m.comp, pl, tl, sl);
        if let Some(mi) = m.method {
            lc.push_str(" by ");
            lc.push_str(LNC_METHODS[mi].1);
        }
    }
    m.base = lc;
    m.abbr.clear();
}

fn lnc_ln(m: &Mat, out: &mut String) {
    out.push_str(&m.comp);
    out.push(':');
    out.push_str(LNC_PROPS[m.prop].0);
    out.push(':');
    out.push_str(m.time);
    out.push(':');
    out.push_str(LNC_SYSTEMS[m.sys].0);
    out.push(':');
    out.push_str(m.scale);
    if let Some(mi) = m.method {
        out.push(':');
        out.push_str(LNC_METHODS[mi].0);
    }
}

fn lnc_dn(m: &Mat, out: &mut String) {
    let c: String = if m.comp.len() > 24 {
        m.comp.split(' ').take(3).collect::<Vec<_>>().join(" ")
    } else {
        m.comp.clone()
    };
    out.push_str(&c);
    out.push(' ');
    out.push_str(&LNC_SYSTEMS[m.sys].0.replace(['/', ' ', '^'], ""));
    out.push('-');
    let p = LNC_PROPS[m.prop].0;
    out.push_str(match p {
        "MCnc" => "mCnc",
        "SCnc" => "sCnc",
        "ACnc" => "aCnc",
        "NCnc" => "nCnc",
        "PrThr" => "Imp",
        _ => p,
    });
}

fn gen_concept(r: &mut Rng, m: &mut Mat) {
    m.base = match r.below(12) {
        0..=2 => r.pick(QUAL_VALUES).to_string(),
        3 => format!("{} total score", r.pick(SCALE_NAMES)),
        4 => format!("{} {}", r.pick(SPECIALTIES), r.pick(CONCEPT_HEADS)),
        5 => format!(
            "{} {} of {}",
            place(r),
            r.pick(CONCEPT_HEADS),
            short_disorder(r)
        ),
        6 => match r.below(6) {
            0 => format!("Grade {}", r.range(0, 5)),
            1 => format!(
                "Stage {}{}",
                r.pick(&["0", "I", "II", "III", "IV"]),
                r.pick(&["", "A", "B", "C"])
            ),
            2 => format!(
                "Every {} hours",
                r.pick(&["2", "4", "6", "8", "12", "24", "48", "72"])
            ),
            3 => format!(
                "{} times per {}",
                r.range(2, 6),
                r.pick(&["day", "week", "month"])
            ),
            4 => format!(
                "{} {}/kg/day",
                r.pick(STRENGTHS),
                r.pick(&["mg", "mcg", "mL", "units"])
            ),
            _ => format!(
                "{} {} {}",
                r.pick(&["Day", "Week", "Postoperative day", "Cycle"]),
                r.range(1, 28),
                r.pick(&["", "", "of treatment"])
            )
            .trim()
            .to_string(),
        },
        7 => format!(
            "CTCAE Grade {} {}",
            r.range(1, 5),
            cap_first(&short_disorder(r))
        ),
        8 => format!(
            "{} {}",
            r.pick(QUAL_VALUES),
            r.pick(&[
                "quality",
                "status",
                "severity",
                "priority",
                "frequency",
                "duration",
                "method",
                "route",
                "site",
                "role",
                "context",
                "outcome"
            ])
        ),
        9 => format!(
            "Protocol {}-{}",
            words_initials(&pseudo(r, 3)),
            r.range(100, 9999)
        ),
        10 => format!(
            "{} {}",
            cap_first(&pseudo(r, 2)),
            r.pick(&[
                "value set",
                "code system",
                "identifier type",
                "role class",
                "act code",
                "participation type"
            ])
        ),
        _ => format!(
            "{} {}",
            r.pick(&[
                "Number of",
                "Duration of",
                "Date of",
                "Time since",
                "Frequency of"
            ]),
            short_disorder(r)
        ),
    };
}

fn gen_device(r: &mut Rng, m: &mut Mat) {
    let h = r.pick(DEVICE_HEADS);
    m.base = match r.below(6) {
        0..=1 => format!(
            "{} {} {}{}",
            r.pick(MATERIALS),
            r.pick(DEVICE_MODS),
            h,
            if r.chance(0.4) {
                format!(
                    ", {}",
                    r.pick(&[
                        "16 French",
                        "4.5 mm",
                        "10 mL",
                        "size 8",
                        "20 gauge",
                        "large",
                        "pediatric",
                        "adult",
                        "5 cm",
                        "0.035 inch"
                    ])
                )
            } else {
                String::new()
            }
        ),
        2 => format!("{} {}", r.pick(DEVICE_MODS), h),
        3 => format!("{}s, {}", cap_first(h), r.pick(DEVICE_MODS)),
        4 => format!("{} {} system", brand(r), h),
        _ => format!("{} for {}", cap_first(h), short_disorder(r)),
    };
}

fn gen_physiology(r: &mut Rng, m: &mut Mat) {
    m.base = match r.below(16) {
        0 => format!("regulation of {}", r.pick(PROCESSES)),
        1 => format!("positive regulation of {}", r.pick(PROCESSES)),
        2 => format!("negative regulation of {}", r.pick(PROCESSES)),
        3 => format!("{} binding", r.pick(MOLECULES)),
        4 => format!("{} transmembrane transporter activity", r.pick(MOLECULES)),
        5 => format!(
            "{} {} activity",
            r.pick(ENZYME_SUBSTRATES),
            r.pick(ENZYME_HEADS)
        ),
        6 => format!(
            "{} {} process",
            r.pick(ENZYME_SUBSTRATES),
            r.pick(&["biosynthetic", "catabolic", "metabolic"])
        ),
        7 => format!(
            "cellular response to {}",
            r.pick(&[
                "hypoxia",
                "insulin stimulus",
                "lipopolysaccharide",
                "DNA damage stimulus",
                "heat",
                "glucose starvation",
                "interleukin-1",
                "tumor necrosis factor",
                "oxidative stress"
            ])
        ),
        8 => r.pick(CELL_COMPONENTS).to_string(),
        9 => format!("{} complex", gene_symbol(r)),
        10 => format!("{} development", m.anat),
        11 => format!(
            "{} differentiation",
            r.pick(&[
                "T cell",
                "B cell",
                "neuron",
                "osteoblast",
                "keratinocyte",
                "adipocyte",
                "cardiac muscle cell",
                "erythrocyte"
            ])
        ),
        12 => r.pick(PROCESSES).to_string(),
        13 => format!("{} function", cap_first(m.anat_adj)),
        14 => format!("{} blood flow", cap_first(m.anat_adj)),
        _ => format!(
            "{} {}",
            cap_first(r.pick(&[
                "Heart",
                "Respiratory",
                "Pulse",
                "Glomerular filtration",
                "Basal metabolic",
                "Sedimentation"
            ])),
            r.pick(&["rate", "function", "capacity", "volume"])
        ),
    };
    if r.chance(0.6) && m.base.chars().next().is_some_and(|c| c.is_lowercase()) {
        // GO style keeps lower case; mark by leaving as is
    }
}

fn gen_misc(r: &mut Rng, m: &mut Mat) {
    m.base = match r.below(10) {
        0..=1 => match r.below(3) {
            0 => place(r),
            1 => format!("{}, {}", place(r), place(r)),
            _ => format!(
                "{} {}",
                r.pick(&["Province of", "Republic of", "County of", "District of"]),
                place(r)
            ),
        },
        2..=3 => match r.below(3) {
            0 => format!("{} {}", place(r), r.pick(ORG_TYPES)),
            1 => format!(
                "{} Society of {}",
                r.pick(&[
                    "American",
                    "European",
                    "International",
                    "British",
                    "Canadian",
                    "Japanese"
                ]),
                r.pick(SPECIALTIES)
            ),
            _ => format!("Department of {}", r.pick(SPECIALTIES)),
        },
        4 => format!("{} {}", r.pick(SPECIALTIES), r.pick(OCCUPATIONS)),
        5..=6 => {
            if r.chance(0.5) {
                r.pick(POP_GROUPS).to_string()
            } else {
                format!("Patients with {}", short_disorder(r))
            }
        }
        _ => match r.below(3) {
            0 => r.pick(ACTIVITIES).to_string(),
            1 => format!("{} behavior", r.pick(ACTIVITIES)),
            _ => format!(
                "{} {}",
                r.pick(ACTIVITIES),
                r.pick(&["cessation", "habit", "frequency", "practice", "program"])
            ),
        },
    };
}

// ---- English variants ----

fn synonym_swap(s: &str) -> String {
    let low = s.to_lowercase();
    for (a, b) in SYNONYMS {
        for (from, to) in [(a, b), (b, a)] {
            if let Some(p) = find_word(&low, from) {
                let mut out = String::with_capacity(s.len() + 8);
                out.push_str(&s[..p]);
                let orig = &s[p..p + from.len()];
                if orig.chars().next().is_some_and(|c| c.is_uppercase()) {
                    out.push_str(&cap_first(to));
                } else {
                    out.push_str(to);
                }
                out.push_str(&s[p + from.len()..]);
                return out;
            }
        }
    }
    s.to_string()
}

fn find_word(hay: &str, w: &str) -> Option<usize> {
    let mut start = 0;
    while let Some(p) = hay[start..].find(w) {
        let p = start + p;
        let before_ok = p == 0 || !hay.as_bytes()[p - 1].is_ascii_alphanumeric();
        let after = p + w.len();
        let after_ok = after >= hay.len() || !hay.as_bytes()[after].is_ascii_alphanumeric();
        if before_ok && after_ok {
            return Some(p);
        }
        start = p + 1;
        if start >= hay.len() {
            break;
        }
    }
    None
}

fn invert(s: &str) -> String {
    let titled = s
        .split(' ')
        .all(|w| w.chars().next().is_none_or(|c| !c.is_lowercase()) || SMALL_WORDS.contains(&w));
    if titled {
        // Title Case (MeSH style): permute words, keep their case
        let words: Vec<&str> = s.split(' ').collect();
        if words.len() >= 2 && !s.contains(',') && !s.contains(" of ") {
            return format!("{}, {}", words[1..].join(" "), words[0]);
        }
    }
    if let Some(p) = s.find(" of ") {
        let (a, b) = (&s[..p], &s[p + 4..]);
        if !b.contains(',') && b.split(' ').count() <= 4 {
            return format!("{} {}", cap_first(b), lower_first(a));
        }
    }
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() >= 2 && !s.contains(',') {
        let first = words[0];
        let rest = words[1..].join(" ");
        return format!("{}, {}", cap_first(&rest), lower_first(first));
    }
    if let Some(p) = s.find(", ") {
        return format!("{} {}", cap_first(&s[p + 2..]), lower_first(&s[..p]));
    }
    s.to_string()
}

fn mdr_invert(s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() >= 2 && !s.contains(',') && !s.contains(" of ") {
        return format!(
            "{} {}",
            cap_first(&words[1..].join(" ")),
            lower_first(words[0])
        );
    }
    invert(s)
}

fn pluralize(s: &str) -> String {
    let (head, tail) = match s.find([',', '(']) {
        Some(p) => (&s[..p], &s[p..]),
        None => (s, ""),
    };
    let h = head.trim_end();
    let sp = &head[h.len()..];
    let out = if let Some(st) = h.strip_suffix("sis") {
        format!("{}ses", st)
    } else if h.ends_with('y') && !h.ends_with("ay") && !h.ends_with("ey") && !h.ends_with("oy") {
        format!("{}ies", &h[..h.len() - 1])
    } else if let Some(st) = h.strip_suffix('s') {
        st.to_string()
    } else if let Some(st) = h.strip_suffix("um") {
        format!("{}a", st)
    } else {
        format!("{}s", h)
    };
    format!("{}{}{}", out, sp, tail)
}

/// Variant kinds: 1 lower, 2 upper, 3 title, 4 inversion, 5 NOS, 6 synonym, 7 acronym,
/// 8 punctuation, 9 plural, 10 unspecified/other, 11 alt name, 12 MedDRA-style inversion.
fn variant(r: &mut Rng, kind: usize, s: &str, m: &Mat) -> String {
    match kind {
        1 => s.to_lowercase(),
        2 => s.to_uppercase(),
        3 => title_case(s),
        4 => invert(s),
        5 => match r.below(4) {
            0 => format!("{}, NOS", s),
            1 => format!("{} (NOS)", s),
            _ => format!("{} NOS", s),
        },
        6 => {
            let t = synonym_swap(s);
            if t == s {
                invert(s)
            } else {
                t
            }
        }
        7 => {
            if !m.abbr.is_empty() && r.chance(0.7) {
                m.abbr.clone()
            } else {
                let a = words_initials(s);
                if a.len() >= 2 {
                    a
                } else {
                    s.to_lowercase()
                }
            }
        }
        8 => {
            if s.contains('-') {
                s.replace('-', " ")
            } else if s.contains(", ") {
                s.replacen(", ", " ", 1)
            } else if let Some(p) = s.find(' ') {
                let mut t = s.to_string();
                t.replace_range(p..p + 1, "-");
                t
            } else {
                format!("{}, {}", s, r.pick(&["NOS", "unspecified"]))
            }
        }
        9 => pluralize(s),
        10 => match r.below(5) {
            0 => format!("Unspecified {}", lower_first(s)),
            1 => format!("{}, unspecified", s),
            2 => format!("Other {}", lower_first(s)),
            3 => format!("Other specified {}", lower_first(s)),
            _ => format!("{}, other", s),
        },
        11 => {
            if !m.alt.is_empty() {
                m.alt.clone()
            } else {
                variant(r, 6, s, m)
            }
        }
        12 => mdr_invert(s),
        _ => s.to_string(),
    }
}

const SYN_KINDS: &[f64] = &[
    0.0, 8.0, 2.0, 8.0, 18.0, 6.0, 22.0, 6.0, 6.0, 6.0, 5.0, 13.0, 0.0,
];
const MSH_KINDS: &[f64] = &[
    0.0, 3.0, 0.0, 10.0, 20.0, 2.0, 20.0, 5.0, 10.0, 10.0, 0.0, 20.0, 0.0,
];
const MDR_KINDS: &[f64] = &[
    0.0, 10.0, 0.0, 0.0, 3.0, 15.0, 18.0, 2.0, 5.0, 5.0, 5.0, 12.0, 25.0,
];
const CHV_KINDS: &[f64] = &[
    0.0, 30.0, 0.0, 0.0, 10.0, 0.0, 30.0, 5.0, 5.0, 10.0, 0.0, 10.0, 0.0,
];
const OBS_KINDS: &[f64] = &[
    5.0, 5.0, 5.0, 5.0, 15.0, 15.0, 15.0, 2.0, 10.0, 5.0, 15.0, 5.0, 0.0,
];

fn icd_abbrev(s: &str) -> String {
    const AB: &[(&str, &str)] = &[
        ("initial encounter for closed fracture", "init for clos fx"),
        ("subsequent encounter", "subs"),
        ("initial encounter", "init"),
        ("unspecified", "unsp"),
        ("without", "w/o"),
        ("with", "w"),
        ("fracture", "fx"),
        ("right", "r"),
        ("left", "l"),
        ("disease", "dis"),
        ("disorder", "disord"),
        ("malignant neoplasm", "Malig neoplm"),
        ("neoplasm", "neoplm"),
        ("chronic", "chr"),
        ("syndrome", "synd"),
        ("infection", "infct"),
        ("displaced", "displ"),
        ("nondisplaced", "nondisp"),
        ("accidental (unintentional)", "accidental"),
        ("intentional self-harm", "self-harm"),
        ("complicating", "comp"),
        ("pregnancy", "pregnancy"),
        ("degree", "deg"),
    ];
    let mut t = s.to_string();
    for (a, b) in AB {
        if t.contains(a) {
            t = t.replace(a, b);
        }
    }
    if t.len() > 60 {
        let mut cut = 60;
        while !t.is_char_boundary(cut) {
            cut -= 1;
        }
        t.truncate(cut);
        t = t.trim_end().to_string();
    }
    t
}

// ================================================================================================
// Source codes and per-source atom strings
// ================================================================================================

const B34: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const B36: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn check_digit(n: u64) -> u64 {
    let mut s = 0u64;
    let mut x = n;
    let mut i = 0;
    while x > 0 {
        let d = x % 10;
        s += if i % 2 == 0 { d * 3 } else { d };
        x /= 10;
        i += 1;
    }
    (10 - s % 10) % 10
}

/// SNOMED CT style identifier: item + partition ("00" concept, "01" description, "02" relationship) + check.
fn sct_id(item: u64, partition: u64, out: &mut String) {
    let body = item * 100 + partition;
    push_num(out, body * 10 + check_digit(body));
}

/// Formats code number `n` (unique per source) in the style of `code`.
fn code_string(code: Code, n: u64, out: &mut String) {
    match code {
        Code::Nocode => out.push_str("NOCODE"),
        Code::Mesh => {
            out.push('D');
            push_pad(out, n % 1_000_000, 6);
        }
        Code::Snomed => sct_id(100_000 + n, 0, out),
        Code::Nci => {
            out.push('C');
            push_num(out, 1000 + n);
        }
        Code::Mdr => push_num(out, 10_000_000 + n),
        Code::Rxnorm => push_num(out, 1 + n),
        Code::Loinc => {
            let v = 1000 + n;
            push_num(out, v);
            out.push('-');
            push_num(out, check_digit(v));
        }
        Code::Icd10cm | Code::Icd10 => {
            out.push((b'A' + (n % 26) as u8) as char);
            let q = n / 26;
            push_pad(out, q % 100, 2);
            let mut rest = q / 100;
            if rest > 0 {
                out.push('.');
                let mut digits = Vec::new();
                while rest > 0 {
                    rest -= 1;
                    digits.push(B36[(rest % 36) as usize]);
                    rest /= 36;
                }
                for d in digits.iter().rev() {
                    out.push(*d as char);
                }
            }
        }
        Code::Icd10pcs => {
            let mut x = n;
            let mut buf = [b'0'; 7];
            for i in (0..7).rev() {
                buf[i] = B34[(x % 34) as usize];
                x /= 34;
            }
            out.push_str(std::str::from_utf8(&buf).unwrap());
        }
        Code::Icd9 => {
            let (pre, m) = match n / 100_000 {
                0 => ("", n),
                1 => ("V", n - 100_000),
                _ => ("E", n % 100_000),
            };
            out.push_str(pre);
            push_pad(out, m % 1000, 3);
            let rest = m / 1000;
            if rest > 0 {
                out.push('.');
                if rest <= 10 {
                    push_num(out, rest - 1);
                } else {
                    push_pad(out, (rest - 11) % 100, 2);
                }
            }
        }
        Code::Cpt => {
            if n < 90_000 {
                push_pad(out, 10_000 + n, 5);
            } else {
                push_pad(out, n % 10_000, 4);
                out.push(if n.is_multiple_of(2) { 'F' } else { 'T' });
            }
        }
        Code::Hcpcs => {
            out.push((b'A' + (n / 10_000 % 22) as u8) as char);
            push_pad(out, n % 10_000, 4);
        }
        Code::Num(d) => push_pad(out, 1 + n, d as usize),
        Code::Pre(p, d) => {
            out.push_str(p);
            push_pad(out, 1 + n, d as usize);
        }
        Code::Omim => push_num(out, 100_000 + n % 520_000),
        Code::Atc => {
            let x = n;
            out.push(b"ABCDGHJLMNPRSV"[(x % 14) as usize] as char);
            push_pad(out, x / 14 % 100, 2);
            out.push((b'A' + (x / 1400 % 26) as u8) as char);
            out.push((b'A' + (x / 36400 % 26) as u8) as char);
            push_pad(out, x / 946_400 % 100 + 1, 2);
        }
        Code::Read => {
            let mut x = n;
            for _ in 0..5 {
                out.push(B62[(x % 62) as usize] as char);
                x /= 62;
            }
        }
        Code::Hgnc => {
            out.push_str("HGNC:");
            push_num(out, 1 + n);
        }
        Code::Src => out.push_str("V-"),
        Code::Unii => {
            let mut x = mix64(n);
            for _ in 0..10 {
                out.push(B36[(x % 36) as usize] as char);
                x /= 36;
            }
        }
        Code::Csp => {
            push_pad(out, 1000 + n / 10_000 % 9000, 4);
            out.push('-');
            push_pad(out, n % 10_000, 4);
        }
        Code::Ccs => {
            push_num(out, 1 + n % 18);
            out.push('.');
            push_num(out, 1 + n / 18 % 20);
            out.push('.');
            push_num(out, 1 + n / 360);
        }
        Code::Hl7 => {
            if n.is_multiple_of(5) {
                out.push_str("2.16.840.1.113883.5.");
                push_num(out, 1 + n / 5);
            } else {
                let mut x = mix64(n ^ 0x55);
                let len = 3 + (x % 5) as usize;
                x /= 5;
                for _ in 0..len {
                    out.push((b'A' + (x % 26) as u8) as char);
                    x /= 26;
                }
                push_num(out, n);
            }
        }
        Code::Icpc => {
            out.push(b"ABDFHKLNPRSTUWXYZ"[(n % 17) as usize] as char);
            push_pad(out, n / 17 % 100, 2);
            if n >= 1700 {
                out.push('.');
                push_num(out, n / 1700);
            }
        }
    }
}

/// Roles of TTYs for string building.
fn is_abbr_tty(t: &str) -> bool {
    matches!(
        t,
        "AB" | "ACR" | "AA" | "CS" | "QAB" | "CA2" | "CA3" | "MTH_ACR" | "RAB" | "VAB" | "SSN"
    )
}
fn is_header_tty(t: &str) -> bool {
    matches!(
        t,
        "HT" | "HG"
            | "HS"
            | "HX"
            | "HTS"
            | "HTN"
            | "GT"
            | "SC"
            | "MD"
            | "SD"
            | "MV"
            | "SX"
            | "MTH_HX"
            | "PX"
            | "PS"
            | "OS"
            | "SMQ"
            | "HTJKN"
            | "POS"
            | "RHT"
    )
}
fn is_obsolete_tty(t: &str) -> bool {
    OBSOLETE_TTYS.contains(&t)
}

fn pick_kind(r: &mut Rng, w: &[f64]) -> usize {
    let t: f64 = w.iter().sum();
    let mut x = r.f64() * t;
    for (i, &v) in w.iter().enumerate() {
        if x < v {
            return i;
        }
        x -= v;
    }
    w.len() - 1
}

fn header(r: &mut Rng, m: &Mat) -> String {
    let b = &m.base;
    match r.below(6) {
        0 => format!("Other and unspecified {}", lower_first(b)),
        1 => format!("{} NEC", pluralize(b)),
        2 => format!("{} disorders", cap_first(m.anat_adj)),
        3 => format!(
            "{} and {}",
            pluralize(b),
            r.pick(&[
                "other conditions",
                "related disorders",
                "impairment",
                "complications"
            ])
        ),
        4 => {
            let c = (b'A' + r.below(26) as u8) as char;
            let a = r.range(0, 90);
            format!(
                "{} ({}{:02}-{}{:02})",
                pluralize(b),
                c,
                a,
                c,
                a + r.range(1, 9)
            )
        }
        _ => format!("{} (category)", b),
    }
}

fn tall_man(s: &str) -> String {
    // upper-cases the middle of the first word (e.g. amLODIPine)
    let w_end = s.find(' ').unwrap_or(s.len());
    if w_end < 6 || !s.is_ascii() {
        return s.to_string();
    }
    let a = w_end / 3;
    let b = 2 * w_end / 3 + 1;
    format!("{}{}{}", &s[..a], s[a..b].to_uppercase(), &s[b..])
}

fn form_abbr(f: &str) -> &'static str {
    if f.contains("Tablet") {
        "TAB"
    } else if f.contains("Capsule") {
        "CAP"
    } else if f.contains("Inject")
        || f.contains("Syringe")
        || f.contains("Pen")
        || f.contains("Cartridge")
    {
        "INJ"
    } else if f.contains("Solution") || f.contains("Suspension") {
        "SOLN"
    } else if f.contains("Cream")
        || f.contains("Ointment")
        || f.contains("Gel")
        || f.contains("Lotion")
    {
        "TOP"
    } else {
        "MISC"
    }
}

/// English text of one atom.
#[allow(clippy::too_many_arguments)]
fn english_text(
    r: &mut Rng,
    sp: &SabSpec,
    tty: &str,
    first: bool,
    m: &Mat,
    prev: &str,
    msh_scr: bool,
    out: &mut String,
) {
    let g = m.group;
    let b = m.base.as_str();
    let hsel = hash_bytes(b.as_bytes(), 99);
    let obs = is_obsolete_tty(tty);
    let syn = |r: &mut Rng, w: &[f64]| -> String {
        let k = pick_kind(r, w);
        variant(r, k, b, m)
    };
    let s: String = match sp.style {
        Style::Snomed => {
            let pt = if m.drug {
                let (i, st, u) = &m.ings[0];
                format!(
                    "{} {} {} {}",
                    i,
                    st,
                    u.to_lowercase().replace("mg", "milligram"),
                    m.form.to_lowercase()
                )
            } else if g == G_ANAT && hsel.is_multiple_of(2) {
                format!("Structure of {}", lower_first(b))
            } else {
                b.to_string()
            };
            match tty {
                "PT" | "MTH_PT" | "PTGB" => {
                    if tty == "PTGB" {
                        variant(r, 6, &pt, m)
                    } else {
                        pt
                    }
                }
                "FN" | "MTH_FN" => {
                    if m.drug {
                        format!("Product containing precisely {} ({})", pt, SEMTAGS[g])
                    } else {
                        format!(
                            "{} ({})",
                            pt,
                            if g == G_NEOP && hsel.is_multiple_of(3) {
                                "morphologic abnormality"
                            } else {
                                SEMTAGS[g]
                            }
                        )
                    }
                }
                _ if obs => {
                    let mut v = syn(r, OBS_KINDS);
                    if r.chance(0.2) {
                        v.push_str(" [D]");
                    }
                    v
                }
                _ => syn(r, SYN_KINDS),
            }
        }
        Style::Mesh => match tty {
            "MH" | "PEP" => {
                if hsel % 10 < 3 {
                    title_case(&invert(b))
                } else {
                    title_case(b)
                }
            }
            "NM" => b.to_string(),
            "PM" | "PCE" => invert(if prev.is_empty() { b } else { prev }),
            "N1" => {
                if !m.sysname.is_empty() {
                    cap_first(&m.sysname)
                } else {
                    syn(r, MSH_KINDS)
                }
            }
            "DEV" | "DSV" => b
                .to_uppercase()
                .replace([',', '-', '(', ')'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            _ => {
                let v = syn(r, MSH_KINDS);
                if msh_scr || r.chance(0.5) {
                    v
                } else {
                    title_case(&v)
                }
            }
        },
        Style::Nci => match tty {
            "PT" => {
                if hsel.is_multiple_of(2) {
                    title_case(b)
                } else {
                    b.to_string()
                }
            }
            "AB" => variant(r, 7, b, m),
            "CCN" => format!(
                "{}-{}",
                words_initials(&pseudo(r, 2)),
                r.range(100, 999_999)
            ),
            "CSN" => {
                if m.sysname.is_empty() {
                    syn(r, SYN_KINDS)
                } else {
                    m.sysname.clone()
                }
            }
            "BN" => {
                if m.brand.is_empty() {
                    brand(r)
                } else {
                    m.brand.clone()
                }
            }
            _ if obs => syn(r, OBS_KINDS),
            _ => syn(r, SYN_KINDS),
        },
        Style::Mdr => match tty {
            "PT" | "PTJKN" | "PTJKN1" => b.to_string(),
            "HT" | "HG" | "HTJKN" => header(r, m),
            "OS" => format!("{} disorders", cap_first(m.anat_adj)),
            "SMQ" => format!("{} (SMQ)", pluralize(b)),
            _ if obs => syn(r, OBS_KINDS),
            _ => syn(r, MDR_KINDS),
        },
        Style::Rxnorm => {
            if m.drug {
                let (i, st, u) = &m.ings[0];
                let mut scd_s = String::new();
                scd(m, &mut scd_s);
                match tty {
                    "SCD" => scd_s,
                    "SBD" => format!("{} [{}]", scd_s, m.brand),
                    "SCDC" => format!("{} {} {}", i, st, u),
                    "SCDF" => format!("{} {}", i, m.form),
                    "SBDF" => format!("{} {} [{}]", i, m.form, m.brand),
                    "SBDC" => format!("{} {} {} [{}]", i, st, u, m.brand),
                    "SCDG" => format!(
                        "{} {} Product",
                        i,
                        m.form.split(' ').next().unwrap_or("Oral")
                    ),
                    "SBDG" => format!(
                        "{} {} Product",
                        m.brand,
                        m.form.split(' ').next().unwrap_or("Oral")
                    ),
                    "BN" => m.brand.clone(),
                    "TMSY" => format!("{} [{}]", tall_man(&scd_s), m.brand),
                    "PSN" => format!(
                        "{} {} {} {}",
                        i,
                        st,
                        u.to_lowercase(),
                        m.form.to_lowercase()
                    ),
                    "DF" => m.form.to_string(),
                    "DFG" => format!("{} Product", m.form.split(' ').next().unwrap_or("Oral")),
                    "BPCK" | "GPCK" => format!(
                        "{{{} ({}) }} Pack{}",
                        r.range(7, 84),
                        scd_s,
                        if tty == "BPCK" {
                            format!(" [{}]", m.brand)
                        } else {
                            String::new()
                        }
                    ),
                    _ => {
                        let v = format!(
                            "{} {} {} {}",
                            i,
                            st,
                            u.to_lowercase(),
                            m.form.to_lowercase()
                        );
                        if r.chance(0.5) {
                            v
                        } else {
                            format!("{} {} {} {}", m.brand, st, u, m.form)
                        }
                    }
                }
            } else {
                let lc = if b.chars().nth(1).is_some_and(|c| c.is_lowercase()) {
                    lower_first(b)
                } else {
                    b.to_string()
                };
                match tty {
                    "IN" => lc,
                    "PIN" => format!("{} {}", lc, r.pick(SALTS)),
                    "MIN" => format!("{} / {}", lc, inn(r)),
                    "BN" => brand(r),
                    _ => syn(r, SYN_KINDS),
                }
            }
        }
        Style::Loinc => {
            if m.lab {
                match tty {
                    "LC" => b.to_string(),
                    "LN" => {
                        if sp.lat == ENG {
                            let mut s = String::new();
                            lnc_ln(m, &mut s);
                            s
                        } else {
                            b.to_string()
                        }
                    }
                    "DN" | "OSN" | "LVDN" => {
                        let mut s = String::new();
                        lnc_dn(m, &mut s);
                        s
                    }
                    "LS" => format!("{} {}", m.comp, LNC_SYSTEMS[m.sys].1),
                    "LPN" | "LPDN" | "CN" => m.comp.clone(),
                    "LA" => r.pick(ANSWERS).to_string(),
                    _ => syn(r, OBS_KINDS),
                }
            } else {
                match tty {
                    "LPDN" => format!(
                        "{} | {}",
                        b,
                        r.pick(&[
                            "Chemistry",
                            "Microbiology",
                            "Serology",
                            "Drug/Tox",
                            "Hematology",
                            "Molecular pathology"
                        ])
                    )
                    .replace('|', "-"),
                    _ if obs => syn(r, OBS_KINDS),
                    _ => b.to_string(),
                }
            }
        }
        Style::Icd => match tty {
            "PT" => b.to_string(),
            "AB" => icd_abbrev(b),
            "HT" | "HS" | "HX" | "PS" | "PX" => header(r, m),
            _ => syn(r, SYN_KINDS),
        },
        Style::Pcs => match tty {
            "PT" => {
                let dev = if r.chance(0.5) {
                    format!(" with {}", r.pick(PCS_DEVICES))
                } else {
                    String::new()
                };
                format!(
                    "{} {} {}{}, {}",
                    r.pick(PCS_OPS),
                    title_case(m.side),
                    title_case(m.anat),
                    dev,
                    r.pick(PCS_APPROACH)
                )
            }
            "HT" => format!(
                "Medical and Surgical @ {} @ {}",
                title_case(m.anat_adj),
                r.pick(PCS_OPS)
            ),
            _ => syn(r, SYN_KINDS),
        },
        Style::Cpt => match tty {
            "PT" => {
                let head = b.split(' ').next().unwrap_or("Procedure");
                format!("{}, {}; {}", head, m.anat, r.pick(CPT_DETAILS))
            }
            "AB" => {
                let mut a = b.to_uppercase();
                a.truncate(a.char_indices().nth(28).map_or(a.len(), |(i, _)| i));
                a
            }
            "POS" | "HT" => header(r, m),
            _ if obs => syn(r, OBS_KINDS),
            _ => syn(r, SYN_KINDS),
        },
        Style::Hcpcs => {
            let pt = if m.drug {
                format!(
                    "Injection, {}, {} {}",
                    m.ings[0].0,
                    m.ings[0].1,
                    m.ings[0].2.to_lowercase()
                )
            } else if g == G_DEVI {
                format!("{}, each", b)
            } else {
                b.to_string()
            };
            match tty {
                "PT" => pt,
                "AB" => {
                    let mut a = pt.replace("Injection", "Inj");
                    a.truncate(a.char_indices().nth(28).map_or(a.len(), |(i, _)| i));
                    a
                }
                _ => syn(r, OBS_KINDS),
            }
        }
        Style::Mth => match hsel % 20 {
            0..=12 => b.to_string(),
            13 => b.to_uppercase(),
            _ => format!("{} ({})", b, SEMTAGS[g]),
        },
        Style::Ncbi => match tty {
            "SCN" => b.to_string(),
            "SY" | "EQ" | "USY" => {
                if m.virus {
                    syn(r, SYN_KINDS)
                } else {
                    format!(
                        "{} {}{}",
                        genus(r),
                        m.epithet,
                        if m.org_rest.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", m.org_rest)
                        }
                    )
                }
            }
            "CMN" | "UCN" => {
                if m.virus {
                    format!("{} virus", m.abbr)
                } else {
                    format!(
                        "{} {}",
                        cap_first(&pseudo(r, 2)),
                        r.pick(&[
                            "bacterium",
                            "mouse",
                            "fish",
                            "moth",
                            "beetle",
                            "fern",
                            "moss",
                            "frog",
                            "snake",
                            "worm",
                            "fungus",
                            "alga"
                        ])
                    )
                }
            }
            "ACR" => {
                if m.abbr.is_empty() {
                    words_initials(b)
                } else {
                    m.abbr.clone()
                }
            }
            "AUN" | "UAUN" => {
                let y1 = 1780 + r.below(220);
                format!(
                    "{} ({} {}) {} {}",
                    b,
                    surname(r),
                    y1,
                    surname(r),
                    y1 + r.range(1, 80)
                )
            }
            _ => {
                if m.alt.is_empty() {
                    b.to_string()
                } else {
                    m.alt.clone()
                }
            }
        },
        Style::Omim => {
            let sym = if m.symbol.is_empty() {
                words_initials(b)
            } else {
                m.symbol.clone()
            };
            match tty {
                "PT" => {
                    if g == G_GENE {
                        format!("{}; {}", m.fullname.to_uppercase(), sym)
                    } else if hsel.is_multiple_of(2) {
                        format!("{}; {}", b.to_uppercase(), sym)
                    } else {
                        b.to_uppercase()
                    }
                }
                "PTAV" => format!(
                    "{}, {}{}{}",
                    sym,
                    r.pick(&["ARG", "GLY", "LEU", "SER", "PRO", "ALA", "CYS"]),
                    r.range(10, 2000),
                    r.pick(&[
                        "TRP",
                        "TER",
                        "HIS",
                        "ASP",
                        "GLU",
                        "VAL",
                        "1-BP DEL",
                        "IVS3DS, G-A, +1"
                    ])
                ),
                "ACR" => sym,
                _ => syn(r, SYN_KINDS).to_uppercase(),
            }
        }
        Style::Hgnc => match tty {
            "ACR" => m.abbr.clone(),
            "PT" | "NA" => m.fullname.clone(),
            "MTH_ACR" => format!("{} gene", m.abbr),
            _ => gene_symbol(r),
        },
        Style::Go => {
            let v = match tty {
                "PT" => b.to_string(),
                _ if obs => format!("obsolete {}", syn(r, OBS_KINDS)),
                _ => syn(r, SYN_KINDS),
            };
            lower_first(&v)
        }
        Style::DrugList => {
            if m.drug {
                let (i, st, u) = &m.ings[0];
                let fa = form_abbr(m.form);
                match (sp.rsab, tty) {
                    ("VANDF", "CD") => format!("{} {}{} {}", i.to_uppercase(), st, u, fa),
                    ("NDDF", "CDC") | ("NDDF", "CDD") => {
                        format!("{} {} {} {}", i, st, u.to_lowercase(), fa.to_lowercase())
                    }
                    ("MMX", "CD") => format!(
                        "{} {}{} {}",
                        cap_first(i),
                        st,
                        u.to_lowercase(),
                        cap_first(&fa.to_lowercase())
                    ),
                    (_, "CD") | (_, "CDC") | (_, "MTH_RXN_DP") => {
                        let mut s = String::new();
                        scd(m, &mut s);
                        if sp.rsab == "MMSL" {
                            title_case(&s)
                        } else {
                            s.to_lowercase()
                        }
                    }
                    (_, "BD") => format!("{} {} {} {}", m.brand, st, u.to_lowercase(), m.form),
                    (_, "MS") => format!("{} {}", m.brand, m.form),
                    (_, "DP") => {
                        format!("{} ({}) {} {} {}", m.brand, i, st, u.to_lowercase(), m.form)
                    }
                    (_, "DF") => m.form.to_string(),
                    (_, "IN") | (_, "GN") | (_, "SU") => i.clone(),
                    (_, "AB") => format!("{} {}{} {}", i.to_uppercase(), st, u, fa),
                    _ => syn(r, SYN_KINDS),
                }
            } else {
                match tty {
                    "SU" => b.to_uppercase(),
                    "IN" | "GN" | "PT" | "CD" => b.to_string(),
                    _ => syn(r, SYN_KINDS),
                }
            }
        }
        Style::Chv => {
            if first {
                b.to_lowercase()
            } else {
                syn(r, CHV_KINDS).to_lowercase()
            }
        }
        Style::Src => b.to_string(),
        Style::Generic => {
            if first {
                b.to_string()
            } else if is_abbr_tty(tty) {
                variant(r, 7, b, m)
            } else if is_header_tty(tty) {
                header(r, m)
            } else if obs {
                syn(r, OBS_KINDS)
            } else {
                syn(r, SYN_KINDS)
            }
        }
    };
    out.push_str(&s);
}

fn sanitize(s: &mut String) {
    if s.contains(['|', '\n', '\r', '\t']) {
        *s = s.replace('|', "/").replace(['\n', '\r', '\t'], " ");
    }
    if s.is_empty() {
        s.push_str("Unnamed");
    }
}

// ================================================================================================
// The generator
// ================================================================================================

struct TtyInfo {
    tty: &'static str,
    w: f64,
    obs: bool,
    supy: bool,
    rank: u32,
    used: bool,
}

struct Sab {
    spec: &'static SabSpec,
    ttys: Vec<TtyInfo>,
    second: Option<usize>,
    /// Target share of all atoms.
    share: f64,
    /// Adaptive multiplier that steers the realized share to `share`.
    m: f64,
    atoms: u64,
    cuis: u64,
    last_cui: u64,
    code_perm: Perm,
    code_ctr: u64,
    aux_perm: Perm,
    aux_ctr: u64,
    vsab: String,
    vcui: String,
    rcui: String,
}

#[derive(Default)]
struct Atom {
    lat: u8,
    sab: usize,
    tty: usize,
    s: String,
    code: String,
    scui: String,
    sdui: String,
    saui: String,
    supp: u8,
    cvf: &'static str,
    lui: u32,
    sui: u32,
    aui: u64,
    key: u64,
    ts: u8,
    stt: &'static str,
    ispref: u8,
    first: bool,
}

/// What MRREL needs to know about a recent CUI.
struct RelInfo {
    cui: u64,
    group: usize,
    /// (sab, aui of its first atom, source id used for STYPE SCUI/SDUI)
    sabs: Vec<(usize, u64)>,
    /// pairs of atoms of one source (for SY rows): (sab, aui1, aui2)
    pair: Option<(usize, u64, u64)>,
}

struct Pending {
    info: RelInfo,
    rows: Vec<String>,
}

const CVFS: &[&str] = &[
    "256", "256", "256", "4096", "1280", "2304", "16640", "4352", "8192", "320", "1792",
];
const TAIL_CAP: usize = 2000;
/// Translations are strongly preferred once their English head is in the CUI (real releases
/// translate the heavily named concepts into many languages).
const TRANSLATION_BOOST: f64 = 6.0;

/// Heads of translated families (MSH, SNOMEDCT_US, MDR, LNC, ...) go preferentially to CUIs with
/// many atoms, which is where their translations have room.
fn head_bias(n: usize) -> f64 {
    (n as f64 / 8.0).powf(1.5).clamp(0.05, 30.0)
}
const REL_WINDOW: usize = 1024;

struct Gen {
    cfg: SynthConfig,
    r: Rng,
    rd: Rng,
    rr: Rng,
    sabs: Vec<Sab>,
    src: usize,
    group_sabs: Vec<Vec<usize>>,
    group_primary: Vec<Vec<usize>>,
    group_nonen: Vec<Vec<usize>>,
    n_cdf: Vec<f64>,
    group_wt: Vec<Wt>,
    sty_primary: Vec<Wt>,
    sty_extra: Vec<Wt>,
    sty_factor: f64,
    def_factor: f64,
    cum_atoms: u64,
    cui_num: u64,
    mean_step: f64,
    lui_ctr: u64,
    sui_ctr: u64,
    lui_perm: Perm,
    sui_perm: Perm,
    aui_perm: Perm,
    atui_perm: Perm,
    def_atui_perm: Perm,
    rui_perm: Perm,
    sty_ctr: u64,
    def_ctr: u64,
    rel_ctr: u64,
    sty_rows: u64,
    cache_sui: Cache,
    cache_lui: Cache,
    ring: Vec<String>,
    ring_pos: usize,
    mat: Mat,
    atoms: Vec<Atom>,
    na: usize,
    blocks: Vec<(usize, usize)>,
    cand: Vec<(usize, f64)>,
    lines: Vec<String>,
    fam: Vec<Option<(String, String, String)>>,
    local_sui: IdMap<(u32, u32)>,
    local_lui: IdMap<u32>,
    best_lui: IdMap<usize>,
    best_sui: IdMap<usize>,
    src_start: u64,
    pending: std::collections::VecDeque<Pending>,
    msh_scr: bool,
}

fn parse_ttys(spec: &'static SabSpec) -> (Vec<TtyInfo>, Option<usize>) {
    let mut v = Vec::new();
    let mut second = None;
    for (i, tok) in spec.ttys.split(',').enumerate() {
        let (name, w) = match tok.split_once(':') {
            Some((n, w)) => (n, w.parse::<f64>().unwrap_or(1.0)),
            None => (tok, 1.0),
        };
        let name = if let Some(n) = name.strip_suffix('!') {
            second = Some(i);
            n
        } else {
            name
        };
        v.push(TtyInfo {
            tty: name,
            w,
            obs: OBSOLETE_TTYS.contains(&name),
            supy: SUPPRESSIBLE_TTYS.contains(&name),
            rank: 0,
            used: false,
        });
    }
    (v, second)
}

fn vsab_of(sp: &SabSpec) -> String {
    if sp.rsab == "MTH" || sp.rsab == "SRC" {
        return sp.rsab.to_string();
    }
    if sp.rsab.contains(['_', '-']) || sp.rsab.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{}_{}", sp.rsab, sp.ver)
    } else {
        format!("{}{}", sp.rsab, sp.ver)
    }
}

impl Gen {
    fn new(cfg: &SynthConfig) -> Gen {
        let cuis = cfg.cuis as u64;
        let atoms = cfg.atoms;
        let ktot: f64 = SABS.iter().map(|s| s.k).sum();
        let mut sabs: Vec<Sab> = Vec::with_capacity(SABS.len());
        for (i, sp) in SABS.iter().enumerate() {
            let (ttys, second) = parse_ttys(sp);
            let share = sp.k / ktot;
            let est_codes = (share * atoms as f64 / sp.bs.max(1.0) * 3.0) as u64 + 5000;
            let code_space = match sp.code {
                Code::Mesh => 900_000,
                Code::Snomed => 90_000_000,
                Code::Mdr => 9_000_000,
                Code::Icd10pcs => 3_000_000_000,
                Code::Nci => 3_000_000,
                Code::Loinc => 9_000_000,
                Code::Rxnorm => 3_000_000,
                _ => 0,
            };
            sabs.push(Sab {
                spec: sp,
                ttys,
                second,
                share,
                m: 1.0,
                atoms: 0,
                cuis: 0,
                last_cui: 0,
                code_perm: Perm::new(
                    est_codes.max(code_space),
                    0,
                    cfg.seed ^ (i as u64 * 7919 + 1),
                ),
                code_ctr: 0,
                aux_perm: Perm::new(
                    (est_codes * 4).max(code_space),
                    0,
                    cfg.seed ^ (i as u64 * 104_729 + 3),
                ),
                aux_ctr: 0,
                vsab: vsab_of(sp),
                vcui: String::new(),
                rcui: String::new(),
            });
        }
        // MRRANK: non-suppressible (SAB order, TTY order) above suppressible ones.
        let total_rank: u32 = sabs.iter().map(|s| s.ttys.len() as u32).sum();
        let mut next = total_rank;
        for pass in 0..2 {
            for s in sabs.iter_mut() {
                for t in s.ttys.iter_mut() {
                    let sup = t.obs || t.supy;
                    if (pass == 0) != sup {
                        t.rank = next;
                        next -= 1;
                    }
                }
            }
        }
        let src = sabs
            .iter()
            .position(|s| s.spec.style == Style::Src)
            .unwrap();
        let mut group_sabs = vec![Vec::new(); NG];
        let mut group_primary = vec![Vec::new(); NG];
        let mut group_nonen = vec![Vec::new(); NG];
        for (i, s) in sabs.iter().enumerate() {
            for g in 0..NG {
                if s.spec.groups & (1 << g) != 0 && s.spec.style != Style::Src {
                    group_sabs[g].push(i);
                    if s.spec.lat == ENG && s.spec.style != Style::Mth {
                        group_primary[g].push(i);
                    }
                    if s.spec.lat != ENG {
                        group_nonen[g].push(i);
                    }
                }
            }
        }
        // atoms-per-CUI distribution: fixed head, Pareto tail fitted to the mean.
        let mean = atoms as f64 / cuis as f64;
        let n_cdf = atoms_cdf(mean);
        let mut group_wt = Vec::new();
        for b in 0..5 {
            let w: Vec<f64> = (0..NG).map(|g| GROUP_BUCKET_W[g][b]).collect();
            group_wt.push(Wt::new(&w));
        }
        let sty_primary = GROUP_STY
            .iter()
            .map(|g| Wt::new(&g.primary.iter().map(|x| x.1).collect::<Vec<_>>()))
            .collect();
        let sty_extra = GROUP_STY
            .iter()
            .map(|g| Wt::new(&g.extra.iter().map(|x| x.1).collect::<Vec<_>>()))
            .collect();
        let nsab = sabs.len() as u64;
        let src_start = if cuis >= nsab * 2 * 40 {
            (cuis as f64 * 0.27) as u64
        } else {
            u64::MAX
        };
        Gen {
            cfg: cfg.clone(),
            r: Rng::new(cfg.seed),
            rd: Rng::new(cfg.seed ^ 0xDEF0_DEF0),
            rr: Rng::new(cfg.seed ^ 0x0E1_0E1),
            sabs,
            src,
            group_sabs,
            group_primary,
            group_nonen,
            n_cdf,
            group_wt,
            sty_primary,
            sty_extra,
            sty_factor: 1.0,
            def_factor: 1.0,
            cum_atoms: 0,
            cui_num: 4,
            mean_step: (5_600_000.0 / cuis as f64).max(1.0),
            lui_ctr: 0,
            sui_ctr: 0,
            lui_perm: Perm::new(atoms + 1000, 0, cfg.seed ^ 11),
            sui_perm: Perm::new(atoms + 1000, 0, cfg.seed ^ 13),
            aui_perm: Perm::new(atoms * 8 / 5 + 1000, 0, cfg.seed ^ 17),
            atui_perm: Perm::new(cuis * 3 + 1000, 10_000_000, cfg.seed ^ 19),
            def_atui_perm: Perm::new(cuis + 1000, 40_000_000, cfg.seed ^ 23),
            rui_perm: Perm::new(cuis * 40 + 1000, 100_000_000, cfg.seed ^ 29),
            sty_ctr: 0,
            def_ctr: 0,
            rel_ctr: 0,
            sty_rows: 0,
            cache_sui: Cache::new(21),
            cache_lui: Cache::new(21),
            ring: Vec::new(),
            ring_pos: 0,
            mat: Mat::default(),
            atoms: Vec::new(),
            na: 0,
            blocks: Vec::new(),
            cand: Vec::new(),
            lines: Vec::new(),
            fam: vec![None; 16],
            local_sui: IdMap::default(),
            local_lui: IdMap::default(),
            best_lui: IdMap::default(),
            best_sui: IdMap::default(),
            src_start,
            pending: std::collections::VecDeque::new(),
            msh_scr: false,
        }
    }

    fn run(&mut self, dir: &Path) -> io::Result<SynthSummary> {
        let mut conso = Out::create(&dir.join("MRCONSO.RRF"))?;
        let mut sty = Out::create(&dir.join("MRSTY.RRF"))?;
        let mut def = if self.cfg.with_mrdef {
            Some(Out::create(&dir.join("MRDEF.RRF"))?)
        } else {
            None
        };
        let mut rel = if self.cfg.with_mrrel {
            Some(Out::create(&dir.join("MRREL.RRF"))?)
        } else {
            None
        };
        let cuis = self.cfg.cuis as u64;
        for i in 0..cuis {
            self.gen_cui(i, &mut conso, &mut sty, def.as_mut(), rel.as_mut())?;
            if (i + 1) % 1024 == 0 {
                self.adapt(i + 1);
            }
        }
        if let Some(rel) = rel.as_mut() {
            while let Some(p) = self.pending.pop_front() {
                flush_pending(p, rel)?;
            }
        }
        let mut files: Vec<(String, String, String, u64, u64)> = Vec::new(); // (file, des, fmt, rows, bytes)
        let (r, b) = conso.finish()?;
        files.push((
            "MRCONSO.RRF".into(),
            "Concept names and sources".into(),
            "CUI,LAT,TS,LUI,STT,SUI,ISPREF,AUI,SAUI,SCUI,SDUI,SAB,TTY,CODE,STR,SRL,SUPPRESS,CVF"
                .into(),
            r,
            b,
        ));
        let (r, b) = sty.finish()?;
        files.push((
            "MRSTY.RRF".into(),
            "Semantic Types".into(),
            "CUI,TUI,STN,STY,ATUI,CVF".into(),
            r,
            b,
        ));
        if let Some(d) = def {
            let (r, b) = d.finish()?;
            files.push((
                "MRDEF.RRF".into(),
                "Definitions".into(),
                "CUI,AUI,ATUI,SATUI,SAB,DEF,SUPPRESS,CVF".into(),
                r,
                b,
            ));
        }
        if let Some(d) = rel {
            let (r, b) = d.finish()?;
            files.push((
                "MRREL.RRF".into(),
                "Related Concepts".into(),
                "CUI1,AUI1,STYPE1,REL,CUI2,AUI2,STYPE2,RELA,RUI,SRUI,SAB,SL,RG,DIR,SUPPRESS,CVF"
                    .into(),
                r,
                b,
            ));
        }
        let (r, b) = self.write_mrsab(dir)?;
        files.push(("MRSAB.RRF".into(), "Source Metadata".into(), "VCUI,RCUI,VSAB,RSAB,SON,SF,SVER,VSTART,VEND,IMETA,RMETA,SLC,SCC,SRL,TFR,CFR,CXTY,TTYL,ATNL,LAT,CENC,CURVER,SABIN,SSN,SCIT".into(), r, b));
        let (r, b) = self.write_mrrank(dir)?;
        files.push((
            "MRRANK.RRF".into(),
            "Concept Name Ranking".into(),
            "RANK,SAB,TTY,SUPPRESS".into(),
            r,
            b,
        ));
        let (r, b) = self.write_release_dat(dir)?;
        let release = ("release.dat".to_string(), r, b);
        let (r, b) = write_mrfiles(dir, &files)?;
        let mut summary = SynthSummary::default();
        for f in &files {
            summary.files.push((f.0.clone(), f.3, f.4));
        }
        summary.files.push(("MRFILES.RRF".into(), r, b));
        summary.files.push(release);
        Ok(summary)
    }

    /// Steers SAB shares, MRSTY rows per CUI and MRDEF rows per CUI towards their targets.
    fn adapt(&mut self, done: u64) {
        let total = self.cum_atoms as f64;
        // family totals: an English head is steered by how far its whole family (head plus
        // translations) is from target, since the translations can only follow the head
        let mut fam_target = [0.0f64; 16];
        let mut fam_actual = [0.0f64; 16];
        for s in &self.sabs {
            let f = s.spec.fam as usize;
            if f != 0 {
                fam_target[f] += s.share * total;
                fam_actual[f] += s.atoms as f64;
            }
        }
        for s in self.sabs.iter_mut() {
            if s.share <= 0.0 {
                continue;
            }
            let f = s.spec.fam as usize;
            let ratio = if f != 0 && s.spec.lat == ENG {
                (fam_target[f] + 30.0) / (fam_actual[f] + 30.0)
            } else {
                (s.share * total + 30.0) / (s.atoms as f64 + 30.0)
            };
            s.m = (s.m * ratio.powf(0.35)).clamp(0.01, 500.0);
        }
        let want = 1.5 * done as f64;
        self.sty_factor =
            (self.sty_factor * (want / self.sty_rows.max(1) as f64).powf(0.5)).clamp(0.2, 5.0);
        if self.cfg.with_mrdef {
            let want = 0.12 * done as f64;
            self.def_factor = (self.def_factor
                * ((want + 10.0) / (self.def_ctr as f64 + 10.0)).powf(0.5))
            .clamp(0.2, 8.0);
        }
    }

    fn draw_n(&mut self, i: u64) -> usize {
        let cuis = self.cfg.cuis as u64;
        let rem_cuis = cuis - i;
        let rem_atoms = self.cfg.atoms - self.cum_atoms;
        if rem_cuis == 1 {
            return rem_atoms as usize;
        }
        let x = self.r.f64();
        let mut n = self.n_cdf.partition_point(|&c| c <= x) + 1;
        n = n.min(TAIL_CAP);
        let expected = (self.cfg.atoms as u128 * (i as u128 + 1) / cuis as u128) as i64;
        let diff = self.cum_atoms as i64 + n as i64 - expected;
        if diff > 64 && n > 2 {
            n -= 1;
        } else if diff < -64 && n >= 2 {
            n += 1;
        }
        let max_n = rem_atoms - (rem_cuis - 1);
        n.clamp(1, max_n.min(usize::MAX as u64) as usize)
    }

    fn next_cui(&mut self) -> u64 {
        let step = 1 + (self.r.expo(self.mean_step - 1.0 + 0.5)).min(10_000);
        self.cui_num += step as u64;
        self.cui_num
    }

    fn new_atom(&mut self) -> usize {
        if self.na == self.atoms.len() {
            self.atoms.push(Atom::default());
        }
        let a = &mut self.atoms[self.na];
        a.s.clear();
        a.code.clear();
        a.scui.clear();
        a.sdui.clear();
        a.saui.clear();
        self.na += 1;
        self.na - 1
    }

    fn sample_from(&mut self, list_is_primary: bool, g: usize, nonen: bool, n: usize) -> usize {
        let list = if nonen {
            &self.group_nonen[g]
        } else if list_is_primary {
            &self.group_primary[g]
        } else {
            &self.group_sabs[g]
        };
        let mut tot = 0.0;
        self.cand.clear();
        for &s in list {
            let sb = &self.sabs[s];
            if sb.share <= 0.0 {
                continue;
            }
            tot += sb.share
                * sb.m
                * if sb.spec.fam != 0 && sb.spec.lat == ENG {
                    head_bias(n)
                } else {
                    1.0
                };
            self.cand.push((s, tot));
        }
        if self.cand.is_empty() {
            return self.group_primary[G_CONC][0];
        }
        let x = self.r.f64() * tot;
        let k = self
            .cand
            .partition_point(|c| c.1 <= x)
            .min(self.cand.len() - 1);
        self.cand[k].0
    }

    fn block_size(&mut self, s: usize, rem: usize, n: usize, nonen: bool) -> usize {
        let sp = self.sabs[s].spec;
        if sp.style == Style::Mth {
            return 1;
        }
        let mut k = 1 + self.r.expo((sp.bs - 0.5).max(0.0));
        if sp.fam != 0 && sp.lat == ENG && !nonen && n >= 4 {
            // leave room for the family's translations
            k = k.min((n / if sp.fam == F_SCT { 3 } else { 2 }).max(2));
        }
        if self.sabs[s].second.is_some() {
            k = k.max(2);
        }
        k.min(rem).min(60)
    }

    fn choose_blocks(&mut self, n: usize, g: usize, nonen: bool) {
        self.blocks.clear();
        let mut used = [0u64; 4];
        let mut fams: u32 = 0;
        let p = self.sample_from(true, g, nonen, n);
        let sz = self.block_size(p, n, n, nonen);
        self.blocks.push((p, sz));
        used[p / 64] |= 1 << (p % 64);
        let psp = self.sabs[p].spec;
        if psp.fam != 0 {
            fams |= 1 << psp.fam;
        }
        let mut rem = n - sz;
        while rem > 0 {
            self.cand.clear();
            let mut tot = 0.0;
            for &s in &self.group_sabs[g] {
                if used[s / 64] & (1 << (s % 64)) != 0 {
                    continue;
                }
                let sb = &self.sabs[s];
                let sp = sb.spec;
                if nonen {
                    if sp.lat == ENG {
                        continue;
                    }
                } else if sp.lat != ENG && (sp.fam == 0 || fams & (1 << sp.fam) == 0) {
                    continue;
                }
                let mut w = sb.share * sb.m / sp.bs;
                if sp.lat != ENG && !nonen {
                    w *= TRANSLATION_BOOST;
                } else if sp.lat == ENG && sp.fam != 0 {
                    w *= head_bias(n);
                }
                tot += w;
                self.cand.push((s, tot));
            }
            if self.cand.is_empty() {
                // every eligible source is used: add synonyms to existing blocks
                let w: Vec<f64> = self
                    .blocks
                    .iter()
                    .map(|&(s, _)| {
                        if self.sabs[s].spec.style == Style::Mth {
                            0.0
                        } else {
                            self.sabs[s].spec.bs - 0.7
                        }
                    })
                    .collect();
                let wt = Wt::new(&w);
                for _ in 0..rem {
                    let b = wt.sample(&mut self.r);
                    self.blocks[b].1 += 1;
                }
                break;
            }
            let x = self.r.f64() * tot;
            let k = self
                .cand
                .partition_point(|c| c.1 <= x)
                .min(self.cand.len() - 1);
            let s = self.cand[k].0;
            let sz = self.block_size(s, rem, n, nonen);
            self.blocks.push((s, sz));
            used[s / 64] |= 1 << (s % 64);
            let sp = self.sabs[s].spec;
            if sp.fam != 0 && (sp.lat == ENG || nonen) {
                fams |= 1 << sp.fam;
            }
            rem -= sz;
        }
    }

    fn tty_allowed(&self, s: usize, tty: &str, g: usize) -> bool {
        let sp = self.sabs[s].spec;
        match sp.style {
            Style::Rxnorm => {
                if g == G_DRUG {
                    !matches!(tty, "IN" | "PIN" | "MIN")
                } else {
                    matches!(tty, "IN" | "PIN" | "MIN" | "BN" | "SY")
                }
            }
            Style::Mesh if sp.lat == ENG => {
                if self.msh_scr {
                    matches!(tty, "N1" | "CE" | "PCE")
                } else {
                    !matches!(tty, "NM" | "CE" | "PCE")
                }
            }
            Style::Loinc => {
                if self.mat.lab {
                    !matches!(tty, "LA" | "LPN" | "LPDN" | "CN" | "LC")
                } else if g == G_FIND {
                    matches!(tty, "LA")
                } else {
                    matches!(tty, "LPN" | "LPDN" | "CN")
                }
            }
            Style::DrugList => {
                if g == G_DRUG {
                    !matches!(tty, "IN" | "SU" | "GN")
                } else {
                    matches!(tty, "IN" | "SU" | "GN")
                }
            }
            _ => true,
        }
    }

    fn pick_tty(&mut self, s: usize, k: usize, g: usize) -> usize {
        let sp = self.sabs[s].spec;
        if k == 0 {
            let want: Option<&str> = match sp.style {
                Style::Rxnorm => Some(if g == G_DRUG {
                    if self.r.chance(0.3) {
                        "SBD"
                    } else {
                        "SCD"
                    }
                } else {
                    "IN"
                }),
                Style::Mesh if sp.lat == ENG && self.msh_scr => Some("NM"),
                Style::Loinc => Some(if self.mat.lab {
                    if sp.lat == ENG {
                        "LC"
                    } else {
                        "LN"
                    }
                } else if g == G_FIND {
                    "LA"
                } else {
                    "LPN"
                }),
                Style::DrugList if g != G_DRUG => {
                    Some(if sp.ttys.contains("SU") { "SU" } else { "IN" })
                }
                _ => None,
            };
            if let Some(w) = want {
                if let Some(i) = self.sabs[s].ttys.iter().position(|t| t.tty == w) {
                    return i;
                }
            }
            return 0;
        }
        if k == 1 {
            if let Some(sec) = self.sabs[s].second {
                return sec;
            }
        }
        let second = self.sabs[s].second;
        let mut tot = 0.0;
        let n = self.sabs[s].ttys.len();
        let mut ws = [0.0f64; 32];
        for i in 1..n.min(32) {
            if Some(i) == second {
                continue;
            }
            let t = self.sabs[s].ttys[i].tty;
            if self.tty_allowed(s, t, g) {
                ws[i] = self.sabs[s].ttys[i].w;
                tot += ws[i];
            }
        }
        if tot <= 0.0 {
            // repeat the preferred TTY (e.g. more LOINC answers)
            return self.pick_tty(s, 0, g);
        }
        let mut x = self.r.f64() * tot;
        for (i, &w) in ws.iter().enumerate().take(n.min(32)) {
            if x < w {
                return i;
            }
            x -= w;
        }
        0
    }

    /// Codes shared by the atoms of one block (code, scui, sdui); translations reuse their head's.
    fn block_codes(&mut self, s: usize) -> (String, String, String) {
        let sp = self.sabs[s].spec;
        if sp.style == Style::Mth {
            return ("NOCODE".into(), String::new(), String::new());
        }
        if sp.fam != 0 {
            if let Some(c) = &self.fam[sp.fam as usize] {
                return c.clone();
            }
        }
        let sb = &mut self.sabs[s];
        let n = sb.code_perm.get(sb.code_ctr);
        sb.code_ctr += 1;
        let mut code = String::new();
        let mut scui = String::new();
        let mut sdui = String::new();
        match sp.style {
            Style::Mesh => {
                if self.msh_scr {
                    code.push('C');
                    push_pad(&mut code, n, 6 + (n % 4) as usize);
                } else {
                    code_string(Code::Mesh, n, &mut code);
                }
                let a = sb.aux_perm.get(sb.aux_ctr);
                sb.aux_ctr += 1;
                scui.push('M');
                push_pad(&mut scui, a % 10_000_000, 7);
                sdui.push_str(&code);
            }
            Style::Mdr => {
                code_string(sp.code, n, &mut code);
                sdui.push_str(&code);
            }
            Style::Loinc => {
                if !self.mat.lab {
                    code.push_str(if self.mat.group == G_FIND { "LA" } else { "LP" });
                }
                code_string(sp.code, n, &mut code);
                scui.push_str(&code);
            }
            Style::Icd | Style::Pcs | Style::Cpt | Style::Hcpcs | Style::DrugList | Style::Chv => {
                code_string(sp.code, n, &mut code);
            }
            _ => {
                code_string(sp.code, n, &mut code);
                scui.push_str(&code);
            }
        }
        let c = (code, scui, sdui);
        if sp.fam != 0 {
            self.fam[sp.fam as usize] = Some(c.clone());
        }
        c
    }

    fn build_atoms(&mut self, g: usize) {
        self.na = 0;
        for f in self.fam.iter_mut() {
            *f = None;
        }
        let blocks = std::mem::take(&mut self.blocks);
        let mut prev = String::new();
        let mut eng = String::new();
        for &(s, size) in &blocks {
            let (code, scui, sdui) = self.block_codes(s);
            let sp = self.sabs[s].spec;
            prev.clear();
            for k in 0..size {
                let ti = self.pick_tty(s, k, g);
                let tinfo = &self.sabs[s].ttys[ti];
                let (tty, obs, supy) = (tinfo.tty, tinfo.obs, tinfo.supy);
                self.sabs[s].ttys[ti].used = true;
                eng.clear();
                english_text(
                    &mut self.r,
                    sp,
                    tty,
                    k == 0,
                    &self.mat,
                    &prev,
                    self.msh_scr,
                    &mut eng,
                );
                let idx = self.new_atom();
                {
                    let a = &mut self.atoms[idx];
                    if sp.lat == ENG {
                        a.s.push_str(&eng);
                    } else if tty.contains("JKN") {
                        kana_reading(&eng, &mut a.s);
                    } else {
                        translate(&eng, sp.lat, &mut a.s);
                    }
                    sanitize(&mut a.s);
                    a.lat = sp.lat;
                    a.sab = s;
                    a.tty = ti;
                    a.first = k == 0;
                    a.code.push_str(&code);
                    a.scui.push_str(&scui);
                    a.sdui.push_str(&sdui);
                }
                prev.clear();
                prev.push_str(&eng);
                // per-atom identifiers
                match sp.style {
                    Style::Mdr if matches!(tty, "LLT" | "LLTJKN" | "LLTJKN1" | "OL") => {
                        let sb = &mut self.sabs[s];
                        let n = sb.code_perm.get(sb.code_ctr);
                        sb.code_ctr += 1;
                        let a = &mut self.atoms[idx];
                        a.code.clear();
                        code_string(Code::Mdr, n, &mut a.code);
                    }
                    Style::Snomed => {
                        let sb = &mut self.sabs[s];
                        let n = sb.aux_perm.get(sb.aux_ctr);
                        sb.aux_ctr += 1;
                        sct_id(
                            100_000 + n,
                            if sp.lat == ENG { 1 } else { 11 },
                            &mut self.atoms[idx].saui,
                        );
                    }
                    Style::Rxnorm => {
                        let sb = &mut self.sabs[s];
                        let n = sb.aux_perm.get(sb.aux_ctr);
                        sb.aux_ctr += 1;
                        push_num(&mut self.atoms[idx].saui, 1 + n);
                    }
                    _ => {}
                }
                let supp = if obs {
                    b'O'
                } else if supy {
                    b'Y'
                } else {
                    let x = self.r.f64();
                    if x < 0.0015 {
                        b'E'
                    } else if x < 0.0065 {
                        b'O'
                    } else if x < 0.008 {
                        b'Y'
                    } else {
                        b'N'
                    }
                };
                let cvf = if self.r.chance(0.12) {
                    self.r.pick(CVFS)
                } else {
                    ""
                };
                let a = &mut self.atoms[idx];
                a.supp = supp;
                a.cvf = cvf;
            }
        }
        self.blocks = blocks;
    }

    fn src_atoms(&mut self, which: usize, root: bool) {
        self.na = 0;
        let sp = &SABS[which];
        let vsab = self.sabs[which].vsab.clone();
        let src = self.src;
        let items: Vec<(&'static str, String, String)> = if root {
            let ssn = sp.son.split(" (").next().unwrap_or(sp.son).to_string();
            vec![
                ("RPT", sp.son.to_string(), format!("V-{}", sp.rsab)),
                ("RAB", sp.rsab.to_string(), format!("V-{}", sp.rsab)),
                ("SSN", ssn, format!("V-{}", sp.rsab)),
            ]
        } else {
            vec![
                (
                    "VPT",
                    format!("{}, {}", sp.son, sp.ver),
                    format!("V-{}", vsab),
                ),
                ("VAB", vsab.clone(), format!("V-{}", vsab)),
            ]
        };
        for (tty, s, code) in items {
            let ti = self.sabs[src]
                .ttys
                .iter()
                .position(|t| t.tty == tty)
                .unwrap();
            self.sabs[src].ttys[ti].used = true;
            let idx = self.new_atom();
            let a = &mut self.atoms[idx];
            a.s.push_str(&s);
            sanitize(&mut a.s);
            a.lat = ENG;
            a.sab = src;
            a.tty = ti;
            a.first = tty == "RPT" || tty == "VPT";
            a.code.push_str(&code);
            a.supp = b'N';
            a.cvf = "";
        }
    }

    /// LUI/SUI/AUI, then TS/STT/ISPREF from MRRANK.
    fn assign_ids(&mut self) {
        self.local_sui.clear();
        self.local_lui.clear();
        for i in 0..self.na {
            let (lat, short) = (self.atoms[i].lat, self.atoms[i].s.len() <= 48);
            let ek = hash_bytes(self.atoms[i].s.as_bytes(), 0x5151 + lat as u64 * 7919);
            let (sui, lui) = if let Some(&v) = self.local_sui.get(&ek) {
                v
            } else {
                let nk = norm_key(&self.atoms[i].s, lat);
                let cached = if short { self.cache_sui.get(ek) } else { None };
                let v = match cached {
                    Some((sui, lui)) => {
                        self.local_lui.entry(nk).or_insert(lui);
                        (sui, lui)
                    }
                    None => {
                        let lui = match self.local_lui.get(&nk) {
                            Some(&l) => l,
                            None => {
                                let l = match if short { self.cache_lui.get(nk) } else { None } {
                                    Some((l, _)) => l,
                                    None => {
                                        let l = self.lui_perm.get(self.lui_ctr) as u32;
                                        self.lui_ctr += 1;
                                        if short {
                                            self.cache_lui.put(nk, l, 0);
                                        }
                                        l
                                    }
                                };
                                self.local_lui.insert(nk, l);
                                l
                            }
                        };
                        let sui = self.sui_perm.get(self.sui_ctr) as u32;
                        self.sui_ctr += 1;
                        if short {
                            self.cache_sui.put(ek, sui, lui);
                        }
                        (sui, lui)
                    }
                };
                self.local_sui.insert(ek, v);
                v
            };
            let aui = self.aui_perm.get(self.cum_atoms + i as u64);
            let a = &mut self.atoms[i];
            a.sui = sui;
            a.lui = lui;
            a.aui = aui;
            let rank = self.sabs[a.sab].ttys[a.tty].rank as u64;
            a.key = ((a.supp == b'N') as u64) << 40 | rank << 16 | (0xFFFF - (i as u64 & 0xFFFF));
        }
        // preferred atom per language, per LUI, per SUI
        let mut best_lat = [usize::MAX; 26];
        self.best_lui.clear();
        self.best_sui.clear();
        for i in 0..self.na {
            let a = &self.atoms[i];
            let bl = &mut best_lat[a.lat as usize];
            if *bl == usize::MAX || self.atoms[*bl].key < a.key {
                *bl = i;
            }
            let e = self
                .best_lui
                .entry(a.lui as u64 | (a.lat as u64) << 40)
                .or_insert(i);
            if self.atoms[*e].key < a.key {
                *e = i;
            }
            let e = self
                .best_sui
                .entry(a.sui as u64 | (a.lat as u64) << 40)
                .or_insert(i);
            if self.atoms[*e].key < a.key {
                *e = i;
            }
        }
        for i in 0..self.na {
            let (lat, lui, sui) = (self.atoms[i].lat, self.atoms[i].lui, self.atoms[i].sui);
            let pl = best_lat[lat as usize];
            let ts = if self.atoms[pl].lui == lui {
                b'P'
            } else {
                b'S'
            };
            let bl = self.best_lui[&(lui as u64 | (lat as u64) << 40)];
            let stt = if self.atoms[bl].sui == sui {
                "PF"
            } else {
                stt_of(&self.atoms[i].s, &self.atoms[bl].s)
            };
            let stt = if stt == "PF" && self.atoms[bl].sui != sui {
                "VO"
            } else {
                stt
            };
            let isp = if self.best_sui[&(sui as u64 | (lat as u64) << 40)] == i {
                b'Y'
            } else {
                b'N'
            };
            let a = &mut self.atoms[i];
            a.ts = ts;
            a.stt = stt;
            a.ispref = isp;
        }
    }

    fn write_conso(&mut self, cui: u64, out: &mut Out) -> io::Result<()> {
        while self.lines.len() < self.na {
            self.lines.push(String::with_capacity(160));
        }
        for i in 0..self.na {
            let a = &self.atoms[i];
            let sb = &self.sabs[a.sab];
            let l = &mut self.lines[i];
            l.clear();
            l.push('C');
            push_pad(l, cui, 7);
            l.push('|');
            l.push_str(LANGS[a.lat as usize]);
            l.push('|');
            l.push(a.ts as char);
            l.push_str("|L");
            push_pad(l, a.lui as u64, 7);
            l.push('|');
            l.push_str(a.stt);
            l.push_str("|S");
            push_pad(l, a.sui as u64, 7);
            l.push('|');
            l.push(a.ispref as char);
            l.push_str("|A");
            push_pad(l, a.aui, 7);
            l.push('|');
            l.push_str(&a.saui);
            l.push('|');
            l.push_str(&a.scui);
            l.push('|');
            l.push_str(&a.sdui);
            l.push('|');
            l.push_str(sb.spec.rsab);
            l.push('|');
            l.push_str(sb.ttys[a.tty].tty);
            l.push('|');
            l.push_str(&a.code);
            l.push('|');
            l.push_str(&a.s);
            l.push('|');
            push_num(l, sb.spec.srl as u64);
            l.push('|');
            l.push(a.supp as char);
            l.push('|');
            l.push_str(a.cvf);
            l.push_str("|\n");
        }
        let lines = &mut self.lines[..self.na];
        lines.sort_unstable();
        for l in lines.iter() {
            out.row(l)?;
        }
        Ok(())
    }

    fn gen_cui(
        &mut self,
        i: u64,
        conso: &mut Out,
        sty: &mut Out,
        def: Option<&mut Out>,
        rel: Option<&mut Out>,
    ) -> io::Result<()> {
        let cui = self.next_cui();
        let nsab = self.sabs.len() as u64;
        let src_slot = if i >= self.src_start && i < self.src_start + 2 * nsab {
            Some((
                ((i - self.src_start) / 2) as usize,
                (i - self.src_start).is_multiple_of(2),
            ))
        } else {
            None
        };
        let group;
        if let Some((which, root)) = src_slot {
            group = G_CONC;
            self.mat.clear(group);
            self.mat.base = SABS[which].son.to_string();
            self.src_atoms(which, root);
            let cs = pad("C", cui, 7);
            if root {
                self.sabs[which].rcui = cs;
            } else {
                self.sabs[which].vcui = cs;
            }
            // keep the atom budget exact
            let rem_cuis = self.cfg.cuis as u64 - i;
            let rem_atoms = self.cfg.atoms - self.cum_atoms;
            let max_n = (rem_atoms - (rem_cuis - 1)) as usize;
            if self.na > max_n {
                self.na = max_n.max(1);
            }
            if rem_cuis == 1 && (self.na as u64) < rem_atoms {
                // last CUI: cannot happen with the SRC block placed at 27%, but stay exact
                self.na = self.na.min(rem_atoms as usize);
            }
        } else {
            let n = self.draw_n(i);
            let bucket = match n {
                1 => 0,
                2..=3 => 1,
                4..=9 => 2,
                10..=29 => 3,
                _ => 4,
            };
            group = self.group_wt[bucket].sample(&mut self.r);
            self.mat.clear(group);
            gen_material(&mut self.r, &mut self.mat);
            self.msh_scr = (group == G_CHEM || group == G_PROT) && self.r.chance(0.75);
            let nonen = n <= 4 && self.r.chance(0.03);
            self.choose_blocks(n, group, nonen);
            self.build_atoms(group);
            debug_assert_eq!(self.na, n);
            self.inject_ambiguity();
        }
        self.assign_ids();
        self.write_conso(cui, conso)?;
        // bookkeeping
        for k in 0..self.na {
            let s = self.atoms[k].sab;
            let sb = &mut self.sabs[s];
            sb.atoms += 1;
            if sb.last_cui != i + 1 {
                sb.last_cui = i + 1;
                sb.cuis += 1;
            }
        }
        // ambiguity ring: remember short English preferred names
        for k in 0..self.na {
            let a = &self.atoms[k];
            if a.lat == ENG && a.ts == b'P' && a.stt == "PF" && a.ispref == b'Y' && a.s.len() <= 48
            {
                if self.ring.len() < 4096 {
                    self.ring.push(a.s.clone());
                } else {
                    self.ring[self.ring_pos] = a.s.clone();
                    self.ring_pos = (self.ring_pos + 1) % 4096;
                }
                break;
            }
        }
        self.write_sty(cui, group, src_slot.is_some(), sty)?;
        if let Some(d) = def {
            if src_slot.is_none() {
                self.write_def(cui, group, d)?;
            }
        }
        if let Some(rl) = rel {
            self.rel_cui(i, cui, group, src_slot, rl)?;
        }
        self.cum_atoms += self.na as u64;
        Ok(())
    }

    /// Gives a synonym atom the name of another recent concept (real releases have ≈2% ambiguous strings).
    fn inject_ambiguity(&mut self) {
        if self.na < 3 || self.ring.len() < 64 || !self.r.chance(0.04) {
            return;
        }
        let cands: Vec<usize> = (0..self.na)
            .filter(|&k| {
                !self.atoms[k].first
                    && self.atoms[k].lat == ENG
                    && self.sabs[self.atoms[k].sab].spec.style != Style::Mth
            })
            .collect();
        if cands.is_empty() {
            return;
        }
        let k = self.r.pick(&cands);
        let s = self.ring[self.r.below(self.ring.len())].clone();
        let a = &mut self.atoms[k];
        a.s.clear();
        a.s.push_str(&s);
    }

    fn write_sty(&mut self, cui: u64, group: usize, is_src: bool, out: &mut Out) -> io::Result<()> {
        let mut tuis: [usize; 4] = [usize::MAX; 4];
        let mut k = 0;
        if is_src {
            tuis[0] = sty_index("T170");
            k = 1;
        } else if !self.r.chance(0.0011) {
            let gs = &GROUP_STY[group];
            tuis[0] = sty_index(gs.primary[self.sty_primary[group].sample(&mut self.r)].0);
            k = 1;
            let f = self.sty_factor;
            let p2 = (gs.p_multi[0] * f).min(0.97);
            let p3 = (gs.p_multi[1] * f).min(p2);
            let p4 = (gs.p_multi[2] * f).min(p3);
            let x = self.r.f64();
            let want = if x < p4 {
                4
            } else if x < p3 {
                3
            } else if x < p2 {
                2
            } else {
                1
            };
            let mut tries = 0;
            while k < want && tries < 12 {
                tries += 1;
                let t = sty_index(gs.extra[self.sty_extra[group].sample(&mut self.r)].0);
                if !tuis[..k].contains(&t) {
                    tuis[k] = t;
                    k += 1;
                }
            }
        }
        let mut rows: Vec<String> = Vec::with_capacity(k);
        for &t in &tuis[..k] {
            let (tui, stn, sty) = STYS[t];
            let mut l = String::with_capacity(80);
            l.push('C');
            push_pad(&mut l, cui, 7);
            l.push('|');
            l.push_str(tui);
            l.push('|');
            l.push_str(stn);
            l.push('|');
            l.push_str(sty);
            l.push_str("|AT");
            push_pad(&mut l, self.atui_perm.get(self.sty_ctr), 8);
            self.sty_ctr += 1;
            l.push('|');
            if self.r.chance(0.04) {
                l.push_str("256");
            }
            l.push_str("|\n");
            rows.push(l);
        }
        rows.sort_unstable();
        for l in &rows {
            out.row(l)?;
        }
        self.sty_rows += k as u64;
        Ok(())
    }
}

/// Cumulative distribution of atoms per CUI (index k-1 = P(n ≤ k)): 28% 1, 20% 2, 13% 3, 9% 4 and
/// a discrete Pareto tail from 5 (capped at TAIL_CAP) whose exponent is fitted to `mean`.
fn atoms_cdf(mean: f64) -> Vec<f64> {
    let head = [0.28, 0.20, 0.13, 0.09];
    let head_mass: f64 = head.iter().sum();
    let head_mean: f64 = head
        .iter()
        .enumerate()
        .map(|(i, p)| (i + 1) as f64 * p)
        .sum();
    let tail_mass = 1.0 - head_mass;
    let tail_pmf = |alpha: f64| -> Vec<f64> {
        let mut v = vec![0.0; TAIL_CAP + 1];
        for k in 5..TAIL_CAP {
            v[k] = (5.0 / k as f64).powf(alpha) - (5.0 / (k + 1) as f64).powf(alpha);
        }
        v[TAIL_CAP] = (5.0 / TAIL_CAP as f64).powf(alpha);
        v
    };
    let tail_mean = |alpha: f64| -> f64 {
        tail_pmf(alpha)
            .iter()
            .enumerate()
            .map(|(k, p)| k as f64 * p)
            .sum()
    };
    let mut pmf = vec![0.0; TAIL_CAP + 1];
    let need = (mean - head_mean) / tail_mass;
    if need <= 5.0 {
        // small mean: geometric distribution with that mean
        let p = (1.0 / mean.max(1.0)).min(1.0);
        let mut q = 1.0;
        for k in 1..=TAIL_CAP {
            pmf[k] = q * p;
            q *= 1.0 - p;
        }
    } else {
        let (mut lo, mut hi) = (0.3f64, 60.0f64);
        for _ in 0..80 {
            let mid = 0.5 * (lo + hi);
            if tail_mean(mid) > need {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let t = tail_pmf(0.5 * (lo + hi));
        pmf[1..=4].copy_from_slice(&head);
        for k in 5..=TAIL_CAP {
            pmf[k] = t[k] * tail_mass;
        }
    }
    let mut cdf = Vec::with_capacity(TAIL_CAP);
    let mut c = 0.0;
    for k in 1..=TAIL_CAP {
        c += pmf[k];
        cdf.push(c);
    }
    let last = *cdf.last().unwrap();
    for x in cdf.iter_mut() {
        *x /= last;
    }
    cdf
}

// ================================================================================================
// MRDEF, MRREL, MRSAB, MRRANK, MRFILES, release.dat
// ================================================================================================

const DEF_P: [f64; NG] = [
    0.01, 0.09, 0.005, 0.2, 0.12, 0.3, 0.3, 0.02, 0.1, 0.12, 0.12, 0.03, 0.12, 0.08, 0.3, 0.06,
];
const ROLES: &[&str] = &[
    "metabolite",
    "antineoplastic agent",
    "enzyme inhibitor",
    "antibacterial agent",
    "anti-inflammatory agent",
    "vasodilator agent",
    "antioxidant",
    "neurotoxin",
    "herbicide",
    "reagent",
    "prodrug",
    "human xenobiotic metabolite",
    "plant metabolite",
    "radiopharmaceutical",
];
const EFFECTS: &[&str] = &[
    "inhibition of tumor cell proliferation",
    "decreased blood pressure",
    "reduced inflammation",
    "organ dysfunction",
    "loss of function",
    "progressive disability",
    "impaired renal function",
    "reduced bacterial growth",
    "apoptosis in susceptible cells",
    "tissue damage",
];
const FEATURES: &[&str] = &[
    "inflammation",
    "progressive degeneration",
    "abnormal proliferation of cells",
    "obstruction",
    "impaired function",
    "fibrosis",
    "necrosis",
    "abnormal accumulation of lipids",
    "deficient enzyme activity",
    "structural malformation",
    "infiltration by immune cells",
    "loss of tissue",
];

fn def_text(r: &mut Rng, m: &Mat, out: &mut String) {
    let b = m.base.as_str();
    let sym = if m.symbol.is_empty() {
        gene_symbol(r)
    } else {
        m.symbol.clone()
    };
    let first = match m.group {
        G_DISO | G_NEOP | G_INJ => format!(
            "A {} {} characterized by {} of the {}{}.",
            r.pick(&[
                "rare",
                "common",
                "chronic",
                "acute",
                "progressive",
                "inherited",
                "acquired",
                "severe"
            ]),
            if m.group == G_NEOP {
                r.pick(&["malignant neoplasm", "benign neoplasm", "tumor", "neoplasm"])
            } else {
                r.pick(&["disorder", "condition", "disease", "syndrome"])
            },
            r.pick(FEATURES),
            m.anat,
            if r.chance(0.5) {
                format!(", resulting in {}", r.pick(EFFECTS))
            } else {
                String::new()
            }
        ),
        G_CHEM | G_DRUG => format!(
            "A {} that is {} in which {} hydrogens have been replaced by {} groups.",
            r.pick(&[
                "member of the class of benzamides",
                "organic compound",
                "synthetic compound",
                "natural product",
                "carboxylic acid",
                "monocarboxylic acid amide",
                "small molecule"
            ]),
            r.pick(CORES),
            r.pick(&["one of the", "two of the", "the", "three"]),
            r.pick(SUBSTITUENTS)
        ),
        G_PROT | G_GENE => format!(
            "{} ({} aa, ~{} kDa) is encoded by the human {} gene. This protein is involved in {}.",
            b,
            r.range(80, 3500),
            r.range(9, 400),
            sym,
            r.pick(PROCESSES)
        ),
        G_PHYS => match r.below(3) {
            0 => format!(
                "Any process that modulates the frequency, rate or extent of {}.",
                r.pick(PROCESSES)
            ),
            1 => format!(
                "Catalysis of the reaction: {} + H2O = {} + phosphate.",
                r.pick(ENZYME_SUBSTRATES),
                r.pick(ENZYME_SUBSTRATES)
            ),
            _ => format!(
                "Binding to {}, {}.",
                r.pick(MOLECULES),
                r.pick(&[
                    "any of a group of ions",
                    "a nucleic acid",
                    "a protein complex",
                    "a small molecule"
                ])
            ),
        },
        G_ANAT => format!(
            "The {} of the {} that {}.",
            r.pick(ANAT_PARTS),
            m.anat,
            r.pick(&[
                "is continuous with the adjacent tissue",
                "lies between the two layers",
                "contains the main vascular supply",
                "is lined by epithelium",
                "forms the boundary of the cavity"
            ])
        ),
        G_PROC | G_LAB => format!(
            "A {} in which {} is {}{}.",
            r.pick(&[
                "procedure",
                "test",
                "surgical procedure",
                "diagnostic procedure",
                "quantitative measurement"
            ]),
            if m.lab {
                m.comp.to_lowercase()
            } else {
                format!("the {}", m.anat)
            },
            r.pick(&[
                "examined",
                "measured",
                "removed",
                "repaired",
                "visualized",
                "sampled",
                "treated"
            ]),
            if r.chance(0.5) {
                format!(
                    " using {}",
                    r.pick(&[
                        "an endoscope",
                        "imaging guidance",
                        "a needle",
                        "an immunoassay",
                        "mass spectrometry",
                        "a laser"
                    ])
                )
            } else {
                String::new()
            }
        ),
        G_ORG => format!(
            "A species of {} in the genus {}. {} is found in {}.",
            r.pick(&["bacteria", "fungi", "plants", "insects", "viruses"]),
            m.genus,
            b,
            r.pick(&[
                "soil",
                "water",
                "the human gut",
                "marine sediments",
                "hot springs",
                "plants"
            ])
        ),
        _ => format!(
            "{} is a {} that {}.",
            b,
            r.pick(&["concept", "term", "device", "category", "measure", "group"]),
            r.pick(&[
                "is used in clinical documentation",
                "describes a property of a patient",
                "is used to classify findings",
                "is used for research purposes"
            ])
        ),
    };
    out.push_str(&first);
    while out.len() < 4000 && r.chance(if out.len() < 150 { 0.85 } else { 0.5 }) {
        out.push(' ');
        let s = match r.below(10) {
            0 => format!(
                "Signs and symptoms include {}, {}, and {}.",
                r.pick(FIND_HEADS).to_lowercase(),
                r.pick(FIND_HEADS).to_lowercase(),
                r.pick(FIND_HEADS).to_lowercase()
            ),
            1 => format!("It is caused by {}.", short_disorder(r)),
            2 => format!(
                "It is more common in {}.",
                r.pick(POP_GROUPS).to_lowercase()
            ),
            3 => format!(
                "Treatment may include {} and {}.",
                r.pick(THERAPY),
                r.pick(THERAPY)
            ),
            4 => format!(
                "It is associated with mutations in the {} gene.",
                gene_symbol(r)
            ),
            5 => format!(
                "It has a role as a {} and a {}.",
                r.pick(ROLES),
                r.pick(ROLES)
            ),
            6 => format!(
                "Upon administration, {} binds to and inhibits {}, which may result in {}.",
                inn(r),
                gene_symbol(r),
                r.pick(EFFECTS)
            ),
            7 => format!(
                "Expression of this gene is upregulated in {}.",
                short_disorder(r)
            ),
            8 => format!(
                "The {} is located {} to the {}.",
                m.anat,
                r.pick(POSITIONS),
                organ(r).0
            ),
            _ => format!(
                "It is used to assess {} in patients with {}.",
                r.pick(&[
                    "severity",
                    "prognosis",
                    "response to treatment",
                    "risk",
                    "function"
                ]),
                short_disorder(r)
            ),
        };
        out.push_str(&s);
    }
}

fn translate_long(src: &str, lat: u8, out: &mut String) {
    for (i, sent) in src.split(". ").enumerate() {
        if i > 0 {
            out.push_str(if no_spaces(lat) { "。" } else { ". " });
        }
        for (j, chunk) in sent.split(", ").enumerate() {
            if j > 0 {
                out.push_str(if no_spaces(lat) { "、" } else { ", " });
            }
            translate(chunk, lat, out);
        }
    }
}

fn flush_pending(mut p: Pending, out: &mut Out) -> io::Result<()> {
    p.rows.sort_unstable();
    for l in &p.rows {
        out.row(l)?;
    }
    Ok(())
}

fn stype_of(style: Style) -> &'static str {
    match style {
        Style::Snomed
        | Style::Nci
        | Style::Go
        | Style::Loinc
        | Style::Hgnc
        | Style::Omim
        | Style::Ncbi
        | Style::Rxnorm => "SCUI",
        Style::Mesh | Style::Mdr => "SDUI",
        Style::Icd | Style::Pcs | Style::Cpt | Style::Hcpcs => "CODE",
        Style::Mth => "CUI",
        _ => "AUI",
    }
}

fn ro_rela(ga: usize, gb: usize) -> (&'static str, &'static str) {
    // (RELA of the row whose CUI1 is a, RELA of the row whose CUI1 is b); RELA reads "CUI2 RELA CUI1".
    let clin = |g: usize| matches!(g, G_DISO | G_NEOP | G_INJ | G_FIND);
    let chem = |g: usize| matches!(g, G_CHEM | G_DRUG | G_PROT);
    if clin(ga) && gb == G_ANAT {
        ("finding_site_of", "has_finding_site")
    } else if ga == G_ANAT && clin(gb) {
        ("has_finding_site", "finding_site_of")
    } else if ga == G_DRUG && gb == G_CHEM {
        ("ingredient_of", "has_ingredient")
    } else if ga == G_CHEM && gb == G_DRUG {
        ("has_ingredient", "ingredient_of")
    } else if chem(ga) && clin(gb) {
        ("may_be_treated_by", "may_treat")
    } else if clin(ga) && chem(gb) {
        ("may_treat", "may_be_treated_by")
    } else if ga == G_GENE && clin(gb) {
        (
            "disease_has_associated_gene",
            "gene_associated_with_disease",
        )
    } else if clin(ga) && gb == G_GENE {
        (
            "gene_associated_with_disease",
            "disease_has_associated_gene",
        )
    } else if ga == G_PROT && gb == G_GENE {
        ("gene_encodes_gene_product", "gene_product_encoded_by_gene")
    } else if ga == G_GENE && gb == G_PROT {
        ("gene_product_encoded_by_gene", "gene_encodes_gene_product")
    } else if ga == G_PROC && gb == G_ANAT {
        ("procedure_site_of", "has_procedure_site")
    } else if ga == G_ANAT && gb == G_PROC {
        ("has_procedure_site", "procedure_site_of")
    } else if ga == G_ORG && clin(gb) {
        ("has_causative_agent", "causative_agent_of")
    } else if clin(ga) && gb == G_ORG {
        ("causative_agent_of", "has_causative_agent")
    } else if ga == G_LAB {
        ("component_of", "has_component")
    } else if gb == G_LAB {
        ("has_component", "component_of")
    } else if ga == gb {
        ("clinically_associated_with", "clinically_associated_with")
    } else {
        ("associated_with", "associated_with")
    }
}

impl Gen {
    fn write_def(&mut self, cui: u64, group: usize, out: &mut Out) -> io::Result<()> {
        let p = (DEF_P[group] * self.def_factor).min(0.95);
        if !self.rd.chance(p) {
            return Ok(());
        }
        let mut srcs: Vec<usize> = Vec::new();
        for k in 0..self.na {
            let s = self.atoms[k].sab;
            if self.sabs[s].spec.def && !srcs.iter().any(|&j| self.atoms[j].sab == s) {
                srcs.push(k);
            }
        }
        if srcs.is_empty() {
            return Ok(());
        }
        let want = match self.rd.below(100) {
            0..=74 => 1,
            75..=92 => 2,
            _ => 3,
        };
        let mut rows = Vec::new();
        for _ in 0..want.min(srcs.len()) {
            let j = self.rd.below(srcs.len());
            let k = srcs.swap_remove(j);
            let (aui, sab) = (self.atoms[k].aui, self.atoms[k].sab);
            let sp = self.sabs[sab].spec;
            let mut en = String::new();
            def_text(&mut self.rd, &self.mat, &mut en);
            let mut text = String::new();
            if sp.lat == ENG {
                text = en;
            } else {
                translate_long(&en, sp.lat, &mut text);
            }
            sanitize(&mut text);
            let mut l = String::with_capacity(text.len() + 64);
            l.push('C');
            push_pad(&mut l, cui, 7);
            l.push_str("|A");
            push_pad(&mut l, aui, 7);
            l.push_str("|AT");
            push_pad(&mut l, self.def_atui_perm.get(self.def_ctr), 8);
            self.def_ctr += 1;
            l.push('|');
            if self.rd.chance(0.1) {
                push_num(&mut l, self.rd.range(1, 9_999_999) as u64);
            }
            l.push('|');
            l.push_str(sp.rsab);
            l.push('|');
            l.push_str(&text);
            l.push('|');
            l.push(if self.rd.chance(0.01) { 'O' } else { 'N' });
            l.push_str("||\n");
            rows.push(l);
        }
        rows.sort_unstable();
        for l in &rows {
            out.row(l)?;
        }
        Ok(())
    }

    fn rel_cui(
        &mut self,
        _i: u64,
        cui: u64,
        group: usize,
        src_slot: Option<(usize, bool)>,
        out: &mut Out,
    ) -> io::Result<()> {
        let mut sabs: Vec<(usize, u64)> = Vec::new();
        let mut pair = None;
        for k in 0..self.na {
            let a = &self.atoms[k];
            if let Some(e) = sabs.iter().find(|e| e.0 == a.sab) {
                if pair.is_none()
                    && self.sabs[a.sab].spec.lat == ENG
                    && self.sabs[a.sab].spec.style != Style::Mth
                {
                    pair = Some((a.sab, e.1, a.aui));
                }
            } else {
                sabs.push((a.sab, a.aui));
            }
        }
        self.pending.push_back(Pending {
            info: RelInfo {
                cui,
                group,
                sabs,
                pair,
            },
            rows: Vec::new(),
        });
        let me = self.pending.len() - 1;
        match src_slot {
            Some((_, false)) if me >= 1 => {
                let (a1, a2) = (
                    self.pending[me].info.sabs[0].1,
                    self.pending[me - 1].info.sabs[0].1,
                );
                self.add_rows(
                    me,
                    me - 1,
                    self.src,
                    ("RB", "RN"),
                    ("version_of", "has_version"),
                    a1,
                    a2,
                );
            }
            Some(_) => {}
            None => {
                let npairs = self.rr.expo(2.2);
                for _ in 0..npairs.min(20) {
                    self.make_rel(me);
                }
            }
        }
        while self.pending.len() > REL_WINDOW {
            let p = self.pending.pop_front().unwrap();
            flush_pending(p, out)?;
        }
        Ok(())
    }

    fn make_rel(&mut self, me: usize) {
        let kind = match self.rr.below(100) {
            0..=39 => 0,
            40..=54 => 1,
            55..=64 => 2,
            65..=84 => 3,
            85..=92 => 4,
            _ => 5,
        };
        if kind == 5 {
            if let Some((s, a1, a2)) = self.pending[me].info.pair {
                let relas = match self.sabs[s].spec.style {
                    Style::Mesh => ("has_permuted_term", "permuted_term_of"),
                    Style::Snomed => ("has_expanded_form", "expanded_form_of"),
                    _ => ("", ""),
                };
                self.add_rows(me, me, s, ("SY", "SY"), relas, a1, a2);
            }
            return;
        }
        if me == 0 {
            return;
        }
        let g = self.pending[me].info.group;
        let asserting = |sabs: &[Sab], s: usize| {
            let sp = sabs[s].spec;
            sp.lat == ENG && sp.style != Style::Mth && sp.style != Style::Src
        };
        let mine: Vec<(usize, u64)> = self.pending[me]
            .info
            .sabs
            .iter()
            .copied()
            .filter(|e| asserting(&self.sabs, e.0))
            .collect();
        // (target, sab, aui in me, aui in target)
        let mut pick: Option<(usize, usize, u64, u64)> = None;
        if !mine.is_empty() && self.rr.chance(0.95) {
            // a source of this CUI asserts it, towards a recent CUI of the same source (same group
            // for hierarchical relations, another group for RO when possible)
            let start = if self.rr.chance(0.5) {
                0
            } else {
                self.rr.below(mine.len())
            };
            'outer: for t in 0..mine.len().min(4) {
                let (s, a) = mine[(start + t) % mine.len()];
                for _ in 0..24 {
                    let c = me - 1 - self.rr.below(me);
                    if let Some(e) = self.pending[c].info.sabs.iter().find(|e| e.0 == s) {
                        let same = self.pending[c].info.group == g;
                        pick = Some((c, s, a, e.1));
                        if same != (kind == 3) {
                            break 'outer;
                        }
                    }
                }
                if pick.is_some() {
                    break;
                }
            }
        }
        // otherwise a Metathesaurus (MTH, CUI-level) relationship
        let (j, s, a1, a2) = pick.unwrap_or_else(|| (me - 1 - self.rr.below(me), 0, 0, 0)); // SABS[0] is MTH
        let style = self.sabs[s].spec.style;
        let isa = matches!(
            style,
            Style::Snomed | Style::Go | Style::Nci | Style::Generic
        );
        match kind {
            0 => self.add_rows(
                me,
                j,
                s,
                ("PAR", "CHD"),
                if isa {
                    ("inverse_isa", "isa")
                } else {
                    ("", "")
                },
                a1,
                a2,
            ),
            1 => self.add_rows(me, j, s, ("RB", "RN"), ("", ""), a1, a2),
            2 => self.add_rows(
                me,
                j,
                s,
                ("SIB", "SIB"),
                if style == Style::Snomed {
                    ("sib_in_isa", "sib_in_isa")
                } else {
                    ("", "")
                },
                a1,
                a2,
            ),
            3 => {
                let gj = self.pending[j].info.group;
                self.add_rows(me, j, s, ("RO", "RO"), ro_rela(g, gj), a1, a2)
            }
            _ => {
                let rl = match self.rr.below(3) {
                    0 => ("classified_as", "classifies"),
                    1 => ("mapped_to", "mapped_from"),
                    _ => ("", ""),
                };
                self.add_rows(me, j, s, ("RQ", "RQ"), rl, a1, a2)
            }
        }
    }

    /// Adds a relationship and its inverse: row 1 under pending[x], row 2 under pending[y].
    #[allow(clippy::too_many_arguments)]
    fn add_rows(
        &mut self,
        x: usize,
        y: usize,
        s: usize,
        rel: (&str, &str),
        rela: (&str, &str),
        ax: u64,
        ay: u64,
    ) {
        let sp = self.sabs[s].spec;
        let stype = stype_of(sp.style);
        let (cx, cy) = (self.pending[x].info.cui, self.pending[y].info.cui);
        let atom_level = stype != "CUI";
        let asserted_first = rela.0 != "inverse_isa";
        for (row, (c1, c2, a1, a2, rl, ra)) in [
            (cx, cy, ax, ay, rel.0, rela.0),
            (cy, cx, ay, ax, rel.1, rela.1),
        ]
        .into_iter()
        .enumerate()
        {
            let mut l = String::with_capacity(120);
            l.push('C');
            push_pad(&mut l, c1, 7);
            l.push('|');
            if atom_level {
                l.push('A');
                push_pad(&mut l, a1, 7);
            }
            l.push('|');
            l.push_str(stype);
            l.push('|');
            l.push_str(rl);
            l.push_str("|C");
            push_pad(&mut l, c2, 7);
            l.push('|');
            if atom_level {
                l.push('A');
                push_pad(&mut l, a2, 7);
            }
            l.push('|');
            l.push_str(stype);
            l.push('|');
            l.push_str(ra);
            l.push_str("|R");
            push_pad(&mut l, self.rui_perm.get(self.rel_ctr), 8);
            self.rel_ctr += 1;
            l.push('|');
            if sp.style == Style::Snomed {
                sct_id(100_000 + self.rel_ctr, 2, &mut l);
            }
            l.push('|');
            l.push_str(sp.rsab);
            l.push('|');
            l.push_str(sp.rsab);
            l.push('|');
            if sp.style == Style::Snomed && rl == "RO" {
                push_num(&mut l, self.rr.below(4) as u64);
            }
            l.push('|');
            if atom_level {
                l.push(if (row == 0) == asserted_first {
                    'Y'
                } else {
                    'N'
                });
            }
            l.push('|');
            let u = self.rr.below(1000);
            l.push(if u < 10 {
                'O'
            } else if u < 15 {
                'Y'
            } else {
                'N'
            });
            l.push_str("||\n");
            if row == 0 {
                self.pending[x].rows.push(l);
            } else {
                self.pending[y].rows.push(l);
            }
        }
    }

    fn write_mrsab(&mut self, dir: &Path) -> io::Result<(u64, u64)> {
        let mut out = Out::create(&dir.join("MRSAB.RRF"))?;
        for s in &self.sabs {
            let sp = s.spec;
            let mut r = Rng::new(hash_bytes(sp.rsab.as_bytes(), 42));
            let org = format!("{} {}", place(&mut r), r.pick(ORG_TYPES));
            let contact = format!(
                "{} {};{};{} {} Street;{};{};{};{};{}-{}-{};info@{}.example",
                r.pick(&["Dr.", "Ms.", "Mr.", "Prof."]),
                surname(&mut r),
                org,
                r.range(1, 9999),
                place(&mut r),
                place(&mut r),
                place(&mut r),
                r.pick(&[
                    "United States",
                    "United Kingdom",
                    "Germany",
                    "France",
                    "Spain",
                    "Japan",
                    "Netherlands",
                    "Switzerland",
                    "Canada"
                ]),
                r.range(10000, 99999),
                r.range(100, 999),
                r.range(100, 999),
                r.range(1000, 9999),
                pseudo(&mut r, 2)
            );
            let cxty = match sp.style {
                Style::Snomed | Style::Generic if sp.bs > 1.5 => "FULL-NOSIB-MULTIPLE",
                Style::Mesh | Style::Nci | Style::Mdr | Style::Go => "FULL-MULTIPLE",
                Style::Loinc | Style::Icd | Style::Pcs | Style::Ncbi => "FULL-NOSIB",
                _ => "",
            };
            let mut ttyl: Vec<&str> = s.ttys.iter().filter(|t| t.used).map(|t| t.tty).collect();
            ttyl.sort_unstable();
            let atnl = match sp.style {
                Style::Snomed => "ACTIVE,CASE_SIGNIFICANCE_ID,CTV3ID,DEFINITION_STATUS_ID,EFFECTIVE_TIME,MODIFIER_ID,SUBSET_MEMBER",
                Style::Mesh => "AN,CX,DC,DID,EC,FX,HM,HN,II,LT,MDA,MMR,MN,OL,PA,PI,PM,RN,RR,SOS,TERMUI,TH",
                Style::Loinc => "CLASS,CLASSTYPE,COMPONENT,METHOD_TYP,PROPERTY,SCALE_TYP,STATUS,SYSTEM,TIME_ASPCT",
                Style::Rxnorm => "NDC,RXAUI,RXCUI,RXN_ACTIVATED,RXN_AVAILABLE_STRENGTH,RXN_BN_CARDINALITY,RXN_HUMAN_DRUG,RXN_OBSOLETED,RXN_STRENGTH,RXTERM_FORM",
                Style::Nci => "Contributing_Source,Display_Name,FDA_UNII_Code,Legacy_Concept_Name,Semantic_Type,Subsource",
                Style::Mdr => "MDR_SMQ_ALGO,MDR_SMQ_LEVEL,MDR_SMQ_SOURCE,MDR_SMQ_STATUS,PRIMARY_SOC",
                _ => "",
            };
            let ssn = sp.son.split(',').next().unwrap_or(sp.son);
            let year = 1990 + (hash_bytes(sp.ver.as_bytes(), 1) % 34);
            let mut l = String::with_capacity(700);
            for f in [
                s.vcui.as_str(),
                s.rcui.as_str(),
                s.vsab.as_str(),
                sp.rsab,
                &format!("{}, {}", sp.son, sp.ver),
                sp.rsab,
                sp.ver,
                "",
                "",
                "2024AA",
                "",
                &contact,
                &contact,
                &sp.srl.to_string(),
                &s.atoms.to_string(),
                &s.cuis.to_string(),
                cxty,
                &ttyl.join(","),
                atnl,
                LANGS[sp.lat as usize],
                "UTF-8",
                "Y",
                "Y",
                ssn,
                &format!(
                    "{};{};Version {};{}: {};{}.",
                    org,
                    sp.son,
                    sp.ver,
                    place(&mut r),
                    org,
                    year
                ),
            ] {
                l.push_str(&f.replace('|', "/"));
                l.push('|');
            }
            l.push('\n');
            out.row(&l)?;
        }
        out.finish()
    }

    fn write_mrrank(&mut self, dir: &Path) -> io::Result<(u64, u64)> {
        let mut rows: Vec<(u32, String)> = Vec::new();
        for s in &self.sabs {
            for t in &s.ttys {
                rows.push((
                    t.rank,
                    format!(
                        "{}|{}|{}|",
                        s.spec.rsab,
                        t.tty,
                        if t.obs || t.supy { 'Y' } else { 'N' }
                    ),
                ));
            }
        }
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        let mut out = Out::create(&dir.join("MRRANK.RRF"))?;
        for (rank, rest) in rows {
            let mut l = String::new();
            push_pad(&mut l, rank as u64, 4);
            l.push('|');
            l.push_str(&rest);
            l.push('\n');
            out.row(&l)?;
        }
        out.finish()
    }

    fn write_release_dat(&self, dir: &Path) -> io::Result<(u64, u64)> {
        let mut out = Out::create(&dir.join("release.dat"))?;
        let text = format!(
            "# Release Metadata \n#Synthetic release (kbner benches/support/synth_umls.rs); no UMLS content\numls.lvg.version=2024\numls.release.date=20240506\numls.release.name=2024AA\nmmsys.build.date=2024_05_06_00_00_00\nmmsys.version=MMSYS-2024AA-SYNTHETIC\numls.release.description=Synthetic UMLS-layout release: seed {}, {} CUIs, {} MRCONSO rows\n",
            self.cfg.seed, self.cfg.cuis, self.cfg.atoms
        );
        for l in text.split_inclusive('\n') {
            out.row(l)?;
        }
        out.finish()
    }
}

/// MRFILES lists every RRF file written, including itself (its own size found by fixed point).
fn write_mrfiles(
    dir: &Path,
    files: &[(String, String, String, u64, u64)],
) -> io::Result<(u64, u64)> {
    let mut rows: Vec<(String, String)> = files
        .iter()
        .map(|(f, d, fmt, r, b)| {
            (
                f.clone(),
                format!(
                    "{}|{}|{}|{}|{}|{}|\n",
                    f,
                    d,
                    fmt,
                    fmt.split(',').count(),
                    r,
                    b
                ),
            )
        })
        .collect();
    let others: u64 = rows.iter().map(|r| r.1.len() as u64).sum();
    let nrows = rows.len() as u64 + 1;
    let mut bytes = others;
    let own = loop {
        let line = format!(
            "MRFILES.RRF|Relation Relation|FIL,DES,FMT,CLS,RWS,BTS|6|{}|{}|\n",
            nrows, bytes
        );
        let total = others + line.len() as u64;
        if total == bytes {
            break line;
        }
        bytes = total;
    };
    rows.push(("MRFILES.RRF".into(), own));
    rows.sort();
    let mut out = Out::create(&dir.join("MRFILES.RRF"))?;
    for (_, l) in &rows {
        out.row(l)?;
    }
    out.finish()
}
