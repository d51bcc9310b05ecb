//! What IPv4 and IPv6 share: the protocol-number registry (IPv4's Protocol field, IPv6's
//! Next Header) and the DSCP/ECN split of the traffic-class byte.

codec_core::registry! {
    /// IANA "Assigned Internet Protocol Numbers" met in this family's traffic.
    pub enum IpProtocol: u8 {
        /// IPv6 Hop-by-Hop Options (RFC 8200 §4.3).
        HopByHop = 0 => "IPv6 Hop-by-Hop",
        /// Internet Control Message Protocol (RFC 792).
        Icmp = 1 => "ICMP",
        /// Internet Group Management Protocol.
        Igmp = 2 => "IGMP",
        /// IPv4 in IP encapsulation (RFC 2003).
        IpInIp = 4 => "IPIP",
        /// Transmission Control Protocol.
        Tcp = 6 => "TCP",
        /// User Datagram Protocol.
        Udp = 17 => "UDP",
        /// IPv6 encapsulation (RFC 2473).
        Ipv6 = 41 => "IPv6",
        /// IPv6 Routing header (RFC 8200 §4.4).
        Ipv6Route = 43 => "IPv6 Routing",
        /// IPv6 Fragment header (RFC 8200 §4.5).
        Ipv6Frag = 44 => "IPv6 Fragment",
        /// Generic Routing Encapsulation (RFC 2784).
        Gre = 47 => "GRE",
        /// Encapsulating Security Payload (RFC 4303).
        Esp = 50 => "ESP",
        /// Authentication Header (RFC 4302).
        Ah = 51 => "AH",
        /// ICMP for IPv6 (RFC 4443).
        Icmpv6 = 58 => "ICMPv6",
        /// No next header (RFC 8200 §4.7).
        NoNextHeader = 59 => "no next header",
        /// IPv6 Destination Options (RFC 8200 §4.6).
        Ipv6Opts = 60 => "IPv6 Destination Options",
        /// Stream Control Transmission Protocol.
        Sctp = 132 => "SCTP",
    }
}

impl IpProtocol {
    /// Whether the value names an IPv6 extension header that [`crate::ipv6`] walks.
    #[inline]
    #[must_use]
    pub const fn is_ipv6_extension(self) -> bool {
        matches!(
            self,
            IpProtocol::HopByHop
                | IpProtocol::Ipv6Route
                | IpProtocol::Ipv6Frag
                | IpProtocol::Ipv6Opts
                | IpProtocol::Ah
        )
    }
}

/// Differentiated Services code point: the high 6 bits of the traffic-class byte
/// (RFC 2474 §3).
#[inline]
#[must_use]
pub const fn dscp(traffic_class: u8) -> u8 {
    traffic_class >> 2
}

/// Explicit Congestion Notification: the low 2 bits of the traffic-class byte (RFC 3168 §5).
#[inline]
#[must_use]
pub const fn ecn(traffic_class: u8) -> u8 {
    traffic_class & 3
}

/// The traffic-class byte for a DSCP (6 bits) and an ECN code point (2 bits).
#[inline]
#[must_use]
pub const fn traffic_class(dscp: u8, ecn: u8) -> u8 {
    (dscp << 2) | (ecn & 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_and_traffic_class() {
        assert_eq!(IpProtocol::from(6), IpProtocol::Tcp);
        assert_eq!(IpProtocol::from(47).name(), Some("GRE"));
        assert!(IpProtocol::Ipv6Frag.is_ipv6_extension() && !IpProtocol::Tcp.is_ipv6_extension());
        // 0xb8 is EF (DSCP 46) with ECN 0 (RFC 3246).
        assert_eq!((dscp(0xb8), ecn(0xb8)), (46, 0));
        assert_eq!(traffic_class(46, 1), 0xb9);
    }
}
