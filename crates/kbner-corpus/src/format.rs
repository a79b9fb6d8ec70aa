//! Format names, detection from a path and its content, file-level reading and writing, and
//! conversion between any two formats.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{CorpusError, ReadOptions, ReadOutcome, Result, WriteReport};
use crate::model::Corpus;
use crate::{bioc, brat, iob, jsonl, nested, plain, pubtator};

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
    /// Plain text: the whole input is one document (id: the file stem) without annotations.
    /// Detection chooses it only when no other format matches; writing keeps the text and
    /// reports every entity as lost.
    Text,
}

impl Format {
    /// Every format, for listing and round-trip tests.
    pub const ALL: [Format; 8] = [
        Format::Iob,
        Format::Pubtator,
        Format::Brat,
        Format::BiocXml,
        Format::BiocJson,
        Format::Nested,
        Format::Jsonl,
        Format::Text,
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
            Format::Text => "text",
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
            "text" | "txt" | "plain" => Format::Text,
            other => {
                return Err(CorpusError::msg(format!(
                    "unknown format {} (expected one of: iob, pubtator, brat, bioc-xml, bioc-json, nested, jsonl, text)",
                    crate::error::quote(other)
                )))
            }
        })
    }
}

fn io_err(path: &Path, e: std::io::Error) -> CorpusError {
    CorpusError::msg(format!("cannot access: {e}")).in_file(Some(&path.display().to_string()))
}

/// True when `path` is one file of a brat pair: an `.ann` file, or a `.txt` file with its `.ann`
/// beside it.
fn is_brat_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    ext == "ann" || (ext == "txt" && path.with_extension("ann").is_file())
}

/// Detects the format of `path`: a directory, an `.ann` file or a `.txt` file with its `.ann`
/// beside it is brat; anything else is decided by its content ([`sniff`]), never by its
/// extension, with plain text when no format matches.
pub fn detect(path: &Path) -> Result<Format> {
    if path.is_dir() || is_brat_file(path) {
        return Ok(Format::Brat);
    }
    let bytes = std::fs::read(path).map_err(|e| io_err(path, e))?;
    Ok(sniff(&bytes))
}

/// Non-blank lines IOB detection looks at.
const IOB_SAMPLE_LINES: usize = 50;

/// Detects a single-file format from content: BioC XML (`<?xml`, `<collection`), BioC JSON (a
/// collection, a list, a document with `annotations` but no `entities`, or any multi-line JSON
/// object), nested jsonlines (`tokens`/`entity_mentions`), kbner JSONL (one object a line with
/// `entities`), PubTator (`ID|t|`, `ID|a|` or a tab-separated mention line first), IOB
/// (`token<TAB>tag` lines, or space-separated columns ending in a tag); plain text when nothing
/// matches.
///
/// ```
/// use kbner_corpus::{format::sniff, Format};
/// assert_eq!(sniff(b"6794356|t|Tricuspid valve regurgitation.\n"), Format::Pubtator);
/// assert_eq!(sniff(b"Torsade\tB-Disease\nde\tI-Disease\n"), Format::Iob);
/// assert_eq!(sniff(b"Patients with fever were seen.\n"), Format::Text);
/// ```
pub fn sniff(content: &[u8]) -> Format {
    let content = content
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(content);
    let mut lines = content
        .split(|&b| b == b'\n')
        .map(|l| String::from_utf8_lossy(l.strip_suffix(b"\r").unwrap_or(l)))
        .filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return Format::Text;
    };
    let t = first.trim();
    if t.starts_with('<') {
        let xml = ["<?xml", "<!DOCTYPE collection", "<collection"];
        return if xml.iter().any(|p| t.starts_with(p)) {
            Format::BiocXml
        } else {
            Format::Text
        };
    }
    if t.starts_with('[') {
        return Format::BiocJson;
    }
    if t.starts_with('{') {
        // One object a line is JSONL or nested; an object spread over lines can only be BioC.
        if !t.ends_with('}') || has_key(t, "documents") {
            return Format::BiocJson;
        }
        if has_key(t, "entity_mentions") || (has_key(t, "tokens") && !has_key(t, "passages")) {
            return Format::Nested;
        }
        // A BioC document's passages hold "annotations"; a kbner document has "entities".
        if !has_key(t, "entities") && has_key(t, "annotations") {
            return Format::BiocJson;
        }
        return Format::Jsonl;
    }
    if pubtator_first_line(t) {
        return Format::Pubtator;
    }
    let sample = std::iter::once(first).chain(lines.take(IOB_SAMPLE_LINES - 1));
    if looks_like_iob(sample) {
        return Format::Iob;
    }
    Format::Text
}

/// True when the JSON text `t` has `"key"` followed by a colon: a key, not a string value
/// (quotes inside JSON strings are escaped, so they cannot form `"key"` followed by a colon).
fn has_key(t: &str, key: &str) -> bool {
    let pat = format!("\"{key}\"");
    t.match_indices(&pat)
        .any(|(i, _)| t[i + pat.len()..].trim_start().starts_with(':'))
}

/// `ID|t|…`, `ID|a|…` (ID without tabs or spaces), or a mention line `ID<TAB>digits<TAB>digits<TAB>…`.
fn pubtator_first_line(t: &str) -> bool {
    if let Some(bar) = t.find('|') {
        let (id, rest) = t.split_at(bar);
        if !id.is_empty()
            && !id.contains(['\t', ' '])
            && (rest.starts_with("|t|") || rest.starts_with("|a|"))
        {
            return true;
        }
    }
    let cols: Vec<&str> = t.splitn(5, '\t').collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    cols.len() == 5 && !cols[0].contains(' ') && digits(cols[1]) && digits(cols[2])
}

/// IOB when the first line and at least 80% of the sampled lines are `-DOCSTART-` or data lines
/// whose last column is a tag; space-separated columns (no tab) must all match, on at least two
/// lines, with at least one `O` or `X-TYPE` tag, so that a line of prose ending in "Vitamin B"
/// is not taken for a token and its tag.
fn looks_like_iob<'a>(lines: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> bool {
    let (mut n, mut ok, mut data, mut spaced, mut full_tag) = (0usize, 0usize, 0usize, 0, false);
    for (i, line) in lines.enumerate() {
        n += 1;
        let line = line.trim_end();
        let good = if line.starts_with("-DOCSTART-") {
            true
        } else {
            let (cols, tabbed): (Vec<&str>, bool) = if line.contains('\t') {
                (line.split('\t').collect(), true)
            } else {
                (line.split(' ').filter(|c| !c.is_empty()).collect(), false)
            };
            let tag = cols.last().map(|c| c.trim()).unwrap_or("");
            let good = cols.len() >= 2
                && (tabbed || cols.len() <= 6)
                && !cols[0].trim().is_empty()
                && crate::iob::Tag::parse(tag).is_some();
            if good {
                data += 1;
                spaced += usize::from(!tabbed);
                full_tag |= tag == "O" || tag.contains('-');
            }
            good
        };
        if i == 0 && !good {
            return false;
        }
        ok += usize::from(good);
    }
    if data == 0 || ok * 5 < n * 4 {
        return false;
    }
    spaced == 0 || (ok == n && data >= 2 && full_tag)
}

/// Reads `path` in `format`, or in the format [`detect`]ed when `None`; the outcome says which
/// format was used and whether it was detected.
pub fn read_path(path: &Path, format: Option<Format>, lenient: bool) -> Result<ReadOutcome> {
    let (format, detected, bytes) = match format {
        Some(f) => (f, false, None),
        None if path.is_dir() || is_brat_file(path) => (Format::Brat, true, None),
        None => {
            let bytes = std::fs::read(path).map_err(|e| io_err(path, e))?;
            (sniff(&bytes), true, Some(bytes))
        }
    };
    let mut out = if format == Format::Brat {
        read_brat(path, lenient)?
    } else {
        let bytes = match bytes {
            Some(b) => b,
            None => std::fs::read(path).map_err(|e| io_err(path, e))?,
        };
        let opts = ReadOptions {
            lenient,
            file: Some(path.display().to_string()),
        };
        read_bytes(&bytes, format, &opts)?
    };
    out.detected = detected;
    Ok(out)
}

/// Reads in-memory content of a single-file format (all but brat). Plain text takes its document
/// id from the stem of `opts.file`.
pub fn read_bytes(bytes: &[u8], format: Format, opts: &ReadOptions) -> Result<ReadOutcome> {
    match format {
        Format::Iob => iob::read(bytes, opts),
        Format::Pubtator => pubtator::read(bytes, opts),
        Format::BiocXml => bioc::read_xml(bytes, opts),
        Format::BiocJson => bioc::read_json(bytes, opts),
        Format::Nested => nested::read(bytes, opts),
        Format::Jsonl => jsonl::read(bytes, opts),
        Format::Text => plain::read(bytes, opts),
        Format::Brat => Err(CorpusError::msg(
            "brat is a directory of .txt/.ann pairs; read it with read_path or read_brat_pair",
        )),
    }
}

/// Reads a brat directory (every `.ann`/`.txt` pair in it; a file of one kind without the other
/// is an error, or a counted skip in lenient mode) or the pair `path` belongs to.
fn read_brat(path: &Path, lenient: bool) -> Result<ReadOutcome> {
    let mut out = ReadOutcome::empty(Format::Brat);
    let stems: Vec<PathBuf> = if path.is_dir() {
        let rd = std::fs::read_dir(path).map_err(|e| io_err(path, e))?;
        let (mut anns, mut txts) = (HashSet::new(), HashSet::new());
        for entry in rd {
            let p = entry.map_err(|e| io_err(path, e))?.path();
            match p.extension().and_then(|e| e.to_str()) {
                Some("ann") => anns.insert(p.with_extension("")),
                Some("txt") => txts.insert(p.with_extension("")),
                // Configuration (annotation.conf) and other files are not documents.
                _ => false,
            };
        }
        let mut lone: Vec<(PathBuf, &str, &str)> = txts
            .difference(&anns)
            .map(|s| (s.clone(), "txt", "ann"))
            .chain(anns.difference(&txts).map(|s| (s.clone(), "ann", "txt")))
            .collect();
        lone.sort();
        for (stem, has, lacks) in lone {
            let e = CorpusError::msg(format!(
                "no .{lacks} file beside this .{has} file (a brat document is a .txt/.ann pair); the document is not read"
            ))
            .in_file(Some(&add_ext(&stem, has).display().to_string()));
            if !lenient {
                return Err(e);
            }
            out.skipped.push(e);
        }
        let mut both: Vec<PathBuf> = anns.intersection(&txts).cloned().collect();
        both.sort();
        both
    } else {
        vec![path.with_extension("")]
    };
    for stem in stems {
        let (ann, txt) = (add_ext(&stem, "ann"), add_ext(&stem, "txt"));
        let id = stem
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
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

/// `stem` with `.ext` appended (`Path::with_extension` would replace a dot inside the stem).
fn add_ext(stem: &Path, ext: &str) -> PathBuf {
    let mut s = stem.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// Reports, in one message, the concepts' other ids ([`crate::Entity::concept_ids`]) that a
/// format with one id per concept (PubTator, brat) cannot hold.
fn report_concept_ids_lost(corpus: &Corpus, format: Format, report: &mut WriteReport) {
    let mentions = corpus
        .documents
        .iter()
        .flat_map(|d| &d.entities)
        .filter(|e| e.concept_ids.iter().any(|l| l.len() > 1))
        .count();
    if mentions > 0 {
        report.lose(format!(
            "the other ids of the concepts of {mentions} mentions: {format} holds one id per concept; kbner JSONL and BioC keep them all"
        ));
    }
}

/// Serializes a corpus in a single-file format (all but brat).
pub fn write_string(corpus: &Corpus, format: Format) -> Result<(String, WriteReport)> {
    Ok(match format {
        Format::Iob => iob::write(corpus),
        Format::Pubtator => {
            let (s, mut report) = pubtator::write(corpus);
            report_concept_ids_lost(corpus, format, &mut report);
            (s, report)
        }
        Format::BiocXml => bioc::write_xml(corpus),
        Format::BiocJson => bioc::write_json(corpus),
        Format::Nested => nested::write(corpus),
        Format::Jsonl => jsonl::write(corpus),
        Format::Text => plain::write(corpus),
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
        let base = safe_stem(&d.id, i);
        let mut stem = base.clone();
        let mut n = i + 1;
        while !seen.insert(stem.clone()) {
            stem = format!("{base}_{n}");
            n += 1;
        }
        let (txt, ann, r) = brat::write_doc(d);
        rep.extend(r);
        for (file, content) in [(format!("{stem}.txt"), txt), (format!("{stem}.ann"), ann)] {
            kbner_job::write_file(&path.join(file), content.as_bytes())
                .map_err(|e| io_err(&e.path, e.source))?;
        }
    }
    report_concept_ids_lost(corpus, format, &mut rep);
    Ok(rep)
}

/// What a conversion did.
#[derive(Debug, Clone, Default)]
pub struct ConvertSummary {
    /// Input format used.
    pub from: Option<Format>,
    /// True when the input format was detected (not given).
    pub detected: bool,
    /// Documents converted.
    pub documents: usize,
    /// Entities read.
    pub entities: usize,
    /// Records skipped while reading (lenient mode).
    pub skipped: Vec<CorpusError>,
    /// What the output format could not hold.
    pub write: WriteReport,
}

/// Converts `input` (format detected when `from` is `None`) to `output` in `to`. Refuses, before
/// reading, an output that is the input or one of its files ([`check_output_is_not_input`]).
pub fn convert(
    input: &Path,
    from: Option<Format>,
    output: &Path,
    to: Format,
    lenient: bool,
) -> Result<ConvertSummary> {
    check_output_is_not_input(&[input], output, to)?;
    let r = read_path(input, from, lenient)?;
    let write = write_path(&r.corpus, to, output)?;
    Ok(ConvertSummary {
        from: Some(r.format),
        detected: r.detected,
        documents: r.corpus.documents.len(),
        entities: r.corpus.documents.iter().map(|d| d.entities.len()).sum(),
        skipped: r.skipped,
        write,
    })
}

/// True when `a` and `b` name the same existing file or directory (same device and inode on
/// Unix), however they are spelt: `./a.txt` and `../dir/a.txt`, a symbolic link and its
/// target, two hard links. False when either does not exist.
///
/// ```
/// # fn main() -> std::io::Result<()> {
/// let dir = std::env::temp_dir().join(format!("kbner-same-file-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "x")?;
/// assert!(kbner_corpus::format::same_file(&dir.join("a.txt"), &dir.join(".").join("a.txt")));
/// assert!(!kbner_corpus::format::same_file(&dir.join("a.txt"), &dir.join("b.txt")));
/// # std::fs::remove_dir_all(&dir)
/// # }
/// ```
pub fn same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// The files reading `input` opens: the file itself; both files of a brat pair; a brat
/// directory and the `.txt`/`.ann` files in it. `-` (standard input) opens none.
fn files_read(input: &Path) -> Vec<PathBuf> {
    if input.as_os_str() == "-" {
        return Vec::new();
    }
    let mut v = vec![input.to_path_buf()];
    let is_pair_file = |p: &Path| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("ann"))
    };
    if input.is_dir() {
        if let Ok(rd) = std::fs::read_dir(input) {
            v.extend(rd.flatten().map(|e| e.path()).filter(|p| is_pair_file(p)));
        }
    } else if is_pair_file(input) {
        v.push(input.with_extension("txt"));
        v.push(input.with_extension("ann"));
    }
    v
}

/// Refuses to write `output` (in format `to`) over any file that reading `inputs` uses: the
/// output is compared with each input file as a file (device and inode, see [`same_file`]), not
/// as a string, so `./a.pubtator` and `../dir/a.pubtator`, a symbolic link or a hard link to the
/// input are caught. A brat output directory is refused when it is an input directory or holds an
/// input `.txt`/`.ann` file it could overwrite. Every command that writes an output file from
/// input files calls this before writing.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use kbner_corpus::{format::check_output_is_not_input, Format};
/// let dir = std::env::temp_dir().join(format!("kbner-check-output-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let input = dir.join("a.pubtator");
/// std::fs::write(&input, "1|t|x\n1|a|\n\n")?;
/// let same = dir.join("..").join(dir.file_name().unwrap()).join("a.pubtator");
/// let e = check_output_is_not_input(&[&input], &same, Format::Jsonl).unwrap_err();
/// assert!(e.to_string().contains("is the input"), "{e}");
/// assert!(check_output_is_not_input(&[&input], &dir.join("b.jsonl"), Format::Jsonl).is_ok());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok(())
/// # }
/// ```
pub fn check_output_is_not_input<P: AsRef<Path>>(
    inputs: &[P],
    output: &Path,
    to: Format,
) -> Result<()> {
    for input in inputs {
        let input = input.as_ref();
        for read in files_read(input) {
            let clash = same_file(&read, output)
                || (to == Format::Brat
                    && !read.is_dir()
                    && read.extension().is_some_and(|e| e == "txt" || e == "ann")
                    && same_file(parent_dir(&read), output));
            if clash {
                let what = if read.as_path() == input {
                    format!("is the input {}", input.display())
                } else if same_file(&read, output) {
                    format!(
                        "is {}, read as part of the input {}",
                        read.display(),
                        input.display()
                    )
                } else {
                    format!(
                        "is the directory of {}, read as part of the input {}; writing brat files there could overwrite it",
                        read.display(),
                        input.display()
                    )
                };
                return Err(CorpusError::msg(format!(
                    "output {} {what} (the same file, whatever the spelling or link): refusing to overwrite the input; choose another output",
                    output.display()
                )));
            }
        }
    }
    Ok(())
}

/// The directory holding `p` (`.` for a bare file name).
fn parent_dir(p: &Path) -> &Path {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// One plain-text document: `bytes` (UTF-8, else an error naming `name` and the line) as a single
/// passage, with id `id`. Whitespace-only text gives an empty corpus. (Reading a file as
/// [`Format::Text`] does the same with the file stem as id.)
///
/// ```
/// let corpus = kbner_corpus::format::read_plain_text("note-1", "note-1.txt", b"Fever and cough.")?;
/// assert_eq!(corpus.documents[0].passages[0].text, "Fever and cough.");
/// assert!(kbner_corpus::format::read_plain_text("x", "x.txt", b"ok\n\xff").is_err());
/// # Ok::<(), kbner_corpus::CorpusError>(())
/// ```
pub fn read_plain_text(id: &str, name: &str, bytes: &[u8]) -> Result<Corpus> {
    Ok(plain::read_with_id(id, bytes, &ReadOptions::for_file(name))?.corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_format_from_its_content() {
        assert_eq!(sniff(b"\n123|t|Title\n"), Format::Pubtator);
        assert_eq!(sniff(b"123\t0\t5\tTitle\tX\n"), Format::Pubtator);
        assert_eq!(sniff(b"Torsade\tB-Disease\n"), Format::Iob);
        assert_eq!(
            sniff(b"-DOCSTART- -X- O O\n\nEU NNP B-ORG\nrejects VBZ O\n"),
            Format::Iob
        );
        assert_eq!(sniff(b"<?xml version='1.0'?>"), Format::BiocXml);
        assert_eq!(
            sniff(b"{\"source\": \"x\", \"documents\": []}"),
            Format::BiocJson
        );
        assert_eq!(
            sniff(b"{\n  \"source\": \"x\",\n  \"documents\": []\n}\n"),
            Format::BiocJson
        );
        assert_eq!(sniff(b"[{\"id\": \"1\"}]"), Format::BiocJson);
        assert_eq!(
            sniff(
                b"{\"id\":\"1\",\"passages\":[{\"offset\":0,\"text\":\"a\",\"annotations\":[]}]}"
            ),
            Format::BiocJson
        );
        assert_eq!(
            sniff(b"{\"tokens\": [\"a\"], \"entity_mentions\": []}"),
            Format::Nested
        );
        assert_eq!(
            sniff(b"{\"id\":\"1\",\"passages\":[],\"entities\":[]}"),
            Format::Jsonl
        );
        // A value "entities" is not a key.
        assert_eq!(
            sniff(b"{\"id\":\"1\",\"passages\":[{\"text\":\"\\\"entities\\\": x\",\"annotations\":[]}]}"),
            Format::BiocJson
        );
        assert_eq!("bioc".parse::<Format>().unwrap(), Format::BiocXml);
        assert_eq!("text".parse::<Format>().unwrap(), Format::Text);
        assert!("yaml".parse::<Format>().is_err());
    }

    #[test]
    fn prose_is_plain_text_not_iob_or_xml() {
        for text in [
            "",
            " \n\n",
            "Patients with fever were seen.\n",
            "Vitamin B\n",
            "Hepatitis B\nType I\n",
            "<1% of patients relapsed.\n",
            "a | b | c\n",
            "fine line\nbad \u{fffd} byte\n",
        ] {
            assert_eq!(sniff(text.as_bytes()), Format::Text, "{text:?}");
        }
    }

    /// Issue: `kbner tag CDR_TestSet.PubTator.txt` read PubTator as one plain-text document
    /// because the name ends in `.txt`. Content decides, for every reader of files.
    #[test]
    fn a_pubtator_file_named_txt_is_read_as_pubtator_and_says_so() {
        let dir = std::env::temp_dir().join(format!("kbner-detect-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("CDR_TestSet.PubTator.txt");
        std::fs::write(
            &path,
            "1|t|Aspirin.\n1|a|Fever.\n1\t0\t7\tAspirin\tChemical\tD001241\n\n",
        )
        .unwrap();
        assert_eq!(detect(&path).unwrap(), Format::Pubtator);
        let r = read_path(&path, None, false).unwrap();
        assert_eq!((r.format, r.detected), (Format::Pubtator, true));
        assert_eq!(r.corpus.documents[0].entities.len(), 1);
        assert_eq!(
            r.format_note("x.txt"),
            "reading x.txt as pubtator (detected)"
        );
        let given = read_path(&path, Some(Format::Text), false).unwrap();
        assert_eq!((given.format, given.detected), (Format::Text, false));
        assert_eq!(given.corpus.documents[0].id, "CDR_TestSet.PubTator");
        // A .txt with its .ann beside it is still one brat document.
        let txt = dir.join("d1.txt");
        std::fs::write(&txt, "1|t|not pubtator, brat text\n").unwrap();
        std::fs::write(dir.join("d1.ann"), "T1\tX 0 1\t1\n").unwrap();
        let r = read_path(&txt, None, false).unwrap();
        assert_eq!((r.format, r.corpus.documents.len()), (Format::Brat, 1));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Issue: a brat `.txt` without its `.ann` (or the reverse) was dropped without a word.
    #[test]
    fn a_brat_file_without_its_pair_is_an_error_or_a_counted_skip() {
        let dir = std::env::temp_dir().join(format!("kbner-brat-lone-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "BRCA1").unwrap();
        std::fs::write(dir.join("a.ann"), "T1\tGene 0 5\tBRCA1\n").unwrap();
        std::fs::write(dir.join("b.v2.txt"), "lonely").unwrap();
        std::fs::write(dir.join("annotation.conf"), "[entities]\n").unwrap();
        let e = read_path(&dir, None, false).unwrap_err();
        assert!(
            e.to_string().contains("b.v2.txt: no .ann file beside"),
            "{e}"
        );
        let r = read_path(&dir, None, true).unwrap();
        assert_eq!((r.corpus.documents.len(), r.skipped.len()), (1, 1));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Issue: `kbner convert ./a.pubtator ../dir/a.pubtator` overwrote its input (also through a
    /// link): the check compared strings.
    #[test]
    fn an_output_that_is_the_input_is_refused_however_spelt_or_linked() {
        let dir = std::env::temp_dir().join(format!("kbner-same-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let input = dir.join("a.pubtator");
        let content = "1|t|x\n1|a|\n\n";
        std::fs::write(&input, content).unwrap();
        let dotted = dir.join("sub").join("..").join("a.pubtator");
        let hard = dir.join("hard.pubtator");
        std::fs::hard_link(&input, &hard).unwrap();
        let mut outputs = vec![dotted, hard];
        #[cfg(unix)]
        {
            let soft = dir.join("soft.pubtator");
            std::os::unix::fs::symlink(&input, &soft).unwrap();
            outputs.push(soft);
        }
        for out in &outputs {
            let e = convert(&input, None, out, Format::Jsonl, false).unwrap_err();
            assert!(e.to_string().contains("is the input"), "{e}");
            assert_eq!(std::fs::read_to_string(&input).unwrap(), content);
        }
        // A brat pair and a brat directory are guarded file by file.
        std::fs::write(dir.join("d.txt"), "BRCA1").unwrap();
        std::fs::write(dir.join("d.ann"), "T1\tGene 0 5\tBRCA1\n").unwrap();
        let e =
            check_output_is_not_input(&[dir.join("d.txt")], &dir.join("d.ann"), Format::Pubtator)
                .unwrap_err();
        assert!(e.to_string().contains("read as part of the input"), "{e}");
        assert!(check_output_is_not_input(&[&dir], &dir.join("d.ann"), Format::Jsonl).is_err());
        assert!(check_output_is_not_input(&[dir.join("d.ann")], &dir, Format::Brat).is_err());
        assert!(
            check_output_is_not_input(&[&input], &dir.join("new.jsonl"), Format::Jsonl).is_ok()
        );
        assert!(check_output_is_not_input(&["-"], &input, Format::Jsonl).is_ok());
        convert(&input, None, &dir.join("new.jsonl"), Format::Jsonl, false).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
