//! `kbner annotate`'s knowledge-base tagger side by side with QuickUMLS on NCBI-disease test, both
//! with MEDIC as the vocabulary: strict mention P/R/F1 and document-level concept F1, documents/s
//! (loading excluded and reported), and exact-match tagging throughput on every abstract of
//! NCBI-disease and BC5CDR.
//!
//! ```text
//! bash benches/peer/quickumls/setup.sh          # once: QuickUMLS + its MEDIC indexes, offline
//! cargo bench --bench annotate_quickumls         # reads ../shared/data; MEDIC KB + index built once
//! KBNER_PEER=0 cargo bench --bench annotate_quickumls   # kbner only
//! ```
//!
//! Protocol (the same for both tools): the gold mentions of every type (SpecificDisease,
//! DiseaseClass, Modifier, CompositeMention) count as `Disease`; a predicted mention is right when
//! its span is exactly a gold span (strict). Document-level concepts compare the set of concepts a
//! document's predictions name with the gold set; ids of one MEDIC concept (`OMIM:608446` and
//! `D009203`) are one concept (`kbner eval --kb`'s mapper). QuickUMLS runs in one Python process,
//! kbner in one process on all cores of this machine (2 here); the table says both.

#[path = "support/shared_data.rs"]
mod shared_data;
use kbner_annotate::{Annotator, Approximate, KbTaggerOptions, Label};
use kbner_corpus::{evaluate, read_path, Corpus, EvalOptions, EvalReport, Format};
use shared_data::{bench_dir, medic_index, unpack};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

/// A PubTator file read with every mention typed `Disease` (gold and QuickUMLS's output alike).
fn read_as_disease(path: &Path) -> Corpus {
    let mut c = read_path(path, Some(Format::Pubtator), false)
        .unwrap()
        .corpus;
    for d in &mut c.documents {
        for e in &mut d.entities {
            e.kind = "Disease".into();
        }
    }
    c
}

fn without_entities(c: &Corpus) -> Corpus {
    let mut c = c.clone();
    for d in &mut c.documents {
        d.entities.clear();
        d.relations.clear();
    }
    c
}

struct Row {
    system: String,
    setting: String,
    report: EvalReport,
    docs_per_s: f64,
    ms_per_doc: f64,
    load_s: f64,
}

fn print_rows(rows: &[Row], peer_best: Option<&Row>) {
    println!(
        "\n| system | setting | strict P | strict R | strict F1 | doc concept F1 | docs/s | ms/doc | load s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        let m = &r.report.strict.micro;
        let c = r.report.concepts.as_ref().map_or(0.0, |c| c.f1);
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} | {:.2} | {:.2} |",
            r.system,
            r.setting,
            100.0 * m.precision,
            100.0 * m.recall,
            100.0 * m.f1,
            100.0 * c,
            r.docs_per_s,
            r.ms_per_doc,
            r.load_s
        );
    }
    if let Some(p) = peer_best {
        println!(
            "\nagainst QuickUMLS's best ({}: strict F1 {:.1}, doc concept F1 {:.1}, {:.1} docs/s):",
            p.setting,
            100.0 * p.report.strict.micro.f1,
            100.0 * p.report.concepts.as_ref().map_or(0.0, |c| c.f1),
            p.docs_per_s
        );
        for r in rows.iter().filter(|r| r.system == "kbner") {
            println!(
                "  kbner {}: strict F1 {:+.1} points, doc concept F1 {:+.1} points, {:.0}x the documents/s",
                r.setting,
                100.0 * (r.report.strict.micro.f1 - p.report.strict.micro.f1),
                100.0
                    * (r.report.concepts.as_ref().map_or(0.0, |c| c.f1)
                        - p.report.concepts.as_ref().map_or(0.0, |c| c.f1)),
                r.docs_per_s / p.docs_per_s.max(1e-9)
            );
        }
    }
}

fn main() {
    kbner_tagger::tune_runtime();
    let base = bench_dir();
    let ncbi = unpack(&base, "ncbi-disease");
    let ncbi_test = ncbi.join("pubtator/NCBItestset_corpus.txt");
    let cdr = unpack(&base, "bc5cdr");
    let index = Arc::new(medic_index(&base));

    let gold = read_as_disease(&ncbi_test);
    let mapper_index = index.clone();
    let eval_opts = EvalOptions {
        id_mapper: Some(Arc::new(move |id: &str| {
            mapper_index.kb().resolve_id(id).map_err(|e| e.to_string())
        })),
        ..Default::default()
    };
    let mut rows: Vec<Row> = Vec::new();
    let settings: Vec<(&str, Approximate, f32)> = vec![
        ("exact", Approximate::Off, 1.0),
        ("lexical 0.85", Approximate::Lexical, 0.85),
        ("lexical 0.75", Approximate::Lexical, 0.75),
        ("dense 0.90", Approximate::Dense, 0.90),
    ];
    for (name, approximate, threshold) in settings {
        let loading = Instant::now();
        let annotator = Annotator::new(
            index.clone(),
            Some(KbTaggerOptions {
                labels: vec!["Disease=DISO".parse::<Label>().unwrap()],
                approximate,
                threshold,
                prefer_ids: vec!["MESH".into()],
                ..Default::default()
            }),
            None,
        )
        .unwrap();
        let load_s = loading.elapsed().as_secs_f64();
        index.clear_query_cache();
        let mut pred = without_entities(&gold);
        let started = Instant::now();
        annotator.annotate(&mut pred.documents, false).unwrap();
        let secs = started.elapsed().as_secs_f64();
        let report = evaluate(&gold, &pred, &eval_opts).unwrap();
        let n = pred.documents.len() as f64;
        rows.push(Row {
            system: "kbner".into(),
            setting: name.into(),
            report,
            docs_per_s: n / secs,
            ms_per_doc: 1000.0 * secs / n,
            load_s,
        });
    }

    // Exact-match throughput on every abstract of NCBI-disease and BC5CDR (2,293 documents),
    // read three times over.
    let mut all = Corpus::default();
    for f in [
        ncbi.join("pubtator/NCBItrainset_corpus.txt"),
        ncbi.join("pubtator/NCBIdevelopset_corpus.txt"),
        ncbi_test.clone(),
    ]
    .into_iter()
    .chain(
        std::fs::read_dir(cdr.join("pubtator"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains("PubTator")),
    ) {
        if f.is_file() {
            all.documents
                .extend(without_entities(&read_as_disease(&f)).documents);
        }
    }
    let exact = Annotator::new(
        index.clone(),
        Some(KbTaggerOptions {
            labels: vec!["Disease=DISO".parse::<Label>().unwrap()],
            ..Default::default()
        }),
        None,
    )
    .unwrap();
    let mut times = Vec::new();
    for _ in 0..3 {
        let mut docs = all.documents.clone();
        let started = Instant::now();
        exact.annotate(&mut docs, false).unwrap();
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "\nexact-match tagging, {} abstracts (NCBI-disease + BC5CDR, all splits), {} threads: median {:.3} s = {:.0} abstracts/s (runs {:?})",
        all.documents.len(),
        rayon::current_num_threads(),
        times[1],
        all.documents.len() as f64 / times[1],
        times
    );

    // The peer.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let venv_python = root.join(".data/peer/venv/bin/python");
    let mut peer_best: Option<usize> = None;
    if std::env::var("KBNER_PEER").as_deref() == Ok("0") {
        println!("\nQuickUMLS: skipped (KBNER_PEER=0)");
    } else if !venv_python.exists() {
        println!(
            "\nQuickUMLS: not set up (run `bash benches/peer/quickumls/setup.sh` first); kbner only"
        );
    } else {
        for (setting, index_dir, threshold) in [
            ("-L, threshold 1.0", "quickumls-medic-lower", "1.0"),
            ("-L, threshold 0.9", "quickumls-medic-lower", "0.9"),
            ("-L, threshold 0.7", "quickumls-medic-lower", "0.7"),
        ] {
            let out = base.join(format!("quickumls-{index_dir}-{threshold}.pubtator"));
            let timing = base.join(format!("quickumls-{index_dir}-{threshold}.json"));
            let status = Command::new(&venv_python)
                .arg(root.join("benches/peer/quickumls/run.py"))
                .arg("--index")
                .arg(root.join(".data/peer").join(index_dir))
                .arg("--input")
                .arg(&ncbi_test)
                .args(["--threshold", threshold, "--out"])
                .arg(&out)
                .arg("--timing")
                .arg(&timing)
                .status()
                .unwrap();
            assert!(status.success(), "QuickUMLS run failed");
            let pred = read_as_disease(&out);
            let report = evaluate(&gold, &pred, &eval_opts).unwrap();
            let t: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&timing).unwrap()).unwrap();
            let f = |k: &str| t.get(k).and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
            rows.push(Row {
                system: "QuickUMLS".into(),
                setting: setting.into(),
                report,
                docs_per_s: f("docs_per_s"),
                ms_per_doc: f("ms_per_doc_mean"),
                load_s: f("load_s"),
            });
            let i = rows.len() - 1;
            let better = |a: &Row, b: &Row| a.report.strict.micro.f1 > b.report.strict.micro.f1;
            if peer_best.is_none_or(|b| better(&rows[i], &rows[b])) {
                peer_best = Some(i);
            }
        }
    }
    print_rows(&rows, peer_best.map(|i| &rows[i]));
}
