//! # kbner-tagger: entity tagging as token classification
//!
//! A base model from [`kbner_nn`] (a Llama-family decoder with its causal mask removed, or a
//! BERT encoder) with LoRA adapters and a linear IOB head, reading the VANER instruction
//! `If any {type} entity is mentioned in the {dataset} input, extract it. ##input: …`.
//!
//! Data flow: an [`ExampleSource`] (a corpus, or DBR samples: [`DbrSource`]) yields
//! [`Example`]s, which may carry retrieval context ([`fill_context`], from a
//! [`kbner_dbr::ContextSource`]) →
//! [`SampleBuilder`] renders the instruction, tokenizes, labels first sub-tokens and windows
//! long sentences → [`Tagger`] computes the loss ([`train`]) or word-label probabilities, which
//! are merged over windows and decoded into spans ([`decode_spans`]) and put back onto the
//! documents ([`tag_corpus`]).
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use kbner_tagger::{tag_corpus, TagOptions, Tagger};
//! use std::sync::atomic::AtomicBool;
//! let device = kbner_nn::default_device()?;
//! let (tagger, manifest) = Tagger::load("adapters/ncbi".as_ref(), None, &device)?;
//! let mut corpus = kbner_corpus::read_path("abstracts.pubtator".as_ref(), None, false)?.corpus;
//! let opts = TagOptions { types: vec!["Disease".into()], ..Default::default() };
//! let progress = kbner_job::Progress::stderr();
//! tag_corpus(&tagger, &manifest, &mut corpus, &opts, None, &progress, &AtomicBool::new(false))?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod corpus;
mod decode;
mod error;
mod knowledge;
mod sample;
mod tag;
mod tagger;
mod train;

pub use corpus::{add_predictions, examples, kinds, read_corpus, CorpusSource, Placement};
pub use decode::{decode_spans, merge_windows, Decoding, WindowProbs, WordSpan};
pub use error::{Result, TaggerError};
pub use knowledge::{
    fill_context, open_context, prepare_kb_training, DbrSource, KbRecipe, KbTraining,
    CONTEXT_PHRASES_FILE,
};
pub use sample::{
    Example, ExampleSource, Sample, SampleBuilder, B, DEFAULT_TEMPLATE, I, IGNORE, LABELS, O,
};
pub use tag::{tag_corpus, TagOptions, TagReport};
pub use tagger::{
    read_manifest, AdapterManifest, Tagger, TaggerSpec, TrainedOn, MANIFEST_FILE, MANIFEST_FORMAT,
    PEFT_CONFIG_FILE, WEIGHTS_FILE,
};
pub use train::{train, DataSpec, EpochRecord, TrainEvent, TrainOptions, TrainReport};

// The model-level types this crate's API takes, so a caller needs no direct kbner-nn import.
pub use kbner_nn::{
    default_device, model_kind, tune_runtime, AdamWSettings, Adaptation, AttentionMode, BaseKind,
    LoraSettings, LrSchedule, BERT_LINEARS,
};
