//! ICMP for IPv6 (RFC 4443) with the neighbour-discovery messages of RFC 4861 and their
//! options, and the multicast-listener messages (RFC 2710, RFC 3810) as far as their fixed
//! parts.
//!
//! ```text
//!  0               8               16                              32
//! +---------------+---------------+-------------------------------+
//! |     Type      |     Code      |           Checksum            |
//! +---------------+---------------+-------------------------------+
//! |  rest of header: identifier + sequence (echo), MTU (packet    |
//! |  too big), pointer (parameter problem), flags (ND)...         |
//! +---------------------------------------------------------------+
//! |  data: echo data, the invoking packet (errors), ND target and |
//! |  options...                                                   |
//! ```
//!
//! The checksum covers the IPv6 pseudo-header (RFC 8200 §8.1, next header 58) and the whole
//! message, so [`Icmpv6Packet::verify_checksum`] and [`Icmpv6Repr::emit`] take the two
//! addresses. Neighbour-discovery options (RFC 4861 §4.6) are walked lazily by
//! [`NdOptions`]; their length counts 8-byte units, header included.
//!
//! ```
//! use codec_inet::icmpv6::{Icmpv6Packet, Icmpv6Repr, Icmpv6Type, NdOption};
//! use core::net::Ipv6Addr;
//! // A router advertisement with an MTU option, from zeek_pppoe_lcp_pap_ipcp.pcap frame 35.
//! let src: Ipv6Addr = "fe80::c801:eff:fe88:8".parse().unwrap();
//! let dst: Ipv6Addr = "fe80::ce05:eff:fe88:0".parse().unwrap();
//! let bytes = [
//!     0x86, 0x00, 0x79, 0xae, 0x40, 0x00, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00,
//!     0x00, 0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0xd4,
//! ];
//! let msg = Icmpv6Packet::parse(&bytes[..])?;
//! assert_eq!(msg.msg_type(), Icmpv6Type::RouterAdvert);
//! assert!(msg.verify_checksum(&src, &dst));
//! assert_eq!((msg.cur_hop_limit(), msg.router_lifetime()), (64, 1800));
//! assert_eq!(msg.nd_options().next().unwrap()?, NdOption::Mtu(1492));
//!
//! // Build an echo request: the checksum is filled in.
//! let echo = Icmpv6Repr::EchoRequest { identifier: 0x1f97, sequence: 1, data: b"hi" };
//! let mut out = [0u8; 10];
//! echo.emit(&src, &dst, &mut out)?;
//! assert!(Icmpv6Packet::parse(&out[..])?.verify_checksum(&src, &dst));
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::ip::IpProtocol;
use crate::ipv6::Ipv6Packet;
use codec_core::checksum::{Checksum, pseudo_header_ipv6};
use codec_core::{Error, Field, Protocol, Result, Writer, split_header};
use codec_link::ethernet::MacAddr;
use core::fmt;
use core::net::Ipv6Addr;
use zerocopy::byteorder::network_endian::{U16, U32};
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the type, code and checksum.
pub const HEADER_LEN: usize = 4;
/// Length of the fixed part of most messages: type, code, checksum and 4 more bytes.
pub const MESSAGE_HEADER_LEN: usize = 8;

codec_core::registry! {
    /// ICMPv6 message types (IANA "ICMPv6 Parameters").
    pub enum Icmpv6Type: u8 {
        /// Destination Unreachable (RFC 4443 §3.1).
        DstUnreachable = 1 => "Destination Unreachable",
        /// Packet Too Big (RFC 4443 §3.2).
        PacketTooBig = 2 => "Packet Too Big",
        /// Time Exceeded (RFC 4443 §3.3).
        TimeExceeded = 3 => "Time Exceeded",
        /// Parameter Problem (RFC 4443 §3.4).
        ParamProblem = 4 => "Parameter Problem",
        /// Echo Request (RFC 4443 §4.1).
        EchoRequest = 128 => "Echo Request",
        /// Echo Reply (RFC 4443 §4.2).
        EchoReply = 129 => "Echo Reply",
        /// Multicast Listener Query (RFC 2710 §3).
        MldQuery = 130 => "Multicast Listener Query",
        /// Multicast Listener Report (RFC 2710 §3).
        MldReport = 131 => "Multicast Listener Report",
        /// Multicast Listener Done (RFC 2710 §3).
        MldDone = 132 => "Multicast Listener Done",
        /// Router Solicitation (RFC 4861 §4.1).
        RouterSolicit = 133 => "Router Solicitation",
        /// Router Advertisement (RFC 4861 §4.2).
        RouterAdvert = 134 => "Router Advertisement",
        /// Neighbor Solicitation (RFC 4861 §4.3).
        NeighborSolicit = 135 => "Neighbor Solicitation",
        /// Neighbor Advertisement (RFC 4861 §4.4).
        NeighborAdvert = 136 => "Neighbor Advertisement",
        /// Redirect (RFC 4861 §4.5).
        Redirect = 137 => "Redirect",
        /// Version 2 Multicast Listener Report (RFC 3810 §5.2).
        Mldv2Report = 143 => "Multicast Listener Report v2",
    }
}

impl Icmpv6Type {
    /// Whether this is an error message (types 0–127, RFC 4443 §2.1).
    #[inline]
    #[must_use]
    pub const fn is_error(self) -> bool {
        self.value() < 128
    }

    /// Bytes the message needs after type, code and checksum.
    #[inline]
    #[must_use]
    pub const fn min_body_len(self) -> usize {
        match self {
            Icmpv6Type::DstUnreachable
            | Icmpv6Type::PacketTooBig
            | Icmpv6Type::TimeExceeded
            | Icmpv6Type::ParamProblem
            | Icmpv6Type::EchoRequest
            | Icmpv6Type::EchoReply
            | Icmpv6Type::RouterSolicit
            | Icmpv6Type::Mldv2Report => 4,
            Icmpv6Type::RouterAdvert => 12,
            Icmpv6Type::MldQuery
            | Icmpv6Type::MldReport
            | Icmpv6Type::MldDone
            | Icmpv6Type::NeighborSolicit
            | Icmpv6Type::NeighborAdvert => 20,
            Icmpv6Type::Redirect => 36,
            Icmpv6Type::Unknown(_) => 0,
        }
    }

    /// Where the neighbour-discovery options start after type, code and checksum, for the
    /// five ND messages.
    #[inline]
    #[must_use]
    pub const fn nd_options_at(self) -> Option<usize> {
        match self {
            Icmpv6Type::RouterSolicit => Some(4),
            Icmpv6Type::RouterAdvert => Some(12),
            Icmpv6Type::NeighborSolicit | Icmpv6Type::NeighborAdvert => Some(20),
            Icmpv6Type::Redirect => Some(36),
            _ => None,
        }
    }
}

codec_core::registry! {
    /// Destination Unreachable codes (RFC 4443 §3.1, RFC 8754 §6.4).
    pub enum DstUnreachableCode: u8 {
        /// No route to destination.
        NoRoute = 0 => "no route to destination",
        /// Communication administratively prohibited.
        AdminProhibited = 1 => "administratively prohibited",
        /// Beyond scope of source address.
        BeyondScope = 2 => "beyond scope of source address",
        /// Address unreachable.
        AddressUnreachable = 3 => "address unreachable",
        /// Port unreachable.
        PortUnreachable = 4 => "port unreachable",
        /// Source address failed ingress/egress policy.
        FailedPolicy = 5 => "source address failed policy",
        /// Reject route to destination.
        RejectRoute = 6 => "reject route",
        /// Error in source routing header (RFC 8754).
        SourceRoutingError = 7 => "error in source routing header",
    }
}

codec_core::registry! {
    /// Time Exceeded codes (RFC 4443 §3.3).
    pub enum TimeExceededCode: u8 {
        /// Hop limit exceeded in transit.
        HopLimitExceeded = 0 => "hop limit exceeded in transit",
        /// Fragment reassembly time exceeded.
        FragmentReassembly = 1 => "fragment reassembly time exceeded",
    }
}

codec_core::registry! {
    /// Parameter Problem codes (RFC 4443 §3.4, RFC 7112 §5).
    pub enum ParamProblemCode: u8 {
        /// Erroneous header field encountered.
        ErroneousHeaderField = 0 => "erroneous header field",
        /// Unrecognized next header type.
        UnrecognizedNextHeader = 1 => "unrecognized next header",
        /// Unrecognized IPv6 option.
        UnrecognizedOption = 2 => "unrecognized IPv6 option",
        /// IPv6 first fragment has an incomplete header chain (RFC 7112).
        IncompleteHeaderChain = 3 => "incomplete header chain",
    }
}

bitflags::bitflags! {
    /// Neighbor Advertisement flags (RFC 4861 §4.4), the first byte after the checksum.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
    pub struct NeighborFlags: u8 {
        /// R: the sender is a router.
        const ROUTER = 0x80;
        /// S: sent in response to a solicitation.
        const SOLICITED = 0x40;
        /// O: override an existing cache entry.
        const OVERRIDE = 0x20;
    }
}

bitflags::bitflags! {
    /// Router Advertisement flags (RFC 4861 §4.2; RFC 4191 preference and others kept as
    /// unnamed bits).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct RouterFlags: u8 {
        /// M: addresses are available via DHCPv6.
        const MANAGED = 0x80;
        /// O: other configuration is available via DHCPv6.
        const OTHER = 0x40;
        /// Unnamed bits are kept.
        const _ = !0;
    }
}

bitflags::bitflags! {
    /// Prefix Information flags (RFC 4861 §4.6.2).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct PrefixFlags: u8 {
        /// L: the prefix is on-link.
        const ON_LINK = 0x80;
        /// A: the prefix can be used for address autoconfiguration.
        const AUTONOMOUS = 0x40;
        /// Unnamed bits are kept.
        const _ = !0;
    }
}

/// Type, code and checksum: the first 4 bytes of every ICMPv6 message.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct Icmpv6Header {
    /// Message type.
    pub msg_type: u8,
    /// Code.
    pub code: u8,
    /// Checksum over the pseudo-header and the message.
    pub checksum: U16,
}

/// A zero-copy view of an ICMPv6 message.
///
/// [`parse`](Self::parse) checks the length each known type needs; the accessors of a
/// type's fields read the bytes at that type's positions whatever the type (as a
/// hex dump would), and return `Option` only where a field may be absent.
pub struct Icmpv6Packet<B> {
    header: Ref<B, Icmpv6Header>,
    body: B,
}

impl<B: SplitByteSlice> Icmpv6Packet<B> {
    /// Validates `bytes` as an ICMPv6 message: the 4-byte header, and the fixed part its
    /// type needs (8 bytes for echo, errors and RS; 16 for RA; 24 for NS, NA and MLD; 40
    /// for Redirect). Every byte of `bytes` is the message.
    ///
    /// # Errors
    /// [`Truncated`](codec_core::ErrorKind::Truncated) at 0 or 4.
    #[inline]
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, body) = split_header::<B, Icmpv6Header>(Protocol::Icmpv6, bytes)?;
        let needed = Icmpv6Type::from_value(header.msg_type).min_body_len();
        if body.len() < needed {
            return Err(Error::truncated(
                Protocol::Icmpv6,
                HEADER_LEN,
                needed,
                body.len(),
            ));
        }
        Ok(Icmpv6Packet { header, body })
    }

    #[inline]
    fn u16_at(&self, at: usize) -> u16 {
        match self.body.get(at..at + 2) {
            Some(&[a, b]) => u16::from_be_bytes([a, b]),
            _ => 0,
        }
    }

    #[inline]
    fn u32_at(&self, at: usize) -> u32 {
        match self.body.get(at..at + 4) {
            Some(&[a, b, c, d]) => u32::from_be_bytes([a, b, c, d]),
            _ => 0,
        }
    }

    #[inline]
    fn addr_at(&self, at: usize) -> Option<Ipv6Addr> {
        let b: [u8; 16] = self.body.get(at..at + 16)?.try_into().ok()?;
        Some(Ipv6Addr::from(b))
    }

    /// Message type.
    #[inline]
    pub fn msg_type(&self) -> Icmpv6Type {
        Icmpv6Type::from_value(self.header.msg_type)
    }

    /// Code.
    #[inline]
    pub fn code(&self) -> u8 {
        self.header.code
    }

    /// Checksum, as carried.
    #[inline]
    pub fn checksum(&self) -> u16 {
        self.header.checksum.get()
    }

    /// Length of the whole message.
    #[inline]
    pub fn message_len(&self) -> usize {
        HEADER_LEN + self.body.len()
    }

    /// Everything after type, code and checksum.
    #[inline]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Bytes 4–7 as one word: identifier and sequence (echo), MTU (packet too big), pointer
    /// (parameter problem), flags (ND), unused (other errors); 0 when the message is
    /// shorter.
    #[inline]
    pub fn rest_of_header(&self) -> u32 {
        self.u32_at(0)
    }

    /// Echo identifier.
    #[inline]
    pub fn echo_identifier(&self) -> u16 {
        self.u16_at(0)
    }

    /// Echo sequence number.
    #[inline]
    pub fn echo_sequence(&self) -> u16 {
        self.u16_at(2)
    }

    /// The MTU of a Packet Too Big message.
    #[inline]
    pub fn mtu(&self) -> u32 {
        self.rest_of_header()
    }

    /// The pointer of a Parameter Problem message: offset of the error in the invoking
    /// packet.
    #[inline]
    pub fn pointer(&self) -> u32 {
        self.rest_of_header()
    }

    /// The bytes after the first 8: echo data, or the invoking packet of an error.
    #[inline]
    pub fn data(&self) -> &[u8] {
        self.body.get(4..).unwrap_or(&[])
    }

    /// The invoking packet quoted by an error message (RFC 4443 §2.4 (c)).
    #[inline]
    pub fn invoking_packet(&self) -> Option<&[u8]> {
        self.msg_type().is_error().then(|| self.data())
    }

    /// The quoted invoking packet as a lax IPv6 view (the quote is usually cut).
    #[inline]
    pub fn invoking_ipv6(&self) -> Option<Result<Ipv6Packet<&[u8]>>> {
        self.invoking_packet().map(Ipv6Packet::parse_truncated)
    }

    /// Target address of a Neighbor Solicitation, Neighbor Advertisement or Redirect.
    #[inline]
    pub fn target_addr(&self) -> Option<Ipv6Addr> {
        match self.msg_type() {
            Icmpv6Type::NeighborSolicit | Icmpv6Type::NeighborAdvert | Icmpv6Type::Redirect => {
                self.addr_at(4)
            }
            _ => None,
        }
    }

    /// Destination address of a Redirect.
    #[inline]
    pub fn destination_addr(&self) -> Option<Ipv6Addr> {
        match self.msg_type() {
            Icmpv6Type::Redirect => self.addr_at(20),
            _ => None,
        }
    }

    /// Multicast address of an MLDv1 query, report or done message.
    #[inline]
    pub fn multicast_addr(&self) -> Option<Ipv6Addr> {
        match self.msg_type() {
            Icmpv6Type::MldQuery | Icmpv6Type::MldReport | Icmpv6Type::MldDone => self.addr_at(4),
            _ => None,
        }
    }

    /// Number of multicast address records of an MLDv2 report (RFC 3810 §5.2).
    #[inline]
    pub fn mldv2_record_count(&self) -> Option<u16> {
        (self.msg_type() == Icmpv6Type::Mldv2Report).then(|| self.u16_at(2))
    }

    /// Neighbor Advertisement flags (the named ones; the reserved bits are in
    /// [`rest_of_header`](Self::rest_of_header)).
    #[inline]
    pub fn neighbor_flags(&self) -> NeighborFlags {
        NeighborFlags::from_bits_truncate(self.body.first().copied().unwrap_or(0))
    }

    /// Router Advertisement: current hop limit.
    #[inline]
    pub fn cur_hop_limit(&self) -> u8 {
        self.body.first().copied().unwrap_or(0)
    }

    /// Router Advertisement: flags.
    #[inline]
    pub fn router_flags(&self) -> RouterFlags {
        RouterFlags::from_bits_retain(self.body.get(1).copied().unwrap_or(0))
    }

    /// Router Advertisement: router lifetime in seconds.
    #[inline]
    pub fn router_lifetime(&self) -> u16 {
        self.u16_at(2)
    }

    /// Router Advertisement: reachable time in milliseconds.
    #[inline]
    pub fn reachable_time(&self) -> u32 {
        self.u32_at(4)
    }

    /// Router Advertisement: retransmission timer in milliseconds.
    #[inline]
    pub fn retrans_timer(&self) -> u32 {
        self.u32_at(8)
    }

    /// The neighbour-discovery options of RS, RA, NS, NA and Redirect (empty for other
    /// types). Errors carry offsets from the first byte of the message.
    #[inline]
    pub fn nd_options(&self) -> NdOptions<'_> {
        match self.msg_type().nd_options_at() {
            Some(at) => NdOptions::new(self.body.get(at..).unwrap_or(&[]), HEADER_LEN + at),
            None => NdOptions::new(&[], self.message_len()),
        }
    }

    fn sum(&self, src: &Ipv6Addr, dst: &Ipv6Addr) -> Checksum {
        pseudo_header_ipv6(
            src,
            dst,
            IpProtocol::Icmpv6.value(),
            self.message_len() as u32,
        )
        .add_bytes(self.header.as_bytes())
        .add_bytes(&self.body)
    }

    /// Whether the checksum is right for a message from `src` to `dst` (for a packet with
    /// a routing header, `dst` is the final destination, RFC 8200 §8.1). A bad checksum is
    /// reported, never rejected.
    #[inline]
    pub fn verify_checksum(&self, src: &Ipv6Addr, dst: &Ipv6Addr) -> bool {
        self.sum(src, dst).finish() == 0
    }
}

impl<B: ByteSliceMut + SplitByteSlice> Icmpv6Packet<B> {
    /// Sets the code.
    #[inline]
    pub fn set_code(&mut self, code: u8) {
        self.header.code = code;
    }

    /// Sets the checksum field.
    #[inline]
    pub fn set_checksum(&mut self, checksum: u16) {
        self.header.checksum.set(checksum);
    }

    /// Computes and stores the checksum for a message from `src` to `dst`.
    #[inline]
    pub fn fill_checksum(&mut self, src: &Ipv6Addr, dst: &Ipv6Addr) {
        self.header.checksum.set(0);
        let c = self.sum(src, dst).finish();
        self.header.checksum.set(c);
    }

    /// Sets bytes 4–7 (no effect on a message without them).
    #[inline]
    pub fn set_rest_of_header(&mut self, value: u32) {
        if let Some(b) = self.body.get_mut(..4) {
            b.copy_from_slice(&value.to_be_bytes());
        }
    }

    /// Sets the echo identifier.
    #[inline]
    pub fn set_echo_identifier(&mut self, id: u16) {
        if let Some(b) = self.body.get_mut(..2) {
            b.copy_from_slice(&id.to_be_bytes());
        }
    }

    /// Sets the echo sequence number.
    #[inline]
    pub fn set_echo_sequence(&mut self, seq: u16) {
        if let Some(b) = self.body.get_mut(2..4) {
            b.copy_from_slice(&seq.to_be_bytes());
        }
    }

    /// Sets the target address of NS, NA or Redirect (no effect on other types).
    #[inline]
    pub fn set_target_addr(&mut self, addr: Ipv6Addr) {
        if self.target_addr().is_some()
            && let Some(b) = self.body.get_mut(4..20)
        {
            b.copy_from_slice(&addr.octets());
        }
    }

    /// The bytes after the first 8, writable.
    #[inline]
    pub fn data_mut(&mut self) -> &mut [u8] {
        self.body.get_mut(4..).unwrap_or(&mut [])
    }
}

impl<B: SplitByteSlice> fmt::Debug for Icmpv6Packet<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Icmpv6Packet")
            .field("msg_type", &self.msg_type())
            .field("code", &self.code())
            .field("checksum", &self.checksum())
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for Icmpv6Packet<B> {
    /// `ICMPv6 Echo Request id=0x1f97 seq=1, 52 bytes`, `ICMPv6 Neighbor Advertisement
    /// fe80::1 [router]`...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.msg_type();
        write!(f, "ICMPv6 {t}")?;
        match t {
            Icmpv6Type::EchoRequest | Icmpv6Type::EchoReply => write!(
                f,
                " id={:#06x} seq={}, {} bytes",
                self.echo_identifier(),
                self.echo_sequence(),
                self.data().len()
            ),
            Icmpv6Type::DstUnreachable => {
                write!(f, " ({})", DstUnreachableCode::from_value(self.code()))
            }
            Icmpv6Type::PacketTooBig => write!(f, " mtu {}", self.mtu()),
            Icmpv6Type::TimeExceeded => {
                write!(f, " ({})", TimeExceededCode::from_value(self.code()))
            }
            Icmpv6Type::ParamProblem => write!(
                f,
                " ({}) pointer {}",
                ParamProblemCode::from_value(self.code()),
                self.pointer()
            ),
            Icmpv6Type::RouterAdvert => write!(
                f,
                " hop limit {}, lifetime {}s",
                self.cur_hop_limit(),
                self.router_lifetime()
            ),
            Icmpv6Type::NeighborSolicit | Icmpv6Type::NeighborAdvert | Icmpv6Type::Redirect => {
                if let Some(a) = self.target_addr() {
                    write!(f, " {a}")?;
                }
                if t == Icmpv6Type::NeighborAdvert {
                    let flags = self.neighbor_flags();
                    for (flag, name) in [
                        (NeighborFlags::ROUTER, "router"),
                        (NeighborFlags::SOLICITED, "solicited"),
                        (NeighborFlags::OVERRIDE, "override"),
                    ] {
                        if flags.contains(flag) {
                            write!(f, " [{name}]")?;
                        }
                    }
                }
                Ok(())
            }
            Icmpv6Type::MldQuery | Icmpv6Type::MldReport | Icmpv6Type::MldDone => {
                match self.multicast_addr() {
                    Some(a) => write!(f, " {a}"),
                    None => Ok(()),
                }
            }
            Icmpv6Type::Mldv2Report => {
                write!(f, ", {} records", self.mldv2_record_count().unwrap_or(0))
            }
            _ => write!(f, " code {}, {} bytes", self.code(), self.message_len()),
        }
    }
}

codec_core::registry! {
    /// Neighbour-discovery option types (IANA "IPv6 Neighbor Discovery Option Formats").
    pub enum NdOptionType: u8 {
        /// Source Link-Layer Address (RFC 4861 §4.6.1).
        SourceLinkLayerAddress = 1 => "Source Link-Layer Address",
        /// Target Link-Layer Address (RFC 4861 §4.6.1).
        TargetLinkLayerAddress = 2 => "Target Link-Layer Address",
        /// Prefix Information (RFC 4861 §4.6.2).
        PrefixInformation = 3 => "Prefix Information",
        /// Redirected Header (RFC 4861 §4.6.3).
        RedirectedHeader = 4 => "Redirected Header",
        /// MTU (RFC 4861 §4.6.4).
        Mtu = 5 => "MTU",
        /// Route Information (RFC 4191).
        RouteInformation = 24 => "Route Information",
        /// Recursive DNS Server (RFC 8106).
        RecursiveDnsServer = 25 => "Recursive DNS Server",
        /// DNS Search List (RFC 8106).
        DnsSearchList = 31 => "DNS Search List",
    }
}

/// The Prefix Information option after its type and length (RFC 4861 §4.6.2).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct PrefixInformation {
    /// Number of leading bits of the prefix that are valid.
    pub prefix_len: u8,
    /// L, A and reserved bits.
    pub flags: u8,
    /// Valid lifetime in seconds (all ones: infinity).
    pub valid_lifetime: U32,
    /// Preferred lifetime in seconds.
    pub preferred_lifetime: U32,
    /// Reserved.
    pub reserved: U32,
    /// The prefix.
    pub prefix: [u8; 16],
}

impl PrefixInformation {
    /// The flags.
    #[inline]
    #[must_use]
    pub fn flags(&self) -> PrefixFlags {
        PrefixFlags::from_bits_retain(self.flags)
    }

    /// The prefix.
    #[inline]
    #[must_use]
    pub fn prefix(&self) -> Ipv6Addr {
        Ipv6Addr::from(self.prefix)
    }

    /// Valid lifetime in seconds.
    #[inline]
    #[must_use]
    pub fn valid_lifetime(&self) -> u32 {
        self.valid_lifetime.get()
    }

    /// Preferred lifetime in seconds.
    #[inline]
    #[must_use]
    pub fn preferred_lifetime(&self) -> u32 {
        self.preferred_lifetime.get()
    }
}

/// One neighbour-discovery option, borrowed from the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NdOption<'a> {
    /// The sender's link-layer address (6 bytes on Ethernet).
    SourceLinkLayerAddress(&'a [u8]),
    /// The target's link-layer address.
    TargetLinkLayerAddress(&'a [u8]),
    /// A prefix for on-link determination and autoconfiguration.
    PrefixInformation(&'a PrefixInformation),
    /// The start of the redirected packet (after the 6 reserved bytes).
    RedirectedHeader(&'a [u8]),
    /// The link MTU.
    Mtu(u32),
    /// Any other option.
    Unknown {
        /// Option type.
        option_type: NdOptionType,
        /// The bytes after type and length.
        data: &'a [u8],
    },
}

impl NdOption<'_> {
    /// The option type.
    #[must_use]
    pub fn option_type(&self) -> NdOptionType {
        match self {
            NdOption::SourceLinkLayerAddress(_) => NdOptionType::SourceLinkLayerAddress,
            NdOption::TargetLinkLayerAddress(_) => NdOptionType::TargetLinkLayerAddress,
            NdOption::PrefixInformation(_) => NdOptionType::PrefixInformation,
            NdOption::RedirectedHeader(_) => NdOptionType::RedirectedHeader,
            NdOption::Mtu(_) => NdOptionType::Mtu,
            NdOption::Unknown { option_type, .. } => *option_type,
        }
    }

    /// The link-layer address of a source or target link-layer address option, when it is
    /// an Ethernet MAC (6 bytes, option length 1).
    #[must_use]
    pub fn mac(&self) -> Option<MacAddr> {
        match self {
            NdOption::SourceLinkLayerAddress(a) | NdOption::TargetLinkLayerAddress(a) => {
                MacAddr::from_bytes(a)
            }
            _ => None,
        }
    }
}

/// A lazy walk over neighbour-discovery options (RFC 4861 §4.6): 1-byte type, 1-byte
/// length in units of 8 bytes including type and length.
///
/// Every step consumes at least 8 bytes. A length of zero (which RFC 4861 §4.6 says makes
/// the packet invalid), an option running past the end, or a Prefix Information or MTU
/// option of the wrong length ends the walk with an error; afterwards the iterator is
/// finished.
#[derive(Debug, Clone)]
pub struct NdOptions<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    done: bool,
}

impl<'a> NdOptions<'a> {
    /// Walks `data`, which starts `base` bytes into the message.
    #[inline]
    #[must_use]
    pub const fn new(data: &'a [u8], base: usize) -> Self {
        NdOptions {
            data,
            pos: 0,
            base,
            done: false,
        }
    }

    /// Offset (from the message's first byte) the walk has reached.
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.base + self.pos
    }

    fn fail(&mut self, e: Error) -> Option<Result<NdOption<'a>>> {
        self.done = true;
        Some(Err(e))
    }
}

impl<'a> Iterator for NdOptions<'a> {
    type Item = Result<NdOption<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        if rest.is_empty() {
            self.done = true;
            return None;
        }
        let at = self.offset();
        let (Some(&kind), Some(&units)) = (rest.first(), rest.get(1)) else {
            return self.fail(Error::truncated(Protocol::Icmpv6, at, 2, rest.len()));
        };
        let bad_len = Error::bad_length(
            Protocol::Icmpv6,
            at + 1,
            Field::OptionLength,
            u32::from(units),
        );
        let size = usize::from(units) * 8;
        let Some(value) = rest.get(2..size).filter(|_| units != 0) else {
            return self.fail(bad_len);
        };
        let option_type = NdOptionType::from_value(kind);
        let option = match option_type {
            NdOptionType::SourceLinkLayerAddress => NdOption::SourceLinkLayerAddress(value),
            NdOptionType::TargetLinkLayerAddress => NdOption::TargetLinkLayerAddress(value),
            NdOptionType::PrefixInformation => match PrefixInformation::ref_from_bytes(value) {
                Ok(p) => NdOption::PrefixInformation(p),
                Err(_) => return self.fail(bad_len),
            },
            NdOptionType::RedirectedHeader => {
                NdOption::RedirectedHeader(value.get(6..).unwrap_or(&[]))
            }
            NdOptionType::Mtu => match value {
                &[_, _, a, b, c, d] => NdOption::Mtu(u32::from_be_bytes([a, b, c, d])),
                _ => return self.fail(bad_len),
            },
            _ => NdOption::Unknown {
                option_type,
                data: value,
            },
        };
        self.pos += size;
        Some(Ok(option))
    }
}

impl core::iter::FusedIterator for NdOptions<'_> {}

/// The meaning of an ICMPv6 message.
///
/// Each typed variant stands for exactly one encoding; a message whose bytes a typed
/// variant cannot reproduce (a code or reserved bits it does not carry, ND options other
/// than the one link-layer address it models, a type it has no variant for) parses as
/// [`Other`](Self::Other), which keeps every byte. So `emit(parse(b)) == b` for every
/// message, and `parse(emit(r)) == r` for every typed `r` (an `Other` that a typed variant
/// could express comes back as that variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icmpv6Repr<'a> {
    /// Echo Request (RFC 4443 §4.1).
    EchoRequest {
        /// Identifier.
        identifier: u16,
        /// Sequence number.
        sequence: u16,
        /// Data.
        data: &'a [u8],
    },
    /// Echo Reply (RFC 4443 §4.2).
    EchoReply {
        /// Identifier.
        identifier: u16,
        /// Sequence number.
        sequence: u16,
        /// Data.
        data: &'a [u8],
    },
    /// Destination Unreachable (RFC 4443 §3.1).
    DstUnreachable {
        /// Why.
        code: DstUnreachableCode,
        /// As much of the invoking packet as fits.
        invoking: &'a [u8],
    },
    /// Packet Too Big (RFC 4443 §3.2).
    PacketTooBig {
        /// The MTU of the next-hop link.
        mtu: u32,
        /// As much of the invoking packet as fits.
        invoking: &'a [u8],
    },
    /// Time Exceeded (RFC 4443 §3.3).
    TimeExceeded {
        /// Why.
        code: TimeExceededCode,
        /// As much of the invoking packet as fits.
        invoking: &'a [u8],
    },
    /// Parameter Problem (RFC 4443 §3.4).
    ParamProblem {
        /// What kind of problem.
        code: ParamProblemCode,
        /// Offset of the problem in the invoking packet.
        pointer: u32,
        /// As much of the invoking packet as fits.
        invoking: &'a [u8],
    },
    /// Router Solicitation (RFC 4861 §4.1), with at most a source link-layer address.
    RouterSolicit {
        /// The sender's MAC.
        source_lladdr: Option<MacAddr>,
    },
    /// Neighbor Solicitation (RFC 4861 §4.3), with at most a source link-layer address.
    NeighborSolicit {
        /// The address whose link-layer address is sought.
        target: Ipv6Addr,
        /// The sender's MAC.
        source_lladdr: Option<MacAddr>,
    },
    /// Neighbor Advertisement (RFC 4861 §4.4), with at most a target link-layer address.
    NeighborAdvert {
        /// R, S, O.
        flags: NeighborFlags,
        /// The address advertised.
        target: Ipv6Addr,
        /// The target's MAC.
        target_lladdr: Option<MacAddr>,
    },
    /// Any other message, kept as bytes.
    Other {
        /// Message type.
        msg_type: Icmpv6Type,
        /// Code.
        code: u8,
        /// Everything after the checksum.
        body: &'a [u8],
    },
}

/// The one link-layer address option of type `kind` the options hold, `Ok(None)` when
/// they are empty, `Err(())` when they hold anything else.
fn single_lladdr(
    options: NdOptions<'_>,
    kind: NdOptionType,
) -> core::result::Result<Option<MacAddr>, ()> {
    let mut found = None;
    for o in options {
        let o = o.map_err(|_| ())?;
        match (o.option_type() == kind, o.mac(), found) {
            (true, Some(mac), None) => found = Some(mac),
            _ => return Err(()),
        }
    }
    Ok(found)
}

impl<'a> Icmpv6Repr<'a> {
    /// The repr of a parsed message (see the type's docs for when it is
    /// [`Other`](Self::Other)).
    ///
    /// # Errors
    /// None today: every message that parses has a repr. The `Result` keeps the family's
    /// shape.
    pub fn parse<B: SplitByteSlice>(packet: &'a Icmpv6Packet<B>) -> Result<Self> {
        let code = packet.code();
        let rest = packet.rest_of_header();
        let other = Icmpv6Repr::Other {
            msg_type: packet.msg_type(),
            code,
            body: packet.body(),
        };
        let typed = match packet.msg_type() {
            Icmpv6Type::EchoRequest if code == 0 => Icmpv6Repr::EchoRequest {
                identifier: packet.echo_identifier(),
                sequence: packet.echo_sequence(),
                data: packet.data(),
            },
            Icmpv6Type::EchoReply if code == 0 => Icmpv6Repr::EchoReply {
                identifier: packet.echo_identifier(),
                sequence: packet.echo_sequence(),
                data: packet.data(),
            },
            Icmpv6Type::DstUnreachable if rest == 0 => Icmpv6Repr::DstUnreachable {
                code: DstUnreachableCode::from_value(code),
                invoking: packet.data(),
            },
            Icmpv6Type::PacketTooBig if code == 0 => Icmpv6Repr::PacketTooBig {
                mtu: rest,
                invoking: packet.data(),
            },
            Icmpv6Type::TimeExceeded if rest == 0 => Icmpv6Repr::TimeExceeded {
                code: TimeExceededCode::from_value(code),
                invoking: packet.data(),
            },
            Icmpv6Type::ParamProblem => Icmpv6Repr::ParamProblem {
                code: ParamProblemCode::from_value(code),
                pointer: rest,
                invoking: packet.data(),
            },
            Icmpv6Type::RouterSolicit if code == 0 && rest == 0 => {
                match single_lladdr(packet.nd_options(), NdOptionType::SourceLinkLayerAddress) {
                    Ok(source_lladdr) => Icmpv6Repr::RouterSolicit { source_lladdr },
                    Err(()) => other,
                }
            }
            Icmpv6Type::NeighborSolicit if code == 0 && rest == 0 => {
                match (
                    packet.target_addr(),
                    single_lladdr(packet.nd_options(), NdOptionType::SourceLinkLayerAddress),
                ) {
                    (Some(target), Ok(source_lladdr)) => Icmpv6Repr::NeighborSolicit {
                        target,
                        source_lladdr,
                    },
                    _ => other,
                }
            }
            Icmpv6Type::NeighborAdvert if code == 0 && rest & 0x1fff_ffff == 0 => {
                match (
                    packet.target_addr(),
                    single_lladdr(packet.nd_options(), NdOptionType::TargetLinkLayerAddress),
                ) {
                    (Some(target), Ok(target_lladdr)) => Icmpv6Repr::NeighborAdvert {
                        flags: packet.neighbor_flags(),
                        target,
                        target_lladdr,
                    },
                    _ => other,
                }
            }
            _ => other,
        };
        Ok(typed)
    }

    /// The message type.
    #[must_use]
    pub const fn msg_type(&self) -> Icmpv6Type {
        match self {
            Icmpv6Repr::EchoRequest { .. } => Icmpv6Type::EchoRequest,
            Icmpv6Repr::EchoReply { .. } => Icmpv6Type::EchoReply,
            Icmpv6Repr::DstUnreachable { .. } => Icmpv6Type::DstUnreachable,
            Icmpv6Repr::PacketTooBig { .. } => Icmpv6Type::PacketTooBig,
            Icmpv6Repr::TimeExceeded { .. } => Icmpv6Type::TimeExceeded,
            Icmpv6Repr::ParamProblem { .. } => Icmpv6Type::ParamProblem,
            Icmpv6Repr::RouterSolicit { .. } => Icmpv6Type::RouterSolicit,
            Icmpv6Repr::NeighborSolicit { .. } => Icmpv6Type::NeighborSolicit,
            Icmpv6Repr::NeighborAdvert { .. } => Icmpv6Type::NeighborAdvert,
            Icmpv6Repr::Other { msg_type, .. } => *msg_type,
        }
    }

    /// Bytes the message takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        const fn lladdr(a: &Option<MacAddr>) -> usize {
            if a.is_some() { 8 } else { 0 }
        }
        match self {
            Icmpv6Repr::EchoRequest { data, .. } | Icmpv6Repr::EchoReply { data, .. } => {
                MESSAGE_HEADER_LEN + data.len()
            }
            Icmpv6Repr::DstUnreachable { invoking, .. }
            | Icmpv6Repr::PacketTooBig { invoking, .. }
            | Icmpv6Repr::TimeExceeded { invoking, .. }
            | Icmpv6Repr::ParamProblem { invoking, .. } => MESSAGE_HEADER_LEN + invoking.len(),
            Icmpv6Repr::RouterSolicit { source_lladdr } => {
                MESSAGE_HEADER_LEN + lladdr(source_lladdr)
            }
            Icmpv6Repr::NeighborSolicit { source_lladdr, .. } => 24 + lladdr(source_lladdr),
            Icmpv6Repr::NeighborAdvert { target_lladdr, .. } => 24 + lladdr(target_lladdr),
            Icmpv6Repr::Other { body, .. } => HEADER_LEN + body.len(),
        }
    }

    /// Writes the message into the front of `buf`, with the checksum for a message from
    /// `src` to `dst`; returns its length.
    ///
    /// # Errors
    /// A buffer error when `buf` is too short; for [`Other`](Self::Other), a
    /// [`BadLength`](codec_core::ErrorKind::BadLength) when the body is shorter than the
    /// type needs (the bytes would not parse).
    pub fn emit(&self, src: &Ipv6Addr, dst: &Ipv6Addr, buf: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        if buf.len() < len {
            return Err(Error::buffer_too_small(Protocol::Icmpv6, len, buf.len()));
        }
        let mut w = Writer::new(Protocol::Icmpv6, buf);
        let lladdr = |w: &mut Writer<'_>, kind: NdOptionType, a: Option<MacAddr>| match a {
            Some(mac) => {
                w.put_u8(kind.value())?;
                w.put_u8(1)?;
                w.put_slice(&mac.0)
            }
            None => Ok(()),
        };
        match *self {
            Icmpv6Repr::EchoRequest {
                identifier,
                sequence,
                data,
            }
            | Icmpv6Repr::EchoReply {
                identifier,
                sequence,
                data,
            } => {
                w.put_slice(&[self.msg_type().value(), 0, 0, 0])?;
                w.put_u16(identifier)?;
                w.put_u16(sequence)?;
                w.put_slice(data)?;
            }
            Icmpv6Repr::DstUnreachable { code, invoking } => {
                w.put_slice(&[self.msg_type().value(), code.value(), 0, 0])?;
                w.put_u32(0)?;
                w.put_slice(invoking)?;
            }
            Icmpv6Repr::PacketTooBig { mtu, invoking } => {
                w.put_slice(&[self.msg_type().value(), 0, 0, 0])?;
                w.put_u32(mtu)?;
                w.put_slice(invoking)?;
            }
            Icmpv6Repr::TimeExceeded { code, invoking } => {
                w.put_slice(&[self.msg_type().value(), code.value(), 0, 0])?;
                w.put_u32(0)?;
                w.put_slice(invoking)?;
            }
            Icmpv6Repr::ParamProblem {
                code,
                pointer,
                invoking,
            } => {
                w.put_slice(&[self.msg_type().value(), code.value(), 0, 0])?;
                w.put_u32(pointer)?;
                w.put_slice(invoking)?;
            }
            Icmpv6Repr::RouterSolicit { source_lladdr } => {
                w.put_slice(&[self.msg_type().value(), 0, 0, 0])?;
                w.put_u32(0)?;
                lladdr(&mut w, NdOptionType::SourceLinkLayerAddress, source_lladdr)?;
            }
            Icmpv6Repr::NeighborSolicit {
                target,
                source_lladdr,
            } => {
                w.put_slice(&[self.msg_type().value(), 0, 0, 0])?;
                w.put_u32(0)?;
                w.put_slice(&target.octets())?;
                lladdr(&mut w, NdOptionType::SourceLinkLayerAddress, source_lladdr)?;
            }
            Icmpv6Repr::NeighborAdvert {
                flags,
                target,
                target_lladdr,
            } => {
                w.put_slice(&[self.msg_type().value(), 0, 0, 0])?;
                w.put_u32(u32::from(flags.bits()) << 24)?;
                w.put_slice(&target.octets())?;
                lladdr(&mut w, NdOptionType::TargetLinkLayerAddress, target_lladdr)?;
            }
            Icmpv6Repr::Other {
                msg_type,
                code,
                body,
            } => {
                if body.len() < msg_type.min_body_len() {
                    return Err(Error::bad_length(
                        Protocol::Icmpv6,
                        HEADER_LEN,
                        Field::Length,
                        body.len() as u32,
                    ));
                }
                w.put_slice(&[msg_type.value(), code, 0, 0])?;
                w.put_slice(body)?;
            }
        }
        let (buf, n) = w.finish();
        let message = buf.get_mut(..n).unwrap_or(&mut []);
        let sum = pseudo_header_ipv6(src, dst, IpProtocol::Icmpv6.value(), n as u32)
            .add_bytes(message)
            .finish();
        if let Some(c) = message.get_mut(2..4) {
            c.copy_from_slice(&sum.to_be_bytes());
        }
        Ok(n)
    }
}

impl fmt::Display for Icmpv6Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ICMPv6 {}", self.msg_type())?;
        match *self {
            Icmpv6Repr::EchoRequest {
                identifier,
                sequence,
                data,
            }
            | Icmpv6Repr::EchoReply {
                identifier,
                sequence,
                data,
            } => write!(
                f,
                " id={identifier:#06x} seq={sequence}, {} bytes",
                data.len()
            ),
            Icmpv6Repr::DstUnreachable { code, .. } => write!(f, " ({code})"),
            Icmpv6Repr::PacketTooBig { mtu, .. } => write!(f, " mtu {mtu}"),
            Icmpv6Repr::TimeExceeded { code, .. } => write!(f, " ({code})"),
            Icmpv6Repr::ParamProblem { code, pointer, .. } => {
                write!(f, " ({code}) pointer {pointer}")
            }
            Icmpv6Repr::RouterSolicit { source_lladdr } => match source_lladdr {
                Some(m) => write!(f, " from {m}"),
                None => Ok(()),
            },
            Icmpv6Repr::NeighborSolicit {
                target,
                source_lladdr,
            } => {
                write!(f, " who has {target}")?;
                match source_lladdr {
                    Some(m) => write!(f, " from {m}"),
                    None => Ok(()),
                }
            }
            Icmpv6Repr::NeighborAdvert {
                flags,
                target,
                target_lladdr,
            } => {
                write!(f, " {target}")?;
                if let Some(m) = target_lladdr {
                    write!(f, " is at {m}")?;
                }
                if !flags.is_empty() {
                    write!(f, " flags {:#04x}", flags.bits())?;
                }
                Ok(())
            }
            Icmpv6Repr::Other { code, body, .. } => {
                write!(f, " code {code}, {} bytes", HEADER_LEN + body.len())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;
    use std::vec::Vec;

    fn addr(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    // ICMPv6 messages of ../shared/captures/ppp/zeek_pppoe_lcp_pap_ipcp.pcap (Wireshark:
    // icmpv6 layers of 60, 24, 8, 24 and 28 bytes; every checksum good).

    // Frame 54 from byte 62: Echo Request id 0x1f97 seq 0 with 52 bytes 00..33,
    // fc00:0:2:100::1:1 > fc00::1.
    static ECHO_REQUEST: [u8; 60] = [
        0x80, 0x00, 0xda, 0x44, 0x1f, 0x97, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
        0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
        0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24,
        0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
    ];
    const ECHO_SRC: &str = "fc00:0:2:100::1:1";
    const ECHO_DST: &str = "fc00::1";

    // Frame 26 from byte 62: unsolicited Neighbor Advertisement with R set, target
    // fe80::c801:eff:fe88:8, fe80::c801:eff:fe88:8 > ff02::1.
    static NEIGHBOR_ADVERT: [u8; 24] = [
        0x88, 0x00, 0x50, 0x83, 0x80, 0x00, 0x00, 0x00, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0xc8, 0x01, 0x0e, 0xff, 0xfe, 0x88, 0x00, 0x08,
    ];
    const NA_SRC: &str = "fe80::c801:eff:fe88:8";
    const NA_DST: &str = "ff02::1";

    // Frame 34 from byte 62: Router Solicitation without options,
    // fe80::ce05:eff:fe88:0 > ff02::2.
    static ROUTER_SOLICIT: [u8; 8] = [0x85, 0x00, 0xa1, 0xa9, 0x00, 0x00, 0x00, 0x00];

    // Frame 35 from byte 62: Router Advertisement (hop limit 64, lifetime 1800) with an MTU
    // option of 1492, fe80::c801:eff:fe88:8 > fe80::ce05:eff:fe88:0.
    static ROUTER_ADVERT: [u8; 24] = [
        0x86, 0x00, 0x79, 0xae, 0x40, 0x00, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0xd4,
    ];

    // Frame 22 from byte 70: MLDv2 report with one record (change to exclude, ff02::2).
    static MLDV2_REPORT: [u8; 28] = [
        0x8f, 0x00, 0x9a, 0x77, 0x00, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0xff, 0x02, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    ];

    #[test]
    fn deconstruct_echo() {
        let m = Icmpv6Packet::parse(&ECHO_REQUEST[..]).unwrap();
        assert_eq!(m.msg_type(), Icmpv6Type::EchoRequest);
        assert_eq!((m.code(), m.checksum()), (0, 0xda44));
        assert_eq!((m.echo_identifier(), m.echo_sequence()), (0x1f97, 0));
        assert_eq!(m.data().len(), 52);
        assert_eq!(m.data()[51], 0x33);
        assert_eq!(m.message_len(), 60);
        assert!(m.verify_checksum(&addr(ECHO_SRC), &addr(ECHO_DST)));
        assert!(!m.verify_checksum(&addr(ECHO_DST), &addr(NA_DST)));
        assert!(m.invoking_packet().is_none() && m.target_addr().is_none());
        assert_eq!(m.nd_options().count(), 0);
        assert_eq!(
            m.to_string(),
            "ICMPv6 Echo Request id=0x1f97 seq=0, 52 bytes"
        );
    }

    #[test]
    fn deconstruct_neighbour_discovery() {
        let na = Icmpv6Packet::parse(&NEIGHBOR_ADVERT[..]).unwrap();
        assert_eq!(na.msg_type(), Icmpv6Type::NeighborAdvert);
        assert!(na.verify_checksum(&addr(NA_SRC), &addr(NA_DST)));
        assert_eq!(na.neighbor_flags(), NeighborFlags::ROUTER);
        assert_eq!(na.target_addr(), Some(addr(NA_SRC)));
        assert_eq!(na.nd_options().count(), 0);
        assert_eq!(
            na.to_string(),
            "ICMPv6 Neighbor Advertisement fe80::c801:eff:fe88:8 [router]"
        );

        let rs = Icmpv6Packet::parse(&ROUTER_SOLICIT[..]).unwrap();
        assert_eq!(rs.msg_type(), Icmpv6Type::RouterSolicit);
        assert!(rs.verify_checksum(&addr("fe80::ce05:eff:fe88:0"), &addr("ff02::2")));
        assert_eq!(rs.nd_options().count(), 0);

        let ra = Icmpv6Packet::parse(&ROUTER_ADVERT[..]).unwrap();
        assert!(ra.verify_checksum(&addr(NA_SRC), &addr("fe80::ce05:eff:fe88:0")));
        assert_eq!(ra.cur_hop_limit(), 64);
        assert_eq!(ra.router_flags(), RouterFlags::empty());
        assert_eq!(ra.router_lifetime(), 1800);
        assert_eq!((ra.reachable_time(), ra.retrans_timer()), (0, 0));
        let opts: Vec<_> = ra.nd_options().collect::<Result<_>>().unwrap();
        assert_eq!(opts, [NdOption::Mtu(1492)]);
        assert_eq!(opts[0].option_type(), NdOptionType::Mtu);
        assert_eq!(
            ra.to_string(),
            "ICMPv6 Router Advertisement hop limit 64, lifetime 1800s"
        );

        let mld = Icmpv6Packet::parse(&MLDV2_REPORT[..]).unwrap();
        assert_eq!(mld.msg_type(), Icmpv6Type::Mldv2Report);
        assert!(mld.verify_checksum(&addr(NA_SRC), &addr("ff02::16")));
        assert_eq!(mld.mldv2_record_count(), Some(1));
        assert_eq!(
            mld.to_string(),
            "ICMPv6 Multicast Listener Report v2, 1 records"
        );
    }

    /// A Router Advertisement per RFC 4861 §4.2 with a source link-layer address, an MTU
    /// and a prefix-information option (2001:db8::/64, L and A, lifetimes 2592000/604800).
    fn ra_with_prefix() -> Vec<u8> {
        let mut m = std::vec![
            0x86, 0x00, 0x00, 0x00, 64, 0xc0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0
        ];
        m.extend_from_slice(&[1, 1, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01]);
        m.extend_from_slice(&[5, 1, 0, 0, 0x00, 0x00, 0x05, 0xdc]);
        m.extend_from_slice(&[
            3, 4, 64, 0xc0, 0x00, 0x27, 0x8d, 0x00, 0x00, 0x09, 0x3a, 0x80,
        ]);
        m.extend_from_slice(&[0; 4]);
        m.extend_from_slice(&addr("2001:db8::").octets());
        m
    }

    #[test]
    fn walks_nd_options() {
        let bytes = ra_with_prefix();
        let ra = Icmpv6Packet::parse(&bytes[..]).unwrap();
        assert_eq!(ra.router_flags(), RouterFlags::MANAGED | RouterFlags::OTHER);
        let opts: Vec<_> = ra.nd_options().collect::<Result<_>>().unwrap();
        assert_eq!(opts.len(), 3);
        assert_eq!(opts[0].mac(), Some(MacAddr([2, 0, 0, 0, 0, 1])));
        assert_eq!(opts[1], NdOption::Mtu(1500));
        let NdOption::PrefixInformation(p) = opts[2] else {
            panic!("{:?}", opts[2])
        };
        assert_eq!(p.prefix_len, 64);
        assert_eq!(p.flags(), PrefixFlags::ON_LINK | PrefixFlags::AUTONOMOUS);
        assert_eq!(
            (p.valid_lifetime(), p.preferred_lifetime()),
            (2_592_000, 604_800)
        );
        assert_eq!(p.prefix(), addr("2001:db8::"));
        assert_eq!(opts[2].mac(), None);

        // Length 0: invalid (RFC 4861 §4.6), the walk stops with the offset.
        let mut bad = bytes.clone();
        bad[25] = 0;
        let m = Icmpv6Packet::parse(&bad[..]).unwrap();
        let mut it = m.nd_options();
        assert!(it.next().unwrap().is_ok());
        let e = it.next().unwrap().unwrap_err();
        assert_eq!(
            (e.protocol(), e.offset(), e.kind()),
            (
                Protocol::Icmpv6,
                25,
                ErrorKind::BadLength {
                    field: Field::OptionLength,
                    value: 0
                }
            )
        );
        assert!(it.next().is_none());
        // Prefix information of the wrong length, and an option past the end.
        let mut bad = bytes.clone();
        bad[33] = 3;
        let m = Icmpv6Packet::parse(&bad[..bad.len() - 8]).unwrap();
        let e = m.nd_options().find_map(Result::err).unwrap();
        assert_eq!(e.offset(), 33);
        let m = Icmpv6Packet::parse(&bytes[..bytes.len() - 1]).unwrap();
        let e = m.nd_options().find_map(Result::err).unwrap();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::OptionLength,
                value: 4
            }
        );
        // Unknown options are kept.
        let mut unk = bytes.clone();
        unk[16] = 25;
        let m = Icmpv6Packet::parse(&unk[..]).unwrap();
        assert_eq!(
            m.nd_options().next().unwrap().unwrap(),
            NdOption::Unknown {
                option_type: NdOptionType::RecursiveDnsServer,
                data: &[2, 0, 0, 0, 0, 1]
            }
        );
    }

    #[test]
    fn construct_in_place() {
        let mut bytes = ECHO_REQUEST;
        let mut m = Icmpv6Packet::parse(&mut bytes[..]).unwrap();
        m.set_echo_identifier(0x1234);
        m.set_echo_sequence(9);
        m.data_mut()[0] = 0xff;
        m.set_target_addr(Ipv6Addr::LOCALHOST); // no target in an echo: nothing happens
        m.fill_checksum(&addr(ECHO_SRC), &addr(ECHO_DST));
        assert!(m.verify_checksum(&addr(ECHO_SRC), &addr(ECHO_DST)));
        assert_eq!(&bytes[4..9], &[0x12, 0x34, 0x00, 0x09, 0xff]);

        let mut bytes = NEIGHBOR_ADVERT;
        let mut m = Icmpv6Packet::parse(&mut bytes[..]).unwrap();
        m.set_target_addr(addr("fe80::1"));
        m.set_rest_of_header(0x6000_0000);
        m.set_code(0);
        m.set_checksum(0);
        assert!(!m.verify_checksum(&addr(NA_SRC), &addr(NA_DST)));
        m.fill_checksum(&addr(NA_SRC), &addr(NA_DST));
        assert_eq!(
            m.neighbor_flags(),
            NeighborFlags::SOLICITED | NeighborFlags::OVERRIDE
        );
        assert_eq!(&bytes[8..10], &[0xfe, 0x80]);
        assert_eq!(bytes[23], 1);
    }

    #[test]
    fn parse_and_emit_round_trip() {
        let cases: [(&[u8], &str, &str); 5] = [
            (&ECHO_REQUEST, ECHO_SRC, ECHO_DST),
            (&NEIGHBOR_ADVERT, NA_SRC, NA_DST),
            (&ROUTER_SOLICIT, "fe80::ce05:eff:fe88:0", "ff02::2"),
            (&ROUTER_ADVERT, NA_SRC, "fe80::ce05:eff:fe88:0"),
            (&MLDV2_REPORT, NA_SRC, "ff02::16"),
        ];
        for (bytes, src, dst) in cases {
            let m = Icmpv6Packet::parse(bytes).unwrap();
            let r = Icmpv6Repr::parse(&m).unwrap();
            assert_eq!(r.buffer_len(), bytes.len());
            let mut out = [0u8; 64];
            let n = r.emit(&addr(src), &addr(dst), &mut out).unwrap();
            assert_eq!(&out[..n], bytes, "{r}");
            assert_eq!(
                Icmpv6Repr::parse(&Icmpv6Packet::parse(&out[..n]).unwrap()).unwrap(),
                r
            );
        }
        let m = Icmpv6Packet::parse(&ECHO_REQUEST[..]).unwrap();
        assert_eq!(
            Icmpv6Repr::parse(&m).unwrap(),
            Icmpv6Repr::EchoRequest {
                identifier: 0x1f97,
                sequence: 0,
                data: &ECHO_REQUEST[8..]
            }
        );
        let m = Icmpv6Packet::parse(&NEIGHBOR_ADVERT[..]).unwrap();
        let r = Icmpv6Repr::parse(&m).unwrap();
        assert_eq!(
            r,
            Icmpv6Repr::NeighborAdvert {
                flags: NeighborFlags::ROUTER,
                target: addr(NA_SRC),
                target_lladdr: None
            }
        );
        assert_eq!(
            r.to_string(),
            "ICMPv6 Neighbor Advertisement fe80::c801:eff:fe88:8 flags 0x80"
        );
        let m = Icmpv6Packet::parse(&ROUTER_SOLICIT[..]).unwrap();
        assert_eq!(
            Icmpv6Repr::parse(&m).unwrap(),
            Icmpv6Repr::RouterSolicit {
                source_lladdr: None
            }
        );
        let m = Icmpv6Packet::parse(&ROUTER_ADVERT[..]).unwrap();
        assert!(matches!(
            Icmpv6Repr::parse(&m).unwrap(),
            Icmpv6Repr::Other { msg_type: Icmpv6Type::RouterAdvert, code: 0, body } if body.len() == 20
        ));
    }

    #[test]
    fn neighbour_solicitation_built_and_read_back() {
        // RFC 4861 §4.3: a solicitation for fe80::1 from fe80::2 (MAC 02:00:00:00:00:02) to
        // the solicited-node multicast address ff02::1:ff00:1 (RFC 4291 §2.7.1).
        let (src, dst) = (addr("fe80::2"), addr("ff02::1:ff00:1"));
        let r = Icmpv6Repr::NeighborSolicit {
            target: addr("fe80::1"),
            source_lladdr: Some(MacAddr([2, 0, 0, 0, 0, 2])),
        };
        let mut out = [0u8; 32];
        assert_eq!(r.emit(&src, &dst, &mut out).unwrap(), 32);
        assert_eq!(&out[..2], &[135, 0]);
        assert_eq!(&out[4..8], &[0; 4]);
        assert_eq!(&out[24..32], &[1, 1, 2, 0, 0, 0, 0, 2]);
        let m = Icmpv6Packet::parse(&out[..]).unwrap();
        assert!(m.verify_checksum(&src, &dst));
        assert_eq!(m.target_addr(), Some(addr("fe80::1")));
        assert_eq!(
            m.nd_options().next().unwrap().unwrap().mac(),
            Some(MacAddr([2, 0, 0, 0, 0, 2]))
        );
        assert_eq!(Icmpv6Repr::parse(&m).unwrap(), r);
        assert_eq!(
            r.to_string(),
            "ICMPv6 Neighbor Solicitation who has fe80::1 from 02:00:00:00:00:02"
        );
        assert_eq!(m.to_string(), "ICMPv6 Neighbor Solicitation fe80::1");

        // The solicited answer: NA with S and O and the target's MAC.
        let na = Icmpv6Repr::NeighborAdvert {
            flags: NeighborFlags::SOLICITED | NeighborFlags::OVERRIDE,
            target: addr("fe80::1"),
            target_lladdr: Some(MacAddr([2, 0, 0, 0, 0, 1])),
        };
        let n = na.emit(&addr("fe80::1"), &src, &mut out).unwrap();
        assert_eq!(&out[4..8], &[0x60, 0, 0, 0]);
        assert_eq!(out[24], 2);
        let m = Icmpv6Packet::parse(&out[..n]).unwrap();
        assert_eq!(Icmpv6Repr::parse(&m).unwrap(), na);

        // An NS carrying a second option is not the typed variant's: Other keeps it.
        let mut two = [0u8; 40];
        two[..32].copy_from_slice(&out[..32]);
        let r = Icmpv6Repr::NeighborSolicit {
            target: addr("fe80::1"),
            source_lladdr: Some(MacAddr([2, 0, 0, 0, 0, 2])),
        };
        r.emit(&src, &dst, &mut two).unwrap();
        two[32..40].copy_from_slice(&[5, 1, 0, 0, 0, 0, 5, 0xdc]);
        let m = Icmpv6Packet::parse(&two[..]).unwrap();
        let other = Icmpv6Repr::parse(&m).unwrap();
        assert!(matches!(
            other,
            Icmpv6Repr::Other {
                msg_type: Icmpv6Type::NeighborSolicit,
                ..
            }
        ));
        let mut back = [0u8; 40];
        other.emit(&src, &dst, &mut back).unwrap();
        assert_eq!(&back[4..], &two[4..]);
    }

    #[test]
    fn errors_quote_the_invoking_packet() {
        // RFC 4443 §3.2: Packet Too Big, MTU 1280, quoting the start of the echo request of
        // frame 54 (its IPv6 header and 8 bytes of ICMPv6).
        let mut invoking = std::vec![0x60, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x3a, 0x40,];
        invoking.extend_from_slice(&addr(ECHO_SRC).octets());
        invoking.extend_from_slice(&addr(ECHO_DST).octets());
        invoking.extend_from_slice(&ECHO_REQUEST[..8]);
        let (src, dst) = (addr("fc00::1:2"), addr(ECHO_SRC));
        for r in [
            Icmpv6Repr::PacketTooBig {
                mtu: 1280,
                invoking: &invoking,
            },
            Icmpv6Repr::DstUnreachable {
                code: DstUnreachableCode::PortUnreachable,
                invoking: &invoking,
            },
            Icmpv6Repr::TimeExceeded {
                code: TimeExceededCode::HopLimitExceeded,
                invoking: &invoking,
            },
            Icmpv6Repr::ParamProblem {
                code: ParamProblemCode::UnrecognizedNextHeader,
                pointer: 6,
                invoking: &invoking,
            },
        ] {
            let mut out = [0u8; 64];
            let n = r.emit(&src, &dst, &mut out).unwrap();
            assert_eq!(n, 56);
            let m = Icmpv6Packet::parse(&out[..n]).unwrap();
            assert!(m.verify_checksum(&src, &dst));
            assert!(m.msg_type().is_error());
            assert_eq!(Icmpv6Repr::parse(&m).unwrap(), r);
            let inner = m.invoking_ipv6().unwrap().unwrap();
            assert!(inner.is_truncated());
            assert_eq!(inner.dst_addr(), addr(ECHO_DST));
            assert_eq!(inner.upper_layer().unwrap().payload, &ECHO_REQUEST[..8]);
        }
        let mut out = [0u8; 56];
        Icmpv6Repr::PacketTooBig {
            mtu: 1280,
            invoking: &invoking,
        }
        .emit(&src, &dst, &mut out)
        .unwrap();
        let m = Icmpv6Packet::parse(&out[..]).unwrap();
        assert_eq!(
            (m.mtu(), m.to_string().as_str()),
            (1280, "ICMPv6 Packet Too Big mtu 1280")
        );
        out[4..8].copy_from_slice(&[0, 0, 0, 6]);
        out[0] = 4;
        out[1] = 1;
        let m = Icmpv6Packet::parse(&out[..]).unwrap();
        assert_eq!(m.pointer(), 6);
        assert_eq!(
            m.to_string(),
            "ICMPv6 Parameter Problem (unrecognized next header) pointer 6"
        );
        // An unreachable with non-zero unused bytes is kept as Other.
        out[0] = 1;
        let m = Icmpv6Packet::parse(&out[..]).unwrap();
        assert!(matches!(
            Icmpv6Repr::parse(&m).unwrap(),
            Icmpv6Repr::Other { .. }
        ));
    }

    #[test]
    fn rejects_short_messages_with_offsets() {
        let e = Icmpv6Packet::parse(&ECHO_REQUEST[..3]).unwrap_err();
        assert_eq!(
            (e.protocol(), e.offset(), e.kind()),
            (
                Protocol::Icmpv6,
                0,
                ErrorKind::Truncated {
                    needed: 4,
                    available: 3
                }
            )
        );
        let e = Icmpv6Packet::parse(&ECHO_REQUEST[..7]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                4,
                ErrorKind::Truncated {
                    needed: 4,
                    available: 3
                }
            )
        );
        let e = Icmpv6Packet::parse(&NEIGHBOR_ADVERT[..23]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 20,
                available: 19
            }
        );
        // An unknown type needs only the 4-byte header.
        let m = Icmpv6Packet::parse(&[200u8, 1, 0, 0][..]).unwrap();
        assert_eq!(m.msg_type(), Icmpv6Type::Unknown(200));
        assert_eq!(m.rest_of_header(), 0);
        assert_eq!(m.to_string(), "ICMPv6 0xc8 code 1, 4 bytes");
        // Emit refuses short buffers and Other bodies that would not parse.
        let r = Icmpv6Repr::EchoReply {
            identifier: 1,
            sequence: 2,
            data: b"x",
        };
        let e = r
            .emit(&Ipv6Addr::LOCALHOST, &Ipv6Addr::LOCALHOST, &mut [0u8; 8])
            .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BufferTooSmall {
                needed: 9,
                available: 8
            }
        );
        let r = Icmpv6Repr::Other {
            msg_type: Icmpv6Type::Redirect,
            code: 0,
            body: &[0; 8],
        };
        let e = r
            .emit(&Ipv6Addr::LOCALHOST, &Ipv6Addr::LOCALHOST, &mut [0u8; 64])
            .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::Length,
                value: 8
            }
        );
    }

    #[test]
    fn every_cut_and_byte_flip_is_handled() {
        let ra = ra_with_prefix();
        let (src, dst) = (addr(NA_SRC), addr(NA_DST));
        let check = |b: &[u8]| {
            if let Ok(m) = Icmpv6Packet::parse(b) {
                let mut steps = 0;
                for o in m.nd_options() {
                    steps += 1;
                    if o.is_err() {
                        break;
                    }
                }
                assert!(steps <= b.len() / 8 + 1);
                let _ = (m.to_string(), m.invoking_ipv6().map(|r| r.is_ok()));
                let r = Icmpv6Repr::parse(&m).unwrap();
                let mut out = [0u8; 128];
                let n = r.emit(&src, &dst, &mut out).unwrap();
                // emit(parse(b)) == b, the checksum aside.
                assert_eq!(&out[4..n], &b[4..], "{r}");
                assert_eq!(out[..2], b[..2]);
            }
        };
        for base in [
            &ra[..],
            &ECHO_REQUEST[..],
            &NEIGHBOR_ADVERT[..],
            &MLDV2_REPORT[..],
        ] {
            for n in 0..=base.len() {
                check(&base[..n]);
            }
            for i in 0..base.len() {
                for v in [0u8, 1, 2, 3, 4, 5, 0x80, 0x87, 0x88, 0xff] {
                    let mut b = base.to_vec();
                    b[i] = v;
                    check(&b);
                }
            }
        }
    }
}
