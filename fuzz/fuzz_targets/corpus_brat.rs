//! brat reader on one `.txt`/`.ann` pair (the input's `.txt` part, a NUL byte, its `.ann` part),
//! and every writer on what it reads.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kbner_fuzz::brat(data));
