//! OBO 1.2/1.4 ontologies (`[Term]` stanzas): ids, names, scoped synonyms, definitions, `is_a`,
//! xrefs and alternative ids. Obsolete terms are skipped and counted.

use crate::error::{KbError, Result};
use crate::lines::for_each_text_line;
use crate::model::{Atom, Definition, Relation, RelationKind, Suppress, SynonymScope};
use crate::semtypes::SemanticType;
use crate::sort_records::{seq, valid_id, Batch, BatchSink, ConceptItem};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What an OBO file contributed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OboCounts {
    /// The `ontology:` header (or the file stem).
    pub ontology: String,
    /// The `data-version:` header.
    pub data_version: String,
    /// Terms loaded.
    pub terms: u64,
    /// Obsolete terms skipped.
    pub obsolete_skipped: u64,
    /// Synonyms loaded.
    pub synonyms: u64,
    /// `is_a` links loaded.
    pub is_a: u64,
    /// Non-term stanzas (`[Typedef]`, `[Instance]`) skipped.
    pub other_stanzas: u64,
    /// `[Term]` stanzas skipped under `--lenient` because an earlier stanza had their id.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub duplicate_terms_skipped: u64,
    /// Terms left out because they are outside the kept branches (`--obo-root`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub outside_roots: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What reading an OBO file gave besides its records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OboRead {
    /// Counters (stored in the manifest).
    pub counts: OboCounts,
    /// Problems skipped under `--lenient`, in words.
    pub warnings: Vec<String>,
}

#[derive(Default)]
struct Term {
    line: u64,
    id: String,
    name: String,
    synonyms: Vec<(String, SynonymScope)>,
    def: Option<String>,
    is_a: Vec<String>,
    xrefs: Vec<String>,
    alt_ids: Vec<String>,
    obsolete: bool,
}

/// Reads `path`, sending batches of records to `push`. `ordinal` tags the items' sequence numbers.
/// With `keep`, only the terms it holds are loaded (the others are counted, see [`branches`]).
///
/// `semantic_type`, when given, is attached to every term (ontologies carry no UMLS types; e.g. HPO
/// terms as `DISO` or `Sign or Symptom`). Two `[Term]` stanzas with one id fail the read, naming
/// both lines; under `lenient` the first is kept and the others are skipped and counted.
pub fn read_obo(
    path: &Path,
    ordinal: u32,
    semantic_type: Option<&SemanticType>,
    keep: Option<&HashSet<String>>,
    lenient: bool,
    push: BatchSink<'_>,
) -> Result<OboRead> {
    let mut out = TermSink {
        path,
        keep,
        sab: String::new(),
        ordinal,
        semantic_type,
        lenient,
        batch: Batch::default(),
        counts: OboCounts::default(),
        n: 0,
        first_line: HashMap::new(),
        duplicate_example: None,
    };
    let mut in_header = true;
    let mut in_term = false;
    let mut term = Term::default();
    for_each_text_line(path, |line_no, line| {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('!') {
            return Ok(());
        }
        if line.starts_with('[') {
            if in_header {
                in_header = false;
                if out.sab.is_empty() {
                    out.sab = file_stem_upper(path);
                    out.counts.ontology = out.sab.to_lowercase();
                }
            }
            if in_term {
                out.emit(std::mem::take(&mut term))?;
            }
            in_term = line.trim_end() == "[Term]";
            if !in_term {
                out.counts.other_stanzas += 1;
            }
            term.line = line_no;
            if out.batch.items.len() > 50_000 {
                push(&out.batch)?;
                out.batch = Batch::default();
            }
            return Ok(());
        }
        let Some((tag, value)) = line.split_once(':') else {
            return Err(KbError::parse(
                path,
                line_no,
                None,
                format!("expected 'tag: value', found {line:?}"),
            ));
        };
        let value = value.trim();
        if in_header {
            match tag {
                "ontology" => {
                    // Some files write `ontology: hp.obo`; the ontology is `hp`.
                    let name = value.strip_suffix(".obo").unwrap_or(value);
                    out.counts.ontology = name.to_string();
                    out.sab = name.to_uppercase();
                }
                "data-version" => out.counts.data_version = value.to_string(),
                _ => {}
            }
            return Ok(());
        }
        if !in_term {
            return Ok(());
        }
        match tag {
            "id" => term.id = strip_comment(value).to_string(),
            "name" => term.name = strip_comment(value).to_string(),
            "synonym" | "exact_synonym" | "related_synonym" | "broad_synonym"
            | "narrow_synonym" => {
                let (text, rest) = quoted(value).ok_or_else(|| {
                    KbError::parse(
                        path,
                        line_no,
                        Some((1, tag)),
                        "synonym text must be a quoted string",
                    )
                })?;
                let scope_word = match tag {
                    "exact_synonym" => "EXACT",
                    "related_synonym" => "RELATED",
                    "broad_synonym" => "BROAD",
                    "narrow_synonym" => "NARROW",
                    _ => rest.split_whitespace().next().unwrap_or("RELATED"),
                };
                let scope = match scope_word {
                    "EXACT" => SynonymScope::Exact,
                    "RELATED" => SynonymScope::Related,
                    "BROAD" => SynonymScope::Broad,
                    "NARROW" => SynonymScope::Narrow,
                    other => {
                        return Err(KbError::parse(
                            path,
                            line_no,
                            Some((1, tag)),
                            format!("unknown synonym scope {other:?} (expected EXACT, RELATED, BROAD or NARROW)"),
                        ))
                    }
                };
                term.synonyms.push((text, scope));
            }
            "def" => {
                let (text, _) = quoted(value).ok_or_else(|| {
                    KbError::parse(
                        path,
                        line_no,
                        Some((1, tag)),
                        "definition must be a quoted string",
                    )
                })?;
                term.def = Some(text);
            }
            "is_a" => {
                if let Some(id) = strip_comment(value).split_whitespace().next() {
                    term.is_a.push(id.to_string());
                }
            }
            "xref" => {
                if let Some(x) = strip_comment(value).split_whitespace().next() {
                    term.xrefs.push(x.to_string());
                }
            }
            "alt_id" => term.alt_ids.push(strip_comment(value).to_string()),
            "is_obsolete" => term.obsolete = strip_comment(value) == "true",
            _ => {}
        }
        Ok(())
    })?;
    if in_term {
        out.emit(term)?;
    }
    push(&out.batch)?;
    let mut warnings = Vec::new();
    if let Some((id, first, again)) = &out.duplicate_example {
        warnings.push(format!(
            "{}: skipped {} [Term] stanza(s) whose id an earlier stanza has (--lenient; the first is kept), e.g. {id} at lines {first} and {again}",
            path.display(),
            out.counts.duplicate_terms_skipped
        ));
    }
    Ok(OboRead {
        counts: out.counts,
        warnings,
    })
}

/// The ids of the terms of `path` that are one of `roots` or descend from one through `is_a`
/// (e.g. HPO's *Phenotypic abnormality*, `HP:0000118`, without its modifiers and frequencies). A
/// root that is not a term of the file is an error.
pub fn branches(path: &Path, roots: &[String]) -> Result<HashSet<String>> {
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    let mut ids: HashSet<String> = HashSet::new();
    let (mut in_term, mut id) = (false, String::new());
    for_each_text_line(path, |_, line| {
        let line = line.trim();
        if line.starts_with('[') {
            in_term = line == "[Term]";
            id.clear();
        } else if in_term {
            if let Some(v) = line.strip_prefix("id:") {
                id = strip_comment(v.trim()).to_string();
                ids.insert(id.clone());
            } else if let Some(v) = line.strip_prefix("is_a:") {
                if let Some(parent) = strip_comment(v.trim()).split_whitespace().next() {
                    children
                        .entry(parent.to_string())
                        .or_default()
                        .push(id.clone());
                }
            }
        }
        Ok(())
    })?;
    let mut keep: HashSet<String> = HashSet::new();
    let mut todo: Vec<String> = Vec::new();
    for r in roots {
        if !ids.contains(r) {
            return Err(KbError::Invalid(format!(
                "--obo-root {r}: no [Term] with this id in {}",
                path.display()
            )));
        }
        todo.push(r.clone());
    }
    while let Some(t) = todo.pop() {
        if keep.insert(t.clone()) {
            todo.extend(children.get(&t).into_iter().flatten().cloned());
        }
    }
    Ok(keep)
}

fn file_stem_upper(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_uppercase())
        .unwrap_or_else(|| "OBO".into())
}

/// Drops a trailing `{modifiers}` and `! comment` from an unquoted value.
fn strip_comment(value: &str) -> &str {
    let v = value.split(" !").next().unwrap_or(value);
    let v = match v.rfind(" {") {
        Some(p) if v.ends_with('}') => &v[..p],
        _ => v,
    };
    v.trim()
}

/// Parses a leading quoted string with `\"`, `\\`, `\n`, `\t` escapes; returns it and the rest.
fn quoted(value: &str) -> Option<(String, &str)> {
    let rest = value.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, e)) => out.push(e),
                None => return None,
            },
            '"' => return Some((out, rest[i + 1..].trim())),
            c => out.push(c),
        }
    }
    None
}

/// Where finished `[Term]` stanzas go: the batch being filled, counters, and the ids seen.
struct TermSink<'a> {
    path: &'a Path,
    sab: String,
    ordinal: u32,
    semantic_type: Option<&'a SemanticType>,
    lenient: bool,
    batch: Batch,
    counts: OboCounts,
    /// Running item counter for sequence numbers.
    n: u64,
    /// Line of the stanza that first had each id.
    first_line: HashMap<String, u64>,
    /// (id, first line, later line) of the first duplicate skipped under `--lenient`.
    duplicate_example: Option<(String, u64, u64)>,
    /// The terms to load, when not all.
    keep: Option<&'a HashSet<String>>,
}

impl TermSink<'_> {
    fn emit(&mut self, t: Term) -> Result<()> {
        let path = self.path;
        if t.id.is_empty() {
            return Err(KbError::parse(
                path,
                t.line,
                None,
                "[Term] stanza without an id",
            ));
        }
        if !valid_id(&t.id) {
            return Err(KbError::parse(
                path,
                t.line,
                Some((1, "id")),
                format!("invalid id {:?}", t.id),
            ));
        }
        if let Some(&first) = self.first_line.get(&t.id) {
            if !self.lenient {
                return Err(KbError::parse(
                    path,
                    t.line,
                    Some((1, "id")),
                    format!(
                        "duplicate [Term] id {} (first at line {first}); ids must be unique within a file (--lenient keeps the first stanza and skips the others)",
                        t.id
                    ),
                ));
            }
            self.counts.duplicate_terms_skipped += 1;
            self.duplicate_example
                .get_or_insert_with(|| (t.id.clone(), first, t.line));
            return Ok(());
        }
        self.first_line.insert(t.id.clone(), t.line);
        if t.obsolete {
            self.counts.obsolete_skipped += 1;
            return Ok(());
        }
        if self.keep.is_some_and(|k| !k.contains(&t.id)) {
            self.counts.outside_roots += 1;
            return Ok(());
        }
        let (sab, ordinal) = (self.sab.as_str(), self.ordinal);
        let (batch, counts, n) = (&mut self.batch, &mut self.counts, &mut self.n);
        let id = t.id.as_str();
        let mut next = || {
            *n += 1;
            seq(ordinal, *n)
        };
        let atom = |name: &str, tty: &str, scope: Option<SynonymScope>| Atom {
            name: name.to_string(),
            sab: sab.to_string(),
            tty: tty.to_string(),
            code: id.to_string(),
            lang: "ENG".into(),
            suppress: Suppress::N,
            ispref: scope.is_none(),
            ts: if scope.is_none() { "P" } else { "S" }.into(),
            stt: if scope.is_none() { "PF" } else { "" }.into(),
            aui: String::new(),
            scope,
        };
        if !t.name.is_empty() {
            batch.atom(id, next(), atom(&t.name, "PT", None));
        }
        for (syn, scope) in &t.synonyms {
            counts.synonyms += 1;
            batch.atom(id, next(), atom(syn, "SY", Some(*scope)));
        }
        if let Some(st) = self.semantic_type {
            batch.item(id, next(), &ConceptItem::Type(st.clone()));
        }
        if let Some(def) = t.def {
            batch.item(
                id,
                next(),
                &ConceptItem::Definition(Definition {
                    source: sab.to_string(),
                    text: def,
                }),
            );
        }
        for parent in &t.is_a {
            counts.is_a += 1;
            let rel = |kind, target: &str| {
                ConceptItem::Relation(Relation {
                    kind,
                    target: target.to_string(),
                    rel: "is_a".into(),
                    rela: String::new(),
                    source: sab.to_string(),
                })
            };
            batch.item(id, next(), &rel(RelationKind::Parent, parent));
            if valid_id(parent) {
                batch.item(parent, next(), &rel(RelationKind::Child, id));
            }
        }
        for x in t.xrefs.iter().chain(&t.alt_ids) {
            batch.item(id, next(), &ConceptItem::Xref(x.clone()));
            match x.split_once(':') {
                Some((prefix, local)) if !t.alt_ids.contains(x) => batch.code(prefix, local, id),
                _ => batch.code(sab, x, id),
            }
        }
        counts.terms += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branches_are_the_roots_and_their_is_a_descendants() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.obo");
        std::fs::write(
            &path,
            "format-version: 1.2\n\n[Term]\nid: T:1\nname: All\n\n[Term]\nid: T:2\nname: Abnormality\nis_a: T:1\n\n\
             [Term]\nid: T:3\nname: Seizure\nis_a: T:2 ! Abnormality\n\n[Term]\nid: T:4\nname: Mild\nis_a: T:1\n\n\
             [Term]\nid: T:5\nname: Focal seizure\nis_a: T:3\nis_a: T:4\n",
        )
        .unwrap();
        let mut kept: Vec<String> = branches(&path, &["T:2".into()])
            .unwrap()
            .into_iter()
            .collect();
        kept.sort();
        assert_eq!(kept, ["T:2", "T:3", "T:5"]);
        let err = branches(&path, &["T:9".into()]).unwrap_err().to_string();
        assert!(err.contains("T:9") && err.contains("t.obo"), "{err}");
    }

    #[test]
    fn quoted_strings_and_comments() {
        assert_eq!(
            quoted(r#""a \"b\" c" EXACT []"#),
            Some(("a \"b\" c".into(), "EXACT []"))
        );
        assert_eq!(quoted(r#""open"#), None);
        assert_eq!(
            strip_comment("HP:0000118 ! Phenotypic abnormality"),
            "HP:0000118"
        );
        assert_eq!(strip_comment("HP:1 {source=\"x\"}"), "HP:1");
    }
}
