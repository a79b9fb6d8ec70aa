//! The names the random-DBR variant draws from: every usable name of the knowledge base with its
//! concept's task types, gathered in one scan of the store and kept by the [`KbNames`] that made
//! it, so several training sets (or types) share one scan.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use kbner_corpus::tokenize;
use kbner_nn::Rng;

use crate::error::Result;
use crate::kb_names::{shouted, KbNames};

/// Names kept of all the knowledge base's (a uniform reservoir sample beyond), so a full UMLS
/// release does not hold every name in memory; the negatives are drawn from these.
const ALL_CAP: usize = 2_000_000;
/// Names kept per task type (likewise); the positives are drawn from these.
const TYPE_CAP: usize = 1_000_000;

/// A concept's task types and the type shown beside its names.
#[derive(Debug, PartialEq, Eq, Hash, Clone)]
struct Kind {
    /// Task types, lower-cased.
    task_types: Vec<String>,
    shown: String,
}

/// Every usable name of a knowledge base (up to the caps), typed.
#[derive(Debug, Default)]
pub(crate) struct RandomNames {
    kinds: Vec<Kind>,
    /// Each name with its kind's index, in store order.
    all: Vec<(String, u32)>,
    /// Per task type (lower case), its names, in store order.
    by_type: HashMap<String, Vec<String>>,
}

impl RandomNames {
    /// One scan of the store behind `names`: the names of each concept written in English (or
    /// with no language), by the same spelling rules as retrieved names (see
    /// [`KbNames::lookup`]): inverted catalogue forms and names of too many words left out,
    /// shouted names lower-cased, one spelling per normalized form and concept.
    fn scan(names: &KbNames) -> Result<Self> {
        // A fixed seed: the sample is shared by every draw, whatever its seed; below the caps
        // nothing is drawn and every name is kept in store order.
        let mut rng = Rng::new(0x5EED_D8B0);
        let mut out = RandomNames::default();
        let mut kind_ids: HashMap<Kind, u32> = HashMap::new();
        let mut seen_all = 0usize;
        let mut seen_by_type: HashMap<String, usize> = HashMap::new();
        let max_words = names.options().max_name_words;
        names.index().kb().for_each_concept(|c| {
            let types = names.types().task_types(&c.types, &c.origins);
            let kind = Kind {
                task_types: types.iter().map(|t| t.to_lowercase()).collect(),
                shown: types
                    .first()
                    .map(|t| t.to_string())
                    .or_else(|| c.types.first().map(|t| t.name.clone()))
                    .unwrap_or_default(),
            };
            let id = match kind_ids.get(&kind) {
                Some(&id) => id,
                None => {
                    let id = out.kinds.len() as u32;
                    kind_ids.insert(kind.clone(), id);
                    out.kinds.push(kind);
                    id
                }
            };
            let mut keys = HashSet::new();
            let spellings: Vec<String> = c
                .atoms
                .iter()
                .filter(|a| a.lang.is_empty() || a.lang == "ENG")
                .filter(|a| {
                    // The order matters: a spelling of too many words still claims its key.
                    let key = kbner_kb::normalize_name(&a.name);
                    !key.is_empty()
                        && !a.name.contains(", ")
                        && keys.insert(key)
                        && tokenize::words(&a.name, 0).len() <= max_words
                })
                .map(|a| {
                    if shouted(&a.name) {
                        a.name.to_lowercase()
                    } else {
                        a.name.clone()
                    }
                })
                .collect();
            for t in &out.kinds[id as usize].task_types {
                let pool = out.by_type.entry(t.clone()).or_default();
                let seen = seen_by_type.entry(t.clone()).or_default();
                for name in &spellings {
                    reservoir(pool, seen, TYPE_CAP, name.clone(), &mut rng);
                }
            }
            for name in spellings {
                reservoir(&mut out.all, &mut seen_all, ALL_CAP, (name, id), &mut rng);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The pools of task type `task_type` (any case): its names, and the other names with the
    /// type shown beside them.
    pub(crate) fn pools(&self, task_type: &str) -> (Vec<String>, Vec<(String, String)>) {
        let target = task_type.to_lowercase();
        let positives = self.by_type.get(&target).cloned().unwrap_or_default();
        let negatives = self
            .all
            .iter()
            .filter_map(|(name, id)| {
                let kind = &self.kinds[*id as usize];
                (!kind.task_types.contains(&target)).then(|| (name.clone(), kind.shown.clone()))
            })
            .collect();
        (positives, negatives)
    }
}

impl KbNames {
    /// The knowledge base's names for random draws: scanned on first use, then kept.
    pub(crate) fn random_names(&self) -> Result<Arc<RandomNames>> {
        let mut slot = self
            .random
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(r) = slot.as_ref() {
            return Ok(r.clone());
        }
        let r = Arc::new(RandomNames::scan(self)?);
        *slot = Some(r.clone());
        Ok(r)
    }
}

/// Keeps a uniform sample of at most `cap` of the items offered (`seen` counts them).
fn reservoir<T>(pool: &mut Vec<T>, seen: &mut usize, cap: usize, item: T, rng: &mut Rng) {
    *seen += 1;
    if pool.len() < cap {
        pool.push(item);
    } else {
        let j = rng.below(*seen);
        if j < cap {
            pool[j] = item;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reservoir_keeps_everything_below_its_cap_and_a_sample_above() {
        let mut rng = Rng::new(1);
        let (mut pool, mut seen) = (Vec::new(), 0);
        for i in 0..5 {
            reservoir(&mut pool, &mut seen, 10, i, &mut rng);
        }
        assert_eq!(pool, vec![0, 1, 2, 3, 4]);
        for i in 5..10_000 {
            reservoir(&mut pool, &mut seen, 10, i, &mut rng);
        }
        assert_eq!(pool.len(), 10);
        assert_eq!(seen, 10_000);
        // A uniform sample of 10,000 items: not the first ten.
        assert!(pool.iter().any(|&i| i >= 10));
    }

    #[test]
    fn pools_split_names_by_the_target_type_in_any_case() {
        let r = RandomNames {
            kinds: vec![
                Kind {
                    task_types: vec!["disease".into()],
                    shown: "Disease".into(),
                },
                Kind {
                    task_types: vec!["chemical".into()],
                    shown: "Chemical".into(),
                },
            ],
            all: vec![("asthma".into(), 0), ("aspirin".into(), 1)],
            by_type: HashMap::from([("disease".to_string(), vec!["asthma".to_string()])]),
        };
        let (pos, neg) = r.pools("DISEASE");
        assert_eq!(pos, vec!["asthma".to_string()]);
        assert_eq!(neg, vec![("aspirin".to_string(), "Chemical".to_string())]);
        let (pos, neg) = r.pools("Gene/Protein");
        assert!(pos.is_empty());
        assert_eq!(neg.len(), 2);
    }
}
