//! The Challenge-Handshake Authentication Protocol (RFC 1994 §4), with the MS-CHAPv2
//! response layout (RFC 2759 §4).
//!
//! ```text
//! code | id | length (2) | data
//!   1 Challenge / 2 Response: value-size (1), value, name (the rest, RFC 1994 §4.1)
//!   3 Success / 4 Failure: message (the rest)
//! ```
//!
//! ```
//! use codec_link::ppp::chap::{ChapMessage, ChapPacket};
//! // chapcrack_pptp_mschapv2.cap frame 2: the MS-CHAPv2 Response of "moxie".
//! let bytes = [
//!     0x02, 0xb0, 0x00, 0x3b, 0x31, 0xab, 0xfe, 0x01, 0xe6, 0xc7, 0x59, 0x85, 0x01, 0x55, 0xb4,
//!     0xd8, 0xd6, 0x25, 0x8c, 0xdb, 0x67, 0, 0, 0, 0, 0, 0, 0, 0, 0x1c, 0x93, 0xab, 0xce,
//!     0x81, 0x54, 0x00, 0x68, 0x6b, 0xae, 0xca, 0x31, 0x5f, 0x34, 0x84, 0x69, 0x25, 0x64,
//!     0x20, 0x59, 0x8a, 0x73, 0xad, 0x49, 0x00, b'm', b'o', b'x', b'i', b'e',
//! ];
//! let packet = ChapPacket::parse(&bytes[..])?;
//! assert_eq!(packet.name(), Some(&b"moxie"[..]));
//! let r = packet.message().ms_chap_v2_response().unwrap();
//! assert_eq!(r.peer_challenge[..4], [0xab, 0xfe, 0x01, 0xe6]);
//! assert_eq!(r.nt_response[..4], [0x1c, 0x93, 0xab, 0xce]);
//! assert_eq!(r.flags, 0);
//! assert_eq!(packet.to_string(), "CHAP Response id=176 value=49 bytes name=\"moxie\"");
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::control::{ControlHeader, HEADER_LEN, split_packet, write_header, write_text};
use codec_core::{Error, ErrorKind, Field, Protocol, Result};
use core::fmt;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

codec_core::registry! {
    /// CHAP codes (RFC 1994 §4).
    pub enum ChapCode: u8 {
        /// Challenge.
        Challenge = 1 => "Challenge",
        /// Response.
        Response = 2 => "Response",
        /// Success.
        Success = 3 => "Success",
        /// Failure.
        Failure = 4 => "Failure",
    }
}

/// The 49-byte value of an MS-CHAPv2 Response (RFC 2759 §4).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct MsChapV2Response {
    /// The peer's 16-byte challenge.
    pub peer_challenge: [u8; 16],
    /// Reserved, zero.
    pub reserved: [u8; 8],
    /// The 24-byte NT-Response.
    pub nt_response: [u8; 24],
    /// Flags, zero.
    pub flags: u8,
}

/// Length of an MS-CHAPv2 Response value.
pub const MS_CHAP_V2_RESPONSE_LEN: usize = 49;

/// The data of a CHAP packet, typed by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapMessage<'a> {
    /// Challenge: the challenge value and the authenticator's name.
    Challenge {
        /// The challenge (at most 255 bytes).
        value: &'a [u8],
        /// The sender's name.
        name: &'a [u8],
    },
    /// Response: the response value and the peer's name.
    Response {
        /// The response (16 bytes for MD5, 49 for MS-CHAPv2).
        value: &'a [u8],
        /// The sender's name.
        name: &'a [u8],
    },
    /// Success, with a message.
    Success {
        /// The message.
        message: &'a [u8],
    },
    /// Failure, with a message.
    Failure {
        /// The message.
        message: &'a [u8],
    },
    /// Another code, with its data.
    Unknown {
        /// The code.
        code: u8,
        /// The data.
        data: &'a [u8],
    },
}

impl<'a> ChapMessage<'a> {
    /// Types the data of a packet with code `code`.
    ///
    /// # Errors
    /// [`Truncated`](ErrorKind::Truncated) when a Challenge/Response has no value-size byte
    /// or its value runs past the packet's length (offsets count from the code byte).
    pub fn new(code: u8, data: &'a [u8]) -> Result<Self> {
        let value_and_name = || -> Result<(&'a [u8], &'a [u8])> {
            let Some((&n, rest)) = data.split_first() else {
                return Err(Error::truncated(Protocol::Chap, HEADER_LEN, 1, 0));
            };
            match rest.split_at_checked(usize::from(n)) {
                Some(v) => Ok(v),
                None => Err(Error::truncated(
                    Protocol::Chap,
                    HEADER_LEN + 1,
                    usize::from(n),
                    rest.len(),
                )),
            }
        };
        Ok(match ChapCode::from_value(code) {
            ChapCode::Challenge => {
                let (value, name) = value_and_name()?;
                ChapMessage::Challenge { value, name }
            }
            ChapCode::Response => {
                let (value, name) = value_and_name()?;
                ChapMessage::Response { value, name }
            }
            ChapCode::Success => ChapMessage::Success { message: data },
            ChapCode::Failure => ChapMessage::Failure { message: data },
            ChapCode::Unknown(_) => ChapMessage::Unknown { code, data },
        })
    }

    /// The code.
    #[must_use]
    pub const fn code(&self) -> ChapCode {
        match *self {
            ChapMessage::Challenge { .. } => ChapCode::Challenge,
            ChapMessage::Response { .. } => ChapCode::Response,
            ChapMessage::Success { .. } => ChapCode::Success,
            ChapMessage::Failure { .. } => ChapCode::Failure,
            ChapMessage::Unknown { code, .. } => ChapCode::from_value(code),
        }
    }

    /// The MS-CHAPv2 fields of a Response whose value has 49 bytes (RFC 2759 §4).
    #[must_use]
    pub fn ms_chap_v2_response(&self) -> Option<&'a MsChapV2Response> {
        match *self {
            ChapMessage::Response { value, .. } => MsChapV2Response::ref_from_bytes(value).ok(),
            _ => None,
        }
    }

    /// Bytes of data.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match *self {
            ChapMessage::Challenge { value, name } | ChapMessage::Response { value, name } => {
                value.len().saturating_add(name.len()).saturating_add(1)
            }
            ChapMessage::Success { message: d }
            | ChapMessage::Failure { message: d }
            | ChapMessage::Unknown { data: d, .. } => d.len(),
        }
    }

    fn fmt_data(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ChapMessage::Challenge { value, name } | ChapMessage::Response { value, name } => {
                write!(f, " value={} bytes name=\"", value.len())?;
                write_text(f, name)?;
                f.write_str("\"")
            }
            ChapMessage::Success { message } | ChapMessage::Failure { message } => {
                f.write_str(" \"")?;
                write_text(f, message)?;
                f.write_str("\"")
            }
            ChapMessage::Unknown { data, .. } => write!(f, " {} bytes of data", data.len()),
        }
    }
}

/// A zero-copy view of a CHAP packet.
pub struct ChapPacket<B> {
    header: Ref<B, ControlHeader>,
    data: B,
    padding: B,
}

impl<B: SplitByteSlice> ChapPacket<B> {
    /// Validates a CHAP packet: the header, `4 <= length <= bytes`, and for a Challenge or
    /// Response the value size. Bytes after `length` are padding.
    ///
    /// # Errors
    /// Truncation, or [`BadLength`](ErrorKind::BadLength) at offset 2 for a length below 4.
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, data, padding) = split_packet(Protocol::Chap, bytes)?;
        ChapMessage::new(header.code, &data)?;
        Ok(ChapPacket {
            header,
            data,
            padding,
        })
    }

    /// The code.
    #[inline]
    pub fn code(&self) -> ChapCode {
        ChapCode::from_value(self.header.code)
    }

    /// The identifier.
    #[inline]
    pub fn identifier(&self) -> u8 {
        self.header.identifier
    }

    /// The length field.
    #[inline]
    pub fn length(&self) -> u16 {
        self.header.length.get()
    }

    /// The data (up to `length`).
    #[inline]
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Bytes after `length`.
    #[inline]
    pub fn padding(&self) -> &[u8] {
        &self.padding
    }

    /// The data typed by code.
    pub fn message(&self) -> ChapMessage<'_> {
        ChapMessage::new(self.header.code, &self.data).unwrap_or(ChapMessage::Unknown {
            code: self.header.code,
            data: &self.data,
        })
    }

    /// The value of a Challenge or Response.
    pub fn value(&self) -> Option<&[u8]> {
        match self.message() {
            ChapMessage::Challenge { value, .. } | ChapMessage::Response { value, .. } => {
                Some(value)
            }
            _ => None,
        }
    }

    /// The name of a Challenge or Response.
    pub fn name(&self) -> Option<&[u8]> {
        match self.message() {
            ChapMessage::Challenge { name, .. } | ChapMessage::Response { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The message of a Success or Failure.
    pub fn text(&self) -> Option<&[u8]> {
        match self.message() {
            ChapMessage::Success { message } | ChapMessage::Failure { message } => Some(message),
            _ => None,
        }
    }
}

impl<B: ByteSliceMut + SplitByteSlice> ChapPacket<B> {
    /// Sets the identifier.
    #[inline]
    pub fn set_identifier(&mut self, identifier: u8) {
        self.header.identifier = identifier;
    }
}

impl<B: SplitByteSlice> fmt::Debug for ChapPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChapPacket")
            .field("header", &*self.header)
            .field("message", &self.message())
            .field("padding_len", &self.padding.len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for ChapPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CHAP {} id={}", self.code(), self.identifier())?;
        self.message().fmt_data(f)
    }
}

/// The meaning of a CHAP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChapRepr<'a> {
    /// The identifier.
    pub identifier: u8,
    /// The typed data.
    pub message: ChapMessage<'a>,
}

impl<'a> ChapRepr<'a> {
    /// The repr of a parsed packet.
    ///
    /// # Errors
    /// None for a packet that parsed.
    pub fn parse<B: SplitByteSlice>(packet: &'a ChapPacket<B>) -> Result<Self> {
        Ok(ChapRepr {
            identifier: packet.identifier(),
            message: ChapMessage::new(packet.header.code, &packet.data)?,
        })
    }

    /// Bytes the packet takes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.message.buffer_len().saturating_add(HEADER_LEN)
    }

    /// Writes the packet, filling value size and length; returns its length.
    ///
    /// # Errors
    /// A buffer error; [`TooLong`](ErrorKind::TooLong) for a value over 255 bytes or a
    /// packet over 65535; [`BadValue`](ErrorKind::BadValue) on the code for an `Unknown`
    /// message with a code CHAP types.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let code = self.message.code();
        if matches!(self.message, ChapMessage::Unknown { .. })
            && !matches!(code, ChapCode::Unknown(_))
        {
            return Err(Error::bad_value(
                Protocol::Chap,
                0,
                Field::Code,
                u32::from(code.value()),
            ));
        }
        let mut w = write_header(
            Protocol::Chap,
            buf,
            code.value(),
            self.identifier,
            self.message.buffer_len(),
        )?;
        match self.message {
            ChapMessage::Challenge { value, name } | ChapMessage::Response { value, name } => {
                let Ok(n) = u8::try_from(value.len()) else {
                    return Err(Error::new(
                        Protocol::Chap,
                        HEADER_LEN,
                        ErrorKind::TooLong {
                            field: Field::Length,
                            limit: 255,
                        },
                    ));
                };
                w.put_u8(n)?;
                w.put_slice(value)?;
                w.put_slice(name)?;
            }
            ChapMessage::Success { message: d }
            | ChapMessage::Failure { message: d }
            | ChapMessage::Unknown { data: d, .. } => w.put_slice(d)?,
        }
        Ok(w.position())
    }
}

impl fmt::Display for ChapRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CHAP {} id={}", self.message.code(), self.identifier)?;
        self.message.fmt_data(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    // chapcrack_pptp_mschapv2.cap frame 1 (Wireshark: code 1, id 176, length 26,
    // value_size 16, value 258d4fc0..., name "pptpd").
    static CHALLENGE: [u8; 26] = [
        0x01, 0xb0, 0x00, 0x1a, 0x10, 0x25, 0x8d, 0x4f, 0xc0, 0x24, 0xf1, 0x11, 0x51, 0x2d, 0x0b,
        0x61, 0xf9, 0xc3, 0x75, 0xae, 0xe1, b'p', b'p', b't', b'p', b'd',
    ];
    // ppp_chapvj.pcapng frame 12, with the 2 FCS bytes (pppd: "rcvd [CHAP Success id=0x6f
    // "Access granted"]").
    static SUCCESS: [u8; 20] = *b"\x03\x6f\x00\x12Access granted\x00\x00";

    #[test]
    fn deconstruct() {
        let p = ChapPacket::parse(&CHALLENGE[..]).unwrap();
        assert_eq!(
            (p.code(), p.identifier(), p.length()),
            (ChapCode::Challenge, 176, 26)
        );
        assert_eq!(p.value().unwrap().len(), 16);
        assert_eq!(p.value().unwrap()[..2], [0x25, 0x8d]);
        assert_eq!(p.name(), Some(&b"pptpd"[..]));
        assert_eq!(p.message().ms_chap_v2_response(), None);
        let p = ChapPacket::parse(&SUCCESS[..]).unwrap();
        assert_eq!(p.text(), Some(&b"Access granted"[..]));
        assert_eq!(p.padding().len(), 2);
        assert_eq!(p.to_string(), "CHAP Success id=111 \"Access granted\"");
    }

    #[test]
    fn construct_and_emit() {
        let mut bytes = CHALLENGE;
        ChapPacket::parse(&mut bytes[..]).unwrap().set_identifier(1);
        assert_eq!(bytes[1], 1);
        for b in [&CHALLENGE[..], &SUCCESS[..18], b"\x04\x01\x00\x04"] {
            let p = ChapPacket::parse(b).unwrap();
            let r = ChapRepr::parse(&p).unwrap();
            let mut out = [0u8; 64];
            let n = r.emit(&mut out).unwrap();
            assert_eq!(&out[..n], b);
            assert_eq!(
                ChapRepr::parse(&ChapPacket::parse(&out[..n]).unwrap()).unwrap(),
                r
            );
        }
        // An MS-CHAPv2 response built from its fields.
        let v = MsChapV2Response {
            peer_challenge: [1; 16],
            reserved: [0; 8],
            nt_response: [2; 24],
            flags: 0,
        };
        let r = ChapRepr {
            identifier: 9,
            message: ChapMessage::Response {
                value: v.as_bytes(),
                name: b"moxie",
            },
        };
        let mut out = [0u8; 64];
        let n = r.emit(&mut out).unwrap();
        assert_eq!((n, out[4], out[5], out[21], out[29]), (59, 49, 1, 0, 2));
        let p = ChapPacket::parse(&out[..n]).unwrap();
        assert_eq!(p.message().ms_chap_v2_response(), Some(&v));
        assert_eq!(
            r.to_string(),
            "CHAP Response id=9 value=49 bytes name=\"moxie\""
        );
    }

    #[test]
    fn rejects_value_past_length() {
        let e = ChapPacket::parse(&[0x01u8, 1, 0, 6, 5, 0][..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                5,
                ErrorKind::Truncated {
                    needed: 5,
                    available: 1
                }
            )
        );
        let e = ChapPacket::parse(&[0x02u8, 1, 0, 4][..]).unwrap_err();
        assert_eq!(e.offset(), 4);
        let big = [0u8; 256];
        let r = ChapRepr {
            identifier: 1,
            message: ChapMessage::Challenge {
                value: &big,
                name: b"",
            },
        };
        assert!(r.emit(&mut [0u8; 300]).is_err());
        let r = ChapRepr {
            identifier: 1,
            message: ChapMessage::Unknown { code: 3, data: b"" },
        };
        assert!(r.emit(&mut [0u8; 8]).is_err());
    }
}
