//! Link layer: Ethernet with its VLAN tags, ARP, Linux cooked captures, and the EtherType
//! dispatch.

use super::{Walk, colon_hex};
use codec_core::Error;
use codec_link::arp::ArpPacket;
use codec_link::ethernet::{EtherType, EthernetFrame, MIN_FRAME_LEN, VLAN_TAG_LEN};
use serde_json::{Map, json};

pub(crate) fn ethernet(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, wire_len: u32) {
    let frame = match EthernetFrame::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            walk.error("eth", pos, e);
            return;
        }
    };
    let mut fields = Map::new();
    fields.insert("dst".into(), json!(frame.dst().to_string()));
    fields.insert("src".into(), json!(frame.src().to_string()));
    let outer = frame.outer_ethertype();
    if outer.is_length() {
        fields.insert("len".into(), json!(outer.value()));
    } else {
        fields.insert("type".into(), json!(outer.value()));
    }
    let eth_index = walk.packet.layers.len();
    walk.layer("eth", pos, 14, frame.to_string(), fields);

    let tags = frame.vlan_tags();
    for (i, tag) in tags.iter().enumerate() {
        let next = tags.get(i + 1).map_or(frame.ethertype(), |t| t.tpid());
        let proto = if tag.is_service_tag() {
            "ieee8021ad"
        } else {
            "vlan"
        };
        let mut f = Map::new();
        f.insert("priority".into(), json!(tag.pcp()));
        f.insert("dei".into(), json!(u8::from(tag.dei())));
        f.insert("id".into(), json!(tag.vid()));
        f.insert("etype".into(), json!(next.value()));
        walk.layer(
            proto,
            pos + 14 + i * VLAN_TAG_LEN,
            VLAN_TAG_LEN,
            format!("{tag}, next {next}"),
            f,
        );
    }

    let payload_pos = pos + frame.header_len();
    let payload = frame.payload();
    let consumed = ethertype_payload(walk, frame.ethertype(), payload, payload_pos);

    // Padding to the 60-byte minimum, as Wireshark's add_ethernet_trailer shows it for
    // untagged frames: bytes after the payload protocol, up to byte 60 of the frame.
    if let Some(used) = consumed
        && tags.is_empty()
        && pos == 0
        && wire_len as usize >= MIN_FRAME_LEN
    {
        let end = payload_pos + used;
        if end < MIN_FRAME_LEN {
            let pad = payload.get(used..).unwrap_or(&[]);
            let pad = pad
                .get(..(MIN_FRAME_LEN - end).min(pad.len()))
                .unwrap_or(&[]);
            if !pad.is_empty()
                && let Some(eth) = walk.packet.layers.get_mut(eth_index)
            {
                eth.fields.insert("padding".into(), json!(colon_hex(pad)));
            }
        }
    }
}

/// Dispatches a payload by EtherType; returns the bytes the payload protocol used, when
/// it knows (for padding), or `None`.
pub(crate) fn ethertype_payload(
    walk: &mut Walk<'_>,
    ethertype: EtherType,
    bytes: &[u8],
    pos: usize,
) -> Option<usize> {
    match ethertype {
        EtherType::Arp | EtherType::Rarp => arp(walk, bytes, pos),
        EtherType::Ipv4 => super::ipv4::ipv4(walk, bytes, pos),
        EtherType::Ipv6 => super::ipv6::ipv6(walk, bytes, pos),
        EtherType::PppoeDiscovery => super::ppp::pppoe_discovery(walk, bytes, pos),
        EtherType::PppoeSession => super::ppp::pppoe_session(walk, bytes, pos),
        EtherType::TransparentEthernetBridging => {
            ethernet(
                walk,
                bytes,
                pos,
                u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            );
            Some(bytes.len())
        }
        _ => {
            walk.data(pos, bytes);
            None
        }
    }
}

fn arp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) -> Option<usize> {
    let p = match ArpPacket::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("arp", pos, e);
            return None;
        }
    };
    let mut f = Map::new();
    f.insert("htype".into(), json!(p.hardware_type().value()));
    f.insert("ptype".into(), json!(p.protocol_type().value()));
    f.insert("hlen".into(), json!(p.hardware_len()));
    f.insert("plen".into(), json!(p.protocol_len()));
    f.insert("opcode".into(), json!(p.operation().value()));
    let mac_or_hex = |m: Option<codec_link::ethernet::MacAddr>, raw: &[u8]| match m {
        Some(m) => ("mac", m.to_string()),
        None => ("hex", colon_hex(raw)),
    };
    let ip_or_hex = |a: Option<core::net::Ipv4Addr>, raw: &[u8]| match a {
        Some(a) => ("ip", a.to_string()),
        None => ("hex", colon_hex(raw)),
    };
    // Wireshark names the addresses sha/spa/tha/tpa only when they are MACs and IPv4
    // addresses; other sizes are kept under *_hex so they never compare against those.
    for (name, (kind, value)) in [
        ("sha", mac_or_hex(p.source_mac(), p.source_hardware_addr())),
        ("spa", ip_or_hex(p.source_ipv4(), p.source_protocol_addr())),
        ("tha", mac_or_hex(p.target_mac(), p.target_hardware_addr())),
        ("tpa", ip_or_hex(p.target_ipv4(), p.target_protocol_addr())),
    ] {
        let key = if kind == "hex" {
            format!("{name}_hex")
        } else {
            name.to_string()
        };
        f.insert(key, json!(value));
    }
    let size = p.packet_len();
    walk.layer("arp", pos, size, p.to_string(), f);
    Some(size)
}

/// Linux cooked capture v1: 16-byte header, protocol type at bytes 14–15.
pub(crate) fn linux_sll(walk: &mut Walk<'_>, data: &[u8]) {
    match data.get(14..16) {
        Some(&[a, b]) => {
            let ethertype = EtherType::from_value(u16::from_be_bytes([a, b]));
            let mut f = Map::new();
            f.insert("etype".into(), json!(ethertype.value()));
            walk.layer(
                "sll",
                0,
                16,
                format!("Linux cooked capture, {ethertype}"),
                f,
            );
            ethertype_payload(walk, ethertype, data.get(16..).unwrap_or(&[]), 16);
        }
        _ => walk.error(
            "sll",
            0,
            Error::truncated(codec_core::Protocol::Capture, 0, 16, data.len()),
        ),
    }
}

/// Linux cooked capture v2: 20-byte header, protocol type at bytes 0–1.
pub(crate) fn linux_sll2(walk: &mut Walk<'_>, data: &[u8]) {
    match (data.get(0..2), data.len() >= 20) {
        (Some(&[a, b]), true) => {
            let ethertype = EtherType::from_value(u16::from_be_bytes([a, b]));
            let mut f = Map::new();
            f.insert("etype".into(), json!(ethertype.value()));
            walk.layer(
                "sll",
                0,
                20,
                format!("Linux cooked capture v2, {ethertype}"),
                f,
            );
            ethertype_payload(walk, ethertype, data.get(20..).unwrap_or(&[]), 20);
        }
        _ => walk.error(
            "sll",
            0,
            Error::truncated(codec_core::Protocol::Capture, 0, 20, data.len()),
        ),
    }
}
