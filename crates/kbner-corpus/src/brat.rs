//! brat standoff: a `.txt` file and an `.ann` file per document.
//!
//! `T` lines become entities (discontinuous `start end;start end` spans keep their fragments);
//! `N` lines add their `DB:ID` to the target entity's ids and are also kept, like `R`, `E`, `A`,
//! `M`, `*` and `#` lines, as [`Relation`]s whose infon `brat` names the line kind, so they are
//! written back. The writer puts `T` lines first, then the other lines in input order, then `N`
//! lines for ids no stored `N` line covers: a file in that layout round-trips byte for byte.
//! Offsets are characters of the `.txt` file, which is one passage at offset 0.

use std::collections::{HashMap, HashSet};

use crate::error::{decode_utf8, quote, CorpusError, Ctx, ReadOptions, Result, WriteReport};
use crate::model::{Document, Entity, Infons, Passage, Relation, RelationArg};

/// Relation infon naming the brat line kind (`R`, `E`, `A`, `M`, `N`, `*`, `#`).
pub const KIND: &str = "brat";

/// Reads one document with id `id` from its `.txt` and `.ann` contents, with the records skipped
/// in lenient mode; `opts.file` (the `.ann` path) names the files in messages.
pub fn read_pair(
    id: &str,
    txt: &[u8],
    ann: &[u8],
    opts: &ReadOptions,
) -> Result<(Document, Vec<CorpusError>)> {
    let txt_opts = ReadOptions {
        lenient: opts.lenient,
        file: opts.file.as_ref().map(|f| match f.strip_suffix(".ann") {
            Some(stem) => format!("{stem}.txt"),
            None => f.clone(),
        }),
    };
    let mut tctx = Ctx::new(&txt_opts);
    let text = decode_utf8(txt, &mut tctx)?.into_owned();
    let mut ctx = Ctx::new(opts);
    ctx.skipped.append(&mut tctx.skipped);
    let ann = decode_utf8(ann, &mut ctx)?;
    let mut doc = Document {
        id: id.to_string(),
        passages: vec![Passage {
            offset: 0,
            text,
            ..Default::default()
        }],
        ..Default::default()
    };
    // Every annotation id with the line defining it: ids must be unique, and references are
    // checked against them once the whole file is read (a line may refer to a later one).
    let mut defined: HashMap<String, usize> = HashMap::new();
    let mut relations: Vec<(usize, Relation)> = Vec::new();
    for (i, raw) in ann.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let ann_id = line.split('\t').next().unwrap_or("");
        if ann_id != "*" {
            if let Some(first) = defined.get(ann_id) {
                ctx.skip(
                    CorpusError::msg(format!(
                        "annotation id {} is already defined on line {first}; ids must be unique",
                        quote(ann_id)
                    ))
                    .at_line(line_no)
                    .in_doc(id),
                )?;
                continue;
            }
        }
        let res = match line.as_bytes()[0] {
            b'T' => t_line(line, &doc).map(|e| doc.entities.push(e)),
            b'N' | b'R' | b'E' | b'A' | b'M' | b'*' | b'#' => {
                other_line(line).map(|r| relations.push((line_no, r)))
            }
            _ => Err(CorpusError::msg(format!(
                "unknown annotation line {} (brat lines start with T, R, E, A, M, N, * or #)",
                quote(line)
            ))),
        };
        match res {
            Ok(()) if ann_id != "*" => {
                defined.insert(ann_id.to_string(), line_no);
            }
            Ok(()) => {}
            Err(e) => ctx.skip(e.at_line(line_no).in_doc(id))?,
        }
    }
    let entity_index: HashMap<String, usize> = doc
        .entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.id.clone().map(|id| (id, i)))
        .collect();
    // A line dropped for a bad reference is no longer defined, so lines referring to it are
    // dropped in turn (an attribute of an event whose theme was skipped): repeat until stable.
    let mut bad_refs: Vec<(usize, CorpusError)> = Vec::new();
    loop {
        let before = relations.len();
        relations.retain(
            |(line, r)| match check_references(r, &defined, &entity_index) {
                Ok(()) => true,
                Err(e) => {
                    if let Some(rid) = &r.id {
                        defined.remove(rid);
                    }
                    bad_refs.push((*line, e));
                    false
                }
            },
        );
        if relations.len() == before {
            break;
        }
    }
    bad_refs.sort_by_key(|(line, _)| *line);
    for (line, e) in bad_refs {
        ctx.skip(e.at_line(line).in_doc(id))?;
    }
    for (_, r) in relations {
        if r.infons.get(KIND) == Some("N") {
            // N lines may come before their T line, so ids are attached after all lines are read.
            let target = r.args.first().map(|a| a.target.as_str()).unwrap_or("");
            if let Some(&ei) = entity_index.get(target) {
                let concept = r.infons.get("concept").unwrap_or("").to_string();
                doc.entities[ei].ids.push(concept);
            }
        }
        doc.relations.push(r);
    }
    Ok((doc, ctx.skipped))
}

/// Checks that every annotation `r` refers to is defined: entities (`T`) or events (`E`) for
/// relations, events and equivalences, an entity for normalizations, any annotation for
/// attributes and notes.
fn check_references(
    r: &Relation,
    defined: &HashMap<String, usize>,
    entities: &HashMap<String, usize>,
) -> Result<()> {
    let kind = r.infons.get(KIND).unwrap_or("");
    let line_id = r.id.as_deref().unwrap_or("*");
    for (i, a) in r.args.iter().enumerate() {
        let t = a.target.as_str();
        let ok = match kind {
            "N" => entities.contains_key(t),
            "A" | "M" | "#" => defined.contains_key(t),
            _ => defined.contains_key(t) && (t.starts_with('T') || t.starts_with('E')),
        };
        if !ok {
            let role = if a.role.is_empty() {
                format!("argument {}", i + 1)
            } else {
                format!("argument {}", quote(&a.role))
            };
            let what = if kind == "N" {
                "normalization targets unknown entity"
            } else {
                "refers to an annotation not defined in this file:"
            };
            return Err(CorpusError::msg(format!(
                "{line_id} {role} {what} {}",
                quote(t)
            )));
        }
    }
    Ok(())
}

fn t_line(line: &str, doc: &Document) -> Result<Entity> {
    let mut cols = line.splitn(3, '\t');
    let id = cols.next().unwrap_or("");
    let (Some(mid), Some(text)) = (cols.next(), cols.next()) else {
        return Err(CorpusError::msg(format!(
            "text-bound line needs 3 tab-separated columns (id, type and offsets, text): {}",
            quote(line)
        )));
    };
    let (kind, spans) = mid.split_once(' ').ok_or_else(|| {
        CorpusError::msg(format!("{id}: no offsets after the type in {}", quote(mid)))
    })?;
    let mut frags = Vec::new();
    for frag in spans.split(';') {
        let (a, b) = frag.trim().split_once(' ').ok_or_else(|| {
            CorpusError::msg(format!(
                "{id}: bad span {} (expected START END)",
                quote(frag)
            ))
        })?;
        let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
            return Err(CorpusError::msg(format!(
                "{id}: bad offsets in span {} (whole numbers of characters expected)",
                quote(frag)
            )));
        };
        if a > b {
            return Err(CorpusError::msg(format!(
                "{id}: span {} ends before it starts",
                quote(frag)
            )));
        }
        frags.push((a, b));
    }
    let start = frags.iter().map(|f| f.0).min().unwrap_or(0);
    let end = frags.iter().map(|f| f.1).max().unwrap_or(0);
    let mut e = Entity::new(start, end, text, kind);
    e.id = Some(id.to_string());
    if frags.len() > 1 {
        e.fragments = frags;
    }
    match doc.expected_text(&e) {
        None => Err(CorpusError::msg(format!(
            "offsets {} of {id} are outside the text",
            quote(spans)
        ))),
        Some(t) if t == text => Ok(e),
        // Line breaks inside a mention are written as spaces on its one-line T line.
        Some(t) if t.replace(['\n', '\r', '\t'], " ") == text => {
            e.text = t;
            Ok(e)
        }
        Some(t) => Err(CorpusError::msg(format!(
            "{id} text {} does not match the text at {}: {}",
            quote(text),
            quote(spans),
            quote(&t)
        ))),
    }
}

fn other_line(line: &str) -> Result<Relation> {
    let mut cols = line.splitn(3, '\t');
    let id = cols.next().unwrap_or("");
    let mid = cols
        .next()
        .ok_or_else(|| CorpusError::msg(format!("annotation line has no tab: {}", quote(line))))?;
    let rest = cols.next();
    let mut words = mid.split(' ').filter(|w| !w.is_empty());
    let head = words.next().unwrap_or("");
    let kind_char = &id[..1];
    let mut r = Relation {
        id: (id != "*").then(|| id.to_string()),
        kind: head.to_string(),
        args: Vec::new(),
        infons: Infons(vec![(KIND.into(), kind_char.into())]),
    };
    let bad = || CorpusError::msg(format!("malformed {kind_char} line {}", quote(line)));
    match kind_char {
        "R" => {
            for w in words {
                let (role, target) = w.split_once(':').ok_or_else(bad)?;
                r.args.push(arg(role, target));
            }
        }
        "E" => {
            let (kind, trigger) = head.split_once(':').ok_or_else(bad)?;
            r.kind = kind.to_string();
            r.args.push(arg("Trigger", trigger));
            for w in words {
                let (role, target) = w.split_once(':').ok_or_else(bad)?;
                r.args.push(arg(role, target));
            }
        }
        "A" | "M" => {
            r.args.push(arg("", words.next().ok_or_else(bad)?));
            if let Some(v) = words.next() {
                r.infons.set("value", v);
            }
        }
        "N" => {
            r.args.push(arg("", words.next().ok_or_else(bad)?));
            r.infons.set("concept", words.next().ok_or_else(bad)?);
            r.infons.set("text", rest.unwrap_or(""));
        }
        "*" => {
            r.args.extend(words.map(|w| arg("", w)));
            // An equivalence is between annotations: at least two.
            if r.args.len() < 2 {
                return Err(bad());
            }
        }
        _ => {
            // '#' notes: "#1<TAB>AnnotatorNotes T1<TAB>text".
            r.args.push(arg("", words.next().ok_or_else(bad)?));
            r.infons.set("note", rest.unwrap_or(""));
        }
    }
    if r.kind.is_empty() {
        return Err(bad());
    }
    Ok(r)
}

fn arg(role: &str, target: &str) -> RelationArg {
    RelationArg {
        role: role.to_string(),
        target: target.to_string(),
    }
}

/// Writes one document as (`.txt`, `.ann`) contents. Passages are placed at their offsets with
/// gaps filled by newlines.
pub fn write_doc(doc: &Document) -> (String, String, WriteReport) {
    let mut report = WriteReport::default();
    let text = doc.full_text('\n', None).unwrap_or_else(|e| {
        report.lose(format!("document {}: {e}", doc.id));
        String::new()
    });
    // The document as the reader will see it.
    let written = Document {
        passages: vec![Passage {
            offset: 0,
            text: text.clone(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut ann = String::new();
    // Entity ids must be unique T-ids; others (BioC "1", none) are renumbered and references
    // to them in relations follow.
    let mut used: HashSet<String> = HashSet::new();
    let mut rename: HashMap<String, String> = HashMap::new();
    let mut tids = Vec::with_capacity(doc.entities.len());
    let mut next = 1usize;
    for e in &doc.entities {
        let keep = e.id.as_ref().filter(|id| {
            id.starts_with('T') && id[1..].parse::<u64>().is_ok() && !used.contains(*id)
        });
        let tid = match keep {
            Some(id) => id.clone(),
            None => loop {
                let c = format!("T{next}");
                next += 1;
                if !used.contains(&c) && !doc.entities.iter().any(|x| x.id.as_ref() == Some(&c)) {
                    break c;
                }
            },
        };
        if let Some(old) = &e.id {
            rename.entry(old.clone()).or_insert_with(|| tid.clone());
        }
        used.insert(tid.clone());
        tids.push(tid);
    }
    for (e, tid) in doc.entities.iter().zip(&tids) {
        // The reader checks the T line's text against the text file: write the text there.
        let Some(text) = written.expected_text(e) else {
            report.lose_entity(format!(
                "document {}: entity {} at [{}, {}) is outside the text",
                doc.id,
                quote(&e.text),
                e.start,
                e.end
            ));
            continue;
        };
        if text != e.text {
            report.alter(format!(
                "document {}: entity {} written with the text at its offsets, {}",
                doc.id,
                quote(&e.text),
                quote(&text)
            ));
        }
        let spans: Vec<String> = if e.fragments.is_empty() {
            vec![format!("{} {}", e.start, e.end)]
        } else {
            e.fragments
                .iter()
                .map(|(a, b)| format!("{a} {b}"))
                .collect()
        };
        let kind = e.kind.replace([' ', '\t', '\n', '\r'], "_");
        if kind != e.kind {
            report.alter(format!(
                "document {}: entity type {} written as {kind} (brat types have no spaces)",
                doc.id,
                quote(&e.kind)
            ));
        }
        ann.push_str(&format!(
            "{tid}\t{kind} {}\t{}\n",
            spans.join(";"),
            text.replace(['\t', '\n', '\r'], " ")
        ));
    }
    let entity_ids: HashSet<&str> = tids.iter().map(String::as_str).collect();
    let target = |t: &str| -> String { rename.get(t).cloned().unwrap_or_else(|| t.to_string()) };
    let mut covered: HashSet<(String, String)> = HashSet::new();
    let mut nid = doc
        .relations
        .iter()
        .filter_map(|r| r.id.as_deref()?.strip_prefix('N')?.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    let mut rid = doc
        .relations
        .iter()
        .filter_map(|r| r.id.as_deref()?.strip_prefix('R')?.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    for r in &doc.relations {
        let kind = r.infons.get(KIND).unwrap_or("");
        let t0 = r
            .args
            .first()
            .map(|a| target(&a.target))
            .unwrap_or_default();
        let id = r.id.clone().unwrap_or_default();
        let line_start = ann.len();
        match kind {
            "N" => {
                let concept = r.infons.get("concept").unwrap_or("");
                let still = doc
                    .entities
                    .iter()
                    .zip(&tids)
                    .any(|(e, t)| *t == t0 && e.applicable_ids().iter().any(|i| i == concept));
                if still {
                    covered.insert((t0.clone(), concept.to_string()));
                    ann.push_str(&format!(
                        "{id}\t{} {t0} {concept}\t{}\n",
                        r.kind,
                        r.infons.get("text").unwrap_or("")
                    ));
                }
            }
            "E" => {
                let mut parts = Vec::new();
                for (i, a) in r.args.iter().enumerate() {
                    if i == 0 {
                        parts.push(format!("{}:{}", r.kind, target(&a.target)));
                    } else {
                        parts.push(format!("{}:{}", a.role, target(&a.target)));
                    }
                }
                ann.push_str(&format!("{id}\t{}\n", parts.join(" ")));
            }
            "A" | "M" => {
                let v = r
                    .infons
                    .get("value")
                    .map(|v| format!(" {v}"))
                    .unwrap_or_default();
                ann.push_str(&format!("{id}\t{} {t0}{v}\n", r.kind));
            }
            "*" => {
                let ts: Vec<String> = r.args.iter().map(|a| target(&a.target)).collect();
                ann.push_str(&format!("*\t{} {}\n", r.kind, ts.join(" ")));
            }
            "#" => {
                ann.push_str(&format!(
                    "{id}\t{} {t0}\t{}\n",
                    r.kind,
                    r.infons.get("note").unwrap_or("")
                ));
            }
            _ => {
                // A binary relation between entities becomes an R line; relations over concept
                // ids (PubTator CID) have no brat form.
                let targets: Vec<String> = r.args.iter().map(|a| target(&a.target)).collect();
                if kind == "R"
                    || targets.iter().all(|t| entity_ids.contains(t.as_str()))
                        && !targets.is_empty()
                {
                    let id = if kind == "R" && !id.is_empty() {
                        id
                    } else {
                        rid += 1;
                        format!("R{rid}")
                    };
                    let args: Vec<String> = r
                        .args
                        .iter()
                        .zip(&targets)
                        .enumerate()
                        .map(|(i, (a, t))| {
                            let role = if a.role.is_empty() {
                                format!("Arg{}", i + 1)
                            } else {
                                a.role.clone()
                            };
                            format!("{role}:{t}")
                        })
                        .collect();
                    ann.push_str(&format!(
                        "{id}\t{} {}\n",
                        r.kind.replace(' ', "_"),
                        args.join(" ")
                    ));
                } else {
                    report.lose(format!(
                        "document {}: relation {} over non-entity arguments has no brat form",
                        doc.id, r.kind
                    ));
                }
            }
        }
        // One line each: a line break inside a value would end the line early, and the reader
        // takes a trailing carriage return for a CRLF line end.
        if let Some(body) = ann[line_start..].strip_suffix('\n') {
            if body.contains(['\n', '\r']) {
                // Before the free-text column (N text, # note): '_', so that words stay words.
                let cut = body
                    .match_indices('\t')
                    .nth(1)
                    .map_or(body.len(), |(i, _)| i);
                let (fields, free) = body.split_at(cut);
                let body = fields.replace(['\n', '\r'], "_") + &free.replace(['\n', '\r'], " ");
                report.alter(format!(
                    "document {}: line breaks in {} line {} replaced by spaces",
                    doc.id,
                    quote(kind),
                    quote(&body)
                ));
                ann.truncate(line_start);
                ann.push_str(&body);
                ann.push('\n');
            }
        }
    }
    let mut ranked = 0usize;
    for (e, tid) in doc.entities.iter().zip(&tids) {
        // N lines say which concepts apply: a linker's best candidate, not its whole ranking.
        let ids = e.applicable_ids();
        ranked += usize::from(e.ids.len() > ids.len());
        for c in ids {
            if covered.insert((tid.clone(), c.clone())) {
                nid += 1;
                let id = c.replace([' ', '\t', '\n', '\r'], "_");
                if id != *c {
                    report.alter(format!(
                        "document {}: id {} written as {id} (brat ids have no spaces)",
                        doc.id,
                        quote(c)
                    ));
                }
                ann.push_str(&format!(
                    "N{nid}\tReference {tid} {id}\t{}\n",
                    e.text.replace(['\t', '\n', '\r'], " ")
                ));
            }
        }
    }
    if ranked > 0 {
        report.lose(format!(
            "document {}: the other ranked candidate ids of {ranked} mentions (brat N lines hold the ids that apply; kbner JSONL keeps the ranking)",
            doc.id
        ));
    }
    (text, ann, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &str = "Breast and ovarian cancer in BRCA1 carriers.\n";
    const ANN: &str = "T1\tDisease 0 6;19 25\tBreast cancer\nT2\tDisease 11 25\tovarian cancer\nT3\tGene 29 34\tBRCA1\nR1\tAssociated Arg1:T3 Arg2:T2\nE1\tCause:T3 Theme:T2\nA1\tNegated T2\nA2\tConfidence T1 High\n*\tEquiv T1 T2\n#1\tAnnotatorNotes T3\tcheck this\nN1\tReference T2 MESH:D010051\tOvarian Neoplasms\n";

    fn read_sample() -> Document {
        read_pair(
            "d1",
            TXT.as_bytes(),
            ANN.as_bytes(),
            &ReadOptions::default(),
        )
        .unwrap()
        .0
    }

    #[test]
    fn reads_discontinuous_spans_and_normalizations() {
        let d = read_sample();
        assert_eq!(d.entities.len(), 3);
        assert_eq!(d.entities[0].fragments, vec![(0, 6), (19, 25)]);
        assert_eq!((d.entities[0].start, d.entities[0].end), (0, 25));
        assert_eq!(d.entities[1].ids, ["MESH:D010051"]);
        assert_eq!(d.relations.len(), 7);
        assert_eq!(d.relations[1].args[0].target, "T3");
    }

    #[test]
    fn round_trips_byte_for_byte() {
        let d = read_sample();
        let (txt, ann, rep) = write_doc(&d);
        assert_eq!(txt, TXT);
        assert_eq!(ann, ANN);
        assert!(rep.lost.is_empty());
    }

    #[test]
    fn new_ids_get_normalization_lines() {
        let mut d = read_sample();
        d.entities[2].ids.push("NCBIGene:672".into());
        let (_, ann, _) = write_doc(&d);
        assert!(
            ann.ends_with("N2\tReference T3 NCBIGene:672\tBRCA1\n"),
            "{ann}"
        );
    }

    #[test]
    fn bad_input_is_reported_with_line_and_document() {
        let cases: &[(&str, &str)] = &[
            ("T1\tDisease 0 99\tBreast\n", "outside the text"),
            ("T1\tDisease 0 6\tBreasts\n", "does not match"),
            ("T1\tDisease 0 x\tBreast\n", "bad offsets"),
            ("T1\tDisease\n", "3 tab-separated"),
            ("Q1\tfoo\n", "unknown annotation line"),
            (
                "T1\tDisease 0 6\tBreast\nN1\tReference T9 X:1\tx\n",
                "unknown entity",
            ),
            // Issue: duplicate T ids were renumbered and references to a missing T accepted.
            (
                "T1\tDisease 0 6\tBreast\nT1\tGene 29 34\tBRCA1\n",
                "id \"T1\" is already defined on line 1",
            ),
            (
                "T1\tDisease 0 6\tBreast\nR1\tAssoc Arg1:T1 Arg2:T7\n",
                "R1 argument \"Arg2\" refers to an annotation not defined in this file: \"T7\"",
            ),
            (
                "E1\tCause:T3 Theme:T2\n",
                "refers to an annotation not defined",
            ),
            ("T1\tDisease 0 6\tBreast\nA1\tNegated T5\n", "not defined"),
            ("T1\tDisease 0 6\tBreast\n*\tEquiv T1 T4\n", "not defined"),
        ];
        for (ann, msg) in cases {
            let opts = ReadOptions::for_file("d1.ann");
            let e = read_pair("d1", TXT.as_bytes(), ann.as_bytes(), &opts).unwrap_err();
            assert!(e.message.contains(msg), "{ann:?}: {e}");
            assert_eq!(e.doc.as_deref(), Some("d1"));
            assert!(e.to_string().starts_with("d1.ann:"), "{e}");
        }
        let lenient = ReadOptions {
            lenient: true,
            file: None,
        };
        let (d, skipped) = read_pair(
            "d1",
            TXT.as_bytes(),
            b"T1\tX 0 99\ty\nT2\tGene 29 34\tBRCA1\n",
            &lenient,
        )
        .unwrap();
        assert_eq!((d.entities.len(), skipped.len()), (1, 1));
        // The relation to the skipped T1 is skipped (and counted) with it.
        let (d, skipped) = read_pair(
            "d1",
            TXT.as_bytes(),
            b"T1\tX 0 99\ty\nT2\tGene 29 34\tBRCA1\nR1\tR Arg1:T1 Arg2:T2\n",
            &lenient,
        )
        .unwrap();
        assert_eq!((d.relations.len(), skipped.len()), (0, 2));
        assert_eq!(skipped[1].line, Some(3));
    }

    #[test]
    fn a_mention_across_a_line_break_round_trips() {
        let txt = "breast\ncancer";
        let (d, _) = read_pair(
            "d",
            txt.as_bytes(),
            b"T1\tDisease 0 13\tbreast cancer\n",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(d.entities[0].text, "breast\ncancer");
        let (t, ann, _) = write_doc(&d);
        assert_eq!(
            (t.as_str(), ann.as_str()),
            (txt, "T1\tDisease 0 13\tbreast cancer\n")
        );
    }

    #[test]
    fn n_lines_hold_the_ids_that_apply_not_a_ranking() {
        let mut d = read_sample();
        d.entities[2].ids = vec!["G1".into(), "G2".into(), "G3".into()];
        d.entities[2].ids_ranked = true;
        let (_, ann, rep) = write_doc(&d);
        assert!(ann.contains("Reference T3 G1\t"), "{ann}");
        assert!(!ann.contains("G2"), "{ann}");
        assert_eq!(rep.lost.len(), 1, "{:?}", rep.lost);
    }

    #[test]
    fn lines_about_a_skipped_line_are_skipped_in_turn() {
        // Found by fuzzing: with T2's text wrong, lenient reading dropped T2 and E1 (whose theme
        // is T2) but kept A1 about E1, and the written file could not be read back.
        let ann = "T1\tDisease 0 6\tBreast\nT2\tDisease 11 25\tWRONG\nE1\tCause:T1 Theme:T2\nA1\tNegated E1\n";
        let opts = ReadOptions {
            lenient: true,
            file: Some("d.ann".into()),
        };
        let (d, skipped) = read_pair("d", TXT.as_bytes(), ann.as_bytes(), &opts).unwrap();
        assert!(d.relations.is_empty(), "{:?}", d.relations);
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert_eq!(skipped[2].line, Some(4));
        assert!(skipped[2].message.contains("\"E1\""), "{}", skipped[2]);
        let (txt, ann, _) = write_doc(&d);
        assert!(read_pair("d", txt.as_bytes(), ann.as_bytes(), &ReadOptions::default()).is_ok());
    }

    #[test]
    fn written_entities_carry_the_text_at_their_offsets_or_are_reported_lost() {
        // Found by fuzzing: an entity of a document without text (kbner JSONL predictions) and a
        // discontinuous BioC annotation whose text was not its fragments' were written as T lines
        // that brat reading rejects.
        let mut d = read_sample();
        d.entities[0].text = "Breast cancr".into();
        d.entities.push(Entity::new(40, 50, "beyond", "Disease"));
        let (txt, ann, rep) = write_doc(&d);
        assert_eq!(rep.entities_lost, 1);
        assert!(rep.lost[0].contains("\"beyond\" at [40, 50) is outside the text"));
        assert!(rep.altered.iter().any(|a| a.contains("Breast cancr")));
        let back = read_pair(
            "d1",
            txt.as_bytes(),
            ann.as_bytes(),
            &ReadOptions::default(),
        );
        assert_eq!(back.unwrap().0.entities[0].text, "Breast cancer");
    }

    #[test]
    fn values_with_line_breaks_stay_on_their_line() {
        // Found by fuzzing: a note ending in "\r" (its file had "\r\r\n") lost one "\r" per
        // write and read, and a "\n" from kbner JSONL would have split the line.
        let ann = "T1\tDisease 0 6\tBreast\n#1\tAnnotatorNotes T1\tchecked\r\r\n";
        let (mut d, _) =
            read_pair("d", TXT.as_bytes(), ann.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(d.relations[0].infons.get("note"), Some("checked\r"));
        d.relations[0].infons.set("note", "two\nlines\r");
        d.relations[0].kind = "Annotator\rNotes".into();
        let (txt, ann, rep) = write_doc(&d);
        assert!(
            ann.ends_with("#1\tAnnotator_Notes T1\ttwo lines \n"),
            "{ann:?}"
        );
        assert_eq!(rep.altered.len(), 1, "{rep:?}");
        let back = read_pair("d", txt.as_bytes(), ann.as_bytes(), &ReadOptions::default())
            .unwrap()
            .0;
        assert_eq!(write_doc(&back).1, ann);
    }

    #[test]
    fn a_passage_far_beyond_the_text_is_reported_not_allocated() {
        // Found by fuzzing: kbner JSONL with a passage at offset 4444444444444444444 aborted
        // the brat, PubTator and text writers on a failed 4 EB allocation.
        let mut d = read_sample();
        d.passages.push(Passage {
            offset: 4_444_444_444_444_444_444,
            text: "far".into(),
            ..Default::default()
        });
        let (txt, _, rep) = write_doc(&d);
        assert!(txt.is_empty());
        assert!(
            rep.lost[0].contains("more than 16777216 characters of gaps"),
            "{rep:?}"
        );
        assert_eq!(rep.entities_lost, 3);
    }

    #[test]
    fn an_equivalence_needs_two_annotations() {
        // Found by fuzzing: "*\tEquiv" with no annotation was accepted.
        let ann = "T1\tDisease 0 6\tBreast\n*\tEquiv\n*\tEquiv T1\n";
        let e = read_pair(
            "d",
            TXT.as_bytes(),
            ann.as_bytes(),
            &ReadOptions::for_file("d.ann"),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().contains("malformed * line"), "{e}");
        let opts = ReadOptions {
            lenient: true,
            file: None,
        };
        let (d, skipped) = read_pair("d", TXT.as_bytes(), ann.as_bytes(), &opts).unwrap();
        assert!(d.relations.is_empty());
        assert_eq!(skipped.len(), 2);
    }
}
