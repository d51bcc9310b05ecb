//! The Password Authentication Protocol (RFC 1334 §2).
//!
//! ```text
//! code | id | length (2) | data
//!   1 Authenticate-Request: peer-id-length (1), peer-id, passwd-length (1), password
//!   2 Authenticate-Ack / 3 Authenticate-Nak: msg-length (1), message
//! ```
//!
//! [`PapPacket`] checks in its `parse` that every length byte stays inside the packet's
//! `length`; [`PapRepr`] builds any of the three packets (lengths filled in).
//!
//! ```
//! use codec_link::ppp::pap::{PapMessage, PapPacket, PapRepr};
//! // ppp_pap.pcapng frame 7: pppd's "[PAP AuthReq id=0x1 user="client" password=<hidden>]".
//! let bytes = *b"\x01\x01\x00\x15\x06client\x09s3cr3t-Pw";
//! let packet = PapPacket::parse(&bytes[..])?;
//! assert_eq!(packet.peer_id(), Some(&b"client"[..]));
//! assert_eq!(packet.password(), Some(&b"s3cr3t-Pw"[..]));
//! assert_eq!(packet.to_string(), "PAP Authenticate-Request id=1 peer-id=\"client\" password=<9 bytes>");
//!
//! let repr = PapRepr { identifier: 1, message: PapMessage::AuthenticateAck { message: b"Login ok" } };
//! let mut out = [0u8; 13];
//! assert_eq!(repr.emit(&mut out)?, 13);
//! assert_eq!(&out, b"\x02\x01\x00\x0d\x08Login ok");
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::control::{ControlHeader, HEADER_LEN, split_packet, write_header, write_text};
use codec_core::{Error, Protocol, Result, Writer};
use core::fmt;
use zerocopy::{ByteSliceMut, Ref, SplitByteSlice};

codec_core::registry! {
    /// PAP codes (RFC 1334 §2.2).
    pub enum PapCode: u8 {
        /// Authenticate-Request.
        AuthenticateRequest = 1 => "Authenticate-Request",
        /// Authenticate-Ack.
        AuthenticateAck = 2 => "Authenticate-Ack",
        /// Authenticate-Nak.
        AuthenticateNak = 3 => "Authenticate-Nak",
    }
}

/// The data of a PAP packet, typed by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PapMessage<'a> {
    /// Authenticate-Request: the peer's name and password.
    AuthenticateRequest {
        /// Peer-ID (at most 255 bytes).
        peer_id: &'a [u8],
        /// Password (at most 255 bytes).
        password: &'a [u8],
    },
    /// Authenticate-Ack with its message.
    AuthenticateAck {
        /// The message (at most 255 bytes).
        message: &'a [u8],
    },
    /// Authenticate-Nak with its message.
    AuthenticateNak {
        /// The message (at most 255 bytes).
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

/// Reads a length-prefixed field at `at` inside `data`; errors count from the packet start.
fn counted(data: &[u8], at: usize) -> Result<(&[u8], usize)> {
    let Some(&n) = data.get(at) else {
        return Err(Error::truncated(
            Protocol::Pap,
            HEADER_LEN + at,
            1,
            data.len().saturating_sub(at),
        ));
    };
    let start = at + 1;
    let end = start + usize::from(n);
    match data.get(start..end) {
        Some(v) => Ok((v, end)),
        None => Err(Error::truncated(
            Protocol::Pap,
            HEADER_LEN + start,
            usize::from(n),
            data.len().saturating_sub(start),
        )),
    }
}

impl<'a> PapMessage<'a> {
    /// Types the data of a packet with code `code`.
    ///
    /// # Errors
    /// [`Truncated`](codec_core::ErrorKind::Truncated) at the length byte or field that runs
    /// past the packet's length (offsets count from the code byte).
    pub fn new(code: u8, data: &'a [u8]) -> Result<Self> {
        Ok(match PapCode::from_value(code) {
            PapCode::AuthenticateRequest => {
                let (peer_id, at) = counted(data, 0)?;
                let (password, _) = counted(data, at)?;
                PapMessage::AuthenticateRequest { peer_id, password }
            }
            PapCode::AuthenticateAck => PapMessage::AuthenticateAck {
                message: counted(data, 0)?.0,
            },
            PapCode::AuthenticateNak => PapMessage::AuthenticateNak {
                message: counted(data, 0)?.0,
            },
            PapCode::Unknown(_) => PapMessage::Unknown { code, data },
        })
    }

    /// The code.
    #[must_use]
    pub const fn code(&self) -> PapCode {
        match *self {
            PapMessage::AuthenticateRequest { .. } => PapCode::AuthenticateRequest,
            PapMessage::AuthenticateAck { .. } => PapCode::AuthenticateAck,
            PapMessage::AuthenticateNak { .. } => PapCode::AuthenticateNak,
            PapMessage::Unknown { code, .. } => PapCode::from_value(code),
        }
    }

    /// Bytes of data.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match *self {
            PapMessage::AuthenticateRequest { peer_id, password } => peer_id
                .len()
                .saturating_add(password.len())
                .saturating_add(2),
            PapMessage::AuthenticateAck { message } | PapMessage::AuthenticateNak { message } => {
                message.len().saturating_add(1)
            }
            PapMessage::Unknown { data, .. } => data.len(),
        }
    }

    fn fmt_data(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PapMessage::AuthenticateRequest { peer_id, password } => {
                f.write_str(" peer-id=\"")?;
                write_text(f, peer_id)?;
                write!(f, "\" password=<{} bytes>", password.len())
            }
            PapMessage::AuthenticateAck { message } | PapMessage::AuthenticateNak { message } => {
                f.write_str(" \"")?;
                write_text(f, message)?;
                f.write_str("\"")
            }
            PapMessage::Unknown { data, .. } => write!(f, " {} bytes of data", data.len()),
        }
    }
}

/// A zero-copy view of a PAP packet.
pub struct PapPacket<B> {
    header: Ref<B, ControlHeader>,
    data: B,
    padding: B,
}

impl<B: SplitByteSlice> PapPacket<B> {
    /// Validates a PAP packet: the header, `4 <= length <= bytes`, and the length bytes of
    /// its fields. Bytes after `length` are padding.
    ///
    /// # Errors
    /// Truncation (of the header, the data, or a counted field), or
    /// [`BadLength`](codec_core::ErrorKind::BadLength) at offset 2 for a length below 4.
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, data, padding) = split_packet(Protocol::Pap, bytes)?;
        PapMessage::new(header.code, &data)?;
        Ok(PapPacket {
            header,
            data,
            padding,
        })
    }

    /// The code.
    #[inline]
    pub fn code(&self) -> PapCode {
        PapCode::from_value(self.header.code)
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
    pub fn message(&self) -> PapMessage<'_> {
        PapMessage::new(self.header.code, &self.data).unwrap_or(PapMessage::Unknown {
            code: self.header.code,
            data: &self.data,
        })
    }

    /// The Peer-ID of an Authenticate-Request.
    pub fn peer_id(&self) -> Option<&[u8]> {
        match self.message() {
            PapMessage::AuthenticateRequest { peer_id, .. } => Some(peer_id),
            _ => None,
        }
    }

    /// The password of an Authenticate-Request.
    pub fn password(&self) -> Option<&[u8]> {
        match self.message() {
            PapMessage::AuthenticateRequest { password, .. } => Some(password),
            _ => None,
        }
    }

    /// The message of an Authenticate-Ack or -Nak.
    pub fn text(&self) -> Option<&[u8]> {
        match self.message() {
            PapMessage::AuthenticateAck { message } | PapMessage::AuthenticateNak { message } => {
                Some(message)
            }
            _ => None,
        }
    }
}

impl<B: ByteSliceMut + SplitByteSlice> PapPacket<B> {
    /// Sets the identifier.
    #[inline]
    pub fn set_identifier(&mut self, identifier: u8) {
        self.header.identifier = identifier;
    }
}

impl<B: SplitByteSlice> fmt::Debug for PapPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PapPacket")
            .field("header", &*self.header)
            .field("message", &self.message())
            .field("padding_len", &self.padding.len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for PapPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PAP {} id={}", self.code(), self.identifier())?;
        self.message().fmt_data(f)
    }
}

/// The meaning of a PAP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PapRepr<'a> {
    /// The identifier.
    pub identifier: u8,
    /// The typed data.
    pub message: PapMessage<'a>,
}

impl<'a> PapRepr<'a> {
    /// The repr of a parsed packet.
    ///
    /// # Errors
    /// None for a packet that parsed.
    pub fn parse<B: SplitByteSlice>(packet: &'a PapPacket<B>) -> Result<Self> {
        Ok(PapRepr {
            identifier: packet.identifier(),
            message: PapMessage::new(packet.header.code, &packet.data)?,
        })
    }

    /// Bytes the packet takes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.message.buffer_len().saturating_add(HEADER_LEN)
    }

    /// Writes the packet, filling the lengths; returns its length.
    ///
    /// # Errors
    /// A buffer error; [`TooLong`](codec_core::ErrorKind::TooLong) for a field over 255
    /// bytes; [`BadValue`](codec_core::ErrorKind::BadValue) on the code for an `Unknown`
    /// message with a code PAP types.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let code = self.message.code();
        if matches!(self.message, PapMessage::Unknown { .. })
            && !matches!(code, PapCode::Unknown(_))
        {
            return Err(Error::bad_value(
                Protocol::Pap,
                0,
                codec_core::Field::Code,
                u32::from(code.value()),
            ));
        }
        let mut w = write_header(
            Protocol::Pap,
            buf,
            code.value(),
            self.identifier,
            self.message.buffer_len(),
        )?;
        match self.message {
            PapMessage::AuthenticateRequest { peer_id, password } => {
                put_counted(&mut w, peer_id)?;
                put_counted(&mut w, password)?;
            }
            PapMessage::AuthenticateAck { message } | PapMessage::AuthenticateNak { message } => {
                put_counted(&mut w, message)?;
            }
            PapMessage::Unknown { data, .. } => w.put_slice(data)?,
        }
        Ok(w.position())
    }
}

fn put_counted(w: &mut Writer<'_>, v: &[u8]) -> Result<()> {
    let Ok(n) = u8::try_from(v.len()) else {
        return Err(Error::new(
            Protocol::Pap,
            w.position(),
            codec_core::ErrorKind::TooLong {
                field: codec_core::Field::Length,
                limit: 255,
            },
        ));
    };
    w.put_u8(n)?;
    w.put_slice(v)
}

impl fmt::Display for PapRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PAP {} id={}", self.message.code(), self.identifier)?;
        self.message.fmt_data(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;

    // ppp_pap.pcapng frame 7 (with the 2 FCS bytes the capture kept, as padding):
    // Wireshark: code 1, identifier 1, length 21, peer_id "client", password "s3cr3t-Pw".
    static AUTH_REQ: [u8; 23] = *b"\x01\x01\x00\x15\x06client\x09s3cr3t-Pw\xe4\x18";
    // pcapplusplus_pptp_gre_lcp_pap_ipcp.cap frame 18: Ack with an empty message.
    static AUTH_ACK: [u8; 5] = [0x02, 0x00, 0x00, 0x05, 0x00];

    #[test]
    fn deconstruct() {
        let p = PapPacket::parse(&AUTH_REQ[..]).unwrap();
        assert_eq!(
            (p.code(), p.identifier(), p.length()),
            (PapCode::AuthenticateRequest, 1, 21)
        );
        assert_eq!(p.peer_id(), Some(&b"client"[..]));
        assert_eq!(p.password(), Some(&b"s3cr3t-Pw"[..]));
        assert_eq!(p.padding(), &[0xe4, 0x18]);
        assert_eq!(p.text(), None);
        let p = PapPacket::parse(&AUTH_ACK[..]).unwrap();
        assert_eq!(p.text(), Some(&b""[..]));
        assert_eq!(p.to_string(), "PAP Authenticate-Ack id=0 \"\"");
    }

    #[test]
    fn construct() {
        let mut bytes = AUTH_ACK;
        PapPacket::parse(&mut bytes[..]).unwrap().set_identifier(7);
        assert_eq!(bytes, [0x02, 0x07, 0x00, 0x05, 0x00]);
    }

    #[test]
    fn parse_and_emit() {
        for bytes in [
            &AUTH_REQ[..21],
            &AUTH_ACK[..],
            b"\x03\x02\x00\x0b\x06denied",
        ] {
            let p = PapPacket::parse(bytes).unwrap();
            let r = PapRepr::parse(&p).unwrap();
            assert_eq!(r.buffer_len(), bytes.len());
            let mut out = [0u8; 32];
            let n = r.emit(&mut out).unwrap();
            assert_eq!(&out[..n], bytes);
            let again = PapPacket::parse(&out[..n]).unwrap();
            assert_eq!(PapRepr::parse(&again).unwrap(), r);
        }
        let r = PapRepr {
            identifier: 2,
            message: PapMessage::AuthenticateNak { message: b"no" },
        };
        assert_eq!(r.to_string(), "PAP Authenticate-Nak id=2 \"no\"");
    }

    #[test]
    fn rejects_fields_past_the_length() {
        // Password length 10 where 9 bytes remain.
        let e = PapPacket::parse(&b"\x01\x01\x00\x15\x06client\x0as3cr3t-Pw"[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                12,
                ErrorKind::Truncated {
                    needed: 10,
                    available: 9
                }
            )
        );
        // Password length byte missing.
        let e = PapPacket::parse(&b"\x01\x01\x00\x0b\x06client"[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                11,
                ErrorKind::Truncated {
                    needed: 1,
                    available: 0
                }
            )
        );
        // Ack without its message length.
        assert!(PapPacket::parse(&[0x02u8, 0, 0, 4][..]).is_err());
        // A 256-byte peer id does not emit.
        let long = [b'a'; 256];
        let r = PapRepr {
            identifier: 1,
            message: PapMessage::AuthenticateRequest {
                peer_id: &long,
                password: b"",
            },
        };
        assert!(matches!(
            r.emit(&mut [0u8; 300]).unwrap_err().kind(),
            ErrorKind::TooLong { .. }
        ));
        let r = PapRepr {
            identifier: 1,
            message: PapMessage::Unknown { code: 1, data: &[] },
        };
        assert!(r.emit(&mut [0u8; 8]).is_err());
    }
}
