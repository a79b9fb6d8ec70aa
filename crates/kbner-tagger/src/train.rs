//! `kbner train`: several datasets and types mixed and shuffled, AdamW at a constant learning
//! rate, gradient accumulation, strict-F1 evaluation on each dev set after every epoch, the best
//! adapter kept, and a resumable checkpoint written at each epoch end and on interruption.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use candle_core::backprop::GradStore;
use candle_core::Device;
use kbner_corpus::{Corpus, EvalOptions};
use kbner_dbr::RetrievalContext;
use kbner_job::TrainingStep;
use kbner_nn::{AdamW, AdamWSettings, LrSchedule, Rng};
use serde::{Deserialize, Serialize};

use crate::corpus::{add_predictions, examples, read_corpus, CorpusSource};
use crate::decode::Decoding;
use crate::error::{Result, TaggerError};
use crate::knowledge::{fill_context, save_context_phrases};
use crate::sample::{Example, ExampleSource, Sample};
use crate::tagger::{Tagger, TaggerSpec, TrainedOn};

/// `NAME:TYPE=TRAIN[,DEV]`: a dataset name and entity type for the instruction, and its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSpec {
    /// Dataset name.
    pub dataset: String,
    /// Entity type.
    pub kind: String,
    /// Training file (any corpus format).
    pub train: PathBuf,
    /// Development file.
    pub dev: Option<PathBuf>,
}

impl FromStr for DataSpec {
    type Err = TaggerError;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || TaggerError::Invalid(format!("--data {s:?}: expected NAME:TYPE=TRAIN[,DEV]"));
        let (head, files) = s.split_once('=').ok_or_else(bad)?;
        let (dataset, kind) = head.split_once(':').ok_or_else(bad)?;
        let mut files = files.splitn(2, ',');
        let train = files.next().filter(|f| !f.is_empty()).ok_or_else(bad)?;
        let dev = files.next().filter(|f| !f.is_empty()).map(PathBuf::from);
        if dataset.trim().is_empty() || kind.trim().is_empty() {
            return Err(bad());
        }
        Ok(DataSpec {
            dataset: dataset.into(),
            kind: kind.into(),
            train: train.into(),
            dev,
        })
    }
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Base model (GGUF file or Hugging Face directory).
    pub base: PathBuf,
    /// How the tagger is built.
    pub spec: TaggerSpec,
    /// Optimizer settings.
    pub optim: AdamWSettings,
    /// Learning-rate schedule over all epochs.
    pub schedule: LrSchedule,
    /// Windows per micro-batch.
    pub batch_size: usize,
    /// Micro-batches per optimizer step.
    pub grad_accum: usize,
    /// Passes over the data.
    pub epochs: usize,
    /// Seed for initialisation and data order.
    pub seed: u64,
    /// Windows per inference batch at evaluation.
    pub eval_batch_size: usize,
    /// Stop each epoch after this many optimizer steps (quick runs, benchmarks).
    pub max_steps_per_epoch: Option<usize>,
    /// Use at most this many dev sentences per dev set (quick runs).
    pub max_dev_examples: Option<usize>,
    /// Output directory: best adapter at its top, resumable state in `checkpoint/`.
    pub out: PathBuf,
    /// Continue from `out/checkpoint`.
    pub resume: bool,
}

/// What training reports as it goes.
#[derive(Debug, Clone)]
pub enum TrainEvent {
    /// Data loaded and model built.
    Start {
        /// Examples per epoch.
        examples: usize,
        /// Windows per epoch.
        samples: usize,
        /// Optimizer steps per epoch.
        steps: usize,
        /// Trainable parameters.
        trainable: usize,
    },
    /// An optimizer step finished (tokens per second over the epoch so far).
    Step(TrainingStep),
    /// A dev set was scored.
    Eval {
        /// 1-based epoch.
        epoch: usize,
        /// Dataset and type.
        name: String,
        /// Strict precision, recall, F1.
        prf: (f64, f64, f64),
    },
    /// Retrieval context was filled for this many sentences (of `total`).
    Context {
        /// Sentences done.
        done: usize,
        /// Sentences to do.
        total: usize,
    },
    /// A checkpoint or the best adapter was written.
    Saved {
        /// Where.
        path: PathBuf,
    },
}

/// Per-epoch record, kept in the manifest's metrics.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EpochRecord {
    /// 1-based epoch.
    pub epoch: usize,
    /// Mean training loss.
    pub loss: f64,
    /// Training tokens per second.
    pub tokens_per_s: f64,
    /// Wall seconds of the epoch's training steps.
    pub seconds: f64,
    /// Strict F1 per dev set (`dataset:type`).
    pub dev_f1: Vec<(String, f64)>,
    /// Mean dev F1 (the model-selection criterion).
    pub mean_dev_f1: Option<f64>,
}

/// Resumable state, written to `checkpoint/trainer_state.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TrainerState {
    /// Epochs fully done.
    epochs_done: usize,
    /// Optimizer steps taken within the current (unfinished) epoch.
    steps_in_epoch: usize,
    /// Optimizer steps in all.
    optimizer_steps: u64,
    best: Option<f64>,
    history: Vec<EpochRecord>,
    seed: u64,
}

/// The outcome of a run.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Per-epoch records.
    pub history: Vec<EpochRecord>,
    /// Best mean dev F1 (none without dev sets).
    pub best: Option<f64>,
    /// Where the best (or last, without dev sets) adapter is.
    pub out: PathBuf,
}

struct DevSet {
    name: String,
    kind: String,
    gold: Corpus,
    examples: Vec<Example>,
    places: Vec<crate::corpus::Placement>,
}

/// Trains a tagger on the training sets `data` ([`CorpusSource::open_all`]) plus any `extra`
/// sources (e.g. DBR samples), reporting through `on`.
/// With `context`, every corpus and dev sentence reads its retrieval context (DBR samples do
/// not), `opts.spec.context` must say how, and the context's phrase list is saved with the
/// adapter.
pub fn train(
    opts: &TrainOptions,
    data: &[CorpusSource],
    extra: &[Box<dyn ExampleSource>],
    context: Option<&RetrievalContext>,
    device: &Device,
    cancel: &AtomicBool,
    on: &mut dyn FnMut(&TrainEvent),
) -> Result<TrainReport> {
    if data.is_empty() && extra.is_empty() {
        return Err(TaggerError::Invalid(
            "no training data (give --data NAME:TYPE=TRAIN[,DEV])".into(),
        ));
    }
    if opts.batch_size == 0 || opts.grad_accum == 0 {
        return Err(TaggerError::Invalid(
            "batch size and gradient accumulation must be ≥ 1".into(),
        ));
    }
    if context.is_some() != opts.spec.context.is_some() {
        return Err(TaggerError::Invalid(
            "retrieval context needs both a context source and its settings in the tagger spec"
                .into(),
        ));
    }
    let mut sources: Vec<Box<dyn ExampleSource>> = Vec::new();
    let mut devs = Vec::new();
    for set in data {
        sources.push(Box::new(set.clone()));
        let d = &set.spec;
        if let Some(dev) = &d.dev {
            devs.push(dev_set(d, dev, opts.max_dev_examples)?);
        }
    }
    // Context is retrieved once per distinct sentence, before the first step.
    let mut context_cache = HashMap::new();
    if let Some(c) = context {
        for dev in &mut devs {
            fill_context(c, &mut dev.examples, &mut context_cache, &mut |_, _| {})?;
        }
    }
    let checkpoint = opts.out.join("checkpoint");
    let (tagger, mut state) = if opts.resume {
        let (tagger, _) = Tagger::load(&checkpoint, Some(&opts.base), device)?;
        let path = checkpoint.join("trainer_state.json");
        let raw = std::fs::read_to_string(&path).map_err(|e| TaggerError::io(&path, e))?;
        let state: TrainerState =
            serde_json::from_str(&raw).map_err(|e| TaggerError::format(&path, e.to_string()))?;
        (tagger, state)
    } else {
        let tagger = Tagger::new(&opts.base, &opts.spec, device, opts.seed)?;
        let state = TrainerState {
            epochs_done: 0,
            steps_in_epoch: 0,
            optimizer_steps: 0,
            best: None,
            history: Vec::new(),
            seed: opts.seed,
        };
        (tagger, state)
    };
    let mut optim = AdamW::new(tagger.params(), opts.optim.clone())?;
    if opts.resume {
        optim.load(
            &checkpoint.join("optimizer.safetensors"),
            state.optimizer_steps,
        )?;
    }
    let trained_on: Vec<TrainedOn> = data
        .iter()
        .map(|CorpusSource { spec: d, .. }| TrainedOn {
            dataset: d.dataset.clone(),
            kind: d.kind.clone(),
            train: d.train.clone(),
            dev: d.dev.clone(),
        })
        .collect();

    for epoch in state.epochs_done..opts.epochs {
        // Examples and their order depend only on (seed, epoch), so a resumed run sees the same
        // batches as an uninterrupted one.
        let mut all: Vec<Example> = Vec::new();
        for s in sources.iter().chain(extra) {
            all.extend(s.examples(epoch)?);
        }
        if let Some(c) = context {
            fill_context(c, &mut all, &mut context_cache, &mut |done, total| {
                on(&TrainEvent::Context { done, total })
            })?;
        }
        let mut samples: Vec<Sample> = Vec::new();
        for (i, e) in all.iter().enumerate() {
            samples.extend(tagger.builder().build(e, i)?);
        }
        let mut rng = Rng::new(state.seed.wrapping_add(epoch as u64 * 0x9E37));
        // Dropout masks too depend only on (seed, epoch, where the epoch starts).
        kbner_nn::seed_dropout(
            state.seed.wrapping_add(epoch as u64 * 0x9E37) ^ ((state.steps_in_epoch as u64) << 32),
        );
        let per_step = opts.batch_size * opts.grad_accum;
        let samples = length_grouped(samples, opts.batch_size, &mut rng);
        let mut steps = samples.len().div_ceil(per_step);
        if let Some(m) = opts.max_steps_per_epoch {
            steps = steps.min(m);
        }
        on(&TrainEvent::Start {
            examples: all.len(),
            samples: samples.len(),
            steps,
            trainable: tagger.params().num_elements(),
        });
        let started = Instant::now();
        let mut tokens = 0usize;
        let mut loss_sum = 0.0f64;
        let mut loss_n = 0usize;
        let first_step = if epoch == state.epochs_done {
            state.steps_in_epoch
        } else {
            0
        };
        for step in first_step..steps {
            if cancel.load(Ordering::Relaxed) {
                state.steps_in_epoch = step;
                state.optimizer_steps = optim.steps();
                save_checkpoint(&tagger, &optim, &state, &checkpoint, &trained_on)?;
                on(&TrainEvent::Saved {
                    path: checkpoint.clone(),
                });
                return Err(TaggerError::Interrupted);
            }
            let chunk = &samples[step * per_step..((step + 1) * per_step).min(samples.len())];
            let mut grads: Option<GradStore> = None;
            let mut micro = 0usize;
            let mut step_loss = 0.0f32;
            for mb in chunk.chunks(opts.batch_size) {
                let batch: Vec<&Sample> = mb.iter().collect();
                tokens += batch.iter().map(|s| s.ids.len()).sum::<usize>();
                let Some((loss, _)) = tagger.loss(&batch, true)? else {
                    continue;
                };
                step_loss += loss.to_scalar::<f32>()?;
                let g = loss.backward()?;
                grads = Some(match grads {
                    None => g,
                    Some(mut acc) => {
                        for (_, var) in tagger.params().iter() {
                            if let Some(new) = g.get(var.as_tensor()) {
                                let sum = match acc.get(var.as_tensor()) {
                                    Some(old) => (old + new)?,
                                    None => new.clone(),
                                };
                                acc.insert(var.as_tensor(), sum);
                            }
                        }
                        acc
                    }
                });
                micro += 1;
            }
            if let Some(g) = grads {
                // The schedule depends only on the global step, so a resumed run matches.
                let total = (steps * opts.epochs) as u64;
                optim.set_lr(opts.schedule.lr_at(opts.optim.lr, optim.steps(), total));
                optim.step(&g, micro)?;
                let l = step_loss / micro as f32;
                loss_sum += f64::from(l);
                loss_n += 1;
                on(&TrainEvent::Step(TrainingStep {
                    epoch: epoch + 1,
                    step: step + 1,
                    steps,
                    loss: l,
                    tokens_per_s: tokens as f64 / started.elapsed().as_secs_f64().max(1e-9),
                }));
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        let mut record = EpochRecord {
            epoch: epoch + 1,
            loss: if loss_n > 0 {
                loss_sum / loss_n as f64
            } else {
                f64::NAN
            },
            tokens_per_s: tokens as f64 / seconds.max(1e-9),
            seconds,
            ..Default::default()
        };
        for dev in &devs {
            let prf = evaluate_dev(&tagger, dev, opts.eval_batch_size)?;
            on(&TrainEvent::Eval {
                epoch: epoch + 1,
                name: dev.name.clone(),
                prf,
            });
            record.dev_f1.push((dev.name.clone(), prf.2));
        }
        if !record.dev_f1.is_empty() {
            record.mean_dev_f1 = Some(
                record.dev_f1.iter().map(|(_, f)| f).sum::<f64>() / record.dev_f1.len() as f64,
            );
        }
        let improved = match (record.mean_dev_f1, state.best) {
            (Some(f), Some(b)) => f > b,
            (Some(_), None) => true,
            // Without dev sets the last epoch is the one kept.
            (None, _) => true,
        };
        if let Some(f) = record.mean_dev_f1 {
            if improved {
                state.best = Some(f);
            }
        }
        state.history.push(record);
        state.epochs_done = epoch + 1;
        state.steps_in_epoch = 0;
        state.optimizer_steps = optim.steps();
        if improved {
            let manifest = tagger.manifest(trained_on.clone(), metrics(&state));
            tagger.save(&opts.out, &manifest)?;
            if let Some(c) = context {
                save_context_phrases(c, &opts.out)?;
            }
            on(&TrainEvent::Saved {
                path: opts.out.clone(),
            });
        }
        save_checkpoint(&tagger, &optim, &state, &checkpoint, &trained_on)?;
    }
    if !opts.out.join(crate::tagger::MANIFEST_FILE).exists() {
        let manifest = tagger.manifest(trained_on.clone(), metrics(&state));
        tagger.save(&opts.out, &manifest)?;
        if let Some(c) = context {
            save_context_phrases(c, &opts.out)?;
        }
    }
    Ok(TrainReport {
        history: state.history,
        best: state.best,
        out: opts.out.clone(),
    })
}

/// Shuffles, then sorts each pool of 64 batches' worth of samples by length and shuffles the
/// batches: batches mix datasets at random but hold similar lengths, so little compute goes to
/// padding (the usual length-grouped sampler).
fn length_grouped(mut samples: Vec<Sample>, batch: usize, rng: &mut Rng) -> Vec<Sample> {
    rng.shuffle(&mut samples);
    let pool = batch * 64;
    let mut batches: Vec<Vec<Sample>> = Vec::new();
    let mut rest = samples.into_iter().peekable();
    while rest.peek().is_some() {
        let mut chunk: Vec<Sample> = rest.by_ref().take(pool).collect();
        chunk.sort_by_key(|s| s.ids.len());
        let mut it = chunk.into_iter().peekable();
        while it.peek().is_some() {
            batches.push(it.by_ref().take(batch).collect());
        }
    }
    rng.shuffle(&mut batches);
    batches.into_iter().flatten().collect()
}

fn metrics(state: &TrainerState) -> serde_json::Value {
    serde_json::json!({ "best_mean_dev_f1": state.best, "epochs": state.history })
}

fn save_checkpoint(
    tagger: &Tagger,
    optim: &AdamW,
    state: &TrainerState,
    dir: &Path,
    trained_on: &[TrainedOn],
) -> Result<()> {
    tagger.save(dir, &tagger.manifest(trained_on.to_vec(), metrics(state)))?;
    kbner_job::write_file_with(&dir.join("optimizer.safetensors"), |tmp| {
        optim.save(tmp).map_err(TaggerError::from)
    })?;
    crate::tagger::write_json(&dir.join("trainer_state.json"), state)
}

fn dev_set(d: &DataSpec, path: &Path, limit: Option<usize>) -> Result<DevSet> {
    let mut gold = read_corpus(path)?;
    for doc in &mut gold.documents {
        doc.entities
            .retain(|e| e.kind.eq_ignore_ascii_case(&d.kind));
        for e in &mut doc.entities {
            e.kind = d.kind.clone();
        }
    }
    let (mut examples, mut places) = examples(&gold, &d.dataset, &d.kind, false);
    if let Some(n) = limit {
        if examples.len() > n {
            // Keep whole documents' worth of sentences up to the limit and score only those.
            examples.truncate(n);
            places.truncate(n);
            let last_doc = places.last().map(|p| p.doc).unwrap_or(0);
            gold.documents.truncate(last_doc + 1);
            restrict_to_places(&mut gold, &places);
        }
    }
    Ok(DevSet {
        name: format!("{}:{}", d.dataset, d.kind),
        kind: d.kind.clone(),
        gold,
        examples,
        places,
    })
}

/// Drops gold entities outside the sentences kept (so a truncated dev set is scored fairly).
fn restrict_to_places(gold: &mut Corpus, places: &[crate::corpus::Placement]) {
    let mut covered: Vec<Vec<(usize, usize)>> = vec![Vec::new(); gold.documents.len()];
    for p in places {
        if let (Some(a), Some(b)) = (p.words.first(), p.words.last()) {
            covered[p.doc].push((a.0, b.1));
        }
    }
    for (doc, spans) in gold.documents.iter_mut().zip(covered) {
        doc.entities
            .retain(|e| spans.iter().any(|&(a, b)| e.start >= a && e.end <= b));
    }
}

/// Strict (precision, recall, F1) of the tagger on a dev set.
fn evaluate_dev(tagger: &Tagger, dev: &DevSet, batch: usize) -> Result<(f64, f64, f64)> {
    let probs = tagger.predict(&dev.examples, batch)?;
    let mut pred = dev.gold.clone();
    for d in &mut pred.documents {
        d.entities.clear();
    }
    add_predictions(
        &mut pred,
        &dev.places,
        &probs,
        &dev.kind,
        Decoding::default(),
    );
    let report = kbner_corpus::evaluate(
        &dev.gold,
        &pred,
        &EvalOptions {
            ks: vec![],
            lenient: true,
            ..Default::default()
        },
    )
    .map_err(|e| TaggerError::Invalid(e.to_string()))?;
    let m = &report.strict.micro;
    Ok((m.precision, m.recall, m.f1))
}
