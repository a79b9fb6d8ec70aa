//! Synonym tuning of a BERT encoder (the SapBERT recipe): names of the same concept are pulled
//! together and names of different concepts pushed apart, so that nearest-neighbour search over
//! name embeddings follows the knowledge base's synonymy rather than surface similarity.
//!
//! Training pairs come from *groups*: the names of one concept (and, optionally, annotated
//! mentions linked to it). Each name of a group with two or more names is paired with another
//! name of its group drawn at random, once per epoch. A batch holds pairs of distinct groups, so
//! that every other positive in the batch is a true negative; the loss is the symmetric in-batch
//! contrastive loss (InfoNCE over scaled cosine similarities, as sentence-transformers'
//! `MultipleNegativesRankingLoss`). Every weight is trained (AdamW, linear warm-up and decay).
//!
//! Training embeds names exactly as the [`crate::Encoder`] serves them: the model's own pooling
//! (CLS for SapBERT-style checkpoints, mean where `1_Pooling/config.json` says so), the same
//! special tokens and padding. The result is a model directory that [`crate::Encoder::load`]
//! reads like the one it came from: `config.json` and the tokenizer files copied,
//! `1_Pooling/config.json` stating the pooling trained with, `model.safetensors` written with
//! `bert.`-prefixed tensor names, and `kbner_tuning.json` describing the run. It is built in a
//! staging directory and renamed into place, so an interrupted or failed run leaves nothing
//! behind (a killed run's staging directory is removed by the next run).

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use candle_core::{DType, Device, Tensor};

use kbner_job::TrainingStep;
use kbner_nn::{AdamW, AdamWSettings, Bert, BertFiles, BertTraining, LrSchedule, Params, Rng};

use crate::error::EncoderError;
use crate::pooling::{Pooling, SpecialTokens};

type Result<T, E = EncoderError> = std::result::Result<T, E>;

/// How encoder tuning runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SynonymTuning {
    /// Passes over the pairs.
    pub epochs: usize,
    /// Pairs per batch (each batch embeds twice as many names).
    pub batch_size: usize,
    /// Peak learning rate.
    pub lr: f64,
    /// Scale of the cosine similarities before the softmax (sentence-transformers uses 20).
    pub scale: f64,
    /// Tokens per name, `[CLS]` and `[SEP]` included; longer names are cut for training only.
    pub max_tokens: usize,
    /// Pairs used per epoch at most (a random subset when there are more); 0 = all.
    pub max_pairs: usize,
    /// Random seed (pair sampling, batch order, dropout masks).
    pub seed: u64,
    /// Also train the word embeddings (about half of a small BERT's weights, and most of the cost
    /// of a step on short names); by default they stay as they are.
    pub train_word_embeddings: bool,
    /// The pooling to train (and then serve) with; `None`: the base model's own, as
    /// [`crate::Encoder::load`] would pick it.
    pub pooling: Option<Pooling>,
}

impl Default for SynonymTuning {
    fn default() -> Self {
        SynonymTuning {
            epochs: 1,
            batch_size: 64,
            lr: 2e-5,
            scale: 20.0,
            max_tokens: 32,
            max_pairs: 0,
            seed: 13,
            train_word_embeddings: false,
            pooling: None,
        }
    }
}

/// What a finished tuning run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TuningReport {
    /// Groups with at least two names (the others give no pair).
    pub groups: usize,
    /// Pairs per epoch.
    pub pairs: usize,
    /// Optimizer steps.
    pub steps: usize,
    /// Mean loss of each epoch.
    pub epoch_loss: Vec<f64>,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Tokens (padding excluded) per second.
    pub tokens_per_s: f64,
    /// The pooling trained with, declared in the output's `1_Pooling/config.json`.
    pub pooling: Pooling,
}

/// Progress of a tuning run.
#[derive(Debug, Clone)]
pub enum TuningEvent {
    /// One optimizer step done (tokens per second so far).
    Step(TrainingStep),
}

/// Tunes the BERT encoder in `base` (a Hugging Face directory) on `groups` of synonymous texts
/// and writes the tuned model to `out`, which must not exist yet.
///
/// Texts should be given as the index embeds them (normalized names). Returns
/// [`EncoderError::Interrupted`] when `cancel` is set; nothing is written then.
pub fn tune_encoder(
    base: &Path,
    groups: &[Vec<String>],
    out: &Path,
    opts: &SynonymTuning,
    device: &Device,
    cancel: &AtomicBool,
    on: &mut dyn FnMut(&TuningEvent),
) -> Result<TuningReport> {
    if opts.batch_size < 2 || opts.epochs == 0 || opts.max_tokens < 3 {
        return Err(EncoderError::InvalidOption(
            "encoder tuning needs a batch of at least 2 pairs, 1 epoch and 3 tokens per name"
                .into(),
        ));
    }
    if out.exists() {
        return Err(EncoderError::InvalidOption(format!(
            "{} already exists; give a new directory for the tuned encoder",
            out.display()
        )));
    }
    let files = BertFiles::locate(base)?;
    let config = files.load_config()?;
    let tokenizer = files.load_tokenizer()?;
    let special = SpecialTokens::of(&tokenizer, &config, files.tokenizer.path())?;
    let pooling = Pooling::of_model(base, opts.pooling)?;

    // Tokenize every text once; groups keep the texts that tokenize to something.
    let mut seqs: Vec<Vec<u32>> = Vec::new();
    let mut multi: Vec<Vec<usize>> = Vec::new();
    for g in groups {
        let mut distinct: Vec<&str> = g
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        let enc = tokenizer
            .encode_batch(distinct.clone(), false)
            .map_err(|e| EncoderError::Tokenizer {
                path: files.tokenizer.path().to_path_buf(),
                message: e.to_string(),
            })?;
        let mut members = Vec::with_capacity(enc.len());
        for e in enc {
            let ids = e.get_ids();
            if ids.is_empty() {
                continue;
            }
            let keep = ids.len().min(opts.max_tokens - 2);
            members.push(seqs.len());
            seqs.push(special.wrap(&ids[..keep]));
        }
        if members.len() >= 2 {
            multi.push(members);
        }
    }
    let pairs_per_epoch: usize = multi.iter().map(Vec::len).sum();
    if pairs_per_epoch == 0 {
        return Err(EncoderError::InvalidOption(
            "no concept has two different names: nothing to tune on".into(),
        ));
    }
    let pairs_per_epoch = match opts.max_pairs {
        0 => pairs_per_epoch,
        m => pairs_per_epoch.min(m),
    };

    let mut tensors = candle_core::safetensors::load(&files.weights, device)
        .map_err(|e| kbner_nn::NnError::format(&files.weights, format!("reading weights: {e}")))?;
    let prefix = kbner_nn::detect_prefix(&tensors, &files.weights)?;
    let mut params = Params::new();
    let mut rng = Rng::new(opts.seed);
    kbner_nn::seed_dropout(opts.seed);
    let mut bert = Bert::from_tensors(
        &config,
        &mut tensors,
        prefix,
        &BertTraining::Full,
        &mut params,
        &mut rng,
        &files.weights,
    )?;
    if !opts.train_word_embeddings {
        bert.freeze_word_embeddings(&mut params);
    }
    let mut optim = AdamW::new(
        &params,
        AdamWSettings {
            lr: opts.lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.01,
        },
    )?;
    let schedule = LrSchedule::Linear { warmup: 0.06 };
    let steps_per_epoch = pairs_per_epoch.div_ceil(opts.batch_size);
    let total_steps = (steps_per_epoch * opts.epochs) as u64;
    let started = Instant::now();
    let mut tokens = 0usize;
    let mut epoch_loss = Vec::with_capacity(opts.epochs);
    for epoch in 0..opts.epochs {
        let batches = epoch_batches(&multi, pairs_per_epoch, opts.batch_size, &mut rng);
        let (mut sum, mut n) = (0f64, 0usize);
        for (step, batch) in batches.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(EncoderError::Interrupted);
            }
            let mut texts: Vec<&[u32]> = batch.iter().map(|p| seqs[p.0].as_slice()).collect();
            texts.extend(batch.iter().map(|p| seqs[p.1].as_slice()));
            tokens += texts.iter().map(|s| s.len()).sum::<usize>();
            let loss = contrastive_loss(&bert, &texts, &special, pooling, opts.scale, device)?;
            let l = loss.to_scalar::<f32>()?;
            let grads = loss.backward()?;
            optim.set_lr(schedule.lr_at(opts.lr, optim.steps(), total_steps));
            optim.step(&grads, 1)?;
            sum += f64::from(l);
            n += 1;
            on(&TuningEvent::Step(TrainingStep {
                epoch: epoch + 1,
                step: step + 1,
                steps: batches.len(),
                loss: l,
                tokens_per_s: tokens as f64 / started.elapsed().as_secs_f64().max(1e-9),
            }));
        }
        epoch_loss.push(sum / n.max(1) as f64);
    }
    let seconds = started.elapsed().as_secs_f64();
    let report = TuningReport {
        groups: multi.len(),
        pairs: pairs_per_epoch,
        steps: optim.steps() as usize,
        epoch_loss,
        seconds,
        tokens_per_s: tokens as f64 / seconds.max(1e-9),
        pooling,
    };
    let mut weights = params.to_map();
    weights
        .entry("bert.embeddings.word_embeddings.weight".into())
        .or_insert_with(|| bert.word_embeddings().clone());
    write_model(base, &files, weights, out, opts, &report)?;
    Ok(report)
}

/// One epoch's batches of (anchor, positive) text indices: every group's names in turn as anchors,
/// each with a random other name of its group, shuffled, then packed so that no batch holds two
/// pairs of one group.
fn epoch_batches(
    groups: &[Vec<usize>],
    limit: usize,
    batch_size: usize,
    rng: &mut Rng,
) -> Vec<Vec<(usize, usize, usize)>> {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (g, members) in groups.iter().enumerate() {
        for (i, &anchor) in members.iter().enumerate() {
            let mut j = rng.below(members.len() - 1);
            if j >= i {
                j += 1;
            }
            pairs.push((anchor, members[j], g));
        }
    }
    rng.shuffle(&mut pairs);
    pairs.truncate(limit);
    let mut batches: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    let mut pending = std::collections::VecDeque::from(pairs);
    while !pending.is_empty() {
        let mut batch = Vec::with_capacity(batch_size);
        let mut used = HashSet::with_capacity(batch_size);
        let mut deferred = Vec::new();
        while batch.len() < batch_size {
            let Some(p) = pending.pop_front() else { break };
            if used.insert(p.2) {
                batch.push(p);
            } else {
                deferred.push(p);
            }
        }
        // Deferred pairs go first into the next batch.
        for p in deferred.into_iter().rev() {
            pending.push_front(p);
        }
        // A batch of one pair has no negative; it is dropped (at most a few pairs, at the end).
        if batch.len() >= 2 {
            batches.push(batch);
        } else {
            break;
        }
    }
    batches
}

/// Sequences per forward pass inside a batch: texts are grouped by length so that short names
/// are not padded to the batch's longest (names vary from 3 to 30 tokens; padding to the longest
/// tripled the work).
const LENGTH_BUCKET: usize = 32;

/// Pooled (as the encoder serves them), L2-normalized embeddings of `texts` (token id
/// sequences), in the order given; `train` turns dropout on.
fn embed(
    bert: &Bert,
    texts: &[&[u32]],
    special: &SpecialTokens,
    pooling: Pooling,
    device: &Device,
    train: bool,
) -> Result<Tensor> {
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| texts[i].len());
    let mut parts = Vec::with_capacity(order.len().div_ceil(LENGTH_BUCKET));
    for chunk in order.chunks(LENGTH_BUCKET) {
        let seqs: Vec<&[u32]> = chunk.iter().map(|&i| texts[i]).collect();
        let (ids, mask) = special.pad_batch(&seqs, device)?;
        let hidden = bert.forward(&ids, &mask, train)?;
        let pooled = pooling.pool(&hidden, &mask)?;
        let norm = pooled
            .sqr()?
            .sum_keepdim(1)?
            .sqrt()?
            .clamp(1e-12, f64::MAX)?;
        parts.push(pooled.broadcast_div(&norm)?);
    }
    let sorted = Tensor::cat(&parts, 0)?;
    // Row `i` of the result is the text at position `rank[i]` of the sorted order.
    let mut rank = vec![0u32; order.len()];
    for (pos, &i) in order.iter().enumerate() {
        rank[i] = pos as u32;
    }
    let rank = Tensor::from_vec(rank, texts.len(), device)?;
    Ok(sorted.index_select(&rank, 0)?)
}

/// Symmetric in-batch contrastive loss: `texts` holds the anchors, then their positives.
fn contrastive_loss(
    bert: &Bert,
    texts: &[&[u32]],
    special: &SpecialTokens,
    pooling: Pooling,
    scale: f64,
    device: &Device,
) -> Result<Tensor> {
    let n = texts.len() / 2;
    let e = embed(bert, texts, special, pooling, device, true)?;
    let anchors = e.narrow(0, 0, n)?;
    let positives = e.narrow(0, n, n)?;
    let sims = (anchors.matmul(&positives.t()?)? * scale)?;
    let targets = Tensor::arange(0u32, n as u32, device)?;
    let forward = candle_nn::loss::cross_entropy(&sims, &targets)?;
    let backward = candle_nn::loss::cross_entropy(&sims.t()?.contiguous()?, &targets)?;
    Ok(((forward + backward)? / 2.0)?)
}

/// Writes the tuned model beside copies of the base model's configuration and tokenizer files,
/// with the pooling it was trained with declared.
fn write_model(
    base: &Path,
    files: &BertFiles,
    weights: std::collections::HashMap<String, Tensor>,
    out: &Path,
    opts: &SynonymTuning,
    report: &TuningReport,
) -> Result<()> {
    let staging = kbner_job::StagingDir::create(out)?;
    let dir = staging.path();
    // The encoder reads these; other files of the base (README, ONNX exports) are not copied.
    for rel in [
        "config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "vocab.txt",
        "special_tokens_map.json",
        "modules.json",
        "sentence_bert_config.json",
    ] {
        let src = base.join(rel);
        if src.is_file() {
            std::fs::copy(&src, dir.join(rel))
                .map_err(|source| EncoderError::Io { path: src, source })?;
        }
    }
    report.pooling.write_config(dir)?;
    let tensors: std::collections::HashMap<String, Tensor> = weights
        .into_iter()
        .map(|(k, v)| v.to_dtype(DType::F32).map(|v| (k, v)))
        .collect::<candle_core::Result<_>>()?;
    let weights = dir.join("model.safetensors");
    candle_core::safetensors::save(&tensors, &weights)
        .map_err(|e| kbner_nn::NnError::format(&weights, format!("writing weights: {e}")))?;
    let meta = serde_json::json!({
        "tuned_from": base.display().to_string(),
        "base_weights": files.weights.display().to_string(),
        "method": "synonym contrastive tuning (SapBERT recipe, in-batch negatives)",
        "settings": opts,
        "report": report,
    });
    let text = serde_json::to_string_pretty(&meta).unwrap_or_default();
    kbner_job::write_file(&dir.join("kbner_tuning.json"), text.as_bytes())?;
    staging.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of all-MiniLM-L6-v2 (weights linked) declaring `pooling`, or declaring nothing
    /// (a plain BERT checkpoint, CLS-pooled like SapBERT).
    fn minilm_with(pooling: Option<Pooling>) -> tempfile::TempDir {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.data/models/all-MiniLM-L6-v2");
        assert!(
            src.join("model.safetensors").is_file(),
            "run scripts/setup.sh: {} is missing",
            src.display()
        );
        let dir = tempfile::tempdir().unwrap();
        for f in ["config.json", "tokenizer.json"] {
            std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
        }
        std::os::unix::fs::symlink(
            src.join("model.safetensors").canonicalize().unwrap(),
            dir.path().join("model.safetensors"),
        )
        .unwrap();
        if let Some(p) = pooling {
            p.write_config(dir.path()).unwrap();
        }
        dir
    }

    #[test]
    fn training_embeds_names_exactly_as_the_encoder_serves_them() {
        let texts = [
            "heart attack",
            "myocardial infarction",
            "low blood sugar level",
        ];
        for (declared, expected) in [
            (None, Pooling::Cls),
            (Some(Pooling::Mean), Pooling::Mean),
            (Some(Pooling::Cls), Pooling::Cls),
        ] {
            let dir = minilm_with(declared);
            let encoder = crate::Encoder::load(dir.path(), &Default::default()).unwrap();
            assert_eq!(encoder.pooling(), expected);
            let served = encoder.embed(&texts).unwrap();

            let files = BertFiles::locate(dir.path()).unwrap();
            let config = files.load_config().unwrap();
            let tokenizer = files.load_tokenizer().unwrap();
            let special = SpecialTokens::of(&tokenizer, &config, files.tokenizer.path()).unwrap();
            let mut tensors = candle_core::safetensors::load(&files.weights, &Device::Cpu).unwrap();
            let prefix = kbner_nn::detect_prefix(&tensors, &files.weights).unwrap();
            let bert = Bert::from_tensors(
                &config,
                &mut tensors,
                prefix,
                &BertTraining::Full,
                &mut Params::new(),
                &mut Rng::new(1),
                &files.weights,
            )
            .unwrap();
            let seqs: Vec<Vec<u32>> = texts
                .iter()
                .map(|t| special.wrap(tokenizer.encode(*t, false).unwrap().get_ids()))
                .collect();
            let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
            let pooling = Pooling::of_model(dir.path(), None).unwrap();
            let trained = embed(&bert, &refs, &special, pooling, &Device::Cpu, false)
                .unwrap()
                .to_vec2::<f32>()
                .unwrap();
            for (a, b) in served.iter().zip(&trained) {
                let diff = a
                    .iter()
                    .zip(b)
                    .map(|(x, y)| (x - y).abs())
                    .fold(0f32, f32::max);
                assert!(
                    diff < 1e-4,
                    "{declared:?}: training and serving differ by {diff}"
                );
            }
        }
    }

    #[test]
    fn batches_pair_names_of_one_group_and_never_repeat_a_group() {
        let groups = vec![vec![0, 1, 2], vec![3, 4], vec![5, 6, 7, 8]];
        let batches = epoch_batches(&groups, usize::MAX, 3, &mut Rng::new(1));
        let mut anchors = Vec::new();
        for b in &batches {
            let gs: HashSet<usize> = b.iter().map(|p| p.2).collect();
            assert_eq!(gs.len(), b.len(), "a group twice in one batch: {b:?}");
            for &(a, p, g) in b {
                assert_ne!(a, p);
                assert!(groups[g].contains(&a) && groups[g].contains(&p));
                anchors.push(a);
            }
        }
        anchors.sort_unstable();
        // Every name is an anchor at most once, and all but the pairs left over at the end
        // without a partner group are.
        let total = anchors.len();
        anchors.dedup();
        assert_eq!(anchors.len(), total, "an anchor twice: {anchors:?}");
        assert!(total >= 7, "{anchors:?}");
    }
}
