//! HNSW benchmark on clustered 384-d unit vectors (realistic neighbourhood structure; uniform random
//! vectors have none and make recall meaningless): build time, recall@10 against brute force,
//! single-thread queries/s at several ef, and memory.
//!
//! ```text
//! cargo bench -p kbner-index --bench hnsw                 # 1M vectors
//! KBNER_HNSW_N=200000 cargo bench -p kbner-index --bench hnsw
//! KBNER_HNSW_STORAGE=f16 cargo bench -p kbner-index --bench hnsw   # half-precision vectors
//! ```

use kbner_index::{DenseBuilder, DenseParams};
use std::time::Instant;

const DIM: usize = 384;

/// A k-nearest-neighbour search: (query, k) → (id, cosine), best first.
type Search<'a> = dyn Fn(&[f32], usize) -> Vec<(u32, f32)> + 'a;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// SplitMix64 → standard normal via Box–Muller.
struct Rng(u64);
impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f32 {
        ((self.next_u64() >> 40) as f32 + 0.5) / (1u64 << 24) as f32
    }
    fn normal(&mut self) -> f32 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f32::consts::PI * v).cos()
    }
}

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= n);
}

/// Points around `clusters` random centres, with spread comparable to name embeddings
/// (nearest-neighbour cosines ~0.8–0.95).
fn clustered(n: usize, clusters: usize, rng: &mut Rng) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
    let centres: Vec<Vec<f32>> = (0..clusters)
        .map(|_| {
            let mut c: Vec<f32> = (0..DIM).map(|_| rng.normal()).collect();
            normalize(&mut c);
            c
        })
        .collect();
    let points = (0..n)
        .map(|_| {
            let c = &centres[(rng.next_u64() % clusters as u64) as usize];
            let mut p: Vec<f32> = c.iter().map(|x| x + 0.035 * rng.normal()).collect();
            normalize(&mut p);
            p
        })
        .collect();
    (centres, points)
}

fn vm_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let n = env_or("KBNER_HNSW_N", 1_000_000);
    let queries = env_or("KBNER_HNSW_QUERIES", 300);
    let params = DenseParams {
        m: env_or("KBNER_HNSW_M", 16),
        ef_construction: env_or("KBNER_HNSW_EFC", 100),
        ef_search: 64,
        storage: std::env::var("KBNER_HNSW_STORAGE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_default(),
    };
    let mut rng = Rng(42);
    let (_, points) = clustered(n, (n / 100).max(10), &mut rng);
    // Same seed: the queries are the first data points themselves, so each query's nearest
    // neighbour is its own vector (as a mention often equals a KB name); recall is about the rest.
    let (_, qs) = clustered(queries, (n / 100).max(10), &mut Rng(42));
    let raw_mib = (n * DIM * 4) as f64 / 1048576.0;
    let rss0 = vm_kib("VmRSS:");
    println!(
        "{n} vectors × {DIM} (clustered), {queries} queries, M {} ef_construction {}, {:?} storage",
        params.m, params.ef_construction, params.storage
    );

    let t = Instant::now();
    let builder = DenseBuilder::new(n, &params).unwrap();
    for (i, chunk) in points.chunks(10_000).enumerate() {
        builder.insert(chunk, i * 10_000);
    }
    let build_s = t.elapsed().as_secs_f64();
    let rss1 = vm_kib("VmRSS:");
    println!(
        "build: {build_s:.1} s ({:.0} inserts/s on {} threads); RSS +{:.0} MiB with the raw vectors ({raw_mib:.0} MiB) still held",
        n as f64 / build_s,
        rayon::current_num_threads(),
        (rss1.saturating_sub(rss0)) as f64 / 1024.0
    );

    // Brute-force ground truth, with the neighbour cosines that say how hard the data is (compare
    // with real name embeddings: `cargo run --release -p kbner-index --example neighbour_stats`).
    let t = Instant::now();
    let (truth, cosines): (Vec<Vec<u32>>, Vec<[f32; 3]>) = {
        use rayon::prelude::*;
        qs.par_iter()
            .map(|q| {
                let mut best: Vec<(f32, u32)> = points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (q.iter().zip(p).map(|(a, b)| a * b).sum::<f32>(), i as u32))
                    .collect();
                best.select_nth_unstable_by(11, |a, b| b.0.total_cmp(&a.0));
                best.truncate(11);
                best.sort_by(|a, b| b.0.total_cmp(&a.0));
                let cos = [best[0].0, best[9].0, best[10].0];
                (best[..10].iter().map(|(_, i)| *i).collect(), cos)
            })
            .unzip()
    };
    let median = |k: usize| {
        let mut v: Vec<f32> = cosines.iter().map(|c| c[k]).collect();
        v.sort_by(f32::total_cmp);
        v[v.len() / 2]
    };
    let mut gaps: Vec<f32> = cosines.iter().map(|c| c[1] - c[2]).collect();
    gaps.sort_by(f32::total_cmp);
    println!(
        "brute force ground truth: {:.1} s; median neighbour cosines 1st {:.3}, 10th {:.3}, 11th {:.3}, 10th-11th gap {:.4}",
        t.elapsed().as_secs_f64(),
        median(0),
        median(1),
        median(2),
        gaps[gaps.len() / 2]
    );
    drop(points);
    let rss2 = vm_kib("VmRSS:");
    println!(
        "hnsw_rs graph RSS after dropping the raw vectors: {:.0} MiB ({:.2}× the raw vectors)",
        (rss2.saturating_sub(rss0)) as f64 / 1024.0,
        (rss2.saturating_sub(rss0)) as f64 / 1024.0 / raw_mib
    );

    // The same graph, searched by hnsw_rs and by the flat copy kbner searches, side by side.
    let efs = [16usize, 32, 48, 64, 96, 128];
    let run = |search: &Search| {
        let t = Instant::now();
        let mut found = 0usize;
        for (q, truth) in qs.iter().zip(&truth) {
            found += search(q, 10)
                .iter()
                .filter(|(id, _)| truth.contains(id))
                .count();
        }
        let secs = t.elapsed().as_secs_f64();
        (
            found as f64 / (10 * qs.len()) as f64,
            qs.len() as f64 / secs,
        )
    };
    let mut hnsw_rs_rows = Vec::new();
    for ef in efs {
        hnsw_rs_rows.push(run(&|q, k| builder.search_hnsw_rs(q, k, ef)));
    }
    let t = Instant::now();
    let index = builder.into_index(params.ef_search).unwrap();
    println!(
        "flattened in {:.1} s: vectors + links {:.0} MiB ({:.2}× the raw f32 vectors)",
        t.elapsed().as_secs_f64(),
        index.heap_bytes() as f64 / 1048576.0,
        index.heap_bytes() as f64 / 1048576.0 / raw_mib
    );
    println!(
        "ef   | hnsw_rs recall@10, queries/s/core | flat recall@10, queries/s/core | speed ratio"
    );
    for (ef, (r0, qps0)) in efs.into_iter().zip(hnsw_rs_rows) {
        let view = index.with_ef(ef);
        let (r1, qps1) = run(&|q, k| view.search(q, k));
        println!(
            "{ef:>4} | {r0:.4}, {qps0:>6.0} | {r1:.4}, {qps1:>6.0} | {:.2}×",
            qps1 / qps0
        );
    }
}
