//! Mining small written corpora: ranking, segmentation, distant supervision, Chinese, files.

use kbner_corpus::Corpus;
use kbner_mine::{MinedPhrases, MinerOptions, NameList, PhraseMiner};

const DISEASES: &[&str] = &[
    "breast cancer",
    "cystic fibrosis",
    "ovarian cancer",
    "Huntington disease",
    "type 2 diabetes",
    "colorectal cancer",
    "X-linked adrenoleukodystrophy",
    "muscular dystrophy",
];

const TEMPLATES: &[&str] = &[
    "Mutations of the gene cause {} in most of the families.",
    "Patients with {} were treated in the clinic.",
    "The risk of {} is higher in carriers of the mutation.",
    "Screening for {} reduces the mortality of the patients.",
    "We studied the children with {} and their parents.",
    "In this study, {} was diagnosed in one of the twins.",
    "The prevalence of {} was estimated in the cohort.",
    "Most cases of {} are inherited in the population.",
];

/// One document per template, one sentence per disease.
fn corpus() -> Corpus {
    let mut text = String::new();
    for t in TEMPLATES {
        for d in DISEASES {
            text.push_str(&t.replace("{}", d));
            text.push(' ');
        }
        text.push('\n');
    }
    kbner_corpus::format::read_plain_text("fixture", "fixture.txt", text.as_bytes()).unwrap()
}

fn names() -> NameList {
    NameList::new(DISEASES.iter().copied().chain(["cancer", "mutation"]))
}

fn rank(m: &MinedPhrases, text: &str) -> Option<usize> {
    m.get(text).map(|p| p.rank)
}

#[test]
fn quality_ranks_names_above_junk_and_uses_the_oracle() {
    let miner = PhraseMiner::new(MinerOptions::default()).unwrap();
    let m = miner.mine(&corpus(), Some(&names())).unwrap();
    let s = &m.summary;
    assert!(s.model.trained, "{:?}", s.model);
    assert_eq!(
        s.model.positives,
        DISEASES.len(),
        "every disease is a candidate and a name"
    );
    assert_eq!(s.kb_names.0, DISEASES.len());
    for d in DISEASES {
        let p = m.get(d).unwrap_or_else(|| panic!("{d} not listed"));
        assert!(p.kb_name && p.freq == TEMPLATES.len() as u64, "{p:?}");
    }
    let worst_name = DISEASES.iter().filter_map(|d| rank(&m, d)).max().unwrap();
    for junk in [
        "of the",
        "in the",
        "with",
        "of",
        "the patients",
        "patients with",
    ] {
        if let Some(r) = rank(&m, junk) {
            assert!(
                r > worst_name,
                "{junk:?} ranked {r}, above a disease ({worst_name})"
            );
        }
    }
    assert!(m.get("of the").is_none(), "{:?}", m.get("of the"));
    // The phrase text is the commonest spelling; the key is normalized.
    let x = m.get("x linked adrenoleukodystrophy").unwrap();
    assert_eq!(x.text, "X-linked adrenoleukodystrophy");
    assert_eq!(x.normalized, "x linked adrenoleukodystrophy");
}

#[test]
fn without_names_prior_weights_still_prefer_phrases() {
    let miner = PhraseMiner::new(MinerOptions::default()).unwrap();
    let m = miner.mine(&corpus(), None).unwrap();
    assert!(!m.summary.model.trained && m.summary.kb_names == (0, 0));
    assert!(m.phrases.iter().all(|p| !p.kb_name));
    let bc = rank(&m, "breast cancer").expect("breast cancer listed");
    if let Some(r) = rank(&m, "of the") {
        assert!(r > bc);
    }
}

#[test]
fn segmentation_returns_phrase_spans_at_character_offsets() {
    let miner = PhraseMiner::new(MinerOptions::default()).unwrap();
    let corpus = corpus();
    let m = miner.mine(&corpus, Some(&names())).unwrap();
    let text = "Twins with Cystic Fibrosis and breast cancer (X-linked adrenoleukodystrophy).";
    let spans = m.segment(text);
    let found: Vec<(&str, usize, usize)> = spans
        .iter()
        .filter(|s| s.text.contains(' ') || s.text.contains('-'))
        .map(|s| (s.text.as_str(), s.start, s.end))
        .collect();
    assert_eq!(
        found,
        [
            ("Cystic Fibrosis", 11, 26),
            ("breast cancer", 31, 44),
            ("X-linked adrenoleukodystrophy", 46, 75)
        ]
    );
    // Each corpus sentence got the same segmentation, at document offsets.
    assert_eq!(m.sentences.len(), TEMPLATES.len() * DISEASES.len());
    let doc = &corpus.documents[0].passages[0].text;
    for s in &m.sentences {
        for p in &s.phrases {
            let chars: String = doc.chars().skip(p.start).take(p.end - p.start).collect();
            assert_eq!(chars, p.text);
        }
    }
    let first = &m.sentences[0];
    let sentence: String = doc
        .chars()
        .skip(first.start)
        .take(first.end - first.start)
        .collect();
    let again: Vec<String> = m.segment(&sentence).into_iter().map(|p| p.text).collect();
    let stored: Vec<String> = first.phrases.iter().map(|p| p.text.clone()).collect();
    assert_eq!(again, stored);
    assert!(stored.contains(&"breast cancer".to_string()), "{stored:?}");
}

#[test]
fn chinese_text_gives_character_ngrams() {
    let mut text = String::new();
    for (i, d) in ["高血压", "糖尿病", "冠心病", "脑卒中", "肺结核", "乙型肝炎"]
        .iter()
        .enumerate()
    {
        for t in [
            "{}患者需要长期治疗。",
            "我们研究了{}的发病率。",
            "老年人{}的风险较高。",
            "{}与饮食有关。",
        ] {
            text.push_str(&t.replace("{}", d));
        }
        if i % 2 == 1 {
            text.push('\n');
        }
    }
    let corpus = kbner_corpus::format::read_plain_text("zh", "zh.txt", text.as_bytes()).unwrap();
    let kb = NameList::new(["高血压", "糖尿病", "冠心病", "脑卒中", "肺结核", "乙型肝炎"]);
    let m = PhraseMiner::new(MinerOptions {
        min_support: Some(3),
        ..MinerOptions::default()
    })
    .unwrap()
    .mine(&corpus, Some(&kb))
    .unwrap();
    let p = m.get("高血压").expect("高血压 listed");
    assert!(
        p.kb_name && p.words == 3 && p.freq == 4 && p.text == "高血压",
        "{p:?}"
    );
    let spans = m.segment("他有高血压和糖尿病。");
    let found: Vec<(&str, usize, usize)> = spans
        .iter()
        .map(|s| (s.text.as_str(), s.start, s.end))
        .filter(|s| s.0.chars().count() > 1)
        .collect();
    assert_eq!(found, [("高血压", 2, 5), ("糖尿病", 6, 9)]);
}

#[test]
fn phrase_lists_round_trip_through_jsonl() {
    let miner = PhraseMiner::new(MinerOptions::default()).unwrap();
    let m = miner.mine(&corpus(), Some(&names())).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phrases.jsonl");
    m.write(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["kind"], "header");
    assert_eq!(first["format"], "kbner-phrases");
    let back = MinedPhrases::read(&path).unwrap();
    assert_eq!(back.summary, m.summary);
    assert_eq!(back.phrases, m.phrases);
    assert_eq!(back.sentences, m.sentences);
    let t = "Most cases of breast cancer and of Huntington disease are inherited.";
    assert_eq!(back.segment(t), m.segment(t));
    assert_eq!(back.quality("Breast-Cancer"), m.quality("breast cancer"));

    // A damaged line is reported with its file, line and field.
    let mut lines: Vec<&str> = text.lines().collect();
    let bad = lines[2].replace("\"quality\"", "\"qualiti\"");
    lines[2] = &bad;
    std::fs::write(&path, lines.join("\n")).unwrap();
    let e = MinedPhrases::read(&path).unwrap_err().to_string();
    assert!(
        e.contains("phrases.jsonl:3") && e.contains("quality"),
        "{e}"
    );
}
