//! cargo-fuzz binary for the `ccp` target; the body is
//! [`codec_fuzz_targets::ccp`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::ccp(data));
