//! Robustness: the dissector on damaged input. Every shared capture (the malformed ones
//! included) is dissected as it is, then frame by frame with bits flipped and bytes cut off,
//! and as a file truncated and bit-flipped at random places. Nothing may panic; a damaged
//! file must end in a typed capture error after delivering the frames before the damage, and
//! the command line must say so and exit with code 1.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod common;
use codec_dissect::capture::{CaptureError, read_capture};
use codec_dissect::dissect::{Options, dissect};
use codec_dissect::output::{Format, Stats, SummaryPrinter, write_packet};
use common::shared_dir;
use std::path::PathBuf;

fn captures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![shared_dir().join("captures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("pcap" | "pcapng")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(
        out.len() >= 40,
        "expected the shared captures, found {}",
        out.len()
    );
    out
}

/// xorshift64*: a fixed, reproducible sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Frame {
    linktype: u32,
    origlen: u32,
    data: Vec<u8>,
}

fn frames_of(bytes: &[u8]) -> (Vec<Frame>, Result<u64, CaptureError>) {
    let mut frames = Vec::new();
    let result = read_capture(bytes, |r| {
        frames.push(Frame {
            linktype: r.linktype,
            origlen: r.origlen,
            data: r.data.to_vec(),
        })
    });
    (frames, result)
}

/// Dissects and prints a frame every way the command line can.
fn exercise(number: u64, linktype: u32, origlen: u32, data: &[u8], options: &Options) -> usize {
    let packet = dissect(number, linktype, origlen, data, options);
    let mut sink = Vec::new();
    write_packet(&mut sink, &packet, Format::Json).unwrap();
    write_packet(&mut sink, &packet, Format::Layered { verbose: true }).unwrap();
    SummaryPrinter::new(true)
        .write(&mut sink, &packet, 0.0)
        .unwrap();
    let mut stats = Stats::default();
    stats.add(&packet);
    stats.write(&mut sink).unwrap();
    for layer in &packet.layers {
        assert!(
            layer.pos <= data.len(),
            "frame {number}: {} layer starts at {} past the {} captured bytes",
            layer.proto,
            layer.pos,
            data.len()
        );
    }
    packet.layers.len() + packet.errors.len()
}

#[test]
fn bit_flipped_and_cut_frames_never_panic() {
    let options = Options {
        decode_as: vec!["tcp.port==443,aim".parse().unwrap()],
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut dissected = 0usize;
    for path in captures() {
        let bytes = std::fs::read(&path).unwrap();
        let (frames, _) = frames_of(&bytes);
        for (i, f) in frames.iter().enumerate() {
            let n = i as u64 + 1;
            exercise(n, f.linktype, f.origlen, &f.data, &options);
            for _ in 0..12 {
                let mut d = f.data.clone();
                for _ in 0..=rng.below(4) {
                    if !d.is_empty() {
                        let at = rng.below(d.len());
                        d[at] ^= 1 << rng.below(8);
                    }
                }
                exercise(n, f.linktype, f.origlen, &d, &options);
                let cut = rng.below(d.len() + 1);
                exercise(n, f.linktype, f.origlen, &d[..cut], &options);
                dissected += 2;
            }
        }
    }
    assert!(
        dissected > 25_000,
        "only {dissected} damaged frames dissected"
    );
}

#[test]
fn truncated_files_end_in_a_typed_error_after_the_frames_before_the_cut() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    for path in captures() {
        let bytes = std::fs::read(&path).unwrap();
        let (all, whole) = frames_of(&bytes);
        let total = all.len() as u64;
        // Every shared capture reads whole (the malformed ones are damaged inside frames).
        assert_eq!(whole.ok(), Some(total), "{}", path.display());
        for _ in 0..16 {
            let cut = 1 + rng.below(bytes.len() - 1);
            let (frames, result) = frames_of(&bytes[..cut]);
            assert!(
                frames.len() as u64 <= total,
                "{}: more frames than the file",
                path.display()
            );
            for (i, f) in frames.iter().enumerate() {
                assert_eq!(
                    f.data,
                    all[i].data,
                    "{}: frame {} changed by a cut",
                    path.display(),
                    i + 1
                );
            }
            match result {
                Ok(n) => assert_eq!(n, frames.len() as u64),
                Err(CaptureError::Truncated { frames_read })
                | Err(CaptureError::Corrupt { frames_read, .. }) => {
                    assert_eq!(frames_read, frames.len() as u64)
                }
                Err(CaptureError::NotACapture) => {
                    panic!("{}: cut at {cut} called not a capture", path.display())
                }
                Err(CaptureError::Io(e)) => panic!("{}: I/O error {e}", path.display()),
            }
        }
    }
}

#[test]
fn bit_flipped_files_never_panic() {
    let options = Options::default();
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    for path in captures() {
        let bytes = std::fs::read(&path).unwrap();
        for _ in 0..24 {
            let mut d = bytes.clone();
            for _ in 0..=rng.below(3) {
                let at = rng.below(d.len());
                d[at] ^= 1 << rng.below(8);
            }
            let (frames, _) = frames_of(&d);
            for (i, f) in frames.iter().enumerate() {
                exercise(i as u64 + 1, f.linktype, f.origlen, &f.data, &options);
            }
        }
    }
}

#[test]
fn the_command_line_reports_a_truncated_capture_with_exit_code_1() {
    let path = shared_dir().join("captures/ftp/arkime_ftp.pcap");
    let bytes = std::fs::read(&path).unwrap();
    let dir = std::env::temp_dir().join(format!("dissect-robustness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cut = dir.join("cut.pcap");
    // Cut in the middle of the last record.
    std::fs::write(&cut, &bytes[..bytes.len() - 10]).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dissect"))
        .arg(&cut)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("truncated"), "stderr: {stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().count(),
        9,
        "the 9 whole frames are printed: {stdout}"
    );
    // Not a capture at all.
    let junk = dir.join("junk.pcap");
    std::fs::write(&junk, b"this is not a capture file").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dissect"))
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a pcap or pcapng file"));
    std::fs::remove_dir_all(&dir).unwrap();
}
