//! Dense candidates: an HNSW graph (hnsw_rs) over L2-normalized name embeddings.
//!
//! Distance is `DistDot` (1 − dot product) on unit vectors, which equals cosine distance but runs
//! on hnsw_rs's SIMD path (its `DistCosine` is a scalar f64 loop).

use crate::{IndexError, Result};
use hnsw_rs::prelude::{AnnT, DistDot, Hnsw, HnswIo};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// HNSW parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DenseParams {
    /// Links per node (hnsw_rs `max_nb_connection`); at most 256.
    pub m: usize,
    /// Candidate list size while building.
    pub ef_construction: usize,
    /// Candidate list size while searching (raised to k when k is larger).
    pub ef_search: usize,
}

impl Default for DenseParams {
    fn default() -> Self {
        DenseParams {
            m: 16,
            ef_construction: 200,
            ef_search: 64,
        }
    }
}

impl DenseParams {
    /// Checks the parameters (hnsw_rs exits the process on m > 256).
    pub fn validate(&self) -> Result<()> {
        if self.m < 2 || self.m > 256 {
            return Err(IndexError::Invalid(format!(
                "HNSW m = {} must be within 2..=256",
                self.m
            )));
        }
        if self.ef_construction < 1 || self.ef_search < 1 {
            return Err(IndexError::Invalid(
                "HNSW ef values must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

/// Basename of the hnsw_rs dump files (`dense.hnsw.graph`, `dense.hnsw.data`).
pub const BASENAME: &str = "dense";

/// An HNSW graph being built.
pub struct DenseBuilder {
    hnsw: Hnsw<'static, f32, DistDot>,
}

impl DenseBuilder {
    /// A graph for about `capacity` vectors.
    pub fn new(capacity: usize, params: &DenseParams) -> Result<Self> {
        params.validate()?;
        Ok(DenseBuilder {
            hnsw: Hnsw::new(
                params.m,
                capacity.max(1),
                16,
                params.ef_construction,
                DistDot,
            ),
        })
    }

    /// Inserts `vectors` with ids `first_id..` (in parallel).
    pub fn insert(&self, vectors: &[Vec<f32>], first_id: usize) {
        let data: Vec<(&[f32], usize)> = vectors
            .iter()
            .enumerate()
            .map(|(i, v)| (v.as_slice(), first_id + i))
            .collect();
        self.hnsw.parallel_insert_slice(&data);
    }

    /// Finishes the graph and writes it to `dir`.
    pub fn save(mut self, dir: &Path) -> Result<()> {
        self.hnsw.set_searching_mode(true);
        let name = self
            .hnsw
            .file_dump(dir, BASENAME)
            .map_err(|e| IndexError::Dense(format!("{}: {e}", dir.display())))?;
        if name != BASENAME {
            return Err(IndexError::Dense(format!(
                "hnsw_rs wrote {name} instead of {BASENAME} in {}",
                dir.display()
            )));
        }
        Ok(())
    }

    /// Converts into a searchable index without saving (tests, benchmarks).
    pub fn into_index(mut self, ef_search: usize) -> DenseIndex {
        self.hnsw.set_searching_mode(true);
        DenseIndex {
            hnsw: self.hnsw,
            ef_search,
        }
    }
}

/// A searchable HNSW graph.
pub struct DenseIndex {
    hnsw: Hnsw<'static, f32, DistDot>,
    ef_search: usize,
}

impl DenseIndex {
    /// Loads the graph dumped in `dir`.
    ///
    /// hnsw_rs's loaded graph borrows its loader; the loader (a few paths and options) is leaked so
    /// the graph can be owned. One small allocation per opened index.
    pub fn open(dir: &Path, ef_search: usize) -> Result<Self> {
        for ext in ["hnsw.graph", "hnsw.data"] {
            let p = dir.join(format!("{BASENAME}.{ext}"));
            if !p.is_file() {
                return Err(IndexError::Dense(format!("missing {}", p.display())));
            }
        }
        let io: &'static mut HnswIo = Box::leak(Box::new(HnswIo::new(dir, BASENAME)));
        let hnsw: Hnsw<'static, f32, DistDot> = io
            .load_hnsw()
            .map_err(|e| IndexError::Dense(format!("{}: {e}", dir.display())))?;
        Ok(DenseIndex { hnsw, ef_search })
    }

    /// A view of this index searching with another `ef` (benchmarks, tuning).
    pub fn with_ef(&self, ef_search: usize) -> DenseView<'_> {
        DenseView {
            index: self,
            ef_search,
        }
    }

    /// Number of vectors.
    pub fn len(&self) -> usize {
        self.hnsw.get_nb_point()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `k` nearest vectors to `query` (unit length): (id, cosine similarity), best first.
    pub fn search(&self, query: &[f32], k: usize) -> Vec<(u32, f32)> {
        self.search_ef(query, k, self.ef_search)
    }

    fn search_ef(&self, query: &[f32], k: usize, ef_search: usize) -> Vec<(u32, f32)> {
        if self.is_empty() || k == 0 {
            return Vec::new();
        }
        let ef = ef_search.max(k);
        let mut out: Vec<(u32, f32)> = self
            .hnsw
            .search(query, k, ef)
            .into_iter()
            .map(|n| (n.d_id as u32, 1.0 - n.distance))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// A [`DenseIndex`] searched with a different `ef`.
pub struct DenseView<'a> {
    index: &'a DenseIndex,
    ef_search: usize,
}

impl DenseView<'_> {
    /// Like [`DenseIndex::search`] with this view's `ef`.
    pub fn search(&self, query: &[f32], k: usize) -> Vec<(u32, f32)> {
        self.index.search_ef(query, k, self.ef_search)
    }
}
