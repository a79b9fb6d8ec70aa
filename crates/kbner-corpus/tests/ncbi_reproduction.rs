//! How closely PubTator → IOB conversion (our tokenizer and sentence splitter) reproduces the
//! classic NCBI-disease IOB files, which were derived from the same PubTator release.

mod common;

use std::collections::HashMap;

use kbner_corpus::iob::{sentences_of, tag_tokens};
use kbner_corpus::{read_path, Document, Format, WriteReport};

type Tok = (String, String);

/// Our IOB2 sentences for one document.
fn ours(doc: &Document) -> Vec<Vec<Tok>> {
    let per_passage = sentences_of(doc);
    let all: Vec<_> = per_passage.iter().flat_map(|(_, s)| s.iter()).collect();
    let tags = tag_tokens(doc, &all, &mut WriteReport::default());
    all.iter()
        .zip(tags)
        .map(|(s, t)| {
            s.tokens
                .iter()
                .zip(t)
                .map(|(&(a, b), tag)| {
                    let tok = doc.slice(a, b).unwrap_or("").to_string();
                    let tag = match tag {
                        None => "O".to_string(),
                        Some((true, k)) => format!("B-{k}"),
                        Some((false, k)) => format!("I-{k}"),
                    };
                    (tok, tag)
                })
                .collect()
        })
        .collect()
}

fn classic(text: &str) -> Vec<Vec<Tok>> {
    text.split("\n\n")
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.lines()
                .map(|l| {
                    let (a, b) = l.split_once('\t').unwrap();
                    (a.to_string(), b.to_string())
                })
                .collect()
        })
        .collect()
}

/// Longest common subsequence length of two token sequences.
fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

struct Rates {
    tokens_and_tags: f64,
    tokens: f64,
    sentences: f64,
    docs_located: usize,
    docs: usize,
}

fn measure(pubtator: &str, iob: &str) -> Rates {
    let base = common::data("ncbi-disease");
    let mut corpus = read_path(
        &base.join("pubtator").join(pubtator),
        Some(Format::Pubtator),
        false,
    )
    .unwrap()
    .corpus;
    // The classic IOB files collapse NCBI's four mention classes (SpecificDisease, DiseaseClass,
    // Modifier, CompositeMention) into one type.
    for d in &mut corpus.documents {
        for e in &mut d.entities {
            e.kind = "Disease".into();
        }
    }
    let gold = classic(&std::fs::read_to_string(base.join("iob").join(iob)).unwrap());
    let key = |s: &[Tok]| s.iter().map(|t| t.0.as_str()).collect::<Vec<_>>().join(" ");
    let mut first_at: HashMap<String, usize> = HashMap::new();
    for (i, s) in gold.iter().enumerate() {
        first_at.entry(key(s)).or_insert(i);
    }
    // Locate each document's segment of the classic file by its title sentence.
    let mut located: Vec<(usize, Vec<Vec<Tok>>)> = Vec::new();
    for d in &corpus.documents {
        let o = ours(d);
        if let Some(&i) = o.first().and_then(|t| first_at.get(&key(t))) {
            located.push((i, o));
        }
    }
    located.sort_by_key(|x| x.0);
    let (mut both, mut toks) = (0usize, 0usize);
    let total: usize = gold.iter().map(Vec::len).sum();
    let mut ours_sents: HashMap<Vec<Tok>, usize> = HashMap::new();
    for (k, (start, o)) in located.iter().enumerate() {
        let end = located.get(k + 1).map_or(gold.len(), |x| x.0);
        let g: Vec<&Tok> = gold[*start..end].iter().flatten().collect();
        let m: Vec<&Tok> = o.iter().flatten().collect();
        both += lcs(&g, &m);
        let gt: Vec<&str> = g.iter().map(|t| t.0.as_str()).collect();
        let mt: Vec<&str> = m.iter().map(|t| t.0.as_str()).collect();
        toks += lcs(&gt, &mt);
        for s in o {
            *ours_sents.entry(s.clone()).or_default() += 1;
        }
    }
    let mut same_sents = 0usize;
    for s in &gold {
        if let Some(n) = ours_sents.get_mut(s) {
            if *n > 0 {
                *n -= 1;
                same_sents += 1;
            }
        }
    }
    Rates {
        tokens_and_tags: both as f64 / total as f64,
        tokens: toks as f64 / total as f64,
        sentences: same_sents as f64 / gold.len() as f64,
        docs_located: located.len(),
        docs: corpus.documents.len(),
    }
}

#[test]
fn pubtator_to_iob_reproduces_classic_ncbi_token_sequences() {
    for (p, i) in [
        ("NCBItestset_corpus.txt", "test.tsv"),
        ("NCBIdevelopset_corpus.txt", "devel.tsv"),
        ("NCBItrainset_corpus.txt", "train.tsv"),
    ] {
        let r = measure(p, i);
        println!(
            "NCBI {i:<10} token+tag reproduction {:.6}, tokens {:.6}, identical sentences {:.4}, docs located {}/{}",
            r.tokens_and_tags, r.tokens, r.sentences, r.docs_located, r.docs
        );
        assert!(
            r.docs_located * 100 >= r.docs * 95,
            "{i}: only {} of {} docs located",
            r.docs_located,
            r.docs
        );
        assert!(
            r.tokens_and_tags >= 0.999,
            "{i}: token+tag rate {}",
            r.tokens_and_tags
        );
        assert!(
            r.sentences >= 0.98,
            "{i}: identical sentence rate {}",
            r.sentences
        );
    }
}
