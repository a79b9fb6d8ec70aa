//! Strict scores must equal seqeval's, to the last digit, on the shared IOB test sets.
//! Expected figures come from `scripts/seqeval_figures.py` (seqeval 1.2.2), stored in
//! `tests/fixtures/seqeval_expected.json`; seqeval is not needed to run this test.

mod common;

use kbner_corpus::{evaluate, read_bytes, EvalOptions, Format, ReadOptions};
use serde_json::Value;

/// The same deterministic perturbation as `perturb` in scripts/seqeval_figures.py.
fn perturb(gold: &str) -> String {
    let mut types: Vec<String> = gold
        .lines()
        .filter_map(|l| l.rsplit('\t').next())
        .filter(|t| t.len() > 2 && t.as_bytes()[1] == b'-')
        .map(|t| t[2..].to_string())
        .collect();
    types.sort();
    types.dedup();
    types.push("Other".into());
    let mut out = String::with_capacity(gold.len() + gold.len() / 8);
    let mut i = 0usize;
    for line in gold.lines() {
        if line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        let (tok, tag) = line.split_once('\t').expect("token<TAB>tag");
        let t = if i % 7 == 3 && tag != "O" {
            "O".to_string()
        } else if i % 11 == 5 && tag == "O" {
            format!("I-{}", types[i % types.len()])
        } else if i.is_multiple_of(13) && tag.starts_with("I-") {
            format!("B-{}", &tag[2..])
        } else if i % 17 == 2 && tag != "O" {
            let k = types
                .iter()
                .position(|x| x == &tag[2..])
                .expect("known type");
            format!("{}{}", &tag[..2], types[(k + 1) % types.len()])
        } else {
            tag.to_string()
        };
        out.push_str(tok);
        out.push('\t');
        out.push_str(&t);
        out.push('\n');
        i += 1;
    }
    out
}

fn check(corpus: &str, condition: &str, gold_text: &str, pred_text: &str, expected: &Value) {
    let g = read_bytes(gold_text.as_bytes(), Format::Iob, &ReadOptions::default())
        .unwrap()
        .corpus;
    let p = read_bytes(pred_text.as_bytes(), Format::Iob, &ReadOptions::default())
        .unwrap()
        .corpus;
    // seqeval compares types exactly.
    let opts = EvalOptions {
        align_type_case: false,
        ..Default::default()
    };
    let r = evaluate(&g, &p, &opts).unwrap();
    let exp = &expected[corpus][condition];
    let m = &exp["micro"];
    let got = [
        r.strict.micro.precision,
        r.strict.micro.recall,
        r.strict.micro.f1,
    ];
    let want = [
        m["precision"].as_f64().unwrap(),
        m["recall"].as_f64().unwrap(),
        m["f1"].as_f64().unwrap(),
    ];
    // Exact equality: the same integer counts and the same float operations as seqeval.
    assert_eq!(got, want, "{corpus} {condition} micro P/R/F1");
    let per = exp["per_type"].as_object().unwrap();
    assert_eq!(
        r.strict.per_type.keys().collect::<Vec<_>>(),
        per.keys().collect::<Vec<_>>(),
        "{corpus} {condition} types"
    );
    for (ty, v) in per {
        let s = &r.strict.per_type[ty];
        assert_eq!(
            [s.precision, s.recall, s.f1],
            [
                v["precision"].as_f64().unwrap(),
                v["recall"].as_f64().unwrap(),
                v["f1"].as_f64().unwrap()
            ],
            "{corpus} {condition} {ty}"
        );
        assert_eq!(
            s.gold as u64,
            v["support"].as_u64().unwrap(),
            "{corpus} {condition} {ty} support"
        );
    }
    println!(
        "{corpus:<13} {condition:<18} P={:.6} R={:.6} F1={:.6}  (seqeval: identical)",
        got[0], got[1], got[2]
    );
}

#[test]
fn strict_scores_equal_seqeval_on_shared_test_sets() {
    let expected: Value =
        serde_json::from_str(include_str!("fixtures/seqeval_expected.json")).unwrap();
    for corpus in ["ncbi-disease", "bc5cdr", "bc2gm"] {
        let path = common::data(corpus).join("iob/test.tsv");
        let gold = std::fs::read_to_string(&path).unwrap();
        check(corpus, "gold_vs_gold", &gold, &gold, &expected);
        let pred = perturb(&gold);
        assert_ne!(pred, gold);
        check(corpus, "gold_vs_perturbed", &gold, &pred, &expected);
    }
}
