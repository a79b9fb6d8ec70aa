//! brat standoff: a `.txt` file and an `.ann` file per document.
//!
//! `T` lines become entities (discontinuous `start end;start end` spans keep their fragments);
//! `N` lines add their `DB:ID` to the target entity's ids and are also kept, like `R`, `E`, `A`,
//! `M`, `*` and `#` lines, as [`Relation`]s whose infon `brat` names the line kind, so they are
//! written back. The writer puts `T` lines first, then the other lines in input order, then `N`
//! lines for ids no stored `N` line covers: a file in that layout round-trips byte for byte.
//! Offsets are characters of the `.txt` file, which is one passage at offset 0.

use std::collections::{HashMap, HashSet};

use crate::error::{decode_utf8, CorpusError, Ctx, ReadOptions, Result, WriteReport};
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
        file: opts.file.as_ref().map(|f| f.replace(".ann", ".txt")),
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
    let mut norm_lines = Vec::new();
    for (i, raw) in ann.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let res = match line.as_bytes()[0] {
            b'T' => t_line(line, &doc).map(|e| doc.entities.push(e)),
            b'N' => other_line(line).map(|r| {
                norm_lines.push((i + 1, doc.relations.len()));
                doc.relations.push(r)
            }),
            b'R' | b'E' | b'A' | b'M' | b'*' | b'#' => {
                other_line(line).map(|r| doc.relations.push(r))
            }
            _ => Err(CorpusError::msg(format!(
                "unknown annotation line {line:?}"
            ))),
        };
        if let Err(e) = res {
            ctx.skip(e.at_line(i + 1).in_doc(id))?;
        }
    }
    // N lines may come before their T line, so ids are attached after all lines are read.
    let index: HashMap<String, usize> = doc
        .entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.id.clone().map(|id| (id, i)))
        .collect();
    for (line, ri) in norm_lines {
        let r = &doc.relations[ri];
        let target = r.args.first().map(|a| a.target.clone()).unwrap_or_default();
        let concept = r.infons.get("concept").unwrap_or("").to_string();
        match index.get(&target) {
            Some(&ei) => doc.entities[ei].ids.push(concept),
            None => ctx.skip(
                CorpusError::msg(format!("normalization targets unknown entity {target:?}"))
                    .at_line(line)
                    .in_doc(id),
            )?,
        }
    }
    Ok((doc, ctx.skipped))
}

fn t_line(line: &str, doc: &Document) -> Result<Entity> {
    let mut cols = line.splitn(3, '\t');
    let id = cols.next().unwrap_or("");
    let (Some(mid), Some(text)) = (cols.next(), cols.next()) else {
        return Err(CorpusError::msg(format!(
            "text-bound line needs 3 tab-separated columns: {line:?}"
        )));
    };
    let (kind, spans) = mid
        .split_once(' ')
        .ok_or_else(|| CorpusError::msg(format!("no offsets in {line:?}")))?;
    let mut frags = Vec::new();
    for frag in spans.split(';') {
        let (a, b) = frag
            .trim()
            .split_once(' ')
            .ok_or_else(|| CorpusError::msg(format!("bad span {frag:?}")))?;
        let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
            return Err(CorpusError::msg(format!("bad offsets in span {frag:?}")));
        };
        if a > b {
            return Err(CorpusError::msg(format!(
                "span {frag:?} ends before it starts"
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
            "offsets {spans:?} of {id} are outside the text"
        ))),
        Some(t) if t != text => Err(CorpusError::msg(format!(
            "{id} text {text:?} does not match the text at {spans:?}: {t:?}"
        ))),
        Some(_) => Ok(e),
    }
}

fn other_line(line: &str) -> Result<Relation> {
    let mut cols = line.splitn(3, '\t');
    let id = cols.next().unwrap_or("");
    let mid = cols
        .next()
        .ok_or_else(|| CorpusError::msg(format!("annotation line has no tab: {line:?}")))?;
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
    let bad = || CorpusError::msg(format!("malformed {kind_char} line {line:?}"));
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
        "*" => r.args.extend(words.map(|w| arg("", w))),
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
        let spans: Vec<String> = if e.fragments.is_empty() {
            vec![format!("{} {}", e.start, e.end)]
        } else {
            e.fragments
                .iter()
                .map(|(a, b)| format!("{a} {b}"))
                .collect()
        };
        let kind = e.kind.replace([' ', '\t', '\n'], "_");
        ann.push_str(&format!(
            "{tid}\t{kind} {}\t{}\n",
            spans.join(";"),
            e.text.replace(['\t', '\n', '\r'], " ")
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
        match kind {
            "N" => {
                let concept = r.infons.get("concept").unwrap_or("");
                let still = doc
                    .entities
                    .iter()
                    .zip(&tids)
                    .any(|(e, t)| *t == t0 && e.ids.iter().any(|i| i == concept));
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
    }
    for (e, tid) in doc.entities.iter().zip(&tids) {
        for c in &e.ids {
            if covered.insert((tid.clone(), c.clone())) {
                nid += 1;
                ann.push_str(&format!(
                    "N{nid}\tReference {tid} {c}\t{}\n",
                    e.text.replace(['\t', '\n', '\r'], " ")
                ));
            }
        }
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
    }
}
