//! Test fixtures (feature `test-support`): a tiny random Llama (2 layers, hidden 32,
//! grouped-query attention) with a word-level
//! tokenizer, what tests and CLI checks run on instead of a downloaded model, and a small
//! SentencePiece GGUF vocabulary.

use std::collections::HashMap;
use std::path::Path;

use crate::llama_config::LlamaConfig;
use crate::rng::Rng;
use candle_core::{Device, Tensor};

/// Words the toy tokenizer knows (everything else is `[UNK]`).
pub const VOCAB: &[&str] = &[
    "[UNK]",
    "[PAD]",
    "If",
    "any",
    "Disease",
    "Chemical",
    "entity",
    "is",
    "mentioned",
    "in",
    "the",
    "toy",
    "input,",
    "extract",
    "it.",
    "##input:",
    "patients",
    "with",
    "cancer",
    "asthma",
    "diabetes",
    "were",
    "treated",
    "aspirin",
    "and",
    "had",
    "no",
    "signs",
    "of",
    "a",
    "history",
    "family",
    "severe",
    "mild",
    "syndrome",
    "disease",
    "drug",
    "dose",
    "study",
    "we",
    "report",
    "two",
    "cases",
    ".",
];

/// Its configuration.
pub fn config() -> LlamaConfig {
    serde_json::from_value(serde_json::json!({
        "hidden_size": 32,
        "intermediate_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "vocab_size": VOCAB.len(),
        "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0,
        "max_position_embeddings": 256,
        "tie_word_embeddings": true,
        "model_type": "llama"
    }))
    .expect("static config")
}

/// Random Hugging Face-named weights for [`config`].
pub fn weights(seed: u64) -> HashMap<String, Tensor> {
    let c = config();
    let mut rng = Rng::new(seed);
    let dev = Device::Cpu;
    let mut rand = |shape: &[usize], scale: f64| {
        let n: usize = shape.iter().product();
        let v: Vec<f32> = (0..n).map(|_| (rng.normal() * scale) as f32).collect();
        Tensor::from_vec(v, shape, &dev).expect("tiny model")
    };
    let (h, ff, hd) = (c.hidden_size, c.intermediate_size, c.head_dim());
    let (nh, nkv) = (c.num_attention_heads, c.kv_heads());
    let mut t = HashMap::new();
    t.insert(
        "model.embed_tokens.weight".to_string(),
        rand(&[c.vocab_size, h], 1.0),
    );
    t.insert(
        "model.norm.weight".to_string(),
        (rand(&[h], 0.1) + 1.0).expect("tiny model"),
    );
    for i in 0..c.num_hidden_layers {
        let p = format!("model.layers.{i}");
        let s = 0.2;
        t.insert(
            format!("{p}.input_layernorm.weight"),
            (rand(&[h], 0.1) + 1.0).expect("tiny model"),
        );
        t.insert(
            format!("{p}.post_attention_layernorm.weight"),
            (rand(&[h], 0.1) + 1.0).expect("tiny model"),
        );
        t.insert(
            format!("{p}.self_attn.q_proj.weight"),
            rand(&[nh * hd, h], s),
        );
        t.insert(
            format!("{p}.self_attn.k_proj.weight"),
            rand(&[nkv * hd, h], s),
        );
        t.insert(
            format!("{p}.self_attn.v_proj.weight"),
            rand(&[nkv * hd, h], s),
        );
        t.insert(
            format!("{p}.self_attn.o_proj.weight"),
            rand(&[h, nh * hd], s),
        );
        t.insert(format!("{p}.mlp.gate_proj.weight"), rand(&[ff, h], s));
        t.insert(format!("{p}.mlp.up_proj.weight"), rand(&[ff, h], s));
        t.insert(format!("{p}.mlp.down_proj.weight"), rand(&[h, ff], s));
    }
    t
}

/// A word-level tokenizer over [`VOCAB`], split on whitespace.
pub fn tokenizer() -> tokenizers::Tokenizer {
    use tokenizers::models::wordlevel::WordLevel;
    use tokenizers::pre_tokenizers::whitespace::WhitespaceSplit;
    let vocab: HashMap<String, u32> = VOCAB
        .iter()
        .enumerate()
        .map(|(i, w)| (w.to_string(), i as u32))
        .collect();
    let model = WordLevel::builder()
        .vocab(vocab.into_iter().collect())
        .unk_token("[UNK]".into())
        .build()
        .expect("tiny model");
    let mut tok = tokenizers::Tokenizer::new(model);
    tok.with_pre_tokenizer(Some(WhitespaceSplit));
    tok
}

/// Writes a Hugging Face-style Llama directory (config.json, model.safetensors,
/// tokenizer.json) with random weights from `seed` to `dir`.
pub fn write_model(dir: &Path, seed: u64) -> crate::Result<()> {
    use crate::NnError;
    std::fs::create_dir_all(dir).map_err(|e| NnError::io(dir, e))?;
    let mut cfg = serde_json::to_value(config()).map_err(|e| NnError::Invalid(e.to_string()))?;
    cfg["model_type"] = "llama".into();
    let path = dir.join("config.json");
    std::fs::write(&path, cfg.to_string()).map_err(|e| NnError::io(&path, e))?;
    let path = dir.join("model.safetensors");
    candle_core::safetensors::save(&weights(seed), &path)
        .map_err(|e| NnError::format(&path, e.to_string()))?;
    let path = dir.join("tokenizer.json");
    tokenizer()
        .save(&path, false)
        .map_err(|e| NnError::format(&path, e.to_string()))
}

/// Writes a GGUF file holding only a SentencePiece (`tokenizer.ggml.model = llama`) vocabulary:
/// the pieces `▁ a b c ab abc ▁a bc ▁ab` with merge scores, byte fallback pieces and
/// `<unk> <s> </s>`; `add_bos` sets `tokenizer.ggml.add_bos_token` when given.
pub fn write_sentencepiece_gguf(path: &Path, add_bos: Option<bool>) -> crate::Result<()> {
    use candle_core::quantized::gguf_file::{self, Value};
    use candle_core::quantized::{GgmlDType, QTensor};
    let mut pieces: Vec<(String, f32, i32)> = vec![
        ("<unk>".into(), 0.0, 2),
        ("<s>".into(), 0.0, 3),
        ("</s>".into(), 0.0, 3),
    ];
    pieces.extend((0..=255u8).map(|b| (format!("<0x{b:02X}>"), 0.0, 6)));
    // The pair whose merge scores higher goes first: "ab" (-1) before "▁a" (-3), so "▁ab" is
    // built as ▁ + ab; "abc" (-2) beats "▁ab" (-5) inside "▁abc", which stays ▁ + abc.
    for (p, s) in [
        ("\u{2581}", -1.5),
        ("a", -6.0),
        ("b", -7.0),
        ("c", -8.0),
        ("ab", -1.0),
        ("abc", -2.0),
        ("\u{2581}a", -3.0),
        ("bc", -4.0),
        ("\u{2581}ab", -5.0),
    ] {
        pieces.push((p.into(), s, 1));
    }
    let mut md = vec![
        ("tokenizer.ggml.model", Value::String("llama".into())),
        (
            "tokenizer.ggml.tokens",
            Value::Array(pieces.iter().map(|p| Value::String(p.0.clone())).collect()),
        ),
        (
            "tokenizer.ggml.scores",
            Value::Array(pieces.iter().map(|p| Value::F32(p.1)).collect()),
        ),
        (
            "tokenizer.ggml.token_type",
            Value::Array(pieces.iter().map(|p| Value::I32(p.2)).collect()),
        ),
        ("tokenizer.ggml.bos_token_id", Value::U32(1)),
    ];
    if let Some(b) = add_bos {
        md.push(("tokenizer.ggml.add_bos_token", Value::Bool(b)));
    }
    // A GGUF file needs a tensor; the tokenizer loader ignores it.
    let t = QTensor::quantize(
        &Tensor::zeros(4, candle_core::DType::F32, &Device::Cpu)?,
        GgmlDType::F32,
    )?;
    let refs: Vec<(&str, &Value)> = md.iter().map(|(k, v)| (*k, v)).collect();
    let mut f = std::fs::File::create(path).map_err(|e| crate::NnError::io(path, e))?;
    gguf_file::write(&mut f, &refs, &[("output_norm.weight", &t)])?;
    Ok(())
}
