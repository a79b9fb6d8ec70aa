//! Locating and reading a Hugging Face BERT directory: `config.json`, the tokenizer
//! (`tokenizer.json`, or a WordPiece tokenizer built from `vocab.txt`) and `model.safetensors`.
//! Both BERT users share it: the text encoder (inference through candle-transformers) and the
//! differentiable [`crate::Bert`] (training).
//!
//! ```no_run
//! # fn main() -> Result<(), kbner_nn::NnError> {
//! use kbner_nn::BertFiles;
//! let files = BertFiles::locate(std::path::Path::new("my-bert"))?;
//! let config = files.load_config()?;
//! let tokenizer = files.load_tokenizer()?;
//! # let _ = (config, tokenizer);
//! # Ok(()) }
//! ```

use std::path::{Path, PathBuf};

use candle_transformers::models::bert::Config;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::processors::bert::BertProcessing;
use tokenizers::{Tokenizer, TokenizerBuilder};

use crate::error::NnError;

/// The candle BERT configuration (`config.json`), re-exported for callers.
pub use candle_transformers::models::bert::Config as BertConfig;

/// Name of the weights file this crate loads.
pub const WEIGHTS_FILE: &str = "model.safetensors";
/// Name of the PyTorch pickle weights file, which this crate refuses (with a clear error).
pub const PYTORCH_WEIGHTS_FILE: &str = "pytorch_model.bin";

/// Where the tokenizer of a model directory comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenizerSource {
    /// A `tokenizer.json` of the `tokenizers` library.
    Json(PathBuf),
    /// A WordPiece `vocab.txt`, for which a BERT tokenizer is built in code.
    Vocab {
        /// The `vocab.txt` file.
        vocab: PathBuf,
        /// Whether to lowercase (and strip accents), from `do_lower_case`.
        lowercase: bool,
    },
}

impl TokenizerSource {
    /// The file the vocabulary is read from.
    pub fn path(&self) -> &Path {
        match self {
            TokenizerSource::Json(p) => p,
            TokenizerSource::Vocab { vocab, .. } => vocab,
        }
    }
}

/// The files of a Hugging Face BERT directory, located and checked to exist.
#[derive(Debug, Clone)]
pub struct BertFiles {
    /// The model directory.
    pub dir: PathBuf,
    /// `config.json`.
    pub config: PathBuf,
    /// `model.safetensors`.
    pub weights: PathBuf,
    /// The tokenizer: `tokenizer.json` if present, else `vocab.txt`.
    pub tokenizer: TokenizerSource,
}

impl BertFiles {
    /// Locates the files of the BERT model in `dir`.
    ///
    /// Requires `config.json` and `model.safetensors` (a directory with only
    /// `pytorch_model.bin` gets [`NnError::UnsupportedWeights`]), and
    /// `tokenizer.json` or, failing that, `vocab.txt`. For `vocab.txt`,
    /// lowercasing follows `do_lower_case` in `tokenizer_config.json`, else in
    /// `config.json`, else defaults to true (as `BertTokenizer` does).
    pub fn locate(dir: &Path) -> Result<BertFiles, NnError> {
        if !dir.is_dir() {
            return Err(NnError::MissingDir {
                path: dir.to_path_buf(),
            });
        }
        let config = dir.join("config.json");
        if !config.is_file() {
            return Err(NnError::MissingFile {
                path: config,
                what: "BERT configuration",
            });
        }
        let weights = dir.join(WEIGHTS_FILE);
        if !weights.is_file() {
            let pt = dir.join(PYTORCH_WEIGHTS_FILE);
            if pt.is_file() {
                return Err(NnError::UnsupportedWeights { path: pt });
            }
            return Err(NnError::MissingFile {
                path: weights,
                what: "safetensors weights",
            });
        }
        let json = dir.join("tokenizer.json");
        let tokenizer = if json.is_file() {
            TokenizerSource::Json(json)
        } else {
            let vocab = dir.join("vocab.txt");
            if !vocab.is_file() {
                return Err(NnError::MissingFile {
                    path: vocab,
                    what: "tokenizer: neither tokenizer.json nor vocab.txt exists",
                });
            }
            let lowercase = lowercase_flag(&dir.join("tokenizer_config.json"))?
                .or(lowercase_flag(&config)?)
                .unwrap_or(true);
            TokenizerSource::Vocab { vocab, lowercase }
        };
        Ok(BertFiles {
            dir: dir.to_path_buf(),
            config,
            weights,
            tokenizer,
        })
    }

    /// Reads and checks `config.json`.
    ///
    /// Only `model_type` `"bert"` (or none) is accepted: other families
    /// (RoBERTa, DistilBERT, ...) have different weights or position ids and
    /// would load into garbage or fail obscurely.
    pub fn load_config(&self) -> Result<Config, NnError> {
        let config: Config = read_json(&self.config)?;
        if let Some(t) = config.model_type.as_deref() {
            if t != "bert" {
                return Err(NnError::Format {
                    path: self.config.clone(),
                    message: format!("model_type {t:?} is not supported (only \"bert\")"),
                });
            }
        }
        if config.num_attention_heads == 0
            || !config
                .hidden_size
                .is_multiple_of(config.num_attention_heads)
        {
            return Err(NnError::Format {
                path: self.config.clone(),
                message: format!(
                    "hidden_size {} is not a multiple of num_attention_heads {}",
                    config.hidden_size, config.num_attention_heads
                ),
            });
        }
        Ok(config)
    }

    /// Builds the tokenizer with padding and truncation turned off (callers
    /// pad and window themselves; `tokenizer.json` files often fix both).
    pub fn load_tokenizer(&self) -> Result<Tokenizer, NnError> {
        let mut tokenizer = match &self.tokenizer {
            TokenizerSource::Json(path) => Tokenizer::from_file(path)
                .map_err(|e| NnError::format(path.clone(), format!("tokenizer: {e}")))?,
            TokenizerSource::Vocab { vocab, lowercase } => wordpiece_tokenizer(vocab, *lowercase)?,
        };
        tokenizer.with_truncation(None).map_err(|e| {
            NnError::format(
                self.tokenizer.path().to_path_buf(),
                format!("tokenizer: {e}"),
            )
        })?;
        tokenizer.with_padding(None);
        Ok(tokenizer)
    }
}

/// Reads and parses a JSON file, naming it in errors.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, NnError> {
    let bytes = std::fs::read(path).map_err(|source| NnError::io(path, source))?;
    serde_json::from_slice(&bytes).map_err(|source| NnError::Json {
        path: path.to_path_buf(),
        source,
    })
}

/// `do_lower_case` from a JSON file, if the file exists and has the key.
fn lowercase_flag(path: &Path) -> Result<Option<bool>, NnError> {
    if !path.is_file() {
        return Ok(None);
    }
    let v: serde_json::Value = read_json(path)?;
    Ok(v.get("do_lower_case").and_then(|b| b.as_bool()))
}

/// A BERT WordPiece tokenizer (`BertTokenizerFast` equivalent) from `vocab.txt`.
fn wordpiece_tokenizer(vocab: &Path, lowercase: bool) -> Result<Tokenizer, NnError> {
    let err = |message: String| NnError::format(vocab, format!("tokenizer: {message}"));
    let vocab_str = vocab
        .to_str()
        .ok_or_else(|| err("path is not valid UTF-8".into()))?;
    let model = WordPiece::from_file(vocab_str)
        .unk_token("[UNK]".into())
        .build()
        .map_err(|e| err(e.to_string()))?;
    let id = |tok: &str| {
        tokenizers::Model::token_to_id(&model, tok)
            .ok_or_else(|| err(format!("vocabulary has no {tok} token")))
    };
    let cls = id("[CLS]")?;
    let sep = id("[SEP]")?;
    id("[UNK]")?;
    let built = TokenizerBuilder::new()
        .with_model(model)
        .with_normalizer(Some(BertNormalizer::new(true, true, None, lowercase)))
        .with_pre_tokenizer(Some(BertPreTokenizer))
        .with_post_processor(Some(BertProcessing::new(
            ("[SEP]".into(), sep),
            ("[CLS]".into(), cls),
        )))
        .with_decoder(Some(tokenizers::decoders::wordpiece::WordPiece::default()))
        .build()
        .map_err(|e| err(e.to_string()))?;
    Ok(Tokenizer::from(built))
}
