//! ICMP for IPv4 and IPv6 (being built: today their bytes are shown as data).

#[allow(unused_imports)]
use super::IpPair;
use super::Walk;

/// Dissects an ICMPv4 message at `pos`.
pub(crate) fn icmpv4(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    walk.data(pos, bytes);
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
