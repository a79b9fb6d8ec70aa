//! Dense candidates: an HNSW graph over L2-normalized name embeddings, built by hnsw_rs, then
//! saved, loaded and searched as a `FlatGraph` (`flat.rs`, written as `dense.flat`).
//!
//! Distance is 1 − dot product on unit vectors, which equals cosine distance. Vectors are stored
//! as f32 (built with `DistDot`, hnsw_rs's SIMD path; its `DistCosine` is a scalar f64 loop) or as
//! f16 ([`VectorStorage::F16`]): half the memory and memory traffic, at a cosine error of about 1e-4.

use crate::dot::dot;
use crate::flat::FlatGraph;
use crate::{IndexError, Result};
use half::f16;
use hnsw_rs::prelude::{DistDot, Distance, Hnsw, HnswIo};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// How the graph stores its vectors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VectorStorage {
    /// 4 bytes per dimension.
    #[default]
    F32,
    /// 2 bytes per dimension (IEEE half precision).
    F16,
}

impl std::str::FromStr for VectorStorage {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "f32" => Ok(VectorStorage::F32),
            "f16" => Ok(VectorStorage::F16),
            o => Err(format!("unknown vector storage {o:?} (f32 or f16)")),
        }
    }
}

/// Largest HNSW candidate list accepted (`ef_construction`, `ef_search`): far above useful
/// values (recall saturates in the hundreds), low enough that no value allocates absurdly.
pub const MAX_EF: usize = 10_000;

/// HNSW parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DenseParams {
    /// Links per node (hnsw_rs `max_nb_connection`); at most 256.
    pub m: usize,
    /// Candidate list size while building.
    pub ef_construction: usize,
    /// Candidate list size while searching (raised to k when k is larger).
    pub ef_search: usize,
    /// Vector storage (indexes written before this option existed are f32).
    #[serde(default)]
    pub storage: VectorStorage,
}

impl Default for DenseParams {
    fn default() -> Self {
        DenseParams {
            m: 16,
            ef_construction: 200,
            ef_search: 64,
            storage: VectorStorage::F32,
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
        for (what, ef) in [
            ("ef_construction", self.ef_construction),
            ("ef_search", self.ef_search),
        ] {
            if !(1..=MAX_EF).contains(&ef) {
                return Err(IndexError::Invalid(format!(
                    "HNSW {what} = {ef} must be within 1..={MAX_EF}"
                )));
            }
        }
        Ok(())
    }
}

/// 1 − dot product of two f16 vectors, accumulated in f32: hnsw_rs's distance while it builds an
/// f16 graph.
#[derive(Debug, Clone, Copy, Default)]
struct DistDotF16;

impl Distance<f16> for DistDotF16 {
    fn eval(&self, a: &[f16], b: &[f16]) -> f32 {
        (1.0 - dot(a, b)).max(0.0)
    }
}

fn to_f16(v: &[f32]) -> Vec<f16> {
    let mut out = vec![f16::ZERO; v.len()];
    half::slice::HalfFloatSliceExt::convert_from_f32_slice(&mut out[..], v);
    out
}

/// Basename of the hnsw_rs dump files (`dense.hnsw.graph`, `dense.hnsw.data`) that indexes
/// written before [`FLAT_FILE`] hold.
const BASENAME: &str = "dense";

/// The graph file of an index: its [`FlatGraph`] copy.
const FLAT_FILE: &str = "dense.flat";

/// The graph, by vector storage.
enum Graph {
    F32(Hnsw<'static, f32, DistDot>),
    F16(Hnsw<'static, f16, DistDotF16>),
}

impl Graph {
    fn set_searching_mode(&mut self) {
        match self {
            Graph::F32(h) => h.set_searching_mode(true),
            Graph::F16(h) => h.set_searching_mode(true),
        }
    }
}

/// Inserts `rows` with ids `first_id..` into `h`, in parallel.
fn insert_rows<T, D>(h: &Hnsw<'static, T, D>, rows: &[Vec<T>], first_id: usize)
where
    T: Clone + Send + Sync,
    D: Distance<T> + Send + Sync,
{
    let data: Vec<(&[T], usize)> = rows
        .iter()
        .enumerate()
        .map(|(i, v)| (v.as_slice(), first_id + i))
        .collect();
    h.parallel_insert_slice(&data);
}

/// An HNSW graph being built.
pub struct DenseBuilder {
    graph: Graph,
}

impl DenseBuilder {
    /// A graph for about `capacity` vectors.
    pub fn new(capacity: usize, params: &DenseParams) -> Result<Self> {
        params.validate()?;
        let (m, cap, efc) = (params.m, capacity.max(1), params.ef_construction);
        let graph = match params.storage {
            VectorStorage::F32 => Graph::F32(Hnsw::new(m, cap, 16, efc, DistDot)),
            VectorStorage::F16 => Graph::F16(Hnsw::new(m, cap, 16, efc, DistDotF16)),
        };
        Ok(DenseBuilder { graph })
    }

    /// Inserts `vectors` with ids `first_id..` (in parallel).
    pub fn insert(&self, vectors: &[Vec<f32>], first_id: usize) {
        match &self.graph {
            Graph::F32(h) => insert_rows(h, vectors, first_id),
            Graph::F16(h) => {
                let halves: Vec<Vec<f16>> = vectors.iter().map(|v| to_f16(v)).collect();
                insert_rows(h, &halves, first_id);
            }
        }
    }

    /// Finishes the graph and writes its flat copy to `dir` (`dense.flat`), which is what
    /// [`DenseIndex::open`] reads back without rebuilding hnsw_rs's structure.
    pub fn save(mut self, dir: &Path) -> Result<()> {
        self.graph.set_searching_mode();
        let path = dir.join(FLAT_FILE);
        match Flat::from_graph(&self.graph)? {
            Flat::F32(g) => g.write(&path),
            Flat::F16(g) => g.write(&path),
        }
        .map_err(|e| IndexError::io(&path, e))
    }

    /// hnsw_rs's own search on the graph being built: (id, cosine similarity), best first.
    /// Benchmarks compare it with [`DenseIndex::search`] on the same graph.
    pub fn search_hnsw_rs(&self, query: &[f32], k: usize, ef: usize) -> Vec<(u32, f32)> {
        let found = match &self.graph {
            Graph::F32(h) => h.search(query, k, ef.max(k)),
            Graph::F16(h) => h.search(&to_f16(query), k, ef.max(k)),
        };
        let mut out: Vec<(u32, f32)> = found
            .into_iter()
            .map(|n| (n.d_id as u32, 1.0 - n.distance))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// Converts into a searchable index without saving (tests, benchmarks).
    pub fn into_index(mut self, ef_search: usize) -> Result<DenseIndex> {
        self.graph.set_searching_mode();
        Ok(DenseIndex {
            flat: Flat::from_graph(&self.graph)?,
            ef_search,
        })
    }
}

/// The flat copy of the graph, by vector storage.
enum Flat {
    F32(FlatGraph<f32>),
    F16(FlatGraph<f16>),
}

impl Flat {
    fn from_graph(graph: &Graph) -> Result<Self> {
        let err = |e: String| IndexError::Dense(format!("flattening the HNSW graph: {e}"));
        Ok(match graph {
            Graph::F32(h) => Flat::F32(FlatGraph::from_hnsw(h).map_err(err)?),
            Graph::F16(h) => Flat::F16(FlatGraph::from_hnsw(h).map_err(err)?),
        })
    }
}

/// A searchable HNSW graph: built by hnsw_rs, searched as a flat copy (`FlatGraph`).
pub struct DenseIndex {
    flat: Flat,
    ef_search: usize,
}

impl DenseIndex {
    /// Loads the graph dumped in `dir`, stored as `storage`, and flattens it (hnsw_rs's own
    /// structure is dropped once copied).
    pub fn open(dir: &Path, ef_search: usize, storage: VectorStorage) -> Result<Self> {
        let path = dir.join(FLAT_FILE);
        if path.is_file() {
            let flat = match storage {
                VectorStorage::F32 => FlatGraph::read(&path).map(Flat::F32),
                VectorStorage::F16 => FlatGraph::read(&path).map(Flat::F16),
            }
            .map_err(IndexError::Dense)?;
            return Ok(DenseIndex { flat, ef_search });
        }
        // Indexes written before `dense.flat` existed hold hnsw_rs's own dump.
        for ext in ["hnsw.graph", "hnsw.data"] {
            let p = dir.join(format!("{BASENAME}.{ext}"));
            if !p.is_file() {
                return Err(IndexError::Dense(format!("missing {}", p.display())));
            }
        }
        let mut io = HnswIo::new(dir, BASENAME);
        let err = |e: &dyn std::fmt::Display| IndexError::Dense(format!("{}: {e}", dir.display()));
        let flatten = |e: String| IndexError::Dense(format!("{}: {e}", dir.display()));
        let flat = match storage {
            VectorStorage::F32 => {
                let h: Hnsw<'_, f32, DistDot> = io.load_hnsw().map_err(|e| err(&e))?;
                Flat::F32(FlatGraph::from_hnsw(&h).map_err(flatten)?)
            }
            VectorStorage::F16 => {
                let h = io.load_hnsw_with_dist(DistDotF16).map_err(|e| err(&e))?;
                Flat::F16(FlatGraph::from_hnsw(&h).map_err(flatten)?)
            }
        };
        Ok(DenseIndex { flat, ef_search })
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
        match &self.flat {
            Flat::F32(g) => g.len(),
            Flat::F16(g) => g.len(),
        }
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held by the vectors and links.
    pub fn heap_bytes(&self) -> usize {
        match &self.flat {
            Flat::F32(g) => g.heap_bytes(),
            Flat::F16(g) => g.heap_bytes(),
        }
    }

    /// The `k` nearest vectors to `query` (unit length): (id, cosine similarity), best first.
    pub fn search(&self, query: &[f32], k: usize) -> Vec<(u32, f32)> {
        self.search_ef(query, k, self.ef_search)
    }

    fn search_ef(&self, query: &[f32], k: usize, ef_search: usize) -> Vec<(u32, f32)> {
        let found = match &self.flat {
            Flat::F32(g) => g.search(query, k, ef_search),
            Flat::F16(g) => g.search(query, k, ef_search),
        };
        found.into_iter().map(|(id, d)| (id, 1.0 - d)).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_graph_and_a_legacy_hnsw_rs_dump_open_to_the_same_answers() {
        use hnsw_rs::prelude::AnnT;
        let rows: Vec<Vec<f32>> = (0..300)
            .map(|i| {
                let v: Vec<f32> = (0..16)
                    .map(|j| (((i * 31 + j * 7) % 23) as f32) - 11.0)
                    .collect();
                let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
                v.iter().map(|x| x / n).collect()
            })
            .collect();
        let params = DenseParams::default();
        let (new, legacy) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let builder = DenseBuilder::new(rows.len(), &params).unwrap();
        builder.insert(&rows, 0);
        if let Graph::F32(h) = &builder.graph {
            assert_eq!(h.file_dump(legacy.path(), BASENAME).unwrap(), BASENAME);
        }
        builder.save(new.path()).unwrap();
        assert!(new.path().join(FLAT_FILE).is_file());
        let a = DenseIndex::open(new.path(), 32, VectorStorage::F32).unwrap();
        let b = DenseIndex::open(legacy.path(), 32, VectorStorage::F32).unwrap();
        assert_eq!(a.len(), 300);
        for q in rows.iter().step_by(37) {
            let hits = a.search(q, 5);
            assert!(hits[0].1 > 0.999, "a stored vector finds itself");
            assert_eq!(hits, b.search(q, 5));
        }
        // An f16 index read as f32 is refused, not misread.
        assert!(DenseIndex::open(new.path(), 32, VectorStorage::F16).is_err());
    }

    #[test]
    fn f16_distance_matches_f32() {
        let a: Vec<f32> = (0..384).map(|i| ((i * 7919) % 97) as f32 - 48.0).collect();
        let b: Vec<f32> = (0..384)
            .map(|i| ((i * 104729) % 89) as f32 - 44.0)
            .collect();
        let unit = |v: &[f32]| {
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter().map(|x| x / n).collect::<Vec<f32>>()
        };
        let (a, b) = (unit(&a), unit(&b));
        let exact = 1.0 - a.iter().zip(&b).map(|(x, y)| x * y).sum::<f32>();
        let approx = DistDotF16.eval(&to_f16(&a), &to_f16(&b));
        assert!((exact - approx).abs() < 1e-3, "{exact} vs {approx}");
        assert!(DistDotF16.eval(&to_f16(&a), &to_f16(&a)) < 1e-3);
    }
}
