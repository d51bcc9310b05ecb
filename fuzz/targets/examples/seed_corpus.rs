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
//!
//! Files this program wrote before (`*.bin`) are removed first, so a run is reproducible;
//! inputs libFuzzer added (named by their SHA-1, no extension) are left alone.

use codec_link::ethernet::{EtherType, EthernetFrame};
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

    // Per capture, its Ethernet frames in order.
    let mut per_capture: BTreeMap<String, Vec<Frame>> = BTreeMap::new();
    for path in &captures {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("capture name is not UTF-8")?
            .to_owned();
        match ethernet_frames(path, &stem) {
            Ok(frames) => {
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
    Ok(())
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

/// The frames of link type Ethernet in a pcap or pcapng file, numbered as Wireshark does
/// (every packet of the file counts, whatever its interface).
fn ethernet_frames(path: &Path, stem: &str) -> Result<Vec<Frame>, Box<dyn Error>> {
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
                    if linktype == Linktype::ETHERNET {
                        frames.push(Frame {
                            name: format!("{stem}-{number}"),
                            bytes: data.to_vec(),
                        });
                    }
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
