//! Knowledge-base ingest through the library API: every source format, every filter, the
//! preferred-name rule, idempotence and bad input.

mod common;

use common::*;
use kbner_kb::{
    ingest, DictFormat, DictSource, IngestOptions, KbError, KnowledgeBase, Progress, RelationKind,
    Suppress, SynonymScope,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use tempfile::TempDir;

fn run(opts: &IngestOptions) -> Result<KnowledgeBase, KbError> {
    ingest(opts, &Progress::hidden(), &AtomicBool::new(false))?;
    KnowledgeBase::open(&opts.out)
}

/// The error of an ingest that must fail, as the user sees it.
fn ingest_error(opts: &IngestOptions) -> String {
    run(opts).err().expect("ingest must fail").to_string()
}

/// A fresh directory holding the fixture release in `META` (with MRRANK).
fn umls_fixture() -> (TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let meta = t.path().join("META");
    write_meta(&meta, true);
    (t, meta)
}

fn umls_opts(meta: &Path, out: &Path) -> IngestOptions {
    let mut o = IngestOptions::new(out);
    o.umls = Some(meta.to_path_buf());
    o
}

fn dict(path: impl Into<PathBuf>, format: DictFormat) -> DictSource {
    DictSource {
        path: path.into(),
        format,
    }
}

/// The names in `dir`.
fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn ids(kb: &KnowledgeBase, text: &str) -> Vec<String> {
    kb.lookup(text).unwrap().into_iter().map(|h| h.id).collect()
}

fn ids_for_code(kb: &KnowledgeBase, sab: &str, code: &str) -> Vec<String> {
    kb.ids_for_code(sab, code).unwrap()
}

fn preferred_name(kb: &KnowledgeBase, id: &str) -> String {
    kb.summary(id).unwrap().unwrap().preferred_name
}

#[test]
fn umls_default_filters_keep_english_unsuppressed_and_untyped_concepts() {
    let (t, meta) = umls_fixture();
    let kb = run(&umls_opts(&meta, &t.path().join("kb"))).unwrap();
    let s = &kb.manifest().stats;
    assert_eq!(s.concepts, 4);
    assert_eq!(
        s.atoms, 8,
        "Spanish and SUPPRESS=O atoms are dropped by default"
    );
    assert_eq!(
        s.umls_concepts_without_types, 1,
        "C0000003 has no MRSTY row and is kept"
    );
    assert_eq!(ids(&kb, "diabetes"), vec!["C0000001"]);
    assert_eq!(ids(&kb, "DIABETES-MELLITUS"), vec!["C0000001"]);
    assert!(ids(&kb, "Old diabetes name").is_empty());
    assert!(ids(&kb, "Diabetes Mellitus Spa").is_empty());
    let mystery = kb.lookup("mystery concept").unwrap();
    assert_eq!(mystery.len(), 1);
    assert!(mystery[0].types.is_empty());
    assert_eq!(s.concepts_by_group.get("DISO"), Some(&2));
    assert_eq!(s.concepts_by_group.get("CHEM"), Some(&1));
    assert_eq!(s.concepts_by_group.get("none"), Some(&1));
    assert_eq!(s.atoms_by_source.get("MSH"), Some(&4));
    assert_eq!(s.definitions, 2, "the SUPPRESS=O definition is dropped");
    let m = kb.manifest();
    assert_eq!(m.umls.as_ref().unwrap().version, "2099AA");
    assert_eq!(m.filters.as_ref().unwrap().languages, vec!["ENG"]);
    assert_eq!(m.filters.as_ref().unwrap().suppress, vec![Suppress::N]);
}

#[test]
fn concept_record_has_types_definitions_relations_and_codes() {
    let (t, meta) = umls_fixture();
    let kb = run(&umls_opts(&meta, &t.path().join("kb"))).unwrap();
    let c = kb.concept("C0000004").unwrap().unwrap();
    let tuis: Vec<&str> = c.types.iter().map(|t| t.tui.as_str()).collect();
    assert_eq!(tuis, vec!["T047", "T191"]);
    assert_eq!(c.types[1].group, "DISO");
    assert_eq!(c.types[1].tree, "B2.2.1.2.1.2");
    assert_eq!(c.definitions[0].text, "A malignant neoplasm of the breast.");
    assert_eq!(c.relations.len(), 1, "only hierarchical relations are kept");
    assert_eq!(
        (c.relations[0].kind, c.relations[0].target.as_str()),
        (RelationKind::Parent, "C0000001")
    );
    let parent = kb.concept("C0000001").unwrap().unwrap();
    assert!(parent
        .relations
        .iter()
        .any(|r| r.kind == RelationKind::Child && r.target == "C0000004"));
    assert_eq!(ids_for_code(&kb, "MSH", "D003920"), vec!["C0000001"]);
    assert_eq!(ids_for_code(&kb, "RXNORM", "1191"), vec!["C0000002"]);
    assert!(
        ids_for_code(&kb, "MSH", "D0039").is_empty(),
        "codes match whole"
    );
    assert!(kb.concept("C9999999").unwrap().is_none());
}

#[test]
fn preferred_name_follows_mrrank_then_flags() {
    let (t, meta) = umls_fixture();
    let kb = run(&umls_opts(&meta, &t.path().join("kb"))).unwrap();
    // MRRANK ranks SNOMEDCT_US/PT above MSH/MH.
    assert_eq!(
        preferred_name(&kb, "C0000001"),
        "Diabetes mellitus (disorder)"
    );
    // RXNORM/IN outranks MSH/MH here even though the MSH atom comes first.
    assert_eq!(preferred_name(&kb, "C0000002"), "acetylsalicylic acid");

    let meta2 = t.path().join("META2");
    write_meta(&meta2, false);
    let kb2 = run(&umls_opts(&meta2, &t.path().join("kb2"))).unwrap();
    // No MRRANK: ISPREF=Y, TS=P, STT=PF wins; among equals the first in the file.
    assert_eq!(preferred_name(&kb2, "C0000001"), "Diabetes Mellitus");
    assert_eq!(preferred_name(&kb2, "C0000002"), "Aspirin");
}

#[test]
fn language_and_suppress_filters() {
    let (t, meta) = umls_fixture();
    let mut o = umls_opts(&meta, &t.path().join("kb"));
    o.filters.languages = vec!["ENG".into(), "SPA".into()];
    o.filters.suppress = vec![Suppress::N, Suppress::O];
    let kb = run(&o).unwrap();
    assert_eq!(ids(&kb, "diabetes mellitus spa"), vec!["C0000001"]);
    assert_eq!(ids(&kb, "old diabetes name"), vec!["C0000001"]);
    assert_eq!(kb.manifest().stats.atoms, 10);
    assert_eq!(kb.manifest().stats.definitions, 3);
    assert_eq!(kb.manifest().stats.atoms_by_language.get("SPA"), Some(&1));
}

#[test]
fn source_filters_include_exclude_and_unknown() {
    let (t, meta) = umls_fixture();
    let mut o = umls_opts(&meta, &t.path().join("kb"));
    o.filters.sab_include = vec!["MSH".into()];
    let kb = run(&o).unwrap();
    assert!(ids(&kb, "Diabetes mellitus (disorder)").is_empty());
    assert!(
        ids(&kb, "breast cancer").is_empty(),
        "an NCI-only concept disappears"
    );
    assert_eq!(kb.manifest().stats.concepts, 3);
    drop(kb);

    let mut o = umls_opts(&meta, &t.path().join("kb-ex"));
    o.filters.sab_exclude = vec!["MSH".into()];
    let kb = run(&o).unwrap();
    assert!(ids(&kb, "aspirin").is_empty());
    assert_eq!(ids(&kb, "acetylsalicylic acid"), vec!["C0000002"]);

    let mut o = umls_opts(&meta, &t.path().join("kb-typo"));
    o.filters.sab_include = vec!["MESH".into()];
    let err = ingest_error(&o);
    assert!(
        err.contains("--sab MESH") && err.contains("not a source"),
        "{err}"
    );
    assert!(!t.path().join("kb-typo").exists());
}

#[test]
fn semantic_type_and_group_filters() {
    let (t, meta) = umls_fixture();
    let mut o = umls_opts(&meta, &t.path().join("kb"));
    o.filters.semantic_types = vec!["T121".into()];
    let kb = run(&o).unwrap();
    assert_eq!(kb.manifest().stats.concepts, 1);
    assert_eq!(ids(&kb, "aspirin"), vec!["C0000002"]);
    drop(kb);

    let mut o = umls_opts(&meta, &t.path().join("kb-g"));
    o.filters.semantic_groups = vec!["DISO".into()];
    let kb = run(&o).unwrap();
    assert_eq!(kb.manifest().stats.concepts, 2);
    assert!(
        ids(&kb, "mystery concept").is_empty(),
        "untyped concepts fail a type filter"
    );
    // Relations are kept between kept concepts only.
    let c = kb.concept("C0000001").unwrap().unwrap();
    assert!(c.relations.iter().all(|r| r.target == "C0000004"));
    drop(kb);

    let mut o = umls_opts(&meta, &t.path().join("kb-name"));
    o.filters.semantic_types = vec!["neoplastic process".into()];
    assert_eq!(run(&o).unwrap().manifest().stats.concepts, 1);

    for (sty, group) in [
        (vec!["Txyz".to_string()], vec![]),
        (vec![], vec!["NOPE".to_string()]),
    ] {
        let mut o = umls_opts(&meta, &t.path().join("kb-bad"));
        o.filters.semantic_types = sty;
        o.filters.semantic_groups = group;
        let err = ingest_error(&o);
        assert!(err.contains("--sty") || err.contains("--semgroup"), "{err}");
    }
}

#[test]
fn obo_terms_synonyms_hierarchy_xrefs_and_obsolete() {
    let t = tempfile::tempdir().unwrap();
    let obo = t.path().join("tst.obo");
    std::fs::write(&obo, OBO_FIXTURE).unwrap();
    let mut o = IngestOptions::new(t.path().join("kb"));
    o.obo.push(obo);
    let kb = run(&o).unwrap();
    let s = &kb.manifest().stats;
    assert_eq!(s.concepts, 2);
    let counts = &kb.manifest().sources[0].counts;
    assert_eq!(counts["obsolete_skipped"], 1);
    assert_eq!(counts["synonyms"], 4);
    assert_eq!(
        kb.manifest().sources[0].label,
        "OBO tst test/releases/2099-01-01"
    );
    assert_eq!(ids(&kb, "fits"), vec!["TST:0000002"]);
    assert!(ids(&kb, "old seizure term").is_empty());
    let c = kb.concept("TST:0000002").unwrap().unwrap();
    assert_eq!(c.preferred_name, "Seizure");
    assert_eq!(c.definitions[0].text, "A sudden \"electrical\" event.");
    let scopes: Vec<_> = c.atoms.iter().filter_map(|a| a.scope).collect();
    assert_eq!(
        scopes,
        vec![
            SynonymScope::Exact,
            SynonymScope::Related,
            SynonymScope::Broad,
            SynonymScope::Narrow
        ]
    );
    assert!(c
        .relations
        .iter()
        .any(|r| r.kind == RelationKind::Parent && r.target == "TST:0000001"));
    let root = kb.concept("TST:0000001").unwrap().unwrap();
    assert!(root
        .relations
        .iter()
        .any(|r| r.kind == RelationKind::Child && r.target == "TST:0000002"));
    assert_eq!(ids_for_code(&kb, "UMLS", "C0036572"), vec!["TST:0000002"]);
    assert_eq!(ids_for_code(&kb, "TST", "TST:0009999"), vec!["TST:0000002"]);
}

#[test]
fn medic_and_tsv_dictionaries() {
    let t = tempfile::tempdir().unwrap();
    let medic = t.path().join("medic.txt");
    std::fs::write(&medic, "D003920||Diabetes Mellitus|DM|Diabetes\nC567755|613097||Tooth Agenesis, Selective, 6|STHAG6\n").unwrap();
    let tsv = t.path().join("genes.tsv");
    std::fs::write(&tsv, "id\tname\ttype\nNCBIGene:7157\tTP53\tGene or Genome\nNCBIGene:7157\ttumor protein p53\t\nNCBIGene:672\tBRCA1\tGENE\n").unwrap();
    let mut o = IngestOptions::new(t.path().join("kb"));
    o.dicts.push(dict(medic, DictFormat::Medic));
    o.dicts.push(dict(tsv, DictFormat::Tsv));
    let kb = run(&o).unwrap();
    assert_eq!(kb.manifest().stats.concepts, 4);
    assert_eq!(ids(&kb, "dm"), vec!["MESH:D003920"]);
    assert_eq!(ids(&kb, "sthag6"), vec!["MESH:C567755"]);
    assert_eq!(ids_for_code(&kb, "OMIM", "613097"), vec!["MESH:C567755"]);
    assert_eq!(ids_for_code(&kb, "MESH", "D003920"), vec!["MESH:D003920"]);
    let dm = kb.summary("MESH:D003920").unwrap().unwrap();
    assert_eq!(
        (dm.preferred_name.as_str(), dm.types[0].group.as_str()),
        ("Diabetes Mellitus", "DISO")
    );
    let p53 = kb.summary("NCBIGene:7157").unwrap().unwrap();
    assert_eq!(p53.preferred_name, "TP53");
    assert_eq!(
        (p53.types[0].tui.as_str(), p53.types[0].group.as_str()),
        ("T028", "GENE")
    );
    assert_eq!(ids(&kb, "Tumor protein P53"), vec!["NCBIGene:7157"]);
    assert_eq!(
        kb.summary("NCBIGene:672").unwrap().unwrap().types[0].group,
        "GENE"
    );
}

#[test]
fn sources_combine_in_one_store_and_keep_their_origin() {
    let (t, meta) = umls_fixture();
    let obo = t.path().join("tst.obo");
    std::fs::write(&obo, OBO_FIXTURE).unwrap();
    let medic = t.path().join("medic.txt");
    std::fs::write(&medic, "D003920||Diabetes Mellitus|DM\n").unwrap();
    let mut o = umls_opts(&meta, &t.path().join("kb"));
    o.obo.push(obo);
    o.dicts.push(dict(medic, DictFormat::Medic));
    let kb = run(&o).unwrap();
    let s = &kb.manifest().stats;
    assert_eq!(s.concepts, 4 + 2 + 1);
    assert_eq!(s.concepts_by_origin.get("UMLS 2099AA"), Some(&4));
    assert_eq!(s.concepts_by_origin.get("DICT MEDIC"), Some(&1));
    let mut hits = ids(&kb, "diabetes mellitus");
    hits.sort();
    assert_eq!(hits, vec!["C0000001", "MESH:D003920"]);
    assert_eq!(
        kb.summary("TST:0000002").unwrap().unwrap().origins,
        vec!["OBO tst test/releases/2099-01-01"]
    );
}

#[test]
fn reingesting_the_same_inputs_gives_the_same_store() {
    let (t, meta) = umls_fixture();
    let out = t.path().join("kb");
    let o = umls_opts(&meta, &out);
    let first = run(&o).unwrap();
    let (m1, l1) = (first.manifest().clone(), first.lookup("diabetes").unwrap());
    drop(first);
    let second = run(&o).unwrap(); // replaces the store in place
    assert_eq!(second.manifest().stats, m1.stats);
    assert_eq!(second.manifest().fingerprint, m1.fingerprint);
    assert_eq!(second.lookup("diabetes").unwrap(), l1);
    // With a small memory budget the external sort spills many runs; the result must not change.
    let mut small = umls_opts(&meta, &t.path().join("kb-small"));
    small.memory_bytes = 1; // clamped to 1 KiB: dozens of spilled runs
    let third = run(&small).unwrap();
    assert_eq!(third.manifest().fingerprint, m1.fingerprint);
    let leftovers = entries(t.path());
    assert_eq!(
        leftovers.len(),
        3,
        "no staging directories left: {leftovers:?}"
    );
}

#[test]
fn unsorted_mrconso_gives_the_same_concepts() {
    let (t, meta) = umls_fixture();
    let sorted = run(&umls_opts(&meta, &t.path().join("kb1"))).unwrap();
    let text = std::fs::read_to_string(meta.join("MRCONSO.RRF")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.reverse();
    std::fs::write(meta.join("MRCONSO.RRF"), lines.join("\n")).unwrap(); // and no final newline
    let reversed = run(&umls_opts(&meta, &t.path().join("kb2"))).unwrap();
    assert_eq!(reversed.manifest().stats, sorted.manifest().stats);
    for id in ["C0000001", "C0000002", "C0000004"] {
        assert_eq!(reversed.summary(id).unwrap(), sorted.summary(id).unwrap());
    }
}

fn assert_fails(meta: &Path, out: &Path, expect: &[&str]) {
    let err = ingest_error(&umls_opts(meta, out));
    for e in expect {
        assert!(err.contains(e), "error {err:?} should contain {e:?}");
    }
}

#[test]
fn bad_input_names_file_line_and_column_and_leaves_the_old_store() {
    let t = tempfile::tempdir().unwrap();
    let good = t.path().join("GOOD");
    write_meta(&good, true);
    let out = t.path().join("kb");
    let before = run(&umls_opts(&good, &out)).unwrap().manifest().clone();

    let bad = t.path().join("BAD");
    let with_row = |file: &str, line: usize, row: &[u8]| {
        write_meta(&bad, true);
        let p = bad.join(file);
        let text = std::fs::read(&p).unwrap();
        let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        lines[line - 1] = row.to_vec();
        std::fs::write(&p, lines.join(&b'\n')).unwrap();
    };
    with_row("MRCONSO.RRF", 3, b"C0000001|ENG|P|");
    assert_fails(
        &bad,
        &out,
        &["MRCONSO.RRF:3", "expected 18 fields", "found 3"],
    );
    with_row(
        "MRCONSO.RRF",
        2,
        conso(
            "C0000001", "ENG", "S", "VO", "Y", "A1", "MSH", "ET", "D1", "x", "Q",
        )
        .as_bytes(),
    );
    assert_fails(
        &bad,
        &out,
        &[
            "MRCONSO.RRF:2, column 17 (SUPPRESS)",
            "unknown SUPPRESS value \"Q\"",
        ],
    );
    let mut row = b"C0000001|ENG|S|L|VO|S|Y|A1||||MSH|ET|D1|ab".to_vec();
    row.push(0xff);
    row.extend_from_slice(b"|0|N||");
    with_row("MRCONSO.RRF", 4, &row);
    assert_fails(
        &bad,
        &out,
        &["MRCONSO.RRF:4, column 15 (STR)", "invalid UTF-8"],
    );
    with_row("MRSTY.RRF", 2, b"C0000002|T121|A1|");
    assert_fails(&bad, &out, &["MRSTY.RRF:2", "expected 6 fields"]);
    with_row(
        "MRREL.RRF",
        1,
        b"C0000004|A1|AUI|PAR|C0000001|A2|AUI|inverse_isa|R1||MSH|MSH|||Z||",
    );
    assert_fails(&bad, &out, &["MRREL.RRF:1, column 15 (SUPPRESS)"]);
    write_meta(&bad, true);
    std::fs::remove_file(bad.join("MRCONSO.RRF")).unwrap();
    assert_fails(&bad, &out, &["missing required file", "MRCONSO.RRF"]);
    assert_fails(
        &t.path().join("NOPE"),
        &out,
        &["missing required file", "NOPE"],
    );
    let mut o = IngestOptions::new(&out);
    o.obo.push(t.path().join("missing.obo"));
    assert!(ingest_error(&o).contains("missing.obo"));

    // The previous store is intact and no staging directory is left behind.
    let after = KnowledgeBase::open(&out).unwrap();
    assert_eq!(after.manifest().fingerprint, before.fingerprint);
    let names = entries(t.path());
    assert!(names.iter().all(|n| !n.contains("kbner-tmp")), "{names:?}");
}

#[test]
fn mrfiles_layout_is_enforced() {
    let (t, meta) = umls_fixture();
    // MRFILES declares a 17-column MRCONSO: every 18-column row is now wrong.
    write_rows(&meta, "MRFILES.RRF", &["MRCONSO.RRF|Concept names|CUI,LAT,TS,LUI,STT,SUI,ISPREF,AUI,SAUI,SCUI,SDUI,SAB,TTY,CODE,STR,SRL,SUPPRESS|17|10|1000|"]);
    assert_fails(
        &meta,
        &t.path().join("kb"),
        &["MRCONSO.RRF:1", "expected 17 fields", "per the MRFILES.RRF"],
    );
}

#[test]
fn lenient_skips_and_reports_bad_rows() {
    let (t, meta) = umls_fixture();
    let p = meta.join("MRCONSO.RRF");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("C0000009|ENG|P|\n");
    text.push_str(&conso(
        "C0000009", "ENG", "P", "PF", "Y", "A9", "MSH", "MH", "D9", "Nine", "Q",
    ));
    text.push('\n');
    std::fs::write(&p, text).unwrap();
    let mut o = umls_opts(&meta, &t.path().join("kb"));
    o.lenient = true;
    let kb = run(&o).unwrap();
    let m = kb.manifest();
    assert_eq!(m.bad_row_count, 2);
    assert!(m.bad_rows[0].contains("MRCONSO.RRF:11"), "{:?}", m.bad_rows);
    assert!(
        m.bad_rows[1].contains("MRCONSO.RRF:12, column 17 (SUPPRESS)"),
        "{:?}",
        m.bad_rows
    );
    assert_eq!(m.stats.concepts, 4);
}

#[test]
fn bad_obo_and_dictionary_lines() {
    let t = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 3] = [
        (
            "bad.obo",
            "format-version: 1.2\n\n[Term]\nid: X:1\nname: x\nsynonym: \"unterminated EXACT []\n",
            "bad.obo:6, column 1 (synonym)",
        ),
        (
            "bad2.obo",
            "[Term]\nid: X:1\nsynonym: \"a\" SIDEWAYS []\n",
            "unknown synonym scope",
        ),
        (
            "bad3.obo",
            "[Term]\nname: no id\n\n[Term]\nid: X:2\n",
            "bad3.obo:1: [Term] stanza without an id",
        ),
    ];
    for (name, text, expect) in cases {
        let p = t.path().join(name);
        std::fs::write(&p, text).unwrap();
        let mut o = IngestOptions::new(t.path().join("kb"));
        o.obo.push(p);
        let err = ingest_error(&o);
        assert!(err.contains(expect), "{err:?} should contain {expect:?}");
    }
    let p = t.path().join("bad.txt");
    std::fs::write(&p, "D1||Fine\nD2|no double bar\n").unwrap();
    let mut o = IngestOptions::new(t.path().join("kb"));
    o.dicts.push(dict(p, DictFormat::Medic));
    let err = ingest_error(&o);
    assert!(err.contains("bad.txt:2"), "{err}");
    let p = t.path().join("bad.tsv");
    std::fs::write(&p, "X:1\tok\nX:2\t\n").unwrap();
    let mut o = IngestOptions::new(t.path().join("kb"));
    o.dicts.push(dict(p, DictFormat::Tsv));
    let err = ingest_error(&o);
    assert!(err.contains("bad.tsv:2, column 2 (name)"), "{err}");
    assert!(!t.path().join("kb").exists());
}

#[test]
fn same_counts_different_names_give_different_fingerprints() {
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a.tsv");
    let b = t.path().join("b.tsv");
    std::fs::write(&a, "X:1\tbicycle\n").unwrap();
    std::fs::write(&b, "X:1\ttricycle\n").unwrap();
    let fp = |f: &Path, out: &str| {
        let mut o = IngestOptions::new(t.path().join(out));
        o.dicts.push(dict(f, DictFormat::Tsv));
        let kb = run(&o).unwrap();
        (
            kb.manifest().stats.clone(),
            kb.manifest().fingerprint.clone(),
        )
    };
    let (sa, fa) = fp(&a, "ka");
    let (sb, fb) = fp(&b, "kb");
    assert_eq!(sa.concepts, sb.concepts);
    assert_ne!(
        fa, fb,
        "a stale index must be detectable even when counts agree"
    );
}
