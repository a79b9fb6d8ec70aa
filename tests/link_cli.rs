//! `kbner link` end to end: a dictionary KB, its index, a training corpus remembered with
//! `--memory`, and composite mentions.

mod common;

use common::*;
use std::path::Path;

const DICT: &str = "D1\thereditary nonpolyposis colorectal cancer\tNeoplastic Process
D2\tbreast cancer\tNeoplastic Process
D3\tovarian cancer\tNeoplastic Process
D4\tgenetic diseases, inborn\tDisease or Syndrome
";

/// One PubTator document; mention offsets are computed from the text.
fn pubtator(pmid: &str, text: &str, mentions: &[(&str, &str)]) -> String {
    let mut out = format!("{pmid}|t|{text}\n{pmid}|a|\n");
    let mut from = 0;
    for (m, id) in mentions {
        let at = from + text[from..].find(m).unwrap();
        out.push_str(&format!(
            "{pmid}\t{at}\t{}\t{m}\tDisease\t{id}\n",
            at + m.len()
        ));
        from = at + m.len();
    }
    out.push('\n');
    out
}

fn run(args: &[&str], paths: &[&Path]) -> String {
    let mut c = kbner();
    c.args(args);
    for p in paths {
        c.arg(p);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "kbner {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn first_ids(jsonl: &Path) -> Vec<String> {
    let read = kbner_corpus::format::read_path(jsonl, None, false).unwrap();
    read.corpus.documents[0]
        .entities
        .iter()
        .map(|e| e.ids.first().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn link_remembers_a_training_corpus_and_splits_composites() {
    let t = tempfile::tempdir().unwrap();
    let dict = t.path().join("d.tsv");
    std::fs::write(&dict, DICT).unwrap();
    let kb = t.path().join("kb");
    run(
        &["kb", "ingest", "--quiet", "--dict-format", "tsv", "--dict"],
        &[&dict, Path::new("--kb"), &kb],
    );
    run(&["kb", "index", "--quiet", "--kb"], &[&kb]);

    // The annotators of the training corpus link "autosomal dominant disease" to D4 and
    // "Lynch syndrome" to D1; neither phrase is in the dictionary.
    let train = t.path().join("train.txt");
    std::fs::write(
        &train,
        pubtator(
            "1",
            "Lynch syndrome is an autosomal dominant disease.",
            &[
                ("Lynch syndrome", "D1"),
                ("autosomal dominant disease", "D4"),
            ],
        ),
    )
    .unwrap();
    let test = t.path().join("test.txt");
    std::fs::write(
        &test,
        pubtator(
            "2",
            "An autosomal dominant disease, Lynch syndrome, and breast and ovarian cancer.",
            &[
                ("autosomal dominant disease", "D4"),
                ("Lynch syndrome", "D1"),
                ("breast and ovarian cancer", "D2|D3"),
            ],
        ),
    )
    .unwrap();

    let out = t.path().join("with.jsonl");
    let log = run(
        &["link", "--kb"],
        &[&kb, Path::new("--memory"), &train, &test, &out],
    );
    assert!(log.contains("memory: 2 linked mentions"), "{log}");
    assert!(log.contains("1 composite"), "{log}");
    assert_eq!(first_ids(&out), ["D4", "D1", "D2"]);

    // --no-composites links the whole phrase instead; the memory is what found D4 and D1.
    let plain = t.path().join("plain.jsonl");
    let log = run(&["link", "--no-composites", "--kb"], &[&kb, &test, &plain]);
    assert!(log.contains("0 composite"), "{log}");
    let ids = first_ids(&plain);
    assert_ne!(ids[..2], ["D4", "D1"], "without the memory: {ids:?}");
}

#[test]
fn tune_encoder_writes_an_encoder_that_indexes_and_searches() {
    let t = tempfile::tempdir().unwrap();
    let dict = t.path().join("d.tsv");
    // Two concepts with two names each: the tuning pairs.
    std::fs::write(
        &dict,
        "D1\theart attack\tDisease\nD1\tmyocardial infarction\tDisease\n\
         D2\tkidney stone\tDisease\nD2\tnephrolithiasis\tDisease\n",
    )
    .unwrap();
    let kb = t.path().join("kb");
    run(
        &["kb", "ingest", "--quiet", "--dict-format", "tsv", "--dict"],
        &[&dict, Path::new("--kb"), &kb],
    );
    let tuned = t.path().join("tuned");
    let log = run(
        &[
            "kb",
            "tune-encoder",
            "--batch-size",
            "2",
            "--epochs",
            "2",
            "--kb",
        ],
        &[&kb, Path::new("--out"), &tuned],
    );
    assert!(log.contains("on 4 pairs from 2 concepts"), "{log}");
    // The tuned encoder indexes and searches like any other.
    run(
        &["kb", "index", "--quiet", "--kb"],
        &[&kb, Path::new("--encoder"), &tuned],
    );
    let mut c = kbner();
    c.args(["kb", "search", "--json", "--retriever", "dense", "--kb"])
        .arg(&kb)
        .arg("--encoder")
        .arg(&tuned)
        .arg("myocardial infarction");
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"id\":\"D1\""));
    // Without --encoder, the encoder the index was built with is used, from any directory.
    let out = kbner()
        .current_dir(t.path())
        .args(["kb", "search", "--json", "--retriever", "dense", "--kb"])
        .arg(&kb)
        .arg("myocardial infarction")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("the one the index was built with"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"id\":\"D1\""));
    // An index built with the tuned encoder is refused with the default one.
    let out = kbner()
        .args(["kb", "search", "--kb"])
        .arg(&kb)
        .arg("--encoder")
        .arg(kbner_encoder::Encoder::default_dir())
        .arg("heart attack")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("encoder"));
    // An existing output directory is refused before any training.
    let out = kbner()
        .args(["kb", "tune-encoder", "--kb"])
        .arg(&kb)
        .arg("--out")
        .arg(&tuned)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}
