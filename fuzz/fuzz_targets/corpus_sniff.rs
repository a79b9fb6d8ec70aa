//! Format detection from content, then the detected format's reader: what `kbner` does with an
//! input whose format is not given.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let format = kbner_corpus::sniff(data);
    kbner_fuzz::corpus(data, format);
});
