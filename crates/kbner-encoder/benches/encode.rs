//! Encoder throughput on realistic biomedical names.
//!
//! ```text
//! /work/shared/data/unpack.sh target/shared-data medic
//! cargo bench -p kbner-encoder --bench encode
//! ```
//!
//! Environment:
//! - `KBNER_BENCH_N`: number of names (default 5000);
//! - `KBNER_BENCH_NAMES`: a MEDIC-style file (`ID||name|name…`) or plain
//!   one-name-per-line file; default `target/shared-data/medic/medic_06Jul2012.txt`
//!   under the workspace;
//! - `KBNER_ENCODER`: model directory (default: [`Encoder::default_dir`]);
//! - `KBNER_BENCH_BATCHES`: comma-separated batch sizes (default 32,64,128);
//! - `KBNER_BENCH_PARALLEL=1`: also time rayon across batches;
//! - `KBNER_BENCH_QUERIES`: names embedded one at a time for the query latency (default 300).
//!
//! Prints names/s, the median of 3 runs, per batch size; then the latency of one name at a time
//! (a search query), on the rayon pool and on a one-thread pool.

use std::path::PathBuf;
use std::time::Instant;

use kbner_encoder::{Encoder, EncoderOptions};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn names_file() -> PathBuf {
    if let Some(p) = std::env::var_os("KBNER_BENCH_NAMES") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/shared-data/medic/medic_06Jul2012.txt")
}

/// Unique names in file order: the part after `||` split on `|` for MEDIC
/// lines, else the whole line.
fn read_names(n: usize) -> Vec<String> {
    let path = names_file();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "{}: {e}\nunpack the names first: /work/shared/data/unpack.sh target/shared-data medic \
                 (from the workspace root), or set KBNER_BENCH_NAMES",
                path.display()
            );
            std::process::exit(2);
        }
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let names = match line.split_once("||") {
            Some((_, rest)) => rest,
            None => line,
        };
        for name in names.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            if seen.insert(name.to_string()) {
                out.push(name.to_string());
                if out.len() == n {
                    return out;
                }
            }
        }
    }
    out
}

fn main() {
    let n = env_usize("KBNER_BENCH_N", 5000);
    let names = read_names(n);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let dir = std::env::var_os("KBNER_ENCODER")
        .map(PathBuf::from)
        .unwrap_or_else(Encoder::default_dir);
    let batches: Vec<usize> = std::env::var("KBNER_BENCH_BATCHES")
        .unwrap_or_else(|_| "32,64,128".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let parallel = std::env::var("KBNER_BENCH_PARALLEL").is_ok_and(|v| v == "1");
    let mean_chars = refs.iter().map(|s| s.len()).sum::<usize>() as f64 / refs.len() as f64;
    println!(
        "kbner-encoder bench: {} names (mean {mean_chars:.1} chars) from {}, model {}, threads {}",
        refs.len(),
        names_file().display(),
        dir.display(),
        std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "all cores".into())
    );
    let modes: &[bool] = if parallel { &[false, true] } else { &[false] };
    for &batch_size in &batches {
        let enc = match Encoder::load(
            &dir,
            &EncoderOptions {
                batch_size,
                ..EncoderOptions::default()
            },
        ) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        for &par in modes {
            // Warm-up on a slice, then 3 timed runs.
            if let Err(e) = enc.embed_with(&refs[..refs.len().min(256)], par) {
                eprintln!("{e}");
                std::process::exit(1);
            }
            let mut rates = Vec::new();
            for _ in 0..3 {
                let t = Instant::now();
                let out = enc.embed_with(&refs, par).unwrap_or_else(|e| {
                    eprintln!("{e}");
                    std::process::exit(1)
                });
                let secs = t.elapsed().as_secs_f64();
                assert_eq!(out.len(), refs.len());
                rates.push(refs.len() as f64 / secs);
            }
            rates.sort_by(f64::total_cmp);
            println!(
                "batch {batch_size:>4}{}: {:>8.1} names/s (median of 3; runs {:.1} / {:.1} / {:.1})",
                if par { " parallel-batches" } else { "" },
                rates[1],
                rates[0],
                rates[1],
                rates[2]
            );
        }
    }

    // One name at a time, as a search query is embedded.
    let enc = Encoder::load(&dir, &EncoderOptions::default()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let queries = &refs[..refs.len().min(env_usize("KBNER_BENCH_QUERIES", 300))];
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("one-thread pool");
    let latency = |run: &dyn Fn(&str)| {
        let mut ms: Vec<f64> = queries
            .iter()
            .map(|q| {
                let t = Instant::now();
                run(q);
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        ms.sort_by(f64::total_cmp);
        (ms[ms.len() / 2], ms[(ms.len() - 1) * 9 / 10])
    };
    for (label, run) in [
        (
            "default pool",
            &(|q: &str| drop(enc.embed(&[q]))) as &dyn Fn(&str),
        ),
        (
            "one-thread pool",
            &(|q: &str| one_thread.install(|| drop(enc.embed(&[q])))) as &dyn Fn(&str),
        ),
        (
            "default pool (again)",
            &(|q: &str| drop(enc.embed(&[q]))) as &dyn Fn(&str),
        ),
    ] {
        let (p50, p90) = latency(run);
        println!(
            "one name at a time, {label}: p50 {p50:.2} ms, p90 {p90:.2} ms ({} names)",
            queries.len()
        );
    }
}
