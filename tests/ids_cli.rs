//! Concept ids across namespaces and type options, end to end through the binary:
//! `kbner eval --kb` (ids of one concept match through the knowledge base), `--prefer-ids`
//! (which of a concept's ids is written, and all of them reported), and `--types` /
//! `--type-map` values that no concept can have (errors at start, not empty output).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// MEDIC lists some concepts with an OMIM id first and their MeSH id second, as CTD does for
/// *Myocardial Infarction*: the concept id is then `OMIM:608446`, `MESH:D009203` an alternative.
const MEDIC: &str = "608446|D009203||Myocardial Infarction|Heart Attack
D003920||Diabetes Mellitus|Diabetes
";

const TEXT: &str = "Myocardial infarction and diabetes mellitus were seen.";

/// One PubTator document with the two mentions of [`TEXT`], with these ids.
fn pubtator(ids: [&str; 2]) -> String {
    format!(
        "1|t|{TEXT}\n1|a|\n1\t0\t21\tMyocardial infarction\tDisease\t{}\n1\t26\t43\tdiabetes mellitus\tDisease\t{}\n\n",
        ids[0], ids[1]
    )
}

/// Writes `dir/name` holding the document of [`pubtator`] with `ids`.
fn write_pubtator(dir: &Path, name: &str, ids: [&str; 2]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, pubtator(ids)).unwrap();
    path
}

fn kbner_out(args: &[&str], paths: &[&Path]) -> Output {
    let mut c = kbner();
    c.args(args);
    for p in paths {
        c.arg(p);
    }
    c.output().unwrap()
}

fn ok(args: &[&str], paths: &[&Path]) -> (String, String) {
    let out = kbner_out(args, paths);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "kbner {args:?} failed: {stderr}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

fn medic_kb(dir: &Path) -> PathBuf {
    let medic = dir.join("medic.txt");
    std::fs::write(&medic, MEDIC).unwrap();
    let kb = dir.join("kb");
    ok(
        &[
            "kb",
            "ingest",
            "--quiet",
            "--dict-format",
            "medic",
            "--dict",
        ],
        &[&medic, Path::new("--kb"), &kb],
    );
    kb
}

/// acc@1 and the "different namespaces" warning of `kbner eval --json`.
fn eval_acc1(gold: &Path, pred: &Path, kb: Option<&Path>) -> (f64, bool) {
    let mut paths: Vec<&Path> = vec![gold, Path::new("--pred"), pred];
    if let Some(kb) = kb {
        paths.extend([Path::new("--kb"), kb]);
    }
    let (stdout, _) = ok(&["eval", "--json", "--gold"], &paths);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let linking = &report["linking"];
    (
        linking["acc"][0][1].as_f64().unwrap(),
        linking["ids_never_match"].as_bool().unwrap(),
    )
}

/// Gold with bare MeSH ids (BC5CDR's and NCBI-disease's convention), predictions with the OMIM
/// id of the same MEDIC concept: wrong when ids are compared as written, right through the KB.
#[test]
fn eval_with_kb_matches_ids_of_one_concept_across_namespaces() {
    let t = tempfile::tempdir().unwrap();
    let kb = medic_kb(t.path());
    let gold = write_pubtator(t.path(), "gold.pubtator", ["D009203", "D003920"]);
    let pred = write_pubtator(t.path(), "pred.pubtator", ["OMIM:608446", "MESH:D003920"]);

    assert_eq!(eval_acc1(&gold, &pred, None), (0.5, false));
    assert_eq!(eval_acc1(&gold, &pred, Some(&kb)), (1.0, false));
    // An id the KB does not know is still compared as written; a wrong one stays wrong.
    let wrong = write_pubtator(t.path(), "wrong.pubtator", ["MESH:D003920", "OMIM:999999"]);
    assert_eq!(eval_acc1(&gold, &wrong, Some(&kb)), (0.0, true));
    // OBO: an alt_id and an xref (MeSH spelt `MSH` there) stand for their term. The ontology
    // (named after the file, no header) differs from the ids' prefix.
    let obo = t.path().join("onto.obo");
    std::fs::write(
        &obo,
        "[Term]\nid: HP:0001250\nname: Myocardial infarction\nalt_id: HP:0000001\nxref: MSH:D009203\n\n\
         [Term]\nid: HP:0000819\nname: Diabetes mellitus\n",
    )
    .unwrap();
    let obo_kb = t.path().join("obo-kb");
    ok(
        &["kb", "ingest", "--quiet", "--obo"],
        &[&obo, Path::new("--kb"), &obo_kb],
    );
    let obo_gold = write_pubtator(t.path(), "obo-gold.pubtator", ["HP:0000001", "HP:0000819"]);
    let obo_pred = write_pubtator(t.path(), "obo-pred.pubtator", ["HP:0001250", "HP:0000819"]);
    assert_eq!(eval_acc1(&obo_gold, &obo_pred, None), (0.5, false));
    assert_eq!(eval_acc1(&obo_gold, &obo_pred, Some(&obo_kb)), (1.0, false));
    let by_xref = write_pubtator(
        t.path(),
        "obo-xref.pubtator",
        ["MESH:D009203", "HP:0000819"],
    );
    assert_eq!(eval_acc1(&obo_gold, &by_xref, Some(&obo_kb)), (1.0, false));

    // A --kb that is not a knowledge base is an error naming the option.
    let not_kb = t.path().join("not-a-kb");
    std::fs::create_dir(&not_kb).unwrap();
    let out = kbner_out(
        &["eval", "--gold"],
        &[
            &gold,
            Path::new("--pred"),
            &pred,
            Path::new("--kb"),
            &not_kb,
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--kb"));
}

/// `kb lookup --prefer-ids`: a MEDIC concept is written in the preferred namespace, a UMLS
/// concept as its source code; JSON lists all ids. No index needed.
#[test]
fn lookup_writes_the_preferred_id_and_lists_all_ids() {
    let t = tempfile::tempdir().unwrap();
    let kb = medic_kb(t.path());
    let (plain, _) = ok(&["kb", "lookup", "--kb"], &[&kb, Path::new("heart attack")]);
    assert!(plain.contains("OMIM:608446"), "{plain}");
    let (mesh, _) = ok(
        &["kb", "lookup", "--prefer-ids", "MESH", "--kb"],
        &[&kb, Path::new("heart attack")],
    );
    assert!(
        mesh.contains("MESH:D009203") && !mesh.contains("OMIM"),
        "{mesh}"
    );
    let (json, _) = ok(
        &["kb", "lookup", "--json", "--prefer-ids", "mesh", "--kb"],
        &[&kb, Path::new("heart attack")],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let hit = &v["hits"][0];
    assert_eq!(hit["id"], "MESH:D009203");
    assert_eq!(hit["concept_id"], "OMIM:608446");
    assert_eq!(
        hit["concept_ids"],
        serde_json::json!(["OMIM:608446", "MESH:D009203"])
    );

    // UMLS: the CUI is the concept id; its MeSH code is `MSH:…`, found by `--prefer-ids MESH`.
    let meta = t.path().join("META");
    write_meta(&meta, true);
    let umls = t.path().join("umls");
    ok(
        &["kb", "ingest", "--quiet", "--umls"],
        &[&meta, Path::new("--kb"), &umls],
    );
    let (json, _) = ok(
        &["kb", "lookup", "--json", "--prefer-ids", "MESH", "--kb"],
        &[&umls, Path::new("Diabetes Mellitus")],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let hit = &v["hits"][0];
    assert_eq!(hit["concept_id"], "C0000001", "{json}");
    assert_eq!(hit["id"], "MSH:D003920", "{json}");
    let all = hit["concept_ids"].as_array().unwrap();
    assert_eq!(all[0], "C0000001");
    assert!(all.iter().any(|x| x == "MSH:D003920"), "{json}");

    let out = kbner_out(
        &["kb", "lookup", "--prefer-ids", "MESH,", "--kb"],
        &[&kb, Path::new("heart attack")],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--prefer-ids"));
}

fn indexed_medic_kb(dir: &Path) -> PathBuf {
    let kb = medic_kb(dir);
    ok(&["kb", "index", "--quiet", "--kb"], &[&kb]);
    kb
}

/// The first ids and all concept ids of each mention of a kbner JSONL file.
fn linked(jsonl: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let read = kbner_corpus::format::read_path(jsonl, None, false).unwrap();
    read.corpus.documents[0]
        .entities
        .iter()
        .map(|e| {
            (
                e.ids.first().cloned().unwrap_or_default(),
                e.concept_ids.clone(),
            )
        })
        .collect()
}

/// `link --prefer-ids MESH` writes *Myocardial Infarction* as `MESH:D009203` (the id BC5CDR's
/// gold uses) instead of `OMIM:608446`; every output that can hold them keeps all ids.
#[test]
fn link_prefer_ids_writes_the_preferred_namespace_and_keeps_all_ids() {
    let t = tempfile::tempdir().unwrap();
    let kb = indexed_medic_kb(t.path());
    let gold = write_pubtator(t.path(), "gold.pubtator", ["D009203", "D003920"]);

    let plain = t.path().join("plain.jsonl");
    ok(&["link", "-k", "1", "--kb"], &[&kb, &gold, &plain]);
    let mesh = t.path().join("mesh.jsonl");
    let (_, log) = ok(
        &["link", "-k", "1", "--prefer-ids", "MESH", "--kb"],
        &[&kb, &gold, &mesh],
    );
    assert!(!log.contains("warning"), "{log}");
    let all_mi = vec!["OMIM:608446".to_string(), "MESH:D009203".to_string()];
    let all_dm = vec!["MESH:D003920".to_string()];
    assert_eq!(
        linked(&plain),
        [
            ("OMIM:608446".to_string(), vec![all_mi.clone()]),
            ("MESH:D003920".to_string(), vec![all_dm.clone()]),
        ]
    );
    assert_eq!(
        linked(&mesh),
        [
            ("MESH:D009203".to_string(), vec![all_mi]),
            ("MESH:D003920".to_string(), vec![all_dm]),
        ]
    );
    // What the user measures: gold MeSH ids are matched only with the preferred namespace.
    assert_eq!(eval_acc1(&gold, &plain, None).0, 0.5);
    assert_eq!(eval_acc1(&gold, &mesh, None).0, 1.0);

    // BioC keeps all ids in an infon; PubTator writes the preferred one and says what it lost.
    let bioc = t.path().join("mesh.bioc.xml");
    ok(
        &[
            "link",
            "-k",
            "1",
            "--prefer-ids",
            "MESH",
            "--to",
            "bioc-xml",
            "--kb",
        ],
        &[&kb, &gold, &bioc],
    );
    let xml = std::fs::read_to_string(&bioc).unwrap();
    assert!(
        xml.contains("<infon key=\"kbner.concept_ids\">OMIM:608446|MESH:D009203</infon>"),
        "{xml}"
    );
    let pt = t.path().join("mesh.pubtator");
    let (_, log) = ok(
        &[
            "link",
            "-k",
            "1",
            "--prefer-ids",
            "MESH",
            "--to",
            "pubtator",
            "--kb",
        ],
        &[&kb, &gold, &pt],
    );
    assert!(
        std::fs::read_to_string(&pt)
            .unwrap()
            .contains("\tDisease\tMESH:D009203\n"),
        "{}",
        std::fs::read_to_string(&pt).unwrap()
    );
    assert!(
        log.contains("other ids of the concepts of 1 mentions"),
        "{log}"
    );

    // A namespace no linked concept has is said, not silently ignored.
    let (_, log) = ok(
        &["link", "-k", "1", "--prefer-ids", "HP", "--kb"],
        &[&kb, &gold, &t.path().join("hp.jsonl")],
    );
    assert!(log.contains("warning: --prefer-ids HP"), "{log}");
}

/// `--types NOPE` and `--type-map Disease=` used to link nothing and exit 0; a type no concept
/// can have is now an error at start naming the option and value and what is accepted, while a
/// free-text type that the dictionary gave a concept is accepted.
#[test]
fn type_options_no_concept_can_have_are_errors_at_start() {
    let t = tempfile::tempdir().unwrap();
    let dict = t.path().join("d.tsv");
    std::fs::write(
        &dict,
        "D1\tmyocardial infarction\tDisease or Syndrome\nG1\tBRCA1\tprotein family\n",
    )
    .unwrap();
    let kb = t.path().join("kb");
    ok(
        &["kb", "ingest", "--quiet", "--dict-format", "tsv", "--dict"],
        &[&dict, Path::new("--kb"), &kb],
    );
    ok(&["kb", "index", "--quiet", "--kb"], &[&kb]);
    let (stats, _) = ok(&["kb", "stats", "--json", "--kb"], &[&kb]);
    assert!(
        stats.contains("\"concepts_by_free_text_type\""),
        "free-text types are recorded: {stats}"
    );
    let input = t.path().join("in.pubtator");
    std::fs::write(
        &input,
        "1|t|BRCA1 and myocardial infarction.\n1|a|\n1\t0\t5\tBRCA1\tGene\tG1\n1\t10\t31\tmyocardial infarction\tDisease\tD1\n\n",
    )
    .unwrap();
    let out_file = t.path().join("out.jsonl");

    let refused = |args: &[&str], option: &str, value: &str| {
        let mut paths: Vec<&Path> = vec![&kb];
        if args[0] == "link" {
            paths.extend([input.as_path(), out_file.as_path()]);
        } else {
            paths.push(Path::new("myocardial infarction"));
        }
        let out = kbner_out(args, &paths);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded: {stderr}");
        assert!(
            stderr.contains(&format!("{option} \"{value}\"")),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains("semantic group") && stderr.contains("DISO"),
            "{stderr}"
        );
        assert!(stderr.contains("protein family"), "{stderr}");
        assert!(!out_file.exists(), "{args:?} wrote output");
    };
    refused(&["link", "--types", "NOPE", "--kb"], "--types", "NOPE");
    refused(
        &["link", "--type-map", "Disease=", "--kb"],
        "--type-map",
        "Disease=",
    );
    refused(
        &["link", "--type-map", "Disease=DISO,Gene=NOPE", "--kb"],
        "--type-map",
        "Gene=NOPE",
    );
    refused(
        &["kb", "search", "--types", "NOPE", "--kb"],
        "--types",
        "NOPE",
    );
    let out = kbner_out(
        &["link", "--type-map", "=DISO", "--kb"],
        &[&kb, &input, &out_file],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--type-map \"=DISO\""));

    // Accepted: a group, a UMLS type name, and the dictionary's own free-text type (any case).
    ok(
        &[
            "link",
            "-k",
            "1",
            "--type-map",
            "Disease=DISO,Gene=Protein Family",
            "--kb",
        ],
        &[&kb, &input, &out_file],
    );
    let ids: Vec<String> = linked(&out_file).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["G1", "D1"]);
    let (found, _) = ok(
        &[
            "kb",
            "search",
            "--json",
            "--types",
            "protein family",
            "--kb",
        ],
        &[&kb, Path::new("BRCA1")],
    );
    assert!(found.contains("\"id\":\"G1\""), "{found}");
}
