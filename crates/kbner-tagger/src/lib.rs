//! kbner tagger: token classification with a bidirectional Llama-family or BERT backbone, LoRA
//! adapters and a linear IOB head, in candle.
//!
//! Data flow: an [`sample::ExampleSource`] (a corpus, later DBR samples) yields
//! [`sample::Example`]s → [`sample::SampleBuilder`] renders the instruction, tokenizes, labels
//! first sub-tokens and windows long sentences → [`tagger::Tagger`] (base model from
//! [`base::load_base`] + LoRA + head) computes the loss ([`train`]) or word-label probabilities,
//! merged over windows and decoded to spans ([`corpus`] maps them back onto documents).

pub mod base;
pub mod bert;
pub mod config;
pub mod corpus;
pub mod error;
pub mod gguf;
pub mod llama;
pub mod lora;
pub mod optim;
pub mod params;
pub mod rng;
pub mod sample;
pub mod synonym;
pub mod tagger;
pub mod tiny;
pub mod train;

pub use base::{Adaptation, BaseKind};
pub use config::{LlamaConfig, RopeScaling};
pub use error::{Result, TaggerError};
pub use llama::AttentionMode;
pub use lora::LoraSettings;
pub use tagger::{AdapterManifest, Tagger, TaggerSpec};

/// Tunes the process for model work on the CPU; call once at program start, before any
/// threads or tensors exist.
///
/// - glibc's allocator: tensors of a few MB are allocated and freed thousands of times per
///   training step, and by default each goes back to the kernel (`mmap`/`munmap`), so every
///   step pays for zeroing fresh pages (a fifth of the time, measured). Raising the mmap and
///   trim thresholds keeps that memory in the heap for reuse.
/// - candle's element-wise worker pool spins 25,000 times before sleeping after each op; on a
///   machine with few cores the spinning worker takes a core from the matmul threads (training
///   2.4× slower on 2 cores, measured). A short spin keeps the pool responsive without that.
///   `CANDLE_BARRIER_POOL_SPIN_LIMIT` set by the user wins.
pub fn tune_runtime() {
    if std::env::var_os("CANDLE_BARRIER_POOL_SPIN_LIMIT").is_none() {
        std::env::set_var("CANDLE_BARRIER_POOL_SPIN_LIMIT", "200");
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it is called before any threads start.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
    }
}
