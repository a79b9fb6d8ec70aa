//! UMLS semantic types and semantic groups.
//!
//! The TUI → group table is `kb/semgroups.txt` at the repository root (NLM's SemGroups), embedded
//! here at build time so the binary needs no data files.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

const SEMGROUPS_TXT: &str = include_str!("../../../kb/semgroups.txt");

/// A semantic type attached to a concept.
///
/// UMLS concepts carry a TUI, the type's name and its tree number from MRSTY. Dictionary concepts
/// may carry a free-text type (`tui` and `tree` empty) that still resolves to a group when it names
/// one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SemanticType {
    /// Type unique identifier, e.g. `T047`; empty for free-text types.
    pub tui: String,
    /// Type name, e.g. `Disease or Syndrome`.
    pub name: String,
    /// Semantic network tree number, e.g. `B2.2.1.2.1`; empty when unknown.
    pub tree: String,
    /// Semantic group abbreviation, e.g. `DISO`; empty when the type maps to no group.
    pub group: String,
}

/// One semantic group (e.g. `DISO`, "Disorders").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemanticGroup {
    /// Four-letter abbreviation.
    pub abbrev: &'static str,
    /// Full name.
    pub name: &'static str,
}

struct Table {
    /// TUI → (group abbrev, type name).
    by_tui: BTreeMap<&'static str, (&'static str, &'static str)>,
    groups: Vec<SemanticGroup>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_tui = BTreeMap::new();
        let mut groups: Vec<SemanticGroup> = Vec::new();
        for line in SEMGROUPS_TXT.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&'static str> = line.split('|').collect();
            if f.len() != 4 {
                continue; // The table is ours; a unit test checks every line parses.
            }
            by_tui.insert(f[2], (f[0], f[3]));
            if !groups.iter().any(|g| g.abbrev == f[0]) {
                groups.push(SemanticGroup {
                    abbrev: f[0],
                    name: f[1],
                });
            }
        }
        Table { by_tui, groups }
    })
}

/// The semantic group abbreviation of a TUI (`T047` → `DISO`), if the TUI is known.
pub fn group_of_tui(tui: &str) -> Option<&'static str> {
    table().by_tui.get(tui).map(|(g, _)| *g)
}

/// All semantic groups, in table order.
pub fn semantic_groups() -> &'static [SemanticGroup] {
    &table().groups
}

/// The TUIs belonging to a group, by abbreviation (`DISO`) or full name (`Disorders`), any case.
pub fn tuis_of_group(group: &str) -> Option<Vec<&'static str>> {
    let g = semantic_groups()
        .iter()
        .find(|g| g.abbrev.eq_ignore_ascii_case(group) || g.name.eq_ignore_ascii_case(group))?;
    Some(
        table()
            .by_tui
            .iter()
            .filter(|(_, (a, _))| *a == g.abbrev)
            .map(|(t, _)| *t)
            .collect(),
    )
}

/// Resolves a free-text type (from a dictionary) to a [`SemanticType`]: a TUI or a UMLS type name
/// gives the full type, a group abbreviation or name gives a group-only type, anything else is kept
/// as written with no group.
pub fn resolve_type(text: &str) -> SemanticType {
    let t = text.trim();
    known_type(t).unwrap_or_else(|| SemanticType {
        tui: String::new(),
        name: t.to_string(),
        tree: String::new(),
        group: String::new(),
    })
}

/// The type `text` names: a TUI (`T047`), a UMLS type name (`Disease or Syndrome`, any case) or a
/// semantic group, by abbreviation (`DISO`) or name (`Disorders`), any case; `None` for anything
/// else.
pub fn known_type(text: &str) -> Option<SemanticType> {
    let t = text.trim();
    let table = table();
    let full = |tui: &str, (g, name): &(&str, &str)| SemanticType {
        tui: tui.to_string(),
        name: name.to_string(),
        tree: String::new(),
        group: g.to_string(),
    };
    if let Some(entry) = table.by_tui.get(t) {
        return Some(full(t, entry));
    }
    if let Some((tui, entry)) = table
        .by_tui
        .iter()
        .find(|(_, (_, n))| n.eq_ignore_ascii_case(t))
    {
        return Some(full(tui, entry));
    }
    semantic_groups()
        .iter()
        .find(|g| g.abbrev.eq_ignore_ascii_case(t) || g.name.eq_ignore_ascii_case(t))
        .map(|g| SemanticType {
            tui: String::new(),
            name: t.to_string(),
            tree: String::new(),
            group: g.abbrev.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete() {
        // 127 current types + 6 retired in 2013 that old releases still use.
        assert_eq!(table().by_tui.len(), 133);
        assert_eq!(semantic_groups().len(), 15);
        let rows = SEMGROUPS_TXT
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(rows, 133, "every data line of kb/semgroups.txt must parse");
    }

    #[test]
    fn tui_to_group() {
        assert_eq!(group_of_tui("T047"), Some("DISO"));
        assert_eq!(group_of_tui("T116"), Some("CHEM"));
        assert_eq!(group_of_tui("T028"), Some("GENE"));
        assert_eq!(group_of_tui("T999"), None);
        let diso = tuis_of_group("disorders").unwrap();
        assert_eq!(diso.len(), 12);
        assert!(diso.contains(&"T191"));
    }

    #[test]
    fn free_text_types_resolve() {
        assert_eq!(resolve_type("Disease or Syndrome").tui, "T047");
        assert_eq!(resolve_type("DISO").group, "DISO");
        assert_eq!(resolve_type("Chemicals & Drugs").group, "CHEM");
        let other = resolve_type("Gene product");
        assert_eq!(
            (other.name.as_str(), other.group.as_str()),
            ("Gene product", "")
        );
    }

    #[test]
    fn known_types_are_tuis_type_names_and_groups_only() {
        assert_eq!(known_type("T047").unwrap().group, "DISO");
        assert_eq!(
            known_type("amino acid, peptide, or protein").unwrap().tui,
            "T116"
        );
        assert_eq!(known_type("disorders").unwrap().group, "DISO");
        assert_eq!(known_type("DISO").unwrap().name, "DISO");
        assert!(known_type("DISO,CHEM,X").is_none());
        assert!(known_type("Gene product").is_none());
        assert!(known_type("").is_none());
    }
}
