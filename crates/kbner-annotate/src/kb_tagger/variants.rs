//! Inflectional and spelling variants of a normalized word, tried when the word as written is not
//! on a path of the name automaton: knowledge bases list names in the singular and mostly in
//! American spelling, texts say `tumours`, `leukaemias`, `polyposes`.

/// The variants of `word` (not `word` itself), most likely first; at most a few.
pub(crate) fn variants(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: String| {
        if v != word && !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    };
    let singular = singular(word);
    if let Some(s) = &singular {
        push(s.clone());
    }
    // MeSH-style names are often plural ("Inherited Diseases", "Neoplasms").
    if singular.is_none() {
        if let Some(p) = plural(word) {
            push(p);
        }
    }
    for w in std::iter::once(word).chain(singular.as_deref()) {
        if let Some(us) = american(w) {
            push(us);
        }
    }
    out
}

/// The singular of an English plural, when `word` looks like one.
fn singular(word: &str) -> Option<String> {
    let n = word.len();
    if n < 4 || !word.is_ascii() || word.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    for (plural, single) in [
        ("ies", "y"),
        ("sses", "ss"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("oses", "osis"), // polyposes, neuroses
        ("ae", "a"),      // neoplasiae, ataxiae
        ("ices", "ix"),   // appendices
        ("omata", "oma"), // carcinomata
    ] {
        if let Some(stem) = word.strip_suffix(plural) {
            if stem.len() >= 2 {
                return Some(format!("{stem}{single}"));
            }
        }
    }
    if word.ends_with('s') && !["ss", "us", "is", "os"].iter().any(|e| word.ends_with(e)) {
        return Some(word[..n - 1].to_string());
    }
    None
}

/// The plural of an English singular noun, when `word` looks like one.
fn plural(word: &str) -> Option<String> {
    if word.len() < 4 || !word.is_ascii() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return Some(format!("{stem}ies"));
        }
    }
    if word.ends_with("sis") || word.ends_with("us") || word.ends_with("ss") {
        return None;
    }
    if word.ends_with('x') || word.ends_with("ch") || word.ends_with("sh") {
        return Some(format!("{word}es"));
    }
    if word.ends_with('s') {
        return None;
    }
    Some(format!("{word}s"))
}

/// The American spelling of a British one (`tumour`, `haemolytic`, `oesophageal`,
/// `leukaemia`), when `word` has one of these spellings.
fn american(word: &str) -> Option<String> {
    if !word.is_ascii() || word.len() < 4 {
        return None;
    }
    let mut w = word.to_string();
    if let Some(stem) = w.strip_suffix("our") {
        if stem.len() >= 3 {
            w = format!("{stem}or");
        }
    }
    if let Some(stem) = w.strip_suffix("ours") {
        if stem.len() >= 3 {
            w = format!("{stem}ors");
        }
    }
    for (gb, us) in [("aem", "em"), ("oes", "es"), ("oed", "ed"), ("paed", "ped")] {
        if w.contains(gb) {
            w = w.replace(gb, us);
        }
    }
    if let Some(stem) = w.strip_suffix("tre") {
        w = format!("{stem}ter");
    }
    (w != word).then_some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_british_spellings_give_the_kb_form() {
        assert_eq!(variants("tumours"), ["tumour", "tumors", "tumor"]);
        assert_eq!(variants("deficiencies"), ["deficiency"]);
        assert_eq!(variants("neoplasm"), ["neoplasms"]);
        assert_eq!(
            variants("leukaemias"),
            ["leukaemia", "leukemias", "leukemia"]
        );
        assert_eq!(variants("polyposes"), ["polyposis"]);
        assert_eq!(variants("disease"), ["diseases"]);
        assert_eq!(variants("deficiency"), ["deficiencies"]);
        assert!(variants("fibrosis").is_empty());
        assert!(variants("virus").is_empty());
        assert!(variants("dm1").is_empty());
    }
}
