//! The Address Resolution Protocol (RFC 826), in its generic form (any hardware and
//! protocol address sizes) and typed for Ethernet/IPv4.
//!
//! ```text
//!  0        2        4     5     6        8
//! +--------+--------+-----+-----+--------+-----+-----+-----+-----+
//! | htype  | ptype  | hlen| plen|  oper  | sha | spa | tha | tpa |
//! +--------+--------+-----+-----+--------+-----+-----+-----+-----+
//!                                         hlen  plen  hlen  plen bytes
//! ```
//!
//! [`ArpPacket`] is the generic view; [`ArpRepr`] is `EthernetIpv4` for the common case
//! (hardware type 1, protocol 0x0800, sizes 6 and 4) and `Generic` for every other.
//!
//! ```
//! use codec_link::arp::{ArpOperation, ArpPacket, ArpRepr};
//! use codec_link::ethernet::MacAddr;
//! use core::net::Ipv4Addr;
//! // The ARP reply of packetnet_arp_request_response.pcap, frame 2.
//! let bytes = [
//!     0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x00, 0x21, 0x6a, 0x02, 0x08, 0x54,
//!     0xc0, 0xa8, 0x01, 0xd6, 0x00, 0x04, 0x61, 0x99, 0x01, 0x54, 0xc0, 0xa8, 0x01, 0xca,
//! ];
//! let packet = ArpPacket::parse(&bytes[..])?;
//! let ArpRepr::EthernetIpv4 { operation, source_protocol_addr, target_hardware_addr, .. } =
//!     ArpRepr::parse(&packet)?
//! else { unreachable!() };
//! assert_eq!(operation, ArpOperation::Reply);
//! assert_eq!(source_protocol_addr, Ipv4Addr::new(192, 168, 1, 214));
//! assert_eq!(target_hardware_addr, MacAddr([0x00, 0x04, 0x61, 0x99, 0x01, 0x54]));
//! assert_eq!(packet.to_string(), "ARP Reply 192.168.1.214 is-at 00:21:6a:02:08:54");
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::ethernet::{EtherType, MacAddr};
use codec_core::{Error, Field, Protocol, Result, Writer, split_at, split_header};
use core::fmt;
use core::net::Ipv4Addr;
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the fixed part (htype through oper).
pub const HEADER_LEN: usize = 8;
/// Length of an Ethernet/IPv4 ARP packet.
pub const ETHERNET_IPV4_LEN: usize = 28;

codec_core::registry! {
    /// ARP hardware types (IANA "Hardware Types").
    pub enum ArpHardware: u16 {
        /// Ethernet (10 Mb and up).
        Ethernet = 1 => "Ethernet",
        /// Experimental Ethernet (3 Mb).
        ExperimentalEthernet = 2 => "Experimental Ethernet",
        /// IEEE 802 networks.
        Ieee802 = 6 => "IEEE 802",
        /// Frame Relay.
        FrameRelay = 15 => "Frame Relay",
        /// ATM.
        Atm = 16 => "ATM",
        /// HDLC.
        Hdlc = 17 => "HDLC",
        /// IEEE 1394.
        Ieee1394 = 24 => "IEEE 1394",
        /// InfiniBand.
        InfiniBand = 32 => "InfiniBand",
    }
}

codec_core::registry! {
    /// ARP operation codes (RFC 826, RFC 903 RARP, RFC 2390 InARP).
    pub enum ArpOperation: u16 {
        /// Request.
        Request = 1 => "Request",
        /// Reply.
        Reply = 2 => "Reply",
        /// RARP request (RFC 903).
        RarpRequest = 3 => "RARP Request",
        /// RARP reply (RFC 903).
        RarpReply = 4 => "RARP Reply",
        /// Inverse ARP request (RFC 2390).
        InArpRequest = 8 => "InARP Request",
        /// Inverse ARP reply (RFC 2390).
        InArpReply = 9 => "InARP Reply",
        /// ARP NAK (RFC 1577).
        Nak = 10 => "NAK",
    }
}

/// The fixed 8-byte part of every ARP packet.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct ArpHeader {
    /// Hardware type.
    pub htype: U16,
    /// Protocol type (an EtherType).
    pub ptype: U16,
    /// Hardware address length.
    pub hlen: u8,
    /// Protocol address length.
    pub plen: u8,
    /// Operation.
    pub oper: U16,
}

/// The whole 28-byte ARP packet of Ethernet/IPv4, as one typed struct.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct ArpEthernetIpv4 {
    /// The fixed part: 1, 0x0800, 6, 4, operation.
    pub header: ArpHeader,
    /// Sender hardware address.
    pub sha: MacAddr,
    /// Sender protocol address.
    pub spa: [u8; 4],
    /// Target hardware address.
    pub tha: MacAddr,
    /// Target protocol address.
    pub tpa: [u8; 4],
}

impl ArpEthernetIpv4 {
    /// Views the front of `bytes` as an Ethernet/IPv4 ARP packet, checking the type and
    /// size fields; returns it and the bytes after it (padding).
    ///
    /// # Errors
    /// Truncation, or [`BadValue`](codec_core::ErrorKind::BadValue) naming the first of
    /// htype, ptype, hlen, plen that is not 1, 0x0800, 6, 4.
    pub fn parse<B: SplitByteSlice>(bytes: B) -> Result<(Ref<B, ArpEthernetIpv4>, B)> {
        let (arp, rest) = split_header::<B, ArpEthernetIpv4>(Protocol::Arp, bytes)?;
        let h = &arp.header;
        let bad =
            |offset, field, value: u32| Err(Error::bad_value(Protocol::Arp, offset, field, value));
        if h.htype.get() != 1 {
            return bad(0, Field::HardwareType, u32::from(h.htype.get()));
        }
        if h.ptype.get() != 0x0800 {
            return bad(2, Field::ProtocolType, u32::from(h.ptype.get()));
        }
        if h.hlen != 6 {
            return bad(4, Field::HardwareLength, u32::from(h.hlen));
        }
        if h.plen != 4 {
            return bad(5, Field::ProtocolLength, u32::from(h.plen));
        }
        Ok((arp, rest))
    }

    /// Operation.
    #[must_use]
    pub fn operation(&self) -> ArpOperation {
        ArpOperation::from_value(self.header.oper.get())
    }

    /// Sender protocol address.
    #[must_use]
    pub fn source_protocol_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.spa)
    }

    /// Target protocol address.
    #[must_use]
    pub fn target_protocol_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.tpa)
    }
}

/// A zero-copy view of an ARP packet of any address sizes.
pub struct ArpPacket<B> {
    header: Ref<B, ArpHeader>,
    sha: B,
    spa: B,
    tha: B,
    tpa: B,
    trailer: B,
}

impl<B: SplitByteSlice> ArpPacket<B> {
    /// Validates `bytes` as an ARP packet: the fixed part and both address pairs must be
    /// present. Bytes after them (Ethernet padding) are kept as the [trailer](Self::trailer).
    ///
    /// # Errors
    /// [`Truncated`](codec_core::ErrorKind::Truncated) at the offset of the first missing
    /// address byte.
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, rest) = split_header::<B, ArpHeader>(Protocol::Arp, bytes)?;
        let h = usize::from(header.hlen);
        let p = usize::from(header.plen);
        let needed = 2 * (h + p);
        if rest.len() < needed {
            return Err(Error::truncated(
                Protocol::Arp,
                HEADER_LEN,
                needed,
                rest.len(),
            ));
        }
        let (sha, rest) = split_at(Protocol::Arp, rest, h, HEADER_LEN)?;
        let (spa, rest) = split_at(Protocol::Arp, rest, p, HEADER_LEN + h)?;
        let (tha, rest) = split_at(Protocol::Arp, rest, h, HEADER_LEN + h + p)?;
        let (tpa, trailer) = split_at(Protocol::Arp, rest, p, HEADER_LEN + 2 * h + p)?;
        Ok(ArpPacket {
            header,
            sha,
            spa,
            tha,
            tpa,
            trailer,
        })
    }

    /// Hardware type.
    #[inline]
    pub fn hardware_type(&self) -> ArpHardware {
        ArpHardware::from_value(self.header.htype.get())
    }

    /// Protocol type.
    #[inline]
    pub fn protocol_type(&self) -> EtherType {
        EtherType::from_value(self.header.ptype.get())
    }

    /// Hardware address length.
    #[inline]
    pub fn hardware_len(&self) -> u8 {
        self.header.hlen
    }

    /// Protocol address length.
    #[inline]
    pub fn protocol_len(&self) -> u8 {
        self.header.plen
    }

    /// Operation.
    #[inline]
    pub fn operation(&self) -> ArpOperation {
        ArpOperation::from_value(self.header.oper.get())
    }

    /// Sender hardware address bytes.
    #[inline]
    pub fn source_hardware_addr(&self) -> &[u8] {
        &self.sha
    }

    /// Sender protocol address bytes.
    #[inline]
    pub fn source_protocol_addr(&self) -> &[u8] {
        &self.spa
    }

    /// Target hardware address bytes.
    #[inline]
    pub fn target_hardware_addr(&self) -> &[u8] {
        &self.tha
    }

    /// Target protocol address bytes.
    #[inline]
    pub fn target_protocol_addr(&self) -> &[u8] {
        &self.tpa
    }

    /// Length of the ARP packet proper: 8 + 2 × (hlen + plen).
    #[inline]
    pub fn packet_len(&self) -> usize {
        HEADER_LEN + 2 * (usize::from(self.header.hlen) + usize::from(self.header.plen))
    }

    /// Bytes after the packet (padding of the frame that carried it).
    #[inline]
    pub fn trailer(&self) -> &[u8] {
        &self.trailer
    }

    /// Whether the hardware addresses are Ethernet MACs: hardware type Ethernet or IEEE
    /// 802 with length 6 (the test Wireshark's `ARP_HW_IS_ETHER` makes).
    #[inline]
    pub fn has_mac_addresses(&self) -> bool {
        matches!(
            self.hardware_type(),
            ArpHardware::Ethernet | ArpHardware::Ieee802
        ) && self.header.hlen == 6
    }

    /// Whether the protocol addresses are IPv4: type 0x0800 with length 4.
    #[inline]
    pub fn has_ipv4_addresses(&self) -> bool {
        self.header.ptype.get() == 0x0800 && self.header.plen == 4
    }

    /// The sender hardware address as a MAC, when [`has_mac_addresses`](Self::has_mac_addresses).
    #[inline]
    pub fn source_mac(&self) -> Option<MacAddr> {
        self.has_mac_addresses()
            .then(|| MacAddr::from_bytes(&self.sha))
            .flatten()
    }

    /// The target hardware address as a MAC, when [`has_mac_addresses`](Self::has_mac_addresses).
    #[inline]
    pub fn target_mac(&self) -> Option<MacAddr> {
        self.has_mac_addresses()
            .then(|| MacAddr::from_bytes(&self.tha))
            .flatten()
    }

    /// The sender protocol address as IPv4, when [`has_ipv4_addresses`](Self::has_ipv4_addresses).
    #[inline]
    pub fn source_ipv4(&self) -> Option<Ipv4Addr> {
        self.has_ipv4_addresses().then(|| ipv4(&self.spa)).flatten()
    }

    /// The target protocol address as IPv4, when [`has_ipv4_addresses`](Self::has_ipv4_addresses).
    #[inline]
    pub fn target_ipv4(&self) -> Option<Ipv4Addr> {
        self.has_ipv4_addresses().then(|| ipv4(&self.tpa)).flatten()
    }
}

fn ipv4(b: &[u8]) -> Option<Ipv4Addr> {
    <[u8; 4]>::try_from(b).ok().map(Ipv4Addr::from)
}

impl<B: ByteSliceMut + SplitByteSlice> ArpPacket<B> {
    /// Sets the operation.
    #[inline]
    pub fn set_operation(&mut self, op: ArpOperation) {
        self.header.oper.set(op.value());
    }

    /// The sender hardware address, writable (its length is fixed by hlen).
    #[inline]
    pub fn source_hardware_addr_mut(&mut self) -> &mut [u8] {
        &mut self.sha
    }

    /// The sender protocol address, writable.
    #[inline]
    pub fn source_protocol_addr_mut(&mut self) -> &mut [u8] {
        &mut self.spa
    }

    /// The target hardware address, writable.
    #[inline]
    pub fn target_hardware_addr_mut(&mut self) -> &mut [u8] {
        &mut self.tha
    }

    /// The target protocol address, writable.
    #[inline]
    pub fn target_protocol_addr_mut(&mut self) -> &mut [u8] {
        &mut self.tpa
    }
}

impl<B: SplitByteSlice> fmt::Debug for ArpPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArpPacket")
            .field("header", &*self.header)
            .field("sha", &self.source_hardware_addr())
            .field("spa", &self.source_protocol_addr())
            .field("tha", &self.target_hardware_addr())
            .field("tpa", &self.target_protocol_addr())
            .field("trailer_len", &self.trailer().len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for ArpPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (
            self.operation(),
            self.source_ipv4(),
            self.target_ipv4(),
            self.source_mac(),
        ) {
            (ArpOperation::Request, Some(spa), Some(tpa), _) => {
                write!(f, "ARP Request who-has {tpa} tell {spa}")
            }
            (ArpOperation::Reply, Some(spa), _, Some(sha)) => {
                write!(f, "ARP Reply {spa} is-at {sha}")
            }
            (op, _, _, _) => write!(
                f,
                "ARP {op} hardware {} ({} bytes) protocol {} ({} bytes)",
                self.hardware_type(),
                self.hardware_len(),
                self.protocol_type(),
                self.protocol_len()
            ),
        }
    }
}

/// The meaning of an ARP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArpRepr<'a> {
    /// Ethernet hardware (type 1, 6-byte addresses) and IPv4 (0x0800, 4-byte addresses).
    EthernetIpv4 {
        /// Operation.
        operation: ArpOperation,
        /// Sender hardware address.
        source_hardware_addr: MacAddr,
        /// Sender protocol address.
        source_protocol_addr: Ipv4Addr,
        /// Target hardware address.
        target_hardware_addr: MacAddr,
        /// Target protocol address.
        target_protocol_addr: Ipv4Addr,
    },
    /// Any other hardware/protocol combination, addresses borrowed as bytes.
    ///
    /// Both hardware addresses must have one length and both protocol addresses another,
    /// each at most 255; the Ethernet/IPv4 combination must use `EthernetIpv4` (so that
    /// every repr has one encoding and `parse(emit(r)) == r`).
    Generic {
        /// Hardware type.
        hardware_type: ArpHardware,
        /// Protocol type.
        protocol_type: EtherType,
        /// Operation.
        operation: ArpOperation,
        /// Sender hardware address.
        source_hardware_addr: &'a [u8],
        /// Sender protocol address.
        source_protocol_addr: &'a [u8],
        /// Target hardware address.
        target_hardware_addr: &'a [u8],
        /// Target protocol address.
        target_protocol_addr: &'a [u8],
    },
}

impl<'a> ArpRepr<'a> {
    /// The repr of a parsed packet.
    ///
    /// # Errors
    /// None today; the `Result` keeps the family's shape.
    pub fn parse<B: SplitByteSlice>(packet: &'a ArpPacket<B>) -> Result<Self> {
        if packet.hardware_type() == ArpHardware::Ethernet
            && let (Some(sha), Some(spa), Some(tha), Some(tpa)) = (
                packet.source_mac(),
                packet.source_ipv4(),
                packet.target_mac(),
                packet.target_ipv4(),
            )
        {
            return Ok(ArpRepr::EthernetIpv4 {
                operation: packet.operation(),
                source_hardware_addr: sha,
                source_protocol_addr: spa,
                target_hardware_addr: tha,
                target_protocol_addr: tpa,
            });
        }
        Ok(ArpRepr::Generic {
            hardware_type: packet.hardware_type(),
            protocol_type: packet.protocol_type(),
            operation: packet.operation(),
            source_hardware_addr: packet.source_hardware_addr(),
            source_protocol_addr: packet.source_protocol_addr(),
            target_hardware_addr: packet.target_hardware_addr(),
            target_protocol_addr: packet.target_protocol_addr(),
        })
    }

    /// The operation.
    #[must_use]
    pub const fn operation(&self) -> ArpOperation {
        match self {
            ArpRepr::EthernetIpv4 { operation, .. } | ArpRepr::Generic { operation, .. } => {
                *operation
            }
        }
    }

    /// Bytes the packet takes: 8 + 2 × (hlen + plen).
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        match self {
            ArpRepr::EthernetIpv4 { .. } => ETHERNET_IPV4_LEN,
            ArpRepr::Generic {
                source_hardware_addr,
                source_protocol_addr,
                ..
            } => HEADER_LEN + 2 * (source_hardware_addr.len() + source_protocol_addr.len()),
        }
    }

    /// Writes the packet into the front of `buf`; returns its length.
    ///
    /// # Errors
    /// A buffer error when `buf` is too short; for `Generic`, a
    /// [`BadLength`](codec_core::ErrorKind::BadLength) when address lengths differ or
    /// exceed 255, and [`BadValue`](codec_core::ErrorKind::BadValue) for the Ethernet/IPv4
    /// combination (use `EthernetIpv4`).
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        if buf.len() < len {
            return Err(Error::buffer_too_small(Protocol::Arp, len, buf.len()));
        }
        let mut w = Writer::new(Protocol::Arp, buf);
        match *self {
            ArpRepr::EthernetIpv4 {
                operation,
                source_hardware_addr,
                source_protocol_addr,
                target_hardware_addr,
                target_protocol_addr,
            } => {
                w.put_slice(&[0x00, 0x01, 0x08, 0x00, 6, 4])?;
                w.put_u16(operation.value())?;
                w.put_slice(&source_hardware_addr.0)?;
                w.put_slice(&source_protocol_addr.octets())?;
                w.put_slice(&target_hardware_addr.0)?;
                w.put_slice(&target_protocol_addr.octets())?;
            }
            ArpRepr::Generic {
                hardware_type,
                protocol_type,
                operation,
                source_hardware_addr: sha,
                source_protocol_addr: spa,
                target_hardware_addr: tha,
                target_protocol_addr: tpa,
            } => {
                let hlen = u8::try_from(sha.len())
                    .ok()
                    .filter(|&h| usize::from(h) == tha.len())
                    .ok_or(Error::bad_length(
                        Protocol::Arp,
                        4,
                        Field::HardwareLength,
                        sha.len() as u32,
                    ))?;
                let plen = u8::try_from(spa.len())
                    .ok()
                    .filter(|&p| usize::from(p) == tpa.len())
                    .ok_or(Error::bad_length(
                        Protocol::Arp,
                        5,
                        Field::ProtocolLength,
                        spa.len() as u32,
                    ))?;
                if hardware_type == ArpHardware::Ethernet
                    && protocol_type == EtherType::Ipv4
                    && hlen == 6
                    && plen == 4
                {
                    return Err(Error::bad_value(Protocol::Arp, 0, Field::HardwareType, 1));
                }
                w.put_u16(hardware_type.value())?;
                w.put_u16(protocol_type.value())?;
                w.put_u8(hlen)?;
                w.put_u8(plen)?;
                w.put_u16(operation.value())?;
                w.put_slice(sha)?;
                w.put_slice(spa)?;
                w.put_slice(tha)?;
                w.put_slice(tpa)?;
            }
        }
        Ok(w.position())
    }
}

impl fmt::Display for ArpRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArpRepr::EthernetIpv4 {
                operation: ArpOperation::Request,
                source_protocol_addr,
                target_protocol_addr,
                ..
            } => write!(
                f,
                "ARP Request who-has {target_protocol_addr} tell {source_protocol_addr}"
            ),
            ArpRepr::EthernetIpv4 {
                operation: ArpOperation::Reply,
                source_protocol_addr,
                source_hardware_addr,
                ..
            } => write!(
                f,
                "ARP Reply {source_protocol_addr} is-at {source_hardware_addr}"
            ),
            ArpRepr::EthernetIpv4 {
                operation,
                source_protocol_addr,
                target_protocol_addr,
                ..
            } => {
                write!(
                    f,
                    "ARP {operation} {source_protocol_addr} > {target_protocol_addr}"
                )
            }
            ArpRepr::Generic {
                hardware_type,
                protocol_type,
                operation,
                source_hardware_addr,
                ..
            } => write!(
                f,
                "ARP {operation} hardware {hardware_type} ({} bytes) protocol {protocol_type}",
                source_hardware_addr.len()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;

    // Frame 1 of ../shared/captures/ethernet_vlan_arp/packetnet_arp_request_response.pcap
    // from byte 14: who-has 192.168.1.214 tell 192.168.1.202, then 18 bytes of padding.
    static REQUEST: [u8; 46] = [
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x00, 0x04, 0x61, 0x99, 0x01, 0x54, 0xc0,
        0xa8, 0x01, 0xca, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xa8, 0x01, 0xd6, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    // ../shared/captures/ethernet_vlan_arp/tcpdump_arp-too-long-tha.pcap from byte 18:
    // htype 0x3030, hlen 14, plen 4: a 44-byte generic packet.
    static TOO_LONG: [u8; 46] = [
        0x30, 0x30, 0x08, 0x00, 0x0e, 0x04, 0x00, 0x01, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
        0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
        0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
        0x30,
    ];

    #[test]
    fn deconstruct_request() {
        let p = ArpPacket::parse(&REQUEST[..]).unwrap();
        assert_eq!(p.hardware_type(), ArpHardware::Ethernet);
        assert_eq!(p.protocol_type(), EtherType::Ipv4);
        assert_eq!((p.hardware_len(), p.protocol_len()), (6, 4));
        assert_eq!(p.operation(), ArpOperation::Request);
        assert_eq!(p.source_mac().unwrap().to_string(), "00:04:61:99:01:54");
        assert_eq!(p.source_ipv4(), Some(Ipv4Addr::new(192, 168, 1, 202)));
        assert_eq!(p.target_mac(), Some(MacAddr::ZERO));
        assert_eq!(p.target_ipv4(), Some(Ipv4Addr::new(192, 168, 1, 214)));
        assert_eq!(p.packet_len(), 28);
        assert_eq!(p.trailer().len(), 18);
        assert_eq!(
            p.to_string(),
            "ARP Request who-has 192.168.1.214 tell 192.168.1.202"
        );

        let (typed, pad) = ArpEthernetIpv4::parse(&REQUEST[..]).unwrap();
        assert_eq!(typed.operation(), ArpOperation::Request);
        assert_eq!(
            typed.target_protocol_addr(),
            Ipv4Addr::new(192, 168, 1, 214)
        );
        assert_eq!(pad.len(), 18);
    }

    #[test]
    fn construct_in_place_turns_request_into_reply() {
        let mut bytes = REQUEST;
        let mut p = ArpPacket::parse(&mut bytes[..]).unwrap();
        p.set_operation(ArpOperation::Reply);
        p.target_hardware_addr_mut()
            .copy_from_slice(&[0x00, 0x21, 0x6a, 0x02, 0x08, 0x54]);
        assert_eq!(&bytes[6..8], &[0, 2]);
        assert_eq!(&bytes[18..24], &[0x00, 0x21, 0x6a, 0x02, 0x08, 0x54]);
    }

    #[test]
    fn parse_and_emit_ethernet_ipv4() {
        let p = ArpPacket::parse(&REQUEST[..]).unwrap();
        let r = ArpRepr::parse(&p).unwrap();
        assert_eq!(
            r,
            ArpRepr::EthernetIpv4 {
                operation: ArpOperation::Request,
                source_hardware_addr: MacAddr([0x00, 0x04, 0x61, 0x99, 0x01, 0x54]),
                source_protocol_addr: Ipv4Addr::new(192, 168, 1, 202),
                target_hardware_addr: MacAddr::ZERO,
                target_protocol_addr: Ipv4Addr::new(192, 168, 1, 214),
            }
        );
        let mut out = [0xffu8; 28];
        assert_eq!(r.emit(&mut out).unwrap(), 28);
        assert_eq!(out, REQUEST[..28]);
        assert_eq!(
            r.emit(&mut [0u8; 27]).unwrap_err().kind(),
            ErrorKind::BufferTooSmall {
                needed: 28,
                available: 27
            }
        );
    }

    #[test]
    fn generic_form_round_trips() {
        let p = ArpPacket::parse(&TOO_LONG[..]).unwrap();
        assert_eq!(p.hardware_type(), ArpHardware::Unknown(0x3030));
        assert_eq!(p.packet_len(), 44);
        assert_eq!(
            p.source_mac(),
            None,
            "14-byte hardware addresses are not MACs"
        );
        assert_eq!(p.source_ipv4(), Some(Ipv4Addr::new(48, 48, 48, 48)));
        let r = ArpRepr::parse(&p).unwrap();
        assert!(
            matches!(r, ArpRepr::Generic { source_hardware_addr, .. } if source_hardware_addr.len() == 14)
        );
        let mut out = [0u8; 44];
        assert_eq!(r.emit(&mut out).unwrap(), 44);
        assert_eq!(out, TOO_LONG[..44]);
        assert_eq!(
            ArpRepr::parse(&ArpPacket::parse(&out[..]).unwrap()).unwrap(),
            r
        );
    }

    #[test]
    fn generic_emit_refuses_inconsistent_lengths_and_the_typed_combination() {
        let r = ArpRepr::Generic {
            hardware_type: ArpHardware::Ieee802,
            protocol_type: EtherType::Ipv4,
            operation: ArpOperation::Request,
            source_hardware_addr: &[1; 6],
            source_protocol_addr: &[1; 4],
            target_hardware_addr: &[1; 5],
            target_protocol_addr: &[1; 4],
        };
        let e = r.emit(&mut [0u8; 64]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::HardwareLength,
                value: 6
            }
        );
        let ArpRepr::Generic {
            protocol_type,
            operation,
            source_protocol_addr,
            target_protocol_addr,
            ..
        } = r
        else {
            unreachable!()
        };
        let typed = ArpRepr::Generic {
            hardware_type: ArpHardware::Ethernet,
            protocol_type,
            operation,
            source_hardware_addr: &[1; 6],
            source_protocol_addr,
            target_hardware_addr: &[1; 6],
            target_protocol_addr,
        };
        assert!(typed.emit(&mut [0u8; 64]).is_err());
    }

    #[test]
    fn rejects_truncated_and_mistyped() {
        let e = ArpPacket::parse(&REQUEST[..7]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 8,
                available: 7
            }
        );
        let e = ArpPacket::parse(&REQUEST[..27]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                8,
                ErrorKind::Truncated {
                    needed: 20,
                    available: 19
                }
            )
        );
        let e = ArpEthernetIpv4::parse(&TOO_LONG[..])
            .map(|_| ())
            .unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                0,
                ErrorKind::BadValue {
                    field: Field::HardwareType,
                    value: 0x3030
                }
            )
        );
    }
}
