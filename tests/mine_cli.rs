//! `kbner mine` end to end: a written corpus, a dictionary knowledge base, the phrase-list file,
//! and Ctrl-C.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

const DICT: &str = "D1\tbreast cancer\tDisease or Syndrome
D2\tcystic fibrosis\tDisease or Syndrome
D3\tovarian cancer\tDisease or Syndrome
D4\tHuntington's disease\tDisease or Syndrome
D5\ttype 2 diabetes\tDisease or Syndrome
D6\tmuscular dystrophy\tDisease or Syndrome
";

const DISEASES: &[&str] = &[
    "breast cancer",
    "cystic fibrosis",
    "ovarian cancer",
    "Huntington's disease",
    "type 2 diabetes",
    "muscular dystrophy",
];

/// The corpus as IOB (the reader joins a sentence's tokens with spaces), `copies` times over.
fn iob_corpus(copies: usize) -> String {
    let templates = [
        "Patients with {} were treated in the clinic .",
        "The risk of {} is higher in carriers of the mutation .",
        "Screening for {} reduces the mortality of the patients .",
        "Most cases of {} are inherited .",
        "We studied the children with {} and their parents .",
    ];
    let mut out = String::new();
    for _ in 0..copies {
        for t in templates {
            let (before, after) = t.split_once("{}").unwrap();
            for d in DISEASES {
                for w in before.split_whitespace() {
                    out.push_str(&format!("{w}\tO\n"));
                }
                for (i, w) in d.replace('\'', " ' ").split_whitespace().enumerate() {
                    let tag = if i == 0 { "B-Disease" } else { "I-Disease" };
                    out.push_str(&format!("{w}\t{tag}\n"));
                }
                for w in after.split_whitespace() {
                    out.push_str(&format!("{w}\tO\n"));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn run(args: &[&str], paths: &[&Path]) -> (bool, String) {
    let mut c = kbner();
    c.args(args);
    for p in paths {
        c.arg(p);
    }
    let out = c.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ingest(dir: &Path) -> std::path::PathBuf {
    let dict = dir.join("d.tsv");
    std::fs::write(&dict, DICT).unwrap();
    let kb = dir.join("kb");
    let (ok, log) = run(
        &["kb", "ingest", "--quiet", "--dict-format", "tsv", "--dict"],
        &[&dict, Path::new("--kb"), &kb],
    );
    assert!(ok, "{log}");
    kb
}

#[test]
fn mine_writes_ranked_phrases_and_each_sentences_phrases() {
    let t = tempfile::tempdir().unwrap();
    let kb = ingest(t.path());
    let corpus = t.path().join("train.tsv");
    std::fs::write(&corpus, iob_corpus(1)).unwrap();
    let out = t.path().join("phrases.jsonl");
    let (ok, log) = run(
        &["mine", "--quiet", "--kb"],
        &[&kb, &corpus, Path::new("-o"), &out],
    );
    assert!(ok, "{log}");
    assert!(log.contains("as iob (detected)"), "{log}");
    assert!(
        log.contains("multi-word candidates: 6 knowledge-base names") && log.contains("trained"),
        "{log}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["kind"], "header");
    let phrases: Vec<&serde_json::Value> = lines.iter().filter(|l| l["kind"] == "phrase").collect();
    let sentences: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["kind"] == "sentence").collect();
    assert_eq!(sentences.len(), 30);
    // Phrases first, best first, and every disease among them as a knowledge-base name.
    let first_sentence = lines.iter().position(|l| l["kind"] == "sentence").unwrap();
    assert_eq!(first_sentence, 1 + phrases.len());
    for d in DISEASES {
        let norm = kbner_kb::normalize_name(d);
        let p = phrases
            .iter()
            .find(|p| p["normalized"] == norm.as_str())
            .unwrap_or_else(|| panic!("{d} not mined"));
        assert_eq!(p["kb_name"], true);
        assert_eq!(p["freq"], 5);
    }
    let q: Vec<f64> = phrases
        .iter()
        .map(|p| p["quality"].as_f64().unwrap())
        .collect();
    assert!(q.windows(2).all(|w| w[0] >= w[1]));
    // Sentence phrases point into the document text the corpus reader builds.
    let read = kbner_corpus::read_path(&corpus, None, false).unwrap();
    let doc: Vec<char> = read.corpus.documents[0].passages[0].text.chars().collect();
    let mut found = std::collections::BTreeSet::new();
    for s in &sentences {
        for p in s["phrases"].as_array().unwrap() {
            let (a, b) = (
                p["start"].as_u64().unwrap() as usize,
                p["end"].as_u64().unwrap() as usize,
            );
            let at: String = doc[a..b].iter().collect();
            assert_eq!(at, p["text"].as_str().unwrap());
            found.insert(at);
        }
    }
    assert!(found.contains("Huntington ' s disease"), "{found:?}");
    assert!(found.contains("type 2 diabetes"), "{found:?}");
}

#[test]
fn mine_refuses_its_input_as_output_and_bad_options() {
    let t = tempfile::tempdir().unwrap();
    let corpus = t.path().join("c.tsv");
    std::fs::write(&corpus, iob_corpus(1)).unwrap();
    let (ok, log) = run(&["mine", "--quiet", "-o"], &[&corpus, &corpus]);
    assert!(
        !ok && log.contains("refusing to overwrite the input"),
        "{log}"
    );
    assert_eq!(std::fs::read_to_string(&corpus).unwrap(), iob_corpus(1));
    let out = t.path().join("o.jsonl");
    let (ok, log) = run(&["mine", "--max-len", "0", "-o"], &[&out, &corpus]);
    assert!(!ok && log.contains("1 to 32"), "{log}");
    // Without a knowledge base: prior weights, said so.
    let (ok, log) = run(&["mine", "--quiet", "-o"], &[&out, &corpus]);
    assert!(ok && log.contains("no --kb"), "{log}");
}

#[test]
fn interrupted_mining_leaves_the_previous_output() {
    let t = tempfile::tempdir().unwrap();
    let kb = ingest(t.path());
    let corpus = t.path().join("big.tsv");
    std::fs::write(&corpus, iob_corpus(1000)).unwrap();
    let out = t.path().join("phrases.jsonl");
    std::fs::write(&out, "previous\n").unwrap();
    let mut child = kbner()
        .args(["mine", "--kb"])
        .arg(&kb)
        .arg(&corpus)
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupted once the corpus is read (the format note), as mining starts.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut log = String::new();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        log.push_str(&line);
        if line.contains("(detected)") {
            send_sigint(child.id());
            break;
        }
    }
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    log.push_str(&rest);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{log}");
    assert!(log.contains("interrupted"), "{log}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("phrases.jsonl."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
