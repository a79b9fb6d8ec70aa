//! How separated are the nearest neighbours of real name embeddings? Prints, for queries against a
//! sample of knowledge-base names, the median cosine of the 1st, 10th and 11th nearest name and the
//! median 10th–11th gap: the numbers the HNSW benchmark's synthetic data should resemble.
//!
//! ```text
//! cargo run --release -p kbner-index --example neighbour_stats -- NAMES.txt QUERIES.txt [N]
//! ```
//! NAMES.txt and QUERIES.txt hold one text per line (e.g. an index's `names.txt` and mentions).

use kbner_encoder::{Encoder, EncoderOptions};

fn median(mut v: Vec<f32>) -> f32 {
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (names, queries) = (&args[1], &args[2]);
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let text = std::fs::read_to_string(names)?;
    let all: Vec<&str> = text.lines().collect();
    let step = (all.len() / n).max(1);
    let sample: Vec<&str> = all.iter().step_by(step).take(n).copied().collect();
    let qtext = std::fs::read_to_string(queries)?;
    let qs: Vec<&str> = qtext.lines().filter(|l| !l.is_empty()).take(300).collect();
    let enc = Encoder::load(&Encoder::default_dir(), &EncoderOptions::default())?;
    let vs = enc.embed(&sample)?;
    let qv = enc.embed(&qs)?;
    let (mut c1, mut c10, mut c11, mut gap) = (vec![], vec![], vec![], vec![]);
    for q in &qv {
        let mut s: Vec<f32> = vs
            .iter()
            .map(|v| v.iter().zip(q).map(|(a, b)| a * b).sum())
            .collect();
        s.sort_by(|a, b| b.total_cmp(a));
        c1.push(s[0]);
        c10.push(s[9]);
        c11.push(s[10]);
        gap.push(s[9] - s[10]);
    }
    println!(
        "{} names, {} queries: median cos 1st {:.3}, 10th {:.3}, 11th {:.3}, 10th-11th gap {:.4}",
        sample.len(),
        qs.len(),
        median(c1),
        median(c10),
        median(c11),
        median(gap)
    );
    Ok(())
}
