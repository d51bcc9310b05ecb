//! The Point-to-Point Protocol (RFC 1661): the frame header and the protocol registry.
//!
//! A PPP frame as it appears after HDLC-like deframing (RFC 1662) is
//!
//! ```text
//! +----------+---------+----------+-------------
//! | address  | control | protocol | information
//! |   0xff   |  0x03   | 1 or 2 B |
//! +----------+---------+----------+-------------
//! ```
//!
//! Address and control are omitted when Address-and-Control-Field-Compression was
//! negotiated (RFC 1661 §6.6) and always on PPPoE (RFC 2516 §7); the protocol is one byte when
//! Protocol-Field-Compression was negotiated and its value fits (RFC 1661 §6.5). A protocol
//! number's low byte is odd and its high byte even (RFC 1661 §2), which is how a receiver
//! tells the compressed forms apart: [`PppFrame::parse`] accepts all four forms.
//!
//! ```
//! use codec_link::ppp::{PppFrame, PppProtocol, PppRepr};
//! // An LCP Echo-Request header from the pppd session in ../shared/captures/gen_ppp/ppp_pap.*.
//! let bytes = [0xff, 0x03, 0xc0, 0x21, 0x09, 0x00, 0x00, 0x08, 0xe4, 0x0d, 0x0d, 0x59];
//! let frame = PppFrame::parse(&bytes[..])?;
//! assert_eq!(frame.protocol(), PppProtocol::Lcp);
//! assert_eq!(frame.header_len(), 4);
//! assert_eq!(frame.payload()[0], 9); // Echo-Request
//!
//! // The same header with both compressions, as a peer that negotiated ACFC and PFC sends IP.
//! let repr = PppRepr { address_control: false, protocol: PppProtocol::Ipv4, compress_protocol: true };
//! let mut out = [0u8; 1];
//! assert_eq!(repr.emit(&mut out)?, 1);
//! assert_eq!(out, [0x21]);
//! # Ok::<(), codec_core::Error>(())
//! ```

use codec_core::{Error, Field, Protocol, Result, Writer};
use core::fmt;

pub mod ccp;
pub mod chap;
pub mod control;
pub mod ipcp;
pub mod ipv6cp;
pub mod lcp;
pub mod pap;
use zerocopy::SplitByteSlice;

pub mod hdlc;

/// The all-stations address (RFC 1662 §3.1).
pub const ALL_STATIONS: u8 = 0xff;
/// The Unnumbered Information control value (RFC 1662 §3.1).
pub const UNNUMBERED_INFORMATION: u8 = 0x03;

codec_core::registry! {
    /// PPP protocol numbers (IANA "PPP DLL Protocol Numbers", RFC 1661 §2).
    pub enum PppProtocol: u16 {
        /// Padding protocol.
        Padding = 0x0001 => "Padding",
        /// Internet Protocol version 4.
        Ipv4 = 0x0021 => "IPv4",
        /// Novell IPX.
        Ipx = 0x002b => "IPX",
        /// Van Jacobson compressed TCP/IP (RFC 1144).
        VjCompressed = 0x002d => "VJ compressed TCP/IP",
        /// Van Jacobson uncompressed TCP/IP (RFC 1144).
        VjUncompressed = 0x002f => "VJ uncompressed TCP/IP",
        /// Multilink (RFC 1990).
        Multilink = 0x003d => "Multilink",
        /// Internet Protocol version 6.
        Ipv6 = 0x0057 => "IPv6",
        /// Compressed datagram (RFC 1962).
        CompressedDatagram = 0x00fd => "Compressed datagram",
        /// IP Control Protocol (RFC 1332).
        Ipcp = 0x8021 => "IPCP",
        /// IPv6 Control Protocol (RFC 5072).
        Ipv6cp = 0x8057 => "IPV6CP",
        /// Compression Control Protocol (RFC 1962).
        Ccp = 0x80fd => "CCP",
        /// Link Control Protocol (RFC 1661).
        Lcp = 0xc021 => "LCP",
        /// Password Authentication Protocol (RFC 1334).
        Pap = 0xc023 => "PAP",
        /// Link Quality Report (RFC 1989).
        Lqr = 0xc025 => "LQR",
        /// Callback Control Protocol.
        Cbcp = 0xc029 => "CBCP",
        /// Challenge Handshake Authentication Protocol (RFC 1994).
        Chap = 0xc223 => "CHAP",
        /// Extensible Authentication Protocol (RFC 3748).
        Eap = 0xc227 => "EAP",
    }
}

impl PppProtocol {
    /// Whether the number is well formed: low byte odd, high byte even (RFC 1661 §2).
    #[inline]
    #[must_use]
    pub const fn is_well_formed(self) -> bool {
        let v = self.value();
        v & 0x0001 == 1 && v & 0x0100 == 0
    }

    /// Whether the number fits one byte under Protocol-Field-Compression (below 0x0100).
    /// 0x00ff is sent compressed only after the address and control fields: alone, its one
    /// byte would read as the all-stations address (RFC 1661 §6.6); see
    /// [`PppRepr::sends_compressed_protocol`].
    #[inline]
    #[must_use]
    pub const fn is_compressible(self) -> bool {
        self.value() < 0x0100
    }

    /// Whether this is a network-control protocol (0x8000–0xbfff) or a link-layer control
    /// protocol (0xc000–0xffff), i.e. a packet in the RFC 1661 §5 control format.
    #[inline]
    #[must_use]
    pub const fn is_control(self) -> bool {
        self.value() >= 0x8000
    }
}

/// A zero-copy view of a PPP frame: optional address and control, the protocol, the
/// information field. The FCS, if any, is the deframer's business and is not included.
#[derive(Clone, Copy)]
pub struct PppFrame<B> {
    address_control: bool,
    protocol: u16,
    header_len: u8,
    bytes: B,
}

impl<B: SplitByteSlice> PppFrame<B> {
    /// Validates the header of a PPP frame in any of its four compressed forms.
    ///
    /// # Errors
    /// [`Truncated`](codec_core::ErrorKind::Truncated) when the header is cut short;
    /// [`BadValue`](codec_core::ErrorKind::BadValue) for an address of 0xff not followed by
    /// control 0x03, or a protocol number whose low byte is even (RFC 1661 §2).
    pub fn parse(bytes: B) -> Result<Self> {
        let truncated = |at: usize, needed: usize, len: usize| {
            Error::truncated(Protocol::Ppp, at, needed, len.saturating_sub(at))
        };
        let len = bytes.len();
        let (address_control, at) = match bytes.first() {
            Some(&ALL_STATIONS) => match bytes.get(1) {
                Some(&UNNUMBERED_INFORMATION) => (true, 2),
                Some(&c) => {
                    return Err(Error::bad_value(
                        Protocol::Ppp,
                        1,
                        Field::Control,
                        u32::from(c),
                    ));
                }
                None => return Err(truncated(0, 2, len)),
            },
            Some(_) => (false, 0),
            None => return Err(truncated(0, 1, len)),
        };
        let (protocol, proto_len) = match (bytes.get(at), bytes.get(at + 1)) {
            (Some(&b), _) if b & 1 == 1 => (u16::from(b), 1),
            (Some(&hi), Some(&lo)) => (u16::from_be_bytes([hi, lo]), 2),
            _ => {
                return Err(truncated(
                    at,
                    if bytes.get(at).is_some() { 2 } else { 1 },
                    len,
                ));
            }
        };
        if protocol & 1 == 0 {
            return Err(Error::bad_value(
                Protocol::Ppp,
                at,
                Field::Code,
                u32::from(protocol),
            ));
        }
        Ok(PppFrame {
            address_control,
            protocol,
            header_len: (at + proto_len) as u8,
            bytes,
        })
    }

    /// Whether the frame carries the address and control fields.
    #[inline]
    pub fn has_address_control(&self) -> bool {
        self.address_control
    }

    /// The protocol of the information field.
    #[inline]
    pub fn protocol(&self) -> PppProtocol {
        PppProtocol::from_value(self.protocol)
    }

    /// Whether the protocol was sent in one byte.
    #[inline]
    pub fn is_protocol_compressed(&self) -> bool {
        self.header_len == 1 || self.header_len == 3
    }

    /// Bytes of address, control and protocol: 1 to 4.
    #[inline]
    pub fn header_len(&self) -> usize {
        usize::from(self.header_len)
    }

    /// The information field (with any padding).
    #[inline]
    pub fn payload(&self) -> &[u8] {
        self.bytes.get(self.header_len()..).unwrap_or(&[])
    }
}

impl<B: SplitByteSlice> fmt::Debug for PppFrame<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PppFrame")
            .field("address_control", &self.address_control)
            .field("protocol", &self.protocol())
            .field("payload_len", &self.payload().len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for PppFrame<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PPP {} ({:#06x}), {} bytes",
            self.protocol(),
            self.protocol,
            self.payload().len()
        )
    }
}

/// The meaning of a PPP header: whether address/control are sent, the protocol, and
/// whether it is sent compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PppRepr {
    /// Send address 0xff and control 0x03 (false under ACFC, and on PPPoE).
    pub address_control: bool,
    /// The protocol.
    pub protocol: PppProtocol,
    /// Send the protocol in one byte when it fits (PFC).
    pub compress_protocol: bool,
}

impl PppRepr {
    /// The repr of a parsed frame.
    ///
    /// # Errors
    /// None today; the `Result` keeps the family's shape.
    pub fn parse<B: SplitByteSlice>(frame: &PppFrame<B>) -> Result<Self> {
        Ok(PppRepr {
            address_control: frame.has_address_control(),
            protocol: frame.protocol(),
            compress_protocol: frame.is_protocol_compressed(),
        })
    }

    /// Whether [`emit`](Self::emit) writes the protocol in one byte: compression asked for,
    /// a number below 0x0100, and not 0x00ff without address and control (RFC 1661 §6.6).
    #[must_use]
    pub const fn sends_compressed_protocol(&self) -> bool {
        self.compress_protocol
            && self.protocol.is_compressible()
            && (self.address_control || self.protocol.value() != 0x00ff)
    }

    /// Header bytes this repr emits.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        let proto = if self.sends_compressed_protocol() {
            1
        } else {
            2
        };
        if self.address_control {
            2 + proto
        } else {
            proto
        }
    }

    /// Writes the header; returns its length.
    ///
    /// # Errors
    /// A buffer error, or [`BadValue`](codec_core::ErrorKind::BadValue) for a protocol
    /// number that is not well formed (it would not parse back).
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        if !self.protocol.is_well_formed() {
            return Err(Error::bad_value(
                Protocol::Ppp,
                0,
                Field::Code,
                u32::from(self.protocol.value()),
            ));
        }
        if buf.len() < self.buffer_len() {
            return Err(Error::buffer_too_small(
                Protocol::Ppp,
                self.buffer_len(),
                buf.len(),
            ));
        }
        let mut w = Writer::new(Protocol::Ppp, buf);
        if self.address_control {
            w.put_u8(ALL_STATIONS)?;
            w.put_u8(UNNUMBERED_INFORMATION)?;
        }
        if self.sends_compressed_protocol() {
            w.put_u8(self.protocol.value() as u8)?;
        } else {
            w.put_u16(self.protocol.value())?;
        }
        Ok(w.position())
    }
}

impl fmt::Display for PppRepr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PPP {} ({:#06x})", self.protocol, self.protocol.value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;

    // Frame 1 of ../shared/captures/gen_ppp/ppp_pap.pcapng after the direction byte: an LCP
    // Configure-Request (Wireshark: ppp address 255, control 3, protocol 49185, size 4).
    static LCP_CONFREQ: [u8; 30] = [
        0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x18, 0x02, 0x06, 0x00, 0x0a, 0x00, 0x00, 0x03,
        0x04, 0xc0, 0x23, 0x05, 0x06, 0x2c, 0x70, 0x0c, 0x9a, 0x07, 0x02, 0x08, 0x02, 0x29, 0x44,
    ];

    #[test]
    fn deconstruct_and_reemit_the_four_forms() {
        let f = PppFrame::parse(&LCP_CONFREQ[..]).unwrap();
        assert!(f.has_address_control());
        assert_eq!(
            (f.protocol(), f.protocol().value()),
            (PppProtocol::Lcp, 49185)
        );
        assert_eq!(f.header_len(), 4);
        assert_eq!(f.payload()[..4], [0x01, 0x01, 0x00, 0x18]);
        assert_eq!(f.to_string(), "PPP LCP (0xc021), 26 bytes");
        let r = PppRepr::parse(&f).unwrap();
        let mut out = [0u8; 4];
        assert_eq!(r.emit(&mut out).unwrap(), 4);
        assert_eq!(out, LCP_CONFREQ[..4]);

        // ACFC: protocol first; PFC: one byte; both; as ndpi_dlt_ppp.pcap's 0x21 frame.
        for (bytes, ac, len) in [
            (&[0x00u8, 0x21, 0x45][..], false, 2),
            (&[0xff, 0x03, 0x21, 0x45][..], true, 3),
            (&[0x21, 0x45][..], false, 1),
        ] {
            let f = PppFrame::parse(bytes).unwrap();
            assert_eq!(
                (f.has_address_control(), f.protocol(), f.header_len()),
                (ac, PppProtocol::Ipv4, len)
            );
            assert_eq!(f.payload(), &[0x45]);
            let r = PppRepr::parse(&f).unwrap();
            let mut out = [0u8; 4];
            let n = r.emit(&mut out).unwrap();
            assert_eq!(&out[..n], &bytes[..len]);
        }
    }

    #[test]
    fn rejects_malformed_headers() {
        // ../shared/captures/ppp/tcpdump_ppp_ip_udp_dns.pcap starts ff 5f: control is not 0x03.
        let e = PppFrame::parse(&[0xff, 0x5f, 0x7e, 0x08][..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                1,
                ErrorKind::BadValue {
                    field: Field::Control,
                    value: 0x5f
                }
            )
        );
        let e = PppFrame::parse(&[0xff, 0x03, 0xc0][..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                2,
                ErrorKind::Truncated {
                    needed: 2,
                    available: 1
                }
            )
        );
        let e = PppFrame::parse(&[0x00, 0x20][..]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadValue {
                field: Field::Code,
                value: 0x20
            }
        );
        assert!(PppFrame::parse(&[][..]).is_err());
        let bad = PppRepr {
            address_control: true,
            protocol: PppProtocol::Unknown(0x0100),
            compress_protocol: false,
        };
        assert!(bad.emit(&mut [0u8; 4]).is_err());
    }
}

#[cfg(test)]
mod fuzz_regressions {
    use super::*;

    /// Found by cargo fuzz: protocol 0x00ff compressed to one byte, with address and
    /// control compressed too, read back as the all-stations address. It is sent in two
    /// bytes (RFC 1661 §6.6).
    #[test]
    fn protocol_0x00ff_is_never_compressed() {
        let r = PppRepr {
            address_control: false,
            protocol: PppProtocol::Unknown(0x00ff),
            compress_protocol: true,
        };
        let mut out = [0u8; 4];
        assert_eq!(r.emit(&mut out).unwrap(), 2);
        assert_eq!(out[..2], [0x00, 0xff]);
        let f = PppFrame::parse(&out[..2]).unwrap();
        assert_eq!(
            (f.has_address_control(), f.protocol().value()),
            (false, 0x00ff)
        );
    }
}
