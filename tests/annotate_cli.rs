//! `kbner annotate` end to end: a real UMLS sample release and the default encoder; text from a
//! file and standard input; table, JSONL and PubTator output; bad inputs.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(c: &mut Command) -> Output {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "kbner failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The real UMLS sample release (SAMPLEMETA) ingested and indexed in `dir`.
fn umls_kb(dir: &Path) -> PathBuf {
    let (_keep, sample) = unpack("umls-sample");
    let kb = dir.join("kb");
    run(kbner()
        .args(["kb", "ingest", "--quiet", "--umls"])
        .arg(sample.join("SAMPLEMETA"))
        .arg("--kb")
        .arg(&kb));
    run(kbner().args(["kb", "index", "--quiet", "--kb"]).arg(&kb));
    kb
}

const NOTE: &str = "A girl with Chediak-Higashi syndrome and scleroderma had abdominal pain. \
                    Acid phosphatase and alkaline phosphatases were measured.";

fn entities(jsonl: &[u8]) -> Vec<(String, String, String)> {
    let read = kbner_corpus::read_bytes(
        jsonl,
        kbner_corpus::Format::Jsonl,
        &kbner_corpus::ReadOptions::default(),
    )
    .unwrap();
    read.corpus
        .documents
        .iter()
        .flat_map(|d| {
            d.entities.iter().map(|e| {
                (
                    e.text.clone(),
                    e.ids.first().cloned().unwrap_or_default(),
                    e.infons.get("name").unwrap_or("").to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn annotate_finds_umls_concepts_in_text_with_their_cuis_and_names() {
    let t = tempfile::tempdir().unwrap();
    let kb = umls_kb(t.path());
    let note = t.path().join("note.txt");
    std::fs::write(&note, NOTE).unwrap();

    let out = run(kbner()
        .args(["annotate", "--kb"])
        .arg(&kb)
        .arg(&note)
        .args(["--to", "jsonl"]));
    let found = entities(&out.stdout);
    for (text, cui) in [
        ("Chediak-Higashi syndrome", "C0007965"),
        ("scleroderma", "C0011644"),
        ("abdominal pain", "C0000737"),
        ("Acid phosphatase", "C0001109"),
        ("alkaline phosphatases", "C0002059"),
    ] {
        assert!(
            found.iter().any(|(t, id, _)| t == text && id == cui),
            "{text} ({cui}) not found in {found:?}"
        );
    }
    assert!(found
        .iter()
        .any(|(t, _, name)| t == "scleroderma" && name == "Scleroderma"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("annotated 1 documents"), "{stderr}");

    // Only disorders, from standard input, as a table.
    let out = output_with_stdin(
        kbner()
            .args(["annotate", "--kb"])
            .arg(&kb)
            .args(["--types", "DISO", "--to", "table", "-"]),
        NOTE.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.lines().next().unwrap().starts_with("document"),
        "{table}"
    );
    assert!(
        table.contains("C0011644") && table.contains("Scleroderma"),
        "{table}"
    );
    assert!(
        !table.contains("C0001109"),
        "a chemical passed --types DISO:\n{table}"
    );

    // PubTator out, to a file.
    let pt = t.path().join("out.pubtator");
    run(kbner()
        .args(["annotate", "--kb"])
        .arg(&kb)
        .arg(&note)
        .args(["--to", "pubtator", "-o"])
        .arg(&pt));
    let written = std::fs::read_to_string(&pt).unwrap();
    assert!(written.contains("\tscleroderma\t"), "{written}");
}

#[test]
fn bad_inputs_are_named_or_skipped_and_a_kb_without_index_says_how_to_build_one() {
    let t = tempfile::tempdir().unwrap();
    let dict = t.path().join("d.tsv");
    std::fs::write(&dict, "D1\tbreast cancer\tNeoplastic Process\n").unwrap();
    let kb = t.path().join("kb");
    run(kbner()
        .args(["kb", "ingest", "--quiet", "--dict-format", "tsv", "--dict"])
        .arg(&dict)
        .arg("--kb")
        .arg(&kb));
    let text = t.path().join("a.txt");
    std::fs::write(&text, "breast cancer").unwrap();

    // No index yet.
    let out = kbner()
        .args(["annotate", "--kb"])
        .arg(&kb)
        .arg(&text)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("kbner kb index"), "{err}");

    run(kbner().args(["kb", "index", "--quiet", "--kb"]).arg(&kb));

    // Invalid UTF-8 in the second of three PubTator documents: an error naming file and line,
    // or under --lenient a counted skip, the other documents annotated.
    let mut bad = b"1|t|breast cancer\n1|a|x\n\n2|t|breast \xff cancer\n2|a|y\n\n".to_vec();
    bad.extend_from_slice(b"3|t|breast cancer again\n3|a|z\n\n");
    let input = t.path().join("bad.pubtator");
    std::fs::write(&input, &bad).unwrap();
    let out = kbner()
        .args(["annotate", "--kb"])
        .arg(&kb)
        .arg(&input)
        .args(["--from", "pubtator", "--to", "jsonl"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.pubtator:4"), "{err}");
    let out = run(kbner()
        .args(["annotate", "--lenient", "--kb"])
        .arg(&kb)
        .arg(&input)
        .args(["--from", "pubtator", "--to", "jsonl"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 records and 0 documents skipped"), "{err}");
    // The bad byte became U+FFFD, which breaks the name in document 2; 1 and 3 are found.
    let found = entities(&out.stdout);
    assert_eq!(found.len(), 2, "{found:?}");

    // An output that is the input is refused before any work.
    let out = kbner()
        .args(["annotate", "--kb"])
        .arg(&kb)
        .arg(&text)
        .arg("-o")
        .arg(&text)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "breast cancer");
}
