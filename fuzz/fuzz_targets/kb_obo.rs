//! OBO reader. Input: one byte of options (bit 0 `--lenient`, bit 1 a semantic type for the
//! terms), then the .obo file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, obo)) = data.split_first() else {
        return;
    };
    let path = kbner_fuzz::scratch_dir().join("fuzz.obo");
    std::fs::write(&path, obo).expect("write the fuzz input");
    let semantic_type = (flags & 2 != 0).then_some("Disease");
    let _ = kbner_kb::fuzzing::obo(&path, semantic_type, flags & 1 != 0);
});
