//! Entity-level evaluation.
//!
//! - **strict**: a prediction is correct when a gold mention has the same start, end and type.
//!   Mentions are compared as sets per document (a duplicate span+type counts once), exactly as
//!   seqeval does with its `(type, start, end)` sets; on IOB input, whose spans come from
//!   seqeval-compatible tag decoding, precision/recall/F1 equal seqeval's entity-level figures
//!   (same formulas, same floating-point operation order).
//! - **lenient**: a prediction is correct when it overlaps a gold mention of the same type
//!   (precision), and a gold mention is found when a prediction of its type overlaps it (recall).
//! - **errors** (LLMNER's categories), for each prediction that is not strictly correct, the first
//!   that applies: *wrong type* (a gold mention has exactly its span), *overlap, right type*,
//!   *overlap, wrong type*, else *spurious*; and *missed* for each gold mention that no prediction
//!   overlaps at all.
//! - **linking**: over strictly matched mentions whose gold mention has ids, acc@k is the share whose
//!   first k predicted ids include a gold id. Ids are compared the way the field writes them
//!   ([`canonical_id`]: `MESH:D008107`, `MeSH:D008107`, `MSH:D008107` and `D008107` are one id;
//!   `OMIM:176807` and `176807` another). `end_to_end_acc1` divides the acc@1 hits by all gold
//!   mentions with ids, found or not. When no predicted id matches any gold id at all, the report
//!   says so ([`Linking::ids_never_match`]): the two sides probably use different namespaces.
//!   With an [`IdMapper`] ([`EvalOptions::id_mapper`]; `kbner eval --kb KB` gives the knowledge
//!   base's), two ids also match when they stand for a common concept (`OMIM:608446` and
//!   `D009203`, both ids of MEDIC's *Myocardial Infarction*).
//! - **concepts** (document level, [`EvalReport::concepts`]): per document, the set of concepts
//!   the gold mentions name against the set the predictions name, wherever the mentions are;
//!   precision, recall and F1 over `(document, concept)` pairs. A gold mention contributes every
//!   id it carries (each conjunct of a composite `D1|D2` or `D1+D2` its own concept), a predicted
//!   one the ids that apply ([`Entity::applicable_ids`]: a linker's best candidate, or one per
//!   conjunct). Ids that are equal by [`canonical_id`] or, with an [`IdMapper`], stand for a common
//!   concept, are one concept: a document naming MEDIC's *Myocardial Infarction* as `D009203` in
//!   one mention and `OMIM:608446` in another has one concept with `--kb`, two without. A
//!   predicted concept is correct when one of its ids matches an id of a gold concept of the same
//!   document; a gold concept is found when a predicted one matches it. Mentions without ids are
//!   ignored; types and spans play no part.
//!
//! Documents are paired by id; their texts must agree where both carry text.
//!
//! Types are compared exactly, with one exception ([`EvalOptions::align_type_case`], on by
//! default): a predicted type that matches no gold type, but exactly one gold type ignoring case
//! (a tagger asked for `Gene` scored against BC2GM's `GENE`), is scored as that gold type, and the
//! renaming is listed in [`EvalReport::type_renamings`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use crate::error::{CorpusError, Result};
use crate::model::{Corpus, Document, Entity};

/// Maps a concept id to the concepts it stands for, so that one concept's ids in different
/// namespaces match in linking accuracy (a knowledge base's codes and alternative ids).
pub trait IdMapper: Send + Sync {
    /// The concepts `id` stands for, in any stable form; empty when it is unknown (it is then
    /// compared by [`canonical_id`] only). An error stops the evaluation.
    fn concepts(&self, id: &str) -> std::result::Result<Vec<String>, String>;
}

impl<F> IdMapper for F
where
    F: Fn(&str) -> std::result::Result<Vec<String>, String> + Send + Sync,
{
    fn concepts(&self, id: &str) -> std::result::Result<Vec<String>, String> {
        self(id)
    }
}

/// Evaluation settings.
#[derive(Clone)]
pub struct EvalOptions {
    /// The k of acc@k to report (only those not above the longest predicted id list).
    pub ks: Vec<usize>,
    /// Ignore (and count) predicted documents missing from gold instead of failing.
    pub lenient: bool,
    /// Score a predicted type that matches no gold type exactly but exactly one ignoring case as
    /// that gold type, instead of counting all its mentions wrong (default: on).
    pub align_type_case: bool,
    /// When set, a predicted id also matches a gold id when the two map to a common concept
    /// (default: none; ids are compared by [`canonical_id`] alone).
    pub id_mapper: Option<std::sync::Arc<dyn IdMapper>>,
}

impl fmt::Debug for EvalOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EvalOptions")
            .field("ks", &self.ks)
            .field("lenient", &self.lenient)
            .field("align_type_case", &self.align_type_case)
            .field("id_mapper", &self.id_mapper.as_ref().map(|_| "…"))
            .finish()
    }
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            ks: vec![1, 5, 10],
            lenient: false,
            align_type_case: true,
            id_mapper: None,
        }
    }
}

/// Ids compared for linking: each id's canonical form and, with an [`IdMapper`], its concepts
/// (looked up once per distinct id).
struct IdMatcher<'a> {
    mapper: Option<&'a dyn IdMapper>,
    concepts: HashMap<String, Vec<String>>,
}

impl<'a> IdMatcher<'a> {
    fn new(mapper: Option<&'a dyn IdMapper>) -> Self {
        IdMatcher {
            mapper,
            concepts: HashMap::new(),
        }
    }

    /// The concepts of `id` (empty without a mapper).
    fn concepts_of(&mut self, id: &str) -> Result<Vec<String>> {
        let Some(mapper) = self.mapper else {
            return Ok(Vec::new());
        };
        if let Some(c) = self.concepts.get(id) {
            return Ok(c.clone());
        }
        let c = mapper
            .concepts(id)
            .map_err(|e| CorpusError::msg(format!("mapping id {id:?}: {e}")))?;
        self.concepts.insert(id.to_string(), c.clone());
        Ok(c)
    }

    /// Rank of the first of `pred` that matches any of `gold`.
    fn first_match(&mut self, gold: &[String], pred: &[String]) -> Result<Option<usize>> {
        let gold_canon: Vec<String> = gold.iter().map(|i| canonical_id(i)).collect();
        let mut gold_concepts: Vec<String> = Vec::new();
        for g in gold {
            gold_concepts.extend(self.concepts_of(g)?);
        }
        for (rank, p) in pred.iter().enumerate() {
            if gold_canon.contains(&canonical_id(p)) {
                return Ok(Some(rank));
            }
            if !gold_concepts.is_empty()
                && self
                    .concepts_of(p)?
                    .iter()
                    .any(|c| gold_concepts.contains(c))
            {
                return Ok(Some(rank));
            }
        }
        Ok(None)
    }
}

/// A predicted type scored as the gold type it matches ignoring case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeRenaming {
    /// The type as predicted (e.g. `Gene`).
    pub predicted: String,
    /// The gold type it was scored as (e.g. `GENE`).
    pub gold: String,
}

impl fmt::Display for TypeRenaming {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "predicted type {:?} is scored as gold type {:?} (they differ only in case)",
            self.predicted, self.gold
        )
    }
}

/// Precision, recall and F1 with the counts behind them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Gold mentions (seqeval's "support").
    pub gold: usize,
    /// Predicted mentions.
    pub pred: usize,
    /// Correct predictions (for lenient: predictions overlapping a same-type gold mention).
    pub tp_pred: usize,
    /// Gold mentions found (equals `tp_pred` for strict).
    pub tp_gold: usize,
}

impl Prf {
    /// Computes the scores the way seqeval (scikit-learn's `_prf_divide`) does: 0 for an empty
    /// denominator, F1 as `2 * p * r / (p + r)` in that order.
    pub fn new(tp_pred: usize, tp_gold: usize, pred: usize, gold: usize) -> Self {
        let precision = if pred == 0 {
            0.0
        } else {
            tp_pred as f64 / pred as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            tp_gold as f64 / gold as f64
        };
        let denom = precision + recall;
        let f1 = if denom == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / denom
        };
        Prf {
            precision,
            recall,
            f1,
            gold,
            pred,
            tp_pred,
            tp_gold,
        }
    }
}

/// Micro-averaged and per-type scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Micro average over all types.
    pub micro: Prf,
    /// Per type, sorted by type name.
    pub per_type: BTreeMap<String, Prf>,
}

/// Error counts in LLMNER's categories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Errors {
    /// Correct span, wrong type.
    pub wrong_type: usize,
    /// Overlapping span, right type.
    pub overlap_right_type: usize,
    /// Overlapping span, wrong type.
    pub overlap_wrong_type: usize,
    /// Prediction overlapping no gold mention.
    pub spurious: usize,
    /// Gold mention overlapped by no prediction.
    pub missed: usize,
}

/// Linking accuracy.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Linking {
    /// Strictly matched mentions whose gold mention has ids (the acc@k denominator).
    pub mentions: usize,
    /// All gold mentions with ids.
    pub gold_with_ids: usize,
    /// `(k, acc@k)`, increasing k.
    pub acc: Vec<(usize, f64)>,
    /// acc@1 hits over all gold mentions with ids.
    pub end_to_end_acc1: f64,
    /// Predicted mentions carried ids, yet not one of them (at any rank) matched a gold id of its
    /// mention: the two sides use different id namespaces, and acc@k means nothing.
    pub ids_never_match: bool,
}

/// The form in which [`evaluate`] compares concept ids: a prefix is upper-cased, MeSH's
/// (`MESH`, `MeSH`, `MSH`) becomes `MESH`, and a bare MeSH descriptor or supplement id
/// (`D008107`, `C535887`) gets it, as does a bare number `OMIM` (MEDIC's convention, which NCBI
/// Disease and BC5CDR follow). Anything else is compared as written.
///
/// ```
/// use kbner_corpus::eval::canonical_id;
/// assert_eq!(canonical_id("D008107"), canonical_id("MESH:D008107"));
/// assert_eq!(canonical_id("MeSH:D008107"), "MESH:D008107");
/// assert_eq!(canonical_id("omim:176807"), canonical_id("176807"));
/// assert_ne!(canonical_id("HP:0001250"), canonical_id("hp:0001251"));
/// ```
pub fn canonical_id(id: &str) -> String {
    let id = id.trim();
    if let Some((prefix, local)) = id.split_once(':') {
        let prefix = prefix.trim().to_ascii_uppercase();
        let prefix = if prefix == "MSH" {
            "MESH".to_string()
        } else {
            prefix
        };
        return format!("{prefix}:{}", local.trim());
    }
    let b = id.as_bytes();
    if b.len() > 1 && (b[0] == b'D' || b[0] == b'C') && b[1..].iter().all(u8::is_ascii_digit) {
        format!("MESH:{id}")
    } else if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        format!("OMIM:{id}")
    } else {
        id.to_string()
    }
}

/// Everything `kbner eval` reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EvalReport {
    /// Gold documents.
    pub documents: usize,
    /// Gold documents with no predicted document (all their mentions count as missed).
    pub documents_without_prediction: usize,
    /// Predicted documents absent from gold and ignored (lenient mode only).
    pub ignored_predicted_documents: usize,
    /// Exact span + type.
    pub strict: Scores,
    /// Overlap + type.
    pub lenient: Scores,
    /// Error breakdown.
    pub errors: Errors,
    /// Linking accuracy, when gold mentions carry ids.
    pub linking: Option<Linking>,
    /// Document-level concept scores, when gold mentions carry ids: `gold` and `pred` count
    /// `(document, concept)` pairs, `tp_pred` the predicted pairs matching a gold concept of their
    /// document, `tp_gold` the gold pairs some prediction matches (see the module doc).
    pub concepts: Option<Prf>,
    /// Predicted types scored as a gold type that differs only in case (see
    /// [`EvalOptions::align_type_case`]), sorted by predicted type.
    pub type_renamings: Vec<TypeRenaming>,
}

/// The concepts named in one document: groups of ids that are one concept, each group kept as the
/// keys its ids match by (canonical ids, and the mapper's concepts in a namespace of their own).
#[derive(Default)]
struct ConceptSet {
    concepts: Vec<HashSet<(bool, String)>>,
}

impl ConceptSet {
    /// Adds `id`, merging every concept it matches into one.
    fn add(&mut self, id: &str, matcher: &mut IdMatcher) -> Result<()> {
        let mut keys: HashSet<(bool, String)> = HashSet::from([(false, canonical_id(id))]);
        if self.concepts.iter().any(|c| keys.is_subset(c)) {
            return Ok(()); // a known id (the mapper is asked once per distinct id anyway)
        }
        keys.extend(matcher.concepts_of(id)?.into_iter().map(|c| (true, c)));
        let (same, mut rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.concepts)
            .into_iter()
            .partition(|c| !c.is_disjoint(&keys));
        for c in same {
            keys.extend(c);
        }
        rest.push(keys);
        self.concepts = rest;
        Ok(())
    }

    /// How many of these concepts match one of `other`'s.
    fn matched_in(&self, other: &ConceptSet) -> usize {
        self.concepts
            .iter()
            .filter(|c| other.concepts.iter().any(|o| !o.is_disjoint(c)))
            .count()
    }
}

type Key<'a> = (usize, usize, &'a str);

/// Unique `(start, end, type)` keys of a document, each with its first entity; types found in
/// `rename` are keyed by their replacement.
fn keyed<'a>(doc: &'a Document, rename: &BTreeMap<&str, &'a str>) -> Vec<(Key<'a>, &'a Entity)> {
    let mut v: Vec<(Key, &Entity)> = doc
        .entities
        .iter()
        .map(|e| {
            let kind = rename.get(e.kind.as_str()).copied();
            ((e.start, e.end, kind.unwrap_or(e.kind.as_str())), e)
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

/// Spans sorted by start with a running maximum of ends, for overlap queries.
struct Index<'a> {
    items: Vec<Key<'a>>,
    max_end: Vec<usize>,
}

impl<'a> Index<'a> {
    fn new(keys: &[(Key<'a>, &Entity)]) -> Self {
        let items: Vec<Key> = keys.iter().map(|k| k.0).collect();
        let mut m = 0;
        let max_end = items
            .iter()
            .map(|k| {
                m = m.max(k.1);
                m
            })
            .collect();
        Index { items, max_end }
    }

    /// Calls `f` with every item overlapping `[start, end)`.
    fn overlapping(&self, start: usize, end: usize, mut f: impl FnMut(&Key<'a>)) {
        let mut i = self.items.partition_point(|k| k.0 < end);
        while i > 0 {
            i -= 1;
            if self.max_end[i] <= start {
                break;
            }
            let k = &self.items[i];
            if k.1 > start {
                f(k);
            }
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    gold: usize,
    pred: usize,
    tp: usize,
    l_tp_pred: usize,
    l_tp_gold: usize,
}

fn check_texts(g: &Document, p: &Document) -> Result<()> {
    if p.passages.is_empty() || g.passages.is_empty() {
        return Ok(());
    }
    // Passage layout may differ (brat has one text where BioC has title and abstract), so the
    // texts are compared as placed at their offsets, with gaps and newlines read as spaces.
    let same = (g.passages.len() == p.passages.len()
        && g.passages
            .iter()
            .zip(&p.passages)
            .all(|(a, b)| a.offset == b.offset && a.text == b.text))
        || matches!(
            (g.full_text(' ', Some(' ')), p.full_text(' ', Some(' '))),
            (Ok(a), Ok(b)) if a.trim_end() == b.trim_end()
        );
    if same {
        Ok(())
    } else {
        Err(
            CorpusError::msg("gold and predicted texts differ (different tokenization or corpus?)")
                .in_doc(g.id.clone()),
        )
    }
}

/// Predicted types that match no gold type but exactly one ignoring case, with that gold type,
/// sorted by predicted type. A predicted type equal ignoring case to several gold types (`Gene`
/// and `GENE` both in gold) is ambiguous and left alone.
fn type_case_renamings<'a>(gold: &'a Corpus, pred: &'a Corpus) -> BTreeMap<&'a str, &'a str> {
    let types = |c: &'a Corpus| -> BTreeSet<&'a str> {
        c.documents
            .iter()
            .flat_map(|d| d.entities.iter().map(|e| e.kind.as_str()))
            .collect()
    };
    let gold_types = types(gold);
    let mut renamings = BTreeMap::new();
    for p in types(pred) {
        if gold_types.contains(p) {
            continue;
        }
        let lower = p.to_lowercase();
        let mut same = gold_types.iter().filter(|g| g.to_lowercase() == lower);
        if let (Some(g), None) = (same.next(), same.next()) {
            renamings.insert(p, *g);
        }
    }
    renamings
}

/// Scores `pred` against `gold`.
///
/// ```
/// use kbner_corpus::{evaluate, Corpus, Document, Entity, EvalOptions};
///
/// let doc = |kind: &str| Document {
///     id: "1".into(),
///     entities: vec![Entity::new(0, 4, "BRCA", kind)],
///     ..Default::default()
/// };
/// let corpus = |kind: &str| Corpus { documents: vec![doc(kind)], ..Default::default() };
/// // A tagger asked for `Gene`, scored against a corpus that says `GENE`:
/// let report = evaluate(&corpus("GENE"), &corpus("Gene"), &EvalOptions::default())?;
/// assert_eq!(report.strict.micro.f1, 1.0);
/// assert_eq!(report.type_renamings[0].gold, "GENE");
/// # Ok::<(), kbner_corpus::CorpusError>(())
/// ```
pub fn evaluate(gold: &Corpus, pred: &Corpus, opts: &EvalOptions) -> Result<EvalReport> {
    let mut by_id: HashMap<&str, &Document> = HashMap::with_capacity(pred.documents.len());
    for d in &pred.documents {
        if by_id.insert(d.id.as_str(), d).is_some() {
            return Err(
                CorpusError::msg("duplicate document id in predictions").in_doc(d.id.clone())
            );
        }
    }
    let mut seen = HashSet::with_capacity(gold.documents.len());
    // Predictions are scored through this mapping; the caller's corpus is left as it is.
    let rename = if opts.align_type_case {
        type_case_renamings(gold, pred)
    } else {
        BTreeMap::new()
    };
    let no_renaming = BTreeMap::new();
    let mut report = EvalReport {
        documents: gold.documents.len(),
        type_renamings: rename
            .iter()
            .map(|(p, g)| TypeRenaming {
                predicted: p.to_string(),
                gold: g.to_string(),
            })
            .collect(),
        ..Default::default()
    };
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let max_ids = pred
        .documents
        .iter()
        .flat_map(|d| d.entities.iter().map(|e| e.ids.len()))
        .max()
        .unwrap_or(0);
    let ks: Vec<usize> = {
        let mut ks: Vec<usize> = opts
            .ks
            .iter()
            .copied()
            .filter(|&k| k >= 1 && (k == 1 || k <= max_ids))
            .collect();
        ks.sort_unstable();
        ks.dedup();
        ks
    };
    let mut link_hits = vec![0usize; ks.len()];
    let (mut link_mentions, mut gold_with_ids) = (0usize, 0usize);
    // Matched mentions whose prediction carried ids, and those where any of them matched.
    let (mut with_pred_ids, mut any_id_matched) = (0usize, false);
    let mut id_matcher = IdMatcher::new(opts.id_mapper.as_deref());
    // Document-level concepts: gold, predicted, predicted found in gold, gold found.
    let (mut c_gold, mut c_pred, mut c_tp_pred, mut c_tp_gold) = (0usize, 0usize, 0usize, 0usize);
    let empty = Document::default();
    for g in &gold.documents {
        if !seen.insert(g.id.as_str()) {
            return Err(CorpusError::msg("duplicate document id in gold").in_doc(g.id.clone()));
        }
        let p = match by_id.get(g.id.as_str()) {
            Some(p) => {
                check_texts(g, p)?;
                *p
            }
            None => {
                report.documents_without_prediction += 1;
                &empty
            }
        };
        let (mut gc, mut pc) = (ConceptSet::default(), ConceptSet::default());
        for id in g.entities.iter().flat_map(|e| &e.ids) {
            gc.add(id, &mut id_matcher)?;
        }
        for id in p.entities.iter().flat_map(Entity::applicable_ids) {
            pc.add(id, &mut id_matcher)?;
        }
        c_gold += gc.concepts.len();
        c_pred += pc.concepts.len();
        c_tp_pred += pc.matched_in(&gc);
        c_tp_gold += gc.matched_in(&pc);
        let gk = keyed(g, &no_renaming);
        let pk = keyed(p, &rename);
        let gi = Index::new(&gk);
        let pi = Index::new(&pk);
        let gset: HashMap<Key, &Entity> = gk.iter().copied().collect();
        let mut gspans: HashMap<(usize, usize), Vec<&str>> = HashMap::new();
        for (k, _) in &gk {
            gspans.entry((k.0, k.1)).or_default().push(k.2);
        }
        for (k, e) in &gk {
            let t = tallies.entry(k.2).or_default();
            t.gold += 1;
            let mut same = false;
            let mut any = false;
            pi.overlapping(k.0, k.1, |o| {
                any = true;
                same |= o.2 == k.2;
            });
            if same {
                t.l_tp_gold += 1;
            }
            if !any {
                report.errors.missed += 1;
            }
            if !e.ids.is_empty() {
                gold_with_ids += 1;
            }
        }
        for (k, e) in &pk {
            let t = tallies.entry(k.2).or_default();
            t.pred += 1;
            let mut same = false;
            let mut any = false;
            gi.overlapping(k.0, k.1, |o| {
                any = true;
                same |= o.2 == k.2;
            });
            if same {
                t.l_tp_pred += 1;
            }
            if let Some(ge) = gset.get(k) {
                t.tp += 1;
                if !ge.ids.is_empty() {
                    link_mentions += 1;
                    let rank = id_matcher.first_match(&ge.ids, &e.ids)?;
                    for (slot, &kk) in ks.iter().enumerate() {
                        if rank.is_some_and(|r| r < kk) {
                            link_hits[slot] += 1;
                        }
                    }
                    with_pred_ids += usize::from(!e.ids.is_empty());
                    any_id_matched |= rank.is_some();
                }
                continue;
            }
            let errs = &mut report.errors;
            if gspans.contains_key(&(k.0, k.1)) {
                errs.wrong_type += 1;
            } else if same {
                errs.overlap_right_type += 1;
            } else if any {
                errs.overlap_wrong_type += 1;
            } else {
                errs.spurious += 1;
            }
        }
    }
    for p in &pred.documents {
        if !seen.contains(p.id.as_str()) {
            if opts.lenient {
                report.ignored_predicted_documents += 1;
            } else {
                return Err(
                    CorpusError::msg("predicted document is not in gold").in_doc(p.id.clone())
                );
            }
        }
    }
    let mut tot = Tally::default();
    for (ty, t) in &tallies {
        tot.gold += t.gold;
        tot.pred += t.pred;
        tot.tp += t.tp;
        tot.l_tp_pred += t.l_tp_pred;
        tot.l_tp_gold += t.l_tp_gold;
        report
            .strict
            .per_type
            .insert(ty.to_string(), Prf::new(t.tp, t.tp, t.pred, t.gold));
        report.lenient.per_type.insert(
            ty.to_string(),
            Prf::new(t.l_tp_pred, t.l_tp_gold, t.pred, t.gold),
        );
    }
    report.strict.micro = Prf::new(tot.tp, tot.tp, tot.pred, tot.gold);
    report.lenient.micro = Prf::new(tot.l_tp_pred, tot.l_tp_gold, tot.pred, tot.gold);
    if gold_with_ids > 0 {
        let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        report.linking = Some(Linking {
            mentions: link_mentions,
            gold_with_ids,
            acc: ks
                .iter()
                .zip(&link_hits)
                .map(|(&k, &h)| (k, ratio(h, link_mentions)))
                .collect(),
            end_to_end_acc1: ratio(link_hits.first().copied().unwrap_or(0), gold_with_ids),
            ids_never_match: with_pred_ids > 0 && !any_id_matched,
        });
        report.concepts = Some(Prf::new(c_tp_pred, c_tp_gold, c_pred, c_gold));
    }
    Ok(report)
}

impl EvalReport {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The report as a readable table.
    pub fn to_table(&self) -> String {
        let mut o = String::new();
        o.push_str(&format!(
            "documents: {} gold, {} without prediction",
            self.documents, self.documents_without_prediction
        ));
        if self.ignored_predicted_documents > 0 {
            o.push_str(&format!(
                ", {} predicted not in gold (ignored)",
                self.ignored_predicted_documents
            ));
        }
        o.push('\n');
        for r in &self.type_renamings {
            o.push_str(&format!("note: {r}\n"));
        }
        o.push('\n');
        let w = self
            .strict
            .per_type
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0)
            .max(5);
        o.push_str(&format!(
            "{:<8} {:<w$}  {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}\n",
            "match", "type", "precision", "recall", "f1", "gold", "pred", "correct"
        ));
        for (name, s) in [("strict", &self.strict), ("lenient", &self.lenient)] {
            let rows = std::iter::once(("micro", &s.micro))
                .chain(s.per_type.iter().map(|(k, v)| (k.as_str(), v)));
            for (i, (ty, p)) in rows.enumerate() {
                o.push_str(&format!(
                    "{:<8} {:<w$}  {:>9.4} {:>9.4} {:>9.4} {:>7} {:>7} {:>7}\n",
                    if i == 0 { name } else { "" },
                    ty,
                    p.precision,
                    p.recall,
                    p.f1,
                    p.gold,
                    p.pred,
                    p.tp_pred
                ));
            }
        }
        let e = &self.errors;
        o.push_str("\nerrors\n");
        for (label, n) in [
            ("correct span, wrong type", e.wrong_type),
            ("overlapping span, right type", e.overlap_right_type),
            ("overlapping span, wrong type", e.overlap_wrong_type),
            ("spurious", e.spurious),
            ("missed", e.missed),
        ] {
            o.push_str(&format!("  {label:<30} {n:>7}\n"));
        }
        if let Some(l) = &self.linking {
            o.push_str(&format!(
                "\nlinking ({} matched mentions with gold ids, {} gold mentions with ids)\n",
                l.mentions, l.gold_with_ids
            ));
            for (k, a) in &l.acc {
                o.push_str(&format!("  acc@{k:<3} {a:.4}\n"));
            }
            o.push_str(&format!("  end-to-end acc@1 {:.4}\n", l.end_to_end_acc1));
            if l.ids_never_match {
                o.push_str(
                    "  warning: no predicted id matches any gold id: the two sides use different \
                     id namespaces (compare a sample of ids; `kbner eval --kb KB` maps both \
                     through the knowledge base's codes)\n",
                );
            }
        }
        if let Some(c) = &self.concepts {
            o.push_str(&format!(
                "\nconcepts per document ({} gold, {} predicted (document, concept) pairs; {} \
                 predicted in gold, {} gold found)\n",
                c.gold, c.pred, c.tp_pred, c.tp_gold
            ));
            o.push_str(&format!(
                "  precision {:.4}  recall {:.4}  f1 {:.4}\n",
                c.precision, c.recall, c.f1
            ));
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ReadOptions;
    use crate::iob;

    fn corpus(iob_text: &str) -> Corpus {
        iob::read(iob_text.as_bytes(), &ReadOptions::default())
            .unwrap()
            .corpus
    }

    /// Builds gold/pred IOB files from parallel tag lists over the same tokens.
    fn pair(gold: &[&str], pred: &[&str]) -> (Corpus, Corpus) {
        let mk = |tags: &[&str]| {
            let mut s = String::new();
            for (i, t) in tags.iter().enumerate() {
                if *t == "|" {
                    s.push('\n');
                } else {
                    s.push_str(&format!("w{i}\t{t}\n"));
                }
            }
            s.push('\n');
            corpus(&s)
        };
        (mk(gold), mk(pred))
    }

    #[test]
    fn hand_computed_seqeval_edge_cases() {
        // gold: PER(0-1) LOC(3) ; pred: I- after O gives PER(1) [miss],
        // type change gives PER(3)? no: B-PER I-LOC → PER(2), LOC(3) ; B-after-I splits.
        let (g, p) = pair(
            &["B-PER", "I-PER", "O", "B-LOC", "|", "B-X", "I-X", "I-X"],
            &["O", "I-PER", "B-PER", "I-LOC", "|", "B-X", "I-X", "B-X"],
        );
        let r = evaluate(&g, &p, &EvalOptions::default()).unwrap();
        // gold entities: PER[0,1], LOC[3], X[4..6] = 3; pred: PER[1], PER[2], LOC[3], X[4,5], X[6] = 5.
        // Correct: LOC[3] only.
        assert_eq!(
            (
                r.strict.micro.gold,
                r.strict.micro.pred,
                r.strict.micro.tp_pred
            ),
            (3, 5, 1)
        );
        assert_eq!(r.strict.micro.precision, 0.2);
        assert_eq!(r.strict.micro.recall, 1.0 / 3.0);
        assert_eq!(
            r.strict.micro.f1,
            2.0 * 0.2 * (1.0 / 3.0) / (0.2 + 1.0 / 3.0)
        );
        assert_eq!(r.strict.per_type["LOC"].f1, 1.0);
        assert_eq!(r.strict.per_type["PER"].f1, 0.0);
        // Lenient: PER[1] overlaps gold PER, PER[2] overlaps nothing, X[4,5] and X[6] overlap gold X.
        assert_eq!(r.lenient.micro.tp_pred, 4);
        assert_eq!(r.lenient.micro.tp_gold, 3);
        assert_eq!(r.errors.overlap_right_type, 3);
        assert_eq!(r.errors.spurious, 1);
        assert_eq!(r.errors.missed, 0);
    }

    #[test]
    fn error_categories_and_missed() {
        let (g, p) = pair(
            &["B-A", "I-A", "O", "B-B", "O", "B-A", "O", "B-C"],
            &["B-B", "I-B", "O", "B-B", "I-B", "O", "B-A", "O"],
        );
        let r = evaluate(&g, &p, &EvalOptions::default()).unwrap();
        // pred B[0,1] exact span of gold A → wrong type; B[3,4] overlaps gold B → overlap right
        // type; A[6] → spurious; gold A[5] and C[7] → missed.
        assert_eq!(
            r.errors,
            Errors {
                wrong_type: 1,
                overlap_right_type: 1,
                overlap_wrong_type: 0,
                spurious: 1,
                missed: 2
            }
        );
        let (g, p) = pair(&["B-A", "I-A", "I-A"], &["O", "B-B", "O"]);
        let r = evaluate(&g, &p, &EvalOptions::default()).unwrap();
        assert_eq!(r.errors.overlap_wrong_type, 1);
        assert_eq!(r.errors.missed, 0);
        assert_eq!(r.strict.micro.f1, 0.0);
    }

    #[test]
    fn empty_predictions_score_zero_not_nan() {
        let (g, p) = pair(&["B-A", "O"], &["O", "O"]);
        let r = evaluate(&g, &p, &EvalOptions::default()).unwrap();
        assert_eq!((r.strict.micro.precision, r.strict.micro.f1), (0.0, 0.0));
        assert_eq!(r.errors.missed, 1);
    }

    /// The README's link-then-eval: kbner writes `MESH:D008107`, NCBI-disease's gold says
    /// `D008107`; a prediction in another namespace altogether is flagged.
    #[test]
    fn linking_compares_ids_across_prefix_conventions_and_flags_foreign_namespaces() {
        let doc = |ids: &[&[&str]]| {
            let mut d = Document {
                id: "1".into(),
                ..Default::default()
            };
            for (i, ids) in ids.iter().enumerate() {
                let mut e = Entity::new(i * 10, i * 10 + 3, "", "Disease");
                e.ids = ids.iter().map(|s| s.to_string()).collect();
                d.entities.push(e);
            }
            Corpus {
                documents: vec![d],
                ..Default::default()
            }
        };
        let gold = doc(&[&["D008107"], &["OMIM:176807"], &["MESH:C535887"]]);
        let pred = doc(&[&["MESH:D008107"], &["176807"], &["MeSH:C535887"]]);
        let r = evaluate(&gold, &pred, &EvalOptions::default()).unwrap();
        let l = r.linking.unwrap();
        assert_eq!(l.acc[0], (1, 1.0));
        assert!(!l.ids_never_match);

        let foreign = doc(&[&["HP:0001250"], &["HP:0000001"], &["HP:0000002"]]);
        let r = evaluate(&gold, &foreign, &EvalOptions::default()).unwrap();
        let l = r.linking.as_ref().unwrap();
        assert_eq!(l.acc[0], (1, 0.0));
        assert!(l.ids_never_match);
        assert!(r.to_table().contains("no predicted id matches any gold id"));
    }

    /// `kbner eval --kb`: MEDIC lists *Myocardial Infarction* as `OMIM:608446|D009203`; a
    /// prediction in one namespace is right against gold in the other only through the mapper.
    #[test]
    fn an_id_mapper_matches_ids_of_one_concept_across_namespaces() {
        let doc = |ids: &[&str]| {
            let mut e = Entity::new(0, 3, "", "Disease");
            e.ids = ids.iter().map(|s| s.to_string()).collect();
            Corpus {
                documents: vec![Document {
                    id: "1".into(),
                    entities: vec![e],
                    ..Default::default()
                }],
                ..Default::default()
            }
        };
        let (gold, pred) = (doc(&["D009203"]), doc(&["HP:1", "OMIM:608446"]));
        let acc = |opts: &EvalOptions| {
            let l = evaluate(&gold, &pred, opts).unwrap().linking.unwrap();
            (l.acc.clone(), l.ids_never_match)
        };
        assert_eq!(acc(&EvalOptions::default()), (vec![(1, 0.0)], true));
        let medic = |id: &str| -> std::result::Result<Vec<String>, String> {
            Ok(match canonical_id(id).as_str() {
                "OMIM:608446" | "MESH:D009203" => vec!["OMIM:608446".to_string()],
                _ => Vec::new(),
            })
        };
        let opts = EvalOptions {
            ks: vec![1, 2],
            id_mapper: Some(std::sync::Arc::new(medic)),
            ..Default::default()
        };
        assert_eq!(acc(&opts), (vec![(1, 0.0), (2, 1.0)], false));
        let failing = |_: &str| -> std::result::Result<Vec<String>, String> {
            Err("store unreadable".into())
        };
        let opts = EvalOptions {
            id_mapper: Some(std::sync::Arc::new(failing)),
            ..Default::default()
        };
        let err = evaluate(&gold, &pred, &opts).unwrap_err().to_string();
        assert!(err.contains("store unreadable"), "{err}");
    }

    #[test]
    fn linking_accuracy_at_k() {
        let mut g = Corpus::default();
        let mut d = Document {
            id: "1".into(),
            ..Default::default()
        };
        for (i, gold_id) in ["D1", "D2", "D3", "D4"].iter().enumerate() {
            let mut e = Entity::new(i * 10, i * 10 + 3, "", "Disease");
            e.ids = vec![gold_id.to_string()];
            d.entities.push(e);
        }
        g.documents.push(d.clone());
        // Predictions: 1st right at rank 1, 2nd at rank 2, 3rd wrong, 4th not predicted.
        d.entities.pop();
        d.entities[0].ids = vec!["D1".into(), "X".into()];
        d.entities[1].ids = vec!["X".into(), "D2".into()];
        d.entities[2].ids = vec!["X".into(), "Y".into()];
        let p = Corpus {
            documents: vec![d],
            ..Default::default()
        };
        let r = evaluate(
            &g,
            &p,
            &EvalOptions {
                ks: vec![1, 2, 5],
                ..Default::default()
            },
        )
        .unwrap();
        let l = r.linking.unwrap();
        assert_eq!(l.mentions, 3);
        assert_eq!(l.acc, vec![(1, 1.0 / 3.0), (2, 2.0 / 3.0)]);
        assert_eq!(l.end_to_end_acc1, 0.25);
    }

    #[test]
    fn mismatched_documents_are_errors() {
        let g = corpus("a\tO\n\n");
        let p = corpus("b\tO\n\n");
        let e = evaluate(&g, &p, &EvalOptions::default()).unwrap_err();
        assert!(e.message.contains("texts differ"), "{e}");
        let mut p2 = g.clone();
        p2.documents[0].id = "zzz".into();
        assert!(evaluate(&g, &p2, &EvalOptions::default()).is_err());
        let r = evaluate(
            &g,
            &p2,
            &EvalOptions {
                lenient: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            (
                r.ignored_predicted_documents,
                r.documents_without_prediction
            ),
            (1, 1)
        );
    }

    #[test]
    fn texts_split_into_different_passages_still_pair_up() {
        let one = Document {
            id: "1".into(),
            passages: vec![crate::model::Passage {
                text: "Title.\nAbstract text.\n".into(),
                ..Default::default()
            }],
            entities: vec![Entity::new(7, 15, "Abstract", "X")],
            ..Default::default()
        };
        let mut two = one.clone();
        two.passages = vec![
            crate::model::Passage {
                text: "Title.".into(),
                ..Default::default()
            },
            crate::model::Passage {
                offset: 7,
                text: "Abstract text.".into(),
                ..Default::default()
            },
        ];
        let c = |d: Document| Corpus {
            documents: vec![d],
            ..Default::default()
        };
        let r = evaluate(&c(one), &c(two), &EvalOptions::default()).unwrap();
        assert_eq!(r.strict.micro.f1, 1.0);
    }

    #[test]
    fn table_and_json_show_the_figures() {
        let (g, p) = pair(&["B-A", "O", "B-B"], &["B-A", "O", "O"]);
        let r = evaluate(&g, &p, &EvalOptions::default()).unwrap();
        let t = r.to_table();
        assert!(
            t.contains("strict   micro     1.0000    0.5000    0.6667       2       1       1"),
            "{t}"
        );
        let j: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(j["strict"]["per_type"]["B"]["recall"], 0.0);
        assert_eq!(j["errors"]["missed"], 1);
        assert_eq!(j["type_renamings"], serde_json::json!([]));
    }

    /// A corpus of documents `"1"`, `"2"`, … each holding one `Disease` mention per id list, at
    /// made-up offsets (document-level concepts ignore spans).
    fn linked(docs: &[&[&[&str]]]) -> Corpus {
        Corpus {
            documents: docs
                .iter()
                .enumerate()
                .map(|(d, mentions)| Document {
                    id: (d + 1).to_string(),
                    entities: mentions
                        .iter()
                        .enumerate()
                        .map(|(i, ids)| {
                            let mut e = Entity::new(i * 10, i * 10 + 3, "", "Disease");
                            e.ids = ids.iter().map(|s| s.to_string()).collect();
                            e
                        })
                        .collect(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    /// `(gold, pred, predicted in gold, gold found)` of the document-level concept scores.
    fn concept_counts(r: &EvalReport) -> (usize, usize, usize, usize) {
        let c = r.concepts.expect("gold has ids");
        (c.gold, c.pred, c.tp_pred, c.tp_gold)
    }

    #[test]
    fn document_concepts_count_each_concept_once_per_document_wherever_it_is_named() {
        // Document 1 names D008107 three times in two spellings, and D006527; the prediction
        // finds D008107 once (elsewhere in the text) and adds a wrong D000001. Document 2: gold
        // D003924, predicted D003920 only — a wrong id is both a false positive and a miss.
        let gold = linked(&[
            &[&["D008107"], &["MESH:D008107"], &["D006527"], &["D008107"]],
            &[&["D003924"]],
        ]);
        let mut pred = linked(&[&[&["D000001"], &["MeSH:D008107"]], &[&["D003920"]]]);
        pred.documents[0].entities[1].start = 40;
        pred.documents[0].entities[1].end = 45;
        let r = evaluate(&gold, &pred, &EvalOptions::default()).unwrap();
        assert_eq!(concept_counts(&r), (3, 3, 1, 1));
        let c = r.concepts.unwrap();
        assert_eq!((c.precision, c.recall), (1.0 / 3.0, 1.0 / 3.0));
        // Document 2's concept found under its own id makes it 2 of 3.
        pred.documents[1].entities[0].ids = vec!["MESH:D003924".into()];
        let r = evaluate(&gold, &pred, &EvalOptions::default()).unwrap();
        assert_eq!(concept_counts(&r), (3, 3, 2, 2));
    }

    /// MEDIC's *Myocardial Infarction* is `OMIM:608446|D009203`: a document naming it under both
    /// ids has one concept through the knowledge base, and a prediction under either id finds it.
    #[test]
    fn document_concepts_merge_the_ids_of_one_concept_through_the_mapper() {
        let gold = linked(&[&[&["D009203"], &["OMIM:608446"]]]);
        let pred = linked(&[&[&["608446"]]]);
        let r = evaluate(&gold, &pred, &EvalOptions::default()).unwrap();
        assert_eq!(concept_counts(&r), (2, 1, 1, 1));
        let medic = |id: &str| -> std::result::Result<Vec<String>, String> {
            Ok(match canonical_id(id).as_str() {
                "OMIM:608446" | "MESH:D009203" => vec!["OMIM:608446".to_string()],
                _ => Vec::new(),
            })
        };
        let opts = EvalOptions {
            id_mapper: Some(std::sync::Arc::new(medic)),
            ..Default::default()
        };
        let r = evaluate(&gold, &pred, &opts).unwrap();
        assert_eq!(concept_counts(&r), (1, 1, 1, 1));
        assert_eq!(r.concepts.unwrap().f1, 1.0);
        // Predicted under the other id, and under both: still one concept, found.
        let r = evaluate(&gold, &linked(&[&[&["D009203"], &["OMIM:608446"]]]), &opts).unwrap();
        assert_eq!(concept_counts(&r), (1, 1, 1, 1));
    }

    #[test]
    fn document_concepts_of_composites_candidates_and_mentions_without_ids() {
        // Gold: a composite `D001943|D010051` (two concepts), and a mention without ids.
        let gold = linked(&[&[&["D001943", "D010051"], &[]]]);
        // A linker's ranked candidates count by their best id only…
        let mut pred = linked(&[&[&["D001943", "D010051"], &[]]]);
        pred.documents[0].entities[0].ids_ranked = true;
        let r = evaluate(&gold, &pred, &EvalOptions::default()).unwrap();
        assert_eq!(concept_counts(&r), (2, 1, 1, 1));
        // …or, for a composite, by the chosen id of each conjunct.
        pred.documents[0].entities[0].conjunct_ids = vec!["D001943".into(), "D010051".into()];
        let r = evaluate(&gold, &pred, &EvalOptions::default()).unwrap();
        assert_eq!(concept_counts(&r), (2, 2, 2, 2));
        // Mentions without ids are no concepts; a gold corpus without ids has no concept scores.
        let unlinked = linked(&[&[&[], &[]]]);
        let r = evaluate(&unlinked, &pred, &EvalOptions::default()).unwrap();
        assert!(r.concepts.is_none());
        assert!(!r.to_table().contains("concepts per document"));
        let r = evaluate(&gold, &unlinked, &EvalOptions::default()).unwrap();
        assert_eq!(concept_counts(&r), (2, 0, 0, 0));
        assert_eq!(r.concepts.unwrap().precision, 0.0);
    }

    #[test]
    fn document_concepts_in_table_and_json() {
        let gold = linked(&[&[&["D1"], &["D2"]], &[&["D3"]]]);
        let pred = linked(&[&[&["D2"], &["D9"]], &[]]);
        let r = evaluate(&gold, &pred, &EvalOptions::default()).unwrap();
        let t = r.to_table();
        assert!(
            t.contains(
                "concepts per document (3 gold, 2 predicted (document, concept) pairs; 1 \
                 predicted in gold, 1 gold found)\n  precision 0.5000  recall 0.3333  f1 0.4000"
            ),
            "{t}"
        );
        let j: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(j["concepts"]["gold"], 3);
        assert_eq!(j["concepts"]["tp_gold"], 1);
        assert_eq!(j["concepts"]["precision"], 0.5);
    }

    /// One document whose entities are `(start, end, type)`.
    fn typed(entities: &[(usize, usize, &str)]) -> Corpus {
        Corpus {
            documents: vec![Document {
                id: "1".into(),
                entities: entities
                    .iter()
                    .map(|&(s, e, t)| Entity::new(s, e, "", t))
                    .collect(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_type_differing_only_in_case_is_scored_as_the_gold_type() {
        let gold = typed(&[(0, 4, "GENE"), (10, 14, "GENE"), (20, 24, "Chemical")]);
        let pred = typed(&[(0, 4, "Gene"), (10, 14, "Gene"), (20, 24, "Chemical")]);
        let r = evaluate(&gold, &pred, &EvalOptions::default()).unwrap();
        assert_eq!(r.strict.micro.f1, 1.0);
        assert_eq!(r.strict.per_type["GENE"].tp_pred, 2);
        assert!(!r.strict.per_type.contains_key("Gene"));
        assert_eq!(
            r.type_renamings,
            vec![TypeRenaming {
                predicted: "Gene".into(),
                gold: "GENE".into()
            }]
        );
        // The caller's predictions keep their spelling.
        assert_eq!(pred.documents[0].entities[0].kind, "Gene");
        let note =
            r#"predicted type "Gene" is scored as gold type "GENE" (they differ only in case)"#;
        assert!(
            r.to_table().contains(&format!("note: {note}")),
            "{}",
            r.to_table()
        );
        let j: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(
            j["type_renamings"],
            serde_json::json!([{"predicted": "Gene", "gold": "GENE"}])
        );
    }

    #[test]
    fn without_type_case_alignment_types_must_match_exactly() {
        let gold = typed(&[(0, 4, "GENE")]);
        let pred = typed(&[(0, 4, "Gene")]);
        let opts = EvalOptions {
            align_type_case: false,
            ..Default::default()
        };
        let r = evaluate(&gold, &pred, &opts).unwrap();
        assert_eq!(r.strict.micro.f1, 0.0);
        assert_eq!(r.errors.wrong_type, 1);
        assert!(r.type_renamings.is_empty());
        assert!(!r.to_table().contains("note:"));
    }

    #[test]
    fn an_ambiguous_type_case_is_not_renamed() {
        let gold = typed(&[(0, 4, "Gene"), (10, 14, "GENE")]);
        let pred = typed(&[(0, 4, "gene"), (10, 14, "GENE")]);
        let r = evaluate(&gold, &pred, &EvalOptions::default()).unwrap();
        assert!(r.type_renamings.is_empty());
        // `gene` stays its own type: only the exact `GENE` prediction is correct.
        assert_eq!(r.strict.micro.tp_pred, 1);
        assert_eq!(r.strict.per_type["gene"].pred, 1);
        // A predicted type spelt exactly as a gold type is never renamed either.
        let r = evaluate(&gold, &typed(&[(0, 4, "Gene")]), &EvalOptions::default()).unwrap();
        assert!(r.type_renamings.is_empty());
        assert_eq!(r.strict.micro.tp_pred, 1);
    }
}
