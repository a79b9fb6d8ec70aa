//! The tagger: a base model, its adapters and a linear IOB head; saving and loading adapters in
//! PEFT's layout; batched prediction with windows merged back.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use serde::{Deserialize, Serialize};

use kbner_nn::{
    load_base, Adaptation, AttentionMode, Backbone, Base, BaseInfo, BaseKind, Linear, Params, Rng,
};

use crate::decode::{merge_windows, WindowProbs};
use crate::error::{Result, TaggerError};
use crate::sample::{Example, Sample, SampleBuilder, IGNORE, LABELS};

/// File with the trained tensors (LoRA A/B under PEFT names, the head, or full BERT weights).
pub const WEIGHTS_FILE: &str = "adapter_model.safetensors";
/// PEFT's adapter configuration (written for LoRA adapters).
pub const PEFT_CONFIG_FILE: &str = "adapter_config.json";
/// kbner's own manifest.
pub const MANIFEST_FILE: &str = "kbner_adapter.json";
/// Manifest format tag.
pub const MANIFEST_FORMAT: &str = "kbner-adapter/1";

/// How a tagger is built from its base model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggerSpec {
    /// Attention mode of a Llama base (ignored for BERT, which is bidirectional).
    pub mode: AttentionMode,
    /// What is trained.
    pub adaptation: Adaptation,
    /// Instruction template with `{type}` and `{dataset}`.
    pub template: String,
    /// Longest window in tokens.
    pub max_len: usize,
    /// Retrieval context the tagger reads beside each sentence (`None`: none). Recorded so that
    /// inference retrieves as training did.
    #[serde(default)]
    pub context: Option<kbner_dbr::ContextOptions>,
}

/// One dataset and entity type a tagger was trained on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainedOn {
    /// Dataset name, as in the instruction.
    pub dataset: String,
    /// Entity type, as in the instruction.
    pub kind: String,
    /// Training file.
    pub train: PathBuf,
    /// Development file, if any.
    pub dev: Option<PathBuf>,
}

/// `kbner_adapter.json`: what a saved tagger needs to be rebuilt and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdapterManifest {
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// The base model it was trained on.
    pub base: BaseInfo,
    /// How it is built.
    pub spec: TaggerSpec,
    /// Label names in head order.
    pub labels: Vec<String>,
    /// Datasets and types it was trained on.
    pub trained_on: Vec<TrainedOn>,
    /// Training metrics (per-epoch loss and dev scores), free-form.
    pub metrics: serde_json::Value,
}

/// A base model with adapters and an IOB head.
#[derive(Debug)]
pub struct Tagger {
    base: Base,
    head: Linear,
    params: Params,
    builder: SampleBuilder,
    spec: TaggerSpec,
    device: Device,
}

impl Tagger {
    /// A fresh tagger on the base model at `base_path` (adapters at their PEFT initialisation,
    /// head random), seeded by `seed`.
    pub fn new(base_path: &Path, spec: &TaggerSpec, device: &Device, seed: u64) -> Result<Self> {
        let mut params = Params::new();
        let mut rng = Rng::new(seed);
        let base = load_base(
            base_path,
            spec.mode,
            &spec.adaptation,
            device,
            &mut params,
            &mut rng,
        )?;
        let hidden = base.backbone.hidden_size();
        // HF initialises classifier heads N(0, 0.02) with zero bias.
        let w: Vec<f32> = (0..LABELS.len() * hidden)
            .map(|_| (rng.normal() * 0.02) as f32)
            .collect();
        let w = Tensor::from_vec(w, (LABELS.len(), hidden), device)?;
        let bias = Tensor::zeros(LABELS.len(), DType::F32, device)?;
        let name = head_name(base.info.kind, &spec.adaptation);
        let w = params
            .add(format!("{name}.weight"), &w)?
            .as_tensor()
            .clone();
        let bias = params
            .add(format!("{name}.bias"), &bias)?
            .as_tensor()
            .clone();
        let builder = SampleBuilder::new(base.tokenizer.clone(), &spec.template, spec.max_len)?
            .with_context_budget(spec.context.as_ref().map_or(0, |c| c.budget));
        Ok(Tagger {
            base,
            head: Linear::new(w, Some(bias)),
            params,
            builder,
            spec: spec.clone(),
            device: device.clone(),
        })
    }

    /// Loads a saved tagger from `dir`. The base model is the manifest's unless `base` is given;
    /// either way its fingerprint must match the one the adapter was trained on.
    pub fn load(
        dir: &Path,
        base: Option<&Path>,
        device: &Device,
    ) -> Result<(Self, AdapterManifest)> {
        let manifest = read_manifest(dir)?;
        let base_path = base
            .map(Path::to_path_buf)
            .unwrap_or_else(|| manifest.base.path.clone());
        let tagger = Tagger::new(&base_path, &manifest.spec, device, 0)?;
        if tagger.base.info.fingerprint != manifest.base.fingerprint {
            return Err(TaggerError::Mismatch(format!(
                "{}: this adapter was trained on the base model {} (fingerprint {}), but {} has fingerprint {}; \
                 pass the original base with --base",
                dir.display(),
                manifest.base.path.display(),
                manifest.base.fingerprint,
                base_path.display(),
                tagger.base.info.fingerprint
            )));
        }
        let weights = dir.join(WEIGHTS_FILE);
        let tensors = candle_core::safetensors::load(&weights, device)
            .map_err(|e| TaggerError::format(&weights, format!("reading adapter weights: {e}")))?;
        tagger.params.set_from(&tensors, &weights)?;
        Ok((tagger, manifest))
    }

    /// Writes the trained tensors, PEFT's `adapter_config.json` (for LoRA) and the manifest to
    /// `dir`, each file replaced atomically.
    pub fn save(&self, dir: &Path, manifest: &AdapterManifest) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| TaggerError::io(dir, e))?;
        kbner_job::write_file_with(&dir.join(WEIGHTS_FILE), |tmp| {
            self.params.save(tmp).map_err(TaggerError::from)
        })?;
        if let Adaptation::Lora(s) = &self.spec.adaptation {
            let head = head_name(self.base.info.kind, &self.spec.adaptation);
            let module = head.rsplit('.').next().unwrap_or("score");
            let peft = serde_json::json!({
                "peft_type": "LORA",
                "task_type": "TOKEN_CLS",
                "base_model_name_or_path": self.base.info.path,
                "r": s.r,
                "lora_alpha": s.alpha,
                "lora_dropout": s.dropout,
                "target_modules": s.targets,
                "bias": "none",
                "fan_in_fan_out": false,
                "init_lora_weights": true,
                "inference_mode": true,
                "modules_to_save": [module],
                "use_rslora": false,
                "use_dora": false,
            });
            write_json(&dir.join(PEFT_CONFIG_FILE), &peft)?;
        }
        write_json(&dir.join(MANIFEST_FILE), manifest)
    }

    /// A manifest for this tagger with the given training record.
    pub fn manifest(
        &self,
        trained_on: Vec<TrainedOn>,
        metrics: serde_json::Value,
    ) -> AdapterManifest {
        AdapterManifest {
            format: MANIFEST_FORMAT.into(),
            base: self.base.info.clone(),
            spec: self.spec.clone(),
            labels: LABELS.iter().map(|s| s.to_string()).collect(),
            trained_on,
            metrics,
        }
    }

    /// The trainable tensors (adapters and head).
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The sample builder (tokenizer, instruction, windowing).
    pub fn builder(&self) -> &SampleBuilder {
        &self.builder
    }

    /// The build specification.
    pub fn spec(&self) -> &TaggerSpec {
        &self.spec
    }

    /// The base model's identity.
    pub fn base_info(&self) -> &BaseInfo {
        &self.base.info
    }

    /// The backbone.
    pub fn backbone(&self) -> &Backbone {
        &self.base.backbone
    }

    /// Head logits `(batch, seq, labels)` for samples padded to the longest.
    pub fn logits(&self, samples: &[&Sample], train: bool) -> Result<Tensor> {
        let (ids, mask) = self.batch(samples)?;
        let hidden = self.base.backbone.forward(&ids, &mask, train)?;
        Ok(self.head.forward(&hidden, train)?)
    }

    /// Mean cross-entropy over labelled tokens, and how many there were (0 gives no loss).
    pub fn loss(&self, samples: &[&Sample], train: bool) -> Result<Option<(Tensor, usize)>> {
        let t = samples.iter().map(|s| s.ids.len()).max().unwrap_or(0);
        let mut rows = Vec::new();
        let mut targets = Vec::new();
        for (b, s) in samples.iter().enumerate() {
            for (k, &y) in s.targets.iter().enumerate() {
                if y != IGNORE {
                    rows.push((b * t + k) as u32);
                    targets.push(y as u32);
                }
            }
        }
        if rows.is_empty() {
            return Ok(None);
        }
        let logits = self.logits(samples, train)?;
        let flat = logits.reshape((samples.len() * t, LABELS.len()))?;
        let n = rows.len();
        let rows = Tensor::from_vec(rows, n, &self.device)?;
        let targets = Tensor::from_vec(targets, n, &self.device)?;
        let picked = flat.index_select(&rows, 0)?;
        Ok(Some((
            candle_nn::loss::cross_entropy(&picked, &targets)?,
            n,
        )))
    }

    /// Per-word label probabilities for each example, windows merged; batches of `batch_size`
    /// windows grouped by length.
    pub fn predict(&self, examples: &[Example], batch_size: usize) -> Result<Vec<Vec<[f32; 3]>>> {
        let mut samples = Vec::new();
        for (i, e) in examples.iter().enumerate() {
            samples.extend(self.builder.build(e, i)?);
        }
        let mut order: Vec<usize> = (0..samples.len()).collect();
        order.sort_by_key(|&i| samples[i].ids.len());
        let mut windows: Vec<Vec<WindowProbs>> = vec![Vec::new(); examples.len()];
        for chunk in order.chunks(batch_size.max(1)) {
            let batch: Vec<&Sample> = chunk.iter().map(|&i| &samples[i]).collect();
            let probs = candle_nn::ops::softmax_last_dim(&self.logits(&batch, false)?)?
                .to_dtype(DType::F32)?
                .to_vec3::<f32>()?;
            for (s, p) in batch.iter().zip(probs) {
                let mut per_word = vec![None; s.words.len()];
                for (k, w) in s.word_at.iter().enumerate() {
                    if let Some(w) = w {
                        per_word[w - s.words.start] = Some([p[k][0], p[k][1], p[k][2]]);
                    }
                }
                windows[s.example].push((s.words.clone(), per_word));
            }
        }
        Ok(examples
            .iter()
            .zip(windows)
            .map(|(e, w)| merge_windows(e.words.len(), &w))
            .collect())
    }

    fn batch(&self, samples: &[&Sample]) -> Result<(Tensor, Tensor)> {
        let t = samples.iter().map(|s| s.ids.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(samples.len() * t);
        let mut mask = Vec::with_capacity(samples.len() * t);
        for s in samples {
            ids.extend_from_slice(&s.ids);
            ids.resize(ids.len() + t - s.ids.len(), 0);
            mask.extend(std::iter::repeat_n(1u8, s.ids.len()));
            mask.resize(mask.len() + t - s.ids.len(), 0);
        }
        let b = samples.len();
        Ok((
            Tensor::from_vec(ids, (b, t), &self.device)?,
            Tensor::from_vec(mask, (b, t), &self.device)?,
        ))
    }
}

/// Reads and checks `kbner_adapter.json` in `dir`.
pub fn read_manifest(dir: &Path) -> Result<AdapterManifest> {
    let path = dir.join(MANIFEST_FILE);
    let raw = std::fs::read_to_string(&path).map_err(|e| TaggerError::io(&path, e))?;
    let m: AdapterManifest =
        serde_json::from_str(&raw).map_err(|e| TaggerError::format(&path, e.to_string()))?;
    if m.format != MANIFEST_FORMAT {
        return Err(TaggerError::format(
            &path,
            format!("format {:?} is not {MANIFEST_FORMAT:?}", m.format),
        ));
    }
    Ok(m)
}

/// Name of the head's tensors: PEFT's `modules_to_save` names for LoRA adapters, the
/// `*ForTokenClassification` names otherwise.
fn head_name(kind: BaseKind, adaptation: &Adaptation) -> &'static str {
    match (kind, adaptation) {
        (BaseKind::Llama, _) => "base_model.model.score",
        (BaseKind::Bert, Adaptation::Lora(_)) => "base_model.model.classifier",
        (BaseKind::Bert, _) => "classifier",
    }
}

/// Writes `value` as pretty JSON to `path`, atomically.
pub(crate) fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| TaggerError::format(path, e.to_string()))?;
    Ok(kbner_job::write_file(path, (text + "\n").as_bytes())?)
}
