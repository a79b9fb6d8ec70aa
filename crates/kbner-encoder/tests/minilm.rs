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
