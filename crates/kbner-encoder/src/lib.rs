//! kbner's text encoder: embeds concept names and mentions with a
//! BERT-family model (all-MiniLM-L6-v2, SapBERT, ...) in candle.
//!
//! [`Encoder::embed`] returns one L2-normalized vector per text. Texts are
//! batched by token length, padding is masked both in attention and in mean
//! pooling, and texts longer than the model window are embedded as the
//! average of overlapping windows rather than silently truncated.
//!
//! Model loading lives in [`bert`] so that other BERT-based components can
//! share it.
#![warn(missing_docs)]

pub mod bert;
mod error;
mod fingerprint;

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, IndexOp, Tensor};
use candle_transformers::models::bert::BertModel;
use rayon::prelude::*;
use serde::Deserialize;
use tokenizers::Tokenizer;

pub use error::EncoderError;

use bert::{BertFiles, TokenizerSource};

/// The directory name of the default model under `.data/models/`.
pub const DEFAULT_MODEL: &str = "all-MiniLM-L6-v2";

/// How token vectors are pooled into one text vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pooling {
    /// The final hidden state of the `[CLS]` token (SapBERT).
    Cls,
    /// The mean of the final hidden states of all non-padding tokens,
    /// `[CLS]` and `[SEP]` included (sentence-transformers models).
    Mean,
}

impl Pooling {
    fn as_str(self) -> &'static str {
        match self {
            Pooling::Cls => "cls",
            Pooling::Mean => "mean",
        }
    }
}

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
    cls_id: u32,
    sep_id: u32,
    pad_id: u32,
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
    let c: PoolingConfig = bert::read_json(&path)?;
    let unsupported = c.pooling_mode_max_tokens || c.pooling_mode_mean_sqrt_len_tokens;
    match (c.pooling_mode_cls_token, c.pooling_mode_mean_tokens, unsupported) {
        (true, false, false) => Ok(Some(Pooling::Cls)),
        (false, true, false) => Ok(Some(Pooling::Mean)),
        _ => Err(EncoderError::Config {
            path,
            message: "unsupported pooling: exactly one of pooling_mode_cls_token and \
                      pooling_mode_mean_tokens must be true (pass EncoderOptions::pooling to override)"
                .into(),
        }),
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
        let pooling = match opts.pooling {
            Some(p) => p,
            None => pooling_from_dir(dir)?.unwrap_or(Pooling::Cls),
        };
        let tokenizer = files.load_tokenizer()?;
        let tok_path = files.tokenizer.path().to_path_buf();
        let special = |tok: &str| {
            tokenizer
                .token_to_id(tok)
                .ok_or_else(|| EncoderError::Tokenizer {
                    path: tok_path.clone(),
                    message: format!("vocabulary has no {tok} token"),
                })
        };
        let cls_id = special("[CLS]")?;
        let sep_id = special("[SEP]")?;
        let pad_id = tokenizer
            .token_to_id("[PAD]")
            .unwrap_or(config.pad_token_id as u32);

        let device = bert::default_device()?;
        let weights = files.var_builder(&device)?;
        let (model, _prefix) = files.load_model(&weights, &config)?;

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
            cls_id,
            sep_id,
            pad_id,
        })
    }

    /// The default model directory: `$KBNER_ENCODER` if set, else
    /// `.data/models/all-MiniLM-L6-v2` in the current directory or the
    /// nearest of its parents that has one (so it works from a subdirectory
    /// of the checkout), else the first such directory found walking up from
    /// the running executable (e.g. from `target/release/` to the workspace).
    /// When none exists, the path under the current directory is returned,
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
        rel
    }

    /// The embedding dimension (the model's hidden size).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// A stable identity of the model and options: a hex hash over
    /// `config.json`, the tokenizer files, the size and first and last MiB of
    /// `model.safetensors`, the pooling and `max_tokens`. Same files and
    /// options give the same string; any change gives a different one.
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
        self.embed_with(texts, false)
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
            batches.iter().map(run).collect::<Result<_, _>>()?
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
                let mut w = Vec::with_capacity(e - s + 2);
                w.push(self.cls_id);
                w.extend_from_slice(&ids[s..e]);
                w.push(self.sep_id);
                out.push(Window { text, ids: w });
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
        let b = seqs.len();
        let len = seqs.iter().map(|s| s.len()).max().unwrap_or(0);
        let mut ids = vec![self.pad_id; b * len];
        let mut mask = vec![0f32; b * len];
        for (row, s) in seqs.iter().enumerate() {
            ids[row * len..row * len + s.len()].copy_from_slice(s);
            mask[row * len..row * len + s.len()].fill(1.0);
        }
        let ids = Tensor::from_vec(ids, (b, len), &self.device)?;
        let mask = Tensor::from_vec(mask, (b, len), &self.device)?;
        let type_ids = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &type_ids, Some(&mask))?;
        let pooled = match self.pooling {
            Pooling::Cls => hidden.i((.., 0))?,
            Pooling::Mean => {
                let m = mask.unsqueeze(2)?;
                let summed = hidden.broadcast_mul(&m)?.sum(1)?;
                summed.broadcast_div(&mask.sum_keepdim(1)?)?
            }
        };
        pooled.to_dtype(DType::F32)?.to_vec2::<f32>()
    }
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
