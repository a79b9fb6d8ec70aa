//! `kbner annotate`: text or documents in, entities linked to knowledge-base concepts out.

use crate::kb_cmd::{EncoderArg, KbDir, PreferIds};
use anyhow::{bail, Context, Result};
use clap::Args;
use kbner_annotate::{
    annotate_stream, Annotator, Approximate, Input, KbTaggerOptions, Label, ModelTagger, Output,
    OutputFormat, StreamOptions,
};
use kbner_corpus::{check_output_is_not_input, Format};
use kbner_job::Progress;
use kbner_tagger::{Decoding, TagOptions, Tagger};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

/// Which taggers find the entities.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Which {
    /// The knowledge-base tagger (concept names found in the text; no training).
    Kb,
    /// The trained tagger given by --model, its mentions linked.
    Model,
    /// Both, merged: the trained tagger's mentions, and the knowledge base's where it found none.
    Both,
}

/// Arguments of `kbner annotate`.
#[derive(Args)]
pub struct AnnotateArgs {
    #[command(flatten)]
    dir: KbDir,
    #[command(flatten)]
    encoder: EncoderArg,
    /// Input files (text or any corpus format; brat: a directory); `-` or none reads standard
    /// input.
    inputs: Vec<PathBuf>,
    /// Input format (detected from each input's content if omitted; the choice is printed).
    #[arg(long)]
    from: Option<Format>,
    /// Output format: table, jsonl, pubtator, bioc-xml, bioc-json, brat (a directory), iob,
    /// nested or text. Default: table on a terminal, else jsonl.
    #[arg(long)]
    to: Option<OutputFormat>,
    /// Output file (default: standard output). Written whole at the end: an interrupted run
    /// leaves no half file.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Task-type table for the retrieval context of a model trained with it (default: the
    /// built-in kb/entity_types.tsv).
    #[arg(long, value_name = "FILE")]
    types_table: Option<PathBuf>,
    /// Taggers: kb (default without --model), model (default with --model) or both.
    #[arg(long, value_enum)]
    tagger: Option<Which>,
    /// Keep only concepts with one of these semantic types: a group (DISO), a TUI (T047), a
    /// UMLS type name or a free-text type of this knowledge base.
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
    /// Entity type written for concepts of given semantic types, `LABEL=TYPE[+TYPE…]`, e.g.
    /// `Disease=DISO,Chemical=CHEM` (repeatable; the first that fits wins; a concept fitting
    /// none is not tagged). Default: each concept's own type name. Also the trained tagger's
    /// type constraint when linking.
    #[arg(long, value_delimiter = ',', value_name = "LABEL=TYPE")]
    label: Vec<Label>,
    /// Approximate matching of spans no name matches exactly: off, lexical (character-trigram
    /// similarity) or dense (encoder cosine).
    #[arg(long, default_value = "off")]
    approximate: Approximate,
    /// Quality phrases mined from a corpus like the input (`kbner mine` output): each
    /// document's mined phrases are also searched approximately (lexical unless --approximate
    /// dense).
    #[arg(long, value_name = "PHRASES_JSONL")]
    phrases: Option<PathBuf>,
    /// Similarity an approximate match needs (0 to 1).
    #[arg(long, default_value_t = 0.85, value_parser = crate::args::real(0.0, 1.0, false))]
    threshold: f64,
    /// Longest span searched approximately, in words (1 to 20).
    #[arg(long, default_value_t = 6, value_parser = crate::args::count(1, 20))]
    max_words: usize,
    /// Concept ids kept per entity, best first (1 to 1000).
    #[arg(short, default_value_t = 3, value_parser = crate::args::count(1, kbner_index::MAX_K))]
    k: usize,
    #[command(flatten)]
    prefer_ids: PreferIds,
    /// Do not follow abbreviations defined in the document ("cystic fibrosis (CF)").
    #[arg(long)]
    no_abbreviations: bool,
    /// Keep overlapping and nested knowledge-base matches (default: the longest of each overlap).
    #[arg(long)]
    keep_overlaps: bool,
    /// Do not join coordinated names into composite mentions ("breast and ovarian cancer").
    #[arg(long)]
    no_composites: bool,
    /// Do not take inheritance and laterality modifiers ("hereditary", "unilateral", "autosomal
    /// recessive") before a name into the mention.
    #[arg(long)]
    no_modifiers: bool,
    /// Trained tagger: an adapter directory written by `kbner train`.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Base model of --model, if it moved since training.
    #[arg(long)]
    base: Option<PathBuf>,
    /// Entity types the trained tagger tags (default: those it was trained on).
    #[arg(long, value_delimiter = ',')]
    model_types: Vec<String>,
    /// How the trained tagger's word labels become entities: constrained or argmax.
    #[arg(long, default_value = "constrained")]
    decode: Decoding,
    /// Annotated documents whose linked mentions the linker remembers (the trained tagger's
    /// mentions; repeatable).
    #[arg(long, value_name = "CORPUS")]
    memory: Vec<PathBuf>,
    /// Skip (count and report) bad input records and documents instead of stopping.
    #[arg(long)]
    lenient: bool,
    /// Input read per chunk, in MiB (memory holds about one chunk; 1 to 1024).
    #[arg(long, default_value_t = 4, value_parser = crate::args::count(1, 1024))]
    chunk_mb: usize,
}

/// Runs `kbner annotate`.
pub fn run_annotate(a: &AnnotateArgs, cancel: &AtomicBool) -> Result<()> {
    let inputs: Vec<Input> = if a.inputs.is_empty() {
        vec![Input::Stdin]
    } else {
        a.inputs
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::Path(p.clone())
                }
            })
            .collect()
    };
    let to = a.to.unwrap_or_else(|| {
        if a.output.is_none() && std::io::stdout().is_terminal() {
            OutputFormat::Table
        } else {
            OutputFormat::Corpus(Format::Jsonl)
        }
    });
    if let Some(output) = &a.output {
        let paths: Vec<&std::path::Path> = a
            .inputs
            .iter()
            .chain(&a.memory)
            .map(PathBuf::as_path)
            .collect();
        let as_format = match to {
            OutputFormat::Corpus(f) => f,
            OutputFormat::Table => Format::Text,
        };
        check_output_is_not_input(&paths, output, as_format)?;
    }
    let which = a.tagger.unwrap_or(if a.model.is_some() {
        Which::Model
    } else {
        Which::Kb
    });
    if which != Which::Kb && a.model.is_none() {
        bail!("--tagger model and --tagger both need --model ADAPTER_DIR (a `kbner train` output)");
    }
    if which == Which::Kb && a.model.is_some() {
        bail!("--tagger kb does not use --model; use --tagger both to merge the two");
    }
    let prefer_ids = a.prefer_ids.namespaces()?;
    let loading = Instant::now();
    let mut index =
        kbner_index::ConceptIndex::open(&a.dir.kb, a.encoder.load(&a.dir.kb, false)?)
            .with_context(|| format!("opening the concept index of {}", a.dir.kb.display()))?;
    if which != Which::Kb {
        crate::link_cmd::attach_memory(&mut index, &a.memory, a.lenient)?;
    }
    let index = Arc::new(index);
    let model = match (&a.model, which) {
        (Some(dir), Which::Model | Which::Both) => {
            let device = kbner_tagger::default_device()?;
            let (tagger, manifest) = Tagger::load(dir, a.base.as_deref(), &device)?;
            let types = if a.model_types.is_empty() {
                let mut t: Vec<String> =
                    manifest.trained_on.iter().map(|t| t.kind.clone()).collect();
                t.sort();
                t.dedup();
                t
            } else {
                a.model_types.clone()
            };
            let link = kbner_link::LinkOptions {
                search: kbner_index::SearchOptions {
                    k: a.k,
                    types: a.types.clone(),
                    ..Default::default()
                },
                type_map: a
                    .label
                    .iter()
                    .map(|l| (l.label.clone(), l.types.clone()))
                    .collect(),
                lenient: a.lenient,
                prefer_ids: prefer_ids.clone(),
                no_abbreviations: a.no_abbreviations,
                ..Default::default()
            };
            // A tagger trained with retrieval context reads it from this knowledge base.
            let context = kbner_tagger::open_context(
                dir,
                &manifest,
                index.clone(),
                crate::dbr_cmd::type_table(a.types_table.as_deref())?,
            )?;
            Some(ModelTagger {
                context,
                tagger,
                manifest,
                tag: TagOptions {
                    types,
                    decoding: a.decode,
                    ..Default::default()
                },
                link,
            })
        }
        _ => None,
    };
    let phrases = match &a.phrases {
        Some(p) => Some(Arc::new(
            kbner_mine::MinedPhrases::read(p)
                .with_context(|| format!("reading --phrases {}", p.display()))?,
        )),
        None => None,
    };
    let approximate = match (a.approximate, &phrases) {
        (Approximate::Off, Some(_)) => Approximate::Lexical,
        (a, _) => a,
    };
    let kb = (which != Which::Model).then(|| KbTaggerOptions {
        types: a.types.clone(),
        labels: a.label.clone(),
        approximate,
        phrases,
        threshold: a.threshold as f32,
        max_words: a.max_words,
        k: a.k,
        prefer_ids: prefer_ids.clone(),
        abbreviations: !a.no_abbreviations,
        keep_overlaps: a.keep_overlaps,
        composites: !a.no_composites,
        modifiers: !a.no_modifiers,
    });
    let annotator = Annotator::new(index, kb, model)?;
    let loaded = loading.elapsed().as_secs_f64();
    let output = match &a.output {
        Some(p) => Output::Path(p.clone()),
        None => Output::Stdout,
    };
    let opts = StreamOptions {
        from: a.from,
        to,
        lenient: a.lenient,
        chunk_bytes: a.chunk_mb << 20,
    };
    let progress = Progress::stderr();
    let report = annotate_stream(&annotator, &inputs, &output, &opts, &progress, cancel)?;
    for n in &report.format_notes {
        eprintln!("kbner: {n}");
    }
    for s in &report.skipped_record_messages {
        eprintln!("kbner: skipped: {s}");
    }
    for s in &report.stats.skipped_documents {
        eprintln!("kbner: skipped: {s}");
    }
    let skipped = report.skipped_records + report.stats.skipped;
    let listed = report.skipped_record_messages.len() + report.stats.skipped_documents.len();
    if skipped > listed as u64 {
        eprintln!("kbner: … and {} more skipped", skipped - listed as u64);
    }
    for l in &report.lost {
        eprintln!("kbner: lost: {l}");
    }
    let s = &report.stats;
    eprintln!(
        "kbner: annotated {} documents: {} entities ({} from the knowledge base, {} from the model); {} records and {} documents skipped; loading {:.1} s, annotating {:.2} s ({:.0} documents/s){}",
        s.documents,
        s.entities,
        s.kb_entities,
        s.model_entities,
        report.skipped_records,
        s.skipped,
        loaded,
        report.seconds,
        s.documents as f64 / report.seconds.max(1e-9),
        a.output
            .as_ref()
            .map(|p| format!(" -> {}", p.display()))
            .unwrap_or_default()
    );
    Ok(())
}
