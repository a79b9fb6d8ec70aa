//! Process-level settings for model work: the compute device and CPU runtime tuning.

use candle_core::Device;

use crate::error::NnError;

/// The compute device: CPU, or with the `cuda` feature the first CUDA device
/// if one is available (CPU otherwise).
pub fn default_device() -> Result<Device, NnError> {
    #[cfg(feature = "cuda")]
    {
        Device::cuda_if_available(0).map_err(NnError::Device)
    }
    #[cfg(not(feature = "cuda"))]
    {
        Ok(Device::Cpu)
    }
}

/// Tunes the process for model work on the CPU; call once at program start, before any
/// threads or tensors exist.
///
/// - glibc's allocator: tensors of a few MB are allocated and freed thousands of times per
///   training step, and by default each goes back to the kernel (`mmap`/`munmap`), so every
///   step pays for zeroing fresh pages (a fifth of the time, measured). Raising the mmap and
///   trim thresholds keeps that memory in the heap for reuse.
/// - candle's element-wise worker pool spins 25,000 times before sleeping after each op; on a
///   machine with few cores the spinning worker takes a core from the matmul threads (training
///   2.4× slower on 2 cores, measured). A short spin keeps the pool responsive without that.
///   `CANDLE_BARRIER_POOL_SPIN_LIMIT` set by the user wins.
pub fn tune_runtime() {
    if std::env::var_os("CANDLE_BARRIER_POOL_SPIN_LIMIT").is_none() {
        std::env::set_var("CANDLE_BARRIER_POOL_SPIN_LIMIT", "200");
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it is called before any threads start.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
    }
}
