//! The transport vectors of `../shared/vectors`: every complete TCP segment and UDP
//! datagram of "A short story of TCP" (`seed_story.jsonl`) verifies with its checksum and
//! re-emits byte for byte from its repr; the TCP headers of `syn74.hex` and `data1514.hex`
//! decode with the values `../shared/notes/ethernet-ip-tcp.md` gives.
//!
//! The shared folder is `../shared` beside the workspace, or `$CODEC_SHARED`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use codec_inet::pseudo::IpPseudo;
use codec_inet::tcp::{TcpFlags, TcpOption, TcpPacket, TcpRepr, TcpTimestamps};
use codec_inet::udp::{UdpChecksumStatus, UdpPacket, UdpRepr};
use core::net::Ipv4Addr;
use std::path::{Path, PathBuf};

fn shared_dir() -> PathBuf {
    std::env::var_os("CODEC_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// The string value of `"key": "..."` in a JSON line (the vectors hold no escapes in these).
fn string_field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("\"{key}\": \"");
    let start = line.find(&pat)? + pat.len();
    let len = line[start..].find('"')?;
    Some(&line[start..start + len])
}

/// The raw text of `"key": [...]`.
fn list_field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("\"{key}\": [");
    let start = line.find(&pat)? + pat.len();
    let len = line[start..].find(']')?;
    Some(&line[start..start + len])
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

struct Datagram {
    index: usize,
    protocol: u8,
    ip: IpPseudo,
    transport: Vec<u8>,
    verified: String,
}

fn complete_ipv4_datagrams() -> Vec<Datagram> {
    let path = shared_dir().join("vectors/seed_story.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if string_field(line, "layer") != Some("ipv4") || !line.contains("\"complete\": true") {
            continue;
        }
        let bytes = hex(string_field(line, "hex").unwrap());
        let ihl = usize::from(bytes[0] & 0x0f) * 4;
        let total = usize::from(u16::from_be_bytes([bytes[2], bytes[3]]));
        assert_eq!(total, bytes.len(), "message {index}: IP total length");
        let src = Ipv4Addr::new(bytes[12], bytes[13], bytes[14], bytes[15]);
        let dst = Ipv4Addr::new(bytes[16], bytes[17], bytes[18], bytes[19]);
        out.push(Datagram {
            index,
            protocol: bytes[9],
            ip: IpPseudo::V4 { src, dst },
            transport: bytes[ihl..total].to_vec(),
            verified: list_field(line, "verified").unwrap().to_string(),
        });
    }
    out
}

#[test]
fn every_complete_tcp_segment_verifies_and_re_emits() {
    let mut count = 0;
    let mut with_options = 0;
    for d in complete_ipv4_datagrams()
        .into_iter()
        .filter(|d| d.protocol == 6)
    {
        assert!(d.verified.contains("tcp_checksum"), "message {}", d.index);
        let p = TcpPacket::parse(&d.transport[..])
            .unwrap_or_else(|e| panic!("message {}: {e}", d.index));
        assert!(p.verify_checksum(&d.ip), "message {}: checksum", d.index);
        assert_eq!(p.computed_checksum(&d.ip), Some(p.checksum()));
        // Options are well formed wherever there are any.
        let summary = p.options_summary().unwrap();
        if !p.options().is_empty() {
            with_options += 1;
            assert!(p.flags().contains(TcpFlags::SYN), "message {}", d.index);
            assert!(summary.mss.is_some(), "message {}", d.index);
        }
        let r = TcpRepr::parse(&p).unwrap();
        let mut out = vec![0u8; r.buffer_len()];
        assert_eq!(r.emit(&d.ip, &mut out).unwrap(), d.transport.len());
        assert_eq!(out, d.transport, "message {}: re-emitted bytes", d.index);
        count += 1;
    }
    // vectors/README.md: 53 complete TCP segments; the SYNs carry MSS (and, from the FTP
    // server's data connection, the BSD layout MSS NOP WS NOP NOP TS).
    assert_eq!(count, 53);
    assert_eq!(with_options, 4);
}

#[test]
fn every_complete_udp_datagram_verifies_and_re_emits() {
    let mut count = 0;
    for d in complete_ipv4_datagrams()
        .into_iter()
        .filter(|d| d.protocol == 17)
    {
        assert!(d.verified.contains("udp_checksum"), "message {}", d.index);
        let p = UdpPacket::parse(&d.transport[..])
            .unwrap_or_else(|e| panic!("message {}: {e}", d.index));
        assert_eq!(usize::from(p.length()), d.transport.len());
        assert_eq!(
            p.verify_checksum(&d.ip),
            UdpChecksumStatus::Good,
            "message {}",
            d.index
        );
        assert_eq!(p.dst_port().min(p.src_port()), 53, "message {}", d.index);
        let r = UdpRepr::parse(&p).unwrap();
        let mut out = vec![0u8; r.buffer_len()];
        assert_eq!(r.emit(&d.ip, &mut out).unwrap(), d.transport.len());
        assert_eq!(out, d.transport, "message {}: re-emitted bytes", d.index);
        count += 1;
    }
    // Seven of the eight DNS datagrams are complete (the last response is truncated).
    assert_eq!(count, 7);
}

fn frame(name: &str) -> Vec<u8> {
    let path = shared_dir().join("vectors").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    hex(text.trim())
}

/// 192.168.1.100 > 93.184.216.34, the addresses of both frames.
fn flow() -> IpPseudo {
    IpPseudo::V4 {
        src: Ipv4Addr::new(192, 168, 1, 100),
        dst: Ipv4Addr::new(93, 184, 216, 34),
    }
}

#[test]
fn syn74_decodes() {
    let f = frame("syn74.hex");
    assert_eq!(f.len(), 74);
    // Ethernet (14) and IPv4 without options (20) before the TCP header.
    assert_eq!((f[12], f[13], f[14], f[23]), (0x08, 0x00, 0x45, 6));
    let tcp = &f[34..];
    let p = TcpPacket::parse(tcp).unwrap();
    assert_eq!((p.src_port(), p.dst_port()), (50000, 80));
    assert_eq!(p.flags(), TcpFlags::SYN);
    assert_eq!(p.data_offset(), 10);
    assert!(p.payload().is_empty());
    assert!(p.verify_checksum(&flow()));
    let opts: Vec<TcpOption<'_>> = p.option_iter().map(Result::unwrap).collect();
    assert_eq!(
        opts,
        [
            TcpOption::Mss(1460),
            TcpOption::SackPermitted,
            TcpOption::Timestamps(TcpTimestamps {
                tsval: 0x009a_2b3c,
                tsecr: 0
            }),
            TcpOption::Nop,
            TcpOption::WindowScale(7),
        ]
    );
    let s = p.options_summary().unwrap();
    assert_eq!(
        (s.mss, s.sack_permitted, s.window_scale),
        (Some(1460), true, Some(7))
    );
    let r = TcpRepr::parse(&p).unwrap();
    let mut out = [0u8; 40];
    r.emit(&flow(), &mut out).unwrap();
    assert_eq!(&out[..], tcp);
    // The summary's own layout (Linux's) is this frame's layout.
    let mut opt_bytes = [0u8; 40];
    let n = s.emit(&mut opt_bytes).unwrap();
    assert_eq!(&opt_bytes[..n], p.options());
}

#[test]
fn data1514_decodes() {
    let f = frame("data1514.hex");
    assert_eq!(f.len(), 1514);
    let tcp = &f[34..];
    let p = TcpPacket::parse(tcp).unwrap();
    assert_eq!((p.src_port(), p.dst_port()), (50000, 80));
    assert_eq!(p.flags(), TcpFlags::PSH | TcpFlags::ACK);
    assert_eq!((p.header_len(), p.payload().len()), (20, 1460));
    assert!(p.options().is_empty());
    assert!(
        p.payload()
            .iter()
            .enumerate()
            .all(|(i, &b)| usize::from(b) == (7 * i + 3) % 256)
    );
    assert!(p.verify_checksum(&flow()));
    let r = TcpRepr::parse(&p).unwrap();
    let mut out = vec![0u8; r.buffer_len()];
    r.emit(&flow(), &mut out).unwrap();
    assert_eq!(out, tcp);
}
