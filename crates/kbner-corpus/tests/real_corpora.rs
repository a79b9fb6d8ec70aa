//! Reading, writing and converting the shared real corpora.

mod common;

use std::path::{Path, PathBuf};

use kbner_corpus::{read_bytes, read_path, write_path, write_string, Format};
use kbner_corpus::{Corpus, ReadOptions};

fn files() -> Vec<(PathBuf, Format)> {
    let ncbi = common::data("ncbi-disease");
    let cdr = common::data("bc5cdr");
    let bc2 = common::data("bc2gm");
    let mut v = Vec::new();
    for f in [
        "NCBItrainset_corpus.txt",
        "NCBIdevelopset_corpus.txt",
        "NCBItestset_corpus.txt",
    ] {
        v.push((ncbi.join("pubtator").join(f), Format::Pubtator));
    }
    for f in [
        "CDR_TrainingSet.PubTator.txt",
        "CDR_DevelopmentSet.PubTator.txt",
        "CDR_TestSet.PubTator.txt",
    ] {
        v.push((cdr.join("pubtator").join(f), Format::Pubtator));
    }
    v.push((
        common::data("medmentions-sample").join("med_mentions.txt"),
        Format::Pubtator,
    ));
    for d in [&ncbi, &cdr, &bc2] {
        for f in ["train.tsv", "devel.tsv", "test.tsv"] {
            v.push((d.join("iob").join(f), Format::Iob));
        }
    }
    v.push((
        common::data("genia-nested").join("dev.jsonlines"),
        Format::Nested,
    ));
    v
}

#[test]
fn every_shared_file_round_trips_byte_for_byte_and_is_detected() {
    for (path, format) in files() {
        assert_eq!(
            kbner_corpus::detect(&path).unwrap(),
            format,
            "{}",
            path.display()
        );
        let r = read_path(&path, Some(format), false).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.skipped.is_empty());
        let (out, rep) = write_string(&r.corpus, format).unwrap();
        let orig = std::fs::read_to_string(&path).unwrap();
        assert!(out == orig, "{} does not round-trip", path.display());
        assert!(rep.lost.is_empty() && rep.altered.is_empty(), "{:?}", rep);
    }
}

#[test]
fn published_counts_are_reproduced() {
    let count = |p: &Path, f| {
        let c = read_path(p, Some(f), false).unwrap().corpus;
        (
            c.documents.len(),
            c.documents.iter().map(|d| d.entities.len()).sum::<usize>(),
        )
    };
    let ncbi = common::data("ncbi-disease");
    // SOURCES.md: NCBI entities 5134/787/960 (IOB), docs 593/100/100 (PubTator).
    assert_eq!(count(&ncbi.join("iob/test.tsv"), Format::Iob).1, 960);
    assert_eq!(count(&ncbi.join("iob/devel.tsv"), Format::Iob).1, 787);
    assert_eq!(
        count(
            &ncbi.join("pubtator/NCBItestset_corpus.txt"),
            Format::Pubtator
        )
        .0,
        100
    );
    let cdr = common::data("bc5cdr");
    // BC5CDR test: 500 docs, 9809 mentions.
    assert_eq!(
        count(
            &cdr.join("pubtator/CDR_TestSet.PubTator.txt"),
            Format::Pubtator
        ),
        (500, 9809)
    );
    assert_eq!(
        count(&common::data("bc2gm").join("iob/test.tsv"), Format::Iob).1,
        6325
    );
    assert_eq!(
        count(
            &common::data("medmentions-sample").join("med_mentions.txt"),
            Format::Pubtator
        ),
        (3, 115)
    );
    let genia = read_path(
        &common::data("genia-nested").join("dev.jsonlines"),
        Some(Format::Nested),
        false,
    )
    .unwrap()
    .corpus;
    assert_eq!(genia.documents.len(), 1765);
    assert_eq!(
        genia
            .documents
            .iter()
            .map(|d| d.entities.len())
            .sum::<usize>(),
        4714
    );
    // CDR relations and composite mentions survive reading.
    let c = read_path(
        &cdr.join("pubtator/CDR_TestSet.PubTator.txt"),
        Some(Format::Pubtator),
        false,
    )
    .unwrap()
    .corpus;
    assert!(c.documents.iter().map(|d| d.relations.len()).sum::<usize>() > 1000);
    assert!(c
        .documents
        .iter()
        .flat_map(|d| &d.entities)
        .any(|e| e.ids.len() > 1));
}

/// What survives a trip through a format.
fn lossless(f: Format) -> bool {
    !matches!(f, Format::Iob | Format::Nested | Format::Text)
}

/// Writes `c` as `f` and reads it back.
fn through(c: &Corpus, f: Format, dir: &Path, tag: &str) -> (Corpus, usize) {
    let path = dir.join(format!("{tag}.{}", f.name()));
    let rep = write_path(c, f, &path).unwrap();
    let back = read_path(&path, Some(f), false).unwrap_or_else(|e| panic!("{f}: {e}"));
    (back.corpus, rep.entities_lost)
}

type Sig = (String, usize, usize, String, Vec<String>);

/// Sorted entity signatures (brat reads documents in file-name order).
fn sig(c: &Corpus, with_ids: bool) -> Vec<Sig> {
    let mut v: Vec<Sig> = c
        .documents
        .iter()
        .flat_map(|d| {
            d.entities.iter().map(move |e| {
                (
                    d.id.clone(),
                    e.start,
                    e.end,
                    e.kind.clone(),
                    if with_ids { e.ids.clone() } else { vec![] },
                )
            })
        })
        .collect();
    v.sort();
    v
}

/// Asserts equality, printing only the first difference (full lists are thousands long).
fn same<T: PartialEq + std::fmt::Debug>(a: &[T], b: &[T], label: &str) {
    if let Some(i) = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]) {
        panic!("{label}: first difference at {i}: {:?} vs {:?}", a[i], b[i]);
    }
    assert_eq!(a.len(), b.len(), "{label}: lengths differ");
}

/// Entity texts with spaces removed (IOB/nested rebuild text from tokens), per type.
fn texts(c: &Corpus) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = c
        .documents
        .iter()
        .flat_map(|d| {
            d.entities
                .iter()
                .map(|e| (e.kind.clone(), e.text.replace(' ', "")))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn conversions_between_every_pair_of_formats_keep_entities() {
    // BC5CDR test set with relations, composite mentions and ids; MedMentions has nesting.
    let src_path = common::data("bc5cdr").join("pubtator/CDR_TestSet.PubTator.txt");
    let mut src = read_path(&src_path, Some(Format::Pubtator), false)
        .unwrap()
        .corpus;
    src.documents.truncate(60);
    let dir = common::scratch("pairs");
    let n_src = sig(&src, false).len();
    for f in Format::ALL {
        let (a, lost_a) = through(&src, f, &dir, &format!("a-{f}"));
        for g in Format::ALL {
            let (b, lost_b) = through(&a, g, &dir, &format!("b-{f}-{g}"));
            let label = format!("pubtator -> {f} -> {g}");
            if lossless(f) && lossless(g) {
                same(&sig(&b, true), &sig(&src, true), &label);
                assert_eq!(lost_a + lost_b, 0, "{label}");
            } else {
                // Every entity is either still there or reported lost, never silently dropped.
                let n = sig(&b, false).len();
                assert_eq!(
                    n + lost_a + lost_b,
                    n_src,
                    "{label}: {n} kept, {lost_a}+{lost_b} reported"
                );
                if lost_a + lost_b == 0 {
                    same(&texts(&b), &texts(&src), &label);
                }
            }
            // Nested files split documents into sentences; plain text holds one document (both
            // report it when writing).
            let one_doc_per_doc = |x: Format| !matches!(x, Format::Nested | Format::Text);
            if one_doc_per_doc(f) && one_doc_per_doc(g) {
                assert_eq!(b.documents.len(), src.documents.len(), "{label}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_real_world_input_is_located() {
    let p = common::data("ncbi-disease").join("pubtator/NCBItestset_corpus.txt");
    let mut s = std::fs::read_to_string(&p).unwrap();
    // Corrupt the third mention's text: the error must name file, line and PMID.
    s = s.replacen("\tWilson disease\t", "\tWilson disorder\t", 1);
    let opts = ReadOptions::for_file("ncbi-test.txt");
    let e = read_bytes(s.as_bytes(), Format::Pubtator, &opts).unwrap_err();
    assert_eq!(e.doc.as_deref(), Some("9949209"));
    assert_eq!(e.line, Some(7));
    assert!(
        e.to_string()
            .starts_with("ncbi-test.txt:7: document 9949209: mention text"),
        "{e}"
    );
    // Truncation in the middle of a document's abstract line.
    let cut = &s.as_bytes()[..s.find("9949209|a|").unwrap() + 20];
    let e = read_bytes(cut, Format::Pubtator, &ReadOptions::default());
    assert!(e.is_ok(), "a cut abstract line is still a line");
    let cut = &s.as_bytes()[..s.find("9949209|a|").unwrap()];
    let e = read_bytes(cut, Format::Pubtator, &ReadOptions::default()).unwrap_err();
    assert!(e.message.contains("truncated"), "{e}");
}

#[test]
fn nested_genia_mentions_survive_span_formats_and_are_reported_by_iob() {
    let path = common::data("genia-nested").join("dev.jsonlines");
    let src = read_path(&path, Some(Format::Nested), false)
        .unwrap()
        .corpus;
    let nested_pairs: usize = src
        .documents
        .iter()
        .map(|d| {
            d.entities
                .iter()
                .enumerate()
                .filter(|(i, e)| d.entities[..*i].iter().any(|o| o.overlaps(e)))
                .count()
        })
        .sum();
    assert!(nested_pairs > 300, "GENIA dev has nested mentions");
    let dir = common::scratch("genia");
    for f in [
        Format::Pubtator,
        Format::Brat,
        Format::BiocXml,
        Format::BiocJson,
        Format::Jsonl,
    ] {
        let (back, lost) = through(&src, f, &dir, &format!("genia-{f}"));
        assert_eq!(lost, 0, "{f}");
        same(
            &sig(&back, false),
            &sig(&src, false),
            &format!("nested -> {f}"),
        );
        // Only kbner JSONL keeps the original tokens, so only it leads back byte for byte.
        if f == Format::Jsonl {
            let (s, _) = write_string(&back, Format::Nested).unwrap();
            assert!(
                s == std::fs::read_to_string(&path).unwrap(),
                "jsonl -> nested"
            );
        }
    }
    let (s, rep) = write_string(&src, Format::Iob).unwrap();
    let iob = read_bytes(s.as_bytes(), Format::Iob, &ReadOptions::default())
        .unwrap()
        .corpus;
    let kept: usize = iob.documents.iter().map(|d| d.entities.len()).sum();
    assert!(rep.entities_lost > 0);
    assert_eq!(kept + rep.entities_lost, sig(&src, false).len());
    let _ = std::fs::remove_dir_all(&dir);
}
