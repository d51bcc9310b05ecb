//! IPv4: the `ip` layer, in the field names of Wireshark's reference.

use super::plain_hex;
use super::{IpPair, Walk};
use codec_inet::ipv4::{HEADER_LEN, Ipv4Packet};
use core::net::IpAddr;
use serde_json::{Map, Value, json};

/// The fields of an IPv4 header at frame offset `pos`, as Wireshark's `ip` layer names them.
/// Shared with ICMP, which shows the quoted header the same way.
pub(crate) fn ip_fields(p: &Ipv4Packet<&[u8]>, pos: usize) -> Map<String, Value> {
    let mut f = Map::new();
    f.insert("version".into(), json!(p.version()));
    f.insert("hdr_len".into(), json!(p.header_len()));
    f.insert("dsfield".into(), json!(p.dsfield()));
    // A total length of 0 (TSO) is shown as the length present, as Wireshark does.
    let len = match p.total_len() {
        0 => p.header_len() + p.payload().len(),
        n => usize::from(n),
    };
    f.insert("len".into(), json!(len));
    f.insert("id".into(), json!(p.ident()));
    f.insert("flags".into(), json!(p.flags().bits()));
    // Wireshark shows the offset in bytes (ip.frag_offset = field × 8).
    f.insert("frag_offset".into(), json!(p.frag_offset()));
    f.insert("ttl".into(), json!(p.ttl()));
    f.insert("ip_proto".into(), json!(p.protocol().value()));
    f.insert("checksum".into(), json!(p.checksum()));
    f.insert("src".into(), json!(p.src_addr().to_string()));
    f.insert("dst".into(), json!(p.dst_addr().to_string()));
    let status = if p.verify_checksum() { "good" } else { "bad" };
    f.insert("checksum_status".into(), json!(status));
    let mut options = Vec::new();
    for t in p.option_tlvs() {
        let Ok(t) = t else { break };
        let mut o = Map::new();
        o.insert("type".into(), json!(t.kind));
        // Single-byte options (NOP, EOL) have no length field: Wireshark leaves it out.
        let single = t.header_len == 0;
        o.insert(
            "len".into(),
            if single { Value::Null } else { json!(t.len()) },
        );
        o.insert("pos".into(), json!(pos + HEADER_LEN + t.offset));
        o.insert("size".into(), json!(t.len()));
        if !single {
            o.insert("value_hex".into(), json!(plain_hex(t.value)));
        }
        options.push(Value::Object(o));
    }
    if !options.is_empty() {
        f.insert("options".into(), Value::Array(options));
    }
    f
}

/// Dissects an IPv4 packet at `pos`; returns the bytes it covers (total length), when known.
///
/// The view is the lax one: a datagram cut by the capture's snap length (or a total length
/// larger than the frame) is shown with what is there, as Wireshark does. Fragments (MF set
/// or a non-zero offset) are not reassembled: their payload is shown as data.
pub(crate) fn ipv4(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) -> Option<usize> {
    let p = match Ipv4Packet::parse_lax(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("ip", pos, e);
            return None;
        }
    };
    let fields = ip_fields(&p, pos);
    let header_len = p.header_len();
    walk.layer("ip", pos, header_len, p.to_string(), fields);
    let payload_pos = pos + header_len;
    if p.is_fragment() {
        walk.data(payload_pos, p.payload());
    } else {
        let pair = IpPair {
            src: IpAddr::V4(p.src_addr()),
            dst: IpAddr::V4(p.dst_addr()),
        };
        super::ip_payload(walk, p.protocol(), p.payload(), payload_pos, pair);
    }
    Some(match p.total_len() {
        0 => header_len + p.payload().len(),
        n => usize::from(n),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{LINKTYPE_ETHERNET, Options, dissect};
    use serde_json::json;

    /// Frame 1 of ../shared/captures/icmp/packetnet_ICMPv4.pcap.
    fn echo_frame() -> Vec<u8> {
        let mut f = vec![
            0x00, 0x14, 0xa9, 0x98, 0x1c, 0xc1, 0x00, 0x1e, 0x4f, 0xe5, 0x36, 0xef, 0x08, 0x00,
            0x45, 0x00, 0x00, 0x3c, 0x58, 0x08, 0x00, 0x00, 0x80, 0x01, 0x92, 0x93, 0xc0, 0xa8,
            0x01, 0x96, 0x4a, 0x7d, 0x43, 0x6a, 0x08, 0x00, 0xe0, 0x5b, 0x02, 0x00, 0x6b, 0x00,
        ];
        f.extend(b"abcdefghijklmnopqrstuvwabcdefghi");
        f
    }

    #[test]
    fn ip_layer_fields() {
        let frame = echo_frame();
        let p = dissect(1, LINKTYPE_ETHERNET, 74, &frame, &Options::default());
        assert_eq!(p.protocols(), "eth:ip:icmp");
        let ip = &p.layers[1];
        assert_eq!((ip.pos, ip.size), (14, 20));
        for (k, v) in [
            ("version", json!(4)),
            ("hdr_len", json!(20)),
            ("dsfield", json!(0)),
            ("len", json!(60)),
            ("id", json!(22536)),
            ("flags", json!(0)),
            ("frag_offset", json!(0)),
            ("ttl", json!(128)),
            ("ip_proto", json!(1)),
            ("checksum", json!(37523)),
            ("src", json!("192.168.1.150")),
            ("dst", json!("74.125.67.106")),
            ("checksum_status", json!("good")),
        ] {
            assert_eq!(ip.fields[k], v, "{k}");
        }
        assert!(!ip.fields.contains_key("options"));
    }

    #[test]
    fn fragments_show_their_payload_as_data() {
        let mut frame = echo_frame();
        frame[20] = 0x20; // MF
        let p = dissect(1, LINKTYPE_ETHERNET, 74, &frame, &Options::default());
        assert_eq!(p.protocols(), "eth:ip:data");
        assert_eq!(p.layers[1].fields["flags"], json!(1));
        assert_eq!(p.layers[1].fields["checksum_status"], json!("bad"));
        assert_eq!((p.layers[2].pos, p.layers[2].size), (34, 40));
        frame[20] = 0x00;
        frame[21] = 0xb9; // offset 185 × 8 = 1480
        let p = dissect(1, LINKTYPE_ETHERNET, 74, &frame, &Options::default());
        assert_eq!(p.protocols(), "eth:ip:data");
        assert_eq!(p.layers[1].fields["frag_offset"], json!(1480));
    }

    #[test]
    fn options_padding_and_errors() {
        // The echo datagram with a Router Alert option and a NOP + EOL, plus 4 bytes of
        // Ethernet padding; checksum left wrong (reported as bad, still dissected).
        let echo = echo_frame();
        let mut frame = echo[..14].to_vec();
        frame.extend([0x47, 0x00, 0x00, 0x44]);
        frame.extend(&echo[18..34]);
        frame.extend([0x94, 0x04, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00]);
        frame.extend(&echo[34..]);
        frame.extend([0u8; 4]);
        let p = dissect(1, LINKTYPE_ETHERNET, 86, &frame, &Options::default());
        assert_eq!(p.protocols(), "eth:ip:icmp");
        let ip = &p.layers[1];
        assert_eq!((ip.size, ip.fields["hdr_len"].clone()), (28, json!(28)));
        assert_eq!(ip.fields["checksum_status"], json!("bad"));
        assert_eq!(
            ip.fields["options"],
            json!([
                {"type": 148, "len": 4, "pos": 34, "size": 4, "value_hex": "0000"},
                {"type": 1, "len": null, "pos": 38, "size": 1},
                {"type": 0, "len": null, "pos": 39, "size": 1},
            ])
        );
        assert_eq!((p.layers[2].pos, p.layers[2].size), (42, 40));
        assert_eq!(p.layers[2].fields["checksum_status"], json!("good"));
        // A header cut inside: an error entry, not a panic.
        let p = dissect(2, LINKTYPE_ETHERNET, 86, &frame[..40], &Options::default());
        assert_eq!(p.protocols(), "eth");
        assert_eq!(p.errors[0].proto, "ip");
        assert_eq!(p.to_json()["errors"][0]["offset"], json!(34));
    }

    #[test]
    fn snap_length_cut_is_dissected_laxly() {
        let frame = echo_frame();
        let p = dissect(1, LINKTYPE_ETHERNET, 74, &frame[..42], &Options::default());
        assert_eq!(p.protocols(), "eth:ip:icmp");
        assert_eq!(p.layers[1].fields["len"], json!(60));
        assert_eq!(p.layers[2].size, 8);
    }
}
