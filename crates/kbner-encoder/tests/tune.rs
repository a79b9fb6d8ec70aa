//! Synonym tuning of the real all-MiniLM-L6-v2 (fetched by `scripts/setup.sh`): a few steps on a
//! handful of lay/clinical synonym groups must pull each pair together, and the result must load
//! as an encoder.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use candle_core::Device;
use kbner_encoder::{tune_encoder, SynonymTuning, TuningEvent};
use kbner_encoder::{Encoder, EncoderOptions};

fn model_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.data/models/all-MiniLM-L6-v2");
    assert!(
        dir.join("model.safetensors").is_file(),
        "all-MiniLM-L6-v2 is missing at {}: run scripts/setup.sh from the workspace root",
        dir.display()
    );
    dir
}

fn groups() -> Vec<Vec<String>> {
    [
        ["heart attack", "myocardial infarction"],
        ["kidney stone", "nephrolithiasis"],
        ["high blood pressure", "hypertension"],
        ["low blood sugar", "hypoglycemia"],
        ["hay fever", "allergic rhinitis"],
        ["stroke", "cerebrovascular accident"],
        ["shingles", "herpes zoster"],
        ["whooping cough", "pertussis"],
    ]
    .iter()
    .map(|g| g.iter().map(|s| s.to_string()).collect())
    .collect()
}

/// Mean cosine of each pair, and how many first names have their synonym as nearest second name.
fn agreement(enc: &Encoder) -> (f32, usize) {
    let g = groups();
    let a: Vec<&str> = g.iter().map(|p| p[0].as_str()).collect();
    let b: Vec<&str> = g.iter().map(|p| p[1].as_str()).collect();
    let (ea, eb) = (enc.embed(&a).unwrap(), enc.embed(&b).unwrap());
    let dot = |x: &[f32], y: &[f32]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f32>();
    let mean = ea.iter().zip(&eb).map(|(x, y)| dot(x, y)).sum::<f32>() / g.len() as f32;
    let hits = ea
        .iter()
        .enumerate()
        .filter(|(i, x)| {
            (0..eb.len())
                .max_by(|&p, &q| dot(x, &eb[p]).total_cmp(&dot(x, &eb[q])))
                .is_some_and(|best| best == *i)
        })
        .count();
    (mean, hits)
}

#[test]
fn tuning_pulls_synonyms_together_and_writes_a_loadable_encoder() {
    let base = model_dir();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tuned");
    let opts = SynonymTuning {
        epochs: 12,
        batch_size: 8,
        lr: 1e-4,
        ..SynonymTuning::default()
    };
    let mut losses = Vec::new();
    let report = tune_encoder(
        &base,
        &groups(),
        &out,
        &opts,
        &Device::Cpu,
        &AtomicBool::new(false),
        &mut |e| {
            let TuningEvent::Step(kbner_job::TrainingStep { loss, .. }) = e;
            losses.push(*loss);
        },
    )
    .expect("tuning");
    assert_eq!(report.groups, 8);
    assert_eq!(report.pairs, 16);
    assert!(
        report.epoch_loss.last() < report.epoch_loss.first(),
        "loss did not fall: {:?}",
        report.epoch_loss
    );

    let before = Encoder::load(&base, &EncoderOptions::default()).unwrap();
    let after = Encoder::load(&out, &EncoderOptions::default()).expect("tuned model loads");
    assert_eq!(after.pooling(), before.pooling(), "pooling config copied");
    assert_ne!(after.fingerprint(), before.fingerprint());
    let (cos0, hits0) = agreement(&before);
    let (cos1, hits1) = agreement(&after);
    assert!(cos1 > cos0 + 0.05, "mean synonym cosine {cos0} → {cos1}");
    assert!(
        hits1 >= hits0 && hits1 >= 7,
        "nearest synonym {hits0} → {hits1} of 8"
    );
    assert!(out.join("kbner_tuning.json").is_file());

    // An existing output directory is refused; an interrupted run writes nothing.
    let run = |out: &std::path::Path, cancelled: bool| {
        tune_encoder(
            &base,
            &groups(),
            out,
            &opts,
            &Device::Cpu,
            &AtomicBool::new(cancelled),
            &mut |_| {},
        )
    };
    let err = run(&out, false).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    let cancelled = tmp.path().join("cancelled");
    let err = run(&cancelled, true).unwrap_err();
    assert!(
        matches!(err, kbner_encoder::EncoderError::Interrupted),
        "{err}"
    );
    assert!(!cancelled.exists());
    // The output and its swap lock file (which stays, as lock files do); no staging directory.
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".tuned.kbner-swap-lock", "tuned"], "no staging left");
}
