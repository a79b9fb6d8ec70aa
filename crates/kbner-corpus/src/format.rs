//! Format names, detection from a path and its content, file-level reading and writing, and
//! conversion between any two formats.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{CorpusError, ReadOptions, ReadOutcome, Result, WriteReport};
use crate::model::{Corpus, Document, Passage};
use crate::{bioc, brat, iob, jsonl, nested, pubtator};

// brat is the one format whose in-memory form is two texts, not one: its per-document functions,
// for callers that hold the contents rather than files.
pub use crate::brat::{read_pair as read_brat_pair, write_doc as write_brat_doc};

/// The supported corpus formats. Each reads into the one document model and writes it back byte
/// for byte where the format allows (see each format's own layout below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// IOB/CoNLL `token<TAB>tag`, a blank line after each sentence, optional `-DOCSTART-` lines;
    /// IOB1, IOB2 and BIOES tags are decoded as seqeval does (see [`iob`]), output is
    /// IOB2. Nested and overlapping mentions cannot be written (reported as lost).
    Iob,
    /// PubTator: `PMID|t|title`, `PMID|a|abstract`, mention lines
    /// `PMID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>ids]` (ids joined by `|` or `+`, `-1` for
    /// none) and relation lines.
    Pubtator,
    /// brat standoff (a directory of `.txt`/`.ann` pairs, or one pair); `N` lines give ids.
    Brat,
    /// BioC XML; annotation infon `type` is the entity type, `identifier` (or `MESH`, `NCBI Gene`)
    /// the ids.
    BiocXml,
    /// BioC JSON, mapped as BioC XML.
    BiocJson,
    /// GENIA-style nested jsonlines: one sentence a line, tokens and token-index mentions.
    Nested,
    /// kbner JSONL: one document of the model a line, as JSON; holds everything but BioC
    /// collection metadata.
    Jsonl,
}

impl Format {
    /// Every format, for listing and round-trip tests.
    pub const ALL: [Format; 7] = [
        Format::Iob,
        Format::Pubtator,
        Format::Brat,
        Format::BiocXml,
        Format::BiocJson,
        Format::Nested,
        Format::Jsonl,
    ];

    /// The canonical name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Iob => "iob",
            Format::Pubtator => "pubtator",
            Format::Brat => "brat",
            Format::BiocXml => "bioc-xml",
            Format::BiocJson => "bioc-json",
            Format::Nested => "nested",
            Format::Jsonl => "jsonl",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = CorpusError;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "iob" | "iob2" | "conll" | "bio" | "bioes" | "tsv" => Format::Iob,
            "pubtator" => Format::Pubtator,
            "brat" | "standoff" => Format::Brat,
            "bioc-xml" | "bioc" | "xml" => Format::BiocXml,
            "bioc-json" => Format::BiocJson,
            "nested" | "genia" | "jsonlines" => Format::Nested,
            "jsonl" | "kbner" | "kbner-jsonl" => Format::Jsonl,
            other => {
                return Err(CorpusError::msg(format!(
                    "unknown format {other:?} (expected one of: iob, pubtator, brat, bioc-xml, bioc-json, nested, jsonl)"
                )))
            }
        })
    }
}

fn io_err(path: &Path, e: std::io::Error) -> CorpusError {
    CorpusError::msg(format!("cannot access: {e}")).in_file(Some(&path.display().to_string()))
}

/// Guesses the format of `path` from its kind, extension and first non-blank line.
pub fn detect(path: &Path) -> Result<Format> {
    if path.is_dir() {
        return Ok(Format::Brat);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "ann" || (ext == "txt" && path.with_extension("ann").is_file()) {
        return Ok(Format::Brat);
    }
    let bytes = std::fs::read(path).map_err(|e| io_err(path, e))?;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 16)]);
    Ok(sniff(&head, &ext))
}

/// Guesses a format from the start of a file's content and its extension.
pub fn sniff(head: &str, ext: &str) -> Format {
    let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let t = first.trim_start();
    if t.starts_with('<') {
        return Format::BiocXml;
    }
    if t.starts_with('[') || ext == "json" {
        return Format::BiocJson;
    }
    if t.starts_with('{') {
        if t.contains("\"entity_mentions\"")
            || (t.contains("\"tokens\"") && !t.contains("\"passages\""))
        {
            return Format::Nested;
        }
        if t.contains("\"documents\"") {
            return Format::BiocJson;
        }
        return Format::Jsonl;
    }
    if let Some(bar) = t.find('|') {
        let rest = &t[bar..];
        if !t[..bar].contains('\t') && (rest.starts_with("|t|") || rest.starts_with("|a|")) {
            return Format::Pubtator;
        }
    }
    Format::Iob
}

/// Reads `path` in `format` (detected when `None`).
pub fn read_path(path: &Path, format: Option<Format>, lenient: bool) -> Result<ReadOutcome> {
    let format = match format {
        Some(f) => f,
        None => detect(path)?,
    };
    let opts = ReadOptions {
        lenient,
        file: Some(path.display().to_string()),
    };
    if format == Format::Brat {
        return read_brat(path, lenient);
    }
    let bytes = std::fs::read(path).map_err(|e| io_err(path, e))?;
    read_bytes(&bytes, format, &opts)
}

/// Reads in-memory content of a single-file format (all but brat).
pub fn read_bytes(bytes: &[u8], format: Format, opts: &ReadOptions) -> Result<ReadOutcome> {
    match format {
        Format::Iob => iob::read(bytes, opts),
        Format::Pubtator => pubtator::read(bytes, opts),
        Format::BiocXml => bioc::read_xml(bytes, opts),
        Format::BiocJson => bioc::read_json(bytes, opts),
        Format::Nested => nested::read(bytes, opts),
        Format::Jsonl => jsonl::read(bytes, opts),
        Format::Brat => Err(CorpusError::msg(
            "brat is a directory of .txt/.ann pairs; read it with read_path or read_brat_pair",
        )),
    }
}

fn read_brat(path: &Path, lenient: bool) -> Result<ReadOutcome> {
    let mut anns: Vec<PathBuf> = if path.is_dir() {
        let rd = std::fs::read_dir(path).map_err(|e| io_err(path, e))?;
        let mut v = Vec::new();
        for entry in rd {
            let p = entry.map_err(|e| io_err(path, e))?.path();
            if p.extension().is_some_and(|e| e == "ann") {
                v.push(p);
            }
        }
        v
    } else {
        vec![path.with_extension("ann")]
    };
    anns.sort();
    let mut out = ReadOutcome::default();
    for ann in anns {
        let txt = ann.with_extension("txt");
        let id = ann
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let a = std::fs::read(&ann).map_err(|e| io_err(&ann, e))?;
        let t = std::fs::read(&txt).map_err(|e| io_err(&txt, e))?;
        let opts = ReadOptions {
            lenient,
            file: Some(ann.display().to_string()),
        };
        let (doc, skipped) = brat::read_pair(&id, &t, &a, &opts)?;
        out.corpus.documents.push(doc);
        out.skipped.extend(skipped);
    }
    Ok(out)
}

/// Serializes a corpus in a single-file format (all but brat).
pub fn write_string(corpus: &Corpus, format: Format) -> Result<(String, WriteReport)> {
    Ok(match format {
        Format::Iob => iob::write(corpus),
        Format::Pubtator => pubtator::write(corpus),
        Format::BiocXml => bioc::write_xml(corpus),
        Format::BiocJson => bioc::write_json(corpus),
        Format::Nested => nested::write(corpus),
        Format::Jsonl => jsonl::write(corpus),
        Format::Brat => {
            return Err(CorpusError::msg(
                "brat output is a directory; write it with write_path or write_brat_doc",
            ))
        }
    })
}

/// A file-system-safe stem for a document id.
fn safe_stem(id: &str, n: usize) -> String {
    let s: String = id
        .chars()
        // Only what file systems reject is replaced, so ids like `MEDLINE:123` survive.
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        format!("doc{}", n + 1)
    } else {
        s
    }
}

/// Writes `corpus` to `path` in `format` (a directory for brat, created if needed). Each file is
/// replaced atomically: an interrupted write leaves the old file or none, never half of one.
pub fn write_path(corpus: &Corpus, format: Format, path: &Path) -> Result<WriteReport> {
    if format != Format::Brat {
        let (s, rep) = write_string(corpus, format)?;
        kbner_job::write_file(path, s.as_bytes()).map_err(|e| io_err(&e.path, e.source))?;
        return Ok(rep);
    }
    std::fs::create_dir_all(path).map_err(|e| io_err(path, e))?;
    let mut rep = WriteReport::default();
    let mut seen = std::collections::HashSet::new();
    for (i, d) in corpus.documents.iter().enumerate() {
        let mut stem = safe_stem(&d.id, i);
        if !seen.insert(stem.clone()) {
            stem = format!("{stem}_{}", i + 1);
            seen.insert(stem.clone());
        }
        let (txt, ann, r) = brat::write_doc(d);
        rep.extend(r);
        for (file, content) in [(format!("{stem}.txt"), txt), (format!("{stem}.ann"), ann)] {
            kbner_job::write_file(&path.join(file), content.as_bytes())
                .map_err(|e| io_err(&e.path, e.source))?;
        }
    }
    Ok(rep)
}

/// What a conversion did.
#[derive(Debug, Clone, Default)]
pub struct ConvertSummary {
    /// Input format used.
    pub from: Option<Format>,
    /// Documents converted.
    pub documents: usize,
    /// Entities read.
    pub entities: usize,
    /// Records skipped while reading (lenient mode).
    pub skipped: Vec<CorpusError>,
    /// What the output format could not hold.
    pub write: WriteReport,
}

/// Converts `input` (format detected when `from` is `None`) to `output` in `to`.
pub fn convert(
    input: &Path,
    from: Option<Format>,
    output: &Path,
    to: Format,
    lenient: bool,
) -> Result<ConvertSummary> {
    let from = match from {
        Some(f) => f,
        None => detect(input)?,
    };
    let r = read_path(input, Some(from), lenient)?;
    let write = write_path(&r.corpus, to, output)?;
    Ok(ConvertSummary {
        from: Some(from),
        documents: r.corpus.documents.len(),
        entities: r.corpus.documents.iter().map(|d| d.entities.len()).sum(),
        skipped: r.skipped,
        write,
    })
}

/// One plain-text document: `bytes` (UTF-8, else an error naming `name` and the line) as a single
/// passage, with id `id`. Whitespace-only text gives an empty corpus.
///
/// ```
/// let corpus = kbner_corpus::format::read_plain_text("note-1", "note-1.txt", b"Fever and cough.")?;
/// assert_eq!(corpus.documents[0].passages[0].text, "Fever and cough.");
/// assert!(kbner_corpus::format::read_plain_text("x", "x.txt", b"ok\n\xff").is_err());
/// # Ok::<(), kbner_corpus::CorpusError>(())
/// ```
pub fn read_plain_text(id: &str, name: &str, bytes: &[u8]) -> Result<Corpus> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        CorpusError::msg(format!("invalid UTF-8 at byte {at}; give UTF-8 text"))
            .at_line(line)
            .in_file(Some(name))
    })?;
    let mut corpus = Corpus::default();
    if !text.trim().is_empty() {
        corpus.documents.push(Document {
            id: id.to_string(),
            passages: vec![Passage {
                offset: 0,
                text: text.to_string(),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    Ok(corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_format_from_its_first_line() {
        assert_eq!(sniff("\n123|t|Title\n", "txt"), Format::Pubtator);
        assert_eq!(sniff("Torsade\tB-Disease\n", "tsv"), Format::Iob);
        assert_eq!(sniff("<?xml version='1.0'?>", "xml"), Format::BiocXml);
        assert_eq!(
            sniff("{\"source\": \"x\", \"documents\": []}", ""),
            Format::BiocJson
        );
        assert_eq!(
            sniff("{\"tokens\": [\"a\"], \"entity_mentions\": []}", ""),
            Format::Nested
        );
        assert_eq!(sniff("{\"id\":\"1\",\"passages\":[]}", ""), Format::Jsonl);
        assert_eq!("bioc".parse::<Format>().unwrap(), Format::BiocXml);
        assert!("yaml".parse::<Format>().is_err());
    }
}
