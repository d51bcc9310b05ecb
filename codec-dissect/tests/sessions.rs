//! `--reassemble` on real sessions: the messages of each TCP connection in order, decoded by
//! the application's stream decoder across segment boundaries.
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
use codec_dissect::sessions::Sessions;
use common::shared_dir;

fn sessions(capture: &str) -> Vec<String> {
    sessions_with(capture, &[])
}

fn sessions_with(capture: &str, rules: &[&str]) -> Vec<String> {
    let bytes = std::fs::read(shared_dir().join("captures").join(capture)).unwrap();
    let rules = rules.iter().map(|r| r.parse().unwrap()).collect();
    let mut s = Sessions::new(rules);
    let mut out = Vec::new();
    read_capture(&bytes[..], |r| {
        let p = dissect(r.number, r.linktype, r.origlen, r.data, &Options::default());
        s.push(&p, r.data, &mut out).unwrap();
    })
    .unwrap();
    s.finish(&mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn ftp_session_in_order_with_multi_line_replies_whole() {
    let lines = sessions("gen_ftp/ftp_lftp.pcap");
    let find = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in {lines:#?}"))
    };
    // lftp's greeting is a 4-line 220; FEAT's answer a 10-line 211: each one message.
    let greeting = find("frame 10: FTP 220 gencaps test FTP server [+3 lines]");
    let feat = find("FTP 211 Features: [+8 lines]");
    let user = find("FTP USER anonymous");
    let pasv = find("FTP 227 Entering Passive Mode (10,21,0,1,117,55).");
    assert!(greeting < feat && feat < user && user < pasv);
    // The passive data connection is its own stream.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("#2 tcp 10.21.0.2:44066 ↔ 10.21.0.1:30007"))
    );
}

#[test]
fn dns_over_tcp_axfr_across_segments_is_one_message() {
    let lines = sessions("gen_dns/dns_bind9.pcap");
    let axfr: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("Standard query response 0xc356 AXFR example.test"))
        .collect();
    assert_eq!(axfr.len(), 1, "{lines:#?}");
    // The answer arrives in frame 83, the last of its segments, and is cut for display.
    assert!(axfr[0].starts_with("#3 10.53.0.1:53 → 10.53.0.2:36301 frame 83:"));
    assert!(axfr[0].contains("more bytes)"));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Standard query 0x1ba2 A many.example.test"))
    );
}

#[test]
fn telnet_negotiation_and_data_lines() {
    let lines = sessions("gen_telnet/telnet_inetutils.pcap");
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("IAC SB TTYPE IS \"XTERM-256COLOR\" IAC SE"))
    );
    assert!(lines.iter().any(|l| l.contains("IAC DO Linemode")));
}

#[test]
fn oscar_flaps_whole_across_segments_with_their_snacs() {
    let lines = sessions_with("aim_oscar/ndpi_Oscar.pcap", &["tcp.port==443,aim"]);
    assert!(lines[0].starts_with("#1 aim 10.30.29.3:63357 ↔ 178.237.24.249:443"));
    // Two FLAPs in frame 7, each with its SNAC.
    let frame7: Vec<&String> = lines.iter().filter(|l| l.contains(" frame 7: ")).collect();
    assert_eq!(frame7.len(), 2);
    assert!(frame7[0].ends_with("SNAC Generic Service, Server Ready flags 0x0000 id 0x802e7d10"));
    // The 1651-byte FLAP of frame 14 spans segments and still comes out whole.
    assert!(lines.iter().any(|l| l.contains("seq 6543 len 1651")));
}
