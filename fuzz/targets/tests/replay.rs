//! Replays the committed fuzz corpus and every crash input ever found through the fuzz
//! target bodies, under a plain `cargo test` on stable.
//!
//! For each target of [`codec_fuzz_targets::TARGETS`], every file of `fuzz/corpus/<name>/`
//! and `fuzz/regressions/<name>/` is run whole and cut at every length up to 64 bytes (the
//! cuts land inside the headers, where the length checks are).
// A test asserts by panicking; its helpers too (clippy.toml only exempts `#[test]` bodies).
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use codec_fuzz_targets::TARGETS;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Inputs are also replayed cut to every length up to this one.
const MAX_CUT: usize = 64;

/// Targets whose seed corpus must be present (made from the real captures by
/// `cargo run -p codec-fuzz-targets --example seed_corpus`).
const SEEDED: &[&str] = &[
    "ethernet",
    "arp",
    "ipv4",
    "ipv6",
    "icmp",
    "icmpv6",
    "tcp",
    "udp",
    "gre",
    "ppp",
    "lcp",
    "ipcp",
    "ipv6cp",
    "ccp",
    "pap",
    "chap",
    "pppoe",
    "dns",
    "dns_tcp",
    "dns_differential",
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/targets has a parent")
        .to_path_buf()
}

/// The regular files of `dir`, sorted; none when it does not exist. Hidden files
/// (`.gitkeep`) and `README*` are not inputs.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && !name.starts_with("README")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn replay_corpus_and_regressions() {
    let fuzz = fuzz_dir();
    let mut failures = Vec::new();
    for &(name, target) in TARGETS {
        let corpus = inputs(&fuzz.join("corpus").join(name));
        let regressions = inputs(&fuzz.join("regressions").join(name));
        if SEEDED.contains(&name) {
            assert!(
                !corpus.is_empty(),
                "fuzz/corpus/{name}/ is missing or empty: run `cargo run -p codec-fuzz-targets --example seed_corpus`"
            );
        }
        let mut runs = 0usize;
        for path in corpus.iter().chain(&regressions) {
            let data = std::fs::read(path).expect("readable corpus file");
            let cuts = (0..=data.len().min(MAX_CUT)).chain(
                // The whole input, when longer than the cuts.
                (data.len() > MAX_CUT).then_some(data.len()),
            );
            for len in cuts {
                runs += 1;
                let input = &data[..len];
                if let Err(panic) = catch_unwind(AssertUnwindSafe(|| target(input))) {
                    let message = panic
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| panic.downcast_ref::<&str>().copied())
                        .unwrap_or("(non-string panic)");
                    failures.push(format!(
                        "{name}: {} cut to {len} of {} bytes: {message}",
                        path.display(),
                        data.len()
                    ));
                    // One report per file is enough.
                    break;
                }
            }
        }
        println!(
            "{name}: {} corpus files, {} regressions, {runs} inputs replayed",
            corpus.len(),
            regressions.len()
        );
    }
    assert!(
        failures.is_empty(),
        "{} fuzz inputs broke a law:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
