//! GENIA-style nested jsonlines: one sentence a line,
//! `{"tokens": [...], "doc_id": ..., "sent_id": ..., "entity_mentions": [{"start", "end", "entity_type", "text"}]}`
//! with token indices (`end` exclusive). Mentions may nest and overlap.
//!
//! Each line is one model document (id = `sent_id`, else `doc_id`, else `lineN`); tokens are
//! joined by one space. The writer formats like Python's `json.dumps` defaults (`", "` and `": "`
//! separators, non-ASCII escaped), the way these files are produced, so they round-trip byte for
//! byte. Other documents are tokenized and written one sentence a line.

use serde_json::Value;

use crate::error::{
    decode_utf8, quote, CorpusError, Ctx, ReadOptions, ReadOutcome, Result, WriteReport,
};
use crate::iob::sentences_of;
use crate::model::{Corpus, Document, Entity, Passage, Sentence};
use crate::text::CharIndex;
use crate::tokenize::words_overlapping;

const EXTRA: &str = "json:";
const NO_TEXT: &str = "kbner.nested.mention_text";

/// Reads nested jsonlines.
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutcome> {
    let mut ctx = Ctx::new(opts);
    let text = decode_utf8(bytes, &mut ctx)?;
    let mut corpus = Corpus::default();
    let mut any_text = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match line_doc(line, i + 1, &mut any_text) {
            Ok(d) => corpus.documents.push(d),
            Err(e) => ctx.skip(e.at_line(i + 1))?,
        }
    }
    if !any_text && !corpus.documents.is_empty() {
        corpus.infons.set(NO_TEXT, "false");
    }
    Ok(ctx.finish(corpus, crate::Format::Nested))
}

fn line_doc(line: &str, n: usize, any_text: &mut bool) -> Result<Document> {
    let v: Value =
        serde_json::from_str(line).map_err(|e| CorpusError::msg(format!("invalid JSON: {e}")))?;
    let obj = v
        .as_object()
        .ok_or_else(|| CorpusError::msg("line is not a JSON object"))?;
    let tokens: Vec<&str> = obj
        .get("tokens")
        .and_then(Value::as_array)
        .ok_or_else(|| CorpusError::msg("no \"tokens\" array"))?
        .iter()
        .map(|t| {
            t.as_str()
                .ok_or_else(|| CorpusError::msg("token is not a string"))
        })
        .collect::<Result<_>>()?;
    let str_of = |k: &str| {
        obj.get(k)
            .map(|x| x.as_str().map(str::to_string).unwrap_or(x.to_string()))
    };
    let (doc_id, sent_id) = (str_of("doc_id"), str_of("sent_id"));
    let id = sent_id
        .clone()
        .or_else(|| doc_id.clone())
        .unwrap_or_else(|| format!("line{n}"));
    let mut doc = Document {
        id: id.clone(),
        ..Default::default()
    };
    if let Some(d) = doc_id {
        doc.infons.set("doc_id", d);
    }
    if let Some(s) = sent_id {
        doc.infons.set("sent_id", s);
    }
    for (k, val) in obj {
        if !matches!(
            k.as_str(),
            "tokens" | "doc_id" | "sent_id" | "entity_mentions"
        ) {
            doc.infons.set(&format!("{EXTRA}{k}"), py_json(val));
        }
    }
    let mut text = String::new();
    let mut spans = Vec::with_capacity(tokens.len());
    let mut c = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            text.push(' ');
            c += 1;
        }
        text.push_str(t);
        let n = t.chars().count();
        spans.push((c, c + n));
        c += n;
    }
    let mentions = match obj.get("entity_mentions") {
        None => &Vec::new(),
        Some(m) => m
            .as_array()
            .ok_or_else(|| CorpusError::msg("\"entity_mentions\" is not an array").in_doc(&id))?,
    };
    for m in mentions {
        let (Some(s), Some(e), Some(ty)) = (
            m.get("start").and_then(Value::as_u64),
            m.get("end").and_then(Value::as_u64),
            m.get("entity_type").and_then(Value::as_str),
        ) else {
            return Err(CorpusError::msg(format!(
                "mention needs integer start/end and a string entity_type: {}",
                quote(&m.to_string())
            ))
            .in_doc(&id));
        };
        let (s, e) = (s as usize, e as usize);
        if s >= e || e > tokens.len() {
            return Err(CorpusError::msg(format!(
                "mention tokens [{s}, {e}) are outside the {} tokens",
                tokens.len()
            ))
            .in_doc(&id));
        }
        let joined = tokens[s..e].join(" ");
        if let Some(t) = m.get("text") {
            *any_text = true;
            if t.as_str() != Some(joined.as_str()) {
                return Err(CorpusError::msg(format!(
                    "mention text {} does not match tokens [{s}, {e}): {}",
                    quote(&t.to_string()),
                    quote(&joined)
                ))
                .in_doc(&id));
            }
        }
        doc.entities
            .push(Entity::new(spans[s].0, spans[e - 1].1, joined, ty));
    }
    let sentence = Sentence {
        start: 0,
        end: c,
        tokens: spans,
    };
    doc.passages.push(Passage {
        offset: 0,
        text,
        sentences: if tokens.is_empty() {
            vec![]
        } else {
            vec![sentence]
        },
        ..Default::default()
    });
    Ok(doc)
}

/// A JSON string as Python's `json.dumps` writes it (ASCII only).
fn py_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Any JSON value in `json.dumps` style.
fn py_json(v: &Value) -> String {
    let mut out = String::new();
    py_value(v, &mut out);
    out
}

fn py_value(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => py_str(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_value(x, out);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, x)) in o.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_str(k, out);
                out.push_str(": ");
                py_value(x, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Writes nested jsonlines, one sentence a line.
pub fn write(corpus: &Corpus) -> (String, WriteReport) {
    let mut out = String::with_capacity(1 << 16);
    let mut report = WriteReport::default();
    let with_text = corpus.infons.get(NO_TEXT) != Some("false");
    for doc in &corpus.documents {
        let per_passage = sentences_of(doc);
        let all: Vec<(usize, &Sentence)> = per_passage
            .iter()
            .flat_map(|(pi, ss)| ss.iter().map(move |s| (*pi, s)))
            .collect();
        let single = all.len() == 1;
        let mut placed = vec![false; doc.entities.len()];
        for (si, (pi, s)) in all.iter().enumerate() {
            let p = &doc.passages[*pi];
            let ix = CharIndex::new(&p.text);
            let tok = |(a, b): (usize, usize)| -> &str {
                match (
                    ix.byte(a.saturating_sub(p.offset)),
                    ix.byte(b.saturating_sub(p.offset)),
                ) {
                    (Some(x), Some(y)) if x <= y => &p.text[x..y],
                    _ => "",
                }
            };
            let tokens: Vec<&str> = s.tokens.iter().map(|&t| tok(t)).collect();
            out.push_str("{\"tokens\": [");
            for (i, t) in tokens.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_str(t, &mut out);
            }
            out.push(']');
            let (doc_id, sent_id) = if single {
                (
                    doc.infons.get("doc_id").map(str::to_string),
                    doc.infons.get("sent_id").map(str::to_string),
                )
            } else {
                (Some(doc.id.clone()), Some(format!("{}-{si}", doc.id)))
            };
            for (k, v) in [("doc_id", doc_id), ("sent_id", sent_id)] {
                if let Some(v) = v {
                    out.push_str(&format!(", \"{k}\": "));
                    py_str(&v, &mut out);
                }
            }
            if single {
                for (k, v) in doc.infons.iter() {
                    if let Some(k) = k.strip_prefix(EXTRA) {
                        out.push_str(", ");
                        py_str(k, &mut out);
                        out.push_str(": ");
                        out.push_str(v);
                    }
                }
            }
            out.push_str(", \"entity_mentions\": [");
            let mut first = true;
            for (ei, e) in doc.entities.iter().enumerate() {
                if placed[ei] || e.start < s.start || e.start >= s.end {
                    continue;
                }
                placed[ei] = true;
                let r = words_overlapping(&s.tokens, e.start, e.end);
                if r.is_empty() {
                    report.lose_entity(format!(
                        "document {}: entity {} covers no token",
                        doc.id,
                        quote(&e.text)
                    ));
                    continue;
                }
                if e.end > s.end {
                    report.alter(format!(
                        "document {}: entity {} crosses a sentence end; cut there",
                        doc.id,
                        quote(&e.text)
                    ));
                } else if s.tokens[r.start].0 != e.start || s.tokens[r.end - 1].1 != e.end {
                    report.alter(format!(
                        "document {}: entity {} widened to token boundaries",
                        doc.id,
                        quote(&e.text)
                    ));
                }
                if !first {
                    out.push_str(", ");
                }
                first = false;
                out.push_str(&format!(
                    "{{\"start\": {}, \"end\": {}, \"entity_type\": ",
                    r.start, r.end
                ));
                py_str(&e.kind, &mut out);
                if with_text {
                    out.push_str(", \"text\": ");
                    py_str(&tokens[r.clone()].join(" "), &mut out);
                }
                out.push('}');
            }
            out.push_str("]}\n");
        }
        for (ei, e) in doc.entities.iter().enumerate() {
            if !placed[ei] {
                report.lose_entity(format!(
                    "document {}: entity {} [{}, {}) lies in no sentence",
                    doc.id,
                    quote(&e.text),
                    e.start,
                    e.end
                ));
            }
        }
    }
    report_ids_lost(corpus, "nested jsonlines", &mut report);
    (out, report)
}

/// Reports, in one message, the concept ids of a corpus that `format` has no place for.
pub(crate) fn report_ids_lost(corpus: &Corpus, format: &str, report: &mut WriteReport) {
    let with_ids = corpus
        .documents
        .iter()
        .flat_map(|d| &d.entities)
        .filter(|e| !e.ids.is_empty())
        .count();
    if with_ids > 0 {
        report.lose(format!(
            "the concept ids of {with_ids} mentions ({format} has no place for ids)"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: &str = "{\"tokens\": [\"PHA\", \"(\", \"\u{3b1}\", \")\", \"activated\", \"cells\"], \"doc_id\": \"D1\", \"sent_id\": \"D1-0\", \"entity_mentions\": [{\"start\": 0, \"end\": 1, \"entity_type\": \"protein\", \"text\": \"PHA\"}, {\"start\": 0, \"end\": 6, \"entity_type\": \"cell_line\", \"text\": \"PHA ( \u{3b1} ) activated cells\"}]}\n";

    #[test]
    fn reads_nested_mentions_as_character_spans() {
        let r = read(L.as_bytes(), &ReadOptions::default()).unwrap();
        let d = &r.corpus.documents[0];
        assert_eq!(d.id, "D1-0");
        assert_eq!(d.entities.len(), 2);
        assert_eq!((d.entities[1].start, d.entities[1].end), (0, 25));
        assert_eq!(d.slice(0, 25), Some("PHA ( α ) activated cells"));
    }

    #[test]
    fn round_trips_in_python_json_style() {
        // The input escapes non-ASCII the way json.dumps does.
        let py = L.replace('\u{3b1}', "\\u03b1");
        let r = read(py.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(write(&r.corpus).0, py);
    }

    #[test]
    fn numbers_in_extra_fields_are_written_back_unchanged() {
        // Found by fuzzing: 1e48 came back as 9.999999999999999e+47 (inexact float parsing).
        let line =
            "{\"tokens\": [\"IL-2\"], \"x\": [1e+48, 0.1, 5e-324], \"entity_mentions\": []}\n";
        let once = write(
            &read(line.as_bytes(), &ReadOptions::default())
                .unwrap()
                .corpus,
        )
        .0;
        assert_eq!(once, line);
    }

    #[test]
    fn bad_lines_are_located() {
        let cases: &[(&str, &str)] = &[
            ("{\"tokens\": [\"a\"], \"entity_mentions\": [{\"start\": 0, \"end\": 2, \"entity_type\": \"X\"}]}", "outside"),
            ("{\"tokens\": [\"a\"], \"entity_mentions\": [{\"start\": 0, \"end\": 1, \"entity_type\": \"X\", \"text\": \"b\"}]}", "does not match"),
            ("{\"tokens\": [\"a\"", "invalid JSON"),
            ("{\"entity_mentions\": []}", "tokens"),
        ];
        for (l, msg) in cases {
            let input = format!("{{\"tokens\": []}}\n{l}\n");
            let e = read(input.as_bytes(), &ReadOptions::for_file("n.jsonl")).unwrap_err();
            assert!(e.to_string().starts_with("n.jsonl:2: "), "{e}");
            assert!(e.message.contains(msg), "{e}");
        }
    }
}
