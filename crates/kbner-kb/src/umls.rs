//! Reading a UMLS Metathesaurus release (`META/` directory of RRF files).
//!
//! Order matters: MRSTY is read first into a compact in-memory map (it is small: ~7M rows), so the
//! semantic-type filters can be applied while MRCONSO streams; MRCONSO decides which concepts are
//! kept; MRDEF and MRREL are then filtered to kept concepts.

use crate::error::{KbError, Result};
use crate::lines::{for_each_block, Block};
use crate::model::{Definition, Relation, RelationKind, Suppress};
use crate::rrf_layout::{read_mrfiles, FileSpec, Layout};
use crate::semtypes::{self, SemanticType};
use crate::sort_records::{seq, valid_id, AtomRef, Batch, BatchSink, ConceptItem};
use kbner_job::Progress;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// The UMLS filters, as the user gave them. All are recorded in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UmlsFilters {
    /// Languages (LAT) to keep; `ALL` keeps every language. Default: `ENG`.
    pub languages: Vec<String>,
    /// SUPPRESS values to keep. Default: `N` only (drops obsolete and suppressible atoms).
    pub suppress: Vec<Suppress>,
    /// Keep only these sources (SAB); empty = all.
    pub sab_include: Vec<String>,
    /// Drop these sources (SAB).
    pub sab_exclude: Vec<String>,
    /// Keep only concepts with one of these semantic types (TUI or type name); empty = all.
    pub semantic_types: Vec<String>,
    /// Keep only concepts in one of these semantic groups (abbreviation or name); empty = all.
    pub semantic_groups: Vec<String>,
}

impl Default for UmlsFilters {
    fn default() -> Self {
        UmlsFilters {
            languages: vec!["ENG".into()],
            suppress: vec![Suppress::N],
            sab_include: vec![],
            sab_exclude: vec![],
            semantic_types: vec![],
            semantic_groups: vec![],
        }
    }
}

/// One source (vocabulary) of a UMLS release, from MRSAB.RRF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSource {
    /// Root source abbreviation (what MRCONSO's SAB holds).
    pub rsab: String,
    /// Versioned source abbreviation.
    pub vsab: String,
    /// Official name.
    pub name: String,
    /// Source version.
    pub version: String,
    /// Language.
    pub lang: String,
}

/// One file of a UMLS release as ingest read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseFile {
    /// File name.
    pub name: String,
    /// Bytes on disk.
    pub bytes: u64,
    /// Rows read.
    pub rows: u64,
    /// Rows MRFILES.RRF declared, when it did.
    pub declared_rows: Option<u64>,
}

/// What a store records about the UMLS release it was built from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UmlsRelease {
    /// Release name, e.g. `2025AA` (release.dat `umls.release.name`, else MRSAB's MTH version).
    pub version: String,
    /// release.dat contents.
    pub release_dat: BTreeMap<String, String>,
    /// Sources from MRSAB.
    pub sources: Vec<ReleaseSource>,
    /// Files read.
    pub files: Vec<ReleaseFile>,
}

/// Compact CUI → semantic types map built from MRSTY.
#[derive(Default)]
pub struct TypeMap {
    /// Distinct types seen, indexed by the u8 codes below.
    pub table: Vec<SemanticType>,
    index: HashMap<String, u8>,
    /// (CUI number, type code) for standard CUIs (`C` + 7 digits), sorted.
    standard: Vec<(u32, u8)>,
    /// Other CUIs.
    other: HashMap<String, Vec<u8>>,
}

/// `C0012345` → 12345; `None` for other shapes.
pub fn cui_number(cui: &str) -> Option<u32> {
    let b = cui.as_bytes();
    if b.len() == 8 && b[0] == b'C' && b[1..].iter().all(u8::is_ascii_digit) {
        cui[1..].parse().ok()
    } else {
        None
    }
}

impl TypeMap {
    fn code(&mut self, tui: &str, stn: &str, sty: &str) -> Result<u8> {
        if let Some(&c) = self.index.get(tui) {
            return Ok(c);
        }
        if self.table.len() >= 255 {
            return Err(KbError::Invalid(
                "MRSTY.RRF holds more than 255 distinct semantic types".into(),
            ));
        }
        let code = self.table.len() as u8;
        self.table.push(SemanticType {
            tui: tui.to_string(),
            name: sty.to_string(),
            tree: stn.to_string(),
            group: semtypes::group_of_tui(tui).unwrap_or("").to_string(),
        });
        self.index.insert(tui.to_string(), code);
        Ok(code)
    }

    /// Type codes of a CUI (empty when MRSTY has none).
    pub fn codes_of(&self, cui: &str) -> Vec<u8> {
        match cui_number(cui) {
            Some(n) => {
                let start = self.standard.partition_point(|&(c, _)| c < n);
                self.standard[start..]
                    .iter()
                    .take_while(|&&(c, _)| c == n)
                    .map(|&(_, t)| t)
                    .collect()
            }
            None => self.other.get(cui).cloned().unwrap_or_default(),
        }
    }

    /// Semantic types of a CUI, sorted by TUI.
    pub fn types_of(&self, cui: &str) -> Vec<SemanticType> {
        let mut v: Vec<SemanticType> = self
            .codes_of(cui)
            .into_iter()
            .map(|c| self.table[c as usize].clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Set of kept CUIs: a bitmap for standard CUIs, a hash set for the rest.
#[derive(Default)]
pub struct KeptSet {
    bits: Vec<u64>,
    other: HashSet<String>,
    count: u64,
}

impl KeptSet {
    fn insert(&mut self, cui: &str) {
        match cui_number(cui) {
            Some(n) => {
                let (w, b) = ((n / 64) as usize, n % 64);
                if self.bits.len() <= w {
                    self.bits.resize(w + 1, 0);
                }
                if self.bits[w] & (1 << b) == 0 {
                    self.bits[w] |= 1 << b;
                    self.count += 1;
                }
            }
            None => {
                if self.other.insert(cui.to_string()) {
                    self.count += 1;
                }
            }
        }
    }

    /// Whether `cui` was kept.
    pub fn contains(&self, cui: &str) -> bool {
        match cui_number(cui) {
            Some(n) => self
                .bits
                .get((n / 64) as usize)
                .is_some_and(|w| w & (1 << (n % 64)) != 0),
            None => self.other.contains(cui),
        }
    }
}

/// Counters of one UMLS ingest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UmlsCounts {
    /// MRCONSO rows read.
    pub conso_rows: u64,
    /// Atoms kept.
    pub atoms_kept: u64,
    /// Rows dropped, by filter (`language`, `suppress`, `source`, `semantic type`).
    pub dropped: BTreeMap<String, u64>,
    /// Definitions kept.
    pub definitions: u64,
    /// Hierarchical relation rows kept.
    pub relations: u64,
    /// Bad rows skipped under `--lenient`.
    pub bad_rows: u64,
}

/// The outcome of reading a release.
pub struct UmlsOutput {
    /// Release metadata.
    pub release: UmlsRelease,
    /// MRSTY types, used when concepts are assembled.
    pub types: TypeMap,
    /// MRRANK: (SAB, TTY) → rank.
    pub ranks: HashMap<(String, String), u32>,
    /// Counters.
    pub counts: UmlsCounts,
    /// First bad rows (with `--lenient`).
    pub bad_examples: Vec<String>,
    /// Warnings (row counts that differ from MRFILES, missing optional files).
    pub warnings: Vec<String>,
}

/// Everything a UMLS read needs besides the sink.
pub struct UmlsJob<'a> {
    /// The `META` directory.
    pub dir: &'a Path,
    /// Filters.
    pub filters: &'a UmlsFilters,
    /// Skip bad rows instead of failing.
    pub lenient: bool,
    /// Ordinal base for sequence numbers (MRCONSO, MRDEF, MRREL use base, base+1, base+2).
    pub ordinal: u32,
    /// Progress output.
    pub progress: &'a Progress,
    /// Ctrl-C flag.
    pub cancel: &'a AtomicBool,
    /// Accept an empty required file, a file far shorter than MRFILES.RRF declares, or filters
    /// that keep no atom (each then only a warning).
    pub allow_partial: bool,
}

/// Filters resolved against the release.
struct Resolved {
    /// Languages kept; `None` = all (`--lang ALL`).
    langs: Option<HashSet<String>>,
    suppress: HashSet<Suppress>,
    sab_include: HashSet<String>,
    sab_exclude: HashSet<String>,
    /// Type codes (TypeMap) allowed; `None` = no type filter.
    type_codes: Option<HashSet<u8>>,
}

impl Resolved {
    fn sab_ok(&self, sab: &str) -> bool {
        (self.sab_include.is_empty() || self.sab_include.contains(sab))
            && !self.sab_exclude.contains(sab)
    }

    /// Whether a MRDEF or MRREL row passes the suppress and source filters.
    fn keeps(&self, suppress: Suppress, sab: &str) -> bool {
        self.suppress.contains(&suppress) && self.sab_ok(sab)
    }
}

const MAX_BAD_EXAMPLES: usize = 20;

/// Reads the release in `job.dir` into `push` (called with each batch, in file order).
pub fn read_release(job: &UmlsJob, push: BatchSink<'_>) -> Result<UmlsOutput> {
    let dir = job.dir;
    if !dir.is_dir() {
        return Err(KbError::MissingFile {
            path: dir.to_path_buf(),
            hint: "; --umls must name a release's META directory".into(),
        });
    }
    for required in ["MRCONSO.RRF", "MRSTY.RRF"] {
        if !dir.join(required).is_file() {
            return Err(KbError::MissingFile {
                path: dir.join(required),
                hint: "; a UMLS META directory needs MRCONSO.RRF and MRSTY.RRF".into(),
            });
        }
    }
    let mut reader = ReleaseReader {
        job,
        mrfiles: read_mrfiles(dir)?,
        files: Vec::new(),
        counts: UmlsCounts::default(),
        bad_examples: Vec::new(),
        warnings: Vec::new(),
    };
    if reader.mrfiles.is_none() {
        reader
            .warnings
            .push("no MRFILES.RRF: using the standard column layouts".to_string());
    }
    let release_dat = reader.read_release_dat()?;
    let sources = reader.read_mrsab()?;
    let ranks = reader.read_mrrank()?;
    let version = release_dat
        .get("umls.release.name")
        .cloned()
        .or_else(|| {
            sources
                .iter()
                .find(|s| s.rsab == "MTH")
                .map(|s| s.version.clone())
        })
        .unwrap_or_else(|| "unknown".into());

    // Validate source names against MRSAB, where present, so a typo is not a silent empty store.
    if !sources.is_empty() {
        let known: HashSet<&str> = sources.iter().map(|s| s.rsab.as_str()).collect();
        for sab in job
            .filters
            .sab_include
            .iter()
            .chain(&job.filters.sab_exclude)
        {
            if !known.contains(sab.as_str()) {
                return Err(KbError::Invalid(format!(
                    "--sab {sab}: not a source of this release (MRSAB.RRF lists {} sources, e.g. {})",
                    known.len(),
                    sources.iter().take(5).map(|s| s.rsab.as_str()).collect::<Vec<_>>().join(", ")
                )));
            }
        }
    }

    let types = reader.read_mrsty()?;
    let filters = resolve_filters(job.filters, &types)?;
    let kept_cuis = reader.read_mrconso(&types, &filters, push)?;
    if reader.counts.atoms_kept == 0 && reader.counts.conso_rows > 0 {
        let dropped: Vec<String> = reader
            .counts
            .dropped
            .iter()
            .map(|(why, n)| format!("{why} {n}"))
            .collect();
        reader.incomplete(format!(
            "none of the {} rows of MRCONSO.RRF passed the filters (dropped by {})",
            reader.counts.conso_rows,
            dropped.join(", ")
        ))?;
    }
    let kept = KeptRows {
        cuis: &kept_cuis,
        filters: &filters,
    };
    if let Some(mrdef) =
        reader.optional_layout("MRDEF.RRF", Some("concepts have no definitions"))?
    {
        reader.counts.definitions += reader.read_mrdef(&mrdef, &kept, push)?;
    }
    if let Some(mrrel) =
        reader.optional_layout("MRREL.RRF", Some("concepts have no parents or children"))?
    {
        reader.counts.relations += reader.read_mrrel(&mrrel, &kept, push)?;
    }

    let ReleaseReader {
        files,
        counts,
        bad_examples,
        warnings,
        ..
    } = reader;
    Ok(UmlsOutput {
        release: UmlsRelease {
            version,
            release_dat,
            sources,
            files,
        },
        types,
        ranks,
        counts,
        bad_examples,
        warnings,
    })
}

/// One line of `release.dat`: `Some((key, value))`, `None` for a comment, or an error naming the
/// line. Keys are `[A-Za-z0-9._-]+` (`umls.release.name`); values hold no control characters.
fn release_dat_entry<'a>(
    path: &Path,
    line_no: u64,
    line: &'a [u8],
) -> Result<Option<(&'a str, &'a str)>> {
    let text = crate::lines::utf8_line(path, line_no, line)?.trim();
    if text.is_empty() || text.starts_with('#') {
        return Ok(None);
    }
    let bad = |what: &str| {
        let shown: String = text.chars().take(60).collect();
        KbError::parse(
            path,
            line_no,
            None,
            format!("{what}, found {shown:?} (release.dat holds key=value lines such as umls.release.name=2025AA)"),
        )
    };
    let Some((key, value)) = text.split_once('=') else {
        return Err(bad("expected key=value"));
    };
    let key = key.trim();
    let key_ok = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !key_ok {
        return Err(bad("the key must be letters, digits, '.', '_' or '-'"));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(bad("the value holds control characters"));
    }
    Ok(Some((key, value.trim())))
}

fn resolve_filters(f: &UmlsFilters, types: &TypeMap) -> Result<Resolved> {
    let mut langs = HashSet::new();
    let all_languages = f.languages.iter().any(|l| l == "ALL");
    for l in f.languages.iter().filter(|l| *l != "ALL") {
        if l.is_empty() || !l.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(KbError::Invalid(format!(
                "--lang {l:?}: languages are UMLS LAT codes such as ENG, SPA, FRE"
            )));
        }
        langs.insert(l.clone());
    }
    let type_codes = if f.semantic_types.is_empty() && f.semantic_groups.is_empty() {
        None
    } else {
        let mut tuis: BTreeSet<String> = BTreeSet::new();
        for t in &f.semantic_types {
            let by_release = types
                .table
                .iter()
                .find(|s| s.tui == *t || s.name.eq_ignore_ascii_case(t));
            let tui = match by_release {
                Some(s) => s.tui.clone(),
                None => {
                    let r = semtypes::resolve_type(t);
                    if r.tui.is_empty() {
                        return Err(KbError::Invalid(format!(
                            "--sty {t:?}: not a semantic type (give a TUI such as T047 or a name such as \"Disease or Syndrome\")"
                        )));
                    }
                    r.tui
                }
            };
            tuis.insert(tui);
        }
        for g in &f.semantic_groups {
            let members = semtypes::tuis_of_group(g).ok_or_else(|| {
                KbError::Invalid(format!(
                    "--semgroup {g:?}: not a semantic group (one of {})",
                    semtypes::semantic_groups()
                        .iter()
                        .map(|g| g.abbrev)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            tuis.extend(members.into_iter().map(str::to_string));
        }
        Some(
            types
                .table
                .iter()
                .enumerate()
                .filter(|(_, s)| tuis.contains(&s.tui))
                .map(|(i, _)| i as u8)
                .collect(),
        )
    };
    Ok(Resolved {
        langs: (!all_languages).then_some(langs),
        suppress: f.suppress.iter().copied().collect(),
        sab_include: f.sab_include.iter().cloned().collect(),
        sab_exclude: f.sab_exclude.iter().cloned().collect(),
        type_codes,
    })
}

/// Records a row error: under `lenient` it is counted and kept as an example, else it fails.
fn on_bad_row(lenient: bool, err: KbError, bad: &mut Vec<String>) -> Result<()> {
    if lenient {
        bad.push(err.to_string());
        Ok(())
    } else {
        Err(err)
    }
}

fn file_info(path: &Path, rows: u64) -> ReleaseFile {
    ReleaseFile {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        rows,
        declared_rows: None,
    }
}

fn parse_suppress(layout: &Layout, line: u64, idx: usize, s: &str) -> Result<Suppress> {
    Suppress::parse(s).ok_or_else(|| {
        layout.field_error(
            line,
            idx,
            format!("unknown SUPPRESS value {s:?} (expected O, E, Y or N)"),
        )
    })
}

/// One read of a release: the job, the release's column layouts, and what the file readers report
/// (files read, counts, bad rows, warnings).
struct ReleaseReader<'a> {
    job: &'a UmlsJob<'a>,
    /// MRFILES.RRF, when the release has one.
    mrfiles: Option<BTreeMap<String, FileSpec>>,
    files: Vec<ReleaseFile>,
    counts: UmlsCounts,
    bad_examples: Vec<String>,
    warnings: Vec<String>,
}

/// What parsing one block of a streamed file gave.
struct ParsedBlock<O> {
    /// The reader's output for the block.
    out: O,
    rows: u64,
    /// Bad rows skipped under `--lenient`.
    bad: Vec<String>,
}

/// What decides which MRDEF and MRREL rows are kept: the concepts MRCONSO kept, and the filters.
struct KeptRows<'a> {
    cuis: &'a KeptSet,
    filters: &'a Resolved,
}

/// Items parsed from one block of MRDEF or MRREL rows, and how many rows they keep.
#[derive(Default)]
struct ItemBlock {
    batch: Batch,
    kept: u64,
}

/// The files a release cannot do without.
const REQUIRED_FILES: [&str; 2] = ["MRCONSO.RRF", "MRSTY.RRF"];

impl ReleaseReader<'_> {
    /// Records a file read in full and checks its row count: against MRFILES.RRF's declaration
    /// (a mismatch is a warning; fewer than 90% of the declared rows means a truncated file or
    /// another release's MRFILES.RRF, refused) and, for a required file, against zero.
    fn file_read(&mut self, path: &Path, rows: u64) -> Result<()> {
        let mut info = file_info(path, rows);
        info.declared_rows = self
            .mrfiles
            .as_ref()
            .and_then(|m| m.get(&info.name))
            .and_then(|s| s.rows);
        let (name, bytes) = (info.name.clone(), info.bytes);
        let declared = info.declared_rows;
        self.files.push(info);
        if rows == 0 && REQUIRED_FILES.contains(&name.as_str()) {
            return self.incomplete(format!("{name} has no rows ({bytes} bytes)"));
        }
        match declared {
            Some(d) if u128::from(rows) * 10 < u128::from(d) * 9 => self.incomplete(format!(
                "{name} has {rows} rows but MRFILES.RRF declares {d} (a truncated file, or an MRFILES.RRF of another release)"
            )),
            Some(d) if d != rows => {
                self.warnings.push(format!(
                    "{name}: MRFILES.RRF declares {d} rows, the file has {rows}"
                ));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A release that would give a partial store: refused, or a warning under `allow_partial`.
    fn incomplete(&mut self, problem: String) -> Result<()> {
        if self.job.allow_partial {
            self.warnings.push(format!("{problem} (--allow-partial)"));
            return Ok(());
        }
        Err(KbError::Incomplete(format!(
            "{}: {problem}; nothing was written (a previous store is unchanged); pass --allow-partial to ingest it anyway",
            self.job.dir.display()
        )))
    }

    /// Reads `release.dat` (`key=value` lines, `#` comments) when it exists. A line that is not
    /// UTF-8 or not `key=value` fails the read like a bad row of any other file (skipped and
    /// counted under `--lenient`).
    fn read_release_dat(&mut self) -> Result<BTreeMap<String, String>> {
        let path = self.job.dir.join("release.dat");
        let mut map = BTreeMap::new();
        if !path.exists() {
            return Ok(map);
        }
        let file = Block {
            data: std::fs::read(&path).map_err(|e| KbError::io(&path, e))?,
            first_line: 1,
        };
        for (line_no, line) in file.lines() {
            match release_dat_entry(&path, line_no, line) {
                Ok(Some((k, v))) => {
                    map.insert(k.to_string(), v.to_string());
                }
                Ok(None) => {}
                Err(e) => {
                    let mut bad = Vec::new();
                    on_bad_row(self.job.lenient, e, &mut bad)?;
                    self.counts.bad_rows += bad.len() as u64;
                    let room = MAX_BAD_EXAMPLES.saturating_sub(self.bad_examples.len());
                    self.bad_examples.extend(bad.into_iter().take(room));
                }
            }
        }
        Ok(map)
    }

    fn layout(&self, name: &str) -> Result<Layout> {
        Layout::for_file(self.job.dir, name, self.mrfiles.as_ref())
    }

    /// The layout of an optional file, or `None` with a warning (`no NAME[: without_it]`) when
    /// the release lacks it.
    fn optional_layout(&mut self, name: &str, without_it: Option<&str>) -> Result<Option<Layout>> {
        let layout = self.layout(name)?;
        if layout.path.is_file() {
            return Ok(Some(layout));
        }
        self.warnings.push(match without_it {
            Some(consequence) => format!("no {name}: {consequence}"),
            None => format!("no {name}"),
        });
        Ok(None)
    }

    /// Streams the rows of a large file in parallel blocks: each row is split against `layout`
    /// and given to `parse_row`, which adds what it keeps to its block's output; `consume` then
    /// takes the block outputs in file order. A row that fails to split or parse fails the read,
    /// or under `--lenient` is skipped and reported. Returns the number of rows.
    fn stream_rows<O: Default + Send>(
        &mut self,
        layout: &Layout,
        parse_row: impl Fn(&mut O, u64, &[&str]) -> Result<()> + Sync,
        mut consume: impl FnMut(O, &mut UmlsCounts) -> Result<()>,
    ) -> Result<u64> {
        let lenient = self.job.lenient;
        let mut rows = 0u64;
        for_each_block(
            &layout.path,
            self.job.progress,
            self.job.cancel,
            |block: &Block| {
                let mut parsed = ParsedBlock {
                    out: O::default(),
                    rows: 0,
                    bad: Vec::new(),
                };
                let mut fields = Vec::with_capacity(layout.columns.len() + 1);
                for (line, text) in block.lines() {
                    parsed.rows += 1;
                    let row = layout
                        .split(text, line, &mut fields)
                        .and_then(|()| parse_row(&mut parsed.out, line, &fields));
                    if let Err(e) = row {
                        on_bad_row(lenient, e, &mut parsed.bad)?;
                    }
                }
                Ok(parsed)
            },
            |parsed| {
                rows += parsed.rows;
                self.counts.bad_rows += parsed.bad.len() as u64;
                let room = MAX_BAD_EXAMPLES.saturating_sub(self.bad_examples.len());
                self.bad_examples.extend(parsed.bad.into_iter().take(room));
                consume(parsed.out, &mut self.counts)
            },
        )?;
        self.file_read(&layout.path, rows)?;
        Ok(rows)
    }

    /// Streams a file whose kept rows each say one thing about the concept in column `id_column`:
    /// `item_of_row` gives the item, or `None` for a row that is dropped. Returns the rows kept.
    fn stream_items(
        &mut self,
        layout: &Layout,
        id_column: usize,
        ordinal: u32,
        item_of_row: impl Fn(u64, &[&str]) -> Result<Option<ConceptItem>> + Sync,
        push: BatchSink<'_>,
    ) -> Result<u64> {
        let mut kept = 0;
        self.stream_rows(
            layout,
            |out: &mut ItemBlock, line, f| {
                if let Some(item) = item_of_row(line, f)? {
                    out.kept += 1;
                    out.batch.item(f[id_column], seq(ordinal, line), &item);
                }
                Ok(())
            },
            |out, _| {
                kept += out.kept;
                push(&out.batch)
            },
        )?;
        Ok(kept)
    }

    /// Reads a small optional file whole, row by row.
    fn read_small(
        &mut self,
        name: &str,
        mut row: impl FnMut(&Layout, u64, &[&str]) -> Result<()>,
    ) -> Result<()> {
        let Some(layout) = self.optional_layout(name, None)? else {
            return Ok(());
        };
        let rows = layout.read_rows(|line, fields| row(&layout, line, fields))?;
        self.file_read(&layout.path, rows)?;
        Ok(())
    }

    fn read_mrsab(&mut self) -> Result<Vec<ReleaseSource>> {
        let mut out = Vec::new();
        let mut idx = None;
        self.read_small("MRSAB.RRF", |layout, _, f| {
            let (vsab, rsab, son, sver, lat) = match idx {
                Some(i) => i,
                None => {
                    let i = (
                        layout.index("VSAB")?,
                        layout.index("RSAB")?,
                        layout.index("SON")?,
                        layout.index("SVER")?,
                        layout.index("LAT")?,
                    );
                    idx = Some(i);
                    i
                }
            };
            out.push(ReleaseSource {
                rsab: f[rsab].to_string(),
                vsab: f[vsab].to_string(),
                name: f[son].to_string(),
                version: f[sver].to_string(),
                lang: f[lat].to_string(),
            });
            Ok(())
        })?;
        out.sort_by(|a, b| a.rsab.cmp(&b.rsab).then(a.vsab.cmp(&b.vsab)));
        Ok(out)
    }

    fn read_mrrank(&mut self) -> Result<HashMap<(String, String), u32>> {
        let mut ranks = HashMap::new();
        self.read_small("MRRANK.RRF", |layout, line, f| {
            let (ri, si, ti) = (
                layout.index("RANK")?,
                layout.index("SAB")?,
                layout.index("TTY")?,
            );
            let rank: u32 = f[ri]
                .trim()
                .parse()
                .map_err(|_| layout.field_error(line, ri, format!("not a number: {:?}", f[ri])))?;
            let e = ranks
                .entry((f[si].to_string(), f[ti].to_string()))
                .or_insert(rank);
            *e = (*e).max(rank);
            Ok(())
        })?;
        Ok(ranks)
    }

    fn read_mrsty(&mut self) -> Result<TypeMap> {
        let layout = self.layout("MRSTY.RRF")?;
        let (ci, ti, si, yi) = (
            layout.index("CUI")?,
            layout.index("TUI")?,
            layout.index("STN")?,
            layout.index("STY")?,
        );
        let mut map = TypeMap::default();
        self.stream_rows(
            &layout,
            |out: &mut Vec<StyRow>, line, f| {
                if f[ci].is_empty() {
                    return Err(layout.field_error(line, ci, "empty CUI"));
                }
                if f[ti].is_empty() {
                    return Err(layout.field_error(line, ti, "empty TUI"));
                }
                out.push(StyRow {
                    cui: f[ci].to_string(),
                    tui: f[ti].to_string(),
                    stn: f[si].to_string(),
                    sty: f[yi].to_string(),
                });
                Ok(())
            },
            |out, _| {
                for r in out {
                    let code = map.code(&r.tui, &r.stn, &r.sty)?;
                    match cui_number(&r.cui) {
                        Some(num) => map.standard.push((num, code)),
                        None => map.other.entry(r.cui).or_default().push(code),
                    }
                }
                Ok(())
            },
        )?;
        map.standard.sort_unstable();
        map.standard.dedup();
        Ok(map)
    }

    fn read_mrconso(
        &mut self,
        types: &TypeMap,
        filters: &Resolved,
        push: BatchSink<'_>,
    ) -> Result<KeptSet> {
        let layout = self.layout("MRCONSO.RRF")?;
        let col = |n: &str| layout.index(n);
        let (cui_i, lat_i, ts_i, stt_i, ispref_i, aui_i, sab_i, tty_i, code_i, str_i, sup_i) = (
            col("CUI")?,
            col("LAT")?,
            col("TS")?,
            col("STT")?,
            col("ISPREF")?,
            col("AUI")?,
            col("SAB")?,
            col("TTY")?,
            col("CODE")?,
            col("STR")?,
            col("SUPPRESS")?,
        );
        let ordinal = self.job.ordinal;
        let mut kept = KeptSet::default();
        let rows = self.stream_rows(
            &layout,
            |out: &mut ConsoBlock, line, f| {
                let cui = f[cui_i];
                if !valid_id(cui) {
                    return Err(layout.field_error(line, cui_i, format!("invalid CUI {cui:?}")));
                }
                let suppress = parse_suppress(&layout, line, sup_i, f[sup_i])?;
                if f[str_i].is_empty() {
                    return Err(layout.field_error(line, str_i, "empty STR"));
                }
                let drop = if filters
                    .langs
                    .as_ref()
                    .is_some_and(|l| !l.contains(f[lat_i]))
                {
                    Some(0)
                } else if !filters.suppress.contains(&suppress) {
                    Some(1)
                } else if !filters.sab_ok(f[sab_i]) {
                    Some(2)
                } else if let Some(allowed) = &filters.type_codes {
                    let has = types.codes_of(cui).iter().any(|c| allowed.contains(c));
                    (!has).then_some(3)
                } else {
                    None
                };
                if let Some(d) = drop {
                    out.dropped[d] += 1;
                    return Ok(());
                }
                out.kept_atoms += 1;
                if out.kept.last().map(String::as_str) != Some(cui) {
                    out.kept.push(cui.to_string());
                }
                out.batch.atom_ref(
                    cui,
                    seq(ordinal, line),
                    AtomRef {
                        name: f[str_i],
                        sab: f[sab_i],
                        tty: f[tty_i],
                        code: f[code_i],
                        lang: f[lat_i],
                        suppress,
                        ispref: f[ispref_i] == "Y",
                        ts: f[ts_i],
                        stt: f[stt_i],
                        aui: f[aui_i],
                        scope: None,
                    },
                );
                Ok(())
            },
            |out, counts| {
                for (i, d) in out.dropped.iter().enumerate() {
                    if *d > 0 {
                        *counts
                            .dropped
                            .entry(DROP_REASONS[i].to_string())
                            .or_default() += d;
                    }
                }
                counts.atoms_kept += out.kept_atoms;
                for c in &out.kept {
                    kept.insert(c);
                }
                push(&out.batch)
            },
        )?;
        self.counts.conso_rows += rows;
        Ok(kept)
    }

    /// Streams MRDEF into definitions of kept concepts; returns how many were kept.
    fn read_mrdef(&mut self, layout: &Layout, kept: &KeptRows, push: BatchSink<'_>) -> Result<u64> {
        let (cui_i, sab_i, def_i, sup_i) = (
            layout.index("CUI")?,
            layout.index("SAB")?,
            layout.index("DEF")?,
            layout.index("SUPPRESS")?,
        );
        let definition = |line, f: &[&str]| {
            let suppress = parse_suppress(layout, line, sup_i, f[sup_i])?;
            let keep = kept.cuis.contains(f[cui_i]) && kept.filters.keeps(suppress, f[sab_i]);
            Ok(keep.then(|| {
                ConceptItem::Definition(Definition {
                    source: f[sab_i].to_string(),
                    text: f[def_i].to_string(),
                })
            }))
        };
        let ordinal = self.job.ordinal + 1;
        self.stream_items(layout, cui_i, ordinal, definition, push)
    }

    /// Streams MRREL into the hierarchical relations between kept concepts; returns how many
    /// were kept.
    fn read_mrrel(&mut self, layout: &Layout, kept: &KeptRows, push: BatchSink<'_>) -> Result<u64> {
        let (c1, rel_i, c2, rela_i, sab_i, sup_i) = (
            layout.index("CUI1")?,
            layout.index("REL")?,
            layout.index("CUI2")?,
            layout.index("RELA")?,
            layout.index("SAB")?,
            layout.index("SUPPRESS")?,
        );
        let relation = |line, f: &[&str]| {
            // Only hierarchical rows are checked further: a bad SUPPRESS on another relation is
            // not an error.
            let Some(kind) = relation_kind(f[rel_i], f[rela_i]) else {
                return Ok(None);
            };
            let suppress = parse_suppress(layout, line, sup_i, f[sup_i])?;
            let keep = f[c1] != f[c2]
                && kept.filters.keeps(suppress, f[sab_i])
                && kept.cuis.contains(f[c1])
                && kept.cuis.contains(f[c2]);
            Ok(keep.then(|| {
                ConceptItem::Relation(Relation {
                    kind,
                    target: f[c2].to_string(),
                    rel: f[rel_i].to_string(),
                    rela: f[rela_i].to_string(),
                    source: f[sab_i].to_string(),
                })
            }))
        };
        let ordinal = self.job.ordinal + 2;
        self.stream_items(layout, c1, ordinal, relation, push)
    }
}

struct StyRow {
    cui: String,
    tui: String,
    stn: String,
    sty: String,
}

/// What one block of MRCONSO rows gave.
#[derive(Default)]
struct ConsoBlock {
    batch: Batch,
    /// Kept CUIs, each run of consecutive rows of one CUI once.
    kept: Vec<String>,
    /// Rows dropped, by [`DROP_REASONS`] index.
    dropped: [u64; 4],
    kept_atoms: u64,
}

const DROP_REASONS: [&str; 4] = ["language", "suppress", "source", "semantic type"];

/// Which hierarchical relation a MRREL row is, seen from CUI1 (REL is CUI2's relation to CUI1).
fn relation_kind(rel: &str, rela: &str) -> Option<RelationKind> {
    match (rel, rela) {
        ("PAR", _) | (_, "inverse_isa") => Some(RelationKind::Parent),
        ("CHD", _) | (_, "isa") => Some(RelationKind::Child),
        ("RB", _) => Some(RelationKind::Broader),
        ("RN", _) => Some(RelationKind::Narrower),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cui_numbers() {
        assert_eq!(cui_number("C0000005"), Some(5));
        assert_eq!(cui_number("C1234567"), Some(1234567));
        assert_eq!(cui_number("C123"), None);
        assert_eq!(cui_number("CL123456"), None);
    }

    #[test]
    fn kept_set_holds_both_shapes() {
        let mut k = KeptSet::default();
        k.insert("C0000005");
        k.insert("weird-1");
        k.insert("C0000005");
        assert!(k.contains("C0000005") && k.contains("weird-1"));
        assert!(!k.contains("C0000006") && !k.contains("C9999999"));
        assert_eq!(k.count, 2);
    }

    #[test]
    fn release_dat_lines_are_key_value_or_comments() {
        fn entry(l: &[u8]) -> std::result::Result<Option<(&str, &str)>, String> {
            release_dat_entry(Path::new("/m/release.dat"), 3, l).map_err(|e| e.to_string())
        }
        assert_eq!(
            entry(b"umls.release.name=2025AA"),
            Ok(Some(("umls.release.name", "2025AA")))
        );
        assert_eq!(entry(b"# Release Metadata "), Ok(None));
        assert_eq!(
            entry(b"k = a value\twith tab"),
            Ok(Some(("k", "a value\twith tab")))
        );
        let err = entry(b"\x8f\x01=x").unwrap_err();
        assert!(
            err.starts_with("/m/release.dat:3: invalid UTF-8 at byte 1"),
            "{err}"
        );
        let err = entry(b"no equals sign").unwrap_err();
        assert!(err.contains("expected key=value"), "{err}");
        assert!(entry(b"bad key=1").unwrap_err().contains("the key must be"));
        assert!(entry(b"k=\x01\x02")
            .unwrap_err()
            .contains("control characters"));
    }

    #[test]
    fn mrrel_direction() {
        assert_eq!(relation_kind("PAR", ""), Some(RelationKind::Parent));
        assert_eq!(relation_kind("CHD", "isa"), Some(RelationKind::Child));
        assert_eq!(
            relation_kind("RO", "inverse_isa"),
            Some(RelationKind::Parent)
        );
        assert_eq!(relation_kind("RB", ""), Some(RelationKind::Broader));
        assert_eq!(relation_kind("SIB", ""), None);
        assert_eq!(relation_kind("RO", "has_finding_site"), None);
    }
}
