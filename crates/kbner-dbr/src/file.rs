//! DBR sample files: JSON lines, a header (format, options, counts) then one sample a line,
//! written atomically and read back with errors naming the line and field.

use std::io::{BufRead, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::build::{DbrOptions, DbrReport};
use crate::error::{DbrError, Result};
use crate::sample::DbrSample;

/// `format` of a DBR file's header.
pub const DBR_FORMAT: &str = "kbner-dbr";
/// Version of the layout.
const VERSION: u32 = 1;

/// A DBR file's first line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbrHeader {
    /// [`DBR_FORMAT`].
    pub format: String,
    /// Layout version.
    pub version: u32,
    /// How the samples were built.
    pub options: DbrOptions,
    /// What the build did.
    pub report: DbrReport,
    /// The knowledge base and corpora used, for the record.
    pub inputs: Vec<String>,
}

impl DbrHeader {
    /// A header for samples built with `options`.
    pub fn new(options: DbrOptions, report: DbrReport, inputs: Vec<String>) -> Self {
        DbrHeader {
            format: DBR_FORMAT.into(),
            version: VERSION,
            options,
            report,
            inputs,
        }
    }
}

/// Writes `samples` under `header` to `path` atomically (the old file stays until the new one is
/// complete).
pub fn write_dbr(path: &Path, header: &DbrHeader, samples: &[DbrSample]) -> Result<()> {
    kbner_job::write_file_with(path, |tmp| -> Result<()> {
        let io = |e: std::io::Error| DbrError::Io {
            path: path.to_path_buf(),
            source: e,
        };
        let f = std::fs::File::create(tmp).map_err(io)?;
        let mut w = std::io::BufWriter::new(f);
        let json = |v: serde_json::Result<String>| {
            v.map_err(|e| DbrError::Invalid(format!("encoding a DBR line: {e}")))
        };
        writeln!(w, "{}", json(serde_json::to_string(header))?).map_err(io)?;
        for s in samples {
            writeln!(w, "{}", json(serde_json::to_string(s))?).map_err(io)?;
        }
        w.flush().map_err(io)?;
        Ok(())
    })
}

/// Reads a DBR file: its header and samples. Every sample is checked (as many tags as words,
/// tags `B`/`I`/`O`, no `I` after `O`, at least one word); errors name the file, line and field.
pub fn read_dbr(path: &Path) -> Result<(DbrHeader, Vec<DbrSample>)> {
    let io = |e: std::io::Error| DbrError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let f = std::fs::File::open(path).map_err(io)?;
    let bad = |line: usize, field: &str, message: String| DbrError::Format {
        path: path.to_path_buf(),
        line,
        field: field.to_string(),
        message,
    };
    let mut header: Option<DbrHeader> = None;
    let mut samples = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => bad(n, "-", "not valid UTF-8".into()),
            _ => io(e),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        if header.is_none() {
            let h: DbrHeader = serde_json::from_str(&line).map_err(|e| {
                bad(
                    n,
                    "-",
                    format!("expected a {DBR_FORMAT} header (is this a `kbner dbr` output?): {e}"),
                )
            })?;
            if h.format != DBR_FORMAT || h.version != VERSION {
                return Err(bad(
                    n,
                    "format",
                    format!(
                        "{} version {} is not {DBR_FORMAT} version {VERSION}",
                        h.format, h.version
                    ),
                ));
            }
            header = Some(h);
            continue;
        }
        let s: DbrSample = serde_json::from_str(&line).map_err(|e| bad(n, "-", e.to_string()))?;
        check_sample(&s).map_err(|(field, m)| bad(n, field, m))?;
        samples.push(s);
    }
    let header = header.ok_or_else(|| bad(1, "-", "empty file: no header".into()))?;
    Ok((header, samples))
}

fn check_sample(s: &DbrSample) -> std::result::Result<(), (&'static str, String)> {
    if s.words.is_empty() {
        return Err(("words", "a sample needs at least one word".into()));
    }
    if s.tags.len() != s.words.len() {
        return Err((
            "tags",
            format!("{} tags for {} words", s.tags.len(), s.words.len()),
        ));
    }
    if s.kind.trim().is_empty() {
        return Err(("type", "empty entity type".into()));
    }
    let mut prev = "O";
    for (k, t) in s.tags.iter().enumerate() {
        match t.as_str() {
            "B" | "O" => {}
            "I" if prev != "O" => {}
            "I" => return Err(("tags", format!("tag {k} is I after O"))),
            other => return Err(("tags", format!("tag {k} is {other:?}, not B, I or O"))),
        }
        prev = t;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{PlacedName, SampleSizes};

    fn header() -> DbrHeader {
        DbrHeader::new(
            DbrOptions {
                kind: "Disease".into(),
                task_type: "Disease".into(),
                sizes: SampleSizes::default(),
                seed: 1,
                random: false,
                unambiguous: true,
            },
            DbrReport::default(),
            vec!["kb".into()],
        )
    }

    fn sample() -> DbrSample {
        DbrSample {
            kind: "Disease".into(),
            words: vec!["ovarian".into(), "cancer".into(), "aspirin".into()],
            tags: vec!["B".into(), "I".into(), "O".into()],
            names: vec![
                PlacedName {
                    name: "ovarian cancer".into(),
                    kind: "Disease".into(),
                    positive: true,
                },
                PlacedName {
                    name: "aspirin".into(),
                    kind: "Chemical".into(),
                    positive: false,
                },
            ],
            source: "d:0".into(),
        }
    }

    #[test]
    fn a_written_file_reads_back_and_a_bad_line_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("dbr.jsonl");
        write_dbr(&path, &header(), &[sample(), sample()]).expect("write");
        let (h, s) = read_dbr(&path).expect("read");
        assert_eq!(h, header());
        assert_eq!(s, vec![sample(), sample()]);

        let mut text = std::fs::read_to_string(&path).expect("read text");
        text.push_str(
            r#"{"type":"Disease","words":["a","b"],"tags":["O","I"],"names":[],"source":"x"}"#,
        );
        text.push('\n');
        std::fs::write(&path, text).expect("write");
        let e = read_dbr(&path).expect_err("I after O").to_string();
        assert!(e.contains("dbr.jsonl:4: tags: tag 1 is I after O"), "{e}");

        std::fs::write(&path, "{\"tokens\": []}\n").expect("write");
        let e = read_dbr(&path).expect_err("not a DBR file").to_string();
        assert!(e.contains(":1: -: expected a kbner-dbr header"), "{e}");
    }
}
