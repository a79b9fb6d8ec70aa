//! The index manifest: what the index was built from, with which parameters, and file checksums.

use crate::dense::DenseParams;
use crate::{IndexError, Result};
use kbner_encoder::Encoder;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Version of the index layout. 2: encoder fingerprints hash the whole weights file (scheme
/// `kbner-encoder/2`) and the manifest records the encoder's directory; a version 1 index is
/// reported stale.
pub const FORMAT_VERSION: u32 = 2;
/// Manifest file name inside the index directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The encoder an index was built with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncoderInfo {
    /// Model name (its directory name).
    pub name: String,
    /// Encoder fingerprint (model files + options).
    pub fingerprint: String,
    /// Embedding dimension.
    pub dim: usize,
    /// The model directory (absolute), so that searching and linking use the encoder the index
    /// was built with when none is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir: Option<PathBuf>,
}

/// Size and checksum of one index file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCheck {
    /// Bytes.
    pub bytes: u64,
    /// FNV-1a 64 of the content, hex.
    pub fnv64: String,
}

/// Everything recorded about an index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexManifest {
    /// Layout version.
    pub format_version: u32,
    /// kbner version that built it.
    pub kbner_version: String,
    /// Fingerprint of the knowledge base it indexes.
    pub kb_fingerprint: String,
    /// The encoder.
    pub encoder: EncoderInfo,
    /// Distinct normalized names indexed.
    pub names: u64,
    /// HNSW parameters.
    pub params: DenseParams,
    /// Files (relative paths; tantivy files under `lexical/`) with sizes and checksums.
    pub files: BTreeMap<String, FileCheck>,
}

/// FNV-1a 64 of a file, streamed.
pub fn checksum(path: &Path) -> Result<FileCheck> {
    let mut f = std::fs::File::open(path).map_err(|e| IndexError::io(path, e))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut h: u64 = 0xcbf29ce484222325;
    let mut bytes = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| IndexError::io(path, e))?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        for &b in &buf[..n] {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    Ok(FileCheck {
        bytes,
        fnv64: format!("{h:016x}"),
    })
}

/// Records every file under `dir` (recursively) except the manifest.
pub fn check_files(dir: &Path) -> Result<BTreeMap<String, FileCheck>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| IndexError::io(&d, e))? {
            let e = e.map_err(|e| IndexError::io(&d, e))?;
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .into_owned();
                if rel != MANIFEST_FILE && !rel.ends_with(".lock") {
                    out.insert(rel, checksum(&p)?);
                }
            }
        }
    }
    Ok(out)
}

impl IndexManifest {
    /// Reads `dir/manifest.json`.
    pub fn read(dir: &Path) -> Result<Self> {
        let p = dir.join(MANIFEST_FILE);
        let bytes = std::fs::read(&p).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                IndexError::Missing(format!(
                    "no concept index in {} (build it with `kbner kb index --kb {}`)",
                    dir.parent().unwrap_or(dir).display(),
                    dir.parent().unwrap_or(dir).display()
                ))
            } else {
                IndexError::io(&p, e)
            }
        })?;
        serde_json::from_slice(&bytes)
            .map_err(|e| IndexError::Invalid(format!("{}: {e}", p.display())))
    }

    /// Why this index does not serve the store with `kb_fingerprint` searched with `encoder`, if
    /// it does not: an error saying how to rebuild it.
    pub fn check_current(&self, dir: &Path, kb_fingerprint: &str, encoder: &Encoder) -> Result<()> {
        if self.format_version != FORMAT_VERSION {
            let age = if self.format_version < FORMAT_VERSION {
                "an older"
            } else {
                "a newer"
            };
            return Err(IndexError::Stale(format!(
                "the index in {} was built by {age} kbner (index format {}, this one reads {FORMAT_VERSION}); rebuild it with `kbner kb index`",
                dir.display(),
                self.format_version
            )));
        }
        if self.kb_fingerprint != kb_fingerprint {
            return Err(IndexError::Stale(format!(
                "the index in {} was built for another version of the knowledge base (fingerprint {} vs {kb_fingerprint}); rebuild it with `kbner kb index` (unchanged names keep their embeddings)",
                dir.display(),
                self.kb_fingerprint,
            )));
        }
        if self.encoder.fingerprint != encoder.fingerprint() {
            let what = if self.encoder.name == encoder.name() {
                "its files or options changed since"
            } else {
                "another encoder"
            };
            return Err(IndexError::Stale(format!(
                "the index in {} was built with encoder {} ({}), not {} ({}; {what}); use that encoder or rebuild with `kbner kb index`",
                dir.display(),
                self.encoder.name,
                self.encoder.fingerprint,
                encoder.name(),
                encoder.fingerprint()
            )));
        }
        Ok(())
    }

    /// The encoder directory recorded in the index of the knowledge base in `kb_dir`, when there
    /// is an index, it records one, and that directory exists.
    pub fn recorded_encoder_dir(kb_dir: &Path) -> Option<PathBuf> {
        let dir = kb_dir.join(crate::build::INDEX_DIR);
        let _ = kbner_job::recover(&dir);
        Self::read(&dir).ok()?.encoder.dir.filter(|d| d.is_dir())
    }

    /// Writes `dir/manifest.json`.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let p = dir.join(MANIFEST_FILE);
        let json =
            serde_json::to_vec_pretty(self).map_err(|e| IndexError::Invalid(e.to_string()))?;
        std::fs::write(&p, json).map_err(|e| IndexError::io(&p, e))
    }

    /// Checks that every recorded file exists with its recorded size (and, with `full`, checksum).
    pub fn verify(&self, dir: &Path, full: bool) -> Result<()> {
        for (rel, check) in &self.files {
            let p = dir.join(rel);
            let bytes = std::fs::metadata(&p)
                .map_err(|_| {
                    IndexError::Stale(format!(
                        "index file {} is missing; rebuild with `kbner kb index`",
                        p.display()
                    ))
                })?
                .len();
            if bytes != check.bytes || (full && checksum(&p)?.fnv64 != check.fnv64) {
                return Err(IndexError::Stale(format!(
                    "index file {} does not match its manifest (corrupt or modified); rebuild with `kbner kb index`",
                    p.display()
                )));
            }
        }
        Ok(())
    }
}
