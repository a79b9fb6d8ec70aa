//! Reading a corpus of any size in document-aligned chunks, so that a command processes it in
//! bounded memory: PubTator (documents separated by blank lines) and kbner JSONL (one document a
//! line) are cut at document boundaries once a chunk holds [`ChunkedReader::new`]'s byte budget;
//! the other formats are read whole, as one chunk. Errors and skips name the line in the whole
//! input, not in the chunk.
//!
//! ```
//! use kbner_corpus::{ChunkedReader, Format, ReadOptions};
//! let input = "1|t|Cystic fibrosis.\n1|a|A case.\n\n2|t|Asthma.\n2|a|Another.\n\n";
//! let chunks: Vec<_> = ChunkedReader::new(input.as_bytes(), Format::Pubtator, ReadOptions::default(), 1)
//!     .collect::<Result<_, _>>()
//!     .unwrap();
//! assert_eq!(chunks.len(), 2); // a 1-byte budget: one document per chunk
//! assert_eq!(chunks[1].corpus.documents[0].id, "2");
//! ```

use std::io::BufRead;

use crate::error::{CorpusError, ReadOptions, ReadOutcome, Result};
use crate::format::{read_bytes, Format};

/// An iterator of [`ReadOutcome`]s, each holding whole documents of one input.
pub struct ChunkedReader<R> {
    reader: R,
    format: Format,
    opts: ReadOptions,
    chunk_bytes: usize,
    /// 1-based number of the next line to read.
    next_line: usize,
    done: bool,
}

impl<R: BufRead> ChunkedReader<R> {
    /// Reads `reader` in `format`, cutting chunks of about `chunk_bytes` (at least one document
    /// each) where the format allows.
    pub fn new(reader: R, format: Format, opts: ReadOptions, chunk_bytes: usize) -> Self {
        ChunkedReader {
            reader,
            format,
            opts,
            chunk_bytes: chunk_bytes.max(1),
            next_line: 1,
            done: false,
        }
    }

    /// Whether `format` is read in several chunks (else the whole input is one chunk).
    pub fn streams(format: Format) -> bool {
        matches!(format, Format::Pubtator | Format::Jsonl)
    }

    fn io_error(&self, e: std::io::Error) -> CorpusError {
        CorpusError::msg(format!("reading: {e}"))
            .in_file(self.opts.file.as_deref())
            .at_line(self.next_line)
    }

    /// The bytes of the next chunk and the number of its first line; empty at the end.
    fn next_chunk(&mut self) -> Result<(Vec<u8>, usize)> {
        let first_line = self.next_line;
        let mut buf = Vec::new();
        if !Self::streams(self.format) {
            self.reader
                .read_to_end(&mut buf)
                .map_err(|e| self.io_error(e))?;
            self.done = true;
            return Ok((buf, first_line));
        }
        let mut has_content = false;
        loop {
            let start = buf.len();
            let n = self
                .reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| self.io_error(e))?;
            if n == 0 {
                self.done = true;
                break;
            }
            self.next_line += 1;
            let blank = buf[start..].iter().all(u8::is_ascii_whitespace);
            has_content |= !blank;
            // JSONL: every line ends a document; PubTator: a blank line after content does.
            let boundary = match self.format {
                Format::Jsonl => true,
                _ => blank && has_content,
            };
            if boundary && buf.len() >= self.chunk_bytes {
                break;
            }
        }
        Ok((buf, first_line))
    }
}

/// `e` located in the whole input: its line counted from `first_line`.
fn shift(mut e: CorpusError, first_line: usize, file: Option<&str>) -> CorpusError {
    e.line = e.line.map(|l| l + first_line - 1);
    e.in_file(file)
}

impl<R: BufRead> Iterator for ChunkedReader<R> {
    type Item = Result<ReadOutcome>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let (bytes, first_line) = match self.next_chunk() {
            Ok(c) => c,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        if bytes.is_empty() {
            return None;
        }
        let file = self.opts.file.clone();
        Some(match read_bytes(&bytes, self.format, &self.opts) {
            Ok(mut out) => {
                out.skipped = out
                    .skipped
                    .into_iter()
                    .map(|e| shift(e, first_line, file.as_deref()))
                    .collect();
                Ok(out)
            }
            Err(e) => {
                self.done = true;
                Err(shift(e, first_line, file.as_deref()))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pubtator(n: usize) -> String {
        (0..n)
            .map(|i| format!("{i}|t|Title {i}.\n{i}|a|Cystic fibrosis in case {i}.\n\n"))
            .collect()
    }

    #[test]
    fn pubtator_is_cut_at_document_boundaries_within_the_budget() {
        let input = pubtator(100);
        let chunks: Vec<ReadOutcome> = ChunkedReader::new(
            input.as_bytes(),
            Format::Pubtator,
            ReadOptions::default(),
            300,
        )
        .collect::<Result<_>>()
        .unwrap();
        assert!(chunks.len() > 5, "{} chunks", chunks.len());
        let ids: Vec<String> = chunks
            .iter()
            .flat_map(|c| c.corpus.documents.iter().map(|d| d.id.clone()))
            .collect();
        assert_eq!(ids, (0..100).map(|i| i.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn an_error_names_its_line_in_the_whole_input() {
        let mut input = pubtator(50);
        input.push_str("77|t|Title.\n77|x|not a passage\n\n");
        let err = ChunkedReader::new(
            input.as_bytes(),
            Format::Pubtator,
            ReadOptions::for_file("big.pubtator"),
            100,
        )
        .find_map(|r| r.err())
        .expect("the bad line is reported");
        assert_eq!(err.line, Some(152), "{err}");
        assert!(err.to_string().starts_with("big.pubtator:152:"), "{err}");
    }

    #[test]
    fn jsonl_is_cut_at_lines_and_other_formats_are_read_whole() {
        let doc = |i: usize| {
            format!(
                "{{\"id\":\"d{i}\",\"passages\":[{{\"offset\":0,\"text\":\"Asthma {i}.\"}}],\"entities\":[]}}\n"
            )
        };
        let input: String = (0..20).map(doc).collect();
        let n =
            ChunkedReader::new(input.as_bytes(), Format::Jsonl, ReadOptions::default(), 1).count();
        assert_eq!(n, 20);
        let text = "Asthma.\n\nAnother paragraph.\n";
        let chunks: Vec<ReadOutcome> =
            ChunkedReader::new(text.as_bytes(), Format::Text, ReadOptions::default(), 1)
                .collect::<Result<_>>()
                .unwrap();
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].corpus.documents.len(), 1);
    }
}
