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

/// The MEDIC knowledge base and its index in `base/kb-medic`, ingested and indexed with the
/// default encoder the first time (an index that already matches is left as it is), opened.
#[allow(dead_code)] // Not every benchmark that includes this module uses it.
pub fn medic_index(base: &Path) -> kbner_index::ConceptIndex {
    use kbner_encoder::{Encoder, EncoderOptions};
    use kbner_kb::{ingest, DictFormat, DictSource, IngestOptions, Progress};
    let medic = unpack(base, "medic").join("medic_06Jul2012.txt");
    let kb_dir = base.join("kb-medic");
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let encoder = || Encoder::load(&Encoder::default_dir(), &EncoderOptions::default()).unwrap();
    if !kb_dir.join("index").is_dir() {
        let mut o = IngestOptions::new(&kb_dir);
        o.dicts.push(DictSource {
            path: medic,
            format: DictFormat::Medic,
        });
        ingest(&o, &Progress::stderr(), &cancel).unwrap();
    }
    kbner_index::build_index(
        &kb_dir,
        &encoder(),
        &kbner_index::BuildOptions::default(),
        &Progress::stderr(),
        &cancel,
    )
    .unwrap();
    kbner_index::ConceptIndex::open(&kb_dir, encoder()).unwrap()
}
