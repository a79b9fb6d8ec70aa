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
    let mut leftovers = entries(t.path());
    leftovers.retain(|n| !n.ends_with(".kbner-lock") && !n.ends_with(".kbner-swap-lock"));
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

/// A store built from the fixture release, and its fingerprint.
fn good_store(t: &Path) -> (PathBuf, String) {
    let meta = t.join("GOOD");
    write_meta(&meta, true);
    let out = t.join("kb");
    let fp = run(&umls_opts(&meta, &out))
        .unwrap()
        .manifest()
        .fingerprint
        .clone();
    (out, fp)
}

fn assert_unchanged(out: &Path, fingerprint: &str) {
    let kb = KnowledgeBase::open(out).unwrap();
    assert_eq!(
        kb.manifest().fingerprint,
        fingerprint,
        "the old store must stay"
    );
    let names = entries(out.parent().unwrap());
    assert!(names.iter().all(|n| !n.contains("kbner-tmp")), "{names:?}");
}

#[test]
fn empty_or_truncated_sources_are_refused_and_leave_the_old_store() {
    let t = tempfile::tempdir().unwrap();
    let (out, fp) = good_store(t.path());
    let meta = t.path().join("META");

    // A 0-byte MRCONSO.RRF (a failed copy) would have replaced the store with 0 concepts.
    write_meta(&meta, true);
    std::fs::write(meta.join("MRCONSO.RRF"), "").unwrap();
    let err = run(&umls_opts(&meta, &out)).err().unwrap();
    assert!(matches!(err, KbError::Incomplete(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("MRCONSO.RRF has no rows (0 bytes)"), "{msg}");
    assert!(msg.contains("--allow-partial"), "{msg}");
    assert_unchanged(&out, &fp);
    std::fs::write(meta.join("MRSTY.RRF"), "").unwrap();
    write_meta(&meta, true);
    std::fs::write(meta.join("MRSTY.RRF"), "\n").unwrap();
    let msg = ingest_error(&umls_opts(&meta, &out));
    assert!(msg.contains("MRSTY.RRF has no rows (1 bytes)"), "{msg}");

    // MRFILES.RRF declares far more rows than the file has: truncated.
    write_meta(&meta, true);
    write_rows(&meta, "MRFILES.RRF", &["MRCONSO.RRF|Concept names|CUI,LAT,TS,LUI,STT,SUI,ISPREF,AUI,SAUI,SCUI,SDUI,SAB,TTY,CODE,STR,SRL,SUPPRESS,CVF|18|100|9000|"]);
    let msg = ingest_error(&umls_opts(&meta, &out));
    assert!(
        msg.contains("MRCONSO.RRF has 10 rows but MRFILES.RRF declares 100"),
        "{msg}"
    );
    assert_unchanged(&out, &fp);
    // A small difference stays a warning.
    write_rows(&meta, "MRFILES.RRF", &["MRCONSO.RRF|Concept names|CUI,LAT,TS,LUI,STT,SUI,ISPREF,AUI,SAUI,SCUI,SDUI,SAB,TTY,CODE,STR,SRL,SUPPRESS,CVF|18|11|9000|"]);
    let kb = run(&umls_opts(&meta, &t.path().join("kb-close"))).unwrap();
    assert!(
        kb.manifest()
            .warnings
            .iter()
            .any(|w| w == "MRCONSO.RRF: MRFILES.RRF declares 11 rows, the file has 10"),
        "{:?}",
        kb.manifest().warnings
    );

    // Filters that keep nothing.
    write_meta(&meta, true);
    let mut o = umls_opts(&meta, &out);
    o.filters.languages = vec!["FRE".into()];
    let msg = ingest_error(&o);
    assert!(
        msg.contains(
            "none of the 10 rows of MRCONSO.RRF passed the filters (dropped by language 10)"
        ),
        "{msg}"
    );

    // Empty OBO, MEDIC and TSV files (a TSV with only its header), even beside a good source.
    for (name, text, expect) in [
        (
            "empty.obo",
            "",
            "empty.obo: no term read (0 bytes; 0 obsolete terms skipped)",
        ),
        (
            "old.obo",
            "[Term]\nid: X:1\nname: x\nis_obsolete: true\n",
            "old.obo: no term read (41 bytes; 1 obsolete terms skipped)",
        ),
        (
            "medic.txt",
            "",
            "medic.txt: no concept read (0 bytes, 0 lines)",
        ),
        (
            "names.tsv",
            "id\tname\n",
            "names.tsv: no concept read (8 bytes, 1 lines)",
        ),
    ] {
        let p = t.path().join(name);
        std::fs::write(&p, text).unwrap();
        let mut o = umls_opts(&t.path().join("GOOD"), &out);
        if name.ends_with(".obo") {
            o.obo.push(p);
        } else {
            let format = if name.ends_with(".tsv") {
                DictFormat::Tsv
            } else {
                DictFormat::Medic
            };
            o.dicts.push(dict(p, format));
        }
        let err = run(&o).err().unwrap();
        assert!(matches!(err, KbError::Incomplete(_)), "{name}: {err:?}");
        assert!(err.to_string().contains(expect), "{err}");
        assert_unchanged(&out, &fp);
        // Asked for, the ingest goes through and says what was missing.
        o.allow_partial = true;
        let kb = run(&o).unwrap();
        assert_eq!(kb.manifest().stats.concepts, 4);
        assert!(
            kb.manifest().warnings.iter().any(|w| w.contains(expect)),
            "{:?}",
            kb.manifest().warnings
        );
        drop(kb);
        let (_, again) = good_store(t.path());
        assert_eq!(again, fp);
    }

    // An empty store, asked for, is written.
    let empty = t.path().join("empty.obo");
    let mut o = IngestOptions::new(t.path().join("kb-empty"));
    o.obo.push(empty);
    assert!(ingest_error(&o).contains("no term read"));
    o.allow_partial = true;
    let kb = run(&o).unwrap();
    assert_eq!(kb.manifest().stats.concepts, 0);
    assert!(kb
        .manifest()
        .warnings
        .iter()
        .any(|w| w.contains("the store would be empty")));
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_kb() {
    let t = tempfile::tempdir().unwrap();
    let (out, fp) = good_store(t.path());
    let other = t.path().join("OTHER.obo");
    std::fs::write(&other, OBO_FIXTURE).unwrap();
    let mut o = IngestOptions::new(&out);
    o.obo.push(other);
    // Another writer (here: this process, as a second ingest would see it) holds the store.
    let writing = kbner_job::WriteLock::acquire(&out).unwrap();
    let err = run(&o).err().unwrap();
    assert!(matches!(err, KbError::Lock(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "another kbner process (pid {}) is writing {}; wait for it or stop it",
            std::process::id(),
            out.display()
        )
    );
    assert_unchanged(&out, &fp);
    drop(writing);
    assert_eq!(run(&o).unwrap().manifest().stats.concepts, 2);
}

#[test]
fn lookups_during_repeated_reingests_see_the_old_or_the_new_store() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("kb");
    // Two versions of the store that answer "seizure" differently.
    let versions: Vec<IngestOptions> = ["Seizure", "Convulsion"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let p = t.path().join(format!("v{i}.tsv"));
            let mut rows = format!("X:{i}\t{name}\nX:{i}\tseizure\n");
            for j in 0..2000 {
                rows.push_str(&format!("Y:{j}\tfiller name {j} of version {i}\n"));
            }
            std::fs::write(&p, rows).unwrap();
            let mut o = IngestOptions::new(&out);
            o.dicts.push(dict(p, DictFormat::Tsv));
            o
        })
        .collect();
    run(&versions[0]).unwrap();
    let stop = AtomicBool::new(false);
    let started = std::time::Instant::now();
    let (mut lookups, mut errors) = (0u32, Vec::new());
    let swaps = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let mut swaps = 0u32;
            while !stop.load(Ordering::SeqCst) {
                ingest(
                    &versions[swaps as usize % 2],
                    &Progress::hidden(),
                    &AtomicBool::new(false),
                )
                .unwrap();
                swaps += 1;
            }
            swaps
        });
        while started.elapsed() < std::time::Duration::from_secs(4) {
            let seen = KnowledgeBase::open(&out).and_then(|kb| {
                // Some reads after a swap may happen while the old directory is removed.
                let mut ids = Vec::new();
                for _ in 0..20 {
                    ids = kb.lookup("seizure")?.into_iter().map(|h| h.id).collect();
                }
                Ok(ids)
            });
            lookups += 1;
            match seen {
                Ok(ids) if ids == ["X:0"] || ids == ["X:1"] => {}
                Ok(ids) => errors.push(format!("a mixed store answered {ids:?}")),
                Err(e) => errors.push(e.to_string()),
            }
        }
        stop.store(true, Ordering::SeqCst);
        writer.join().unwrap()
    });
    assert!(swaps >= 5, "only {swaps} re-ingests ran");
    assert!(
        errors.is_empty(),
        "{} of {lookups} lookups failed during {swaps} re-ingests, e.g. {:?}",
        errors.len(),
        &errors[..errors.len().min(3)]
    );
}

#[test]
fn obo_type_must_name_a_known_type() {
    let t = tempfile::tempdir().unwrap();
    let obo = t.path().join("tst.obo");
    std::fs::write(&obo, OBO_FIXTURE).unwrap();
    let with_types = |types: &[&str], files: usize| {
        let mut o = IngestOptions::new(t.path().join("kb"));
        o.obo = vec![obo.clone(); files];
        o.obo_types = types.iter().map(|s| s.to_string()).collect();
        o
    };
    let err = ingest_error(&with_types(&["DISO,CHEM,X"], 1));
    assert!(
        err.contains("--obo-type \"DISO,CHEM,X\": not a semantic group")
            && err.contains("repeat the option"),
        "{err}"
    );
    let err = ingest_error(&with_types(&["Disorder-ish"], 1));
    assert!(err.contains("--obo-type \"Disorder-ish\""), "{err}");
    let err = ingest_error(&with_types(&["DISO", "CHEM"], 3));
    assert!(
        err.contains("2 --obo-type values for 3 --obo files"),
        "{err}"
    );
    assert!(!t.path().join("kb").exists());
    for (ty, tui, group) in [
        ("DISO", "", "DISO"),
        ("T184", "T184", "DISO"),
        ("sign or symptom", "T184", "DISO"),
        ("Amino Acid, Peptide, or Protein", "T116", "CHEM"),
    ] {
        let kb = run(&with_types(&[ty], 1)).unwrap();
        let st = &kb.summary("TST:0000002").unwrap().unwrap().types[0];
        assert_eq!((st.tui.as_str(), st.group.as_str()), (tui, group), "{ty}");
    }
}

#[test]
fn duplicate_obo_term_ids_fail_or_are_skipped_under_lenient() {
    let t = tempfile::tempdir().unwrap();
    let obo = t.path().join("dup.obo");
    std::fs::write(
        &obo,
        "ontology: dup\n\n[Term]\nid: DUP:1\nname: First name\n\n[Term]\nid: DUP:2\nname: Other\n\n[Term]\nid: DUP:1\nname: Second name\n",
    )
    .unwrap();
    let mut o = IngestOptions::new(t.path().join("kb"));
    o.obo.push(obo);
    let err = ingest_error(&o);
    assert!(
        err.contains("dup.obo:11, column 1 (id): duplicate [Term] id DUP:1 (first at line 3)"),
        "{err}"
    );
    o.lenient = true;
    let kb = run(&o).unwrap();
    let c = kb.concept("DUP:1").unwrap().unwrap();
    assert_eq!(c.preferred_name, "First name");
    assert_eq!(c.atoms.len(), 1, "the second stanza is skipped whole");
    assert!(ids(&kb, "second name").is_empty());
    let m = kb.manifest();
    assert_eq!(m.sources[0].counts["duplicate_terms_skipped"], 1);
    assert!(
        m.warnings
            .iter()
            .any(|w| w.contains("e.g. DUP:1 at lines 3 and 11")),
        "{:?}",
        m.warnings
    );
}

#[test]
fn release_dat_is_checked_like_any_release_file() {
    let (t, meta) = umls_fixture();
    // Random bytes: an error naming the file and line, nothing written.
    std::fs::write(
        meta.join("release.dat"),
        [0x8fu8, 0x13, 0xfe, b'\n', 0x00, 0x41],
    )
    .unwrap();
    let err = ingest_error(&umls_opts(&meta, &t.path().join("kb")));
    assert!(
        err.contains("release.dat:1: invalid UTF-8 at byte 1"),
        "{err}"
    );
    assert!(!t.path().join("kb").exists());
    std::fs::write(
        meta.join("release.dat"),
        "# Release Metadata\numls.release.name=2099AA\nthis is not metadata\n",
    )
    .unwrap();
    let err = ingest_error(&umls_opts(&meta, &t.path().join("kb")));
    assert!(err.contains("release.dat:3: expected key=value"), "{err}");
    // Under --lenient the bad lines are skipped and counted, the good ones kept.
    let mut o = umls_opts(&meta, &t.path().join("kb"));
    o.lenient = true;
    let kb = run(&o).unwrap();
    let m = kb.manifest();
    assert_eq!(m.bad_row_count, 1);
    assert!(m.bad_rows[0].contains("release.dat:3"), "{:?}", m.bad_rows);
    let release = m.umls.as_ref().unwrap();
    assert_eq!(release.version, "2099AA");
    assert_eq!(release.release_dat.len(), 1);
}

#[test]
fn readers_and_writers_clear_staging_directories_of_killed_runs() {
    let t = tempfile::tempdir().unwrap();
    let (out, _) = good_store(t.path());
    // What a SIGKILLed ingest leaves (pids far above pid_max: certainly dead).
    let dead = t.path().join(".kb.kbner-tmp-4999999");
    std::fs::create_dir_all(dead.join("sst")).unwrap();
    std::fs::write(dead.join("sst/concepts-0000.sst"), "half").unwrap();
    KnowledgeBase::open(&out).unwrap();
    assert!(!dead.exists(), "a reader clears it");
    std::fs::create_dir_all(&dead).unwrap();
    run(&umls_opts(&t.path().join("GOOD"), &out)).unwrap();
    assert!(!dead.exists(), "an ingest clears it");
}
