//! ODC2, the Direct IM header (notes §1.8), sent before each message on a direct (or
//! proxied) connection.
//!
//! ```text
//!  0 "ODC2"  4 header length (76)  6 type (1)  8 subtype (6)  10 zero
//! 12 cookie[8]  20 zero[8]  28 payload length (u32)  32 encoding  34 zero[4]
//! 38 flags  40 zero[4]  44 screen name[32], NUL-padded  76 payload
//! ```
//!
//! Offsets from libpurple `peer.h`/`odc.c` (ReAIM hard-codes the cookie at 12 and the
//! screen name at 44). A header length above 76 is accepted and the extra header bytes are
//! kept; the payload (`payload length` bytes, the message, possibly with inline images)
//! follows the header.
//!
//! ```
//! use codec_aim::odc::{OdcFlags, OdcPacket, OdcRepr};
//! let repr = OdcRepr::message(*b"1234567\0", b"buddy", OdcFlags::empty(), b"<HTML>hi</HTML>");
//! let mut out = [0u8; 128];
//! let n = repr.emit(&mut out)?;
//! assert_eq!(n, 76 + 15);
//! let odc = OdcPacket::parse(&out[..n])?;
//! assert_eq!(odc.screen_name(), b"buddy");
//! assert_eq!(odc.payload(), b"<HTML>hi</HTML>");
//! assert_eq!(odc.to_string(), "ODC2 message from buddy cookie 3132333435363700 15 bytes");
//! assert_eq!(OdcRepr::parse(&odc)?, repr);
//! # Ok::<(), codec_core::Error>(())
//! ```

use codec_core::{Error, Field, Protocol, Result, Writer, split_at, split_header};
use core::fmt;
use zerocopy::byteorder::network_endian::{U16, U32};
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// The magic of a Direct IM header.
pub const MAGIC: [u8; 4] = *b"ODC2";
/// Length of the header.
pub const HEADER_LEN: usize = 76;
/// The type of a message header.
pub const TYPE_MESSAGE: u16 = 0x0001;
/// The subtype of a message header.
pub const SUBTYPE_MESSAGE: u16 = 0x0006;

bitflags::bitflags! {
    /// ODC2 flags (libpurple `odc.c`: 0x0001 auto-reply; typing state in 0x0002, 0x0004,
    /// 0x0008).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct OdcFlags: u16 {
        /// 0x0001: automatic reply (away message).
        const AUTO_REPLY = 0x0001;
        /// 0x0002: a typing notification.
        const TYPING_NOTIFICATION = 0x0002;
        /// 0x0004: text typed (paused).
        const TYPED = 0x0004;
        /// 0x0008: typing.
        const TYPING = 0x0008;
        /// 0x0020: the payload carries inline data (images).
        const IMAGE_DATA = 0x0020;
        // Keep every other bit.
        const _ = !0;
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for OdcFlags {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(OdcFlags::from_bits_retain(u.arbitrary()?))
    }
}

/// The 76-byte ODC2 header.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct OdcHeader {
    /// `"ODC2"`.
    pub magic: [u8; 4],
    /// Header length (76).
    pub length: U16,
    /// Type (1).
    pub kind: U16,
    /// Subtype (6).
    pub subtype: U16,
    /// Zero.
    pub zero1: U16,
    /// The rendezvous cookie.
    pub cookie: [u8; 8],
    /// Zero.
    pub zero2: [u8; 8],
    /// Payload length.
    pub payload_len: U32,
    /// Payload encoding: 0 ASCII, 2 UCS-2BE, 3 ISO-8859-1.
    pub encoding: U16,
    /// Zero.
    pub zero3: [u8; 4],
    /// Flags.
    pub flags: U16,
    /// Zero.
    pub zero4: [u8; 4],
    /// Sender's screen name, NUL-padded.
    pub screen_name: [u8; 32],
}

/// A zero-copy view of an ODC2 header and its payload.
pub struct OdcPacket<B> {
    header: Ref<B, OdcHeader>,
    extra: B,
    payload: B,
    rest: B,
}

impl<B: SplitByteSlice> OdcPacket<B> {
    /// Validates the header at the front of `bytes` (magic, length ≥ 76) and the payload
    /// after it. Bytes after the payload are kept as [`rest`](Self::rest).
    ///
    /// # Errors
    /// [`BadValue`](codec_core::ErrorKind::BadValue) of [`Field::Magic`],
    /// [`BadLength`](codec_core::ErrorKind::BadLength) of [`Field::HeaderLength`] below 76,
    /// truncation.
    pub fn parse(bytes: B) -> Result<Self> {
        if let Some(magic) = bytes.first_chunk::<4>()
            && *magic != MAGIC
        {
            return Err(Error::bad_value(
                Protocol::Odc,
                0,
                Field::Magic,
                u32::from_be_bytes(*magic),
            ));
        }
        let (header, rest) = split_header::<B, OdcHeader>(Protocol::Odc, bytes)?;
        let len = usize::from(header.length.get());
        if len < HEADER_LEN {
            return Err(Error::bad_length(
                Protocol::Odc,
                4,
                Field::HeaderLength,
                len as u32,
            ));
        }
        let (extra, rest) = split_at(Protocol::Odc, rest, len - HEADER_LEN, HEADER_LEN)?;
        let payload_len = usize::try_from(header.payload_len.get()).unwrap_or(usize::MAX);
        let (payload, rest) = split_at(Protocol::Odc, rest, payload_len, len)?;
        Ok(OdcPacket {
            header,
            extra,
            payload,
            rest,
        })
    }

    /// The header.
    #[inline]
    pub fn header(&self) -> &OdcHeader {
        &self.header
    }

    /// Flags.
    #[inline]
    pub fn flags(&self) -> OdcFlags {
        OdcFlags::from_bits_retain(self.header.flags.get())
    }

    /// The screen name up to its first NUL.
    #[inline]
    pub fn screen_name(&self) -> &[u8] {
        let n = &self.header.screen_name;
        let end = n.iter().position(|&b| b == 0).unwrap_or(n.len());
        n.get(..end).unwrap_or(&[])
    }

    /// Header bytes beyond the 76 (a longer header length).
    #[inline]
    pub fn extra_header(&self) -> &[u8] {
        &self.extra
    }

    /// The payload.
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Bytes after the payload (the next header).
    #[inline]
    pub fn rest(&self) -> &[u8] {
        &self.rest
    }
}

impl<B: SplitByteSlice + ByteSliceMut> OdcPacket<B> {
    /// The header, writable.
    #[inline]
    pub fn header_mut(&mut self) -> &mut OdcHeader {
        &mut self.header
    }
}

impl<B: SplitByteSlice> fmt::Debug for OdcPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OdcPacket")
            .field("header", &*self.header)
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

fn summary(
    f: &mut fmt::Formatter<'_>,
    flags: OdcFlags,
    name: &[u8],
    cookie: &[u8; 8],
    len: usize,
) -> fmt::Result {
    let what = if flags.contains(OdcFlags::TYPING_NOTIFICATION) {
        "typing"
    } else {
        "message"
    };
    write!(f, "ODC2 {what} from {} cookie ", name.escape_ascii())?;
    cookie.iter().try_for_each(|b| write!(f, "{b:02x}"))?;
    write!(f, " {len} bytes")
}

impl<B: SplitByteSlice> fmt::Display for OdcPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        summary(
            f,
            self.flags(),
            self.screen_name(),
            &self.header.cookie,
            self.payload.len(),
        )
    }
}

/// An ODC2 message's meaning. The zero fields are written as zeros; a header longer than
/// 76 bytes is emitted as 76 (its extra bytes are not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct OdcRepr<'a> {
    /// Type.
    pub kind: u16,
    /// Subtype.
    pub subtype: u16,
    /// Cookie.
    pub cookie: [u8; 8],
    /// Encoding.
    pub encoding: u16,
    /// Flags.
    pub flags: OdcFlags,
    /// Screen name (at most 32 bytes; without NULs for `parse(emit(r)) == r`).
    pub screen_name: &'a [u8],
    /// Payload.
    pub payload: &'a [u8],
}

impl<'a> OdcRepr<'a> {
    /// A message (type 1, subtype 6, encoding 0) from `screen_name`.
    #[must_use]
    pub const fn message(
        cookie: [u8; 8],
        screen_name: &'a [u8],
        flags: OdcFlags,
        payload: &'a [u8],
    ) -> Self {
        OdcRepr {
            kind: TYPE_MESSAGE,
            subtype: SUBTYPE_MESSAGE,
            cookie,
            encoding: 0,
            flags,
            screen_name,
            payload,
        }
    }

    /// The repr of a parsed packet.
    ///
    /// # Errors
    /// None today; the `Result` keeps the family's shape.
    pub fn parse<B: SplitByteSlice>(p: &'a OdcPacket<B>) -> Result<Self> {
        let h = p.header();
        Ok(OdcRepr {
            kind: h.kind.get(),
            subtype: h.subtype.get(),
            cookie: h.cookie,
            encoding: h.encoding.get(),
            flags: p.flags(),
            screen_name: p.screen_name(),
            payload: p.payload(),
        })
    }

    /// Header plus payload.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN + self.payload.len()
    }

    /// Writes header and payload; returns the length.
    ///
    /// # Errors
    /// A buffer error; a screen name over 32 bytes
    /// ([`BadLength`](codec_core::ErrorKind::BadLength) of [`Field::Name`]).
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let mut name = [0u8; 32];
        match name.get_mut(..self.screen_name.len()) {
            Some(dst) => dst.copy_from_slice(self.screen_name),
            None => {
                return Err(Error::bad_length(
                    Protocol::Odc,
                    44,
                    Field::Name,
                    self.screen_name.len() as u32,
                ));
            }
        }
        let payload_len = u32::try_from(self.payload.len())
            .map_err(|_| Error::bad_length(Protocol::Odc, 28, Field::PayloadLength, u32::MAX))?;
        let header = OdcHeader {
            magic: MAGIC,
            length: U16::new(HEADER_LEN as u16),
            kind: U16::new(self.kind),
            subtype: U16::new(self.subtype),
            zero1: U16::ZERO,
            cookie: self.cookie,
            zero2: [0; 8],
            payload_len: U32::new(payload_len),
            encoding: U16::new(self.encoding),
            zero3: [0; 4],
            flags: U16::new(self.flags.bits()),
            zero4: [0; 4],
            screen_name: name,
        };
        let total = self.buffer_len();
        if buf.len() < total {
            return Err(Error::buffer_too_small(Protocol::Odc, total, buf.len()));
        }
        let mut w = Writer::new(Protocol::Odc, buf);
        w.put_slice(header.as_bytes())?;
        w.put_slice(self.payload)?;
        Ok(w.position())
    }
}

impl fmt::Display for OdcRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        summary(
            f,
            self.flags,
            self.screen_name,
            &self.cookie,
            self.payload.len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;

    // A typing notification as libpurple's odc.c writes it (flags 0x0002 | 0x0008, no
    // payload), built here from the notes §1.8 offsets.
    fn typing() -> [u8; 76] {
        let mut b = [0u8; 76];
        b[..4].copy_from_slice(b"ODC2");
        b[4..6].copy_from_slice(&76u16.to_be_bytes());
        b[6..8].copy_from_slice(&1u16.to_be_bytes());
        b[8..10].copy_from_slice(&6u16.to_be_bytes());
        b[12..20].copy_from_slice(b"6449261\0");
        b[38..40].copy_from_slice(&0x000au16.to_be_bytes());
        b[44..53].copy_from_slice(b"461758769");
        b
    }

    #[test]
    fn deconstruct_and_round_trip() {
        let bytes = typing();
        let p = OdcPacket::parse(&bytes[..]).unwrap();
        assert_eq!(p.flags(), OdcFlags::TYPING_NOTIFICATION | OdcFlags::TYPING);
        assert_eq!(p.screen_name(), b"461758769");
        assert_eq!(&p.header().cookie, b"6449261\0");
        assert!(p.payload().is_empty() && p.extra_header().is_empty());
        assert_eq!(
            p.to_string(),
            "ODC2 typing from 461758769 cookie 3634343932363100 0 bytes"
        );
        let r = OdcRepr::parse(&p).unwrap();
        let mut out = [0u8; 76];
        assert_eq!(r.emit(&mut out).unwrap(), 76);
        assert_eq!(out, bytes);
    }

    #[test]
    fn construct_in_place() {
        let mut bytes = typing();
        let mut p = OdcPacket::parse(&mut bytes[..]).unwrap();
        p.header_mut()
            .flags
            .set(OdcFlags::TYPING_NOTIFICATION.bits());
        assert_eq!(&bytes[38..40], &[0, 2]);
    }

    #[test]
    fn rejects() {
        let mut b = typing();
        b[3] = b'3';
        let e = OdcPacket::parse(&b[..]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadValue {
                field: Field::Magic,
                value: 0x4f44_4333
            }
        );
        let mut b = typing();
        b[5] = 75;
        let e = OdcPacket::parse(&b[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                4,
                ErrorKind::BadLength {
                    field: Field::HeaderLength,
                    value: 75
                }
            )
        );
        let mut b = typing();
        b[31] = 5;
        let e = OdcPacket::parse(&b[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                76,
                ErrorKind::Truncated {
                    needed: 5,
                    available: 0
                }
            )
        );
        let r = OdcRepr::message([0; 8], &[b'x'; 33], OdcFlags::empty(), &[]);
        assert!(r.emit(&mut [0u8; 128]).is_err());
    }
}
