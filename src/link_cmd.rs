//! `kbner link`: attach ranked concept ids to every mention of annotated documents.

use crate::kb_cmd::{check_type_options, EncoderArg, KbDir, PreferIds};
use anyhow::{Context, Result};
use clap::Args;
use kbner_corpus::{
    check_output_is_not_input, read_linked_mentions, read_path, write_path, Format,
};
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
    /// Concept ids kept per mention, best first (1 to 1000).
    #[arg(short, default_value_t = 5, value_parser = crate::args::count(1, kbner_index::MAX_K))]
    k: usize,
    /// Semantic types every mention's concept must have, one of them: a group (DISO), a TUI
    /// (T047), a UMLS type name, or a free-text type of this knowledge base's concepts. A value
    /// that is none of these is an error.
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
    /// Per entity type constraints, e.g. `Disease=DISO,Chemical=CHEM` (overrides --types for
    /// those entity types); types as for --types.
    #[arg(long, value_delimiter = ',')]
    type_map: Vec<String>,
    #[command(flatten)]
    prefer_ids: PreferIds,
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
    /// Skip (and count) bad input records, and leave unlinked (counted, reported) mentions that
    /// cannot be searched, e.g. over 1000 characters.
    #[arg(long)]
    lenient: bool,
}

/// Runs `kbner link`.
pub fn run_link(a: &LinkArgs) -> Result<()> {
    // Before any work: the output must not be the input or a --memory corpus, however spelt.
    let inputs: Vec<&std::path::Path> = std::iter::once(a.input.as_path())
        .chain(a.memory.iter().map(PathBuf::as_path))
        .collect();
    check_output_is_not_input(&inputs, &a.output, a.to)?;
    let type_map = parse_type_map(&a.type_map)?;
    let prefer_ids = a.prefer_ids.namespaces()?;
    let mut index = kbner_index::ConceptIndex::open(&a.dir.kb, a.encoder.load(&a.dir.kb, false)?)?;
    // A type no concept can have would leave every mention unlinked without a word.
    check_type_options(
        index.kb(),
        "--types",
        a.types.iter().map(|t| (t.as_str(), t.as_str())),
    )?;
    check_type_options(
        index.kb(),
        "--type-map",
        a.type_map
            .iter()
            .filter_map(|m| m.split_once('=').map(|(_, t)| (m.as_str(), t))),
    )?;
    attach_memory(&mut index, &a.memory, a.lenient)?;
    let mut read = read_path(&a.input, a.from, a.lenient)
        .with_context(|| format!("reading {}", a.input.display()))?;
    if read.detected {
        eprintln!(
            "kbner: {}",
            read.format_note(&a.input.display().to_string())
        );
    }
    for s in &read.skipped {
        eprintln!("kbner: skipped: {s}");
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
        lenient: a.lenient,
        prefer_ids: prefer_ids.clone(),
    };
    let stats = kbner_link::link_corpus(&index, &mut read.corpus, &opts).with_context(|| {
        format!(
            "linking {} (--lenient leaves a mention that cannot be searched unlinked)",
            a.input.display()
        )
    })?;
    for s in &stats.skipped_mentions {
        eprintln!("kbner: left unlinked: {s}");
    }
    if stats.skipped > stats.skipped_mentions.len() as u64 {
        eprintln!(
            "kbner: … and {} more left unlinked",
            stats.skipped - stats.skipped_mentions.len() as u64
        );
    }
    if !prefer_ids.is_empty() && stats.linked > 0 {
        let preferred = read
            .corpus
            .documents
            .iter()
            .flat_map(|d| d.entities.iter().flat_map(|e| e.ids.first()))
            .any(|id| {
                prefer_ids
                    .iter()
                    .any(|ns| kbner_kb::id_in_namespace(id, ns))
            });
        if !preferred {
            eprintln!(
                "kbner: warning: --prefer-ids {}: no linked concept has an id in {}; concept ids were written",
                prefer_ids.join(","),
                if prefer_ids.len() == 1 { "that namespace" } else { "these namespaces" }
            );
        }
    }
    let report = write_path(&read.corpus, a.to, &a.output)
        .with_context(|| format!("writing {}", a.output.display()))?;
    for l in &report.lost {
        eprintln!("kbner: lost: {l}");
    }
    eprintln!(
        "kbner: linked {} of {} mentions in {} documents ({} through abbreviations, {} composite, {} left unlinked as unsearchable) -> {}",
        stats.linked,
        stats.mentions,
        stats.documents,
        stats.expanded,
        stats.composites,
        stats.skipped,
        a.output.display()
    );
    Ok(())
}

/// Attaches the linked mentions of the `--memory` corpora (none: nothing) to `index`, saying
/// what was read, skipped and kept.
pub fn attach_memory(
    index: &mut kbner_index::ConceptIndex,
    corpora: &[PathBuf],
    lenient: bool,
) -> Result<()> {
    if corpora.is_empty() {
        return Ok(());
    }
    let linked = read_linked_mentions(corpora, None, lenient).context("reading --memory")?;
    for note in &linked.format_notes {
        eprintln!("kbner: --memory: {note}");
    }
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
    Ok(())
}

/// `--type-map ENTITY_TYPE=TYPE,…` as entity type → types, in the order given. An entry without
/// `=`, or with an empty side, is an error naming it.
fn parse_type_map(entries: &[String]) -> Result<BTreeMap<String, Vec<String>>> {
    let mut type_map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in entries {
        let (k, v) = m
            .split_once('=')
            .with_context(|| format!("--type-map {m:?}: expected ENTITY_TYPE=TYPE"))?;
        let (k, v) = (k.trim(), v.trim());
        if k.is_empty() {
            anyhow::bail!(
                "--type-map {m:?}: no entity type before '=' (expected ENTITY_TYPE=TYPE)"
            );
        }
        type_map
            .entry(k.to_string())
            .or_default()
            .push(v.to_string());
    }
    Ok(type_map)
}
