//! The packet format shared by PPP's control protocols (RFC 1661 §5): LCP, IPCP, IPV6CP, CCP.
//!
//! ```text
//!  0        1        2                 4
//! +--------+--------+--------+--------+-------------
//! |  code  |   id   |     length      | data ...      (bytes after `length` are padding)
//! +--------+--------+--------+--------+-------------
//! ```
//!
//! One generic view, [`ControlPacket<B, P>`], and one generic repr, [`ControlRepr<'a, P>`],
//! serve every control protocol; `P` is a zero-sized marker ([`Lcp`](super::lcp::Lcp),
//! [`Ipcp`](super::ipcp::Ipcp), [`Ipv6cp`](super::ipv6cp::Ipv6cp), [`Ccp`](super::ccp::Ccp))
//! that says which codes the protocol uses and how its options are typed
//! ([`ControlProtocol`]). The data is typed per code by [`ControlData`]: an option list for
//! the Configure codes, the magic number for Echo/Discard (RFC 1661 §5.8), the rejected
//! packet for Code-Reject, protocol and information for Protocol-Reject, magic number and
//! message for Identification and Time-Remaining (RFC 1570 §2), raw data for the rest.
//!
//! # Options
//!
//! Options are walked lazily with [`codec_core::tlv::Tlvs`] and typed by the protocol's option
//! enum through [`ConfigOption`]. Every option enum has three raw variants, so that no byte is
//! ever lost and nothing ever fails or panics, whatever the lengths:
//!
//! - `Unknown { kind, data }`: a well framed option whose type this codec does not type;
//! - `Malformed { kind, data }`: a well framed option of a known type whose length is wrong
//!   for that type (an LCP MRU of 3 bytes, a Vendor-Specific option of 4);
//! - `Invalid(bytes)`: the framing itself is broken (a length below 2, or running past the
//!   end of the packet). The option list cannot be walked past it, so the iterator yields the
//!   rest of the list verbatim as this one element and stops, as pppd rejects "the rest of the
//!   packet" (`lcp.c`). [`Options::check`] reports the same damage as an [`Error`] with its
//!   offset, for callers that want to refuse such a packet.
//!
//! Each raw variant is emitted back exactly as it was read, so `emit(parse(b)) == b` holds
//! for any option list, damaged or not.
//!
//! A repr carries its options as an [`OptionList`]: either the raw option bytes (what
//! [`ControlRepr::parse`] produces, zero-copy) or a borrowed slice of typed options (what a
//! builder writes). Two lists are equal when they emit the same bytes, so
//! `parse(emit(r)) == r` holds whichever form `r` used.
//!
//! ```
//! use codec_link::ppp::lcp::{LcpOption, LcpPacket, LcpRepr, AuthProtocol};
//! use codec_link::ppp::control::{ControlData, OptionList};
//! // The peer's LCP Configure-Request of ../shared/captures/gen_ppp/ppp_pap.pcapng, frame 1.
//! let bytes = [
//!     0x01, 0x01, 0x00, 0x18, 0x02, 0x06, 0x00, 0x0a, 0x00, 0x00, 0x03, 0x04, 0xc0, 0x23,
//!     0x05, 0x06, 0x2c, 0x70, 0x0c, 0x9a, 0x07, 0x02, 0x08, 0x02,
//! ];
//! let packet = LcpPacket::parse(&bytes[..])?;
//! assert_eq!(packet.identifier(), 1);
//! let mut options = packet.options();
//! assert_eq!(options.next(), Some(LcpOption::Accm(0x000a_0000)));
//! assert_eq!(options.next(), Some(LcpOption::AuthProtocol(AuthProtocol::Pap)));
//! assert_eq!(
//!     packet.to_string(),
//!     "LCP Configure-Request id=1 len=24 [ACCM 0x000a0000, Auth PAP, Magic 0x2c700c9a, PFC, ACFC]"
//! );
//!
//! // Build the same packet from typed options; the repr of the parsed bytes is equal to it.
//! let opts = [
//!     LcpOption::Accm(0x000a_0000),
//!     LcpOption::AuthProtocol(AuthProtocol::Pap),
//!     LcpOption::MagicNumber(0x2c70_0c9a),
//!     LcpOption::Pfc,
//!     LcpOption::Acfc,
//! ];
//! let repr = LcpRepr {
//!     identifier: 1,
//!     data: ControlData::ConfigureRequest(OptionList::Typed(&opts)),
//! };
//! let mut out = [0u8; 24];
//! assert_eq!(repr.emit(&mut out)?, 24);
//! assert_eq!(out, bytes);
//! assert_eq!(LcpRepr::parse(&packet)?, repr);
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::PppProtocol;
use codec_core::tlv::{TlvFormat, Tlvs, write_tlv_header};
use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer, split_at, split_header};
use core::fmt;
use core::marker::PhantomData;
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the code, identifier and length fields.
pub const HEADER_LEN: usize = 4;

/// The largest value an option's length byte can carry; an option's value is at most
/// 253 bytes.
pub const MAX_OPTION_LEN: usize = 255;

/// The 4-byte header of every control packet (RFC 1661 §5).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct ControlHeader {
    /// The kind of packet ([`ControlCode`]).
    pub code: u8,
    /// Matches requests and replies.
    pub identifier: u8,
    /// Bytes of code, identifier, length and data; bytes after it are padding.
    pub length: U16,
}

codec_core::registry! {
    /// Control packet codes (RFC 1661 §5, RFC 1570 §2, RFC 1962 §2).
    pub enum ControlCode: u8 {
        /// Configure-Request (RFC 1661 §5.1).
        ConfigureRequest = 1 => "Configure-Request",
        /// Configure-Ack (RFC 1661 §5.2).
        ConfigureAck = 2 => "Configure-Ack",
        /// Configure-Nak (RFC 1661 §5.3).
        ConfigureNak = 3 => "Configure-Nak",
        /// Configure-Reject (RFC 1661 §5.4).
        ConfigureReject = 4 => "Configure-Reject",
        /// Terminate-Request (RFC 1661 §5.5).
        TerminateRequest = 5 => "Terminate-Request",
        /// Terminate-Ack (RFC 1661 §5.5).
        TerminateAck = 6 => "Terminate-Ack",
        /// Code-Reject (RFC 1661 §5.6).
        CodeReject = 7 => "Code-Reject",
        /// Protocol-Reject, LCP only (RFC 1661 §5.7).
        ProtocolReject = 8 => "Protocol-Reject",
        /// Echo-Request, LCP only (RFC 1661 §5.8).
        EchoRequest = 9 => "Echo-Request",
        /// Echo-Reply, LCP only (RFC 1661 §5.8).
        EchoReply = 10 => "Echo-Reply",
        /// Discard-Request, LCP only (RFC 1661 §5.9).
        DiscardRequest = 11 => "Discard-Request",
        /// Identification, LCP only (RFC 1570 §2.1).
        Identification = 12 => "Identification",
        /// Time-Remaining, LCP only (RFC 1570 §2.2).
        TimeRemaining = 13 => "Time-Remaining",
        /// Reset-Request, CCP only (RFC 1962 §2.1).
        ResetRequest = 14 => "Reset-Request",
        /// Reset-Ack, CCP only (RFC 1962 §2.1).
        ResetAck = 15 => "Reset-Ack",
    }
}

impl ControlCode {
    /// Whether the data is a list of options (codes 1–4).
    #[inline]
    #[must_use]
    pub const fn carries_options(self) -> bool {
        matches!(self.value(), 1..=4)
    }

    /// Bytes of data the code needs at least: 2 for Protocol-Reject, 4 for the codes with a
    /// magic number, 8 for Time-Remaining, 0 otherwise.
    #[inline]
    #[must_use]
    pub const fn min_data_len(self) -> usize {
        match self {
            ControlCode::ProtocolReject => 2,
            ControlCode::EchoRequest
            | ControlCode::EchoReply
            | ControlCode::DiscardRequest
            | ControlCode::Identification => 4,
            ControlCode::TimeRemaining => 8,
            _ => 0,
        }
    }
}

/// What distinguishes one control protocol from another: its PPP protocol number, the codes
/// it uses, and its option type. Implemented by zero-sized markers.
pub trait ControlProtocol: Copy + fmt::Debug + PartialEq + Eq + 'static {
    /// The PPP protocol number.
    const PPP_PROTOCOL: PppProtocol;
    /// The protocol errors are attributed to.
    const PROTOCOL: Protocol;
    /// The name used in summaries (`LCP`).
    const NAME: &'static str;
    /// The typed options.
    type Opt<'a>: ConfigOption<'a>;
    /// Whether the protocol uses `code`; other codes are kept as
    /// [`ControlData::Unknown`] (a peer answers them with Code-Reject).
    fn uses_code(code: ControlCode) -> bool;
}

/// A typed configuration option of one control protocol (see the [module docs](self) for
/// the raw variants every implementation has).
pub trait ConfigOption<'a>: Copy + fmt::Debug + fmt::Display + PartialEq + Eq {
    /// Types a well framed option: the typed variant when `value` has the right length for
    /// `kind`, `Unknown` or `Malformed` otherwise. Never fails.
    fn from_tlv(kind: u8, value: &'a [u8]) -> Self;
    /// The rest of an option list whose framing is broken, kept verbatim (`Invalid`).
    fn invalid(rest: &'a [u8]) -> Self;
    /// The verbatim bytes, if this is the `Invalid` tail of a list.
    fn as_invalid(&self) -> Option<&'a [u8]>;
    /// The option type.
    fn kind(&self) -> u8;
    /// Bytes of the value (after type and length).
    fn value_len(&self) -> usize;
    /// Writes the value (type and length are written by the caller).
    ///
    /// # Errors
    /// A buffer error, or a field out of its wire range.
    fn emit_value(&self, w: &mut Writer<'_>) -> Result<()>;

    /// Bytes the whole option takes.
    #[inline]
    fn buffer_len(&self) -> usize {
        match self.as_invalid() {
            Some(raw) => raw.len(),
            None => self.value_len().saturating_add(2),
        }
    }

    /// Writes the whole option: type, length, value (or the `Invalid` bytes verbatim).
    ///
    /// # Errors
    /// [`TooLong`](ErrorKind::TooLong) for a value over 253 bytes; buffer errors.
    fn emit(&self, w: &mut Writer<'_>) -> Result<()> {
        if let Some(raw) = self.as_invalid() {
            return w.put_slice(raw);
        }
        let start = w.position();
        write_tlv_header(
            w,
            TlvFormat::PPP_OPTIONS,
            u16::from(self.kind()),
            self.value_len(),
        )?;
        self.emit_value(w)?;
        // An option whose emit_value wrote another length than value_len() would corrupt
        // the list: refuse it.
        if w.position() != start + 2 + self.value_len() {
            return Err(Error::bad_length(
                Protocol::Tlv,
                start + 1,
                Field::OptionLength,
                self.value_len() as u32,
            ));
        }
        Ok(())
    }
}

/// A lazy walk over an option list, yielding typed options (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct Options<'a, O> {
    tlvs: Tlvs<'a>,
    done: bool,
    _o: PhantomData<O>,
}

impl<'a, O: ConfigOption<'a>> Options<'a, O> {
    /// Walks `bytes` as an option list.
    #[inline]
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> Self {
        Options {
            tlvs: Tlvs::new(TlvFormat::PPP_OPTIONS, bytes),
            done: false,
            _o: PhantomData,
        }
    }

    /// Offset (inside the list) of the option the next call to `next` yields.
    #[inline]
    #[must_use]
    pub fn offset(&self) -> usize {
        self.tlvs.offset()
    }

    /// Checks the framing of an option list, reporting the first damaged option's length
    /// byte, attributed to `protocol`.
    ///
    /// # Errors
    /// [`BadLength`](ErrorKind::BadLength) on [`Field::OptionLength`], or a truncation.
    pub fn check(protocol: Protocol, bytes: &[u8]) -> Result<()> {
        Tlvs::new(TlvFormat::PPP_OPTIONS.for_protocol(protocol), bytes).validate()
    }

    /// The options with their offsets inside the list.
    pub fn positioned(mut self) -> impl Iterator<Item = (usize, O)> + 'a
    where
        O: 'a,
    {
        core::iter::from_fn(move || {
            let at = self.offset();
            self.next().map(|o| (at, o))
        })
    }
}

impl<'a, O: ConfigOption<'a>> Iterator for Options<'a, O> {
    type Item = O;

    fn next(&mut self) -> Option<O> {
        if self.done {
            return None;
        }
        match self.tlvs.next() {
            None => {
                self.done = true;
                None
            }
            // PPP option types are one byte: the cast cannot lose bits.
            Some(Ok(t)) => Some(O::from_tlv(t.kind as u8, t.value)),
            Some(Err(_)) => {
                self.done = true;
                Some(O::invalid(self.tlvs.rest()))
            }
        }
    }
}

impl<'a, O: ConfigOption<'a>> core::iter::FusedIterator for Options<'a, O> {}

/// The options of a repr: the raw bytes of a parsed packet, or typed options to write.
///
/// Equality compares the bytes the two lists emit.
#[derive(Debug, Clone, Copy)]
pub enum OptionList<'a, O> {
    /// Option bytes as on the wire (what [`ControlRepr::parse`] gives).
    Raw(&'a [u8]),
    /// Typed options, written in order.
    Typed(&'a [O]),
}

/// Iterator over an [`OptionList`].
#[derive(Debug, Clone)]
pub enum OptionListIter<'a, O> {
    /// Over raw bytes.
    Raw(Options<'a, O>),
    /// Over a slice.
    Typed(core::slice::Iter<'a, O>),
}

impl<'a, O: ConfigOption<'a>> Iterator for OptionListIter<'a, O> {
    type Item = O;
    fn next(&mut self) -> Option<O> {
        match self {
            OptionListIter::Raw(o) => o.next(),
            OptionListIter::Typed(s) => s.next().copied(),
        }
    }
}

impl<'a, O: ConfigOption<'a>> OptionList<'a, O> {
    /// The options, typed.
    #[must_use]
    pub fn iter(&self) -> OptionListIter<'a, O> {
        match *self {
            OptionList::Raw(b) => OptionListIter::Raw(Options::new(b)),
            OptionList::Typed(s) => OptionListIter::Typed(s.iter()),
        }
    }

    /// Bytes the list takes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match *self {
            OptionList::Raw(b) => b.len(),
            OptionList::Typed(s) => s
                .iter()
                .fold(0usize, |n, o| n.saturating_add(o.buffer_len())),
        }
    }

    /// Writes the list.
    ///
    /// # Errors
    /// Whatever an option's emit reports.
    pub fn emit(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            OptionList::Raw(b) => w.put_slice(b),
            OptionList::Typed(s) => s.iter().try_for_each(|o| o.emit(w)),
        }
    }
}

/// The bytes an option list emits, one at a time, without allocating: each option is
/// emitted into a small stack buffer (an `Invalid` tail is read in place).
struct ListBytes<'a, O> {
    it: OptionListIter<'a, O>,
    buf: [u8; MAX_OPTION_LEN],
    len: usize,
    pos: usize,
    tail: &'a [u8],
    failed: bool,
}

impl<'a, O: ConfigOption<'a>> ListBytes<'a, O> {
    fn new(list: &OptionList<'a, O>) -> Self {
        ListBytes {
            it: list.iter(),
            buf: [0; MAX_OPTION_LEN],
            len: 0,
            pos: 0,
            tail: &[],
            failed: false,
        }
    }
}

impl<'a, O: ConfigOption<'a>> Iterator for ListBytes<'a, O> {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        loop {
            if let Some((&b, rest)) = self.tail.split_first() {
                self.tail = rest;
                return Some(b);
            }
            if self.pos < self.len {
                let b = self.buf.get(self.pos).copied();
                self.pos += 1;
                return b;
            }
            let o = self.it.next()?;
            if let Some(raw) = o.as_invalid() {
                self.tail = raw;
                continue;
            }
            let mut w = Writer::new(Protocol::Tlv, &mut self.buf);
            if o.emit(&mut w).is_err() {
                self.failed = true;
                return None;
            }
            (self.len, self.pos) = (w.position(), 0);
        }
    }
}

impl<'a, O: ConfigOption<'a>> PartialEq for OptionList<'a, O> {
    fn eq(&self, other: &Self) -> bool {
        if let (OptionList::Raw(a), OptionList::Raw(b)) = (self, other) {
            return a == b;
        }
        if self.buffer_len() != other.buffer_len() {
            return false;
        }
        // Lists may frame the same bytes differently (an `Invalid` tail against typed
        // options), so compare the byte streams.
        let (mut a, mut b) = (ListBytes::new(self), ListBytes::new(other));
        let same = a.by_ref().eq(b.by_ref());
        same && !a.failed && !b.failed
    }
}

impl<'a, O: ConfigOption<'a>> Eq for OptionList<'a, O> {}

impl<'a, O: ConfigOption<'a>> fmt::Display for OptionList<'a, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, o) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{o}")?;
        }
        f.write_str("]")
    }
}

/// The data of a control packet, typed by its code.
#[derive(Debug, Clone, Copy)]
pub enum ControlData<'a, O> {
    /// Configure-Request: the options the sender wants.
    ConfigureRequest(OptionList<'a, O>),
    /// Configure-Ack: every option of the request, unchanged.
    ConfigureAck(OptionList<'a, O>),
    /// Configure-Nak: acceptable values for options of the request.
    ConfigureNak(OptionList<'a, O>),
    /// Configure-Reject: the options of the request that are refused.
    ConfigureReject(OptionList<'a, O>),
    /// Terminate-Request, with its (uninterpreted) data.
    TerminateRequest(&'a [u8]),
    /// Terminate-Ack, with its data.
    TerminateAck(&'a [u8]),
    /// Code-Reject: the rejected packet from its code on, possibly truncated (RFC 1661 §5.6).
    CodeReject(&'a [u8]),
    /// Protocol-Reject (LCP).
    ProtocolReject {
        /// The rejected protocol.
        protocol: PppProtocol,
        /// The rejected packet's information field, possibly truncated (RFC 1661 §5.7).
        information: &'a [u8],
    },
    /// Echo-Request (LCP).
    EchoRequest {
        /// The sender's magic number, 0 when not negotiated.
        magic: u32,
        /// Uninterpreted data.
        data: &'a [u8],
    },
    /// Echo-Reply (LCP).
    EchoReply {
        /// The sender's magic number.
        magic: u32,
        /// The data of the request.
        data: &'a [u8],
    },
    /// Discard-Request (LCP).
    DiscardRequest {
        /// The sender's magic number.
        magic: u32,
        /// Uninterpreted data.
        data: &'a [u8],
    },
    /// Identification (LCP, RFC 1570 §2.1).
    Identification {
        /// The sender's magic number.
        magic: u32,
        /// Human-readable message.
        message: &'a [u8],
    },
    /// Time-Remaining (LCP, RFC 1570 §2.2).
    TimeRemaining {
        /// The sender's magic number.
        magic: u32,
        /// Seconds left in the session (0xffffffff: no limit).
        seconds: u32,
        /// Human-readable message.
        message: &'a [u8],
    },
    /// Reset-Request (CCP, RFC 1962 §2.1).
    ResetRequest(&'a [u8]),
    /// Reset-Ack (CCP).
    ResetAck(&'a [u8]),
    /// A code the protocol does not use, with its data.
    Unknown {
        /// The code.
        code: u8,
        /// Its data.
        data: &'a [u8],
    },
}

impl<'a, O: ConfigOption<'a>> PartialEq for ControlData<'a, O> {
    fn eq(&self, other: &Self) -> bool {
        use ControlData as D;
        match (*self, *other) {
            (D::ConfigureRequest(a), D::ConfigureRequest(b))
            | (D::ConfigureAck(a), D::ConfigureAck(b))
            | (D::ConfigureNak(a), D::ConfigureNak(b))
            | (D::ConfigureReject(a), D::ConfigureReject(b)) => a == b,
            (D::TerminateRequest(a), D::TerminateRequest(b))
            | (D::TerminateAck(a), D::TerminateAck(b))
            | (D::CodeReject(a), D::CodeReject(b))
            | (D::ResetRequest(a), D::ResetRequest(b))
            | (D::ResetAck(a), D::ResetAck(b)) => a == b,
            (
                D::ProtocolReject {
                    protocol: p,
                    information: a,
                },
                D::ProtocolReject {
                    protocol: q,
                    information: b,
                },
            ) => p == q && a == b,
            (D::EchoRequest { magic: m, data: a }, D::EchoRequest { magic: n, data: b })
            | (D::EchoReply { magic: m, data: a }, D::EchoReply { magic: n, data: b })
            | (D::DiscardRequest { magic: m, data: a }, D::DiscardRequest { magic: n, data: b })
            | (
                D::Identification {
                    magic: m,
                    message: a,
                },
                D::Identification {
                    magic: n,
                    message: b,
                },
            ) => m == n && a == b,
            (
                D::TimeRemaining {
                    magic: m,
                    seconds: s,
                    message: a,
                },
                D::TimeRemaining {
                    magic: n,
                    seconds: t,
                    message: b,
                },
            ) => m == n && s == t && a == b,
            (D::Unknown { code: c, data: a }, D::Unknown { code: d, data: b }) => c == d && a == b,
            _ => false,
        }
    }
}

impl<'a, O: ConfigOption<'a>> Eq for ControlData<'a, O> {}

impl<'a, O: ConfigOption<'a>> ControlData<'a, O> {
    /// Types the data of a packet with code `code` for protocol `P`.
    ///
    /// # Errors
    /// [`BadLength`](ErrorKind::BadLength) on the length field (offset 2) when the data is
    /// shorter than [`ControlCode::min_data_len`].
    pub fn new<P: ControlProtocol>(code: u8, data: &'a [u8]) -> Result<Self> {
        let c = ControlCode::from_value(code);
        if !P::uses_code(c) || matches!(c, ControlCode::Unknown(_)) {
            return Ok(ControlData::Unknown { code, data });
        }
        if data.len() < c.min_data_len() {
            return Err(Error::bad_length(
                P::PROTOCOL,
                2,
                Field::Length,
                (data.len() + HEADER_LEN) as u32,
            ));
        }
        let (word, rest) = match data.split_first_chunk::<4>() {
            Some((w, rest)) => (u32::from_be_bytes(*w), rest),
            None => (0, data),
        };
        Ok(match c {
            ControlCode::ConfigureRequest => ControlData::ConfigureRequest(OptionList::Raw(data)),
            ControlCode::ConfigureAck => ControlData::ConfigureAck(OptionList::Raw(data)),
            ControlCode::ConfigureNak => ControlData::ConfigureNak(OptionList::Raw(data)),
            ControlCode::ConfigureReject => ControlData::ConfigureReject(OptionList::Raw(data)),
            ControlCode::TerminateRequest => ControlData::TerminateRequest(data),
            ControlCode::TerminateAck => ControlData::TerminateAck(data),
            ControlCode::CodeReject => ControlData::CodeReject(data),
            ControlCode::ProtocolReject => match data.split_first_chunk::<2>() {
                Some((p, information)) => ControlData::ProtocolReject {
                    protocol: PppProtocol::from_value(u16::from_be_bytes(*p)),
                    information,
                },
                None => ControlData::Unknown { code, data },
            },
            ControlCode::EchoRequest => ControlData::EchoRequest {
                magic: word,
                data: rest,
            },
            ControlCode::EchoReply => ControlData::EchoReply {
                magic: word,
                data: rest,
            },
            ControlCode::DiscardRequest => ControlData::DiscardRequest {
                magic: word,
                data: rest,
            },
            ControlCode::Identification => ControlData::Identification {
                magic: word,
                message: rest,
            },
            ControlCode::TimeRemaining => match rest.split_first_chunk::<4>() {
                Some((s, message)) => ControlData::TimeRemaining {
                    magic: word,
                    seconds: u32::from_be_bytes(*s),
                    message,
                },
                None => ControlData::Unknown { code, data },
            },
            ControlCode::ResetRequest => ControlData::ResetRequest(data),
            ControlCode::ResetAck => ControlData::ResetAck(data),
            ControlCode::Unknown(_) => ControlData::Unknown { code, data },
        })
    }

    /// The code of the packet.
    #[must_use]
    pub const fn code(&self) -> ControlCode {
        ControlCode::from_value(match self {
            ControlData::ConfigureRequest(_) => 1,
            ControlData::ConfigureAck(_) => 2,
            ControlData::ConfigureNak(_) => 3,
            ControlData::ConfigureReject(_) => 4,
            ControlData::TerminateRequest(_) => 5,
            ControlData::TerminateAck(_) => 6,
            ControlData::CodeReject(_) => 7,
            ControlData::ProtocolReject { .. } => 8,
            ControlData::EchoRequest { .. } => 9,
            ControlData::EchoReply { .. } => 10,
            ControlData::DiscardRequest { .. } => 11,
            ControlData::Identification { .. } => 12,
            ControlData::TimeRemaining { .. } => 13,
            ControlData::ResetRequest(_) => 14,
            ControlData::ResetAck(_) => 15,
            ControlData::Unknown { code, .. } => *code,
        })
    }

    /// The options, for the Configure codes.
    #[must_use]
    pub fn options(&self) -> Option<OptionList<'a, O>> {
        match *self {
            ControlData::ConfigureRequest(o)
            | ControlData::ConfigureAck(o)
            | ControlData::ConfigureNak(o)
            | ControlData::ConfigureReject(o) => Some(o),
            _ => None,
        }
    }

    /// The magic number, for the codes that carry one (9–13).
    #[must_use]
    pub const fn magic_number(&self) -> Option<u32> {
        match *self {
            ControlData::EchoRequest { magic, .. }
            | ControlData::EchoReply { magic, .. }
            | ControlData::DiscardRequest { magic, .. }
            | ControlData::Identification { magic, .. }
            | ControlData::TimeRemaining { magic, .. } => Some(magic),
            _ => None,
        }
    }

    /// Bytes of data (everything after the 4-byte header).
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match *self {
            ControlData::ConfigureRequest(o)
            | ControlData::ConfigureAck(o)
            | ControlData::ConfigureNak(o)
            | ControlData::ConfigureReject(o) => o.buffer_len(),
            ControlData::TerminateRequest(d)
            | ControlData::TerminateAck(d)
            | ControlData::CodeReject(d)
            | ControlData::ResetRequest(d)
            | ControlData::ResetAck(d)
            | ControlData::Unknown { data: d, .. } => d.len(),
            ControlData::ProtocolReject { information, .. } => information.len().saturating_add(2),
            ControlData::EchoRequest { data, .. }
            | ControlData::EchoReply { data, .. }
            | ControlData::DiscardRequest { data, .. }
            | ControlData::Identification { message: data, .. } => data.len().saturating_add(4),
            ControlData::TimeRemaining { message, .. } => message.len().saturating_add(8),
        }
    }

    fn emit(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            ControlData::ConfigureRequest(o)
            | ControlData::ConfigureAck(o)
            | ControlData::ConfigureNak(o)
            | ControlData::ConfigureReject(o) => o.emit(w),
            ControlData::TerminateRequest(d)
            | ControlData::TerminateAck(d)
            | ControlData::CodeReject(d)
            | ControlData::ResetRequest(d)
            | ControlData::ResetAck(d)
            | ControlData::Unknown { data: d, .. } => w.put_slice(d),
            ControlData::ProtocolReject {
                protocol,
                information,
            } => {
                w.put_u16(protocol.value())?;
                w.put_slice(information)
            }
            ControlData::EchoRequest { magic, data }
            | ControlData::EchoReply { magic, data }
            | ControlData::DiscardRequest { magic, data }
            | ControlData::Identification {
                magic,
                message: data,
            } => {
                w.put_u32(magic)?;
                w.put_slice(data)
            }
            ControlData::TimeRemaining {
                magic,
                seconds,
                message,
            } => {
                w.put_u32(magic)?;
                w.put_u32(seconds)?;
                w.put_slice(message)
            }
        }
    }

    /// Writes the summary of the data after the header part (` [options]`, ` magic=…`).
    fn fmt_data(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ControlData::ConfigureRequest(o)
            | ControlData::ConfigureAck(o)
            | ControlData::ConfigureNak(o)
            | ControlData::ConfigureReject(o) => write!(f, " {o}"),
            ControlData::TerminateRequest(d) | ControlData::TerminateAck(d) => {
                if d.is_empty() {
                    Ok(())
                } else {
                    f.write_str(" \"")?;
                    write_text(f, d)?;
                    f.write_str("\"")
                }
            }
            ControlData::CodeReject(d) => match d.first() {
                Some(c) => write!(f, " rejected code {c}, {} bytes", d.len()),
                None => f.write_str(" rejected nothing"),
            },
            ControlData::ProtocolReject {
                protocol,
                information,
            } => write!(
                f,
                " rejected {protocol} ({:#06x}), {} bytes",
                protocol.value(),
                information.len()
            ),
            ControlData::EchoRequest { magic, data }
            | ControlData::EchoReply { magic, data }
            | ControlData::DiscardRequest { magic, data } => {
                write!(f, " magic={magic:#010x}")?;
                if !data.is_empty() {
                    write!(f, ", {} bytes of data", data.len())?;
                }
                Ok(())
            }
            ControlData::Identification { magic, message } => {
                write!(f, " magic={magic:#010x} \"")?;
                write_text(f, message)?;
                f.write_str("\"")
            }
            ControlData::TimeRemaining {
                magic,
                seconds,
                message,
            } => {
                write!(f, " magic={magic:#010x} remaining={seconds}s \"")?;
                write_text(f, message)?;
                f.write_str("\"")
            }
            ControlData::ResetRequest(d)
            | ControlData::ResetAck(d)
            | ControlData::Unknown { data: d, .. } => {
                if d.is_empty() {
                    Ok(())
                } else {
                    write!(f, " {} bytes of data", d.len())
                }
            }
        }
    }
}

/// Writes bytes as text: printable ASCII as is, the rest as `\xNN`.
pub(crate) fn write_text(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    for &b in bytes {
        match b {
            b'"' | b'\\' => write!(f, "\\{}", char::from(b))?,
            0x20..=0x7e => write!(f, "{}", char::from(b))?,
            _ => write!(f, "\\x{b:02x}")?,
        }
    }
    Ok(())
}

/// Writes bytes as colon-separated hex.
pub(crate) fn write_hex(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            f.write_str(":")?;
        }
        write!(f, "{b:02x}")?;
    }
    Ok(())
}

/// Splits a packet in the RFC 1661 §5 layout (also PAP's and CHAP's) into header, data
/// (`length - 4` bytes) and padding.
///
/// # Errors
/// Truncation of the header or of the data; [`BadLength`](ErrorKind::BadLength) at offset 2
/// for a length below 4.
pub fn split_packet<B: SplitByteSlice>(
    protocol: Protocol,
    bytes: B,
) -> Result<(Ref<B, ControlHeader>, B, B)> {
    let (header, rest) = split_header::<B, ControlHeader>(protocol, bytes)?;
    let length = usize::from(header.length.get());
    let Some(data_len) = length.checked_sub(HEADER_LEN) else {
        return Err(Error::bad_length(protocol, 2, Field::Length, length as u32));
    };
    let (data, padding) = split_at(protocol, rest, data_len, HEADER_LEN)?;
    Ok((header, data, padding))
}

/// Writes the 4-byte header with `length = HEADER_LEN + data_len`, checking the room for
/// the whole packet; returns the writer positioned at the data.
pub(crate) fn write_header<'b>(
    protocol: Protocol,
    buf: &'b mut [u8],
    code: u8,
    identifier: u8,
    data_len: usize,
) -> Result<Writer<'b>> {
    let len = data_len.saturating_add(HEADER_LEN);
    let Ok(length) = u16::try_from(len) else {
        return Err(Error::new(
            protocol,
            2,
            ErrorKind::TooLong {
                field: Field::Length,
                limit: u32::from(u16::MAX),
            },
        ));
    };
    if buf.len() < len {
        return Err(Error::buffer_too_small(protocol, len, buf.len()));
    }
    let mut w = Writer::new(protocol, buf);
    w.put_u8(code)?;
    w.put_u8(identifier)?;
    w.put_u16(length)?;
    Ok(w)
}

/// A zero-copy view of a control packet of protocol `P`.
pub struct ControlPacket<B, P> {
    header: Ref<B, ControlHeader>,
    data: B,
    padding: B,
    _p: PhantomData<P>,
}

impl<B: SplitByteSlice, P: ControlProtocol> ControlPacket<B, P> {
    /// Validates a control packet: the header, `4 <= length <= bytes`, and the fixed fields
    /// of its code (the protocol of Protocol-Reject, the magic number...). Bytes after
    /// `length` are padding (RFC 1661 §5). The option list is not required to be well
    /// framed: see the [module docs](self).
    ///
    /// # Errors
    /// [`Truncated`](ErrorKind::Truncated) when the header or the data `length` announces is
    /// cut short; [`BadLength`](ErrorKind::BadLength) at offset 2 for a length below 4 or
    /// too short for the code's fixed fields.
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, data, padding) = split_packet(P::PROTOCOL, bytes)?;
        ControlData::<P::Opt<'_>>::new::<P>(header.code, &data)?;
        Ok(ControlPacket {
            header,
            data,
            padding,
            _p: PhantomData,
        })
    }

    /// The code.
    #[inline]
    pub fn code(&self) -> ControlCode {
        ControlCode::from_value(self.header.code)
    }

    /// The identifier.
    #[inline]
    pub fn identifier(&self) -> u8 {
        self.header.identifier
    }

    /// The length field (header and data).
    #[inline]
    pub fn length(&self) -> u16 {
        self.header.length.get()
    }

    /// The data: the bytes after the header up to `length`.
    #[inline]
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Bytes after `length` (padding, or an FCS the capture kept).
    #[inline]
    pub fn padding(&self) -> &[u8] {
        &self.padding
    }

    /// The data typed by code.
    pub fn body(&self) -> ControlData<'_, P::Opt<'_>> {
        // parse checked the minimum lengths, so this cannot fail; keep the raw data if it did.
        ControlData::new::<P>(self.header.code, &self.data).unwrap_or(ControlData::Unknown {
            code: self.header.code,
            data: &self.data,
        })
    }

    /// The options (meaningful for the Configure codes; for the others the walk is over the
    /// data as it is).
    #[inline]
    pub fn options(&self) -> Options<'_, P::Opt<'_>> {
        Options::new(&self.data)
    }

    /// The magic number, for the codes that carry one.
    #[inline]
    pub fn magic_number(&self) -> Option<u32> {
        self.body().magic_number()
    }
}

impl<B: ByteSliceMut + SplitByteSlice, P: ControlProtocol> ControlPacket<B, P> {
    /// Sets the code (the data is not changed: use with care).
    #[inline]
    pub fn set_code(&mut self, code: ControlCode) {
        self.header.code = code.value();
    }

    /// Sets the identifier.
    #[inline]
    pub fn set_identifier(&mut self, identifier: u8) {
        self.header.identifier = identifier;
    }

    /// The data, writable.
    #[inline]
    pub fn data_mut(&mut self) -> &mut [u8] {
        &mut self.data
    }
}

impl<B: SplitByteSlice, P: ControlProtocol> fmt::Debug for ControlPacket<B, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ControlPacket")
            .field("protocol", &P::NAME)
            .field("header", &*self.header)
            .field("body", &self.body())
            .field("padding_len", &self.padding.len())
            .finish()
    }
}

impl<B: SplitByteSlice, P: ControlProtocol> fmt::Display for ControlPacket<B, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} id={} len={}",
            P::NAME,
            self.code(),
            self.identifier(),
            self.length()
        )?;
        self.body().fmt_data(f)
    }
}

/// The meaning of a control packet of protocol `P`: identifier and typed data (the code
/// follows from the data's variant).
pub struct ControlRepr<'a, P: ControlProtocol> {
    /// The identifier.
    pub identifier: u8,
    /// The typed data.
    pub data: ControlData<'a, P::Opt<'a>>,
}

impl<'a, P: ControlProtocol> Clone for ControlRepr<'a, P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<'a, P: ControlProtocol> Copy for ControlRepr<'a, P> {}
impl<'a, P: ControlProtocol> PartialEq for ControlRepr<'a, P> {
    fn eq(&self, other: &Self) -> bool {
        self.identifier == other.identifier && self.data == other.data
    }
}
impl<'a, P: ControlProtocol> Eq for ControlRepr<'a, P> {}
impl<'a, P: ControlProtocol> fmt::Debug for ControlRepr<'a, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ControlRepr")
            .field("protocol", &P::NAME)
            .field("identifier", &self.identifier)
            .field("data", &self.data)
            .finish()
    }
}

impl<'a, P: ControlProtocol> ControlRepr<'a, P> {
    /// The repr of a parsed packet (options kept as raw bytes, padding dropped).
    ///
    /// # Errors
    /// None for a packet that parsed; the `Result` keeps the family's shape.
    pub fn parse<B: SplitByteSlice>(packet: &'a ControlPacket<B, P>) -> Result<Self> {
        Ok(ControlRepr {
            identifier: packet.identifier(),
            data: ControlData::new::<P>(packet.header.code, &packet.data)?,
        })
    }

    /// The code.
    #[inline]
    #[must_use]
    pub const fn code(&self) -> ControlCode {
        self.data.code()
    }

    /// Bytes the packet takes: header and data.
    #[inline]
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.data.buffer_len().saturating_add(HEADER_LEN)
    }

    /// Writes the packet, filling the length; returns its length.
    ///
    /// # Errors
    /// A buffer error; [`TooLong`](ErrorKind::TooLong) when the packet exceeds 65535 bytes;
    /// [`BadValue`](ErrorKind::BadValue) on the code for a typed variant the protocol does
    /// not use (an IPCP Echo-Request) or an `Unknown` variant whose code the protocol types
    /// (neither would parse back to the same repr); option errors.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let code = self.code();
        let typed = !matches!(self.data, ControlData::Unknown { .. });
        if typed != (P::uses_code(code) && !matches!(code, ControlCode::Unknown(_))) {
            return Err(Error::bad_value(
                P::PROTOCOL,
                0,
                Field::Code,
                u32::from(code.value()),
            ));
        }
        let mut w = write_header(
            P::PROTOCOL,
            buf,
            code.value(),
            self.identifier,
            self.data.buffer_len(),
        )?;
        self.data.emit(&mut w)?;
        Ok(w.position())
    }
}

impl<'a, P: ControlProtocol> fmt::Display for ControlRepr<'a, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} id={} len={}",
            P::NAME,
            self.code(),
            self.identifier,
            self.buffer_len()
        )?;
        self.data.fmt_data(f)
    }
}

/// Implements the raw part of [`ConfigOption`] for an option enum with the variants
/// `Unknown { kind, data }`, `Malformed { kind, data }` and `Invalid(bytes)`.
macro_rules! raw_option_variants {
    () => {
        fn invalid(rest: &'a [u8]) -> Self {
            Self::Invalid(rest)
        }

        fn as_invalid(&self) -> Option<&'a [u8]> {
            match *self {
                Self::Invalid(b) => Some(b),
                _ => None,
            }
        }
    };
}
pub(crate) use raw_option_variants;

/// Writes the Display text of the three raw variants; `name` names a known type.
pub(crate) fn fmt_raw_option(
    f: &mut fmt::Formatter<'_>,
    variant: RawVariant,
    kind: u8,
    name: Option<&str>,
    data: &[u8],
) -> fmt::Result {
    match (variant, name) {
        (RawVariant::Invalid, _) => {
            write!(f, "invalid option bytes ({} bytes)", data.len())
        }
        (RawVariant::Malformed, Some(n)) => {
            write!(f, "malformed {n} (len {})", data.len().saturating_add(2))
        }
        (_, Some(n)) => {
            write!(f, "{n}")?;
            if !data.is_empty() {
                f.write_str(" ")?;
                write_hex(f, data)?;
            }
            Ok(())
        }
        (_, None) => {
            write!(f, "option {kind}")?;
            if !data.is_empty() {
                f.write_str(" ")?;
                write_hex(f, data)?;
            }
            Ok(())
        }
    }
}

/// Which raw variant [`fmt_raw_option`] is printing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawVariant {
    Unknown,
    Malformed,
    Invalid,
}

#[cfg(test)]
mod tests {
    use super::super::lcp::{Lcp, LcpOption, LcpPacket, LcpRepr};
    use super::*;
    use std::string::ToString;

    // LCP Protocol-Reject of the seed trace (vectors/seed_story.jsonl index 11).
    static PROT_REJ: [u8; 6] = [0x08, 0x03, 0x00, 0x06, 0x80, 0xfd];

    #[test]
    fn header_lengths_and_padding() {
        // An Echo-Request from ppp_pap.pcapng frame 6, followed by the 2 FCS bytes the
        // capture kept: they are padding.
        let bytes = [0x09, 0x00, 0x00, 0x08, 0xe4, 0x0d, 0x0d, 0x59, 0x37, 0x9a];
        let p = LcpPacket::parse(&bytes[..]).unwrap();
        assert_eq!(p.padding(), &[0x37, 0x9a]);
        assert_eq!(p.magic_number(), Some(0xe40d_0d59));
        assert_eq!(
            p.to_string(),
            "LCP Echo-Request id=0 len=8 magic=0xe40d0d59"
        );

        let e = LcpPacket::parse(&[0x09, 0x00, 0x00, 0x03][..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                2,
                ErrorKind::BadLength {
                    field: Field::Length,
                    value: 3
                }
            )
        );
        let e = LcpPacket::parse(&[0x09, 0x00, 0x00, 0x0c, 0, 0, 0, 0][..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                4,
                ErrorKind::Truncated {
                    needed: 8,
                    available: 4
                }
            )
        );
        // Echo-Request too short for its magic number.
        let e = LcpPacket::parse(&[0x09, 0x00, 0x00, 0x06, 0, 0][..]).unwrap_err();
        assert_eq!(e.offset(), 2);
        assert_eq!(e.protocol(), Protocol::Lcp);
        let e = LcpPacket::parse(&[0x01, 0x00, 0x00][..]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 4,
                available: 3
            }
        );
    }

    #[test]
    fn protocol_reject_and_codes_by_protocol() {
        let p = LcpPacket::parse(&PROT_REJ[..]).unwrap();
        assert_eq!(
            p.body(),
            ControlData::ProtocolReject {
                protocol: PppProtocol::Ccp,
                information: &[]
            }
        );
        assert_eq!(
            p.to_string(),
            "LCP Protocol-Reject id=3 len=6 rejected CCP (0x80fd), 0 bytes"
        );
        let r = LcpRepr::parse(&p).unwrap();
        let mut out = [0u8; 6];
        assert_eq!(r.emit(&mut out).unwrap(), 6);
        assert_eq!(out, PROT_REJ);

        // IPCP does not use code 8: the data stays raw, and a typed IPCP Protocol-Reject
        // does not emit.
        let p = super::super::ipcp::IpcpPacket::parse(&PROT_REJ[..]).unwrap();
        assert_eq!(
            p.body(),
            ControlData::Unknown {
                code: 8,
                data: &[0x80, 0xfd]
            }
        );
        let bad = super::super::ipcp::IpcpRepr {
            identifier: 1,
            data: ControlData::EchoRequest {
                magic: 0,
                data: &[],
            },
        };
        assert!(bad.emit(&mut [0u8; 16]).is_err());
        let bad = LcpRepr {
            identifier: 1,
            data: ControlData::Unknown { code: 9, data: &[] },
        };
        assert!(bad.emit(&mut [0u8; 16]).is_err());
    }

    #[test]
    fn rfc1570_codes_and_setters() {
        let ident = LcpRepr {
            identifier: 7,
            data: ControlData::Identification {
                magic: 0x0102_0304,
                message: b"pppd 2.4.9",
            },
        };
        let remaining = LcpRepr {
            identifier: 8,
            data: ControlData::TimeRemaining {
                magic: 0x0102_0304,
                seconds: 3600,
                message: b"bye",
            },
        };
        let mut buf = [0u8; 32];
        let n = ident.emit(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"\x0c\x07\x00\x12\x01\x02\x03\x04pppd 2.4.9");
        let p = LcpPacket::parse(&buf[..n]).unwrap();
        assert_eq!(LcpRepr::parse(&p).unwrap(), ident);
        assert_eq!(
            p.to_string(),
            "LCP Identification id=7 len=18 magic=0x01020304 \"pppd 2.4.9\""
        );
        let n = remaining.emit(&mut buf).unwrap();
        assert_eq!(
            &buf[..n],
            b"\x0d\x08\x00\x0f\x01\x02\x03\x04\x00\x00\x0e\x10bye"
        );
        let mut p = LcpPacket::parse(&mut buf[..n]).unwrap();
        assert_eq!(LcpRepr::parse(&p).unwrap(), remaining);
        p.set_identifier(9);
        p.data_mut()[0] = 0xff;
        p.set_code(ControlCode::Identification);
        assert_eq!(&buf[..5], &[0x0c, 0x09, 0x00, 0x0f, 0xff]);
        // Time-Remaining needs 8 bytes of data.
        assert!(LcpPacket::parse(&[0x0d, 0x00, 0x00, 0x0b, 0, 0, 0, 0, 0, 0, 0][..]).is_err());
    }

    #[test]
    fn damaged_option_lists_stay_lossless() {
        // MRU, then an option whose length byte is 1: the rest is kept as one Invalid item.
        let bytes = [0x01, 0x01, 0x00, 0x0a, 0x01, 0x04, 0x05, 0xdc, 0x03, 0x01];
        let p = LcpPacket::parse(&bytes[..]).unwrap();
        let opts: std::vec::Vec<_> = p.options().positioned().collect();
        assert_eq!(
            opts,
            [
                (0, LcpOption::Mru(1500)),
                (4, LcpOption::Invalid(&[0x03, 0x01]))
            ]
        );
        let e = Options::<LcpOption<'_>>::check(Protocol::Lcp, p.data()).unwrap_err();
        assert_eq!(
            (e.protocol(), e.offset(), e.kind()),
            (
                Protocol::Lcp,
                5,
                ErrorKind::BadLength {
                    field: Field::OptionLength,
                    value: 1
                }
            )
        );
        let r = LcpRepr::parse(&p).unwrap();
        let mut out = [0u8; 10];
        r.emit(&mut out).unwrap();
        assert_eq!(out, bytes);
        // The same list written as typed options is equal to it.
        let typed = [LcpOption::Mru(1500), LcpOption::Invalid(&[0x03, 0x01])];
        assert_eq!(
            r.data,
            ControlData::ConfigureRequest(OptionList::Typed(&typed))
        );
        assert_ne!(
            r.data,
            ControlData::ConfigureRequest(OptionList::Typed(&typed[..1]))
        );
        // Length 0 (would loop a naive walker) and a length past the end.
        for bytes in [&[0x05u8, 0x00, 0x01][..], &[0x05, 0x06, 0x00, 0x00][..]] {
            let mut it = Options::<LcpOption<'_>>::new(bytes);
            assert_eq!(it.next(), Some(LcpOption::Invalid(bytes)));
            assert_eq!(it.next(), None);
        }
        // A 255-byte rejected option (value 253 bytes) is kept and re-emitted.
        let mut big = [0u8; 4 + 255];
        big[..4].copy_from_slice(&[0x04, 0x01, 0x01, 0x03]);
        big[4] = 0x2a;
        big[5] = 0xff;
        let p = LcpPacket::parse(&big[..]).unwrap();
        let o = p.options().next().unwrap();
        assert_eq!(
            o,
            LcpOption::Unknown {
                kind: 42,
                data: &[0u8; 253]
            }
        );
        let mut out = [0u8; 259];
        LcpRepr::parse(&p).unwrap().emit(&mut out).unwrap();
        assert_eq!(out, big);
        // 254 bytes of value do not fit an option.
        let too_big = [LcpOption::Unknown {
            kind: 42,
            data: &[0u8; 254],
        }];
        let r = LcpRepr {
            identifier: 1,
            data: ControlData::ConfigureReject(OptionList::Typed(&too_big)),
        };
        assert!(matches!(
            r.emit(&mut [0u8; 300]).unwrap_err().kind(),
            ErrorKind::TooLong { .. }
        ));
    }

    #[test]
    fn large_echo_request_is_fine() {
        // ppproto panics on echo requests above ~124 bytes; here it is plain data.
        let mut buf = [0u8; 1500];
        let data = [0x5au8; 1400];
        let r = LcpRepr {
            identifier: 200,
            data: ControlData::EchoRequest {
                magic: 0x2c70_0c9a,
                data: &data,
            },
        };
        let n = r.emit(&mut buf).unwrap();
        assert_eq!(n, 1408);
        let p = LcpPacket::parse(&buf[..n]).unwrap();
        assert_eq!(LcpRepr::parse(&p).unwrap(), r);
        assert!(r.emit(&mut [0u8; 100]).is_err());
        let _: Lcp = Lcp;
    }
}
