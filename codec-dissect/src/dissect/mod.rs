//! Walking a frame's layers with the codec crates.
//!
//! [`dissect`] turns one captured frame into a [`Packet`]: the layers in wire order, each
//! with its protocol name, position and size in the frame, the fields in the names of the
//! Wireshark reference (`../shared/oracle/SCHEMA.md`), and a one-line summary from the
//! codec's `Display`. A layer that fails to decode becomes an error entry (protocol, offset,
//! message) and the walk stops for that frame; nothing here can panic on packet bytes.

use crate::decode_as::DecodeAs;
use codec_core::Error;
use serde_json::{Map, Value, json};

mod aim;
pub(crate) mod app;
mod dhcp;
mod dns;
mod ftp;
mod gre;
mod http;
mod icmp;
mod ipv4;
mod ipv6;
mod link;
mod msnp;
mod ppp;
mod telnet;
mod transport;

use codec_inet::ip::IpProtocol;
use core::net::IpAddr;
use link::{ethernet, linux_sll, linux_sll2};

/// What the layer above an IP header needs from it: the addresses of the pseudo-header.
#[allow(dead_code)] // until the IPv4/IPv6 dissectors land
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IpPair {
    /// Source address.
    pub(crate) src: IpAddr,
    /// Destination address.
    pub(crate) dst: IpAddr,
}

/// Dispatches an IP payload by protocol number. `bytes` is the payload as the IP header's
/// lengths delimit it (cut to what was captured).
#[allow(dead_code)] // until the IPv4/IPv6 dissectors land
pub(crate) fn ip_payload(
    walk: &mut Walk<'_>,
    protocol: IpProtocol,
    bytes: &[u8],
    pos: usize,
    ip: IpPair,
) {
    match protocol {
        IpProtocol::Tcp => transport::tcp(walk, bytes, pos, ip),
        IpProtocol::Udp => transport::udp(walk, bytes, pos, ip),
        IpProtocol::Icmp => icmp::icmpv4(walk, bytes, pos),
        IpProtocol::Icmpv6 => icmp::icmpv6(walk, bytes, pos, ip),
        IpProtocol::Gre => gre::gre(walk, bytes, pos),
        IpProtocol::IpInIp => {
            ipv4::ipv4(walk, bytes, pos);
        }
        IpProtocol::Ipv6 => {
            ipv6::ipv6(walk, bytes, pos);
        }
        _ => walk.data(pos, bytes),
    }
}

/// LINKTYPE_ETHERNET.
pub const LINKTYPE_ETHERNET: u32 = 1;
/// LINKTYPE_PPP.
pub const LINKTYPE_PPP: u32 = 9;
/// LINKTYPE_PPP_HDLC.
pub const LINKTYPE_PPP_HDLC: u32 = 50;
/// LINKTYPE_RAW.
pub const LINKTYPE_RAW: u32 = 101;
/// LINKTYPE_LINUX_SLL.
pub const LINKTYPE_LINUX_SLL: u32 = 113;
/// LINKTYPE_PPP_WITH_DIR.
pub const LINKTYPE_PPP_WITH_DIR: u32 = 204;
/// LINKTYPE_IPV4.
pub const LINKTYPE_IPV4: u32 = 228;
/// LINKTYPE_IPV6.
pub const LINKTYPE_IPV6: u32 = 229;
/// LINKTYPE_LINUX_SLL2.
pub const LINKTYPE_LINUX_SLL2: u32 = 276;

/// What the dissector is told besides the bytes.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Port-to-protocol rules, as `tshark -d`.
    pub decode_as: Vec<DecodeAs>,
}

/// One decoded layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Protocol name as Wireshark names it (`eth`, `vlan`, `arp`...).
    pub proto: &'static str,
    /// Offset of the layer's first byte in the frame.
    pub pos: usize,
    /// Bytes the layer's header (or whole message) covers.
    pub size: usize,
    /// Decoded fields, named as in the Wireshark reference.
    pub fields: Map<String, Value>,
    /// One-line summary from the codec's `Display`.
    pub summary: String,
}

/// A layer that could not be decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerError {
    /// Protocol name of the layer.
    pub proto: &'static str,
    /// Offset of the layer in the frame.
    pub pos: usize,
    /// The codec's error (its offset counts from `pos`).
    pub error: Error,
}

/// A dissected frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Packet {
    /// Frame number, from 1.
    pub frame: u64,
    /// Length on the wire.
    pub len: u32,
    /// Captured length.
    pub caplen: usize,
    /// Link type.
    pub linktype: u32,
    /// Layers in wire order.
    pub layers: Vec<Layer>,
    /// Layers that failed to decode.
    pub errors: Vec<LayerError>,
}

impl Packet {
    /// The protocol stack, `eth:vlan:arp` style.
    #[must_use]
    pub fn protocols(&self) -> String {
        self.layers
            .iter()
            .map(|l| l.proto)
            .collect::<Vec<_>>()
            .join(":")
    }

    /// The packet as one JSON object in the schema of `../shared/reference`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let layers: Vec<Value> = self
            .layers
            .iter()
            .map(|l| {
                let mut m = Map::new();
                m.insert("proto".into(), json!(l.proto));
                m.insert("pos".into(), json!(l.pos));
                m.insert("size".into(), json!(l.size));
                m.extend(l.fields.iter().map(|(k, v)| (k.clone(), v.clone())));
                Value::Object(m)
            })
            .collect();
        let mut m = Map::new();
        m.insert("frame".into(), json!(self.frame));
        m.insert("len".into(), json!(self.len));
        m.insert("caplen".into(), json!(self.caplen));
        m.insert("protocols".into(), json!(self.protocols()));
        m.insert("layers".into(), Value::Array(layers));
        if !self.errors.is_empty() {
            m.insert("malformed".into(), json!(true));
            let errors: Vec<Value> = self
                .errors
                .iter()
                .map(|e| {
                    json!({
                        "proto": e.proto,
                        "pos": e.pos,
                        "offset": e.pos.saturating_add(e.error.offset()),
                        "message": e.error.to_string(),
                    })
                })
                .collect();
            m.insert("errors".into(), Value::Array(errors));
        }
        Value::Object(m)
    }
}

/// Lowercase hex without separators, as the references' `value_hex`.
pub(crate) fn plain_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The big-endian 16-bit number at `at`, if the bytes are there.
pub(crate) fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    match bytes.get(at..at.checked_add(2)?)? {
        &[a, b] => Some(u16::from_be_bytes([a, b])),
        _ => None,
    }
}

/// The big-endian 32-bit number at `at`, if the bytes are there.
pub(crate) fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    match bytes.get(at..at.checked_add(4)?)? {
        &[a, b, c, d] => Some(u32::from_be_bytes([a, b, c, d])),
        _ => None,
    }
}

/// Colon-separated hex, as Wireshark shows byte fields.
#[must_use]
pub fn colon_hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The state of one frame's walk: the packet being built and the options.
pub(crate) struct Walk<'o> {
    pub(crate) packet: Packet,
    #[allow(dead_code)] // read by the transport-layer dissectors as they arrive
    pub(crate) options: &'o Options,
}

impl Walk<'_> {
    /// Adds a decoded layer.
    pub(crate) fn layer(
        &mut self,
        proto: &'static str,
        pos: usize,
        size: usize,
        summary: String,
        fields: Map<String, Value>,
    ) {
        self.packet.layers.push(Layer {
            proto,
            pos,
            size,
            fields,
            summary,
        });
    }

    /// Records a layer that failed to decode.
    pub(crate) fn error(&mut self, proto: &'static str, pos: usize, error: Error) {
        self.packet.errors.push(LayerError { proto, pos, error });
    }

    /// Bytes no dissector claimed, shown as Wireshark's `data`.
    pub(crate) fn data(&mut self, pos: usize, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.layer(
                "data",
                pos,
                bytes.len(),
                format!("{} bytes of undecoded data", bytes.len()),
                Map::new(),
            );
        }
    }
}

/// The `linktype` of a [`Packet`] made by [`dissect_flap`]: not a link type, a FLAP taken
/// from a raw byte stream.
pub const LINKTYPE_NONE: u32 = u32::MAX;

/// Dissects one FLAP (OSCAR frame) cut from a raw stream by `codec_aim::flap::Deframer`,
/// as the `aim` layer and its SNAC sub-layer at position 0.
#[must_use]
pub fn dissect_flap(frame: u64, data: &[u8], options: &Options) -> Packet {
    let packet = Packet {
        frame,
        len: u32::try_from(data.len()).unwrap_or(u32::MAX),
        caplen: data.len(),
        linktype: LINKTYPE_NONE,
        layers: Vec::new(),
        errors: Vec::new(),
    };
    let mut walk = Walk { packet, options };
    let ports = app::Ports {
        transport: crate::decode_as::Transport::Tcp,
        src: 0,
        dst: 0,
    };
    aim::aim(&mut walk, data, 0, ports);
    walk.packet
}

#[cfg(test)]
impl<'o> Walk<'o> {
    /// An empty walk (frame 1, Ethernet), for the layer modules' tests.
    pub(crate) fn for_test(options: &'o Options) -> Self {
        Walk {
            packet: Packet {
                frame: 1,
                len: 0,
                caplen: 0,
                linktype: 1,
                layers: Vec::new(),
                errors: Vec::new(),
            },
            options,
        }
    }
}

/// Dissects one frame of link type `linktype`.
#[must_use]
pub fn dissect(frame: u64, linktype: u32, origlen: u32, data: &[u8], options: &Options) -> Packet {
    let packet = Packet {
        frame,
        len: origlen,
        caplen: data.len(),
        linktype,
        layers: Vec::new(),
        errors: Vec::new(),
    };
    let mut walk = Walk { packet, options };
    match linktype {
        LINKTYPE_ETHERNET => ethernet(&mut walk, data, 0, origlen),
        LINKTYPE_PPP | LINKTYPE_PPP_HDLC => ppp::ppp_link(&mut walk, data),
        LINKTYPE_PPP_WITH_DIR => {
            // The direction byte is a pseudo-header: Wireshark's lengths exclude it.
            walk.packet.len = origlen.saturating_sub(1);
            walk.packet.caplen = data.len().saturating_sub(1);
            ppp::ppp_with_dir(&mut walk, data);
        }
        LINKTYPE_LINUX_SLL => linux_sll(&mut walk, data),
        LINKTYPE_LINUX_SLL2 => linux_sll2(&mut walk, data),
        _ => walk.data(0, data),
    }
    walk.packet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arp_request_with_padding() {
        // Frame 1 of packetnet_arp_request_response.pcap.
        let frame: Vec<u8> = (0..60)
            .map(|i| {
                [
                    0xffu8, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x04, 0x61, 0x99, 0x01, 0x54, 0x08,
                    0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x00, 0x04, 0x61, 0x99,
                    0x01, 0x54, 0xc0, 0xa8, 0x01, 0xca, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0,
                    0xa8, 0x01, 0xd6,
                ]
                .get(i)
                .copied()
                .unwrap_or(0)
            })
            .collect();
        let p = dissect(1, LINKTYPE_ETHERNET, 60, &frame, &Options::default());
        assert_eq!(p.protocols(), "eth:arp");
        assert_eq!(
            p.layers[0].fields["padding"],
            json!("00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")
        );
        assert_eq!(p.layers[1].fields["tpa"], json!("192.168.1.214"));
        assert_eq!(
            p.layers[1].summary,
            "ARP Request who-has 192.168.1.214 tell 192.168.1.202"
        );
        // Cut inside the ARP packet: an error entry, not a panic.
        let p = dissect(2, LINKTYPE_ETHERNET, 60, &frame[..30], &Options::default());
        assert_eq!(p.protocols(), "eth");
        assert_eq!(p.errors[0].proto, "arp");
        assert_eq!(p.to_json()["errors"][0]["offset"], json!(22));
    }
}
