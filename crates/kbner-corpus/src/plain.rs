//! Plain text: the whole input is one document of one passage, with no annotations. Its id is
//! the input file's stem (`notes/case-12.txt` → `case-12`), or `text` when there is no file name.
//!
//! Writing keeps each document's text (passages at their offsets, gaps filled with spaces,
//! documents separated by a blank line) and reports what text cannot hold: every entity (as a
//! lost entity), relations, and the boundaries between several documents.

use crate::error::{decode_utf8, Ctx, ReadOptions, ReadOutcome, Result, WriteReport};
use crate::model::{Corpus, Document, Passage};

/// Document id used when the input has no file name.
const NO_NAME_ID: &str = "text";

/// The document id for a file name: its stem.
fn id_for(file: Option<&str>) -> String {
    file.map(std::path::Path::new)
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| NO_NAME_ID.to_string())
}

/// Reads plain text (UTF-8; in lenient mode invalid bytes become U+FFFD and are counted).
/// Whitespace-only input gives an empty corpus.
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutcome> {
    read_with_id(&id_for(opts.file.as_deref()), bytes, opts)
}

/// Reads plain text as one document with id `id`.
pub fn read_with_id(id: &str, bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutcome> {
    let mut ctx = Ctx::new(opts);
    let text = decode_utf8(bytes, &mut ctx)?;
    let mut corpus = Corpus::default();
    if !text.trim().is_empty() {
        corpus.documents.push(Document {
            id: id.to_string(),
            passages: vec![Passage {
                offset: 0,
                text: text.into_owned(),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    Ok(ctx.finish(corpus, crate::Format::Text))
}

/// Writes the documents' text.
pub fn write(corpus: &Corpus) -> (String, WriteReport) {
    let mut out = String::new();
    let mut report = WriteReport::default();
    if corpus.documents.len() > 1 {
        report.lose(format!(
            "the boundaries and ids of {} documents: plain text holds one document (written one after another, separated by a blank line)",
            corpus.documents.len()
        ));
    }
    for (i, doc) in corpus.documents.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        match doc.full_text(' ', None) {
            Ok(t) => out.push_str(&t),
            Err(e) => {
                report.lose(format!(
                    "document {}: {e}; its passages are written one after another",
                    doc.id
                ));
                for (j, p) in doc.passages.iter().enumerate() {
                    if j > 0 {
                        out.push(' ');
                    }
                    out.push_str(&p.text);
                }
            }
        }
        for e in &doc.entities {
            report.lose_entity(format!(
                "document {}: entity {} [{}, {}) (plain text holds no annotations)",
                doc.id,
                crate::error::quote(&e.text),
                e.start,
                e.end
            ));
        }
        if !doc.relations.is_empty() {
            report.lose(format!(
                "document {}: {} relations (plain text holds no annotations)",
                doc.id,
                doc.relations.len()
            ));
        }
    }
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entity;

    #[test]
    fn one_document_named_after_the_file_and_back_byte_for_byte() {
        let text = "Fever and cough.\n\nSecond paragraph.\n";
        let r = read(text.as_bytes(), &ReadOptions::for_file("dir/case-12.txt")).unwrap();
        assert_eq!(r.format, crate::Format::Text);
        let d = &r.corpus.documents[0];
        assert_eq!(d.id, "case-12");
        assert_eq!(d.passages[0].text, text);
        let (out, rep) = write(&r.corpus);
        assert_eq!(out, text);
        assert_eq!(rep, WriteReport::default());
        assert!(read(b" \n\t", &ReadOptions::default())
            .unwrap()
            .corpus
            .documents
            .is_empty());
        let e = read(b"ok\n\xff", &ReadOptions::for_file("x.txt")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.txt:2: invalid UTF-8 (replaced by U+FFFD in lenient mode)"
        );
    }

    #[test]
    fn entities_relations_and_document_boundaries_are_reported_lost() {
        let mut r = read(b"BRCA1 and cancer", &ReadOptions::default()).unwrap();
        r.corpus.documents[0]
            .entities
            .push(Entity::new(0, 5, "BRCA1", "Gene"));
        r.corpus.documents.push(r.corpus.documents[0].clone());
        let (out, rep) = write(&r.corpus);
        assert_eq!(out, "BRCA1 and cancer\n\nBRCA1 and cancer");
        assert_eq!(rep.entities_lost, 2);
        assert_eq!(rep.lost.len(), 3, "{:?}", rep.lost);
    }
}
