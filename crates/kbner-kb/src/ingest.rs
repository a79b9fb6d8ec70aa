//! `kbner kb ingest`: sources → sorted runs → SST files → a RocksDB store, swapped in atomically.
//!
//! Data flow: each source parser (UMLS in parallel blocks, OBO, dictionaries) emits [`Batch`]es of
//! concept items, name keys and code keys into three [`ExternalSorter`]s (bounded memory). The
//! sorted streams are then consumed in parallel: concept items are grouped per concept and
//! assembled into [`Concept`] records (preferred name chosen here), names and codes are
//! deduplicated; each stream is written as SST files and bulk-ingested into a fresh RocksDB in a
//! staging directory, which replaces the target only when everything succeeded.
//!
//! The preferred-name rule is documented on [`ingest`], the public entry point.

use crate::dict::{read_dict, DictFormat};
use crate::error::{KbError, Result};
use crate::model::ConceptSummary;
use crate::obo::read_obo;
use crate::semtypes::{known_type, SemanticType};
use crate::sort_records::{tag, AtomRef, Batch, SEQ_ORDINAL_SHIFT};
use crate::sorter::{ExternalSorter, Merged};
use crate::store::{
    build_db, KbStats, Manifest, SourceMeta, SstSink, SstWriter, CF_CODES, CF_CONCEPTS, CF_NAMES,
    CF_SUMMARY, SCHEMA_VERSION,
};
use crate::umls::{read_release, TypeMap, UmlsFilters, UmlsJob};
use kbner_job::{Progress, StagingDir, WriteLock};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// A dictionary to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictSource {
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: DictFormat,
}

/// What to ingest and how.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The knowledge-base directory to create or replace.
    pub out: PathBuf,
    /// A UMLS release's `META` directory.
    pub umls: Option<PathBuf>,
    /// OBO ontologies.
    pub obo: Vec<PathBuf>,
    /// Semantic type given to the terms of each OBO file, by position (a single value applies to
    /// all): a TUI (`T184`), a UMLS type name (`Sign or Symptom`) or a semantic group (`DISO`).
    /// Anything else, a comma list included, is an error. Empty = untyped.
    pub obo_types: Vec<String>,
    /// Keep only these OBO terms and their `is_a` descendants (every `--obo` file must hold each
    /// root); empty = all terms.
    pub obo_roots: Vec<String>,
    /// Dictionaries.
    pub dicts: Vec<DictSource>,
    /// UMLS filters.
    pub filters: UmlsFilters,
    /// Skip (and count) bad rows, and OBO stanzas repeating an id, instead of failing.
    pub lenient: bool,
    /// Write the store even when a source gives nothing (an empty file, filters that keep
    /// nothing) or a UMLS file has far fewer rows than MRFILES.RRF declares; by default such an
    /// ingest fails and leaves any previous store as it was.
    pub allow_partial: bool,
    /// Memory for sort buffers, in bytes (peak RSS is roughly this plus a few hundred MiB).
    pub memory_bytes: usize,
}

impl IngestOptions {
    /// Options writing to `out` with default filters and no sources yet.
    pub fn new(out: impl Into<PathBuf>) -> Self {
        IngestOptions {
            out: out.into(),
            umls: None,
            obo: Vec::new(),
            obo_types: Vec::new(),
            obo_roots: Vec::new(),
            dicts: Vec::new(),
            filters: UmlsFilters::default(),
            lenient: false,
            allow_partial: false,
            memory_bytes: 1 << 30,
        }
    }
}

const UMLS_ORDINAL: u32 = 1; // MRCONSO 1, MRDEF 2, MRREL 3
const OBO_ORDINAL: u32 = 100;
const DICT_ORDINAL: u32 = 10_000;

/// Builds the knowledge base described by `opts`. On any error, or when `cancel` is set, the
/// previous store at `opts.out` (if any) is left untouched and the staging directory is removed.
/// Another ingest into the same directory at the same time fails at once ([`KbError::Lock`]);
/// an ingest that would leave out a source, or write an empty store, fails with
/// [`KbError::Incomplete`] unless `opts.allow_partial`. Warnings go to `progress` as they arise
/// (before the store is replaced) and into the manifest.
///
/// **Preferred name rule** (deterministic): among a concept's kept atoms, the highest MRRANK rank of
/// (SAB, TTY) wins; ties (and sources without MRRANK) prefer atoms with ISPREF=Y, TS=P and STT=PF,
/// then English atoms, then the atom that came first in the input.
pub fn ingest(opts: &IngestOptions, progress: &Progress, cancel: &AtomicBool) -> Result<Manifest> {
    if opts.umls.is_none() && opts.obo.is_empty() && opts.dicts.is_empty() {
        return Err(KbError::Invalid(
            "nothing to ingest: give --umls META_DIR, --obo FILE or --dict FILE".into(),
        ));
    }
    for p in opts.obo.iter().chain(opts.dicts.iter().map(|d| &d.path)) {
        if !p.is_file() {
            return Err(KbError::MissingFile {
                path: p.clone(),
                hint: String::new(),
            });
        }
    }
    let obo_types = obo_types(opts)?;
    // Held until the new store is in place: a second writer is refused, not silently overwritten.
    let _writing = WriteLock::acquire(&opts.out)?;
    let mut staging = StagingDir::create(&opts.out)?;
    let sort_dir = staging.path().join("sort");
    let sst_dir = staging.path().join("sst");
    std::fs::create_dir_all(&sst_dir).map_err(|e| KbError::io(&sst_dir, e))?;
    let budget = opts.memory_bytes.max(1 << 10);
    let mut items = ExternalSorter::new("items", &sort_dir, budget / 10 * 6);
    let mut names = ExternalSorter::new("names", &sort_dir, budget / 10 * 2);
    let mut codes = ExternalSorter::new("codes", &sort_dir, budget / 10 * 2);
    let mut push = |b: &Batch| -> Result<()> {
        if cancel.load(Ordering::Relaxed) {
            return Err(KbError::Cancelled);
        }
        items.push_packed(&b.items)?;
        names.push_packed(&b.names)?;
        codes.push_packed(&b.codes)?;
        Ok(())
    };

    let mut sources = Vec::new();
    let mut labels: BTreeMap<u32, String> = BTreeMap::new();
    let mut warnings = Vec::new();
    let mut bad_rows = Vec::new();
    let mut bad_row_count = 0;
    let mut umls_types: Option<TypeMap> = None;
    let mut ranks: HashMap<String, HashMap<String, u32>> = HashMap::new();
    let mut release = None;

    if let Some(dir) = &opts.umls {
        let job = UmlsJob {
            dir,
            filters: &opts.filters,
            lenient: opts.lenient,
            ordinal: UMLS_ORDINAL,
            progress,
            cancel,
            allow_partial: opts.allow_partial,
        };
        let out = read_release(&job, &mut push)?;
        let label = format!("UMLS {}", out.release.version);
        for o in UMLS_ORDINAL..UMLS_ORDINAL + 3 {
            labels.insert(o, label.clone());
        }
        sources.push(SourceMeta {
            kind: "umls".into(),
            label,
            path: dir.display().to_string(),
            version: out.release.version.clone(),
            counts: serde_json::to_value(&out.counts).unwrap_or_default(),
        });
        warn(progress, &mut warnings, out.warnings);
        bad_row_count += out.counts.bad_rows;
        bad_rows.extend(out.bad_examples);
        for ((sab, tty), r) in out.ranks {
            ranks.entry(sab).or_default().insert(tty, r);
        }
        umls_types = Some(out.types);
        release = Some(out.release);
    }
    for (i, path) in opts.obo.iter().enumerate() {
        let ordinal = OBO_ORDINAL + i as u32;
        progress.message(&format!("reading {}", path.display()));
        let st = match (obo_types.get(i), obo_types.len()) {
            (Some(t), _) => Some(t),
            (None, 1) => Some(&obo_types[0]),
            _ => None,
        };
        let keep = if opts.obo_roots.is_empty() {
            None
        } else {
            Some(crate::obo::branches(path, &opts.obo_roots)?)
        };
        let read = read_obo(path, ordinal, st, keep.as_ref(), opts.lenient, &mut push)?;
        warn(progress, &mut warnings, read.warnings);
        let counts = read.counts;
        if counts.terms == 0 {
            let problem = format!(
                "{}: no term read ({} bytes; {} obsolete terms skipped)",
                path.display(),
                file_len(path),
                counts.obsolete_skipped
            );
            warn(progress, &mut warnings, partial(opts, problem)?);
        }
        let label = format!("OBO {} {}", counts.ontology, counts.data_version)
            .trim()
            .to_string();
        labels.insert(ordinal, label.clone());
        sources.push(SourceMeta {
            kind: "obo".into(),
            label,
            path: path.display().to_string(),
            version: counts.data_version.clone(),
            counts: serde_json::to_value(&counts).unwrap_or_default(),
        });
    }
    for (i, d) in opts.dicts.iter().enumerate() {
        let ordinal = DICT_ORDINAL + i as u32;
        progress.message(&format!("reading {}", d.path.display()));
        let counts = read_dict(&d.path, d.format, ordinal, &mut push)?;
        if counts.concepts == 0 {
            let problem = format!(
                "{}: no concept read ({} bytes, {} lines)",
                d.path.display(),
                file_len(&d.path),
                counts.lines
            );
            warn(progress, &mut warnings, partial(opts, problem)?);
        }
        let label = format!("DICT {}", counts.sab);
        labels.insert(ordinal, label.clone());
        sources.push(SourceMeta {
            kind: "dict".into(),
            label,
            path: d.path.display().to_string(),
            version: String::new(),
            counts: serde_json::to_value(&counts).unwrap_or_default(),
        });
    }

    progress.message(&format!(
        "sorting {} concept items, {} names, {} codes and writing the store",
        items.records(),
        names.records(),
        codes.records()
    ));
    progress.start_task("writing store", items.records());
    let ctx = AssembleCtx {
        progress,
        labels,
        types: umls_types.as_ref(),
        ranks: &ranks,
        cancel,
    };
    let mut concept_sink = SstSink::new(&sst_dir, CF_CONCEPTS);
    let mut summary_sink = SstSink::new(&sst_dir, CF_SUMMARY);
    let mut name_sink = SstSink::new(&sst_dir, CF_NAMES);
    let mut code_sink = SstSink::new(&sst_dir, CF_CODES);
    let (items, names, codes) = (items.finish()?, names.finish()?, codes.finish()?);
    let (stats, name_counts, code_counts) = std::thread::scope(|s| {
        let c = s.spawn(|| assemble(items, &ctx, &mut concept_sink, &mut summary_sink));
        let n = s.spawn(|| write_keys(names, &mut name_sink, cancel));
        let k = write_keys(codes, &mut code_sink, cancel);
        let panicked = || KbError::Invalid("internal: store writer thread panicked".into());
        let c = c.join().unwrap_or_else(|_| Err(panicked()));
        let n = n.join().unwrap_or_else(|_| Err(panicked()));
        (c, n, k)
    });
    progress.finish_file();
    let mut stats = stats?;
    let (name_entries, distinct_names, names_hash) = name_counts?;
    let (code_entries, _, codes_hash) = code_counts?;
    stats.name_entries = name_entries;
    stats.distinct_names = distinct_names;
    stats.code_entries = code_entries;
    if cancel.load(Ordering::Relaxed) {
        return Err(KbError::Cancelled);
    }
    if stats.concepts == 0 {
        let problem = "the sources give no concept: the store would be empty".to_string();
        warn(progress, &mut warnings, partial(opts, problem)?);
    }

    let mut manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        kbner_version: env!("CARGO_PKG_VERSION").to_string(),
        sources,
        filters: opts.umls.as_ref().map(|_| opts.filters.clone()),
        umls: release,
        stats,
        warnings,
        bad_rows,
        bad_row_count,
        content_hash: format!("{names_hash:016x}{codes_hash:016x}"),
        fingerprint: String::new(),
    };
    manifest.fingerprint = manifest.compute_fingerprint();
    progress.message("ingesting SST files");
    build_db(
        staging.path(),
        &[
            (CF_CONCEPTS, concept_sink.files()),
            (CF_SUMMARY, summary_sink.files()),
            (CF_NAMES, name_sink.files()),
            (CF_CODES, code_sink.files()),
        ],
        &manifest,
    )?;
    let _ = std::fs::remove_dir_all(&sort_dir);
    let _ = std::fs::remove_dir_all(&sst_dir);
    if cancel.load(Ordering::Relaxed) {
        return Err(KbError::Cancelled);
    }
    // The concept index and its embedding cache (kbner-index) outlive a re-ingest: the index
    // checks the store fingerprint itself, and unchanged names keep their embeddings.
    staging.carry_over(&["index", ".index-cache"])?;
    staging.commit()?;
    Ok(manifest)
}

/// The semantic type of each `--obo-type`, checked: one per OBO file or one for all, each a
/// known TUI, type name or group.
fn obo_types(opts: &IngestOptions) -> Result<Vec<SemanticType>> {
    let (types, files) = (opts.obo_types.len(), opts.obo.len());
    if types > 1 && types != files {
        return Err(KbError::Invalid(format!(
            "{types} --obo-type values for {files} --obo files: give one for all, or one per file in order"
        )));
    }
    opts.obo_types
        .iter()
        .map(|t| {
            known_type(t).ok_or_else(|| {
                let list = if t.contains(',') {
                    " (one type per --obo-type; repeat the option for several --obo files)"
                } else {
                    ""
                };
                KbError::Invalid(format!(
                    "--obo-type {t:?}: not a semantic group (DISO, CHEM, …), TUI (T047) or UMLS type name (\"Disease or Syndrome\"){list}"
                ))
            })
        })
        .collect()
}

/// A source that gives nothing: an error, or under `allow_partial` the warning to record.
fn partial(opts: &IngestOptions, problem: String) -> Result<Vec<String>> {
    if opts.allow_partial {
        return Ok(vec![format!("{problem} (--allow-partial)")]);
    }
    Err(KbError::Incomplete(format!(
        "{problem}; nothing was written (a previous store at {} is unchanged); pass --allow-partial to ingest anyway",
        opts.out.display()
    )))
}

/// Shows `new` warnings now, before the store is replaced, and keeps them for the manifest.
fn warn(progress: &Progress, warnings: &mut Vec<String>, new: Vec<String>) {
    for w in new {
        progress.message(&format!("warning: {w}"));
        warnings.push(w);
    }
}

fn file_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

struct AssembleCtx<'a> {
    progress: &'a Progress,
    labels: BTreeMap<u32, String>,
    types: Option<&'a TypeMap>,
    ranks: &'a HashMap<String, HashMap<String, u32>>,
    cancel: &'a AtomicBool,
}

/// The preferred-name key of one atom, without the input-order tie-break: (MRRANK rank,
/// ISPREF=Y ∧ TS=P ∧ STT=PF, English).
fn preference(
    ranks: &HashMap<String, HashMap<String, u32>>,
    sab: &str,
    tty: &str,
    ispref: bool,
    ts: &str,
    stt: &str,
    lang: &str,
) -> (u32, bool, bool) {
    let rank = ranks
        .get(sab)
        .and_then(|m| m.get(tty))
        .copied()
        .unwrap_or(0);
    (rank, ispref && ts == "P" && stt == "PF", lang == "ENG")
}

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(v) => *v += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}

/// Appends `v` as a postcard varint (LEB128), the encoding of lengths and `usize`.
fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_str(out: &mut Vec<u8>, s: &[u8]) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s);
}

fn encode_err(e: postcard::Error) -> KbError {
    KbError::Invalid(format!("internal: encode: {e}"))
}

/// One concept being assembled from its sorted items. Atoms and definitions stay in their encoded
/// form and are concatenated into the concept record (a `Vec<Atom>` encodes as a length followed by
/// the atoms' encodings), so the heaviest part of a release is never decoded into owned strings.
#[derive(Default)]
struct ConceptAcc {
    id: Vec<u8>,
    has_umls: bool,
    ords: Vec<u32>,
    atoms_raw: Vec<u8>,
    n_atoms: u64,
    /// (rank, preferred flags, English, -index) of the best atom so far, and its name.
    best: Option<((u32, bool, bool), String)>,
    types: Vec<crate::semtypes::SemanticType>,
    defs_raw: Vec<u8>,
    n_defs: u64,
    relations: Vec<crate::model::Relation>,
    xrefs: Vec<String>,
}

impl ConceptAcc {
    fn reset(&mut self, id: &[u8]) {
        self.id.clear();
        self.id.extend_from_slice(id);
        self.has_umls = false;
        self.ords.clear();
        self.atoms_raw.clear();
        self.n_atoms = 0;
        self.best = None;
        self.types.clear();
        self.defs_raw.clear();
        self.n_defs = 0;
        self.relations.clear();
        self.xrefs.clear();
    }

    fn add_atom(&mut self, payload: &[u8], ctx: &AssembleCtx, stats: &mut KbStats) -> Result<()> {
        let a: AtomRef = postcard::from_bytes(payload)
            .map_err(|e| KbError::Invalid(format!("internal: atom decode: {e}")))?;
        let key = preference(ctx.ranks, a.sab, a.tty, a.ispref, a.ts, a.stt, a.lang);
        // Atoms arrive in input order: on a tie the earlier one stays (the rule's last criterion).
        if self.best.as_ref().is_none_or(|(k, _)| key > *k) {
            self.best = Some((key, a.name.to_string()));
        }
        bump(&mut stats.atoms_by_source, a.sab);
        bump(&mut stats.atoms_by_language, a.lang);
        self.atoms_raw.extend_from_slice(payload);
        self.n_atoms += 1;
        Ok(())
    }

    /// Finishes the concept: writes its record and summary.
    fn flush(
        &mut self,
        ctx: &AssembleCtx,
        stats: &mut KbStats,
        cw: &mut SstWriter,
        sw: &mut SstWriter,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        if self.id.is_empty() {
            return Ok(());
        }
        if self.n_atoms == 0 {
            stats.nameless_dropped += 1;
            return Ok(());
        }
        let id = String::from_utf8_lossy(&self.id).into_owned();
        if self.has_umls {
            if let Some(t) = ctx.types {
                let umls = t.types_of(&id);
                if umls.is_empty() {
                    stats.umls_concepts_without_types += 1;
                }
                self.types.extend(umls);
            }
        }
        self.types.sort();
        self.types.dedup();
        self.relations.sort();
        self.relations.dedup();
        self.xrefs.sort();
        self.xrefs.dedup();
        self.ords.sort_unstable();
        self.ords.dedup();
        let mut origins: Vec<String> = self
            .ords
            .iter()
            .filter_map(|o| ctx.labels.get(o).cloned())
            .collect();
        origins.dedup();
        let preferred = self.best.as_ref().map(|(_, n)| n.as_str()).unwrap_or("");

        stats.concepts += 1;
        stats.atoms += self.n_atoms;
        stats.definitions += self.n_defs;
        stats.relations += self.relations.len() as u64;
        let mut groups: Vec<&str> = self
            .types
            .iter()
            .map(|t| t.group.as_str())
            .filter(|g| !g.is_empty())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        if groups.is_empty() {
            bump(&mut stats.concepts_by_group, "none");
        }
        for g in groups {
            bump(&mut stats.concepts_by_group, g);
        }
        let mut free_text: Vec<&str> = self
            .types
            .iter()
            .filter(|t| t.group.is_empty() && t.tui.is_empty() && !t.name.is_empty())
            .map(|t| t.name.as_str())
            .collect();
        free_text.sort_unstable();
        free_text.dedup();
        for t in free_text {
            bump(&mut stats.concepts_by_free_text_type, t);
        }
        for o in &origins {
            bump(&mut stats.concepts_by_origin, o);
        }

        // The Concept record, field by field in declaration order (see `Concept`).
        out.clear();
        put_str(out, &self.id);
        put_str(out, preferred.as_bytes());
        put_varint(out, self.n_atoms);
        out.extend_from_slice(&self.atoms_raw);
        let mut buf = postcard::to_extend(&self.types, std::mem::take(out)).map_err(encode_err)?;
        put_varint(&mut buf, self.n_defs);
        buf.extend_from_slice(&self.defs_raw);
        let buf = postcard::to_extend(&self.relations, buf).map_err(encode_err)?;
        let buf = postcard::to_extend(&self.xrefs, buf).map_err(encode_err)?;
        *out = postcard::to_extend(&origins, buf).map_err(encode_err)?;
        cw.put(&self.id, out)?;

        let summary = ConceptSummary {
            id,
            preferred_name: preferred.to_string(),
            types: std::mem::take(&mut self.types),
            origins,
        };
        out.clear();
        *out = postcard::to_extend(&summary, std::mem::take(out)).map_err(encode_err)?;
        sw.put(&self.id, out)
    }
}

/// Groups sorted concept items by id, assembles concepts, writes concept and summary SSTs.
fn assemble(
    mut items: Merged,
    ctx: &AssembleCtx,
    concepts: &mut SstSink,
    summaries: &mut SstSink,
) -> Result<KbStats> {
    let mut stats = KbStats::default();
    let mut acc = ConceptAcc::default();
    let mut out = Vec::new();
    let mut seen = 0u64;
    concepts.write(|cw| {
        summaries.write(|sw| {
            while items.advance()? {
                seen += 1;
                if seen.is_multiple_of(65_536) {
                    if ctx.cancel.load(Ordering::Relaxed) {
                        return Err(KbError::Cancelled);
                    }
                    ctx.progress.advance(65_536);
                }
                let key = items.key();
                let Some(p) = memchr::memchr(0, key) else {
                    continue;
                };
                let (id, seq) = (&key[..p], &key[p + 1..]);
                let seq = u64::from_be_bytes(seq.try_into().unwrap_or([0; 8]));
                let ordinal = (seq >> SEQ_ORDINAL_SHIFT) as u32;
                if acc.id.as_slice() != id {
                    acc.flush(ctx, &mut stats, cw, sw, &mut out)?;
                    acc.reset(id);
                }
                if (UMLS_ORDINAL..UMLS_ORDINAL + 3).contains(&ordinal) {
                    acc.has_umls = true;
                }
                if acc.ords.last() != Some(&ordinal) {
                    acc.ords.push(ordinal);
                }
                let value = items.value();
                let (Some(&t), payload) = (value.first(), value.get(1..).unwrap_or(&[])) else {
                    continue;
                };
                let decode_err =
                    |e: postcard::Error| KbError::Invalid(format!("internal: item decode: {e}"));
                match t {
                    tag::ATOM => acc.add_atom(payload, ctx, &mut stats)?,
                    tag::TYPE => acc
                        .types
                        .push(postcard::from_bytes(payload).map_err(decode_err)?),
                    tag::DEFINITION => {
                        acc.defs_raw.extend_from_slice(payload);
                        acc.n_defs += 1;
                    }
                    tag::RELATION => acc
                        .relations
                        .push(postcard::from_bytes(payload).map_err(decode_err)?),
                    tag::XREF => acc
                        .xrefs
                        .push(postcard::from_bytes(payload).map_err(decode_err)?),
                    other => {
                        return Err(KbError::Invalid(format!(
                            "internal: unknown item tag {other}"
                        )))
                    }
                }
            }
            acc.flush(ctx, &mut stats, cw, sw, &mut out)
        })
    })?;
    Ok(stats)
}

/// Writes sorted keys, dropping duplicates; returns (entries, distinct first components, FNV-1a 64
/// hash of the keys written — the store's content identity).
fn write_keys(
    mut keys: Merged,
    sink: &mut SstSink,
    cancel: &AtomicBool,
) -> Result<(u64, u64, u64)> {
    let mut last: Vec<u8> = Vec::new();
    let mut last_first: Vec<u8> = Vec::new();
    let (mut entries, mut distinct) = (0u64, 0u64);
    let mut hash: u64 = 0xcbf29ce484222325;
    sink.write(|w| {
        while keys.advance()? {
            let k = keys.key();
            if entries > 0 && k == last.as_slice() {
                continue;
            }
            if entries.is_multiple_of(65_536) && cancel.load(Ordering::Relaxed) {
                return Err(KbError::Cancelled);
            }
            let first = &k[..memchr::memchr(0, k).unwrap_or(k.len())];
            if distinct == 0 || first != last_first.as_slice() {
                distinct += 1;
                last_first.clear();
                last_first.extend_from_slice(first);
            }
            w.put(k, &[])?;
            for &b in k.iter().chain(&[0xff]) {
                hash ^= b as u64;
                hash = hash.wrapping_mul(0x100000001b3);
            }
            entries += 1;
            last.clear();
            last.extend_from_slice(k);
        }
        Ok(())
    })?;
    Ok((entries, distinct, hash))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Atom, Suppress};
    use std::cmp::Reverse;

    /// Index of the preferred atom of a whole list by the preferred-name rule (see [`ingest`]),
    /// which assembly applies atom by atom.
    fn preferred_atom(
        atoms: &[Atom],
        ranks: &HashMap<String, HashMap<String, u32>>,
    ) -> Option<usize> {
        atoms
            .iter()
            .enumerate()
            .max_by_key(|(i, a)| {
                let k = preference(ranks, &a.sab, &a.tty, a.ispref, &a.ts, &a.stt, &a.lang);
                (k, Reverse(*i))
            })
            .map(|(i, _)| i)
    }

    fn atom(name: &str, sab: &str, tty: &str, lang: &str, pref: bool) -> Atom {
        Atom {
            name: name.into(),
            sab: sab.into(),
            tty: tty.into(),
            code: String::new(),
            lang: lang.into(),
            suppress: Suppress::N,
            ispref: pref,
            ts: if pref { "P" } else { "S" }.into(),
            stt: if pref { "PF" } else { "VO" }.into(),
            aui: String::new(),
            scope: None,
        }
    }

    #[test]
    fn preferred_name_rule() {
        let atoms = vec![
            atom("first spanish", "MSHSPA", "MH", "SPA", true),
            atom("english synonym", "MSH", "ET", "ENG", false),
            atom("english preferred", "MSH", "MH", "ENG", true),
            atom("mth preferred", "MTH", "PN", "ENG", true),
        ];
        let none = HashMap::new();
        // No MRRANK: flags, then English, then first.
        assert_eq!(preferred_atom(&atoms, &none), Some(2));
        // MRRANK decides first.
        let mut ranks: HashMap<String, HashMap<String, u32>> = HashMap::new();
        ranks
            .entry("MTH".into())
            .or_default()
            .insert("PN".into(), 334);
        ranks
            .entry("MSH".into())
            .or_default()
            .insert("MH".into(), 200);
        assert_eq!(preferred_atom(&atoms, &ranks), Some(3));
        // Only non-preferred atoms: the first English one.
        let plain = vec![
            atom("b", "X", "SY", "FRE", false),
            atom("a", "X", "SY", "ENG", false),
            atom("c", "X", "SY", "ENG", false),
        ];
        assert_eq!(preferred_atom(&plain, &none), Some(1));
        assert_eq!(preferred_atom(&[], &none), None);
    }
}
