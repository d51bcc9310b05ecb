//! cargo-fuzz binary for the `aim_snac_tlv` target; the body is
//! [`codec_fuzz_targets::aim_snac_tlv`], which `cargo test` also replays over the corpus.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codec_fuzz_targets::aim_snac_tlv(data));
