//! `kbner train` and `kbner tag`: the LLM (or BERT) tagger.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use kbner_corpus::format::{read_bytes, read_path, sniff, write_path, write_string, Format};
use kbner_corpus::{check_output_is_not_input, Corpus, ReadOptions};
use kbner_job::Progress;

use crate::args::{count, real};
use kbner_tagger::{
    tag_corpus, train, Adaptation, AttentionMode, BaseKind, DataSpec, Decoding, LoraSettings,
    TagOptions, Tagger, TaggerError, TaggerSpec, TrainEvent, TrainOptions,
};

/// Arguments of `kbner train`.
#[derive(Args)]
pub struct TrainArgs {
    /// Base model: a GGUF file or a Hugging Face directory (Llama-family or BERT).
    #[arg(long)]
    base: PathBuf,
    /// `NAME:TYPE=TRAIN[,DEV]`, repeatable: dataset name and entity type for the instruction,
    /// training and development files (any corpus format).
    #[arg(long, required = true)]
    data: Vec<String>,
    /// Output directory (best adapter at its top, resumable state in checkpoint/).
    #[arg(long)]
    out: PathBuf,
    /// Continue an interrupted run from OUT/checkpoint.
    #[arg(long)]
    resume: bool,
    /// Passes over the data (1 to 1,000,000; Ctrl-C stops early and saves a checkpoint).
    #[arg(long, default_value_t = 3, value_parser = count(1, 1_000_000))]
    epochs: usize,
    /// AdamW learning rate (the peak with `--lr-schedule linear`).
    #[arg(long, default_value_t = 2e-4, value_parser = real(0.0, 1.0, true))]
    lr: f64,
    /// Learning-rate schedule: `constant`, or `linear` (3% warm-up, then linear decay to zero at
    /// the end of the last epoch).
    #[arg(long, default_value = "constant")]
    lr_schedule: kbner_tagger::LrSchedule,
    /// AdamW decoupled weight decay.
    #[arg(long, default_value_t = 0.0, value_parser = real(0.0, 1.0, false))]
    weight_decay: f64,
    /// Windows per micro-batch.
    #[arg(long, default_value_t = 8, value_parser = count(1, 4096))]
    batch_size: usize,
    /// Micro-batches per optimizer step.
    #[arg(long, default_value_t = 1, value_parser = count(1, 4096))]
    grad_accum: usize,
    /// Seed for initialisation and data order.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Longest window in tokens (longer sentences are split into overlapping windows).
    #[arg(long, default_value_t = 128, value_parser = count(16, 32768))]
    max_len: usize,
    /// Keep the causal attention mask of a Llama base (the ablation; default: bidirectional).
    #[arg(long)]
    causal: bool,
    /// LoRA rank.
    #[arg(long, default_value_t = 16, value_parser = count(1, 1024))]
    lora_r: usize,
    /// LoRA alpha (the update is scaled by alpha / r).
    #[arg(long, default_value_t = 32.0, value_parser = real(0.0, 1e6, true))]
    lora_alpha: f64,
    /// LoRA dropout.
    #[arg(long, default_value_t = 0.1, value_parser = real(0.0, 0.9, false))]
    lora_dropout: f64,
    /// Modules that get LoRA (default: every Llama linear, or every BERT linear).
    #[arg(long, value_delimiter = ',')]
    lora_targets: Vec<String>,
    /// Train every weight (BERT backbones) instead of LoRA.
    #[arg(long, conflicts_with = "head_only")]
    full: bool,
    /// Train only the head.
    #[arg(long)]
    head_only: bool,
    /// Instruction template with {type} and {dataset}.
    #[arg(long, default_value = kbner_tagger::DEFAULT_TEMPLATE)]
    template: String,
    /// Stop each epoch after this many optimizer steps (quick runs).
    #[arg(long, value_parser = count(1, usize::MAX >> 1))]
    max_steps: Option<usize>,
    /// Score at most this many sentences of each dev set (quick runs).
    #[arg(long, value_parser = count(1, usize::MAX >> 1))]
    max_dev: Option<usize>,
    /// Windows per batch at evaluation.
    #[arg(long, default_value_t = 32, value_parser = count(1, 4096))]
    eval_batch_size: usize,
    /// Print a progress line every N steps.
    #[arg(long, default_value_t = 10, value_parser = count(1, 1_000_000))]
    log_every: usize,
    /// DBR sample files (`kbner dbr` output) mixed into training, repeatable.
    #[arg(long, value_name = "FILE")]
    dbr: Vec<PathBuf>,
    #[command(flatten)]
    knowledge: crate::dbr_cmd::KnowledgeArgs,
    /// What --kb adds to training, comma-separated: `dbr` (DBR samples built from each training
    /// set), `random-dbr` (the random ablation), `context` (retrieval context, at training and
    /// at inference), or `none`. The default is the best recipe measured (README, the ablation):
    /// `none`, since no recipe beat plain training there.
    #[arg(long, value_delimiter = ',', default_value = "none", requires = "kb")]
    kb_use: Vec<KbUse>,
    /// Phrase list (`kbner mine` output) for DBR and context (default: mined from the training
    /// files).
    #[arg(long, value_name = "PHRASES_JSONL", requires = "kb")]
    phrases: Option<PathBuf>,
    /// Most names of the type per DBR sample.
    #[arg(long, default_value_t = 10, value_parser = count(1, 1000))]
    dbr_positives: usize,
    /// Most names of other types per DBR sample.
    #[arg(long, default_value_t = 5, value_parser = count(0, 1000))]
    dbr_negatives: usize,
    /// Concepts retrieved per phrase for DBR.
    #[arg(long, default_value_t = 5, value_parser = count(1, 100))]
    dbr_k: usize,
    /// Retriever of DBR names: exact, lexical, dense or fused.
    #[arg(long, default_value = "fused")]
    dbr_retriever: kbner_index::Retriever,
    /// Leave out DBR names whose concepts disagree about the type.
    #[arg(long)]
    dbr_drop_ambiguous: bool,
    /// Token budget of the retrieval context (the sentence is never cut: the context gives way).
    #[arg(long, default_value_t = 48, value_parser = count(1, 4096))]
    context_budget: usize,
    /// Concepts retrieved per phrase for the context.
    #[arg(long, default_value_t = 3, value_parser = count(1, 100))]
    context_k: usize,
    /// Most names in a sentence's context (before the token budget).
    #[arg(long, default_value_t = 10, value_parser = count(1, 1000))]
    context_names: usize,
    /// Retriever of the context: exact, lexical, dense or fused.
    #[arg(long, default_value = "fused")]
    context_retriever: kbner_index::Retriever,
}

/// What `train --kb` adds.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum KbUse {
    /// DBR samples retrieved for each training sentence.
    Dbr,
    /// DBR samples of random knowledge-base names (the ablation).
    RandomDbr,
    /// Retrieval context.
    Context,
    /// Nothing.
    None,
}

/// Runs `kbner train`.
pub fn run_train(a: &TrainArgs, cancel: &std::sync::atomic::AtomicBool) -> Result<()> {
    let data: Vec<DataSpec> = a.data.iter().map(|s| s.parse()).collect::<Result<_, _>>()?;
    let is_bert = kbner_tagger::model_kind(&a.base)? == BaseKind::Bert;
    let adaptation = if a.head_only {
        Adaptation::HeadOnly
    } else if a.full {
        Adaptation::Full
    } else {
        let targets = if !a.lora_targets.is_empty() {
            a.lora_targets.clone()
        } else if is_bert {
            kbner_tagger::BERT_LINEARS
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            LoraSettings::default().targets
        };
        Adaptation::Lora(LoraSettings {
            r: a.lora_r,
            alpha: a.lora_alpha,
            dropout: a.lora_dropout as f32,
            targets,
        })
    };
    let opts = TrainOptions {
        base: a.base.clone(),
        spec: TaggerSpec {
            mode: if a.causal {
                AttentionMode::Causal
            } else {
                AttentionMode::Bidirectional
            },
            adaptation,
            template: a.template.clone(),
            max_len: a.max_len,
            context: (a.knowledge.kb.is_some() && a.kb_use.contains(&KbUse::Context)).then_some(
                kbner_dbr::ContextOptions {
                    k: a.context_k,
                    max_names: a.context_names,
                    budget: a.context_budget,
                    retriever: a.context_retriever,
                },
            ),
        },
        schedule: a.lr_schedule,
        optim: kbner_tagger::AdamWSettings {
            lr: a.lr,
            weight_decay: a.weight_decay,
            ..Default::default()
        },
        batch_size: a.batch_size,
        grad_accum: a.grad_accum,
        epochs: a.epochs,
        seed: a.seed,
        eval_batch_size: a.eval_batch_size,
        max_steps_per_epoch: a.max_steps,
        max_dev_examples: a.max_dev,
        out: a.out.clone(),
        resume: a.resume,
    };
    let device = kbner_tagger::default_device()?;
    let started = Instant::now();
    let progress = Progress::stderr();
    let log_every = a.log_every.max(1);
    let mut on = |e: &TrainEvent| {
        match e {
        TrainEvent::Start {
            examples,
            samples,
            steps,
            trainable,
        } => progress.message(&format!(
            "train: {examples} sentences, {samples} windows, {steps} steps/epoch, {trainable} trainable parameters"
        )),
        TrainEvent::Step(s) => progress.training_step("train", s, log_every),
        TrainEvent::Eval { epoch, name, prf } => progress.message(&format!(
            "dev: epoch {epoch} {name} P {:.2} R {:.2} F1 {:.2}",
            prf.0 * 100.0,
            prf.1 * 100.0,
            prf.2 * 100.0
        )),
        TrainEvent::Saved { path } => progress.message(&format!("saved: {}", path.display())),
        TrainEvent::Context { done, total } => {
            if *done == *total || progress.is_terminal() {
                progress.message(&format!("train: retrieval context {done}/{total} sentences"))
            }
        }
    }
    };
    let mut extra: Vec<Box<dyn kbner_tagger::ExampleSource>> = Vec::new();
    for f in &a.dbr {
        let source = kbner_tagger::DbrSource::open(f)?;
        progress.message(&format!(
            "train: {} DBR samples from {}",
            source.len(),
            f.display()
        ));
        extra.push(Box::new(source));
    }
    let mut context = None;
    let uses = |u: KbUse| a.kb_use.contains(&u);
    if uses(KbUse::Dbr) && uses(KbUse::RandomDbr) {
        anyhow::bail!("--kb-use: dbr and random-dbr are two variants of one thing; choose one");
    }
    if uses(KbUse::None) && a.kb_use.len() > 1 {
        anyhow::bail!("--kb-use none cannot be combined with other uses");
    }
    // Each file read once, before anything is built from it: a wrong type or file fails first.
    let data = kbner_tagger::CorpusSource::open_all(&data)?;
    if a.knowledge.kb.is_some() && uses(KbUse::None) {
        progress.message(
            "train: the knowledge base is not used (--kb-use none, the default: in kbner's ablation \
             neither DBR samples nor retrieval context beat plain training); say --kb-use dbr, \
             random-dbr or context to use it",
        );
    } else if let Some(index) = a.knowledge.open_index()? {
        let phrases = match &a.phrases {
            Some(p) => Some(
                kbner_mine::MinedPhrases::read(p)
                    .with_context(|| format!("reading --phrases {}", p.display()))?,
            ),
            None => None,
        };
        let recipe = kbner_tagger::KbRecipe {
            dbr: uses(KbUse::Dbr) || uses(KbUse::RandomDbr),
            random_dbr: uses(KbUse::RandomDbr),
            sizes: kbner_dbr::SampleSizes {
                max_positives: a.dbr_positives,
                max_negatives: a.dbr_negatives,
            },
            dbr_k: a.dbr_k,
            dbr_retriever: a.dbr_retriever,
            unambiguous: a.dbr_drop_ambiguous,
            context: opts.spec.context.clone(),
            seed: a.seed,
        };
        let prepared = kbner_tagger::prepare_kb_training(
            index,
            a.knowledge.types()?,
            &data,
            phrases,
            &recipe,
            &progress,
            cancel,
        )?;
        extra.extend(prepared.extra);
        context = prepared.context;
    }
    let report = match train(
        &opts,
        &data,
        &extra,
        context.as_ref(),
        &device,
        cancel,
        &mut on,
    ) {
        Err(TaggerError::Interrupted) => {
            progress.message("train: interrupted; resume with the same command plus --resume");
            return Err(TaggerError::Interrupted.into());
        }
        r => r?,
    };
    let summary = serde_json::json!({
        "out": report.out,
        "best_mean_dev_f1": report.best,
        "epochs": report.history,
        "seconds": started.elapsed().as_secs_f64(),
    });
    println!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(())
}

/// Arguments of `kbner tag`.
#[derive(Args)]
pub struct TagArgs {
    /// Adapter directory written by `kbner train`.
    #[arg(long)]
    model: PathBuf,
    /// Entity types to tag, one pass each (entities of different types may overlap).
    #[arg(long, value_delimiter = ',', required = true)]
    types: Vec<String>,
    /// Dataset name for the instruction (default: one the model was trained on for the type).
    #[arg(long)]
    dataset: Option<String>,
    /// Base model, if it moved since training (its fingerprint must match).
    #[arg(long)]
    base: Option<PathBuf>,
    /// Input files (any corpus format, or plain text); `-` or none reads standard input.
    inputs: Vec<PathBuf>,
    /// Input format: a corpus format, or `text` (one document per file). Detected from the
    /// content if omitted, for files and standard input alike (plain text when no corpus format
    /// matches); the format chosen is printed.
    #[arg(long)]
    from: Option<String>,
    /// Output format.
    #[arg(long, default_value = "jsonl")]
    to: Format,
    /// Output file (default: standard output; brat needs a directory).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Windows per batch.
    #[arg(long, default_value_t = 32, value_parser = count(1, 4096))]
    batch_size: usize,
    #[command(flatten)]
    knowledge: crate::dbr_cmd::KnowledgeArgs,
    /// How word labels become entities: `constrained` (the most probable valid IOB sequence) or
    /// `argmax` (each word's most probable label; an I after O starts an entity).
    #[arg(long, default_value = "constrained")]
    decode: Decoding,
}

/// Runs `kbner tag`.
pub fn run_tag(a: &TagArgs, cancel: &std::sync::atomic::AtomicBool) -> Result<()> {
    let inputs: Vec<PathBuf> = if a.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        a.inputs.clone()
    };
    // Before any work: the output must not be an input, however spelt or linked.
    if let Some(output) = &a.output {
        check_output_is_not_input(&inputs, output, a.to)?;
    }
    // Inputs first, so that a bad one fails before the model is loaded.
    let mut corpus = Corpus::default();
    for input in &inputs {
        let read = read_input(input, a.from.as_deref())?;
        corpus.documents.extend(read.documents);
    }
    let device = kbner_tagger::default_device()?;
    let (tagger, manifest) = Tagger::load(&a.model, a.base.as_deref(), &device)?;
    if corpus.documents.is_empty() {
        eprintln!("tag: no documents in the input");
    }
    let opts = TagOptions {
        types: a.types.clone(),
        dataset: a.dataset.clone(),
        batch_size: a.batch_size,
        decoding: a.decode,
    };
    // The index (graph and encoder) is opened only for a model that reads retrieval context.
    let context = match (&manifest.spec.context, &a.knowledge.kb) {
        (Some(_), Some(_)) => match a.knowledge.open_index()? {
            Some(index) => {
                kbner_tagger::open_context(&a.model, &manifest, index, a.knowledge.types()?)?
            }
            None => None,
        },
        (None, Some(_)) => {
            eprintln!(
                "tag: warning: the model was trained without retrieval context: --kb is not used"
            );
            None
        }
        _ => None,
    };
    match tag_corpus(
        &tagger,
        &manifest,
        &mut corpus,
        &opts,
        context.as_ref().map(|c| c as &dyn kbner_dbr::ContextSource),
        &Progress::stderr(),
        cancel,
    ) {
        Err(TaggerError::Interrupted) => {
            return Err(anyhow::anyhow!("interrupted; nothing was written"))
        }
        r => r?,
    };
    match &a.output {
        Some(path) => {
            let report = write_path(&corpus, a.to, path)
                .with_context(|| format!("writing {}", path.display()))?;
            for l in &report.lost {
                eprintln!("tag: lost: {l}");
            }
        }
        None => {
            let (text, report) = write_string(&corpus, a.to)?;
            for l in &report.lost {
                eprintln!("tag: lost: {l}");
            }
            std::io::stdout().lock().write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// Reads one input (`-`: standard input) in `from`, or in the format detected from its content
/// (plain text only when no corpus format matches), and says on stderr which format was detected.
fn read_input(path: &Path, from: Option<&str>) -> Result<Corpus> {
    let format = from
        .map(|f| {
            f.parse::<Format>()
                .map_err(|e| anyhow::anyhow!("--from: {e}"))
        })
        .transpose()?;
    let (read, name) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        let (format, detected) = match format {
            Some(f) => (f, false),
            None => (sniff(&bytes), true),
        };
        if format == Format::Brat {
            anyhow::bail!(
                "brat is a directory of .txt/.ann pairs: it cannot be read from standard input"
            );
        }
        // Errors name "stdin"; plain text gets the document id "stdin".
        let mut read = read_bytes(&bytes, format, &ReadOptions::for_file("stdin"))?;
        read.detected = detected;
        (read, "standard input".to_string())
    } else {
        let read = read_path(path, format, false)
            .with_context(|| format!("reading {}", path.display()))?;
        (read, path.display().to_string())
    };
    if read.detected {
        eprintln!("kbner: {}", read.format_note(&name));
    }
    Ok(read.corpus)
}
