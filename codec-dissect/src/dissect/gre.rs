//! GRE (RFC 2784/2890) and PPTP's enhanced GRE (RFC 2637), then the payload by protocol
//! type.

use super::Walk;
use codec_inet::gre::{GrePacket, GreVersion};
use codec_link::ethernet::EtherType;
use serde_json::{Map, json};

/// Dissects a GRE packet at `pos`: the layer covers the header with its optional fields
/// (fields named as Wireshark's `gre` layer: flags_and_version, ptype, payload_length,
/// call_id, key, seq, ack), then the payload goes by protocol type: Ethernet (0x6558),
/// IPv4, IPv6 and the other EtherTypes through the link layer's dispatch; PPP (0x880b)
/// through the PPP dissector (PPTP).
pub(crate) fn gre(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    let g = match GrePacket::parse(bytes) {
        Ok(g) => g,
        Err(e) => {
            walk.error("gre", pos, e);
            return;
        }
    };
    let mut f = Map::new();
    f.insert("flags_and_version".into(), json!(g.flags_and_version()));
    f.insert("ptype".into(), json!(g.protocol_type().value()));
    if let (Some(len), Some(call)) = (g.payload_length(), g.call_id()) {
        f.insert("payload_length".into(), json!(len));
        f.insert("call_id".into(), json!(call));
    } else if let Some(key) = g.key()
        && g.version() == GreVersion::Gre
    {
        f.insert("key".into(), json!(key));
    }
    if let Some(seq) = g.sequence_number() {
        f.insert("seq".into(), json!(seq));
    }
    if let Some(ack) = g.acknowledgment_number() {
        f.insert("ack".into(), json!(ack));
    }
    if let (Some(checksum), Some(good)) = (g.checksum(), g.verify_checksum()) {
        f.insert("checksum".into(), json!(checksum));
        f.insert(
            "checksum_status".into(),
            json!(if good { "good" } else { "bad" }),
        );
    }
    let header_len = g.header_len();
    walk.layer("gre", pos, header_len, g.to_string(), f);
    let payload_pos = pos + header_len;
    match g.protocol_type() {
        EtherType::Ppp => super::ppp::ppp_frame(walk, g.payload(), payload_pos),
        ethertype => {
            super::link::ethertype_payload(walk, ethertype, g.payload(), payload_pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Packet};
    use super::*;
    use crate::capture::read_capture;
    use serde_json::Value;
    use std::path::PathBuf;

    fn run(bytes: &[u8], pos: usize) -> Packet {
        let options = Options::default();
        let mut walk = Walk::for_test(&options);
        gre(&mut walk, bytes, pos);
        walk.packet
    }

    // Frame 7 of ../shared/captures/ppp/pcapplusplus_gre_ppp_ccp.pcap from byte 34: GRE
    // with key 65000 carrying an Ethernet frame (IPv4/TCP inside).
    static GRE_KEY_TEB: [u8; 62] = [
        0x20, 0x00, 0x65, 0x58, 0x00, 0x00, 0xfd, 0xe8, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00,
        0x01, 0x23, 0x45, 0x56, 0x78, 0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00,
        0x40, 0x06, 0x66, 0xc7, 0x0a, 0x00, 0x00, 0x04, 0x0a, 0x00, 0x00, 0x05, 0x04, 0xd0, 0x00,
        0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00, 0x76, 0xba,
        0x00, 0x00,
    ];

    // Frame 2 of ../shared/captures/ppp/chapcrack_pptp_mschapv2.cap from byte 34: enhanced
    // GRE (S, A) carrying 61 bytes of PPP/CHAP; call ID 46080.
    static PPTP_CHAP: [u8; 77] = [
        0x30, 0x81, 0x88, 0x0b, 0x00, 0x3d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
        0x03, 0xc2, 0x23, 0x02, 0xb0, 0x00, 0x3b, 0x31, 0xab, 0xfe, 0x01, 0xe6, 0xc7, 0x59, 0x85,
        0x01, 0x55, 0xb4, 0xd8, 0xd6, 0x25, 0x8c, 0xdb, 0x67, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x1c, 0x93, 0xab, 0xce, 0x81, 0x54, 0x00, 0x68, 0x6b, 0xae, 0xca, 0x31, 0x5f,
        0x34, 0x84, 0x69, 0x25, 0x64, 0x20, 0x59, 0x8a, 0x73, 0xad, 0x49, 0x00, 0x6d, 0x6f, 0x78,
        0x69, 0x65,
    ];

    #[test]
    fn key_and_transparent_ethernet() {
        let p = run(&GRE_KEY_TEB, 34);
        assert_eq!(&p.protocols()[..8], "gre:eth:");
        let g = &p.layers[0];
        assert_eq!((g.pos, g.size), (34, 8));
        assert_eq!(g.fields["flags_and_version"], json!(8192));
        assert_eq!(g.fields["ptype"], json!(25944));
        assert_eq!(g.fields["key"], json!(65000));
        assert!(g.fields.get("call_id").is_none() && g.fields.get("seq").is_none());
        // The Ethernet frame inside, as Wireshark shows it at byte 42.
        let eth = &p.layers[1];
        assert_eq!((eth.proto, eth.pos, eth.size), ("eth", 42, 14));
        assert_eq!(eth.fields["dst"], json!("00:01:02:03:04:05"));
        assert_eq!(eth.fields["src"], json!("00:01:23:45:56:78"));
        assert_eq!(eth.fields["type"], json!(2048));
        assert!(eth.fields.get("padding").is_none());
        assert_eq!(p.layers[2].pos, 56);
    }

    #[test]
    fn pptp_then_ppp() {
        let p = run(&PPTP_CHAP, 34);
        assert_eq!(p.protocols(), "gre:ppp:chap");
        let g = &p.layers[0];
        assert_eq!((g.pos, g.size), (34, 16));
        for (k, v) in [
            ("flags_and_version", 12417),
            ("ptype", 34827),
            ("payload_length", 61),
            ("call_id", 46080),
            ("seq", 4),
            ("ack", 3),
        ] {
            assert_eq!(g.fields[k], json!(v), "{k}");
        }
        assert!(g.fields.get("key").is_none());
        // Wireshark: ppp at 50 (2 bytes, protocol 0xc223), chap at 52.
        assert_eq!((p.layers[1].pos, p.layers[1].size), (50, 2));
        assert_eq!(p.layers[2].pos, 52);
        assert_eq!(
            g.summary,
            "PPTP GRE call 46080, seq 4, ack 3, PPP (0x880b), 61 bytes"
        );
    }

    #[test]
    fn bad_gre_is_an_error_not_a_panic() {
        let p = run(&PPTP_CHAP[..40], 34);
        assert!(p.layers.is_empty());
        assert_eq!((p.errors[0].proto, p.errors[0].error.offset()), ("gre", 16));
        let p = run(&[0x00, 0x07, 0x08, 0x00], 0);
        assert_eq!(p.errors[0].error.offset(), 1);
    }

    /// Every GRE layer of the three GRE references: the GRE bytes are sliced out of the
    /// frame (from the reference's position to the end of the IPv4 datagram before it) and
    /// dissected alone; the layer must equal Wireshark's field by field, and the layer after
    /// it must start where Wireshark's does.
    #[test]
    fn every_gre_layer_of_the_references() {
        let shared = std::env::var_os("CODEC_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
        let mut checked = 0;
        for name in [
            "pcapplusplus_gre_ppp_ccp.pcap",
            "pcapplusplus_pptp_gre_lcp_pap_ipcp.cap",
            "chapcrack_pptp_mschapv2.cap",
        ] {
            let reference =
                std::fs::read_to_string(shared.join("reference").join(format!("{name}.jsonl")))
                    .unwrap();
            let capture = std::fs::read(shared.join("captures/ppp").join(name)).unwrap();
            let mut frames = Vec::new();
            read_capture(&capture[..], |r| frames.push(r.data.to_vec())).unwrap();
            for line in reference.lines() {
                let theirs: Value = serde_json::from_str(line).unwrap();
                let frame = &frames[theirs["frame"].as_u64().unwrap() as usize - 1];
                let layers = theirs["layers"].as_array().unwrap();
                for (i, want) in layers.iter().enumerate() {
                    if want["proto"] != "gre" {
                        continue;
                    }
                    let ip = &layers[i - 1];
                    assert_eq!(ip["proto"], "ip");
                    let end = (ip["pos"].as_u64().unwrap() + ip["len"].as_u64().unwrap()) as usize;
                    let pos = want["pos"].as_u64().unwrap() as usize;
                    let p = run(&frame[pos..end], pos);
                    let ours = p.to_json();
                    let ours = &ours["layers"];
                    let what = format!("{name} frame {}", theirs["frame"]);
                    // Same fields, no more, no fewer (checksum fields are ours only).
                    let mut keys: Vec<_> = ours[0]
                        .as_object()
                        .unwrap()
                        .keys()
                        .filter(|k| !k.starts_with("checksum"))
                        .collect();
                    let mut their_keys: Vec<_> = want.as_object().unwrap().keys().collect();
                    keys.sort();
                    their_keys.sort();
                    assert_eq!(keys, their_keys, "{what}");
                    for (k, v) in want.as_object().unwrap() {
                        assert_eq!(&ours[0][k], v, "{what}: {k}");
                    }
                    if let Some(next) = layers.get(i + 1) {
                        assert_eq!(ours[1]["pos"], next["pos"], "{what}");
                        if next["proto"] == "eth" {
                            for (k, v) in next.as_object().unwrap() {
                                assert_eq!(&ours[1][k], v, "{what}: eth {k}");
                            }
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 29, "every gre layer of the references");
    }
}
