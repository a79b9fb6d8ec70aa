//! # kbner-mine: quality phrases from a corpus
//!
//! AutoPhrase-style phrase mining, distantly supervised by the knowledge base:
//! 1. **Candidates**: n-grams of up to `max_len` words occurring at least `min_support` times,
//!    counted level by level (an n-gram only where its (n−1)-word prefix and suffix are
//!    frequent). Words are kbner's word tokens; hyphens and slashes inside names join words
//!    (`X-linked`), other punctuation ends a candidate; CJK characters are words by themselves,
//!    so Chinese text gives character n-grams.
//! 2. **Features**: frequency; concordance (PMI at the weakest split); completeness against the
//!    sub-phrases and super-phrases; stop words at the edges and inside; quotes, brackets,
//!    hyphens, capitals and acronyms around and inside each occurrence; average IDF.
//! 3. **Distant supervision**: a [`NameOracle`] (the knowledge base) labels candidates that are
//!    names positive and the other frequent ones negative; an L2 logistic regression on the
//!    standardized features (one for multi-word candidates, one for single words) gives each
//!    candidate a **quality**. Optional name-rate features (how often candidates with the same
//!    head word or word ending are names) make it follow the knowledge base's kind of names.
//! 4. **Phrasal segmentation**: each chunk of words is cut into segments by dynamic programming
//!    over the qualities; counting candidates as segments gives their **rectified frequency**, a
//!    feature of a second round of training. The final segmentation gives each sentence's phrases.
//!
//! The result, [`MinedPhrases`], holds the ranked phrase list and each sentence's phrases; it is
//! written to and read from a JSON-lines file ([`MinedPhrases::write`], [`MinedPhrases::read`];
//! layout below) and segments new text
//! ([`MinedPhrases::segment`]) or looks up a phrase ([`MinedPhrases::quality`]).
//!
//! ```
//! use kbner_mine::{MinerOptions, NameList, PhraseMiner};
//!
//! let text = "Cystic fibrosis is inherited. Breast cancer is common in women. \
//!     Patients with cystic fibrosis need care. The risk of breast cancer rises with age. \
//!     Children with cystic fibrosis were seen. Screening for breast cancer saves lives. ";
//! let text = text.repeat(3);
//! let corpus = kbner_corpus::format::read_plain_text("d1", "d1.txt", text.as_bytes())?;
//! let kb_names = NameList::new(["breast cancer"]);
//! let miner = PhraseMiner::new(MinerOptions::default())?;
//! let mined = miner.mine(&corpus, Some(&kb_names))?;
//! assert!(mined.quality("Cystic Fibrosis").is_some());
//! let spans = mined.segment("Two patients with cystic fibrosis.");
//! let cf = spans.iter().find(|s| s.text == "cystic fibrosis").expect("a phrase");
//! assert_eq!((cf.start, cf.end), (18, 33)); // character offsets
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Phrase-list file layout (JSON lines, each object with a `kind`): one `header` line (counts,
//! options, thresholds, both models' feature weights), then the `phrase` lines best first (`rank`,
//! `text`, `normalized`, `words`, `freq`, `rect_freq`, `quality`, `kb_name`), then one `sentence`
//! line per corpus sentence (`doc_index`, `doc`, `sentence`, `start`, `end`, `phrases`: each
//! `start`, `end`, `text`, `quality`), offsets in characters of the document text.
#![deny(missing_docs)]

mod candidates;
mod error;
mod features;
mod mined;
mod miner;
mod quality;
mod segment;
mod stopwords;
mod words;

pub use error::MineError;
pub use mined::{phrase_key, MinedPhrases, MiningSummary, Phrase, PhraseSpan, SentencePhrases};
pub use miner::{auto_min_support, MinerOptions, NameList, NameOracle, PhraseMiner};
pub use quality::{QualityModel, MIN_LABELS};
