//! cargo-fuzz binary for the `dns_tcp` target; the body is
//! [`codec_fuzz_targets::dns_tcp`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::dns_tcp(data));
