//! `kbner kb index`: embeds every distinct normalized name, builds the HNSW and tantivy indexes,
//! and swaps them into `KB_DIR/index/` atomically.
//!
//! Embedding is the slow part (minutes to hours on a CPU), so vectors are kept in the embedding
//! cache (`embeddings.rs`, `KB_DIR/.index-cache/`) by (encoder fingerprint, name): a build
//! interrupted by Ctrl-C continues where it stopped, and a build after a re-ingest embeds only the
//! names that are new. An index that already matches the store, the encoder and the parameters is
//! left as it is.

use crate::dense::{DenseBuilder, DenseParams};
use crate::embeddings::{EmbeddingCache, Location};
use crate::manifest::{check_files, EncoderInfo, IndexManifest, FORMAT_VERSION};
use crate::{lexical, IndexError, Result};
use kbner_encoder::{Encoder, EncoderError};
use kbner_job::{Progress, StagingDir};
use kbner_kb::KnowledgeBase;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Index directory name inside the knowledge-base directory.
pub const INDEX_DIR: &str = "index";
/// Embedding cache directory name inside the knowledge-base directory.
pub const CACHE_DIR: &str = ".index-cache";
/// File listing the indexed names, one per line; line number = name id.
pub const NAMES_FILE: &str = "names.txt";
/// Most names per embedding chunk ([`BuildOptions::chunk`]).
pub const MAX_CHUNK: usize = 1 << 20;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// HNSW parameters.
    pub params: DenseParams,
    /// New names embedded per chunk, 1..=[`MAX_CHUNK`]; each finished chunk is kept in the
    /// embedding cache, so an interruption loses at most one chunk's work.
    pub chunk: usize,
    /// Embed at most this many new chunks in this run, then stop with [`IndexError::Partial`]
    /// (the work is kept; a rerun continues). `None` = finish.
    pub max_new_chunks: Option<usize>,
    /// Rebuild even when the index already matches the store, the encoder and the parameters.
    pub force: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            params: DenseParams::default(),
            chunk: 4096,
            max_new_chunks: None,
            force: false,
        }
    }
}

/// What [`build_index`] did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The manifest of the index now in place.
    pub manifest: IndexManifest,
    /// The index already matched the store, the encoder and the parameters: nothing was done.
    pub up_to_date: bool,
    /// Names whose embedding came from the cache.
    pub reused: usize,
    /// Names embedded by this run.
    pub embedded: usize,
}

/// Why `previous` cannot stand for an index of `kb_fingerprint` with `encoder` and `params`, if
/// it cannot.
fn rebuild_reason(
    previous: &IndexManifest,
    dir: &Path,
    kb_fingerprint: &str,
    encoder: &Encoder,
    params: &DenseParams,
) -> Option<String> {
    if let Err(e) = previous.check_current(dir, kb_fingerprint, encoder) {
        return Some(e.to_string());
    }
    if previous.params != *params {
        return Some(format!(
            "the index in {} was built with other HNSW parameters ({:?})",
            dir.display(),
            previous.params
        ));
    }
    previous.verify(dir, false).err().map(|e| e.to_string())
}

/// The distinct normalized names of a knowledge base, sorted.
pub fn distinct_names(kb: &KnowledgeBase) -> Result<Vec<Box<str>>> {
    let mut names: Vec<Box<str>> = Vec::new();
    kb.for_each_name(|name, _| {
        if names.last().map(|l| l.as_ref()) != Some(name) {
            names.push(name.into());
        }
        Ok(())
    })?;
    Ok(names)
}

/// Builds the concept index of the knowledge base in `kb_dir`, or leaves it as it is when it
/// already matches the store, the encoder and the parameters (unless `opts.force`).
///
/// Names whose vectors the embedding cache holds for this encoder are not embedded again; the
/// rest are embedded in chunks of `opts.chunk`, each kept as it finishes. `cancel` is checked
/// between encoder batches: a cancelled build returns [`IndexError::Cancelled`], keeps the
/// finished chunks and leaves any previous index in place.
pub fn build_index(
    kb_dir: &Path,
    encoder: &Encoder,
    opts: &BuildOptions,
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<BuildReport> {
    opts.params.validate()?;
    if !(1..=MAX_CHUNK).contains(&opts.chunk) {
        return Err(IndexError::Invalid(format!(
            "embedding chunk of {} names must be within 1..={MAX_CHUNK}",
            opts.chunk
        )));
    }
    // The knowledge base's writer lock: no ingest replaces the store while its index is built.
    let _writing = kbner_job::WriteLock::acquire(kb_dir).map_err(kbner_kb::KbError::from)?;
    let kb = KnowledgeBase::open(kb_dir)?;
    let kb_fingerprint = kb.manifest().fingerprint.clone();
    let target = kb_dir.join(INDEX_DIR);
    kbner_job::recover(&target)?;
    if let Ok(previous) = IndexManifest::read(&target) {
        match rebuild_reason(&previous, &target, &kb_fingerprint, encoder, &opts.params) {
            None if !opts.force => {
                let names = previous.names as usize;
                return Ok(BuildReport {
                    manifest: previous,
                    up_to_date: true,
                    reused: names,
                    embedded: 0,
                });
            }
            None => progress.message("rebuilding the index, which is up to date, as asked"),
            Some(why) => progress.message(&format!("{why}: rebuilding it")),
        }
    }
    let names = distinct_names(&kb)?;
    drop(kb);
    let dim = encoder.dim();

    // 1. Embeddings: from the cache, else from the encoder, chunk by chunk.
    let mut cache = EmbeddingCache::open(&kb_dir.join(CACHE_DIR), encoder.fingerprint(), dim)?;
    let mut found = cache.locate(&names)?;
    let missing: Vec<usize> = (0..names.len()).filter(|&i| found[i].is_none()).collect();
    let reused = names.len() - missing.len();
    progress.message(&format!(
        "kept {reused} of {} embeddings; embedding {} new names",
        names.len(),
        missing.len()
    ));
    progress.start_task("embedding", missing.len() as u64);
    for (done_chunks, ids) in missing.chunks(opts.chunk).enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(IndexError::Cancelled);
        }
        if opts.max_new_chunks.is_some_and(|m| done_chunks >= m) {
            return Err(IndexError::Partial {
                embedded: found.iter().filter(|l| l.is_some()).count(),
                total: names.len(),
            });
        }
        let texts: Vec<&str> = ids.iter().map(|&i| names[i].as_ref()).collect();
        // Progress in names, advanced per encoder batch (a long name may take several windows).
        let mut shown = 0usize;
        let vectors = encoder
            .embed_cancellable(&texts, cancel, &mut |windows_done, windows| {
                let now = texts.len() * windows_done / windows.max(1);
                progress.advance(now.saturating_sub(shown) as u64);
                shown = shown.max(now);
            })
            .map_err(|e| match e {
                EncoderError::Interrupted => IndexError::Cancelled,
                e => e.into(),
            })?;
        for (&i, location) in ids.iter().zip(cache.add(&texts, &vectors)?) {
            found[i] = Some(location);
        }
    }
    progress.finish_file();
    let mut locations: Vec<Location> = found.into_iter().flatten().collect();
    if locations.len() != names.len() {
        return Err(IndexError::Invalid(format!(
            "{} of {} names have no embedding after embedding the missing ones",
            names.len() - locations.len(),
            names.len()
        )));
    }
    if cache.needs_compaction(names.len()) {
        locations = cache.compact(&names, &locations)?;
    }

    // 2. Indexes, built in a staging directory.
    let staging = StagingDir::create(&target)?;
    let dir = staging.path();
    progress.start_task("HNSW graph", names.len() as u64);
    let builder = DenseBuilder::new(names.len(), &opts.params)?;
    for (i, part) in locations.chunks(opts.chunk).enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(IndexError::Cancelled);
        }
        let vectors = cache.read(part)?;
        builder.insert(&vectors, i * opts.chunk);
        progress.advance(vectors.len() as u64);
    }
    builder.save(dir)?;
    progress.finish_file();
    progress.start_task("lexical index", names.len() as u64);
    lexical::build(&dir.join("lexical"), &names, |n| progress.advance(n))?;
    progress.finish_file();
    let names_path = dir.join(NAMES_FILE);
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(&names_path).map_err(|e| IndexError::io(&names_path, e))?,
    );
    for n in &names {
        writeln!(w, "{n}").map_err(|e| IndexError::io(&names_path, e))?;
    }
    w.flush().map_err(|e| IndexError::io(&names_path, e))?;
    drop(w);
    let encoder_dir = std::path::absolute(encoder.dir()).unwrap_or_else(|_| encoder.dir().into());
    let manifest = IndexManifest {
        format_version: FORMAT_VERSION,
        kbner_version: env!("CARGO_PKG_VERSION").to_string(),
        kb_fingerprint,
        encoder: EncoderInfo {
            name: encoder.name().to_string(),
            fingerprint: encoder.fingerprint().to_string(),
            dim,
            dir: Some(encoder_dir),
        },
        names: names.len() as u64,
        params: opts.params,
        files: check_files(dir)?,
    };
    manifest.write(dir)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(IndexError::Cancelled);
    }
    staging.commit()?;
    cache.remove_other_encoders();
    Ok(BuildReport {
        manifest,
        up_to_date: false,
        reused,
        embedded: names.len() - reused,
    })
}
