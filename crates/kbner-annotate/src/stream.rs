//! Annotating inputs of any size: document-aligned chunks read ([`kbner_corpus::ChunkedReader`]),
//! annotated ([`Annotator::annotate_with`]) and written in input order, so memory holds one chunk
//! (PubTator, JSONL and table output stream; BioC, brat, IOB and nested output are written whole
//! at the end, as those formats wrap or split the collection). A file output is written to a
//! temporary file renamed over it at the end: an interrupted or failed run leaves no half file.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use kbner_corpus::{
    read_path, sniff, write_path, write_string, ChunkedReader, Corpus, CorpusError, Format,
    ReadOptions,
};
use kbner_job::Progress;
use serde::Serialize;

use crate::annotator::{AnnotateStats, Annotator, MAX_REPORTED_SKIPS};
use crate::{AnnotateError, Result};

/// One input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file (or, for brat, a directory).
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "standard input".into(),
        }
    }
}

/// How entities are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A corpus format.
    Corpus(Format),
    /// A readable table, one entity a line ([`crate::table`]).
    Table,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if s.eq_ignore_ascii_case("table") {
            return Ok(OutputFormat::Table);
        }
        s.parse::<Format>()
            .map(OutputFormat::Corpus)
            .map_err(|e| format!("{e}, or table"))
    }
}

/// Where entities go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A file (for brat, a directory), replaced when the run completes.
    Path(PathBuf),
    /// Standard output, written as chunks complete.
    Stdout,
}

/// How inputs are read and annotated.
#[derive(Debug, Clone)]
pub struct StreamOptions {
    /// Input format; `None`: detected from each input's content.
    pub from: Option<Format>,
    /// Output format.
    pub to: OutputFormat,
    /// Skip bad records and documents, counting and reporting them.
    pub lenient: bool,
    /// Bytes of input per chunk (memory holds about one chunk and its annotations).
    pub chunk_bytes: usize,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            from: None,
            to: OutputFormat::Corpus(Format::Jsonl),
            lenient: false,
            chunk_bytes: 4 << 20,
        }
    }
}

/// What a streamed run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StreamReport {
    /// Annotation counts.
    pub stats: AnnotateStats,
    /// Input records skipped under `lenient` (bad lines, invalid UTF-8), counted.
    pub skipped_records: u64,
    /// The first [`MAX_REPORTED_SKIPS`] of them.
    pub skipped_record_messages: Vec<String>,
    /// How each input was read (`reading X as pubtator (detected)`).
    pub format_notes: Vec<String>,
    /// What the output format could not hold (distinct messages).
    pub lost: Vec<String>,
    /// Seconds spent reading, tagging, linking and writing (loading excluded; output held to
    /// the end, such as BioC, is written after this is taken).
    pub seconds: f64,
}

/// Reads every input in chunks, annotates them and writes the entities to `output`; progress on
/// `progress`, stopping between chunks when `cancel` is set.
pub fn annotate_stream(
    annotator: &Annotator,
    inputs: &[Input],
    output: &Output,
    opts: &StreamOptions,
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<StreamReport> {
    match (output, opts.to) {
        (Output::Stdout, OutputFormat::Corpus(Format::Brat)) => Err(AnnotateError::Invalid(
            "brat output is a directory: give an output path".into(),
        )),
        (Output::Path(p), OutputFormat::Corpus(Format::Brat)) => {
            let mut sink = Sink::new(None, opts.to);
            let mut report = run(annotator, inputs, &mut sink, opts, progress, cancel)?;
            let (corpus, lost) = sink.finish()?;
            report.lost = lost;
            merge_lost(&mut report.lost, write_path(&corpus, Format::Brat, p)?.lost);
            Ok(report)
        }
        (Output::Stdout, _) => {
            let stdout = std::io::stdout();
            let mut sink = Sink::new(Some(Box::new(stdout.lock())), opts.to);
            let mut report = run(annotator, inputs, &mut sink, opts, progress, cancel)?;
            report.lost = sink.finish()?.1;
            Ok(report)
        }
        (Output::Path(p), _) => {
            let mut report = None;
            kbner_job::write_file_with(p, |tmp: &Path| -> Result<()> {
                let file = std::fs::File::create(tmp).map_err(|e| io(tmp, e))?;
                let mut sink = Sink::new(Some(Box::new(std::io::BufWriter::new(file))), opts.to);
                let mut r = run(annotator, inputs, &mut sink, opts, progress, cancel)?;
                r.lost = sink.finish()?.1;
                report = Some(r);
                Ok(())
            })?;
            Ok(report.unwrap_or_default())
        }
    }
}

fn io(path: &Path, e: std::io::Error) -> AnnotateError {
    AnnotateError::Io {
        path: path.display().to_string(),
        source: e,
    }
}

fn merge_lost(into: &mut Vec<String>, more: Vec<String>) {
    for l in more {
        if !into.contains(&l) {
            into.push(l);
        }
    }
}

/// Table rows aligned together at most (a table streams in blocks of this many rows).
const TABLE_ROWS: usize = 2000;

/// Where annotated chunks go: documents are held until they can be written — at once for
/// PubTator, JSONL and text, by blocks of [`TABLE_ROWS`] rows for a table, at the end for the
/// formats that wrap or split the collection (and for brat, which the caller writes).
struct Sink<'a> {
    /// `None`: keep everything for the caller (brat).
    out: Option<Box<dyn Write + 'a>>,
    to: OutputFormat,
    /// Documents not written yet.
    held: Corpus,
    /// Something was written.
    wrote: bool,
    /// What the output format could not hold (distinct messages).
    lost: Vec<String>,
}

impl<'a> Sink<'a> {
    fn new(out: Option<Box<dyn Write + 'a>>, to: OutputFormat) -> Self {
        Sink {
            out,
            to,
            held: Corpus::default(),
            wrote: false,
            lost: Vec::new(),
        }
    }

    /// Takes annotated documents, writing what is ready.
    fn push(&mut self, corpus: Corpus) -> Result<()> {
        self.held.documents.extend(corpus.documents);
        let ready = match self.to {
            OutputFormat::Table => {
                let rows: usize = self
                    .held
                    .documents
                    .iter()
                    .map(|d| d.entities.len().max(1))
                    .sum();
                rows >= TABLE_ROWS
            }
            OutputFormat::Corpus(f) => matches!(f, Format::Jsonl | Format::Pubtator | Format::Text),
        };
        if ready {
            self.write_held()?;
        }
        Ok(())
    }

    /// Writes the held documents (unless the caller writes them).
    fn write_held(&mut self) -> Result<()> {
        let Some(w) = self.out.as_mut() else {
            return Ok(());
        };
        let corpus = std::mem::take(&mut self.held);
        let text = match self.to {
            OutputFormat::Table => crate::table::table(&corpus, !self.wrote),
            OutputFormat::Corpus(f) => {
                let (s, rep) = write_string(&corpus, f)?;
                merge_lost(&mut self.lost, rep.lost);
                s
            }
        };
        if text.is_empty() {
            return Ok(());
        }
        // PubTator and text separate documents by a blank line, also across chunks.
        if self.wrote
            && matches!(
                self.to,
                OutputFormat::Corpus(Format::Pubtator | Format::Text)
            )
        {
            w.write_all(b"\n").map_err(stdout_err)?;
        }
        w.write_all(text.as_bytes()).map_err(stdout_err)?;
        self.wrote = true;
        Ok(())
    }

    /// Writes what is left and flushes; returns the documents kept for the caller and what
    /// the format could not hold.
    fn finish(mut self) -> Result<(Corpus, Vec<String>)> {
        if self.out.is_some() {
            self.write_held()?;
        }
        if let Some(w) = self.out.as_mut() {
            w.flush().map_err(stdout_err)?;
        }
        Ok((self.held, self.lost))
    }
}

fn stdout_err(e: std::io::Error) -> AnnotateError {
    AnnotateError::Io {
        path: "output".into(),
        source: e,
    }
}

fn run(
    annotator: &Annotator,
    inputs: &[Input],
    sink: &mut Sink<'_>,
    opts: &StreamOptions,
    progress: &Progress,
    cancel: &AtomicBool,
) -> Result<StreamReport> {
    let started = Instant::now();
    let mut report = StreamReport::default();
    let mut last_note = Instant::now();
    for input in inputs {
        for chunk in read_chunks(input, opts, &mut report)? {
            if cancel.load(Ordering::Relaxed) {
                return Err(AnnotateError::Interrupted);
            }
            let mut read = chunk?;
            for s in read.skipped.drain(..) {
                report.skipped_records += 1;
                if report.skipped_record_messages.len() < MAX_REPORTED_SKIPS {
                    report.skipped_record_messages.push(s.to_string());
                }
            }
            let stats = annotator.annotate_with(
                &mut read.corpus.documents,
                opts.lenient,
                progress,
                cancel,
            )?;
            report.stats.add(stats);
            sink.push(read.corpus)?;
            if last_note.elapsed().as_secs_f64() >= 2.0 {
                last_note = Instant::now();
                let secs = started.elapsed().as_secs_f64();
                progress.message(&format!(
                    "annotate: {} documents, {} entities, {:.0} documents/s",
                    report.stats.documents,
                    report.stats.entities,
                    report.stats.documents as f64 / secs.max(1e-9)
                ));
            }
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

type Chunks = Box<dyn Iterator<Item = std::result::Result<kbner_corpus::ReadOutcome, CorpusError>>>;

/// The chunks of one input, its format given or detected from its first bytes.
fn read_chunks(input: &Input, opts: &StreamOptions, report: &mut StreamReport) -> Result<Chunks> {
    let name = input.name();
    let read_opts = ReadOptions {
        lenient: opts.lenient,
        // Standard input has no name (plain text from it is document `text`).
        file: matches!(input, Input::Path(_)).then(|| name.clone()),
    };
    let mut reader: Box<dyn BufRead> = match input {
        Input::Path(p) if p.is_dir() || opts.from == Some(Format::Brat) => {
            let read = read_path(p, Some(Format::Brat), opts.lenient)?;
            report.format_notes.push(read.format_note(&name));
            return Ok(Box::new(std::iter::once(Ok(read))));
        }
        Input::Path(p) => Box::new(BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(p).map_err(|e| io(p, e))?,
        )),
        Input::Stdin => Box::new(BufReader::with_capacity(1 << 20, std::io::stdin())),
    };
    let (format, detected) = match opts.from {
        Some(f) => (f, false),
        None => {
            let head = fill_head(&mut reader, 64 << 10).map_err(|e| io(Path::new(&name), e))?;
            (sniff(&head), true)
        }
    };
    let mut note = kbner_corpus::ReadOutcome::empty(format);
    note.detected = detected;
    report.format_notes.push(note.format_note(&name));
    if format == Format::Brat {
        return Err(AnnotateError::Invalid(format!(
            "{name}: brat is a directory of .txt/.ann pairs: it cannot be read from a stream"
        )));
    }
    Ok(Box::new(ChunkedReader::new(
        reader,
        format,
        read_opts,
        opts.chunk_bytes,
    )))
}

/// The first `n` bytes of `reader` (fewer at the end of input), left unread: sniffing needs more
/// than one pipe read may give.
fn fill_head(reader: &mut Box<dyn BufRead>, n: usize) -> std::io::Result<Vec<u8>> {
    let head = reader.fill_buf()?.to_vec();
    if head.len() >= n || head.is_empty() {
        return Ok(head);
    }
    // Read more, then put everything back in front of the rest.
    let mut more = head;
    let consumed = more.len();
    reader.consume(consumed);
    let mut limited = (&mut *reader).take((n - more.len()) as u64);
    limited.read_to_end(&mut more)?;
    let rest = std::mem::replace(reader, Box::new(std::io::empty()));
    *reader = Box::new(BufReader::with_capacity(
        1 << 20,
        std::io::Cursor::new(more.clone()).chain(rest),
    ));
    Ok(more)
}
