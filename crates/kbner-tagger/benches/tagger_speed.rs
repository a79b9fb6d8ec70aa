//! Training tokens/s and inference sentences/s of the tagger, the same workload as
//! `benches/tagger_torch.py` (PyTorch + PEFT) so the two can be compared side by side.
//!
//! ```sh
//! bash /work/shared/data/unpack.sh /tmp/nerdata ncbi-disease
//! KBNER_BENCH_MODELS=smollm2 cargo bench -p kbner-tagger --bench tagger_speed
//! KBNER_BENCH_MODELS=minilm  cargo bench -p kbner-tagger --bench tagger_speed
//! ```
//!
//! Workload: NCBI-disease training sentences in file order, each as the VANER instruction plus
//! the sentence; samples longer than KBNER_BENCH_MAX_LEN (128) tokens are skipped (counted).
//! Training: consecutive batches of KBNER_BENCH_BATCH (8), 2 warm-up steps on batches 0 and 1,
//! then KBNER_BENCH_STEPS (24) timed steps on batches 0.. (forward, loss, backward, AdamW).
//! SmolLM2: LoRA r 16 / alpha 32 / dropout 0.1 on all 7 linears, bidirectional; MiniLM: full
//! fine-tune. Inference: KBNER_BENCH_INFER_N (256) sentences in batches of
//! KBNER_BENCH_INFER_BATCH (32), one warm-up batch. Tokens/s counts real (non-padding) tokens.
//! Peak RSS is the process's VmHWM: run one model per process.

use std::path::PathBuf;
use std::time::Instant;

use candle_core::Device;
use kbner_nn::{AdamW, AdamWSettings};
use kbner_tagger::{examples, read_corpus};
use kbner_tagger::{Adaptation, AttentionMode, LoraSettings, Tagger, TaggerSpec};
use kbner_tagger::{Example, Sample};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vm_hwm_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    kbner_tagger::tune_runtime();
    let models = std::env::var("KBNER_BENCH_MODELS").unwrap_or_else(|_| "smollm2".into());
    let data = PathBuf::from(env(
        "KBNER_BENCH_DATA",
        "/tmp/nerdata/ncbi-disease/iob/train.tsv".to_string(),
    ));
    if !data.is_file() {
        eprintln!("tagger_speed: {} not found (bash /work/shared/data/unpack.sh /tmp/nerdata ncbi-disease)", data.display());
        return;
    }
    for model in models.split(',') {
        run(model.trim(), &data);
    }
}

fn run(model: &str, data: &std::path::Path) {
    let steps: usize = env("KBNER_BENCH_STEPS", 24);
    let batch: usize = env("KBNER_BENCH_BATCH", 8);
    let infer_n: usize = env("KBNER_BENCH_INFER_N", 256);
    let infer_batch: usize = env("KBNER_BENCH_INFER_BATCH", 32);
    let max_len: usize = env("KBNER_BENCH_MAX_LEN", 128);
    let (base, adaptation) = match model {
        "smollm2" => (
            PathBuf::from(env(
                "KBNER_SMOLLM2_GGUF",
                root()
                    .join(".data/models/SmolLM2-135M-Instruct.Q4_1.gguf")
                    .display()
                    .to_string(),
            )),
            Adaptation::Lora(LoraSettings::default()),
        ),
        "minilm" => (
            PathBuf::from(env(
                "KBNER_MINILM_DIR",
                root()
                    .join(".data/models/all-MiniLM-L6-v2")
                    .display()
                    .to_string(),
            )),
            Adaptation::Full,
        ),
        other => panic!("unknown model {other:?} (smollm2, minilm)"),
    };
    let spec = TaggerSpec {
        mode: AttentionMode::Bidirectional,
        adaptation,
        template: kbner_tagger::DEFAULT_TEMPLATE.into(),
        // Windows are never needed: over-long samples are skipped, as in the PyTorch script.
        max_len: 100_000,
        context: None,
    };
    let t0 = Instant::now();
    let tagger = Tagger::new(&base, &spec, &Device::Cpu, 42).expect("load base model");
    let load_s = t0.elapsed().as_secs_f64();
    let corpus = read_corpus(data).expect("read data");
    let (exs, _) = examples(&corpus, "NCBI-disease", "Disease", true);
    let mut samples: Vec<Sample> = Vec::new();
    let mut skipped = 0;
    for (i, e) in exs.iter().enumerate() {
        let s = tagger.builder().build(e, i).expect("build");
        if s.len() != 1 || s[0].ids.len() > max_len {
            skipped += 1;
        } else {
            samples.extend(s);
        }
    }
    let mut opt = AdamW::new(
        tagger.params(),
        AdamWSettings {
            weight_decay: 0.01,
            ..Default::default()
        },
    )
    .unwrap();
    let batches: Vec<Vec<&Sample>> = samples.chunks(batch).map(|c| c.iter().collect()).collect();
    let mut step = |b: &[&Sample]| -> (f64, f64, f64) {
        let t = Instant::now();
        let (loss, _) = tagger.loss(b, true).unwrap().unwrap();
        let fwd = t.elapsed().as_secs_f64();
        let g = loss.backward().unwrap();
        let bwd = t.elapsed().as_secs_f64() - fwd;
        opt.step(&g, 1).unwrap();
        (fwd, bwd, t.elapsed().as_secs_f64())
    };
    for b in batches.iter().take(2) {
        step(b);
    }
    let mut times = Vec::new();
    let (mut fwd_sum, mut bwd_sum) = (0.0, 0.0);
    let mut real = 0usize;
    let t = Instant::now();
    for b in batches.iter().take(steps) {
        real += b.iter().map(|s| s.ids.len()).sum::<usize>();
        let (f, bw, all) = step(b);
        fwd_sum += f;
        bwd_sum += bw;
        times.push(all);
    }
    let train_s = t.elapsed().as_secs_f64();
    let n = times.len();
    let step_median = median(&mut times);
    let train_rss = vm_hwm_mb();
    // Inference.
    let infer: Vec<Example> = exs.iter().take(infer_n + infer_batch).cloned().collect();
    let warm = &infer[..infer_batch.min(infer.len())];
    tagger.predict(warm, infer_batch).unwrap();
    let timed = &infer[warm.len()..];
    let t = Instant::now();
    tagger.predict(timed, infer_batch).unwrap();
    let infer_s = t.elapsed().as_secs_f64();
    let infer_tokens: usize = timed
        .iter()
        .enumerate()
        .map(|(i, e)| {
            tagger
                .builder()
                .build(e, i)
                .unwrap()
                .iter()
                .map(|s| s.ids.len())
                .sum::<usize>()
        })
        .sum();
    println!(
        "{model}: load {load_s:.1}s; {} samples ({skipped} skipped > {max_len} tokens); trainable {}",
        samples.len(),
        tagger.params().num_elements()
    );
    println!(
        "{model} train: {n} steps × batch {batch}: {:.1} tokens/s, {:.2} sentences/s, median step {step_median:.3}s (forward {:.3}s, backward {:.3}s mean), peak RSS {train_rss:.0} MB",
        real as f64 / train_s,
        (n * batch) as f64 / train_s,
        fwd_sum / n as f64,
        bwd_sum / n as f64,
    );
    println!(
        "{model} infer: {} sentences, batch {infer_batch}: {:.2} sentences/s, {:.1} tokens/s, peak RSS {:.0} MB",
        timed.len(),
        timed.len() as f64 / infer_s,
        infer_tokens as f64 / infer_s,
        vm_hwm_mb()
    );
}
