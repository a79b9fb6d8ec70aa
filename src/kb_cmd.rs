//! `kbner kb …`: ingest, stats, lookup, types, show.

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use kbner_job::Progress;
use kbner_kb::{
    ingest, DictFormat, DictSource, IngestOptions, KnowledgeBase, Suppress, UmlsFilters,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Where the knowledge base lives.
#[derive(Args, Clone)]
pub struct KbDir {
    /// Knowledge-base directory.
    #[arg(long, env = "KBNER_KB", default_value = ".kbner/kb")]
    pub kb: PathBuf,
}

/// `kbner kb` subcommands.
#[derive(Subcommand)]
pub enum KbCommand {
    /// Build a knowledge base from a UMLS release, OBO ontologies and dictionaries (replaces any
    /// existing one atomically; Ctrl-C leaves the old one intact).
    Ingest(Box<IngestArgs>),
    /// Counts: concepts, atoms, names per source, language and semantic group; release info.
    Stats {
        #[command(flatten)]
        dir: KbDir,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Exact lookup of names after normalization (NFKC, case, punctuation and space folding).
    Lookup {
        #[command(flatten)]
        dir: KbDir,
        /// Names to look up.
        #[arg(required = true)]
        text: Vec<String>,
        #[command(flatten)]
        prefer_ids: PreferIds,
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Build the concept index beside the store: embeddings of every distinct name (resumable),
    /// an HNSW graph and a tantivy index. Replaces any previous index atomically.
    Index(IndexArgs),
    /// Candidate concepts for a mention: exact, lexical (tantivy) and dense (HNSW) matches fused.
    Search(SearchArgs),
    /// Tune the text encoder on this knowledge base's synonyms (the SapBERT recipe: names of one
    /// concept pulled together, other concepts' names pushed apart), optionally also on annotated
    /// mentions; writes a new encoder directory to index and link with (`--encoder DIR`).
    TuneEncoder(TuneEncoderArgs),
    /// What the concepts map to as task entity types (Disease, Chemical, Gene/Protein, ...):
    /// concepts and names per task type, the semantic types and sources feeding each, and what is
    /// left without a task type. The table is kb/entity_types.tsv (built in) unless --table.
    Types {
        #[command(flatten)]
        dir: KbDir,
        /// A table of your own (TASK_TYPE<TAB>FIELD<TAB>VALUE lines; see kb/entity_types.tsv).
        #[arg(long, value_name = "FILE")]
        table: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// No progress output.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Everything stored about one concept (by id, or by SAB:CODE with --code).
    Show {
        #[command(flatten)]
        dir: KbDir,
        /// Concept id (e.g. C0011849, HP:0001250, MESH:D003920).
        id: String,
        /// Treat ID as SAB:CODE (e.g. MSH:D012711) and show the concepts carrying it.
        #[arg(long)]
        code: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The text encoder to use.
#[derive(Args, Clone)]
pub struct EncoderArg {
    /// Encoder model directory (config.json + model.safetensors + tokenizer.json), e.g. SapBERT.
    /// Default: $KBNER_ENCODER, else the encoder the knowledge base's index was built with, else
    /// .data/models/all-MiniLM-L6-v2 (fetched by scripts/setup.sh) of this checkout.
    #[arg(long, value_name = "DIR")]
    pub encoder: Option<PathBuf>,
    /// Texts per encoder batch (1 to 4096).
    #[arg(long, default_value_t = 64, value_parser = crate::args::count(1, 4096))]
    pub batch_size: usize,
}

impl EncoderArg {
    /// The encoder directory and how it was chosen: `--encoder`, else `$KBNER_ENCODER`, else the
    /// one recorded in the index of the knowledge base in `kb` (so that an index built with a
    /// tuned encoder is searched with it, from any directory), else the default model.
    pub fn resolve(&self, kb: &Path) -> (PathBuf, &'static str) {
        if let Some(dir) = &self.encoder {
            return (dir.clone(), "--encoder");
        }
        if let Some(dir) = std::env::var_os("KBNER_ENCODER").filter(|v| !v.is_empty()) {
            return (PathBuf::from(dir), "$KBNER_ENCODER");
        }
        if let Some(dir) = kbner_index::IndexManifest::recorded_encoder_dir(kb) {
            return (dir, "the one the index was built with");
        }
        (kbner_encoder::Encoder::default_dir(), "the default")
    }

    /// Loads the encoder for the knowledge base in `kb` (see [`EncoderArg::resolve`]) and, unless
    /// `quiet`, says which one on stderr.
    pub fn load(&self, kb: &Path, quiet: bool) -> Result<kbner_encoder::Encoder> {
        let (dir, why) = self.resolve(kb);
        let opts = kbner_encoder::EncoderOptions {
            batch_size: self.batch_size,
            ..Default::default()
        };
        let encoder = kbner_encoder::Encoder::load(&dir, &opts)
            .with_context(|| format!("loading encoder {} ({why})", dir.display()))?;
        if !quiet {
            eprintln!("kbner: encoder {} ({why})", dir.display());
        }
        Ok(encoder)
    }
}

/// `--prefer-ids`: the namespaces concept ids are written in.
#[derive(Args)]
pub struct PreferIds {
    /// Id namespaces to write concepts in, most preferred first, e.g. `MESH` or `MESH,OMIM`: a
    /// concept is written as its id in the first of these that it has (a MEDIC concept listed
    /// `OMIM:608446|D009203` as `MESH:D009203`), else as its concept id. JSON outputs list all
    /// of a concept's ids beside it.
    #[arg(long, value_delimiter = ',', value_name = "NAMESPACE,...")]
    prefer_ids: Vec<String>,
}

impl PreferIds {
    /// The namespaces, checked: an empty one (`--prefer-ids MESH,`) is an error.
    pub fn namespaces(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for ns in &self.prefer_ids {
            let ns = ns.trim();
            if ns.is_empty() || ns.contains(':') {
                bail!(
                    "--prefer-ids {:?}: expected id namespaces (prefixes) such as MESH or MESH,OMIM",
                    self.prefer_ids.join(",")
                );
            }
            out.push(ns.to_string());
        }
        Ok(out)
    }
}

/// Checks every (as given, type) of a type option against what `kb` can match: a semantic
/// group, TUI or UMLS type name, or a free-text type some concept has. The error names the
/// option and the value and lists what is accepted.
pub fn check_type_options<'a>(
    kb: &KnowledgeBase,
    option: &str,
    values: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<()> {
    for (given, ty) in values {
        kb.check_type_filter(ty)
            .with_context(|| format!("{option} {given:?}"))?;
    }
    Ok(())
}

/// `id` as written with `prefer` (its id in the first preferred namespace it has), and all its
/// ids.
fn written_id(kb: &KnowledgeBase, id: &str, prefer: &[String]) -> Result<(String, Vec<String>)> {
    let all = kb.concept_ids(id)?;
    let written = kbner_kb::preferred_id(&all, prefer)
        .unwrap_or(id)
        .to_string();
    Ok((written, all))
}

/// A JSON hit with its id written as preferred, the store's id as `concept_id`, and all the
/// concept's ids as `concept_ids`.
fn json_with_ids(
    kb: &KnowledgeBase,
    mut v: serde_json::Value,
    id: &str,
    prefer: &[String],
) -> Result<serde_json::Value> {
    let (written, all) = written_id(kb, id, prefer)?;
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), written.into());
        o.insert("concept_id".into(), id.into());
        o.insert("concept_ids".into(), all.into());
    }
    Ok(v)
}

/// Arguments of `kbner kb index`.
#[derive(Args)]
pub struct IndexArgs {
    #[command(flatten)]
    dir: KbDir,
    #[command(flatten)]
    encoder: EncoderArg,
    /// HNSW links per node (2 to 256).
    #[arg(long, default_value_t = 16, value_parser = crate::args::count(2, 256))]
    m: usize,
    /// HNSW candidate list size while building (1 to 10000).
    #[arg(long, default_value_t = 200, value_parser = crate::args::count(1, kbner_index::MAX_EF))]
    ef_construction: usize,
    /// HNSW candidate list size while searching, stored in the index (1 to 10000).
    #[arg(long, default_value_t = 64, value_parser = crate::args::count(1, kbner_index::MAX_EF))]
    ef_search: usize,
    /// How the HNSW graph stores vectors: f32, or f16 (half the memory).
    #[arg(long, default_value = "f32")]
    storage: kbner_index::VectorStorage,
    /// New names embedded per chunk, each kept as it finishes (1 to 1048576).
    #[arg(long, default_value_t = 4096, value_parser = crate::args::count(1, kbner_index::MAX_CHUNK))]
    chunk: usize,
    /// Rebuild even when the index already matches the store, the encoder and the parameters
    /// (cached embeddings are still reused).
    #[arg(long)]
    force: bool,
    /// No progress output.
    #[arg(long, short)]
    quiet: bool,
}

/// Arguments of `kbner kb search`.
#[derive(Args)]
pub struct SearchArgs {
    #[command(flatten)]
    dir: KbDir,
    #[command(flatten)]
    encoder: EncoderArg,
    /// Mentions to search for.
    #[arg(required = true)]
    text: Vec<String>,
    /// Concepts per mention (1 to 1000).
    #[arg(short, default_value_t = 10, value_parser = crate::args::count(1, kbner_index::MAX_K))]
    k: usize,
    /// Keep only concepts of these semantic types: a group (DISO), a TUI (T047), a UMLS type
    /// name, or a free-text type of this knowledge base's concepts; anything else is an error.
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
    /// Retriever: fused, exact, lexical or dense.
    #[arg(long, default_value = "fused")]
    retriever: kbner_index::Retriever,
    #[command(flatten)]
    prefer_ids: PreferIds,
    /// Print JSON lines.
    #[arg(long)]
    json: bool,
}

/// Arguments of `kbner kb tune-encoder`.
#[derive(Args)]
pub struct TuneEncoderArgs {
    #[command(flatten)]
    dir: KbDir,
    /// Encoder to start from (default: $KBNER_ENCODER, else .data/models/all-MiniLM-L6-v2).
    #[arg(long, value_name = "DIR")]
    encoder: Option<PathBuf>,
    /// New directory for the tuned encoder (must not exist).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Annotated corpora (any corpus format) whose linked mentions join their concept's names,
    /// e.g. a training split. Repeatable. Mentions linked to several concepts are left out.
    #[arg(long, value_name = "CORPUS")]
    mentions: Vec<PathBuf>,
    /// Passes over the pairs (1 to 1000).
    #[arg(long, default_value_t = 1, value_parser = crate::args::count(1, 1000))]
    epochs: usize,
    /// Pairs per batch (2 to 4096: the other pairs of a batch are each pair's negatives).
    #[arg(long, default_value_t = 64, value_parser = crate::args::count(2, 4096))]
    batch_size: usize,
    /// Peak learning rate (linear warm-up and decay; above 0, at most 1).
    #[arg(long, default_value_t = 2e-5, value_parser = crate::args::real(0.0, 1.0, true))]
    lr: f64,
    /// Pairs per epoch at most (0 = one per name; at most 100000000).
    #[arg(long, default_value_t = 0, value_parser = crate::args::count(0, 100_000_000))]
    max_pairs: usize,
    /// Random seed.
    #[arg(long, default_value_t = 13)]
    seed: u64,
    /// Skip (and count) bad records in --mentions corpora.
    #[arg(long)]
    lenient: bool,
}

/// Runs `kbner kb tune-encoder`.
fn run_tune_encoder(a: &TuneEncoderArgs, cancel: &AtomicBool) -> Result<()> {
    use kbner_encoder::{tune_encoder, EncoderError, SynonymTuning, TuningEvent};
    let base = a
        .encoder
        .clone()
        .unwrap_or_else(kbner_encoder::Encoder::default_dir);
    let kb = KnowledgeBase::open(&a.dir.kb)?;
    let mentions = kbner_corpus::read_linked_mentions(&a.mentions, None, a.lenient)
        .context("reading --mentions")?;
    let progress = Progress::stderr();
    for s in &mentions.skipped {
        progress.message(&format!("skipped (--mentions): {s}"));
    }
    let (groups, joined) = kbner_index::synonym_groups(&kb, mentions.pairs())?;
    if !a.mentions.is_empty() {
        progress.message(&format!(
            "mentions: {} joined their concept's names; {} left out (no id in the knowledge base, or several concepts)",
            joined.joined, joined.left_out
        ));
    }
    let opts = SynonymTuning {
        epochs: a.epochs,
        batch_size: a.batch_size,
        lr: a.lr,
        max_pairs: a.max_pairs,
        seed: a.seed,
        ..SynonymTuning::default()
    };
    let device = kbner_nn::default_device()?;
    let mut on = |e: &TuningEvent| {
        let TuningEvent::Step(s) = e;
        progress.training_step("tune", s, 20);
    };
    let report = match tune_encoder(&base, &groups, &a.out, &opts, &device, cancel, &mut on) {
        Err(EncoderError::Interrupted) => {
            bail!("interrupted; nothing was written to {}", a.out.display())
        }
        r => r.with_context(|| format!("tuning {}", base.display()))?,
    };
    progress.message(&format!(
        "tuned {} on {} pairs from {} concepts ({} steps, {:.0} s, {:.0} tokens/s; loss by epoch {:?}; {} pooling); wrote {}",
        base.display(),
        report.pairs,
        report.groups,
        report.steps,
        report.seconds,
        report.tokens_per_s,
        report
            .epoch_loss
            .iter()
            .map(|l| (l * 1000.0).round() / 1000.0)
            .collect::<Vec<_>>(),
        report.pooling.as_str(),
        a.out.display()
    ));
    Ok(())
}

/// Arguments of `kbner kb ingest`.
#[derive(Args)]
pub struct IngestArgs {
    #[command(flatten)]
    dir: KbDir,
    /// UMLS release directory (the META folder holding MRCONSO.RRF, MRSTY.RRF, ...).
    #[arg(long, value_name = "META_DIR")]
    umls: Option<PathBuf>,
    /// OBO ontology file (repeatable), e.g. hp.obo.
    #[arg(long, value_name = "FILE")]
    obo: Vec<PathBuf>,
    /// Semantic type for the terms of each --obo, in order (one value applies to all): a group
    /// (DISO), a TUI (T184) or a UMLS type name; e.g. `--obo hp.obo --obo-type DISO`. One type
    /// per value: repeat the option for several files (a comma list is an error).
    #[arg(long, value_name = "TYPE")]
    obo_type: Vec<String>,
    /// Keep only this OBO term and its `is_a` descendants (repeatable), e.g. HPO's phenotypic
    /// abnormalities without modifiers and frequencies: `--obo-root HP:0000118`.
    #[arg(long, value_name = "ID")]
    obo_root: Vec<String>,
    /// Dictionary file (repeatable); its format comes from --dict-format.
    #[arg(long, value_name = "FILE")]
    dict: Vec<PathBuf>,
    /// Format of each --dict, in order (one value applies to all): medic (ID|ID||name|synonym…)
    /// or tsv (id<TAB>name[<TAB>type]). Default: tsv for *.tsv files.
    #[arg(long, value_name = "FORMAT", value_delimiter = ',')]
    dict_format: Vec<DictFormat>,
    /// UMLS languages (LAT) to keep; ALL keeps every language.
    #[arg(
        long,
        value_name = "LAT,...",
        value_delimiter = ',',
        default_value = "ENG"
    )]
    lang: Vec<String>,
    /// UMLS SUPPRESS values to keep, of O (obsolete), E (editor-suppressed), Y (suppressible), N
    /// (not suppressed). Default: keep N only, i.e. drop obsolete and suppressible atoms.
    #[arg(long, value_name = "FLAGS", value_delimiter = ',', default_value = "N")]
    suppress: Vec<String>,
    /// Keep only these UMLS sources (SAB, as in MRCONSO). Default: all.
    #[arg(long, value_name = "SAB,...", value_delimiter = ',')]
    sab: Vec<String>,
    /// Drop these UMLS sources (SAB).
    #[arg(long, value_name = "SAB,...", value_delimiter = ',')]
    exclude_sab: Vec<String>,
    /// Keep only UMLS concepts with one of these semantic types (TUI like T047, or name).
    #[arg(long, value_name = "TUI,...", value_delimiter = ',')]
    sty: Vec<String>,
    /// Keep only UMLS concepts in one of these semantic groups (DISO, CHEM, GENE, ANAT, ...).
    #[arg(long, value_name = "GROUP,...", value_delimiter = ',')]
    semgroup: Vec<String>,
    /// Skip malformed rows and OBO stanzas repeating an id (counted; the first ones are kept in
    /// the store's report) instead of failing.
    #[arg(long)]
    lenient: bool,
    /// Write the store even when a source gives nothing (an empty file, filters that keep
    /// nothing) or a UMLS file has under 90% of the rows MRFILES.RRF declares. Without it such
    /// an ingest fails and any previous store stays as it was.
    #[arg(long)]
    allow_partial: bool,
    /// Memory for sort buffers in MiB; peak memory is roughly this plus a few hundred MiB.
    #[arg(long, default_value_t = 1024)]
    memory_mb: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// No progress output.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs a `kbner kb` subcommand.
pub fn run(cmd: &KbCommand, cancel: &AtomicBool) -> Result<()> {
    match cmd {
        KbCommand::Ingest(a) => run_ingest(a, cancel),
        KbCommand::Stats { dir, json } => {
            let kb = KnowledgeBase::open(&dir.kb)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(kb.manifest())?);
            } else {
                print_stats(&kb);
            }
            Ok(())
        }
        KbCommand::Lookup {
            dir,
            text,
            prefer_ids,
            json,
        } => {
            let prefer = prefer_ids.namespaces()?;
            let kb = KnowledgeBase::open(&dir.kb)?;
            for t in text {
                let hits = kb.lookup_name_or_id(t)?;
                if *json {
                    let hits = hits
                        .iter()
                        .map(|h| json_with_ids(&kb, serde_json::to_value(h)?, &h.id, &prefer))
                        .collect::<Result<Vec<_>>>()?;
                    println!(
                        "{}",
                        serde_json::json!({"query": t, "normalized": kbner_kb::normalize_name(t), "hits": hits})
                    );
                    continue;
                }
                println!(
                    "{t:?} → {} concept{}",
                    hits.len(),
                    if hits.len() == 1 { "" } else { "s" }
                );
                for h in hits {
                    let (id, _) = written_id(&kb, &h.id, &prefer)?;
                    println!(
                        "  {:<14} {}  [{}]",
                        id,
                        h.preferred_name,
                        types_line(&h.types)
                    );
                }
            }
            Ok(())
        }
        KbCommand::Index(a) => {
            let encoder = a.encoder.load(&a.dir.kb, a.quiet)?;
            let opts = kbner_index::BuildOptions {
                params: kbner_index::DenseParams {
                    m: a.m,
                    ef_construction: a.ef_construction,
                    ef_search: a.ef_search,
                    storage: a.storage,
                },
                chunk: a.chunk,
                max_new_chunks: None,
                force: a.force,
            };
            let progress = if a.quiet {
                Progress::hidden()
            } else {
                Progress::stderr()
            };
            let started = std::time::Instant::now();
            let report = kbner_index::build_index(&a.dir.kb, &encoder, &opts, &progress, cancel)
                .with_context(|| format!("indexing {} failed", a.dir.kb.display()))?;
            let m = &report.manifest;
            if report.up_to_date {
                if !a.quiet {
                    eprintln!(
                        "kbner: the index of {} is up to date ({} names, encoder {}); --force rebuilds it",
                        a.dir.kb.display(),
                        m.names,
                        m.encoder.name
                    );
                }
            } else if !a.quiet {
                eprintln!(
                    "kbner: indexed {} names of {} with {} ({}-d; {} embedded, {} from the cache) in {:.1} s",
                    m.names,
                    a.dir.kb.display(),
                    m.encoder.name,
                    m.encoder.dim,
                    report.embedded,
                    report.reused,
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(())
        }
        KbCommand::TuneEncoder(a) => run_tune_encoder(a, cancel),
        KbCommand::Search(a) => {
            let prefer = a.prefer_ids.namespaces()?;
            let index =
                kbner_index::ConceptIndex::open(&a.dir.kb, a.encoder.load(&a.dir.kb, false)?)?;
            check_type_options(
                index.kb(),
                "--types",
                a.types.iter().map(|t| (t.as_str(), t.as_str())),
            )?;
            if !a.types.is_empty() {
                let known = &index.kb().manifest().stats.concepts_by_group;
                let any = a.types.iter().any(|t| {
                    known.keys().any(|g| g.eq_ignore_ascii_case(t))
                        || kbner_kb::tuis_of_group(t).is_none()
                });
                if !any {
                    eprintln!(
                        "kbner: warning: no concept of {} is in this knowledge base",
                        a.types.join(",")
                    );
                }
            }
            let opts = kbner_index::SearchOptions {
                k: a.k,
                retriever: a.retriever,
                types: a.types.clone(),
                ..Default::default()
            };
            let texts: Vec<&str> = a.text.iter().map(String::as_str).collect();
            for (t, cands) in texts.iter().zip(index.search_many(&texts, &opts)?) {
                if a.json {
                    let cands = cands
                        .iter()
                        .map(|c| {
                            json_with_ids(index.kb(), serde_json::to_value(c)?, &c.id, &prefer)
                        })
                        .collect::<Result<Vec<_>>>()?;
                    println!("{}", serde_json::json!({"query": t, "candidates": cands}));
                    continue;
                }
                println!("{t:?}");
                for (i, c) in cands.iter().enumerate() {
                    let cos = c.cosine.map(|x| format!(" cos {x:.3}")).unwrap_or_default();
                    let (id, _) = written_id(index.kb(), &c.id, &prefer)?;
                    println!(
                        "  {:>2}. {:<14} {:.4}{cos}  {}  [{}]  via \"{}\"",
                        i + 1,
                        id,
                        c.score,
                        c.preferred_name,
                        types_line(&c.types),
                        c.matched_name
                    );
                }
            }
            Ok(())
        }
        KbCommand::Types {
            dir,
            table,
            json,
            quiet,
        } => {
            let user;
            let map = match table {
                Some(path) => {
                    user = kbner_kb::EntityTypeMap::read(path)?;
                    &user
                }
                None => kbner_kb::EntityTypeMap::builtin(),
            };
            let kb = KnowledgeBase::open(&dir.kb)?;
            let progress = if *quiet {
                Progress::hidden()
            } else {
                Progress::stderr()
            };
            let report = kb.task_type_counts(map, &progress)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_task_types(&report);
            }
            Ok(())
        }
        KbCommand::Show {
            dir,
            id,
            code,
            json,
        } => {
            let kb = KnowledgeBase::open(&dir.kb)?;
            let ids = if *code {
                let Some((sab, c)) = id.split_once(':') else {
                    bail!("--code takes SAB:CODE, e.g. MSH:D012711");
                };
                kb.ids_for_code(sab, c)?
            } else {
                vec![id.clone()]
            };
            if ids.is_empty() {
                bail!("no concept carries code {id}");
            }
            for id in ids {
                let Some(c) = kb.concept(&id)? else {
                    bail!("no concept {id} in {}", kb.path().display());
                };
                if *json {
                    println!("{}", serde_json::to_string_pretty(&c)?);
                } else {
                    print_concept(&kb, &c)?;
                }
            }
            Ok(())
        }
    }
}

fn run_ingest(a: &IngestArgs, cancel: &AtomicBool) -> Result<()> {
    if let Some(n) = a.threads {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let mut opts = IngestOptions::new(&a.dir.kb);
    opts.umls = a.umls.clone();
    opts.obo = a.obo.clone();
    opts.obo_types = a.obo_type.clone();
    opts.obo_roots = a.obo_root.clone();
    opts.lenient = a.lenient;
    opts.allow_partial = a.allow_partial;
    opts.memory_bytes = a.memory_mb.max(16) << 20;
    for (i, path) in a.dict.iter().enumerate() {
        let format = match (a.dict_format.get(i), a.dict_format.len()) {
            (Some(f), _) => *f,
            (None, 1) => a.dict_format[0],
            _ if path.extension().is_some_and(|e| e == "tsv") => DictFormat::Tsv,
            _ => bail!(
                "--dict {}: give its format with --dict-format medic|tsv",
                path.display()
            ),
        };
        opts.dicts.push(DictSource {
            path: path.clone(),
            format,
        });
    }
    let mut suppress = Vec::new();
    for s in &a.suppress {
        match Suppress::parse(s.trim()) {
            Some(v) if !s.trim().is_empty() => suppress.push(v),
            _ => bail!("--suppress {s:?}: expected some of O, E, Y, N"),
        }
    }
    opts.filters = UmlsFilters {
        languages: a.lang.iter().map(|s| s.trim().to_string()).collect(),
        suppress,
        sab_include: a.sab.clone(),
        sab_exclude: a.exclude_sab.clone(),
        semantic_types: a.sty.clone(),
        semantic_groups: a.semgroup.clone(),
    };
    let progress = if a.quiet {
        Progress::hidden()
    } else {
        Progress::stderr()
    };
    let started = std::time::Instant::now();
    let m = ingest(&opts, &progress, cancel)
        .with_context(|| format!("ingest into {} failed", a.dir.kb.display()))?;
    if !a.quiet {
        let s = &m.stats;
        eprintln!(
            "kbner: wrote {} in {:.1} s: {} concepts, {} atoms, {} distinct names, {} codes, {} definitions, {} relations",
            a.dir.kb.display(),
            started.elapsed().as_secs_f64(),
            s.concepts,
            s.atoms,
            s.distinct_names,
            s.code_entries,
            s.definitions,
            s.relations
        );
        // Warnings were printed as they arose, before the store was replaced.
        if m.bad_row_count > 0 {
            eprintln!(
                "kbner: skipped {} bad rows (--lenient); first ones:",
                m.bad_row_count
            );
            for b in &m.bad_rows {
                eprintln!("  {b}");
            }
        }
    }
    Ok(())
}

fn types_line(types: &[kbner_kb::SemanticType]) -> String {
    types
        .iter()
        .map(|t| {
            let g = if t.group.is_empty() {
                String::new()
            } else {
                format!(" ({})", t.group)
            };
            if t.tui.is_empty() {
                format!("{}{g}", t.name)
            } else {
                format!("{} {}{g}", t.tui, t.name)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn counts_line(map: &std::collections::BTreeMap<String, u64>, limit: usize) -> String {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut s = v
        .iter()
        .take(limit)
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if v.len() > limit {
        s.push_str(&format!(", … ({} more)", v.len() - limit));
    }
    s
}

fn print_stats(kb: &KnowledgeBase) {
    let m = kb.manifest();
    let s = &m.stats;
    println!(
        "knowledge base     {} (schema {}, fingerprint {})",
        kb.path().display(),
        m.schema_version,
        m.fingerprint
    );
    for src in &m.sources {
        println!("source             {} ({})", src.label, src.path);
    }
    if let Some(f) = &m.filters {
        let list = |v: &[String]| {
            if v.is_empty() {
                "all".to_string()
            } else {
                v.join(",")
            }
        };
        println!(
            "UMLS filters       lang {}; suppress {}; sab {}; exclude-sab {}; sty {}; semgroup {}",
            list(&f.languages),
            f.suppress
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(","),
            list(&f.sab_include),
            if f.sab_exclude.is_empty() {
                "none".into()
            } else {
                f.sab_exclude.join(",")
            },
            list(&f.semantic_types),
            list(&f.semantic_groups)
        );
    }
    println!("concepts           {}", s.concepts);
    println!("atoms              {}", s.atoms);
    println!(
        "names              {} distinct normalized, {} name→concept entries",
        s.distinct_names, s.name_entries
    );
    println!("codes              {}", s.code_entries);
    println!("definitions        {}", s.definitions);
    println!("relations          {}", s.relations);
    println!("untyped UMLS CUIs  {}", s.umls_concepts_without_types);
    println!("atoms by source    {}", counts_line(&s.atoms_by_source, 12));
    println!(
        "atoms by language  {}",
        counts_line(&s.atoms_by_language, 12)
    );
    println!(
        "concepts by group  {}",
        counts_line(&s.concepts_by_group, 16)
    );
    println!(
        "concepts by origin {}",
        counts_line(&s.concepts_by_origin, 8)
    );
    if let Some(u) = &m.umls {
        println!(
            "UMLS release       {} ({} sources in MRSAB)",
            u.version,
            u.sources.len()
        );
        for f in &u.files {
            let declared = f
                .declared_rows
                .map(|d| format!(", MRFILES says {d}"))
                .unwrap_or_default();
            println!(
                "  {:<14} {:>10} rows {:>14} bytes{declared}",
                f.name, f.rows, f.bytes
            );
        }
    }
    for w in &m.warnings {
        println!("warning            {w}");
    }
    if m.bad_row_count > 0 {
        println!("bad rows skipped   {}", m.bad_row_count);
    }
}

fn tally_line(t: &kbner_kb::Tally) -> String {
    let mut s = t
        .top
        .iter()
        .map(|w| format!("{} {}", w.label, w.concepts))
        .collect::<Vec<_>>()
        .join("; ");
    if t.more > 0 {
        s.push_str(&format!("; … ({} more)", t.more));
    }
    s
}

fn print_task_types(r: &kbner_kb::TaskTypeReport) {
    println!(
        "knowledge base  {} ({} concepts, {} names)",
        r.kb, r.concepts, r.names
    );
    println!("table           {}", r.table);
    println!();
    let width = r
        .task_types
        .iter()
        .map(|t| t.task_type.chars().count())
        .chain([12])
        .max()
        .unwrap_or(12);
    println!("{:<width$} {:>10} {:>10}", "task type", "concepts", "names");
    for t in &r.task_types {
        println!("{:<width$} {:>10} {:>10}", t.task_type, t.concepts, t.names);
        if !t.from_types.top.is_empty() {
            println!("{:<width$}   types:   {}", "", tally_line(&t.from_types));
        }
        if !t.from_sources.top.is_empty() {
            println!("{:<width$}   sources: {}", "", tally_line(&t.from_sources));
        }
    }
    let u = &r.unmapped;
    println!(
        "{:<width$} {:>10} {:>10}",
        "no task type", u.concepts, u.names
    );
    if u.concepts > 0 {
        println!("{:<width$}   types:   {}", "", tally_line(&u.types));
        println!("{:<width$}   origins: {}", "", tally_line(&u.origins));
        println!("{:<width$}   e.g.     {}", "", u.examples.join("; "));
    }
}

fn print_concept(kb: &KnowledgeBase, c: &kbner_kb::Concept) -> Result<()> {
    println!("{}  {}", c.id, c.preferred_name);
    println!("  origins      {}", c.origins.join("; "));
    println!("  types        {}", types_line(&c.types));
    println!("  atoms ({}):", c.atoms.len());
    for a in &c.atoms {
        let scope = a.scope.map(|s| format!(" {s:?}")).unwrap_or_default();
        println!(
            "    {:<10} {:<4} {:<14} {} {}{}{scope}  {}",
            a.sab,
            a.tty,
            a.code,
            a.lang,
            a.suppress.as_str(),
            if a.ispref { " pref" } else { "" },
            a.name
        );
    }
    for d in &c.definitions {
        println!("  definition   [{}] {}", d.source, d.text);
    }
    for r in &c.relations {
        let name = kb
            .summary(&r.target)?
            .map(|s| s.preferred_name)
            .unwrap_or_else(|| "(not in store)".into());
        let rela = if r.rela.is_empty() {
            String::new()
        } else {
            format!("/{}", r.rela)
        };
        println!(
            "  {:<12} {} {}  [{}{} {}]",
            r.kind.as_str(),
            r.target,
            name,
            r.rel,
            rela,
            r.source
        );
    }
    if !c.xrefs.is_empty() {
        println!("  xrefs        {}", c.xrefs.join(", "));
    }
    Ok(())
}
