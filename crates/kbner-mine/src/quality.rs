//! The learned quality score: L2-regularized logistic regression on standardized features, trained
//! by Newton's method with both classes weighted equally (knowledge-base names are a small share
//! of the candidates). AutoPhrase trains a random forest on the same distant labels; a linear model
//! is smaller, deterministic and easy to read back (its weights are reported).

use serde::{Deserialize, Serialize};

/// A trained (or prior) model: quality = σ(b + Σ wᵢ·(xᵢ − meanᵢ)/scaleᵢ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityModel {
    /// Feature names, in row order.
    pub features: Vec<String>,
    /// Weights on standardized features.
    pub weights: Vec<f64>,
    /// Intercept.
    pub bias: f64,
    /// Feature means used for standardizing.
    pub mean: Vec<f64>,
    /// Feature standard deviations used for standardizing (1 where a feature is constant).
    pub scale: Vec<f64>,
    /// Candidates labelled positive (knowledge-base names) and negative; both 0 for a prior.
    pub positives: usize,
    /// See `positives`.
    pub negatives: usize,
    /// `true` when trained on distant labels, `false` for the prior weights.
    pub trained: bool,
}

/// Fewest examples of each class to train on; with fewer the prior weights are used.
pub const MIN_LABELS: usize = 5;
/// Most negatives trained on (an even sample of them beyond that).
const MAX_NEGATIVES: usize = 200_000;
/// L2 penalty on the weights (not the intercept), in units of the summed example weights.
const L2: f64 = 1.0;

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Mean and standard deviation of every column; non-finite values count as 0.
fn standardization(rows: &[Vec<f64>], dims: usize) -> (Vec<f64>, Vec<f64>) {
    let n = rows.len().max(1) as f64;
    let mut mean = vec![0.0; dims];
    for r in rows {
        for (m, &x) in mean.iter_mut().zip(r) {
            *m += finite(x) / n;
        }
    }
    let mut var = vec![0.0; dims];
    for r in rows {
        for ((v, &x), m) in var.iter_mut().zip(r).zip(&mean) {
            *v += (finite(x) - m).powi(2) / n;
        }
    }
    let scale = var
        .into_iter()
        .map(|v| if v > 1e-12 { v.sqrt() } else { 1.0 })
        .collect();
    (mean, scale)
}

fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

impl QualityModel {
    /// The prior model: `priors` as weights on the standardized features of `rows`.
    pub(crate) fn prior(names: &[&str], priors: &[f64], rows: &[Vec<f64>], bias: f64) -> Self {
        let (mean, scale) = standardization(rows, names.len());
        QualityModel {
            features: names.iter().map(|s| s.to_string()).collect(),
            weights: priors.to_vec(),
            bias,
            mean,
            scale,
            positives: 0,
            negatives: 0,
            trained: false,
        }
    }

    /// Trains on `rows` labelled `labels`; falls back to the prior (intercept `prior_bias`) when
    /// either class has fewer than [`MIN_LABELS`] examples.
    pub(crate) fn train(
        names: &[&str],
        priors: &[f64],
        prior_bias: f64,
        rows: &[Vec<f64>],
        labels: &[bool],
    ) -> Self {
        let mut model = Self::prior(names, priors, rows, prior_bias);
        let pos = labels.iter().filter(|&&l| l).count();
        let neg = labels.len() - pos;
        if pos < MIN_LABELS || neg < MIN_LABELS {
            return model;
        }
        // All positives, an even sample of at most MAX_NEGATIVES negatives.
        let step = neg.div_ceil(MAX_NEGATIVES).max(1);
        let mut seen_neg = 0;
        let mut xs: Vec<Vec<f64>> = Vec::new();
        let mut ys: Vec<bool> = Vec::new();
        for (r, &l) in rows.iter().zip(labels) {
            if !l {
                seen_neg += 1;
                if (seen_neg - 1) % step != 0 {
                    continue;
                }
            }
            xs.push(model.standardize(r));
            ys.push(l);
        }
        let (npos, nneg) = (pos as f64, ys.iter().filter(|&&l| !l).count() as f64);
        let (wpos, wneg) = (0.5 / npos, 0.5 / nneg); // classes weigh the same; total weight 1
        let d = names.len();
        let mut w = vec![0.0; d + 1]; // weights, then the intercept
        for _ in 0..50 {
            let mut grad = vec![0.0; d + 1];
            let mut hess = vec![vec![0.0; d + 1]; d + 1];
            for (x, &y) in xs.iter().zip(&ys) {
                let z = w[d] + x.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>();
                let p = sigmoid(z);
                let c = if y { wpos } else { wneg };
                let g = c * (p - f64::from(u8::from(y)));
                let h = c * p * (1.0 - p);
                for i in 0..=d {
                    let xi = if i == d { 1.0 } else { x[i] };
                    grad[i] += g * xi;
                    for j in 0..=i {
                        let xj = if j == d { 1.0 } else { x[j] };
                        hess[i][j] += h * xi * xj;
                    }
                }
            }
            for i in 0..d {
                grad[i] += L2 * w[i] / xs.len() as f64;
                hess[i][i] += L2 / xs.len() as f64;
            }
            hess[d][d] += 1e-9;
            // Only the lower triangle was summed.
            let full: Vec<Vec<f64>> = (0..=d)
                .map(|i| {
                    (0..=d)
                        .map(|j| if j <= i { hess[i][j] } else { hess[j][i] })
                        .collect()
                })
                .collect();
            let Some(step) = solve(full, grad) else {
                break;
            };
            let mut change: f64 = 0.0;
            for (wi, si) in w.iter_mut().zip(&step) {
                *wi -= si;
                change = change.max(si.abs());
            }
            if change < 1e-7 {
                break;
            }
        }
        model.bias = w[d];
        w.truncate(d);
        model.weights = w;
        model.positives = pos;
        model.negatives = neg;
        model.trained = true;
        model
    }

    fn standardize(&self, row: &[f64]) -> Vec<f64> {
        row.iter()
            .zip(self.mean.iter().zip(&self.scale))
            .map(|(&x, (m, s))| ((finite(x) - m) / s).clamp(-10.0, 10.0))
            .collect()
    }

    /// Quality of a candidate with features `row`, in (0, 1).
    pub fn predict(&self, row: &[f64]) -> f64 {
        let z = self.bias
            + self
                .standardize(row)
                .iter()
                .zip(&self.weights)
                .map(|(a, b)| a * b)
                .sum::<f64>();
        sigmoid(z)
    }
}

/// Solves `a·x = b` (Gaussian elimination with partial pivoting); `None` when singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() < 1e-15 {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        let (top, rest) = a.split_at_mut(col + 1);
        let pivot = &top[col];
        for (k, row) in rest.iter_mut().enumerate() {
            let f = row[col] / pivot[col];
            if f != 0.0 {
                for (x, p) in row[col..].iter_mut().zip(&pivot[col..]) {
                    *x -= f * p;
                }
                b[col + 1 + k] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = (r + 1..n).map(|c| a[r][c] * x[c]).sum();
        x[r] = (b[r] - s) / a[r][r];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separating_feature_and_ignores_noise() {
        // Feature 0 decides the label; feature 1 is noise.
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for i in 0..200 {
            let pos = i % 4 == 0;
            let x0 = if pos { 2.0 } else { 0.0 } + (i % 7) as f64 * 0.3;
            rows.push(vec![x0, (i % 5) as f64]);
            labels.push(pos);
        }
        let m = QualityModel::train(&["a", "b"], &[0.0, 0.0], 0.0, &rows, &labels);
        assert!(m.trained && m.positives == 50 && m.negatives == 150);
        assert!(
            m.weights[0] > 1.0 && m.weights[0].abs() > 5.0 * m.weights[1].abs(),
            "{m:?}"
        );
        assert!(m.predict(&[3.0, 1.0]) > 0.9 && m.predict(&[0.0, 1.0]) < 0.1);
        // Too few positives: the prior.
        let few: Vec<bool> = (0..200).map(|i| i < 3).collect();
        let p = QualityModel::train(&["a", "b"], &[1.0, 0.0], 0.0, &rows, &few);
        assert!(!p.trained && p.weights == [1.0, 0.0]);
    }

    #[test]
    fn solves_linear_systems() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert!(solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 2.0]).is_none());
    }
}
