//! The tests' tiny model lives in the library (`kbner_tagger::tiny`) so CLI tests share it.
#![allow(unused_imports)]

pub use kbner_tagger::tiny::*;
