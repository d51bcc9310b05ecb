//! IPv6 (RFC 8200): the fixed 40-byte header, the extension-header chain and the
//! upper-layer payload located without copying.
//!
//! ```text
//!  0       4               12      16              24              32
//! +-------+---------------+-------------------------------------------+
//! |Version| Traffic Class |                Flow Label                 |
//! +-------+---------------+---------------+---------------+-----------+
//! |         Payload Length                |  Next Header  | Hop Limit |
//! +---------------------------------------+---------------+-----------+
//! |                      Source Address (16 bytes)                     |
//! |                   Destination Address (16 bytes)                   |
//! +--------------------------------------------------------------------+
//! | extension headers (hop-by-hop, routing, fragment, destination      |
//! | options, AH) ... upper-layer header and data                       |
//! ```
//!
//! [`Ipv6Packet::parse`] checks the version and that the payload length fits the bytes;
//! the extension headers are then walked lazily by [`Ipv6Packet::extension_headers`] (each
//! step consumes at least 8 bytes, so the walk is bounded by the payload length), and
//! [`Ipv6Packet::upper_layer`] returns the final protocol, its offset and its bytes. The
//! options of hop-by-hop and destination-options headers are walked lazily too, by
//! codec-core's generic TLV walker ([`OPTIONS_FORMAT`]).
//!
//! ```
//! use codec_inet::ip::IpProtocol;
//! use codec_inet::ipv6::{Ipv6Option, Ipv6Packet, Ipv6Repr};
//! // An MLDv2 report from zeek_pppoe_lcp_pap_ipcp.pcap (frame 22, from byte 22): a
//! // hop-by-hop header with Router Alert, then 28 bytes of ICMPv6.
//! let bytes = [
//!     0x6e, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x01, 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
//!     0xc8, 0x01, 0x0e, 0xff, 0xfe, 0x88, 0x00, 0x08, 0xff, 0x02, 0, 0, 0, 0, 0, 0,
//!     0, 0, 0, 0, 0, 0, 0, 0x16, // end of the fixed header
//!     0x3a, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00, // hop-by-hop options
//!     0x8f, 0x00, 0x9a, 0x77, 0x00, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00,
//!     0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
//! ];
//! let packet = Ipv6Packet::parse(&bytes[..])?;
//! assert_eq!(packet.next_header(), IpProtocol::HopByHop);
//! assert_eq!(packet.dst_addr().to_string(), "ff02::16");
//! let hbh = packet.extension_headers().next().unwrap()?;
//! let mut options = hbh.options().unwrap();
//! assert_eq!(options.next().unwrap()?, Ipv6Option::RouterAlert(0));
//! let upper = packet.upper_layer()?;
//! assert_eq!((upper.protocol, upper.offset, upper.payload.len()), (IpProtocol::Icmpv6, 48, 28));
//!
//! // The fixed header again, from its repr: emit fills the payload length.
//! let repr = Ipv6Repr::parse(&packet)?;
//! let mut out = [0u8; 40];
//! repr.emit(&mut out, 36)?;
//! assert_eq!(out, bytes[..40]);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::ip::{self, IpProtocol};
use codec_core::tlv::{TlvFormat, Tlvs, Width};
use codec_core::{Error, ErrorKind, Field, Protocol, Result, split_at, split_header};
use core::fmt;
use core::net::Ipv6Addr;
use zerocopy::byteorder::network_endian::{U16, U32};
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the fixed header.
pub const HEADER_LEN: usize = 40;
/// Length of the fragment header (RFC 8200 §4.5).
pub const FRAGMENT_HEADER_LEN: usize = 8;
/// Largest flow label (20 bits).
pub const MAX_FLOW_LABEL: u32 = 0x000f_ffff;

/// The fixed 40-byte IPv6 header (RFC 8200 §3).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct Ipv6Header {
    /// Version (4 bits), traffic class (8 bits), flow label (20 bits).
    pub ver_tc_flow: U32,
    /// Length of everything after the fixed header, extension headers included.
    pub payload_len: U16,
    /// The protocol of the next header (an extension header or the upper layer).
    pub next_header: u8,
    /// Hop limit.
    pub hop_limit: u8,
    /// Source address.
    pub src: [u8; 16],
    /// Destination address.
    pub dst: [u8; 16],
}

/// A zero-copy view of an IPv6 packet.
///
/// The payload is exactly the payload length of the header (a lax view made by
/// [`parse_truncated`](Self::parse_truncated) may hold less); bytes after it (link-layer
/// padding) are the [trailer](Self::trailer).
pub struct Ipv6Packet<B> {
    header: Ref<B, Ipv6Header>,
    payload: B,
    trailer: B,
}

impl<B: SplitByteSlice> Ipv6Packet<B> {
    /// Validates `bytes` as an IPv6 packet: a version-6 fixed header whose payload length
    /// fits in the bytes.
    ///
    /// # Errors
    /// [`Truncated`](ErrorKind::Truncated) at 0 when the fixed header is cut, at 40 when the
    /// payload is shorter than the payload length; [`BadValue`](ErrorKind::BadValue) for a
    /// version other than 6.
    #[inline]
    pub fn parse(bytes: B) -> Result<Self> {
        Self::parse_inner(bytes, false)
    }

    /// Like [`parse`](Self::parse), but accepts a payload shorter than the payload length:
    /// the view of a packet cut by a capture's snap length or quoted in an ICMPv6 error
    /// (RFC 4443 §3.1). [`is_truncated`](Self::is_truncated) tells.
    ///
    /// # Errors
    /// As [`parse`](Self::parse), except for the short payload.
    #[inline]
    pub fn parse_truncated(bytes: B) -> Result<Self> {
        Self::parse_inner(bytes, true)
    }

    #[inline]
    fn parse_inner(bytes: B, lax: bool) -> Result<Self> {
        let (header, rest) = split_header::<B, Ipv6Header>(Protocol::Ipv6, bytes)?;
        let version = header.ver_tc_flow.get() >> 28;
        if version != 6 {
            return Err(Error::bad_value(Protocol::Ipv6, 0, Field::Version, version));
        }
        let plen = usize::from(header.payload_len.get());
        let available = rest.len();
        let take = if plen <= available {
            plen
        } else if lax {
            available
        } else {
            return Err(Error::truncated(
                Protocol::Ipv6,
                HEADER_LEN,
                plen,
                available,
            ));
        };
        let (payload, trailer) = split_at(Protocol::Ipv6, rest, take, HEADER_LEN)?;
        Ok(Ipv6Packet {
            header,
            payload,
            trailer,
        })
    }

    /// The fixed header.
    #[inline]
    pub fn header(&self) -> &Ipv6Header {
        &self.header
    }

    /// Version: always 6 in a parsed view.
    #[inline]
    pub fn version(&self) -> u8 {
        (self.header.ver_tc_flow.get() >> 28) as u8
    }

    /// Traffic class (RFC 8200 §7): DSCP and ECN.
    #[inline]
    pub fn traffic_class(&self) -> u8 {
        (self.header.ver_tc_flow.get() >> 20) as u8
    }

    /// Differentiated Services code point (RFC 2474).
    #[inline]
    pub fn dscp(&self) -> u8 {
        ip::dscp(self.traffic_class())
    }

    /// Explicit Congestion Notification (RFC 3168).
    #[inline]
    pub fn ecn(&self) -> u8 {
        ip::ecn(self.traffic_class())
    }

    /// Flow label (RFC 6437), 20 bits.
    #[inline]
    pub fn flow_label(&self) -> u32 {
        self.header.ver_tc_flow.get() & MAX_FLOW_LABEL
    }

    /// Payload length, as carried.
    #[inline]
    pub fn payload_len(&self) -> u16 {
        self.header.payload_len.get()
    }

    /// The protocol of the first header after the fixed header.
    #[inline]
    pub fn next_header(&self) -> IpProtocol {
        IpProtocol::from_value(self.header.next_header)
    }

    /// Hop limit.
    #[inline]
    pub fn hop_limit(&self) -> u8 {
        self.header.hop_limit
    }

    /// Source address.
    #[inline]
    pub fn src_addr(&self) -> Ipv6Addr {
        Ipv6Addr::from(self.header.src)
    }

    /// Destination address (with a routing header, the next hop's, not the final one).
    #[inline]
    pub fn dst_addr(&self) -> Ipv6Addr {
        Ipv6Addr::from(self.header.dst)
    }

    /// Header length of the fixed header: 40.
    #[inline]
    pub fn header_len(&self) -> usize {
        HEADER_LEN
    }

    /// Fixed header plus payload length, as carried.
    #[inline]
    pub fn total_len(&self) -> usize {
        HEADER_LEN + usize::from(self.payload_len())
    }

    /// Everything after the fixed header, up to the payload length (extension headers
    /// included).
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Bytes after the payload (padding of the frame that carried the packet).
    #[inline]
    pub fn trailer(&self) -> &[u8] {
        &self.trailer
    }

    /// Whether the view holds less payload than the payload length says (only for views
    /// made by [`parse_truncated`](Self::parse_truncated)).
    #[inline]
    pub fn is_truncated(&self) -> bool {
        self.payload.len() < usize::from(self.payload_len())
    }

    /// A lazy walk over the extension headers.
    #[inline]
    pub fn extension_headers(&self) -> ExtensionHeaders<'_> {
        ExtensionHeaders::new(self.next_header(), &self.payload)
    }

    /// The upper-layer protocol after the extension headers, its offset from the first byte
    /// of the fixed header, and its bytes (borrowed, not copied).
    ///
    /// The walk stops at the first header that is not an extension header this module
    /// walks (ESP and "no next header" included), and after a fragment header whose offset
    /// is not zero: the bytes after it are a fragment of a packet, not a header.
    ///
    /// # Errors
    /// The first malformed extension header (see [`ExtensionHeaders`]).
    #[inline]
    pub fn upper_layer(&self) -> Result<UpperLayer<'_>> {
        let next = self.next_header();
        if !next.is_ipv6_extension() {
            return Ok(UpperLayer {
                protocol: next,
                offset: HEADER_LEN,
                payload: &self.payload,
                fragment: None,
            });
        }
        let mut walk = self.extension_headers();
        for h in &mut walk {
            h?;
        }
        Ok(walk.upper_layer())
    }
}

impl<B: ByteSliceMut + SplitByteSlice> Ipv6Packet<B> {
    /// Sets the traffic class.
    #[inline]
    pub fn set_traffic_class(&mut self, tc: u8) {
        let w = self.header.ver_tc_flow.get();
        self.header
            .ver_tc_flow
            .set((w & 0xf00f_ffff) | (u32::from(tc) << 20));
    }

    /// Sets the DSCP, keeping the ECN bits.
    #[inline]
    pub fn set_dscp(&mut self, dscp: u8) {
        self.set_traffic_class(ip::traffic_class(dscp, self.ecn()));
    }

    /// Sets the ECN bits, keeping the DSCP.
    #[inline]
    pub fn set_ecn(&mut self, ecn: u8) {
        self.set_traffic_class(ip::traffic_class(self.dscp(), ecn));
    }

    /// Sets the flow label; bits above the 20th are ignored.
    #[inline]
    pub fn set_flow_label(&mut self, label: u32) {
        let w = self.header.ver_tc_flow.get();
        self.header
            .ver_tc_flow
            .set((w & !MAX_FLOW_LABEL) | (label & MAX_FLOW_LABEL));
    }

    /// Sets the next header.
    #[inline]
    pub fn set_next_header(&mut self, next: IpProtocol) {
        self.header.next_header = next.value();
    }

    /// Sets the hop limit.
    #[inline]
    pub fn set_hop_limit(&mut self, hop_limit: u8) {
        self.header.hop_limit = hop_limit;
    }

    /// Sets the source address.
    #[inline]
    pub fn set_src_addr(&mut self, addr: Ipv6Addr) {
        self.header.src = addr.octets();
    }

    /// Sets the destination address.
    #[inline]
    pub fn set_dst_addr(&mut self, addr: Ipv6Addr) {
        self.header.dst = addr.octets();
    }

    /// The payload, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.payload
    }
}

impl<B: SplitByteSlice> fmt::Debug for Ipv6Packet<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ipv6Packet")
            .field("traffic_class", &self.traffic_class())
            .field("flow_label", &self.flow_label())
            .field("payload_len", &self.payload_len())
            .field("next_header", &self.next_header())
            .field("hop_limit", &self.hop_limit())
            .field("src", &self.src_addr())
            .field("dst", &self.dst_addr())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for Ipv6Packet<B> {
    /// `IPv6 fe80::1 > ff02::1, next header ICMPv6 (58), hop limit 255, flow 0x0f3e2, payload 24`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "IPv6 {} > {}, next header {} ({}), hop limit {}",
            self.src_addr(),
            self.dst_addr(),
            self.next_header(),
            self.next_header().value(),
            self.hop_limit()
        )?;
        if self.flow_label() != 0 {
            write!(f, ", flow {:#07x}", self.flow_label())?;
        }
        write!(f, ", payload {}", self.payload_len())?;
        if self.is_truncated() {
            write!(f, " ({} captured)", self.payload.len())?;
        }
        Ok(())
    }
}

/// Where the upper layer of an IPv6 packet starts, found by
/// [`Ipv6Packet::upper_layer`] or [`ExtensionHeaders::upper_layer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpperLayer<'a> {
    /// The protocol after the last extension header.
    pub protocol: IpProtocol,
    /// Offset of its first byte from the first byte of the IPv6 header.
    pub offset: usize,
    /// Its bytes, to the end of the IPv6 payload.
    pub payload: &'a [u8],
    /// The last fragment header crossed, if any: with a non-zero offset, `payload` is a
    /// fragment of the upper layer, not its header.
    pub fragment: Option<Ipv6FragmentHeader>,
}

impl UpperLayer<'_> {
    /// Whether `payload` starts with the upper-layer header: no fragment header was
    /// crossed, or it was the first fragment.
    #[inline]
    #[must_use]
    pub fn starts_with_header(&self) -> bool {
        self.fragment.is_none_or(|f| f.fragment_offset() == 0)
    }
}

/// The fragment header (RFC 8200 §4.5).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct Ipv6FragmentHeader {
    /// Next header.
    pub next_header: u8,
    /// Reserved (zero).
    pub reserved: u8,
    /// Fragment offset (13 bits, in 8-byte units), 2 reserved bits, M flag.
    pub offset_flags: U16,
    /// Identification.
    pub identification: U32,
}

impl Ipv6FragmentHeader {
    /// A fragment header.
    #[inline]
    #[must_use]
    pub fn new(
        next_header: IpProtocol,
        fragment_offset: u16,
        more_fragments: bool,
        identification: u32,
    ) -> Self {
        Ipv6FragmentHeader {
            next_header: next_header.value(),
            reserved: 0,
            offset_flags: U16::new((fragment_offset << 3) | u16::from(more_fragments)),
            identification: U32::new(identification),
        }
    }

    /// Next header.
    #[inline]
    #[must_use]
    pub fn next_header(&self) -> IpProtocol {
        IpProtocol::from_value(self.next_header)
    }

    /// Fragment offset in 8-byte units.
    #[inline]
    #[must_use]
    pub fn fragment_offset(&self) -> u16 {
        self.offset_flags.get() >> 3
    }

    /// Fragment offset in bytes.
    #[inline]
    #[must_use]
    pub fn fragment_offset_bytes(&self) -> usize {
        usize::from(self.fragment_offset()) * 8
    }

    /// M flag: more fragments follow.
    #[inline]
    #[must_use]
    pub fn more_fragments(&self) -> bool {
        self.offset_flags.get() & 1 != 0
    }

    /// Identification.
    #[inline]
    #[must_use]
    pub fn identification(&self) -> u32 {
        self.identification.get()
    }
}

/// The layout of hop-by-hop and destination options (RFC 8200 §4.2): 1-byte type, 1-byte
/// length of the data only, Pad1 (type 0) a single byte, no end marker.
pub const OPTIONS_FORMAT: TlvFormat = TlvFormat {
    protocol: Protocol::Ipv6,
    type_width: Width::One,
    length_width: Width::One,
    length_counts_header: false,
    pad: Some(0),
    end: None,
};

codec_core::registry! {
    /// Hop-by-hop and destination option types (IANA "Destination Options and Hop-by-Hop
    /// Options"): the two high bits say what a node that does not know the type does, the
    /// third whether the data may change en route (RFC 8200 §4.2).
    pub enum Ipv6OptionType: u8 {
        /// Pad1: one byte of padding.
        Pad1 = 0x00 => "Pad1",
        /// PadN: padding of 2 or more bytes.
        PadN = 0x01 => "PadN",
        /// Tunnel Encapsulation Limit (RFC 2473 §4.1.1).
        TunnelEncapsulationLimit = 0x04 => "Tunnel Encapsulation Limit",
        /// Router Alert (RFC 2711).
        RouterAlert = 0x05 => "Router Alert",
        /// Jumbo Payload (RFC 2675).
        JumboPayload = 0xc2 => "Jumbo Payload",
        /// Home Address (RFC 6275 §6.3).
        HomeAddress = 0xc9 => "Home Address",
    }
}

impl Ipv6OptionType {
    /// What a node that does not recognise the type does (RFC 8200 §4.2): 0 skip,
    /// 1 discard, 2 discard and send ICMP, 3 discard and send ICMP unless multicast.
    #[inline]
    #[must_use]
    pub const fn unrecognised_action(self) -> u8 {
        self.value() >> 6
    }

    /// Whether the option data may change en route.
    #[inline]
    #[must_use]
    pub const fn may_change(self) -> bool {
        self.value() & 0x20 != 0
    }
}

/// One hop-by-hop or destination option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ipv6Option<'a> {
    /// Pad1.
    Pad1,
    /// PadN with its padding bytes (zeros when well formed).
    PadN(&'a [u8]),
    /// Router Alert with its value (0: MLD, RFC 2711 §2.1).
    RouterAlert(u16),
    /// Jumbo Payload with the jumbogram's length (RFC 2675 §2).
    JumboPayload(u32),
    /// Any other option (or a known one with a data length the RFC does not allow).
    Unknown {
        /// Option type.
        option_type: Ipv6OptionType,
        /// Option data.
        data: &'a [u8],
    },
}

impl Ipv6Option<'_> {
    /// The option type.
    #[must_use]
    pub fn option_type(&self) -> Ipv6OptionType {
        match self {
            Ipv6Option::Pad1 => Ipv6OptionType::Pad1,
            Ipv6Option::PadN(_) => Ipv6OptionType::PadN,
            Ipv6Option::RouterAlert(_) => Ipv6OptionType::RouterAlert,
            Ipv6Option::JumboPayload(_) => Ipv6OptionType::JumboPayload,
            Ipv6Option::Unknown { option_type, .. } => *option_type,
        }
    }
}

/// A lazy walk over the options of a hop-by-hop or destination-options header, built on
/// [`codec_core::tlv::Tlvs`] with [`OPTIONS_FORMAT`]. Errors carry offsets from the first
/// byte of the IPv6 header.
#[derive(Debug, Clone)]
pub struct Ipv6Options<'a> {
    tlvs: Tlvs<'a>,
    base: usize,
}

impl<'a> Ipv6Options<'a> {
    /// Walks `data` (the bytes after a header's next-header and length bytes), which start
    /// `base` bytes into the packet.
    #[inline]
    #[must_use]
    pub const fn new(data: &'a [u8], base: usize) -> Self {
        Ipv6Options {
            tlvs: Tlvs::new(OPTIONS_FORMAT, data),
            base,
        }
    }

    /// Offset (from the IPv6 header) the walk has reached.
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.base + self.tlvs.offset()
    }
}

impl<'a> Iterator for Ipv6Options<'a> {
    type Item = Result<Ipv6Option<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let t = match self.tlvs.next()? {
            Ok(t) => t,
            Err(e) => return Some(Err(e.shifted(self.base))),
        };
        let option_type = Ipv6OptionType::from_value(t.kind as u8);
        Some(Ok(match (option_type, t.value) {
            (Ipv6OptionType::Pad1, _) => Ipv6Option::Pad1,
            (Ipv6OptionType::PadN, data) => Ipv6Option::PadN(data),
            (Ipv6OptionType::RouterAlert, &[a, b]) => {
                Ipv6Option::RouterAlert(u16::from_be_bytes([a, b]))
            }
            (Ipv6OptionType::JumboPayload, &[a, b, c, d]) => {
                Ipv6Option::JumboPayload(u32::from_be_bytes([a, b, c, d]))
            }
            (option_type, data) => Ipv6Option::Unknown { option_type, data },
        }))
    }
}

impl core::iter::FusedIterator for Ipv6Options<'_> {}

codec_core::registry! {
    /// Routing header types (IANA "Routing Types").
    pub enum RoutingType: u8 {
        /// Type 0 source route (deprecated by RFC 5095).
        SourceRoute = 0 => "Source Route",
        /// Nimrod (deprecated).
        Nimrod = 1 => "Nimrod",
        /// Type 2, Mobile IPv6 (RFC 6275 §6.4).
        Type2 = 2 => "Type 2 Routing Header",
        /// RPL source route (RFC 6554).
        RplSourceRoute = 3 => "RPL Source Route",
        /// Segment routing header (RFC 8754).
        SegmentRouting = 4 => "Segment Routing",
    }
}

/// A routing header (RFC 8200 §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoutingHeader<'a> {
    bytes: &'a [u8],
}

impl<'a> RoutingHeader<'a> {
    /// Routing type.
    #[inline]
    #[must_use]
    pub fn routing_type(&self) -> RoutingType {
        RoutingType::from_value(self.bytes.get(2).copied().unwrap_or(0))
    }

    /// Segments left.
    #[inline]
    #[must_use]
    pub fn segments_left(&self) -> u8 {
        self.bytes.get(3).copied().unwrap_or(0)
    }

    /// The type-specific data (after the first 4 bytes).
    #[inline]
    #[must_use]
    pub fn data(&self) -> &'a [u8] {
        self.bytes.get(4..).unwrap_or(&[])
    }

    /// The addresses of a type 0 or type 2 header (after 4 reserved bytes) or the segment
    /// list of a segment routing header (RFC 8754 §2: after last entry, flags and tag,
    /// `last entry + 1` segments); empty for other types.
    pub fn addresses(&self) -> impl Iterator<Item = Ipv6Addr> + 'a {
        let data = self.data();
        let list = match self.routing_type() {
            RoutingType::SourceRoute | RoutingType::Type2 => data.get(4..).unwrap_or(&[]),
            RoutingType::SegmentRouting => {
                let count = usize::from(data.first().copied().unwrap_or(0)) + 1;
                let list = data.get(4..).unwrap_or(&[]);
                list.get(..count * 16).unwrap_or(list)
            }
            _ => &[],
        };
        list.chunks_exact(16).map(|c| {
            let mut a = [0u8; 16];
            a.copy_from_slice(c);
            Ipv6Addr::from(a)
        })
    }
}

/// An authentication header (RFC 4302 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthenticationHeader<'a> {
    bytes: &'a [u8],
}

impl<'a> AuthenticationHeader<'a> {
    fn word(&self, at: usize) -> u32 {
        match self.bytes.get(at..at + 4) {
            Some(&[a, b, c, d]) => u32::from_be_bytes([a, b, c, d]),
            _ => 0,
        }
    }

    /// Security parameters index.
    #[inline]
    #[must_use]
    pub fn spi(&self) -> u32 {
        self.word(4)
    }

    /// Sequence number.
    #[inline]
    #[must_use]
    pub fn sequence_number(&self) -> u32 {
        self.word(8)
    }

    /// Integrity check value (with any padding).
    #[inline]
    #[must_use]
    pub fn icv(&self) -> &'a [u8] {
        self.bytes.get(12..).unwrap_or(&[])
    }
}

/// One extension header, borrowed from the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionHeader<'a> {
    protocol: IpProtocol,
    offset: usize,
    bytes: &'a [u8],
}

impl<'a> ExtensionHeader<'a> {
    /// Which extension header this is.
    #[inline]
    #[must_use]
    pub fn protocol(&self) -> IpProtocol {
        self.protocol
    }

    /// The protocol of the header that follows.
    #[inline]
    #[must_use]
    pub fn next_header(&self) -> IpProtocol {
        IpProtocol::from_value(self.bytes.first().copied().unwrap_or(0))
    }

    /// Offset of the header's first byte from the first byte of the IPv6 header.
    #[inline]
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Length of the header in bytes: (length + 1) × 8, for AH (length + 2) × 4 (RFC 4302
    /// §2.2), 8 for the fragment header.
    #[inline]
    #[must_use]
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Always false: an extension header is at least 8 bytes.
    #[inline]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The whole header.
    #[inline]
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The bytes after the next-header and length bytes.
    #[inline]
    #[must_use]
    pub fn data(&self) -> &'a [u8] {
        self.bytes.get(2..).unwrap_or(&[])
    }

    /// The options of a hop-by-hop or destination-options header.
    #[inline]
    #[must_use]
    pub fn options(&self) -> Option<Ipv6Options<'a>> {
        matches!(self.protocol, IpProtocol::HopByHop | IpProtocol::Ipv6Opts)
            .then(|| Ipv6Options::new(self.data(), self.offset + 2))
    }

    /// The fragment header, for a fragment header.
    #[inline]
    #[must_use]
    pub fn fragment(&self) -> Option<Ipv6FragmentHeader> {
        if self.protocol != IpProtocol::Ipv6Frag {
            return None;
        }
        Ipv6FragmentHeader::read_from_bytes(self.bytes).ok()
    }

    /// The routing header, for a routing header.
    #[inline]
    #[must_use]
    pub fn routing(&self) -> Option<RoutingHeader<'a>> {
        (self.protocol == IpProtocol::Ipv6Route).then_some(RoutingHeader { bytes: self.bytes })
    }

    /// The authentication header, for AH.
    #[inline]
    #[must_use]
    pub fn authentication(&self) -> Option<AuthenticationHeader<'a>> {
        (self.protocol == IpProtocol::Ah).then_some(AuthenticationHeader { bytes: self.bytes })
    }
}

impl fmt::Display for ExtensionHeader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} bytes)", self.protocol, self.len())?;
        if let Some(fr) = self.fragment() {
            write!(
                f,
                " offset {} id {:#010x}{}",
                fr.fragment_offset_bytes(),
                fr.identification(),
                if fr.more_fragments() { " more" } else { "" }
            )?;
        }
        write!(f, ", next {}", self.next_header())
    }
}

/// A lazy walk over the extension-header chain of a packet.
///
/// Each step reads one header (at least 8 bytes), so the walk ends after at most
/// payload length / 8 steps. It stops at the first header that is not hop-by-hop, routing,
/// fragment, destination options or AH, and after a fragment header with a non-zero
/// offset. A header that runs past the payload, or an AH shorter than its 12-byte fixed
/// part, ends the walk with an error; afterwards the iterator is finished.
///
/// The order of the headers is not enforced: a hop-by-hop header anywhere but first (RFC
/// 8200 §4.3 allows it only right after the fixed header) is walked like the others; a
/// caller that enforces the rule checks that its [`offset`](ExtensionHeader::offset) is 40.
#[derive(Debug, Clone)]
pub struct ExtensionHeaders<'a> {
    payload: &'a [u8],
    next: IpProtocol,
    pos: usize,
    fragment: Option<Ipv6FragmentHeader>,
    done: bool,
}

impl<'a> ExtensionHeaders<'a> {
    /// Walks `payload` (the bytes after the fixed header) whose first header is `next`.
    #[inline]
    #[must_use]
    pub const fn new(next: IpProtocol, payload: &'a [u8]) -> Self {
        ExtensionHeaders {
            payload,
            next,
            pos: 0,
            fragment: None,
            done: false,
        }
    }

    /// The protocol of the header the walk has reached.
    #[inline]
    #[must_use]
    pub const fn next_header(&self) -> IpProtocol {
        self.next
    }

    /// Offset, from the first byte of the IPv6 header, the walk has reached.
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        HEADER_LEN + self.pos
    }

    /// Where the walk stands, as an [`UpperLayer`]: after a complete walk, the upper layer.
    #[inline]
    #[must_use]
    pub fn upper_layer(&self) -> UpperLayer<'a> {
        UpperLayer {
            protocol: self.next,
            offset: self.offset(),
            payload: self.payload.get(self.pos..).unwrap_or(&[]),
            fragment: self.fragment,
        }
    }

    fn fail(&mut self, e: Error) -> Option<Result<ExtensionHeader<'a>>> {
        self.done = true;
        Some(Err(e))
    }
}

impl<'a> Iterator for ExtensionHeaders<'a> {
    type Item = Result<ExtensionHeader<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || !self.next.is_ipv6_extension() {
            return None;
        }
        let offset = self.offset();
        let rest = self.payload.get(self.pos..).unwrap_or(&[]);
        let (Some(&next), Some(&len)) = (rest.first(), rest.get(1)) else {
            return self.fail(Error::truncated(Protocol::Ipv6, offset, 2, rest.len()));
        };
        let len = usize::from(len);
        let size = match self.next {
            IpProtocol::Ipv6Frag => FRAGMENT_HEADER_LEN,
            // RFC 4302 §2.2: AH's length is in 32-bit words, minus 2.
            IpProtocol::Ah => {
                let size = (len + 2) * 4;
                if size < 12 {
                    return self.fail(Error::bad_length(
                        Protocol::Ipv6,
                        offset + 1,
                        Field::HeaderLength,
                        len as u32,
                    ));
                }
                size
            }
            _ => (len + 1) * 8,
        };
        let Some(bytes) = rest.get(..size) else {
            return self.fail(Error::truncated(Protocol::Ipv6, offset, size, rest.len()));
        };
        let header = ExtensionHeader {
            protocol: self.next,
            offset,
            bytes,
        };
        self.pos += size;
        self.next = IpProtocol::from_value(next);
        if let Some(fr) = header.fragment() {
            self.fragment = Some(fr);
            if fr.fragment_offset() != 0 {
                // A later fragment: what follows is data, not a header (RFC 8200 §4.5).
                self.done = true;
            }
        }
        Some(Ok(header))
    }
}

impl core::iter::FusedIterator for ExtensionHeaders<'_> {}

/// The meaning of an IPv6 fixed header. The payload length is not part of it: the
/// builders fill it in from the payload they are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Ipv6Repr {
    /// Source address.
    pub src_addr: Ipv6Addr,
    /// Destination address.
    pub dst_addr: Ipv6Addr,
    /// The protocol of the first header after the fixed header.
    pub next_header: IpProtocol,
    /// Hop limit.
    pub hop_limit: u8,
    /// Traffic class (DSCP and ECN).
    pub traffic_class: u8,
    /// Flow label, at most [`MAX_FLOW_LABEL`].
    pub flow_label: u32,
}

impl Ipv6Repr {
    /// The repr of a parsed packet's fixed header.
    ///
    /// # Errors
    /// None today: every view has a repr. The `Result` keeps the family's shape.
    #[inline]
    pub fn parse<B: SplitByteSlice>(packet: &Ipv6Packet<B>) -> Result<Self> {
        Ok(Ipv6Repr {
            src_addr: packet.src_addr(),
            dst_addr: packet.dst_addr(),
            next_header: packet.next_header(),
            hop_limit: packet.hop_limit(),
            traffic_class: packet.traffic_class(),
            flow_label: packet.flow_label(),
        })
    }

    /// Header length: 40.
    #[inline]
    #[must_use]
    pub const fn header_len(&self) -> usize {
        HEADER_LEN
    }

    /// Bytes the header plus a payload of `payload_len` bytes take.
    #[inline]
    #[must_use]
    pub const fn buffer_len(&self, payload_len: usize) -> usize {
        HEADER_LEN + payload_len
    }

    fn check(&self, payload_len: usize) -> Result<u16> {
        if self.flow_label > MAX_FLOW_LABEL {
            return Err(Error::bad_value(
                Protocol::Ipv6,
                1,
                Field::FlowLabel,
                self.flow_label,
            ));
        }
        u16::try_from(payload_len).map_err(|_| {
            Error::new(
                Protocol::Ipv6,
                4,
                ErrorKind::TooLong {
                    field: Field::PayloadLength,
                    limit: u32::from(u16::MAX),
                },
            )
        })
    }

    /// Writes the fixed header into the front of `buf`, with the payload length set to
    /// `payload_len`; returns 40.
    ///
    /// # Errors
    /// A buffer error when `buf` is shorter than 40 bytes;
    /// [`BadValue`](ErrorKind::BadValue) for a flow label over 20 bits;
    /// [`TooLong`](ErrorKind::TooLong) for a payload over 65535 bytes (jumbograms, RFC
    /// 2675, are not built here).
    pub fn emit(&self, buf: &mut [u8], payload_len: usize) -> Result<usize> {
        let plen = self.check(payload_len)?;
        let available = buf.len();
        let (mut header, _) = Ref::<_, Ipv6Header>::from_prefix(buf)
            .map_err(|_| Error::buffer_too_small(Protocol::Ipv6, HEADER_LEN, available))?;
        *header = Ipv6Header {
            ver_tc_flow: U32::new(
                (6 << 28) | (u32::from(self.traffic_class) << 20) | self.flow_label,
            ),
            payload_len: U16::new(plen),
            next_header: self.next_header.value(),
            hop_limit: self.hop_limit,
            src: self.src_addr.octets(),
            dst: self.dst_addr.octets(),
        };
        Ok(HEADER_LEN)
    }

    /// Writes a whole packet: the header, then `payload_len` bytes filled in place by
    /// `emit_payload`. Returns the packet length.
    ///
    /// # Errors
    /// As [`emit`](Self::emit), a buffer error when the packet does not fit `buf`, and
    /// whatever `emit_payload` returns.
    pub fn emit_with_payload(
        &self,
        buf: &mut [u8],
        payload_len: usize,
        emit_payload: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<usize> {
        let total = self.buffer_len(payload_len);
        let available = buf.len();
        let packet = buf
            .get_mut(..total)
            .ok_or_else(|| Error::buffer_too_small(Protocol::Ipv6, total, available))?;
        self.emit(packet, payload_len)?;
        let payload = packet.get_mut(HEADER_LEN..).unwrap_or(&mut []);
        emit_payload(payload)?;
        Ok(total)
    }
}

impl fmt::Display for Ipv6Repr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "IPv6 {} > {}, next header {} ({}), hop limit {}",
            self.src_addr,
            self.dst_addr,
            self.next_header,
            self.next_header.value(),
            self.hop_limit
        )?;
        if self.flow_label != 0 {
            write!(f, ", flow {:#07x}", self.flow_label)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    // Frame 22 of ../shared/captures/ppp/zeek_pppoe_lcp_pap_ipcp.pcap from byte 22 (after
    // PPPoE and PPP): an MLDv2 report behind a hop-by-hop header with Router Alert 0 and a
    // PadN of 0 bytes. Wireshark: ipv6 size 48, plen 36, nxt 0, hlim 1,
    // fe80::c801:eff:fe88:8 > ff02::16, flow 0; icmpv6 at +48, 28 bytes.
    static MLD_HBH: [u8; 76] = [
        0x6e, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x01, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0xc8, 0x01, 0x0e, 0xff, 0xfe, 0x88, 0x00, 0x08, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x16, 0x3a, 0x00, 0x05, 0x02, 0x00,
        0x00, 0x01, 0x00, 0x8f, 0x00, 0x9a, 0x77, 0x00, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00,
        0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x02,
    ];

    // Frame 88 of ../shared/captures/gen_dns/dns_bind9.pcap from byte 14: a DNS query over
    // UDP. Wireshark: plen 66, nxt 17, hlim 64, fd53::2 > fd53::1, flow 996050.
    static DNS_UDP: [u8; 106] = [
        0x60, 0x0f, 0x32, 0xd2, 0x00, 0x42, 0x11, 0x40, 0xfd, 0x53, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xfd, 0x53, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xa9, 0xab, 0x00, 0x35, 0x00,
        0x42, 0xa5, 0x8c, 0x87, 0xaf, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x04, 0x68, 0x6f, 0x73, 0x74, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x04, 0x74,
        0x65, 0x73, 0x74, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x0c, 0x00, 0x0a, 0x00, 0x08, 0x84, 0xdf, 0xd5, 0xb8, 0xb9, 0xa5, 0x8b,
        0x18,
    ];

    /// A chain built from the layouts of RFC 8200 §4, RFC 8754 §2 and RFC 4302 §2:
    /// hop-by-hop (Pad1, an unknown option 0x3e, Pad1) → segment routing header with one
    /// segment → fragment (first fragment, M set, id 0xdeadbeef) → destination options
    /// (PadN of 4) → AH with a 12-byte ICV → UDP (8 bytes).
    /// Payload 8 + 24 + 8 + 8 + 24 + 8 = 80 bytes.
    fn chain() -> Vec<u8> {
        let mut p = Vec::new();
        p.extend_from_slice(&[0x60, 0x00, 0x00, 0x00, 0x00, 80, 0, 64]);
        p.extend_from_slice(&Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1).octets());
        p.extend_from_slice(&Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 2).octets());
        // Hop-by-hop: next routing (43), len 0; Pad1, option 0x3e len 2 "ab", Pad1.
        p.extend_from_slice(&[43, 0, 0x00, 0x3e, 0x02, b'a', b'b', 0x00]);
        // Routing: next fragment (44), len 2 (24 bytes), type 4, segments left 0, last
        // entry 0, flags 0, tag 0x1234, one segment 2001:db8::99.
        p.extend_from_slice(&[44, 2, 4, 0, 0, 0, 0x12, 0x34]);
        p.extend_from_slice(&Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x99).octets());
        // Fragment: next destination options (60), offset 0, M, id 0xdeadbeef.
        p.extend_from_slice(&[60, 0, 0x00, 0x01, 0xde, 0xad, 0xbe, 0xef]);
        // Destination options: next AH (51), len 0, PadN of 4 zero bytes.
        p.extend_from_slice(&[51, 0, 0x01, 0x04, 0, 0, 0, 0]);
        // AH: next UDP (17), payload len 4 ((4 + 2) * 4 = 24 bytes), reserved, SPI 0x100,
        // seq 7, 12-byte ICV.
        p.extend_from_slice(&[17, 4, 0, 0, 0, 0, 1, 0, 0, 0, 0, 7]);
        p.extend_from_slice(&[0xaa; 12]);
        // UDP header 1000 -> 2000, length 8, checksum 0 (not checked here).
        p.extend_from_slice(&[0x03, 0xe8, 0x07, 0xd0, 0x00, 0x08, 0x00, 0x00]);
        assert_eq!(p.len(), 120);
        p
    }

    #[test]
    fn deconstruct_hop_by_hop_mld() {
        let p = Ipv6Packet::parse(&MLD_HBH[..]).unwrap();
        assert_eq!(p.version(), 6);
        assert_eq!(p.traffic_class(), 0xe0);
        assert_eq!((p.dscp(), p.ecn()), (56, 0));
        assert_eq!(p.flow_label(), 0);
        assert_eq!(p.payload_len(), 36);
        assert_eq!(p.next_header(), IpProtocol::HopByHop);
        assert_eq!(p.hop_limit(), 1);
        assert_eq!(p.src_addr().to_string(), "fe80::c801:eff:fe88:8");
        assert_eq!(p.dst_addr().to_string(), "ff02::16");
        assert_eq!(p.total_len(), 76);
        assert!(!p.is_truncated() && p.trailer().is_empty());

        let headers: Vec<_> = p.extension_headers().collect::<Result<_>>().unwrap();
        assert_eq!(headers.len(), 1);
        let hbh = headers[0];
        assert_eq!(
            (hbh.protocol(), hbh.next_header(), hbh.offset(), hbh.len()),
            (IpProtocol::HopByHop, IpProtocol::Icmpv6, 40, 8)
        );
        assert_eq!(hbh.to_string(), "IPv6 Hop-by-Hop (8 bytes), next ICMPv6");
        let opts: Vec<_> = hbh.options().unwrap().collect::<Result<_>>().unwrap();
        assert_eq!(opts, [Ipv6Option::RouterAlert(0), Ipv6Option::PadN(&[])]);
        assert_eq!(opts[0].option_type().unrecognised_action(), 0);
        assert!(hbh.fragment().is_none() && hbh.routing().is_none());

        let up = p.upper_layer().unwrap();
        assert_eq!(up.protocol, IpProtocol::Icmpv6);
        assert_eq!(up.offset, 48);
        assert_eq!(up.payload, &MLD_HBH[48..]);
        assert!(up.fragment.is_none() && up.starts_with_header());
        assert_eq!(
            p.to_string(),
            "IPv6 fe80::c801:eff:fe88:8 > ff02::16, next header IPv6 Hop-by-Hop (0), hop limit 1, payload 36"
        );
    }

    #[test]
    fn deconstruct_udp_with_flow_label_and_no_extensions() {
        // With Ethernet padding behind it: the trailer.
        let mut framed = DNS_UDP.to_vec();
        framed.extend_from_slice(&[0; 4]);
        let p = Ipv6Packet::parse(&framed[..]).unwrap();
        assert_eq!(p.flow_label(), 996_050);
        assert_eq!(p.payload_len(), 66);
        assert_eq!(p.next_header(), IpProtocol::Udp);
        assert_eq!(p.hop_limit(), 64);
        assert_eq!(p.src_addr().to_string(), "fd53::2");
        assert_eq!(p.dst_addr().to_string(), "fd53::1");
        assert_eq!(p.trailer(), &[0; 4]);
        assert_eq!(p.extension_headers().count(), 0);
        let up = p.upper_layer().unwrap();
        assert_eq!(
            (up.protocol, up.offset, up.payload.len()),
            (IpProtocol::Udp, 40, 66)
        );
        assert_eq!(&up.payload[..2], &[0xa9, 0xab]);
        assert!(p.to_string().contains(", flow 0xf32d2, payload 66"));
    }

    #[test]
    fn walks_a_full_chain() {
        let bytes = chain();
        let p = Ipv6Packet::parse(&bytes[..]).unwrap();
        let hs: Vec<_> = p.extension_headers().collect::<Result<_>>().unwrap();
        let kinds: Vec<_> = hs
            .iter()
            .map(|h| (h.protocol(), h.offset(), h.len()))
            .collect();
        assert_eq!(
            kinds,
            [
                (IpProtocol::HopByHop, 40, 8),
                (IpProtocol::Ipv6Route, 48, 24),
                (IpProtocol::Ipv6Frag, 72, 8),
                (IpProtocol::Ipv6Opts, 80, 8),
                (IpProtocol::Ah, 88, 24),
            ]
        );
        let opts: Vec<_> = hs[0].options().unwrap().collect::<Result<_>>().unwrap();
        assert_eq!(
            opts,
            [
                Ipv6Option::Pad1,
                Ipv6Option::Unknown {
                    option_type: Ipv6OptionType::Unknown(0x3e),
                    data: b"ab"
                },
                Ipv6Option::Pad1,
            ]
        );
        // 0x3e = 00 1 11110: skip when unknown, data may change en route.
        assert!(opts[1].option_type().may_change());
        assert_eq!(opts[1].option_type().unrecognised_action(), 0);
        assert!(!Ipv6OptionType::JumboPayload.may_change());
        assert_eq!(Ipv6OptionType::JumboPayload.unrecognised_action(), 3);
        let rt = hs[1].routing().unwrap();
        assert_eq!(rt.routing_type(), RoutingType::SegmentRouting);
        assert_eq!(rt.segments_left(), 0);
        assert_eq!(
            rt.addresses().collect::<Vec<_>>(),
            [Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x99)]
        );
        let fr = hs[2].fragment().unwrap();
        assert_eq!(
            (
                fr.fragment_offset(),
                fr.more_fragments(),
                fr.identification()
            ),
            (0, true, 0xdead_beef)
        );
        assert_eq!(
            fr,
            Ipv6FragmentHeader::new(IpProtocol::Ipv6Opts, 0, true, 0xdead_beef)
        );
        assert_eq!(
            hs[2].to_string(),
            "IPv6 Fragment (8 bytes) offset 0 id 0xdeadbeef more, next IPv6 Destination Options"
        );
        let opts: Vec<_> = hs[3].options().unwrap().collect::<Result<_>>().unwrap();
        assert_eq!(opts, [Ipv6Option::PadN(&[0; 4])]);
        let ah = hs[4].authentication().unwrap();
        assert_eq!(
            (ah.spi(), ah.sequence_number(), ah.icv()),
            (0x100, 7, &[0xaa; 12][..])
        );
        let up = p.upper_layer().unwrap();
        assert_eq!(
            (up.protocol, up.offset, up.payload.len()),
            (IpProtocol::Udp, 112, 8)
        );
        assert_eq!(up.fragment, Some(fr));
        assert!(up.starts_with_header());
    }

    #[test]
    fn a_later_fragment_ends_the_walk() {
        let mut bytes = chain();
        // Fragment offset 3 (24 bytes), M clear.
        bytes[74..76].copy_from_slice(&[0x00, 0x18]);
        let p = Ipv6Packet::parse(&bytes[..]).unwrap();
        assert_eq!(p.extension_headers().count(), 3);
        let up = p.upper_layer().unwrap();
        assert_eq!(up.protocol, IpProtocol::Ipv6Opts);
        assert_eq!(up.offset, 80);
        let fr = up.fragment.unwrap();
        assert_eq!(
            (fr.fragment_offset_bytes(), fr.more_fragments()),
            (24, false)
        );
        assert!(!up.starts_with_header());
    }

    #[test]
    fn construct_in_place() {
        let mut bytes = DNS_UDP;
        let mut p = Ipv6Packet::parse(&mut bytes[..]).unwrap();
        p.set_dscp(46);
        p.set_ecn(1);
        p.set_flow_label(0xfff_ffff);
        p.set_hop_limit(3);
        p.set_next_header(IpProtocol::NoNextHeader);
        p.set_src_addr(Ipv6Addr::LOCALHOST);
        p.set_dst_addr(Ipv6Addr::UNSPECIFIED);
        p.payload_mut()[0] = 0x55;
        assert_eq!(p.traffic_class(), 0xb9);
        assert_eq!(p.flow_label(), MAX_FLOW_LABEL);
        assert_eq!(&bytes[..8], &[0x6b, 0x9f, 0xff, 0xff, 0x00, 0x42, 59, 3]);
        assert_eq!(bytes[23], 1);
        assert_eq!(&bytes[24..40], &[0; 16]);
        assert_eq!(bytes[40], 0x55);
    }

    #[test]
    fn parse_and_emit_round_trip() {
        for bytes in [&MLD_HBH[..], &DNS_UDP[..]] {
            let p = Ipv6Packet::parse(bytes).unwrap();
            let r = Ipv6Repr::parse(&p).unwrap();
            let mut out = [0u8; 200];
            let n = r
                .emit_with_payload(&mut out, p.payload().len(), |pl| {
                    pl.copy_from_slice(p.payload());
                    Ok(())
                })
                .unwrap();
            assert_eq!(&out[..n], bytes);
            assert_eq!(
                Ipv6Repr::parse(&Ipv6Packet::parse(&out[..n]).unwrap()).unwrap(),
                r
            );
        }
        let r = Ipv6Repr::parse(&Ipv6Packet::parse(&DNS_UDP[..]).unwrap()).unwrap();
        assert_eq!(
            r,
            Ipv6Repr {
                src_addr: "fd53::2".parse().unwrap(),
                dst_addr: "fd53::1".parse().unwrap(),
                next_header: IpProtocol::Udp,
                hop_limit: 64,
                traffic_class: 0,
                flow_label: 996_050,
            }
        );
        assert_eq!(
            r.to_string(),
            "IPv6 fd53::2 > fd53::1, next header UDP (17), hop limit 64, flow 0xf32d2"
        );
    }

    #[test]
    fn emit_refuses_what_would_not_parse_back() {
        let r = Ipv6Repr::parse(&Ipv6Packet::parse(&DNS_UDP[..]).unwrap()).unwrap();
        let mut out = [0u8; 40];
        let e = r.emit(&mut out[..39], 0).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BufferTooSmall {
                needed: 40,
                available: 39
            }
        );
        let e = r.emit(&mut out, 70_000).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                4,
                ErrorKind::TooLong {
                    field: Field::PayloadLength,
                    limit: 65535
                }
            )
        );
        let bad = Ipv6Repr {
            flow_label: 0x10_0000,
            ..r
        };
        let e = bad.emit(&mut out, 0).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadValue {
                field: Field::FlowLabel,
                value: 0x10_0000
            }
        );
        let e = r.emit_with_payload(&mut out, 1, |_| Ok(())).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BufferTooSmall {
                needed: 41,
                available: 40
            }
        );
    }

    #[test]
    fn rejects_bad_headers_with_offsets() {
        let e = Ipv6Packet::parse(&DNS_UDP[..39]).unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::Ipv6, 0));
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 40,
                available: 39
            }
        );
        let mut v4 = DNS_UDP;
        v4[0] = 0x45;
        let e = Ipv6Packet::parse(&v4[..]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadValue {
                field: Field::Version,
                value: 4
            }
        );
        // Payload cut: strict parse refuses, the lax one keeps what is there.
        let e = Ipv6Packet::parse(&DNS_UDP[..100]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                40,
                ErrorKind::Truncated {
                    needed: 66,
                    available: 60
                }
            )
        );
        let p = Ipv6Packet::parse_truncated(&DNS_UDP[..100]).unwrap();
        assert!(p.is_truncated());
        assert_eq!(p.payload().len(), 60);
        assert!(p.to_string().ends_with("payload 66 (60 captured)"));
        assert!(Ipv6Packet::parse_truncated(&DNS_UDP[..39]).is_err());
    }

    #[test]
    fn malformed_chains_stop_with_an_error() {
        // Hop-by-hop claiming 16 bytes in an 8-byte payload... cut the MLD packet's payload.
        let mut bytes = MLD_HBH;
        bytes[41] = 1; // HBH length 1: 16 bytes
        bytes[5] = 12; // payload length 12
        let p = Ipv6Packet::parse(&bytes[..52]).unwrap();
        let mut w = p.extension_headers();
        let e = w.next().unwrap().unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                40,
                ErrorKind::Truncated {
                    needed: 16,
                    available: 12
                }
            )
        );
        assert!(w.next().is_none());
        assert_eq!(p.upper_layer().unwrap_err(), e);

        // One byte of extension header.
        let mut bytes = MLD_HBH;
        bytes[5] = 1;
        let p = Ipv6Packet::parse(&bytes[..41]).unwrap();
        assert_eq!(
            p.upper_layer().unwrap_err().kind(),
            ErrorKind::Truncated {
                needed: 2,
                available: 1
            }
        );

        // AH with payload length 0 (8 bytes, shorter than its fixed part).
        let mut bytes = chain();
        bytes[89] = 0;
        let p = Ipv6Packet::parse(&bytes[..]).unwrap();
        let e = p.upper_layer().unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                89,
                ErrorKind::BadLength {
                    field: Field::HeaderLength,
                    value: 0
                }
            )
        );

        // An option running past its header: the TLV walker's error, at packet offsets.
        let mut bytes = MLD_HBH;
        bytes[43] = 9; // Router Alert length 9
        let p = Ipv6Packet::parse(&bytes[..]).unwrap();
        let hbh = p.extension_headers().next().unwrap().unwrap();
        let e = hbh.options().unwrap().find_map(Result::err).unwrap();
        assert_eq!(
            (e.protocol(), e.offset(), e.kind()),
            (
                Protocol::Ipv6,
                43,
                ErrorKind::BadLength {
                    field: Field::OptionLength,
                    value: 9
                }
            )
        );
    }

    #[test]
    fn long_chains_are_linear() {
        // 8000 empty destination-options headers, each pointing at the next, then TCP.
        let n = 8000;
        let mut bytes = std::vec![0u8; 40 + 8 * n];
        bytes[..8].copy_from_slice(&[0x60, 0, 0, 0, 0, 0, 60, 1]);
        let plen = (8 * n) as u16;
        bytes[4..6].copy_from_slice(&plen.to_be_bytes());
        for i in 0..n {
            let at = 40 + 8 * i;
            bytes[at] = if i + 1 == n { 6 } else { 60 };
            bytes[at + 2] = 0x01; // PadN of 4
            bytes[at + 3] = 4;
        }
        let p = Ipv6Packet::parse(&bytes[..]).unwrap();
        assert_eq!(p.extension_headers().count(), n);
        let up = p.upper_layer().unwrap();
        assert_eq!(
            (up.protocol, up.offset, up.payload.len()),
            (IpProtocol::Tcp, 40 + 8 * n, 0)
        );
    }

    #[test]
    fn every_cut_and_byte_flip_is_handled() {
        // Hostile input: every prefix, and every byte of the chain set to every value that
        // matters for lengths, parses or fails cleanly and walks in bounded steps.
        let base = chain();
        let walk = |b: &[u8]| {
            for p in [Ipv6Packet::parse(b), Ipv6Packet::parse_truncated(b)]
                .into_iter()
                .flatten()
            {
                let mut steps = 0;
                for h in p.extension_headers() {
                    steps += 1;
                    let Ok(h) = h else { break };
                    if let Some(o) = h.options() {
                        assert!(o.count() <= h.len());
                    }
                    let _ = (h.fragment(), h.routing().map(|r| r.addresses().count()));
                    let _ = h.authentication().map(|a| (a.spi(), a.icv().len()));
                }
                assert!(steps <= p.payload().len() / 8 + 1);
                let _ = (p.upper_layer(), p.to_string());
            }
        };
        for n in 0..=base.len() {
            walk(&base[..n]);
        }
        for i in 0..base.len() {
            for v in [0u8, 1, 2, 4, 0x2c, 0x33, 0x3c, 0x80, 0xff] {
                let mut b = base.clone();
                b[i] = v;
                walk(&b);
            }
        }
    }
}
