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

/// `kbner convert ./a.pubtator ../dir/a.pubtator` and the same through a symlink or a hard link:
/// refused before anything is written, the input unchanged.
#[test]
fn an_output_that_is_the_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("dir");
    std::fs::create_dir(&sub).unwrap();
    let input = sub.join("a.pubtator");
    let text = "1|t|Fever and cough.\n1|a|\n1\t0\t5\tFever\tDisease\tD005334\n\n";
    std::fs::write(&input, text).unwrap();
    std::os::unix::fs::symlink(&input, dir.path().join("link.pubtator")).unwrap();
    std::fs::hard_link(&input, dir.path().join("hard.pubtator")).unwrap();
    for output in ["dir/../dir/a.pubtator", "link.pubtator", "hard.pubtator"] {
        let out = kbner()
            .current_dir(&sub)
            .args(["convert", "./a.pubtator"])
            .arg(dir.path().join(output))
            .args(["--to", "jsonl"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{output}: {stderr}");
        assert!(stderr.contains("input"), "{output}: {stderr}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), text, "{output}");
    }
}
