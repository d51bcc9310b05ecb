//! cargo-fuzz binary for the `aim_oft` target; the body is
//! [`codec_fuzz_targets::aim_oft`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::aim_oft(data));
