//! How well mined phrases cover gold mentions, and how they agree with VANER's mined phrases.
//!
//! ```text
//! kbner kb ingest --dict-format medic --dict /tmp/data/medic/medic_06Jul2012.txt --kb /tmp/kb-medic
//! cargo run --release -p kbner-mine --example mine_coverage -- --kb /tmp/kb-medic [--data /tmp/data]
//!     [--min-support N] [--max-len 6] [--min-quality 0.5] [--min-single-quality 0.5]
//!     [--name-rates true] [--train-only true]
//! ```
//!
//! For NCBI-disease and BC5CDR it mines the text of train + dev + test together (mining uses no
//! labels, and more text gives surer counts; `--train-only true` mines train alone), then reports on the train sentences: the share of
//! gold mentions that are exactly one of their sentence's phrases, that overlap one, and phrases
//! per sentence. For the NCBI dev sentences it compares each sentence's phrases with VANER's
//! `auto_ent` (`vaner-format/ncbi_dev.jsonl`): precision, recall and F1 of normalized phrase
//! sets, micro-averaged over sentences; both for the segmentation and for every listed phrase
//! occurring in the sentence (overlaps included, as `auto_ent` has them).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use kbner_corpus::{read_path, Corpus, Format};
use kbner_mine::{phrase_key, MinedPhrases, MinerOptions, NameOracle, PhraseMiner};

struct Args {
    kb: Option<PathBuf>,
    /// Mine the train split alone (default: train + dev + test).
    train_only: bool,
    data: PathBuf,
    opts: MinerOptions,
}

fn args() -> Args {
    let mut a = Args {
        kb: None,
        train_only: false,
        data: PathBuf::from("/tmp/data"),
        opts: MinerOptions::default(),
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    for pair in argv.chunks(2) {
        let (k, v) = (
            pair[0].as_str(),
            pair.get(1).map(String::as_str).unwrap_or(""),
        );
        let num = |v: &str| {
            v.parse::<f64>()
                .unwrap_or_else(|_| panic!("{k}: not a number"))
        };
        match k {
            "--kb" => a.kb = Some(PathBuf::from(v)),
            "--data" => a.data = PathBuf::from(v),
            "--min-support" => a.opts.min_support = Some(num(v) as u32),
            "--name-rates" => a.opts.name_rates = v == "true",
            "--train-only" => a.train_only = v == "true",
            "--max-len" => a.opts.max_len = num(v) as usize,
            "--min-quality" => a.opts.min_quality = num(v),
            "--min-single-quality" => a.opts.min_single_quality = num(v),
            _ => panic!("unknown option {k}"),
        }
    }
    a
}

/// The splits of a dataset as one corpus; returns it and the number of train documents.
fn read_splits(dir: &Path, train_only: bool) -> Option<(Corpus, usize)> {
    let mut corpus = Corpus::default();
    let mut train_docs = 0;
    let splits: &[&str] = if train_only {
        &["train.tsv"]
    } else {
        &["train.tsv", "devel.tsv", "test.tsv"]
    };
    for split in splits {
        let path = dir.join(split);
        if !path.exists() {
            return None;
        }
        let read = read_path(&path, Some(Format::Iob), false).expect("reading IOB");
        if *split == "train.tsv" {
            train_docs = read.corpus.documents.len();
        }
        corpus.documents.extend(read.corpus.documents);
    }
    Some((corpus, train_docs))
}

/// Gold mentions of the train documents (per type) found exactly / overlapping among their
/// sentence's phrases, and phrases per train sentence.
fn coverage(name: &str, corpus: &Corpus, train_docs: usize, mined: &MinedPhrases) {
    let train: Vec<_> = mined
        .sentences
        .iter()
        .filter(|s| s.doc_index < train_docs)
        .collect();
    let phrases: usize = train.iter().map(|s| s.phrases.len()).sum();
    let multi: usize = train
        .iter()
        .flat_map(|s| &s.phrases)
        .filter(|p| phrase_key(&p.text).contains(' '))
        .count();
    println!(
        "{name}: {} train sentences, {:.2} phrases per sentence ({:.2} of several words)",
        train.len(),
        phrases as f64 / train.len() as f64,
        multi as f64 / train.len() as f64
    );
    let mut types: Vec<&str> = corpus.documents[..train_docs]
        .iter()
        .flat_map(|d| d.entities.iter().map(|e| e.kind.as_str()))
        .collect();
    types.sort();
    types.dedup();
    for ty in types {
        let (mut n, mut exact, mut overlap, mut listed) = (0, 0, 0, 0);
        for (d, doc) in corpus.documents[..train_docs].iter().enumerate() {
            let sents: Vec<_> = train.iter().filter(|s| s.doc_index == d).collect();
            for e in doc.entities.iter().filter(|e| e.kind == ty) {
                n += 1;
                listed += usize::from(mined.get(&e.text).is_some());
                let Some(s) = sents.iter().find(|s| s.start <= e.start && e.end <= s.end) else {
                    continue;
                };
                exact += usize::from(
                    s.phrases
                        .iter()
                        .any(|p| p.start == e.start && p.end == e.end),
                );
                overlap +=
                    usize::from(s.phrases.iter().any(|p| p.start < e.end && e.start < p.end));
            }
        }
        let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
        println!(
            "  {ty}: {n} gold mentions: exact {:.1}%, overlapping {:.1}%; text is a listed phrase {:.1}%",
            pct(exact),
            pct(overlap),
            pct(listed)
        );
    }
}

/// Agreement of each NCBI dev sentence's phrases with VANER's `auto_ent`.
fn vaner_agreement(path: &Path, corpus: &Corpus, dev_doc: usize, mined: &MinedPhrases) {
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("(no {}: VANER agreement skipped)", path.display());
        return;
    };
    let dev: Vec<_> = mined
        .sentences
        .iter()
        .filter(|s| s.doc_index == dev_doc)
        .collect();
    let doc: Vec<char> = corpus.documents[dev_doc].passages[0].text.chars().collect();
    let mut mismatched = 0;
    let (mut seg, mut all) = ([0usize; 3], [0usize; 3]); // matched, ours, theirs
    let mut lines = 0;
    for (line, s) in text.lines().zip(&dev) {
        lines += 1;
        let v: serde_json::Value = serde_json::from_str(line).expect("VANER jsonl");
        let words: Vec<&str> = v["tokens"].as_array().unwrap()[1..]
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let sentence: String = doc[s.start..s.end].iter().collect();
        if words.join(" ") != sentence {
            mismatched += 1;
            continue;
        }
        let theirs: HashSet<String> = v["auto_ent"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| phrase_key(p.as_str().unwrap()))
            .filter(|k| !k.is_empty())
            .collect();
        let segmented: HashSet<String> = s.phrases.iter().map(|p| phrase_key(&p.text)).collect();
        let matched: HashSet<String> = mined
            .matches(&sentence)
            .iter()
            .map(|p| phrase_key(&p.text))
            .collect();
        for (acc, ours) in [(&mut seg, &segmented), (&mut all, &matched)] {
            acc[0] += ours.intersection(&theirs).count();
            acc[1] += ours.len();
            acc[2] += theirs.len();
        }
    }
    println!("NCBI dev vs VANER auto_ent: {lines} sentences ({mismatched} not aligned, skipped)");
    for (what, acc) in [
        ("segmentation", seg),
        ("all listed phrases in the sentence", all),
    ] {
        let p = acc[0] as f64 / acc[1].max(1) as f64;
        let r = acc[0] as f64 / acc[2].max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "  {what}: P {:.1} R {:.1} F1 {:.1} ({:.2} phrases/sentence ours, {:.2} theirs)",
            100.0 * p,
            100.0 * r,
            100.0 * f,
            acc[1] as f64 / lines.max(1) as f64,
            acc[2] as f64 / lines.max(1) as f64
        );
    }
}

fn main() {
    let a = args();
    let kb =
        a.kb.as_ref()
            .map(|p| kbner_kb::KnowledgeBase::open(p).expect("opening --kb"));
    let oracle = kb.as_ref().map(|k| k as &dyn NameOracle);
    let miner = PhraseMiner::new(a.opts.clone()).expect("options");
    println!("options: {:?}", a.opts);
    for (name, dir) in [("NCBI-disease", "ncbi-disease"), ("BC5CDR", "bc5cdr")] {
        let Some((corpus, train_docs)) = read_splits(&a.data.join(dir).join("iob"), a.train_only)
        else {
            println!("{name}: not under {} (skipped)", a.data.display());
            continue;
        };
        let t = Instant::now();
        let mined = miner.mine(&corpus, oracle).expect("mining");
        let s = &mined.summary;
        println!(
            "{name}: mined {} sentences, {} words in {:.1} s: {} + {} candidates (multi, single), KB names {:?}, {} + {} phrases listed; models trained: {} / {}",
            s.sentences,
            s.words,
            t.elapsed().as_secs_f64(),
            s.candidates,
            s.single_candidates,
            s.kb_names,
            s.phrases.0,
            s.phrases.1,
            s.model.trained,
            s.single_model.trained
        );
        let top: Vec<String> = mined
            .phrases
            .iter()
            .filter(|p| p.words > 1)
            .take(15)
            .map(|p| format!("{} ({:.2})", p.text, p.quality))
            .collect();
        println!("  top multi-word: {}", top.join(", "));
        let weights: Vec<String> = s
            .model
            .features
            .iter()
            .zip(&s.model.weights)
            .map(|(f, w)| format!("{f} {w:+.2}"))
            .collect();
        println!("  multi-word weights: {}", weights.join(", "));
        coverage(name, &corpus, train_docs, &mined);
        if dir == "ncbi-disease" && !a.train_only {
            let vaner = a.data.join("vaner-format").join("ncbi_dev.jsonl");
            vaner_agreement(&vaner, &corpus, train_docs, &mined);
        }
    }
}
