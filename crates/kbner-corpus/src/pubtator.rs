//! PubTator: `PMID|t|title`, `PMID|a|abstract`, mention lines
//! `PMID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>ids[<TAB>composite…]]` and relation lines
//! `PMID<TAB>TYPE<TAB>arg…`, a blank line between documents.
//!
//! Offsets count characters in `title + " " + abstract`. Ids are joined by `|` or `+`; `-1` means
//! no id. The raw id column is kept (infon [`IDS_RAW`]) whenever re-joining the parsed ids with
//! `|` would not reproduce it, and the 7th (composite-mention) column and anything after it are
//! kept verbatim (infon [`COMPOSITE`]), so files round-trip byte for byte.

use crate::error::{decode_utf8, CorpusError, Ctx, ReadOptions, ReadOutcome, Result, WriteReport};
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
                CorpusError::msg(format!("annotation line outside a document: {line:?}"))
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
    Ok(ctx.finish(corpus))
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

fn annotation_line(line: &str, o: &mut Open) -> Result<()> {
    let mut cols = line.splitn(7, '\t');
    let pmid = cols.next().unwrap_or("");
    if pmid != o.doc.id {
        return Err(CorpusError::msg(format!(
            "line belongs to document {pmid:?} inside document {:?} (missing blank line?)",
            o.doc.id
        )));
    }
    let c1 = cols.next().unwrap_or("");
    if c1.is_empty() || !c1.bytes().all(|b| b.is_ascii_digit()) {
        // Relation line: PMID TYPE ARG1 ARG2 …
        let args = cols
            .flat_map(|c| c.split('\t'))
            .enumerate()
            .map(|(i, t)| RelationArg {
                role: format!("Arg{}", i + 1),
                target: t.to_string(),
            })
            .collect();
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
            "mention line needs at least 5 tab-separated columns: {line:?}"
        )));
    };
    let (Ok(start), Ok(end)) = (c1.parse::<usize>(), c2.parse::<usize>()) else {
        return Err(CorpusError::msg(format!("bad offsets {c1:?} {c2:?}")));
    };
    if start > end {
        return Err(CorpusError::msg(format!(
            "start {start} is after end {end}"
        )));
    }
    let mut e = match o.doc.slice(start, end) {
        None => {
            return Err(CorpusError::msg(format!(
                "offsets [{start}, {end}) of mention {text:?} are outside the text"
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
                "mention text {text:?} does not match the text at [{start}, {end}): {t:?}"
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
    let head: usize = corpus
        .infons
        .get(HEAD)
        .and_then(|h| h.parse().ok())
        .unwrap_or(0);
    for _ in 0..head {
        out.push('\n');
    }
    for (i, doc) in corpus.documents.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        write_doc(doc, &mut out, &mut report);
    }
    if !corpus.documents.is_empty() {
        out.push_str(corpus.infons.get(TAIL).unwrap_or("\n\n"));
    }
    (out, report)
}

fn write_doc(doc: &Document, out: &mut String, report: &mut WriteReport) {
    let id = clean(&doc.id, "document id", &doc.id, report);
    let (title, abs): (String, String) = match doc.passages.as_slice() {
        [] => (String::new(), String::new()),
        [t] => (t.text.clone(), String::new()),
        [t, a] if a.offset == t.end() + 1 => (t.text.clone(), a.text.clone()),
        [t, ..] => match doc.full_text(' ', None) {
            Ok(full) => {
                let n = char_len(&t.text) + t.offset;
                let title: String = full.chars().take(n).collect();
                let abs: String = full.chars().skip(n + 1).collect();
                (title, abs)
            }
            Err(e) => {
                report.lose(format!("document {}: {e}", doc.id));
                (t.text.clone(), String::new())
            }
        },
    };
    out.push_str(&id);
    out.push_str("|t|");
    out.push_str(&clean(&title, "title", &doc.id, report));
    out.push('\n');
    out.push_str(&id);
    out.push_str("|a|");
    out.push_str(&clean(&abs, "abstract", &doc.id, report));
    for e in &doc.entities {
        out.push('\n');
        out.push_str(&id);
        out.push('\t');
        push_usize(out, e.start);
        out.push('\t');
        push_usize(out, e.end);
        out.push('\t');
        let text = match e.infons.get(TEXT_RAW) {
            Some(raw) if raw.trim() == e.text => raw,
            _ => e.text.as_str(),
        };
        out.push_str(&clean(text, "mention text", &doc.id, report));
        out.push('\t');
        out.push_str(&clean(&e.kind, "entity type", &doc.id, report));
        if !e.fragments.is_empty() {
            report.alter(format!(
                "document {}: discontinuous mention {:?} written as one span",
                doc.id, e.text
            ));
        }
        let raw = e.infons.get(IDS_RAW).filter(|r| parse_ids(r) == e.ids);
        let comp = e.infons.get(COMPOSITE);
        match raw {
            Some(r) => {
                out.push('\t');
                out.push_str(r);
            }
            None if !e.ids.is_empty() => {
                out.push('\t');
                out.push_str(&clean(&e.ids.join("|"), "ids", &doc.id, report));
            }
            None if comp.is_some() => out.push_str("\t-1"),
            None => {}
        }
        if let Some(c) = comp {
            out.push('\t');
            out.push_str(c);
        }
    }
    for r in &doc.relations {
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
            ("1|t|abc\n1|a|def\n1\t0\tx\tabc\tX\n", 3, "bad offsets"),
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
}
