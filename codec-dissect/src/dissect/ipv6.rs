//! IPv6: the fixed header and the extension-header chain, then the upper layer.

use super::{IpPair, Walk};
use codec_inet::ipv6::Ipv6Packet;
use core::net::IpAddr;
use serde_json::{Map, Value, json};

/// Dissects an IPv6 packet at `pos`; returns the bytes it covers (40 + payload length).
///
/// The layer's size is the fixed header plus the extension headers, as Wireshark's `ipv6`
/// protocol covers them; the upper-layer bytes go to [`super::ip_payload`]. A payload cut
/// by the capture is decoded as far as it goes. After a fragment header with a non-zero
/// offset the rest is data (no reassembly, as in the reference).
pub(crate) fn ipv6(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) -> Option<usize> {
    let p = match Ipv6Packet::parse_truncated(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("ipv6", pos, e);
            return None;
        }
    };
    let mut f = Map::new();
    f.insert("plen".into(), json!(p.payload_len()));
    f.insert("nxt".into(), json!(p.next_header().value()));
    f.insert("hlim".into(), json!(p.hop_limit()));
    f.insert("src".into(), json!(p.src_addr().to_string()));
    f.insert("dst".into(), json!(p.dst_addr().to_string()));
    f.insert("flow".into(), json!(p.flow_label()));

    let mut chain = p.extension_headers();
    let mut extensions = Vec::new();
    let mut failure = None;
    for h in &mut chain {
        match h {
            Ok(h) => extensions.push(json!({
                "type": h.protocol().value(),
                "nxt": h.next_header().value(),
                "pos": pos + h.offset(),
                "size": h.len(),
            })),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    if !extensions.is_empty() {
        f.insert("extensions".into(), Value::Array(extensions));
    }
    let upper = chain.upper_layer();
    walk.layer("ipv6", pos, upper.offset, p.to_string(), f);
    if let Some(e) = failure {
        walk.error("ipv6", pos, e);
        return Some(p.total_len());
    }
    let upper_pos = pos + upper.offset;
    if upper.starts_with_header() {
        let ip = IpPair {
            src: IpAddr::V6(p.src_addr()),
            dst: IpAddr::V6(p.dst_addr()),
        };
        super::ip_payload(walk, upper.protocol, upper.payload, upper_pos, ip);
    } else {
        walk.data(upper_pos, upper.payload);
    }
    Some(p.total_len())
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Packet};
    use super::*;
    use crate::capture::read_capture;
    use std::path::PathBuf;

    fn shared() -> PathBuf {
        std::env::var_os("CODEC_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
    }

    fn run(bytes: &[u8], pos: usize) -> (Option<usize>, Packet) {
        let options = Options::default();
        let mut walk = Walk::for_test(&options);
        let used = ipv6(&mut walk, bytes, pos);
        (used, walk.packet)
    }

    // Frame 22 of ../shared/captures/ppp/zeek_pppoe_lcp_pap_ipcp.pcap from byte 22: an
    // MLDv2 report behind a hop-by-hop header.
    static MLD_HBH: [u8; 76] = [
        0x6e, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x01, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0xc8, 0x01, 0x0e, 0xff, 0xfe, 0x88, 0x00, 0x08, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x16, 0x3a, 0x00, 0x05, 0x02, 0x00,
        0x00, 0x01, 0x00, 0x8f, 0x00, 0x9a, 0x77, 0x00, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00,
        0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x02,
    ];

    #[test]
    fn hop_by_hop_then_icmpv6() {
        let (used, p) = run(&MLD_HBH, 22);
        assert_eq!(used, Some(76));
        assert_eq!(p.protocols(), "ipv6:icmpv6");
        let v6 = &p.layers[0];
        assert_eq!((v6.pos, v6.size), (22, 48));
        for (k, v) in [
            ("plen", json!(36)),
            ("nxt", json!(0)),
            ("hlim", json!(1)),
            ("src", json!("fe80::c801:eff:fe88:8")),
            ("dst", json!("ff02::16")),
            ("flow", json!(0)),
        ] {
            assert_eq!(v6.fields[k], v, "{k}");
        }
        assert_eq!(v6.fields["extensions"][0]["size"], json!(8));
        let icmp = &p.layers[1];
        assert_eq!((icmp.pos, icmp.size), (70, 28));
        assert_eq!(icmp.fields["type"], json!(143));
        assert_eq!(icmp.fields["checksum_status"], json!("good"));
        assert!(p.errors.is_empty());
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let (used, p) = run(&MLD_HBH[..30], 0);
        assert_eq!(used, None);
        assert_eq!(p.errors[0].proto, "ipv6");
        // A hop-by-hop header claiming more than there is: the ipv6 layer, then the error.
        let mut bad = MLD_HBH;
        bad[41] = 9;
        let (used, p) = run(&bad, 0);
        assert_eq!(used, Some(76));
        assert_eq!(p.protocols(), "ipv6");
        assert_eq!((p.layers[0].size, p.errors[0].error.offset()), (40, 40));
        // A later fragment: the bytes after the fragment header are data.
        let mut frag = MLD_HBH;
        frag[40..48].copy_from_slice(&[58, 0, 0x00, 0x08, 0, 0, 0, 1]);
        frag[6] = 44;
        let (_, p) = run(&frag, 0);
        assert_eq!(p.protocols(), "ipv6:data");
        assert_eq!((p.layers[1].pos, p.layers[1].size), (48, 28));
    }

    /// The IPv6 packets of the shared captures that the conformance run cannot reach yet
    /// (behind PPPoE) or reaches: each is sliced out of its frame at the reference's
    /// position and dissected alone; the ipv6 layer must equal the reference field by
    /// field, and the next layer must start where Wireshark's does, with its size for
    /// ICMPv6.
    #[test]
    fn every_ipv6_packet_of_the_references() {
        let shared = shared();
        let mut checked = 0;
        for (dir, name) in [
            ("ppp", "zeek_pppoe_lcp_pap_ipcp.pcap"),
            ("ppp", "pcapplusplus_PPPoESession.pcap"),
            ("ftp", "ndpi_ftp_failed.pcap"),
            ("gen_dns", "dns_bind9.pcap"),
            ("ppp", "pcapplusplus_gre_ppp_ccp.pcap"),
        ] {
            let reference =
                std::fs::read_to_string(shared.join("reference").join(format!("{name}.jsonl")))
                    .unwrap();
            let capture = std::fs::read(shared.join("captures").join(dir).join(name)).unwrap();
            let mut frames = Vec::new();
            read_capture(&capture[..], |r| frames.push(r.data.to_vec())).unwrap();
            for line in reference.lines() {
                let theirs: Value = serde_json::from_str(line).unwrap();
                let layers = theirs["layers"].as_array().unwrap();
                let Some(i) = layers.iter().position(|l| l["proto"] == "ipv6") else {
                    continue;
                };
                let frame = &frames[theirs["frame"].as_u64().unwrap() as usize - 1];
                let want = &layers[i];
                let pos = want["pos"].as_u64().unwrap() as usize;
                let (_, p) = run(&frame[pos..], pos);
                let ours = p.to_json();
                let ours = &ours["layers"];
                for (k, v) in want.as_object().unwrap() {
                    assert_eq!(&ours[0][k], v, "{name} frame {}: {k}", theirs["frame"]);
                }
                let next = &layers[i + 1];
                assert_eq!(ours[1]["pos"], next["pos"], "{name} {}", theirs["frame"]);
                if next["proto"] == "icmpv6" {
                    assert_eq!(ours[1]["proto"], "icmpv6");
                    assert_eq!(ours[1]["size"], next["size"]);
                    assert_eq!(ours[1]["checksum_status"], "good");
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 47, "every ipv6 layer of the references");
    }
}
