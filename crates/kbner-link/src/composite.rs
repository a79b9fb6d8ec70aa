//! Composite mentions: one phrase naming several concepts by coordination, with a shared head or
//! a shared modifier ("breast and ovarian cancer" = breast cancer + ovarian cancer; "colorectal
//! adenomas and carcinoma" = colorectal adenomas + colorectal carcinoma).
//!
//! ```
//! use kbner_link::split_composite;
//! assert_eq!(
//!     split_composite("breast and ovarian cancer"),
//!     Some(vec!["breast cancer".to_string(), "ovarian cancer".to_string()])
//! );
//! assert_eq!(split_composite("ovarian cancer"), None);
//! ```

/// Words that join conjuncts.
const COORDINATORS: &[&str] = &["and", "or", "and/or", "nor", "&"];
/// Determiners dropped inside a conjunct ("retinal and the pineal tumours").
const DETERMINERS: &[&str] = &["the", "a", "an"];

/// The conjuncts of a coordinated mention, each completed with the shared head or modifier;
/// `None` when `text` is not a coordination this function understands (no coordinator, brackets,
/// or conjunct lengths that fit neither a shared head nor a shared modifier).
pub fn split_composite(text: &str) -> Option<Vec<String>> {
    if text.contains(['(', ')', '[', ']']) {
        return None;
    }
    // Words, with commas and in-word slashes ("breast/ovarian") as separators.
    let mut segments: Vec<Vec<&str>> = vec![Vec::new()];
    for raw in text.split_whitespace() {
        let (word, comma) = match raw.strip_suffix(',') {
            Some(w) => (w, true),
            None => (raw, false),
        };
        if COORDINATORS.contains(&word.to_ascii_lowercase().as_str()) {
            segments.push(Vec::new());
        } else if word.contains('/') && !word.eq_ignore_ascii_case("and/or") {
            let pieces: Vec<&str> = word.split('/').collect();
            if pieces.iter().any(|p| !p.chars().any(char::is_alphabetic)) {
                return None; // "1/2", "w/o": not a coordination of names
            }
            for (i, p) in pieces.into_iter().enumerate() {
                if i > 0 {
                    segments.push(Vec::new());
                }
                segments.last_mut()?.push(p);
            }
        } else if !DETERMINERS.contains(&word.to_ascii_lowercase().as_str()) && !word.is_empty() {
            segments.last_mut()?.push(word);
        }
        if comma {
            segments.push(Vec::new());
        }
    }
    segments.retain(|s| !s.is_empty());
    if segments.len() < 2 {
        return None;
    }
    // Suspended prefixes: "hyper- or hypotension", "tachy- and bradycardia".
    if segments[..segments.len() - 1]
        .iter()
        .any(|s| s.last().is_some_and(|w| w.ends_with('-')))
    {
        return suspended_prefixes(&segments);
    }
    let lens: Vec<usize> = segments.iter().map(Vec::len).collect();
    let (first, last) = (lens[0], lens[lens.len() - 1]);
    let max_before_last = lens[..lens.len() - 1].iter().copied().max()?;
    let max_after_first = lens[1..].iter().copied().max()?;
    let join = |words: &[&str]| words.join(" ");
    let parts: Vec<String> = if lens.iter().all(|&l| l == first) {
        // Complete conjuncts: "breast cancer and ovarian cancer", "deafness and blindness".
        segments.iter().map(|s| join(s)).collect()
    } else if last > max_before_last {
        // Shared head on the right: "breast and ovarian | cancer".
        let head = &segments[segments.len() - 1][max_before_last..];
        let mut parts: Vec<String> = segments[..segments.len() - 1]
            .iter()
            .map(|s| join(&[s.as_slice(), head].concat()))
            .collect();
        parts.push(join(&segments[segments.len() - 1]));
        parts
    } else if first > max_after_first {
        // Shared modifier on the left: "colorectal | adenomas and carcinoma".
        let modifier = &segments[0][..first - max_after_first];
        let mut parts = vec![join(&segments[0])];
        parts.extend(
            segments[1..]
                .iter()
                .map(|s| join(&[modifier, s.as_slice()].concat())),
        );
        parts
    } else {
        return None;
    };
    Some(parts)
}

/// Prefixes a word can be cut at when another conjunct suspends its own prefix.
const PREFIXES: &[&str] = &[
    "hyper", "hypo", "tachy", "brady", "micro", "macro", "poly", "oligo", "pre", "post", "intra",
    "extra", "inter", "sub", "supra", "super", "hemi", "hetero", "homo", "dys", "an", "a",
];

/// "hyper- or hypotension" → hypertension, hypotension: every conjunct but the last is one word
/// ending in `-`; the last conjunct's first word starts with one of [`PREFIXES`], and the rest of
/// that word completes the others.
fn suspended_prefixes(segments: &[Vec<&str>]) -> Option<Vec<String>> {
    let (last, before) = segments.split_last()?;
    let word = last.first()?;
    let lower = word.to_lowercase();
    let cut = PREFIXES
        .iter()
        .filter(|p| lower.starts_with(*p) && lower.len() >= p.len() + 4)
        .map(|p| p.len())
        .max()?;
    let stem = word.get(cut..)?;
    let tail = last[1..].join(" ");
    let mut parts = Vec::with_capacity(segments.len());
    for s in before {
        let [prefix] = s.as_slice() else {
            return None;
        };
        let prefix = prefix.strip_suffix('-')?;
        let mut part = format!("{prefix}{stem}");
        if !tail.is_empty() {
            part.push(' ');
            part.push_str(&tail);
        }
        parts.push(part);
    }
    parts.push(last.join(" "));
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::split_composite;

    #[test]
    fn shared_heads_and_modifiers() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Saethre-Chotzen, Crouzon, and Pfeiffer syndromes",
                &[
                    "Saethre-Chotzen syndromes",
                    "Crouzon syndromes",
                    "Pfeiffer syndromes",
                ],
            ),
            (
                "colorectal adenomas and/or carcinoma",
                &["colorectal adenomas", "colorectal carcinoma"],
            ),
            (
                "spinocerebellar ataxias 1 and 2",
                &["spinocerebellar ataxias 1", "spinocerebellar ataxias 2"],
            ),
            (
                "breast/ovarian cancer",
                &["breast cancer", "ovarian cancer"],
            ),
            (
                "retinal and the pineal tumours",
                &["retinal tumours", "pineal tumours"],
            ),
            (
                "male and female breast cancer",
                &["male breast cancer", "female breast cancer"],
            ),
            (
                "breast cancer or ovarian cancer",
                &["breast cancer", "ovarian cancer"],
            ),
            ("hyper- or hypotension", &["hypertension", "hypotension"]),
            ("tachy- and bradycardia", &["tachycardia", "bradycardia"]),
            ("deafness and blindness", &["deafness", "blindness"]),
            // A shared modifier of one word.
            ("cleft lip and palate", &["cleft lip", "cleft palate"]),
        ];
        for (text, parts) in cases {
            assert_eq!(split_composite(text).unwrap_or_default(), *parts, "{text}");
        }
    }

    #[test]
    fn not_composites() {
        for text in [
            "ovarian cancer",
            "and",
            "deficiency of hex A (and B)",
            "type 1/2 diabetes",
            // A suspended prefix that is no known prefix.
            "foo- or barcardia",
        ] {
            assert_eq!(split_composite(text), None, "{text}");
        }
    }
}
