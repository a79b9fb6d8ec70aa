//! kbner JSONL reader (and every writer on what it reads).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kbner_fuzz::corpus(data, kbner_corpus::Format::Jsonl));
