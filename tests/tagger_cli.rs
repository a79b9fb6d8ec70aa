//! `kbner train` / `kbner tag` end to end on a tiny random Llama written by the test.

mod common;

use common::{kbner, ok, output_with_stdin, send_sigint};
use std::path::Path;
use std::process::Output;

fn fail(out: Output) -> String {
    assert!(!out.status.success(), "kbner should have failed");
    String::from_utf8(out.stderr).unwrap()
}

/// Writes IOB sentences where the word before "disease" starts a Disease entity.
fn write_iob(path: &Path, sentences: &[&str]) {
    let mut out = String::new();
    for s in sentences {
        let words: Vec<&str> = s.split(' ').collect();
        for (i, w) in words.iter().enumerate() {
            let tag = if words.get(i + 1) == Some(&"disease") {
                "B-Disease"
            } else if *w == "disease" && i > 0 {
                "I-Disease"
            } else {
                "O"
            };
            out.push_str(&format!("{w}\t{tag}\n"));
        }
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

const TRAIN: &[&str] = &[
    "patients with cancer disease were treated",
    "patients with cancer were treated",
    "a history of asthma disease .",
    "a history of asthma .",
    "severe diabetes disease and mild asthma .",
    "we report two cases of diabetes .",
    "a family history of cancer disease .",
    "mild asthma disease was treated with aspirin .",
    // Long sentences, so the tiny model has seen positions up to the 64-token window.
    "patients with cancer disease were treated patients with cancer disease were treated patients with cancer disease were treated patients with cancer disease were treated patients with cancer disease were treated patients with cancer disease were treated patients with cancer disease were treated",
    "patients with cancer were treated and a history of asthma disease was treated with aspirin and severe diabetes disease and mild asthma and a family history of cancer disease and two cases of diabetes were treated",
];

struct Setup {
    _dir: tempfile::TempDir,
    base: std::path::PathBuf,
    train: std::path::PathBuf,
    dev: std::path::PathBuf,
    out: std::path::PathBuf,
    root: std::path::PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let base = root.join("base");
    kbner_nn::tiny::write_model(&base, 3).unwrap();
    let (train, dev) = (root.join("train.tsv"), root.join("dev.tsv"));
    write_iob(&train, TRAIN);
    write_iob(&dev, &TRAIN[..4]);
    Setup {
        out: root.join("adapter"),
        _dir: dir,
        base,
        train,
        dev,
        root,
    }
}

fn train_args(s: &Setup, epochs: &str) -> Vec<String> {
    let data = format!("toy:Disease={},{}", s.train.display(), s.dev.display());
    [
        "train",
        "--base",
        &s.base.display().to_string(),
        "--data",
        &data,
        "--out",
        &s.out.display().to_string(),
        "--epochs",
        epochs,
        "--lr",
        "1e-2",
        "--batch-size",
        "4",
        "--lora-dropout",
        "0",
        "--max-len",
        "64",
    ]
    .iter()
    .map(|x| x.to_string())
    .collect()
}

#[test]
fn train_then_tag_then_eval() {
    let s = setup();
    let (stdout, stderr) = ok(kbner().args(train_args(&s, "12")).output().unwrap());
    assert!(stderr.contains("dev: epoch 12 toy:Disease"), "{stderr}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let best = summary["best_mean_dev_f1"].as_f64().unwrap();
    assert!(best > 0.9, "the toy task should be learnt: dev F1 {best}");
    for f in [
        "adapter_model.safetensors",
        "adapter_config.json",
        "kbner_adapter.json",
    ] {
        assert!(s.out.join(f).is_file(), "{f} missing");
    }
    let pred = s.root.join("pred.jsonl");
    ok(kbner()
        .args(["tag", "--model"])
        .arg(&s.out)
        .args(["--types", "Disease", "--to", "jsonl", "-o"])
        .arg(&pred)
        .arg(&s.dev)
        .output()
        .unwrap());
    let (report, _) = ok(kbner()
        .args(["eval", "--json", "--gold"])
        .arg(&s.dev)
        .arg("--pred")
        .arg(&pred)
        .output()
        .unwrap());
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let f1 = report["strict"]["micro"]["f1"].as_f64().unwrap();
    assert!(
        (f1 - best).abs() < 1e-9,
        "tag + eval ({f1}) must equal the dev score of training ({best})"
    );

    // A type spelt in another case (`--types DISEASE` against a corpus that says `Disease`) is
    // scored as the gold type, with a note, instead of counting every entity wrong.
    let upper = s.root.join("pred-upper.jsonl");
    ok(kbner()
        .args(["tag", "--model"])
        .arg(&s.out)
        .args(["--types", "DISEASE", "-o"])
        .arg(&upper)
        .arg(&s.dev)
        .output()
        .unwrap());
    let (report, note) = ok(kbner()
        .args(["eval", "--json", "--gold"])
        .arg(&s.dev)
        .arg("--pred")
        .arg(&upper)
        .output()
        .unwrap());
    assert!(
        note.contains(r#"predicted type "DISEASE" is scored as gold type "Disease""#),
        "{note}"
    );
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["strict"]["micro"]["f1"].as_f64().unwrap(), f1);

    // Plain text on stdin, with offsets into the text and scores. (A training sentence: what
    // is checked here is the text path, not how a tiny toy model generalises.)
    let text = "patients with cancer disease were treated";
    let (out, _) = ok(output_with_stdin(
        kbner()
            .args(["tag", "--model"])
            .arg(&s.out)
            .args(["--types", "Disease", "--to", "jsonl"]),
        text.as_bytes(),
    ));
    let doc: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let ents = doc["entities"].as_array().unwrap();
    assert_eq!(ents.len(), 1, "{out}");
    let (a, b) = (
        ents[0]["start"].as_u64().unwrap() as usize,
        ents[0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], "cancer disease");
    // The score is the mean probability of the entity's labels.
    let score = ents[0]["score"].as_f64().unwrap();
    assert!(score > 0.0 && score <= 1.0, "{out}");

    // A type the model never saw: a warning, still output.
    let (_, err) = ok(kbner()
        .args(["tag", "--model"])
        .arg(&s.out)
        .args(["--types", "Gene"])
        .arg(&s.dev)
        .output()
        .unwrap());
    assert!(err.contains("not trained on type \"Gene\""), "{err}");

    // Another base model: refused.
    let other = s.root.join("other");
    kbner_nn::tiny::write_model(&other, 99).unwrap();
    let err = fail(
        kbner()
            .args(["tag", "--model"])
            .arg(&s.out)
            .args(["--types", "Disease", "--base"])
            .arg(&other)
            .arg(&s.dev)
            .output()
            .unwrap(),
    );
    assert!(err.contains("fingerprint"), "{err}");

    // Empty input: no documents, no error.
    let empty = s.root.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let (out, err) = ok(kbner()
        .args(["tag", "--model"])
        .arg(&s.out)
        .args(["--types", "Disease"])
        .arg(&empty)
        .output()
        .unwrap());
    assert!(out.is_empty() && err.contains("no documents"), "{err}");

    // Non-UTF-8 bytes: the file and line are named.
    let bad = s.root.join("bad.txt");
    std::fs::write(&bad, b"fine line\nbad \xff byte\n").unwrap();
    let err = fail(
        kbner()
            .args(["tag", "--model"])
            .arg(&s.out)
            .args(["--types", "Disease"])
            .arg(&bad)
            .output()
            .unwrap(),
    );
    assert!(err.contains("bad.txt:2") && err.contains("UTF-8"), "{err}");

    // A long document (one 600-word sentence, far beyond 64 tokens) is windowed: every
    // "X disease" pair is found, none is lost at window edges.
    let long: Vec<&str> = (0..100)
        .flat_map(|_| ["patients", "with", "cancer", "disease", "were", "treated"])
        .collect();
    let long_path = s.root.join("long.txt");
    std::fs::write(&long_path, long.join(" ")).unwrap();
    let (out, _) = ok(kbner()
        .args(["tag", "--model"])
        .arg(&s.out)
        .args(["--types", "Disease"])
        .arg(&long_path)
        .output()
        .unwrap());
    let doc: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let n = doc["entities"].as_array().unwrap().len();
    assert_eq!(n, 100, "one entity per repetition");
}

#[test]
fn resume_continues_where_training_stopped_and_bad_specs_are_refused() {
    let s = setup();
    ok(kbner().args(train_args(&s, "1")).output().unwrap());
    let (stdout, stderr) = ok(kbner()
        .args(train_args(&s, "2"))
        .arg("--resume")
        .output()
        .unwrap());
    // Only the second epoch ran.
    assert!(
        !stderr.contains("dev: epoch 1 ") && stderr.contains("dev: epoch 2 "),
        "{stderr}"
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["epochs"].as_array().unwrap().len(), 2);

    let err = fail(
        kbner()
            .args(["train", "--base"])
            .arg(&s.base)
            .args(["--data", "no-type-here", "--out"])
            .arg(&s.out)
            .output()
            .unwrap(),
    );
    assert!(err.contains("NAME:TYPE=TRAIN"), "{err}");
    let data = format!("toy:Chemical={}", s.train.display());
    let err = fail(
        kbner()
            .args(["train", "--base"])
            .arg(&s.base)
            .args(["--data", &data, "--out"])
            .arg(s.root.join("x"))
            .output()
            .unwrap(),
    );
    assert!(
        err.contains("no entities of type \"Chemical\"") && err.contains("Disease"),
        "{err}"
    );
}

#[test]
fn ctrl_c_saves_a_checkpoint_that_resume_continues() {
    let s = setup();
    let mut args = train_args(&s, "100000");
    args.extend(["--log-every".to_string(), "1".to_string()]);
    let mut child = kbner()
        .args(&args)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until training has taken steps, then press Ctrl-C.
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    let mut seen = 0;
    for line in lines.by_ref() {
        if line.unwrap().contains(" step ") {
            seen += 1;
            if seen == 30 {
                break;
            }
        }
    }
    send_sigint(child.id());
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{}", rest.join("\n"));
    assert!(
        rest.iter().any(|l| l.contains("--resume")),
        "{}",
        rest.join("\n")
    );
    let state: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(s.out.join("checkpoint/trainer_state.json")).unwrap(),
    )
    .unwrap();
    let done = state["epochs_done"].as_u64().unwrap();
    assert!(done >= 1, "{state}");
    // Resume to two more epochs than were done: only those run.
    let target = (done + 2).to_string();
    let (stdout, stderr) = ok(kbner()
        .args(train_args(&s, &target))
        .arg("--resume")
        .output()
        .unwrap());
    assert!(!stderr.contains(&format!("dev: epoch {done} ")), "{stderr}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["epochs"].as_array().unwrap().len() as u64, done + 2);
}
