//! cargo-fuzz binary for the `dhcp_roundtrip` target; the body is
//! [`codec_fuzz_targets::dhcp_roundtrip`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::dhcp_roundtrip(data));
