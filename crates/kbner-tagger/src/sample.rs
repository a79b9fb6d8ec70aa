//! Training and inference samples: the VANER instruction, word-level IOB labels on the first
//! sub-token of each word, and windowing of long sentences.
//!
//! Anything that yields [`Example`]s (a corpus, DBR samples built from the knowledge base) feeds
//! the same [`SampleBuilder`], and through it training and inference. Examples may carry
//! retrieval `context`: knowledge-base names placed between the instruction and the sentence
//! within a token budget.

use tokenizers::Tokenizer;

use crate::error::{Result, TaggerError};

/// The label set, in head-output order.
pub const LABELS: [&str; 3] = ["O", "B", "I"];
/// Label index of `O`.
pub const O: u8 = 0;
/// Label index of `B`.
pub const B: u8 = 1;
/// Label index of `I`.
pub const I: u8 = 2;
/// Loss target of tokens that carry no label (instruction, padding, non-first sub-tokens).
pub const IGNORE: i64 = -100;

/// The VANER instruction; `{type}` and `{dataset}` are filled in per sample.
pub const DEFAULT_TEMPLATE: &str =
    "If any {type} entity is mentioned in the {dataset} input, extract it. ##input: ";

/// One sentence with its dataset, entity type and (for training) word labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Dataset name shown in the instruction.
    pub dataset: String,
    /// Entity type shown in the instruction.
    pub kind: String,
    /// The sentence's words.
    pub words: Vec<String>,
    /// One of [`O`], [`B`], [`I`] per word; `None` at inference.
    pub labels: Option<Vec<u8>>,
    /// Retrieval context entries (`name (Type)`), best first, placed between the instruction
    /// and the sentence as far as the builder's token budget allows; not labelled.
    pub context: Vec<String>,
}

/// Where training examples come from: a corpus file, DBR samples.
pub trait ExampleSource {
    /// A short description for progress and the manifest.
    fn describe(&self) -> String;
    /// The examples of one epoch (sources may vary them per epoch).
    fn examples(&self, epoch: usize) -> Result<Vec<Example>>;
}

/// A model input: one window of one example.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Token ids (instruction, context, words).
    pub ids: Vec<u32>,
    /// Per token: the label to learn, or [`IGNORE`].
    pub targets: Vec<i64>,
    /// Per token: the example word it is the first sub-token of.
    pub word_at: Vec<Option<usize>>,
    /// Index of the example this window belongs to.
    pub example: usize,
    /// The words of the example this window covers.
    pub words: std::ops::Range<usize>,
}

/// Turns examples into token windows of at most `max_len` tokens.
#[derive(Debug, Clone)]
pub struct SampleBuilder {
    tokenizer: Tokenizer,
    template: String,
    max_len: usize,
    context_budget: usize,
}

/// Marks the start of the sentence in the instruction; context goes before it.
const INPUT_MARK: &str = "##input:";
/// Introduces the context entries.
const CONTEXT_MARK: &str = "##context: ";

impl SampleBuilder {
    /// A builder using `tokenizer`, the instruction `template` and windows of `max_len` tokens.
    pub fn new(tokenizer: Tokenizer, template: &str, max_len: usize) -> Result<Self> {
        if !template.contains("{type}") || !template.contains("{dataset}") {
            return Err(TaggerError::Invalid(format!(
                "instruction template {template:?} must contain {{type}} and {{dataset}}"
            )));
        }
        Ok(SampleBuilder {
            tokenizer,
            template: template.to_string(),
            max_len,
            context_budget: 0,
        })
    }

    /// The same builder placing at most `budget` tokens of retrieval context (0: none).
    pub fn with_context_budget(mut self, budget: usize) -> Self {
        self.context_budget = budget;
        self
    }

    /// The token budget of retrieval context.
    pub fn context_budget(&self) -> usize {
        self.context_budget
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The instruction for one dataset and type. An empty dataset gives the dataset-free
    /// instruction of DBR samples (`… mentioned in the input, …`): `{dataset}` and the space
    /// after it are removed.
    pub fn instruction(&self, dataset: &str, kind: &str) -> String {
        let t = if dataset.is_empty() {
            self.template
                .replace("{dataset} ", "")
                .replace("{dataset}", "")
        } else {
            self.template.replace("{dataset}", dataset)
        };
        t.replace("{type}", kind)
    }

    /// Windows of `example` (index `index`): one when it fits, else overlapping windows of words,
    /// so that every word appears in at least one window and nothing is truncated.
    pub fn build(&self, example: &Example, index: usize) -> Result<Vec<Sample>> {
        let n = example.words.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        if !example.context.is_empty() {
            let kept = self.context_that_fits(example)?;
            if kept < example.context.len() {
                let mut cut = example.clone();
                cut.context.truncate(kept);
                return self.build(&cut, index);
            }
        }
        let whole = self.encode(example, index, 0..n)?;
        if whole.ids.len() <= self.max_len {
            return Ok(vec![whole]);
        }
        // Token cost of each word alone, to plan windows; the prefix cost is what the window
        // must leave room for.
        let prefix = self.encode_text(&self.prefix(example))?.len();
        if prefix + 8 > self.max_len {
            return Err(TaggerError::Invalid(format!(
                "the instruction takes {prefix} tokens, leaving no room in {} (raise --max-len)",
                self.max_len
            )));
        }
        let budget = self.max_len - prefix;
        let costs: Vec<usize> = example
            .words
            .iter()
            .map(|w| self.encode_text(&format!(" {w}")).map(|t| t.len().max(1)))
            .collect::<Result<_>>()?;
        let mut out = Vec::new();
        let mut start = 0;
        loop {
            let mut end = start;
            let mut used = 0;
            while end < n && used + costs[end] <= budget {
                used += costs[end];
                end += 1;
            }
            if end == start {
                // One word longer than the whole budget: it is labelled on its first
                // sub-token, which fits; the rest of the word is cut from this window only.
                end = start + 1;
            }
            let mut sample = self.encode(example, index, start..end)?;
            while sample.ids.len() > self.max_len && end > start + 1 {
                end -= 1;
                sample = self.encode(example, index, start..end)?;
            }
            if sample.ids.len() > self.max_len {
                sample.ids.truncate(self.max_len);
                sample.targets.truncate(self.max_len);
                sample.word_at.truncate(self.max_len);
            }
            out.push(sample);
            if end >= n {
                break;
            }
            // Overlap: the next window starts halfway through this one, so every word is seen
            // with context on both sides in some window.
            let half = (end - start) / 2;
            start = if half == 0 { end } else { start + half };
        }
        Ok(out)
    }

    /// The text the model reads for `example` when it fits one window: the instruction, the
    /// context entries the budget keeps, then the sentence.
    pub fn input_text(&self, example: &Example) -> Result<String> {
        let kept = self.context_that_fits(example)?;
        let cut = Example {
            context: example.context[..kept].to_vec(),
            ..example.clone()
        };
        Ok(format!("{}{}", self.prefix(&cut), example.words.join(" ")))
    }

    /// How many of `example`'s context entries are kept: as many as fit the token budget, and
    /// fewer when the whole input would not fit one window, so that the context gives way before
    /// the sentence is split.
    fn context_that_fits(&self, example: &Example) -> Result<usize> {
        if self.context_budget == 0 {
            return Ok(0);
        }
        let bare = Example {
            context: Vec::new(),
            ..example.clone()
        };
        let base = self.encode_text(&self.prefix(&bare))?.len();
        let sentence = self.encode_text(&example.words.join(" "))?.len();
        // Room in one window beside the sentence (none if the sentence alone needs windows).
        let room = self.max_len.saturating_sub(base + sentence + 2);
        let budget = self.context_budget.min(room);
        let mut kept = 0;
        for k in 1..=example.context.len() {
            let with = Example {
                context: example.context[..k].to_vec(),
                ..bare.clone()
            };
            if self
                .encode_text(&self.prefix(&with))?
                .len()
                .saturating_sub(base)
                > budget
            {
                break;
            }
            kept = k;
        }
        Ok(kept)
    }

    /// The text before the sentence: the instruction, with the context entries (if any) before
    /// its `##input:` mark, or after it when the template has none.
    fn prefix(&self, example: &Example) -> String {
        let p = self.instruction(&example.dataset, &example.kind);
        if example.context.is_empty() {
            return p;
        }
        let context = format!("{CONTEXT_MARK}{} ", example.context.join("; "));
        match p.rfind(INPUT_MARK) {
            Some(at) => format!("{}{context}{}", &p[..at], &p[at..]),
            None => format!("{p}{context}"),
        }
    }

    fn encode_text(&self, text: &str) -> Result<Vec<u32>> {
        let enc = self
            .tokenizer
            .encode(text, false)
            .map_err(|e| TaggerError::Tokenizer(e.to_string()))?;
        Ok(enc.get_ids().to_vec())
    }

    fn encode(
        &self,
        example: &Example,
        index: usize,
        words: std::ops::Range<usize>,
    ) -> Result<Sample> {
        let mut text = self.prefix(example);
        let mut spans = Vec::with_capacity(words.len());
        for (k, w) in example.words[words.clone()].iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(w);
            spans.push((start, text.len()));
        }
        let enc = self
            .tokenizer
            .encode(text.as_str(), true)
            .map_err(|e| TaggerError::Tokenizer(e.to_string()))?;
        let ids = enc.get_ids().to_vec();
        let offsets = enc.get_offsets();
        let special = enc.get_special_tokens_mask();
        let mut targets = vec![IGNORE; ids.len()];
        let mut word_at = vec![None; ids.len()];
        // Tokens are in text order, so one pass pairs each word with the first token that
        // overlaps it.
        let mut tok = 0;
        for (k, &(ws, we)) in spans.iter().enumerate() {
            while tok < ids.len() && (special[tok] == 1 || offsets[tok].1 <= ws) {
                tok += 1;
            }
            if tok < ids.len() && offsets[tok].0 < we {
                let w = words.start + k;
                word_at[tok] = Some(w);
                if let Some(labels) = &example.labels {
                    targets[tok] = i64::from(labels[w]);
                }
                tok += 1;
            }
        }
        Ok(Sample {
            ids,
            targets,
            word_at,
            example: index,
            words,
        })
    }
}
