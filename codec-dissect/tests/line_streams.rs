//! Split invariance of the line-protocol stream decoders on every real FTP and telnet
//! session of the shared captures.
//!
//! Each direction of each TCP connection on port 21 or 23 is rebuilt by concatenating its
//! TCP payloads in capture order, exact retransmissions (a sequence number and length seen
//! before) dropped. The decoder's events for the whole stream in one chunk are the
//! reference; the same stream cut at every single point (or 400 random points for long
//! streams), at 2 and at 3 random points (300 splits each, deterministic PRNG), and a byte
//! at a time must give the same events (telnet data runs merged: where a chunk ends a data
//! run is cut, which is not an event).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod common;
use codec_app::{ftp, telnet};
use codec_dissect::capture::read_capture;
use codec_inet::ip::IpProtocol;
use codec_inet::ipv4::Ipv4Packet;
use codec_inet::ipv6::Ipv6Packet;
use codec_inet::tcp::TcpPacket;
use codec_link::ethernet::{EtherType, EthernetFrame};
use common::shared_dir;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One direction of a connection: (source, destination) as text, and its stream.
type Streams = BTreeMap<(String, String), Vec<u8>>;

fn tcp_streams(capture: &Path, port: u16) -> Streams {
    let mut streams: Streams = BTreeMap::new();
    let mut seen: HashSet<(String, String, u32, usize)> = HashSet::new();
    read_capture(fs::File::open(capture).unwrap(), |r| {
        assert_eq!(
            r.linktype,
            1,
            "{}: Ethernet captures only",
            capture.display()
        );
        let Ok(eth) = EthernetFrame::parse(r.data) else {
            return;
        };
        let (src, dst, segment) = match eth.ethertype() {
            EtherType::Ipv4 => {
                let Ok(ip) = Ipv4Packet::parse(eth.payload()) else {
                    return;
                };
                if ip.protocol() != IpProtocol::Tcp {
                    return;
                }
                (
                    ip.src_addr().to_string(),
                    ip.dst_addr().to_string(),
                    ip.payload().to_vec(),
                )
            }
            EtherType::Ipv6 => {
                let Ok(ip) = Ipv6Packet::parse(eth.payload()) else {
                    return;
                };
                if ip.next_header() != IpProtocol::Tcp {
                    return;
                }
                (
                    ip.src_addr().to_string(),
                    ip.dst_addr().to_string(),
                    ip.payload().to_vec(),
                )
            }
            _ => return,
        };
        let Ok(tcp) = TcpPacket::parse(&segment[..]) else {
            return;
        };
        if tcp.src_port() != port && tcp.dst_port() != port {
            return;
        }
        let payload = tcp.payload();
        if payload.is_empty() {
            return;
        }
        let from = format!("{src}:{}", tcp.src_port());
        let to = format!("{dst}:{}", tcp.dst_port());
        if !seen.insert((from.clone(), to.clone(), tcp.seq(), payload.len())) {
            return; // an exact retransmission
        }
        streams
            .entry((from, to))
            .or_default()
            .extend_from_slice(payload);
    })
    .unwrap();
    streams
}

/// Deterministic xorshift64*.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

/// The splits to try: every single cut (or 400 random ones), 300 random 2- and 3-cut
/// splits, and a byte at a time.
fn splits(len: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    if len <= 3000 {
        out.extend((0..=len).map(|c| vec![c]));
    } else {
        out.extend((0..400).map(|_| vec![rng.below(len + 1)]));
    }
    for points in [2, 3] {
        for _ in 0..300 {
            let mut cuts: Vec<usize> = (0..points).map(|_| rng.below(len + 1)).collect();
            cuts.sort_unstable();
            out.push(cuts);
        }
    }
    out.push((1..len).collect());
    out
}

fn chunks<'a>(stream: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    for &c in cuts {
        out.push(&stream[at..c]);
        at = c;
    }
    out.push(&stream[at..]);
    out
}

fn ftp_events(direction: ftp::Direction, parts: &[&[u8]]) -> Vec<String> {
    let mut d: ftp::Decoder = ftp::Decoder::new(direction, [0; ftp::DEFAULT_CAPACITY]);
    let mut out = Vec::new();
    for p in parts {
        d.push(p, |e| out.push(format!("{e:?}")));
    }
    out.extend(d.finish().map(|e| format!("{e:?}")));
    out
}

fn telnet_events(parts: &[&[u8]]) -> Vec<String> {
    let mut d: telnet::Decoder = telnet::Decoder::default();
    let mut out = Vec::new();
    let mut data = Vec::new();
    for p in parts {
        d.push(p, |e| match e {
            telnet::Event::Data(b) => data.extend_from_slice(b),
            other => {
                if !data.is_empty() {
                    out.push(format!("data {:?}", std::mem::take(&mut data)));
                }
                out.push(format!("{other:?}"));
            }
        });
    }
    if !data.is_empty() {
        out.push(format!("data {data:?}"));
    }
    out.extend(d.finish().map(|e| format!("{e:?}")));
    out
}

fn captures(shared: &Path, dirs: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in dirs {
        let sources = fs::read_to_string(shared.join("captures").join(dir).join("SOURCES.md"))
            .unwrap_or_default();
        for entry in fs::read_dir(shared.join("captures").join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let malformed = sources
                .split("\n## ")
                .any(|s| s.starts_with(&name) && s.contains("- content: MALFORMED"));
            if !malformed && (name.ends_with(".pcap") || name.ends_with(".pcapng")) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn ftp_sessions_decode_the_same_whatever_the_split() {
    let shared = shared_dir();
    let mut rng = Rng(0x5eed_f7b0);
    let mut sessions = 0;
    for capture in captures(&shared, &["ftp", "gen_ftp"]) {
        for ((from, to), stream) in tcp_streams(&capture, 21) {
            let direction = if from.ends_with(":21") {
                ftp::Direction::Replies
            } else {
                ftp::Direction::Commands
            };
            let want = ftp_events(direction, &[&stream]);
            assert!(!want.is_empty());
            for e in &want {
                assert!(
                    e.starts_with("Command(") || e.starts_with("Reply("),
                    "{}: {from} -> {to}: {e}",
                    capture.display()
                );
            }
            for cuts in splits(stream.len(), &mut rng) {
                let got = ftp_events(direction, &chunks(&stream, &cuts));
                assert_eq!(
                    got,
                    want,
                    "{}: {from} -> {to}: cuts {cuts:?}",
                    capture.display()
                );
            }
            println!(
                "{} {from} -> {to}: {} bytes, {} events",
                capture.file_name().unwrap().to_string_lossy(),
                stream.len(),
                want.len()
            );
            sessions += 1;
        }
    }
    // Five captures, both directions of each control connection.
    assert_eq!(sessions, 10);
}

#[test]
fn telnet_sessions_decode_the_same_whatever_the_split() {
    let shared = shared_dir();
    let mut rng = Rng(0x7e1_4e7);
    let mut sessions = 0;
    for capture in captures(&shared, &["telnet", "gen_telnet"]) {
        for ((from, to), stream) in tcp_streams(&capture, 23) {
            let want = telnet_events(&[&stream]);
            assert!(!want.is_empty());
            for cuts in splits(stream.len(), &mut rng) {
                let got = telnet_events(&chunks(&stream, &cuts));
                assert_eq!(
                    got,
                    want,
                    "{}: {from} -> {to}: cuts {cuts:?}",
                    capture.display()
                );
            }
            println!(
                "{} {from} -> {to}: {} bytes, {} events",
                capture.file_name().unwrap().to_string_lossy(),
                stream.len(),
                want.len()
            );
            sessions += 1;
        }
    }
    assert!(sessions >= 5, "{sessions} telnet streams");
}

/// `dissect --stream telnet` and `--stream ftp` on directions of the generated sessions,
/// written to files as a TCP follower would.
#[test]
fn the_binary_reads_raw_streams() {
    let shared = shared_dir();
    let dir = std::env::temp_dir().join(format!("line-streams-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let run = |kind: &str, path: &Path| -> String {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dissect"))
            .args(["--stream", kind])
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // The telnet client of telnet_inetutils.pcap: NAWS 100x30 and the long SLC list.
    let telnet = tcp_streams(
        &shared.join("captures/gen_telnet/telnet_inetutils.pcap"),
        23,
    );
    let (_, client) = telnet
        .iter()
        .find(|((from, _), _)| !from.ends_with(":23"))
        .unwrap();
    let path = dir.join("telnet-client.bin");
    fs::write(&path, client).unwrap();
    let text = run("telnet", &path);
    assert!(text.contains("IAC SB NAWS 100x30 IAC SE"), "{text}");
    assert!(
        text.contains("IAC SB LINEMODE SLC (16 triplets) IAC SE"),
        "{text}"
    );
    assert!(
        text.contains("IAC SB TTYPE IS \"XTERM-256COLOR\" IAC SE"),
        "{text}"
    );
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("{} bytes, ", client.len())),
        "{last}"
    );
    assert!(
        last.ends_with(" events, 0 invalid, too long or unterminated"),
        "{last}"
    );
    // The FTP server of ftp_lftp.pcap: its multi-line banner and FEAT reply.
    let ftp = tcp_streams(&shared.join("captures/gen_ftp/ftp_lftp.pcap"), 21);
    let (_, server) = ftp
        .iter()
        .find(|((from, _), _)| from.ends_with(":21"))
        .unwrap();
    let path = dir.join("ftp-server.bin");
    fs::write(&path, server).unwrap();
    let text = run("ftp", &path);
    let first: Vec<&str> = text.lines().take(3).collect();
    assert_eq!(
        first,
        [
            "@0       FTP 220 gencaps test FTP server [+3 lines]",
            "@95      FTP 211 Features: [+8 lines]",
            "@175     FTP 530 Please login with USER and PASS.",
        ]
    );
    fs::remove_dir_all(&dir).unwrap();
}
