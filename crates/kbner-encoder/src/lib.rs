//! # kbner-encoder: the text encoder
//!
//! Embeds concept names and mentions with a BERT-family model (all-MiniLM-L6-v2, SapBERT, …) in
//! candle, and tunes such a model on a knowledge base's synonyms ([`tune_encoder`], the SapBERT
//! recipe).
//!
//! [`Encoder::embed`] returns one L2-normalized vector per text. Texts are batched by token
//! length, padding is masked both in attention and in mean pooling, and texts longer than the
//! model window are embedded as the average of overlapping windows rather than silently
//! truncated. Tuning trains through the same pooling and padding the encoder serves with.
//!
//! ```no_run
//! # fn main() -> Result<(), kbner_encoder::EncoderError> {
//! use kbner_encoder::{Encoder, EncoderOptions};
//! let encoder = Encoder::load(&Encoder::default_dir(), &EncoderOptions::default())?;
//! let vectors = encoder.embed(&["heart attack", "myocardial infarction"])?;
//! let cosine: f32 = vectors[0].iter().zip(&vectors[1]).map(|(a, b)| a * b).sum();
//! println!("{} dimensions, cosine {cosine:.3}", encoder.dim());
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod encoder;
mod error;
mod fingerprint;
mod pooling;
mod tune;

pub use encoder::{Encoder, EncoderOptions, DEFAULT_MODEL};
pub use error::EncoderError;
pub use pooling::Pooling;
pub use tune::{tune_encoder, SynonymTuning, TuningEvent, TuningReport};
