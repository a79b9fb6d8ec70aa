//! How token vectors become one text vector, and the padded batches both the encoder and its
//! tuning feed the model. One implementation for serving and training, so a tuned encoder is
//! trained on exactly the vectors it will serve.

use std::path::Path;

use candle_core::{Device, IndexOp, Tensor};
use serde::Deserialize;
use tokenizers::Tokenizer;

use crate::error::EncoderError;

/// How token vectors are pooled into one text vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pooling {
    /// The final hidden state of the `[CLS]` token (SapBERT).
    Cls,
    /// The mean of the final hidden states of all non-padding tokens,
    /// `[CLS]` and `[SEP]` included (sentence-transformers models).
    Mean,
}

impl Pooling {
    /// The name used in configs and messages: `cls` or `mean`.
    pub fn as_str(self) -> &'static str {
        match self {
            Pooling::Cls => "cls",
            Pooling::Mean => "mean",
        }
    }

    /// The pooling of the model in `dir`: `explicit` if given, else the one declared in
    /// `dir/1_Pooling/config.json` (the sentence-transformers layout), else [`Pooling::Cls`]
    /// (a plain BERT checkpoint such as SapBERT).
    pub fn of_model(dir: &Path, explicit: Option<Pooling>) -> Result<Pooling, EncoderError> {
        match explicit {
            Some(p) => Ok(p),
            None => Ok(pooling_from_dir(dir)?.unwrap_or(Pooling::Cls)),
        }
    }

    /// Pools `hidden` `(batch, seq, dim)` under `mask` `(batch, seq)` (1 for tokens, 0 for
    /// padding) into `(batch, dim)`. Differentiable: tuning trains through it.
    pub(crate) fn pool(self, hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
        match self {
            Pooling::Cls => hidden.i((.., 0)),
            Pooling::Mean => {
                let m = mask.unsqueeze(2)?;
                let summed = hidden.broadcast_mul(&m)?.sum(1)?;
                summed.broadcast_div(&mask.sum_keepdim(1)?)
            }
        }
    }

    /// Writes `dir/1_Pooling/config.json` declaring this pooling, so that a model directory
    /// says how it is meant to be pooled whatever the loader's default.
    pub(crate) fn write_config(self, dir: &Path) -> Result<(), EncoderError> {
        let folder = dir.join("1_Pooling");
        std::fs::create_dir_all(&folder).map_err(|source| EncoderError::Io {
            path: folder.clone(),
            source,
        })?;
        let config = serde_json::json!({
            "pooling_mode_cls_token": self == Pooling::Cls,
            "pooling_mode_mean_tokens": self == Pooling::Mean,
            "pooling_mode_max_tokens": false,
            "pooling_mode_mean_sqrt_len_tokens": false,
        });
        let text = serde_json::to_string_pretty(&config).unwrap_or_default();
        kbner_job::write_file(&folder.join("config.json"), text.as_bytes())?;
        Ok(())
    }
}

/// `1_Pooling/config.json` of sentence-transformers.
#[derive(Deserialize)]
struct PoolingConfig {
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
}

/// The pooling declared in `dir/1_Pooling/config.json`, if that file exists.
fn pooling_from_dir(dir: &Path) -> Result<Option<Pooling>, EncoderError> {
    let path = dir.join("1_Pooling").join("config.json");
    if !path.is_file() {
        return Ok(None);
    }
    let c: PoolingConfig = kbner_nn::read_json(&path)?;
    let unsupported = c.pooling_mode_max_tokens || c.pooling_mode_mean_sqrt_len_tokens;
    match (
        c.pooling_mode_cls_token,
        c.pooling_mode_mean_tokens,
        unsupported,
    ) {
        (true, false, false) => Ok(Some(Pooling::Cls)),
        (false, true, false) => Ok(Some(Pooling::Mean)),
        _ => Err(kbner_nn::NnError::format(
            path,
            "unsupported pooling: exactly one of pooling_mode_cls_token and \
             pooling_mode_mean_tokens must be true (pass EncoderOptions::pooling to override)",
        )
        .into()),
    }
}

/// The BERT special tokens every model window is built with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SpecialTokens {
    pub cls: u32,
    pub sep: u32,
    pub pad: u32,
}

impl SpecialTokens {
    /// `[CLS]` and `[SEP]` from the vocabulary (required); `[PAD]`, else the config's
    /// `pad_token_id`.
    pub fn of(
        tokenizer: &Tokenizer,
        config: &kbner_nn::BertConfig,
        tokenizer_path: &Path,
    ) -> Result<SpecialTokens, EncoderError> {
        let special = |tok: &str| {
            tokenizer
                .token_to_id(tok)
                .ok_or_else(|| EncoderError::Tokenizer {
                    path: tokenizer_path.to_path_buf(),
                    message: format!("vocabulary has no {tok} token"),
                })
        };
        Ok(SpecialTokens {
            cls: special("[CLS]")?,
            sep: special("[SEP]")?,
            pad: tokenizer
                .token_to_id("[PAD]")
                .unwrap_or(config.pad_token_id as u32),
        })
    }

    /// `[CLS] ids [SEP]`.
    pub fn wrap(&self, ids: &[u32]) -> Vec<u32> {
        let mut w = Vec::with_capacity(ids.len() + 2);
        w.push(self.cls);
        w.extend_from_slice(ids);
        w.push(self.sep);
        w
    }

    /// Token ids `(batch, longest)` padded with `[PAD]`, and the mask (1 for tokens, 0 for
    /// padding) as f32.
    pub fn pad_batch(
        &self,
        seqs: &[&[u32]],
        device: &Device,
    ) -> candle_core::Result<(Tensor, Tensor)> {
        let b = seqs.len();
        let len = seqs.iter().map(|s| s.len()).max().unwrap_or(0);
        let mut ids = vec![self.pad; b * len];
        let mut mask = vec![0f32; b * len];
        for (row, s) in seqs.iter().enumerate() {
            ids[row * len..row * len + s.len()].copy_from_slice(s);
            mask[row * len..row * len + s.len()].fill(1.0);
        }
        Ok((
            Tensor::from_vec(ids, (b, len), device)?,
            Tensor::from_vec(mask, (b, len), device)?,
        ))
    }
}
