//! The addresses of the pseudo-header that TCP, UDP (and ICMPv6) checksums cover.
//!
//! A transport checksum is computed over a pseudo-header made from the enclosing IP header
//! (RFC 9293 §3.1 and RFC 768 for IPv4, RFC 8200 §8.1 for IPv6) followed by the segment.
//! [`IpPseudo`] carries the two addresses; the protocol number and the upper-layer length
//! are given when the sum is started, because the transport knows them.
//!
//! ```
//! use codec_inet::ip::IpProtocol;
//! use codec_inet::pseudo::IpPseudo;
//! use core::net::Ipv4Addr;
//! let ip = IpPseudo::V4 { src: Ipv4Addr::new(192, 168, 1, 100), dst: Ipv4Addr::new(93, 184, 216, 34) };
//! // The pseudo-header of the SYN in ../shared/vectors/syn74.hex (40 bytes of TCP).
//! let sum = ip.sum(IpProtocol::Tcp, 40).unwrap();
//! // 0xc0a8 + 0x0164 + 0x5db8 + 0xd822 + 6 + 40 = 0x1f814, folded: 0xf815.
//! assert_eq!(sum.sum(), 0xf815);
//! // IPv4's length field has 16 bits: a longer "segment" has no pseudo-header.
//! assert!(ip.sum(IpProtocol::Tcp, 70_000).is_none());
//! ```

use crate::ip::IpProtocol;
use codec_core::checksum::{Checksum, pseudo_header_ipv4, pseudo_header_ipv6};
use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Source and destination of the IP header a transport segment travels in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IpPseudo {
    /// An IPv4 header's addresses (RFC 9293 §3.1: 12-byte pseudo-header).
    V4 {
        /// Source address.
        src: Ipv4Addr,
        /// Destination address.
        dst: Ipv4Addr,
    },
    /// An IPv6 header's addresses (RFC 8200 §8.1: 40-byte pseudo-header). With a Routing
    /// header, `dst` is the final destination, not the header's destination field.
    V6 {
        /// Source address.
        src: Ipv6Addr,
        /// Destination (the final one when a Routing header is present).
        dst: Ipv6Addr,
    },
}

impl IpPseudo {
    /// The pseudo-header of two addresses of the same family; `None` when they differ.
    #[inline]
    #[must_use]
    pub const fn new(src: IpAddr, dst: IpAddr) -> Option<Self> {
        match (src, dst) {
            (IpAddr::V4(src), IpAddr::V4(dst)) => Some(IpPseudo::V4 { src, dst }),
            (IpAddr::V6(src), IpAddr::V6(dst)) => Some(IpPseudo::V6 { src, dst }),
            _ => None,
        }
    }

    /// Whether the addresses are IPv6 ones.
    #[inline]
    #[must_use]
    pub const fn is_ipv6(&self) -> bool {
        matches!(self, IpPseudo::V6 { .. })
    }

    /// The source address.
    #[inline]
    #[must_use]
    pub const fn src(&self) -> IpAddr {
        match *self {
            IpPseudo::V4 { src, .. } => IpAddr::V4(src),
            IpPseudo::V6 { src, .. } => IpAddr::V6(src),
        }
    }

    /// The destination address.
    #[inline]
    #[must_use]
    pub const fn dst(&self) -> IpAddr {
        match *self {
            IpPseudo::V4 { dst, .. } => IpAddr::V4(dst),
            IpPseudo::V6 { dst, .. } => IpAddr::V6(dst),
        }
    }

    /// The largest upper-layer length the pseudo-header can state: 65535 for IPv4 (a 16-bit
    /// field), 2³² − 1 for IPv6 (a 32-bit field).
    #[inline]
    #[must_use]
    pub const fn max_length(&self) -> usize {
        match self {
            IpPseudo::V4 { .. } => u16::MAX as usize,
            IpPseudo::V6 { .. } => u32::MAX as usize,
        }
    }

    /// The pseudo-header for `protocol` and an upper-layer packet of `length` bytes, as a
    /// started one's complement sum to which the segment's bytes are added. `None` when
    /// `length` exceeds [`max_length`](Self::max_length).
    #[inline]
    #[must_use]
    pub fn sum(&self, protocol: IpProtocol, length: usize) -> Option<Checksum> {
        match self {
            IpPseudo::V4 { src, dst } => u16::try_from(length)
                .ok()
                .map(|l| pseudo_header_ipv4(*src, *dst, protocol.value(), l)),
            IpPseudo::V6 { src, dst } => u32::try_from(length)
                .ok()
                .map(|l| pseudo_header_ipv6(src, dst, protocol.value(), l)),
        }
    }
}

impl From<(Ipv4Addr, Ipv4Addr)> for IpPseudo {
    #[inline]
    fn from((src, dst): (Ipv4Addr, Ipv4Addr)) -> Self {
        IpPseudo::V4 { src, dst }
    }
}

impl From<(Ipv6Addr, Ipv6Addr)> for IpPseudo {
    #[inline]
    fn from((src, dst): (Ipv6Addr, Ipv6Addr)) -> Self {
        IpPseudo::V6 { src, dst }
    }
}

impl fmt::Display for IpPseudo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} > {}", self.src(), self.dst())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn families_and_lengths() {
        let v4 = IpPseudo::new(
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
            IpAddr::V4(Ipv4Addr::new(146, 84, 28, 88)),
        )
        .unwrap();
        assert!(!v4.is_ipv6());
        assert_eq!(v4.to_string(), "10.0.0.1 > 146.84.28.88");
        assert_eq!(v4.max_length(), 65535);
        assert!(v4.sum(IpProtocol::Udp, 65535).is_some());
        assert!(v4.sum(IpProtocol::Udp, 65536).is_none());
        // 0x0a00 + 0x0001 + 0x9254 + 0x1c58 + 17 + 8 (RFC 768 pseudo-header words).
        assert_eq!(
            v4.sum(IpProtocol::Udp, 8).unwrap().sum(),
            0x0a00 + 0x0001 + 0x9254 + 0x1c58 + 17 + 8
        );
        let v6 = IpPseudo::from((Ipv6Addr::LOCALHOST, Ipv6Addr::UNSPECIFIED));
        assert!(v6.is_ipv6());
        assert_eq!(v6.src(), IpAddr::V6(Ipv6Addr::LOCALHOST));
        assert!(v6.sum(IpProtocol::Udp, 70_000).is_some());
        // ::1 + 17 + 8.
        assert_eq!(v6.sum(IpProtocol::Udp, 8).unwrap().sum(), 1 + 17 + 8);
        assert_eq!(
            IpPseudo::new(
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST)
            ),
            None
        );
    }
}
