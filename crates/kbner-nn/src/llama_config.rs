//! Plain serde configuration of the Llama architecture, as Hugging Face writes it in `config.json`.

use serde::{Deserialize, Serialize};

/// RoPE scaling as found in Llama-3.x configs (`rope_type: "llama3"`) or linear scaling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RopeScaling {
    /// `"llama3"`, `"linear"` or `"default"`; older configs name it `type`.
    #[serde(alias = "type")]
    pub rope_type: String,
    /// Scale factor.
    pub factor: f64,
    /// Llama-3 only: wavelengths longer than `original / low_freq_factor` are scaled fully.
    #[serde(default)]
    pub low_freq_factor: Option<f64>,
    /// Llama-3 only: wavelengths shorter than `original / high_freq_factor` are not scaled.
    #[serde(default)]
    pub high_freq_factor: Option<f64>,
    /// Llama-3 only: the context length the model was pretrained with.
    #[serde(default)]
    pub original_max_position_embeddings: Option<usize>,
}

/// The Llama-family hyper-parameters kbner needs (Llama-2/3, Mistral-style, SmolLM2, TinyLlama).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LlamaConfig {
    /// Width of the residual stream.
    pub hidden_size: usize,
    /// Width of the SwiGLU feed-forward layer.
    pub intermediate_size: usize,
    /// Number of transformer blocks.
    pub num_hidden_layers: usize,
    /// Number of query heads.
    pub num_attention_heads: usize,
    /// Number of key/value heads (grouped-query attention); defaults to `num_attention_heads`.
    #[serde(default)]
    pub num_key_value_heads: Option<usize>,
    /// Per-head width; defaults to `hidden_size / num_attention_heads`.
    #[serde(default)]
    pub head_dim: Option<usize>,
    /// Vocabulary size.
    pub vocab_size: usize,
    /// RMSNorm epsilon.
    #[serde(default = "default_rms_norm_eps")]
    pub rms_norm_eps: f64,
    /// RoPE base frequency.
    #[serde(default = "default_rope_theta")]
    pub rope_theta: f64,
    /// Optional RoPE scaling.
    #[serde(default)]
    pub rope_scaling: Option<RopeScaling>,
    /// Longest sequence the position table covers.
    #[serde(default = "default_max_positions")]
    pub max_position_embeddings: usize,
    /// Whether the LM head shares the embedding matrix (the tagger never uses the LM head).
    #[serde(default)]
    pub tie_word_embeddings: bool,
}

fn default_rms_norm_eps() -> f64 {
    1e-5
}
fn default_rope_theta() -> f64 {
    10_000.0
}
fn default_max_positions() -> usize {
    2048
}

impl LlamaConfig {
    /// Number of key/value heads.
    pub fn kv_heads(&self) -> usize {
        self.num_key_value_heads.unwrap_or(self.num_attention_heads)
    }

    /// Per-head width.
    pub fn head_dim(&self) -> usize {
        self.head_dim
            .unwrap_or(self.hidden_size / self.num_attention_heads)
    }

    /// Checks the numbers fit together, so a bad config fails at load and not deep in a matmul.
    pub fn validate(&self) -> Result<(), String> {
        if self.num_attention_heads == 0 || self.hidden_size == 0 || self.num_hidden_layers == 0 {
            return Err(
                "hidden_size, num_attention_heads and num_hidden_layers must be > 0".into(),
            );
        }
        if self.head_dim.is_none() && !self.hidden_size.is_multiple_of(self.num_attention_heads) {
            return Err(format!(
                "hidden_size {} is not a multiple of num_attention_heads {}",
                self.hidden_size, self.num_attention_heads
            ));
        }
        if self.kv_heads() == 0 || !self.num_attention_heads.is_multiple_of(self.kv_heads()) {
            return Err(format!(
                "num_attention_heads {} is not a multiple of num_key_value_heads {}",
                self.num_attention_heads,
                self.kv_heads()
            ));
        }
        if !self.head_dim().is_multiple_of(2) {
            return Err(format!(
                "head_dim {} must be even for RoPE",
                self.head_dim()
            ));
        }
        Ok(())
    }
}
