//! `kbner mine`: quality phrases of a corpus and each sentence's phrases (`kbner_mine`).

use anyhow::{Context, Result};
use clap::Args;
use kbner_corpus::{check_output_is_not_input, read_path, Corpus, Format};
use kbner_job::Progress;
use kbner_mine::{MinerOptions, NameOracle, PhraseMiner};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// Arguments of `kbner mine`.
#[derive(Args)]
pub struct MineArgs {
    /// Corpus files (any format kbner reads; brat: a directory), mined together.
    #[arg(required = true)]
    corpus: Vec<PathBuf>,
    /// Knowledge base whose names are the positive examples (distant supervision). Without one,
    /// prior feature weights score the candidates.
    #[arg(long, env = "KBNER_KB")]
    kb: Option<PathBuf>,
    /// Output: the phrase list and each sentence's phrases, JSON lines.
    #[arg(short, long)]
    output: PathBuf,
    /// Fewest occurrences of a candidate n-gram. Default: 2 up to a million words, one more per
    /// further million, at most 10.
    #[arg(long, value_parser = crate::args::count(1, 1_000_000))]
    min_support: Option<usize>,
    /// Most words in a phrase (a CJK character counts as a word: raise it for Chinese).
    #[arg(long, default_value_t = 6, value_parser = crate::args::count(1, 32))]
    max_len: usize,
    /// Quality a phrase of several words needs.
    #[arg(long, default_value_t = 0.5, value_parser = crate::args::real(0.0, 0.999, true))]
    min_quality: f64,
    /// Quality a single word needs to count as a phrase.
    #[arg(long, default_value_t = 0.5, value_parser = crate::args::real(0.0, 0.999, true))]
    min_single_quality: f64,
    /// Add the name-rate features (how often candidates with the same head word, modifier or
    /// word ending are knowledge-base names): quality then measures likeness to the knowledge
    /// base's kind of names (diseases for a disease vocabulary) rather than generic phrase-ness,
    /// and fewer phrases are kept.
    #[arg(long)]
    name_rates: bool,
    /// Corpus format (detected from the content if omitted).
    #[arg(long)]
    format: Option<Format>,
    /// Skip (and count) bad input records instead of failing.
    #[arg(long)]
    lenient: bool,
    /// No progress on stderr.
    #[arg(long)]
    quiet: bool,
}

/// Runs `kbner mine`.
pub fn run_mine(a: &MineArgs, cancel: &AtomicBool) -> Result<()> {
    check_output_is_not_input(&a.corpus, &a.output, Format::Jsonl)?;
    let miner = PhraseMiner::new(MinerOptions {
        min_support: a.min_support.map(|n| n as u32),
        max_len: a.max_len,
        min_quality: a.min_quality,
        min_single_quality: a.min_single_quality,
        name_rates: a.name_rates,
    })?;
    let kb = match &a.kb {
        Some(dir) => Some(
            kbner_kb::KnowledgeBase::open(dir)
                .with_context(|| format!("opening --kb {}", dir.display()))?,
        ),
        None => {
            eprintln!("kbner: no --kb: candidates are scored by prior feature weights");
            None
        }
    };
    let mut corpus = Corpus::default();
    for path in &a.corpus {
        let read = read_path(path, a.format, a.lenient)
            .with_context(|| format!("reading {}", path.display()))?;
        if read.detected {
            eprintln!("kbner: {}", read.format_note(&path.display().to_string()));
        }
        for s in &read.skipped {
            eprintln!("kbner: skipped: {s}");
        }
        corpus.documents.extend(read.corpus.documents);
    }
    let progress = if a.quiet {
        Progress::hidden()
    } else {
        Progress::stderr()
    };
    let oracle = kb.as_ref().map(|kb| kb as &dyn NameOracle);
    let mined = miner.mine_with(&corpus, oracle, &progress, cancel)?;
    mined.write(&a.output)?;
    let s = &mined.summary;
    for (what, model, names, candidates) in [
        ("multi-word", &s.model, s.kb_names.0, s.candidates),
        (
            "single-word",
            &s.single_model,
            s.kb_names.1,
            s.single_candidates,
        ),
    ] {
        let how = if model.trained {
            "trained on them"
        } else {
            "too few to train on: prior weights"
        };
        eprintln!(
            "kbner: {what} candidates: {names} knowledge-base names, {} others ({how})",
            candidates - names
        );
    }
    eprintln!(
        "kbner: mined {} phrases ({} multi-word, {} single words) from {} candidates in {} documents, {} sentences; {:.2} phrases per sentence -> {}",
        s.phrases.0 + s.phrases.1,
        s.phrases.0,
        s.phrases.1,
        s.candidates + s.single_candidates,
        s.documents,
        s.sentences,
        s.sentence_phrases as f64 / s.sentences.max(1) as f64,
        a.output.display()
    );
    Ok(())
}
