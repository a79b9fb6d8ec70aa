//! Linear layers with an optional LoRA adapter (Hu et al., 2021), as PEFT defines it:
//! `y = x Wᵀ + b + (dropout(x) Aᵀ Bᵀ) · alpha / r`, with `A` Kaiming-uniform and `B` zero, so a
//! fresh adapter leaves the base model's output unchanged. The base weight is a plain tensor:
//! candle computes no gradient for it, and only `A`, `B` (and the head) reach the optimizer.

use candle_core::{CpuStorage, CustomOp1, Device, Layout, Shape, Tensor, Var};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::params::Params;
use crate::rng::Rng;

/// The linear layers of a Llama block that can carry LoRA, by their Hugging Face names.
pub const LLAMA_LINEARS: [&str; 7] = [
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "gate_proj",
    "up_proj",
    "down_proj",
];

/// LoRA hyper-parameters (PEFT's `r`, `lora_alpha`, `lora_dropout`, `target_modules`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoraSettings {
    /// Rank of the update.
    pub r: usize,
    /// Scaling numerator: the update is multiplied by `alpha / r`.
    pub alpha: f64,
    /// Dropout on the adapter's input while training.
    pub dropout: f32,
    /// Module names that get an adapter (e.g. `q_proj`); the default is every Llama linear.
    pub targets: Vec<String>,
}

impl Default for LoraSettings {
    fn default() -> Self {
        LoraSettings {
            r: 16,
            alpha: 32.0,
            dropout: 0.1,
            targets: LLAMA_LINEARS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl LoraSettings {
    /// Whether a module called `name` gets an adapter.
    pub fn targets(&self, name: &str) -> bool {
        self.targets.iter().any(|t| t == name)
    }
}

#[derive(Debug, Clone)]
struct Adapter {
    a: Var,
    b: Var,
    scale: f64,
    dropout: f32,
}

/// A linear layer `x Wᵀ + b`, optionally with a LoRA adapter.
#[derive(Debug, Clone)]
pub struct Linear {
    weight: Tensor,
    bias: Option<Tensor>,
    adapter: Option<Adapter>,
}

impl Linear {
    /// A linear layer with weight `(out, in)` and optional bias `(out)`.
    pub fn new(weight: Tensor, bias: Option<Tensor>) -> Self {
        Linear {
            weight,
            bias,
            adapter: None,
        }
    }

    /// Adds a LoRA adapter whose tensors are registered in `params` as `{name}.lora_A.weight`
    /// and `{name}.lora_B.weight` (PEFT's names).
    pub fn add_lora(
        &mut self,
        name: &str,
        settings: &LoraSettings,
        params: &mut Params,
        rng: &mut Rng,
    ) -> Result<()> {
        let (out_dim, in_dim) = self.weight.dims2()?;
        let r = settings.r;
        // PEFT: kaiming_uniform_(a=sqrt(5)) on A, i.e. U(-1/sqrt(in), 1/sqrt(in)); B = 0.
        let bound = 1.0 / (in_dim as f64).sqrt();
        let a: Vec<f32> = (0..r * in_dim)
            .map(|_| rng.uniform(-bound, bound) as f32)
            .collect();
        let device = self.weight.device();
        let dtype = self.weight.dtype();
        let a = Tensor::from_vec(a, (r, in_dim), device)?.to_dtype(dtype)?;
        let b = Tensor::zeros((out_dim, r), dtype, device)?;
        let a = params.add(format!("{name}.lora_A.weight"), &a)?;
        let b = params.add(format!("{name}.lora_B.weight"), &b)?;
        self.adapter = Some(Adapter {
            a,
            b,
            scale: settings.alpha / r as f64,
            dropout: settings.dropout,
        });
        Ok(())
    }

    /// Makes the base weight (and bias) trainable, for full fine-tuning, registered as
    /// `{name}.weight` / `{name}.bias`.
    pub fn make_trainable(&mut self, name: &str, params: &mut Params) -> Result<()> {
        self.weight = params
            .add(format!("{name}.weight"), &self.weight)?
            .as_tensor()
            .clone();
        if let Some(b) = &self.bias {
            self.bias = Some(params.add(format!("{name}.bias"), b)?.as_tensor().clone());
        }
        Ok(())
    }

    /// Output width.
    pub fn out_dim(&self) -> usize {
        self.weight.dims()[0]
    }

    /// Applies the layer to `x` of shape `(..., in)`; `train` turns dropout on and records the
    /// graph for backpropagation (at inference, trained weights are detached so no activation is
    /// kept alive for a backward pass that never comes).
    pub fn forward(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        let dims = x.dims().to_vec();
        let in_dim = dims[dims.len() - 1];
        let rows = x.elem_count() / in_dim.max(1);
        let x2 = x.reshape((rows, in_dim))?;
        let mut y = match &self.adapter {
            // Training on the CPU: one node for base and adapter, which keeps only its inputs
            // for the backward pass (see `fused`).
            Some(ad) if train && crate::fused::lora_fusable(&x2, &self.weight) => {
                let mask = (ad.dropout > 0.0)
                    .then(|| crate::dropout::keep_mask(x2.elem_count(), ad.dropout));
                crate::fused::lora_matmul(
                    &x2,
                    &self.weight,
                    ad.a.as_tensor(),
                    ad.b.as_tensor(),
                    ad.scale,
                    mask,
                )?
            }
            _ => self.composed(&x2, train)?,
        };
        if let Some(b) = &self.bias {
            y = y.broadcast_add(&graph_param(b, train))?;
        }
        let mut out_dims = dims;
        let last = out_dims.len() - 1;
        out_dims[last] = self.out_dim();
        Ok(y.reshape(out_dims)?)
    }

    /// Base and adapter as separate candle ops (inference, other devices, trainable bases).
    fn composed(&self, x2: &Tensor, train: bool) -> Result<Tensor> {
        let weight = graph_param(&self.weight, train);
        let mut y = if train
            && !weight.is_variable()
            && x2.device().is_cpu()
            && x2.dtype() == candle_core::DType::F32
        {
            x2.contiguous()?.apply_op1(FrozenMatmul { weight })?
        } else {
            x2.matmul(&weight.t()?)?
        };
        if let Some(ad) = &self.adapter {
            let xd = if train && ad.dropout > 0.0 {
                crate::dropout(x2, ad.dropout)?
            } else {
                x2.clone()
            };
            let low = xd.matmul(&graph_param(ad.a.as_tensor(), train).t()?)?;
            let up = low.matmul(&graph_param(ad.b.as_tensor(), train).t()?)?;
            y = (y + (up * ad.scale)?)?;
        }
        Ok(y)
    }
}

/// A trainable tensor as seen by a forward pass: itself when training, a detached view
/// (same storage, no graph) at inference.
pub fn graph_param(t: &Tensor, train: bool) -> Tensor {
    if train {
        t.clone()
    } else {
        t.detach()
    }
}

/// `x Wᵀ` for a frozen `W` whose backward pass computes only the input's gradient.
///
/// candle's matmul backward always computes both operands' gradients, so for a frozen base
/// weight it spends a third of the step (and a weight-sized buffer per layer) on a gradient
/// nobody reads. This op wraps the same matmul and returns `grad · W` alone.
struct FrozenMatmul {
    weight: Tensor,
}

impl CustomOp1 for FrozenMatmul {
    fn name(&self) -> &'static str {
        "frozen-matmul"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let (start, end) = layout.contiguous_offsets().ok_or_else(|| {
            candle_core::Error::Msg("frozen-matmul: input must be contiguous".into())
        })?;
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("frozen-matmul: f32 only")
        };
        let x = Tensor::from_slice(&data[start..end], layout.shape(), &Device::Cpu)?;
        let y = x.matmul(&self.weight.t()?)?;
        let shape = y.shape().clone();
        Ok((CpuStorage::F32(y.flatten_all()?.to_vec1::<f32>()?), shape))
    }

    fn bwd(
        &self,
        _arg: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<Option<Tensor>> {
        Ok(Some(grad.matmul(&self.weight)?))
    }
}
