//! cargo-fuzz binary for the `dissect_frame` target; the body is
//! [`codec_fuzz_targets::dissect_frame`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::dissect_frame(data));
