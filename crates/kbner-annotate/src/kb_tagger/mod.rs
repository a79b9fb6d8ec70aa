//! The knowledge-base tagger: concept names found in text, with their concepts, in one pass.
//!
//! 1. **Exact**: every whole-token sequence of the text that is a normalized name of the index
//!    (an FST over all names, [`names`]), words also tried in the singular and in American
//!    spelling ([`variants`]).
//! 2. **Approximate** (optional): word spans ending in a word that ends some name, that no exact
//!    match ends on, are searched in the concept index — lexical (character trigrams, accepted
//!    above a Dice similarity threshold) or dense (accepted above a cosine threshold).
//! 3. **Overlaps** resolved: longest span first, then best score.
//! 4. **Abbreviations** defined in the document ("adenomatous polyposis coli (APC)"): every
//!    occurrence of the short form takes the long form's concept; a short form defined as
//!    something the knowledge base does not hold is not tagged as the knowledge base's
//!    homonym.
//!
//! Function words alone, digits alone and short lower-case words are not taken as names.

mod concepts;
mod names;
mod resolve;
mod stopwords;
mod tokens;
mod variants;

use std::collections::HashSet;
use std::sync::Arc;

use kbner_corpus::{Document, Entity};
use kbner_index::{ConceptIndex, Retriever, SearchOptions};
use kbner_link::find_abbreviations;
use serde::Serialize;

use crate::{AnnotateError, Result};
pub use concepts::Label;
use concepts::{ConceptInfo, Concepts};
use names::{token_variants, NameAutomaton, NameHit};
use resolve::{resolve_overlaps, Span};
use stopwords::is_stop_word;
use tokens::{tokenize, Gap, Token};

/// How approximate matches are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Approximate {
    /// Exact (and variant) name matches only.
    Off,
    /// The index's lexical retriever, a candidate accepted when the character-trigram Dice
    /// similarity of span and name reaches the threshold.
    Lexical,
    /// The index's dense retriever (the encoder embeds each span), accepted when the cosine
    /// similarity reaches the threshold.
    Dense,
}

impl std::str::FromStr for Approximate {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "off" | "none" => Ok(Approximate::Off),
            "lexical" => Ok(Approximate::Lexical),
            "dense" => Ok(Approximate::Dense),
            o => Err(format!(
                "unknown approximate matching {o:?} (off, lexical or dense)"
            )),
        }
    }
}

/// Settings of the knowledge-base tagger.
#[derive(Debug, Clone)]
pub struct KbTaggerOptions {
    /// Keep only concepts with one of these semantic types (TUI, type name, group); empty = all.
    pub types: Vec<String>,
    /// Entity type written for a concept: the first label whose types the concept has; a concept
    /// matching no label is not tagged. Empty: each concept's own type name.
    pub labels: Vec<Label>,
    /// Approximate matching.
    pub approximate: Approximate,
    /// Similarity an approximate match needs (Dice for lexical, cosine for dense), 0 to 1.
    pub threshold: f32,
    /// Longest span (in words) searched approximately.
    pub max_words: usize,
    /// Concept ids kept per entity, best first.
    pub k: usize,
    /// Id namespaces to write concepts in, most preferred first (as `kbner link --prefer-ids`).
    pub prefer_ids: Vec<String>,
    /// Resolve abbreviations defined in each document.
    pub abbreviations: bool,
    /// Keep overlapping and nested matches instead of the longest of each overlap.
    pub keep_overlaps: bool,
    /// Join coordinated names into one composite mention ("breast and ovarian cancer",
    /// "breast/ovarian cancer") whose ids are those of each conjunct.
    pub composites: bool,
    /// Take inheritance and laterality modifiers before a name into the mention ("hereditary
    /// hemochromatosis", "unilateral retinoblastoma", "autosomal recessive Alport syndrome"),
    /// as disease corpora annotate them; the concept stays the name's.
    pub modifiers: bool,
    /// Quality phrases mined from a corpus like the input (`kbner mine`): each document's
    /// phrasal segmentation adds candidate spans to approximate matching.
    pub phrases: Option<Arc<kbner_mine::MinedPhrases>>,
}

impl Default for KbTaggerOptions {
    fn default() -> Self {
        KbTaggerOptions {
            types: Vec::new(),
            labels: Vec::new(),
            approximate: Approximate::Off,
            threshold: 0.8,
            max_words: 6,
            k: 5,
            prefer_ids: Vec::new(),
            abbreviations: true,
            keep_overlaps: false,
            composites: true,
            modifiers: true,
            phrases: None,
        }
    }
}

/// Approximate searches one document may make at most (distinct spans); the rest are skipped, so a
/// pathological document cannot take minutes.
const MAX_APPROX_PER_DOC: usize = 256;

/// Finds the concepts of a knowledge base in text. Cheap to share between threads (`Sync`).
pub struct KbTagger {
    index: Arc<ConceptIndex>,
    automaton: NameAutomaton,
    concepts: Concepts,
    opts: KbTaggerOptions,
}

impl KbTagger {
    /// A tagger over `index` (its names, store and encoder). Builds the name automaton: a second
    /// or so per million names.
    pub fn new(index: Arc<ConceptIndex>, opts: KbTaggerOptions) -> Result<Self> {
        if !(0.0..=1.0).contains(&opts.threshold) {
            return Err(AnnotateError::Invalid(format!(
                "similarity threshold {} is not between 0 and 1",
                opts.threshold
            )));
        }
        for t in opts
            .types
            .iter()
            .chain(opts.labels.iter().flat_map(|l| &l.types))
        {
            index.kb().check_type_filter(t)?;
        }
        let automaton = NameAutomaton::build(index.names()).map_err(AnnotateError::Invalid)?;
        let concepts = Concepts::new(&opts);
        Ok(KbTagger {
            index,
            automaton,
            concepts,
            opts,
        })
    }

    /// The settings.
    pub fn options(&self) -> &KbTaggerOptions {
        &self.opts
    }

    /// The concept index.
    pub fn index(&self) -> &Arc<ConceptIndex> {
        &self.index
    }

    /// Bytes of the name automaton.
    pub fn automaton_bytes(&self) -> usize {
        self.automaton.size()
    }

    /// The entities of `doc` (its own entities are not read), in text order, each with ranked
    /// concept ids, their scores, every id of each concept and the best concept's name (infon
    /// `name`).
    pub fn tag(&self, doc: &Document) -> Result<Vec<Entity>> {
        let (toks, chars) = document_tokens(doc);
        if toks.is_empty() {
            return Ok(Vec::new());
        }
        let vars = token_variants(&toks);
        let mut hits: Vec<NameHit> = Vec::new();
        for i in 0..toks.len() {
            self.automaton.hits_from(&toks, &vars, i, &mut hits);
        }
        let mut spans: Vec<Span> = Vec::with_capacity(hits.len());
        for h in &hits {
            if !plausible(&toks[h.first..=h.last]) {
                continue;
            }
            let name = &self.index.names()[h.name_id as usize];
            if !name.contains(' ') && self.automaton.is_class_word(name) {
                continue;
            }
            let found = self.concepts.for_name(&self.index, h.name_id, name)?;
            if found.is_empty() || gene_symbol(&toks, h.first, h.last, &found) {
                continue;
            }
            spans.push(Span {
                start: toks[h.first].start,
                end: toks[h.last].end,
                first: h.first,
                last: h.last,
                score: if h.variant { 0.95 } else { 1.0 },
                concepts: found,
                how: if h.variant { "variant" } else { "exact" },
                conjuncts: Vec::new(),
            });
        }
        if self.opts.approximate != Approximate::Off {
            let mined = self.mined_spans(doc, &toks);
            self.approximate(&toks, &hits, &mined, &mut spans)?;
        }
        let mut kept = if self.opts.keep_overlaps {
            spans
        } else {
            resolve_overlaps(spans)
        };
        if self.opts.composites && !self.opts.keep_overlaps {
            kept = self.composites(&toks, &vars, &chars, kept)?;
        }
        if self.opts.modifiers {
            extend_over_modifiers(&toks, &mut kept);
        }
        if self.opts.abbreviations {
            kept = self.abbreviations(&chars, &toks, kept)?;
        }
        kept.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        Ok(kept.into_iter().map(|s| self.entity(&chars, s)).collect())
    }

    /// The mined quality phrases of `doc` (its passages' phrasal segmentation) as token ranges.
    fn mined_spans(&self, doc: &Document, toks: &[Token]) -> Vec<(usize, usize)> {
        let Some(phrases) = &self.opts.phrases else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for p in &doc.passages {
            for span in phrases.segment(&p.text) {
                let (start, end) = (p.offset + span.start, p.offset + span.end);
                let first = toks.partition_point(|t| t.start < start);
                let last = toks.partition_point(|t| t.end < end);
                if first < toks.len()
                    && last < toks.len()
                    && toks[first].start == start
                    && toks[last].end == end
                    && first < last
                {
                    out.push((first, last));
                }
            }
        }
        out
    }

    /// Approximate matches of the spans that exact matching left open: spans ending in a head
    /// word, and mined phrases.
    fn approximate(
        &self,
        toks: &[Token],
        hits: &[NameHit],
        mined: &[(usize, usize)],
        spans: &mut Vec<Span>,
    ) -> Result<()> {
        let mut exact_end = vec![false; toks.len()];
        for h in hits {
            exact_end[h.last] = true;
        }
        let mut queries: Vec<(usize, usize, String)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for &(i, j) in mined {
            if exact_end[j] {
                continue;
            }
            let mut text = toks[i].norm.clone();
            for t in &toks[i + 1..=j] {
                if t.gap != Gap::Glued {
                    text.push(' ');
                }
                text.push_str(&t.norm);
            }
            if seen.insert(text.clone()) {
                queries.push((i, j, text));
            }
        }
        for j in 0..toks.len() {
            let head = &toks[j];
            if exact_end[j] || is_stop_word(&head.norm) || !self.automaton.is_head(&head.norm) {
                continue;
            }
            let mut text = head.norm.clone();
            for i in (0..j).rev() {
                if j - i + 1 > self.opts.max_words || toks[i + 1].gap == Gap::Punct {
                    break;
                }
                let sep = if toks[i + 1].gap == Gap::Glued {
                    ""
                } else {
                    " "
                };
                text = format!("{}{sep}{text}", toks[i].norm);
                if is_stop_word(&toks[i].norm) || toks[i].norm.chars().all(|c| c.is_numeric()) {
                    continue;
                }
                if seen.insert(text.clone()) {
                    queries.push((i, j, text.clone()));
                }
            }
            if queries.len() >= MAX_APPROX_PER_DOC {
                break;
            }
        }
        if queries.is_empty() {
            return Ok(());
        }
        let retriever = match self.opts.approximate {
            Approximate::Dense => Retriever::Dense,
            _ => Retriever::Lexical,
        };
        let search = SearchOptions {
            k: 3,
            retriever,
            types: self.opts.types.clone(),
            depth: 10,
            ..Default::default()
        };
        let texts: Vec<&str> = queries.iter().map(|q| q.2.as_str()).collect();
        let results = self.index.search_many(&texts, &search)?;
        for ((i, j, text), cands) in queries.iter().zip(results) {
            let mut best: Option<(f32, &kbner_index::Candidate)> = None;
            for c in &cands {
                let sim = match self.opts.approximate {
                    Approximate::Dense => c.cosine.unwrap_or(0.0),
                    _ => trigram_dice(text, &c.matched_name),
                };
                if sim >= self.opts.threshold && best.is_none_or(|(b, _)| sim > b) {
                    best = Some((sim, c));
                }
            }
            let Some((sim, c)) = best else { continue };
            let infos = self.concepts.for_candidate(&self.index, c)?;
            if infos.is_empty() {
                continue;
            }
            spans.push(Span {
                start: toks[*i].start,
                end: toks[*j].end,
                first: *i,
                last: *j,
                // Below every exact match of the same length.
                score: 0.9 * sim,
                concepts: infos,
                how: "approximate",
                conjuncts: Vec::new(),
            });
        }
        Ok(())
    }

    /// Applies the abbreviations defined in the document to the resolved spans.
    fn abbreviations(&self, chars: &[char], toks: &[Token], spans: Vec<Span>) -> Result<Vec<Span>> {
        let text: String = chars.iter().collect();
        let defs = find_abbreviations(&text);
        if defs.is_empty() {
            return Ok(spans);
        }
        let mut spans = spans;
        for d in defs {
            // The long form's concept: the longest span ending where the long form ends, else
            // the long form searched in the index (a close lexical match).
            let mut long = spans
                .iter()
                .filter(|s| s.end == d.long_end && s.start >= d.long_start)
                .min_by_key(|s| s.start)
                .cloned();
            if long.is_none() {
                long = self.search_long_form(toks, d.long_start, d.long_end, &d.long)?;
                if let Some(l) = &long {
                    if !spans.iter().any(|s| s.start < l.end && l.start < s.end) {
                        spans.push(l.clone());
                    }
                }
            }
            let occurrences = occurrences(chars, toks, &d.short);
            // Whatever matched the short form itself is replaced by the document's meaning.
            spans.retain(|s| {
                !occurrences
                    .iter()
                    .any(|&(a, b, _, _)| s.start == a && s.end == b)
            });
            let Some(long) = long else { continue };
            for (start, end, first, last) in occurrences {
                if spans.iter().any(|s| s.start < end && start < s.end) {
                    continue;
                }
                spans.push(Span {
                    start,
                    end,
                    first,
                    last,
                    score: long.score,
                    concepts: long.concepts.clone(),
                    how: "abbreviation",
                    conjuncts: long.conjuncts.clone(),
                });
            }
        }
        Ok(spans)
    }

    /// A long form no name matched, searched through the lexical index: the best concept whose
    /// name is close to it (character-trigram Dice ≥ 0.8), as a span over the long form.
    fn search_long_form(
        &self,
        toks: &[Token],
        start: usize,
        end: usize,
        long: &str,
    ) -> Result<Option<Span>> {
        let (Some(first), Some(last)) = (
            toks.iter().position(|t| t.start == start),
            toks.iter().rposition(|t| t.end == end),
        ) else {
            return Ok(None);
        };
        let norm = kbner_kb::normalize_name(long);
        if norm.is_empty() || kbner_index::check_query(&norm).is_err() {
            return Ok(None);
        }
        let search = SearchOptions {
            k: 3,
            retriever: Retriever::Lexical,
            types: self.opts.types.clone(),
            depth: 10,
            ..Default::default()
        };
        let cands = self.index.search(&norm, &search)?;
        let best = cands
            .iter()
            .map(|c| (trigram_dice(&norm, &c.matched_name), c))
            .filter(|(sim, _)| *sim >= LONG_FORM_SIMILARITY)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((sim, c)) = best else {
            return Ok(None);
        };
        let infos = self.concepts.for_candidate(&self.index, c)?;
        if infos.is_empty() {
            return Ok(None);
        }
        Ok(Some(Span {
            start,
            end,
            first,
            last,
            score: 0.9 * sim,
            concepts: infos,
            how: "approximate",
            conjuncts: Vec::new(),
        }))
    }

    /// Coordinated names joined into composite mentions: a span whose name, with its first word
    /// replaced by the word before an `and`, `or`, `/` or `,` on its left, is also a name
    /// ("breast and ovarian cancer": `breast cancer` + `ovarian cancer`), repeatedly leftwards
    /// ("breast, brain and kidney cancer").
    fn composites(
        &self,
        toks: &[Token],
        vars: &[Vec<String>],
        chars: &[char],
        spans: Vec<Span>,
    ) -> Result<Vec<Span>> {
        let mut out: Vec<Span> = Vec::with_capacity(spans.len());
        let taken_before = |out: &[Span], start: usize| out.last().is_some_and(|p| p.end > start);
        for s in spans {
            if s.last <= s.first || s.how == "approximate" {
                out.push(s);
                continue;
            }
            // The words after the first: the shared head ("cancer" of "ovarian cancer").
            let head: Vec<&str> = toks[s.first + 1..=s.last]
                .iter()
                .map(|t| t.norm.as_str())
                .collect();
            let mut composite = s.clone();
            let mut conjuncts = vec![s.concepts.clone()];
            let mut at = s.first;
            while let Some((x, joined)) = left_conjunct(toks, chars, at) {
                let name = format!("{} {}", toks[x].norm, head.join(" "));
                let id = self.automaton.name_id(&name).or_else(|| {
                    // The shared head may be plural ("breast and ovarian cancers").
                    vars[s.last].iter().find_map(|v| {
                        let mut h = head.clone();
                        if let Some(l) = h.last_mut() {
                            *l = v;
                        }
                        self.automaton
                            .name_id(&format!("{} {}", toks[x].norm, h.join(" ")))
                    })
                });
                let Some(id) = id else { break };
                let name = &self.index.names()[id as usize];
                let found = self.concepts.for_name(&self.index, id, name)?;
                if found.is_empty() || taken_before(&out, toks[x].start) {
                    break;
                }
                conjuncts.insert(0, found);
                composite.start = toks[x].start;
                composite.first = x;
                at = x;
                if !joined {
                    break;
                }
            }
            if conjuncts.len() > 1 {
                composite.how = "composite";
                composite.conjuncts = conjuncts;
                out.push(composite);
            } else {
                out.push(s);
            }
        }
        Ok(out)
    }

    fn entity(&self, chars: &[char], s: Span) -> Entity {
        let text: String = chars[s.start..s.end].iter().collect();
        // A composite mention's first conjunct comes first, as its ids do.
        let best = s
            .conjuncts
            .first()
            .and_then(|c| c.first())
            .unwrap_or(&s.concepts[0]);
        let mut e = Entity::new(s.start, s.end, text, best.label.clone());
        let k = self.opts.k.max(1);
        if s.conjuncts.is_empty() {
            for (rank, c) in s.concepts.iter().take(k).enumerate() {
                e.ids.push(c.written.clone());
                e.concept_ids.push(c.all_ids.clone());
                // Alternatives of one name rank below the first.
                e.id_scores.push(f64::from(s.score) / (1.0 + rank as f64));
            }
            e.ids_ranked = true;
        } else {
            // A composite mention: the best concept of each conjunct, all of which apply.
            for c in s.conjuncts.iter().filter_map(|c| c.first()) {
                e.ids.push(c.written.clone());
                e.concept_ids.push(c.all_ids.clone());
                e.id_scores.push(f64::from(s.score));
            }
        }
        e.score = Some(f64::from(s.score));
        let name = if s.conjuncts.is_empty() {
            best.name.clone()
        } else {
            let names: Vec<&str> = s
                .conjuncts
                .iter()
                .filter_map(|c| c.first().map(|c| c.name.as_str()))
                .collect();
            names.join("; ")
        };
        e.infons.set("name", name);
        e.infons.set("match", s.how);
        e
    }
}

/// All tokens of a document's passages (a passage starts after a phrase break), and the
/// document's characters with gaps between passages as spaces.
fn document_tokens(doc: &Document) -> (Vec<Token>, Vec<char>) {
    let mut chars: Vec<char> = Vec::new();
    let mut toks: Vec<Token> = Vec::new();
    for p in &doc.passages {
        if chars.len() < p.offset {
            chars.resize(p.offset, ' ');
        }
        // Passages are ordered and do not overlap (the model's invariant); a reader bug that broke
        // it must not panic here.
        if chars.len() > p.offset {
            continue;
        }
        chars.extend(p.text.chars());
        let mut t = tokenize(&p.text, p.offset);
        if let Some(first) = t.first_mut() {
            first.gap = Gap::Punct;
        }
        toks.extend(t);
    }
    (toks, chars)
}

/// Whether a name match over `toks` can be a mention: not a function word alone, not digits
/// alone, not a lower-case word of three letters or fewer (`all`, `cad`: as capitals they are
/// abbreviations).
fn plausible(toks: &[Token]) -> bool {
    if toks.iter().all(|t| t.norm.chars().all(|c| c.is_numeric())) {
        return false;
    }
    if let [t] = toks {
        // `ALL` (acute lymphoblastic leukemia) is a name, `all`, `All` and `AS` are not.
        if is_stop_word(&t.norm) && (t.has_lower || t.chars < 3) {
            return false;
        }
        if t.chars <= 3 && !t.has_upper && !t.norm.chars().all(tokens::is_unspaced) {
            return false;
        }
    }
    true
}

/// Where the short form `short` occurs in the document as whole tokens, case-sensitive:
/// `(start, end, first token, last token)`.
fn occurrences(chars: &[char], toks: &[Token], short: &str) -> Vec<(usize, usize, usize, usize)> {
    let want = tokenize(short, 0);
    let mut out = Vec::new();
    if want.is_empty() {
        return out;
    }
    let short_chars: Vec<char> = short.chars().collect();
    'start: for i in 0..toks.len() {
        if i + want.len() > toks.len() {
            break;
        }
        for (k, w) in want.iter().enumerate() {
            let t = &toks[i + k];
            if t.norm != w.norm || (k > 0 && t.gap == Gap::Punct) {
                continue 'start;
            }
        }
        let (start, end) = (toks[i].start, toks[i + want.len() - 1].end);
        if chars.get(start..end) == Some(&short_chars[..]) {
            out.push((start, end, i, i + want.len() - 1));
        }
    }
    out
}

/// Similarity a long form needs to a name for its short form to be tagged with that concept.
const LONG_FORM_SIMILARITY: f32 = 0.8;

/// Words after a symbol that make it a gene's or protein's, not its disease's ("HFE gene",
/// "APC mutations", "WT1 protein").
const GENE_CONTEXT: &[&str] = &[
    "allele",
    "alleles",
    "codon",
    "exon",
    "exons",
    "expression",
    "gene",
    "genes",
    "genotype",
    "genotypes",
    "haplotype",
    "haplotypes",
    "locus",
    "mrna",
    "mutant",
    "mutation",
    "mutations",
    "polymorphism",
    "polymorphisms",
    "promoter",
    "protein",
    "proteins",
    "transcript",
    "transcripts",
];

/// Whether a one-token match of a symbol (no lower-case letter) names its gene here: a gene word
/// follows, and none of its concepts is a gene or protein.
fn gene_symbol(toks: &[Token], first: usize, last: usize, found: &[Arc<ConceptInfo>]) -> bool {
    if first != last || toks[first].has_lower || found.iter().any(|c| c.gene_like) {
        return false;
    }
    toks.get(last + 1).is_some_and(|n| {
        matches!(n.gap, Gap::Space | Gap::Joiner)
            && GENE_CONTEXT.binary_search(&n.norm.as_str()).is_ok()
    })
}

/// The word left of token `at` coordinated with it: `(its token, whether more may follow
/// leftwards)`, for `X and Y`, `X or Y`, `X/Y`, `X, Y`.
fn left_conjunct(toks: &[Token], chars: &[char], at: usize) -> Option<(usize, bool)> {
    let between = |a: usize, b: usize| -> String {
        chars[toks[a].end..toks[b].start].iter().collect::<String>()
    };
    if at == 0 {
        return None;
    }
    let sep = between(at - 1, at);
    let sep = sep.trim();
    if sep == "/" || sep == "," {
        let x = at - 1;
        return (!is_stop_word(&toks[x].norm)).then_some((x, true));
    }
    let conj = &toks[at - 1].norm;
    if sep.is_empty() && (conj == "and" || conj == "or") && at >= 2 {
        let before = between(at - 2, at - 1);
        let before = before.trim();
        if before.is_empty() || before == "," {
            let x = at - 2;
            return (!is_stop_word(&toks[x].norm)).then_some((x, true));
        }
    }
    None
}

/// Modifiers before a disease name that disease corpora include in the mention.
const MODIFIERS: &[&[&str]] = &[
    &["attenuated"],
    &["autosomal", "dominant"],
    &["autosomal", "recessive"],
    &["bilateral"],
    &["congenital"],
    &["familial"],
    &["hereditary"],
    &["inherited"],
    &["sporadic"],
    &["unilateral"],
    &["x", "linked"],
];

/// Moves each span's start left over the modifiers in front of it.
fn extend_over_modifiers(toks: &[Token], spans: &mut [Span]) {
    spans.sort_by_key(|s| s.start);
    for k in 0..spans.len() {
        let floor = if k == 0 { 0 } else { spans[k - 1].end };
        let s = &mut spans[k];
        'more: loop {
            for m in MODIFIERS {
                let n = m.len();
                if s.first < n {
                    continue;
                }
                let x = s.first - n;
                let fits = toks[x..s.first]
                    .iter()
                    .zip(m.iter())
                    .all(|(t, w)| t.norm == *w)
                    && toks[x + 1..=s.first]
                        .iter()
                        .all(|t| matches!(t.gap, Gap::Space | Gap::Joiner))
                    && toks[x].start >= floor;
                if fits {
                    s.first = x;
                    s.start = toks[x].start;
                    continue 'more;
                }
            }
            break;
        }
    }
}

/// Dice similarity of the character-trigram multisets of `a` and `b` (each padded with a space
/// at both ends), 0 to 1.
pub(crate) fn trigram_dice(a: &str, b: &str) -> f32 {
    fn grams(s: &str) -> Vec<[char; 3]> {
        let c: Vec<char> = std::iter::once(' ')
            .chain(s.chars())
            .chain(std::iter::once(' '))
            .collect();
        let mut g: Vec<[char; 3]> = c.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
        g.sort_unstable();
        g
    }
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f32 / (x.len() + y.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gene_words_are_sorted_for_binary_search() {
        assert!(GENE_CONTEXT.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn dice_is_one_for_equal_strings_and_high_for_near_ones() {
        assert_eq!(trigram_dice("asthma", "asthma"), 1.0);
        assert!(trigram_dice("breast carcinoma", "breast carcinomas") > 0.85);
        assert!(trigram_dice("breast carcinoma", "lung cancer") < 0.3);
    }

    #[test]
    fn short_lower_case_words_and_function_words_are_not_names() {
        let ok = |s: &str| plausible(&tokenize(s, 0));
        assert!(!ok("all"));
        assert!(ok("ALL"));
        assert!(!ok("was"));
        assert!(!ok("1995"));
        assert!(ok("asthma"));
        assert!(ok("breast cancer"));
        assert!(ok("高血压"));
    }
}
