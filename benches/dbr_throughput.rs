//! Throughput of the knowledge-base side of the tagger, on NCBI-disease train with the MEDIC
//! knowledge base: phrase mining (sentences/s), DBR building (sentences/s, dominated by index
//! queries), retrieval context (sentences/s), and the tagging slowdown retrieval context
//! causes (a MiniLM tagger with and without context, same sentences; ratio).
//!
//! ```sh
//! cargo bench --bench dbr_throughput      # reads ../shared/data; the MEDIC KB + index is built once
//! ```

#[path = "support/shared_data.rs"]
mod shared_data;

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use kbner_dbr::{
    build_dbr, corpus_sentences, mine_phrases, ContextOptions, ContextSource, DbrOptions, KbNames,
    LookupOptions, RetrievalContext, SampleSizes,
};
use kbner_encoder::Encoder;
use kbner_job::Progress;
use kbner_kb::EntityTypeMap;
use kbner_tagger::{tag_corpus, Adaptation, AttentionMode, TagOptions, Tagger, TaggerSpec};
use shared_data::{bench_dir, medic_index, unpack};

fn main() {
    kbner_tagger::tune_runtime();
    let base = bench_dir();
    let ncbi = unpack(&base, "ncbi-disease");
    let cancel = AtomicBool::new(false);
    let index = Arc::new(medic_index(&base));
    let corpus = kbner_corpus::read_path(&ncbi.join("iob/train.tsv"), None, false)
        .unwrap()
        .corpus;
    let n = corpus_sentences(&corpus).len();
    let hidden = Progress::hidden();
    println!(
        "NCBI-disease train: {n} sentences; MEDIC knowledge base ({} names)",
        index.names().len()
    );

    let t = Instant::now();
    let phrases = mine_phrases(&corpus, &index, &hidden, &cancel).unwrap();
    let mine_s = t.elapsed().as_secs_f64();
    println!(
        "mining:           {:>8.0} sentences/s ({mine_s:.1} s)",
        n as f64 / mine_s
    );

    let types = EntityTypeMap::builtin().clone();
    let opts = DbrOptions {
        kind: "Disease".into(),
        task_type: "Disease".into(),
        sizes: SampleSizes::default(),
        seed: 42,
        random: false,
        unambiguous: false,
    };
    for retriever in ["fused", "lexical", "exact"] {
        index.clear_query_cache();
        let names = KbNames::new(
            index.clone(),
            types.clone(),
            LookupOptions {
                retriever: retriever.parse().unwrap(),
                ..Default::default()
            },
        );
        let t = Instant::now();
        let (samples, report) =
            build_dbr(&names, &phrases, &corpus, &opts, &hidden, &cancel).unwrap();
        let s = t.elapsed().as_secs_f64();
        println!(
            "DBR ({retriever:>7}):   {:>8.1} sentences/s ({s:.1} s; {} phrases, {} samples)",
            n as f64 / s,
            report.phrases,
            samples.len()
        );
    }

    // Retrieval context alone, then tagging with and without it (an untrained MiniLM tagger:
    // speed does not depend on the weights).
    let test = kbner_corpus::read_path(&ncbi.join("iob/test.tsv"), None, false)
        .unwrap()
        .corpus;
    let copts = ContextOptions::default();
    index.clear_query_cache();
    let context = RetrievalContext::new(
        KbNames::new(
            index.clone(),
            types,
            LookupOptions {
                k: copts.k,
                retriever: copts.retriever,
                ..Default::default()
            },
        ),
        phrases,
        copts.max_names,
    );
    let (examples, _) = kbner_tagger::examples(&test, "NCBI", "Disease", false);
    let words: Vec<&[String]> = examples.iter().map(|e| e.words.as_slice()).collect();
    let t = Instant::now();
    context.contexts(&words).unwrap();
    let ctx_s = t.elapsed().as_secs_f64();
    println!(
        "context retrieval: {:>7.1} sentences/s ({} test sentences, {ctx_s:.1} s)",
        words.len() as f64 / ctx_s,
        words.len()
    );
    let minilm = Encoder::default_dir();
    let seconds = |with_context: bool| {
        index.clear_query_cache();
        let spec = TaggerSpec {
            mode: AttentionMode::Bidirectional,
            adaptation: Adaptation::Full,
            template: kbner_tagger::DEFAULT_TEMPLATE.into(),
            max_len: 128,
            context: with_context.then(ContextOptions::default),
        };
        let tagger = Tagger::new(
            Path::new(&minilm),
            &spec,
            &kbner_tagger::default_device().unwrap(),
            42,
        )
        .unwrap();
        let manifest = tagger.manifest(Vec::new(), serde_json::Value::Null);
        let mut c = test.clone();
        let opts = TagOptions {
            types: vec!["Disease".into()],
            dataset: Some("NCBI".into()),
            ..Default::default()
        };
        let ctx = with_context.then_some(&context as &dyn ContextSource);
        let t = Instant::now();
        tag_corpus(&tagger, &manifest, &mut c, &opts, ctx, &hidden, &cancel).unwrap();
        t.elapsed().as_secs_f64()
    };
    let plain = seconds(false);
    let with = seconds(true);
    println!(
        "tagging (MiniLM):  {:>7.1} sentences/s without context, {:.1} with; slowdown {:.2}x",
        words.len() as f64 / plain,
        words.len() as f64 / with,
        with / plain
    );
}
