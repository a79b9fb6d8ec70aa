//! GGUF loading: write/load round trip on tiny random weights (q/k permutation), the real
//! SmolLM2 file (config, tensors, tokenizer against reference ids), and broken files.
//!
//! Tests that need `.data/models/SmolLM2-135M-Instruct.Q4_1.gguf` print a line and pass when it
//! is absent (`scripts/setup.sh` fetches it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::quantized::gguf_file::{self, Content, Value};
use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{DType, Device, Tensor};
use kbner_nn::{load_gguf, tokenizer_from_gguf, write_gguf};
use kbner_nn::{LlamaConfig, NnError};
use tokenizers::pre_tokenizers::byte_level::ByteLevel;

fn smollm2_path() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../.data/models/SmolLM2-135M-Instruct.Q4_1.gguf");
    if p.exists() {
        Some(p)
    } else {
        println!(
            "skipping: {} not found (scripts/setup.sh fetches it)",
            p.display()
        );
        None
    }
}

fn tiny_config() -> LlamaConfig {
    LlamaConfig {
        // head_dim 8: with 4-wide heads llama.cpp's q/k permutation is its own inverse, and a
        // writer that applied the inverse instead of the permutation would go unnoticed.
        hidden_size: 32,
        intermediate_size: 24,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        num_key_value_heads: Some(2),
        head_dim: None,
        vocab_size: 262,
        // Exactly representable in f32, so the config survives the f32 metadata unchanged.
        rms_norm_eps: 1.0 / 65536.0,
        rope_theta: 10_000.0,
        rope_scaling: None,
        max_position_embeddings: 128,
        tie_word_embeddings: false,
    }
}

fn tiny_tensors(c: &LlamaConfig, with_lm_head: bool) -> HashMap<String, Tensor> {
    let dev = Device::Cpu;
    let (h, i, v) = (c.hidden_size, c.intermediate_size, c.vocab_size);
    let (q, kv) = (
        c.num_attention_heads * c.head_dim(),
        c.kv_heads() * c.head_dim(),
    );
    let mut shapes: Vec<(String, Vec<usize>)> = vec![
        ("model.embed_tokens.weight".into(), vec![v, h]),
        ("model.norm.weight".into(), vec![h]),
    ];
    if with_lm_head {
        shapes.push(("lm_head.weight".into(), vec![v, h]));
    }
    for l in 0..c.num_hidden_layers {
        let p = format!("model.layers.{l}");
        shapes.extend([
            (format!("{p}.self_attn.q_proj.weight"), vec![q, h]),
            (format!("{p}.self_attn.k_proj.weight"), vec![kv, h]),
            (format!("{p}.self_attn.v_proj.weight"), vec![kv, h]),
            (format!("{p}.self_attn.o_proj.weight"), vec![h, q]),
            (format!("{p}.mlp.gate_proj.weight"), vec![i, h]),
            (format!("{p}.mlp.up_proj.weight"), vec![i, h]),
            (format!("{p}.mlp.down_proj.weight"), vec![h, i]),
            (format!("{p}.input_layernorm.weight"), vec![h]),
            (format!("{p}.post_attention_layernorm.weight"), vec![h]),
        ]);
    }
    shapes
        .into_iter()
        .map(|(n, s)| {
            let t = Tensor::randn(0f32, 1f32, s, &dev).expect("randn");
            (n, t)
        })
        .collect()
}

/// A byte-level vocabulary: the 256 byte characters plus a few merges, 262 tokens.
fn tiny_tokenizer_lists() -> (Vec<String>, Vec<String>) {
    let mut alphabet: Vec<char> = ByteLevel::alphabet().into_iter().collect();
    alphabet.sort_unstable();
    let mut tokens: Vec<String> = alphabet.iter().map(|c| c.to_string()).collect();
    let merges: Vec<String> = ["h e", "l l", "he ll", "hell o", "Ġ w", "Ġw o"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    tokens.extend(
        ["he", "ll", "hell", "hello", "Ġw", "Ġwo"]
            .iter()
            .map(|s| s.to_string()),
    );
    (tokens, merges)
}

fn max_abs_diff(a: &Tensor, b: &Tensor) -> f32 {
    (a - b)
        .expect("sub")
        .abs()
        .expect("abs")
        .flatten_all()
        .expect("flat")
        .max(0)
        .expect("max")
        .to_scalar()
        .expect("scalar")
}

#[test]
fn write_then_load_round_trips_config_tensors_and_tokenizer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tiny.gguf");
    let config = tiny_config();
    let tensors = tiny_tensors(&config, true);
    let (tokens, merges) = tiny_tokenizer_lists();
    write_gguf(&path, &config, &tensors, Some((&tokens, &merges))).expect("write");

    let loaded = load_gguf(&path, DType::F32, &Device::Cpu).expect("load");
    assert_eq!(loaded.config, config);
    assert_eq!(loaded.tensors.len(), tensors.len());
    for (name, t) in &tensors {
        let got = loaded
            .tensors
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing after load"));
        assert_eq!(got.dims(), t.dims(), "{name}");
        assert_eq!(
            max_abs_diff(got, t),
            0.0,
            "{name} differs after the round trip"
        );
    }
    assert!(
        loaded.metadata_summary.contains("arch=llama"),
        "{}",
        loaded.metadata_summary
    );

    let tok = &loaded.tokenizer;
    let enc = tok.encode("hello world", false).expect("encode");
    assert_eq!(
        enc.get_tokens()[..2],
        ["hello".to_string(), "Ġwo".to_string()]
    );
    assert_eq!(
        tok.decode(enc.get_ids(), false).expect("decode"),
        "hello world"
    );

    // Without lm_head the embeddings are tied.
    let path2 = dir.path().join("tied.gguf");
    let mut tied_config = config.clone();
    tied_config.tie_word_embeddings = true;
    write_gguf(&path2, &tied_config, &tiny_tensors(&config, false), None).expect("write tied");
    let err = load_gguf(&path2, DType::F32, &Device::Cpu)
        .err()
        .expect("no tokenizer metadata must fail");
    assert!(err.to_string().contains("tokenizer.ggml.model"), "{err}");
}

/// The GGUF file must hold q/k rows in llama.cpp's order, computed here by index rather than by
/// the reshape the library uses: within head `h` of width `d`, HF row `h·d + t·d/2 + j` is GGUF
/// row `h·d + 2j + t`.
#[test]
fn written_q_and_k_rows_follow_llama_cpp_permutation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tiny.gguf");
    let config = tiny_config();
    let tensors = tiny_tensors(&config, true);
    write_gguf(&path, &config, &tensors, None).expect("write");

    let mut f = std::fs::File::open(&path).expect("open");
    let content = Content::read(&mut f).expect("read");
    let d = config.head_dim();
    for (gguf, hf, n_head) in [
        (
            "blk.1.attn_q.weight",
            "model.layers.1.self_attn.q_proj.weight",
            config.num_attention_heads,
        ),
        (
            "blk.1.attn_k.weight",
            "model.layers.1.self_attn.k_proj.weight",
            config.kv_heads(),
        ),
    ] {
        let g = content
            .tensor(&mut f, gguf, &Device::Cpu)
            .expect("tensor")
            .dequantize(&Device::Cpu)
            .expect("deq");
        let g: Vec<Vec<f32>> = g.to_vec2().expect("vec");
        let w: Vec<Vec<f32>> = tensors[hf].to_vec2().expect("vec");
        assert_eq!(g.len(), n_head * d);
        for h in 0..n_head {
            for t in 0..2 {
                for j in 0..d / 2 {
                    assert_eq!(
                        g[h * d + 2 * j + t],
                        w[h * d + t * d / 2 + j],
                        "{gguf} head {h} half {t} pair {j}"
                    );
                }
            }
        }
        // v is not permuted.
        let v = content
            .tensor(&mut f, "blk.1.attn_v.weight", &Device::Cpu)
            .expect("v")
            .dequantize(&Device::Cpu)
            .expect("deq");
        assert_eq!(
            max_abs_diff(&v, &tensors["model.layers.1.self_attn.v_proj.weight"]),
            0.0
        );
    }
}

#[test]
fn smollm2_config_and_tensors() {
    let Some(path) = smollm2_path() else { return };
    let start = Instant::now();
    let m = load_gguf(&path, DType::F32, &Device::Cpu).expect("load SmolLM2");
    println!(
        "loaded + dequantized {} in {:.2?}: {}",
        path.display(),
        start.elapsed(),
        m.metadata_summary
    );

    let c = &m.config;
    assert_eq!(
        (
            c.hidden_size,
            c.intermediate_size,
            c.num_hidden_layers,
            c.num_attention_heads,
            c.kv_heads()
        ),
        (576, 1536, 30, 9, 3)
    );
    assert_eq!(
        (c.head_dim(), c.vocab_size, c.max_position_embeddings),
        (64, 49152, 8192)
    );
    assert_eq!(c.rope_theta, 100_000.0);
    assert!((c.rms_norm_eps - 1e-5).abs() < 1e-9, "{}", c.rms_norm_eps);
    assert!(c.tie_word_embeddings);
    assert!(c.rope_scaling.is_none());
    assert!(
        m.metadata_summary.contains("file_type=Q4_1"),
        "{}",
        m.metadata_summary
    );

    assert!(!m.tensors.contains_key("lm_head.weight"));
    assert_eq!(m.tensors.len(), 2 + 30 * 9);
    assert_eq!(m.tensors["model.embed_tokens.weight"].dims(), [49152, 576]);
    assert_eq!(m.tensors["model.norm.weight"].dims(), [576]);
    for l in 0..30 {
        let p = format!("model.layers.{l}");
        for (n, shape) in [
            ("self_attn.q_proj.weight", vec![576, 576]),
            ("self_attn.k_proj.weight", vec![192, 576]),
            ("self_attn.v_proj.weight", vec![192, 576]),
            ("self_attn.o_proj.weight", vec![576, 576]),
            ("mlp.gate_proj.weight", vec![1536, 576]),
            ("mlp.up_proj.weight", vec![1536, 576]),
            ("mlp.down_proj.weight", vec![576, 1536]),
            ("input_layernorm.weight", vec![576]),
            ("post_attention_layernorm.weight", vec![576]),
        ] {
            let t = m
                .tensors
                .get(&format!("{p}.{n}"))
                .unwrap_or_else(|| panic!("{p}.{n} missing"));
            assert_eq!(t.dims(), shape.as_slice(), "{p}.{n}");
            assert_eq!(t.dtype(), DType::F32);
        }
    }

    // Dequantized Q4_1 / Q8_0 weights: finite, spread out, of plausible magnitude.
    for name in [
        "model.embed_tokens.weight",
        "model.layers.0.self_attn.q_proj.weight",
        "model.layers.0.self_attn.k_proj.weight",
        "model.layers.29.mlp.down_proj.weight",
    ] {
        let v: Vec<f32> = m.tensors[name]
            .flatten_all()
            .expect("flat")
            .to_vec1()
            .expect("vec");
        assert!(
            v.iter().all(|x| x.is_finite()),
            "{name} has non-finite values"
        );
        let mean = v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64;
        let std =
            (v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / v.len() as f64).sqrt();
        println!("{name}: mean {mean:.4}, std {std:.4}");
        assert!(std > 1e-3 && std < 10.0, "{name}: std {std}");
        assert!(mean.abs() < std, "{name}: mean {mean} vs std {std}");
    }

    let bf16 = load_gguf(&path, DType::BF16, &Device::Cpu).expect("load bf16");
    assert_eq!(
        bf16.tensors["model.layers.3.mlp.up_proj.weight"].dtype(),
        DType::BF16
    );
}

#[derive(serde::Deserialize)]
struct Fixture {
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    ids: Vec<u32>,
    offsets: Vec<(usize, usize)>,
}

/// Compares the tokenizer against a reference file written by scripts/gguf_tokenizer_check.py;
/// returns (cases, mismatching texts).
fn compare_with_reference(tok: &tokenizers::Tokenizer, file: &Path) -> (usize, Vec<String>) {
    let fixture: Fixture =
        serde_json::from_str(&std::fs::read_to_string(file).expect("read fixture"))
            .expect("parse fixture");
    let mut bad = Vec::new();
    for case in &fixture.cases {
        let enc = tok.encode(case.text.as_str(), false).expect("encode");
        if enc.get_ids() != case.ids.as_slice() || enc.get_offsets() != case.offsets.as_slice() {
            bad.push(format!(
                "{:?}: ids {:?} offsets {:?}, reference {:?} {:?}",
                case.text,
                enc.get_ids(),
                enc.get_offsets(),
                case.ids,
                case.offsets
            ));
        }
    }
    (fixture.cases.len(), bad)
}

#[test]
fn smollm2_tokenizer_round_trips_and_matches_reference() {
    let Some(path) = smollm2_path() else { return };
    let start = Instant::now();
    let tok = tokenizer_from_gguf(&path).expect("tokenizer");
    println!("tokenizer built in {:.2?}", start.elapsed());
    assert_eq!(tok.get_vocab_size(true), 49152);

    let texts = [
        "Hello world",
        "IL-2Rα",
        "5-fluorouracil (5-FU)",
        "β-thalassemia",
        "  double  spaces\tand tabs\n",
        "糖尿病是一种代谢疾病。",
        "مرض السكري هو مرض مزمن",
        "emoji 🧬🦠 and combining é (e\u{301})",
        "<|im_start|>user\nTag<|im_end|>",
        "",
    ];
    for text in texts {
        let enc = tok.encode(text, false).expect("encode");
        let back = tok.decode(enc.get_ids(), false).expect("decode");
        assert_eq!(back, text, "round trip");
        // Offsets are byte offsets on char boundaries; each token's span, trimmed of the
        // leading space the byte-level token carries, is where its bytes came from.
        for (id, &(a, b)) in enc.get_ids().iter().zip(enc.get_offsets()) {
            assert!(
                a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b),
                "{text:?}: {a}..{b}"
            );
            let piece = tok.decode(&[*id], false).expect("decode one");
            if !piece.contains('\u{FFFD}') && !piece.trim().is_empty() {
                assert_eq!(
                    text[a..b].trim(),
                    piece.trim(),
                    "{text:?}: token {id} at {a}..{b}"
                );
            }
        }
    }
    // Special tokens are single ids; no BOS/EOS is added.
    let enc = tok
        .encode("<|im_start|>user\nTag<|im_end|>", false)
        .expect("encode");
    assert_eq!(enc.get_ids().first(), Some(&1));
    assert_eq!(enc.get_ids().last(), Some(&2));
    assert_eq!(
        tok.encode("Tag", true).expect("encode").get_ids(),
        tok.encode("Tag", false).expect("encode").get_ids()
    );
    assert_eq!(
        tok.decode(enc.get_ids(), true).expect("decode"),
        "user\nTag"
    );

    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/smollm2_token_ids.json");
    let (n, bad) = compare_with_reference(&tok, &fixture);
    println!(
        "fixture: {}/{} strings match the reference ids and offsets",
        n - bad.len(),
        n
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));

    // A larger reference set, when the script was run with --corpus.
    if let Ok(extra) = std::env::var("KBNER_GGUF_TOKREF") {
        let (n, bad) = compare_with_reference(&tok, Path::new(&extra));
        println!("{extra}: {}/{} strings match", n - bad.len(), n);
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}

fn assert_names_file(err: NnError, path: &Path, what: &str) -> String {
    let msg = err.to_string();
    assert!(
        msg.contains(&path.display().to_string()),
        "{what}: message does not name the file: {msg}"
    );
    msg
}

#[test]
fn broken_files_give_errors_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = tiny_config();
    let good = dir.path().join("good.gguf");
    write_gguf(
        &good,
        &config,
        &tiny_tensors(&config, true),
        Some((&tiny_tokenizer_lists().0, &tiny_tokenizer_lists().1)),
    )
    .expect("write");
    let bytes = std::fs::read(&good).expect("read");

    let text = dir.path().join("config.json");
    std::fs::write(&text, b"{\"hidden_size\": 16}").expect("write");
    let msg = assert_names_file(
        load_gguf(&text, DType::F32, &Device::Cpu)
            .err()
            .expect("text file"),
        &text,
        "non-GGUF",
    );
    assert!(msg.contains("not a readable GGUF file"), "{msg}");
    assert_names_file(
        tokenizer_from_gguf(&text).expect_err("text file"),
        &text,
        "non-GGUF tokenizer",
    );

    let empty = dir.path().join("empty.gguf");
    std::fs::write(&empty, b"").expect("write");
    assert_names_file(
        load_gguf(&empty, DType::F32, &Device::Cpu)
            .err()
            .expect("empty"),
        &empty,
        "empty",
    );

    // Cut in the metadata, and cut in the tensor data.
    for (name, len) in [
        ("head.gguf", 40),
        ("meta.gguf", bytes.len() / 8),
        ("data.gguf", bytes.len() - 100),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, &bytes[..len]).expect("write");
        let msg = assert_names_file(
            load_gguf(&p, DType::F32, &Device::Cpu)
                .err()
                .expect("truncated"),
            &p,
            name,
        );
        println!("{name}: {msg}");
    }

    // Garbage in place of a tensor count.
    let mut corrupt = bytes.clone();
    corrupt[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
    let p = dir.path().join("corrupt.gguf");
    std::fs::write(&p, &corrupt).expect("write");
    assert_names_file(
        load_gguf(&p, DType::F32, &Device::Cpu)
            .err()
            .expect("corrupt"),
        &p,
        "corrupt",
    );

    let missing = dir.path().join("missing.gguf");
    assert_names_file(
        load_gguf(&missing, DType::F32, &Device::Cpu)
            .err()
            .expect("missing"),
        &missing,
        "missing",
    );
}

#[test]
fn wrong_shape_names_the_tensor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = tiny_config();
    let mut tensors = tiny_tensors(&config, true);
    tensors.insert(
        "model.layers.1.mlp.down_proj.weight".into(),
        Tensor::zeros((16, 20), DType::F32, &Device::Cpu).expect("zeros"),
    );
    let (tokens, merges) = tiny_tokenizer_lists();
    let p = dir.path().join("shape.gguf");
    write_gguf(&p, &config, &tensors, Some((&tokens, &merges))).expect("write");
    let msg = assert_names_file(
        load_gguf(&p, DType::F32, &Device::Cpu)
            .err()
            .expect("shape"),
        &p,
        "shape",
    );
    assert!(msg.contains("blk.1.ffn_down.weight"), "{msg}");

    tensors.remove("model.layers.1.mlp.down_proj.weight");
    write_gguf(&p, &config, &tensors, Some((&tokens, &merges))).expect("write");
    let msg = load_gguf(&p, DType::F32, &Device::Cpu)
        .err()
        .expect("missing tensor")
        .to_string();
    assert!(
        msg.contains("blk.1.ffn_down.weight") && msg.contains("missing"),
        "{msg}"
    );
}

/// Writes a GGUF file with just these metadata entries and one small tensor.
fn write_raw(path: &Path, md: &[(&str, Value)]) {
    let t = QTensor::quantize(
        &Tensor::zeros(4, DType::F32, &Device::Cpu).expect("zeros"),
        GgmlDType::F32,
    )
    .expect("q");
    let refs: Vec<(&str, &Value)> = md.iter().map(|(k, v)| (*k, v)).collect();
    let mut f = std::fs::File::create(path).expect("create");
    gguf_file::write(&mut f, &refs, &[("output_norm.weight", &t)]).expect("write");
}

#[test]
fn unsupported_architecture_and_tokenizer_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("qwen.gguf");
    write_raw(
        &p,
        &[("general.architecture", Value::String("qwen2".into()))],
    );
    let msg = assert_names_file(
        load_gguf(&p, DType::F32, &Device::Cpu).err().expect("arch"),
        &p,
        "arch",
    );
    assert!(
        msg.contains("\"qwen2\"") && msg.contains("not supported"),
        "{msg}"
    );

    let p = dir.path().join("bert.gguf");
    write_raw(
        &p,
        &[("tokenizer.ggml.model", Value::String("bert".into()))],
    );
    let msg = assert_names_file(tokenizer_from_gguf(&p).expect_err("bert"), &p, "bert");
    assert!(
        msg.contains("\"bert\"") && msg.contains("tokenizer.json"),
        "{msg}"
    );

    let (tokens, merges) = tiny_tokenizer_lists();
    let strings = |v: &[String]| Value::Array(v.iter().map(|s| Value::String(s.clone())).collect());
    let p = dir.path().join("pre.gguf");
    write_raw(
        &p,
        &[
            ("tokenizer.ggml.model", Value::String("gpt2".into())),
            ("tokenizer.ggml.pre", Value::String("deepseek-llm".into())),
            ("tokenizer.ggml.tokens", strings(&tokens)),
            ("tokenizer.ggml.merges", strings(&merges)),
        ],
    );
    let msg = assert_names_file(tokenizer_from_gguf(&p).expect_err("pre"), &p, "pre");
    assert!(msg.contains("deepseek-llm"), "{msg}");

    // Llama-3's pre-tokenizer: numbers split in groups of three, no digit-by-digit split.
    let p = dir.path().join("llama3.gguf");
    write_raw(
        &p,
        &[
            ("tokenizer.ggml.model", Value::String("gpt2".into())),
            ("tokenizer.ggml.pre", Value::String("llama-bpe".into())),
            ("tokenizer.ggml.tokens", strings(&tokens)),
            ("tokenizer.ggml.merges", strings(&merges)),
        ],
    );
    let tok = tokenizer_from_gguf(&p).expect("llama-bpe tokenizer");
    let text = "hello 12345  world\n";
    let enc = tok.encode(text, false).expect("encode");
    assert_eq!(tok.decode(enc.get_ids(), false).expect("decode"), text);
}

/// A SentencePiece vocabulary (Llama-2 layout: `<unk>`, `<s>`, `</s>`, 256 byte tokens, then
/// pieces with scores) in a GGUF file.
#[test]
fn sentencepiece_gguf_tokenizer_merges_by_score_and_falls_back_to_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("spm.gguf");
    kbner_nn::tiny::write_sentencepiece_gguf(&p, None).expect("write");
    let tok = tokenizer_from_gguf(&p).expect("spm tokenizer");
    let text = "ab abc é";
    let enc = tok.encode(text, true).expect("encode");
    let pieces: Vec<&str> = enc.get_tokens().iter().map(String::as_str).collect();
    assert_eq!(
        pieces,
        [
            "<s>",
            "\u{2581}ab",
            "\u{2581}",
            "abc",
            "\u{2581}",
            "<0xC3>",
            "<0xA9>"
        ]
    );
    // Offsets point into the input: each word's first piece overlaps the word.
    let offsets = enc.get_offsets();
    assert_eq!(&text[offsets[1].0..offsets[1].1], "ab");
    assert_eq!(offsets[3], (3, 6));
    assert_eq!(enc.get_special_tokens_mask()[0], 1);
    assert_eq!(tok.decode(enc.get_ids(), true).expect("decode"), text);

    // No BOS when the file says so.
    let p = dir.path().join("spm-nobos.gguf");
    kbner_nn::tiny::write_sentencepiece_gguf(&p, Some(false)).expect("write");
    let tok = tokenizer_from_gguf(&p).expect("spm tokenizer");
    let enc = tok.encode(text, true).expect("encode");
    assert_eq!(enc.get_tokens()[0], "\u{2581}ab");
}

/// The SentencePiece library's own tokenization (`scripts/spm_reference.py`) is reproduced
/// from the pieces alone, written as GGUF metadata.
#[test]
fn sentencepiece_gguf_tokenizer_matches_the_sentencepiece_library() {
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spm_reference.json"),
    )
    .expect("fixture");
    let fixture: serde_json::Value = serde_json::from_str(&raw).expect("json");
    let pieces = fixture["pieces"].as_array().expect("pieces");
    let field = |i: usize| pieces.iter().map(move |p| p[i].clone());
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("spm.gguf");
    write_raw(
        &p,
        &[
            ("tokenizer.ggml.model", Value::String("llama".into())),
            (
                "tokenizer.ggml.tokens",
                Value::Array(
                    field(0)
                        .map(|v| Value::String(v.as_str().expect("piece").into()))
                        .collect(),
                ),
            ),
            (
                "tokenizer.ggml.scores",
                Value::Array(
                    field(1)
                        .map(|v| Value::F32(v.as_f64().expect("score") as f32))
                        .collect(),
                ),
            ),
            (
                "tokenizer.ggml.token_type",
                Value::Array(
                    field(2)
                        .map(|v| Value::I32(v.as_i64().expect("type") as i32))
                        .collect(),
                ),
            ),
        ],
    );
    let tok = tokenizer_from_gguf(&p).expect("spm tokenizer");
    let cases = fixture["cases"].as_array().expect("cases");
    assert!(cases.len() > 50);
    for case in cases {
        let text = case["text"].as_str().expect("text");
        let want: Vec<&str> = case["pieces"]
            .as_array()
            .expect("pieces")
            .iter()
            .map(|p| p.as_str().expect("piece"))
            .collect();
        let enc = tok.encode(text, false).expect("encode");
        let got: Vec<&str> = enc.get_tokens().iter().map(String::as_str).collect();
        assert_eq!(got, want, "{text:?}");
        if !text.is_empty() {
            assert_eq!(tok.decode(enc.get_ids(), false).expect("decode"), text);
        }
    }
}
