//! BioC, in XML and JSON: collection → documents → passages (with offsets) → annotations (with
//! locations and infons), plus relations with nodes.
//!
//! Both serializations go through the same intermediate structs ([`BCollection`] …), which match
//! BioC JSON as written by the `bioc` Python package and PubTator3. Mapping to the model:
//! annotation infon `type` is the entity type and the first of `identifier`, `MESH`, `NCBI Gene`,
//! `Identifier` the id list (split on `,` `;` `|`); all annotation infons are kept in order and
//! written back verbatim unless the entity's type or ids changed. Several locations make a
//! discontinuous mention. Relations of a passage are kept at document level with infon
//! [`PASSAGE_INFON`] so they go back to their passage. Passages split into `<sentence>` elements
//! instead of carrying `<text>` are not supported (an error, or a counted skip).
//!
//! The writers use one fixed layout (XML: one element per line, no indentation; JSON: compact);
//! files in that layout round-trip byte for byte.

use serde::{Deserialize, Serialize};

use crate::error::{
    decode_utf8, quote, CorpusError, Ctx, ReadOptions, ReadOutcome, Result, WriteReport,
};
use crate::model::{Corpus, Document, Entity, Infons, Passage, Relation, RelationArg};

/// Relation infon recording the index of the passage a passage-level relation came from.
pub const PASSAGE_INFON: &str = "kbner.bioc.passage";
/// Annotation infon holding a linker's ranked candidate ids, best first, joined by `,`, when the
/// entity's ids are ranked ([`Entity::ids_ranked`]); `identifier` then holds the ids that apply.
pub const RANKED_IDS_INFON: &str = "kbner.ranked_ids";
/// Annotation infon holding the scores of the ranked ids, joined by `,`.
pub const ID_SCORES_INFON: &str = "kbner.id_scores";
/// Annotation infon holding every id of each concept of the entity's ids
/// ([`Entity::concept_ids`]): one list per id, in the same order, joined by `,`; the ids of one
/// concept joined by `|` (`OMIM:608446|MESH:D009203,MESH:D003920`).
pub const CONCEPT_IDS_INFON: &str = "kbner.concept_ids";
/// Annotation infon holding the entity's confidence score.
pub const SCORE_INFON: &str = "kbner.score";
const ID_KEYS: &[&str] = &["identifier", "MESH", "NCBI Gene", "Identifier"];

/// BioC collection.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BCollection {
    /// Source.
    pub source: String,
    /// Date.
    pub date: String,
    /// Key file.
    pub key: String,
    /// Infons.
    pub infons: Infons,
    /// Documents.
    pub documents: Vec<BDocument>,
}

/// BioC document.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BDocument {
    /// Id.
    pub id: String,
    /// Infons.
    pub infons: Infons,
    /// Passages.
    pub passages: Vec<BPassage>,
    /// Document-level relations.
    pub relations: Vec<BRelation>,
    #[serde(skip)]
    line: Option<usize>,
}

/// BioC passage.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BPassage {
    /// Infons.
    pub infons: Infons,
    /// Document-level character offset.
    pub offset: usize,
    /// Text (absent when the passage is split into sentences).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Sentences (not supported beyond detection).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<serde_json::Value>,
    /// Annotations.
    pub annotations: Vec<BAnnotation>,
    /// Passage-level relations.
    pub relations: Vec<BRelation>,
    #[serde(skip)]
    line: Option<usize>,
}

/// BioC annotation.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BAnnotation {
    /// Id.
    pub id: String,
    /// Infons.
    pub infons: Infons,
    /// Mention text.
    pub text: String,
    /// Locations.
    pub locations: Vec<BLocation>,
    #[serde(skip)]
    line: Option<usize>,
}

/// BioC location.
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize)]
pub struct BLocation {
    /// Document-level character offset.
    pub offset: usize,
    /// Length in characters.
    pub length: usize,
}

/// BioC relation.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BRelation {
    /// Id.
    pub id: String,
    /// Infons.
    pub infons: Infons,
    /// Nodes.
    pub nodes: Vec<BNode>,
}

/// BioC relation node.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BNode {
    /// Referenced annotation id.
    pub refid: String,
    /// Role.
    pub role: String,
}

fn split_ids(raw: &str) -> Vec<String> {
    if raw.is_empty() || raw == "-" || raw == "-1" {
        return Vec::new();
    }
    raw.split([',', ';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Converts the intermediate collection into the model, validating offsets and texts.
fn to_model(c: BCollection, ctx: &mut Ctx) -> Result<Corpus> {
    let mut corpus = Corpus {
        source: c.source,
        date: c.date,
        key: c.key,
        infons: c.infons,
        documents: Vec::with_capacity(c.documents.len()),
    };
    for bd in c.documents {
        let mut doc = Document {
            id: bd.id,
            infons: bd.infons,
            ..Default::default()
        };
        let mut anns = Vec::new();
        let mut prev_end = 0usize;
        for bp in bd.passages {
            let Some(text) = bp.text else {
                ctx.skip(
                    CorpusError::msg("passage has sentences instead of text (not supported)")
                        .in_doc(doc.id.clone())
                        .clone_line(bp.line),
                )?;
                continue;
            };
            if bp.offset < prev_end {
                ctx.skip(
                    CorpusError::msg(format!(
                        "passage offset {} overlaps the previous passage",
                        bp.offset
                    ))
                    .in_doc(doc.id.clone())
                    .clone_line(bp.line),
                )?;
                continue;
            }
            let p = Passage {
                offset: bp.offset,
                text,
                infons: bp.infons,
                sentences: Vec::new(),
            };
            prev_end = p.end();
            doc.passages.push(p);
            anns.extend(bp.annotations);
            for r in bp.relations {
                let mut r = relation(r);
                r.infons
                    .set(PASSAGE_INFON, (doc.passages.len() - 1).to_string());
                doc.relations.push(r);
            }
        }
        for a in anns {
            match entity(a, &doc) {
                Ok(e) => doc.entities.push(e),
                Err((e, line)) => ctx.skip(e.in_doc(doc.id.clone()).clone_line(line))?,
            }
        }
        doc.relations.extend(bd.relations.into_iter().map(relation));
        corpus.documents.push(doc);
    }
    Ok(corpus)
}

trait CloneLine {
    fn clone_line(self, line: Option<usize>) -> Self;
}

impl CloneLine for CorpusError {
    fn clone_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }
}

fn entity(
    a: BAnnotation,
    doc: &Document,
) -> std::result::Result<Entity, (CorpusError, Option<usize>)> {
    let fail = |m: String| Err((CorpusError::msg(m), a.line));
    if a.locations.is_empty() {
        return fail(format!("annotation {} has no location", quote(&a.id)));
    }
    let frags: Vec<(usize, usize)> = a
        .locations
        .iter()
        .map(|l| (l.offset, l.offset.saturating_add(l.length)))
        .collect();
    let start = frags.iter().map(|f| f.0).min().unwrap_or(0);
    let end = frags.iter().map(|f| f.1).max().unwrap_or(0);
    let kind = a.infons.get("type").unwrap_or("").to_string();
    let ids = ID_KEYS
        .iter()
        .find_map(|k| a.infons.get(k))
        .map(split_ids)
        .unwrap_or_default();
    let mut infons = a.infons.clone();
    let numbers = |key: &str, raw: Option<String>| -> std::result::Result<Vec<f64>, String> {
        raw.map_or(Ok(Vec::new()), |r| {
            r.split(',')
                .map(|x| {
                    x.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .ok_or(())
                })
                .collect::<std::result::Result<_, _>>()
                .map_err(|()| {
                    format!(
                        "annotation {}: infon {key} {} is not a list of numbers",
                        quote(&a.id),
                        quote(&r)
                    )
                })
        })
    };
    // kbner writes each of its infons once; a second copy would stay an ordinary infon and be
    // written back beside the one made from the entity.
    for key in [
        RANKED_IDS_INFON,
        CONCEPT_IDS_INFON,
        ID_SCORES_INFON,
        SCORE_INFON,
    ] {
        if infons.iter().filter(|(k, _)| *k == key).count() > 1 {
            return fail(format!(
                "annotation {}: infon {key} appears more than once",
                quote(&a.id)
            ));
        }
    }
    let ranked = infons.remove(RANKED_IDS_INFON).map(|r| split_ids(&r));
    let concept_ids: Vec<Vec<String>> = infons
        .remove(CONCEPT_IDS_INFON)
        .map(|r| {
            r.split(',')
                .map(|list| {
                    list.split('|')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    let id_scores = match numbers(ID_SCORES_INFON, infons.remove(ID_SCORES_INFON)) {
        Ok(v) => v,
        Err(m) => return fail(m),
    };
    let score = match numbers(SCORE_INFON, infons.remove(SCORE_INFON)) {
        Ok(v) => v.first().copied(),
        Err(m) => return fail(m),
    };
    let mut e = Entity {
        id: (!a.id.is_empty()).then(|| a.id.clone()),
        start,
        end,
        text: a.text.clone(),
        kind,
        ids,
        id_scores,
        score,
        infons,
        ..Default::default()
    };
    if let Some(ranked) = ranked {
        // `identifier` holds the ids that apply: the best candidate, or one per conjunct.
        let applicable = std::mem::replace(&mut e.ids, ranked);
        e.ids_ranked = true;
        if applicable.len() > 1 || applicable.first() != e.ids.first() {
            e.conjunct_ids = applicable;
        }
    }
    if !concept_ids.is_empty() && concept_ids.len() != e.ids.len() {
        return fail(format!(
            "annotation {}: {} id lists in infon {CONCEPT_IDS_INFON} for {} ids",
            quote(&a.id),
            concept_ids.len(),
            e.ids.len()
        ));
    }
    e.concept_ids = concept_ids;
    if !e.id_scores.is_empty() && e.id_scores.len() != e.ids.len() {
        return fail(format!(
            "annotation {}: {} scores in infon {ID_SCORES_INFON} for {} ids",
            quote(&a.id),
            e.id_scores.len(),
            e.ids.len()
        ));
    }
    if frags.len() > 1 {
        e.fragments = frags;
    }
    for &(s, t) in frags_or_span(&e).iter() {
        if doc.slice(s, t).is_none() {
            return fail(format!(
                "annotation {}: location [{s}, {t}) is outside every passage",
                quote(&a.id)
            ));
        }
    }
    // Multi-location annotations have no agreed text convention; only contiguous ones are checked.
    if e.fragments.is_empty() {
        if let Some(t) = doc.slice(start, end) {
            if t != a.text {
                return fail(format!(
                    "annotation {} text {} does not match the text at [{start}, {end}): {}",
                    quote(&a.id),
                    quote(&a.text),
                    quote(t)
                ));
            }
        }
    }
    Ok(e)
}

fn frags_or_span(e: &Entity) -> Vec<(usize, usize)> {
    if e.fragments.is_empty() {
        vec![(e.start, e.end)]
    } else {
        e.fragments.clone()
    }
}

fn relation(r: BRelation) -> Relation {
    let kind = r
        .infons
        .get("type")
        .or_else(|| r.infons.get("relation"))
        .unwrap_or("")
        .to_string();
    Relation {
        id: (!r.id.is_empty()).then_some(r.id),
        kind,
        args: r
            .nodes
            .into_iter()
            .map(|n| RelationArg {
                role: n.role,
                target: n.refid,
            })
            .collect(),
        infons: r.infons,
    }
}

/// Builds the intermediate collection from the model (the inverse of reading).
fn from_model(corpus: &Corpus, report: &mut WriteReport) -> BCollection {
    let mut c = BCollection {
        source: corpus.source.clone(),
        date: corpus.date.clone(),
        key: corpus.key.clone(),
        infons: corpus.infons.clone(),
        documents: Vec::new(),
    };
    for doc in &corpus.documents {
        let mut bd = BDocument {
            id: doc.id.clone(),
            infons: doc.infons.clone(),
            ..Default::default()
        };
        for p in &doc.passages {
            bd.passages.push(BPassage {
                infons: p.infons.clone(),
                offset: p.offset,
                text: Some(p.text.clone()),
                ..Default::default()
            });
        }
        if bd.passages.is_empty() && !doc.entities.is_empty() {
            for e in &doc.entities {
                report.lose_entity(format!(
                    "document {}: entity {} has no passage to live in",
                    doc.id,
                    quote(&e.text)
                ));
            }
        }
        for (i, e) in doc.entities.iter().enumerate() {
            let pi = doc
                .passages
                .iter()
                .rposition(|p| p.offset <= e.start)
                .unwrap_or(0);
            let Some(bp) = bd.passages.get_mut(pi) else {
                continue;
            };
            if !e.concept_ids.is_empty() && !concept_ids_fit(e) {
                report.lose(format!(
                    "document {}: the concept ids of entity {} (one list per id, no id empty or holding ',' or '|', is what infon {CONCEPT_IDS_INFON} holds)",
                    doc.id,
                    quote(&e.text)
                ));
            }
            bp.annotations.push(annotation(e, i));
        }
        for r in &doc.relations {
            let mut infons = r.infons.clone();
            let passage = infons
                .remove(PASSAGE_INFON)
                .and_then(|p| p.parse::<usize>().ok());
            if infons.get("type").is_none() && infons.get("relation").is_none() {
                infons.0.insert(0, ("type".into(), r.kind.clone()));
            }
            let br = BRelation {
                id: r.id.clone().unwrap_or_default(),
                infons,
                nodes: r
                    .args
                    .iter()
                    .map(|a| BNode {
                        refid: a.target.clone(),
                        role: a.role.clone(),
                    })
                    .collect(),
            };
            match passage.and_then(|p| bd.passages.get_mut(p)) {
                Some(bp) => bp.relations.push(br),
                None => bd.relations.push(br),
            }
        }
        c.documents.push(bd);
    }
    c
}

/// True when the infon [`CONCEPT_IDS_INFON`] reads back as `e.concept_ids`.
fn concept_ids_fit(e: &Entity) -> bool {
    e.concept_ids.len() == e.ids.len()
        && e.concept_ids
            .iter()
            .flatten()
            .all(|id| !id.is_empty() && id.trim() == id && !id.contains([',', '|']))
}

fn annotation(e: &Entity, index: usize) -> BAnnotation {
    let mut infons = e.infons.clone();
    // Keep the stored infon strings when they still say the same thing (byte-exact round trip).
    match infons.get("type") {
        Some(t) if t == e.kind => {}
        Some(_) => infons.set("type", e.kind.clone()),
        None => infons.0.insert(0, ("type".into(), e.kind.clone())),
    }
    // `identifier` says which concepts apply; a linker's full ranking goes in its own infon.
    let ids = e.applicable_ids();
    let id_key = ID_KEYS.iter().find(|k| infons.get(k).is_some()).copied();
    match id_key {
        Some(k) if infons.get(k).map(split_ids).as_deref() != Some(ids) => {
            infons.set(k, ids.join(","))
        }
        Some(_) => {}
        None if !ids.is_empty() => infons.set("identifier", ids.join(",")),
        None => {}
    }
    let join = |v: &[f64]| v.iter().map(f64::to_string).collect::<Vec<_>>().join(",");
    if e.ids_ranked {
        infons.set(RANKED_IDS_INFON, e.ids.join(","));
    }
    if !e.concept_ids.is_empty() && concept_ids_fit(e) {
        let lists: Vec<String> = e.concept_ids.iter().map(|l| l.join("|")).collect();
        infons.set(CONCEPT_IDS_INFON, lists.join(","));
    }
    if !e.id_scores.is_empty() {
        infons.set(ID_SCORES_INFON, join(&e.id_scores));
    }
    if let Some(score) = e.score {
        infons.set(SCORE_INFON, join(&[score]));
    }
    BAnnotation {
        id: e.id.clone().unwrap_or_else(|| index.to_string()),
        infons,
        text: e.text.clone(),
        locations: frags_or_span(e)
            .into_iter()
            .map(|(s, t)| BLocation {
                offset: s,
                length: t.saturating_sub(s),
            })
            .collect(),
        line: None,
    }
}

// ---------------------------------------------------------------- JSON

/// Reads BioC JSON: a collection object, a bare list of documents, or one document.
pub fn read_json(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutcome> {
    let mut ctx = Ctx::new(opts);
    let text = decode_utf8(bytes, &mut ctx)?;
    let json_err = |e: serde_json::Error| {
        CorpusError::msg(format!("invalid BioC JSON: {e}"))
            .at_line(e.line())
            .in_file(opts.file.as_deref())
    };
    let trimmed = text.trim_start();
    let coll: BCollection = if trimmed.starts_with('[') {
        BCollection {
            documents: serde_json::from_str(&text).map_err(json_err)?,
            ..Default::default()
        }
    } else {
        // Shape first (a Value sorts keys), then a direct parse that keeps infon order.
        let v: serde_json::Value = serde_json::from_str(&text).map_err(json_err)?;
        if v.get("passages").is_some() {
            BCollection {
                documents: vec![serde_json::from_str(&text).map_err(json_err)?],
                ..Default::default()
            }
        } else if v.get("documents").is_some() {
            serde_json::from_str(&text).map_err(json_err)?
        } else {
            return Err(ctx.err(CorpusError::msg(
                "not BioC JSON: no \"documents\" or \"passages\" key",
            )));
        }
    };
    let corpus = to_model(coll, &mut ctx)?;
    Ok(ctx.finish(corpus, crate::Format::BiocJson))
}

/// Writes BioC JSON (compact, one collection object).
pub fn write_json(corpus: &Corpus) -> (String, WriteReport) {
    let mut report = WriteReport::default();
    let c = from_model(corpus, &mut report);
    let out = serde_json::to_string(&c).unwrap_or_default();
    (out, report)
}

// ---------------------------------------------------------------- XML

/// A parsed XML element (BioC files are small enough to hold as a tree).
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
    line: usize,
}

impl El {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
    fn child_text(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.text.as_str())
    }
    fn each<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn infons(&self) -> Infons {
        Infons(
            self.each("infon")
                .map(|i| (i.attr("key").unwrap_or("").to_string(), i.text.clone()))
                .collect(),
        )
    }
}

fn line_of(s: &str, pos: usize) -> usize {
    1 + memchr::memchr_iter(b'\n', &s.as_bytes()[..pos.min(s.len())]).count()
}

/// Line numbers for increasing byte positions in linear total time.
struct Lines<'s> {
    s: &'s [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: u64) -> usize {
        let pos = (pos as usize).min(self.s.len());
        if pos < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.s[self.pos..pos]).count();
        self.pos = pos;
        self.line
    }
}

fn parse_xml(s: &str) -> std::result::Result<El, CorpusError> {
    use quick_xml::events::{BytesStart, Event};
    use quick_xml::XmlVersion;
    let mut r = quick_xml::Reader::from_str(s);
    let mut stack: Vec<El> = vec![El::default()];
    let mut lines = Lines {
        s: s.as_bytes(),
        pos: 0,
        line: 1,
    };
    let open = |e: &BytesStart, line: usize| -> std::result::Result<El, CorpusError> {
        let name = e.name().as_ref().to_string();
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|x| CorpusError::msg(format!("bad attribute: {x}")).at_line(line))?;
            let v = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|x| CorpusError::msg(format!("bad attribute value: {x}")).at_line(line))?;
            attrs.push((a.key.as_ref().to_string(), v.into_owned()));
        }
        Ok(El {
            name,
            attrs,
            line,
            ..Default::default()
        })
    };
    loop {
        let pos = r.buffer_position();
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                return Err(CorpusError::msg(format!("XML is not well-formed: {e}"))
                    .at_line(line_of(s, r.error_position() as usize)))
            }
        };
        let line = lines.at(pos);
        let top = stack.len() - 1;
        match ev {
            Event::Start(e) => {
                let el = open(&e, line)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = open(&e, line)?;
                stack[top].children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => {
                        return Err(CorpusError::msg("unbalanced end tag").at_line(line));
                    }
                }
            }
            Event::Text(t) => stack[top].text.push_str(&t.xml10_content()),
            Event::CData(t) => stack[top].text.push_str(&t.xml10_content()),
            Event::GeneralRef(g) => {
                let ch = g.resolve_char_ref().map_err(|e| {
                    CorpusError::msg(format!("bad character reference: {e}")).at_line(line)
                })?;
                match ch {
                    Some(c) => stack[top].text.push(c),
                    None => {
                        let name = g.xml10_content();
                        let v = quick_xml::escape::resolve_predefined_entity(&name).ok_or_else(
                            || CorpusError::msg(format!("unknown entity &{name};")).at_line(line),
                        )?;
                        stack[top].text.push_str(v);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        let open = stack.last().map(|e| e.name.clone()).unwrap_or_default();
        return Err(CorpusError::msg(format!(
            "unexpected end of file: <{open}> is not closed (truncated?)"
        ))
        .at_line(line_of(s, s.len())));
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find(|c| c.name == "collection")
        .ok_or_else(|| CorpusError::msg("no <collection> element"))
}

fn num(el: &El, what: &str, v: Option<&str>) -> std::result::Result<usize, CorpusError> {
    let v = v.unwrap_or("").trim();
    v.parse().map_err(|_| {
        CorpusError::msg(format!("bad {what} {} (a whole number expected)", quote(v)))
            .at_line(el.line)
    })
}

fn xml_to_collection(root: &El, ctx: &mut Ctx) -> Result<BCollection> {
    let mut c = BCollection {
        source: root.child_text("source").unwrap_or("").to_string(),
        date: root.child_text("date").unwrap_or("").to_string(),
        key: root.child_text("key").unwrap_or("").to_string(),
        infons: root.infons(),
        documents: Vec::new(),
    };
    for d in root.each("document") {
        let id = d.child_text("id").unwrap_or("").to_string();
        let mut bd = BDocument {
            id: id.clone(),
            infons: d.infons(),
            line: Some(d.line),
            ..Default::default()
        };
        for p in d.each("passage") {
            let offset = match num(p, "passage offset", p.child_text("offset")) {
                Ok(o) => o,
                Err(e) => {
                    ctx.skip(e.in_doc(id.clone()))?;
                    continue;
                }
            };
            let mut bp = BPassage {
                infons: p.infons(),
                offset,
                text: p.child_text("text").map(str::to_string),
                line: Some(p.line),
                ..Default::default()
            };
            if bp.text.is_none() && p.each("sentence").next().is_none() {
                bp.text = Some(String::new());
            }
            for a in p.each("annotation") {
                let mut locs = Vec::new();
                let mut bad = None;
                for l in a.each("location") {
                    match (
                        num(l, "location offset", l.attr("offset")),
                        num(l, "location length", l.attr("length")),
                    ) {
                        (Ok(offset), Ok(length)) => locs.push(BLocation { offset, length }),
                        (Err(e), _) | (_, Err(e)) => bad = Some(e),
                    }
                }
                if let Some(e) = bad {
                    ctx.skip(e.in_doc(id.clone()))?;
                    continue;
                }
                bp.annotations.push(BAnnotation {
                    id: a.attr("id").unwrap_or("").to_string(),
                    infons: a.infons(),
                    text: a.child_text("text").unwrap_or("").to_string(),
                    locations: locs,
                    line: Some(a.line),
                });
            }
            bp.relations = p.each("relation").map(xml_relation).collect();
            bd.passages.push(bp);
        }
        bd.relations = d.each("relation").map(xml_relation).collect();
        c.documents.push(bd);
    }
    Ok(c)
}

fn xml_relation(r: &El) -> BRelation {
    BRelation {
        id: r.attr("id").unwrap_or("").to_string(),
        infons: r.infons(),
        nodes: r
            .each("node")
            .map(|n| BNode {
                refid: n.attr("refid").unwrap_or("").to_string(),
                role: n.attr("role").unwrap_or("").to_string(),
            })
            .collect(),
    }
}

/// Reads BioC XML.
pub fn read_xml(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutcome> {
    let mut ctx = Ctx::new(opts);
    let text = decode_utf8(bytes, &mut ctx)?;
    // A malformed file cannot be partly trusted, so this is an error even in lenient mode.
    let root = parse_xml(&text).map_err(|e| ctx.err(e))?;
    let coll = xml_to_collection(&root, &mut ctx)?;
    let corpus = to_model(coll, &mut ctx)?;
    Ok(ctx.finish(corpus, crate::Format::BiocXml))
}

/// True for a character XML 1.0 allows in a document (its `Char` production; Rust strings hold
/// no surrogates).
fn xml10_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{a}' | '\u{d}' | '\u{20}'..='\u{fffd}' | '\u{10000}'..)
}

/// XML output that escapes markup and replaces characters XML 1.0 forbids (NUL and other control
/// characters, U+FFFE, U+FFFF) by U+FFFD, counting them: one character for one keeps every
/// offset valid, and the count is reported.
#[derive(Default)]
struct Xml {
    out: String,
    replaced: usize,
}

impl Xml {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn esc(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                '"' => self.out.push_str("&quot;"),
                // Attribute normalization would turn raw tabs/newlines into spaces.
                '\n' => self.out.push_str("&#10;"),
                '\r' => self.out.push_str("&#13;"),
                '\t' => self.out.push_str("&#9;"),
                c if !xml10_char(c) => {
                    self.replaced += 1;
                    self.out.push('\u{fffd}');
                }
                c => self.out.push(c),
            }
        }
    }

    /// Reports the characters replaced since the last call, as an alteration of `what`.
    fn report(&mut self, what: &str, report: &mut WriteReport) {
        if self.replaced > 0 {
            report.alter(format!(
                "{what}: {} characters not allowed in XML 1.0 (control characters, U+FFFE, U+FFFF) written as U+FFFD",
                self.replaced
            ));
            self.replaced = 0;
        }
    }

    fn infons(&mut self, infons: &Infons) {
        for (k, v) in infons.iter() {
            self.raw("<infon key=\"");
            self.esc(k);
            self.raw("\">");
            self.esc(v);
            self.raw("</infon>\n");
        }
    }

    fn relation(&mut self, r: &BRelation) {
        self.raw("<relation id=\"");
        self.esc(&r.id);
        self.raw("\">\n");
        self.infons(&r.infons);
        for n in &r.nodes {
            self.raw("<node refid=\"");
            self.esc(&n.refid);
            self.raw("\" role=\"");
            self.esc(&n.role);
            self.raw("\"/>\n");
        }
        self.raw("</relation>\n");
    }
}

/// Writes BioC XML: always well-formed XML 1.0 (forbidden characters are replaced and reported).
pub fn write_xml(corpus: &Corpus) -> (String, WriteReport) {
    let mut report = WriteReport::default();
    let c = from_model(corpus, &mut report);
    let mut o = Xml {
        out: String::with_capacity(1 << 16),
        replaced: 0,
    };
    o.raw("<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE collection SYSTEM 'BioC.dtd'>\n<collection>\n");
    for (tag, v) in [("source", &c.source), ("date", &c.date), ("key", &c.key)] {
        o.raw(&format!("<{tag}>"));
        o.esc(v);
        o.raw(&format!("</{tag}>\n"));
    }
    o.infons(&c.infons);
    o.report("collection", &mut report);
    for d in &c.documents {
        o.raw("<document>\n<id>");
        o.esc(&d.id);
        o.raw("</id>\n");
        o.infons(&d.infons);
        for p in &d.passages {
            o.raw("<passage>\n");
            o.infons(&p.infons);
            o.raw(&format!("<offset>{}</offset>\n<text>", p.offset));
            o.esc(p.text.as_deref().unwrap_or(""));
            o.raw("</text>\n");
            for a in &p.annotations {
                o.raw("<annotation id=\"");
                o.esc(&a.id);
                o.raw("\">\n");
                o.infons(&a.infons);
                for l in &a.locations {
                    o.raw(&format!(
                        "<location offset=\"{}\" length=\"{}\"/>\n",
                        l.offset, l.length
                    ));
                }
                o.raw("<text>");
                o.esc(&a.text);
                o.raw("</text>\n</annotation>\n");
            }
            for r in &p.relations {
                o.relation(r);
            }
            o.raw("</passage>\n");
        }
        for r in &d.relations {
            o.relation(r);
        }
        o.raw("</document>\n");
        o.report(&format!("document {}", d.id), &mut report);
    }
    o.raw("</collection>\n");
    (o.out, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    const XML: &str = "<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE collection SYSTEM 'BioC.dtd'>\n<collection>\n<source>PubTator</source>\n<date>2024</date>\n<key>BioC.key</key>\n<document>\n<id>123</id>\n<passage>\n<infon key=\"type\">title</infon>\n<offset>0</offset>\n<text>IFN-γ &amp; TNF in A&lt;B</text>\n<annotation id=\"1\">\n<infon key=\"identifier\">MESH:D007371</infon>\n<infon key=\"type\">Chemical</infon>\n<location offset=\"0\" length=\"5\"/>\n<text>IFN-γ</text>\n</annotation>\n</passage>\n<passage>\n<infon key=\"type\">abstract</infon>\n<offset>20</offset>\n<text>Breast and ovarian cancer.</text>\n<annotation id=\"2\">\n<infon key=\"type\">Disease</infon>\n<infon key=\"identifier\">D001943;D010051</infon>\n<location offset=\"20\" length=\"6\"/>\n<location offset=\"39\" length=\"6\"/>\n<text>Breast cancer</text>\n</annotation>\n<relation id=\"P1\">\n<infon key=\"type\">Assoc</infon>\n<node refid=\"2\" role=\"x\"/>\n</relation>\n</passage>\n<relation id=\"R1\">\n<infon key=\"type\">CID</infon>\n<node refid=\"1\" role=\"Chemical\"/>\n<node refid=\"2\" role=\"Disease\"/>\n</relation>\n</document>\n</collection>\n";

    #[test]
    fn reads_xml_with_escapes_unicode_discontinuous_and_relations() {
        let r = read_xml(XML.as_bytes(), &ReadOptions::default()).unwrap();
        let d = &r.corpus.documents[0];
        assert_eq!(d.passages[0].text, "IFN-γ & TNF in A<B");
        assert_eq!(d.entities[0].ids, ["MESH:D007371"]);
        assert_eq!(d.entities[1].fragments, vec![(20, 26), (39, 45)]);
        assert_eq!(d.entities[1].ids, ["D001943", "D010051"]);
        assert_eq!(d.relations.len(), 2);
        assert_eq!(d.relations[1].args[1].target, "2");
        assert_eq!(r.corpus.source, "PubTator");
    }

    #[test]
    fn xml_and_json_round_trip_byte_for_byte() {
        let r = read_xml(XML.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(write_xml(&r.corpus).0, XML);
        let (json, _) = write_json(&r.corpus);
        let back = read_json(json.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(back.corpus, r.corpus);
        assert_eq!(write_json(&back.corpus).0, json);
    }

    /// Issue: the XML writer emitted NUL, \x07, \x1b and U+FFFE, which no XML 1.0 parser
    /// accepts. They are replaced (one character for one: offsets stay valid) and reported.
    #[test]
    fn xml_output_is_well_formed_xml_1_0_and_replacements_are_reported() {
        let mut r = read_xml(XML.as_bytes(), &ReadOptions::default()).unwrap();
        let d = &mut r.corpus.documents[0];
        d.passages[1].text = "Breast\0and\u{7}ovarian\u{1b}cancer\u{fffe}".into();
        d.infons.set("note", "bell\u{7}");
        let (x, rep) = write_xml(&r.corpus);
        assert!(x.chars().all(xml10_char), "{x:?}");
        assert!(!x.contains(['\0', '\u{7}', '\u{1b}', '\u{fffe}']));
        assert_eq!(rep.altered.len(), 1, "{:?}", rep.altered);
        assert!(rep.altered[0].starts_with("document 123: 5 characters not allowed in XML 1.0"));
        // What was written reads back, offsets intact.
        let back = read_xml(x.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(
            back.corpus.documents[0].passages[1].text,
            "Breast\u{fffd}and\u{fffd}ovarian\u{fffd}cancer\u{fffd}"
        );
    }

    #[test]
    fn ranked_ids_go_to_an_infon_and_identifier_holds_the_answer() {
        let mut r = read_xml(XML.as_bytes(), &ReadOptions::default()).unwrap();
        let e = &mut r.corpus.documents[0].entities[1];
        e.ids = vec!["D1".into(), "D2".into(), "D3".into()];
        e.id_scores = vec![0.75, 0.5, 0.25];
        e.ids_ranked = true;
        e.conjunct_ids = vec!["D1".into(), "D2".into()];
        e.score = Some(0.125);
        e.infons.set("identifier", "D1,D2");
        for f in [Format::BiocXml, Format::BiocJson] {
            let (x, _) = crate::write_string(&r.corpus, f).unwrap();
            if f == Format::BiocXml {
                assert!(x.contains("<infon key=\"identifier\">D1,D2</infon>"), "{x}");
                assert!(
                    x.contains("<infon key=\"kbner.ranked_ids\">D1,D2,D3</infon>"),
                    "{x}"
                );
            }
            let back = crate::read_bytes(x.as_bytes(), f, &ReadOptions::default()).unwrap();
            assert_eq!(
                back.corpus.documents[0].entities, r.corpus.documents[0].entities,
                "{f}"
            );
            assert_eq!(crate::write_string(&back.corpus, f).unwrap().0, x, "{f}");
        }
    }

    /// `kbner link` reports every id of each candidate concept; BioC and kbner JSONL keep them,
    /// PubTator (one id per concept) says it lost them.
    #[test]
    fn concept_ids_go_to_an_infon_and_round_trip() {
        let mut r = read_xml(XML.as_bytes(), &ReadOptions::default()).unwrap();
        let e = &mut r.corpus.documents[0].entities[1];
        e.ids = vec!["MESH:D009203".into(), "MESH:D003920".into()];
        e.ids_ranked = true;
        e.concept_ids = vec![
            vec!["OMIM:608446".into(), "MESH:D009203".into()],
            vec!["MESH:D003920".into()],
        ];
        for f in [Format::BiocXml, Format::BiocJson, Format::Jsonl] {
            let (x, rep) = crate::write_string(&r.corpus, f).unwrap();
            assert!(
                !rep.lost.iter().any(|l| l.contains("ids")),
                "{f}: {:?}",
                rep.lost
            );
            if f == Format::BiocXml {
                assert!(
                    x.contains(
                        "<infon key=\"kbner.concept_ids\">OMIM:608446|MESH:D009203,MESH:D003920</infon>"
                    ),
                    "{x}"
                );
            }
            let back = crate::read_bytes(x.as_bytes(), f, &ReadOptions::default()).unwrap();
            assert_eq!(
                back.corpus.documents[0].entities[1].concept_ids,
                r.corpus.documents[0].entities[1].concept_ids,
                "{f}"
            );
        }
        let (_, rep) = crate::write_string(&r.corpus, Format::Pubtator).unwrap();
        assert!(
            rep.lost
                .iter()
                .any(|l| l.contains("other ids of the concepts of 1 mentions")),
            "{:?}",
            rep.lost
        );
        // An id the infon cannot hold is reported lost, not written to read back wrong.
        let mut odd = r.corpus.clone();
        odd.documents[0].entities[1].concept_ids[1] = vec!["MESH:D003920,X".into()];
        let (x, rep) = write_xml(&odd);
        assert!(!x.contains("kbner.concept_ids"), "{x}");
        assert!(
            rep.lost
                .iter()
                .any(|l| l.contains("the concept ids of entity")),
            "{:?}",
            rep.lost
        );
        // A list count that does not match the ids is an error, not a silent mismatch.
        let (x, _) = write_xml(&r.corpus);
        let bad = x.replace("OMIM:608446|MESH:D009203,MESH:D003920", "OMIM:608446");
        let err = read_xml(bad.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert!(err.to_string().contains("1 id lists"), "{err}");
    }

    #[test]
    fn changed_ids_and_types_replace_stored_infons() {
        let mut r = read_xml(XML.as_bytes(), &ReadOptions::default()).unwrap();
        r.corpus.documents[0].entities[0].ids = vec!["D1".into(), "D2".into()];
        let (x, _) = write_xml(&r.corpus);
        assert!(x.contains("<infon key=\"identifier\">D1,D2</infon>"));
    }

    #[test]
    fn bad_xml_and_bad_annotations_are_located() {
        let truncated = &XML[..XML.len() / 2];
        let e = read_xml(truncated.as_bytes(), &ReadOptions::for_file("t.xml")).unwrap_err();
        assert!(e.to_string().starts_with("t.xml:"), "{e}");
        assert!(e.line.is_some());
        let mism = XML.replace("<text>IFN-γ</text>", "<text>IFN-g</text>");
        let e = read_xml(mism.as_bytes(), &ReadOptions::for_file("m.xml")).unwrap_err();
        assert_eq!(e.doc.as_deref(), Some("123"));
        assert_eq!(e.line, Some(13));
        assert!(e.message.contains("does not match"), "{e}");
        let out = XML.replace("offset=\"39\"", "offset=\"390\"");
        let e = read_xml(out.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert!(e.message.contains("outside"), "{e}");
        let badtag = XML.replace("</passage>\n<passage>", "</pasage>\n<passage>");
        assert!(read_xml(badtag.as_bytes(), &ReadOptions::default()).is_err());
        let lenient = ReadOptions {
            lenient: true,
            file: None,
        };
        let r = read_xml(mism.as_bytes(), &lenient).unwrap();
        assert_eq!(
            (r.corpus.documents[0].entities.len(), r.skipped.len()),
            (1, 1)
        );
        let e = read_json(
            b"{\"documents\": [{\"id\": 1",
            &ReadOptions::for_file("j.json"),
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("j.json:1: invalid BioC JSON"),
            "{e}"
        );
    }

    #[test]
    fn a_kbner_infon_given_twice_is_an_error() {
        // Found by fuzzing: a second "kbner.ranked_ids" stayed an ordinary infon and was written
        // back beside the one made from the entity, so the file changed on every read and write.
        let json = r#"{"documents":[{"id":"1","passages":[{"offset":0,"text":"cancer","annotations":[{"id":"A","infons":{"type":"Disease","identifier":"D1","kbner.ranked_ids":"D1,D2","kbner.ranked_ids":"D2"},"text":"cancer","locations":[{"offset":0,"length":6}]}]}]}]}"#;
        let e = read_json(json.as_bytes(), &ReadOptions::for_file("d.json")).unwrap_err();
        assert!(
            e.to_string()
                .contains("infon kbner.ranked_ids appears more than once"),
            "{e}"
        );
    }
}
