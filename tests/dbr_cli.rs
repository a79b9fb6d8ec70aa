//! `kbner dbr`, and `kbner train --kb/--dbr` + `kbner tag --kb`, end to end on a small knowledge
//! base indexed with the real encoder and a tiny random Llama.

mod common;

use common::{kbner, ok};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const DISEASES: &[&str] = &[
    "breast cancer",
    "ovarian cancer",
    "asthma",
    "diabetes mellitus",
    "cystic fibrosis",
    "colorectal cancer",
    "migraine",
    "psoriasis",
    "leukemia",
    "hepatitis",
    "anemia",
    "epilepsy",
];
const CHEMICALS: &[&str] = &[
    "aspirin",
    "cisplatin",
    "tamoxifen",
    "insulin glargine",
    "ibuprofen",
    "metformin",
    "caffeine",
];

/// A dictionary of typed names, ingested and indexed in `dir`.
fn kb(dir: &Path) -> PathBuf {
    let dict = dir.join("names.tsv");
    let mut text = String::new();
    for (i, n) in DISEASES.iter().enumerate() {
        text.push_str(&format!("D:{i}\t{n}\tDisease\n"));
    }
    for (i, n) in CHEMICALS.iter().enumerate() {
        text.push_str(&format!("C:{i}\t{n}\tChemical\n"));
    }
    // One name, two types: a disease here, a chemical there.
    text.push_str("D:amb\tcoldness\tDisease\nC:amb\tcoldness\tChemical\n");
    std::fs::write(&dict, text).unwrap();
    let kb = dir.join("kb");
    ok(kbner()
        .args(["kb", "ingest", "--quiet", "--kb"])
        .arg(&kb)
        .arg("--dict")
        .arg(&dict)
        .args(["--dict-format", "tsv"])
        .output()
        .unwrap());
    ok(kbner()
        .args(["kb", "index", "--quiet", "--kb"])
        .arg(&kb)
        .output()
        .unwrap());
    kb
}

/// IOB sentences: `Disease` entities tagged, chemicals not.
fn write_train(path: &Path) {
    let sentences: &[&[(&str, &str)]] = &[
        &[
            ("Women", "O"),
            ("with", "O"),
            ("breast", "B-Disease"),
            ("cancer", "I-Disease"),
            ("received", "O"),
            ("tamoxifen", "O"),
            (".", "O"),
        ],
        &[
            ("Cisplatin", "O"),
            ("treats", "O"),
            ("ovarian", "B-Disease"),
            ("cancer", "I-Disease"),
            (".", "O"),
        ],
        &[
            ("Asthma", "B-Disease"),
            ("and", "O"),
            ("migraine", "B-Disease"),
            ("respond", "O"),
            ("to", "O"),
            ("aspirin", "O"),
            (".", "O"),
        ],
        &[
            ("Metformin", "O"),
            ("lowers", "O"),
            ("risk", "O"),
            ("in", "O"),
            ("diabetes", "B-Disease"),
            ("mellitus", "I-Disease"),
            (".", "O"),
        ],
        &[
            ("Children", "O"),
            ("with", "O"),
            ("cystic", "B-Disease"),
            ("fibrosis", "I-Disease"),
            ("and", "O"),
            ("anemia", "B-Disease"),
            (".", "O"),
        ],
        &[
            ("Caffeine", "O"),
            ("may", "O"),
            ("trigger", "O"),
            ("migraine", "B-Disease"),
            ("or", "O"),
            ("epilepsy", "B-Disease"),
            (".", "O"),
        ],
        &[
            ("Coldness", "O"),
            ("and", "O"),
            ("asthma", "B-Disease"),
            ("worsen", "O"),
            (".", "O"),
        ],
    ];
    let mut out = String::new();
    // Each sentence twice, so the miner sees its phrases more than once.
    for _ in 0..2 {
        for s in sentences {
            for (w, t) in s.iter() {
                out.push_str(&format!("{w}\t{t}\n"));
            }
            out.push('\n');
        }
    }
    std::fs::write(path, out).unwrap();
}

fn dbr(kb: &Path, train: &Path, out: &Path, extra: &[&str]) -> String {
    let (_, err) = ok(kbner()
        .arg("dbr")
        .arg("--kb")
        .arg(kb)
        .arg(train)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap());
    err
}

fn samples(path: &Path) -> (serde_json::Value, Vec<serde_json::Value>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines().map(|l| serde_json::from_str(l).unwrap());
    let header = lines.next().unwrap();
    (header, lines.collect())
}

/// (positives, negatives) of a sample.
fn counts(s: &serde_json::Value) -> (usize, usize) {
    let names = s["names"].as_array().unwrap();
    let pos = names.iter().filter(|n| n["positive"] == true).count();
    (pos, names.len() - pos)
}

#[test]
fn dbr_samples_tag_the_type_names_and_are_deterministic_and_random_dbr_keeps_their_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let kb = kb(dir.path());
    let train = dir.path().join("train.tsv");
    write_train(&train);

    let a = dir.path().join("a.jsonl");
    let err = dbr(&kb, &train, &a, &["--type", "Disease", "--seed", "3"]);
    assert!(err.contains("DBR samples of Disease"), "{err}");
    let (header, got) = samples(&a);
    assert_eq!(header["format"], "kbner-dbr");
    assert!(
        got.len() >= 6,
        "one sample per sentence that retrieved names: {}",
        got.len()
    );
    let placed = |samples: &[serde_json::Value], name: &str| {
        samples.iter().any(|s| {
            s["names"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["name"].as_str() == Some(name))
        })
    };
    // A name whose concepts disagree about the type is placed as whichever concept a sentence
    // retrieved, and left out with --drop-ambiguous.
    assert!(placed(&got, "coldness"));
    let amb = dir.path().join("amb.jsonl");
    dbr(
        &kb,
        &train,
        &amb,
        &["--type", "Disease", "--drop-ambiguous"],
    );
    assert!(!placed(&samples(&amb).1, "coldness"));
    let mut diseases: HashSet<String> = DISEASES.iter().map(|d| d.to_lowercase()).collect();
    diseases.insert("coldness".into());
    let mut chemicals: HashSet<String> = CHEMICALS.iter().map(|d| d.to_lowercase()).collect();
    chemicals.insert("coldness".into());
    let mut any_negative = false;
    for s in &got {
        assert_eq!(s["type"], "Disease");
        let (pos, neg) = counts(s);
        assert!(pos <= 10 && neg <= 5, "{s}");
        any_negative |= neg > 0;
        let words: Vec<&str> = s["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        let tags: Vec<&str> = s["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        let mut at = 0;
        for n in s["names"].as_array().unwrap() {
            let name = n["name"].as_str().unwrap();
            let len = name.split(' ').count();
            assert_eq!(words[at..at + len].join(" "), name);
            if n["positive"] == true {
                assert!(
                    diseases.contains(&name.to_lowercase()),
                    "{name} is no disease"
                );
                assert_eq!(tags[at], "B");
                assert!(tags[at + 1..at + len].iter().all(|t| *t == "I"));
            } else {
                assert!(
                    chemicals.contains(&name.to_lowercase()),
                    "{name} is no chemical"
                );
                assert!(tags[at..at + len].iter().all(|t| *t == "O"));
            }
            at += len;
        }
        assert_eq!(at, words.len());
    }
    assert!(
        any_negative,
        "chemicals retrieved beside the diseases are negatives"
    );

    // The same seed gives the same file; another seed other draws.
    let b = dir.path().join("b.jsonl");
    dbr(&kb, &train, &b, &["--type", "Disease", "--seed", "3"]);
    assert!(
        samples(&a).1 == samples(&b).1,
        "the same seed must give the same samples"
    );
    let c = dir.path().join("c.jsonl");
    dbr(&kb, &train, &c, &["--type", "Disease", "--seed", "4"]);
    assert!(
        samples(&a).1 != samples(&c).1,
        "another seed must draw otherwise"
    );

    // Random DBR: one sample per retrieved one, same sizes, names drawn from the whole KB.
    let r = dir.path().join("r.jsonl");
    dbr(
        &kb,
        &train,
        &r,
        &["--type", "Disease", "--seed", "3", "--random"],
    );
    let (_, random) = samples(&r);
    assert_eq!(random.len(), got.len());
    for (x, y) in got.iter().zip(&random) {
        assert_eq!(counts(x), counts(y));
        assert!(y["source"].as_str().unwrap().starts_with("random:"));
    }

    // A type the knowledge base has no concept of: a warning and no samples.
    let s = dir.path().join("s.jsonl");
    let err = dbr(&kb, &train, &s, &["--type", "Species"]);
    assert!(err.contains("no DBR samples built"), "{err}");
    assert!(samples(&s).1.is_empty());

    // A type the table does not know is refused, naming the types it has.
    let out = kbner()
        .arg("dbr")
        .arg("--kb")
        .arg(&kb)
        .arg(&train)
        .arg("-o")
        .arg(dir.path().join("x.jsonl"))
        .args(["--type", "Bogus"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Bogus") && err.contains("Disease"), "{err}");
}

/// `train --kb` mixes DBR samples into training and reads retrieval context, which is saved
/// with the adapter; `tag --kb` retrieves the same way, and `train --dbr FILE` mixes a file.
#[test]
fn training_mixes_dbr_samples_and_context_follows_the_model_to_tagging() {
    let dir = tempfile::tempdir().unwrap();
    let kb = kb(dir.path());
    let train = dir.path().join("train.tsv");
    write_train(&train);
    let base = dir.path().join("base");
    kbner_nn::tiny::write_model(&base, 3).unwrap();
    let out = dir.path().join("adapter");
    let data = format!("toy:Disease={}", train.display());
    let common_args = |out: &Path| -> Vec<String> {
        [
            "train",
            "--base",
            &base.display().to_string(),
            "--data",
            &data,
            "--out",
            &out.display().to_string(),
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--max-len",
            "96",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let (_, err) = ok(kbner()
        .args(common_args(&out))
        .arg("--kb")
        .arg(&kb)
        .args(["--kb-use", "dbr,context"])
        .output()
        .unwrap());
    // 14 corpus sentences plus one DBR sample for each that retrieved names.
    let line = err
        .lines()
        .find(|l| l.starts_with("kbner: train: ") && l.contains(" sentences, "))
        .unwrap_or_else(|| panic!("no sentence count in {err}"));
    let n: usize = line["kbner: train: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(n > 14, "{line}");
    assert!(err.contains("DBR samples for toy:Disease"), "{err}");
    assert!(err.contains("retrieval context"), "{err}");
    assert!(out.join(kbner_tagger::CONTEXT_PHRASES_FILE).is_file());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("kbner_adapter.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["spec"]["context"]["budget"], 48);

    // Tagging with the knowledge base runs without a context warning; without it, warns.
    let (_, err) = ok(kbner()
        .args(["tag", "--types", "Disease", "--model"])
        .arg(&out)
        .arg("--kb")
        .arg(&kb)
        .arg(&train)
        .output()
        .unwrap());
    assert!(!err.contains("retrieval context but none"), "{err}");
    let (_, err) = ok(kbner()
        .args(["tag", "--types", "Disease", "--model"])
        .arg(&out)
        .arg(&train)
        .output()
        .unwrap());
    assert!(
        err.contains("trained with retrieval context but none is given"),
        "{err}"
    );

    // A DBR file mixed in with --dbr.
    let file = dir.path().join("dbr.jsonl");
    dbr(&kb, &train, &file, &["--type", "Disease"]);
    let k = samples(&file).1.len();
    let out2 = dir.path().join("adapter2");
    let (_, err) = ok(kbner()
        .args(common_args(&out2))
        .arg("--dbr")
        .arg(&file)
        .output()
        .unwrap());
    assert!(
        err.contains(&format!("train: {} sentences, ", 14 + k)),
        "{err}"
    );

    // Without --kb-use, the measured best recipe: plain training, and train says so.
    let out4 = dir.path().join("adapter4");
    let (_, err) = ok(kbner()
        .args(common_args(&out4))
        .arg("--kb")
        .arg(&kb)
        .output()
        .unwrap());
    assert!(err.contains("the knowledge base is not used"), "{err}");
    assert!(!err.contains("DBR samples for"), "{err}");
    assert!(err.contains("train: 14 sentences, "), "{err}");

    // What --kb adds needs --kb; dbr and random-dbr exclude each other.
    let out3 = dir.path().join("adapter3");
    let refused = kbner()
        .args(common_args(&out3))
        .args(["--kb-use", "context"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--kb"));
    let refused = kbner()
        .args(common_args(&out3))
        .arg("--kb")
        .arg(&kb)
        .args(["--kb-use", "dbr,random-dbr"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&refused.stderr).contains("choose one"));
    assert!(!out3.exists(), "a refused run writes nothing");
}
