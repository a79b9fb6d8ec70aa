//! Base models behind one interface: a Llama-family decoder (Hugging Face directory or GGUF file)
//! or a BERT encoder, each returning the final hidden state of every token.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use serde::{Deserialize, Serialize};
use tokenizers::Tokenizer;

use crate::bert::{Bert, BertTraining};
use crate::error::{NnError, Result};
use crate::llama::{AttentionMode, Llama};
use crate::llama_config::LlamaConfig;
use crate::lora::LoraSettings;
use crate::params::Params;
use crate::rng::Rng;

/// Which architecture a base model has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BaseKind {
    /// Llama family (decoder; its causal mask is replaced per [`AttentionMode`]).
    Llama,
    /// BERT encoder.
    Bert,
}

/// What of the base model is trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Adaptation {
    /// LoRA adapters on the targeted linears; base weights frozen.
    Lora(LoraSettings),
    /// Every base weight trained (BERT only: a 7B model does not fit).
    Full,
    /// Only the head is trained.
    HeadOnly,
}

/// Identity of a base model, kept in the adapter manifest and checked when the adapter loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseInfo {
    /// Where it was loaded from.
    pub path: PathBuf,
    /// Architecture.
    pub kind: BaseKind,
    /// Hash of tensor names, shapes and a sample of values: equal for the same weights whatever
    /// the file format, different for another model or quantization.
    pub fingerprint: String,
}

/// A loaded backbone.
pub enum Backbone {
    /// Llama family with its attention mode.
    Llama(Llama, AttentionMode),
    /// BERT.
    Bert(Bert),
}

impl std::fmt::Debug for Backbone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Backbone::Llama(m, mode) => write!(f, "Llama({m:?}, {mode:?})"),
            Backbone::Bert(m) => write!(f, "Bert({m:?})"),
        }
    }
}

impl Backbone {
    /// Width of the hidden states.
    pub fn hidden_size(&self) -> usize {
        match self {
            Backbone::Llama(m, _) => m.config().hidden_size,
            Backbone::Bert(m) => m.hidden_size(),
        }
    }

    /// Hidden states `(batch, seq, hidden)` for ids `(batch, seq)` and a padding mask.
    pub fn forward(&self, ids: &Tensor, pad_mask: &Tensor, train: bool) -> Result<Tensor> {
        match self {
            Backbone::Llama(m, mode) => m.forward(ids, pad_mask, *mode, train),
            Backbone::Bert(m) => m.forward(ids, pad_mask, train),
        }
    }
}

/// A loaded base model: backbone, tokenizer and identity.
#[derive(Debug)]
pub struct Base {
    /// The network.
    pub backbone: Backbone,
    /// Its tokenizer.
    pub tokenizer: Tokenizer,
    /// Its identity.
    pub info: BaseInfo,
}

/// The architecture of the base model at `path`: a `.gguf` file is a Llama-family model; a
/// Hugging Face directory says so in `config.json` (`model_type` `llama`/`mistral` or `bert`).
pub fn model_kind(path: &Path) -> Result<BaseKind> {
    if is_gguf(path) {
        return Ok(BaseKind::Llama);
    }
    if !path.is_dir() {
        return Err(NnError::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "base model not found: give a .gguf file or a Hugging Face model directory",
            ),
        ));
    }
    let config_path = path.join("config.json");
    let value: serde_json::Value = crate::model_files::read_json(&config_path)?;
    match value
        .get("model_type")
        .and_then(|v| v.as_str())
        .unwrap_or("")
    {
        "bert" => Ok(BaseKind::Bert),
        "llama" | "mistral" => Ok(BaseKind::Llama),
        other => Err(NnError::format(
            &config_path,
            format!("model_type {other:?} is not supported (llama, mistral or bert)"),
        )),
    }
}

fn is_gguf(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gguf"))
}

/// Loads a base model from `path`: a `.gguf` file, or a Hugging Face directory whose
/// `config.json` says `llama`/`mistral` (safetensors + tokenizer.json) or `bert`.
/// Adapters for `adaptation` are registered in `params`.
pub fn load_base(
    path: &Path,
    mode: AttentionMode,
    adaptation: &Adaptation,
    device: &Device,
    params: &mut Params,
    rng: &mut Rng,
) -> Result<Base> {
    let kind = model_kind(path)?;
    if is_gguf(path) {
        let g = crate::gguf::load_gguf(path, DType::F32, device)?;
        let mut tensors = g.tensors;
        let fingerprint = fingerprint(&tensors)?;
        let backbone =
            llama_backbone(&g.config, &mut tensors, mode, adaptation, params, rng, path)?;
        return Ok(Base {
            backbone,
            tokenizer: g.tokenizer,
            info: BaseInfo {
                path: path.to_path_buf(),
                kind: BaseKind::Llama,
                fingerprint,
            },
        });
    }
    let config_path = path.join("config.json");
    match kind {
        BaseKind::Bert => {
            let files = crate::model_files::BertFiles::locate(path)?;
            let training = match adaptation {
                Adaptation::Lora(s) => BertTraining::Lora(s.clone()),
                Adaptation::Full => BertTraining::Full,
                Adaptation::HeadOnly => BertTraining::Frozen,
            };
            let config = files.load_config()?;
            let mut tensors = candle_core::safetensors::load(&files.weights, device)
                .map_err(|e| NnError::format(&files.weights, format!("reading weights: {e}")))?;
            let fingerprint = fingerprint(&tensors)?;
            let prefix = crate::bert::detect_prefix(&tensors, &files.weights)?;
            let bert = Bert::from_tensors(
                &config,
                &mut tensors,
                prefix,
                &training,
                params,
                rng,
                &files.weights,
            )?;
            Ok(Base {
                backbone: Backbone::Bert(bert),
                tokenizer: files.load_tokenizer()?,
                info: BaseInfo {
                    path: path.to_path_buf(),
                    kind: BaseKind::Bert,
                    fingerprint,
                },
            })
        }
        BaseKind::Llama => {
            let config: LlamaConfig = crate::model_files::read_json(&config_path)?;
            let mut tensors = HashMap::new();
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| NnError::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "safetensors"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(NnError::format(
                    path,
                    "no .safetensors weights in this directory",
                ));
            }
            for f in &files {
                let part = candle_core::safetensors::load(f, device)
                    .map_err(|e| NnError::format(f, format!("reading weights: {e}")))?;
                for (k, v) in part {
                    tensors.insert(k, v.to_dtype(DType::F32)?);
                }
            }
            let tok_path = path.join("tokenizer.json");
            let tokenizer = Tokenizer::from_file(&tok_path)
                .map_err(|e| NnError::format(&tok_path, format!("tokenizer: {e}")))?;
            let fingerprint = fingerprint(&tensors)?;
            let backbone = llama_backbone(
                &config,
                &mut tensors,
                mode,
                adaptation,
                params,
                rng,
                &files[0],
            )?;
            Ok(Base {
                backbone,
                tokenizer,
                info: BaseInfo {
                    path: path.to_path_buf(),
                    kind: BaseKind::Llama,
                    fingerprint,
                },
            })
        }
    }
}

fn llama_backbone(
    config: &LlamaConfig,
    tensors: &mut HashMap<String, Tensor>,
    mode: AttentionMode,
    adaptation: &Adaptation,
    params: &mut Params,
    rng: &mut Rng,
    source: &Path,
) -> Result<Backbone> {
    let lora = match adaptation {
        Adaptation::Lora(s) => Some((s, params, rng)),
        Adaptation::HeadOnly => None,
        Adaptation::Full => {
            return Err(NnError::Invalid(
                "full fine-tuning is for BERT backbones; use LoRA for Llama-family models".into(),
            ))
        }
    };
    Ok(Backbone::Llama(
        Llama::from_tensors(config, tensors, lora, source)?,
        mode,
    ))
}

/// Hash of every tensor's name, shape and 64 evenly spaced values (sorted by name), so the same
/// weights give the same fingerprint from GGUF or safetensors, and another model does not.
pub fn fingerprint(tensors: &HashMap<String, Tensor>) -> Result<String> {
    let mut names: Vec<&String> = tensors.keys().filter(|k| !k.starts_with("gguf.")).collect();
    names.sort();
    let mut h = Fnv64::new();
    for name in names {
        let t = &tensors[name];
        h.field(name.as_bytes());
        for d in t.dims() {
            h.field(&(*d as u64).to_le_bytes());
        }
        let n = t.elem_count();
        let k = n.min(64);
        if k == 0 {
            continue;
        }
        let idx: Vec<u32> = (0..k).map(|i| (i * n / k) as u32).collect();
        let idx = Tensor::from_vec(idx, k, t.device())?;
        let vals = t
            .flatten_all()?
            .index_select(&idx, 0)?
            .to_dtype(DType::F32)?
            .to_vec1::<f32>()?;
        for v in vals {
            // Rounded, so bf16/f32 copies of one checkpoint agree.
            h.field(&((v * 256.0).round() as i32).to_le_bytes());
        }
    }
    Ok(format!("{:016x}", h.0))
}

/// FNV-1a 64: tiny and stable across Rust versions (std's hasher is not).
struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
    fn field(&mut self, data: &[u8]) {
        for &b in (data.len() as u32).to_le_bytes().iter().chain(data) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
