//! Task entity types: which knowledge-base concepts count as which NER entity type.
//!
//! NER datasets annotate a few task types (Disease, Chemical, Gene/Protein, Species, ...); a
//! knowledge base types its concepts with UMLS semantic types, free-text dictionary types and
//! origins. [`EntityTypeMap`] is the table between them, `kb/entity_types.tsv` at the repository
//! root (embedded at build time) unless the user gives one.

use crate::error::{KbError, Result};
use crate::model::{Concept, ConceptSummary};
use crate::semtypes::{group_of_tui, semantic_groups, SemanticType};
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

const ENTITY_TYPES_TSV: &str = include_str!("../../../kb/entity_types.tsv");
const BUILTIN_ORIGIN: &str = "kb/entity_types.tsv (built in)";

/// The rule fields, in precedence order after `tui`.
const FIELDS: [&str; 4] = ["tui", "type", "group", "source"];

/// Maps concepts to task entity types, from a table of rules `TASK_TYPE<TAB>FIELD<TAB>VALUE`.
///
/// FIELD is `tui` (a UMLS semantic type id), `type` (a semantic type name, any case: a UMLS one
/// or a dictionary's free-text type), `group` (a UMLS semantic group) or `source` (a concept
/// origin: matches an origin whose second word is VALUE, any case — `hp` matches
/// `OBO hp 2025-01-16` — or an origin equal to VALUE). A TASK_TYPE of `-` means "explicitly no
/// task type".
///
/// **Precedence**: each semantic type of a concept is mapped by its most specific matching rules,
/// `tui` > `type` > `group`, so a group can map to one task type while some of its TUIs map to
/// another or (with `-`) to none; every `source` rule matching one of the concept's origins adds
/// its task type. A concept gets the union, each task type once, in table order (the order task
/// types first appear in the table). A `-` silences only that semantic type: the concept's other
/// types and origins still count.
///
/// ```
/// use kbner_kb::{EntityTypeMap, SemanticType};
/// let map = EntityTypeMap::parse("Chemical\tgroup\tCHEM\nGene/Protein\ttui\tT116\n", "my table")?;
/// let protein = SemanticType {
///     tui: "T116".into(),
///     name: "Amino Acid, Peptide, or Protein".into(),
///     tree: String::new(),
///     group: "CHEM".into(),
/// };
/// assert_eq!(map.task_types(&[protein], &[]), ["Gene/Protein"]);
/// assert_eq!(map.canonical("gene/protein"), Some("Gene/Protein"));
/// # Ok::<(), kbner_kb::KbError>(())
/// ```
#[derive(Debug, Clone)]
pub struct EntityTypeMap {
    origin: String,
    /// Task types, table order; rules refer to them by index.
    names: Vec<String>,
    /// TUI → task types (empty for `-`).
    by_tui: HashMap<String, Vec<u16>>,
    /// Lower-case type name → task types.
    by_type: HashMap<String, Vec<u16>>,
    /// Group abbreviation → task types.
    by_group: HashMap<String, Vec<u16>>,
    /// (value, task type) of `source` rules, table order.
    sources: Vec<(String, u16)>,
}

/// While parsing: the lines that mapped one key to `-` and to a task type.
#[derive(Default)]
struct KeyLines {
    none: Option<u64>,
    some: Option<u64>,
}

impl EntityTypeMap {
    /// The table shipped in `kb/entity_types.tsv`.
    pub fn builtin() -> &'static EntityTypeMap {
        static MAP: OnceLock<EntityTypeMap> = OnceLock::new();
        MAP.get_or_init(|| {
            // The table is ours; a unit test checks that it parses.
            EntityTypeMap::parse(ENTITY_TYPES_TSV, BUILTIN_ORIGIN)
                .unwrap_or_else(|e| panic!("built-in entity type table: {e}"))
        })
    }

    /// Reads a user table; errors name the file, line and field.
    pub fn read(path: &Path) -> Result<EntityTypeMap> {
        if !path.is_file() {
            return Err(KbError::MissingFile {
                path: path.to_path_buf(),
                hint: " (an entity type table: TASK_TYPE<TAB>FIELD<TAB>VALUE lines)".into(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|e| KbError::io(path, e))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses table text; `origin` names it in errors (`origin:line, column 2 (FIELD): …`).
    pub fn parse(text: &str, origin: &str) -> Result<EntityTypeMap> {
        let mut map = EntityTypeMap {
            origin: origin.to_string(),
            names: Vec::new(),
            by_tui: HashMap::new(),
            by_type: HashMap::new(),
            by_group: HashMap::new(),
            sources: Vec::new(),
        };
        let mut seen: HashMap<(usize, String), KeyLines> = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i as u64 + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            // Tabs separate fields: only spaces around the line and its fields are ignored.
            let line = raw.trim_matches(' ');
            let err =
                |col: Option<(usize, &str)>, msg: String| KbError::parse(origin, line_no, col, msg);
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if fields.len() != 3 {
                let hint = if fields.len() == 1 && line.contains(' ') {
                    " (fields are separated by tabs, not spaces)"
                } else {
                    ""
                };
                return Err(err(
                    None,
                    format!(
                        "expected TASK_TYPE<TAB>FIELD<TAB>VALUE, found {} field{}{hint}",
                        fields.len(),
                        if fields.len() == 1 { "" } else { "s" }
                    ),
                ));
            }
            let (task, field, value) = (fields[0], fields[1], fields[2]);
            if task.is_empty() {
                return Err(err(
                    Some((1, "TASK_TYPE")),
                    "empty task type (write `-` for no task type)".into(),
                ));
            }
            let Some(kind) = FIELDS.iter().position(|f| f.eq_ignore_ascii_case(field)) else {
                return Err(err(
                    Some((2, "FIELD")),
                    format!("unknown field {field:?}: expected tui, type, group or source"),
                ));
            };
            if value.is_empty() {
                return Err(err(Some((3, "VALUE")), "empty value".into()));
            }
            let key = match kind {
                0 => {
                    let tui = value.to_ascii_uppercase();
                    if group_of_tui(&tui).is_none() {
                        return Err(err(
                            Some((3, "VALUE")),
                            format!("{value:?} is not a UMLS semantic type id (e.g. T047)"),
                        ));
                    }
                    tui
                }
                1 => {
                    if group_of_tui(&value.to_ascii_uppercase()).is_some() {
                        return Err(err(
                            Some((3, "VALUE")),
                            format!("{value:?} is a TUI: write it as `{task}\ttui\t{value}`"),
                        ));
                    }
                    value.to_lowercase()
                }
                2 => match semantic_groups().iter().find(|g| {
                    g.abbrev.eq_ignore_ascii_case(value) || g.name.eq_ignore_ascii_case(value)
                }) {
                    Some(g) => g.abbrev.to_string(),
                    None => {
                        let all: Vec<&str> = semantic_groups().iter().map(|g| g.abbrev).collect();
                        return Err(err(
                            Some((3, "VALUE")),
                            format!(
                                "{value:?} is not a semantic group: expected one of {}",
                                all.join(", ")
                            ),
                        ));
                    }
                },
                _ => {
                    if task == "-" {
                        return Err(err(
                            Some((1, "TASK_TYPE")),
                            "`-` carves semantic types out of a group; a source rule needs a \
                             task type"
                                .into(),
                        ));
                    }
                    value.to_string()
                }
            };
            let lines = seen.entry((kind, key.clone())).or_default();
            let conflict = if task == "-" {
                lines.none.get_or_insert(line_no);
                lines.some
            } else {
                lines.some.get_or_insert(line_no);
                lines.none
            };
            if let Some(other) = conflict {
                return Err(err(
                    Some((1, "TASK_TYPE")),
                    format!(
                        "{field} {value} is mapped both to a task type and to `-` (line {other})"
                    ),
                ));
            }
            let target = (task != "-").then(|| map.task_index(task));
            let rules = match kind {
                0 => &mut map.by_tui,
                1 => &mut map.by_type,
                2 => &mut map.by_group,
                _ => {
                    if let Some(t) = target {
                        if !map.sources.contains(&(key.clone(), t)) {
                            map.sources.push((key, t));
                        }
                    }
                    continue;
                }
            };
            let targets = rules.entry(key).or_default();
            if let Some(t) = target {
                if !targets.contains(&t) {
                    targets.push(t);
                }
            }
        }
        if map.names.is_empty() {
            return Err(KbError::Invalid(format!(
                "{origin}: no rule maps anything to a task type (lines TASK_TYPE<TAB>FIELD<TAB>VALUE)"
            )));
        }
        if map.names.len() > u16::MAX as usize {
            return Err(KbError::Invalid(format!(
                "{origin}: more than {} task types",
                u16::MAX
            )));
        }
        Ok(map)
    }

    /// The index of task type `name` (case ignored; the first spelling is kept), added if new.
    fn task_index(&mut self, name: &str) -> u16 {
        let lower = name.to_lowercase();
        match self.names.iter().position(|n| n.to_lowercase() == lower) {
            Some(i) => i as u16,
            None => {
                self.names.push(name.to_string());
                (self.names.len() - 1) as u16
            }
        }
    }

    /// What the table was read from (a path, or `kb/entity_types.tsv (built in)`).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Task types of a concept with these semantic types and origins, deduplicated, table order.
    pub fn task_types(&self, types: &[SemanticType], origins: &[String]) -> Vec<&str> {
        let mut ids = Vec::new();
        for t in types {
            ids.extend_from_slice(self.type_targets(t).unwrap_or(&[]));
        }
        for o in origins {
            ids.extend(self.source_targets(o));
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|i| self.name(i)).collect()
    }

    /// The same for a lookup record.
    pub fn of_summary(&self, c: &ConceptSummary) -> Vec<&str> {
        self.task_types(&c.types, &c.origins)
    }

    /// The same for a full concept record.
    pub fn of_concept(&self, c: &Concept) -> Vec<&str> {
        self.task_types(&c.types, &c.origins)
    }

    /// Every task type the table names, table order.
    pub fn task_type_names(&self) -> Vec<&str> {
        self.names.iter().map(String::as_str).collect()
    }

    /// The table's spelling of task type `name`, given in any case (`disease` → `Disease`);
    /// `None` when the table names no such task type.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        let lower = name.trim().to_lowercase();
        self.names
            .iter()
            .find(|n| n.to_lowercase() == lower)
            .map(String::as_str)
    }

    /// Task type number `i` (an index into [`EntityTypeMap::task_type_names`]).
    pub(crate) fn name(&self, i: u16) -> &str {
        &self.names[i as usize]
    }

    /// The task types one semantic type maps to by its most specific matching rules; `None`
    /// when no rule matches it (an empty slice when the rule is `-`).
    pub(crate) fn type_targets(&self, t: &SemanticType) -> Option<&[u16]> {
        if !t.tui.is_empty() {
            if let Some(v) = self.by_tui.get(t.tui.as_str()) {
                return Some(v);
            }
        }
        if !t.name.is_empty() && !self.by_type.is_empty() {
            if let Some(v) = self.by_type.get(&t.name.to_lowercase()) {
                return Some(v);
            }
        }
        let group = if t.group.is_empty() {
            group_of_tui(&t.tui).unwrap_or("")
        } else {
            t.group.as_str()
        };
        self.by_group.get(group).map(Vec::as_slice)
    }

    /// The task types `source` rules give a concept of this origin.
    pub(crate) fn source_targets<'a>(&'a self, origin: &'a str) -> impl Iterator<Item = u16> + 'a {
        let second = origin.split_whitespace().nth(1).unwrap_or("");
        let whole = origin.trim();
        self.sources
            .iter()
            .filter(move |(v, _)| v.eq_ignore_ascii_case(second) || v.eq_ignore_ascii_case(whole))
            .map(|(_, t)| *t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn umls(tui: &str) -> SemanticType {
        crate::semtypes::known_type(tui).unwrap()
    }

    fn free(name: &str, group: &str) -> SemanticType {
        SemanticType {
            tui: String::new(),
            name: name.into(),
            tree: String::new(),
            group: group.into(),
        }
    }

    fn origins(o: &[&str]) -> Vec<String> {
        o.iter().map(|s| s.to_string()).collect()
    }

    const FIXTURE: &str = "# a comment\n\
        Chemical\tgroup\tCHEM\n\
        Gene/Protein\ttui\tT116\n\
        Chemical\ttype\tdrug\n\
        \n\
        Disease\tgroup\tDisorders\n\
        -\ttui\tT033\n\
        Protein-ish\ttype\tAmino Acid, Peptide, or Protein\n\
        Symptom\ttype\tsign or symptom\n\
        Disease\tsource\thp\n\
        Phenotype\tsource\thp\n\
        Disease\ttype\tDisease\n";

    #[test]
    fn precedence_is_tui_then_type_then_group() {
        let m = EntityTypeMap::parse(FIXTURE, "fixture").unwrap();
        // T116's tui rule beats both the type-name rule and the CHEM group rule.
        assert_eq!(m.task_types(&[umls("T116")], &[]), ["Gene/Protein"]);
        // Other CHEM types fall back to the group.
        assert_eq!(m.task_types(&[umls("T121")], &[]), ["Chemical"]);
        // A type-name rule (any case) beats the group: a free-text `Drug` in no group, and a
        // free-text type in a group.
        assert_eq!(m.task_types(&[free("DRUG", "")], &[]), ["Chemical"]);
        assert_eq!(m.task_types(&[free("disease", "DISO")], &[]), ["Disease"]);
        // A UMLS type's name beats its group (T184 is in DISO).
        assert_eq!(m.task_types(&[umls("T184")], &[]), ["Symptom"]);
        // A group-only type (`--obo-type DISO`) and a group given by its full name.
        assert_eq!(m.task_types(&[free("DISO", "DISO")], &[]), ["Disease"]);
        assert!(m.task_types(&[free("Gene product", "")], &[]).is_empty());
        assert!(m.task_types(&[umls("T061")], &[]).is_empty());
    }

    #[test]
    fn dash_carves_a_type_out_of_its_group_only() {
        let m = EntityTypeMap::parse(FIXTURE, "fixture").unwrap();
        assert!(m.task_types(&[umls("T033")], &[]).is_empty());
        assert_eq!(m.task_types(&[umls("T047")], &[]), ["Disease"]);
        // The concept's other types still count.
        assert_eq!(
            m.task_types(&[umls("T033"), umls("T047")], &[]),
            ["Disease"]
        );
    }

    #[test]
    fn source_rules_add_to_every_concept_of_the_origin() {
        let m = EntityTypeMap::parse(FIXTURE, "fixture").unwrap();
        let hp = origins(&["OBO hp 2025-01-16"]);
        assert_eq!(m.task_types(&[], &hp), ["Disease", "Phenotype"]);
        assert_eq!(
            m.task_types(&[], &origins(&["OBO HP hp/releases/2025-01-16"])),
            ["Disease", "Phenotype"]
        );
        // The first word, or the value elsewhere in the origin, does not match.
        assert!(m.task_types(&[], &origins(&["hp x"])).is_empty());
        assert!(m.task_types(&[], &origins(&["OBO doid hp"])).is_empty());
        // A whole origin as the value.
        let whole = EntityTypeMap::parse("Chemical\tsource\tDICT my chems\n", "t").unwrap();
        assert_eq!(
            whole.task_types(&[], &origins(&["DICT MY CHEMS"])),
            ["Chemical"]
        );
        // Types and sources together, in table order, each once.
        assert_eq!(
            m.task_types(&[umls("T121"), umls("T116"), umls("T047")], &hp),
            ["Chemical", "Gene/Protein", "Disease", "Phenotype"]
        );
    }

    #[test]
    fn several_task_types_and_names() {
        let text = "Gene/Protein\ttui\tT116\nChemical\ttui\tT116\ngene/protein\ttui\tT126\n";
        let m = EntityTypeMap::parse(text, "t").unwrap();
        assert_eq!(
            m.task_types(&[umls("T116")], &[]),
            ["Gene/Protein", "Chemical"]
        );
        assert_eq!(m.task_type_names(), ["Gene/Protein", "Chemical"]);
        assert_eq!(m.task_types(&[umls("T126")], &[]), ["Gene/Protein"]);
        assert_eq!(m.canonical(" CHEMICAL"), Some("Chemical"));
        assert_eq!(m.canonical("Gene"), None);
        let s = ConceptSummary {
            id: "C1".into(),
            preferred_name: "x".into(),
            types: vec![umls("T126"), umls("T116")],
            origins: vec![],
        };
        assert_eq!(m.of_summary(&s), ["Gene/Protein", "Chemical"]);
    }

    #[test]
    fn bad_lines_name_the_line_and_field() {
        let cases = [
            ("Disease\ttui\n", 2, None, "found 2 fields"),
            ("Disease tui T047\n", 2, None, "tabs, not spaces"),
            (
                "Disease\ttuis\tT047\n",
                2,
                Some(2),
                "unknown field \"tuis\"",
            ),
            ("\ttui\tT047\n", 2, Some(1), "empty task type"),
            ("Disease\ttui\t\n", 2, Some(3), "empty value"),
            ("Disease\ttui\tT047\tx\n", 2, None, "found 4 fields"),
            (
                "Disease\ttui\tT999\n",
                2,
                Some(3),
                "not a UMLS semantic type",
            ),
            ("Disease\tgroup\tDISEASES\n", 2, Some(3), "DISO"),
            ("Disease\ttype\tT047\n", 2, Some(3), "is a TUI"),
            ("-\tsource\thp\n", 2, Some(1), "needs a task type"),
            ("-\ttui\tT047\n", 2, Some(1), "line 1"),
        ];
        for (line, want_line, col, msg) in cases {
            let text = format!("Disease\ttui\tT047\n{line}");
            let e = EntityTypeMap::parse(&text, "my.tsv").unwrap_err();
            let KbError::Parse { location, message } = &e else {
                panic!("{line:?}: {e}");
            };
            assert_eq!(location.file, Path::new("my.tsv"), "{line:?}");
            assert_eq!(location.line, want_line, "{line:?}");
            assert_eq!(location.column.as_ref().map(|c| c.0), col, "{line:?}");
            assert!(message.contains(msg), "{line:?}: {message}");
            assert!(e.to_string().starts_with("my.tsv:2"), "{e}");
        }
        let e = EntityTypeMap::parse("# nothing\n", "empty.tsv").unwrap_err();
        assert!(e.to_string().contains("empty.tsv: no rule"), "{e}");
    }

    #[test]
    fn read_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("types.tsv");
        std::fs::write(&p, "Disease\ttui\tT047\nDisease\tsorce\thp\n").unwrap();
        let e = EntityTypeMap::read(&p).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("{}:2, column 2 (FIELD)", p.display())),
            "{e}"
        );
        std::fs::write(&p, "Disease\ttui\tT047\r\nDisease\tsource\thp\r\n").unwrap();
        let m = EntityTypeMap::read(&p).unwrap();
        assert_eq!(m.origin(), p.display().to_string());
        assert_eq!(m.task_types(&[], &origins(&["OBO hp v"])), ["Disease"]);
        let e = EntityTypeMap::read(&dir.path().join("none.tsv")).unwrap_err();
        assert!(
            e.to_string().contains("none.tsv (an entity type table"),
            "{e}"
        );
    }

    #[test]
    fn builtin_table_parses_and_maps_the_usual_types() {
        let m = EntityTypeMap::builtin();
        let one = |t: SemanticType| m.task_types(&[t], &[]);
        assert_eq!(one(umls("T047")), ["Disease"]);
        assert_eq!(one(umls("T191")), ["Disease"]);
        assert_eq!(one(umls("T184")), ["Disease"]);
        assert!(one(umls("T033")).is_empty(), "Finding is not a disease");
        assert_eq!(one(umls("T116")), ["Gene/Protein"]);
        assert_eq!(one(umls("T121")), ["Chemical"]);
        assert_eq!(one(umls("T109")), ["Chemical"]);
        assert_eq!(one(umls("T028")), ["Gene/Protein"]);
        assert_eq!(one(umls("T005")), ["Species"]);
        assert_eq!(one(umls("T016")), ["Species"]);
        assert!(one(umls("T101")).is_empty(), "patients are not a species");
        assert_eq!(one(umls("T025")), ["CellType"]);
        assert!(one(umls("T061")).is_empty());
        // Insulin: a protein, a hormone and a drug.
        assert_eq!(
            m.task_types(&[umls("T116"), umls("T125"), umls("T121")], &[]),
            ["Chemical", "Gene/Protein"]
        );
        // MEDIC's free-text `Disease` type, a TSV dictionary's types.
        assert_eq!(one(free("Disease", "DISO")), ["Disease"]);
        assert_eq!(one(free("Gene", "")), ["Gene/Protein"]);
        assert_eq!(one(free("cell line", "")), ["CellLine"]);
        assert_eq!(one(free("Mutation", "")), ["Variant"]);
        // HPO terms carry no type.
        assert_eq!(
            m.task_types(&[], &origins(&["OBO hp hp/releases/2025-01-16"])),
            ["Disease"]
        );
        assert_eq!(
            m.task_types(&[], &origins(&["OBO cellosaurus 48.0"])),
            ["CellLine"]
        );
        assert_eq!(
            m.task_type_names(),
            [
                "Disease",
                "Chemical",
                "Gene/Protein",
                "Species",
                "CellLine",
                "CellType",
                "Variant"
            ]
        );
        assert_eq!(m.canonical("disease"), Some("Disease"));
        assert_eq!(m.origin(), BUILTIN_ORIGIN);
    }
}
