//! Lexical candidates with tantivy: a word field (BM25 over lower-cased words) and a character
//! trigram field, so misspellings (`alzhiemer`) and word-order variants (`cancer, breast`) still
//! find the right names.

use crate::{IndexError, Result};
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
};
use tantivy::tokenizer::{LowerCaser, NgramTokenizer, SimpleTokenizer, TextAnalyzer, TokenStream};
use tantivy::{doc, Index, IndexReader, ReloadPolicy, Term};

const WORD_TOKENIZER: &str = "kbner_words";
const NGRAM_TOKENIZER: &str = "kbner_trigrams";

/// Trigrams found in more names than this are left out of a query, except that the rarest
/// [`MIN_TRIGRAMS`] are always kept. Common trigrams ("ase", "ion") match a large share of a big
/// vocabulary: their long posting lists cost most of the query time at a million names (block-WAND
/// over them), and they weigh least in BM25. Small vocabularies keep nearly all trigrams.
const MAX_TRIGRAM_DOCS: u64 = 10_000;

/// Trigrams a query keeps whatever their frequency.
const MIN_TRIGRAMS: usize = 8;

struct Fields {
    words: Field,
    trigrams: Field,
    name_id: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tok: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let words = b.add_text_field("words", text(WORD_TOKENIZER));
    let trigrams = b.add_text_field("trigrams", text(NGRAM_TOKENIZER));
    let name_id = b.add_u64_field("name_id", INDEXED | FAST);
    (
        b.build(),
        Fields {
            words,
            trigrams,
            name_id,
        },
    )
}

fn register_tokenizers(index: &Index) -> Result<()> {
    let words = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build();
    let trigrams = TextAnalyzer::builder(
        NgramTokenizer::all_ngrams(3, 3).map_err(|e| IndexError::Lexical(e.to_string()))?,
    )
    .filter(LowerCaser)
    .build();
    index.tokenizers().register(WORD_TOKENIZER, words);
    index.tokenizers().register(NGRAM_TOKENIZER, trigrams);
    Ok(())
}

/// Builds the lexical index of `names` (name id = position) in `dir`.
pub fn build(dir: &Path, names: &[Box<str>], mut progress: impl FnMut(u64)) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| IndexError::io(dir, e))?;
    let (schema, f) = schema();
    let index =
        Index::create_in_dir(dir, schema).map_err(|e| IndexError::Lexical(e.to_string()))?;
    register_tokenizers(&index)?;
    let mut writer = index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, 200 << 20)
        .map_err(|e| IndexError::Lexical(e.to_string()))?;
    for (i, name) in names.iter().enumerate() {
        writer
            .add_document(
                doc!(f.words => name.as_ref(), f.trigrams => name.as_ref(), f.name_id => i as u64),
            )
            .map_err(|e| IndexError::Lexical(e.to_string()))?;
        if i % 10_000 == 9_999 {
            progress(10_000);
        }
    }
    writer
        .commit()
        .map_err(|e| IndexError::Lexical(e.to_string()))?;
    writer
        .wait_merging_threads()
        .map_err(|e| IndexError::Lexical(e.to_string()))?;
    Ok(())
}

/// An opened lexical index.
pub struct LexicalIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl LexicalIndex {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        let index = Index::open_in_dir(dir)
            .map_err(|e| IndexError::Lexical(format!("{}: {e}", dir.display())))?;
        register_tokenizers(&index)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| IndexError::Lexical(e.to_string()))?;
        let (_, fields) = schema();
        Ok(LexicalIndex {
            index,
            reader,
            fields,
        })
    }

    fn terms(&self, field: Field, tokenizer: &str, text: &str, out: &mut Vec<Term>) {
        if let Some(mut analyzer) = self.index.tokenizers().get(tokenizer) {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let t = Term::from_field_text(field, &stream.token().text);
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
    }

    /// The `limit` best-scoring names for `text` (already normalized): (name id, BM25 score).
    /// Word matches weigh more than trigram matches, which only break ties and rescue misspellings.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<(u32, f32)>> {
        let mut words = Vec::new();
        let mut grams = Vec::new();
        self.terms(self.fields.words, WORD_TOKENIZER, text, &mut words);
        self.terms(self.fields.trigrams, NGRAM_TOKENIZER, text, &mut grams);
        if words.is_empty() && grams.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        if grams.len() > MIN_TRIGRAMS {
            let mut by_freq: Vec<(u64, usize)> = Vec::with_capacity(grams.len());
            for (i, t) in grams.iter().enumerate() {
                let df = searcher
                    .doc_freq(t)
                    .map_err(|e| IndexError::Lexical(e.to_string()))?;
                by_freq.push((df, i));
            }
            by_freq.sort_unstable();
            let mut keep: Vec<usize> = by_freq
                .iter()
                .enumerate()
                .filter(|&(rank, &(df, _))| rank < MIN_TRIGRAMS || df <= MAX_TRIGRAM_DOCS)
                .map(|(_, &(_, i))| i)
                .collect();
            keep.sort_unstable();
            grams = keep.into_iter().map(|i| grams[i].clone()).collect();
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in words {
            let q = TermQuery::new(t, IndexRecordOption::WithFreqs);
            clauses.push((
                Occur::Should,
                Box::new(tantivy::query::BoostQuery::new(Box::new(q), 2.0)),
            ));
        }
        for t in grams {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(|e| IndexError::Lexical(e.to_string()))?;
        let mut out = Vec::with_capacity(top.len());
        // The name-id column of each segment, opened once per query.
        let mut columns = Vec::new();
        for (score, addr) in top {
            let seg = addr.segment_ord as usize;
            if columns.len() <= seg {
                columns.resize(seg + 1, None);
            }
            if columns[seg].is_none() {
                let col = searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64("name_id")
                    .map_err(|e| IndexError::Lexical(e.to_string()))?;
                columns[seg] = Some(col);
            }
            if let Some(id) = columns[seg].as_ref().and_then(|c| c.first(addr.doc_id)) {
                out.push((id as u32, score));
            }
        }
        Ok(out)
    }
}
