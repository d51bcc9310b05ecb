//! Van Jacobson compression against real traffic.
//!
//! - Every IPv4 datagram of the Ethernet captures in `../shared/captures` goes through a
//!   compressor and a decompressor (one pair per direction, i.e. per source and destination
//!   address, in capture order) and comes back byte for byte.
//! - The VJ frames pppd sent in `gen_ppp/ppp_chapvj.pcapng` (link type 204: a direction
//!   byte, then the PPP frame with its FCS-16) decompress, one decompressor per direction,
//!   into datagrams whose IPv4 and TCP checksums verify and whose HTTP reads as HTTP; and
//!   our compressor, fed the same datagrams, writes the same frames.
//!
//! Wireshark's own rebuild of these VJ frames is not used: it counts the FCS as TCP data
//! (`../shared/captures/GENERATED.md`).
//!
//! The shared folder is `../shared` beside the workspace, or `$CODEC_SHARED`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use codec_core::fcs::fcs16_is_good;
use codec_inet::ip::IpProtocol;
use codec_inet::ipv4::Ipv4Packet;
use codec_inet::pseudo::IpPseudo;
use codec_inet::tcp::TcpPacket;
use codec_inet::vj::{MAX_HEADER_LEN, VjCompressor, VjConfig, VjDecompressor};
use codec_link::ppp::{PppFrame, PppProtocol};
use core::net::Ipv4Addr;
use pcap_parser::pcapng::Block;
use pcap_parser::{PcapBlockOwned, PcapError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn shared_dir() -> PathBuf {
    std::env::var_os("CODEC_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// Every frame of a pcap or pcapng file, with its link type.
fn frames(path: &Path) -> Vec<(u32, Vec<u8>)> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = pcap_parser::create_reader(1 << 20, file).unwrap();
    let mut out = Vec::new();
    let mut legacy = 1u32;
    let mut interfaces: Vec<u32> = Vec::new();
    loop {
        match reader.next() {
            Ok((offset, block)) => {
                match block {
                    PcapBlockOwned::LegacyHeader(h) => legacy = h.network.0 as u32,
                    PcapBlockOwned::Legacy(b) => out.push((legacy, b.data.to_vec())),
                    PcapBlockOwned::NG(Block::SectionHeader(_)) => interfaces.clear(),
                    PcapBlockOwned::NG(Block::InterfaceDescription(i)) => {
                        interfaces.push(i.linktype.0 as u32);
                    }
                    PcapBlockOwned::NG(Block::EnhancedPacket(p)) => {
                        let lt = interfaces[p.if_id as usize];
                        out.push((lt, p.data[..p.caplen as usize].to_vec()));
                    }
                    PcapBlockOwned::NG(_) => {}
                }
                reader.consume(offset);
            }
            Err(PcapError::Eof) => return out,
            Err(PcapError::Incomplete(_)) => reader.refill().unwrap(),
            Err(e) => panic!("{}: {e:?}", path.display()),
        }
    }
}

/// The IPv4 datagram of an Ethernet frame (VLAN tags skipped), cut to its total length;
/// `None` for other frames and for datagrams the capture cut short.
fn ipv4_of_ethernet(frame: &[u8]) -> Option<Vec<u8>> {
    let mut at = 12;
    loop {
        let ty = u16::from_be_bytes([*frame.get(at)?, *frame.get(at + 1)?]);
        match ty {
            0x8100 | 0x88a8 | 0x9100 => at += 4,
            0x0800 => break,
            _ => return None,
        }
    }
    let bytes = frame.get(at + 2..)?;
    let ip = Ipv4Packet::parse(bytes).ok()?;
    Some(bytes[..usize::from(ip.total_len())].to_vec())
}

#[derive(Default, Debug)]
struct Counts {
    datagrams: usize,
    tcp: usize,
    ipv4: usize,
    uncompressed: usize,
    compressed: usize,
    bytes_in: usize,
    bytes_out: usize,
}

/// Compresses and decompresses every datagram of a capture, per direction.
fn round_trip(path: &Path) -> Counts {
    let mut links: BTreeMap<(Ipv4Addr, Ipv4Addr), (VjCompressor, VjDecompressor)> = BTreeMap::new();
    let mut c = Counts::default();
    for (number, (linktype, frame)) in frames(path).into_iter().enumerate() {
        if linktype != 1 {
            continue;
        }
        let Some(datagram) = ipv4_of_ethernet(&frame) else {
            continue;
        };
        let ip = Ipv4Packet::parse(&datagram[..]).unwrap();
        c.datagrams += 1;
        if ip.protocol() == IpProtocol::Tcp {
            c.tcp += 1;
        }
        let (tx, rx) = links.entry((ip.src_addr(), ip.dst_addr())).or_default();
        let mut wire = vec![0u8; datagram.len()];
        let (kind, n) = tx.compress(&datagram, &mut wire).unwrap();
        let mut back = vec![0u8; n + MAX_HEADER_LEN];
        let m = rx
            .decompress(kind, &wire[..n], &mut back)
            .unwrap_or_else(|e| panic!("{} frame {}: {e}", path.display(), number + 1));
        assert_eq!(
            back[..m],
            datagram[..],
            "{} frame {}: {kind:?} {:02x?}",
            path.display(),
            number + 1,
            &wire[..n]
        );
        match kind {
            PppProtocol::Ipv4 => c.ipv4 += 1,
            PppProtocol::VjUncompressed => c.uncompressed += 1,
            _ => c.compressed += 1,
        }
        c.bytes_in += datagram.len();
        c.bytes_out += n;
    }
    c
}

fn captures_with(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            captures_with(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "pcap" || e == "pcapng" || e == "cap")
        {
            out.push(p);
        }
    }
}

#[test]
fn ethernet_captures_round_trip() {
    let captures = shared_dir().join("captures");
    // The captures the task names must be there and carry TCP.
    for named in [
        "gen_net/net_tcp_http.pcap",
        "gen_ftp/ftp_lftp.pcap",
        "ftp/zeek_ftp_ipv4.pcap",
    ] {
        let c = round_trip(&captures.join(named));
        println!("{named}: {c:?}");
        assert!(c.tcp > 10 && c.uncompressed > 0, "{named}: {c:?}");
    }
    // And every other Ethernet capture.
    let mut all = Vec::new();
    captures_with(&captures, &mut all);
    all.sort();
    let mut total = Counts::default();
    for path in &all {
        let c = round_trip(path);
        if c.datagrams > 0 {
            println!("{}: {c:?}", path.strip_prefix(&captures).unwrap().display());
        }
        total.datagrams += c.datagrams;
        total.tcp += c.tcp;
        total.ipv4 += c.ipv4;
        total.uncompressed += c.uncompressed;
        total.compressed += c.compressed;
        total.bytes_in += c.bytes_in;
        total.bytes_out += c.bytes_out;
    }
    println!("all Ethernet captures: {total:?}");
    assert!(
        total.compressed > 200 && total.uncompressed > 200,
        "{total:?}"
    );
}

#[derive(Default, Debug)]
struct Direction {
    frames: usize,
    uncompressed: usize,
    compressed: usize,
    ip_checksum_good: usize,
    tcp_checksum_good: usize,
    tcp_data: Vec<u8>,
}

#[test]
fn pppd_vj_frames_decompress() {
    let path = shared_dir().join("captures/gen_ppp/ppp_chapvj.pcapng");
    // IPCP negotiated "compress VJ 0f 01" both ways.
    let config = VjConfig::new(15, true);
    // Index 0: frames this host sent (direction byte 1), 1: frames it received.
    let mut rx: [VjDecompressor; 2] = [
        VjDecompressor::new(config).unwrap(),
        VjDecompressor::new(config).unwrap(),
    ];
    let mut tx: [VjCompressor; 2] = [
        VjCompressor::new(config).unwrap(),
        VjCompressor::new(config).unwrap(),
    ];
    let mut dirs: [Direction; 2] = Default::default();
    let mut ip_frames = 0;
    for (number, (linktype, frame)) in frames(&path).into_iter().enumerate() {
        assert_eq!(linktype, 204);
        let number = number + 1;
        let side = usize::from(frame[0] != 1);
        let body = &frame[1..];
        assert!(fcs16_is_good(body), "frame {number}: FCS");
        let ppp = PppFrame::parse(&body[..body.len() - 2]).unwrap();
        let kind = ppp.protocol();
        if !matches!(
            kind,
            PppProtocol::Ipv4 | PppProtocol::VjUncompressed | PppProtocol::VjCompressed
        ) {
            continue;
        }
        let mut out = vec![0u8; ppp.payload().len() + MAX_HEADER_LEN];
        let n = rx[side]
            .decompress(kind, ppp.payload(), &mut out)
            .unwrap_or_else(|e| panic!("frame {number}: {e}"));
        let datagram = &out[..n];
        let ip = Ipv4Packet::parse(datagram).unwrap();
        if kind == PppProtocol::Ipv4 {
            ip_frames += 1;
        } else {
            let d = &mut dirs[side];
            d.frames += 1;
            if kind == PppProtocol::VjUncompressed {
                d.uncompressed += 1;
            } else {
                d.compressed += 1;
            }
            if ip.verify_checksum() {
                d.ip_checksum_good += 1;
            }
            let pseudo = IpPseudo::V4 {
                src: ip.src_addr(),
                dst: ip.dst_addr(),
            };
            let tcp = TcpPacket::parse(ip.payload()).unwrap();
            if tcp.verify_checksum(&pseudo) {
                d.tcp_checksum_good += 1;
            }
            d.tcp_data.extend_from_slice(tcp.payload());
        }
        // Our compressor makes the same frame of the same datagram.
        let mut wire = vec![0u8; n];
        let (k, m) = tx[side].compress(datagram, &mut wire).unwrap();
        assert_eq!((k, &wire[..m]), (kind, ppp.payload()), "frame {number}");
    }
    for (name, d) in ["sent by 10.0.0.1", "received from 10.0.0.2"]
        .iter()
        .zip(&dirs)
    {
        println!(
            "{name}: {} VJ frames ({} uncompressed, {} compressed), IP checksum good {}, TCP checksum good {}, {} bytes of TCP data",
            d.frames,
            d.uncompressed,
            d.compressed,
            d.ip_checksum_good,
            d.tcp_checksum_good,
            d.tcp_data.len()
        );
        assert_eq!(d.ip_checksum_good, d.frames);
        assert_eq!(d.tcp_checksum_good, d.frames);
    }
    println!("plain IPv4 frames: {ip_frames}");
    assert_eq!((dirs[0].frames, dirs[1].frames), (8, 8));
    // Two HTTP exchanges: the requests...
    let sent = String::from_utf8(dirs[0].tcp_data.clone()).unwrap();
    let request = "GET /index.txt HTTP/1.1\r\nHost: 10.0.0.2:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
    assert_eq!(sent, request.repeat(2));
    // ... and the responses, whose bodies have the length their heads announce.
    let received = String::from_utf8(dirs[1].tcp_data.clone()).unwrap();
    let responses: Vec<&str> = received
        .split("HTTP/1.0 200 OK\r\n")
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(responses.len(), 2);
    for r in responses {
        let (head, body) = r.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("Server: SimpleHTTP/0.6 Python/3.11.2\r\n"));
        assert!(head.contains("Content-Length: 15"));
        assert_eq!(body, "hello over ppp\n");
    }
}
