//! The RocksDB store: layout, bulk writing through SST files, and the read API.
//!
//! A knowledge-base directory holds `db/` (RocksDB) and `manifest.json` (a copy of the metadata for
//! people and tools). Column families:
//!
//! | family     | key                            | value                         |
//! |------------|--------------------------------|-------------------------------|
//! | `meta`     | `manifest`                     | JSON [`Manifest`]             |
//! | `concepts` | concept id                     | postcard [`Concept`]          |
//! | `summary`  | concept id                     | postcard [`ConceptSummary`]   |
//! | `names`    | normalized name `\0` id        | empty                         |
//! | `codes`    | SAB `\0` code `\0` id          | empty                         |

use crate::error::{KbError, Result};
use crate::model::{Concept, ConceptSummary};
use crate::normalize::normalize_name;
use crate::umls::{UmlsFilters, UmlsRelease};
use rocksdb::{
    BlockBasedOptions, Cache, ColumnFamilyDescriptor, DBCompressionType, Options, SstFileWriter, DB,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Version of the on-disk layout; a store of another version is refused.
pub const SCHEMA_VERSION: u32 = 1;
/// Column family names.
pub const CF_META: &str = "meta";
/// Concept records.
pub const CF_CONCEPTS: &str = "concepts";
/// Concept summaries.
pub const CF_SUMMARY: &str = "summary";
/// Name index.
pub const CF_NAMES: &str = "names";
/// Code index.
pub const CF_CODES: &str = "codes";
const ALL_CFS: [&str; 5] = [CF_META, CF_CONCEPTS, CF_SUMMARY, CF_NAMES, CF_CODES];
const MANIFEST_KEY: &[u8] = b"manifest";
/// SST files are cut at this size so no single file's index grows huge.
const SST_FILE_BYTES: u64 = 512 << 20;

/// Counts describing a store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbStats {
    /// Concepts.
    pub concepts: u64,
    /// Atoms (names with their source).
    pub atoms: u64,
    /// Distinct normalized names.
    pub distinct_names: u64,
    /// (normalized name, concept) pairs in the name index.
    pub name_entries: u64,
    /// (source, code, concept) entries in the code index.
    pub code_entries: u64,
    /// Definitions.
    pub definitions: u64,
    /// Hierarchical relations (after deduplication).
    pub relations: u64,
    /// Atoms per source abbreviation.
    pub atoms_by_source: BTreeMap<String, u64>,
    /// Atoms per language.
    pub atoms_by_language: BTreeMap<String, u64>,
    /// Concepts per semantic group (a concept in two groups counts in both; `none` = untyped).
    pub concepts_by_group: BTreeMap<String, u64>,
    /// Concepts per contributing source.
    pub concepts_by_origin: BTreeMap<String, u64>,
    /// Concepts per free-text type: a dictionary type that is neither a TUI, a UMLS type name nor
    /// a semantic group (kept as written), so that a type filter can tell a type some concept has
    /// from a typo. Left out of the manifest when empty, which keeps the fingerprint of stores
    /// without such types what it was before this field existed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub concepts_by_free_text_type: BTreeMap<String, u64>,
    /// UMLS concepts with no MRSTY row (kept with an empty type list).
    pub umls_concepts_without_types: u64,
    /// Items whose concept had no name (e.g. `is_a` to an obsolete term), dropped.
    pub nameless_dropped: u64,
}

/// One ingested source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMeta {
    /// `umls`, `obo` or `dict`.
    pub kind: String,
    /// The label concepts carry in their `origins`.
    pub label: String,
    /// The path given.
    pub path: String,
    /// Version (UMLS release, OBO data-version).
    pub version: String,
    /// Source-specific counters, as JSON.
    pub counts: serde_json::Value,
}

/// Everything recorded about how a store was built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// On-disk layout version.
    pub schema_version: u32,
    /// kbner version that built it.
    pub kbner_version: String,
    /// Sources, in the order given.
    pub sources: Vec<SourceMeta>,
    /// UMLS filters used (when a UMLS release was ingested).
    pub filters: Option<UmlsFilters>,
    /// UMLS release metadata.
    pub umls: Option<UmlsRelease>,
    /// Counts.
    pub stats: KbStats,
    /// Warnings raised during ingest.
    pub warnings: Vec<String>,
    /// The first bad rows skipped under `--lenient`.
    pub bad_rows: Vec<String>,
    /// Number of bad rows skipped under `--lenient`.
    pub bad_row_count: u64,
    /// Hash of every name-index and code-index key: what the store says, not just how much.
    pub content_hash: String,
    /// Hash of sources, filters, stats and content: equal inputs give equal fingerprints, any change
    /// of a name, code or id changes it. Indexes built on the store record it, so a stale index is
    /// detected.
    pub fingerprint: String,
}

impl Manifest {
    /// Computes the fingerprint from the content (FNV-1a 64 over canonical JSON).
    pub fn compute_fingerprint(&self) -> String {
        let labels: Vec<(&str, &str, &serde_json::Value)> = self
            .sources
            .iter()
            .map(|s| (s.label.as_str(), s.version.as_str(), &s.counts))
            .collect();
        let content = serde_json::to_string(&(
            SCHEMA_VERSION,
            labels,
            &self.filters,
            &self.stats,
            &self.content_hash,
        ))
        .unwrap_or_default();
        let mut h: u64 = 0xcbf29ce484222325;
        for b in content.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        format!("{h:016x}")
    }
}

/// Block cache of an opened store, shared by its column families.
const READ_CACHE_BYTES: usize = 256 << 20;

/// Table options of a column family. Lookup families (`names`, `summary`, `codes`) use small
/// blocks: a point lookup then reads and decompresses 4 KiB instead of 16 KiB. Concept records are
/// larger and read less often.
fn table_options(cf: &str, cache: Option<&Cache>) -> Options {
    let mut opts = Options::default();
    let mut table = BlockBasedOptions::default();
    table.set_block_size(if cf == CF_CONCEPTS { 16 << 10 } else { 4 << 10 });
    if cf == CF_CONCEPTS || cf == CF_SUMMARY {
        table.set_bloom_filter(10.0, false);
    }
    if let Some(c) = cache {
        table.set_block_cache(c);
    }
    opts.set_block_based_table_factory(&table);
    opts.set_compression_type(DBCompressionType::Lz4);
    opts.set_bottommost_compression_type(DBCompressionType::Lz4);
    opts
}

fn cf_descriptors(cache: Option<&Cache>) -> Vec<ColumnFamilyDescriptor> {
    ALL_CFS
        .iter()
        .map(|&name| ColumnFamilyDescriptor::new(name, table_options(name, cache)))
        .collect()
}

/// Writes sorted key/value pairs into SST files for one column family.
pub struct SstSink {
    dir: PathBuf,
    name: String,
    opts: Options,
    files: Vec<PathBuf>,
}

impl SstSink {
    /// A sink writing `dir/NAME-0000.sst`, ... with the column family's table options.
    pub fn new(dir: &Path, cf: &str) -> Self {
        SstSink {
            dir: dir.to_path_buf(),
            name: cf.to_string(),
            opts: table_options(cf, None),
            files: Vec::new(),
        }
    }

    /// Runs `fill`, which must call `put` on the given writer with strictly increasing keys.
    pub fn write(&mut self, fill: impl FnOnce(&mut SstWriter) -> Result<()>) -> Result<()> {
        let mut w = SstWriter {
            sink_dir: self.dir.clone(),
            name: self.name.clone(),
            opts: &self.opts,
            writer: None,
            files: Vec::new(),
        };
        fill(&mut w)?;
        w.close()?;
        self.files.extend(w.files);
        Ok(())
    }

    /// The files written.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }
}

/// The open writer handed to [`SstSink::write`].
pub struct SstWriter<'a> {
    sink_dir: PathBuf,
    name: String,
    opts: &'a Options,
    writer: Option<(SstFileWriter<'a>, PathBuf)>,
    files: Vec<PathBuf>,
}

impl SstWriter<'_> {
    /// Appends one entry; keys must increase strictly.
    pub fn put(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        if self
            .writer
            .as_ref()
            .is_some_and(|(w, _)| w.file_size() >= SST_FILE_BYTES)
        {
            self.close()?;
        }
        if self.writer.is_none() {
            let path = self
                .sink_dir
                .join(format!("{}-{:04}.sst", self.name, self.files.len()));
            let w = SstFileWriter::create(self.opts);
            w.open(&path).map_err(|e| KbError::store(&path, e))?;
            self.writer = Some((w, path));
        }
        if let Some((w, path)) = self.writer.as_mut() {
            w.put(key, value).map_err(|e| KbError::store(&*path, e))?;
        }
        // RocksDB itself rejects keys out of order.
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        if let Some((mut w, path)) = self.writer.take() {
            w.finish().map_err(|e| KbError::store(&path, e))?;
            self.files.push(path);
        }
        Ok(())
    }
}

/// Creates the RocksDB store in `dir/db`, ingests the SST files of each family, writes the
/// manifest, and closes it.
pub fn build_db(dir: &Path, ssts: &[(&str, &[PathBuf])], manifest: &Manifest) -> Result<()> {
    let db_path = dir.join("db");
    let mut opts = Options::default();
    opts.create_if_missing(true);
    opts.create_missing_column_families(true);
    let db = DB::open_cf_descriptors(&opts, &db_path, cf_descriptors(None))
        .map_err(|e| KbError::store(&db_path, e))?;
    let mut ingest = rocksdb::IngestExternalFileOptions::default();
    ingest.set_move_files(true);
    for (cf_name, files) in ssts {
        if files.is_empty() {
            continue;
        }
        let cf = db
            .cf_handle(cf_name)
            .ok_or_else(|| KbError::Invalid(format!("internal: no column family {cf_name}")))?;
        db.ingest_external_file_cf_opts(cf, &ingest, files.to_vec())
            .map_err(|e| KbError::store(&db_path, e))?;
    }
    let json = serde_json::to_vec_pretty(manifest)
        .map_err(|e| KbError::Invalid(format!("internal: manifest: {e}")))?;
    let meta = db
        .cf_handle(CF_META)
        .ok_or_else(|| KbError::Invalid("internal: no meta family".into()))?;
    db.put_cf(meta, MANIFEST_KEY, &json)
        .map_err(|e| KbError::store(&db_path, e))?;
    db.flush_cf(meta).map_err(|e| KbError::store(&db_path, e))?;
    drop(db);
    let mpath = dir.join("manifest.json");
    std::fs::write(&mpath, &json).map_err(|e| KbError::io(&mpath, e))?;
    Ok(())
}

/// A knowledge base opened for reading.
pub struct KnowledgeBase {
    db: DB,
    path: PathBuf,
    manifest: Manifest,
}

impl KnowledgeBase {
    /// Opens the knowledge base in `dir` read-only (several processes may read one store).
    ///
    /// A re-ingest running at the same time does not disturb it: the store's files are opened
    /// while a swap of `dir` is held off ([`kbner_job::ReadLock`]), all of them at once
    /// (`max_open_files = -1`), so the reader keeps the store it opened, old or new, even after
    /// the old directory is removed.
    pub fn open(dir: &Path) -> Result<Self> {
        let opening = kbner_job::ReadLock::acquire(dir)?;
        let db_path = dir.join("db");
        if !db_path.is_dir() {
            return Err(KbError::MissingFile {
                path: db_path,
                hint: format!(
                    "; {} is not a kbner knowledge base (build one with `kbner kb ingest --kb {} --umls META_DIR | --obo FILE | --dict FILE`)",
                    dir.display(),
                    dir.display()
                ),
            });
        }
        let mut opts = Options::default();
        // Every table file stays open from here on: a lazily opened one would be looked up by
        // path, which after a swap names a file of the new store.
        opts.set_max_open_files(-1);
        let cache = Cache::new_lru_cache(READ_CACHE_BYTES);
        let db =
            DB::open_cf_descriptors_read_only(&opts, &db_path, cf_descriptors(Some(&cache)), false)
                .map_err(|e| KbError::store(&db_path, e))?;
        drop(opening);
        let meta = db
            .cf_handle(CF_META)
            .ok_or_else(|| KbError::Invalid(format!("{}: no meta family", db_path.display())))?;
        let raw = db
            .get_cf(meta, MANIFEST_KEY)
            .map_err(|e| KbError::store(&db_path, e))?
            .ok_or_else(|| KbError::Corrupt {
                path: db_path.clone(),
                what: "manifest".into(),
                message: "missing".into(),
            })?;
        let manifest: Manifest = serde_json::from_slice(&raw).map_err(|e| KbError::Corrupt {
            path: db_path.clone(),
            what: "manifest".into(),
            message: e.to_string(),
        })?;
        if manifest.schema_version != SCHEMA_VERSION {
            return Err(KbError::Invalid(format!(
                "{}: store schema version {} but this kbner reads version {SCHEMA_VERSION}; re-run `kbner kb ingest`",
                dir.display(),
                manifest.schema_version
            )));
        }
        Ok(KnowledgeBase {
            db,
            path: dir.to_path_buf(),
            manifest,
        })
    }

    /// How the store was built, and its counts.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The store's directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn handle(&self, name: &str) -> Result<&rocksdb::ColumnFamily> {
        self.db
            .cf_handle(name)
            .ok_or_else(|| KbError::Invalid(format!("{}: no {name} family", self.path.display())))
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, what: &str, bytes: &[u8]) -> Result<T> {
        postcard::from_bytes(bytes).map_err(|e| KbError::Corrupt {
            path: self.path.clone(),
            what: what.to_string(),
            message: e.to_string(),
        })
    }

    /// The ids after `prefix` in every key of family `cf` that starts with it, in key order.
    fn ids_with_prefix(&self, cf: &str, prefix: &[u8]) -> Result<Vec<String>> {
        let cf = self.handle(cf)?;
        let mut it = self.db.raw_iterator_cf(cf);
        it.seek(prefix);
        let mut out = Vec::new();
        while let Some(k) = it.key() {
            let Some(id) = k.strip_prefix(prefix) else {
                break;
            };
            out.push(String::from_utf8_lossy(id).into_owned());
            it.next();
        }
        it.status().map_err(|e| KbError::store(&self.path, e))?;
        Ok(out)
    }

    /// Concept ids whose names normalize to `normalized` (already normalized), in id order.
    pub fn ids_for_normalized(&self, normalized: &str) -> Result<Vec<String>> {
        let mut prefix = normalized.as_bytes().to_vec();
        prefix.push(0);
        self.ids_with_prefix(CF_NAMES, &prefix)
    }

    /// Exact lookup: concepts having a name that normalizes like `text`, with preferred name and
    /// types. Empty for text that normalizes to nothing.
    pub fn lookup(&self, text: &str) -> Result<Vec<ConceptSummary>> {
        let norm = normalize_name(text);
        if norm.is_empty() {
            return Ok(Vec::new());
        }
        let ids = self.ids_for_normalized(&norm)?;
        self.summaries(&ids)
    }

    /// [`KnowledgeBase::lookup`], plus the concept whose id is `text` exactly (`HP:0001250`,
    /// `C0011849`) first when there is one: what a user typing either a name or an id expects.
    /// Names never contain an id by accident, so this adds no false hit.
    pub fn lookup_name_or_id(&self, text: &str) -> Result<Vec<ConceptSummary>> {
        let mut hits = self.lookup(text)?;
        if hits.iter().all(|h| h.id != text) {
            if let Some(s) = self.summary(text)? {
                hits.insert(0, s);
            }
        }
        Ok(hits)
    }

    /// Summaries of several concepts in one batched read (ids in key order read fastest); ids
    /// not in the store are skipped.
    pub fn summaries(&self, ids: &[String]) -> Result<Vec<ConceptSummary>> {
        if ids.len() == 1 {
            return Ok(self.summary(&ids[0])?.into_iter().collect());
        }
        let cf = self.handle(CF_SUMMARY)?;
        let sorted = ids.windows(2).all(|w| w[0] <= w[1]);
        let mut out = Vec::with_capacity(ids.len());
        for v in self
            .db
            .batched_multi_get_cf(cf, ids.iter().map(|s| s.as_bytes()), sorted)
        {
            if let Some(v) = v.map_err(|e| KbError::store(&self.path, e))? {
                out.push(self.decode("summary", &v)?);
            }
        }
        Ok(out)
    }

    /// The summary (preferred name, types) of one concept.
    pub fn summary(&self, id: &str) -> Result<Option<ConceptSummary>> {
        let cf = self.handle(CF_SUMMARY)?;
        match self
            .db
            .get_pinned_cf(cf, id.as_bytes())
            .map_err(|e| KbError::store(&self.path, e))?
        {
            Some(v) => Ok(Some(self.decode("summary", &v)?)),
            None => Ok(None),
        }
    }

    /// Everything stored about one concept.
    pub fn concept(&self, id: &str) -> Result<Option<Concept>> {
        let cf = self.handle(CF_CONCEPTS)?;
        match self
            .db
            .get_pinned_cf(cf, id.as_bytes())
            .map_err(|e| KbError::store(&self.path, e))?
        {
            Some(v) => Ok(Some(self.decode("concept", &v)?)),
            None => Ok(None),
        }
    }

    /// Concepts carrying `code` in source `sab` (e.g. `MSH`, `D012711`; `MESH`, `D012711` for
    /// MEDIC; `UMLS`, `C0000737` for an OBO xref).
    pub fn ids_for_code(&self, sab: &str, code: &str) -> Result<Vec<String>> {
        let mut prefix = Vec::with_capacity(sab.len() + code.len() + 2);
        prefix.extend_from_slice(sab.as_bytes());
        prefix.push(0);
        prefix.extend_from_slice(code.as_bytes());
        prefix.push(0);
        self.ids_with_prefix(CF_CODES, &prefix)
    }

    /// Concept ids of this knowledge base that an id written elsewhere (a corpus's gold id, another
    /// tool's prediction) stands for, in key order; empty when none does. Tried in turn:
    ///
    /// - a concept id as is (`HP:0001250`, `C0011849`, `OMIM:608446`);
    /// - a bare MeSH (`D009203`) or OMIM (`608446`) id with its prefix, as in MEDIC;
    /// - `UMLS:C0011849` as the CUI;
    /// - a code of the code index under its prefix, MeSH spelt `MESH`, `MeSH` or `MSH` alike
    ///   (`MSH:D009203` from UMLS, `MESH:D009203` for a MEDIC alternative id, an OBO xref
    ///   `SNOMEDCT_US:22298006`);
    /// - an OBO `alt_id` (`HP:0000001`), stored as a code of its ontology.
    ///
    /// ```
    /// use kbner_kb::{ingest, DictFormat, DictSource, IngestOptions, KnowledgeBase, Progress};
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let medic = dir.path().join("medic.txt");
    /// std::fs::write(&medic, "608446|D009203||Myocardial Infarction\n").unwrap();
    /// # let kb_dir = dir.path().join("kb");
    /// let mut opts = IngestOptions::new(&kb_dir);
    /// opts.dicts.push(DictSource { path: medic, format: DictFormat::Medic });
    /// ingest(&opts, &Progress::hidden(), &Default::default())?;
    /// let kb = KnowledgeBase::open(&kb_dir)?;
    /// for id in ["OMIM:608446", "608446", "D009203", "MeSH:D009203", "MSH:D009203"] {
    ///     assert_eq!(kb.resolve_id(id)?, ["OMIM:608446"], "{id}");
    /// }
    /// assert!(kb.resolve_id("D000001")?.is_empty());
    /// # Ok::<(), kbner_kb::KbError>(())
    /// ```
    pub fn resolve_id(&self, raw: &str) -> Result<Vec<String>> {
        let raw = raw.trim();
        if raw.is_empty() || raw == "-1" {
            return Ok(Vec::new());
        }
        if self.summary(raw)?.is_some() {
            return Ok(vec![raw.to_string()]);
        }
        // Bare MeSH (`D011471`) and OMIM (`176807`) ids get their prefix, as in MEDIC.
        let full = crate::medic_id(raw);
        let Some((prefix, local)) = full.split_once(':') else {
            return Ok(Vec::new());
        };
        let (prefix, local) = (prefix.trim(), local.trim());
        // `UMLS:C0011849` in a UMLS store: the CUI is the concept id.
        if !local.is_empty() && self.summary(local)?.is_some() {
            return Ok(vec![local.to_string()]);
        }
        let upper = prefix.to_ascii_uppercase();
        // MEDIC stores MeSH codes under `MESH`, UMLS under `MSH`.
        let spellings: Vec<&str> = match upper.as_str() {
            "MESH" | "MSH" => vec!["MESH", "MSH"],
            _ if upper == prefix => vec![prefix],
            _ => vec![prefix, upper.as_str()],
        };
        for sab in spellings {
            let id = format!("{sab}:{local}");
            if self.summary(&id)?.is_some() {
                return Ok(vec![id]);
            }
            let ids = self.ids_for_code(sab, local)?;
            if !ids.is_empty() {
                return Ok(ids);
            }
        }
        // An OBO alt_id is a code of its ontology, written whole (`HP`, `HP:0000001`); the
        // ontology is usually the id's prefix, but not always (a file without an `ontology:`
        // header is named after its file).
        let ontologies = self
            .manifest
            .sources
            .iter()
            .filter(|s| s.kind == "obo")
            .filter_map(|s| s.counts.get("ontology")?.as_str())
            .map(str::to_uppercase);
        for sab in std::iter::once(upper.clone()).chain(ontologies) {
            let ids = self.ids_for_code(&sab, raw)?;
            if !ids.is_empty() {
                return Ok(ids);
            }
        }
        Ok(Vec::new())
    }

    /// Every id of concept `id`, its concept id first; empty when the store has no such concept.
    /// The others are its cross-references and alternative ids as ingested (MEDIC's other ids,
    /// OBO `alt_id`s and `xref`s), then, for UMLS atoms, each source's code as `SAB:CODE`
    /// (`MSH:D009203`), in atom order, each id once.
    pub fn concept_ids(&self, id: &str) -> Result<Vec<String>> {
        let Some(c) = self.concept(id)? else {
            return Ok(Vec::new());
        };
        let mut ids = vec![c.id.clone()];
        let mut push = |x: String| {
            if !ids.contains(&x) {
                ids.push(x);
            }
        };
        for x in c.xrefs {
            push(x);
        }
        // Only UMLS atoms (they have an AUI) carry a source code of their own; an OBO or
        // dictionary atom's code is the concept id or a part of it.
        for a in c.atoms {
            if !a.aui.is_empty() && !a.code.is_empty() && a.code != "NOCODE" {
                push(format!("{}:{}", a.sab, a.code));
            }
        }
        Ok(ids)
    }

    /// Checks a semantic-type filter value (`--types`, `--type-map`): a semantic group, a TUI or
    /// a UMLS type name ([`known_type`](crate::known_type)), or a free-text type that some concept
    /// of this store has (a TSV dictionary's, case ignored). The error says what is accepted.
    pub fn check_type_filter(&self, value: &str) -> Result<()> {
        let v = value.trim();
        let free = &self.manifest.stats.concepts_by_free_text_type;
        if !v.is_empty()
            && (crate::known_type(v).is_some() || free.keys().any(|t| t.eq_ignore_ascii_case(v)))
        {
            return Ok(());
        }
        let groups: Vec<&str> = crate::semantic_groups().iter().map(|g| g.abbrev).collect();
        let free_list = if free.is_empty() {
            "none in this knowledge base".to_string()
        } else {
            let mut names: Vec<&str> = free.keys().map(String::as_str).take(20).collect();
            if free.len() > 20 {
                names.push("…");
            }
            names.join(", ")
        };
        Err(KbError::Invalid(format!(
            "{} is not a semantic type: expected a semantic group ({}), a TUI (T047), a UMLS \
             type name (Disease or Syndrome), or a free-text type of a concept in {} ({free_list})",
            if v.is_empty() {
                "an empty value".to_string()
            } else {
                format!("{v:?}")
            },
            groups.join(", "),
            self.path.display()
        )))
    }

    /// Calls `f(normalized name, concept id)` for every name-index entry, in key order (for
    /// building search indexes).
    pub fn for_each_name(&self, mut f: impl FnMut(&str, &str) -> Result<()>) -> Result<()> {
        let cf = self.handle(CF_NAMES)?;
        let mut it = self.db.raw_iterator_cf(cf);
        it.seek_to_first();
        while let Some(k) = it.key() {
            if let Some(p) = memchr::memchr(0, k) {
                let name = String::from_utf8_lossy(&k[..p]);
                let id = String::from_utf8_lossy(&k[p + 1..]);
                f(&name, &id)?;
            }
            it.next();
        }
        it.status().map_err(|e| KbError::store(&self.path, e))
    }

    /// Calls `f` with the summary (id, preferred name, types, origins) of every concept, in id
    /// order: much cheaper than [`KnowledgeBase::for_each_concept`] when names, relations and
    /// definitions are not needed.
    pub fn for_each_summary(&self, mut f: impl FnMut(ConceptSummary) -> Result<()>) -> Result<()> {
        let cf = self.handle(CF_SUMMARY)?;
        let mut it = self.db.raw_iterator_cf(cf);
        it.seek_to_first();
        while let Some(v) = it.value() {
            f(self.decode("summary", v)?)?;
            it.next();
        }
        it.status().map_err(|e| KbError::store(&self.path, e))
    }

    /// Calls `f` for every concept, in id order.
    pub fn for_each_concept(&self, mut f: impl FnMut(Concept) -> Result<()>) -> Result<()> {
        let cf = self.handle(CF_CONCEPTS)?;
        let mut it = self.db.raw_iterator_cf(cf);
        it.seek_to_first();
        while let Some(v) = it.value() {
            f(self.decode("concept", v)?)?;
            it.next();
        }
        it.status().map_err(|e| KbError::store(&self.path, e))
    }
}
