//! Generic Routing Encapsulation: GRE (RFC 2784) with the key and sequence number of
//! RFC 2890, and PPTP's enhanced GRE (RFC 2637 §4.1).
//!
//! ```text
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |      Checksum (if C)          |       Reserved1 (if C)        |
//! |                  Key (if K; PPTP: payload length, call ID)     |
//! |                  Sequence Number (if S)                        |
//! |                  Acknowledgment Number (if A, version 1 only)  |
//! +---------------------------------------------------------------+
//! ```
//!
//! Version 0 is RFC 2784's GRE: C says a checksum over the GRE header and payload is
//! present (§2.5), K and S add RFC 2890's key and sequence number. Version 1 is PPTP's
//! enhanced GRE: K is always set and the key holds the payload length (16 bits) and the
//! peer's call ID (16 bits); S adds a sequence number and A an acknowledgment number; the
//! protocol type is PPP (0x880b). The optional fields are located by the flag bits.
//! RFC 1701's routing (R) is not decoded.
//!
//! ```
//! use codec_inet::gre::{GrePacket, GreRepr, GreVersion};
//! use codec_link::ethernet::EtherType;
//! // The enhanced GRE header of pcapplusplus_gre_ppp_ccp.pcap, frame 1 (from byte 34):
//! // sequence 34, acknowledgment 17, call ID 6, then 8 bytes of PPP.
//! let bytes = [
//!     0x30, 0x81, 0x88, 0x0b, 0x00, 0x08, 0x00, 0x06, 0x00, 0x00, 0x00, 0x22,
//!     0x00, 0x00, 0x00, 0x11, 0xff, 0x03, 0x80, 0xfd, 0x06, 0x04, 0x00, 0x04,
//! ];
//! let gre = GrePacket::parse(&bytes[..])?;
//! assert_eq!(gre.version(), GreVersion::Pptp);
//! assert_eq!(gre.protocol_type(), EtherType::Ppp);
//! assert_eq!((gre.call_id(), gre.payload_length()), (Some(6), Some(8)));
//! assert_eq!((gre.sequence_number(), gre.acknowledgment_number()), (Some(34), Some(17)));
//! assert_eq!(gre.payload(), &bytes[16..]);
//!
//! let repr = GreRepr::parse(&gre)?;
//! let mut out = [0u8; 24];
//! repr.emit_with_payload(&mut out, 8, |p| { p.copy_from_slice(&bytes[16..]); Ok(()) })?;
//! assert_eq!(out, bytes);
//! # Ok::<(), codec_core::Error>(())
//! ```

use codec_core::checksum::Checksum;
use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer, split_at, split_header};
use codec_link::ethernet::EtherType;
use core::fmt;
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the fixed part: flags, version and protocol type.
pub const HEADER_LEN: usize = 4;
/// Length of each optional field.
pub const FIELD_LEN: usize = 4;

bitflags::bitflags! {
    /// The flag bits of the first 16-bit word (the version and RFC 1701's recursion
    /// control are read apart).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct GreFlags: u16 {
        /// C: checksum and reserved1 present (RFC 2784 §2.2).
        const CHECKSUM = 0x8000;
        /// R: routing present (RFC 1701; not decoded).
        const ROUTING = 0x4000;
        /// K: key present (RFC 2890 §2; always set in PPTP).
        const KEY = 0x2000;
        /// S: sequence number present (RFC 2890 §2).
        const SEQUENCE = 0x1000;
        /// s: strict source route (RFC 1701).
        const STRICT_SOURCE_ROUTE = 0x0800;
        /// A: acknowledgment number present (RFC 2637 §4.1, version 1 only).
        const ACKNOWLEDGMENT = 0x0080;
    }
}

codec_core::registry! {
    /// The GRE version field.
    pub enum GreVersion: u8 {
        /// GRE (RFC 2784).
        Gre = 0 => "GRE",
        /// PPTP's enhanced GRE (RFC 2637 §4.1).
        Pptp = 1 => "enhanced GRE",
    }
}

/// The fixed 4-byte GRE header.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct GreHeader {
    /// Flags (C R K S s), recursion control, A, reserved flags, version.
    pub flags_version: U16,
    /// Protocol type of the payload (an EtherType).
    pub protocol_type: U16,
}

/// A zero-copy view of a GRE packet.
///
/// In PPTP's enhanced GRE the payload is cut to the payload length of the key field, and
/// the bytes after it are the [trailer](Self::trailer); in version 0 the payload is every
/// byte after the header.
pub struct GrePacket<B> {
    header: Ref<B, GreHeader>,
    fields: B,
    payload: B,
    trailer: B,
}

/// Where the optional fields sit, from the flags and version.
#[derive(Clone, Copy)]
struct Layout {
    checksum: Option<usize>,
    key: Option<usize>,
    sequence: Option<usize>,
    ack: Option<usize>,
    len: usize,
}

impl Layout {
    #[inline]
    const fn of(word: u16) -> Layout {
        let mut at = 0;
        let checksum = if word & GreFlags::CHECKSUM.bits() != 0 {
            at += FIELD_LEN;
            Some(at - FIELD_LEN)
        } else {
            None
        };
        let key = if word & GreFlags::KEY.bits() != 0 {
            at += FIELD_LEN;
            Some(at - FIELD_LEN)
        } else {
            None
        };
        let sequence = if word & GreFlags::SEQUENCE.bits() != 0 {
            at += FIELD_LEN;
            Some(at - FIELD_LEN)
        } else {
            None
        };
        let ack = if word & 7 == 1 && word & GreFlags::ACKNOWLEDGMENT.bits() != 0 {
            at += FIELD_LEN;
            Some(at - FIELD_LEN)
        } else {
            None
        };
        Layout {
            checksum,
            key,
            sequence,
            ack,
            len: at,
        }
    }
}

impl<B: SplitByteSlice> GrePacket<B> {
    /// Validates `bytes` as a GRE packet: the fixed header, the optional fields its flags
    /// announce, and for PPTP a payload length that fits the bytes.
    ///
    /// # Errors
    /// [`Truncated`](ErrorKind::Truncated) when the header, an optional field or a PPTP
    /// payload is cut; [`BadValue`](ErrorKind::BadValue) for a version other than 0 or 1,
    /// or a PPTP header without K; [`Unsupported`](ErrorKind::Unsupported) for RFC 1701
    /// routing (R).
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, rest) = split_header::<B, GreHeader>(Protocol::Gre, bytes)?;
        let word = header.flags_version.get();
        let version = word & 7;
        if version > 1 {
            return Err(Error::bad_value(
                Protocol::Gre,
                1,
                Field::Version,
                u32::from(version),
            ));
        }
        if word & GreFlags::ROUTING.bits() != 0 {
            return Err(Error::new(
                Protocol::Gre,
                0,
                ErrorKind::Unsupported {
                    field: Field::Flags,
                    value: u32::from(word),
                },
            ));
        }
        if version == 1 && word & GreFlags::KEY.bits() == 0 {
            // RFC 2637 §4.1: "Key Present (Bit 2) MUST be set to one".
            return Err(Error::bad_value(
                Protocol::Gre,
                0,
                Field::Flags,
                u32::from(word),
            ));
        }
        let layout = Layout::of(word);
        let available = rest.len();
        let (fields, rest) = rest
            .split_at(layout.len)
            .map_err(|_| Error::truncated(Protocol::Gre, HEADER_LEN, layout.len, available))?;
        let payload_len = if version == 1 {
            let key = read_u32(&fields, layout.key.unwrap_or(0));
            usize::from((key >> 16) as u16)
        } else {
            rest.len()
        };
        let (payload, trailer) =
            split_at(Protocol::Gre, rest, payload_len, HEADER_LEN + layout.len)?;
        Ok(GrePacket {
            header,
            fields,
            payload,
            trailer,
        })
    }

    #[inline]
    fn layout(&self) -> Layout {
        Layout::of(self.header.flags_version.get())
    }

    #[inline]
    fn field(&self, at: Option<usize>) -> Option<u32> {
        at.map(|at| read_u32(&self.fields, at))
    }

    /// The first 16-bit word as carried: flags, recursion control, version (Wireshark's
    /// `gre.flags_and_version`).
    #[inline]
    pub fn flags_and_version(&self) -> u16 {
        self.header.flags_version.get()
    }

    /// The flag bits.
    #[inline]
    pub fn flags(&self) -> GreFlags {
        GreFlags::from_bits_truncate(self.flags_and_version())
    }

    /// RFC 1701's recursion control (3 bits; zero in RFC 2784 and PPTP).
    #[inline]
    pub fn recursion_control(&self) -> u8 {
        ((self.flags_and_version() >> 8) & 7) as u8
    }

    /// Version: 0 (GRE) or 1 (enhanced GRE) in a parsed view.
    #[inline]
    pub fn version(&self) -> GreVersion {
        GreVersion::from_value((self.flags_and_version() & 7) as u8)
    }

    /// Protocol type of the payload: IPv4, IPv6, PPP (0x880b), transparent Ethernet
    /// bridging (0x6558)...
    #[inline]
    pub fn protocol_type(&self) -> EtherType {
        EtherType::from_value(self.header.protocol_type.get())
    }

    /// Length of the header with its optional fields.
    #[inline]
    pub fn header_len(&self) -> usize {
        HEADER_LEN + self.fields.len()
    }

    /// The checksum, when C is set.
    #[inline]
    pub fn checksum(&self) -> Option<u16> {
        self.field(self.layout().checksum).map(|w| (w >> 16) as u16)
    }

    /// The key field as a 32-bit value, when K is set (in PPTP: payload length and call ID).
    #[inline]
    pub fn key(&self) -> Option<u32> {
        self.field(self.layout().key)
    }

    /// PPTP's payload length (the key's high half), for version 1.
    #[inline]
    pub fn payload_length(&self) -> Option<u16> {
        self.pptp_key().map(|k| (k >> 16) as u16)
    }

    /// PPTP's call ID (the key's low half), for version 1.
    #[inline]
    pub fn call_id(&self) -> Option<u16> {
        self.pptp_key().map(|k| k as u16)
    }

    #[inline]
    fn pptp_key(&self) -> Option<u32> {
        if self.version() == GreVersion::Pptp {
            self.key()
        } else {
            None
        }
    }

    /// The sequence number, when S is set.
    #[inline]
    pub fn sequence_number(&self) -> Option<u32> {
        self.field(self.layout().sequence)
    }

    /// The acknowledgment number, when A is set in version 1.
    #[inline]
    pub fn acknowledgment_number(&self) -> Option<u32> {
        self.field(self.layout().ack)
    }

    /// The optional fields as they are on the wire.
    #[inline]
    pub fn optional_fields(&self) -> &[u8] {
        &self.fields
    }

    /// The payload.
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Bytes after a PPTP payload (empty in version 0).
    #[inline]
    pub fn trailer(&self) -> &[u8] {
        &self.trailer
    }

    /// The one's complement sum of header and payload, the checksum field included.
    fn sum(&self) -> Checksum {
        Checksum::new()
            .add_bytes(self.header.as_bytes())
            .add_bytes(&self.fields)
            .add_bytes(&self.payload)
    }

    /// Whether the checksum (RFC 2784 §2.5: over the GRE header and payload) is right;
    /// `None` when C is not set. A bad checksum is reported, never rejected.
    #[inline]
    pub fn verify_checksum(&self) -> Option<bool> {
        self.checksum().map(|_| self.sum().finish() == 0)
    }
}

#[inline]
fn read_u32(bytes: &[u8], at: usize) -> u32 {
    match bytes.get(at..at + 4) {
        Some(&[a, b, c, d]) => u32::from_be_bytes([a, b, c, d]),
        _ => 0,
    }
}

impl<B: ByteSliceMut + SplitByteSlice> GrePacket<B> {
    fn set_field(&mut self, at: Option<usize>, value: u32) -> Result<()> {
        let slot = at
            .and_then(|at| self.fields.get_mut(at..at + 4))
            .ok_or(Error::new(
                Protocol::Gre,
                0,
                ErrorKind::Missing {
                    field: Field::Flags,
                },
            ))?;
        slot.copy_from_slice(&value.to_be_bytes());
        Ok(())
    }

    /// Sets the protocol type.
    #[inline]
    pub fn set_protocol_type(&mut self, ethertype: EtherType) {
        self.header.protocol_type.set(ethertype.value());
    }

    /// Sets the key (in PPTP, payload length and call ID together).
    ///
    /// # Errors
    /// [`Missing`](ErrorKind::Missing) when K is not set: the field is not there.
    #[inline]
    pub fn set_key(&mut self, key: u32) -> Result<()> {
        self.set_field(self.layout().key, key)
    }

    /// Sets PPTP's call ID, keeping the payload length.
    ///
    /// # Errors
    /// [`Missing`](ErrorKind::Missing) in version 0.
    #[inline]
    pub fn set_call_id(&mut self, call_id: u16) -> Result<()> {
        let key = self.pptp_key().ok_or(Error::new(
            Protocol::Gre,
            0,
            ErrorKind::Missing {
                field: Field::Flags,
            },
        ))?;
        self.set_key((key & 0xffff_0000) | u32::from(call_id))
    }

    /// Sets the sequence number.
    ///
    /// # Errors
    /// [`Missing`](ErrorKind::Missing) when S is not set.
    #[inline]
    pub fn set_sequence_number(&mut self, seq: u32) -> Result<()> {
        self.set_field(self.layout().sequence, seq)
    }

    /// Sets the acknowledgment number.
    ///
    /// # Errors
    /// [`Missing`](ErrorKind::Missing) when A is not set or the version is 0.
    #[inline]
    pub fn set_acknowledgment_number(&mut self, ack: u32) -> Result<()> {
        self.set_field(self.layout().ack, ack)
    }

    /// Computes and stores the checksum (RFC 2784 §2.5), with reserved1 kept.
    ///
    /// # Errors
    /// [`Missing`](ErrorKind::Missing) when C is not set.
    pub fn fill_checksum(&mut self) -> Result<()> {
        let at = self.layout().checksum;
        let reserved = self.field(at).unwrap_or(0) & 0xffff;
        self.set_field(at, reserved)?;
        let sum = self.sum().finish();
        self.set_field(at, (u32::from(sum) << 16) | reserved)
    }

    /// The payload, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.payload
    }
}

impl<B: SplitByteSlice> fmt::Debug for GrePacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GrePacket")
            .field("flags", &self.flags())
            .field("version", &self.version())
            .field("protocol_type", &self.protocol_type())
            .field("checksum", &self.checksum())
            .field("key", &self.key())
            .field("sequence_number", &self.sequence_number())
            .field("acknowledgment_number", &self.acknowledgment_number())
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for GrePacket<B> {
    /// `GRE IPv4 (0x0800), key 0xfde8, seq 3, 40 bytes` or
    /// `PPTP GRE call 6, seq 34, ack 17, PPP (0x880b), 8 bytes`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.version(), self.call_id()) {
            (GreVersion::Pptp, Some(call)) => write!(f, "PPTP GRE call {call}")?,
            _ => {
                f.write_str("GRE")?;
                if let Some(c) = self.checksum() {
                    write!(f, ", checksum {c:#06x}")?;
                }
                if let Some(k) = self.key() {
                    write!(f, ", key {k:#x}")?;
                }
            }
        }
        if let Some(s) = self.sequence_number() {
            write!(f, ", seq {s}")?;
        }
        if let Some(a) = self.acknowledgment_number() {
            write!(f, ", ack {a}")?;
        }
        write!(
            f,
            ", {} ({:#06x}), {} bytes",
            self.protocol_type(),
            self.protocol_type().value(),
            self.payload.len()
        )
    }
}

/// The meaning of a GRE header. The payload length of PPTP's key is not part of it: the
/// builders fill it in from the payload they are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum GreRepr {
    /// GRE (RFC 2784) with RFC 2890's optional key and sequence number.
    Gre {
        /// Protocol type of the payload.
        protocol_type: EtherType,
        /// Whether a checksum is carried (RFC 2784 §2.5).
        checksum: bool,
        /// Key (RFC 2890 §2.1).
        key: Option<u32>,
        /// Sequence number (RFC 2890 §2.2).
        sequence_number: Option<u32>,
    },
    /// PPTP's enhanced GRE (RFC 2637 §4.1), protocol type PPP.
    Pptp {
        /// The peer's call ID.
        call_id: u16,
        /// Sequence number (present on packets that carry a payload).
        sequence_number: Option<u32>,
        /// Acknowledgment number: the highest sequence number received.
        acknowledgment_number: Option<u32>,
    },
}

impl GreRepr {
    /// The repr of a parsed packet. Reserved bits, recursion control and the checksum's
    /// reserved1 word are not kept (RFC 2784 §2.3: sent as zero, ignored on receipt).
    ///
    /// # Errors
    /// [`BadValue`](ErrorKind::BadValue) for an enhanced GRE header with C set or a
    /// protocol type other than PPP (RFC 2637 §4.1).
    pub fn parse<B: SplitByteSlice>(packet: &GrePacket<B>) -> Result<Self> {
        match packet.version() {
            GreVersion::Pptp => {
                if packet.checksum().is_some() {
                    return Err(Error::bad_value(
                        Protocol::Gre,
                        0,
                        Field::Flags,
                        u32::from(packet.flags_and_version()),
                    ));
                }
                if packet.protocol_type() != EtherType::Ppp {
                    return Err(Error::bad_value(
                        Protocol::Gre,
                        2,
                        Field::EtherType,
                        u32::from(packet.protocol_type().value()),
                    ));
                }
                Ok(GreRepr::Pptp {
                    call_id: packet.call_id().unwrap_or(0),
                    sequence_number: packet.sequence_number(),
                    acknowledgment_number: packet.acknowledgment_number(),
                })
            }
            _ => Ok(GreRepr::Gre {
                protocol_type: packet.protocol_type(),
                checksum: packet.checksum().is_some(),
                key: packet.key(),
                sequence_number: packet.sequence_number(),
            }),
        }
    }

    /// The first 16-bit word: flags and version.
    #[must_use]
    pub const fn flags_and_version(&self) -> u16 {
        let mut w = 0u16;
        match *self {
            GreRepr::Gre {
                checksum,
                key,
                sequence_number,
                ..
            } => {
                if checksum {
                    w |= GreFlags::CHECKSUM.bits();
                }
                if key.is_some() {
                    w |= GreFlags::KEY.bits();
                }
                if sequence_number.is_some() {
                    w |= GreFlags::SEQUENCE.bits();
                }
            }
            GreRepr::Pptp {
                sequence_number,
                acknowledgment_number,
                ..
            } => {
                w |= GreFlags::KEY.bits() | 1;
                if sequence_number.is_some() {
                    w |= GreFlags::SEQUENCE.bits();
                }
                if acknowledgment_number.is_some() {
                    w |= GreFlags::ACKNOWLEDGMENT.bits();
                }
            }
        }
        w
    }

    /// The protocol type.
    #[must_use]
    pub const fn protocol_type(&self) -> EtherType {
        match *self {
            GreRepr::Gre { protocol_type, .. } => protocol_type,
            GreRepr::Pptp { .. } => EtherType::Ppp,
        }
    }

    /// Length of the header with its optional fields.
    #[must_use]
    pub const fn header_len(&self) -> usize {
        HEADER_LEN + Layout::of(self.flags_and_version()).len
    }

    /// Bytes the header plus a payload of `payload_len` bytes take.
    #[must_use]
    pub const fn buffer_len(&self, payload_len: usize) -> usize {
        self.header_len() + payload_len
    }

    /// Writes the header into the front of `buf` for a payload of `payload_len` bytes
    /// (PPTP's payload length is set from it) and returns the header length. When the repr
    /// carries a checksum, the payload must already be in `buf` after the header: the
    /// checksum covers it.
    ///
    /// # Errors
    /// A buffer error when `buf` is too short (header, or header and payload with a
    /// checksum); [`TooLong`](ErrorKind::TooLong) for a PPTP payload over 65535 bytes.
    pub fn emit(&self, buf: &mut [u8], payload_len: usize) -> Result<usize> {
        let header_len = self.header_len();
        let (checksum, key) = match *self {
            GreRepr::Gre { checksum, key, .. } => (checksum, key),
            GreRepr::Pptp { call_id, .. } => {
                let len = u16::try_from(payload_len).map_err(|_| {
                    Error::new(
                        Protocol::Gre,
                        4,
                        ErrorKind::TooLong {
                            field: Field::PayloadLength,
                            limit: u32::from(u16::MAX),
                        },
                    )
                })?;
                (false, Some((u32::from(len) << 16) | u32::from(call_id)))
            }
        };
        let needed = if checksum {
            header_len.saturating_add(payload_len)
        } else {
            header_len
        };
        if buf.len() < needed {
            return Err(Error::buffer_too_small(Protocol::Gre, needed, buf.len()));
        }
        let (seq, ack) = match *self {
            GreRepr::Gre {
                sequence_number, ..
            } => (sequence_number, None),
            GreRepr::Pptp {
                sequence_number,
                acknowledgment_number,
                ..
            } => (sequence_number, acknowledgment_number),
        };
        let mut w = Writer::new(Protocol::Gre, buf);
        w.put_u16(self.flags_and_version())?;
        w.put_u16(self.protocol_type().value())?;
        if checksum {
            w.put_u32(0)?;
        }
        for v in [key, seq, ack].into_iter().flatten() {
            w.put_u32(v)?;
        }
        if checksum {
            let (buf, _) = w.finish();
            let sum = codec_core::checksum::internet_checksum(buf.get(..needed).unwrap_or(&[]));
            if let Some(slot) = buf.get_mut(HEADER_LEN..HEADER_LEN + 2) {
                slot.copy_from_slice(&sum.to_be_bytes());
            }
        }
        Ok(header_len)
    }

    /// Writes a whole packet: the header, then `payload_len` bytes filled in place by
    /// `emit_payload`, with PPTP's payload length and the checksum filled in. Returns the
    /// packet length.
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
        let header_len = self.header_len();
        let total = self.buffer_len(payload_len);
        let available = buf.len();
        let packet = buf
            .get_mut(..total)
            .ok_or_else(|| Error::buffer_too_small(Protocol::Gre, total, available))?;
        emit_payload(packet.get_mut(header_len..).unwrap_or(&mut []))?;
        self.emit(packet, payload_len)?;
        Ok(total)
    }
}

impl fmt::Display for GreRepr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            GreRepr::Gre {
                protocol_type,
                checksum,
                key,
                sequence_number,
            } => {
                write!(f, "GRE {protocol_type} ({:#06x})", protocol_type.value())?;
                if checksum {
                    f.write_str(", checksum")?;
                }
                if let Some(k) = key {
                    write!(f, ", key {k:#x}")?;
                }
                if let Some(s) = sequence_number {
                    write!(f, ", seq {s}")?;
                }
                Ok(())
            }
            GreRepr::Pptp {
                call_id,
                sequence_number,
                acknowledgment_number,
            } => {
                write!(f, "PPTP GRE call {call_id}")?;
                if let Some(s) = sequence_number {
                    write!(f, ", seq {s}")?;
                }
                if let Some(a) = acknowledgment_number {
                    write!(f, ", ack {a}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    // Frame 1 of ../shared/captures/ppp/pcapplusplus_gre_ppp_ccp.pcap from byte 34:
    // enhanced GRE with S and A, then PPP/CCP. Wireshark: size 16, flags_and_version 12417,
    // ptype 34827, payload_length 8, call_id 6, seq 34, ack 17.
    static PPTP_SEQ_ACK: [u8; 24] = [
        0x30, 0x81, 0x88, 0x0b, 0x00, 0x08, 0x00, 0x06, 0x00, 0x00, 0x00, 0x22, 0x00, 0x00, 0x00,
        0x11, 0xff, 0x03, 0x80, 0xfd, 0x06, 0x04, 0x00, 0x04,
    ];

    // Frame 2 of the same capture: an acknowledgment alone. Wireshark: size 12,
    // flags_and_version 8321, payload_length 0, call_id 6, ack 26.
    static PPTP_ACK_ONLY: [u8; 12] = [
        0x20, 0x81, 0x88, 0x0b, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x1a,
    ];

    // Frame 3 of the same capture from byte 34: GRE with a checksum over a 24-byte IPv4
    // packet carrying an empty GRE. Wireshark: size 8, flags_and_version 32768, ptype 2048.
    static GRE_CHECKSUM: [u8; 32] = [
        0x80, 0x00, 0x08, 0x00, 0x77, 0xff, 0x00, 0x00, 0x45, 0x00, 0x00, 0x18, 0xb6, 0xfd, 0x00,
        0x00, 0x40, 0x2f, 0xc5, 0xb7, 0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01, 0x00, 0x00,
        0x00, 0x00,
    ];

    // Frame 7 of the same capture from byte 34: GRE with key 65000 carrying Ethernet
    // (transparent Ethernet bridging). Wireshark: size 8, flags_and_version 8192,
    // ptype 25944, key 65000; eth at +8.
    static GRE_KEY_TEB: [u8; 62] = [
        0x20, 0x00, 0x65, 0x58, 0x00, 0x00, 0xfd, 0xe8, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00,
        0x01, 0x23, 0x45, 0x56, 0x78, 0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00,
        0x40, 0x06, 0x66, 0xc7, 0x0a, 0x00, 0x00, 0x04, 0x0a, 0x00, 0x00, 0x05, 0x04, 0xd0, 0x00,
        0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00, 0x76, 0xba,
        0x00, 0x00,
    ];

    #[test]
    fn deconstruct_pptp() {
        let g = GrePacket::parse(&PPTP_SEQ_ACK[..]).unwrap();
        assert_eq!(g.flags_and_version(), 12417);
        assert_eq!(
            g.flags(),
            GreFlags::KEY | GreFlags::SEQUENCE | GreFlags::ACKNOWLEDGMENT
        );
        assert_eq!(g.version(), GreVersion::Pptp);
        assert_eq!(g.protocol_type().value(), 34827);
        assert_eq!(g.header_len(), 16);
        assert_eq!(g.checksum(), None);
        assert_eq!(g.key(), Some(0x0008_0006));
        assert_eq!((g.payload_length(), g.call_id()), (Some(8), Some(6)));
        assert_eq!(g.sequence_number(), Some(34));
        assert_eq!(g.acknowledgment_number(), Some(17));
        assert_eq!(g.payload(), &PPTP_SEQ_ACK[16..]);
        assert_eq!(g.verify_checksum(), None);
        assert_eq!(
            g.to_string(),
            "PPTP GRE call 6, seq 34, ack 17, PPP (0x880b), 8 bytes"
        );

        let g = GrePacket::parse(&PPTP_ACK_ONLY[..]).unwrap();
        assert_eq!(g.flags_and_version(), 8321);
        assert_eq!(g.header_len(), 12);
        assert_eq!((g.payload_length(), g.call_id()), (Some(0), Some(6)));
        assert_eq!(g.sequence_number(), None);
        assert_eq!(g.acknowledgment_number(), Some(26));
        assert!(g.payload().is_empty());
    }

    #[test]
    fn deconstruct_gre_with_checksum_and_key() {
        let g = GrePacket::parse(&GRE_CHECKSUM[..]).unwrap();
        assert_eq!(g.flags_and_version(), 32768);
        assert_eq!(g.version(), GreVersion::Gre);
        assert_eq!(g.protocol_type(), EtherType::Ipv4);
        assert_eq!(g.header_len(), 8);
        assert_eq!(g.checksum(), Some(0x77ff));
        assert_eq!(g.verify_checksum(), Some(true));
        assert_eq!(
            (g.key(), g.call_id(), g.payload_length()),
            (None, None, None)
        );
        assert_eq!(g.payload().len(), 24);
        assert_eq!(
            g.to_string(),
            "GRE, checksum 0x77ff, IPv4 (0x0800), 24 bytes"
        );
        let mut bad = GRE_CHECKSUM;
        bad[31] = 1;
        assert_eq!(
            GrePacket::parse(&bad[..]).unwrap().verify_checksum(),
            Some(false)
        );

        let g = GrePacket::parse(&GRE_KEY_TEB[..]).unwrap();
        assert_eq!(g.flags_and_version(), 8192);
        assert_eq!(g.protocol_type().value(), 25944);
        assert_eq!(g.protocol_type(), EtherType::TransparentEthernetBridging);
        assert_eq!(g.key(), Some(65000));
        assert_eq!(g.call_id(), None, "the key is not PPTP's in version 0");
        assert_eq!(g.header_len(), 8);
        assert_eq!(g.payload().len(), 54);
    }

    #[test]
    fn construct_in_place() {
        let mut bytes = PPTP_SEQ_ACK;
        let mut g = GrePacket::parse(&mut bytes[..]).unwrap();
        g.set_call_id(0xb400).unwrap();
        g.set_sequence_number(4).unwrap();
        g.set_acknowledgment_number(3).unwrap();
        g.payload_mut()[0] = 0xfe;
        assert!(g.fill_checksum().is_err(), "no checksum field");
        assert_eq!(&bytes[4..16], &[0, 8, 0xb4, 0, 0, 0, 0, 4, 0, 0, 0, 3]);
        assert_eq!(bytes[16], 0xfe);

        let mut bytes = GRE_CHECKSUM;
        bytes[4..6].copy_from_slice(&[0, 0]);
        let mut g = GrePacket::parse(&mut bytes[..]).unwrap();
        assert_eq!(g.verify_checksum(), Some(false));
        g.fill_checksum().unwrap();
        assert_eq!(g.verify_checksum(), Some(true));
        g.set_protocol_type(EtherType::Ipv6);
        let e = g.set_key(1).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Missing {
                field: Field::Flags
            }
        );
        assert!(g.set_call_id(1).is_err() && g.set_acknowledgment_number(1).is_err());
        assert_eq!(&bytes[..6], &[0x80, 0x00, 0x86, 0xdd, 0x77, 0xff]);
    }

    #[test]
    fn parse_and_emit_round_trip() {
        for bytes in [
            &PPTP_SEQ_ACK[..],
            &PPTP_ACK_ONLY[..],
            &GRE_CHECKSUM[..],
            &GRE_KEY_TEB[..],
        ] {
            let g = GrePacket::parse(bytes).unwrap();
            let r = GreRepr::parse(&g).unwrap();
            assert_eq!(r.header_len(), g.header_len());
            let mut out = [0u8; 64];
            let n = r
                .emit_with_payload(&mut out, g.payload().len(), |p| {
                    p.copy_from_slice(g.payload());
                    Ok(())
                })
                .unwrap();
            assert_eq!(&out[..n], bytes);
            assert_eq!(
                GreRepr::parse(&GrePacket::parse(&out[..n]).unwrap()).unwrap(),
                r
            );
        }
        let r = GreRepr::parse(&GrePacket::parse(&PPTP_SEQ_ACK[..]).unwrap()).unwrap();
        assert_eq!(
            r,
            GreRepr::Pptp {
                call_id: 6,
                sequence_number: Some(34),
                acknowledgment_number: Some(17)
            }
        );
        assert_eq!(r.to_string(), "PPTP GRE call 6, seq 34, ack 17");
        let r = GreRepr::parse(&GrePacket::parse(&GRE_KEY_TEB[..]).unwrap()).unwrap();
        assert_eq!(
            r,
            GreRepr::Gre {
                protocol_type: EtherType::TransparentEthernetBridging,
                checksum: false,
                key: Some(65000),
                sequence_number: None
            }
        );
        assert_eq!(
            r.to_string(),
            "GRE Transparent Ethernet Bridging (0x6558), key 0xfde8"
        );
        // Header-only emit without a checksum needs only the header's room.
        let mut out = [0u8; 8];
        assert_eq!(r.emit(&mut out, 54).unwrap(), 8);
        assert_eq!(out, GRE_KEY_TEB[..8]);
    }

    #[test]
    fn emit_refuses_what_does_not_fit() {
        let r = GreRepr::Gre {
            protocol_type: EtherType::Ipv4,
            checksum: true,
            key: None,
            sequence_number: Some(1),
        };
        assert_eq!(r.header_len(), 12);
        // With a checksum, the payload must be there too.
        let e = r.emit(&mut [0u8; 12], 4).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BufferTooSmall {
                needed: 16,
                available: 12
            }
        );
        let p = GreRepr::Pptp {
            call_id: 1,
            sequence_number: None,
            acknowledgment_number: None,
        };
        let e = p.emit(&mut [0u8; 8], 65536).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::TooLong {
                field: Field::PayloadLength,
                limit: 65535
            }
        );
        assert!(p.emit_with_payload(&mut [0u8; 9], 2, |_| Ok(())).is_err());
        // A checksummed GRE built from scratch verifies.
        let mut out = [0u8; 15];
        let n = r
            .emit_with_payload(&mut out, 3, |p| {
                p.copy_from_slice(b"abc");
                Ok(())
            })
            .unwrap();
        assert_eq!(n, 15);
        assert_eq!(
            GrePacket::parse(&out[..]).unwrap().verify_checksum(),
            Some(true)
        );
    }

    #[test]
    fn rejects_bad_headers_with_offsets() {
        let e = GrePacket::parse(&PPTP_SEQ_ACK[..3]).unwrap_err();
        assert_eq!(
            (e.protocol(), e.offset(), e.kind()),
            (
                Protocol::Gre,
                0,
                ErrorKind::Truncated {
                    needed: 4,
                    available: 3
                }
            )
        );
        let e = GrePacket::parse(&PPTP_SEQ_ACK[..15]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                4,
                ErrorKind::Truncated {
                    needed: 12,
                    available: 11
                }
            )
        );
        // PPTP payload length 8, only 7 bytes.
        let e = GrePacket::parse(&PPTP_SEQ_ACK[..23]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                16,
                ErrorKind::Truncated {
                    needed: 8,
                    available: 7
                }
            )
        );
        let mut v = PPTP_SEQ_ACK;
        v[1] = 0x82; // version 2
        let e = GrePacket::parse(&v[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                1,
                ErrorKind::BadValue {
                    field: Field::Version,
                    value: 2
                }
            )
        );
        v[0] = 0x10;
        v[1] = 0x81; // PPTP without K
        assert_eq!(
            GrePacket::parse(&v[..]).unwrap_err().kind(),
            ErrorKind::BadValue {
                field: Field::Flags,
                value: 0x1081
            }
        );
        v[0] = 0x70; // routing present
        assert!(matches!(
            GrePacket::parse(&v[..]).unwrap_err().kind(),
            ErrorKind::Unsupported { .. }
        ));
        // A PPTP header that the repr refuses: checksum present, or not PPP.
        let mut v = PPTP_ACK_ONLY;
        v[3] = 0x0c;
        let g = GrePacket::parse(&v[..]).unwrap();
        assert_eq!(GreRepr::parse(&g).unwrap_err().offset(), 2);
        let mut v = [0u8; 16];
        v[..4].copy_from_slice(&[0xa0, 0x01, 0x88, 0x0b]);
        let g = GrePacket::parse(&v[..]).unwrap();
        assert_eq!(g.checksum(), Some(0));
        assert_eq!(GreRepr::parse(&g).unwrap_err().offset(), 0);
    }

    #[test]
    fn a_pptp_trailer_is_kept_apart() {
        let mut framed = [0u8; 28];
        framed[..24].copy_from_slice(&PPTP_SEQ_ACK);
        let g = GrePacket::parse(&framed[..]).unwrap();
        assert_eq!(g.payload().len(), 8);
        assert_eq!(g.trailer(), &[0; 4]);
        assert_eq!(g.recursion_control(), 0);
        assert_eq!(g.optional_fields().len(), 12);
    }

    #[test]
    fn every_cut_and_flag_word_is_handled() {
        for base in [&PPTP_SEQ_ACK[..], &GRE_CHECKSUM[..], &GRE_KEY_TEB[..]] {
            for n in 0..=base.len() {
                if let Ok(g) = GrePacket::parse(&base[..n]) {
                    assert!(g.header_len() + g.payload().len() + g.trailer().len() == n);
                    let _ = (g.to_string(), g.verify_checksum(), GreRepr::parse(&g));
                }
            }
            // All 65536 flag words over the same bytes.
            for w in 0..=u16::MAX {
                let mut b = base.to_vec();
                b[..2].copy_from_slice(&w.to_be_bytes());
                if let Ok(g) = GrePacket::parse(&b[..]) {
                    let _ = (g.checksum(), g.key(), g.sequence_number());
                    let _ = (g.acknowledgment_number(), g.to_string());
                    if let Ok(r) = GreRepr::parse(&g) {
                        let mut out = [0u8; 96];
                        let n = r
                            .emit_with_payload(&mut out, g.payload().len(), |p| {
                                p.copy_from_slice(g.payload());
                                Ok(())
                            })
                            .unwrap();
                        let back = GrePacket::parse(&out[..n]).unwrap();
                        assert_eq!(GreRepr::parse(&back).unwrap(), r);
                    }
                }
            }
        }
    }
}
