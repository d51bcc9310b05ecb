//! The User Datagram Protocol (RFC 768), over IPv4 and IPv6.
//!
//! ```text
//!  0               2               4               6               8
//! +---------------+---------------+---------------+---------------+------
//! |  source port  |   dest port   |    length     |   checksum    | data
//! +---------------+---------------+---------------+---------------+------
//! ```
//!
//! The length covers header and data; the bytes after it (when the IP payload is longer)
//! are a [trailer](UdpPacket::trailer), not data. The checksum covers a pseudo-header, the
//! header and the data. A checksum of zero means "none computed" over IPv4 (RFC 768) but is
//! forbidden over IPv6 (RFC 8200 §8.1), so a computed zero is sent as 0xffff in both.
//! [`UdpPacket::verify_checksum`] tells the four cases apart ([`UdpChecksumStatus`]).
//!
//! ```
//! use codec_inet::pseudo::IpPseudo;
//! use codec_inet::udp::{UdpChecksumStatus, UdpPacket, UdpRepr};
//! use core::net::Ipv4Addr;
//! // The start of the DNS query in frame 1 of ../shared/captures/gen_dns/dns_bind9.pcap,
//! // 10.53.0.2:46072 > 10.53.0.1:53, cut after the DNS id and flags for the example.
//! let ip = IpPseudo::V4 { src: Ipv4Addr::new(10, 53, 0, 2), dst: Ipv4Addr::new(10, 53, 0, 1) };
//! let repr = UdpRepr { src_port: 46072, dst_port: 53, payload: &[0x13, 0x64, 0x00, 0x20] };
//! let mut buf = [0u8; 12];
//! assert_eq!(repr.emit(&ip, &mut buf)?, 12);
//! let udp = UdpPacket::parse(&buf[..])?;
//! assert_eq!((udp.src_port(), udp.dst_port(), udp.length()), (46072, 53, 12));
//! assert_eq!(udp.verify_checksum(&ip), UdpChecksumStatus::Good);
//! assert_eq!(UdpRepr::parse(&udp)?, repr);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::ip::IpProtocol;
use crate::pseudo::IpPseudo;
use codec_core::checksum::Checksum;
use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer, split_at, split_header};
use core::fmt;
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the UDP header.
pub const HEADER_LEN: usize = 8;
/// Largest datagram the 16-bit length field describes.
pub const MAX_LEN: usize = u16::MAX as usize;

/// The 8-byte UDP header.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct UdpHeader {
    /// Source port (0 when unused, RFC 768).
    pub src_port: U16,
    /// Destination port.
    pub dst_port: U16,
    /// Length of header plus data.
    pub length: U16,
    /// Checksum; 0 over IPv4 means none was computed.
    pub checksum: U16,
}

/// What a datagram's checksum says, as Wireshark reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UdpChecksumStatus {
    /// The checksum matches.
    Good,
    /// The checksum does not match (or the datagram is too long for the pseudo-header).
    Bad,
    /// Zero over IPv4: the sender computed none (RFC 768).
    NotPresent,
    /// Zero over IPv6, which RFC 8200 §8.1 forbids: receivers discard such datagrams.
    Illegal,
}

impl fmt::Display for UdpChecksumStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UdpChecksumStatus::Good => "good",
            UdpChecksumStatus::Bad => "bad",
            UdpChecksumStatus::NotPresent => "not present",
            UdpChecksumStatus::Illegal => "illegal (zero over IPv6)",
        })
    }
}

/// A zero-copy view of a UDP datagram: the header, the data the length field covers, and
/// any bytes after it.
pub struct UdpPacket<B> {
    header: Ref<B, UdpHeader>,
    payload: B,
    trailer: B,
}

impl<B: SplitByteSlice> UdpPacket<B> {
    /// Validates `bytes` (the IP payload) as a UDP datagram: the header is there, its
    /// length is at least 8 and no more than `bytes` holds.
    ///
    /// # Errors
    /// [`Truncated`](ErrorKind::Truncated) at 0 for less than 8 bytes, or at 8 when the
    /// length field runs past the end; [`BadLength`](ErrorKind::BadLength) at 4 for a
    /// length below 8.
    #[inline]
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, rest) = split_header::<B, UdpHeader>(Protocol::Udp, bytes)?;
        let length = usize::from(header.length.get());
        let Some(data_len) = length.checked_sub(HEADER_LEN) else {
            return Err(Error::bad_length(
                Protocol::Udp,
                4,
                Field::Length,
                length as u32,
            ));
        };
        let (payload, trailer) = split_at(Protocol::Udp, rest, data_len, HEADER_LEN)?;
        Ok(UdpPacket {
            header,
            payload,
            trailer,
        })
    }

    /// The header.
    #[inline]
    pub fn header(&self) -> &UdpHeader {
        &self.header
    }

    /// Source port.
    #[inline]
    pub fn src_port(&self) -> u16 {
        self.header.src_port.get()
    }

    /// Destination port.
    #[inline]
    pub fn dst_port(&self) -> u16 {
        self.header.dst_port.get()
    }

    /// The length field: header plus data.
    #[inline]
    pub fn length(&self) -> u16 {
        self.header.length.get()
    }

    /// Checksum as carried.
    #[inline]
    pub fn checksum(&self) -> u16 {
        self.header.checksum.get()
    }

    /// The data the length field covers.
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Bytes after the datagram inside the IP payload (usually none).
    #[inline]
    pub fn trailer(&self) -> &[u8] {
        &self.trailer
    }

    #[inline]
    fn sum(&self, ip: &IpPseudo) -> Option<Checksum> {
        Some(
            ip.sum(IpProtocol::Udp, usize::from(self.length()))?
                .add_bytes(self.header.as_bytes())
                .add_bytes(&self.payload),
        )
    }

    /// What the checksum says for the pseudo-header `ip`. Reports, never rejects.
    #[inline]
    pub fn verify_checksum(&self, ip: &IpPseudo) -> UdpChecksumStatus {
        if self.checksum() == 0 {
            return if ip.is_ipv6() {
                UdpChecksumStatus::Illegal
            } else {
                UdpChecksumStatus::NotPresent
            };
        }
        match self.sum(ip) {
            Some(s) if s.finish() == 0 => UdpChecksumStatus::Good,
            _ => UdpChecksumStatus::Bad,
        }
    }

    /// The checksum the datagram should carry: computed as if the field were zero, with a
    /// computed 0 sent as 0xffff (RFC 768). `None` when the datagram is too long for the
    /// pseudo-header.
    #[inline]
    pub fn computed_checksum(&self, ip: &IpPseudo) -> Option<u16> {
        // Adding the complement of the carried field takes it out of the sum (RFC 1624).
        self.sum(ip)
            .map(|s| nonzero(s.add_u16(!self.checksum()).finish()))
    }

    /// Gives up the view, returning the data.
    #[inline]
    pub fn into_payload(self) -> B {
        self.payload
    }
}

#[inline]
const fn nonzero(c: u16) -> u16 {
    if c == 0 { 0xffff } else { c }
}

impl<B: ByteSliceMut + SplitByteSlice> UdpPacket<B> {
    /// Sets the source port.
    #[inline]
    pub fn set_src_port(&mut self, port: u16) {
        self.header.src_port.set(port);
    }

    /// Sets the destination port.
    #[inline]
    pub fn set_dst_port(&mut self, port: u16) {
        self.header.dst_port.set(port);
    }

    /// Sets the checksum field (0 to send none over IPv4).
    #[inline]
    pub fn set_checksum(&mut self, checksum: u16) {
        self.header.checksum.set(checksum);
    }

    /// The data, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.payload
    }

    /// Computes and stores the checksum for the pseudo-header `ip` (a computed 0 is
    /// stored as 0xffff).
    ///
    /// # Errors
    /// None for a datagram that parsed (its length fits every pseudo-header); the `Result`
    /// keeps the shape of the other views.
    #[inline]
    pub fn fill_checksum(&mut self, ip: &IpPseudo) -> Result<()> {
        let c = self
            .computed_checksum(ip)
            .ok_or_else(|| too_long(ip.max_length()))?;
        self.header.checksum.set(c);
        Ok(())
    }
}

fn too_long(limit: usize) -> Error {
    Error::new(
        Protocol::Udp,
        4,
        ErrorKind::TooLong {
            field: Field::Length,
            limit: u32::try_from(limit).unwrap_or(u32::MAX),
        },
    )
}

impl<B: SplitByteSlice> fmt::Debug for UdpPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UdpPacket")
            .field("src_port", &self.src_port())
            .field("dst_port", &self.dst_port())
            .field("length", &self.length())
            .field("checksum", &self.checksum())
            .field("payload_len", &self.payload().len())
            .field("trailer_len", &self.trailer().len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for UdpPacket<B> {
    /// `UDP 46072 > 53 len 53`: ports and data length, as tcpdump prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UDP {} > {} len {}",
            self.src_port(),
            self.dst_port(),
            self.payload().len()
        )
    }
}

/// A UDP datagram as a value: ports and borrowed data; length and checksum are derived.
///
/// Laws: `parse(emit(r)) == r`, and `emit(parse(b)) == b` for every datagram whose checksum
/// is right (a zero "no checksum" over IPv4 is written by [`emit_raw`](Self::emit_raw)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UdpRepr<'a> {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// The data.
    pub payload: &'a [u8],
}

impl<'a> UdpRepr<'a> {
    /// The repr of a parsed datagram, borrowing its data.
    ///
    /// # Errors
    /// None today; the `Result` keeps the family's shape.
    #[inline]
    pub fn parse<B: SplitByteSlice>(packet: &'a UdpPacket<B>) -> Result<Self> {
        Ok(UdpRepr {
            src_port: packet.src_port(),
            dst_port: packet.dst_port(),
            payload: packet.payload(),
        })
    }

    /// Bytes [`emit`](Self::emit) writes: 8 plus the data.
    #[inline]
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN + self.payload.len()
    }

    /// Writes the header for `payload_len` bytes of data with a zero checksum, after checking
    /// that everything fits. Returns the datagram length.
    fn emit_header(&self, buf: &mut [u8], payload_len: usize) -> Result<usize> {
        let total = HEADER_LEN.saturating_add(payload_len);
        let length = u16::try_from(total).map_err(|_| too_long(MAX_LEN))?;
        if buf.len() < total {
            return Err(Error::buffer_too_small(Protocol::Udp, total, buf.len()));
        }
        let mut w = Writer::new(Protocol::Udp, buf);
        w.put_u16(self.src_port)?;
        w.put_u16(self.dst_port)?;
        w.put_u16(length)?;
        w.put_u16(0)?;
        Ok(total)
    }

    /// Writes the datagram into the front of `buf` with length and checksum (for the
    /// pseudo-header `ip`) filled in. Returns its length.
    ///
    /// # Errors
    /// A buffer error when `buf` is shorter than [`buffer_len`](Self::buffer_len);
    /// [`TooLong`](ErrorKind::TooLong) for more than 65535 bytes.
    pub fn emit(&self, ip: &IpPseudo, buf: &mut [u8]) -> Result<usize> {
        self.emit_with_payload(ip, buf, self.payload.len(), |p| {
            p.copy_from_slice(self.payload);
            Ok(())
        })
    }

    /// As [`emit`](Self::emit), with `payload_len` bytes of data written in place by
    /// `emit_payload` (the repr's own `payload` is not used); the checksum is computed
    /// afterwards.
    ///
    /// # Errors
    /// As [`emit`](Self::emit), and whatever `emit_payload` returns.
    pub fn emit_with_payload(
        &self,
        ip: &IpPseudo,
        buf: &mut [u8],
        payload_len: usize,
        emit_payload: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<usize> {
        let total = self.emit_header(buf, payload_len)?;
        let datagram = buf
            .get_mut(..total)
            .ok_or_else(|| Error::buffer_too_small(Protocol::Udp, total, 0))?;
        emit_payload(datagram.get_mut(HEADER_LEN..).unwrap_or(&mut []))?;
        let sum = ip
            .sum(IpProtocol::Udp, total)
            .ok_or_else(|| too_long(ip.max_length()))?
            .add_bytes(datagram);
        if let Some(c) = datagram.get_mut(6..8) {
            c.copy_from_slice(&nonzero(sum.finish()).to_be_bytes());
        }
        Ok(total)
    }

    /// Writes the datagram with `checksum` stored as given: 0 for "no checksum" over IPv4,
    /// or a deliberately wrong value for a test tool. Returns its length.
    ///
    /// # Errors
    /// As [`emit`](Self::emit).
    pub fn emit_raw(&self, buf: &mut [u8], checksum: u16) -> Result<usize> {
        let total = self.emit_header(buf, self.payload.len())?;
        if let Some(p) = buf.get_mut(HEADER_LEN..total) {
            p.copy_from_slice(self.payload);
        }
        if let Some(c) = buf.get_mut(6..8) {
            c.copy_from_slice(&checksum.to_be_bytes());
        }
        Ok(total)
    }
}

impl fmt::Display for UdpRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UDP {} > {} len {}",
            self.src_port,
            self.dst_port,
            self.payload.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::{Ipv4Addr, Ipv6Addr};
    use std::string::ToString;

    // Frame 1 of ../shared/captures/gen_dns/dns_bind9.pcap from byte 34: a DNS query
    // 10.53.0.2:46072 > 10.53.0.1:53 for example.test SOA. Wireshark: length 61,
    // checksum 51053 (0xc76d) good.
    static DNS_QUERY: [u8; 61] = [
        0xb3, 0xf8, 0x00, 0x35, 0x00, 0x3d, 0xc7, 0x6d, 0x13, 0x64, 0x00, 0x20, 0x00, 0x01, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x01, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x04, 0x74,
        0x65, 0x73, 0x74, 0x00, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x0c, 0x00, 0x0a, 0x00, 0x08, 0x63, 0x5a, 0x96, 0x9e, 0x2a, 0x3a, 0x31,
        0xda,
    ];

    // Frame 88 of the same capture from byte 54: over IPv6 fd53::2 > fd53::1,
    // 43435 > 53. Wireshark: length 66, checksum 42380 (0xa58c) good.
    static DNS_V6: [u8; 66] = [
        0xa9, 0xab, 0x00, 0x35, 0x00, 0x42, 0xa5, 0x8c, 0x87, 0xaf, 0x00, 0x20, 0x00, 0x01, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x07, 0x65, 0x78, 0x61, 0x6d,
        0x70, 0x6c, 0x65, 0x04, 0x74, 0x65, 0x73, 0x74, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00,
        0x29, 0x04, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0a, 0x00, 0x08, 0x84, 0xdf,
        0xd5, 0xb8, 0xb9, 0xa5, 0x8b, 0x18,
    ];

    fn v6_ip() -> IpPseudo {
        IpPseudo::V6 {
            src: "fd53::2".parse::<Ipv6Addr>().unwrap(),
            dst: "fd53::1".parse::<Ipv6Addr>().unwrap(),
        }
    }

    fn dns_ip() -> IpPseudo {
        IpPseudo::V4 {
            src: Ipv4Addr::new(10, 53, 0, 2),
            dst: Ipv4Addr::new(10, 53, 0, 1),
        }
    }

    // ../shared/captures/dns/tcpdump_dns-zlip-1.pcap frame 1 from byte 34: length field 8
    // inside a 43-byte IP payload. Wireshark: checksum 33463 (0x82b7) bad, computed over
    // the 8 bytes the length covers; the 35 bytes after are not UDP data.
    static ZLIP: [u8; 43] = [
        0x04, 0x00, 0x00, 0x35, 0x00, 0x08, 0x82, 0xb7, 0xed, 0x69, 0x00, 0x00, 0x00, 0x01, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x0c, 0xc0, 0x07, 0xc0, 0x10, 0xc0, 0x17, 0xc0, 0x20,
        0xc0, 0x27, 0xc0, 0x30, 0xc0, 0xff, 0xcf, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,
    ];

    fn zlip_ip() -> IpPseudo {
        IpPseudo::V4 {
            src: Ipv4Addr::new(10, 0, 0, 1),
            dst: Ipv4Addr::new(146, 84, 28, 88),
        }
    }

    #[test]
    fn deconstruct() {
        let p = UdpPacket::parse(&DNS_QUERY[..]).unwrap();
        assert_eq!((p.src_port(), p.dst_port()), (46072, 53));
        assert_eq!((p.length(), p.checksum()), (61, 51053));
        assert_eq!(p.payload().len(), 53);
        assert_eq!(&p.payload()[..2], &[0x13, 0x64]);
        assert!(p.trailer().is_empty());
        assert_eq!(p.verify_checksum(&dns_ip()), UdpChecksumStatus::Good);
        assert_eq!(p.computed_checksum(&dns_ip()), Some(51053));
        assert_eq!(p.to_string(), "UDP 46072 > 53 len 53");
        // The wrong pseudo-header (IPv6 addresses) does not verify.
        assert_eq!(p.verify_checksum(&v6_ip()), UdpChecksumStatus::Bad);

        let p = UdpPacket::parse(&DNS_V6[..]).unwrap();
        assert_eq!((p.src_port(), p.dst_port(), p.length()), (43435, 53, 66));
        assert_eq!(p.verify_checksum(&v6_ip()), UdpChecksumStatus::Good);
        assert_eq!(p.computed_checksum(&v6_ip()), Some(42380));

        let z = UdpPacket::parse(&ZLIP[..]).unwrap();
        assert_eq!(z.length(), 8);
        assert!(z.payload().is_empty());
        assert_eq!(z.trailer().len(), 35);
        assert_eq!(z.verify_checksum(&zlip_ip()), UdpChecksumStatus::Bad);
        assert_ne!(z.computed_checksum(&zlip_ip()), Some(0x82b7));
    }

    #[test]
    fn zero_checksum_over_ipv4_and_ipv6() {
        let mut bytes = DNS_QUERY;
        bytes[6] = 0;
        bytes[7] = 0;
        let p = UdpPacket::parse(&bytes[..]).unwrap();
        assert_eq!(p.verify_checksum(&dns_ip()), UdpChecksumStatus::NotPresent);
        assert_eq!(p.verify_checksum(&v6_ip()), UdpChecksumStatus::Illegal);
        assert_eq!(p.computed_checksum(&dns_ip()), Some(51053));
        assert_eq!(
            UdpChecksumStatus::Illegal.to_string(),
            "illegal (zero over IPv6)"
        );
    }

    #[test]
    fn computed_zero_is_sent_as_all_ones() {
        // Choose the source port so that the sum of everything else is 0xffff: the
        // checksum computes to 0 and must go out as 0xffff (RFC 768).
        let ip = dns_ip();
        let mut repr = UdpRepr {
            src_port: 0,
            dst_port: 53,
            payload: &[],
        };
        let mut buf = [0u8; 8];
        repr.emit(&ip, &mut buf).unwrap();
        let c = u16::from_be_bytes([buf[6], buf[7]]);
        // With src_port 0 the checksum is c; raising the port by c makes the sum 0xffff.
        repr.src_port = c;
        repr.emit(&ip, &mut buf).unwrap();
        assert_eq!(&buf[6..8], &[0xff, 0xff]);
        let p = UdpPacket::parse(&buf[..]).unwrap();
        assert_eq!(p.verify_checksum(&ip), UdpChecksumStatus::Good);
        assert_eq!(p.computed_checksum(&ip), Some(0xffff));
    }

    #[test]
    fn construct_in_place() {
        let mut bytes = DNS_QUERY;
        let mut p = UdpPacket::parse(&mut bytes[..]).unwrap();
        p.set_src_port(1107);
        p.set_dst_port(5353);
        p.payload_mut()[0] = 0xbe;
        assert_eq!(p.verify_checksum(&dns_ip()), UdpChecksumStatus::Bad);
        p.fill_checksum(&dns_ip()).unwrap();
        assert_eq!(p.verify_checksum(&dns_ip()), UdpChecksumStatus::Good);
        p.set_checksum(0);
        assert_eq!(&bytes[..8], &[0x04, 0x53, 0x14, 0xe9, 0x00, 0x3d, 0, 0]);
        assert_eq!(bytes[8], 0xbe);
    }

    #[test]
    fn parse_and_emit() {
        let p = UdpPacket::parse(&DNS_QUERY[..]).unwrap();
        let r = UdpRepr::parse(&p).unwrap();
        assert_eq!(
            r,
            UdpRepr {
                src_port: 46072,
                dst_port: 53,
                payload: &DNS_QUERY[8..]
            }
        );
        assert_eq!(r.buffer_len(), 61);
        let mut out = [0u8; 61];
        assert_eq!(r.emit(&dns_ip(), &mut out).unwrap(), 61);
        assert_eq!(out, DNS_QUERY);
        assert_eq!(r.to_string(), "UDP 46072 > 53 len 53");
        let p6 = UdpPacket::parse(&DNS_V6[..]).unwrap();
        let r6 = UdpRepr::parse(&p6).unwrap();
        let mut out6 = [0u8; 66];
        assert_eq!(r6.emit(&v6_ip(), &mut out6).unwrap(), 66);
        assert_eq!(out6, DNS_V6);
        // In place.
        let mut out2 = [0u8; 64];
        let n = r
            .emit_with_payload(&dns_ip(), &mut out2, 53, |b| {
                b.copy_from_slice(&DNS_QUERY[8..]);
                Ok(())
            })
            .unwrap();
        assert_eq!(&out2[..n], &DNS_QUERY);
        // Raw: no checksum.
        assert_eq!(r.emit_raw(&mut out, 0).unwrap(), 61);
        assert_eq!(&out[6..8], &[0, 0]);
        assert_eq!(&out[8..], &DNS_QUERY[8..]);
        assert_eq!(
            UdpPacket::parse(&out[..])
                .unwrap()
                .verify_checksum(&dns_ip()),
            UdpChecksumStatus::NotPresent
        );
    }

    #[test]
    fn emit_rejects() {
        let r = UdpRepr {
            src_port: 1,
            dst_port: 2,
            payload: &[1, 2, 3],
        };
        assert_eq!(
            r.emit(&dns_ip(), &mut [0u8; 10]).unwrap_err().kind(),
            ErrorKind::BufferTooSmall {
                needed: 11,
                available: 10
            }
        );
        let big = std::vec![0u8; 65_528];
        let e = UdpRepr { payload: &big, ..r }
            .emit(&dns_ip(), &mut std::vec![0u8; 70_000])
            .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::TooLong {
                field: Field::Length,
                limit: 65535
            }
        );
        let e = r
            .emit_with_payload(&dns_ip(), &mut [0u8; 16], 2, |_| {
                Err(Error::truncated(Protocol::Dns, 0, 12, 2))
            })
            .unwrap_err();
        assert_eq!(e.protocol(), Protocol::Dns);
    }

    #[test]
    fn rejects_bad_lengths_with_offsets() {
        let e = UdpPacket::parse(&DNS_QUERY[..7]).unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::Udp, 0));
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 8,
                available: 7
            }
        );
        // Length 61 over 60 bytes.
        let e = UdpPacket::parse(&DNS_QUERY[..60]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                8,
                ErrorKind::Truncated {
                    needed: 53,
                    available: 52
                }
            )
        );
        // Length 7.
        let mut bad = DNS_QUERY;
        bad[5] = 7;
        let e = UdpPacket::parse(&bad[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                4,
                ErrorKind::BadLength {
                    field: Field::Length,
                    value: 7
                }
            )
        );
    }
}
