//! Dot products of f32 and f16 vectors, the distance kernel of both graph building and search.
//!
//! One kernel serves every pairing (f32·f32, f32·f16 query against stored halves, f16·f16 while
//! hnsw_rs builds an f16 graph): eight lanes at a time with AVX and FMA, halves widened by F16C,
//! four accumulators to hide the FMA latency. The CPU is checked at run time (std caches the
//! answer); without those features, or off x86_64, a portable loop with eight partial sums runs
//! instead, which the compiler vectorizes for f32.

use half::f16;

/// An element type the dot product reads: f32, or f16 widened to f32.
pub trait Widen: Copy {
    /// The value as f32.
    fn to_f32(self) -> f32;

    /// Eight elements from `p` as f32 lanes.
    ///
    /// # Safety
    /// Eight elements must be readable at `p`, and the CPU must support AVX and F16C.
    #[cfg(target_arch = "x86_64")]
    unsafe fn load8(p: *const Self) -> std::arch::x86_64::__m256;
}

impl Widen for f32 {
    #[inline]
    fn to_f32(self) -> f32 {
        self
    }

    // Inlined into the AVX kernel, where the intrinsic's target features are enabled.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    unsafe fn load8(p: *const f32) -> std::arch::x86_64::__m256 {
        std::arch::x86_64::_mm256_loadu_ps(p)
    }
}

impl Widen for f16 {
    #[inline]
    fn to_f32(self) -> f32 {
        f16::to_f32(self)
    }

    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    unsafe fn load8(p: *const f16) -> std::arch::x86_64::__m256 {
        use std::arch::x86_64::{__m128i, _mm256_cvtph_ps, _mm_loadu_si128};
        _mm256_cvtph_ps(_mm_loadu_si128(p as *const __m128i))
    }
}

/// Dot product of `a` and `b` in f32, over the length of the shorter one.
pub fn dot<A: Widen, B: Widen>(a: &[A], b: &[B]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx")
            && std::arch::is_x86_feature_detected!("fma")
            && std::arch::is_x86_feature_detected!("f16c")
        {
            // SAFETY: the CPU has the features `dot_avx` is compiled for (checked above), and
            // both slices hold `n` elements.
            return unsafe { dot_avx(a, b) };
        }
    }
    dot_portable(a, b)
}

/// Eight independent partial sums, which the compiler vectorizes for f32; `a.len() == b.len()`.
fn dot_portable<A: Widen, B: Widen>(a: &[A], b: &[B]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x.to_f32() * y.to_f32())
        .sum();
    for (xa, xb) in ca.zip(cb) {
        for i in 0..8 {
            acc[i] += xa[i].to_f32() * xb[i].to_f32();
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// # Safety
/// The CPU must support AVX, FMA and F16C, and `a.len() == b.len()`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,fma,f16c")]
unsafe fn dot_avx<A: Widen, B: Widen>(a: &[A], b: &[B]) -> f32 {
    use std::arch::x86_64::*;
    let n = a.len();
    let (pa, pb) = (a.as_ptr(), b.as_ptr());
    let mut acc = [_mm256_setzero_ps(); 4];
    let mut i = 0;
    while i + 32 <= n {
        // SAFETY: i + 32 <= n, so 32 elements are readable from each slice.
        for (j, acc) in acc.iter_mut().enumerate() {
            let x = A::load8(pa.add(i + 8 * j));
            let y = B::load8(pb.add(i + 8 * j));
            *acc = _mm256_fmadd_ps(x, y, *acc);
        }
        i += 32;
    }
    while i + 8 <= n {
        acc[0] = _mm256_fmadd_ps(A::load8(pa.add(i)), B::load8(pb.add(i)), acc[0]);
        i += 8;
    }
    let sum = _mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3]));
    let mut lanes = [0f32; 8];
    _mm256_storeu_ps(lanes.as_mut_ptr(), sum);
    let mut dot: f32 = lanes.iter().sum();
    while i < n {
        dot += a[i].to_f32() * b[i].to_f32();
        i += 1;
    }
    dot
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A pseudo-random unit vector, the same for the same seed.
    pub(crate) fn unit(seed: u64, dim: usize) -> Vec<f32> {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut v: Vec<f32> = (0..dim)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s % 2001) as f32 / 1000.0 - 1.0
            })
            .collect();
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= n);
        v
    }

    fn halves(v: &[f32]) -> Vec<f16> {
        v.iter().map(|&x| f16::from_f32(x)).collect()
    }

    #[test]
    fn simd_and_portable_dots_agree_on_every_pairing() {
        // 384 is whole 32-element steps, 381 leaves 8-element steps and a tail, 7 only a tail.
        for dim in [384, 381, 7] {
            let (a, b) = (unit(1, dim), unit(2, dim));
            let exact: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            let (ha, hb) = (halves(&a), halves(&b));
            assert!((dot(&a, &b) - exact).abs() < 1e-5, "dim {dim}");
            assert!((dot_portable(&a, &b) - exact).abs() < 1e-5, "dim {dim}");
            assert!((dot(&a, &hb) - exact).abs() < 2e-3, "dim {dim}");
            assert!((dot(&ha, &hb) - exact).abs() < 2e-3, "dim {dim}");
            assert!(
                (dot(&a, &hb) - dot_portable(&a, &hb)).abs() < 1e-5,
                "dim {dim}"
            );
            assert!(
                (dot(&ha, &hb) - dot_portable(&ha, &hb)).abs() < 1e-5,
                "dim {dim}"
            );
        }
        // The shorter slice sets the length.
        assert_eq!(dot(&[1.0f32, 2.0, 3.0], &[1.0f32, 1.0]), 3.0);
    }
}
