//! Output to a closed pipe (`kbner … | head -c 10`) ends the program quietly with status 0, as
//! ripgrep does, for every command that prints to standard output.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn kbner() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kbner"))
}

/// A small OBO knowledge base.
fn obo_kb(dir: &Path) -> PathBuf {
    let obo = dir.join("mini.obo");
    let mut text = String::from("format-version: 1.2\n\n");
    for i in 0..50 {
        text.push_str(&format!(
            "[Term]\nid: HP:{i:07}\nname: Abnormality number {i}\nsynonym: \"Finding {i}\" EXACT []\n\n"
        ));
    }
    std::fs::write(&obo, text).unwrap();
    let kb = dir.join("kb");
    let out = kbner()
        .args(["kb", "ingest", "--quiet", "--obo-type", "DISO", "--obo"])
        .arg(&obo)
        .arg("--kb")
        .arg(&kb)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    kb
}

/// Runs `args` with standard output a pipe whose reader is already gone.
fn run_into_closed_pipe(args: &[&str], kb: &Path) -> std::process::Output {
    let mut child = kbner()
        .args(args)
        .arg("--kb")
        .arg(kb)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_each_printing_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let kb = obo_kb(dir.path());
    for args in [
        &["kb", "stats", "--json"][..],
        &["kb", "stats"],
        &["kb", "lookup", "Abnormality number 3", "HP:0000007"],
        &["kb", "lookup", "--json", "Finding 4"],
        &["kb", "show", "HP:0000003"],
        &["kb", "show", "--json", "HP:0000003"],
    ] {
        let out = run_into_closed_pipe(args, &kb);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?} printed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
