//! The [`Encoder`]: a BERT-family model in candle that embeds names and mentions, batched,
//! pooled, L2-normalized, with long texts windowed.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use candle_core::{DType, Device};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::BertModel;
use kbner_nn::{BertConfig, BertFiles, TokenizerSource};
use rayon::prelude::*;
use tokenizers::Tokenizer;

use crate::error::EncoderError;
use crate::fingerprint;
use crate::pooling::{Pooling, SpecialTokens};

/// The directory name of the default model under `.data/models/`.
pub const DEFAULT_MODEL: &str = "all-MiniLM-L6-v2";

/// Options of [`Encoder::load`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncoderOptions {
    /// The pooling; `None` reads it from `1_Pooling/config.json` (the
    /// sentence-transformers layout) and falls back to [`Pooling::Cls`]
    /// when that file does not exist.
    pub pooling: Option<Pooling>,
    /// Tokens per model window, `[CLS]` and `[SEP]` included (default 128).
    /// Longer texts are split into overlapping windows.
    pub max_tokens: usize,
    /// Windows per forward pass (default 64).
    pub batch_size: usize,
}

impl Default for EncoderOptions {
    fn default() -> Self {
        EncoderOptions {
            pooling: None,
            max_tokens: 128,
            batch_size: 64,
        }
    }
}

/// A loaded BERT text encoder. It is `Send + Sync`; share it by reference.
pub struct Encoder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    dir: PathBuf,
    name: String,
    fingerprint: String,
    dim: usize,
    pooling: Pooling,
    max_tokens: usize,
    batch_size: usize,
    special: SpecialTokens,
}

// The index shares one encoder across threads.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Encoder>();
};

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("dir", &self.dir)
            .field("fingerprint", &self.fingerprint)
            .field("dim", &self.dim)
            .field("pooling", &self.pooling)
            .field("max_tokens", &self.max_tokens)
            .field("batch_size", &self.batch_size)
            .field("device", &self.device)
            .finish()
    }
}

/// One model window of one text: `[CLS] tokens [SEP]`.
struct Window {
    text: usize,
    ids: Vec<u32>,
}

/// Content windows `[start, end)` over `n` tokens: a single one when
/// `n <= width`, else windows of exactly `width` tokens starting every
/// `step` tokens, the last one aligned to the end so every token is covered.
fn windows(n: usize, width: usize, step: usize) -> Vec<(usize, usize)> {
    if n <= width {
        return vec![(0, n)];
    }
    let step = step.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    while start + width < n {
        out.push((start, start + width));
        start += step;
    }
    out.push((n - width, n));
    out
}

/// Scales `v` to unit L2 norm (left as is when it is all zeros).
fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    if norm > 1e-12 {
        let inv = (1.0 / norm) as f32;
        v.iter_mut().for_each(|x| *x *= inv);
    }
}

impl Encoder {
    /// Loads a Hugging Face BERT directory: `config.json`,
    /// `model.safetensors` (`pytorch_model.bin` is not supported and is
    /// reported as such), and `tokenizer.json` or, failing that, `vocab.txt`
    /// (a BERT WordPiece tokenizer is then built, lowercasing per
    /// `do_lower_case` in `tokenizer_config.json` or `config.json`).
    ///
    /// Tensor names may carry a `bert.` prefix (SapBERT) or not
    /// (sentence-transformers). The tokenizer's own padding and truncation
    /// settings are ignored.
    pub fn load(dir: &Path, opts: &EncoderOptions) -> Result<Encoder, EncoderError> {
        if !dir.is_dir() {
            return Err(EncoderError::MissingDir {
                path: dir.to_path_buf(),
            });
        }
        let files = BertFiles::locate(dir)?;
        let config = files.load_config()?;
        if opts.batch_size == 0 {
            return Err(EncoderError::InvalidOption(
                "batch_size must be at least 1".into(),
            ));
        }
        if opts.max_tokens < 3 || opts.max_tokens > config.max_position_embeddings {
            return Err(EncoderError::InvalidOption(format!(
                "max_tokens {} must be between 3 and the model's max_position_embeddings {} ({})",
                opts.max_tokens,
                config.max_position_embeddings,
                files.config.display()
            )));
        }
        let pooling = Pooling::of_model(dir, opts.pooling)?;
        let tokenizer = files.load_tokenizer()?;
        let special = SpecialTokens::of(&tokenizer, &config, files.tokenizer.path())?;

        let device = kbner_nn::default_device()?;
        let model = load_candle_bert(&files, &config, &device)?;

        let mut tokenizer_files = vec![files.tokenizer.path().to_path_buf()];
        let mut lowercase = String::new();
        if let TokenizerSource::Vocab { lowercase: l, .. } = &files.tokenizer {
            lowercase = format!("lowercase={l}");
            let tc = dir.join("tokenizer_config.json");
            if tc.is_file() {
                tokenizer_files.push(tc);
            }
        }
        let fingerprint = fingerprint::fingerprint(&fingerprint::FingerprintInput {
            config: &files.config,
            tokenizer: tokenizer_files,
            weights: &files.weights,
            options: format!(
                "pooling={};max_tokens={};{lowercase}",
                pooling.as_str(),
                opts.max_tokens
            ),
        })?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        Ok(Encoder {
            model,
            tokenizer,
            device,
            dir: dir.to_path_buf(),
            name,
            fingerprint,
            dim: config.hidden_size,
            pooling,
            max_tokens: opts.max_tokens,
            batch_size: opts.batch_size,
            special,
        })
    }

    /// The default model directory: `$KBNER_ENCODER` if set, else
    /// `.data/models/all-MiniLM-L6-v2` in the current directory or the
    /// nearest of its parents that has one (so it works from a subdirectory
    /// of the checkout), else the first such directory found walking up from
    /// the running executable (e.g. from `target/release/` to the workspace),
    /// else the one of the checkout this crate was built from (an installed
    /// binary run from anywhere). When none exists, the path under the current directory is returned,
    /// so that [`Encoder::load`] reports it.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("KBNER_ENCODER").filter(|v| !v.is_empty()) {
            return PathBuf::from(dir);
        }
        let rel = Path::new(".data").join("models").join(DEFAULT_MODEL);
        if rel.is_dir() {
            return rel;
        }
        let found_above = |start: PathBuf| {
            start
                .ancestors()
                .skip(1)
                .map(|a| a.join(&rel))
                .find(|c| c.is_dir())
        };
        if let Some(found) = std::env::current_dir().ok().and_then(found_above) {
            return found;
        }
        if let Some(found) = std::env::current_exe().ok().and_then(found_above) {
            return found;
        }
        // An installed binary (`cargo install --path .`) runs far from the checkout it was built
        // in; that checkout's models are where `scripts/setup.sh` put them.
        let built_in = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(&rel);
        if built_in.is_dir() {
            return built_in;
        }
        rel
    }

    /// The embedding dimension (the model's hidden size).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// A stable identity of the model and options: a hex hash (XXH3-128) over
    /// `config.json`, the tokenizer files, the whole of `model.safetensors`,
    /// the pooling and `max_tokens`. Same files and options give the same
    /// string; a change of any byte gives a different one.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// A human-readable name: the model directory's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The model directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The pooling in use.
    pub fn pooling(&self) -> Pooling {
        self.pooling
    }

    /// Tokens per model window, `[CLS]` and `[SEP]` included.
    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    /// Embeds `texts`: `output[i]` is the L2-normalized embedding of
    /// `texts[i]`, with [`Encoder::dim`] floats.
    ///
    /// Windows are sorted by token length and batched `batch_size` at a
    /// time (output order follows input order); padding is masked in
    /// attention and in mean pooling, so a text's vector does not depend on
    /// what it is batched with (up to float rounding). A text longer than
    /// `max_tokens` is split into windows of `max_tokens` (each wrapped in
    /// `[CLS] … [SEP]`, starts `max_tokens / 2` apart, the last one aligned
    /// to the end) whose normalized pooled vectors are averaged and
    /// re-normalized.
    ///
    /// An empty or whitespace-only text is an error naming its index.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
        self.embed_batches(texts, false, None, &mut |_, _| {})
    }

    /// [`Encoder::embed`] for long jobs: checks `cancel` before every batch (returning
    /// [`EncoderError::Interrupted`] within one batch of it being set) and calls
    /// `on_batch(windows_done, windows_total)` after each one, for progress.
    pub fn embed_cancellable(
        &self,
        texts: &[&str],
        cancel: &AtomicBool,
        on_batch: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<Vec<f32>>, EncoderError> {
        self.embed_batches(texts, false, Some(cancel), on_batch)
    }

    /// [`Encoder::embed`], with the choice of running batches in parallel
    /// on the rayon pool. Benchmark hook: on CPU candle already spreads
    /// each matmul over all cores, and parallel batches measured 5-18%
    /// slower on 2 cores (see README.md), so `embed` runs them sequentially.
    #[doc(hidden)]
    pub fn embed_with(
        &self,
        texts: &[&str],
        parallel_batches: bool,
    ) -> Result<Vec<Vec<f32>>, EncoderError> {
        self.embed_batches(texts, parallel_batches, None, &mut |_, _| {})
    }

    fn embed_batches(
        &self,
        texts: &[&str],
        parallel_batches: bool,
        cancel: Option<&AtomicBool>,
        on_batch: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<Vec<f32>>, EncoderError> {
        if let Some(index) = texts.iter().position(|t| t.trim().is_empty()) {
            return Err(EncoderError::EmptyText { index });
        }
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let windows = self.tokenize(texts)?;
        let mut order: Vec<usize> = (0..windows.len()).collect();
        order.sort_by_key(|&i| windows[i].ids.len());
        let batches: Vec<&[usize]> = order.chunks(self.batch_size).collect();
        let run = |batch: &&[usize]| {
            let ids: Vec<&[u32]> = batch.iter().map(|&i| windows[i].ids.as_slice()).collect();
            self.forward(&ids)
        };
        let pooled: Vec<Vec<Vec<f32>>> = if parallel_batches {
            batches.par_iter().map(run).collect::<Result<_, _>>()?
        } else {
            let mut pooled = Vec::with_capacity(batches.len());
            let mut done = 0;
            for batch in &batches {
                if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                    return Err(EncoderError::Interrupted);
                }
                pooled.push(run(batch)?);
                done += batch.len();
                on_batch(done, windows.len());
            }
            pooled
        };

        let mut out = vec![vec![0f32; self.dim]; texts.len()];
        let mut counts = vec![0u32; texts.len()];
        for (&w, v) in order.iter().zip(pooled.into_iter().flatten()) {
            let text = windows[w].text;
            if counts[text] == 0 {
                out[text] = v;
            } else {
                out[text].iter_mut().zip(&v).for_each(|(a, b)| *a += b);
            }
            counts[text] += 1;
        }
        for (v, &c) in out.iter_mut().zip(&counts) {
            if c > 1 {
                normalize(v);
            }
        }
        Ok(out)
    }

    /// Tokenizes `texts` into model windows.
    fn tokenize(&self, texts: &[&str]) -> Result<Vec<Window>, EncoderError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), false)
            .map_err(|e| EncoderError::Tokenizer {
                path: self.dir.clone(),
                message: e.to_string(),
            })?;
        let width = self.max_tokens - 2;
        let step = (self.max_tokens / 2).min(width);
        let mut out = Vec::with_capacity(texts.len());
        for (text, enc) in encodings.iter().enumerate() {
            let ids = enc.get_ids();
            for (s, e) in windows(ids.len(), width, step) {
                out.push(Window {
                    text,
                    ids: self.special.wrap(&ids[s..e]),
                });
            }
        }
        Ok(out)
    }

    /// Runs one padded batch and returns each window's normalized pooled vector.
    fn forward(&self, seqs: &[&[u32]]) -> Result<Vec<Vec<f32>>, EncoderError> {
        self.forward_candle(seqs)
            .map_err(|source| EncoderError::Inference {
                model: self.dir.clone(),
                source,
            })
            .map(|mut rows| {
                rows.iter_mut().for_each(|r| normalize(r));
                rows
            })
    }

    fn forward_candle(&self, seqs: &[&[u32]]) -> candle_core::Result<Vec<Vec<f32>>> {
        let (ids, mask) = self.special.pad_batch(seqs, &self.device)?;
        let type_ids = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &type_ids, Some(&mask))?;
        let pooled = self.pooling.pool(&hidden, &mask)?;
        pooled.to_dtype(DType::F32)?.to_vec2::<f32>()
    }
}

/// candle-transformers' BERT from `model.safetensors`, with or without a `bert.` prefix on the
/// tensor names (SapBERT has one, sentence-transformers checkpoints do not).
fn load_candle_bert(
    files: &BertFiles,
    config: &BertConfig,
    device: &Device,
) -> Result<BertModel, EncoderError> {
    let weights_err = |source| EncoderError::Weights {
        path: files.weights.clone(),
        source,
    };
    // SAFETY: the map is only read while the tensors are copied into device storage during
    // loading; the usual caveat of memory maps (another process truncating the file meanwhile)
    // applies.
    let weights =
        unsafe { VarBuilder::from_mmaped_safetensors(&[&files.weights], DType::F32, device) }
            .map_err(weights_err)?;
    const PROBE: &str = "embeddings.word_embeddings.weight";
    let vb = if weights.contains_tensor(PROBE) {
        weights
    } else if weights.contains_tensor(&format!("bert.{PROBE}")) {
        weights.pp("bert")
    } else {
        return Err(weights_err(candle_core::Error::Msg(format!(
            "no tensor named {PROBE:?} or \"bert.{PROBE}\"; is this a BERT checkpoint?"
        ))));
    };
    BertModel::load(vb, config).map_err(weights_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_one_window() {
        assert_eq!(windows(0, 6, 4), vec![(0, 0)]);
        assert_eq!(windows(6, 6, 4), vec![(0, 6)]);
    }

    #[test]
    fn windows_cover_everything_with_full_width() {
        for n in 7..60 {
            let w = windows(n, 6, 4);
            assert!(w.len() >= 2, "n={n}");
            assert_eq!(w[0].0, 0);
            assert_eq!(w.last().map(|x| x.1), Some(n));
            for &(s, e) in &w {
                assert_eq!(e - s, 6, "n={n} {w:?}");
            }
            for pair in w.windows(2) {
                // Overlapping or adjacent: no token is skipped.
                assert!(pair[1].0 <= pair[0].1, "n={n} {w:?}");
                assert!(pair[1].0 > pair[0].0, "n={n} {w:?}");
            }
        }
        assert_eq!(windows(14, 6, 4), vec![(0, 6), (4, 10), (8, 14)]);
    }

    #[test]
    fn normalize_makes_unit_norm() {
        let mut v = vec![3.0, 4.0];
        normalize(&mut v);
        assert!((v[0] - 0.6).abs() < 1e-6 && (v[1] - 0.8).abs() < 1e-6);
        let mut z = vec![0.0, 0.0];
        normalize(&mut z);
        assert_eq!(z, vec![0.0, 0.0]);
    }
}
