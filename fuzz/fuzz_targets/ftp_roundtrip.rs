//! cargo-fuzz binary for the `ftp_roundtrip` target; the body is
//! [`codec_fuzz_targets::ftp_roundtrip`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::ftp_roundtrip(data));
