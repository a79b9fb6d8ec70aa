//! AdamW (Loshchilov & Hutter) over [`Params`], with its moments saved beside a checkpoint so a
//! resumed run continues exactly where it stopped (candle-nn's AdamW keeps its state private).

use std::collections::HashMap;
use std::path::Path;

use candle_core::backprop::GradStore;
use candle_core::{CpuStorage, InplaceOp2, InplaceOp3, Layout, Tensor};

use crate::error::{NnError, Result};
use crate::params::Params;

/// AdamW hyper-parameters.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdamWSettings {
    /// Learning rate (the peak when a schedule is used).
    pub lr: f64,
    /// First-moment decay.
    pub beta1: f64,
    /// Second-moment decay.
    pub beta2: f64,
    /// Denominator epsilon.
    pub eps: f64,
    /// Decoupled weight decay.
    pub weight_decay: f64,
}

/// How the learning rate changes over training.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum LrSchedule {
    /// The same rate at every step.
    Constant,
    /// Linear warm-up over this fraction of the steps, then linear decay to zero at the last step.
    Linear {
        /// Fraction of all steps spent warming up.
        warmup: f64,
    },
}

impl LrSchedule {
    /// The rate of step `step` (from 0) of `total`, for peak rate `peak`.
    ///
    /// ```
    /// use kbner_nn::LrSchedule;
    /// let s = LrSchedule::Linear { warmup: 0.1 };
    /// assert_eq!(s.lr_at(1.0, 0, 100), 0.1);
    /// assert_eq!(s.lr_at(1.0, 9, 100), 1.0);
    /// assert!((s.lr_at(1.0, 55, 100) - 0.5).abs() < 1e-9);
    /// assert_eq!(LrSchedule::Constant.lr_at(1.0, 99, 100), 1.0);
    /// ```
    pub fn lr_at(&self, peak: f64, step: u64, total: u64) -> f64 {
        match *self {
            LrSchedule::Constant => peak,
            LrSchedule::Linear { warmup } => {
                let total = total.max(1) as f64;
                let warm = (warmup.clamp(0.0, 1.0) * total).ceil();
                let s = step as f64;
                if s < warm {
                    peak * (s + 1.0) / warm
                } else {
                    peak * ((total - s) / (total - warm).max(1.0)).clamp(0.0, 1.0)
                }
            }
        }
    }
}

impl std::str::FromStr for LrSchedule {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "constant" => Ok(LrSchedule::Constant),
            "linear" => Ok(LrSchedule::Linear { warmup: 0.03 }),
            o => Err(format!(
                "unknown learning-rate schedule {o:?} (constant or linear)"
            )),
        }
    }
}

impl Default for AdamWSettings {
    fn default() -> Self {
        AdamWSettings {
            lr: 2e-4,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }
}

/// AdamW state for a fixed set of parameters.
#[derive(Debug)]
pub struct AdamW {
    settings: AdamWSettings,
    params: Params,
    m: Vec<Tensor>,
    v: Vec<Tensor>,
    step: u64,
}

impl AdamW {
    /// Fresh state (zero moments) for `params`.
    pub fn new(params: &Params, settings: AdamWSettings) -> Result<Self> {
        // Each moment gets its own storage: the fused step updates them in place.
        let mut m = Vec::with_capacity(params.len());
        let mut v = Vec::with_capacity(params.len());
        for (_, var) in params.iter() {
            m.push(var.as_tensor().zeros_like()?);
            v.push(var.as_tensor().zeros_like()?);
        }
        Ok(AdamW {
            settings,
            params: params.clone(),
            m,
            v,
            step: 0,
        })
    }

    /// Sets the learning rate of the next steps (schedules).
    pub fn set_lr(&mut self, lr: f64) {
        self.settings.lr = lr;
    }

    /// Number of steps taken.
    pub fn steps(&self) -> u64 {
        self.step
    }

    /// One update from `grads`, which may hold sums over several micro-batches: they are divided
    /// by `accumulated`. A parameter without a gradient is left unchanged.
    pub fn step(&mut self, grads: &GradStore, accumulated: usize) -> Result<()> {
        self.step += 1;
        let s = &self.settings;
        let t = self.step as i32;
        let h = Hyper {
            beta1: s.beta1 as f32,
            beta2: s.beta2 as f32,
            lr: s.lr as f32,
            decay: (1.0 - s.lr * s.weight_decay) as f32,
            bc1: (1.0 - s.beta1.powi(t)) as f32,
            bc2: (1.0 - s.beta2.powi(t)) as f32,
            eps: s.eps as f32,
            grad_scale: 1.0 / accumulated.max(1) as f32,
        };
        for (k, (_, var)) in self.params.iter().enumerate() {
            let Some(g) = grads.get(var.as_tensor()) else {
                continue;
            };
            let theta = var.as_tensor();
            if fused_applies(&[theta, g, &self.m[k], &self.v[k]]) {
                // In place, three passes, no allocation: the tensor formulation below makes
                // about a dozen full-size temporaries per parameter, which was ~40% of a
                // MiniLM full fine-tuning step.
                self.m[k].inplace_op2(
                    g,
                    &MomentUpdate {
                        h: &h,
                        square: false,
                    },
                )?;
                self.v[k].inplace_op2(
                    g,
                    &MomentUpdate {
                        h: &h,
                        square: true,
                    },
                )?;
                theta.inplace_op3(&self.m[k], &self.v[k], &ParamUpdate { h: &h })?;
                continue;
            }
            let g = (g * f64::from(h.grad_scale))?;
            let m = ((&self.m[k] * s.beta1)? + (&g * (1.0 - s.beta1))?)?;
            let v = ((&self.v[k] * s.beta2)? + (g.sqr()? * (1.0 - s.beta2))?)?;
            let update = ((&m / f64::from(h.bc1))? / ((&v / f64::from(h.bc2))?.sqrt()? + s.eps)?)?;
            let decayed = (theta * f64::from(h.decay))?;
            var.set(&(decayed - (update * s.lr)?)?)?;
            self.m[k] = m;
            self.v[k] = v;
        }
        Ok(())
    }

    /// Writes the moments to `path` (safetensors; the step count goes in the trainer state).
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut map = HashMap::new();
        for (k, (name, _)) in self.params.iter().enumerate() {
            map.insert(format!("{name}.exp_avg"), self.m[k].clone());
            map.insert(format!("{name}.exp_avg_sq"), self.v[k].clone());
        }
        candle_core::safetensors::save(&map, path)
            .map_err(|e| NnError::format(path, format!("writing optimizer state: {e}")))
    }

    /// Restores moments written by [`AdamW::save`] and the step count.
    pub fn load(&mut self, path: &Path, step: u64) -> Result<()> {
        let device = self
            .m
            .first()
            .map(|t| t.device().clone())
            .unwrap_or(candle_core::Device::Cpu);
        let map = candle_core::safetensors::load(path, &device)
            .map_err(|e| NnError::format(path, format!("reading optimizer state: {e}")))?;
        for (k, (name, var)) in self.params.iter().enumerate() {
            for (suffix, slot) in [("exp_avg", &mut self.m[k]), ("exp_avg_sq", &mut self.v[k])] {
                let key = format!("{name}.{suffix}");
                let t = map
                    .get(&key)
                    .ok_or_else(|| NnError::format(path, format!("tensor {key:?} is missing")))?;
                if t.dims() != var.dims() {
                    return Err(NnError::format(
                        path,
                        format!("tensor {key:?} has the wrong shape"),
                    ));
                }
                *slot = t.clone();
            }
        }
        self.step = step;
        Ok(())
    }
}

/// One step's AdamW constants, in f32 for the fused update.
struct Hyper {
    beta1: f32,
    beta2: f32,
    lr: f32,
    decay: f32,
    bc1: f32,
    bc2: f32,
    eps: f32,
    grad_scale: f32,
}

/// Whether the fused in-place update can run: f32 tensors in contiguous CPU storage.
fn fused_applies(ts: &[&Tensor]) -> bool {
    ts.iter()
        .all(|t| t.device().is_cpu() && t.dtype() == candle_core::DType::F32 && t.is_contiguous())
}

/// The contiguous f32 slice of a CPU storage under `layout`.
fn slice<'a>(s: &'a CpuStorage, l: &Layout) -> candle_core::Result<&'a [f32]> {
    let (a, b) = l
        .contiguous_offsets()
        .ok_or_else(|| candle_core::Error::Msg("adamw: non-contiguous tensor".into()))?;
    Ok(&s.as_slice::<f32>()?[a..b])
}

fn slice_mut<'a>(s: &'a mut CpuStorage, l: &Layout) -> candle_core::Result<&'a mut [f32]> {
    let (a, b) = l
        .contiguous_offsets()
        .ok_or_else(|| candle_core::Error::Msg("adamw: non-contiguous tensor".into()))?;
    match s {
        CpuStorage::F32(v) => Ok(&mut v[a..b]),
        _ => Err(candle_core::Error::Msg("adamw: tensor is not f32".into())),
    }
}

/// `m ← β₁m + (1−β₁)g` (or `v ← β₂v + (1−β₂)g²` with `square`), `g` scaled for accumulation.
struct MomentUpdate<'a> {
    h: &'a Hyper,
    square: bool,
}

impl InplaceOp2 for MomentUpdate<'_> {
    fn name(&self) -> &'static str {
        "adamw-moment"
    }

    fn cpu_fwd(
        &self,
        s1: &mut CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<()> {
        let g = slice(s2, l2)?;
        let m = slice_mut(s1, l1)?;
        let (h, scale) = (self.h, self.h.grad_scale);
        if self.square {
            for (v, &g) in m.iter_mut().zip(g) {
                let g = g * scale;
                *v = h.beta2 * *v + (1.0 - h.beta2) * g * g;
            }
        } else {
            for (m, &g) in m.iter_mut().zip(g) {
                *m = h.beta1 * *m + (1.0 - h.beta1) * (g * scale);
            }
        }
        Ok(())
    }
}

/// `θ ← θ(1−lr·wd) − lr·m̂/(√v̂+ε)`.
struct ParamUpdate<'a> {
    h: &'a Hyper,
}

impl InplaceOp3 for ParamUpdate<'_> {
    fn name(&self) -> &'static str {
        "adamw-param"
    }

    fn cpu_fwd(
        &self,
        s1: &mut CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> candle_core::Result<()> {
        let h = self.h;
        let (m, v) = (slice(s2, l2)?, slice(s3, l3)?);
        let theta = slice_mut(s1, l1)?;
        for ((t, &m), &v) in theta.iter_mut().zip(m).zip(v) {
            *t = *t * h.decay - h.lr * (m / h.bc1) / ((v / h.bc2).sqrt() + h.eps);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{DType, Device};

    /// AdamW by the book, in f64, for one parameter vector.
    fn reference(theta: &mut [f64], grads: &[Vec<f64>], s: &AdamWSettings, accumulated: f64) {
        let (mut m, mut v) = (vec![0.0; theta.len()], vec![0.0; theta.len()]);
        for (t, g) in grads.iter().enumerate() {
            let t = (t + 1) as i32;
            for i in 0..theta.len() {
                let g = g[i] / accumulated;
                m[i] = s.beta1 * m[i] + (1.0 - s.beta1) * g;
                v[i] = s.beta2 * v[i] + (1.0 - s.beta2) * g * g;
                let mh = m[i] / (1.0 - s.beta1.powi(t));
                let vh = v[i] / (1.0 - s.beta2.powi(t));
                theta[i] =
                    theta[i] * (1.0 - s.lr * s.weight_decay) - s.lr * mh / (vh.sqrt() + s.eps);
            }
        }
    }

    #[test]
    fn fused_and_tensor_updates_both_follow_adamw() {
        let s = AdamWSettings {
            lr: 0.01,
            weight_decay: 0.1,
            ..AdamWSettings::default()
        };
        let init = [0.5f64, -1.0, 2.0, 0.0, 3.0, -0.25];
        let grads: Vec<Vec<f64>> = (0..4)
            .map(|t| {
                init.iter()
                    .enumerate()
                    .map(|(i, _)| ((i + t) as f64 * 0.7).sin())
                    .collect()
            })
            .collect();
        let mut want = init.to_vec();
        reference(&mut want, &grads, &s, 2.0);
        // f32 takes the fused in-place update; f64 the tensor formulation.
        for dtype in [DType::F32, DType::F64] {
            let t = Tensor::new(&init[..], &Device::Cpu)
                .and_then(|t| t.reshape((3, 2)))
                .and_then(|t| t.to_dtype(dtype))
                .unwrap();
            let mut params = Params::new();
            let var = params.add("w", &t).unwrap();
            let mut opt = AdamW::new(&params, s.clone()).unwrap();
            for g in &grads {
                let g = Tensor::new(&g[..], &Device::Cpu)
                    .and_then(|g| g.reshape((3, 2)))
                    .and_then(|g| g.to_dtype(dtype))
                    .unwrap();
                // d(sum(θ·g))/dθ = g.
                let loss = (var.as_tensor() * &g).unwrap().sum_all().unwrap();
                let store = loss.backward().unwrap();
                opt.step(&store, 2).unwrap();
            }
            let got = var.as_tensor().to_dtype(DType::F32).unwrap();
            let got: Vec<f32> = got.flatten_all().unwrap().to_vec1().unwrap();
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (f64::from(*g) - w).abs() < 1e-5,
                    "{dtype:?}: {got:?} vs {want:?}"
                );
            }
        }
    }
}
