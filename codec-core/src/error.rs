//! The one error type of the codec family.
//!
//! Every decoder and encoder in the family reports failure as an [`Error`]: which protocol,
//! the byte offset (inside that protocol's bytes) where decoding stopped, and what was wrong.
//! It is `Copy`, 20 bytes, allocates nothing, and its `Display` reads like a sentence:
//!
//! ```
//! use codec_core::{Error, ErrorKind, Field, Protocol};
//! let e = Error::new(Protocol::Arp, 8, ErrorKind::Truncated { needed: 20, available: 12 });
//! assert_eq!(e.to_string(), "ARP: truncated at byte 8: needed 20 more bytes, 12 available");
//! let e = Error::new(Protocol::Ipv4, 0, ErrorKind::BadValue { field: Field::Version, value: 6 });
//! assert_eq!(e.to_string(), "IPv4: bad version 6 at byte 0");
//! ```

use core::fmt;

/// A result whose error is the family's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// A decoding or encoding failure: protocol, byte offset and kind.
///
/// The offset counts from the first byte of the protocol's own data (the view's buffer), so
/// it points at the exact byte a network engineer would look at in a hex dump of that layer.
/// Nested decoders shift it with [`Error::shifted`] when they report a failure of an inner
/// layer in terms of the outer buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub struct Error {
    kind: ErrorKind,
    offset: u32,
    protocol: Protocol,
}

impl Error {
    /// Makes an error. Offsets beyond `u32::MAX` saturate.
    #[inline]
    #[must_use]
    pub const fn new(protocol: Protocol, offset: usize, kind: ErrorKind) -> Self {
        let offset = if offset > u32::MAX as usize {
            u32::MAX
        } else {
            offset as u32
        };
        Error {
            kind,
            offset,
            protocol,
        }
    }

    /// Shorthand for [`ErrorKind::Truncated`]: `needed` bytes were wanted at `offset`, only
    /// `available` were there.
    #[inline]
    #[must_use]
    pub const fn truncated(
        protocol: Protocol,
        offset: usize,
        needed: usize,
        available: usize,
    ) -> Self {
        Error::new(
            protocol,
            offset,
            ErrorKind::Truncated {
                needed: saturate(needed),
                available: saturate(available),
            },
        )
    }

    /// Shorthand for [`ErrorKind::BadValue`].
    #[inline]
    #[must_use]
    pub const fn bad_value(protocol: Protocol, offset: usize, field: Field, value: u32) -> Self {
        Error::new(protocol, offset, ErrorKind::BadValue { field, value })
    }

    /// Shorthand for [`ErrorKind::BadLength`].
    #[inline]
    #[must_use]
    pub const fn bad_length(protocol: Protocol, offset: usize, field: Field, value: u32) -> Self {
        Error::new(protocol, offset, ErrorKind::BadLength { field, value })
    }

    /// Shorthand for [`ErrorKind::BufferTooSmall`], the encoders' error.
    #[inline]
    #[must_use]
    pub const fn buffer_too_small(protocol: Protocol, needed: usize, available: usize) -> Self {
        Error::new(
            protocol,
            0,
            ErrorKind::BufferTooSmall {
                needed: saturate(needed),
                available: saturate(available),
            },
        )
    }

    /// The protocol whose bytes were wrong.
    #[inline]
    #[must_use]
    pub const fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The byte offset, inside the protocol's bytes, where decoding stopped.
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset as usize
    }

    /// What was wrong.
    #[inline]
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The same error with its offset moved by `base` bytes: used when an inner layer's
    /// failure is reported relative to an outer buffer.
    #[inline]
    #[must_use]
    pub const fn shifted(self, base: usize) -> Self {
        let base = saturate(base);
        Error {
            offset: self.offset.saturating_add(base),
            ..self
        }
    }

    /// The same error attributed to another protocol (for a generic walker used by a
    /// specific protocol).
    #[inline]
    #[must_use]
    pub const fn in_protocol(self, protocol: Protocol) -> Self {
        Error { protocol, ..self }
    }
}

const fn saturate(n: usize) -> u32 {
    if n > u32::MAX as usize {
        u32::MAX
    } else {
        n as u32
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset;
        let p = self.protocol;
        match self.kind {
            ErrorKind::Truncated { needed, available } => write!(
                f,
                "{p}: truncated at byte {at}: needed {needed} more bytes, {available} available"
            ),
            ErrorKind::BufferTooSmall { needed, available } => write!(
                f,
                "{p}: output buffer too small: needed {needed} bytes, {available} available"
            ),
            ErrorKind::BadLength { field, value } => {
                write!(
                    f,
                    "{p}: {field} {value} is inconsistent with the data at byte {at}"
                )
            }
            ErrorKind::BadValue { field, value } => {
                write!(f, "{p}: bad {field} {value} at byte {at}")
            }
            ErrorKind::BadChecksum { expected, computed } => write!(
                f,
                "{p}: bad checksum at byte {at}: carried {expected:#06x}, computed {computed:#06x}"
            ),
            ErrorKind::PointerLoop { hops } => {
                write!(
                    f,
                    "{p}: compression pointer chain at byte {at} exceeds {hops} hops"
                )
            }
            ErrorKind::ForwardPointer { target } => write!(
                f,
                "{p}: compression pointer at byte {at} points forward to byte {target}"
            ),
            ErrorKind::TooLong { field, limit } => {
                write!(f, "{p}: {field} at byte {at} exceeds the limit of {limit}")
            }
            ErrorKind::Unsupported { field, value } => {
                write!(f, "{p}: unsupported {field} {value} at byte {at}")
            }
            ErrorKind::Missing { field } => write!(f, "{p}: missing {field} at byte {at}"),
        }
    }
}

/// What was wrong, with the numbers that say how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended early: `needed` bytes were wanted, `available` remained.
    Truncated {
        /// Bytes wanted from the error's offset on.
        needed: u32,
        /// Bytes that were there.
        available: u32,
    },
    /// An encoder's output buffer is too small for the bytes to write.
    BufferTooSmall {
        /// Bytes the encoder needs in all.
        needed: u32,
        /// Size of the buffer it was given.
        available: u32,
    },
    /// A length field disagrees with the data or with the protocol's minimum.
    BadLength {
        /// The length field.
        field: Field,
        /// The value it carried.
        value: u32,
    },
    /// A field holds a value the protocol forbids.
    BadValue {
        /// The field.
        field: Field,
        /// The value it carried.
        value: u32,
    },
    /// A checksum or frame check sequence does not match the data.
    BadChecksum {
        /// The value carried in the packet.
        expected: u32,
        /// The value computed over the data.
        computed: u32,
    },
    /// A chain of compression pointers is longer than the hop limit (a loop, or an attack).
    PointerLoop {
        /// The hop limit that was reached.
        hops: u16,
    },
    /// A compression pointer points at or after itself.
    ForwardPointer {
        /// The offset it points to.
        target: u32,
    },
    /// Something grew past a fixed limit (a name over 255 octets, a frame over the stated
    /// maximum, a fixed-capacity table full).
    TooLong {
        /// What grew.
        field: Field,
        /// The limit.
        limit: u32,
    },
    /// A valid value this codec does not decode.
    Unsupported {
        /// The field.
        field: Field,
        /// Its value.
        value: u32,
    },
    /// A required element is absent (an END option, a terminator).
    Missing {
        /// What is missing.
        field: Field,
    },
}

macro_rules! names {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)* }
    ) => {
        $(#[$meta])*
        pub enum $name { $($(#[$vmeta])* $variant,)* }
        impl $name {
            /// The name as written in messages.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

names! {
    /// The protocols of the family, for error reports.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Protocol {
        /// Ethernet II.
        Ethernet => "Ethernet",
        /// IEEE 802.1Q / 802.1ad VLAN tag.
        Vlan => "VLAN",
        /// Address Resolution Protocol (RFC 826).
        Arp => "ARP",
        /// PPP in HDLC-like framing (RFC 1662).
        PppHdlc => "PPP-HDLC",
        /// PPP header (RFC 1661).
        Ppp => "PPP",
        /// PPP Link Control Protocol.
        Lcp => "LCP",
        /// PPP IP Control Protocol.
        Ipcp => "IPCP",
        /// PPP IPv6 Control Protocol.
        Ipv6cp => "IPV6CP",
        /// PPP Compression Control Protocol.
        Ccp => "CCP",
        /// PPP Password Authentication Protocol.
        Pap => "PAP",
        /// PPP Challenge Handshake Authentication Protocol.
        Chap => "CHAP",
        /// PPP over Ethernet (RFC 2516).
        Pppoe => "PPPoE",
        /// Internet Protocol version 4.
        Ipv4 => "IPv4",
        /// Internet Protocol version 6.
        Ipv6 => "IPv6",
        /// ICMP for IPv4.
        Icmpv4 => "ICMP",
        /// ICMP for IPv6.
        Icmpv6 => "ICMPv6",
        /// Transmission Control Protocol.
        Tcp => "TCP",
        /// User Datagram Protocol.
        Udp => "UDP",
        /// Generic Routing Encapsulation.
        Gre => "GRE",
        /// Van Jacobson TCP/IP header compression (RFC 1144).
        VanJacobson => "VJ",
        /// Domain Name System.
        Dns => "DNS",
        /// DHCP / BOOTP.
        Dhcp => "DHCP",
        /// FTP control channel.
        Ftp => "FTP",
        /// Telnet.
        Telnet => "Telnet",
        /// MSN messenger protocol.
        Msnp => "MSNP",
        /// HTTP/1.x message head.
        Http => "HTTP",
        /// OSCAR FLAP framing.
        Flap => "FLAP",
        /// OSCAR SNAC.
        Snac => "SNAC",
        /// OSCAR TLV.
        OscarTlv => "OSCAR TLV",
        /// OSCAR ICBM.
        Icbm => "ICBM",
        /// OSCAR File Transfer (OFT2).
        Oft => "OFT",
        /// AIM rendezvous proxy.
        RendezvousProxy => "rendezvous proxy",
        /// OSCAR Direct Connect.
        Odc => "ODC",
        /// A generic type-length-value walk, before a protocol claims it.
        Tlv => "TLV",
        /// A capture or raw-stream container.
        Capture => "capture",
    }
}

names! {
    /// Names of the fields an error can point at.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Field {
        /// A protocol version.
        Version => "version",
        /// A header length.
        HeaderLength => "header length",
        /// A total length covering header and payload.
        TotalLength => "total length",
        /// A generic length field.
        Length => "length",
        /// A payload length.
        PayloadLength => "payload length",
        /// An EtherType or protocol type.
        EtherType => "EtherType",
        /// A VLAN tag stack.
        VlanTags => "VLAN tag stack",
        /// ARP hardware type.
        HardwareType => "hardware type",
        /// ARP hardware address length.
        HardwareLength => "hardware address length",
        /// ARP protocol type.
        ProtocolType => "protocol type",
        /// ARP protocol address length.
        ProtocolLength => "protocol address length",
        /// An operation or opcode.
        Operation => "operation",
        /// An option or TLV type.
        OptionType => "option type",
        /// An option or TLV length.
        OptionLength => "option length",
        /// A code field.
        Code => "code",
        /// A flag word.
        Flags => "flags",
        /// A frame (for framers: the whole frame).
        Frame => "frame",
        /// An address field.
        Address => "address",
        /// A control field.
        Control => "control",
        /// A label (DNS).
        Label => "label",
        /// A name (DNS).
        Name => "name",
        /// A record or entry count.
        Count => "count",
        /// A magic cookie or marker.
        Magic => "magic",
        /// A terminating END option or delimiter.
        End => "end marker",
        /// A line of a line-based protocol.
        Line => "line",
        /// A table with a fixed capacity.
        Table => "table",
        /// The IPv6 flow label.
        FlowLabel => "flow label",
        /// The IPv4 DS field / IPv6 traffic class (DSCP and ECN).
        TrafficClass => "traffic class",
        /// An IPv4 fragment offset.
        FragmentOffset => "fragment offset",
        /// A connection (slot) number of a header-compression state table.
        Connection => "connection number",
        /// A DNS resource record type (RFC 1035 §3.2.2), where a record may not stand.
        RecordType => "record type",
        /// The value of an option (a DHCP flag byte, an option overload, a route width).
        OptionValue => "option value",
        /// A segment of a compressed DNS name (the labels read after one pointer).
        NameSegment => "compressed name segment",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::ToString;

    #[test]
    fn error_is_small_and_copy() {
        assert!(core::mem::size_of::<Error>() <= 20);
        let e = Error::truncated(Protocol::Ethernet, 3, 14, 3);
        let f = e;
        assert_eq!(e, f);
    }

    #[test]
    fn display_reads_like_a_sentence() {
        let e = Error::truncated(Protocol::Ethernet, 0, 14, 9);
        assert_eq!(
            e.to_string(),
            "Ethernet: truncated at byte 0: needed 14 more bytes, 9 available"
        );
        let e = Error::bad_value(Protocol::Arp, 4, Field::HardwareLength, 14).shifted(14);
        assert_eq!(e.offset(), 18);
        assert_eq!(
            e.to_string(),
            "ARP: bad hardware address length 14 at byte 18"
        );
        let e = Error::new(
            Protocol::Ppp,
            7,
            ErrorKind::BadChecksum {
                expected: 0x1234,
                computed: 0xf0b8,
            },
        );
        assert_eq!(
            e.to_string(),
            "PPP: bad checksum at byte 7: carried 0x1234, computed 0xf0b8"
        );
        assert_eq!(
            Error::buffer_too_small(Protocol::Arp, 28, 10).to_string(),
            "ARP: output buffer too small: needed 28 bytes, 10 available"
        );
    }

    #[test]
    fn offsets_saturate() {
        let e = Error::truncated(Protocol::Tcp, usize::MAX, 1, 0).shifted(5);
        assert_eq!(e.offset(), u32::MAX as usize);
    }
}
