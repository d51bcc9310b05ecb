//! The built-in demonstration equals the seed trace's vectors, message by message.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod common;
use codec_dissect::capture::read_capture;
use codec_dissect::demo::{seed_story, write_pcap};
use codec_dissect::dissect::{Options, dissect};
use common::shared_dir;
use serde_json::Value;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn vectors() -> Vec<Value> {
    std::fs::read_to_string(shared_dir().join("vectors/seed_story.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_message_equals_the_vectors() {
    let story = seed_story().unwrap();
    let vectors = vectors();
    assert_eq!(story.len(), vectors.len());
    let mut exact = 0;
    for (ours, theirs) in story.iter().zip(&vectors) {
        let i = theirs["index"].as_u64().unwrap() as usize;
        assert_eq!(ours.index, i);
        assert_eq!(ours.sent, theirs["direction"] == "sent", "message {i}");
        let protocol: &[u8] = match theirs["layer"].as_str().unwrap() {
            "lcp" => &[0xc0, 0x21],
            "pap" => &[0xc0, 0x23],
            "ccp" => &[0x80, 0xfd],
            "ipcp" => &[0x80, 0x21],
            "ipv4" => &[0x00, 0x21],
            other => panic!("layer {other}"),
        };
        assert_eq!(&ours.frame[..2], [0xff, 0x03], "message {i}");
        assert_eq!(&ours.frame[2..4], protocol, "message {i}");
        let expected = hex(theirs["hex"].as_str().unwrap());
        let info = ours.information();
        if theirs["complete"] == true {
            assert_eq!(info, expected, "message {i}: {}", theirs["summary"]);
            assert!(ours.placeholder.is_none(), "message {i} is complete");
            exact += 1;
            continue;
        }
        // Incomplete in the log: what the log gives is exact, the rest is a marked stand-in.
        assert!(ours.placeholder.is_some(), "message {i} must be marked");
        assert_eq!(
            &info[..expected.len()],
            expected,
            "message {i}: {}",
            theirs["summary"]
        );
        if let Some(len) = theirs["payload_len"].as_u64() {
            assert_eq!(info.len(), expected.len() + len as usize, "message {i}");
        }
        if let Some(prefix) = theirs["payload_prefix_hex"].as_str() {
            assert_eq!(&info[40..40 + prefix.len() / 2], hex(prefix), "message {i}");
        }
        if let Some(suffix) = theirs["payload_suffix_hex"].as_str() {
            assert_eq!(
                &info[info.len() - suffix.len() / 2..],
                hex(suffix),
                "message {i}"
            );
        }
    }
    assert_eq!(exact, 79, "the 79 complete messages are byte-exact");
}

#[test]
fn the_pcap_matches_seed_story_pcap_and_dissects_cleanly() {
    let story = seed_story().unwrap();
    let mut pcap = Vec::new();
    write_pcap(&story, &mut pcap).unwrap();
    let mut ours = Vec::new();
    read_capture(&pcap[..], |r| ours.push((r.linktype, r.data.to_vec()))).unwrap();
    assert_eq!(ours.len(), 100);
    let reference = std::fs::read(shared_dir().join("vectors/seed_story.pcap")).unwrap();
    let mut theirs = Vec::new();
    read_capture(&reference[..], |r| theirs.push(r.data.to_vec())).unwrap();
    let complete: Vec<&Vec<u8>> = story
        .iter()
        .zip(&ours)
        .filter(|(m, _)| m.placeholder.is_none())
        .map(|(_, (_, data))| data)
        .collect();
    assert_eq!(complete.len(), theirs.len());
    for (a, b) in complete.iter().zip(&theirs) {
        assert_eq!(*a, b);
    }
    for (n, (linktype, data)) in ours.iter().enumerate() {
        let p = dissect(
            n as u64 + 1,
            *linktype,
            data.len() as u32,
            data,
            &Options::default(),
        );
        assert!(p.errors.is_empty(), "frame {}: {:?}", n + 1, p.errors);
        for l in &p.layers {
            if let Some(status) = l.fields.get("checksum_status") {
                assert_eq!(status, "good", "frame {} {}", n + 1, l.proto);
            }
        }
    }
}
