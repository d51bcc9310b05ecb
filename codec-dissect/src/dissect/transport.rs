//! TCP and UDP, with the fields of Wireshark's `tcp` and `udp` layers.
//!
//! Checksum status follows Wireshark 4.0 (`../shared/oracle/oracle.py` maps its
//! `*.checksum.status` numbers): `good` or `bad` when verified; for UDP a zero checksum is
//! reported with Wireshark's raw status number, `3` ("not present", over IPv4, RFC 768) or
//! `4` ("illegal", over IPv6, RFC 8200 §8.1), as the references show it. The payload after
//! either header goes to [`super::app`].

use super::app::{self, Ports};
use super::{IpPair, Walk};
use super::{be16, be32, plain_hex};
use crate::decode_as::Transport;
use codec_core::tlv::{TlvFormat, Tlvs};
use codec_inet::pseudo::IpPseudo;
use codec_inet::tcp::{self, TcpPacket};
use codec_inet::udp::{self, UdpChecksumStatus, UdpPacket};
use serde_json::{Map, Value, json};

/// The option list as Wireshark lists it: `{"kind"}` for NOP and EOL, `{"kind", "len",
/// "value_hex"}` for the others. Wireshark keeps going after an EOL (each zero byte of the
/// padding is listed as one more EOL), so the walk restarts behind each EOL; it stops at the
/// first malformed option.
fn tcp_options(options: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = options;
    while !rest.is_empty() {
        let mut walk = Tlvs::new(TlvFormat::IP_OPTIONS, rest);
        for t in walk.by_ref() {
            let Ok(t) = t else { return out };
            if t.header_len == 0 {
                out.push(json!({ "kind": t.kind }));
            } else {
                out.push(json!({
                    "kind": t.kind,
                    "len": t.len(),
                    "value_hex": plain_hex(t.value),
                }));
            }
        }
        let after = walk.rest();
        if after.len() >= rest.len() {
            break;
        }
        rest = after;
    }
    out
}

/// The fields Wireshark shows before it checks the data offset (ports, sequence and
/// acknowledgment numbers, header length), read from the first 13 bytes of a segment.
fn tcp_fixed_fields(bytes: &[u8]) -> Option<Map<String, Value>> {
    let mut f = Map::new();
    f.insert("srcport".into(), json!(be16(bytes, 0)?));
    f.insert("dstport".into(), json!(be16(bytes, 2)?));
    f.insert("seq".into(), json!(be32(bytes, 4)?));
    f.insert("ack".into(), json!(be32(bytes, 8)?));
    f.insert(
        "hdr_len".into(),
        json!(usize::from(*bytes.get(12)? >> 4) * 4),
    );
    Some(f)
}

/// Dissects a TCP segment at `pos`; `bytes` is the IP payload.
pub(crate) fn tcp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, ip: IpPair) {
    let p = match TcpPacket::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            // A whole fixed header with a bogus data offset or cut options: Wireshark shows
            // the fields before the data offset, then gives up.
            if bytes.len() >= tcp::HEADER_LEN
                && let (Some(f), Some(src), Some(dst)) =
                    (tcp_fixed_fields(bytes), be16(bytes, 0), be16(bytes, 2))
            {
                let summary = format!("TCP {src} > {dst}: {e}");
                walk.layer("tcp", pos, tcp::HEADER_LEN, summary, f);
            }
            walk.error("tcp", pos, e);
            return;
        }
    };
    let status = match IpPseudo::new(ip.src, ip.dst) {
        Some(pseudo) if p.verify_checksum(&pseudo) => "good",
        Some(_) => "bad",
        None => "unverified",
    };
    let mut f = Map::new();
    f.insert("srcport".into(), json!(p.src_port()));
    f.insert("dstport".into(), json!(p.dst_port()));
    f.insert("seq".into(), json!(p.seq()));
    f.insert("ack".into(), json!(p.ack()));
    f.insert("hdr_len".into(), json!(p.header_len()));
    f.insert("flags".into(), json!(p.flags().bits()));
    f.insert("window".into(), json!(p.window()));
    f.insert("checksum".into(), json!(p.checksum()));
    f.insert("urgent".into(), json!(p.urgent()));
    f.insert("payload_len".into(), json!(p.payload().len()));
    f.insert("checksum_status".into(), json!(status));
    let options = tcp_options(p.options());
    if !options.is_empty() {
        f.insert("options".into(), Value::Array(options));
    }
    let header_len = p.header_len();
    walk.layer("tcp", pos, header_len, p.to_string(), f);
    let ports = Ports {
        transport: Transport::Tcp,
        src: p.src_port(),
        dst: p.dst_port(),
    };
    app::payload(walk, p.payload(), pos + header_len, ports);
}

/// Dissects a UDP datagram at `pos`; `bytes` is the IP payload.
pub(crate) fn udp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, ip: IpPair) {
    let pseudo = IpPseudo::new(ip.src, ip.dst);
    let p = match UdpPacket::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            // Wireshark still shows a header whose length is bogus: below 8 it stops after
            // the length; past the end of the IP payload it cannot verify the checksum.
            if let (Some(src), Some(dst), Some(length), Some(checksum)) = (
                be16(bytes, 0),
                be16(bytes, 2),
                be16(bytes, 4),
                be16(bytes, 6),
            ) {
                let mut f = Map::new();
                f.insert("srcport".into(), json!(src));
                f.insert("dstport".into(), json!(dst));
                f.insert("length".into(), json!(length));
                if usize::from(length) >= udp::HEADER_LEN {
                    f.insert("checksum".into(), json!(checksum));
                    f.insert("checksum_status".into(), json!("unverified"));
                }
                let summary = format!("UDP {src} > {dst}: {e}");
                walk.layer("udp", pos, udp::HEADER_LEN, summary, f);
            }
            walk.error("udp", pos, e);
            return;
        }
    };
    let status = match pseudo.map(|ip| p.verify_checksum(&ip)) {
        Some(UdpChecksumStatus::Good) => "good",
        Some(UdpChecksumStatus::Bad) => "bad",
        Some(UdpChecksumStatus::NotPresent) => "3",
        Some(UdpChecksumStatus::Illegal) => "4",
        None => "unverified",
    };
    let mut f = Map::new();
    f.insert("srcport".into(), json!(p.src_port()));
    f.insert("dstport".into(), json!(p.dst_port()));
    f.insert("length".into(), json!(p.length()));
    f.insert("checksum".into(), json!(p.checksum()));
    f.insert("checksum_status".into(), json!(status));
    walk.layer("udp", pos, udp::HEADER_LEN, p.to_string(), f);
    let ports = Ports {
        transport: Transport::Udp,
        src: p.src_port(),
        dst: p.dst_port(),
    };
    app::payload(walk, p.payload(), pos + udp::HEADER_LEN, ports);
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Packet};
    use super::*;
    use crate::capture::read_capture;
    use core::net::IpAddr;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    fn shared_dir() -> PathBuf {
        std::env::var_os("CODEC_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
    }

    fn new_walk(options: &Options) -> Walk<'_> {
        Walk::for_test(options)
    }

    fn pair(src: &str, dst: &str) -> IpPair {
        IpPair {
            src: src.parse::<IpAddr>().unwrap(),
            dst: dst.parse::<IpAddr>().unwrap(),
        }
    }

    /// Runs `f` over `bytes` and returns the first layer as it appears in the JSON output.
    fn layer_json(
        f: fn(&mut Walk<'_>, &[u8], usize, IpPair),
        bytes: &[u8],
        pos: usize,
        ip: IpPair,
    ) -> (Value, Packet) {
        let options = Options::default();
        let mut walk = new_walk(&options);
        f(&mut walk, bytes, pos, ip);
        let json = walk.packet.to_json();
        (json["layers"][0].clone(), walk.packet)
    }

    /// A reference layer without Wireshark's display-only `decoded` sub-trees.
    fn without_decoded(mut v: Value) -> Value {
        if let Some(opts) = v.get_mut("options").and_then(Value::as_array_mut) {
            for o in opts {
                if let Some(o) = o.as_object_mut() {
                    o.remove("decoded");
                }
            }
        }
        v
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn tcp_with_two_sack_blocks() {
        // net_tcp_http.pcap frame 43, bytes 34..86 (10.77.0.1 > 10.78.0.2).
        let bytes = hex(
            "ab2e1f4053807aed7a20744dd0100049f81300000101080a5de3e31a972348fb\
             010105127a20addd7a20b2a97a2079197a20a911",
        );
        let (ours, packet) = layer_json(tcp, &bytes, 34, pair("10.77.0.1", "10.78.0.2"));
        // The reference line, decoded sub-fields left out.
        let theirs: Value = serde_json::from_str(
            r#"{"proto": "tcp", "pos": 34, "size": 52, "srcport": 43822, "dstport": 8000,
            "seq": 1400929005, "ack": 2048947277, "hdr_len": 52, "flags": 16, "window": 73,
            "checksum": 63507, "urgent": 0, "payload_len": 0, "checksum_status": "good",
            "options": [{"kind": 1}, {"kind": 1},
              {"kind": 8, "len": 10, "value_hex": "5de3e31a972348fb"}, {"kind": 1}, {"kind": 1},
              {"kind": 5, "len": 18, "value_hex": "7a20addd7a20b2a97a2079197a20a911"}]}"#,
        )
        .unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(packet.layers.len(), 1, "no payload, no data layer");
        assert_eq!(
            packet.layers[0].summary,
            "TCP 43822 > 8000 [ACK] seq 1400929005 ack 2048947277 win 73 len 0 \
             [NOP, NOP, TS val 1575215898 ecr 2535672059, NOP, NOP, SACK 2048962013-2048963241 2048948505-2048960785]"
        );
    }

    #[test]
    fn tcp_bsd_syn_with_eol_padding_and_bad_checksum() {
        // ndpi_Oscar.pcap frame 1, bytes 34..78 (10.30.29.3 > 178.237.24.249): options
        // end in SACK_PERM EOL EOL; the checksum was offloaded.
        let bytes = hex("f77d01bbbda06ca500000000b002fffff33900000204\
             05b4010303050101080a15d012e30000000004020000");
        let (ours, packet) = layer_json(tcp, &bytes, 34, pair("10.30.29.3", "178.237.24.249"));
        let theirs: Value = serde_json::from_str(
            r#"{"proto": "tcp", "pos": 34, "size": 44, "srcport": 63357, "dstport": 443,
            "seq": 3181407397, "ack": 0, "hdr_len": 44, "flags": 2, "window": 65535,
            "checksum": 62265, "urgent": 0, "payload_len": 0, "checksum_status": "bad",
            "options": [{"kind": 2, "len": 4, "value_hex": "05b4"}, {"kind": 1},
              {"kind": 3, "len": 3, "value_hex": "05"}, {"kind": 1}, {"kind": 1},
              {"kind": 8, "len": 10, "value_hex": "15d012e300000000"},
              {"kind": 4, "len": 2, "value_hex": ""}, {"kind": 0}, {"kind": 0}]}"#,
        )
        .unwrap();
        assert_eq!(ours, theirs);
        assert!(packet.errors.is_empty());
    }

    #[test]
    fn tcp_payload_is_data_and_bogus_offset_is_an_error() {
        let mut bytes =
            hex("c35023291234567800000000a002faf0fd040000020405b40402080a009a2b3c0000000001030307");
        bytes.extend_from_slice(b"hello");
        let ip = pair("192.168.1.100", "93.184.216.34");
        let (ours, packet) = layer_json(tcp, &bytes, 34, ip);
        assert_eq!(ours["payload_len"], json!(5));
        assert_eq!(ours["checksum_status"], json!("bad"));
        assert_eq!(packet.layers[1].proto, "data");
        assert_eq!((packet.layers[1].pos, packet.layers[1].size), (74, 5));
        // Data offset 3: the fixed fields are shown, the packet is marked malformed.
        bytes[12] = 0x30;
        let (ours, packet) = layer_json(tcp, &bytes, 34, ip);
        assert_eq!(ours["hdr_len"], json!(12));
        assert_eq!(ours["srcport"], json!(50000));
        assert!(ours.get("flags").is_none());
        assert_eq!(packet.errors[0].error.offset(), 12);
        // Less than a header: only the error.
        let (_, packet) = layer_json(tcp, &bytes[..10], 34, ip);
        assert!(packet.layers.is_empty());
        assert_eq!(packet.errors[0].proto, "tcp");
    }

    #[test]
    fn udp_over_ipv4_and_ipv6_and_zero_checksums() {
        // dns_bind9.pcap frame 1 from byte 34: 10.53.0.2 > 10.53.0.1.
        let v4 = hex(
            "b3f80035003dc76d136400200001000000000001076578616d706c6504746573740000060001\
             00002904d000000000000c000a0008635a969e2a3a31da",
        );
        let (ours, packet) = layer_json(udp, &v4, 34, pair("10.53.0.2", "10.53.0.1"));
        let theirs: Value = serde_json::from_str(
            r#"{"proto": "udp", "pos": 34, "size": 8, "srcport": 46072, "dstport": 53,
            "length": 61, "checksum": 51053, "checksum_status": "good"}"#,
        )
        .unwrap();
        assert_eq!(ours, theirs);
        assert_eq!((packet.layers[1].pos, packet.layers[1].size), (42, 53));
        // dns_bind9.pcap frame 88 from byte 54: fd53::2 > fd53::1.
        let v6 = hex(
            "a9ab00350042a58c87af0020000100000000000104686f7374076578616d706c65047465737400\
             001c000100002904d000000000000c000a000884dfd5b8b9a58b18",
        );
        let (ours, _) = layer_json(udp, &v6, 54, pair("fd53::2", "fd53::1"));
        let theirs: Value = serde_json::from_str(
            r#"{"proto": "udp", "pos": 54, "size": 8, "srcport": 43435, "dstport": 53,
            "length": 66, "checksum": 42380, "checksum_status": "good"}"#,
        )
        .unwrap();
        assert_eq!(ours, theirs);
        // A zero checksum: "not present" (3) over IPv4, as ndpi_dlt_ppp.pcap frame 1 shows
        // it, "illegal" (4) over IPv6.
        let mut zero = v4.clone();
        zero[6] = 0;
        zero[7] = 0;
        let (ours, _) = layer_json(udp, &zero, 34, pair("10.53.0.2", "10.53.0.1"));
        assert_eq!(ours["checksum_status"], json!("3"));
        let mut zero = v6.clone();
        zero[6] = 0;
        zero[7] = 0;
        let (ours, _) = layer_json(udp, &zero, 54, pair("fd53::2", "fd53::1"));
        assert_eq!(ours["checksum_status"], json!("4"));
        // A length past the IP payload: shown, unverified, and an error.
        let (ours, packet) = layer_json(udp, &v4[..40], 34, pair("10.53.0.2", "10.53.0.1"));
        assert_eq!(ours["checksum_status"], json!("unverified"));
        assert_eq!(packet.errors[0].error.offset(), 8);
    }

    /// Every top-level `tcp` and `udp` layer of every reference whose parent is an `ip` or
    /// `ipv6` layer: the segment is sliced out of the capture (from the layer's `pos` to the
    /// end of the IP payload the reference's IP layer gives), dissected with the addresses
    /// of that layer, and each field compared to Wireshark's. This checks the transport
    /// dissectors before the IP dissectors reach them.
    #[test]
    fn every_reference_tcp_and_udp_layer_matches() {
        let shared = shared_dir();
        let mut refs: Vec<PathBuf> = std::fs::read_dir(shared.join("reference"))
            .unwrap()
            .flatten()
            .map(|d| d.path())
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        refs.sort();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut mismatches = Vec::new();
        let mut skipped = 0;
        for reference in &refs {
            let name = reference.file_stem().unwrap().to_string_lossy().to_string();
            let capture = std::fs::read_dir(shared.join("captures"))
                .unwrap()
                .flatten()
                .map(|d| d.path().join(&name))
                .find(|p| p.is_file())
                .unwrap();
            let mut frames: BTreeMap<u64, Vec<u8>> = BTreeMap::new();
            read_capture(std::fs::File::open(&capture).unwrap(), |r| {
                frames.insert(r.number, r.data.to_vec());
            })
            .unwrap();
            for line in std::fs::read_to_string(reference).unwrap().lines() {
                let packet: Value = serde_json::from_str(line).unwrap();
                let protocols = packet["protocols"].as_str().unwrap();
                if protocols.contains("vjc") {
                    continue; // VJ-compressed: the reference's positions are in rebuilt bytes.
                }
                let frame = &frames[&packet["frame"].as_u64().unwrap()];
                let layers = packet["layers"].as_array().unwrap();
                for (i, theirs) in layers.iter().enumerate() {
                    let proto = theirs["proto"].as_str().unwrap();
                    if proto != "tcp" && proto != "udp" || i == 0 {
                        continue;
                    }
                    let parent = &layers[i - 1];
                    let ip_pos = parent["pos"].as_u64().unwrap() as usize;
                    // LINKTYPE_PPP_WITH_DIR frames: Wireshark's positions skip the
                    // direction byte, so they do not index the captured bytes.
                    let version = if parent["proto"] == "ip" { 4 } else { 6 };
                    if frame.get(ip_pos).map(|b| b >> 4) != Some(version) {
                        skipped += 1;
                        continue;
                    }
                    let end = match parent["proto"].as_str().unwrap() {
                        "ip" => ip_pos + parent["len"].as_u64().unwrap() as usize,
                        "ipv6" => ip_pos + 40 + parent["plen"].as_u64().unwrap() as usize,
                        _ => continue,
                    };
                    let ip = pair(
                        parent["src"].as_str().unwrap(),
                        parent["dst"].as_str().unwrap(),
                    );
                    let pos = theirs["pos"].as_u64().unwrap() as usize;
                    let bytes = &frame[pos..end.min(frame.len())];
                    let f = if proto == "tcp" { tcp } else { udp };
                    let (ours, _) = layer_json(f, bytes, pos, ip);
                    let theirs = without_decoded(theirs.clone());
                    *counts
                        .entry(if proto == "tcp" { "tcp" } else { "udp" })
                        .or_default() += 1;
                    if ours != theirs {
                        mismatches.push(format!(
                            "{name} frame {}: ours {ours} wireshark {theirs}",
                            packet["frame"]
                        ));
                    }
                }
            }
        }
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
        // 849 tcp layers in the references: 16 VJ-compressed, 8 behind a PPP direction
        // byte (ppp_chapvj.pcapng); 127 udp layers.
        assert_eq!(counts.get("tcp"), Some(&825));
        assert_eq!(counts.get("udp"), Some(&127));
        assert_eq!(skipped, 8);
    }
}
