//! cargo-fuzz binary for the `msnp_roundtrip` target; the body is
//! [`codec_fuzz_targets::msnp_roundtrip`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::msnp_roundtrip(data));
