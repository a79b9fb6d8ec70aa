//! Tests against a tiny random BERT written by the test itself
//! (config.json + model.safetensors + vocab.txt, no tokenizer.json).

use std::collections::HashMap;
use std::path::Path;

use candle_core::{Device, Tensor};
use kbner_encoder::{Encoder, EncoderError, EncoderOptions, Pooling};

const HIDDEN: usize = 32;
const HEADS: usize = 4;
const LAYERS: usize = 2;
const INTER: usize = 64;
const MAX_POS: usize = 64;
/// `max_tokens` used by most tests: 14 content tokens per window.
const MAX_TOKENS: usize = 16;

const WORDS: &[&str] = &[
    "heart",
    "attack",
    "myocardial",
    "infarction",
    "disease",
    "cancer",
    "cell",
    "of",
    "the",
    "and",
    "acute",
    "chronic",
    "kidney",
    "failure",
    "type",
    "diabetes",
    "lung",
    "breast",
    "gene",
    "protein",
];

fn vocab() -> Vec<String> {
    let mut v: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.extend(WORDS.iter().map(|s| s.to_string()));
    for c in ('a'..='z').chain('0'..='9') {
        v.push(c.to_string());
        v.push(format!("##{c}"));
    }
    v.extend([",", ".", "-", "(", ")", "'"].iter().map(|s| s.to_string()));
    v
}

/// Deterministic pseudo-random numbers in [-1, 1) (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545F4914F6CDD1D) >> 40;
        (x as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
    fn tensor(&mut self, shape: &[usize], scale: f32, offset: f32) -> Tensor {
        let n: usize = shape.iter().product();
        let data: Vec<f32> = (0..n).map(|_| offset + scale * self.next()).collect();
        Tensor::from_vec(data, shape, &Device::Cpu).expect("tensor")
    }
}

/// Random BERT weights with the names of a Hugging Face `BertModel`.
fn tensors(seed: u64, vocab_size: usize) -> Vec<(String, Tensor)> {
    let mut r = Rng(seed.max(1));
    let mut t = vec![
        (
            "embeddings.word_embeddings.weight".to_string(),
            r.tensor(&[vocab_size, HIDDEN], 1.0, 0.0),
        ),
        (
            "embeddings.position_embeddings.weight".into(),
            r.tensor(&[MAX_POS, HIDDEN], 0.5, 0.0),
        ),
        (
            "embeddings.token_type_embeddings.weight".into(),
            r.tensor(&[2, HIDDEN], 0.5, 0.0),
        ),
        (
            "embeddings.LayerNorm.weight".into(),
            r.tensor(&[HIDDEN], 0.1, 1.0),
        ),
        (
            "embeddings.LayerNorm.bias".into(),
            r.tensor(&[HIDDEN], 0.1, 0.0),
        ),
    ];
    for l in 0..LAYERS {
        let p = format!("encoder.layer.{l}");
        let mut lin = |name: &str, out: usize, inp: usize, r: &mut Rng| {
            t.push((
                format!("{p}.{name}.weight"),
                r.tensor(&[out, inp], 0.3, 0.0),
            ));
            t.push((format!("{p}.{name}.bias"), r.tensor(&[out], 0.1, 0.0)));
        };
        lin("attention.self.query", HIDDEN, HIDDEN, &mut r);
        lin("attention.self.key", HIDDEN, HIDDEN, &mut r);
        lin("attention.self.value", HIDDEN, HIDDEN, &mut r);
        lin("attention.output.dense", HIDDEN, HIDDEN, &mut r);
        lin("intermediate.dense", INTER, HIDDEN, &mut r);
        lin("output.dense", HIDDEN, INTER, &mut r);
        for ln in ["attention.output.LayerNorm", "output.LayerNorm"] {
            t.push((format!("{p}.{ln}.weight"), r.tensor(&[HIDDEN], 0.1, 1.0)));
            t.push((format!("{p}.{ln}.bias"), r.tensor(&[HIDDEN], 0.1, 0.0)));
        }
    }
    t.push((
        "pooler.dense.weight".into(),
        r.tensor(&[HIDDEN, HIDDEN], 0.3, 0.0),
    ));
    t.push(("pooler.dense.bias".into(), r.tensor(&[HIDDEN], 0.1, 0.0)));
    t
}

fn write_weights(dir: &Path, tensors: Vec<(String, Tensor)>) {
    let map: HashMap<String, Tensor> = tensors.into_iter().collect();
    candle_core::safetensors::save(&map, dir.join("model.safetensors")).expect("save weights");
}

/// Writes a tiny BERT into `dir`; `prefix` is prepended to every tensor name.
fn write_model(dir: &Path, seed: u64, prefix: &str) {
    let vocab = vocab();
    std::fs::write(dir.join("vocab.txt"), vocab.join("\n") + "\n").expect("vocab");
    let config = serde_json::json!({
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": HIDDEN,
        "initializer_range": 0.02,
        "intermediate_size": INTER,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": MAX_POS,
        "model_type": "bert",
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "pad_token_id": 0,
        "type_vocab_size": 2,
        "vocab_size": vocab.len(),
    });
    std::fs::write(dir.join("config.json"), config.to_string()).expect("config");
    let mut t = tensors(seed, vocab.len());
    if !prefix.is_empty() {
        t = t
            .into_iter()
            .map(|(n, v)| (format!("{prefix}{n}"), v))
            .collect();
        // A head beside the backbone, as in SapBERT / BertForMaskedLM checkpoints.
        let mut r = Rng(99);
        t.push((
            "cls.predictions.bias".into(),
            r.tensor(&[vocab.len()], 0.1, 0.0),
        ));
    }
    write_weights(dir, t);
}

fn tiny(prefix: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write_model(dir.path(), 7, prefix);
    dir
}

fn opts(pooling: Option<Pooling>, batch_size: usize) -> EncoderOptions {
    EncoderOptions {
        pooling,
        max_tokens: MAX_TOKENS,
        batch_size,
    }
}

fn load(dir: &Path, o: &EncoderOptions) -> Encoder {
    match Encoder::load(dir, o) {
        Ok(e) => e,
        Err(e) => panic!("load {}: {e}", dir.display()),
    }
}

fn max_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A text of `n` one-token words.
fn words(n: usize, offset: usize) -> String {
    (0..n)
        .map(|i| WORDS[(i * 7 + offset) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn outputs_are_unit_norm_with_model_dim() {
    let dir = tiny("");
    for pooling in [Pooling::Cls, Pooling::Mean] {
        let enc = load(dir.path(), &opts(Some(pooling), 4));
        assert_eq!(enc.dim(), HIDDEN);
        let texts = [
            "heart attack",
            "x",
            "Myocardial infarction, acute",
            "zzzz qqq",
        ];
        let out = enc.embed(&texts).expect("embed");
        assert_eq!(out.len(), texts.len());
        for v in &out {
            assert_eq!(v.len(), HIDDEN);
            let n = dot(v, v).sqrt();
            assert!((n - 1.0).abs() < 1e-5, "norm {n}");
        }
    }
}

#[test]
fn padding_is_masked_alone_equals_batched() {
    let dir = tiny("");
    for pooling in [Pooling::Cls, Pooling::Mean] {
        let enc = load(dir.path(), &opts(Some(pooling), 3));
        let short = "heart attack";
        let alone = enc.embed(&[short]).expect("alone");
        // Batched with longer texts, so `short` is padded (batch size 3 puts it
        // with the two next-longest ones after sorting by length).
        let long1 = words(12, 1);
        let long2 = words(13, 2);
        let long3 = words(14, 3);
        let batch = enc
            .embed(&[&long1, short, &long2, &long3, "cancer"])
            .expect("batch");
        let d = max_diff(&alone[0], &batch[1]);
        assert!(d < 1e-5, "{pooling:?}: max diff {d}");
    }
}

#[test]
fn output_order_follows_input() {
    let dir = tiny("");
    let enc = load(dir.path(), &opts(Some(Pooling::Mean), 2));
    let texts: Vec<String> = (0..7).map(|i| words(1 + (i * 5) % 11, i)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let together = enc.embed(&refs).expect("embed");
    for (i, t) in refs.iter().enumerate() {
        let alone = enc.embed(&[t]).expect("alone");
        let d = max_diff(&alone[0], &together[i]);
        assert!(d < 1e-5, "text {i}: {d}");
    }
    // Distinct texts give distinct vectors, so a permutation would be caught.
    assert!(max_diff(&together[0], &together[1]) > 1e-3);
}

#[test]
fn parallel_batches_match_sequential() {
    let dir = tiny("");
    let enc = load(dir.path(), &opts(Some(Pooling::Mean), 2));
    let texts: Vec<String> = (0..9).map(|i| words(1 + i % 5, i)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let a = enc.embed_with(&refs, false).expect("seq");
    let b = enc.embed_with(&refs, true).expect("par");
    for (x, y) in a.iter().zip(&b) {
        assert!(max_diff(x, y) < 1e-5);
    }
}

#[test]
fn cls_and_mean_pooling_differ_and_pooling_config_is_read() {
    let dir = tiny("");
    let t = ["chronic kidney disease"];
    let cls = load(dir.path(), &opts(Some(Pooling::Cls), 8))
        .embed(&t)
        .expect("cls");
    let mean = load(dir.path(), &opts(Some(Pooling::Mean), 8))
        .embed(&t)
        .expect("mean");
    assert!(max_diff(&cls[0], &mean[0]) > 1e-2);

    // No 1_Pooling directory: CLS.
    let default = load(dir.path(), &opts(None, 8));
    assert_eq!(default.pooling(), Pooling::Cls);
    assert!(max_diff(&default.embed(&t).expect("default")[0], &cls[0]) < 1e-6);

    // sentence-transformers layout declaring mean pooling.
    std::fs::create_dir(dir.path().join("1_Pooling")).expect("mkdir");
    std::fs::write(
        dir.path().join("1_Pooling/config.json"),
        r#"{"word_embedding_dimension": 32, "pooling_mode_cls_token": false,
            "pooling_mode_mean_tokens": true, "pooling_mode_max_tokens": false}"#,
    )
    .expect("pooling config");
    let st = load(dir.path(), &opts(None, 8));
    assert_eq!(st.pooling(), Pooling::Mean);
    assert!(max_diff(&st.embed(&t).expect("st")[0], &mean[0]) < 1e-6);
}

#[test]
fn long_text_is_windowed_not_truncated() {
    let dir = tiny("");
    for pooling in [Pooling::Cls, Pooling::Mean] {
        let enc = load(dir.path(), &opts(Some(pooling), 4));
        let n = 3 * MAX_TOKENS; // one token per word
        let text = words(n, 0);
        let all: Vec<&str> = text.split(' ').collect();
        let long = all.join(" ");
        let v = enc.embed(&[&long]).expect("long text must not error");
        let width = MAX_TOKENS - 2;
        let truncated = enc.embed(&[&all[..width].join(" ")]).expect("prefix");
        assert!(
            max_diff(&v[0], &truncated[0]) > 1e-3,
            "{pooling:?}: long text embedded like its truncated prefix"
        );
        // Windows of 14 tokens starting every 8, the last aligned to the end.
        let starts = [0, 8, 16, 24, 32, n - width];
        let pieces: Vec<String> = starts
            .iter()
            .map(|&s| all[s..s + width].join(" "))
            .collect();
        let piece_refs: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let wv = enc.embed(&piece_refs).expect("windows");
        let mut avg = vec![0f32; HIDDEN];
        for w in &wv {
            avg.iter_mut().zip(w).for_each(|(a, b)| *a += b);
        }
        let norm = dot(&avg, &avg).sqrt();
        avg.iter_mut().for_each(|a| *a /= norm);
        let d = max_diff(&v[0], &avg);
        assert!(
            d < 1e-5,
            "{pooling:?}: not the average of its windows ({d})"
        );
        assert!((dot(&v[0], &v[0]).sqrt() - 1.0).abs() < 1e-5);
    }
}

#[test]
fn fingerprint_tracks_files_and_options() {
    let dir = tiny("");
    let o = opts(None, 8);
    let a = load(dir.path(), &o).fingerprint().to_string();
    assert_eq!(a, load(dir.path(), &o).fingerprint(), "not stable");
    // Batch size does not change vectors, so not the fingerprint either.
    assert_eq!(a, load(dir.path(), &opts(None, 1)).fingerprint());
    // Options that change vectors do.
    assert_ne!(
        a,
        load(dir.path(), &opts(Some(Pooling::Mean), 8)).fingerprint()
    );
    let o20 = EncoderOptions {
        max_tokens: 20,
        ..opts(None, 8)
    };
    assert_ne!(a, load(dir.path(), &o20).fingerprint());
    // A changed weight file (same size, different values).
    let before = std::fs::metadata(dir.path().join("model.safetensors"))
        .expect("meta")
        .len();
    write_weights(dir.path(), tensors(8, vocab().len()));
    let after = std::fs::metadata(dir.path().join("model.safetensors"))
        .expect("meta")
        .len();
    assert_eq!(before, after);
    let b = load(dir.path(), &o).fingerprint().to_string();
    assert_ne!(a, b, "weights changed, fingerprint did not");
    // A changed vocabulary.
    let mut v = vocab();
    v.push("extra".into());
    std::fs::write(dir.path().join("vocab.txt"), v.join("\n")).expect("vocab");
    assert_ne!(b, load(dir.path(), &o).fingerprint());
}

#[test]
fn bert_prefixed_names_load_the_same_weights() {
    let plain = tiny("");
    let prefixed = tiny("bert.");
    let names = std::fs::read(prefixed.path().join("model.safetensors")).expect("read");
    assert!(names.windows(20).any(|w| w == b"bert.embeddings.word"));
    let o = opts(Some(Pooling::Cls), 8);
    let texts = ["heart attack", "type 2 diabetes", "the gene of lung cancer"];
    let a = load(plain.path(), &o).embed(&texts).expect("plain");
    let b = load(prefixed.path(), &o).embed(&texts).expect("prefixed");
    for (x, y) in a.iter().zip(&b) {
        assert!(max_diff(x, y) < 1e-6);
    }
}

#[test]
fn vocab_tokenizer_lowercases_per_config() {
    let dir = tiny("");
    let o = opts(Some(Pooling::Mean), 8);
    let v = load(dir.path(), &o)
        .embed(&["HEART Attack", "heart attack"])
        .expect("embed");
    assert!(max_diff(&v[0], &v[1]) < 1e-6, "default should lowercase");
    std::fs::write(
        dir.path().join("tokenizer_config.json"),
        r#"{"do_lower_case": false}"#,
    )
    .expect("tokenizer_config");
    let v = load(dir.path(), &o)
        .embed(&["HEART Attack", "heart attack"])
        .expect("embed");
    assert!(max_diff(&v[0], &v[1]) > 1e-3, "do_lower_case=false ignored");
}

#[test]
fn empty_text_is_an_error_naming_its_index() {
    let dir = tiny("");
    let enc = load(dir.path(), &opts(None, 8));
    match enc.embed(&["heart", "cancer", " \t\n"]) {
        Err(e @ EncoderError::EmptyText { index: 2 }) => {
            assert!(e.to_string().contains("text 2"), "{e}")
        }
        other => panic!("expected EmptyText {{ index: 2 }}, got {other:?}"),
    }
    assert!(matches!(
        enc.embed(&[""]),
        Err(EncoderError::EmptyText { index: 0 })
    ));
    assert!(enc.embed(&[]).expect("no texts").is_empty());
}

#[test]
fn load_errors_name_the_file() {
    let dir = tiny("");
    std::fs::rename(
        dir.path().join("model.safetensors"),
        dir.path().join("pytorch_model.bin"),
    )
    .expect("rename");
    let e = Encoder::load(dir.path(), &opts(None, 8)).expect_err("pickle weights");
    assert!(
        matches!(
            e,
            EncoderError::Model(kbner_nn::NnError::UnsupportedWeights { .. })
        ),
        "{e}"
    );
    assert!(e.to_string().contains("pytorch_model.bin"), "{e}");

    let missing = dir.path().join("nope");
    let e = Encoder::load(&missing, &opts(None, 8)).expect_err("missing dir");
    assert!(e.to_string().contains("nope"), "{e}");

    let dir = tiny("");
    std::fs::write(dir.path().join("config.json"), "{not json").expect("write");
    let e = Encoder::load(dir.path(), &opts(None, 8)).expect_err("bad config");
    assert!(e.to_string().contains("config.json"), "{e}");

    let dir = tiny("");
    let e = Encoder::load(dir.path(), &EncoderOptions::default()).expect_err("128 > 64 positions");
    assert!(matches!(e, EncoderError::InvalidOption(_)), "{e}");
}

#[test]
fn shared_across_threads() {
    let dir = tiny("");
    let enc = load(dir.path(), &opts(Some(Pooling::Mean), 2));
    let want = enc.embed(&["acute kidney failure"]).expect("embed");
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..2)
            .map(|_| s.spawn(|| enc.embed(&["acute kidney failure"]).expect("embed")))
            .collect();
        for h in hs {
            let got = h.join().expect("thread");
            assert!(max_diff(&got[0], &want[0]) < 1e-6);
        }
    });
}
