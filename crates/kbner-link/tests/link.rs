//! Linking a PubTator document against a small dictionary, with the real default encoder.

use kbner_corpus::{read_bytes, Corpus, Format, ReadOptions};
use kbner_encoder::{Encoder, EncoderOptions};
use kbner_index::{build_index, BuildOptions, ConceptIndex, SearchOptions};
use kbner_kb::{ingest, DictFormat, DictSource, IngestOptions, Progress};
use kbner_link::{link_corpus, LinkOptions};
use std::path::Path;
use std::sync::atomic::AtomicBool;

const DICT: &str = "D1\thereditary nonpolyposis colorectal cancer\tNeoplastic Process
D2\tbreast cancer\tNeoplastic Process
D3\tmyocardial infarction\tDisease or Syndrome
D4\tovarian cancer\tNeoplastic Process
C1\taspirin\tPharmacologic Substance
G1\tMSH2\tGene or Genome
";

/// A PubTator document whose mention offsets are computed from the text.
fn pubtator_doc() -> String {
    let title = "Germline mutations in hereditary nonpolyposis colorectal cancer (HNPCC).";
    let abs = "HNPCC families carry MSH2 mutations; aspirin lowers HNPCC risk. Women with breast \
               and ovarian cancer were seen.";
    let full = format!("{title} {abs}");
    let mut out = format!("1|t|{title}\n1|a|{abs}\n");
    let mut from = 0;
    for (m, kind, id) in [
        ("hereditary nonpolyposis colorectal cancer", "Disease", "D1"),
        ("HNPCC", "Disease", "D1"),
        ("HNPCC", "Disease", "D1"),
        ("MSH2", "Gene", "G1"),
        ("aspirin", "Chemical", "C1"),
        ("breast and ovarian cancer", "Disease", "D2|D4"),
    ] {
        let at = from + full[from..].find(m).unwrap();
        out.push_str(&format!("1\t{at}\t{}\t{m}\t{kind}\t{id}\n", at + m.len()));
        from = at + m.len();
    }
    out.push('\n');
    out
}

fn pubtator_corpus() -> Corpus {
    read_bytes(
        pubtator_doc().as_bytes(),
        Format::Pubtator,
        &ReadOptions::default(),
    )
    .unwrap()
    .corpus
}

#[test]
fn mentions_get_ranked_ids_and_short_forms_use_their_long_form() {
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.data/models/all-MiniLM-L6-v2");
    assert!(
        model.join("model.safetensors").exists(),
        "run scripts/setup.sh first"
    );
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
    let enc = || Encoder::load(&model, &EncoderOptions::default()).unwrap();
    build_index(
        &kb,
        &enc(),
        &BuildOptions::default(),
        &Progress::hidden(),
        &cancel,
    )
    .unwrap();
    let index = ConceptIndex::open(&kb, enc()).unwrap();

    let mut corpus = pubtator_corpus();
    let gold: Vec<String> = corpus.documents[0]
        .entities
        .iter()
        .map(|e| e.ids[0].clone())
        .collect();
    let mut opts = LinkOptions {
        search: SearchOptions {
            k: 3,
            ..Default::default()
        },
        ..Default::default()
    };
    opts.type_map.insert("Chemical".into(), vec!["CHEM".into()]);
    let stats = link_corpus(&index, &mut corpus, &opts).unwrap();
    assert_eq!((stats.mentions, stats.linked), (6, 6));
    assert_eq!(stats.composites, 1);
    assert_eq!(
        stats.expanded, 2,
        "both HNPCC mentions are searched through the long form"
    );
    let doc = &corpus.documents[0];
    for (e, g) in doc.entities.iter().zip(&gold) {
        assert_eq!(&e.ids[0], g, "{} → {:?}", e.text, e.ids);
        assert_eq!(e.ids.len(), e.id_scores.len());
    }
    // The composite takes each conjunct's best concept first.
    assert_eq!(doc.entities[5].ids[..2], ["D2", "D4"]);
    assert!(
        doc.entities[..5]
            .iter()
            .all(|e| e.id_scores.windows(2).all(|w| w[0] >= w[1])),
        "scores are ranked"
    );
    // Without abbreviation resolution the bare short form is not found by an exact match.
    let mut corpus2 = pubtator_corpus();
    opts.no_abbreviations = true;
    let s2 = link_corpus(&index, &mut corpus2, &opts).unwrap();
    assert_eq!(s2.expanded, 0);
    // The type map keeps "aspirin" among chemicals only.
    let aspirin = &corpus2.documents[0].entities[4];
    assert!(aspirin.ids.iter().all(|id| id == "C1"), "{:?}", aspirin.ids);

    // A mention too long to search stops the run naming its document and offsets; with
    // `lenient` it is left unlinked, counted and reported, and every other mention is linked.
    let long = "cancer ".repeat(200);
    let text = format!("aspirin and {long}");
    let mut with_long = read_bytes(
        format!(
            "{}7|t|{text}\n7|a|\n7\t0\t7\taspirin\tChemical\tC1\n7\t12\t{}\t{}\tDisease\tD2\n\n",
            pubtator_doc(),
            text.trim_end().len(),
            text.trim_end().get(12..).unwrap()
        )
        .as_bytes(),
        Format::Pubtator,
        &ReadOptions::default(),
    )
    .unwrap()
    .corpus;
    let end = text.trim_end().len();
    opts.no_abbreviations = false;
    let err = link_corpus(&index, &mut with_long.clone(), &opts)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("document 7, mention 12..{end} (Disease)"))
            && err.contains("longer than 1000"),
        "{err}"
    );
    opts.lenient = true;
    let stats = link_corpus(&index, &mut with_long, &opts).unwrap();
    assert_eq!((stats.mentions, stats.linked, stats.skipped), (8, 7, 1));
    assert_eq!(stats.skipped_mentions.len(), 1);
    assert!(stats.skipped_mentions[0].contains("document 7"));
    let doc7 = &with_long.documents[1].entities;
    assert_eq!(doc7[0].ids[0], "C1");
    assert!(
        doc7[1].ids.is_empty(),
        "the gold id is not left as an answer"
    );
}
