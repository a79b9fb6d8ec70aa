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

#[path = "support/synth_umls/mod.rs"]
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

/// Runs a command and returns (wall time, peak RSS in KiB). The peak is the child's own VmHWM,
/// polled from /proc (rusage's maxrss would include this process's RSS inherited across exec).
fn run_measured(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn kbner");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "kbner kb ingest failed");
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (start.elapsed(), peak)
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
    let conso_rows = count_lines(&conso);
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
    let mut queries = Vec::new();
    let step = (conso_rows / 20_000).max(1);
    {
        use std::io::BufRead;
        let f = std::io::BufReader::new(std::fs::File::open(&conso).unwrap());
        for (i, line) in f.split(b'\n').enumerate() {
            let line = line.unwrap();
            if (i as u64).is_multiple_of(step) {
                if let Some(s) = line.split(|&b| b == b'|').nth(14) {
                    queries.push(String::from_utf8_lossy(s).into_owned());
                }
            }
        }
    }
    for pass in ["cold", "warm", "ids-only"] {
        let mut lat = Vec::with_capacity(queries.len());
        let mut hits = 0usize;
        for q in &queries {
            let t = Instant::now();
            let found = if pass == "ids-only" {
                let norm = kbner_kb::normalize_name(q);
                !k.ids_for_normalized(&norm).unwrap().is_empty()
            } else {
                !k.lookup(q).unwrap().is_empty()
            };
            lat.push(t.elapsed().as_secs_f64() * 1e6);
            hits += usize::from(found);
        }
        lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "lookup ({pass}, {} queries, {hits} found): p50 {:.1} µs, p90 {:.1} µs, p99 {:.1} µs",
            lat.len(),
            percentile(&lat, 0.5),
            percentile(&lat, 0.9),
            percentile(&lat, 0.99)
        );
    }
}

/// Counts lines without holding the file in memory (this process's RSS must stay small).
fn count_lines(p: &Path) -> u64 {
    use std::io::Read;
    let mut f = std::fs::File::open(p).unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0;
    loop {
        let r = f.read(&mut buf).unwrap();
        if r == 0 {
            return n;
        }
        n += buf[..r].iter().filter(|&&c| c == b'\n').count() as u64;
    }
}
