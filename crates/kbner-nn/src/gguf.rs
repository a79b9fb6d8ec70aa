//! Llama-family models from GGUF files (llama.cpp's format): config, dequantized tensors under
//! Hugging Face names and layout, and a byte-level BPE tokenizer rebuilt from the metadata.
//!
//! The tagger works on Hugging Face tensor names and layout, so loading does three things:
//! reads the `{arch}.*` metadata into a [`LlamaConfig`], dequantizes every tensor and renames it
//! (`blk.3.attn_q.weight` → `model.layers.3.self_attn.q_proj.weight`), and undoes the row
//! permutation llama.cpp's converter applies to the q and k projections (llama.cpp rotates
//! adjacent pairs in RoPE, Hugging Face rotates halves; the converter reorders rows so the same
//! weights work with llama.cpp's RoPE). After loading, the weights are exactly what
//! `model.safetensors` would hold, up to quantization error.
//!
//! Tokenizers: `tokenizer.ggml.model = "llama"` (SentencePiece: Llama-2, Mistral-7B v0.1) is
//! rebuilt as Hugging Face's converted `tokenizer.json` (`▁` for spaces, score-ranked merges,
//! byte fallback, BOS). `"gpt2"` (byte-level BPE) follows `tokenizer.ggml.pre` for its
//! pre-tokenizer:
//!
//! | `tokenizer.ggml.pre`                  | pre-tokenizer (as in the model's `tokenizer.json`)         |
//! |---------------------------------------|------------------------------------------------------------|
//! | absent, `default`, `gpt2`             | `ByteLevel` with the GPT-2 regex                           |
//! | `smollm`, `starcoder`, `refact`       | `Digits(individual)` then `ByteLevel` with the GPT-2 regex |
//! | `llama-bpe`, `llama3`, `llama-v3`     | Llama-3 split regex then `ByteLevel` without regex         |
//!
//! Other values are refused rather than guessed, since a wrong pre-tokenizer silently changes
//! token ids; pass the model's `tokenizer.json` instead.
//!
//! One thing is left for the model: Llama-3.1/3.2 files carry their RoPE scaling as a
//! `rope_freqs.weight` tensor (kept here as `gguf.rope_freqs.weight`, one factor per rotary
//! pair) rather than as metadata; llama.cpp divides the RoPE frequencies by it.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::Path;

use candle_core::quantized::gguf_file::{self, Content, Value};
use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{DType, Device, Tensor};
use rayon::prelude::*;
use tokenizers::decoders::byte_level::ByteLevel as ByteLevelDecoder;
use tokenizers::models::bpe::{Vocab, BPE};
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::digits::Digits;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::pre_tokenizers::PreTokenizerWrapper;
use tokenizers::{AddedToken, SplitDelimiterBehavior, Tokenizer};

use crate::error::{NnError, Result};
use crate::llama_config::{LlamaConfig, RopeScaling};

/// A Llama-family model read from a GGUF file: config, tensors under Hugging Face names and
/// layout, tokenizer.
pub struct GgufLlama {
    /// Hyper-parameters from the `{arch}.*` metadata.
    pub config: LlamaConfig,
    /// Every tensor of the file, dequantized, under its Hugging Face name (q/k rows in Hugging
    /// Face order); tensors without a Hugging Face counterpart keep their GGUF name behind a
    /// `gguf.` prefix (e.g. `gguf.rope_freqs.weight`).
    pub tensors: HashMap<String, Tensor>,
    /// The tokenizer rebuilt from `tokenizer.ggml.*` (byte-level BPE adds no BOS/EOS;
    /// SentencePiece adds BOS when the file says so).
    pub tokenizer: Tokenizer,
    /// One line for logs, e.g. `general.name=…, arch=llama, file_type=Q4_1, …`.
    pub metadata_summary: String,
}

/// Architectures whose GGUF files use the `llama.*`-style keys, llama.cpp's Llama tensor names
/// and the q/k row permutation (llama.cpp's converter writes Mistral-7B-style models as one of
/// these). Others (qwen2, gemma, phi3, …) differ in biases, norms or permutation, so they are
/// refused rather than loaded wrongly.
const SUPPORTED_ARCHS: &[&str] = &["llama", "mistral"];

/// Per-block tensors: llama.cpp suffix → Hugging Face suffix.
const BLOCK_TENSORS: &[(&str, &str)] = &[
    ("attn_q.weight", "self_attn.q_proj.weight"),
    ("attn_k.weight", "self_attn.k_proj.weight"),
    ("attn_v.weight", "self_attn.v_proj.weight"),
    ("attn_output.weight", "self_attn.o_proj.weight"),
    ("ffn_gate.weight", "mlp.gate_proj.weight"),
    ("ffn_up.weight", "mlp.up_proj.weight"),
    ("ffn_down.weight", "mlp.down_proj.weight"),
    ("attn_norm.weight", "input_layernorm.weight"),
    ("ffn_norm.weight", "post_attention_layernorm.weight"),
];

/// Whole-model tensors: llama.cpp name → Hugging Face name.
const GLOBAL_TENSORS: &[(&str, &str)] = &[
    ("token_embd.weight", "model.embed_tokens.weight"),
    ("output_norm.weight", "model.norm.weight"),
    ("output.weight", "lm_head.weight"),
];

/// Prefix for tensors that have no Hugging Face name.
const UNKNOWN_PREFIX: &str = "gguf.";

/// GPT-2 pre-tokenization regex in Llama-3's form (`tokenizer.json` of Llama-3.x).
const LLAMA3_SPLIT_REGEX: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// GGUF token types that become special added tokens: 3 = control, 4 = user defined.
const SPECIAL_TOKEN_TYPES: &[i64] = &[3, 4];

/// Loads a Llama-family GGUF file: config, every tensor dequantized to `dtype` on `device` under
/// Hugging Face names (q/k rows un-permuted), and the tokenizer.
///
/// Fails, naming the file, on an unreadable or truncated file, an unsupported architecture or
/// tokenizer, a missing tensor or a tensor whose shape does not match the config.
pub fn load_gguf(path: &Path, dtype: DType, device: &Device) -> Result<GgufLlama> {
    let file = File::open(path).map_err(|e| NnError::io(path, e))?;
    let mut reader = BufReader::new(file);
    let content = read_content(path, &mut reader)?;
    let meta = Meta {
        path,
        md: &content.metadata,
    };

    let arch = meta.string("general.architecture")?;
    if !SUPPORTED_ARCHS.contains(&arch) {
        return Err(NnError::format(
            path,
            format!(
                "GGUF architecture {arch:?} is not supported (supported: {})",
                SUPPORTED_ARCHS.join(", ")
            ),
        ));
    }
    let config = config_from_meta(&meta, arch, &content)?;
    let plan = plan_tensors(path, &config, &content)?;
    // Before the tensors: it is cheap and an unsupported tokenizer should fail fast.
    let tokenizer = tokenizer_from_meta(&meta)?;

    // Reading is sequential (one file handle); dequantizing is the costly part and runs on
    // the rayon pool, one tensor per task.
    let mut raw = Vec::with_capacity(plan.len());
    for p in &plan {
        let q = content
            .tensor(&mut reader, &p.gguf_name, &Device::Cpu)
            .map_err(|e| tensor_err(path, &p.gguf_name, e))?;
        raw.push(q);
    }
    let tensors: Vec<(String, Tensor)> = plan
        .par_iter()
        .zip(raw.par_iter())
        .map(|(p, q)| {
            let t =
                dequantize(p, q, dtype, device).map_err(|e| tensor_err(path, &p.gguf_name, e))?;
            Ok((p.hf_name.clone(), t))
        })
        .collect::<Result<_>>()?;
    drop(raw);

    let metadata_summary = summary(&meta, arch, &content);
    Ok(GgufLlama {
        config,
        tensors: tensors.into_iter().collect(),
        tokenizer,
        metadata_summary,
    })
}

/// Builds only the tokenizer from `tokenizer.ggml.*` metadata.
///
/// Byte-level BPE (`tokenizer.ggml.model = "gpt2"`; see the module docs for the supported
/// `tokenizer.ggml.pre` values) adds no BOS/EOS on encode; SentencePiece (`"llama"`) adds BOS
/// when the file asks for it. Control and user-defined tokens become special added tokens. Offsets of an [`tokenizers::Encoding`] are byte offsets into the
/// input, with the leading space a byte-level token carries trimmed off.
pub fn tokenizer_from_gguf(path: &Path) -> Result<Tokenizer> {
    let file = File::open(path).map_err(|e| NnError::io(path, e))?;
    let content = read_content(path, &mut BufReader::new(file))?;
    tokenizer_from_meta(&Meta {
        path,
        md: &content.metadata,
    })
}

/// Writes a GGUF file (f32 tensors, llama.cpp names and q/k row permutation, llama.* metadata,
/// plus tokenizer metadata when given) from HF-named tensors — used by tests and to export.
///
/// `tokenizer` is `(tokens, merges)`: tokens in id order, merges as `"a b"`. It is written as a
/// `gpt2` model with pre-tokenizer `gpt2` and every token of type "normal", since that is all
/// the two lists say. Llama-3 RoPE scaling cannot be expressed in GGUF metadata (llama.cpp
/// stores it as a tensor) and is refused.
pub fn write_gguf(
    path: &Path,
    config: &LlamaConfig,
    tensors: &HashMap<String, Tensor>,
    tokenizer: Option<(&[String], &[String])>,
) -> Result<()> {
    config
        .validate()
        .map_err(|m| NnError::format(path, format!("config: {m}")))?;
    let arch = "llama";
    let key = |k: &str| format!("{arch}.{k}");
    let u32v = |v: usize, what: &str| -> Result<Value> {
        u32::try_from(v)
            .map(Value::U32)
            .map_err(|_| NnError::Invalid(format!("write_gguf: {what} {v} does not fit in u32")))
    };
    let mut md: Vec<(String, Value)> = vec![
        ("general.architecture".into(), Value::String(arch.into())),
        ("general.name".into(), Value::String("kbner export".into())),
        ("general.file_type".into(), Value::U32(0)), // all f32
        (
            key("embedding_length"),
            u32v(config.hidden_size, "hidden_size")?,
        ),
        (
            key("feed_forward_length"),
            u32v(config.intermediate_size, "intermediate_size")?,
        ),
        (
            key("block_count"),
            u32v(config.num_hidden_layers, "num_hidden_layers")?,
        ),
        (
            key("attention.head_count"),
            u32v(config.num_attention_heads, "num_attention_heads")?,
        ),
        (
            key("attention.head_count_kv"),
            u32v(config.kv_heads(), "num_key_value_heads")?,
        ),
        (
            key("attention.layer_norm_rms_epsilon"),
            Value::F32(config.rms_norm_eps as f32),
        ),
        (key("rope.freq_base"), Value::F32(config.rope_theta as f32)),
        (
            key("context_length"),
            u32v(config.max_position_embeddings, "max_position_embeddings")?,
        ),
        (
            key("rope.dimension_count"),
            u32v(config.head_dim(), "head_dim")?,
        ),
        (key("vocab_size"), u32v(config.vocab_size, "vocab_size")?),
    ];
    if let Some(hd) = config.head_dim {
        md.push((key("attention.key_length"), u32v(hd, "head_dim")?));
        md.push((key("attention.value_length"), u32v(hd, "head_dim")?));
    }
    if let Some(rs) = &config.rope_scaling {
        match rs.rope_type.as_str() {
            "default" => {}
            "linear" => {
                md.push((key("rope.scaling.type"), Value::String("linear".into())));
                md.push((key("rope.scaling.factor"), Value::F32(rs.factor as f32)));
            }
            other => {
                return Err(NnError::Invalid(format!(
                    "write_gguf: RoPE scaling {other:?} cannot be written to GGUF metadata"
                )))
            }
        }
    }
    if let Some((tokens, merges)) = tokenizer {
        let strings =
            |v: &[String]| Value::Array(v.iter().map(|s| Value::String(s.clone())).collect());
        md.push(("tokenizer.ggml.model".into(), Value::String("gpt2".into())));
        md.push(("tokenizer.ggml.pre".into(), Value::String("gpt2".into())));
        md.push(("tokenizer.ggml.tokens".into(), strings(tokens)));
        md.push((
            "tokenizer.ggml.token_type".into(),
            Value::Array(vec![Value::I32(1); tokens.len()]),
        ));
        md.push(("tokenizer.ggml.merges".into(), strings(merges)));
    }

    // Sorted so the same input always gives the same bytes.
    let mut qtensors: Vec<(String, QTensor)> = Vec::with_capacity(tensors.len());
    let sorted: BTreeMap<&String, &Tensor> = tensors.iter().collect();
    for (hf_name, t) in sorted {
        let (gguf_name, permute_heads) = gguf_name_of(hf_name, config).ok_or_else(|| {
            NnError::Invalid(format!("write_gguf: {hf_name} is not a Llama tensor name"))
        })?;
        let mut t = t.to_device(&Device::Cpu)?.to_dtype(DType::F32)?;
        if let Some(n_head) = permute_heads {
            t = permute_rows(&t, n_head, true).map_err(|e| {
                NnError::format(path, format!("tensor {hf_name}: {}", candle_msg(&e)))
            })?;
        }
        qtensors.push((gguf_name, QTensor::quantize(&t, GgmlDType::F32)?));
    }

    let file = File::create(path).map_err(|e| NnError::io(path, e))?;
    let mut w = BufWriter::new(file);
    let md_refs: Vec<(&str, &Value)> = md.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let t_refs: Vec<(&str, &QTensor)> = qtensors.iter().map(|(k, v)| (k.as_str(), v)).collect();
    gguf_file::write(&mut w, &md_refs, &t_refs)
        .map_err(|e| NnError::format(path, format!("writing GGUF: {}", candle_msg(&e))))?;
    std::io::Write::flush(&mut w).map_err(|e| NnError::io(path, e))?;
    Ok(())
}

/// Reads the header, metadata and tensor table (not the tensor data).
fn read_content(path: &Path, reader: &mut BufReader<File>) -> Result<Content> {
    Content::read(reader).map_err(|e| {
        NnError::format(
            path,
            format!("not a readable GGUF file: {}", candle_msg(&e)),
        )
    })
}

fn tensor_err(path: &Path, name: &str, e: candle_core::Error) -> NnError {
    NnError::format(path, format!("tensor {name}: {}", candle_msg(&e)))
}

/// A candle error's message without the backtrace candle attaches when `RUST_BACKTRACE` is
/// set: these errors are about the file, and the backtrace would bury the reason.
fn candle_msg(e: &candle_core::Error) -> String {
    match e {
        candle_core::Error::WithBacktrace { inner, .. } => candle_msg(inner),
        candle_core::Error::Context { inner, context } => {
            format!("{context}: {}", candle_msg(inner))
        }
        e => e.to_string(),
    }
}

/// Typed access to the metadata; every error names the file and the key.
struct Meta<'a> {
    path: &'a Path,
    md: &'a HashMap<String, Value>,
}

impl<'a> Meta<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.md.get(key)
    }

    fn required(&self, key: &str) -> Result<&'a Value> {
        self.get(key).ok_or_else(|| {
            NnError::format(self.path, format!("GGUF metadata key {key} is missing"))
        })
    }

    fn bad(&self, key: &str, want: &str, v: &Value) -> NnError {
        let shown: String = format!("{v:?}").chars().take(80).collect();
        NnError::format(
            self.path,
            format!("GGUF metadata {key}: expected {want}, found {shown}"),
        )
    }

    fn string(&self, key: &str) -> Result<&'a str> {
        match self.required(key)? {
            Value::String(s) => Ok(s),
            v => Err(self.bad(key, "a string", v)),
        }
    }

    fn opt_string(&self, key: &str) -> Result<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(self.bad(key, "a string", v)),
        }
    }

    fn opt_usize(&self, key: &str) -> Result<Option<usize>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => as_i64(v)
                .and_then(|i| usize::try_from(i).ok())
                .map(Some)
                .ok_or_else(|| self.bad(key, "a non-negative integer", v)),
        }
    }

    fn usize(&self, key: &str) -> Result<usize> {
        self.opt_usize(key)?.ok_or_else(|| {
            NnError::format(self.path, format!("GGUF metadata key {key} is missing"))
        })
    }

    fn opt_f64(&self, key: &str) -> Result<Option<f64>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::F32(f)) => Ok(Some(*f as f64)),
            Some(Value::F64(f)) => Ok(Some(*f)),
            Some(v) => as_i64(v)
                .map(|i| Some(i as f64))
                .ok_or_else(|| self.bad(key, "a number", v)),
        }
    }

    fn opt_f64_array(&self, key: &str) -> Result<Option<Vec<f64>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::F32(f) => Ok(f64::from(*f)),
                    Value::F64(f) => Ok(*f),
                    v => as_i64(v)
                        .map(|i| i as f64)
                        .ok_or_else(|| self.bad(key, "an array of numbers", v)),
                })
                .collect::<Result<_>>()
                .map(Some),
            Some(v) => Err(self.bad(key, "an array", v)),
        }
    }

    fn string_array(&self, key: &str) -> Result<Vec<&'a str>> {
        match self.required(key)? {
            Value::Array(items) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.as_str()),
                    v => Err(self.bad(key, "an array of strings", v)),
                })
                .collect(),
            v => Err(self.bad(key, "an array", v)),
        }
    }

    fn opt_int_array(&self, key: &str) -> Result<Option<Vec<i64>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| as_i64(v).ok_or_else(|| self.bad(key, "an array of integers", v)))
                .collect::<Result<_>>()
                .map(Some),
            Some(v) => Err(self.bad(key, "an array", v)),
        }
    }
}

/// Any integer-typed value; GGUF writers differ in which width they use.
fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::U8(x) => Some(*x as i64),
        Value::I8(x) => Some(*x as i64),
        Value::U16(x) => Some(*x as i64),
        Value::I16(x) => Some(*x as i64),
        Value::U32(x) => Some(*x as i64),
        Value::I32(x) => Some(*x as i64),
        Value::U64(x) => i64::try_from(*x).ok(),
        Value::I64(x) => Some(*x),
        _ => None,
    }
}

fn config_from_meta(meta: &Meta, arch: &str, content: &Content) -> Result<LlamaConfig> {
    let key = |k: &str| format!("{arch}.{k}");
    let hidden_size = meta.usize(&key("embedding_length"))?;
    // The embedding matrix is authoritative for the vocabulary size: it is what the ids index.
    let vocab_size = match content.tensor_infos.get("token_embd.weight") {
        Some(info) => info.shape.dims().first().copied().unwrap_or(0),
        None => match meta.get("tokenizer.ggml.tokens") {
            Some(Value::Array(a)) => a.len(),
            _ => meta.usize(&key("vocab_size"))?,
        },
    };
    let rope_scaling = match meta.opt_string(&key("rope.scaling.type"))? {
        None | Some("none") => None,
        Some("linear") => {
            let factor = meta.opt_f64(&key("rope.scaling.factor"))?.ok_or_else(|| {
                NnError::format(
                    meta.path,
                    format!("{} is missing", key("rope.scaling.factor")),
                )
            })?;
            Some(RopeScaling {
                rope_type: "linear".into(),
                factor,
                low_freq_factor: None,
                high_freq_factor: None,
                original_max_position_embeddings: meta
                    .opt_usize(&key("rope.scaling.original_context_length"))?,
            })
        }
        Some(other) => {
            return Err(NnError::format(
                meta.path,
                format!("RoPE scaling type {other:?} is not supported (only linear)"),
            ))
        }
    };
    let config = LlamaConfig {
        hidden_size,
        intermediate_size: meta.usize(&key("feed_forward_length"))?,
        num_hidden_layers: meta.usize(&key("block_count"))?,
        num_attention_heads: meta.usize(&key("attention.head_count"))?,
        num_key_value_heads: meta.opt_usize(&key("attention.head_count_kv"))?,
        head_dim: meta.opt_usize(&key("attention.key_length"))?,
        vocab_size,
        rms_norm_eps: meta
            .opt_f64(&key("attention.layer_norm_rms_epsilon"))?
            .unwrap_or(1e-5),
        rope_theta: meta.opt_f64(&key("rope.freq_base"))?.unwrap_or(10_000.0),
        rope_scaling,
        max_position_embeddings: meta.opt_usize(&key("context_length"))?.unwrap_or(2048),
        tie_word_embeddings: !content.tensor_infos.contains_key("output.weight"),
    };
    config
        .validate()
        .map_err(|m| NnError::format(meta.path, format!("config from GGUF metadata: {m}")))?;
    Ok(config)
}

/// What to do with one tensor of the file.
struct TensorPlan {
    gguf_name: String,
    hf_name: String,
    /// `Some(n_head)` for q/k projections, whose rows must be un-permuted.
    unpermute_heads: Option<usize>,
}

/// Maps every tensor to its Hugging Face name and checks names and shapes against the config
/// before any data is read, so a mismatched file fails fast and says which tensor is wrong.
fn plan_tensors(path: &Path, c: &LlamaConfig, content: &Content) -> Result<Vec<TensorPlan>> {
    let (h, hd, inter, v) = (
        c.hidden_size,
        c.head_dim(),
        c.intermediate_size,
        c.vocab_size,
    );
    let (q_rows, kv_rows) = (c.num_attention_heads * hd, c.kv_heads() * hd);
    let mut names: Vec<&String> = content.tensor_infos.keys().collect();
    names.sort();
    let mut plan = Vec::with_capacity(names.len());
    for gguf_name in names {
        let shape = content.tensor_infos[gguf_name].shape.dims().to_vec();
        let (hf_name, expected, unpermute_heads): (String, Option<Vec<usize>>, Option<usize>) =
            if let Some((_, hf)) = GLOBAL_TENSORS.iter().find(|(g, _)| g == gguf_name) {
                let expected = if *hf == "model.norm.weight" {
                    vec![h]
                } else {
                    vec![v, h]
                };
                (hf.to_string(), Some(expected), None)
            } else if let Some((layer, suffix)) = split_block_name(gguf_name) {
                match BLOCK_TENSORS.iter().find(|(g, _)| *g == suffix) {
                    Some((g, hf)) => {
                        if layer >= c.num_hidden_layers {
                            return Err(NnError::format(
                                path,
                                format!(
                                    "tensor {gguf_name}: block {layer} but block_count is {}",
                                    c.num_hidden_layers
                                ),
                            ));
                        }
                        let (expected, heads) = match *g {
                            "attn_q.weight" => (vec![q_rows, h], Some(c.num_attention_heads)),
                            "attn_k.weight" => (vec![kv_rows, h], Some(c.kv_heads())),
                            "attn_v.weight" => (vec![kv_rows, h], None),
                            "attn_output.weight" => (vec![h, q_rows], None),
                            "ffn_gate.weight" | "ffn_up.weight" => (vec![inter, h], None),
                            "ffn_down.weight" => (vec![h, inter], None),
                            _ => (vec![h], None), // the two norms
                        };
                        (format!("model.layers.{layer}.{hf}"), Some(expected), heads)
                    }
                    None => (format!("{UNKNOWN_PREFIX}{gguf_name}"), None, None),
                }
            } else {
                (format!("{UNKNOWN_PREFIX}{gguf_name}"), None, None)
            };
        if let Some(expected) = expected {
            if shape != expected {
                return Err(NnError::format(
                    path,
                    format!(
                        "tensor {gguf_name} ({hf_name}) has shape {shape:?}, the config implies {expected:?}"
                    ),
                ));
            }
        }
        plan.push(TensorPlan {
            gguf_name: gguf_name.clone(),
            hf_name,
            unpermute_heads,
        });
    }
    // Everything the model needs must be there; lm_head is optional (tied embeddings).
    let mut required: Vec<&str> = vec!["token_embd.weight", "output_norm.weight"];
    let block_names: Vec<String> = (0..c.num_hidden_layers)
        .flat_map(|l| {
            BLOCK_TENSORS
                .iter()
                .map(move |(g, _)| format!("blk.{l}.{g}"))
        })
        .collect();
    required.extend(block_names.iter().map(String::as_str));
    if let Some(missing) = required
        .into_iter()
        .find(|n| !content.tensor_infos.contains_key(*n))
    {
        return Err(NnError::format(
            path,
            format!("tensor {missing} is missing"),
        ));
    }
    Ok(plan)
}

/// `blk.12.attn_q.weight` → `(12, "attn_q.weight")`.
fn split_block_name(name: &str) -> Option<(usize, &str)> {
    let rest = name.strip_prefix("blk.")?;
    let (layer, suffix) = rest.split_once('.')?;
    Some((layer.parse().ok()?, suffix))
}

/// The GGUF name of a Hugging Face tensor, and the head count to permute q/k rows with.
fn gguf_name_of(hf_name: &str, c: &LlamaConfig) -> Option<(String, Option<usize>)> {
    if let Some(raw) = hf_name.strip_prefix(UNKNOWN_PREFIX) {
        return Some((raw.to_string(), None));
    }
    if let Some((g, _)) = GLOBAL_TENSORS.iter().find(|(_, hf)| *hf == hf_name) {
        return Some((g.to_string(), None));
    }
    let rest = hf_name.strip_prefix("model.layers.")?;
    let (layer, suffix) = rest.split_once('.')?;
    let layer: usize = layer.parse().ok()?;
    let (g, _) = BLOCK_TENSORS.iter().find(|(_, hf)| *hf == suffix)?;
    let heads = match *g {
        "attn_q.weight" => Some(c.num_attention_heads),
        "attn_k.weight" => Some(c.kv_heads()),
        _ => None,
    };
    Some((format!("blk.{layer}.{g}"), heads))
}

/// llama.cpp's q/k row permutation and its inverse.
///
/// The converter does `w.reshape(n_head, 2, d/2, in).swapaxes(1, 2).reshape(rows, in)`
/// (`d` = head width): within each head, row `t·d/2 + j` (half `t`, pair `j`) moves to
/// `2j + t`, so the two rows RoPE rotates together become adjacent. `forward = false` undoes it
/// by the same swap read the other way: `reshape(n_head, d/2, 2, in).swapaxes(1, 2)`.
fn permute_rows(w: &Tensor, n_head: usize, forward: bool) -> candle_core::Result<Tensor> {
    let (rows, cols) = w.dims2()?;
    if n_head == 0 || rows % (2 * n_head) != 0 {
        candle_core::bail!("{rows} rows cannot be split into {n_head} heads of even width")
    }
    let half = rows / n_head / 2;
    let split = if forward {
        (n_head, 2, half, cols)
    } else {
        (n_head, half, 2, cols)
    };
    w.reshape(split)?
        .transpose(1, 2)?
        .contiguous()?
        .reshape((rows, cols))
}

fn dequantize(
    p: &TensorPlan,
    q: &QTensor,
    dtype: DType,
    device: &Device,
) -> candle_core::Result<Tensor> {
    let mut t = q.dequantize(&Device::Cpu)?;
    if let Some(n_head) = p.unpermute_heads {
        t = permute_rows(&t, n_head, false)?;
    }
    t.to_dtype(dtype)?.to_device(device)
}

/// Builds the tokenizer from already-read metadata.
fn tokenizer_from_meta(meta: &Meta) -> Result<Tokenizer> {
    let path = meta.path;
    let model = meta.string("tokenizer.ggml.model")?;
    match model {
        "gpt2" => {}
        "llama" => return sentencepiece_tokenizer(meta),
        other => {
            return Err(NnError::format(
                path,
                format!(
                    "GGUF tokenizer model {other:?} is not supported (\"gpt2\" byte-level BPE and \
                     \"llama\" SentencePiece are); pass the model's tokenizer.json"
                ),
            ))
        }
    }
    let pre = meta.opt_string("tokenizer.ggml.pre")?.unwrap_or("default");
    let (pre_tokenizer, ignore_merges): (PreTokenizerWrapper, bool) = match pre {
        "default" | "gpt2" => (ByteLevel::new(false, true, true).into(), false),
        "smollm" | "starcoder" | "refact" => (
            Sequence::new(vec![Digits::new(true).into(), ByteLevel::new(false, true, true).into()]).into(),
            false,
        ),
        "llama-bpe" | "llama3" | "llama-v3" => {
            let split = Split::new(
                SplitPattern::Regex(LLAMA3_SPLIT_REGEX.into()),
                SplitDelimiterBehavior::Isolated,
                false,
            )
            .map_err(|e| NnError::Tokenizer(e.to_string()))?;
            // Llama-3's tokenizer.json sets ignore_merges: a word that is a whole vocabulary
            // entry is taken as is, which can differ from what the merges would build.
            (Sequence::new(vec![split.into(), ByteLevel::new(false, true, false).into()]).into(), true)
        }
        other => {
            return Err(NnError::format(
                path,
                format!(
                    "GGUF pre-tokenizer {other:?} is not supported (supported: gpt2, smollm, starcoder, \
                     refact, llama-bpe); pass the model's tokenizer.json"
                ),
            ))
        }
    };

    let tokens = meta.string_array("tokenizer.ggml.tokens")?;
    let merges: Vec<(String, String)> = meta
        .string_array("tokenizer.ggml.merges")?
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            m.split_once(' ')
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .ok_or_else(|| {
                    NnError::format(path, format!("GGUF merge {i} {m:?} is not \"a b\""))
                })
        })
        .collect::<Result<_>>()?;
    let vocab = vocab_of(path, &tokens)?;
    let bpe = BPE::builder()
        .vocab_and_merges(vocab, merges)
        .ignore_merges(ignore_merges)
        .build()
        .map_err(|e| NnError::format(path, format!("GGUF tokenizer: {e}")))?;

    let mut tokenizer = Tokenizer::new(bpe);
    tokenizer.with_pre_tokenizer(Some(pre_tokenizer));
    tokenizer.with_decoder(Some(ByteLevelDecoder::new(false, true, true)));
    // As post-processor ByteLevel only trims the leading 'Ġ' off offsets; it adds no tokens.
    tokenizer.with_post_processor(Some(ByteLevel::new(false, true, true)));

    add_special_tokens(meta, &tokens, &mut tokenizer)?;
    Ok(tokenizer)
}

/// Token string → id; more than 2^32 tokens is refused.
fn vocab_of(path: &Path, tokens: &[&str]) -> Result<Vocab> {
    if u32::try_from(tokens.len()).is_err() {
        return Err(NnError::format(
            path,
            "more than 2^32 tokens in the GGUF vocabulary",
        ));
    }
    let mut vocab = Vocab::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        // A duplicated token string keeps its last id, as llama.cpp's token→id map does.
        vocab.insert(t.to_string(), i as u32);
    }
    Ok(vocab)
}

/// Control and user-defined tokens (`tokenizer.ggml.token_type` 3 and 4) become special added
/// tokens, never split.
fn add_special_tokens(meta: &Meta, tokens: &[&str], tokenizer: &mut Tokenizer) -> Result<()> {
    let Some(types) = meta.opt_int_array("tokenizer.ggml.token_type")? else {
        return Ok(());
    };
    if types.len() != tokens.len() {
        return Err(NnError::format(
            meta.path,
            format!(
                "tokenizer.ggml.token_type has {} entries but tokenizer.ggml.tokens has {}",
                types.len(),
                tokens.len()
            ),
        ));
    }
    let special: Vec<AddedToken> = tokens
        .iter()
        .zip(&types)
        .filter(|(_, ty)| SPECIAL_TOKEN_TYPES.contains(ty))
        .map(|(t, _)| AddedToken::from(t.to_string(), true))
        .collect();
    tokenizer
        .add_special_tokens(special)
        .map_err(|e| NnError::Tokenizer(e.to_string()))?;
    Ok(())
}

/// SentencePiece's word-boundary mark.
const SPM_SPACE: &str = "\u{2581}";

/// A SentencePiece tokenizer (`tokenizer.ggml.model = "llama"`: Llama-2, Mistral-7B v0.1,
/// TinyLlama), built as the `tokenizer.json` Hugging Face converts from the `.model` file:
/// spaces become `▁` and one is prepended, then BPE whose merges are every split of a vocabulary
/// piece into two vocabulary pieces, ranked by the merged piece's score (so the pair whose merge
/// scores best goes first, as in SentencePiece's and llama.cpp's BPE), with byte fallback to the
/// `<0xNN>` tokens for characters outside the vocabulary. BOS is added when
/// `tokenizer.ggml.add_bos_token` says so (default: yes, as llama.cpp does for these models).
fn sentencepiece_tokenizer(meta: &Meta) -> Result<Tokenizer> {
    use tokenizers::decoders::byte_fallback::ByteFallback;
    use tokenizers::decoders::fuse::Fuse;
    use tokenizers::decoders::sequence::Sequence as DecoderSequence;
    use tokenizers::decoders::strip::Strip;
    use tokenizers::decoders::DecoderWrapper;
    use tokenizers::normalizers::{Prepend, Replace, Sequence as NormalizerSequence};
    use tokenizers::processors::template::TemplateProcessing;

    let path = meta.path;
    let tokens = meta.string_array("tokenizer.ggml.tokens")?;
    let scores = meta.opt_f64_array("tokenizer.ggml.scores")?;
    if let Some(sc) = &scores {
        if sc.len() != tokens.len() {
            return Err(NnError::format(
                path,
                format!(
                    "tokenizer.ggml.scores has {} entries but tokenizer.ggml.tokens has {}",
                    sc.len(),
                    tokens.len()
                ),
            ));
        }
    }
    let vocab = vocab_of(path, &tokens)?;
    // Without scores, earlier pieces rank first (SentencePiece stores pieces by score).
    let score = |i: usize| scores.as_ref().map_or(-(i as f64), |s| s[i]);
    let mut merges: Vec<(f64, u32, u32, usize)> = Vec::new();
    for (i, piece) in tokens.iter().enumerate() {
        for (cut, _) in piece.char_indices().skip(1) {
            let (l, r) = piece.split_at(cut);
            if let (Some(&a), Some(&b)) = (vocab.get(l), vocab.get(r)) {
                merges.push((score(i), a, b, i));
            }
        }
    }
    // Best merged score first; ties by the halves' ids, as Hugging Face's converter orders them.
    merges.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let merges: Vec<(String, String)> = merges
        .into_iter()
        .map(|(_, a, b, _)| {
            (
                tokens[a as usize].to_string(),
                tokens[b as usize].to_string(),
            )
        })
        .collect();
    let unk_id = meta
        .opt_usize("tokenizer.ggml.unknown_token_id")?
        .unwrap_or(0);
    let unk = tokens.get(unk_id).copied().unwrap_or("<unk>").to_string();
    let bpe = BPE::builder()
        .vocab_and_merges(vocab, merges)
        .unk_token(unk)
        .fuse_unk(true)
        .byte_fallback(true)
        .build()
        .map_err(|e| NnError::format(path, format!("GGUF tokenizer: {e}")))?;

    let mut tokenizer = Tokenizer::new(bpe);
    tokenizer
        .with_normalizer(Some(NormalizerSequence::new(vec![
            Prepend::new(SPM_SPACE.into()).into(),
            Replace::new(" ", SPM_SPACE)
                .map_err(|e| NnError::Tokenizer(e.to_string()))?
                .into(),
        ])))
        .map_err(|e| NnError::Tokenizer(e.to_string()))?;
    let replace = Replace::new(SPM_SPACE, " ").map_err(|e| NnError::Tokenizer(e.to_string()))?;
    tokenizer.with_decoder(Some(DecoderSequence::new(vec![
        DecoderWrapper::Replace(replace),
        ByteFallback::new().into(),
        Fuse::new().into(),
        Strip::new(' ', 1, 0).into(),
    ])));
    add_special_tokens(meta, &tokens, &mut tokenizer)?;
    let add_bos = match meta.get("tokenizer.ggml.add_bos_token") {
        Some(Value::Bool(b)) => *b,
        _ => true,
    };
    let bos_id = meta.opt_usize("tokenizer.ggml.bos_token_id")?.unwrap_or(1);
    if let (true, Some(bos)) = (add_bos, tokens.get(bos_id)) {
        let template = TemplateProcessing::builder()
            .try_single(format!("{bos}:0 $A:0"))
            .and_then(|b| {
                b.special_tokens(vec![(bos.to_string(), bos_id as u32)])
                    .build()
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| NnError::format(path, format!("GGUF tokenizer BOS: {e}")))?;
        tokenizer.with_post_processor(Some(template));
    }
    Ok(tokenizer)
}

/// One line describing the file, for logs.
fn summary(meta: &Meta, arch: &str, content: &Content) -> String {
    let name = meta
        .opt_string("general.name")
        .ok()
        .flatten()
        .unwrap_or("?");
    let file_type = match meta.opt_usize("general.file_type").ok().flatten() {
        Some(ft) => file_type_name(ft).map_or_else(|| ft.to_string(), str::to_string),
        None => "?".into(),
    };
    let tok = meta
        .opt_string("tokenizer.ggml.model")
        .ok()
        .flatten()
        .unwrap_or("?");
    let pre = meta
        .opt_string("tokenizer.ggml.pre")
        .ok()
        .flatten()
        .unwrap_or("default");
    let mut dtypes: BTreeMap<String, usize> = BTreeMap::new();
    for info in content.tensor_infos.values() {
        *dtypes.entry(format!("{:?}", info.ggml_dtype)).or_default() += 1;
    }
    let dtypes: Vec<String> = dtypes.iter().map(|(d, n)| format!("{n}×{d}")).collect();
    format!(
        "general.name={name}, arch={arch}, file_type={file_type}, tokenizer={tok}/{pre}, \
         {} tensors ({})",
        content.tensor_infos.len(),
        dtypes.join(", ")
    )
}

/// llama.cpp's `general.file_type` (`llama_ftype`) names for the common values.
fn file_type_name(ft: usize) -> Option<&'static str> {
    Some(match ft {
        0 => "F32",
        1 => "F16",
        2 => "Q4_0",
        3 => "Q4_1",
        7 => "Q8_0",
        8 => "Q5_0",
        9 => "Q5_1",
        10 => "Q2_K",
        11 => "Q3_K_S",
        12 => "Q3_K_M",
        13 => "Q3_K_L",
        14 => "Q4_K_S",
        15 => "Q4_K_M",
        16 => "Q5_K_S",
        17 => "Q5_K_M",
        18 => "Q6_K",
        32 => "BF16",
        _ => return None,
    })
}
