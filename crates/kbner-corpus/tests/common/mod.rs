//! Shared helpers for the integration tests: locating and unpacking the shared corpora.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Directory holding the unpacked archive `name`, unpacking it on first use.
///
/// Each call unpacks into its own staging directory and then renames the result into a shared
/// cache under the target dir; the rename is atomic, so parallel test processes never see half a
/// corpus. Tests of one process run on several threads, so a process-wide lock also makes them
/// wait for one another instead of unpacking the same archive twice.
pub fn data(name: &str) -> PathBuf {
    static UNPACK: Mutex<()> = Mutex::new(());
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let _guard = UNPACK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let shared = root().join("../shared/data");
    let script = shared.join("unpack.sh");
    let archive = shared.join(format!("{name}.tar.xz"));
    assert!(
        script.is_file() && archive.is_file(),
        "shared corpus {name} is missing: expected {} and {} (the tests need ../shared/data beside the workspace)",
        script.display(),
        archive.display()
    );
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kbner-corpus-data");
    let dest = cache.join(name);
    if dest.is_dir() {
        return dest;
    }
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let staging = cache.join(format!(".unpack-{}-{call}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).expect("create staging dir");
    let status = Command::new("bash")
        .arg(&script)
        .arg(&staging)
        .arg(name)
        .output()
        .expect("run unpack.sh");
    assert!(
        status.status.success(),
        "unpack.sh {name} failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    // Another process may have won the race; either way `dest` is complete afterwards.
    let _ = std::fs::rename(staging.join(name), &dest);
    let _ = std::fs::remove_dir_all(&staging);
    assert!(
        dest.is_dir(),
        "unpacking {name} produced no {}",
        dest.display()
    );
    dest
}

/// A fresh per-process scratch directory.
pub fn scratch(tag: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("kbner-corpus-scratch-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create scratch dir");
    d
}
