//! PPP over Ethernet (RFC 2516): the 6-byte header, the discovery stage's tags, and the
//! session stage's PPP payload.
//!
//! ```text
//!  0      4      8              16                              32
//! +------+------+---------------+-------------------------------+
//! | ver  | type |     code      |          session id           |
//! +------+------+---------------+-------------------------------+
//! |            length           |   payload (length bytes) ...
//! +-----------------------------+
//! ```
//!
//! Discovery packets (EtherType 0x8863: PADI, PADO, PADR, PADS, PADT) carry tags in the
//! 2-byte type, 2-byte length layout, walked by [`codec_core::tlv::Tlvs`] with
//! [`TlvFormat::TYPE16_LEN16`] and typed as [`PppoeTag`]. Session packets (EtherType 0x8864,
//! code 0) carry a PPP frame without address and control ([`PppoePacket::ppp`]). Bytes after
//! `length` are Ethernet padding ([`PppoePacket::padding`]).
//!
//! The End-Of-List tag does not stop the walk: RFC 2516 says no tags follow it, and any that
//! do are still yielded, so that nothing is lost and re-emitting gives the same bytes.
//!
//! ```
//! use codec_link::pppoe::{PppoeCode, PppoePacket, PppoeTag};
//! // tcpdump_pppoe.pcap: a PADI with Service-Name "", PPP-Max-Payload 1500 and a Host-Uniq.
//! let bytes = [
//!     0x11, 0x09, 0x00, 0x00, 0x00, 0x12, 0x01, 0x01, 0x00, 0x00, 0x01, 0x20, 0x00, 0x02,
//!     0x05, 0xdc, 0x01, 0x03, 0x00, 0x04, 0x16, 0x37, 0x2c, 0x16,
//! ];
//! let packet = PppoePacket::parse(&bytes[..])?;
//! assert_eq!(packet.code(), PppoeCode::Padi);
//! let tags: Vec<PppoeTag> = packet.tags().collect::<Result<_, _>>()?;
//! assert_eq!(tags, [
//!     PppoeTag::ServiceName(b""),
//!     PppoeTag::PppMaxPayload(1500),
//!     PppoeTag::HostUniq(&[0x16, 0x37, 0x2c, 0x16]),
//! ]);
//! assert_eq!(
//!     packet.to_string(),
//!     "PPPoE PADI session 0x0000 len 18 [Service-Name \"\", PPP-Max-Payload 1500, Host-Uniq 16:37:2c:16]"
//! );
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::ppp::PppFrame;
use codec_core::tlv::{TlvFormat, Tlvs, write_tlv};
use codec_core::{Error, Field, Protocol, Result, Writer, split_at, split_header};
use core::fmt;
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the PPPoE header.
pub const HEADER_LEN: usize = 6;
/// The version and type byte every PPPoE packet carries: version 1, type 1.
pub const VERSION_TYPE: u8 = 0x11;

/// The tag walk format.
const TAGS: TlvFormat = TlvFormat::TYPE16_LEN16.for_protocol(Protocol::Pppoe);

/// The 6-byte PPPoE header (RFC 2516 §4).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct PppoeHeader {
    /// Version (high 4 bits) and type (low 4 bits), both 1.
    pub version_type: u8,
    /// The code.
    pub code: u8,
    /// The session id (0 before PADS).
    pub session_id: U16,
    /// Bytes of payload.
    pub length: U16,
}

codec_core::registry! {
    /// PPPoE codes (RFC 2516 §5).
    pub enum PppoeCode: u8 {
        /// Session data.
        Session = 0x00 => "Session",
        /// PPPoE Active Discovery Offer.
        Pado = 0x07 => "PADO",
        /// PPPoE Active Discovery Initiation.
        Padi = 0x09 => "PADI",
        /// PPPoE Active Discovery Request.
        Padr = 0x19 => "PADR",
        /// PPPoE Active Discovery Session-confirmation.
        Pads = 0x65 => "PADS",
        /// PPPoE Active Discovery Terminate.
        Padt = 0xa7 => "PADT",
    }
}

codec_core::registry! {
    /// PPPoE tag types (RFC 2516 Appendix A, RFC 4638).
    pub enum PppoeTagType: u16 {
        /// End-Of-List.
        EndOfList = 0x0000 => "End-Of-List",
        /// Service-Name.
        ServiceName = 0x0101 => "Service-Name",
        /// AC-Name.
        AcName = 0x0102 => "AC-Name",
        /// Host-Uniq.
        HostUniq = 0x0103 => "Host-Uniq",
        /// AC-Cookie.
        AcCookie = 0x0104 => "AC-Cookie",
        /// Vendor-Specific.
        VendorSpecific = 0x0105 => "Vendor-Specific",
        /// Relay-Session-Id.
        RelaySessionId = 0x0110 => "Relay-Session-Id",
        /// PPP-Max-Payload (RFC 4638).
        PppMaxPayload = 0x0120 => "PPP-Max-Payload",
        /// Service-Name-Error.
        ServiceNameError = 0x0201 => "Service-Name-Error",
        /// AC-System-Error.
        AcSystemError = 0x0202 => "AC-System-Error",
        /// Generic-Error.
        GenericError = 0x0203 => "Generic-Error",
    }
}

/// A PPPoE discovery tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PppoeTag<'a> {
    /// End-Of-List (length 0).
    EndOfList,
    /// Service-Name (UTF-8, empty: any service).
    ServiceName(&'a [u8]),
    /// AC-Name (UTF-8).
    AcName(&'a [u8]),
    /// Host-Uniq (opaque, echoed by the AC).
    HostUniq(&'a [u8]),
    /// AC-Cookie (opaque, echoed by the host).
    AcCookie(&'a [u8]),
    /// Vendor-Specific: a 4-byte vendor id (0, then the IANA enterprise number) and data.
    VendorSpecific {
        /// The vendor id.
        vendor_id: u32,
        /// The vendor's data.
        data: &'a [u8],
    },
    /// Relay-Session-Id (opaque, added by a relay).
    RelaySessionId(&'a [u8]),
    /// PPP-Max-Payload (length 2, RFC 4638).
    PppMaxPayload(u16),
    /// Service-Name-Error (UTF-8 reason, may be empty).
    ServiceNameError(&'a [u8]),
    /// AC-System-Error (UTF-8 reason).
    AcSystemError(&'a [u8]),
    /// Generic-Error (UTF-8 reason).
    GenericError(&'a [u8]),
    /// A tag type not typed here.
    Unknown {
        /// The type.
        kind: u16,
        /// The value.
        data: &'a [u8],
    },
    /// A tag of a known type whose length is wrong for it (End-Of-List with data,
    /// PPP-Max-Payload of other than 2 bytes, Vendor-Specific under 4).
    Malformed {
        /// The type.
        kind: u16,
        /// The value.
        data: &'a [u8],
    },
}

impl<'a> PppoeTag<'a> {
    /// Types a tag.
    #[must_use]
    pub fn new(kind: u16, v: &'a [u8]) -> Self {
        let typed = match PppoeTagType::from_value(kind) {
            PppoeTagType::EndOfList => v.is_empty().then_some(PppoeTag::EndOfList),
            PppoeTagType::ServiceName => Some(PppoeTag::ServiceName(v)),
            PppoeTagType::AcName => Some(PppoeTag::AcName(v)),
            PppoeTagType::HostUniq => Some(PppoeTag::HostUniq(v)),
            PppoeTagType::AcCookie => Some(PppoeTag::AcCookie(v)),
            PppoeTagType::VendorSpecific => {
                v.split_first_chunk::<4>()
                    .map(|(id, data)| PppoeTag::VendorSpecific {
                        vendor_id: u32::from_be_bytes(*id),
                        data,
                    })
            }
            PppoeTagType::RelaySessionId => Some(PppoeTag::RelaySessionId(v)),
            PppoeTagType::PppMaxPayload => <[u8; 2]>::try_from(v)
                .ok()
                .map(|b| PppoeTag::PppMaxPayload(u16::from_be_bytes(b))),
            PppoeTagType::ServiceNameError => Some(PppoeTag::ServiceNameError(v)),
            PppoeTagType::AcSystemError => Some(PppoeTag::AcSystemError(v)),
            PppoeTagType::GenericError => Some(PppoeTag::GenericError(v)),
            PppoeTagType::Unknown(_) => return PppoeTag::Unknown { kind, data: v },
        };
        typed.unwrap_or(PppoeTag::Malformed { kind, data: v })
    }

    /// The tag type.
    #[must_use]
    pub fn kind(&self) -> u16 {
        let t = match *self {
            PppoeTag::EndOfList => PppoeTagType::EndOfList,
            PppoeTag::ServiceName(_) => PppoeTagType::ServiceName,
            PppoeTag::AcName(_) => PppoeTagType::AcName,
            PppoeTag::HostUniq(_) => PppoeTagType::HostUniq,
            PppoeTag::AcCookie(_) => PppoeTagType::AcCookie,
            PppoeTag::VendorSpecific { .. } => PppoeTagType::VendorSpecific,
            PppoeTag::RelaySessionId(_) => PppoeTagType::RelaySessionId,
            PppoeTag::PppMaxPayload(_) => PppoeTagType::PppMaxPayload,
            PppoeTag::ServiceNameError(_) => PppoeTagType::ServiceNameError,
            PppoeTag::AcSystemError(_) => PppoeTagType::AcSystemError,
            PppoeTag::GenericError(_) => PppoeTagType::GenericError,
            PppoeTag::Unknown { kind, .. } | PppoeTag::Malformed { kind, .. } => return kind,
        };
        t.value()
    }

    /// Bytes of value.
    #[must_use]
    pub fn value_len(&self) -> usize {
        match *self {
            PppoeTag::EndOfList => 0,
            PppoeTag::PppMaxPayload(_) => 2,
            PppoeTag::VendorSpecific { data, .. } => data.len().saturating_add(4),
            PppoeTag::ServiceName(v)
            | PppoeTag::AcName(v)
            | PppoeTag::HostUniq(v)
            | PppoeTag::AcCookie(v)
            | PppoeTag::RelaySessionId(v)
            | PppoeTag::ServiceNameError(v)
            | PppoeTag::AcSystemError(v)
            | PppoeTag::GenericError(v)
            | PppoeTag::Unknown { data: v, .. }
            | PppoeTag::Malformed { data: v, .. } => v.len(),
        }
    }

    /// Bytes the whole tag takes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.value_len().saturating_add(4)
    }

    /// Writes the tag.
    ///
    /// # Errors
    /// A buffer error, or [`TooLong`](codec_core::ErrorKind::TooLong) for a value over
    /// 65535 bytes.
    pub fn emit(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            PppoeTag::EndOfList => write_tlv(w, TAGS, self.kind(), &[]),
            PppoeTag::PppMaxPayload(v) => write_tlv(w, TAGS, self.kind(), &v.to_be_bytes()),
            PppoeTag::VendorSpecific { vendor_id, data } => {
                if w.remaining() < self.buffer_len() {
                    return Err(Error::buffer_too_small(
                        Protocol::Pppoe,
                        w.position().saturating_add(self.buffer_len()),
                        w.position() + w.remaining(),
                    ));
                }
                codec_core::tlv::write_tlv_header(w, TAGS, self.kind(), self.value_len())?;
                w.put_u32(vendor_id)?;
                w.put_slice(data)
            }
            PppoeTag::ServiceName(v)
            | PppoeTag::AcName(v)
            | PppoeTag::HostUniq(v)
            | PppoeTag::AcCookie(v)
            | PppoeTag::RelaySessionId(v)
            | PppoeTag::ServiceNameError(v)
            | PppoeTag::AcSystemError(v)
            | PppoeTag::GenericError(v)
            | PppoeTag::Unknown { data: v, .. }
            | PppoeTag::Malformed { data: v, .. } => write_tlv(w, TAGS, self.kind(), v),
        }
    }
}

fn write_quoted(f: &mut fmt::Formatter<'_>, v: &[u8]) -> fmt::Result {
    f.write_str("\"")?;
    for &b in v {
        match b {
            b'"' | b'\\' => write!(f, "\\{}", char::from(b))?,
            0x20..=0x7e => write!(f, "{}", char::from(b))?,
            _ => write!(f, "\\x{b:02x}")?,
        }
    }
    f.write_str("\"")
}

fn write_hex(f: &mut fmt::Formatter<'_>, v: &[u8]) -> fmt::Result {
    for (i, b) in v.iter().enumerate() {
        if i > 0 {
            f.write_str(":")?;
        }
        write!(f, "{b:02x}")?;
    }
    Ok(())
}

impl fmt::Display for PppoeTag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = PppoeTagType::from_value(self.kind());
        match *self {
            PppoeTag::EndOfList => f.write_str("End-Of-List"),
            PppoeTag::PppMaxPayload(v) => write!(f, "PPP-Max-Payload {v}"),
            PppoeTag::VendorSpecific { vendor_id, data } => {
                write!(f, "Vendor-Specific {vendor_id}")?;
                if !data.is_empty() {
                    f.write_str(" ")?;
                    write_hex(f, data)?;
                }
                Ok(())
            }
            PppoeTag::ServiceName(v)
            | PppoeTag::AcName(v)
            | PppoeTag::ServiceNameError(v)
            | PppoeTag::AcSystemError(v)
            | PppoeTag::GenericError(v) => {
                write!(f, "{name} ")?;
                write_quoted(f, v)
            }
            PppoeTag::HostUniq(v) | PppoeTag::AcCookie(v) | PppoeTag::RelaySessionId(v) => {
                write!(f, "{name} ")?;
                write_hex(f, v)
            }
            PppoeTag::Unknown { kind, data } => {
                write!(f, "tag {kind:#06x}")?;
                if !data.is_empty() {
                    f.write_str(" ")?;
                    write_hex(f, data)?;
                }
                Ok(())
            }
            PppoeTag::Malformed { data, .. } => {
                write!(f, "malformed {name} ({} bytes)", data.len())
            }
        }
    }
}

/// A lazy walk over a discovery packet's tags; a tag whose length runs past the payload
/// ends the walk with an error naming its offset (inside the payload).
#[derive(Debug, Clone)]
pub struct Tags<'a> {
    tlvs: Tlvs<'a>,
}

impl<'a> Tags<'a> {
    /// Walks `payload` as a tag list.
    #[must_use]
    pub fn new(payload: &'a [u8]) -> Self {
        Tags {
            tlvs: Tlvs::new(TAGS, payload),
        }
    }

    /// Offset (inside the payload) of the tag the next call yields.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.tlvs.offset()
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Result<PppoeTag<'a>>;
    fn next(&mut self) -> Option<Self::Item> {
        self.tlvs
            .next()
            .map(|t| t.map(|t| PppoeTag::new(t.kind, t.value)))
    }
}

/// A zero-copy view of a PPPoE packet.
pub struct PppoePacket<B> {
    header: Ref<B, PppoeHeader>,
    payload: B,
    padding: B,
}

impl<B: SplitByteSlice> PppoePacket<B> {
    /// Validates a PPPoE packet: the header, version 1 and type 1, and a payload of
    /// `length` bytes (bytes after it are padding).
    ///
    /// # Errors
    /// [`Truncated`](codec_core::ErrorKind::Truncated) when the header or the payload is cut
    /// short; [`BadValue`](codec_core::ErrorKind::BadValue) on [`Field::Version`] at offset 0
    /// for another version/type than 1/1.
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, rest) = split_header::<B, PppoeHeader>(Protocol::Pppoe, bytes)?;
        if header.version_type != VERSION_TYPE {
            return Err(Error::bad_value(
                Protocol::Pppoe,
                0,
                Field::Version,
                u32::from(header.version_type),
            ));
        }
        let len = usize::from(header.length.get());
        let (payload, padding) = split_at(Protocol::Pppoe, rest, len, HEADER_LEN)?;
        Ok(PppoePacket {
            header,
            payload,
            padding,
        })
    }

    /// The version (1).
    #[inline]
    pub fn version(&self) -> u8 {
        self.header.version_type >> 4
    }

    /// The type (1).
    #[inline]
    pub fn pppoe_type(&self) -> u8 {
        self.header.version_type & 0x0f
    }

    /// The code.
    #[inline]
    pub fn code(&self) -> PppoeCode {
        PppoeCode::from_value(self.header.code)
    }

    /// The session id.
    #[inline]
    pub fn session_id(&self) -> u16 {
        self.header.session_id.get()
    }

    /// The length field: bytes of payload.
    #[inline]
    pub fn payload_len(&self) -> u16 {
        self.header.length.get()
    }

    /// The payload: tags (discovery) or a PPP frame (session).
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Bytes after the payload (Ethernet padding).
    #[inline]
    pub fn padding(&self) -> &[u8] {
        &self.padding
    }

    /// The tags of a discovery packet.
    #[inline]
    pub fn tags(&self) -> Tags<'_> {
        Tags::new(&self.payload)
    }

    /// The PPP frame of a session packet: protocol field and information, no address or
    /// control (RFC 2516 §7).
    ///
    /// # Errors
    /// Whatever [`PppFrame::parse`] reports.
    pub fn ppp(&self) -> Result<PppFrame<&[u8]>> {
        PppFrame::parse(&self.payload[..])
    }
}

impl<B: ByteSliceMut + SplitByteSlice> PppoePacket<B> {
    /// Sets the session id.
    #[inline]
    pub fn set_session_id(&mut self, id: u16) {
        self.header.session_id.set(id);
    }

    /// Sets the code.
    #[inline]
    pub fn set_code(&mut self, code: PppoeCode) {
        self.header.code = code.value();
    }

    /// The payload, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.payload
    }
}

impl<B: SplitByteSlice> fmt::Debug for PppoePacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PppoePacket")
            .field("header", &*self.header)
            .field("payload_len", &self.payload.len())
            .field("padding_len", &self.padding.len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for PppoePacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PPPoE {} session {:#06x} len {}",
            self.code(),
            self.session_id(),
            self.payload_len()
        )?;
        if self.code() != PppoeCode::Session {
            f.write_str(" [")?;
            for (i, t) in self.tags().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                match t {
                    Ok(t) => write!(f, "{t}")?,
                    Err(e) => write!(f, "{e}")?,
                }
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}

/// The tags of a discovery repr: raw bytes (as parsed) or typed tags (to build).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagList<'a> {
    /// Tag bytes as on the wire.
    Raw(&'a [u8]),
    /// Typed tags, written in order.
    Typed(&'a [PppoeTag<'a>]),
}

impl TagList<'_> {
    /// Bytes the list takes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match *self {
            TagList::Raw(b) => b.len(),
            TagList::Typed(t) => t
                .iter()
                .fold(0usize, |n, t| n.saturating_add(t.buffer_len())),
        }
    }
}

/// The meaning of a PPPoE packet.
///
/// Equality of discovery reprs compares the tag lists tag by tag as typed tags: a `Raw`
/// list equals a `Typed` one when walking it gives the same typed tags. A typed list is
/// canonical when each tag uses its typed variant (an `Unknown` tag carrying a known type
/// emits the same bytes but is not equal to its typed form); `parse(emit(r)) == r` holds
/// for canonical reprs.
#[derive(Debug, Clone, Copy)]
pub enum PppoeRepr<'a> {
    /// A discovery packet (EtherType 0x8863).
    Discovery {
        /// The code (PADI...).
        code: PppoeCode,
        /// The session id (0 except in PADS and PADT).
        session_id: u16,
        /// The tags.
        tags: TagList<'a>,
    },
    /// A session packet (EtherType 0x8864, code 0): the header of a PPP payload.
    Session {
        /// The session id.
        session_id: u16,
        /// Bytes of PPP payload.
        payload_len: u16,
    },
}

impl PartialEq for PppoeRepr<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (*self, *other) {
            (
                PppoeRepr::Discovery {
                    code: c,
                    session_id: s,
                    tags: a,
                },
                PppoeRepr::Discovery {
                    code: d,
                    session_id: t,
                    tags: b,
                },
            ) => c == d && s == t && same_tags(a, b),
            (
                PppoeRepr::Session {
                    session_id: s,
                    payload_len: a,
                },
                PppoeRepr::Session {
                    session_id: t,
                    payload_len: b,
                },
            ) => s == t && a == b,
            _ => false,
        }
    }
}

impl Eq for PppoeRepr<'_> {}

fn same_tags(a: TagList<'_>, b: TagList<'_>) -> bool {
    if let (TagList::Raw(x), TagList::Raw(y)) = (a, b) {
        return x == y;
    }
    if a.buffer_len() != b.buffer_len() {
        return false;
    }
    fn walk<'t>(l: TagList<'t>) -> impl Iterator<Item = Result<PppoeTag<'t>>> {
        let (raw, typed): (&'t [u8], &'t [PppoeTag<'t>]) = match l {
            TagList::Raw(r) => (r, &[]),
            TagList::Typed(t) => (&[], t),
        };
        Tags::new(raw).chain(typed.iter().copied().map(Ok))
    }
    let (mut x, mut y) = (walk(a), walk(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(Ok(p)), Some(Ok(q))) if p == q => {}
            _ => return false,
        }
    }
}

impl<'a> PppoeRepr<'a> {
    /// The repr of a parsed packet: code 0 is a session packet, any other code a discovery
    /// packet with its tags raw.
    ///
    /// # Errors
    /// None for a packet that parsed.
    pub fn parse<B: SplitByteSlice>(packet: &'a PppoePacket<B>) -> Result<Self> {
        Ok(match packet.code() {
            PppoeCode::Session => PppoeRepr::Session {
                session_id: packet.session_id(),
                payload_len: packet.payload_len(),
            },
            code => PppoeRepr::Discovery {
                code,
                session_id: packet.session_id(),
                tags: TagList::Raw(packet.payload()),
            },
        })
    }

    /// The code.
    #[must_use]
    pub const fn code(&self) -> PppoeCode {
        match *self {
            PppoeRepr::Discovery { code, .. } => code,
            PppoeRepr::Session { .. } => PppoeCode::Session,
        }
    }

    /// Bytes the packet takes: header and payload.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN.saturating_add(match *self {
            PppoeRepr::Discovery { tags, .. } => tags.buffer_len(),
            PppoeRepr::Session { payload_len, .. } => usize::from(payload_len),
        })
    }

    /// Writes a discovery packet whole, or a session packet's 6-byte header only (see
    /// [`emit_session`](Self::emit_session)); returns the bytes written.
    ///
    /// # Errors
    /// A buffer error; [`TooLong`](codec_core::ErrorKind::TooLong) when the tags exceed
    /// 65535 bytes; [`BadValue`](codec_core::ErrorKind::BadValue) on the code for a discovery
    /// repr with code 0.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let (code, session_id, len) = match *self {
            PppoeRepr::Discovery {
                code, session_id, ..
            } => {
                if code == PppoeCode::Session {
                    return Err(Error::bad_value(Protocol::Pppoe, 1, Field::Code, 0));
                }
                (code, session_id, self.buffer_len() - HEADER_LEN)
            }
            PppoeRepr::Session {
                session_id,
                payload_len,
            } => (PppoeCode::Session, session_id, usize::from(payload_len)),
        };
        let Ok(length) = u16::try_from(len) else {
            return Err(Error::new(
                Protocol::Pppoe,
                4,
                codec_core::ErrorKind::TooLong {
                    field: Field::PayloadLength,
                    limit: u32::from(u16::MAX),
                },
            ));
        };
        let needed = match self {
            PppoeRepr::Discovery { .. } => self.buffer_len(),
            PppoeRepr::Session { .. } => HEADER_LEN,
        };
        if buf.len() < needed {
            return Err(Error::buffer_too_small(Protocol::Pppoe, needed, buf.len()));
        }
        let mut w = Writer::new(Protocol::Pppoe, buf);
        w.put_u8(VERSION_TYPE)?;
        w.put_u8(code.value())?;
        w.put_u16(session_id)?;
        w.put_u16(length)?;
        if let PppoeRepr::Discovery { tags, .. } = *self {
            match tags {
                TagList::Raw(b) => w.put_slice(b)?,
                TagList::Typed(t) => t.iter().try_for_each(|t| t.emit(&mut w))?,
            }
        }
        Ok(w.position())
    }

    /// Writes a session packet: the header, then the PPP payload written in place by
    /// `emit_payload` into exactly `payload_len` bytes; returns the packet's length.
    ///
    /// # Errors
    /// A buffer error, [`BadValue`](codec_core::ErrorKind::BadValue) on the code for a
    /// discovery repr, or what `emit_payload` returns.
    pub fn emit_session(
        &self,
        buf: &mut [u8],
        emit_payload: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<usize> {
        let PppoeRepr::Session { .. } = *self else {
            return Err(Error::bad_value(
                Protocol::Pppoe,
                1,
                Field::Code,
                u32::from(self.code().value()),
            ));
        };
        let total = self.buffer_len();
        if buf.len() < total {
            return Err(Error::buffer_too_small(Protocol::Pppoe, total, buf.len()));
        }
        self.emit(buf)?;
        let payload = buf
            .get_mut(HEADER_LEN..total)
            .ok_or_else(|| Error::buffer_too_small(Protocol::Pppoe, total, 0))?;
        emit_payload(payload)?;
        Ok(total)
    }
}

impl fmt::Display for PppoeRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PppoeRepr::Discovery {
                code,
                session_id,
                tags,
            } => write!(
                f,
                "PPPoE {code} session {session_id:#06x} len {}",
                tags.buffer_len()
            ),
            PppoeRepr::Session {
                session_id,
                payload_len,
            } => write!(
                f,
                "PPPoE Session session {session_id:#06x} len {payload_len}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ppp::{PppProtocol, PppRepr};
    use codec_core::ErrorKind;
    use std::string::ToString;
    use std::vec::Vec;

    // pcapplusplus_PPPoEDiscovery.pcap frame 2 after the Ethernet header: a PADS for session
    // 0x0011 (Wireshark: tags 0x0101 len 0 at 20, 0x0103 "64138518", 0x0102 "BRAS",
    // 0x0104 16 bytes), followed by 0 padding bytes.
    static PADS: [u8; 46] = [
        0x11, 0x65, 0x00, 0x11, 0x00, 0x28, 0x01, 0x01, 0x00, 0x00, 0x01, 0x03, 0x00, 0x04, 0x64,
        0x13, 0x85, 0x18, 0x01, 0x02, 0x00, 0x04, 0x42, 0x52, 0x41, 0x53, 0x01, 0x04, 0x00, 0x10,
        0x3d, 0x0f, 0x05, 0x87, 0x06, 0x24, 0x84, 0xf2, 0xdf, 0x32, 0xb9, 0xdd, 0xfd, 0x77, 0xbd,
        0x5b,
    ];
    // tcpdump_pppoes.pcap frame 1 after Ethernet: session 0x003b, an LCP Echo-Request.
    static SESSION: [u8; 20] = [
        0x11, 0x00, 0x00, 0x3b, 0x00, 0x0e, 0xc0, 0x21, 0x09, 0x6a, 0x00, 0x0c, 0xa4, 0xcc, 0x4e,
        0x34, 0x0e, 0xe2, 0xf6, 0x09,
    ];

    #[test]
    fn deconstruct() {
        let p = PppoePacket::parse(&PADS[..]).unwrap();
        assert_eq!(
            (p.version(), p.pppoe_type(), p.code()),
            (1, 1, PppoeCode::Pads)
        );
        assert_eq!((p.session_id(), p.payload_len()), (0x11, 40));
        let mut tags = p.tags();
        let mut seen = Vec::new();
        loop {
            let at = tags.offset();
            let Some(t) = tags.next() else { break };
            seen.push((at, t.unwrap()));
        }
        assert_eq!(
            seen,
            [
                (0, PppoeTag::ServiceName(b"")),
                (4, PppoeTag::HostUniq(&[0x64, 0x13, 0x85, 0x18])),
                (12, PppoeTag::AcName(b"BRAS")),
                (20, PppoeTag::AcCookie(&PADS[30..46])),
            ]
        );
        assert_eq!(
            p.to_string(),
            "PPPoE PADS session 0x0011 len 40 [Service-Name \"\", Host-Uniq 64:13:85:18, \
             AC-Name \"BRAS\", AC-Cookie 3d:0f:05:87:06:24:84:f2:df:32:b9:dd:fd:77:bd:5b]"
        );
        let s = PppoePacket::parse(&SESSION[..]).unwrap();
        assert_eq!(s.code(), PppoeCode::Session);
        let ppp = s.ppp().unwrap();
        assert_eq!((ppp.protocol(), ppp.header_len()), (PppProtocol::Lcp, 2));
        assert_eq!(s.to_string(), "PPPoE Session session 0x003b len 14");
    }

    #[test]
    fn construct() {
        let mut b = SESSION;
        let mut p = PppoePacket::parse(&mut b[..]).unwrap();
        p.set_session_id(0x1234);
        p.set_code(PppoeCode::Padt);
        p.payload_mut()[0] = 0x80;
        assert_eq!(&b[..7], &[0x11, 0xa7, 0x12, 0x34, 0x00, 0x0e, 0x80]);
    }

    #[test]
    fn parse_and_emit() {
        let p = PppoePacket::parse(&PADS[..]).unwrap();
        let r = PppoeRepr::parse(&p).unwrap();
        let mut out = [0u8; 64];
        let n = r.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &PADS[..]);
        // The same packet from typed tags.
        let tags: Vec<_> = p.tags().map(Result::unwrap).collect();
        let typed = PppoeRepr::Discovery {
            code: PppoeCode::Pads,
            session_id: 0x11,
            tags: TagList::Typed(&tags),
        };
        assert_eq!(typed, r);
        let n = typed.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &PADS[..]);

        // Every tag type.
        let all = [
            PppoeTag::ServiceName(b"isp"),
            PppoeTag::AcName(b"ac"),
            PppoeTag::HostUniq(&[1]),
            PppoeTag::AcCookie(&[2, 3]),
            PppoeTag::VendorSpecific {
                vendor_id: 3561,
                data: &[1, 2],
            },
            PppoeTag::RelaySessionId(&[9]),
            PppoeTag::PppMaxPayload(1500),
            PppoeTag::ServiceNameError(b""),
            PppoeTag::AcSystemError(b"busy"),
            PppoeTag::GenericError(b"x"),
            PppoeTag::Unknown {
                kind: 0x0999,
                data: &[7],
            },
            PppoeTag::Malformed {
                kind: 0x0120,
                data: &[5],
            },
            PppoeTag::EndOfList,
        ];
        let r = PppoeRepr::Discovery {
            code: PppoeCode::Padr,
            session_id: 0,
            tags: TagList::Typed(&all),
        };
        let mut out = [0u8; 128];
        let n = r.emit(&mut out).unwrap();
        let p = PppoePacket::parse(&out[..n]).unwrap();
        assert_eq!(p.tags().map(Result::unwrap).collect::<Vec<_>>(), all);
        assert_eq!(PppoeRepr::parse(&p).unwrap(), r);
        assert_eq!(all[4].to_string(), "Vendor-Specific 3561 01:02");
        assert_eq!(all[11].to_string(), "malformed PPP-Max-Payload (1 bytes)");

        // A session packet around a PPP header written in place.
        let s = PppoeRepr::Session {
            session_id: 0x3b,
            payload_len: 14,
        };
        let n = s
            .emit_session(&mut out, |payload| {
                let ppp = PppRepr {
                    address_control: false,
                    protocol: PppProtocol::Lcp,
                    compress_protocol: false,
                };
                ppp.emit(payload)?;
                payload[2..].copy_from_slice(&SESSION[8..]);
                Ok(())
            })
            .unwrap();
        assert_eq!(&out[..n], &SESSION[..]);
        assert_eq!(
            PppoeRepr::parse(&PppoePacket::parse(&SESSION[..]).unwrap()).unwrap(),
            s
        );
    }

    #[test]
    fn rejected_inputs() {
        let e = PppoePacket::parse(&[0x12u8, 0, 0, 0, 0, 0][..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                0,
                ErrorKind::BadValue {
                    field: Field::Version,
                    value: 0x12
                }
            )
        );
        let e = PppoePacket::parse(&SESSION[..10]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                6,
                ErrorKind::Truncated {
                    needed: 14,
                    available: 4
                }
            )
        );
        let e = PppoePacket::parse(&SESSION[..5]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 6,
                available: 5
            }
        );
        // A tag running past the payload.
        let bad = [0x11u8, 0x09, 0, 0, 0, 6, 0x01, 0x01, 0x00, 0x05, b'a', b'b'];
        let p = PppoePacket::parse(&bad[..]).unwrap();
        let e = p.tags().next().unwrap().unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::Pppoe, 2));
        let r = PppoeRepr::Discovery {
            code: PppoeCode::Session,
            session_id: 0,
            tags: TagList::Raw(&[]),
        };
        assert!(r.emit(&mut [0u8; 8]).is_err());
        let r = PppoeRepr::Discovery {
            code: PppoeCode::Padi,
            session_id: 0,
            tags: TagList::Raw(&[]),
        };
        assert!(r.emit_session(&mut [0u8; 8], |_| Ok(())).is_err());
    }
}
