//! Linking accuracy on NCBI-disease (test) and BC5CDR (test, disease mentions) against MEDIC:
//! acc@1 and acc@5 for exact, lexical, dense and fused candidates, with abbreviation resolution.
//!
//! ```text
//! cargo bench --bench link_accuracy       # reads ../shared/data, builds MEDIC KB + index once
//! KBNER_ENCODER=/path/to/SapBERT cargo bench --bench link_accuracy
//! ```
//!
//! Protocol: every gold mention with at least one id is queried with its text (a short form defined
//! in its abstract is searched through its long form). A prediction is correct when the concept's id
//! or one of its MEDIC alternative ids is among the mention's gold ids (MeSH ids compared as
//! `MESH:D…`, OMIM as `OMIM:…`). Composite mentions (several gold ids joined by `|` or `+`, e.g.
//! "breast and ovarian cancer") count as correct when the prediction matches any of their ids; they
//! are also reported separately. Mentions are not deduplicated (BioSyn's protocol removes
//! duplicates and splits composites, so its figures are not directly comparable).
//!
//! "fused+memory" adds a [`MentionMemory`] of the corpus's own training and development mentions
//! (their text and gold ids; never test mentions), the way BioSyn and SapBERT evaluate with a
//! dictionary extended by the training split. Weights are tuned on NCBI-disease dev with a memory
//! of the training split only.

#[path = "support/shared_data.rs"]
mod shared_data;
use kbner_corpus::{read_linked_mentions, read_path, Format};
use kbner_encoder::{Encoder, EncoderOptions};
use kbner_index::{
    build_index, BuildOptions, ConceptIndex, MentionMemory, Retriever, SearchOptions,
};
use kbner_kb::{ingest, DictFormat, DictSource, IngestOptions, KnowledgeBase, Progress};
use kbner_link::{link_corpus, LinkOptions};
use shared_data::{bench_dir, unpack};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::AtomicBool;

fn gold_id(raw: &str) -> String {
    kbner_kb::medic_id(raw.trim())
}

struct Case {
    gold: HashSet<String>,
    composite: bool,
}

/// A memory of the mentions (of the kinds `keep` accepts) in `files`.
fn memory(index: &ConceptIndex, files: &[&Path], keep: impl Fn(&str) -> bool) -> MentionMemory {
    let linked = read_linked_mentions(files, Some(Format::Pubtator), false).unwrap();
    let (m, stats) = MentionMemory::build(
        index.kb(),
        index.encoder(),
        linked
            .mentions
            .iter()
            .filter(|m| keep(&m.kind))
            .map(|m| (m.text.as_str(), m.ids.as_slice())),
    )
    .unwrap();
    eprintln!("memory of {} files: {stats:?}", files.len());
    m
}

fn evaluate(
    index: &ConceptIndex,
    kb: &KnowledgeBase,
    file: &Path,
    keep: impl Fn(&str) -> bool,
    retriever: Retriever,
    weights: [f32; 5],
    rrf_k: f32,
) -> (f64, f64, f64, usize, usize) {
    let mut read = read_path(file, Some(Format::Pubtator), false).unwrap();
    let mut cases: Vec<Vec<Option<Case>>> = Vec::new();
    for doc in &mut read.corpus.documents {
        let mut row = Vec::new();
        doc.entities.retain(|e| keep(&e.kind));
        for e in &doc.entities {
            let gold: HashSet<String> = e
                .ids
                .iter()
                .filter(|i| i.as_str() != "-1" && !i.is_empty())
                .map(|i| gold_id(i))
                .collect();
            row.push((!gold.is_empty()).then(|| Case {
                composite: gold.len() > 1,
                gold,
            }));
        }
        cases.push(row);
    }
    let opts = LinkOptions {
        search: SearchOptions {
            k: 5,
            retriever,
            weights,
            rrf_k,
            ..Default::default()
        },
        ..Default::default()
    };
    link_corpus(index, &mut read.corpus, &opts).unwrap();
    let mut alt: HashMap<String, Vec<String>> = HashMap::new();
    // KBNER_LINK_ERRORS=1 lists every acc@1 miss on stderr (mention, gold, top prediction).
    let show_errors = std::env::var("KBNER_LINK_ERRORS").is_ok();
    let (mut n, mut at1, mut at5, mut comp, mut comp1) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for (doc, row) in read.corpus.documents.iter().zip(&cases) {
        for (e, case) in doc.entities.iter().zip(row) {
            let Some(case) = case else { continue };
            n += 1;
            let hit = |id: &String, alt: &mut HashMap<String, Vec<String>>| {
                if case.gold.contains(id) {
                    return true;
                }
                let xs = alt.entry(id.clone()).or_insert_with(|| {
                    kb.concept(id)
                        .ok()
                        .flatten()
                        .map(|c| c.xrefs)
                        .unwrap_or_default()
                });
                xs.iter().any(|x| case.gold.contains(x))
            };
            let first = e.ids.first().is_some_and(|id| hit(id, &mut alt));
            if !first && show_errors {
                let name = |id: &str| {
                    kb.concept(id)
                        .ok()
                        .flatten()
                        .map(|c| c.preferred_name)
                        .unwrap_or_default()
                };
                let gold: Vec<String> = case
                    .gold
                    .iter()
                    .map(|g| format!("{g} {}", name(g)))
                    .collect();
                let top = e.ids.first().map(|id| format!("{id} {}", name(id)));
                eprintln!(
                    "MISS\t{retriever:?}\t{}\t{}\t{}",
                    e.text,
                    gold.join(" | "),
                    top.unwrap_or_default()
                );
            }
            let any5 = e.ids.iter().take(5).any(|id| hit(id, &mut alt));
            at1 += usize::from(first);
            at5 += usize::from(any5);
            if case.composite {
                comp += 1;
                comp1 += usize::from(first);
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    (pct(at1, n), pct(at5, n), pct(comp1, comp), n, comp)
}

/// Writes `n` made-up disease names, one concept each, to `path` (TSV dictionary): a MEDIC name
/// with one word swapped for another word of the MEDIC vocabulary, and now and then a qualifier
/// added. They share MEDIC's words, lengths and trigrams, so they crowd every retriever the way
/// a large vocabulary does, without being any real concept's name.
fn write_distractors(medic: &Path, n: usize, path: &Path) {
    let text = std::fs::read_to_string(medic).unwrap();
    let names: Vec<Vec<&str>> = text
        .lines()
        .filter_map(|l| l.split_once("||"))
        .flat_map(|(_, names)| names.split('|'))
        .map(|name| name.split_whitespace().collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect();
    let words: Vec<&str> = names.iter().flatten().copied().collect();
    let known: HashSet<String> = names.iter().map(|w| w.join(" ").to_lowercase()).collect();
    let qualifiers = [
        "type 2",
        "type 3",
        "familial",
        "acquired",
        "juvenile",
        "adult onset",
        "X-linked",
        "autosomal recessive",
        "with deafness",
        "of childhood",
        "syndrome",
        "variant",
    ];
    let mut state = 0x2545F4914F6CDD1Du64;
    let mut next = |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    let mut out = String::with_capacity(n * 40);
    let mut seen = HashSet::new();
    while seen.len() < n {
        let mut w: Vec<&str> = names[next(names.len())].clone();
        let i = next(w.len());
        w[i] = words[next(words.len())];
        let mut name = w.join(" ");
        if next(4) == 0 {
            name = format!("{name} {}", qualifiers[next(qualifiers.len())]);
        }
        let key = name.to_lowercase();
        if known.contains(&key) || !seen.insert(key) {
            continue;
        }
        out.push_str(&format!("DISTRACTOR:{}\t{name}\tDisease\n", seen.len()));
    }
    std::fs::write(path, out).unwrap();
}

fn main() {
    // The same process settings as the `kbner` binary (allocator thresholds, candle's worker spin).
    kbner_tagger::tune_runtime();
    let base = bench_dir();
    let medic = unpack(&base, "medic").join("medic_06Jul2012.txt");
    let ncbi = unpack(&base, "ncbi-disease").join("pubtator/NCBItestset_corpus.txt");
    let cdr = unpack(&base, "bc5cdr");
    let cdr_test = std::fs::read_dir(cdr.join("pubtator"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("Test"))
        .expect("BC5CDR test file");
    let encoder_dir = Encoder::default_dir();
    // One knowledge base per encoder (`KBNER_ENCODER=DIR` benchmarks another one, such as a tuned
    // encoder from `kbner kb tune-encoder`), so switching never rebuilds the default's index.
    // KBNER_LINK_DISTRACTORS=N adds N made-up disease names (see `write_distractors`) to measure
    // latency at scale, e.g. N = 928076 for a 1M-name knowledge base.
    let distractors: usize = std::env::var("KBNER_LINK_DISTRACTORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut kb_name = String::from("kb-medic");
    if distractors > 0 {
        kb_name.push_str(&format!("+{distractors}"));
    }
    if std::env::var_os("KBNER_ENCODER").is_some() {
        kb_name.push('-');
        kb_name.push_str(
            &encoder_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    }
    let kb_dir = base.join(kb_name);
    let cancel = AtomicBool::new(false);
    let open = || {
        ConceptIndex::open(
            &kb_dir,
            Encoder::load(&encoder_dir, &EncoderOptions::default()).unwrap(),
        )
    };
    let mut index = match open() {
        Ok(i) => i,
        Err(_) => {
            eprintln!(
                "building the MEDIC knowledge base and its index (embeds every MEDIC name once)"
            );
            let mut o = IngestOptions::new(&kb_dir);
            o.dicts.push(DictSource {
                path: medic.clone(),
                format: DictFormat::Medic,
            });
            if distractors > 0 {
                let path = base.join(format!("distractors-{distractors}.tsv"));
                write_distractors(&medic, distractors, &path);
                o.dicts.push(DictSource {
                    path,
                    format: DictFormat::Tsv,
                });
            }
            ingest(&o, &Progress::stderr(), &cancel).unwrap();
            let enc = Encoder::load(&encoder_dir, &EncoderOptions::default()).unwrap();
            let t = std::time::Instant::now();
            let mut build = BuildOptions::default();
            // KBNER_LINK_EFC lowers HNSW ef_construction to shorten a large build.
            if let Some(efc) = std::env::var("KBNER_LINK_EFC")
                .ok()
                .and_then(|v| v.parse().ok())
            {
                build.params.ef_construction = efc;
            }
            let m = build_index(&kb_dir, &enc, &build, &Progress::stderr(), &cancel).unwrap();
            eprintln!(
                "indexed {} names in {:.0} s",
                m.manifest.names,
                t.elapsed().as_secs_f64()
            );
            open().unwrap()
        }
    };
    let kb = KnowledgeBase::open(&kb_dir).unwrap();
    let defaults = SearchOptions::default();
    let ncbi_dir = base.join("ncbi-disease/pubtator");
    let ncbi_train = ncbi_dir.join("NCBItrainset_corpus.txt");
    let ncbi_dev = ncbi_dir.join("NCBIdevelopset_corpus.txt");
    if std::env::var("KBNER_LINK_TUNE").is_ok() {
        // Fusion weights are tuned on the NCBI-disease *development* set only, with a memory of
        // the training split.
        let sweep = |index: &ConceptIndex, label: &str, grid: &[[f32; 5]], ks: &[f32]| {
            for w5 in grid {
                for &rrf_k in ks {
                    let (a1, a5, ..) = evaluate(
                        index,
                        &kb,
                        &ncbi_dev,
                        |_| true,
                        Retriever::Fused,
                        *w5,
                        rrf_k,
                    );
                    println!("{label} weights {w5:?} rrf_k {rrf_k}: acc@1 {a1:.1} acc@5 {a5:.1}");
                }
            }
        };
        sweep(
            &index,
            "dev",
            &[
                [2.0, 1.0, 1.0, 0.0, 0.0],
                [3.0, 0.5, 1.0, 0.0, 0.0],
                [3.0, 0.25, 1.0, 0.0, 0.0],
                [4.0, 0.5, 1.0, 0.0, 0.0],
            ],
            &[1.0, 10.0],
        );
        index.set_memory(memory(&index, &[&ncbi_train], |_| true));
        sweep(
            &index,
            "dev+memory",
            &[
                defaults.weights,
                [3.0, 0.5, 0.75, 3.0, 1.0],
                [3.0, 0.5, 0.5, 3.0, 1.0],
                [3.0, 0.75, 0.75, 3.0, 1.0],
                [3.0, 0.5, 0.75, 3.0, 1.5],
                [3.0, 0.5, 0.75, 3.0, 0.75],
                [3.0, 0.75, 1.0, 3.0, 1.5],
            ],
            &[0.5, 1.0],
        );
        return;
    }
    println!(
        "encoder: {} ({})",
        index.manifest().encoder.name,
        encoder_dir.display()
    );
    println!(
        "{:<28} {:<13} {:>7} {:>7} {:>12} {:>9}",
        "corpus", "mode", "acc@1", "acc@5", "composite@1", "mentions"
    );
    let cdr_dir = cdr.join("pubtator");
    let cdr_train = cdr_dir.join("CDR_TrainingSet.PubTator.txt");
    let cdr_dev = cdr_dir.join("CDR_DevelopmentSet.PubTator.txt");
    // KBNER_LINK_LATENCY_ONLY=1 skips the accuracy table (profiling the latency loop).
    let table = std::env::var("KBNER_LINK_LATENCY_ONLY").is_err();
    for (name, file, disease_only, memory_files) in [
        ("NCBI-disease dev", &ncbi_dev, false, vec![&ncbi_train]),
        (
            "NCBI-disease test",
            &ncbi,
            false,
            vec![&ncbi_train, &ncbi_dev],
        ),
        (
            "BC5CDR test (Disease)",
            &cdr_test,
            true,
            vec![&cdr_train, &cdr_dev],
        ),
    ]
    .into_iter()
    .filter(|_| table)
    {
        let keep = |k: &str| !disease_only || k == "Disease";
        for (mode, r) in [
            ("exact", Retriever::Exact),
            ("lexical", Retriever::Lexical),
            ("dense", Retriever::Dense),
            ("fused", Retriever::Fused),
            ("fused+memory", Retriever::Fused),
        ] {
            if mode == "fused+memory" {
                let files: Vec<&Path> = memory_files.iter().map(|p| p.as_path()).collect();
                let m = memory(&index, &files, keep);
                index.set_memory(m);
            }
            let t = std::time::Instant::now();
            let (a1, a5, c1, n, comp) =
                evaluate(&index, &kb, file, keep, r, defaults.weights, defaults.rrf_k);
            println!("{name:<28} {mode:<13} {a1:>6.1}% {a5:>6.1}% {c1:>11.1}% {n:>9}  ({comp} composite, {:.1} s)", t.elapsed().as_secs_f64());
        }
        index = open().unwrap();
    }
    // Candidate generation latency, one mention at a time (encoder + exact + lexical + dense +
    // fusion + summaries), over the NCBI-disease test mentions.
    let read = read_path(&ncbi, Some(Format::Pubtator), false).unwrap();
    let mentions: Vec<String> = read
        .corpus
        .documents
        .iter()
        .flat_map(|d| d.entities.iter().map(|e| e.text.clone()))
        .collect();
    // In corpus order, as `kbner link` meets them: a repeated mention reuses its cached embedding.
    index.clear_query_cache();
    let mut ms: Vec<f64> = Vec::with_capacity(mentions.len());
    for m in &mentions {
        let t = std::time::Instant::now();
        let _ = index.search(m, &defaults).unwrap();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // Each distinct mention once, never seen before: every query runs the encoder.
    index.clear_query_cache();
    let mut distinct: Vec<&str> = mentions.iter().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut cold: Vec<f64> = Vec::with_capacity(distinct.len());
    for m in &distinct {
        let t = std::time::Instant::now();
        let _ = index.search(m, &defaults).unwrap();
        cold.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // The encoder's share: embedding the same mentions one at a time.
    let mut enc_ms: Vec<f64> = Vec::with_capacity(mentions.len());
    for m in &mentions {
        let t = std::time::Instant::now();
        let _ = index.encoder().embed(&[m.as_str()]).unwrap();
        enc_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    enc_ms.sort_by(f64::total_cmp);
    // p50, p90 and p99 of `v`, sorting it once.
    let pct = |v: &mut [f64]| {
        v.sort_by(f64::total_cmp);
        let at = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
        (at(0.5), at(0.9), at(0.99))
    };
    let names = index.manifest().names;
    for (what, v) in [
        ("mentions one at a time in corpus order", &mut ms),
        ("distinct mentions, each new", &mut cold),
    ] {
        let (p50, p90, p99) = pct(v);
        println!(
            "candidate generation, {names} names, {} {what}: p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms",
            v.len()
        );
    }
    println!(
        "  of which the encoder (one mention at a time): p50 {:.2} ms",
        enc_ms[enc_ms.len() / 2]
    );
    // All distinct mentions in one call, as `kbner link` batches a corpus: embeddings in batches.
    index.clear_query_cache();
    let t = std::time::Instant::now();
    let _ = index.search_many(&distinct, &defaults).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "candidate generation, {names} names, {} distinct mentions in one batch: {:.2} ms per mention ({:.0} mentions/s)",
        distinct.len(),
        secs * 1000.0 / distinct.len() as f64,
        distinct.len() as f64 / secs
    );
}
