//! Exact name matching: an FST (the `fst` crate) over every normalized name of the index, walked
//! token by token from each start token, so that all names that occur in a text as whole-token
//! sequences are found in one pass, longest and shortest alike.

use super::tokens::{Gap, Token};
use super::variants::variants;
use fst::raw::{Fst, Node, Output};

/// One name occurrence: tokens `[first, last]` spell name `name_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameHit {
    pub first: usize,
    pub last: usize,
    pub name_id: u32,
    /// Some token was matched through a plural or spelling variant.
    pub variant: bool,
}

/// The automaton of all names, their ids the positions in the sorted name list.
pub(crate) struct NameAutomaton {
    fst: Fst<Vec<u8>>,
    /// Last words of names (head words) and how many names end with each.
    heads: std::collections::HashMap<Box<str>, u32>,
    /// Names in the automaton.
    names: u32,
}

/// Tokens one name may span at most; longer names are not matched exactly (none is that long in
/// practice, and the walk stays linear in the text).
pub(crate) const MAX_NAME_TOKENS: usize = 24;

impl NameAutomaton {
    /// Builds the automaton of `names`, which must be sorted and distinct (the index's
    /// `names.txt`).
    pub fn build(names: &[Box<str>]) -> Result<Self, String> {
        let mut builder = fst::MapBuilder::memory();
        let mut heads: std::collections::HashMap<Box<str>, u32> = std::collections::HashMap::new();
        for (i, n) in names.iter().enumerate() {
            if n.is_empty() {
                continue;
            }
            builder
                .insert(n.as_bytes(), i as u64)
                .map_err(|e| format!("name automaton: {e}"))?;
            if let Some(last) = n.rsplit(' ').next() {
                match heads.get_mut(last) {
                    Some(c) => *c += 1,
                    None => {
                        heads.insert(last.into(), 1);
                    }
                }
            }
        }
        let bytes = builder
            .into_inner()
            .map_err(|e| format!("name automaton: {e}"))?;
        let fst = Fst::new(bytes).map_err(|e| format!("name automaton: {e}"))?;
        Ok(NameAutomaton {
            fst,
            heads,
            names: names.len() as u32,
        })
    }

    /// Whether some name ends with the word `w`.
    pub fn is_head(&self, w: &str) -> bool {
        self.heads.contains_key(w)
    }

    /// Whether `w` is a class word: the last word of at least 1 in 200 names (`disease`,
    /// `syndrome`, `deficiency` in MEDIC; `abnormality` in HPO). Alone it names a root concept
    /// or nothing (MEDIC's OMIM-derived `INCLUDED`), not a mention.
    pub fn is_class_word(&self, w: &str) -> bool {
        self.heads
            .get(w)
            .is_some_and(|&n| n >= 20 && u64::from(n) * 200 >= u64::from(self.names))
    }

    /// The id of the name spelt exactly `name` (normalized), if any.
    pub fn name_id(&self, name: &str) -> Option<u32> {
        let mut node = self.fst.root();
        let mut out = Output::zero();
        for &b in name.as_bytes() {
            let i = node.find_input(b)?;
            let t = node.transition(i);
            out = out.cat(t.out);
            node = self.fst.node(t.addr);
        }
        node.is_final()
            .then(|| out.cat(node.final_output()).value() as u32)
    }

    /// Bytes of the automaton.
    pub fn size(&self) -> usize {
        self.fst.as_bytes().len()
    }

    /// Follows `bytes` from `node`; `None` when the automaton has no such path.
    fn walk<'f>(
        &'f self,
        mut node: Node<'f>,
        mut out: Output,
        bytes: &[u8],
    ) -> Option<(Node<'f>, Output)> {
        for &b in bytes {
            let i = node.find_input(b)?;
            let t = node.transition(i);
            out = out.cat(t.out);
            node = self.fst.node(t.addr);
        }
        Some((node, out))
    }

    /// Every name that `tokens[first..]` starts with, the words of each token tried as written
    /// and through their variants (pre-computed in `token_variants`).
    pub fn hits_from(
        &self,
        tokens: &[Token],
        token_variants: &[Vec<String>],
        first: usize,
        out: &mut Vec<NameHit>,
    ) {
        // Depth-first over (next token, node, output, through a variant): variants branch.
        let mut stack: Vec<(usize, Node<'_>, Output, bool)> =
            vec![(first, self.fst.root(), Output::zero(), false)];
        while let Some((j, node, output, variant)) = stack.pop() {
            if j >= tokens.len() || j - first >= MAX_NAME_TOKENS {
                continue;
            }
            let tok = &tokens[j];
            // A name continues across spaces and joiners, not across other punctuation.
            let (node, output) = if j == first {
                (node, output)
            } else {
                match tok.gap {
                    Gap::Glued => (node, output),
                    Gap::Space | Gap::Joiner => match self.walk(node, output, b" ") {
                        Some(n) => n,
                        None => continue,
                    },
                    Gap::Punct => continue,
                }
            };
            let forms = std::iter::once((tok.norm.as_str(), false))
                .chain(token_variants[j].iter().map(|v| (v.as_str(), true)));
            for (form, is_variant) in forms {
                let Some((n, o)) = self.walk(node, output, form.as_bytes()) else {
                    continue;
                };
                let variant = variant || is_variant;
                if n.is_final() {
                    out.push(NameHit {
                        first,
                        last: j,
                        name_id: o.cat(n.final_output()).value() as u32,
                        variant,
                    });
                }
                if !n.is_empty() {
                    stack.push((j + 1, n, o, variant));
                }
            }
        }
    }
}

/// The variants of every token (empty for most).
pub(crate) fn token_variants(tokens: &[Token]) -> Vec<Vec<String>> {
    tokens.iter().map(|t| variants(&t.norm)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn automaton(names: &[&str]) -> (NameAutomaton, Vec<Box<str>>) {
        let mut v: Vec<Box<str>> = names.iter().map(|n| Box::from(*n)).collect();
        v.sort();
        (NameAutomaton::build(&v).unwrap(), v)
    }

    fn found(text: &str, names: &[&str]) -> Vec<(String, bool)> {
        let (a, sorted) = automaton(names);
        let toks = tokenize(text, 0);
        let vars = token_variants(&toks);
        let mut hits = Vec::new();
        for i in 0..toks.len() {
            a.hits_from(&toks, &vars, i, &mut hits);
        }
        let mut out: Vec<(String, bool)> = hits
            .iter()
            .map(|h| (sorted[h.name_id as usize].to_string(), h.variant))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn every_whole_token_name_is_found_with_its_id() {
        let names = [
            "breast cancer",
            "cancer",
            "ovarian cancer",
            "breast",
            "cystic fibrosis",
        ];
        assert_eq!(
            found("Hereditary Breast-Cancer; no cystic fibrosis.", &names),
            [
                ("breast".into(), false),
                ("breast cancer".into(), false),
                ("cancer".into(), false),
                ("cystic fibrosis".into(), false)
            ]
        );
        // Not inside a word, not across a full stop.
        assert!(found("precancerous breast. Cancer", &["breast cancer"]).is_empty());
    }

    #[test]
    fn plural_and_british_forms_match_through_variants() {
        let names = ["colorectal tumor", "hemolytic uremic syndrome"];
        assert_eq!(
            found("colorectal tumours and haemolytic uraemic syndrome", &names),
            [
                ("colorectal tumor".into(), true),
                ("hemolytic uremic syndrome".into(), true)
            ]
        );
    }

    #[test]
    fn a_word_ending_many_names_is_a_class_word() {
        let mut names: Vec<String> = (0..30).map(|i| format!("type {i} disease")).collect();
        names.extend((0..30).map(|i| format!("rare name {i}")));
        names.push("disease".into());
        names.push("cancer".into());
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let (a, _) = automaton(&names);
        assert!(a.is_class_word("disease"));
        assert!(!a.is_class_word("cancer"));
        assert!(a.name_id("type 3 disease").is_some() && a.name_id("type 3").is_none());
    }

    #[test]
    fn han_names_match_at_any_character() {
        assert_eq!(
            found("患有高血压。", &["高血压"]),
            [("高血压".into(), false)]
        );
    }
}
