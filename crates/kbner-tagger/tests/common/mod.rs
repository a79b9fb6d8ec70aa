//! The tests' tiny model lives in kbner-nn (`kbner_nn::tiny`, feature `test-support`) so CLI tests share it.
#![allow(unused_imports)]

pub use kbner_nn::tiny::*;
