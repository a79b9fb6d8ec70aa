//! `kbner dbr`: DBR training samples from a training corpus and a knowledge base
//! (`kbner_dbr`), and the knowledge-base arguments `train` and `tag` share.

use anyhow::{Context, Result};
use clap::Args;
use kbner_corpus::{check_output_is_not_input, read_path, Corpus, Format};
use kbner_dbr::{
    build_dbr, task_type_for, write_dbr, DbrHeader, DbrOptions, KbNames, LookupOptions, SampleSizes,
};
use kbner_index::{ConceptIndex, Retriever};
use kbner_job::Progress;
use kbner_kb::EntityTypeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The knowledge base a tagger command retrieves from.
#[derive(Args, Clone)]
pub struct KnowledgeArgs {
    /// Knowledge base with its concept index (`kbner kb ingest` + `kbner kb index`): DBR samples
    /// and retrieval context come from it.
    #[arg(long, value_name = "KB")]
    pub kb: Option<PathBuf>,
    /// Encoder of the index (default: the one the index was built with).
    #[arg(long, value_name = "DIR")]
    pub encoder: Option<PathBuf>,
    /// Task-type table (TASK_TYPE<TAB>FIELD<TAB>VALUE; default: the built-in kb/entity_types.tsv).
    #[arg(long, value_name = "FILE", requires = "kb")]
    pub types_table: Option<PathBuf>,
}

impl KnowledgeArgs {
    /// The concept index of `--kb` (`None` without one).
    pub fn open_index(&self) -> Result<Option<Arc<ConceptIndex>>> {
        let Some(kb) = &self.kb else { return Ok(None) };
        Ok(Some(open_index(kb, self.encoder.as_deref())?))
    }

    /// The task-type table.
    pub fn types(&self) -> Result<EntityTypeMap> {
        type_table(self.types_table.as_deref())
    }
}

/// The concept index of the knowledge base in `kb`, searched with `encoder` or the one it was
/// built with.
pub fn open_index(kb: &Path, encoder: Option<&Path>) -> Result<Arc<ConceptIndex>> {
    let arg = crate::kb_cmd::EncoderArg {
        encoder: encoder.map(Path::to_path_buf),
        batch_size: 64,
    };
    let index = ConceptIndex::open(kb, arg.load(kb, false)?)
        .with_context(|| format!("opening the concept index of {}", kb.display()))?;
    Ok(Arc::new(index))
}

/// The task-type table of `path`, else the built-in one.
pub fn type_table(path: Option<&Path>) -> Result<EntityTypeMap> {
    Ok(match path {
        Some(p) => EntityTypeMap::read(p)?,
        None => EntityTypeMap::builtin().clone(),
    })
}

/// Arguments of `kbner dbr`.
#[derive(Args)]
pub struct DbrArgs {
    /// Training corpus files (any format kbner reads), whose sentences' phrases query the index.
    #[arg(required = true)]
    corpus: Vec<PathBuf>,
    /// Knowledge base with its concept index.
    #[arg(long, env = "KBNER_KB")]
    kb: PathBuf,
    /// Encoder of the index (default: the one the index was built with).
    #[arg(long, value_name = "DIR")]
    encoder: Option<PathBuf>,
    /// The entity type, `TYPE[=TASK_TYPE]`: TYPE as the training data and instruction name it,
    /// TASK_TYPE the type-table task type that counts as positive (default: TYPE's task type,
    /// `GENE` → `Gene/Protein`).
    #[arg(long = "type", value_name = "TYPE[=TASK_TYPE]")]
    kind: String,
    /// Output: DBR samples, JSON lines (`kbner train --dbr FILE`).
    #[arg(short, long)]
    output: PathBuf,
    /// Phrase list (`kbner mine` output) that segments the sentences (default: mine the corpus).
    #[arg(long, value_name = "PHRASES_JSONL")]
    phrases: Option<PathBuf>,
    /// Task-type table (default: the built-in kb/entity_types.tsv).
    #[arg(long, value_name = "FILE")]
    types_table: Option<PathBuf>,
    /// Most names of the type per sample.
    #[arg(long, default_value_t = 10, value_parser = crate::args::count(1, 1000))]
    max_positives: usize,
    /// Most names of other types per sample.
    #[arg(long, default_value_t = 5, value_parser = crate::args::count(0, 1000))]
    max_negatives: usize,
    /// Concepts retrieved per phrase.
    #[arg(short, default_value_t = 5, value_parser = crate::args::count(1, kbner_index::MAX_K))]
    k: usize,
    /// Retriever: exact, lexical, dense or fused.
    #[arg(long, default_value = "fused")]
    retriever: Retriever,
    /// The random-DBR ablation: each sample keeps its numbers of names, drawn at random from the
    /// knowledge base instead of retrieved.
    #[arg(long)]
    random: bool,
    /// Leave out names whose concepts disagree about the type (`APC`: a disease and a gene).
    #[arg(long)]
    drop_ambiguous: bool,
    /// Seed of the draws.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Corpus format (detected from the content if omitted).
    #[arg(long)]
    format: Option<Format>,
    /// No progress on stderr.
    #[arg(long)]
    quiet: bool,
}

/// Runs `kbner dbr`.
pub fn run_dbr(a: &DbrArgs, cancel: &AtomicBool) -> Result<()> {
    check_output_is_not_input(&a.corpus, &a.output, Format::Jsonl)?;
    let types = type_table(a.types_table.as_deref())?;
    let (kind, task_type) = match a.kind.split_once('=') {
        Some((k, t)) => (k.trim().to_string(), t.trim().to_string()),
        None => (a.kind.trim().to_string(), String::new()),
    };
    if kind.is_empty() {
        anyhow::bail!("--type {:?}: the entity type is empty", a.kind);
    }
    let task_type = if task_type.is_empty() {
        task_type_for(&types, &kind)
    } else {
        types.canonical(&task_type).map(str::to_string)
    }
    .ok_or_else(|| {
        anyhow::anyhow!(
            "--type {:?}: no such task type in {} (it has: {}); write TYPE=TASK_TYPE or add it to a --types-table",
            a.kind,
            types.origin(),
            types.task_type_names().join(", ")
        )
    })?;
    let mut corpus = Corpus::default();
    for path in &a.corpus {
        let read = read_path(path, a.format, false)
            .with_context(|| format!("reading {}", path.display()))?;
        if read.detected {
            eprintln!("kbner: {}", read.format_note(&path.display().to_string()));
        }
        corpus.documents.extend(read.corpus.documents);
    }
    let progress = if a.quiet {
        Progress::hidden()
    } else {
        Progress::stderr()
    };
    let index = open_index(&a.kb, a.encoder.as_deref())?;
    let phrases = match &a.phrases {
        Some(p) => kbner_mine::MinedPhrases::read(p)?,
        None => kbner_dbr::mine_phrases(&corpus, &index, &progress, cancel)?,
    };
    let names = KbNames::new(
        index,
        types,
        LookupOptions {
            k: a.k,
            retriever: a.retriever,
            ..Default::default()
        },
    );
    let opts = DbrOptions {
        kind,
        task_type,
        sizes: SampleSizes {
            max_positives: a.max_positives,
            max_negatives: a.max_negatives,
        },
        seed: a.seed,
        random: a.random,
        unambiguous: a.drop_ambiguous,
    };
    let (samples, report) = build_dbr(&names, &phrases, &corpus, &opts, &progress, cancel)?;
    let mut inputs = vec![format!("kb {}", a.kb.display())];
    inputs.extend(a.corpus.iter().map(|p| format!("corpus {}", p.display())));
    write_dbr(
        &a.output,
        &DbrHeader::new(opts.clone(), report.clone(), inputs),
        &samples,
    )?;
    eprintln!(
        "kbner: {} DBR samples of {} ({} positive and {} negative names) from {} sentences, {} phrases ({} sentences retrieved nothing); {:.0}% of retrieved names are {}; {:.1} sentences/s -> {}",
        report.samples,
        opts.kind,
        report.positives,
        report.negatives,
        report.sentences,
        report.phrases,
        report.without_names,
        report.positive_share * 100.0,
        opts.task_type,
        report.sentences as f64 / report.seconds.max(1e-9),
        a.output.display()
    );
    Ok(())
}
