//! ICMP for IPv4 (the `icmp` layer) and IPv6 (the `icmpv6` layer).

use super::IpPair;
use super::Walk;
use super::be16;
use super::ipv4::ip_fields;
use codec_inet::icmpv4::{Icmpv4Packet, Icmpv4Type, UnreachableCode};
use codec_inet::ip::IpProtocol;
use codec_inet::ipv4::Ipv4Packet;
use serde_json::{Map, Value, json};

/// Dissects an ICMPv4 message at `pos`: `bytes` is the whole message as the IP header
/// delimits it.
///
/// Like Wireshark, the quoted datagram of an error is shown inside the `icmp` layer as
/// `inner`: the IP header and the transport ports, decoded through the lax IPv4 view.
pub(crate) fn icmpv4(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    let p = match Icmpv4Packet::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("icmp", pos, e);
            return;
        }
    };
    let t = p.msg_type();
    let mut f = Map::new();
    f.insert("type".into(), json!(t.value()));
    f.insert("code".into(), json!(p.code()));
    f.insert("checksum".into(), json!(p.checksum()));
    if t.has_ident() {
        f.insert("ident_be".into(), json!(p.ident()));
        f.insert("seq_be".into(), json!(p.seq_no()));
    }
    if t == Icmpv4Type::DestUnreachable
        && UnreachableCode::from_value(p.code()) == UnreachableCode::FragmentationNeeded
    {
        f.insert("mtu".into(), json!(p.next_hop_mtu()));
    }
    if t == Icmpv4Type::Redirect {
        f.insert("gateway".into(), json!(p.gateway().to_string()));
    }
    // RFC 4884's length (icmp.length), in 32-bit words as carried, when the sender set it.
    if t.has_rfc4884_length() && p.length_words() > 0 {
        f.insert("length".into(), json!(p.length_words()));
    }
    if let Some(ext) = p.extension() {
        // Wireshark shows icmp.ext.version as a display string.
        f.insert("ext_version".into(), json!(ext.version().to_string()));
    }
    let status = if p.verify_checksum() { "good" } else { "bad" };
    f.insert("checksum_status".into(), json!(status));
    if t.is_error() {
        let inner = quoted(p.original_datagram(), pos + codec_inet::icmpv4::HEADER_LEN);
        if !inner.is_empty() {
            f.insert("inner".into(), Value::Array(inner));
        }
    }
    walk.layer("icmp", pos, bytes.len(), p.to_string(), f);
}

fn inner_layer(proto: &str, pos: usize, size: usize, fields: Map<String, Value>) -> Value {
    let mut m = Map::new();
    m.insert("proto".into(), json!(proto));
    m.insert("pos".into(), json!(pos));
    m.insert("size".into(), json!(size));
    m.extend(fields);
    Value::Object(m)
}

/// The layers of a quoted datagram at frame offset `pos`: the IP header, then the first
/// bytes of its transport header, in the fields Wireshark shows for them inside an error.
fn quoted(original: &[u8], pos: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let Ok(ip) = Ipv4Packet::parse_lax(original) else {
        return out;
    };
    out.push(inner_layer("ip", pos, ip.header_len(), ip_fields(&ip, pos)));
    if ip.frag_offset() != 0 {
        return out;
    }
    let t = ip.payload();
    let tpos = pos + ip.header_len();
    match ip.protocol() {
        IpProtocol::Udp if t.len() >= 8 => {
            let mut f = Map::new();
            let checksum = be16(t, 6).unwrap_or(0);
            f.insert("srcport".into(), json!(be16(t, 0)));
            f.insert("dstport".into(), json!(be16(t, 2)));
            f.insert("length".into(), json!(be16(t, 4)));
            f.insert("checksum".into(), json!(checksum));
            // Inside an ICMP error Wireshark does not verify; a zero checksum is "not
            // present" (status 3, which the reference keeps as the raw number).
            let status = if checksum == 0 { "3" } else { "unverified" };
            f.insert("checksum_status".into(), json!(status));
            out.push(inner_layer("udp", tpos, 8, f));
        }
        IpProtocol::Tcp if t.len() >= 4 => {
            let mut f = Map::new();
            f.insert("srcport".into(), json!(be16(t, 0)));
            f.insert("dstport".into(), json!(be16(t, 2)));
            if let Some(seq) = t.get(4..8).and_then(|s| <[u8; 4]>::try_from(s).ok()) {
                f.insert("seq".into(), json!(u32::from_be_bytes(seq)));
            }
            out.push(inner_layer("tcp", tpos, t.len().min(20), f));
        }
        IpProtocol::Icmp => {
            if let Ok(q) = Icmpv4Packet::parse(t) {
                let mut f = Map::new();
                f.insert("type".into(), json!(q.msg_type().value()));
                f.insert("code".into(), json!(q.code()));
                f.insert("checksum".into(), json!(q.checksum()));
                if q.msg_type().has_ident() {
                    f.insert("ident_be".into(), json!(q.ident()));
                    f.insert("seq_be".into(), json!(q.seq_no()));
                }
                f.insert("checksum_status".into(), json!("unverified"));
                out.push(inner_layer("icmp", tpos, t.len(), f));
            }
        }
        _ => {}
    }
    out
}

/// Dissects an ICMPv6 message at `pos`: the whole message is one layer (Wireshark's
/// `icmpv6` covers echo data and quoted packets), with the checksum verified over the
/// IPv6 pseudo-header of `ip`.
pub(crate) fn icmpv6(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, ip: IpPair) {
    use codec_inet::icmpv6::{Icmpv6Packet, Icmpv6Type};
    use core::net::IpAddr;
    use serde_json::{Map, json};

    let m = match Icmpv6Packet::parse(bytes) {
        Ok(m) => m,
        Err(e) => {
            walk.error("icmpv6", pos, e);
            return;
        }
    };
    let mut f = Map::new();
    f.insert("type".into(), json!(m.msg_type().value()));
    f.insert("code".into(), json!(m.code()));
    f.insert("checksum".into(), json!(m.checksum()));
    let status = match (ip.src, ip.dst) {
        (IpAddr::V6(src), IpAddr::V6(dst)) => {
            if m.verify_checksum(&src, &dst) {
                "good"
            } else {
                "bad"
            }
        }
        _ => "unverified",
    };
    f.insert("checksum_status".into(), json!(status));
    match m.msg_type() {
        Icmpv6Type::EchoRequest | Icmpv6Type::EchoReply => {
            f.insert("echo_id".into(), json!(m.echo_identifier()));
            f.insert("echo_seq".into(), json!(m.echo_sequence()));
        }
        Icmpv6Type::PacketTooBig => {
            f.insert("mtu".into(), json!(m.mtu()));
        }
        Icmpv6Type::ParamProblem => {
            f.insert("pointer".into(), json!(m.pointer()));
        }
        _ => {}
    }
    if let Some(target) = m.target_addr() {
        f.insert("target".into(), json!(target.to_string()));
    }
    if m.msg_type().nd_options_at().is_some() {
        f.insert("options".into(), icmpv6_nd_options(&m, pos));
    }
    walk.layer("icmpv6", pos, bytes.len(), m.to_string(), f);
}

/// The neighbour-discovery options of `m` (at `pos`) as a list of type, length (in 8-byte
/// units), position, size and value; a malformed option ends the list.
fn icmpv6_nd_options(m: &codec_inet::icmpv6::Icmpv6Packet<&[u8]>, pos: usize) -> serde_json::Value {
    let mut options = Vec::new();
    let mut walk = m.nd_options();
    loop {
        let at = walk.offset();
        let Some(Ok(o)) = walk.next() else { break };
        let size = walk.offset() - at;
        let raw = m.body().get(at - 4 + 2..at - 4 + size).unwrap_or(&[]);
        options.push(serde_json::json!({
            "type": o.option_type().value(),
            "len": size / 8,
            "pos": pos + at,
            "size": size,
            "value_hex": raw.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        }));
    }
    serde_json::Value::Array(options)
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Walk};
    use super::icmpv4;
    use serde_json::json;

    fn run(bytes: &[u8], pos: usize) -> super::super::Packet {
        let options = Options::default();
        let mut walk = Walk {
            packet: super::super::Packet {
                frame: 1,
                len: 0,
                caplen: 0,
                linktype: 0,
                layers: Vec::new(),
                errors: Vec::new(),
            },
            options: &options,
        };
        icmpv4(&mut walk, bytes, pos);
        walk.packet
    }

    /// tcpdump_icmp-rfc5837.pcap has link type PPP, which the dissector does not decode
    /// yet: its ICMP is tested here on the frame's bytes after the 4-byte PPP header
    /// (ff 03 00 21) and the 20-byte IP header, at the frame offsets of the reference
    /// ../shared/reference/tcpdump_icmp-rfc5837.pcap.jsonl.
    #[test]
    fn rfc5837_time_exceeded_matches_the_reference() {
        let d = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/captures/icmp/tcpdump_icmp-rfc5837.pcap"),
        )
        .unwrap();
        // One frame: pcap header 24 bytes, record header 16, then the 244-byte frame.
        let frame = &d[40..];
        assert_eq!(frame.len(), 244);
        assert_eq!(&frame[..4], &[0xff, 0x03, 0x00, 0x21]);
        let ip = codec_inet::ipv4::Ipv4Packet::parse(&frame[4..]).unwrap();
        let p = run(ip.payload(), 24);
        assert!(p.errors.is_empty());
        let icmp = &p.layers[0];
        assert_eq!((icmp.proto, icmp.pos, icmp.size), ("icmp", 24, 220));
        let mut ours = serde_json::Map::new();
        ours.insert("proto".into(), json!("icmp"));
        ours.insert("pos".into(), json!(24));
        ours.insert("size".into(), json!(220));
        ours.extend(icmp.fields.clone());
        // The reference's icmp layer, verbatim.
        let reference = json!({"proto": "icmp", "pos": 24, "size": 220, "type": 11, "code": 0,
            "checksum": 52479, "ext_version": "2", "checksum_status": "good",
            "inner": [{"proto": "ip", "pos": 32, "size": 20, "version": 4, "hdr_len": 20,
                "dsfield": 0, "len": 40, "id": 42321, "flags": 0, "frag_offset": 0, "ttl": 1,
                "ip_proto": 17, "checksum": 63338, "src": "12.4.4.4", "dst": "12.1.1.1",
                "checksum_status": "good"},
                {"proto": "udp", "pos": 52, "size": 8, "srcport": 42315, "dstport": 33440,
                "length": 20, "checksum": 0, "checksum_status": "3"}]});
        assert_eq!(serde_json::Value::Object(ours), reference);
        assert_eq!(
            icmp.summary,
            "ICMP time exceeded in-transit, length 220, extension v2"
        );
        // The reference file says the same.
        let line = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/reference/tcpdump_icmp-rfc5837.pcap.jsonl"),
        )
        .unwrap();
        let r: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        assert_eq!(r["layers"][2], reference);
    }

    #[test]
    fn unreachable_redirect_and_short_messages() {
        // Fragmentation needed, MTU 1400, RFC 4884 length 32, quoting a TCP header.
        let mut m = vec![3u8, 4, 0, 0, 0, 32, 0x05, 0x78];
        m.extend([
            0x45, 0x00, 0x05, 0xdc, 0x1c, 0x47, 0x40, 0x00, 0x40, 0x06, 0x20, 0xee, 0xc0, 0xa8,
            0x01, 0x64, 0x5d, 0xb8, 0xd8, 0x22, 0xc3, 0x50, 0x00, 0x50, 0x12, 0x34, 0x56, 0x79,
        ]);
        m.resize(8 + 128, 0);
        m.extend([0x20, 0x00, 0xdf, 0xff]);
        let p = run(&m, 34);
        let f = &p.layers[0].fields;
        assert_eq!(f["mtu"], json!(1400));
        assert_eq!(f["length"], json!(32));
        assert_eq!(f["ext_version"], json!("2"));
        assert_eq!(f["checksum_status"], json!("bad"));
        assert!(!f.contains_key("ident_be"));
        assert_eq!(f["inner"][0]["len"], json!(1500));
        assert_eq!(f["inner"][0]["checksum_status"], json!("good"));
        assert_eq!(
            f["inner"][1],
            json!({"proto": "tcp", "pos": 62, "size": 20, "srcport": 50000, "dstport": 80,
                "seq": 0x1234_5679u32})
        );
        // Redirect to 10.0.0.1.
        let mut r = vec![5u8, 1, 0, 0, 10, 0, 0, 1];
        r.extend(&m[8..36]);
        let p = run(&r, 34);
        assert_eq!(p.layers[0].fields["gateway"], json!("10.0.0.1"));
        // Under 8 bytes: an error entry.
        let p = run(&m[..7], 34);
        assert!(p.layers.is_empty());
        assert_eq!((p.errors[0].proto, p.errors[0].pos), ("icmp", 34));
    }
}
