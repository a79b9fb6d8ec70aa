//! The public data the benchmarks read: `../shared/data` archives unpacked into the benchmark
//! directory (never into the repository).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where benchmarks keep unpacked data, knowledge bases and outputs: `$KBNER_BENCH_DIR`, else
/// `target/bench-data` (created).
pub fn bench_dir() -> PathBuf {
    let base = PathBuf::from(
        std::env::var("KBNER_BENCH_DIR")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-data").into()),
    );
    std::fs::create_dir_all(&base).unwrap();
    base
}

/// Unpacks shared archive `name` into `dest` and returns `dest/name`.
pub fn unpack(dest: &Path, name: &str) -> PathBuf {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let ok = Command::new("bash")
        .arg(shared.join("unpack.sh"))
        .arg(dest)
        .arg(name)
        .status()
        .map(|s| s.success());
    assert!(
        matches!(ok, Ok(true)),
        "could not unpack {name} from {}",
        shared.display()
    );
    dest.join(name)
}
