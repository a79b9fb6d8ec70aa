//! PubTator: `PMID|t|title`, `PMID|a|abstract`, mention lines
//! `PMID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>ids[<TAB>composite…]]` and relation lines
//! `PMID<TAB>TYPE<TAB>arg…`, a blank line between documents.
//!
//! Offsets count characters in `title + " " + abstract`. Ids are joined by `|` or `+`; `-1` means
//! no id. The raw id column is kept (infon [`IDS_RAW`]) whenever re-joining the parsed ids with
//! `|` would not reproduce it, and the 7th (composite-mention) column and anything after it are
//! kept verbatim (infon [`COMPOSITE`]), so files round-trip byte for byte.

use crate::error::{
    decode_utf8, quote, CorpusError, Ctx, ReadOptions, ReadOutcome, Result, WriteReport,
};
use crate::model::{Corpus, Document, Entity, Infons, Passage, Relation, RelationArg};
use crate::text::char_len;

/// Entity infon with the raw id column when it differs from the `|`-joined ids.
pub const IDS_RAW: &str = "kbner.ids_raw";
/// Entity infon with the 7th column (composite mention parts) and beyond, verbatim.
pub const COMPOSITE: &str = "composite";
/// Entity infon with the mention column when it differs from the text at the offsets only by
/// surrounding whitespace (NCBI-disease has such lines); the entity text is the text at the offsets.
pub const TEXT_RAW: &str = "kbner.text_raw";
const HEAD: &str = "kbner.pubtator.head";
/// Most leading blank lines [`HEAD`] may ask the writer for.
const MAX_HEAD: usize = 1000;
const TAIL: &str = "kbner.pubtator.tail";

/// Splits an id column into ids: `-1` and the empty string mean none.
pub fn parse_ids(raw: &str) -> Vec<String> {
    if raw.is_empty() || raw == "-1" {
        return Vec::new();
    }
    raw.split(['|', '+'])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads a PubTator file.
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutcome> {
    let mut ctx = Ctx::new(opts);
    let text = decode_utf8(bytes, &mut ctx)?;
    let s = text.as_ref();
    let mut corpus = Corpus::default();
    let mut cur: Option<Open> = None;
    let mut line_no = 0usize;
    let mut head = 0usize;
    let mut pos = 0usize;
    let mut last_content_end = 0usize;
    while pos < s.len() {
        let end = memchr::memchr(b'\n', &s.as_bytes()[pos..]).map_or(s.len(), |i| pos + i);
        let raw = &s[pos..end];
        pos = end + 1;
        line_no += 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() {
            if let Some(o) = cur.take() {
                close(o, &mut corpus, &mut ctx)?;
            } else if corpus.documents.is_empty() {
                head += 1;
            }
            continue;
        }
        last_content_end = end;
        if let Some((id, kind, body)) = text_line(line) {
            if kind == 't' {
                if let Some(o) = cur.take() {
                    close(o, &mut corpus, &mut ctx)?;
                }
                cur = Some(Open::new(id, body, line_no));
            } else {
                match cur.as_mut() {
                    Some(o) if o.doc.id == id && o.abstract_line.is_none() => {
                        o.abstract_line = Some(line_no);
                        let off = o.doc.passages[0].end() + 1;
                        o.doc.passages.push(passage(off, body, "abstract"));
                    }
                    _ => ctx.skip(
                        CorpusError::msg("abstract line without a preceding title line")
                            .at_line(line_no)
                            .in_doc(id),
                    )?,
                }
            }
            continue;
        }
        let Some(o) = cur.as_mut() else {
            ctx.skip(
                CorpusError::msg(format!(
                    "annotation line outside a document (no title line before it): {}",
                    quote(line)
                ))
                .at_line(line_no),
            )?;
            continue;
        };
        if let Err(e) = annotation_line(line, o) {
            ctx.skip(e.at_line(line_no).in_doc(o.doc.id.clone()))?;
        }
    }
    if let Some(o) = cur.take() {
        close(o, &mut corpus, &mut ctx)?;
    }
    if head > 0 {
        corpus.infons.set(HEAD, head.to_string());
    }
    if !corpus.documents.is_empty() {
        corpus.infons.set(TAIL, &s[last_content_end.min(s.len())..]);
    }
    Ok(ctx.finish(corpus, crate::Format::Pubtator))
}

/// A document being read.
struct Open {
    doc: Document,
    title_line: usize,
    abstract_line: Option<usize>,
}

impl Open {
    fn new(id: &str, title: &str, line: usize) -> Self {
        Open {
            doc: Document {
                id: id.to_string(),
                passages: vec![passage(0, title, "title")],
                ..Default::default()
            },
            title_line: line,
            abstract_line: None,
        }
    }
}

fn passage(offset: usize, text: &str, kind: &str) -> Passage {
    Passage {
        offset,
        text: text.to_string(),
        infons: Infons(vec![("type".into(), kind.into())]),
        sentences: Vec::new(),
    }
}

fn close(o: Open, corpus: &mut Corpus, ctx: &mut Ctx) -> Result<()> {
    if o.abstract_line.is_none() {
        // A title with no abstract line is how a truncated file ends; refuse rather than guess.
        ctx.skip(
            CorpusError::msg("document has a title line but no abstract line (truncated file?)")
                .at_line(o.title_line)
                .in_doc(o.doc.id.clone()),
        )?;
    }
    corpus.documents.push(o.doc);
    Ok(())
}

/// `PMID|t|text` / `PMID|a|text` → (id, 't'|'a', text).
fn text_line(line: &str) -> Option<(&str, char, &str)> {
    let bar = memchr::memchr(b'|', line.as_bytes())?;
    let id = &line[..bar];
    if id.contains('\t') {
        return None;
    }
    let rest = &line[bar + 1..];
    let kind = match rest.as_bytes() {
        [b't', b'|', ..] => 't',
        [b'a', b'|', ..] => 'a',
        _ => return None,
    };
    Some((id, kind, &rest[2..]))
}

/// True when columns 2 and 3 make a mention line (start and end offsets), even a malformed one
/// (`-5`, `x1`), rather than a relation line (`CID`, `Association`, `CPR:3`, whose next column
/// may be a numeric gene id). A malformed mention line must be reported, not read as a relation.
fn is_mention_line(c1: &str, c2: &str) -> bool {
    let b = c1.as_bytes();
    let numeric_start = match b {
        [] => true,
        [b'+' | b'-', d, ..] => d.is_ascii_digit(),
        [d, ..] => d.is_ascii_digit(),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|x| x.is_ascii_digit());
    numeric_start || (digits(c2) && b.iter().any(u8::is_ascii_digit) && !c1.contains(':'))
}

/// An offset column: a whole number, else an error naming the column.
fn offset(col: &str, name: &str, number: usize) -> Result<usize> {
    let digits = !col.is_empty() && col.bytes().all(|b| b.is_ascii_digit());
    let parsed = if digits {
        col.parse::<usize>().ok()
    } else {
        None
    };
    parsed.ok_or_else(|| {
        CorpusError::msg(format!(
            "{name} offset (column {number}) {} is not a whole number of characters from the start of the title",
            quote(col)
        ))
    })
}

fn annotation_line(line: &str, o: &mut Open) -> Result<()> {
    let mut cols = line.splitn(7, '\t');
    let pmid = cols.next().unwrap_or("");
    if pmid != o.doc.id {
        return Err(CorpusError::msg(format!(
            "line belongs to document {} inside document {} (missing blank line?)",
            quote(pmid),
            quote(&o.doc.id)
        )));
    }
    let c1 = cols.next().unwrap_or("");
    let c2 = line.split('\t').nth(2).unwrap_or("");
    if !is_mention_line(c1, c2) {
        // Relation line: PMID TYPE ARG1 ARG2 …
        let args: Vec<RelationArg> = cols
            .flat_map(|c| c.split('\t'))
            .enumerate()
            .map(|(i, t)| RelationArg {
                role: format!("Arg{}", i + 1),
                target: t.to_string(),
            })
            .collect();
        if args.is_empty() {
            return Err(CorpusError::msg(format!(
                "relation line {} (column 2: type {}) has no arguments",
                quote(line),
                quote(c1)
            )));
        }
        if let Some(i) = args.iter().position(|a| a.target.trim().is_empty()) {
            return Err(CorpusError::msg(format!(
                "relation {} has an empty argument (column {})",
                quote(c1),
                i + 3
            )));
        }
        o.doc.relations.push(Relation {
            id: None,
            kind: c1.to_string(),
            args,
            infons: Infons::default(),
        });
        return Ok(());
    }
    let (Some(c2), Some(text), Some(kind)) = (cols.next(), cols.next(), cols.next()) else {
        return Err(CorpusError::msg(format!(
            "mention line needs at least 5 tab-separated columns (id, start, end, text, type): {}",
            quote(line)
        )));
    };
    let start = offset(c1, "start", 2)?;
    let end = offset(c2, "end", 3)?;
    if start > end {
        return Err(CorpusError::msg(format!(
            "start offset {start} (column 2) is after end offset {end} (column 3)"
        )));
    }
    let mut e = match o.doc.slice(start, end) {
        None => {
            return Err(CorpusError::msg(format!(
                "offsets [{start}, {end}) (columns 2-3) of mention {} are outside the text",
                quote(text)
            )))
        }
        Some(t) if t == text => Entity::new(start, end, text, kind),
        Some(t) if t == text.trim() => {
            let mut e = Entity::new(start, end, t, kind);
            e.infons.set(TEXT_RAW, text);
            e
        }
        Some(t) => {
            return Err(CorpusError::msg(format!(
                "mention text {} (column 4) does not match the text at [{start}, {end}): {}",
                quote(text),
                quote(t)
            )))
        }
    };
    if let Some(raw) = cols.next() {
        e.ids = parse_ids(raw);
        if e.ids.join("|") != raw {
            e.infons.set(IDS_RAW, raw);
        }
    }
    if let Some(comp) = cols.next() {
        e.infons.set(COMPOSITE, comp);
    }
    o.doc.entities.push(e);
    Ok(())
}

fn push_usize(out: &mut String, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// Replaces characters that would break the line structure (tab, newline) by a space.
fn clean<'a>(
    s: &'a str,
    what: &str,
    doc: &str,
    report: &mut WriteReport,
) -> std::borrow::Cow<'a, str> {
    if s.contains(['\t', '\n', '\r']) {
        report.alter(format!(
            "document {doc}: tab/newline in {what} replaced by a space"
        ));
        std::borrow::Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Writes PubTator. The first passage becomes the title; later passages, placed at their offsets
/// with gaps filled by spaces, the abstract, so mention offsets stay valid.
pub fn write(corpus: &Corpus) -> (String, WriteReport) {
    let mut out = String::with_capacity(1 << 16);
    let mut report = WriteReport::default();
    // Leading blank lines of the input; a value no reader produces is ignored.
    let head: usize = corpus
        .infons
        .get(HEAD)
        .and_then(|h| h.parse().ok())
        .filter(|&n| n <= MAX_HEAD)
        .unwrap_or(0);
    for _ in 0..head {
        out.push('\n');
    }
    let mut ranked = 0usize;
    for (i, doc) in corpus.documents.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        write_doc(doc, &mut out, &mut report);
        ranked += doc
            .entities
            .iter()
            .filter(|e| e.ids.len() > e.applicable_ids().len())
            .count();
    }
    if ranked > 0 {
        report.lose(format!(
            "the other ranked candidate ids of {ranked} mentions: PubTator holds the ids that apply (the best candidate, or one per conjunct of a composite mention); kbner JSONL keeps the ranking"
        ));
    }
    if !corpus.documents.is_empty() {
        out.push_str(corpus.infons.get(TAIL).unwrap_or("\n\n"));
    }
    (out, report)
}

fn write_doc(doc: &Document, out: &mut String, report: &mut WriteReport) {
    let id = clean(&doc.id, "document id", &doc.id, report);
    let id = if id.contains('|') {
        // `ID|t|` lines end the id at the first bar.
        report.alter(format!(
            "document {}: '|' in the document id replaced by '_'",
            doc.id
        ));
        std::borrow::Cow::Owned(id.replace('|', "_"))
    } else {
        id
    };
    let (title, abs): (String, String) = match doc.passages.as_slice() {
        [] => (String::new(), String::new()),
        [t] if t.offset == 0 => (t.text.clone(), String::new()),
        [t, a] if t.offset == 0 && a.offset == t.end() + 1 => (t.text.clone(), a.text.clone()),
        [t, rest @ ..] => match doc.full_text(' ', None) {
            Ok(full) => {
                let n = char_len(&t.text) + t.offset;
                if rest.first().is_some_and(|next| next.offset <= n) {
                    // No character between the title and the next passage for the space PubTator
                    // puts there: the whole text goes on the title line, offsets unchanged.
                    report.lose(format!(
                        "document {}: the title/abstract boundary (the second passage starts right after the first)",
                        doc.id
                    ));
                    (full, String::new())
                } else {
                    let title: String = full.chars().take(n).collect();
                    let abs: String = full.chars().skip(n + 1).collect();
                    (title, abs)
                }
            }
            Err(e) => {
                report.lose(format!("document {}: {e}", doc.id));
                (t.text.clone(), String::new())
            }
        },
    };
    let (title, abs) = (
        clean(&title, "title", &doc.id, report),
        clean(&abs, "abstract", &doc.id, report),
    );
    out.push_str(&id);
    out.push_str("|t|");
    out.push_str(&title);
    out.push('\n');
    out.push_str(&id);
    out.push_str("|a|");
    out.push_str(&abs);
    // The document as the reader will see it, to write only mentions it can read back.
    let written = Document {
        passages: vec![
            passage(0, &title, "title"),
            passage(char_len(&title) + 1, &abs, "abstract"),
        ],
        ..Default::default()
    };
    for e in &doc.entities {
        let Some(at_offsets) = written.slice(e.start, e.end) else {
            report.lose_entity(format!(
                "document {}: mention {} at [{}, {}) is not inside the title or the abstract",
                doc.id,
                quote(&e.text),
                e.start,
                e.end
            ));
            continue;
        };
        let text = if !e.fragments.is_empty() {
            // One span: the text the reader finds there, not the fragments' joined text.
            report.alter(format!(
                "document {}: discontinuous mention {} written as one span",
                doc.id,
                quote(&e.text)
            ));
            std::borrow::Cow::Borrowed(at_offsets)
        } else {
            let text = match e.infons.get(TEXT_RAW) {
                Some(raw) if raw.trim() == e.text => raw,
                _ => e.text.as_str(),
            };
            clean(text, "mention text", &doc.id, report)
        };
        if text != at_offsets && text.trim() != at_offsets {
            report.lose_entity(format!(
                "document {}: mention {} at [{}, {}) does not match the text there: {}",
                doc.id,
                quote(&e.text),
                e.start,
                e.end,
                quote(at_offsets)
            ));
            continue;
        }
        out.push('\n');
        out.push_str(&id);
        out.push('\t');
        push_usize(out, e.start);
        out.push('\t');
        push_usize(out, e.end);
        out.push('\t');
        out.push_str(&text);
        out.push('\t');
        out.push_str(&clean(&e.kind, "entity type", &doc.id, report));
        // One answer per mention: a linker's best candidate, or a composite's per-conjunct ids.
        let ids = e.applicable_ids();
        let raw = e.infons.get(IDS_RAW).filter(|r| parse_ids(r) == ids);
        let comp = e.infons.get(COMPOSITE);
        match raw {
            Some(r) => {
                out.push('\t');
                out.push_str(&clean(r, "ids", &doc.id, report));
            }
            None if !ids.is_empty() => {
                out.push('\t');
                out.push_str(&clean(&ids.join("|"), "ids", &doc.id, report));
            }
            None if comp.is_some() => out.push_str("\t-1"),
            None => {}
        }
        if let Some(c) = comp {
            out.push('\t');
            out.push_str(&c.replace(['\n', '\r'], " "));
        }
    }
    for r in &doc.relations {
        // A relation line must read back as one: a type that is not an offset, and arguments.
        let first = r.args.first().map_or("", |a| a.target.as_str());
        if r.kind.trim().is_empty()
            || is_mention_line(&r.kind, first)
            || r.args.is_empty()
            || r.args.iter().any(|a| a.target.trim().is_empty())
        {
            report.lose(format!(
                "document {}: relation {} with {} arguments has no PubTator form",
                doc.id,
                quote(&r.kind),
                r.args.len()
            ));
            continue;
        }
        out.push('\n');
        out.push_str(&id);
        out.push('\t');
        out.push_str(&clean(&r.kind, "relation type", &doc.id, report));
        for a in &r.args {
            out.push('\t');
            out.push_str(&clean(&a.target, "relation argument", &doc.id, report));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\n123|t|Late-onset renal crisis.\n123|a|Indomethacin induced hemorrhagic cystitis.\n123\t11\t23\trenal crisis\tDisease\tD007674\n123\t25\t37\tIndomethacin\tChemical\tD007213\n123\t46\t66\themorrhagic cystitis\tDisease\tD006470|D003556\themorrhagic|cystitis\n123\t0\t10\tLate-onset\tModifier\t-1\n123\tCID\tD007213\tD007674\n\n456|t|β-amyloid\n456|a|\n456\t0\t9\tβ-amyloid\tChemical\tD001+D002\n";

    #[test]
    fn reads_mentions_ids_composites_relations() {
        let r = read(DOC.as_bytes(), &ReadOptions::default()).unwrap();
        let docs = &r.corpus.documents;
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].passages[1].offset, 25);
        let e = &docs[0].entities[2];
        assert_eq!(e.ids, ["D006470", "D003556"]);
        assert_eq!(e.infons.get(COMPOSITE), Some("hemorrhagic|cystitis"));
        assert!(docs[0].entities[3].ids.is_empty());
        assert_eq!(docs[0].relations[0].kind, "CID");
        assert_eq!(docs[0].relations[0].args[1].target, "D007674");
        // Character, not byte, offsets.
        assert_eq!(docs[1].entities[0].ids, ["D001", "D002"]);
    }

    #[test]
    fn round_trips_byte_for_byte() {
        let r = read(DOC.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(write(&r.corpus).0, DOC);
    }

    #[test]
    fn bad_input_errors_name_file_line_and_document() {
        let cases: &[(&str, usize, &str)] = &[
            (
                "1|t|abc\n1|a|def\n1\t0\t9\tabc\tX\tD1\n",
                3,
                "outside the text",
            ),
            (
                "1|t|abc\n1|a|def\n1\t0\t3\tabd\tX\tD1\n",
                3,
                "does not match",
            ),
            (
                "1|t|abc\n1|a|def\n1\t0\tx\tabc\tX\n",
                3,
                "end offset (column 3) \"x\" is not a whole number",
            ),
            (
                "1|t|abc\n1|a|def\n1\t-5\t3\tabc\tX\n",
                3,
                "start offset (column 2) \"-5\" is not a whole number",
            ),
            (
                "1|t|abc\n1|a|def\n1\tx1\t3\tabc\tX\n",
                3,
                "start offset (column 2) \"x1\"",
            ),
            ("1|t|abc\n1|a|def\n1\tCID\n", 3, "has no arguments"),
            (
                "1|t|abc\n1|a|def\n1\tCID\tD1\t\n",
                3,
                "empty argument (column 4)",
            ),
            ("1|t|abc\n1|a|def\n1\t0\t3\n", 3, "at least 5"),
            (
                "1|t|abc\n1|a|def\n2\t0\t3\tabc\tX\n",
                3,
                "belongs to document",
            ),
            ("1|t|abc\n", 1, "truncated"),
            ("1|a|abc\n", 1, "without a preceding title"),
        ];
        for (input, line, msg) in cases {
            let e = read(input.as_bytes(), &ReadOptions::for_file("x.txt")).unwrap_err();
            assert_eq!(e.line, Some(*line), "{input:?}: {e}");
            assert!(e.to_string().starts_with(&format!("x.txt:{line}: ")), "{e}");
            assert!(e.message.contains(msg), "{input:?}: {e}");
        }
        let lenient = ReadOptions {
            lenient: true,
            file: None,
        };
        let r = read(cases[1].0.as_bytes(), &lenient).unwrap();
        assert_eq!(r.skipped.len(), 1);
        assert_eq!(r.corpus.documents[0].entities.len(), 0);
        assert_eq!(r.skipped[0].doc.as_deref(), Some("1"));
    }

    /// Issue: a mention line with start `-5` or `x1` became a relation of type "-5", so
    /// `convert` reported "0 entities lost" although the mention was gone.
    #[test]
    fn a_bad_mention_offset_is_never_read_as_a_relation() {
        let lenient = ReadOptions {
            lenient: true,
            file: Some("a.pubtator".into()),
        };
        for bad in ["-5", "x1", "+3", ""] {
            let input = format!("1|t|abc\n1|a|def\n1\t{bad}\t3\tabc\tDisease\tD1\n\n");
            let r = read(input.as_bytes(), &lenient).unwrap();
            assert!(r.corpus.documents[0].relations.is_empty(), "{bad:?}");
            assert_eq!(r.skipped.len(), 1, "{bad:?}");
            assert!(
                r.skipped[0]
                    .to_string()
                    .starts_with("a.pubtator:3: document 1: start offset (column 2)"),
                "{}",
                r.skipped[0]
            );
        }
        // Relation lines, numeric gene arguments included, are still relations.
        let ok = "1|t|abc\n1|a|def\n1\tCID\tD1\tD2\n1\tAssociation\t3952\tD003924\tNovel\n1\tCPR:3\t12\t13\n\n";
        let r = read(ok.as_bytes(), &ReadOptions::default()).unwrap();
        let kinds: Vec<&str> = r.corpus.documents[0]
            .relations
            .iter()
            .map(|r| r.kind.as_str())
            .collect();
        assert_eq!(kinds, ["CID", "Association", "CPR:3"]);
        assert_eq!(write(&r.corpus).0, ok);
    }

    /// Issue: an error message quoted a whole 5 MB line.
    #[test]
    fn errors_quote_at_most_a_hundred_characters() {
        let long = "x".repeat(5_000_000);
        let input = format!("1|t|abc\n1|a|def\n1\t0\t3\t{long}\tX\n");
        let e = read(input.as_bytes(), &ReadOptions::default()).unwrap_err();
        let shown = e.to_string();
        assert!(shown.len() < 400, "{} bytes", shown.len());
        assert!(
            shown.contains(&format!("\"{}\"…", "x".repeat(100))),
            "{shown}"
        );
        let input = format!("{long}|a|x\n");
        let e = read(input.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert!(e.to_string().len() < 400);
    }

    /// Issue: `kbner link --to pubtator` wrote all k ranked candidates joined by `|`, which
    /// PubTator reads as a composite mention. One id per mention, or one per conjunct.
    #[test]
    fn ranked_candidates_are_written_as_the_best_id_and_composites_per_conjunct() {
        let text = "Breast and ovarian cancer and fever.";
        let mut doc = Document {
            id: "7".into(),
            passages: vec![
                passage(0, text, "title"),
                passage(text.len() + 1, "", "abstract"),
            ],
            ..Default::default()
        };
        let mut composite = Entity::new(0, 25, "Breast and ovarian cancer", "Disease");
        composite.ids = vec!["D2".into(), "D3".into(), "D9".into()];
        composite.ids_ranked = true;
        composite.conjunct_ids = vec!["D2".into(), "D3".into()];
        let mut plain = Entity::new(30, 35, "fever", "Disease");
        plain.ids = vec!["D5".into(), "D6".into(), "D7".into()];
        plain.id_scores = vec![0.9, 0.5, 0.1];
        plain.ids_ranked = true;
        let mut gold = Entity::new(30, 35, "fever", "Disease");
        gold.ids = vec!["D5".into(), "D8".into()];
        doc.entities = vec![composite, plain, gold];
        let corpus = Corpus {
            documents: vec![doc],
            ..Default::default()
        };
        let (out, rep) = write(&corpus);
        let ids: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("\tDisease\t"))
            .map(|l| l.rsplit('\t').next().unwrap())
            .collect();
        assert_eq!(ids, ["D2|D3", "D5", "D5|D8"], "{out}");
        assert_eq!(rep.lost.len(), 1, "{:?}", rep.lost);
        assert!(
            rep.lost[0].contains("ranked candidate ids of 2 mentions"),
            "{:?}",
            rep.lost
        );
        assert_eq!(rep.entities_lost, 0);
    }

    #[test]
    fn written_mentions_read_back_or_are_reported_lost() {
        // Found by fuzzing (BioC and kbner JSONL input): the abstract starting right after the
        // title lost its first character; a discontinuous mention kept its fragments' text;
        // a document without text kept its mentions: none of these read back.
        let text = "Breast cancer.";
        let doc = Document {
            id: "1".into(),
            passages: vec![
                passage(1, text, "title"),
                passage(15, "Ovarian cancer.", "abstract"),
            ],
            entities: vec![
                Entity {
                    fragments: vec![(1, 7), (8, 14)],
                    ..Entity::new(1, 14, "Breast cancer", "Disease")
                },
                Entity::new(15, 29, "Ovarian cancer", "Disease"),
            ],
            ..Default::default()
        };
        let no_text = Document {
            id: "2".into(),
            entities: vec![Entity::new(3, 9, "cancer", "Disease")],
            ..Default::default()
        };
        let corpus = Corpus {
            documents: vec![doc, no_text],
            ..Default::default()
        };
        let (out, rep) = write(&corpus);
        let back = read(out.as_bytes(), &ReadOptions::default())
            .unwrap()
            .corpus;
        assert_eq!(
            back.documents[0].passages[0].text,
            " Breast cancer.Ovarian cancer."
        );
        let texts: Vec<&str> = back.documents[0]
            .entities
            .iter()
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(texts, ["Breast cancer", "Ovarian cancer"]);
        assert!(back.documents[1].entities.is_empty());
        assert_eq!(rep.entities_lost, 1, "{rep:?}");
        assert!(
            rep.lost
                .iter()
                .any(|l| l.contains("title/abstract boundary")),
            "{rep:?}"
        );
    }
}
