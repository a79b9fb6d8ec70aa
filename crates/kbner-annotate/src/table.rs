//! A readable table of entities, one a line: what `kbner annotate` prints on a terminal.

use kbner_corpus::Corpus;

/// Longest mention or name shown in a cell, in characters (longer ones end with `…`).
const CELL_CHARS: usize = 48;

fn cell(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match s.char_indices().nth(CELL_CHARS) {
        None => s,
        Some((cut, _)) => format!("{}…", &s[..cut]),
    }
}

/// The entities of `corpus` as aligned columns: document, offsets, mention, type, best id,
/// concept name, score; with a header line when `header`. A document without entities gets a
/// line saying so.
///
/// ```
/// use kbner_corpus::{Corpus, Document, Entity};
/// let mut e = Entity::new(8, 16, "seizures", "Disorders");
/// e.ids = vec!["HP:0001250".into()];
/// e.infons.set("name", "Seizure");
/// let corpus = Corpus { documents: vec![Document { id: "case1".into(), entities: vec![e], ..Default::default() }], ..Default::default() };
/// let t = kbner_annotate::table(&corpus, true);
/// assert!(t.lines().nth(1).unwrap().contains("HP:0001250"));
/// ```
pub fn table(corpus: &Corpus, header: bool) -> String {
    let mut rows: Vec<[String; 7]> = Vec::new();
    if header {
        rows.push(
            ["document", "span", "mention", "type", "id", "name", "score"].map(str::to_string),
        );
    }
    for d in &corpus.documents {
        if d.entities.is_empty() {
            rows.push([
                cell(&d.id),
                String::new(),
                "(no entities)".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for e in &d.entities {
            rows.push([
                cell(&d.id),
                format!("{}-{}", e.start, e.end),
                cell(&e.text),
                cell(&e.kind),
                e.ids.first().cloned().unwrap_or_else(|| "-".into()),
                cell(e.infons.get("name").unwrap_or("")),
                e.score.map_or(String::new(), |s| format!("{s:.2}")),
            ]);
        }
    }
    let mut width = [0usize; 7];
    for r in &rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for r in &rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < r.len() {
                let pad = width[i] - c.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
