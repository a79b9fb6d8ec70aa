//! Read → write → read round trips of every format on generated documents (proptest).
//!
//! Documents are passages of unicode words (XML and JSON specials, combining-free accents, Greek,
//! CJK, an astral emoji) with entities on word boundaries, concept ids and, where the format holds
//! them, relations. Lossless formats must give back what they were given (as far as the format
//! holds it: PubTator's two passages, brat's one text); lossy ones (IOB, nested, plain text) must
//! give back the input minus what the write report says was lost.

use kbner_corpus::format::{read_brat_pair, write_brat_doc};
use kbner_corpus::{
    read_bytes, write_string, Corpus, Document, Entity, Format, ReadOptions, Relation, RelationArg,
    WriteReport,
};
use proptest::prelude::*;

/// Words of the generated texts: ASCII, XML and JSON specials, accents, Greek, CJK, an emoji
/// outside the BMP (one character, two UTF-16 units), a hyphenated and an apostrophe word.
const WORDS: &[&str] = &[
    "cancer",
    "BRCA1",
    "β-cell",
    "naïve",
    "Crohn's",
    "腫瘍",
    "a&b",
    "<x>",
    "q\"uote",
    "😀ok",
    "IL-2",
    "fever",
    "back\\slash",
    "Ünïcödé",
];
const TYPES: &[&str] = &["Disease", "Chemical", "Gene"];
const IDS: &[&str] = &["D000001", "MESH:D003920", "OMIM:608446", "C0001"];

/// One passage: word indices; one entity: a word span with a type and ids.
#[derive(Debug, Clone)]
struct EntitySpec {
    first_word: usize,
    words: usize,
    kind: usize,
    ids: Vec<usize>,
}

fn passage_words() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..WORDS.len(), 1..12)
}

fn entity_specs() -> impl Strategy<Value = Vec<EntitySpec>> {
    prop::collection::vec(
        (
            0usize..12,
            1usize..4,
            0..TYPES.len(),
            prop::collection::vec(0..IDS.len(), 0..3),
        )
            .prop_map(|(first_word, words, kind, ids)| EntitySpec {
                first_word,
                words,
                kind,
                ids,
            }),
        0..5,
    )
}

/// Builds a document: passages laid out PubTator's way (each one character after the previous),
/// entities on word spans of the passage they fall in, disjoint and in text order.
fn document(
    n: usize,
    passages: Vec<Vec<usize>>,
    specs: Vec<EntitySpec>,
    relations: bool,
) -> Document {
    let mut doc = Document {
        id: format!("doc{n}"),
        ..Default::default()
    };
    // (document offset, word) of every word, per passage.
    let mut words_at: Vec<Vec<(usize, &str)>> = Vec::new();
    let mut offset = 0usize;
    for ws in &passages {
        let words: Vec<&str> = ws.iter().map(|&w| WORDS[w]).collect();
        let text = words.join(" ");
        let mut at = Vec::new();
        let mut pos = offset;
        for w in &words {
            at.push((pos, *w));
            pos += w.chars().count() + 1;
        }
        let len = text.chars().count();
        doc.passages.push(kbner_corpus::Passage {
            offset,
            text,
            ..Default::default()
        });
        words_at.push(at);
        offset += len + 1;
    }
    let mut taken_until = 0usize;
    for (i, s) in specs.iter().enumerate() {
        let words = &words_at[i % words_at.len()];
        let first = s.first_word % words.len();
        let last = (first + s.words - 1).min(words.len() - 1);
        let start = words[first].0;
        let end = words[last].0 + words[last].1.chars().count();
        if start < taken_until {
            continue;
        }
        taken_until = end;
        let text = words[first..=last]
            .iter()
            .map(|w| w.1)
            .collect::<Vec<_>>()
            .join(" ");
        let mut e = Entity::new(start, end, text, TYPES[s.kind]);
        e.ids = s.ids.iter().map(|&k| IDS[k].to_string()).collect();
        e.ids.dedup();
        doc.entities.push(e);
    }
    doc.entities.sort_by_key(|e| e.start);
    if relations && doc.entities.len() >= 2 {
        doc.relations.push(Relation {
            id: None,
            kind: "CID".into(),
            args: vec![
                RelationArg {
                    role: "Arg1".into(),
                    target: "D000001".into(),
                },
                RelationArg {
                    role: "Arg2".into(),
                    target: "MESH:D003920".into(),
                },
            ],
            ..Default::default()
        });
    }
    doc
}

/// A corpus of 1-3 documents of `max_passages` passages at most.
fn corpus(max_passages: usize, relations: bool) -> impl Strategy<Value = Corpus> {
    prop::collection::vec(
        (
            prop::collection::vec(passage_words(), 1..=max_passages),
            entity_specs(),
        ),
        1..4,
    )
    .prop_map(move |docs| Corpus {
        documents: docs
            .into_iter()
            .enumerate()
            .map(|(n, (p, e))| document(n + 1, p, e, relations))
            .collect(),
        ..Default::default()
    })
}

fn strict() -> ReadOptions {
    ReadOptions::default()
}

/// Writes `c` in `format` and reads it back strictly.
fn write_read(c: &Corpus, format: Format) -> (Corpus, WriteReport, String) {
    let (text, report) = write_string(c, format).unwrap();
    let back = read_bytes(text.as_bytes(), format, &strict())
        .unwrap_or_else(|e| panic!("{format} output does not read back: {e}\n{text}"));
    (back.corpus, report, text)
}

/// What every lossless format keeps of a document: passage offsets and texts, entity spans,
/// texts, types and ids, relations' types and targets.
type Kept = (
    String,
    Vec<(usize, String)>,
    Vec<(usize, usize, String, String, Vec<String>)>,
    Vec<(String, Vec<String>)>,
);

fn kept(d: &Document) -> Kept {
    (
        d.id.clone(),
        d.passages
            .iter()
            .map(|p| (p.offset, p.text.clone()))
            .collect(),
        d.entities
            .iter()
            .map(|e| {
                (
                    e.start,
                    e.end,
                    e.text.clone(),
                    e.kind.clone(),
                    e.ids.clone(),
                )
            })
            .collect(),
        d.relations
            .iter()
            .map(|r| {
                let targets = r.args.iter().map(|a| a.target.clone()).collect();
                (r.kind.clone(), targets)
            })
            .collect(),
    )
}

fn kept_all(c: &Corpus) -> Vec<Kept> {
    c.documents.iter().map(kept).collect()
}

/// An entity as the lossy token formats keep it: type and text without whitespace (the text is
/// rebuilt from tokens joined by spaces).
fn squashed(c: &Corpus) -> Vec<(String, String)> {
    c.documents
        .iter()
        .flat_map(|d| &d.entities)
        .map(|e| {
            let text: String = e.text.chars().filter(|c| !c.is_whitespace()).collect();
            (e.kind.clone(), text)
        })
        .collect()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn jsonl_keeps_everything(mut c in corpus(3, true)) {
        // The model's extras: ranked ids with scores, a confidence, passage infons.
        for d in &mut c.documents {
            d.passages[0].infons.set("type", "title");
            if let Some(e) = d.entities.first_mut() {
                e.score = Some(0.1 + 0.2);
                if !e.ids.is_empty() {
                    e.ids_ranked = true;
                    e.id_scores = (0..e.ids.len()).map(|i| 1.0 / (i as f64 + 3.0)).collect();
                }
            }
        }
        let (back, report, _) = write_read(&c, Format::Jsonl);
        prop_assert_eq!(&back, &c);
        prop_assert!(report.lost.is_empty(), "{:?}", report.lost);
    }

    #[test]
    fn bioc_xml_and_json_keep_passages_entities_and_ids(c in corpus(3, false)) {
        for format in [Format::BiocXml, Format::BiocJson] {
            let (back, report, text) = write_read(&c, format);
            prop_assert_eq!(kept_all(&back), kept_all(&c), "{}:\n{}", format, text);
            prop_assert_eq!(report.entities_lost, 0);
            // Written again, what was read back is the same file.
            prop_assert_eq!(write_string(&back, format).unwrap().0, text);
        }
    }

    #[test]
    fn pubtator_keeps_title_abstract_entities_ids_relations(c in corpus(2, true)) {
        let (back, report, text) = write_read(&c, Format::Pubtator);
        // A document with only a title gets an empty abstract.
        let mut expected = kept_all(&c);
        for (d, k) in c.documents.iter().zip(&mut expected) {
            if d.passages.len() == 1 {
                k.1.push((d.passages[0].end() + 1, String::new()));
            }
        }
        prop_assert_eq!(kept_all(&back), expected, "{}", text);
        prop_assert!(report.lost.is_empty(), "{:?}", report.lost);
        prop_assert_eq!(write_string(&back, Format::Pubtator).unwrap().0, text);
    }

    #[test]
    fn brat_keeps_text_entities_and_ids(c in corpus(3, false)) {
        for d in &c.documents {
            let (txt, ann, report) = write_brat_doc(d);
            let (back, skipped) =
                read_brat_pair(&d.id, txt.as_bytes(), ann.as_bytes(), &strict()).unwrap();
            prop_assert!(skipped.is_empty());
            prop_assert_eq!(report.entities_lost, 0);
            // One text: the passages with newlines between them.
            prop_assert_eq!(&back.passages[0].text, &d.full_text('\n', None).unwrap());
            let ents = |d: &Document| -> Vec<(usize, usize, String, String, Vec<String>)> {
                d.entities
                    .iter()
                    .map(|e| (e.start, e.end, e.text.clone(), e.kind.clone(), e.ids.clone()))
                    .collect()
            };
            prop_assert_eq!(ents(&back), ents(d), "{}", ann);
            let (txt2, ann2, _) = write_brat_doc(&back);
            prop_assert_eq!((txt2, ann2), (txt, ann));
        }
    }

    #[test]
    fn iob_and_nested_keep_entities_minus_what_is_reported_lost(c in corpus(3, false)) {
        for format in [Format::Iob, Format::Nested] {
            let (back, report, text) = write_read(&c, format);
            // Disjoint entities on word boundaries: none lost, every one back with its type and
            // tokens; ids are lost, and said to be.
            prop_assert_eq!(report.entities_lost, 0, "{:?}", report.lost);
            prop_assert_eq!(squashed(&back), squashed(&c), "{}:\n{}", format, text);
            let with_ids = c.documents.iter().flat_map(|d| &d.entities).filter(|e| !e.ids.is_empty()).count();
            prop_assert_eq!(
                report.lost.iter().any(|l| l.contains("ids")),
                with_ids > 0,
                "{:?}", report.lost
            );
            prop_assert!(back.documents.iter().flat_map(|d| &d.entities).all(|e| e.ids.is_empty()));
            // The words survive, spaced as tokens.
            let words = |c: &Corpus| -> String {
                c.documents
                    .iter()
                    .flat_map(|d| &d.passages)
                    .flat_map(|p| p.text.chars())
                    .filter(|c| !c.is_whitespace())
                    .collect()
            };
            prop_assert_eq!(words(&back), words(&c));
        }
    }

    #[test]
    fn text_keeps_the_words_and_reports_every_entity_lost(c in corpus(3, true)) {
        let (back, report, text) = write_read(&c, Format::Text);
        let entities: usize = c.documents.iter().map(|d| d.entities.len()).sum();
        prop_assert_eq!(report.entities_lost, entities);
        prop_assert_eq!(back.documents.len(), 1);
        prop_assert!(back.documents[0].entities.is_empty());
        let relations: usize = c.documents.iter().map(|d| d.relations.len()).sum();
        if relations > 0 {
            prop_assert!(report.lost.iter().any(|l| l.contains("relations")), "{:?}", report.lost);
        }
        // Every passage's text, in order.
        let mut rest = back.documents[0].passages[0].text.as_str();
        for p in c.documents.iter().flat_map(|d| &d.passages) {
            let at = rest.find(p.text.as_str());
            prop_assert!(at.is_some(), "{:?} not in {:?}", p.text, text);
            rest = &rest[at.unwrap_or(0) + p.text.len()..];
        }
    }
}
