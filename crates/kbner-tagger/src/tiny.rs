//! A tiny random Llama (2 layers, hidden 32, grouped-query attention) with a word-level
//! tokenizer: what tests, examples and CLI checks run on instead of a downloaded model.

use std::collections::HashMap;
use std::path::Path;

use crate::config::LlamaConfig;
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
    use crate::TaggerError;
    std::fs::create_dir_all(dir).map_err(|e| TaggerError::io(dir, e))?;
    let mut cfg =
        serde_json::to_value(config()).map_err(|e| TaggerError::Invalid(e.to_string()))?;
    cfg["model_type"] = "llama".into();
    let path = dir.join("config.json");
    std::fs::write(&path, cfg.to_string()).map_err(|e| TaggerError::io(&path, e))?;
    let path = dir.join("model.safetensors");
    candle_core::safetensors::save(&weights(seed), &path)
        .map_err(|e| TaggerError::format(&path, e.to_string()))?;
    let path = dir.join("tokenizer.json");
    tokenizer()
        .save(&path, false)
        .map_err(|e| TaggerError::format(&path, e.to_string()))
}
