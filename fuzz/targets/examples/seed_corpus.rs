//! Writes the fuzz seed corpus from the real captures.
//!
//! ```text
//! cargo run -p codec-fuzz-targets --example seed_corpus
//! ```
//!
//! Reads every `.pcap`, `.pcapng` and `.cap` under `../shared/captures` (relative to the
//! workspace root; `CODEC_SHARED` names another `shared` folder) and writes, deduplicated by
//! content and at most [`CAP`] per target:
//! - `fuzz/corpus/ethernet/<capture>-<frame>.bin`: whole frames of link type Ethernet (1).
//!   Every frame with VLAN tags or carrying ARP is kept; the others are sampled round-robin
//!   over the captures, so that each capture contributes.
//! - `fuzz/corpus/arp/<capture>-<frame>.bin`: the payload (with any padding) of every frame
//!   whose EtherType after the tags is ARP.
//! - `fuzz/corpus/{ethernet,arp}_roundtrip/`: [`ROUNDTRIP_SEEDS`] of those, as starting bytes
//!   for the `arbitrary`-driven targets.
//! - `fuzz/corpus/<layer>/<capture>-<frame>[-<n>].bin` for each decoder target of the inet and
//!   PPP codecs: the bytes each layer of every packet hands its decoder, found by walking the
//!   packets as a dissector does (Ethernet and VLAN tags, PPPoE discovery and session, PPP of
//!   link types 9 and 204 (the first, direction, byte dropped) and inside PPPoE and PPTP's GRE,
//!   IPv4, IPv6 and its extension chain, GRE): `ipv4`, `ipv6`, `icmp`, `icmpv6`, `tcp`, `udp`,
//!   `gre`, `ppp`, `lcp`, `ipcp`, `ipv6cp`, `ccp`, `pap`, `chap`, `pppoe`, and `dhcp` (UDP
//!   payloads from or to port 67 or 68, plus `../shared/vectors/dhcp_{discover,ack}.bin`). Deduplicated, at most
//!   [`LAYER_CAP`] each, sampled round-robin over the captures; `-<n>` numbers a second layer
//!   of the same target in one frame (IP in IP).
//! - the corpora of the other round-trip targets: [`ROUNDTRIP_SEEDS`] of the layers they
//!   build (`ipv4_roundtrip` from `ipv4`...; `ppp_control_roundtrip` from the four control
//!   protocols, `pap_chap_pppoe_roundtrip` from PAP, CHAP and PPPoE, interleaved).
//!
//! - the OSCAR targets' corpora (`aim_*`), from the OSCAR capture and the AIM vectors
//!   ([`aim_seeds`]).
//! - `fuzz/corpus/{ftp,telnet,msnp}_stream/` and their `_roundtrip` targets: the line
//!   protocols' streams (see [`line_streams`]).
//!
//! Files this program wrote before (`*.bin`) are removed first, so a run is reproducible;
//! inputs libFuzzer added (named by their SHA-1, no extension) are left alone.

use codec_inet::gre::GrePacket;
use codec_inet::ip::IpProtocol;
use codec_inet::ipv4::Ipv4Packet;
use codec_inet::ipv6::Ipv6Packet;
use codec_link::ethernet::{EtherType, EthernetFrame};
use codec_link::ppp::{PppFrame, PppProtocol};
use codec_link::pppoe::{PppoeCode, PppoePacket};
use pcap_parser::traits::PcapNGPacketBlock;
use pcap_parser::{Block, Linktype, PcapBlockOwned, PcapError, create_reader};
use std::collections::{BTreeMap, HashSet};
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

/// Most seeds per target.
const CAP: usize = 300;

/// Seeds copied into each round-trip target's corpus.
const ROUNDTRIP_SEEDS: usize = 20;

/// Most seeds per layer target (ipv4, tcp, lcp...).
const LAYER_CAP: usize = 200;

/// The layer targets, in the order their folders are written.
const LAYERS: [&str; 16] = [
    "ipv4", "ipv6", "icmp", "icmpv6", "tcp", "udp", "gre", "ppp", "lcp", "ipcp", "ipv6cp", "ccp",
    "pap", "chap", "pppoe", "dhcp",
];

/// The application targets fed from the layer walk (see [`walk_transport`]); `dns` seeds
/// also go to `dns_differential` whole.
const APP_LAYERS: &[&str] = &["dns", "dns_tcp"];

/// How deep the layer walk goes (IP in GRE in IP in PPP...).
const MAX_DEPTH: u8 = 6;

/// PPP (`LINKTYPE_PPP`): address and control, protocol, information.
const LINKTYPE_PPP: i32 = 9;

/// PPP with a direction byte first (pppd's captures, `LINKTYPE_PPP_PPPD`).
const LINKTYPE_PPP_PPPD: i32 = 204;

/// One packet of a capture, of any link type.
struct Packet {
    /// `<capture stem>-<frame number, from 1>`.
    name: String,
    linktype: Linktype,
    bytes: Vec<u8>,
}

/// One frame of a capture.
struct Frame {
    /// `<capture stem>-<frame number, from 1>`.
    name: String,
    bytes: Vec<u8>,
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var_os("CODEC_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let captures_dir = shared.join("captures");
    let mut captures = Vec::new();
    find_captures(&captures_dir, &mut captures)?;
    captures.sort();
    if captures.is_empty() {
        return Err(format!("no captures under {}", captures_dir.display()).into());
    }

    // Per capture, its Ethernet frames in order; and the layers of all its packets.
    let mut per_capture: BTreeMap<String, Vec<Frame>> = BTreeMap::new();
    let mut layers = Layers::default();
    for path in &captures {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("capture name is not UTF-8")?
            .to_owned();
        match packets(path, &stem) {
            Ok(packets) => {
                for p in &packets {
                    layers.frame(&stem, &p.name);
                    walk_link(&mut layers, p.linktype, &p.bytes);
                }
                let frames: Vec<Frame> = packets
                    .into_iter()
                    .filter(|p| p.linktype == Linktype::ETHERNET)
                    .map(|p| Frame {
                        name: p.name,
                        bytes: p.bytes,
                    })
                    .collect();
                println!("{}: {} Ethernet frames", path.display(), frames.len());
                if !frames.is_empty() {
                    per_capture.entry(stem).or_default().extend(frames);
                }
            }
            Err(e) => println!("{}: skipped ({e})", path.display()),
        }
    }

    let mut seen_eth = HashSet::new();
    let mut seen_arp = HashSet::new();
    let mut ethernet: Vec<&Frame> = Vec::new();
    let mut arp: Vec<(String, &[u8])> = Vec::new();
    let mut others: Vec<Vec<&Frame>> = Vec::new();
    for frames in per_capture.values() {
        let mut rest = Vec::new();
        for frame in frames {
            let Ok(parsed) = EthernetFrame::parse(&frame.bytes[..]) else {
                // Too short for a header: still a good decoder seed, but not a priority.
                rest.push(frame);
                continue;
            };
            let is_arp = parsed.ethertype() == EtherType::Arp;
            let tagged = !parsed.vlan_tags().is_empty();
            let payload = parsed.into_payload();
            if is_arp && arp.len() < CAP && seen_arp.insert(payload) {
                arp.push((frame.name.clone(), payload));
            }
            if is_arp || tagged {
                if ethernet.len() < CAP && seen_eth.insert(&frame.bytes[..]) {
                    ethernet.push(frame);
                }
            } else {
                rest.push(frame);
            }
        }
        others.push(spread(rest));
    }
    let priority = ethernet.len();
    // Round-robin over the captures until the cap.
    let mut round = 0;
    while ethernet.len() < CAP && others.iter().any(|o| round < o.len()) {
        for frames in &others {
            if let Some(frame) = frames.get(round)
                && ethernet.len() < CAP
                && seen_eth.insert(&frame.bytes[..])
            {
                ethernet.push(frame);
            }
        }
        round += 1;
    }

    let corpus = root.join("fuzz/corpus");
    let eth_files: Vec<(String, &[u8])> = ethernet
        .iter()
        .map(|f| (f.name.clone(), &f.bytes[..]))
        .collect();
    write_dir(&corpus.join("ethernet"), &eth_files)?;
    write_dir(&corpus.join("arp"), &arp)?;
    let roundtrip: Vec<(String, &[u8])> = arp
        .iter()
        .take(ROUNDTRIP_SEEDS / 2)
        .map(|(n, b)| (format!("arp-{n}"), *b))
        .chain(
            spread(eth_files.iter().collect())
                .into_iter()
                .map(|(n, b)| (format!("ethernet-{n}"), *b)),
        )
        .take(ROUNDTRIP_SEEDS)
        .collect();
    write_dir(&corpus.join("ethernet_roundtrip"), &roundtrip)?;
    write_dir(&corpus.join("arp_roundtrip"), &roundtrip)?;
    println!(
        "wrote {} ethernet seeds ({priority} with VLAN tags or ARP), {} arp seeds, {} round-trip seeds each, from {} captures",
        ethernet.len(),
        arp.len(),
        roundtrip.len(),
        per_capture.len()
    );

    // The DHCP vectors join the DHCP payloads of the captures.
    for v in ["dhcp_discover", "dhcp_ack"] {
        layers.frame("vectors", v);
        layers.push("dhcp", &fs::read(shared.join(format!("vectors/{v}.bin")))?);
    }

    // The layer targets and their round trips.
    let mut chosen: BTreeMap<&str, Vec<(String, &[u8])>> = BTreeMap::new();
    for layer in LAYERS.iter().chain(APP_LAYERS) {
        let seeds = layers.choose(layer);
        write_dir(&corpus.join(layer), &seeds)?;
        println!("wrote {} {layer} seeds", seeds.len());
        if *layer == "dns" {
            write_dir(&corpus.join("dns_differential"), &seeds)?;
            println!("wrote {} dns_differential seeds", seeds.len());
        }
        chosen.insert(layer, seeds);
    }
    for (target, from) in [
        ("ipv4_roundtrip", &["ipv4"][..]),
        ("ipv6_roundtrip", &["ipv6"]),
        ("tcp_roundtrip", &["tcp"]),
        ("udp_roundtrip", &["udp"]),
        ("ppp_control_roundtrip", &["lcp", "ipcp", "ipv6cp", "ccp"]),
        ("pap_chap_pppoe_roundtrip", &["pap", "chap", "pppoe"]),
        ("dns_roundtrip", &["dns"]),
        ("dhcp_roundtrip", &["dhcp"]),
    ] {
        let lists: Vec<Vec<(String, &[u8])>> = from
            .iter()
            .map(|l| {
                spread(chosen.get(l).cloned().unwrap_or_default())
                    .into_iter()
                    .map(|(n, b)| (format!("{l}-{n}"), b))
                    .collect()
            })
            .collect();
        let mut seeds = Vec::new();
        let mut round = 0;
        while seeds.len() < ROUNDTRIP_SEEDS && lists.iter().any(|l| round < l.len()) {
            for l in &lists {
                if let Some(s) = l.get(round)
                    && seeds.len() < ROUNDTRIP_SEEDS
                {
                    seeds.push(s.clone());
                }
            }
            round += 1;
        }
        write_dir(&corpus.join(target), &seeds)?;
        println!("wrote {} {target} seeds", seeds.len());
    }
    aim_seeds(&shared, &corpus)?;
    line_streams(&per_capture, &corpus)?;
    Ok(())
}

/// The OSCAR targets' seeds, from `captures/aim_oscar/ndpi_Oscar.pcap` (its two TCP byte
/// streams, their segments and FLAPs, SNACs and ICBMs) and the AIM vectors
/// (`oft2_winaim_prompt_header.bin`, `oscar_constructed.txt`):
/// - `aim_flap_deframe`: 4 selector bytes (buffer size, three cut points), then a whole
///   direction of the session, or one segment's payload;
/// - `aim_snac_tlv`: every FLAP payload of channel 2 (a SNAC);
/// - `aim_icbm_rendezvous`: 9 selector bytes (public address and port, flags), then the
///   data of every ICBM 4/6 and 4/7, and the constructed proposal with and without 0x0010;
/// - `aim_oft`: the WinAIM header, and the checksum golden inputs behind 3 selector bytes;
/// - `aim_proxy`: the three constructed proxy packets and an ODC2 message;
/// - `aim_roundtrip`: a few of each.
fn aim_seeds(shared: &Path, corpus: &Path) -> Result<(), Box<dyn Error>> {
    use codec_aim::flap::{Deframer, Event, FlapChannel};
    use codec_aim::icbm::{IcbmMessage, RendezvousParams, emit_rendezvous_icbm};
    use codec_aim::odc::{OdcFlags, OdcRepr};
    use codec_aim::snac::SnacPacket;
    use codec_inet::tcp::TcpPacket;

    let capture = shared.join("captures/aim_oscar/ndpi_Oscar.pcap");
    let mut streams: BTreeMap<u16, Vec<u8>> = BTreeMap::new();
    let mut deframe: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, p) in packets(&capture, "ndpi_Oscar")?.iter().enumerate() {
        let Ok(eth) = EthernetFrame::parse(&p.bytes[..]) else {
            continue;
        };
        let Ok(ip) = Ipv4Packet::parse_lax(eth.payload()) else {
            continue;
        };
        let Ok(tcp) = TcpPacket::parse(ip.payload()) else {
            continue;
        };
        if tcp.payload().is_empty() {
            continue;
        }
        streams
            .entry(tcp.src_port())
            .or_default()
            .extend_from_slice(tcp.payload());
        let mut seed = std::vec![(i % 4) as u8, 40, 90, 200];
        seed.extend_from_slice(tcp.payload());
        deframe.push((p.name.clone(), seed));
    }
    let mut snacs: Vec<(String, Vec<u8>)> = Vec::new();
    for (port, stream) in &streams {
        let mut seed = std::vec![0u8, 30, 100, 220];
        seed.extend_from_slice(stream);
        deframe.push((format!("ndpi_Oscar-from-{port}"), seed));
        let mut d = Deframer::default();
        let mut n = 0;
        d.push(stream, |e| {
            if let Event::Frame(f) = e
                && f.channel == FlapChannel::Data
            {
                n += 1;
                snacs.push((format!("ndpi_Oscar-from-{port}-{n}"), f.payload.to_vec()));
            }
        });
    }
    let mut icbms: Vec<(String, Vec<u8>)> = Vec::new();
    let selector = [203u8, 0, 113, 7, 0x9c, 0x41, 0, 0, 0];
    for (name, snac) in &snacs {
        if let Ok(s) = SnacPacket::parse(&snac[..])
            && s.family().value() == 4
            && matches!(s.subtype(), 6 | 7)
        {
            icbms.push((name.clone(), [&selector[..], s.data()].concat()));
        }
    }

    // The constructed vectors: blocks of `  offset  hex bytes` lines after a title line.
    let text = fs::read_to_string(shared.join("vectors/oscar_constructed.txt"))?;
    let mut vectors: Vec<Vec<u8>> = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') {
            vectors.push(Vec::new());
            continue;
        }
        if let Some(v) = vectors.last_mut() {
            for hex in line.split_whitespace().skip(1) {
                v.push(u8::from_str_radix(hex, 16)?);
            }
        }
    }
    let [proposal, init_send, init_recv, ack] = &vectors[..] else {
        return Err("oscar_constructed.txt: expected four vectors".into());
    };
    let icbm = proposal
        .get(16..)
        .ok_or("the proposal is shorter than its headers")?;
    icbms.push((
        "oscar_constructed-proposal".into(),
        [&selector[..], icbm].concat(),
    ));
    let m = IcbmMessage::parse(icbm).map_err(|e| e.to_string())?;
    let rv = m
        .rendezvous()
        .ok_or("no rendezvous")?
        .map_err(|e| e.to_string())?;
    let params = RendezvousParams {
        use_proxy: false,
        ..rv.params()
    };
    let mut direct = [0u8; 256];
    let n = emit_rendezvous_icbm(
        m.cookie,
        m.screen_name,
        true,
        rv.kind(),
        rv.capability(),
        &params,
        &mut direct,
    )
    .map_err(|e| e.to_string())?;
    let mut flagged = selector;
    flagged[8] = 1;
    let direct = direct.get(..n).unwrap_or_default();
    icbms.push((
        "oscar_constructed-direct".into(),
        [&selector[..], direct].concat(),
    ));
    icbms.push((
        "oscar_constructed-direct-8000".into(),
        [&flagged[..], direct].concat(),
    ));

    let winaim = fs::read(shared.join("vectors/oft2_winaim_prompt_header.bin"))?;
    let mut oft: Vec<(String, Vec<u8>)> = std::vec![("oft2_winaim_prompt_header".into(), winaim)];
    for (name, input) in [
        ("abc", &b"abc"[..]),
        ("hello", b"Hello, world!\n"),
        ("ff1024", &[0xff; 1024]),
    ] {
        oft.push((
            format!("checksum-{name}"),
            [&[0x80, 0xff, 0xff][..], input].concat(),
        ));
    }
    let mut odc = [0u8; 96];
    let n = OdcRepr::message(
        *b"6449261\0",
        b"461758769",
        OdcFlags::empty(),
        b"<HTML>hi</HTML>",
    )
    .emit(&mut odc)
    .map_err(|e| e.to_string())?;
    let proxy: Vec<(String, Vec<u8>)> = std::vec![
        ("oscar_constructed-init_send".into(), init_send.clone()),
        ("oscar_constructed-init_recv".into(), init_recv.clone()),
        ("oscar_constructed-ack".into(), ack.clone()),
        (
            "odc2-message".into(),
            odc.get(..n).unwrap_or_default().to_vec()
        ),
    ];

    let as_refs = |v: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> { v.to_vec() };
    let mut roundtrip: Vec<(String, Vec<u8>)> = Vec::new();
    for (prefix, list) in [
        ("snac", &snacs),
        ("icbm", &icbms),
        ("oft", &oft),
        ("proxy", &proxy),
    ] {
        for (name, bytes) in spread(as_refs(list)).into_iter().take(ROUNDTRIP_SEEDS / 4) {
            roundtrip.push((format!("{prefix}-{name}"), bytes));
        }
    }
    for (target, seeds) in [
        ("aim_flap_deframe", &deframe),
        ("aim_snac_tlv", &snacs),
        ("aim_icbm_rendezvous", &icbms),
        ("aim_oft", &oft),
        ("aim_proxy", &proxy),
        ("aim_roundtrip", &roundtrip),
    ] {
        let mut seen = HashSet::new();
        let files: Vec<(String, &[u8])> = seeds
            .iter()
            .filter(|(_, b)| seen.insert(b.clone()))
            .take(CAP)
            .map(|(n, b)| (n.clone(), &b[..]))
            .collect();
        write_dir(&corpus.join(target), &files)?;
        println!("wrote {} {target} seeds", files.len());
    }
    Ok(())
}

/// The seeds of the line-protocol targets: every direction of every FTP (port 21) and
/// telnet (port 23) connection of the captures, TCP payloads concatenated in capture order
/// (exact retransmissions dropped), behind the targets' four-byte header (a configuration
/// byte with the largest buffer, and three cut seeds); the round-trip targets get the same
/// streams as raw bytes; `msnp_stream` gets a session in the style of the MSNP draft's
/// examples (no capture has MSNMS).
fn line_streams(
    per_capture: &BTreeMap<String, Vec<Frame>>,
    corpus: &Path,
) -> Result<(), Box<dyn Error>> {
    use codec_inet::tcp::TcpPacket;
    let mut ftp: Vec<(String, Vec<u8>)> = Vec::new();
    let mut telnet: Vec<(String, Vec<u8>)> = Vec::new();
    for (stem, frames) in per_capture {
        let mut streams: BTreeMap<(String, u16, u16), Vec<u8>> = BTreeMap::new();
        let mut seen = HashSet::new();
        for frame in frames {
            let Ok(eth) = EthernetFrame::parse(&frame.bytes[..]) else {
                continue;
            };
            let (ip_proto, segment, addrs) = match eth.ethertype() {
                EtherType::Ipv4 => match Ipv4Packet::parse(eth.payload()) {
                    Ok(ip) => (
                        ip.protocol(),
                        ip.payload().to_vec(),
                        format!("{}>{}", ip.src_addr(), ip.dst_addr()),
                    ),
                    Err(_) => continue,
                },
                EtherType::Ipv6 => match Ipv6Packet::parse(eth.payload()) {
                    Ok(ip) => (
                        ip.next_header(),
                        ip.payload().to_vec(),
                        format!("{}>{}", ip.src_addr(), ip.dst_addr()),
                    ),
                    Err(_) => continue,
                },
                _ => continue,
            };
            if ip_proto != IpProtocol::Tcp {
                continue;
            }
            let Ok(tcp) = TcpPacket::parse(&segment[..]) else {
                continue;
            };
            let (sp, dp) = (tcp.src_port(), tcp.dst_port());
            if ![sp, dp].iter().any(|p| *p == 21 || *p == 23) || tcp.payload().is_empty() {
                continue;
            }
            if !seen.insert((addrs.clone(), sp, dp, tcp.seq(), tcp.payload().len())) {
                continue;
            }
            streams
                .entry((addrs, sp, dp))
                .or_default()
                .extend_from_slice(tcp.payload());
        }
        for ((_, sp, dp), bytes) in streams {
            let (list, config) = match (sp, dp) {
                (21, _) => (&mut ftp, 0x0d),
                (_, 21) => (&mut ftp, 0x0c),
                _ => (&mut telnet, 0x06),
            };
            let mut seed = vec![config, 0x11, 0x5a, 0xc3];
            seed.extend_from_slice(&bytes);
            list.push((format!("{stem}-{sp}-{dp}"), seed));
        }
    }
    let msnp: Vec<(String, Vec<u8>)> = vec![(
        "draft-session".into(),
        [
            &[0x03, 0x11, 0x5a, 0xc3][..],
            b"VER 0 MSNP7 MSNP6 MSNP5 MSNP4 CVR0\r\nINF 1\r\nUSR 2 MD5 I example@passport.com\r\n",
            b"XFR 3 SB\r\nCAL 8 name_123@hotmail.com\r\nJOI name_123@hotmail.com Name_123\r\n",
            b"MSG 4 N 13\r\nHello, world!911 5\r\nOUT\r\n",
        ]
        .concat(),
    )];
    for (target, seeds) in [
        ("ftp_stream", &ftp),
        ("telnet_stream", &telnet),
        ("msnp_stream", &msnp),
    ] {
        let files: Vec<(String, &[u8])> = seeds.iter().map(|(n, b)| (n.clone(), &b[..])).collect();
        write_dir(&corpus.join(target), &files)?;
        println!("wrote {} {target} seeds", files.len());
        let raw: Vec<(String, &[u8])> = seeds
            .iter()
            .take(ROUNDTRIP_SEEDS)
            .map(|(n, b)| (n.clone(), b.get(4..).unwrap_or(&[])))
            .collect();
        let roundtrip = target.replace("_stream", "_roundtrip");
        write_dir(&corpus.join(&roundtrip), &raw)?;
        println!("wrote {} {roundtrip} seeds", raw.len());
    }
    Ok(())
}

/// Named layer bytes: `(<capture>-<frame>[-<n>], bytes)`.
type Seed = (String, Vec<u8>);

/// The bytes each layer target's decoder is handed, per target and capture, in frame order.
#[derive(Default)]
struct Layers {
    /// target -> capture -> (name, bytes).
    found: BTreeMap<&'static str, BTreeMap<String, Vec<Seed>>>,
    /// The capture and frame name of the packet being walked.
    capture: String,
    frame: String,
    /// How many of each target the current frame gave.
    counts: BTreeMap<&'static str, usize>,
}

impl Layers {
    fn frame(&mut self, capture: &str, name: &str) {
        self.capture = capture.to_owned();
        self.frame = name.to_owned();
        self.counts.clear();
    }

    fn push(&mut self, target: &'static str, bytes: &[u8]) {
        let n = self.counts.entry(target).or_default();
        *n += 1;
        let name = if *n == 1 {
            self.frame.clone()
        } else {
            format!("{}-{n}", self.frame)
        };
        self.found
            .entry(target)
            .or_default()
            .entry(self.capture.clone())
            .or_default()
            .push((name, bytes.to_vec()));
    }

    /// Up to [`LAYER_CAP`] distinct seeds of `target`, round-robin over the captures (each
    /// capture's own list scattered, so that it is sampled whole).
    fn choose(&self, target: &str) -> Vec<(String, &[u8])> {
        let Some(per_capture) = self.found.get(target) else {
            return Vec::new();
        };
        let lists: Vec<Vec<&Seed>> = per_capture
            .values()
            .map(|l| spread(l.iter().collect()))
            .collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut round = 0;
        while out.len() < LAYER_CAP && lists.iter().any(|l| round < l.len()) {
            for l in &lists {
                if let Some((name, bytes)) = l.get(round)
                    && out.len() < LAYER_CAP
                    && seen.insert(&bytes[..])
                {
                    out.push((name.clone(), &bytes[..]));
                }
            }
            round += 1;
        }
        out
    }
}

/// Walks a packet of link type `linktype` down its layers.
fn walk_link(layers: &mut Layers, linktype: Linktype, bytes: &[u8]) {
    match linktype {
        Linktype::ETHERNET => walk_ethernet(layers, bytes, 0),
        Linktype(LINKTYPE_PPP) => walk_ppp(layers, bytes, 0),
        Linktype(LINKTYPE_PPP_PPPD) => {
            if let Some(rest) = bytes.get(1..) {
                walk_ppp(layers, rest, 0);
            }
        }
        _ => {}
    }
}

fn walk_ethernet(layers: &mut Layers, bytes: &[u8], depth: u8) {
    let Ok(frame) = EthernetFrame::parse(bytes) else {
        return;
    };
    let payload = frame.payload();
    match frame.ethertype() {
        EtherType::Ipv4 => walk_ipv4(layers, payload, depth + 1),
        EtherType::Ipv6 => walk_ipv6(layers, payload, depth + 1),
        EtherType::PppoeDiscovery | EtherType::PppoeSession => {
            walk_pppoe(layers, payload, depth + 1);
        }
        _ => {}
    }
}

fn walk_pppoe(layers: &mut Layers, bytes: &[u8], depth: u8) {
    layers.push("pppoe", bytes);
    if let Ok(p) = PppoePacket::parse(bytes)
        && p.code() == PppoeCode::Session
    {
        walk_ppp(layers, p.payload(), depth + 1);
    }
}

fn walk_ppp(layers: &mut Layers, bytes: &[u8], depth: u8) {
    layers.push("ppp", bytes);
    let Ok(frame) = PppFrame::parse(bytes) else {
        return;
    };
    let info = frame.payload();
    match frame.protocol() {
        PppProtocol::Lcp => layers.push("lcp", info),
        PppProtocol::Ipcp => layers.push("ipcp", info),
        PppProtocol::Ipv6cp => layers.push("ipv6cp", info),
        PppProtocol::Ccp => layers.push("ccp", info),
        PppProtocol::Pap => layers.push("pap", info),
        PppProtocol::Chap => layers.push("chap", info),
        PppProtocol::Ipv4 => walk_ipv4(layers, info, depth + 1),
        PppProtocol::Ipv6 => walk_ipv6(layers, info, depth + 1),
        _ => {}
    }
}

fn walk_ipv4(layers: &mut Layers, bytes: &[u8], depth: u8) {
    layers.push("ipv4", bytes);
    let Ok(p) = Ipv4Packet::parse_lax(bytes) else {
        return;
    };
    if p.frag_offset() != 0 || depth > MAX_DEPTH {
        return;
    }
    let payload = p.payload();
    match p.protocol() {
        IpProtocol::Icmp => layers.push("icmp", payload),
        IpProtocol::Tcp => walk_transport(layers, "tcp", payload),
        IpProtocol::Udp => walk_transport(layers, "udp", payload),
        IpProtocol::Gre => walk_gre(layers, payload, depth + 1),
        IpProtocol::IpInIp => walk_ipv4(layers, payload, depth + 1),
        IpProtocol::Ipv6 => walk_ipv6(layers, payload, depth + 1),
        _ => {}
    }
}

/// A UDP datagram, and its payload for the `dhcp` target when a port is 67 or 68.
fn walk_ipv6(layers: &mut Layers, bytes: &[u8], depth: u8) {
    layers.push("ipv6", bytes);
    let Ok(p) = Ipv6Packet::parse_truncated(bytes) else {
        return;
    };
    let Ok(up) = p.upper_layer() else {
        return;
    };
    if !up.starts_with_header() || depth > MAX_DEPTH {
        return;
    }
    match up.protocol {
        IpProtocol::Icmpv6 => layers.push("icmpv6", up.payload),
        IpProtocol::Tcp => walk_transport(layers, "tcp", up.payload),
        IpProtocol::Udp => walk_transport(layers, "udp", up.payload),
        IpProtocol::Gre => walk_gre(layers, up.payload, depth + 1),
        IpProtocol::IpInIp => walk_ipv4(layers, up.payload, depth + 1),
        IpProtocol::Ipv6 => walk_ipv6(layers, up.payload, depth + 1),
        _ => {}
    }
}

/// A TCP segment or UDP datagram, and the application messages of port 53 in it: `dns`
/// gets each message (a UDP payload; over TCP the body behind the 2-byte length), `dns_tcp`
/// the TCP payload as a stream.
fn walk_transport(layers: &mut Layers, kind: &'static str, bytes: &[u8]) {
    layers.push(kind, bytes);
    let header = match kind {
        "udp" => Some(8),
        _ => bytes.get(12).map(|b| usize::from(b >> 4) * 4),
    };
    let (Some(&[s0, s1, d0, d1]), Some(payload)) = (
        bytes.get(..4).and_then(|p| <&[u8; 4]>::try_from(p).ok()),
        header.and_then(|h| bytes.get(h..)),
    ) else {
        return;
    };
    let (src, dst) = (u16::from_be_bytes([s0, s1]), u16::from_be_bytes([d0, d1]));
    if kind == "udp" && !payload.is_empty() && [src, dst].iter().any(|p| *p == 67 || *p == 68) {
        layers.push("dhcp", payload);
    }
    if (src != 53 && dst != 53) || payload.is_empty() {
        return;
    }
    if kind == "udp" {
        layers.push("dns", payload);
    } else {
        layers.push("dns_tcp", payload);
        if let Some(body) = payload.get(2..) {
            layers.push("dns", body);
        }
    }
}

fn walk_gre(layers: &mut Layers, bytes: &[u8], depth: u8) {
    layers.push("gre", bytes);
    let Ok(p) = GrePacket::parse(bytes) else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    let payload = p.payload();
    match p.protocol_type() {
        EtherType::Ppp => walk_ppp(layers, payload, depth + 1),
        EtherType::Ipv4 => walk_ipv4(layers, payload, depth + 1),
        EtherType::Ipv6 => walk_ipv6(layers, payload, depth + 1),
        EtherType::TransparentEthernetBridging => walk_ethernet(layers, payload, depth + 1),
        _ => {}
    }
}

/// Every capture file under `dir`, recursively.
fn find_captures(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Box<dyn Error>> {
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            find_captures(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("pcap" | "pcapng" | "cap")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// The packets of a pcap or pcapng file with their link types, numbered as Wireshark does
/// (every packet of the file counts, whatever its interface).
fn packets(path: &Path, stem: &str) -> Result<Vec<Packet>, Box<dyn Error>> {
    let file = fs::File::open(path)?;
    let mut reader = create_reader(1 << 20, file).map_err(|e| format!("{e:?}"))?;
    let mut frames = Vec::new();
    let mut number = 0usize;
    let mut legacy_linktype = Linktype::ETHERNET;
    let mut interfaces: Vec<Linktype> = Vec::new();
    loop {
        match reader.next() {
            Ok((offset, block)) => {
                let packet: Option<(Linktype, &[u8])> = match &block {
                    PcapBlockOwned::LegacyHeader(h) => {
                        legacy_linktype = h.network;
                        None
                    }
                    PcapBlockOwned::Legacy(b) => Some((legacy_linktype, b.data)),
                    PcapBlockOwned::NG(Block::SectionHeader(_)) => {
                        interfaces.clear();
                        None
                    }
                    PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => {
                        interfaces.push(idb.linktype);
                        None
                    }
                    PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                        let linktype = usize::try_from(epb.if_id)
                            .ok()
                            .and_then(|i| interfaces.get(i).copied())
                            .unwrap_or(Linktype(-1));
                        Some((linktype, epb.packet_data()))
                    }
                    PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                        let linktype = interfaces.first().copied().unwrap_or(Linktype(-1));
                        Some((linktype, spb.packet_data()))
                    }
                    PcapBlockOwned::NG(_) => None,
                };
                if let Some((linktype, data)) = packet {
                    number += 1;
                    frames.push(Packet {
                        name: format!("{stem}-{number}"),
                        linktype,
                        bytes: data.to_vec(),
                    });
                }
                reader.consume(offset);
            }
            Err(PcapError::Eof) => break,
            Err(PcapError::Incomplete(_)) => {
                reader.refill().map_err(|e| format!("{e:?}"))?;
            }
            Err(e) => {
                // A cut or corrupt tail (some captures here are fuzzer-made): keep what
                // was read before it.
                println!("{}: stopped after {number} packets: {e:?}", path.display());
                break;
            }
        }
    }
    Ok(frames)
}

/// `items` in a deterministic scattered order, so that taking a prefix samples the whole
/// list rather than its start.
fn spread<T>(items: Vec<T>) -> Vec<T> {
    let mut keyed: Vec<(u64, T)> = items
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            // A fixed odd multiplier scatters consecutive indices (Fibonacci hashing).
            let key = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            (key, t)
        })
        .collect();
    keyed.sort_by_key(|&(k, _)| k);
    keyed.into_iter().map(|(_, t)| t).collect()
}

/// Replaces the `*.bin` files of `dir` with `files`.
fn write_dir(dir: &Path, files: &[(String, &[u8])]) -> Result<(), Box<dyn Error>> {
    fs::create_dir_all(dir)?;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("bin") {
            fs::remove_file(&path)?;
        }
    }
    for (name, bytes) in files {
        fs::write(dir.join(format!("{name}.bin")), bytes)?;
    }
    Ok(())
}
