//! A BERT encoder written for training: the same weights and outputs as candle-transformers'
//! `BertModel` (used by `kbner-encoder` for embedding), but with a differentiable layer norm so
//! gradients reach every layer. Files are located and checked by [`crate::BertFiles`].

use std::collections::HashMap;
use std::path::Path;

use crate::model_files::BertConfig;
use candle_core::{DType, Tensor, D};

use crate::error::{NnError, Result};
use crate::lora::{graph_param, Linear, LoraSettings};
use crate::params::Params;
use crate::rng::Rng;

/// The BERT linears that can carry LoRA, by their Hugging Face names.
pub const BERT_LINEARS: [&str; 6] = [
    "query",
    "key",
    "value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
];

/// How a BERT backbone is trained.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BertTraining {
    /// Frozen weights (inference only, or head-only training).
    Frozen,
    /// Every weight trainable, saved under `bert.` names as `BertForTokenClassification` does.
    Full,
    /// LoRA adapters on the targeted linears (targets from [`BERT_LINEARS`]).
    Lora(LoraSettings),
}

struct Norm {
    weight: Tensor,
    bias: Tensor,
}

impl Norm {
    /// Registers weight and bias as trainable, as `bert.{name}.weight` / `.bias`.
    fn make_trainable(&mut self, params: &mut Params, name: &str) -> Result<()> {
        self.weight = params
            .add(format!("bert.{name}.weight"), &self.weight)?
            .as_tensor()
            .clone();
        self.bias = params
            .add(format!("bert.{name}.bias"), &self.bias)?
            .as_tensor()
            .clone();
        Ok(())
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attn_out: Linear,
    attn_norm: Norm,
    inter: Linear,
    out: Linear,
    out_norm: Norm,
}

/// A BERT encoder returning the last hidden state of every token.
pub struct Bert {
    config: BertConfig,
    word: Tensor,
    position: Tensor,
    token_type: Tensor,
    emb_norm: Norm,
    layers: Vec<Layer>,
    dropout: f32,
}

impl std::fmt::Debug for Bert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bert")
            .field("layers", &self.layers.len())
            .finish_non_exhaustive()
    }
}

impl Bert {
    /// Builds the model from Hugging Face-named tensors under `prefix` (`""` or `"bert."`).
    pub fn from_tensors(
        config: &BertConfig,
        tensors: &mut HashMap<String, Tensor>,
        prefix: &str,
        training: &BertTraining,
        params: &mut Params,
        rng: &mut Rng,
        source: &Path,
    ) -> Result<Self> {
        let h = config.hidden_size;
        let mut take = |name: &str, shape: &[usize]| -> Result<Tensor> {
            let t = crate::params::take_tensor(tensors, &format!("{prefix}{name}"), shape, source)?;
            Ok(t.to_dtype(DType::F32)?)
        };
        let word = take("embeddings.word_embeddings.weight", &[config.vocab_size, h])?;
        let position = take(
            "embeddings.position_embeddings.weight",
            &[config.max_position_embeddings, h],
        )?;
        let token_type = take(
            "embeddings.token_type_embeddings.weight",
            &[config.type_vocab_size, h],
        )?;
        let norm =
            |take: &mut dyn FnMut(&str, &[usize]) -> Result<Tensor>, p: &str| -> Result<Norm> {
                Ok(Norm {
                    weight: take(&format!("{p}.weight"), &[h])?,
                    bias: take(&format!("{p}.bias"), &[h])?,
                })
            };
        let emb_norm = norm(&mut take, "embeddings.LayerNorm")?;
        let linear = |take: &mut dyn FnMut(&str, &[usize]) -> Result<Tensor>,
                      p: &str,
                      o: usize,
                      i: usize|
         -> Result<Linear> {
            Ok(Linear::new(
                take(&format!("{p}.weight"), &[o, i])?,
                Some(take(&format!("{p}.bias"), &[o])?),
            ))
        };
        let ff = config.intermediate_size;
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            layers.push(Layer {
                query: linear(&mut take, &format!("{p}.attention.self.query"), h, h)?,
                key: linear(&mut take, &format!("{p}.attention.self.key"), h, h)?,
                value: linear(&mut take, &format!("{p}.attention.self.value"), h, h)?,
                attn_out: linear(&mut take, &format!("{p}.attention.output.dense"), h, h)?,
                attn_norm: norm(&mut take, &format!("{p}.attention.output.LayerNorm"))?,
                inter: linear(&mut take, &format!("{p}.intermediate.dense"), ff, h)?,
                out: linear(&mut take, &format!("{p}.output.dense"), h, ff)?,
                out_norm: norm(&mut take, &format!("{p}.output.LayerNorm"))?,
            });
        }
        let mut model = Bert {
            config: config.clone(),
            word,
            position,
            token_type,
            emb_norm,
            layers,
            dropout: config.hidden_dropout_prob as f32,
        };
        match training {
            BertTraining::Frozen => {}
            BertTraining::Full => model.make_trainable(params)?,
            BertTraining::Lora(settings) => model.add_lora(settings, params, rng)?,
        }
        Ok(model)
    }

    fn make_trainable(&mut self, params: &mut Params) -> Result<()> {
        fn var(params: &mut Params, name: &str, t: &mut Tensor) -> Result<()> {
            *t = params.add(format!("bert.{name}"), t)?.as_tensor().clone();
            Ok(())
        }
        var(params, "embeddings.word_embeddings.weight", &mut self.word)?;
        var(
            params,
            "embeddings.position_embeddings.weight",
            &mut self.position,
        )?;
        var(
            params,
            "embeddings.token_type_embeddings.weight",
            &mut self.token_type,
        )?;
        self.emb_norm
            .make_trainable(params, "embeddings.LayerNorm")?;
        for (i, l) in self.layers.iter_mut().enumerate() {
            let p = format!("bert.encoder.layer.{i}");
            l.query
                .make_trainable(&format!("{p}.attention.self.query"), params)?;
            l.key
                .make_trainable(&format!("{p}.attention.self.key"), params)?;
            l.value
                .make_trainable(&format!("{p}.attention.self.value"), params)?;
            l.attn_out
                .make_trainable(&format!("{p}.attention.output.dense"), params)?;
            l.inter
                .make_trainable(&format!("{p}.intermediate.dense"), params)?;
            l.out.make_trainable(&format!("{p}.output.dense"), params)?;
            let q = format!("encoder.layer.{i}");
            l.attn_norm
                .make_trainable(params, &format!("{q}.attention.output.LayerNorm"))?;
            l.out_norm
                .make_trainable(params, &format!("{q}.output.LayerNorm"))?;
        }
        Ok(())
    }

    fn add_lora(&mut self, s: &LoraSettings, params: &mut Params, rng: &mut Rng) -> Result<()> {
        for (i, l) in self.layers.iter_mut().enumerate() {
            let p = format!("base_model.model.bert.encoder.layer.{i}");
            let linears: [(&str, String, &mut Linear); 6] = [
                ("query", format!("{p}.attention.self.query"), &mut l.query),
                ("key", format!("{p}.attention.self.key"), &mut l.key),
                ("value", format!("{p}.attention.self.value"), &mut l.value),
                (
                    "attention.output.dense",
                    format!("{p}.attention.output.dense"),
                    &mut l.attn_out,
                ),
                (
                    "intermediate.dense",
                    format!("{p}.intermediate.dense"),
                    &mut l.inter,
                ),
                ("output.dense", format!("{p}.output.dense"), &mut l.out),
            ];
            for (target, name, linear) in linears {
                if s.targets(target) {
                    linear.add_lora(&name, s, params, rng)?;
                }
            }
        }
        Ok(())
    }

    /// Stops training the word embeddings of a fully trained model: they leave `params` and the
    /// backward pass. They are half of a small BERT's weights, and with short inputs their
    /// dense gradient and optimizer update cost more than the rest of a step.
    pub fn freeze_word_embeddings(&mut self, params: &mut Params) {
        params.remove("bert.embeddings.word_embeddings.weight");
        self.word = self.word.detach();
    }

    /// The word embedding table `(vocab, hidden)`.
    pub fn word_embeddings(&self) -> &Tensor {
        &self.word
    }

    /// Hidden width.
    pub fn hidden_size(&self) -> usize {
        self.config.hidden_size
    }

    /// Longest input in tokens.
    pub fn max_positions(&self) -> usize {
        self.config.max_position_embeddings
    }

    /// Last hidden states `(batch, seq, hidden)`; `pad_mask` is 1 for tokens, 0 for padding.
    pub fn forward(&self, ids: &Tensor, pad_mask: &Tensor, train: bool) -> Result<Tensor> {
        let (b, t) = ids.dims2()?;
        if t > self.max_positions() {
            return Err(NnError::Invalid(format!(
                "sequence of {t} tokens is longer than the model's {} positions",
                self.max_positions()
            )));
        }
        let h = self.hidden_size();
        let eps = self.config.layer_norm_eps;
        let p = |t: &Tensor| graph_param(t, train);
        let words = p(&self.word)
            .index_select(&ids.flatten_all()?, 0)?
            .reshape((b, t, h))?;
        let pos = p(&self.position).narrow(0, 0, t)?.unsqueeze(0)?;
        let tt = p(&self.token_type).narrow(0, 0, 1)?.unsqueeze(0)?;
        let x = words.broadcast_add(&pos)?.broadcast_add(&tt)?;
        let mut x = self.drop(&layer_norm(&x, &self.emb_norm, eps, train)?, train)?;
        let keep = pad_mask.to_dtype(DType::F32)?;
        let bias = ((keep - 1.0)? * 1e9)?.reshape((b, 1, 1, t))?;
        let nh = self.config.num_attention_heads;
        let hd = h / nh;
        for l in &self.layers {
            let heads = |y: Tensor| -> Result<Tensor> {
                Ok(y.reshape((b, t, nh, hd))?.transpose(1, 2)?.contiguous()?)
            };
            let q = heads(l.query.forward(&x, train)?)?;
            let k = heads(l.key.forward(&x, train)?)?;
            let v = heads(l.value.forward(&x, train)?)?;
            let scores = (q.matmul(&k.t()?)? / (hd as f64).sqrt())?.broadcast_add(&bias)?;
            let probs = if train {
                candle_nn::ops::softmax(&scores, D::Minus1)?
            } else {
                candle_nn::ops::softmax_last_dim(&scores)?
            };
            let ctx = probs.matmul(&v)?.transpose(1, 2)?.reshape((b, t, h))?;
            let a = self.drop(&l.attn_out.forward(&ctx, train)?, train)?;
            x = layer_norm(&(a + &x)?, &l.attn_norm, eps, train)?;
            let i = l.inter.forward(&x, train)?.gelu_erf()?;
            let o = self.drop(&l.out.forward(&i, train)?, train)?;
            x = layer_norm(&(o + &x)?, &l.out_norm, eps, train)?;
        }
        Ok(x)
    }

    fn drop(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        Ok(if train && self.dropout > 0.0 {
            crate::dropout(x, self.dropout)?
        } else {
            x.clone()
        })
    }
}

/// The tensor-name prefix of a BERT checkpoint: `""` (sentence-transformers) or `"bert."`.
pub fn detect_prefix(tensors: &HashMap<String, Tensor>, source: &Path) -> Result<&'static str> {
    if tensors.contains_key("embeddings.word_embeddings.weight") {
        Ok("")
    } else if tensors.contains_key("bert.embeddings.word_embeddings.weight") {
        Ok("bert.")
    } else {
        Err(NnError::format(
            source,
            "no tensor embeddings.word_embeddings.weight (or bert.…): is this a BERT checkpoint?",
        ))
    }
}

fn layer_norm(x: &Tensor, n: &Norm, eps: f64, train: bool) -> Result<Tensor> {
    if !train {
        let (w, b) = (n.weight.detach(), n.bias.detach());
        return Ok(candle_nn::ops::layer_norm(
            &x.contiguous()?,
            &w,
            &b,
            eps as f32,
        )?);
    }
    let mean = x.mean_keepdim(D::Minus1)?;
    let xc = x.broadcast_sub(&mean)?;
    let var = xc.sqr()?.mean_keepdim(D::Minus1)?;
    let y = xc.broadcast_div(&(var + eps)?.sqrt()?)?;
    Ok(y.broadcast_mul(&n.weight)?.broadcast_add(&n.bias)?)
}
