//! `kbner kb types`: what the concepts of a knowledge base map to under an [`EntityTypeMap`].

use crate::entity_types::EntityTypeMap;
use crate::error::Result;
use crate::model::ConceptSummary;
use crate::semtypes::SemanticType;
use crate::store::KnowledgeBase;
use kbner_job::Progress;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many semantic types, origins and examples a report lists at most per entry.
const TOP: usize = 8;
const EXAMPLES: usize = 5;
/// The label of concepts without any semantic type.
const NO_TYPE: &str = "(no semantic type)";

/// A label (a semantic type, an origin) and a number of concepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithCount {
    /// `T047 Disease or Syndrome`, a free-text type (`Disease`), or an origin (`OBO hp 2025-01-16`).
    pub label: String,
    /// Concepts.
    pub concepts: u64,
}

/// The largest entries of a count, and how many smaller ones were left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Most concepts first (ties by label).
    pub top: Vec<WithCount>,
    /// Distinct labels not listed.
    pub more: usize,
}

/// One task type of a [`TaskTypeReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskTypeCount {
    /// The task type, as the table spells it.
    pub task_type: String,
    /// Concepts mapped to it.
    pub concepts: u64,
    /// Their name-index entries (distinct normalized names per concept).
    pub names: u64,
    /// The semantic types that gave it, with the concepts each gave it to.
    pub from_types: Tally,
    /// The origins whose `source` rules gave it, with the concepts each gave it to.
    pub from_sources: Tally,
}

/// The concepts that no rule maps to a task type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmapped {
    /// Concepts with no task type.
    pub concepts: u64,
    /// Their name-index entries.
    pub names: u64,
    /// Their semantic types (`(no semantic type)` for untyped concepts): what a table could add.
    pub types: Tally,
    /// Their origins.
    pub origins: Tally,
    /// The first few of them, as `ID name`.
    pub examples: Vec<String>,
}

/// What a knowledge base maps to: [`KnowledgeBase::task_type_counts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskTypeReport {
    /// The knowledge-base directory.
    pub kb: String,
    /// Where the table came from ([`EntityTypeMap::origin`]).
    pub table: String,
    /// Concepts in the knowledge base.
    pub concepts: u64,
    /// Name-index entries in the knowledge base.
    pub names: u64,
    /// Every task type of the table, table order (those no concept maps to included).
    pub task_types: Vec<TaskTypeCount>,
    /// Concepts with no task type.
    pub unmapped: Unmapped,
}

impl KnowledgeBase {
    /// Counts the concepts and names of each task type `map` gives, what feeds each one, and
    /// what is left without a task type. Reads every concept summary, then every name-index key
    /// (memory: about 16 bytes per concept plus its id).
    pub fn task_type_counts(
        &self,
        map: &EntityTypeMap,
        progress: &Progress,
    ) -> Result<TaskTypeReport> {
        let stats = &self.manifest().stats;
        let mut acc = Acc::new(map.task_type_names().len());
        progress.start_task("typing concepts", stats.concepts);
        let mut pending = 0u64;
        self.for_each_summary(|s| {
            acc.add_concept(map, &s);
            pending += 1;
            if pending == 1 << 14 {
                progress.advance(pending);
                pending = 0;
            }
            Ok(())
        })?;
        progress.advance(pending);
        progress.finish_file();
        acc.sort_ids();

        progress.start_task("counting names", stats.name_entries);
        pending = 0;
        self.for_each_name(|_, id| {
            acc.add_name(id);
            pending += 1;
            if pending == 1 << 16 {
                progress.advance(pending);
                pending = 0;
            }
            Ok(())
        })?;
        progress.advance(pending);
        progress.finish_file();
        Ok(acc.finish(map, self))
    }
}

/// The semantic type's key in the counts (its TUI, else its name) and its label.
fn type_key(t: &SemanticType) -> &str {
    if t.tui.is_empty() {
        &t.name
    } else {
        &t.tui
    }
}

fn type_label(t: &SemanticType) -> String {
    if t.tui.is_empty() {
        t.name.clone()
    } else {
        format!("{} {}", t.tui, t.name)
    }
}

fn bump(counts: &mut HashMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

/// Counts gathered over the two passes.
struct Acc {
    /// Concept ids end to end, in id order after `sort_ids`; `ends[i]` is where id `i` ends.
    ids: String,
    ends: Vec<usize>,
    /// Each concept's set of task types, as an index into `combos`.
    combo_of: Vec<u32>,
    sorted: bool,
    /// Distinct sets of task types (`combos[0]` is the empty set) and their name entries.
    combos: Vec<Vec<u16>>,
    combo_index: HashMap<Vec<u16>, u32>,
    combo_names: Vec<u64>,
    /// Names whose concept has no summary (none in a sound store).
    orphan_names: u64,
    concepts: u64,
    names: u64,
    task_concepts: Vec<u64>,
    from_types: Vec<HashMap<String, u64>>,
    from_sources: Vec<HashMap<String, u64>>,
    /// Type key → label.
    labels: HashMap<String, String>,
    unmapped: u64,
    unmapped_types: HashMap<String, u64>,
    unmapped_origins: HashMap<String, u64>,
    examples: Vec<String>,
    targets: Vec<u16>,
}

impl Acc {
    fn new(tasks: usize) -> Self {
        Acc {
            ids: String::new(),
            ends: Vec::new(),
            combo_of: Vec::new(),
            sorted: true,
            combos: vec![Vec::new()],
            combo_index: HashMap::from([(Vec::new(), 0)]),
            combo_names: vec![0],
            orphan_names: 0,
            concepts: 0,
            names: 0,
            task_concepts: vec![0; tasks],
            from_types: vec![HashMap::new(); tasks],
            from_sources: vec![HashMap::new(); tasks],
            labels: HashMap::new(),
            unmapped: 0,
            unmapped_types: HashMap::new(),
            unmapped_origins: HashMap::new(),
            examples: Vec::new(),
            targets: Vec::new(),
        }
    }

    fn label_type(&mut self, t: &SemanticType) {
        if !self.labels.contains_key(type_key(t)) {
            self.labels.insert(type_key(t).to_string(), type_label(t));
        }
    }

    fn add_concept(&mut self, map: &EntityTypeMap, s: &ConceptSummary) {
        self.concepts += 1;
        self.targets.clear();
        for t in &s.types {
            if let Some(tasks) = map.type_targets(t) {
                if !tasks.is_empty() {
                    self.label_type(t);
                }
                for &k in tasks {
                    self.targets.push(k);
                    bump(&mut self.from_types[k as usize], type_key(t));
                }
            }
        }
        for o in &s.origins {
            for k in map.source_targets(o) {
                self.targets.push(k);
                bump(&mut self.from_sources[k as usize], o);
            }
        }
        self.targets.sort_unstable();
        self.targets.dedup();
        for &k in &self.targets {
            self.task_concepts[k as usize] += 1;
        }
        let combo = match self.combo_index.get(self.targets.as_slice()) {
            Some(&c) => c,
            None => {
                let c = self.combos.len() as u32;
                self.combos.push(self.targets.clone());
                self.combo_index.insert(self.targets.clone(), c);
                self.combo_names.push(0);
                c
            }
        };
        if self.targets.is_empty() {
            self.unmapped += 1;
            for t in &s.types {
                self.label_type(t);
                bump(&mut self.unmapped_types, type_key(t));
            }
            if s.types.is_empty() {
                bump(&mut self.unmapped_types, NO_TYPE);
            }
            for o in &s.origins {
                bump(&mut self.unmapped_origins, o);
            }
            if self.examples.len() < EXAMPLES {
                self.examples.push(format!("{} {}", s.id, s.preferred_name));
            }
        }
        if self.sorted && !self.ends.is_empty() && self.id(self.ends.len() - 1) >= s.id.as_str() {
            self.sorted = false;
        }
        self.ids.push_str(&s.id);
        self.ends.push(self.ids.len());
        self.combo_of.push(combo);
    }

    fn id(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.ids[start..self.ends[i]]
    }

    /// Puts the ids in order for binary search, should the summaries not have come in id order.
    fn sort_ids(&mut self) {
        if self.sorted {
            return;
        }
        let mut all: Vec<(String, u32)> = (0..self.ends.len())
            .map(|i| (self.id(i).to_string(), self.combo_of[i]))
            .collect();
        all.sort_unstable();
        self.ids.clear();
        self.ends.clear();
        self.combo_of.clear();
        for (id, c) in all {
            self.ids.push_str(&id);
            self.ends.push(self.ids.len());
            self.combo_of.push(c);
        }
        self.sorted = true;
    }

    fn add_name(&mut self, id: &str) {
        self.names += 1;
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.id(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    self.combo_names[self.combo_of[mid] as usize] += 1;
                    return;
                }
            }
        }
        self.orphan_names += 1;
    }

    fn tally(&self, counts: &HashMap<String, u64>) -> Tally {
        let mut v: Vec<WithCount> = counts
            .iter()
            .map(|(k, &n)| WithCount {
                label: self.labels.get(k).cloned().unwrap_or_else(|| k.clone()),
                concepts: n,
            })
            .collect();
        v.sort_by(|a, b| b.concepts.cmp(&a.concepts).then(a.label.cmp(&b.label)));
        let more = v.len().saturating_sub(TOP);
        v.truncate(TOP);
        Tally { top: v, more }
    }

    fn finish(self, map: &EntityTypeMap, kb: &KnowledgeBase) -> TaskTypeReport {
        let mut task_names = vec![0u64; self.task_concepts.len()];
        for (combo, names) in self.combos.iter().zip(&self.combo_names) {
            for &k in combo {
                task_names[k as usize] += names;
            }
        }
        let task_types = map
            .task_type_names()
            .into_iter()
            .enumerate()
            .map(|(k, name)| TaskTypeCount {
                task_type: name.to_string(),
                concepts: self.task_concepts[k],
                names: task_names[k],
                from_types: self.tally(&self.from_types[k]),
                from_sources: self.tally(&self.from_sources[k]),
            })
            .collect();
        TaskTypeReport {
            kb: kb.path().display().to_string(),
            table: map.origin().to_string(),
            concepts: self.concepts,
            names: self.names,
            task_types,
            unmapped: Unmapped {
                concepts: self.unmapped,
                names: self.combo_names[0] + self.orphan_names,
                types: self.tally(&self.unmapped_types),
                origins: self.tally(&self.unmapped_origins),
                examples: self.examples.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{ingest, DictFormat, DictSource, EntityTypeMap, IngestOptions, KnowledgeBase};
    use kbner_job::Progress;

    #[test]
    fn counts_concepts_names_feeders_and_unmapped() {
        let dir = tempfile::tempdir().unwrap();
        let obo = dir.path().join("hp.obo");
        std::fs::write(
            &obo,
            "ontology: hp\n\n[Term]\nid: HP:1\nname: Seizure\nsynonym: \"Fits\" EXACT []\n\n\
             [Term]\nid: HP:2\nname: Ataxia\n",
        )
        .unwrap();
        let tsv = dir.path().join("lex.tsv");
        std::fs::write(
            &tsv,
            "C:1\taspirin\tChemical\nC:1\tacetylsalicylic acid\tChemical\nX:1\tthing\tWidget\n\
             X:2\tother thing\n",
        )
        .unwrap();
        let kb_dir = dir.path().join("kb");
        let mut opts = IngestOptions::new(&kb_dir);
        opts.obo.push(obo);
        opts.dicts.push(DictSource {
            path: tsv,
            format: DictFormat::Tsv,
        });
        ingest(&opts, &Progress::hidden(), &Default::default()).unwrap();
        let kb = KnowledgeBase::open(&kb_dir).unwrap();
        let r = kb
            .task_type_counts(EntityTypeMap::builtin(), &Progress::hidden())
            .unwrap();
        assert_eq!((r.concepts, r.names), (5, 7));
        let get = |t: &str| r.task_types.iter().find(|c| c.task_type == t).unwrap();
        let disease = get("Disease");
        assert_eq!((disease.concepts, disease.names), (2, 3));
        assert_eq!(disease.from_sources.top[0].label, "OBO hp");
        assert_eq!(disease.from_sources.top[0].concepts, 2);
        assert!(disease.from_types.top.is_empty());
        let chemical = get("Chemical");
        assert_eq!((chemical.concepts, chemical.names), (1, 2));
        // `Chemical` is T103's name: the dictionary type resolved to the UMLS type.
        assert_eq!(chemical.from_types.top[0].label, "T103 Chemical");
        assert_eq!(get("Species").concepts, 0);
        assert_eq!((r.unmapped.concepts, r.unmapped.names), (2, 2));
        let labels: Vec<(&str, u64)> = r
            .unmapped
            .types
            .top
            .iter()
            .map(|w| (w.label.as_str(), w.concepts))
            .collect();
        assert_eq!(labels, [("(no semantic type)", 1), ("Widget", 1)]);
        assert_eq!(r.unmapped.origins.top[0].label, "DICT LEX");
        assert_eq!(r.unmapped.examples, ["X:1 thing", "X:2 other thing"]);

        let mine = EntityTypeMap::parse("Gadget\ttype\twidget\n", "mine").unwrap();
        let r = kb.task_type_counts(&mine, &Progress::hidden()).unwrap();
        assert_eq!(r.task_types.len(), 1);
        assert_eq!((r.task_types[0].concepts, r.task_types[0].names), (1, 1));
        assert_eq!(r.unmapped.concepts, 4);
        assert_eq!(r.table, "mine");
    }
}
