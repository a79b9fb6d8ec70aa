//! Abbreviation detection on real PubMed abstracts from the NCBI-disease test set, read from the
//! shared data archives (never copied into the repository). The expected pairs were checked by hand
//! against the abstracts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kbner_link::{find_abbreviations, AbbreviationMap};

/// One PubTator document: title and abstract joined by a line break (one character, as the
/// format's offsets assume), and its mention texts with their character offsets.
struct Doc {
    text: String,
    mentions: Vec<(usize, usize, String)>,
}

/// Unpacks the NCBI-disease archive into a fresh per-process directory (kept alive by the
/// returned guard) and returns the test-set PubTator file.
fn ncbi_test_set() -> (tempfile::TempDir, PathBuf) {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let script = shared.join("unpack.sh");
    let archive = shared.join("ncbi-disease.tar.xz");
    assert!(
        script.is_file() && archive.is_file(),
        "shared corpus ncbi-disease is missing: expected {} and {} (the tests need ../shared/data beside the workspace)",
        script.display(),
        archive.display()
    );
    let dest = tempfile::Builder::new()
        .prefix(&format!("kbner-abbrev-{}-", std::process::id()))
        .tempdir()
        .expect("create temp dir");
    let out = Command::new("bash")
        .arg(&script)
        .arg(dest.path())
        .arg("ncbi-disease")
        .output()
        .expect("run unpack.sh");
    assert!(
        out.status.success(),
        "unpack.sh ncbi-disease failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dest
        .path()
        .join("ncbi-disease/pubtator/NCBItestset_corpus.txt");
    assert!(file.is_file(), "no {} after unpacking", file.display());
    (dest, file)
}

/// PMID → document.
fn read_pubtator(path: &Path) -> HashMap<String, Doc> {
    let content = std::fs::read_to_string(path).expect("read PubTator file");
    let mut docs: HashMap<String, Doc> = HashMap::new();
    for line in content.lines() {
        if let Some((pmid, title)) = line.split_once("|t|") {
            docs.insert(
                pmid.to_string(),
                Doc {
                    text: title.to_string(),
                    mentions: Vec::new(),
                },
            );
        } else if let Some((pmid, abs)) = line.split_once("|a|") {
            let doc = docs.get_mut(pmid).expect("abstract after its title");
            doc.text.push('\n');
            doc.text.push_str(abs);
        } else {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() >= 4 {
                let doc = docs.get_mut(f[0]).expect("mention after its title");
                doc.mentions.push((
                    f[1].parse().unwrap(),
                    f[2].parse().unwrap(),
                    f[3].to_string(),
                ));
            }
        }
    }
    docs
}

/// (short, long) pairs found in a document.
fn pairs(doc: &Doc) -> Vec<(String, String)> {
    find_abbreviations(&doc.text)
        .into_iter()
        .map(|a| (a.short, a.long))
        .collect()
}

fn has(found: &[(String, String)], short: &str, long: &str) -> bool {
    found.iter().any(|(s, l)| s == short && l == long)
}

#[test]
fn abbrev_hand_verified_definitions() {
    let (_keep, file) = ncbi_test_set();
    let docs = read_pubtator(&file);
    let expected: &[(&str, &[(&str, &str)])] = &[
        (
            "9949209",
            &[
                ("WD", "Wilson disease"),
                ("CT", "copper toxicosis"),
                ("FISH", "fluorescence in situ hybridization"),
            ],
        ),
        // Letters out of order (dystrophia myotonica): the initials extension.
        (
            "9863607",
            &[
                ("DM", "Myotonic dystrophy"),
                ("CDM", "congenital myotonic dystrophy"),
            ],
        ),
        // Initials in order preferred over the shorter right-to-left match.
        (
            "9585611",
            &[
                ("AAPC", "attenuated adenomatous polyposis coli"),
                ("FAP", "familial adenomatous polyposis"),
            ],
        ),
        (
            "9792409",
            &[
                ("PTT", "protein truncation test"),
                ("REF", "restriction endonuclease fingerprinting"),
            ],
        ),
        ("9618170", &[("XLDCM", "X-linked dilated cardiomyopathy")]),
        (
            "9620771",
            &[
                ("POMC", "pre-pro-opiomelanocortin"),
                ("MC4-R", "melanocortin-4-receptor"),
            ],
        ),
    ];
    for (pmid, want) in expected {
        let doc = docs
            .get(*pmid)
            .unwrap_or_else(|| panic!("PMID {pmid} missing"));
        let found = pairs(doc);
        for (s, l) in *want {
            assert!(has(&found, s, l), "{pmid}: want {s} = {l}, found {found:?}");
        }
    }
}

#[test]
fn abbrev_hand_verified_rejections_and_offsets() {
    let (_keep, file) = ncbi_test_set();
    let docs = read_pubtator(&file);
    // "The ATM (A-T, mutated) gene": A-T is not an abbreviation of ATM; the real definition,
    // "ataxia-telangiectasia (A-T)", follows.
    let doc = &docs["9600235"];
    let found = pairs(doc);
    assert!(
        !found.iter().any(|(s, l)| s == "A-T" && l == "ATM"),
        "{found:?}"
    );
    let map = AbbreviationMap::from_text(&doc.text);
    assert_eq!(map.expand("A-T"), Some("ataxia-telangiectasia"));

    // Offsets are characters and slice the text back to the pair, on every test document.
    for doc in docs.values() {
        let chars: Vec<char> = doc.text.chars().collect();
        for a in find_abbreviations(&doc.text) {
            let s: String = chars[a.short_start..a.short_end].iter().collect();
            let l: String = chars[a.long_start..a.long_end].iter().collect();
            assert_eq!(
                (s.as_str(), l.as_str()),
                (a.short.as_str(), a.long.as_str())
            );
        }
    }
}

#[test]
fn abbrev_disease_mentions_resolved_by_their_abstract() {
    let (_keep, file) = ncbi_test_set();
    let docs = read_pubtator(&file);
    let mut resolved = 0;
    let mut total = 0;
    for doc in docs.values() {
        let map = AbbreviationMap::from_text(&doc.text);
        for (start, end, mention) in &doc.mentions {
            total += 1;
            // The gold offsets index the same title + line break + abstract text.
            let span: String = doc.text.chars().skip(*start).take(end - start).collect();
            assert_eq!(&span, mention);
            if map.expand(mention).is_some() {
                resolved += 1;
            }
        }
    }
    assert_eq!(total, 960, "NCBI-disease test set has 960 mentions");
    // 275 when written (29 % of all mentions); a floor, so small rule changes do not break it.
    assert!(resolved >= 260, "only {resolved} mentions resolved");
    let dm = &docs["9863607"];
    let map = AbbreviationMap::from_text(&dm.text);
    assert_eq!(map.expand("DM"), Some("Myotonic dystrophy"));
}
