//! AdamW (Loshchilov & Hutter) over [`Params`], with its moments saved beside a checkpoint so a
//! resumed run continues exactly where it stopped (candle-nn's AdamW keeps its state private).

use std::collections::HashMap;
use std::path::Path;

use candle_core::backprop::GradStore;
use candle_core::Tensor;

use crate::error::{Result, TaggerError};
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
    /// use kbner_tagger::optim::LrSchedule;
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
        let mut m = Vec::with_capacity(params.len());
        for (_, var) in params.iter() {
            m.push(var.as_tensor().zeros_like()?);
        }
        Ok(AdamW {
            settings,
            params: params.clone(),
            v: m.clone(),
            m,
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
        let bc1 = 1.0 - s.beta1.powi(t);
        let bc2 = 1.0 - s.beta2.powi(t);
        for (k, (_, var)) in self.params.iter().enumerate() {
            let Some(g) = grads.get(var.as_tensor()) else {
                continue;
            };
            let g = (g / accumulated.max(1) as f64)?;
            let m = ((&self.m[k] * s.beta1)? + (&g * (1.0 - s.beta1))?)?;
            let v = ((&self.v[k] * s.beta2)? + (g.sqr()? * (1.0 - s.beta2))?)?;
            let update = ((&m / bc1)? / ((&v / bc2)?.sqrt()? + s.eps)?)?;
            let theta = var.as_tensor();
            let decayed = (theta * (1.0 - s.lr * s.weight_decay))?;
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
            .map_err(|e| TaggerError::format(path, format!("writing optimizer state: {e}")))
    }

    /// Restores moments written by [`AdamW::save`] and the step count.
    pub fn load(&mut self, path: &Path, step: u64) -> Result<()> {
        let device = self
            .m
            .first()
            .map(|t| t.device().clone())
            .unwrap_or(candle_core::Device::Cpu);
        let map = candle_core::safetensors::load(path, &device)
            .map_err(|e| TaggerError::format(path, format!("reading optimizer state: {e}")))?;
        for (k, (name, var)) in self.params.iter().enumerate() {
            for (suffix, slot) in [("exp_avg", &mut self.m[k]), ("exp_avg_sq", &mut self.v[k])] {
                let key = format!("{name}.{suffix}");
                let t = map.get(&key).ok_or_else(|| {
                    TaggerError::format(path, format!("tensor {key:?} is missing"))
                })?;
                if t.dims() != var.dims() {
                    return Err(TaggerError::format(
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
