//! Plain dictionaries: MEDIC (`ID[|ID…]||name[|synonym…]`) and a simple `id<TAB>name[<TAB>type]` TSV.

use crate::error::{KbError, Result};
use crate::lines::for_each_text_line;
use crate::model::{Atom, Suppress};
use crate::semtypes::{resolve_type, SemanticType};
use crate::sort_records::{seq, valid_id, Batch, BatchSink, ConceptItem};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// Dictionary file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DictFormat {
    /// CTD MEDIC as distributed with BioSyn: `ID[|ID…]||name[|synonym…]`; MeSH ids (`D…`, `C…`) get
    /// the `MESH:` prefix, bare numbers `OMIM:`; every concept is typed as a disorder (group DISO).
    Medic,
    /// `id<TAB>name[<TAB>type]`, one name per line; the first line of an id gives its preferred
    /// name, later lines synonyms; `#` lines and an `id<TAB>name…` header are skipped.
    Tsv,
}

impl std::str::FromStr for DictFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "medic" => Ok(DictFormat::Medic),
            "tsv" => Ok(DictFormat::Tsv),
            other => Err(format!(
                "unknown dictionary format {other:?} (expected medic or tsv)"
            )),
        }
    }
}

/// What a dictionary contributed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictCounts {
    /// Source abbreviation given to its atoms.
    pub sab: String,
    /// Lines read.
    pub lines: u64,
    /// Distinct concept ids.
    pub concepts: u64,
    /// Names loaded.
    pub names: u64,
}

/// MEDIC id as a prefixed concept id: `D012711` → `MESH:D012711`, `613097` → `OMIM:613097`.
pub fn medic_id(raw: &str) -> String {
    let raw = raw.trim();
    if raw.contains(':') {
        return raw.to_string();
    }
    let b = raw.as_bytes();
    if b.len() > 1 && (b[0] == b'D' || b[0] == b'C') && b[1..].iter().all(u8::is_ascii_digit) {
        format!("MESH:{raw}")
    } else if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        format!("OMIM:{raw}")
    } else {
        raw.to_string()
    }
}

fn atom(name: &str, sab: &str, code: &str, preferred: bool) -> Atom {
    Atom {
        name: name.to_string(),
        sab: sab.to_string(),
        tty: if preferred { "PT" } else { "SY" }.into(),
        code: code.to_string(),
        lang: "ENG".into(),
        suppress: Suppress::N,
        ispref: preferred,
        ts: if preferred { "P" } else { "S" }.into(),
        stt: if preferred { "PF" } else { "" }.into(),
        aui: String::new(),
        scope: None,
    }
}

/// Reads a dictionary, sending batches to `push`.
pub fn read_dict(
    path: &Path,
    format: DictFormat,
    ordinal: u32,
    push: BatchSink<'_>,
) -> Result<DictCounts> {
    let sab = match format {
        DictFormat::Medic => "MEDIC".to_string(),
        DictFormat::Tsv => path
            .file_stem()
            .map(|s| s.to_string_lossy().to_uppercase())
            .unwrap_or_else(|| "DICT".into()),
    };
    let disease = SemanticType {
        tui: String::new(),
        name: "Disease".into(),
        tree: String::new(),
        group: "DISO".into(),
    };
    let mut counts = DictCounts {
        sab: sab.clone(),
        ..Default::default()
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut batch = Batch::default();
    let mut n = 0u64;
    for_each_text_line(path, |line_no, line| {
        if line.trim().is_empty() || line.starts_with('#') {
            return Ok(());
        }
        counts.lines += 1;
        let mut next = || {
            n += 1;
            seq(ordinal, n)
        };
        match format {
            DictFormat::Medic => {
                let (ids, names) = line.split_once("||").ok_or_else(|| {
                    KbError::parse(path, line_no, None, "expected 'ID[|ID…]||name[|synonym…]'")
                })?;
                let ids: Vec<&str> = ids
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                let Some(first) = ids.first() else {
                    return Err(KbError::parse(
                        path,
                        line_no,
                        Some((1, "ID")),
                        "no concept id",
                    ));
                };
                let id = medic_id(first);
                if !valid_id(&id) {
                    return Err(KbError::parse(
                        path,
                        line_no,
                        Some((1, "ID")),
                        format!("invalid id {first:?}"),
                    ));
                }
                let mut names = names.split('|').map(str::trim).filter(|s| !s.is_empty());
                let Some(name) = names.next() else {
                    return Err(KbError::parse(path, line_no, Some((2, "name")), "no name"));
                };
                let fresh = seen.insert(id.clone());
                if fresh {
                    counts.concepts += 1;
                    batch.item(&id, next(), &ConceptItem::Type(disease.clone()));
                }
                let local = id
                    .split_once(':')
                    .map(|(_, l)| l)
                    .unwrap_or(&id)
                    .to_string();
                batch.atom(&id, next(), atom(&unescape_xml(name), &sab, &local, fresh));
                counts.names += 1;
                for syn in names {
                    batch.atom(&id, next(), atom(&unescape_xml(syn), &sab, &local, false));
                    counts.names += 1;
                }
                for other in &ids {
                    let full = medic_id(other);
                    if let Some((prefix, local)) = full.split_once(':') {
                        batch.code(prefix, local, &id);
                    }
                    if full != id {
                        batch.item(&id, next(), &ConceptItem::Xref(full));
                    }
                }
            }
            DictFormat::Tsv => {
                let cols: Vec<&str> = line.split('\t').collect();
                if line_no == 1 && cols[0].trim().eq_ignore_ascii_case("id") {
                    return Ok(()); // header
                }
                if cols.len() < 2 {
                    return Err(KbError::parse(
                        path,
                        line_no,
                        None,
                        "expected id<TAB>name[<TAB>type]",
                    ));
                }
                let id = cols[0].trim();
                if !valid_id(id) {
                    return Err(KbError::parse(
                        path,
                        line_no,
                        Some((1, "id")),
                        format!("invalid id {id:?}"),
                    ));
                }
                let name = cols[1].trim();
                if name.is_empty() {
                    return Err(KbError::parse(
                        path,
                        line_no,
                        Some((2, "name")),
                        "empty name",
                    ));
                }
                let fresh = seen.insert(id.to_string());
                if fresh {
                    counts.concepts += 1;
                }
                if let Some(t) = cols.get(2).map(|t| t.trim()).filter(|t| !t.is_empty()) {
                    batch.item(id, next(), &ConceptItem::Type(resolve_type(t)));
                }
                batch.atom(id, next(), atom(name, &sab, id, fresh));
                counts.names += 1;
            }
        }
        if batch.items.len() > 50_000 {
            push(&batch)?;
            batch = Batch::default();
        }
        Ok(())
    })?;
    push(&batch)?;
    Ok(counts)
}

/// CTD's MEDIC export writes some characters as XML entities (`Parkinson&apos;s Disease`, 418
/// lines of the 2012 file); names are stored as text says them. Unknown entities stay as written.
fn unescape_xml(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.contains('&') {
        return name.into();
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let decoded = tail.find(';').filter(|&end| end <= 10).and_then(|end| {
            let ch = match &tail[1..end] {
                "apos" => Some('\''),
                "quot" => Some('"'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            }?;
            Some((ch, end))
        });
        match decoded {
            Some((ch, end)) => {
                out.push(ch);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medic_names_are_unescaped() {
        assert_eq!(
            unescape_xml("Parkinson&apos;s Disease"),
            "Parkinson's Disease"
        );
        assert_eq!(
            unescape_xml("A &amp; B &#39;x&#x27; &lt;1&gt;"),
            "A & B 'x' <1>"
        );
        assert_eq!(unescape_xml("R&D &bogus; & more"), "R&D &bogus; & more");
        assert_eq!(unescape_xml("plain"), "plain");
    }

    #[test]
    fn medic_ids_get_prefixes() {
        assert_eq!(medic_id("D012711"), "MESH:D012711");
        assert_eq!(medic_id("C565588"), "MESH:C565588");
        assert_eq!(medic_id("613097"), "OMIM:613097");
        assert_eq!(medic_id("OMIM:1"), "OMIM:1");
    }
}
