//! What the fuzz targets share: reading an input in a corpus format and checking that what kbner
//! writes it reads back, and laying an input out as the files of a knowledge-base source.
//!
//! An error is an expected outcome for bad input; a panic (an `unwrap` on input, an overflow, an
//! out-of-bounds slice, or a failed check here) or a hang is a finding.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kbner_corpus::format::{read_brat_pair, write_brat_doc};
use kbner_corpus::{read_bytes, write_string, Corpus, Format, ReadOptions};

/// Read options naming a file of the format (plain text takes its document id from the stem).
fn options(format: Format, lenient: bool) -> ReadOptions {
    ReadOptions {
        lenient,
        file: Some(format!("fuzz-input.{}", format.name())),
    }
}

/// Reads `data` as `format`, strictly and leniently; what the lenient read accepts goes through
/// [`written_reads_back`].
pub fn corpus(data: &[u8], format: Format) {
    let _ = read_bytes(data, format, &options(format, false));
    if let Ok(out) = read_bytes(data, format, &options(format, true)) {
        written_reads_back(&out.corpus, format);
    }
}

/// Reads one brat document from `data`: the `.txt` content up to the first NUL byte, the `.ann`
/// content after it (all `.txt` when there is none).
pub fn brat(data: &[u8]) {
    let (txt, ann) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let _ = read_brat_pair("fuzz", txt, ann, &options(Format::Brat, false));
    if let Ok((doc, _)) = read_brat_pair("fuzz", txt, ann, &options(Format::Brat, true)) {
        let corpus = Corpus {
            documents: vec![doc],
            ..Default::default()
        };
        written_reads_back(&corpus, Format::Brat);
    }
}

/// What kbner writes it reads back: `corpus` (read from a `from` input) written in `from` reads
/// back strictly without an error, and writing what was read back gives the same output again
/// (writing is a fixed point after one read). Written in every other format, it is read back
/// too, where only a panic is a finding: a writer may report a loss, and a format may hold less
/// than its reader checks (an entity outside the text, a brat line about a dropped entity).
pub fn written_reads_back(corpus: &Corpus, from: Format) {
    for to in Format::ALL {
        let own = to == from;
        if to == Format::Brat {
            for doc in &corpus.documents {
                let (txt, ann, _) = write_brat_doc(doc);
                let opts = options(Format::Brat, false);
                let back = read_brat_pair(&doc.id, txt.as_bytes(), ann.as_bytes(), &opts);
                if !own {
                    continue;
                }
                let back = back.unwrap_or_else(|e| {
                    panic!("brat output of a brat input does not read back: {e}\n--- txt:\n{txt}\n--- ann:\n{ann}")
                });
                let (txt2, ann2, _) = write_brat_doc(&back.0);
                assert_eq!(
                    (txt2, ann2),
                    (txt, ann),
                    "brat: writing what was read back differs"
                );
            }
            continue;
        }
        let (text, _) = write_string(corpus, to).expect("every format but brat writes a string");
        let back = read_bytes(text.as_bytes(), to, &options(to, false));
        if !own {
            continue;
        }
        let back = back.unwrap_or_else(|e| {
            panic!("{to} output of a {to} input does not read back: {e}\n--- output:\n{text}")
        });
        let (again, _) = write_string(&back.corpus, to).expect("single-file format");
        assert_eq!(again, text, "{to}: writing what was read back differs");
    }
}

/// A directory of this process for the files a knowledge-base target writes (removed at exit by
/// nothing: libFuzzer exits with `_exit`; it lives under the system temporary directory).
pub fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("kbner-fuzz-")
            .tempdir()
            .expect("temporary directory");
        // Kept for the life of the process (libFuzzer ends it with `exit`).
        dir.keep()
    })
}

/// The files of a UMLS `META` directory the reader looks at, in the order a `kb_umls` input
/// gives them.
pub const UMLS_FILES: [&str; 8] = [
    "MRCONSO.RRF",
    "MRSTY.RRF",
    "MRDEF.RRF",
    "MRREL.RRF",
    "MRSAB.RRF",
    "MRRANK.RRF",
    "MRFILES.RRF",
    "release.dat",
];

/// Lays out a `kb_umls` input in `dir`: NUL-separated contents of [`UMLS_FILES`] in order (an
/// empty part is an empty file; files past the last part are absent).
pub fn write_umls_dir(dir: &Path, files: &[u8]) {
    let mut parts = files.split(|&b| b == 0);
    for name in UMLS_FILES {
        let path = dir.join(name);
        match parts.next() {
            Some(content) => std::fs::write(&path, content).expect("write a fuzz input file"),
            None => match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => panic!("remove {}: {e}", path.display()),
            },
        }
    }
}
