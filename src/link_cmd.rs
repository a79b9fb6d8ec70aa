//! `kbner link`: attach ranked concept ids to every mention of annotated documents.

use crate::kb_cmd::{EncoderArg, KbDir};
use anyhow::{Context, Result};
use clap::Args;
use kbner_corpus::{read_linked_mentions, read_path, write_path, Format};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Arguments of `kbner link`.
#[derive(Args)]
pub struct LinkArgs {
    #[command(flatten)]
    dir: KbDir,
    #[command(flatten)]
    encoder: EncoderArg,
    /// Documents with mentions (any corpus format; brat: a directory).
    input: PathBuf,
    /// Where to write the linked documents.
    output: PathBuf,
    /// Input format (detected if omitted).
    #[arg(long)]
    from: Option<Format>,
    /// Output format (default: kbner JSONL).
    #[arg(long, default_value = "jsonl")]
    to: Format,
    /// Concept ids kept per mention, best first.
    #[arg(short, default_value_t = 5)]
    k: usize,
    /// Semantic types or groups every mention's concept must have (TUI, type name, group).
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
    /// Per entity type constraints, e.g. `Disease=DISO,Chemical=CHEM` (overrides --types).
    #[arg(long, value_delimiter = ',')]
    type_map: Vec<String>,
    /// Retriever: fused, exact, lexical or dense.
    #[arg(long, default_value = "fused")]
    retriever: kbner_index::Retriever,
    /// Do not search short forms through the long forms defined in their document.
    #[arg(long)]
    no_abbreviations: bool,
    /// Do not split composite mentions ("breast and ovarian cancer") into their conjuncts.
    #[arg(long)]
    no_composites: bool,
    /// Annotated documents (any corpus format, e.g. a training split) whose linked mentions are
    /// remembered: a mention seen there, or one close to it, gets the concepts it was linked to.
    /// Repeatable.
    #[arg(long, value_name = "CORPUS")]
    memory: Vec<PathBuf>,
    /// Skip (and count) bad input records.
    #[arg(long)]
    lenient: bool,
}

/// Runs `kbner link`.
pub fn run_link(a: &LinkArgs) -> Result<()> {
    let mut index = kbner_index::ConceptIndex::open(&a.dir.kb, a.encoder.load()?)?;
    if !a.memory.is_empty() {
        let linked =
            read_linked_mentions(&a.memory, None, a.lenient).context("reading --memory")?;
        for s in &linked.skipped {
            eprintln!("kbner: skipped (--memory): {s}");
        }
        let (memory, stats) =
            kbner_index::MentionMemory::build(index.kb(), index.encoder(), linked.pairs())?;
        eprintln!(
            "kbner: memory: {} linked mentions, {} distinct; {} left out (ids not in the knowledge base)",
            stats.kept, stats.distinct, stats.unresolved
        );
        index.set_memory(memory);
    }
    let mut read = read_path(&a.input, a.from, a.lenient)
        .with_context(|| format!("reading {}", a.input.display()))?;
    for s in &read.skipped {
        eprintln!("kbner: skipped: {s}");
    }
    let mut type_map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in &a.type_map {
        let (k, v) = m
            .split_once('=')
            .with_context(|| format!("--type-map {m:?}: expected ENTITY_TYPE=TYPE"))?;
        type_map
            .entry(k.trim().to_string())
            .or_default()
            .push(v.trim().to_string());
    }
    let opts = kbner_link::LinkOptions {
        search: kbner_index::SearchOptions {
            k: a.k,
            retriever: a.retriever,
            types: a.types.clone(),
            ..Default::default()
        },
        no_abbreviations: a.no_abbreviations,
        no_composites: a.no_composites,
        type_map,
    };
    let stats = kbner_link::link_corpus(&index, &mut read.corpus, &opts)?;
    let report = write_path(&read.corpus, a.to, &a.output)
        .with_context(|| format!("writing {}", a.output.display()))?;
    for l in &report.lost {
        eprintln!("kbner: lost: {l}");
    }
    eprintln!(
        "kbner: linked {} of {} mentions in {} documents ({} through abbreviations, {} composite) -> {}",
        stats.linked,
        stats.mentions,
        stats.documents,
        stats.expanded,
        stats.composites,
        a.output.display()
    );
    Ok(())
}
