//! TSV dictionary reader (`id<TAB>name[<TAB>type]`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = kbner_fuzz::scratch_dir().join("names.tsv");
    std::fs::write(&path, data).expect("write the fuzz input");
    let _ = kbner_kb::fuzzing::dict(&path, kbner_kb::DictFormat::Tsv);
});
