//! The knowledge-base tagger and the streamed annotation run on a small dictionary, with the real
//! store, index (HNSW + tantivy) and default encoder.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use kbner_annotate::{
    annotate_stream, Annotator, Approximate, Input, KbTaggerOptions, Label, Output, OutputFormat,
    StreamOptions,
};
use kbner_corpus::{read_bytes, Corpus, Entity, Format, ReadOptions};
use kbner_encoder::{Encoder, EncoderOptions};
use kbner_index::{build_index, BuildOptions, ConceptIndex};
use kbner_kb::{ingest, DictFormat, DictSource, IngestOptions, Progress};

const DICT: &str = "D1\thereditary nonpolyposis colorectal cancer\tNeoplastic Process
D2\tbreast cancer\tNeoplastic Process
D2\tcarcinoma of the breast\tNeoplastic Process
D3\tcancer\tNeoplastic Process
D4\tovarian cancer\tNeoplastic Process
D5\tcolorectal tumor\tNeoplastic Process
D6\tHirschsprung disease\tDisease or Syndrome
D7\tacute lymphoblastic leukemia\tNeoplastic Process
D7\tALL\tNeoplastic Process
D8\t高血压\tDisease or Syndrome
D9\tmyotonic dystrophy\tDisease or Syndrome
D10\tdiabetes mellitus\tDisease or Syndrome
D11\tWT1\tNeoplastic Process
C1\taspirin\tPharmacologic Substance
G1\tDM\tGene or Genome
";

fn model_dir() -> PathBuf {
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.data/models/all-MiniLM-L6-v2");
    assert!(
        model.join("model.safetensors").exists(),
        "run scripts/setup.sh first"
    );
    model
}

/// A knowledge base of [`DICT`] with its index, in a temporary directory.
fn index() -> (tempfile::TempDir, Arc<ConceptIndex>) {
    let t = tempfile::tempdir().unwrap();
    let dict = t.path().join("d.tsv");
    std::fs::write(&dict, DICT).unwrap();
    let kb = t.path().join("kb");
    let mut o = IngestOptions::new(&kb);
    o.dicts.push(DictSource {
        path: dict,
        format: DictFormat::Tsv,
    });
    let cancel = AtomicBool::new(false);
    ingest(&o, &Progress::hidden(), &cancel).unwrap();
    let enc = || Encoder::load(&model_dir(), &EncoderOptions::default()).unwrap();
    build_index(
        &kb,
        &enc(),
        &BuildOptions::default(),
        &Progress::hidden(),
        &cancel,
    )
    .unwrap();
    let index = ConceptIndex::open(&kb, enc()).unwrap();
    (t, Arc::new(index))
}

fn text_doc(text: &str) -> Corpus {
    read_bytes(text.as_bytes(), Format::Text, &ReadOptions::default())
        .unwrap()
        .corpus
}

fn found(es: &[Entity]) -> Vec<(String, String)> {
    es.iter()
        .map(|e| (e.text.clone(), e.ids.first().cloned().unwrap_or_default()))
        .collect()
}

fn annotate(annotator: &Annotator, text: &str) -> Vec<Entity> {
    let mut c = text_doc(text);
    annotator.annotate(&mut c.documents, false).unwrap();
    c.documents.pop().map(|d| d.entities).unwrap_or_default()
}

#[test]
fn kb_tagging_exact_variants_overlaps_abbreviations_types_and_approximate() {
    let (_t, index) = index();
    let kb = |o: KbTaggerOptions| Annotator::new(index.clone(), Some(o), None).unwrap();
    let plain = kb(KbTaggerOptions::default());

    // Exact names, the longest of an overlap, plural and British forms, a defined short form.
    let es = annotate(
        &plain,
        "Germline mutations in hereditary nonpolyposis colorectal cancer (HNPCC). HNPCC \
         families had breast cancer, colorectal tumours and ovarian cancers; aspirin was given.",
    );
    assert_eq!(
        found(&es),
        [
            (
                "hereditary nonpolyposis colorectal cancer".into(),
                "D1".into()
            ),
            ("HNPCC".into(), "D1".into()),
            ("HNPCC".into(), "D1".into()),
            ("breast cancer".into(), "D2".into()),
            ("colorectal tumours".into(), "D5".into()),
            ("ovarian cancers".into(), "D4".into()),
            ("aspirin".into(), "C1".into()),
        ]
    );
    let breast = &es[3];
    assert_eq!(breast.kind, "Neoplastic Process");
    assert_eq!(breast.infons.get("name"), Some("breast cancer"));
    assert_eq!(breast.score, Some(1.0));
    assert!(
        es[4].score < Some(1.0),
        "a variant scores below an exact name"
    );

    // A short form the document defines as something the KB does not hold is not the KB's
    // homonym; one defined as a KB name takes that concept.
    let es = annotate(
        &plain,
        "Patients with dermatomyositis (DM) were seen. DM was mild. \
         Myotonic dystrophy (MD) differs from MD.",
    );
    assert_eq!(
        found(&es),
        [
            ("Myotonic dystrophy".into(), "D9".into()),
            ("MD".into(), "D9".into()),
            ("MD".into(), "D9".into())
        ]
    );

    // Short lower-case words are not abbreviations; capitals are.
    assert_eq!(
        found(&annotate(&plain, "In ALL, all cells were blasts.")),
        [("ALL".into(), "D7".into())]
    );

    // Coordinated names are one composite mention with the ids of both conjuncts; inheritance
    // modifiers join the mention; a symbol followed by a gene word is the gene's.
    let es = annotate(
        &plain,
        "Women with breast and ovarian cancer, hereditary breast cancer or WT1 mutations. WT1 recurred.",
    );
    assert_eq!(
        found(&es),
        [
            ("breast and ovarian cancer".into(), "D2".into()),
            ("hereditary breast cancer".into(), "D2".into()),
            ("WT1".into(), "D11".into()),
        ]
    );
    assert_eq!(es[0].ids, ["D2", "D4"]);
    assert!(
        !es[0].ids_ranked,
        "the ids of a composite mention all apply"
    );
    assert_eq!(es[0].infons.get("match"), Some("composite"));
    assert_eq!(es[2].start, 81);

    // Type filters and labels.
    let labelled = kb(KbTaggerOptions {
        labels: vec!["Disease=Neoplastic Process".parse::<Label>().unwrap()],
        ..Default::default()
    });
    let es = annotate(&labelled, "breast cancer after aspirin");
    assert_eq!(found(&es), [("breast cancer".into(), "D2".into())]);
    assert_eq!(es[0].kind, "Disease");
    let drugs = kb(KbTaggerOptions {
        types: vec!["Pharmacologic Substance".into()],
        ..Default::default()
    });
    assert_eq!(
        found(&annotate(&drugs, "breast cancer after aspirin")),
        [("aspirin".into(), "C1".into())]
    );

    // Chinese: names found at any character.
    assert_eq!(
        found(&annotate(&plain, "患者有高血压和糖尿病。")),
        [("高血压".into(), "D8".into())]
    );

    // Approximate: a misspelling no exact name matches, found through the lexical index.
    let text = "A child with Hirschprung disease was operated on.";
    assert!(annotate(&plain, text).is_empty());
    let approx = kb(KbTaggerOptions {
        approximate: Approximate::Lexical,
        threshold: 0.8,
        ..Default::default()
    });
    let es = annotate(&approx, text);
    assert_eq!(found(&es), [("Hirschprung disease".into(), "D6".into())]);
    assert_eq!(es[0].infons.get("match"), Some("approximate"));
    assert!(es[0].score.unwrap() < 1.0);
    // Above a threshold of 1 nothing approximate is taken.
    let strict = kb(KbTaggerOptions {
        approximate: Approximate::Lexical,
        threshold: 1.0,
        ..Default::default()
    });
    assert!(annotate(&strict, text).is_empty());

    // Nested matches are kept on request.
    let nested = kb(KbTaggerOptions {
        keep_overlaps: true,
        ..Default::default()
    });
    assert_eq!(
        found(&annotate(&nested, "breast cancer")),
        [
            ("breast cancer".into(), "D2".into()),
            ("cancer".into(), "D3".into())
        ]
    );
}

#[test]
fn a_multi_document_stream_is_annotated_in_order_in_small_chunks() {
    let (t, index) = index();
    let annotator = Annotator::new(index, Some(KbTaggerOptions::default()), None).unwrap();
    let mut input = String::new();
    for i in 0..60 {
        let title = format!("Case {i}: breast cancer.");
        let abs = if i % 3 == 0 {
            String::from("No findings.")
        } else {
            format!("Patient {i} had diabetes mellitus and ovarian cancer.")
        };
        input.push_str(&format!("{}|t|{title}\n{}|a|{abs}\n\n", 1000 + i, 1000 + i));
    }
    let path = t.path().join("in.pubtator");
    std::fs::write(&path, &input).unwrap();
    let out = t.path().join("out.jsonl");
    let report = annotate_stream(
        &annotator,
        &[Input::Path(path)],
        &Output::Path(out.clone()),
        &StreamOptions {
            chunk_bytes: 300,
            to: OutputFormat::Corpus(Format::Jsonl),
            ..Default::default()
        },
        &Progress::hidden(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.stats.documents, 60);
    assert_eq!(report.stats.entities, 60 + 2 * 40);
    let written = std::fs::read(&out).unwrap();
    let corpus = read_bytes(&written, Format::Jsonl, &ReadOptions::default())
        .unwrap()
        .corpus;
    let ids: Vec<String> = corpus.documents.iter().map(|d| d.id.clone()).collect();
    assert_eq!(
        ids,
        (0..60).map(|i| (1000 + i).to_string()).collect::<Vec<_>>()
    );
    let second = &corpus.documents[1];
    assert_eq!(
        found(&second.entities),
        [
            ("breast cancer".into(), "D2".into()),
            ("diabetes mellitus".into(), "D10".into()),
            ("ovarian cancer".into(), "D4".into())
        ]
    );
    // The offsets point at the mention in the document's text.
    let e = &second.entities[1];
    assert_eq!(second.slice(e.start, e.end), Some("diabetes mellitus"));

    // An interrupted run leaves no output file behind.
    let out2 = t.path().join("out2.jsonl");
    let cancelled = annotate_stream(
        &annotator,
        &[Input::Path(t.path().join("in.pubtator"))],
        &Output::Path(out2.clone()),
        &StreamOptions::default(),
        &Progress::hidden(),
        &AtomicBool::new(true),
    );
    assert!(matches!(
        cancelled,
        Err(kbner_annotate::AnnotateError::Interrupted)
    ));
    assert!(!out2.exists());
}

#[test]
fn long_unusual_and_empty_documents_are_annotated_whole() {
    let (_t, index) = index();
    let annotator = Annotator::new(index, Some(KbTaggerOptions::default()), None).unwrap();
    // One 1 MB line: the name at its very end is found (no truncation).
    let mut long = "word ".repeat(200_000);
    long.push_str("and then breast cancer");
    let es = annotate(&annotator, &long);
    assert_eq!(found(&es), [("breast cancer".into(), "D2".into())]);
    assert_eq!(es[0].end, long.chars().count());
    // Control characters, emoji and CJK around names: offsets stay character offsets.
    let text = "\u{1}\u{7}🙂 breast cancer 🙂\t高血压\u{0}aspirin";
    let es = annotate(&annotator, text);
    let chars: Vec<char> = text.chars().collect();
    for e in &es {
        let s: String = chars[e.start..e.end].iter().collect();
        assert_eq!(s, e.text);
    }
    assert_eq!(es.len(), 3, "{:?}", found(&es));
    // Empty and whitespace-only documents have no entities and no error.
    assert!(annotate(&annotator, "").is_empty());
    let mut c = Corpus::default();
    c.documents.push(kbner_corpus::Document {
        id: "empty".into(),
        ..Default::default()
    });
    annotator.annotate(&mut c.documents, false).unwrap();
    assert!(c.documents[0].entities.is_empty());
}
