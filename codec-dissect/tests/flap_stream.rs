//! `--stream flap`: both directions of the real OSCAR session of
//! `../shared/captures/aim_oscar/ndpi_Oscar.pcap`, their TCP payloads joined into byte
//! streams, cut into FLAPs by `codec_aim::flap::Deframer` through the library function and
//! through the binary. Wireshark's per-packet reference lists one `aim` layer per FLAP
//! (the FLAP split over frames 13–14 once, in frame 13), so the counts and sequence numbers
//! must agree, and the stream must not depend on how it is read.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod common;
use codec_dissect::capture::read_capture;
use codec_dissect::dissect::{Options, dissect};
use codec_dissect::stream::{FlapStreamItem, flap_item_json, flap_stream};
use common::shared_dir;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn shared(rel: &str) -> PathBuf {
    shared_dir().join(rel)
}

/// The TCP payloads of the capture sent from `port`, joined in capture order.
fn stream_from(port: u64) -> Vec<u8> {
    let file = std::fs::File::open(shared("captures/aim_oscar/ndpi_Oscar.pcap")).unwrap();
    let mut out = Vec::new();
    read_capture(file, |r| {
        let p = dissect(r.number, r.linktype, r.origlen, r.data, &Options::default());
        let json = p.to_json();
        let layers = json["layers"].as_array().unwrap();
        let ip = layers.iter().find(|l| l["proto"] == "ip").unwrap();
        let tcp = layers.iter().find(|l| l["proto"] == "tcp").unwrap();
        if tcp["srcport"].as_u64() != Some(port) {
            return;
        }
        let start = (tcp["pos"].as_u64().unwrap() + tcp["size"].as_u64().unwrap()) as usize;
        let end = (ip["pos"].as_u64().unwrap() + ip["len"].as_u64().unwrap()) as usize;
        out.extend_from_slice(&r.data[start..end]);
    })
    .unwrap();
    out
}

/// The FLAP sequence numbers Wireshark shows for the frames sent from `port`.
fn reference_seqs(port: u64) -> Vec<u64> {
    let text = std::fs::read_to_string(shared("reference/ndpi_Oscar.pcap.jsonl")).unwrap();
    let mut seqs = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let layers = v["layers"].as_array().unwrap();
        if !layers
            .iter()
            .any(|l| l["proto"] == "tcp" && l["srcport"].as_u64() == Some(port))
        {
            continue;
        }
        seqs.extend(
            layers
                .iter()
                .filter(|l| l["proto"] == "aim")
                .map(|l| l["seq"].as_u64().unwrap()),
        );
    }
    seqs
}

fn seqs(items: &[FlapStreamItem]) -> Vec<u64> {
    items
        .iter()
        .filter_map(|i| match i {
            FlapStreamItem::Frame(f) => Some(flap_item_json(i)["layers"][0]["seq"].as_u64())
                .flatten()
                .filter(|_| f.packet.errors.is_empty()),
            FlapStreamItem::Note(n) => panic!("unexpected note {}", n.text),
        })
        .collect()
}

/// Reads `data` in reads of `step` bytes.
struct Trickle<'a>(&'a [u8], usize);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn both_directions_of_the_real_session() {
    for port in [443, 63357] {
        let stream = stream_from(port);
        let mut items = Vec::new();
        let summary = flap_stream(&stream[..], &Options::default(), |i| items.push(i)).unwrap();
        assert_eq!(summary.bytes, stream.len() as u64);
        let expected = reference_seqs(port);
        assert!(expected.len() > 20, "{port}: {expected:?}");
        assert_eq!(seqs(&items), expected, "direction from port {port}");
        assert_eq!(summary.frames as usize, expected.len());
        // The same items whatever the reads.
        for step in [1, 7, 1360] {
            let mut again = Vec::new();
            flap_stream(Trickle(&stream, step), &Options::default(), |i| {
                again.push(i)
            })
            .unwrap();
            assert_eq!(again, items, "reads of {step}");
        }
    }
}

#[test]
fn the_binary_reads_a_flap_stream() {
    let stream = stream_from(443);
    let path = std::env::temp_dir().join(format!("aim_server_{}.bin", std::process::id()));
    std::fs::write(&path, &stream).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dissect"))
        .args(["--stream", "flap", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), reference_seqs(443).len());
    // The split FLAP of frames 13-14 comes out whole: the 1651-byte rate info.
    let rate = lines
        .iter()
        .find(|l| l["layers"][0]["datalen"] == 1651)
        .unwrap();
    assert_eq!(rate["len"], 1657);
    assert_eq!(rate["protocols"], "aim:aim_generic");
    assert_eq!(rate["layers"][1]["size"], 1641);
    let text = Command::new(env!("CARGO_BIN_EXE_dissect"))
        .args(["--stream", "flap"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains(" FLAPs; 0 bad start bytes")
    );
    std::fs::remove_file(&path).ok();
}
