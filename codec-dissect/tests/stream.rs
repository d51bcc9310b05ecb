//! `--stream ppp-hdlc`: the raw serial byte stream of a real pppd session
//! (`../shared/captures/gen_ppp/ppp_pap.rcvd.bin`, what the recording pppd received) cut
//! into frames, through the library function and through the binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod common;
use codec_dissect::dissect::Options;
use codec_dissect::output::Format;
use codec_dissect::stream::{
    HdlcConfig, RxAccm, StreamItem, StreamKind, dissect_stream, item_json, ppp_hdlc,
};
use common::shared_dir;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn shared(rel: &str) -> PathBuf {
    shared_dir().join(rel)
}

const PAP_RCVD: &str = "captures/gen_ppp/ppp_pap.rcvd.bin";

/// (offset, PPP protocol, first information byte) of the 19 frames, from the pcapng of
/// the same session (direction 0) and pppd's server log: LCP ConfReq, ConfAck, EchoReq,
/// PAP AuthReq, LCP EchoRep, CCP ConfReq, IPCP ConfReq, CCP ConfNak, IPCP ConfAck, IPCP
/// ConfReq, CCP ConfAck, 2 Deflate data, LCP EchoReq/Rep, Deflate data, LCP EchoReq/Rep,
/// LCP TermAck.
const FRAMES: [(u64, &str, u8); 19] = [
    (1, "LCP (0xc021)", 1),
    (55, "LCP (0xc021)", 2),
    (106, "LCP (0xc021)", 9),
    (119, "PAP (0xc023)", 1),
    (145, "LCP (0xc021)", 10),
    (158, "CCP (0x80fd)", 1),
    (175, "IPCP (0x8021)", 1),
    (208, "CCP (0x80fd)", 3),
    (225, "IPCP (0x8021)", 2),
    (246, "IPCP (0x8021)", 1),
    (280, "CCP (0x80fd)", 2),
    (298, "Compressed datagram (0x00fd)", 0),
    (353, "Compressed datagram (0x00fd)", 0),
    (384, "LCP (0xc021)", 9),
    (397, "LCP (0xc021)", 10),
    (410, "Compressed datagram (0x00fd)", 0),
    (441, "LCP (0xc021)", 9),
    (454, "LCP (0xc021)", 10),
    (468, "LCP (0xc021)", 6),
];

fn run(accm: RxAccm) -> (Vec<StreamItem>, codec_dissect::stream::StreamSummary) {
    let file = std::fs::File::open(shared(PAP_RCVD)).unwrap();
    let config = HdlcConfig {
        accm,
        ..HdlcConfig::default()
    };
    let mut items = Vec::new();
    let summary = ppp_hdlc(file, &config, &Options::default(), |i| items.push(i)).unwrap();
    (items, summary)
}

#[test]
fn pap_rcvd_deframes_into_19_good_frames() {
    for accm in [RxAccm::Follow, RxAccm::Fixed(0x000a_0000), RxAccm::Fixed(0)] {
        let (items, summary) = run(accm);
        assert_eq!(summary.bytes, 485);
        assert_eq!(
            (summary.frames, summary.fcs_good, summary.fcs_bad),
            (19, 19, 0),
            "{accm:?}"
        );
        assert_eq!(
            (
                summary.aborted,
                summary.short,
                summary.too_long,
                summary.unterminated
            ),
            (0, 0, 0, 0)
        );
        let frames: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                StreamItem::Frame(f) => Some(f),
                StreamItem::Note(_) => None,
            })
            .collect();
        assert_eq!(frames.len(), 19);
        for (f, &(offset, protocol, first)) in frames.iter().zip(&FRAMES) {
            assert!(f.fcs_ok);
            assert_eq!(f.offset, offset);
            let header = f.header.as_ref().unwrap();
            assert!(
                header.starts_with(&format!("PPP {protocol}, ")),
                "{header} @{offset}"
            );
            // The first information byte (the code of a control packet).
            assert_eq!(f.data[f.data.len() - f.info_len], first, "@{offset}");
            let json = item_json(&StreamItem::Frame((*f).clone()));
            assert_eq!(json["fcs"], "good");
            assert_eq!(json["offset"], offset);
            assert_eq!(json["len"], f.data.len());
        }
    }
    // Following the negotiation: one switch, at the Configure-Ack @55 (asyncmap 0x000a0000).
    let (items, _) = run(RxAccm::Follow);
    let switches: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            StreamItem::Note(n) => Some((n.kind, n.offset, n.accm)),
            StreamItem::Frame(_) => None,
        })
        .collect();
    assert_eq!(switches, [("accm", 55, Some(0x000a_0000))]);
}

#[test]
fn pap_rcvd_with_the_default_accm_shows_bad_fcs() {
    // Keeping ACCM 0xffffffff after LCP is up drops the raw control characters the client
    // sends under 0x000a0000: only the three fully escaped LCP frames stay good.
    let (items, summary) = run(RxAccm::Fixed(0xffff_ffff));
    assert_eq!(
        (summary.frames, summary.fcs_good, summary.fcs_bad),
        (19, 3, 16)
    );
    let good: Vec<u64> = items
        .iter()
        .filter_map(|i| match i {
            StreamItem::Frame(f) if f.fcs_ok => Some(f.offset),
            _ => None,
        })
        .collect();
    assert_eq!(good, [1, 55, 468]);
}

#[test]
fn text_output_has_a_block_per_frame_and_a_summary() {
    let file = std::fs::File::open(shared(PAP_RCVD)).unwrap();
    let config = HdlcConfig {
        accm: RxAccm::Follow,
        ..HdlcConfig::default()
    };
    let mut out = Vec::new();
    dissect_stream(
        StreamKind::PppHdlc,
        file,
        &config,
        &Options::default(),
        Format::Layered { verbose: false },
        &mut out,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("frame ")).collect();
    assert_eq!(headers.len(), 19);
    assert!(headers[0].starts_with("frame 1 @1: 28 bytes (52 on the wire), FCS-16 0x2843 good, "));
    assert!(text.contains("\n  PPP PAP (0xc023), 21 bytes\n"));
    assert!(
        text.contains(
            "\n-- receive ACCM now 0x000a0000, as the LCP Configure-Ack @55 acknowledges\n"
        )
    );
    assert_eq!(
        text.lines().last().unwrap(),
        "485 bytes, 19 frames: 19 FCS good, 0 FCS bad; 0 aborted, 0 short, 0 too long, 0 unterminated"
    );
}

#[test]
fn the_binary_reads_streams() {
    let out = Command::new(env!("CARGO_BIN_EXE_dissect"))
        .args(["--stream", "ppp-hdlc", "--accm", "follow", "--json"])
        .arg(shared(PAP_RCVD))
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
    let frames: Vec<&Value> = lines.iter().filter(|v| v.get("frame").is_some()).collect();
    assert_eq!(frames.len(), 19);
    assert!(frames.iter().all(|v| v["fcs"] == "good"));
    let offsets: Vec<u64> = frames
        .iter()
        .map(|v| v["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, FRAMES.map(|f| f.0));
    assert_eq!(lines.len(), 20); // and the ACCM switch
    assert_eq!(lines[2]["event"], "accm");

    // Standard input, FCS-32 (wrong for this stream: every frame bad), a fixed ACCM.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dissect"))
        .args(["--stream", "ppp-hdlc", "--fcs32", "--accm", "0x000a0000"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        &std::fs::read(shared(PAP_RCVD)).unwrap(),
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.ends_with("485 bytes, 19 frames: 0 FCS good, 19 FCS bad; 0 aborted, 0 short, 0 too long, 0 unterminated\n"));

    // Without a capture or --stream: the demonstration; --accm needs --stream.
    let out = Command::new(env!("CARGO_BIN_EXE_dissect"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 100);
    let out = Command::new(env!("CARGO_BIN_EXE_dissect"))
        .args(["--accm", "0"])
        .arg(shared("captures/gen_ppp/ppp_pap.pcapng"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_dissect"))
        .args(["--stream", "ppp-hdlc", "--accm", "nonsense"])
        .arg(shared(PAP_RCVD))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad ACCM"));
}
