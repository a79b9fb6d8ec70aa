//! Integration tests on the real all-MiniLM-L6-v2 (fetched by `scripts/setup.sh`).
//!
//! These fail loudly when the model is missing rather than passing vacuously.

use std::path::PathBuf;
use std::sync::OnceLock;

use kbner_encoder::{Encoder, EncoderOptions, Pooling};
use serde::Deserialize;

fn model_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.data/models/all-MiniLM-L6-v2");
    assert!(
        dir.join("model.safetensors").is_file(),
        "\n\n*** all-MiniLM-L6-v2 is missing at {} ***\n\
         *** run scripts/setup.sh from the workspace root to fetch it ***\n\n",
        dir.display()
    );
    dir
}

fn encoder() -> &'static Encoder {
    static ENC: OnceLock<Encoder> = OnceLock::new();
    ENC.get_or_init(
        || match Encoder::load(&model_dir(), &EncoderOptions::default()) {
            Ok(e) => e,
            Err(e) => panic!("loading MiniLM: {e}"),
        },
    )
}

fn cos(a: &[f32], b: &[f32]) -> f32 {
    let d: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    d / (na * nb)
}

#[test]
fn minilm_loads_with_mean_pooling_and_dim_384() {
    let enc = encoder();
    assert_eq!(enc.dim(), 384);
    assert_eq!(
        enc.pooling(),
        Pooling::Mean,
        "1_Pooling/config.json says mean"
    );
    assert_eq!(enc.name(), "all-MiniLM-L6-v2");
    assert_eq!(enc.fingerprint().len(), 32);
}

#[test]
fn synonyms_are_closer_than_unrelated() {
    let v = encoder()
        .embed(&["heart attack", "myocardial infarction", "bicycle"])
        .expect("embed");
    let syn = cos(&v[0], &v[1]);
    let unrelated = cos(&v[0], &v[2]);
    assert!(
        syn > unrelated,
        "cos(heart attack, MI) = {syn} <= cos(heart attack, bicycle) = {unrelated}"
    );
}

#[derive(Deserialize)]
struct Reference {
    texts: Vec<String>,
    embeddings: Vec<Vec<f32>>,
}

#[test]
fn agrees_with_sentence_transformers() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minilm_reference.json");
    let text = std::fs::read_to_string(&path).expect("reference fixture");
    let r: Reference = serde_json::from_str(&text).expect("reference JSON");
    assert_eq!(r.texts.len(), r.embeddings.len());
    assert!(r.texts.len() >= 10);
    let texts: Vec<&str> = r.texts.iter().map(String::as_str).collect();
    // Small batches so several padded batches are exercised.
    let enc = Encoder::load(
        &model_dir(),
        &EncoderOptions {
            batch_size: 5,
            ..EncoderOptions::default()
        },
    )
    .expect("load");
    let got = enc.embed(&texts).expect("embed");
    let mut worst = (1.0f32, "");
    for ((t, g), want) in texts.iter().zip(&got).zip(&r.embeddings) {
        assert_eq!(g.len(), want.len());
        let c = cos(g, want);
        if c < worst.0 {
            worst = (c, t);
        }
    }
    eprintln!(
        "min cosine vs sentence-transformers: {} ({:?})",
        worst.0, worst.1
    );
    assert!(
        worst.0 >= 0.999,
        "cosine {} < 0.999 for {:?}",
        worst.0,
        worst.1
    );
}

#[test]
fn default_dir_finds_the_workspace_model() {
    // Tests run with the crate directory as cwd, two levels below the
    // checkout's .data/: the walk up from the current directory finds it
    // (also when the executable lives in a target dir outside the checkout).
    if std::env::var_os("KBNER_ENCODER").is_none() {
        let d = Encoder::default_dir();
        assert!(d.join("config.json").is_file(), "{}", d.display());
    }
}

#[test]
fn cancelling_stops_at_the_next_batch() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let enc = Encoder::load(
        &model_dir(),
        &EncoderOptions {
            batch_size: 2,
            ..Default::default()
        },
    )
    .unwrap();
    let texts = [
        "heart attack",
        "kidney stone",
        "aspirin",
        "insulin",
        "fever",
        "cough",
    ];
    let cancel = AtomicBool::new(false);
    let mut progress = Vec::new();
    let all = enc
        .embed_cancellable(&texts, &cancel, &mut |done, total| {
            progress.push((done, total))
        })
        .unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(
        progress,
        [(2, 6), (4, 6), (6, 6)],
        "called after each batch"
    );
    // Ctrl-C during the first batch: the second never runs.
    let mut batches = 0;
    let r = enc.embed_cancellable(&texts, &cancel, &mut |_, _| {
        batches += 1;
        cancel.store(true, Ordering::Relaxed);
    });
    assert!(
        matches!(r, Err(kbner_encoder::EncoderError::Interrupted)),
        "{r:?}"
    );
    assert_eq!(batches, 1);
}

/// The fingerprint covers every byte of the weights (a copy with changed middle layers is another
/// model), and hashing the whole file costs little next to loading it.
#[test]
fn fingerprint_covers_the_whole_weights_file() {
    let t = tempfile::tempdir().unwrap();
    let copy = t.path().join("model");
    std::fs::create_dir_all(copy.join("1_Pooling")).unwrap();
    for name in ["config.json", "tokenizer.json", "model.safetensors"] {
        std::fs::copy(model_dir().join(name), copy.join(name)).unwrap();
    }
    std::fs::copy(
        model_dir().join("1_Pooling/config.json"),
        copy.join("1_Pooling/config.json"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let same = Encoder::load(&copy, &EncoderOptions::default()).unwrap();
    let load_s = started.elapsed().as_secs_f64();
    assert_eq!(same.fingerprint(), encoder().fingerprint());
    let weights = copy.join("model.safetensors");
    let mut bytes = std::fs::read(&weights).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&weights, &bytes).unwrap();
    let changed = Encoder::load(&copy, &EncoderOptions::default()).unwrap();
    assert_ne!(changed.fingerprint(), encoder().fingerprint());
    eprintln!(
        "loading MiniLM ({} MB, whole file hashed) took {load_s:.3} s",
        bytes.len() >> 20
    );
}
