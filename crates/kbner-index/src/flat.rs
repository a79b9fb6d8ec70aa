//! A compact, read-only copy of an hnsw_rs graph, searched without allocating per step.
//!
//! hnsw_rs builds and persists the graph. Its own search keeps the visited points in a `HashMap`
//! with an `Arc` clone each, and allocates an `Arc` per candidate, which bounds queries per second
//! more than the distance computations do at a million points. Once the graph is built or loaded,
//! [`FlatGraph`] copies it into flat arrays:
//!
//! - the vectors, contiguous and indexed by data id;
//! - layer 0 as compressed sparse rows of `u32` neighbour ids;
//! - the few points of the upper layers (about 1 in M) in a map per layer.
//!
//! and searches it with the standard HNSW procedure (greedy descent through the upper layers, then
//! a beam of width `ef` on layer 0) using a reusable visited-stamp array and software prefetch.
//! The hnsw_rs structure is dropped afterwards, so the index costs the raw vectors plus 4 bytes per
//! link.

use crate::dot::{dot, Widen};
use half::f16;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::sync::Mutex;

/// A vector element type the flat graph can store: f32, or f16 compared against an f32 query.
pub trait Element: Widen + Send + Sync + 'static {
    /// Type code in the graph file.
    const CODE: u8;
    /// Bytes per element in the graph file (little-endian).
    const BYTES: usize;
    /// Appends the little-endian bytes.
    fn put(self, out: &mut Vec<u8>);
    /// Reads one element from `Self::BYTES` little-endian bytes.
    fn get(bytes: &[u8]) -> Self;
}

impl Element for f32 {
    const CODE: u8 = 0;
    const BYTES: usize = 4;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(b: &[u8]) -> Self {
        f32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
}

impl Element for f16 {
    const CODE: u8 = 1;
    const BYTES: usize = 2;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_bits().to_le_bytes());
    }
    fn get(b: &[u8]) -> Self {
        f16::from_bits(u16::from_le_bytes([b[0], b[1]]))
    }
}

/// Hints the CPU to start loading `bytes` bytes at `p` (a no-op off x86_64).
#[inline(always)]
fn prefetch<T>(p: *const T, bytes: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let p = p as *const i8;
        let mut off = 0;
        while off < bytes {
            // SAFETY: prefetching is a hint; it never faults, even on an invalid address.
            unsafe { _mm_prefetch(p.wrapping_add(off), _MM_HINT_T0) };
            off += 64;
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (p, bytes);
}

/// First bytes of a graph file.
const MAGIC: &[u8; 8] = b"KBFLAT01";

/// Reads `len` elements of `width` bytes each, converting blocks as they come.
fn read_list<R: Read, X>(
    r: &mut R,
    len: usize,
    width: usize,
    get: impl Fn(&[u8]) -> X,
) -> std::io::Result<Vec<X>> {
    let mut out = Vec::with_capacity(len);
    let mut buf = vec![0u8; width << 14];
    let mut left = len;
    while left > 0 {
        let take = left.min(1 << 14);
        let bytes = &mut buf[..take * width];
        r.read_exact(bytes)?;
        out.extend(bytes.chunks_exact(width).map(&get));
        left -= take;
    }
    Ok(out)
}

/// Links of one layer, as compressed sparse rows.
#[derive(Debug, Default)]
struct Links {
    /// Row of each point present on the layer (upper layers only; layer 0 holds every point and
    /// uses the data id as row).
    rows: Option<HashMap<u32, u32>>,
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Links {
    fn of(&self, id: u32) -> &[u32] {
        let row = match &self.rows {
            None => id as usize,
            Some(rows) => match rows.get(&id) {
                Some(&r) => r as usize,
                None => return &[],
            },
        };
        match (self.offsets.get(row), self.offsets.get(row + 1)) {
            (Some(&a), Some(&b)) => &self.targets[a as usize..b as usize],
            _ => &[],
        }
    }

    fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * 4
            + self.targets.capacity() * 4
            + self.rows.as_ref().map_or(0, |r| r.capacity() * 12)
    }
}

/// Visited marks for one search: a point is visited when its stamp equals the current epoch, so
/// clearing is a counter increment (a full reset once every 2³² searches).
struct Visited {
    stamps: Vec<u32>,
    epoch: u32,
}

impl Visited {
    fn new(n: usize) -> Self {
        Visited {
            stamps: vec![0; n],
            epoch: 0,
        }
    }

    fn next_epoch(&mut self) {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamps.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
    }

    /// Marks `id`; true when it was not marked yet in this search.
    fn insert(&mut self, id: u32) -> bool {
        let slot = &mut self.stamps[id as usize];
        if *slot == self.epoch {
            false
        } else {
            *slot = self.epoch;
            true
        }
    }
}

/// A point and its distance to the query, ordered by distance (ties by id).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scored {
    dist: f32,
    id: u32,
}

impl Eq for Scored {}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.dist
            .total_cmp(&other.dist)
            .then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A read-only HNSW graph in flat arrays (see the module documentation).
pub struct FlatGraph<T: Element> {
    dim: usize,
    vectors: Vec<T>,
    /// Layer 0 first, then the upper layers.
    layers: Vec<Links>,
    entry: u32,
    visited_pool: Mutex<Vec<Visited>>,
}

impl<T: Element> FlatGraph<T> {
    /// A graph over `vectors` (row-major, `dim` wide) with these layers, searched from `entry`.
    fn from_parts(dim: usize, vectors: Vec<T>, layers: Vec<Links>, entry: u32) -> Self {
        FlatGraph {
            dim,
            vectors,
            layers,
            entry,
            visited_pool: Mutex::new(Vec::new()),
        }
    }

    /// Copies an hnsw_rs graph whose data ids are `0..n`, each used once.
    pub fn from_hnsw<D>(hnsw: &hnsw_rs::hnsw::Hnsw<'_, T, D>) -> Result<Self, String>
    where
        T: Clone + Send + Sync + std::fmt::Debug,
        D: hnsw_rs::prelude::Distance<T> + Send + Sync,
    {
        let points = hnsw.get_point_indexation();
        let n = hnsw.get_nb_point();
        let top = points.get_max_level_observed() as usize;
        let mut dim = 0usize;
        let mut vectors: Vec<T> = Vec::new();
        let mut seen = vec![false; n];
        // Per layer: (data id, neighbour data ids), in layer order.
        let mut adjacency: Vec<Vec<(u32, Vec<u32>)>> = (0..=top).map(|_| Vec::new()).collect();
        let mut level0: Vec<Vec<u32>> = vec![Vec::new(); n];
        for layer in 0..=top {
            for point in points.get_layer_iterator(layer) {
                let id = point.get_origin_id();
                if id >= n || seen[id] {
                    return Err(format!(
                        "data id {id} is out of range or repeated (expected each of 0..{n} once)"
                    ));
                }
                seen[id] = true;
                let v = point.get_v();
                if dim == 0 {
                    dim = v.len();
                    vectors = vec![v[0]; n * dim];
                } else if v.len() != dim {
                    return Err(format!("vector {id} has {} dimensions, not {dim}", v.len()));
                }
                vectors[id * dim..(id + 1) * dim].copy_from_slice(v);
                for (l, neighbours) in point.get_neighborhood_id().into_iter().enumerate() {
                    let ids: Vec<u32> = neighbours.iter().map(|nb| nb.d_id as u32).collect();
                    if l == 0 {
                        level0[id] = ids;
                    } else if l <= top && !ids.is_empty() {
                        adjacency[l].push((id as u32, ids));
                    }
                }
            }
        }
        if let Some(missing) = seen.iter().position(|s| !s) {
            return Err(format!("data id {missing} is missing from the graph"));
        }
        let mut layers = Vec::with_capacity(top + 1);
        let mut l0 = Links {
            rows: None,
            offsets: Vec::with_capacity(n + 1),
            targets: Vec::with_capacity(level0.iter().map(Vec::len).sum()),
        };
        l0.offsets.push(0);
        for ids in level0 {
            l0.targets.extend_from_slice(&ids);
            l0.offsets.push(l0.targets.len() as u32);
        }
        layers.push(l0);
        for rows in adjacency.into_iter().skip(1) {
            let mut links = Links {
                rows: Some(HashMap::with_capacity(rows.len())),
                offsets: vec![0],
                targets: Vec::new(),
            };
            for (row, (id, ids)) in rows.into_iter().enumerate() {
                if let Some(r) = links.rows.as_mut() {
                    r.insert(id, row as u32);
                }
                links.targets.extend_from_slice(&ids);
                links.offsets.push(links.targets.len() as u32);
            }
            layers.push(links);
        }
        // Any point of the top layer is a valid entry; hnsw_rs uses one of them.
        let entry = points
            .get_layer_iterator(top)
            .next()
            .map_or(0, |p| p.get_origin_id() as u32);
        Ok(FlatGraph::from_parts(dim, vectors, layers, entry))
    }

    /// Writes the graph to `path` (see [`FlatGraph::read`]).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut w = BufWriter::new(File::create(path)?);
        let mut head = Vec::with_capacity(32);
        head.extend_from_slice(MAGIC);
        head.push(T::CODE);
        head.extend_from_slice(&(self.dim as u32).to_le_bytes());
        head.extend_from_slice(&(self.len() as u64).to_le_bytes());
        head.extend_from_slice(&self.entry.to_le_bytes());
        head.extend_from_slice(&(self.layers.len() as u32).to_le_bytes());
        w.write_all(&head)?;
        let mut buf = Vec::with_capacity(1 << 16);
        for chunk in self.vectors.chunks(1 << 14) {
            buf.clear();
            chunk.iter().for_each(|x| x.put(&mut buf));
            w.write_all(&buf)?;
        }
        for links in &self.layers {
            let rows: Vec<u32> = match &links.rows {
                None => Vec::new(),
                Some(map) => {
                    let mut by_row = vec![0u32; map.len()];
                    for (&id, &row) in map {
                        by_row[row as usize] = id;
                    }
                    by_row
                }
            };
            for list in [&rows, &links.offsets, &links.targets] {
                w.write_all(&(list.len() as u64).to_le_bytes())?;
                for chunk in list.chunks(1 << 14) {
                    buf.clear();
                    chunk
                        .iter()
                        .for_each(|x| buf.extend_from_slice(&x.to_le_bytes()));
                    w.write_all(&buf)?;
                }
            }
        }
        w.flush()
    }

    /// Reads a graph written by [`FlatGraph::write`]: straight into the flat arrays, without
    /// rebuilding hnsw_rs's structure.
    pub fn read(path: &Path) -> Result<Self, String> {
        let err = |e: std::io::Error| format!("{}: {e}", path.display());
        let mut r = BufReader::with_capacity(1 << 20, File::open(path).map_err(err)?);
        let mut head = [0u8; 29];
        r.read_exact(&mut head).map_err(err)?;
        if &head[..8] != MAGIC {
            return Err(format!("{}: not a kbner HNSW graph file", path.display()));
        }
        if head[8] != T::CODE {
            return Err(format!(
                "{}: vectors stored with type code {}, expected {}",
                path.display(),
                head[8],
                T::CODE
            ));
        }
        let u32_at =
            |i: usize| u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
        let dim = u32_at(9) as usize;
        let n = u64::from_le_bytes(head[13..21].try_into().unwrap_or_default()) as usize;
        let entry = u32_at(21);
        let n_layers = u32_at(25) as usize;
        let vectors: Vec<T> = read_list(&mut r, n * dim, T::BYTES, T::get).map_err(err)?;
        let mut layers = Vec::with_capacity(n_layers);
        for layer in 0..n_layers {
            let mut lists = Vec::with_capacity(3);
            for _ in 0..3 {
                let mut len = [0u8; 8];
                r.read_exact(&mut len).map_err(err)?;
                let len = u64::from_le_bytes(len) as usize;
                if len > n.max(1) * 1024 {
                    return Err(format!("{}: corrupt link list", path.display()));
                }
                lists.push(
                    read_list(&mut r, len, 4, |b| {
                        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
                    })
                    .map_err(err)?,
                );
            }
            let targets = lists.pop().unwrap_or_default();
            let offsets = lists.pop().unwrap_or_default();
            let rows = lists.pop().unwrap_or_default();
            let bad = offsets.last().is_some_and(|&o| o as usize != targets.len())
                || targets.iter().any(|&t| t as usize >= n);
            if bad {
                return Err(format!(
                    "{}: corrupt links in layer {layer}",
                    path.display()
                ));
            }
            layers.push(Links {
                rows: (layer > 0).then(|| {
                    rows.iter()
                        .enumerate()
                        .map(|(row, &id)| (id, row as u32))
                        .collect()
                }),
                offsets,
                targets,
            });
        }
        if (n > 0 && entry as usize >= n)
            || layers.first().is_some_and(|l| l.offsets.len() != n + 1)
        {
            return Err(format!("{}: corrupt graph header", path.display()));
        }
        Ok(FlatGraph::from_parts(dim, vectors, layers, entry))
    }

    /// Number of vectors.
    pub fn len(&self) -> usize {
        self.vectors.len() / self.dim.max(1)
    }

    /// True when the graph holds no vector.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held: vectors and links.
    pub fn heap_bytes(&self) -> usize {
        self.vectors.capacity() * std::mem::size_of::<T>()
            + self.layers.iter().map(Links::heap_bytes).sum::<usize>()
    }

    fn vector(&self, id: u32) -> &[T] {
        let i = id as usize * self.dim;
        &self.vectors[i..i + self.dim]
    }

    fn distance(&self, query: &[f32], id: u32) -> f32 {
        1.0 - dot(query, self.vector(id))
    }

    /// The `k` nearest points to `query` with a beam of `ef` (at least `k`) on layer 0:
    /// (data id, distance = 1 − dot product), nearest first.
    pub fn search(&self, query: &[f32], k: usize, ef: usize) -> Vec<(u32, f32)> {
        if self.is_empty() || k == 0 || query.len() != self.dim {
            return Vec::new();
        }
        let ef = ef.max(k);
        // Greedy descent: move to a closer neighbour until none is closer, layer by layer.
        let mut current = Scored {
            dist: self.distance(query, self.entry),
            id: self.entry,
        };
        for links in self.layers.iter().skip(1).rev() {
            loop {
                let mut moved = false;
                for &nb in links.of(current.id) {
                    let d = self.distance(query, nb);
                    if d < current.dist {
                        current = Scored { dist: d, id: nb };
                        moved = true;
                    }
                }
                if !moved {
                    break;
                }
            }
        }
        let mut visited = self
            .visited_pool
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_else(|| Visited::new(self.len()));
        visited.next_epoch();
        let found = self.beam(query, current, ef, &mut visited);
        if let Ok(mut pool) = self.visited_pool.lock() {
            pool.push(visited);
        }
        let mut out: Vec<(u32, f32)> = found.into_iter().map(|s| (s.id, s.dist)).collect();
        out.truncate(k);
        out
    }

    /// Beam search on layer 0 from `start`; the `ef` nearest points found, nearest first.
    fn beam(&self, query: &[f32], start: Scored, ef: usize, visited: &mut Visited) -> Vec<Scored> {
        let level0 = &self.layers[0];
        let vector_bytes = self.dim * std::mem::size_of::<T>();
        // Candidates to expand, nearest on top; results so far, farthest on top.
        let mut candidates = BinaryHeap::with_capacity(ef * 2);
        let mut results = BinaryHeap::with_capacity(ef + 1);
        visited.insert(start.id);
        candidates.push(std::cmp::Reverse(start));
        results.push(start);
        let mut fresh: Vec<u32> = Vec::with_capacity(64);
        while let Some(std::cmp::Reverse(c)) = candidates.pop() {
            let worst = results.peek().map_or(f32::INFINITY, |s: &Scored| s.dist);
            if c.dist > worst && results.len() >= ef {
                break;
            }
            fresh.clear();
            for &nb in level0.of(c.id) {
                if visited.insert(nb) {
                    prefetch(self.vector(nb).as_ptr(), vector_bytes);
                    fresh.push(nb);
                }
            }
            for &nb in &fresh {
                let d = self.distance(query, nb);
                let worst = results.peek().map_or(f32::INFINITY, |s: &Scored| s.dist);
                if results.len() < ef || d < worst {
                    let s = Scored { dist: d, id: nb };
                    candidates.push(std::cmp::Reverse(s));
                    results.push(s);
                    if results.len() > ef {
                        results.pop();
                    }
                }
            }
        }
        results.into_sorted_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dot::tests::unit;

    #[test]
    fn flat_search_finds_what_brute_force_finds() {
        use hnsw_rs::prelude::{DistDot, Hnsw};
        let dim = 32;
        let data: Vec<Vec<f32>> = (0..2000).map(|i| unit(i + 10, dim)).collect();
        let hnsw = Hnsw::<f32, DistDot>::new(8, data.len(), 16, 100, DistDot);
        let rows: Vec<(&[f32], usize)> = data
            .iter()
            .enumerate()
            .map(|(i, v)| (v.as_slice(), i))
            .collect();
        hnsw.parallel_insert_slice(&rows);
        let flat = FlatGraph::from_hnsw(&hnsw).expect("flatten");
        assert_eq!(flat.len(), 2000);
        let mut found = 0;
        for q in 0..50u64 {
            let query = unit(10_000 + q, dim);
            let mut truth: Vec<(f32, u32)> = data
                .iter()
                .enumerate()
                .map(|(i, v)| (1.0 - dot(&query, v), i as u32))
                .collect();
            truth.sort_by(|a, b| a.0.total_cmp(&b.0));
            let hits = flat.search(&query, 10, 64);
            assert_eq!(hits.len(), 10);
            assert!(hits.windows(2).all(|w| w[0].1 <= w[1].1), "nearest first");
            found += hits
                .iter()
                .filter(|(id, _)| truth[..10].iter().any(|t| t.1 == *id))
                .count();
        }
        // 2000 random 32-d points are hard for any graph; the beam still recovers nearly all.
        assert!(found >= 450, "recall@10 {} of 500", found);
        // An indexed vector finds itself first, at distance ~0.
        let hits = flat.search(&data[123], 1, 16);
        assert_eq!(hits[0].0, 123);
        assert!(hits[0].1.abs() < 1e-5);
        // A query of the wrong dimension finds nothing instead of panicking.
        assert!(flat.search(&[1.0; 3], 5, 16).is_empty());

        // Written and read back, the graph answers every query the same way.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.flat");
        flat.write(&path).unwrap();
        let back = FlatGraph::<f32>::read(&path).unwrap();
        for q in 0..20u64 {
            let query = unit(20_000 + q, dim);
            assert_eq!(back.search(&query, 10, 32), flat.search(&query, 10, 32));
        }
        assert!(FlatGraph::<f16>::read(&path).is_err(), "type code checked");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();
        assert!(
            FlatGraph::<f32>::read(&path).is_err(),
            "truncated file refused"
        );
    }
}
