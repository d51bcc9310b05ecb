//! FLAP, the framing of every OSCAR connection (notes §1.2).
//!
//! ```text
//!  0      1        2          4          6
//! +------+--------+----------+----------+----------------+
//! | 0x2A | channel| sequence | length   | payload        |
//! +------+--------+----------+----------+----------------+
//!                   u16 BE     u16 BE     length bytes
//! ```
//!
//! Channel 1 opens a connection (a u32 version, 1, then TLVs: [`FlapSignon`]), 2 carries a
//! SNAC, 3 is a FLAP-level error, 4 closes the connection, 5 is a keep-alive. The sequence
//! number counts per connection and direction; it is exposed raw (implementations disagree
//! on whether it wraps at 0x8000 or 0xFFFF).
//!
//! On the stream several FLAPs share one TCP segment and one FLAP may span segments (both
//! occur in `../shared/captures/aim_oscar/ndpi_Oscar.pcap`): [`Deframer`] is the push
//! decoder for it. Old Windows AIM clients (1.x–4.1) are sent a 4-byte sign-off frame with
//! no length field (`2a 04 ss ss`, Open OSCAR Server `wire/frames.go`); the deframer
//! reports it at the end of the stream as [`Event::OldSignoff`].
//!
//! ```
//! use codec_aim::flap::{FlapChannel, FlapFrame, FlapRepr};
//! // The server's first frame of ndpi_Oscar.pcap (frame 5): channel 1, version 1.
//! let bytes = [0x2a, 0x01, 0x19, 0x8a, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01];
//! let frame = FlapFrame::parse(&bytes[..])?;
//! assert_eq!(frame.channel(), FlapChannel::SignOn);
//! assert_eq!(frame.sequence(), 6538);
//! assert_eq!(frame.payload(), &[0, 0, 0, 1]);
//! assert_eq!(frame.to_string(), "FLAP New Connection seq 6538 len 4");
//!
//! let repr = FlapRepr::parse(&frame)?;
//! let mut out = [0u8; 10];
//! assert_eq!(repr.emit(&mut out)?, 10);
//! assert_eq!(out, bytes);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::tlv::TlvChain;
use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer, split_at, split_header};
use core::fmt;
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// The start marker of every FLAP, `'*'`.
pub const START: u8 = 0x2a;
/// Length of the FLAP header.
pub const HEADER_LEN: usize = 6;
/// Longest payload the length field can state.
pub const MAX_PAYLOAD_LEN: usize = 0xffff;
/// Longest FLAP: header plus the longest payload. The default [`Deframer`] holds one.
pub const MAX_FRAME_LEN: usize = HEADER_LEN + MAX_PAYLOAD_LEN;
/// Length of the old sign-off frame, which has no length field.
pub const OLD_SIGNOFF_LEN: usize = 4;
/// The FLAP version a channel-1 frame starts with.
pub const FLAP_VERSION: u32 = 1;

codec_core::registry! {
    /// FLAP channels (frame types), with Wireshark's names.
    pub enum FlapChannel: u8 {
        /// 1: new connection (sign-on: version and TLVs).
        SignOn = 1 => "New Connection",
        /// 2: a SNAC.
        Data = 2 => "SNAC Data",
        /// 3: FLAP-level error.
        Error = 3 => "FLAP-Level Error",
        /// 4: close connection (sign-off).
        SignOff = 4 => "Close Connection",
        /// 5: keep-alive.
        KeepAlive = 5 => "Keep Alive",
    }
}

/// The 6-byte FLAP header.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct FlapHeader {
    /// Start marker, 0x2A.
    pub start: u8,
    /// Channel.
    pub channel: u8,
    /// Sequence number.
    pub sequence: U16,
    /// Payload length.
    pub length: U16,
}

impl FlapHeader {
    /// A header for `channel`, `sequence` and a payload of `length` bytes.
    #[must_use]
    pub fn new(channel: FlapChannel, sequence: u16, length: u16) -> Self {
        FlapHeader {
            start: START,
            channel: channel.value(),
            sequence: U16::new(sequence),
            length: U16::new(length),
        }
    }
}

fn check_start(byte: u8) -> Result<()> {
    if byte == START {
        Ok(())
    } else {
        Err(Error::bad_value(
            Protocol::Flap,
            0,
            Field::Magic,
            u32::from(byte),
        ))
    }
}

/// A zero-copy view of one FLAP at the front of a buffer.
pub struct FlapFrame<B> {
    header: Ref<B, FlapHeader>,
    payload: B,
    rest: B,
}

impl<B: SplitByteSlice> FlapFrame<B> {
    /// Validates the FLAP at the front of `bytes`: start marker, header, and a payload of
    /// the stated length. Bytes after it are kept as [`rest`](Self::rest).
    ///
    /// # Errors
    /// [`BadValue`](ErrorKind::BadValue) of [`Field::Magic`] for a start byte other than
    /// 0x2A (the receiver must drop the connection); truncation of the header (offset 0) or
    /// of the payload (offset 6).
    pub fn parse(bytes: B) -> Result<Self> {
        if let Some(&b) = bytes.first() {
            check_start(b)?;
        }
        let (header, rest) = split_header::<B, FlapHeader>(Protocol::Flap, bytes)?;
        let len = usize::from(header.length.get());
        let (payload, rest) = split_at(Protocol::Flap, rest, len, HEADER_LEN)?;
        Ok(FlapFrame {
            header,
            payload,
            rest,
        })
    }

    /// The header.
    #[inline]
    pub fn header(&self) -> &FlapHeader {
        &self.header
    }

    /// The channel.
    #[inline]
    pub fn channel(&self) -> FlapChannel {
        FlapChannel::from_value(self.header.channel)
    }

    /// The sequence number.
    #[inline]
    pub fn sequence(&self) -> u16 {
        self.header.sequence.get()
    }

    /// The payload length field.
    #[inline]
    pub fn payload_len(&self) -> u16 {
        self.header.length.get()
    }

    /// Header plus payload.
    #[inline]
    pub fn frame_len(&self) -> usize {
        HEADER_LEN + usize::from(self.payload_len())
    }

    /// The payload.
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Bytes after the frame (the next FLAPs of a segment).
    #[inline]
    pub fn rest(&self) -> &[u8] {
        &self.rest
    }

    /// The sign-on body of a channel-1 frame.
    ///
    /// # Errors
    /// Those of [`FlapSignon::parse`].
    pub fn signon(&self) -> Result<FlapSignon<'_>> {
        FlapSignon::parse(&self.payload)
    }
}

impl<B: SplitByteSlice + ByteSliceMut> FlapFrame<B> {
    /// Sets the channel.
    #[inline]
    pub fn set_channel(&mut self, channel: FlapChannel) {
        self.header.channel = channel.value();
    }

    /// Sets the sequence number (a proxy that injects or drops frames renumbers).
    #[inline]
    pub fn set_sequence(&mut self, sequence: u16) {
        self.header.sequence.set(sequence);
    }

    /// The payload, writable (its length is fixed by the header).
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.payload
    }
}

impl<B: SplitByteSlice> fmt::Debug for FlapFrame<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlapFrame")
            .field("header", &*self.header)
            .field("payload_len", &self.payload.len())
            .field("rest_len", &self.rest.len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for FlapFrame<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FLAP {} seq {} len {}",
            self.channel(),
            self.sequence(),
            self.payload_len()
        )
    }
}

/// One FLAP's meaning: channel, sequence number and payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct FlapRepr<'a> {
    /// Channel.
    pub channel: FlapChannel,
    /// Sequence number.
    pub sequence: u16,
    /// Payload (at most 65535 bytes).
    pub payload: &'a [u8],
}

impl<'a> FlapRepr<'a> {
    /// The repr of a parsed frame.
    ///
    /// # Errors
    /// None today; the `Result` keeps the family's shape.
    pub fn parse<B: SplitByteSlice>(frame: &'a FlapFrame<B>) -> Result<Self> {
        Ok(FlapRepr {
            channel: frame.channel(),
            sequence: frame.sequence(),
            payload: frame.payload(),
        })
    }

    /// Bytes the frame takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN + self.payload.len()
    }

    /// Writes the frame into the front of `buf`; returns its length.
    ///
    /// # Errors
    /// A buffer error, or [`TooLong`](ErrorKind::TooLong) for a payload over 65535 bytes.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let payload = self.payload;
        emit_with(
            self.channel,
            self.sequence,
            payload.len(),
            buf,
            |out: &mut [u8]| {
                out.copy_from_slice(payload);
                Ok(())
            },
        )
    }
}

impl fmt::Display for FlapRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FLAP {} seq {} len {}",
            self.channel,
            self.sequence,
            self.payload.len()
        )
    }
}

fn too_long(len: usize) -> Error {
    let _ = len;
    Error::new(
        Protocol::Flap,
        4,
        ErrorKind::TooLong {
            field: Field::PayloadLength,
            limit: MAX_PAYLOAD_LEN as u32,
        },
    )
}

/// Writes a FLAP header for a payload of `payload_len` bytes into the front of `buf`, then
/// lets `payload` fill the payload in place (smoltcp's `emit(.., emit_payload)` shape).
/// Returns the frame length.
///
/// # Errors
/// A buffer error, [`TooLong`](ErrorKind::TooLong) for a payload over 65535 bytes, or the
/// closure's error.
pub fn emit_with(
    channel: FlapChannel,
    sequence: u16,
    payload_len: usize,
    buf: &mut [u8],
    payload: impl FnOnce(&mut [u8]) -> Result<()>,
) -> Result<usize> {
    let length = u16::try_from(payload_len).map_err(|_| too_long(payload_len))?;
    let total = HEADER_LEN + payload_len;
    let Some(out) = buf.get_mut(..total) else {
        return Err(Error::buffer_too_small(Protocol::Flap, total, buf.len()));
    };
    let (head, body) = out.split_at_mut(HEADER_LEN);
    head.copy_from_slice(FlapHeader::new(channel, sequence, length).as_bytes());
    payload(body)?;
    Ok(total)
}

/// Writes the old 4-byte sign-off frame (`2a 04 ss ss`, no length field) that Windows AIM
/// 1.x–4.1 expects (Open OSCAR Server `wire/frames.go`, `OldSignoff`).
///
/// # Errors
/// A buffer error.
pub fn emit_old_signoff(sequence: u16, buf: &mut [u8]) -> Result<usize> {
    let mut w = Writer::new(Protocol::Flap, buf);
    w.put_u8(START)?;
    w.put_u8(FlapChannel::SignOff.value())?;
    w.put_u16(sequence)?;
    Ok(w.position())
}

/// The body of a channel-1 (new connection) frame: a u32 FLAP version, then TLVs
/// (0x0006 is the BOS cookie). The server's first frame is the bare version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct FlapSignon<'a> {
    /// FLAP version, 1.
    pub version: u32,
    /// The TLVs after it.
    pub tlvs: TlvChain<'a>,
}

impl<'a> FlapSignon<'a> {
    /// Parses a channel-1 payload.
    ///
    /// # Errors
    /// Truncation of the version; TLV errors (offsets from the payload's start).
    pub fn parse(payload: &'a [u8]) -> Result<Self> {
        let Some((version, tlvs)) = payload.split_first_chunk::<4>() else {
            return Err(Error::truncated(Protocol::Flap, 0, 4, payload.len()));
        };
        Ok(FlapSignon {
            version: u32::from_be_bytes(*version),
            tlvs: TlvChain::parse(tlvs).map_err(|e| e.shifted(4))?,
        })
    }

    /// Bytes the body takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        4 + self.tlvs.len()
    }

    /// Writes the body; returns its length.
    ///
    /// # Errors
    /// A buffer error.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let mut w = Writer::new(Protocol::Flap, buf);
        w.put_u32(self.version)?;
        self.tlvs.emit(&mut w)?;
        Ok(w.position())
    }
}

// ---------------------------------------------------------------------------------------
// The push deframer.

/// A complete FLAP from the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// Stream offset of the frame's start marker.
    pub offset: u64,
    /// Channel.
    pub channel: FlapChannel,
    /// Sequence number.
    pub sequence: u16,
    /// The payload.
    pub payload: &'a [u8],
    /// The whole frame, header included (ready to forward).
    pub bytes: &'a [u8],
}

impl<'a> Frame<'a> {
    /// The frame as a view.
    ///
    /// # Errors
    /// None for a frame from the deframer.
    pub fn view(&self) -> Result<FlapFrame<&'a [u8]>> {
        FlapFrame::parse(self.bytes)
    }
}

impl fmt::Display for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FLAP @{} {} seq {} len {}",
            self.offset,
            self.channel,
            self.sequence,
            self.payload.len()
        )
    }
}

/// What the deframer found in the stream. Offsets count bytes from the start of the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A complete frame.
    Frame(Frame<'a>),
    /// A byte other than 0x2A where a frame must start. The deframer then skips to the
    /// next 0x2A (a client would drop the connection here; a monitor can resynchronise).
    BadStart {
        /// Stream offset of the byte.
        offset: u64,
        /// The byte.
        byte: u8,
    },
    /// A frame longer than the deframer's buffer; its payload is skipped by its length.
    TooLong {
        /// Stream offset of the frame.
        offset: u64,
        /// Channel.
        channel: FlapChannel,
        /// Sequence number.
        sequence: u16,
        /// Its payload length.
        length: u16,
        /// The maximum frame size (the buffer's length).
        limit: usize,
    },
    /// [`Deframer::finish`]: the stream ended after `2a 04 ss ss`, the old sign-off frame
    /// without a length field.
    OldSignoff {
        /// Stream offset of the frame.
        offset: u64,
        /// Sequence number.
        sequence: u16,
    },
    /// [`Deframer::finish`]: the stream ended inside a frame.
    Truncated {
        /// Stream offset of the frame.
        offset: u64,
        /// Bytes of it received.
        len: usize,
        /// Bytes the whole frame needs (6 while the header is incomplete).
        needed: usize,
    },
}

impl<'a> Event<'a> {
    /// Stream offset of the frame (or byte) the event is about.
    #[must_use]
    pub const fn offset(&self) -> u64 {
        match *self {
            Event::Frame(f) => f.offset,
            Event::BadStart { offset, .. }
            | Event::TooLong { offset, .. }
            | Event::OldSignoff { offset, .. }
            | Event::Truncated { offset, .. } => offset,
        }
    }

    /// The frame, for [`Event::Frame`].
    #[must_use]
    pub const fn frame(&self) -> Option<&Frame<'a>> {
        match self {
            Event::Frame(f) => Some(f),
            _ => None,
        }
    }

    /// The event as an [`Error`] of [`Protocol::Flap`] (offset saturated to u32), for the
    /// events that are errors: bad start byte, frame too long, truncated frame.
    #[must_use]
    pub fn error(&self) -> Option<Error> {
        let at = |o: u64| usize::try_from(o).unwrap_or(usize::MAX);
        match *self {
            Event::BadStart { offset, byte } => Some(Error::bad_value(
                Protocol::Flap,
                at(offset),
                Field::Magic,
                u32::from(byte),
            )),
            Event::TooLong { offset, limit, .. } => Some(Error::new(
                Protocol::Flap,
                at(offset),
                ErrorKind::TooLong {
                    field: Field::Frame,
                    limit: u32::try_from(limit).unwrap_or(u32::MAX),
                },
            )),
            Event::Truncated {
                offset,
                len,
                needed,
            } => Some(Error::truncated(Protocol::Flap, at(offset), needed, len)),
            Event::Frame(_) | Event::OldSignoff { .. } => None,
        }
    }
}

impl fmt::Display for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Event::Frame(frame) => frame.fmt(f),
            Event::BadStart { offset, byte } => write!(
                f,
                "FLAP @{offset}: start byte {byte:#04x} is not 0x2a, skipping to the next 0x2a"
            ),
            Event::TooLong {
                offset,
                channel,
                sequence,
                length,
                limit,
            } => write!(
                f,
                "FLAP @{offset} {channel} seq {sequence} len {length}: longer than {limit} bytes, skipped"
            ),
            Event::OldSignoff { offset, sequence } => {
                write!(f, "FLAP @{offset} old sign-off seq {sequence} (no length)")
            }
            Event::Truncated {
                offset,
                len,
                needed,
            } => write!(
                f,
                "FLAP @{offset}: stream ends after {len} of {needed} bytes"
            ),
        }
    }
}

/// What [`Deframer::gather`] achieved, before an event borrowing the buffer is made.
enum Gathered {
    Pending,
    Complete {
        total: usize,
        channel: u8,
        sequence: u16,
    },
    TooLong(Event<'static>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Collecting a frame (header, then payload) into the buffer; `len` bytes so far.
    Frame,
    /// Skipping the payload of a frame too long for the buffer.
    Skip { remaining: usize },
    /// After a bad start byte: skipping to the next 0x2A.
    Resync,
}

/// A push deframer for a FLAP byte stream.
///
/// `B` is the frame buffer: its length is the maximum frame size, header included (the
/// default holds [`MAX_FRAME_LEN`], every frame the length field can state). Frames that
/// arrive whole inside one chunk are handed out borrowed from the chunk, without a copy;
/// only a frame cut by a chunk boundary is gathered in the buffer. The events do not
/// depend on how the stream was cut into chunks.
///
/// ```
/// use codec_aim::flap::{Deframer, Event};
/// // Two FLAPs (ndpi_Oscar.pcap frame 5, then a keep-alive) cut at every byte.
/// let stream = [0x2a, 0x01, 0x19, 0x8a, 0x00, 0x04, 0, 0, 0, 1, 0x2a, 0x05, 0x19, 0x8b, 0, 0];
/// let mut deframer = Deframer::new([0u8; 64]);
/// let mut seen = Vec::new();
/// for byte in stream.chunks(1) {
///     deframer.push(byte, |e| {
///         if let Event::Frame(f) = e {
///             seen.push((f.offset, f.sequence, f.payload.len()));
///         }
///     });
/// }
/// assert_eq!(seen, [(0, 6538, 4), (10, 6539, 0)]);
/// assert_eq!(deframer.finish(), None);
/// ```
#[derive(Clone)]
pub struct Deframer<B = [u8; MAX_FRAME_LEN]> {
    buf: B,
    len: usize,
    state: State,
    position: u64,
    start: u64,
}

impl Default for Deframer<[u8; MAX_FRAME_LEN]> {
    fn default() -> Self {
        Deframer::new([0; MAX_FRAME_LEN])
    }
}

impl<B> fmt::Debug for Deframer<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deframer")
            .field("pending", &self.len)
            .field("state", &self.state)
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

#[inline]
fn header_of(bytes: &[u8]) -> Option<(u8, u16, u16)> {
    match bytes {
        [_, channel, s0, s1, l0, l1, ..] => Some((
            *channel,
            u16::from_be_bytes([*s0, *s1]),
            u16::from_be_bytes([*l0, *l1]),
        )),
        _ => None,
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Deframer<B> {
    /// A deframer storing cut frames in `buf` (its length is the maximum frame size, at
    /// least [`HEADER_LEN`] to make progress), at stream offset 0.
    pub fn new(buf: B) -> Self {
        Deframer {
            buf,
            len: 0,
            state: State::Frame,
            position: 0,
            start: 0,
        }
    }

    /// The maximum frame size, header included: the buffer's length.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.buf.as_ref().len()
    }

    /// Bytes consumed since the deframer was made: the stream offset of the next byte.
    #[must_use]
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Bytes of the frame in progress held in the buffer.
    #[must_use]
    pub fn pending(&self) -> usize {
        self.len
    }

    /// Drops the frame in progress: the next byte must start a frame.
    pub fn reset(&mut self) {
        self.len = 0;
        self.state = State::Frame;
        self.start = self.position;
    }

    /// Gives the buffer back.
    pub fn into_inner(self) -> B {
        self.buf
    }

    #[inline]
    fn advance(&mut self, input: &mut &[u8], n: usize) {
        *input = input.get(n..).unwrap_or(&[]);
        self.position = self.position.wrapping_add(n as u64);
    }

    fn too_long(&mut self, channel: u8, sequence: u16, length: u16) -> Event<'static> {
        self.len = 0;
        self.state = State::Skip {
            remaining: usize::from(length),
        };
        Event::TooLong {
            offset: self.start,
            channel: FlapChannel::from_value(channel),
            sequence,
            length,
            limit: self.capacity(),
        }
    }

    /// Consumes bytes from the front of `input` up to the end of the next event and
    /// returns it; `None` when `input` is used up (its bytes are then part of the
    /// deframer's state). A frame is borrowed from `input` when it lies whole inside it,
    /// else from the deframer's buffer: handle the event before the next call.
    pub fn decode<'x, 'c: 'x>(&'x mut self, input: &mut &'c [u8]) -> Option<Event<'x>> {
        loop {
            let chunk: &'c [u8] = input;
            if chunk.is_empty() {
                return None;
            }
            match self.state {
                State::Skip { remaining } => {
                    let n = remaining.min(chunk.len());
                    self.advance(input, n);
                    let remaining = remaining - n;
                    if remaining == 0 {
                        self.reset();
                    } else {
                        self.state = State::Skip { remaining };
                        return None;
                    }
                }
                State::Resync => match chunk.iter().position(|&b| b == START) {
                    Some(i) => {
                        self.advance(input, i);
                        self.reset();
                    }
                    None => {
                        self.advance(input, chunk.len());
                        return None;
                    }
                },
                State::Frame if self.len == 0 => {
                    self.start = self.position;
                    let &first = chunk.first()?;
                    if first != START {
                        self.advance(input, 1);
                        self.state = State::Resync;
                        return Some(Event::BadStart {
                            offset: self.start,
                            byte: first,
                        });
                    }
                    if let Some((channel, sequence, length)) = header_of(chunk) {
                        let total = HEADER_LEN + usize::from(length);
                        if total > self.capacity() {
                            self.advance(input, HEADER_LEN);
                            return Some(self.too_long(channel, sequence, length));
                        }
                        if let Some(bytes) = chunk.get(..total) {
                            // Whole frame in the chunk: hand it out without a copy.
                            self.advance(input, total);
                            return Some(Event::Frame(Frame {
                                offset: self.start,
                                channel: FlapChannel::from_value(channel),
                                sequence,
                                payload: bytes.get(HEADER_LEN..).unwrap_or(&[]),
                                bytes,
                            }));
                        }
                    }
                    // A cut frame: gather it (it cannot complete in this chunk).
                    if let Gathered::TooLong(event) = self.gather(input) {
                        return Some(event);
                    }
                }
                State::Frame => match self.gather(input) {
                    Gathered::Pending => {}
                    Gathered::TooLong(event) => return Some(event),
                    Gathered::Complete {
                        total,
                        channel,
                        sequence,
                    } => {
                        let bytes = self.buf.as_ref().get(..total).unwrap_or(&[]);
                        return Some(Event::Frame(Frame {
                            offset: self.start,
                            channel: FlapChannel::from_value(channel),
                            sequence,
                            payload: bytes.get(HEADER_LEN..).unwrap_or(&[]),
                            bytes,
                        }));
                    }
                },
            }
        }
    }

    /// Copies bytes of the frame in progress from `input` into the buffer; says when the
    /// frame is complete (or too long).
    fn gather(&mut self, input: &mut &[u8]) -> Gathered {
        let chunk = *input;
        // How many bytes the frame needs in all, as far as known.
        let needed = match header_of(self.buf.as_ref().get(..self.len).unwrap_or(&[])) {
            Some((_, _, length)) => HEADER_LEN + usize::from(length),
            None => HEADER_LEN,
        };
        let take = needed.saturating_sub(self.len).min(chunk.len());
        let cap = self.capacity();
        let end = self.len + take;
        if end > cap {
            // Only reachable with a buffer shorter than the header.
            self.advance(input, chunk.len());
            return Gathered::Pending;
        }
        if let (Some(dst), Some(src)) =
            (self.buf.as_mut().get_mut(self.len..end), chunk.get(..take))
        {
            dst.copy_from_slice(src);
        }
        self.len = end;
        self.advance(input, take);
        if self.len < needed {
            return Gathered::Pending;
        }
        let Some((channel, sequence, length)) =
            header_of(self.buf.as_ref().get(..self.len).unwrap_or(&[]))
        else {
            return Gathered::Pending;
        };
        let total = HEADER_LEN + usize::from(length);
        if self.len == HEADER_LEN && total > cap {
            return Gathered::TooLong(self.too_long(channel, sequence, length));
        }
        if self.len < total {
            return Gathered::Pending;
        }
        self.len = 0;
        Gathered::Complete {
            total,
            channel,
            sequence,
        }
    }

    /// Feeds `chunk` and calls `on_event` for every event it completes, in order.
    pub fn push(&mut self, chunk: &[u8], mut on_event: impl FnMut(Event<'_>)) {
        let mut input = chunk;
        while let Some(event) = self.decode(&mut input) {
            on_event(event);
        }
    }

    /// Ends the stream: reports the old 4-byte sign-off (`2a 04 ss ss` and nothing more)
    /// as [`Event::OldSignoff`], any other partial frame as [`Event::Truncated`], and starts
    /// afresh.
    pub fn finish(&mut self) -> Option<Event<'static>> {
        let event = match self.state {
            State::Frame if self.len == OLD_SIGNOFF_LEN => match self.buf.as_ref() {
                [_, 4, s0, s1, ..] => Some(Event::OldSignoff {
                    offset: self.start,
                    sequence: u16::from_be_bytes([*s0, *s1]),
                }),
                _ => Some(self.truncated()),
            },
            State::Frame if self.len > 0 => Some(self.truncated()),
            _ => None,
        };
        self.reset();
        event
    }

    fn truncated(&self) -> Event<'static> {
        let needed = match header_of(self.buf.as_ref().get(..self.len).unwrap_or(&[])) {
            Some((_, _, length)) => HEADER_LEN + usize::from(length),
            None => HEADER_LEN,
        };
        Event::Truncated {
            offset: self.start,
            len: self.len,
            needed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    // ../shared/captures/aim_oscar/ndpi_Oscar.pcap frame 5: the server's bare channel-1
    // frame (Wireshark: channel 1, seq 6538, datalen 4, version 00:00:00:01).
    static SIGNON: [u8; 10] = [0x2a, 0x01, 0x19, 0x8a, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01];

    // Frame 7's first FLAP: SNAC 1/3 (server ready), seq 6539, datalen 32.
    static SERVER_READY: [u8; 38] = [
        0x2a, 0x02, 0x19, 0x8b, 0x00, 0x20, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x80, 0x2e, 0x7d,
        0x10, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x08, 0x00, 0x09, 0x00, 0x0b,
        0x00, 0x13, 0x00, 0x15, 0x00, 0x22, 0x00, 0x25,
    ];

    // Frame 18: seven client FLAPs of 16 bytes in one segment (seq 5..11).
    fn coalesced() -> Vec<u8> {
        let snacs: [(u16, u16, u16, u32); 7] = [
            (5, 1, 14, 4),
            (6, 19, 2, 5),
            (7, 19, 4, 6),
            (8, 2, 2, 7),
            (9, 3, 2, 8),
            (10, 4, 4, 9),
            (11, 9, 2, 10),
        ];
        let mut v = Vec::new();
        for (seq, fam, sub, id) in snacs {
            v.extend_from_slice(&[0x2a, 0x02]);
            v.extend_from_slice(&seq.to_be_bytes());
            v.extend_from_slice(&[0x00, 0x0a]);
            v.extend_from_slice(&fam.to_be_bytes());
            v.extend_from_slice(&sub.to_be_bytes());
            v.extend_from_slice(&[0, 0]);
            v.extend_from_slice(&id.to_be_bytes());
        }
        v
    }

    #[test]
    fn deconstruct() {
        let f = FlapFrame::parse(&SERVER_READY[..]).unwrap();
        assert_eq!(f.channel(), FlapChannel::Data);
        assert_eq!(f.sequence(), 6539);
        assert_eq!(f.payload_len(), 32);
        assert_eq!(f.frame_len(), 38);
        assert_eq!(&f.payload()[..4], &[0, 1, 0, 3]);
        assert!(f.rest().is_empty());
        let f = FlapFrame::parse(&SIGNON[..]).unwrap();
        let s = f.signon().unwrap();
        assert_eq!(s.version, 1);
        assert!(s.tlvs.is_empty());
    }

    #[test]
    fn construct() {
        let mut bytes = SIGNON;
        let mut f = FlapFrame::parse(&mut bytes[..]).unwrap();
        f.set_sequence(0x1234);
        f.set_channel(FlapChannel::KeepAlive);
        f.payload_mut()[3] = 2;
        assert_eq!(&bytes[..], &[0x2a, 0x05, 0x12, 0x34, 0, 4, 0, 0, 0, 2]);
    }

    #[test]
    fn parse_and_emit() {
        let f = FlapFrame::parse(&SERVER_READY[..]).unwrap();
        let r = FlapRepr::parse(&f).unwrap();
        assert_eq!(r.buffer_len(), 38);
        let mut out = [0u8; 38];
        assert_eq!(r.emit(&mut out).unwrap(), 38);
        assert_eq!(out, SERVER_READY);
        assert!(r.emit(&mut [0u8; 37]).is_err());
        let s = FlapSignon {
            version: FLAP_VERSION,
            tlvs: TlvChain::EMPTY,
        };
        let mut out = [0u8; 4];
        assert_eq!(s.emit(&mut out).unwrap(), 4);
        assert_eq!(out, SIGNON[6..]);
        let mut old = [0u8; 4];
        assert_eq!(emit_old_signoff(7, &mut old).unwrap(), 4);
        assert_eq!(old, [0x2a, 0x04, 0x00, 0x07]);
    }

    #[test]
    fn rejects() {
        let e = FlapFrame::parse(&[0x2b, 2, 0, 0, 0, 0][..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                0,
                ErrorKind::BadValue {
                    field: Field::Magic,
                    value: 0x2b
                }
            )
        );
        let e = FlapFrame::parse(&SIGNON[..5]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 6,
                available: 5
            }
        );
        let e = FlapFrame::parse(&SERVER_READY[..30]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                6,
                ErrorKind::Truncated {
                    needed: 32,
                    available: 24
                }
            )
        );
        let big = [0u8; MAX_PAYLOAD_LEN + 1];
        let r = FlapRepr {
            channel: FlapChannel::Data,
            sequence: 1,
            payload: &big,
        };
        assert!(matches!(
            r.emit(&mut [0u8; 8]).unwrap_err().kind(),
            ErrorKind::TooLong { .. }
        ));
        assert!(FlapSignon::parse(&[0, 0, 1]).is_err());
    }

    fn events(stream: &[u8], cuts: &[usize], cap: usize) -> Vec<std::string::String> {
        let mut d = Deframer::new(std::vec![0u8; cap]);
        let mut out = Vec::new();
        let mut prev = 0;
        for &c in cuts.iter().chain(core::iter::once(&stream.len())) {
            d.push(&stream[prev..c], |e| {
                out.push(match e {
                    Event::Frame(f) => std::format!("{f} {:02x?}", f.bytes),
                    other => std::format!("{other}"),
                })
            });
            prev = c;
        }
        if let Some(e) = d.finish() {
            out.push(std::format!("{e}"));
        }
        out
    }

    #[test]
    fn deframer_is_chunk_independent() {
        let mut stream = coalesced();
        stream.extend_from_slice(&SERVER_READY);
        stream.extend_from_slice(&SIGNON);
        let whole = events(&stream, &[], MAX_FRAME_LEN);
        assert_eq!(whole.len(), 9);
        assert!(whole[0].starts_with("FLAP @0 SNAC Data seq 5 len 10"));
        assert!(whole[7].starts_with("FLAP @112 SNAC Data seq 6539 len 32"));
        for a in 0..=stream.len() {
            assert_eq!(events(&stream, &[a], MAX_FRAME_LEN), whole, "cut at {a}");
        }
        for a in (0..stream.len()).step_by(7) {
            for b in a..stream.len() {
                assert_eq!(events(&stream, &[a, b], MAX_FRAME_LEN), whole);
            }
        }
    }

    #[test]
    fn deframer_reports_bad_start_too_long_and_eof_cases() {
        // Garbage, a frame too long for a 20-byte buffer, then a good frame, then the old
        // sign-off at the end of the stream.
        let mut stream = std::vec![0x41, 0x42];
        stream.extend_from_slice(&SERVER_READY);
        stream.extend_from_slice(&SIGNON);
        stream.extend_from_slice(&[0x2a, 0x04, 0x00, 0x09]);
        let expect = [
            "FLAP @0: start byte 0x41 is not 0x2a, skipping to the next 0x2a",
            "FLAP @2 SNAC Data seq 6539 len 32: longer than 20 bytes, skipped",
            "FLAP @40 New Connection seq 6538 len 4 [2a, 01, 19, 8a, 00, 04, 00, 00, 00, 01]",
            "FLAP @50 old sign-off seq 9 (no length)",
        ];
        for cut in 0..stream.len() {
            assert_eq!(events(&stream, &[cut], 20), expect, "cut at {cut}");
        }
        // A stream ending inside a payload.
        let got = events(&SERVER_READY[..20], &[], 64);
        assert_eq!(got, ["FLAP @0: stream ends after 20 of 38 bytes"]);
        let mut d = Deframer::new([0u8; 64]);
        d.push(&SERVER_READY[..3], |_| panic!());
        let e = d.finish().unwrap();
        assert_eq!(e.error().unwrap().offset(), 0);
        assert_eq!(
            e,
            Event::Truncated {
                offset: 0,
                len: 3,
                needed: 6
            }
        );
    }
}
