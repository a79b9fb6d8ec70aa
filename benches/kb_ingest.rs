//! Full-size UMLS ingest benchmark: generates a synthetic release with the real layout (≈21.4M
//! MRCONSO atoms over ≈4M CUIs, ~130 SABs, MRSTY ≈ 1.5 rows per CUI), ingests MRCONSO + MRSTY with
//! the release `kbner` binary several times, and reports the median wall time, peak RSS, store size
//! and exact-lookup latency.
//!
//! ```text
//! cargo bench --bench kb_ingest                         # full size, 3 runs
//! KBNER_BENCH_SCALE=0.1 KBNER_BENCH_RUNS=1 cargo bench --bench kb_ingest
//! KBNER_BENCH_DIR=/big/disk cargo bench --bench kb_ingest   # where the release and stores go
//! ```

#[path = "support/synth_umls.rs"]
#[allow(dead_code)]
mod synth_umls;

use kbner_kb::KnowledgeBase;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs a command and returns (wall time, peak RSS in KiB) using wait4's rusage.
fn run_measured(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let child = cmd.spawn().expect("spawn kbner");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting on our own child with valid out-pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(r, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "kbner kb ingest failed"
    );
    std::mem::forget(child); // already reaped
    (wall, usage.ru_maxrss as u64)
}

fn dir_size(p: &Path) -> u64 {
    let mut total = 0;
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            let m = e.metadata().unwrap();
            total += if m.is_dir() {
                dir_size(&e.path())
            } else {
                m.len()
            };
        }
    }
    total
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let scale: f64 = env_or("KBNER_BENCH_SCALE", 1.0);
    let runs: usize = env_or("KBNER_BENCH_RUNS", 3);
    let base =
        PathBuf::from(std::env::var("KBNER_BENCH_DIR").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-data").to_string()
        }));
    let meta = base.join(format!("synth-umls-{scale}"));
    if !meta.join("MRFILES.RRF").exists() {
        eprintln!(
            "generating synthetic release (scale {scale}) into {}",
            meta.display()
        );
        let t = Instant::now();
        let mut cfg = if scale >= 1.0 {
            synth_umls::SynthConfig::full()
        } else {
            synth_umls::SynthConfig::scaled(scale)
        };
        cfg.with_mrdef = false;
        cfg.with_mrrel = false;
        std::fs::create_dir_all(&meta).unwrap();
        synth_umls::generate(&meta, &cfg).expect("generate");
        eprintln!("generated in {:.1} s", t.elapsed().as_secs_f64());
    }
    let conso = meta.join("MRCONSO.RRF");
    let conso_bytes = std::fs::metadata(&conso).unwrap().len();
    let conso_rows = std::fs::read(&conso).map(|b| memchr_count(&b)).unwrap_or(0);
    println!(
        "release: {} ({} MRCONSO rows, {:.2} GB)",
        meta.display(),
        conso_rows,
        conso_bytes as f64 / 1e9
    );

    // Default: every language (the heaviest case); KBNER_BENCH_LANG=ENG measures the default filter.
    let langs: String = env_or("KBNER_BENCH_LANG", "ALL".to_string());
    let kb = base.join(format!("kb-{scale}"));
    let mut walls = Vec::new();
    let mut rss = Vec::new();
    for i in 0..runs {
        let (wall, peak) = run_measured(
            Command::new(env!("CARGO_BIN_EXE_kbner"))
                .args(["kb", "ingest", "--quiet", "--lang", &langs, "--umls"])
                .arg(&meta)
                .arg("--kb")
                .arg(&kb),
        );
        println!(
            "run {}: wall {:.1} s, peak RSS {:.2} GiB",
            i + 1,
            wall.as_secs_f64(),
            peak as f64 / 1048576.0
        );
        walls.push(wall.as_secs_f64());
        rss.push(peak as f64 / 1048576.0);
    }
    let store = dir_size(&kb);
    let k = KnowledgeBase::open(&kb).unwrap();
    let s = &k.manifest().stats;
    println!(
        "ingest (--lang {langs}, SUPPRESS=N): median wall {:.1} s over {runs} runs, median peak RSS {:.2} GiB, store {:.2} GB; {} concepts, {} atoms, {} distinct names",
        median(walls.clone()),
        median(rss.clone()),
        store as f64 / 1e9,
        s.concepts,
        s.atoms,
        s.distinct_names
    );
    println!("  rows/s {:.0}", conso_rows as f64 / median(walls));

    // Lookup latency: names sampled from the release (hits) plus misses.
    let text = std::fs::read(&conso).unwrap();
    let mut queries = Vec::new();
    let step = (conso_rows / 20_000).max(1);
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if (i as u64).is_multiple_of(step) {
            if let Some(s) = line.split(|&b| b == b'|').nth(14) {
                queries.push(String::from_utf8_lossy(s).into_owned());
            }
        }
    }
    drop(text);
    for pass in ["cold", "warm"] {
        let mut lat = Vec::with_capacity(queries.len());
        let mut hits = 0usize;
        for q in &queries {
            let t = Instant::now();
            let h = k.lookup(q).unwrap();
            lat.push(t.elapsed().as_secs_f64() * 1e6);
            hits += usize::from(!h.is_empty());
        }
        lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "lookup ({pass} cache, {} queries, {hits} found): p50 {:.1} µs, p90 {:.1} µs, p99 {:.1} µs",
            lat.len(),
            percentile(&lat, 0.5),
            percentile(&lat, 0.9),
            percentile(&lat, 0.99)
        );
    }
}

fn memchr_count(b: &[u8]) -> u64 {
    b.iter().filter(|&&c| c == b'\n').count() as u64
}
