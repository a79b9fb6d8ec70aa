//! Errors that name the file, line and document, and the lenient-mode skip log.

use std::fmt;

use crate::format::Format;

/// Longest stretch of input (in characters) an error message quotes.
const QUOTE_CHARS: usize = 100;

/// `s` quoted for an error message (Rust string syntax), cut to its first 100 characters with an
/// ellipsis: a message names the offending text without repeating a 5 MB line.
pub(crate) fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTE_CHARS) {
        None => format!("{s:?}"),
        Some((cut, _)) => format!("{:?}…", &s[..cut]),
    }
}

/// A problem in an input, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    /// The file, when reading from one.
    pub file: Option<String>,
    /// 1-based line number, when known.
    pub line: Option<usize>,
    /// The document id, when known.
    pub doc: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl CorpusError {
    /// An error with only a message.
    pub fn msg(message: impl Into<String>) -> Self {
        CorpusError {
            file: None,
            line: None,
            doc: None,
            message: message.into(),
        }
    }

    /// Sets the line.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the document id.
    pub fn in_doc(mut self, doc: impl Into<String>) -> Self {
        self.doc = Some(doc.into());
        self
    }

    /// Sets the file unless one is already set.
    pub fn in_file(mut self, file: Option<&str>) -> Self {
        if self.file.is_none() {
            self.file = file.map(str::to_string);
        }
        self
    }
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        if let Some(doc) = &self.doc {
            match doc.char_indices().nth(QUOTE_CHARS) {
                None => write!(f, "document {doc}: ")?,
                Some((cut, _)) => write!(f, "document {}…: ", &doc[..cut])?,
            }
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for CorpusError {}

/// Shorthand for results in this crate.
pub type Result<T> = std::result::Result<T, CorpusError>;

/// How readers treat bad input.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Skip bad records (counting each) instead of failing on the first one.
    pub lenient: bool,
    /// File name used in messages.
    pub file: Option<String>,
}

impl ReadOptions {
    /// Strict options naming `file` in errors.
    pub fn for_file(file: impl Into<String>) -> Self {
        ReadOptions {
            lenient: false,
            file: Some(file.into()),
        }
    }
}

/// What a reader returns: the corpus, every record it skipped in lenient mode, and the format it
/// read.
#[derive(Debug, Clone)]
pub struct ReadOutcome {
    /// The documents read.
    pub corpus: crate::model::Corpus,
    /// One entry per skipped record (always empty in strict mode).
    pub skipped: Vec<CorpusError>,
    /// The format the input was read as.
    pub format: Format,
    /// True when `format` was detected from the input (not given by the caller).
    pub detected: bool,
}

impl ReadOutcome {
    /// An empty outcome of `format`.
    pub fn empty(format: Format) -> Self {
        ReadOutcome {
            corpus: crate::model::Corpus::default(),
            skipped: Vec::new(),
            format,
            detected: false,
        }
    }

    /// `reading SOURCE as FORMAT (detected)` (or `(given)`): the line a command prints so that
    /// the user sees how an input was understood.
    pub fn format_note(&self, source: &str) -> String {
        let how = if self.detected { "detected" } else { "given" };
        format!("reading {source} as {} ({how})", self.format)
    }
}

/// Carries the options and the skip log through a reader.
pub(crate) struct Ctx<'a> {
    pub opts: &'a ReadOptions,
    pub skipped: Vec<CorpusError>,
}

impl<'a> Ctx<'a> {
    pub fn new(opts: &'a ReadOptions) -> Self {
        Ctx {
            opts,
            skipped: Vec::new(),
        }
    }

    /// Attaches the file name to `e`.
    pub fn err(&self, e: CorpusError) -> CorpusError {
        e.in_file(self.opts.file.as_deref())
    }

    /// In lenient mode logs `e` and returns `Ok`, so the caller skips the record; otherwise fails.
    pub fn skip(&mut self, e: CorpusError) -> Result<()> {
        let e = self.err(e);
        if self.opts.lenient {
            self.skipped.push(e);
            Ok(())
        } else {
            Err(e)
        }
    }

    pub fn finish(self, corpus: crate::model::Corpus, format: Format) -> ReadOutcome {
        ReadOutcome {
            corpus,
            skipped: self.skipped,
            format,
            detected: false,
        }
    }
}

/// Validates UTF-8, naming the line of the first bad byte. In lenient mode invalid sequences
/// become U+FFFD and one skip per affected line is logged.
pub(crate) fn decode_utf8<'b>(bytes: &'b [u8], ctx: &mut Ctx) -> Result<std::borrow::Cow<'b, str>> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(std::borrow::Cow::Borrowed(s)),
        Err(e) => {
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..e.valid_up_to()]).count();
            ctx.skip(
                CorpusError::msg("invalid UTF-8 (replaced by U+FFFD in lenient mode)")
                    .at_line(line),
            )?;
            Ok(String::from_utf8_lossy(bytes))
        }
    }
}

/// What a writer could not represent in the target format (never silent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// One message per entity, relation or detail the format cannot hold.
    pub lost: Vec<String>,
    /// How many entities (among `lost`) were dropped.
    pub entities_lost: usize,
    /// One message per entity the format could hold only in altered form (e.g. widened to token
    /// boundaries).
    pub altered: Vec<String>,
}

impl WriteReport {
    /// Records a loss.
    pub fn lose(&mut self, msg: impl Into<String>) {
        self.lost.push(msg.into());
    }

    /// Records a dropped entity.
    pub fn lose_entity(&mut self, msg: impl Into<String>) {
        self.entities_lost += 1;
        self.lost.push(msg.into());
    }

    /// Records an alteration.
    pub fn alter(&mut self, msg: impl Into<String>) {
        self.altered.push(msg.into());
    }

    /// Adds another report's entries.
    pub fn extend(&mut self, other: WriteReport) {
        self.lost.extend(other.lost);
        self.entities_lost += other.entities_lost;
        self.altered.extend(other.altered);
    }
}
