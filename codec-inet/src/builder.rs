//! A nested builder: Ethernet, IPv4 or IPv6, and TCP or UDP written around a payload into
//! one buffer, the payload written once, in place.
//!
//! Fuchsia's netstack3 serializers compute every layer's header size from the outside in,
//! then write from the inside out into one buffer, so no payload is copied between layers.
//! [`PacketBuilder`] does the same with the family's reprs: the header lengths fix where
//! the payload goes; the caller's closure writes it there; then TCP/UDP sums the payload
//! where it lies and writes its header (checksum with the pseudo-header of the IP layer),
//! IP writes its header (total length, checksum), and Ethernet writes its header and pads to
//! the 60-byte minimum. Lengths, protocol numbers, EtherTypes and checksums are filled in:
//! the corresponding fields of the reprs handed in are overwritten.
//!
//! ```
//! use codec_inet::builder::{NetworkRepr, PacketBuilder, TransportRepr};
//! use codec_inet::ipv4::{Ipv4Flags, Ipv4Repr};
//! use codec_inet::ip::IpProtocol;
//! use codec_inet::udp::UdpRepr;
//! use codec_link::ethernet::{EtherType, EthernetFrame, EthernetRepr, MacAddr};
//! use core::net::Ipv4Addr;
//!
//! let packet = PacketBuilder {
//!     ethernet: Some(EthernetRepr {
//!         dst: MacAddr::BROADCAST,
//!         src: MacAddr([2, 0, 0, 0, 0, 1]),
//!         vlan_tags: &[],
//!         ethertype: EtherType::Ipv4, // filled in anyway
//!     }),
//!     network: NetworkRepr::Ipv4(Ipv4Repr {
//!         src_addr: Ipv4Addr::new(10, 0, 0, 1),
//!         dst_addr: Ipv4Addr::new(10, 0, 0, 53),
//!         protocol: IpProtocol::Udp, // filled in anyway
//!         ttl: 64, dscp: 0, ecn: 0, ident: 1, flags: Ipv4Flags::DONT_FRAGMENT, frag_offset: 0,
//!         options: &[], payload_len: 0, // filled in
//!     }),
//!     transport: TransportRepr::Udp(UdpRepr { src_port: 5353, dst_port: 53, payload: &[] }),
//! };
//! let mut buf = [0u8; 128];
//! let len = packet.emit(&mut buf, 5, |payload| {
//!     payload.copy_from_slice(b"hello");
//!     Ok(())
//! })?;
//! assert_eq!(len, 14 + 20 + 8 + 5 + 13); // padded to 60 bytes
//! let frame = EthernetFrame::parse(&buf[..len])?;
//! let ip = codec_inet::ipv4::Ipv4Packet::parse_lax(frame.payload())?;
//! assert!(ip.verify_checksum());
//! assert_eq!(ip.total_len(), 33);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::ip::IpProtocol;
use crate::ipv4::Ipv4Repr;
use crate::ipv6::Ipv6Repr;
use crate::pseudo::IpPseudo;
use crate::tcp::TcpRepr;
use crate::udp::UdpRepr;
use codec_core::Result;
use codec_link::ethernet::{EtherType, EthernetRepr, MIN_FRAME_LEN};

/// The network layer of a [`PacketBuilder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkRepr<'a> {
    /// IPv4: `protocol` and `payload_len` are filled in.
    Ipv4(Ipv4Repr<'a>),
    /// IPv6 without extension headers: `next_header` is filled in.
    Ipv6(Ipv6Repr),
}

/// The transport layer of a [`PacketBuilder`]; the repr's `payload` is ignored (the payload
/// is written in place by the builder's closure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportRepr<'a> {
    /// TCP.
    Tcp(TcpRepr<'a>),
    /// UDP.
    Udp(UdpRepr<'a>),
}

impl TransportRepr<'_> {
    fn protocol(&self) -> IpProtocol {
        match self {
            TransportRepr::Tcp(_) => IpProtocol::Tcp,
            TransportRepr::Udp(_) => IpProtocol::Udp,
        }
    }

    fn header_len(&self) -> usize {
        match self {
            TransportRepr::Tcp(t) => t.header_len(),
            TransportRepr::Udp(_) => crate::udp::HEADER_LEN,
        }
    }

    fn emit_with_payload(
        &self,
        ip: &IpPseudo,
        buf: &mut [u8],
        payload_len: usize,
        emit_payload: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<usize> {
        match self {
            TransportRepr::Tcp(t) => t.emit_with_payload(ip, buf, payload_len, emit_payload),
            TransportRepr::Udp(u) => u.emit_with_payload(ip, buf, payload_len, emit_payload),
        }
    }
}

/// Ethernet (optional), IP and TCP/UDP headers around a payload. See the [module docs](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacketBuilder<'a> {
    /// The link layer; `None` writes a bare IP packet. Its `ethertype` is filled in.
    pub ethernet: Option<EthernetRepr<'a>>,
    /// The network layer.
    pub network: NetworkRepr<'a>,
    /// The transport layer.
    pub transport: TransportRepr<'a>,
}

impl PacketBuilder<'_> {
    /// Bytes of headers before the payload.
    #[must_use]
    pub fn header_len(&self) -> usize {
        let link = self.ethernet.map_or(0, |e| e.header_len());
        let network = match self.network {
            NetworkRepr::Ipv4(r) => r.header_len(),
            NetworkRepr::Ipv6(_) => crate::ipv6::HEADER_LEN,
        };
        link + network + self.transport.header_len()
    }

    /// Bytes [`emit`](Self::emit) writes for a payload of `payload_len` bytes, Ethernet
    /// padding included.
    #[must_use]
    pub fn buffer_len(&self, payload_len: usize) -> usize {
        let len = self.header_len().saturating_add(payload_len);
        if self.ethernet.is_some() {
            len.max(MIN_FRAME_LEN)
        } else {
            len
        }
    }

    /// Writes the packet: `emit_payload` fills the `payload_len` payload bytes in place,
    /// then every header is written around them with lengths and checksums. Returns the
    /// packet length.
    ///
    /// # Errors
    /// Any layer's error (a buffer too small, a length over a field's limit, an invalid
    /// repr), and whatever `emit_payload` returns.
    pub fn emit(
        &self,
        buf: &mut [u8],
        payload_len: usize,
        emit_payload: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<usize> {
        let transport_len = self.transport.header_len().saturating_add(payload_len);
        let network = |buf: &mut [u8]| -> Result<usize> {
            match self.network {
                NetworkRepr::Ipv4(r) => {
                    let r = Ipv4Repr {
                        protocol: self.transport.protocol(),
                        payload_len: transport_len,
                        ..r
                    };
                    let pseudo = IpPseudo::V4 {
                        src: r.src_addr,
                        dst: r.dst_addr,
                    };
                    r.emit_with_payload(buf, transport_len, |t| {
                        self.transport
                            .emit_with_payload(&pseudo, t, payload_len, emit_payload)
                            .map(|_| ())
                    })
                }
                NetworkRepr::Ipv6(r) => {
                    let r = Ipv6Repr {
                        next_header: self.transport.protocol(),
                        ..r
                    };
                    let pseudo = IpPseudo::V6 {
                        src: r.src_addr,
                        dst: r.dst_addr,
                    };
                    r.emit_with_payload(buf, transport_len, |t| {
                        self.transport
                            .emit_with_payload(&pseudo, t, payload_len, emit_payload)
                            .map(|_| ())
                    })
                }
            }
        };
        match self.ethernet {
            None => network(buf),
            Some(eth) => {
                let ethertype = match self.network {
                    NetworkRepr::Ipv4(_) => EtherType::Ipv4,
                    NetworkRepr::Ipv6(_) => EtherType::Ipv6,
                };
                let eth = EthernetRepr { ethertype, ..eth };
                let ip_len = self
                    .header_len()
                    .saturating_sub(eth.header_len())
                    .saturating_add(payload_len);
                eth.emit_frame(buf, ip_len, |ip| network(ip).map(|_| ()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipv4::{Ipv4Flags, Ipv4Packet};
    use crate::tcp::{TcpFlags, TcpPacket};
    use codec_link::ethernet::{EthernetFrame, MacAddr};
    use core::net::Ipv4Addr;

    fn hex(s: &str) -> std::vec::Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// ../shared/vectors/syn74.hex, rebuilt from its fields by one builder call.
    #[test]
    fn builds_syn74_byte_exact() {
        let syn74 = hex(include_str!("../../../shared/vectors/syn74.hex").trim());
        let options = [
            0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x9a, 0x2b, 0x3c, 0, 0, 0, 0,
            0x01, 0x03, 0x03, 0x07,
        ];
        let b = PacketBuilder {
            ethernet: Some(EthernetRepr {
                dst: MacAddr([0x00, 0x11, 0x22, 0x33, 0x44, 0x55]),
                src: MacAddr([0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb]),
                vlan_tags: &[],
                ethertype: EtherType::Unknown(0),
            }),
            network: NetworkRepr::Ipv4(Ipv4Repr {
                src_addr: Ipv4Addr::new(192, 168, 1, 100),
                dst_addr: Ipv4Addr::new(93, 184, 216, 34),
                protocol: IpProtocol::Unknown(0),
                ttl: 64,
                dscp: 0,
                ecn: 0,
                ident: 0x1c46,
                flags: Ipv4Flags::DONT_FRAGMENT,
                frag_offset: 0,
                options: &[],
                payload_len: 0,
            }),
            transport: TransportRepr::Tcp(TcpRepr {
                src_port: 50000,
                dst_port: 80,
                seq: 0x1234_5678,
                ack: 0,
                flags: TcpFlags::SYN,
                window: 64240,
                urgent: 0,
                options: &options,
                payload: &[],
            }),
        };
        assert_eq!(b.header_len(), 74);
        let mut out = [0u8; 74];
        assert_eq!(b.emit(&mut out, 0, |_| Ok(())).unwrap(), 74);
        assert_eq!(&out[..], &syn74[..]);
    }

    /// ../shared/vectors/data1514.hex: the 1460-byte payload is written once, in place.
    #[test]
    fn builds_data1514_with_the_payload_in_place() {
        let data = hex(include_str!("../../../shared/vectors/data1514.hex").trim());
        let f = EthernetFrame::parse(&data[..]).unwrap();
        let ip = Ipv4Packet::parse(f.payload()).unwrap();
        let tcp = TcpPacket::parse(ip.payload()).unwrap();
        let b = PacketBuilder {
            ethernet: Some(EthernetRepr::parse(&f).unwrap()),
            network: NetworkRepr::Ipv4(Ipv4Repr::parse(&ip).unwrap()),
            transport: TransportRepr::Tcp(TcpRepr::parse(&tcp).unwrap()),
        };
        let mut out = [0u8; 1514];
        let n = b
            .emit(&mut out, 1460, |p| {
                for (i, b) in p.iter_mut().enumerate() {
                    *b = (7 * i + 3) as u8;
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(n, 1514);
        assert_eq!(&out[..], &data[..]);
        // Too small a buffer is an error, not a panic.
        assert!(b.emit(&mut out[..1513], 1460, |_| Ok(())).is_err());
        // The payload writer's error is passed up.
        let e = codec_core::Error::truncated(codec_core::Protocol::Http, 0, 1, 0);
        assert_eq!(b.emit(&mut out, 1460, |_| Err(e)).unwrap_err(), e);
    }
}
