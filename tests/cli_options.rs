//! Numeric options out of range are usage errors at parse time (exit code 2, naming the option
//! and the range), never an overflow, an abort or a huge allocation later on.

use std::process::Command;

fn kbner() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kbner"))
}

#[test]
fn out_of_range_numbers_are_usage_errors_naming_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("no-kb");
    let kb = kb.to_str().unwrap();
    let input = dir.path().join("in.pubtator");
    let input = input.to_str().unwrap();
    for (args, option) in [
        (
            vec![
                "kb",
                "search",
                "--kb",
                kb,
                "seizure",
                "-k",
                "18446744073709551615",
            ],
            "-k",
        ),
        (
            vec!["kb", "search", "--kb", kb, "seizure", "-k", "1000000000"],
            "-k",
        ),
        (vec!["kb", "search", "--kb", kb, "seizure", "-k", "0"], "-k"),
        (
            vec!["link", "--kb", kb, input, "out.jsonl", "-k", "99999999999"],
            "-k",
        ),
        (
            vec!["kb", "index", "--kb", kb, "--ef-search", "0"],
            "--ef-search",
        ),
        (vec!["kb", "index", "--kb", kb, "--m", "100000"], "--m"),
        (
            vec![
                "eval",
                "--gold",
                input,
                "--pred",
                input,
                "--k",
                "1,5,1000000",
            ],
            "--k",
        ),
    ] {
        let out = kbner().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(option), "{args:?}: {stderr}");
        assert!(stderr.contains(" to "), "the range is named: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
