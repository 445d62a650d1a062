//! An arbitrary scenario and arbitrary choices (see `checks::engine`).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::engine(data));
