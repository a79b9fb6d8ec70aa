//! UMLS release reader. Input: one byte of options (bit 0 `--lenient`, bit 1 `--allow-partial`,
//! bit 2 all languages and suppressibility flags, bit 3 type filters), then the contents of
//! MRCONSO, MRSTY, MRDEF, MRREL, MRSAB, MRRANK, MRFILES and release.dat separated by NUL bytes
//! (see `kbner_fuzz::write_umls_dir`).
#![no_main]
use kbner_kb::fuzzing::{umls_release, UmlsCase};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, files)) = data.split_first() else {
        return;
    };
    let dir = kbner_fuzz::scratch_dir();
    kbner_fuzz::write_umls_dir(dir, files);
    let case = UmlsCase {
        lenient: flags & 1 != 0,
        allow_partial: flags & 2 != 0,
        keep_all: flags & 4 != 0,
        type_filter: flags & 8 != 0,
    };
    let _ = umls_release(dir, case);
});
