//! Internet Protocol version 4 (RFC 791): header, options, fragments, checksum.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |Version|  IHL  | DSCP      |ECN|          Total Length         |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |         Identification        |Flags|      Fragment Offset    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |  Time to Live |    Protocol   |         Header Checksum       |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                       Source Address                          |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                    Destination Address                        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                    Options (IHL > 5)                          |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! [`Ipv4Packet`] is the zero-copy view. Its [`parse`](Ipv4Packet::parse) checks, once, the
//! version, `IHL >= 5`, that the options are present and that `IHL*4 <= total length <=
//! the bytes given`; bytes after the total length (Ethernet padding, a PPP FCS) are kept
//! apart as the [`trailer`](Ipv4Packet::trailer). [`parse_lax`](Ipv4Packet::parse_lax)
//! accepts a datagram cut short (total length larger than the bytes present), which is what
//! an ICMP error quotes and what a capture with a short snap length holds.
//!
//! Options are walked lazily with the family's TLV walker
//! ([`TlvFormat::IP_OPTIONS`](codec_core::tlv::TlvFormat::IP_OPTIONS)) and typed as
//! [`Ipv4Option`]: Record Route, Timestamp, Loose/Strict Source Route, Router Alert, NOP,
//! End of Option List; any other option is kept raw.
//!
//! [`Ipv4Repr`] is the header's meaning; its [`emit`](Ipv4Repr::emit) fills the IHL, the
//! total length and the checksum, and [`emit_with_payload`](Ipv4Repr::emit_with_payload)
//! writes the payload in place through a closure.
//!
//! ```
//! use codec_inet::ip::IpProtocol;
//! use codec_inet::ipv4::{Ipv4Flags, Ipv4Packet, Ipv4Repr};
//! use core::net::Ipv4Addr;
//! // The IPv4 header of ../shared/vectors/syn74.hex (the TCP SYN is left out).
//! let bytes = [
//!     0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06, 0x26, 0x8f,
//!     0xc0, 0xa8, 0x01, 0x64, 0x5d, 0xb8, 0xd8, 0x22,
//! ];
//! let packet = Ipv4Packet::parse_lax(&bytes[..])?; // 40 bytes of TCP are not here
//! assert!(packet.is_truncated() && packet.verify_checksum());
//! assert_eq!(packet.src_addr(), Ipv4Addr::new(192, 168, 1, 100));
//! assert_eq!((packet.protocol(), packet.flags()), (IpProtocol::Tcp, Ipv4Flags::DONT_FRAGMENT));
//! assert!(Ipv4Packet::parse(&bytes[..]).is_err()); // the strict view wants all 60 bytes
//!
//! // The repr writes the same header back, total length and checksum included.
//! let repr = Ipv4Repr::parse(&packet)?;
//! assert_eq!(repr.payload_len, 40);
//! let mut out = [0u8; 20];
//! assert_eq!(repr.emit(&mut out)?, 20);
//! assert_eq!(out, bytes);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::ip::{self, IpProtocol};
use codec_core::checksum::Checksum;
use codec_core::tlv::{Tlv, TlvFormat, Tlvs, write_tlv_header};
use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer};
use core::fmt;
use core::net::Ipv4Addr;
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the header without options.
pub const HEADER_LEN: usize = 20;
/// Largest header: IHL 15.
pub const MAX_HEADER_LEN: usize = 60;
/// Largest option area.
pub const MAX_OPTIONS_LEN: usize = MAX_HEADER_LEN - HEADER_LEN;
/// Largest datagram (the total length is 16 bits).
pub const MAX_TOTAL_LEN: usize = 0xffff;

/// IPv4 options: IP_OPTIONS with errors attributed to IPv4.
const OPTIONS: TlvFormat = TlvFormat::IP_OPTIONS.for_protocol(Protocol::Ipv4);
const P: Protocol = Protocol::Ipv4;

/// The fixed 20-byte IPv4 header.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct Ipv4Header {
    /// Version (high nibble, 4) and IHL, the header length in 32-bit words (low nibble).
    pub version_ihl: u8,
    /// The DS field: DSCP (high 6 bits, RFC 2474) and ECN (low 2 bits, RFC 3168).
    pub dsfield: u8,
    /// Total length of the datagram in bytes, header included.
    pub total_len: U16,
    /// Identification (RFC 791, RFC 6864).
    pub ident: U16,
    /// Flags (high 3 bits) and fragment offset in 8-byte units (low 13 bits).
    pub flags_frag: U16,
    /// Time to live.
    pub ttl: u8,
    /// Protocol of the payload (IANA protocol numbers).
    pub protocol: u8,
    /// Header checksum (RFC 791 §3.1, RFC 1071).
    pub checksum: U16,
    /// Source address.
    pub src: [u8; 4],
    /// Destination address.
    pub dst: [u8; 4],
}

bitflags::bitflags! {
    /// The three flag bits of RFC 791 §3.1, as a 3-bit value (the top three bits of byte 6
    /// shifted down: Don't Fragment alone is 2, which is how Wireshark shows `ip.flags`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Ipv4Flags: u8 {
        /// Bit 0: reserved, must be zero (RFC 3514's "evil bit").
        const RESERVED = 0b100;
        /// Bit 1: Don't Fragment.
        const DONT_FRAGMENT = 0b010;
        /// Bit 2: More Fragments.
        const MORE_FRAGMENTS = 0b001;
    }
}

codec_core::registry! {
    /// IPv4 option types (IANA "IP Option Numbers"): the whole type byte, copied flag,
    /// class and number together.
    pub enum Ipv4OptionType: u8 {
        /// End of Option List (RFC 791).
        EndOfList = 0 => "EOL",
        /// No Operation (RFC 791).
        Nop = 1 => "NOP",
        /// Record Route (RFC 791).
        RecordRoute = 7 => "RR",
        /// Quick-Start (RFC 4782).
        QuickStart = 25 => "QS",
        /// Internet Timestamp (RFC 791).
        Timestamp = 68 => "TS",
        /// Traceroute (RFC 1393).
        Traceroute = 82 => "Traceroute",
        /// Security (RFC 1108).
        Security = 130 => "SEC",
        /// Loose Source and Record Route (RFC 791).
        LooseSourceRoute = 131 => "LSRR",
        /// Extended Security (RFC 1108).
        ExtendedSecurity = 133 => "E-SEC",
        /// Commercial IP Security Option (CIPSO).
        CommercialSecurity = 134 => "CIPSO",
        /// Stream Identifier (RFC 791, obsolete).
        StreamId = 136 => "SID",
        /// Strict Source and Record Route (RFC 791).
        StrictSourceRoute = 137 => "SSRR",
        /// Router Alert (RFC 2113).
        RouterAlert = 148 => "RA",
    }
}

codec_core::registry! {
    /// The flag nibble of the Internet Timestamp option (RFC 791 §3.1).
    pub enum TimestampFlag: u8 {
        /// Timestamps only, 4 bytes each.
        TimestampsOnly = 0 => "timestamps only",
        /// Each timestamp is preceded by the address of the registering entity.
        AddressAndTimestamp = 1 => "address and timestamp",
        /// The addresses are prespecified; a node fills the timestamp next to its address.
        Prespecified = 3 => "prespecified addresses",
    }
}

/// Record Route, Loose Source and Record Route or Strict Source and Record Route
/// (RFC 791 §3.1): a pointer and a list of addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteOption<'a> {
    /// The pointer: the 1-based octet, counted from the option's type byte, where the next
    /// address goes (4 when the route is untouched, larger than the length when it is full).
    pub pointer: u8,
    /// The route data, 4 bytes per address.
    pub route: &'a [u8],
}

impl RouteOption<'_> {
    /// The addresses of the route, in order. A trailing piece shorter than 4 bytes is not
    /// an address and is not yielded (it stays in [`route`](Self::route)).
    pub fn addresses(&self) -> impl Iterator<Item = Ipv4Addr> + '_ {
        self.route
            .chunks_exact(4)
            .filter_map(|c| <[u8; 4]>::try_from(c).ok().map(Ipv4Addr::from))
    }

    /// Whether every slot of the route has been used (the pointer is past the option).
    #[inline]
    #[must_use]
    pub fn is_full(&self) -> bool {
        usize::from(self.pointer) > self.route.len() + 3
    }
}

/// One slot of a Timestamp option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampEntry {
    /// The address, for flags 1 and 3.
    pub addr: Option<Ipv4Addr>,
    /// The timestamp: milliseconds since midnight UT, or any value with the high bit set.
    pub timestamp: u32,
}

/// The Internet Timestamp option (RFC 791 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampOption<'a> {
    /// The pointer: the 1-based octet, counted from the type byte, of the next free slot.
    pub pointer: u8,
    /// Overflow count (high nibble of the fourth byte): hosts that could not register.
    pub overflow: u8,
    /// The flag (low nibble of the fourth byte).
    pub flag: TimestampFlag,
    /// The slots, as bytes.
    pub data: &'a [u8],
}

impl TimestampOption<'_> {
    /// Every complete slot of the option, filled or not (compare with
    /// [`pointer`](Self::pointer) to see which are used). An unknown flag yields nothing.
    pub fn entries(&self) -> impl Iterator<Item = TimestampEntry> + '_ {
        let with_addr = matches!(
            self.flag,
            TimestampFlag::AddressAndTimestamp | TimestampFlag::Prespecified
        );
        let size = match self.flag {
            TimestampFlag::TimestampsOnly => 4,
            TimestampFlag::AddressAndTimestamp | TimestampFlag::Prespecified => 8,
            TimestampFlag::Unknown(_) => usize::MAX,
        };
        let data = if size == usize::MAX {
            &[][..]
        } else {
            self.data
        };
        data.chunks_exact(size.min(8)).map(move |c| {
            let word = |at: usize| {
                c.get(at..at + 4)
                    .and_then(|w| <[u8; 4]>::try_from(w).ok())
                    .map_or(0, u32::from_be_bytes)
            };
            if with_addr {
                TimestampEntry {
                    addr: Some(Ipv4Addr::from_bits(word(0))),
                    timestamp: word(4),
                }
            } else {
                TimestampEntry {
                    addr: None,
                    timestamp: word(0),
                }
            }
        })
    }
}

/// One IPv4 option, typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ipv4Option<'a> {
    /// End of Option List (type 0): the options end here; what follows is padding.
    EndOfList,
    /// No Operation (type 1): filler for alignment.
    Nop,
    /// Record Route (type 7).
    RecordRoute(RouteOption<'a>),
    /// Loose Source and Record Route (type 131).
    LooseSourceRoute(RouteOption<'a>),
    /// Strict Source and Record Route (type 137).
    StrictSourceRoute(RouteOption<'a>),
    /// Internet Timestamp (type 68).
    Timestamp(TimestampOption<'a>),
    /// Router Alert (type 148, RFC 2113): the 16-bit value (0: examine the packet).
    RouterAlert(u16),
    /// Any other option, kept as it was.
    Unknown {
        /// The type byte.
        kind: u8,
        /// The value (after type and length).
        data: &'a [u8],
    },
}

impl<'a> Ipv4Option<'a> {
    /// Types one element of the option list. `tlv.offset` counts from the first option
    /// byte; errors are reported at the option's length byte, in the same frame.
    ///
    /// # Errors
    /// [`BadLength`](ErrorKind::BadLength) of [`Field::OptionLength`] when a Record Route,
    /// Source Route (under 3 bytes), Timestamp (under 4 bytes) or Router Alert (not 4
    /// bytes) option is too short for its fixed fields.
    pub fn from_tlv(tlv: &Tlv<'a>) -> Result<Self> {
        let kind = tlv.kind as u8;
        let bad = || Error::bad_length(P, tlv.offset + 1, Field::OptionLength, tlv.len() as u32);
        let route = |v: &'a [u8]| match v.split_first() {
            Some((&pointer, route)) => Ok(RouteOption { pointer, route }),
            None => Err(bad()),
        };
        Ok(match Ipv4OptionType::from_value(kind) {
            Ipv4OptionType::EndOfList if tlv.header_len == 0 => Ipv4Option::EndOfList,
            Ipv4OptionType::Nop if tlv.header_len == 0 => Ipv4Option::Nop,
            Ipv4OptionType::RecordRoute => Ipv4Option::RecordRoute(route(tlv.value)?),
            Ipv4OptionType::LooseSourceRoute => Ipv4Option::LooseSourceRoute(route(tlv.value)?),
            Ipv4OptionType::StrictSourceRoute => Ipv4Option::StrictSourceRoute(route(tlv.value)?),
            Ipv4OptionType::Timestamp => match tlv.value {
                [pointer, of, data @ ..] => Ipv4Option::Timestamp(TimestampOption {
                    pointer: *pointer,
                    overflow: of >> 4,
                    flag: TimestampFlag::from_value(of & 0x0f),
                    data,
                }),
                _ => return Err(bad()),
            },
            Ipv4OptionType::RouterAlert => match tlv.value {
                [a, b] => Ipv4Option::RouterAlert(u16::from_be_bytes([*a, *b])),
                _ => return Err(bad()),
            },
            _ => Ipv4Option::Unknown {
                kind,
                data: tlv.value,
            },
        })
    }

    /// The option's type byte.
    #[must_use]
    pub const fn kind(&self) -> u8 {
        match self {
            Ipv4Option::EndOfList => 0,
            Ipv4Option::Nop => 1,
            Ipv4Option::RecordRoute(_) => 7,
            Ipv4Option::LooseSourceRoute(_) => 131,
            Ipv4Option::StrictSourceRoute(_) => 137,
            Ipv4Option::Timestamp(_) => 68,
            Ipv4Option::RouterAlert(_) => 148,
            Ipv4Option::Unknown { kind, .. } => *kind,
        }
    }

    /// The option's type as a registry value.
    #[must_use]
    pub const fn option_type(&self) -> Ipv4OptionType {
        Ipv4OptionType::from_value(self.kind())
    }

    /// Whether the option is copied into every fragment (the high bit of the type).
    #[must_use]
    pub const fn is_copied(&self) -> bool {
        self.kind() & 0x80 != 0
    }

    /// Bytes the option takes on the wire.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        match self {
            Ipv4Option::EndOfList | Ipv4Option::Nop => 1,
            Ipv4Option::RecordRoute(r)
            | Ipv4Option::LooseSourceRoute(r)
            | Ipv4Option::StrictSourceRoute(r) => 3 + r.route.len(),
            Ipv4Option::Timestamp(t) => 4 + t.data.len(),
            Ipv4Option::RouterAlert(_) => 4,
            Ipv4Option::Unknown { kind: 0 | 1, .. } => 1,
            Ipv4Option::Unknown { data, .. } => 2 + data.len(),
        }
    }

    /// Writes the option into the front of `buf`; returns its length.
    ///
    /// # Errors
    /// A buffer error when `buf` is too small; [`TooLong`](ErrorKind::TooLong) when the
    /// option is longer than its 8-bit length field can say; a
    /// [`BadValue`](ErrorKind::BadValue) for a Timestamp overflow over 15.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let mut w = Writer::new(P, buf);
        let len = self.buffer_len();
        if w.remaining() < len {
            return Err(Error::buffer_too_small(P, len, w.remaining()));
        }
        match self {
            Ipv4Option::EndOfList | Ipv4Option::Nop | Ipv4Option::Unknown { kind: 0 | 1, .. } => {
                w.put_u8(self.kind())?;
            }
            Ipv4Option::RecordRoute(r)
            | Ipv4Option::LooseSourceRoute(r)
            | Ipv4Option::StrictSourceRoute(r) => {
                write_tlv_header(&mut w, OPTIONS, u16::from(self.kind()), 1 + r.route.len())?;
                w.put_u8(r.pointer)?;
                w.put_slice(r.route)?;
            }
            Ipv4Option::Timestamp(t) => {
                if t.overflow > 0x0f || t.flag.value() > 0x0f {
                    return Err(Error::bad_value(
                        P,
                        3,
                        Field::OptionType,
                        u32::from(t.overflow.max(t.flag.value())),
                    ));
                }
                write_tlv_header(&mut w, OPTIONS, 68, 2 + t.data.len())?;
                w.put_u8(t.pointer)?;
                w.put_u8((t.overflow << 4) | t.flag.value())?;
                w.put_slice(t.data)?;
            }
            Ipv4Option::RouterAlert(v) => {
                write_tlv_header(&mut w, OPTIONS, 148, 2)?;
                w.put_u16(*v)?;
            }
            Ipv4Option::Unknown { kind, data } => {
                write_tlv_header(&mut w, OPTIONS, u16::from(*kind), data.len())?;
                w.put_slice(data)?;
            }
        }
        Ok(w.position())
    }
}

impl fmt::Display for Ipv4Option<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ipv4Option::EndOfList => f.write_str("EOL"),
            Ipv4Option::Nop => f.write_str("NOP"),
            Ipv4Option::RecordRoute(r)
            | Ipv4Option::LooseSourceRoute(r)
            | Ipv4Option::StrictSourceRoute(r) => {
                write!(f, "{}", self.option_type())?;
                for (i, a) in r.addresses().enumerate() {
                    f.write_str(if i == 0 { " " } else { "," })?;
                    write!(f, "{a}")?;
                }
                Ok(())
            }
            Ipv4Option::Timestamp(t) => {
                write!(f, "TS{{{}", t.flag)?;
                if t.overflow > 0 {
                    write!(f, ", overflow {}", t.overflow)?;
                }
                f.write_str("}")
            }
            Ipv4Option::RouterAlert(v) => write!(f, "RA value {v}"),
            Ipv4Option::Unknown { kind, data } => {
                write!(f, "option {}", Ipv4OptionType::from_value(*kind))?;
                write!(f, " len {}", data.len() + 2)
            }
        }
    }
}

/// A lazy walk over the options of a header, typed. Errors are reported with offsets
/// counted from the first byte of the IPv4 header; after an error the walk ends.
#[derive(Debug, Clone)]
pub struct Ipv4Options<'a> {
    tlvs: Tlvs<'a>,
    done: bool,
}

impl<'a> Ipv4Options<'a> {
    /// Walks `options`, the bytes after the 20-byte fixed header.
    #[must_use]
    pub const fn new(options: &'a [u8]) -> Self {
        Ipv4Options {
            tlvs: Tlvs::new(OPTIONS, options),
            done: false,
        }
    }

    /// Walks the whole list once and reports the first error.
    ///
    /// # Errors
    /// The first malformed option, as [`Iterator::next`] would report it.
    pub fn validate(self) -> Result<()> {
        for o in self {
            o?;
        }
        Ok(())
    }
}

impl<'a> Iterator for Ipv4Options<'a> {
    type Item = Result<Ipv4Option<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.tlvs.next()?;
        let r = item
            .and_then(|t| Ipv4Option::from_tlv(&t))
            .map_err(|e| e.shifted(HEADER_LEN));
        if r.is_err() {
            self.done = true;
        }
        Some(r)
    }
}

impl core::iter::FusedIterator for Ipv4Options<'_> {}

/// A zero-copy view of an IPv4 datagram over `&[u8]` or `&mut [u8]`.
///
/// After [`parse`](Self::parse) (or [`parse_lax`](Self::parse_lax)) no accessor can fail or
/// panic. The checksum is not checked by `parse`: [`verify_checksum`](Self::verify_checksum)
/// reports it.
pub struct Ipv4Packet<B> {
    header: Ref<B, Ipv4Header>,
    options: B,
    payload: B,
    trailer: B,
}

impl<B: SplitByteSlice> Ipv4Packet<B> {
    /// Validates `bytes` as one whole IPv4 datagram; bytes after the total length are the
    /// [`trailer`](Self::trailer).
    ///
    /// # Errors
    /// - [`Truncated`](ErrorKind::Truncated) at 0 below 20 bytes, at 20 when the options are
    ///   cut, at the header length when the payload is shorter than the total length says;
    /// - [`BadValue`](ErrorKind::BadValue) of [`Field::Version`] at 0 when the version is
    ///   not 4;
    /// - [`BadLength`](ErrorKind::BadLength) of [`Field::HeaderLength`] at 0 for an IHL
    ///   under 5, of [`Field::TotalLength`] at 2 for a total length under the header length.
    #[inline(always)]
    pub fn parse(bytes: B) -> Result<Self> {
        Self::parse_inner(bytes, false)
    }

    /// Like [`parse`](Self::parse), but accepts a datagram cut short: when the total length
    /// is larger than the bytes present, the payload is what is there and
    /// [`is_truncated`](Self::is_truncated) says so. This is the view for the datagram an
    /// ICMP error quotes (RFC 792: "Internet Header + 64 bits of Original Data Datagram"),
    /// and for captures with a short snap length. A total length of 0 (captures taken with
    /// TCP segmentation offload) takes every byte after the header as payload.
    ///
    /// # Errors
    /// As [`parse`](Self::parse), except for the short payload. The whole header, options
    /// included, must be present.
    #[inline]
    pub fn parse_lax(bytes: B) -> Result<Self> {
        Self::parse_inner(bytes, true)
    }

    #[inline(always)]
    fn parse_inner(bytes: B, lax: bool) -> Result<Self> {
        // The hot path of every IPv4 decoder: the errors are built out of line so that the
        // checks inline into the caller.
        let len = bytes.len();
        let Ok((header, rest)) = Ref::<B, Ipv4Header>::from_prefix(bytes) else {
            return Err(truncated(0, HEADER_LEN, len));
        };
        let version_ihl = header.version_ihl;
        if version_ihl >> 4 != 4 {
            return Err(bad_version(version_ihl));
        }
        let ihl = version_ihl & 0x0f;
        let header_len = usize::from(ihl) * 4;
        let Some(options_len) = header_len.checked_sub(HEADER_LEN) else {
            return Err(bad_ihl(ihl));
        };
        let available = rest.len();
        let Ok((options, rest)) = rest.split_at(options_len) else {
            return Err(truncated(HEADER_LEN, options_len, available));
        };
        let total = usize::from(header.total_len.get());
        let available = rest.len();
        let payload_len = match total.checked_sub(header_len) {
            Some(want) if want <= available => want,
            Some(want) if !lax => return Err(truncated(header_len, want, available)),
            Some(_) => available,
            None if lax && total == 0 => available,
            None => return Err(bad_total_len(total)),
        };
        let Ok((payload, trailer)) = rest.split_at(payload_len) else {
            return Err(truncated(header_len, payload_len, available));
        };
        Ok(Ipv4Packet {
            header,
            options,
            payload,
            trailer,
        })
    }

    /// The fixed header.
    #[inline]
    pub fn header(&self) -> &Ipv4Header {
        &self.header
    }

    /// The version (always 4 after parsing).
    #[inline]
    pub fn version(&self) -> u8 {
        self.header.version_ihl >> 4
    }

    /// Header length in bytes (IHL × 4), options included.
    #[inline]
    pub fn header_len(&self) -> usize {
        usize::from(self.header.version_ihl & 0x0f) * 4
    }

    /// The whole DS field byte (the former type of service).
    #[inline]
    pub fn dsfield(&self) -> u8 {
        self.header.dsfield
    }

    /// Differentiated Services code point (RFC 2474).
    #[inline]
    pub fn dscp(&self) -> u8 {
        ip::dscp(self.header.dsfield)
    }

    /// Explicit Congestion Notification code point (RFC 3168).
    #[inline]
    pub fn ecn(&self) -> u8 {
        ip::ecn(self.header.dsfield)
    }

    /// The total length field as carried (0 only in a lax view of a TSO capture).
    #[inline]
    pub fn total_len(&self) -> u16 {
        self.header.total_len.get()
    }

    /// Identification.
    #[inline]
    pub fn ident(&self) -> u16 {
        self.header.ident.get()
    }

    /// The three flag bits.
    #[inline]
    pub fn flags(&self) -> Ipv4Flags {
        Ipv4Flags::from_bits_truncate((self.header.flags_frag.get() >> 13) as u8)
    }

    /// Don't Fragment.
    #[inline]
    pub fn dont_frag(&self) -> bool {
        self.flags().contains(Ipv4Flags::DONT_FRAGMENT)
    }

    /// More Fragments.
    #[inline]
    pub fn more_frags(&self) -> bool {
        self.flags().contains(Ipv4Flags::MORE_FRAGMENTS)
    }

    /// Fragment offset in bytes (the 13-bit field × 8).
    #[inline]
    pub fn frag_offset(&self) -> u16 {
        (self.header.flags_frag.get() & 0x1fff) << 3
    }

    /// Whether the datagram is a fragment: More Fragments set or a non-zero offset.
    #[inline]
    pub fn is_fragment(&self) -> bool {
        self.header.flags_frag.get() & 0x3fff != 0
    }

    /// Time to live.
    #[inline]
    pub fn ttl(&self) -> u8 {
        self.header.ttl
    }

    /// The payload's protocol.
    #[inline]
    pub fn protocol(&self) -> IpProtocol {
        IpProtocol::from_value(self.header.protocol)
    }

    /// The header checksum as carried.
    #[inline]
    pub fn checksum(&self) -> u16 {
        self.header.checksum.get()
    }

    /// Source address.
    #[inline]
    pub fn src_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.header.src)
    }

    /// Destination address.
    #[inline]
    pub fn dst_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.header.dst)
    }

    /// The option bytes (IHL × 4 − 20 of them, padding included).
    #[inline]
    pub fn options_bytes(&self) -> &[u8] {
        &self.options
    }

    /// The options, typed, as a lazy walk.
    #[inline]
    pub fn options(&self) -> Ipv4Options<'_> {
        Ipv4Options::new(&self.options)
    }

    /// The option list as raw elements (offsets from the first option byte), for callers
    /// that show the bytes of each option.
    #[inline]
    pub fn option_tlvs(&self) -> Tlvs<'_> {
        Tlvs::new(OPTIONS, &self.options)
    }

    /// The payload: total length − header length bytes (in a lax view, what is present).
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Bytes after the total length (link-layer padding, a trailer).
    #[inline]
    pub fn trailer(&self) -> &[u8] {
        &self.trailer
    }

    /// Whether the payload is shorter than the total length says (only in a lax view).
    #[inline]
    pub fn is_truncated(&self) -> bool {
        usize::from(self.total_len()) > self.header_len() + self.payload.len()
    }

    /// The checksum the header should carry: computed over the header and options with
    /// the checksum field taken as zero.
    #[inline]
    pub fn compute_checksum(&self) -> u16 {
        Checksum::new()
            .add_bytes(self.header.as_bytes())
            .add_bytes(&self.options)
            .add_u16(!self.checksum())
            .finish()
    }

    /// Whether the header checksum is right (RFC 1071: the sum over the header is
    /// 0xffff). A wrong checksum is reported here, never by `parse`.
    #[inline]
    pub fn verify_checksum(&self) -> bool {
        let sum = Checksum::new().add_bytes(self.header.as_bytes());
        // Most headers have no options: skip the call that would add nothing.
        let sum = if self.options.is_empty() {
            sum
        } else {
            sum.add_bytes(&self.options)
        };
        sum.finish() == 0
    }

    /// Gives up the view, returning the payload bytes.
    #[inline]
    pub fn into_payload(self) -> B {
        self.payload
    }
}

impl<B: ByteSliceMut + SplitByteSlice> Ipv4Packet<B> {
    /// Sets the DSCP (6 bits), keeping the ECN bits.
    ///
    /// # Errors
    /// [`BadValue`](ErrorKind::BadValue) of [`Field::TrafficClass`] above 63.
    #[inline]
    pub fn set_dscp(&mut self, dscp: u8) -> Result<()> {
        if dscp > 63 {
            return Err(Error::bad_value(P, 1, Field::TrafficClass, u32::from(dscp)));
        }
        self.header.dsfield = ip::traffic_class(dscp, self.ecn());
        Ok(())
    }

    /// Sets the ECN code point (2 bits), keeping the DSCP.
    ///
    /// # Errors
    /// [`BadValue`](ErrorKind::BadValue) of [`Field::TrafficClass`] above 3.
    #[inline]
    pub fn set_ecn(&mut self, ecn: u8) -> Result<()> {
        if ecn > 3 {
            return Err(Error::bad_value(P, 1, Field::TrafficClass, u32::from(ecn)));
        }
        self.header.dsfield = ip::traffic_class(self.dscp(), ecn);
        Ok(())
    }

    /// Sets the identification.
    #[inline]
    pub fn set_ident(&mut self, ident: u16) {
        self.header.ident.set(ident);
    }

    /// Sets the three flag bits, keeping the fragment offset.
    #[inline]
    pub fn set_flags(&mut self, flags: Ipv4Flags) {
        let v = self.header.flags_frag.get();
        self.header
            .flags_frag
            .set((v & 0x1fff) | (u16::from(flags.bits()) << 13));
    }

    /// Sets the fragment offset, in bytes, keeping the flags.
    ///
    /// # Errors
    /// [`BadValue`](ErrorKind::BadValue) of [`Field::FragmentOffset`] when `offset` is not
    /// a multiple of 8.
    #[inline]
    pub fn set_frag_offset(&mut self, offset: u16) -> Result<()> {
        if !offset.is_multiple_of(8) {
            return Err(Error::bad_value(
                P,
                6,
                Field::FragmentOffset,
                u32::from(offset),
            ));
        }
        let v = self.header.flags_frag.get();
        self.header.flags_frag.set((v & 0xe000) | (offset >> 3));
        Ok(())
    }

    /// Sets the time to live.
    #[inline]
    pub fn set_ttl(&mut self, ttl: u8) {
        self.header.ttl = ttl;
    }

    /// Sets the protocol.
    #[inline]
    pub fn set_protocol(&mut self, protocol: IpProtocol) {
        self.header.protocol = protocol.value();
    }

    /// Sets the checksum field as given (see [`fill_checksum`](Self::fill_checksum)).
    #[inline]
    pub fn set_checksum(&mut self, checksum: u16) {
        self.header.checksum.set(checksum);
    }

    /// Sets the source address.
    #[inline]
    pub fn set_src_addr(&mut self, addr: Ipv4Addr) {
        self.header.src = addr.octets();
    }

    /// Sets the destination address.
    #[inline]
    pub fn set_dst_addr(&mut self, addr: Ipv4Addr) {
        self.header.dst = addr.octets();
    }

    /// Computes the header checksum and stores it.
    #[inline]
    pub fn fill_checksum(&mut self) {
        let c = self.compute_checksum();
        self.header.checksum.set(c);
    }

    /// The option bytes, writable.
    #[inline]
    pub fn options_bytes_mut(&mut self) -> &mut [u8] {
        &mut self.options
    }

    /// The payload, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.payload
    }
}

fn flags_text(flags: Ipv4Flags) -> &'static str {
    // tcpdump's order and marks: "+" for More Fragments.
    match (
        flags.contains(Ipv4Flags::MORE_FRAGMENTS),
        flags.contains(Ipv4Flags::DONT_FRAGMENT),
        flags.contains(Ipv4Flags::RESERVED),
    ) {
        (false, false, false) => "none",
        (true, false, false) => "+",
        (false, true, false) => "DF",
        (true, true, false) => "+, DF",
        (false, false, true) => "rsvd",
        (true, false, true) => "+, rsvd",
        (false, true, true) => "DF, rsvd",
        (true, true, true) => "+, DF, rsvd",
    }
}

impl<B: SplitByteSlice> fmt::Display for Ipv4Packet<B> {
    /// tcpdump -v's line: `IP (tos 0x0, ttl 64, id 7238, offset 0, flags [DF], proto TCP
    /// (6), length 60) 192.168.1.100 > 93.184.216.34`, with the options and a bad checksum
    /// when there are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "IP (tos {:#x}, ttl {}, id {}, offset {}, flags [{}], proto {} ({}), length {}",
            self.dsfield(),
            self.ttl(),
            self.ident(),
            self.frag_offset(),
            flags_text(self.flags()),
            self.protocol(),
            self.protocol().value(),
            self.total_len()
        )?;
        if !self.verify_checksum() {
            write!(
                f,
                ", bad cksum {:x} (->{:x})!",
                self.checksum(),
                self.compute_checksum()
            )?;
        }
        if !self.options.is_empty() {
            f.write_str(", options (")?;
            for (i, o) in self.options().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                match o {
                    Ok(o) => write!(f, "{o}")?,
                    Err(_) => f.write_str("malformed")?,
                }
            }
            f.write_str(")")?;
        }
        write!(f, ") {} > {}", self.src_addr(), self.dst_addr())
    }
}

impl<B: SplitByteSlice> fmt::Debug for Ipv4Packet<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ipv4Packet")
            .field("header", &*self.header)
            .field("options", &self.options_bytes())
            .field("payload_len", &self.payload.len())
            .field("trailer_len", &self.trailer.len())
            .finish()
    }
}

/// [`Ipv4Packet::parse`]'s truncation error: `needed` bytes at `offset`, `available` there.
#[cold]
#[inline(never)]
fn truncated(offset: usize, needed: usize, available: usize) -> Error {
    Error::truncated(P, offset, needed, available)
}

/// [`Ipv4Packet::parse`]'s error for a version other than 4.
#[cold]
#[inline(never)]
fn bad_version(version_ihl: u8) -> Error {
    Error::bad_value(P, 0, Field::Version, u32::from(version_ihl >> 4))
}

/// [`Ipv4Packet::parse`]'s error for an IHL below 5.
#[cold]
#[inline(never)]
fn bad_ihl(ihl: u8) -> Error {
    Error::bad_length(P, 0, Field::HeaderLength, u32::from(ihl))
}

/// [`Ipv4Packet::parse`]'s error for a total length below the header length.
#[cold]
#[inline(never)]
fn bad_total_len(total: usize) -> Error {
    Error::bad_length(P, 2, Field::TotalLength, total as u32)
}

/// The meaning of an IPv4 header.
///
/// `options` is the raw option area (a multiple of 4 bytes, at most 40, a valid option
/// list: build it with [`Ipv4Option::emit`]); `payload_len` is what the total length
/// counts after the header. The checksum is not part of the repr: emit computes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv4Repr<'a> {
    /// Source address.
    pub src_addr: Ipv4Addr,
    /// Destination address.
    pub dst_addr: Ipv4Addr,
    /// The payload's protocol.
    pub protocol: IpProtocol,
    /// Time to live.
    pub ttl: u8,
    /// DSCP, 0–63.
    pub dscp: u8,
    /// ECN, 0–3.
    pub ecn: u8,
    /// Identification.
    pub ident: u16,
    /// Flag bits.
    pub flags: Ipv4Flags,
    /// Fragment offset in bytes (a multiple of 8).
    pub frag_offset: u16,
    /// The raw option area.
    pub options: &'a [u8],
    /// Payload length in bytes.
    pub payload_len: usize,
}

impl<'a> Ipv4Repr<'a> {
    /// The repr of a parsed header, borrowing its options. For a lax view of a cut
    /// datagram, `payload_len` is what the total length says, not what is present.
    ///
    /// # Errors
    /// The first malformed option ([`Ipv4Options`]), and
    /// [`BadLength`](ErrorKind::BadLength) of [`Field::TotalLength`] for a lax view of a
    /// total length of 0.
    #[inline(always)]
    pub fn parse<B: SplitByteSlice>(packet: &'a Ipv4Packet<B>) -> Result<Self> {
        // Most datagrams carry no options: skip the walk (which would find nothing).
        if !packet.options_bytes().is_empty() {
            packet.options().validate()?;
        }
        let Some(payload_len) = usize::from(packet.total_len()).checked_sub(packet.header_len())
        else {
            return Err(bad_total_len(usize::from(packet.total_len())));
        };
        Ok(Ipv4Repr {
            src_addr: packet.src_addr(),
            dst_addr: packet.dst_addr(),
            protocol: packet.protocol(),
            ttl: packet.ttl(),
            dscp: packet.dscp(),
            ecn: packet.ecn(),
            ident: packet.ident(),
            flags: packet.flags(),
            frag_offset: packet.frag_offset(),
            options: packet.options_bytes(),
            payload_len,
        })
    }

    /// Header length in bytes, options included.
    #[inline]
    #[must_use]
    pub const fn header_len(&self) -> usize {
        HEADER_LEN + self.options.len()
    }

    /// Bytes [`emit`](Self::emit) writes: the header.
    #[inline]
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        self.header_len()
    }

    /// The datagram's total length: header and payload.
    #[inline]
    #[must_use]
    pub const fn total_len(&self) -> usize {
        self.header_len() + self.payload_len
    }

    fn check(&self) -> Result<u16> {
        if self.dscp > 63 || self.ecn > 3 {
            return Err(Error::bad_value(
                P,
                1,
                Field::TrafficClass,
                u32::from(self.dscp.max(self.ecn)),
            ));
        }
        if !self.frag_offset.is_multiple_of(8) {
            return Err(Error::bad_value(
                P,
                6,
                Field::FragmentOffset,
                u32::from(self.frag_offset),
            ));
        }
        if self.options.len() > MAX_OPTIONS_LEN || !self.options.len().is_multiple_of(4) {
            return Err(Error::bad_length(
                P,
                0,
                Field::HeaderLength,
                self.header_len() as u32,
            ));
        }
        Ipv4Options::new(self.options).validate()?;
        u16::try_from(self.total_len()).map_err(|_| {
            Error::new(
                P,
                2,
                ErrorKind::TooLong {
                    field: Field::TotalLength,
                    limit: MAX_TOTAL_LEN as u32,
                },
            )
        })
    }

    fn write(&self, buf: &mut [u8], total_len: u16, checksum: Option<u16>) -> Result<usize> {
        let header_len = self.header_len();
        let out = buf
            .get_mut(..header_len)
            .ok_or_else(|| Error::buffer_too_small(P, header_len, 0))?;
        let header = Ipv4Header {
            version_ihl: 0x40 | (header_len / 4) as u8,
            dsfield: ip::traffic_class(self.dscp, self.ecn),
            total_len: U16::new(total_len),
            ident: U16::new(self.ident),
            flags_frag: U16::new((u16::from(self.flags.bits()) << 13) | (self.frag_offset >> 3)),
            ttl: self.ttl,
            protocol: self.protocol.value(),
            checksum: U16::new(checksum.unwrap_or(0)),
            src: self.src_addr.octets(),
            dst: self.dst_addr.octets(),
        };
        let mut w = Writer::new(P, out);
        w.put_slice(header.as_bytes())?;
        w.put_slice(self.options)?;
        if checksum.is_none() {
            let c = Checksum::new().add_bytes(w.written()).finish();
            if let Some(field) = w.written_mut().get_mut(10..12) {
                field.copy_from_slice(&c.to_be_bytes());
            }
        }
        Ok(header_len)
    }

    /// Writes the header into the front of `buf`, with the IHL, the total length
    /// (header + `payload_len`) and the checksum filled in; returns the header length.
    ///
    /// # Errors
    /// A buffer error when `buf` is shorter than the header; a
    /// [`BadValue`](ErrorKind::BadValue) for a DSCP over 63, an ECN over 3 or a fragment
    /// offset that is not a multiple of 8; a [`BadLength`](ErrorKind::BadLength) of the
    /// header length for options that are not a multiple of 4 or longer than 40 bytes; the
    /// option list's own error when it is malformed; [`TooLong`](ErrorKind::TooLong) when
    /// the total length passes 65535.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let total = self.check()?;
        if buf.len() < self.header_len() {
            return Err(Error::buffer_too_small(P, self.header_len(), buf.len()));
        }
        self.write(buf, total, None)
    }

    /// Writes the header with the total length and checksum given, not computed: for
    /// test tools that need deliberately wrong values. Other fields are checked as in
    /// [`emit`](Self::emit) (the total length is not).
    ///
    /// # Errors
    /// As [`emit`](Self::emit), without the total length check.
    pub fn emit_raw(&self, buf: &mut [u8], total_len: u16, checksum: u16) -> Result<usize> {
        let r = Ipv4Repr {
            payload_len: 0,
            ..*self
        };
        r.check()?;
        if buf.len() < self.header_len() {
            return Err(Error::buffer_too_small(P, self.header_len(), buf.len()));
        }
        self.write(buf, total_len, Some(checksum))
    }

    /// Writes a whole datagram: the header with `payload_len` as its payload length, then
    /// the payload, written in place by `emit_payload` into exactly `payload_len` bytes.
    /// Returns the total length.
    ///
    /// # Errors
    /// As [`emit`](Self::emit), a buffer error when the datagram does not fit `buf`, and
    /// whatever `emit_payload` returns.
    pub fn emit_with_payload(
        &self,
        buf: &mut [u8],
        payload_len: usize,
        emit_payload: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<usize> {
        let repr = Ipv4Repr {
            payload_len,
            ..*self
        };
        let total = repr.total_len();
        if buf.len() < total {
            return Err(Error::buffer_too_small(P, total, buf.len()));
        }
        repr.emit(buf)?;
        let payload = buf
            .get_mut(repr.header_len()..total)
            .ok_or_else(|| Error::buffer_too_small(P, total, 0))?;
        emit_payload(payload)?;
        Ok(total)
    }
}

impl fmt::Display for Ipv4Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "IP (tos {:#x}, ttl {}, id {}, offset {}, flags [{}], proto {} ({}), length {}) {} > {}",
            ip::traffic_class(self.dscp, self.ecn),
            self.ttl,
            self.ident,
            self.frag_offset,
            flags_text(self.flags),
            self.protocol,
            self.protocol.value(),
            self.total_len(),
            self.src_addr,
            self.dst_addr
        )
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Ipv4Repr<'a> {
    /// Valid reprs only: options are empty or one of a few well-formed lists.
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        const OPTION_LISTS: [&[u8]; 3] = [
            &[],
            &[0x94, 0x04, 0x00, 0x00],
            &[
                0x01, 0x07, 0x07, 0x04, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            ],
        ];
        let options = *u.choose(&OPTION_LISTS)?;
        Ok(Ipv4Repr {
            src_addr: Ipv4Addr::from_bits(u.arbitrary()?),
            dst_addr: Ipv4Addr::from_bits(u.arbitrary()?),
            protocol: u.arbitrary()?,
            ttl: u.arbitrary()?,
            dscp: u.int_in_range(0..=63)?,
            ecn: u.int_in_range(0..=3)?,
            ident: u.arbitrary()?,
            flags: Ipv4Flags::from_bits_truncate(u.arbitrary()?),
            frag_offset: u.int_in_range(0..=0x1fff)? << 3,
            options,
            payload_len: u.int_in_range(0..=(MAX_TOTAL_LEN - HEADER_LEN - options.len()))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    /// The IP datagram of frame 1 of ../shared/captures/icmp/packetnet_ICMPv4.pcap (after
    /// the 14-byte Ethernet header): an ICMP echo request. Wireshark: version 4, hdr_len 20,
    /// dsfield 0, len 60, id 22536, flags 0, frag_offset 0, ttl 128, proto 1, checksum
    /// 37523 (good), 192.168.1.150 -> 74.125.67.106.
    static ECHO: [u8; 60] = [
        0x45, 0x00, 0x00, 0x3c, 0x58, 0x08, 0x00, 0x00, 0x80, 0x01, 0x92, 0x93, 0xc0, 0xa8, 0x01,
        0x96, 0x4a, 0x7d, 0x43, 0x6a, 0x08, 0x00, 0xe0, 0x5b, 0x02, 0x00, 0x6b, 0x00, 0x61, 0x62,
        0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71,
        0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    ];

    /// An IGMPv2 report header carrying the RFC 2113 §2.1 Router Alert option `94 04 00 00`
    /// (DS field 0xc0, TTL 1, DF, 192.168.1.10 -> 224.0.0.22); the checksum 0x424f was
    /// computed independently (Python) over these bytes.
    static ROUTER_ALERT: [u8; 24] = [
        0x46, 0xc0, 0x00, 0x20, 0x00, 0x00, 0x40, 0x00, 0x01, 0x02, 0x42, 0x4f, 0xc0, 0xa8, 0x01,
        0x0a, 0xe0, 0x00, 0x00, 0x16, 0x94, 0x04, 0x00, 0x00,
    ];

    /// A 60-byte header (IHL 15) built from the option layouts of RFC 791 §3.1: NOP; Record
    /// Route, length 11, pointer 8, 10.0.0.1 recorded and one free slot; Timestamp, length
    /// 20, pointer 13, flag 1, (10.0.0.1, 1000 ms) and a free slot; Loose Source Route,
    /// length 7, pointer 4, 10.0.0.9; EOL. Checksum 0xabc9 computed independently (Python).
    static ALL_OPTIONS: [u8; 60] = [
        0x4f, 0x00, 0x00, 0x44, 0xab, 0xcd, 0x00, 0x00, 0x40, 0x01, 0xab, 0xc9, 0x0a, 0x00, 0x00,
        0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0x07, 0x0b, 0x08, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00,
        0x00, 0x00, 0x44, 0x14, 0x0d, 0x01, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x03, 0xe8, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x83, 0x07, 0x04, 0x0a, 0x00, 0x00, 0x09, 0x00,
    ];

    fn hex(s: &str) -> Vec<u8> {
        let s = s.trim();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn deconstruct_echo_request() {
        let p = Ipv4Packet::parse(&ECHO[..]).unwrap();
        assert_eq!(p.version(), 4);
        assert_eq!(p.header_len(), 20);
        assert_eq!((p.dsfield(), p.dscp(), p.ecn()), (0, 0, 0));
        assert_eq!(p.total_len(), 60);
        assert_eq!(p.ident(), 22536);
        assert_eq!(p.flags(), Ipv4Flags::empty());
        assert!(!p.dont_frag() && !p.more_frags() && !p.is_fragment());
        assert_eq!(p.frag_offset(), 0);
        assert_eq!(p.ttl(), 128);
        assert_eq!(p.protocol(), IpProtocol::Icmp);
        assert_eq!(p.checksum(), 37523);
        assert!(p.verify_checksum());
        assert_eq!(p.compute_checksum(), 37523);
        assert_eq!(p.src_addr(), Ipv4Addr::new(192, 168, 1, 150));
        assert_eq!(p.dst_addr(), Ipv4Addr::new(74, 125, 67, 106));
        assert!(p.options_bytes().is_empty() && p.options().next().is_none());
        assert_eq!(p.payload().len(), 40);
        assert_eq!(p.payload()[0], 8, "ICMP type echo request");
        assert!(p.trailer().is_empty() && !p.is_truncated());
        assert_eq!(
            p.to_string(),
            "IP (tos 0x0, ttl 128, id 22536, offset 0, flags [none], proto ICMP (1), length 60) 192.168.1.150 > 74.125.67.106"
        );
    }

    #[test]
    fn trailer_is_kept_apart() {
        // The same datagram followed by 6 bytes of Ethernet padding.
        let mut bytes = ECHO.to_vec();
        bytes.extend_from_slice(&[0; 6]);
        let p = Ipv4Packet::parse(&bytes[..]).unwrap();
        assert_eq!((p.payload().len(), p.trailer().len()), (40, 6));
    }

    #[test]
    fn construct_in_place() {
        let mut bytes = ECHO;
        let mut p = Ipv4Packet::parse(&mut bytes[..]).unwrap();
        p.set_dscp(46).unwrap();
        p.set_ecn(1).unwrap();
        assert!(p.set_dscp(64).is_err() && p.set_ecn(4).is_err());
        p.set_ident(0x1234);
        p.set_flags(Ipv4Flags::DONT_FRAGMENT | Ipv4Flags::MORE_FRAGMENTS);
        p.set_frag_offset(1480).unwrap();
        assert_eq!(
            p.set_frag_offset(1481).unwrap_err().kind(),
            ErrorKind::BadValue {
                field: Field::FragmentOffset,
                value: 1481
            }
        );
        p.set_ttl(1);
        p.set_protocol(IpProtocol::Udp);
        p.set_src_addr(Ipv4Addr::new(10, 0, 0, 1));
        p.set_dst_addr(Ipv4Addr::new(10, 0, 0, 2));
        p.payload_mut()[0] = 0xaa;
        assert!(!p.verify_checksum());
        p.fill_checksum();
        assert!(p.verify_checksum());
        assert!(p.is_fragment() && p.more_frags() && p.dont_frag());
        assert_eq!(p.frag_offset(), 1480);
        assert_eq!(
            &bytes[..10],
            &[0x45, 0xb9, 0x00, 0x3c, 0x12, 0x34, 0x60, 0xb9, 0x01, 0x11]
        );
        assert_eq!(&bytes[12..20], &[10, 0, 0, 1, 10, 0, 0, 2]);
        assert_eq!(codec_core::checksum::internet_checksum(&bytes[..20]), 0);
        assert_eq!(bytes[20], 0xaa);
    }

    #[test]
    fn parse_and_emit_echo_request() {
        let p = Ipv4Packet::parse(&ECHO[..]).unwrap();
        let r = Ipv4Repr::parse(&p).unwrap();
        assert_eq!(
            r,
            Ipv4Repr {
                src_addr: Ipv4Addr::new(192, 168, 1, 150),
                dst_addr: Ipv4Addr::new(74, 125, 67, 106),
                protocol: IpProtocol::Icmp,
                ttl: 128,
                dscp: 0,
                ecn: 0,
                ident: 22536,
                flags: Ipv4Flags::empty(),
                frag_offset: 0,
                options: &[],
                payload_len: 40,
            }
        );
        assert!(core::mem::size_of::<Ipv4Repr<'_>>() <= 64);
        let mut out = [0u8; 60];
        let n = r
            .emit_with_payload(&mut out, 40, |payload| {
                payload.copy_from_slice(&ECHO[20..]);
                Ok(())
            })
            .unwrap();
        assert_eq!(n, 60);
        assert_eq!(out, ECHO);
        assert_eq!(
            r.to_string(),
            Ipv4Packet::parse(&ECHO[..]).unwrap().to_string()
        );
    }

    #[test]
    fn router_alert_option() {
        let p = Ipv4Packet::parse_lax(&ROUTER_ALERT[..]).unwrap();
        assert!(p.is_truncated(), "the 8-byte IGMP message is not here");
        assert!(p.verify_checksum());
        assert_eq!((p.header_len(), p.dscp(), p.ttl()), (24, 48, 1));
        assert_eq!(p.protocol(), IpProtocol::Igmp);
        let opts: Vec<_> = p.options().collect::<Result<_>>().unwrap();
        assert_eq!(opts, [Ipv4Option::RouterAlert(0)]);
        assert!(opts[0].is_copied());
        assert_eq!(opts[0].option_type(), Ipv4OptionType::RouterAlert);
        assert!(p.to_string().contains("options (RA value 0)"));
        // Emit the option and the header again.
        let mut o = [0u8; 4];
        assert_eq!(opts[0].emit(&mut o).unwrap(), 4);
        assert_eq!(o, [0x94, 0x04, 0x00, 0x00]);
        let r = Ipv4Repr::parse(&p).unwrap();
        assert_eq!((r.options, r.payload_len), (&o[..], 8));
        let mut out = [0u8; 24];
        assert_eq!(r.emit(&mut out).unwrap(), 24);
        assert_eq!(out, ROUTER_ALERT);
    }

    #[test]
    fn every_typed_option() {
        let p = Ipv4Packet::parse_lax(&ALL_OPTIONS[..]).unwrap();
        assert!(p.verify_checksum());
        assert_eq!(p.header_len(), 60);
        let opts: Vec<_> = p.options().collect::<Result<_>>().unwrap();
        assert_eq!(opts.len(), 5);
        assert_eq!(opts[0], Ipv4Option::Nop);
        let Ipv4Option::RecordRoute(rr) = opts[1] else {
            panic!("{:?}", opts[1])
        };
        assert_eq!(rr.pointer, 8);
        assert!(!rr.is_full());
        assert_eq!(
            rr.addresses().collect::<Vec<_>>(),
            [Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::UNSPECIFIED]
        );
        let Ipv4Option::Timestamp(ts) = opts[2] else {
            panic!("{:?}", opts[2])
        };
        assert_eq!((ts.pointer, ts.overflow), (13, 0));
        assert_eq!(ts.flag, TimestampFlag::AddressAndTimestamp);
        assert_eq!(
            ts.entries().collect::<Vec<_>>(),
            [
                TimestampEntry {
                    addr: Some(Ipv4Addr::new(10, 0, 0, 1)),
                    timestamp: 1000
                },
                TimestampEntry {
                    addr: Some(Ipv4Addr::UNSPECIFIED),
                    timestamp: 0
                }
            ]
        );
        let Ipv4Option::LooseSourceRoute(lsrr) = opts[3] else {
            panic!("{:?}", opts[3])
        };
        assert_eq!(
            lsrr.addresses().collect::<Vec<_>>(),
            [Ipv4Addr::new(10, 0, 0, 9)]
        );
        assert_eq!(opts[4], Ipv4Option::EndOfList);
        // Raw offsets for a dissector: the Timestamp starts at option byte 12 (byte 32).
        let raw: Vec<(u16, usize, usize)> = p
            .option_tlvs()
            .map(|t| t.map(|t| (t.kind, t.offset, t.len())).unwrap())
            .collect();
        assert_eq!(
            raw,
            [
                (1, 0, 1),
                (7, 1, 11),
                (68, 12, 20),
                (131, 32, 7),
                (0, 39, 1)
            ]
        );
        // Each option emits its own bytes.
        let mut area = [0u8; 40];
        let mut at = 0;
        for o in &opts {
            at += o.emit(&mut area[at..]).unwrap();
        }
        assert_eq!(at, 40);
        assert_eq!(area[..], ALL_OPTIONS[20..]);
        // And the repr re-emits the header byte for byte.
        let r = Ipv4Repr::parse(&p).unwrap();
        let mut out = [0u8; 60];
        assert_eq!(r.emit(&mut out).unwrap(), 60);
        assert_eq!(out, ALL_OPTIONS);
        assert_eq!(
            p.to_string(),
            "IP (tos 0x0, ttl 64, id 43981, offset 0, flags [none], proto ICMP (1), length 68, options (NOP,RR 10.0.0.1,0.0.0.0,TS{address and timestamp},LSRR 10.0.0.9,EOL)) 10.0.0.1 > 10.0.0.2"
        );
    }

    #[test]
    fn unknown_option_is_kept() {
        // Security option type 130, length 11 (RFC 1108), padded with EOL.
        let opts = [0x82, 0x0b, 0xab, 0xcd, 0, 0, 0, 0, 0, 0, 0, 0x00];
        let o: Vec<_> = Ipv4Options::new(&opts).collect::<Result<_>>().unwrap();
        assert_eq!(
            o[0],
            Ipv4Option::Unknown {
                kind: 130,
                data: &[0xab, 0xcd, 0, 0, 0, 0, 0, 0, 0]
            }
        );
        assert_eq!(o[0].option_type(), Ipv4OptionType::Security);
        assert_eq!(o[1], Ipv4Option::EndOfList);
        let mut b = [0u8; 11];
        assert_eq!(o[0].emit(&mut b).unwrap(), 11);
        assert_eq!(b[..], opts[..11]);
    }

    #[test]
    fn malformed_options_are_reported_with_offsets() {
        // Router Alert with length 3: its length byte is header byte 21.
        let e = Ipv4Options::new(&[0x94, 0x03, 0x00, 0x00])
            .next()
            .unwrap()
            .unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::Ipv4, 21));
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::OptionLength,
                value: 3
            }
        );
        // A length running past the option area, after a NOP.
        let mut it = Ipv4Options::new(&[0x01, 0x07, 0x0b, 0x04]);
        assert_eq!(it.next().unwrap().unwrap(), Ipv4Option::Nop);
        assert_eq!(it.next().unwrap().unwrap_err().offset(), 22);
        assert!(it.next().is_none());
        // Length 1 (under the 2-byte header) never loops.
        let e = Ipv4Options::new(&[0x07, 0x01, 0, 0])
            .validate()
            .unwrap_err();
        assert_eq!(e.offset(), 21);
        // Record Route of length 2 has no pointer.
        let e = Ipv4Options::new(&[0x07, 0x02, 0, 0])
            .validate()
            .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::OptionLength,
                value: 2
            }
        );
        // A header with such options still parses; its repr does not.
        let mut h = ROUTER_ALERT;
        h[21] = 0x03;
        let p = Ipv4Packet::parse_lax(&h[..]).unwrap();
        assert_eq!(Ipv4Repr::parse(&p).unwrap_err().offset(), 21);
        assert!(p.to_string().contains("options (malformed)"));
    }

    #[test]
    fn rejects_bad_headers_with_offsets() {
        let e = Ipv4Packet::parse(&ECHO[..19]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                0,
                ErrorKind::Truncated {
                    needed: 20,
                    available: 19
                }
            )
        );
        let mut b = ECHO;
        b[0] = 0x65;
        let e = Ipv4Packet::parse(&b[..]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadValue {
                field: Field::Version,
                value: 6
            }
        );
        b[0] = 0x44;
        let e = Ipv4Packet::parse(&b[..]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::HeaderLength,
                value: 4
            }
        );
        // IHL 6 with only the fixed header present: the options are cut at byte 20.
        let e = Ipv4Packet::parse_lax(&ROUTER_ALERT[..22]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                20,
                ErrorKind::Truncated {
                    needed: 4,
                    available: 2
                }
            )
        );
        // Total length under the header length.
        let mut b = ECHO;
        b[3] = 19;
        let e = Ipv4Packet::parse_lax(&b[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                2,
                ErrorKind::BadLength {
                    field: Field::TotalLength,
                    value: 19
                }
            )
        );
        // Payload cut short: strict refuses at the payload, lax accepts.
        let e = Ipv4Packet::parse(&ECHO[..50]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                20,
                ErrorKind::Truncated {
                    needed: 40,
                    available: 30
                }
            )
        );
        let p = Ipv4Packet::parse_lax(&ECHO[..50]).unwrap();
        assert!(p.is_truncated());
        assert_eq!(p.payload().len(), 30);
        // A total length of 0 (TSO): lax takes everything after the header.
        let mut b = ECHO;
        b[2] = 0;
        b[3] = 0;
        assert!(Ipv4Packet::parse(&b[..]).is_err());
        let p = Ipv4Packet::parse_lax(&b[..]).unwrap();
        assert_eq!(p.payload().len(), 40);
        assert!(!p.is_truncated());
        assert!(Ipv4Repr::parse(&p).is_err());
    }

    #[test]
    fn bad_checksum_is_reported_not_rejected() {
        // Checksum 0, as captures taken with offload carry.
        let mut b = ECHO;
        b[10] = 0;
        b[11] = 0;
        let p = Ipv4Packet::parse(&b[..]).unwrap();
        assert!(!p.verify_checksum());
        assert_eq!(p.compute_checksum(), 0x9293);
        assert!(p.to_string().contains("bad cksum 0 (->9293)!"));
    }

    #[test]
    fn emit_checks_the_repr() {
        let p = Ipv4Packet::parse(&ECHO[..]).unwrap();
        let r = Ipv4Repr::parse(&p).unwrap();
        let mut out = [0u8; 60];
        let err = |r: Ipv4Repr<'_>, out: &mut [u8]| r.emit(out).unwrap_err().kind();
        assert_eq!(
            err(Ipv4Repr { dscp: 64, ..r }, &mut out),
            ErrorKind::BadValue {
                field: Field::TrafficClass,
                value: 64
            }
        );
        assert_eq!(
            err(
                Ipv4Repr {
                    frag_offset: 4,
                    ..r
                },
                &mut out
            ),
            ErrorKind::BadValue {
                field: Field::FragmentOffset,
                value: 4
            }
        );
        assert_eq!(
            err(
                Ipv4Repr {
                    options: &[1, 1, 1],
                    ..r
                },
                &mut out
            ),
            ErrorKind::BadLength {
                field: Field::HeaderLength,
                value: 23
            }
        );
        assert_eq!(
            err(
                Ipv4Repr {
                    options: &[0x94, 0x03, 0, 0],
                    ..r
                },
                &mut out
            ),
            ErrorKind::BadLength {
                field: Field::OptionLength,
                value: 3
            }
        );
        assert_eq!(
            err(
                Ipv4Repr {
                    payload_len: 65516,
                    ..r
                },
                &mut out
            ),
            ErrorKind::TooLong {
                field: Field::TotalLength,
                limit: 65535
            }
        );
        assert_eq!(
            r.emit(&mut out[..19]).unwrap_err().kind(),
            ErrorKind::BufferTooSmall {
                needed: 20,
                available: 19
            }
        );
        assert_eq!(
            r.emit_with_payload(&mut out[..59], 40, |_| Ok(()))
                .unwrap_err()
                .kind(),
            ErrorKind::BufferTooSmall {
                needed: 60,
                available: 59
            }
        );
        // emit_raw writes the wrong values it is given.
        assert_eq!(r.emit_raw(&mut out, 1000, 0xdead).unwrap(), 20);
        assert_eq!(&out[2..4], &1000u16.to_be_bytes());
        assert_eq!(&out[10..12], &[0xde, 0xad]);
        // parse(emit(r)) == r for a repr with every field set.
        let opts = [0x94, 0x04, 0x00, 0x01];
        let full = Ipv4Repr {
            dscp: 46,
            ecn: 3,
            flags: Ipv4Flags::all(),
            frag_offset: 65528,
            options: &opts,
            payload_len: 0,
            ..r
        };
        let n = full.emit(&mut out).unwrap();
        let back = Ipv4Packet::parse(&out[..n]).unwrap();
        assert!(back.verify_checksum());
        assert_eq!(Ipv4Repr::parse(&back).unwrap(), full);
    }

    /// The vectors of ../shared/vectors/seed_story.jsonl: every IPv4 message (complete or
    /// with its payload elided) has a header whose checksum verifies and which re-emits
    /// byte for byte from its repr.
    #[test]
    fn seed_story_headers_verify_and_re_emit() {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/vectors/seed_story.jsonl"
        ));
        let mut headers = 0;
        let mut complete = 0;
        for line in text.lines().filter(|l| l.contains("\"layer\": \"ipv4\"")) {
            let start = line.find("\"hex\": \"").unwrap() + 8;
            let end = start + line[start..].find('"').unwrap();
            let bytes = hex(&line[start..end]);
            let p = Ipv4Packet::parse_lax(&bytes[..]).unwrap();
            assert!(p.verify_checksum(), "{line}");
            if line.contains("\"complete\": true") {
                // Complete datagrams also parse strictly, to the byte.
                let strict = Ipv4Packet::parse(&bytes[..]).unwrap();
                assert_eq!(usize::from(strict.total_len()), bytes.len());
                assert!(strict.trailer().is_empty());
                complete += 1;
            }
            let r = Ipv4Repr::parse(&p).unwrap();
            let mut out = [0u8; MAX_HEADER_LEN];
            let n = r.emit(&mut out).unwrap();
            assert_eq!(out[..n], bytes[..n], "{line}");
            let polaris = Ipv4Addr::new(141, 2, 28, 110);
            assert!(
                (r.src_addr == polaris) ^ (r.dst_addr == polaris),
                "polaris is one end"
            );
            headers += 1;
        }
        assert_eq!(headers, 80);
        assert_eq!(complete, 60);
    }

    fn vector_frame(text: &str) -> Vec<u8> {
        hex(text)
    }

    #[test]
    fn syn74_and_data1514_headers_decode() {
        // Values from ../shared/notes/ethernet-ip-tcp.md: IPv4 DF 192.168.1.100 ->
        // 93.184.216.34, TCP; SYN74 total length 0x3c, id 0x1c46, checksum 0x268f;
        // DATA1514 total length 0x5dc, id 0x1c47, checksum 0x20ee.
        let syn = vector_frame(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/vectors/syn74.hex"
        )));
        let data = vector_frame(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/vectors/data1514.hex"
        )));
        assert_eq!((syn.len(), data.len()), (74, 1514));
        for (frame, total, id, sum, payload) in [
            (&syn, 60u16, 0x1c46u16, 0x268fu16, 40usize),
            (&data, 1500, 0x1c47, 0x20ee, 1480),
        ] {
            let p = Ipv4Packet::parse(&frame[14..]).unwrap();
            assert_eq!(p.total_len(), total);
            assert_eq!(p.ident(), id);
            assert_eq!(p.checksum(), sum);
            assert!(p.verify_checksum());
            assert_eq!(p.flags(), Ipv4Flags::DONT_FRAGMENT);
            assert_eq!((p.ttl(), p.protocol()), (64, IpProtocol::Tcp));
            assert_eq!(p.src_addr(), Ipv4Addr::new(192, 168, 1, 100));
            assert_eq!(p.dst_addr(), Ipv4Addr::new(93, 184, 216, 34));
            assert_eq!((p.payload().len(), p.trailer().len()), (payload, 0));
            let r = Ipv4Repr::parse(&p).unwrap();
            let mut out = std::vec![0u8; usize::from(total)];
            r.emit_with_payload(&mut out, payload, |b| {
                b.copy_from_slice(p.payload());
                Ok(())
            })
            .unwrap();
            assert_eq!(out[..], frame[14..]);
        }
        // DATA1514's payload bytes are b[i] = (7i + 3) mod 256 after the 20-byte TCP header.
        let p = Ipv4Packet::parse(&data[14..]).unwrap();
        assert!(
            p.payload()[20..]
                .iter()
                .enumerate()
                .all(|(i, &b)| b == ((7 * i + 3) % 256) as u8)
        );
    }

    #[test]
    fn timestamp_flag_variants() {
        let t = TimestampOption {
            pointer: 5,
            overflow: 2,
            flag: TimestampFlag::TimestampsOnly,
            data: &[0, 0, 0, 1, 0x80, 0, 0, 0],
        };
        assert_eq!(
            t.entries()
                .map(|e| (e.addr, e.timestamp))
                .collect::<Vec<_>>(),
            [(None, 1), (None, 0x8000_0000)]
        );
        let o = Ipv4Option::Timestamp(t);
        let mut b = [0u8; 12];
        assert_eq!(o.emit(&mut b).unwrap(), 12);
        assert_eq!(b[..4], [68, 12, 5, 0x20]);
        let back = Ipv4Options::new(&b).next().unwrap().unwrap();
        assert_eq!(back, o);
        assert_eq!(back.to_string(), "TS{timestamps only, overflow 2}");
        let unknown = TimestampOption {
            flag: TimestampFlag::Unknown(2),
            ..t
        };
        assert_eq!(unknown.entries().count(), 0);
        let bad = Ipv4Option::Timestamp(TimestampOption { overflow: 16, ..t });
        assert!(bad.emit(&mut b).is_err());
        assert!(Ipv4Option::Nop.emit(&mut []).is_err());
    }

    /// Hostile input: 20000 deterministic mutations (byte flips, cuts) of the 60-byte
    /// header with every option. Nothing panics, every walk ends, and wherever a repr
    /// exists, `parse(emit(r)) == r`.
    #[test]
    fn mutations_never_panic_and_round_trip() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut out = [0u8; MAX_HEADER_LEN];
        for _ in 0..20_000 {
            let mut b = ALL_OPTIONS.to_vec();
            b.extend_from_slice(&[0u8; 8]);
            for _ in 0..(next() % 4 + 1) {
                let at = (next() % b.len() as u64) as usize;
                b[at] = next() as u8;
            }
            let cut = (next() % (b.len() as u64 + 1)) as usize;
            let b = &b[..cut];
            let strict = Ipv4Packet::parse(b);
            let Ok(p) = Ipv4Packet::parse_lax(b) else {
                assert!(strict.is_err());
                continue;
            };
            assert_eq!(
                p.header_len() + p.payload().len() + p.trailer().len(),
                b.len()
            );
            let _ = p.to_string();
            assert!(p.options().count() <= MAX_OPTIONS_LEN);
            let Ok(r) = Ipv4Repr::parse(&p) else { continue };
            let n = r.emit(&mut out).unwrap();
            let back = Ipv4Packet::parse_lax(&out[..n]).unwrap();
            assert!(back.verify_checksum());
            assert_eq!(Ipv4Repr::parse(&back).unwrap(), r);
        }
    }
}
