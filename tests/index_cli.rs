//! `kbner kb index` as a user runs it: an up-to-date index is not rebuilt, a re-ingest of the same
//! sources keeps it, and Ctrl-C stops the embedding promptly with exit code 130, leaving the
//! previous index and no staging directory behind.

mod common;

use common::*;
use std::io::BufRead;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A TSV dictionary of `n` made-up disease names, distinct by their number.
fn write_dict(path: &Path, n: usize) {
    const WORDS: [&str; 12] = [
        "cardiac",
        "renal",
        "hepatic",
        "acute",
        "chronic",
        "syndrome",
        "deficiency",
        "neuropathy",
        "carcinoma",
        "congenital",
        "familial",
        "lesion",
    ];
    let mut s = String::new();
    for i in 0..n {
        let w = |k: usize| WORDS[(i / 12usize.pow(k as u32)) % 12];
        s.push_str(&format!("X{i}\t{} {} {} {i}\tDisease\n", w(0), w(1), w(2)));
    }
    std::fs::write(path, s).unwrap();
}

/// Runs `c`, asserts success, returns its stderr.
fn ok(c: &mut std::process::Command) -> String {
    let out = c.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

fn ingest_dict(kb: &Path, dict: &Path) {
    ok(kbner()
        .args(["kb", "ingest", "--quiet", "--dict-format", "tsv", "--dict"])
        .arg(dict)
        .arg("--kb")
        .arg(kb));
}

fn index(kb: &Path) -> String {
    ok(kbner().args(["kb", "index", "--kb"]).arg(kb))
}

#[test]
fn an_index_that_matches_is_kept_across_runs_and_identical_reingests() {
    let t = tempfile::tempdir().unwrap();
    let (dict, kb) = (t.path().join("d.tsv"), t.path().join("kb"));
    write_dict(&dict, 40);
    ingest_dict(&kb, &dict);
    let first = index(&kb);
    assert!(first.contains("40 embedded"), "{first}");

    let again = index(&kb);
    assert!(again.contains("is up to date (40 names"), "{again}");
    assert!(!again.contains("embedded"), "{again}");

    // The same sources again: same store, the index stays and is still current.
    ingest_dict(&kb, &dict);
    assert!(kb.join("index").is_dir());
    let after = index(&kb);
    assert!(after.contains("is up to date"), "{after}");

    // One more name: only that one is embedded, the rest come from the cache.
    write_dict(&dict, 41);
    ingest_dict(&kb, &dict);
    let grown = index(&kb);
    assert!(grown.contains("1 embedded, 40 from the cache"), "{grown}");
}

#[test]
fn ctrl_c_stops_embedding_promptly_and_keeps_the_previous_index() {
    let t = tempfile::tempdir().unwrap();
    let (dict, kb) = (t.path().join("d.tsv"), t.path().join("kb"));
    write_dict(&dict, 10);
    ingest_dict(&kb, &dict);
    index(&kb);
    let manifest_before = std::fs::read(kb.join("index/manifest.json")).unwrap();

    // A bigger dictionary: embedding its 6,000 names takes 20 s or more on this machine, in one
    // chunk (the default chunk is 4,096 names), so Ctrl-C must act between encoder batches.
    write_dict(&dict, 6000);
    ingest_dict(&kb, &dict);
    let mut child = kbner()
        .args(["kb", "index", "--kb"])
        .arg(&kb)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufReader::new(stderr).lines();
    for line in lines.by_ref() {
        if line.unwrap().contains("new names") {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(500)); // into the first batches
    let signalled = Instant::now();
    send_sigint(child.id());
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    let status = child.wait().unwrap();
    let took = signalled.elapsed();
    assert_eq!(status.code(), Some(130), "{}", rest.join("\n"));
    assert!(
        took < Duration::from_secs(8),
        "Ctrl-C took {took:?} to act: {}",
        rest.join("\n")
    );
    assert_eq!(
        std::fs::read(kb.join("index/manifest.json")).unwrap(),
        manifest_before,
        "the previous index is left in place"
    );
    let left: Vec<String> = std::fs::read_dir(&kb)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kbner-tmp"))
        .collect();
    assert!(left.is_empty(), "staging left behind: {left:?}");
}
