//! The AOL rendezvous proxy ("ARS", ars.oscar.aol.com:5190) handshake (notes §1.6).
//!
//! ```text
//!  0        2          4         6          10       12
//! +--------+----------+---------+----------+--------+---------+
//! | length | 0x044A   | command | unknown  | flags  | payload |
//! +--------+----------+---------+----------+--------+---------+
//!  bytes after this field (≥ 10)
//! ```
//!
//! The sender sends INIT_SEND and gets ACK (port "pin" and IPv4), proposes over ICBM with
//! 0x0010; the receiver connects and sends INIT_RECV with the pin; both get READY, after
//! which the socket carries OFT2 or ODC2. Bytes 2..12 can equally be read as a SNAC header
//! of family 0x044A (NINA): the "unknown" u32 and flags u16 of libpurple and joscar are then
//! flags and request id. Both readings parse the same bytes; this module keeps libpurple's
//! names. The length must be at least 10 (libpurple has no lower bound).
//!
//! ```
//! use codec_aim::proxy::{ProxyMessage, ProxyPacket, ProxyRepr};
//! use core::net::Ipv4Addr;
//! // The server's ACK of ../shared/vectors/oscar_constructed.txt: pin 4321, 205.188.1.2.
//! let bytes = [0x00, 0x10, 0x04, 0x4a, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20,
//!              0x10, 0xe1, 0xcd, 0xbc, 0x01, 0x02];
//! let packet = ProxyPacket::parse(&bytes[..])?;
//! let repr = ProxyRepr::parse(&packet)?;
//! assert_eq!(repr.flags, 0x0220);
//! assert_eq!(repr.message, ProxyMessage::Ack { port: 4321, ip: Ipv4Addr::new(205, 188, 1, 2) });
//! assert_eq!(repr.to_string(), "ARS Ack port 4321 ip 205.188.1.2");
//! let mut out = [0u8; 18];
//! assert_eq!(repr.emit(&mut out)?, 18);
//! assert_eq!(out, bytes);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::icbm::{COOKIE_LEN, Capability};
use crate::tlv::{self, TlvChain};
use codec_core::{Error, Field, Protocol, Result, Writer, split_at, split_header};
use core::fmt;
use core::net::Ipv4Addr;
use zerocopy::byteorder::network_endian::{U16, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned};

/// Length of the header.
pub const HEADER_LEN: usize = 12;
/// The "packet version" (the ARS family number).
pub const VERSION: u16 = 0x044a;
/// Smallest value of the length field: the header after it.
pub const MIN_LENGTH: usize = HEADER_LEN - 2;
/// The flags the server sends (joscar `FLAGS_DEFAULT_FROM_SERVER`).
pub const FLAGS_FROM_SERVER: u16 = 0x0220;
/// The TLV carrying the capability in INIT_SEND and INIT_RECV.
pub const TLV_CAPABILITY: u16 = 0x0001;

codec_core::registry! {
    /// Proxy commands (libpurple `peer_proxy.c`, joscar `RvProxyPacket`; NINA names in
    /// brackets in the docs).
    pub enum ProxyCommand: u16 {
        /// 1 (ARS__ERR): error, `u16 code`.
        Error = 0x0001 => "Error",
        /// 2 (LISTEN_QUERY; libpurple CREATE): the sender asks for a pin.
        InitSend = 0x0002 => "Init Send",
        /// 3 (LISTEN_REPLY; libpurple CREATED): the pin and the proxy's IPv4.
        Ack = 0x0003 => "Ack",
        /// 4 (CONNECT_REQ; libpurple JOIN): the receiver joins with the pin.
        InitRecv = 0x0004 => "Init Recv",
        /// 5 (CONNECT_ACK): ready, raw OFT2/ODC2 follows.
        Ready = 0x0005 => "Ready",
    }
}

codec_core::registry! {
    /// Proxy error codes (libpurple `peer_proxy.c`; joscar `RvProxyErrorCmd`).
    pub enum ProxyErrorCode: u16 {
        /// 0x000D: bad request.
        BadRequest = 0x000d => "bad request",
        /// 0x0010: the initial request timed out.
        InitialRequestTimeout = 0x0010 => "initial request timed out",
        /// 0x001A: the accept period timed out.
        AcceptTimeout = 0x001a => "accept period timed out",
    }
}

/// The 12-byte proxy header.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct ProxyHeader {
    /// Bytes after this field.
    pub length: U16,
    /// 0x044A.
    pub version: U16,
    /// Command.
    pub command: U16,
    /// Unknown, written 0 (libpurple reads it as a u16: a bug).
    pub unknown: U32,
    /// Flags: 0 from clients, 0x0220 from the server.
    pub flags: U16,
}

/// A zero-copy view of one proxy packet at the front of a buffer.
pub struct ProxyPacket<B> {
    header: Ref<B, ProxyHeader>,
    payload: B,
    rest: B,
}

impl<B: SplitByteSlice> ProxyPacket<B> {
    /// Validates the packet at the front of `bytes`: length ≥ 10, version 0x044A, the whole
    /// packet present. Bytes after it are kept as [`rest`](Self::rest).
    ///
    /// # Errors
    /// [`BadLength`](codec_core::ErrorKind::BadLength) of [`Field::Length`] below 10,
    /// [`BadValue`](codec_core::ErrorKind::BadValue) of [`Field::Version`], truncation.
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, rest) = split_header::<B, ProxyHeader>(Protocol::RendezvousProxy, bytes)?;
        let len = usize::from(header.length.get());
        if len < MIN_LENGTH {
            return Err(Error::bad_length(
                Protocol::RendezvousProxy,
                0,
                Field::Length,
                len as u32,
            ));
        }
        if header.version.get() != VERSION {
            return Err(Error::bad_value(
                Protocol::RendezvousProxy,
                2,
                Field::Version,
                u32::from(header.version.get()),
            ));
        }
        let (payload, rest) = split_at(
            Protocol::RendezvousProxy,
            rest,
            len - MIN_LENGTH,
            HEADER_LEN,
        )?;
        Ok(ProxyPacket {
            header,
            payload,
            rest,
        })
    }

    /// The header.
    #[inline]
    pub fn header(&self) -> &ProxyHeader {
        &self.header
    }

    /// The command.
    #[inline]
    pub fn command(&self) -> ProxyCommand {
        ProxyCommand::from_value(self.header.command.get())
    }

    /// The payload.
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The whole packet's length.
    #[inline]
    pub fn packet_len(&self) -> usize {
        2 + usize::from(self.header.length.get())
    }

    /// Bytes after the packet.
    #[inline]
    pub fn rest(&self) -> &[u8] {
        &self.rest
    }
}

impl<B: SplitByteSlice> fmt::Debug for ProxyPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyPacket")
            .field("header", &*self.header)
            .field("payload", &self.payload())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for ProxyPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match ProxyRepr::parse(self) {
            Ok(r) => r.fmt(f),
            Err(_) => write!(
                f,
                "ARS {} ({} bytes, malformed)",
                self.command(),
                self.payload.len()
            ),
        }
    }
}

/// A proxy packet's payload, by command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum ProxyMessage<'a> {
    /// Error: a code.
    Error {
        /// The code.
        code: ProxyErrorCode,
    },
    /// The sender asks for a pin: `u8 len, screen name, cookie, TLV(1, capability)`.
    InitSend {
        /// The sender's screen name.
        screen_name: &'a [u8],
        /// The rendezvous cookie.
        cookie: [u8; COOKIE_LEN],
        /// The capability (send file, direct IM).
        capability: Capability,
    },
    /// The proxy answers: `u16 port (pin), u32 IPv4`.
    Ack {
        /// The pin.
        port: u16,
        /// The proxy's address.
        ip: Ipv4Addr,
    },
    /// The receiver joins: `u8 len, screen name, u16 pin, cookie, TLV(1, capability)`.
    InitRecv {
        /// The receiver's screen name.
        screen_name: &'a [u8],
        /// The pin from the proposal's port TLV.
        port: u16,
        /// The rendezvous cookie.
        cookie: [u8; COOKIE_LEN],
        /// The capability.
        capability: Capability,
    },
    /// Ready: empty.
    Ready,
    /// Any other command, with its payload. (A known command must use its own variant so
    /// that every repr has one encoding.)
    Other {
        /// The command.
        command: ProxyCommand,
        /// The payload.
        payload: &'a [u8],
    },
}

impl ProxyMessage<'_> {
    /// The command.
    #[must_use]
    pub const fn command(&self) -> ProxyCommand {
        match self {
            ProxyMessage::Error { .. } => ProxyCommand::Error,
            ProxyMessage::InitSend { .. } => ProxyCommand::InitSend,
            ProxyMessage::Ack { .. } => ProxyCommand::Ack,
            ProxyMessage::InitRecv { .. } => ProxyCommand::InitRecv,
            ProxyMessage::Ready => ProxyCommand::Ready,
            ProxyMessage::Other { command, .. } => *command,
        }
    }

    /// Bytes of payload.
    #[must_use]
    pub const fn payload_len(&self) -> usize {
        match self {
            ProxyMessage::Error { .. } => 2,
            ProxyMessage::InitSend { screen_name, .. } => 1 + screen_name.len() + 8 + 20,
            ProxyMessage::Ack { .. } => 6,
            ProxyMessage::InitRecv { screen_name, .. } => 1 + screen_name.len() + 2 + 8 + 20,
            ProxyMessage::Ready => 0,
            ProxyMessage::Other { payload, .. } => payload.len(),
        }
    }
}

/// A proxy packet's meaning: header words and the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ProxyRepr<'a> {
    /// The "unknown" u32 (0).
    pub unknown: u32,
    /// Flags (0 from clients, 0x0220 from the server).
    pub flags: u16,
    /// The message.
    pub message: ProxyMessage<'a>,
}

fn bad(at: usize, field: Field, value: usize) -> Error {
    Error::bad_length(Protocol::RendezvousProxy, at, field, value as u32)
}

/// `u8 len, screen name` at the front of `p`.
fn screen_name(p: &[u8]) -> Result<(&[u8], &[u8])> {
    let Some((&n, rest)) = p.split_first() else {
        return Err(Error::truncated(
            Protocol::RendezvousProxy,
            HEADER_LEN,
            1,
            0,
        ));
    };
    rest.split_at_checked(usize::from(n))
        .ok_or(Error::truncated(
            Protocol::RendezvousProxy,
            HEADER_LEN + 1,
            usize::from(n),
            rest.len(),
        ))
}

/// `cookie, TLV(1, 16-byte capability)` filling `p` exactly; `at` is its offset.
fn cookie_and_capability(p: &[u8], at: usize) -> Result<([u8; COOKIE_LEN], Capability)> {
    let Some((cookie, tlvs)) = p.split_first_chunk::<COOKIE_LEN>() else {
        return Err(Error::truncated(Protocol::RendezvousProxy, at, 8, p.len()));
    };
    let chain = TlvChain::parse(tlvs).map_err(|e| e.shifted(at + 8))?;
    let mut it = chain.iter();
    match (it.next(), it.next()) {
        (Some(t), None) if t.kind == TLV_CAPABILITY => {
            let cap = <[u8; 16]>::try_from(t.value)
                .map_err(|_| bad(at + 10, Field::OptionLength, t.value.len()))?;
            Ok((*cookie, Capability(cap)))
        }
        _ => Err(bad(at + 8, Field::Length, tlvs.len())),
    }
}

impl<'a> ProxyRepr<'a> {
    /// The repr of a parsed packet; a known command's payload must have its exact layout.
    ///
    /// # Errors
    /// [`BadLength`](codec_core::ErrorKind::BadLength) or truncation of a payload that does
    /// not have its command's layout.
    pub fn parse<B: SplitByteSlice>(p: &'a ProxyPacket<B>) -> Result<Self> {
        let payload = p.payload();
        let at = HEADER_LEN;
        let fixed = |n: usize| {
            if payload.len() == n {
                Ok(())
            } else {
                Err(bad(0, Field::Length, payload.len() + MIN_LENGTH))
            }
        };
        let message = match p.command() {
            ProxyCommand::Error => {
                fixed(2)?;
                let code = payload
                    .first_chunk::<2>()
                    .map_or(0, |b| u16::from_be_bytes(*b));
                ProxyMessage::Error {
                    code: ProxyErrorCode::from_value(code),
                }
            }
            ProxyCommand::Ack => {
                fixed(6)?;
                let (port, ip) = payload.split_first_chunk::<2>().unwrap_or((&[0; 2], &[]));
                ProxyMessage::Ack {
                    port: u16::from_be_bytes(*port),
                    ip: <[u8; 4]>::try_from(ip)
                        .map(Ipv4Addr::from)
                        .unwrap_or(Ipv4Addr::UNSPECIFIED),
                }
            }
            ProxyCommand::Ready => {
                fixed(0)?;
                ProxyMessage::Ready
            }
            ProxyCommand::InitSend => {
                let (name, rest) = screen_name(payload)?;
                let (cookie, capability) = cookie_and_capability(rest, at + 1 + name.len())?;
                ProxyMessage::InitSend {
                    screen_name: name,
                    cookie,
                    capability,
                }
            }
            ProxyCommand::InitRecv => {
                let (name, rest) = screen_name(payload)?;
                let pin_at = at + 1 + name.len();
                let Some((port, rest)) = rest.split_first_chunk::<2>() else {
                    return Err(Error::truncated(
                        Protocol::RendezvousProxy,
                        pin_at,
                        2,
                        rest.len(),
                    ));
                };
                let (cookie, capability) = cookie_and_capability(rest, pin_at + 2)?;
                ProxyMessage::InitRecv {
                    screen_name: name,
                    port: u16::from_be_bytes(*port),
                    cookie,
                    capability,
                }
            }
            command @ ProxyCommand::Unknown(_) => ProxyMessage::Other { command, payload },
        };
        Ok(ProxyRepr {
            unknown: p.header.unknown.get(),
            flags: p.header.flags.get(),
            message,
        })
    }

    /// Bytes the packet takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN + self.message.payload_len()
    }

    /// Writes the packet; returns its length.
    ///
    /// # Errors
    /// A buffer error; a screen name over 255 bytes or a packet over 65537 bytes
    /// ([`BadLength`](codec_core::ErrorKind::BadLength)); `Other` with a known command
    /// ([`BadValue`](codec_core::ErrorKind::BadValue) of [`Field::Operation`]).
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let total = self.buffer_len();
        let length = u16::try_from(total - 2).map_err(|_| bad(0, Field::Length, total - 2))?;
        if buf.len() < total {
            return Err(Error::buffer_too_small(
                Protocol::RendezvousProxy,
                total,
                buf.len(),
            ));
        }
        let mut w = Writer::new(Protocol::RendezvousProxy, buf);
        w.put_u16(length)?;
        w.put_u16(VERSION)?;
        w.put_u16(self.message.command().value())?;
        w.put_u32(self.unknown)?;
        w.put_u16(self.flags)?;
        let name = |w: &mut Writer<'_>, n: &[u8]| -> Result<()> {
            let len = u8::try_from(n.len()).map_err(|_| bad(HEADER_LEN, Field::Name, n.len()))?;
            w.put_u8(len)?;
            w.put_slice(n)
        };
        match self.message {
            ProxyMessage::Error { code } => w.put_u16(code.value())?,
            ProxyMessage::Ack { port, ip } => {
                w.put_u16(port)?;
                w.put_slice(&ip.octets())?;
            }
            ProxyMessage::Ready => {}
            ProxyMessage::InitSend {
                screen_name,
                cookie,
                capability,
            } => {
                name(&mut w, screen_name)?;
                w.put_slice(&cookie)?;
                tlv::write(&mut w, TLV_CAPABILITY, &capability.0)?;
            }
            ProxyMessage::InitRecv {
                screen_name,
                port,
                cookie,
                capability,
            } => {
                name(&mut w, screen_name)?;
                w.put_u16(port)?;
                w.put_slice(&cookie)?;
                tlv::write(&mut w, TLV_CAPABILITY, &capability.0)?;
            }
            ProxyMessage::Other { command, payload } => {
                if !matches!(command, ProxyCommand::Unknown(_)) {
                    return Err(Error::bad_value(
                        Protocol::RendezvousProxy,
                        4,
                        Field::Operation,
                        u32::from(command.value()),
                    ));
                }
                w.put_slice(payload)?;
            }
        }
        Ok(w.position())
    }
}

impl fmt::Display for ProxyRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ARS {}", self.message.command())?;
        let cookie = |f: &mut fmt::Formatter<'_>, c: &[u8; 8]| -> fmt::Result {
            f.write_str(" cookie ")?;
            c.iter().try_for_each(|b| write!(f, "{b:02x}"))
        };
        match &self.message {
            ProxyMessage::Error { code } => write!(f, " {code}"),
            ProxyMessage::Ack { port, ip } => write!(f, " port {port} ip {ip}"),
            ProxyMessage::Ready => Ok(()),
            ProxyMessage::InitSend {
                screen_name,
                cookie: c,
                capability,
            } => {
                write!(f, " {} {capability}", screen_name.escape_ascii())?;
                cookie(f, c)
            }
            ProxyMessage::InitRecv {
                screen_name,
                port,
                cookie: c,
                capability,
            } => {
                write!(
                    f,
                    " {} port {port} {capability}",
                    screen_name.escape_ascii()
                )?;
                cookie(f, c)
            }
            ProxyMessage::Other { payload, .. } => write!(f, " ({} bytes)", payload.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;

    // ../shared/vectors/oscar_constructed.txt.
    static INIT_SEND: [u8; 43] = [
        0x00, 0x29, 0x04, 0x4a, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x6d, 0x65,
        0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x00, 0x00, 0x01, 0x00, 0x10, 0x09, 0x46, 0x13,
        0x43, 0x4c, 0x7f, 0x11, 0xd1, 0x82, 0x22, 0x44, 0x45, 0x53, 0x54, 0x00, 0x00,
    ];
    static INIT_RECV: [u8; 45] = [
        0x00, 0x2b, 0x04, 0x4a, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x6d, 0x65,
        0x10, 0xe1, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x00, 0x00, 0x01, 0x00, 0x10, 0x09,
        0x46, 0x13, 0x43, 0x4c, 0x7f, 0x11, 0xd1, 0x82, 0x22, 0x44, 0x45, 0x53, 0x54, 0x00, 0x00,
    ];
    static ACK: [u8; 18] = [
        0x00, 0x10, 0x04, 0x4a, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x10, 0xe1, 0xcd,
        0xbc, 0x01, 0x02,
    ];

    #[test]
    fn deconstruct_and_round_trip_the_vectors() {
        let p = ProxyPacket::parse(&INIT_SEND[..]).unwrap();
        assert_eq!(p.command(), ProxyCommand::InitSend);
        assert_eq!(p.packet_len(), 43);
        let r = ProxyRepr::parse(&p).unwrap();
        assert_eq!(
            r.message,
            ProxyMessage::InitSend {
                screen_name: b"me",
                cookie: *b"1234567\0",
                capability: Capability::SEND_FILE
            }
        );
        assert_eq!(
            r.to_string(),
            "ARS Init Send me Send File cookie 3132333435363700"
        );
        let p = ProxyPacket::parse(&INIT_RECV[..]).unwrap();
        let r2 = ProxyRepr::parse(&p).unwrap();
        assert!(matches!(
            r2.message,
            ProxyMessage::InitRecv { port: 4321, .. }
        ));
        for bytes in [&INIT_SEND[..], &INIT_RECV[..], &ACK[..]] {
            let p = ProxyPacket::parse(bytes).unwrap();
            let r = ProxyRepr::parse(&p).unwrap();
            assert_eq!(r.buffer_len(), bytes.len());
            let mut out = [0u8; 64];
            let n = r.emit(&mut out).unwrap();
            assert_eq!(&out[..n], bytes);
        }
    }

    #[test]
    fn ready_and_error() {
        for (m, bytes) in [
            (
                ProxyMessage::Ready,
                &[0x00, 0x0a, 0x04, 0x4a, 0x00, 0x05, 0, 0, 0, 0, 0x02, 0x20][..],
            ),
            (
                ProxyMessage::Error {
                    code: ProxyErrorCode::AcceptTimeout,
                },
                &[
                    0x00, 0x0c, 0x04, 0x4a, 0x00, 0x01, 0, 0, 0, 0, 0x02, 0x20, 0x00, 0x1a,
                ][..],
            ),
        ] {
            let r = ProxyRepr {
                unknown: 0,
                flags: FLAGS_FROM_SERVER,
                message: m,
            };
            let mut out = [0u8; 14];
            let n = r.emit(&mut out).unwrap();
            assert_eq!(&out[..n], bytes);
            let p = ProxyPacket::parse(bytes).unwrap();
            assert_eq!(ProxyRepr::parse(&p).unwrap(), r);
        }
        assert_eq!(
            ProxyRepr::parse(&ProxyPacket::parse(&ACK[..]).unwrap())
                .unwrap()
                .message
                .command(),
            ProxyCommand::Ack
        );
    }

    #[test]
    fn rejects() {
        // libpurple's missing lower bound: length 9.
        let mut bad = ACK;
        bad[1] = 9;
        let e = ProxyPacket::parse(&bad[..]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::Length,
                value: 9
            }
        );
        let mut bad = ACK;
        bad[3] = 0x4b;
        let e = ProxyPacket::parse(&bad[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                2,
                ErrorKind::BadValue {
                    field: Field::Version,
                    value: 0x044b
                }
            )
        );
        let e = ProxyPacket::parse(&ACK[..17]).unwrap_err();
        assert_eq!(e.offset(), 12);
        // An ACK with a 5-byte payload.
        let mut short = [0u8; 17];
        short.copy_from_slice(&ACK[..17]);
        short[1] = 0x0f;
        let p = ProxyPacket::parse(&short[..]).unwrap();
        assert!(ProxyRepr::parse(&p).is_err());
        // A capability TLV of 15 bytes.
        let mut bad = [0u8; 42];
        bad.copy_from_slice(&INIT_SEND[..42]);
        bad[1] = 0x28;
        bad[26] = 0x0f;
        let p = ProxyPacket::parse(&bad[..]).unwrap();
        let e = ProxyRepr::parse(&p).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                25,
                ErrorKind::BadLength {
                    field: Field::OptionLength,
                    value: 15
                }
            )
        );
        let other = ProxyRepr {
            unknown: 0,
            flags: 0,
            message: ProxyMessage::Other {
                command: ProxyCommand::Ready,
                payload: &[],
            },
        };
        assert!(other.emit(&mut [0u8; 16]).is_err());
    }
}
