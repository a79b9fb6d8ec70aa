//! Behaviour of the tagger on a tiny random Llama written by the test (no downloads).

mod common;

use std::collections::HashMap;

use candle_core::{Device, Tensor};
use kbner_nn::{Llama, Params, Rng};
use kbner_tagger::{decode_spans, Decoding, Example, Sample, B, I, IGNORE, O};
use kbner_tagger::{Adaptation, AttentionMode, LoraSettings, Tagger, TaggerSpec};

fn ids(words: &[&str]) -> Tensor {
    let tok = common::tokenizer();
    let enc = tok.encode(words.join(" "), false).unwrap();
    Tensor::from_vec(enc.get_ids().to_vec(), (1, words.len()), &Device::Cpu).unwrap()
}

fn model(lora: bool) -> (Llama, Params) {
    let mut t = common::weights(7);
    let mut params = Params::new();
    let mut rng = Rng::new(1);
    let settings = LoraSettings::default();
    let m = Llama::from_tensors(
        &common::config(),
        &mut t,
        lora.then_some((&settings, &mut params, &mut rng)),
        std::path::Path::new("test"),
    )
    .unwrap();
    (m, params)
}

fn max_abs_diff(a: &Tensor, b: &Tensor) -> f32 {
    (a - b)
        .unwrap()
        .abs()
        .unwrap()
        .flatten_all()
        .unwrap()
        .max(0)
        .unwrap()
        .to_scalar::<f32>()
        .unwrap()
}

#[test]
fn token_zero_sees_the_future_only_when_bidirectional() {
    let (m, _) = model(false);
    let a = ids(&["patients", "with", "cancer", "were", "treated"]);
    let b = ids(&["patients", "with", "asthma", "were", "treated"]);
    let mask = Tensor::ones((1, 5), candle_core::DType::U8, &Device::Cpu).unwrap();
    for train in [false, true] {
        let first = |x: &Tensor, mode| {
            m.forward(x, &mask, mode, train)
                .unwrap()
                .narrow(1, 0, 1)
                .unwrap()
        };
        let bi = max_abs_diff(
            &first(&a, AttentionMode::Bidirectional),
            &first(&b, AttentionMode::Bidirectional),
        );
        let causal = max_abs_diff(
            &first(&a, AttentionMode::Causal),
            &first(&b, AttentionMode::Causal),
        );
        assert!(
            bi > 1e-3,
            "bidirectional: token 0 must change when token 2 changes ({bi})"
        );
        assert!(
            causal < 1e-5,
            "causal: token 0 must not see token 2 ({causal})"
        );
        // And the last token sees the change in both modes.
        let last = |x: &Tensor, mode| {
            m.forward(x, &mask, mode, train)
                .unwrap()
                .narrow(1, 4, 1)
                .unwrap()
        };
        assert!(
            max_abs_diff(
                &last(&a, AttentionMode::Causal),
                &last(&b, AttentionMode::Causal)
            ) > 1e-3
        );
    }
}

#[test]
fn fused_inference_path_equals_differentiable_path() {
    let (m, _) = model(false);
    let x = ids(&["patients", "with", "cancer", "were", "treated"]);
    let mask = Tensor::new(&[[1u8, 1, 1, 1, 0]], &Device::Cpu).unwrap();
    for mode in [AttentionMode::Bidirectional, AttentionMode::Causal] {
        let fused = m.forward(&x, &mask, mode, false).unwrap();
        let slow = m.forward(&x, &mask, mode, true).unwrap();
        assert!(max_abs_diff(&fused, &slow) < 1e-4);
    }
}

#[test]
fn padding_does_not_change_real_tokens() {
    let (m, _) = model(false);
    let x = ids(&["patients", "with", "cancer"]);
    let padded = Tensor::cat(&[&x, &Tensor::new(&[[1u32, 1]], &Device::Cpu).unwrap()], 1).unwrap();
    let mask3 = Tensor::ones((1, 3), candle_core::DType::U8, &Device::Cpu).unwrap();
    let mask5 = Tensor::new(&[[1u8, 1, 1, 0, 0]], &Device::Cpu).unwrap();
    let a = m
        .forward(&x, &mask3, AttentionMode::Bidirectional, false)
        .unwrap();
    let b = m
        .forward(&padded, &mask5, AttentionMode::Bidirectional, false)
        .unwrap()
        .narrow(1, 0, 3)
        .unwrap();
    assert!(max_abs_diff(&a, &b) < 1e-4);
}

#[test]
fn fresh_lora_reproduces_the_base_model() {
    let (base, _) = model(false);
    let (with_lora, params) = model(true);
    // 2 layers × 7 linears × (A, B).
    assert_eq!(params.len(), 28);
    let x = ids(&["patients", "with", "cancer", "were", "treated"]);
    let mask = Tensor::ones((1, 5), candle_core::DType::U8, &Device::Cpu).unwrap();
    let a = base
        .forward(&x, &mask, AttentionMode::Bidirectional, false)
        .unwrap();
    let b = with_lora
        .forward(&x, &mask, AttentionMode::Bidirectional, false)
        .unwrap();
    assert_eq!(max_abs_diff(&a, &b), 0.0);
}

fn spec(mode: AttentionMode) -> TaggerSpec {
    TaggerSpec {
        mode,
        adaptation: Adaptation::Lora(LoraSettings {
            dropout: 0.0,
            ..LoraSettings::default()
        }),
        template: "If any {type} entity is mentioned in the {dataset} input, extract it. ##input: "
            .into(),
        max_len: 64,
        context: None,
    }
}

/// A toy task that needs right context: "cancer"/"asthma" are entities only when followed by
/// "syndrome" is irrelevant — here a word is B when the *next* word is "disease".
fn toy_examples() -> Vec<Example> {
    examples_of(&[
        &["patients", "with", "cancer", "disease", "were", "treated"],
        &["patients", "with", "cancer", "were", "treated"],
        &["a", "history", "of", "asthma", "disease", "."],
        &["a", "history", "of", "asthma", "."],
        &[
            "severe", "diabetes", "disease", "and", "mild", "asthma", ".",
        ],
        &["we", "report", "two", "cases", "of", "diabetes", "."],
    ])
}

fn examples_of(sents: &[&[&str]]) -> Vec<Example> {
    sents
        .iter()
        .map(|s| {
            let labels = (0..s.len())
                .map(|i| match (s.get(i + 1), i > 0 && s[i] == "disease") {
                    (Some(&"disease"), _) => B,
                    (_, true) => I,
                    _ => O,
                })
                .collect();
            Example {
                dataset: "toy".into(),
                kind: "Disease".into(),
                words: s.iter().map(|w| w.to_string()).collect(),
                labels: Some(labels),
                context: Vec::new(),
            }
        })
        .collect()
}

fn train_steps(tagger: &Tagger, steps: usize, lr: f64) -> (f32, f32) {
    train_on(tagger, &toy_examples(), steps, lr)
}

fn train_on(tagger: &Tagger, examples: &[Example], steps: usize, lr: f64) -> (f32, f32) {
    let samples: Vec<Sample> = examples
        .iter()
        .enumerate()
        .flat_map(|(i, e)| tagger.builder().build(e, i).unwrap())
        .collect();
    train_samples(tagger, samples, steps, lr)
}

fn train_samples(tagger: &Tagger, samples: Vec<Sample>, steps: usize, lr: f64) -> (f32, f32) {
    let batch: Vec<&Sample> = samples.iter().collect();
    let mut opt = kbner_nn::AdamW::new(
        tagger.params(),
        kbner_nn::AdamWSettings {
            lr,
            ..Default::default()
        },
    )
    .unwrap();
    let mut first = None;
    let mut last = 0.0;
    for _ in 0..steps {
        let (loss, _) = tagger.loss(&batch, true).unwrap().unwrap();
        let l = loss.to_scalar::<f32>().unwrap();
        first.get_or_insert(l);
        last = l;
        let g = loss.backward().unwrap();
        opt.step(&g, 1).unwrap();
    }
    (first.unwrap(), last)
}

fn snapshot(p: &Params) -> HashMap<String, Vec<f32>> {
    p.iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                v.as_tensor().flatten_all().unwrap().to_vec1().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_training_step_changes_only_lora_and_head_and_loss_falls() {
    let dir = tempfile::tempdir().unwrap();
    common::write_model(dir.path(), 3).unwrap();
    let tagger = Tagger::new(
        dir.path(),
        &spec(AttentionMode::Bidirectional),
        &Device::Cpu,
        5,
    )
    .unwrap();
    let names: Vec<String> = tagger.params().iter().map(|(n, _)| n.to_string()).collect();
    assert!(
        names
            .iter()
            .all(|n| n.contains(".lora_A.") || n.contains(".lora_B.") || n.contains(".score.")),
        "{names:?}"
    );
    assert!(names
        .iter()
        .any(|n| n == "base_model.model.model.layers.1.mlp.down_proj.lora_B.weight"));
    let before = snapshot(tagger.params());
    let base_out = |t: &Tagger| {
        let e = &toy_examples()[0];
        let s = t.builder().build(e, 0).unwrap();
        let (ids, mask) = (
            Tensor::from_vec(s[0].ids.clone(), (1, s[0].ids.len()), &Device::Cpu).unwrap(),
            Tensor::ones((1, s[0].ids.len()), candle_core::DType::U8, &Device::Cpu).unwrap(),
        );
        t.backbone().forward(&ids, &mask, false).unwrap()
    };
    let h0 = base_out(&tagger);
    let (first, _) = train_steps(&tagger, 1, 1e-2);
    let after = snapshot(tagger.params());
    // Every LoRA B moved off zero (gradients really flow through every layer), and the head moved.
    for (name, v) in &after {
        if name.contains("lora_B") {
            assert!(v.iter().any(|x| *x != 0.0), "{name} did not change");
        }
        if name.ends_with("score.weight") {
            assert_ne!(v, &before[name]);
        }
    }
    // The backbone's output changed only through the adapters; base weights are plain tensors
    // outside the optimizer, so a fresh load of the same directory still has the old output.
    let fresh = Tagger::new(
        dir.path(),
        &spec(AttentionMode::Bidirectional),
        &Device::Cpu,
        5,
    )
    .unwrap();
    assert_eq!(max_abs_diff(&base_out(&fresh), &h0), 0.0);
    assert!(max_abs_diff(&base_out(&tagger), &h0) > 0.0);
    let (_, last) = train_steps(&tagger, 60, 1e-2);
    assert!(last < first * 0.2, "loss should fall: {first} → {last}");
}

#[test]
fn bidirectional_learns_a_right_context_task_that_causal_cannot() {
    let dir = tempfile::tempdir().unwrap();
    common::write_model(dir.path(), 3).unwrap();
    let bi = Tagger::new(
        dir.path(),
        &spec(AttentionMode::Bidirectional),
        &Device::Cpu,
        5,
    )
    .unwrap();
    let causal = Tagger::new(dir.path(), &spec(AttentionMode::Causal), &Device::Cpu, 5).unwrap();
    let (_, bi_loss) = train_steps(&bi, 80, 1e-2);
    let (_, causal_loss) = train_steps(&causal, 80, 1e-2);
    // "patients with cancer disease" vs "patients with cancer were": a causal model sees the
    // same prefix for both "cancer"s (and both "asthma"s), so its loss cannot go below
    // 4 tokens × ln 2 spread over the ~36 labelled words (≈ 0.077); a bidirectional one can.
    assert!(bi_loss < 0.01, "bidirectional loss {bi_loss}");
    assert!(
        causal_loss > 0.05,
        "causal loss {causal_loss} went below the floor of a model without right context"
    );
}

#[test]
fn save_then_load_gives_identical_logits() {
    let dir = tempfile::tempdir().unwrap();
    let model_dir = dir.path().join("base");
    common::write_model(&model_dir, 3).unwrap();
    let tagger = Tagger::new(
        &model_dir,
        &spec(AttentionMode::Bidirectional),
        &Device::Cpu,
        5,
    )
    .unwrap();
    train_steps(&tagger, 3, 1e-2);
    let out = dir.path().join("adapter");
    tagger
        .save(&out, &tagger.manifest(vec![], serde_json::json!({})))
        .unwrap();
    assert!(out.join("adapter_config.json").is_file());
    let (loaded, manifest) = Tagger::load(&out, None, &Device::Cpu).unwrap();
    assert_eq!(manifest.labels, ["O", "B", "I"]);
    let e = toy_examples();
    let a = tagger.predict(&e, 4).unwrap();
    let b = loaded.predict(&e, 4).unwrap();
    assert_eq!(a, b);
    // PEFT's config names what it needs to rebuild the LoRA part.
    let peft: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("adapter_config.json")).unwrap())
            .unwrap();
    assert_eq!(peft["peft_type"], "LORA");
    assert_eq!(peft["r"], 16);
    assert_eq!(peft["target_modules"].as_array().unwrap().len(), 7);
}

#[test]
fn an_adapter_refuses_another_base_model() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    common::write_model(&a, 3).unwrap();
    common::write_model(&b, 4).unwrap();
    let tagger = Tagger::new(&a, &spec(AttentionMode::Bidirectional), &Device::Cpu, 5).unwrap();
    let out = dir.path().join("adapter");
    tagger
        .save(&out, &tagger.manifest(vec![], serde_json::json!({})))
        .unwrap();
    let err = Tagger::load(&out, Some(&b), &Device::Cpu)
        .unwrap_err()
        .to_string();
    assert!(err.contains("fingerprint"), "{err}");
}

#[test]
fn windows_merge_back_to_the_single_pass_entities() {
    let dir = tempfile::tempdir().unwrap();
    common::write_model(&dir.path().join("m"), 3).unwrap();
    let long = Tagger::new(
        &dir.path().join("m"),
        &spec(AttentionMode::Bidirectional),
        &Device::Cpu,
        5,
    )
    .unwrap();
    let text = "patients with cancer disease were treated . a history of asthma disease . severe diabetes disease and mild asthma . we report two cases of diabetes .";
    let words: Vec<&str> = text.split(' ').collect();
    let mut training = toy_examples();
    training.extend(examples_of(&[&words]));
    // Trained on whole sentences and on 24-token windows of them, so that per-window
    // predictions agree with the single pass and the test checks the merge itself.
    let windowed = kbner_tagger::SampleBuilder::new(
        long.builder().tokenizer().clone(),
        &spec(AttentionMode::Bidirectional).template,
        24,
    )
    .unwrap();
    let mut samples = Vec::new();
    for (i, e) in training.iter().enumerate() {
        samples.extend(long.builder().build(e, i).unwrap());
        samples.extend(windowed.build(e, i).unwrap());
    }
    // 250 steps: at 150 the toy model was still unsure (p ≈ 0.5) about a word or two, so float
    // rounding in the optimizer decided the outcome.
    train_samples(&long, samples, 250, 1e-2);
    let out = dir.path().join("adapter");
    long.save(&out, &long.manifest(vec![], serde_json::json!({})))
        .unwrap();
    // Same weights, windows of 24 tokens: the 16-token instruction leaves 8 words per window.
    let mut manifest = kbner_tagger::read_manifest(&out).unwrap();
    manifest.spec.max_len = 24;
    std::fs::write(
        out.join("kbner_adapter.json"),
        serde_json::to_string(&manifest).unwrap(),
    )
    .unwrap();
    let (short, _) = Tagger::load(&out, None, &Device::Cpu).unwrap();
    let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    let e = Example {
        dataset: "toy".into(),
        kind: "Disease".into(),
        words: words.clone(),
        labels: None,
        context: Vec::new(),
    };
    let windows = short.builder().build(&e, 0).unwrap();
    assert!(
        windows.len() >= 3,
        "expected several windows, got {}",
        windows.len()
    );
    // Every word is covered by some window.
    let mut seen = vec![false; words.len()];
    for w in &windows {
        for x in w.words.clone() {
            seen[x] = true;
        }
    }
    assert!(seen.iter().all(|&s| s));
    let one = decode_spans(
        &long.predict(std::slice::from_ref(&e), 4).unwrap()[0],
        Decoding::default(),
    );
    let merged = decode_spans(
        &short.predict(std::slice::from_ref(&e), 4).unwrap()[0],
        Decoding::default(),
    );
    let spans =
        |v: &[kbner_tagger::WordSpan]| v.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>();
    assert_eq!(spans(&one), spans(&merged));
    assert_eq!(spans(&one), vec![(2, 4), (10, 12), (14, 16)]);
}

#[test]
fn gguf_and_safetensors_loads_give_the_same_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let weights = common::weights(11);
    let gguf = dir.path().join("tiny.gguf");
    let tokens: Vec<String> = common::VOCAB.iter().map(|s| s.to_string()).collect();
    kbner_nn::write_gguf(&gguf, &common::config(), &weights, Some((&tokens, &[]))).unwrap();
    let loaded = kbner_nn::load_gguf(&gguf, candle_core::DType::F32, &Device::Cpu).unwrap();
    assert_eq!(loaded.config.num_hidden_layers, 2);
    assert!((loaded.config.rms_norm_eps - 1e-5).abs() < 1e-9);
    for (name, t) in &weights {
        assert_eq!(max_abs_diff(t, &loaded.tensors[name]), 0.0, "{name}");
    }
    let mut from_gguf = loaded.tensors;
    let mut from_st = weights.clone();
    let path = std::path::Path::new("test");
    let a = Llama::from_tensors(&loaded.config, &mut from_gguf, None, path).unwrap();
    let b = Llama::from_tensors(&common::config(), &mut from_st, None, path).unwrap();
    let x = ids(&["patients", "with", "cancer", "were", "treated"]);
    let mask = Tensor::ones((1, 5), candle_core::DType::U8, &Device::Cpu).unwrap();
    for mode in [AttentionMode::Bidirectional, AttentionMode::Causal] {
        let ha = a.forward(&x, &mask, mode, false).unwrap();
        let hb = b.forward(&x, &mask, mode, false).unwrap();
        assert_eq!(max_abs_diff(&ha, &hb), 0.0);
    }
    // The fingerprint is of the weights, not the file: an adapter trained on one loads on the other.
    assert_eq!(
        kbner_nn::fingerprint(
            &kbner_nn::load_gguf(&gguf, candle_core::DType::F32, &Device::Cpu)
                .unwrap()
                .tensors
        )
        .unwrap(),
        kbner_nn::fingerprint(&weights).unwrap()
    );
}

/// A SentencePiece vocabulary (GGUF, Llama-2 style): each word is labelled on its first piece,
/// including a word after a lone "▁" and a word that falls back to byte pieces.
#[test]
fn sentencepiece_words_are_labelled_on_their_first_piece() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("spm.gguf");
    kbner_nn::tiny::write_sentencepiece_gguf(&p, None).expect("write");
    let tok = kbner_nn::tokenizer_from_gguf(&p).expect("spm tokenizer");
    let builder =
        kbner_tagger::SampleBuilder::new(tok.clone(), "{type} {dataset}: ", 64).expect("builder");
    let example = kbner_tagger::Example {
        dataset: "d".into(),
        kind: "t".into(),
        words: vec!["abc".into(), "é".into(), "ab".into()],
        labels: Some(vec![1, 2, 0]),
        context: Vec::new(),
    };
    let sample = &builder.build(&example, 0).expect("build")[0];
    let firsts: Vec<(&str, i64)> = sample
        .word_at
        .iter()
        .enumerate()
        .filter(|(_, w)| w.is_some())
        .map(|(k, _)| {
            let piece = tok.id_to_token(sample.ids[k]).expect("piece");
            (
                if piece.starts_with("<0x") {
                    "byte"
                } else {
                    "piece"
                },
                sample.targets[k],
            )
        })
        .collect();
    assert_eq!(firsts, [("piece", 1), ("byte", 2), ("piece", 0)]);
}

/// `--seed` makes training with dropout reproducible: the same seed gives the same losses step
/// for step, another seed other dropout masks (candle's CPU dropout is unseeded).
#[test]
fn training_with_dropout_is_reproducible_from_the_seed() {
    let dir = tempfile::tempdir().unwrap();
    common::write_model(dir.path(), 3).unwrap();
    let with_dropout = TaggerSpec {
        adaptation: Adaptation::Lora(LoraSettings {
            dropout: 0.3,
            ..LoraSettings::default()
        }),
        ..spec(AttentionMode::Bidirectional)
    };
    let run = |dropout_seed: u64| {
        let tagger = Tagger::new(dir.path(), &with_dropout, &Device::Cpu, 5).unwrap();
        kbner_nn::seed_dropout(dropout_seed);
        train_steps(&tagger, 6, 1e-2)
    };
    let first = run(11);
    assert_eq!(first, run(11), "same seed, same losses");
    assert_ne!(first, run(12), "another seed draws other masks");
}

/// Retrieval context goes between the instruction and the sentence, as many entries as the
/// token budget allows; it gives way before the sentence is split, and is never labelled.
#[test]
fn retrieval_context_sits_between_instruction_and_sentence_within_its_budget() {
    // One token per whitespace-separated piece, so budgets count pieces.
    let tok = common::tokenizer();
    let template =
        "If any {type} entity is mentioned in the {dataset} input, extract it. ##input: ";
    let example = Example {
        dataset: "NCBI".into(),
        kind: "Disease".into(),
        words: ["BRCA1", "mutations", "cause", "breast", "cancer"]
            .iter()
            .map(|w| w.to_string())
            .collect(),
        labels: Some(vec![O, O, O, B, I]),
        context: vec![
            "breast cancer (Disease)".into(),
            "BRCA1 (Gene/Protein)".into(),
            "germline mutation (Finding)".into(),
        ],
    };
    let bare = |max_len: usize| {
        kbner_tagger::SampleBuilder::new(tok.clone(), template, max_len).expect("builder")
    };
    let n_tokens = |b: &kbner_tagger::SampleBuilder, e: &Example| {
        b.build(e, 0)
            .expect("build")
            .iter()
            .map(|s| s.ids.len())
            .sum::<usize>()
    };
    let without = n_tokens(&bare(64), &example);

    // A budget of 7 pieces: "##context:" + the first entry (3) + the second (2, "BRCA1" and
    // "(Gene/Protein)") = 6 fit, the third (3 more) does not.
    let b = bare(64).with_context_budget(7);
    let text = b.input_text(&example).expect("text");
    assert_eq!(
        text,
        "If any Disease entity is mentioned in the NCBI input, extract it. ##context: breast cancer (Disease); BRCA1 (Gene/Protein) ##input: BRCA1 mutations cause breast cancer"
    );
    let samples = b.build(&example, 0).expect("build");
    assert_eq!(samples.len(), 1);
    let with = samples[0].ids.len();
    assert!(with > without && with - without <= 7, "{without} → {with}");
    // Only the sentence's words are labelled, with their own labels.
    let labelled: Vec<i64> = samples[0]
        .targets
        .iter()
        .copied()
        .filter(|&t| t != IGNORE)
        .collect();
    assert_eq!(labelled, vec![0, 0, 0, 1, 2]);

    // No budget: no context.
    assert!(!bare(64)
        .input_text(&example)
        .expect("text")
        .contains("##context"));

    // A window that holds the sentence and the instruction but not the context: the context
    // gives way and the sentence stays whole in one window.
    let tight = bare(without + 2).with_context_budget(48);
    let samples = tight.build(&example, 0).expect("build");
    assert_eq!(
        samples.len(),
        1,
        "the sentence must not be split for the context"
    );
    assert!(!tight
        .input_text(&example)
        .expect("text")
        .contains("##context"));

    // DBR samples have no dataset: the dataset-free instruction.
    let dbr = Example {
        dataset: String::new(),
        context: Vec::new(),
        ..example.clone()
    };
    assert!(bare(64)
        .input_text(&dbr)
        .expect("text")
        .starts_with("If any Disease entity is mentioned in the input, extract it. ##input: "));
}
