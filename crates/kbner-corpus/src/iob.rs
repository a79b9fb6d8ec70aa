//! IOB / CoNLL: `token<TAB>tag` lines, a blank line after each sentence, optional `-DOCSTART-`
//! lines between documents.
//!
//! Input tags may be IOB1, IOB2 or BIOES (also mixed); they are decoded into spans exactly as
//! seqeval's default (non-strict) mode does, so scores computed on our spans equal seqeval's:
//! - `I-X` after `O` (or at sentence start) starts a new entity (IOB1 style);
//! - a type change (`B-X I-Y`) ends `X` and starts `Y`;
//! - `B-X` after `I-X` ends the first entity and starts a second;
//! - `E-X`/`S-X` end an entity, and `I-X`/`E-X` after them start a new one.
//!
//! Accepted tags are `O` and `B`, `I`, `E`, `S` optionally followed by `-TYPE` (a bare prefix gets
//! seqeval's type `_`). Anything else is an unknown tag: an error, or in lenient mode a counted
//! skip that reads the token as `O`. Columns may be separated by tabs or, when a line has no tab,
//! spaces; the token is the first column and the tag the last (middle CoNLL columns are not kept).
//!
//! Output is always IOB2 with tab separators; IOB2 input round-trips byte for byte. A corpus of
//! several documents that did not come from IOB gets `-DOCSTART- (ID)<TAB>O` lines, which the
//! reader turns back into document ids.
//!
//! Text model: tokens of a sentence are joined by one space and sentences by a newline into one
//! passage per document, with the token boundaries kept in [`Passage::sentences`].
//!
//! Files are read and written like every format, with [`Format::Iob`](crate::Format::Iob); this
//! module exposes the tagging scheme itself: [`Tag`] and [`decode_tags`] (seqeval's decoding),
//! [`sentences_of`] and [`tag_tokens`] (a document's entities as token tags).

use std::borrow::Cow;

use crate::error::{
    decode_utf8, quote, CorpusError, Ctx, ReadOptions, ReadOutcome, Result, WriteReport,
};
use crate::model::{Corpus, Document, Entity, Passage, Sentence};
use crate::text::{char_len, CharIndex};
use crate::tokenize;

/// Infon (document) holding the raw `-DOCSTART-` line.
const DOCSTART_INFON: &str = "kbner.iob.docstart";
/// Infon (corpus) set to `false` when the file did not end with a blank line.
const FINAL_BLANK_INFON: &str = "kbner.iob.final_blank";

/// A tag split into its prefix (`O`, `B`, `I`, `E`, `S`) and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag<'a> {
    /// One of `b'O'`, `b'B'`, `b'I'`, `b'E'`, `b'S'`.
    pub prefix: u8,
    /// The type; `_` for `O` and for a bare prefix (seqeval's convention).
    pub kind: &'a str,
}

impl<'a> Tag<'a> {
    /// Parses a tag, `None` when it is not one we accept.
    pub fn parse(s: &'a str) -> Option<Tag<'a>> {
        let b = s.as_bytes();
        match b.first()? {
            b'O' if b.len() == 1 => Some(Tag {
                prefix: b'O',
                kind: "_",
            }),
            p @ (b'B' | b'I' | b'E' | b'S') => {
                if b.len() == 1 {
                    return Some(Tag {
                        prefix: *p,
                        kind: "_",
                    });
                }
                if b[1] != b'-' {
                    return None;
                }
                let k = &s[2..];
                Some(Tag {
                    prefix: *p,
                    kind: if k.is_empty() { "_" } else { k },
                })
            }
            _ => None,
        }
    }
}

/// Decodes one sentence's tags into `(type, first token, last token inclusive)` chunks with the
/// exact rules of seqeval 1.2.2 `get_entities` (default mode). Unparseable tags count as `O`.
pub fn decode_tags<'a>(tags: &[Tag<'a>]) -> Vec<(&'a str, usize, usize)> {
    // Port of seqeval's end_of_chunk / start_of_chunk; `prev_type` starts as "" (not "_") there.
    let mut chunks = Vec::new();
    let mut prev_tag = b'O';
    let mut prev_type: &str = "";
    let mut begin = 0usize;
    let end_tag = Tag {
        prefix: b'O',
        kind: "_",
    };
    for (i, t) in tags.iter().chain(std::iter::once(&end_tag)).enumerate() {
        let (tag, ty) = (t.prefix, t.kind);
        let end = matches!(prev_tag, b'E' | b'S')
            || (matches!(prev_tag, b'B' | b'I') && matches!(tag, b'B' | b'S' | b'O'))
            || (prev_tag != b'O' && prev_type != ty);
        if end {
            chunks.push((prev_type, begin, i - 1));
        }
        let start = matches!(tag, b'B' | b'S')
            || (matches!(prev_tag, b'E' | b'S' | b'O') && matches!(tag, b'E' | b'I'))
            || (tag != b'O' && prev_type != ty);
        if start {
            begin = i;
        }
        prev_tag = tag;
        prev_type = ty;
    }
    chunks
}

/// Reads an IOB/CoNLL file.
pub(crate) fn read(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutcome> {
    let mut ctx = Ctx::new(opts);
    let text = decode_utf8(bytes, &mut ctx)?;
    let mut corpus = Corpus::default();
    let mut b: DocBuilder = DocBuilder::default();
    let mut line_no = 0usize;
    let mut last_blank = true;
    let mut start = 0usize;
    let s = text.as_ref();
    while start < s.len() {
        let end = memchr::memchr(b'\n', &s.as_bytes()[start..]).map_or(s.len(), |i| start + i);
        let raw = &s[start..end];
        start = end + 1;
        line_no += 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        // Cheap first-byte test before the full trim: almost every line is a data line.
        if line.is_empty() || (line.as_bytes()[0].is_ascii_whitespace() && line.trim().is_empty()) {
            b.end_sentence(&mut ctx)?;
            last_blank = true;
            continue;
        }
        last_blank = false;
        if line.starts_with("-DOCSTART-") {
            b.end_sentence(&mut ctx)?;
            if let Some(d) = b.finish(corpus.documents.len()) {
                corpus.documents.push(d);
            }
            b.docstart = Some(line.to_string());
            continue;
        }
        let (tok, tag) = match split_columns(line) {
            Some(x) => x,
            None => {
                ctx.skip(
                    CorpusError::msg(format!("line has no tag column: {}", quote(line)))
                        .at_line(line_no)
                        .in_doc(b.id(corpus.documents.len())),
                )?;
                continue;
            }
        };
        let parsed = match Tag::parse(tag) {
            Some(t) => t,
            None => {
                ctx.skip(
                    CorpusError::msg(format!("unknown tag {} (read as O)", quote(tag)))
                        .at_line(line_no)
                        .in_doc(b.id(corpus.documents.len())),
                )?;
                Tag {
                    prefix: b'O',
                    kind: "_",
                }
            }
        };
        b.push(tok, parsed);
    }
    b.end_sentence(&mut ctx)?;
    if let Some(d) = b.finish(corpus.documents.len()) {
        corpus.documents.push(d);
    }
    if !last_blank && line_no > 0 {
        corpus.infons.set(FINAL_BLANK_INFON, "false");
    }
    Ok(ctx.finish(corpus, crate::Format::Iob))
}

/// Token and tag of a data line: tab-separated if there is a tab, else space-separated.
fn split_columns(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    let (first, last) = match memchr::memchr(b'\t', b) {
        Some(i) => (i, memchr::memrchr(b'\t', b).unwrap_or(i)),
        None => (memchr::memchr(b' ', b)?, memchr::memrchr(b' ', b)?),
    };
    let tok = &line[..first];
    let mut tag = &line[last + 1..];
    if tag.ends_with(char::is_whitespace) || tag.starts_with(char::is_whitespace) {
        tag = tag.trim();
    }
    if tok.is_empty() || tag.is_empty() {
        return None;
    }
    Some((tok, tag))
}

/// Accumulates one document while reading; tags borrow from the input.
#[derive(Default)]
struct DocBuilder<'a> {
    docstart: Option<String>,
    text: String,
    chars: usize,
    sentences: Vec<Sentence>,
    entities: Vec<Entity>,
    // Current sentence: token spans (chars), byte spans into `text`, and tags (owned types).
    tokens: Vec<(usize, usize)>,
    byte_spans: Vec<(usize, usize)>,
    tags: Vec<Tag<'a>>,
    started: bool,
}

impl<'a> DocBuilder<'a> {
    fn id(&self, n_done: usize) -> String {
        format!("doc{}", n_done + 1)
    }

    fn push(&mut self, tok: &str, tag: Tag<'a>) {
        if self.tokens.is_empty() {
            if self.started {
                self.text.push('\n');
                self.chars += 1;
            }
        } else {
            self.text.push(' ');
            self.chars += 1;
        }
        self.started = true;
        let b0 = self.text.len();
        self.text.push_str(tok);
        let n = char_len(tok);
        self.tokens.push((self.chars, self.chars + n));
        self.byte_spans.push((b0, self.text.len()));
        self.chars += n;
        self.tags.push(tag);
    }

    fn end_sentence(&mut self, _ctx: &mut Ctx) -> Result<()> {
        if self.tokens.is_empty() {
            return Ok(());
        }
        for (kind, a, z) in decode_tags(&self.tags) {
            let (b0, b1) = (self.byte_spans[a].0, self.byte_spans[z].1);
            self.entities.push(Entity::new(
                self.tokens[a].0,
                self.tokens[z].1,
                &self.text[b0..b1],
                kind,
            ));
        }
        let (s, e) = (self.tokens[0].0, self.tokens[self.tokens.len() - 1].1);
        // Start the next sentence with room for a typical one instead of regrowing from zero.
        let cap = self.tokens.len().max(16);
        self.sentences.push(Sentence {
            start: s,
            end: e,
            tokens: std::mem::replace(&mut self.tokens, Vec::with_capacity(cap)),
        });
        self.byte_spans.clear();
        self.tags.clear();
        Ok(())
    }

    fn finish(&mut self, n_done: usize) -> Option<Document> {
        let b = std::mem::take(self);
        if b.sentences.is_empty() && b.docstart.is_none() {
            return None;
        }
        // `-DOCSTART- (ID)` (what the writer emits) names the document.
        let id = b
            .docstart
            .as_deref()
            .and_then(|l| l.strip_prefix("-DOCSTART- ("))
            .and_then(|l| l.split_once(')'))
            .map(|(id, _)| id.to_string())
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| format!("doc{}", n_done + 1));
        let mut d = Document {
            id,
            passages: vec![Passage {
                offset: 0,
                text: b.text,
                sentences: b.sentences,
                ..Default::default()
            }],
            entities: b.entities,
            ..Default::default()
        };
        if let Some(ds) = b.docstart {
            d.infons.set(DOCSTART_INFON, ds);
        }
        Some(d)
    }
}

/// Sentences with tokens for every passage of `doc`: the stored ones, or the tokenizer's.
pub fn sentences_of(doc: &Document) -> Vec<(usize, Cow<'_, [Sentence]>)> {
    doc.passages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.sentences.is_empty() {
                (i, Cow::Owned(tokenize::sentences(&p.text, p.offset)))
            } else {
                (i, Cow::Borrowed(p.sentences.as_slice()))
            }
        })
        .collect()
}

/// Assigns each token of each sentence a `(prefix, type)` IOB2 tag from `doc`'s entities.
/// Entities that overlap an already tagged one (nested/overlapping mentions) cannot be expressed
/// in IOB and are reported in `report`, as are entities widened to token boundaries.
pub fn tag_tokens<'d>(
    doc: &'d Document,
    sentences: &[&Sentence],
    report: &mut WriteReport,
) -> Vec<Vec<Option<(bool, &'d str)>>> {
    let mut tags: Vec<Vec<Option<(bool, &str)>>> = sentences
        .iter()
        .map(|s| vec![None; s.tokens.len()])
        .collect();
    let mut order: Vec<&Entity> = doc.entities.iter().collect();
    // Longest first at equal start so that the outer mention of a nested pair is kept.
    order.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut cursor = 0usize;
    for e in order {
        // (start, end, sentence, token) of every token overlapping the entity; sentences and
        // their tokens are in offset order.
        let mut hit: Vec<(usize, usize, usize, usize)> = Vec::new();
        // Entities come sorted by start, so the first candidate sentence only moves forward.
        while cursor < sentences.len() && sentences[cursor].end <= e.start {
            cursor += 1;
        }
        let mut si = cursor;
        let mut ti = sentences
            .get(si)
            .map_or(0, |s| s.tokens.partition_point(|t| t.1 <= e.start));
        'outer: while si < sentences.len() {
            let toks = &sentences[si].tokens;
            while ti < toks.len() {
                let t = toks[ti];
                if t.0 >= e.end {
                    break 'outer;
                }
                hit.push((t.0, t.1, si, ti));
                ti += 1;
            }
            si += 1;
            ti = 0;
        }
        if hit.is_empty() {
            report.lose_entity(format!(
                "document {}: entity {} [{}, {}) covers no token",
                doc.id,
                quote(&e.text),
                e.start,
                e.end
            ));
            continue;
        }
        if hit.iter().any(|t| tags[t.2][t.3].is_some()) {
            report.lose_entity(format!(
                "document {}: entity {} [{}, {}) overlaps another entity (IOB cannot nest)",
                doc.id,
                quote(&e.text),
                e.start,
                e.end
            ));
            continue;
        }
        if hit[0].2 != hit[hit.len() - 1].2 {
            // A tag sequence cannot run across sentences: keep the part in the first sentence.
            report.alter(format!(
                "document {}: entity {} [{}, {}) crosses a sentence end; cut there",
                doc.id,
                quote(&e.text),
                e.start,
                e.end
            ));
            let first_sent = hit[0].2;
            hit.retain(|t| t.2 == first_sent);
        } else if hit[0].0 != e.start || hit[hit.len() - 1].1 != e.end {
            report.alter(format!(
                "document {}: entity {} [{}, {}) widened to token boundaries",
                doc.id,
                quote(&e.text),
                e.start,
                e.end
            ));
        }
        let mut prev_sent = usize::MAX;
        for t in hit {
            tags[t.2][t.3] = Some((t.2 != prev_sent, e.kind.as_str()));
            prev_sent = t.2;
        }
    }
    tags
}

/// Writes IOB2 (`token<TAB>tag`, blank line after each sentence).
pub(crate) fn write(corpus: &Corpus) -> (String, WriteReport) {
    let mut out = String::with_capacity(1 << 16);
    let mut report = WriteReport::default();
    for doc in &corpus.documents {
        // A stored `-DOCSTART-` line is written back only when it reads back as one.
        let stored_docstart = doc
            .infons
            .get(DOCSTART_INFON)
            .filter(|ds| ds.starts_with("-DOCSTART-") && !ds.contains(['\n', '\r']));
        if let Some(ds) = stored_docstart {
            out.push_str(ds);
            out.push_str("\n\n");
        } else if corpus.documents.len() > 1 {
            // Keep document boundaries and ids; tools that skip `-DOCSTART-` lines skip these.
            out.push_str("-DOCSTART- (");
            out.push_str(&doc.id.replace(['\t', '\n', '\r', ')'], "_"));
            out.push_str(")\tO\n\n");
        }
        // Tag all passages at once so each entity is matched against every token of the doc.
        let per_passage = sentences_of(doc);
        let all: Vec<&Sentence> = per_passage.iter().flat_map(|(_, s)| s.iter()).collect();
        let tags = tag_tokens(doc, &all, &mut report);
        let mut k = 0usize;
        for (pi, sents) in &per_passage {
            let p = &doc.passages[*pi];
            let ix = CharIndex::new(&p.text);
            for s in sents.iter() {
                let stags = &tags[k];
                k += 1;
                if s.tokens.is_empty() {
                    continue;
                }
                for (&(a, b), tag) in s.tokens.iter().zip(stags) {
                    let tok = match (
                        ix.byte(a.wrapping_sub(p.offset)),
                        ix.byte(b.wrapping_sub(p.offset)),
                    ) {
                        (Some(x), Some(y)) if a >= p.offset && x <= y => &p.text[x..y],
                        _ => {
                            report.lose(format!(
                                "document {}: token [{a}, {b}) outside its passage",
                                doc.id
                            ));
                            continue;
                        }
                    };
                    if tok.is_empty() {
                        // A data line needs a token: an empty one has no line of its own.
                        report.lose(format!(
                            "document {}: empty token at {a} (IOB has no line for it)",
                            doc.id
                        ));
                        continue;
                    }
                    if tok.starts_with("-DOCSTART-") {
                        // Read back, the line would start a new document.
                        report.alter(format!(
                            "document {}: token {} written with '_' for its first '-'",
                            doc.id,
                            quote(tok)
                        ));
                        out.push('_');
                        out.push_str(&tok[1..].replace(['\t', '\n', '\r'], "_"));
                    } else if tok.contains(['\t', '\n', '\r']) {
                        report.alter(format!(
                            "document {}: token {} had tab/newline replaced",
                            doc.id,
                            quote(tok)
                        ));
                        out.push_str(&tok.replace(['\t', '\n', '\r'], "_"));
                    } else {
                        out.push_str(tok);
                    }
                    match tag {
                        None => out.push_str("\tO\n"),
                        Some((begin, kind)) => {
                            out.push_str(if *begin { "\tB-" } else { "\tI-" });
                            out.push_str(kind);
                            out.push('\n');
                        }
                    }
                }
                out.push('\n');
            }
        }
    }
    if corpus.infons.get(FINAL_BLANK_INFON) == Some("false") && out.ends_with("\n\n") {
        out.pop();
    }
    crate::nested::report_ids_lost(corpus, "IOB", &mut report);
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(tags: &[&str]) -> Vec<(String, usize, usize)> {
        let t: Vec<Tag> = tags.iter().map(|s| Tag::parse(s).unwrap()).collect();
        decode_tags(&t)
            .into_iter()
            .map(|(k, a, b)| (k.to_string(), a, b))
            .collect()
    }

    fn c(k: &str, a: usize, b: usize) -> (String, usize, usize) {
        (k.to_string(), a, b)
    }

    #[test]
    fn decodes_like_seqeval_on_malformed_sequences() {
        // Figures below are seqeval 1.2.2 get_entities outputs (checked by hand against its code).
        assert_eq!(
            chunks(&["B-PER", "I-PER", "O", "B-LOC"]),
            vec![c("PER", 0, 1), c("LOC", 3, 3)]
        );
        // I- after O starts an entity.
        assert_eq!(chunks(&["O", "I-PER", "I-PER"]), vec![c("PER", 1, 2)]);
        // Type change mid-entity splits.
        assert_eq!(
            chunks(&["B-PER", "I-LOC", "I-LOC"]),
            vec![c("PER", 0, 0), c("LOC", 1, 2)]
        );
        // B- after I- of the same type starts a second entity.
        assert_eq!(
            chunks(&["B-PER", "I-PER", "B-PER"]),
            vec![c("PER", 0, 1), c("PER", 2, 2)]
        );
        // IOB1: consecutive I- of one type are one entity; B- separates adjacent ones.
        assert_eq!(
            chunks(&["I-X", "I-X", "B-X", "O", "I-Y"]),
            vec![c("X", 0, 1), c("X", 2, 2), c("Y", 4, 4)]
        );
        // BIOES.
        assert_eq!(
            chunks(&["S-X", "B-X", "I-X", "E-X", "E-X", "I-Y"]),
            vec![c("X", 0, 0), c("X", 1, 3), c("X", 4, 4), c("Y", 5, 5)]
        );
        // Entity running to the end of the sentence.
        assert_eq!(chunks(&["O", "B-X", "I-X"]), vec![c("X", 1, 2)]);
        // Bare prefixes get type "_".
        assert_eq!(chunks(&["B", "I", "O"]), vec![c("_", 0, 1)]);
    }

    #[test]
    fn rejects_unknown_tags() {
        assert!(Tag::parse("X-PER").is_none());
        assert!(Tag::parse("BPER").is_none());
        assert!(Tag::parse("").is_none());
        assert!(Tag::parse("Ox").is_none());
    }

    const SAMPLE: &str = "Clustering\tO\nof\tO\nataxia\tB-Disease\n-\tI-Disease\ntelangiectasia\tI-Disease\n.\tO\n\nA\tB-Disease\n-\tI-Disease\nT\tI-Disease\n\n";

    #[test]
    fn reads_entities_with_offsets_and_round_trips() {
        let r = read(SAMPLE.as_bytes(), &ReadOptions::default()).unwrap();
        let d = &r.corpus.documents[0];
        assert_eq!(
            d.passages[0].text,
            "Clustering of ataxia - telangiectasia .\nA - T"
        );
        assert_eq!(d.entities.len(), 2);
        assert_eq!(d.entities[0].text, "ataxia - telangiectasia");
        assert_eq!(
            d.slice(d.entities[0].start, d.entities[0].end),
            Some("ataxia - telangiectasia")
        );
        assert_eq!(d.entities[1].text, "A - T");
        assert_eq!(write(&r.corpus).0, SAMPLE);
    }

    #[test]
    fn iob1_and_bioes_input_is_written_as_iob2() {
        let iob1 = "a\tI-X\nb\tI-X\nc\tB-X\nd\tO\n\n";
        let r = read(iob1.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(write(&r.corpus).0, "a\tB-X\nb\tI-X\nc\tB-X\nd\tO\n\n");
        let bioes = "a\tS-X\nb\tB-Y\nc\tE-Y\n\n";
        let r = read(bioes.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(write(&r.corpus).0, "a\tB-X\nb\tB-Y\nc\tI-Y\n\n");
    }

    #[test]
    fn docstart_splits_documents_and_round_trips() {
        let s = "-DOCSTART-\tO\n\nx\tB-A\n\n-DOCSTART-\tO\n\ny\tO\nz\tB-B\n\n";
        let r = read(s.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(r.corpus.documents.len(), 2);
        assert_eq!(r.corpus.documents[1].entities[0].text, "z");
        assert_eq!(write(&r.corpus).0, s);
    }

    #[test]
    fn document_ids_survive_as_docstart_lines() {
        let mut c = Corpus::default();
        for id in ["111", "222"] {
            c.documents.push(Document {
                id: id.into(),
                passages: vec![Passage {
                    text: "BRCA1 mutation".into(),
                    ..Default::default()
                }],
                entities: vec![Entity::new(0, 5, "BRCA1", "Gene")],
                ..Default::default()
            });
        }
        let (out, _) = write(&c);
        assert!(out
            .starts_with("-DOCSTART- (111)\tO\n\nBRCA1\tB-Gene\nmutation\tO\n\n-DOCSTART- (222)"));
        let back = read(out.as_bytes(), &ReadOptions::default())
            .unwrap()
            .corpus;
        assert_eq!(back.documents[1].id, "222");
        assert_eq!(write(&back).0, out);
    }

    #[test]
    fn missing_final_blank_line_and_space_separated_columns() {
        let s = "x NN B-A\ny NN O";
        let r = read(s.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(r.corpus.documents[0].entities[0].kind, "A");
        assert_eq!(write(&r.corpus).0, "x\tB-A\ny\tO\n");
    }

    #[test]
    fn bad_input_names_line_and_lenient_counts_skips() {
        let s = "a\tO\nb\tQ-X\nc\n\n";
        let e = read(s.as_bytes(), &ReadOptions::for_file("f.tsv")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.tsv:2: document doc1: unknown tag \"Q-X\" (read as O)"
        );
        let opts = ReadOptions {
            lenient: true,
            file: None,
        };
        let r = read(s.as_bytes(), &opts).unwrap();
        assert_eq!(r.skipped.len(), 2);
        assert_eq!(r.skipped[1].line, Some(3));
        let bad = b"a\tO\n\xff\tO\n";
        let e = read(bad, &ReadOptions::for_file("g.tsv")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().contains("invalid UTF-8"));
    }

    #[test]
    fn nested_entities_are_reported_not_silently_dropped() {
        let mut c = Corpus::default();
        let text = "breast cancer gene";
        c.documents.push(Document {
            id: "d".into(),
            passages: vec![Passage {
                text: text.into(),
                ..Default::default()
            }],
            entities: vec![
                Entity::new(0, 13, "breast cancer", "Disease"),
                Entity::new(0, 18, "breast cancer gene", "Gene"),
            ],
            ..Default::default()
        });
        let (out, rep) = write(&c);
        assert_eq!(out, "breast\tB-Gene\ncancer\tI-Gene\ngene\tI-Gene\n\n");
        assert_eq!(rep.lost.len(), 1);
        assert!(rep.lost[0].contains("breast cancer"));
    }

    #[test]
    fn every_written_line_reads_back_as_a_token_or_a_docstart() {
        // Found by fuzzing: an empty token (nested JSON allows "") was written as "\tO", a line
        // without a token; a token starting "-DOCSTART-" would start a document; a stored
        // DOCSTART line from elsewhere (kbner JSONL infons) could be anything.
        let mut c = Corpus::default();
        let mut d = Document {
            id: "d".into(),
            passages: vec![Passage {
                text: "a  -DOCSTART-x".into(),
                sentences: vec![Sentence {
                    start: 0,
                    end: 14,
                    tokens: vec![(0, 1), (2, 2), (3, 14)],
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        d.infons.set(DOCSTART_INFON, "not\na docstart");
        c.documents.push(d);
        let (out, rep) = write(&c);
        assert_eq!(out, "a\tO\n_DOCSTART-x\tO\n\n");
        assert!(
            rep.lost.iter().any(|l| l.contains("empty token at 2")),
            "{rep:?}"
        );
        assert_eq!(rep.altered.len(), 1, "{rep:?}");
        assert!(read(out.as_bytes(), &ReadOptions::default()).is_ok());
    }
}
