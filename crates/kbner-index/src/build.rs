//! `kbner kb index`: embeds every distinct normalized name, builds the HNSW and tantivy indexes,
//! and swaps them into `KB_DIR/index/` atomically.
//!
//! Embedding is the slow part (minutes to hours on a CPU), so it is resumable: vectors are written
//! in chunks to `KB_DIR/.index-cache/` (each chunk written to a temporary name, then renamed), and a
//! rerun after an interruption reuses every finished chunk, provided the knowledge base and encoder
//! fingerprints are unchanged. The cache is removed when the index is complete.

use crate::dense::{DenseBuilder, DenseParams};
use crate::manifest::{check_files, EncoderInfo, IndexManifest, FORMAT_VERSION};
use crate::{lexical, IndexError, Result};
use kbner_encoder::Encoder;
use kbner_job::{Progress, StagingDir};
use kbner_kb::KnowledgeBase;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Index directory name inside the knowledge-base directory.
pub const INDEX_DIR: &str = "index";
const CACHE_DIR: &str = ".index-cache";
/// File listing the indexed names, one per line; line number = name id.
pub const NAMES_FILE: &str = "names.txt";

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// HNSW parameters.
    pub params: DenseParams,
    /// Names embedded per resumable chunk.
    pub chunk: usize,
    /// Embed at most this many new chunks in this run, then stop with [`IndexError::Partial`]
    /// (the work is kept; a rerun continues). `None` = finish.
    pub max_new_chunks: Option<usize>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            params: DenseParams::default(),
            chunk: 4096,
            max_new_chunks: None,
        }
    }
}

#[derive(Serialize, Deserialize, PartialEq)]
struct CacheState {
    kb_fingerprint: String,
    encoder_fingerprint: String,
    chunk: usize,
    names: usize,
}

fn chunk_path(cache: &Path, i: usize) -> PathBuf {
    cache.join(format!("chunk-{i:06}.f32"))
}

fn read_chunk(path: &Path, dim: usize) -> Result<Vec<Vec<f32>>> {
    let bytes = std::fs::read(path).map_err(|e| IndexError::io(path, e))?;
    if bytes.len() % (dim * 4) != 0 {
        return Err(IndexError::Invalid(format!(
            "{}: not a whole number of {dim}-d vectors",
            path.display()
        )));
    }
    Ok(bytes
        .chunks_exact(dim * 4)
        .map(|v| {
            v.chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect()
        })
        .collect())
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

/// Builds (or rebuilds) the concept index of the knowledge base in `kb_dir`.
pub fn build_index(
    kb_dir: &Path,
    encoder: &Encoder,
    opts: &BuildOptions,
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<IndexManifest> {
    opts.params.validate()?;
    let kb = KnowledgeBase::open(kb_dir)?;
    let kb_fingerprint = kb.manifest().fingerprint.clone();
    let names = distinct_names(&kb)?;
    drop(kb);
    let dim = encoder.dim();
    let chunk = opts.chunk.max(1);
    let n_chunks = names.len().div_ceil(chunk);

    // 1. Embeddings, resumable.
    let cache = kb_dir.join(CACHE_DIR);
    let state = CacheState {
        kb_fingerprint: kb_fingerprint.clone(),
        encoder_fingerprint: encoder.fingerprint().to_string(),
        chunk,
        names: names.len(),
    };
    let state_path = cache.join("state.json");
    let reusable = std::fs::read(&state_path)
        .ok()
        .and_then(|b| serde_json::from_slice::<CacheState>(&b).ok())
        .is_some_and(|s| s == state);
    if !reusable {
        let _ = std::fs::remove_dir_all(&cache);
        std::fs::create_dir_all(&cache).map_err(|e| IndexError::io(&cache, e))?;
        let json = serde_json::to_vec(&state).map_err(|e| IndexError::Invalid(e.to_string()))?;
        kbner_job::write_file(&state_path, &json)?;
    }
    let done: Vec<bool> = (0..n_chunks)
        .map(|i| {
            let expected = (chunk.min(names.len() - i * chunk) * dim * 4) as u64;
            std::fs::metadata(chunk_path(&cache, i)).is_ok_and(|m| m.len() == expected)
        })
        .collect();
    let reused = done.iter().filter(|d| **d).count();
    if reused > 0 {
        progress.message(&format!(
            "reusing {reused} of {n_chunks} embedded chunks from an interrupted build"
        ));
    }
    progress.start_task("embedding", names.len() as u64);
    let mut new_chunks = 0usize;
    for (i, is_done) in done.iter().enumerate() {
        let slice = &names[i * chunk..((i + 1) * chunk).min(names.len())];
        if !is_done {
            if cancel.load(Ordering::Relaxed) {
                return Err(IndexError::Cancelled);
            }
            if opts.max_new_chunks.is_some_and(|m| new_chunks >= m) {
                let embedded = (0..n_chunks)
                    .filter(|&j| chunk_path(&cache, j).exists())
                    .map(|j| chunk.min(names.len() - j * chunk))
                    .sum();
                return Err(IndexError::Partial {
                    embedded,
                    total: names.len(),
                });
            }
            new_chunks += 1;
            let texts: Vec<&str> = slice.iter().map(|s| s.as_ref()).collect();
            let vectors = encoder.embed(&texts)?;
            let bytes: Vec<u8> = vectors
                .iter()
                .flatten()
                .flat_map(|x| x.to_le_bytes())
                .collect();
            kbner_job::write_file(&chunk_path(&cache, i), &bytes)?;
        }
        progress.advance(slice.len() as u64);
    }
    progress.finish_file();

    // 2. Indexes, built in a staging directory.
    let target = kb_dir.join(INDEX_DIR);
    let staging = StagingDir::create(&target)?;
    let dir = staging.path();
    progress.start_task("HNSW graph", names.len() as u64);
    let builder = DenseBuilder::new(names.len(), &opts.params)?;
    for i in 0..n_chunks {
        if cancel.load(Ordering::Relaxed) {
            return Err(IndexError::Cancelled);
        }
        let vectors = read_chunk(&chunk_path(&cache, i), dim)?;
        builder.insert(&vectors, i * chunk);
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
    let manifest = IndexManifest {
        format_version: FORMAT_VERSION,
        kbner_version: env!("CARGO_PKG_VERSION").to_string(),
        kb_fingerprint,
        encoder: EncoderInfo {
            name: encoder.name().to_string(),
            fingerprint: encoder.fingerprint().to_string(),
            dim,
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
    let _ = std::fs::remove_dir_all(&cache);
    Ok(manifest)
}
