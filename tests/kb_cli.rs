//! `kbner kb …` end to end: the real UMLS sample, MEDIC, hp.obo, and interruption safety.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "kbner failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `kbner kb ingest --quiet SOURCE PATH --kb KB`, SOURCE being `--umls`, `--obo` or `--dict`.
fn ingest(kb: &Path, source: &str, path: &Path) -> Command {
    let mut cmd = kbner();
    cmd.args(["kb", "ingest", "--quiet", source])
        .arg(path)
        .arg("--kb")
        .arg(kb);
    cmd
}

/// Runs `kbner kb SUBCOMMAND --kb KB ARGS…` and returns its stdout; a failure fails the test.
fn query(kb: &Path, subcommand: &str, args: &[&str]) -> String {
    ok(kbner()
        .args(["kb", subcommand, "--kb"])
        .arg(kb)
        .args(args)
        .output()
        .unwrap())
}

fn stats_json(kb: &Path) -> serde_json::Value {
    serde_json::from_str(&query(kb, "stats", &["--json"])).unwrap()
}

/// Counts computed straight from the RRF text, independently of kbner.
fn expected_from_rrf(meta: &Path) -> (usize, usize, usize) {
    let text = std::fs::read_to_string(meta.join("MRCONSO.RRF")).unwrap();
    let mut cuis = BTreeSet::new();
    let mut atoms = 0;
    for l in text.lines() {
        let f: Vec<&str> = l.split('|').collect();
        if f[1] == "ENG" && f[16] == "N" {
            cuis.insert(f[0].to_string());
            atoms += 1;
        }
    }
    let sty = std::fs::read_to_string(meta.join("MRSTY.RRF")).unwrap();
    let typed: BTreeSet<&str> = sty.lines().map(|l| l.split('|').next().unwrap()).collect();
    let untyped = cuis.iter().filter(|c| !typed.contains(c.as_str())).count();
    (cuis.len(), atoms, untyped)
}

#[test]
fn real_umls_sample_ingests_with_exact_counts() {
    let (_keep, sample) = unpack("umls-sample");
    let meta = sample.join("SAMPLEMETA");
    let t = tempfile::tempdir().unwrap();
    let kb = t.path().join("kb");
    ok(ingest(&kb, "--umls", &meta).output().unwrap());
    let s = stats_json(&kb);
    let (concepts, atoms, untyped) = expected_from_rrf(&meta);
    assert_eq!(s["stats"]["concepts"], concepts as u64);
    assert_eq!(s["stats"]["atoms"], atoms as u64);
    assert_eq!(s["stats"]["umls_concepts_without_types"], untyped as u64);
    assert_eq!(s["umls"]["version"], "200902");
    let conso = s["umls"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "MRCONSO.RRF")
        .unwrap()
        .clone();
    assert_eq!(conso["rows"], 5520);
    assert_eq!(conso["declared_rows"], 5520);
    let dropped = &s["sources"][0]["counts"]["dropped"];
    assert_eq!(
        dropped["suppress"], 25,
        "the sample's 25 SUPPRESS=O rows are dropped by default"
    );

    // A known concept: C0000039 1,2-Dipalmitoylphosphatidylcholine.
    let out = query(
        &kb,
        "lookup",
        &["--json", "1,2-dipalmitoylphosphatidylcholine"],
    );
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["hits"][0]["id"], "C0000039");
    assert!(v["hits"][0]["types"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["group"] == "CHEM"));
    let show = query(&kb, "show", &["C0000039"]);
    assert!(show.contains("definition"), "{show}");
    let by_code = query(&kb, "show", &["--code", "MSH:D015060"]);
    assert!(by_code.starts_with("C0000039"), "{by_code}");
    let human = query(&kb, "stats", &[]);
    assert!(human.contains("concepts by group"), "{human}");
}

#[test]
fn tiny_release_without_final_newline_and_mismatched_mrfiles_counts() {
    let (_keep, sample) = unpack("umls-sample");
    let t = tempfile::tempdir().unwrap();
    let kb = t.path().join("kb");
    let ingest = |extra: &[&str]| {
        kbner()
            .args(["kb", "ingest", "--umls"])
            .arg(sample.join("tiny"))
            .arg("--kb")
            .arg(&kb)
            .args(extra)
            .output()
            .unwrap()
    };
    // The tiny sample keeps the full release's MRFILES.RRF: refused as truncated by default.
    let out = ingest(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("MRFILES.RRF declares"), "{stderr}");
    assert!(stderr.contains("--allow-partial"), "{stderr}");
    assert!(!kb.exists(), "nothing written");
    let out = ingest(&["--allow-partial"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("MRCONSO.RRF has 3 rows but MRFILES.RRF declares 21385114"),
        "{stderr}"
    );
    let s = stats_json(&kb);
    assert_eq!(s["stats"]["concepts"], 2);
    assert_eq!(s["stats"]["definitions"], 1);
    let show: serde_json::Value =
        serde_json::from_str(&query(&kb, "show", &["--json", "C0000039"])).unwrap();
    let types: Vec<String> = show["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tui"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        types,
        vec!["T109", "T121"],
        "the last MRSTY row has no final newline and is read"
    );
}

#[test]
fn medic_dictionary_loads_every_concept() {
    let (_keep, medic) = unpack("medic");
    let file = medic.join("medic_06Jul2012.txt");
    let t = tempfile::tempdir().unwrap();
    let kb = t.path().join("kb");
    ok(ingest(&kb, "--dict", &file)
        .args(["--dict-format", "medic"])
        .output()
        .unwrap());
    // Independent count: distinct first ids.
    let text = std::fs::read_to_string(&file).unwrap();
    let firsts: BTreeSet<&str> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').next().unwrap())
        .collect();
    let s = stats_json(&kb);
    assert_eq!(s["stats"]["concepts"], firsts.len() as u64);
    assert_eq!(firsts.len(), 11915);
    let out = query(&kb, "lookup", &["Tooth Agenesis, Selective, 6"]);
    assert!(out.contains("MESH:C567755"), "{out}");
}

#[test]
fn hp_obo_from_the_registry_wheel() {
    let obo = hp_obo();
    let t = tempfile::tempdir().unwrap();
    let kb = t.path().join("kb");
    ok(ingest(&kb, "--obo", &obo).output().unwrap());
    let text = std::fs::read_to_string(&obo).unwrap();
    let mut terms = 0;
    let mut obsolete = 0;
    for stanza in text.split("\n[").filter(|s| s.starts_with("Term]")) {
        terms += 1;
        if stanza.contains("\nis_obsolete: true") {
            obsolete += 1;
        }
    }
    let s = stats_json(&kb);
    assert_eq!(s["stats"]["concepts"], (terms - obsolete) as u64);
    assert_eq!(
        s["sources"][0]["counts"]["obsolete_skipped"],
        obsolete as u64
    );
    let out = query(&kb, "lookup", &["--json", "Seizure"]);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["hits"][0]["id"], "HP:0001250");
    let show = query(&kb, "show", &["HP:0001250"]);
    assert!(show.contains("parent"), "{show}");
}

/// `kbner kb types --json` with optional extra arguments, parsed.
fn types_json(kb: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--json", "--quiet"];
    args.extend_from_slice(extra);
    serde_json::from_str(&query(kb, "types", &args)).unwrap()
}

/// (concepts, names) of task type `name` in a `kbner kb types --json` report.
fn task_counts(report: &serde_json::Value, name: &str) -> (u64, u64) {
    let t = report["task_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["task_type"] == name)
        .unwrap_or_else(|| panic!("no task type {name} in {report}"));
    (
        t["concepts"].as_u64().unwrap(),
        t["names"].as_u64().unwrap(),
    )
}

#[test]
fn kb_types_counts_task_types_with_the_builtin_or_a_user_table() {
    let t = tempfile::tempdir().unwrap();
    let obo = t.path().join("hp.obo");
    std::fs::write(
        &obo,
        "ontology: hp\n\n[Term]\nid: HP:0001250\nname: Seizure\nsynonym: \"Fits\" EXACT []\n\n\
         [Term]\nid: HP:0001251\nname: Ataxia\n",
    )
    .unwrap();
    let medic = t.path().join("medic.txt");
    std::fs::write(&medic, "D001249||Asthma|Bronchial Asthma\nD006073||Gout\n").unwrap();
    let chems = t.path().join("chems.tsv");
    std::fs::write(
        &chems,
        "CHEBI:15365\taspirin\tChemical\nCHEBI:15365\tacetylsalicylic acid\tChemical\n\
         X:1\tthingamajig\tWidget\n",
    )
    .unwrap();
    let kb = t.path().join("kb");
    ok(ingest(&kb, "--obo", &obo)
        .arg("--dict")
        .arg(&medic)
        .arg("--dict")
        .arg(&chems)
        .args(["--dict-format", "medic", "--dict-format", "tsv"])
        .output()
        .unwrap());

    // Built-in table: HPO (by its origin) and MEDIC (by its `Disease` type) are diseases, the
    // TSV's `Chemical` column a chemical, the `Widget` nothing.
    let r = types_json(&kb, &[]);
    assert_eq!(
        (r["concepts"].as_u64(), r["names"].as_u64()),
        (Some(6), Some(9))
    );
    assert_eq!(task_counts(&r, "Disease"), (4, 6));
    assert_eq!(task_counts(&r, "Chemical"), (1, 2));
    assert_eq!(task_counts(&r, "Species"), (0, 0));
    assert_eq!(r["unmapped"]["concepts"], 1);
    assert_eq!(r["unmapped"]["names"], 1);
    assert_eq!(r["unmapped"]["types"]["top"][0]["label"], "Widget");
    assert_eq!(r["unmapped"]["examples"][0], "X:1 thingamajig");
    let text = query(&kb, "types", &["--quiet"]);
    assert!(text.contains("kb/entity_types.tsv (built in)"), "{text}");
    assert!(text.contains("no task type"), "{text}");

    // A user table changes the result.
    let table = t.path().join("my-types.tsv");
    std::fs::write(
        &table,
        "# mine\nGadget\ttype\twidget\nPhenotype\tsource\thp\nDisease\tsource\tMEDIC\n",
    )
    .unwrap();
    let r = types_json(&kb, &["--table", table.to_str().unwrap()]);
    assert_eq!(r["table"], table.display().to_string());
    let names: Vec<&str> = r["task_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task_type"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Gadget", "Phenotype", "Disease"]);
    assert_eq!(task_counts(&r, "Gadget"), (1, 1));
    assert_eq!(task_counts(&r, "Phenotype"), (2, 3));
    assert_eq!(task_counts(&r, "Disease"), (2, 3));
    assert_eq!(r["unmapped"]["concepts"], 1, "the chemical");

    // A bad line names the file, the line and the field.
    std::fs::write(&table, "Disease\ttui\tT047\nDisease\tgroupp\tDISO\n").unwrap();
    let out = kbner()
        .args(["kb", "types", "--kb"])
        .arg(&kb)
        .arg("--table")
        .arg(&table)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:2, column 2 (FIELD)", table.display())),
        "{err}"
    );
    assert!(err.contains("unknown field \"groupp\""), "{err}");
}

#[test]
fn cli_errors_are_clear_and_nonzero() {
    let t = tempfile::tempdir().unwrap();
    let out = kbner()
        .args(["kb", "stats", "--kb"])
        .arg(t.path().join("none"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a kbner knowledge base"));
    let out = kbner()
        .args(["kb", "ingest", "--kb"])
        .arg(t.path().join("kb"))
        .args(["--suppress", "X"])
        .arg("--obo")
        .arg("x")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--suppress"));
    let help = ok(kbner().args(["kb", "ingest", "--help"]).output().unwrap());
    assert!(help.contains("Default: keep N only"), "{help}");
}

/// A release large enough that ingest runs for a noticeable time.
fn write_big_meta(dir: &Path, cuis: u32) {
    use std::io::Write;
    std::fs::create_dir_all(dir).unwrap();
    let mut c = std::io::BufWriter::new(std::fs::File::create(dir.join("MRCONSO.RRF")).unwrap());
    let mut s = std::io::BufWriter::new(std::fs::File::create(dir.join("MRSTY.RRF")).unwrap());
    for i in 0..cuis {
        for j in 0..5 {
            writeln!(
                c,
                "{}",
                conso(
                    &format!("C{i:07}"),
                    "ENG",
                    "P",
                    "PF",
                    if j == 0 { "Y" } else { "N" },
                    &format!("A{i:07}{j}"),
                    "MSH",
                    "MH",
                    &format!("D{i:06}"),
                    &format!("synthetic concept number {i} variant {j} of some disease"),
                    "N"
                )
            )
            .unwrap();
        }
        writeln!(s, "C{i:07}|T047|B2.2.1.2.1|Disease or Syndrome|AT{i}||").unwrap();
    }
}

fn wait_for_staging(parent: &Path, child: &mut Child) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let staging = std::fs::read_dir(parent).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .contains("kbner-tmp")
        });
        if staging {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

/// Starts ingesting `meta` into `kb` and returns a moment after the ingest began staging.
fn start_ingest(kb: &Path, meta: &Path, stderr: Stdio) -> Child {
    let mut child = ingest(kb, "--umls", meta).stderr(stderr).spawn().unwrap();
    let parent = kb.parent().unwrap();
    assert!(
        wait_for_staging(parent, &mut child),
        "ingest never started staging"
    );
    std::thread::sleep(Duration::from_millis(200));
    child
}

#[test]
fn killed_or_interrupted_ingest_leaves_the_previous_store() {
    let t = tempfile::tempdir().unwrap();
    let small = t.path().join("SMALL");
    write_meta(&small, true);
    let kb = t.path().join("kb");
    ok(ingest(&kb, "--umls", &small).output().unwrap());
    let before = stats_json(&kb);
    let big = t.path().join("BIG");
    write_big_meta(&big, 200_000);

    // SIGKILL in the middle: nothing can clean up, the old store must still open.
    let mut child = start_ingest(&kb, &big, Stdio::null());
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(stats_json(&kb)["fingerprint"], before["fingerprint"]);

    // SIGINT (Ctrl-C): exits 130, removes its staging directory, old store intact.
    let child = start_ingest(&kb, &big, Stdio::piped());
    let pid = child.id().to_string();
    send_sigint(child.id());
    let out = child.wait_with_output().unwrap();
    if out.status.code() == Some(0) {
        panic!("ingest finished before it could be interrupted; make the fixture bigger");
    }
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stats_json(&kb)["fingerprint"], before["fingerprint"]);
    let names: Vec<String> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains(&format!("kbner-tmp-{pid}"))),
        "{names:?}"
    );

    // And a later full ingest succeeds and replaces the store.
    ok(ingest(&kb, "--umls", &big).output().unwrap());
    assert_eq!(stats_json(&kb)["stats"]["concepts"], 200_000);
}
