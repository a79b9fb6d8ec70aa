//! kbner JSONL, the tool's own format: one [`Document`] per line as JSON (passages, entities with
//! ranked ids and scores, relations, and sentences/tokens when known). It holds everything in the
//! model except collection-level BioC metadata (source, date, key).

use crate::error::{
    decode_utf8, quote, CorpusError, Ctx, ReadOptions, ReadOutcome, Result, WriteReport,
};
use crate::model::{Corpus, Document};

/// Why an entity does not fit its document's text, if it does not: its span must be ordered, its
/// fragments inside it, its id scores one per id; it must lie inside a passage and carry the text
/// found there. Documents without passages (predictions that only list spans) are not checked
/// against text.
pub fn entity_problem(doc: &Document, e: &crate::model::Entity) -> Option<String> {
    let at = || format!("entity {} at [{}, {})", quote(&e.text), e.start, e.end);
    if e.start > e.end {
        return Some(format!("{}: start is after end", at()));
    }
    if !e.fragments.is_empty() {
        let lo = e.fragments.iter().map(|f| f.0).min().unwrap_or(0);
        let hi = e.fragments.iter().map(|f| f.1).max().unwrap_or(0);
        if e.fragments.iter().any(|f| f.0 > f.1) || lo != e.start || hi != e.end {
            return Some(format!(
                "{}: fragments {:?} do not span exactly [start, end)",
                at(),
                e.fragments
            ));
        }
    }
    if !e.id_scores.is_empty() && e.id_scores.len() != e.ids.len() {
        return Some(format!(
            "{}: {} id_scores for {} ids",
            at(),
            e.id_scores.len(),
            e.ids.len()
        ));
    }
    if !e.concept_ids.is_empty() && e.concept_ids.len() != e.ids.len() {
        return Some(format!(
            "{}: {} concept_ids lists for {} ids",
            at(),
            e.concept_ids.len(),
            e.ids.len()
        ));
    }
    if doc.passages.is_empty() {
        return None;
    }
    match doc.expected_text(e) {
        None => Some(format!("{} is outside the text", at())),
        Some(t) if t != e.text => Some(format!(
            "entity text {} does not match the text at [{}, {}): {}",
            quote(&e.text),
            e.start,
            e.end,
            quote(&t)
        )),
        Some(_) => None,
    }
}

/// Reads kbner JSONL. A document whose passages overlap or whose sentences and tokens leave their
/// passage ([`Document::layout_problem`]) is an error (a counted skip in lenient mode), as is an
/// entity that does not fit its text ([`entity_problem`]).
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutcome> {
    let mut ctx = Ctx::new(opts);
    let text = decode_utf8(bytes, &mut ctx)?;
    let mut corpus = Corpus::default();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut doc: Document = match serde_json::from_str(line) {
            Ok(d) => d,
            Err(e) => {
                ctx.skip(CorpusError::msg(format!("invalid document JSON: {e}")).at_line(i + 1))?;
                continue;
            }
        };
        if let Some(p) = doc.layout_problem() {
            ctx.skip(CorpusError::msg(p).at_line(i + 1).in_doc(doc.id.clone()))?;
            continue;
        }
        let entities = std::mem::take(&mut doc.entities);
        for e in entities {
            match entity_problem(&doc, &e) {
                None => doc.entities.push(e),
                Some(p) => ctx.skip(CorpusError::msg(p).at_line(i + 1).in_doc(doc.id.clone()))?,
            }
        }
        corpus.documents.push(doc);
    }
    Ok(ctx.finish(corpus, crate::Format::Jsonl))
}

/// Writes kbner JSONL.
pub fn write(corpus: &Corpus) -> (String, WriteReport) {
    let mut out = String::with_capacity(1 << 16);
    let mut report = WriteReport::default();
    if !corpus.source.is_empty() || !corpus.date.is_empty() || !corpus.key.is_empty() {
        report.lose("collection source/date/key have no place in kbner JSONL");
    }
    for d in &corpus.documents {
        match serde_json::to_string(d) {
            Ok(s) => out.push_str(&s),
            Err(e) => report.lose(format!("document {}: {e}", d.id)),
        }
        out.push('\n');
    }
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Passage};

    fn sample() -> Corpus {
        let mut e = Entity::new(4, 9, "BRCA1", "Gene");
        e.ids = vec!["NCBIGene:672".into(), "NCBIGene:675".into()];
        e.id_scores = vec![0.9, 0.05];
        e.score = Some(0.98);
        Corpus {
            documents: vec![Document {
                id: "p1".into(),
                passages: vec![Passage {
                    text: "The BRCA1 gene".into(),
                    ..Default::default()
                }],
                entities: vec![e],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn round_trips_ranked_ids_and_scores() {
        let c = sample();
        let (s, rep) = write(&c);
        assert!(rep.lost.is_empty());
        assert!(
            s.contains("\"ids\":[\"NCBIGene:672\",\"NCBIGene:675\"]"),
            "{s}"
        );
        let back = read(s.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(back.corpus, c);
        assert_eq!(write(&back.corpus).0, s);
    }

    #[test]
    fn mismatched_entities_are_errors_or_counted_skips() {
        let mut c = sample();
        c.documents[0].entities[0].start = 5;
        let (s, _) = write(&c);
        let input = format!("\n{s}");
        let e = read(input.as_bytes(), &ReadOptions::for_file("k.jsonl")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("k.jsonl:2: document p1: entity text"),
            "{e}"
        );
        let lenient = ReadOptions {
            lenient: true,
            file: None,
        };
        let r = read(input.as_bytes(), &lenient).unwrap();
        assert_eq!(
            (r.corpus.documents[0].entities.len(), r.skipped.len()),
            (0, 1)
        );
        let e = read(b"{\"id\": 3}", &ReadOptions::default()).unwrap_err();
        assert!(e.message.contains("invalid document JSON"), "{e}");
    }

    /// Issue: JSONL with overlapping passages was accepted and written as BioC that kbner itself
    /// could not read back.
    #[test]
    fn overlapping_passages_and_stray_tokens_are_located_errors() {
        let overlapping = "{\"id\":\"d\",\"passages\":[{\"offset\":0,\"text\":\"abcdef\"},{\"offset\":3,\"text\":\"xyz\"}],\"entities\":[]}\n";
        let e = read(overlapping.as_bytes(), &ReadOptions::for_file("o.jsonl")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("o.jsonl:1: document d: passage 1 at offset 3 overlaps"),
            "{e}"
        );
        let tokens = "{\"id\":\"d\",\"passages\":[{\"offset\":0,\"text\":\"ab\",\"sentences\":[{\"start\":0,\"end\":2,\"tokens\":[[0,9]]}]}],\"entities\":[]}\n";
        let e = read(tokens.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert!(e.message.contains("token [0, 9)"), "{e}");
        let scores = "{\"id\":\"d\",\"passages\":[{\"offset\":0,\"text\":\"ab\"}],\"entities\":[{\"start\":0,\"end\":2,\"text\":\"ab\",\"type\":\"X\",\"ids\":[\"a\"],\"id_scores\":[1,2]}]}\n";
        let e = read(scores.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert!(e.message.contains("2 id_scores for 1 ids"), "{e}");
        let lenient = ReadOptions {
            lenient: true,
            file: None,
        };
        let r = read(format!("{overlapping}{tokens}").as_bytes(), &lenient).unwrap();
        assert_eq!((r.corpus.documents.len(), r.skipped.len()), (0, 2));
    }
}
