//! What a matched name stands for: its concepts (type-filtered, ranked), each with the id to
//! write, every id it has, its preferred name and the entity type to label it with. Names and
//! concepts repeat across documents, so both are cached (bounded).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use kbner_index::{type_matches, Candidate, ConceptIndex};
use kbner_kb::{normalize_name, SemanticType};

use super::KbTaggerOptions;
use crate::Result;

/// An entity type and the semantic types (TUI, type name or group) that give it, e.g.
/// `Disease=DISO`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The entity type written.
    pub label: String,
    /// Semantic types a concept needs (one of them) to be labelled so.
    pub types: Vec<String>,
}

impl std::str::FromStr for Label {
    type Err = String;
    /// `LABEL=TYPE[+TYPE…]`, e.g. `Disease=DISO` or `Chemical=CHEM+T121`.
    fn from_str(s: &str) -> Result<Self, String> {
        let (l, t) = s
            .split_once('=')
            .ok_or_else(|| format!("{s:?}: expected LABEL=TYPE (e.g. Disease=DISO)"))?;
        let types: Vec<String> = t
            .split('+')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        if l.trim().is_empty() || types.is_empty() {
            return Err(format!("{s:?}: expected LABEL=TYPE (e.g. Disease=DISO)"));
        }
        Ok(Label {
            label: l.trim().to_string(),
            types,
        })
    }
}

/// One concept as the tagger writes it.
#[derive(Debug)]
pub(crate) struct ConceptInfo {
    /// The id written (in the preferred namespace).
    pub written: String,
    /// Every id of the concept.
    pub all_ids: Vec<String>,
    /// Preferred name.
    pub name: String,
    /// The entity type.
    pub label: String,
    /// A gene or protein concept (its symbol before `gene` is a mention of it).
    pub gene_like: bool,
}

type Infos = Arc<[Arc<ConceptInfo>]>;

/// Entries kept per cache; a full cache is emptied (simple, bounded).
const CACHE_CAP: usize = 200_000;

pub(crate) struct Concepts {
    types: Vec<String>,
    labels: Vec<super::Label>,
    prefer: Vec<String>,
    by_name: Mutex<HashMap<u32, Infos>>,
    by_id: Mutex<HashMap<String, Option<Arc<ConceptInfo>>>>,
}

impl Concepts {
    pub fn new(opts: &KbTaggerOptions) -> Self {
        Concepts {
            types: opts.types.clone(),
            labels: opts.labels.clone(),
            prefer: opts.prefer_ids.clone(),
            by_name: Mutex::new(HashMap::new()),
            by_id: Mutex::new(HashMap::new()),
        }
    }

    /// The entity type of a concept with `types`, or `None` when the filters exclude it.
    fn label(&self, types: &[SemanticType]) -> Option<String> {
        if !self.types.is_empty()
            && !types
                .iter()
                .any(|t| self.types.iter().any(|f| type_matches(t, f)))
        {
            return None;
        }
        if self.labels.is_empty() {
            let own = types
                .iter()
                .map(|t| if t.name.is_empty() { &t.group } else { &t.name })
                .find(|n| !n.is_empty());
            return Some(own.cloned().unwrap_or_else(|| "Entity".to_string()));
        }
        self.labels
            .iter()
            .find(|l| {
                types
                    .iter()
                    .any(|t| l.types.iter().any(|f| type_matches(t, f)))
            })
            .map(|l| l.label.clone())
    }

    /// The concept `id` with `types` and `name` as written, `None` when filtered out.
    fn info(
        &self,
        index: &ConceptIndex,
        id: &str,
        name: &str,
        types: &[SemanticType],
    ) -> Result<Option<Arc<ConceptInfo>>> {
        if let Some(hit) = lock(&self.by_id).get(id) {
            return Ok(hit.clone());
        }
        let info = match self.label(types) {
            None => None,
            Some(label) => {
                let mut all = index.kb().concept_ids(id)?;
                if !all.iter().any(|a| a == id) {
                    all.insert(0, id.to_string());
                }
                let written = kbner_kb::preferred_id(&all, &self.prefer)
                    .unwrap_or(id)
                    .to_string();
                let gene_like = types.iter().any(|t| {
                    t.group == "GENE"
                        || t.name.to_ascii_lowercase().contains("gene")
                        || t.name.to_ascii_lowercase().contains("protein")
                });
                Some(Arc::new(ConceptInfo {
                    written,
                    all_ids: all,
                    name: name.to_string(),
                    label,
                    gene_like,
                }))
            }
        };
        let mut cache = lock(&self.by_id);
        if cache.len() >= CACHE_CAP {
            cache.clear();
        }
        cache.insert(id.to_string(), info.clone());
        Ok(info)
    }

    /// The concepts named `name` (name id `name_id`) that pass the filters, those whose preferred
    /// name it is first.
    pub fn for_name(&self, index: &ConceptIndex, name_id: u32, name: &str) -> Result<Infos> {
        if let Some(hit) = lock(&self.by_name).get(&name_id) {
            return Ok(hit.clone());
        }
        let ids = index.kb().ids_for_normalized(name)?;
        let mut summaries = index.kb().summaries(&ids)?;
        // Stable: the store's order among equals.
        summaries.sort_by_key(|s| normalize_name(&s.preferred_name) != name);
        let mut infos: Vec<Arc<ConceptInfo>> = Vec::with_capacity(summaries.len());
        for s in &summaries {
            if let Some(i) = self.info(index, &s.id, &s.preferred_name, &s.types)? {
                infos.push(i);
            }
        }
        let infos: Infos = infos.into();
        let mut cache = lock(&self.by_name);
        if cache.len() >= CACHE_CAP {
            cache.clear();
        }
        cache.insert(name_id, infos.clone());
        Ok(infos)
    }

    /// The concept of a search candidate, if it passes the filters.
    pub fn for_candidate(&self, index: &ConceptIndex, c: &Candidate) -> Result<Infos> {
        Ok(self
            .info(index, &c.id, &c.preferred_name, &c.types)?
            .into_iter()
            .collect::<Vec<_>>()
            .into())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
