//! cargo-fuzz binary for the `msnp_stream` target; the body is
//! [`codec_fuzz_targets::msnp_stream`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::msnp_stream(data));
