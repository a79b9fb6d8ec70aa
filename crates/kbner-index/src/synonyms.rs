//! The synonym groups encoder tuning trains on: each concept's names, normalized as the index
//! embeds them, joined by the annotated mentions linked to exactly that concept.

use kbner_kb::{normalize_name, KnowledgeBase};

use crate::Result;

/// How the annotated mentions given to [`synonym_groups`] were used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MentionsJoined {
    /// Mentions that joined their concept's names.
    pub joined: usize,
    /// Mentions left out: no id in the knowledge base, or ids of several concepts.
    pub left_out: usize,
}

/// One group per concept of `kb`: its distinct normalized names (atoms and preferred name), plus
/// the text of each `(mention, ids)` whose ids resolve to that one concept (corpus ids may be
/// concept ids, codes or alternative ids, resolved as the mention memory resolves them).
pub fn synonym_groups<'a>(
    kb: &KnowledgeBase,
    mentions: impl IntoIterator<Item = (&'a str, &'a [String])>,
) -> Result<(Vec<Vec<String>>, MentionsJoined)> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut row_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    kb.for_each_concept(|c| {
        let mut names: Vec<String> = c
            .atoms
            .iter()
            .map(|a| normalize_name(&a.name))
            .chain(std::iter::once(normalize_name(&c.preferred_name)))
            .filter(|n| !n.is_empty())
            .collect();
        names.sort_unstable();
        names.dedup();
        row_of.insert(c.id, groups.len());
        groups.push(names);
        Ok(())
    })?;
    let mut stats = MentionsJoined::default();
    for (text, ids) in mentions {
        let mut concepts: Vec<String> = Vec::new();
        for id in ids {
            for c in kb.resolve_id(id)? {
                if !concepts.contains(&c) {
                    concepts.push(c);
                }
            }
        }
        let norm = normalize_name(text);
        let row = match concepts.as_slice() {
            [only] => row_of.get(only).copied(),
            _ => None,
        };
        match row {
            Some(row) if !norm.is_empty() => {
                if !groups[row].contains(&norm) {
                    groups[row].push(norm);
                }
                stats.joined += 1;
            }
            _ => stats.left_out += 1,
        }
    }
    Ok((groups, stats))
}
