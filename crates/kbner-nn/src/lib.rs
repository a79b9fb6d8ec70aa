//! # kbner-nn: model code in candle
//!
//! The networks kbner trains and runs, independent of any task: a Llama-family decoder whose
//! attention can be bidirectional ([`Llama`], [`AttentionMode`]), a BERT encoder with a
//! differentiable path ([`Bert`]), LoRA adapters on linear layers ([`Linear`], [`LoraSettings`]),
//! base-model loading from a GGUF file or a Hugging Face directory ([`load_base`], [`BertFiles`],
//! [`load_gguf`]), named trainable parameters in PEFT's layout ([`Params`]) and AdamW with
//! savable state ([`AdamW`]). The tagger (token classification) and the encoder tuning
//! (contrastive synonym training) are built on it.
//!
//! Training goes through differentiable ops: candle's fused RMSNorm, RoPE, softmax and layer
//! norm have no backward pass (their gradients are silently zero), so every model takes a
//! `train` flag that picks differentiable ops for training and the fused ones for inference.
//! The Llama training ops are themselves fused, each with its own backward pass that keeps only
//! its inputs, so a training step holds a fraction of the activations candle would record.
//!
//! ```no_run
//! # fn main() -> Result<(), kbner_nn::NnError> {
//! use kbner_nn::{load_base, Adaptation, AttentionMode, Params, Rng};
//! let device = kbner_nn::default_device()?;
//! let (mut params, mut rng) = (Params::new(), Rng::new(42));
//! let base = load_base(
//!     "SmolLM2-135M-Instruct.Q4_1.gguf".as_ref(),
//!     AttentionMode::Bidirectional,
//!     &Adaptation::Lora(Default::default()),
//!     &device,
//!     &mut params,
//!     &mut rng,
//! )?;
//! println!("{} trainable LoRA tensors, hidden size {}", params.len(), base.backbone.hidden_size());
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod base;
mod bert;
mod dropout;
mod error;
mod fused;
mod gguf;
mod llama;
mod llama_config;
mod lora;
mod model_files;
mod optim;
mod params;
mod rng;
mod runtime;
#[cfg(feature = "test-support")]
pub mod tiny;

pub use base::{
    fingerprint, load_base, model_kind, Adaptation, Backbone, Base, BaseInfo, BaseKind,
};
pub use bert::{detect_prefix, Bert, BertTraining, BERT_LINEARS};
pub use dropout::{dropout, seed_dropout};
pub use error::{NnError, Result};
pub use gguf::{load_gguf, tokenizer_from_gguf, write_gguf, GgufLlama};
pub use llama::{attention_bias, AttentionMode, Llama};
pub use llama_config::{LlamaConfig, RopeScaling};
pub use lora::{graph_param, Linear, LoraSettings, LLAMA_LINEARS};
pub use model_files::{
    read_json, BertConfig, BertFiles, TokenizerSource, PYTORCH_WEIGHTS_FILE, WEIGHTS_FILE,
};
pub use optim::{AdamW, AdamWSettings, LrSchedule};
pub use params::{take_tensor, Params};
pub use rng::Rng;
pub use runtime::{default_device, tune_runtime};
