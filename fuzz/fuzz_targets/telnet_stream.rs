//! cargo-fuzz binary for the `telnet_stream` target; the body is
//! [`codec_fuzz_targets::telnet_stream`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::telnet_stream(data));
