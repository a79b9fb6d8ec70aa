//! Training ops whose backward pass keeps only what it needs.
//!
//! candle's autograd records every intermediate of a composed op and keeps it alive until the
//! step's backward pass ends: RMSNorm as square, mean, add, sqrt, divide and multiply; softmax as
//! max, subtract, exp, sum and divide; a LoRA linear as its dropout mask, the masked input, two
//! matmuls, a scale and an add. For SmolLM2-135M those intermediates were most of a training
//! step's peak memory. Each op here computes its forward pass in one go, is recorded as one node
//! holding only its inputs, and derives its gradient from them (and its output), recomputing the
//! cheap intermediates.
//!
//! They run on the CPU in f32, the training path this machine uses. On another device or dtype
//! each function falls back to the equivalent composed candle ops, so results are the same
//! everywhere and only the memory differs.

use std::sync::Arc;

use candle_core::{CpuStorage, CustomOp1, CustomOp2, CustomOp3, DType, Layout, Shape, Tensor, D};

use crate::error::Result;

/// Whether `x` can take the fused CPU path.
fn fusable(x: &Tensor) -> bool {
    x.device().is_cpu() && x.dtype() == DType::F32
}

/// The f32 values of a contiguous CPU storage, or an error naming the op.
fn f32_slice<'a>(
    op: &str,
    storage: &'a CpuStorage,
    layout: &Layout,
) -> candle_core::Result<&'a [f32]> {
    let CpuStorage::F32(data) = storage else {
        candle_core::bail!("{op}: f32 only")
    };
    match layout.contiguous_offsets() {
        Some((start, end)) => Ok(&data[start..end]),
        None => candle_core::bail!("{op}: input must be contiguous"),
    }
}

fn to_storage(y: &Tensor) -> candle_core::Result<(CpuStorage, Shape)> {
    let shape = y.shape().clone();
    Ok((CpuStorage::F32(y.flatten_all()?.to_vec1::<f32>()?), shape))
}

// ---------------------------------------------------------------------------------------------
// RMSNorm

struct RmsNorm {
    weight: Tensor,
    eps: f32,
}

impl CustomOp1 for RmsNorm {
    fn name(&self) -> &'static str {
        "fused-rms-norm"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let x = f32_slice(self.name(), storage, layout)?;
        let w = self.weight.to_vec1::<f32>()?;
        let h = w.len();
        if layout.shape().dims().last() != Some(&h) {
            candle_core::bail!(
                "fused-rms-norm: weight of {h} for input {:?}",
                layout.shape()
            );
        }
        let mut y = vec![0f32; x.len()];
        for (row, out) in x.chunks_exact(h).zip(y.chunks_exact_mut(h)) {
            let ms = row.iter().map(|v| v * v).sum::<f32>() / h as f32;
            let r = 1.0 / (ms + self.eps).sqrt();
            for ((o, v), w) in out.iter_mut().zip(row).zip(&w) {
                *o = v * r * w;
            }
        }
        Ok((CpuStorage::F32(y), layout.shape().clone()))
    }

    fn bwd(&self, x: &Tensor, _res: &Tensor, grad: &Tensor) -> candle_core::Result<Option<Tensor>> {
        // y = w·x·r with r = (mean(x²) + eps)^-½, so dx = r·(g·w − x̂·mean(g·w·x̂)), x̂ = x·r.
        let x = x.detach();
        let r = (x.sqr()?.mean_keepdim(D::Minus1)? + f64::from(self.eps))?
            .sqrt()?
            .recip()?;
        let xhat = x.broadcast_mul(&r)?;
        let gw = grad.broadcast_mul(&self.weight)?;
        let dot = (&gw * &xhat)?.mean_keepdim(D::Minus1)?;
        let dx = (gw - xhat.broadcast_mul(&dot)?)?.broadcast_mul(&r)?;
        Ok(Some(dx))
    }
}

/// RMSNorm `x · w / sqrt(mean(x²) + eps)` over the last axis, with a frozen weight `w`.
pub fn rms_norm(x: &Tensor, weight: &Tensor, eps: f32) -> Result<Tensor> {
    if !fusable(x) || weight.dtype() != DType::F32 {
        return Ok(candle_nn::ops::rms_norm_slow(x, weight, eps)?);
    }
    let op = RmsNorm {
        weight: weight.detach(),
        eps,
    };
    Ok(x.contiguous()?.apply_op1(op)?)
}

// ---------------------------------------------------------------------------------------------
// softmax(scores + bias)

struct BiasedSoftmax {
    /// `(batch, 1, q, k)` additive bias, broadcast over heads.
    bias: Tensor,
}

impl CustomOp1 for BiasedSoftmax {
    fn name(&self) -> &'static str {
        "fused-biased-softmax"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let s = f32_slice(self.name(), storage, layout)?;
        let (b, heads, q, k) = layout.shape().dims4()?;
        if self.bias.dims() != [b, 1, q, k] {
            candle_core::bail!("fused-biased-softmax: bias does not match the scores");
        }
        let bias = self.bias.flatten_all()?.to_vec1::<f32>()?;
        let mut y = vec![0f32; s.len()];
        for (i, (row, out)) in s.chunks_exact(k).zip(y.chunks_exact_mut(k)).enumerate() {
            let (batch, query) = (i / (heads * q), i % q);
            let brow = &bias[(batch * q + query) * k..][..k];
            let mut max = f32::NEG_INFINITY;
            for ((o, v), bv) in out.iter_mut().zip(row).zip(brow) {
                *o = v + bv;
                max = max.max(*o);
            }
            let mut sum = 0f32;
            for o in out.iter_mut() {
                *o = (*o - max).exp();
                sum += *o;
            }
            for o in out.iter_mut() {
                *o /= sum;
            }
        }
        Ok((CpuStorage::F32(y), layout.shape().clone()))
    }

    fn bwd(&self, _s: &Tensor, y: &Tensor, grad: &Tensor) -> candle_core::Result<Option<Tensor>> {
        // dy/ds: y·(g − Σ g·y), the bias being a constant.
        let y = y.detach();
        let dot = (grad * &y)?.sum_keepdim(D::Minus1)?;
        Ok(Some((grad.broadcast_sub(&dot)? * y)?))
    }
}

/// `softmax(scores + bias)` over the last axis, for scores `(batch, heads, q, k)` and a constant
/// bias `(batch, 1, q, k)`.
pub fn biased_softmax(scores: &Tensor, bias: &Tensor) -> Result<Tensor> {
    if !fusable(scores) || bias.dtype() != DType::F32 {
        return Ok(candle_nn::ops::softmax(
            &scores.broadcast_add(bias)?,
            D::Minus1,
        )?);
    }
    let op = BiasedSoftmax {
        bias: bias.detach().contiguous()?,
    };
    Ok(scores.contiguous()?.apply_op1(op)?)
}

// ---------------------------------------------------------------------------------------------
// SwiGLU

struct SiluMul;

impl CustomOp2 for SiluMul {
    fn name(&self) -> &'static str {
        "fused-silu-mul"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let g = f32_slice(self.name(), s1, l1)?;
        let u = f32_slice(self.name(), s2, l2)?;
        if l1.shape() != l2.shape() {
            candle_core::bail!("fused-silu-mul: shapes differ");
        }
        let y = g
            .iter()
            .zip(u)
            .map(|(g, u)| g / (1.0 + (-g).exp()) * u)
            .collect();
        Ok((CpuStorage::F32(y), l1.shape().clone()))
    }

    fn bwd(
        &self,
        gate: &Tensor,
        up: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
        // silu(g) = g·σ(g); silu'(g) = σ(g)·(1 + g·(1 − σ(g))).
        let (gate, up) = (gate.detach(), up.detach());
        let sig = candle_nn::ops::sigmoid(&gate)?;
        let silu = (&gate * &sig)?;
        let dsilu = (&sig * ((&gate * (1.0 - &sig)?)? + 1.0)?)?;
        let dgate = ((grad * up)? * dsilu)?;
        let dup = (grad * silu)?;
        Ok((Some(dgate), Some(dup)))
    }
}

/// SwiGLU's `silu(gate) · up`.
pub fn silu_mul(gate: &Tensor, up: &Tensor) -> Result<Tensor> {
    if !fusable(gate) || !fusable(up) {
        return Ok((candle_nn::ops::silu(gate)? * up)?);
    }
    Ok(gate.contiguous()?.apply_op2(&up.contiguous()?, SiluMul)?)
}

// ---------------------------------------------------------------------------------------------
// RoPE

struct Rope {
    /// `(seq, head_dim / 2)` tables.
    cos: Vec<f32>,
    sin: Vec<f32>,
}

/// Rotates each `(…, seq, head_dim)` row of `x` in place (the halves convention of Hugging
/// Face's Llama); `sign` −1 applies the inverse rotation, which is the gradient.
fn rotate(x: &mut [f32], seq: usize, hd: usize, cos: &[f32], sin: &[f32], sign: f32) {
    let half = hd / 2;
    for (i, row) in x.chunks_exact_mut(hd).enumerate() {
        let pos = i % seq;
        let (c, s) = (&cos[pos * half..][..half], &sin[pos * half..][..half]);
        let (x1, x2) = row.split_at_mut(half);
        for j in 0..half {
            let (a, b) = (x1[j], x2[j]);
            x1[j] = a * c[j] - sign * b * s[j];
            x2[j] = b * c[j] + sign * a * s[j];
        }
    }
}

impl CustomOp1 for Rope {
    fn name(&self) -> &'static str {
        "fused-rope"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let x = f32_slice(self.name(), storage, layout)?;
        let (_, _, seq, hd) = layout.shape().dims4()?;
        if hd % 2 != 0 || self.cos.len() != seq * hd / 2 || self.sin.len() != self.cos.len() {
            candle_core::bail!("fused-rope: tables do not match {:?}", layout.shape());
        }
        let mut y = x.to_vec();
        rotate(&mut y, seq, hd, &self.cos, &self.sin, 1.0);
        Ok((CpuStorage::F32(y), layout.shape().clone()))
    }

    fn bwd(&self, x: &Tensor, _res: &Tensor, grad: &Tensor) -> candle_core::Result<Option<Tensor>> {
        let (_, _, seq, hd) = x.dims4()?;
        let mut g = grad.flatten_all()?.to_vec1::<f32>()?;
        rotate(&mut g, seq, hd, &self.cos, &self.sin, -1.0);
        Ok(Some(Tensor::from_vec(g, x.shape(), x.device())?))
    }
}

/// Rotary position embedding of `x` `(batch, heads, seq, head_dim)` with `(seq, head_dim / 2)`
/// tables (the halves convention, as `candle_nn::rotary_emb::rope`).
pub fn rope(x: &Tensor, cos: &Tensor, sin: &Tensor) -> Result<Tensor> {
    if !fusable(x) || cos.dtype() != DType::F32 {
        return Ok(candle_nn::rotary_emb::rope_slow(x, cos, sin)?);
    }
    let op = Rope {
        cos: cos.flatten_all()?.to_vec1::<f32>()?,
        sin: sin.flatten_all()?.to_vec1::<f32>()?,
    };
    Ok(x.contiguous()?.apply_op1(op)?)
}

// ---------------------------------------------------------------------------------------------
// LoRA linear

/// Which inputs LoRA dropout keeps: one bit per element of the input.
#[derive(Debug)]
pub(crate) struct KeepMask {
    bits: Vec<u64>,
    len: usize,
    scale: f32,
}

impl KeepMask {
    /// A mask from keep decisions, kept elements scaled by `scale` (`1 / (1 − p)`).
    pub(crate) fn new(keep: impl Iterator<Item = bool>, scale: f32) -> Self {
        let mut bits = Vec::new();
        let mut len = 0;
        for k in keep {
            if len % 64 == 0 {
                bits.push(0);
            }
            if k {
                bits[len / 64] |= 1 << (len % 64);
            }
            len += 1;
        }
        KeepMask { bits, len, scale }
    }

    /// `x · mask`, elementwise (`x` has as many elements as the mask).
    pub(crate) fn apply(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let values: Vec<f32> = (0..self.len)
            .map(|i| {
                if self.bits[i / 64] >> (i % 64) & 1 == 1 {
                    self.scale
                } else {
                    0.0
                }
            })
            .collect();
        x.mul(&Tensor::from_vec(values, x.shape(), x.device())?.to_dtype(x.dtype())?)
    }
}

struct LoraMatmul {
    /// Frozen base weight `(out, in)`.
    weight: Tensor,
    scale: f64,
    mask: Option<Arc<KeepMask>>,
}

impl LoraMatmul {
    fn dropped(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        match &self.mask {
            Some(m) => m.apply(x),
            None => Ok(x.clone()),
        }
    }
}

impl CustomOp3 for LoraMatmul {
    fn name(&self) -> &'static str {
        "fused-lora-matmul"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let dev = &candle_core::Device::Cpu;
        let x = Tensor::from_slice(f32_slice(self.name(), s1, l1)?, l1.shape(), dev)?;
        let a = Tensor::from_slice(f32_slice(self.name(), s2, l2)?, l2.shape(), dev)?;
        let b = Tensor::from_slice(f32_slice(self.name(), s3, l3)?, l3.shape(), dev)?;
        let y = x.matmul(&self.weight.t()?)?;
        let low = self.dropped(&x)?.matmul(&a.t()?)?;
        let up = low.matmul(&b.t()?)?;
        to_storage(&(y + (up * self.scale)?)?)
    }

    fn bwd(
        &self,
        x: &Tensor,
        a: &Tensor,
        b: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        // y = x Wᵀ + s·(d(x) Aᵀ) Bᵀ, d = dropout with the forward pass's mask.
        let (x, a, b) = (x.detach(), a.detach(), b.detach());
        let xd = self.dropped(&x)?;
        let low = xd.matmul(&a.t()?)?;
        let gs = (grad * self.scale)?;
        let grad_b = gs.t()?.matmul(&low)?;
        let grad_low = gs.matmul(&b)?;
        let grad_a = grad_low.t()?.matmul(&xd)?;
        let through_lora = self.dropped(&grad_low.matmul(&a)?)?;
        let grad_x = (grad.matmul(&self.weight)? + through_lora)?;
        Ok((Some(grad_x), Some(grad_a), Some(grad_b)))
    }
}

/// `x Wᵀ + scale · (dropout(x) Aᵀ) Bᵀ` for `x` `(rows, in)`, a frozen `W` `(out, in)` and
/// trainable `A` `(r, in)`, `B` `(out, r)`; `mask` is the dropout's keep mask over `x`'s
/// elements (none: no dropout). Callers check [`lora_fusable`] first.
pub(crate) fn lora_matmul(
    x: &Tensor,
    weight: &Tensor,
    a: &Tensor,
    b: &Tensor,
    scale: f64,
    mask: Option<KeepMask>,
) -> Result<Tensor> {
    let op = LoraMatmul {
        weight: weight.detach(),
        scale,
        mask: mask.map(Arc::new),
    };
    Ok(x.contiguous()?.apply_op3(a, b, op)?)
}

/// Whether [`lora_matmul`] can run on these inputs.
pub(crate) fn lora_fusable(x: &Tensor, weight: &Tensor) -> bool {
    fusable(x) && weight.dtype() == DType::F32 && !weight.is_variable()
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var};

    fn randn(shape: &[usize], seed: u64) -> Tensor {
        let mut rng = crate::Rng::new(seed);
        let n: usize = shape.iter().product();
        let v: Vec<f32> = (0..n).map(|_| rng.normal() as f32).collect();
        Tensor::from_vec(v, shape, &Device::Cpu).unwrap()
    }

    fn max_diff(a: &Tensor, b: &Tensor) -> f32 {
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

    /// Output and input gradient of `f` against `reference` on the same input, through a
    /// weighted sum so every output element matters.
    fn check(
        shape: &[usize],
        f: impl Fn(&Tensor) -> Tensor,
        reference: impl Fn(&Tensor) -> Tensor,
    ) {
        let x = Var::from_tensor(&randn(shape, 1)).unwrap();
        let y1 = f(x.as_tensor());
        let y2 = reference(x.as_tensor());
        assert!(max_diff(&y1, &y2) < 1e-5, "forward differs");
        let w = randn(y1.dims(), 3);
        let g1 = (&y1 * &w).unwrap().sum_all().unwrap().backward().unwrap();
        let g2 = (&y2 * &w).unwrap().sum_all().unwrap().backward().unwrap();
        let (g1, g2) = (g1.get(&x).unwrap(), g2.get(&x).unwrap());
        assert!(
            max_diff(g1, g2) < 1e-4,
            "gradient differs: {}",
            max_diff(g1, g2)
        );
    }

    #[test]
    fn fused_rms_norm_matches_the_composed_op() {
        let w = randn(&[16], 4);
        check(
            &[3, 5, 16],
            |x| rms_norm(x, &w, 1e-5).unwrap(),
            |x| candle_nn::ops::rms_norm_slow(x, &w, 1e-5).unwrap(),
        );
    }

    #[test]
    fn fused_biased_softmax_matches_the_composed_op() {
        let bias = crate::attention_bias(
            &Tensor::new(&[[1f32, 1., 1., 0.], [1., 1., 1., 1.]], &Device::Cpu).unwrap(),
            crate::AttentionMode::Causal,
            DType::F32,
        )
        .unwrap();
        check(
            &[2, 3, 4, 4],
            |s| biased_softmax(s, &bias).unwrap(),
            |s| candle_nn::ops::softmax(&s.broadcast_add(&bias).unwrap(), D::Minus1).unwrap(),
        );
    }

    #[test]
    fn fused_silu_mul_matches_the_composed_op() {
        let up = Var::from_tensor(&randn(&[4, 7], 5)).unwrap();
        check(
            &[4, 7],
            |g| silu_mul(g, up.as_tensor()).unwrap(),
            |g| (candle_nn::ops::silu(g).unwrap() * up.as_tensor()).unwrap(),
        );
        // And the gradient reaching `up`.
        let g = randn(&[4, 7], 6);
        let a = silu_mul(&g, up.as_tensor()).unwrap().sum_all().unwrap();
        let b = (candle_nn::ops::silu(&g).unwrap() * up.as_tensor())
            .unwrap()
            .sum_all()
            .unwrap();
        let (ga, gb) = (a.backward().unwrap(), b.backward().unwrap());
        assert!(max_diff(ga.get(&up).unwrap(), gb.get(&up).unwrap()) < 1e-5);
    }

    #[test]
    fn fused_rope_matches_the_composed_op() {
        let (cos, sin) = {
            let a = randn(&[6, 4], 7);
            (a.cos().unwrap(), a.sin().unwrap())
        };
        check(
            &[2, 3, 6, 8],
            |x| rope(x, &cos, &sin).unwrap(),
            |x| candle_nn::rotary_emb::rope_slow(x, &cos, &sin).unwrap(),
        );
    }

    #[test]
    fn fused_lora_matmul_matches_the_composed_op_with_dropout() {
        let (rows, inp, out, r) = (5, 12, 9, 4);
        let w = randn(&[out, inp], 8);
        let a = Var::from_tensor(&randn(&[r, inp], 9)).unwrap();
        let b = Var::from_tensor(&randn(&[out, r], 10)).unwrap();
        let keep: Vec<bool> = (0..rows * inp).map(|i| i % 3 != 0).collect();
        let mask_t = Tensor::from_vec(
            keep.iter()
                .map(|&k| if k { 1.5f32 } else { 0.0 })
                .collect::<Vec<_>>(),
            (rows, inp),
            &Device::Cpu,
        )
        .unwrap();
        let x = Var::from_tensor(&randn(&[rows, inp], 11)).unwrap();
        let fused = lora_matmul(
            x.as_tensor(),
            &w,
            a.as_tensor(),
            b.as_tensor(),
            2.0,
            Some(KeepMask::new(keep.iter().copied(), 1.5)),
        )
        .unwrap();
        let composed = (x.as_tensor().matmul(&w.t().unwrap()).unwrap()
            + ((x.as_tensor() * &mask_t)
                .unwrap()
                .matmul(&a.as_tensor().t().unwrap())
                .unwrap()
                .matmul(&b.as_tensor().t().unwrap())
                .unwrap()
                * 2.0)
                .unwrap())
        .unwrap();
        assert!(max_diff(&fused, &composed) < 1e-4);
        let probe = randn(&[rows, out], 12);
        let g1 = (&fused * &probe)
            .unwrap()
            .sum_all()
            .unwrap()
            .backward()
            .unwrap();
        let g2 = (&composed * &probe)
            .unwrap()
            .sum_all()
            .unwrap()
            .backward()
            .unwrap();
        for v in [&x, &a, &b] {
            let d = max_diff(g1.get(v).unwrap(), g2.get(v).unwrap());
            assert!(d < 1e-3, "gradient differs by {d}");
        }
    }
}
