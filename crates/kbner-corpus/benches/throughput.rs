//! Parse + write throughput per format on the shared corpora, and eval time on BC5CDR test.
//! Run: `cargo bench -p kbner-corpus --bench throughput`. Prints medians of several runs.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use kbner_corpus::format::{read_brat_pair, write_brat_doc};
use kbner_corpus::{evaluate, read_bytes, write_string, Corpus, EvalOptions, Format, ReadOptions};

const RUNS: usize = 9;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn bench_format(label: &str, format: Format, input: &[u8]) {
    let opts = ReadOptions::default();
    let parse = time(|| {
        std::hint::black_box(read_bytes(input, format, &opts).unwrap());
    });
    let corpus = read_bytes(input, format, &opts).unwrap().corpus;
    let write = time(|| {
        std::hint::black_box(write_string(&corpus, format).unwrap());
    });
    let both = time(|| {
        let c = read_bytes(input, format, &opts).unwrap().corpus;
        std::hint::black_box(write_string(&c, format).unwrap());
    });
    println!(
        "{label:<34} {:>7.2} MB  parse {:>7.1} MB/s  write {:>7.1} MB/s  parse+write {:>7.1} MB/s",
        input.len() as f64 / 1e6,
        mbps(input.len(), parse),
        mbps(input.len(), write),
        mbps(input.len(), both)
    );
}

fn main() {
    let cdr = common::data("bc5cdr");
    let bc2 = common::data("bc2gm");
    let genia = common::data("genia-nested");
    let pt = std::fs::read(cdr.join("pubtator/CDR_TrainingSet.PubTator.txt")).unwrap();
    let iob = std::fs::read(bc2.join("iob/train.tsv")).unwrap();
    let nested = std::fs::read(genia.join("dev.jsonlines")).unwrap();
    println!("median of {RUNS} runs, one thread");
    bench_format("pubtator (BC5CDR train)", Format::Pubtator, &pt);
    bench_format("iob (BC2GM train)", Format::Iob, &iob);
    bench_format("nested (GENIA dev)", Format::Nested, &nested);
    let corpus: Corpus = read_bytes(&pt, Format::Pubtator, &ReadOptions::default())
        .unwrap()
        .corpus;
    for f in [Format::BiocXml, Format::BiocJson, Format::Jsonl] {
        let s = write_string(&corpus, f).unwrap().0;
        bench_format(&format!("{f} (BC5CDR train converted)"), f, s.as_bytes());
    }
    // brat: per-document pairs in memory (no file system in the loop).
    let pairs: Vec<(String, String, String)> = corpus
        .documents
        .iter()
        .map(|d| {
            let (t, a, _) = write_brat_doc(d);
            (d.id.clone(), t, a)
        })
        .collect();
    let bytes: usize = pairs.iter().map(|p| p.1.len() + p.2.len()).sum();
    let opts = ReadOptions::default();
    let both = time(|| {
        for (id, t, a) in &pairs {
            let (d, _) = read_brat_pair(id, t.as_bytes(), a.as_bytes(), &opts).unwrap();
            std::hint::black_box(write_brat_doc(&d));
        }
    });
    println!(
        "{:<34} {:>7.2} MB  parse+write {:>7.1} MB/s",
        "brat (BC5CDR train converted)",
        bytes as f64 / 1e6,
        mbps(bytes, both)
    );

    // Eval on the full BC5CDR test set: PubTator gold vs a prediction with every 5th mention
    // dropped and every 7th shifted by one character, and the IOB test set against itself.
    let test = std::fs::read(cdr.join("pubtator/CDR_TestSet.PubTator.txt")).unwrap();
    let gold = read_bytes(&test, Format::Pubtator, &opts).unwrap().corpus;
    let mut pred = gold.clone();
    let mut i = 0usize;
    for d in &mut pred.documents {
        d.entities.retain(|_| {
            i += 1;
            !i.is_multiple_of(5)
        });
        for (j, e) in d.entities.iter_mut().enumerate() {
            if j.is_multiple_of(7) && e.start > 0 {
                e.start -= 1;
            }
        }
    }
    let eo = EvalOptions::default();
    let t = time(|| {
        std::hint::black_box(evaluate(&gold, &pred, &eo).unwrap());
    });
    let r = evaluate(&gold, &pred, &eo).unwrap();
    println!(
        "eval BC5CDR test (PubTator, {} gold mentions): {:.2} ms (strict F1 {:.4})",
        r.strict.micro.gold,
        t.as_secs_f64() * 1e3,
        r.strict.micro.f1
    );
    let iob_test = std::fs::read(cdr.join("iob/test.tsv")).unwrap();
    let t = time(|| {
        let g = read_bytes(&iob_test, Format::Iob, &opts).unwrap().corpus;
        let p = read_bytes(&iob_test, Format::Iob, &opts).unwrap().corpus;
        std::hint::black_box(evaluate(&g, &p, &eo).unwrap());
    });
    println!(
        "eval BC5CDR test (IOB, incl. reading both files): {:.2} ms",
        t.as_secs_f64() * 1e3
    );
}
