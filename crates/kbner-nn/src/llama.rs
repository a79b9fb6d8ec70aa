//! The Llama architecture (Llama-2/3, Mistral-style, SmolLM2, TinyLlama) as a token encoder:
//! RMSNorm, RoPE with the config's theta and scaling, grouped-query attention, SwiGLU.
//!
//! Unlike candle-transformers' `llama`, attention takes a mask argument: bidirectional with a
//! padding mask (what the VANER tagger uses) or causal (the ablation). The model returns the
//! final hidden state of every token; there is no LM head. Weights use Hugging Face names.
//!
//! Two numerically equal code paths: with `train = true` every op is differentiable (the
//! `fused` ops, which keep only their inputs for the backward pass); for inference candle's
//! fused kernels are used, which are faster but have no backward pass.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor};

use crate::error::{NnError, Result};
use crate::llama_config::LlamaConfig;
use crate::lora::{Linear, LoraSettings};
use crate::params::Params;
use crate::rng::Rng;

/// How tokens may attend to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttentionMode {
    /// Every token sees every non-padding token (the causal mask removed).
    Bidirectional,
    /// Token `i` sees tokens `0..=i` (the pretrained decoder's mask).
    Causal,
}

/// A large negative bias for masked positions: finite, so a row never becomes NaN.
const MASKED: f64 = -1e9;

struct Block {
    attn_norm: Tensor,
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    mlp_norm: Tensor,
    gate: Linear,
    up: Linear,
    down: Linear,
}

/// A Llama-family transformer without its LM head.
pub struct Llama {
    config: LlamaConfig,
    embed: Tensor,
    blocks: Vec<Block>,
    norm: Tensor,
    cos: Tensor,
    sin: Tensor,
}

impl std::fmt::Debug for Llama {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Llama")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Longest position table built (a Llama-3 config says 131072; taggers use far less).
const MAX_ROPE_TABLE: usize = 8192;

impl Llama {
    /// Builds the model from Hugging Face-named tensors (`model.layers.N.self_attn.q_proj.weight`,
    /// …), taking them out of `tensors`. With `lora`, adapters are added to the targeted linears
    /// and registered in `params` under PEFT names (`base_model.model.model.layers.N.…`).
    /// `source` names the file the tensors came from, for errors.
    pub fn from_tensors(
        config: &LlamaConfig,
        tensors: &mut HashMap<String, Tensor>,
        lora: Option<(&LoraSettings, &mut Params, &mut Rng)>,
        source: &std::path::Path,
    ) -> Result<Self> {
        config.validate().map_err(|m| NnError::format(source, m))?;
        let h = config.hidden_size;
        let hd = config.head_dim();
        let nh = config.num_attention_heads;
        let nkv = config.kv_heads();
        let ff = config.intermediate_size;
        let mut take =
            |name: &str, shape: &[usize]| crate::params::take_tensor(tensors, name, shape, source);
        let embed = take("model.embed_tokens.weight", &[config.vocab_size, h])?;
        let norm = take("model.norm.weight", &[h])?;
        let mut blocks = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let p = format!("model.layers.{i}");
            let lin = |t: Tensor| Linear::new(t, None);
            let block = Block {
                attn_norm: take(&format!("{p}.input_layernorm.weight"), &[h])?,
                q: lin(take(
                    &format!("{p}.self_attn.q_proj.weight"),
                    &[nh * hd, h],
                )?),
                k: lin(take(
                    &format!("{p}.self_attn.k_proj.weight"),
                    &[nkv * hd, h],
                )?),
                v: lin(take(
                    &format!("{p}.self_attn.v_proj.weight"),
                    &[nkv * hd, h],
                )?),
                o: lin(take(
                    &format!("{p}.self_attn.o_proj.weight"),
                    &[h, nh * hd],
                )?),
                mlp_norm: take(&format!("{p}.post_attention_layernorm.weight"), &[h])?,
                gate: lin(take(&format!("{p}.mlp.gate_proj.weight"), &[ff, h])?),
                up: lin(take(&format!("{p}.mlp.up_proj.weight"), &[ff, h])?),
                down: lin(take(&format!("{p}.mlp.down_proj.weight"), &[h, ff])?),
            };
            blocks.push(block);
        }
        if let Some((settings, params, rng)) = lora {
            for (i, b) in blocks.iter_mut().enumerate() {
                let p = format!("base_model.model.model.layers.{i}");
                let linears: [(&str, &str, &mut Linear); 7] = [
                    ("self_attn", "q_proj", &mut b.q),
                    ("self_attn", "k_proj", &mut b.k),
                    ("self_attn", "v_proj", &mut b.v),
                    ("self_attn", "o_proj", &mut b.o),
                    ("mlp", "gate_proj", &mut b.gate),
                    ("mlp", "up_proj", &mut b.up),
                    ("mlp", "down_proj", &mut b.down),
                ];
                for (group, name, linear) in linears {
                    if settings.targets(name) {
                        linear.add_lora(&format!("{p}.{group}.{name}"), settings, params, rng)?;
                    }
                }
            }
        }
        // Llama-3.1/3.2 GGUF files carry their RoPE scaling as per-frequency divisors
        // (llama.cpp's `rope_freqs`) instead of config fields.
        let freq_divisors = match tensors.remove("gguf.rope_freqs.weight") {
            Some(t) => Some(t.to_dtype(DType::F32)?.flatten_all()?.to_vec1::<f32>()?),
            None => None,
        };
        if let Some(d) = &freq_divisors {
            if d.len() != hd / 2 {
                return Err(NnError::format(
                    source,
                    format!(
                        "rope_freqs has {} values, expected head_dim / 2 = {}",
                        d.len(),
                        hd / 2
                    ),
                ));
            }
        }
        let (cos, sin) = rope_tables(
            config,
            freq_divisors.as_deref(),
            embed.device(),
            embed.dtype(),
        )?;
        Ok(Llama {
            config: config.clone(),
            embed,
            blocks,
            norm,
            cos,
            sin,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &LlamaConfig {
        &self.config
    }

    /// The device the weights live on.
    pub fn device(&self) -> &Device {
        self.embed.device()
    }

    /// Final hidden states `(batch, seq, hidden)` for token ids `(batch, seq)` (u32) and a
    /// padding mask `(batch, seq)` (1 = token, 0 = padding; any numeric dtype).
    pub fn forward(
        &self,
        ids: &Tensor,
        pad_mask: &Tensor,
        mode: AttentionMode,
        train: bool,
    ) -> Result<Tensor> {
        let (b, t) = ids.dims2()?;
        if t > self.cos.dims()[0] {
            return Err(NnError::Invalid(format!(
                "sequence of {t} tokens is longer than the position table ({})",
                self.cos.dims()[0]
            )));
        }
        let h = self.config.hidden_size;
        let mut x = self
            .embed
            .index_select(&ids.flatten_all()?, 0)?
            .reshape((b, t, h))?;
        let bias = attention_bias(pad_mask, mode, x.dtype())?;
        let cos = self.cos.narrow(0, 0, t)?;
        let sin = self.sin.narrow(0, 0, t)?;
        let eps = self.config.rms_norm_eps as f32;
        for block in &self.blocks {
            let n = rms_norm(&x, &block.attn_norm, eps, train)?;
            let a = self.attention(block, &n, &bias, &cos, &sin, train)?;
            x = (x + a)?;
            let n = rms_norm(&x, &block.mlp_norm, eps, train)?;
            let gate = block.gate.forward(&n, train)?;
            let up = block.up.forward(&n, train)?;
            let act = if train {
                crate::fused::silu_mul(&gate, &up)?
            } else {
                (candle_nn::ops::silu(&gate)? * up)?
            };
            x = (x + block.down.forward(&act, train)?)?;
        }
        rms_norm(&x, &self.norm, eps, train)
    }

    fn attention(
        &self,
        block: &Block,
        x: &Tensor,
        bias: &Tensor,
        cos: &Tensor,
        sin: &Tensor,
        train: bool,
    ) -> Result<Tensor> {
        let (b, t, _) = x.dims3()?;
        let hd = self.config.head_dim();
        let nh = self.config.num_attention_heads;
        let nkv = self.config.kv_heads();
        let heads = |y: Tensor, n: usize| -> Result<Tensor> {
            Ok(y.reshape((b, t, n, hd))?.transpose(1, 2)?.contiguous()?)
        };
        let q = heads(block.q.forward(x, train)?, nh)?;
        let k = heads(block.k.forward(x, train)?, nkv)?;
        let v = heads(block.v.forward(x, train)?, nkv)?;
        let (q, k) = if train {
            (
                crate::fused::rope(&q, cos, sin)?,
                crate::fused::rope(&k, cos, sin)?,
            )
        } else {
            (
                candle_nn::rotary_emb::rope(&q, cos, sin)?,
                candle_nn::rotary_emb::rope(&k, cos, sin)?,
            )
        };
        // Grouped-query attention without copying k and v per query head: the query heads that
        // share a kv head are consecutive, so they stack along the sequence axis of one matmul.
        let group = nh / nkv;
        let scale = 1.0 / (hd as f64).sqrt();
        let q = (q * scale)?.reshape((b, nkv, group * t, hd))?;
        let scores = q.matmul(&k.t()?)?.reshape((b, nh, t, t))?;
        let probs = if train {
            crate::fused::biased_softmax(&scores, bias)?
        } else {
            candle_nn::ops::softmax_last_dim(&scores.broadcast_add(bias)?)?
        };
        let out = probs
            .reshape((b, nkv, group * t, t))?
            .matmul(&v)?
            .reshape((b, nh, t, hd))?
            .transpose(1, 2)?
            .reshape((b, t, nh * hd))?;
        block.o.forward(&out, train)
    }
}

fn rms_norm(x: &Tensor, w: &Tensor, eps: f32, train: bool) -> Result<Tensor> {
    Ok(if train {
        crate::fused::rms_norm(x, w, eps)?
    } else {
        candle_nn::ops::rms_norm(&x.contiguous()?, w, eps)?
    })
}

/// Additive attention bias `(batch, 1, seq, seq)`: 0 where attention is allowed, a large negative
/// number for padded keys and, in causal mode, for future tokens.
pub fn attention_bias(pad_mask: &Tensor, mode: AttentionMode, dtype: DType) -> Result<Tensor> {
    let (b, t) = pad_mask.dims2()?;
    let keep = pad_mask.to_dtype(DType::F32)?;
    // 0 for tokens, MASKED for padding, as (b, 1, 1, t) over keys.
    let pad_bias = ((keep - 1.0)? * (-MASKED))?.reshape((b, 1, 1, t))?;
    let bias = match mode {
        AttentionMode::Bidirectional => pad_bias.broadcast_as((b, 1, t, t))?.contiguous()?,
        AttentionMode::Causal => {
            let future: Vec<f32> = (0..t)
                .flat_map(|i| (0..t).map(move |j| if j > i { MASKED as f32 } else { 0.0 }))
                .collect();
            let future = Tensor::from_vec(future, (1, 1, t, t), pad_mask.device())?;
            pad_bias.broadcast_add(&future)?
        }
    };
    Ok(bias.to_dtype(dtype)?)
}

/// RoPE cos/sin tables `(positions, head_dim / 2)`, with Llama-3 or linear scaling applied.
fn rope_tables(
    config: &LlamaConfig,
    freq_divisors: Option<&[f32]>,
    device: &Device,
    dtype: DType,
) -> Result<(Tensor, Tensor)> {
    let hd = config.head_dim();
    let mut inv_freq: Vec<f64> = (0..hd / 2)
        .map(|i| 1.0 / config.rope_theta.powf(2.0 * i as f64 / hd as f64))
        .collect();
    if let Some(d) = freq_divisors {
        for (f, d) in inv_freq.iter_mut().zip(d) {
            *f /= f64::from(*d);
        }
    }
    let mut pos_scale = 1.0;
    if let Some(s) = &config.rope_scaling {
        match s.rope_type.as_str() {
            "llama3" => {
                let low = s.low_freq_factor.unwrap_or(1.0);
                let high = s.high_freq_factor.unwrap_or(4.0);
                let orig = s.original_max_position_embeddings.unwrap_or(8192) as f64;
                let low_wavelen = orig / low;
                let high_wavelen = orig / high;
                for f in inv_freq.iter_mut() {
                    let wavelen = std::f64::consts::TAU / *f;
                    if wavelen > low_wavelen {
                        *f /= s.factor;
                    } else if wavelen >= high_wavelen {
                        let smooth = (orig / wavelen - low) / (high - low);
                        *f = (1.0 - smooth) * *f / s.factor + smooth * *f;
                    }
                }
            }
            "linear" => pos_scale = 1.0 / s.factor,
            _ => {}
        }
    }
    let n = config.max_position_embeddings.clamp(1, MAX_ROPE_TABLE);
    let mut cos = Vec::with_capacity(n * hd / 2);
    let mut sin = Vec::with_capacity(n * hd / 2);
    for p in 0..n {
        for f in &inv_freq {
            let a = p as f64 * pos_scale * f;
            cos.push(a.cos() as f32);
            sin.push(a.sin() as f32);
        }
    }
    let cos = Tensor::from_vec(cos, (n, hd / 2), device)?.to_dtype(dtype)?;
    let sin = Tensor::from_vec(sin, (n, hd / 2), device)?.to_dtype(dtype)?;
    Ok((cos, sin))
}
