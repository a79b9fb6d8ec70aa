//! Concept index end to end on a small dictionary, with the real default encoder
//! (all-MiniLM-L6-v2, fetched by `scripts/setup.sh`).

use kbner_encoder::{Encoder, EncoderOptions};
use kbner_index::{
    build_index, BuildOptions, BuildReport, ConceptIndex, DenseParams, IndexError, IndexManifest,
    MentionMemory, Retriever, SearchOptions, VectorStorage,
};
use kbner_kb::{ingest, DictFormat, DictSource, IngestOptions, Progress};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

const DICT: &str = "id\tname\ttype
D1\tAlzheimer disease\tDisease or Syndrome
D1\tAlzheimer's dementia\t
D2\tbreast cancer\tNeoplastic Process
D2\tmalignant neoplasm of breast\t
D3\tmyocardial infarction\tDisease or Syndrome
D3\theart attack\t
D4\tcolorectal cancer\tNeoplastic Process
D4\thereditary nonpolyposis colorectal cancer\t
C1\taspirin\tPharmacologic Substance
C1\tacetylsalicylic acid\t
C2\tinsulin\tHormone
C3\tmetformin\tPharmacologic Substance
G1\tBRCA1\tGene or Genome
G1\tbreast cancer 1 gene\t
X1\tbicycle\tManufactured Object
";

fn model_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.data/models/all-MiniLM-L6-v2");
    assert!(
        d.join("model.safetensors").exists(),
        "{} missing: run scripts/setup.sh",
        d.display()
    );
    d
}

fn encoder() -> Encoder {
    Encoder::load(&model_dir(), &EncoderOptions::default()).unwrap()
}

fn make_kb(dir: &Path, dict: &str) -> PathBuf {
    let f = dir.join("terms.tsv");
    std::fs::write(&f, dict).unwrap();
    let kb = dir.join("kb");
    let mut o = IngestOptions::new(&kb);
    o.dicts.push(DictSource {
        path: f,
        format: DictFormat::Tsv,
    });
    ingest(&o, &Progress::hidden(), &AtomicBool::new(false)).unwrap();
    kb
}

fn build_report(kb: &Path, opts: &BuildOptions) -> Result<BuildReport, IndexError> {
    build_index(
        kb,
        &encoder(),
        opts,
        &Progress::hidden(),
        &AtomicBool::new(false),
    )
}

fn build(kb: &Path, opts: &BuildOptions) -> Result<IndexManifest, IndexError> {
    build_report(kb, opts).map(|r| r.manifest)
}

/// A knowledge base of [`DICT`] in a fresh directory (alive as long as the returned guard),
/// indexed with `opts`.
fn indexed_kb(opts: &BuildOptions) -> (tempfile::TempDir, PathBuf, IndexManifest) {
    let t = tempfile::tempdir().unwrap();
    let kb = make_kb(t.path(), DICT);
    let m = build(&kb, opts).unwrap();
    (t, kb, m)
}

/// Default options with `chunk` names per embedding chunk.
fn chunked(chunk: usize) -> BuildOptions {
    BuildOptions {
        chunk,
        ..Default::default()
    }
}

fn ids(idx: &ConceptIndex, q: &str, r: Retriever) -> Vec<String> {
    let o = SearchOptions {
        k: 3,
        retriever: r,
        ..Default::default()
    };
    idx.search(q, &o)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn retrievers_fusion_types_and_persistence() {
    let (_t, kb, m) = indexed_kb(&chunked(5));
    assert_eq!(m.names, 15);
    assert_eq!(m.encoder.dim, 384);
    let idx = ConceptIndex::open(&kb, encoder()).unwrap();

    assert_eq!(ids(&idx, "Heart Attack", Retriever::Exact), vec!["D3"]);
    assert!(ids(&idx, "heart attacks", Retriever::Exact).is_empty());
    // Misspelling: trigrams find it.
    assert_eq!(ids(&idx, "alzhiemer disease", Retriever::Lexical)[0], "D1");
    // Word order.
    assert_eq!(
        ids(&idx, "cancer of the breast", Retriever::Lexical)[0],
        "D2"
    );
    // Dense: a paraphrase with no shared word.
    assert_eq!(ids(&idx, "cardiac infarction", Retriever::Dense)[0], "D3");
    // Fused puts the exact match first and keeps the others.
    let fused = idx
        .search(
            "breast cancer",
            &SearchOptions {
                k: 5,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(fused[0].id, "D2");
    assert_eq!(fused[0].ranks[0], Some(1));
    assert!(
        fused.iter().any(|c| c.id == "G1"),
        "BRCA1 shares words with the query"
    );
    // Type constraint: only genes.
    let genes = idx
        .search(
            "breast cancer",
            &SearchOptions {
                k: 5,
                types: vec!["GENE".into()],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        genes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        vec!["G1"]
    );
    let by_tui = idx
        .search(
            "breast cancer",
            &SearchOptions {
                types: vec!["T191".into()],
                ..Default::default()
            },
        )
        .unwrap();
    assert!(by_tui.iter().all(|c| c.id == "D2" || c.id == "D4"));
    assert!(idx
        .search(
            "breast cancer",
            &SearchOptions {
                types: vec!["ANAT".into()],
                ..Default::default()
            }
        )
        .unwrap()
        .is_empty());

    // Bad queries: empty results or a clear error, never a panic.
    assert!(idx
        .search("", &SearchOptions::default())
        .unwrap()
        .is_empty());
    assert!(idx
        .search("  ;; ", &SearchOptions::default())
        .unwrap()
        .is_empty());
    let _ = idx
        .search("糖尿病 心筋梗塞", &SearchOptions::default())
        .unwrap();
    let long = "cancer ".repeat(1500);
    assert!(matches!(
        idx.search(&long, &SearchOptions::default()),
        Err(IndexError::Invalid(_))
    ));

    // Persistence: a fresh open gives the same fused results.
    let before = idx
        .search("colon cancer", &SearchOptions::default())
        .unwrap();
    // A repeated query (its embedding now cached), the same query in a batch with a duplicate,
    // and the query after the cache is emptied all give the same candidates.
    assert_eq!(
        idx.search("Colon  Cancer", &SearchOptions::default())
            .unwrap(),
        before
    );
    let batch = idx
        .search_many(
            &["colon cancer", "heart attack", "colon cancer"],
            &SearchOptions::default(),
        )
        .unwrap();
    assert_eq!(batch[0], before);
    assert_eq!(batch[2], before);
    assert_eq!(batch[1][0].id, "D3");
    idx.clear_query_cache();
    assert_eq!(
        idx.search("colon cancer", &SearchOptions::default())
            .unwrap(),
        before
    );
    drop(idx);
    let again = ConceptIndex::open(&kb, encoder()).unwrap();
    assert_eq!(
        again
            .search("colon cancer", &SearchOptions::default())
            .unwrap(),
        before
    );
}

#[test]
fn stale_index_and_other_encoder_are_refused() {
    let (_t, kb, _) = indexed_kb(&BuildOptions::default());
    // Another encoder configuration has another fingerprint.
    let other = Encoder::load(
        &model_dir(),
        &EncoderOptions {
            max_tokens: 32,
            ..Default::default()
        },
    )
    .unwrap();
    let err = ConceptIndex::open(&kb, other).err().unwrap().to_string();
    assert!(err.contains("built with encoder"), "{err}");
    // Re-ingesting different content changes the store fingerprint; the old index is gone with
    // the old store, so build one, then swap the store underneath it.
    let t2 = tempfile::tempdir().unwrap();
    let kb2 = make_kb(t2.path(), &DICT.replace("bicycle", "tricycle"));
    std::fs::remove_dir_all(kb.join("db")).unwrap();
    copy_dir(&kb2.join("db"), &kb.join("db"));
    let err = ConceptIndex::open(&kb, encoder())
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("another version of the knowledge base"),
        "{err}"
    );
    // No index at all.
    let err = ConceptIndex::open(&kb2, encoder())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("kbner kb index"), "{err}");
}

/// Ingests `dict` into the existing knowledge base `kb` (the way `kbner kb ingest` replaces one).
fn reingest(kb: &Path, dict: &str) {
    let f = kb.parent().unwrap().join("terms.tsv");
    std::fs::write(&f, dict).unwrap();
    let mut o = IngestOptions::new(kb);
    o.dicts.push(DictSource {
        path: f,
        format: DictFormat::Tsv,
    });
    ingest(&o, &Progress::hidden(), &AtomicBool::new(false)).unwrap();
}

#[test]
fn reingest_keeps_the_index_and_the_embeddings_of_unchanged_names() {
    let (_t, kb, first) = indexed_kb(&BuildOptions::default());
    // An up-to-date index is left as it is.
    let again = build_report(&kb, &BuildOptions::default()).unwrap();
    assert!(again.up_to_date);
    assert_eq!((again.embedded, again.manifest), (0, first.clone()));

    // Re-ingesting the same input keeps the index valid: it opens, and indexing has nothing to do.
    reingest(&kb, DICT);
    ConceptIndex::open(&kb, encoder()).expect("the index survives an identical re-ingest");
    let again = build_report(&kb, &BuildOptions::default()).unwrap();
    assert!(again.up_to_date, "{again:?}");

    // Two new names: the index is stale, and rebuilding it embeds only those two.
    reingest(
        &kb,
        &format!("{DICT}D3\tcardiac infarction\t\nC4\tibuprofen\tPharmacologic Substance\n"),
    );
    let err = ConceptIndex::open(&kb, encoder())
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("another version of the knowledge base"),
        "{err}"
    );
    let rebuilt = build_report(&kb, &BuildOptions::default()).unwrap();
    assert!(!rebuilt.up_to_date);
    assert_eq!((rebuilt.reused, rebuilt.embedded), (15, 2));
    assert_eq!(rebuilt.manifest.names, 17);
    let idx = ConceptIndex::open(&kb, encoder()).unwrap();
    assert_eq!(ids(&idx, "ibuprofen", Retriever::Dense)[0], "C4");
    assert_eq!(ids(&idx, "heart attack", Retriever::Dense)[0], "D3");
    drop(idx);

    // Forced: rebuilt from the cache alone.
    let forced = build_report(
        &kb,
        &BuildOptions {
            force: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (forced.up_to_date, forced.reused, forced.embedded),
        (false, 17, 0)
    );
    // Other parameters are another index: rebuilt, embeddings reused.
    let other = build_report(&kb, &chunked(3)).unwrap();
    assert!(other.up_to_date, "the chunk size does not change the index");
    let other = build_report(
        &kb,
        &BuildOptions {
            params: DenseParams {
                m: 8,
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((other.up_to_date, other.embedded), (false, 0));
}

#[test]
fn a_cancelled_build_keeps_the_previous_index() {
    let (_t, kb, first) = indexed_kb(&BuildOptions::default());
    let cancelled = build_index(
        &kb,
        &encoder(),
        &BuildOptions {
            force: true,
            ..Default::default()
        },
        &Progress::hidden(),
        &AtomicBool::new(true),
    );
    assert!(
        matches!(cancelled, Err(IndexError::Cancelled)),
        "{cancelled:?}"
    );
    assert_eq!(IndexManifest::read(&kb.join("index")).unwrap(), first);
    ConceptIndex::open(&kb, encoder()).unwrap();
}

#[test]
fn weights_changed_in_the_middle_make_the_index_stale() {
    let (t, kb, _) = indexed_kb(&BuildOptions::default());
    // A copy of the model with bytes in the middle of its weights changed (well inside the
    // tensor data, far from the first and last MiB).
    let model = t.path().join("copy/all-MiniLM-L6-v2");
    copy_dir(&model_dir(), &model);
    let pooling = model_dir().join("1_Pooling");
    if pooling.is_dir() {
        copy_dir(&pooling, &model.join("1_Pooling"));
    }
    let weights = model.join("model.safetensors");
    let mut bytes = std::fs::read(&weights).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 4096] {
        *b = b.wrapping_add(1);
    }
    std::fs::write(&weights, &bytes).unwrap();
    let changed = Encoder::load(&model, &EncoderOptions::default()).unwrap();
    assert_ne!(changed.fingerprint(), encoder().fingerprint());
    let err = ConceptIndex::open(&kb, changed).err().unwrap().to_string();
    assert!(err.contains("its files or options changed"), "{err}");
    assert!(err.contains("rebuild with `kbner kb index`"), "{err}");
}

#[test]
fn an_index_of_an_older_format_is_reported_stale() {
    let (_t, kb, mut m) = indexed_kb(&BuildOptions::default());
    m.format_version = 1;
    m.write(&kb.join("index")).unwrap();
    let err = ConceptIndex::open(&kb, encoder())
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("older kbner") && err.contains("rebuild it with `kbner kb index`"),
        "{err}"
    );
    // ... and `kb index` rebuilds it from the cached embeddings.
    let r = build_report(&kb, &BuildOptions::default()).unwrap();
    assert_eq!((r.up_to_date, r.embedded), (false, 0));
    ConceptIndex::open(&kb, encoder()).unwrap();
}

#[test]
fn absurd_sizes_are_errors_not_allocations() {
    let (_t, kb, _) = indexed_kb(&BuildOptions::default());
    let idx = ConceptIndex::open(&kb, encoder()).unwrap();
    for (k, depth) in [(usize::MAX, 50), (1_000_000_000, 50), (10, usize::MAX)] {
        let r = idx.search(
            "heart attack",
            &SearchOptions {
                k,
                depth,
                ..Default::default()
            },
        );
        assert!(matches!(r, Err(IndexError::Invalid(_))), "k {k}: {r:?}");
    }
    assert_eq!(
        idx.search(
            "heart attack",
            &SearchOptions {
                k: kbner_index::MAX_K,
                ..Default::default()
            }
        )
        .unwrap()[0]
            .id,
        "D3"
    );
    drop(idx);
    for opts in [
        chunked(0),
        chunked(usize::MAX),
        BuildOptions {
            params: DenseParams {
                ef_construction: usize::MAX,
                ..Default::default()
            },
            ..Default::default()
        },
        BuildOptions {
            params: DenseParams {
                ef_search: 0,
                ..Default::default()
            },
            ..Default::default()
        },
    ] {
        let r = build_report(&kb, &opts);
        assert!(matches!(r, Err(IndexError::Invalid(_))), "{opts:?}: {r:?}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn interrupted_build_resumes_and_equals_a_fresh_build() {
    let t = tempfile::tempdir().unwrap();
    let kb = make_kb(t.path(), DICT);
    let partial = build(
        &kb,
        &BuildOptions {
            chunk: 4,
            max_new_chunks: Some(2),
            ..Default::default()
        },
    );
    match partial {
        Err(IndexError::Partial { embedded, total }) => assert_eq!((embedded, total), (8, 15)),
        other => panic!("expected a partial build, got {other:?}"),
    }
    assert!(
        !kb.join("index").exists(),
        "no index until the build completes"
    );
    let resumed = build_report(&kb, &chunked(4)).unwrap();
    assert_eq!(
        (resumed.reused, resumed.embedded),
        (8, 7),
        "the interrupted run's chunks are reused"
    );
    let resumed = resumed.manifest;
    let idx = ConceptIndex::open(&kb, encoder()).unwrap();
    let r1 = idx
        .search("heart disease", &SearchOptions::default())
        .unwrap();
    drop(idx);

    let (_t2, kb2, fresh) = indexed_kb(&chunked(4));
    assert_eq!(resumed.files.get("names.txt"), fresh.files.get("names.txt"));
    let idx2 = ConceptIndex::open(&kb2, encoder()).unwrap();
    let r2 = idx2
        .search("heart disease", &SearchOptions::default())
        .unwrap();
    assert_eq!(
        r1.iter().map(|c| &c.id).collect::<Vec<_>>(),
        r2.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
}

#[test]
fn remembered_mentions_link_to_the_concepts_they_were_linked_to() {
    let (_t, kb, _) = indexed_kb(&BuildOptions::default());
    let mut idx = ConceptIndex::open(&kb, encoder()).unwrap();
    // "Lynch syndrome" is nowhere in the dictionary; a training corpus linked it to D4.
    let mentions: Vec<(&str, Vec<String>)> = vec![
        ("Lynch syndrome", vec!["D4".into()]),
        ("Lynch syndrome", vec!["D4".into()]),
        ("lynch syndrome", vec!["D2".into()]),
        ("heart failure", vec!["NOT_IN_KB".into()]),
        ("no id", vec![]),
    ];
    let (memory, stats) = MentionMemory::build(
        idx.kb(),
        idx.encoder(),
        mentions.iter().map(|(t, i)| (*t, i.as_slice())),
    )
    .unwrap();
    assert_eq!(
        (stats.mentions, stats.kept, stats.unresolved, stats.distinct),
        (5, 3, 2, 1)
    );
    idx.set_memory(memory);
    let hits = idx
        .search("Lynch syndrome", &SearchOptions::default())
        .unwrap();
    // The concept linked most often comes first, then the other one.
    assert_eq!(hits[0].id, "D4");
    assert_eq!(hits[0].ranks[3], Some(1));
    assert_eq!(hits[1].id, "D2");
    // A near variant reaches it through the remembered-nearest ranking.
    let near = idx
        .search("Lynch syndromes", &SearchOptions::default())
        .unwrap();
    assert!(near.iter().any(|c| c.id == "D4" && c.ranks[4] == Some(1)));
    // The memory joins fused search only.
    assert!(idx
        .search(
            "Lynch syndrome",
            &SearchOptions {
                retriever: Retriever::Dense,
                ..Default::default()
            }
        )
        .unwrap()
        .iter()
        .all(|c| c.ranks[3].is_none() && c.ranks[4].is_none()));
}

#[test]
fn half_precision_graph_persists_and_finds_the_same_concepts() {
    let (_t, kb, m) = indexed_kb(&BuildOptions {
        params: DenseParams {
            storage: VectorStorage::F16,
            ..Default::default()
        },
        ..Default::default()
    });
    assert_eq!(m.params.storage, VectorStorage::F16);
    let idx = ConceptIndex::open(&kb, encoder()).unwrap();
    assert_eq!(idx.manifest().params.storage, m.params.storage);
    assert_eq!(ids(&idx, "cardiac infarction", Retriever::Dense)[0], "D3");
    assert_eq!(ids(&idx, "acetylsalicylic acid", Retriever::Dense)[0], "C1");
    let hits = idx
        .search(
            "heart attack",
            &SearchOptions {
                retriever: Retriever::Dense,
                ..Default::default()
            },
        )
        .unwrap();
    // The identical name comes back with a cosine of 1 within half precision.
    assert!((hits[0].cosine.unwrap() - 1.0).abs() < 2e-3, "{hits:?}");
}
