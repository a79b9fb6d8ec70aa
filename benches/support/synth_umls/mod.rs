//! Synthetic, full-size UMLS Metathesaurus release generator (benchmark support; std only).
//!
//! [`generate`] writes a META directory with the real RRF layouts (`|`-separated, every row ends
//! with `|` then `\n`, no header): MRCONSO, MRSTY, MRSAB, MRRANK, MRFILES, release.dat and, when
//! asked, MRDEF and MRREL. [`SynthConfig::full`] matches the size of a real full release
//! (21,385,114 MRCONSO rows, ≈2.7 GB, over 4.0M CUIs). Nothing here is copied from the UMLS: names
//! are built from small biomedical word lists and pseudo-words, and the distributions (atoms per
//! CUI, SAB/TTY/LAT mix, name lengths, MRSTY triples, SUPPRESS/CVF flags, code formats) were
//! chosen to resemble a real release (see the constants of `sources.rs`, `SABS` in particular).
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
//!
//! Layout: `sources.rs` (languages, semantic types and groups, the sources), `vocab.rs` (word
//! lists), `translate.rs` (pseudo-translation), `material.rs` (the English names and facts of a
//! concept), `codes.rs` (source codes and per-source strings), `generator.rs` (the CUI loop,
//! MRCONSO, MRSTY), `other_files.rs` (MRDEF, MRREL, MRSAB, MRRANK, MRFILES, release.dat),
//! `util.rs` (random numbers, hashing, identifiers, output) and `tables.rs` (how the long tables
//! in `data/` are read; they are embedded at build time, so generating needs no files).

#![allow(clippy::needless_range_loop)]

use std::io;
use std::path::Path;

// One generator split by stage, not separate components: every part sees the others' items
// through `use super::*`.
mod codes;
mod generator;
mod material;
mod other_files;
mod sources;
mod tables;
mod translate;
mod util;
mod vocab;

use codes::*;
use generator::*;
use material::*;
use other_files::*;
use sources::*;
use tables::*;
use translate::*;
use util::*;
use vocab::*;

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
