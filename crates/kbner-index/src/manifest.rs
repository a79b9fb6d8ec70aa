//! The index manifest: what the index was built from, with which parameters, and file checksums.

use crate::dense::DenseParams;
use crate::{IndexError, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// Version of the index layout.
pub const FORMAT_VERSION: u32 = 1;
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
